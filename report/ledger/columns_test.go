package ledger

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// The in-place columns take the sheet's own formats (issue 15, "The
// accountant's own workbook").

// inPlaceTestColumns are written into the Borrowing sheet by the tests below:
// one of each kind.
var inPlaceTestColumns = []OutColumn{
	{"IEC Borrowing Capacity", KindMoney}, {"Tested On", KindDate}, {"Days Counted", KindNumber},
	{"Compliant", KindFlag}, {"Breach", KindText},
}

// inPlaceTestValues are the values of inPlaceTestColumns for a row.
func inPlaceTestValues(r *BorrowingRow) []Value {
	breach := ""
	if r.Advances.GreaterThan(r.ReceivablesBase) {
		breach = "Advances of " + r.Advances.StringFixed(2) + " exceed the IEC Borrowing Capacity, an overadvance the Term Loan Reserve does not cover"
	}
	return []Value{
		{Kind: xlsx.Number, Text: r.ReceivablesBase.Mul(decimal.RequireFromString("0.85")).StringFixed(2), Formula: "ROUND(0.85*B" + strconv.Itoa(r.Row) + ",2)"},
		{Kind: xlsx.Number, Text: "37530"},
		{Kind: xlsx.Number, Text: "1"},
		{Kind: xlsx.Text, Text: "Yes"},
		{Kind: xlsx.Text, Text: breach},
	}
}

// styledBorrowingBook writes a loan workbook whose Borrowing sheet has a title, its
// header on row 3 and two rows, with style applied to it.
func styledBorrowingBook(t *testing.T, style func(f *excelize.File, sh string)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := SheetBorrowing
	f.SetSheetName("Sheet1", sh)
	rows := [][]any{
		{"Daily borrowing"}, {},
		{"Date", "Receivables Borrowing Base", "Advances", "Bankers Acceptances", "Letters of Guaranty", "Letters of Credit", "Term Loan Reserve", "Term Loan Balance", "Prime Rate"},
		{borrowOct(1), 1000000, 900000, 0, 0, 0, 450000, 2000000, 4.75},
		{borrowOct(2), 1200000, 1250000.5, 0, 0, 0, 450000, 2000000, 4.75},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if style != nil {
		style(f, sh)
	}
	p := filepath.Join(t.TempDir(), "loan.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// styledLoan formats the sheet as an accountant would: a bold, wrapped
// header two lines high, amounts as #,##0.00_);(#,##0.00), dates as
// d-mmm-yyyy, widths set.
func styledLoan(f *excelize.File, sh string) {
	money := "#,##0.00_);(#,##0.00)"
	date := "d-mmm-yyyy"
	hs, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}})
	ms, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &money})
	ds, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &date})
	f.SetCellStyle(sh, "A3", "I3", hs)
	f.SetRowHeight(sh, 3, 30)
	f.SetCellStyle(sh, "B4", "H5", ms)
	f.SetCellStyle(sh, "A4", "A5", ds)
	f.SetColWidth(sh, "A", "A", 12)
	f.SetColWidth(sh, "B", "H", 16)
	f.SetColWidth(sh, "I", "I", 8)
}

// writeLoanColumns runs WriteColumns over the workbook at in and returns
// the path of the workbook written.
func writeLoanColumns(t *testing.T, in string) string {
	t.Helper()
	b, err := OpenBorrowing(in)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var out bytes.Buffer
	if err := b.WriteColumns(&out, inPlaceTestColumns, inPlaceTestValues); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "written.xlsx")
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// numFmtOf is the number format of a cell as excelize reads it: its code
// when the workbook defines it, else "builtin N".
func numFmtOf(t *testing.T, f *excelize.File, sh, cell string) string {
	t.Helper()
	idx, err := f.GetCellStyle(sh, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(idx)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return fmt.Sprintf("builtin %d", st.NumFmt)
}

// sheetCols reads the <col> elements of a sheet part of the workbook at path.
func sheetCols(t *testing.T, path, part string) [][3]float64 {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		var ws struct {
			Cols []struct {
				Min   int     `xml:"min,attr"`
				Max   int     `xml:"max,attr"`
				Width float64 `xml:"width,attr"`
			} `xml:"cols>col"`
		}
		if err := xml.Unmarshal(data, &ws); err != nil {
			t.Fatal(err)
		}
		var out [][3]float64
		for _, c := range ws.Cols {
			out = append(out, [3]float64{float64(c.Min), float64(c.Max), c.Width})
		}
		return out
	}
	t.Fatalf("%s has no part %s", path, part)
	return nil
}

