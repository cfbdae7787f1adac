// Package certificate lays the quarterly compliance certificate into its template:
// the page the Customer's President signs (§1.2) with the §1.2 certification for
// the calendar quarter and the §1.3 Minimum Sales result of the contract quarter
// ending in it, then the schedules an auditor recalculates (§5): Schedule A (the
// §1.2 exceptions), Schedule A-1 (purchases elsewhere permitted by §1.2 and §1.5),
// Schedule B (the Minimum Sales ledger), Schedule B-1 (carried-forward credits),
// Schedule C (the invoices), a chart and the audit trail. Every amount that is
// arithmetic is a live formula over the schedules with its cached value.
package certificate

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
	dollarfmt "github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/monthly"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
)

// Certificate is everything one certificate states.
type Certificate struct {
	// Quarter is the calendar quarter certified under §1.2.
	Quarter calendar.CalendarQuarter
	// Section12 is the §1.2 classification of the quarter's PO lines.
	Section12 *Section12
	// Sales is the §1.3 ledger through the contract quarter ending in Quarter.
	Sales *minsales.Ledger
	// Signer and Title sign the certificate; an empty Signer leaves the line
	// to be written by hand.
	Signer, Title string
}

// Section12 totals the §1.2 classification (spend.Classifier, as the monthly
// report applies it) of every PO line dated in a calendar quarter. It keeps
// only the lines the schedules list: the exceptions and the permitted
// purchases from other sources.
type Section12 struct {
	*spend.Period
	// Exceptions are the exceptions to §1.2 (Schedule A); Permitted the lines
	// bought elsewhere as customer directed, under a credit limitation (§1.5)
	// or released by Arrow (Schedule A-1); both in ledger order, and past a few
	// thousand lines kept in temporary files (spend.Lines; Close releases
	// them).
	Exceptions, Permitted spend.Lines
}

// Close releases the temporary files of the schedules' lines.
func (s *Section12) Close() error {
	return errors.Join(s.Exceptions.Close(), s.Permitted.Close())
}

// NewSection12 starts the §1.2 totals of a calendar quarter.
func NewSection12(q calendar.CalendarQuarter) *Section12 {
	return &Section12{Period: spend.NewPeriod(q.Start, q.End, "the certificate")}
}

// Add records a line of the quarter with its classification.
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
	}
}

// Compliant reports whether no PO line of the quarter is an exception to §1.2.
func (c *Certificate) Compliant() bool { return c.Section12.Exceptions.Len() == 0 }

const long = "January 2, 2006"

// Dollars writes an amount as $1,234.56 (see money.Dollars).
func Dollars(d decimal.Decimal) string { return dollarfmt.Dollars(d) }

// Statement12 is the §1.2 certification. It states compliance without
// qualification only when no line is an exception; otherwise compliance
// "except as set forth in Schedule A".
func (c *Certificate) Statement12(s terms.Supplier) string {
	title := c.Title
	if title == "" {
		title = "President"
	}
	q := c.Quarter
	m := c.Section12
	head := fmt.Sprintf("The undersigned, the %s of %s (the \"Customer\"), hereby certifies to %s, pursuant to Section 1.2 of the Supplier Agreement, that for the calendar quarter from %s through %s the Customer has complied with Section 1.2",
		title, s.Customer, s.DistributorShort, q.Start.Format(long), q.End.Format(long))
	other := ""
	if n := m.Permitted.Len(); n > 0 {
		other = fmt.Sprintf(" Purchases from other sources made at the express direction of the Customer's customer, under a credit limitation (§1.5) or released by %s (%d PO lines, %s) are listed in Schedule A-1.", s.DistributorShort, n, Dollars(m.permittedTotal()))
	}
	if !c.Compliant() {
		n := m.Exceptions.Len()
		return fmt.Sprintf("%s, except as set forth in Schedule A: %d purchase-order line%s of products for which %s is an authorized distributor, totalling %s, %s bought from another source without %s's release.%s",
			head, n, plural(n), s.DistributorShort, Dollars(m.Total(spend.Exception)), wereWas(n), s.DistributorShort, other)
	}
	return fmt.Sprintf("%s: the Customer purchased from %s all of the Customer's Requirements (%d franchised-part PO lines, %s in all).%s",
		head, s.DistributorShort, m.FranchisedLines, Dollars(m.Franchised()), other)
}

