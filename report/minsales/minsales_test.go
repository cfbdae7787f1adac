package minsales

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

var d = terms.Date

// supplier has six contract quarters of about three months from 2003-01-01:
// minimums of 100 each, none (nil) where min is "".
func supplier(mins ...string) terms.Supplier {
	s := terms.Default().Supplier
	s.AgreementDate = d(2002, 12, 31)
	s.TermEnd = d(2004, 11, 30)
	s.Quarters = nil
	for i, m := range mins {
		q := terms.Quarter{End: d(2003, time.Month(3*i+4), 0)}
		if m != "" {
			v := decimal.RequireFromString(m)
			q.Minimum = &v
		}
		s.Quarters = append(s.Quarters, q)
	}
	return s
}

// paid is an invoice of amount dated mid quarter q (1-based), paid on its due
// date 30 days later.
func paid(q int, amount string) ledger.Invoice {
	date := d(2003, time.Month(3*q-1), 15)
	due := date.AddDate(0, 0, 30)
	return ledger.Invoice{Number: fmt.Sprintf("Q%d-%s", q, amount), Date: date, Amount: decimal.RequireFromString(amount), Due: due, Paid: due}
}

func with(in ledger.Invoice, f func(*ledger.Invoice)) ledger.Invoice { f(&in); return in }

func str(p *decimal.Decimal) string {
	if p == nil {
		return "-"
	}
	return p.StringFixed(2)
}

func met(p *bool) string {
	switch {
	case p == nil:
		return "-"
	case *p:
		return "met"
	}
	return "missed"
}

// row renders one quarter's result as "required nsb pending excluded used excess
// expired balance shortfall met final".
func row(r Result) string {
	return strings.Join([]string{str(r.Required), r.NetSalesBilled.StringFixed(2), r.Pending.StringFixed(2), r.Excluded.StringFixed(2),
		r.CreditUsed.StringFixed(2), r.Excess.StringFixed(2), r.Expired.StringFixed(2), r.CreditBalance.StringFixed(2),
		r.Shortfall.StringFixed(2), met(r.Met), fmt.Sprint(r.Final)}, " ")
}

func uses(ms []Movement) string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("Q%d:%s", m.Origin+1, m.Amount.StringFixed(2)))
	}
	return strings.Join(out, ",")
}

