package tlsconf

import (
	"crypto/tls"
	"slices"
	"strings"
)

// maxALPNProtocolLen is the wire limit of one ALPN protocol name (RFC 7301).
const maxALPNProtocolLen = 255

// parseALPN splits alpn_protocols like PHP's php_openssl_alpn_protos_parse:
// every comma-separated name must be 1..255 bytes.
func parseALPN(s string) ([]string, error) {
	parts := strings.Split(s, ",")
	for _, p := range parts {
		if len(p) == 0 || len(p) > maxALPNProtocolLen {
			return nil, optionError("alpn_protocols", "Failed parsing comma-separated TLS ALPN protocol string")
		}
	}
	return parts, nil
}

// alpnFallback makes a server without a protocol in common continue without
// ALPN, as OpenSSL does (SSL_TLSEXT_ERR_NOACK), where crypto/tls would abort
// the handshake with no_application_protocol.
func alpnFallback(cfg *tls.Config) {
	noALPN := cfg.Clone()
	noALPN.NextProtos = nil
	protos := cfg.NextProtos
	cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		for _, p := range protos {
			if slices.Contains(hello.SupportedProtos, p) {
				return nil, nil // keep cfg
			}
		}
		return noALPN, nil
	}
}

// WithVersions returns a copy of a config from Server or Client limited to
// min..max (for tlsv1.x:// transports or an explicit crypto method). Use it
// rather than Clone and setting MinVersion/MaxVersion yourself: a server's
// ALPN fallback config is built in advance and must get the same limits.
func WithVersions(cfg *tls.Config, min, max uint16) *tls.Config {
	c := cfg.Clone()
	c.MinVersion, c.MaxVersion = min, max
	if c.GetConfigForClient != nil && len(c.NextProtos) > 0 {
		c.GetConfigForClient = nil
		alpnFallback(c)
	}
	return c
}
