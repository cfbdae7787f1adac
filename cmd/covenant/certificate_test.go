package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/samples"
)

// certLedger writes a small ledger for the certificate: four PO lines (one of
// them, PO-3, an exception to §1.2) and invoices around the first two contract
// quarters (Dec 28 2002 - Mar 28 2003, Mar 29 - Jun 27 2003).
//
// Q1: I-1 998,500.00 net (1,000,000 less 1,000 returns and 500 discounts) +
// I-3 700,000 + I-4 200,000 (dated the quarter's last day) - CM-1 10,000 (a
// credit memo never paid) = 1,888,500.00 counted; I-2 600,000 paid a day late is
// excluded; I-0 is dated before the term. Excess 388,500.00.
// Q2: I-5 100,000 counted + I-6 1,000,000 unpaid, due 2003-07-20 (pending as of
// 2003-06-30) = 1,100,000.00; Required 1,500,000: 388,500 of Q1's excess used,
// shortfall 11,500.00, not final.
func certLedger(t testing.TB, dir string, edit func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Purchases")
	rows := [][]any{
		{"PO Number", "PO Line", "PO Date", "Supplier", "Manufacturer", "Part Number", "Description", "Quantity", "Unit Cost", "Confirmed Delivery Date", "Customer Directed", "Credit Limit Exception"},
		{"PO-1", 1, "2003-01-06", "Arrow Electronics, Inc.", "Vishay", "CRCW0603", "Resistor", 1000, 0.0125, "2003-01-20", "N", "N"},
		{"PO-2", 1, "2003-02-10", "Avnet", "Vishay", "SI2302", "MOSFET", 100, 2, "2003-02-25", "Y", "N"},
		{"PO-3", 1, "2003-03-20", "TTI", "Vishay", "IRF540", "FET", 2, 13, "2003-04-02", "N", "N"},
		{"PO-4", 1, "2003-04-02", "Arrow", "Vishay", "X", "Next quarter", 1, 1000, "2003-04-10", "N", "N"},
	}
	putRows(t, f, "Purchases", 1, rows)
	f.NewSheet("Franchise")
	f.SetSheetRow("Franchise", "A1", &[]any{"Manufacturer", "Authorized From", "Authorized Until"})
	f.SetSheetRow("Franchise", "A2", &[]any{"Vishay", "2002-01-01", nil})
	f.NewSheet("Arrow Responses")
	f.SetSheetRow("Arrow Responses", "A1", &[]any{"PO Number", "PO Line", "Breakdown Sent", "Arrow Response", "Responded At"})
	f.NewSheet("Invoices")
	inv := [][]any{
		{"Invoice Number", "Invoice Date", "Amount", "Returns", "Discounts", "Due Date", "Paid Date", "Note", nil, "Check"},
		{"I-0", "2002-12-20", 5000, 0, 0, "2003-01-19", "2003-01-10", "before the term"},
		{"I-1", "2002-12-30", 1000000, 1000, 500, "2003-01-29", "2003-01-29", ""},
		{"I-2", "2003-02-03", 600000, nil, nil, "2003-03-05", "2003-03-06", "a day late"},
		{"I-3", "2003-03-01", 700000, 0, 0, "2003-03-31", "2003-03-31", ""},
		{"CM-1", "2003-03-10", -10000, 0, 0, "2003-04-09", nil, "credit memo"},
		{"I-4", "2003-03-28", 200000, 0, 0, "2003-04-27", "2003-04-20", ""},
		{"I-5", "2003-03-29", 100000, 0, 0, "2003-04-28", "2003-04-25", ""},
		{"I-6", "2003-06-20", 1000000, 0, 0, "2003-07-20", nil, "unpaid"},
	}
	putRows(t, f, "Invoices", 1, inv)
	f.AddComment("Invoices", excelize.Comment{Cell: "A3", Author: "ap", Text: "paid by wire"})
	f.SetCellFormula("Invoices", "J2", "C2*2")
	if edit != nil {
		edit(f)
	}
	p := filepath.Join(dir, "ledger.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func ptr[T any](v T) *T { return &v }

// namedValue reads the cell a defined name refers to.
func namedValue(t testing.TB, f *excelize.File, name string) string {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name != name {
			continue
		}
		sheet, cell, _ := strings.Cut(strings.ReplaceAll(dn.RefersTo, "$", ""), "!")
		v, err := f.GetCellValue(strings.Trim(sheet, "'"), cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	t.Fatalf("no defined name %s", name)
	return ""
}

func TestCertificateJSON(t *testing.T) {
	q1 := minimumSalesJSON{QuarterStart: "2002-12-28", QuarterEnd: "2003-03-28", Minimum: ptr("1500000.00"), Required: ptr("1500000.00"),
		NetSalesBilled: "1888500.00", Excluded: "600000.00", Pending: "0.00", CreditUsed: "0.00", Excess: "388500.00",
		Expired: "0.00", Shortfall: "0.00", Met: ptr(true), Final: true}
	for _, tc := range []struct {
		quarter, asOf string
		want          certificateJSON
	}{
		{"2003Q1", "2003-04-30", certificateJSON{Report: "certificate", Quarter: "2003Q1", CalendarStart: "2003-01-01", CalendarEnd: "2003-03-31",
			// PO-1 12.50 Arrow, PO-2 200.00 customer directed, PO-3 26.00 exception
			Section12:    section12JSON{FranchisedSpend: "238.50", ExceptionSpend: "26.00", Exceptions: 1, Compliant: false},
			MinimumSales: []minimumSalesJSON{q1}, TermEnd: "2005-12-27", Warnings: []string{}}},
		{"2003q2", "2003-06-30", certificateJSON{Report: "certificate", Quarter: "2003Q2", CalendarStart: "2003-04-01", CalendarEnd: "2003-06-30",
			Section12: section12JSON{FranchisedSpend: "1000.00", ExceptionSpend: "0.00", Exceptions: 0, Compliant: true},
			MinimumSales: []minimumSalesJSON{q1, {QuarterStart: "2003-03-29", QuarterEnd: "2003-06-27", Minimum: ptr("1500000.00"), Required: ptr("1500000.00"),
				NetSalesBilled: "1100000.00", Excluded: "0.00", Pending: "1000000.00", CreditUsed: "388500.00", Excess: "0.00",
				Expired: "0.00", Shortfall: "11500.00", Met: ptr(false), Final: false}},
			TermEnd: "2006-03-27", Warnings: []string{}}},
	} {
		t.Run(tc.quarter, func(t *testing.T) {
			dir := t.TempDir()
			ledgerPath := certLedger(t, dir, nil)
			code, stdout, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", tc.quarter, "--out", dir, "--as-of", tc.asOf, "--json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got certificateJSON
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("%v\n%s", err, stdout)
			}
			tc.want.Output = filepath.Join(dir, "certificate-"+tc.want.Quarter+".xlsx")
			if !reflect.DeepEqual(got, tc.want) {
				g, _ := json.MarshalIndent(got, "", " ")
				w, _ := json.MarshalIndent(tc.want, "", " ")
				t.Errorf("json\n got %s\nwant %s", g, w)
			}
			// minimum and required are null (not "") where undefined: the keys exist
			for _, k := range []string{`"minimum":`, `"required":`, `"met":`, `"section_1_2":{"franchised_spend":`} {
				if !strings.Contains(stdout, k) {
					t.Errorf("json lacks %s", k)
				}
			}
		})
	}
}

func TestCertificateUndefinedMinimumJSON(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := certLedger(t, dir, nil)
	code, stdout, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", "2004Q1", "--out", dir, "--as-of", "2004-05-01", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var raw struct {
		MinimumSales []map[string]any `json:"minimum_sales"`
	}
	json.Unmarshal([]byte(stdout), &raw)
	if len(raw.MinimumSales) != 5 {
		t.Fatalf("%d quarters, want 5", len(raw.MinimumSales))
	}
	q5 := raw.MinimumSales[4]
	for _, k := range []string{"minimum", "required", "met"} {
		if v, ok := q5[k]; !ok || v != nil {
			t.Errorf("Q5 %s = %v (present %v), want null", k, v, ok)
		}
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "certificate-2004Q1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v := namedValue(t, f, "Result"); v != "minimum not yet defined: no pass or fail" {
		t.Errorf("Result %q", v)
	}
	if v := namedValue(t, f, "Notes"); !strings.Contains(v, "redefine the 2004 minimum sales levels no later than the end of Quarter 4 2003") {
		t.Errorf("Notes lack the §1.3 reminder: %q", v)
	}
}

// TestCertificateWording: one exception switches the certification to "except as
// set forth in Schedule A"; without it the certificate states compliance.
func TestCertificateWording(t *testing.T) {
	for _, tc := range []struct {
		name      string
		edit      func(f *excelize.File)
		exception bool
	}{
		{"one exception", nil, true},
		{"none", func(f *excelize.File) { f.SetCellValue("Purchases", "K4", "Y") }, false}, // PO-3 customer directed
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ledgerPath := certLedger(t, dir, tc.edit)
			out := filepath.Join(dir, "c.xlsx")
			if code, _, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", "2003Q1", "--out", out, "--as-of", "2003-04-30"); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st := namedValue(t, f, "Statement12")
			qualified := strings.Contains(st, "except as set forth in Schedule A")
			unqualified := strings.Contains(st, "all of the Customer's Requirements")
			if qualified != tc.exception || unqualified == tc.exception {
				t.Errorf("exception %v, but the certification reads:\n%s", tc.exception, st)
			}
			rows, _ := f.GetRows("Schedule A")
			listed := len(rows) > 4 && rows[4][0] == "PO-3"
			if listed != tc.exception {
				t.Errorf("Schedule A lists PO-3: %v", listed)
			}
		})
	}
}

