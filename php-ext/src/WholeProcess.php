<?php

namespace GoStream;

/**
 * Whole-process mode: PHP's global functions of the names the shim replaces
 * (fread, stream_select, stream_socket_server...) are pointed at the
 * GoStream\ functions, so that every call - unqualified, `\`-qualified,
 * imported with `use function`, or by name (call_user_func) - reaches
 * gostream, in files that were never changed.
 *
 * How: the engine's function table maps each name to a zend_function*; this
 * class finds the entry through FFI into the PHP binary's own exported
 * symbols and writes the GoStream\ function's pointer into it. PHP's own
 * functions are captured first, as closures (Native calls them: they give
 * PHP's own results, warnings and errors, under PHP's own names).
 *
 * Rules the engine imposes (measured on Debian's PHP 8.2 CLI):
 * - it must run before the application's files are compiled (from
 *   auto_prepend_file): a call compiled while the name was PHP's internal
 *   function is a direct internal call, and crashes once swapped;
 * - every entry is restored at the end of the request: the function table
 *   outlives it and would free the request's function at module shutdown
 *   ("zend_mm_heap corrupted"). The restore runs after the shutdown
 *   functions, or after an exit() in one of them from a destructor; a fatal
 *   error inside a shutdown function skips both (README: limits).
 *
 * Loads no library: the Go runtime starts on first use, as in the shim.
 *
 * @internal
 */
final class WholeProcess
{
    /**
     * Byte offsets of EG(function_table) in executor_globals and of
     * CG(function_table) in compiler_globals, per PHP minor version (NTS).
     */
    private const OFFSETS = ['8.2' => [432, 56]];
    /** zval type of a function table entry (IS_PTR). */
    private const IS_PTR = 13;
    private const DECLARATIONS = '
        typedef struct _zval { void *ptr; uint32_t type_info; uint32_t u2; } zval;
        typedef struct _HashTable HashTable;
        extern char executor_globals;
        extern char compiler_globals;
        zval *zend_hash_str_find(const HashTable *ht, const char *key, size_t len);
        void *zend_fetch_function_str(const char *name, size_t len);
    ';

    private static ?\FFI $engine = null;
    /** Restores in its destructor: an exit() in a shutdown function skips the shutdown functions after it. */
    private static ?self $guard = null;
    /** @var array<string,\FFI\CData> global name => PHP's own zend_function* */
    private static array $originals = [];

    /**
     * Replaces the globals, or throws LibraryException saying why it cannot
     * (FFI off, an unknown PHP build, symbols missing, a layout that does not
     * check out), having changed nothing.
     *
     * @return list<string> the replaced global names
     */
    public static function start(): array
    {
        if (self::$engine !== null) {
            return \array_keys(self::$originals);
        }
        $engine = self::engine();
        $table = self::functionTable($engine);
        $names = self::replaceable();
        $swaps = [];
        foreach ($names as $name) {
            $own = self::entry($engine, $table, $name);
            $ours = self::entry($engine, $table, 'gostream\\' . $name);
            $swaps[$name] = [$own, $ours];
        }
        $php = [];
        foreach ($names as $name) {
            $php[$name] = \Closure::fromCallable($name);
        }
        Native::$php = $php;
        self::$engine = $engine;
        foreach ($swaps as $name => [$own, $ours]) {
            self::$originals[$name] = $own;
            self::find($engine, $table, $name)->ptr = $ours;
        }
        // At the very end: after the shutdown functions the program registers.
        \register_shutdown_function(static function (): void {
            \register_shutdown_function([self::class, 'restore']);
        });
        self::$guard = new self();
        return $names;
    }

    public function __destruct()
    {
        self::restore();
    }

    /**
     * Puts PHP's own functions back. The entries are looked up again: the
     * table may have been resized since start().
     *
     * @internal called at shutdown
     */
    public static function restore(): void
    {
        if (self::$engine === null) {
            return;
        }
        $table = self::functionTable(self::$engine);
        foreach (self::$originals as $name => $own) {
            self::find(self::$engine, $table, $name)->ptr = $own;
        }
        self::$originals = [];
    }

