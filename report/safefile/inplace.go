package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

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
