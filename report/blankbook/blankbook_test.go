package blankbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/ledger"
)

var made = time.Date(2003, 1, 6, 9, 30, 0, 0, time.UTC)

func books() []Book { return []Book{LedgerBook(), LoanBook()} }

func write(t *testing.T, b Book) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := b.Write(&buf, made); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// wantFormat is the number format a column of each kind must carry.
var wantFormat = map[ledger.Kind]string{
	ledger.KindText: "@", ledger.KindWhole: "0", ledger.KindNumber: "#,##0.####;-#,##0.####;0",
	ledger.KindMoney: "#,##0.00##;(#,##0.00##);0.00", ledger.KindDate: "m/d/yyyy", ledger.KindDateTime: "m/d/yyyy h:mm", ledger.KindTime: "h:mm",
	ledger.KindPercent: "0.00##", ledger.KindFlag: "General", ledger.KindChoice: "General",
}

func numFmt(t *testing.T, f *excelize.File, style int) string {
	t.Helper()
	st, err := f.GetStyle(style)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	switch st.NumFmt {
	case 0:
		return "General"
	case 1:
		return "0"
	case 49:
		return "@"
	}
	return fmt.Sprintf("built-in %d", st.NumFmt)
}

// TestBlankBooks: each blank workbook has the Read Me sheet first, then every
// sheet the readers know with its header row alone, frozen, each column
// formatted for its kind, wide enough for its header, the yes/no and choice
// columns with their drop-down lists, whole numbers and rates with their
// ranges; and the Read Me explains every column with its clause, optional ones
// marked so.
func TestBlankBooks(t *testing.T) {
	for _, b := range books() {
		t.Run(b.Flag, func(t *testing.T) {
			f := open(t, write(t, b))
			want := []string{ReadMe}
			for _, s := range b.Sheets {
				want = append(want, s.Name)
			}
			if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Fatalf("sheets %q, want %q", got, want)
			}
			if f.GetActiveSheetIndex() != 0 {
				t.Errorf("the workbook opens on sheet %d, not the Read Me", f.GetActiveSheetIndex())
			}
			for _, s := range b.Sheets {
				checkSheet(t, f, s)
			}
			checkReadMe(t, f, b)
		})
	}
}

func checkSheet(t *testing.T, f *excelize.File, s ledger.SheetSpec) {
	rows, err := f.GetRows(s.Name)
	if err != nil {
		t.Fatal(err)
	}
	var hdr []string
	for _, c := range s.Columns {
		hdr = append(hdr, c.Name)
	}
	if len(rows) != 1 || strings.Join(rows[0], "|") != strings.Join(hdr, "|") {
		t.Errorf("%s holds %q, want the header %q alone", s.Name, rows, hdr)
	}
	panes, err := f.GetPanes(s.Name)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("%s: panes %+v, want the header row frozen", s.Name, panes)
	}
	dvs, err := f.GetDataValidations(s.Name)
	if err != nil {
		t.Fatal(err)
	}
	bySqref := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		bySqref[dv.Sqref] = dv
	}
	for i, c := range s.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		where := s.Name + "!" + col + " (" + c.Name + ")"
		style, err := f.GetColStyle(s.Name, col)
		if err != nil {
			t.Fatal(err)
		}
		if got := numFmt(t, f, style); got != wantFormat[c.Kind] {
			t.Errorf("%s: format %q, want %q", where, got, wantFormat[c.Kind])
		}
		width, _ := f.GetColWidth(s.Name, col)
		longest := 0
		for _, w := range strings.Fields(c.Name) {
			longest = max(longest, len(w))
		}
		if width < math.Ceil(float64(longest)*1.1) || width < float64(len(c.Name))/2 || width > 40 {
			t.Errorf("%s: width %.1f for the header %q", where, width, c.Name)
		}
		dv := bySqref[fmt.Sprintf("%s2:%s1048576", col, col)]
		switch c.Kind {
		case ledger.KindFlag, ledger.KindChoice:
			want := `"` + strings.Join(c.Choices, ",") + `"`
			if dv == nil || dv.Type != "list" || dv.Formula1 != want || dv.ErrorStyle == nil || *dv.ErrorStyle != "stop" || !dv.AllowBlank {
				t.Errorf("%s: validation %+v, want a drop-down of %s", where, dv, want)
			}
		case ledger.KindWhole:
			if dv == nil || dv.Type != "whole" || dv.Formula1 != "1" {
				t.Errorf("%s: validation %+v, want whole numbers from 1", where, dv)
			}
		case ledger.KindPercent:
			if dv == nil || dv.Type != "decimal" || dv.Formula1 != "1" || dv.Formula2 != "99.99" {
				t.Errorf("%s: validation %+v, want a rate in percent", where, dv)
			}
		default:
			if dv != nil {
				t.Errorf("%s: unexpected validation %+v", where, dv)
			}
		}
	}
	pl, err := f.GetPageLayout(s.Name)
	if err != nil || pl.Size == nil || *pl.Size != 1 || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("%s is not set to Letter, one page wide: %+v", s.Name, pl)
	}
}

