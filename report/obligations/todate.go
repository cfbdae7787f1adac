package obligations

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/minsales"
)

// ToDate is the §1.3 quarter holding the as-of date, as it stands: what is
// still needed to reach Required and the amount a business day that meets it.
type ToDate struct {
	// Quarter is the §1.3 quarter holding the as-of date (its result: Ended
	// on its last day).
	Quarter minsales.Result
	// Index is the quarter's place in Sales.Quarters.
	Index int
	// Required is nil when the quarter has no Minimum (to be redefined, §1.3):
	// then Needed and PerBusinessDay are nil too.
	Required *decimal.Decimal
	// Counted and Pending make Net Sales Billed to date (minsales).
	Counted, Pending, NetSalesBilled decimal.Decimal
	// Credits are the excesses of earlier quarters still usable in this one
	// (§1.3: "carried forward for up to three quarters"); CreditsAvailable
	// their total.
	Credits          []Credit
	CreditsAvailable decimal.Decimal
	// Needed is Required - Net Sales Billed - credits available, never below
	// zero.
	Needed *decimal.Decimal
	// BusinessDaysLeft counts the business days after the as-of date through
	// the quarter's last day (Saturdays, Sundays and US federal holidays
	// left out); Holidays are the holidays of the quarter on weekdays.
	BusinessDaysLeft int
	Holidays         []time.Time
	// PerBusinessDay is Needed / BusinessDaysLeft rounded up to the cent
	// (zero when nothing is needed); nil when no business day is left or the
	// quarter has no Minimum.
	PerBusinessDay *decimal.Decimal
	// Daily is Net Sales Billed (counted and pending) by invoice date, for
	// every day of the quarter through the as-of date.
	Daily []Day
	// Invoices are the quarter's invoices known by the as-of date, classified.
	Invoices []minsales.Invoice
}

// Credit is an earlier quarter's excess usable in the quarter.
type Credit struct {
	Origin        minsales.Result
	Excess        decimal.Decimal
	UsedBefore    decimal.Decimal
	Available     decimal.Decimal
	UsableThrough *minsales.Quarter // nil: past the quarters of the terms
}

// Day is one day's Net Sales Billed.
type Day struct {
	Date   time.Time
	Amount decimal.Decimal
}

// SalesToDate is the quarter of the §1.3 ledger holding its as-of date; nil
// when none does (before the term, after the terms' last quarter).
func SalesToDate(sales *minsales.Ledger, carry int, qs []minsales.Quarter) *ToDate {
	asOf := sales.AsOf
	k := -1
	for i, q := range sales.Quarters {
		if !asOf.Before(q.Start) && !asOf.After(q.End) {
			k = i
		}
	}
	if k < 0 {
		return nil
	}
	r := sales.Quarters[k]
	td := &ToDate{Quarter: r, Index: k, Required: r.Required, Pending: r.Pending, NetSalesBilled: r.NetSalesBilled}
	td.Counted = r.NetSalesBilled.Sub(r.Pending)
	for o := max(0, k-carry); o < k; o++ {
		q := sales.Quarters[o]
		if !q.Excess.IsPositive() {
			continue
		}
		used := decimal.Zero
		for _, m := range sales.Movements {
			if m.Origin == o && !m.Expired && m.Quarter < k {
				used = used.Add(m.Amount)
			}
		}
		c := Credit{Origin: q, Excess: q.Excess, UsedBefore: used, Available: q.Excess.Sub(used)}
		if o+carry < len(qs) {
			c.UsableThrough = &qs[o+carry]
		}
		if c.Available.IsPositive() {
			td.Credits = append(td.Credits, c)
			td.CreditsAvailable = td.CreditsAvailable.Add(c.Available)
		}
	}
	for d := calendar.AddDays(asOf, 1); !d.After(r.End); d = calendar.AddDays(d, 1) {
		if calendar.IsBusinessDay(d) {
			td.BusinessDaysLeft++
		}
	}
	for d := r.Start; !d.After(r.End); d = calendar.AddDays(d, 1) {
		if _, ok := calendar.FederalHoliday(d); ok && d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			td.Holidays = append(td.Holidays, d)
		}
	}
	if r.Required != nil {
		n := decimal.Max(decimal.Zero, r.Required.Sub(r.NetSalesBilled).Sub(td.CreditsAvailable))
		td.Needed = &n
		if td.BusinessDaysLeft > 0 {
			p := CeilCents(n, td.BusinessDaysLeft)
			td.PerBusinessDay = &p
		}
	}
	byDay := map[time.Time]decimal.Decimal{}
	for _, in := range sales.Invoices {
		if in.Quarter != k {
			continue
		}
		td.Invoices = append(td.Invoices, in)
		if in.Status == minsales.Counted || in.Status == minsales.Pending {
			byDay[in.Date] = byDay[in.Date].Add(in.Net)
		}
	}
	for d := r.Start; !d.After(minDate(r.End, asOf)); d = calendar.AddDays(d, 1) {
		td.Daily = append(td.Daily, Day{Date: d, Amount: byDay[d]})
	}
	return td
}

// CeilCents divides an amount by n and rounds the quotient up to the cent.
func CeilCents(amount decimal.Decimal, n int) decimal.Decimal {
	cents := amount.Shift(2).Ceil() // an amount of whole cents, as the books hold it
	q, rem := cents.QuoRem(decimal.NewFromInt(int64(n)), 0)
	if rem.IsPositive() {
		q = q.Add(decimal.NewFromInt(1))
	}
	return q.Shift(-2)
}

// Label names the quarter in words: "the contract quarter from June 28
// through September 26, 2003 (Q3 ending 2003-09-26)".
func (td *ToDate) Label() string {
	q := td.Quarter
	return fmt.Sprintf("the contract quarter from %s through %s", calendar.Long(q.Start), calendar.Long(q.End))
}
