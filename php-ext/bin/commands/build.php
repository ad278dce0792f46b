<?php

namespace GoStream\Command;

use GoStream\LibraryPath;

return ['build libgostream.so where this package lives (needs Go and a C compiler)', static function (array $args): int {
    $root = LibraryPath::root();
    $fail = static function (string $message): int {
        \fwrite(\STDERR, "gostream build: $message\n");
        return 1;
    };
    if (!\is_file("$root/go.mod") || !\is_file("$root/build.sh")) {
        return $fail("$root has no Go sources (an installed copy: its library comes with it). Build from a checkout or a Composer package");
    }
    $need = \preg_match('/^go\s+(\S+)/m', (string) \file_get_contents("$root/go.mod"), $m) ? $m[1] : '0';
    $get = "https://go.dev/dl/ (Debian's golang-go package may be older)";
    $version = \trim((string) \shell_exec('cd ' . \escapeshellarg(\sys_get_temp_dir()) . ' && GOTOOLCHAIN=local go env GOVERSION 2>/dev/null'));
    if ($version === '') {
        return $fail("Go not found in PATH: the library is built with Go $need or newer; install it from $get");
    }
    $have = \preg_match('/^go(\d+(?:\.\d+)*)/', $version, $v) ? $v[1] : null;
    if ($have !== null && \version_compare($have, $need, '<')) {
        return $fail("Go $have is too old: the library needs Go $need or newer (go.mod); install it from $get");
    }
    $cc = (string) (\getenv('CC') ?: 'gcc');
    if (\trim((string) \shell_exec('command -v ' . \escapeshellarg($cc) . ' 2>/dev/null')) === '') {
        return $fail("no C compiler ($cc) in PATH: cgo needs one to build a shared library (apt-get install gcc)");
    }
    \passthru('bash ' . \escapeshellarg("$root/build.sh") . ' build', $rc);
    if ($rc !== 0) {
        return $fail("the build failed (exit $rc); see above");
    }
    echo "gostream build: built $root/build/libgostream.so with $version; the shim loads it from there (no GOSTREAM_LIB needed)\n";
    return 0;
}];
