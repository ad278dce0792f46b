<?php

namespace GoStream;

/**
 * The encodings shared with the library, under the names include/gostream.h
 * gives them: the one place PHP code spells their values. FFI exposes the
 * header's enums too ($ffi->GS_READ), but a class constant costs nothing on
 * hot paths; Gateway::load() checks every GS_* constant here against the
 * header, so the two cannot drift.
 *
 * @internal
 */
final class Abi
{
    public const GS_ABI_VERSION = 1;

    /** A negative code above this is -errno; at or below it, a GS_E* code. */
    public const GS_ERRNO_LIMIT = -1000;
    public const GS_EPARSE = -1001;
    public const GS_ERESOLVE = -1003;
    public const GS_EFORKED = -1004;
    public const GS_EPANIC = -1005;
    public const GS_ETLS = -1007;

    // gs_select interest and readiness bits, and how a ready entry is packed.
    public const GS_READ = 1;
    public const GS_WRITE = 2;
    public const GS_EXCEPT = 4;
    public const GS_BUFFERED = 8;
    public const GS_READY_SHIFT = 3;
    public const GS_READY_MASK = 7;

    public const GS_KIND_TCP = 1;

    // gs_fd uses.
    public const GS_FD_SOCKET = 1;
    public const GS_FD_SELECT = 2;
    public const GS_FD_READY = 3;

    // gs_info indexes and the bits of its flags.
    public const GS_INFO_FLAGS = 0;
    public const GS_INFO_KIND = 1;
    public const GS_INFO_UNREAD = 2;
    public const GS_INFO_TIMEOUT_US = 3;
    public const GS_INFO_SENT_BEFORE_ERROR = 4;
    public const GS_INFO_COUNT = 5;
    public const GS_FLAG_TIMED_OUT = 1;
    public const GS_FLAG_BLOCKING = 2;
    public const GS_FLAG_EOF = 4;
    public const GS_FLAG_TLS = 16;

    // Linux errno values the shim branches on (system errors come as -errno).
    public const EBADF = 9;
    public const EAGAIN = 11;
    public const ENOTSOCK = 88;
    public const ETIMEDOUT = 110;
    public const EALREADY = 114;

    /** The errno PHP reports for a library code: -code for a system error, 0 for a GS_E* code. */
    public static function errno(int $code): int
    {
        return $code > self::GS_ERRNO_LIMIT ? -$code : 0;
    }

    /** The name of the first GS_* constant here whose value differs from the header's, or null. */
    public static function drift(\FFI $ffi): ?string
    {
        foreach ((new \ReflectionClass(self::class))->getConstants() as $name => $value) {
            if (\str_starts_with($name, 'GS_') && $ffi->$name !== $value) {
                return $name;
            }
        }
        return null;
    }
}
