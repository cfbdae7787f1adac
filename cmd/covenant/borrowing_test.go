package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
)

// fixtureLoan writes a loan workbook whose Borrowing sheet (header on row 3, a
// Notes column after the nine) runs from Thursday Oct 10 to Tuesday Oct 29 2002
// with one breach of each rule and rows held over a weekend and Columbus Day.
func fixtureLoan(t testing.TB, dir string, edit func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Cover")
	f.SetCellValue("Cover", "A1", "Loan workbook")
	f.SetCellValue("Cover", "B2", "kept")
	f.NewSheet("Borrowing")
	rows := borrowingRows()
	putRows(t, f, "Borrowing", 1, rows)
	f.SetDefinedName(&excelize.DefinedName{Name: "Bases", RefersTo: "Borrowing!$B$4:$B$12"})
	if edit != nil {
		edit(f)
	}
	p := filepath.Join(dir, "loan.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// borrowingRows are the Borrowing sheet of fixtureLoan, from its first row.
func borrowingRows() [][]any {
	d := func(day int) time.Time { return time.Date(2002, 10, day, 0, 0, 0, 0, time.UTC) }
	return [][]any{
		{"Daily borrowing base"},
		{},
		{"Date", "Receivables Borrowing Base", "Advances", "Banker's Acceptances", "Letters of Guaranty", "Letters of Credit", "Term Loan Reserve", "Term Loan Balance", "Prime Rate", "Notes"},
		{d(10), 1000000, 1250000, 0, nil, 50000, 450000, 2000000, 4.75, "over the $300,000 cap"},
		{d(11), 1000000, 1140000, 0, nil, 50000, 450000, 2000000, 4.75, "held over Columbus Day"},
		{d(15), 1000000, 1260000, 0, nil, "$50,000.00", 450000, 2000000, 4.75, "over the $400,000 cap; LC typed as text"},
		{d(16), 1000000, 1200000, 0, nil, 50000, 300000, 2000000, 4.75, "over the reserve"},
		{d(18), 1000000, 1100000, 0, nil, 50000, 450000, 2000000, 4.75, ""},
		{d(21), 1000000, 1100000, 0, nil, 50000, 450000, 2000000, 4.75, ""},
		{d(25), 1000000, 1100000, 0, nil, 50000, 450000, 2000000, 4.75, ""},
		{d(28), 2200000, 1760000, 0, nil, 50000, 450000, 2000000, "4.75%", "over the Maximum Limit"},
		{d(29), 2200000, 1600000, 0, nil, 50000, 450000, 2000000, 4.75, ""},
	}
}

// zipPart returns one part of a workbook package as text.
func zipPart(t testing.TB, path, part string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == part {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	return ""
}

// fixtureBreaches are the fixture's breaches, one a rule a day.
var fixtureBreaches = []borrowingBreachJSON{
	{"2002-10-10", "overadvance_cap", "400000.00", "300000.00"},
	{"2002-10-15", "overadvance_cap", "410000.00", "400000.00"},
	{"2002-10-16", "term_loan_reserve", "350000.00", "300000.00"},
	{"2002-10-17", "term_loan_reserve", "350000.00", "300000.00"}, // Wednesday's row holds on Thursday
	{"2002-10-28", "maximum_limit", "1760000.00", "1750000.00"},
}

func runBorrowingJSON(t *testing.T, args ...string) borrowingJSON {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"borrowing"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j borrowingJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	return j
}

func TestBorrowingEndToEnd(t *testing.T) {
	dir := t.TempDir()
	loan := fixtureLoan(t, dir, nil)
	out := filepath.Join(dir, "out")
	j := runBorrowingJSON(t, "--loan", loan, "--out", out, "--as-of", "2002-11-01", "--json")
	// Advance-days: 1.25M + 4 x 1.14M (Oct 11-14) + 1.26M + 2 x 1.2M + 10 x 1.1M
	// (Oct 18-27) + 1.76M + 1.6M = 23,830,000 x 8.25% / 360 = 5,461.04; the term
	// loan 2,000,000 x 20 days x 8.75% / 360 = 9,722.22.
	// the overadvances within their caps (Oct 11-14 held from Friday, Oct 18-27)
	// are over the Borrowing Capacity of 850,000 - 50,000 LC: findings
	var findings []borrowingBreachJSON
	for day := 11; day <= 27; day++ {
		switch {
		case day <= 14:
			findings = append(findings, borrowingBreachJSON{fmt.Sprintf("2002-10-%02d", day), "over_borrowing_capacity", "1140000.00", "800000.00"})
		case day >= 18:
			findings = append(findings, borrowingBreachJSON{fmt.Sprintf("2002-10-%02d", day), "over_borrowing_capacity", "1100000.00", "800000.00"})
		}
	}
	want := borrowingJSON{Report: "borrowing", FirstDate: "2002-10-10", LastDate: "2002-10-29", Days: 20,
		Breaches: fixtureBreaches, Findings: findings,
		Interest: []borrowingInterestJSON{{Month: "2002-10", Advances: "5461.04", TermLoan: "9722.22", Total: "15183.26"}},
		Output:   filepath.Join(out, "borrowing.xlsx")}
	if !reflect.DeepEqual(j, want) {
		t.Errorf("json\n got %+v\nwant %+v", j, want)
	}
	// the published field names, exactly
	_, stdout, _ := runCLI(t, "borrowing", "--loan", loan, "--out", out, "--as-of", "2002-11-01", "--json")
	var raw map[string]any
	json.Unmarshal([]byte(stdout), &raw)
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	for _, k := range []string{"report", "first_date", "last_date", "days", "breaches", "findings", "interest", "output"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("json lacks %q: %s", k, stdout)
		}
	}
	if len(raw) != 8 {
		t.Errorf("json has fields %v, want the 8 of the issues", keys)
	}
	if !strings.Contains(stdout, `{"date":"2002-10-10","rule":"overadvance_cap","amount":"400000.00","limit":"300000.00"}`) ||
		!strings.Contains(stdout, `"findings":[{"date":"2002-10-11","rule":"over_borrowing_capacity","amount":"1140000.00","limit":"800000.00"},`) ||
		!strings.Contains(stdout, `{"month":"2002-10","advances":"5461.04","term_loan":"9722.22","total":"15183.26","days_without_rate":0}`) {
		t.Errorf("json objects not as published: %s", stdout)
	}

	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct{ sheet, cell, formula string }{
		{"Daily", "J5", "A5"}, // the day again, at the head of the second printed page
		{"Daily", "K5", "ROUND(0.85*D5,2)"},
		{"Daily", "L5", "MIN(1750000,K5)-F5-G5-H5"},
		{"Daily", "M5", "L5-E5"},
		{"Daily", "N5", "MAX(0,E5-K5)"},
		{"Daily", "P5", "MIN(1750000,K5+O5)"},
		{"Interest Detail", "G5", "C5*F5/100/360"},
		{"Interest", "E5", "ROUND(SUM('Interest Detail'!$G$5:$G$24),2)"},
		{"Journal", "D5", "Interest!$E$5"},
	} {
		if fm, _ := f.GetCellFormula(c.sheet, c.cell); fm != c.formula {
			t.Errorf("%s!%s formula %q, want %q", c.sheet, c.cell, fm, c.formula)
		}
	}
	daily, _ := f.GetRows("Daily")
	// Oct 12 (Saturday) holds Friday's row 5; Oct 14 (Columbus Day) too
	for _, c := range []struct {
		row                            int
		date, held, ledgerRow, cap, ok string
	}{
		{7, "Sat 2002-10-12", "2002-10-11", "5", "300,000.00", "Yes"},
		{9, "Mon 2002-10-14", "2002-10-11", "5", "400,000.00", "Yes"},
		{10, "Tue 2002-10-15", "", "6", "400,000.00", "No"},
		{11, "Wed 2002-10-16", "", "7", "300,000.00", "No"},
	} {
		r := daily[c.row-1]
		if r[0] != c.date || r[1] != c.held || r[2] != c.ledgerRow || r[9] != c.date || r[14] != c.cap || r[16] != c.ok {
			t.Errorf("Daily row %d = %q", c.row, r)
		}
	}
	br, _ := f.GetRows("Breaches")
	if len(br) != 4+5 || !strings.Contains(br[6][2], "Term Loan Reserve of $300,000.00") {
		t.Errorf("Breaches sheet %q", br)
	}
	if v, _ := f.GetCellValue("Summary", "B26"); v == "" {
		t.Error("Summary has no interest total")
	}
	if xml := zipPart(t, j.Output, "xl/charts/chart1.xml"); strings.Count(xml, "<ser>")+strings.Count(xml, "<c:ser>") != 3 ||
		!strings.Contains(xml, "Daily!$E$4") || !strings.Contains(xml, "Daily!$P$5:$P$24") {
		t.Errorf("chart of advances, capacity and ceiling missing or wrong:\n%s", xml)
	}

	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, j.Output); n < 150 {
		t.Errorf("only %d formula cells checked", n)
	}
}

func TestBorrowingDeterministic(t *testing.T) {
	dir := t.TempDir()
	loan := fixtureLoan(t, dir, nil)
	assertSameBytesTwice(t, dir, func(out string) []string {
		return []string{"borrowing", "--loan", loan, "--out", out, "--as-of", "2002-11-01"}
	})
}

func TestBorrowingInPlace(t *testing.T) {
	dir := t.TempDir()
	loan := fixtureLoan(t, dir, nil)
	orig, _, stdout := runInPlaceTwice(t, loan, "borrowing", "--loan", loan, "--out", filepath.Join(dir, "out"), "--as-of", "2002-11-01", "--in-place")
	if !strings.Contains(stdout, "updated "+loan) {
		t.Errorf("stdout %q does not say the loan workbook was updated", stdout)
	}
	before, _ := excelize.OpenReader(bytes.NewReader(orig))
	after, err := excelize.OpenFile(loan)
	if err != nil {
		t.Fatal(err)
	}
	defer after.Close()
	rows, _ := after.GetRows("Borrowing")
	if got := strings.Join(rows[2][10:], ","); got != "IEC Borrowing Capacity,Borrowing Capacity,Availability,Overadvance,Overadvance Cap,Compliant,Breach" {
		t.Errorf("headers after Notes: %q", got)
	}
	for _, c := range []struct {
		cell, formula, value string
	}{
		{"K4", "ROUND(0.85*B4,2)", "850000.00"},
		{"L4", "MIN(1750000,ROUND(0.85*B4,2))-D4-E4-F4", "800000.00"},
		{"M4", "MIN(1750000,ROUND(0.85*B4,2))-D4-E4-F4-C4", "-450000.00"},
		{"N4", "MAX(0,C4-ROUND(0.85*B4,2))", "400000.00"},
		{"O4", "", "300000.00"},
		{"P4", "", "No"},
		{"Q4", "", "overadvance $400,000.00 above the $300,000.00 overadvance cap (Amendment B.1)"},
		// Friday Oct 11 holds through Monday Oct 14: the lowest cap of those days
		{"O5", "", "300000.00"},
		{"P5", "", "Yes"},
		{"Q5", "", ""},
		// the LC typed as text: values, no formula that would miss it
		{"L6", "", "800000.00"},
		{"M6", "", "-460000.00"},
		// Wednesday Oct 16 holds through Thursday: both days are named
		{"Q7", "", "overadvance $350,000.00 above the Term Loan Reserve of $300,000.00 (Amendment B.1) on October 16 to October 17, 2002"},
		// Friday Oct 25 holds the weekend; the cap is $300,000 on all three days
		{"O10", "", "300000.00"},
		{"L11", "MIN(1750000,ROUND(0.85*B11,2))-D11-E11-F11", "1700000.00"},
		{"Q11", "", "advances $1,760,000.00 above the Maximum Limit of $1,750,000.00 (Amendment B.1)"},
	} {
		fm, _ := after.GetCellFormula("Borrowing", c.cell)
		v, _ := after.GetCellValue("Borrowing", c.cell, excelize.Options{RawCellValue: true})
		if fm != c.formula || v != c.value {
			t.Errorf("Borrowing!%s = %q (formula %q), want %q (formula %q)", c.cell, v, fm, c.value, c.formula)
		}
	}
	// the input columns, the other sheet, the formula and the name are kept
	a, _ := before.GetRows("Borrowing")
	for i, r := range a {
		for c, v := range r {
			if rows[i][c] != v {
				t.Errorf("Borrowing %d,%d changed from %q to %q", i+1, c+1, v, rows[i][c])
			}
		}
	}
	if v, _ := after.GetCellValue("Cover", "B2"); v != "kept" {
		t.Errorf("Cover!B2 lost: %q", v)
	}
	found := false
	for _, n := range after.GetDefinedName() {
		found = found || n.Name == "Bases"
	}
	if !found {
		t.Error("defined name lost")
	}

	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, loan); n < 30 {
		t.Errorf("only %d formula cells checked in the in-place workbook", n)
	}
}

func TestBorrowingBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(f *excelize.File)
		wants []string
	}{
		{"duplicate date", func(f *excelize.File) {
			f.SetCellValue("Borrowing", "A6", time.Date(2002, 10, 11, 0, 0, 0, 0, time.UTC))
		}, []string{"loan.xlsx, sheet Borrowing, cell A6 (Date): 2002-10-11 repeats the date 2002-10-11 in row 5"}},
		{"date out of order", func(f *excelize.File) {
			f.SetCellValue("Borrowing", "A8", "10/14/2002")
		}, []string{"loan.xlsx, sheet Borrowing, cell A8 (Date): 2002-10-14 is before the date 2002-10-16 in row 7"}},
		{"several bad values", func(f *excelize.File) {
			f.SetCellValue("Borrowing", "C5", "lots")
			f.SetCellValue("Borrowing", "G9", -5)
			f.SetCellValue("Borrowing", "I10", "prime")
			f.SetCellValue("Borrowing", "H11", nil)
		}, []string{
			"loan.xlsx, sheet Borrowing, cell C5 (Advances):",
			"loan.xlsx, sheet Borrowing, cell G9 (Term Loan Reserve): -5.00 is negative",
			"loan.xlsx, sheet Borrowing, cell I10 (Prime Rate):",
			"loan.xlsx, sheet Borrowing, cell H11 (Term Loan Balance): is blank",
			"4 problems found",
		}},
		{"missing column", func(f *excelize.File) { f.SetCellValue("Borrowing", "G3", "Reserves Held") }, []string{`loan.xlsx, sheet Borrowing: the header row (row 3) has no "Term Loan Reserve" column`}},
		{"missing sheet", func(f *excelize.File) { f.DeleteSheet("Borrowing") }, []string{`loan.xlsx: no sheet named "Borrowing"`}},
		{"no rows", func(f *excelize.File) {
			for r := 4; r <= 12; r++ {
				f.RemoveRow("Borrowing", 4)
			}
		}, []string{"loan.xlsx, sheet Borrowing: has no data rows below the header (row 3)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			loan := fixtureLoan(t, dir, tc.edit)
			orig, _ := os.ReadFile(loan)
			out := filepath.Join(dir, "out")
			code, stdout, stderr := runCLI(t, "borrowing", "--loan", loan, "--out", out, "--as-of", "2002-11-01", "--in-place")
			if code != 2 {
				t.Errorf("exit %d, want 2 (stdout %q)", code, stdout)
			}
			for _, w := range tc.wants {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("stack trace on stderr:\n%s", stderr)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("output written despite bad input: %v", entries)
			}
			if now, _ := os.ReadFile(loan); !bytes.Equal(orig, now) {
				t.Error("the loan workbook was changed despite bad input")
			}
		})
	}
	if code, _, _ := runCLI(t, "borrowing", "--out", t.TempDir()); code != 2 {
		t.Errorf("no --loan: exit %d, want 2", code)
	}
}

