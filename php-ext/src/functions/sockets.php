<?php
/*
 * Drop-in stream_socket_* functions. Each takes PHP 8.2's signature and gives
 * its return values, by-reference results, warnings and exceptions; a stream
 * that is not a gostream stream is handed to PHP's own function unchanged.
 */

namespace GoStream;

/**
 * Creates a server socket: PHP's stream_socket_server().
 *
 * @param string $address
 * @param int|null $error_code
 * @param string|null $error_message
 * @param int $flags
 * @param resource|null $context
 * @return resource|false
 */
function stream_socket_server(string $address, &$error_code = null, &$error_message = null, int $flags = \STREAM_SERVER_BIND | \STREAM_SERVER_LISTEN, $context = null)
{
    [$ctx, $error] = Compat::context($context, 'stream_socket_server', 5, $flags);
    $error_code = 0;
    $error_message = '';
    $ffi = Gateway::ffi();
    $opts = Compat::options($ctx);
    $h = $ffi->gs_server($address, \strlen($address), $flags & (\STREAM_SERVER_BIND | \STREAM_SERVER_LISTEN),
        $opts, $opts === null ? 0 : \strlen($opts), Gateway::$err, Gateway::TEXT_SIZE);
    if ($h < 0) {
        Compat::connectFailed('stream_socket_server', $address, $h, $error_code, $error_message);
        return Compat::finish(false, $error);
    }
    Gateway::applyDefaultTimeout($h);
    return Compat::finish(Gateway::wrap($h, $ctx, Compat::streamType($address)), $error);
}

/**
 * STREAM_CLIENT_PERSISTENT gives an ordinary connection (PHP would keep it
 * for reuse across requests); without STREAM_CLIENT_CONNECT or
 * STREAM_CLIENT_ASYNC_CONNECT the socket is connected all the same.
 *
 * @param string $address
 * @param int|null $error_code
 * @param string|null $error_message
 * @param ?float $timeout
 * @param int $flags
 * @param resource|null $context
 * @return resource|false
 */
function stream_socket_client(string $address, &$error_code = null, &$error_message = null, ?float $timeout = null, int $flags = \STREAM_CLIENT_CONNECT, $context = null)
{
    $timeout_us = Compat::secondsUs($timeout, 'stream_socket_client', 4);
    [$ctx, $error] = Compat::context($context, 'stream_socket_client', 6);
    $stream = Client::connect('stream_socket_client', $address, \addslashes($address), $timeout_us, $flags, $ctx, $error_code, $error_message);
    return Compat::finish($stream, $error);
}

/**
 * Opens a client connection: PHP's fsockopen(), stream_socket_client() of
 * "$hostname:$port" (of $hostname alone for a port of 0 or less) without a
 * context (PHP's does not take the default one either); its warnings name
 * the host and port as given.
 *
 * @param string $hostname
 * @param int $port
 * @param int|null $error_code
 * @param string|null $error_message
 * @param ?float $timeout
 * @return resource|false
 */
function fsockopen(string $hostname, int $port = -1, &$error_code = null, &$error_message = null, ?float $timeout = null)
{
    $timeout_us = Compat::secondsUs($timeout, 'fsockopen', 5);
    $address = $port > 0 ? "$hostname:$port" : $hostname;
    return Client::connect('fsockopen', $address, "$hostname:$port", $timeout_us, \STREAM_CLIENT_CONNECT, null, $error_code, $error_message);
}

/**
 * Accepts a connection: PHP's stream_socket_accept().
 *
 * @param resource $socket
 * @param ?float $timeout
 * @param string|null $peer_name
 * @return resource|false
 */
function stream_socket_accept($socket, ?float $timeout = null, &$peer_name = null)
{
    $timeout_us = Compat::secondsUs($timeout, 'stream_socket_accept', 2);
    $listener = \is_resource($socket) ? Stream::$open[(int) $socket] ?? null : null;
    if ($listener === null) {
        return Native::stream_socket_accept($socket, $timeout, $peer_name);
    }
    $ffi = Gateway::$ffi;
    $c = $ffi->gs_accept($listener->h, $timeout_us, Gateway::$text, Gateway::TEXT_SIZE, Gateway::$err, Gateway::TEXT_SIZE);
    if ($c < 0) {
        Gateway::check($c, Gateway::errText());
        $message = Gateway::errText();
        Compat::warn('stream_socket_accept', 'Accept failed: ' . ($message === '' ? Gateway::strerror($c) : $message));
        return false;
    }
    $peer_name = \FFI::string(Gateway::$text);
    // The accepted stream shares the listener's context resource, as in PHP
    // (but a captured client certificate goes into a copy of its own).
    $ctx = $listener->givenContext();
    $conn = Gateway::wrap($c, $ctx, $listener->type);
    if ($ctx !== null && (Native::stream_context_get_options($ctx)['ssl']['capture_peer_cert'] ?? false)) {
        Tls::capture((int) $conn, $c, true);
    }
    return $conn;
}

/**
 * The local or remote name of a socket: PHP's stream_socket_get_name().
 *
 * @param resource $socket
 * @param bool $remote
 * @return string|false
 */
function stream_socket_get_name($socket, bool $remote): string|false
{
    $s = \is_resource($socket) ? Stream::$open[(int) $socket] ?? null : null;
    if ($s === null) {
        return Native::stream_socket_get_name($socket, $remote);
    }
    $n = Gateway::$ffi->gs_name($s->h, $remote ? 1 : 0, Gateway::$text, Gateway::TEXT_SIZE);
    if ($n <= 0) {
        Gateway::check($n);
        return false; // unnamed, socket-less or not connected: PHP says false, without a warning
    }
    $name = \FFI::string(Gateway::$text);
    return $name[0] === "\0" ? false : $name;
}

