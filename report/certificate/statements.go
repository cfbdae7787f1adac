package certificate

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
)

// quote41 is §4.1's own words about Minimum Sales.
const quote41 = `Section 4.1 provides that "Customer's failure to achieve Minimum Sales during any period, as measured at the end of such period, throughout the term of this Agreement shall be an event of default"`

// PeriodText names the days Part 1 covers: the calendar quarter, or the part
// of it inside the term.
func (c *Certificate) PeriodText() string {
	m := c.Section12
	q := c.Quarter
	s := fmt.Sprintf("the calendar quarter from %s through %s", calendar.Long(q.Start), calendar.Long(q.End))
	if m.Start.Equal(q.Start) && m.End.Equal(q.End) {
		return s
	}
	var why []string
	if m.Start.After(q.Start) {
		why = append(why, fmt.Sprintf("the term began on %s (§2)", calendar.Long(m.Start)))
	}
	if m.End.Before(q.End) {
		why = append(why, fmt.Sprintf("the term ends on %s (%s)", calendar.Long(m.End), c.termClause()))
	}
	return fmt.Sprintf("the part of the %s inside the term of the Supplier Agreement, from %s through %s (%s)",
		q.Words(), calendar.Long(m.Start), calendar.Long(m.End), strings.Join(why, "; "))
}

// termClause cites where the term's end comes from.
func (c *Certificate) termClause() string {
	if c.Sales.Extended > 0 {
		return "§2, as extended by Arrow CMS's elections under §4.2(iii)"
	}
	return "§2"
}

// purchasesText describes the period's franchised purchases by what they are:
// Arrow's own figure first, then what was bought elsewhere and on what basis.
func (c *Certificate) purchasesText(s terms.Supplier) string {
	m := c.Section12
	arrow := s.DistributorShort
	bought := m.FranchisedLines - m.ClassLines[spend.Return]
	returns := ""
	if n := m.ClassLines[spend.Return]; n > 0 {
		verb := "are not purchases and are"
		if n == 1 {
			verb = "is not a purchase and is"
		}
		returns = fmt.Sprintf(" (%s of returns, %s credited, %s shown apart on Schedule A-2)", plural(n, "PO line"), Dollars(m.Total(spend.Return).Abs()), verb)
	}
	if bought == 0 {
		return fmt.Sprintf("no purchase of products for which %s is an authorized distributor is dated in the period%s", arrow, returns)
	}
	parts := []string{fmt.Sprintf("the Customer bought %s from %s", linesFor(m.ClassLines[spend.Arrow], m.Total(spend.Arrow)), arrow)}
	if n := m.ClassLines[spend.Released]; n > 0 {
		parts = append(parts, fmt.Sprintf("%s released %s to other suppliers under Section 1.2 (approving the placement, or not responding within %d hours to the Customer's breakdown)",
			arrow, linesFor(n, m.Total(spend.Released)), s.BreakdownResponseHours))
	}
	if n := m.ClassLines[spend.CustomerDirected]; n > 0 {
		parts = append(parts, fmt.Sprintf("%s %s bought from another source at the express direction of the Customer's customer, purchases that are not Customer's Requirements (§1.2)",
			linesFor(n, m.Total(spend.CustomerDirected)), wereWas(n)))
	}
	if n := m.ClassLines[spend.CreditLimit]; n > 0 {
		parts = append(parts, fmt.Sprintf("%s %s bought from another source under %s's credit limitation, purchases the Supplier Agreement does not govern (§1.5)",
			linesFor(n, m.Total(spend.CreditLimit)), wereWas(n), arrow))
	}
	text := fmt.Sprintf("of the %s of products for which %s is an authorized distributor dated in the period (%s)%s, ", plural(bought, "purchase-order line"), arrow, Dollars(m.Purchases()), returns)
	switch len(parts) {
	case 1:
		text += parts[0]
	case 2:
		text += parts[0] + " and " + parts[1]
	default:
		text += strings.Join(parts[:len(parts)-1], "; ") + "; and " + parts[len(parts)-1]
	}
	return text
}

// linesFor writes "2 PO lines for $2,000.00".
func linesFor(n int, amount decimal.Decimal) string {
	return fmt.Sprintf("%s for %s", plural(n, "PO line"), Dollars(amount))
}

