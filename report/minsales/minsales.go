// Package minsales keeps the §1.3 Minimum Sales ledger of the Supplier Agreement:
// the contract quarters of the terms (the first begins on the term's first day,
// §2), the Net Sales Billed of each from Arrow's invoices (each invoice counted,
// excluded or pending, with its reason), the Required level (the quarter's
// Minimum plus an earlier shortfall Arrow CMS elected to add, §4.2(ii)), the
// excess carried forward as credits used oldest first for up to
// terms.Supplier.CarryForwardQuarters quarters and then expired, the shortfall
// of a quarter that has ended (§4.1 measures it "at the end of such period"),
// and the term as extended by Arrow's recorded elections (§4.2(iii)).
//
// Arrow's remedies are Arrow's: a shortfall is added to a later Required, and
// the term moves, only where the ledger's Arrow Notices record Arrow's election;
// otherwise the ledger says what Arrow CMS may add and to when it may extend.
// Nothing dated after the as-of date (an invoice, a payment, a notice) is known.
//
// The package is pure computation in decimal: no I/O, no spreadsheet library.
package minsales

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

// Status is what §1.3 makes of one invoice.
type Status string

// The statuses of an invoice.
const (
	// Counted invoices make Net Sales Billed: paid within their terms, or
	// credits (credit memos, and invoices whose returns and discounts reach
	// their amount).
	Counted Status = "counted"
	// Excluded invoices are not paid within their terms (§1.3), or fall outside
	// every contract quarter.
	Excluded Status = "excluded"
	// Pending invoices are unpaid and not yet due: counted provisionally, and the
	// quarter's result is not final.
	Pending Status = "pending"
)

// Words is the status as a person reads it (Schedule C, the status report,
// the ledger's in-place Status column); the reports' subtotals add the
// invoices up by it.
func (s Status) Words() string {
	switch s {
	case Counted:
		return "Counted"
	case Pending:
		return "Pending"
	case Excluded:
		return "Excluded"
	}
	return string(s)
}

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

// Label names the quarter in tables (the reports' schedules, the ledger's
// Invoices sheet): "Quarter ending March 28, 2003", its date in the long form
// as a name in words writes it (issue 15). (The contract numbers only the four
// quarters it lists; the quarters after them are named by their end alone.)
func (q Quarter) Label() string {
	return "Quarter ending " + calendar.Long(q.End)
}

// Words names the quarter in a sentence: "the quarter ending March 28, 2003".
func (q Quarter) Words() string {
	return "the quarter ending " + calendar.Long(q.End)
}

// Defined reports whether the quarter has a Minimum.
func (q Quarter) Defined() bool { return q.Minimum != nil }

// Quarters lists the contract quarters of the terms: the first starts on the
// agreement date, the term's first day (§2: the agreement "shall begin as of
// the date first above written"), each next one the day after the previous end.
func Quarters(s terms.Supplier) []Quarter {
	out := make([]Quarter, 0, len(s.Quarters))
	start := s.AgreementDate
	for i, q := range s.Quarters {
		out = append(out, Quarter{Index: i + 1, Start: start, End: q.End, Minimum: q.Minimum, Note: q.Note})
		start = q.End.AddDate(0, 0, 1)
	}
	return out
}

// ThroughEnd returns the index (0-based) of the last contract quarter that ends
// on or before end, -1 when none does: the last quarter a certificate for the
// calendar quarter ending on end reports.
func ThroughEnd(qs []Quarter, end time.Time) int {
	found := -1
	for i, q := range qs {
		if !q.End.After(end) {
			found = i
		}
	}
	return found
}

// Invoice is one invoice with what §1.3 makes of it.
type Invoice struct {
	ledger.Invoice
	// Quarter is the index (0-based) of the contract quarter the invoice is
	// dated in; -1 when it is in none.
	Quarter int
	// Net is Amount - Returns - Discounts, rounded to the cent.
	Net decimal.Decimal
	// Due is the day by which payment is within its terms: the Due Date, moved
	// to the next business day when it falls on a weekend or a US federal
	// holiday and the terms say so (terms.Supplier.PaymentDue).
	Due    time.Time
	Status Status
	Reason string
}

// day keys a quarter by its end date.
const day = "2006-01-02"

