package tlsconf

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"
)

func TestVerifyPeerNameWarnings(t *testing.T) {
	cn := func(v string) pkix.AttributeTypeAndValue {
		return pkix.AttributeTypeAndValue{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: v}
	}
	org := pkix.AttributeTypeAndValue{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: "No CN Org"}
	for _, c := range []struct {
		name    string
		subject []pkix.AttributeTypeAndValue
		dns     []string
		want    string // "" = verifies
	}{
		{"no CN", []pkix.AttributeTypeAndValue{org}, nil, "Unable to locate peer certificate CN"},
		{"no CN, SAN elsewhere", []pkix.AttributeTypeAndValue{org}, []string{"other.example"}, "Unable to locate peer certificate CN"},
		{"no CN, SAN matches", []pkix.AttributeTypeAndValue{org}, []string{"localhost"}, ""},
		{"empty CN", []pkix.AttributeTypeAndValue{cn("")}, nil, "Peer certificate CN=`' did not match expected CN=`localhost'"},
		{"CN mismatch", []pkix.AttributeTypeAndValue{cn("other.example")}, nil, "Peer certificate CN=`other.example' did not match expected CN=`localhost'"},
		{"CN matches", []pkix.AttributeTypeAndValue{cn("localhost")}, nil, ""},
		// OpenSSL reads the first CN; Go's Subject.CommonName is the last.
		{"first CN matches", []pkix.AttributeTypeAndValue{cn("localhost"), cn("other.example")}, nil, ""},
		{"second CN ignored", []pkix.AttributeTypeAndValue{cn("other.example"), cn("localhost")}, nil, "Peer certificate CN=`other.example' did not match expected CN=`localhost'"},
		{"CN with a NUL", []pkix.AttributeTypeAndValue{cn("localhost\x00.evil")}, nil, "Peer certificate CN=`localhost' is malformed"},
	} {
		p := &peerPolicy{verifyName: true, name: "localhost"}
		leaf := makeCert(t, ecKey(t), certSpec{names: c.subject, dns: c.dns})
		err := p.verify(tls.ConnectionState{PeerCertificates: []*x509.Certificate{leaf}})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s: verify = %q, want %q", c.name, got, c.want)
		}
	}
}