// Statement12 is the §1.2 certification. It states compliance without
// qualification only when no line is an exception; otherwise compliance
// "except as set forth in Schedule A". A draft certifies nothing: it states
// the figures to date.
func (c *Certificate) Statement12(s terms.Supplier) string {
	title := c.Title
	if title == "" {
		title = "President"
	}
	m := c.Section12
	arrow := s.DistributorShort
	n := m.Exceptions.Len()
	exceptions := fmt.Sprintf("%s of products for which %s is an authorized distributor, totalling %s, %s bought from another source without %s's release",
		plural(n, "purchase-order line"), arrow, Dollars(m.Total(spend.Exception)), wereWas(n), arrow)
	other := ""
	if m.Permitted.Len() > 0 {
		other = " Schedule A-1 lists the purchases from other sources and their basis."
	}
	if c.Draft() {
		b := fmt.Sprintf("DRAFT, not a certification: %s ends on %s, after the as-of date %s. To date (PO lines dated through %s), %s",
			c.PeriodText(), calendar.Long(c.Quarter.End), calendar.Long(c.AsOf()), calendar.Long(c.AsOf()), c.purchasesText(s))
		if n > 0 {
			b += fmt.Sprintf("; and %s (Schedule A, to date)", exceptions)
		}
		return b + "." + other
	}
	head := fmt.Sprintf("The undersigned, the %s of %s (the \"Customer\"), hereby certifies to %s, pursuant to Section 1.2 of the Supplier Agreement, that for %s the Customer has complied with Section 1.2",
		title, s.Customer, arrow, c.PeriodText())
	short := c.ReportsShort()
	switch {
	case n > 0 && short:
		return fmt.Sprintf("%s, except as set forth in Schedule A and as to the monthly reports stated below: %s. Otherwise, %s.%s", head, exceptions, c.purchasesText(s), other)
	case n > 0:
		return fmt.Sprintf("%s, except as set forth in Schedule A: %s. Otherwise, %s.%s", head, exceptions, c.purchasesText(s), other)
	case short:
		return fmt.Sprintf("%s, except as to the monthly reports stated below: %s.%s", head, c.purchasesText(s), other)
	}
	return fmt.Sprintf("%s: %s.%s", head, c.purchasesText(s), other)
}

