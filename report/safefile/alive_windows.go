//go:build windows

package safefile

import (
	"errors"
	"syscall"
)

const (
	processQueryLimitedInformation = 0x1000
	stillActive                    = 259
	errorInvalidParameter          = syscall.Errno(87)
)

// processAlive says whether process pid exists on this machine: OpenProcess
// fails with ERROR_INVALID_PARAMETER for a process that does not exist, and
// one that has exited but is still held open reports its exit code. known is
// false when the answer cannot be had.
func processAlive(pid int) (alive, known bool) {
	if pid <= 0 {
		return false, false
	}
	h, err := syscall.OpenProcess(processQueryLimitedInformation, false, uint32(pid))
	if err != nil {
		if errors.Is(err, errorInvalidParameter) {
			return false, true
		}
		if errors.Is(err, syscall.ERROR_ACCESS_DENIED) {
			return true, true // another user's process
		}
		return false, false
	}
	defer syscall.CloseHandle(h)
	var code uint32
	if err := syscall.GetExitCodeProcess(h, &code); err != nil {
		return false, false
	}
	return code == stillActive, true
}
