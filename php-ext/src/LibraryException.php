<?php

namespace GoStream;

/**
 * The library cannot be used here: it is missing, FFI is unavailable, the ABI
 * does not match, or this process was forked after the library was loaded.
 * The message always says what to do.
 */
class LibraryException extends \RuntimeException
{
}
