<?php

namespace GoStream;

/**
 * The descriptor of one of PHP's own streams (STDIN, a file, a proc_open
 * pipe, a socket PHP made), as PHP's stream_select() gets it: so that
 * gs_select can wait on it in the same epoll wait as the gostream streams.
 *
 * PHP has no function that tells a stream's descriptor. The engine does
 * (the php binary exports it, so FFI::cdef() without a library reaches it):
 * the resource is found in EG(regular_list) by its id, and
 * _php_stream_cast(PHP_STREAM_AS_FD_FOR_SELECT) asks the stream, exactly as
 * stream_select() does. This is a second FFI binding, into PHP itself, not
 * the library: it reads engine memory, so it is made only where the layout
 * was checked (PHP 8.2, 64-bit, not ZTS) and proven on a stream of its own
 * at load. Elsewhere, or if anything there looks wrong, it is unavailable
 * and stream_select falls back to slicing its waits (SelectWait::mixed),
 * with one error_log note; `gostream doctor` reports it (mixed-select).
 *
 * @internal
 */
final class NativeFd
{
    /**
     * offsetof(zend_executor_globals, regular_list) in PHP 8.2 NTS, 64-bit
     * (checked with the php8.2-dev headers: 560 of 1800 bytes).
     */
    private const REGULAR_LIST_OFFSET = 560;
    /** PHP_STREAM_AS_FD_FOR_SELECT | PHP_STREAM_CAST_INTERNAL, as stream_select() casts (INTERNAL: no "buffered data lost" notice). */
    private const CAST_FOR_SELECT = 3 | 0x20000000;

    /** The engine's types, as far as they are read (zend_types.h, zend_hash.h). */
    private const CDEF = <<<'C'
        typedef struct { uint32_t refcount; uint32_t type_info; int64_t handle; int type; void *ptr; } gs_zend_resource;
        typedef struct { gs_zend_resource *res; uint32_t type_info; uint32_t u2; } gs_zval;
        typedef struct {
            uint32_t refcount; uint32_t type_info; uint32_t flags; uint32_t nTableMask; void *arData;
            uint32_t nNumUsed; uint32_t nNumOfElements; uint32_t nTableSize; uint32_t nInternalPointer;
            int64_t nNextFreeElement; void *pDestructor;
        } gs_hashtable;
        extern char executor_globals[1800];
        gs_zval *zend_hash_index_find(const gs_hashtable *ht, uint64_t h);
        int _php_stream_cast(void *stream, int castas, void **ret, int show_err);
        int php_file_le_stream(void);
        int php_file_le_pstream(void);
        C;

    private static ?\FFI $ffi = null;
    /** EG(regular_list), typed. */
    private static ?\FFI\CData $list = null;
    private static \FFI\CData $fd;
    private static \FFI\CData $fdAddr;
    private static int $leStream = 0;
    private static int $lePstream = 0;
    /** Where the layout check looks for EG(regular_list) (a seam for the test of a wrong layout). */
    private static int $offset = self::REGULAR_LIST_OFFSET;
    /** Why descriptors cannot be read here; null when they can (or before the first check). */
    private static ?string $problem = null;
    private static bool $checked = false;

    /** Whether PHP's streams can join a gostream wait (checked once per process; a failed check is noted once in the error log). */
    public static function available(): bool
    {
        if (!self::$checked) {
            self::$problem = self::problem();
            if (self::$problem !== null) {
                \error_log('gostream: stream_select over gostream and PHP streams together waits in 5 ms slices: ' . self::$problem);
            }
        }
        return self::$problem === null;
    }

    /** Why PHP's streams cannot join a gostream wait, or null (for `gostream doctor`: no log). */
    public static function problem(): ?string
    {
        if (!self::$checked) {
            self::$checked = true;
            self::$problem = self::load();
        }
        return self::$problem;
    }

    /**
     * The descriptor stream_select() would wait on for this open stream
     * resource, or null when it has none (php://memory, a user-space
     * stream without one: PHP warns and skips it). Call available() first.
     *
     * @param resource $stream
     */
    public static function of($stream): ?int
    {
        $z = self::$ffi->zend_hash_index_find(self::$list, (int) $stream);
        if ($z === null) {
            return null;
        }
        $res = $z->res;
        if ($res->type !== self::$leStream && $res->type !== self::$lePstream) {
            return null;
        }
        self::$fd->cdata = -1;
        if (self::$ffi->_php_stream_cast($res->ptr, self::CAST_FOR_SELECT, self::$fdAddr, 0) !== 0) {
            return null;
        }
        $fd = self::$fd->cdata;
        return $fd >= 0 ? $fd : null;
    }

    /** Binds the engine's functions and proves the layout on a stream of its own; the problem, or null. */
    private static function load(): ?string
    {
        if (\PHP_MAJOR_VERSION !== 8 || \PHP_MINOR_VERSION !== 2 || \PHP_ZTS || \PHP_INT_SIZE !== 8) {
            return 'the engine layout it reads is known for PHP 8.2 NTS 64-bit only, this is ' . \PHP_VERSION . (\PHP_ZTS ? ' ZTS' : '');
        }
        try {
            $ffi = \FFI::cdef(self::CDEF);
            $list = $ffi->cast('gs_hashtable *', \FFI::addr($ffi->executor_globals[self::$offset]));
            $probe = @\fopen(__FILE__, 'r');
            if ($probe === false) {
                return 'cannot open ' . __FILE__ . ' to check the engine layout';
            }
            $id = (int) $probe;
            // A resource id is the list's next free index at its creation: the
            // newest resource proves the offset before anything is looked up.
            if ($list->nNextFreeElement !== $id + 1 || $list->nNumOfElements > $list->nNumUsed || $list->nNumUsed > $list->nTableSize) {
                return \sprintf('EG(regular_list) is not at offset %d of executor_globals in this PHP build', self::$offset);
            }
            $z = $ffi->zend_hash_index_find($list, $id);
            if ($z === null || $z->res->handle !== $id || $z->res->type !== $ffi->php_file_le_stream()) {
                return 'a stream resource was not found where PHP 8.2 keeps it';
            }
            $fd = $ffi->new('int');
            $fdAddr = $ffi->cast('void **', \FFI::addr($fd));
            $fd->cdata = -1;
            if ($ffi->_php_stream_cast($z->res->ptr, self::CAST_FOR_SELECT, $fdAddr, 0) !== 0 || $fd->cdata < 0) {
                return 'PHP could not tell the descriptor of a plain file';
            }
            Native::fclose($probe);
        } catch (\Error $e) { // \FFI\Exception, or no FFI at all
            return 'PHP\'s engine functions are not reachable through FFI: ' . $e->getMessage();
        }
        self::$ffi = $ffi;
        self::$list = $list;
        self::$fd = $fd;
        self::$fdAddr = $fdAddr;
        self::$leStream = $ffi->php_file_le_stream();
        self::$lePstream = $ffi->php_file_le_pstream();
        return null;
    }
}
