package certificate

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
)

var d = terms.Date

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// invoice is dated on date, paid on its due date 30 days later (paid: true) or
// unpaid.
func invoice(date time.Time, amount string, paid bool) ledger.Invoice {
	in := ledger.Invoice{Number: "A-" + amount, Date: date, Amount: money(amount), Due: date.AddDate(0, 0, 30)}
	if paid {
		in.Paid = in.Due
	}
	return in
}

func notice(kind ledger.NoticeKind, date, quarterEnd time.Time, row int) ledger.Notice {
	return ledger.Notice{Row: row, Date: date, Kind: kind, QuarterEnd: quarterEnd}
}

func line(po string, class spend.Class, amount string) (*ledger.POLine, spend.Result) {
	return &ledger.POLine{PONumber: po, POLine: 1, PODate: d(2003, 2, 3), Supplier: "Avnet", Manufacturer: "Vishay"},
		spend.Result{Class: class, Franchised: true, Amount: money(amount), Reason: "because"}
}

// build makes the certificate of quarter as of asOf, as the command does: the
// §1.3 ledger first (the term may have been extended), then the lines of the
// part of the quarter inside the term, each of 10.00 on the quarter's sixth
// day or the term's first.
func build(t *testing.T, s terms.Supplier, quarter calendar.CalendarQuarter, lines []spend.Class, invoices []ledger.Invoice, notices []ledger.Notice, asOf time.Time) *Certificate {
	t.Helper()
	qs := minsales.Quarters(s)
	sales, err := minsales.Compute(s, invoices, notices, minsales.ThroughEnd(qs, quarter.End), asOf)
	if err != nil {
		t.Fatal(err)
	}
	start, end := Period(quarter, s.AgreementDate, sales.TermEnd)
	sec := NewSection12(start, end)
	t.Cleanup(func() { sec.Close() })
	for i, cl := range lines {
		l, r := line("PO-"+string(rune('1'+i)), cl, "10")
		l.PODate = start.AddDate(0, 0, min(5, calendar.DaysInclusive(start, end)-1))
		sec.Add(l, r)
	}
	return &Certificate{Quarter: quarter, Section12: sec, Sales: sales, Quarters: qs, Title: "President", HasNotices: notices != nil}
}

// defaultWords are what no statement about a quarter without a shortfall may say.
var defaultWords = []string{"default", "Default", "shortfall is", "not achieved", "NOT", "term would end", "extend the term"}

