// Package statusreport lays covenant status into its template: "Where we stand
// on <date>" on one Letter page (what is late and due under both agreements,
// the Minimum Sales to date, §1.2 this month, the loan, the defaults map and
// the most urgent obligations), then the sheets behind it: every obligation
// with its status, the Minimum Sales quarter to date with a chart of its
// cumulative Net Sales Billed against Required, the quarter's invoices, the
// credits carried forward, the holidays, the month's exceptions to §1.2, the
// breakdowns awaiting Arrow's answer, the loan, the defaults map and the audit
// trail (§5). Every figure that is arithmetic is a live formula with its cached
// value.
package statusreport

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/borrowing"
	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/layout"
	"github.com/covenant-reports/covenant/report/loanfee"
	"github.com/covenant-reports/covenant/report/minsales"
	"github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/obligations"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
)

// Status is everything the report states.
type Status struct {
	AsOf     time.Time
	Result   *obligations.Result
	Defaults []obligations.Default
	// ToDate is the §1.3 quarter holding the as-of date; nil when none does.
	ToDate *obligations.ToDate
	// Month is §1.2 over the PO lines of the as-of date's month dated by it;
	// Exceptions its exceptions in ledger order.
	Month      *spend.Period
	Exceptions []spend.Line
	// Awaiting are the breakdowns awaiting Arrow's answer (spend.Pending);
	// AwaitingLedger names, for each, the ledger whose Arrow Responses log
	// holds it (its workbook or CSV folder); Hours the response window.
	Awaiting       []spend.Awaiting
	AwaitingLedger []string
	Hours          int
	// HasLoan says a loan workbook was given; LoanFile names it.
	HasLoan  bool
	LoanFile string
	// Warnings are remarks about the inputs, for the audit sheet.
	Warnings []string
}

// LocationColumns are the tables of the status report that name each PO
// line's location (several --ledger, §1.3).
var LocationColumns = []string{"Exceptions"}

// UrgentRows is how many obligations the first page lists.
const UrgentRows = 8

// Render fills w with st.
func Render(w *fill.Workbook, st *Status, meta layout.Meta) error {
	s := meta.Terms.Supplier
	r := st.Result
	asOf := st.AsOf

	// Every printed page names the company, the report and its date.
	w.PrintHeader(fill.PageHeader{Left: s.Customer, Center: "Where we stand: the Supplier Agreement and the loan", Right: "As of " + calendar.Long(asOf)})

	// Obligations.
	ob := w.Table("Obligations", len(r.Obligations))
	ob.Rows(func(i int, row *fill.Row) {
		o := r.Obligations[i]
		row.Set("Due", fill.Date(o.Due))
		row.Set("Status", fill.Text(o.Status.Words()))
		row.Set("Obligation", fill.Text(o.Title))
		row.Set("Clause", fill.Text(o.Clause))
		row.Set("What to deliver or do", fill.Text(o.What))
		row.Set("To", fill.Text(o.To))
		row.Set("Where it stands", fill.Text(Sentence(o.Detail)))
		if o.Evidence != nil && o.Status == obligations.Done {
			row.Set("Delivered On", fill.Date(o.Evidence.On))
		}
		row.Set("Warning", fill.Text(Sentence(o.Warning)))
		row.Set("Obligation id", fill.Text(o.ID))
	})
	ob.AutoFilter()
	statusCol := ob.Range("Status")
	for _, stt := range obligations.Statuses {
		w.Set("Count_"+string(stt), fill.Formula(fmt.Sprintf(`COUNTIF(%s,%s)`, statusCol, layout.Criterion(stt.Words())), fill.Int(r.Count(stt))))
	}

	who := s.Customer
	agreements := fmt.Sprintf("the Supplier Agreement with %s of %s and Amendment No. 10 to the Loan and Security Agreement of %s", s.DistributorShort, calendar.Long(s.AgreementDate), calendar.Long(meta.Terms.Loan.AmendmentDate))
	if !st.HasLoan {
		agreements = fmt.Sprintf("the Supplier Agreement with %s of %s (no loan workbook given: Amendment No. 10's obligations are not listed)", s.DistributorShort, calendar.Long(s.AgreementDate))
	}
	w.Set("Title", fill.Text("Where we stand on "+calendar.Long(asOf)))
	w.SetParagraph("Subtitle", fmt.Sprintf("%s: %s. Figures as of %s; nothing dated after it is known or counted. Each figure is a formula over the sheets behind this page; the sentences restate them, and where the two differ the sheets govern.", who, agreements, calendar.Long(asOf)))

	if err := renderSales(w, st); err != nil {
		return err
	}
	renderMonth(w, st)
	renderLoan(w, st, meta)

	// Defaults map.
	dt := w.Table("Defaults", len(st.Defaults))
	dt.Rows(func(i int, row *fill.Row) {
		d := st.Defaults[i]
		row.Set("Date", fill.Date(d.Date))
		row.Set("Agreement", fill.Text(d.Agreement))
		row.Set("Clause", fill.Text(d.Clause))
		row.Set("What", fill.Text(Sentence(d.What)))
	})
	w.SetParagraph("DefaultsText", defaultsText(st.Defaults))

	// The most urgent, on page 1.
	urgent := r.Urgent(UrgentRows)
	ut := w.Table("Urgent", len(urgent))
	ut.Rows(func(i int, row *fill.Row) {
		o := urgent[i]
		row.Set("Due", fill.Date(o.Due))
		row.Set("Status", fill.Text(o.Status.Words()))
		text := fmt.Sprintf("%s (%s)", o.Title, o.Clause)
		if o.ToShort != "" {
			text += ", to " + o.ToShort
		}
		row.Set("Obligation", fill.Text(text))
		now := Sentence(o.Detail)
		if o.Warning != "" && o.Status != obligations.Late {
			now += " Deliver by " + calendar.LongWeekday(o.DeliverBy) + ": the due date is not a business day."
		}
		row.Set("Now", fill.Text(now))
	})

	notes := []string{
		fmt.Sprintf("Obligations (sheet Obligations): %d of both agreements, with their status as of %s; an obligation is due soon from %d days before its due date (terms: Warning Days)", len(r.Obligations), calendar.Long(asOf), meta.Terms.WarningDays),
		"Done means the books show it: a Deliveries row (ledger or loan workbook), a Fee Payments row, a Fee Events row, the Borrowing sheet's days, or Arrow's invoices; nothing dated after the as-of date counts",
		"A due date on a Saturday, a Sunday or a US federal holiday is kept as the agreement states it, with the business day before to deliver by",
	}
	layout.AuditTable(w, meta, notes, st.Warnings)
	return nil
}

