package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/parse"
)

// figures is the monthly JSON without the fields that name files or warn.
func figures(t *testing.T, stdout string) monthlyJSON {
	t.Helper()
	var j monthlyJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	j.Output, j.Warnings = "", nil
	return j
}

// addColumnNames appends rows to the Columns sheet of a terms workbook.
func addColumnNames(t *testing.T, termsPath string, rows ...[]any) {
	t.Helper()
	f, err := excelize.OpenFile(termsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	have, _ := f.GetRows("Columns")
	for i, r := range rows {
		if err := f.SetSheetRow("Columns", fmt.Sprintf("A%d", len(have)+1+i), &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// TestLedgerAsItComes: a ledger with an ERP's headers, a line card whose
// Authorized From is blank, a totals row and a note gives the figures of the
// ledger laid out as the README says; a header of the accountant's own is
// read once the terms' Columns sheet names it, and a bad Columns row is
// refused naming its cell.
func TestLedgerAsItComes(t *testing.T) {
	dir := t.TempDir()
	base := fixtureLedger(t, dir, nil)
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", base, "--month", "2003-01", "--out", filepath.Join(dir, "base"), "--as-of", "2003-02-03", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := figures(t, stdout)

	erp := fixtureLedger(t, t.TempDir(), func(f *excelize.File) {
		f.SetSheetRow("Purchases", "A1", &[]any{"PO #", "Line #", "Order Date", "Vendor", "Mfr", "MPN", "Item Description", "Qty", "Unit Price", "Promised Date", "Directed Buy", "Credit Limit", "Ext Cost", "Buyer"})
		f.SetSheetRow("Purchases", "A14", &[]any{nil, nil, nil, nil, nil, nil, "Total", nil, nil, nil, nil, nil, 2000})
		f.SetCellFormula("Purchases", "M14", "SUM(M2:M13)")
		f.SetSheetRow("Purchases", "A15", &[]any{"Prices include freight unless noted"})
		// Vishay's franchise held for years: no start date
		f.SetSheetRow("Franchise", "A1", &[]any{"Mfr", "Authorized Since", "Franchise End"})
		f.SetCellValue("Franchise", "B2", nil)
		f.SetSheetRow("Invoices", "A1", &[]any{"Inv #", "Inv Date", "Invoice Amount", "Returns", "Discount", "Terms Due Date", "Paid On"})
	})
	code, stdout, stderr = runCLI(t, "monthly", "--ledger", erp, "--month", "2003-01", "--out", filepath.Join(dir, "erp"), "--as-of", "2003-02-03", "--json")
	if code != 0 {
		t.Fatalf("ERP headers: exit %d: %s", code, stderr)
	}
	if got := figures(t, stdout); !reflect.DeepEqual(got, want) {
		t.Errorf("ERP headers: figures\n%+v\nwant\n%+v", got, want)
	}
	skipped := "ledger.xlsx, sheet Purchases: rows 14-15 were skipped: not PO lines but a total, a subtotal or a note (no PO #, Order Date, Vendor or Mfr, or only a label such as Total or Note:)"
	if !strings.Contains(stderr, "covenant: warning: "+skipped) {
		t.Errorf("no warning naming the rows skipped:\n%s", stderr)
	}
	var j monthlyJSON
	json.Unmarshal([]byte(stdout), &j)
	if len(j.Warnings) == 0 || j.Warnings[0] != skipped {
		t.Errorf("JSON warnings %q", j.Warnings)
	}
	if audit := sheetText(t, filepath.Join(dir, "erp", "monthly-2003-01.xlsx"), "Audit"); !strings.Contains(audit, "rows 14-15 were skipped: not PO lines") {
		t.Errorf("the audit sheet does not list the rows skipped:\n%s", audit)
	}

	// the accountant's own header, unknown to covenant
	own := fixtureLedger(t, t.TempDir(), func(f *excelize.File) {
		f.SetCellValue("Purchases", "D1", "Lieferant")
		f.SetCellValue("Franchise", "A1", "Hersteller")
	})
	code, _, stderr = runCLI(t, "monthly", "--ledger", own, "--month", "2003-01", "--out", filepath.Join(dir, "own0"), "--as-of", "2003-02-03")
	if code != 2 || !strings.Contains(stderr, `ledger.xlsx, sheet Purchases: the header row (row 1) has no "Supplier" column; found PO Number, PO Line, PO Date, Lieferant, Manufacturer,`) ||
		!strings.Contains(stderr, `ledger.xlsx, sheet Franchise: the header row (row 1) has no "Manufacturer" column; found Hersteller, Authorized From, Authorized Until.`) {
		t.Errorf("unknown headers: exit %d:\n%s", code, stderr)
	}
	termsPath := filepath.Join(dir, "terms.xlsx")
	if code, _, stderr := runCLI(t, "terms", "export", termsPath); code != 0 {
		t.Fatalf("terms export: %s", stderr)
	}
	addColumnNames(t, termsPath, []any{"Purchases", "Supplier", "Lieferant"}, []any{"Franchise", "Manufacturer", "Hersteller"})
	code, stdout, stderr = runCLI(t, "monthly", "--ledger", own, "--month", "2003-01", "--terms", termsPath, "--out", filepath.Join(dir, "own"), "--as-of", "2003-02-03", "--json")
	if code != 0 {
		t.Fatalf("with the Columns rows: exit %d: %s", code, stderr)
	}
	if got := figures(t, stdout); !reflect.DeepEqual(got, want) {
		t.Errorf("the accountant's headers: figures\n%+v\nwant\n%+v", got, want)
	}
	code, _, stderr = runCLI(t, "certificate", "--ledger", own, "--quarter", "2003Q1", "--terms", termsPath, "--out", filepath.Join(dir, "cert"), "--as-of", "2003-04-10")
	if code != 0 {
		t.Errorf("certificate with the Columns rows: exit %d: %s", code, stderr)
	}

	// a bad Columns row
	addColumnNames(t, termsPath, []any{"Purchases", "Suppliers", "Vendor Nr"})
	code, _, stderr = runCLI(t, "monthly", "--ledger", own, "--month", "2003-01", "--terms", termsPath, "--out", filepath.Join(dir, "bad"), "--as-of", "2003-02-03")
	n := len(ledger.ColumnNames()) + 4
	if w := fmt.Sprintf(`terms.xlsx, sheet Columns, cell B%d (Column): "Suppliers" is not a column of sheet Purchases: write one of PO Number,`, n); code != 2 || !strings.Contains(stderr, w) || !strings.Contains(stderr, `(did you mean "Supplier"?)`) {
		t.Errorf("bad Columns row: exit %d, want 2 and %q:\n%s", code, w, stderr)
	}
}

// TestLoanAsItComes: the loan workbook under a treasury system's headers,
// with an averages row, gives the figures of the README's layout.
func TestLoanAsItComes(t *testing.T) {
	dir := t.TempDir()
	run := func(loan string, args ...string) borrowingJSON {
		t.Helper()
		code, stdout, stderr := runCLI(t, append([]string{"borrowing", "--loan", loan, "--as-of", "2002-10-31", "--out", t.TempDir(), "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var j borrowingJSON
		if err := json.Unmarshal([]byte(stdout), &j); err != nil {
			t.Fatal(err)
		}
		j.Output = ""
		return j
	}
	want := run(fixtureLoan(t, t.TempDir(), nil))
	treasury := fixtureLoan(t, t.TempDir(), func(f *excelize.File) {
		f.SetSheetRow("Borrowing", "A3", &[]any{"As Of", "ABL Base", "Revolver", "BAs", "Letters of Guarantee", "LCs", "TL Reserve", "Term Loan", "Prime", "Notes"})
		f.SetSheetRow("Borrowing", "A13", &[]any{"Average", 1266666.67, 1278888.89})
		f.SetCellFormula("Borrowing", "B13", "AVERAGE(B4:B12)")
		f.SetCellFormula("Borrowing", "C13", "AVERAGE(C4:C12)")
	})
	if got := run(treasury); !reflect.DeepEqual(got, want) {
		t.Errorf("treasury headers: %+v\nwant %+v", got, want)
	}
	own := fixtureLoan(t, t.TempDir(), func(f *excelize.File) { f.SetCellValue("Borrowing", "I3", "Leitzins") })
	termsPath := filepath.Join(dir, "terms.xlsx")
	if code, _, stderr := runCLI(t, "terms", "export", termsPath); code != 0 {
		t.Fatalf("terms export: %s", stderr)
	}
	addColumnNames(t, termsPath, []any{"Borrowing", "Prime Rate", "Leitzins"})
	if got := run(own, "--terms", termsPath); !reflect.DeepEqual(got, want) {
		t.Errorf("the accountant's header: %+v\nwant %+v", got, want)
	}
}

// TestInPlaceColumnsAreNoInputNames: no column covenant writes with
// --in-place is a name covenant reads on that sheet, so that a second run
// never reads its own output as an input.
func TestInPlaceColumnsAreNoInputNames(t *testing.T) {
	reads := map[string]map[string]string{} // sheet -> folded name -> column
	for _, s := range ledger.Sheets() {
		reads[s.Name] = map[string]string{}
		for _, c := range s.Columns {
			reads[s.Name][parse.HeaderKey(c.Name)] = c.Name
		}
	}
	for _, n := range ledger.ColumnNames() {
		reads[n.Sheet][parse.HeaderKey(n.Name)] = n.Column
	}
	for sheet, written := range map[string][]ledger.OutColumn{
		ledger.SheetPurchases: inPlaceColumns,
		ledger.SheetInvoices:  certificateInPlaceColumns,
		ledger.SheetBorrowing: borrowingColumns,
	} {
		for _, w := range ledger.OutColumnNames(written) {
			if col, ok := reads[sheet][parse.HeaderKey(w)]; ok {
				t.Errorf("%s: covenant writes %q, which it reads as %s", sheet, w, col)
			}
		}
	}
}

// sheetText is every cell of a sheet of the workbook at path, row by row.
func sheetText(t *testing.T, path, sheet string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(flatten(rows), "\n")
}
