package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestLoanFeeTemplate: the committed template is what the builder makes; every
// sheet prints on Letter, fit to width, with "Page X of Y" and the loan footer; the
// names the report fills are defined.
func TestLoanFeeTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loanfee.xlsx")
	loanFeeTemplate(path)
	made, _ := os.ReadFile(path)
	committed, err := os.ReadFile(filepath.Join("..", "..", "templates", "loanfee.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(made, committed) {
		t.Error("templates/loanfee.xlsx is stale: run go run ./cmd/mktemplates")
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "Schedule", "Amortization", "Journal", "Audit"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sheets %q", got)
	}
	for _, sh := range want {
		hf, err := f.GetHeaderFooter(sh)
		if err != nil || !strings.Contains(hf.OddFooter, "Page &P of &N") || !strings.Contains(hf.OddFooter, "Amendment No. 10 (A.3, B.3)") || !strings.Contains(hf.OddFooter, "Confidential") {
			t.Errorf("%s footer %+v", sh, hf)
		}
		pl, err := f.GetPageLayout(sh)
		if err != nil || pl.Size == nil || *pl.Size != 1 || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s page layout %+v", sh, pl)
		}
	}
	names := map[string]bool{}
	for _, n := range f.GetDefinedName() {
		names[n.Name] = true
	}
	for _, n := range []string{"Schedule", "Amortization", "Journal", "Audit", "BalanceChart", "Execution", "TermEnd", "AsOf",
		"Scheduled", "Waived", "Payable", "Paid", "TotalExpense", "WrittenOff", "Check", "Statement", "Notes"} {
		if !names[n] {
			t.Errorf("no defined name %q", n)
		}
	}
}
