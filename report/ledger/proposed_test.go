package ledger

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var proposedHeader = []any{"Reference", "Line", "Part Number", "Manufacturer", "Description", "Quantity", "Unit Cost", "Proposed Supplier", "Need By", "Customer Directed"}

// proposedLedger writes the smallest ledger with a Proposed sheet of rows
// under header (nil: no sheet) and the Arrow Responses rows log (nil: no
// sheet); edit changes it before it is saved.
func proposedLedger(t *testing.T, header []any, rows [][]any, log [][]any, edit func(f *excelize.File)) string {
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
		f.NewSheet(SheetProposed)
		f.SetSheetRow(SheetProposed, "A1", &[]any{"Purchases to propose to Arrow first (§1.2)"})
		f.SetSheetRow(SheetProposed, "A2", &header)
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+3)
			f.SetSheetRow(SheetProposed, cell, &r)
		}
	}
	if log != nil {
		f.NewSheet(SheetResponses)
		f.SetSheetRow(SheetResponses, "A1", &[]any{"PO Number", "PO Line", "Breakdown Sent", "Arrow Response", "Responded At"})
		for i, r := range log {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			f.SetSheetRow(SheetResponses, cell, &r)
		}
	}
	if edit != nil {
		edit(f)
	}
	p := filepath.Join(t.TempDir(), "ledger.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenProposed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header []any
		rows   [][]any
		has    bool
		want   []string
		errs   []string
	}{
		{name: "no sheet", has: false},
		{name: "as typed", header: proposedHeader, has: true, rows: [][]any{
			{"P-1", nil, "XC2S50", "Xilinx", "FPGA", 100, 3.1, "Avnet", "2003-10-20", "N"},
			{"P-1", 2, "XC9572", "Xilinx, Inc.", "", "1,000", "$0.0125", "Avnet", "10/24/2003", ""},
			{10045, 1, "LM317", "TI", "Regulator", 5, "2.50", "Future", nil, "Y"},
		}, want: []string{
			"P-1|1|XC2S50|Xilinx|FPGA|100|3.1|Avnet|2003-10-20|false|false|A3",
			"P-1|2|XC9572|Xilinx, Inc.||1000|0.0125|Avnet|2003-10-24|false|false|A4",
			"10045|1|LM317|TI|Regulator|5|2.5|Future||true|true|A5",
		}},
		{name: "columns in another order, no Line column", header: []any{"Proposed Supplier", "Reference", "Manufacturer", "Part Number", "Description", "Quantity", "Unit Cost", "Need By", "Customer Directed"}, has: true,
			rows: [][]any{{"Avnet", "P-7", "Xilinx", "XC2S50", "FPGA", 10, 3, "", ""}},
			want: []string{"P-7|1|XC2S50|Xilinx|FPGA|10|3|Avnet||false|false|B3"}},
		{name: "bad cells, each named", header: proposedHeader, has: true, rows: [][]any{
			{"", 1, "", "Xilinx", "FPGA", 0, -1, "", "someday", "maybe"},
			{"P-2", 1.5, "X", "", "", "ten", "$1.00", "Avnet", "", ""},
			{"P-3", 1, "X", "Xilinx", "", -5, 1, "Avnet", "", ""},
			{"P-4", 1, "X", "Xilinx", "", 1, 1, "Avnet", "", ""},
			{"p-4 ", nil, "X", "Xilinx", "", 1, 1, "Avnet", "", ""},
		}, errs: []string{
			"sheet Proposed, cell A3 (Reference): is blank",
			"cell C3 (Part Number): is blank",
			"cell F3 (Quantity): 0 is not a quantity to buy",
			"cell G3 (Unit Cost): -1 is below 0",
			"cell H3 (Proposed Supplier): is blank",
			"cell I3 (Need By): \"someday\" is not a date",
			"cell J3 (Customer Directed):",
			"cell B4 (Line): 1.5 is not a whole number",
			"cell D4 (Manufacturer): is blank",
			"cell F4 (Quantity): \"ten\"",
			"cell F5 (Quantity): -5 is not a quantity to buy",
			"cell B7 (Line): p-4 line 1 is proposed twice (first in row 6)",
		}},
		{name: "a column missing", header: []any{"Reference", "Line", "Part Number", "Manufacturer", "Description", "Quantity", "Unit Cost", "Need By", "Customer Directed"}, has: true,
			errs: []string{`sheet Proposed: the header row (row 2) has no "Proposed Supplier" column`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := proposedLedger(t, tc.header, tc.rows, nil, nil)
			l, err := Open(p)
			if len(tc.errs) > 0 {
				if err == nil {
					l.Close()
					t.Fatal("no error")
				}
				for _, want := range tc.errs {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error lacks %q:\n%v", want, err)
					}
				}
				var es *Errors
				if errors.As(err, &es) && es.Count != len(tc.errs) {
					t.Errorf("%d problems, want %d:\n%v", es.Count, len(tc.errs), err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if l.HasProposed != tc.has {
				t.Errorf("HasProposed %v", l.HasProposed)
			}
			var got []string
			for _, p := range l.Proposed {
				need := ""
				if !p.NeedBy.IsZero() {
					need = p.NeedBy.Format("2006-01-02")
				}
				got = append(got, fmt.Sprintf("%s|%d|%s|%s|%s|%s|%s|%s|%s|%v|%v|%s", p.Reference, p.Line, p.PartNumber, p.Manufacturer, p.Description,
					p.Quantity, p.UnitCost, p.Supplier, need, p.CustomerDirected, p.ReferenceNumber, p.ReferenceCell))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("proposed\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tc.want, "\n     "))
			}
			if err := l.ProposedRequired(); (err == nil) != tc.has {
				t.Errorf("ProposedRequired: %v", err)
			}
		})
	}
}

// TestBreakdownForAProposedPO: a breakdown logged for a PO still on the
// Proposed sheet is no typo; one for a PO on neither sheet is.
func TestBreakdownForAProposedPO(t *testing.T) {
	rows := [][]any{{"P-1", 1, "X", "Vishay", "", 1, 1, "Avnet", "", ""}}
	log := [][]any{
		{"P-1", 1, "2003-10-06 09:00", "", ""},
		{"P-1", nil, "2003-10-06 09:00", "", ""},
		{"P-1", 2, "2003-10-06 09:00", "", ""},
		{"P-9", 1, "2003-10-06 09:00", "", ""},
	}
	l, err := Open(proposedLedger(t, proposedHeader, rows, log, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	err = l.Purchases(func(*POLine) {})
	for _, want := range []string{
		"cell B4 (PO Line): P-1 has no line 2 on the Purchases sheet",
		"cell A5 (PO Number): P-9 is not a PO Number on the Purchases sheet nor a Reference on the Proposed sheet",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	var es *Errors
	if errors.As(err, &es) && es.Count != 2 {
		t.Errorf("%d problems, want 2: %v", es.Count, err)
	}
}

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// rewrite writes the ledger at path through fn into a new file beside it
// and opens that.
func rewrite(t *testing.T, path string, fn func(l *Ledger, w io.Writer) error) (*Ledger, []byte) {
	t.Helper()
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = fn(l, &buf)
	l.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.xlsx")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	l2, err := Open(out)
	if err != nil {
		t.Fatalf("the rewritten ledger does not open: %v", err)
	}
	return l2, buf.Bytes()
}

// TestAppendBreakdowns: rows go below the log's last row with the formats of
// its cells; every other part is copied byte for byte; the ledger reads them
// back as written.
func TestAppendBreakdowns(t *testing.T) {
	rows := [][]any{{"P-1", 1, "X", "Vishay", "", 1, 1, "Avnet", "", ""}, {10045, 2, "X", "Vishay", "", 1, 1, "Avnet", "", ""}}
	for _, tc := range []struct {
		name string
		log  [][]any
		edit func(f *excelize.File)
		// the formats wanted of the new Breakdown Sent cells
		wantFormat string
		first      int
	}{
		{name: "an empty log: a date-time format added", log: [][]any{}, wantFormat: "m/d/yy h:mm", first: 2},
		{name: "the format of the column's last cell", log: [][]any{{"PO-1", 1, at(2003, 1, 2, 9, 0), "Approve", at(2003, 1, 2, 10, 0)}},
			edit: func(f *excelize.File) {
				fmtDT := "yyyy-mm-dd hh:mm"
				st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDT, Font: &excelize.Font{Bold: true}})
				f.SetCellStyle(SheetResponses, "C2", "C2", st)
			}, wantFormat: "yyyy-mm-dd hh:mm", first: 3},
		{name: "a date-only column: a copy showing the time", log: [][]any{{"PO-1", 1, at(2003, 1, 2, 9, 0), "", ""}},
			edit: func(f *excelize.File) {
				st, _ := f.NewStyle(&excelize.Style{NumFmt: 14, Font: &excelize.Font{Italic: true}})
				f.SetCellStyle(SheetResponses, "C2", "C2", st)
			}, wantFormat: "m/d/yy h:mm", first: 3},
		{name: "rows formatted in advance are used", log: [][]any{{"PO-1", 1, at(2003, 1, 2, 9, 0), "", ""}},
			edit: func(f *excelize.File) {
				fmtDT := "d mmm yyyy h:mm"
				st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDT})
				f.SetCellStyle(SheetResponses, "C3", "C40", st)
			}, wantFormat: "d mmm yyyy h:mm", first: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := proposedLedger(t, proposedHeader, rows, tc.log, tc.edit)
			before, _ := os.ReadFile(path)
			add := []NewBreakdown{
				{PONumber: "P-1", POLine: 1, Sent: at(2003, 10, 6, 9, 0)},
				{PONumber: "10045", PONumberIsNumber: true, POLine: 2, Sent: at(2003, 10, 6, 9, 1)},
			}
			var nums []int
			l, data := rewrite(t, path, func(l *Ledger, w io.Writer) (err error) {
				nums, err = l.AppendBreakdowns(w, add)
				return err
			})
			defer l.Close()
			if fmt.Sprint(nums) != fmt.Sprint([]int{tc.first, tc.first + 1}) {
				t.Errorf("rows written %v", nums)
			}
			n := len(tc.log)
			if len(l.Breakdowns) != n+2 {
				t.Fatalf("%d breakdowns read back, want %d", len(l.Breakdowns), n+2)
			}
			for i, want := range []string{"P-1|1|2003-10-06 09:00|", "10045|2|2003-10-06 09:01|"} {
				b := l.Breakdowns[n+i]
				got := fmt.Sprintf("%s|%d|%s|%s", b.PONumber, b.POLine, b.Sent.Format("2006-01-02 15:04"), b.Response)
				if got != want || b.Row != tc.first+i {
					t.Errorf("row %d read back %q, want %q at row %d", b.Row, got, want, tc.first+i)
				}
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for i := 0; i < 2; i++ {
				cell := fmt.Sprintf("C%d", tc.first+i)
				st, _ := f.GetCellStyle(SheetResponses, cell)
				s, _ := f.GetStyle(st)
				code := ""
				if s.CustomNumFmt != nil {
					code = *s.CustomNumFmt
				} else if s.NumFmt == 22 {
					code = "m/d/yy h:mm"
				}
				if code != tc.wantFormat {
					t.Errorf("%s format %q (numFmt %d), want %q", cell, code, s.NumFmt, tc.wantFormat)
				}
				if v, _ := f.GetCellValue(SheetResponses, fmt.Sprintf("A%d", tc.first+i)); v != add[i].PONumber {
					t.Errorf("A%d = %q", tc.first+i, v)
				}
			}
			if typ, _ := f.GetCellType(SheetResponses, fmt.Sprintf("A%d", tc.first+1)); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("the numeric reference is written as %v", typ)
			}
			unchangedParts(t, before, data, "xl/worksheets/sheet4.xml", "xl/styles.xml")
			// the sheet's dimension covers the rows appended
			sheet := partOf(t, data, "xl/worksheets/sheet4.xml")
			m := regexp.MustCompile(`<dimension ref="A1:E(\d+)"`).FindSubmatch(sheet)
			if last := 0; m == nil || func() bool { fmt.Sscan(string(m[1]), &last); return last < tc.first+1 }() {
				t.Errorf("the dimension does not reach row %d:\n%.300s", tc.first+1, sheet)
			}
		})
	}
}

