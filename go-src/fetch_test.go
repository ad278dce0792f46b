package core

import (
	"testing"
	"time"
)

// SelectFetch hands out what a ready stream holds, marks the end of a
// stream, leaves listeners alone, and Unread puts bytes back in order.
func TestSelectFetch(t *testing.T) {
	c := qaTCP(t)
	qaWrite(t, c.cli, "hello")
	hs, want := []int64{c.srv, c.ln}, []byte{EvRead, EvRead}
	ready, lens, data := make([]uint32, 2), make([]uint32, 2), make([]byte, 1024)
	deadline := time.Now().Add(2 * time.Second)
	k := 0
	for k == 0 && time.Now().Before(deadline) {
		var err error
		if k, err = SelectFetch(hs, want, time.Second, ready, data, lens); err != nil {
			t.Fatal(err)
		}
	}
	if k != 1 || ready[0] != EvRead || lens[0] != 1+5 || string(data[:5]) != "hello" {
		t.Fatalf("k=%d ready=%v lens=%v data=%q", k, ready[:k], lens[:k], data[:5])
	}
	// Give back "llo": the next read starts with it.
	if err := Unread(c.srv, data[2:5]); err != nil {
		t.Fatal(err)
	}
	qaWrite(t, c.cli, "!")
	time.Sleep(20 * time.Millisecond)
	buf := make([]byte, 16)
	n, _ := Read(c.srv, buf)
	if got := string(buf[:n]); got != "llo" && got != "llo!" {
		t.Fatalf("after Unread: %q", got)
	}
	// End of stream is reported as lens 1.
	Close(c.cli)
	SetBlocking(c.srv, false)
	for i := 0; i < 3; i++ {
		k, _ = SelectFetch(hs[:1], want[:1], time.Second, ready, data, lens)
		if k == 1 && lens[0] == 1 {
			return
		}
	}
	t.Fatalf("no end of stream: k=%d lens=%v", k, lens[:1])
}
