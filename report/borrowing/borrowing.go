// Package borrowing applies Amendment No. 10 B.1 and B.2 to the treasury team's
// daily Borrowing sheet: for every calendar day from the first to the last row's
// date (a row's balances and Prime Rate hold until the next row's date, over
// weekends and holidays) it computes
//
//   - the IEC Borrowing Capacity: the advance rate (85%) of the IEC Receivables
//     Borrowing Base, rounded to the cent;
//   - the Borrowing Capacity: the lesser of the Maximum Limit ($1,750,000) and the
//     IEC Borrowing Capacity, less banker's acceptances, letters of guaranty and
//     letters of credit; the Availability: Borrowing Capacity less Advances;
//   - the Overadvance: Advances above the IEC Borrowing Capacity, and its cap on
//     that day: the dated cap of B.1, never above the Term Loan Reserve;
//   - the breaches of B.1: an overadvance above the dated cap (overadvance_cap),
//     above the Term Loan Reserve (term_loan_reserve), advances above the Maximum
//     Limit (maximum_limit); one per rule per calendar day, since B.1 limits what
//     is outstanding "at any one time" and a Friday's balance is outstanding on
//     Saturday and Sunday too;
//   - the findings: a day without a breach on which the advances exceed the
//     Borrowing Capacity (an overadvance within its cap, or letters of credit,
//     guaranty and banker's acceptances using the rest of the capacity) is
//     over_borrowing_capacity, listed apart from the breaches; one a day;
//   - interest (B.2): Advances at Prime plus the advances margin and the Term Loan
//     at Prime plus the term loan margin of the pricing grid, on an actual/360 (or
//     actual/365) basis; daily amounts unrounded, each month's total rounded to the
//     cent. A day with a balance that no pricing-grid period prices has no
//     interest figure (not $0.00): its month is incomplete and counts it.
//
// The package is pure: decimal arithmetic, no spreadsheet library.
package borrowing

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/terms"
)

// Rules of Amendment No. 10 B.1, as named in the JSON output.
const (
	RuleOveradvanceCap  = "overadvance_cap"
	RuleTermLoanReserve = "term_loan_reserve"
	RuleMaximumLimit    = "maximum_limit"
)

// Rules lists the rules in the order they are reported on a day.
var Rules = []string{RuleOveradvanceCap, RuleTermLoanReserve, RuleMaximumLimit}

// RuleOverBorrowingCapacity names a finding: advances above the Borrowing
// Capacity on a day that breaks none of Rules.
const RuleOverBorrowingCapacity = "over_borrowing_capacity"

// Finding is a day on which the advances exceed the Borrowing Capacity without a
// breach of B.1: an overadvance the Lenders may permit in their sole discretion
// within its cap, or letters of credit, guaranty and banker's acceptances using
// the capacity the advances stand on. It is reported, apart from the breaches.
type Finding struct {
	Date time.Time
	Rule string // RuleOverBorrowingCapacity
	// Amount is the advances, Limit the Borrowing Capacity.
	Amount, Limit decimal.Decimal
	// Overadvance is the advances above the IEC Borrowing Capacity (zero when
	// the letters alone use the capacity); Cap the overadvance permitted that day;
	// Letters the banker's acceptances, letters of guaranty and of credit.
	Overadvance, Cap, Letters decimal.Decimal
	Row                       int
}

// Describe says the finding in words, citing the clause.
func (f Finding) Describe() string {
	excess := f.Amount.Sub(f.Limit)
	switch {
	case f.Overadvance.IsPositive():
		return fmt.Sprintf("advances %s over the Borrowing Capacity of %s by %s: an overadvance of %s within its %s cap, which the Lenders may permit in their sole discretion (Amendment B.1)",
			Dollars(f.Amount), Dollars(f.Limit), Dollars(excess), Dollars(f.Overadvance), Dollars(f.Cap))
	case !f.Limit.IsPositive():
		return fmt.Sprintf("advances %s over the Borrowing Capacity of %s: letters of credit, guaranty and banker's acceptances of %s use all of it; no overadvance (Amendment B.1)",
			Dollars(f.Amount), Dollars(f.Limit), Dollars(f.Letters))
	}
	return fmt.Sprintf("advances %s over the Borrowing Capacity of %s by %s: letters of credit, guaranty and banker's acceptances of %s use the rest; no overadvance (Amendment B.1)",
		Dollars(f.Amount), Dollars(f.Limit), Dollars(excess), Dollars(f.Letters))
}

