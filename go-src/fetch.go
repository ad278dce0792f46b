package core

import "time"

// FetchMax bounds what one stream may fetch in one Select.
const FetchMax = 64 << 10

// fetchable tells whether a ready stream's bytes may be fetched: connected
// byte streams only (a datagram must stay whole for its own read).
func (s *Sock) fetchable() bool {
	return !s.dgram && !s.listener && s.fd.fd >= 0
}

// fetch reads what the socket has now into p, as Read would without
// waiting. It returns the count and whether the stream ended; -1 when
// there was nothing to take (the caller reads as usual). An error is kept
// for that read to report: the kernel reports it only once.
//
// Bytes already in the stream's buffer stay there: they are PHP's buffered
// data, which makes every Select report the stream alone until they are
// read. Fetched, they would count as bytes still in the kernel.
func (s *Sock) fetch(p []byte) (n int, eof bool) {
	if s.unread() > 0 {
		return -1, false
	}
	if s.tls != nil {
		return s.fetchTLS(p)
	}
	n, err := s.readSocket(p, false)
	switch {
	case err == nil:
		return n, n == 0
	case err != ErrWouldBlock:
		s.readErr = err
	}
	return -1, false
}

// fetchTLS is fetch for a TLS stream: the plaintext that can be had now,
// as a non-blocking read takes it (fillTLSNow); what does not fit in p
// stays buffered, behind it. An error is not kept: crypto/tls keeps it,
// and the stream's next read meets it again.
func (s *Sock) fetchTLS(p []byte) (n int, eof bool) {
	err := s.fillTLSNow()
	switch {
	case s.unread() > 0:
		return s.readBuffered(p), false
	case err == nil && s.eof:
		return 0, true
	}
	return -1, false
}

// SelectFetch is Select, then for each reported entry that is readable and
// fetchable, the stream's bytes copied into data (in entry order, at most
// FetchMax each, while data has room). lens[k] is 0 for entry k when
// nothing was fetched, 1 for the end of the stream, 1+n for n bytes.
//
// Why: each crossing from PHP into the library costs about as much as the
// read it carries, so a select that already returns the bytes of the
// streams it reports readable saves one crossing per fread. The bytes
// leave the library; the caller serves reads from them and gives back what
// it does not use (Unread), as PHP's own read buffer holds bytes read
// ahead.
func SelectFetch(hs []int64, want []byte, timeout time.Duration, ready []uint32, data []byte, lens []uint32) (int, error) {
	k, err := Select(hs, want, timeout, ready)
	if err != nil || k == 0 {
		return k, err
	}
	off := 0
	for j := 0; j < k; j++ {
		lens[j] = 0
		e := ready[j]
		if e&EvRead == 0 || off >= len(data) {
			continue
		}
		s, aerr := acquire(hs[readyIndex(e)])
		if aerr != nil {
			continue
		}
		if s.fetchable() {
			n, eof := s.fetch(data[off:min(len(data), off+FetchMax)])
			switch {
			case eof:
				lens[j] = 1
			case n > 0:
				lens[j] = uint32(n) + 1
				off += n
			}
		}
		s.release()
	}
	return k, nil
}

// Unread puts bytes the caller fetched but did not use back in front of
// the stream's buffer, so the next read of any kind returns them first.
func Unread(h int64, p []byte) error {
	s, err := acquire(h)
	if err != nil {
		return err
	}
	defer s.release()
	if len(p) == 0 {
		return nil
	}
	rest := s.rbuf[s.roff:]
	nb := make([]byte, 0, len(p)+len(rest)+readChunk)
	nb = append(append(nb, p...), rest...)
	s.rbuf, s.roff = nb, 0
	s.eof = false
	return nil
}
