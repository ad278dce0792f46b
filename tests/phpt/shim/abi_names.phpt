--TEST--
Shim: the encodings php-ext spells (Abi) match include/gostream.h, a drift is found, and the header's flags are PHP's constants
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$ffi = Gateway::ffi();
var_dump(Abi::drift($ffi));

// The enums alone, one value changed: the check names it.
$header = file_get_contents(__DIR__ . '/../../../include/gostream.h');
preg_match_all('/enum \w+ \{.*?\};/s', $header, $m);
$enums = implode("\n", $m[0]);
var_dump(Abi::drift(\FFI::cdef($enums)));
var_dump(Abi::drift(\FFI::cdef(str_replace('GS_READY_SHIFT = 3', 'GS_READY_SHIFT = 4', $enums))));

// gostream.h: "Flags, same values as PHP's constants".
var_dump([$ffi->GS_SERVER_BIND, $ffi->GS_SERVER_LISTEN, $ffi->GS_CLIENT_ASYNC_CONNECT, $ffi->GS_MSG_OOB, $ffi->GS_MSG_PEEK, $ffi->GS_SHUT_RD, $ffi->GS_SHUT_WR, $ffi->GS_SHUT_RDWR]
    === [STREAM_SERVER_BIND, STREAM_SERVER_LISTEN, STREAM_CLIENT_ASYNC_CONNECT, STREAM_OOB, STREAM_PEEK, STREAM_SHUT_RD, STREAM_SHUT_WR, STREAM_SHUT_RDWR]);
var_dump(Abi::errno(-11), Abi::errno(Abi::GS_EPARSE), Abi::errno(Abi::GS_ERRNO_LIMIT));
?>
--EXPECT--
NULL
NULL
string(14) "GS_READY_SHIFT"
bool(true)
int(11)
int(0)
int(0)
