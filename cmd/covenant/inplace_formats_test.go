package main

import (
	"archive/zip"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// The columns --in-place adds to the accountant's own workbook look like the
// sheet's own (issue 15, "The accountant's own workbook"): money as the
// sheet's money, text wide enough, headers styled as the header beside them
// and never clipped; a second run keeps all of it.

// inPlaceSheet is one sheet an --in-place command writes into.
type inPlaceSheet struct {
	command string
	file    string // the demo's workbook
	sheet   string
	key     string // a header of the sheet's own
	cols    []ledger.OutColumn
	// money is the sheet's own money column, whose format the amounts take
	money string
	args  func(in, out string) []string
}

var inPlaceSheets = []inPlaceSheet{
	{"monthly", "ledger-2003.xlsx", ledger.SheetPurchases, "PO Number", inPlaceColumns, "Extended Cost",
		func(in, out string) []string {
			return []string{"monthly", "--ledger", in, "--month", "2003-10", "--as-of", "2003-11-03", "--out", out, "--in-place"}
		}},
	{"certificate", "ledger-2003.xlsx", ledger.SheetInvoices, "Invoice Number", certificateInPlaceColumns, "Discounts",
		func(in, out string) []string {
			return []string{"certificate", "--ledger", in, "--quarter", "2003Q4", "--as-of", "2004-01-20", "--out", out, "--in-place"}
		}},
	{"borrowing", "loan-2002.xlsx", ledger.SheetBorrowing, "Receivables Borrowing Base", borrowingColumns, "Advances",
		func(in, out string) []string {
			return []string{"borrowing", "--loan", in, "--as-of", "2003-01-10", "--out", out, "--in-place"}
		}},
}

// sheetHeader finds the header row of a sheet (the row holding key) and its
// columns by header text (1-based).
func sheetHeader(t *testing.T, f *excelize.File, sheet, key string) (row int, cols map[string]int, rows [][]string) {
	t.Helper()
	all, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range all {
		for _, c := range r {
			if c == key {
				cols = map[string]int{}
				for j, h := range r {
					if h != "" {
						cols[h] = j + 1
					}
				}
				return i + 1, cols, all
			}
		}
	}
	t.Fatalf("sheet %s has no header %q", sheet, key)
	return
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

// styleNumFmt is a cell's number format: its code where the workbook has its
// own, else "builtin N".
func styleNumFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	idx, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(idx)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return fmt.Sprintf("builtin %d", st.NumFmt)
}

var moneyShown = regexp.MustCompile(`^\(?-?\$?\d{1,3}(,\d{3})*\.\d\d\)? ?$`)

// checkInPlaceLook checks the columns of one sheet of the workbook at path:
// each header is where it should be, in the style of the sheet's last own
// header, in a column wide enough for it (in the lines its row shows) and for
// the values; each amount is shown as money in the format of the sheet's own
// money column.
func checkInPlaceLook(t *testing.T, path string, s inPlaceSheet) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hr, cols, rows := sheetHeader(t, f, s.sheet, s.key)
	first := cols[s.cols[0].Name]
	if first == 0 {
		t.Fatalf("%s: no %s column", s.sheet, s.cols[0].Name)
	}
	neighbour, _ := f.GetCellStyle(s.sheet, cellName(first-1, hr))
	height, _ := f.GetRowHeight(s.sheet, hr)
	lines := max(1, int(height/15+0.1))
	moneyFmt := ""
	for i, oc := range s.cols {
		col := cols[oc.Name]
		if col != first+i {
			t.Errorf("%s: %s is column %d, want %d", s.sheet, oc.Name, col, first+i)
			continue
		}
		if st, _ := f.GetCellStyle(s.sheet, cellName(col, hr)); st != neighbour {
			t.Errorf("%s: the %s header's style is %d, the neighbouring header's %d", s.sheet, oc.Name, st, neighbour)
		}
		w, err := f.GetColWidth(s.sheet, colName(col))
		if err != nil {
			t.Fatal(err)
		}
		// the header, bold, in the lines of its row (a wrapped header), and
		// never narrower than its longest word
		need := xlsx.ColumnWidth(xlsx.WrappedWidth(oc.Name, lines, 11, 11, true))
		if w < need {
			t.Errorf("%s: %s is %.2f wide, its header needs %.2f", s.sheet, oc.Name, w, need)
		}
		if oc.Kind != ledger.KindMoney {
			continue
		}
		checked := 0
		for r := hr + 1; r <= len(rows); r++ {
			cell := cellName(col, r)
			shown, _ := f.GetCellValue(s.sheet, cell)
			if shown == "" {
				continue
			}
			checked++
			if !moneyShown.MatchString(shown) {
				t.Errorf("%s!%s (%s) shows %q, not money", s.sheet, cell, oc.Name, shown)
				break
			}
			if float64(len(shown)) > w {
				t.Errorf("%s!%s shows %q in a column %.2f wide", s.sheet, cell, shown, w)
				break
			}
			if moneyFmt == "" {
				moneyFmt = styleNumFmt(t, f, s.sheet, cell)
				if own := styleNumFmt(t, f, s.sheet, cellName(cols[s.money], r)); moneyFmt != own {
					t.Errorf("%s!%s: the amounts' format %q, the sheet's own %s's %q", s.sheet, cell, moneyFmt, s.money, own)
				}
			}
		}
		if checked == 0 {
			t.Errorf("%s: no amount in %s", s.sheet, oc.Name)
		}
	}
}

