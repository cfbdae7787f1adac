package ledger

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// borrowingBook writes a loan workbook with a Borrowing sheet of the given data
// rows under a title and the header on row 2.
func borrowingBook(t *testing.T, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", SheetBorrowing)
	all := append([][]any{
		{"Daily borrowing"},
		{"Date", "Receivables Borrowing Base", "Advances", "Bankers Acceptances", "Letters of Guaranty", "Letters of Credit", "Term Loan Reserve", "Term Loan Balance", "Prime Rate"},
	}, rows...)
	for i, r := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(SheetBorrowing, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "loan.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func borrowOct(d int) time.Time { return time.Date(2002, 10, d, 0, 0, 0, 0, time.UTC) }

func TestOpenBorrowingValues(t *testing.T) {
	for _, tc := range []struct {
		name        string
		row         []any
		prime, lcs  string
		textAmounts bool
		warning     string
	}{
		{"numbers", []any{borrowOct(1), 1000000, 900000.5, 0, 0, 50000, 450000, 2000000, 4.75}, "4.75", "50000", false, ""},
		{"percent text", []any{borrowOct(1), 1000000, 900000, 0, 0, 50000, 450000, 2000000, " 4.75 %"}, "4.75", "50000", false, ""},
		{"number text", []any{borrowOct(1), 1000000, 900000, 0, 0, 50000, 450000, 2000000, "4.25"}, "4.25", "50000", false, ""},
		{"a fraction from a percentage cell", []any{borrowOct(1), 1000000, 900000, 0, 0, 50000, 450000, 2000000, 0.0475}, "4.75", "50000", false, "I3: 0.0475 read as 4.75%"},
		{"a fraction typed with a percent sign stays", []any{borrowOct(1), 1000000, 900000, 0, 0, 50000, 450000, 2000000, "0.5%"}, "0.5", "50000", false, ""},
		{"blank letters are none", []any{borrowOct(1), 1000000, 900000, nil, nil, nil, 450000, 2000000, 4.75}, "4.75", "0", false, ""},
		{"amounts as text", []any{borrowOct(1), "$1,000,000.00", 900000, 0, 0, "50,000.00", 450000, 2000000, 4.75}, "4.75", "50000", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := OpenBorrowing(borrowingBook(t, tc.row))
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if len(b.Rows) != 1 {
				t.Fatalf("%d rows", len(b.Rows))
			}
			r := b.Rows[0]
			if r.Row != 3 || !r.Date.Equal(borrowOct(1)) || r.PrimeRate.String() != tc.prime || r.LettersOfCredit.String() != tc.lcs || r.TextAmounts != tc.textAmounts || r.ReceivablesBase.String() != "1000000" {
				t.Errorf("row %+v", r)
			}
			warn := strings.Join(b.Warnings, "\n")
			if tc.warning == "" && warn != "" || !strings.Contains(warn, tc.warning) {
				t.Errorf("warnings %q, want %q", warn, tc.warning)
			}
		})
	}
}

func TestOpenBorrowingProblems(t *testing.T) {
	ok := func(d time.Time) []any { return []any{d, 1000000, 900000, 0, 0, 0, 450000, 2000000, 4.75} }
	for _, tc := range []struct {
		name  string
		rows  [][]any
		wants []string
	}{
		{"repeated date", [][]any{ok(borrowOct(1)), ok(borrowOct(2)), ok(borrowOct(2))},
			[]string{"loan.xlsx, sheet Borrowing, cell A5 (Date): 2002-10-02 repeats the date 2002-10-02 in row 4"}},
		{"earlier date, then the order goes on from the latest", [][]any{ok(borrowOct(1)), ok(borrowOct(4)), ok(borrowOct(3)), ok(borrowOct(7)), ok(borrowOct(5))},
			[]string{"cell A5 (Date): 2002-10-03 is before the date 2002-10-04 in row 4", "cell A7 (Date): 2002-10-05 is before the date 2002-10-07 in row 6", "2 problems found"}},
		{"bad prime rates", [][]any{
			{borrowOct(1), 1, 1, 0, 0, 0, 1, 1, "abc"},
			{borrowOct(2), 1, 1, 0, 0, 0, 1, 1, 0},
			{borrowOct(3), 1, 1, 0, 0, 0, 1, 1, 150},
			{borrowOct(4), 1, 1, 0, 0, 0, 1, 1, nil},
		}, []string{"cell I3 (Prime Rate): \"abc\" is not a number", "cell I4 (Prime Rate): 0 is not a Prime Rate in percent", "cell I5 (Prime Rate): 150 is not", "cell I6 (Prime Rate): is blank"}},
		{"negative and missing amounts", [][]any{{borrowOct(1), -1, nil, 0, 0, -2, 1, 1, 4.75}},
			[]string{"cell B3 (Receivables Borrowing Base): -1.00 is negative", "cell C3 (Advances): is blank", "cell F3 (Letters of Credit): -2.00 is negative"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := OpenBorrowing(borrowingBook(t, tc.rows...))
			if err == nil || !IsInputError(err) {
				t.Fatalf("error %v, want an input error", err)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

func TestBorrowingWriteColumns(t *testing.T) {
	path := borrowingBook(t, []any{borrowOct(1), 1000000, 900000, 0, 0, 0, 450000, 2000000, 4.75}, []any{borrowOct(2), 1000000, 800000, 0, 0, 0, 450000, 2000000, 4.75})
	b, err := OpenBorrowing(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if c, ok := b.Column(ColAdvances); !ok || c != "C" {
		t.Errorf("Advances column %q", c)
	}
	var out bytes.Buffer
	err = b.WriteColumns(&out, []OutColumn{{"IEC Borrowing Capacity", KindMoney}, {"Compliant", KindFlag}}, func(r *BorrowingRow) []Value {
		return []Value{{Kind: xlsx.Number, Text: "850000.00", Formula: "ROUND(0.85*B" + strconv.Itoa(r.Row) + ",2)"}, {Kind: xlsx.Text, Text: r.Date.Format("Jan 2")}}
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]string{"J2": "IEC Borrowing Capacity", "K2": "Compliant", "J4": "850000.00", "K3": "Oct 1", "K4": "Oct 2"} {
		if v, _ := f.GetCellValue(SheetBorrowing, cell, excelize.Options{RawCellValue: true}); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
	if fm, _ := f.GetCellFormula(SheetBorrowing, "J3"); fm != "ROUND(0.85*B3,2)" {
		t.Errorf("J3 formula %q", fm)
	}
}
