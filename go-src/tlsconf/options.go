package tlsconf

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Options is the PHP context's "ssl" array as decoded from JSON (values are
// string, float64, bool, []any, map[string]any or nil). Go callers may also
// use int, int64 and []string.
type Options map[string]any

// knownOptions lists every ssl context option PHP 8.2 reads, so that
// UnknownOptions can point out typos that PHP would silently ignore.
var knownOptions = map[string]bool{
	"local_cert": true, "local_pk": true, "passphrase": true,
	"verify_peer": true, "verify_peer_name": true, "peer_name": true, "CN_match": true,
	"allow_self_signed": true, "cafile": true, "capath": true, "verify_depth": true,
	"peer_fingerprint": true, "ciphers": true, "crypto_method": true,
	"min_proto_version": true, "max_proto_version": true, "security_level": true,
	"SNI_enabled": true, "SNI_server_name": true, "SNI_server_certs": true,
	"alpn_protocols": true, "capture_peer_cert": true, "capture_peer_cert_chain": true,
	"capture_session_meta": true, "disable_compression": true, "honor_cipher_order": true,
	"single_dh_use": true, "dh_param": true, "ecdh_curve": true, "no_ticket": true,
	"reneg_limit": true, "reneg_window": true, "reneg_limit_callback": true,
	"rsa_key_size": true, "session_meta": true, "peer_certificate": true,
	"peer_certificate_chain": true,
}

// UnknownOptions returns, sorted, the option names PHP does not know. PHP
// ignores them silently; a caller may want to warn.
func UnknownOptions(opts Options) []string {
	var out []string
	for k := range opts {
		if !knownOptions[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// phpBool converts like PHP's zend_is_true: "" and "0" are false, any other
// string (even "false") is true; empty arrays are false.
func phpBool(v any) bool {
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

// phpInt converts like PHP's zval_get_long: floats truncate (out of range
// gives 0), strings use their leading numeric part ("12abc" is 12, "abc" is
// 0, "1e3" is 1000), booleans are 0/1, arrays are 0 or 1.
func phpInt(v any) int64 {
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

// phpString converts scalars like PHP's string cast; arrays are refused
// (PHP would use the literal "Array" after a warning, never what was meant).
func phpString(option string, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case bool:
		if x {
			return "1", nil
		}
		return "", nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10), nil
		}
		return strconv.FormatFloat(x, 'G', phpFloatPrecision, 64), nil
	}
	return "", optionError(option, "%s must be a string", option)
}

// getBool reads a boolean option with PHP conversion, or def when unset.
func (o Options) getBool(name string, def bool) bool {
	v, ok := o[name]
	if !ok {
		return def
	}
	return phpBool(v)
}

// getInt reads an integer option; ok is false when unset.
func (o Options) getInt(name string) (n int64, ok bool) {
	v, ok := o[name]
	if !ok {
		return 0, false
	}
	return phpInt(v), true
}

// getString reads a string option; ok is false when unset or null.
func (o Options) getString(name string) (s string, ok bool, err error) {
	v, present := o[name]
	if !present || v == nil {
		return "", false, nil
	}
	s, err = phpString(name, v)
	return s, err == nil, err
}

// getPath reads a file option: unset gives "", an empty string is an error,
// and a "file://" prefix is dropped as PHP does.
func (o Options) getPath(name string) (string, error) {
	s, ok, err := o.getString(name)
	if err != nil || !ok {
		return "", err
	}
	s = strings.TrimPrefix(s, "file://")
	if s == "" {
		return "", optionError(name, "%s is empty: give a file path", name)
	}
	return s, nil
}

// getPassphrase returns nil when the option is unset, so "no passphrase"
// and "empty passphrase" stay distinct.
func (o Options) getPassphrase(name string) ([]byte, error) {
	s, ok, err := o.getString(name)
	if err != nil || !ok {
		return nil, err
	}
	return []byte(s), nil
}
