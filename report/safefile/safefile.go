// Package safefile writes files so that nothing is ever lost: the content goes to a
// temporary file in the destination folder, is synced, and is renamed over the
// target in one step. A reader (or a crash) sees either the old file or the whole
// new one, never a truncated mix. An existing target keeps its permissions.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempPrefix marks covenant's temporary files, so that leftovers of a killed run
// can be recognised and removed.
const tempPrefix = ".covenant-tmp-"

// Write creates or replaces path with what fn writes. If fn fails, the target is
// untouched and the temporary file removed.
func Write(path string, fn func(w io.Writer) error) (err error) {
	// A symbolic link keeps pointing at the file: the file it names is replaced,
	// not the link.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir := filepath.Dir(path)
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return fmt.Errorf("%s is a folder", path)
		}
		mode = st.Mode().Perm()
	}
	CleanStale(dir, filepath.Base(path))
	tmp, err := os.CreateTemp(dir, tempPrefix+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	stop := startWriteback(tmp)
	err = fn(tmp)
	stop()
	if err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(name, path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// CleanStale removes temporary files a killed run left for the target base name.
func CleanStale(dir, base string) {
	matches, _ := filepath.Glob(filepath.Join(dir, tempPrefix+base+"-*"))
	for _, m := range matches {
		os.Remove(m)
	}
}

func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// CheckInPlace refuses to replace a workbook that cannot or should not be
// replaced: one that is read-only, or open in Excel (its "~$name" lock file lies
// beside it) unless force is set.
func CheckInPlace(path string, force bool) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o200 == 0 {
		return &RefusedError{Path: path, Reason: "is read-only: covenant will not replace it; make it writable (in Windows: Properties, untick Read-only), or run without --in-place"}
	}
	paths := []string{path}
	if real, err := filepath.EvalSymlinks(path); err == nil && real != path {
		paths = append(paths, real) // Excel may have opened it by either name
	}
	for _, p := range paths {
		dir, base := filepath.Split(p)
		lock := filepath.Join(dir, "~$"+strings.TrimPrefix(base, "~$"))
		if _, err := os.Stat(lock); err == nil && !force {
			return &RefusedError{Path: path, Reason: fmt.Sprintf("seems to be open in Excel (its lock file %s is beside it): close it in Excel first, or pass --force if it is not open (a crashed Excel leaves the lock file behind)", filepath.Base(lock))}
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// RefusedError is CheckInPlace's refusal to replace a workbook: the user's to
// settle (exit status 2), not a failure of the program.
type RefusedError struct {
	Path   string
	Reason string
}

func (e *RefusedError) Error() string { return e.Path + " " + e.Reason }
