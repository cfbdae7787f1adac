//go:build !unix

package main

import "os/exec"

// killAllOnCancel makes cancelling cmd kill it (on Windows, soffice.exe is the
// process that converts; there are no process groups to signal).
func killAllOnCancel(cmd *exec.Cmd) {
	cmd.Cancel = func() error { return cmd.Process.Kill() }
}
