/* Compiled with -Wall -Werror by check_exports.sh: the hand-kept header is
 * plain C that needs nothing but <stddef.h> and <stdint.h>, and it can be
 * included together with the header cgo generates. (Each prototype's type
 * against its Go function is checked where cgo/exports.c compiles.) */
#include <stddef.h>
#include <stdint.h>
#include "gostream.h"
#include "libgostream.h"

int gs_header_check_abi(void) { return GS_ABI_VERSION; }
