package oracle

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestGnumericProblems: a defined name that is a bare list of areas is a
// problem Gnumeric reports; the same union in parentheses is not, and a
// right cached value passes the recalculation while a wrong one fails it.
func TestGnumericProblems(t *testing.T) {
	book := func(name, refers string) string {
		f := excelize.NewFile()
		defer f.Close()
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "Inputs", Scope: "Sheet1", RefersTo: refers}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), name)
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	_, probs := GnumericProblems(t, book("bare.xlsx", "Sheet1!$A:$A,Sheet1!$C:$C"))
	if len(probs) == 0 || !strings.Contains(strings.Join(probs, "\n"), "Multiple expressions") {
		t.Errorf("a bare list of areas: problems %q, want Gnumeric's Multiple expressions", probs)
	}
	if _, probs := GnumericProblems(t, book("union.xlsx", "(Sheet1!$A:$A,Sheet1!$C:$C)")); len(probs) != 0 {
		t.Errorf("a union in parentheses: problems %q, want none", probs)
	}

	good := streamBook(t, "good.xlsx", []any{10, excelize.Cell{Formula: "A1*2", Value: 20}})
	if n := CompareGnumeric(t, good); n != 1 {
		t.Errorf("checked %d formulas, want 1", n)
	}
	bad := streamBook(t, "bad.xlsx", []any{10, excelize.Cell{Formula: "A1*2", Value: 21}})
	copyPath, _ := GnumericProblems(t, bad)
	if _, mismatches, err := compareFiles(bad, copyPath); err != nil || len(mismatches) != 1 || mismatches[0].Cell != "B1" {
		t.Errorf("a wrong cached value: mismatches %v (%v), want B1", mismatches, err)
	}
}
