package tlsconf

import (
	"slices"
	"testing"
)

// phpString is phpconv.String with tlsconf's error for an array.
func TestPHPStringRefusesArrays(t *testing.T) {
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