// packagePart returns a part of the package at path, as text.
func packagePart(t *testing.T, path, part string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == part {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("%s has no part %s", path, part)
	return ""
}

var colsOf = regexp.MustCompile(`<cols>.*?</cols>`)

// TestInPlaceColumnsLookLikeTheSheet: the demo's workbooks, after monthly,
// certificate and borrowing --in-place, show the new columns as the sheets'
// own (checkInPlaceLook); a second run of each command over them adds no
// column and changes neither the styles nor the columns' widths; and they open
// clean.
func TestInPlaceColumnsLookLikeTheSheet(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	for _, s := range inPlaceSheets {
		t.Run(s.command, func(t *testing.T) {
			path := filepath.Join(dir, s.file)
			checkInPlaceLook(t, path, s)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, before, _ := sheetHeader(t, f, s.sheet, s.key)
			f.Close()
			sheetPartName := sheetPartOf(t, path, s.sheet)
			styles, cols := packagePart(t, path, "xl/styles.xml"), colsOf.FindString(packagePart(t, path, sheetPartName))

			// again, over the workbook it wrote
			out := filepath.Join(t.TempDir(), "out")
			if code, _, stderr := runCLI(t, s.args(path, out)...); code != 0 {
				t.Fatalf("second run: exit %d: %s", code, stderr)
			}
			g, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, after, _ := sheetHeader(t, g, s.sheet, s.key)
			g.Close()
			if len(after) != len(before) {
				t.Errorf("the second run made the header %v, it was %v", after, before)
			}
			if got := packagePart(t, path, "xl/styles.xml"); got != styles {
				t.Errorf("the second run changed the styles")
			}
			if got := colsOf.FindString(packagePart(t, path, sheetPartName)); got != cols {
				t.Errorf("the second run changed the columns:\n%s\n%s", cols, got)
			}
			checkInPlaceLook(t, path, s)
		})
	}
	oracle.OpensClean(t, filepath.Join(dir, "ledger-2003.xlsx"), filepath.Join(dir, "loan-2002.xlsx"))
}

// sheetPartOf is the part of a sheet of the workbook at path.
func sheetPartOf(t *testing.T, path, sheet string) string {
	t.Helper()
	b, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sh, ok := b.Sheet(sheet)
	if !ok {
		t.Fatalf("%s has no sheet %s", path, sheet)
	}
	return sh.Part
}

// TestInPlaceColumnsWithoutFormats: in a workbook whose amounts are all
// General (the test fixtures, as excelize writes them), Net Billed and the
// borrowing amounts take #,##0.00, and every new column a width.
func TestInPlaceColumnsWithoutFormats(t *testing.T) {
	for _, c := range inPlaceCommands {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := c.fixture(t, dir)
			if code, _, stderr := runCLI(t, c.args(in, filepath.Join(dir, "out"))...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var s inPlaceSheet
			for _, is := range inPlaceSheets {
				if is.command == c.name {
					s = is
				}
			}
			f, err := excelize.OpenFile(in)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			hr, cols, rows := sheetHeader(t, f, s.sheet, s.key)
			amounts := 0
			for _, oc := range s.cols {
				col := cols[oc.Name]
				if w, _ := f.GetColWidth(s.sheet, colName(col)); w < xlsx.ColumnWidth(xlsx.TextWidth(oc.Name, 11, 11, false)) {
					t.Errorf("%s is %.2f wide", oc.Name, w)
				}
				if oc.Kind != ledger.KindMoney {
					continue
				}
				for r := hr + 1; r <= len(rows); r++ {
					cell := cellName(col, r)
					if v, _ := f.GetCellValue(s.sheet, cell); v == "" {
						continue
					}
					amounts++
					if got := styleNumFmt(t, f, s.sheet, cell); got != "builtin 4" {
						t.Errorf("%s (%s): number format %q, want #,##0.00 (builtin 4)", cell, oc.Name, got)
					}
				}
			}
			if c.name != "monthly" && amounts == 0 {
				t.Error("no amount written")
			}
			// the sheet written opens clean (excelize, which wrote the
			// fixture, leaves the other sheets' dimension at A1)
			part := sheetPartOf(t, in, s.sheet)
			probs := oracle.SchemaProblems(t, in)
			for _, p := range oracle.RuleProblems(in) {
				if strings.Contains(p, part+":") || !strings.Contains(p, "xl/worksheets/") {
					probs = append(probs, p)
				}
			}
			if len(probs) > 0 {
				t.Errorf("%d problems opening %s:\n%s", len(probs), in, strings.Join(probs, "\n"))
			}
		})
	}
}

