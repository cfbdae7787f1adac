package ledger

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// noticesLedger writes the smallest ledger (Purchases with one line, a line
// card) with an Arrow Notices sheet of the given rows under its header; nil
// rows leave the sheet out.
func noticesLedger(t *testing.T, header []any, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", SheetPurchases)
	f.SetSheetRow(SheetPurchases, "A1", &[]any{"PO Number", "PO Line", "PO Date", "Supplier", "Manufacturer", "Part Number", "Description", "Quantity", "Unit Cost", "Confirmed Delivery Date", "Customer Directed", "Credit Limit Exception"})
	f.SetSheetRow(SheetPurchases, "A2", &[]any{"PO-1", 1, "2003-01-06", "Arrow", "Vishay", "X", "", 1, 1, "", "N", "N"})
	f.NewSheet(SheetFranchise)
	f.SetSheetRow(SheetFranchise, "A1", &[]any{"Manufacturer", "Authorized From", "Authorized Until"})
	f.SetSheetRow(SheetFranchise, "A2", &[]any{"Vishay", "2002-01-01", nil})
	if header != nil {
		f.NewSheet(SheetNotices)
		f.SetSheetRow(SheetNotices, "A1", &[]any{"Arrow CMS notices (§4.1, §4.2, §7.6)"})
		f.SetSheetRow(SheetNotices, "A2", &header)
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+3)
			f.SetSheetRow(SheetNotices, cell, &r)
		}
	}
	p := filepath.Join(t.TempDir(), "ledger.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenNotices(t *testing.T) {
	std := []any{"Date", "Notice", "Quarter End", "Note"}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name   string
		header []any
		rows   [][]any
		has    bool
		want   []string // kind|date|quarter end|note|cells
		errs   []string
	}{
		{name: "no sheet", has: false},
		{name: "every notice, as typed", header: std, has: true, rows: [][]any{
			{"2003-04-10", "Default", "2003-03-28", "letter from D. Corcoran"},
			{day(2003, 4, 15), "add shortfall", day(2003, 3, 28), nil},
			{"4/20/2003", " Extend-Term ", "3/28/2003", ""},
			{"2003-05-01", "WAIVER", "2003-03-28", "signed by Arrow CMS"},
		}, want: []string{
			"default|2003-04-10|2003-03-28|letter from D. Corcoran|A3 B3 C3",
			"add_shortfall|2003-04-15|2003-03-28||A4 B4 C4",
			"extend_term|2003-04-20|2003-03-28||A5 B5 C5",
			"waiver|2003-05-01|2003-03-28|signed by Arrow CMS|A6 B6 C6",
		}},
		{name: "columns in another order, no Note", header: []any{"Quarter End", "Date", "Notice"}, has: true, rows: [][]any{
			{"2003-06-27", "2003-07-02", "Default"},
		}, want: []string{"default|2003-07-02|2003-06-27||B3 C3 A3"}},
		{name: "bad values, each named by its cell", header: std, has: true, rows: [][]any{
			{"2003-02-30", "Default", "2003-03-28"},
			{"2003-04-10", "Terminate", "2003-03-28"},
			{"2003-04-10", "Default", nil},
			{nil, nil, "2003-03-28", "a note alone"},
		}, errs: []string{
			"ledger.xlsx, sheet Arrow Notices, cell A3 (Date):",
			`ledger.xlsx, sheet Arrow Notices, cell B4 (Notice): "Terminate" is not a notice: write Default, Add Shortfall, Extend Term or Waiver`,
			"ledger.xlsx, sheet Arrow Notices, cell C5 (Quarter End): is blank",
			"ledger.xlsx, sheet Arrow Notices, cell A6 (Date): is blank",
			"ledger.xlsx, sheet Arrow Notices, cell B6 (Notice): is blank",
		}},
		{name: "a missing column", header: []any{"Date", "Notice"}, has: true, errs: []string{
			`ledger.xlsx, sheet Arrow Notices: the header row (row 2) has no "Quarter End" column`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := tc.header
			if !tc.has {
				header = nil
			}
			l, err := Open(noticesLedger(t, header, tc.rows...))
			if len(tc.errs) > 0 {
				if err == nil {
					l.Close()
					t.Fatal("no error")
				}
				for _, w := range tc.errs {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error lacks %q:\n%v", w, err)
					}
				}
				if !IsInputError(err) {
					t.Errorf("not an input error: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if l.HasNotices != tc.has {
				t.Errorf("HasNotices %v", l.HasNotices)
			}
			var got []string
			for _, n := range l.Notices {
				got = append(got, strings.Join([]string{string(n.Kind), n.Date.Format("2006-01-02"), n.QuarterEnd.Format("2006-01-02"), n.Note,
					n.DateCell + " " + n.KindCell + " " + n.QuarterEndCell}, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("notices\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestNoticeKindLabels(t *testing.T) {
	for _, k := range NoticeKinds {
		back, err := parseNoticeKind(k.Label())
		if err != nil || back != k {
			t.Errorf("%s: label %q reads back as %q, %v", k, k.Label(), back, err)
		}
		if k.Clause() == "" {
			t.Errorf("%s cites no clause", k)
		}
	}
}
