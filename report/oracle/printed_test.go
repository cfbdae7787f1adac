package oracle

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSentenceISODate: a yyyy-mm-dd is found inside a sentence, and left
// alone in a date cell, an id, a file name or a date written with its weekday.
func TestSentenceISODate(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"breakdown sent 2003-10-22 08:00, Arrow approved placement with Avnet 2003-10-22 08:00", "2003-10-22 08:00"},
		{"already sent on 2003-10-06 09:00", "2003-10-06 09:00"},
		{"the period 2003-10-01 to 2003-10-31", "2003-10-01"},
		{"Quarter ending 2003-09-26", "2003-09-26"},
		{"paid 2003-01-20, within its terms (due 2003-01-29)", "2003-01-20"},
		{"(due 2003-05-17, a Saturday, so payable by Monday 2003-05-19)", "2003-05-17"},
		{"as of 2003-10-05 the report was due", "2003-10-05"},
		{"Period: 2002-10-01 to 2002-12-31, 92 calendar days", "2002-10-01"},
		{"dated after the as-of date 2003-09-10: not known yet", "2003-09-10"},
		{"2003-10-22", ""},
		{"2003-10-22 08:00", ""},
		{"Wed 2002-12-25", ""},
		{"As of", ""},
		{"cap-2002-10-14", ""},
		{"/tmp/demo/status-2003-09-10.xlsx", ""},
		{"wrote status-2003-09-10.xlsx for the monthly-2003-10 report", ""},
		{"breakdown sent October 22, 2003 at 8:00 AM, after the PO date, October 21, 2003", ""},
		{"PO-2003-03402", ""},
	} {
		if got := SentenceISODate(c.text); got != c.want {
			t.Errorf("SentenceISODate(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestPrintedISODates prints a sheet with LibreOffice and reads it back: the
// yyyy-mm-dd inside a sentence is found; the same date alone in its column
// beside text, written with its weekday, or a sentence in the long form is not.
func TestPrintedISODates(t *testing.T) {
	Require(t, "soffice")
	Require(t, "pdftotext")
	f := excelize.NewFile()
	defer f.Close()
	letter := 1
	if err := f.SetPageLayout("Sheet1", &excelize.PageLayoutOptions{Size: &letter}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetHeaderFooter("Sheet1", &excelize.HeaderFooterOptions{OddFooter: "&R&A"}); err != nil {
		t.Fatal(err)
	}
	f.SetColWidth("Sheet1", "A", "A", 21)
	f.SetColWidth("Sheet1", "B", "B", 14)
	f.SetColWidth("Sheet1", "C", "C", 50)
	for i, r := range [][]any{
		{"Dates check"},
		{"released by the approval", "2003-10-22", "breakdown sent 2003-10-22 08:00, after the PO date"},
		{"paid within its terms", "Wed 2002-12-25", "breakdown sent October 22, 2003 at 8:00 AM, after the PO date"},
		{"cap-2002-10-14", "2003-10-22 08:00", "status-2003-09-10.xlsx"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "dates.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	pdf := ToPDF(t, path)
	pr := CheckPrinted(t, pdf, []PrintedSheet{{Name: "Sheet1", Title: "Dates check", TitleSize: 11}}, 0.85)
	if len(pr.ISODates) != 1 || !strings.Contains(pr.ISODates[0], `"2003-10-22 08:00" in "breakdown sent 2003-10-22 08:00, after the PO date"`) {
		t.Errorf("ISO dates in sentences %q, want the one in C2 alone", pr.ISODates)
	}
}
