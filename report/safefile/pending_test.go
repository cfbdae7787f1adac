package safefile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// TestPending: a prepared replacement changes nothing until Commit, carries the
// SHA-256 of what was written, and Abort leaves the file as it was.
func TestPending(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "book.xlsx")
	os.WriteFile(p, []byte("old"), 0o600)
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	pd, err := Prepare(p, nil, write("new content"))
	if err != nil {
		t.Fatal(err)
	}
	if pd.SHA256 != sum([]byte("new content")) {
		t.Errorf("SHA-256 %s", pd.SHA256)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("prepared, the file is already %q", b)
	}
	pd.Abort()
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("aborted, the file is %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".covenant-*")); len(left) != 0 {
		t.Errorf("left: %v", left)
	}
	if err := pd.Commit(); err == nil {
		t.Error("an aborted replacement committed")
	}
	pd, _ = Prepare(p, nil, write("new"))
	if err := pd.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("committed, the file is %q", b)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
}

// TestCommitRefusesChangedFile: a file saved by someone else since it was
// fingerprinted is left as they saved it, whichever of size, modification time
// and content tells; the replacement is removed.
func TestCommitRefusesChangedFile(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(p string, st os.FileInfo)
		want   string
	}{
		{"content, same size and time", func(p string, st os.FileInfo) {
			os.WriteFile(p, []byte("OLD workbook"), 0o644)
			os.Chtimes(p, st.ModTime(), st.ModTime())
		}, "its SHA-256 is " + sum([]byte("OLD workbook"))},
		{"size", func(p string, st os.FileInfo) {
			os.WriteFile(p, []byte("old workbook, longer"), 0o644)
			os.Chtimes(p, st.ModTime(), st.ModTime())
		}, "its size is 20 bytes, not 12"},
		{"time only", func(p string, st os.FileInfo) {
			t := st.ModTime().Add(3 * time.Second)
			os.Chtimes(p, t, t)
		}, "it was modified at"},
		{"replaced by another file", func(p string, st os.FileInfo) {
			os.WriteFile(p+".new", []byte("old workbook"), 0o644)
			os.Chtimes(p+".new", st.ModTime(), st.ModTime())
			os.Rename(p+".new", p)
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "book.xlsx")
			os.WriteFile(p, []byte("old workbook"), 0o644)
			fp, err := Identify(p)
			if err != nil {
				t.Fatal(err)
			}
			if fp.SHA256 != sum([]byte("old workbook")) || fp.Size != 12 {
				t.Fatalf("fingerprint %+v", fp)
			}
			pd, err := Prepare(p, &fp, func(w io.Writer) error { _, err := io.WriteString(w, "covenant's"); return err })
			if err != nil {
				t.Fatal(err)
			}
			st, _ := os.Stat(p)
			tc.change(p, st)
			theirs, _ := os.ReadFile(p)
			err = pd.Commit()
			var re *RefusedError
			if tc.want == "" {
				// same size, time and bytes: the same workbook, whatever its inode
				if err != nil {
					t.Fatalf("an identical file was refused: %v", err)
				}
				return
			}
			if !errors.As(err, &re) || !strings.Contains(err.Error(), "changed since covenant read it") || !strings.Contains(err.Error(), tc.want) ||
				!strings.Contains(err.Error(), "covenant left that newer workbook as it is") {
				t.Fatalf("Commit: %v, want a refusal with %q", err, tc.want)
			}
			if now, _ := os.ReadFile(p); string(now) != string(theirs) {
				t.Errorf("the newer workbook became %q", now)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".covenant-*")); len(left) != 0 {
				t.Errorf("left: %v", left)
			}
		})
	}
}

// TestCleanStale: which temporary files are leftovers. A live run's, on this
// host or on another sharing the folder, is never removed.
func TestCleanStale(t *testing.T) {
	dead := deadPID(t)
	dir := t.TempDir()
	old := time.Now().Add(-2 * StaleAge)
	n := 0
	name := func(host string, pid int) string {
		n++
		return ".covenant-tmp-book.xlsx-" + host + "-" + strconv.Itoa(pid) + "-1234" + strconv.Itoa(n)
	}
	for _, tc := range []struct {
		name   string
		old    bool
		remove bool
	}{
		{name(hostTag(), os.Getpid()), false, false},                                                      // this run's own
		{name(hostTag(), os.Getppid()), false, false},                                                     // a live process of this host
		{name(hostTag(), dead), false, true},                                                              // a process of this host that is gone
		{name("0badc0de", dead), false, false},                                                            // another host's: its process cannot be checked
		{name("0badc0de", os.Getpid()), true, true},                                                       // another host's, not written to for an hour
		{name(hostTag(), os.Getppid()), true, true},                                                       // not written to for an hour
		{".covenant-tmp-book.xlsx-987654", false, false},                                                  // an earlier covenant's, recent
		{".covenant-tmp-book.xlsx-987655", true, true},                                                    // an earlier covenant's, old
		{".covenant-tmp-book.xlsx-old.xlsx-" + hostTag() + "-" + strconv.Itoa(dead) + "-1", false, false}, // book.xlsx-old.xlsx's
		{".covenant-tmp-other.xlsx-" + hostTag() + "-" + strconv.Itoa(dead) + "-1", true, false},          // another target's
	} {
		p := filepath.Join(dir, tc.name)
		os.WriteFile(p, []byte("x"), 0o644)
		if tc.old {
			os.Chtimes(p, old, old)
		}
		defer func() {
			_, err := os.Stat(p)
			if gone := errors.Is(err, os.ErrNotExist); gone != tc.remove {
				t.Errorf("%s (old %v): removed %v, want %v", tc.name, tc.old, gone, tc.remove)
			}
		}()
	}
	CleanStale(dir, "book.xlsx")
}

// TestSameAndChangedInPlace: the cheap checks of an input only read tell the
// file fingerprinted, unchanged, from one written to in place and from another
// file renamed over it.
func TestSameAndChangedInPlace(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		change               func(p string)
		same, changedInPlace bool
	}{
		{"untouched", func(p string) {}, true, false},
		{"written in place", func(p string) {
			os.WriteFile(p, []byte("other bytes, longer"), 0o644)
		}, false, true},
		{"touched", func(p string) {
			later := time.Now().Add(time.Minute)
			os.Chtimes(p, later, later)
		}, false, true},
		{"replaced by a rename", func(p string) {
			st, _ := os.Stat(p)
			os.WriteFile(p+".new", []byte("old workbook"), 0o644)
			os.Chtimes(p+".new", st.ModTime(), st.ModTime())
			os.Rename(p+".new", p)
		}, false, false},
		{"removed", func(p string) { os.Remove(p) }, false, false},
	} {
		p := filepath.Join(t.TempDir(), "book.xlsx")
		os.WriteFile(p, []byte("old workbook"), 0o644)
		fp, err := Identify(p)
		if err != nil {
			t.Fatal(err)
		}
		tc.change(p)
		if got := fp.Same(p); got != tc.same {
			t.Errorf("%s: Same %v, want %v", tc.name, got, tc.same)
		}
		if got := fp.ChangedInPlace(p); got != tc.changedInPlace {
			t.Errorf("%s: ChangedInPlace %v, want %v", tc.name, got, tc.changedInPlace)
		}
	}
}
