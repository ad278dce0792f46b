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

/**
 * Binary-safe file read: PHP's fread(). On a gostream stream, bytes
 * stream_select fetched are served without a call into the library.
 *
 * @param resource $stream
 * @param int $length
 * @return string|false
 */
function fread($stream, $length): string|false
{
    if (\is_resource($stream) && \is_int($length) && $length > 0
        && ($s = Stream::$open[(int) $stream] ?? null) !== null
        && (!isset(Stream::$phpBuffered[$s->h]) || $s->phpUnread($stream) === 0)) {
        return $s->read($length);
    }
    return Native::fread($stream, $length);
}

/**
 * Binary-safe file write: PHP's fwrite().
 *
 * @param resource $stream
 * @param string $data
 * @param ?int $length
 * @return int|false
 */
function fwrite($stream, $data, $length = null): int|false
{
    if ($length === null && \is_string($data) && $data !== '' && \is_resource($stream)
        && ($s = Stream::$open[(int) $stream] ?? null) !== null) {
        // The common call, tested first and without Io::write's call: the whole string.
        $n = Gateway::$ffi->gs_write($s->h, $data, \strlen($data));
        return $n >= 0 ? $n : Compat::writeFailed($s->h, $n, \strlen($data), 'fwrite');
    }
    if (\is_resource($stream) && \is_string($data) && ($length === null || \is_int($length))
        && ($s = Stream::$open[(int) $stream] ?? null) !== null) {
        return Io::write($s->h, $data, $length, 'fwrite');
    }
    return Native::fwrite($stream, $data, $length);
}

/**
 * Alias of fwrite(): PHP's fputs().
 *
 * @param resource $stream
 * @param string $data
 * @param ?int $length
 * @return int|false
 */
function fputs($stream, $data, $length = null): int|false
{
    if (\is_resource($stream) && \is_string($data) && ($length === null || \is_int($length))
        && ($s = Stream::$open[(int) $stream] ?? null) !== null) {
        return Io::write($s->h, $data, $length, 'fputs');
    }
    return Native::fputs($stream, $data, $length);
}

/**
 * Gets a line from a stream: PHP's fgets().
 *
 * @param resource $stream
 * @param ?int $length
 * @return string|false
 */
function fgets($stream, $length = null): string|false
{
    if (\is_resource($stream) && ($length === null || (\is_int($length) && $length > 1))
        && ($s = Stream::$open[(int) $stream] ?? null) !== null
        && (!isset(Stream::$phpBuffered[$s->h]) || $s->phpUnread($stream) === 0)) {
        return $s->readLine($length);
    }
    return Native::fgets($stream, $length);
}

/**
 * Tests for end of stream: PHP's feof() (for sockets: the peer closed and
 * every byte was read).
 *
 * @param resource $stream
 */
function feof($stream): bool
{
    if (\is_resource($stream) && ($s = Stream::$open[(int) $stream] ?? null) !== null) {
        if (isset(Stream::$phpBuffered[$s->h]) && $s->phpUnread($stream) > 0) {
            return false;
        }
        return $s->eof();
    }
    return Native::feof($stream);
}

/**
 * Closes a stream: PHP's fclose(), which closes gostream streams through the
 * wrapper; present so that `use function` lists can name it.
 *
 * @param resource $stream
 */
function fclose($stream): bool
{
    return Native::fclose($stream);
}

/**
 * Reads the rest of a stream: PHP's stream_get_contents().
 *
 * @param resource $stream
 * @param ?int $length
 * @param int $offset
 * @return string|false
 */
function stream_get_contents($stream, $length = null, $offset = -1): string|false
{
    if (\is_resource($stream) && $offset === -1 && ($length === null || (\is_int($length) && $length >= -1))
        && ($s = Stream::$open[(int) $stream] ?? null) !== null
        && (!isset(Stream::$phpBuffered[$s->h]) || $s->phpUnread($stream) === 0)) {
        return $s->contents($length === null || $length === -1 ? \PHP_INT_MAX : $length);
    }
    return Native::stream_get_contents($stream, $length, $offset);
}

