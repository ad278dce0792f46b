// Command loadgen drives the gostream benchmark servers over loopback and
// prints one JSON object (see Result) on stdout.
//
//	loadgen echo          -addr A -conns N -duration D -size B [-pipeline K | -tls -ca F] [-pid P]
//	loadgen bulk          -addr A -bytes N -dir up|down      [-tls -ca F] [-pid P]
//	loadgen accept        -addr A -duration D [-conns N]                  [-pid P]
//	loadgen tls-handshake -addr A -duration D -conns N -ca F              [-pid P]
//	loadgen idle          -addr A -conns N -hold D                        [-pid P]
//
// -pid names the server process: its CPU time (utime+stime from
// /proc/PID/stat), resident memory and descriptor count are sampled at the
// edges of the measurement window; with -pid-group the CPU time is summed
// over every process of its process group (a pre-fork server's workers).
// -count (with -pid) also counts the
// system calls of the server and of the load generator over the window, and
// -count-lib LIB the server's calls of LIB's gs_* functions (counters.go).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen echo|bulk|accept|tls-handshake|idle [flags]")
		os.Exit(2)
	}
	raiseNoFile()
	cmds := map[string]func([]string) *Result{
		"echo":          runEcho,
		"bulk":          runBulk,
		"accept":        runAccept,
		"tls-handshake": runHandshake,
		"idle":          runIdle,
	}
	run, ok := cmds[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "loadgen: unknown subcommand %q\n", os.Args[1])
		os.Exit(2)
	}
	res := run(os.Args[2:])
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// raiseNoFile lifts the soft descriptor limit to the hard limit: 10,000
// connections need about 10,050 descriptors.
func raiseNoFile() {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			fmt.Fprintf(os.Stderr, "loadgen: setrlimit: %v\n", err)
		}
	}
}

// noFileLimit reports the current soft descriptor limit.
func noFileLimit() uint64 {
	var lim syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	return lim.Cur
}
