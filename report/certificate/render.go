package certificate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/layout"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
)

// Term Extension values of Schedule B (§4.2(iii)): the Term End formulas count
// them.
const (
	extElected = "Elected"
	extMay     = "May elect"
	extWaived  = "Waived"
)

// Movement values of Schedule B-1: Schedule B's Credit Used and Expired add
// them up.
const (
	moveUsed    = "Used"
	moveExpired = "Expired"
)

// StatusWords is an invoice's status in words (minsales.Status.Words), as
// Schedule C (and the ledger's in-place Status column) shows it.
func StatusWords(st minsales.Status) string { return st.Words() }

// NoticeBlock is the §7.5 addressee, one line per element.
func NoticeBlock(s terms.Supplier) string { return strings.Join(s.NoticeAddress, "\n") }

// CopiesBlock lists the §7.5 copies, one a line: "With a copy to: Joseph
// Sabia, Arrow Electronics, Inc., ..." then "And a copy to: ...".
func CopiesBlock(s terms.Supplier) string {
	var lines []string
	for i, c := range s.NoticeCopies {
		lead := "With a copy to: "
		if i > 0 {
			lead = "And a copy to: "
		}
		lines = append(lines, lead+strings.Join(c, ", "))
	}
	return strings.Join(lines, "\n")
}

// DraftHeader is what the print header of every page of a draft says.
func (c *Certificate) DraftHeader() string {
	return fmt.Sprintf("DRAFT: figures to date as of %s; not for signature before %s", calendar.Long(c.AsOf()), calendar.Long(c.Quarter.End))
}

// pageHeader is the print header of every page: the customer, the
// certificate, the quarter, and a draft's warning.
func (c *Certificate) pageHeader(s terms.Supplier) fill.PageHeader {
	h := fill.PageHeader{Left: s.Customer, Center: "Quarterly compliance certificate (Supplier Agreement §1.2, §1.3)", Right: "The " + c.Quarter.Words()}
	if c.Draft() {
		h.Draft = c.DraftHeader()
	}
	return h
}

