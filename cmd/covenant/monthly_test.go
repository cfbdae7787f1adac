package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
)

// fixtureLedger writes a small ledger in which every §1.2 outcome occurs once, with
// amounts chosen so each total is distinct.
func fixtureLedger(t testing.TB, dir string, edit func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Purchases")
	rows := [][]any{
		{"PO Number", "PO Line", "PO Date", "Supplier", "Manufacturer", "Part Number", "Description", "Quantity", "Unit Cost", "Confirmed Delivery Date", "Customer Directed", "Credit Limit Exception", "Extended Cost", "Buyer"},
		{"PO-1", 1, "2003-01-06", "Arrow Electronics, Inc.", "Vishay", "CRCW0603", "Resistor", 1000, 0.0125, "2003-01-20", "N", "N", 12.5, "kim"},
		{"PO-1", 2, "2003-01-06", "ARROW", "Kemet", "C0603", "Capacitor", 3, 0.335, "2003-01-20", "N", "N", 1.01, "kim"},
		{"PO-2", 1, "1/10/2003", "Avnet", "Vishay", "SI2302", "MOSFET", 100, 2, "2003-01-25", "Y", "N", nil, "lee"},
		{"PO-3", 1, "2003-01-15", "Digi-Key", "Vishay", "1N4148", "Diode", 10, 3, "2003-01-22", "N", "Y", nil, "lee"},
		{"PO-4", 1, "2003-01-20", "Mouser", "Kemet", "T491", "Tantalum", 5, 7, "2003-02-02", "N", "N", nil, "lee"},
		{"PO-5", 1, "2003-01-21", "Future", "Vishay", "DG409", "Mux", 4, 11, "2003-02-02", "N", "N", nil, "lee"},
		{"PO-6", 1, "2003-01-22", "TTI", "Vishay", "IRF540", "FET", 2, 13, "2003-02-02", "N", "N", 99, "lee"},
		{"PO-7", 1, "2003-01-23", "Avnet", "Acme Widgets", "AW-1", "Not franchised", 1, 500, "2003-02-02", "N", "N", nil, "lee"},
		{"PO-8", 1, "2003-02-03", "Arrow", "Vishay", "X", "Next month", 1, 1000, "2003-02-10", "N", "N", nil, "lee"},
		{},
		{"PO-9", 1, "2003-01-31", "=cmd|' /C calc'!A0", "Vishay", "=HYPERLINK(\"x\")", "@SUM(1)", 1, 17, "", "", "", nil, "lee"},
	}
	putRows(t, f, "Purchases", 1, rows)
	f.NewSheet("Franchise")
	f.SetSheetRow("Franchise", "A1", &[]any{"Manufacturer", "Authorized From", "Authorized Until"})
	f.SetSheetRow("Franchise", "A2", &[]any{"Vishay", time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC), nil})
	f.SetSheetRow("Franchise", "A3", &[]any{" KEMET ", "1/6/2003", "12/31/2003"})
	f.NewSheet("Arrow Responses")
	f.SetSheetRow("Arrow Responses", "A1", &[]any{"PO Number", "PO Line", "Breakdown Sent", "Arrow Response", "Responded At"})
	f.SetSheetRow("Arrow Responses", "A2", &[]any{"PO-4", 1, "2003-01-17 09:00", "", ""})
	f.SetSheetRow("Arrow Responses", "A3", &[]any{"PO-5", nil, "2003-01-20 09:00", "Meet", "2003-01-21 09:00"})
	f.SetSheetRow("Arrow Responses", "A4", &[]any{"PO-9", 1, "2003-01-30 09:00", "Approve", "2003-01-30 11:00"})
	f.NewSheet("Invoices")
	f.SetSheetRow("Invoices", "A1", &[]any{"Invoice Number", "Invoice Date", "Amount", "Returns", "Discounts", "Due Date", "Paid Date"})
	f.SetSheetRow("Invoices", "A2", &[]any{"INV-1", "2002-12-01", "$1,000.00", 0, 0, "2002-12-31", "2003-01-02"})
	f.AddComment("Invoices", excelize.Comment{Cell: "A2", Author: "ap", Text: "paid by wire"})
	f.SetDefinedName(&excelize.DefinedName{Name: "Buyers", RefersTo: "Purchases!$N$2:$N$12"})
	f.SetCellFormula("Invoices", "H2", "C2*2")
	if err := f.AddChart("Invoices", "J2", &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{{Name: "Amount", Categories: "Invoices!$A$2:$A$2", Values: "Invoices!$C$2:$C$2"}}}); err != nil {
		t.Fatal(err)
	}
	f.AddDataValidation("Purchases", &excelize.DataValidation{Sqref: "K2:K100", Type: "list", Formula1: `"Y,N"`})
	if edit != nil {
		edit(f)
	}
	p := filepath.Join(dir, "ledger.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCLI(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(append([]string{"covenant"}, args...), &o, &e)
	return code, o.String(), e.String()
}

