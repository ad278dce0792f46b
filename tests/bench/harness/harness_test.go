package main

import (
	"encoding/xml"
	"os"
	"strings"
	"testing"
)

func TestMedianRotate(t *testing.T) {
	if m := median([]float64{3, 1, 2}); m != 2 {
		t.Errorf("median odd = %v", m)
	}
	if m := median([]float64{4, 1, 2, 3}); m != 2.5 {
		t.Errorf("median even = %v", m)
	}
	if got := strings.Join(rotate(kinds, 1), ","); got != "gostream,go,php" {
		t.Errorf("rotate = %s", got)
	}
}

func TestNativeScripts(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	in := "<?php\nrequire 'x.php'; // GOSTREAM\nuse function GoStream\\{fread}; // GOSTREAM\necho 1;\n"
	os.WriteFile(src+"/a.php", []byte(in), 0o644)
	if err := makeNativeScripts(src, dst); err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(dst + "/a.php")
	want := "<?php\n// require 'x.php'; // GOSTREAM\n// use function GoStream\\{fread}; // GOSTREAM\necho 1;\n"
	if string(out) != want {
		t.Errorf("got %q", out)
	}
	os.WriteFile(src+"/b.php", []byte("<?php\necho 1;\n"), 0o644)
	if err := makeNativeScripts(src, dst); err == nil {
		t.Error("a script without a marker line must be rejected")
	}
}

func TestServerLogWarning(t *testing.T) {
	f := t.TempDir() + "/err"
	os.WriteFile(f, []byte("PHP Warning:  stream_select(): You MUST recompile PHP with a larger value of FD_SETSIZE.\n"+
		"It is set to 1024, but you have descriptors numbered at least as high as 1026.\n in /x/echo_server.php on line 31\n"+
		"stream_select() returned false with 1020 clients open (1020 accepted)\n"), 0o644)
	p := &proc{errPath: f, done: make(chan struct{})}
	l := p.log()
	if l.Warnings != 1 || !strings.HasPrefix(l.FirstWarning, "Warning: stream_select(): You MUST recompile") ||
		!strings.Contains(l.FirstWarning, "at least as high as 1026.") || !strings.HasPrefix(l.LastLine, "stream_select() returned false") {
		t.Errorf("%+v", l)
	}
}

func TestEchoSVG(t *testing.T) {
	var sums []*Summary
	for _, x := range []int64{10, 100, 1000, 10000} {
		for _, k := range kinds {
			s := &Summary{Workload: "echo", X: x, Server: k, Reps: 1, RepsOK: 1, Throughput: float64(x * 10)}
			if k == kPHP && x == 10000 {
				s.RepsOK, s.Throughput = 0, 0
			}
			sums = append(sums, s)
		}
	}
	svg := echoSVG(sums, map[string]bool{kPHP: true, kGo: true})
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	for _, want := range []string{"failed", "(not built)", "<polyline"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
}
