package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/covenant-reports/covenant/report/oracle"
)

// TestDemoOpensClean (issue 15, "Opening"): every report the demo writes and
// every workbook it updates in place (the sample ledger after monthly and
// certificate --in-place, the loan workbook after borrowing --in-place), and
// the terms workbook, validate part by part against the OOXML schemas and keep
// Excel's rules beyond them (oracle.OpensClean): Excel opens them without a
// repair prompt, and readers that trust the dimension see every cell. So do the
// blank workbooks of ledger new and the templates covenant exports.
func TestDemoOpensClean(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	// and what covenant gives an accountant to start from
	if err := os.Mkdir(filepath.Join(dir, "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"terms", "export", filepath.Join(dir, "terms.xlsx")},
		{"ledger", "new", filepath.Join(dir, "new", "blank-ledger.xlsx")},
		{"ledger", "new", "--loan", filepath.Join(dir, "new", "blank-loan.xlsx")},
		{"templates", "export", filepath.Join(dir, "templates")},
	} {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	var files, names []string
	for _, pattern := range []string{"*.xlsx", "new/*.xlsx", "templates/*.xlsx"} {
		got, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(got)
		for _, f := range got {
			files = append(files, f)
			rel, _ := filepath.Rel(dir, f)
			names = append(names, filepath.ToSlash(rel))
		}
	}
	want := []string{"borrowing.xlsx", "certificate-2003Q4.xlsx", "ledger-2003.xlsx", "loan-2002.xlsx", "loanfee.xlsx", "monthly-2003-10.xlsx", "status-2003-09-10.xlsx", "terms.xlsx",
		"new/blank-ledger.xlsx", "new/blank-loan.xlsx",
		"templates/borrowing.xlsx", "templates/breakdown.xlsx", "templates/certificate.xlsx", "templates/loanfee.xlsx", "templates/monthly.xlsx", "templates/status.xlsx"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("wrote %q, want %q", names, want)
	}
	oracle.OpensClean(t, files...)
}

// TestDemoGnumeric (issue 15, "Opening"): Gnumeric, a second engine, reads
// every report of the demo and every workbook it updates in place without a
// message of its importer (a defined name it cannot read, as a bare list of
// areas was), and recalculates every formula to the value covenant cached.
func TestDemoGnumeric(t *testing.T) {
	oracle.Require(t, "ssconvert")
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	reports := map[string]bool{}
	for _, r := range demoReports {
		reports[r] = true
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil || len(files) != len(reports)+2 {
		t.Fatalf("the demo wrote %v (%v), want the reports, the ledger and the loan workbook", files, err)
	}
	for _, f := range files {
		// the in-place workbooks hold the accountant's values, no formula
		if checked := oracle.CompareGnumeric(t, f); checked == 0 && reports[filepath.Base(f)] {
			t.Errorf("%s: no formula checked", filepath.Base(f))
		}
	}
}
