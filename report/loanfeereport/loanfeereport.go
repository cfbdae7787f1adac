// Package loanfeereport lays the Extension Fee of Amendment No. 10 (a
// loanfee.Schedule) into its template: the Summary (terms, totals, statement, how
// each event was applied), the Schedule of installments, the Credits the Agent
// holds, the Amortization by month with a chart of the balance, the Journal and
// the Audit sheet. Wherever an amount is arithmetic (payable = amount - waived,
// outstanding = payable - paid + credit, closing = opening - waiver - expense -
// write-off, the totals) it is a live formula carrying its cached value, equal to
// the decimal result.
package loanfeereport

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/layout"
	"github.com/covenant-reports/covenant/report/loanfee"
)

// Render fills w with s; meta says where it came from (the Audit sheet).
func Render(w *fill.Workbook, s *loanfee.Schedule, meta layout.Meta) error {
	l := meta.Terms.Loan
	w.PrintHeader(fill.PageHeader{Left: l.Borrower, Center: "Loan Extension Fee (Amendment No. 10, A.3)", Right: "As of " + calendar.Long(s.AsOf)})

	sched := w.Table("Schedule", len(s.Installments))
	sched.Rows(func(i int, r *fill.Row) {
		it := &s.Installments[i]
		r.Set("Installment", fill.Text(it.Name))
		r.Set("Fee", fill.Text(loanfee.FeeName(it.Fee)))
		r.Set("Due Date", fill.Date(it.Due))
		r.Set("Amount", fill.Money(it.Amount))
		r.Set("Waived On", fill.Date(it.WaivedOn))
		// waived whole or not at all: by the date of the event that waived it
		r.Set("Waived", fill.Formula(fmt.Sprintf("IF(ISNUMBER(%s),%s,0)", r.Ref("Waived On"), r.Ref("Amount")), fill.Money(it.WaivedAmount)))
		r.Set("Waiver Basis", fill.Text(it.Basis))
		r.Set("Payable", fill.Formula(r.Ref("Amount")+"-"+r.Ref("Waived"), fill.Money(it.Payable)))
		r.Set("Paid", fill.Money(it.Paid))
		r.Set("Credit", money(it.Credit))
		r.Set("Outstanding", fill.Formula(r.Ref("Payable")+"-"+r.Ref("Paid")+"+"+r.Ref("Credit"), fill.Money(it.Outstanding())))
		r.Set("Status", fill.Text(StatusText(it, s.AsOf)))
		r.Set("Last Payment", fill.Date(it.LastPayment))
	})
	pays := w.Table("Payments", len(s.Applied))
	pays.Rows(func(i int, r *fill.Row) {
		p := &s.Applied[i]
		r.Set("Date", fill.Date(p.Date))
		r.Set("Amount", fill.Money(p.Amount))
		named := "none: the installments open that day, oldest due first"
		if p.Installment != "" {
			named = s.InstallmentName(p.Installment)
		}
		r.Set("Installment Named", fill.Text(named))
		r.Set("Applied", fill.Text(p.Memo))
		if n, ok := rowOf(p.Where); ok {
			r.Set("Ledger Row", fill.Int(n))
		}
	})
	credits := w.Table("Credits", len(s.Credits))
	credits.Rows(func(i int, r *fill.Row) {
		c := &s.Credits[i]
		r.Set("Date", fill.Date(c.Date))
		r.Set("Amount", fill.Money(c.Amount))
		on := "none named"
		if c.Installment != "" {
			on = s.InstallmentName(c.Installment)
		}
		r.Set("Installment", fill.Text(on))
		r.Set("How It Arose", fill.Text(CreditKindText(*c)))
		r.Set("Basis", fill.Text(c.Basis))
	})
	amort := w.Table("Amortization", len(s.Months))
	journal := w.Table("Journal", journalLines(s))

	sum := func(t *fill.Table, header string, v decimal.Decimal) fill.Value {
		return fill.Formula("SUM("+t.Range(header)+")", fill.Money(v))
	}
	onInstallments := s.Credit.Sub(s.Unapplied) // the credits that arose on an installment
	w.SetOptional("ScheduleAmount", sum(sched, "Amount", s.Scheduled))
	w.SetOptional("ScheduleWaived", sum(sched, "Waived", s.Waived))
	w.SetOptional("SchedulePayable", sum(sched, "Payable", s.Payable))
	w.SetOptional("SchedulePaid", sum(sched, "Paid", s.Paid))
	w.SetOptional("ScheduleCredit", sum(sched, "Credit", onInstallments))
	w.SetOptional("ScheduleOutstanding", sum(sched, "Outstanding", s.Outstanding))
	paid := decimal.Zero
	for _, p := range s.Applied {
		paid = paid.Add(p.Amount)
	}
	w.SetOptional("PaymentsTotal", sum(pays, "Amount", paid))
	w.SetOptional("CreditsTotal", sum(credits, "Amount", s.Credit))

	waivedOn, waived := sched.Range("Waived On"), sched.Range("Waived")
	closingCol := amort.Col("Closing Balance")
	amort.Rows(func(i int, r *fill.Row) {
		m := &s.Months[i]
		r.Set("Month", fill.Text(m.Start.Format("Jan 2006")))
		r.Set("From", fill.Date(m.From))
		r.Set("To", fill.Date(m.To))
		if m.Days > 0 {
			r.Set("Days", fill.Formula(fmt.Sprintf("%s-%s+1", r.Ref("To"), r.Ref("From")), fill.Int(m.Days)))
			r.Set("Days Left", fill.Int(m.Remaining))
		} else {
			r.Set("Days", fill.Int(0))
			r.Set("Days Left", fill.Blank())
		}
		opening, waiver, reversed, expense, wo := r.Ref("Opening Balance"), r.Ref("Waiver Reduction"), r.Ref("Expense Reversed"), r.Ref("Expense"), r.Ref("Write-off")
		if i == 0 {
			// the fee booked on execution: the installments as scheduled
			r.Set("Opening Balance", fill.Formula("SUM("+sched.Range("Amount")+")", fill.Money(m.Opening)))
		} else {
			r.Set("Opening Balance", fill.Formula(closingCol+strconv.Itoa(r.Num()-1), fill.Money(m.Opening)))
		}
		// the installments waived in the month (the first month takes those
		// waived before execution too)
		crit := fmt.Sprintf(`%s,"<="&%s`, waivedOn, dateExpr(calendar.MonthEnd(m.Start)))
		if i > 0 {
			crit = fmt.Sprintf(`%s,">="&%s,%s`, waivedOn, dateExpr(m.Start), crit)
		}
		r.Set("Waiver Reduction", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s)", waived, crit), fill.Money(m.WaiverReduction)))
		parts, reversals := spans(m, opening, waiver)
		if m.Reversed.IsPositive() {
			r.Set("Expense Reversed", fill.Formula(fmt.Sprintf("ROUND(%s,2)", reversals), fill.Money(m.Reversed)))
		} else {
			r.Set("Expense Reversed", fill.Blank())
		}
		switch {
		case m.Plain:
			r.Set("Expense", fill.Formula(fmt.Sprintf("ROUND(%s*%s/%s,2)", opening, r.Ref("Days"), r.Ref("Days Left")), fill.Money(m.Expense)))
		case m.Residue == "expense":
			r.Set("Expense", fill.Formula(fmt.Sprintf("%s-%s+%s-%s", opening, waiver, reversed, wo), fill.Money(m.Expense)))
		case parts != "":
			r.Set("Expense", fill.Formula(fmt.Sprintf("ROUND(%s,2)", parts), fill.Money(m.Expense)))
		default:
			r.Set("Expense", fill.Blank())
		}
		switch {
		case m.Residue == "write-off":
			r.Set("Write-off", fill.Formula(fmt.Sprintf("%s-%s+%s-%s", opening, waiver, reversed, expense), fill.Money(m.WrittenOff)))
		default:
			r.Set("Write-off", fill.Blank())
		}
		r.Set("Closing Balance", fill.Formula(fmt.Sprintf("%s-%s+%s-%s-%s", opening, waiver, reversed, expense, wo), fill.Money(m.Closing)))
		r.Set("Basis", fill.Text(m.Basis))
	})
	w.SetOptional("AmortWaiver", sum(amort, "Waiver Reduction", sumMonths(s, func(m loanfee.Month) decimal.Decimal { return m.WaiverReduction })))
	w.SetOptional("AmortReversed", sum(amort, "Expense Reversed", s.Reversed))
	gross := s.TotalExpense.Add(s.Reversed)
	w.SetOptional("AmortExpense", sum(amort, "Expense", gross))
	w.SetOptional("AmortWrittenOff", sum(amort, "Write-off", s.WrittenOff))

	// each journal amount refers to its figure on the other sheets
	source := func(e *loanfee.Entry) string {
		src := e.Source
		switch src.Kind {
		case loanfee.FromFee:
			return w.Ref("ScheduleAmount")
		case loanfee.FromWaivers:
			var refs []string
			for _, i := range src.Installments {
				refs = append(refs, absCell(sched, "Waived", sched.FirstRow()+i))
			}
			return strings.Join(refs, "+")
		case loanfee.FromPayment:
			return absCell(pays, "Amount", pays.FirstRow()+src.Payment)
		case loanfee.FromExpense:
			return absCell(amort, "Expense", amort.FirstRow()+src.Month)
		case loanfee.FromReversal:
			return absCell(amort, "Expense Reversed", amort.FirstRow()+src.Month)
		case loanfee.FromWriteOff:
			return absCell(amort, "Write-off", amort.FirstRow()+src.Month)
		}
		return ""
	}
	type jline struct {
		e *loanfee.Entry
		l loanfee.Line
		i int
	}
	var lines []jline
	debits := decimal.Zero
	for k := range s.Journal {
		e := &s.Journal[k]
		for i, ln := range e.Lines {
			lines = append(lines, jline{e, ln, i})
			debits = debits.Add(ln.Debit)
		}
	}
	journal.Rows(func(i int, r *fill.Row) {
		jl := lines[i]
		ref := source(jl.e)
		amount := func(d decimal.Decimal) fill.Value {
			if d.IsZero() {
				return fill.Blank()
			}
			if ref == "" {
				return fill.Money(d)
			}
			return fill.Formula(ref, fill.Money(d))
		}
		r.Set("Entry", fill.Int(jl.e.No))
		r.Set("Date", fill.Date(jl.e.Date))
		r.Set("Account", fill.Text(jl.l.Account))
		r.Set("Debit", amount(jl.l.Debit))
		r.Set("Credit", amount(jl.l.Credit))
		if jl.i == 0 {
			r.Set("Memo", fill.Text(jl.e.Memo))
		}
	})
	w.SetOptional("JournalDebits", sum(journal, "Debit", debits))
	w.SetOptional("JournalCredits", sum(journal, "Credit", debits))

	// Summary
	w.SetOptional("Borrower", fill.Text(l.Borrower))
	w.SetOptional("Agent", fill.Text(l.Agent))
	w.SetOptional("Lenders", fill.Text(strings.Join(l.Lenders, "; ")))
	w.Set("Execution", fill.Date(s.Execution))
	w.Set("TermEnd", fill.Date(s.TermEnd))
	fp := "none recorded as of " + calendar.Long(s.AsOf)
	if !s.FullPayment.IsZero() {
		fp = calendar.Long(s.FullPayment)
	}
	w.SetOptional("FullPayment", fill.Text(fp))
	w.Set("AsOf", fill.Date(s.AsOf))
	w.SetOptional("PreparedBy", fill.Text(meta.PreparedBy))
	w.Set("Scheduled", sum(sched, "Amount", s.Scheduled))
	w.Set("Waived", sum(sched, "Waived", s.Waived))
	w.Set("Payable", sum(sched, "Payable", s.Payable))
	// paid against the installments: what was paid on them less what became a credit
	w.Set("Paid", fill.Formula(fmt.Sprintf("SUM(%s)-SUM(%s)", sched.Range("Paid"), sched.Range("Credit")), fill.Money(s.Paid.Sub(onInstallments))))
	w.SetOptional("Outstanding", fill.Formula(w.Ref("Payable")+"-"+w.Ref("Paid"), fill.Money(s.Outstanding)))
	w.SetOptional("Credit", sum(credits, "Amount", s.Credit))
	if w.Has("NetOwed") {
		w.Set("NetOwed", fill.Formula(w.Ref("Outstanding")+"-"+w.Ref("Credit"), fill.Money(s.Outstanding.Sub(s.Credit))))
	}
	w.SetOptional("GrossExpense", sum(amort, "Expense", gross))
	w.SetOptional("ReversedExpense", sum(amort, "Expense Reversed", s.Reversed))
	w.Set("TotalExpense", fill.Formula(fmt.Sprintf("SUM(%s)-SUM(%s)", amort.Range("Expense"), amort.Range("Expense Reversed")), fill.Money(s.TotalExpense)))
	w.Set("WrittenOff", sum(amort, "Write-off", s.WrittenOff))
	w.SetOptional("Check", fill.Formula(fmt.Sprintf("%s+%s-%s", w.Ref("TotalExpense"), w.Ref("WrittenOff"), w.Ref("Payable")),
		fill.Money(s.TotalExpense.Add(s.WrittenOff).Sub(s.Payable))))
	statement := Statement(s)
	w.SetOptional("Statement", fill.Text(statement))
	w.FitRow("Statement", statement)
	notes := strings.Join(s.Notes, "\n")
	w.SetOptional("Notes", fill.Text(notes))
	w.FitRow("Notes", notes)

	if w.Has("BalanceChart") && len(s.Months) > 0 {
		if err := balanceChart(w, amort); err != nil {
			return err
		}
	}
	layout.AuditTable(w, meta, append([]string{
		fmt.Sprintf("Amortization by actual days from %s through %s; each month rounded to the cent, the last month or the write-off takes the residue", calendar.Long(s.Execution), calendar.Long(s.AmortizationEnd)),
		"Payments are applied in date order, each as of its own date: to the installment named in the Installment column, else to the installments open on that date (not paid in full, not waived by then), oldest due first; a waiver takes effect on its event's date, before that day's payments",
		"What a waiver leaves paid on its installment, a payment on an installment already waived, and what a payment pays beyond what it can be applied to are credits with the Agent, to apply to an installment still owed or to refund; covenant does not apply them (the loan workbook records neither)",
		"An installment is paid late when the payment that completes it is dated after its due date; the days late are counted from the due date to that payment",
		"A waiver larger than the unamortized balance left on its day reverses the part of it already expensed (Expense Reversed), in a journal entry of its own",
	}, s.Notes...), s.Warnings)
	return nil
}

