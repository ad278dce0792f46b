<?php
/*
 * Drop-in I/O functions. On a gostream stream, with arguments of exactly the
 * types PHP declares, each is one FFI call into the library (the fast path).
 * Everything else - ordinary PHP streams, closed resources, wrong types,
 * values PHP would coerce - goes to PHP's own function, which gives PHP's own
 * result, warnings and errors (a gostream stream then works through the
 * "gostream" stream wrapper).
 */

namespace GoStream;

function fread($stream, $length): string|false
{
    if (\is_resource($stream) && \is_int($length) && $length > 0
        && ($h = Gateway::$handles[(int) $stream] ?? null) !== null
        && (!isset(Gateway::$phpBuffered[$h]) || Io::phpUnread($stream, $h) === 0)) {
        if (isset(Gateway::$fetched[$h])) {
            return Gateway::takeFetched($h, $length);   // no call into the library
        }
        // The length first: grow() replaces the buffer, and arguments are read left to right.
        $len = $length <= Gateway::$bufSize ? $length : Gateway::grow($length);
        $n = Gateway::$ffi->gs_read($h, Gateway::$buf, $len);
        return $n > 0 ? \FFI::string(Gateway::$buf, $n) : Io::readFailed($n);
    }
    return Native::fread($stream, $length);
}

function fwrite($stream, $data, $length = null): int|false
{
    if (\is_resource($stream) && \is_string($data) && ($length === null || \is_int($length))
        && ($h = Gateway::$handles[(int) $stream] ?? null) !== null) {
        return Io::write($h, $data, $length, 'fwrite');
    }
    return Native::fwrite($stream, $data, $length);
}

function fputs($stream, $data, $length = null): int|false
{
    if (\is_resource($stream) && \is_string($data) && ($length === null || \is_int($length))
        && ($h = Gateway::$handles[(int) $stream] ?? null) !== null) {
        return Io::write($h, $data, $length, 'fputs');
    }
    return Native::fputs($stream, $data, $length);
}

function fgets($stream, $length = null): string|false
{
    if (\is_resource($stream) && ($length === null || (\is_int($length) && $length > 1))
        && ($h = Gateway::$handles[(int) $stream] ?? null) !== null
        && (!isset(Gateway::$phpBuffered[$h]) || Io::phpUnread($stream, $h) === 0)) {
        if (isset(Gateway::$fetched[$h])) {
            Gateway::unfetch($h);
        }
        if ($length === null) {
            $n = Gateway::$ffi->gs_read_line($h, Gateway::$buf, Gateway::$bufSize);
            if ($n > 0 && ($n < Gateway::$bufSize || Gateway::$buf[$n - 1] === "\n")) {
                return \FFI::string(Gateway::$buf, $n);
            }
            return Io::longLine($h, $n);
        }
        // PHP reads at most $length - 1 bytes.
        $want = $length - 1;
        $want = $want <= Gateway::$bufSize ? $want : Gateway::grow($want); // before Gateway::$buf is read
        $n = Gateway::$ffi->gs_read_line($h, Gateway::$buf, $want);
        return $n > 0 ? \FFI::string(Gateway::$buf, $n) : Io::lineFailed($n);
    }
    return Native::fgets($stream, $length);
}

function feof($stream): bool
{
    if (\is_resource($stream) && ($h = Gateway::$handles[(int) $stream] ?? null) !== null) {
        if (isset(Gateway::$phpBuffered[$h]) && Io::phpUnread($stream, $h) > 0) {
            return false;
        }
        return Gateway::eof($h);
    }
    return Native::feof($stream);
}

/** Present so that `use function` lists can name it: PHP's fclose() closes gostream streams through the wrapper. */
function fclose($stream): bool
{
    return Native::fclose($stream);
}

function stream_get_contents($stream, $length = null, $offset = -1): string|false
{
    if (\is_resource($stream) && $offset === -1 && ($length === null || (\is_int($length) && $length >= -1))
        && ($h = Gateway::$handles[(int) $stream] ?? null) !== null
        && (!isset(Gateway::$phpBuffered[$h]) || Io::phpUnread($stream, $h) === 0)) {
        return Io::contents($h, $length === null || $length === -1 ? \PHP_INT_MAX : $length);
    }
    return Native::stream_get_contents($stream, $length, $offset);
}

function stream_set_blocking($stream, $enable): bool
{
    if (\is_resource($stream) && \is_bool($enable) && ($h = Gateway::$handles[(int) $stream] ?? null) !== null) {
        $r = Gateway::$ffi->gs_set_blocking($h, $enable ? 1 : 0);
        Gateway::check($r);
        return $r === 0;
    }
    return Native::stream_set_blocking($stream, $enable);
}

function stream_set_timeout($stream, $seconds, $microseconds = 0): bool
{
    if (\is_resource($stream) && \is_int($seconds) && \is_int($microseconds)
        && ($h = Gateway::$handles[(int) $stream] ?? null) !== null) {
        // PHP carries whole seconds out of $microseconds into a timeval.
        $us = Compat::timeoutUs($seconds + \intdiv($microseconds, 1000000), $microseconds % 1000000);
        $r = Gateway::$ffi->gs_set_timeout($h, $us);
        Gateway::check($r);
        return $r === 0;
    }
    return Native::stream_set_timeout($stream, $seconds, $microseconds);
}

/**
 * unread_bytes counts what the library holds after an fgets() (and anything
 * PHP's own buffer holds after a global fgets()): the bytes a read would
 * return without waiting, as PHP's own value means.
 */
function stream_get_meta_data($stream): array
{
    if (\is_resource($stream) && ($h = Gateway::$handles[(int) $stream] ?? null) !== null) {
        $info = Gateway::info($h);
        [Abi::GS_INFO_FLAGS => $flags, Abi::GS_INFO_KIND => $kind, Abi::GS_INFO_UNREAD => $unread]
            = $info ?? [Abi::GS_INFO_FLAGS => Abi::GS_FLAG_EOF, Abi::GS_INFO_KIND => 0, Abi::GS_INFO_UNREAD => 0];
        if (isset(Gateway::$phpBuffered[$h])) {
            $unread += Io::phpUnread($stream, $h);
        }
        $meta = [
            'timed_out' => ($flags & Abi::GS_FLAG_TIMED_OUT) !== 0,
            'blocked' => ($flags & Abi::GS_FLAG_BLOCKING) !== 0,
            'eof' => ($flags & Abi::GS_FLAG_EOF) !== 0 || isset(Gateway::$eofSeen[$h]),
            'stream_type' => Gateway::$streams[(int) $stream][1],
            'mode' => 'r+',
            'unread_bytes' => $unread,
            'seekable' => false,
        ];
        // As PHP: an established TLS session adds `crypto`, first.
        if ($kind === Abi::GS_KIND_TCP && ($crypto = Tls::meta($h)) !== null) {
            $meta = ['crypto' => $crypto] + $meta;
        }
        return $meta;
    }
    return Native::stream_get_meta_data($stream);
}

/**
 * 0, as PHP answers for its sockets: the GoStream\ read functions never leave
 * bytes in a PHP buffer. (PHP's global fread()/fgets() keep their own buffer
 * for any userspace stream, which this cannot switch off; GoStream\ functions
 * and stream_select look into it.)
 */
function stream_set_read_buffer($stream, $size): int
{
    if (\is_resource($stream) && \is_int($size) && isset(Gateway::$handles[(int) $stream])) {
        return 0;
    }
    return Native::stream_set_read_buffer($stream, $size);
}
