// Package safefile writes files so that nothing is ever lost: the content goes to a
// temporary file in the destination folder, is synced, and is renamed over the
// target in one step. A reader (or a crash) sees either the old file or the whole
// new one, never a truncated mix. An existing target keeps its permissions.
//
// A workbook rewritten in place is also guarded against another run at the same
// time (Acquire, a lock file beside it, like Excel's "~$" owner file) and
// against a change made since it was read (Fingerprint): the replacement is
// refused rather than lose the other's update.
package safefile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// tempPrefix marks covenant's temporary files, so that leftovers of a killed run
// can be recognised and removed.
const tempPrefix = ".covenant-tmp-"

// Write creates or replaces path with what fn writes. If fn fails, the target is
// untouched and the temporary file removed.
func Write(path string, fn func(w io.Writer) error) error {
	p, err := Prepare(path, nil, fn)
	if err != nil {
		return err
	}
	return p.Commit()
}

// Pending is a replacement of a file written in full beside it, synced, and not
// yet in place: Commit puts it there, Abort removes it. Nothing of the target
// changes until Commit.
type Pending struct {
	// Path is the file replaced (a symbolic link resolved to the file it names).
	Path string
	// SHA256 is the hex SHA-256 of the bytes written, as they will be on disk.
	SHA256    string
	tmp       string
	unchanged *Fingerprint
	done      bool
}

// Prepare writes what fn writes into a temporary file beside path. With
// unchanged set, Commit replaces path only if it is still that file (see
// Fingerprint.Check). If fn fails, nothing is left behind.
func Prepare(path string, unchanged *Fingerprint, fn func(w io.Writer) error) (_ *Pending, err error) {
	// A symbolic link keeps pointing at the file: the file it names is replaced,
	// not the link.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir := filepath.Dir(path)
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return nil, fmt.Errorf("%s is a folder", path)
		}
		mode = st.Mode().Perm()
	}
	CleanStale(dir, filepath.Base(path))
	tmp, err := os.CreateTemp(dir, tempPattern(filepath.Base(path)))
	if err != nil {
		return nil, err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	h := sha256.New()
	stop := startWriteback(tmp)
	err = fn(hashingWriter{tmp, h})
	stop()
	if err != nil {
		return nil, err
	}
	if err = tmp.Chmod(mode); err != nil {
		return nil, err
	}
	if err = tmp.Sync(); err != nil {
		return nil, err
	}
	if err = tmp.Close(); err != nil {
		return nil, err
	}
	return &Pending{Path: path, SHA256: hex.EncodeToString(h.Sum(nil)), tmp: name, unchanged: unchanged}, nil
}

// Commit renames the replacement over the file. With a Fingerprint given to
// Prepare, a file changed since it was read is left as it is and Commit returns
// a *RefusedError. The temporary file never outlives Commit.
func (p *Pending) Commit() error {
	if p.done {
		return fmt.Errorf("%s: already committed or aborted", p.Path)
	}
	if p.unchanged != nil {
		if err := p.unchanged.Check(p.Path); err != nil {
			p.Abort()
			return err
		}
	}
	p.done = true
	if err := os.Rename(p.tmp, p.Path); err != nil {
		os.Remove(p.tmp)
		return err
	}
	syncDir(filepath.Dir(p.Path))
	return nil
}

// Abort removes the replacement; the file stays as it is. Aborting a committed
// Pending does nothing.
func (p *Pending) Abort() {
	if p == nil || p.done {
		return
	}
	p.done = true
	os.Remove(p.tmp)
}

// hashingWriter writes to the file and hashes what it writes. It hides the
// *os.File's ReadFrom, so that every byte goes through the hash.
type hashingWriter struct {
	f *os.File
	h hash.Hash
}

func (w hashingWriter) Write(b []byte) (int, error) {
	n, err := w.f.Write(b)
	w.h.Write(b[:n])
	return n, err
}

// tempPattern names a temporary file for target base: this host and process
// are in the name, so that CleanStale can tell a live run's file from a
// leftover (".covenant-tmp-ledger.xlsx-1a2b3c4d-4711-123456789").
func tempPattern(base string) string {
	return tempPrefix + base + "-" + hostTag() + "-" + strconv.Itoa(os.Getpid()) + "-*"
}

func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