func TestMonthlyEndToEnd(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := fixtureLedger(t, dir, nil)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", ledgerPath, "--month", "2003-01", "--out", out, "--as-of", "2003-02-03", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j monthlyJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	// PO-1/1 12.50 + PO-1/2 1.01 arrow; PO-2 200 customer directed; PO-3 30 credit
	// limit; PO-4 35 released (no answer); PO-5 44 exception (Meet); PO-6 26 exception
	// (no breakdown); PO-9 17 released (approved); PO-7 out of scope; PO-8 next month.
	want := monthlyJSON{Report: "monthly", PeriodStart: "2003-01-01", PeriodEnd: "2003-01-31", DueDate: "2003-02-07",
		Lines: 9, FranchisedLines: 8, FranchisedSpend: "365.51", ArrowSpend: "13.51", CustomerDirectedSpend: "200.00",
		CreditLimitSpend: "30.00", ReleasedSpend: "52.00", ExceptionSpend: "70.00"}
	if j.Report != want.Report || j.PeriodStart != want.PeriodStart || j.PeriodEnd != want.PeriodEnd || j.DueDate != want.DueDate ||
		j.Lines != want.Lines || j.FranchisedLines != want.FranchisedLines || j.FranchisedSpend != want.FranchisedSpend ||
		j.ArrowSpend != want.ArrowSpend || j.CustomerDirectedSpend != want.CustomerDirectedSpend || j.CreditLimitSpend != want.CreditLimitSpend ||
		j.ReleasedSpend != want.ReleasedSpend || j.ExceptionSpend != want.ExceptionSpend {
		t.Errorf("json figures\n got %+v\nwant %+v", j, want)
	}
	if len(j.Exceptions) != 2 || j.Exceptions[0].PONumber != "PO-5" || j.Exceptions[1].PONumber != "PO-6" {
		t.Errorf("exceptions %+v", j.Exceptions)
	}
	if !strings.Contains(strings.Join(j.Warnings, "\n"), "Extended Cost 99.00 differs") {
		t.Errorf("warnings %q lack the extended cost mismatch of PO-6", j.Warnings)
	}
	if j.Output != filepath.Join(out, "monthly-2003-01.xlsx") {
		t.Errorf("output %q", j.Output)
	}
	if !strings.Contains(stderr, "warning: Purchases!M8") {
		t.Errorf("stderr lacks the warning naming the cell: %q", stderr)
	}

	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// formula injection: input text starting with = or @ stays text
	rows, _ := f.GetRows("Detail")
	var injected []string
	for _, r := range rows {
		if len(r) > 0 && r[0] == "PO-9" {
			injected = r
		}
	}
	if len(injected) < 7 || injected[3] != "=cmd|' /C calc'!A0" || injected[6] != "@SUM(1)" {
		t.Errorf("PO-9 row = %q", injected)
	}
	for _, ref := range []string{"D", "F", "G"} {
		cell := ref + "12"
		if fm, _ := f.GetCellFormula("Detail", cell); fm != "" {
			t.Errorf("Detail!%s became a formula %q", cell, fm)
		}
	}
	if fm, _ := f.GetCellFormula("Cover", "C21"); !strings.HasPrefix(fm, "SUM(") {
		t.Errorf("Cover!C21 (franchised spend) is not a live formula: %q", fm)
	}

	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, j.Output); n < 20 {
		t.Errorf("only %d formula cells checked", n)
	}
}

func TestMonthlyDeterministic(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := fixtureLedger(t, dir, nil)
	assertSameBytesTwice(t, dir, func(out string) []string {
		return []string{"monthly", "--ledger", ledgerPath, "--month", "2003-01", "--out", out, "--as-of", "2003-02-03"}
	})
}