// Breach is one rule broken on one calendar day.
type Breach struct {
	Date time.Time
	Rule string
	// Amount is the overadvance (overadvance_cap, term_loan_reserve) or the
	// advances (maximum_limit); Limit is what it may not exceed.
	Amount, Limit decimal.Decimal
	// Row is the worksheet row whose balances the day holds.
	Row int
}

// RuleName is a rule of B.1 (or a finding) in words, as the reports show it;
// the codes are for --json.
func RuleName(rule string) string {
	switch rule {
	case RuleOveradvanceCap:
		return "Overadvance cap (B.1)"
	case RuleTermLoanReserve:
		return "Term Loan Reserve (B.1)"
	case RuleMaximumLimit:
		return "Maximum Limit (B.1)"
	case RuleOverBorrowingCapacity:
		return "Over the Borrowing Capacity"
	}
	return rule
}

// Describe says the breach in words, citing the clause.
func (b Breach) Describe() string {
	switch b.Rule {
	case RuleOveradvanceCap:
		return fmt.Sprintf("overadvance %s above the %s overadvance cap (Amendment B.1)", Dollars(b.Amount), Dollars(b.Limit))
	case RuleTermLoanReserve:
		return fmt.Sprintf("overadvance %s above the Term Loan Reserve of %s (Amendment B.1)", Dollars(b.Amount), Dollars(b.Limit))
	case RuleMaximumLimit:
		return fmt.Sprintf("advances %s above the Maximum Limit of %s (Amendment B.1)", Dollars(b.Amount), Dollars(b.Limit))
	}
	return b.Rule
}

// Day is one calendar day with the balances in force and what B.1 and B.2 make
// of them.
type Day struct {
	Date time.Time
	// Row is the Borrowing row whose balances hold on the day; HeldFrom is that
	// row's date when it is earlier than Date (a weekend or holiday), else zero.
	Row      int
	HeldFrom time.Time
	Balances ledger.BorrowingRow

	IECCapacity  decimal.Decimal // AdvanceRate x Receivables Borrowing Base, to the cent
	Capacity     decimal.Decimal // min(Maximum Limit, IEC capacity) - BAs - LGs - LCs
	Availability decimal.Decimal // Capacity - Advances (negative: over capacity)
	Overadvance  decimal.Decimal // max(0, Advances - IEC capacity)
	// DatedCap is the B.1 cap by date; HasDatedCap is false when no cap period
	// covers the day (then only the Term Loan Reserve limits the overadvance).
	DatedCap    decimal.Decimal
	HasDatedCap bool
	// Cap is the overadvance permitted: the dated cap, never above the Term Loan
	// Reserve.
	Cap decimal.Decimal
	// Ceiling is the most the advances could be without a breach:
	// min(Maximum Limit, IEC capacity + Cap).
	Ceiling  decimal.Decimal
	Breaches []Breach
	// Finding is set on a day without a breach whose advances exceed the
	// Borrowing Capacity.
	Finding *Finding

	// Interest (B.2): the margin in force for each facility (HasXMargin false:
	// no pricing-grid period covers the day) and the day's interest, unrounded.
	AdvancesMargin, TermLoanMargin       decimal.Decimal
	HasAdvancesMargin, HasTermLoanMargin bool
	AdvancesInterest, TermLoanInterest   decimal.Decimal
	// AdvancesUnpriced and TermLoanUnpriced say that the facility has a balance
	// on the day and no pricing-grid period gives it a rate: its interest is
	// unknown, not zero.
	AdvancesUnpriced, TermLoanUnpriced bool
	// advNum and termNum are balance x annual rate in percent: the day's interest
	// times 100 x the day-count basis, kept exact.
	advNum, termNum decimal.Decimal
}

