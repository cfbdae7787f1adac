//go:build !unix && !windows

package safefile

// processAlive cannot tell on this system: a lock or a temporary file is taken
// for a leftover only by its age (StaleAge).
func processAlive(pid int) (alive, known bool) { return false, false }
