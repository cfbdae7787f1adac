package safefile

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// deadPID is the process number of a process of this host that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	if alive, known := processAlive(pid); !known || alive {
		t.Skipf("cannot tell that process %d is gone here (alive %v, known %v)", pid, alive, known)
	}
	return pid
}

// plantLock writes a lock file as another run would have left it.
func plantLock(t *testing.T, workbook, user, host string, pid int, since time.Time) string {
	t.Helper()
	file := LockFile(workbook)
	text := fmt.Sprintf("covenant is updating %s in place; this file is removed when it is done.\nuser: %s\nhost: %s\npid: %d\nsince: %s\ntoken: 0123456789abcdef\n",
		filepath.Base(workbook), user, host, pid, since.Format(time.RFC3339Nano))
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func newWorkbook(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ledger.xlsx")
	if err := os.WriteFile(p, []byte("workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLockHeldRefuses: a held lock refuses a second run, naming who holds it
// (user, host, process) and since when; released, it can be taken again.
func TestLockHeldRefuses(t *testing.T) {
	wb := newWorkbook(t)
	l, took, err := Acquire(wb)
	if err != nil || took != nil {
		t.Fatalf("Acquire: %v, %v", err, took)
	}
	if l.File != filepath.Join(filepath.Dir(wb), ".covenant-lock-ledger.xlsx") {
		t.Errorf("lock file %s", l.File)
	}
	b, _ := os.ReadFile(l.File)
	o, ok := parseOwner(b)
	if !ok || o.Host != hostname() || o.PID != os.Getpid() || o.User != userName() || time.Since(o.Since) > time.Minute {
		t.Errorf("the lock says %+v (%v):\n%s", o, ok, b)
	}
	_, _, err = Acquire(wb)
	var re *RefusedError
	if !errors.As(err, &re) {
		t.Fatalf("second Acquire: %v", err)
	}
	for _, want := range []string{"is being updated in place by another covenant run", userName(), "on host " + hostname(),
		fmt.Sprintf("process %d", os.Getpid()), "since " + o.Since.Local().Format("2006-01-02 15:04"), ".covenant-lock-ledger.xlsx"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q lacks %q", err, want)
		}
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.File); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left after Release: %v", err)
	}
	l2, _, err := Acquire(wb)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	l2.Release()
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(wb), ".covenant-*")); len(left) != 0 {
		t.Errorf("files left: %v", left)
	}
}

// TestLockTakeOver: which locks are leftovers (taken over, saying why) and
// which still hold.
func TestLockTakeOver(t *testing.T) {
	dead := deadPID(t)
	now := time.Now()
	for _, tc := range []struct {
		name    string
		plant   func(t *testing.T, wb string)
		why     string // "" : still held, refused
		refusal string
	}{
		{"process gone", func(t *testing.T, wb string) { plantLock(t, wb, "kim", hostname(), dead, now.Add(-time.Minute)) },
			fmt.Sprintf("its process %d is gone", dead), ""},
		{"older than an hour, other host", func(t *testing.T, wb string) {
			plantLock(t, wb, "kim", "acct-pc-3", os.Getpid(), now.Add(-61*time.Minute))
		}, "it is older than an hour", ""},
		{"older than an hour, live process", func(t *testing.T, wb string) {
			plantLock(t, wb, "kim", hostname(), os.Getpid(), now.Add(-2*time.Hour))
		}, "it is older than an hour", ""},
		{"other host, recent: its process cannot be checked", func(t *testing.T, wb string) {
			plantLock(t, wb, "kim", "acct-pc-3", dead, now.Add(-59*time.Minute))
		}, "", "kim on host acct-pc-3, process " + fmt.Sprint(dead)},
		{"live process of this host", func(t *testing.T, wb string) {
			plantLock(t, wb, "lee", hostname(), os.Getppid(), now.Add(-time.Minute))
		}, "", fmt.Sprintf("lee on host %s, process %d", hostname(), os.Getppid())},
		{"unreadable, recent", func(t *testing.T, wb string) {
			f := LockFile(wb)
			os.WriteFile(f, []byte("garbage"), 0o644)
			old := now.Add(-time.Minute)
			os.Chtimes(f, old, old)
		}, "", "an unknown run (its lock file cannot be read)"},
		{"unreadable, old", func(t *testing.T, wb string) {
			f := LockFile(wb)
			os.WriteFile(f, nil, 0o644)
			old := now.Add(-2 * time.Hour)
			os.Chtimes(f, old, old)
		}, "it is older than an hour", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wb := newWorkbook(t)
			tc.plant(t, wb)
			before, _ := os.ReadFile(LockFile(wb))
			l, took, err := Acquire(wb)
			if tc.why == "" {
				var re *RefusedError
				if !errors.As(err, &re) || !strings.Contains(err.Error(), tc.refusal) {
					t.Fatalf("Acquire: %v, want a refusal naming %q", err, tc.refusal)
				}
				if now, _ := os.ReadFile(LockFile(wb)); string(now) != string(before) {
					t.Error("the held lock file changed")
				}
				return
			}
			if err != nil {
				t.Fatalf("Acquire: %v", err)
			}
			if took == nil || !strings.Contains(took.String(), tc.why) || !strings.Contains(took.String(), "took over the lock file .covenant-lock-ledger.xlsx") {
				t.Errorf("taken over: %v, want %q", took, tc.why)
			}
			b, _ := os.ReadFile(l.File)
			if o, ok := parseOwner(b); !ok || o.PID != os.Getpid() {
				t.Errorf("the lock is not this run's: %s", b)
			}
			l.Release()
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(wb), ".covenant-*")); len(left) != 0 {
				t.Errorf("files left: %v", left)
			}
		})
	}
}