    /** The names replaced now ([] outside whole-process mode). */
    public static function replaced(): array
    {
        return \array_keys(self::$originals);
    }

    private static function engine(): \FFI
    {
        $problem = Environment::ffiProblem();
        if ($problem !== null) {
            throw new LibraryException("gostream whole-process mode needs FFI: $problem");
        }
        $minor = \PHP_MAJOR_VERSION . '.' . \PHP_MINOR_VERSION;
        if (\PHP_ZTS || \PHP_DEBUG || !isset(self::OFFSETS[$minor])) {
            throw new LibraryException(\sprintf(
                'gostream whole-process mode knows the engine layout of PHP %s (non-thread-safe, non-debug builds) only; this is PHP %s%s%s (%s). Use `use function GoStream\{...}` instead',
                \implode(', ', \array_keys(self::OFFSETS)),
                \PHP_VERSION,
                \PHP_ZTS ? ' ZTS' : '',
                \PHP_DEBUG ? ' debug' : '',
                \PHP_BINARY
            ));
        }
        try {
            return \FFI::cdef(self::DECLARATIONS);
        } catch (\FFI\Exception $e) {
            throw new LibraryException(\sprintf(
                'gostream whole-process mode: %s (PHP %s) does not export the engine symbols it needs (%s); see `nm -D %s`',
                \PHP_BINARY,
                \PHP_VERSION,
                $e->getMessage(),
                \PHP_BINARY
            ), 0, $e);
        }
    }

    /** EG(function_table), checked against CG(function_table). */
    private static function functionTable(\FFI $engine): \FFI\CData
    {
        [$eg, $cg] = self::OFFSETS[\PHP_MAJOR_VERSION . '.' . \PHP_MINOR_VERSION];
        $executor = $engine->cast('HashTable **', \FFI::addr($engine->executor_globals) + $eg)[0];
        $compiler = $engine->cast('HashTable **', \FFI::addr($engine->compiler_globals) + $cg)[0];
        if (\FFI::isNull($executor) || self::address($engine, $executor) !== self::address($engine, $compiler)) {
            throw self::layoutFailed('EG(function_table) and CG(function_table) disagree');
        }
        return $executor;
    }

    /**
     * The zend_function* named $name, checked against the engine's own
     * lookup.
     */
    private static function entry(\FFI $engine, \FFI\CData $table, string $name): \FFI\CData
    {
        $zv = self::find($engine, $table, $name);
        $fetched = $engine->zend_fetch_function_str($name, \strlen($name));
        if (($zv->type_info & 0xff) !== self::IS_PTR || \FFI::isNull($fetched)
            || self::address($engine, $zv->ptr) !== self::address($engine, $fetched)) {
            throw self::layoutFailed("the function table's entry for $name is not the function the engine finds");
        }
        return $zv->ptr;
    }

    private static function find(\FFI $engine, \FFI\CData $table, string $name): \FFI\CData
    {
        $zv = $engine->zend_hash_str_find($table, $name, \strlen($name));
        if ($zv === null || \FFI::isNull($zv)) {
            throw self::layoutFailed("$name is not in the function table");
        }
        return $zv;
    }

    /**
     * The GoStream\ functions with a PHP function of the same global name,
     * lower case as the function table keys them.
     *
     * @return list<string>
     */
    private static function replaceable(): array
    {
        $names = [];
        foreach (\get_defined_functions()['user'] as $f) {
            if (\str_starts_with($f, 'gostream\\') && \strpos($f, '\\', 9) === false) {
                $name = \substr($f, 9);
                if (\function_exists($name) && (new \ReflectionFunction($name))->isInternal()) {
                    $names[] = $name;
                }
            }
        }
        \sort($names);
        return $names;
    }

    private static function address(\FFI $engine, \FFI\CData $pointer): int
    {
        return $engine->cast('uintptr_t', $pointer)->cdata;
    }

    private static function layoutFailed(string $what): LibraryException
    {
        return new LibraryException(\sprintf(
            'gostream whole-process mode: the engine of PHP %s (%s) is not laid out as expected (%s); nothing was replaced',
            \PHP_VERSION,
            \PHP_BINARY,
            $what
        ));
    }
}
