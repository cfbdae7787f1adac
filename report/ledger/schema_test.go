package ledger

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// schemaBook writes a workbook with every sheet of LedgerSheets and
// LoanSheets, each with its header row and nothing below.
func schemaBook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for _, s := range append(LedgerSheets(), LoanSheets()...) {
		if _, err := f.NewSheet(s.Name); err != nil {
			t.Fatal(err)
		}
		var hdr []any
		for _, c := range s.Columns {
			hdr = append(hdr, c.Name)
		}
		if err := f.SetSheetRow(s.Name, "A1", &hdr); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "all.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSchemaIsWhatTheReadersRead: the sheets and columns LedgerSheets and
// LoanSheets describe (what covenant ledger new writes) are exactly those the
// readers look for, in their order, required and optional alike. A sheet or a
// column added to a reader without being added here fails this test.
func TestSchemaIsWhatTheReadersRead(t *testing.T) {
	path := schemaBook(t)
	asked := map[string][]column{}
	var order []string
	onFindTable = func(sheet string, cols []column) {
		if prev, ok := asked[sheet]; ok {
			if !sameColumns(prev, cols) {
				t.Errorf("sheet %s is looked for with two column lists: %v and %v", sheet, prev, cols)
			}
			return
		}
		asked[sheet] = cols
		order = append(order, sheet)
	}
	defer func() { onFindTable = nil }()

	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Purchases(func(*POLine) {}); err != nil {
		t.Fatal(err)
	}
	l.InvoiceColumn("Amount")
	l.Close()
	ledgerAsked := append([]string(nil), order...)
	if _, err := ReadLoanFees(path); err != nil {
		t.Fatal(err)
	}
	if b, err := OpenBorrowing(path); err == nil {
		b.Close()
	} else if !strings.Contains(err.Error(), "has no data rows") {
		t.Fatal(err)
	}
	loanAsked := order[len(ledgerAsked):]

	for _, set := range []struct {
		what   string
		sheets []SheetSpec
		asked  []string
	}{{"ledger", LedgerSheets(), ledgerAsked}, {"loan", LoanSheets(), loanAsked}} {
		var names []string
		for _, s := range set.sheets {
			names = append(names, s.Name)
			var spec []column
			for _, c := range s.Columns {
				spec = append(spec, column{Name: c.Name, Optional: c.Optional})
			}
			if got, ok := asked[s.Name]; !ok {
				t.Errorf("%s sheet %s is described but no reader looks for it", set.what, s.Name)
			} else if !sameColumns(got, spec) {
				t.Errorf("%s sheet %s: the reader looks for %v, the description has %v", set.what, s.Name, got, spec)
			}
		}
		if strings.Join(names, "|") != strings.Join(set.asked, "|") {
			t.Errorf("the %s readers look for the sheets %q; %sSheets describes %q", set.what, set.asked, strings.ToUpper(set.what[:1])+set.what[1:], names)
		}
	}
}

func sameColumns(a, b []column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSchemaDescribesEveryColumn: every sheet and column says what to enter
// and under which clause, every column has a kind, a choice column its
// choices; and no description is left over for a column no reader has.
func TestSchemaDescribesEveryColumn(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range append(LedgerSheets(), LoanSheets()...) {
		if s.Help == "" || s.Clause == "" {
			t.Errorf("sheet %s has no help or clause", s.Name)
		}
		for _, c := range s.Columns {
			seen[s.Name+"\x00"+c.Name] = true
			where := s.Name + " / " + c.Name
			if c.Kind == KindUnknown {
				t.Errorf("%s has no kind: describe it in schema.go", where)
			}
			if len(strings.Fields(c.Help)) < 4 || c.Clause == "" {
				t.Errorf("%s: help %q, clause %q: say what to enter and under which clause", where, c.Help, c.Clause)
			}
			if (c.Kind == KindChoice || c.Kind == KindFlag) != (len(c.Choices) > 0) {
				t.Errorf("%s: kind %d with choices %q", where, c.Kind, c.Choices)
			}
		}
	}
	for sheet, cols := range columnHelp {
		for col := range cols {
			if !seen[sheet+"\x00"+col] {
				t.Errorf("%s / %s is described but no reader reads it", sheet, col)
			}
		}
	}
	for sheet := range sheetHelp {
		found := false
		for _, s := range append(LedgerSheets(), LoanSheets()...) {
			found = found || s.Name == sheet
		}
		if !found {
			t.Errorf("sheet %s is described but not listed", sheet)
		}
	}
}
