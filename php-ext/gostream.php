<?php
/*
 * gostream: drop-in replacements of PHP's stream_socket_* functions backed by
 * libgostream.so. Require this one file (or list it in Composer's
 * autoload.files), then import what you use:
 *
 *     use function GoStream\{stream_socket_server, stream_socket_accept, fread, fwrite, ...};
 *
 * Loading this file defines classes and functions only: the library itself is
 * loaded on first use, never here (a Go runtime must not exist before fork()).
 */

// Guard against a second copy (another vendor path, or a plain require after
// Composer's): function declarations cannot be repeated.
if (!\function_exists('GoStream\stream_socket_server')) {
    require __DIR__ . '/src/LibraryException.php';
    require __DIR__ . '/src/Abi.php';
    require __DIR__ . '/src/Native.php';
    require __DIR__ . '/src/Environment.php';
    require __DIR__ . '/src/LibraryPath.php';
    require __DIR__ . '/src/Gateway.php';
    require __DIR__ . '/src/Stream.php';
    require __DIR__ . '/src/StreamWrapper.php';
    require __DIR__ . '/src/Descriptor.php';
    require __DIR__ . '/src/Compat.php';
    require __DIR__ . '/src/Io.php';
    require __DIR__ . '/src/SelectArguments.php';
    require __DIR__ . '/src/SelectRequest.php';
    require __DIR__ . '/src/SelectDelta.php';
    require __DIR__ . '/src/SelectWait.php';
    require __DIR__ . '/src/NativeFd.php';
    require __DIR__ . '/src/SelectForeign.php';
    require __DIR__ . '/src/Select.php';
    require __DIR__ . '/src/Tls.php';
    require __DIR__ . '/src/Client.php';
    require __DIR__ . '/src/functions/sockets.php';
    require __DIR__ . '/src/functions/io.php';
    require __DIR__ . '/src/functions/select.php';
    require __DIR__ . '/src/functions/context.php';
    require __DIR__ . '/src/functions/signals.php';
}
