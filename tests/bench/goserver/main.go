// Command goserver is the pure-Go ceiling for the gostream benchmarks. It
// speaks the same protocols as the PHP scripts in ../php (see package proto):
//
//	goserver -mode echo|once|bulk -addr 127.0.0.1:PORT [-cert C -key K] [-seconds S]
//
// One goroutine per connection. It prints "READY <addr>" once listening and
// exits after -seconds or on SIGTERM.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"time"
)

func main() {
	mode := flag.String("mode", "echo", "protocol: echo, once or bulk")
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback)")
	cert := flag.String("cert", "", "TLS certificate PEM (enables TLS 1.3)")
	key := flag.String("key", "", "TLS private key PEM")
	seconds := flag.Float64("seconds", 600, "exit after this many seconds")
	bufSize := flag.Int("buf", 4096, "per-connection read buffer for echo")
	flag.Parse()

	handler, ok := map[string]func(net.Conn){
		"echo": func(c net.Conn) { serveEcho(c, *bufSize) },
		"once": serveOnce,
		"bulk": serveBulk,
	}[*mode]
	if !ok {
		log.Fatalf("unknown -mode %q", *mode)
	}
	ln, err := listen(*addr, *cert, *key)
	if err != nil {
		log.Fatal(err)
	}
	time.AfterFunc(time.Duration(*seconds*float64(time.Second)), func() { os.Exit(0) })
	fmt.Printf("READY %s\n", ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				continue
			}
			log.Printf("accept: %v", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		go handler(c)
	}
}

// listen opens a TCP listener, wrapped in TLS 1.3 when cert and key are set.
func listen(addr, cert, key string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if cert == "" {
		return ln, nil
	}
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		ln.Close()
		return nil, err
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{pair},
		MinVersion:   tls.VersionTLS13,
	}
	return tls.NewListener(ln, cfg), nil
}
