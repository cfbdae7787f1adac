package fill

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
)

// stackedTemplate has two tables on one sheet, a total under the first with a
// merged note, and a fill point under the second.
func stackedTemplate(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const s = "Sheet1"
	money, _ := f.NewStyle(&excelize.Style{NumFmt: 4})
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 4})
	f.SetCellValue(s, "A1", "Title")
	f.SetSheetRow(s, "A3", &[]any{"Item", "Amount"})
	f.SetCellStyle(s, "B4", "B4", money)
	f.SetDefinedName(&excelize.DefinedName{Name: "First", RefersTo: "Sheet1!$A$3:$B$3"})
	f.SetCellValue(s, "A5", "Total")
	f.SetCellStyle(s, "B5", "B5", bold)
	f.SetRowHeight(s, 5, 20)
	f.SetDefinedName(&excelize.DefinedName{Name: "FirstTotal", RefersTo: "Sheet1!$B$5"})
	f.SetCellValue(s, "A6", "a note merged over two cells")
	f.MergeCell(s, "A6", "B6")
	f.SetSheetRow(s, "A8", &[]any{"Quarter", "Amount"})
	f.SetCellStyle(s, "B9", "B9", money)
	f.SetDefinedName(&excelize.DefinedName{Name: "Second", RefersTo: "Sheet1!$A$8:$B$8"})
	f.SetCellStyle(s, "B11", "B11", bold)
	f.SetDefinedName(&excelize.DefinedName{Name: "Grand", RefersTo: "Sheet1!$B$11"})
	f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: s, RefersTo: "Sheet1!$A$1:$B$11"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTablesPushRowsDown: each table's rows push down what the template has
// below it (a total, a merged note, another table, a fill point), with their
// styles, heights, merges and names; formulas refer to where they land.
func TestTablesPushRowsDown(t *testing.T) {
	w, err := Open(stackedTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	amounts := []string{"1.10", "2.20", "3.30"}
	first := w.Table("First", len(amounts))
	second := w.Table("Second", 2)
	var sum decimal.Decimal
	for _, a := range amounts {
		sum = sum.Add(decimal.RequireFromString(a))
	}
	first.Rows(func(i int, r *Row) {
		d := decimal.RequireFromString(amounts[i])
		r.Set("Item", Text(fmt.Sprintf("item %d", i+1)))
		r.Set("Amount", Money(d))
	})
	w.Set("FirstTotal", Formula("SUM("+first.Range("Amount")+")", Money(sum)))
	second.Rows(func(i int, r *Row) {
		r.Set("Quarter", Text(fmt.Sprintf("Q%d", i+1)))
		r.Set("Amount", Formula(w.Ref("FirstTotal"), Money(sum)))
	})
	w.Set("Grand", Formula("SUM("+second.Range("Amount")+")", Money(sum.Mul(decimal.NewFromInt(2)))))
	if got, want := first.Range("Amount"), "Sheet1!$B$4:$B$6"; got != want {
		t.Errorf("first range %s, want %s", got, want)
	}
	if got, want := second.Range("Amount"), "Sheet1!$B$11:$B$12"; got != want {
		t.Errorf("second range %s, want %s", got, want)
	}
	var out bytes.Buffer
	if err := w.Write(&out, Options{Time: time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for cell, want := range map[string]string{
		"A1": "Title", "A3": "Item", "A4": "item 1", "A6": "item 3", "A7": "Total", "B7": "6.60",
		"A8": "a note merged over two cells", "A10": "Quarter", "A11": "Q1", "A12": "Q2", "B14": "13.20",
	} {
		if got, _ := g.GetCellValue("Sheet1", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if f, _ := g.GetCellFormula("Sheet1", "B11"); f != "Sheet1!$B$7" {
		t.Errorf("B11's formula %q refers to the moved total", f)
	}
	if h, _ := g.GetRowHeight("Sheet1", 7); h != 20 {
		t.Errorf("the total's row is %.2f high, want the template's 20", h)
	}
	if st, _ := g.GetCellStyle("Sheet1", "B7"); st == 0 {
		t.Errorf("the total lost its style")
	}
	merged, _ := g.GetMergeCells("Sheet1")
	if len(merged) != 1 || merged[0].GetStartAxis() != "A8" || merged[0].GetEndAxis() != "B8" {
		t.Errorf("merged cells %v, want A8:B8", merged)
	}
	names := map[string]string{}
	for _, dn := range g.GetDefinedName() {
		names[dn.Name] = dn.RefersTo
	}
	for n, want := range map[string]string{"FirstTotal": "Sheet1!$B$7", "Grand": "Sheet1!$B$14", "Second": "Sheet1!$A$10:$B$10", "_xlnm.Print_Area": "Sheet1!$A$1:$B$14"} {
		if names[n] != want {
			t.Errorf("name %s refers to %q, want %q", n, names[n], want)
		}
	}
	p := filepath.Join(t.TempDir(), "stacked.xlsx")
	os.WriteFile(p, out.Bytes(), 0o644)
	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, p); n != 4 {
		t.Errorf("LibreOffice recalculated %d formulas, want 4", n)
	}
}

// TestTableAfterReferenceBelowFails: a formula that refers to a row under a
// table not yet filled would point at the wrong row once the table is.
func TestTableAfterReferenceBelowFails(t *testing.T) {
	w, err := Open(stackedTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_ = w.Ref("Grand")
	w.Table("First", 3)
	if err := w.Write(&bytes.Buffer{}, Options{}); err == nil {
		t.Fatal("a table filled after a reference below it was accepted")
	}
}
