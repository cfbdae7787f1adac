package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// buildCovenant builds the covenant binary into a temporary folder (go build's
// cache makes a second build quick).
func buildCovenant(t testing.TB) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "covenant")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
