/* Compiled with -Wall -Werror by build.sh: the hand-kept header and the one
 * cgo generates must declare every function identically, or this fails. */
#include <stddef.h>
#include <stdint.h>
#include "gostream.h"
#include "libgostream.h"

int gs_header_check_abi(void) { return GS_ABI_VERSION; }
