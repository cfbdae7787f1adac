package ledger

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// purchasesBook writes a ledger whose Purchases sheet has the required columns,
// then extra (e.g. "PO Time"), and one data row per element of rows: PO Date
// first, then the values of the extra columns.
func purchasesBook(t *testing.T, extra []string, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", SheetPurchases)
	hdr := []any{ColPONumber, ColPOLine, ColPODate, ColSupplier, ColManufacturer, ColPartNumber, ColDescription,
		ColQuantity, ColUnitCost, ColConfirmed, ColCustomerDirected, ColCreditLimit}
	for _, e := range extra {
		hdr = append(hdr, e)
	}
	f.SetSheetRow(SheetPurchases, "A1", &hdr)
	timeStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 20}) // h:mm
	for i, r := range rows {
		row := []any{"PO-1", i + 1, r[0], "Avnet", "Vishay", "P", "D", 1, 2, nil, "N", "N"}
		row = append(row, r[1:]...)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(SheetPurchases, cell, &row); err != nil {
			t.Fatal(err)
		}
		for j, v := range r[1:] {
			if x, ok := v.(float64); ok && x < 1 {
				c, _ := excelize.CoordinatesToCellName(13+j, i+2)
				f.SetCellStyle(SheetPurchases, c, c, timeStyle)
			}
		}
	}
	f.NewSheet(SheetFranchise)
	f.SetSheetRow(SheetFranchise, "A1", &[]any{"Manufacturer", "Authorized From", "Authorized Until"})
	f.SetSheetRow(SheetFranchise, "A2", &[]any{"Vishay", "2002-01-01", nil})
	p := filepath.Join(t.TempDir(), "ledger.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func readLines(t *testing.T, path string) ([]POLine, error) {
	t.Helper()
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var out []POLine
	err = l.Purchases(func(line *POLine) { out = append(out, *line) })
	return out, err
}

// TestPOTime: the commitment instant of §1.2 comes from a date-time PO Date or
// from the PO Time column; without either it is unknown (zero) and the PO Date
// is the day alone.
func TestPOTime(t *testing.T) {
	oct22 := time.Date(2003, 10, 22, 0, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return oct22.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	tests := []struct {
		name  string
		extra []string
		row   []any
		want  time.Time // zero: no time known
		err   string
	}{
		{"a date alone", nil, []any{oct22}, time.Time{}, ""},
		{"a date as text", nil, []any{"10/22/2003"}, time.Time{}, ""},
		{"a date-time cell", nil, []any{at(14, 30)}, at(14, 30), ""},
		{"a date-time as text", nil, []any{"2003-10-22 14:30"}, at(14, 30), ""},
		{"a date-time as US text", nil, []any{"10/22/2003 2:30 PM"}, at(14, 30), ""},
		{"a date-time just after midnight", nil, []any{at(0, 1)}, at(0, 1), ""},
		{"a date-time just before midnight", nil, []any{at(23, 59)}, at(23, 59), ""},
		{"PO Time as a time cell", []string{ColPOTime}, []any{oct22, 14.5 / 24}, at(14, 30), ""},
		{"PO Time as text", []string{ColPOTime}, []any{oct22, "2:30 PM"}, at(14, 30), ""},
		{"PO Time as 24-hour text", []string{ColPOTime}, []any{"2003-10-22", "09:05"}, at(9, 5), ""},
		{"PO Time midnight is a time", []string{ColPOTime}, []any{oct22, "00:00"}, oct22, ""},
		{"PO Time as a date-time on the PO date", []string{ColPOTime}, []any{oct22, at(16, 0)}, at(16, 0), ""},
		{"PO Time blank", []string{ColPOTime}, []any{oct22, nil}, time.Time{}, ""},
		{"PO Time blank, PO Date with time", []string{ColPOTime}, []any{at(8, 15), nil}, at(8, 15), ""},
		{"both, the same", []string{ColPOTime}, []any{at(8, 15), "8:15"}, at(8, 15), ""},
		{"header spelled otherwise", []string{"po time"}, []any{oct22, "11:00"}, at(11, 0), ""},
		{"both, different", []string{ColPOTime}, []any{at(8, 15), "9:15"}, time.Time{},
			"ledger.xlsx, sheet Purchases, cell M2 (PO Time): 09:15 differs from the time in the PO Date cell C2 (2003-10-22 08:15): keep one of the two"},
		{"PO Time on another day", []string{ColPOTime}, []any{oct22, time.Date(2003, 10, 23, 9, 0, 0, 0, time.UTC)}, time.Time{},
			"cell M2 (PO Time): 2003-10-23 09:00 is not on the PO Date 2003-10-22"},
		{"PO Time not a time", []string{ColPOTime}, []any{oct22, "noon"}, time.Time{},
			`cell M2 (PO Time): "noon" is not a time of day (write 14:30 or 2:30 PM)`},
		{"PO Time 25:00", []string{ColPOTime}, []any{oct22, "25:00"}, time.Time{}, `"25:00" is not a time of day`},
		{"PO Time a yes/no", []string{ColPOTime}, []any{oct22, true}, time.Time{}, "is not a time of day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := readLines(t, purchasesBook(t, tt.extra, tt.row))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				if !IsInputError(err) {
					t.Errorf("%v is not an input error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != 1 {
				t.Fatalf("%d lines", len(lines))
			}
			l := lines[0]
			if !l.PODate.Equal(oct22) {
				t.Errorf("PO Date %v, want the day 2003-10-22", l.PODate)
			}
			if !l.POTime.Equal(tt.want) || l.POTime.IsZero() != tt.want.IsZero() {
				t.Errorf("PO time %v, want %v", l.POTime, tt.want)
			}
			if l.ManufacturerCell() != "E2" {
				t.Errorf("manufacturer cell %q", l.ManufacturerCell())
			}
		})
	}
}

// TestDateTimeInADateColumn: where a date is asked, a date-time is read as its
// date, typed as a number or as text; a text that is no date keeps the date's
// message.
func TestDateTimeInADateColumn(t *testing.T) {
	f := func(confirmed any) string {
		p := purchasesBook(t, nil, []any{"2003-10-22"})
		b, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b.SetCellValue(SheetPurchases, "J2", confirmed)
		if err := b.Save(); err != nil {
			t.Fatal(err)
		}
		b.Close()
		return p
	}
	for _, tt := range []struct {
		in   any
		want string
		err  string
	}{
		{"2003-11-03 14:30", "2003-11-03", ""},
		{time.Date(2003, 11, 3, 14, 30, 0, 0, time.UTC), "2003-11-03", ""},
		{"11/3/2003", "2003-11-03", ""},
		{"2003-11-31 10:00", "", "is not a date (November 2003 has 30 days)"},
		{"soon", "", `"soon" is not a date (write 2003-01-15 or 1/15/2003)`},
	} {
		lines, err := readLines(t, f(tt.in))
		if tt.err != "" {
			var es *Errors
			if !errors.As(err, &es) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%v: error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || len(lines) != 1 || lines[0].ConfirmedDelivery.Format("2006-01-02 15:04:05") != tt.want+" 00:00:00" {
			t.Errorf("%v: %+v, %v", tt.in, lines, err)
		}
	}
}
