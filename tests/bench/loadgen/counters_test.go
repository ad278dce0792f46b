package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestSyscallCounter(t *testing.T) {
	cs, err := syscallCounters(os.Getpid())
	if err != nil {
		t.Skipf("counting unavailable here: %v", err)
	}
	defer cs.close()
	cs.enable()
	for range 1000 {
		syscall.Getppid()
	}
	cs.disable()
	n, err := cs.total()
	if err != nil || n < 1000 || n > 100000 {
		t.Errorf("counted %d system calls for 1000 getppid calls (err %v)", n, err)
	}
}

// A process whose main thread carries the uprobes must still be able to
// create threads: with inherit set, the kernel re-read the probe's path at
// clone time from the cloning process's memory and failed the clone.
func TestUprobeCounterLetsTheProcessClone(t *testing.T) {
	lib, _ := filepath.Abs("../../../build/libgostream.so")
	if _, err := os.Stat(lib); err != nil {
		t.Skip("build/libgostream.so not built")
	}
	php, err := exec.LookPath("php")
	if err != nil {
		t.Skip("no php")
	}
	// PHP loads the library (an ssl:// listener), waits for a line on
	// stdin, then moves TLS data through it: the Go runtime starts threads
	// meanwhile (the bench's TLS bulk-down server died of it).
	dir := t.TempDir()
	key, crt := dir+"/key.pem", dir+"/cert.pem"
	if out, err := exec.Command("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
		"-keyout", key, "-out", crt, "-days", "2", "-subj", "/CN=127.0.0.1").CombinedOutput(); err != nil {
		t.Skipf("openssl: %v %s", err, out)
	}
	code := `require $argv[1];
$ctx = stream_context_create(['ssl' => ['local_cert' => $argv[2], 'local_pk' => $argv[3], 'verify_peer' => false]]);
$x = GoStream\stream_socket_server("ssl://127.0.0.1:0", $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
echo "loaded\n";
fgets(STDIN);
$threads = count(scandir("/proc/self/task"));
$cctx = stream_context_create(['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]]);
for ($i = 0; $i < 16; $i++) {
    $c = GoStream\stream_socket_client("ssl://" . GoStream\stream_socket_get_name($x, false), $en, $es, 5,
        STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT, $cctx);
    GoStream\stream_set_blocking($c, false);
    $a = GoStream\stream_socket_accept($x, 5);
    GoStream\stream_set_blocking($a, false);
    $data = str_repeat("x", 65536);
    for ($got = $sent = 0; $got < 8 << 20;) {
        if ($sent < 8 << 20) { $sent += (int)GoStream\fwrite($a, $data); }
        $got += strlen((string)GoStream\fread($c, 65536));
    }
    GoStream\fclose($c); GoStream\fclose($a);
}
printf("done %d\n", count(scandir("/proc/self/task")) - $threads);`
	cmd := exec.Command(php, "-d", "ffi.enable=1", "-r", code, filepath.Join(filepath.Dir(lib), "../php-ext/gostream.php"), crt, key)
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	buf := make([]byte, 7)
	if _, err := out.Read(buf); err != nil || string(buf) != "loaded\n" {
		t.Fatalf("php did not load the library: %q %v; %s", buf, err, stderr.String())
	}
	cs, n, err := uprobeCounters(cmd.Process.Pid, lib, "gs_", "gsgo_")
	if err != nil {
		t.Skipf("uprobes unavailable here: %v", err)
	}
	defer cs.close()
	cs.enable()
	stdin.Write([]byte("go\n"))
	rest := make([]byte, 64)
	k, _ := out.Read(rest)
	werr := cmd.Wait()
	calls, _ := cs.total()
	var newThreads int
	if _, err := fmt.Sscanf(string(rest[:k]), "done %d", &newThreads); err != nil || werr != nil {
		t.Fatalf("php failed with uprobes attached (%v): %q %s", werr, rest[:k], stderr.String())
	}
	if newThreads <= 0 {
		t.Skip("the Go runtime started no thread this time: inconclusive")
	}
	if calls < 50*8 {
		t.Errorf("%d calls counted on %d probed functions, want at least 400", calls, n)
	}
}

// Each gs_ export is probed at its Go implementation's entry (gsgo_), which
// the kernel can emulate, and at the export itself where there is none.
func TestProbeOffsetsPreferTheGoEntry(t *testing.T) {
	lib := "../../../build/libgostream.so"
	if _, err := os.Stat(lib); err != nil {
		t.Skip("build/libgostream.so not built")
	}
	goSide, err := probeOffsets(lib, "gs_", "gsgo_")
	if err != nil {
		t.Fatal(err)
	}
	wrappers, err := probeOffsets(lib, "gs_", "no_such_prefix_")
	if err != nil {
		t.Fatal(err)
	}
	if len(goSide) != len(wrappers) || len(goSide) < 20 {
		t.Fatalf("%d Go entries, %d exports", len(goSide), len(wrappers))
	}
	moved := 0
	for i := range goSide {
		if goSide[i] != wrappers[i] {
			moved++
		}
	}
	if moved < len(goSide)/2 {
		t.Errorf("only %d of %d probes moved to a gsgo_ entry", moved, len(goSide))
	}
}