func TestLedger(t *testing.T) {
	asOf := d(2004, 6, 1)
	for _, tc := range []struct {
		name     string
		s        terms.Supplier
		invoices []ledger.Invoice
		asOf     time.Time
		through  int
		// want: one row per quarter (see row)
		want []string
		// uses: the credits used, by quarter, "Qorigin:amount" oldest first
		uses    []string
		termEnd time.Time
	}{
		{
			name:     "carry-forward used in the 1st, 2nd and 3rd following quarter, expired in the 4th",
			s:        supplier("100", "100", "100", "100", "100"),
			invoices: []ledger.Invoice{paid(1, "190"), paid(2, "70"), paid(3, "70"), paid(4, "80"), paid(5, "90")},
			through:  4,
			want: []string{
				"100.00 190.00 0.00 0.00 0.00 90.00 0.00 90.00 0.00 met true",
				"100.00 70.00 0.00 0.00 30.00 0.00 0.00 60.00 0.00 met true",
				"100.00 70.00 0.00 0.00 30.00 0.00 0.00 30.00 0.00 met true",
				"100.00 80.00 0.00 0.00 20.00 0.00 0.00 10.00 0.00 met true",
				// the 10 left of Q1's excess expired before Q5 could use it
				"100.00 90.00 0.00 0.00 0.00 0.00 10.00 0.00 10.00 missed true",
			},
			uses:    []string{"", "Q1:30.00", "Q1:30.00", "Q1:20.00", ""},
			termEnd: d(2005, 2, 28),
		},
		{
			name:     "two credits used oldest first",
			s:        supplier("100", "100", "100", "100"),
			invoices: []ledger.Invoice{paid(1, "150"), paid(2, "120"), paid(3, "40"), paid(4, "100")},
			through:  3,
			want: []string{
				"100.00 150.00 0.00 0.00 0.00 50.00 0.00 50.00 0.00 met true",
				"100.00 120.00 0.00 0.00 0.00 20.00 0.00 70.00 0.00 met true",
				"100.00 40.00 0.00 0.00 60.00 0.00 0.00 10.00 0.00 met true",
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 10.00 0.00 met true",
			},
			uses:    []string{"", "", "Q1:50.00,Q2:10.00", ""},
			termEnd: d(2004, 11, 30),
		},
		{
			name:     "shortfall added to the next Required (§4.2(ii))",
			s:        supplier("100", "100", "100"),
			invoices: []ledger.Invoice{paid(1, "80"), paid(2, "120"), paid(3, "100")},
			through:  2,
			want: []string{
				"100.00 80.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true",
				"120.00 120.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
			},
			termEnd: d(2005, 2, 28),
		},
		{
			name:     "shortfall not added when the terms say Arrow does not",
			s:        func() terms.Supplier { s := supplier("100", "100"); s.AddShortfallToNext = false; return s }(),
			invoices: []ledger.Invoice{paid(1, "80"), paid(2, "100")},
			through:  1,
			want: []string{
				"100.00 80.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true",
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
			},
			termEnd: d(2005, 2, 28),
		},
		{
			name: "term extended by three months per missed quarter (§4.2(iii)), EDATE-style month ends",
			s:    supplier("100", "100", "100"),
			// Q1 short 20; Q2 needs 120 and gets 100: short again; Q3 met.
			invoices: []ledger.Invoice{paid(1, "80"), paid(2, "100"), paid(3, "200")},
			through:  2,
			want: []string{
				"100.00 80.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true",
				"120.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true",
				"120.00 200.00 0.00 0.00 0.00 80.00 0.00 80.00 0.00 met true",
			},
			termEnd: d(2005, 5, 30), // Nov 30 2004 + 6 months, not + 3 + 3 (May 28)
		},
		{
			name:     "term not extended when the terms say so",
			s:        func() terms.Supplier { s := supplier("100"); s.ExtendTermPerMissedQuarter = false; return s }(),
			invoices: []ledger.Invoice{paid(1, "80")},
			through:  0,
			want:     []string{"100.00 80.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true"},
			termEnd:  d(2004, 11, 30),
		},
		{
			name: "paid one day late is excluded; paid on the due date counts",
			s:    supplier("100"),
			invoices: []ledger.Invoice{
				paid(1, "100"),
				with(paid(1, "7"), func(in *ledger.Invoice) { in.Paid = in.Due.AddDate(0, 0, 1) }),
			},
			through: 0,
			want:    []string{"100.00 100.00 0.00 7.00 0.00 0.00 0.00 0.00 0.00 met true"},
			termEnd: d(2004, 11, 30),
		},
		{
			name: "unpaid and not yet due is pending: counted provisionally, not final",
			s:    supplier("100", "100"),
			invoices: []ledger.Invoice{
				paid(1, "100"),
				paid(2, "60"),
				// due on the as-of date: not yet past due
				with(paid(2, "40"), func(in *ledger.Invoice) { in.Paid = time.Time{}; in.Due = d(2003, 7, 10) }),
				// due the day before: excluded
				with(paid(2, "5"), func(in *ledger.Invoice) { in.Paid = time.Time{}; in.Due = d(2003, 7, 9) }),
				// paid after the as-of date: not yet known, pending
				with(paid(2, "3"), func(in *ledger.Invoice) { in.Due = d(2003, 7, 20); in.Paid = d(2003, 7, 15) }),
			},
			asOf:    d(2003, 7, 10),
			through: 1,
			want: []string{
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
				"100.00 103.00 43.00 5.00 0.00 3.00 0.00 3.00 0.00 met false",
			},
			termEnd: d(2004, 11, 30),
		},
		{
			name: "the quarter not yet ended on the as-of date is not final, nor any after a pending one",
			s:    supplier("100", "100"),
			invoices: []ledger.Invoice{
				with(paid(1, "100"), func(in *ledger.Invoice) { in.Paid = time.Time{}; in.Due = d(2003, 12, 1) }),
				paid(2, "100"),
			},
			asOf:    d(2003, 6, 30),
			through: 1,
			want: []string{
				"100.00 100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 met false",
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met false",
			},
			termEnd: d(2004, 11, 30),
		},
		{
			name: "credit memo always counts, net of returns and discounts",
			s:    supplier("100"),
			invoices: []ledger.Invoice{
				with(paid(1, "150"), func(in *ledger.Invoice) {
					in.Returns = decimal.RequireFromString("10.005")
					in.Discounts = decimal.RequireFromString("3")
				}),
				// a credit memo never paid, and "paid" late: counts either way
				with(paid(1, "-20"), func(in *ledger.Invoice) { in.Paid = time.Time{} }),
				with(paid(1, "-2.50"), func(in *ledger.Invoice) { in.Paid = in.Due.AddDate(0, 0, 5) }),
			},
			through: 0,
			// 150 - 10.005 - 3 = 136.995 -> 137.00 (half away from zero); - 22.50
			want:    []string{"100.00 114.50 0.00 0.00 0.00 14.50 0.00 14.50 0.00 met true"},
			termEnd: d(2004, 11, 30),
		},
		{
			name:     "a quarter without a Minimum: no pass or fail; the shortfall waits for the next Minimum",
			s:        supplier("100", "", "100"),
			invoices: []ledger.Invoice{paid(1, "70"), paid(2, "500"), paid(3, "100")},
			through:  2,
			want: []string{
				"100.00 70.00 0.00 0.00 0.00 0.00 0.00 0.00 30.00 missed true",
				"- 500.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 - true",
				"130.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 30.00 missed true",
			},
			termEnd: d(2005, 5, 30),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at := tc.asOf
			if at.IsZero() {
				at = asOf
			}
			l, err := Compute(tc.s, tc.invoices, tc.through, at)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Quarters) != len(tc.want) {
				t.Fatalf("%d quarters, want %d", len(l.Quarters), len(tc.want))
			}
			for i, r := range l.Quarters {
				if got := row(r); got != tc.want[i] {
					t.Errorf("Q%d\n got %s\nwant %s", i+1, got, tc.want[i])
				}
				if tc.uses != nil && uses(r.Uses) != tc.uses[i] {
					t.Errorf("Q%d credits used %q, want %q", i+1, uses(r.Uses), tc.uses[i])
				}
			}
			if !l.TermEnd.Equal(tc.termEnd) {
				t.Errorf("term end %s, want %s", l.TermEnd.Format(day), tc.termEnd.Format(day))
			}
			// every credit is accounted for: excess = used + expired + balance
			var excess, moved decimal.Decimal
			for _, r := range l.Quarters {
				excess = excess.Add(r.Excess)
			}
			for _, m := range l.Movements {
				moved = moved.Add(m.Amount)
			}
			if !excess.Equal(moved.Add(l.Last().CreditBalance)) {
				t.Errorf("excess %s != movements %s + balance %s", excess, moved, l.Last().CreditBalance)
			}
		})
	}
}

