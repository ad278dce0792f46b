<?php
/*
 * PHP shares a server's context resource with every stream it accepts
 * (options set, or captured, on one are seen on the others). PHP cannot
 * attach a given context to a userspace stream, so the shim keeps each
 * stream's context itself; these two functions look there for gostream
 * streams and are PHP's own for everything else.
 */

namespace GoStream;

function stream_context_get_options($stream_or_context): array
{
    if (\is_resource($stream_or_context) && isset(Gateway::$streams[(int) $stream_or_context])) {
        return \stream_context_get_options(Gateway::context((int) $stream_or_context));
    }
    return \stream_context_get_options($stream_or_context);
}

function stream_context_set_option($stream_or_context, $wrapper_or_options, $option_name = null, $value = null): bool
{
    $args = \func_get_args();
    if (\is_resource($stream_or_context) && isset(Gateway::$streams[(int) $stream_or_context])) {
        $args[0] = Gateway::context((int) $stream_or_context);
    }
    return \stream_context_set_option(...$args);
}
