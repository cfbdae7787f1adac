package gen

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

func loan2002(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Loan2002(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCommittedLoanIsCurrent(t *testing.T) {
	got := loan2002(t)
	committed, err := os.ReadFile("../loan-2002.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, committed) {
		t.Fatal("samples/loan-2002.xlsx differs from Loan2002: run go run ./cmd/mksamples")
	}
	if !bytes.Equal(got, loan2002(t)) {
		t.Error("Loan2002 gives different bytes on a second run")
	}
}

func TestLoanFeeSheets(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(loan2002(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tc := range []struct {
		sheet  string
		header []string
		rows   int
	}{{SheetFeeEvents, FeeEventsHeader, 3}, {SheetFeePayments, FeePaymentsHeader, 4}} {
		rows, err := f.GetRows(tc.sheet)
		if err != nil {
			t.Fatalf("%s: %v", tc.sheet, err)
		}
		if len(rows) != 3+tc.rows || !slices.Equal(rows[2], tc.header) {
			t.Errorf("%s: %d rows, header %q", tc.sheet, len(rows), rows[2])
		}
	}
	if v, _ := f.GetCellValue(SheetFeeEvents, "B5"); v != "2002-11-20" {
		t.Errorf("the Financing Commitment is dated %q", v)
	}
}
