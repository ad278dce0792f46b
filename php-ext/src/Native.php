<?php

namespace GoStream;

/**
 * PHP's own functions of the names the shim replaces: the one place the shim
 * calls them. Whatever is not a gostream stream (or is a value of a type the
 * fast paths do not take) lands here, so PHP gives its own results, warnings
 * and errors. In whole-process mode the global names are gostream's, so
 * PHP's own functions are called through the closures WholeProcess captured
 * before the swap (a `\fread()` compiled before the swap would crash there).
 *
 * Arguments are passed on as given (untyped), so that a TypeError is PHP's
 * own, naming PHP's function.
 *
 * @internal
 */
final class Native
{
    /** @var array<string,\Closure>|null PHP's own functions, in whole-process mode */
    public static ?array $php = null;

    public static function fread($stream, $length)
    {
        return self::$php === null ? \fread($stream, $length) : (self::$php['fread'])($stream, $length);
    }

    public static function fwrite($stream, $data, $length)
    {
        return self::$php === null ? \fwrite($stream, $data, $length) : (self::$php['fwrite'])($stream, $data, $length);
    }

    public static function fputs($stream, $data, $length)
    {
        return self::$php === null ? \fputs($stream, $data, $length) : (self::$php['fputs'])($stream, $data, $length);
    }

    public static function fgets($stream, $length)
    {
        return self::$php === null ? \fgets($stream, $length) : (self::$php['fgets'])($stream, $length);
    }

    public static function feof($stream)
    {
        return self::$php === null ? \feof($stream) : (self::$php['feof'])($stream);
    }

    public static function fclose($stream)
    {
        return self::$php === null ? \fclose($stream) : (self::$php['fclose'])($stream);
    }

    public static function stream_get_contents($stream, $length, $offset)
    {
        return self::$php === null ? \stream_get_contents($stream, $length, $offset) : (self::$php['stream_get_contents'])($stream, $length, $offset);
    }

    public static function stream_set_blocking($stream, $enable)
    {
        return self::$php === null ? \stream_set_blocking($stream, $enable) : (self::$php['stream_set_blocking'])($stream, $enable);
    }

    public static function stream_set_timeout($stream, $seconds, $microseconds)
    {
        return self::$php === null ? \stream_set_timeout($stream, $seconds, $microseconds) : (self::$php['stream_set_timeout'])($stream, $seconds, $microseconds);
    }

    public static function stream_get_meta_data($stream)
    {
        return self::$php === null ? \stream_get_meta_data($stream) : (self::$php['stream_get_meta_data'])($stream);
    }

    public static function stream_set_read_buffer($stream, $size)
    {
        return self::$php === null ? \stream_set_read_buffer($stream, $size) : (self::$php['stream_set_read_buffer'])($stream, $size);
    }

    public static function stream_select(&$read, &$write, &$except, $seconds, $microseconds)
    {
        return self::$php === null ? \stream_select($read, $write, $except, $seconds, $microseconds) : (self::$php['stream_select'])($read, $write, $except, $seconds, $microseconds);
    }

    public static function stream_socket_accept($socket, $timeout, &$peer_name)
    {
        return self::$php === null ? \stream_socket_accept($socket, $timeout, $peer_name) : (self::$php['stream_socket_accept'])($socket, $timeout, $peer_name);
    }

    public static function stream_socket_get_name($socket, $remote)
    {
        return self::$php === null ? \stream_socket_get_name($socket, $remote) : (self::$php['stream_socket_get_name'])($socket, $remote);
    }

    public static function stream_socket_recvfrom($socket, $length, $flags, &$address)
    {
        return self::$php === null ? \stream_socket_recvfrom($socket, $length, $flags, $address) : (self::$php['stream_socket_recvfrom'])($socket, $length, $flags, $address);
    }

    public static function stream_socket_sendto($socket, $data, $flags, $address)
    {
        return self::$php === null ? \stream_socket_sendto($socket, $data, $flags, $address) : (self::$php['stream_socket_sendto'])($socket, $data, $flags, $address);
    }

    public static function stream_socket_shutdown($stream, $mode)
    {
        return self::$php === null ? \stream_socket_shutdown($stream, $mode) : (self::$php['stream_socket_shutdown'])($stream, $mode);
    }

    public static function stream_socket_enable_crypto($stream, $enable, $crypto_method, $session_stream)
    {
        return self::$php === null ? \stream_socket_enable_crypto($stream, $enable, $crypto_method, $session_stream) : (self::$php['stream_socket_enable_crypto'])($stream, $enable, $crypto_method, $session_stream);
    }

    public static function stream_context_get_options($stream_or_context)
    {
        return self::$php === null ? \stream_context_get_options($stream_or_context) : (self::$php['stream_context_get_options'])($stream_or_context);
    }

    /** Takes PHP's arguments as given: PHP tells two forms apart by their count. */
    public static function stream_context_set_option(...$args)
    {
        return self::$php === null ? \stream_context_set_option(...$args) : (self::$php['stream_context_set_option'])(...$args);
    }

    public static function stream_context_get_params($context)
    {
        return self::$php === null ? \stream_context_get_params($context) : (self::$php['stream_context_get_params'])($context);
    }

    public static function pcntl_signal($signal, $handler, $restart_syscalls)
    {
        return self::$php === null ? \pcntl_signal($signal, $handler, $restart_syscalls) : (self::$php['pcntl_signal'])($signal, $handler, $restart_syscalls);
    }
}