// Compliant reports whether the day breaks no rule.
func (d *Day) Compliant() bool { return len(d.Breaches) == 0 }

// WithoutRate reports whether some balance of the day has no pricing-grid rate.
func (d *Day) WithoutRate() bool { return d.AdvancesUnpriced || d.TermLoanUnpriced }

// AdvancesRate and TermLoanRate are the annual rates in percent (Prime + margin).
func (d *Day) AdvancesRate() decimal.Decimal { return d.Balances.PrimeRate.Add(d.AdvancesMargin) }

// TermLoanRate is the Term Loan's annual rate in percent.
func (d *Day) TermLoanRate() decimal.Decimal { return d.Balances.PrimeRate.Add(d.TermLoanMargin) }

// Describe lists the day's breaches in words ("" when compliant).
func (d *Day) Describe() string {
	var s []string
	for _, b := range d.Breaches {
		s = append(s, b.Describe())
	}
	return strings.Join(s, "; ")
}

// RowResult sums up the days one Borrowing row covers, for the in-place columns.
type RowResult struct {
	Row           int
	From, Through time.Time // the row's date and the last day its balances hold
	IECCapacity   decimal.Decimal
	Capacity      decimal.Decimal
	Availability  decimal.Decimal
	Overadvance   decimal.Decimal
	// Cap is the lowest overadvance cap on any day the row covers: the row's
	// balances must stay inside it on every one of them.
	Cap       decimal.Decimal
	Compliant bool
	// Breach is every rule broken on the row's days, in words, with the dates
	// when the row covers more than one day.
	Breach string
}

// Month is one month's interest accrual (B.2): the sums of the unrounded daily
// interest over the days from From through To, each rounded once to the cent.
type Month struct {
	Start    time.Time // first day of the month
	From, To time.Time // the days covered
	// FirstDay and LastDay index Report.Days.
	FirstDay, LastDay  int
	Advances, TermLoan decimal.Decimal
	// DaysWithoutRate counts the days on which a balance had no pricing-grid
	// rate; their interest is not in Advances and TermLoan, which are then
	// incomplete. UnpricedAdvances and UnpricedTermLoan are those days by
	// facility.
	DaysWithoutRate                    int
	UnpricedAdvances, UnpricedTermLoan []time.Time
}

// Days is how many days the month's accrual covers.
func (m Month) Days() int { return calendar.DaysInclusive(m.From, m.To) }

// Complete reports whether every day of the month with a balance had a rate.
func (m Month) Complete() bool { return m.DaysWithoutRate == 0 }

// Incomplete says in words what the month's interest leaves out ("" when it is
// complete).
func (m Month) Incomplete() string {
	if m.Complete() {
		return ""
	}
	var what []string
	if len(m.UnpricedAdvances) > 0 {
		what = append(what, fmt.Sprintf("Advances on %s", ranges(m.UnpricedAdvances)))
	}
	if len(m.UnpricedTermLoan) > 0 {
		what = append(what, fmt.Sprintf("the Term Loan on %s", ranges(m.UnpricedTermLoan)))
	}
	return fmt.Sprintf("incomplete: no pricing-grid period gives a rate for %s (%s); their interest is not included (Amendment B.2)", strings.Join(what, " and "), nDays(m.DaysWithoutRate))
}

func nDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// Total is the month's interest: the sum of the two rounded amounts.
func (m Month) Total() decimal.Decimal { return m.Advances.Add(m.TermLoan) }

