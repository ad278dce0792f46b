package main

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Kernel event counters (perf_event_open) over the measurement window:
// system calls entered (the raw_syscalls:sys_enter tracepoint) and calls of
// a shared library's exported gs_* functions (one uprobe per symbol; each
// call from PHP's FFI into libgostream is one crossing). System call
// counters attach to every thread of a process with inherit set, so threads
// it creates later are counted too. Uprobes attach to the main thread only,
// without inherit: it is the thread PHP runs on, so the only one calling
// into the library, and a uprobe per thread would be a separate probe, slow
// to register and to hit. Counting costs the counted process per event (a
// uprobe hit is a trap), which is why the harness counts on a separate run.

// counterSet is a group of enabled-together counters on one process.
type counterSet struct {
	fds []int
}

// tracepointID reads the id of a tracepoint such as "raw_syscalls/sys_enter"
// from tracefs.
func tracepointID(name string) (uint64, error) {
	var errs []string
	for _, dir := range []string{"/sys/kernel/tracing", "/sys/kernel/debug/tracing"} {
		b, err := os.ReadFile(dir + "/events/" + name + "/id")
		if err == nil {
			return strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
		}
		errs = append(errs, err.Error())
	}
	return 0, fmt.Errorf("tracefs not mounted or not readable (%s)", strings.Join(errs, "; "))
}

// syscallCounters counts system calls of pid's threads.
func syscallCounters(pid int) (*counterSet, error) {
	id, err := tracepointID("raw_syscalls/sys_enter")
	if err != nil {
		return nil, err
	}
	tids, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	if err != nil {
		return nil, err
	}
	cs := &counterSet{}
	for _, t := range tids {
		tid, _ := strconv.Atoi(t.Name())
		a := unix.PerfEventAttr{Type: unix.PERF_TYPE_TRACEPOINT, Config: id, Bits: unix.PerfBitInherit}
		if err := cs.open(tid, a); err != nil && !errors.Is(err, unix.ESRCH) {
			cs.close() // ESRCH: the thread exited meanwhile
			return nil, err
		}
	}
	return cs, nil
}

// uprobeCounters counts calls of lib's exported functions named prefix*
// made by pid's main thread (see probeOffsets for goPrefix).
func uprobeCounters(pid int, lib, prefix, goPrefix string) (*counterSet, int, error) {
	b, err := os.ReadFile("/sys/bus/event_source/devices/uprobe/type")
	if err != nil {
		return nil, 0, fmt.Errorf("no uprobe PMU: %v", err)
	}
	pmu, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 32)
	if err != nil {
		return nil, 0, err
	}
	offs, err := probeOffsets(lib, prefix, goPrefix)
	if err != nil {
		return nil, 0, err
	}
	path, err := unix.BytePtrFromString(lib)
	if err != nil {
		return nil, 0, err
	}
	cs := &counterSet{}
	for _, off := range offs {
		// config1 is the path, config2 the file offset of the probed
		// instruction. No inherit: the kernel would read the path again at
		// the counted process's next clone, from that process's memory,
		// and fail the clone (pthread_create: Bad address).
		if err := cs.open(pid, unix.PerfEventAttr{Type: uint32(pmu), Ext1: uint64(uintptr(unsafe.Pointer(path))), Ext2: off}); err != nil {
			cs.close()
			return nil, 0, err
		}
	}
	return cs, len(offs), nil
}

// probeOffsets returns, for each function lib exports under prefix (gs_*),
// the file offset to probe: the entry of its Go implementation goPrefix+rest
// (gsgo_*, a symbol of the static table) when lib has one, else the export
// itself. Every gs_ wrapper forwards to its gsgo_ function unless the
// process forked, so both count the same calls; but the wrapper's first
// instruction is a RIP-relative load that the kernel must single-step out
// of line (about 18 µs per hit on a VM), while the Go entry starts with a
// push the kernel emulates (about 2 µs).
func probeOffsets(lib, prefix, goPrefix string) ([]uint64, error) {
	f, err := elf.Open(lib)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	exports, err := f.DynamicSymbols()
	if err != nil {
		return nil, err
	}
	local, _ := f.Symbols() // absent when lib is stripped
	funcs := map[string]uint64{}
	for _, s := range append(local, exports...) {
		if elf.ST_TYPE(s.Info) == elf.STT_FUNC && s.Section != elf.SHN_UNDEF {
			funcs[s.Name] = s.Value
		}
	}
	var offs []uint64
	for _, s := range exports {
		rest, ok := strings.CutPrefix(s.Name, prefix)
		addr, isFunc := funcs[s.Name]
		if !ok || !isFunc {
			continue
		}
		if goAddr, ok := funcs[goPrefix+rest]; ok {
			addr = goAddr
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_LOAD && p.Flags&elf.PF_X != 0 && addr >= p.Vaddr && addr < p.Vaddr+p.Filesz {
				offs = append(offs, addr-p.Vaddr+p.Off)
				break
			}
		}
	}
	if len(offs) == 0 {
		return nil, fmt.Errorf("%s exports no %s* functions", lib, prefix)
	}
	return offs, nil
}

