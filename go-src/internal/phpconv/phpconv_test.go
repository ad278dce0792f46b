package phpconv

import (
	"math"
	"testing"
)

func TestPHPConversions(t *testing.T) {
	bools := []struct {
		v    any
		want bool
	}{
		{true, true}, {false, false}, {nil, false}, {"1", true}, {"0", false}, {"", false},
		{"false", true}, {"0.0", true}, {" ", true}, {float64(1), true}, {float64(0), false},
		{math.NaN(), true}, {[]any{}, false}, {[]any{1}, true}, {map[string]any{}, false}, {1, true}, {0, false},
	}
	for _, c := range bools {
		if got := Bool(c.v); got != c.want {
			t.Errorf("Bool(%#v) = %v", c.v, got)
		}
	}
	ints := []struct {
		v    any
		want int64
	}{
		{float64(32), 32}, {float64(2.9), 2}, {float64(-2.9), -2}, {"64", 64}, {" 64", 64}, {"64 ", 64},
		{"12abc", 12}, {"abc", 0}, {"1e3", 1000}, {"1.5e1", 15}, {"0x1A", 0}, {"-7", -7}, {"+7", 7},
		{".5", 0}, {"5.", 5}, {true, 1}, {false, 0}, {nil, 0}, {math.Inf(1), 0}, {float64(1e19), 0},
		{"99999999999999999999", math.MaxInt64}, {[]any{1}, 1}, {int64(9), 9},
	}
	for _, c := range ints {
		if got := Int(c.v); got != c.want {
			t.Errorf("Int(%#v) = %d, want %d", c.v, got, c.want)
		}
	}
	strs := []struct {
		v    any
		want string
	}{
		{"a", "a"}, {true, "1"}, {false, ""}, {float64(3), "3"}, {float64(1.5), "1.5"}, {0.1 + 0.2, "0.3"}, {nil, ""},
	}
	for _, c := range strs {
		if got, ok := String(c.v); !ok || got != c.want {
			t.Errorf("String(%#v) = %q %v", c.v, got, ok)
		}
	}
	if _, ok := String([]any{"a"}); ok {
		t.Error("an array converted to a string")
	}
}
