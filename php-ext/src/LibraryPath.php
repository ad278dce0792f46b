<?php

namespace GoStream;

/**
 * Where the shim finds libgostream.so and the header it is written against,
 * in each way gostream is taken in: a checkout, a Composer package (built
 * there with `vendor/bin/gostream build`), or `./build.sh install`, which puts
 * these PHP files in PREFIX/share/gostream/ beside PREFIX/lib and
 * PREFIX/include.
 *
 * @internal
 */
final class LibraryPath
{
    /** The file name ./build.sh install gives the library: its soname, from GS_ABI_VERSION. */
    public const INSTALLED_NAME = 'libgostream.so.' . Abi::GS_ABI_VERSION;

    /** The directory holding php-ext/: a checkout, a Composer package or PREFIX/share/gostream. */
    public static function root(): string
    {
        return \dirname(__DIR__, 2);
    }

    /**
     * Where the library is looked for when GOSTREAM_LIB is not set, first
     * found first used.
     *
     * @return list<string>
     */
    public static function candidates(): array
    {
        $root = self::root();
        $installed = \str_ends_with($root, '/share/gostream') ? [\dirname($root, 2) . '/lib/' . self::INSTALLED_NAME] : [];
        return \array_values(\array_unique([
            "$root/build/libgostream.so",
            ...$installed,
            '/usr/local/lib/' . self::INSTALLED_NAME,
            '/usr/lib/' . self::INSTALLED_NAME,
        ]));
    }

    /** The library to load: $GOSTREAM_LIB, else the first candidate that exists. */
    public static function library(): string
    {
        $lib = (string) \getenv('GOSTREAM_LIB');
        if ($lib !== '') {
            if (!\is_file($lib)) {
                throw new LibraryException("gostream: library not found at $lib (GOSTREAM_LIB). Point GOSTREAM_LIB at libgostream.so, or unset it to use the one `vendor/bin/gostream build` (Composer) or `./build.sh` (a checkout) builds, or `./build.sh install` installs");
            }
            return $lib;
        }
        foreach (self::candidates() as $lib) {
            if (\is_file($lib)) {
                return $lib;
            }
        }
        throw new LibraryException('gostream: libgostream.so not found in ' . \implode(', ', self::candidates())
            . '. Build it with `vendor/bin/gostream build` (Composer) or `./build.sh` (a checkout), or install it with `./build.sh install`; or set GOSTREAM_LIB to its path');
    }

    /** include/gostream.h beside php-ext/ (checkout, Composer), else PREFIX/include/gostream.h (installed). */
    public static function header(): string
    {
        $root = self::root();
        foreach (["$root/include/gostream.h", \dirname($root, 2) . '/include/gostream.h'] as $header) {
            if (\is_file($header)) {
                return $header;
            }
        }
        throw new LibraryException("gostream: C header not found at $root/include/gostream.h; php-ext/ must stay next to include/ (or be installed with ./build.sh install)");
    }
}
