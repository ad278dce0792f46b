package core

// A ready entry of Select: the handle's position in the list, shifted, with
// its ready bits below (GS_READY_SHIFT and GS_READY_MASK in the C API).
const (
	ReadyShift = 3
	ReadyMask  = EvRead | EvWrite | EvExcept
)

func readyEntry(i int, bits uint32) uint32 { return uint32(i)<<ReadyShift | bits }

// readyIndex is the list position of a ready entry.
func readyIndex(e uint32) int { return int(e >> ReadyShift) }