// Render fills w with c.
func Render(w *fill.Workbook, c *Certificate, meta layout.Meta) error {
	s := meta.Terms.Supplier
	m := c.Section12
	l := c.Sales
	r := c.Contract()
	w.PrintHeader(c.pageHeader(s))

	// Schedule A: the exceptions.
	ex := w.Table("Exceptions", m.Exceptions.Len())
	layout.LineRows(ex, &m.Exceptions, func(r *fill.Row, l *spend.Line) {
		poRow(r, l)
		r.Set("Reason", fill.Text(l.Reason))
	})
	ex.AutoFilter()
	w.SetOptional("ExceptionTotal", fill.Formula("SUM("+ex.Range("Amount")+")", fill.Money(m.Total(spend.Exception))))

	// Schedule A-1: permitted purchases elsewhere, with their basis.
	pt := w.Table("Permitted", m.Permitted.Len())
	layout.LineRows(pt, &m.Permitted, func(r *fill.Row, l *spend.Line) {
		poRow(r, l)
		r.Set("Classification", fill.Text(l.Class.Label()))
		r.Set("Basis", fill.Text(l.Reason))
	})
	pt.AutoFilter()
	w.SetOptional("PermittedTotal", fill.Formula("SUM("+pt.Range("Amount")+")", fill.Money(m.permittedTotal())))

	// Schedule A-2: bought from Arrow CMS, and the returns.
	at := w.Table("ArrowPurchases", m.Bought.Len())
	layout.LineRows(at, &m.Bought, func(r *fill.Row, l *spend.Line) {
		poRow(r, l)
		r.Set("Classification", fill.Text(l.Class.Label()))
	})
	at.AutoFilter()
	boughtClass, boughtAmount := at.Range("Classification"), at.Range("Amount")
	w.SetOptional("ArrowTotal", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s)", boughtAmount, boughtClass, layout.Criterion(spend.Arrow.Label())), fill.Money(m.Total(spend.Arrow))))

	// Schedule C: the invoices of the quarters, by quarter then ledger order.
	var invs []*minsales.Invoice
	before, after := 0, 0
	for k := range l.Quarters {
		for i := range l.Invoices {
			if l.Invoices[i].Quarter == k {
				invs = append(invs, &l.Invoices[i])
			}
		}
	}
	for _, in := range l.Invoices {
		switch {
		case in.Quarter < 0 && len(c.Quarters) > 0 && in.Date.Before(c.Quarters[0].Start):
			before++
		case in.Quarter >= len(l.Quarters):
			after++
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
		r.Set("Due Date", fill.Date(in.Invoice.Due))
		r.Set("Paid Date", fill.Date(in.Paid))
		r.Set("Status", fill.Text(StatusWords(in.Status)))
		r.Set("Reason", fill.Text(in.Reason))
		r.Set("Ledger Row", fill.Int(in.Row))
	})
	for _, in := range invs {
		invTotal = invTotal.Add(in.Net)
	}
	ct.AutoFilter()
	w.SetOptional("InvoiceTotal", fill.Formula("SUM("+ct.Range("Net Billed")+")", fill.Money(invTotal)))

	// Schedule C's subtotals by quarter and status, under the invoices:
	// Schedule B's Net Sales Billed, Pending and Excluded are these cells.
	cNet, cQ, cStatus := ct.Range("Net Billed"), ct.Range("Contract Quarter"), ct.Range("Status")
	sub := w.Table("InvoiceSubtotals", len(l.Quarters))
	sub.Rows(func(i int, row *fill.Row) {
		q := &l.Quarters[i]
		crit := layout.Criterion(q.Label())
		by := func(st minsales.Status) string {
			return fmt.Sprintf("SUMIFS(%s,%s,%s,%s,%s)", cNet, cQ, crit, cStatus, layout.Criterion(StatusWords(st)))
		}
		row.Set("Contract Quarter", fill.Text(q.Label()))
		row.Set("Counted", fill.Formula(by(minsales.Counted), fill.Money(q.NetSalesBilled.Sub(q.Pending))))
		row.Set("Pending", fill.Formula(by(minsales.Pending), fill.Money(q.Pending)))
		row.Set("Excluded", fill.Formula(by(minsales.Excluded), fill.Money(q.Excluded)))
		row.Set("Net Billed", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s)", cNet, cQ, crit), fill.Money(q.NetSalesBilled.Add(q.Excluded))))
		row.Set("Net Sales Billed", fill.Formula(row.Ref("Counted")+"+"+row.Ref("Pending"), fill.Money(q.NetSalesBilled)))
	})
	subCell := func(h string, k int) string { return absCell(sub, h, sub.FirstRow()+k) }

	// Schedule B-1: credit movements of the quarters listed.
	var moves []minsales.Movement
	for _, mv := range l.Movements {
		if mv.Quarter < len(l.Quarters) {
			moves = append(moves, mv)
		}
	}
	bt := w.Table("Credits", len(moves))
	var moved decimal.Decimal
	for _, mv := range moves {
		moved = moved.Add(mv.Amount)
	}
	// Schedule B is filled below (its rows are known from the quarters): each
	// movement is the least of what its credit has left (the quarter's excess
	// less the movements above) and what its quarter still needs, or, for an
	// expiry, what its credit has left
	bt2 := w.Table("MinimumSales", len(l.Quarters))
	first := bt2.FirstRow()
	colRef := func(h string, k int) string { return bt2.Col(h) + strconv.Itoa(first+k) }
	bCell := func(h string, k int) string { return absCell(bt2, h, first+k) }
	bt.Rows(func(i int, r *fill.Row) {
		mv := moves[i]
		kind := moveUsed
		if mv.Expired {
			kind = moveExpired
		}
		r.Set("Origin Quarter", fill.Text(l.Quarters[mv.Origin].Label()))
		r.Set("Movement", fill.Text(kind))
		r.Set("Quarter", fill.Text(l.Quarters[mv.Quarter].Label()))
		above := func(criteria ...string) string {
			if i == 0 {
				return ""
			}
			top := bt.FirstRow()
			rng := func(h string) string {
				c := bt.Col(h)
				return fmt.Sprintf("$%s$%d:%s%d", c, top, c, r.Num()-1)
			}
			args := []string{rng("Amount")}
			for j := 0; j+1 < len(criteria); j += 2 {
				args = append(args, rng(criteria[j]), criteria[j+1])
			}
			return "-SUMIFS(" + strings.Join(args, ",") + ")"
		}
		left := bCell("Excess Carried", mv.Origin) + above("Origin Quarter", r.Ref("Origin Quarter"))
		if mv.Expired {
			r.Set("Amount", fill.Formula(left, fill.Money(mv.Amount)))
			return
		}
		need := fmt.Sprintf("MAX(0,%s-%s)", bCell("Required", mv.Quarter), bCell("Net Sales Billed", mv.Quarter)) +
			above("Quarter", r.Ref("Quarter"), "Movement", layout.Criterion(moveUsed))
		r.Set("Amount", fill.Formula(fmt.Sprintf("MIN(%s,%s)", left, need), fill.Money(mv.Amount)))
	})
	w.SetOptional("MovementTotal", fill.Formula("SUM("+bt.Range("Amount")+")", fill.Money(moved)))

	// Schedule B: the Minimum Sales ledger.
	w.Set("TermEndSigned", fill.Date(s.TermEnd))
	termSigned := w.Ref("TermEndSigned")
	mAmt, mKind, mQ := bt.Range("Amount"), bt.Range("Movement"), bt.Range("Quarter")
	carried := func(cs []minsales.Carried) fill.Value {
		if len(cs) == 0 {
			return fill.Blank() // nothing added
		}
		var refs []string
		for _, o := range cs {
			refs = append(refs, colRef("Shortfall", o.Origin))
		}
		return fill.Formula(strings.Join(refs, "+"), fill.Money(sumCarried(cs)))
	}
	firstExt := "$" + bt2.Col("Term Extension") + "$" + strconv.Itoa(first)
	bt2.Rows(func(i int, row *fill.Row) {
		q := &l.Quarters[i]
		crit := layout.Criterion(q.Label())
		row.Set("Quarter", fill.Text(q.Label()))
		// the quarter again at the head of the second printed page
		row.Set("Contract Quarter", fill.Formula(row.Ref("Quarter"), fill.Text(q.Label())))
		row.Set("Start", fill.Date(q.Start))
		row.Set("End", fill.Date(q.End))
		row.Set("Shortfall Added", carried(q.AddedFrom))
		row.Set("Arrow May Add", carried(q.MayAddFrom))
		row.Set("Pending", fill.Formula(subCell("Pending", i), fill.Money(q.Pending)))
		row.Set("Excluded", fill.Formula(subCell("Excluded", i), fill.Money(q.Excluded)))
		row.Set("Net Sales Billed", fill.Formula(subCell("Net Sales Billed", i), fill.Money(q.NetSalesBilled)))
		row.Set("Credit Used", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s,%s,%s)", mAmt, mQ, crit, mKind, layout.Criterion(moveUsed)), fill.Money(q.CreditUsed)))
		row.Set("Expired", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s,%s,%s)", mAmt, mQ, crit, mKind, layout.Criterion(moveExpired)), fill.Money(q.Expired)))
		switch {
		case q.Defined():
			row.Set("Minimum", fill.Money(*q.Minimum))
			row.Set("Required", fill.Formula(fmt.Sprintf("%s+%s", row.Ref("Minimum"), row.Ref("Shortfall Added")), fill.Money(*q.Required)))
			row.Set("Excess Carried", fill.Formula(fmt.Sprintf("MAX(0,%s-%s)", row.Ref("Net Sales Billed"), row.Ref("Required")), fill.Money(q.Excess)))
			if q.Ended {
				row.Set("Shortfall", fill.Formula(fmt.Sprintf("MAX(0,%s-%s-%s)", row.Ref("Required"), row.Ref("Net Sales Billed"), row.Ref("Credit Used")), fill.Money(q.Shortfall)))
				res := "achieved"
				if !*q.Met {
					res = "not achieved"
				}
				row.Set("Result", fill.Formula(fmt.Sprintf(`IF(%s>0,"not achieved","achieved")`, row.Ref("Shortfall")), fill.Text(res)))
			} else {
				// §4.1: measured at the end of the period
				row.Set("Shortfall", fill.Text("not yet measured"))
				row.Set("Result", fill.Text("in progress"))
			}
		default:
			// no Minimum: nothing is required, nothing carried, nothing short
			row.Set("Minimum", fill.Text("not defined"))
			row.Set("Required", fill.Text("not defined"))
			row.Set("Excess Carried", fill.Blank())
			row.Set("Shortfall", fill.Text("not defined"))
			row.Set("Result", fill.Text("not defined"))
		}
		bal := fmt.Sprintf("%s-%s-%s", row.Ref("Excess Carried"), row.Ref("Credit Used"), row.Ref("Expired"))
		if i > 0 {
			bal = colRef("Credit Balance", i-1) + "+" + bal
		}
		row.Set("Credit Balance", fill.Formula(bal, fill.Money(q.CreditBalance)))
		row.Set("Final", fill.Text(yesNo(q.Final)))
		row.Set("Arrow's Notices", fill.Text(noticesText(q)))
		ext := ""
		switch {
		case !q.Missing():
		case q.Waiver != nil:
			ext = extWaived
		case q.ExtendElection != nil:
			ext = extElected
		default:
			ext = extMay
		}
		row.Set("Term Extension", fill.Text(ext))
		span := firstExt + ":" + row.Ref("Term Extension")
		row.Set("Term End", fill.Formula(fmt.Sprintf(`EDATE(%s,3*COUNTIF(%s,"%s"))`, termSigned, span, extElected), fill.Date(q.TermEnd)))
		row.Set("Term End If Extended", fill.Formula(fmt.Sprintf(`EDATE(%s,3*(COUNTIF(%s,"%s")+COUNTIF(%s,"%s")))`, termSigned, span, extElected, span, extMay), fill.Date(q.TermEndIfExtended)))
	})

	// The certificate page.
	w.Set("Customer", fill.Text(s.Customer))
	w.SetOptional("CustomerAddress", fill.Text(s.CustomerAddress))
	w.Set("Addressee", fill.Text(NoticeBlock(s)))
	w.Set("NoticeCopies", fill.Text(CopiesBlock(s)))
	agreement := fmt.Sprintf("Supplier Agreement dated as of %s between %s and %s (\"%s\")", calendar.Long(s.AgreementDate), s.Customer, s.Distributor, s.DistributorShort)
	w.Set("Agreement", fill.Text(agreement))
	period := fmt.Sprintf("The %s: %s through %s (§1.2)", c.Quarter.Words(), calendar.Long(c.Quarter.Start), calendar.Long(c.Quarter.End))
	if !m.Start.Equal(c.Quarter.Start) || !m.End.Equal(c.Quarter.End) {
		period += fmt.Sprintf("; inside the term: %s through %s", calendar.Long(m.Start), calendar.Long(m.End))
	}
	if c.Draft() {
		period += fmt.Sprintf("; DRAFT, figures to date as of %s", calendar.Long(c.AsOf()))
	}
	w.Set("Period", fill.Text(period))
	contract := fmt.Sprintf("none ends in the %s", c.Quarter.Words())
	if r != nil {
		contract = fmt.Sprintf("%s through %s (§1.3)", calendar.Long(r.Start), calendar.Long(r.End))
		if !r.Ended {
			contract += ", not yet ended"
		}
	}
	w.Set("ContractPeriod", fill.Text(contract))
	w.Set("AsOf", fill.Date(c.AsOf()))
	statement12 := c.Statement12(s)
	statement13 := c.Statement13(s)
	notes := strings.Join(c.Notes(s), "\n")
	closing := c.Closing(s)
	w.Set("Statement12", fill.Text(statement12))
	monthly := c.MonthlyReportsText()
	w.SetOptional("MonthlyReports", fill.Text(monthly))
	w.Set("Statement13", fill.Text(statement13))
	w.SetOptional("Notes", fill.Text(notes))
	w.SetOptional("Closing", fill.Text(closing))
	toDate := "Amount"
	if c.Draft() {
		toDate = "To date"
	}
	w.SetOptional("SpendHeading", fill.Text(toDate))
	w.SetOptional("SalesHeading", fill.Text(toDate))

	// §1.2 figures: sums over Schedules A, A-1 and A-2. Returns (negative
	// quantities) are no purchase and no exception: counted apart, on A-2.
	for _, cl := range []spend.Class{spend.Arrow, spend.Return} {
		crit := layout.Criterion(cl.Label())
		w.Set("Lines_"+string(cl), fill.Formula(fmt.Sprintf("COUNTIFS(%s,%s)", boughtClass, crit), fill.Int(m.ClassLines[cl])))
		w.Set("Spend_"+string(cl), fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s)", boughtAmount, boughtClass, crit), fill.Money(m.Total(cl))))
	}
	permClass := pt.Range("Classification")
	for _, cl := range []spend.Class{spend.CustomerDirected, spend.CreditLimit, spend.Released} {
		crit := layout.Criterion(cl.Label())
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
	renderFigures(w, c, bt2, termSigned)

	// The signature block, or a draft's date.
	if c.Draft() {
		if err := draftSignature(w, c); err != nil {
			return err
		}
	} else {
		w.SetOptional("SignatureCustomer", fill.Text(strings.ToUpper(s.Customer)))
		if c.Signer != "" {
			w.Set("SignerName", fill.Text(c.Signer))
		} else {
			w.Set("SignerName", fill.Blank())
		}
		w.Set("SignerTitle", fill.Text(c.Title))
	}
	if err := draftMarks(w, c); err != nil {
		return err
	}

	// Paragraph rows grow with their text (merged cells do not in LibreOffice).
	for _, p := range []struct{ name, text string }{
		{"Addressee", NoticeBlock(s)}, {"NoticeCopies", CopiesBlock(s)}, {"Agreement", agreement}, {"Period", period},
		{"ContractPeriod", contract}, {"Statement12", statement12}, {"MonthlyReports", monthly}, {"Statement13", statement13}, {"Notes", notes}, {"Closing", closing},
	} {
		w.FitRow(p.name, p.text)
	}

	if w.Has("MinimumSalesChart") && len(l.Quarters) > 0 {
		if err := chart(w, bt2); err != nil {
			return err
		}
	}

	notesAudit := []string{
		fmt.Sprintf("The %s (§1.2): %s through %s; inside the term %s through %s; %d PO lines dated in it through the as-of date, %d franchised",
			c.Quarter.Words(), calendar.Long(c.Quarter.Start), calendar.Long(c.Quarter.End), calendar.Long(m.Start), calendar.Long(m.End), m.Lines, m.FranchisedLines),
		contractAudit(c, s),
		arrowNoticesAudit(c),
		"Invoice status as of the as-of date: a payment dated after it is not yet known and counts as unpaid; an invoice, PO line or notice dated after it counts nowhere",
	}
	if c.Draft() {
		notesAudit = append(notesAudit, "DRAFT: "+c.DraftHeader())
	}
	if before > 0 {
		notesAudit = append(notesAudit, fmt.Sprintf("%d invoices dated before the term began (%s) are in no quarter and not listed in Schedule C", before, calendar.Long(c.Quarters[0].Start)))
	}
	if after > 0 {
		notesAudit = append(notesAudit, fmt.Sprintf("%d invoices dated in later contract quarters are not listed in Schedule C", after))
	}
	warnings := append([]string(nil), c.Warnings...)
	warnings = append(warnings, m.Warnings...)
	warnings = append(warnings, l.Warnings...)
	layout.AuditTable(w, meta, notesAudit, warnings)
	return nil
}

func contractAudit(c *Certificate, s terms.Supplier) string {
	l := c.Sales
	if len(l.Quarters) == 0 {
		return fmt.Sprintf("Contract quarters (§1.3): none ended by %s; carry-forward %d quarters", calendar.Long(c.Quarter.End), s.CarryForwardQuarters)
	}
	return fmt.Sprintf("Contract quarters (§1.3): %s through %s; carry-forward %d quarters; term end as signed %s, with the extensions Arrow CMS elected %s, if extended for every missed quarter %s",
		calendar.Long(l.Quarters[0].Start), calendar.Long(l.Quarters[len(l.Quarters)-1].End), s.CarryForwardQuarters,
		calendar.Long(s.TermEnd), calendar.Long(l.TermEnd), calendar.Long(l.TermEndIfExtended))
}

func arrowNoticesAudit(c *Certificate) string {
	if !c.HasNotices {
		return "Arrow Notices (§4.1, §4.2, §7.6): the ledger has no such sheet, so no notice or election of Arrow CMS is recorded; a shortfall is added and the term extended only by a recorded election"
	}
	n := 0
	for _, q := range c.Sales.Quarters {
		for _, x := range []*ledger.Notice{q.Notice, q.AddElection, q.ExtendElection, q.Waiver} {
			if x != nil {
				n++
			}
		}
	}
	return fmt.Sprintf("Arrow Notices (§4.1, §4.2, §7.6): %d notices and elections applied to the quarters listed; a shortfall is added and the term extended only by a recorded election", n)
}

// renderFigures fills the §1.3 figures of the certificate page.
func renderFigures(w *fill.Workbook, c *Certificate, bt2 *fill.Table, termSigned string) {
	l := c.Sales
	r := c.Contract()
	termEnd := fill.Formula(fmt.Sprintf("EDATE(%s,%d)", termSigned, 3*l.Extended), fill.Date(l.TermEnd))
	termIf := fill.Formula(fmt.Sprintf("EDATE(%s,%d)", termSigned, 3*l.Extendable), fill.Date(l.TermEndIfExtended))
	w.Set("TermEnd", termEnd)
	w.SetOptional("TermEndIfExtended", termIf)
	if r == nil {
		for _, n := range []string{"Minimum", "Required", "ShortfallAdded", "NetSalesBilled", "Pending", "Excluded", "CreditUsed", "Shortfall"} {
			w.Set(n, fill.Blank())
		}
		w.SetOptional("MayAdd", fill.Blank())
		w.Set("Result", fill.Text(c.Result()))
		return
	}
	row := bt2.FirstRow() + r.Index - 1
	cell := func(h string) string { return absCell(bt2, h, row) }
	if r.Defined() {
		w.Set("Minimum", fill.Formula(cell("Minimum"), fill.Money(*r.Minimum)))
		w.Set("Required", fill.Formula(cell("Required"), fill.Money(*r.Required)))
	} else {
		w.Set("Minimum", fill.Text("not yet defined"))
		w.Set("Required", fill.Text("not yet defined"))
	}
	w.Set("ShortfallAdded", fill.Formula(cell("Shortfall Added"), fill.Money(r.ShortfallAdded)))
	w.SetOptional("MayAdd", fill.Formula(cell("Arrow May Add"), fill.Money(r.MayAdd)))
	w.Set("NetSalesBilled", fill.Formula(cell("Net Sales Billed"), fill.Money(r.NetSalesBilled)))
	w.Set("Pending", fill.Formula(cell("Pending"), fill.Money(r.Pending)))
	w.Set("Excluded", fill.Formula(cell("Excluded"), fill.Money(r.Excluded)))
	w.Set("CreditUsed", fill.Formula(cell("Credit Used"), fill.Money(r.CreditUsed)))
	switch {
	case r.Defined() && !r.Ended:
		// what is still to be billed, not a shortfall (§4.1)
		w.SetOptional("ShortfallLabel", fill.Text("Still to bill by "+calendar.Long(r.End)+" to reach Required"))
		w.SetOptional("NetSalesBilledLabel", fill.Text("Net Sales Billed to date"))
		w.Set("Shortfall", fill.Formula(fmt.Sprintf("MAX(0,%s-%s-%s)", w.Ref("Required"), w.Ref("NetSalesBilled"), w.Ref("CreditUsed")), fill.Money(r.Remaining)))
		w.Set("Result", fill.Text(c.Result()))
	case r.Defined():
		w.Set("Shortfall", fill.Formula(cell("Shortfall"), fill.Money(r.Shortfall)))
		suffix := ""
		if !r.Final {
			suffix = " (not final)"
		}
		w.Set("Result", fill.Formula(fmt.Sprintf(`IF(%s>0,"not achieved%s","achieved%s")`, cell("Shortfall"), suffix, suffix), fill.Text(c.Result())))
	default:
		if !r.Ended {
			w.SetOptional("NetSalesBilledLabel", fill.Text("Net Sales Billed to date"))
		}
		w.Set("Shortfall", fill.Text("no Minimum defined"))
		w.Set("Result", fill.Text(c.Result()))
	}
}

// noticesText lists Arrow's recorded notices about a quarter, in Schedule B.
func noticesText(q *minsales.Result) string {
	var parts []string
	for _, n := range []*ledger.Notice{q.Notice, q.AddElection, q.ExtendElection, q.Waiver} {
		if n != nil {
			parts = append(parts, fmt.Sprintf("%s, %s (row %d)", n.Kind.Label(), calendar.Long(n.Date), n.Row))
		}
	}
	if len(parts) == 0 && q.Missing() {
		return "none recorded"
	}
	return strings.Join(parts, "; ")
}

// draftMarks puts DRAFT across the top of the certificate page of a draft (the
// print header of every page says it too); a final certificate gets neither.
func draftMarks(w *fill.Workbook, c *Certificate) error {
	if !c.Draft() {
		w.SetOptional("Draft", fill.Blank())
		return nil
	}
	if w.Has("Draft") {
		w.Set("Draft", fill.Text("DRAFT"))
		sheet, cell := splitRef(w.Ref("Draft"))
		_, row, err := excelize.CellNameToCoordinates(cell)
		if err != nil {
			return err
		}
		if err := w.Excelize().SetRowHeight(sheet, row, 26); err != nil {
			return err
		}
	}
	// the print header of every page says it too (pageHeader)
	return nil
}

// draftSignature replaces the signature block (the lines from SignatureBy to
// SignatureDate, their labels in the column to the left) with the date the
// quarter ends: a draft is not to be signed.
func draftSignature(w *fill.Workbook, c *Certificate) error {
	w.SetOptional("SignatureCustomer", fill.Blank())
	by := "DRAFT: not for signature. The calendar quarter ends " + calendar.Long(c.Quarter.End) + "."
	w.Set("SignatureBy", fill.Text(by))
	w.Set("SignerName", fill.Blank())
	w.Set("SignerTitle", fill.Blank())
	w.Set("SignatureDate", fill.Blank())
	f := w.Excelize()
	sheet, from := splitRef(w.Ref("SignatureBy"))
	_, to := splitRef(w.Ref("SignatureDate"))
	col, r1, err := excelize.CellNameToCoordinates(from)
	if err != nil {
		return err
	}
	_, r2, err := excelize.CellNameToCoordinates(to)
	if err != nil {
		return err
	}
	lastCol := col
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return err
	}
	for _, mc := range merged {
		c1, rr, _ := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, _, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if c1 == col && rr == r1 {
			lastCol = c2
		}
	}
	plain, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, Alignment: &excelize.Alignment{Vertical: "bottom"}})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 11, Family: "Arial"}, Alignment: &excelize.Alignment{Vertical: "bottom", WrapText: true}})
	if err != nil {
		return err
	}
	for row := r1; row <= r2; row++ {
		if col > 1 {
			label, _ := excelize.CoordinatesToCellName(col-1, row)
			if err := f.SetCellDefault(sheet, label, ""); err != nil {
				return err
			}
		}
		a, _ := excelize.CoordinatesToCellName(col, row)
		b, _ := excelize.CoordinatesToCellName(lastCol, row)
		st := plain
		if row == r1 {
			st = bold
		}
		if err := f.SetCellStyle(sheet, a, b, st); err != nil {
			return err
		}
	}
	w.FitRow("SignatureBy", by)
	return nil
}

