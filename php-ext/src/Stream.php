<?php

namespace GoStream;

/**
 * One gostream stream as the shim knows it: its library handle, stream type
 * and context, and the bytes that wait between the library and the script:
 * those stream_select fetched ahead, and those in PHP's own read buffer of
 * the wrapper stream.
 *
 * Every read of the library goes through this object, so one rule holds
 * whatever reads next: bytes stream_select fetched are, to PHP, still in the
 * kernel and come first. GoStream\fread() and stream_socket_recvfrom()
 * serve them as the kernel would, and fgets() a line they hold whole
 * (giving back the rest); every other read gives them back to the library
 * (gs_unread) before it reads.
 *
 * Made by Gateway::wrap(), released by Gateway::release(). The static
 * indexes are this class's state: other classes read them, never write.
 *
 * @internal
 */
final class Stream
{
    /** @var array<int,Stream> resource id => stream, for every open gostream stream */
    public static array $open = [];

    /** @var array<int,Stream> handle => stream, for those holding fetched bytes */
    public static array $fetchedAhead = [];

    /**
     * @var array<int,true> handle => true once the global fread()/fgets() went
     * through the wrapper: PHP keeps its own read buffer for userspace streams
     * (stream_set_read_buffer() cannot turn it off), so bytes may wait there.
     */
    public static array $phpBuffered = [];

    /** Bytes stream_select fetched with gs_select_fetch; those from $taken on are not read yet. */
    private string $fetched = '';
    private int $taken = 0;

    /** feof() or stream_select found the peer gone (the library's flag only follows reads). */
    private bool $eofSeen = false;

    /** @param resource|null $context */
    private function __construct(
        public readonly int $id,
        public readonly int $h,
        private $context,
        public readonly string $type,
    ) {
    }

    /**
     * Called by Gateway::wrap() alone.
     *
     * @param resource|null $context
     */
    public static function open(int $id, int $h, $context, string $type): self
    {
        return self::$open[$id] = new self($id, $h, $context, $type);
    }

    /** Called by Gateway::release() alone: forgets the stream and closes its handle. */
    public function close(): void
    {
        unset(self::$open[$this->id], self::$fetchedAhead[$this->h], self::$phpBuffered[$this->h]);
        $this->fetched = '';
        $this->taken = 0;
        Descriptor::release($this->h);
        // In a forked child this returns GS_EFORKED; closing must not throw.
        Gateway::$ffi?->gs_close($this->h);
    }

    /**
     * The context resource; a stream made without one gets a new, empty one,
     * as PHP gives it when asked.
     *
     * @return resource
     */
    public function context()
    {
        return $this->context ??= \stream_context_create();
    }

    /** @return resource|null the context given at creation, if any */
    public function givenContext()
    {
        return $this->context;
    }

    /**
     * Replaces the context (an accepted stream's own copy of its listener's).
     *
     * @param resource $context
     */
    public function keepContext($context): void
    {
        $this->context = $context;
    }

    /** gs_info as [flags, kind, unread, timeout_us] (indexed as the header), or null for a closed handle. */
    public function info(): ?array
    {
        return Gateway::info($this->h);
    }

    // --- stream_select's fetched bytes ------------------------------------

    /** stream_select fetched $data: it comes before anything the library still holds. */
    public function addFetched(string $data): void
    {
        $this->fetched = $this->fetched === '' ? $data : \substr($this->fetched, $this->taken) . $data;
        $this->taken = 0;
        self::$fetchedAhead[$this->h] = $this; // the next select marks it, unless all is read by then
    }

    /** Whether stream_select fetched bytes that no read has taken yet. */
    public function holdsFetched(): bool
    {
        return $this->fetched !== '';
    }

    /** stream_select found the end of the stream. */
    public function markEnded(): void
    {
        $this->eofSeen = true;
    }

    public function eofSeen(): bool
    {
        return $this->eofSeen;
    }

    /**
     * Gives fetched bytes back to the library, in front of what it holds:
     * before any read but fread's and recvfrom's. Callers test $fetched
     * first, which saves a call on their hot paths (and read() then takes
     * fetched bytes alone).
     */
    private function giveBack(): void
    {
        $data = $this->read(\PHP_INT_MAX);
        Gateway::$ffi->gs_unread($this->h, $data, \strlen($data));
    }

