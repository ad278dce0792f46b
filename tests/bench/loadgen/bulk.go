package main

import (
	"bytes"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"time"

	"gostream/tests/bench/proto"
)

const bulkChunk = 256 << 10

// runBulk moves -bytes over one connection in direction -dir and checks the
// byte count and contents (CRC-32 for uploads, pattern compare for downloads).
func runBulk(args []string) *Result {
	var cf connFlags
	fs := flag.NewFlagSet("bulk", flag.ExitOnError)
	cf.register(fs)
	total := fs.Int64("bytes", 1<<30, "bytes to transfer")
	dir := fs.String("dir", "up", "up (client->server) or down (server->client)")
	limit := fs.Duration("timeout", 120*time.Second, "time limit for the transfer")
	cf.parse(fs, args)
	if *dir != "up" && *dir != "down" {
		fatalf("-dir must be up or down")
	}

	res := &Result{Workload: "bulk-" + *dir, Addr: cf.addr, TLS: cf.useTLS, Conns: 1}
	c, err := cf.dial(10 * time.Second)
	if err != nil {
		res.addErr(err)
		res.finish(nil)
		return res
	}
	defer c.Close()
	res.ConnsOpen = 1
	c = &stallConn{Conn: c, end: time.Now().Add(*limit)}

	// block holds five pattern periods so that any offset plus one chunk
	// can be sliced without wrapping.
	block := bytes.Repeat(proto.Pattern, 5)
	win := cf.beginWindow(res)
	defer win.close()
	var moved int64
	if *dir == "up" {
		moved, err = upload(c, uint64(*total), block)
	} else {
		moved, err = download(c, uint64(*total), block)
	}
	win.end(res)
	res.Bytes = moved
	if err != nil {
		res.addErr(err)
	} else {
		res.Ops, res.ConnsOK, res.Verified = 1, 1, true
	}
	res.finish(nil)
	return res
}

func upload(c net.Conn, n uint64, block []byte) (int64, error) {
	if _, err := c.Write(proto.BulkHeader{Dir: 'U', Flags: proto.FlagCRC, Len: n}.Encode()); err != nil {
		return 0, err
	}
	var sent uint64
	var crc uint32
	chunk := block[:bulkChunk] // a multiple of the pattern period
	for sent < n {
		b := chunk[:min(uint64(len(chunk)), n-sent)]
		w, err := c.Write(b)
		crc = crc32.Update(crc, crc32.IEEETable, b[:w])
		sent += uint64(w)
		if err != nil {
			return int64(sent), err
		}
	}
	reply := make([]byte, proto.HeaderSize)
	if _, err := io.ReadFull(c, reply); err != nil {
		return int64(sent), fmt.Errorf("reading upload reply: %w", err)
	}
	count, scrc := proto.DecodeBulkReply(reply)
	if count != n || scrc != crc {
		return int64(sent), fmt.Errorf("upload mismatch: server counted %d (crc %08x), sent %d (crc %08x)", count, scrc, n, crc)
	}
	return int64(sent), nil
}

func download(c net.Conn, n uint64, block []byte) (int64, error) {
	if _, err := c.Write(proto.BulkHeader{Dir: 'D', Len: n}.Encode()); err != nil {
		return 0, err
	}
	buf := make([]byte, bulkChunk)
	var got uint64
	for got < n {
		r, err := c.Read(buf[:min(uint64(len(buf)), n-got)])
		off := got % proto.PatternSize
		if !bytes.Equal(buf[:r], block[off:off+uint64(r)]) {
			return int64(got), fmt.Errorf("download content mismatch near offset %d", got)
		}
		got += uint64(r)
		if err != nil {
			if err == io.EOF && got == n {
				break
			}
			return int64(got), fmt.Errorf("download after %d of %d bytes: %w", got, n, err)
		}
	}
	return int64(got), nil
}

// stallConn fails an I/O call after stallLimit without progress, or at end,
// whichever is earlier, so a stuck server is detected in seconds.
type stallConn struct {
	net.Conn
	end time.Time
}

const stallLimit = 10 * time.Second

func (s *stallConn) arm() { s.Conn.SetDeadline(minTime(s.end, time.Now().Add(stallLimit))) }

func (s *stallConn) Read(b []byte) (int, error)  { s.arm(); return s.Conn.Read(b) }
func (s *stallConn) Write(b []byte) (int, error) { s.arm(); return s.Conn.Write(b) }
