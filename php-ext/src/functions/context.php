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

function stream_context_get_options($stream_or_context): array
{
    if (\is_resource($stream_or_context) && isset(Stream::$open[(int) $stream_or_context])) {
        return Native::stream_context_get_options(Stream::$open[(int) $stream_or_context]->context());
    }
    return Native::stream_context_get_options($stream_or_context);
}

function stream_context_set_option($stream_or_context, $wrapper_or_options, $option_name = null, $value = null): bool
{
    $args = \func_get_args();
    if (\is_resource($stream_or_context) && isset(Stream::$open[(int) $stream_or_context])) {
        $args[0] = Stream::$open[(int) $stream_or_context]->context();
    }
    return Native::stream_context_set_option(...$args);
}

/** PHP's own for everything but gostream streams, whose context the shim keeps (see above). */
function stream_context_get_params($context): array
{
    if (\is_resource($context) && isset(Stream::$open[(int) $context])) {
        return Native::stream_context_get_params(Stream::$open[(int) $context]->context());
    }
    return Native::stream_context_get_params($context);
}
