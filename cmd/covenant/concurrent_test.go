package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/parse"
)

// sharedWorkbook is a small ledger that also holds a Borrowing sheet, so that
// monthly (for three months), certificate and borrowing all rewrite the same
// workbook in place, each its own columns.
func sharedWorkbook(t *testing.T, dir string) string {
	return fixtureLedger(t, dir, func(f *excelize.File) {
		putRows(t, f, "Purchases", 14, [][]any{
			{"PO-10", 1, "2003-03-04", "Avnet", "Vishay", "P10", "March line", 10, 2, "2003-03-20", "N", "N"},
			{"PO-11", 1, "2003-03-18", "Arrow", "Kemet", "P11", "March line", 4, 3, "2003-03-30", "N", "N"},
		})
		f.NewSheet("Borrowing")
		putRows(t, f, "Borrowing", 1, borrowingRows())
	})
}

// concurrentRun is one of the in-place runs a round starts at once.
type concurrentRun struct {
	name string
	args []string
	// holds says whether the workbook has this run's columns.
	holds func(f *excelize.File) error
}

// header is a sheet's header row (its first row holding name) and its rows.
func sheetTable(f *excelize.File, sheet, name string) (cols map[string]int, rows [][]string, err error) {
	all, err := f.GetRows(sheet)
	if err != nil {
		return nil, nil, err
	}
	for i, r := range all {
		for _, c := range r {
			if c == name {
				cols = map[string]int{}
				for j, h := range r {
					cols[h] = j
				}
				return cols, all[i+1:], nil
			}
		}
	}
	return nil, nil, fmt.Errorf("sheet %s has no header with %q", sheet, name)
}