func TestStatements(t *testing.T) {
	s := terms.Default().Supplier
	q1 := calendar.QuarterOf(2003, 1)
	q2 := calendar.QuarterOf(2003, 2)
	q1End := d(2003, 3, 28)
	short := []ledger.Invoice{invoice(d(2003, 2, 1), "1234567.89", true)}
	for _, tc := range []struct {
		name      string
		supplier  *terms.Supplier
		quarter   calendar.CalendarQuarter
		lines     []spend.Class
		invoices  []ledger.Invoice
		notices   []ledger.Notice
		asOf      time.Time
		want, not []string // in Statement12 + Statement13 + Notes + Closing
		compliant bool
		draft     bool
		// noDefault: no default words anywhere
		noDefault bool
	}{
		{
			name: "no exception: unqualified compliance naming Arrow's own figure; minimum met", quarter: q1,
			lines:    []spend.Class{spend.Arrow, spend.CustomerDirected},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1600000", true)},
			asOf:     d(2003, 5, 1), compliant: true, noDefault: true,
			want: []string{"that for the calendar quarter from January 1, 2003 through March 31, 2003 the Customer has complied with Section 1.2: of the 2 purchase-order lines of products for which Arrow CMS is an authorized distributor dated in the period ($20.00), the Customer bought 1 PO line for $10.00 from Arrow CMS and 1 PO line for $10.00 was bought from another source at the express direction of the Customer's customer, purchases that are not Customer's Requirements (§1.2).",
				"Schedule A-1 lists", "were $1,600,000.00, against Required Minimum Sales of $1,500,000.00. The Minimum Sales of Section 1.3 were achieved.",
				"The undersigned certifies the foregoing"},
			not: []string{"except", "not final", "all of the Customer's Requirements", "DRAFT"},
		},
		{
			name: "every other source named as what it is", quarter: q1,
			lines:    []spend.Class{spend.Arrow, spend.Arrow, spend.Released, spend.CreditLimit},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1600000", true)},
			asOf:     d(2003, 5, 1), compliant: true, noDefault: true,
			want: []string{"the Customer bought 2 PO lines for $20.00 from Arrow CMS; Arrow CMS released 1 PO line for $10.00 to other suppliers under Section 1.2 (approving the placement, or not responding within 24 hours to the Customer's breakdown); and 1 PO line for $10.00 was bought from another source under Arrow CMS's credit limitation, purchases the Supplier Agreement does not govern (§1.5)."},
		},
		{
			name: "one exception: except as set forth in Schedule A", quarter: q1,
			lines:    []spend.Class{spend.Arrow, spend.Exception},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1600000", true)},
			asOf:     d(2003, 5, 1), noDefault: true,
			want: []string{"has complied with Section 1.2, except as set forth in Schedule A: 1 purchase-order line of products for which Arrow CMS is an authorized distributor, totalling $10.00, was bought from another source without Arrow CMS's release. Otherwise, of the 2 purchase-order lines",
				"the Customer bought 1 PO line for $10.00 from Arrow CMS."},
			not: []string{"all of the Customer's Requirements", "Schedule A-1"},
		},
		{
			name: "minimum missed, nothing recorded: the shortfall as a fact in §4.1's words, Arrow's remedies as what it may do", quarter: q1,
			lines: []spend.Class{spend.Arrow}, invoices: short,
			asOf: d(2003, 5, 1), compliant: true,
			want: []string{"were not achieved: the shortfall is $265,432.11.",
				`Section 4.1 provides that "Customer's failure to achieve Minimum Sales during any period, as measured at the end of such period, throughout the term of this Agreement shall be an event of default".`,
				"No notice of it from Arrow CMS is recorded (Arrow Notices).",
				"Under Section 4.2(ii) Arrow CMS may add the shortfall to the Minimum Sales for the next period or periods, which would raise the Minimum Sales of the quarter ending June 27, 2003 from $1,500,000.00 to $1,765,432.11; no election is recorded.",
				"Under Section 4.2(iii) Arrow CMS may extend the term by one calendar quarter for each period for which Minimum Sales are not achieved; no election is recorded for this period. Extended for every such period so far (1), the term would end March 27, 2006."},
			not: []string{"were achieved", "Under Section 4.1 this is an event of default", "the shortfall is added", "the term is extended", "elected"},
		},
		{
			name: "minimum missed, notice and elections recorded: stated with their dates, 30 days after the notice", quarter: q1,
			lines: []spend.Class{spend.Arrow}, invoices: short,
			notices: []ledger.Notice{
				notice(ledger.NoticeDefault, d(2003, 4, 10), q1End, 2),
				notice(ledger.NoticeAddShortfall, d(2003, 4, 15), q1End, 3),
				notice(ledger.NoticeExtendTerm, d(2003, 4, 15), q1End, 4),
			},
			asOf: d(2003, 5, 1), compliant: true,
			want: []string{"Arrow CMS gave the Customer notice of it on April 10, 2003 (Arrow Notices row 2); thirty days after that notice is May 10, 2003 (§4.1",
				"Arrow CMS elected on April 15, 2003 to add the shortfall to the Minimum Sales of the next period (§4.2(ii); Arrow Notices row 3), which raises the Minimum Sales of the quarter ending June 27, 2003 from $1,500,000.00 to $1,765,432.11.",
				"Arrow CMS elected on April 15, 2003 to extend the term by one calendar quarter for this period (§4.2(iii); Arrow Notices row 4): with the extensions recorded the term ends March 27, 2006."},
			not: []string{"may add", "may extend", "No notice"},
		},
		{
			name: "minimum missed and waived in writing (§7.6): no remedy stated", quarter: q1,
			lines: []spend.Class{spend.Arrow}, invoices: short,
			notices: []ledger.Notice{notice(ledger.NoticeWaiver, d(2003, 4, 20), q1End, 2)},
			asOf:    d(2003, 5, 1), compliant: true,
			want: []string{"the shortfall is $265,432.11.", "Arrow CMS waived this shortfall in writing on April 20, 2003 (§7.6; Arrow Notices row 2)."},
			not:  []string{"may add", "may extend", "elected"},
		},
		{
			name: "the next quarter: Required holds only the elected shortfall; what Arrow may still add is named", quarter: q2,
			lines:    []spend.Class{spend.Arrow},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1400000", true), invoice(d(2003, 5, 1), "1550000", true)},
			asOf:     d(2003, 8, 1), compliant: true,
			want: []string{"were $1,550,000.00, against Required Minimum Sales of $1,500,000.00. The Minimum Sales of Section 1.3 were achieved.",
				"Arrow CMS may add the shortfall of $100,000.00 of the quarter ending March 28, 2003, for which no election is recorded, to the Minimum Sales of this period (§4.2(ii)); Required would then be $1,600,000.00.",
				"Earlier quarters not achieved (Schedule B): the quarter ending March 28, 2003, shortfall $100,000.00: no notice recorded, Arrow CMS may add it to the next Minimum Sales (§4.2(ii)), may extend the term (§4.2(iii))."},
		},
		{
			name: "the next quarter after an Add Shortfall election: Required is Minimum + the shortfall added", quarter: q2,
			lines:    []spend.Class{spend.Arrow},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1400000", true), invoice(d(2003, 5, 1), "1550000", true)},
			notices:  []ledger.Notice{notice(ledger.NoticeAddShortfall, d(2003, 4, 2), q1End, 2)},
			asOf:     d(2003, 8, 1), compliant: true,
			want: []string{"against Required Minimum Sales of $1,600,000.00 (the Minimum Sales of $1,500,000.00 plus the shortfall of $100,000.00 of the quarter ending March 28, 2003 (elected April 2, 2003), which Arrow CMS elected to add under Section 4.2(ii)). The Minimum Sales of Section 1.3 were not achieved: the shortfall is $50,000.00."},
			not:  []string{"Required would then be"},
		},
		{
			name: "pending invoice: counted provisionally, not final", quarter: q1,
			lines: []spend.Class{spend.Arrow},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1000000", true),
				invoice(d(2003, 3, 25), "600000", false)},
			asOf: d(2003, 4, 10), compliant: true, noDefault: true,
			want: []string{"were $1,600,000.00", "Of Net Sales Billed, $600,000.00 is billed on invoices unpaid and not yet due as of April 10, 2003, counted provisionally.",
				"This result is not final", "status pending"},
		},
		{
			name: "DRAFT as of a day inside the quarter: figures to date, no result, nothing certified, no default words", quarter: q2,
			lines:    []spend.Class{spend.Arrow, spend.Exception},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1600000", true), invoice(d(2003, 4, 2), "200000", true), invoice(d(2003, 5, 20), "900000", false)},
			asOf:     d(2003, 5, 15), draft: true, noDefault: true,
			want: []string{"DRAFT, not a certification: the calendar quarter from April 1, 2003 through June 30, 2003 ends on June 30, 2003, after the as-of date May 15, 2003. To date (PO lines dated through May 15, 2003)",
				"(Schedule A, to date).",
				"DRAFT, to date: the contract quarter from March 29, 2003 through June 27, 2003 ends after the as-of date May 15, 2003. Net Sales Billed by Arrow CMS to the Customer for it are $200,000.00 to date, against Required Minimum Sales of $1,500,000.00: $1,200,000.00 remains to be billed by June 27, 2003 to reach Required, counting $100,000.00 of excess carried forward from earlier quarters. Minimum Sales are measured at the end of the period (§4.1): no result is stated before June 27, 2003.",
				"DRAFT: the calendar quarter ends June 30, 2003, after the as-of date May 15, 2003.",
				"It is not a certification and is not to be signed: the calendar quarter ends June 30, 2003."},
			not: []string{"hereby certifies", "has complied", "were achieved", "shortfall is", "$900,000.00", "This result is not final", "The undersigned certifies"},
		},
		{
			name: "2002Q4: the part of the calendar quarter inside the term; no §1.3 quarter ends in it", quarter: calendar.QuarterOf(2002, 4),
			lines: []spend.Class{spend.Arrow}, invoices: []ledger.Invoice{invoice(d(2002, 12, 27), "50000", true)},
			asOf: d(2003, 1, 10), compliant: true, noDefault: true,
			want: []string{"that for the part of the fourth quarter of 2002 inside the term of the Supplier Agreement, from December 27, 2002 through December 31, 2002 (the term began on December 27, 2002 (§2)) the Customer has complied with Section 1.2",
				"No §1.3 contract quarter ends in the fourth quarter of 2002, so no Minimum Sales result is stated for it. The next runs from December 27, 2002 through March 28, 2003 and is reported with the first quarter of 2003."},
		},
		{
			name: "a quarter of the term as extended by a recorded election", quarter: calendar.QuarterOf(2006, 1),
			lines:    []spend.Class{spend.Arrow},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1600000", true), invoice(d(2003, 5, 1), "1000000", true)},
			notices:  []ledger.Notice{notice(ledger.NoticeExtendTerm, d(2003, 7, 10), d(2003, 6, 27), 2), notice(ledger.NoticeWaiver, d(2003, 11, 1), d(2003, 9, 26), 3)},
			asOf:     d(2006, 4, 3), compliant: true,
			want: []string{"from January 1, 2006 through March 27, 2006 (the term ends on March 27, 2006 (§2, as extended by Arrow CMS's elections under §4.2(iii)))",
				"No §1.3 contract quarter ends in the first quarter of 2006, so no Minimum Sales result is stated for it. No Minimum Sales quarter is set after the quarter ending December 27, 2005, which was reported with the fourth quarter of 2005; Schedule B shows every quarter.",
				"the quarter ending June 27, 2003, shortfall $400,000.00: no notice recorded, Arrow CMS may add it to the next Minimum Sales (§4.2(ii)), term extended by election of July 10, 2003",
				"the quarter ending September 26, 2003, shortfall $1,800,000.00: no notice recorded, waived November 1, 2003 (§7.6)"},
		},
		{
			name: "quarter without a Minimum: no pass or fail, reminder to redefine", quarter: calendar.QuarterOf(2004, 1),
			lines:    []spend.Class{spend.Arrow},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1600000", true), invoice(d(2004, 2, 1), "5", true)},
			asOf:     d(2004, 6, 1), compliant: true,
			want: []string{"were $5.00. The Minimum Sales for this quarter are not yet defined (§1.3): no pass or fail is stated.",
				"Arrow CMS may add the shortfall of $2,000,000.00 of the quarter ending December 26, 2003 to the next Minimum Sales defined (§4.2(ii)); no election is recorded.",
				"redefine the 2004 minimum sales levels no later than the end of Quarter 4 2003",
				// Q2-Q4 2003 had no invoices: not achieved, listed
				"Earlier quarters not achieved (Schedule B): the quarter ending June 27, 2003"},
			not: []string{"were achieved"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sup := s
			if tc.supplier != nil {
				sup = *tc.supplier
			}
			c := build(t, sup, tc.quarter, tc.lines, tc.invoices, tc.notices, tc.asOf)
			text := c.Statement12(sup) + "\n" + c.Statement13(sup) + "\n" + strings.Join(c.Notes(sup), "\n") + "\n" + c.Closing(sup)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q in\n%s", w, text)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("holds %q in\n%s", n, text)
				}
			}
			if tc.noDefault {
				for _, n := range defaultWords {
					if strings.Contains(text, n) {
						t.Errorf("a certificate without a shortfall holds %q:\n%s", n, text)
					}
				}
			}
			if c.Compliant() != (tc.compliant || tc.draft && c.Section12.Exceptions.Len() == 0) && !tc.draft {
				t.Errorf("compliant %v", c.Compliant())
			}
			if c.Draft() != tc.draft {
				t.Errorf("draft %v, want %v", c.Draft(), tc.draft)
			}
			// never unqualified compliance while an exception exists
			if !tc.draft && c.Section12.Exceptions.Len() > 0 && !strings.Contains(c.Statement12(sup), "except as set forth in Schedule A") {
				t.Error("an exception exists but the certification is unqualified")
			}
		})
	}
}

