package safefile

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// lockPrefix names the lock beside a workbook: ".covenant-lock-ledger.xlsx"
// beside "ledger.xlsx".
const lockPrefix = ".covenant-lock-"

// takeoverAge is how long a takeover (a few milliseconds' work) may hold its
// own small lock before another run takes it for a leftover of a crash.
const takeoverAge = 10 * time.Second

// Owner is who holds a lock, as its file says.
type Owner struct {
	User, Host string
	PID        int
	Since      time.Time
	// Unreadable is set when the lock file says nothing covenant can read;
	// Since is then the file's modification time.
	Unreadable bool
}

func (o Owner) String() string {
	since := o.Since.Local().Format("2006-01-02 15:04:05 -07:00")
	if o.Unreadable {
		return fmt.Sprintf("an unknown run (its lock file cannot be read) since %s", since)
	}
	return fmt.Sprintf("%s on host %s, process %d, since %s", o.User, o.Host, o.PID, since)
}

// Lock is a workbook's lock, held by this run until Release.
type Lock struct {
	// File is the lock file beside the workbook.
	File    string
	content []byte
}

// TakenOver says whose lock Acquire took over, and why it was taken for a
// leftover: the warning to show.
type TakenOver struct {
	Workbook, File string
	Owner          Owner
	Why            string
}

func (t *TakenOver) String() string {
	return fmt.Sprintf("%s: took over the lock file %s of %s: %s", filepath.Base(t.Workbook), filepath.Base(t.File), t.Owner, t.Why)
}

// LockFile is the lock file Acquire uses for workbook (beside the file a
// symbolic link names, which is the file replaced).
func LockFile(workbook string) string {
	if real, err := filepath.EvalSymlinks(workbook); err == nil {
		workbook = real
	}
	dir, base := filepath.Split(workbook)
	return filepath.Join(dir, lockPrefix+base)
}

// Acquire takes the lock on workbook for a run that rewrites it in place. The
// lock is a small file beside the workbook naming who holds it (user, host,
// process) and since when, as Excel's "~$" owner file does. While another live
// run holds it, Acquire refuses with a *RefusedError naming that run. A lock
// whose process is gone (on this host) or that is older than StaleAge is taken
// over; takenOver then says whose it was.
func Acquire(workbook string) (l *Lock, takenOver *TakenOver, err error) {
	file := LockFile(workbook)
	// what runs killed while creating the lock or a takeover's guard left
	// (createExclusive writes each beside it first)
	CleanStale(filepath.Dir(file), filepath.Base(file))
	CleanStale(filepath.Dir(file), filepath.Base(file)+".takeover")
	me, err := ownerContent(workbook)
	if err != nil {
		return nil, nil, err
	}
	for attempt := 0; attempt < 100; attempt++ {
		err := createExclusive(file, me)
		if err == nil {
			return &Lock{File: file, content: me}, takenOver, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, nil, fmt.Errorf("%s: cannot create the lock file %s: %w", filepath.Base(workbook), filepath.Base(file), err)
		}
		held, st, err := readLock(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue // released meanwhile
		}
		if err != nil {
			return nil, nil, err
		}
		owner, ok := parseOwner(held)
		if !ok {
			if time.Since(st.ModTime()) < time.Second {
				time.Sleep(20 * time.Millisecond) // being written (no hard links here)
				continue
			}
			owner = Owner{Since: st.ModTime(), Unreadable: true}
		}
		why := stale(owner)
		if why == "" {
			return nil, nil, &RefusedError{Path: workbook, Reason: fmt.Sprintf(
				"is being updated in place by another covenant run: %s (its lock file %s is beside it); wait for that run to finish and run again (a lock whose process is gone, or older than an hour, is taken over; if no covenant run is under way, delete %s)",
				owner, filepath.Base(file), filepath.Base(file))}
		}
		switch took, err := takeOver(file, held, me); {
		case err != nil:
			return nil, nil, err
		case took:
			return &Lock{File: file, content: me}, &TakenOver{Workbook: workbook, File: file, Owner: owner, Why: why}, nil
		}
		// someone else took it or released it meanwhile: look again
	}
	return nil, nil, &RefusedError{Path: workbook, Reason: fmt.Sprintf("is being updated in place by other covenant runs: its lock file %s keeps changing hands; run again later", filepath.Base(file))}
}

// Release removes the lock file, unless another run has taken it over since.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	cur, _, err := readLock(l.File)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if !bytes.Equal(cur, l.content) {
		return nil // taken over: it is the other run's now
	}
	return os.Remove(l.File)
}