func TestMonthlyInPlace(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := fixtureLedger(t, dir, nil)
	orig, once, _ := runInPlaceTwice(t, ledgerPath, "monthly", "--ledger", ledgerPath, "--month", "2003-01", "--out", filepath.Join(dir, "out"), "--as-of", "2003-02-03", "--in-place")
	before, err := excelize.OpenReader(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	after, err := excelize.OpenFile(ledgerPath)
	if err != nil {
		t.Fatal(err)
	}
	// the new columns, after the accountant's extra "Buyer" column
	hdr, _ := after.GetRows("Purchases")
	if got := strings.Join(hdr[0][14:], ","); got != "Franchised,Classification,Compliant,Reason,Reported In" {
		t.Errorf("added headers %q", got)
	}
	byPO := map[string][]string{}
	for _, r := range hdr[1:] {
		if len(r) > 0 {
			byPO[r[0]+"/"+r[1]] = r
		}
	}
	for po, want := range map[string]string{"PO-1/1": "Yes,Bought from Arrow,Yes", "PO-5/1": "Yes,Exception to §1.2,No", "PO-7/1": "No,Out of scope,", "PO-8/1": "Yes,Bought from Arrow,Yes"} {
		r := byPO[po]
		if len(r) < 17 || strings.Join(r[14:17], ",") != want {
			t.Errorf("%s in-place columns %q, want %s", po, r, want)
		}
	}
	// Reported In only on the lines the January report lists
	for po, want := range map[string]string{"PO-1/1": "2003-01", "PO-5/1": "2003-01", "PO-7/1": "", "PO-8/1": ""} {
		if r := byPO[po]; len(r) > 18 && r[18] != want || len(r) <= 18 && want != "" {
			t.Errorf("%s Reported In = %q, want %q", po, r, want)
		}
	}
	// every part but the Purchases sheet is byte for byte the same
	if diff := changedParts(t, orig, once); len(diff) != 1 || diff[0] != "xl/worksheets/sheet1.xml" {
		t.Errorf("in-place run changed the parts %v, want only the Purchases sheet", diff)
	}
	// every other sheet keeps its cells, formulas, comments and names
	for _, sh := range []string{"Franchise", "Arrow Responses", "Invoices"} {
		a, _ := before.GetRows(sh)
		b, _ := after.GetRows(sh)
		if !equalRows(a, b) {
			t.Errorf("sheet %s changed", sh)
		}
	}
	if fm, _ := after.GetCellFormula("Invoices", "H2"); fm != "C2*2" {
		t.Errorf("formula lost: %q", fm)
	}
	if cs, _ := after.GetComments("Invoices"); len(cs) != 1 || cs[0].Text != "paid by wire" {
		t.Errorf("comment lost: %+v", cs)
	}
	if dvs, err := after.GetDataValidations("Purchases"); err != nil || len(dvs) != 1 || dvs[0].Sqref != "K2:K100" {
		t.Errorf("data validation lost: %+v %v", dvs, err)
	}
	names := after.GetDefinedName()
	found := false
	for _, n := range names {
		found = found || n.Name == "Buyers"
	}
	if !found {
		t.Error("defined name lost")
	}
	// original Purchases cells unchanged
	a, _ := before.GetRows("Purchases")
	for i, r := range a {
		for c, v := range r {
			if hdr[i][c] != v {
				t.Errorf("Purchases %d,%d changed from %q to %q", i+1, c+1, v, hdr[i][c])
			}
		}
	}
}

// changedParts lists the zip parts whose content differs between two packages
// (or that only one has).
func changedParts(t *testing.T, a, b []byte) []string {
	t.Helper()
	read := func(data []byte) map[string]string {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			c, _ := io.ReadAll(rc)
			rc.Close()
			m[f.Name] = string(c)
		}
		return m
	}
	pa, pb := read(a), read(b)
	var diff []string
	for n, c := range pa {
		if pb[n] != c {
			diff = append(diff, n)
		}
	}
	for n := range pb {
		if _, ok := pa[n]; !ok {
			diff = append(diff, n)
		}
	}
	sort.Strings(diff)
	return diff
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

func TestMonthlyBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(f *excelize.File)
		wants []string
	}{
		{"missing sheet", func(f *excelize.File) { f.DeleteSheet("Franchise") }, []string{`ledger.xlsx: no sheet named "Franchise"`}},
		{"missing column", func(f *excelize.File) { f.SetCellValue("Purchases", "I1", "Cost Price") }, []string{`ledger.xlsx, sheet Purchases: the header row (row 1) has no "Unit Cost" column; found PO Number,`}},
		{"several bad values", func(f *excelize.File) {
			f.SetCellValue("Purchases", "I3", "abc")
			f.SetCellValue("Purchases", "C4", "2/30/2003")
			f.SetCellValue("Purchases", "K5", "maybe")
		}, []string{
			"ledger.xlsx, sheet Purchases, cell I3 (Unit Cost):",
			"ledger.xlsx, sheet Purchases, cell C4 (PO Date):",
			"ledger.xlsx, sheet Purchases, cell K5 (Customer Directed):",
			"3 problems found",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ledgerPath := fixtureLedger(t, dir, tc.edit)
			out := filepath.Join(dir, "out")
			code, stdout, stderr := runCLI(t, "monthly", "--ledger", ledgerPath, "--month", "2003-01", "--out", out, "--as-of", "2003-02-03")
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
		})
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"monthly", "--month", "2003-01"},
		{"monthly", "--ledger", "x.xlsx", "--month", "2003-13"},
		{"monthly", "--ledger", "x.xlsx", "--month", "2003-01", "--as-of", "yesterday"},
		{"monthly", "--nonsense"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}

