package main

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/covenant-reports/covenant/report/oracle"
)

// TestDemoOpensClean (issue 15, "Opening"): every report the demo writes and
// every workbook it updates in place (the sample ledger after monthly and
// certificate --in-place, the loan workbook after borrowing --in-place), and
// the terms workbook, validate part by part against the OOXML schemas and keep
// Excel's rules beyond them (oracle.OpensClean): Excel opens them without a
// repair prompt, and readers that trust the dimension see every cell.
func TestDemoOpensClean(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "terms", "export", filepath.Join(dir, "terms.xlsx")); code != 0 {
		t.Fatalf("terms export: exit %d: %s", code, stderr)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	want := []string{"borrowing.xlsx", "certificate-2003Q4.xlsx", "ledger-2003.xlsx", "loan-2002.xlsx", "loanfee.xlsx", "monthly-2003-10.xlsx", "terms.xlsx"}
	if len(files) != len(want) {
		t.Fatalf("the demo wrote %q, want %q", files, want)
	}
	for i, f := range files {
		if filepath.Base(f) != want[i] {
			t.Fatalf("the demo wrote %q, want %q", files, want)
		}
	}
	oracle.OpensClean(t, files...)
}
