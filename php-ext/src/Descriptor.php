<?php

namespace GoStream;

/**
 * The descriptors PHP's own functions take from a gostream stream through
 * StreamWrapper::stream_cast: PHP's stream_select (a descriptor it can
 * select(2) on, below 1024 as for its own sockets) and socket_import_stream
 * (the socket, for socket_set_option/socket_get_option).
 *
 * PHP wants them as a stream resource, which it casts in turn; this opens
 * one on a copy (dup) of the library's descriptor, as a PHP socket stream:
 * php://fd/N in the CLI, elsewhere (php://fd is CLI-only) php://stdin with
 * descriptor 0 lent for the moment of the open. PHP's dup is not
 * close-on-exec; gs_cloexec_copies makes it so, as every gostream
 * descriptor is (DEVIATIONS.md S3).
 *
 * PHP reads the descriptor after stream_cast returns and frees what it
 * returned, so the copies are kept, per handle, until the stream closes
 * (Stream::close calls release() before closing the handle: a copy left
 * open would keep the connection open). Streams with bytes the kernel no
 * longer shows (fetched by stream_select, read ahead, TLS plaintext) are
 * cast for select to the process's always-ready descriptor, one stream
 * shared by all, so every select reports them readable.
 *
 * @internal
 */
final class Descriptor
{
    /** @var array<int,array<int,resource>> handle => library descriptor => stream on a copy */
    private static array $copies = [];
    /** @var array{int,resource}|null the always-ready descriptor and the stream on its copy */
    private static ?array $ready = null;

    /**
     * stream_cast: the stream whose descriptor PHP is to use, or false.
     *
     * @return resource|false
     */
    public static function cast(Stream $stream, int $castAs)
    {
        if ($castAs === \STREAM_CAST_FOR_SELECT && $stream->holdsFetched()) {
            return self::ready() ?? false;
        }
        if ($castAs !== \STREAM_CAST_FOR_SELECT && (($stream->info()[Abi::GS_INFO_FLAGS] ?? 0) & Abi::GS_FLAG_TLS) !== 0) {
            return false; // as PHP: OpenSSL owns an encrypted stream's socket (socket_import_stream fails)
        }
        $fd = Gateway::$ffi->gs_fd($stream->h, $castAs === \STREAM_CAST_FOR_SELECT ? Abi::GS_FD_SELECT : Abi::GS_FD_SOCKET);
        if ($fd < 0) {
            Gateway::check($fd);
            return false;
        }
        if (isset(self::$copies[$stream->h][$fd])) {
            return self::$copies[$stream->h][$fd];
        }
        $ready = self::ready();
        if ($ready !== null && $fd === self::$ready[0]) {
            return $ready;
        }
        $copy = self::open($fd);
        if ($copy === null) {
            return false;
        }
        return self::$copies[$stream->h][$fd] = $copy;
    }

    /** Closes the copies of $h's descriptors; called before the handle closes. */
    public static function release(int $h): void
    {
        foreach (self::$copies[$h] ?? [] as $copy) {
            \is_resource($copy) && Native::fclose($copy);
        }
        unset(self::$copies[$h]);
    }

    /** @return resource|null the shared stream on the always-ready descriptor */
    private static function ready()
    {
        if (self::$ready === null) {
            $fd = Gateway::$ffi->gs_fd(0, Abi::GS_FD_READY);
            if ($fd < 0) {
                Gateway::check($fd);
                return null;
            }
            $copy = self::open($fd);
            if ($copy === null) {
                return null;
            }
            self::$ready = [$fd, $copy];
        }
        return self::$ready[1];
    }

    /** @return resource|null a PHP socket stream on a close-on-exec copy of $fd */
    private static function open(int $fd)
    {
        $ffi = Gateway::$ffi;
        if (\PHP_SAPI === 'cli') {
            $copy = @\fopen("php://fd/$fd", 'r+');
        } else {
            $r = $ffi->gs_stdin_lend($fd);
            if ($r < 0) {
                Gateway::check($r);
                return null;
            }
            try {
                $copy = @\fopen('php://stdin', 'r+');
            } finally {
                $ffi->gs_stdin_restore();
            }
        }
        if ($copy === false) {
            return null;
        }
        $ffi->gs_cloexec_copies($fd);
        return $copy;
    }
}