func TestClassifyReasons(t *testing.T) {
	qs := Quarters(supplier("100", "100"))
	asOf := d(2003, 7, 10)
	for _, tc := range []struct {
		in     ledger.Invoice
		status Status
		reason string
		q      int
	}{
		{paid(1, "10"), Counted, "within its terms", 0},
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Paid = in.Due.AddDate(0, 0, 1) }), Excluded, "1 day after its Due Date", 0},
		{with(paid(2, "10"), func(in *ledger.Invoice) { in.Paid = time.Time{}; in.Due = d(2003, 7, 1) }), Excluded, "unpaid as of 2003-07-10, past its Due Date", 1},
		{with(paid(2, "10"), func(in *ledger.Invoice) { in.Paid = time.Time{}; in.Due = d(2003, 7, 30) }), Pending, "not yet due", 1},
		{with(paid(1, "-10"), func(in *ledger.Invoice) { in.Paid = time.Time{} }), Counted, "credit memo", 0},
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Date = d(2002, 12, 31) }), Excluded, "before the term began on 2003-01-01", -1},
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Date = d(2003, 7, 1) }), Excluded, "after the last §1.3 quarter", -1},
		// the first and last days of a quarter belong to it
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Date = d(2003, 1, 1) }), Counted, "", 0},
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Date = d(2003, 3, 31) }), Counted, "", 0},
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Date = d(2003, 4, 1) }), Counted, "", 1},
	} {
		r := Classify(supplier("100", "100"), qs, tc.in, asOf)
		if r.Status != tc.status || !strings.Contains(r.Reason, tc.reason) || r.Quarter != tc.q {
			t.Errorf("%s dated %s: %s in %d (%q), want %s in %d (%q)", tc.in.Number, tc.in.Date.Format(day), r.Status, r.Quarter, r.Reason, tc.status, tc.q, tc.reason)
		}
	}
}

