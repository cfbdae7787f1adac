package termsbook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/report/terms"
)

// diff lists the differences between a and b; decimals are compared with Equal
// (so 4.0 and 4 are the same) and times with Equal.
func diff(a, b any) []string {
	var out []string
	walk(reflect.ValueOf(a), reflect.ValueOf(b), "", &out)
	return out
}

var (
	decimalType = reflect.TypeOf(decimal.Decimal{})
	timeType    = reflect.TypeOf(time.Time{})
)

func walk(a, b reflect.Value, path string, out *[]string) {
	if a.Type() != b.Type() {
		*out = append(*out, fmt.Sprintf("%s: type %s != %s", path, a.Type(), b.Type()))
		return
	}
	switch {
	case a.Type() == decimalType:
		da, db := a.Interface().(decimal.Decimal), b.Interface().(decimal.Decimal)
		if !da.Equal(db) {
			*out = append(*out, fmt.Sprintf("%s: %s != %s", path, da, db))
		}
		return
	case a.Type() == timeType:
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if !ta.Equal(tb) || ta.Location() != tb.Location() {
			*out = append(*out, fmt.Sprintf("%s: %v != %v", path, ta, tb))
		}
		return
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			walk(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name, out)
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			*out = append(*out, fmt.Sprintf("%s: %d items != %d", path, a.Len(), b.Len()))
			return
		}
		for i := 0; i < a.Len(); i++ {
			walk(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				*out = append(*out, fmt.Sprintf("%s: nil mismatch (%v, %v)", path, a.IsNil(), b.IsNil()))
			}
			return
		}
		walk(a.Elem(), b.Elem(), path, out)
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*out = append(*out, fmt.Sprintf("%s: %#v != %#v", path, a.Interface(), b.Interface()))
		}
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// exported writes Default() to dir/terms.xlsx and returns its path.
func exported(t *testing.T, tt terms.Terms) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(tt, &buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "terms.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// edit opens the workbook, applies fn and saves it.
func edit(t *testing.T, path string, fn func(f *excelize.File) error) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := fn(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// rowOf returns the row whose column A holds label.
func rowOf(f *excelize.File, sheet, label string) (int, error) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return 0, err
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return i + 1, nil
		}
	}
	return 0, fmt.Errorf("no row %q on sheet %s", label, sheet)
}

// setTerm sets the Value of a key/value term.
func setTerm(sheet, label string, v any) func(f *excelize.File) error {
	return func(f *excelize.File) error {
		row, err := rowOf(f, sheet, label)
		if err != nil {
			return err
		}
		return f.SetCellValue(sheet, fmt.Sprintf("B%d", row), v)
	}
}

func set(sheet, cell string, v any) func(f *excelize.File) error {
	return func(f *excelize.File) error { return f.SetCellValue(sheet, cell, v) }
}

func all(fns ...func(f *excelize.File) error) func(f *excelize.File) error {
	return func(f *excelize.File) error {
		for _, fn := range fns {
			if err := fn(f); err != nil {
				return err
			}
		}
		return nil
	}
}

// readDefault is terms.Default() as an export of it reads back: its Columns
// sheet lists the built-in names.
func readDefault() terms.Terms {
	t := terms.Default()
	t.Columns = ledger.ColumnNames()
	return t
}

func TestRoundTrip(t *testing.T) {
	path := exported(t, terms.Default())
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diff(got, readDefault()) {
		t.Error(d)
	}
}

// TestSavedByLibreOffice reads back a workbook after a spreadsheet program
// opened and saved it (shared strings, its own number and style records).
func TestSavedByLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice is slow")
	}
	oracle.Require(t, "soffice")
	path := exported(t, terms.Default())
	edit(t, path, set(SheetMinimumSales, "B6", 1600000))
	got, err := Read(oracle.Recalc(t, path))
	if err != nil {
		t.Fatal(err)
	}
	want := readDefault()
	m := dec("1600000")
	want.Supplier.Quarters[4].Minimum = &m
	for _, d := range diff(got, want) {
		t.Error(d)
	}
}

