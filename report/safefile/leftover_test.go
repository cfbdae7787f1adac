package safefile

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestAcquireCleansKilledRunsTemporaryFiles: a run killed while it wrote the
// lock file, or a takeover's guard, beside it leaves a temporary file named for
// its process; the next Acquire removes those of processes that are gone, and
// keeps a live run's.
func TestAcquireCleansKilledRunsTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	workbook := filepath.Join(dir, "ledger.xlsx")
	if err := os.WriteFile(workbook, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Base(LockFile(workbook))
	name := func(base string, pid int) string {
		return filepath.Join(dir, tempPrefix+base+"-"+hostTag()+"-"+strconv.Itoa(pid)+"-123456789")
	}
	dead := deadPID(t)
	gone := []string{name(lock, dead), name(lock+".takeover", dead)}
	live := name(lock+".takeover", os.Getppid())
	for _, p := range append(gone, live) {
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, _, err := Acquire(workbook)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	for _, p := range gone {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s, left by a process that is gone, was kept", filepath.Base(p))
		}
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live run's %s was removed", filepath.Base(live))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) && filepath.Join(dir, e.Name()) != live {
			t.Errorf("left: %s", e.Name())
		}
	}
}
