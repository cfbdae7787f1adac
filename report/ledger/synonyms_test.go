package ledger

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// specColumns are a sheet's columns as its reader looks for them.
func specColumns(s SheetSpec) []column {
	var cols []column
	for _, c := range s.Columns {
		cols = append(cols, column{Name: c.Name, Optional: c.Optional})
	}
	return cols
}

// TestSynonymTables: every column of every sheet has other names; a table
// names no column its sheet lacks; within a sheet every folded name (own or
// other) belongs to one column, so no header can be read as two; and none is
// empty once folded.
func TestSynonymTables(t *testing.T) {
	sheets := map[string]bool{}
	for _, s := range Sheets() {
		sheets[s.Name] = true
		table, ok := builtinSynonyms[s.Name]
		if !ok {
			t.Errorf("sheet %s has no table of other names", s.Name)
			continue
		}
		owner := map[string]string{} // folded name -> column
		for _, c := range s.Columns {
			owner[parse.HeaderKey(c.Name)] = c.Name
		}
		known := map[string]bool{}
		for _, c := range s.Columns {
			known[c.Name] = true
			if len(table[c.Name]) == 0 {
				t.Errorf("%s / %s has no other names", s.Name, c.Name)
			}
			for _, n := range table[c.Name] {
				k := parse.HeaderKey(n)
				switch prev, seen := owner[k]; {
				case k == "":
					t.Errorf("%s / %s: %q has no letter or digit", s.Name, c.Name, n)
				case parse.HeaderKey(c.Name) == k:
					t.Errorf("%s / %s: %q is the column's own name", s.Name, c.Name, n)
				case seen && prev == c.Name:
					// "Line #" beside "Line": listed as systems print it
				case seen:
					t.Errorf("%s: %q is a name of both %s and %s", s.Name, n, prev, c.Name)
				}
				owner[k] = c.Name
			}
		}
		for col := range table {
			if !known[col] {
				t.Errorf("%s / %s has other names but no reader reads it", s.Name, col)
			}
		}
	}
	for sheet := range builtinSynonyms {
		if !sheets[sheet] {
			t.Errorf("a table of other names for %s, a sheet covenant does not read", sheet)
		}
	}
	if n := len(ColumnNames()); n < 250 {
		t.Errorf("%d names in all", n)
	}
}

// TestEachSynonymAlone: each other name of each column, in a header row
// otherwise made of the columns' own names, is read as its column (and only
// as it), wherever it stands in the row.
func TestEachSynonymAlone(t *testing.T) {
	for _, s := range Sheets() {
		cols := specColumns(s)
		m := newHeaderMatcher(s.Name, cols, nil)
		for i, c := range s.Columns {
			for _, syn := range builtinSynonyms[s.Name][c.Name] {
				t.Run(s.Name+"/"+c.Name+"/"+syn, func(t *testing.T) {
					var cells []headerCell
					for j, other := range s.Columns {
						text := other.Name
						if j == i {
							text = syn
						}
						// reversed, so that the order of the row is not the order of the list
						cells = append([]headerCell{{Col: len(s.Columns) - j, Text: text}}, cells...)
					}
					h := m.match(1, cells)
					if len(h.problems) > 0 {
						t.Fatalf("problems: %v", h.problems[0].err)
					}
					if got, want := h.col[c.Name], len(s.Columns)-i; got != want {
						t.Errorf("%q read as column %d, want %d", syn, got, want)
					}
					if h.text[c.Name] != syn {
						t.Errorf("header text %q", h.text[c.Name])
					}
					if len(h.col) != len(s.Columns) {
						t.Errorf("%d columns read, want %d", len(h.col), len(s.Columns))
					}
				})
			}
		}
	}
}

