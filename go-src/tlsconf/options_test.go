package tlsconf

import (
	"math"
	"slices"
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
		if got := phpBool(c.v); got != c.want {
			t.Errorf("phpBool(%#v) = %v", c.v, got)
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
		if got := phpInt(c.v); got != c.want {
			t.Errorf("phpInt(%#v) = %d, want %d", c.v, got, c.want)
		}
	}
	strs := []struct {
		v    any
		want string
	}{
		{"a", "a"}, {true, "1"}, {false, ""}, {float64(3), "3"}, {float64(1.5), "1.5"}, {0.1 + 0.2, "0.3"}, {nil, ""},
	}
	for _, c := range strs {
		if got, err := phpString("x", c.v); err != nil || got != c.want {
			t.Errorf("phpString(%#v) = %q %v", c.v, got, err)
		}
	}
	if _, err := phpString("local_cert", []any{"a"}); err == nil || err.Error() != "local_cert must be a string" {
		t.Errorf("array to string: %v", err)
	}
}

func TestOptionsAccessors(t *testing.T) {
	o := Options{"verify_peer": "0", "peer_name": float64(7), "passphrase": "", "local_cert": "file:///a.pem", "cafile": ""}
	if o.getBool("verify_peer", true) || !o.getBool("absent", true) {
		t.Error("getBool")
	}
	if s, ok, _ := o.getString("peer_name"); !ok || s != "7" {
		t.Errorf("getString %q", s)
	}
	if p, _ := o.getPassphrase("passphrase"); p == nil || len(p) != 0 {
		t.Error("an empty passphrase must differ from none")
	}
	if p, _ := o.getPassphrase("absent"); p != nil {
		t.Error("absent passphrase must be nil")
	}
	if p, _ := o.getPath("local_cert"); p != "/a.pem" {
		t.Errorf("file:// not stripped: %q", p)
	}
	if _, err := o.getPath("cafile"); err == nil {
		t.Error("empty path accepted")
	}
}

func TestUnknownOptions(t *testing.T) {
	got := UnknownOptions(Options{"verify_peer": true, "verfy_peer": true, "local_cert": "x", "Ciphers": "x"})
	if !slices.Equal(got, []string{"Ciphers", "verfy_peer"}) {
		t.Errorf("got %v", got)
	}
}
