package spend

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

func d(y int, m time.Month, day int) time.Time { return terms.Date(y, m, day) }
func dt(y int, m time.Month, day, h, min int) time.Time {
	return time.Date(y, m, day, h, min, 0, 0, time.UTC)
}

func TestClassify(t *testing.T) {
	lc := []ledger.Authorization{
		{Manufacturer: "Vishay", From: d(2002, 1, 1)},
		{Manufacturer: "Kemet", From: d(2003, 6, 1), Until: d(2003, 8, 31)},
	}
	bds := []ledger.Breakdown{
		{PONumber: "PO-NOANSWER", POLine: 1, Sent: dt(2003, 3, 3, 9, 0)},
		{PONumber: "PO-APPROVE", POLine: 1, Sent: dt(2003, 3, 3, 9, 0), Response: "approve", RespondedAt: dt(2003, 3, 3, 15, 0)},
		{PONumber: "PO-MEET", POLine: 1, Sent: dt(2003, 3, 3, 9, 0), Response: "meet", RespondedAt: dt(2003, 3, 4, 9, 0)}, // exactly 24h: within
		{PONumber: "PO-LATE", POLine: 1, Sent: dt(2003, 3, 3, 9, 0), Response: "meet", RespondedAt: dt(2003, 3, 4, 9, 1)}, // 24h01: too late
		{PONumber: "PO-WHOLE", Sent: dt(2003, 3, 3, 9, 0), Response: "approve", RespondedAt: dt(2003, 3, 3, 10, 0)},       // every line
		{PONumber: "PO-AFTER", POLine: 1, Sent: dt(2003, 3, 6, 0, 0), Response: "approve", RespondedAt: dt(2003, 3, 6, 1, 0)},
		{PONumber: "PO-TWO", POLine: 1, Sent: dt(2003, 3, 1, 9, 0), Response: "approve", RespondedAt: dt(2003, 3, 1, 10, 0)},
		{PONumber: "PO-TWO", POLine: 1, Sent: dt(2003, 3, 3, 9, 0), Response: "meet", RespondedAt: dt(2003, 3, 3, 10, 0)},
		{PONumber: "PO-SAMEDAY", POLine: 1, Sent: dt(2003, 3, 5, 23, 59), Response: "approve", RespondedAt: dt(2003, 3, 6, 8, 0)},
	}
	invs := []ledger.Invoice{
		{Number: "INV-LATE", Date: d(2003, 4, 15), Due: d(2003, 5, 15), Paid: d(2003, 6, 10)},
		{Number: "INV-ONTIME", Date: d(2003, 1, 15), Due: d(2003, 2, 15), Paid: d(2003, 2, 15)},
	}
	c := NewClassifier(terms.Default().Supplier, lc, bds, invs)
	mar5 := d(2003, 3, 5)
	for _, tc := range []struct {
		name     string
		line     ledger.POLine
		want     Class
		contains string
	}{
		{"not on line card", ledger.POLine{Manufacturer: "Acme", Supplier: "Avnet", PODate: mar5}, OutOfScope, "not on Arrow's line card"},
		{"line card not yet started", ledger.POLine{Manufacturer: "Kemet", Supplier: "Avnet", PODate: d(2003, 5, 31)}, OutOfScope, ""},
		{"line card first day", ledger.POLine{Manufacturer: "Kemet", Supplier: "Arrow", PODate: d(2003, 6, 1)}, Arrow, ""},
		{"line card last day", ledger.POLine{Manufacturer: "kemet ", Supplier: "Arrow", PODate: d(2003, 8, 31)}, Arrow, ""},
		{"line card ended", ledger.POLine{Manufacturer: "Kemet", Supplier: "Arrow", PODate: d(2003, 9, 1)}, OutOfScope, ""},
		{"distributor spelled otherwise", ledger.POLine{Manufacturer: "VISHAY", Supplier: "  arrow electronics, inc. ", PODate: mar5}, Arrow, ""},
		{"customer directed", ledger.POLine{Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5, CustomerDirected: true}, CustomerDirected, "express direction"},
		{"credit limit, nothing overdue", ledger.POLine{Manufacturer: "Vishay", Supplier: "Avnet", PODate: d(2003, 5, 15), CreditLimitException: true}, CreditLimit, "§1.5"},
		{"credit limit, invoice overdue", ledger.POLine{Manufacturer: "Vishay", Supplier: "Avnet", PODate: d(2003, 5, 16), CreditLimitException: true}, Exception, "INV-LATE"},
		{"credit limit, overdue paid that day", ledger.POLine{Manufacturer: "Vishay", Supplier: "Avnet", PODate: d(2003, 6, 10), CreditLimitException: true}, CreditLimit, ""},
		{"no breakdown", ledger.POLine{PONumber: "PO-NONE", POLine: 1, Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5}, Exception, "no breakdown"},
		{"no response", ledger.POLine{PONumber: "PO-NOANSWER", POLine: 1, Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5}, Released, "no response within 24 hours"},
		{"approved", ledger.POLine{PONumber: "PO-APPROVE", POLine: 1, Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5}, Released, "approved"},
		{"meet at exactly 24h", ledger.POLine{PONumber: "PO-MEET", POLine: 1, Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5}, Exception, "meet the terms"},
		{"meet at 24h01", ledger.POLine{PONumber: "po-late", POLine: 1, Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5}, Released, "more than 24 hours"},
		{"breakdown for the whole PO", ledger.POLine{PONumber: "PO-WHOLE", POLine: 7, Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5}, Released, "approved"},
		{"breakdown sent after the PO date", ledger.POLine{PONumber: "PO-AFTER", POLine: 1, Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5}, Exception, "no breakdown"},
		{"latest breakdown wins", ledger.POLine{PONumber: "PO-TWO", POLine: 1, Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5}, Exception, "meet"},
		{"breakdown sent late on the PO date counts", ledger.POLine{PONumber: "PO-SAMEDAY", POLine: 1, Manufacturer: "Vishay", Supplier: "Avnet", PODate: mar5}, Released, "approved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Classify(&tc.line)
			if r.Class != tc.want {
				t.Fatalf("class %s, want %s (%s)", r.Class, tc.want, r.Reason)
			}
			if tc.contains != "" && !contains(r.Reason, tc.contains) {
				t.Errorf("reason %q lacks %q", r.Reason, tc.contains)
			}
			if r.Franchised != (tc.want != OutOfScope) {
				t.Errorf("franchised = %v", r.Franchised)
			}
		})
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestExtendedCostRoundsHalfAwayFromZero(t *testing.T) {
	for _, tc := range []struct{ q, u, want string }{
		{"3", "0.335", "1.01"}, // 1.005 -> 1.01
		{"-3", "0.335", "-1.01"},
		{"1", "0.004", "0.00"},
		{"1000", "0.00125", "1.25"},
		{"7", "12.3456", "86.42"},
	} {
		got := ExtendedCost(decimal.RequireFromString(tc.q), decimal.RequireFromString(tc.u))
		if got.StringFixed(2) != tc.want {
			t.Errorf("%s x %s = %s, want %s", tc.q, tc.u, got.StringFixed(2), tc.want)
		}
	}
}

func TestMonthDueDateAndTotals(t *testing.T) {
	tm := terms.Default().Supplier
	for _, tc := range []struct {
		month time.Time
		due   time.Time
	}{
		{d(2003, 1, 1), d(2003, 2, 7)},   // Jan 31 2003 is a Friday: the NEXT Friday
		{d(2003, 2, 1), d(2003, 3, 7)},   // Feb 28 2003 is a Friday too
		{d(2003, 10, 1), d(2003, 11, 7)}, // Oct 31 2003 is a Friday
		{d(2003, 4, 1), d(2003, 5, 2)},   // Apr 30 2003 is a Wednesday
	} {
		m := NewMonth(tm, tc.month)
		if !m.Due.Equal(tc.due) {
			t.Errorf("%s: due %s, want %s", tc.month.Format("2006-01"), m.Due.Format("2006-01-02"), tc.due.Format("2006-01-02"))
		}
	}
	m := NewMonth(tm, d(2003, 1, 1))
	add := func(class Class, amt string, franchised bool) {
		m.Add(&ledger.POLine{Supplier: "Avnet", Manufacturer: "Vishay", PODate: d(2003, 1, 2)}, Result{Class: class, Franchised: franchised, Amount: decimal.RequireFromString(amt)})
	}
	add(Arrow, "100.10", true)
	add(Exception, "50.05", true)
	add(OutOfScope, "999", false)
	m.Finish(d(2003, 2, 10))
	if m.Lines != 3 || m.FranchisedLines != 2 || m.Franchised().StringFixed(2) != "150.15" || m.Exceptions.Len() != 1 {
		t.Errorf("lines %d franchised %d spend %s exceptions %d", m.Lines, m.FranchisedLines, m.Franchised(), m.Exceptions.Len())
	}
	if len(m.Warnings) != 1 || !contains(m.Warnings[0], "late") {
		t.Errorf("warnings %q", m.Warnings)
	}
}

// Extended Cost mismatches are warned about one by one up to maxCostWarnings;
// the rest are counted in one warning that names the last cell, so that a
// ledger whose every line is off does not hold a warning per line.
func TestCostMismatchWarningsBounded(t *testing.T) {
	for _, tc := range []struct {
		mismatches, listed int
		summary            string
	}{
		{0, 0, ""},
		{1, 1, ""},
		{maxCostWarnings, maxCostWarnings, ""},
		{maxCostWarnings + 1, maxCostWarnings, "… and 1 more lines whose Extended Cost differs from Quantity x Unit Cost by more than a cent (101 in all, the last at Purchases!M102)"},
		{250, maxCostWarnings, "… and 150 more lines whose Extended Cost differs from Quantity x Unit Cost by more than a cent (250 in all, the last at Purchases!M251)"},
	} {
		p := NewPeriod(d(2003, 1, 1), d(2003, 1, 31), "the report")
		for i := 0; i < 300; i++ {
			ext := "10.00"
			if i < tc.mismatches {
				ext = "10.02"
			}
			line := &ledger.POLine{Row: i + 2, ExtendedCostCol: 13, HasExtendedCost: true, ExtendedCost: decimal.RequireFromString(ext), PODate: d(2003, 1, 2)}
			p.Add(line, Result{Amount: decimal.RequireFromString("10.00")})
		}
		p.Done()
		p.Done() // twice is once
		listed, summary := 0, ""
		for _, w := range p.Warnings {
			if strings.HasPrefix(w, "Purchases!M") && strings.Contains(w, "differs from Quantity x Unit Cost") {
				listed++
			} else {
				summary += w
			}
		}
		if listed != tc.listed {
			t.Errorf("%d mismatches: %d warned one by one, want %d", tc.mismatches, listed, tc.listed)
		}
		if tc.summary == "" && summary != "" || !strings.HasPrefix(summary, tc.summary) {
			t.Errorf("%d mismatches: summary %q, want it to start %q", tc.mismatches, summary, tc.summary)
		}
		if tc.mismatches > 0 && !strings.HasPrefix(p.Warnings[0], "Purchases!M2: Extended Cost 10.02 differs") {
			t.Errorf("first warning %q", p.Warnings[0])
		}
	}
}
