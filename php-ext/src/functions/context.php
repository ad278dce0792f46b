<?php
/*
 * PHP shares a server's context resource with every stream it accepts
 * (options set, or captured, on one are seen on the others). PHP cannot
 * attach a given context to a userspace stream, so the shim keeps each
 * stream's context itself; these functions look there for gostream
 * streams and are PHP's own for everything else. A captured client
 * certificate (capture_peer_cert) goes into a copy of the context that
 * belongs to the accepted stream alone (DEVIATIONS.md T9).
 */

namespace GoStream;

/**
 * PHP's stream_context_get_options(); a gostream stream's own context.
 *
 * @param resource $stream_or_context
 * @return array<string,array<string,mixed>>
 */
function stream_context_get_options($stream_or_context): array
{
    if (\is_resource($stream_or_context) && isset(Stream::$open[(int) $stream_or_context])) {
        return Native::stream_context_get_options(Stream::$open[(int) $stream_or_context]->context());
    }
    return Native::stream_context_get_options($stream_or_context);
}

/**
 * PHP's stream_context_set_option(); a gostream stream's own context. Both
 * of PHP's forms: (context, wrapper, option, value) and (context, options).
 *
 * @param resource $context
 * @param array|string $wrapper_or_options
 * @param ?string $option_name
 * @param mixed $value
 */
function stream_context_set_option($context, $wrapper_or_options, $option_name = null, $value = null): bool
{
    $args = \func_get_args();
    if (\is_resource($context) && isset(Stream::$open[(int) $context])) {
        $args[0] = Stream::$open[(int) $context]->context();
    }
    return Native::stream_context_set_option(...$args);
}

/**
 * PHP's stream_context_get_params(); a gostream stream's own context (see above).
 *
 * @param resource $context
 * @return array<string,mixed>
 */
function stream_context_get_params($context): array
{
    if (\is_resource($context) && isset(Stream::$open[(int) $context])) {
        return Native::stream_context_get_params(Stream::$open[(int) $context]->context());
    }
    return Native::stream_context_get_params($context);
}
