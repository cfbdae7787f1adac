// Package minsales keeps the §1.3 Minimum Sales ledger of the Supplier Agreement:
// the contract quarters of the terms, the Net Sales Billed of each from Arrow's
// invoices (each invoice counted, excluded or pending, with its reason), the
// Required level (the quarter's Minimum plus, under §4.2(ii), the previous
// quarter's shortfall), the excess carried forward as credits used oldest first
// for up to terms.Supplier.CarryForwardQuarters quarters and then expired, the
// shortfall (an event of default, §4.1) and the term extended under §4.2(iii).
//
// The package is pure computation in decimal: no I/O, no spreadsheet library.
package minsales

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

// Status is what §1.3 makes of one invoice.
type Status string

// The statuses of an invoice.
const (
	// Counted invoices make Net Sales Billed: paid within their terms, or credit
	// memos.
	Counted Status = "counted"
	// Excluded invoices are not paid within their terms (§1.3), or fall outside
	// every contract quarter.
	Excluded Status = "excluded"
	// Pending invoices are unpaid and not yet due: counted provisionally, and the
	// quarter's result is not final.
	Pending Status = "pending"
)

// Quarter is one §1.3 contract quarter, Start through End inclusive.
type Quarter struct {
	// Index counts the quarters from 1 (the 1st Quarter ending 3/28/03).
	Index      int
	Start, End time.Time
	// Minimum is the Minimum Level of Net Sales Billed; nil: not yet defined.
	Minimum *decimal.Decimal
	// Note says where the figure comes from (terms.Quarter.Note).
	Note string
}

// Label names the quarter in reports and in the ledger's Invoices sheet, e.g.
// "Q1 ending 2003-03-28".
func (q Quarter) Label() string {
	return fmt.Sprintf("Q%d ending %s", q.Index, q.End.Format("2006-01-02"))
}

// Defined reports whether the quarter has a Minimum.
func (q Quarter) Defined() bool { return q.Minimum != nil }

// Quarters lists the contract quarters of the terms: the first starts the day
// after the agreement date, each next one the day after the previous end.
func Quarters(s terms.Supplier) []Quarter {
	out := make([]Quarter, 0, len(s.Quarters))
	start := s.AgreementDate.AddDate(0, 0, 1)
	for i, q := range s.Quarters {
		out = append(out, Quarter{Index: i + 1, Start: start, End: q.End, Minimum: q.Minimum, Note: q.Note})
		start = q.End.AddDate(0, 0, 1)
	}
	return out
}

// QuarterEndingIn returns the index (0-based) of the last contract quarter whose
// end falls from start through end: the contract quarter a calendar quarter's
// certificate reports.
func QuarterEndingIn(qs []Quarter, start, end time.Time) (int, bool) {
	found := -1
	for i, q := range qs {
		if !q.End.Before(start) && !q.End.After(end) {
			found = i
		}
	}
	return found, found >= 0
}

// Invoice is one invoice with what §1.3 makes of it.
type Invoice struct {
	ledger.Invoice
	// Quarter is the index (0-based) of the contract quarter the invoice is
	// dated in; -1 when it is in none.
	Quarter int
	// Net is Amount - Returns - Discounts, rounded to the cent.
	Net    decimal.Decimal
	Status Status
	Reason string
}

const day = "2006-01-02"

