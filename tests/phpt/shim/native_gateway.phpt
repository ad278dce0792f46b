--TEST--
Shim: PHP's own functions of the replaced names are called from src/Native.php alone, and Native has one method per GoStream\ function that falls back
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$src = realpath(__DIR__ . '/../../../php-ext/src');
$replaced = [];
foreach (get_defined_functions()['user'] as $f) {
    if (str_starts_with($f, 'gostream\\')) {
        $replaced[] = substr($f, strlen('gostream\\'));
    }
}
$pattern = '/(?<![\w>:$])\\\\(' . implode('|', $replaced) . ')\s*\(/i';
$found = [];
$it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($src, \FilesystemIterator::SKIP_DOTS));
foreach ($it as $file) {
    if ($file->getFilename() === 'Native.php') {
        continue;
    }
    foreach (file($file->getPathname()) as $no => $line) {
        $code = preg_replace('~^\s*(\*|//).*~', '', $line);
        if (preg_match($pattern, $code, $m)) {
            $found[] = basename($file->getPathname()) . ':' . ($no + 1) . ' \\' . $m[1];
        }
    }
}
var_dump($found);
// Each Native method calls PHP's function of its own name.
foreach ((new \ReflectionClass(Native::class))->getMethods() as $m) {
    $body = implode('', array_slice(file($m->getFileName()), $m->getStartLine() - 1, $m->getEndLine() - $m->getStartLine() + 1));
    if (!in_array($m->getName(), $replaced, true) || !str_contains($body, '\\' . $m->getName() . '(')) {
        echo 'odd: ', $m->getName(), "\n";
    }
}
echo "done\n";
?>
--EXPECT--
array(0) {
}
done
