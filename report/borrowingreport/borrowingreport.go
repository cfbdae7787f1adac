// Package borrowingreport lays a borrowing.Report (Amendment No. 10 B.1 and B.2)
// into its template: the summary with the terms, figures and a chart of advances
// against capacity and the overadvance ceiling; the daily table; the breaches;
// the findings (days over the Borrowing Capacity without a breach); the monthly
// interest accrual, marked incomplete where a balance had no rate, with its
// journal entries; the daily interest; and the audit trail. Every amount derived
// from the balances is a live formula over the row's own cells with its cached
// value, equal to the decimal result.
package borrowingreport

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/borrowing"
	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/layout"
	"github.com/covenant-reports/covenant/report/terms"
)

// Notes are the report's statements of method, on the audit sheet.
var Notes = []string{
	"Days: every calendar day from the first to the last row of the Borrowing sheet; a row's balances and Prime Rate hold until the next row's date, so a Friday's balances stand on Saturday and Sunday (and a holiday), are tested against that day's cap and accrue interest.",
	"Breaches are reported per calendar day and rule, weekends and holidays included: B.1 limits the overadvances and advances outstanding \"at any one time\", the caps change by calendar date (October 14, 21 and 28, 2002), and interest accrues on the same days, so a Friday overadvance above the cap is a breach on Saturday and Sunday too. The in-place Breach column sums up the days each row covers, with their dates.",
	"IEC Borrowing Capacity = advance rate x Receivables Borrowing Base, rounded half away from zero to the cent; Borrowing Capacity = the lesser of the Maximum Limit and the IEC Borrowing Capacity, less banker's acceptances, letters of guaranty and letters of credit; Availability = Borrowing Capacity - Advances (negative: over capacity); Overadvance = Advances above the IEC Borrowing Capacity (B.1).",
	"Overadvance Cap = the B.1 cap in force on the day, never above that day's Term Loan Reserve. An overadvance above the dated cap breaks the overadvance cap, above the Term Loan Reserve the Term Loan Reserve rule (both when above both); advances above the Maximum Limit break the Maximum Limit. Advance Ceiling = the lesser of the Maximum Limit and the IEC Borrowing Capacity plus the cap: the most the advances could be without a breach.",
	"Findings: a day that breaks none of the three rules on which the advances exceed the Borrowing Capacity is a finding (amount = the advances, limit = the Borrowing Capacity), one a day, on the Findings sheet: an overadvance within its cap, which the Lenders may permit in their sole discretion (B.1), or banker's acceptances, letters of guaranty and letters of credit using the rest of the capacity. It is not a breach, and the advances did not stay within the Borrowing Capacity that day.",
	"Interest (B.2): Advances x (Prime Rate + advances margin) and Term Loan Balance x (Prime Rate + term loan margin) / 100 / the day-count basis, each day unrounded; each month's total is the exact sum rounded half away from zero to the cent; the total interest is the sum of the rounded amounts. A day with a balance that no pricing-grid period prices has no interest figure (\"no rate\" on Interest Detail, not $0.00): its month is marked incomplete and its journal entry says so.",
}

