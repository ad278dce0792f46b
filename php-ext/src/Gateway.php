<?php

namespace GoStream;

/**
 * Owns the one FFI object of the process and its scratch buffers, and makes
 * and releases the Stream objects. The drop-in functions and Stream read its
 * public static properties directly on hot paths (one FFI call per
 * fread/fwrite), but never create or replace them.
 *
 * The library is loaded lazily, on the first call that needs it: a Go runtime
 * started before fork() leaves the child with a scheduler that hangs.
 *
 * @internal
 */
final class Gateway
{
    /** Initial size of the shared read buffer. */
    public const BUF_SIZE = 65536;
    /** fread() grows the buffer up to this; a longer read returns less, as a socket may. */
    public const READ_MAX = 4 << 20;
    /** Error and name buffers: the header promises 256 bytes hold every message. */
    public const TEXT_SIZE = 256;
    /** PHP's own default_socket_timeout, which the library also starts with. */
    public const DEFAULT_TIMEOUT_S = 60;

    public static ?\FFI $ffi = null;

    public static \FFI\CData $buf;
    public static int $bufSize = 0;
    public static \FFI\CData $err;
    public static \FFI\CData $text;
    public static \FFI\CData $info;
    public static \FFI\CData $pair;

    /** The first, minimal binding: kept so that nothing is ever dlclose()d. */
    private static ?\FFI $abi = null;
    private static int $pid = 0;
    private static int $pending = 0;
    private static ?StreamWrapper $opened = null;

    public static function ffi(): \FFI
    {
        return self::$ffi ?? self::load();
    }

    private static function load(): \FFI
    {
        $problems = \array_filter([Environment::ffiProblem(), ...Environment::goVariableProblems()]);
        if ($problems !== []) {
            throw new LibraryException('gostream: ' . \implode('; ', $problems));
        }
        $lib = LibraryPath::library();
        $header = LibraryPath::header();
        try {
            // Only the version function first: the full header may not match an old or newer library.
            $abi = \FFI::cdef('int64_t gs_abi_version(void);', $lib);
        } catch (\FFI\Exception $e) {
            throw new LibraryException("gostream: cannot load $lib ({$e->getMessage()}). Rebuild it with ./build.sh or point GOSTREAM_LIB at a working copy (glibc only: musl cannot load Go libraries)", 0, $e);
        }
        $version = $abi->gs_abi_version();
        if ($version === Abi::GS_EFORKED) {
            throw new LibraryException('gostream: ' . Environment::loadedBeforeForkMessage($lib));
        }
        if ($version !== Abi::GS_ABI_VERSION) {
            throw new LibraryException(\sprintf(
                'gostream: %s implements ABI version %d, this PHP shim needs version %d. Rebuild the library (./build.sh) from the same checkout as php-ext/',
                $lib,
                $version,
                Abi::GS_ABI_VERSION
            ));
        }
        $declarations = @\file_get_contents($header);
        if ($declarations === false) {
            throw new LibraryException("gostream: cannot read $header: " . (\error_get_last()['message'] ?? 'unknown error'));
        }
        $ffi = \FFI::cdef($declarations, $lib);
        $drift = Abi::drift($ffi);
        if ($drift !== null) {
            throw new LibraryException("gostream: php-ext/src/Abi.php says $drift = " . \constant(Abi::class . '::' . $drift) . ", $header says {$ffi->$drift}: php-ext/ and include/ must come from one checkout");
        }
        self::$abi = $abi;
        self::$pid = \getmypid();
        self::$bufSize = self::BUF_SIZE;
        self::$buf = $ffi->new('char[' . self::BUF_SIZE . ']');
        self::$err = $ffi->new('char[' . self::TEXT_SIZE . ']');
        self::$text = $ffi->new('char[' . self::TEXT_SIZE . ']');
        self::$info = $ffi->new('int64_t[' . Abi::GS_INFO_COUNT . ']');
        self::$pair = $ffi->new('int64_t[2]');
        if (!\in_array('gostream', \stream_get_wrappers(), true)) {
            // A URL wrapper, so stream_is_local() is false as for PHP's
            // sockets; allow_url_fopen=0 refuses URL wrappers, and then
            // it is true (DEVIATIONS.md S14).
            \stream_wrapper_register('gostream', StreamWrapper::class, \ini_get('allow_url_fopen') ? \STREAM_IS_URL : 0);
        }
        // Handlers installed before load lack SA_ONSTACK, which Go requires.
        $ffi->gs_signals_onstack();
        // At the end of the script (exit, uncaught exception too), after the
        // shutdown functions registered by then: the process's exit would
        // drop the bytes still queued on TLS streams.
        \register_shutdown_function(static function (): void {
            \register_shutdown_function([self::class, 'flushAtExit']);
        });
        return self::$ffi = $ffi;
    }

