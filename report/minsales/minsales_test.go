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

// supplier has contract quarters of three months from 2003-01-01, the term's
// first day (the calendar quarters of 2003 and on): minimums as given, none
// (nil) where min is "".
func supplier(mins ...string) terms.Supplier {
	s := terms.Default().Supplier
	s.AgreementDate = d(2003, 1, 1)
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

// notice is an Arrow notice of kind about the quarter ending quarterEnd, on
// row 2 of the sheet unless set.
func notice(kind ledger.NoticeKind, date, quarterEnd time.Time) ledger.Notice {
	return ledger.Notice{Row: 2, Date: date, Kind: kind, QuarterEnd: quarterEnd, DateCell: "A2", KindCell: "B2", QuarterEndCell: "C2"}
}

func onRow(n ledger.Notice, row int) ledger.Notice {
	n.Row = row
	n.DateCell, n.KindCell, n.QuarterEndCell = fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row), fmt.Sprintf("C%d", row)
	return n
}

// remedies renders what a quarter carries of Arrow's remedies: "added=20.00
// may=0.00 term=2004-11-30 if=2005-02-28".
func remedies(r Result) string {
	return fmt.Sprintf("added=%s may=%s term=%s if=%s", r.ShortfallAdded.StringFixed(2), r.MayAdd.StringFixed(2), r.TermEnd.Format(day), r.TermEndIfExtended.Format(day))
}

