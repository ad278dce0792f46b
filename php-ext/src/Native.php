<?php

namespace GoStream;

/**
 * PHP's own functions of the names the shim replaces: the one place the shim
 * calls them. Whatever is not a gostream stream (or is a value of a type the
 * fast paths do not take) lands here, so PHP gives its own results, warnings
 * and errors. Whole-process mode may move PHP's functions under other names:
 * that is a change to this file alone.
 *
 * Arguments are passed on as given (untyped), so that a TypeError is PHP's
 * own, naming PHP's function.
 *
 * @internal
 */
final class Native
{
    public static function fread($stream, $length)
    {
        return \fread($stream, $length);
    }

    public static function fwrite($stream, $data, $length)
    {
        return \fwrite($stream, $data, $length);
    }

    public static function fputs($stream, $data, $length)
    {
        return \fputs($stream, $data, $length);
    }

    public static function fgets($stream, $length)
    {
        return \fgets($stream, $length);
    }

    public static function feof($stream)
    {
        return \feof($stream);
    }

    public static function fclose($stream)
    {
        return \fclose($stream);
    }

    public static function stream_get_contents($stream, $length, $offset)
    {
        return \stream_get_contents($stream, $length, $offset);
    }

    public static function stream_set_blocking($stream, $enable)
    {
        return \stream_set_blocking($stream, $enable);
    }

    public static function stream_set_timeout($stream, $seconds, $microseconds)
    {
        return \stream_set_timeout($stream, $seconds, $microseconds);
    }

    public static function stream_get_meta_data($stream)
    {
        return \stream_get_meta_data($stream);
    }

    public static function stream_set_read_buffer($stream, $size)
    {
        return \stream_set_read_buffer($stream, $size);
    }

    public static function stream_select(&$read, &$write, &$except, $seconds, $microseconds)
    {
        return \stream_select($read, $write, $except, $seconds, $microseconds);
    }

    public static function stream_socket_accept($socket, $timeout, &$peer_name)
    {
        return \stream_socket_accept($socket, $timeout, $peer_name);
    }

    public static function stream_socket_get_name($socket, $remote)
    {
        return \stream_socket_get_name($socket, $remote);
    }

    public static function stream_socket_recvfrom($socket, $length, $flags, &$address)
    {
        return \stream_socket_recvfrom($socket, $length, $flags, $address);
    }

    public static function stream_socket_sendto($socket, $data, $flags, $address)
    {
        return \stream_socket_sendto($socket, $data, $flags, $address);
    }

    public static function stream_socket_shutdown($stream, $mode)
    {
        return \stream_socket_shutdown($stream, $mode);
    }

    public static function stream_socket_enable_crypto($stream, $enable, $crypto_method, $session_stream)
    {
        return \stream_socket_enable_crypto($stream, $enable, $crypto_method, $session_stream);
    }

    public static function stream_context_get_options($stream_or_context)
    {
        return \stream_context_get_options($stream_or_context);
    }

    /** Takes PHP's arguments as given: PHP tells two forms apart by their count. */
    public static function stream_context_set_option(...$args)
    {
        return \stream_context_set_option(...$args);
    }

    public static function stream_context_get_params($context)
    {
        return \stream_context_get_params($context);
    }

    public static function pcntl_signal($signal, $handler, $restart_syscalls)
    {
        return \pcntl_signal($signal, $handler, $restart_syscalls);
    }
}