// Render fills w with r.
func Render(w *fill.Workbook, r *borrowing.Report, meta layout.Meta) error {
	lt := r.Terms
	w.PrintHeader(fill.PageHeader{Left: lt.Borrower, Center: "Borrowing capacity and interest (Amendment No. 10)",
		Right: calendar.Span(r.First, r.Last)})
	w.Set("Borrower", fill.Text(lt.Borrower))
	w.SetOptional("Agent", fill.Text(lt.Agent))
	w.Set("FirstDate", fill.Date(r.First))
	w.Set("LastDate", fill.Date(r.Last))
	w.SetOptional("AsOf", fill.Date(meta.AsOf))
	w.SetOptional("PreparedBy", fill.Text(meta.PreparedBy))
	w.SetOptional("MaximumLimit", fill.Money(lt.MaximumLimit))
	w.SetOptional("AdvanceRate", fill.Number(lt.AdvanceRate))
	w.SetOptional("CapSchedule", fill.Text(capSchedule(lt)))
	w.FitRow("CapSchedule", capSchedule(lt))
	w.SetOptional("PricingGrid", fill.Text(pricingGrid(lt)))
	w.FitRow("PricingGrid", pricingGrid(lt))
	w.SetOptional("DayCountBasis", fill.Text(fmt.Sprintf("actual/%d", lt.DayCountBasis)))

	rate := lt.AdvanceRate.String()
	maxLimit := lt.MaximumLimit.String()
	daily := w.Table("Daily", len(r.Days))
	daily.Rows(func(i int, row *fill.Row) {
		d := &r.Days[i]
		b := d.Balances
		row.Set("Date", fill.Date(d.Date))
		row.Set("Held From", fill.Date(d.HeldFrom))
		row.Set("Ledger Row", fill.Int(d.Row))
		row.Set("Receivables Borrowing Base", fill.Money(b.ReceivablesBase))
		row.Set("Advances", fill.Money(b.Advances))
		row.Set("Banker's Acceptances", fill.Money(b.BankersAcceptances))
		row.Set("Letters of Guaranty", fill.Money(b.LettersOfGuaranty))
		row.Set("Letters of Credit", fill.Money(b.LettersOfCredit))
		row.Set("Term Loan Reserve", fill.Money(b.TermLoanReserve))
		// the day again at the head of the second printed page
		row.Set("Day", fill.Formula(row.Ref("Date"), fill.Date(d.Date)))
		iec := row.Ref("IEC Borrowing Capacity")
		row.Set("IEC Borrowing Capacity", fill.Formula(fmt.Sprintf("ROUND(%s*%s,2)", rate, row.Ref("Receivables Borrowing Base")), fill.Money(d.IECCapacity)))
		row.Set("Borrowing Capacity", fill.Formula(fmt.Sprintf("MIN(%s,%s)-%s-%s-%s", maxLimit, iec, row.Ref("Banker's Acceptances"), row.Ref("Letters of Guaranty"), row.Ref("Letters of Credit")), fill.Money(d.Capacity)))
		row.Set("Availability", fill.Formula(fmt.Sprintf("%s-%s", row.Ref("Borrowing Capacity"), row.Ref("Advances")), fill.Money(d.Availability)))
		row.Set("Overadvance", fill.Formula(fmt.Sprintf("MAX(0,%s-%s)", row.Ref("Advances"), iec), fill.Money(d.Overadvance)))
		row.Set("Overadvance Cap", fill.Money(d.Cap))
		row.Set("Advance Ceiling", fill.Formula(fmt.Sprintf("MIN(%s,%s+%s)", maxLimit, iec, row.Ref("Overadvance Cap")), fill.Money(d.Ceiling)))
		row.Set("Compliant", fill.Text(yesNo(d.Compliant())))
		row.Set("Breach", fill.Text(d.Describe()))
	})
	daily.AutoFilter()
	w.SetOptional("Days", fill.Formula(fmt.Sprintf("COUNT(%s)", daily.Range("Date")), fill.Int(len(r.Days))))
	peak, lowest, largest := r.Days[0].Balances.Advances, r.Days[0].Availability, r.Days[0].Overadvance
	for _, d := range r.Days {
		peak = decimal.Max(peak, d.Balances.Advances)
		lowest = decimal.Min(lowest, d.Availability)
		largest = decimal.Max(largest, d.Overadvance)
	}
	w.SetOptional("PeakAdvances", fill.Formula("MAX("+daily.Range("Advances")+")", fill.Money(peak)))
	w.SetOptional("LowestAvailability", fill.Formula("MIN("+daily.Range("Availability")+")", fill.Money(lowest)))
	w.SetOptional("LargestOveradvance", fill.Formula("MAX("+daily.Range("Overadvance")+")", fill.Money(largest)))
	w.SetOptional("DaysInBreach", fill.Formula(fmt.Sprintf("COUNTIF(%s,%s)", daily.Range("Compliant"), layout.Criterion("No")), fill.Int(r.DaysInBreach())))

	// a breach's and a finding's figures are its day's on the Daily sheet
	dayCell := func(header string, d time.Time) string {
		k := calendar.DaysInclusive(r.First, d) - 1
		rng := daily.Range(header)
		sheet, _, _ := strings.Cut(rng, "!")
		return fmt.Sprintf("%s!$%s$%d", sheet, daily.Col(header), daily.FirstRow()+k)
	}
	refOr := func(ref string, shown, want decimal.Decimal) fill.Value {
		if shown.Equal(want) {
			return fill.Formula(ref, fill.Money(want))
		}
		return fill.Money(want)
	}
	dayOf := func(t time.Time) *borrowing.Day { return &r.Days[calendar.DaysInclusive(r.First, t)-1] }
	br := w.Table("Breaches", len(r.Breaches))
	br.Rows(func(i int, row *fill.Row) {
		b := r.Breaches[i]
		d := dayOf(b.Date)
		row.Set("Date", fill.Date(b.Date))
		row.Set("Rule", fill.Text(borrowing.RuleName(b.Rule)))
		row.Set("Breach", fill.Text(b.Describe()))
		switch b.Rule {
		case borrowing.RuleMaximumLimit:
			row.Set("Amount", refOr(dayCell("Advances", b.Date), d.Balances.Advances, b.Amount))
			row.Set("Limit", fill.Formula(w.Ref("MaximumLimit"), fill.Money(b.Limit)))
		case borrowing.RuleTermLoanReserve:
			row.Set("Amount", refOr(dayCell("Overadvance", b.Date), d.Overadvance, b.Amount))
			row.Set("Limit", refOr(dayCell("Term Loan Reserve", b.Date), d.Balances.TermLoanReserve, b.Limit))
		default:
			row.Set("Amount", refOr(dayCell("Overadvance", b.Date), d.Overadvance, b.Amount))
			row.Set("Limit", refOr(dayCell("Overadvance Cap", b.Date), d.Cap, b.Limit))
		}
		row.Set("Excess", fill.Formula(fmt.Sprintf("%s-%s", row.Ref("Amount"), row.Ref("Limit")), fill.Money(b.Amount.Sub(b.Limit))))
		row.Set("Ledger Row", fill.Int(b.Row))
	})
	w.SetOptional("BreachCount", fill.Formula(fmt.Sprintf("COUNTA(%s)", br.Range("Rule")), fill.Int(len(r.Breaches))))

	fd := w.Table("Findings", len(r.Findings))
	fd.Rows(func(i int, row *fill.Row) {
		f := r.Findings[i]
		row.Set("Date", fill.Date(f.Date))
		row.Set("Finding", fill.Text(f.Describe()))
		d := dayOf(f.Date)
		row.Set("Advances", refOr(dayCell("Advances", f.Date), d.Balances.Advances, f.Amount))
		row.Set("Borrowing Capacity", refOr(dayCell("Borrowing Capacity", f.Date), d.Capacity, f.Limit))
		row.Set("Excess", fill.Formula(fmt.Sprintf("%s-%s", row.Ref("Advances"), row.Ref("Borrowing Capacity")), fill.Money(f.Amount.Sub(f.Limit))))
		row.Set("Overadvance", refOr(dayCell("Overadvance", f.Date), d.Overadvance, f.Overadvance))
		row.Set("Ledger Row", fill.Int(f.Row))
	})
	w.SetOptional("FindingCount", fill.Formula(fmt.Sprintf("COUNT(%s)", fd.Range("Date")), fill.Int(len(r.Findings))))

	basis := fmt.Sprint(lt.DayCountBasis)
	det := w.Table("InterestDetail", len(r.Days))
	det.Rows(func(i int, row *fill.Row) {
		d := &r.Days[i]
		row.Set("Date", fill.Date(d.Date))
		row.Set("Month", fill.Text(d.Date.Format("2006-01")))
		row.Set("Advances", fill.Money(d.Balances.Advances))
		row.Set("Prime Rate", fill.Number(d.Balances.PrimeRate))
		if d.HasAdvancesMargin {
			row.Set("Advances Margin", fill.Number(d.AdvancesMargin))
			row.Set("Advances Rate", fill.Formula(fmt.Sprintf("%s+%s", row.Ref("Prime Rate"), row.Ref("Advances Margin")), fill.Number(d.AdvancesRate())))
			row.Set("Advances Interest", fill.Formula(fmt.Sprintf("%s*%s/100/%s", row.Ref("Advances"), row.Ref("Advances Rate"), basis), fill.Number(d.AdvancesInterest)))
		} else if d.AdvancesUnpriced {
			row.Set("Advances Interest", fill.Text(noRate))
		}
		row.Set("Term Loan Balance", fill.Money(d.Balances.TermLoanBalance))
		if d.HasTermLoanMargin {
			row.Set("Term Loan Margin", fill.Number(d.TermLoanMargin))
			row.Set("Term Loan Rate", fill.Formula(fmt.Sprintf("%s+%s", row.Ref("Prime Rate"), row.Ref("Term Loan Margin")), fill.Number(d.TermLoanRate())))
			row.Set("Term Loan Interest", fill.Formula(fmt.Sprintf("%s*%s/100/%s", row.Ref("Term Loan Balance"), row.Ref("Term Loan Rate"), basis), fill.Number(d.TermLoanInterest)))
		} else if d.TermLoanUnpriced {
			row.Set("Term Loan Interest", fill.Text(noRate))
		}
	})

	in := w.Table("Interest", len(r.Months))
	ds := tableSheet(w, "InterestDetail", "Interest Detail")
	detailRange := func(header string, m borrowing.Month) string {
		c := det.Col(header)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", fill.SheetRef(ds), c, det.FirstRow()+m.FirstDay, c, det.FirstRow()+m.LastDay)
	}
	in.Rows(func(i int, row *fill.Row) {
		m := r.Months[i]
		row.Set("Month", fill.Text(m.Start.Format("2006-01")))
		row.Set("From", fill.Date(m.From))
		row.Set("To", fill.Date(m.To))
		row.Set("Days", fill.Formula(fmt.Sprintf("%s-%s+1", row.Ref("To"), row.Ref("From")), fill.Int(m.Days())))
		row.Set("Advances Interest", fill.Formula(fmt.Sprintf("ROUND(SUM(%s),2)", detailRange("Advances Interest", m)), fill.Money(m.Advances)))
		row.Set("Term Loan Interest", fill.Formula(fmt.Sprintf("ROUND(SUM(%s),2)", detailRange("Term Loan Interest", m)), fill.Money(m.TermLoan)))
		row.Set("Total Interest", fill.Formula(fmt.Sprintf("%s+%s", row.Ref("Advances Interest"), row.Ref("Term Loan Interest")), fill.Money(m.Total())))
		row.Set("Days Without Rate", fill.Int(m.DaysWithoutRate))
		if !m.Complete() {
			row.Set("Note", fill.Text(capitalize(m.Incomplete())))
		}
	})
	w.SetOptional("DaysWithoutRate", fill.Formula("SUM("+in.Range("Days Without Rate")+")", fill.Int(r.DaysWithoutRate())))
	adv, term := r.InterestTotal()
	w.SetOptional("InterestTotalAdvances", fill.Formula("SUM("+in.Range("Advances Interest")+")", fill.Money(adv)))
	w.SetOptional("InterestTotalTermLoan", fill.Formula("SUM("+in.Range("Term Loan Interest")+")", fill.Money(term)))
	w.SetOptional("InterestTotalAll", fill.Formula("SUM("+in.Range("Total Interest")+")", fill.Money(adv.Add(term))))
	w.SetOptional("InterestAdvances", fill.Formula("SUM("+in.Range("Advances Interest")+")", fill.Money(adv)))
	w.SetOptional("InterestTermLoan", fill.Formula("SUM("+in.Range("Term Loan Interest")+")", fill.Money(term)))
	w.SetOptional("InterestTotal", fill.Formula("SUM("+in.Range("Total Interest")+")", fill.Money(adv.Add(term))))

	journal(w, in, r)

	w.SetOptional("Statement", fill.Text(statement(r)))
	w.FitRow("Statement", statement(r))
	if w.Has("Chart") && len(r.Days) > 0 {
		if err := chart(w, daily, r); err != nil {
			return err
		}
	}
	notes := append([]string{fmt.Sprintf("Period: %s, %d calendar days from %d Borrowing rows", calendar.Span(r.First, r.Last), len(r.Days), len(r.Rows))}, Notes...)
	layout.AuditTable(w, meta, notes, r.Warnings)
	return nil
}