/**
 * Receives data, connected or not: PHP's stream_socket_recvfrom(). Unlike
 * PHP's, a blocking recvfrom waits no longer than the stream timeout.
 *
 * @param resource $socket
 * @param int $length
 * @param int $flags
 * @param string|null $address
 * @return string|false
 */
function stream_socket_recvfrom($socket, int $length, int $flags = 0, &$address = null): string|false
{
    $s = \is_resource($socket) ? Stream::$open[(int) $socket] ?? null : null;
    if ($s === null) {
        return Native::stream_socket_recvfrom($socket, $length, $flags, $address);
    }
    $address = null;
    if ($length <= 0) {
        throw new \ValueError('stream_socket_recvfrom(): Argument #2 ($length) must be greater than 0');
    }
    return $s->recvfrom($length, $flags, $address);
}

/**
 * Sends a message, connected or not: PHP's stream_socket_sendto().
 *
 * @param resource $socket
 * @param string $data
 * @param int $flags
 * @param string $address
 * @return int|false
 */
function stream_socket_sendto($socket, string $data, int $flags = 0, string $address = ''): int|false
{
    $s = \is_resource($socket) ? Stream::$open[(int) $socket] ?? null : null;
    if ($s === null) {
        return Native::stream_socket_sendto($socket, $data, $flags, $address);
    }
    $n = Gateway::$ffi->gs_sendto($s->h, $data, \strlen($data), $flags & \STREAM_OOB, $address, \strlen($address), Gateway::$err, Gateway::TEXT_SIZE);
    if ($n >= 0) {
        return $n;
    }
    Gateway::check($n, Gateway::errText());
    if ($n === Abi::GS_EPARSE) {
        Compat::warn('stream_socket_sendto', Gateway::errText());
        return false;
    }
    Compat::warn('stream_socket_sendto', Gateway::strerror($n) . "\n");
    return -1;
}

/**
 * Shuts down a full-duplex connection: PHP's stream_socket_shutdown().
 *
 * @param resource $stream
 * @param int $mode
 */
function stream_socket_shutdown($stream, int $mode): bool
{
    $s = \is_resource($stream) ? Stream::$open[(int) $stream] ?? null : null;
    if ($s === null) {
        return Native::stream_socket_shutdown($stream, $mode);
    }
    if ($mode !== \STREAM_SHUT_RD && $mode !== \STREAM_SHUT_WR && $mode !== \STREAM_SHUT_RDWR) {
        throw new \ValueError('stream_socket_shutdown(): Argument #2 ($mode) must be one of STREAM_SHUT_RD, STREAM_SHUT_WR, or STREAM_SHUT_RDWR');
    }
    $r = Gateway::$ffi->gs_shutdown($s->h, $mode);
    Gateway::check($r);
    return $r === 0;
}

/**
 * A pair of connected sockets: PHP's stream_socket_pair().
 *
 * @param int $domain
 * @param int $type
 * @param int $protocol
 * @return array{0:resource,1:resource}|false
 */
function stream_socket_pair(int $domain, int $type, int $protocol): array|false
{
    $ffi = Gateway::ffi();
    $r = $ffi->gs_pair($domain, $type, $protocol, Gateway::$pair, Gateway::$err, Gateway::TEXT_SIZE);
    if ($r < 0) {
        Gateway::check($r, Gateway::errText());
        Compat::warn('stream_socket_pair', \sprintf('Failed to create sockets: [%d]: %s', Abi::errno($r), Gateway::errText()));
        return false;
    }
    $a = Gateway::$pair[0];
    $b = Gateway::$pair[1];
    Gateway::applyDefaultTimeout($a);
    Gateway::applyDefaultTimeout($b);
    return [Gateway::wrap($a, null, 'generic_socket'), Gateway::wrap($b, null, 'generic_socket')];
}

/**
 * Starts, continues or stops TLS on a connected gostream TCP stream, as PHP
 * 8.2 does: true when the handshake is done, 0 while a non-blocking one
 * runs (wait for the stream to be readable in stream_select, call again),
 * false on failure with PHP's warnings; disabling sends close_notify and
 * answers false. A $crypto_method of null takes the context's
 * ssl.crypto_method. $session_stream is checked as PHP checks it, but a
 * session is not resumed from it.
 *
 * @param resource $stream
 * @param bool $enable
 * @param ?int $crypto_method
 * @param resource|null $session_stream
 * @return int|bool
 */
function stream_socket_enable_crypto($stream, bool $enable, ?int $crypto_method = null, $session_stream = null): int|bool
{
    $s = \is_resource($stream) ? Stream::$open[(int) $stream] ?? null : null;
    if ($s === null) {
        return Native::stream_socket_enable_crypto($stream, $enable, $crypto_method, $session_stream);
    }
    return Tls::enable($s, $enable, $crypto_method, $session_stream);
}

/**
 * PHP's list with OpenSSL, in its order. tlsv1.0:// and tlsv1.1:// are
 * listed as PHP lists them but fail at creation: gostream refuses TLS
 * below 1.2.
 *
 * @return list<string>
 */
function stream_get_transports(): array
{
    return ['tcp', 'udp', 'unix', 'udg', 'ssl', 'tls', 'tlsv1.0', 'tlsv1.1', 'tlsv1.2', 'tlsv1.3'];
}