// Report is the whole computation.
type Report struct {
	Terms       terms.Loan
	First, Last time.Time
	Days        []Day
	Rows        []RowResult
	// Breaches are every day's breaches in date order; Findings the days over the
	// Borrowing Capacity without a breach, in date order.
	Breaches []Breach
	Findings []Finding
	Months   []Month
	Warnings []string
}

// Compute applies the terms to the rows, which must be in strictly ascending
// date order (as ledger.OpenBorrowing returns them).
func Compute(t terms.Loan, rows []ledger.BorrowingRow) (*Report, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("no Borrowing rows")
	}
	for i := 1; i < len(rows); i++ {
		if !rows[i].Date.After(rows[i-1].Date) {
			return nil, fmt.Errorf("row %d: date %s is not after row %d's %s", rows[i].Row, calendar.Long(rows[i].Date), rows[i-1].Row, calendar.Long(rows[i-1].Date))
		}
	}
	if t.DayCountBasis != 360 && t.DayCountBasis != 365 {
		return nil, fmt.Errorf("day count basis %d: must be 360 or 365", t.DayCountBasis)
	}
	r := &Report{Terms: t, First: rows[0].Date, Last: rows[len(rows)-1].Date}
	gaps := map[string][]time.Time{}  // facility -> days no period covers
	multi := map[string][]time.Time{} // facility -> days two periods cover
	noCap := []time.Time{}
	for i, row := range rows {
		through := row.Date
		if i+1 < len(rows) {
			through = calendar.AddDays(rows[i+1].Date, -1)
		}
		res := RowResult{Row: row.Row, From: row.Date, Through: through, Compliant: true}
		first := len(r.Days)
		for d := row.Date; !d.After(through); d = calendar.AddDays(d, 1) {
			day := r.day(row, d)
			if !day.HasDatedCap {
				noCap = append(noCap, d)
			}
			for _, f := range []string{terms.Advances, terms.TermLoan} {
				m, n := margin(t.PricingGrid, f, d)
				switch {
				case n == 0:
					gaps[f] = append(gaps[f], d)
				case n > 1:
					multi[f] = append(multi[f], d)
				}
				if n == 0 {
					continue
				}
				if f == terms.Advances {
					day.AdvancesMargin, day.HasAdvancesMargin = m, true
				} else {
					day.TermLoanMargin, day.HasTermLoanMargin = m, true
				}
			}
			day.interest(t.DayCountBasis)
			r.Days = append(r.Days, day)
			r.Breaches = append(r.Breaches, day.Breaches...)
			if day.Finding != nil {
				r.Findings = append(r.Findings, *day.Finding)
			}
		}
		days := r.Days[first:]
		d0 := days[0]
		res.IECCapacity, res.Capacity, res.Availability, res.Overadvance = d0.IECCapacity, d0.Capacity, d0.Availability, d0.Overadvance
		res.Cap = d0.Cap
		for _, d := range days {
			if d.Cap.LessThan(res.Cap) {
				res.Cap = d.Cap
			}
			if !d.Compliant() {
				res.Compliant = false
			}
		}
		res.Breach = rowBreach(days)
		r.Rows = append(r.Rows, res)
	}
	r.months()
	if len(noCap) > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("no overadvance cap period of the terms covers %s (Amendment B.1): on those days only the Term Loan Reserve limits the overadvance", ranges(noCap)))
	}
	for _, f := range []string{terms.Advances, terms.TermLoan} {
		if len(gaps[f]) > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("no %s period of the pricing grid covers %s (Amendment B.2): the %s interest of those days is not computed, and a month with a balance on one of them is incomplete", facilityName(f), ranges(gaps[f]), facilityName(f)))
		}
		if len(multi[f]) > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("two %s periods of the pricing grid cover %s (Amendment B.2): the first listed was applied; correct the terms", facilityName(f), ranges(multi[f])))
		}
	}
	return r, nil
}

func facilityName(f string) string {
	if f == terms.TermLoan {
		return "Term Loan"
	}
	return "Advances"
}