// tableSheet finds the sheet a table's defined name is on (a restyled template
// may rename the sheet).
func tableSheet(w *fill.Workbook, name, fallback string) string {
	for _, dn := range w.Excelize().GetDefinedName() {
		if !strings.EqualFold(dn.Name, name) || dn.Scope != "" && dn.Scope != "Workbook" {
			continue
		}
		ref := strings.TrimPrefix(dn.RefersTo, "=")
		if i := strings.LastIndex(ref, "!"); i > 0 {
			s := ref[:i]
			if strings.HasPrefix(s, "'") && strings.HasSuffix(s, "'") {
				s = strings.ReplaceAll(s[1:len(s)-1], "''", "'")
			}
			return s
		}
	}
	return fallback
}

// journal writes one entry a month: debit Interest Expense for each facility,
// credit Accrued Interest Payable, the amounts referring to the Interest sheet.
func journal(w *fill.Workbook, in *fill.Table, r *borrowing.Report) {
	type line struct {
		entry         string
		date          time.Time
		account, memo string
		debit         bool
		ref           string
		amount        decimal.Decimal
	}
	acc := r.Terms.Accounts
	sheet := tableSheet(w, "Interest", "Interest")
	var lines []line
	for i, m := range r.Months {
		row := in.FirstRow() + i
		ref := func(h string) string { return fmt.Sprintf("%s!$%s$%d", fill.SheetRef(sheet), in.Col(h), row) }
		id := "INT-" + m.Start.Format("2006-01")
		month := m.Start.Format("January 2006")
		span := calendar.Span(m.From, m.To)
		unpriced := func(days []time.Time) string {
			if len(days) == 0 {
				return ""
			}
			return fmt.Sprintf("; incomplete: %s without a pricing-grid rate not accrued", nDays(len(days)))
		}
		accrued := fmt.Sprintf("Interest accrued, %s", month)
		if !m.Complete() {
			accrued += fmt.Sprintf(" (incomplete: %s with a balance and no pricing-grid rate)", nDays(m.DaysWithoutRate))
		}
		lines = append(lines,
			line{id, m.To, acc.InterestExpense, fmt.Sprintf("Interest on Advances, %s (%s), %s (Amendment B.2)%s", month, span, rateText(r.Terms, terms.Advances, m), unpriced(m.UnpricedAdvances)), true, ref("Advances Interest"), m.Advances},
			line{id, m.To, acc.InterestExpense, fmt.Sprintf("Interest on the Term Loan, %s (%s), %s (Amendment B.2)%s", month, span, rateText(r.Terms, terms.TermLoan, m), unpriced(m.UnpricedTermLoan)), true, ref("Term Loan Interest"), m.TermLoan},
			line{id, m.To, acc.InterestPayable, accrued, false, ref("Total Interest"), m.Total()},
		)
	}
	j := w.Table("Journal", len(lines))
	j.Rows(func(i int, row *fill.Row) {
		l := lines[i]
		row.Set("Entry", fill.Text(l.entry))
		row.Set("Date", fill.Date(l.date))
		row.Set("Account", fill.Text(l.account))
		v := fill.Formula(l.ref, fill.Money(l.amount))
		if l.debit {
			row.Set("Debit", v)
		} else {
			row.Set("Credit", v)
		}
		row.Set("Memo", fill.Text(l.memo))
	})
	adv, term := r.InterestTotal()
	w.SetOptional("JournalDebits", fill.Formula("SUM("+j.Range("Debit")+")", fill.Money(adv.Add(term))))
	w.SetOptional("JournalCredits", fill.Formula("SUM("+j.Range("Credit")+")", fill.Money(adv.Add(term))))
}