/**
 * Sets blocking or non-blocking mode: PHP's stream_set_blocking().
 *
 * @param resource $stream
 * @param bool $enable
 */
function stream_set_blocking($stream, $enable): bool
{
    if (\is_resource($stream) && \is_bool($enable) && ($s = Stream::$open[(int) $stream] ?? null) !== null) {
        $r = Gateway::$ffi->gs_set_blocking($s->h, $enable ? 1 : 0);
        Gateway::check($r);
        return $r === 0;
    }
    return Native::stream_set_blocking($stream, $enable);
}

/**
 * Sets the read/write timeout of a blocking stream: PHP's stream_set_timeout().
 *
 * @param resource $stream
 * @param int $seconds
 * @param int $microseconds
 */
function stream_set_timeout($stream, $seconds, $microseconds = 0): bool
{
    if (\is_resource($stream) && \is_int($seconds) && \is_int($microseconds)
        && ($s = Stream::$open[(int) $stream] ?? null) !== null) {
        // PHP carries whole seconds out of $microseconds into a timeval.
        $us = Compat::timeoutUs($seconds + \intdiv($microseconds, 1000000), $microseconds % 1000000);
        $r = Gateway::$ffi->gs_set_timeout($s->h, $us);
        Gateway::check($r);
        return $r === 0;
    }
    return Native::stream_set_timeout($stream, $seconds, $microseconds);
}

/**
 * PHP's stream_get_meta_data(). unread_bytes counts what the library holds
 * after an fgets() (and anything PHP's own buffer holds after a global
 * fgets()): the bytes a read would return without waiting, as PHP's own
 * value means.
 *
 * @param resource $stream
 * @return array<string,mixed>
 */
function stream_get_meta_data($stream): array
{
    if (\is_resource($stream) && ($s = Stream::$open[(int) $stream] ?? null) !== null) {
        $info = $s->info();
        [Abi::GS_INFO_FLAGS => $flags, Abi::GS_INFO_KIND => $kind, Abi::GS_INFO_UNREAD => $unread]
            = $info ?? [Abi::GS_INFO_FLAGS => Abi::GS_FLAG_EOF, Abi::GS_INFO_KIND => 0, Abi::GS_INFO_UNREAD => 0];
        if (isset(Stream::$phpBuffered[$s->h])) {
            $unread += $s->phpUnread($stream);
        }
        $meta = [
            'timed_out' => ($flags & Abi::GS_FLAG_TIMED_OUT) !== 0,
            'blocked' => ($flags & Abi::GS_FLAG_BLOCKING) !== 0,
            'eof' => ($flags & Abi::GS_FLAG_EOF) !== 0 || $s->eofSeen(),
            'stream_type' => $s->type,
            'mode' => 'r+',
            'unread_bytes' => $unread,
            'seekable' => false,
        ];
        // As PHP: an established TLS session adds `crypto`, first.
        if ($kind === Abi::GS_KIND_TCP && ($crypto = Tls::meta($s->h)) !== null) {
            $meta = ['crypto' => $crypto] + $meta;
        }
        return $meta;
    }
    return Native::stream_get_meta_data($stream);
}

/**
 * PHP's stream_set_read_buffer(): 0, as PHP answers for its sockets, since
 * the GoStream\ read functions never leave bytes in a PHP buffer. (PHP's
 * global fread()/fgets() keep their own buffer for any userspace stream,
 * which this cannot switch off; GoStream\ functions and stream_select look
 * into it.)
 *
 * @param resource $stream
 * @param int $size
 */
function stream_set_read_buffer($stream, $size): int
{
    if (\is_resource($stream) && \is_int($size) && isset(Stream::$open[(int) $stream])) {
        return 0;
    }
    return Native::stream_set_read_buffer($stream, $size);
}