// journalLines counts the lines of the journal's entries.
func journalLines(s *loanfee.Schedule) int {
	n := 0
	for _, e := range s.Journal {
		n += len(e.Lines)
	}
	return n
}

// dateExpr is a date in a formula: DATE(2002,12,31).
func dateExpr(t time.Time) string {
	return fmt.Sprintf("DATE(%d,%d,%d)", t.Year(), int(t.Month()), t.Day())
}

// spans writes a month's expense and reversal as formulas over its opening
// balance, as loanfee computes them: each run of days takes its share of the
// balance left, each waiver then comes off it, and what a waiver takes beyond
// the balance left is expense reversed. Empty when nothing was spread.
func spans(m *loanfee.Month, opening, waiverCell string) (parts, reversals string) {
	x := opening
	waivers := 0
	for _, sp := range m.Spans {
		if sp.Waiver.IsPositive() {
			waivers++
		}
	}
	var ps, rs []string
	for _, sp := range m.Spans {
		left := x
		if sp.Days > 0 {
			part := fmt.Sprintf("%s*%d/%d", paren(x), sp.Days, sp.Left)
			ps = append(ps, part)
			left = fmt.Sprintf("%s-%s", x, part)
		}
		if sp.Waiver.IsPositive() {
			w := money2(sp.Waiver)
			if waivers == 1 {
				w = waiverCell // the month's one waiver: its Waiver Reduction
			}
			rs = append(rs, fmt.Sprintf("MAX(0,%s-(%s))", w, left))
			x = fmt.Sprintf("MAX(0,%s-%s)", left, w)
		} else {
			x = left
		}
	}
	return strings.Join(ps, "+"), strings.Join(rs, "+")
}

