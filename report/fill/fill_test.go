package fill

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
)

func tinyTemplate(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Cover")
	f.SetCellValue("Cover", "A1", "Title stays")
	money, _ := f.NewStyle(&excelize.Style{NumFmt: 4})
	f.SetCellStyle("Cover", "B3", "B3", money)
	f.SetDefinedName(&excelize.DefinedName{Name: "Total", RefersTo: "Cover!$B$3"})
	f.SetDefinedName(&excelize.DefinedName{Name: "Who", RefersTo: "Cover!$B$2"})
	f.NewSheet("Lines")
	f.SetSheetRow("Lines", "A3", &[]any{"Item", "Qty", "Price", "Amount"})
	f.SetCellStyle("Lines", "C4", "D4", money)
	f.SetDefinedName(&excelize.DefinedName{Name: "Lines", RefersTo: "Lines!$A$3:$D$3"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFillValuesTablesAndFormulas(t *testing.T) {
	w, err := Open(tinyTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	items := []struct {
		name       string
		qty, price string
	}{{"=bolt", "3", "0.335"}, {"nut & washer", "10", "1.10"}, {"@screw", "-2", "4.5"}}
	tb := w.Table("Lines", len(items))
	total := decimal.Zero
	tb.Rows(func(i int, r *Row) {
		it := items[i]
		q, p := decimal.RequireFromString(it.qty), decimal.RequireFromString(it.price)
		amt := q.Mul(p).Round(2)
		total = total.Add(amt)
		r.Set("Item", Text(it.name))
		r.Set("Qty", Number(q))
		r.Set("Price", Number(p))
		r.Set("Amount", Formula(fmt.Sprintf("ROUND(%s*%s,2)", r.Ref("Qty"), r.Ref("Price")), Money(amt)))
	})
	w.Set("Who", Text("Controller"))
	// the total is known before writing: the sum of the rounded lines
	want := decimal.Zero
	for _, it := range items {
		want = want.Add(decimal.RequireFromString(it.qty).Mul(decimal.RequireFromString(it.price)).Round(2))
	}
	w.Set("Total", Formula("SUM("+tb.Range("Amount")+")", Money(want)))
	tb.AutoFilter()
	var out bytes.Buffer
	if err := w.Write(&out, Options{Time: time.Date(2003, 2, 3, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	check := func(sheet, cell, want string) {
		t.Helper()
		if got, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true}); got != want {
			t.Errorf("%s!%s = %q, want %q", sheet, cell, got, want)
		}
	}
	check("Cover", "A1", "Title stays")
	check("Cover", "B2", "Controller")
	check("Cover", "B3", "3.01") // 1.01 + 11.00 - 9.00
	check("Lines", "A4", "=bolt")
	check("Lines", "A6", "@screw")
	check("Lines", "D4", "1.01")
	if fm, _ := f.GetCellFormula("Cover", "B3"); fm != "SUM(Lines!$D$4:$D$6)" {
		t.Errorf("total formula %q", fm)
	}
	if fm, _ := f.GetCellFormula("Lines", "A4"); fm != "" {
		t.Errorf("text became a formula: %q", fm)
	}
	if st, _ := f.GetCellStyle("Lines", "D6"); st == 0 {
		t.Error("data rows did not take the sample row's style")
	}
	p := filepath.Join(t.TempDir(), "filled.xlsx")
	os.WriteFile(p, out.Bytes(), 0o644)
	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, p); n != 4 {
		t.Errorf("checked %d formula cells, want 4", n)
	}
}

func TestFillErrors(t *testing.T) {
	w, _ := Open(tinyTemplate(t))
	w.Set("NoSuchName", Text("x"))
	tb := w.Table("Lines", 1)
	tb.Col("No Such Column")
	err := w.Write(&bytes.Buffer{}, Options{})
	if err == nil {
		t.Fatal("missing names and columns not reported")
	}
	for _, want := range []string{`"NoSuchName"`, `"No Such Column"`} {
		if !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("error %q lacks %s", err, want)
		}
	}
}

func TestEmptyTableKeepsValidRanges(t *testing.T) {
	w, _ := Open(tinyTemplate(t))
	tb := w.Table("Lines", 0)
	w.Set("Total", Formula("SUM("+tb.Range("Amount")+")", Money(decimal.Zero)))
	var out bytes.Buffer
	if err := w.Write(&out, Options{}); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if v, _ := f.GetCellValue("Lines", "A4"); v != "(none)" {
		t.Errorf("empty table shows %q", v)
	}
	if fm, _ := f.GetCellFormula("Cover", "B3"); fm != "SUM(Lines!$D$4:$D$4)" {
		t.Errorf("formula %q", fm)
	}
}

func TestDollars(t *testing.T) {
	for in, want := range map[string]string{"0": "$0.00", "1234.5": "$1,234.50", "-1234567.891": "-$1,234,567.89", "999.995": "$1,000.00", "-0.004": "$0.00", "100": "$100.00"} {
		if got := Dollars(decimal.RequireFromString(in)); got != want {
			t.Errorf("Dollars(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestWrappedLines(t *testing.T) {
	f := Font{Size: 10}
	w := func(s string) float64 { return TextWidth(s, f) }
	for _, tc := range []struct {
		text string
		room float64
		want int
	}{
		{"short", w("short") + 0.1, 1},
		{"two words", w("words"), 2},
		{"aaaa bbbb cccc", w("aaaa bbbb"), 2},
		{"aaaa bbbb cccc", w("aaaa bbbb cccc"), 1},
		{"aaaa bbbb cccc", w("aaaa bbbb cccc") - 0.1, 2},
		{"abcdefghijklmnopqrst", w("abcdefghijklmnopqrst")/2 + 1, 2}, // a long word breaks
		{"line one\nline two", 200, 2},
		{"", 10, 1},
	} {
		if got := WrappedLines(tc.text, tc.room, f); got != tc.want {
			t.Errorf("WrappedLines(%q, %.2f) = %d, want %d", tc.text, tc.room, got, tc.want)
		}
	}
	// Arial's digit is 0.556 em: a column unit of Excel's Arial 10
	if got := TextWidth("0123456789", f); got < 55.5 || got > 55.7 {
		t.Errorf("ten digits at 10 pt are %.2f pt wide, want 55.6", got)
	}
	if got := TextWidth("§", Font{Size: 10, Bold: true}); got != 5.56 {
		t.Errorf("§ is %.2f pt wide", got)
	}
}

// TestStreamedSharedStrings: repeated texts of a streamed table go into the
// workbook's shared strings once each and read back as the same text, in excelize
// and in LibreOffice (a COUNTIFS over them recalculates to its cached value).
func TestStreamedSharedStrings(t *testing.T) {
	w, err := Open(tinyTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	st, err := w.StreamTable("Lines", "")
	if err != nil {
		t.Fatal(err)
	}
	items := []string{"bolt", "nut", "bolt", "=bolt", "bolt"}
	for _, it := range items {
		st.Add(func(r *Row) {
			r.Set("Item", Shared(it))
			r.Set("Qty", Int(1))
		})
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	tb := st.Table()
	w.Set("Total", Formula(fmt.Sprintf("COUNTIFS(%s,\"bolt\")", tb.Range("Item")), Int(3)))
	var out bytes.Buffer
	if err := w.Write(&out, Options{Time: time.Date(2003, 2, 3, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	var sheet, sst string
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch f.Name {
		case "xl/worksheets/sheet2.xml":
			sheet = string(b)
		case "xl/sharedStrings.xml":
			sst = string(b)
		}
	}
	if n := strings.Count(sheet, `t="s"`); n < len(items) {
		t.Errorf("%d shared-string cells in the table, want %d", n, len(items))
	}
	for _, s := range []string{">bolt<", ">nut<", ">=bolt<"} {
		if strings.Count(sst, s) != 1 {
			t.Errorf("shared strings hold %s %d times, want once:\n%s", s, strings.Count(sst, s), sst)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range items {
		cell := fmt.Sprintf("A%d", 4+i)
		if v, _ := f.GetCellValue("Lines", cell); v != it {
			t.Errorf("Lines!%s = %q, want %q", cell, v, it)
		}
		if fm, _ := f.GetCellFormula("Lines", cell); fm != "" {
			t.Errorf("Lines!%s became a formula %q", cell, fm)
		}
	}
	p := filepath.Join(t.TempDir(), "shared.xlsx")
	os.WriteFile(p, out.Bytes(), 0o644)
	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, p); n != 1 {
		t.Errorf("checked %d formula cells, want 1", n)
	}
}

// A streamed table that reaches the sheet's last row goes on on copies of its
// sheet placed after it, each with the title rows, the header and the print
// titles; sheet-scoped names of the sheets after keep pointing at their own
// sheets; formulas over every part recalculate to their cached values.
func TestStreamContinuesPastLastRow(t *testing.T) {
	defer func(m int) { maxRows = m }(maxRows)
	maxRows = 10 // rows 4 to 10: seven lines a sheet

	f, err := excelize.OpenReader(bytes.NewReader(tinyTemplate(t)))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Lines", "A1", "Lines of the month")
	f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "Lines!$3:$3", Scope: "Lines"})
	f.NewSheet("Notes")
	f.SetCellValue("Notes", "A1", "notes")
	f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "Notes!$A$1:$B$2", Scope: "Notes"})
	f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "Cover!$A$1:$B$3", Scope: "Cover"})
	var tpl bytes.Buffer
	f.Write(&tpl)
	f.Close()

	w, err := Open(tpl.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	st, err := w.StreamTable("Lines", "")
	if err != nil {
		t.Fatal(err)
	}
	const n = 20 // 7 + 7 + 6 rows
	for i := 1; i <= n; i++ {
		if err := st.Add(func(r *Row) {
			r.Set("Item", Text(fmt.Sprintf("item %d", i)))
			r.Set("Qty", Int(i))
			r.Set("Amount", Formula(fmt.Sprintf("%s*2", r.Ref("Qty")), Int(2*i)))
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	var sums []string
	for _, r := range st.Ranges("Amount") {
		sums = append(sums, "SUM("+r+")")
	}
	if len(sums) != 3 {
		t.Fatalf("ranges %v, want three sheets", sums)
	}
	if got := strings.Join(st.Sheets(), ","); got != "Lines,Lines (2),Lines (3)" {
		t.Errorf("sheets %s", got)
	}
	w.Set("Total", Formula(strings.Join(sums, "+"), Int(n*(n+1))))
	var out bytes.Buffer
	if err := w.Write(&out, Options{Time: time.Date(2003, 2, 3, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(g.GetSheetList(), ","), "Cover,Lines,Lines (2),Lines (3),Notes"; got != want {
		t.Errorf("sheets %s, want %s", got, want)
	}
	scoped := map[string]string{}
	for _, dn := range g.GetDefinedName() {
		if dn.Scope != "Workbook" && dn.Scope != "" {
			scoped[dn.Scope+" "+dn.Name] = dn.RefersTo
		}
	}
	for k, want := range map[string]string{
		"Cover _xlnm.Print_Area":       "Cover!$A$1:$B$3",
		"Notes _xlnm.Print_Area":       "Notes!$A$1:$B$2",
		"Lines _xlnm.Print_Titles":     "Lines!$3:$3",
		"Lines (2) _xlnm.Print_Titles": "'Lines (2)'!$3:$3",
		"Lines (3) _xlnm.Print_Titles": "'Lines (3)'!$3:$3",
	} {
		if got := strings.ReplaceAll(scoped[k], "&#39;", "'"); got != want {
			t.Errorf("%s = %q, want %q (all: %v)", k, got, want, scoped)
		}
	}
	item := 1
	for _, sh := range []string{"Lines", "Lines (2)", "Lines (3)"} {
		if v, _ := g.GetCellValue(sh, "A1"); v != "Lines of the month" {
			t.Errorf("%s!A1 = %q, want the title row", sh, v)
		}
		if v, _ := g.GetCellValue(sh, "A3"); v != "Item" {
			t.Errorf("%s!A3 = %q, want the header", sh, v)
		}
		rows, _ := g.GetRows(sh)
		if len(rows) > maxRows {
			t.Errorf("%s has %d rows, more than %d", sh, len(rows), maxRows)
		}
		for r := 4; r <= maxRows && item <= n; r++ {
			if v, _ := g.GetCellValue(sh, fmt.Sprintf("A%d", r)); v != fmt.Sprintf("item %d", item) {
				t.Errorf("%s!A%d = %q, want item %d", sh, r, v, item)
			}
			if fm, _ := g.GetCellFormula(sh, fmt.Sprintf("D%d", r)); fm != fmt.Sprintf("B%d*2", r) {
				t.Errorf("%s!D%d formula %q, want B%d*2", sh, r, fm, r)
			}
			item++
		}
	}
	if item != n+1 {
		t.Errorf("found %d items, want %d", item-1, n)
	}
	// each sheet's <dimension> covers its title, header and rows (issue 15:
	// openpyxl's read-only mode reads only what it declares)
	for sh, want := range map[string]string{"Cover": "A1:B3", "Lines": "A1:D10", "Lines (2)": "A1:D10", "Lines (3)": "A1:D9", "Notes": "A1"} {
		if got, _ := g.GetSheetDimension(sh); got != want {
			t.Errorf("%s: dimension %q, want %q", sh, got, want)
		}
	}
	g.Close()
	p := filepath.Join(t.TempDir(), "continued.xlsx")
	os.WriteFile(p, out.Bytes(), 0o644)
	oracle.Require(t, "soffice")
	if got := oracle.CompareRecalc(t, p); got != n+1 {
		t.Errorf("checked %d formula cells, want %d", got, n+1)
	}
}

// A table laid out in memory cannot go past the sheet's last row: the report
// fails with a message naming the table, not a workbook Excel must repair.
func TestTablePastLastRowFails(t *testing.T) {
	w := tinyWithTenRows(t)
	tb := w.Table("Lines", 8) // rows 4 to 11
	tb.Rows(func(i int, r *Row) { r.Set("Qty", Int(i)) })
	err := w.Write(io.Discard, Options{})
	if err == nil || !strings.Contains(err.Error(), "table Lines has 8 rows, more than sheet Lines holds below its header (7") {
		t.Errorf("error %v", err)
	}
}

// A streamed table that fills its sheet exactly does not go on to an empty one.
func TestStreamExactlyFullStaysOnOneSheet(t *testing.T) {
	w := tinyWithTenRows(t)
	st, err := w.StreamTable("Lines", "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 7; i++ { // rows 4 to 10
		st.Add(func(r *Row) { r.Set("Qty", Int(i)) })
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if r := st.Ranges("Qty"); len(r) != 1 || r[0] != "Lines!$B$4:$B$10" {
		t.Errorf("ranges %v, want Lines!$B$4:$B$10 alone", r)
	}
	var out bytes.Buffer
	if err := w.Write(&out, Options{}); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := strings.Join(g.GetSheetList(), ","); got != "Cover,Lines" {
		t.Errorf("sheets %s, want Cover,Lines", got)
	}
}

// tinyWithTenRows opens the tiny template with sheets ending at row 10 (rows 4
// to 10 below the Lines header) for the rest of the test.
func tinyWithTenRows(t *testing.T) *Workbook {
	t.Helper()
	saved := maxRows
	maxRows = 10
	t.Cleanup(func() { maxRows = saved })
	w, err := Open(tinyTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return w
}