// day computes B.1 for the balances of row on day d.
func (r *Report) day(row ledger.BorrowingRow, d time.Time) Day {
	t := r.Terms
	day := Day{Date: d, Row: row.Row, Balances: row}
	if !d.Equal(row.Date) {
		day.HeldFrom = row.Date
	}
	day.IECCapacity = t.AdvanceRate.Mul(row.ReceivablesBase).Round(2)
	day.Capacity = decimal.Min(t.MaximumLimit, day.IECCapacity).Sub(row.BankersAcceptances).Sub(row.LettersOfGuaranty).Sub(row.LettersOfCredit)
	day.Availability = day.Capacity.Sub(row.Advances)
	day.Overadvance = decimal.Max(decimal.Zero, row.Advances.Sub(day.IECCapacity))
	for _, c := range t.OveradvanceCaps {
		if c.Covers(d) {
			day.DatedCap, day.HasDatedCap = c.Amount, true
			break
		}
	}
	day.Cap = row.TermLoanReserve
	if day.HasDatedCap && day.DatedCap.LessThan(day.Cap) {
		day.Cap = day.DatedCap
	}
	day.Ceiling = decimal.Min(t.MaximumLimit, day.IECCapacity.Add(day.Cap))
	add := func(rule string, amount, limit decimal.Decimal) {
		day.Breaches = append(day.Breaches, Breach{Date: d, Rule: rule, Amount: amount, Limit: limit, Row: row.Row})
	}
	if day.HasDatedCap && day.Overadvance.GreaterThan(day.DatedCap) {
		add(RuleOveradvanceCap, day.Overadvance, day.DatedCap)
	}
	if day.Overadvance.GreaterThan(row.TermLoanReserve) {
		add(RuleTermLoanReserve, day.Overadvance, row.TermLoanReserve)
	}
	if row.Advances.GreaterThan(t.MaximumLimit) {
		add(RuleMaximumLimit, row.Advances, t.MaximumLimit)
	}
	if len(day.Breaches) == 0 && row.Advances.GreaterThan(day.Capacity) {
		day.Finding = &Finding{Date: d, Rule: RuleOverBorrowingCapacity, Amount: row.Advances, Limit: day.Capacity,
			Overadvance: day.Overadvance, Cap: day.Cap, Letters: row.BankersAcceptances.Add(row.LettersOfGuaranty).Add(row.LettersOfCredit), Row: row.Row}
	}
	return day
}

// margin returns the margin of the first pricing-grid period of facility f
// covering d, and how many periods cover it.
func margin(grid []terms.Pricing, f string, d time.Time) (m decimal.Decimal, n int) {
	for _, p := range grid {
		if p.Facility == f && !d.Before(p.From) && !d.After(p.To) {
			if n == 0 {
				m = p.MarginPercent
			}
			n++
		}
	}
	return m, n
}

// interestPlaces is the precision of a day's interest as shown; the monthly
// totals are computed from the exact products.
const interestPlaces = 10

func (d *Day) interest(basis int) {
	den := decimal.NewFromInt(int64(100 * basis))
	if d.HasAdvancesMargin {
		d.advNum = d.Balances.Advances.Mul(d.AdvancesRate())
		d.AdvancesInterest = d.advNum.DivRound(den, interestPlaces)
	}
	if d.HasTermLoanMargin {
		d.termNum = d.Balances.TermLoanBalance.Mul(d.TermLoanRate())
		d.TermLoanInterest = d.termNum.DivRound(den, interestPlaces)
	}
	d.AdvancesUnpriced = !d.HasAdvancesMargin && !d.Balances.Advances.IsZero()
	d.TermLoanUnpriced = !d.HasTermLoanMargin && !d.Balances.TermLoanBalance.IsZero()
}