func TestEdits(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *excelize.File) error
		want func(t *terms.Terms)
	}{
		{"2004 Q1 minimum as a number", set(SheetMinimumSales, "B6", 1600000), func(t *terms.Terms) {
			m := dec("1600000")
			t.Supplier.Quarters[4].Minimum = &m
		}},
		{"minimum as money text", set(SheetMinimumSales, "B7", "$1,650,000.50"), func(t *terms.Terms) {
			m := dec("1650000.50")
			t.Supplier.Quarters[5].Minimum = &m
		}},
		{"minimum cleared", set(SheetMinimumSales, "B2", nil), func(t *terms.Terms) {
			t.Supplier.Quarters[0].Minimum = nil
		}},
		{"advance rate 80 as a number", setTerm(SheetLoan, "Advance Rate", 80), func(t *terms.Terms) {
			t.Loan.AdvanceRate = dec("0.80")
		}},
		{"advance rate 75% as text", setTerm(SheetLoan, "Advance Rate", "75%"), func(t *terms.Terms) {
			t.Loan.AdvanceRate = dec("0.75")
		}},
		{"advance rate 0.9 as text", setTerm(SheetLoan, "Advance Rate", "0.9"), func(t *terms.Terms) {
			t.Loan.AdvanceRate = dec("0.9")
		}},
		{"advance rate 0.7 in the percent cell", setTerm(SheetLoan, "Advance Rate", 0.7), func(t *terms.Terms) {
			t.Loan.AdvanceRate = dec("0.7")
		}},
		{"term end as date text", setTerm(SheetSupplier, "Term End", "Dec 30, 2005"), func(t *terms.Terms) {
			t.Supplier.TermEnd = terms.Date(2005, 12, 30)
		}},
		{"agreement date as a real date", setTerm(SheetSupplier, "Agreement Date", time.Date(2002, 12, 28, 0, 0, 0, 0, time.UTC)), func(t *terms.Terms) {
			t.Supplier.AgreementDate = terms.Date(2002, 12, 28)
		}},
		{"an older workbook's remedy switches are ignored: Arrow's elections are recorded in the ledger's Arrow Notices", all(
			set(SheetSupplier, "A30", "Add Shortfall To Next Quarter"), set(SheetSupplier, "B30", "Y"),
			set(SheetSupplier, "A31", "Extend Term Per Missed Quarter"), set(SheetSupplier, "B31", "N")), func(t *terms.Terms) {}},
		{"a notice copy edited, and a third added", all(
			set(SheetNoticeCopies, "B6", "Attention: Jane Roe, Vice President, Credit"),
			set(SheetNoticeCopies, "A12", 3), set(SheetNoticeCopies, "B12", "Counsel"),
			set(SheetNoticeCopies, "A13", "3"), set(SheetNoticeCopies, "B13", "1 Main Street")), func(t *terms.Terms) {
			t.Supplier.NoticeCopies[0][4] = "Attention: Jane Roe, Vice President, Credit"
			t.Supplier.NoticeCopies = append(t.Supplier.NoticeCopies, []string{"Counsel", "1 Main Street"})
		}},
		{"due dates stay where they fall", setTerm(SheetSupplier, "Due On Next Business Day", "N"), func(t *terms.Terms) {
			t.Supplier.DueOnNextBusinessDay = false
		}},
		{"a fortnight's warning", setTerm(SheetSupplier, "Warning Days", 14), func(t *terms.Terms) {
			t.WarningDays = 14
		}},
		{"weekday abbreviated", setTerm(SheetSupplier, "Monthly Report Weekday", "mon"), func(t *terms.Terms) {
			t.Supplier.MonthlyReportWeekday = time.Monday
		}},
		{"hours as text", setTerm(SheetSupplier, "Breakdown Response Hours", "48"), func(t *terms.Terms) {
			t.Supplier.BreakdownResponseHours = 48
		}},
		{"signer filled in", setTerm(SheetSupplier, "Signer Name", "W. Barry Gilbert"), func(t *terms.Terms) {
			t.Supplier.SignerName = "W. Barry Gilbert"
		}},
		{"installment due on execution made dated", set(SheetFeeInstallments, "C2", "10/1/2002"), func(t *terms.Terms) {
			t.Loan.Installments[0].Due = terms.Date(2002, 10, 1)
		}},
		{"caps and grid retyped", all(set(SheetOveradvanceCaps, "C5", "$100,000"),
			func(f *excelize.File) error { return f.RemoveRow(SheetOveradvanceCaps, 4) },
			set(SheetPricingGrid, "A3", "Term Loan"), set(SheetPricingGrid, "D3", "4.25%")), func(t *terms.Terms) {
			t.Loan.OveradvanceCaps = append(t.Loan.OveradvanceCaps[:2], terms.DatedAmount{From: terms.Date(2002, 10, 28), Amount: dec("100000")})
			t.Loan.PricingGrid[1].MarginPercent = dec("4.25")
		}},
		{"names renamed, title row, extra column and sheet", all(
			func(f *excelize.File) error { return f.SetSheetName(SheetMinimumSales, "minimum-sales") },
			func(f *excelize.File) error { return f.InsertRows(SheetLoan, 1, 2) },
			set(SheetLoan, "A1", "Amendment No. 10 terms"),
			set(SheetLoan, "E3", "Remarks"), set(SheetLoan, "E4", "checked"),
			setTerm(SheetSupplier, "Carry Forward Quarters", 2),
			func(f *excelize.File) error {
				row, err := rowOf(f, SheetSupplier, "Agreement Date")
				if err != nil {
					return err
				}
				return f.SetCellValue(SheetSupplier, fmt.Sprintf("A%d", row), " agreement-DATE ")
			},
			func(f *excelize.File) error { _, err := f.NewSheet("Scratch"); return err },
			set("Scratch", "A1", "not terms"),
		), func(t *terms.Terms) {
			t.Supplier.CarryForwardQuarters = 2
		}},
		{"customer short name edited", setTerm(SheetSupplier, "Customer Short Name", "IEC-NY"), func(t *terms.Terms) {
			t.Supplier.CustomerShort = "IEC-NY"
		}},
		{"customer short name blank", setTerm(SheetSupplier, "Customer Short Name", nil), func(t *terms.Terms) {
			t.Supplier.CustomerShort = ""
		}},
		// a terms workbook exported before the short name existed
		{"customer short name missing", func(f *excelize.File) error {
			row, err := rowOf(f, SheetSupplier, "Customer Short Name")
			if err != nil {
				return err
			}
			return f.RemoveRow(SheetSupplier, row)
		}, func(t *terms.Terms) {
			t.Supplier.CustomerShort = ""
		}},
		{"lists edited", all(set(SheetDistributorNames, fmt.Sprintf("A%d", len(terms.Default().Supplier.DistributorNames)+2), "ARROW CMS DIST"), set(SheetLenders, "A3", nil)), func(t *terms.Terms) {
			t.Supplier.DistributorNames = append(t.Supplier.DistributorNames, "ARROW CMS DIST")
			t.Loan.Lenders = t.Loan.Lenders[:1]
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := exported(t, terms.Default())
			edit(t, path, tt.edit)
			got, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			want := readDefault()
			tt.want(&want)
			for _, d := range diff(got, want) {
				t.Error(d)
			}
		})
	}
}

