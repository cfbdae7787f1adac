package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/samples"
)

// certLedger writes a small ledger for the certificate: four PO lines (one of
// them, PO-3, an exception to §1.2) and invoices around the first two contract
// quarters (Dec 27 2002 - Mar 28 2003, Mar 29 - Jun 27 2003).
//
// Q1: I-1 998,500.00 net (1,000,000 less 1,000 returns and 500 discounts) +
// I-3 700,000 + I-4 200,000 (dated the quarter's last day) - CM-1 10,000 (a
// credit memo never paid) = 1,888,500.00 counted; I-2 600,000 paid a day late is
// excluded; I-0 is dated before the term. Excess 388,500.00.
// Q2: I-5 100,000 counted + I-6 1,000,000 unpaid, due 2003-07-20 (pending as of
// 2003-06-30) = 1,100,000.00; Required 1,500,000 (no Add Shortfall recorded):
// 388,500 of Q1's excess used, shortfall 11,500.00, not final. I-6 is due on a
// Sunday: unpaid on Monday 2003-07-21 it is excluded, and Q2 is short
// 1,011,500.00.
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

// notices adds an Arrow Notices sheet with the given rows (Date, Notice,
// Quarter End, Note) to a certLedger.
func notices(rows ...[]any) func(f *excelize.File) {
	return func(f *excelize.File) {
		f.NewSheet("Arrow Notices")
		f.SetSheetRow("Arrow Notices", "A1", &[]any{"Date", "Notice", "Quarter End", "Note"})
		for i := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			f.SetSheetRow("Arrow Notices", cell, &rows[i])
		}
	}
}

func both(fns ...func(f *excelize.File)) func(f *excelize.File) {
	return func(f *excelize.File) {
		for _, fn := range fns {
			fn(f)
		}
	}
}