    // --- reads ------------------------------------------------------------

    /**
     * Bytes waiting in PHP's own buffer of the wrapper stream (filled only by
     * the global fread()/fgets()); forgets the mark once it is empty.
     *
     * @param resource $stream this stream's resource
     */
    public function phpUnread($stream): int
    {
        $u = Native::stream_get_meta_data($stream)['unread_bytes'];
        if ($u === 0) {
            unset(self::$phpBuffered[$this->h]);
        }
        return $u;
    }

    /**
     * GoStream\fread(): at most $length fetched bytes, taken, without a call
     * into the library (the rest stays, copied only when a read takes it);
     * else one gs_read.
     */
    public function read(int $length): string|false
    {
        if ($this->fetched !== '') {
            $from = $this->taken;
            if (\strlen($this->fetched) - $from <= $length) {
                $data = $from === 0 ? $this->fetched : \substr($this->fetched, $from);
                $this->fetched = '';
                $this->taken = 0;
                unset(self::$fetchedAhead[$this->h]);
                return $data;
            }
            $this->taken += $length;
            return \substr($this->fetched, $from, $length);
        }
        // The length first: grow() replaces the buffer, and arguments are read left to right.
        $len = $length <= Gateway::$bufSize ? $length : Gateway::grow($length);
        $n = Gateway::$ffi->gs_read($this->h, Gateway::$buf, $len);
        if ($n > 0) {
            return \FFI::string(Gateway::$buf, $n);
        }
        // "" at end of stream or without data, false on timeout or error.
        if ($n === 0 || $n === -Abi::EAGAIN) {
            return '';
        }
        Gateway::check($n);
        return false;
    }

    /** fgets(): one line, at most $length - 1 bytes (PHP's count), or the whole line without a length. */
    public function readLine(?int $length): string|false
    {
        if ($this->fetched !== '') {
            $line = $this->lineOfFetched($length);
            if ($line !== null) {
                return $line;
            }
            $this->giveBack();
        }
        $ffi = Gateway::$ffi;
        if ($length !== null) {
            $want = $length - 1;
            $want = $want <= Gateway::$bufSize ? $want : Gateway::grow($want); // before Gateway::$buf is read
            $n = $ffi->gs_read_line($this->h, Gateway::$buf, $want);
            return $n > 0 ? \FFI::string(Gateway::$buf, $n) : self::lineFailed($n);
        }
        $n = $ffi->gs_read_line($this->h, Gateway::$buf, Gateway::$bufSize);
        if ($n <= 0) {
            return self::lineFailed($n);
        }
        $line = \FFI::string(Gateway::$buf, $n);
        if ($n < Gateway::$bufSize) {
            return $line;
        }
        // A line that filled the whole buffer: keep reading to its end.
        while ($line[-1] !== "\n") {
            $n = $ffi->gs_read_line($this->h, Gateway::$buf, Gateway::$bufSize);
            if ($n <= 0) {
                Gateway::check($n);
                break; // the line ends here (end of stream, timeout, no more data yet)
            }
            $line .= \FFI::string(Gateway::$buf, $n);
        }
        return $line;
    }

    /**
     * fgets() answered from fetched bytes alone, when they hold the whole
     * answer (a line, or $length - 1 bytes: gs_read_line's rule); the rest
     * goes back to the library, where the library's read would have left
     * it. Null when the answer needs more bytes. Saves both crossings of a
     * line-protocol server's fgets after stream_select fetched one line.
     */
    private function lineOfFetched(?int $length): ?string
    {
        $avail = \strlen($this->fetched) - $this->taken;
        $max = $length === null ? $avail : \min($avail, $length - 1);
        $eol = \strpos($this->fetched, "\n", $this->taken);
        if ($eol !== false && $eol - $this->taken < $max) {
            $n = $eol - $this->taken + 1;
        } elseif ($length !== null && $avail >= $length - 1) {
            $n = $length - 1;
        } else {
            return null;
        }
        $line = $this->read($n);
        if ($this->fetched !== '') {
            $this->giveBack();
        }
        return $line;
    }