// Classify decides the status of one invoice as of asOf. A payment dated after
// asOf is not yet known on asOf: the invoice is then treated as unpaid. "Paid
// within its terms" is paid by s.PaymentDue(Due Date): with the terms'
// DueOnNextBusinessDay, a Due Date on a weekend or a holiday is payable the
// next business day, as for a §1.5 payment default. A credit (Net zero or
// below: a credit memo, or returns and discounts reaching the amount) always
// counts, however it was paid.
func Classify(s terms.Supplier, qs []Quarter, in ledger.Invoice, asOf time.Time) Invoice {
	r := Invoice{Invoice: in, Quarter: -1, Net: in.Amount.Sub(in.Returns).Sub(in.Discounts).Round(2), Due: s.PaymentDue(in.Due)}
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
			r.Reason = fmt.Sprintf("dated before the term began on %s (§2): in no §1.3 quarter", calendar.Long(qs[0].Start))
		}
		return r
	case r.Quarter < 0:
		r.Status, r.Reason = Excluded, fmt.Sprintf("dated after the last §1.3 quarter of the terms (ending %s)", calendar.Long(qs[len(qs)-1].End))
		return r
	case in.Amount.IsNegative():
		r.Status, r.Reason = Counted, "credit memo: always reduces Net Sales Billed (§1.3: net of returns and discounts)"
		return r
	case !r.Net.IsPositive():
		r.Status = Counted
		r.Reason = fmt.Sprintf("a credit: returns and discounts of %s against an amount of %s leave a net of %s, counted whatever its payment, as a credit memo is (§1.3: net of returns and discounts)",
			in.Returns.Add(in.Discounts).StringFixed(2), in.Amount.StringFixed(2), r.Net.StringFixed(2))
		return r
	}
	paid := in.Paid
	known := !paid.IsZero() && !paid.After(asOf)
	due := r.Due
	moved := s.PaymentDueNote(in.Due)
	switch {
	case known && paid.After(due):
		days := calendar.DaysInclusive(due, paid) - 1
		r.Status = Excluded
		r.Reason = fmt.Sprintf("paid %s, %d day%s after its Due Date %s%s: not paid within its terms (§1.3)", calendar.Long(paid), days, plural(days), calendar.Long(in.Due), moved)
	case known:
		r.Status = Counted
		r.Reason = fmt.Sprintf("paid %s, within its terms (due %s%s)", calendar.Long(paid), calendar.Long(in.Due), moved)
	case due.Before(asOf):
		r.Status = Excluded
		r.Reason = fmt.Sprintf("unpaid as of %s, past its Due Date %s%s: not paid within its terms (§1.3)", calendar.Long(asOf), calendar.Long(in.Due), moved)
		if !paid.IsZero() {
			r.Reason = fmt.Sprintf("paid %s, after the as-of date; unpaid on %s and past its Due Date %s%s: not paid within its terms (§1.3)", calendar.Long(paid), calendar.Long(asOf), calendar.Long(in.Due), moved)
		}
	default:
		r.Status = Pending
		r.Reason = fmt.Sprintf("unpaid as of %s and not yet due (due %s%s): counted provisionally, the quarter's result is not final", calendar.Long(asOf), calendar.Long(in.Due), moved)
		if !paid.IsZero() {
			r.Reason = fmt.Sprintf("paid %s, after the as-of date; not yet due on %s (due %s%s): counted provisionally, the quarter's result is not final", calendar.Long(paid), calendar.Long(asOf), calendar.Long(in.Due), moved)
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

// Carried is an earlier quarter's shortfall flowing to a later quarter's
// Required (§4.2(ii): "add the amount of the period's shortfall to the Minimum
// Sales for the next period or periods").
type Carried struct {
	// Origin is the index (0-based) of the quarter that missed.
	Origin int
	Amount decimal.Decimal
	// Election is Arrow's recorded Add Shortfall election; nil when none is
	// recorded (Arrow CMS may still add it).
	Election *ledger.Notice
}

// Result is one quarter of the ledger.
type Result struct {
	Quarter
	// Ended is true when the quarter ended on or before the as-of date: only
	// then is its Minimum Sales measured (§4.1: "as measured at the end of such
	// period").
	Ended bool
	// ShortfallAdded is the earlier shortfall Arrow CMS elected to add to this
	// quarter's Minimum (§4.2(ii), AddedFrom by origin); MayAdd is the earlier
	// shortfall no election has added, which Arrow CMS may add (MayAddFrom).
	// When this quarter has no Minimum both wait for the next one defined.
	ShortfallAdded, MayAdd decimal.Decimal
	AddedFrom, MayAddFrom  []Carried
	// Required is Minimum + ShortfallAdded; nil when the Minimum is not defined.
	Required *decimal.Decimal
	// NetSalesBilled is the counted and the pending invoices' Net; Pending is the
	// pending part of it and Excluded the Net of the excluded invoices.
	NetSalesBilled, Pending, Excluded decimal.Decimal
	// Invoices counts the quarter's invoices by status.
	Invoices map[Status]int
	// CreditUsed is the carried excess used, oldest first; Uses by origin.
	CreditUsed decimal.Decimal
	Uses       []Movement
	// Excess is Net Sales Billed over Required, carried forward as a credit
	// (to date while the quarter has not ended).
	Excess decimal.Decimal
	// Expired is the credit that reached this quarter unused after its last
	// usable quarter; Expiries by origin.
	Expired  decimal.Decimal
	Expiries []Movement
	// CreditBalance is the unexpired credit left after the quarter.
	CreditBalance decimal.Decimal
	// Shortfall is what remains short after the credits once the quarter has
	// ended; zero while it has not. Remaining is what is still to be billed
	// to reach Required, to date, in a quarter that has not ended.
	Shortfall, Remaining decimal.Decimal
	// Met is nil when the Minimum is not defined or the quarter has not ended.
	Met *bool
	// Final is false while an invoice of this or an earlier quarter is pending,
	// or the quarter has not ended on the as-of date.
	Final bool
	// Notice, AddElection, ExtendElection and Waiver are Arrow's recorded
	// notices about this quarter (the earliest of each kind), nil when none is
	// recorded. Elections and notices are applied only to a shortfall.
	Notice, AddElection, ExtendElection, Waiver *ledger.Notice
	// Missed counts the quarters through this one whose Minimum Sales were
	// not achieved; Extendable those of them whose shortfall Arrow has not
	// waived, Extended those Arrow elected to extend the term for.
	Missed, Extendable, Extended int
	// TermEnd is the term's end after the extensions recorded through this
	// quarter (§2, §4.2(iii)); TermEndIfExtended its end if Arrow CMS extends
	// it for every missed quarter not waived.
	TermEnd, TermEndIfExtended time.Time
}

// Missing reports whether the quarter has ended with a shortfall.
func (r *Result) Missing() bool { return r.Met != nil && !*r.Met }

// Ledger is the §1.3 Minimum Sales ledger through one quarter.
type Ledger struct {
	// Quarters are the quarters from the first through the one asked; empty
	// when none was.
	Quarters []Result
	// Invoices is every invoice of the ledger dated on or before the as-of
	// date, in its order, classified.
	Invoices  []Invoice
	Movements []Movement
	// TermEnd is the term's end with every extension Arrow's recorded
	// elections make, as of AsOf; TermEndIfExtended its end if Arrow CMS
	// extends it for every quarter missed so far and not waived.
	TermEnd, TermEndIfExtended time.Time
	// Extended counts the quarters Arrow elected to extend the term for;
	// Extendable the missed quarters not waived (Arrow may extend for each).
	Extended, Extendable int
	AsOf                 time.Time
	// Unknown counts what is dated after AsOf and so not yet known: invoices,
	// payments of invoices dated before it, and notices (none counts anywhere).
	Unknown Unknown
	// Warnings are remarks about Arrow's notices (recorded for a quarter with
	// no shortfall, recorded twice).
	Warnings []string
}

// Unknown counts the records dated after the as-of date.
type Unknown struct {
	Invoices, Payments, Notices int
}

// Reported is the quarter the ledger runs through; nil when it has none.
func (l *Ledger) Reported() *Result {
	if len(l.Quarters) == 0 {
		return nil
	}
	return &l.Quarters[len(l.Quarters)-1]
}

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

// NoticeError is a recorded notice that cannot hold with the terms.
type NoticeError struct {
	Notice ledger.Notice
	// Cell and Column locate the problem in the Arrow Notices sheet.
	Cell, Column string
	Err          error
}

// NoticeErrors are every NoticeError found; In places them in the ledger file.
type NoticeErrors []NoticeError

func (es NoticeErrors) Error() string {
	var parts []string
	for _, e := range es {
		parts = append(parts, fmt.Sprintf("%s, cell %s (%s): %v", ledger.SheetNotices, e.Cell, e.Column, e.Err))
	}
	return strings.Join(parts, "\n")
}

// In returns the problems as input errors of the ledger file (exit status 2).
func (es NoticeErrors) In(file string) error {
	out := &ledger.Errors{Count: len(es)}
	for _, e := range es {
		out.List = append(out.List, ledger.NoticeError(file, e.Cell, e.Column, e.Err))
	}
	return out
}

// Compute runs the ledger as of asOf from the first contract quarter through
// quarter through (0-based index into Quarters(s); -1 for none), applying
// Arrow's recorded notices. Every invoice dated by asOf is classified, also
// those of later quarters (for the ledger's own columns); what is dated after
// asOf is counted in Unknown and used nowhere. Notices that cannot hold (a
// Quarter End that ends no quarter, an election dated before its quarter ended,
// a waiver and an election for the same quarter) are a NoticeErrors.
func Compute(s terms.Supplier, invoices []ledger.Invoice, notices []ledger.Notice, through int, asOf time.Time) (*Ledger, error) {
	qs := Quarters(s)
	if through < -1 || through >= len(qs) {
		return nil, fmt.Errorf("quarter %d is not among the %d §1.3 quarters of the terms", through+1, len(qs))
	}
	l := &Ledger{AsOf: asOf, TermEnd: s.TermEnd, TermEndIfExtended: s.TermEnd}
	for _, in := range invoices {
		if in.Date.After(asOf) {
			l.Unknown.Invoices++
			continue
		}
		if !in.Paid.IsZero() && in.Paid.After(asOf) {
			l.Unknown.Payments++
		}
		l.Invoices = append(l.Invoices, Classify(s, qs, in, asOf))
	}
	byQuarter, err := l.notices(qs, notices)
	if err != nil {
		return nil, err
	}

	// Every quarter that has ended by asOf is computed, for the elections
	// recorded about it; those after through are not listed.
	last := through
	for k := range qs {
		if !qs[k].End.After(asOf) {
			last = max(last, k)
		}
	}
	var credits []credit
	var added, mayAdd []Carried // shortfalls waiting for the next Minimum
	missed, extendable, extended := 0, 0, 0
	final := true
	for k := 0; k <= last; k++ {
		r := Result{Quarter: qs[k], Invoices: map[Status]int{}, Ended: !qs[k].End.After(asOf)}
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
		r.AddedFrom, r.MayAddFrom = added, mayAdd
		r.ShortfallAdded, r.MayAdd = sumCarried(added), sumCarried(mayAdd)
		if r.Defined() {
			// §4.2(ii) adds a shortfall "to the Minimum Sales for the next period
			// or periods": with no Minimum here it waits for the next one.
			added, mayAdd = nil, nil
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
		if r.Defined() {
			req := r.Minimum.Add(r.ShortfallAdded)
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
			} else if short.IsNegative() {
				r.Excess = short.Neg()
				credits = append(credits, credit{origin: k, left: r.Excess})
				short = decimal.Zero
			}
			if r.Ended {
				r.Shortfall = short
				met := !short.IsPositive()
				r.Met = &met
			} else {
				r.Remaining = short
			}
		}
		for _, c := range credits {
			r.CreditBalance = r.CreditBalance.Add(c.left)
		}
		l.apply(&r, byQuarter[k])
		if r.Missing() {
			missed++
			switch {
			case r.Waiver != nil:
			case r.AddElection != nil:
				added = append(added, Carried{Origin: k, Amount: r.Shortfall, Election: r.AddElection})
			default:
				mayAdd = append(mayAdd, Carried{Origin: k, Amount: r.Shortfall})
			}
			if r.Waiver == nil {
				extendable++
				if r.ExtendElection != nil {
					extended++
				}
			}
		}
		final = final && r.Invoices[Pending] == 0 && r.Ended
		r.Final = final
		r.Missed, r.Extendable, r.Extended = missed, extendable, extended
		r.TermEnd = AddMonths(s.TermEnd, 3*extended)
		r.TermEndIfExtended = AddMonths(s.TermEnd, 3*extendable)
		if k <= through {
			l.Quarters = append(l.Quarters, r)
		}
		l.TermEnd, l.TermEndIfExtended = r.TermEnd, r.TermEndIfExtended
		l.Extended, l.Extendable = extended, extendable
	}
	return l, nil
}

func sumCarried(cs []Carried) decimal.Decimal {
	var sum decimal.Decimal
	for _, c := range cs {
		sum = sum.Add(c.Amount)
	}
	return sum
}

// notices checks the notices known on the as-of date against the quarters of
// the terms and sorts them by quarter (index) and date.
func (l *Ledger) notices(qs []Quarter, notices []ledger.Notice) (map[int][]ledger.Notice, error) {
	ends := map[string]int{}
	var endList []string
	for i, q := range qs {
		ends[q.End.Format(day)] = i
		endList = append(endList, calendar.Long(q.End))
	}
	byQuarter := map[int][]ledger.Notice{}
	var errs NoticeErrors
	for _, n := range notices {
		if n.Date.After(l.AsOf) {
			l.Unknown.Notices++
			continue
		}
		k, ok := ends[n.QuarterEnd.Format(day)]
		if !ok {
			errs = append(errs, NoticeError{n, n.QuarterEndCell, ledger.ColNoticeQuarterEnd,
				fmt.Errorf("%s is not the end of a §1.3 quarter of the terms (they end %s)", calendar.Long(n.QuarterEnd), strings.Join(endList, "; "))})
			continue
		}
		if n.Kind != ledger.NoticeWaiver && n.Date.Before(n.QuarterEnd) {
			errs = append(errs, NoticeError{n, n.DateCell, ledger.ColNoticeDate,
				fmt.Errorf("%s %s is dated %s, before %s ended: Minimum Sales are measured at the end of the period (§4.1)",
					n.Kind.Label(), n.Kind.Clause(), calendar.Long(n.Date), qs[k].Words())})
			continue
		}
		byQuarter[k] = append(byQuarter[k], n)
	}
	for k, ns := range byQuarter {
		sort.SliceStable(ns, func(i, j int) bool { return ns[i].Date.Before(ns[j].Date) })
		var waiver *ledger.Notice
		for i := range ns {
			if ns[i].Kind == ledger.NoticeWaiver && waiver == nil {
				waiver = &ns[i]
			}
		}
		if waiver == nil {
			continue
		}
		for _, n := range ns {
			if n.Kind == ledger.NoticeAddShortfall || n.Kind == ledger.NoticeExtendTerm {
				errs = append(errs, NoticeError{n, n.KindCell, ledger.ColNotice,
					fmt.Errorf("%s for %s, which row %d records Arrow CMS waived (§7.6): Arrow cannot both waive the shortfall and elect a remedy for it (§4.2); delete the row that does not hold",
						n.Kind.Label(), qs[k].Words(), waiver.Row)})
			}
		}
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Notice.Row < errs[j].Notice.Row })
		return nil, errs
	}
	return byQuarter, nil
}