// sheetBook writes one sheet with the given rows into a workbook, with the
// other sheets of the ledger that Open needs when sheet is Purchases.
func sheetBook(t *testing.T, sheet string, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", sheet)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// readHeader finds the table of a one-sheet workbook as the readers do.
func readHeader(t *testing.T, path, sheet string, names columnNames) (*table, error) {
	t.Helper()
	b, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	var spec SheetSpec
	for _, s := range Sheets() {
		if s.Name == sheet {
			spec = s
		}
	}
	p := &problems{file: filepath.Base(path)}
	tb, _ := findTable(p, b, sheet, specColumns(spec), true, names)
	return tb, p.err()
}

// TestERPHeaders: a whole Purchases sheet as an ERP exports it, every header
// another name, reads as the ledger's own layout does.
func TestERPHeaders(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", SheetPurchases)
	f.SetSheetRow(SheetPurchases, "A1", &[]any{"Purchase order export, January 2003"})
	f.SetSheetRow(SheetPurchases, "A3", &[]any{"PO #", "Line #", "PO Created", "Vendor Name", "Mfr", "MPN", "Item Description",
		"Qty Ordered", "Unit Price", "Promised Date", "Directed Buy", "Credit Limit", "Ext Cost", "Buyer"})
	f.SetSheetRow(SheetPurchases, "A4", &[]any{"4500012", 1, "1/6/2003", "Avnet", "Vishay", "CRCW0603", "Resistor", 1000, "$0.0125", "1/20/2003", "N", "N", 12.5, "JS"})
	f.NewSheet(SheetFranchise)
	f.SetSheetRow(SheetFranchise, "A1", &[]any{"Mfr", "Authorized Since", "Franchise End"})
	f.SetSheetRow(SheetFranchise, "A2", &[]any{"Vishay", nil, nil})
	f.NewSheet(SheetInvoices)
	f.SetSheetRow(SheetInvoices, "A1", &[]any{"Inv No", "Inv Date", "Invoice Amount", "Credit Memo", "Disc", "Terms Due Date", "Paid On"})
	f.SetSheetRow(SheetInvoices, "A2", &[]any{"INV-1", "1/10/2003", 100, nil, nil, "2/9/2003", "2/1/2003"})
	path := filepath.Join(t.TempDir(), "erp.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	l, err := Open(path)
	if err != nil {
		// "Credit Memo" is not a name of Returns: the optional column is
		// simply absent, not an error
		t.Fatal(err)
	}
	defer l.Close()
	lines, err := readLinesOf(l)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 {
		t.Fatalf("%d lines", len(lines))
	}
	line := lines[0]
	if line.PONumber != "4500012" || line.POLine != 1 || line.PODate.Format("2006-01-02") != "2003-01-06" || line.Supplier != "Avnet" ||
		line.Manufacturer != "Vishay" || line.PartNumber != "CRCW0603" || line.Description != "Resistor" || line.Quantity.String() != "1000" ||
		line.UnitCost.String() != "0.0125" || line.ConfirmedDelivery.Format("2006-01-02") != "2003-01-20" || !line.HasExtendedCost || line.Row != 4 {
		t.Errorf("line %+v", line)
	}
	if col, ok := l.Column(ColUnitCost); !ok || col != "I" {
		t.Errorf("Unit Cost is column %q", col)
	}
	if len(l.LineCard) != 1 || !l.LineCard[0].From.IsZero() || !l.LineCard[0].Until.IsZero() {
		t.Errorf("line card %+v", l.LineCard)
	}
	if len(l.Invoices) != 1 || l.Invoices[0].Amount.String() != "100" || l.Invoices[0].Paid.Format("2006-01-02") != "2003-02-01" {
		t.Errorf("invoices %+v", l.Invoices)
	}
}

func readLinesOf(l *Ledger) ([]POLine, error) {
	var out []POLine
	err := l.Purchases(func(line *POLine) { out = append(out, *line) })
	return out, err
}

// TestHeaderPrecedence: a column's own name takes the column before any
// other name of it; two other names of one column, or the own name twice,
// are an error naming both cells; a name two columns share (an accountant's
// list) names neither.
func TestHeaderPrecedence(t *testing.T) {
	tests := []struct {
		name   string
		header []any
		names  columnNames
		col    string // the column checked
		want   int    // its column number; 0: not read
		err    string
	}{
		{"own name before another", []any{"Manufacturer", "Authorized From", "Line", "Authorized Until"}, nil, "Manufacturer", 1, ""},
		{"own name after another", []any{"Mfr", "Authorized From", "Manufacturer", "Authorized Until"}, nil, "Manufacturer", 3, ""},
		{"two other names", []any{"Mfr", "Authorized From", "Line", "Authorized Until"}, nil, "Manufacturer", 1,
			`book.xlsx, sheet Franchise, cell C1 (Manufacturer): A1 "Mfr" and C1 "Line" both name the Manufacturer column, and covenant would not know which to read`},
		{"own name twice", []any{"Manufacturer", "Authorized From", "manufacturer ", "Authorized Until"}, nil, "Manufacturer", 1,
			`cell C1 (Manufacturer): the header "Manufacturer" appears twice (also in A1)`},
		{"a shared name names neither", []any{"Maker", "Authorized From", "Authorized Until"},
			columnNames{SheetFranchise: {"manufacturer": {"Maker"}, "authorizeduntil": {"Maker"}}}, "Manufacturer", 0,
			`the header row (row 1) has no "Manufacturer" column`},
		{"the accountant's names replace the built-in ones", []any{"Mfr", "Authorized From", "Authorized Until"},
			columnNames{SheetFranchise: {"manufacturer": {"Maker"}}}, "Manufacturer", 0,
			`has no "Manufacturer" column; found Mfr, Authorized From, Authorized Until. Head the column Manufacturer (or Maker)`},
		{"an accountant's name", []any{"Authorized From", "Maker", "Authorized Until"},
			columnNames{SheetFranchise: {"manufacturer": {"Maker"}}}, "Manufacturer", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := sheetBook(t, SheetFranchise, tt.header)
			tb, err := readHeader(t, path, SheetFranchise, tt.names)
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("error %v, want %q", err, tt.err)
			}
			if tb != nil && tb.col[tt.col] != tt.want {
				t.Errorf("%s read from column %d, want %d", tt.col, tb.col[tt.col], tt.want)
			}
		})
	}
}

