<?php
// GoStream\* names forwarding to PHP's own functions, so that server.php
// runs unchanged on native PHP streams (GOSTREAM_NATIVE=1): the baseline
// that fails past FD_SETSIZE.
declare(strict_types=1);

namespace GoStream;

function stream_socket_server(string $address, &$error_code = null, &$error_message = null, int $flags = \STREAM_SERVER_BIND | \STREAM_SERVER_LISTEN, $context = null)
{
    return $context === null
        ? \stream_socket_server($address, $error_code, $error_message, $flags)
        : \stream_socket_server($address, $error_code, $error_message, $flags, $context);
}

function stream_socket_accept($socket, ?float $timeout = null, &$peer_name = null)
{
    return \stream_socket_accept($socket, $timeout, $peer_name);
}

function stream_select(?array &$read, ?array &$write, ?array &$except, ?int $seconds, ?int $microseconds = null): int|false
{
    return \stream_select($read, $write, $except, $seconds, $microseconds);
}

function fread($stream, int $length): string|false
{
    return \fread($stream, $length);
}

function fwrite($stream, string $data, ?int $length = null): int|false
{
    return $length === null ? \fwrite($stream, $data) : \fwrite($stream, $data, $length);
}

function fclose($stream): bool
{
    return \fclose($stream);
}

function feof($stream): bool
{
    return \feof($stream);
}

function stream_set_blocking($stream, bool $enable): bool
{
    return \stream_set_blocking($stream, $enable);
}
