package ledger

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// formula marks a cell written as a formula with its value, as Excel saves
// =SUM(...).
type formula struct {
	f string
	v float64
}

// bookOf writes a workbook of the given sheets, each a list of rows.
func bookOf(t *testing.T, sheets map[string][][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for _, name := range []string{SheetPurchases, SheetFranchise, SheetResponses, SheetInvoices, SheetNotices, SheetProposed, SheetFeeEvents, SheetFeePayments, SheetBorrowing} {
		rows, ok := sheets[name]
		if !ok {
			continue
		}
		if first {
			f.SetSheetName("Sheet1", name)
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fm, ok := v.(formula); ok {
					f.SetCellValue(name, cell, fm.v)
					f.SetCellFormula(name, cell, fm.f)
					continue
				}
				if v != nil {
					f.SetCellValue(name, cell, v)
				}
			}
		}
	}
	p := filepath.Join(t.TempDir(), "ledger.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

var purchasesHeader = []any{ColPONumber, ColPOLine, ColPODate, ColSupplier, ColManufacturer, ColPartNumber, ColDescription,
	ColQuantity, ColUnitCost, ColConfirmed, ColCustomerDirected, ColCreditLimit, ColExtendedCost}

func poRow(po string, line int) []any {
	return []any{po, line, "2003-01-06", "Avnet", "Vishay", "P", "D", 10, 2, nil, "N", "N", 20}
}

var lineCard = [][]any{{"Manufacturer", "Authorized From", "Authorized Until"}, {"Vishay", nil, nil}}

// TestPurchasesNotPOLines: a totals row, a subtotal, a note in a row of its
// own are skipped with one warning naming their rows; a row with some of PO
// Number, PO Date, Supplier and Manufacturer filled is still a PO line, and
// its blank cells are errors.
func TestPurchasesNotPOLines(t *testing.T) {
	tests := []struct {
		name  string
		rows  [][]any
		lines int
		warn  string
		err   []string
	}{
		{"a totals row: Total and a SUM", [][]any{poRow("PO-1", 1), poRow("PO-1", 2),
			{nil, nil, nil, nil, nil, nil, "Total", formula{"SUM(H2:H3)", 20}, nil, nil, nil, nil, formula{"SUM(M2:M3)", 40}}},
			2, "ledger.xlsx, sheet Purchases: row 4 was skipped: not a PO line but a total, a subtotal or a note (no PO Number, PO Date, Supplier or Manufacturer, or only a label such as Total or Note:)", nil},
		{"Total typed in the PO Number column", [][]any{poRow("PO-1", 1), {"TOTAL:", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, formula{"SUM(M2:M2)", 20}}},
			1, "row 3 was skipped: not a PO line", nil},
		{"subtotals between POs and a grand total", [][]any{poRow("PO-1", 1), {"Subtotal PO-1", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, 20},
			poRow("PO-2", 1), {"Sub-total", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, 20}, {"Grand Total", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, 40}},
			2, "rows 3 and 5-6 were skipped: not PO lines", nil},
		{"a note typed in column A", [][]any{poRow("PO-1", 1), {"prices below include freight"}, poRow("PO-2", 1)},
			2, "row 3 was skipped: not a PO line", nil},
		{"a note in the Description column", [][]any{poRow("PO-1", 1), {nil, nil, nil, nil, nil, nil, "see the buyer's file"}},
			1, "row 3 was skipped: not a PO line", nil},
		{"Note: in the Supplier column", [][]any{{nil, nil, nil, "Note: Avnet quotes held to March"}, poRow("PO-1", 1)},
			1, "row 2 was skipped: not a PO line", nil},
		{"a PO line with its date and manufacturer missing", [][]any{poRow("PO-1", 1), {"PO-2", 1, nil, "Avnet", nil, "P", "D", 10, 2, nil, "N", "N", 20}},
			0, "", []string{"cell C3 (PO Date): is blank; a date is required", "cell E3 (Manufacturer): is blank"}},
		{"a PO number alone is a line with values missing", [][]any{poRow("PO-1", 1), {"PO-2"}},
			0, "", []string{"cell B3 (PO Line): is blank", "cell C3 (PO Date): is blank", "cell D3 (Supplier): is blank", "cell E3 (Manufacturer): is blank"}},
		{"a supplier named like a label is a supplier", [][]any{{"PO-1", 1, "2003-01-06", "Total Parts Inc", "Vishay", "P", "D", 10, 2, nil, "N", "N", 20}},
			1, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := bookOf(t, map[string][][]any{SheetPurchases: append([][]any{purchasesHeader}, tt.rows...), SheetFranchise: lineCard})
			l, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			lines, err := readLinesOf(l)
			if len(tt.err) > 0 {
				for _, w := range tt.err {
					if err == nil || !strings.Contains(err.Error(), w) {
						t.Errorf("error %v, want %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != tt.lines {
				t.Errorf("%d lines, want %d", len(lines), tt.lines)
			}
			if tt.warn == "" && len(l.Warnings) > 0 || tt.warn != "" && (len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], tt.warn)) {
				t.Errorf("warnings %q, want one with %q", l.Warnings, tt.warn)
			}
			// read again (monthly --in-place reads the sheet once more): still one warning
			readLinesOf(l)
			if len(l.Warnings) > 1 {
				t.Errorf("warned twice: %q", l.Warnings)
			}
		})
	}
}

// TestOtherSheetsNotRecords: totals and notes on the line card, the
// breakdown log, the invoices and the loan sheets are skipped and warned
// about; where amounts are what a totals row sums, typed amounts without the
// record's key stay errors.
func TestOtherSheetsNotRecords(t *testing.T) {
	purchases := [][]any{purchasesHeader, poRow("PO-1", 1)}
	invoiceHeader := []any{"Invoice Number", "Invoice Date", "Amount", "Returns", "Discounts", "Due Date", "Paid Date"}
	borrowingHeader := []any{ColBorrowingDate, ColReceivablesBase, ColAdvances, ColBankersAcceptances, ColLettersOfGuaranty, ColLettersOfCredit, ColTermLoanReserve, ColTermLoanBalance, ColPrimeRate}
	day1 := []any{"2002-10-01", 1000, 500, 0, 0, 0, 100, 200, 4.75}
	day2 := []any{"2002-10-02", 1000, 600, 0, 0, 0, 100, 200, 4.75}
	tests := []struct {
		name   string
		sheets map[string][][]any
		count  func(l *Ledger, lf *LoanFees, b *Borrowing) int
		want   int
		warn   string
		err    string
	}{
		{"a note on the line card", map[string][][]any{SheetPurchases: purchases, SheetFranchise: {
			lineCard[0], {"Note: Arrow's line card as of June 2003"}, {"Vishay", nil, nil}, {"Kemet", "2002-06-01", nil}}},
			func(l *Ledger, _ *LoanFees, _ *Borrowing) int { return len(l.LineCard) }, 2,
			"ledger.xlsx, sheet Franchise: row 2 was skipped: not a line-card line but a total, a subtotal or a note (no Manufacturer, Authorized From or Authorized Until, or only a label such as Total or Note:)", ""},
		{"a line-card manufacturer of three words is a manufacturer", map[string][][]any{SheetPurchases: purchases, SheetFranchise: {
			lineCard[0], {"Texas Instruments Incorporated"}}},
			func(l *Ledger, _ *LoanFees, _ *Borrowing) int { return len(l.LineCard) }, 1, "", ""},
		{"a count under the breakdown log", map[string][][]any{SheetPurchases: purchases, SheetFranchise: lineCard, SheetResponses: {
			{"PO Number", "PO Line", "Breakdown Sent", "Arrow Response", "Responded At"},
			{"PO-1", 1, "2003-01-05 09:00", "Approve", "2003-01-05 15:00"},
			{"Count", formula{"COUNTA(A2:A2)", 1}}}},
			func(l *Ledger, _ *LoanFees, _ *Borrowing) int { return len(l.Breakdowns) }, 1, "sheet Arrow Responses: row 3 was skipped: not a breakdown", ""},
		{"an invoices total", map[string][][]any{SheetPurchases: purchases, SheetFranchise: lineCard, SheetInvoices: {invoiceHeader,
			{"INV-1", "2003-01-10", 100, nil, nil, "2003-02-09", nil},
			{"INV-2", "2003-01-12", 50, nil, nil, "2003-02-11", nil},
			{nil, nil, formula{"SUM(C2:C3)", 150}},
			{"Total", nil, 150}}},
			func(l *Ledger, _ *LoanFees, _ *Borrowing) int { return len(l.Invoices) }, 2, "sheet Invoices: rows 4-5 were skipped: not invoices", ""},
		{"an invoice amount typed without its invoice", map[string][][]any{SheetPurchases: purchases, SheetFranchise: lineCard, SheetInvoices: {invoiceHeader,
			{"INV-1", "2003-01-10", 100, nil, nil, "2003-02-09", nil},
			{nil, nil, 150}}},
			nil, 0, "", "sheet Invoices, cell A3 (Invoice Number): is blank"},
		{"a remark under Arrow's notices", map[string][][]any{SheetPurchases: purchases, SheetFranchise: lineCard, SheetNotices: {
			{ColNoticeDate, ColNotice, ColNoticeQuarterEnd, ColNoticeNote},
			{"2003-04-15", "Add Shortfall", "2003-03-28", "letter of April 14"},
			{nil, nil, nil, "the Q2 letter is with counsel"}}},
			func(l *Ledger, _ *LoanFees, _ *Borrowing) int { return len(l.Notices) }, 1, "sheet Arrow Notices: row 3 was skipped: not an Arrow notice", ""},
		{"a total under the proposed purchases", map[string][][]any{SheetPurchases: purchases, SheetFranchise: lineCard, SheetProposed: {
			{ColReference, ColLine, ColPartNumber, ColManufacturer, ColDescription, ColQuantity, ColUnitCost, ColProposedSupplier, ColNeedBy, ColCustomerDirected},
			{"P-1", nil, "XC2S50", "Vishay", "FPGA", 10, 3, "Avnet", nil, nil},
			{"Total", nil, nil, nil, nil, formula{"SUM(F2:F2)", 10}},
			{"Note: quotes of October 3"}}},
			func(l *Ledger, _ *LoanFees, _ *Borrowing) int { return len(l.Proposed) }, 1, "sheet Proposed: rows 3-4 were skipped: not proposed purchases", ""},
		{"fee events with a note", map[string][][]any{SheetFeeEvents: {{"Event", "Date"}, {"Execution", "2002-10-01"}, {"Notes: per the Agent's letter"}}},
			func(_ *Ledger, lf *LoanFees, _ *Borrowing) int { return len(lf.Events) }, 1, "loan.xlsx, sheet Fee Events: row 3 was skipped: not a fee event", ""},
		{"fee payments and their total", map[string][][]any{SheetFeePayments: {{"Date", "Amount", "Installment"},
			{"2002-10-01", 15000, "base-1"}, {"2002-11-15", 15000, nil}, {"Total paid", formula{"SUM(B2:B3)", 30000}}}},
			func(_ *Ledger, lf *LoanFees, _ *Borrowing) int { return len(lf.Payments) }, 2, "sheet Fee Payments: row 4 was skipped: not a fee payment", ""},
		{"a fee payment typed without its date", map[string][][]any{SheetFeePayments: {{"Date", "Amount", "Installment"}, {"2002-10-01", 15000, nil}, {nil, 100, nil}}},
			nil, 0, "", "sheet Fee Payments, cell A3 (Date): is blank"},
		{"borrowing averages", map[string][][]any{SheetBorrowing: {borrowingHeader, day1, day2,
			{"Average", formula{"AVERAGE(B2:B3)", 1000}, formula{"AVERAGE(C2:C3)", 550}}, {nil, formula{"SUM(B2:B3)", 2000}}}},
			func(_ *Ledger, _ *LoanFees, b *Borrowing) int { return len(b.Rows) }, 2, "sheet Borrowing: rows 4-5 were skipped: not days' balances", ""},
		{"borrowing balances typed without a date", map[string][][]any{SheetBorrowing: {borrowingHeader, day1, {nil, 1000, 700, 0, 0, 0, 100, 200, 4.75}}},
			nil, 0, "", "sheet Borrowing, cell A3 (Date): is blank"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := bookOf(t, tt.sheets)
			var l *Ledger
			var lf *LoanFees
			var b *Borrowing
			var err error
			var warnings []string
			switch {
			case tt.sheets[SheetPurchases] != nil:
				l, err = Open(path)
				if l != nil {
					defer l.Close()
					warnings = l.Warnings
				}
			case tt.sheets[SheetBorrowing] != nil:
				os.Rename(path, filepath.Join(filepath.Dir(path), "loan.xlsx"))
				b, err = OpenBorrowing(filepath.Join(filepath.Dir(path), "loan.xlsx"))
				if b != nil {
					defer b.Close()
					warnings = b.Warnings
				}
			default:
				os.Rename(path, filepath.Join(filepath.Dir(path), "loan.xlsx"))
				lf, err = ReadLoanFees(filepath.Join(filepath.Dir(path), "loan.xlsx"))
				if lf != nil {
					warnings = lf.Warnings
				}
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := tt.count(l, lf, b); n != tt.want {
				t.Errorf("%d records, want %d", n, tt.want)
			}
			if tt.warn == "" && len(warnings) > 0 || tt.warn != "" && (len(warnings) != 1 || !strings.Contains(warnings[0], tt.warn)) {
				t.Errorf("warnings %q, want one with %q", warnings, tt.warn)
			}
		})
	}
}

func TestIsLabel(t *testing.T) {
	for _, s := range []string{"Total", "TOTAL:", " total ", "Totals", "Total October 2003", "Subtotal", "Sub-total:", "sub total PO-1", "Grand Total",
		"Sum", "Sum:", "Average", "avg", "Count:", "Note", "Note: freight", "NOTES:", "N.B.", "nb: see file", "Memo:", "Comments: none"} {
		if !isLabel(s) {
			t.Errorf("%q is not a label", s)
		}
	}
	for _, s := range []string{"Totally Parts", "Sum Technologies", "Notebook Co", "Average Joe's", "PO-1001", "4500012", "Noted", "Counting House", ""} {
		if isLabel(s) {
			t.Errorf("%q is a label", s)
		}
	}
}

func TestRowRuns(t *testing.T) {
	list := func(rows ...int) string {
		var r rowRuns
		for _, n := range rows {
			r.add(n)
		}
		return r.String()
	}
	for _, tt := range []struct {
		rows []int
		want string
	}{
		{[]int{5}, "5"}, {[]int{5, 6}, "5-6"}, {[]int{3, 5, 6, 7, 9}, "3, 5-7 and 9"},
	} {
		if got := list(tt.rows...); got != tt.want {
			t.Errorf("rows %v: %q, want %q", tt.rows, got, tt.want)
		}
	}
	var many []int
	for i := 0; i < 30; i++ {
		many = append(many, 2*i+2)
	}
	many = append(many, 61, 62, 63)
	if got := list(many...); !strings.HasSuffix(got, ", 40 and 13 more") || !strings.HasPrefix(got, "2, 4, 6") {
		t.Errorf("33 rows: %q", got)
	}
	var r rowRuns
	for i := 2; i < 1_000_002; i += 2 {
		r.add(i)
	}
	if len(r.runs) > maxRuns || !strings.HasSuffix(r.String(), "and 499980 more") {
		t.Errorf("%d runs kept: %q", len(r.runs), r.String())
	}
}

// TestInPlaceKeepsSkippedRows: --in-place writes covenant's columns on the
// PO lines only; a totals row keeps its cells (a SUM the accountant put
// under covenant's column too), and gets none of covenant's values.
func TestInPlaceKeepsSkippedRows(t *testing.T) {
	hdr := append(append([]any(nil), purchasesHeader...), "Classification")
	path := bookOf(t, map[string][][]any{
		SheetPurchases: {hdr, poRow("PO-1", 1), poRow("PO-1", 2),
			{nil, nil, nil, nil, nil, nil, "Total", nil, nil, nil, nil, nil, formula{"SUM(M2:M3)", 40}, "2 lines"}},
		SheetFranchise: lineCard,
	})
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var out bytes.Buffer
	seen := 0
	err = l.WriteColumns(&out, []OutColumn{{"Classification", KindText}}, func(*POLine) []Value {
		seen++
		return []Value{{Kind: xlsx.Text, Text: "arrow"}}
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != 2 {
		t.Errorf("%d lines computed, want 2", seen)
	}
	if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "row 4 was skipped: not a PO line") {
		t.Errorf("warnings %q", l.Warnings)
	}
	sheet := sheetXML(t, out.Bytes(), "xl/worksheets/sheet1.xml")
	row4 := regexp.MustCompile(`<row r="4".*?</row>`).FindString(sheet)
	if !strings.Contains(row4, "SUM(M2:M3)") {
		t.Errorf("the totals row lost its SUM: %s", row4)
	}
	got, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	for cell, want := range map[string]string{"N2": "arrow", "N3": "arrow", "N4": "2 lines", "G4": "Total"} {
		if v, _ := got.GetCellValue(SheetPurchases, cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
}

func sheetXML(t *testing.T, book []byte, part string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == part {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	t.Fatalf("no part %s", part)
	return ""
}

// TestDateTimesInEveryDateColumn: in every column where a date is asked, of
// every sheet, a date-time (a number with a fraction, or text) is read as its
// date.
func TestDateTimesInEveryDateColumn(t *testing.T) {
	at := time.Date(2003, 1, 15, 14, 30, 0, 0, time.UTC)
	day := time.Date(2003, 1, 15, 0, 0, 0, 0, time.UTC)
	invoiceHeader := []any{"Invoice Number", "Invoice Date", "Amount", "Returns", "Discounts", "Due Date", "Paid Date"}
	borrowingHeader := []any{ColBorrowingDate, ColReceivablesBase, ColAdvances, ColBankersAcceptances, ColLettersOfGuaranty, ColLettersOfCredit, ColTermLoanReserve, ColTermLoanBalance, ColPrimeRate}
	for _, typed := range []any{at, "2003-01-15 14:30", "1/15/2003 2:30 PM"} {
		sheets := map[string][][]any{
			SheetPurchases: {purchasesHeader, {"PO-1", 1, "2003-01-06", "Avnet", "Vishay", "P", "D", 10, 2, typed, "N", "N", 20}},
			SheetFranchise: {lineCard[0], {"Vishay", typed, typed}},
			SheetInvoices:  {invoiceHeader, {"INV-1", typed, 100, nil, nil, typed, typed}},
			SheetNotices:   {{ColNoticeDate, ColNotice, ColNoticeQuarterEnd}, {typed, "Waiver", typed}},
			SheetProposed: {{ColReference, ColPartNumber, ColManufacturer, ColDescription, ColQuantity, ColUnitCost, ColProposedSupplier, ColNeedBy, ColCustomerDirected},
				{"P-1", "X", "Vishay", "", 1, 1, "Avnet", typed, ""}},
		}
		l, err := Open(bookOf(t, sheets))
		if err != nil {
			t.Fatalf("%v: %v", typed, err)
		}
		lines, err := readLinesOf(l)
		l.Close()
		if err != nil || len(lines) != 1 {
			t.Fatalf("%v: %v", typed, err)
		}
		a, in, n := l.LineCard[0], l.Invoices[0], l.Notices[0]
		for what, got := range map[string]time.Time{"Confirmed Delivery Date": lines[0].ConfirmedDelivery, "Authorized From": a.From, "Authorized Until": a.Until,
			"Invoice Date": in.Date, "Due Date": in.Due, "Paid Date": in.Paid, "Notice Date": n.Date, "Notice Quarter End": n.QuarterEnd,
			"Need By": l.Proposed[0].NeedBy} {
			if !got.Equal(day) {
				t.Errorf("%v in %s: read %v", typed, what, got)
			}
		}
		loan := bookOf(t, map[string][][]any{
			SheetFeeEvents:   {{"Event", "Date"}, {"Execution", typed}},
			SheetFeePayments: {{"Date", "Amount"}, {typed, 100}},
			SheetBorrowing:   {borrowingHeader, {typed, 1000, 500, 0, 0, 0, 100, 200, 4.75}},
		})
		lf, err := ReadLoanFees(loan)
		if err != nil {
			t.Fatalf("%v: %v", typed, err)
		}
		b, err := OpenBorrowing(loan)
		if err != nil {
			t.Fatalf("%v: %v", typed, err)
		}
		b.Close()
		for what, got := range map[string]time.Time{"Fee Events Date": lf.Events[0].Date, "Fee Payments Date": lf.Payments[0].Date, "Borrowing Date": b.Rows[0].Date} {
			if !got.Equal(day) {
				t.Errorf("%v in %s: read %v", typed, what, got)
			}
		}
	}
}
