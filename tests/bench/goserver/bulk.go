package main

import (
	"hash/crc32"
	"io"
	"log"
	"net"

	"gostream/tests/bench/proto"
)

const bulkBuf = 256 << 10

// serveBulk implements the bulk protocol: discard an upload and reply with
// count and CRC, or stream a download of the pattern.
func serveBulk(c net.Conn) {
	defer c.Close()
	hb := make([]byte, proto.HeaderSize)
	if _, err := io.ReadFull(c, hb); err != nil {
		return
	}
	h, err := proto.DecodeBulkHeader(hb)
	if err != nil {
		log.Print(err)
		return
	}
	if h.Dir == 'U' {
		upload(c, h)
	} else {
		download(c, h)
	}
	io.Copy(io.Discard, c) // wait for the client to close
}

func upload(c net.Conn, h proto.BulkHeader) {
	buf := make([]byte, bulkBuf)
	var got uint64
	var crc uint32
	for got < h.Len {
		want := min(uint64(len(buf)), h.Len-got)
		n, err := c.Read(buf[:want])
		if h.Flags&proto.FlagCRC != 0 {
			crc = crc32.Update(crc, crc32.IEEETable, buf[:n])
		}
		got += uint64(n)
		if err != nil {
			break
		}
	}
	c.Write(proto.EncodeBulkReply(got, crc))
}

func download(c net.Conn, h proto.BulkHeader) {
	// Four periods of the pattern per write keep writes large and aligned.
	block := make([]byte, 0, 4*proto.PatternSize)
	for range 4 {
		block = append(block, proto.Pattern...)
	}
	left := h.Len
	for left > 0 {
		n := min(uint64(len(block)), left)
		if _, err := c.Write(block[:n]); err != nil {
			return
		}
		left -= n
	}
}
