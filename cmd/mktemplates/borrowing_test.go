package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBorrowingTemplate: the committed template is what the builder makes; every
// sheet prints on Letter, fit to width, with "Page X of Y" and the loan footer
// (not the Supplier Agreement's); the names the report fills are defined.
func TestBorrowingTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "borrowing.xlsx")
	borrowingTemplate(path)
	made, _ := os.ReadFile(path)
	committed, err := os.ReadFile(filepath.Join("..", "..", "templates", "borrowing.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(made, committed) {
		t.Error("templates/borrowing.xlsx is stale: run go run ./cmd/mktemplates")
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "Daily", "Breaches", "Interest", "Journal", "Interest Detail", "Audit"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sheets %q", got)
	}
	for _, sh := range want {
		hf, err := f.GetHeaderFooter(sh)
		if err != nil || !strings.Contains(hf.OddFooter, "Page &P of &N") || !strings.Contains(hf.OddFooter, "Amendment No. 10 (B.1, B.2)") || !strings.Contains(hf.OddFooter, "Confidential") {
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
	for _, n := range []string{"Daily", "Breaches", "Interest", "Journal", "InterestDetail", "Audit", "Chart", "Borrower", "FirstDate", "LastDate",
		"Days", "AsOf", "MaximumLimit", "AdvanceRate", "PeakAdvances", "LowestAvailability", "LargestOveradvance", "DaysInBreach", "BreachCount",
		"InterestAdvances", "InterestTermLoan", "InterestTotal", "InterestTotalAll", "JournalDebits", "JournalCredits", "Statement"} {
		if !names[n] {
			t.Errorf("no defined name %q", n)
		}
	}
	// the in-place columns are the Daily table's columns too
	hdr, _ := f.GetRows("Daily")
	row := strings.Join(hdr[3], ",")
	for _, c := range []string{"IEC Borrowing Capacity", "Borrowing Capacity", "Availability", "Overadvance", "Overadvance Cap", "Compliant", "Breach"} {
		if !strings.Contains(row, c) {
			t.Errorf("Daily header lacks %q: %s", c, row)
		}
	}
}
