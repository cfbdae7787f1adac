// Package certificate lays the quarterly compliance certificate into its template:
// the page the Customer's President signs (§1.2) with the §1.2 certification for
// the part of the calendar quarter inside the term and the §1.3 Minimum Sales
// result of the contract quarter ending in it, then the schedules an auditor
// recalculates (§5): Schedule A (the §1.2 exceptions), Schedule A-1 (purchases
// elsewhere permitted by §1.2 and §1.5), Schedule B (the Minimum Sales ledger),
// Schedule B-1 (carried-forward credits), Schedule C (the invoices), a chart and
// the audit trail. Every amount that is arithmetic is a live formula over the
// schedules with its cached value.
//
// The certificate states only what the books show as of its as-of date: a
// quarter that has not ended makes it a DRAFT with figures to date and no
// result; a shortfall is stated as a fact with §4.1's words; Arrow's remedies
// (§4.2) are stated as what Arrow CMS may do unless the ledger's Arrow Notices
// record its election.
package certificate

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
	dollarfmt "github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/obligations"
	"github.com/covenant-reports/covenant/report/spend"
)

// Certificate is everything one certificate states.
type Certificate struct {
	// Quarter is the calendar quarter certified under §1.2.
	Quarter calendar.CalendarQuarter
	// Section12 is the §1.2 classification of the PO lines dated in the part
	// of Quarter inside the term (Section12.Start through Section12.End), up
	// to the as-of date.
	Section12 *Section12
	// Sales is the §1.3 ledger through the last contract quarter ending by the
	// end of Quarter.
	Sales *minsales.Ledger
	// Quarters are the §1.3 quarters of the terms (minsales.Quarters).
	Quarters []minsales.Quarter
	// Signer and Title sign the certificate; an empty Signer leaves the line
	// to be written by hand.
	Signer, Title string
	// HasNotices says whether the ledger has an Arrow Notices sheet.
	HasNotices bool
	// MonthlyReports are the §1.2 monthly reports of the months of the
	// period, with their status as of the as-of date (obligations.Compute);
	// HasDeliveries says whether the ledger has a Deliveries sheet to record
	// their delivery.
	MonthlyReports []obligations.Obligation
	HasDeliveries  bool
	// Warnings are remarks about the inputs for the audit sheet, besides
	// those of Section12 and Sales (what is dated after the as-of date).
	Warnings []string
}

// AsOf is the date the certificate speaks as of.
func (c *Certificate) AsOf() time.Time { return c.Sales.AsOf }

// Draft reports whether the certificate is a draft: the calendar quarter (and
// so the §1.3 quarter ending in it) ends after the as-of date.
func (c *Certificate) Draft() bool { return c.Quarter.End.After(c.AsOf()) }

// Contract is the §1.3 quarter ending in the calendar quarter that the
// certificate reports; nil when none ends in it (the term's first calendar
// quarter, 2002Q4, and the calendar quarters of an extended term past the
// quarters of the terms).
func (c *Certificate) Contract() *minsales.Result {
	r := c.Sales.Reported()
	if r == nil || r.End.Before(c.Quarter.Start) || r.End.After(c.Quarter.End) {
		return nil
	}
	return r
}

// Section12 totals the §1.2 classification (spend.Classifier, as the monthly
// report applies it) of every PO line dated in a period. It keeps only the
// lines the schedules list: the exceptions and the permitted purchases from
// other sources.
type Section12 struct {
	*spend.Period
	// Exceptions are the exceptions to §1.2 (Schedule A); Permitted the lines
	// bought elsewhere as customer directed, under a credit limitation (§1.5)
	// or released by Arrow (Schedule A-1); both in ledger order, and past a few
	// thousand lines kept in temporary files (spend.Lines; Close releases
	// them).
	Exceptions, Permitted spend.Lines
	// Bought are the lines bought from Arrow CMS and the returns (Schedule
	// A-2), whose sums are the certificate's first and last lines.
	Bought spend.Lines
}