func sumCarried(cs []minsales.Carried) decimal.Decimal {
	var sum decimal.Decimal
	for _, o := range cs {
		sum = sum.Add(o.Amount)
	}
	return sum
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
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
var LocationColumns = []string{"Exceptions", "Permitted", "ArrowPurchases"}

// absCell is the absolute reference of a table column's cell in row.
func absCell(t *fill.Table, header string, row int) string {
	rng := t.Range(header)
	sheet, _, _ := strings.Cut(rng, "!")
	return fmt.Sprintf("%s!$%s$%d", sheet, t.Col(header), row)
}

func splitRef(ref string) (sheet, cell string) {
	sheet, cell, _ = strings.Cut(ref, "!")
	sheet = strings.Trim(sheet, "'")
	sheet = strings.ReplaceAll(sheet, "''", "'")
	return sheet, strings.ReplaceAll(cell, "$", "")
}

// chart draws, by contract quarter, Net Sales Billed with the excess carried
// forward from earlier quarters stacked on it (a quarter met with credits
// reaches its Required), against Required as a line.
func chart(w *fill.Workbook, t *fill.Table) error {
	sheet, cell := splitRef(w.Ref("MinimumSalesChart"))
	axis := excelize.Font{Size: 9, Color: "000000"}
	return w.Excelize().AddChart(sheet, cell, &excelize.Chart{
		Type: excelize.ColStacked,
		Series: []excelize.ChartSeries{
			{Name: header(t, "Net Sales Billed"), Categories: t.Range("Quarter"), Values: t.Range("Net Sales Billed"),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}},
			{Name: header(t, "Credit Used"), Categories: t.Range("Quarter"), Values: t.Range("Credit Used"),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"9DC3E6"}}},
		},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Net Sales Billed and credits used against Required (§1.3)"}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		// black axis labels: the default grey prints faintly
		XAxis:  excelize.ChartAxis{Font: axis},
		YAxis:  excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "$#,##0"}, Font: axis, MajorGridLines: true},
		Format: excelize.GraphicOptions{ScaleX: 1.6, ScaleY: 1.5},
	}, &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{
			{Name: header(t, "Required"), Categories: t.Range("Quarter"), Values: t.Range("Required"),
				Line: excelize.LineOptions{Width: 2.25}, Marker: excelize.ChartMarker{Symbol: "dash", Size: 10}},
		},
	})
}

// header is the absolute reference of a table column's header cell (a chart
// series takes its name from it).
func header(t *fill.Table, h string) string { return absCell(t, h, t.FirstRow()-1) }