func TestLedger(t *testing.T) {
	asOf := d(2004, 6, 1)
	// the quarters of supplier() end on calendar quarter ends from 2003-03-31
	qEnd := func(q int) time.Time { return d(2003, time.Month(3*q+1), 0) }
	for _, tc := range []struct {
		name     string
		s        terms.Supplier
		invoices []ledger.Invoice
		notices  []ledger.Notice
		asOf     time.Time
		through  int
		// want: one row per quarter (see row)
		want []string
		// uses: the credits used, by quarter, "Qorigin:amount" oldest first
		uses []string
		// rem: Arrow's remedies by quarter (see remedies); nil: not checked
		rem                 []string
		termEnd, ifExtended time.Time
		warnings            []string
		unknown             Unknown
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
			uses: []string{"", "Q1:30.00", "Q1:30.00", "Q1:20.00", ""},
			// no election recorded: the term stays, Arrow may extend it
			termEnd: d(2004, 11, 30), ifExtended: d(2005, 2, 28),
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
			termEnd: d(2004, 11, 30), ifExtended: d(2004, 11, 30),
		},
		{
			name:     "a shortfall without a recorded election is not added: Arrow CMS may add it (§4.2(ii))",
			s:        supplier("100", "100", "100"),
			invoices: []ledger.Invoice{paid(1, "80"), paid(2, "100"), paid(3, "100")},
			through:  2,
			want: []string{
				"100.00 80.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true",
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
			},
			rem: []string{
				"added=0.00 may=0.00 term=2004-11-30 if=2005-02-28",
				"added=0.00 may=20.00 term=2004-11-30 if=2005-02-28",
				"added=0.00 may=0.00 term=2004-11-30 if=2005-02-28",
			},
			termEnd: d(2004, 11, 30), ifExtended: d(2005, 2, 28),
		},
		{
			name:     "a recorded Add Shortfall adds it to the next Required (§4.2(ii))",
			s:        supplier("100", "100", "100"),
			invoices: []ledger.Invoice{paid(1, "80"), paid(2, "120"), paid(3, "100")},
			notices:  []ledger.Notice{notice(ledger.NoticeAddShortfall, d(2003, 4, 15), qEnd(1))},
			through:  2,
			want: []string{
				"100.00 80.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true",
				"120.00 120.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
			},
			rem: []string{
				"added=0.00 may=0.00 term=2004-11-30 if=2005-02-28",
				"added=20.00 may=0.00 term=2004-11-30 if=2005-02-28",
				"added=0.00 may=0.00 term=2004-11-30 if=2005-02-28",
			},
			termEnd: d(2004, 11, 30), ifExtended: d(2005, 2, 28),
		},
		{
			name: "recorded Extend Term elections move the term, three months each, EDATE-style month ends (§4.2(iii))",
			s:    supplier("100", "100", "100"),
			// Q1 short 20, added to Q2: 120 needed, 100 billed, short again; Q3 met.
			invoices: []ledger.Invoice{paid(1, "80"), paid(2, "100"), paid(3, "200")},
			notices: []ledger.Notice{
				notice(ledger.NoticeAddShortfall, d(2003, 4, 15), qEnd(1)),
				onRow(notice(ledger.NoticeExtendTerm, d(2003, 4, 15), qEnd(1)), 3),
				onRow(notice(ledger.NoticeExtendTerm, d(2003, 7, 20), qEnd(2)), 4),
			},
			through: 2,
			want: []string{
				"100.00 80.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true",
				"120.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true",
				"100.00 200.00 0.00 0.00 0.00 100.00 0.00 100.00 0.00 met true",
			},
			rem: []string{
				"added=0.00 may=0.00 term=2005-02-28 if=2005-02-28",
				"added=20.00 may=0.00 term=2005-05-30 if=2005-05-30",
				// Q2's shortfall was not elected: Arrow may add it to Q3
				"added=0.00 may=20.00 term=2005-05-30 if=2005-05-30",
			},
			termEnd: d(2005, 5, 30), ifExtended: d(2005, 5, 30), // Nov 30 2004 + 6 months, not + 3 + 3 (May 28)
		},
		{
			name:     "a waived shortfall (§7.6) is neither added nor extended for",
			s:        supplier("100", "100"),
			invoices: []ledger.Invoice{paid(1, "80"), paid(2, "100")},
			notices:  []ledger.Notice{notice(ledger.NoticeWaiver, d(2003, 4, 30), qEnd(1))},
			through:  1,
			want: []string{
				"100.00 80.00 0.00 0.00 0.00 0.00 0.00 0.00 20.00 missed true",
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
			},
			rem: []string{
				"added=0.00 may=0.00 term=2004-11-30 if=2004-11-30",
				"added=0.00 may=0.00 term=2004-11-30 if=2004-11-30",
			},
			termEnd: d(2004, 11, 30), ifExtended: d(2004, 11, 30),
		},
		{
			name:     "notices about a quarter without a shortfall are warned about and not applied; a second one too",
			s:        supplier("100", "100"),
			invoices: []ledger.Invoice{paid(1, "100"), paid(2, "90")},
			notices: []ledger.Notice{
				notice(ledger.NoticeExtendTerm, d(2003, 4, 15), qEnd(1)),
				onRow(notice(ledger.NoticeDefault, d(2003, 7, 10), qEnd(2)), 3),
				onRow(notice(ledger.NoticeDefault, d(2003, 7, 5), qEnd(2)), 4),
			},
			through: 1,
			want: []string{
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
				"100.00 90.00 0.00 0.00 0.00 0.00 0.00 0.00 10.00 missed true",
			},
			termEnd: d(2004, 11, 30), ifExtended: d(2005, 2, 28),
			warnings: []string{
				"Arrow Notices row 2: Extend Term §4.2(iii) for the quarter ending March 31, 2003, whose Minimum Sales the books show achieved: not applied",
				"Arrow Notices row 3: a second Default for the quarter ending June 30, 2003 (the first is row 4, dated July 5, 2003): the first is used",
			},
		},
		{
			name: "nothing dated after the as-of date is known: invoices, payments, notices",
			s:    supplier("100", "100"),
			invoices: []ledger.Invoice{
				paid(1, "90"),
				// dated after the as-of date: in no figure
				with(paid(2, "500"), func(in *ledger.Invoice) { in.Date = d(2003, 7, 2); in.Due = d(2003, 8, 1); in.Paid = d(2003, 7, 3) }),
				// paid after it: unpaid as of it, not yet due
				with(paid(2, "40"), func(in *ledger.Invoice) { in.Due = d(2003, 7, 20); in.Paid = d(2003, 7, 15) }),
			},
			notices: []ledger.Notice{notice(ledger.NoticeAddShortfall, d(2003, 7, 2), qEnd(1))},
			asOf:    d(2003, 7, 1),
			through: 1,
			want: []string{
				"100.00 90.00 0.00 0.00 0.00 0.00 0.00 0.00 10.00 missed true",
				"100.00 40.00 40.00 0.00 0.00 0.00 0.00 0.00 60.00 missed false",
			},
			rem: []string{
				"added=0.00 may=0.00 term=2004-11-30 if=2005-02-28",
				"added=0.00 may=10.00 term=2004-11-30 if=2005-05-30",
			},
			termEnd: d(2004, 11, 30), ifExtended: d(2005, 5, 30),
			unknown: Unknown{Invoices: 1, Payments: 1, Notices: 1},
		},
		{
			name: "paid one day late is excluded; paid on the due date counts",
			s:    supplier("100"),
			invoices: []ledger.Invoice{
				paid(1, "100"),
				with(paid(1, "7"), func(in *ledger.Invoice) { in.Due = d(2003, 3, 12); in.Paid = d(2003, 3, 13) }),
			},
			through: 0,
			want:    []string{"100.00 100.00 0.00 7.00 0.00 0.00 0.00 0.00 0.00 met true"},
			termEnd: d(2004, 11, 30), ifExtended: d(2004, 11, 30),
		},
		{
			name: "a due date on a weekend or a federal holiday moves to the next business day",
			s:    supplier("100"),
			invoices: []ledger.Invoice{
				// due Saturday 2003-03-15, paid Monday 2003-03-17: within its terms
				with(paid(1, "60"), func(in *ledger.Invoice) { in.Due = d(2003, 3, 15); in.Paid = d(2003, 3, 17) }),
				// due Washington's Birthday, Monday 2003-02-17, paid Tuesday: within
				with(paid(1, "40"), func(in *ledger.Invoice) { in.Date = d(2003, 1, 17); in.Due = d(2003, 2, 17); in.Paid = d(2003, 2, 18) }),
				// due Sunday 2003-03-16, paid Tuesday 2003-03-18: a day late
				with(paid(1, "5"), func(in *ledger.Invoice) { in.Due = d(2003, 3, 16); in.Paid = d(2003, 3, 18) }),
			},
			through: 0,
			want:    []string{"100.00 100.00 0.00 5.00 0.00 0.00 0.00 0.00 0.00 met true"},
			termEnd: d(2004, 11, 30), ifExtended: d(2004, 11, 30),
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
			termEnd: d(2004, 11, 30), ifExtended: d(2004, 11, 30),
			unknown: Unknown{Payments: 1},
		},
		{
			name: "a quarter not yet ended is measured not at all: no shortfall, no result, what remains to reach Required",
			s:    supplier("100", "100"),
			invoices: []ledger.Invoice{
				with(paid(1, "100"), func(in *ledger.Invoice) { in.Paid = time.Time{}; in.Due = d(2003, 12, 1) }),
				with(paid(2, "30"), func(in *ledger.Invoice) { in.Date = d(2003, 4, 10); in.Due = d(2003, 5, 10); in.Paid = d(2003, 5, 9) }),
			},
			asOf:    d(2003, 6, 29),
			through: 1,
			want: []string{
				"100.00 100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 met false",
				"100.00 30.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 - false",
			},
			termEnd: d(2004, 11, 30), ifExtended: d(2004, 11, 30),
		},
		{
			name: "credits always count, net of returns and discounts: credit memos and net credits, whatever their payment",
			s:    supplier("100"),
			invoices: []ledger.Invoice{
				with(paid(1, "150"), func(in *ledger.Invoice) {
					in.Returns = decimal.RequireFromString("10.005")
					in.Discounts = decimal.RequireFromString("3")
				}),
				// a credit memo never paid, and "paid" late: counts either way
				with(paid(1, "-20"), func(in *ledger.Invoice) { in.Paid = time.Time{} }),
				with(paid(1, "-2.50"), func(in *ledger.Invoice) { in.Paid = in.Due.AddDate(0, 0, 5) }),
				// returns above the amount, unpaid and past due: a credit of 4.00
				with(paid(1, "10"), func(in *ledger.Invoice) { in.Returns = decimal.RequireFromString("14"); in.Paid = time.Time{} }),
				// returns and discounts equal to the amount, paid late: counts, 0
				with(paid(1, "10"), func(in *ledger.Invoice) {
					in.Returns, in.Discounts = decimal.RequireFromString("9"), decimal.RequireFromString("1")
					in.Paid = in.Due.AddDate(0, 0, 9)
				}),
			},
			through: 0,
			// 150 - 10.005 - 3 = 136.995 -> 137.00 (half away from zero); - 22.50 - 4.00
			want:    []string{"100.00 110.50 0.00 0.00 0.00 10.50 0.00 10.50 0.00 met true"},
			termEnd: d(2004, 11, 30), ifExtended: d(2004, 11, 30),
		},
		{
			name:     "a quarter without a Minimum: no pass or fail; an elected shortfall waits for the next Minimum",
			s:        supplier("100", "", "100"),
			invoices: []ledger.Invoice{paid(1, "70"), paid(2, "500"), paid(3, "100")},
			notices:  []ledger.Notice{notice(ledger.NoticeAddShortfall, d(2003, 4, 2), qEnd(1))},
			through:  2,
			want: []string{
				"100.00 70.00 0.00 0.00 0.00 0.00 0.00 0.00 30.00 missed true",
				"- 500.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 - true",
				"130.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 30.00 missed true",
			},
			rem: []string{
				"added=0.00 may=0.00 term=2004-11-30 if=2005-02-28",
				"added=30.00 may=0.00 term=2004-11-30 if=2005-02-28",
				"added=30.00 may=0.00 term=2004-11-30 if=2005-05-30",
			},
			termEnd: d(2004, 11, 30), ifExtended: d(2005, 5, 30),
		},
		{
			name:     "a shortfall not elected waits the same way as what Arrow CMS may add",
			s:        supplier("100", "", "100"),
			invoices: []ledger.Invoice{paid(1, "70"), paid(2, "500"), paid(3, "100")},
			through:  2,
			want: []string{
				"100.00 70.00 0.00 0.00 0.00 0.00 0.00 0.00 30.00 missed true",
				"- 500.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 - true",
				"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true",
			},
			rem: []string{
				"added=0.00 may=0.00 term=2004-11-30 if=2005-02-28",
				"added=0.00 may=30.00 term=2004-11-30 if=2005-02-28",
				"added=0.00 may=30.00 term=2004-11-30 if=2005-02-28",
			},
			termEnd: d(2004, 11, 30), ifExtended: d(2005, 2, 28),
		},
		{
			name:     "an election about a quarter after the one asked still moves the term",
			s:        supplier("100", "100", "100"),
			invoices: []ledger.Invoice{paid(1, "100"), paid(2, "10")},
			notices:  []ledger.Notice{notice(ledger.NoticeExtendTerm, d(2003, 7, 15), qEnd(2))},
			asOf:     d(2003, 8, 1),
			through:  0,
			want:     []string{"100.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 met true"},
			termEnd:  d(2005, 2, 28), ifExtended: d(2005, 2, 28),
		},
		{
			name:     "no quarter asked: an empty ledger, the invoices classified",
			s:        supplier("100"),
			invoices: []ledger.Invoice{paid(1, "100")},
			asOf:     d(2003, 3, 20),
			through:  -1,
			want:     []string{},
			termEnd:  d(2004, 11, 30), ifExtended: d(2004, 11, 30),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at := tc.asOf
			if at.IsZero() {
				at = asOf
			}
			l, err := Compute(tc.s, tc.invoices, tc.notices, tc.through, at)
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
				if tc.rem != nil && remedies(r) != tc.rem[i] {
					t.Errorf("Q%d remedies\n got %s\nwant %s", i+1, remedies(r), tc.rem[i])
				}
				if r.Defined() && !r.Required.Equal(r.Minimum.Add(r.ShortfallAdded)) {
					t.Errorf("Q%d required %s != minimum %s + shortfall added %s", i+1, r.Required, r.Minimum, r.ShortfallAdded)
				}
				if !r.Ended && (r.Met != nil || !r.Shortfall.IsZero()) {
					t.Errorf("Q%d has not ended but states met %v, shortfall %s", i+1, r.Met, r.Shortfall)
				}
			}
			if !l.TermEnd.Equal(tc.termEnd) || !l.TermEndIfExtended.Equal(tc.ifExtended) {
				t.Errorf("term end %s, if extended %s; want %s, %s", l.TermEnd.Format(day), l.TermEndIfExtended.Format(day), tc.termEnd.Format(day), tc.ifExtended.Format(day))
			}
			if len(l.Warnings) != len(tc.warnings) {
				t.Errorf("warnings %q, want %d", l.Warnings, len(tc.warnings))
			}
			for i, w := range tc.warnings {
				if i < len(l.Warnings) && !strings.Contains(l.Warnings[i], w) {
					t.Errorf("warning %d %q lacks %q", i, l.Warnings[i], w)
				}
			}
			if l.Unknown != tc.unknown {
				t.Errorf("unknown %+v, want %+v", l.Unknown, tc.unknown)
			}
			// every credit is accounted for: excess = used + expired + balance
			if len(l.Quarters) > 0 {
				var excess, moved decimal.Decimal
				for _, r := range l.Quarters {
					excess = excess.Add(r.Excess)
				}
				for _, m := range l.Movements {
					if m.Quarter < len(l.Quarters) {
						moved = moved.Add(m.Amount)
					}
				}
				if !excess.Equal(moved.Add(l.Reported().CreditBalance)) {
					t.Errorf("excess %s != movements %s + balance %s", excess, moved, l.Reported().CreditBalance)
				}
			}
		})
	}
}

