package tlsconf

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// qaWithin runs f and fails the test if it has not returned after 5 s
// (opening a named pipe for reading waits for a writer, forever).
func qaWithin(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: still blocked after 5 s", what)
		return nil
	}
}

// Issue 8 item 7: a named pipe or a device named by a file option is
// refused at once; it blocked server creation forever (a pipe) or was read
// to its size limit (/dev/zero).
func TestNonRegularFilesRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	err := qaWithin(t, "local_cert", func() error { _, err := LoadKeyPair(fifo, "", nil); return err })
	wantErr(t, err, ErrBadOption, `unable to read certificate file "`+fifo+`": is a named pipe, not a regular file`)
	err = qaWithin(t, "cafile", func() error { _, err := loadCAFile(fifo); return err })
	wantErr(t, err, ErrBadOption, `unable to read CA file "`+fifo+`": is a named pipe, not a regular file`)
	err = qaWithin(t, "capath", func() error { _, err := loadCAPath(fifo); return err })
	wantErr(t, err, nil, `unable to read CA directory "`+fifo+`": not a directory`)
	_, err = LoadKeyPair("/dev/zero", "", nil)
	wantErr(t, err, ErrBadOption, `unable to read certificate file "/dev/zero": is a character device, not a regular file`)

	// In a capath directory such entries are skipped, as unreadable ones are.
	ca := makeCert(t, ecKey(t), certSpec{cn: "ca", isCA: true})
	writeFile(t, dir, "abcd1234.0", certPEM(ca))
	var certs int
	err = qaWithin(t, "capath with a pipe", func() error {
		c, err := loadCAPath(dir)
		certs = len(c)
		return err
	})
	if err != nil || certs != 1 {
		t.Fatalf("capath with a pipe and a certificate: %d certificates, %v", certs, err)
	}
}
