package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/oracle"
)

// monthlyRun runs monthly --json on ledger and opens the report.
func monthlyRun(t *testing.T, ledger, month, asOf string, extra ...string) (monthlyJSON, *excelize.File, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	return monthlyRunArgs(t, append([]string{"monthly", "--ledger", ledger, "--month", month, "--out", out, "--as-of", asOf}, extra...))
}

// inPlaceColumnsOf reads the in-place columns of the fixture ledger by PO line
// (Franchised, Classification, Compliant, Reason, Reported In).
func inPlaceColumnsOf(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Purchases")
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	out := map[string][]string{}
	for _, r := range rows[1:] {
		if len(r) < 2 || r[0] == "" {
			continue
		}
		var v []string
		for _, h := range ledger.OutColumnNames(inPlaceColumns) {
			c, ok := col[h]
			if ok && c < len(r) {
				v = append(v, r[c])
			} else {
				v = append(v, "")
			}
		}
		out[r[0]+"/"+r[1]] = v
	}
	return out
}

// TestMonthlyAuditTrail: in place, Reported In is written only on the lines
// the report lists; other lines keep what an earlier run wrote there, lines
// never reported stay blank, and lines dated after the as-of date have their
// classification left blank. Twice is once.
func TestMonthlyAuditTrail(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := fixtureLedger(t, dir, nil)
	out := filepath.Join(dir, "out")
	inPlace := func(month, asOf string) {
		t.Helper()
		runInPlaceTwice(t, ledgerPath, "monthly", "--ledger", ledgerPath, "--month", month, "--out", out, "--as-of", asOf, "--in-place")
	}
	check := func(step string, want map[string]string) {
		t.Helper()
		got := inPlaceColumnsOf(t, ledgerPath)
		for po, w := range want {
			g := got[po]
			if g == nil {
				t.Errorf("%s: no row %s", step, po)
				continue
			}
			if s := strings.Join([]string{g[1], g[4]}, "|"); s != w {
				t.Errorf("%s: %s Classification|Reported In = %q, want %q", step, po, s, w)
			}
		}
	}
	// February first, as of a day before PO-8: nothing of February is known yet
	inPlace("2003-02", "2003-02-02")
	check("February as of Feb 2", map[string]string{
		"PO-1/1": "Bought from Arrow|", "PO-7/1": "Out of scope|", "PO-8/1": "|",
	})
	inPlace("2003-01", "2003-02-03")
	check("January", map[string]string{
		"PO-1/1": "Bought from Arrow|2003-01", "PO-1/2": "Bought from Arrow|2003-01", "PO-2/1": "Customer directed|2003-01", "PO-5/1": "Exception to §1.2|2003-01",
		"PO-7/1": "Out of scope|",      // not franchised: the report does not list it
		"PO-8/1": "Bought from Arrow|", // February's: not in January's report
		"PO-9/1": "Released by Arrow|2003-01",
	})
	inPlace("2003-02", "2003-03-10")
	check("then February", map[string]string{
		"PO-1/1": "Bought from Arrow|2003-01", // kept from January's run
		"PO-7/1": "Out of scope|",
		"PO-8/1": "Bought from Arrow|2003-02",
	})
	// January again, as of January 21: the lines after it are not known yet,
	// their classification blank, and what earlier runs wrote in Reported In stays
	inPlace("2003-01", "2003-01-21")
	check("January as of Jan 21", map[string]string{
		"PO-1/1": "Bought from Arrow|2003-01", "PO-5/1": "Exception to §1.2|2003-01",
		"PO-6/1": "|2003-01", "PO-9/1": "|2003-01", // after the as-of date
		"PO-8/1": "|2003-02",
	})
	if g := inPlaceColumnsOf(t, ledgerPath)["PO-6/1"]; strings.Join(g[:4], "") != "" {
		t.Errorf("PO-6, dated after the as-of date: columns %q, want the classification blank", g)
	}
}