    /**
     * Waits (up to default_socket_timeout) until the library's TLS write
     * queues, of open and of closed streams, are in the kernel; warns with
     * the count of bytes that are not.
     *
     * @internal called at shutdown only
     */
    public static function flushAtExit(): void
    {
        // A child forked after Go started gets GS_EFORKED (negative): nothing to do.
        $left = self::$ffi->gs_flush_all(Compat::secondsUs(null));
        if ($left > 0) {
            \trigger_error(\sprintf('gostream: %d bytes queued on TLS streams were not sent: the peers did not read them within default_socket_timeout', $left), \E_USER_WARNING);
        }
    }

    /**
     * Wraps a new handle in a real PHP stream resource (type "stream"), so
     * is_resource(), (int)$conn, fclose() and the global I/O functions work.
     *
     * @param resource|null $context
     * @return resource
     */
    public static function wrap(int $h, $context, string $type)
    {
        self::$pending = $h;
        try {
            $fp = \fopen('gostream://' . $h, 'r+', false, $context);
        } finally {
            self::$pending = 0;
        }
        $wrapper = self::$opened;
        self::$opened = null;
        if ($fp === false || $wrapper === null) {
            self::$ffi->gs_close($h);
            throw new LibraryException('gostream: could not open a gostream:// stream for a new handle');
        }
        // PHP's chunk size stays PHP's default (8192), as on its sockets:
        // stream_set_chunk_size() returns it, and frameworks check it.
        $wrapper->stream = Stream::open((int) $fp, $h, $context, $type);
        return $fp;
    }

    /** Called by StreamWrapper::stream_open: only wrap() may open gostream:// streams. */
    public static function claim(string $path, StreamWrapper $wrapper): bool
    {
        $h = self::$pending;
        if ($h === 0 || $path !== 'gostream://' . $h) {
            return false;
        }
        self::$opened = $wrapper;
        return true;
    }

    /** Called by StreamWrapper::stream_close (fclose, or the last reference gone). */
    public static function release(Stream $stream): void
    {
        $stream->close();
    }

    /** Makes the shared read buffer hold at least $n bytes (up to READ_MAX); returns the usable size. */
    public static function grow(int $n): int
    {
        $size = \min(\max($n, self::$bufSize * 2), self::READ_MAX);
        if ($size > self::$bufSize) {
            self::$buf = self::$ffi->new("char[$size]");
            self::$bufSize = $size;
        }
        return \min($n, self::$bufSize);
    }

    /** The message the last call wrote into the error buffer. */
    public static function errText(): string
    {
        return \FFI::string(self::$err);
    }

    /** strerror()-style text for any code. */
    public static function strerror(int $code): string
    {
        self::$ffi->gs_strerror($code, self::$text, self::TEXT_SIZE);
        return \FFI::string(self::$text);
    }

    /**
     * Throws for codes no PHP function has an answer for: a call in a child
     * forked after Go started in its parent, or a recovered panic in the
     * library.
     */
    public static function check(int $code, string $detail = ''): void
    {
        if ($code === Abi::GS_EFORKED) {
            throw new LibraryException(\sprintf(
                'gostream started Go in a parent before fork() (loaded in process %d, this is process %d): a child forked after the first accept, read, write, select or TLS handshake cannot use it. Create listeners and fork before that, or create them after fork in each child with the so_reuseport socket option',
                self::$pid,
                \getmypid()
            ));
        }
        if ($code === Abi::GS_EPANIC) {
            throw new LibraryException('gostream: internal error in the library' . ($detail !== '' ? ": $detail" : ''));
        }
    }

    /** gs_info as [flags, kind, unread, timeout_us, sent_before_error], or null for a closed handle. */
    public static function info(int $h): ?array
    {
        $n = self::$ffi->gs_info($h, self::$info, Abi::GS_INFO_COUNT);
        if ($n < Abi::GS_INFO_COUNT) {
            self::check($n);
            return null;
        }
        $i = self::$info;
        return [$i[0], $i[1], $i[2], $i[3], $i[4]]; // indexed as the header: $info[Abi::GS_INFO_UNREAD]
    }

    /** Applies the ini default_socket_timeout to a new stream, as PHP does at creation. */
    public static function applyDefaultTimeout(int $h): void
    {
        $t = (int) \ini_get('default_socket_timeout');
        if ($t !== self::DEFAULT_TIMEOUT_S) {
            self::$ffi->gs_set_timeout($h, $t < 0 ? -1 : $t * 1000000);
        }
    }
}
