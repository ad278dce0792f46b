<?php
/*
 * Runs one PHP program of tests/prefork (argv[1]: server, pending or
 * forked_after_go, from <name>.inc) the way PREFORK_MODE says:
 *   native  PHP's own functions (the reference)
 *   shim    php-ext/gostream.php required, the program's unqualified calls
 *           resolved to the GoStream\ functions (as `use function` does)
 *   whole   started by php-ext/bin/gostream-php: nothing required here, the
 *           program's global calls run PHP's swapped function table
 * The .inc files are written in the global namespace, so native and whole
 * run them as they are; the shim runs the same text inside
 * `namespace GoStream;` (unqualified function calls fall back to the global
 * ones only where gostream has none), which is why class names in them are
 * written fully qualified.
 */
$name = $argv[1] ?? '';
$file = __DIR__ . '/' . basename($name) . '.inc';
if ($name === '' || !is_file($file)) {
    fwrite(STDERR, "usage: start.php server|pending|forked_after_go [args]\n");
    exit(2);
}
switch (getenv('PREFORK_MODE') ?: 'native') {
    case 'native':
        break;
    case 'shim':
        require dirname(__DIR__, 2) . '/php-ext/gostream.php';
        eval('namespace GoStream; ?>' . file_get_contents($file));
        exit(0);
    case 'whole':
        if (!class_exists('GoStream\WholeProcess', false) || \GoStream\WholeProcess::replaced() === []) {
            fwrite(STDERR, "whole mode: start through php-ext/bin/gostream-php\n");
            exit(2);
        }
        break;
    default:
        fwrite(STDERR, "PREFORK_MODE must be native, shim or whole\n");
        exit(2);
}
require $file;
exit(0);
