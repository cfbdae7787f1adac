package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/samples"
)

// statusLedger writes a ledger whose §1.3 quarters are known by hand: Q1
// (December 27, 2002 to March 28, 2003) billed exactly $1,500,000; Q2 (March
// 29 to June 27) $1,619,000, an excess of $119,000 carried forward; Q3 (June
// 28 to September 26) $1,650,000 by August 29, $200,000 of it unpaid and not
// yet due. deliveries are rows of a Deliveries sheet (nil: no sheet).
func statusLedger(t testing.TB, dir string, deliveries [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Purchases")
	putRows(t, f, "Purchases", 1, [][]any{
		{"PO Number", "PO Line", "PO Date", "Supplier", "Manufacturer", "Part Number", "Description", "Quantity", "Unit Cost", "Confirmed Delivery Date", "Customer Directed", "Credit Limit Exception"},
		{"PO-1", 1, "2003-08-04", "Arrow Electronics, Inc.", "Vishay", "CRCW0603", "Resistor", 1000, 0.0125, "2003-08-20", "N", "N"},
		{"PO-2", 1, "2003-08-05", "TTI", "Vishay", "IRF540", "FET", 2, 13, "2003-08-22", "N", "N"},
		{"PO-3", 1, "2003-08-27", "Avnet", "Vishay", "SI2302", "MOSFET", 10, 2, "2003-09-10", "N", "N"},
	})
	f.NewSheet("Franchise")
	f.SetSheetRow("Franchise", "A1", &[]any{"Manufacturer", "Authorized From", "Authorized Until"})
	f.SetSheetRow("Franchise", "A2", &[]any{"Vishay", "2002-01-01", nil})
	f.NewSheet("Arrow Responses")
	putRows(t, f, "Arrow Responses", 1, [][]any{
		{"PO Number", "PO Line", "Breakdown Sent", "Arrow Response", "Responded At"},
		{"PO-3", 1, "2003-08-29 10:30", nil, nil},
	})
	f.NewSheet("Invoices")
	putRows(t, f, "Invoices", 1, [][]any{
		{"Invoice Number", "Invoice Date", "Amount", "Returns", "Discounts", "Due Date", "Paid Date"},
		{"I-1", "2003-02-03", 1500000, 0, 0, "2003-03-05", "2003-03-04"},
		{"I-2", "2003-05-05", 1619000, 0, 0, "2003-06-04", "2003-06-02"},
		{"I-3", "2003-07-07", 1000000, 0, 0, "2003-08-06", "2003-08-05"},
		{"I-4", "2003-08-04", 450000, 0, 0, "2003-08-25", "2003-08-20"},
		{"I-5", "2003-08-20", 200000, 0, 0, "2003-09-19", nil},
	})
	if deliveries != nil {
		f.NewSheet("Deliveries")
		putRows(t, f, "Deliveries", 1, append([][]any{{"Obligation", "Delivered On", "To", "Reference"}}, deliveries...))
	}
	p := filepath.Join(dir, "ledger.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestStatusMinimumSalesToDate: the figures to date against a hand
// computation. As of Friday, August 29, 2003, the business days left through
// Friday, September 26 are 19: Labor Day, Monday September 1, is none (20
// without it). Needed = 1,800,000 - 1,650,000 - 119,000 = 31,000; a business
// day: 31,000 / 19 = 1,631.578... rounded up, 1,631.58.
func TestStatusMinimumSalesToDate(t *testing.T) {
	dir := t.TempDir()
	lp := statusLedger(t, dir, [][]any{{"monthly-2003-07", "2003-08-01", "reports@arrow.example", "Message-ID <7@x>"}})
	code, stdout, stderr := runCLI(t, "status", "--ledger", lp, "--as-of", "2003-08-29", "--out", dir, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	for _, k := range []string{"report", "as_of", "obligations", "minimum_sales", "pending_breakdowns", "defaults", "output"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("--json lacks %q", k)
		}
	}
	var j struct {
		Report      string `json:"report"`
		AsOf        string `json:"as_of"`
		Obligations []struct {
			ID, Clause, What, Due, Status string
			Delivered                     *struct {
				On       string `json:"on"`
				DaysLate int    `json:"days_late"`
			} `json:"delivered"`
		} `json:"obligations"`
		MinimumSales map[string]any `json:"minimum_sales"`
		Pending      []struct {
			PONumber  string `json:"po_number"`
			POLine    *int   `json:"po_line"`
			Sent      string `json:"sent"`
			ReleaseAt string `json:"release_at"`
		} `json:"pending_breakdowns"`
		Defaults []struct{ Date, Agreement, Clause, What string } `json:"defaults"`
		Output   string                                           `json:"output"`
	}
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatal(err)
	}
	if j.Report != "status" || j.AsOf != "2003-08-29" || j.Output != filepath.Join(dir, "status-2003-08-29.xlsx") {
		t.Errorf("report %q as of %q output %q", j.Report, j.AsOf, j.Output)
	}
	want := map[string]any{"quarter_end": "2003-09-26", "required": "1800000.00", "net_sales_billed": "1650000.00", "pending": "200000.00",
		"credits_available": "119000.00", "needed": "31000.00", "business_days_left": float64(19), "per_business_day": "1631.58"}
	for k, v := range want {
		if j.MinimumSales[k] != v {
			t.Errorf("minimum_sales.%s = %v, want %v", k, j.MinimumSales[k], v)
		}
	}
	byID := map[string]int{}
	for i, o := range j.Obligations {
		byID[o.ID] = i
		if o.Clause == "" || o.What == "" || o.Due == "" {
			t.Errorf("%s lacks its clause, what or due date", o.ID)
		}
	}
	if o := j.Obligations[byID["monthly-2003-07"]]; o.Status != "done" || o.Delivered == nil || o.Delivered.On != "2003-08-01" {
		t.Errorf("monthly-2003-07: %+v", o)
	}
	if o := j.Obligations[byID["monthly-2003-06"]]; o.Status != "late" || o.Delivered != nil {
		t.Errorf("monthly-2003-06: %+v", o)
	}
	if _, ok := byID["fee-base-2"]; ok {
		t.Error("the loan's obligations are listed without --loan")
	}
	if len(j.Pending) != 1 || j.Pending[0].PONumber != "PO-3" || j.Pending[0].POLine == nil || *j.Pending[0].POLine != 1 ||
		j.Pending[0].Sent != "2003-08-29T10:30" || j.Pending[0].ReleaseAt != "2003-08-30T10:30" {
		t.Errorf("pending_breakdowns %+v", j.Pending)
	}
	late := 0
	for _, d := range j.Defaults {
		if strings.Contains(d.What, "Monthly report for June 2003") && d.Clause == "§1.2, §4.1" {
			late++
		}
	}
	if late != 1 {
		t.Errorf("defaults %+v", j.Defaults)
	}

	// the workbook: the figures are live formulas, NETWORKDAYS over the holidays
	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, wantV := range map[string]string{"BusinessDaysLeft": "19", "Needed": "31,000.00", "PerBusinessDay": "1,631.58", "CreditsAvailable": "119,000.00"} {
		if got := namedValue(t, f, name); !strings.Contains(got, wantV) {
			t.Errorf("%s shows %q, want %q", name, got, wantV)
		}
	}
	hol, _ := f.GetRows("Holidays")
	if len(hol) != 6 || strings.Join(hol[4], " ") != "2003-07-04 Independence Day" || strings.Join(hol[5], " ") != "2003-09-01 Labor Day" {
		t.Errorf("Holidays sheet: %q", hol)
	}
	if oracle.Require(t, "soffice"); true {
		if n := oracle.CompareRecalc(t, j.Output); n < 30 {
			t.Errorf("LibreOffice recalculated only %d formulas", n)
		}
	}
}

// TestStatusTerminal: the summary and the five most urgent lines, in words.
func TestStatusTerminal(t *testing.T) {
	dir := t.TempDir()
	lp := statusLedger(t, dir, nil)
	code, stdout, stderr := runCLI(t, "status", "--ledger", lp, "--as-of", "2003-09-02", "--out", filepath.Join(dir, "st.xlsx"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "wrote "+filepath.Join(dir, "st.xlsx")+": ") {
		t.Fatalf("stdout:\n%s", stdout)
	}
	if !strings.Contains(lines[1], "LATE") || !strings.Contains(lines[1], "Monthly report for July 2003") {
		t.Errorf("the most urgent line: %s", lines[1])
	}
	for _, l := range lines[1:] {
		if strings.Contains(l, "monthly-") || strings.Contains(l, "certificate-") {
			t.Errorf("a program code on the terminal: %s", l)
		}
	}
}

// TestStatusPrinted: the first sheet prints on one Letter page (looked at as
// a PNG), with the loan's block from the sample loan workbook; LibreOffice
// recalculates every formula to its cached value.
func TestStatusPrinted(t *testing.T) {
	oracle.Require(t, "soffice")
	dir := t.TempDir()
	lp := sampleLedger(t, dir)
	loan := filepath.Join(dir, "loan-2002.xlsx")
	if err := os.WriteFile(loan, samples.Loan2002, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "status.xlsx")
	code, stdout, stderr := runCLI(t, "status", "--ledger", lp, "--loan", loan, "--as-of", "2003-09-10", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "72 obligations as of September 10, 2003") {
		t.Errorf("stdout: %s", stdout)
	}
	if n := oracle.CompareRecalc(t, out); n < 200 {
		t.Errorf("LibreOffice recalculated only %d formulas", n)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range f.GetSheetList() {
		if sh != "Where We Stand" {
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
		t.Errorf("the first sheet prints on %d pages, want 1", n)
	}
	if w, h := oracle.PDFPageSize(t, pdf); w != 612 || h != 792 {
		t.Errorf("page %gx%g pts, want Letter portrait 612x792", w, h)
	}
	text := strings.Join(strings.Fields(oracle.PDFText(t, pdf, 0)), " ")
	for _, w := range []string{"Where we stand on September 10, 2003", "Minimum Sales to date", "1,800,000.00", "10,574.16",
		"Business days left after September 10 through September 26, 2003 12", "Breakdowns awaiting Arrow's answer",
		"Availability on December 31, 2002", "Defaults map", "Most urgent", "Monthly report for August 2003"} {
		if !strings.Contains(text, w) {
			t.Errorf("page 1 lacks %q", w)
		}
	}
	for _, bad := range []string{"###", "monthly-2003", "fee-base", "released_by_arrow"} {
		if strings.Contains(text, bad) {
			t.Errorf("page 1 holds %q:\n%s", bad, text)
		}
	}
	t.Logf("rendered page: %s", oracle.PDFToPNG(t, pdf, 1, filepath.Join(dir, "status")))
	assertSameBytesTwice(t, dir, func(o string) []string {
		return []string{"status", "--ledger", lp, "--loan", loan, "--as-of", "2003-09-10", "--out", o}
	})
}
