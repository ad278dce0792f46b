<?php

namespace GoStream;

/**
 * PHP's own conventions, reproduced: warning texts, argument checks the
 * engine cannot do for resources, timeouts, context options.
 *
 * @internal
 */
final class Compat
{
    /** stream_type in stream_get_meta_data(), by transport (tcp as PHP with ext/openssl reports it). */
    private const STREAM_TYPES = [
        'tcp' => 'tcp_socket/ssl',
        'udp' => 'udp_socket',
        'unix' => 'unix_socket',
        'udg' => 'udg_socket',
    ];

    /** Transports whose streams are encrypted from the start. */
    private const TLS_TRANSPORTS = ['ssl' => true, 'tls' => true, 'tlsv1.0' => true, 'tlsv1.1' => true, 'tlsv1.2' => true, 'tlsv1.3' => true];

    /** Context sections the library reads; others (http, ftp...) are not sent. */
    private const CONTEXT_SECTIONS = ['socket' => true, 'ssl' => true];

    /**
     * A warning as PHP prints it ("Warning: fn(): message"). It is an
     * E_USER_WARNING raised in the shim, so error handlers see that level and
     * the shim's file and line.
     */
    public static function warn(string $function, string $message): void
    {
        \trigger_error("$function(): $message", \E_USER_WARNING);
    }

    public static function notice(string $function, string $message): void
    {
        \trigger_error("$function(): $message", \E_USER_NOTICE);
    }

    /**
     * PHP's "Unable to connect" report. $error_code gets the real errno for
     * system errors (PHP 8.2 leaves 0 for servers) and 0 for address, resolver
     * and transport errors; a resolver failure is reported twice, as PHP does.
     */
    public static function connectFailed(string $function, string $address, int $code, &$error_code, &$error_message): void
    {
        Gateway::check($code, Gateway::errText());
        $message = Gateway::errText();
        $error_code = Abi::errno($code);
        $error_message = $message;
        if ($code === Abi::GS_ERESOLVE) {
            self::warn($function, $message);
        }
        self::warn($function, "Unable to connect to $address (" . ($message === '' ? 'Unknown error' : $message) . ')');
    }

    /**
     * What a failed write returns, with PHP's report of real errors: the
     * count sent before the error (false for none) and a notice naming the
     * bytes left; on TLS, as ext/openssl, a warning "SSL: <error>" and the
     * count (0 for none).
     */
    public static function writeFailed(int $h, int $code, int $len, string $function): int|false
    {
        if ($code === -Abi::EAGAIN || $code === -Abi::ENOTSOCK) {
            return 0; // a full buffer, or a socket-less server stream: PHP writes nothing and says nothing
        }
        Gateway::check($code);
        $info = Gateway::info($h);
        $sent = $info[Abi::GS_INFO_SENT_BEFORE_ERROR] ?? 0;
        $tls = $info !== null && ($info[Abi::GS_INFO_FLAGS] & Abi::GS_FLAG_TLS) !== 0;
        if ($tls && Abi::errno($code) !== 0 && $code !== -Abi::ETIMEDOUT) {
            self::warn($function, 'SSL: ' . Gateway::strerror($code));
            return $sent;
        }
        self::notice($function, \sprintf('Send of %d bytes failed with errno=%d %s', $len - $sent, -$code, Gateway::strerror($code)));
        return $sent > 0 ? $sent : false;
    }

    /**
     * The context a socket function uses: the given one, else the default
     * context unless FILE_NO_DEFAULT_CONTEXT is in $flags. A non-resource is
     * PHP's argument TypeError; a resource of another type gives PHP's
     * TypeError too, but, as in PHP, only after the call has run without a
     * context: it is returned as the second element, to throw at the end.
     *
     * @return array{0:resource|null,1:\TypeError|null}
     */
    public static function context(mixed $context, string $function, int $arg, int $flags = 0): array
    {
        if ($context === null) {
            return [($flags & \FILE_NO_DEFAULT_CONTEXT) ? null : \stream_context_get_default(), null];
        }
        if (!\is_resource($context) && \gettype($context) !== 'resource (closed)') {
            throw new \TypeError(\sprintf('%s(): Argument #%d ($context) must be of type resource or null, %s given', $function, $arg, self::typeName($context)));
        }
        if (!\is_resource($context) || \get_resource_type($context) !== 'stream-context') {
            return [null, new \TypeError("$function(): supplied resource is not a valid Stream-Context resource")];
        }
        return [$context, null];
    }

    /**
     * Ends a socket function whose context argument was a resource of the
     * wrong type: the stream it made is dropped and PHP's TypeError thrown.
     *
     * @param resource|false $result
     * @return resource|false
     */
    public static function finish($result, ?\TypeError $error)
    {
        if ($error === null) {
            return $result;
        }
        if ($result !== false) {
            Native::fclose($result);
        }
        throw $error;
    }

    /** The context's socket and ssl options as the JSON object the library reads, or null. */
    public static function options($context): ?string
    {
        if ($context === null) {
            return null;
        }
        $opts = \array_intersect_key(Native::stream_context_get_options($context), self::CONTEXT_SECTIONS);
        if ($opts === []) {
            return null;
        }
        $json = \json_encode($opts, \JSON_UNESCAPED_SLASHES | \JSON_PRESERVE_ZERO_FRACTION | \JSON_INVALID_UTF8_SUBSTITUTE | \JSON_PARTIAL_OUTPUT_ON_ERROR);
        return $json === false ? null : $json;
    }

    /** The stream_type a stream made from $address reports. */
    public static function streamType(string $address): string
    {
        $p = \strpos($address, '://');
        return self::STREAM_TYPES[$p === false ? 'tcp' : \substr($address, 0, $p)] ?? self::STREAM_TYPES['tcp'];
    }

    /** Whether $address names a TLS transport (ssl://, tls://, tlsv1.x://). */
    public static function isTls(string $address): bool
    {
        $p = \strpos($address, '://');
        return $p !== false && isset(self::TLS_TRANSPORTS[\strtolower(\substr($address, 0, $p))]);
    }

    /**
     * A float timeout in seconds (null: default_socket_timeout, read now) as
     * microseconds; negative, or too large to count, waits forever (-1).
     * NAN and ±INF are PHP's ValueError for argument $arg of $function
     * (a caller that passes only null needs neither).
     */
    public static function secondsUs(?float $seconds, string $function = '', int $arg = 0): int
    {
        if ($seconds !== null && !\is_finite($seconds)) {
            throw new \ValueError("$function(): Argument #$arg (\$timeout) must be a finite value");
        }
        $seconds ??= (float) (int) \ini_get('default_socket_timeout');
        if ($seconds < 0 || $seconds >= 9.2e12) {
            return -1;
        }
        return (int) ($seconds * 1000000.0);
    }

    /** A timeval as PHP's socket streams read it: tv_sec -1 (or any negative total) waits forever. */
    public static function timeoutUs(int $sec, int $usec): int
    {
        if ($sec === -1 || $sec > 9200000000000) {
            return -1;
        }
        $us = $sec * 1000000 + $usec;
        return $us < 0 ? -1 : $us;
    }

    /** A type name as the engine words it in argument errors ("string", "int", class name...). */
    public static function typeName(mixed $v): string
    {
        if (\is_object($v)) {
            return \get_class($v);
        }
        return match (\gettype($v)) {
            'boolean' => 'bool',
            'integer' => 'int',
            'double' => 'float',
            'NULL' => 'null',
            'resource', 'resource (closed)' => 'resource',
            default => \gettype($v),
        };
    }
}