// Statement13 states the §1.3 Minimum Sales of the contract quarter ending in
// the calendar quarter: figures to date while it has not ended; once it has,
// whether they were achieved, a shortfall as a fact in §4.1's words, whether
// Arrow CMS has given notice, and Arrow's remedies as Arrow's (§4.2).
func (c *Certificate) Statement13(s terms.Supplier) string {
	r := c.Contract()
	if r == nil {
		return c.noContractQuarter()
	}
	arrow := s.DistributorShort
	var b strings.Builder
	if !r.Ended {
		fmt.Fprintf(&b, "DRAFT, to date: the contract quarter from %s through %s ends after the as-of date %s. Net Sales Billed by %s to the Customer for it are %s to date",
			calendar.Long(r.Start), calendar.Long(r.End), calendar.Long(c.AsOf()), arrow, Dollars(r.NetSalesBilled))
	} else {
		fmt.Fprintf(&b, "Net Sales Billed by %s to the Customer for the contract quarter from %s through %s were %s",
			arrow, calendar.Long(r.Start), calendar.Long(r.End), Dollars(r.NetSalesBilled))
	}
	if !r.Defined() {
		b.WriteString(". The Minimum Sales for this quarter are not yet defined (§1.3): no pass or fail is stated.")
		if r.ShortfallAdded.IsPositive() {
			fmt.Fprintf(&b, " The shortfall of %s of %s, which %s elected to add (§4.2(ii)), waits for the next Minimum Sales defined.", Dollars(r.ShortfallAdded), c.origins(r.AddedFrom, true), arrow)
		}
		if r.MayAdd.IsPositive() {
			fmt.Fprintf(&b, " %s may add the shortfall of %s of %s to the next Minimum Sales defined (§4.2(ii)); no election is recorded.", arrow, Dollars(r.MayAdd), c.origins(r.MayAddFrom, false))
		}
	} else {
		fmt.Fprintf(&b, ", against Required Minimum Sales of %s", Dollars(*r.Required))
		if r.ShortfallAdded.IsPositive() {
			fmt.Fprintf(&b, " (the Minimum Sales of %s plus the shortfall of %s of %s, which %s elected to add under Section 4.2(ii))",
				Dollars(*r.Minimum), Dollars(r.ShortfallAdded), c.origins(r.AddedFrom, true), arrow)
		}
		switch {
		case !r.Ended:
			if r.Remaining.IsPositive() {
				fmt.Fprintf(&b, ": %s remains to be billed by %s to reach Required", Dollars(r.Remaining), calendar.Long(r.End))
			} else {
				b.WriteString(": Required is reached to date")
			}
			if r.CreditUsed.IsPositive() {
				fmt.Fprintf(&b, ", counting %s of excess carried forward from earlier quarters", Dollars(r.CreditUsed))
			}
			fmt.Fprintf(&b, ". Minimum Sales are measured at the end of the period (§4.1): no result is stated before %s.", calendar.Long(r.End))
		case *r.Met:
			if r.CreditUsed.IsPositive() {
				fmt.Fprintf(&b, ". With %s of excess carried forward from earlier quarters, the Minimum Sales of Section 1.3 were achieved.", Dollars(r.CreditUsed))
			} else {
				b.WriteString(". The Minimum Sales of Section 1.3 were achieved.")
			}
		default:
			if r.CreditUsed.IsPositive() {
				fmt.Fprintf(&b, ". After applying %s of excess carried forward from earlier quarters, the Minimum Sales of Section 1.3 were not achieved: the shortfall is %s.", Dollars(r.CreditUsed), Dollars(r.Shortfall))
			} else {
				fmt.Fprintf(&b, ". The Minimum Sales of Section 1.3 were not achieved: the shortfall is %s.", Dollars(r.Shortfall))
			}
			fmt.Fprintf(&b, " %s. %s", quote41, c.remedies(s, r))
		}
		if r.MayAdd.IsPositive() {
			fmt.Fprintf(&b, " %s may add the shortfall of %s of %s, for which no election is recorded, to the Minimum Sales of this period (§4.2(ii)); Required would then be %s.",
				arrow, Dollars(r.MayAdd), c.origins(r.MayAddFrom, false), Dollars(r.Required.Add(r.MayAdd)))
		}
	}
	if r.Pending.IsPositive() || r.Invoices[minsales.Pending] > 0 {
		fmt.Fprintf(&b, " Of Net Sales Billed, %s is billed on invoices unpaid and not yet due as of %s, counted provisionally.", Dollars(r.Pending), calendar.Long(c.AsOf()))
	}
	if r.Ended && !r.Final {
		b.WriteString(" This result is not final (see the notes).")
	}
	return b.String()
}

// noContractQuarter is Part 2 of a calendar quarter in which no §1.3 quarter
// ends.
func (c *Certificate) noContractQuarter() string {
	var next *minsales.Quarter
	for i := range c.Quarters {
		if c.Quarters[i].End.After(c.Quarter.End) {
			next = &c.Quarters[i]
			break
		}
	}
	b := fmt.Sprintf("No §1.3 contract quarter ends in the %s, so no Minimum Sales result is stated for it.", c.Quarter.Words())
	switch {
	case next != nil:
		b += fmt.Sprintf(" The next runs from %s through %s and is reported with the %s.", calendar.Long(next.Start), calendar.Long(next.End), quarterOf(next.End).Words())
	case len(c.Quarters) > 0:
		last := c.Quarters[len(c.Quarters)-1]
		b += fmt.Sprintf(" No Minimum Sales quarter is set after %s, which was reported with the %s; Schedule B shows every quarter.", last.Words(), quarterOf(last.End).Words())
	}
	return b
}

func quarterOf(d time.Time) calendar.CalendarQuarter {
	return calendar.QuarterOf(d.Year(), (int(d.Month())-1)/3+1)
}

