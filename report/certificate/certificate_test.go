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

func line(po string, class spend.Class, amount string) (*ledger.POLine, spend.Result) {
	return &ledger.POLine{PONumber: po, POLine: 1, PODate: d(2003, 2, 3), Supplier: "Avnet", Manufacturer: "Vishay"},
		spend.Result{Class: class, Franchised: true, Amount: money(amount), Reason: "because"}
}

func TestStatements(t *testing.T) {
	s := terms.Default().Supplier
	q1 := calendar.QuarterOf(2003, 1)
	q4 := calendar.QuarterOf(2004, 1)
	for _, tc := range []struct {
		name       string
		quarter    calendar.CalendarQuarter
		lines      []spend.Class
		invoices   []ledger.Invoice
		asOf       time.Time
		want, not  []string // in Statement12 + Statement13 + Notes
		compliant  bool
		wantInNote []string
	}{
		{
			name: "no exception: unqualified compliance; minimum met", quarter: q1,
			lines:    []spend.Class{spend.Arrow, spend.CustomerDirected},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1600000", true)},
			asOf:     d(2003, 5, 1), compliant: true,
			want: []string{"has complied with Section 1.2: the Customer purchased from Arrow CMS all of the Customer's Requirements", "listed in Schedule A-1",
				"were $1,600,000.00, against Required Minimum Sales of $1,500,000.00. The Minimum Sales of Section 1.3 were achieved."},
			not: []string{"except", "NOT", "not final", "shortfall"},
		},
		{
			name: "one exception: except as set forth in Schedule A", quarter: q1,
			lines:    []spend.Class{spend.Arrow, spend.Exception},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1600000", true)},
			asOf:     d(2003, 5, 1),
			want:     []string{"has complied with Section 1.2, except as set forth in Schedule A: 1 purchase-order line of products for which Arrow CMS is an authorized distributor, totalling $10.00, was bought from another source without Arrow CMS's release."},
			not:      []string{"all of the Customer's Requirements", "Schedule A-1"},
		},
		{
			name: "minimum missed: stated with the shortfall, §4.1 and §4.2", quarter: q1,
			lines:    []spend.Class{spend.Arrow},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1234567.89", true)},
			asOf:     d(2003, 5, 1), compliant: true,
			want: []string{"were NOT achieved: the shortfall is $265,432.11.", "Under Section 4.1 this is an event of default.",
				"Section 4.2(ii) the shortfall is added to the Minimum Sales of the next period",
				"Section 4.2(iii) the term is extended by one calendar quarter for each period missed (1 so far): to March 27, 2006."},
			not: []string{"were achieved"},
		},
		{
			name: "pending invoice: counted provisionally, not final", quarter: q1,
			lines: []spend.Class{spend.Arrow},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1000000", true),
				invoice(d(2003, 3, 25), "600000", false)},
			asOf: d(2003, 4, 10), compliant: true,
			want: []string{"were $1,600,000.00", "Of Net Sales Billed, $600,000.00 is billed on invoices unpaid and not yet due as of April 10, 2003, counted provisionally.",
				"This result is not final", "status pending"},
		},
		{
			name: "quarter without a Minimum: no pass or fail, reminder to redefine", quarter: q4,
			lines:    []spend.Class{spend.Arrow},
			invoices: []ledger.Invoice{invoice(d(2003, 2, 1), "1600000", true), invoice(d(2004, 2, 1), "5", true)},
			asOf:     d(2004, 6, 1), compliant: true,
			want: []string{"were $5.00. The Minimum Sales for this quarter are not yet defined (§1.3): no pass or fail is stated.",
				"redefine the 2004 minimum sales levels no later than the end of Quarter 4 2003",
				// Q2-Q4 2003 had no invoices: missed, listed, their shortfall waits
				"Earlier quarters missed: Q2 ending 2003-06-27"},
			not: []string{"achieved"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sec := NewSection12(tc.quarter)
			for i, cl := range tc.lines {
				l, r := line("PO-"+string(rune('1'+i)), cl, "10")
				l.PODate = tc.quarter.Start.AddDate(0, 0, 5)
				sec.Add(l, r)
			}
			idx, ok := minsales.QuarterEndingIn(minsales.Quarters(s), tc.quarter.Start, tc.quarter.End)
			if !ok {
				t.Fatal("no contract quarter")
			}
			sales, err := minsales.Compute(s, tc.invoices, idx, tc.asOf)
			if err != nil {
				t.Fatal(err)
			}
			c := &Certificate{Quarter: tc.quarter, Section12: sec, Sales: sales, Title: "President"}
			text := c.Statement12(s) + "\n" + c.Statement13(s) + "\n" + strings.Join(c.Notes(s), "\n")
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
			if c.Compliant() != tc.compliant {
				t.Errorf("compliant %v", c.Compliant())
			}
			// never unqualified compliance while an exception exists
			if sec.Exceptions.Len() > 0 && !strings.Contains(c.Statement12(s), "except as set forth in Schedule A") {
				t.Error("an exception exists but the certification is unqualified")
			}
		})
	}
}

func TestDollars(t *testing.T) {
	for in, want := range map[string]string{"0": "$0.00", "5": "$5.00", "1234.5": "$1,234.50", "-1234567.891": "-$1,234,567.89", "100000": "$100,000.00", "0.005": "$0.01"} {
		if got := Dollars(money(in)); got != want {
			t.Errorf("Dollars(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestWrappedLines(t *testing.T) {
	for _, tc := range []struct {
		text string
		per  int
		want int
	}{
		{"a b c", 10, 1},
		{"aaaa bbbb cccc", 10, 2},
		{"one\ntwo\nthree", 80, 3},
		{strings.Repeat("x", 25), 10, 3},
	} {
		if got := wrappedLines(tc.text, tc.per); got != tc.want {
			t.Errorf("wrappedLines(%q, %d) = %d, want %d", tc.text, tc.per, got, tc.want)
		}
	}
}