// TestCertificatePrinted renders the workbook through LibreOffice: the
// certificate sheet is exactly one Letter page holding the signer, the period
// and Net Sales Billed; --pdf writes the same next to the workbook.
func TestCertificatePrinted(t *testing.T) {
	oracle.Require(t, "soffice")
	dir := t.TempDir()
	ledgerPath := certLedger(t, dir, nil)
	out := filepath.Join(dir, "out", "Q2 certificate.xlsx")
	code, stdout, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", "2003Q2", "--out", out, "--as-of", "2003-06-30",
		"--pdf", "--signer", "Jane Q. Signer", "--title", "President and CEO")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pdfPath := filepath.Join(dir, "out", "Q2 certificate.pdf")
	if !strings.Contains(stdout, "wrote "+pdfPath) {
		t.Errorf("stdout %q does not name the PDF", stdout)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "out"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "Q2 certificate.pdf,Q2 certificate.xlsx" {
		t.Errorf("output folder holds %q (temporary files left?)", names)
	}
	// The whole printed form: the certificate, then the schedules.
	if n := oracle.PDFPages(t, pdfPath); n < 7 {
		t.Errorf("--pdf has %d pages, want the certificate and every schedule", n)
	}
	page1 := oracle.PDFText(t, pdfPath, 1)
	for _, w := range []string{"Quarterly Compliance Certificate", "Jane Q. Signer", "President and CEO", "By:", "Date:", "Attention: Kevin D. Wholey"} {
		if !strings.Contains(page1, w) {
			t.Errorf("page 1 of the PDF lacks %q", w)
		}
	}
	if p2 := oracle.PDFText(t, pdfPath, 2); !strings.Contains(p2, "Schedule A: exceptions") {
		t.Errorf("page 2 is not Schedule A:\n%s", p2)
	}

	// The certificate sheet alone: hide the others and print.
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range f.GetSheetList() {
		if sh != "Certificate" {
			f.SetSheetVisible(sh, false)
		}
	}
	only := filepath.Join(dir, "only.xlsx")
	if err := f.SaveAs(only); err != nil {
		t.Fatal(err)
	}
	f.Close()
	pdf := oracle.ToPDF(t, only)
	if n := oracle.PDFPages(t, pdf); n != 1 {
		t.Errorf("the certificate prints on %d pages, want 1", n)
	}
	if w, h := oracle.PDFPageSize(t, pdf); w != 612 || h != 792 {
		t.Errorf("page %gx%g pts, want Letter portrait 612x792", w, h)
	}
	text := strings.Join(strings.Fields(oracle.PDFText(t, pdf, 0)), " ")
	for _, w := range []string{"Jane Q. Signer", "President and CEO", "April 1, 2003 through June 30, 2003", "March 29, 2003 through June 27, 2003",
		"1,100,000.00", "$1,100,000.00", "shortfall is $11,500.00", "NOT MET", "not final"} {
		if !strings.Contains(text, w) {
			t.Errorf("printed certificate lacks %q", w)
		}
	}
	if strings.Contains(text, "###") {
		t.Errorf("a column is too narrow for its figure:\n%s", text)
	}
	t.Logf("rendered page: %s", oracle.PDFToPNG(t, pdf, 1, filepath.Join(dir, "certificate")))
}

