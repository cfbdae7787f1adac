package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteReplacesAtomicallyAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(p, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	// while fn writes, the target still holds the old content and the new one
	// goes to a temporary file beside it
	err := Write(p, func(w io.Writer) error {
		if b, _ := os.ReadFile(p); string(b) != "old" {
			t.Errorf("target truncated while writing: %q", b)
		}
		_, err := w.Write([]byte("new"))
		// the bytes are in a temporary file beside the target, named for this
		// host and process
		temps, _ := filepath.Glob(filepath.Join(dir, ".covenant-tmp-book.xlsx-*"))
		if len(temps) != 1 {
			t.Fatalf("temporary files %v", temps)
		}
		if b, _ := os.ReadFile(temps[0]); string(b) != "new" {
			t.Errorf("the temporary file holds %q", b)
		}
		if host, pid, ok := parseTempName(strings.TrimPrefix(filepath.Base(temps[0]), ".covenant-tmp-book.xlsx-")); !ok || host != hostTag() || pid != os.Getpid() {
			t.Errorf("temporary file %s does not name this host and process", temps[0])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", st.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".covenant-tmp-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// a new file gets 0644
	q := filepath.Join(dir, "new.xlsx")
	if err := Write(q, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err }); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(q); st.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v", st.Mode().Perm())
	}
}

func TestWriteFailureLeavesTargetAndNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "book.xlsx")
	os.WriteFile(p, []byte("old"), 0o644)
	boom := errors.New("boom")
	if err := Write(p, func(w io.Writer) error { w.Write([]byte("half")); return boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("target changed: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".covenant-tmp-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := Write(dir, func(io.Writer) error { return nil }); err == nil {
		t.Error("a folder was replaced")
	}
}

func TestWriteRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "book.xlsx")
	// an old one (of an earlier covenant, whose names held no process)
	stale := filepath.Join(dir, ".covenant-tmp-book.xlsx-123")
	other := filepath.Join(dir, ".covenant-tmp-other.xlsx-123")
	os.WriteFile(stale, []byte("left by a killed run"), 0o644)
	os.WriteFile(other, []byte("another target's"), 0o644)
	old := time.Now().Add(-2 * StaleAge)
	os.Chtimes(stale, old, old)
	os.Chtimes(other, old, old)
	if err := Write(p, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Error("stale temporary file of the target kept")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("another target's temporary file removed")
	}
}

func TestCheckInPlace(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ledger.xlsx")
	os.WriteFile(p, []byte("x"), 0o644)
	if err := CheckInPlace(p, false); err != nil {
		t.Fatalf("plain file refused: %v", err)
	}
	lock := filepath.Join(dir, "~$ledger.xlsx")
	os.WriteFile(lock, nil, 0o644)
	var re *RefusedError
	if err := CheckInPlace(p, false); !errors.As(err, &re) || !strings.Contains(err.Error(), "open in Excel") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("open in Excel: %v", err)
	}
	if err := CheckInPlace(p, true); err != nil {
		t.Errorf("--force: %v", err)
	}
	os.Remove(lock)
	os.Chmod(p, 0o444)
	if err := CheckInPlace(p, true); !errors.As(err, &re) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("read-only (even with --force): %v", err)
	}
	if err := CheckInPlace(filepath.Join(dir, "missing.xlsx"), false); err == nil {
		t.Error("missing file accepted")
	}
}

// A symbolic link to the workbook still points at it, updated, after a write.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "shared", "ledger.xlsx")
	os.MkdirAll(filepath.Dir(real), 0o755)
	os.WriteFile(real, []byte("old"), 0o600)
	link := filepath.Join(dir, "ledger.xlsx")
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	if err := Write(link, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file: %v", err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("the linked file holds %q", b)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	// Excel's lock file beside the real file counts too
	os.WriteFile(filepath.Join(filepath.Dir(real), "~$ledger.xlsx"), nil, 0o644)
	if err := CheckInPlace(link, false); err == nil {
		t.Error("lock file beside the linked file ignored")
	}
}
