// Package proto defines the wire protocols shared by the benchmark load
// generator, the pure-Go server and (by convention) the PHP server scripts.
//
//   - Echo: the client writes N bytes and the server writes the same bytes
//     back; repeated until the client closes.
//   - Once: the client writes OnceSize bytes, the server writes them back and
//     closes first (accept-rate and TLS-handshake workloads).
//   - Bulk: the client writes a 16-byte header: "BULK", direction 'U' or 'D',
//     a flags byte, 2 zero bytes, uint64 big-endian length N. For 'U'
//     (client to server) the client then streams N bytes of Pattern and the
//     server replies with 16 bytes: uint64 count, uint32 CRC-32 (IEEE) of the
//     data (0 unless FlagCRC was set), 4 zero bytes. For 'D' (server to
//     client) the server streams N bytes of Pattern. The client closes the
//     connection when done.
package proto

import (
	"encoding/binary"
	"errors"
)

const (
	// OnceSize is the request/response size of the one-shot protocol.
	OnceSize = 64
	// HeaderSize is the size of the bulk request header and of the bulk reply.
	HeaderSize = 16
	// PatternSize is the period of the bulk data pattern.
	PatternSize = 65536
	// FlagCRC asks the server to checksum uploaded data.
	FlagCRC = 1
)

// Pattern is the bulk payload: byte k of a bulk stream is Pattern[k%PatternSize].
var Pattern = makePattern()

func makePattern() []byte {
	p := make([]byte, PatternSize)
	for i := range p {
		p[i] = byte(i*31 + (i>>8)*7 + 11)
	}
	return p
}

// BulkHeader is the decoded bulk request header.
type BulkHeader struct {
	Dir   byte // 'U' or 'D'
	Flags byte
	Len   uint64
}

// Encode returns the 16-byte wire form of h.
func (h BulkHeader) Encode() []byte {
	b := make([]byte, HeaderSize)
	copy(b, "BULK")
	b[4] = h.Dir
	b[5] = h.Flags
	binary.BigEndian.PutUint64(b[8:], h.Len)
	return b
}

// DecodeBulkHeader parses a 16-byte bulk header.
func DecodeBulkHeader(b []byte) (BulkHeader, error) {
	if len(b) != HeaderSize || string(b[:4]) != "BULK" || (b[4] != 'U' && b[4] != 'D') {
		return BulkHeader{}, errors.New("bad bulk header")
	}
	return BulkHeader{Dir: b[4], Flags: b[5], Len: binary.BigEndian.Uint64(b[8:])}, nil
}

// EncodeBulkReply returns the 16-byte reply to an upload.
func EncodeBulkReply(count uint64, crc uint32) []byte {
	b := make([]byte, HeaderSize)
	binary.BigEndian.PutUint64(b, count)
	binary.BigEndian.PutUint32(b[8:], crc)
	return b
}

// DecodeBulkReply parses the reply to an upload.
func DecodeBulkReply(b []byte) (count uint64, crc uint32) {
	return binary.BigEndian.Uint64(b), binary.BigEndian.Uint32(b[8:])
}