// checkColsOrdered fails unless the <col> elements ascend and are disjoint,
// as Excel wants them.
func checkColsOrdered(t *testing.T, cols [][3]float64) {
	t.Helper()
	last := 0.0
	for _, c := range cols {
		if c[0] <= last || c[1] < c[0] {
			t.Errorf("<col> elements not ascending and disjoint: %v", cols)
			return
		}
		last = c[1]
	}
}

func longestWord(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		n = max(n, utf8.RuneCountInString(w))
	}
	return n
}

// TestInPlaceFormats: each in-place column of the Borrowing sheet takes the
// number format of the sheet's own column of its kind (or a sensible one
// where the sheet has none), the neighbouring header's style, and a width
// that shows its header (no word broken, in the lines the header row has) and
// its values; the <col> elements stay ascending and disjoint, and the
// workbook opens clean.
func TestInPlaceFormats(t *testing.T) {
	for _, tc := range []struct {
		name  string
		style func(f *excelize.File, sh string)
		// the number formats of the money, date, count, flag and text columns
		want [5]string
		// the header's lines: the header row is 30 points high and wraps
		wrapped bool
	}{
		{"styled by the accountant", styledLoan, [5]string{"#,##0.00_);(#,##0.00)", "d-mmm-yyyy", "builtin 3", "builtin 0", "builtin 0"}, true},
		// excelize gives a date its own format: the column takes it
		{"no formats but the dates'", nil, [5]string{"builtin 4", "", "builtin 3", "builtin 0", "builtin 0"}, false},
		{"dates typed as General numbers", func(f *excelize.File, sh string) {
			f.SetCellStyle(sh, "A4", "A5", 0)
		}, [5]string{"builtin 4", "builtin 14", "builtin 3", "builtin 0", "builtin 0"}, false},
		{"one width for every column", func(f *excelize.File, sh string) { f.SetColWidth(sh, "A", "Z", 9) },
			[5]string{"builtin 4", "", "builtin 3", "builtin 0", "builtin 0"}, false},
		{"built-in formats", func(f *excelize.File, sh string) {
			ms, _ := f.NewStyle(&excelize.Style{NumFmt: 40})
			ds, _ := f.NewStyle(&excelize.Style{NumFmt: 15})
			f.SetCellStyle(sh, "B4", "H5", ms)
			f.SetCellStyle(sh, "A4", "A5", ds)
		}, [5]string{"builtin 40", "builtin 15", "builtin 3", "builtin 0", "builtin 0"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := writeLoanColumns(t, styledBorrowingBook(t, tc.style))
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sh := SheetBorrowing
			hdrStyle, _ := f.GetCellStyle(sh, "I3")
			for i, oc := range inPlaceTestColumns {
				col, _ := excelize.ColumnNumberToName(10 + i)
				if v, _ := f.GetCellValue(sh, col+"3"); v != oc.Name {
					t.Errorf("%s3 = %q, want the header %q", col, v, oc.Name)
				}
				if s, _ := f.GetCellStyle(sh, col+"3"); s != hdrStyle {
					t.Errorf("%s header style %d, want the neighbouring header's %d", oc.Name, s, hdrStyle)
				}
				for _, row := range []string{"4", "5"} {
					want := tc.want[i]
					if want == "" {
						// the row's own date's
						want = numFmtOf(t, f, sh, "A"+row)
					}
					if got := numFmtOf(t, f, sh, col+row); got != want {
						t.Errorf("%s%s (%s): number format %q, want %q", col, row, oc.Name, got, want)
					}
				}
				w, err := f.GetColWidth(sh, col)
				if err != nil {
					t.Fatal(err)
				}
				// a proportional font sets text narrower than its digits:
				// 85 % of a digit a character, at least
				need := 0.85 * float64(utf8.RuneCountInString(oc.Name))
				if tc.wrapped {
					need = 0.85 * float64(longestWord(oc.Name))
				}
				if w < need {
					t.Errorf("%s is %.2f wide, under the %.1f its header needs", oc.Name, w, need)
				}
			}
			// the amounts show whole: 1,020,000.00 (12 characters)
			if w, _ := f.GetColWidth(sh, "J"); w < 12 {
				t.Errorf("the money column is %.2f wide, under 1,020,000.00", w)
			}
			if v, _ := f.GetCellValue(sh, "J5"); tc.want[0] != "builtin 40" && v != "1,020,000.00" && v != "1,020,000.00 " {
				t.Errorf("J5 shows %q", v)
			}
			checkColsOrdered(t, sheetCols(t, out, "xl/worksheets/sheet1.xml"))
			oracle.OpensClean(t, out)
		})
	}
}

