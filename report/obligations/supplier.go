package obligations

import (
	"fmt"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
	"github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/terms"
)

// ArrowTo is the §7.5 address of a notice or other communication to Arrow
// CMS, with its copies, on one line.
func ArrowTo(s terms.Supplier) string {
	to := strings.Join(s.NoticeAddress, ", ")
	var copies []string
	for _, c := range s.NoticeCopies {
		copies = append(copies, strings.Join(c, ", "))
	}
	switch len(copies) {
	case 0:
	case 1:
		to += "; with a copy to " + copies[0]
	default:
		to += "; with copies to " + strings.Join(copies[:len(copies)-1], "; ") + "; and " + copies[len(copies)-1]
	}
	return to + " (§7.5)"
}

// MonthlyID is the id of the §1.2 monthly report of the month holding d.
func MonthlyID(d time.Time) string { return "monthly-" + d.Format("2006-01") }

// CertificateID is the id of the §1.2 quarterly certificate of q.
func CertificateID(q calendar.CalendarQuarter) string { return "certificate-" + q.String() }

// supplier adds the obligations of the Supplier Agreement, from the term's
// first day to the end of Arrow CMS's audit rights (§2, §5).
func (b *builder) supplier() {
	s := b.in.Terms.Supplier
	sales := b.r.Sales
	termEnd := sales.TermEnd
	extended := ""
	if termEnd.After(s.TermEnd) {
		extended = fmt.Sprintf(" (the term as extended by Arrow CMS's recorded elections, §4.2(iii), to %s)", calendar.Long(termEnd))
	}
	arrow := ArrowTo(s)
	short := s.DistributorShort
	weekday := s.MonthlyReportWeekday.String()

	// §1.2: the monthly report of every month of the term.
	for _, m := range calendar.Months(s.AgreementDate, termEnd) {
		end := calendar.MonthEnd(m)
		from, to := maxDate(m, s.AgreementDate), minDate(end, termEnd)
		due := calendar.FirstWeekdayAfter(end, s.MonthlyReportWeekday)
		period := m.Format("January 2006")
		if !from.Equal(m) || !to.Equal(end) {
			period = fmt.Sprintf("%s (%s, inside the term)", m.Format("January 2006"), calendar.Span(from, to))
		}
		what := fmt.Sprintf("Submit the monthly report detailing all material dollars spent for %s franchised parts in %s, with the component cost, quantity, PO date and supplier confirming delivery date of every transaction, \"not later than the first %s following the end of the monthly period\" (§1.2)%s",
			short, period, weekday, extended)
		if due.After(termEnd) {
			what += fmt.Sprintf("; it falls due after the term ends on %s (§2), for purchases made within it", calendar.Long(termEnd))
		}
		o := b.add(Obligation{ID: MonthlyID(m), Agreement: SupplierAgreement, Clause: "§1.2",
			Title: "Monthly report for " + m.Format("January 2006"), What: what, To: arrow, ToShort: short, Due: due})
		if !b.fromDeliveries(o) {
			b.byDate(o, "no delivery recorded")
		}
	}

	// §1.2: the certificate at the end of each calendar quarter of the term.
	first := quarterOf(s.AgreementDate)
	for q := first; !q.Start.After(termEnd); q = nextQuarter(q) {
		from, to := maxDate(q.Start, s.AgreementDate), minDate(q.End, termEnd)
		period := fmt.Sprintf("%s to %s", q.Start.Format("January"), q.End.Format("January 2006"))
		if !from.Equal(q.Start) || !to.Equal(q.End) {
			period = calendar.Span(from, to)
		}
		what := fmt.Sprintf("Prepare and submit to %s, at the end of the calendar quarter, a certificate signed by the Customer's %s certifying the Customer's compliance with Section 1.2 for %s (§1.2)%s",
			short, presidentOf(s), describeQuarter(q, from, to), extended)
		if q.End.After(termEnd) {
			what += fmt.Sprintf("; the quarter ends after the term ends on %s (§2)", calendar.Long(termEnd))
		}
		o := b.add(Obligation{ID: CertificateID(q), Agreement: SupplierAgreement, Clause: "§1.2",
			Title: "Quarterly certificate for " + period, What: what, To: arrow, ToShort: short, Due: q.End})
		if !b.fromDeliveries(o) {
			b.byDate(o, "no delivery recorded")
		}
	}

	// §1.3: the Minimum Sales of every quarter with a Minimum.
	qs := minsales.Quarters(s)
	for i, q := range qs {
		if !q.Defined() || q.Start.After(termEnd) {
			continue
		}
		b.minimum(i, q)
	}

	// §1.3: the minimums of the later years, to be redefined by the end of
	// the previous year's fourth quarter.
	years := map[int]bool{}
	var order []int
	for _, q := range qs {
		if y := q.End.Year(); !years[y] {
			years[y] = true
			order = append(order, y)
		}
	}
	for k, y := range order {
		if k == 0 {
			continue
		}
		var q4 *minsales.Quarter
		for i := range qs {
			if qs[i].End.Year() == y-1 {
				q4 = &qs[i]
			}
		}
		if q4 == nil {
			continue
		}
		defined := true
		for _, q := range qs {
			if q.End.Year() == y && !q.Defined() {
				defined = false
			}
		}
		what := fmt.Sprintf("Agree with %s on the %d minimum sales levels: the parties \"agree to redefine %d minimum sales levels no later than the end of Quarter 4 %d\" (§1.3), in a writing signed by both (§7.6)", short, y, y, y-1)
		o := b.add(Obligation{ID: fmt.Sprintf("minimums-%d", y), Agreement: SupplierAgreement, Clause: "§1.3",
			Title: fmt.Sprintf("%d Minimum Sales levels redefined", y), What: what, To: short + " (both parties sign, §7.6)", ToShort: short, Due: q4.End})
		if !b.fromDeliveries(o) {
			b.byDate(o, "no agreement recorded")
			if defined {
				o.Detail += fmt.Sprintf("; covenant has Minimum Sales for every quarter of %d (the terms workbook): record the writing that set them on the Deliveries sheet", y)
			}
		}
	}

	// §4.1: thirty days after each notice of default Arrow CMS gave.
	ids := map[string]int{}
	for _, n := range b.in.Notices {
		if n.Kind != ledger.NoticeDefault || n.Date.After(b.in.AsOf) {
			continue
		}
		id := CureID(n.Date, ids)
		due := calendar.AddDays(n.Date, 30)
		quarter := "the quarter ending " + calendar.Long(n.QuarterEnd)
		for _, q := range qs {
			if q.End.Equal(n.QuarterEnd) {
				quarter = fmt.Sprintf("%s (%s)", quarter, q.Label())
			}
		}
		what := fmt.Sprintf("%s gave the Customer notice of default on %s about %s (%s). Under §4.1 a default that \"shall continue beyond thirty (30) days after notice to Customer specifying the nature of the default\" is an event of default: the thirtieth day after the notice is %s",
			short, calendar.Long(n.Date), quarter, n.Where(), calendar.Long(due))
		o := b.add(Obligation{ID: id, Agreement: SupplierAgreement, Clause: "§4.1",
			Title: fmt.Sprintf("Thirty days after %s's notice of default of %s", short, calendar.Long(n.Date)), What: what, To: arrow, ToShort: short, Due: due})
		if b.fromDeliveries(o) {
			continue
		}
		if w := b.waiver(n.QuarterEnd); w != nil {
			o.Status = Waived
			o.Evidence = &Evidence{On: w.Date, Source: w.Where()}
			o.Detail = fmt.Sprintf("%s waived the shortfall in writing on %s (§7.6; %s)", short, calendar.Long(w.Date), w.Where())
			continue
		}
		b.byDate(o, "not recorded cured or waived")
	}

	// §2 and §5: the term's end and a year of audit rights after it.
	auditEnd := termEnd.AddDate(1, 0, 0)
	termWhat := fmt.Sprintf("The Supplier Agreement expires on %s \"unless extended in accordance with the terms of this Supplier Agreement\" (§2)%s", calendar.Long(termEnd), extended)
	if sales.TermEndIfExtended.After(termEnd) {
		termWhat += fmt.Sprintf("; %s may extend it by one calendar quarter for each period whose Minimum Sales were not achieved (§4.2(iii)): extended for every such period so far, it would end %s", short, calendar.Long(sales.TermEndIfExtended))
	}
	termWhat += "; §6 confidentiality survives it"
	b.milestone(Obligation{ID: "term-end", Agreement: SupplierAgreement, Clause: "§2",
		Title: "The Supplier Agreement's term ends", What: termWhat, Due: termEnd}, "the term ended")
	b.milestone(Obligation{ID: "audit-rights-end", Agreement: SupplierAgreement, Clause: "§5",
		Title: fmt.Sprintf("%s's audit rights end", short),
		What: fmt.Sprintf("\"During the term of this Agreement and for one (1) year thereafter\", after the close of each calendar quarter and upon reasonable advance notice, %s or its auditors may examine, copy or make extracts from the Customer's books and records relating to its performance under the agreement, at the Customer's offices during normal business hours (§5): keep them available through %s",
			short, calendar.Long(auditEnd)),
		Due: auditEnd}, "the audit rights ended")
}