// certJSON runs the certificate with --json and decodes it.
func certJSON(t *testing.T, ledgerPath, dir string, args ...string) (certificateJSON, string, string) {
	t.Helper()
	all := append([]string{"certificate", "--ledger", ledgerPath, "--out", dir, "--json"}, args...)
	code, stdout, stderr := runCLI(t, all...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j certificateJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	return j, stdout, stderr
}

func TestCertificateJSON(t *testing.T) {
	q1 := minimumSalesJSON{QuarterStart: "2002-12-27", QuarterEnd: "2003-03-28", Minimum: ptr("1500000.00"), ShortfallAdded: "0.00", ShortfallArrowMayAdd: "0.00", Required: ptr("1500000.00"),
		NetSalesBilled: "1888500.00", Excluded: "600000.00", Pending: "0.00", CreditUsed: "0.00", Excess: "388500.00",
		Expired: "0.00", Shortfall: ptr("0.00"), Met: ptr(true), Final: true}
	for _, tc := range []struct {
		name, quarter, asOf string
		edit                func(f *excelize.File)
		want                certificateJSON
	}{
		{"2003Q1", "2003Q1", "2003-04-30", nil, certificateJSON{Report: "certificate", Quarter: "2003Q1", CalendarStart: "2003-01-01", CalendarEnd: "2003-03-31",
			PeriodStart: "2003-01-01", PeriodEnd: "2003-03-31", AsOf: "2003-04-30",
			// PO-1 12.50 Arrow, PO-2 200.00 customer directed, PO-3 26.00 exception
			Section12:    section12JSON{FranchisedSpend: "238.50", ArrowSpend: "12.50", ExceptionSpend: "26.00", Exceptions: 1, Compliant: false},
			MinimumSales: []minimumSalesJSON{q1}, ContractQuarterEnd: ptr("2003-03-28"), TermEnd: "2005-12-27", TermEndIfExtended: "2005-12-27",
			// I-6 of 2003-06-20
			Warnings: []string{"1 invoice is dated after the as-of date April 30, 2003: not known yet as of that date, the certificate counts it nowhere"}}},
		{"2003Q2 missed: no election recorded, so nothing added and the term as signed", "2003q2", "2003-06-30", nil, certificateJSON{Report: "certificate", Quarter: "2003Q2", CalendarStart: "2003-04-01", CalendarEnd: "2003-06-30",
			PeriodStart: "2003-04-01", PeriodEnd: "2003-06-30", AsOf: "2003-06-30",
			Section12: section12JSON{FranchisedSpend: "1000.00", ArrowSpend: "1000.00", ExceptionSpend: "0.00", Exceptions: 0, Compliant: true},
			MinimumSales: []minimumSalesJSON{q1, {QuarterStart: "2003-03-29", QuarterEnd: "2003-06-27", Minimum: ptr("1500000.00"), ShortfallAdded: "0.00", ShortfallArrowMayAdd: "0.00", Required: ptr("1500000.00"),
				NetSalesBilled: "1100000.00", Excluded: "0.00", Pending: "1000000.00", CreditUsed: "388500.00", Excess: "0.00",
				Expired: "0.00", Shortfall: ptr("11500.00"), Met: ptr(false), Final: false}},
			ContractQuarterEnd: ptr("2003-06-27"), TermEnd: "2005-12-27", TermEndIfExtended: "2006-03-27", Warnings: []string{}}},
		{"2003Q2 DRAFT as of a day inside the quarter: nothing dated after it, no shortfall", "2003Q2", "2003-06-01",
			// a PO line dated after the as-of date
			func(f *excelize.File) {
				f.SetSheetRow("Purchases", "A6", &[]any{"PO-5", 1, "2003-06-15", "TTI", "Vishay", "Y", "Later", 1, 500, "2003-06-30", "N", "N"})
			},
			certificateJSON{Report: "certificate", Quarter: "2003Q2", CalendarStart: "2003-04-01", CalendarEnd: "2003-06-30",
				PeriodStart: "2003-04-01", PeriodEnd: "2003-06-30", AsOf: "2003-06-01", Draft: true,
				Section12: section12JSON{FranchisedSpend: "1000.00", ArrowSpend: "1000.00", ExceptionSpend: "0.00", Exceptions: 0, Compliant: true},
				MinimumSales: []minimumSalesJSON{q1, {QuarterStart: "2003-03-29", QuarterEnd: "2003-06-27", Minimum: ptr("1500000.00"), ShortfallAdded: "0.00", ShortfallArrowMayAdd: "0.00", Required: ptr("1500000.00"),
					NetSalesBilled: "100000.00", Excluded: "0.00", Pending: "0.00", CreditUsed: "388500.00", Excess: "0.00",
					Expired: "0.00", Shortfall: nil, Met: nil, Final: false}},
				ContractQuarterEnd: ptr("2003-06-27"), TermEnd: "2005-12-27", TermEndIfExtended: "2005-12-27",
				Warnings: []string{"1 invoice is dated after the as-of date June 1, 2003: not known yet as of that date, the certificate counts it nowhere",
					"1 PO line of the period April 1 to June 30, 2003 is dated after the as-of date June 1, 2003 (the first in row 6 of Purchases): not known yet as of that date, the certificate leaves it out of every total"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ledgerPath := certLedger(t, dir, tc.edit)
			got, stdout, _ := certJSON(t, ledgerPath, dir, "--quarter", tc.quarter, "--as-of", tc.asOf)
			tc.want.Output = filepath.Join(dir, "certificate-"+tc.want.Quarter+".xlsx")
			// the quarter's monthly reports, each month of the period once
			// (TestCertificateMonthlyReports checks their figures)
			if months := len(calendar.Months(parseDay(got.PeriodStart), parseDay(got.PeriodEnd))); len(got.MonthlyReports) != months {
				t.Errorf("%d monthly reports for %d months", len(got.MonthlyReports), months)
			}
			got.MonthlyReports = nil
			if !reflect.DeepEqual(got, tc.want) {
				g, _ := json.MarshalIndent(got, "", " ")
				w, _ := json.MarshalIndent(tc.want, "", " ")
				t.Errorf("json\n got %s\nwant %s", g, w)
			}
			// minimum, required, shortfall and met are null (not "") where not
			// stated: the keys exist
			for _, k := range []string{`"minimum":`, `"required":`, `"met":`, `"shortfall":`, `"draft":`, `"shortfall_added":`, `"shortfall_arrow_may_add":`,
				`"term_end_if_extended":`, `"section_1_2":{"franchised_spend":`, `"arrow_spend":`} {
				if !strings.Contains(stdout, k) {
					t.Errorf("json lacks %s", k)
				}
			}
			// required = minimum + shortfall_added, in every entry
			for _, e := range got.MinimumSales {
				if e.Minimum == nil {
					continue
				}
				m, _ := decimal.NewFromString(*e.Minimum)
				a, _ := decimal.NewFromString(e.ShortfallAdded)
				r, _ := decimal.NewFromString(*e.Required)
				if !m.Add(a).Equal(r) {
					t.Errorf("%s: required %s != minimum %s + shortfall_added %s", e.QuarterEnd, r, m, a)
				}
			}
		})
	}
}

// TestCertificateArrowNotices: only a recorded election adds a shortfall or
// moves the term; without one the certificate says what Arrow CMS may do; a
// recorded notice is stated with the date thirty days after it.
func TestCertificateArrowNotices(t *testing.T) {
	q2 := "2003-06-27"
	for _, tc := range []struct {
		name          string
		edit          func(f *excelize.File)
		quarter, asOf string
		// figures of the last minimum_sales entry: required/added/may add/shortfall
		last            string
		termEnd, termIf string
		statement, not  []string
		warnings        []string
	}{
		{name: "no Arrow Notices sheet: Q2 missed, Arrow CMS may add and may extend", quarter: "2003Q2", asOf: "2003-08-01",
			last: "1500000.00/0.00/0.00/1011500.00", termEnd: "2005-12-27", termIf: "2006-03-27",
			statement: []string{"the shortfall is $1,011,500.00", `Section 4.1 provides that "Customer's failure to achieve Minimum Sales`,
				"No notice of it from Arrow CMS is recorded", "Arrow CMS may add the shortfall to the Minimum Sales for the next period or periods, which would raise the Minimum Sales of the quarter ending September 26, 2003 from $1,800,000.00 to $2,811,500.00",
				"the term would end March 27, 2006"},
			not: []string{"elected", "gave the Customer notice"}},
		{name: "a Default notice and both elections recorded for Q2", quarter: "2003Q2", asOf: "2003-08-01",
			edit: notices([]any{"2003-07-01", "Default", q2, "letter"}, []any{"2003-07-02", "Add Shortfall", q2, nil}, []any{"2003-07-02", "Extend Term", q2, nil}),
			last: "1500000.00/0.00/0.00/1011500.00", termEnd: "2006-03-27", termIf: "2006-03-27",
			statement: []string{"Arrow CMS gave the Customer notice of it on July 1, 2003 (Arrow Notices row 2); thirty days after that notice is July 31, 2003",
				"Arrow CMS elected on July 2, 2003 to add the shortfall to the Minimum Sales of the next period (§4.2(ii); Arrow Notices row 3), which raises the Minimum Sales of the quarter ending September 26, 2003 from $1,800,000.00 to $2,811,500.00.",
				"Arrow CMS elected on July 2, 2003 to extend the term by one calendar quarter for this period (§4.2(iii); Arrow Notices row 4): with the extensions recorded the term ends March 27, 2006."},
			not: []string{"may add the shortfall", "No notice"}},
		{name: "the next quarter's Required carries the elected shortfall", quarter: "2003Q3", asOf: "2003-10-15",
			edit: notices([]any{"2003-07-02", "Add Shortfall", q2, nil}),
			last: "2811500.00/1011500.00/0.00/2811500.00", termEnd: "2005-12-27", termIf: "2006-06-27",
			statement: []string{"against Required Minimum Sales of $2,811,500.00 (the Minimum Sales of $1,800,000.00 plus the shortfall of $1,011,500.00 of the quarter ending June 27, 2003 (elected July 2, 2003), which Arrow CMS elected to add under Section 4.2(ii))"}},
		{name: "a notice about a quarter the books show achieved is warned about and not applied", quarter: "2003Q2", asOf: "2003-08-01",
			edit: notices([]any{"2003-04-02", "Extend Term", "2003-03-28", nil}),
			last: "1500000.00/0.00/0.00/1011500.00", termEnd: "2005-12-27", termIf: "2006-03-27",
			warnings: []string{"Arrow Notices row 2: Extend Term §4.2(iii) for the quarter ending March 28, 2003, whose Minimum Sales the books show achieved: not applied"}},
		{name: "a notice dated after the as-of date is not known", quarter: "2003Q2", asOf: "2003-08-01",
			edit: notices([]any{"2003-08-05", "Extend Term", q2, nil}),
			last: "1500000.00/0.00/0.00/1011500.00", termEnd: "2005-12-27", termIf: "2006-03-27",
			warnings: []string{"1 Arrow notice is dated after the as-of date August 1, 2003: not known yet as of that date, the certificate counts it nowhere"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ledgerPath := certLedger(t, dir, tc.edit)
			j, _, stderr := certJSON(t, ledgerPath, dir, "--quarter", tc.quarter, "--as-of", tc.asOf)
			e := j.MinimumSales[len(j.MinimumSales)-1]
			short := "null"
			if e.Shortfall != nil {
				short = *e.Shortfall
			}
			if got := *e.Required + "/" + e.ShortfallAdded + "/" + e.ShortfallArrowMayAdd + "/" + short; got != tc.last {
				t.Errorf("required/added/may add/shortfall %s, want %s", got, tc.last)
			}
			if j.TermEnd != tc.termEnd || j.TermEndIfExtended != tc.termIf {
				t.Errorf("term end %s, if extended %s; want %s, %s", j.TermEnd, j.TermEndIfExtended, tc.termEnd, tc.termIf)
			}
			for _, w := range tc.warnings {
				if !strings.Contains(stderr, w) || !strings.Contains(strings.Join(j.Warnings, "\n"), w) {
					t.Errorf("warnings lack %q:\n%s", w, stderr)
				}
			}
			f, err := excelize.OpenFile(j.Output)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st := namedValue(t, f, "Statement13")
			for _, w := range tc.statement {
				if !strings.Contains(st, w) {
					t.Errorf("§1.3 statement lacks %q:\n%s", w, st)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(st, n) {
					t.Errorf("§1.3 statement holds %q:\n%s", n, st)
				}
			}
			if got := namedValue(t, f, "TermEnd"); got != map[string]string{"2005-12-27": "December 27, 2005", "2006-03-27": "March 27, 2006"}[tc.termEnd] {
				t.Errorf("page 1 term end %q", got)
			}
		})
	}
}

// TestCertificateFirstQuarter: 2002Q4 is certified for December 27-31, 2002,
// the days of the term in it; no §1.3 quarter ends in it; an invoice of
// December 27 counts in the first §1.3 quarter.
func TestCertificateFirstQuarter(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := certLedger(t, dir, func(f *excelize.File) {
		f.SetSheetRow("Purchases", "A6", &[]any{"PO-0", 1, "2002-12-20", "TTI", "Vishay", "A", "before the term", 1, 700, "2003-01-02", "N", "N"})
		f.SetSheetRow("Purchases", "A7", &[]any{"PO-00", 1, "2002-12-27", "Arrow CMS Distribution Group", "Vishay", "B", "the first day", 2, 50, "2003-01-02", "N", "N"})
		f.SetSheetRow("Invoices", "A10", &[]any{"I-27", "2002-12-27", 50000, 0, 0, "2003-01-26", "2003-01-24", "the first day"})
	})
	j, _, _ := certJSON(t, ledgerPath, dir, "--quarter", "2002Q4", "--as-of", "2003-01-10")
	if j.PeriodStart != "2002-12-27" || j.PeriodEnd != "2002-12-31" || j.Draft || len(j.MinimumSales) != 0 || j.ContractQuarterEnd != nil {
		t.Errorf("period %s to %s, draft %v, %d §1.3 quarters, contract quarter %v", j.PeriodStart, j.PeriodEnd, j.Draft, len(j.MinimumSales), j.ContractQuarterEnd)
	}
	if j.Section12.FranchisedSpend != "100.00" || j.Section12.ArrowSpend != "100.00" || !j.Section12.Compliant {
		t.Errorf("§1.2 %+v, want only PO-00 (100.00 from Arrow)", j.Section12)
	}
	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"Statement12": "from December 27, 2002 through December 31, 2002 (the term began on December 27, 2002 (§2)) the Customer has complied with Section 1.2",
		"Statement13": "No §1.3 contract quarter ends in the fourth quarter of 2002, so no Minimum Sales result is stated for it. The next runs from December 27, 2002 through March 28, 2003",
		"Result":      "no §1.3 quarter ends in the fourth quarter of 2002",
	} {
		if got := namedValue(t, f, name); !strings.Contains(got, want) {
			t.Errorf("%s lacks %q:\n%s", name, want, got)
		}
	}
	f.Close()
	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, j.Output); n < 10 {
		t.Errorf("only %d formula cells checked", n)
	}

	// the first §1.3 quarter counts the invoice of December 27
	j, _, _ = certJSON(t, ledgerPath, dir, "--quarter", "2003Q1", "--as-of", "2003-04-30")
	if got := j.MinimumSales[0].NetSalesBilled; got != "1938500.00" {
		t.Errorf("Q1 Net Sales Billed %s, want 1,938,500.00 with I-27 of 2002-12-27", got)
	}
}

// TestCertificateExtendedTerm: a recorded Extend Term moves the term's end to
// March 27, 2006, so 2006Q1 can be certified for January 1 - March 27, 2006;
// without it, or for 2006Q2, the quarter is refused.
func TestCertificateExtendedTerm(t *testing.T) {
	dir := t.TempDir()
	extended := certLedger(t, dir, both(notices([]any{"2003-07-02", "Extend Term", "2003-06-27", nil}), func(f *excelize.File) {
		f.SetSheetRow("Purchases", "A6", &[]any{"PO-6", 1, "2006-02-01", "Arrow", "Vishay", "C", "extended term", 4, 25, "2006-02-10", "N", "N"})
		f.SetSheetRow("Purchases", "A7", &[]any{"PO-7", 1, "2006-03-28", "Avnet", "Vishay", "D", "after the term", 1, 99, "2006-04-10", "N", "N"})
	}))
	j, _, _ := certJSON(t, extended, dir, "--quarter", "2006Q1", "--as-of", "2006-04-10")
	if j.TermEnd != "2006-03-27" || j.PeriodStart != "2006-01-01" || j.PeriodEnd != "2006-03-27" || j.Draft || j.ContractQuarterEnd != nil || len(j.MinimumSales) != 12 {
		t.Errorf("term end %s, period %s to %s, draft %v, contract quarter %v, %d quarters", j.TermEnd, j.PeriodStart, j.PeriodEnd, j.Draft, j.ContractQuarterEnd, len(j.MinimumSales))
	}
	if j.Section12.FranchisedSpend != "100.00" || j.Section12.ArrowSpend != "100.00" {
		t.Errorf("§1.2 %+v, want PO-6 only (PO-7 is after the term)", j.Section12)
	}
	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"Statement12": "from January 1, 2006 through March 27, 2006 (the term ends on March 27, 2006 (§2, as extended by Arrow CMS's elections under §4.2(iii)))",
		"Statement13": "No Minimum Sales quarter is set after the quarter ending December 27, 2005",
		"Notes":       "the quarter ending June 27, 2003, shortfall $1,011,500.00: no notice recorded, Arrow CMS may add it to the next Minimum Sales (§4.2(ii)), term extended by election of July 2, 2003",
	} {
		if got := namedValue(t, f, name); !strings.Contains(got, want) {
			t.Errorf("%s lacks %q:\n%s", name, want, got)
		}
	}
	f.Close()

	for _, tc := range []struct {
		name, ledger, quarter, want string
	}{
		{"past the extended term", extended, "2006Q2", "--quarter 2006Q2: the term ends March 27, 2006, as extended by 1 quarter Arrow CMS elected (§4.2(iii), Arrow Notices); no calendar quarter after it can be certified"},
		{"no extension recorded", certLedger(t, t.TempDir(), nil), "2006Q1", "--quarter 2006Q1: the term ends December 27, 2005, as signed (§2); Arrow CMS has elected no extension"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "certificate", "--ledger", tc.ledger, "--quarter", tc.quarter, "--out", t.TempDir(), "--as-of", "2006-07-10")
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
		})
	}
}