// stale says why the owner's lock is a leftover, or "" while it holds.
func stale(o Owner) string {
	if !o.Unreadable && o.Host == hostname() && o.PID != os.Getpid() {
		if alive, known := processAlive(o.PID); known && !alive {
			return fmt.Sprintf("its process %d is gone", o.PID)
		}
	}
	if age := time.Since(o.Since); age > StaleAge {
		return fmt.Sprintf("it is older than an hour (%s)", age.Round(time.Minute))
	}
	return ""
}

// takeOver replaces the stale lock file (whose bytes are old) with ours. Two
// runs taking over the same stale lock are put one after the other by a second,
// short-lived lock file, and each replaces the lock only if it still holds the
// bytes it judged stale: one of them gets it, the other then finds it held.
func takeOver(file string, old, me []byte) (bool, error) {
	guard := file + ".takeover"
	if err := createExclusive(guard, me); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return false, err
		}
		if b, st, err := readLock(guard); err == nil && guardLeft(b, st) {
			os.Remove(guard) // left by a run killed in the middle of a takeover
		} else {
			time.Sleep(10 * time.Millisecond)
		}
		return false, nil
	}
	defer os.Remove(guard)
	cur, _, err := readLock(file)
	if err != nil || !bytes.Equal(cur, old) {
		return false, nil
	}
	// renamed over the stale one: the lock file never disappears, so no run
	// can create a new one in between
	p, err := Prepare(file, nil, func(w io.Writer) error { _, err := w.Write(me); return err })
	if err != nil {
		return false, err
	}
	if err := p.Commit(); err != nil {
		return false, err
	}
	return true, nil
}

// guardLeft says whether a takeover's guard file is a leftover: its run's
// process is gone, or it is older than any takeover takes.
func guardLeft(b []byte, st fs.FileInfo) bool {
	if o, ok := parseOwner(b); ok && o.Host == hostname() && o.PID != os.Getpid() {
		if alive, known := processAlive(o.PID); known && !alive {
			return true
		}
	}
	return time.Since(st.ModTime()) > takeoverAge
}

// createExclusive creates file with content unless it exists (fs.ErrExist).
// The content is written beside it first and linked into place, so that no
// reader ever sees the file half written; where the file system has no hard
// links, it is created exclusively and written.
func createExclusive(file string, content []byte) error {
	dir := filepath.Dir(file)
	tmp, err := os.CreateTemp(dir, tempPattern(filepath.Base(file)))
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name)
	_, err = tmp.Write(content)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	linkErr := os.Link(name, file)
	if linkErr == nil || errors.Is(linkErr, fs.ErrExist) {
		return linkErr
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(content)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file)
	}
	return err
}

func readLock(file string) ([]byte, fs.FileInfo, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, nil, err
	}
	b, err := os.ReadFile(file)
	return b, st, err
}

// ownerContent is the lock file's text for this run: readable by a person who
// finds it, and unique to this acquisition (a random token), so that a run
// knows its own lock from the one that replaced it.
func ownerContent(workbook string) ([]byte, error) {
	token := make([]byte, 8)
	if _, err := rand.Read(token); err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "covenant is updating %s in place; this file is removed when it is done.\n", filepath.Base(workbook))
	fmt.Fprintf(&b, "user: %s\nhost: %s\npid: %d\nsince: %s\ntoken: %s\n",
		userName(), hostname(), os.Getpid(), time.Now().Format(time.RFC3339Nano), hex.EncodeToString(token))
	return []byte(b.String()), nil
}

// parseOwner reads a lock file's text; ok is false when it is not one.
func parseOwner(b []byte) (o Owner, ok bool) {
	var have int
	for _, line := range strings.Split(string(b), "\n") {
		k, v, found := strings.Cut(strings.TrimRight(line, "\r"), ": ")
		if !found {
			continue
		}
		switch k {
		case "user":
			o.User, have = v, have|1
		case "host":
			o.Host, have = v, have|2
		case "pid":
			if n, err := strconv.Atoi(v); err == nil {
				o.PID, have = n, have|4
			}
		case "since":
			if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
				o.Since, have = t, have|8
			}
		}
	}
	return o, have == 15
}

// userName is who runs covenant, as the system knows them.
func userName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range []string{"USER", "USERNAME", "LOGNAME"} {
		if s := os.Getenv(v); s != "" {
			return s
		}
	}
	return "uid " + strconv.Itoa(os.Getuid())
}

// hostname is this machine's name ("unknown host" when the system will not say).
func hostname() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "unknown host"
}
