package main

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// Machine describes where and with what the benchmark ran.
type Machine struct {
	Date       string `json:"date"`
	Nproc      int    `json:"nproc"`
	CPUModel   string `json:"cpu_model"`
	Kernel     string `json:"kernel"`
	GitCommit  string `json:"git_commit"`
	PHPVersion string `json:"php_version"`
	OpenSSL    string `json:"php_openssl"`
	GoVersion  string `json:"go_version"`
	FDSoft     uint64 `json:"fd_limit_soft"`
	FDHard     uint64 `json:"fd_limit_hard"`
	Pinning    string `json:"pinning"`
	Gostream   string `json:"gostream"`
	Whole      string `json:"whole_process"`
}

func machineInfo(repo string) Machine {
	m := Machine{
		Date:      time.Now().UTC().Format(time.RFC3339),
		Nproc:     runtime.NumCPU(),
		GoVersion: runtime.Version(),
		CPUModel:  cpuModel(),
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	m.GitCommit = gitCommit(repo)
	m.PHPVersion = cmdOut("php", "-r", "echo PHP_VERSION;")
	m.OpenSSL = cmdOut("php", "-r", "echo defined('OPENSSL_VERSION_TEXT') ? OPENSSL_VERSION_TEXT : 'none';")
	var lim syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	m.FDSoft, m.FDHard = lim.Cur, lim.Max
	return m
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func gitCommit(repo string) string {
	c := cmdOut("git", "-C", repo, "rev-parse", "HEAD")
	if c == "" {
		return "none (no commits)"
	}
	if cmdOut("git", "-C", repo, "status", "--porcelain") != "" {
		c += " (dirty)"
	}
	return c
}

// cmdOut runs a command and returns its trimmed stdout, "" on failure.
func cmdOut(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
