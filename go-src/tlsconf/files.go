package tlsconf

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
)

// maxPEMFileSize bounds every file read: a PEM chain or CA bundle is a few
// hundred KiB; a path pointing at a log or /dev/zero must not eat memory.
const maxPEMFileSize = 16 << 20

// maxCAPathFiles bounds the files scanned in a capath directory
// (/etc/ssl/certs holds a few hundred).
const maxCAPathFiles = 10_000

// readFile reads a whole file named by an option; noun describes it in
// the error ("certificate file").
func readFile(option, noun, path string) ([]byte, error) {
	f, err := openRegular(option, noun, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPEMFileSize+1))
	if err != nil {
		return nil, fileError(option, noun, path, err)
	}
	if len(data) > maxPEMFileSize {
		return nil, tooLarge(option, noun, path)
	}
	return data, nil
}

// openRegular opens a file for reading and refuses anything but a regular
// file of at most maxPEMFileSize bytes. The open does not wait
// (O_NONBLOCK): opening a named pipe for reading would block until a
// writer came, and a terminal (O_NOCTTY: never taken as the controlling
// one) would wait for typing. The *os.File is blocking and outside Go's
// netpoller, which this package never makes (core makes it while
// descriptors are free: Go aborts the process if it cannot).
func openRegular(option, noun, path string) (*os.File, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, fileError(option, noun, path, err)
	}
	var st syscall.Stat_t
	err = syscall.Fstat(fd, &st)
	switch {
	case err != nil:
		err = fileError(option, noun, path, err)
	case st.Mode&syscall.S_IFMT == syscall.S_IFDIR:
		err = errorf(option, path, "is a directory", ErrBadOption, "unable to read %s %q: is a directory", noun, path)
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG:
		cause := "is " + fileKind(st.Mode) + ", not a regular file"
		err = errorf(option, path, cause, ErrBadOption, "unable to read %s %q: %s", noun, path, cause)
	case st.Size > maxPEMFileSize:
		err = tooLarge(option, noun, path)
	default:
		if e := syscall.SetNonblock(fd, false); e != nil {
			err = fileError(option, noun, path, e)
		}
	}
	if err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

// fileKind names the type of a file that is neither regular nor a
// directory, from its stat mode.
func fileKind(mode uint32) string {
	switch mode & syscall.S_IFMT {
	case syscall.S_IFIFO:
		return "a named pipe"
	case syscall.S_IFSOCK:
		return "a socket"
	case syscall.S_IFCHR:
		return "a character device"
	case syscall.S_IFBLK:
		return "a block device"
	}
	return "a special file"
}

func tooLarge(option, noun, path string) error {
	return errorf(option, path, "file too large", ErrBadOption,
		"%s %q is larger than %d MiB: not a PEM file", noun, path, maxPEMFileSize>>20)
}

// fileError keeps the OS reason ("no such file or directory") without
// repeating the path that *fs.PathError would add.
func fileError(option, noun, path string, err error) error {
	cause := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		cause = pe.Err.Error()
	}
	return errorf(option, path, cause, err, "unable to read %s %q: %s", noun, path, cause)
}

// pemCertificates returns the certificates Go can parse. Unparsable ones
// are skipped, as OpenSSL and x509.CertPool.AppendCertsFromPEM skip them:
// system bundles carry a few old roots Go refuses.
func pemCertificates(data []byte) []*x509.Certificate {
	var out []*x509.Certificate
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return out
		}
		if b.Type != "CERTIFICATE" && b.Type != "X509 CERTIFICATE" {
			continue
		}
		if c, err := x509.ParseCertificate(b.Bytes); err == nil {
			out = append(out, c)
		}
	}
}

// loadCAFile reads the cafile option.
func loadCAFile(path string) ([]*x509.Certificate, error) {
	data, err := readFile("cafile", "CA file", path)
	if err != nil {
		return nil, err
	}
	certs := pemCertificates(data)
	if len(certs) == 0 {
		return nil, errorf("cafile", path, "contains no PEM certificate", ErrNoCertificate,
			"%q contains no PEM certificate", path)
	}
	return certs, nil
}

// loadCAPath reads every regular file of the capath directory (not only
// OpenSSL's hash-named links) and keeps the certificates found.
func loadCAPath(dir string) ([]*x509.Certificate, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fileError("capath", "CA directory", dir, err)
	}
	if len(entries) > maxCAPathFiles {
		return nil, errorf("capath", dir, "too many files", ErrBadOption,
			"CA directory %q holds %d entries, more than %d", dir, len(entries), maxCAPathFiles)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var out []*x509.Certificate
	for _, e := range entries {
		// Follows the hash symlinks; entries that are unreadable, too large
		// or not regular files are skipped, as OpenSSL's lookup would.
		data, err := readFile("capath", "CA file", filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		out = append(out, pemCertificates(data)...)
	}
	if len(out) == 0 {
		return nil, errorf("capath", dir, "contains no PEM certificate", ErrNoCertificate,
			"CA directory %q contains no PEM certificate", dir)
	}
	return out, nil
}

// caPools loads cafile and capath. all holds both (for verification);
// named holds cafile only, which a server advertises to clients as PHP does.
// Both are nil when neither option is set.
func caPools(opts Options) (all, named *x509.CertPool, err error) {
	cafile, err := opts.getPath("cafile")
	if err != nil {
		return nil, nil, err
	}
	capath, err := opts.getPath("capath")
	if err != nil {
		return nil, nil, err
	}
	if cafile == "" && capath == "" {
		return nil, nil, nil
	}
	all = x509.NewCertPool()
	if cafile != "" {
		certs, err := loadCAFile(cafile)
		if err != nil {
			return nil, nil, err
		}
		named = x509.NewCertPool()
		for _, c := range certs {
			all.AddCert(c)
			named.AddCert(c)
		}
	}
	if capath != "" {
		certs, err := loadCAPath(capath)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range certs {
			all.AddCert(c)
		}
	}
	return all, named, nil
}
