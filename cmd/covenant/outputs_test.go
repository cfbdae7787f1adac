package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// Tests over every workbook covenant writes: the same inputs and --as-of give
// the same bytes; every output reads back with covenant's own strict reader;
// text from the inputs is never written as a formula.

// folderFiles reads every file of a folder (not recursing).
func folderFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// TestDemoDeterministic runs the demo twice: every report (monthly, certificate,
// loanfee, borrowing) and the sample workbooks written in place are the same
// bytes in both folders, document properties and zip timestamps included.
func TestDemoDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dir := range []string{a, b} {
		if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
			t.Fatalf("demo: exit %d: %s", code, stderr)
		}
	}
	fa, fb := folderFiles(t, a), folderFiles(t, b)
	var names []string
	for n := range fa {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(fa) != len(fb) || len(fa) < 6 {
		t.Fatalf("the demos wrote %d and %d files", len(fa), len(fb))
	}
	for _, n := range names {
		if !bytes.Equal(fa[n], fb[n]) {
			t.Errorf("%s differs between two demos", n)
		}
	}
	t.Logf("same bytes: %s", strings.Join(names, ", "))
}

// TestTermsExportDeterministic: two exports of the terms are the same bytes.
func TestTermsExportDeterministic(t *testing.T) {
	dir := t.TempDir()
	var outs [][]byte
	for _, n := range []string{"a.xlsx", "b.xlsx"} {
		p := filepath.Join(dir, n)
		if code, _, stderr := runCLI(t, "terms", "export", p); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, _ := os.ReadFile(p)
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two exports of the terms differ")
	}
}

// TestInPlaceDeterministic: the same ledger written in place twice, from two
// copies, gives the same bytes (monthly, then certificate on top).
func TestInPlaceDeterministic(t *testing.T) {
	orig, err := os.ReadFile(fixtureLedger(t, t.TempDir(), nil))
	if err != nil {
		t.Fatal(err)
	}
	var outs [][]byte
	for i := 0; i < 2; i++ {
		dir := t.TempDir()
		p := filepath.Join(dir, "ledger.xlsx")
		if err := os.WriteFile(p, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"monthly", "--month", "2003-01"}, {"certificate", "--quarter", "2003Q1"}} {
			args = append(args, "--ledger", p, "--as-of", "2003-04-10", "--out", filepath.Join(dir, "out"), "--in-place")
			if code, _, stderr := runCLI(t, args...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
		}
		b, _ := os.ReadFile(p)
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two in-place runs on copies of one ledger differ")
	}
}

// strictRead reads every sheet of a workbook with covenant's reader, which
// refuses rows out of order or repeated and cells it cannot decode; it returns
// the text cells.
func strictRead(t *testing.T, path string) map[string]bool {
	t.Helper()
	b, err := xlsx.Open(path)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	defer b.Close()
	texts := map[string]bool{}
	for _, sh := range b.Sheets {
		if _, ok := b.Sheet(sh.Name); !ok {
			continue
		}
		err := b.ReadRows(sh, func(r *xlsx.Row) error {
			for _, c := range r.Cells {
				if c.Kind == xlsx.Text && !c.Formula {
					texts[c.Text] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
		}
	}
	return texts
}

// TestOutputsReadBack reads every workbook the demo writes with covenant's own
// strict reader (it found the totals row each report once wrote twice).
func TestOutputsReadBack(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	n := 0
	for name := range folderFiles(t, dir) {
		if strings.HasSuffix(name, ".xlsx") {
			strictRead(t, filepath.Join(dir, name))
			n++
		}
	}
	if n < 6 {
		t.Errorf("read %d workbooks, want the 4 reports and 2 samples", n)
	}
}

// Texts that a spreadsheet would take for formulas if they were written as
// formulas or as untyped values.
var injections = []string{
	`=HYPERLINK("http://example.com/x","click")`,
	`=cmd|' /C calc'!A0`,
	`+1+1`,
	`-2+3`,
	`@SUM(1,2)`,
}

// TestFormulaInjection puts texts starting with =, +, - and @ into every text
// column of a ledger and a loan workbook, runs every report (and --in-place),
// and checks each output: no formula holds any of those texts, and the texts
// that reach a report are there as text.
func TestFormulaInjection(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := fixtureLedger(t, dir, func(f *excelize.File) {
		// a franchised line bought elsewhere without a breakdown: an exception,
		// listed in the reports with its PO number, supplier and part
		f.SetSheetRow("Purchases", "A14", &[]any{injections[0], 1, "2003-01-29", injections[1], "Vishay", injections[2], injections[3], 3, 2, "2003-02-10", "N", "N", nil, injections[4]})
		f.SetSheetRow("Purchases", "A15", &[]any{injections[4], 1, "2003-01-30", "Arrow", "Vishay", injections[3], injections[2], 1, 1, "2003-02-10", "N", "N"})
		f.SetSheetRow("Invoices", "A3", &[]any{injections[3], "2003-01-10", 5000, 0, 0, "2003-02-09", "2003-02-01"})
	})
	loanDir := t.TempDir()
	loanPath := fixtureLoan(t, loanDir, func(f *excelize.File) {
		for i, s := range injections {
			f.SetCellValue("Borrowing", "J"+string(rune('4'+i)), s) // the Notes column
		}
		f.SetCellValue("Cover", "A2", injections[0])
	})
	out := filepath.Join(dir, "out")
	for _, args := range [][]string{
		{"monthly", "--ledger", ledgerPath, "--month", "2003-01", "--as-of", "2003-04-10", "--out", out, "--in-place"},
		{"certificate", "--ledger", ledgerPath, "--quarter", "2003Q1", "--as-of", "2003-04-10", "--out", out, "--in-place"},
		{"loanfee", "--loan", loanPath, "--as-of", "2003-01-15", "--out", out},
		{"borrowing", "--loan", loanPath, "--as-of", "2002-10-31", "--out", out, "--in-place"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
		}
	}
	outputs := []string{ledgerPath, loanPath}
	for name := range folderFiles(t, out) {
		outputs = append(outputs, filepath.Join(out, name))
	}
	sort.Strings(outputs)
	for _, p := range outputs {
		for _, fc := range oracle.Formulas(t, p) {
			for _, s := range injections {
				core := strings.TrimLeft(s, "=+-@")
				if strings.Contains(fc.Formula, core) {
					t.Errorf("%s: %s!%s is the formula %q, made of the input text %q", filepath.Base(p), fc.Sheet, fc.Cell, fc.Formula, s)
				}
			}
		}
		strictRead(t, p)
	}
	// where the texts reach a report, they are text cells
	for _, w := range []struct {
		file  string
		texts []string
	}{
		{"monthly-2003-01.xlsx", []string{injections[0], injections[1], injections[2], injections[3], injections[4]}},
		{"certificate-2003Q1.xlsx", []string{injections[0], injections[1]}},
	} {
		texts := strictRead(t, filepath.Join(out, w.file))
		for _, s := range w.texts {
			if !texts[s] {
				t.Errorf("%s lacks the text %q", w.file, s)
			}
		}
	}
}
