package main

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// proc is a child process pinned to one CPU with taskset, in its own
// process group, with stdout and stderr captured to files.
type proc struct {
	name    string
	cmd     *exec.Cmd
	done    chan struct{}
	exitErr error
	outPath string
	errPath string
}

// registry tracks live children so that a signal or a fatal error never
// leaves one behind; pidFile mirrors it for run.sh's trap.
var registry = struct {
	sync.Mutex
	procs   map[int]*proc
	pidFile string
}{procs: map[int]*proc{}}

// startProc runs argv under "taskset -c cpus" (one CPU, or a list such as
// "0,1"). Output goes to logDir/name.{out,err}.
func startProc(name string, cpus string, argv []string, logDir string) (*proc, error) {
	p := &proc{
		name:    name,
		done:    make(chan struct{}),
		outPath: logDir + "/" + name + ".out",
		errPath: logDir + "/" + name + ".err",
	}
	stdout, err := os.Create(p.outPath)
	if err != nil {
		return nil, err
	}
	defer stdout.Close()
	stderr, err := os.Create(p.errPath)
	if err != nil {
		return nil, err
	}
	defer stderr.Close()
	args := append([]string{"-c", cpus}, argv...)
	p.cmd = exec.Command("taskset", args...)
	p.cmd.Stdout, p.cmd.Stderr = stdout, stderr
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	register(p)
	go func() {
		p.exitErr = p.cmd.Wait()
		close(p.done)
		unregister(p)
	}()
	return p, nil
}

// pid is the process id; taskset execs the program, so it is also the
// server's own pid for /proc sampling.
func (p *proc) pid() int { return p.cmd.Process.Pid }

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// wait waits up to d for the process to exit by itself.
func (p *proc) wait(d time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(d):
		return false
	}
}

// stop sends SIGTERM to the process group, then SIGKILL after grace.
func (p *proc) stop(grace time.Duration) {
	if p.exited() {
		return
	}
	syscall.Kill(-p.pid(), syscall.SIGTERM)
	if !p.wait(grace) {
		syscall.Kill(-p.pid(), syscall.SIGKILL)
		p.wait(5 * time.Second)
	}
}

func register(p *proc) {
	registry.Lock()
	defer registry.Unlock()
	registry.procs[p.pid()] = p
	writePidFile()
}

func unregister(p *proc) {
	registry.Lock()
	defer registry.Unlock()
	delete(registry.procs, p.pid())
	writePidFile()
}

func writePidFile() {
	if registry.pidFile == "" {
		return
	}
	s := ""
	for pid := range registry.procs {
		s += fmt.Sprintln(pid)
	}
	os.WriteFile(registry.pidFile, []byte(s), 0o644)
}

// killAll kills every live child's process group (used on signals and exit).
func killAll() {
	registry.Lock()
	ps := make([]*proc, 0, len(registry.procs))
	for _, p := range registry.procs {
		ps = append(ps, p)
	}
	registry.Unlock()
	for _, p := range ps {
		syscall.Kill(-p.pid(), syscall.SIGKILL)
	}
	for _, p := range ps {
		p.wait(2 * time.Second)
	}
}