// TestInPlaceFormatsKept: a second run over the written workbook adds no
// column and changes no byte of the sheet or the styles; what the accountant
// changes after a run (a column's format, its width) is kept; and a workbook
// written by an earlier covenant (the columns there, General and without a
// width) gets the formats and the widths.
func TestInPlaceFormatsKept(t *testing.T) {
	first := writeLoanColumns(t, styledBorrowingBook(t, styledLoan))
	second := writeLoanColumns(t, first)
	for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/styles.xml"} {
		if a, b := zipText(t, first, part), zipText(t, second, part); a != b {
			t.Errorf("the second run changed %s:\n%s\n%s", part, a, b)
		}
	}

	// restyled by the accountant: the amounts as currency, the Breach column
	// narrowed, the Tested On column widened
	f, err := excelize.OpenFile(first)
	if err != nil {
		t.Fatal(err)
	}
	sh := SheetBorrowing
	currency := "[$$-409]#,##0.00"
	cur, err := f.NewStyle(&excelize.Style{CustomNumFmt: &currency})
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStyle(sh, "J4", "J5", cur)
	f.SetColWidth(sh, "N", "N", 5)
	f.SetColWidth(sh, "K", "K", 30)
	restyled := filepath.Join(t.TempDir(), "restyled.xlsx")
	if err := f.SaveAs(restyled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	third := writeLoanColumns(t, restyled)
	g, err := excelize.OpenFile(third)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := numFmtOf(t, g, sh, "J5"); got != currency {
		t.Errorf("the accountant's currency format became %q", got)
	}
	if got := numFmtOf(t, g, sh, "K5"); got != "d-mmm-yyyy" {
		t.Errorf("the date column's format became %q", got)
	}
	for col, want := range map[string]float64{"N": 5, "K": 30} {
		if w, _ := g.GetColWidth(sh, col); w != want {
			t.Errorf("column %s is %.2f wide, the accountant made it %.0f", col, w, want)
		}
	}
	if v, _ := g.GetCellValue(sh, "O3"); v != "" {
		t.Errorf("a column was added again: O3 = %q", v)
	}
	checkColsOrdered(t, sheetCols(t, third, "xl/worksheets/sheet1.xml"))

	// written by an earlier covenant: the headers there, the values General
	old := styledBorrowingBook(t, func(f *excelize.File, sh string) {
		styledLoan(f, sh)
		for i, oc := range inPlaceTestColumns {
			col, _ := excelize.ColumnNumberToName(10 + i)
			f.SetCellValue(sh, col+"3", oc.Name)
			f.SetCellValue(sh, col+"4", 850000)
		}
	})
	upgraded := writeLoanColumns(t, old)
	h, err := excelize.OpenFile(upgraded)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if got := numFmtOf(t, h, sh, "J4"); got != "#,##0.00_);(#,##0.00)" {
		t.Errorf("an earlier run's General amount is shown as %q", got)
	}
	if w, _ := h.GetColWidth(sh, "J"); w < 12 {
		t.Errorf("an earlier run's column is %.2f wide", w)
	}
	if v, _ := h.GetCellValue(sh, "O3"); v != "" {
		t.Errorf("a column was added again: O3 = %q", v)
	}
	oracle.OpensClean(t, third, upgraded)
}

func zipText(t *testing.T, path, part string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == part {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			return string(data)
		}
	}
	t.Fatalf("%s has no part %s", path, part)
	return ""
}
