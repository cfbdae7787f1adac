package ledger

import (
	"os"
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

// TestAppendDelivery: the row goes below the last row of an existing sheet
// (its date styled as the one above), into a new sheet when there is none,
// and under a header written into an empty one; every other sheet is kept
// and the workbook reads back (covenant, excelize).
func TestAppendDelivery(t *testing.T) {
	d := Delivery{Obligation: "monthly-2003-10", On: time.Date(2003, 11, 6, 0, 0, 0, 0, time.UTC), To: "reports@arrow.example", Reference: "Message-ID <9@x>"}
	withRows := func(t *testing.T) string {
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", "Purchases")
		f.SetCellValue("Purchases", "A1", "kept")
		f.NewSheet(SheetDeliveries)
		f.SetSheetRow(SheetDeliveries, "A1", &[]any{"Deliveries (evidence)"})
		f.SetSheetRow(SheetDeliveries, "A3", &[]any{"Reference", "Obligation", "Delivered On", "To"})
		f.SetSheetRow(SheetDeliveries, "A4", &[]any{"letter", "monthly-2003-09", time.Date(2003, 10, 3, 0, 0, 0, 0, time.UTC), "Arrow CMS"})
		st, _ := f.NewStyle(&excelize.Style{NumFmt: 15})
		f.SetCellStyle(SheetDeliveries, "C4", "C4", st)
		p := filepath.Join(t.TempDir(), "ledger.xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	without := func(t *testing.T) string {
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", "Fee Events")
		f.SetSheetRow("Fee Events", "A1", &[]any{"Event", "Date"})
		f.SetSheetRow("Fee Events", "A2", &[]any{"Execution", time.Date(2002, 10, 1, 0, 0, 0, 0, time.UTC)})
		st, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Fee Events", "B2", "B2", st)
		p := filepath.Join(t.TempDir(), "loan.xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := func(t *testing.T) string {
		f := excelize.NewFile()
		f.NewSheet(SheetDeliveries)
		p := filepath.Join(t.TempDir(), "empty.xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name   string
		book   func(t *testing.T) string
		rows   int
		cell   string // the new Delivered On cell
		format string
	}{
		{"existing sheet", withRows, 2, "C5", "d-mmm-yy"},
		{"no sheet", without, 1, "B2", "mm-dd-yy"},
		{"empty sheet", empty, 1, "B2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.book(t)
			out := filepath.Join(filepath.Dir(src), "out.xlsx")
			fo, err := os.Create(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := AppendDelivery(src, d, fo); err != nil {
				t.Fatal(err)
			}
			fo.Close()
			ds, has, err := ReadDeliveries(out)
			if err != nil || !has || len(ds) != tc.rows {
				t.Fatalf("read back %v %v %v", ds, has, err)
			}
			last := ds[len(ds)-1]
			if last.ID() != "monthly-2003-10" || !last.On.Equal(d.On) || last.To != d.To || last.Reference != d.Reference {
				t.Errorf("appended %+v", last)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			v, _ := f.GetCellValue(SheetDeliveries, tc.cell)
			if tc.format != "" && v != "11-06-03" && v != "6-Nov-03" {
				t.Errorf("%s shows %q", tc.cell, v)
			}
			if tc.name == "no sheet" {
				if got := f.GetSheetList(); strings.Join(got, ",") != "Fee Events,Deliveries" {
					t.Errorf("sheets %v", got)
				}
				if h, _ := f.GetRows(SheetDeliveries); strings.Join(h[0], ",") != "Obligation,Delivered On,To,Reference" {
					t.Errorf("header %v", h[0])
				}
			}
			if tc.name == "existing sheet" {
				if v, _ := f.GetCellValue("Purchases", "A1"); v != "kept" {
					t.Error("another sheet changed")
				}
			}
		})
	}
}