// Statement13 states the §1.3 Minimum Sales result of the contract quarter. A
// missed minimum is stated with its shortfall and its consequences (§4.1, §4.2).
func (c *Certificate) Statement13(s terms.Supplier) string {
	r := c.Sales.Last()
	var b strings.Builder
	fmt.Fprintf(&b, "Net Sales Billed by %s to the Customer for the contract quarter from %s through %s (%s) were %s",
		s.DistributorShort, r.Start.Format(long), r.End.Format(long), r.Label(), Dollars(r.NetSalesBilled))
	if !r.Defined() {
		b.WriteString(". The Minimum Sales for this quarter are not yet defined (§1.3): no pass or fail is stated.")
		if r.BroughtForward.IsPositive() {
			fmt.Fprintf(&b, " A shortfall of %s from earlier quarters waits to be added to the next Minimum Sales defined (§4.2(ii)).", Dollars(r.BroughtForward))
		}
	} else {
		fmt.Fprintf(&b, ", against Required Minimum Sales of %s", Dollars(*r.Required))
		if r.BroughtForward.IsPositive() {
			fmt.Fprintf(&b, " (the Minimum Sales of %s plus the shortfall of %s of earlier quarters, §4.2(ii))", Dollars(*r.Minimum), Dollars(r.BroughtForward))
		}
		if *r.Met {
			if r.CreditUsed.IsPositive() {
				fmt.Fprintf(&b, ". With %s of excess carried forward from earlier quarters, the Minimum Sales of Section 1.3 were achieved.", Dollars(r.CreditUsed))
			} else {
				b.WriteString(". The Minimum Sales of Section 1.3 were achieved.")
			}
		} else {
			if r.CreditUsed.IsPositive() {
				fmt.Fprintf(&b, ". After applying %s of excess carried forward from earlier quarters, the Minimum Sales of Section 1.3 were NOT achieved: the shortfall is %s.", Dollars(r.CreditUsed), Dollars(r.Shortfall))
			} else {
				fmt.Fprintf(&b, ". The Minimum Sales of Section 1.3 were NOT achieved: the shortfall is %s.", Dollars(r.Shortfall))
			}
			fmt.Fprintf(&b, " Under Section 4.1 this is an event of default.")
			if s.AddShortfallToNext {
				fmt.Fprintf(&b, " Under Section 4.2(ii) the shortfall is added to the Minimum Sales of the next period")
			}
			if s.ExtendTermPerMissedQuarter {
				if s.AddShortfallToNext {
					b.WriteString(", and under")
				} else {
					b.WriteString(" Under")
				}
				fmt.Fprintf(&b, " Section 4.2(iii) the term is extended by one calendar quarter for each period missed (%d so far): to %s", r.Missed, r.TermEnd.Format(long))
			}
			if s.AddShortfallToNext || s.ExtendTermPerMissedQuarter {
				b.WriteString(".")
			}
		}
	}
	if r.Pending.IsPositive() || r.Invoices[minsales.Pending] > 0 {
		fmt.Fprintf(&b, " Of Net Sales Billed, %s is billed on invoices unpaid and not yet due as of %s, counted provisionally.", Dollars(r.Pending), c.Sales.AsOf.Format(long))
	}
	if !r.Final {
		b.WriteString(" This result is not final (see the notes).")
	}
	return b.String()
}