// wantErr is one expected problem: its sheet and cell, and a part of its message.
type wantErr struct {
	sheet, cell, msg string
}

func TestBadCells(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *excelize.File) error
		want []wantErr
	}{
		{"four problems at once", all(
			set(SheetMinimumSales, "B3", "abc"),
			setTerm(SheetSupplier, "Term End", "2/30/2005"),
			set(SheetFeeInstallments, "A3", "base-1"),
			set(SheetFeeInstallments, "D7", 30000),
		), []wantErr{
			{SheetSupplier, "B7", `"2/30/2005" is not a date (February 2005 has 28 days)`},
			{SheetMinimumSales, "B3", `"abc" is not an amount`},
			{SheetFeeInstallments, "A3", `installment "base-1" is listed twice`},
			{SheetLoan, "B6", "installments add up to 155000.00, not the Extension Fee 150000.00"},
		}},
		{"bad amount does not also break the sum", set(SheetFeeInstallments, "D2", "15,00"), []wantErr{
			{SheetFeeInstallments, "D2", `"15,00" is not an amount (misplaced thousands separator)`},
		}},
		{"values Validate refuses", all(
			setTerm(SheetLoan, "Advance Rate", "150%"),
			setTerm(SheetLoan, "Day Count Basis", 364),
			set(SheetFeeInstallments, "B4", "extra"),
			set(SheetOveradvanceCaps, "A3", "10/10/2002"),
			set(SheetPricingGrid, "C2", "9/30/2002"),
			set(SheetPricingGrid, "A3", "mortgage"),
			set(SheetMinimumSales, "A4", "6/1/2003"),
			set(SheetMinimumSales, "B5", -5),
		), []wantErr{
			{SheetMinimumSales, "A4", "ends June 1, 2003, not after the previous end June 27, 2003"},
			{SheetMinimumSales, "B5", "minimum is negative"},
			{SheetFeeInstallments, "B4", `installment "base-3": fee must be "base" or "additional"`},
			{SheetLoan, "B10", "must be 360 or 365, not 364"},
			{SheetLoan, "B9", "must be a fraction between 0 and 1"},
			{SheetOveradvanceCaps, "A3", "periods starting October 1, 2002 and October 10, 2002 overlap"},
			{SheetPricingGrid, "C2", "period October 1, 2002 to September 30, 2002 ends before it starts"},
			{SheetPricingGrid, "A3", `facility must be "advances" or "term_loan", not "mortgage"`},
		}},
		{"blank and unreadable values", all(
			setTerm(SheetSupplier, "Customer", nil),
			setTerm(SheetSupplier, "Breakdown Response Hours", 1.5),
			set(SheetNoticeCopies, "A3", "first"),
			set(SheetNoticeCopies, "A4", 0),
			set(SheetNoticeCopies, "B5", nil),
			setTerm(SheetSupplier, "Monthly Report Weekday", "Fryday"),
			setTerm(SheetLoan, "Advance Rate", "lots"),
			set(SheetFeeInstallments, "A5", nil),
			set(SheetOveradvanceCaps, "C2", true),
		), []wantErr{
			{SheetSupplier, "B2", "is blank; a value is required"},
			{SheetSupplier, "B10", "1.5 is not a whole number"},
			{SheetSupplier, "B13", `"Fryday" is not a weekday`},
			{SheetNoticeCopies, "A3", `"first" is not a number`},
			{SheetNoticeCopies, "A4", "0 is not a copy number"},
			{SheetNoticeCopies, "B5", "is blank; a value is required"},
			{SheetLoan, "B9", `"lots" is not a percentage`},
			{SheetFeeInstallments, "A5", "is blank; a value is required"},
			{SheetOveradvanceCaps, "C2", "TRUE/FALSE cell is not an amount"},
		}},
		{"missing sheet, term, column and names", all(
			func(f *excelize.File) error { return f.DeleteSheet(SheetLenders) },
			func(f *excelize.File) error {
				row, err := rowOf(f, SheetLoan, "Cash Account")
				if err != nil {
					return err
				}
				return f.RemoveRow(SheetLoan, row)
			},
			func(f *excelize.File) error {
				row, err := rowOf(f, SheetSupplier, "Agreement Date")
				if err != nil {
					return err
				}
				return f.RemoveRow(SheetSupplier, row)
			},
			set(SheetPricingGrid, "D1", "Spread"),
			func(f *excelize.File) error {
				for range terms.Default().Supplier.DistributorNames {
					if err := f.RemoveRow(SheetDistributorNames, 2); err != nil {
						return err
					}
				}
				return nil
			},
		), []wantErr{
			{SheetSupplier, "", `the term "Agreement Date" is missing`},
			{SheetLoan, "", `the term "Cash Account" is missing`},
			{"", "", `no sheet named "Lenders"`},
			{SheetPricingGrid, "row 1", `the column "Margin Percent" is missing`},
			{SheetDistributorNames, "", "list at least one name"},
		}},
		{"customer short name with a slash", func(f *excelize.File) error {
			row, err := rowOf(f, SheetSupplier, "Customer Short Name")
			if err != nil {
				return err
			}
			return f.SetCellValue(SheetSupplier, fmt.Sprintf("B%d", row), "IEC/NY")
		}, []wantErr{
			{SheetSupplier, "B" + fmt.Sprint(supplierRow("Customer Short Name")), `"IEC/NY" can begin a file name only with letters, digits, spaces and the marks & . _ -`},
		}},
		{"duplicate term", func(f *excelize.File) error {
			return all(set(SheetLoan, "A40", "maximum limit"), set(SheetLoan, "B40", 1))(f)
		}, []wantErr{
			{SheetLoan, "A40", `the term "Maximum Limit" appears twice (also in A8)`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := exported(t, terms.Default())
			edit(t, path, tt.edit)
			_, err := Read(path)
			var es *ledger.Errors
			if !errors.As(err, &es) {
				t.Fatalf("Read: got %v (%T), want *ledger.Errors", err, err)
			}
			if !ledger.IsInputError(err) {
				t.Error("IsInputError is false")
			}
			if es.Count != len(es.List) || len(es.List) != len(tt.want) {
				t.Errorf("got %d problems, want %d:\n%v", es.Count, len(tt.want), err)
			}
			for _, w := range tt.want {
				found := false
				for _, e := range es.List {
					if e.File == "terms.xlsx" && e.Sheet == w.sheet && e.Cell == w.cell && strings.Contains(e.Err.Error(), w.msg) {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem at sheet %q cell %q containing %q in:\n%v", w.sheet, w.cell, w.msg, err)
				}
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	path := exported(t, terms.Default())
	edit(t, path, set(SheetMinimumSales, "B3", "abc"))
	_, err := Read(path)
	want := `terms.xlsx, sheet Minimum Sales, cell B3 (Minimum): "abc" is not an amount`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want it to start %s", err, want)
	}
}

func TestNotAWorkbook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "terms.xlsx")
	if err := os.WriteFile(path, []byte("Term,Value\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(path)
	var es *ledger.Errors
	if !errors.As(err, &es) || len(es.List) != 1 || es.List[0].File != "terms.xlsx" {
		t.Fatalf("got %v", err)
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing.xlsx")); !ledger.IsInputError(err) {
		t.Errorf("missing file: got %v", err)
	}
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Export(terms.Default(), &a); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // a timestamp with one-second resolution would change
	if err := Export(terms.Default(), &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two exports of the same terms differ")
	}
}

func TestLayout(t *testing.T) {
	path := exported(t, terms.Default())
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wantSheets := []string{SheetSupplier, SheetDistributorNames, SheetNoticeAddress, SheetNoticeCopies, SheetMinimumSales, SheetLoan,
		SheetLenders, SheetFeeInstallments, SheetOveradvanceCaps, SheetPricingGrid, SheetColumns}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, wantSheets) {
		t.Errorf("sheets %v, want %v", got, wantSheets)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != docTimestamp || props.Modified != docTimestamp {
		t.Errorf("doc props %+v, %v", props, err)
	}
	for _, s := range wantSheets {
		panes, err := f.GetPanes(s)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v %v", s, panes, err)
		}
		id, _ := f.GetCellStyle(s, "A1")
		st, err := f.GetStyle(id)
		if err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header not bold", s)
		}
		if w, _ := f.GetColWidth(s, "A"); w < 10 {
			t.Errorf("%s: column A width %v", s, w)
		}
	}
	cells := []struct {
		sheet, label, col, formatted, raw, numFmt string
	}{
		{SheetSupplier, "Agreement Date", "B", "12/27/2002", "37617", "m/d/yyyy"},
		{SheetSupplier, "Annual Estimate", "B", "6,800,000.00", "6800000", "#,##0.00"},
		{SheetSupplier, "Annual Estimate", "C", "§1.3", "§1.3", ""},
		{SheetSupplier, "Monthly Report Weekday", "B", "Friday", "Friday", ""},
		{SheetNoticeCopies, "1", "B", "Joseph Sabia", "Joseph Sabia", ""},
		{SheetNoticeCopies, "2", "B", "Arrow Electronics, Inc.", "Arrow Electronics, Inc.", ""},
		{SheetLoan, "Advance Rate", "B", "85.00%", "0.85", "0.00%"},
		{SheetLoan, "Extension Fee", "C", "Amendment A.3", "Amendment A.3", ""},
		{SheetLoan, "Maximum Limit", "C", "Amendment B.1", "Amendment B.1", ""},
		{SheetLoan, "Initial Term End", "C", "Amendment B.3", "Amendment B.3", ""},
	}
	for _, c := range cells {
		row, err := rowOf(f, c.sheet, c.label)
		if err != nil {
			t.Error(err)
			continue
		}
		ref := fmt.Sprintf("%s%d", c.col, row)
		if got, _ := f.GetCellValue(c.sheet, ref); got != c.formatted {
			t.Errorf("%s!%s shows %q, want %q", c.sheet, ref, got, c.formatted)
		}
		if got, _ := f.GetCellValue(c.sheet, ref, excelize.Options{RawCellValue: true}); got != c.raw {
			t.Errorf("%s!%s holds %q, want %q", c.sheet, ref, got, c.raw)
		}
		if c.numFmt != "" {
			id, _ := f.GetCellStyle(c.sheet, ref)
			st, _ := f.GetStyle(id)
			if st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != c.numFmt {
				t.Errorf("%s!%s: number format %+v, want %s", c.sheet, ref, st, c.numFmt)
			}
		}
	}
	rows, _ := f.GetRows(SheetMinimumSales)
	if len(rows) != 13 || rows[0][0] != "Quarter End" || rows[5][0] != "3/26/2004" || len(rows[5]) > 1 && rows[5][1] != "" {
		t.Errorf("Minimum Sales rows: %q", rows)
	}
	rows, _ = f.GetRows(SheetFeeInstallments)
	if len(rows) != 7 || rows[1][2] != "" || rows[1][3] != "15,000.00" {
		t.Errorf("Fee Installments rows: %q", rows)
	}
}

// TestOlderExportWithoutNoticeCopies: a terms workbook exported before the
// §7.5 copies were held in the terms (no Notice Copies sheet) still reads, with
// the copies of the agreement as signed; a Notice Copies sheet that is there is
// read as written.
// TestOlderExportWithoutWarningDays: a terms workbook exported before covenant
// had the Warning Days setting reads with the default, and a negative value is
// refused at its cell.
func TestOlderExportWithoutWarningDays(t *testing.T) {
	path := exported(t, terms.Default())
	edit(t, path, func(f *excelize.File) error {
		row, err := rowOf(f, SheetSupplier, "Warning Days")
		if err != nil {
			return err
		}
		return f.RemoveRow(SheetSupplier, row)
	})
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diff(got, readDefault()) {
		t.Error(d)
	}
	path = exported(t, terms.Default())
	edit(t, path, setTerm(SheetSupplier, "Warning Days", -1))
	if _, err := Read(path); err == nil || !strings.Contains(err.Error(), "Warning Days") || !strings.Contains(err.Error(), "negative") {
		t.Errorf("a negative Warning Days reads: %v", err)
	}
}

func TestOlderExportWithoutNoticeCopies(t *testing.T) {
	path := exported(t, terms.Default())
	edit(t, path, func(f *excelize.File) error { return f.DeleteSheet(SheetNoticeCopies) })
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diff(got, readDefault()) {
		t.Error(d)
	}
	one := terms.Default()
	one.Supplier.NoticeCopies = one.Supplier.NoticeCopies[:1]
	got, err = Read(exported(t, one))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Supplier.NoticeCopies) != 1 {
		t.Errorf("a Notice Copies sheet with one copy read as %d copies", len(got.Supplier.NoticeCopies))
	}
}

// supplierRow is the row of a term on the exported Supplier sheet.
func supplierRow(label string) int {
	for i, k := range supplierTerms {
		if k.label == label {
			return i + 2
		}
	}
	return 0
}

// columnsRow is the number of the next row of the Columns sheet.
func columnsRow(f *excelize.File) int {
	rows, _ := f.GetRows(SheetColumns)
	return len(rows) + 1
}

// addColumnName appends a row to the Columns sheet.
func addColumnName(sheet, column, name any) func(f *excelize.File) error {
	return func(f *excelize.File) error {
		return f.SetSheetRow(SheetColumns, fmt.Sprintf("A%d", columnsRow(f)), &[]any{sheet, column, name})
	}
}

// TestColumnsSheet: the Columns sheet lists every built-in name, one row a
// name; a row the accountant adds is read back (sheet and column as
// covenant spells them), a row deleted is a name no longer read, and a terms
// workbook without the sheet keeps the built-in names.
func TestColumnsSheet(t *testing.T) {
	builtin := ledger.ColumnNames()
	t.Run("export lists the built-in names", func(t *testing.T) {
		f, err := excelize.OpenFile(exported(t, terms.Default()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows(SheetColumns)
		if len(rows) != len(builtin)+1 || !reflect.DeepEqual(rows[0], []string{"Sheet", "Column", "Also Called"}) {
			t.Fatalf("%d rows, header %q; want %d names", len(rows), rows[0], len(builtin))
		}
		for i, n := range builtin {
			if want := []string{n.Sheet, n.Column, n.Name}; !reflect.DeepEqual(rows[i+1], want) {
				t.Errorf("row %d: %q, want %q", i+2, rows[i+1], want)
			}
		}
		for _, want := range [][]string{{"Purchases", "Supplier", "Vendor"}, {"Invoices", "Invoice Number", "Inv No"}, {"Borrowing", "Receivables Borrowing Base", "ABL Base"}} {
			found := false
			for _, r := range rows {
				found = found || reflect.DeepEqual(r, want)
			}
			if !found {
				t.Errorf("no row %q", want)
			}
		}
	})
	t.Run("a row added", func(t *testing.T) {
		path := exported(t, terms.Default())
		edit(t, path, addColumnName(" purchases", "supplier", "Lieferant"))
		got, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		want := append(append([]terms.ColumnName(nil), builtin...), terms.ColumnName{Sheet: "Purchases", Column: "Supplier", Name: "Lieferant"})
		if !reflect.DeepEqual(got.Columns, want) {
			t.Errorf("columns: %d names, the last %v; want %d, the last %v", len(got.Columns), got.Columns[len(got.Columns)-1], len(want), want[len(want)-1])
		}
		// written again, the same rows
		again := exported(t, got)
		back, err := Read(again)
		if err != nil || !reflect.DeepEqual(back.Columns, want) {
			t.Errorf("exported again: %v", err)
		}
	})
	t.Run("a row deleted", func(t *testing.T) {
		path := exported(t, terms.Default())
		edit(t, path, func(f *excelize.File) error { return f.RemoveRow(SheetColumns, 2) })
		got, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Columns, builtin[1:]) {
			t.Errorf("columns: %d names, want the %d built-in ones less %v", len(got.Columns), len(builtin)-1, builtin[0])
		}
	})
	t.Run("every row deleted", func(t *testing.T) {
		path := exported(t, terms.Default())
		edit(t, path, func(f *excelize.File) error {
			if err := f.DeleteSheet(SheetColumns); err != nil {
				return err
			}
			_, err := f.NewSheet(SheetColumns)
			if err != nil {
				return err
			}
			return f.SetSheetRow(SheetColumns, "A1", &[]any{"Sheet", "Column", "Also Called"})
		})
		got, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.Columns == nil || len(got.Columns) != 0 {
			t.Errorf("columns %v, want none at all (not the built-in names)", got.Columns)
		}
	})
	t.Run("no Columns sheet", func(t *testing.T) {
		path := exported(t, terms.Default())
		edit(t, path, func(f *excelize.File) error { return f.DeleteSheet(SheetColumns) })
		got, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.Columns != nil {
			t.Errorf("columns %d, want nil (the built-in names)", len(got.Columns))
		}
	})
}

// TestColumnsSheetBadRows: each cell of a Columns row is checked, all at once.
func TestColumnsSheetBadRows(t *testing.T) {
	n := len(ledger.ColumnNames()) + 1 // the last row of the export
	row := func(i int) string { return fmt.Sprint(n + i) }
	path := exported(t, terms.Default())
	edit(t, path, all(
		addColumnName("Purchase", "Supplier", "Lieferant"),
		addColumnName("Purchases", "Suppliers Name", "Lieferant"),
		addColumnName("Purchases", "Supplier", nil),
		addColumnName("Purchases", "Supplier", "#"),
		addColumnName("Purchases", "Confirmed Delivery Date", "po date"),
		addColumnName("Purchases", "PO Date", "Vendor"),
		addColumnName("Warehouse", "Bin", "Shelf"),
		addColumnName("Invoices", "Amount", "Invoice Amount"), // a built-in name again: harmless
	))
	_, err := Read(path)
	var es *ledger.Errors
	if !errors.As(err, &es) {
		t.Fatalf("Read: %v", err)
	}
	want := []wantErr{
		{SheetColumns, "A" + row(1), `"Purchase" is not a sheet covenant reads: write one of Purchases, Franchise, Arrow Responses, Invoices, Arrow Notices, Proposed, Deliveries, Fee Events, Fee Payments, Borrowing (did you mean "Purchases"?)`},
		{SheetColumns, "B" + row(2), `"Suppliers Name" is not a column of sheet Purchases: write one of PO Number, PO Line,`},
		{SheetColumns, "C" + row(3), "is blank; a value is required"},
		{SheetColumns, "C" + row(4), `"#" has no letter or digit`},
		{SheetColumns, "C" + row(5), `"po date" is the name of the PO Date column of sheet Purchases: it cannot also be read as Confirmed Delivery Date`},
		{SheetColumns, "C" + row(6), `"Vendor" already names the Supplier column of sheet Purchases (C`},
		{SheetColumns, "A" + row(7), `"Warehouse" is not a sheet covenant reads`},
	}
	if es.Count != len(want) {
		t.Errorf("%d problems, want %d:\n%v", es.Count, len(want), err)
	}
	for _, w := range want {
		found := false
		for _, e := range es.List {
			found = found || e.Sheet == w.sheet && e.Cell == w.cell && strings.Contains(e.Err.Error(), w.msg)
		}
		if !found {
			t.Errorf("no problem at %s!%s containing %q in:\n%v", w.sheet, w.cell, w.msg, err)
		}
	}
	if !strings.Contains(err.Error(), `terms.xlsx, sheet Columns, cell C`+row(3)+` (Also Called): is blank`) {
		t.Errorf("the message does not name file, sheet, cell and column:\n%v", err)
	}
	if strings.Contains(err.Error(), `"Suppliers Name" is not a column of sheet Purchases: write one of PO Number, PO Line, PO Date, Supplier, Manufacturer, Part Number, Description, Quantity, Unit Cost, Confirmed Delivery Date, Customer Directed, Credit Limit Exception, Extended Cost, PO Time, Location (did you mean "Supplier"?)`) == false {
		t.Errorf("no suggestion for a misspelled column:\n%v", err)
	}
}
