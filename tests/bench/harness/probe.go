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

// probeWhole reports whether whole-process mode can run the native
// scripts: the launcher starts PHP with PHP's functions replaced, and a
// listener opened with PHP's own name is gostream's.
func probeWhole(repo, work string) (bool, string) {
	launcher := repo + "/php-ext/bin/gostream-php"
	if _, err := os.Stat(launcher); err != nil {
		return false, "php-ext/bin/gostream-php absent"
	}
	script := work + "/probe-whole.php"
	code := `<?php
$s = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
if ($s === false) { fprintf(STDERR, "stream_socket_server: %s\n", $errstr); exit(1); }
if (!isset(GoStream\Stream::$open[(int) $s])) { fprintf(STDERR, "stream_socket_server() is PHP's own\n"); exit(1); }
fclose($s);
echo "ok";
`
	if err := os.WriteFile(script, []byte(code), 0o644); err != nil {
		return false, err.Error()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, launcher, append(append([]string{}, phpFlags...), script)...).CombinedOutput()
	if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "ok") {
		return false, "php-ext/bin/gostream-php present but unusable: " + clip(spaces.ReplaceAllString(strings.TrimSpace(string(out)), " "), 300)
	}
	return true, ""
}