// Notes are the reminders under the figures: results not final, earlier
// missed quarters, and the minimums to be redefined (§1.3).
func (c *Certificate) Notes(s terms.Supplier) []string {
	var notes []string
	l := c.Sales
	r := l.Last()
	if !r.Final {
		switch {
		case !l.AsOf.After(r.End):
			notes = append(notes, fmt.Sprintf("The contract quarter ends %s, not before the as-of date %s: its result is not final (§4.1: measured at the end of the period).", r.End.Format(long), l.AsOf.Format(long)))
		default:
			notes = append(notes, fmt.Sprintf("Invoices unpaid and not yet due as of %s are counted provisionally (Schedule C, status pending): if one is not paid within its terms it will not count, and the result may change.", l.AsOf.Format(long)))
		}
	}
	var missed []string
	for _, q := range l.Quarters[:len(l.Quarters)-1] {
		if q.Met != nil && !*q.Met {
			missed = append(missed, fmt.Sprintf("%s (shortfall %s)", q.Label(), Dollars(q.Shortfall)))
		}
	}
	if len(missed) > 0 {
		notes = append(notes, "Earlier quarters missed: "+strings.Join(missed, "; ")+" (Schedule B).")
	}
	// The next year's minimums are to be redefined by the end of Q4 (§1.3).
	qs := minsales.Quarters(s)
	idx := r.Index - 1
	for _, k := range []int{idx, idx + 1} {
		if k < len(qs) && !qs[k].Defined() {
			y := qs[k].End.Year()
			notes = append(notes, fmt.Sprintf("Reminder (§1.3): the Customer and %s agreed to redefine the %d minimum sales levels no later than the end of Quarter 4 %d; the terms hold no Minimum Sales for the quarter ending %s yet.", s.DistributorShort, y, y-1, qs[k].End.Format(long)))
			break
		}
	}
	return notes
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func wereWas(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// permittedTotal is the amount of Schedule A-1: the spend of the classes it
// lists, each a sum of the lines' rounded amounts (spend.Period.Total).
func (s *Section12) permittedTotal() decimal.Decimal {
	return s.Total(spend.CustomerDirected).Add(s.Total(spend.CreditLimit)).Add(s.Total(spend.Released))
}

// Render fills w with c.
func Render(w *fill.Workbook, c *Certificate, meta monthly.Meta) error {
	s := meta.Terms.Supplier
	m := c.Section12
	l := c.Sales
	last := l.Last()

	// Schedule A: the exceptions.
	ex := w.Table("Exceptions", m.Exceptions.Len())
	monthly.LineRows(ex, &m.Exceptions, func(r *fill.Row, l *spend.Line) {
		poRow(r, l)
		r.Set("Reason", fill.Text(l.Reason))
	})
	ex.AutoFilter()
	w.SetOptional("ExceptionTotal", fill.Formula("SUM("+ex.Range("Amount")+")", fill.Money(m.Total(spend.Exception))))

	// Schedule A-1: permitted purchases elsewhere, with their basis.
	pt := w.Table("Permitted", m.Permitted.Len())
	monthly.LineRows(pt, &m.Permitted, func(r *fill.Row, l *spend.Line) {
		poRow(r, l)
		r.Set("Classification", fill.Text(string(l.Class)))
		r.Set("Basis", fill.Text(l.Reason))
	})
	pt.AutoFilter()
	w.SetOptional("PermittedTotal", fill.Formula("SUM("+pt.Range("Amount")+")", fill.Money(m.permittedTotal())))

	// Schedule C: the invoices of the quarters, by quarter then ledger order.
	var invs []*minsales.Invoice
	outside := 0
	for k := range l.Quarters {
		for i := range l.Invoices {
			if l.Invoices[i].Quarter == k {
				invs = append(invs, &l.Invoices[i])
			}
		}
	}
	for _, in := range l.Invoices {
		if in.Quarter < 0 && in.Date.Before(l.Quarters[0].Start) {
			outside++
		}
	}
	ct := w.Table("Invoices", len(invs))
	var invTotal decimal.Decimal
	ct.Rows(func(i int, r *fill.Row) {
		in := invs[i]
		r.Set("Contract Quarter", fill.Text(l.Quarters[in.Quarter].Label()))
		r.Set("Invoice Number", fill.Text(in.Number))
		r.Set("Invoice Date", fill.Date(in.Date))
		r.Set("Amount", fill.Number(in.Amount))
		r.Set("Returns", fill.Number(in.Returns))
		r.Set("Discounts", fill.Number(in.Discounts))
		r.Set("Net Billed", fill.Formula(fmt.Sprintf("ROUND(%s-%s-%s,2)", r.Ref("Amount"), r.Ref("Returns"), r.Ref("Discounts")), fill.Money(in.Net)))
		r.Set("Due Date", fill.Date(in.Due))
		r.Set("Paid Date", fill.Date(in.Paid))
		r.Set("Status", fill.Text(string(in.Status)))
		r.Set("Reason", fill.Text(in.Reason))
		r.Set("Ledger Row", fill.Int(in.Row))
	})
	for _, in := range invs {
		invTotal = invTotal.Add(in.Net)
	}
	ct.AutoFilter()
	w.SetOptional("InvoiceTotal", fill.Formula("SUM("+ct.Range("Net Billed")+")", fill.Money(invTotal)))

	// Schedule B-1: credit movements.
	bt := w.Table("Credits", len(l.Movements))
	var moved decimal.Decimal
	bt.Rows(func(i int, r *fill.Row) {
		mv := l.Movements[i]
		kind := "used"
		if mv.Expired {
			kind = "expired"
		}
		r.Set("Origin Quarter", fill.Text(l.Quarters[mv.Origin].Label()))
		r.Set("Movement", fill.Text(kind))
		r.Set("Quarter", fill.Text(l.Quarters[mv.Quarter].Label()))
		r.Set("Amount", fill.Money(mv.Amount))
	})
	for _, mv := range l.Movements {
		moved = moved.Add(mv.Amount)
	}
	w.SetOptional("MovementTotal", fill.Formula("SUM("+bt.Range("Amount")+")", fill.Money(moved)))

	// Schedule B: the Minimum Sales ledger.
	w.Set("TermEndSigned", fill.Date(s.TermEnd))
	termSigned := w.Ref("TermEndSigned")
	bt2 := w.Table("MinimumSales", len(l.Quarters))
	cNet, cQ, cStatus := ct.Range("Net Billed"), ct.Range("Contract Quarter"), ct.Range("Status")
	mAmt, mKind, mQ := bt.Range("Amount"), bt.Range("Movement"), bt.Range("Quarter")
	firstResult := "$" + bt2.Col("Result") + "$" + strconv.Itoa(bt2.FirstRow())
	bt2.Rows(func(i int, r *fill.Row) {
		q := &l.Quarters[i]
		crit := monthly.Criterion(q.Label())
		r.Set("Quarter", fill.Text(q.Label()))
		r.Set("Start", fill.Date(q.Start))
		r.Set("End", fill.Date(q.End))
		switch {
		case i == 0 || !s.AddShortfallToNext:
			r.Set("Shortfall Added", fill.Money(q.BroughtForward))
		case l.Quarters[i-1].Defined():
			r.Set("Shortfall Added", fill.Formula(bt2.Col("Shortfall")+strconv.Itoa(r.Num()-1), fill.Money(q.BroughtForward)))
		default:
			r.Set("Shortfall Added", fill.Formula(bt2.Col("Shortfall Added")+strconv.Itoa(r.Num()-1), fill.Money(q.BroughtForward)))
		}
		r.Set("Pending", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s,%s,%s)", cNet, cQ, crit, cStatus, `"=pending"`), fill.Money(q.Pending)))
		r.Set("Excluded", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s,%s,%s)", cNet, cQ, crit, cStatus, `"=excluded"`), fill.Money(q.Excluded)))
		r.Set("Net Sales Billed", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s,%s,%s)+%s", cNet, cQ, crit, cStatus, `"=counted"`, r.Ref("Pending")), fill.Money(q.NetSalesBilled)))
		r.Set("Credit Used", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s,%s,%s)", mAmt, mQ, crit, mKind, `"=used"`), fill.Money(q.CreditUsed)))
		r.Set("Expired", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s,%s,%s)", mAmt, mQ, crit, mKind, `"=expired"`), fill.Money(q.Expired)))
		r.Set("Credits Used By Origin", fill.Text(byOrigin(l, q)))
		if q.Defined() {
			r.Set("Minimum", fill.Money(*q.Minimum))
			r.Set("Required", fill.Formula(fmt.Sprintf("%s+%s", r.Ref("Minimum"), r.Ref("Shortfall Added")), fill.Money(*q.Required)))
			r.Set("Excess Carried", fill.Formula(fmt.Sprintf("MAX(0,%s-%s)", r.Ref("Net Sales Billed"), r.Ref("Required")), fill.Money(q.Excess)))
			r.Set("Shortfall", fill.Formula(fmt.Sprintf("MAX(0,%s-%s-%s)", r.Ref("Required"), r.Ref("Net Sales Billed"), r.Ref("Credit Used")), fill.Money(q.Shortfall)))
			res := "met"
			if !*q.Met {
				res = "missed"
			}
			r.Set("Result", fill.Formula(fmt.Sprintf(`IF(%s>0,"missed","met")`, r.Ref("Shortfall")), fill.Text(res)))
		} else {
			r.Set("Minimum", fill.Text("not defined"))
			r.Set("Required", fill.Text("not defined"))
			r.Set("Excess Carried", fill.Money(q.Excess))
			r.Set("Shortfall", fill.Money(q.Shortfall))
			r.Set("Result", fill.Text("not defined"))
		}
		bal := fmt.Sprintf("%s-%s-%s", r.Ref("Excess Carried"), r.Ref("Credit Used"), r.Ref("Expired"))
		if i > 0 {
			bal = bt2.Col("Credit Balance") + strconv.Itoa(r.Num()-1) + "+" + bal
		}
		r.Set("Credit Balance", fill.Formula(bal, fill.Money(q.CreditBalance)))
		r.Set("Final", fill.Text(yesNo(q.Final)))
		if s.ExtendTermPerMissedQuarter {
			r.Set("Term End", fill.Formula(fmt.Sprintf(`EDATE(%s,3*COUNTIF(%s:%s,"missed"))`, termSigned, firstResult, r.Ref("Result")), fill.Date(q.TermEnd)))
		} else {
			r.Set("Term End", fill.Formula(termSigned, fill.Date(q.TermEnd)))
		}
	})
	lastRow := bt2.FirstRow() + len(l.Quarters) - 1
	cell := func(h string) string { return absCell(bt2, h, lastRow) }

	// The certificate page.
	w.Set("Customer", fill.Text(s.Customer))
	w.SetOptional("CustomerAddress", fill.Text(s.CustomerAddress))
	w.SetOptional("SignatureCustomer", fill.Text(strings.ToUpper(s.Customer)))
	w.Set("Addressee", fill.Text(strings.Join(s.NoticeAddress, "\n")))
	w.Set("Agreement", fill.Text(fmt.Sprintf("Supplier Agreement dated as of %s between %s and %s (\"%s\")", s.AgreementDate.Format(long), s.Customer, s.Distributor, s.DistributorShort)))
	w.Set("Period", fill.Text(fmt.Sprintf("Calendar quarter %s: %s through %s (§1.2)", c.Quarter, c.Quarter.Start.Format(long), c.Quarter.End.Format(long))))
	w.Set("ContractPeriod", fill.Text(fmt.Sprintf("%s: %s through %s (§1.3)", last.Label(), last.Start.Format(long), last.End.Format(long))))
	w.Set("AsOf", fill.Date(l.AsOf))
	statement12 := c.Statement12(s)
	statement13 := c.Statement13(s)
	notes := strings.Join(c.Notes(s), "\n")
	closing := fmt.Sprintf("The Schedules attached (A, A-1, B, B-1 and C) are part of this certificate. The undersigned certifies the foregoing on behalf of %s.", strings.TrimSuffix(s.Customer, "."))
	w.Set("Statement12", fill.Text(statement12))
	w.Set("Statement13", fill.Text(statement13))
	w.SetOptional("Notes", fill.Text(notes))
	w.SetOptional("Closing", fill.Text(closing))
	if c.Signer != "" {
		w.Set("SignerName", fill.Text(c.Signer))
	} else {
		w.Set("SignerName", fill.Blank())
	}
	w.Set("SignerTitle", fill.Text(c.Title))

	// §1.2 figures: Arrow's share is a sum over the ledger's Purchases sheet;
	// the rest are live formulas over Schedules A and A-1.
	w.Set("Lines_arrow", fill.Int(m.ClassLines[spend.Arrow]))
	w.Set("Spend_arrow", fill.Money(m.Total(spend.Arrow)))
	// returns (negative quantities) are no purchase and no exception: in no
	// schedule, counted apart
	w.Set("Lines_return", fill.Int(m.ClassLines[spend.Return]))
	w.Set("Spend_return", fill.Money(m.Total(spend.Return)))
	permClass := pt.Range("Classification")
	for _, cl := range []spend.Class{spend.CustomerDirected, spend.CreditLimit, spend.Released} {
		crit := monthly.Criterion(string(cl))
		w.Set("Lines_"+string(cl), fill.Formula(fmt.Sprintf("COUNTIFS(%s,%s)", permClass, crit), fill.Int(m.ClassLines[cl])))
		w.Set("Spend_"+string(cl), fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s)", pt.Range("Amount"), permClass, crit), fill.Money(m.Total(cl))))
	}
	w.Set("Lines_exception", fill.Formula(fmt.Sprintf("COUNT(%s)", ex.Range("Amount")), fill.Int(m.Exceptions.Len())))
	w.Set("Spend_exception", fill.Formula(fmt.Sprintf("SUM(%s)", ex.Range("Amount")), fill.Money(m.Total(spend.Exception))))
	var lineRefs, spendRefs []string
	for _, cl := range spend.Classes {
		lineRefs = append(lineRefs, w.Ref("Lines_"+string(cl)))
		spendRefs = append(spendRefs, w.Ref("Spend_"+string(cl)))
	}
	w.Set("FranchisedLines", fill.Formula("SUM("+strings.Join(lineRefs, ",")+")", fill.Int(m.FranchisedLines)))
	w.Set("FranchisedSpend", fill.Formula("SUM("+strings.Join(spendRefs, ",")+")", fill.Money(m.Franchised())))

	// §1.3 figures of the contract quarter: references into Schedule B.
	if last.Defined() {
		w.Set("Minimum", fill.Formula(cell("Minimum"), fill.Money(*last.Minimum)))
		w.Set("Required", fill.Formula(cell("Required"), fill.Money(*last.Required)))
		notFinal := ""
		if !last.Final {
			notFinal = " (not final)"
		}
		res := "met" + notFinal
		if !*last.Met {
			res = "NOT MET: event of default (§4.1)" + notFinal
		}
		w.Set("Result", fill.Formula(fmt.Sprintf(`IF(%s>0,"NOT MET: event of default (§4.1)%s","met%s")`, cell("Shortfall"), notFinal, notFinal), fill.Text(res)))
	} else {
		w.Set("Minimum", fill.Text("not yet defined"))
		w.Set("Required", fill.Text("not yet defined"))
		w.Set("Result", fill.Text("minimum not yet defined: no pass or fail"))
	}
	w.Set("ShortfallAdded", fill.Formula(cell("Shortfall Added"), fill.Money(last.BroughtForward)))
	w.Set("NetSalesBilled", fill.Formula(cell("Net Sales Billed"), fill.Money(last.NetSalesBilled)))
	w.Set("Pending", fill.Formula(cell("Pending"), fill.Money(last.Pending)))
	w.Set("Excluded", fill.Formula(cell("Excluded"), fill.Money(last.Excluded)))
	w.Set("CreditUsed", fill.Formula(cell("Credit Used"), fill.Money(last.CreditUsed)))
	w.Set("Shortfall", fill.Formula(cell("Shortfall"), fill.Money(last.Shortfall)))
	w.Set("TermEnd", fill.Formula(cell("Term End"), fill.Date(last.TermEnd)))

	// Paragraph rows grow with their text (merged cells do not in LibreOffice).
	for _, p := range []struct{ name, text string }{
		{"Addressee", strings.Join(s.NoticeAddress, "\n")}, {"Agreement", ""}, {"Statement12", statement12},
		{"Statement13", statement13}, {"Notes", notes}, {"Closing", closing},
	} {
		text := p.text
		if p.name == "Agreement" {
			text = fmt.Sprintf("Supplier Agreement dated as of %s between %s and %s (\"%s\")", s.AgreementDate.Format(long), s.Customer, s.Distributor, s.DistributorShort)
		}
		if err := fitHeight(w, p.name, text); err != nil {
			return err
		}
	}

	if w.Has("MinimumSalesChart") {
		if err := chart(w, bt2); err != nil {
			return err
		}
	}

	notesAudit := []string{
		fmt.Sprintf("Calendar quarter %s (§1.2): %s to %s; %d PO lines dated in it, %d franchised", c.Quarter, c.Quarter.Start.Format("2006-01-02"), c.Quarter.End.Format("2006-01-02"), m.Lines, m.FranchisedLines),
		fmt.Sprintf("Contract quarters (§1.3): %s to %s; carry-forward %d quarters; shortfall added to next (§4.2(ii)): %s; term extended per missed quarter (§4.2(iii)): %s",
			l.Quarters[0].Start.Format("2006-01-02"), last.End.Format("2006-01-02"), s.CarryForwardQuarters, yesNo(s.AddShortfallToNext), yesNo(s.ExtendTermPerMissedQuarter)),
		"Invoice status as of the as-of date: a payment dated after it is not yet known and counts as unpaid",
	}
	if outside > 0 {
		notesAudit = append(notesAudit, fmt.Sprintf("%d invoices dated before the term began (%s) are in no quarter and not listed in Schedule C", outside, l.Quarters[0].Start.Format("2006-01-02")))
	}
	monthly.AuditTable(w, meta, notesAudit, m.Warnings)
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func poRow(r *fill.Row, l *spend.Line) {
	r.Set("PO Number", fill.Text(l.PONumber))
	r.Set("PO Line", fill.Int(l.POLine.POLine))
	r.Set("PO Date", fill.Date(l.PODate))
	r.Set("Supplier", fill.Text(l.Supplier))
	r.Set("Manufacturer", fill.Text(l.Manufacturer))
	r.Set("Part Number", fill.Text(l.PartNumber))
	r.Set("Quantity", fill.Number(l.Quantity))
	r.Set("Unit Cost", fill.Number(l.UnitCost))
	r.Set("Amount", fill.Formula(fmt.Sprintf("ROUND(%s*%s,2)", r.Ref("Quantity"), r.Ref("Unit Cost")), fill.Money(l.Amount)))
	r.Set("Location", fill.Text(l.Location))
	r.Set("Ledger Row", fill.Int(l.Row))
}

// LocationColumns are the certificate's tables that name each line's
// location (§1.3: the books of several locations certified together).
var LocationColumns = []string{"Exceptions", "Permitted"}

// byOrigin describes the credits a quarter used, oldest first.
func byOrigin(l *minsales.Ledger, q *minsales.Result) string {
	var parts []string
	for _, u := range q.Uses {
		parts = append(parts, fmt.Sprintf("%s: %s", l.Quarters[u.Origin].Label(), Dollars(u.Amount)))
	}
	return strings.Join(parts, "; ")
}

// absCell is the absolute reference of a table column's cell in row.
func absCell(t *fill.Table, header string, row int) string {
	rng := t.Range(header)
	sheet, _, _ := strings.Cut(rng, "!")
	return fmt.Sprintf("%s!$%s$%d", sheet, t.Col(header), row)
}

// fitHeight sets the height of the row holding the named (merged) cell so that
// text wraps into it: LibreOffice and Excel do not grow a merged cell's row.
func fitHeight(w *fill.Workbook, name, text string) error {
	if !w.Has(name) || text == "" {
		return nil
	}
	sheet, cell := splitRef(w.Ref(name))
	f := w.Excelize()
	col, row, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return err
	}
	lastCol := col
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return err
	}
	for _, mc := range merged {
		c1, r1, _ := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, _, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if c1 == col && r1 == row {
			lastCol = c2
		}
	}
	width := 0.0
	for c := col; c <= lastCol; c++ {
		n, _ := excelize.ColumnNumberToName(c)
		cw, err := f.GetColWidth(sheet, n)
		if err != nil {
			return err
		}
		width += cw
	}
	// Arial 10 fits about 1.5 characters of prose per unit of column width in
	// LibreOffice, a little fewer in Excel: wrap by words at 1.3.
	perLine := int(width * 1.3)
	lines := wrappedLines(text, perLine)
	h := float64(lines)*12.6 + 3
	cur, err := f.GetRowHeight(sheet, row)
	if err != nil {
		return err
	}
	if math.Abs(cur-h) < 0.01 {
		return nil
	}
	return f.SetRowHeight(sheet, row, h)
}

// wrappedLines counts the lines text takes wrapped by words at perLine
// characters.
func wrappedLines(text string, perLine int) int {
	if perLine < 10 {
		perLine = 10
	}
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n++
		used := 0
		for _, word := range strings.Fields(para) {
			wl := len([]rune(word))
			switch {
			case used == 0:
				used = wl
			case used+1+wl <= perLine:
				used += 1 + wl
			default:
				n++
				used = wl
			}
			for used > perLine {
				n++
				used -= perLine
			}
		}
	}
	return n
}

