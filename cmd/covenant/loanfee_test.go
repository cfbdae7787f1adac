package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/samples"
)

// feeWorkbook writes a loan workbook with the given Fee Events and Fee Payments
// rows under their headers; a nil slice leaves the sheet out.
func feeWorkbook(t testing.TB, dir string, events, payments [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "another sheet")
	for _, s := range []struct {
		name   string
		header []any
		rows   [][]any
	}{{"Fee Events", []any{"Event", "Date"}, events}, {"Fee Payments", []any{"Date", "Amount", "Installment"}, payments}} {
		if s.rows == nil {
			continue
		}
		f.NewSheet(s.name)
		f.SetSheetRow(s.name, "A1", &s.header)
		putRows(t, f, s.name, 2, s.rows)
	}
	p := filepath.Join(dir, "loan.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// The issue's own example: no events, as of the execution date.
func TestLoanFeeJSONAsPublished(t *testing.T) {
	dir := t.TempDir()
	loan := feeWorkbook(t, dir, nil, nil) // neither sheet: the defaults of the terms
	code, stdout, stderr := runCLI(t, "loanfee", "--loan", loan, "--out", dir, "--as-of", "2002-10-01", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	var keys []string
	for k := range j {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"amortization", "credit", "credits", "execution_date", "expense_reversed", "installments", "output", "payable", "report", "scheduled", "still_owed", "term_end", "total_expense", "waived", "written_off"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys %q, want %q", keys, want)
	}
	compact := func(s string) string {
		var b bytes.Buffer
		if err := json.Compact(&b, []byte(s)); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for field, wantJSON := range map[string]string{
		"report": `"loanfee"`, "execution_date": `"2002-10-01"`, "term_end": `"2002-12-31"`,
		"scheduled": `"150000.00"`, "waived": `"0.00"`, "payable": `"150000.00"`,
		"total_expense": `"150000.00"`, "written_off": `"0.00"`,
		"still_owed": `"150000.00"`, "credit": `"0.00"`, "credits": `[]`,
		"output": string(must(json.Marshal(filepath.Join(dir, "loanfee.xlsx")))),
	} {
		if got := compact(string(j[field])); got != wantJSON {
			t.Errorf("%s = %s, want %s", field, got, wantJSON)
		}
	}
	var inst, months []json.RawMessage
	json.Unmarshal(j["installments"], &inst)
	json.Unmarshal(j["amortization"], &months)
	if len(inst) != 6 || len(months) != 3 {
		t.Fatalf("%d installments, %d months", len(inst), len(months))
	}
	for _, c := range []struct{ got, want string }{
		{string(inst[0]), `{"id":"base-1","fee":"base","due_date":"2002-10-01","amount":"15000.00","waived":false,"waiver":"","payable":"15000.00","paid":"0.00","credit":"0.00","status":"open","paid_on":"","days_late":0}`},
		{string(months[0]), `{"month":"2002-10","days":31,"opening":"150000.00","waiver_reduction":"0.00","expense":"50543.48","expense_reversed":"0.00","written_off":"0.00","closing":"99456.52"}`},
		{string(months[1]), `{"month":"2002-11","days":30,"opening":"99456.52","waiver_reduction":"0.00","expense":"48913.04","expense_reversed":"0.00","written_off":"0.00","closing":"50543.48"}`},
		{string(months[2]), `{"month":"2002-12","days":31,"opening":"50543.48","waiver_reduction":"0.00","expense":"50543.48","expense_reversed":"0.00","written_off":"0.00","closing":"0.00"}`},
	} {
		if compact(c.got) != c.want {
			t.Errorf("got  %s\nwant %s", compact(c.got), c.want)
		}
	}
}

// runLoanFeeJSON runs loanfee with args (--json among them) and returns its
// output and stderr.
func runLoanFeeJSON(t *testing.T, args ...string) (loanFeeJSON, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"loanfee"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j loanFeeJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	return j, stderr
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestLoanFeeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	loan := feeWorkbook(t, dir,
		[][]any{{"Execution", "2002-10-01"}, {"purchase offer delivered", "11/1/2002"}},
		[][]any{{"2002-10-01", 15000, "base-1"}, {"2002-10-31", "$30,000.00", nil}, {"2003-01-05", 100, nil}})
	out := filepath.Join(dir, "out")
	j, stderr := runLoanFeeJSON(t, "--loan", loan, "--out", out, "--as-of", "2002-12-20", "--json")
	type st struct{ paid, status string }
	got := map[string]st{}
	for _, in := range j.Installments {
		got[in.ID] = st{in.Paid, in.Status}
	}
	// the unnamed 30,000 pays additional-1 (due Oct 31) and 5,000 of base-2
	want := map[string]st{"base-1": {"15000.00", "paid"}, "additional-1": {"25000.00", "paid"}, "base-2": {"5000.00", "late"},
		"additional-2": {"0.00", "waived"}, "base-3": {"0.00", "late"}, "base-4": {"0.00", "open"}}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %+v, want %+v", id, got[id], w)
		}
	}
	if j.Waived != "25000.00" || j.Payable != "125000.00" || j.TotalExpense != "125000.00" || j.WrittenOff != "0.00" {
		t.Errorf("totals %+v", j)
	}
	if len(j.Amortization) != 3 || j.Amortization[1].Expense != "36617.96" || j.Amortization[1].WaiverReduction != "25000.00" || j.Amortization[2].Expense != "37838.56" {
		t.Errorf("amortization %+v", j.Amortization)
	}
	if j.Output != filepath.Join(out, "loanfee.xlsx") {
		t.Errorf("output %q", j.Output)
	}
	if !strings.Contains(stderr, "warning: payment of $100.00 on January 5, 2003 (Fee Payments row 4) is after the as-of date") {
		t.Errorf("stderr: %q", stderr)
	}

	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct{ sheet, cell, contains string }{
		{"Schedule", "E4", "IF(ISNUMBER(D4),C4,0)"},     // waived: by the date of the event
		{"Schedule", "G4", "C4-E4"},                     // payable = amount - waived
		{"Schedule", "J4", "G4-H4+I4"},                  // outstanding = payable - paid + credit
		{"Amortization", "K24", "F24-G24+H24-I24-J24"},  // closing
		{"Amortization", "F25", "K24"},                  // opening = last closing
		{"Amortization", "I24", "ROUND(F24*D24/E24,2)"}, // a plain month
		{"Amortization", "G25", "SUMIFS(Schedule!$E$4:$E$9,Schedule!$D$4:$D$9,\">=\"&DATE(2002,11,1)"}, // the waivers of the month
		{"Summary", "B13", "SUM("},                 // scheduled
		{"Summary", "B25", "$B$23+Summary!$B$24-"}, // net expense + write-off - payable
	} {
		if fm, _ := f.GetCellFormula(c.sheet, c.cell); !strings.Contains(fm, c.contains) {
			t.Errorf("%s!%s formula %q, want %q", c.sheet, c.cell, fm, c.contains)
		}
	}
	if v, _ := f.GetCellValue("Schedule", "F7"); !strings.Contains(v, "Purchase Offer delivered November 1, 2002") {
		t.Errorf("additional-2 waiver basis %q", v)
	}
	oracle.Require(t, "soffice")
	n := oracle.CompareRecalc(t, j.Output)
	if n < 40 {
		t.Errorf("only %d formula cells checked", n)
	}
	t.Logf("%d formula cells agree with LibreOffice", n)
}

func TestLoanFeeDeterministic(t *testing.T) {
	dir := t.TempDir()
	loan := filepath.Join(dir, "loan-2002.xlsx")
	os.WriteFile(loan, samples.Loan2002, 0o644)
	assertSameBytesTwice(t, dir, func(out string) []string {
		return []string{"loanfee", "--loan", loan, "--out", out, "--as-of", "2003-01-15"}
	})
}

func TestLoanFeeBadInput(t *testing.T) {
	for _, tc := range []struct {
		name     string
		events   [][]any
		payments [][]any
		wants    []string
	}{
		{"unknown event", [][]any{{"Refinancing", "2002-12-27"}}, nil,
			[]string{`loan.xlsx, sheet Fee Events, cell A2 (Event): "Refinancing" is not a fee event: write one of "Execution", "Purchase Offer Delivered", "Financing Commitment Delivered", "Full Payment"`}},
		{"second full payment", [][]any{{"Full Payment", "2002-12-20"}, {"Full Payment", "2002-12-27"}}, nil,
			[]string{"loan.xlsx, sheet Fee Events, cell A3 (Event): a second Full Payment event (the first is in A2)"}},
		{"unknown installment and bad amount", nil, [][]any{{"2002-10-01", 15000, "base-7"}, {"2002-10-02", "lots", ""}},
			[]string{`loan.xlsx, sheet Fee Payments, cell C2 (Installment): "base-7" is not an installment`, "loan.xlsx, sheet Fee Payments, cell B3 (Amount):"}},
		{"full payment before execution", [][]any{{"Execution", "2002-10-02"}, {"Full Payment", "2002-10-01"}}, nil,
			[]string{"loan.xlsx, sheet Fee Events, cell B3 (Date): Full Payment on 2002-10-01 is before the execution date 2002-10-02"}},
		{"execution after the Initial Term", [][]any{{"Execution", "2003-01-02"}}, nil,
			[]string{"loan.xlsx, sheet Fee Events, cell B2 (Date): the execution date January 2, 2003 is after the end of the Initial Term December 31, 2002"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			loan := feeWorkbook(t, dir, tc.events, tc.payments)
			out := filepath.Join(dir, "out")
			code, stdout, stderr := runCLI(t, "loanfee", "--loan", loan, "--out", out, "--as-of", "2003-01-15")
			if code != 2 {
				t.Errorf("exit %d, want 2 (stdout %q)", code, stdout)
			}
			for _, w := range tc.wants {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("stack trace:\n%s", stderr)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("output written despite bad input: %v", entries)
			}
		})
	}
	for _, args := range [][]string{
		{"loanfee"},
		{"loanfee", "--loan", "x.xlsx", "--as-of", "2003-02-30"},
		{"loanfee", "--loan", filepath.Join(t.TempDir(), "missing.xlsx")},
	} {
		if code, _, stderr := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}

// TestLoanFeeDemoStep runs the demo's loanfee step on the sample loan workbook
// (the 2002 story) and checks the story's figures and the printed report.
func TestLoanFeeDemoStep(t *testing.T) {
	dir := t.TempDir()
	loan := filepath.Join(dir, "loan-2002.xlsx")
	os.WriteFile(loan, samples.Loan2002, 0o644)
	var step *demoStep
	for i := range demoSteps {
		if demoSteps[i].name == "loanfee" {
			step = &demoSteps[i]
		}
	}
	if step == nil || step.order != 30 {
		t.Fatalf("no loanfee demo step of order 30: %+v", step)
	}
	var stdout, stderr bytes.Buffer
	if err := step.run(demoInputs{Dir: dir, Loan: loan}, common{Out: dir, Stdout: &stdout, Stderr: &stderr}); err != nil {
		t.Fatal(err)
	}
	// Financing Commitment Nov 20 waives additional-2; Full Payment Dec 27 waives base-4;
	// everything else paid, base-2 by the payment that names no installment.
	// The waiver of Dec 27 takes the $5,175.98 left and reverses $34,824.02
	// already expensed (issue 15: not a negative expense month).
	if want := "$85,000.00 payable of $150,000.00 scheduled ($65,000.00 waived), $85,000.00 paid, $0.00 still owed; $85,000.00 expensed (net of $34,824.02 reversed), $0.00 written off"; !strings.Contains(stdout.String(), want) {
		t.Errorf("stdout %q lacks %q", stdout.String(), want)
	}
	if stderr.Len() > 0 {
		t.Errorf("warnings on the sample: %s", stderr.String())
	}
	out := filepath.Join(dir, "loanfee.xlsx")
	oracle.Require(t, "soffice")
	oracle.Require(t, "pdftotext")
	if n := oracle.CompareRecalc(t, out); n < 40 {
		t.Errorf("only %d formula cells checked", n)
	} else {
		t.Logf("%d formula cells agree with LibreOffice", n)
	}
	pdf := oracle.ToPDF(t, out)
	if w, h := oracle.PDFPageSize(t, pdf); w != 612 || h != 792 {
		t.Errorf("page size %vx%v pt, want Letter", w, h)
	}
	pages := oracle.PDFPages(t, pdf)
	if pages != 7 {
		t.Errorf("%d pages, want 7 (Summary, Schedule, Payments, Credits, Amortization, Journal, Audit)", pages)
	}
	for p, wants := range map[int][]string{
		// base-3, due Monday December 16, was paid on the 17th
		1: {"Loan Extension Fee", "IEC Electronics Corp.", "150,000.00", "65,000.00", "85,000.00", "December 27, 2002",
			"Paid late: the Base Fee, installment 3 of 4 (due December 16, 2002, paid in full December 17, 2002: 1 day).",
			"Written off at Full Payment on December 27, 2002: $0.00.", "34,824.02"},
		2: {"Extension Fee installments", "Additional Fee,", "Financing Commitment delivered November", "Waived", "Paid late, 1"},
		3: {"Payments of the Extension Fee", "15,000.00", "30,000.00"},
		4: {"Credits with the Agent", "(none)"},
		// December: 26 days expensed, the waiver of the 27th reverses
		// 34,824.02; no negative expense
		5: {"Amortization of the Extension Fee by month", "50,543.48", "26,915.12", "34,824.02", "Closing Balance"},
		6: {"Journal entries", "Deferred Financing Costs", "Extension Fee Payable", "Cash", "Reversal of amortization expensed before the waiver"},
		7: {"Audit trail", "loan-2002.xlsx"},
	} {
		if p > pages {
			continue
		}
		text := strings.Join(strings.Fields(oracle.PDFText(t, pdf, p)), " ")
		for _, w := range append(wants, "Amendment No. 10 (A.3, B.3)", "Page "+string(rune('0'+p))+" of") {
			if !strings.Contains(text, w) {
				t.Errorf("page %d lacks %q", p, w)
			}
		}
		if strings.Contains(text, "###") {
			t.Errorf("page %d shows ### (a column too narrow)", p)
		}
	}
}

// Full Payment on Oct 5 leaves a balance to write off: the write-off takes the
// rounding residue as a formula.
func TestLoanFeeWriteOff(t *testing.T) {
	dir := t.TempDir()
	loan := feeWorkbook(t, dir, [][]any{{"Full Payment", "2002-10-05"}}, [][]any{})
	code, stdout, stderr := runCLI(t, "loanfee", "--loan", loan, "--out", filepath.Join(dir, "r.xlsx"), "--as-of", "2002-11-01", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j loanFeeJSON
	json.Unmarshal([]byte(stdout), &j)
	if j.Payable != "15000.00" || j.TotalExpense != "6618.08" || j.WrittenOff != "8381.92" || len(j.Amortization) != 1 || j.Amortization[0].Days != 5 {
		t.Fatalf("figures %+v", j)
	}
	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	fm, _ := f.GetCellFormula("Amortization", "J24")
	f.Close()
	if fm != "F24-G24+H24-I24" {
		t.Errorf("write-off formula %q", fm)
	}
	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, j.Output); n < 20 {
		t.Errorf("only %d formula cells checked", n)
	}
}

// The rules come from the terms: a later deadline and due date, and the chart of
// accounts, edited in the terms workbook.
func TestLoanFeeWithEditedTerms(t *testing.T) {
	dir := t.TempDir()
	termsPath := filepath.Join(dir, "terms.xlsx")
	if code, _, stderr := runCLI(t, "terms", "export", termsPath); code != 0 {
		t.Fatalf("terms export: exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(termsPath)
	if err != nil {
		t.Fatal(err)
	}
	setBy := func(sheet, key string, col string, v any) {
		rows, _ := f.GetRows(sheet)
		for i, r := range rows {
			if len(r) > 0 && r[0] == key {
				f.SetCellValue(sheet, fmt.Sprintf("%s%d", col, i+1), v)
				return
			}
		}
		t.Fatalf("%s has no row %q", sheet, key)
	}
	setBy("Loan", "Additional Fee Waiver Deadline", "B", "2002-11-30")
	setBy("Loan", "Cash Account", "B", "Cash - HSBC operating")
	setBy("Fee Installments", "additional-2", "C", "2002-11-29")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	loan := feeWorkbook(t, dir, [][]any{{"Purchase Offer Delivered", "2002-11-28"}}, [][]any{{"2002-10-01", 15000, "base-1"}})
	code, stdout, stderr := runCLI(t, "loanfee", "--loan", loan, "--terms", termsPath, "--out", filepath.Join(dir, "r.xlsx"), "--as-of", "2003-01-15", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j loanFeeJSON
	json.Unmarshal([]byte(stdout), &j)
	if j.Waived != "25000.00" {
		t.Errorf("waived %s: a delivery on Nov 28, before the edited deadline Nov 30, waives additional-2 now due Nov 29", j.Waived)
	}
	out, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	rows, _ := out.GetRows("Journal")
	found := false
	for _, r := range rows {
		found = found || slices.Contains(r, "Cash - HSBC operating")
	}
	if !found {
		t.Error("the journal does not use the Cash account named in the terms")
	}
}

// TestLoanFeeCreditsEndToEnd: a payment naming no installment on November 1 goes
// to base-2 and additional-2 (open that day); the Financing Commitment of
// November 20 waives additional-2 and the $10,000 paid on it becomes a credit with
// the Agent, not a payment on base-3; base-3 paid a day late is paid_late. The
// JSON, the workbook (recalculated by LibreOffice) and the printed pages say so.
func TestLoanFeeCreditsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	loan := feeWorkbook(t, dir,
		[][]any{{"Execution", "2002-10-01"}, {"Financing Commitment Delivered", "2002-11-20"}},
		[][]any{{"2002-10-01", 15000, "base-1"}, {"2002-10-31", 25000, "additional-1"}, {"2002-11-01", 25000, nil}, {"2002-12-17", 30000, "base-3"}})
	out := filepath.Join(dir, "out")
	j, stderr := runLoanFeeJSON(t, "--loan", loan, "--out", out, "--as-of", "2002-12-20", "--json")
	type st struct {
		paid, credit, status, paidOn string
		daysLate                     int
	}
	got := map[string]st{}
	for _, in := range j.Installments {
		got[in.ID] = st{in.Paid, in.Credit, in.Status, in.PaidOn, in.DaysLate}
	}
	want := map[string]st{
		"base-1":       {"15000.00", "0.00", "paid", "2002-10-01", 0},
		"additional-1": {"25000.00", "0.00", "paid", "2002-10-31", 0},
		"base-2":       {"15000.00", "0.00", "paid", "2002-11-01", 0},
		"additional-2": {"10000.00", "10000.00", "waived", "", 0},
		"base-3":       {"30000.00", "0.00", "paid_late", "2002-12-17", 1},
		"base-4":       {"0.00", "0.00", "open", "", 0},
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %+v, want %+v", id, got[id], w)
		}
	}
	if j.StillOwed != "40000.00" || j.Credit != "10000.00" || len(j.Credits) != 1 {
		t.Fatalf("still owed %s, credit %s, credits %+v", j.StillOwed, j.Credit, j.Credits)
	}
	if c := j.Credits[0]; c.Date != "2002-11-20" || c.Amount != "10000.00" || c.Installment != "additional-2" || c.Kind != "waived" ||
		!strings.Contains(c.Basis, "$10,000.00 on November 1, 2002, Fee Payments row 4") {
		t.Errorf("credit %+v", c)
	}
	if !strings.Contains(stderr, "the Additional Fee, installment 2 of 2 was waived on November 20, 2002 after $10,000.00 had been paid on it") {
		t.Errorf("no warning about the credit: %q", stderr)
	}
	// the summary line without --json
	code, stdout, _ := runCLI(t, "loanfee", "--loan", loan, "--out", filepath.Join(dir, "plain.xlsx"), "--as-of", "2002-12-20")
	if want := "$125,000.00 payable of $150,000.00 scheduled ($25,000.00 waived), $85,000.00 paid, $40,000.00 still owed; $10,000.00 held by the Agent as a credit (to apply to the next installment still owed (the Base Fee, installment 4 of 4, $40,000.00 due December 31, 2002) or to refund)"; code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("stdout %q lacks %q", stdout, want)
	}

	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Schedule")
	for _, r := range rows[3:] {
		switch r[0] {
		case "Additional Fee, installment 2 of 2":
			if strings.TrimSpace(r[8]) != "$10,000.00" || strings.TrimSpace(r[9]) != "$0.00" {
				t.Errorf("additional-2 row %q: credit 10,000.00, nothing outstanding", r)
			}
		case "Base Fee, installment 3 of 4":
			if r[10] != "Paid late, 1 day" {
				t.Errorf("base-3 status %q", r[10])
			}
		}
	}
	credits, _ := f.GetRows("Credits")
	if len(credits) != 5 || credits[3][0] != "2002-11-20" || credits[3][2] != "Additional Fee, installment 2 of 2" || credits[3][3] != "paid before the installment was waived" || credits[4][0] != "Total" {
		t.Errorf("Credits sheet %q", credits)
	}
	for cell, want := range map[string]string{"B16": "85000.00", "B17": "40000.00", "B18": "10000.00", "B19": "30000.00"} {
		if v, _ := f.GetCellValue("Summary", cell, excelize.Options{RawCellValue: true}); v != want {
			t.Errorf("Summary!%s = %s, want %s", cell, v, want)
		}
	}

	oracle.Require(t, "soffice")
	oracle.Require(t, "pdftotext")
	if n := oracle.CompareRecalc(t, j.Output); n < 45 {
		t.Errorf("only %d formula cells checked", n)
	}
	pdf := oracle.ToPDF(t, j.Output)
	if pages := oracle.PDFPages(t, pdf); pages != 7 {
		t.Errorf("%d pages, want 7", pages)
	}
	for p, wants := range map[int][]string{
		1: {"Credit with the Agent", "Still owed less the credit", "30,000.00",
			"The Agent also holds $10,000.00 paid that no installment owes (see Credits), to apply to the next installment still owed (the Base Fee, installment 4 of 4, $40,000.00 due December 31, 2002) or to refund",
			"Paid late: the Base Fee, installment 3 of 4"},
		2: {"Paid late, 1", "10,000.00"},
		4: {"Credits with the Agent", "paid before the", "November 20, 2002"},
	} {
		text := strings.Join(strings.Fields(oracle.PDFText(t, pdf, p)), " ")
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("page %d lacks %q:\n%s", p, w, text)
			}
		}
	}
}