// Classify decides the status of one invoice as of asOf. A payment dated after
// asOf is not yet known on asOf: the invoice is then treated as unpaid. "Paid
// within its terms" is paid by s.PaymentDue(Due Date): with the terms'
// DueOnNextBusinessDay, a Due Date on a weekend or a holiday is payable the
// next business day, as for a §1.5 payment default.
func Classify(s terms.Supplier, qs []Quarter, in ledger.Invoice, asOf time.Time) Invoice {
	r := Invoice{Invoice: in, Quarter: -1, Net: in.Amount.Sub(in.Returns).Sub(in.Discounts).Round(2)}
	for i, q := range qs {
		if !in.Date.Before(q.Start) && !in.Date.After(q.End) {
			r.Quarter = i
			break
		}
	}
	switch {
	case len(qs) == 0 || in.Date.Before(qs[0].Start):
		r.Status, r.Reason = Excluded, "dated before the term began (§2): in no §1.3 quarter"
		if len(qs) > 0 {
			r.Reason = fmt.Sprintf("dated before the term began on %s (§2): in no §1.3 quarter", qs[0].Start.Format(day))
		}
		return r
	case r.Quarter < 0:
		r.Status, r.Reason = Excluded, fmt.Sprintf("dated after the last §1.3 quarter of the terms (ending %s)", qs[len(qs)-1].End.Format(day))
		return r
	case in.Amount.IsNegative():
		r.Status, r.Reason = Counted, "credit memo: always reduces Net Sales Billed (§1.3: net of returns and discounts)"
		return r
	}
	paid := in.Paid
	known := !paid.IsZero() && !paid.After(asOf)
	due := s.PaymentDue(in.Due)
	moved := s.PaymentDueNote(in.Due)
	switch {
	case known && paid.After(due):
		days := int(paid.Sub(due).Hours() / 24)
		r.Status = Excluded
		r.Reason = fmt.Sprintf("paid %s, %d day%s after its Due Date %s%s: not paid within its terms (§1.3)", paid.Format(day), days, plural(days), in.Due.Format(day), moved)
	case known:
		r.Status = Counted
		r.Reason = fmt.Sprintf("paid %s, within its terms (due %s%s)", paid.Format(day), in.Due.Format(day), moved)
	case due.Before(asOf):
		r.Status = Excluded
		r.Reason = fmt.Sprintf("unpaid as of %s, past its Due Date %s%s: not paid within its terms (§1.3)", asOf.Format(day), in.Due.Format(day), moved)
		if !paid.IsZero() {
			r.Reason = fmt.Sprintf("paid %s, after the as-of date; unpaid on %s and past its Due Date %s%s: not paid within its terms (§1.3)", paid.Format(day), asOf.Format(day), in.Due.Format(day), moved)
		}
	default:
		r.Status = Pending
		r.Reason = fmt.Sprintf("unpaid as of %s and not yet due (due %s%s): counted provisionally, the quarter's result is not final", asOf.Format(day), in.Due.Format(day), moved)
		if !paid.IsZero() {
			r.Reason = fmt.Sprintf("paid %s, after the as-of date; not yet due on %s (due %s%s): counted provisionally, the quarter's result is not final", paid.Format(day), asOf.Format(day), in.Due.Format(day), moved)
		}
	}
	return r
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Movement is a credit (excess carried forward, §1.3) used in a quarter or
// expired at its start.
type Movement struct {
	// Origin is the index (0-based) of the quarter whose excess made the credit.
	Origin int
	// Quarter is the index of the quarter it was used in or expired in.
	Quarter int
	// Expired is true for an expiry, false for a use.
	Expired bool
	Amount  decimal.Decimal
}

// Result is one quarter of the ledger.
type Result struct {
	Quarter
	// BroughtForward is the earlier shortfall added to this quarter's Minimum
	// (§4.2(ii)); when this quarter has no Minimum it is passed on to the next.
	BroughtForward decimal.Decimal
	// Required is Minimum + BroughtForward; nil when the Minimum is not defined.
	Required *decimal.Decimal
	// NetSalesBilled is the counted and the pending invoices' Net; Pending is the
	// pending part of it and Excluded the Net of the excluded invoices.
	NetSalesBilled, Pending, Excluded decimal.Decimal
	// Invoices counts the quarter's invoices by status.
	Invoices map[Status]int
	// CreditUsed is the carried excess used, oldest first; Uses by origin.
	CreditUsed decimal.Decimal
	Uses       []Movement
	// Excess is Net Sales Billed over Required, carried forward as a credit.
	Excess decimal.Decimal
	// Expired is the credit that reached this quarter unused after its last
	// usable quarter; Expiries by origin.
	Expired  decimal.Decimal
	Expiries []Movement
	// CreditBalance is the unexpired credit left after the quarter.
	CreditBalance decimal.Decimal
	// Shortfall is what remains short after the credits (§4.1: an event of
	// default).
	Shortfall decimal.Decimal
	// Met is nil when the Minimum is not defined.
	Met *bool
	// Final is false while an invoice of this or an earlier quarter is pending,
	// or the quarter has not ended on the as-of date.
	Final bool
	// Missed counts the missed quarters up to this one; TermEnd is the term's
	// end after them (§2, extended by §4.2(iii)).
	Missed  int
	TermEnd time.Time
}

// Ledger is the §1.3 Minimum Sales ledger through one quarter.
type Ledger struct {
	Quarters []Result
	// Invoices is every invoice of the ledger, in its order, classified.
	Invoices  []Invoice
	Movements []Movement
	// TermEnd is the term's end after the last quarter.
	TermEnd time.Time
	AsOf    time.Time
}

// Last is the quarter the ledger runs through.
func (l *Ledger) Last() *Result { return &l.Quarters[len(l.Quarters)-1] }

// AddMonths adds n months the way Excel's EDATE does: a day past the end of the
// target month becomes its last day (Nov 30 + 3 months = Feb 28).
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}

