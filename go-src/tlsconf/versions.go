package tlsconf

import (
	"crypto/tls"
	"fmt"
	"math/bits"
)

// PHP STREAM_CRYPTO_METHOD_* bits: bit 0 marks a client, bits 1..6 are
// SSLv2, SSLv3, TLS 1.0, 1.1, 1.2, 1.3. STREAM_CRYPTO_PROTO_* values (for
// min/max_proto_version) are the same single bits.
const (
	methodClient = 1 << 0
	methodSSLv2  = 1 << 1
	methodSSLv3  = 1 << 2
	methodTLS10  = 1 << 3
	methodTLS11  = 1 << 4
	methodTLS12  = 1 << 5
	methodTLS13  = 1 << 6

	methodVersionBits = methodSSLv2 | methodSSLv3 | methodTLS10 | methodTLS11 | methodTLS12 | methodTLS13
)

// versionSSL20 has no crypto/tls constant: Go never spoke SSLv2.
const versionSSL20 = 0x0200

// Versions gostream accepts. Anything older is refused outright, like
// OpenSSL 3 at its default security level does in practice (spec §12.16).
const (
	minAllowedVersion = tls.VersionTLS12
	maxAllowedVersion = tls.VersionTLS13
)

// bitVersion maps one method/proto bit to a protocol version.
var bitVersion = map[int64]uint16{
	methodSSLv2: versionSSL20,
	methodSSLv3: tls.VersionSSL30,
	methodTLS10: tls.VersionTLS10,
	methodTLS11: tls.VersionTLS11,
	methodTLS12: tls.VersionTLS12,
	methodTLS13: tls.VersionTLS13,
}

func versionName(v uint16) string {
	if v == versionSSL20 {
		return "SSLv2"
	}
	return tls.VersionName(v)
}

// rawMethodRange is PHP's mapping before gostream's policy: the lowest and
// highest version bit make a contiguous range (OpenSSL >= 1.1 has no holes);
// no version bit at all means TLS 1.3 only, as for method 0.
func rawMethodRange(method int64) (lo, hi uint16) {
	v := uint64(method & methodVersionBits)
	if v == 0 {
		return tls.VersionTLS13, tls.VersionTLS13
	}
	return bitVersion[int64(1)<<bits.TrailingZeros64(v)], bitVersion[int64(1)<<(63-bits.LeadingZeros64(v))]
}

// VersionRange maps a PHP STREAM_CRYPTO_METHOD_* bitmask to Go versions.
// The client bit (0) and unknown high bits are ignored; the range is
// contiguous from the lowest to the highest version bit; method 0 means
// TLS 1.3 only. Versions below TLS 1.2 are cut off; a mask that allows only
// such versions is an error.
func VersionRange(method int64) (min, max uint16, err error) {
	lo, hi := rawMethodRange(method)
	return clampRange(lo, hi, fmt.Sprintf("crypto_method %d", method))
}

// clampRange applies gostream's version policy; what names the source of
// the range in errors.
func clampRange(lo, hi uint16, what string) (uint16, uint16, error) {
	if lo > hi {
		return 0, 0, optionError("crypto_method", "%s: empty TLS version range (minimum %s is above maximum %s)",
			what, versionName(lo), versionName(hi))
	}
	if hi < minAllowedVersion {
		span := versionName(lo)
		if hi != lo {
			span += " to " + versionName(hi)
		}
		return 0, 0, optionError("crypto_method", "%s allows only %s, which gostream refuses: TLS 1.2 is the minimum",
			what, span)
	}
	return max(lo, minAllowedVersion), min(hi, maxAllowedVersion), nil
}

// protoVersion reads min_proto_version or max_proto_version: a single
// STREAM_CRYPTO_PROTO_* bit. 0 means unset, as in PHP.
func protoVersion(opts Options, name string) (uint16, bool, error) {
	n, ok := opts.getInt(name)
	if !ok || n == 0 {
		return 0, false, nil
	}
	v, known := bitVersion[n]
	if !known || n == methodSSLv2 {
		return 0, false, optionError(name, "%s must be a STREAM_CRYPTO_PROTO_* constant (8 TLS 1.0, 16 TLS 1.1, 32 TLS 1.2, 64 TLS 1.3), got %d", name, n)
	}
	return v, true, nil
}

// versionsFromOptions is the range for a stream: crypto_method if set,
// else def, then min/max_proto_version replace either end (they may widen
// as well as narrow it), then the policy applies.
func versionsFromOptions(opts Options, def int64) (uint16, uint16, error) {
	method, ok := opts.getInt("crypto_method")
	what := fmt.Sprintf("crypto_method %d", method)
	if !ok {
		method, what = def, "the default method"
	}
	lo, hi := rawMethodRange(method)
	pmin, hasMin, err := protoVersion(opts, "min_proto_version")
	if err != nil {
		return 0, 0, err
	}
	pmax, hasMax, err := protoVersion(opts, "max_proto_version")
	if err != nil {
		return 0, 0, err
	}
	if hasMin {
		lo, what = pmin, what+" with min_proto_version"
	}
	if hasMax {
		hi, what = pmax, what+" with max_proto_version"
	}
	return clampRange(lo, hi, what)
}

// Versions is the range for a stream whose crypto method is known (a
// tlsv1.x:// transport, or the $crypto_method argument of
// stream_socket_enable_crypto): the context's crypto_method is not read,
// but min_proto_version and max_proto_version still replace either end,
// as in PHP. The policy of VersionRange applies.
func Versions(opts Options, method int64) (min, max uint16, err error) {
	o := make(Options, len(opts))
	for k, v := range opts {
		o[k] = v
	}
	o["crypto_method"] = method
	return versionsFromOptions(o, method)
}