func TestMonthlyWithEditedTerms(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := fixtureLedger(t, dir, nil)
	termsPath := filepath.Join(dir, "terms.xlsx")
	if code, _, stderr := runCLI(t, "terms", "export", termsPath); code != 0 {
		t.Fatalf("terms export: exit %d: %s", code, stderr)
	}
	// Avnet becomes one of the distributor's names: PO-2 (customer directed, Avnet)
	// then counts as bought from Arrow.
	f, err := excelize.OpenFile(termsPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Distributor Names")
	f.SetCellValue("Distributor Names", fmt.Sprintf("A%d", len(rows)+1), "Avnet")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", ledgerPath, "--month", "2003-01", "--terms", termsPath, "--out", dir, "--as-of", "2003-02-03", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j monthlyJSON
	json.Unmarshal([]byte(stdout), &j)
	if j.ArrowSpend != "213.51" || j.CustomerDirectedSpend != "0.00" {
		t.Errorf("with Avnet as a distributor name: arrow %s, customer directed %s", j.ArrowSpend, j.CustomerDirectedSpend)
	}

	// a broken terms workbook is refused, cell by cell
	f.SetCellValue("Minimum Sales", "B2", "lots")
	f.Save()
	code, _, stderr = runCLI(t, "monthly", "--ledger", ledgerPath, "--month", "2003-01", "--terms", termsPath, "--out", filepath.Join(dir, "bad"), "--as-of", "2003-02-03")
	if code != 2 || !strings.Contains(stderr, "terms.xlsx, sheet Minimum Sales, cell B2") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestMonthlyPrints renders the sample month to PDF and reads it back: Letter
// paper, the cover's figures, the detail's header row repeated on every page and
// the §6 confidential marking in every footer.
func TestMonthlyPrints(t *testing.T) {
	oracle.Require(t, "soffice")
	oracle.Require(t, "pdftotext")
	dir := t.TempDir()
	out := filepath.Join(dir, "m.xlsx")
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", filepath.Join("..", "..", "samples", "ledger-2003.xlsx"), "--month", "2003-10", "--out", out, "--as-of", "2003-11-03", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j monthlyJSON
	json.Unmarshal([]byte(stdout), &j)
	pdf := oracle.ToPDF(t, out)
	if w, h := oracle.PDFPageSize(t, pdf); w != 612 || h != 792 {
		t.Errorf("page size %vx%v pt, want Letter 612x792", w, h)
	}
	pages := oracle.PDFPages(t, pdf)
	if pages < 5 {
		t.Fatalf("%d pages: the detail of ~900 lines should take several", pages)
	}
	cover := oracle.PDFText(t, pdf, 1)
	for _, want := range []string{"Monthly Material Spend Report", "IEC Electronics Corp.", "November 7, 2003", commaMoney(j.FranchisedSpend), commaMoney(j.ExceptionSpend), "Page 1 of"} {
		if !strings.Contains(cover, want) {
			t.Errorf("cover lacks %q:\n%s", want, cover)
		}
	}
	detailPages := 0
	for p := 2; p <= pages; p++ {
		text := oracle.PDFText(t, pdf, p)
		if !strings.Contains(text, "Confidential: Supplier Agreement §6") {
			t.Errorf("page %d has no confidential footer", p)
		}
		// every continuation page names the company, the report and the month
		// in its print header (issue 15)
		if head, _, _ := strings.Cut(strings.TrimSpace(text), "\n"); !strings.Contains(head, "IEC Electronics Corp.") || !strings.Contains(head, "Monthly material-spend report") || !strings.Contains(head, "October 2003") {
			t.Errorf("page %d's header %q does not name the company, the report and the month", p, head)
		}
		if strings.Contains(text, "###") {
			t.Errorf("page %d shows ### (a column too narrow for its number)", p)
		}
		if strings.HasSuffix(strings.TrimSpace(text), "Detail") {
			detailPages++
			if !strings.Contains(text, "PO Number") || !strings.Contains(text, "Extended Cost") {
				t.Errorf("detail page %d does not repeat the header row", p)
			}
		}
	}
	if detailPages < 2 {
		t.Errorf("%d detail pages", detailPages)
	}
}

// commaMoney formats "731720.64" as "731,720.64".
func commaMoney(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	var b []byte
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, byte(c))
	}
	return string(b) + "." + frac
}