// partOf is a part of the package data.
func partOf(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == name {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			return b
		}
	}
	t.Fatalf("no part %s", name)
	return nil
}

// unchangedParts fails unless every part of b but those named is a's byte for byte.
func unchangedParts(t *testing.T, a, b []byte, changed ...string) {
	t.Helper()
	za, _ := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	zb, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	skip := map[string]bool{}
	for _, c := range changed {
		skip[c] = true
	}
	parts := map[string]*zip.File{}
	for _, f := range zb.File {
		parts[f.Name] = f
	}
	for _, f := range za.File {
		if skip[f.Name] {
			continue
		}
		g, ok := parts[f.Name]
		if !ok {
			t.Errorf("part %s is lost", f.Name)
			continue
		}
		ra, _ := f.Open()
		rb, _ := g.Open()
		da, _ := io.ReadAll(ra)
		db, _ := io.ReadAll(rb)
		if !bytes.Equal(da, db) {
			t.Errorf("part %s changed", f.Name)
		}
	}
}

// TestWriteAnswer: the response and its time go into the row; a row that
// holds an answer, or a time before the breakdown was sent, is refused
// naming the row.
func TestWriteAnswer(t *testing.T) {
	rows := [][]any{{"P-1", 1, "X", "Vishay", "", 1, 1, "Avnet", "", ""}, {"P-1", 2, "X", "Vishay", "", 1, 1, "Avnet", "", ""}}
	log := [][]any{
		{"P-1", 1, at(2003, 10, 6, 9, 0), "", ""},
		{"P-1", 2, at(2003, 10, 6, 9, 0), "Meet", at(2003, 10, 6, 11, 0)},
	}
	path := proposedLedger(t, proposedHeader, rows, log, func(f *excelize.File) {
		fmtDT := "m/d/yyyy h:mm"
		st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDT})
		f.SetCellStyle(SheetResponses, "C2", "C3", st)
		f.SetCellStyle(SheetResponses, "E3", "E3", st)
	})
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	open, answered := l.Breakdowns[0], l.Breakdowns[1]
	for _, tc := range []struct {
		b    Breakdown
		at   time.Time
		want string
	}{
		{answered, at(2003, 10, 6, 12, 0), "row 3: the breakdown for P-1 line 2 sent 2003-10-06 09:00 already holds Arrow's answer, Meet on 2003-10-06 11:00"},
		{open, at(2003, 10, 6, 8, 59), "row 2: the breakdown for P-1 line 1 sent 2003-10-06 09:00: the answer's time 2003-10-06 08:59 is before the breakdown was sent"},
	} {
		var ae *AnswerError
		if err := l.WriteAnswer(io.Discard, tc.b, ResponseApprove, tc.at); !errors.As(err, &ae) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an AnswerError with %q", err, tc.want)
		}
	}
	l.Close()
	l2, data := rewrite(t, path, func(l *Ledger, w io.Writer) error {
		return l.WriteAnswer(w, open, ResponseApprove, at(2003, 10, 7, 8, 30))
	})
	defer l2.Close()
	b := l2.Breakdowns[0]
	if b.Response != ResponseApprove || !b.RespondedAt.Equal(at(2003, 10, 7, 8, 30)) || !b.Sent.Equal(at(2003, 10, 6, 9, 0)) {
		t.Errorf("read back %+v", b)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	defer f.Close()
	if v, _ := f.GetCellValue(SheetResponses, "E2"); v != "10/7/2003 8:30" {
		t.Errorf("Responded At shows %q", v)
	}
	if v, _ := f.GetCellValue(SheetResponses, "D2"); v != "Approve" {
		t.Errorf("Arrow Response %q", v)
	}
}

