package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteReplacesAtomicallyAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(p, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(got) != "new" || st.Mode().Perm() != 0o640 {
		t.Errorf("content %q mode %v", got, st.Mode().Perm())
	}
	assertNoTemps(t, dir)
}

func TestFailedWriteLeavesTargetUntouched(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "book.xlsx")
	os.WriteFile(p, []byte("old"), 0o644)
	boom := errors.New("boom")
	err := Write(p, func(w io.Writer) error {
		io.WriteString(w, "half a wor")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("target became %q", got)
	}
	assertNoTemps(t, dir)
	// a new file that fails is never created
	q := filepath.Join(dir, "new.xlsx")
	Write(q, func(io.Writer) error { return boom })
	if _, err := os.Stat(q); !os.IsNotExist(err) {
		t.Errorf("failed new file exists: %v", err)
	}
}

func TestStaleTempsOfAKilledRunAreRemoved(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "book.xlsx")
	stale := filepath.Join(dir, tempPrefix+"book.xlsx-123")
	other := filepath.Join(dir, tempPrefix+"other.xlsx-123")
	os.WriteFile(stale, []byte("x"), 0o644)
	os.WriteFile(other, []byte("x"), 0o644)
	if err := Write(p, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale temporary file of the same target left behind")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("another target's temporary file was removed")
	}
}

func TestCheckInPlace(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ledger.xlsx")
	os.WriteFile(p, []byte("x"), 0o644)
	if err := CheckInPlace(p, false); err != nil {
		t.Errorf("plain file refused: %v", err)
	}
	lock := filepath.Join(dir, "~$ledger.xlsx")
	os.WriteFile(lock, []byte("x"), 0o644)
	if err := CheckInPlace(p, false); err == nil || !strings.Contains(err.Error(), "open in Excel") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("open workbook: %v", err)
	}
	if err := CheckInPlace(p, true); err != nil {
		t.Errorf("--force refused: %v", err)
	}
	os.Remove(lock)
	// root could write anyway, but covenant still honours the read-only flag
	os.Chmod(p, 0o444)
	if err := CheckInPlace(p, true); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("read-only file: %v", err)
	}
}

func assertNoTemps(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