// rateText describes the pricing of a facility over a month, e.g. "Prime + 3.5%,
// actual/360".
func rateText(lt terms.Loan, facility string, m borrowing.Month) string {
	var margins []string
	seen := map[string]bool{}
	for _, p := range lt.PricingGrid {
		if p.Facility == facility && !p.To.Before(m.From) && !p.From.After(m.To) {
			s := "Prime + " + p.MarginPercent.String() + "%"
			if !seen[s] {
				seen[s] = true
				margins = append(margins, s)
			}
		}
	}
	if len(margins) == 0 {
		margins = []string{"no pricing-grid period"}
	}
	return fmt.Sprintf("%s, actual/%d", strings.Join(margins, " / "), lt.DayCountBasis)
}

func capSchedule(lt terms.Loan) string {
	var s []string
	for _, c := range lt.OveradvanceCaps {
		period := calendar.Long(c.From) + " to " + calendar.Long(c.To)
		if c.To.IsZero() {
			period = "from " + calendar.Long(c.From)
		}
		s = append(s, fmt.Sprintf("%s %s", borrowing.Dollars(c.Amount), period))
	}
	return strings.Join(s, "\n") + "\nnever above the Term Loan Reserve"
}

func pricingGrid(lt terms.Loan) string {
	var s []string
	for _, p := range lt.PricingGrid {
		name := "Advances"
		if p.Facility == terms.TermLoan {
			name = "Term Loan"
		}
		s = append(s, fmt.Sprintf("%s: Prime + %s%%, %s to %s", name, p.MarginPercent.String(), calendar.Long(p.From), calendar.Long(p.To)))
	}
	return strings.Join(s, "\n")
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// noRate marks a day's interest that no pricing-grid rate gives (B.2).
const noRate = "no rate"

func nDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// statement says what B.1 and B.2 make of the period: the breaches, the days over
// the Borrowing Capacity without a breach (never "within limits" on such a day)
// and the interest, said incomplete when a balance had no rate.
func statement(r *borrowing.Report) string {
	from, to := calendar.Long(r.First), calendar.Long(r.Last)
	var findingDays []time.Time
	for _, f := range r.Findings {
		findingDays = append(findingDays, f.Date)
	}
	var b strings.Builder
	switch {
	case len(r.Breaches) == 0 && len(r.Findings) == 0:
		fmt.Fprintf(&b, "From %s to %s the advances stayed within the Borrowing Capacity on all %d calendar days: no overadvance, and nothing above the Maximum Limit (Amendment B.1).", from, to, len(r.Days))
	case len(r.Breaches) == 0:
		fmt.Fprintf(&b, "From %s to %s no cap or limit of Amendment B.1 was broken, but on %d of the %d calendar days (%s) the advances exceeded the Borrowing Capacity: %s, listed on the Findings sheet.",
			from, to, len(r.Findings), len(r.Days), spans(findingDays), plural(len(r.Findings), "finding", "findings"))
	default:
		var breachDays []time.Time
		for _, br := range r.Breaches {
			if n := len(breachDays); n == 0 || !breachDays[n-1].Equal(br.Date) {
				breachDays = append(breachDays, br.Date)
			}
		}
		fmt.Fprintf(&b, "Amendment B.1 was not met on %d of %d calendar days from %s to %s (%s): %s, listed on the Breaches sheet.",
			r.DaysInBreach(), len(r.Days), from, to, spans(breachDays), plural(len(r.Breaches), "breach", "breaches"))
		if len(r.Findings) > 0 {
			other := "other days"
			if len(r.Findings) == 1 {
				other = "other day"
			}
			fmt.Fprintf(&b, " On %d %s (%s) the advances exceeded the Borrowing Capacity without a breach: %s, listed on the Findings sheet.",
				len(r.Findings), other, spans(findingDays), plural(len(r.Findings), "finding", "findings"))
		}
	}
	adv, term := r.InterestTotal()
	if n := r.DaysWithoutRate(); n > 0 {
		var months []string
		for _, m := range r.Months {
			if !m.Complete() {
				months = append(months, fmt.Sprintf("%s: %s", m.Start.Format("January 2006"), nDays(m.DaysWithoutRate)))
			}
		}
		fmt.Fprintf(&b, " Interest accrued on the days with a pricing-grid rate: %s on Advances and %s on the Term Loan. Incomplete: on %s a balance had no pricing-grid rate (%s); their interest is not included (Amendment B.2).",
			borrowing.Dollars(adv), borrowing.Dollars(term), nDays(n), strings.Join(months, ", "))
	} else {
		fmt.Fprintf(&b, " Interest accrued: %s on Advances and %s on the Term Loan.", borrowing.Dollars(adv), borrowing.Dollars(term))
	}
	return b.String()
}

// plural writes "1 breach", "2 breaches".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// spans writes sorted days as runs, in the long form without the year the
// sentence around them gives: "October 1–14, October 16–27, October
// 30–November 2, December 5"; after six runs, "…".
func spans(ds []time.Time) string {
	var s []string
	for _, r := range borrowing.Runs(ds) {
		a, z := r[0], r[1]
		switch {
		case a.Equal(z):
			s = append(s, a.Format("January 2"))
		case a.Month() == z.Month():
			s = append(s, a.Format("January 2")+"–"+z.Format("2"))
		default:
			s = append(s, a.Format("January 2")+"–"+z.Format("January 2"))
		}
	}
	if len(s) > 6 {
		s = append(s[:6], "…")
	}
	return strings.Join(s, ", ")
}

// chart draws advances against the borrowing capacity and the advance ceiling
// (IEC capacity plus the overadvance cap, at most the Maximum Limit) by day. The
// series are named by the Daily table's header cells.
func chart(w *fill.Workbook, daily *fill.Table, r *borrowing.Report) error {
	anchor := w.Ref("Chart")
	sheet, cell, _ := strings.Cut(anchor, "!")
	sheet = strings.ReplaceAll(strings.Trim(sheet, "'"), "''", "'")
	cell = strings.ReplaceAll(cell, "$", "")
	dailySheet := tableSheet(w, "Daily", "Daily")
	series := func(header, color string, width float64, dash excelize.LineDashType) excelize.ChartSeries {
		return excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", fill.SheetRef(dailySheet), daily.Col(header), daily.FirstRow()-1),
			Categories: daily.Range("Date"),
			Values:     daily.Range(header),
			Line:       excelize.LineOptions{Type: excelize.LineSolid, Width: width, Dash: dash},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}
	}
	// the value axis starts at the 100,000 below the lowest line, so the lines
	// are not squeezed into the top of the chart
	low := r.Days[0].Balances.Advances
	for _, d := range r.Days {
		low = decimal.Min(low, d.Balances.Advances, d.Capacity, d.Ceiling)
	}
	minimum := math.Max(0, math.Floor(low.InexactFloat64()/100000)*100000-100000)
	first, last := r.Days[0].Date, r.Days[len(r.Days)-1].Date
	xmin, xmax := calendar.ToSerial(first), calendar.ToSerial(last)
	return w.Excelize().AddChart(sheet, cell, &excelize.Chart{
		// a scatter chart with lines: its date axis is a value axis, which
		// viewers label every week instead of crowding 92 dates
		Type: excelize.Scatter,
		Series: []excelize.ChartSeries{
			series("Advances", "1F4E79", 2, excelize.LineDashSolid),
			series("Borrowing Capacity", "70AD47", 1.5, excelize.LineDashSolid),
			series("Advance Ceiling", "C00000", 1.5, excelize.LineDashDash),
		},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Advances against capacity and the ceiling (IEC capacity + overadvance cap)", Font: &excelize.Font{Size: 11, Bold: true}}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		XAxis:  excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "mmm d"}, Minimum: &xmin, Maximum: &xmax, MajorUnit: 7, Font: excelize.Font{Size: 8, Color: "000000"}},
		YAxis:  excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Minimum: &minimum, MajorGridLines: true, Font: excelize.Font{Size: 8, Color: "000000"}},
		Format: excelize.GraphicOptions{ScaleX: 1.55, ScaleY: 1.45},
	})
}
