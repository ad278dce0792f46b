<?php

namespace GoStream;

/**
 * TLS on gostream streams: stream_socket_enable_crypto()'s results, the
 * `crypto` entry of stream_get_meta_data(), and capture_peer_cert. The
 * handshakes themselves run in the library (gs_enable_crypto, and inside
 * gs_client/gs_accept for ssl:// and tls:// streams).
 *
 * @internal
 */
final class Tls
{
    /** Room for gs_crypto_info's JSON (a few short names and numbers). */
    private const INFO_SIZE = 512;

    /** A PEM certificate usually fits; gs_peer_cert says when to ask again with more. */
    private const PEM_SIZE = 8192;

    /** Set in every STREAM_CRYPTO_METHOD_*_CLIENT value (each is its _SERVER value + 1). */
    private const CLIENT_BIT = 1;

    /** Prefix of the library's messages for a failed handshake (configuration errors have none). */
    private const HANDSHAKE_FAILED = 'SSL: ';

    /** Causes PHP words itself, without the prefix, in its checks after the handshake. */
    private const PEER_CHECKS = ['Peer certificate CN=', 'Unable to locate peer certificate CN', 'peer_fingerprint match failure', 'Could not get peer certificate'];

    /** OpenSSL's error queue as PHP prints it, for the causes it names; the library's cause => OpenSSL's line. */
    private const OPENSSL_QUEUE = "SSL operation failed with code 1. OpenSSL Error messages:\n";
    private const OPENSSL_ERRORS = [
        'Could not verify peer: ' => 'error:0A000086:SSL routines::certificate verify failed',
        'tls: first record does not look like a TLS handshake' => 'error:0A00010B:SSL routines::wrong version number',
    ];

    /** Causes PHP gives no warning for: the peer closed the connection. */
    private const SILENT_CAUSES = ['EOF', 'unexpected EOF'];

    /** The keys of PHP's meta `crypto` array, in PHP's order. */
    private const CRYPTO_KEYS = ['protocol', 'cipher_name', 'cipher_bits', 'cipher_version', 'alpn_protocol'];

    private static ?\FFI\CData $info = null;

    /**
     * stream_socket_enable_crypto() on a gostream stream: PHP's true, 0
     * (non-blocking handshake still running) or false, with PHP's warnings.
     */
    public static function enable(Stream $s, bool $enable, ?int $method, $session): int|bool
    {
        $ctx = $s->givenContext();
        if ($enable && $method === null) {
            $configured = $ctx === null ? null : (Native::stream_context_get_options($ctx)['ssl']['crypto_method'] ?? null);
            if ($configured === null) {
                throw new \ValueError('stream_socket_enable_crypto(): Argument #3 ($crypto_method) must be specified when enabling encryption');
            }
            $method = (int) $configured;
        }
        if (!$enable) {
            // PHP sends close_notify and answers false; a stream without crypto support warns and answers true.
            $r = $s->crypto(false, 0, null);
            if ($r >= 0) {
                return false;
            }
            Gateway::check($r, Gateway::errText());
            Compat::warn('stream_socket_enable_crypto', self::message($r));
            return true;
        }
        if ($session !== null) {
            self::checkSession($session);
        }
        $r = $s->crypto(true, $method, Compat::options($ctx));
        if ($r === 1) {
            self::capture($s->id, $s->h, ($method & self::CLIENT_BIT) === 0);
            return true;
        }
        if ($r === 0) {
            return 0;
        }
        Gateway::check($r, Gateway::errText());
        if (self::handshakeFailed($r)) {
            self::capture($s->id, $s->h, ($method & self::CLIENT_BIT) === 0);
            self::warnHandshake('stream_socket_enable_crypto', Gateway::errText(), true);
            return false;
        }
        if ($r === -Abi::EALREADY) {
            // PHP warns on a blocking stream; a non-blocking one is how a handshake is continued, so it is silent.
            $info = $s->info();
            if ($info !== null && ($info[Abi::GS_INFO_FLAGS] & Abi::GS_FLAG_BLOCKING) !== 0) {
                Compat::warn('stream_socket_enable_crypto', self::message($r));
            }
            return false;
        }
        Compat::warn('stream_socket_enable_crypto', self::message($r));
        return false;
    }

    /**
     * The `crypto` entry of stream_get_meta_data() for an established
     * session, or null for a plain stream.
     */
    public static function meta(int $h): ?array
    {
        $buf = self::$info ??= Gateway::$ffi->new('char[' . self::INFO_SIZE . ']');
        $n = Gateway::$ffi->gs_crypto_info($h, $buf, self::INFO_SIZE);
        if ($n <= 0) {
            Gateway::check($n);
            return null;
        }
        $info = \json_decode(\FFI::string($buf, \min($n, self::INFO_SIZE - 1)), true);
        if (!\is_array($info)) {
            return null;
        }
        $crypto = [];
        foreach (self::CRYPTO_KEYS as $key) {
            if (isset($info[$key])) {
                $crypto[$key] = $info[$key];
            }
        }
        return $crypto;
    }

    /**
     * capture_peer_cert: the peer's certificate as an OpenSSLCertificate in
     * the stream's `ssl` context option `peer_certificate` (only with
     * ext/openssl, as in PHP), after a finished handshake or one that failed
     * PHP's checks after it (peer name, fingerprint). A server-side stream
     * gets a context of its own first, a copy of the one it shared with its
     * listener, so each connection keeps its own client's certificate (PHP
     * overwrites the listener's shared context).
     */
    public static function capture(int $id, int $h, bool $server): void
    {
        $ctx = Stream::$open[$id]->givenContext();
        if (!self::capturing($ctx)) {
            return;
        }
        $cert = self::readCert(static fn (\FFI\CData $buf, int $size): int => Gateway::$ffi->gs_peer_cert($h, $buf, $size));
        if ($cert === null) {
            return;
        }
        if ($server) {
            $ctx = \stream_context_create(Native::stream_context_get_options($ctx));
            Stream::$open[$id]->keepContext($ctx);
        }
        Native::stream_context_set_option($ctx, 'ssl', 'peer_certificate', $cert);
    }