// TestLogWithoutSheet: no Arrow Responses sheet to write into is said so.
func TestLogWithoutSheet(t *testing.T) {
	l, err := Open(proposedLedger(t, proposedHeader, nil, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = l.AppendBreakdowns(io.Discard, []NewBreakdown{{PONumber: "P-1", POLine: 1, Sent: at(2003, 10, 6, 9, 0)}})
	if err == nil || !strings.Contains(err.Error(), `no sheet named "Arrow Responses"`) {
		t.Errorf("got %v", err)
	}
}

// TestProposedCSV: a folder of CSV files reads Proposed.csv as the sheet,
// with every problem named by its file and line; the log cannot be written
// into a folder.
func TestProposedCSV(t *testing.T) {
	purchases := "PO Number,PO Line,PO Date,Supplier,Manufacturer,Part Number,Description,Quantity,Unit Cost,Confirmed Delivery Date,Customer Directed,Credit Limit Exception\n" +
		"PO-1,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n"
	franchise := "Manufacturer,Authorized From,Authorized Until\nVishay,,\n"
	log := "PO Number,PO Line,Breakdown Sent,Arrow Response,Responded At\nP-1,1,2003-10-06 09:00,,\n"
	proposed := "Reference;Part Number;Manufacturer;Description;Quantity;Unit Cost;Proposed Supplier;Need By;Customer Directed\n" +
		"P-1;X1;Vishay;\"MOSFET; N-channel\";100;$0.4200;Avnet;10/20/2003;N\n" +
		"P-2;X2;Vishay;;0;1;Avnet;;\n"
	dir := writeFolder(t, "east", map[string][]byte{"Purchases.csv": []byte(purchases), "Franchise.csv": []byte(franchise),
		"Arrow Responses.csv": []byte(log), "Proposed.csv": []byte(proposed)})
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join("east", "Proposed.csv")+", line 3 (Quantity): 0 is not a quantity to buy") {
		t.Fatalf("got %v", err)
	}
	os.WriteFile(filepath.Join(dir, "Proposed.csv"), []byte(strings.Replace(proposed, ";0;1;", ";5;1;", 1)), 0o644)
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if len(l.Proposed) != 2 || l.Proposed[0].Description != "MOSFET; N-channel" || l.Proposed[0].UnitCost.String() != "0.42" || l.Proposed[0].Line != 1 {
		t.Errorf("proposed %+v", l.Proposed)
	}
	// the breakdown for P-1, not yet a PO, is no typo
	if err := l.Purchases(func(*POLine) {}); err != nil {
		t.Errorf("purchases: %v", err)
	}
	if _, err := l.AppendBreakdowns(io.Discard, []NewBreakdown{{PONumber: "P-2", POLine: 1, Sent: at(2003, 10, 6, 9, 0)}}); err == nil || !strings.Contains(err.Error(), "is a folder of CSV files") {
		t.Errorf("appending to a folder: %v", err)
	}
}