// renderSales fills the Minimum Sales sheets and page 1's block.
func renderSales(w *fill.Workbook, st *Status) error {
	td := st.ToDate
	if td == nil {
		msg := fmt.Sprintf("%s falls in no §1.3 contract quarter of the term, so no Minimum Sales are measured to date.", calendar.Long(st.AsOf))
		w.SetParagraph("SalesQuarter", msg)
		for _, n := range []string{"SalesRequired", "SalesNetBilled", "SalesPending", "SalesCredits", "SalesNeeded", "SalesDaysLeft", "SalesPerDay"} {
			w.Set(n, fill.Blank())
		}
		for _, n := range []string{"QuarterLabel", "QuarterStart", "QuarterEnd", "Minimum", "ShortfallAdded", "Required", "Counted", "Pending", "NetSalesBilled", "CreditsAvailable", "Needed", "BusinessDaysLeft", "PerBusinessDay"} {
			w.Set(n, fill.Blank())
		}
		w.Set("AsOf", fill.Date(st.AsOf))
		w.SetOptional("SalesNote", fill.Text(msg))
		w.Table("Invoices", 0)
		w.Table("Credits", 0)
		w.Table("Holidays", 0)
		w.Table("Daily", 0)
		return nil
	}
	q := td.Quarter

	// The quarter's invoices.
	it := w.Table("Invoices", len(td.Invoices))
	it.Rows(func(i int, row *fill.Row) {
		in := td.Invoices[i]
		row.Set("Invoice Number", fill.Text(in.Number))
		row.Set("Invoice Date", fill.Date(in.Date))
		row.Set("Amount", fill.Number(in.Amount))
		row.Set("Returns", fill.Number(in.Returns))
		row.Set("Discounts", fill.Number(in.Discounts))
		row.Set("Net Billed", fill.Formula(fmt.Sprintf("ROUND(%s-%s-%s,2)", row.Ref("Amount"), row.Ref("Returns"), row.Ref("Discounts")), fill.Money(in.Net)))
		row.Set("Due Date", fill.Date(in.Invoice.Due))
		row.Set("Paid Date", fill.Date(in.Paid))
		row.Set("Status", fill.Text(in.Status.Words()))
		row.Set("Reason", fill.Text(in.Reason))
		row.Set("Ledger Row", fill.Int(in.Row))
	})
	it.AutoFilter()
	net, status, date := it.Range("Net Billed"), it.Range("Status"), it.Range("Invoice Date")

	// Credits carried forward.
	ct := w.Table("Credits", len(td.Credits))
	ct.Rows(func(i int, row *fill.Row) {
		c := td.Credits[i]
		row.Set("From The Quarter", fill.Text(quarterWords(c.Origin.Start, c.Origin.End)))
		row.Set("Excess", fill.Money(c.Excess))
		row.Set("Used Before", fill.Money(c.UsedBefore))
		row.Set("Available", fill.Formula(fmt.Sprintf("%s-%s", row.Ref("Excess"), row.Ref("Used Before")), fill.Money(c.Available)))
		through := "past the quarters of the terms"
		if c.UsableThrough != nil {
			through = quarterWords(c.UsableThrough.Start, c.UsableThrough.End)
		}
		row.Set("Usable Through The Quarter", fill.Text(through))
	})

	// Holidays.
	ht := w.Table("Holidays", len(td.Holidays))
	ht.Rows(func(i int, row *fill.Row) {
		d := td.Holidays[i]
		name, _ := calendar.FederalHoliday(d)
		row.Set("Date", fill.Date(d))
		row.Set("Holiday", fill.Text(name))
	})

	// The figures.
	w.Set("QuarterLabel", fill.Text(quarterWords(q.Start, q.End)))
	w.Set("QuarterStart", fill.Date(q.Start))
	w.Set("QuarterEnd", fill.Date(q.End))
	w.Set("AsOf", fill.Date(st.AsOf))
	counted, pending := layout.Criterion(minsales.Counted.Words()), layout.Criterion(minsales.Pending.Words())
	w.Set("Counted", fill.Formula(fmt.Sprintf(`SUMIFS(%s,%s,%s)`, net, status, counted), fill.Money(td.Counted)))
	w.Set("Pending", fill.Formula(fmt.Sprintf(`SUMIFS(%s,%s,%s)`, net, status, pending), fill.Money(td.Pending)))
	w.Set("NetSalesBilled", fill.Formula(w.Ref("Counted")+"+"+w.Ref("Pending"), fill.Money(td.NetSalesBilled)))
	w.Set("CreditsAvailable", fill.Formula("SUM("+ct.Range("Available")+")", fill.Money(td.CreditsAvailable)))
	days := fmt.Sprintf("MAX(0,NETWORKDAYS(%s+1,%s,%s))", w.Ref("AsOf"), w.Ref("QuarterEnd"), ht.Range("Date"))
	w.Set("BusinessDaysLeft", fill.Formula(days, fill.Int(td.BusinessDaysLeft)))
	page := map[string]string{}
	if td.Required != nil {
		w.Set("Minimum", fill.Money(*q.Minimum))
		w.Set("ShortfallAdded", fill.Money(q.ShortfallAdded))
		w.Set("Required", fill.Formula(w.Ref("Minimum")+"+"+w.Ref("ShortfallAdded"), fill.Money(*td.Required)))
		w.Set("Needed", fill.Formula(fmt.Sprintf("MAX(0,%s-%s-%s)", w.Ref("Required"), w.Ref("NetSalesBilled"), w.Ref("CreditsAvailable")), fill.Money(*td.Needed)))
		per := fill.Text("no business day left")
		if td.PerBusinessDay != nil {
			per = fill.Money(*td.PerBusinessDay)
		}
		w.Set("PerBusinessDay", fill.Formula(fmt.Sprintf(`IF(%s>0,ROUNDUP(%s/%s,2),"no business day left")`, w.Ref("BusinessDaysLeft"), w.Ref("Needed"), w.Ref("BusinessDaysLeft")), per))
		page["SalesRequired"], page["SalesNeeded"], page["SalesPerDay"] = "Required", "Needed", "PerBusinessDay"
	} else {
		for _, n := range []string{"Minimum", "Required", "Needed", "PerBusinessDay"} {
			w.Set(n, fill.Text("not defined"))
		}
		w.Set("ShortfallAdded", fill.Money(q.ShortfallAdded))
		for _, n := range []string{"SalesRequired", "SalesNeeded", "SalesPerDay"} {
			w.Set(n, fill.Text("not defined"))
		}
	}
	page["SalesNetBilled"], page["SalesPending"], page["SalesCredits"], page["SalesDaysLeft"] = "NetSalesBilled", "Pending", "CreditsAvailable", "BusinessDaysLeft"
	cached := map[string]fill.Value{
		"Required": fill.Blank(), "NetSalesBilled": fill.Money(td.NetSalesBilled), "Pending": fill.Money(td.Pending),
		"CreditsAvailable": fill.Money(td.CreditsAvailable), "BusinessDaysLeft": fill.Int(td.BusinessDaysLeft),
	}
	if td.Required != nil {
		cached["Required"], cached["Needed"] = fill.Money(*td.Required), fill.Money(*td.Needed)
		cached["PerBusinessDay"] = fill.Text("no business day left")
		if td.PerBusinessDay != nil {
			cached["PerBusinessDay"] = fill.Money(*td.PerBusinessDay)
		}
	}
	for front, sheet := range page {
		w.Set(front, fill.Formula(w.Ref(sheet), cached[sheet]))
	}
	w.SetOptional("SalesDaysLeftLabel", fill.Text("Business days left after "+calendar.Through(st.AsOf, q.End)))
	label := fmt.Sprintf("%s%s.", strings.ToUpper(quarterWords(q.Start, q.End)[:1])+quarterWords(q.Start, q.End)[1:], endsIn(q.End, st.AsOf))
	if td.Required == nil {
		label += " No Minimum Sales are set for it yet: the parties are to redefine them (§1.3)."
	} else if !td.Needed.IsPositive() {
		label += " Required is reached to date, counting the credits available."
	}
	w.SetParagraph("SalesQuarter", label)
	note := "Net Sales Billed counts Arrow CMS's invoices dated in the quarter by the as-of date: paid within their terms, or unpaid and not yet due (pending, counted provisionally); an invoice not paid within its terms does not count (§1.3). Business days leave out Saturdays, Sundays and the US federal holidays of sheet Holidays."
	w.SetOptional("SalesNote", fill.Text(note))

	// Day by day, for the chart: days after the as-of date are not known.
	dates := int(q.End.Sub(q.Start).Hours()/24) + 1
	dl := w.Table("Daily", dates)
	reqRef := ""
	if td.Required != nil {
		reqRef = w.Ref("Required")
	}
	cum := decimal.Zero
	dl.Rows(func(i int, row *fill.Row) {
		d := calendar.AddDays(q.Start, i)
		row.Set("Date", fill.Date(d))
		if reqRef != "" {
			row.Set("Required", fill.Formula(reqRef, fill.Money(*td.Required)))
		}
		if i >= len(td.Daily) {
			return
		}
		amt := td.Daily[i].Amount
		cum = cum.Add(amt)
		row.Set("Net Sales Billed That Day", fill.Formula(fmt.Sprintf(`SUMIFS(%s,%s,%s,%s,%s)+SUMIFS(%s,%s,%s,%s,%s)`, net, date, row.Ref("Date"), status, counted, net, date, row.Ref("Date"), status, pending), fill.Money(amt)))
		prev := ""
		if i > 0 {
			prev = fmt.Sprintf("%s%d+", dl.Col("Cumulative Net Sales Billed"), row.Num()-1)
		}
		row.Set("Cumulative Net Sales Billed", fill.Formula(prev+row.Ref("Net Sales Billed That Day"), fill.Money(cum)))
	})
	if w.Has("SalesChart") {
		sheet, cell := splitRef(w.Ref("SalesChart"))
		line := func(header, color string, dash excelize.LineDashType) excelize.ChartSeries {
			return excelize.ChartSeries{Name: headerRef(dl, header), Categories: dl.Range("Date"), Values: dl.Range(header),
				Line:   excelize.LineOptions{Type: excelize.LineSolid, Width: 1.75, Dash: dash},
				Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
				Marker: excelize.ChartMarker{Symbol: "none"}}
		}
		series := []excelize.ChartSeries{line("Cumulative Net Sales Billed", "1F4E79", excelize.LineDashSolid)}
		if reqRef != "" {
			series = append(series, line("Required", "C00000", excelize.LineDashDash))
		}
		xmin, xmax := calendar.ToSerial(q.Start), calendar.ToSerial(q.End)
		if err := w.Excelize().AddChart(sheet, cell, &excelize.Chart{
			// a scatter chart with lines: its date axis is a value axis,
			// labelled every week instead of crowding ninety-odd dates
			Type:   excelize.Scatter,
			Series: series,
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Cumulative Net Sales Billed against Required (§1.3)", Font: &excelize.Font{Size: 11, Bold: true}}}},
			Legend: excelize.ChartLegend{Position: "bottom"},
			XAxis:  excelize.ChartAxis{Font: excelize.Font{Size: 8, Color: "000000"}, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "mmm d"}, Minimum: &xmin, Maximum: &xmax, MajorUnit: 7},
			// no label at zero, where the date axis's first label is
			YAxis: excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: `$#,##0;-$#,##0;""`}, MajorGridLines: true, Font: excelize.Font{Size: 8, Color: "000000"}},
			// under the figures, within the page's columns and above the
			// day-by-day table
			Dimension: excelize.ChartDimension{Width: 760, Height: 250},
		}); err != nil {
			return err
		}
	}
	return nil
}