func TestBorrowingWithEditedTerms(t *testing.T) {
	dir := t.TempDir()
	loan := fixtureLoan(t, dir, nil)
	termsPath := filepath.Join(dir, "terms.xlsx")
	if code, _, stderr := runCLI(t, "terms", "export", termsPath); code != 0 {
		t.Fatalf("terms export: exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(termsPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Loan")
	set := false
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Day Count Basis" {
			f.SetCellValue("Loan", fmt.Sprintf("B%d", i+1), 365)
			set = true
		}
	}
	if !set {
		t.Fatal("no Day Count Basis in the terms workbook")
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	j := runBorrowingJSON(t, "--loan", loan, "--terms", termsPath, "--out", dir, "--as-of", "2002-11-01", "--json")
	// 1,965,975 / 365 = 5,386.23; 3,500,000 / 365 = 9,589.04
	want := []borrowingInterestJSON{{Month: "2002-10", Advances: "5386.23", TermLoan: "9589.04", Total: "14975.27"}}
	if !reflect.DeepEqual(j.Interest, want) {
		t.Errorf("actual/365 interest %+v, want %+v", j.Interest, want)
	}
}

// TestBorrowingSample runs the sample loan workbook: one breach (Oct 15 2002,
// the overadvance $12,345.67 above the $400,000 cap), 92 days, the prime cut of
// Nov 7 in November's interest; then prints the report.
func TestBorrowingSample(t *testing.T) {
	dir := t.TempDir()
	loan := filepath.Join(dir, "loan-2002.xlsx")
	data, err := os.ReadFile(filepath.Join("..", "..", "samples", "loan-2002.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(loan, data, 0o644)
	out := filepath.Join(dir, "b.xlsx")
	j := runBorrowingJSON(t, "--loan", loan, "--out", out, "--as-of", "2003-01-10", "--json", "--in-place")
	if j.FirstDate != "2002-10-01" || j.LastDate != "2002-12-31" || j.Days != 92 {
		t.Errorf("period %s to %s, %d days", j.FirstDate, j.LastDate, j.Days)
	}
	if want := []borrowingBreachJSON{{"2002-10-15", "overadvance_cap", "412345.67", "400000.00"}}; !reflect.DeepEqual(j.Breaches, want) {
		t.Errorf("breaches %+v, want %+v", j.Breaches, want)
	}
	// Term loan: Oct 2,916,666.67 x 8.75% / 360 x 31; Nov 2,833,333.34 x (6 x 8.75%
	// + 24 x 8.25%) / 360; Dec 1 held from Nov 29, then 2,750,000.01 x 8.25% x 30.
	var terms []string
	for _, m := range j.Interest {
		terms = append(terms, m.Month+" "+m.TermLoan)
	}
	if got := strings.Join(terms, ", "); got != "2002-10 21976.27, 2002-11 19715.28, 2002-12 19555.56" {
		t.Errorf("term loan interest %s", got)
	}

	oracle.Require(t, "soffice")
	oracle.Require(t, "pdftotext")
	if n := oracle.CompareRecalc(t, loan); n < 62*4 { // 62 business days, 4 formulas each
		t.Errorf("in-place sample: only %d formula cells checked", n)
	}
	pdf := oracle.ToPDF(t, out)
	if w, h := oracle.PDFPageSize(t, pdf); w != 612 || h != 792 {
		t.Errorf("page size %vx%v pt, want Letter", w, h)
	}
	pages := oracle.PDFPages(t, pdf)
	if pages < 6 || pages > 20 { // the daily table prints as two pages side by side
		t.Errorf("%d pages", pages)
	}
	summary := oracle.PDFText(t, pdf, 1)
	words := strings.Join(strings.Fields(summary), " ") // a phrase may wrap
	for _, want := range []string{"Borrowing Capacity, Overadvances and Interest", "IEC Electronics Corp.", "$1,750,000.00", "$412,345.67", "1 breach", "Page 1 of"} {
		if !strings.Contains(words, want) {
			t.Errorf("summary page lacks %q:\n%s", want, summary)
		}
	}
	dailyPages := 0
	for p := 1; p <= pages; p++ {
		text := oracle.PDFText(t, pdf, p)
		if !strings.Contains(text, "Amendment No. 10 (B.1, B.2)") {
			t.Errorf("page %d has no footer", p)
		}
		if strings.Contains(text, "###") {
			t.Errorf("page %d shows ### (a column too narrow for its number)", p)
		}
		if strings.HasSuffix(strings.TrimSpace(text), "Daily") {
			// the two halves of the table, side by side: the balances, then
			// what B.1 makes of them, each with its header row
			dailyPages++
			if !strings.Contains(text, "Receivables") && !strings.Contains(text, "Availability") {
				t.Errorf("daily page %d does not repeat the header row", p)
			}
		}
	}
	if dailyPages < 2 {
		t.Errorf("%d daily pages", dailyPages)
	}
}

// borrowingBook writes a loan workbook whose Borrowing sheet has the nine
// columns in row 1 and rows below.
func borrowingBook(t *testing.T, dir string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Borrowing")
	head := [][]any{{"Date", "Receivables Borrowing Base", "Advances", "Banker's Acceptances", "Letters of Guaranty", "Letters of Credit", "Term Loan Reserve", "Term Loan Balance", "Prime Rate"}}
	putRows(t, f, "Borrowing", 1, append(head, rows...))
	p := filepath.Join(dir, "loan.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBorrowingFindingsEndToEnd: letters of credit use the rest of the Borrowing
// Capacity on Friday November 1 (held over the weekend) and Tuesday November 5:
// no breach of B.1, four findings, and the Summary does not say the advances
// stayed within limits; without those days it does.
func TestBorrowingFindingsEndToEnd(t *testing.T) {
	nov := func(day int) time.Time { return time.Date(2002, 11, day, 0, 0, 0, 0, time.UTC) }
	rows := func(fri, tue int) [][]any {
		return [][]any{
			{nov(1), 1000000, fri, nil, nil, 100000, 0, 2000000, 4.75},
			{nov(4), 1000000, 700000, nil, nil, 100000, 0, 2000000, 4.75},
			{nov(5), 1000000, tue, nil, nil, 100000, 0, 2000000, 4.75},
			{nov(6), 1000000, 700000, nil, nil, 100000, 0, 2000000, 4.75},
		}
	}
	dir := t.TempDir()
	loan := borrowingBook(t, dir, rows(800000, 760000))
	out := filepath.Join(dir, "out")
	j := runBorrowingJSON(t, "--loan", loan, "--out", out, "--as-of", "2002-11-10", "--json")
	want := []borrowingBreachJSON{
		{"2002-11-01", "over_borrowing_capacity", "800000.00", "750000.00"},
		{"2002-11-02", "over_borrowing_capacity", "800000.00", "750000.00"},
		{"2002-11-03", "over_borrowing_capacity", "800000.00", "750000.00"},
		{"2002-11-05", "over_borrowing_capacity", "760000.00", "750000.00"},
	}
	if len(j.Breaches) != 0 || !reflect.DeepEqual(j.Findings, want) {
		t.Errorf("breaches %+v\nfindings %+v\nwant %+v", j.Breaches, j.Findings, want)
	}
	code, stdout, _ := runCLI(t, "borrowing", "--loan", loan, "--out", filepath.Join(dir, "plain.xlsx"), "--as-of", "2002-11-10")
	if code != 0 || !strings.Contains(stdout, "0 breaches of Amendment B.1 on 0 days, 4 days over the Borrowing Capacity without a breach (findings), interest ") {
		t.Errorf("stdout %q", stdout)
	}

	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	statement, _ := f.GetCellValue("Summary", "A29")
	for _, w := range []string{"no cap or limit of Amendment B.1 was broken, but on 4 of the 6 calendar days (November 1–3, November 5) the advances exceeded the Borrowing Capacity: 4 findings, listed on the Findings sheet."} {
		if !strings.Contains(statement, w) {
			t.Errorf("statement lacks %q:\n%s", w, statement)
		}
	}
	if strings.Contains(statement, "within") {
		t.Errorf("the statement says the advances stayed within limits on a day over the capacity:\n%s", statement)
	}
	if v, _ := f.GetCellValue("Summary", "B23"); v != "4" {
		t.Errorf("Summary findings count %q", v)
	}
	found, _ := f.GetRows("Findings")
	if len(found) != 8 || found[4][0] != "Fri 2002-11-01" || !strings.Contains(found[4][1], "advances $800,000.00 over the Borrowing Capacity of $750,000.00 by $50,000.00: letters of credit") ||
		found[7][0] != "Tue 2002-11-05" {
		t.Errorf("Findings sheet %q", found)
	}
	if fm, _ := f.GetCellFormula("Findings", "E5"); fm != "C5-D5" {
		t.Errorf("Findings excess formula %q", fm)
	}
	f.Close()
	oracle.Require(t, "soffice")
	oracle.Require(t, "pdftotext")
	if n := oracle.CompareRecalc(t, j.Output); n < 50 {
		t.Errorf("only %d formula cells checked", n)
	}
	pdf := oracle.ToPDF(t, j.Output)
	seen := false
	for p := 1; p <= oracle.PDFPages(t, pdf); p++ {
		text := strings.Join(strings.Fields(oracle.PDFText(t, pdf, p)), " ")
		if p == 1 && (strings.Contains(text, "within") || !strings.Contains(text, "4 findings")) {
			t.Errorf("the printed summary:\n%s", text)
		}
		seen = seen || strings.Contains(text, "Over the Borrowing Capacity: findings") && strings.Contains(text, "by $10,000.00")
	}
	if !seen {
		t.Error("no printed page of findings")
	}

	// inside the capacity every day: then, and only then, the statement says so
	loan = borrowingBook(t, t.TempDir(), rows(750000, 700000))
	j = runBorrowingJSON(t, "--loan", loan, "--out", filepath.Join(dir, "within.xlsx"), "--as-of", "2002-11-10", "--json")
	if len(j.Findings) != 0 {
		t.Errorf("findings %+v", j.Findings)
	}
	f, err = excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if s, _ := f.GetCellValue("Summary", "A29"); !strings.Contains(s, "the advances stayed within the Borrowing Capacity on all 6 calendar days") {
		t.Errorf("statement %q", s)
	}
}

// TestBorrowingInterestWithoutRate: the sheet runs into January 2003, after the
// pricing grid's last period (December 31, 2002): January 1 and 2 carry balances
// with no rate, January 3 none. January's interest is incomplete, not $0.00 of
// interest: days_without_rate, the Interest sheet, the statement, the journal and
// the summary line say so.
func TestBorrowingInterestWithoutRate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	dir := t.TempDir()
	loan := borrowingBook(t, dir, [][]any{
		{day(2002, 12, 30), 1000000, 500000, nil, nil, nil, 0, 1000000, 4.25},
		{day(2003, 1, 2), 1000000, 500000, nil, nil, nil, 0, 1000000, 4.25},
		{day(2003, 1, 3), 1000000, 0, nil, nil, nil, 0, 0, 4.25},
	})
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "borrowing", "--loan", loan, "--out", out, "--as-of", "2003-01-10", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j borrowingJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatal(err)
	}
	// December: 500,000 x 7.75% / 360 x 2 = 215.28; 1,000,000 x 8.25% / 360 x 2 = 458.33
	want := []borrowingInterestJSON{
		{Month: "2002-12", Advances: "215.28", TermLoan: "458.33", Total: "673.61", DaysWithoutRate: 0},
		{Month: "2003-01", Advances: "0.00", TermLoan: "0.00", Total: "0.00", DaysWithoutRate: 2},
	}
	if !reflect.DeepEqual(j.Interest, want) {
		t.Errorf("interest %+v\nwant %+v", j.Interest, want)
	}
	if !strings.Contains(stdout, `{"month":"2003-01","advances":"0.00","term_loan":"0.00","total":"0.00","days_without_rate":2}`) {
		t.Errorf("json %s", stdout)
	}
	if !strings.Contains(stderr, "no Advances period of the pricing grid covers January 1 to January 3, 2003 (Amendment B.2)") {
		t.Errorf("stderr %q", stderr)
	}
	code, stdout, _ = runCLI(t, "borrowing", "--loan", loan, "--out", filepath.Join(dir, "plain.xlsx"), "--as-of", "2003-01-10")
	if want := "interest $673.61, incomplete: 2 days with a balance and no pricing-grid rate (Amendment B.2), their interest not included"; code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("stdout %q lacks %q", stdout, want)
	}

	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	interest, _ := f.GetRows("Interest")
	if jan := interest[5]; len(jan) < 9 || jan[0] != "2003-01" || jan[7] != "2" ||
		jan[8] != "Incomplete: no pricing-grid period gives a rate for Advances on January 1 to January 2, 2003 and the Term Loan on January 1 to January 2, 2003 (2 days); their interest is not included (Amendment B.2)" {
		t.Errorf("January on the Interest sheet %q", jan)
	}
	if dec := interest[4]; len(dec) > 8 && dec[8] != "" || dec[7] != "0" {
		t.Errorf("December on the Interest sheet %q", dec)
	}
	detail, _ := f.GetRows("Interest Detail")
	for _, c := range []struct {
		row          int
		adv, termInt string
	}{{7, "no rate", "no rate"}, {8, "no rate", "no rate"}, {9, "", ""}} { // Jan 1, Jan 2, Jan 3 (no balance)
		r := append(detail[c.row-1], make([]string, 11)...)
		if r[6] != c.adv || r[10] != c.termInt {
			t.Errorf("Interest Detail row %d %q", c.row, detail[c.row-1])
		}
	}
	statement, _ := f.GetCellValue("Summary", "A29")
	if !strings.Contains(statement, "Interest accrued on the days with a pricing-grid rate: $215.28 on Advances and $458.33 on the Term Loan. Incomplete: on 2 days a balance had no pricing-grid rate (January 2003: 2 days); their interest is not included (Amendment B.2).") {
		t.Errorf("statement %q", statement)
	}
	if v, _ := f.GetCellValue("Summary", "B27"); v != "2" {
		t.Errorf("Summary days without a rate %q", v)
	}
	journal, _ := f.GetRows("Journal")
	memos := ""
	for _, r := range journal {
		memos += strings.Join(r, " | ") + "\n"
	}
	if !strings.Contains(memos, "Interest accrued, January 2003 (incomplete: 2 days with a balance and no pricing-grid rate)") ||
		!strings.Contains(memos, "no pricing-grid period, actual/360 (Amendment B.2); incomplete: 2 days without a pricing-grid rate not accrued") {
		t.Errorf("journal:\n%s", memos)
	}
	f.Close()
	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, j.Output); n < 20 {
		t.Errorf("only %d formula cells checked", n)
	}
}