func checkReadMe(t *testing.T, f *excelize.File, b Book) {
	rows, err := f.GetRows(ReadMe)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || rows[0][0] != b.Title {
		t.Fatalf("the Read Me starts %q", rows)
	}
	text := func(r []string, i int) string {
		if i < len(r) {
			return r[i]
		}
		return ""
	}
	found := map[string][]string{}
	for _, r := range rows {
		found[text(r, 0)+"\x00"+text(r, 1)] = r
	}
	all := ""
	for _, r := range rows {
		all += strings.Join(r, " ") + "\n"
	}
	if !strings.Contains(all, b.Flag+" FILE") {
		t.Errorf("the Read Me does not say to give the workbook with %s", b.Flag)
	}
	for _, s := range b.Sheets {
		r, ok := found[s.Name+"\x00(the sheet)"]
		if !ok || text(r, 3) != s.Help || text(r, 4) != s.Clause {
			t.Errorf("Read Me: sheet %s explained as %q", s.Name, r)
		}
		for _, c := range s.Columns {
			r, ok := found[s.Name+"\x00"+c.Name]
			if !ok {
				t.Errorf("Read Me: no row for %s / %s", s.Name, c.Name)
				continue
			}
			req := "required column"
			if c.Optional {
				req = "optional column"
			}
			if text(r, 2) != req || !strings.HasPrefix(text(r, 3), c.Help) || text(r, 4) != c.Clause {
				t.Errorf("Read Me: %s / %s reads %q, want %q, its help and %s", s.Name, c.Name, r, req, c.Clause)
			}
			if c.Optional && !strings.Contains(text(r, 3), "may be left out") {
				t.Errorf("Read Me: optional %s / %s does not say it may be left out", s.Name, c.Name)
			}
			for _, ch := range c.Choices {
				if !strings.Contains(text(r, 3), ch) {
					t.Errorf("Read Me: %s / %s does not name the choice %q", s.Name, c.Name, ch)
				}
			}
		}
	}
}

// TestBlankBooksReproducible: the same creation time gives the same bytes
// (the release archives hold them); the time is the workbook's own.
func TestBlankBooksReproducible(t *testing.T) {
	for _, b := range books() {
		one, two := write(t, b), write(t, b)
		if !bytes.Equal(one, two) {
			t.Errorf("%s: two writes differ", b.Flag)
		}
		zr, err := zip.NewReader(bytes.NewReader(one), int64(len(one)))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if zf.Name != "docProps/core.xml" {
				continue
			}
			rc, _ := zf.Open()
			core, _ := io.ReadAll(rc)
			rc.Close()
			for _, want := range []string{"<dcterms:created xsi:type=\"dcterms:W3CDTF\">2003-01-06T09:30:00Z", "<cp:lastModifiedBy>covenant<", "<dc:title>" + b.Title[:20]} {
				if !strings.Contains(string(core), want) {
					t.Errorf("%s: core properties %s lack %s", b.Flag, core, want)
				}
			}
		}
	}
}

// TestBlankBooksRead: the readers take the blank workbooks as they are: a
// ledger with no PO line, an empty line card and logs; a loan workbook with no
// fee event or payment; the Borrowing sheet is refused by name for having no
// row, as covenant borrowing needs one.
func TestBlankBooksRead(t *testing.T) {
	dir := t.TempDir()
	lp := save(t, dir, "ledger.xlsx", write(t, LedgerBook()))
	l, err := ledger.Open(lp)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := l.Purchases(func(*ledger.POLine) { n++ }); err != nil {
		t.Fatal(err)
	}
	if n != 0 || len(l.LineCard) != 0 || len(l.Breakdowns) != 0 || len(l.Invoices) != 0 || !l.HasResponses || !l.HasInvoices || len(l.Warnings) != 0 {
		t.Errorf("blank ledger read as %d lines, %+v", n, l)
	}
	l.Close()

	np := save(t, dir, "loan.xlsx", write(t, LoanBook()))
	lf, err := ledger.ReadLoanFees(np)
	if err != nil {
		t.Fatal(err)
	}
	if !lf.HasEvents || !lf.HasPayments || len(lf.Events)+len(lf.Payments) != 0 {
		t.Errorf("blank loan workbook read as %+v", lf)
	}
	_, err = ledger.OpenBorrowing(np)
	if err == nil || !strings.Contains(err.Error(), "loan.xlsx, sheet Borrowing: has no data rows below the header (row 1)") || !ledger.IsInputError(err) {
		t.Errorf("blank Borrowing sheet: %v", err)
	}
}