// TestMissingColumnMessage: a header that matches no name is named with the
// headers found and, when one is near, the closest one not read as another
// column.
func TestMissingColumnMessage(t *testing.T) {
	base := []string{ColPONumber, ColPOLine, ColPODate, ColSupplier, ColManufacturer, ColPartNumber, ColDescription,
		ColQuantity, ColUnitCost, ColConfirmed, ColCustomerDirected, ColCreditLimit}
	tests := []struct {
		name    string
		replace map[string]string
		want    []string
		not     string
	}{
		{"a misspelling", map[string]string{ColSupplier: "Suplier"}, []string{
			`book.xlsx, sheet Purchases: the header row (row 1) has no "Supplier" column; found PO Number, PO Line, PO Date, Suplier, Manufacturer, Part Number, Description, Quantity, Unit Cost, Confirmed Delivery Date, Customer Directed, Credit Limit Exception — did you mean "Suplier" (D1)? Head the column Supplier (or Vendor, Vendor Name, Supplier Name, Distributor, …), or add your header to the Columns sheet of a terms workbook (covenant terms export, then --terms)`,
		}, ""},
		{"a misspelled other name", map[string]string{ColSupplier: "Vendro Name", ColPONumber: "PO #"}, []string{
			`no "Supplier" column; found PO #, PO Line,`, `did you mean "Vendro Name" (D1)?`,
		}, ""},
		{"two letters swapped", map[string]string{ColQuantity: "Quantiyt"}, []string{`did you mean "Quantiyt" (H1)?`}, ""},
		{"nothing near", map[string]string{ColSupplier: "Source of supply"}, []string{
			`no "Supplier" column; found PO Number, PO Line, PO Date, Source of supply, Manufacturer,`,
		}, "did you mean"},
		{"a header read as another column is not offered", map[string]string{ColSupplier: "Supply", ColPartNumber: "Part"}, []string{
			`no "Supplier" column`,
		}, `did you mean "Part"`},
		{"two columns missing", map[string]string{ColSupplier: "Supplyer", ColManufacturer: "Manufactrer"}, []string{
			`no "Supplier" column; found`, `did you mean "Supplyer" (D1)?`,
			`no "Manufacturer" column; found`, `did you mean "Manufactrer" (E1)?`, "2 problems found",
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []any
			for _, c := range base {
				if r, ok := tt.replace[c]; ok {
					hdr = append(hdr, r)
				} else {
					hdr = append(hdr, c)
				}
			}
			_, err := readHeader(t, sheetBook(t, SheetPurchases, hdr), SheetPurchases, nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if tt.not != "" && strings.Contains(err.Error(), tt.not) {
				t.Errorf("error has %q:\n%v", tt.not, err)
			}
		})
	}
}

func TestClosest(t *testing.T) {
	if i, ok := Closest([]string{"Supplier"}, []string{"PO #", "Suplier", "Supplies"}); !ok || i != 1 {
		t.Errorf("Closest: %d %v", i, ok)
	}
	if _, ok := Closest([]string{"Qty"}, []string{"Qtx"}); ok {
		t.Error("a three-letter name takes no misspelling")
	}
}

// TestWithColumnNames: the terms' names reach every reader, the ledger's and
// the loan workbook's.
func TestWithColumnNames(t *testing.T) {
	names := []terms.ColumnName{
		{Sheet: "purchases", Column: "supplier", Name: "Lieferant"},
		{Sheet: SheetBorrowing, Column: ColPrimeRate, Name: "Leitzins"},
		{Sheet: SheetFeePayments, Column: "Amount", Name: "Betrag"},
		{Sheet: "Elsewhere", Column: "Nothing", Name: "Ignored"},
	}
	p := purchasesBook(t, nil, []any{"2003-10-22"})
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue(SheetPurchases, "D1", "Lieferant")
	f.Save()
	f.Close()
	if _, err := Open(p); err == nil || !strings.Contains(err.Error(), `no "Supplier" column`) {
		t.Errorf("built-in names read Lieferant: %v", err)
	}
	l, err := Open(p, WithColumnNames(names))
	if err != nil {
		t.Fatal(err)
	}
	lines, err := readLinesOf(l)
	l.Close()
	if err != nil || len(lines) != 1 || lines[0].Supplier != "Avnet" {
		t.Errorf("%+v %v", lines, err)
	}
	loan := loanBook(t, map[string][][]any{
		SheetFeePayments: {{"Date", "Betrag"}, {"2002-10-01", 15000}},
		SheetBorrowing: {{ColBorrowingDate, ColReceivablesBase, ColAdvances, ColBankersAcceptances, ColLettersOfGuaranty, ColLettersOfCredit, ColTermLoanReserve, ColTermLoanBalance, "Leitzins"},
			{"2002-10-01", 1000, 500, 0, 0, 0, 100, 200, 4.75}},
	})
	lf, err := ReadLoanFees(loan, WithColumnNames(names))
	if err != nil || len(lf.Payments) != 1 || lf.Payments[0].Amount.String() != "15000" {
		t.Errorf("fee payments %+v %v", lf, err)
	}
	b, err := OpenBorrowing(loan, WithColumnNames(names))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if len(b.Rows) != 1 || b.Rows[0].PrimeRate.String() != "4.75" {
		t.Errorf("borrowing %+v", b.Rows)
	}
	if _, err := OpenBorrowing(loan); err == nil || !strings.Contains(err.Error(), `no "Prime Rate" column`) {
		t.Errorf("built-in names read Leitzins: %v", err)
	}
}

// TestInPlaceNeverOverwritesAnInput: a column covenant writes with --in-place
// that the accountant's names make an input column is refused, naming the
// cell, and nothing is written.
func TestInPlaceNeverOverwritesAnInput(t *testing.T) {
	p := purchasesBook(t, nil, []any{"2003-10-22"})
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue(SheetPurchases, "G1", "Reason")
	f.Save()
	f.Close()
	l, err := Open(p, WithColumnNames([]terms.ColumnName{{Sheet: SheetPurchases, Column: ColDescription, Name: "Reason"}}))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var out strings.Builder
	called := 0
	err = l.WriteColumns(&out, []OutColumn{{"Classification", KindText}, {"Reason", KindText}}, func(*POLine) []Value { called++; return nil })
	want := `ledger.xlsx, sheet Purchases, cell G1 (Reason): covenant writes its Reason column here with --in-place, but the column is read as Description`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
	if called != 0 {
		t.Errorf("%d lines computed", called)
	}
}

func ExampleClosest() {
	headers := []string{"PO #", "Suplier", "Mfr"}
	if i, ok := Closest([]string{"Supplier", "Vendor"}, headers); ok {
		fmt.Println("did you mean", headers[i])
	}
	// Output: did you mean Suplier
}