func TestQuarters(t *testing.T) {
	s := terms.Default().Supplier
	qs := Quarters(s)
	if got := qs[0].Start.Format(day) + " " + qs[0].End.Format(day); got != "2002-12-28 2003-03-28" {
		t.Errorf("first quarter %s", got)
	}
	if got := qs[1].Start.Format(day); got != "2003-03-29" {
		t.Errorf("second quarter starts %s", got)
	}
	if qs[0].Label() != "Q1 ending 2003-03-28" {
		t.Errorf("label %q", qs[0].Label())
	}
	for _, tc := range []struct {
		start, end time.Time
		want       int
		ok         bool
	}{
		{d(2003, 1, 1), d(2003, 3, 31), 0, true},
		{d(2003, 10, 1), d(2003, 12, 31), 3, true},
		{d(2005, 10, 1), d(2005, 12, 31), 11, true},
		{d(2002, 10, 1), d(2002, 12, 31), -1, false},
		{d(2006, 1, 1), d(2006, 3, 31), -1, false},
	} {
		i, ok := QuarterEndingIn(qs, tc.start, tc.end)
		if i != tc.want || ok != tc.ok {
			t.Errorf("%s: %d %v, want %d %v", tc.start.Format(day), i, ok, tc.want, tc.ok)
		}
	}
	if _, err := Compute(s, nil, 12, d(2004, 1, 1)); err == nil {
		t.Error("quarter 13 of 12 accepted")
	}
}

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{d(2005, 12, 27), 3, d(2006, 3, 27)},
		{d(2005, 12, 27), 6, d(2006, 6, 27)},
		{d(2004, 11, 30), 3, d(2005, 2, 28)},
		{d(2003, 11, 30), 3, d(2004, 2, 29)},
		{d(2005, 12, 31), 0, d(2005, 12, 31)},
	} {
		if got := AddMonths(tc.from, tc.n); !got.Equal(tc.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tc.from.Format(day), tc.n, got.Format(day), tc.want.Format(day))
		}
	}
}

// TestPaidWithinTermsNextBusinessDay: "paid within its terms" (§1.3) is the
// same rule as a §1.5 payment default: a Due Date on a Saturday, a Sunday or a
// US federal holiday is payable the next business day when the terms say so
// (the default).
func TestPaidWithinTermsNextBusinessDay(t *testing.T) {
	on := supplier("100", "100")
	off := on
	off.DueOnNextBusinessDay = false
	qs := Quarters(on)
	inv := func(due, paid time.Time) ledger.Invoice {
		return ledger.Invoice{Number: "A1", Date: d(2003, 4, 15), Amount: decimal.RequireFromString("10"), Due: due, Paid: paid}
	}
	asOf := d(2003, 7, 10)
	for _, tc := range []struct {
		name   string
		s      terms.Supplier
		in     ledger.Invoice
		asOf   time.Time
		status Status
		reason string
	}{
		{"due Saturday, paid Monday", on, inv(d(2003, 5, 17), d(2003, 5, 19)), asOf, Counted, "paid 2003-05-19, within its terms (due 2003-05-17, a Saturday, so payable by Monday 2003-05-19)"},
		{"due Sunday, paid Monday", on, inv(d(2003, 5, 18), d(2003, 5, 19)), asOf, Counted, "within its terms (due 2003-05-18, a Sunday, so payable by Monday 2003-05-19)"},
		{"due Saturday, paid Tuesday", on, inv(d(2003, 5, 17), d(2003, 5, 20)), asOf, Excluded,
			"paid 2003-05-20, 1 day after its Due Date 2003-05-17, a Saturday, so payable by Monday 2003-05-19: not paid within its terms (§1.3)"},
		{"due Saturday, paid Monday, the setting off", off, inv(d(2003, 5, 17), d(2003, 5, 19)), asOf, Excluded, "2 days after its Due Date 2003-05-17: not paid"},
		{"due on Memorial Day, paid Tuesday", on, inv(d(2003, 5, 26), d(2003, 5, 27)), asOf, Counted, "(due 2003-05-26, Memorial Day, so payable by Tuesday 2003-05-27)"},
		{"due on Memorial Day, the setting off", off, inv(d(2003, 5, 26), d(2003, 5, 27)), asOf, Excluded, ""},
		{"due on a Thursday, paid Friday", on, inv(d(2003, 5, 15), d(2003, 5, 16)), asOf, Excluded, "1 day after its Due Date 2003-05-15: not paid within its terms"},
		{"due Saturday, unpaid as of the Monday", on, inv(d(2003, 5, 17), time.Time{}), d(2003, 5, 19), Pending, "not yet due (due 2003-05-17, a Saturday, so payable by Monday 2003-05-19)"},
		{"due Saturday, unpaid as of the Tuesday", on, inv(d(2003, 5, 17), time.Time{}), d(2003, 5, 20), Excluded, "past its Due Date 2003-05-17, a Saturday, so payable by Monday 2003-05-19"},
		{"a credit memo is counted whenever", on, ledger.Invoice{Number: "CM1", Date: d(2003, 4, 15), Amount: decimal.RequireFromString("-10"), Due: d(2003, 5, 17)}, asOf, Counted, "credit memo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Classify(tc.s, qs, tc.in, tc.asOf)
			if r.Status != tc.status || !strings.Contains(r.Reason, tc.reason) {
				t.Errorf("%s %q, want %s with %q", r.Status, r.Reason, tc.status, tc.reason)
			}
		})
	}
}