// renderMonth fills §1.2 this month and the breakdowns awaiting Arrow.
func renderMonth(w *fill.Workbook, st *Status) {
	m := st.Month
	et := w.Table("Exceptions", len(st.Exceptions))
	et.Rows(func(i int, row *fill.Row) {
		l := st.Exceptions[i]
		row.Set("PO Number", fill.Text(l.PONumber))
		row.Set("PO Line", fill.Int(l.POLine.POLine))
		row.Set("PO Date", fill.Date(l.PODate))
		row.Set("Supplier", fill.Text(l.Supplier))
		row.Set("Manufacturer", fill.Text(l.Manufacturer))
		row.Set("Part Number", fill.Text(l.PartNumber))
		row.Set("Quantity", fill.Number(l.Quantity))
		row.Set("Unit Cost", fill.Number(l.UnitCost))
		row.Set("Amount", fill.Formula(fmt.Sprintf("ROUND(%s*%s,2)", row.Ref("Quantity"), row.Ref("Unit Cost")), fill.Money(l.Amount)))
		row.Set("Reason", fill.Text(l.Reason))
		row.Set("Location", fill.Text(l.Location))
		row.Set("Ledger Row", fill.Int(l.Row))
	})
	et.AutoFilter()
	span := calendar.Span(m.Start, minDate(m.End, st.AsOf))
	if m.Start.Equal(minDate(m.End, st.AsOf)) {
		span = calendar.Long(m.Start)
	}
	w.Set("MonthLabel", fill.Text(fmt.Sprintf("%s (%s)", m.Start.Format("January 2006"), span)))
	w.Set("MonthLines", fill.Int(m.Lines))
	w.Set("ExceptionCount", fill.Formula("COUNT("+et.Range("Amount")+")", fill.Int(len(st.Exceptions))))
	w.Set("ExceptionSpend", fill.Formula("SUM("+et.Range("Amount")+")", fill.Money(m.Total(spend.Exception))))
	w.Set("MonthExceptions", fill.Formula(w.Ref("ExceptionCount"), fill.Int(len(st.Exceptions))))
	w.Set("MonthExceptionSpend", fill.Formula(w.Ref("ExceptionSpend"), fill.Money(m.Total(spend.Exception))))
	text := fmt.Sprintf("%s, the PO lines dated through %s: %s, %s of them franchised, %s bought from Arrow CMS.",
		m.Start.Format("January 2006"), calendar.Long(st.AsOf), plural(m.Lines, "PO line"), count(m.FranchisedLines), money.Dollars(m.Total(spend.Arrow)))
	w.SetParagraph("MonthText", text)

	at := w.Table("Awaiting", len(st.Awaiting))
	at.Rows(func(i int, row *fill.Row) {
		a := st.Awaiting[i]
		row.Set("PO Number", fill.Text(a.PONumber))
		line := "every line"
		if a.POLine > 0 {
			line = fmt.Sprint(a.POLine)
		}
		row.Set("PO Line", fill.Text(line))
		// a breakdown that names its location is about that location's PO
		// only (§1.2, §1.3); blank: the PO of the number, at one location
		row.Set("Location", fill.Text(a.Location))
		row.Set("Sent", fill.Date(a.Sent))
		row.Set("Response Hours", fill.Int(st.Hours))
		row.Set("Release At", fill.Formula(fmt.Sprintf("%s+%s/24", row.Ref("Sent"), row.Ref("Response Hours")), fill.Date(a.ReleaseAt)))
		if i < len(st.AwaitingLedger) {
			row.Set("Ledger", fill.Text(st.AwaitingLedger[i]))
		}
		row.Set("Ledger Row", fill.Int(a.Row))
	})
	w.Set("AwaitingCount", fill.Formula("COUNTA("+at.Range("PO Number")+")", fill.Int(len(st.Awaiting))))
	aw := "No breakdown is awaiting Arrow's answer."
	if len(st.Awaiting) > 0 {
		a := st.Awaiting[0]
		aw = fmt.Sprintf("The first %d hours run out on %s (PO number %s%s%s): unless Arrow CMS agrees to meet the terms by then, the placement elsewhere is released (§1.2).",
			st.Hours, calendar.LongAt(a.ReleaseAt), a.PONumber, lineWords(a.POLine), atLocation(a.Location))
	}
	w.SetParagraph("AwaitingText", aw)
}