func splitRef(ref string) (sheet, cell string) {
	sheet, cell, _ = strings.Cut(ref, "!")
	sheet = strings.Trim(sheet, "'")
	sheet = strings.ReplaceAll(sheet, "''", "'")
	return sheet, strings.ReplaceAll(cell, "$", "")
}

// chart draws Net Sales Billed against Required by contract quarter.
func chart(w *fill.Workbook, t *fill.Table) error {
	sheet, cell := splitRef(w.Ref("MinimumSalesChart"))
	return w.Excelize().AddChart(sheet, cell, &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: header(t, "Net Sales Billed"), Categories: t.Range("Quarter"), Values: t.Range("Net Sales Billed")},
			{Name: header(t, "Required"), Categories: t.Range("Quarter"), Values: t.Range("Required")},
		},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Net Sales Billed against Required (§1.3)"}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		// black axis labels: the default grey prints faintly
		XAxis:  excelize.ChartAxis{Font: excelize.Font{Size: 9, Color: "000000"}},
		YAxis:  excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "$#,##0"}, Font: excelize.Font{Size: 9, Color: "000000"}},
		Format: excelize.GraphicOptions{ScaleX: 1.6, ScaleY: 1.5},
	})
}

// header is the absolute reference of a table column's header cell (a chart
// series takes its name from it).
func header(t *fill.Table, h string) string { return absCell(t, h, t.FirstRow()-1) }