// TestMonthlyNotKnownYetAndDraft: a line dated after --as-of is left out of
// every total with one warning; a month ending after --as-of is a draft.
func TestMonthlyNotKnownYetAndDraft(t *testing.T) {
	ledgerPath := fixtureLedger(t, t.TempDir(), nil)
	j, f, _ := monthlyRun(t, ledgerPath, "2003-01", "2003-01-21")
	// known by Jan 21: PO-1 (13.51 arrow), PO-2 (200 customer directed), PO-3
	// (30 credit limit), PO-4 (35 released), PO-5 (44 exception); PO-6, PO-7
	// and PO-9 are later
	if !j.Draft || j.Lines != 6 || j.FranchisedLines != 6 || j.FranchisedSpend != "322.51" || j.ExceptionSpend != "44.00" || j.ReleasedSpend != "35.00" {
		t.Errorf("json %+v", j)
	}
	warnings := strings.Join(j.Warnings, "\n")
	if want := "3 PO lines of January 2003 are dated after the as-of date January 21, 2003 (the first in row 8 of Purchases): not known yet as of that date, the report leaves them out of every total"; !strings.Contains(warnings, want) {
		t.Errorf("warnings %q lack %q", warnings, want)
	}
	if strings.Count(warnings, "after the as-of date") != 1 {
		t.Errorf("more than one warning about the lines not known yet: %q", warnings)
	}
	if s := namedValue(t, f, "Status"); s != "DRAFT: the month ends January 31, 2003, after the as-of date January 21, 2003. PO lines dated after the as-of date are not known yet; the figures may change." {
		t.Errorf("status %q", s)
	}
	if s := namedValue(t, f, "Statement"); !strings.HasPrefix(s, "As of January 21, 2003 (a draft): 1 of 6 franchised-part purchase lines of January 2003 ($44.00)") {
		t.Errorf("statement %q", s)
	}
	if n := namedValue(t, f, "LinesNotKnownYet"); n != "3" {
		t.Errorf("lines not known yet %q", n)
	}
	for _, tc := range []struct {
		asOf  string
		draft bool
	}{{"2003-01-30", true}, {"2003-01-31", false}, {"2003-02-03", false}} {
		j, f, _ := monthlyRun(t, ledgerPath, "2003-01", tc.asOf)
		status := namedValue(t, f, "Status")
		if j.Draft != tc.draft || strings.Contains(status, "DRAFT") != tc.draft {
			t.Errorf("as of %s: draft %v, status %q", tc.asOf, j.Draft, status)
		}
	}
}

// TestMonthlyEmptyMonth: a month with no PO line still gets its report, whose
// cover says so, names the dates the ledger covers and shows the share as
// n/a, with a warning.
func TestMonthlyEmptyMonth(t *testing.T) {
	ledgerPath := fixtureLedger(t, t.TempDir(), nil)
	j, f, stderr := monthlyRun(t, ledgerPath, "2003-05", "2003-06-10")
	if j.Lines != 0 || j.FranchisedSpend != "0.00" || j.Draft || len(j.Exceptions) != 0 {
		t.Errorf("json %+v", j)
	}
	covered := "The ledger's PO lines are dated from January 6, 2003 to February 3, 2003 (January 2003 to February 2003)."
	if s := namedValue(t, f, "Status"); s != "No PO line of the ledger is dated in May 2003. "+covered {
		t.Errorf("status %q", s)
	}
	if s := namedValue(t, f, "ArrowShare"); s != "n/a (no purchases)" {
		t.Errorf("share %q, want n/a (no purchases)", s)
	}
	if s := namedValue(t, f, "Statement"); s != "No PO line is dated in May 2003: there is no material spend to report for the month (§1.2)." {
		t.Errorf("statement %q", s)
	}
	if !strings.Contains(stderr, "warning: no PO line of the ledger is dated in May 2003: the report is written with nothing to report. "+covered) {
		t.Errorf("stderr %q", stderr)
	}
	oracle.Require(t, "soffice")
	oracle.CompareRecalc(t, j.Output)
}

// TestMonthlyOutsideTerm: a month wholly outside the Supplier Agreement's
// term says so on the cover and warns; its lines are out of scope (§2).
func TestMonthlyOutsideTerm(t *testing.T) {
	ledgerPath := fixtureLedger(t, t.TempDir(), func(f *excelize.File) {
		putRows(t, f, "Purchases", 13, [][]any{
			{"PO-20", 1, "2006-01-10", "Avnet", "Vishay", "X", "After the term", 1, 5, "", "N", "N"},
			{"PO-21", 1, "2002-12-20", "Avnet", "Vishay", "X", "Before the term", 1, 6, "", "N", "N"},
		})
	})
	j, f, stderr := monthlyRun(t, ledgerPath, "2006-01", "2006-03-01")
	if j.Lines != 1 || j.FranchisedLines != 0 || len(j.Exceptions) != 0 {
		t.Errorf("json %+v", j)
	}
	want := "January 2006 lies wholly outside the term of the Supplier Agreement (December 27, 2002 through December 27, 2005, §2)"
	if s := namedValue(t, f, "Status"); !strings.HasPrefix(s, want) {
		t.Errorf("status %q", s)
	}
	if !strings.Contains(stderr, "warning: "+want) || strings.Contains(stderr, "late") {
		t.Errorf("stderr %q", stderr)
	}
	// December 2002: the line of the 20th is before the term, out of scope
	j, _, _ = monthlyRun(t, ledgerPath, "2002-12", "2003-01-10")
	if j.Lines != 1 || j.FranchisedLines != 0 || len(j.Exceptions) != 0 {
		t.Errorf("December 2002: %+v", j)
	}
}