// renderLoan fills the Loan sheet and page 1's block.
func renderLoan(w *fill.Workbook, st *Status, meta layout.Meta) {
	r := st.Result
	lt := meta.Terms.Loan
	names := []string{"LatestDate", "ReceivablesBase", "AdvanceRate", "IECCapacity", "MaximumLimit", "Letters", "BorrowingCapacity", "Advances",
		"Availability", "Overadvance", "DatedCap", "TermLoanReserve", "DayCap", "Headroom", "NextCapDate", "NextCapAmount"}
	blank := func() {
		for _, n := range names {
			w.Set(n, fill.Blank())
		}
		for _, n := range []string{"LoanAvailability", "LoanOveradvance", "LoanHeadroom"} {
			w.Set(n, fill.Blank())
		}
	}
	if !st.HasLoan {
		blank()
		w.SetParagraph("LoanFees", "No loan workbook was given (--loan): Amendment No. 10's obligations, its fees and its borrowing are not shown.")
		w.SetParagraph("LoanNextCap", "")
		w.SetOptional("LoanNote", fill.Text("No loan workbook was given (--loan)."))
		w.Table("Fees", 0)
		return
	}

	// The installments next due or late.
	var fees []loanfee.Installment
	nextSeen := false
	for _, it := range r.Fees.Installments {
		switch {
		case it.Status == loanfee.Late:
			fees = append(fees, it)
		case it.Status == loanfee.Open && !nextSeen:
			fees = append(fees, it)
			nextSeen = true
		}
	}
	ft := w.Table("Fees", len(fees))
	ft.Rows(func(i int, row *fill.Row) {
		it := fees[i]
		o := r.ByID(obligations.FeeID(it.ID))
		row.Set("Installment", fill.Text(o.Title))
		row.Set("Due Date", fill.Date(it.Due))
		row.Set("Amount", fill.Money(it.Amount))
		row.Set("Payable", fill.Money(it.Payable))
		row.Set("Paid", fill.Money(it.Applied()))
		row.Set("Still Owed", fill.Formula(fmt.Sprintf("MAX(0,%s-%s)", row.Ref("Payable"), row.Ref("Paid")), fill.Money(it.Outstanding())))
		row.Set("Status", fill.Text(o.Status.Words()))
	})
	var late, next []string
	for _, it := range fees {
		o := r.ByID(obligations.FeeID(it.ID))
		t := fmt.Sprintf("%s, %s still owed, due %s", o.Title, money.Dollars(it.Outstanding()), calendar.Long(it.Due))
		if it.Status == loanfee.Late {
			late = append(late, t)
		} else {
			next = append(next, t)
		}
	}
	var parts []string
	if len(late) > 0 {
		parts = append(parts, "Late: "+strings.Join(late, "; ")+".")
	}
	if len(next) > 0 {
		parts = append(parts, "Next due: "+strings.Join(next, "; ")+".")
	}
	if len(parts) == 0 {
		parts = append(parts, "Every Extension Fee installment is paid or waived (Amendment A.3).")
	}
	w.SetParagraph("LoanFees", "Extension Fee (Amendment A.3): "+strings.Join(parts, " "))

	nextCap := nextCapIndex(lt.OveradvanceCaps, st.AsOf)
	capText := capSentence(lt.OveradvanceCaps, st.AsOf)
	w.SetParagraph("LoanNextCap", capText)

	rep := r.Borrowing
	if rep == nil || len(rep.Days) == 0 {
		blank()
		w.SetOptional("LoanNote", fill.Text(fmt.Sprintf("The loan workbook has no Borrowing row dated by %s.", calendar.Long(st.AsOf))))
		w.SetOptional("LoanAvailabilityLabel", fill.Text("Availability: no Borrowing row"))
		return
	}
	d := latestRowDay(rep)
	b := d.Balances
	w.Set("LatestDate", fill.Date(b.Date))
	w.Set("ReceivablesBase", fill.Money(b.ReceivablesBase))
	w.Set("AdvanceRate", fill.Number(lt.AdvanceRate))
	w.Set("IECCapacity", fill.Formula(fmt.Sprintf("ROUND(%s*%s,2)", w.Ref("AdvanceRate"), w.Ref("ReceivablesBase")), fill.Money(d.IECCapacity)))
	w.Set("MaximumLimit", fill.Money(lt.MaximumLimit))
	letters := b.BankersAcceptances.Add(b.LettersOfGuaranty).Add(b.LettersOfCredit)
	if w.Has("BankersAcceptances") && w.Has("LettersOfGuaranty") && w.Has("LettersOfCredit") {
		w.Set("BankersAcceptances", fill.Money(b.BankersAcceptances))
		w.Set("LettersOfGuaranty", fill.Money(b.LettersOfGuaranty))
		w.Set("LettersOfCredit", fill.Money(b.LettersOfCredit))
		w.Set("Letters", fill.Formula(fmt.Sprintf("%s+%s+%s", w.Ref("BankersAcceptances"), w.Ref("LettersOfGuaranty"), w.Ref("LettersOfCredit")), fill.Money(letters)))
	} else {
		// a template of before the three rows
		w.Set("Letters", fill.Money(letters))
	}
	w.Set("BorrowingCapacity", fill.Formula(fmt.Sprintf("MIN(%s,%s)-%s", w.Ref("MaximumLimit"), w.Ref("IECCapacity"), w.Ref("Letters")), fill.Money(d.Capacity)))
	w.Set("Advances", fill.Money(b.Advances))
	w.Set("Availability", fill.Formula(w.Ref("BorrowingCapacity")+"-"+w.Ref("Advances"), fill.Money(d.Availability)))
	w.Set("Overadvance", fill.Formula(fmt.Sprintf("MAX(0,%s-%s)", w.Ref("Advances"), w.Ref("IECCapacity")), fill.Money(d.Overadvance)))
	w.Set("TermLoanReserve", fill.Money(b.TermLoanReserve))
	if d.HasDatedCap {
		w.Set("DatedCap", fill.Money(d.DatedCap))
		w.Set("DayCap", fill.Formula(fmt.Sprintf("MIN(%s,%s)", w.Ref("DatedCap"), w.Ref("TermLoanReserve")), fill.Money(d.Cap)))
	} else {
		w.Set("DatedCap", fill.Text("none in the terms"))
		w.Set("DayCap", fill.Formula(w.Ref("TermLoanReserve"), fill.Money(d.Cap)))
	}
	headroom := d.Cap.Sub(d.Overadvance)
	w.Set("Headroom", fill.Formula(w.Ref("DayCap")+"-"+w.Ref("Overadvance"), fill.Money(headroom)))
	if nextCap != nil {
		c := lt.OveradvanceCaps[*nextCap]
		w.Set("NextCapDate", fill.Date(c.From))
		w.Set("NextCapAmount", fill.Money(c.Amount))
	} else {
		w.Set("NextCapDate", fill.Text("none"))
		w.Set("NextCapAmount", fill.Blank())
	}
	w.Set("LoanAvailability", fill.Formula(w.Ref("Availability"), fill.Money(d.Availability)))
	w.Set("LoanOveradvance", fill.Formula(w.Ref("Overadvance"), fill.Money(d.Overadvance)))
	w.Set("LoanHeadroom", fill.Formula(w.Ref("Headroom"), fill.Money(headroom)))
	w.SetOptional("LoanAvailabilityLabel", fill.Text(fmt.Sprintf("Availability on %s (the latest Borrowing row)", calendar.Long(b.Date))))
	note := fmt.Sprintf("The latest Borrowing row dated by %s is of %s (%s, row %d). A negative headroom is an overadvance above the cap (Amendment B.1).", calendar.Long(st.AsOf), calendar.Long(b.Date), st.LoanFile, b.Row)
	w.SetOptional("LoanNote", fill.Text(note))
}