    /**
     * A TLS stream_socket_client() whose handshake failed, as PHP reports
     * it: the certificate captured before PHP's checks failed, PHP's
     * warnings (the cause's, "Failed to enable crypto", then "Unable to
     * connect … (Unknown error)"); $error_message gets the cause, which
     * PHP leaves empty.
     *
     * @param resource|null $ctx
     */
    public static function clientFailed(string $function, $ctx, string $address, &$error_code, &$error_message): void
    {
        $cause = Gateway::errText();
        if (self::capturing($ctx)) {
            $cert = self::readCert(static fn (\FFI\CData $buf, int $size): int => Gateway::$ffi->gs_client_peer_cert($buf, $size));
            if ($cert !== null) {
                Native::stream_context_set_option($ctx, 'ssl', 'peer_certificate', $cert);
            }
        }
        self::warnHandshake($function, $cause, false);
        Compat::warn($function, 'Failed to enable crypto');
        Compat::warn($function, "Unable to connect to $address (Unknown error)");
        $error_code = 0;
        $error_message = $cause;
    }

    /** Whether a library result is a failed handshake rather than a configuration error. */
    public static function handshakeFailed(int $code): bool
    {
        return $code === Abi::GS_ETLS && \str_starts_with(Gateway::errText(), self::HANDSHAKE_FAILED);
    }

    /**
     * PHP's warning for a failed handshake, from the library's cause: PHP's
     * own texts for its checks and for a timeout, OpenSSL's error queue for
     * the failures OpenSSL names, none when the peer closed, else the cause.
     * With $addCause, the cause follows as a warning of its own where PHP's
     * text does not give it.
     */
    private static function warnHandshake(string $function, string $cause, bool $addCause): void
    {
        $text = \substr($cause, \strlen(self::HANDSHAKE_FAILED));
        $warning = $cause;
        foreach (self::PEER_CHECKS as $check) {
            if (\str_starts_with($text, $check)) {
                $warning = $text;
            }
        }
        foreach (self::OPENSSL_ERRORS as $prefix => $line) {
            if (\str_starts_with($text, $prefix)) {
                $warning = self::OPENSSL_QUEUE . $line;
            }
        }
        if (\in_array($text, self::SILENT_CAUSES, true)) {
            $warning = null;
        }
        if ($warning !== null) {
            Compat::warn($function, $warning);
        }
        if ($addCause && $warning !== $cause && $warning !== $text) {
            Compat::warn($function, $cause);
        }
    }

    /** @param resource|null $ctx */
    private static function capturing($ctx): bool
    {
        return $ctx !== null && \extension_loaded('openssl')
            && (bool) (Native::stream_context_get_options($ctx)['ssl']['capture_peer_cert'] ?? false);
    }

    /**
     * A certificate from $read (gs_peer_cert or gs_client_peer_cert, given
     * a buffer and its size), or null when there is none.
     *
     * @param callable(\FFI\CData,int):int $read
     */
    private static function readCert(callable $read): ?\OpenSSLCertificate
    {
        $size = self::PEM_SIZE;
        for (;;) {
            $buf = Gateway::$ffi->new("char[$size]");
            $n = $read($buf, $size);
            if ($n <= 0) {
                Gateway::check($n);
                return null;
            }
            if ($n < $size) {
                return \openssl_x509_read(\FFI::string($buf, $n)) ?: null;
            }
            $size = $n + 1;
        }
    }

    /**
     * PHP's warnings for a $session_stream that cannot lend a session (the
     * handshake goes ahead without it, as in PHP). gostream does not resume
     * sessions across streams: a TLS stream is accepted and not used.
     */
    private static function checkSession($session): void
    {
        if (!\is_resource($session) && \gettype($session) !== 'resource (closed)') {
            throw new \TypeError('stream_socket_enable_crypto(): Argument #4 ($session_stream) must be of type resource or null, ' . Compat::typeName($session) . ' given');
        }
        if (!\is_resource($session) || \get_resource_type($session) !== 'stream') {
            throw new \TypeError('stream_socket_enable_crypto(): supplied resource is not a valid stream resource');
        }
        $ss = Stream::$open[(int) $session] ?? null;
        if ($ss !== null) {
            $info = $ss->info();
            if ($info === null || $info[Abi::GS_INFO_KIND] !== Abi::GS_KIND_TCP) {
                Compat::warn('stream_socket_enable_crypto', 'Supplied session stream must be an SSL enabled stream');
            } elseif (self::meta($ss->h) === null) {
                Compat::warn('stream_socket_enable_crypto', 'Supplied SSL session stream is not initialized');
            }
            return;
        }
        $meta = Native::stream_get_meta_data($session);
        if (($meta['stream_type'] ?? '') !== 'tcp_socket/ssl') {
            Compat::warn('stream_socket_enable_crypto', 'Supplied session stream must be an SSL enabled stream');
        } elseif (!isset($meta['crypto'])) {
            Compat::warn('stream_socket_enable_crypto', 'Supplied SSL session stream is not initialized');
        }
    }

    /** The library's message for a failed call, else the code's text. */
    private static function message(int $code): string
    {
        $message = Gateway::errText();
        return $message !== '' ? $message : Gateway::strerror($code);
    }
}