// TestDraft: the certificate is a draft exactly while the calendar quarter has
// not ended on the as-of date.
func TestDraft(t *testing.T) {
	s := terms.Default().Supplier
	q := calendar.QuarterOf(2003, 1)
	for _, tc := range []struct {
		asOf  time.Time
		draft bool
	}{
		{d(2003, 2, 15), true},
		{d(2003, 3, 28), true}, // the §1.3 quarter has ended, the calendar quarter not
		{d(2003, 3, 30), true},
		{d(2003, 3, 31), false},
		{d(2003, 4, 1), false},
	} {
		c := build(t, s, q, nil, nil, nil, tc.asOf)
		if c.Draft() != tc.draft {
			t.Errorf("as of %s: draft %v, want %v", tc.asOf.Format("2006-01-02"), c.Draft(), tc.draft)
		}
		if tc.draft && !strings.Contains(c.DraftHeader(), "DRAFT") {
			t.Errorf("draft header %q", c.DraftHeader())
		}
	}
}

func TestPeriod(t *testing.T) {
	termStart, termEnd := d(2002, 12, 27), d(2006, 3, 27)
	for _, tc := range []struct {
		q          calendar.CalendarQuarter
		start, end time.Time
	}{
		{calendar.QuarterOf(2002, 4), d(2002, 12, 27), d(2002, 12, 31)},
		{calendar.QuarterOf(2003, 1), d(2003, 1, 1), d(2003, 3, 31)},
		{calendar.QuarterOf(2006, 1), d(2006, 1, 1), d(2006, 3, 27)},
	} {
		start, end := Period(tc.q, termStart, termEnd)
		if !start.Equal(tc.start) || !end.Equal(tc.end) {
			t.Errorf("%s: %s to %s, want %s to %s", tc.q, start.Format("2006-01-02"), end.Format("2006-01-02"), tc.start.Format("2006-01-02"), tc.end.Format("2006-01-02"))
		}
	}
}

func TestCopiesBlock(t *testing.T) {
	got := CopiesBlock(terms.Default().Supplier)
	want := "With a copy to: Joseph Sabia, Arrow Electronics, Inc., 25 Hub Drive, Melville, NY 11747, Attention: David J. Corcoran, Vice President, Credit\n" +
		"And a copy to: Arrow Electronics, Inc., 25 Hub Drive, Melville, NY 11747, Attention: Glenn Moore, Manager, Contracts & Proposals"
	if got != want {
		t.Errorf("copies\n got %q\nwant %q", got, want)
	}
}

func TestDollars(t *testing.T) {
	for in, want := range map[string]string{"0": "$0.00", "5": "$5.00", "1234.5": "$1,234.50", "-1234567.891": "-$1,234,567.89", "100000": "$100,000.00", "0.005": "$0.01"} {
		if got := Dollars(money(in)); got != want {
			t.Errorf("Dollars(%s) = %s, want %s", in, got, want)
		}
	}
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1370: "1,370", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %s, want %s", n, got, want)
		}
	}
}