type credit struct {
	origin int
	left   decimal.Decimal
}

// Compute runs the ledger from the first contract quarter through quarter
// through (0-based index into Quarters(s)) as of asOf. Every invoice is
// classified, also those of later quarters (for the ledger's own columns).
func Compute(s terms.Supplier, invoices []ledger.Invoice, through int, asOf time.Time) (*Ledger, error) {
	qs := Quarters(s)
	if through < 0 || through >= len(qs) {
		return nil, fmt.Errorf("quarter %d is not among the %d §1.3 quarters of the terms", through+1, len(qs))
	}
	l := &Ledger{AsOf: asOf}
	for _, in := range invoices {
		l.Invoices = append(l.Invoices, Classify(s, qs, in, asOf))
	}
	var credits []credit
	var broughtForward decimal.Decimal
	missed := 0
	final := true
	for k := 0; k <= through; k++ {
		r := Result{Quarter: qs[k], Invoices: map[Status]int{}, BroughtForward: broughtForward}
		for _, in := range l.Invoices {
			if in.Quarter != k {
				continue
			}
			r.Invoices[in.Status]++
			switch in.Status {
			case Counted:
				r.NetSalesBilled = r.NetSalesBilled.Add(in.Net)
			case Pending:
				r.NetSalesBilled = r.NetSalesBilled.Add(in.Net)
				r.Pending = r.Pending.Add(in.Net)
			case Excluded:
				r.Excluded = r.Excluded.Add(in.Net)
			}
		}
		// Credits older than CarryForwardQuarters quarters expire (§1.3).
		kept := credits[:0]
		for _, c := range credits {
			if k-c.origin > s.CarryForwardQuarters {
				if c.left.IsPositive() {
					m := Movement{Origin: c.origin, Quarter: k, Expired: true, Amount: c.left}
					r.Expiries = append(r.Expiries, m)
					r.Expired = r.Expired.Add(c.left)
					l.Movements = append(l.Movements, m)
				}
				continue
			}
			kept = append(kept, c)
		}
		credits = kept
		broughtForward = decimal.Zero
		if r.Defined() {
			req := r.Minimum.Add(r.BroughtForward)
			r.Required = &req
			short := req.Sub(r.NetSalesBilled)
			if short.IsPositive() {
				for i := range credits {
					if !short.IsPositive() {
						break
					}
					use := decimal.Min(short, credits[i].left)
					if !use.IsPositive() {
						continue
					}
					credits[i].left = credits[i].left.Sub(use)
					short = short.Sub(use)
					m := Movement{Origin: credits[i].origin, Quarter: k, Amount: use}
					r.Uses = append(r.Uses, m)
					r.CreditUsed = r.CreditUsed.Add(use)
					l.Movements = append(l.Movements, m)
				}
				r.Shortfall = short
			} else if short.IsNegative() {
				r.Excess = short.Neg()
				credits = append(credits, credit{origin: k, left: r.Excess})
			}
			met := !r.Shortfall.IsPositive()
			r.Met = &met
			if !met {
				missed++
				if s.AddShortfallToNext {
					broughtForward = r.Shortfall
				}
			}
		} else {
			// §4.2(ii) adds a shortfall "to the Minimum Sales for the next period
			// or periods": with no Minimum here it waits for the next one.
			broughtForward = r.BroughtForward
		}
		for _, c := range credits {
			r.CreditBalance = r.CreditBalance.Add(c.left)
		}
		final = final && r.Invoices[Pending] == 0 && asOf.After(r.End)
		r.Final = final
		r.Missed = missed
		r.TermEnd = s.TermEnd
		if s.ExtendTermPerMissedQuarter {
			r.TermEnd = AddMonths(s.TermEnd, 3*missed)
		}
		l.Quarters = append(l.Quarters, r)
	}
	l.TermEnd = l.Last().TermEnd
	return l, nil
}
