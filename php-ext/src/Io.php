<?php

namespace GoStream;

/**
 * Writes to a gostream stream (reads go through its Stream object).
 *
 * @internal
 */
final class Io
{
    /** fwrite()/fputs() on a gostream stream: one call into the library. */
    public static function write(int $h, string $data, ?int $length, string $function): int|false
    {
        if ($length !== null && $length < \strlen($data)) {
            $data = $length > 0 ? \substr($data, 0, $length) : '';
        }
        $len = \strlen($data);
        if ($len === 0) {
            return 0;
        }
        $n = Gateway::$ffi->gs_write($h, $data, $len);
        return $n >= 0 ? $n : Compat::writeFailed($h, $n, $len, $function);
    }
}