// TestNoticeErrors: notices that cannot hold are input errors at their cells.
func TestNoticeErrors(t *testing.T) {
	s := supplier("100", "100")
	invoices := []ledger.Invoice{paid(1, "80"), paid(2, "100")}
	for _, tc := range []struct {
		name    string
		notices []ledger.Notice
		want    []string
	}{
		{"a Quarter End that ends no quarter", []ledger.Notice{notice(ledger.NoticeDefault, d(2003, 4, 10), d(2003, 3, 28))},
			[]string{"ledger.xlsx, sheet Arrow Notices, cell C2 (Quarter End): March 28, 2003 is not the end of a §1.3 quarter of the terms (they end March 31, 2003; June 30, 2003)"}},
		{"an election before the quarter ended", []ledger.Notice{
			notice(ledger.NoticeExtendTerm, d(2003, 3, 30), d(2003, 3, 31)),
			onRow(notice(ledger.NoticeDefault, d(2003, 3, 1), d(2003, 3, 31)), 5),
		}, []string{
			"ledger.xlsx, sheet Arrow Notices, cell A2 (Date): Extend Term §4.2(iii) is dated March 30, 2003, before the quarter ending March 31, 2003 ended",
			"ledger.xlsx, sheet Arrow Notices, cell A5 (Date): Default §4.1 is dated March 1, 2003",
			"2 problems found",
		}},
		{"a waiver and an election for the same quarter", []ledger.Notice{
			notice(ledger.NoticeAddShortfall, d(2003, 4, 10), d(2003, 3, 31)),
			onRow(notice(ledger.NoticeWaiver, d(2003, 4, 20), d(2003, 3, 31)), 3),
		}, []string{"ledger.xlsx, sheet Arrow Notices, cell B2 (Notice): Add Shortfall for the quarter ending March 31, 2003, which row 3 records Arrow CMS waived (§7.6)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compute(s, invoices, tc.notices, 1, d(2003, 8, 1))
			ne, ok := err.(NoticeErrors)
			if !ok {
				t.Fatalf("error %v (%T), want NoticeErrors", err, err)
			}
			got := ne.In("ledger.xlsx")
			if !ledger.IsInputError(got) {
				t.Errorf("not an input error: %v", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, got)
				}
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
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Due = d(2003, 3, 12); in.Paid = d(2003, 3, 13) }), Excluded, "1 day after its Due Date March 12, 2003:", 0},
		{with(paid(2, "10"), func(in *ledger.Invoice) { in.Paid = time.Time{}; in.Due = d(2003, 7, 1) }), Excluded, "unpaid as of July 10, 2003, past its Due Date July 1, 2003", 1},
		{with(paid(2, "10"), func(in *ledger.Invoice) { in.Paid = time.Time{}; in.Due = d(2003, 7, 30) }), Pending, "not yet due", 1},
		{with(paid(1, "-10"), func(in *ledger.Invoice) { in.Paid = time.Time{} }), Counted, "credit memo", 0},
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Date = d(2002, 12, 31) }), Excluded, "before the term began on January 1, 2003", -1},
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Due = d(2003, 3, 15); in.Paid = d(2003, 3, 17) }), Counted, "within its terms (due March 15, 2003, a Saturday, so payable by Monday, March 17, 2003)", 0},
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Due = d(2003, 5, 26); in.Paid = d(2003, 5, 28) }), Excluded, "paid May 28, 2003, 1 day after its Due Date May 26, 2003, Memorial Day, so payable by Tuesday, May 27, 2003", 0},
		{with(paid(1, "10"), func(in *ledger.Invoice) { in.Returns = decimal.RequireFromString("12"); in.Paid = time.Time{} }), Counted, "a credit: returns and discounts of 12.00 against an amount of 10.00 leave a net of -2.00", 0},
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
	// §2: the term begins "as of the date first above written", December 27, 2002
	if got := qs[0].Start.Format(day) + " " + qs[0].End.Format(day); got != "2002-12-27 2003-03-28" {
		t.Errorf("first quarter %s", got)
	}
	if got := qs[1].Start.Format(day); got != "2003-03-29" {
		t.Errorf("second quarter starts %s", got)
	}
	if qs[0].Label() != "Quarter ending March 28, 2003" || qs[0].Words() != "the quarter ending March 28, 2003" {
		t.Errorf("label %q", qs[0].Label())
	}
	// an invoice of the term's first day is in the first quarter
	if r := Classify(s, qs, ledger.Invoice{Date: d(2002, 12, 27), Amount: decimal.NewFromInt(5), Due: d(2003, 1, 27), Paid: d(2003, 1, 20)}, d(2003, 2, 1)); r.Quarter != 0 || r.Status != Counted {
		t.Errorf("an invoice of 2002-12-27: quarter %d, %s (%s)", r.Quarter, r.Status, r.Reason)
	}
	for _, tc := range []struct {
		end  time.Time
		want int
	}{
		{d(2003, 3, 31), 0},
		{d(2003, 3, 28), 0},
		{d(2003, 3, 27), -1},
		{d(2003, 12, 31), 3},
		{d(2005, 12, 31), 11},
		{d(2002, 12, 31), -1},
		{d(2006, 3, 31), 11},
	} {
		if got := ThroughEnd(qs, tc.end); got != tc.want {
			t.Errorf("ThroughEnd(%s) = %d, want %d", tc.end.Format(day), got, tc.want)
		}
	}
	for _, bad := range []int{12, -2} {
		if _, err := Compute(s, nil, nil, bad, d(2004, 1, 1)); err == nil {
			t.Errorf("quarter index %d of 12 accepted", bad)
		}
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
		{"due Saturday, paid Monday", on, inv(d(2003, 5, 17), d(2003, 5, 19)), asOf, Counted, "paid May 19, 2003, within its terms (due May 17, 2003, a Saturday, so payable by Monday, May 19, 2003)"},
		{"due Sunday, paid Monday", on, inv(d(2003, 5, 18), d(2003, 5, 19)), asOf, Counted, "within its terms (due May 18, 2003, a Sunday, so payable by Monday, May 19, 2003)"},
		{"due Saturday, paid Tuesday", on, inv(d(2003, 5, 17), d(2003, 5, 20)), asOf, Excluded,
			"paid May 20, 2003, 1 day after its Due Date May 17, 2003, a Saturday, so payable by Monday, May 19, 2003: not paid within its terms (§1.3)"},
		{"due Saturday, paid Monday, the setting off", off, inv(d(2003, 5, 17), d(2003, 5, 19)), asOf, Excluded, "2 days after its Due Date May 17, 2003: not paid"},
		{"due on Memorial Day, paid Tuesday", on, inv(d(2003, 5, 26), d(2003, 5, 27)), asOf, Counted, "(due May 26, 2003, Memorial Day, so payable by Tuesday, May 27, 2003)"},
		{"due on Memorial Day, the setting off", off, inv(d(2003, 5, 26), d(2003, 5, 27)), asOf, Excluded, ""},
		{"due on a Thursday, paid Friday", on, inv(d(2003, 5, 15), d(2003, 5, 16)), asOf, Excluded, "1 day after its Due Date May 15, 2003: not paid within its terms"},
		{"due Saturday, unpaid as of the Monday", on, inv(d(2003, 5, 17), time.Time{}), d(2003, 5, 19), Pending, "not yet due (due May 17, 2003, a Saturday, so payable by Monday, May 19, 2003)"},
		{"due Saturday, unpaid as of the Tuesday", on, inv(d(2003, 5, 17), time.Time{}), d(2003, 5, 20), Excluded, "past its Due Date May 17, 2003, a Saturday, so payable by Monday, May 19, 2003"},
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