// TestLockReleaseKeepsAnothersLock: a run whose lock was taken over does not
// remove the new holder's lock when it ends.
func TestLockReleaseKeepsAnothersLock(t *testing.T) {
	wb := newWorkbook(t)
	l, _, err := Acquire(wb)
	if err != nil {
		t.Fatal(err)
	}
	plantLock(t, wb, "lee", "acct-pc-3", 4711, time.Now())
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(l.File); err != nil || !strings.Contains(string(b), "user: lee") {
		t.Errorf("the other run's lock was removed or changed: %v %s", err, b)
	}
}

// TestLockConcurrent: many runs at once, on a free workbook and on one whose
// lock is a leftover: exactly one gets the lock each time, every other is
// refused, and the lock file is the winner's.
func TestLockConcurrent(t *testing.T) {
	dead := deadPID(t)
	for _, leftover := range []bool{false, true} {
		for round := 0; round < 20; round++ {
			wb := newWorkbook(t)
			if leftover {
				plantLock(t, wb, "kim", hostname(), dead, time.Now().Add(-time.Minute))
			}
			const n = 16
			var wg sync.WaitGroup
			locks := make([]*Lock, n)
			errs := make([]error, n)
			start := make(chan struct{})
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					<-start
					locks[i], _, errs[i] = Acquire(wb)
				}(i)
			}
			close(start)
			wg.Wait()
			var won []*Lock
			for i := range locks {
				var re *RefusedError
				switch {
				case errs[i] == nil:
					won = append(won, locks[i])
				case !errors.As(errs[i], &re):
					t.Fatalf("leftover %v, round %d: not a refusal: %v", leftover, round, errs[i])
				}
			}
			if len(won) != 1 {
				t.Fatalf("leftover %v, round %d: %d runs hold the lock at once", leftover, round, len(won))
			}
			if b, _ := os.ReadFile(won[0].File); string(b) != string(won[0].content) {
				t.Fatalf("leftover %v, round %d: the lock file is not the winner's", leftover, round)
			}
			won[0].Release()
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(wb), ".covenant-*")); len(left) != 0 {
				t.Fatalf("leftover %v, round %d: files left: %v", leftover, round, left)
			}
		}
	}
}

// TestLockThroughSymlink: a workbook reached by a symbolic link has one lock,
// beside the file itself.
func TestLockThroughSymlink(t *testing.T) {
	wb := newWorkbook(t)
	link := filepath.Join(t.TempDir(), "alias.xlsx")
	if err := os.Symlink(wb, link); err != nil {
		t.Skip(err)
	}
	l, _, err := Acquire(link)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if l.File != LockFile(wb) {
		t.Errorf("lock %s, want beside the file: %s", l.File, LockFile(wb))
	}
	if _, _, err := Acquire(wb); err == nil {
		t.Error("the workbook's own name took a second lock")
	}
}

// TestLockLeftoverTakeoverGuard: a takeover's own guard file left by a run
// killed in the middle is removed once old, and the takeover goes on.
func TestLockLeftoverTakeoverGuard(t *testing.T) {
	dead := deadPID(t)
	wb := newWorkbook(t)
	file := plantLock(t, wb, "kim", hostname(), dead, time.Now().Add(-time.Minute))
	guard := file + ".takeover"
	for _, left := range []func(){
		func() { // old
			os.WriteFile(guard, nil, 0o644)
			old := time.Now().Add(-time.Minute)
			os.Chtimes(guard, old, old)
		},
		func() { // its process is gone
			b, _ := os.ReadFile(file)
			os.WriteFile(guard, b, 0o644)
		},
	} {
		left()
		l, took, err := Acquire(wb)
		if err != nil || took == nil {
			t.Fatalf("Acquire: %v, %v", err, took)
		}
		l.Release()
		if _, err := os.Stat(guard); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("guard left: %v", err)
		}
		file = plantLock(t, wb, "kim", hostname(), dead, time.Now().Add(-time.Minute))
	}
}