// CureID is the id of the thirty days after a notice of default dated d:
// "cure-2003-10-15", with "-2", "-3" for further notices of the same day
// (seen counts them).
func CureID(d time.Time, seen map[string]int) string {
	id := "cure-" + iso(d)
	seen[id]++
	if n := seen[id]; n > 1 {
		id = fmt.Sprintf("%s-%d", id, n)
	}
	return id
}

// minimum adds the §1.3 Minimum Sales of quarter i.
func (b *builder) minimum(i int, q minsales.Quarter) {
	s := b.in.Terms.Supplier
	short := s.DistributorShort
	var res *minsales.Result
	if i < len(b.r.Sales.Quarters) {
		res = &b.r.Sales.Quarters[i]
	}
	required := *q.Minimum
	what := fmt.Sprintf("Net Sales Billed by %s of at least %s for the contract quarter from %s through %s (§1.3: sales net of returns and discounts; an invoice not paid within its terms does not count)",
		short, money.Dollars(*q.Minimum), calendar.Long(q.Start), calendar.Long(q.End))
	if res != nil && res.Required != nil && res.ShortfallAdded.IsPositive() {
		required = *res.Required
		what += fmt.Sprintf("; Required is %s with the earlier shortfall of %s %s elected to add (§4.2(ii))", money.Dollars(required), money.Dollars(res.ShortfallAdded), short)
	}
	o := b.add(Obligation{ID: MinimumSalesID(q.End), Agreement: SupplierAgreement, Clause: "§1.3",
		Title: fmt.Sprintf("Minimum Sales of %s for the quarter ending %s", money.Dollars(required), calendar.Long(q.End)), What: what, Due: q.End})
	switch {
	case res == nil:
		b.byDate(o, "")
	case !res.Ended:
		b.byDate(o, "")
		o.Detail += fmt.Sprintf("; Net Sales Billed to date %s, %s still to bill to reach Required", money.Dollars(res.NetSalesBilled), money.Dollars(res.Remaining))
	case *res.Met:
		o.Status = Done
		src := fmt.Sprintf("Net Sales Billed %s against Required %s, from %s's invoices in the ledger", money.Dollars(res.NetSalesBilled), money.Dollars(*res.Required), short)
		if res.CreditUsed.IsPositive() {
			src += fmt.Sprintf(", with %s of excess carried forward", money.Dollars(res.CreditUsed))
		}
		o.Evidence = &Evidence{On: q.End, Source: src}
		o.Detail = "achieved: " + src
		if !res.Final {
			o.Detail += fmt.Sprintf("; not final: %s is on invoices unpaid and not yet due", money.Dollars(res.Pending))
		}
	case res.Waiver != nil:
		o.Status = Waived
		o.Evidence = &Evidence{On: res.Waiver.Date, Source: res.Waiver.Where()}
		o.Detail = fmt.Sprintf("not achieved, shortfall %s; %s waived it in writing on %s (§7.6; %s)", money.Dollars(res.Shortfall), short, calendar.Long(res.Waiver.Date), res.Waiver.Where())
	default:
		o.Status = Late
		o.Detail = fmt.Sprintf("not achieved: Net Sales Billed %s against Required %s, shortfall %s (§4.1: \"as measured at the end of such period\")", money.Dollars(res.NetSalesBilled), money.Dollars(*res.Required), money.Dollars(res.Shortfall))
		if !res.Final {
			o.Detail += "; not final"
		}
	}
}