// months sums the daily interest by calendar month. Each day's interest is
// balance x rate / (100 x basis); the month's sum is taken over the exact
// products and divided once, so it is the exact sum of the unrounded daily
// amounts, rounded half away from zero to the cent.
func (r *Report) months() {
	den := decimal.NewFromInt(int64(100 * r.Terms.DayCountBasis))
	for i := 0; i < len(r.Days); {
		start := calendar.MonthStart(r.Days[i].Date)
		j := i
		adv, term := decimal.Zero, decimal.Zero
		var m Month
		for j < len(r.Days) && calendar.MonthStart(r.Days[j].Date).Equal(start) {
			d := &r.Days[j]
			adv = adv.Add(d.advNum)
			term = term.Add(d.termNum)
			if d.AdvancesUnpriced {
				m.UnpricedAdvances = append(m.UnpricedAdvances, d.Date)
			}
			if d.TermLoanUnpriced {
				m.UnpricedTermLoan = append(m.UnpricedTermLoan, d.Date)
			}
			if d.WithoutRate() {
				m.DaysWithoutRate++
			}
			j++
		}
		m.Start, m.From, m.To, m.FirstDay, m.LastDay = start, r.Days[i].Date, r.Days[j-1].Date, i, j-1
		m.Advances, m.TermLoan = adv.DivRound(den, 2), term.DivRound(den, 2)
		r.Months = append(r.Months, m)
		i = j
	}
}

// InterestTotal is the interest over every month.
func (r *Report) InterestTotal() (advances, termLoan decimal.Decimal) {
	for _, m := range r.Months {
		advances = advances.Add(m.Advances)
		termLoan = termLoan.Add(m.TermLoan)
	}
	return advances, termLoan
}

// DaysWithoutRate counts the days on which a balance had no pricing-grid rate.
func (r *Report) DaysWithoutRate() int {
	n := 0
	for _, m := range r.Months {
		n += m.DaysWithoutRate
	}
	return n
}

// DaysInBreach counts the days with at least one breach.
func (r *Report) DaysInBreach() int {
	n := 0
	for i := range r.Days {
		if !r.Days[i].Compliant() {
			n++
		}
	}
	return n
}

// rowBreach describes in words the breaches on the days a row covers: one
// phrase per rule and limit, with the dates when the row covers several days.
func rowBreach(days []Day) string {
	type key struct {
		rule   string
		amount string
		limit  string
	}
	var order []key
	dates := map[key][]time.Time{}
	example := map[key]Breach{}
	for _, d := range days {
		for _, b := range d.Breaches {
			k := key{b.Rule, b.Amount.String(), b.Limit.String()}
			if _, ok := dates[k]; !ok {
				order = append(order, k)
				example[k] = b
			}
			dates[k] = append(dates[k], d.Date)
		}
	}
	var s []string
	for _, k := range order {
		txt := example[k].Describe()
		if len(days) > 1 {
			txt += " on " + ranges(dates[k])
		}
		s = append(s, txt)
	}
	return strings.Join(s, "; ")
}

// Runs groups sorted days into runs of consecutive days, each its first and
// last day.
func Runs(ds []time.Time) [][2]time.Time {
	var runs [][2]time.Time
	for i := 0; i < len(ds); {
		j := i
		for j+1 < len(ds) && calendar.AddDays(ds[j], 1).Equal(ds[j+1]) {
			j++
		}
		runs = append(runs, [2]time.Time{ds[i], ds[j]})
		i = j + 1
	}
	return runs
}

// ranges writes sorted days as a sentence does: "October 12 to October 13,
// 2002; October 19, 2002".
func ranges(ds []time.Time) string {
	var s []string
	for _, r := range Runs(ds) {
		if r[0].Equal(r[1]) {
			s = append(s, calendar.Long(r[0]))
		} else {
			s = append(s, calendar.Span(r[0], r[1]))
		}
	}
	return strings.Join(s, "; ")
}

// Dollars writes an amount as $1,234.56 (see money.Dollars).
func Dollars(d decimal.Decimal) string { return money.Dollars(d) }
