package safefile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"
)

// Fingerprint is a file as it was read: its size, modification time and the
// SHA-256 of its bytes (hex), for the audit sheet and to tell whether it
// changed since.
type Fingerprint struct {
	Size    int64
	ModTime time.Time
	SHA256  string
	info    fs.FileInfo // the file's identity
}

// Identify fingerprints the file at path. The size and time are those of the
// file the bytes were hashed from: a file replaced while it was hashed is
// fingerprinted again.
func Identify(path string) (Fingerprint, error) {
	for attempt := 0; ; attempt++ {
		f, err := os.Open(path)
		if err != nil {
			return Fingerprint{}, err
		}
		before, err := f.Stat()
		if err != nil {
			f.Close()
			return Fingerprint{}, err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		after, statErr := f.Stat()
		f.Close()
		if err != nil {
			return Fingerprint{}, err
		}
		if statErr != nil {
			return Fingerprint{}, statErr
		}
		fp := Fingerprint{Size: after.Size(), ModTime: after.ModTime(), SHA256: hex.EncodeToString(h.Sum(nil)), info: after}
		if (before.Size() == after.Size() && before.ModTime().Equal(after.ModTime())) || attempt == 2 {
			return fp, nil
		}
	}
}

// Same says whether path is still the file fp fingerprinted, unchanged: the
// same file (not another renamed over it), size and modification time. It is
// the cheap check for an input only read, made once it is open.
func (fp Fingerprint) Same(path string) bool {
	st, err := os.Stat(path)
	return err == nil && fp.info != nil && os.SameFile(st, fp.info) && st.Size() == fp.Size && st.ModTime().Equal(fp.ModTime)
}

// ChangedInPlace says whether the file fp fingerprinted was written to since,
// in place (the same file under path, another size or time): what was read of
// it may be a mix. A file replaced by another (renamed over it, as Excel and
// covenant save) left the file read as it was.
func (fp Fingerprint) ChangedInPlace(path string) bool {
	st, err := os.Stat(path)
	return err == nil && fp.info != nil && os.SameFile(st, fp.info) && !(st.Size() == fp.Size && st.ModTime().Equal(fp.ModTime))
}

// Check refuses, with a *RefusedError, a file at path that is no longer the one
// fp fingerprinted: another size, modification time or SHA-256 means someone
// saved it since it was read, and replacing it would lose their update.
func (fp Fingerprint) Check(path string) error {
	now, err := Identify(path)
	if err != nil {
		return &RefusedError{Path: path, Reason: fmt.Sprintf("cannot be checked before it is replaced (%v): covenant left it as it is", err)}
	}
	var what []string
	if now.Size != fp.Size {
		what = append(what, fmt.Sprintf("its size is %d bytes, not %d", now.Size, fp.Size))
	}
	if !now.ModTime.Equal(fp.ModTime) {
		what = append(what, fmt.Sprintf("it was modified at %s, after covenant read it (modified %s)", stamp(now.ModTime), stamp(fp.ModTime)))
	}
	if now.SHA256 != fp.SHA256 {
		what = append(what, fmt.Sprintf("its SHA-256 is %s, not %s", now.SHA256, fp.SHA256))
	}
	if len(what) == 0 {
		return nil
	}
	return &RefusedError{Path: path, Reason: "changed since covenant read it (" + strings.Join(what, "; ") +
		"): another program or run saved it meanwhile; covenant left that newer workbook as it is: run the command again on it"}
}

// stamp writes a modification time as precisely as the file system keeps it,
// in the local time zone with its offset.
func stamp(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05.999999999 -07:00") }