// TestCertificateDraftPrinted prints a certificate as of a day inside the
// quarter: DRAFT across the top of page 1 and in the print header of every
// sheet and page, the signature block replaced by the date the quarter ends,
// no default words, the summary line and the JSON saying DRAFT.
func TestCertificateDraftPrinted(t *testing.T) {
	oracle.Require(t, "soffice")
	for _, tc := range []struct {
		name string
		edit func(f *excelize.File)
	}{
		{"without Arrow Notices", nil},
		{"with Arrow Notices", notices([]any{"2003-04-02", "Waiver", "2003-03-28", "nothing to waive"})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ledgerPath := certLedger(t, dir, tc.edit)
			out := filepath.Join(dir, "draft.xlsx")
			code, stdout, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", "2003Q2", "--out", out, "--as-of", "2003-06-01", "--pdf")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(stdout, "wrote "+out+": DRAFT (the calendar quarter ends June 30, 2003, after the as-of date June 1, 2003") {
				t.Errorf("summary line does not say DRAFT: %q", stdout)
			}
			pdf := strings.TrimSuffix(out, ".xlsx") + ".pdf"
			// the certificate is two pages at full size (issue 15)
			page1 := strings.Join(strings.Fields(oracle.PDFText(t, pdf, 1)+" "+oracle.PDFText(t, pdf, 2)), " ")
			for _, w := range []string{"DRAFT: figures to date as of June 1, 2003; not for signature before June 30, 2003", "DRAFT Quarterly Compliance Certificate",
				"DRAFT: not for signature. The calendar quarter ends June 30, 2003.", "Net Sales Billed to date", "Still to bill by June 27, 2003 to reach Required",
				"Joseph Sabia", "Glenn Moore, Manager, Contracts & Proposals"} {
				if !strings.Contains(page1, w) {
					t.Errorf("page 1 lacks %q:\n%s", w, page1)
				}
			}
			for _, n := range []string{"default", "Default", "not achieved", "shortfall is", "By:", "Title:", "hereby certifies", "IEC ELECTRONICS CORP."} {
				if strings.Contains(page1, n) {
					t.Errorf("page 1 of a draft holds %q:\n%s", n, page1)
				}
			}
			pages := oracle.PDFPages(t, pdf)
			for p := 2; p <= pages; p++ {
				if !strings.Contains(oracle.PDFText(t, pdf, p), "DRAFT") {
					t.Errorf("page %d of %d has no DRAFT header", p, pages)
				}
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, sh := range f.GetSheetList() {
				if hf, _ := f.GetHeaderFooter(sh); hf == nil || !strings.Contains(hf.OddHeader, "DRAFT") {
					t.Errorf("sheet %s: print header %+v lacks DRAFT", sh, hf)
				}
				if sh != "Certificate" {
					f.SetSheetVisible(sh, false)
				}
			}
			// the draft's certificate prints on two Letter pages at full size
			only := filepath.Join(dir, "only.xlsx")
			if err := f.SaveAs(only); err != nil {
				t.Fatal(err)
			}
			f.Close()
			if n := oracle.PDFPages(t, oracle.ToPDF(t, only)); n != 2 {
				t.Errorf("the draft certificate prints on %d pages, want 2", n)
			}
			t.Logf("rendered page: %s", oracle.PDFToPNG(t, pdf, 1, filepath.Join(dir, "draft")))
		})
	}
	// a final certificate has no DRAFT anywhere
	dir := t.TempDir()
	out := filepath.Join(dir, "final.xlsx")
	if code, _, stderr := runCLI(t, "certificate", "--ledger", certLedger(t, dir, nil), "--quarter", "2003Q1", "--out", out, "--as-of", "2003-04-30"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, _ := excelize.OpenFile(out)
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		if hf, _ := f.GetHeaderFooter(sh); hf != nil && strings.Contains(hf.OddHeader, "DRAFT") {
			t.Errorf("a final certificate's sheet %s says DRAFT in its header", sh)
		}
	}
	if v := namedValue(t, f, "Draft"); v != "" {
		t.Errorf("a final certificate's banner reads %q", v)
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
			unqualified := strings.Contains(st, "has complied with Section 1.2: of the 3 purchase-order lines") && strings.Contains(st, "the Customer bought 1 PO line for $12.50 from Arrow CMS")
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
	// two pages: §1.2 on the first, §1.3 and the signature on the second
	page1 := strings.Join(strings.Fields(oracle.PDFText(t, pdfPath, 1)+" "+oracle.PDFText(t, pdfPath, 2)), " ")
	for _, w := range []string{"Quarterly Compliance Certificate", "Jane Q. Signer", "President and CEO", "By:", "Date:", "Attention: Kevin D. Wholey",
		// §7.5: both copies
		"With a copy to: Joseph Sabia", "Attention: David J. Corcoran, Vice President, Credit", "And a copy to:", "Attention: Glenn Moore, Manager, Contracts & Proposals"} {
		if !strings.Contains(page1, w) {
			t.Errorf("page 1 of the PDF lacks %q", w)
		}
	}
	if p2 := oracle.PDFText(t, pdfPath, 2); !strings.Contains(p2, "2. Minimum Sales") || !strings.Contains(p2, "By:") {
		t.Errorf("page 2 does not hold Part 2 and the signature:\n%s", p2)
	}
	if p3 := oracle.PDFText(t, pdfPath, 3); !strings.Contains(p3, "Schedule A: exceptions") {
		t.Errorf("page 3 is not Schedule A:\n%s", p3)
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
	if n := oracle.PDFPages(t, pdf); n != 2 {
		t.Errorf("the certificate prints on %d pages, want 2", n)
	}
	if w, h := oracle.PDFPageSize(t, pdf); w != 612 || h != 792 {
		t.Errorf("page %gx%g pts, want Letter portrait 612x792", w, h)
	}
	text := strings.Join(strings.Fields(oracle.PDFText(t, pdf, 0)), " ")
	for _, w := range []string{"Jane Q. Signer", "President and CEO", "April 1, 2003 through June 30, 2003", "March 29, 2003 through June 27, 2003",
		"1,100,000.00", "$1,100,000.00", "shortfall is $11,500.00", "not achieved (not final)", "not final",
		"Section 4.1 provides that", "may add the shortfall", "the term would end March 27, 2006", "Joseph Sabia", "Glenn Moore"} {
		if !strings.Contains(text, w) {
			t.Errorf("printed certificate lacks %q", w)
		}
	}
	if strings.Contains(text, "###") {
		t.Errorf("a column is too narrow for its figure:\n%s", text)
	}
	for _, n := range []string{"DRAFT", "NOT MET", "the shortfall is added", "the term is extended"} {
		if strings.Contains(text, n) {
			t.Errorf("printed certificate holds %q", n)
		}
	}
	t.Logf("rendered page: %s", oracle.PDFToPNG(t, pdf, 1, filepath.Join(dir, "certificate")))
}

func TestCertificateRecalc(t *testing.T) {
	for _, tc := range []struct {
		quarter, asOf string
		edit          func(f *excelize.File)
	}{
		{"2003Q2", "2003-06-30", nil},
		{"2004Q1", "2004-05-01", nil},
		// a draft, and elections recorded (Shortfall Added, Term End formulas)
		{"2003Q2", "2003-06-01", nil},
		{"2003Q3", "2003-10-15", notices([]any{"2003-07-02", "Add Shortfall", "2003-06-27", nil}, []any{"2003-07-02", "Extend Term", "2003-06-27", nil})},
	} {
		t.Run(tc.quarter+" as of "+tc.asOf, func(t *testing.T) {
			dir := t.TempDir()
			ledgerPath := certLedger(t, dir, tc.edit)
			out := filepath.Join(dir, "c.xlsx")
			if code, _, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", tc.quarter, "--out", out, "--as-of", tc.asOf); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			f, _ := excelize.OpenFile(out)
			live := []string{"NetSalesBilled", "FranchisedSpend", "TermEnd", "TermEndIfExtended", "ShortfallAdded", "MayAdd"}
			if tc.quarter != "2004Q1" {
				live = append(live, "Shortfall") // a quarter without a Minimum has none
			}
			for _, n := range live {
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
		got = append(got, q.NetSalesBilled+"/"+q.CreditUsed+"/"+q.Excess+"/"+*q.Shortfall)
	}
	want := []string{"1651742.18/0.00/151742.18/0.00", "1448906.35/51093.65/0.00/0.00", "1903215.60/0.00/103215.60/0.00", "1702488.91/203864.13/0.00/93646.96"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("net billed/credit used/excess/shortfall by quarter\n got %q\nwant %q", got, want)
	}
	// no Arrow Notices in the sample: the term as signed, what Arrow may do
	if j.TermEnd != "2005-12-27" || j.TermEndIfExtended != "2006-03-27" || j.Section12.Compliant || *j.MinimumSales[3].Met || j.Draft {
		t.Errorf("term end %s (if extended %s), compliant %v, Q4 met %v, draft %v", j.TermEnd, j.TermEndIfExtended, j.Section12.Compliant, *j.MinimumSales[3].Met, j.Draft)
	}
	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st := namedValue(t, f, "Statement13")
	for _, w := range []string{"were not achieved: the shortfall is $93,646.96", `Section 4.1 provides that "Customer's failure to achieve Minimum Sales`,
		"No notice of it from Arrow CMS is recorded", "the term would end March 27, 2006"} {
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
		"I-0":  ",5000.00,Excluded",
		"I-1":  "Quarter ending March 28, 2003,998500.00,Counted",
		"I-2":  "Quarter ending March 28, 2003,600000.00,Excluded",
		"CM-1": "Quarter ending March 28, 2003,-10000.00,Counted",
		"I-5":  "Quarter ending June 27, 2003,100000.00,Counted",
		// dated after the as-of date: not known, its columns left blank
		"I-6": "",
	}
	for _, r := range rows[1:] {
		w, ok := want[r[0]]
		if !ok {
			continue
		}
		got := ""
		if len(r) > 10 {
			got = strings.Join(r[10:min(13, len(r))], ",")
		}
		if got != w || w != "" && len(r) < 14 {
			t.Errorf("%s in-place columns %q, want %s", r[0], got, w)
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
	if n := oracle.CompareRecalc(t, plain); n != 7 {
		t.Errorf("%d formula cells checked, want the 7 Net Billed of the invoices known as of the as-of date", n)
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
		{"quarter before the term", nil, []string{"--quarter", "2002Q3"}, 2,
			[]string{"--quarter 2002Q3: the term began on December 27, 2002 (§2); the first calendar quarter to certify is 2002Q4"}},
		{"quarter after the term", nil, []string{"--quarter", "2006Q1"}, 2, []string{"--quarter 2006Q1: the term ends December 27, 2005, as signed (§2)"}},
		{"Arrow Notices that cannot hold", notices(
			[]any{"2003-04-10", "Default", "2003-03-31", nil},
			[]any{"2003-04-10", "Terminate", "2003-03-28", nil},
			[]any{"2003-03-20", "Add Shortfall", "2003-03-28", nil},
		), nil, 2, []string{
			`ledger.xlsx, sheet Arrow Notices, cell B3 (Notice): "Terminate" is not a notice: write Default, Add Shortfall, Extend Term or Waiver`,
		}},
		{"Arrow Notices that do not match the terms", notices(
			[]any{"2003-04-10", "Default", "2003-03-31", nil},
			[]any{"2003-03-20", "Add Shortfall", "2003-03-28", nil},
		), nil, 2, []string{
			"ledger.xlsx, sheet Arrow Notices, cell C2 (Quarter End): March 31, 2003 is not the end of a §1.3 quarter of the terms (they end March 28, 2003; June 27, 2003;",
			"ledger.xlsx, sheet Arrow Notices, cell A3 (Date): Add Shortfall §4.2(ii) is dated March 20, 2003, before the quarter ending March 28, 2003 ended",
			"2 problems found",
		}},
		{"bad quarter", nil, []string{"--quarter", "2003Q5"}, 2, []string{`--quarter "2003Q5": there is no quarter 5`}},
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

// TestMonthlyExtendedTerm: the monthly report's §2 scope follows the term as
// extended by Arrow's recorded elections (§4.2(iii)), as the certificate's
// does; without an election a month after December 27, 2005 is outside it.
func TestMonthlyExtendedTerm(t *testing.T) {
	po6 := func(f *excelize.File) {
		f.SetSheetRow("Purchases", "A6", &[]any{"PO-6", 1, "2006-02-01", "Arrow", "Vishay", "C", "extended term", 4, 25, "2006-02-10", "N", "N"})
	}
	extended := certLedger(t, t.TempDir(), both(notices([]any{"2003-07-02", "Extend Term", "2003-06-27", nil}), po6))
	j, _, stderr := monthlyRun(t, extended, "2006-02", "2006-03-10")
	if j.FranchisedLines != 1 || j.ArrowSpend != "100.00" || strings.Contains(stderr, "outside the term") {
		t.Errorf("extended term: %+v\n%s", j, stderr)
	}
	signed := certLedger(t, t.TempDir(), po6)
	j, _, stderr = monthlyRun(t, signed, "2006-02", "2006-03-10")
	if j.FranchisedLines != 0 || !strings.Contains(stderr, "wholly outside the term") {
		t.Errorf("term as signed: %+v\n%s", j, stderr)
	}
}

// TestCertificateFinal: --final marks the signed certificate's workbook as
// Excel's Mark as Final does (_MarkAsFinal, content status Final); without it
// neither is set; a DRAFT is refused, nothing written. Every sheet is
// protected without a password, and LibreOffice still opens and
// recalculates it (issue 15).
func TestCertificateFinal(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := certLedger(t, dir, nil)
	for _, final := range []bool{false, true} {
		out := filepath.Join(dir, fmt.Sprintf("final-%v.xlsx", final))
		args := []string{"certificate", "--ledger", ledgerPath, "--quarter", "2003Q2", "--out", out, "--as-of", "2003-06-30"}
		if final {
			args = append(args, "--final")
		}
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		props, _ := f.GetDocProps()
		custom, _ := f.GetCustomProps()
		marked := false
		for _, p := range custom {
			marked = marked || p.Name == "_MarkAsFinal" && p.Value == true
		}
		if final != (props.ContentStatus == "Final") || final != marked {
			t.Errorf("--final %v: content status %q, custom properties %v", final, props.ContentStatus, custom)
		}
		f.Close()
		for _, sheet := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet5.xml"} {
			x := zipPart(t, out, sheet)
			if !strings.Contains(x, "<sheetProtection") || strings.Contains(x, "password=") || strings.Contains(x, "hashValue=") {
				t.Errorf("%s of %s is not protected without a password", sheet, out)
			}
		}
		if final {
			oracle.Require(t, "soffice")
			if n := oracle.CompareRecalc(t, out); n < 20 {
				t.Errorf("only %d formula cells recalculated", n)
			}
		}
	}
	out := filepath.Join(dir, "draft.xlsx")
	code, stdout, stderr := runCLI(t, "certificate", "--ledger", ledgerPath, "--quarter", "2003Q2", "--out", out, "--as-of", "2003-06-01", "--final")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "--final: the certificate is a DRAFT") {
		t.Errorf("a draft with --final: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused draft was written")
	}
}

// TestCertificateMonthlyReports: the §1.2 part lists the quarter's three
// monthly reports with their due dates and deliveries, says which was late and
// which is not recorded, and qualifies the certification as to them; without
// a Deliveries sheet it says their delivery is not recorded.
func TestCertificateMonthlyReports(t *testing.T) {
	dir := t.TempDir()
	lp := certLedger(t, dir, func(f *excelize.File) {
		f.NewSheet("Deliveries")
		putRows(t, f, "Deliveries", 1, [][]any{
			{"Obligation", "Delivered On", "To", "Reference"},
			{"monthly-2003-01", "2003-02-05", "reports@arrow.example", "Message-ID <1@x>"},
			{"monthly-2003-02", "2003-03-10", "reports@arrow.example", "Message-ID <2@x>"},
		})
	})
	out := filepath.Join(dir, "c.xlsx")
	code, stdout, stderr := runCLI(t, "certificate", "--ledger", lp, "--quarter", "2003Q1", "--as-of", "2003-04-10", "--out", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j struct {
		MonthlyReports []struct {
			Month, Due, Status string
			Delivered          *string
			DaysLate           *int `json:"days_late"`
		} `json:"monthly_reports"`
	}
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, m := range j.MonthlyReports {
		d := "-"
		if m.Delivered != nil {
			d = *m.Delivered
		}
		late := "-"
		if m.DaysLate != nil {
			late = fmt.Sprint(*m.DaysLate)
		}
		if (m.Delivered == nil) != (m.DaysLate == nil) {
			t.Errorf("%s: delivered %v but days_late %v", m.Month, m.Delivered, m.DaysLate)
		}
		got += fmt.Sprintf("%s %s %s %s %s; ", m.Month, m.Due, m.Status, d, late)
	}
	// delivered on time: done; after the due date: late, with its days;
	// nothing recorded: not_recorded (whether it went, the books do not show)
	if want := "2003-01 2003-02-07 done 2003-02-05 0; 2003-02 2003-03-07 late 2003-03-10 3; 2003-03 2003-04-04 not_recorded - -; "; got != want {
		t.Errorf("monthly_reports %s, want %s", got, want)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	text := namedValue(t, f, "MonthlyReports")
	for _, w := range []string{`"not later than the first Friday following the end of the monthly period"`, "January 2003, due Friday, February 7, 2003: delivered February 5, 2003",
		"February 2003, due Friday, March 7, 2003: delivered March 10, 2003, late by 3 days", "March 2003, due Friday, April 4, 2003: no delivery recorded"} {
		if !strings.Contains(text, w) {
			t.Errorf("the monthly reports lack %q:\n%s", w, text)
		}
	}
	if st := namedValue(t, f, "Statement12"); !strings.Contains(st, "has complied with Section 1.2, except as set forth in Schedule A and as to the monthly reports stated below") {
		t.Errorf("the certification is not qualified as to the monthly reports:\n%s", st)
	}

	// no Deliveries sheet: not recorded, and the certification as before
	lp2 := certLedger(t, t.TempDir(), nil)
	out2 := filepath.Join(dir, "c2.xlsx")
	if code, _, stderr := runCLI(t, "certificate", "--ledger", lp2, "--quarter", "2003Q1", "--as-of", "2003-04-10", "--out", out2); code != 0 {
		t.Fatal(stderr)
	}
	f2, _ := excelize.OpenFile(out2)
	defer f2.Close()
	if text := namedValue(t, f2, "MonthlyReports"); !strings.Contains(text, "The ledger has no Deliveries sheet") || !strings.Contains(text, "March 2003, due Friday, April 4, 2003: no delivery recorded") {
		t.Errorf("without a Deliveries sheet: %s", text)
	}
	if st := namedValue(t, f2, "Statement12"); strings.Contains(st, "monthly reports") {
		t.Errorf("qualified without a Deliveries sheet: %s", st)
	}
}

func parseDay(s string) time.Time {
	d, _ := time.Parse("2006-01-02", s)
	return d
}

// TestCertificateReturnsWording: returned lines are stated apart in Part 1
// with their amount as a credit, never as a negative dollar figure.
func TestCertificateReturnsWording(t *testing.T) {
	dir := t.TempDir()
	// PO-1 returned: 40 resistors back to Arrow at 0.0125 (-$0.50)
	lp := certLedger(t, dir, func(f *excelize.File) { f.SetCellValue("Purchases", "H2", -40) })
	out := filepath.Join(dir, "c.xlsx")
	if code, _, stderr := runCLI(t, "certificate", "--ledger", lp, "--quarter", "2003Q1", "--out", out, "--as-of", "2003-04-30"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st := namedValue(t, f, "Statement12")
	if want := "(1 PO line of returns, $0.50 credited, is not a purchase and is shown apart on Schedule A-2)"; !strings.Contains(st, want) {
		t.Errorf("Part 1 lacks %q:\n%s", want, st)
	}
	if strings.Contains(st, "-$") {
		t.Errorf("a negative dollar figure in a sentence:\n%s", st)
	}
}
