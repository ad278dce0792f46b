<?php
/*
 * Whole-process mode: PHP's own socket and stream functions become
 * gostream's for the whole program, without touching its files. Load it as
 * auto_prepend_file (php-ext/bin/gostream-php does; or see README.md for the
 * php.ini lines). It refuses to start, with the reason, where it cannot work.
 *
 * A prepend file the program had is named by gostream.chain_prepend_file
 * (php.ini or -d): it runs after the swap, in the global scope as before.
 * This file leaves no variable in the program's global scope.
 */

(static function (): void {
    require __DIR__ . '/gostream.php';
    // A second copy (another install path) must not declare the class again.
    if (!\class_exists(GoStream\WholeProcess::class, false)) {
        require __DIR__ . '/src/WholeProcess.php';
    }
    try {
        GoStream\WholeProcess::start();
    } catch (GoStream\LibraryException $e) {
        \fwrite(\STDERR, $e->getMessage() . "\n");
        exit(1);
    }
})();

// Once: a chained file may be another copy of this one, chaining itself.
if ((string) \get_cfg_var('gostream.chain_prepend_file') !== ''
    && !\in_array(\realpath(\get_cfg_var('gostream.chain_prepend_file')), \get_included_files(), true)) {
    require \get_cfg_var('gostream.chain_prepend_file');
}
