<?php
/*
 * Whole-process mode: PHP's own socket and stream functions become
 * gostream's for the whole program, without touching its files. Load it as
 * auto_prepend_file (php-ext/bin/gostream-php does; or see README.md for the
 * php.ini lines). It refuses to start, with the reason, where it cannot work.
 *
 * A prepend file the program had is named by gostream.chain_prepend_file
 * (php.ini or -d): it runs after the swap.
 */

require __DIR__ . '/gostream.php';
require_once __DIR__ . '/src/WholeProcess.php';

try {
    GoStream\WholeProcess::start();
} catch (GoStream\LibraryException $e) {
    \fwrite(\STDERR, $e->getMessage() . "\n");
    exit(1);
}

if (($chained = (string) \get_cfg_var('gostream.chain_prepend_file')) !== '') {
    require $chained;
}
