<?php

namespace GoStream;

/**
 * The "gostream" userspace stream wrapper: what the shim returns is a real PHP
 * stream resource, so PHP habits keep working ((int)$conn keys, is_resource(),
 * get_resource_type() === "stream", strict array_search()) and so do the
 * GLOBAL fread/fwrite/fgets/feof/fclose/stream_set_blocking/stream_set_timeout.
 * The namespaced GoStream\ functions bypass this class for speed.
 *
 * PHP keeps a read buffer of its own for userspace streams, which
 * stream_set_read_buffer() cannot switch off; stream_read() (Stream::fill)
 * therefore records that bytes may wait there, and the GoStream\ functions
 * look there first.
 *
 * @internal
 */
final class StreamWrapper
{
    /** @var resource|null set by PHP */
    public $context;

    /** Set by Gateway::wrap() right after fopen(). */
    public ?Stream $stream = null;

    private bool $eof = false;
    private bool $justRead = false;

    /** Largest read one wrapper call asks of the library (PHP asks for its chunk size). */
    private const READ_CHUNK = Gateway::BUF_SIZE;

    public function stream_open(string $path, string $mode, int $options, ?string &$opened_path): bool
    {
        return Gateway::claim($path, $this);
    }

    public function stream_read(int $count): string|false
    {
        $this->justRead = true;
        return $this->stream->fill(\min($count, self::READ_CHUNK), $this->eof);
    }

    public function stream_write(string $data): int|false
    {
        $len = \strlen($data);
        $n = Gateway::$ffi->gs_write($this->stream->h, $data, $len);
        return $n >= 0 ? $n : Compat::writeFailed($this->stream->h, $n, $len, 'fwrite');
    }

    /** Asked after every read, and by feof() (as a liveness check). */
    public function stream_eof(): bool
    {
        if ($this->justRead) {
            $this->justRead = false;
            return $this->eof;
        }
        return $this->stream->eof();
    }

    public function stream_close(): void
    {
        if ($this->stream !== null) {
            Gateway::release($this->stream);
            $this->stream = null;
        }
    }

    public function stream_flush(): bool
    {
        return true;
    }

    public function stream_set_option(int $option, int $arg1, ?int $arg2): bool
    {
        $ffi = Gateway::$ffi;
        switch ($option) {
            case \STREAM_OPTION_BLOCKING:
                return $ffi->gs_set_blocking($this->stream->h, $arg1 ? 1 : 0) === 0;
            case \STREAM_OPTION_READ_TIMEOUT:
                return $ffi->gs_set_timeout($this->stream->h, Compat::timeoutUs($arg1, (int) $arg2)) === 0;
            case \STREAM_OPTION_READ_BUFFER:
                // stream_set_read_buffer() returns 0 on sockets; PHP's own
                // buffer of a userspace stream stays (DEVIATIONS.md S11).
                return true;
        }
        // STREAM_OPTION_WRITE_BUFFER: false, so stream_set_write_buffer() returns -1 as on PHP's sockets.
        return false;
    }

    /**
     * The descriptor PHP's own stream_select() and socket_import_stream()
     * use, as a stream on a copy of it (Descriptor).
     *
     * @return resource|false
     */
    public function stream_cast(int $cast_as)
    {
        return Descriptor::cast($this->stream, $cast_as);
    }

    /**
     * Sockets cannot be locked: false makes stream_supports_lock() and
     * flock() false, as on PHP's sockets (without this method PHP's
     * userspace streams claim lock support).
     */
    public function stream_lock(int $operation): bool
    {
        return false;
    }

    /** What fstat() says of a socket; also keeps stream_get_contents() from warning. */
    public function stream_stat(): array
    {
        return ['mode' => 0140777];
    }
}
