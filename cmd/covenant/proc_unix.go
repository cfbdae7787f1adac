//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// killAllOnCancel makes cancelling cmd kill its whole process group:
// LibreOffice's launcher (oosplash) ignores SIGTERM and leaves soffice.bin
// running.
func killAllOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