func TestCertificateRecalc(t *testing.T) {
	for _, tc := range []struct{ quarter, asOf string }{{"2003Q2", "2003-06-30"}, {"2004Q1", "2004-05-01"}} {
		t.Run(tc.quarter, func(t *testing.T) {
			dir := t.TempDir()
			ledgerPath := certLedger(t, dir, nil)
			out := filepath.Join(dir, "c.xlsx")
			if code, _, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", tc.quarter, "--out", out, "--as-of", tc.asOf); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			f, _ := excelize.OpenFile(out)
			for _, n := range []string{"NetSalesBilled", "Shortfall", "FranchisedSpend", "TermEnd"} {
				for _, dn := range f.GetDefinedName() {
					if dn.Name == n {
						sheet, cell, _ := strings.Cut(strings.ReplaceAll(dn.RefersTo, "$", ""), "!")
						if fm, _ := f.GetCellFormula(strings.Trim(sheet, "'"), cell); fm == "" {
							t.Errorf("%s is not a live formula", n)
						}
					}
				}
			}
			f.Close()
			oracle.Require(t, "soffice")
			if n := oracle.CompareRecalc(t, out); n < 40 {
				t.Errorf("only %d formula cells checked", n)
			}
		})
	}
}

// TestCertificateSample runs the certificate on the sample ledger: its Net Sales
// Billed per contract quarter are the figures samples/gen aimed at, and Q4 is
// short after the carried-forward credits, which the certificate states.
func TestCertificateSample(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := filepath.Join(dir, "ledger-2003.xlsx")
	os.WriteFile(ledgerPath, samples.Ledger2003, 0o644)
	code, stdout, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", "2003Q4", "--out", dir, "--as-of", "2004-01-10", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j certificateJSON
	json.Unmarshal([]byte(stdout), &j)
	var got []string
	for _, q := range j.MinimumSales {
		got = append(got, q.NetSalesBilled+"/"+q.CreditUsed+"/"+q.Excess+"/"+q.Shortfall)
	}
	want := []string{"1651742.18/0.00/151742.18/0.00", "1448906.35/51093.65/0.00/0.00", "1903215.60/0.00/103215.60/0.00", "1702488.91/203864.13/0.00/93646.96"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("net billed/credit used/excess/shortfall by quarter\n got %q\nwant %q", got, want)
	}
	if j.TermEnd != "2006-03-27" || j.Section12.Compliant || *j.MinimumSales[3].Met {
		t.Errorf("term end %s, compliant %v, Q4 met %v", j.TermEnd, j.Section12.Compliant, *j.MinimumSales[3].Met)
	}
	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st := namedValue(t, f, "Statement13")
	for _, w := range []string{"were NOT achieved: the shortfall is $93,646.96", "event of default", "to March 27, 2006"} {
		if !strings.Contains(st, w) {
			t.Errorf("§1.3 statement lacks %q:\n%s", w, st)
		}
	}
}

