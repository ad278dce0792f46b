--TEST--
Shim: every GoStream\ function has the signature of PHP's function of the same name (parameter names, order, by-reference, optional, defaults, variadics, return type; a parameter type PHP declares is declared alike or, where the shim hands odd values to PHP's function, written in the doc comment)
--SKIPIF--
<?php if (getenv('GOSTREAM_TEST_MODE') !== 'shim') die('skip shim mechanics: shim mode only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$checked = 0;
$problems = [];
foreach (get_defined_functions()['user'] as $name) {
    if (!str_starts_with($name, 'gostream\\')) {
        continue;
    }
    $ours = new \ReflectionFunction($name);
    $short = $ours->getShortName();
    if (!function_exists('\\' . $short)) {
        $problems[] = "$short: PHP has no such function";
        continue;
    }
    $php = new \ReflectionFunction('\\' . $short);
    $say = function (string $what) use (&$problems, $short) {
        $problems[] = "$short: $what";
    };
    $doc = (string) $ours->getDocComment();
    if ($doc === '') {
        $say('no doc comment');
    }
    if ($ours->getNumberOfParameters() !== $php->getNumberOfParameters()) {
        $say('parameter count ' . $ours->getNumberOfParameters() . ', PHP ' . $php->getNumberOfParameters());
    }
    if ($ours->getNumberOfRequiredParameters() !== $php->getNumberOfRequiredParameters()) {
        $say('required count ' . $ours->getNumberOfRequiredParameters() . ', PHP ' . $php->getNumberOfRequiredParameters());
    }
    foreach ($php->getParameters() as $i => $pp) {
        $op = $ours->getParameters()[$i] ?? null;
        if ($op === null) {
            continue;
        }
        $n = '$' . $pp->getName();
        if ($op->getName() !== $pp->getName()) {
            $say("parameter #$i is \${$op->getName()}, PHP's $n");
        }
        if ($op->isPassedByReference() !== $pp->isPassedByReference() || $op->isVariadic() !== $pp->isVariadic() || $op->isOptional() !== $pp->isOptional()) {
            $say("$n differs in by-reference, variadic or optional");
        }
        // An optional parameter without a default (only internal functions have those) may take any.
        if ($pp->isDefaultValueAvailable() && (!$op->isDefaultValueAvailable() || $op->getDefaultValue() !== $pp->getDefaultValue())) {
            $say("$n default differs");
        }
        $pt = $pp->getType() === null ? null : (string) $pp->getType();
        $ot = $op->getType() === null ? null : (string) $op->getType();
        if ($ot !== null && $ot !== $pt) {
            $say("$n declared $ot, PHP $pt");
        }
        if ($ot === null && $pt !== null) {
            $quoted = preg_quote($n, '/');
            if (!preg_match('/@param\s+(\S+)\s+&?' . $quoted . '\b/', $doc, $m) || $m[1] !== $pt) {
                $say("$n: doc comment must say $pt" . (isset($m[1]) ? ", says {$m[1]}" : ''));
            }
        }
    }
    $pr = $php->getReturnType() === null ? null : (string) $php->getReturnType();
    $or = $ours->getReturnType() === null ? null : (string) $ours->getReturnType();
    if ($or !== $pr) {
        $say("returns $or, PHP $pr");
    }
    $checked++;
}
var_dump($checked >= 26, $problems);
?>
--EXPECT--
bool(true)
array(0) {
}
