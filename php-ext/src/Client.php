<?php

namespace GoStream;

/**
 * The one client connect of stream_socket_client() and fsockopen(): they
 * differ in the name and the address their warnings give.
 *
 * @internal
 */
final class Client
{
    /**
     * @param string $function the PHP function the warnings name
     * @param string $shown the address as the warnings give it
     * @param resource|null $ctx
     * @return resource|false
     */
    public static function connect(string $function, string $address, string $shown, int $timeout_us, int $flags, $ctx, &$error_code, &$error_message)
    {
        $error_code = 0;
        $error_message = '';
        $ffi = Gateway::ffi();
        $opts = Compat::options($ctx);
        $h = $ffi->gs_client($address, \strlen($address), $flags & \STREAM_CLIENT_ASYNC_CONNECT, $timeout_us,
            $opts, $opts === null ? 0 : \strlen($opts), Gateway::$err, Gateway::TEXT_SIZE);
        if ($h < 0) {
            if (Tls::handshakeFailed($h)) {
                Tls::clientFailed($function, $ctx, $shown, $error_code, $error_message);
            } else {
                Compat::connectFailed($function, $shown, $h, $error_code, $error_message);
            }
            return false;
        }
        Gateway::applyDefaultTimeout($h);
        $stream = Gateway::wrap($h, $ctx, Compat::streamType($address));
        if ($ctx !== null && Compat::isTls($address)) {
            Tls::capture((int) $stream, $h, false);
        }
        return $stream;
    }
}