// remedies states, for a quarter that ended with a shortfall, whether Arrow
// CMS gave notice (and the day thirty days after it, §4.1), a waiver, and each
// §4.2 remedy as elected (recorded) or as what Arrow CMS may do.
func (c *Certificate) remedies(s terms.Supplier, r *minsales.Result) string {
	arrow := s.DistributorShort
	var out []string
	if r.Notice != nil {
		out = append(out, fmt.Sprintf("%s gave the Customer notice of it on %s (Arrow Notices %s); thirty days after that notice is %s (§4.1: a default that continues \"beyond thirty (30) days after notice to Customer specifying the nature of the default\").",
			arrow, calendar.Long(r.Notice.Date), cellOf(r.Notice), calendar.Long(calendar.AddDays(r.Notice.Date, 30))))
	} else {
		out = append(out, fmt.Sprintf("No notice of it from %s is recorded (Arrow Notices).", arrow))
	}
	if r.Waiver != nil {
		out = append(out, fmt.Sprintf("%s waived this shortfall in writing on %s (§7.6; Arrow Notices %s).", arrow, calendar.Long(r.Waiver.Date), cellOf(r.Waiver)))
		return strings.Join(out, " ")
	}
	if r.AddElection != nil {
		out = append(out, fmt.Sprintf("%s elected on %s to add the shortfall to the Minimum Sales of the next period (§4.2(ii); Arrow Notices %s)%s.",
			arrow, calendar.Long(r.AddElection.Date), cellOf(r.AddElection), c.nextMinimum(r, true)))
	} else {
		out = append(out, fmt.Sprintf("Under Section 4.2(ii) %s may add the shortfall to the Minimum Sales for the next period or periods%s; no election is recorded.", arrow, c.nextMinimum(r, false)))
	}
	if r.ExtendElection != nil {
		out = append(out, fmt.Sprintf("%s elected on %s to extend the term by one calendar quarter for this period (§4.2(iii); Arrow Notices %s): with the extensions recorded the term ends %s.",
			arrow, calendar.Long(r.ExtendElection.Date), cellOf(r.ExtendElection), calendar.Long(c.Sales.TermEnd)))
	} else {
		out = append(out, fmt.Sprintf("Under Section 4.2(iii) %s may extend the term by one calendar quarter for each period for which Minimum Sales are not achieved; no election is recorded for this period. Extended for every such period so far (%d), the term would end %s.",
			arrow, c.Sales.Extendable, calendar.Long(c.Sales.TermEndIfExtended)))
	}
	return strings.Join(out, " ")
}

// nextMinimum says what adding r's shortfall makes of the next Minimum Sales
// defined: ", which would raise the Minimum Sales of the quarter ending June
// 27, 2003 from $1,500,000.00 to $1,511,500.00" ("which raises" once elected).
func (c *Certificate) nextMinimum(r *minsales.Result, elected bool) string {
	verb := "would raise"
	if elected {
		verb = "raises"
	}
	for _, q := range c.Quarters[r.Index:] {
		if q.Defined() {
			return fmt.Sprintf(", which %s the Minimum Sales of %s from %s to %s", verb, q.Words(), Dollars(*q.Minimum), Dollars(q.Minimum.Add(r.Shortfall)))
		}
	}
	return " (no later Minimum Sales are set yet)"
}