func save(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFilledBlankBooksRead: values typed into the blank workbooks, one of each
// kind in every column and every choice of every drop-down, are read back by
// the readers without a problem: the formats and lists offer nothing the
// readers refuse.
func TestFilledBlankBooksRead(t *testing.T) {
	dir := t.TempDir()
	jan15 := time.Date(2003, 1, 15, 0, 0, 0, 0, time.UTC)
	paths := map[string]string{}
	for _, b := range books() {
		f := open(t, write(t, b))
		for _, s := range b.Sheets {
			rows := 1
			for _, c := range s.Columns {
				rows = max(rows, len(c.Choices))
			}
			for i := 0; i < rows; i++ {
				for j, c := range s.Columns {
					var v any
					switch c.Kind {
					case ledger.KindText:
						v = "X"
						if c.Name == "PO Number" {
							v = "PO-1"
						}
					case ledger.KindWhole:
						v = i + 1
					case ledger.KindNumber:
						v = 2.5
					case ledger.KindMoney:
						v = 1234.5
					case ledger.KindDate:
						v = jan15
					case ledger.KindDateTime:
						v = jan15.Add(14*time.Hour + 30*time.Minute)
					case ledger.KindFlag, ledger.KindChoice:
						v = c.Choices[i%len(c.Choices)]
					case ledger.KindTime:
						v = 16.25 / 24 // 16:15
					case ledger.KindPercent:
						v = 4.75
					default:
						t.Fatalf("%s / %s: kind %d", s.Name, c.Name, c.Kind)
					}
					cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
					if err := f.SetCellValue(s.Name, cell, v); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		p := filepath.Join(dir, strings.TrimPrefix(b.Flag, "--")+".xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		paths[b.Flag] = p
	}

	l, err := ledger.Open(paths["--ledger"])
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var lines []ledger.POLine
	if err := l.Purchases(func(line *ledger.POLine) { lines = append(lines, *line) }); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || !lines[0].CustomerDirected || lines[1].CustomerDirected || !lines[0].PODate.Equal(jan15) ||
		lines[0].POTime.Format("2006-01-02 15:04") != "2003-01-15 16:15" ||
		lines[0].UnitCost.String() != "1234.5" || lines[0].Quantity.String() != "2.5" || lines[0].PONumber != "PO-1" {
		t.Errorf("Purchases read as %+v", lines)
	}
	if len(l.Breakdowns) != 2 || l.Breakdowns[0].Response != ledger.ResponseMeet || l.Breakdowns[1].Response != ledger.ResponseApprove ||
		l.Breakdowns[0].Sent.Hour() != 14 {
		t.Errorf("Arrow Responses read as %+v", l.Breakdowns)
	}
	if len(l.LineCard) != 1 || len(l.Invoices) != 1 || l.Invoices[0].Returns.String() != "1234.5" {
		t.Errorf("line card %+v, invoices %+v", l.LineCard, l.Invoices)
	}

	lf, err := ledger.ReadLoanFees(paths["--loan"])
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, e := range lf.Events {
		events = append(events, e.Event)
	}
	if strings.Join(events, "|") != strings.Join(ledger.FeeEventNames, "|") || len(lf.Payments) != 1 {
		t.Errorf("fee events %q, payments %+v", events, lf.Payments)
	}
	bw, err := ledger.OpenBorrowing(paths["--loan"])
	if err != nil {
		t.Fatal(err)
	}
	defer bw.Close()
	if len(bw.Rows) != 1 || bw.Rows[0].PrimeRate.String() != "4.75" || len(bw.Warnings) != 0 {
		t.Errorf("Borrowing read as %+v, warnings %q", bw.Rows, bw.Warnings)
	}
}
