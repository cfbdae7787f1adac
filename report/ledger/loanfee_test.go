package ledger

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// loanBook writes a loan workbook with the given sheets (nil rows: an empty sheet).
func loanBook(t *testing.T, sheets map[string][][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for name, rows := range sheets {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.SetCellValue("Sheet1", "A1", "other sheet")
	p := filepath.Join(t.TempDir(), "loan.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestReadLoanFees(t *testing.T) {
	p := loanBook(t, map[string][][]any{
		SheetFeeEvents: {
			{"Extension Fee events"},
			{},
			{"Date", "Event", "Comment"},
			{day(2002, 10, 1), "Execution", "four originals delivered"},
			{"11/20/2002", "  financing commitment DELIVERED ", ""},
			{},
			{"2002-12-27", "Full Payment", "refinanced"},
		},
		SheetFeePayments: {
			{"Date", "Amount", "Installment"},
			{"2002-10-01", 15000, "base-1"},
			{day(2002, 11, 15), "$15,000.00", nil},
		},
	})
	lf, err := ReadLoanFees(p)
	if err != nil {
		t.Fatal(err)
	}
	if !lf.HasEvents || !lf.HasPayments || len(lf.Events) != 3 || len(lf.Payments) != 2 {
		t.Fatalf("read %+v", lf)
	}
	e := lf.Events[1]
	if e.Event != FeeEventFinancingCommitment || !e.Date.Equal(day(2002, 11, 20)) || e.EventCell != "B5" || e.DateCell != "A5" {
		t.Errorf("event %+v", e)
	}
	if fp, ok := lf.Event(FeeEventFullPayment); !ok || !fp.Date.Equal(day(2002, 12, 27)) {
		t.Errorf("full payment %+v %v", fp, ok)
	}
	if pm := lf.Payments[1]; pm.Installment != "" || pm.Amount.String() != "15000" || !pm.Date.Equal(day(2002, 11, 15)) || pm.InstallmentCell != "C3" {
		t.Errorf("payment %+v", pm)
	}
	if err := lf.Check([]string{"base-1", "base-2"}, day(2002, 10, 1)); err != nil {
		t.Errorf("check: %v", err)
	}
}

func TestReadLoanFeesAbsentOrEmpty(t *testing.T) {
	for name, sheets := range map[string]map[string][][]any{
		"absent":      {},
		"empty":       {SheetFeeEvents: nil, SheetFeePayments: nil},
		"header only": {SheetFeeEvents: {{"Event", "Date"}}, SheetFeePayments: {{"Date", "Amount"}}},
	} {
		t.Run(name, func(t *testing.T) {
			lf, err := ReadLoanFees(loanBook(t, sheets))
			if err != nil {
				t.Fatal(err)
			}
			if len(lf.Events) != 0 || len(lf.Payments) != 0 || lf.HasEvents != (name != "absent") {
				t.Errorf("%+v", lf)
			}
		})
	}
}

func TestReadLoanFeesProblems(t *testing.T) {
	p := loanBook(t, map[string][][]any{
		SheetFeeEvents: {
			{"Event", "Date"},
			{"Execution", "2002-10-01"},
			{"Commitment", "2002-11-20"},
			{"Execution", "2002-10-02"},
			{"Full Payment", "2002-12-27"},
			{"full payment", "2002-12-28"},
			{"Purchase Offer Delivered", "11/31/2002"},
			{"", "2002-11-02"},
		},
		SheetFeePayments: {
			{"Date", "Amount", "Installment"},
			{"2002-10-01", "abc", "base-1"},
			{"", 100, ""},
			{"2002-10-02", -5, ""},
		},
	})
	_, err := ReadLoanFees(p)
	if err == nil {
		t.Fatal("no error")
	}
	if !IsInputError(err) {
		t.Errorf("not an input error: %T", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`loan.xlsx, sheet Fee Events, cell A3 (Event): "Commitment" is not a fee event: write one of "Execution", "Purchase Offer Delivered", "Financing Commitment Delivered", "Full Payment"`,
		"cell A4 (Event): a second Execution event (the first is in A2)",
		"cell A6 (Event): a second Full Payment event (the first is in A5)",
		"cell B7 (Date):",
		"cell A8 (Event): is blank",
		"sheet Fee Payments, cell B2 (Amount):",
		"sheet Fee Payments, cell A3 (Date): is blank",
		"sheet Fee Payments, cell B4 (Amount): -5: a payment must be a positive amount",
		"8 problems found",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

func TestLoanFeesCheck(t *testing.T) {
	p := loanBook(t, map[string][][]any{
		SheetFeeEvents:   {{"Event", "Date"}, {"Full Payment", "2002-09-30"}},
		SheetFeePayments: {{"Date", "Amount", "Installment"}, {"2002-10-01", 1, "BASE-1"}, {"2002-10-01", 1, "base-9"}},
	})
	lf, err := ReadLoanFees(p)
	if err != nil {
		t.Fatal(err)
	}
	err = lf.Check([]string{"base-1", "base-2"}, day(2002, 10, 1))
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, want := range []string{
		`sheet Fee Payments, cell C3 (Installment): "base-9" is not an installment of the Extension Fee: write one of base-1, base-2`,
		"sheet Fee Events, cell B2 (Date): Full Payment on 2002-09-30 is before the execution date 2002-10-01",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("check error lacks %q:\n%s", want, msg)
		}
	}
	if lf.Payments[0].Installment != "base-1" {
		t.Errorf("installment not canonical: %q", lf.Payments[0].Installment)
	}
}