// origins names the quarters a carried shortfall comes from: "the quarter
// ending March 28, 2003 (elected April 15, 2003)".
func (c *Certificate) origins(cs []minsales.Carried, elected bool) string {
	var parts []string
	for _, o := range cs {
		p := c.Quarters[o.Origin].Words()
		if elected && o.Election != nil {
			p += fmt.Sprintf(" (elected %s)", calendar.Long(o.Election.Date))
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " and ")
}

func cellOf(n *ledger.Notice) string { return fmt.Sprintf("row %d", n.Row) }

// Notes are the reminders under the figures: a draft's date, results not
// final, earlier missed quarters with what Arrow has recorded about them, and
// the minimums to be redefined (§1.3).
func (c *Certificate) Notes(s terms.Supplier) []string {
	var notes []string
	l := c.Sales
	r := c.Contract()
	if c.Draft() {
		notes = append(notes, fmt.Sprintf("DRAFT: the calendar quarter ends %s, after the as-of date %s. The figures are to date; nothing dated after %s is known yet; the result of a quarter that has not ended is not stated (§4.1: Minimum Sales are measured at the end of the period).",
			calendar.Long(c.Quarter.End), calendar.Long(c.AsOf()), calendar.Long(c.AsOf())))
	}
	if r != nil && r.Ended && !r.Final {
		notes = append(notes, fmt.Sprintf("Invoices unpaid and not yet due as of %s are counted provisionally (Schedule C, status pending): if one is not paid within its terms it will not count, and the result may change.", calendar.Long(c.AsOf())))
	}
	var missed []string
	for i := range l.Quarters {
		q := &l.Quarters[i]
		if q == r || !q.Missing() {
			continue
		}
		missed = append(missed, c.missedNote(s, q))
	}
	if len(missed) > 0 {
		notes = append(notes, "Earlier quarters not achieved (Schedule B): "+strings.Join(missed, "; ")+".")
	}
	// The next year's minimums are to be redefined by the end of Q4 (§1.3).
	idx := len(l.Quarters) - 1
	if r == nil {
		idx = -1
		for i, q := range c.Quarters {
			if !q.End.After(c.Quarter.End) {
				idx = i
			}
		}
	}
	for _, k := range []int{idx, idx + 1} {
		if k >= 0 && k < len(c.Quarters) && !c.Quarters[k].Defined() {
			y := c.Quarters[k].End.Year()
			notes = append(notes, fmt.Sprintf("Reminder (§1.3): the Customer and %s agreed to redefine the %d minimum sales levels no later than the end of Quarter 4 %d; no Minimum Sales are set yet for %s.", s.DistributorShort, y, y-1, c.Quarters[k].Words()))
			break
		}
	}
	return notes
}

// missedNote is one earlier missed quarter with what is recorded about it.
func (c *Certificate) missedNote(s terms.Supplier, q *minsales.Result) string {
	var what []string
	if q.Notice != nil {
		what = append(what, fmt.Sprintf("notice given %s, thirty days after it %s", calendar.Long(q.Notice.Date), calendar.Long(calendar.AddDays(q.Notice.Date, 30))))
	} else {
		what = append(what, "no notice recorded")
	}
	switch {
	case q.Waiver != nil:
		what = append(what, "waived "+calendar.Long(q.Waiver.Date)+" (§7.6)")
	default:
		if q.AddElection != nil {
			what = append(what, "added to the next Minimum Sales by election of "+calendar.Long(q.AddElection.Date))
		} else {
			what = append(what, s.DistributorShort+" may add it to the next Minimum Sales (§4.2(ii))")
		}
		if q.ExtendElection != nil {
			what = append(what, "term extended by election of "+calendar.Long(q.ExtendElection.Date))
		} else {
			what = append(what, "may extend the term (§4.2(iii))")
		}
	}
	return fmt.Sprintf("%s, shortfall %s: %s", q.Words(), Dollars(q.Shortfall), strings.Join(what, ", "))
}

// Closing is the sentence above the signature, or a draft's warning.
func (c *Certificate) Closing(s terms.Supplier) string {
	if c.Draft() {
		return fmt.Sprintf("This draft states the figures to date as of %s. It is not a certification and is not to be signed: the calendar quarter ends %s.", calendar.Long(c.AsOf()), calendar.Long(c.Quarter.End))
	}
	return fmt.Sprintf("The Schedules attached (A, A-1, A-2, B, B-1 and C) are part of this certificate. The undersigned certifies the foregoing on behalf of %s.", strings.TrimSuffix(s.Customer, "."))
}

// Result is the §1.3 result of the contract quarter in a few words.
func (c *Certificate) Result() string {
	r := c.Contract()
	switch {
	case r == nil:
		return fmt.Sprintf("no §1.3 quarter ends in the %s", c.Quarter.Words())
	case !r.Defined():
		return "minimum not yet defined: no pass or fail"
	case !r.Ended:
		return "to date: the quarter ends " + calendar.Long(r.End)
	case *r.Met:
		return resultText(true, r.Final)
	}
	return resultText(false, r.Final)
}

func resultText(met, final bool) string {
	s := "achieved"
	if !met {
		s = "not achieved"
	}
	if !final {
		s += " (not final)"
	}
	return s
}

// plural counts: "1 PO line", "1,370 PO lines".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return count(n) + " " + noun + "s"
}

// count writes n with thousands separators.
func count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func wereWas(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}