// paren puts an expression in parentheses unless it is a cell or a function.
func paren(x string) string {
	if strings.ContainsAny(x, "+-") && !strings.HasPrefix(x, "MAX(") {
		return "(" + x + ")"
	}
	return x
}

func money2(d decimal.Decimal) string { return d.StringFixed(2) }

// rowOf reads the row out of a place such as "Fee Payments row 4".
func rowOf(where string) (int, bool) {
	i := strings.LastIndex(where, "row ")
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(where[i+4:]))
	return n, err == nil
}

// absCell is the absolute reference of a table column's cell in row.
func absCell(t *fill.Table, header string, row int) string {
	rng := t.Range(header)
	sheet, _, _ := strings.Cut(rng, "!")
	return fmt.Sprintf("%s!$%s$%d", sheet, t.Col(header), row)
}

// money is an amount, or a blank cell for zero (one side of a journal line).
func money(d decimal.Decimal) fill.Value {
	if d.IsZero() {
		return fill.Blank()
	}
	return fill.Money(d)
}

func sumMonths(s *loanfee.Schedule, f func(loanfee.Month) decimal.Decimal) decimal.Decimal {
	t := decimal.Zero
	for _, m := range s.Months {
		t = t.Add(f(m))
	}
	return t
}

// StatusText is an installment's status in words, as of asOf: "Paid late, 3
// days", "Late, 4 days".
func StatusText(it *loanfee.Installment, asOf time.Time) string {
	switch it.Status {
	case loanfee.PaidLate:
		return "Paid late, " + days(it.DaysLate(asOf))
	case loanfee.Late:
		return "Late, " + days(it.DaysLate(asOf))
	case loanfee.Paid:
		return "Paid"
	case loanfee.Open:
		return "Open"
	case loanfee.Waived:
		return "Waived"
	}
	return string(it.Status)
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// CreditKindText says how a credit arose, in words.
func CreditKindText(c loanfee.Credit) string {
	switch {
	case c.Kind == loanfee.CreditWaived && c.ByWaiver:
		return "paid before the installment was waived"
	case c.Kind == loanfee.CreditWaived:
		return "paid after the installment was waived"
	case c.Kind == loanfee.CreditOverpaid:
		return "paid beyond what the installment owed"
	case c.Kind == loanfee.CreditUnapplied:
		return "paid beyond every installment open that day"
	}
	return c.Kind
}

// Statement says in one paragraph what is owed, what was waived, what the Agent
// holds as a credit, what was expensed (and reversed) and what was written off
// at Full Payment.
func Statement(s *loanfee.Schedule) string {
	var late, paidLate []string
	for i := range s.Installments {
		it := &s.Installments[i]
		switch it.Status {
		case loanfee.Late:
			late = append(late, fmt.Sprintf("the %s (%s due %s, %s)", it.Name, fill.Dollars(it.Outstanding()), calendar.Long(it.Due), days(it.DaysLate(s.AsOf))))
		case loanfee.PaidLate:
			paidLate = append(paidLate, fmt.Sprintf("the %s (due %s, paid in full %s: %s)", it.Name, calendar.Long(it.Due), calendar.Long(it.PaidOn), days(it.DaysLate(s.AsOf))))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "As of %s, of the %s Extension Fee %s was waived and %s is payable; %s has been paid against it and %s is still owed.",
		calendar.Long(s.AsOf), fill.Dollars(s.Scheduled), fill.Dollars(s.Waived), fill.Dollars(s.Payable), fill.Dollars(s.Payable.Sub(s.Outstanding)), fill.Dollars(s.Outstanding))
	if len(late) > 0 {
		fmt.Fprintf(&b, " Late: %s.", strings.Join(late, "; "))
	}
	if len(paidLate) > 0 {
		fmt.Fprintf(&b, " Paid late: %s.", strings.Join(paidLate, "; "))
	}
	if s.Credit.IsPositive() {
		fmt.Fprintf(&b, " The Agent also holds %s paid that no installment owes (see Credits), %s", fill.Dollars(s.Credit), s.CreditUse())
		switch net := s.Outstanding.Sub(s.Credit); {
		case !s.Outstanding.IsPositive():
		case net.IsPositive():
			fmt.Fprintf(&b, "; less that credit, %s would be owed", fill.Dollars(net))
		default:
			fmt.Fprintf(&b, "; it would cover what is still owed, with %s left to refund", fill.Dollars(net.Neg()))
		}
		b.WriteString(".")
	}
	gross := s.TotalExpense.Add(s.Reversed)
	fmt.Fprintf(&b, " Amortization expensed from %s through %s: %s", calendar.Long(s.Execution), calendar.Long(s.AmortizationEnd), fill.Dollars(gross))
	if s.Reversed.IsPositive() {
		fmt.Fprintf(&b, ", of which %s is reversed, waived after it had been expensed, for %s net", fill.Dollars(s.Reversed), fill.Dollars(s.TotalExpense))
	}
	b.WriteString(".")
	switch {
	case !s.FullPayment.IsZero() && s.FullPayment.After(s.TermEnd):
		fmt.Fprintf(&b, " Full Payment on %s came after the Initial Term: nothing was written off.", calendar.Long(s.FullPayment))
	case !s.FullPayment.IsZero():
		fmt.Fprintf(&b, " Written off at Full Payment on %s: %s.", calendar.Long(s.FullPayment), fill.Dollars(s.WrittenOff))
	case s.WrittenOff.IsPositive():
		fmt.Fprintf(&b, " Written off: %s.", fill.Dollars(s.WrittenOff))
	}
	b.WriteString(" The figures are those of the tables, which govern.")
	return b.String()
}

// sheetOf returns the unquoted sheet name of a reference like 'My Sheet'!$A$1:$A$3.
func sheetOf(ref string) string {
	sheet, _, _ := strings.Cut(ref, "!")
	return strings.ReplaceAll(strings.Trim(sheet, "'"), "''", "'")
}

// balanceChart draws the unamortized balance at the end of each month.
func balanceChart(w *fill.Workbook, t *fill.Table) error {
	anchor := w.Ref("BalanceChart")
	sheet := sheetOf(anchor)
	_, cell, _ := strings.Cut(anchor, "!")
	cell = strings.ReplaceAll(cell, "$", "")
	// a series is named by its column's header cell
	header := func(h string) string {
		return fmt.Sprintf("%s!$%s$%d", fill.SheetRef(sheetOf(t.Range(h))), t.Col(h), t.FirstRow()-1)
	}
	axisFont := excelize.Font{Size: 8, Color: "000000"}
	return w.Excelize().AddChart(sheet, cell, &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: header("Closing Balance"), Categories: t.Range("Month"), Values: t.Range("Closing Balance"),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}},
			{Name: header("Expense"), Categories: t.Range("Month"), Values: t.Range("Expense"),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"A5A5A5"}}},
		},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Deferred Extension Fee: balance and expense by month"}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		YAxis:  excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: axisFont},
		XAxis:  excelize.ChartAxis{Font: axisFont, TickLabelPosition: excelize.ChartTickLabelLow},
		Format: excelize.GraphicOptions{ScaleX: 1.5, ScaleY: 1.1},
	})
}
