package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"time"
)

// probeGostream reports whether the gostream variant can run: the shim
// exists and can open (and close) a listening socket, which loads the
// library. The reason is returned when it cannot.
func probeGostream(repo string) (bool, string) {
	shim := repo + "/php-ext/gostream.php"
	if _, err := os.Stat(shim); err != nil {
		return false, "php-ext/gostream.php absent"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code := `require $argv[1];
$s = GoStream\stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
if ($s === false) { fprintf(STDERR, "stream_socket_server: %s\n", $errstr); exit(1); }
GoStream\fclose($s);
echo "ok";`
	args := append(append([]string{}, phpFlags...), "-r", code, shim)
	out, err := exec.CommandContext(ctx, "php", args...).CombinedOutput()
	if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "ok") {
		return false, "php-ext/gostream.php present but unusable: " + clip(spaces.ReplaceAllString(strings.TrimSpace(string(out)), " "), 300)
	}
	return true, ""
}
