<?php

namespace GoStream;

/**
 * The less travelled branches of the I/O functions, kept out of the hot
 * paths in functions/io.php.
 *
 * @internal
 */
final class Io
{
    /**
     * Bytes waiting in PHP's own buffer of a wrapper stream (filled only by
     * the global fread()/fgets()); forgets the mark once it is empty.
     *
     * @param resource $stream
     */
    public static function phpUnread($stream, int $h): int
    {
        $u = Native::stream_get_meta_data($stream)['unread_bytes'];
        if ($u === 0) {
            unset(Gateway::$phpBuffered[$h]);
        }
        return $u;
    }

    /** fread() when gs_read returned no bytes: "" at end of stream or without data, false on timeout or error. */
    public static function readFailed(int $n): string|false
    {
        if ($n === 0 || $n === -Abi::EAGAIN) {
            return '';
        }
        Gateway::check($n);
        return false;
    }

    /** fgets() when gs_read_line returned no bytes: false, whatever the reason. */
    public static function lineFailed(int $n): false
    {
        Gateway::check($n);
        return false;
    }

    /** fgets() without a length, for a line that filled the whole buffer: keep reading to its end. */
    public static function longLine(int $h, int $n): string|false
    {
        if ($n <= 0) {
            return self::lineFailed($n);
        }
        $ffi = Gateway::$ffi;
        $line = \FFI::string(Gateway::$buf, $n);
        while ($line[-1] !== "\n") {
            $n = $ffi->gs_read_line($h, Gateway::$buf, Gateway::$bufSize);
            if ($n <= 0) {
                Gateway::check($n);
                break; // the line ends here (end of stream, timeout, no more data yet)
            }
            $line .= \FFI::string(Gateway::$buf, $n);
        }
        return $line;
    }

    /** stream_get_contents(): read until end of stream (or until a read gives nothing), at most $max bytes. */
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
        return $n >= 0 ? $n : Compat::writeFailed($n, $len, $function);
    }

    public static function contents(int $h, int $max): string
    {
        if (isset(Gateway::$fetched[$h])) {
            Gateway::unfetch($h);
        }
        $ffi = Gateway::$ffi;
        $out = '';
        $got = 0;
        while ($got < $max) {
            $n = $ffi->gs_read($h, Gateway::$buf, \min($max - $got, Gateway::$bufSize));
            if ($n <= 0) {
                Gateway::check($n);
                break;
            }
            $out .= \FFI::string(Gateway::$buf, $n);
            $got += $n;
        }
        return $out;
    }
}