// TestMonthlyReturnsAndPOTimes: returns are their own class with their own
// total, the six totals add up to the franchised spend; a PO Time column
// decides whether Arrow's release came first.
func TestMonthlyReturnsAndPOTimes(t *testing.T) {
	ledgerPath := fixtureLedger(t, t.TempDir(), func(f *excelize.File) {
		f.SetCellValue("Purchases", "O1", "PO Time")
		// PO-5's Meet decides whatever the time; PO-10 was approved at 11:00
		// on the 29th, its PO committed at 10:30 (an exception) and PO-11 at
		// 11:30 (released); PO-12 is dated with a time in the PO Date cell
		putRows(t, f, "Purchases", 13, [][]any{
			{"PO-10", 1, "2003-01-29", "Avnet", "Vishay", "A", "Committed before the approval", 1, 100, "", "N", "N", nil, "lee", "10:30"},
			{"PO-11", 1, "2003-01-29", "Avnet", "Vishay", "B", "Committed after the approval", 1, 110, "", "N", "N", nil, "lee", "11:30"},
			{"PO-12", 1, time.Date(2003, 1, 29, 11, 0, 0, 0, time.UTC), "Avnet", "Vishay", "C", "At the minute of the approval", 1, 120, "", "N", "N", nil, "lee"},
			{"PO-13", 1, "2003-01-30", "Avnet", "Vishay", "D", "Returned to Avnet", -2, 25, "", "N", "N", nil, "lee"},
			{"PO-14", 1, "2003-01-30", "Arrow Electronics Inc.", "Vishay", "E", "Returned to Arrow", -1, 8.5, "", "N", "N", nil, "lee"},
			{"PO-15", 1, "2003-01-30", "Arrow CMS Distribution Group of Arrow Electronics, Inc.", "Vishay, Inc.", "F", "The agreement's name", 2, 4, "", "N", "N", nil, "lee"},
			{"PO-16", 1, "2003-01-30", "Avnet", "Vishey", "G", "A near miss", 3, 1, "", "N", "N", nil, "lee"},
		})
		for _, po := range []string{"PO-10", "PO-11", "PO-12"} {
			n, _ := f.GetRows("Arrow Responses")
			f.SetSheetRow("Arrow Responses", "A"+strconv.Itoa(len(n)+1), &[]any{po, 1, "2003-01-28 16:00", "Approve", "2003-01-29 11:00"})
		}
	})
	j, f, _ := monthlyRun(t, ledgerPath, "2003-01", "2003-02-03")
	// the fixture's 365.51 + 100 (exception) + 110 + 120 (released) - 50 - 8.50
	// (returns) + 8 (Arrow)
	if j.ReturnsSpend != "-58.50" || j.ExceptionSpend != "170.00" || j.ReleasedSpend != "282.00" || j.ArrowSpend != "21.51" || j.FranchisedSpend != "645.01" {
		t.Errorf("json %+v", j)
	}
	sum := 0.0
	for _, s := range []string{j.ArrowSpend, j.CustomerDirectedSpend, j.CreditLimitSpend, j.ReleasedSpend, j.ExceptionSpend, j.ReturnsSpend} {
		sum += atof(t, s)
	}
	if got := atof(t, j.FranchisedSpend); got < sum-0.001 || got > sum+0.001 {
		t.Errorf("the six classes add up to %.2f, franchised_spend %s", sum, j.FranchisedSpend)
	}
	var po10 string
	for _, e := range j.Exceptions {
		if e.PONumber == "PO-13" || e.PONumber == "PO-14" {
			t.Errorf("a return is listed as an exception: %+v", e)
		}
		if e.PONumber == "PO-10" {
			po10 = e.Reason
		}
	}
	if po10 != "breakdown sent January 28, 2003 at 4:00 PM, Arrow approved placement with Avnet on January 29, 2003 at 11:00 AM; the PO was committed on January 29, 2003 at 10:30 AM, before the approval: §1.2 asks for Arrow's release before Purchase Order commitment" {
		t.Errorf("PO-10 reason %q", po10)
	}
	if n, s := namedValue(t, f, "Lines_return"), namedValue(t, f, "Spend_return"); n != "2" || !strings.Contains(s, "(58.50)") {
		t.Errorf("cover returns %s lines %s", n, s)
	}
	if !strings.Contains(strings.Join(j.Warnings, "\n"), `Purchases!E19: the manufacturer "Vishey" (1 PO line of January 2003, the first here) is not on Arrow's line card, but its name is close to "Vishay", which is`) {
		t.Errorf("no near-miss warning: %q", j.Warnings)
	}
	audit, _ := f.GetRows("Audit")
	found := false
	for _, r := range audit {
		found = found || len(r) > 1 && r[0] == "Warning" && strings.Contains(r[1], `"Vishey"`)
	}
	if !found {
		t.Error("the audit sheet does not list the near miss")
	}
	oracle.Require(t, "soffice")
	oracle.CompareRecalc(t, j.Output)
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCertificateReturnsAndAsOf: the certificate's §1.2 part, which embeds the
// monthly classification, counts returns on their own line (in no schedule)
// and leaves out the lines dated after --as-of.
func TestCertificateReturnsAndAsOf(t *testing.T) {
	ledgerPath := fixtureLedger(t, t.TempDir(), func(f *excelize.File) {
		putRows(t, f, "Purchases", 13, [][]any{{"PO-13", 1, "2003-02-10", "Avnet", "Vishay", "D", "Returned to Avnet", -2, 25, "", "N", "N"}})
	})
	run := func(asOf string) (certificateJSON, *excelize.File) {
		out := filepath.Join(t.TempDir(), "out")
		code, stdout, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", "2003Q1", "--out", out, "--as-of", asOf, "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var j certificateJSON
		if err := json.Unmarshal([]byte(stdout), &j); err != nil {
			t.Fatalf("json: %v\n%s", err, stdout)
		}
		f, err := excelize.OpenFile(j.Output)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return j, f
	}
	// January's 365.51, PO-8 1,000.00 from Arrow in February, the return -50.00
	j, f := run("2003-04-10")
	if j.Section12.FranchisedSpend != "1315.51" || j.Section12.Exceptions != 2 || j.Section12.ExceptionSpend != "70.00" {
		t.Errorf("section 1.2 %+v", j.Section12)
	}
	if n, s := namedValue(t, f, "Lines_return"), namedValue(t, f, "Spend_return"); n != "1" || !strings.Contains(s, "(50.00)") {
		t.Errorf("returns %s lines %s", n, s)
	}
	for _, sheet := range []string{"Schedule A", "Schedule A-1"} {
		rows, _ := f.GetRows(sheet)
		for _, r := range rows {
			if len(r) > 0 && r[0] == "PO-13" {
				t.Errorf("the return is listed on %s", sheet)
			}
		}
	}
	// as of January 21: PO-6, PO-7, PO-9, PO-8 and the return are not known yet
	j, _ = run("2003-01-21")
	if j.Section12.FranchisedSpend != "322.51" || j.Section12.Exceptions != 1 {
		t.Errorf("as of Jan 21: section 1.2 %+v", j.Section12)
	}
	if w := strings.Join(j.Warnings, "\n"); !strings.Contains(w, "5 PO lines of the period January 1 to March 31, 2003 are dated after the as-of date January 21, 2003 (the first in row 8 of Purchases): not known yet as of that date, the certificate leaves them out of every total") {
		t.Errorf("warnings %q", j.Warnings)
	}
}

// TestMonthlyNothingFranchised: a month whose lines are all out of scope says
// so, not "all 0 lines were bought from Arrow".
func TestMonthlyNothingFranchised(t *testing.T) {
	ledgerPath := fixtureLedger(t, t.TempDir(), func(f *excelize.File) {
		putRows(t, f, "Purchases", 13, [][]any{{"PO-30", 1, "2003-04-02", "Avnet", "Acme Widgets", "W", "Not franchised", 1, 5, "", "N", "N"}})
	})
	j, f, _ := monthlyRun(t, ledgerPath, "2003-04", "2003-05-10")
	if j.Lines != 1 || j.FranchisedLines != 0 {
		t.Errorf("json %+v", j)
	}
	if s := namedValue(t, f, "Statement"); s != "No franchised-part purchase is dated in April 2003 (1 PO line, none of them a purchase in scope of §1.2)." {
		t.Errorf("statement %q", s)
	}
	if s := namedValue(t, f, "ArrowShare"); s != "n/a (no purchases)" || namedValue(t, f, "Status") != "" {
		t.Errorf("share %q, status %q", s, namedValue(t, f, "Status"))
	}
}
