package tlsconf

import (
	"crypto/tls"
	"strings"
	"testing"
)

// Every STREAM_CRYPTO_METHOD_* constant of spec §0.
func TestVersionRange(t *testing.T) {
	const (
		v12 = tls.VersionTLS12
		v13 = tls.VersionTLS13
	)
	cases := []struct {
		name     string
		method   int64
		min, max uint16
		err      string
	}{
		{"SSLv2_CLIENT", 3, 0, 0, "allows only SSLv2"},
		{"SSLv2_SERVER", 2, 0, 0, "allows only SSLv2"},
		{"SSLv3_CLIENT", 5, 0, 0, "allows only SSLv3"},
		{"SSLv3_SERVER", 4, 0, 0, "allows only SSLv3"},
		{"SSLv23_CLIENT", 57, v12, v12, ""}, // TLS 1.0..1.2, cut to 1.2
		{"SSLv23_SERVER", 120, v12, v13, ""},
		{"TLS_CLIENT", 121, v12, v13, ""},
		{"TLS_SERVER", 120, v12, v13, ""},
		{"TLSv1_0_CLIENT", 9, 0, 0, "crypto_method 9 allows only TLS 1.0, which gostream refuses"},
		{"TLSv1_0_SERVER", 8, 0, 0, "allows only TLS 1.0"},
		{"TLSv1_1_CLIENT", 17, 0, 0, "allows only TLS 1.1"},
		{"TLSv1_1_SERVER", 16, 0, 0, "allows only TLS 1.1"},
		{"TLSv1_2_CLIENT", 33, v12, v12, ""},
		{"TLSv1_2_SERVER", 32, v12, v12, ""},
		{"TLSv1_3_CLIENT", 65, v13, v13, ""},
		{"TLSv1_3_SERVER", 64, v13, v13, ""},
		{"ANY_CLIENT", 127, v12, v13, ""},
		{"ANY_SERVER", 126, v12, v13, ""},
		{"method 0", 0, v13, v13, ""},
		{"client bit only", 1, v13, v13, ""},
		{"TLSv1_0|TLSv1_1", 8 | 16, 0, 0, "allows only TLS 1.0 to TLS 1.1"},
		{"TLSv1_0|TLSv1_2 contiguous", 8 | 32, v12, v12, ""},
		{"TLSv1_1|TLSv1_3 contiguous", 16 | 64, v12, v13, ""},
		{"SSLv3|TLSv1_3 contiguous", 4 | 64, v12, v13, ""},
		{"high bits ignored", 1<<10 | 32, v12, v12, ""},
	}
	for _, c := range cases {
		min, max, err := VersionRange(c.method)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s (%d): got %v, want error %q", c.name, c.method, err, c.err)
			}
			continue
		}
		if err != nil || min != c.min || max != c.max {
			t.Errorf("%s (%d): got %s..%s %v, want %s..%s", c.name, c.method,
				tls.VersionName(min), tls.VersionName(max), err, tls.VersionName(c.min), tls.VersionName(c.max))
		}
	}
}

func TestVersionsFromOptions(t *testing.T) {
	cases := []struct {
		opts     Options
		min, max uint16
		err      string
	}{
		{Options{}, tls.VersionTLS12, tls.VersionTLS13, ""},
		{Options{"crypto_method": float64(64)}, tls.VersionTLS13, tls.VersionTLS13, ""},
		{Options{"crypto_method": "32"}, tls.VersionTLS12, tls.VersionTLS12, ""},
		{Options{"min_proto_version": float64(64)}, tls.VersionTLS13, tls.VersionTLS13, ""},
		{Options{"max_proto_version": float64(32)}, tls.VersionTLS12, tls.VersionTLS12, ""},
		{Options{"min_proto_version": float64(8)}, tls.VersionTLS12, tls.VersionTLS13, ""},
		{Options{"min_proto_version": float64(0)}, tls.VersionTLS12, tls.VersionTLS13, ""},
		// min/max widen as well as narrow: TLS 1.3 method, min 1.2.
		{Options{"crypto_method": float64(64), "min_proto_version": float64(32)}, tls.VersionTLS12, tls.VersionTLS13, ""},
		{Options{"crypto_method": float64(16), "max_proto_version": float64(64)}, tls.VersionTLS12, tls.VersionTLS13, ""},
		{Options{"max_proto_version": float64(16)}, 0, 0, "allows only TLS 1.0 to TLS 1.1"},
		{Options{"min_proto_version": float64(64), "max_proto_version": float64(32)}, 0, 0, "minimum TLS 1.3 is above maximum TLS 1.2"},
		{Options{"min_proto_version": float64(3)}, 0, 0, "min_proto_version must be a STREAM_CRYPTO_PROTO_* constant"},
		{Options{"max_proto_version": float64(2)}, 0, 0, "max_proto_version must be"},
	}
	for i, c := range cases {
		min, max, err := versionsFromOptions(c.opts, defaultMethod)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%d %v: got %v, want %q", i, c.opts, err, c.err)
			}
			continue
		}
		if err != nil || min != c.min || max != c.max {
			t.Errorf("%d %v: got %x..%x %v", i, c.opts, min, max, err)
		}
	}
}

func TestVersionsWithKnownMethod(t *testing.T) {
	cases := []struct {
		opts     Options
		method   int64
		min, max uint16
		err      string
	}{
		{Options{"crypto_method": float64(64)}, 32, tls.VersionTLS12, tls.VersionTLS12, ""}, // context method ignored
		{Options{"max_proto_version": float64(64)}, 32, tls.VersionTLS12, tls.VersionTLS13, ""},
		{Options{}, 65, tls.VersionTLS13, tls.VersionTLS13, ""},
		{Options{}, 8, 0, 0, "allows only TLS 1.0"},
	}
	for _, c := range cases {
		min, max, err := Versions(c.opts, c.method)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v %d: %v", c.opts, c.method, err)
			}
			continue
		}
		if err != nil || min != c.min || max != c.max {
			t.Errorf("%v %d: %x..%x %v", c.opts, c.method, min, max, err)
		}
	}
}