// apply records a quarter's notices on its result: the earliest of each kind,
// when the quarter ended with a shortfall; otherwise each is a warning and is
// not applied.
func (l *Ledger) apply(r *Result, ns []ledger.Notice) {
	for i := range ns {
		n := &ns[i]
		var slot **ledger.Notice
		switch n.Kind {
		case ledger.NoticeDefault:
			slot = &r.Notice
		case ledger.NoticeAddShortfall:
			slot = &r.AddElection
		case ledger.NoticeExtendTerm:
			slot = &r.ExtendElection
		case ledger.NoticeWaiver:
			slot = &r.Waiver
		default:
			continue
		}
		if !r.Missing() {
			why := "whose Minimum Sales the books show achieved"
			switch {
			case !r.Defined():
				why = "which has no Minimum Sales in the terms"
			case !r.Ended:
				why = "which has not ended"
			}
			l.Warnings = append(l.Warnings, fmt.Sprintf("%s: %s %s for %s, %s: not applied (§4.2 concerns a quarter whose Minimum Sales were not achieved; compare Arrow CMS's records, §1.3)",
				n.Where(), n.Kind.Label(), n.Kind.Clause(), r.Words(), why))
			continue
		}
		if *slot != nil {
			l.Warnings = append(l.Warnings, fmt.Sprintf("%s: a second %s for %s (the first is row %d, dated %s): the first is used",
				n.Where(), n.Kind.Label(), r.Words(), (*slot).Row, calendar.Long((*slot).Date)))
			continue
		}
		*slot = n
	}
}