// latestRowDay is the day of the latest Borrowing row (not a later day its
// balances were carried to).
func latestRowDay(rep *borrowing.Report) borrowing.Day {
	for i := len(rep.Days) - 1; i >= 0; i-- {
		if rep.Days[i].HeldFrom.IsZero() {
			return rep.Days[i]
		}
	}
	return rep.Days[len(rep.Days)-1]
}

// defaultsText sums up the defaults map for page 1.
func defaultsText(ds []obligations.Default) string {
	if len(ds) == 0 {
		return "Nothing: the books show no Minimum Sales shortfall of an ended quarter, no notice of default from Arrow CMS, no late delivery under §1.2 and no breach of Amendment B.1."
	}
	var short, notices, late, loan int
	for _, d := range ds {
		switch {
		case strings.HasPrefix(d.Clause, "§1.3"):
			short++
		case d.Clause == "§4.1":
			notices++
		case strings.HasPrefix(d.Clause, "§1.2"):
			late++
		default:
			loan++
		}
	}
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(short, "Minimum Sales shortfall of an ended quarter", "Minimum Sales shortfalls of ended quarters")
	add(notices, "notice of default from Arrow CMS", "notices of default from Arrow CMS")
	add(late, "§1.2 delivery not recorded by its due date", "§1.2 deliveries not recorded by their due dates")
	add(loan, "run of days in breach of Amendment B.1", "runs of days in breach of Amendment B.1")
	return strings.Join(parts, "; ") + " (sheet Defaults, with the clauses that tie each to §4.1)."
}

