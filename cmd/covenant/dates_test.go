package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
)

// isoInSentences lists the text cells of a workbook's visible sheets and
// columns that write a yyyy-mm-dd inside a sentence (issue 15: the long form
// there; yyyy-mm-dd is the style of a date in a table, a cell of its own).
func isoInSentences(t *testing.T, f *excelize.File) (checked int, bad []string) {
	t.Helper()
	for _, sh := range f.GetSheetList() {
		if v, _ := f.GetSheetVisible(sh); !v {
			continue
		}
		hidden := map[string]bool{} // column -> hidden
		eachCell(t, f, sh, func(r int, cell, v string) {
			col := strings.TrimRight(cell, "0123456789")
			h, seen := hidden[col]
			if !seen {
				vis, _ := f.GetColVisible(sh, col)
				h = !vis
				hidden[col] = h
			}
			if h || isNumber(f, sh, cell, v) {
				return
			}
			checked++
			if m := oracle.SentenceISODate(v); m != "" {
				bad = append(bad, fmt.Sprintf("%s!%s: %q in %q", sh, cell, m, v))
			}
		})
	}
	return checked, bad
}

// jsonISOInSentences lists the strings of a --json answer that write a
// yyyy-mm-dd inside a sentence (a reason, a detail, a warning); the date
// fields themselves are yyyy-mm-dd by contract and are no sentence.
func jsonISOInSentences(v any, at string, bad *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			jsonISOInSentences(e, at+"."+k, bad)
		}
	case []any:
		for i, e := range x {
			jsonISOInSentences(e, fmt.Sprintf("%s[%d]", at, i), bad)
		}
	case string:
		if m := oracle.SentenceISODate(x); m != "" {
			*bad = append(*bad, fmt.Sprintf("%s: %q in %q", at, m, x))
		}
	}
}

// TestDatesInSentencesAreLong: no sentence covenant writes, in a report, in
// the columns it adds to the accountant's own workbooks, in a warning or in
// a --json reason, carries a yyyy-mm-dd: dates in sentences are in the long
// form ("October 22, 2003", "October 22, 2003 at 8:00 AM"; issue 15).
func TestDatesInSentencesAreLong(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, stdout, stderr := runCLI(t, "demo", "--out", dir)
	if code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	writeBreakdown(t, dir) // the breakdown to Arrow (issue 17)
	// what the demo says on the terminal, its warnings included (a --as-of
	// echoed after its flag stays as typed; the demo echoes none)
	for _, line := range strings.Split(stdout+stderr, "\n") {
		if m := oracle.SentenceISODate(line); m != "" {
			t.Errorf("the demo's output writes %q in %q", m, line)
		}
	}
	books := append(append([]string{}, everyReport...), "ledger-2003.xlsx", "loan-2002.xlsx")
	for _, name := range books {
		t.Run(strings.TrimSuffix(name, ".xlsx"), func(t *testing.T) {
			f, err := excelize.OpenFile(filepath.Join(dir, name), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			checked, bad := isoInSentences(t, f)
			if checked == 0 {
				t.Fatal("no text cell checked")
			}
			if len(bad) > 0 {
				n := len(bad)
				if n > 12 {
					bad = bad[:12]
				}
				t.Errorf("%d of %d text cells write a yyyy-mm-dd in a sentence:\n\t%s", n, checked, strings.Join(bad, "\n\t"))
			}
		})
	}
	// the --json answers: every reason, detail and warning
	ledgerPath, loanPath := filepath.Join(dir, "ledger-2003.xlsx"), filepath.Join(dir, "loan-2002.xlsx")
	out := t.TempDir()
	for _, args := range [][]string{
		{"monthly", "--ledger", ledgerPath, "--month", "2003-10", "--as-of", "2003-11-05"},
		{"certificate", "--ledger", ledgerPath, "--quarter", "2003Q3", "--as-of", "2003-09-20"},
		{"status", "--ledger", ledgerPath, "--loan", loanPath, "--as-of", "2003-09-10"},
		{"loanfee", "--loan", loanPath, "--as-of", "2002-12-20"},
		{"borrowing", "--loan", loanPath, "--as-of", "2002-11-15"},
	} {
		args = append(args, "--out", out, "--json")
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, stderr)
			continue
		}
		var j any
		if err := json.Unmarshal([]byte(stdout), &j); err != nil {
			t.Errorf("%s: %v", args[0], err)
			continue
		}
		var bad []string
		jsonISOInSentences(j, args[0], &bad)
		if len(bad) > 0 {
			if len(bad) > 12 {
				bad = bad[:12]
			}
			t.Errorf("%s --json writes a yyyy-mm-dd in a sentence:\n\t%s", args[0], strings.Join(bad, "\n\t"))
		}
	}
	// the check finds a reason written with an ISO date
	f, err := excelize.OpenFile(filepath.Join(dir, "monthly-2003-10.xlsx"), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.SetCellValue("Summary", "A1", "breakdown sent 2003-10-22 08:00, before the PO was committed")
	if _, bad := isoInSentences(t, f); len(bad) != 1 || !strings.HasPrefix(bad[0], "Summary!A1: \"2003-10-22 08:00\"") {
		t.Errorf("an ISO date in a sentence found as %q", bad)
	}
}
