// Package phpconv converts the loosely typed values of PHP options, as
// json_encode() hands them over (string, float64, bool, []any,
// map[string]any or nil; Go callers may also pass int, int64 and
// []string), the way PHP itself converts them. The core's socket options
// and tlsconf's ssl options both read through it, so PHP's rules are
// written once.
package phpconv

import (
	"math"
	"strconv"
	"strings"
)

// Bool converts like PHP's zend_is_true: "" and "0" are false, any other
// string (even "false") is true; empty arrays are false.
func Bool(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != "" && x != "0"
	case float64:
		return x != 0 // NaN is true in PHP too
	case float32:
		return x != 0
	case int:
		return x != 0
	case int64:
		return x != 0
	case []any:
		return len(x) > 0
	case []string:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// Int converts like PHP's zval_get_long: floats truncate (out of range
// gives 0), strings use their leading numeric part ("12abc" is 12, "abc" is
// 0, "1e3" is 1000), booleans are 0/1, arrays are 0 or 1.
func Int(v any) int64 {
	switch x := v.(type) {
	case nil:
		return 0
	case bool:
		if x {
			return 1
		}
		return 0
	case int:
		return int64(x)
	case int64:
		return x
	case float32:
		return floatToInt(float64(x))
	case float64:
		return floatToInt(x)
	case string:
		return stringToInt(x)
	case []any:
		if len(x) > 0 {
			return 1
		}
		return 0
	case map[string]any:
		if len(x) > 0 {
			return 1
		}
		return 0
	}
	return 0
}

// int64Limit is 2^63 as a float: PHP's ZEND_DOUBLE_FITS_LONG bound.
const int64Limit = float64(1 << 63)

func floatToInt(f float64) int64 {
	if math.IsNaN(f) || math.IsInf(f, 0) || f >= int64Limit || f < -int64Limit {
		return 0
	}
	return int64(f)
}

// stringToInt reads the leading numeric part, as is_numeric_string with
// errors allowed does: leading whitespace, sign, digits, fraction, exponent.
func stringToInt(s string) int64 {
	s = strings.TrimLeft(s, " \t\n\r\v\f")
	end := 0
	if end < len(s) && (s[end] == '+' || s[end] == '-') {
		end++
	}
	digits := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
		digits++
	}
	isFloat := false
	if end < len(s) && s[end] == '.' {
		j := end + 1
		frac := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
			frac++
		}
		if digits+frac > 0 {
			end, digits, isFloat = j, digits+frac, true
		}
	}
	if digits == 0 {
		return 0
	}
	if end < len(s) && (s[end] == 'e' || s[end] == 'E') {
		j := end + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			end, isFloat = j, true
		}
	}
	if !isFloat {
		if n, err := strconv.ParseInt(s[:end], 10, 64); err == nil {
			return n
		}
		// Integer overflow: PHP reads it as a float, then truncates.
	}
	f, _ := strconv.ParseFloat(s[:end], 64)
	return floatToIntCapped(f)
}

// floatToIntCapped saturates like zend_dval_to_lval_cap (used for numeric
// strings), where floatToInt returns 0 (used for real floats).
func floatToIntCapped(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= int64Limit:
		return math.MaxInt64
	case f < -int64Limit:
		return math.MinInt64
	}
	return int64(f)
}

// phpFloatPrecision is PHP's default "precision" ini, used by (string)$float.
const phpFloatPrecision = 14

// String converts scalars like PHP's string cast; ok is false for arrays
// (PHP would use the literal "Array" after a warning, never what was meant).
func String(v any) (s string, ok bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case bool:
		if x {
			return "1", true
		}
		return "", true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10), true
		}
		return strconv.FormatFloat(x, 'G', phpFloatPrecision, 64), true
	}
	return "", false
}