// Close releases the temporary files of the schedules' lines.
func (s *Section12) Close() error {
	return errors.Join(s.Exceptions.Close(), s.Permitted.Close(), s.Bought.Close())
}

// Period is the part of calendar quarter q inside the term from termStart
// through termEnd (§2; termEnd as extended by Arrow's recorded elections): the
// days Part 1 certifies. It is empty (end before start) when they do not meet.
func Period(q calendar.CalendarQuarter, termStart, termEnd time.Time) (start, end time.Time) {
	start, end = q.Start, q.End
	if start.Before(termStart) {
		start = termStart
	}
	if end.After(termEnd) {
		end = termEnd
	}
	return start, end
}

// NewSection12 starts the §1.2 totals of the days from start through end.
func NewSection12(start, end time.Time) *Section12 {
	return &Section12{Period: spend.NewPeriod(start, end, "the certificate")}
}

// Add records a line of the period with its classification.
func (s *Section12) Add(line *ledger.POLine, r spend.Result) {
	l := s.Period.Add(line, r)
	if l == nil {
		return
	}
	switch r.Class {
	case spend.Exception:
		s.Exceptions.Add(l)
	case spend.CustomerDirected, spend.CreditLimit, spend.Released:
		s.Permitted.Add(l)
	case spend.Arrow, spend.Return:
		s.Bought.Add(l)
	}
}

// Compliant reports whether no PO line of the period is an exception to §1.2.
func (c *Certificate) Compliant() bool { return c.Section12.Exceptions.Len() == 0 }

// Dollars writes an amount as $1,234.56 (see money.Dollars).
func Dollars(d decimal.Decimal) string { return dollarfmt.Dollars(d) }

// permittedTotal is the amount of Schedule A-1: the spend of the classes it
// lists, each a sum of the lines' rounded amounts (spend.Period.Total).
func (s *Section12) permittedTotal() decimal.Decimal {
	return s.Total(spend.CustomerDirected).Add(s.Total(spend.CreditLimit)).Add(s.Total(spend.Released))
}

// ReportsShort reports whether the books show a monthly report of the period
// delivered after its due date, or, where the ledger records deliveries, one
// past its due date and not recorded: then the certification of §1.2 is
// qualified as to the monthly reports.
func (c *Certificate) ReportsShort() bool {
	for _, o := range c.MonthlyReports {
		if o.Evidence != nil && o.Status == obligations.Done && o.Evidence.DaysLate > 0 {
			return true
		}
		if c.HasDeliveries && o.Status == obligations.Late {
			return true
		}
	}
	return false
}

// MonthlyReportsText states the period's monthly reports (§1.2), each with
// its due date and its delivery as the books record it.
func (c *Certificate) MonthlyReportsText() string {
	if len(c.MonthlyReports) == 0 {
		return ""
	}
	var parts []string
	for _, o := range c.MonthlyReports {
		month := strings.TrimPrefix(o.Title, "Monthly report for ")
		p := fmt.Sprintf("%s, due %s: ", month, calendar.LongWeekday(o.Due))
		switch {
		case o.Status == obligations.Done && o.Evidence != nil && o.Evidence.DaysLate > 0:
			p += fmt.Sprintf("delivered %s, late by %s", calendar.Long(o.Evidence.On), plural(o.Evidence.DaysLate, "day"))
		case o.Status == obligations.Done && o.Evidence != nil:
			p += "delivered " + calendar.Long(o.Evidence.On)
		case o.Status == obligations.Late:
			p += "no delivery recorded"
		default:
			p += "not yet due as of " + calendar.Long(c.AsOf())
		}
		parts = append(parts, p)
	}
	text := "Monthly reports (Section 1.2: \"not later than the first Friday following the end of the monthly period\"): " + strings.Join(parts, "; ") + "."
	if !c.HasDeliveries {
		text += " The ledger has no Deliveries sheet, so the delivery of the monthly reports is not recorded in it."
	}
	return text
}