    /** fgets() without bytes: false, whatever the reason. */
    private static function lineFailed(int $n): false
    {
        Gateway::check($n);
        return false;
    }

    /** stream_get_contents(): read until end of stream (or until a read gives nothing), at most $max bytes. */
    public function contents(int $max): string
    {
        if ($this->fetched !== '') {
            $this->giveBack();
        }
        $ffi = Gateway::$ffi;
        $out = '';
        $got = 0;
        while ($got < $max) {
            $n = $ffi->gs_read($this->h, Gateway::$buf, \min($max - $got, Gateway::$bufSize));
            if ($n <= 0) {
                Gateway::check($n);
                break;
            }
            $out .= \FFI::string(Gateway::$buf, $n);
            $got += $n;
        }
        return $out;
    }

    /**
     * The wrapper's read, which fills PHP's own buffer: at most $count bytes,
     * "" without data or at the end (then $ended says which), false on
     * timeout or error.
     */
    public function fill(int $count, bool &$ended): string|false
    {
        if ($this->fetched !== '') {
            $this->giveBack();
        }
        $n = Gateway::$ffi->gs_read($this->h, Gateway::$buf, \min($count, Gateway::$bufSize));
        if ($n > 0) {
            self::$phpBuffered[$this->h] = true; // the next select looks into PHP's buffer (its fast path cannot)
            return \FFI::string(Gateway::$buf, $n);
        }
        if ($n === -Abi::EAGAIN) {
            return '';
        }
        Gateway::check($n);
        $info = $this->info();
        $ended = $info === null || ($info[Abi::GS_INFO_FLAGS] & Abi::GS_FLAG_EOF) !== 0;
        // As PHP's socket ops: end of stream reads "", errors and timeouts fail.
        return $n === 0 ? '' : false;
    }

    /**
     * stream_socket_recvfrom(). PHP's bypasses its own read buffer (the
     * library's, here) but not the kernel's, and fetched bytes are the
     * kernel's first bytes to PHP: a plain or STREAM_PEEK recvfrom returns
     * them (a connected TCP or unix socket names no sender: $address is "").
     * Urgent data (STREAM_OOB) is apart from them.
     */
    public function recvfrom(int $length, int $flags, &$address): string|false
    {
        if ($this->fetched !== '' && ($flags & \STREAM_OOB) === 0) {
            $address = '';
            return ($flags & \STREAM_PEEK) !== 0 ? \substr($this->fetched, $this->taken, $length) : $this->read($length);
        }
        $len = $length <= Gateway::$bufSize ? $length : Gateway::grow($length);
        $n = Gateway::$ffi->gs_recvfrom($this->h, Gateway::$buf, $len, $flags & (\STREAM_OOB | \STREAM_PEEK), Gateway::$text, Gateway::TEXT_SIZE);
        if ($n < 0) {
            Gateway::check($n);
            return false; // EAGAIN and errors alike, without a warning
        }
        $address = \FFI::string(Gateway::$text);
        return \FFI::string(Gateway::$buf, $n);
    }

    /** gs_enable_crypto: the handshake reads, so fetched bytes (its first bytes) go back first. */
    public function crypto(bool $enable, int $method, ?string $opts): int
    {
        if ($this->fetched !== '') {
            $this->giveBack();
        }
        return Gateway::$ffi->gs_enable_crypto($this->h, $enable ? 1 : 0, $method, $opts, $opts === null ? 0 : \strlen($opts), Gateway::$err, Gateway::TEXT_SIZE);
    }

    /**
     * feof() as PHP answers it for sockets: not at end while bytes wait;
     * otherwise the recorded flag, else a liveness check that does not wait
     * (a peek: 0 bytes means the peer closed).
     */
    public function eof(): bool
    {
        if ($this->fetched !== '') {
            return false;
        }
        if ($this->eofSeen) {
            return true;
        }
        $n = Gateway::$ffi->gs_eof($this->h);
        if ($n === 0) {
            return false;
        }
        if ($n < 0) {
            Gateway::check($n);
        }
        $this->eofSeen = true;
        return true;
    }
}