// pdfWord is a word of a PDF page, from pdftotext -bbox.
type pdfWord struct {
	page           int
	x0, y0, x1, y1 float64
	text           string
}

var bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

func pdfWords(t *testing.T, pdf string) []pdfWord {
	t.Helper()
	oracle.Require(t, "pdftotext")
	out, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var ws []pdfWord
	for page, text := range strings.Split(string(out), "<page ") {
		for _, m := range bboxWord.FindAllStringSubmatch(text, -1) {
			var v [4]float64
			for i := range v {
				v[i], _ = strconv.ParseFloat(m[i+1], 64)
			}
			ws = append(ws, pdfWord{page, v[0], v[1], v[2], v[3], strings.ReplaceAll(strings.ReplaceAll(m[5], "&amp;", "&"), "&apos;", "'")})
		}
	}
	return ws
}

// longDateYear reports whether the word after month and day is the year of
// a date in the long form ("March", "28,"), which a reason or a quarter's
// name writes (issue 15), not an amount.
func longDateYear(month, day string) bool {
	_, err := time.Parse("January", month)
	return err == nil && regexp.MustCompile(`^\d{1,2},$`).MatchString(day)
}

// TestInPlaceHeadersPrintWhole (LibreOffice): the demo's in-place sheets,
// printed to PDF from their header row down a few lines, the new columns
// only: every word of every new header prints whole (a header too narrow for
// its word wraps it mid-word: "Borrowin g"), no header runs into the next, no
// amount prints as ### (too narrow) or without its thousands separators.
func TestInPlaceHeadersPrintWhole(t *testing.T) {
	oracle.Require(t, "soffice")
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	for _, s := range inPlaceSheets {
		t.Run(s.command, func(t *testing.T) {
			f, err := excelize.OpenFile(filepath.Join(dir, s.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			hr, cols, _ := sheetHeader(t, f, s.sheet, s.key)
			first, last := cols[s.cols[0].Name], cols[s.cols[len(s.cols)-1].Name]
			for _, name := range f.GetSheetList() {
				if name != s.sheet {
					f.DeleteSheet(name)
				}
			}
			// the header row alone, then the header and the first rows
			for _, rows := range []int{0, 6} {
				area := fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s.sheet, colName(first), hr, colName(last), hr+rows)
				f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: s.sheet})
				if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: area, Scope: s.sheet}); err != nil {
					t.Fatal(err)
				}
				p := filepath.Join(t.TempDir(), fmt.Sprintf("%s-%d.xlsx", s.command, rows))
				if err := f.SaveAs(p); err != nil {
					t.Fatal(err)
				}
				words := pdfWords(t, oracle.ToPDF(t, p))
				if rows == 0 {
					checkHeaderWords(t, words, s.cols)
					continue
				}
				amounts := 0
				for i, w := range words {
					if strings.Contains(w.text, "###") {
						t.Errorf("an amount prints as %q: its column is too narrow", w.text)
					}
					if i >= 2 && longDateYear(words[i-2].text, words[i-1].text) {
						continue // the year of a date in words: "Quarter ending March 28, 2003"
					}
					if regexp.MustCompile(`^-?\d{4,}(\.\d+)?$`).MatchString(w.text) {
						t.Errorf("an amount prints as %q, not as money", w.text)
					}
					if moneyShown.MatchString(w.text) {
						amounts++
					}
				}
				hasMoney := false
				for _, oc := range s.cols {
					hasMoney = hasMoney || oc.Kind == ledger.KindMoney
				}
				if hasMoney && amounts == 0 {
					t.Errorf("no amount printed as money: %v", words)
				}
			}
		})
	}
}

// checkHeaderWords: the header row's words are every word of the new
// headers, each whole, and no two overlap on a line.
func checkHeaderWords(t *testing.T, words []pdfWord, cols []ledger.OutColumn) {
	t.Helper()
	want := map[string]int{}
	for _, oc := range cols {
		for _, w := range strings.Fields(oc.Name) {
			want[w]++
		}
	}
	got := map[string]int{}
	for _, w := range words {
		got[w.text]++
	}
	for w, n := range want {
		if got[w] < n {
			t.Errorf("the header word %q prints %d times, want %d (wrapped mid-word?); printed: %v", w, got[w], n, got)
		}
	}
	for w := range got {
		if want[w] == 0 {
			t.Errorf("the header row prints %q, no word of a header", w)
		}
	}
	// words of a line, left to right: none runs into the next
	sort.Slice(words, func(i, j int) bool {
		if words[i].page != words[j].page {
			return words[i].page < words[j].page
		}
		if d := words[i].y1 - words[j].y1; d > 1 || d < -1 {
			return words[i].y1 < words[j].y1
		}
		return words[i].x0 < words[j].x0
	})
	for i := 1; i < len(words); i++ {
		a, b := words[i-1], words[i]
		if d := a.y1 - b.y1; a.page == b.page && d <= 1 && d >= -1 && a.x1 > b.x0+0.5 {
			t.Errorf("%q runs into %q (x %.1f > %.1f): its column is too narrow", a.text, b.text, a.x1, b.x0)
		}
	}
}
