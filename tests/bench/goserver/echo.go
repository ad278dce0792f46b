package main

import (
	"io"
	"net"

	"gostream/tests/bench/proto"
)

// serveEcho writes back everything it reads until the peer closes.
func serveEcho(c net.Conn, bufSize int) {
	defer c.Close()
	buf := make([]byte, bufSize)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			if _, werr := c.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// serveOnce answers a single OnceSize request and closes first.
func serveOnce(c net.Conn) {
	defer c.Close()
	buf := make([]byte, proto.OnceSize)
	if _, err := io.ReadFull(c, buf); err != nil {
		return
	}
	c.Write(buf)
}