// open opens a, disabled, on thread tid and adds it to the set.
func (cs *counterSet) open(tid int, a unix.PerfEventAttr) error {
	a.Size = uint32(unsafe.Sizeof(a))
	a.Bits |= unix.PerfBitDisabled
	fd, err := unix.PerfEventOpen(&a, tid, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err != nil {
		return fmt.Errorf("perf_event_open: %w (needs root or kernel.perf_event_paranoid <= 1)", err)
	}
	cs.fds = append(cs.fds, fd)
	return nil
}

func (cs *counterSet) ioctl(req uint) {
	for _, fd := range cs.fds {
		unix.IoctlSetInt(fd, req, 0)
	}
}

func (cs *counterSet) enable()  { cs.ioctl(unix.PERF_EVENT_IOC_ENABLE) }
func (cs *counterSet) disable() { cs.ioctl(unix.PERF_EVENT_IOC_DISABLE) }

// total sums every counter (an inherited counter includes its children).
func (cs *counterSet) total() (uint64, error) {
	var sum uint64
	buf := make([]byte, 8)
	for _, fd := range cs.fds {
		if n, err := unix.Read(fd, buf); err != nil || n != 8 {
			return 0, fmt.Errorf("reading a counter: %d bytes, %v", n, err)
		}
		sum += binary.NativeEndian.Uint64(buf)
	}
	return sum, nil
}

func (cs *counterSet) close() {
	for _, fd := range cs.fds {
		unix.Close(fd)
	}
	cs.fds = nil
}

// windowCounters are the counters -count asked for, open for one window.
type windowCounters struct {
	server, lib, self *counterSet
}

// openCounters opens (disabled) the counters the flags ask for: system
// calls of the server and of the load generator itself, and with -count-lib
// the server's calls into that library. A counter that cannot be opened is
// left out and the reason goes to res.CountError.
func (c *connFlags) openCounters(res *Result) *windowCounters {
	w := &windowCounters{}
	if !c.count {
		return w
	}
	var errs []string
	var err error
	if c.pid > 0 {
		if w.server, err = syscallCounters(c.pid); err != nil {
			errs = append(errs, "server system calls: "+err.Error())
		}
		if c.countLib != "" {
			if w.lib, res.LibFunctions, err = uprobeCounters(c.pid, c.countLib, "gs_", "gsgo_"); err != nil {
				errs = append(errs, "library calls: "+err.Error())
			}
		}
	}
	if w.self, err = syscallCounters(os.Getpid()); err != nil {
		errs = append(errs, "load generator system calls: "+err.Error())
	}
	res.CountError = strings.Join(errs, "; ")
	return w
}

func (w *windowCounters) each(f func(cs *counterSet)) {
	for _, cs := range []*counterSet{w.server, w.lib, w.self} {
		if cs != nil {
			f(cs)
		}
	}
}

// start enables the counters; call it right before the window's first sample.
func (w *windowCounters) start() { w.each((*counterSet).enable) }

// stop disables the counters and records their totals in res.
func (w *windowCounters) stop(res *Result) {
	w.each((*counterSet).disable)
	for _, x := range []struct {
		cs  *counterSet
		dst **uint64
	}{{w.server, &res.ServerSyscalls}, {w.lib, &res.ServerLibCalls}, {w.self, &res.LoadgenSyscalls}} {
		if x.cs == nil {
			continue
		}
		if n, err := x.cs.total(); err == nil {
			*x.dst = &n
		} else {
			res.CountError = strings.TrimPrefix(res.CountError+"; "+err.Error(), "; ")
		}
	}
}

// close releases the counters. Removing uprobes can take a while, so this
// comes after the run, not at the window's edge.
func (w *windowCounters) close() { w.each((*counterSet).close) }