// MinimumSalesID is the id of the §1.3 quarter ending on end.
func MinimumSalesID(end time.Time) string { return "minimum-sales-" + iso(end) }

// waiver is Arrow's written waiver of the shortfall of the quarter ending on
// end, known by the as-of date (the earliest).
func (b *builder) waiver(end time.Time) *ledger.Notice {
	var w *ledger.Notice
	for i := range b.in.Notices {
		n := &b.in.Notices[i]
		if n.Kind == ledger.NoticeWaiver && n.QuarterEnd.Equal(end) && !n.Date.After(b.in.AsOf) && (w == nil || n.Date.Before(w.Date)) {
			w = n
		}
	}
	return w
}

// milestone adds a date of the agreement that asks for no delivery (the
// term's end): done once it has passed.
func (b *builder) milestone(o Obligation, passed string) {
	p := b.add(o)
	if b.in.AsOf.After(o.Due) {
		p.Status = Done
		p.Evidence = &Evidence{On: o.Due, Source: fmt.Sprintf("the date has passed (%s)", o.Clause)}
		p.Detail = fmt.Sprintf("%s on %s", passed, calendar.Long(o.Due))
		return
	}
	b.byDate(p, "")
}

func presidentOf(s terms.Supplier) string {
	if s.SignerTitle != "" {
		return s.SignerTitle
	}
	return "President"
}

func describeQuarter(q calendar.CalendarQuarter, from, to time.Time) string {
	if from.Equal(q.Start) && to.Equal(q.End) {
		return fmt.Sprintf("the calendar quarter from %s through %s", calendar.Long(q.Start), calendar.Long(q.End))
	}
	return fmt.Sprintf("the part of the calendar quarter inside the term, from %s through %s", calendar.Long(from), calendar.Long(to))
}

func quarterOf(d time.Time) calendar.CalendarQuarter {
	return calendar.QuarterOf(d.Year(), (int(d.Month())-1)/3+1)
}

func nextQuarter(q calendar.CalendarQuarter) calendar.CalendarQuarter {
	if q.Q == 4 {
		return calendar.QuarterOf(q.Year+1, 1)
	}
	return calendar.QuarterOf(q.Year, q.Q+1)
}

func maxDate(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