func TestCertificateDeterministic(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := certLedger(t, dir, nil)
	assertSameBytesTwice(t, dir, func(out string) []string {
		return []string{"certificate", "--ledger", ledgerPath, "--quarter", "2003Q2", "--out", out, "--as-of", "2003-06-30"}
	})
}

func TestCertificateInPlace(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := certLedger(t, dir, nil)
	args := []string{"certificate", "--ledger", ledgerPath, "--quarter", "2003Q1", "--out", filepath.Join(dir, "out"), "--as-of", "2003-04-30", "--in-place"}
	orig, _, _ := runInPlaceTwice(t, ledgerPath, args...)
	before, _ := excelize.OpenReader(bytes.NewReader(orig))
	after, err := excelize.OpenFile(ledgerPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := after.GetRows("Invoices", excelize.Options{RawCellValue: true})
	// after the accountant's Note and formula columns (H, J): K..N
	if got := strings.Join(rows[0][10:], ","); got != "Contract Quarter,Net Billed,Status,Reason" {
		t.Errorf("added headers %q", got)
	}
	want := map[string]string{
		"I-0":  ",5000.00,excluded",
		"I-1":  "Q1 ending 2003-03-28,998500.00,counted",
		"I-2":  "Q1 ending 2003-03-28,600000.00,excluded",
		"CM-1": "Q1 ending 2003-03-28,-10000.00,counted",
		"I-5":  "Q2 ending 2003-06-27,100000.00,counted",
		"I-6":  "Q2 ending 2003-06-27,1000000.00,pending",
	}
	for _, r := range rows[1:] {
		w, ok := want[r[0]]
		if !ok {
			continue
		}
		if len(r) < 14 || strings.Join(r[10:13], ",") != w {
			t.Errorf("%s in-place columns %q, want %s", r[0], r[10:], w)
		}
	}
	if fm, _ := after.GetCellFormula("Invoices", "L3"); fm != "ROUND(C3-D3-E3,2)" {
		t.Errorf("Net Billed is not a live formula: %q", fm)
	}
	for _, sh := range []string{"Purchases", "Franchise", "Arrow Responses"} {
		a, _ := before.GetRows(sh)
		b, _ := after.GetRows(sh)
		if !equalRows(a, b) {
			t.Errorf("sheet %s changed", sh)
		}
	}
	a, _ := before.GetRows("Invoices", excelize.Options{RawCellValue: true})
	for i, r := range a {
		for c, v := range r {
			if rows[i][c] != v {
				t.Errorf("Invoices %d,%d changed from %q to %q", i+1, c+1, v, rows[i][c])
			}
		}
	}
	if fm, _ := after.GetCellFormula("Invoices", "J2"); fm != "C2*2" {
		t.Errorf("formula lost: %q", fm)
	}
	if cs, _ := after.GetComments("Invoices"); len(cs) != 1 || cs[0].Text != "paid by wire" {
		t.Errorf("comment lost: %+v", cs)
	}
	// The Net Billed formulas' cached values are LibreOffice's (on a copy
	// without the fixture's own formula, which excelize stores uncached).
	oracle.Require(t, "soffice")
	dir2 := t.TempDir()
	plain := certLedger(t, dir2, func(f *excelize.File) { f.SetCellValue("Invoices", "J2", nil) })
	args[2] = plain
	if code, _, stderr := runCLI(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := oracle.CompareRecalc(t, plain); n != 8 {
		t.Errorf("%d formula cells checked, want the 8 Net Billed", n)
	}
}

func TestCertificateBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(f *excelize.File)
		args  []string
		code  int
		wants []string
	}{
		{"no Invoices sheet", func(f *excelize.File) { f.DeleteSheet("Invoices") }, nil, 2,
			[]string{"ledger.xlsx, sheet Invoices: is missing: the certificate's §1.3 Minimum Sales"}},
		{"bad invoice values", func(f *excelize.File) {
			f.SetCellValue("Invoices", "B3", "2003-02-30")
			f.SetCellValue("Invoices", "C4", "lots")
		}, nil, 2, []string{
			"ledger.xlsx, sheet Invoices, cell B3 (Invoice Date):",
			"ledger.xlsx, sheet Invoices, cell C4 (Amount):",
			"2 problems found",
		}},
		{"bad purchase value", func(f *excelize.File) { f.SetCellValue("Purchases", "I3", "abc") }, nil, 2,
			[]string{"ledger.xlsx, sheet Purchases, cell I3 (Unit Cost):"}},
		{"quarter before the term", nil, []string{"--quarter", "2002Q4"}, 2,
			[]string{"--quarter 2002Q4: no §1.3 contract quarter of the terms ends from 2002-10-01 to 2002-12-31"}},
		{"quarter after the term", nil, []string{"--quarter", "2006Q1"}, 2, []string{"no §1.3 contract quarter"}},
		{"bad quarter", nil, []string{"--quarter", "2003Q5"}, 2, []string{"--quarter:"}},
		{"bad as-of", nil, []string{"--as-of", "soon"}, 2, []string{"--as-of:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ledgerPath := certLedger(t, dir, tc.edit)
			orig, _ := os.ReadFile(ledgerPath)
			out := filepath.Join(dir, "out")
			args := []string{"certificate", "--ledger", ledgerPath, "--quarter", "2003Q1", "--out", out, "--as-of", "2003-04-30", "--in-place"}
			args = append(args, tc.args...)
			code, stdout, stderr := runCLI(t, args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stdout %q, stderr %q)", code, tc.code, stdout, stderr)
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
			if now, _ := os.ReadFile(ledgerPath); !bytes.Equal(now, orig) {
				t.Error("the ledger was changed despite bad input")
			}
		})
	}
}

// TestCertificatePDFWithoutLibreOffice: with no soffice on PATH, --pdf names the
// package to install, exits 1 and writes nothing (not even the workbook).
func TestCertificatePDFWithoutLibreOffice(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := certLedger(t, dir, nil)
	orig, _ := os.ReadFile(ledgerPath)
	t.Setenv("PATH", t.TempDir())
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", "2003Q1", "--out", out, "--as-of", "2003-04-30", "--pdf", "--in-place")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "apt-get install libreoffice-calc-nogui") {
		t.Errorf("stderr does not name the package: %q", stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("wrote %v without LibreOffice", entries)
	}
	if now, _ := os.ReadFile(ledgerPath); !bytes.Equal(now, orig) {
		t.Error("the ledger was changed")
	}
}