func cellOf(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

// monthHolds: every franchised line dated in the month has its
// classification and Reported In = the month.
func monthHolds(month string) func(f *excelize.File) error {
	return func(f *excelize.File) error {
		cols, rows, err := sheetTable(f, "Purchases", "PO Number")
		if err != nil {
			return err
		}
		for _, c := range ledger.OutColumnNames(inPlaceColumns) {
			if _, ok := cols[c]; !ok {
				return fmt.Errorf("Purchases has no %s column", c)
			}
		}
		n := 0
		for _, r := range rows {
			d, err := parse.Date(cellOf(r, cols["PO Date"]))
			if err != nil || d.Format("2006-01") != month || cellOf(r, cols["Franchised"]) != "Yes" {
				continue
			}
			n++
			if cellOf(r, cols["Classification"]) == "" || cellOf(r, cols["Reported In"]) != month {
				return fmt.Errorf("%s line %s: Classification %q, Reported In %q", month, cellOf(r, cols["PO Number"]), cellOf(r, cols["Classification"]), cellOf(r, cols["Reported In"]))
			}
		}
		if n == 0 {
			return fmt.Errorf("no franchised line of %s", month)
		}
		return nil
	}
}

// columnsHold: the sheet has the columns, and its first data row a value in
// the column filled.
func columnsHold(sheet, key string, columns []string, filled string) func(f *excelize.File) error {
	return func(f *excelize.File) error {
		cols, rows, err := sheetTable(f, sheet, key)
		if err != nil {
			return err
		}
		for _, c := range columns {
			if _, ok := cols[c]; !ok {
				return fmt.Errorf("%s has no %s column", sheet, c)
			}
		}
		if len(rows) == 0 || cellOf(rows[0], cols[filled]) == "" {
			return fmt.Errorf("%s!%s is empty", sheet, filled)
		}
		return nil
	}
}

// TestConcurrentInPlaceRuns (two accountants on a shared drive): rounds of
// in-place runs started together on one workbook (monthly for three months,
// certificate and borrowing, each writing its own columns), staggered at
// random over about two runs' time. After each round, every run that exited 0
// has its columns in the workbook (no update lost), and every other was refused
// in words (the lock held, or the workbook changed since it was read); no
// temporary file or lock is left. 12 rounds (4 with -short); seeded.
func TestConcurrentInPlaceRuns(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a shell-free process test for unix-like systems")
	}
	rounds := 12
	if testing.Short() {
		rounds = 4
	}
	bin := buildCovenant(t)
	dir := t.TempDir()
	wb := filepath.Join(dir, "ledger.xlsx")
	fresh, err := os.ReadFile(sharedWorkbook(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	out := func(name string) string { return filepath.Join(dir, "out-"+name) }
	runs := []concurrentRun{
		{"monthly 2003-01", []string{"monthly", "--ledger", wb, "--month", "2003-01", "--as-of", "2003-04-10", "--in-place", "--out", out("jan")}, monthHolds("2003-01")},
		{"monthly 2003-02", []string{"monthly", "--ledger", wb, "--month", "2003-02", "--as-of", "2003-04-10", "--in-place", "--out", out("feb")}, monthHolds("2003-02")},
		{"monthly 2003-03", []string{"monthly", "--ledger", wb, "--month", "2003-03", "--as-of", "2003-04-10", "--in-place", "--out", out("mar")}, monthHolds("2003-03")},
		{"certificate 2003Q1", []string{"certificate", "--ledger", wb, "--quarter", "2003Q1", "--as-of", "2003-04-10", "--in-place", "--out", out("q1")},
			columnsHold("Invoices", "Invoice Number", ledger.OutColumnNames(certificateInPlaceColumns), "Status")},
		{"borrowing", []string{"borrowing", "--loan", wb, "--as-of", "2002-11-01", "--in-place", "--out", out("loan")},
			columnsHold("Borrowing", "Receivables Borrowing Base", ledger.OutColumnNames(borrowingColumns), "IEC Borrowing Capacity")},
	}
	reset := func() {
		if err := os.WriteFile(wb, fresh, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// every run alone: each holds its columns, and how long one takes
	var slowest time.Duration
	for _, r := range runs {
		reset()
		start := time.Now()
		if b, err := exec.Command(bin, r.args...).CombinedOutput(); err != nil {
			t.Fatalf("%s alone: %v\n%s", r.name, err, b)
		}
		slowest = max(slowest, time.Since(start))
		f, err := excelize.OpenFile(wb)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.holds(f); err != nil {
			t.Fatalf("%s alone: %v", r.name, err)
		}
		f.Close()
	}
	t.Logf("the slowest run alone takes %v", slowest)

	rng := rand.New(rand.NewPCG(12, 2003))
	var ok, locked, changed, together int
	for round := 0; round < rounds; round++ {
		reset()
		type result struct {
			err    error
			stderr string
		}
		results := make([]result, len(runs))
		delays := make([]time.Duration, len(runs))
		for i := range delays {
			delays[i] = time.Duration(rng.Int64N(int64(2 * slowest)))
		}
		var wg sync.WaitGroup
		for i, r := range runs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(delays[i])
				var stderr bytes.Buffer
				cmd := exec.Command(bin, r.args...)
				cmd.Stderr = &stderr
				results[i] = result{cmd.Run(), stderr.String()}
			}()
		}
		wg.Wait()
		f, err := excelize.OpenFile(wb)
		if err != nil {
			t.Fatalf("round %d: the workbook does not open: %v", round, err)
		}
		succeeded := 0
		for i, r := range runs {
			res := results[i]
			if res.err == nil {
				succeeded++
				ok++
				if err := r.holds(f); err != nil {
					t.Errorf("round %d: %s exited 0, and its update is lost: %v", round, r.name, err)
				}
				continue
			}
			code := -1
			if ee, isExit := res.err.(*exec.ExitError); isExit {
				code = ee.ExitCode()
			}
			switch {
			case code == 2 && strings.Contains(res.stderr, "is being updated in place by another covenant run: "):
				locked++
			case code == 2 && strings.Contains(res.stderr, "changed since covenant read it"):
				changed++
			default:
				t.Errorf("round %d: %s failed without a clear refusal (exit %d): %s", round, r.name, code, res.stderr)
			}
		}
		f.Close()
		if succeeded >= 2 {
			together++
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".covenant-*")); len(left) != 0 {
			t.Errorf("round %d: left: %v", round, left)
		}
	}
	t.Logf("%d rounds of %d runs: %d exited 0 with their columns kept, %d refused as locked, %d as changed meanwhile; %d rounds had two or more updates land",
		rounds, len(runs), ok, locked, changed, together)
	if together == 0 {
		t.Error("no round had two updates land on the workbook: the test did not test keeping one update through another")
	}
}