// Sentence capitalizes text and ends it with a full stop ("" stays "").
func Sentence(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	text = strings.ToUpper(text[:1]) + text[1:]
	if !strings.HasSuffix(text, ".") {
		text += "."
	}
	return text
}

func quarterWords(start, end time.Time) string {
	return "the contract quarter from " + calendar.Through(start, end)
}

func endsIn(end, asOf time.Time) string {
	switch {
	case end.After(asOf):
		n := int(end.Sub(asOf).Hours() / 24)
		return fmt.Sprintf(", which ends in %s", plural(n, "day"))
	case end.Equal(asOf):
		return ", which ends today"
	}
	return ""
}

// atLocation names a breakdown's location, when it names one.
func atLocation(loc string) string {
	if loc == "" {
		return ""
	}
	return ", at " + loc
}

func lineWords(n int) string {
	if n == 0 {
		return ", every line"
	}
	return fmt.Sprintf(", line %d", n)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return count(n) + " " + noun + "s"
}

func count(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func minDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func splitRef(ref string) (sheet, cell string) {
	sheet, cell, _ = strings.Cut(ref, "!")
	sheet = strings.Trim(sheet, "'")
	sheet = strings.ReplaceAll(sheet, "''", "'")
	return sheet, strings.ReplaceAll(cell, "$", "")
}

// headerRef is the absolute reference of a table column's header cell.
func headerRef(t *fill.Table, h string) string {
	rng := t.Range(h)
	sheet, _, _ := strings.Cut(rng, "!")
	return fmt.Sprintf("%s!$%s$%d", sheet, t.Col(h), t.FirstRow()-1)
}

// nextCapIndex returns the index of the overadvance cap that starts next
// after asOf, or nil when none does.
func nextCapIndex(caps []terms.DatedAmount, asOf time.Time) *int {
	var next *int
	for i, c := range caps {
		if c.From.After(asOf) && (next == nil || c.From.Before(caps[*next].From)) {
			i := i
			next = &i
		}
	}
	return next
}

// capSentence says what the overadvance cap does next after asOf (Amendment
// B.1): its next change, or, when none is to come, the cap in force on asOf
// as the borrowing computation finds it (DatedAmount.Covers), with its end
// if it has one.
func capSentence(caps []terms.DatedAmount, asOf time.Time) string {
	if i := nextCapIndex(caps, asOf); i != nil {
		c := caps[*i]
		if !c.Amount.IsPositive() {
			return fmt.Sprintf("The overadvance cap changes next on %s: from then no Overadvances are permitted (Amendment B.1).", calendar.Long(c.From))
		}
		return fmt.Sprintf("The overadvance cap changes next on %s: at most %s from then (Amendment B.1).", calendar.Long(c.From), money.Dollars(c.Amount))
	}
	for _, c := range caps {
		if !c.Covers(asOf) {
			continue
		}
		until := " on"
		if !c.To.IsZero() {
			until = " through " + calendar.Long(c.To)
		}
		if !c.Amount.IsPositive() {
			return fmt.Sprintf("Amendment B.1 sets no later change of the overadvance cap: no Overadvances are permitted from %s%s.", calendar.Long(c.From), until)
		}
		return fmt.Sprintf("Amendment B.1 sets no later change of the overadvance cap: at most %s from %s%s.", money.Dollars(c.Amount), calendar.Long(c.From), until)
	}
	return "Amendment B.1 sets no later change of the overadvance cap."
}
