package safefile

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// StaleAge is how old a temporary file or a lock must be for covenant to take
// it for a leftover whatever else it says: no run takes an hour without
// writing to its temporary file, and no in-place run takes an hour.
const StaleAge = time.Hour

// CleanStale removes the temporary files that runs which are gone left for the
// target base name in dir: those of a process of this host that no longer
// exists, and any not written to for StaleAge. Another live run's temporary
// file, on this host or another sharing the folder, is never touched.
func CleanStale(dir, base string) {
	entries, _ := os.ReadDir(dir)
	prefix := tempPrefix + base + "-"
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		m := filepath.Join(dir, e.Name())
		rest := strings.TrimPrefix(e.Name(), prefix)
		host, pid, ok := parseTempName(rest)
		if !ok && !isDigits(rest) {
			continue // another target's (its name goes on past base), or not covenant's
		}
		st, err := os.Lstat(m)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		stale := time.Since(st.ModTime()) > StaleAge
		if ok && host == hostTag() && pid != os.Getpid() {
			if alive, known := processAlive(pid); known && !alive {
				stale = true
			}
		}
		if stale {
			os.Remove(m)
		}
	}
}

// parseTempName reads "HOST-PID-RANDOM", the part of a temporary file's name
// after its target's.
func parseTempName(rest string) (host string, pid int, ok bool) {
	f := strings.Split(rest, "-")
	if len(f) != 3 || len(f[0]) != 8 || !isHex(f[0]) || !isDigits(f[1]) || !isDigits(f[2]) {
		return "", 0, false
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil {
		return "", 0, false
	}
	return f[0], pid, true
}

var (
	hostOnce sync.Once
	hostHash string
)

// hostTag is 8 hex digits of this machine's name, the same for every run on it.
func hostTag() string {
	hostOnce.Do(func() {
		h, _ := os.Hostname()
		sum := sha256.Sum256([]byte(strings.ToLower(h)))
		hostHash = hex.EncodeToString(sum[:4])
	})
	return hostHash
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
