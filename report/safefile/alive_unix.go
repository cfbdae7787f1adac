//go:build unix

package safefile

import (
	"errors"
	"syscall"
)

// processAlive says whether process pid exists on this machine (signal 0
// checks without sending anything; EPERM means it exists, as another user's).
// known is false when the answer cannot be had.
func processAlive(pid int) (alive, known bool) {
	if pid <= 0 {
		return false, false
	}
	err := syscall.Kill(pid, 0)
	switch {
	case err == nil, errors.Is(err, syscall.EPERM):
		return true, true
	case errors.Is(err, syscall.ESRCH):
		return false, true
	}
	return false, false
}
