package ledger

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// deliveriesBook writes a workbook with a Deliveries sheet of the given rows
// under a header (nil header: an empty sheet).
func deliveriesBook(t *testing.T, header []any, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", SheetDeliveries)
	if header != nil {
		f.SetSheetRow(SheetDeliveries, "A1", &header)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(SheetDeliveries, cell, &r)
	}
	p := filepath.Join(t.TempDir(), "loan.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadDeliveries(t *testing.T) {
	day := time.Date(2003, 11, 7, 0, 0, 0, 0, time.UTC)
	std := []any{"Obligation", "Delivered On", "To", "Reference"}
	for _, tc := range []struct {
		name   string
		header []any
		rows   [][]any
		want   []string // id|on|to|reference|cell
		errs   []string
	}{
		{name: "empty sheet"},
		{name: "as typed", header: std, rows: [][]any{
			{" Monthly-2003-10 ", day, "reports@arrow.example", "Message-ID <1@x>"},
			{"certificate-2003Q4", "1/2/2004", "Arrow CMS, 35 Upton Drive", nil},
		}, want: []string{
			"monthly-2003-10|2003-11-07|reports@arrow.example|Message-ID <1@x>|A2",
			"certificate-2003q4|2004-01-02|Arrow CMS, 35 Upton Drive||A3",
		}},
		{name: "columns in another order, no Reference", header: []any{"To", "Obligation", "Delivered On"}, rows: [][]any{
			{"HSBC Bank USA, as Agent", "texas-property", "2002-10-24"},
		}, want: []string{"texas-property|2002-10-24|HSBC Bank USA, as Agent||B2"}},
		{name: "bad cells", header: std, rows: [][]any{
			{"", "2003-11-07", "x", ""},
			{"monthly-2003-10", "next week", "x", ""},
			{"monthly-2003-10", "2003-11-07", "", ""},
		}, errs: []string{"cell A2 (Obligation): is blank", "cell B3 (Delivered On)", "cell C4 (To): is blank"}},
		{name: "header without To", header: []any{"Obligation", "Delivered On"}, rows: [][]any{{"x", "2003-01-01"}},
			errs: []string{`no "To" column`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, has, err := ReadDeliveries(deliveriesBook(t, tc.header, tc.rows...))
			if !has {
				t.Error("the sheet is not seen")
			}
			if len(tc.errs) > 0 {
				if err == nil {
					t.Fatal("no error")
				}
				for _, e := range tc.errs {
					if !strings.Contains(err.Error(), e) {
						t.Errorf("error lacks %q:\n%v", e, err)
					}
				}
				if !strings.Contains(err.Error(), "loan.xlsx, sheet Deliveries") {
					t.Errorf("error does not name file and sheet:\n%v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, strings.Join([]string{d.ID(), d.On.Format("2006-01-02"), d.To, d.Reference, d.ObligationCell}, "|"))
				if d.File != "loan.xlsx" || !strings.HasPrefix(d.Where(), "loan.xlsx, Deliveries row ") {
					t.Errorf("where %q", d.Where())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	// a workbook without the sheet has none
	f := excelize.NewFile()
	p := filepath.Join(t.TempDir(), "none.xlsx")
	f.SaveAs(p)
	if ds, has, err := ReadDeliveries(p); err != nil || has || len(ds) != 0 {
		t.Errorf("no sheet: %v %v %v", ds, has, err)
	}
}
