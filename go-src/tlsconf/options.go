package tlsconf

import (
	"sort"
	"strings"

	"gostream/go-src/internal/phpconv"
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

// phpString converts scalars like PHP's string cast; arrays are refused
// (PHP would use the literal "Array" after a warning, never what was meant).
func phpString(option string, v any) (string, error) {
	if s, ok := phpconv.String(v); ok {
		return s, nil
	}
	return "", optionError(option, "%s must be a string", option)
}

// getBool reads a boolean option with PHP conversion, or def when unset.
func (o Options) getBool(name string, def bool) bool {
	v, ok := o[name]
	if !ok {
		return def
	}
	return phpconv.Bool(v)
}

// getInt reads an integer option; ok is false when unset.
func (o Options) getInt(name string) (n int64, ok bool) {
	v, ok := o[name]
	if !ok {
		return 0, false
	}
	return phpconv.Int(v), true
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
