package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
)

// demoReports are the reports the demo writes; everyReport adds the
// breakdown to Arrow (writeBreakdown), which the demo does not send: every
// report is held to issue 15's rules (printed pages, amounts, protection).
var (
	demoReports = []string{"monthly-2003-10.xlsx", "certificate-2003Q4.xlsx", "loanfee.xlsx", "borrowing.xlsx", "status-2003-09-10.xlsx"}
	everyReport = append(append([]string{}, demoReports...), "breakdown.xlsx")
)

// minPrintScale is the smallest scale a report's page may print at (issue 15:
// Schedule B printed at 60 %, too small to read).
const minPrintScale = 0.85

// printedSheets are the sheets of a workbook that print, with the text of
// their A1 cell and its font size (what measures a page's scale).
func printedSheets(t *testing.T, path string) []oracle.PrintedSheet {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []oracle.PrintedSheet
	for _, sh := range f.GetSheetList() {
		if v, _ := f.GetSheetVisible(sh); !v {
			continue
		}
		title, _ := f.GetCellValue(sh, "A1")
		size := 11.0
		if st, err := f.GetCellStyle(sh, "A1"); err == nil {
			if s, err := f.GetStyle(st); err == nil && s.Font != nil && s.Font.Size > 0 {
				size = s.Font.Size
			}
		}
		out = append(out, oracle.PrintedSheet{Name: sh, Title: title, TitleSize: size})
	}
	return out
}

// TestPrintedReports prints every report of the demo to PDF with LibreOffice
// and reads the pages back: no two words drawn over one another (a row lower
// than its wrapped text, a part number running into the next column), every
// sheet at 85 % or more, no program code where a person reads words, and no
// yyyy-mm-dd inside a sentence (issue 15: the long form there, "October 22,
// 2003 at 8:00 AM"; yyyy-mm-dd is the tables' style, in a cell of its own).
func TestPrintedReports(t *testing.T) {
	oracle.Require(t, "soffice")
	oracle.Require(t, "pdftotext")
	dir := filepath.Join(t.TempDir(), "demo")
	if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	// and the breakdown to Arrow (issue 17), which the demo does not send
	writeBreakdown(t, dir)
	for _, name := range everyReport {
		t.Run(strings.TrimSuffix(name, ".xlsx"), func(t *testing.T) {
			path := filepath.Join(dir, name)
			pdf := oracle.ToPDF(t, path)
			if w, h := oracle.PDFPageSize(t, pdf); !(w == 612 && h == 792 || w == 792 && h == 612) {
				t.Errorf("page size %.0f x %.0f, want Letter", w, h)
			}
			// every page, a continuation too, names the company in its header
			if pages := oracle.PagesWithoutHeader(t, pdf, "IEC Electronics Corp."); len(pages) > 0 {
				t.Errorf("%s: pages %v have no print header naming the company", name, pages)
			}
			pr := oracle.CheckPrinted(t, pdf, printedSheets(t, path), minPrintScale)
			for what, list := range map[string][]string{"overlapping words": pr.Overlaps, "scales": pr.Scales, "code words": pr.CodeWords, "columns too narrow for their numbers (###)": pr.Hashes, "ISO dates (yyyy-mm-dd) inside sentences, where the long form belongs": pr.ISODates} {
				if len(list) == 0 {
					continue
				}
				n, more := len(list), ""
				if n > 12 {
					more = "\n\t..."
					list = list[:12]
				}
				t.Errorf("%s: %d %s:\n\t%s%s", name, n, what, strings.Join(list, "\n\t"), more)
			}
			var scales []string
			for _, sh := range printedSheets(t, path) {
				if k, ok := pr.Scale[sh.Name]; ok {
					scales = append(scales, fmt.Sprintf("%s %.0f %%", sh.Name, 100*k))
				}
			}
			t.Logf("%s: %d pages; scales: %s", name, oracle.PDFPages(t, pdf), strings.Join(scales, ", "))
		})
	}
}
