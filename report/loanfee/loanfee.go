// Package loanfee computes the $150,000 Extension Fee of Amendment No. 10 to the Loan
// and Security Agreement (Amendment A.3): the installments of the Base Fee and the
// Additional Fee, the waivers a Purchase Offer, a Financing Commitment or Full
// Payment brings, what was paid and what is still owed as of a date, the monthly
// amortization of the deferred financing cost through the end of the Initial Term
// (Amendment B.3), the write-off on Full Payment, and the journal entries that book
// it all.
//
// The package is pure: decimal arithmetic on typed records, no I/O, no spreadsheet
// library. Amounts are rounded once, half away from zero to the cent, per month; the
// last month (or the write-off) takes the residue, so that the expense and the
// write-off add up to the fee payable exactly.
package loanfee

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	dollarfmt "github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/terms"
)

// What a delivery was (Amendment A.3 (i) and (ii)).
const (
	PurchaseOffer       = "Purchase Offer"
	FinancingCommitment = "Financing Commitment"
)

// Delivery is the delivery of a Purchase Offer (§10.19 as amended, Amendment B.4) or
// of a Financing Commitment to the Agent and the Lenders.
type Delivery struct {
	Kind  string // PurchaseOffer or FinancingCommitment
	Date  time.Time
	Where string // where the event is recorded, e.g. "Fee Events row 3"; for notes
}

// Payment is one payment of the Extension Fee.
type Payment struct {
	Date   time.Time
	Amount decimal.Decimal
	// Installment is the installment ID the payment is for; empty: the
	// installments open on the payment's date, oldest due first.
	Installment string
	Where       string // e.g. "Fee Payments row 4"; for warnings
}

// Input is what happened: the events of Amendment A.3 and the payments.
type Input struct {
	// Execution is the date the Amendment was executed by all parties, on which
	// the fee is earned and base-1 is due; zero: the date it is dated as of.
	Execution  time.Time
	Deliveries []Delivery
	// FullPayment is the date the Indebtedness was fully and irrevocably paid;
	// zero: not (yet).
	FullPayment time.Time
	Payments    []Payment
}

// Status of an installment as of the report date.
type Status string

// Statuses.
const (
	Open     Status = "open"      // not yet due, or due today, and not paid in full
	Paid     Status = "paid"      // paid in full on or before its due date
	PaidLate Status = "paid_late" // paid in full, the last of it after its due date
	Late     Status = "late"      // not paid in full after its due date
	Waived   Status = "waived"    // waived by the Agent and the Lenders (Amendment A.3)
)

// Installment is one installment of the Extension Fee as it stands.
type Installment struct {
	// ID is the installment's code (the terms', what the loan workbook's
	// Fee Payments name); Name says it in words, "Base Fee, installment 1 of
	// 4", for what a person reads.
	ID     string
	Name   string
	Fee    string // terms.BaseFee or terms.AdditionalFee
	Due    time.Time
	Amount decimal.Decimal
	// WaivedAmount is the part of Amount waived (all of it or nothing), WaivedOn
	// the date of the event that waived it, and Basis that event in words.
	WaivedAmount decimal.Decimal
	WaivedOn     time.Time
	Basis        string
	// Payable is Amount - WaivedAmount.
	Payable decimal.Decimal
	// Paid is what was paid on it on or before the as-of date; LastPayment the date
	// of the last such payment.
	Paid        decimal.Decimal
	LastPayment time.Time
	// Credit is the part of Paid the installment does not owe, held by the Agent
	// as a credit of the Debtor (see Credit): what was paid on it before or after
	// it was waived, or beyond its amount.
	Credit decimal.Decimal
	// PaidOn is the date the payments on it first covered its amount (zero: not
	// paid in full, or waived).
	PaidOn time.Time
	Status Status
}

// IsWaived reports whether the installment was waived.
func (i Installment) IsWaived() bool { return !i.WaivedOn.IsZero() }

// Applied is what was paid on the installment and counts against it: Paid less
// Credit.
func (i Installment) Applied() decimal.Decimal { return i.Paid.Sub(i.Credit) }

// Outstanding is what is still owed on the installment: Payable - Paid + Credit
// (never negative: what was paid beyond it is Credit).
func (i Installment) Outstanding() decimal.Decimal { return i.Payable.Sub(i.Applied()) }

// DaysLate is, for an installment paid late, the days from its due date to the
// day it was paid in full; for one late, the days from its due date to asOf;
// otherwise 0.
func (i Installment) DaysLate(asOf time.Time) int {
	switch i.Status {
	case PaidLate:
		return calendar.DaysInclusive(i.Due, i.PaidOn) - 1
	case Late:
		return calendar.DaysInclusive(i.Due, asOf) - 1
	}
	return 0
}

// How a credit arose.
const (
	// CreditWaived: paid on an installment that the Agent and the Lenders waived,
	// before the waiver (the credit arises on the waiver's date) or after it (on
	// the payment's date).
	CreditWaived = "waived"
	// CreditOverpaid: a payment naming an installment, beyond what it still owed.
	CreditOverpaid = "overpaid"
	// CreditUnapplied: a payment naming no installment, beyond every installment
	// open on its date.
	CreditUnapplied = "unapplied"
)

// Credit is money the Agent holds that no installment owes (Amendment A.3 waives
// the installments, it does not move what was paid on them): the Debtor's to
// apply to an installment still open or to have refunded. covenant never applies
// it: which of the two is for the Debtor and the Agent, and neither is recorded
// in the loan workbook.
type Credit struct {
	// Date is the day the credit arose: the waiver's date for a payment made
	// before it, else the payment's date.
	Date   time.Time
	Amount decimal.Decimal
	Kind   string // CreditWaived, CreditOverpaid or CreditUnapplied
	// Installment is the installment it arose on ("" for CreditUnapplied).
	Installment string
	// ByWaiver says it arose when the installment was waived, from payments made
	// before.
	ByWaiver bool
	// Basis says in words how it arose, with the payments' dates and rows.
	Basis string
}

// Month is one month of the amortization of the deferred financing cost.
type Month struct {
	Start    time.Time // first day of the month
	From, To time.Time // the days amortized in the month, both included; zero when none
	Days     int
	// Remaining is the number of days left in the Initial Term on From, From
	// included (0 when no day is amortized): the balance is spread over them.
	Remaining int
	Opening   decimal.Decimal
	// WaiverReduction is the waived installments taken off the balance in the month.
	WaiverReduction decimal.Decimal
	// Expense is the amortization expense of the month: the balance spread
	// over its days (never negative).
	Expense decimal.Decimal
	// Reversed is the expense of earlier months reversed in this one: the
	// part of a waiver larger than the unamortized balance left on its day
	// (what was waived had been expensed already). Expense - Reversed is the
	// month's net charge.
	Reversed   decimal.Decimal
	WrittenOff decimal.Decimal
	// Closing is Opening - WaiverReduction + Reversed - Expense - WrittenOff.
	Closing decimal.Decimal
	// Spans are how the month's expense was computed: the days amortized,
	// each run of them spread over the days left, and the waiver taken after
	// it (a formula in the report redoes it).
	Spans []Span
	// Plain says that Expense = ROUND(Opening * Days / Remaining, 2): no waiver, no
	// write-off, not the last month.
	Plain bool
	// Residue says which amount of the last month takes the rounding residue so
	// that the balance closes at zero: "expense", "write-off" or "" (not last).
	Residue string
	// Basis is the computation in words.
	Basis string
}

// Span is a run of days of a month amortized together: Days of the balance
// spread over Left days left in the Initial Term, then Waiver (zero: none)
// taken off the balance.
type Span struct {
	Days, Left int
	Waiver     decimal.Decimal
}

// Line is one line of a journal entry.
type Line struct {
	Account       string
	Debit, Credit decimal.Decimal
}

// Entry is one journal entry.
type Entry struct {
	No    int
	Date  time.Time
	Memo  string
	Lines []Line
	// Source is where its amount comes from, for a report to refer to.
	Source Source
}

// What a journal entry's amount is (Source.Kind).
const (
	FromFee      = "fee"      // the Extension Fee as scheduled
	FromWaivers  = "waivers"  // installments waived that day (Source.Installments)
	FromPayment  = "payment"  // a payment (Source.Payment, in Applied)
	FromExpense  = "expense"  // a month's expense (Source.Month)
	FromReversal = "reversal" // a month's reversal of earlier expense
	FromWriteOff = "writeoff" // the write-off on Full Payment (Source.Month)
)

// Source says where a journal entry's amount comes from.
type Source struct {
	Kind         string
	Installments []int // indexes into Installments
	Payment      int   // index into Applied
	Month        int   // index into Months
}

// Schedule is the Extension Fee as of a date.
type Schedule struct {
	Execution time.Time
	TermEnd   time.Time // end of the Initial Term (Amendment B.3)
	// AmortizationEnd is the last day amortized: the term end, or the Full Payment
	// date when Full Payment came first.
	AmortizationEnd time.Time
	// FullPayment is the Full Payment date taken into account (zero: none).
	FullPayment time.Time
	AsOf        time.Time

	// Installments are in the order they fall due.
	Installments []Installment
	// Scheduled, Waived, Payable and Paid are the totals of the installments.
	Scheduled, Waived, Payable, Paid decimal.Decimal
	// Outstanding is what is still owed on the installments (their Outstanding).
	Outstanding decimal.Decimal
	// Unapplied is what payments naming no installment paid beyond every
	// installment open on their dates (part of Credit, in no installment's Paid).
	Unapplied decimal.Decimal
	// Credits are the credits held by the Agent, in the order they arose; Credit
	// is their total.
	Credits []Credit
	Credit  decimal.Decimal

	Months []Month
	// TotalExpense is the net amortization expense: the months' expense less
	// what they reversed (Reversed).
	TotalExpense decimal.Decimal
	Reversed     decimal.Decimal
	WrittenOff   decimal.Decimal

	// Journal holds the entries dated on or before the as-of date.
	Journal []Entry
	// Applied are the payments taken into account, in date order.
	Applied []AppliedPayment
	// Notes say how each event was applied; Warnings are things to look at.
	Notes, Warnings []string
}

// precision is the number of decimal places carried in the divisions of the
// amortization before each month's amount is rounded to the cent.
const precision = 24

// Compute applies Amendment A.3 to what happened, as of asOf: events and payments
// dated after asOf are left out (with a warning).
func Compute(l terms.Loan, in Input, asOf time.Time) (*Schedule, error) {
	s := &Schedule{Execution: in.Execution, TermEnd: l.InitialTermEnd, AsOf: asOf}
	if s.Execution.IsZero() {
		s.Execution = l.AmendmentDate
	}
	if s.Execution.After(s.TermEnd) {
		return nil, fmt.Errorf("the execution date %s is after the end of the Initial Term %s (Amendment B.3)", calendar.Long(s.Execution), calendar.Long(s.TermEnd))
	}
	if !in.FullPayment.IsZero() && in.FullPayment.Before(s.Execution) {
		return nil, fmt.Errorf("Full Payment on %s is before the execution date %s", calendar.Long(in.FullPayment), calendar.Long(s.Execution))
	}
	if len(l.Installments) == 0 {
		return nil, fmt.Errorf("the terms list no Extension Fee installments (Amendment A.3)")
	}

	// What happened as of asOf.
	var deliveries []Delivery
	for _, d := range in.Deliveries {
		if d.Date.After(asOf) {
			s.Warnings = append(s.Warnings, fmt.Sprintf("%s delivered on %s%s is after the as-of date %s: left out", d.Kind, calendar.Long(d.Date), where(d.Where), calendar.Long(asOf)))
			continue
		}
		deliveries = append(deliveries, d)
	}
	sort.SliceStable(deliveries, func(i, j int) bool { return deliveries[i].Date.Before(deliveries[j].Date) })
	fp := in.FullPayment
	if !fp.IsZero() && fp.After(asOf) {
		s.Warnings = append(s.Warnings, fmt.Sprintf("Full Payment on %s is after the as-of date %s: left out", calendar.Long(fp), calendar.Long(asOf)))
		fp = time.Time{}
	}
	// Full Payment "prior to the end of the Initial Term" waives what is due after it;
	// the term ends at the end of its last day.
	fpWaives := !fp.IsZero() && !fp.After(s.TermEnd)
	s.FullPayment = fp

	// The schedule and its waivers.
	ids := map[string]int{}
	for _, ti := range l.Installments {
		due := ti.Due
		if ti.DueOnExecution() {
			due = s.Execution
		}
		it := Installment{ID: ti.ID, Fee: ti.Fee, Due: due, Amount: ti.Amount}
		for _, d := range deliveries {
			if ti.Fee == terms.AdditionalFee && !d.Date.After(l.AdditionalFeeWaiverDeadline) && !due.Before(d.Date) {
				it.WaivedOn = d.Date
				it.Basis = fmt.Sprintf("%s delivered %s, no later than %s: the Additional Fee due on or after that date is waived (Amendment A.3)",
					d.Kind, calendar.Long(d.Date), calendar.Long(l.AdditionalFeeWaiverDeadline))
				break // deliveries are in date order: the first is the earliest
			}
		}
		if fpWaives && due.After(fp) && (it.WaivedOn.IsZero() || fp.Before(it.WaivedOn)) {
			it.WaivedOn = fp
			it.Basis = fmt.Sprintf("Full Payment on %s, before the end of the Initial Term (%s): amounts scheduled after that date are waived (Amendment A.3)",
				calendar.Long(fp), calendar.Long(s.TermEnd))
		}
		if it.IsWaived() {
			it.WaivedAmount = it.Amount
		}
		it.Payable = it.Amount.Sub(it.WaivedAmount)
		s.Installments = append(s.Installments, it)
		s.Scheduled = s.Scheduled.Add(it.Amount)
		s.Waived = s.Waived.Add(it.WaivedAmount)
		s.Payable = s.Payable.Add(it.Payable)
	}
	// in the order they fall due (the terms' order on the same day)
	sort.SliceStable(s.Installments, func(i, j int) bool { return s.Installments[i].Due.Before(s.Installments[j].Due) })
	for i, it := range s.Installments {
		ids[strings.ToLower(it.ID)] = i
	}
	s.nameInstallments()
	s.notes(l, deliveries, fp, fpWaives)

	if err := s.applyPayments(in.Payments, ids); err != nil {
		return nil, err
	}
	for i := range s.Installments {
		it := &s.Installments[i]
		switch {
		case it.IsWaived():
			it.Status = Waived
		case !it.Applied().LessThan(it.Payable):
			it.Status = Paid
			if it.PaidOn.After(it.Due) {
				it.Status = PaidLate
			}
		case asOf.After(it.Due):
			it.Status = Late
		default:
			it.Status = Open
		}
		s.Paid = s.Paid.Add(it.Paid)
		s.Outstanding = s.Outstanding.Add(it.Outstanding())
	}
	for _, c := range s.Credits {
		s.Credit = s.Credit.Add(c.Amount)
	}
	s.creditNotes()

	s.amortize(fpWaives)
	if fpWaives {
		last := s.Months[len(s.Months)-1]
		switch {
		case s.WrittenOff.IsPositive():
			s.Notes = append(s.Notes, fmt.Sprintf("The fee is amortized through %s and the %s left is written off that day (loss on extinguishment)", calendar.Long(fp), dollars(s.WrittenOff)))
		case last.Reversed.IsPositive():
			s.Notes = append(s.Notes, fmt.Sprintf("The fee is amortized through %s; nothing is left to write off at Full Payment: the waivers exceeded the unamortized balance, and %s of the amortization already expensed is reversed in %s", calendar.Long(fp), dollars(last.Reversed), last.Start.Format("January 2006")))
		default:
			s.Notes = append(s.Notes, fmt.Sprintf("The fee is amortized through %s; nothing is left to write off", calendar.Long(fp)))
		}
	}
	s.journal(l.Accounts)
	return s, nil
}

// nameInstallments names each installment in words by its fee and its place
// among that fee's installments, in the order they fall due.
func (s *Schedule) nameInstallments() {
	count := map[string]int{}
	for _, it := range s.Installments {
		count[it.Fee]++
	}
	seen := map[string]int{}
	for i := range s.Installments {
		it := &s.Installments[i]
		seen[it.Fee]++
		it.Name = fmt.Sprintf("%s, installment %d of %d", FeeName(it.Fee), seen[it.Fee], count[it.Fee])
	}
}

// FeeName is a fee in words: "Base Fee", "Additional Fee" (Amendment A.3).
func FeeName(fee string) string {
	switch fee {
	case terms.BaseFee:
		return "Base Fee"
	case terms.AdditionalFee:
		return "Additional Fee"
	}
	return fee
}

// InstallmentName is the name of the installment with the given ID ("" when
// none has it).
func (s *Schedule) InstallmentName(id string) string {
	for _, it := range s.Installments {
		if strings.EqualFold(it.ID, id) {
			return it.Name
		}
	}
	return id
}

// notes records how each event was applied.
func (s *Schedule) notes(l terms.Loan, deliveries []Delivery, fp time.Time, fpWaives bool) {
	s.Notes = append(s.Notes, fmt.Sprintf("Executed %s: the whole Extension Fee of %s is earned and booked that day, and amortized by actual days through the end of the Initial Term %s (%d days; Amendment A.3, B.3)",
		calendar.Long(s.Execution), dollars(s.Scheduled), calendar.Long(s.TermEnd), calendar.DaysInclusive(s.Execution, s.TermEnd)))
	for _, d := range deliveries {
		var waived []string
		for _, it := range s.Installments {
			if it.IsWaived() && it.WaivedOn.Equal(d.Date) && strings.HasPrefix(it.Basis, d.Kind) {
				waived = append(waived, "the "+it.Name)
			}
		}
		var what string
		switch {
		case d.Date.After(l.AdditionalFeeWaiverDeadline):
			what = fmt.Sprintf("after the deadline of %s: it waives nothing", calendar.Long(l.AdditionalFeeWaiverDeadline))
		case len(waived) == 0:
			what = "no Additional Fee installment left to waive on or after it"
		default:
			what = "waives " + strings.Join(waived, ", ")
		}
		s.Notes = append(s.Notes, fmt.Sprintf("%s delivered %s%s: %s (Amendment A.3)", d.Kind, calendar.Long(d.Date), where(d.Where), what))
	}
	switch {
	case fp.IsZero():
	case !fpWaives:
		s.Notes = append(s.Notes, fmt.Sprintf("Full Payment on %s, after the end of the Initial Term: it waives nothing and the fee is fully amortized", calendar.Long(fp)))
	default:
		var waived []string
		for _, it := range s.Installments {
			if it.WaivedOn.Equal(fp) && strings.HasPrefix(it.Basis, "Full Payment") {
				waived = append(waived, "the "+it.Name)
			}
		}
		what := "nothing was left to waive"
		if len(waived) > 0 {
			what = "waives " + strings.Join(waived, ", ")
		}
		s.Notes = append(s.Notes, fmt.Sprintf("Full Payment on %s, before the end of the Initial Term: %s (Amendment A.3)", calendar.Long(fp), what))
	}
}

// applyPayments applies the payments dated on or before the as-of date in date
// order, each as of its own date: a payment naming an installment goes to it; one
// naming none goes to the installments open on its date (not paid in full, not
// waived by then), oldest due first. A waiver takes effect on its event's date,
// before the payments of that day; what had been paid on the installment it
// waives becomes a credit then. Nothing is moved afterwards with what became
// known later: a credit stays a credit (see Credit).
func (s *Schedule) applyPayments(payments []Payment, ids map[string]int) error {
	ps := append([]Payment(nil), payments...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Date.Before(ps[j].Date) })
	var known []Payment
	for _, p := range ps {
		if p.Date.After(s.AsOf) {
			s.Warnings = append(s.Warnings, fmt.Sprintf("payment of %s on %s%s is after the as-of date %s: left out", dollars(p.Amount), calendar.Long(p.Date), where(p.Where), calendar.Long(s.AsOf)))
			continue
		}
		if !p.Amount.IsPositive() {
			return fmt.Errorf("payment of %s on %s%s: the amount must be positive", p.Amount.StringFixed(2), calendar.Long(p.Date), where(p.Where))
		}
		if p.Installment != "" {
			if _, ok := ids[strings.ToLower(strings.TrimSpace(p.Installment))]; !ok {
				return fmt.Errorf("payment on %s%s names the installment %q, which is not in the schedule (%s)", calendar.Long(p.Date), where(p.Where), p.Installment, s.idList())
			}
		}
		known = append(known, p)
	}

	// the waivers in the order they take effect
	var waivers []int
	for i, it := range s.Installments {
		if it.IsWaived() {
			waivers = append(waivers, i)
		}
	}
	sort.SliceStable(waivers, func(a, b int) bool {
		return s.Installments[waivers[a]].WaivedOn.Before(s.Installments[waivers[b]].WaivedOn)
	})
	closed := make([]bool, len(s.Installments))
	// paidBy lists, for each installment, the payments applied to it, for the
	// basis of a credit
	paidBy := make([][]string, len(s.Installments))
	next := 0
	waiveThrough := func(d time.Time) {
		for ; next < len(waivers) && !s.Installments[waivers[next]].WaivedOn.After(d); next++ {
			i := waivers[next]
			it := &s.Installments[i]
			closed[i] = true
			it.PaidOn = time.Time{}
			applied := it.Applied()
			if !applied.IsPositive() {
				continue
			}
			it.Credit = it.Credit.Add(applied)
			s.addCredit(Credit{Date: it.WaivedOn, Amount: applied, Kind: CreditWaived, Installment: it.ID, ByWaiver: true,
				Basis: fmt.Sprintf("%s paid on the %s (%s) before it was waived on %s", dollars(applied), it.Name, strings.Join(paidBy[i], "; "), calendar.Long(it.WaivedOn))})
			s.Warnings = append(s.Warnings, fmt.Sprintf("the %s was waived on %s after %s had been paid on it (%s): the Agent holds that as a credit, to apply to an open installment or to refund", it.Name, calendar.Long(it.WaivedOn), dollars(applied), strings.Join(paidBy[i], "; ")))
		}
	}
	// apply puts up to amount on installment i as of date d and returns what it took
	apply := func(i int, amount decimal.Decimal, d time.Time, p Payment) decimal.Decimal {
		it := &s.Installments[i]
		owed := it.Amount.Sub(it.Applied())
		take := decimal.Min(owed, amount)
		if !take.IsPositive() {
			return decimal.Zero
		}
		it.Paid = it.Paid.Add(take)
		it.LastPayment = d
		by := fmt.Sprintf("%s on %s", dollars(take), calendar.Long(d))
		if p.Where != "" {
			by += ", " + p.Where
		}
		paidBy[i] = append(paidBy[i], by)
		if !it.Applied().LessThan(it.Amount) {
			it.PaidOn = d
		}
		return take
	}
	for _, p := range known {
		waiveThrough(p.Date)
		if p.Installment != "" {
			i := ids[strings.ToLower(strings.TrimSpace(p.Installment))]
			it := &s.Installments[i]
			memo := fmt.Sprintf("Extension Fee paid: %s%s", it.Name, where(p.Where))
			if closed[i] {
				it.Paid = it.Paid.Add(p.Amount)
				it.Credit = it.Credit.Add(p.Amount)
				it.LastPayment = p.Date
				s.addCredit(Credit{Date: p.Date, Amount: p.Amount, Kind: CreditWaived, Installment: it.ID,
					Basis: fmt.Sprintf("%s paid on the %s on %s%s, after it was waived on %s", dollars(p.Amount), it.Name, calendar.Long(p.Date), where(p.Where), calendar.Long(it.WaivedOn))})
				memo += fmt.Sprintf("; it was waived on %s: the %s is a credit with the Agent", calendar.Long(it.WaivedOn), dollars(p.Amount))
				s.Warnings = append(s.Warnings, fmt.Sprintf("the %s (waived on %s) was paid %s on %s%s: the Agent holds it as a credit, to apply to an open installment or to refund", it.Name, calendar.Long(it.WaivedOn), dollars(p.Amount), calendar.Long(p.Date), where(p.Where)))
			} else {
				took := apply(i, p.Amount, p.Date, p)
				if excess := p.Amount.Sub(took); excess.IsPositive() {
					it.Paid = it.Paid.Add(excess)
					it.Credit = it.Credit.Add(excess)
					it.LastPayment = p.Date
					s.addCredit(Credit{Date: p.Date, Amount: excess, Kind: CreditOverpaid, Installment: it.ID,
						Basis: fmt.Sprintf("payment of %s on %s%s for the %s, which owed %s", dollars(p.Amount), calendar.Long(p.Date), where(p.Where), it.Name, dollars(took))})
					memo += fmt.Sprintf("; %s beyond what it owed is a credit with the Agent", dollars(excess))
					s.Warnings = append(s.Warnings, fmt.Sprintf("the %s (overpaid) has %s paid against %s owed%s: the %s beyond it is a credit with the Agent, to apply to an open installment or to refund", it.Name, dollars(it.Paid), dollars(it.Amount), where(p.Where), dollars(excess)))
				}
			}
			s.Applied = append(s.Applied, AppliedPayment{Date: p.Date, Amount: p.Amount, Memo: memo, Installment: p.Installment, Where: p.Where})
			continue
		}
		left := p.Amount
		var to []string
		for i := range s.Installments { // oldest due first
			if closed[i] || !left.IsPositive() {
				continue
			}
			if took := apply(i, left, p.Date, p); took.IsPositive() {
				to = append(to, fmt.Sprintf("%s to the %s", dollars(took), s.Installments[i].Name))
				left = left.Sub(took)
			}
		}
		memo := fmt.Sprintf("Extension Fee paid%s, applied to the installments open on %s, oldest due first: %s", where(p.Where), calendar.Long(p.Date), strings.Join(to, ", "))
		if len(to) == 0 {
			memo = fmt.Sprintf("Extension Fee paid%s; no installment was open on %s", where(p.Where), calendar.Long(p.Date))
		}
		if left.IsPositive() {
			s.Unapplied = s.Unapplied.Add(left)
			s.addCredit(Credit{Date: p.Date, Amount: left, Kind: CreditUnapplied,
				Basis: fmt.Sprintf("payment of %s on %s%s, naming no installment, beyond every installment open that day", dollars(p.Amount), calendar.Long(p.Date), where(p.Where))})
			memo += fmt.Sprintf("; %s beyond them is a credit with the Agent", dollars(left))
			s.Warnings = append(s.Warnings, fmt.Sprintf("payment of %s on %s%s: %s exceeds every open installment and is not applied: the Agent holds it as a credit, to apply or to refund", dollars(p.Amount), calendar.Long(p.Date), where(p.Where), dollars(left)))
		}
		s.Applied = append(s.Applied, AppliedPayment{Date: p.Date, Amount: p.Amount, Memo: memo, Installment: p.Installment, Where: p.Where})
	}
	waiveThrough(s.AsOf)
	return nil
}

// addCredit records a credit in the order credits arise.
func (s *Schedule) addCredit(c Credit) {
	i := len(s.Credits)
	for i > 0 && s.Credits[i-1].Date.After(c.Date) {
		i--
	}
	s.Credits = slices.Insert(s.Credits, i, c)
}

// NextOpen is the oldest installment still owed as of the as-of date, to which a
// credit could be applied; nil when none is.
func (s *Schedule) NextOpen() *Installment {
	for i := range s.Installments {
		if it := &s.Installments[i]; !it.IsWaived() && it.Outstanding().IsPositive() {
			return it
		}
	}
	return nil
}

// CreditUse says what the credit held is for, as of the as-of date ("" when
// there is none).
func (s *Schedule) CreditUse() string {
	if !s.Credit.IsPositive() {
		return ""
	}
	if it := s.NextOpen(); it != nil {
		return fmt.Sprintf("to apply to the next installment still owed (the %s, %s due %s) or to refund", it.Name, dollars(it.Outstanding()), calendar.Long(it.Due))
	}
	return "to refund: no installment is still owed"
}

// creditNotes says how each credit arose and what it is for.
func (s *Schedule) creditNotes() {
	for _, c := range s.Credits {
		s.Notes = append(s.Notes, fmt.Sprintf("Credit of %s with the Agent from %s: %s (Amendment A.3 waives what is due, not what was paid)", dollars(c.Amount), calendar.Long(c.Date), c.Basis))
	}
	if use := s.CreditUse(); use != "" {
		s.Notes = append(s.Notes, fmt.Sprintf("As of %s the Agent holds a credit of %s, %s; the loan workbook records neither, so it is applied to nothing here", calendar.Long(s.AsOf), dollars(s.Credit), use))
	}
}

func (s *Schedule) idList() string {
	var ids []string
	for _, it := range s.Installments {
		ids = append(ids, it.ID)
	}
	return strings.Join(ids, ", ")
}

// amortize computes the months: the booked fee is spread by actual days over what
// is left of the Initial Term; a waiver takes its amount off the balance on its
// trigger date (the excess over the balance credited to expense) and the rest is
// spread over the days left; Full Payment amortizes through its date and the
// balance left is written off that day. Each month starts again from the booked
// (cent) balance, so that rounding never accumulates.
func (s *Schedule) amortize(fpWaives bool) {
	end := s.TermEnd
	if fpWaives {
		end = s.FullPayment
	}
	s.AmortizationEnd = end
	// waivers by the day they take effect (no earlier than execution)
	waivers := map[time.Time]decimal.Decimal{}
	last := end
	for _, it := range s.Installments {
		if !it.IsWaived() {
			continue
		}
		d := it.WaivedOn
		if d.Before(s.Execution) {
			d = s.Execution
		}
		waivers[d] = waivers[d].Add(it.WaivedAmount)
		if d.After(last) {
			last = d
		}
	}
	var days []time.Time
	for d := range waivers {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })

	opening := s.Scheduled
	months := calendar.Months(s.Execution, last)
	for mi, ms := range months {
		me := calendar.MonthEnd(ms)
		m := Month{Start: ms, Opening: opening}
		a, b := maxDate(ms, s.Execution), minDate(me, end)
		x := opening // the exact unamortized balance
		exp, reversed := decimal.Zero, decimal.Zero
		cursor := a
		lastDay := time.Time{} // the last day amortized with a balance
		var basis []string
		spread := func(to time.Time) {
			if b.Before(a) || cursor.After(b) || to.Before(cursor) {
				return
			}
			n, r := calendar.DaysInclusive(cursor, to), calendar.DaysInclusive(cursor, s.TermEnd)
			if x.IsPositive() {
				part := x.Mul(decimal.NewFromInt(int64(n))).DivRound(decimal.NewFromInt(int64(r)), precision)
				basis = append(basis, fmt.Sprintf("%s over %d days left from %s: %s = %s", dollars(x), r, calendar.Long(cursor), nDays(n), dollars(part)))
				x, exp = x.Sub(part), exp.Add(part)
				m.Spans = append(m.Spans, Span{Days: n, Left: r})
				lastDay = to
			}
			cursor = calendar.AddDays(to, 1)
		}
		for _, d := range days {
			if d.Before(ms) || d.After(me) {
				continue
			}
			if d.After(b) {
				spread(b)
			} else {
				spread(calendar.AddDays(d, -1))
			}
			w := waivers[d]
			m.WaiverReduction = m.WaiverReduction.Add(w)
			if len(m.Spans) == 0 {
				// a waiver before any day of the month was amortized
				m.Spans = append(m.Spans, Span{})
			}
			m.Spans[len(m.Spans)-1].Waiver = m.Spans[len(m.Spans)-1].Waiver.Add(w)
			if w.LessThanOrEqual(x) {
				basis = append(basis, fmt.Sprintf("waiver of %s on %s", dollars(w), calendar.Long(d)))
				x = x.Sub(w)
			} else {
				basis = append(basis, fmt.Sprintf("waiver of %s on %s exceeds the %s left: %s of the amortization already expensed is reversed", dollars(w), calendar.Long(d), dollars(x), dollars(w.Sub(x))))
				reversed = reversed.Add(w.Sub(x))
				x = decimal.Zero
			}
		}
		spread(b)
		if !lastDay.IsZero() {
			// the days amortized: through the last with a balance left (a
			// waiver that takes the whole balance ends them)
			m.From, m.To, m.Days = a, lastDay, calendar.DaysInclusive(a, lastDay)
			m.Remaining = calendar.DaysInclusive(a, s.TermEnd)
		}
		wo := decimal.Zero
		holdsEnd := !end.Before(ms) && !end.After(me)
		if holdsEnd && fpWaives && x.IsPositive() {
			wo = x
			basis = append(basis, fmt.Sprintf("%s written off on %s (Full Payment)", dollars(x), calendar.Long(end)))
		}
		m.Expense, m.Reversed, m.WrittenOff = exp.Round(2), reversed.Round(2), wo.Round(2)
		if mi == len(months)-1 || holdsEnd {
			// the balance closes at zero: the write-off, else the expense, takes the residue
			if wo.IsPositive() {
				m.Residue = "write-off"
				m.WrittenOff = opening.Sub(m.WaiverReduction).Add(m.Reversed).Sub(m.Expense)
			}
			if m.WrittenOff.IsNegative() || !wo.IsPositive() {
				m.Residue = "expense"
				m.WrittenOff = decimal.Zero
				m.Expense = opening.Sub(m.WaiverReduction).Add(m.Reversed)
			}
			if d := m.Expense.Add(m.WrittenOff).Sub(exp.Round(2).Add(wo.Round(2))); !d.IsZero() {
				basis = append(basis, fmt.Sprintf("the %s takes the rounding residue so that the balance closes at zero", m.Residue))
			}
		}
		m.Closing = opening.Sub(m.WaiverReduction).Add(m.Reversed).Sub(m.Expense).Sub(m.WrittenOff)
		m.Plain = m.Residue == "" && m.WaiverReduction.IsZero() && m.WrittenOff.IsZero() && m.Days > 0
		switch {
		case m.Days > 0:
		case b.Before(a):
			basis = append([]string{"no day of the amortization period in this month"}, basis...)
		default:
			basis = append([]string{"nothing was left to amortize"}, basis...)
		}
		m.Basis = strings.Join(basis, "; ")
		s.Months = append(s.Months, m)
		s.TotalExpense = s.TotalExpense.Add(m.Expense).Sub(m.Reversed)
		s.Reversed = s.Reversed.Add(m.Reversed)
		s.WrittenOff = s.WrittenOff.Add(m.WrittenOff)
		opening = m.Closing
	}
}

// journal writes the entries dated on or before the as-of date.
func (s *Schedule) journal(a terms.Accounts) {
	type pending struct {
		date  time.Time
		order int
		memo  string
		lines []Line
		src   Source
	}
	var es []pending
	add := func(d time.Time, order int, src Source, memo string, lines ...Line) {
		if d.After(s.AsOf) {
			return
		}
		es = append(es, pending{d, order, memo, lines, src})
	}
	dr := func(acct string, v decimal.Decimal) Line { return Line{Account: acct, Debit: v} }
	cr := func(acct string, v decimal.Decimal) Line { return Line{Account: acct, Credit: v} }

	add(s.Execution, 0, Source{Kind: FromFee}, "Extension Fee earned on execution of Amendment No. 10 (A.3): deferred financing cost",
		dr(a.DeferredFinancingCost, s.Scheduled), cr(a.ExtensionFeePayable, s.Scheduled))
	// waivers, by trigger date
	type waiver struct {
		amount decimal.Decimal
		ids    []string
		names  []string
		idx    []int
		basis  string
	}
	byDay := map[time.Time]*waiver{}
	var days []time.Time
	for i, it := range s.Installments {
		if !it.IsWaived() {
			continue
		}
		d := maxDate(it.WaivedOn, s.Execution)
		w, ok := byDay[d]
		if !ok {
			w = &waiver{basis: it.Basis}
			byDay[d] = w
			days = append(days, d)
		}
		w.amount = w.amount.Add(it.WaivedAmount)
		w.ids = append(w.ids, it.ID)
		w.names = append(w.names, "the "+it.Name)
		w.idx = append(w.idx, i)
	}
	for _, d := range days {
		w := byDay[d]
		memo := fmt.Sprintf("Waived %s: %s", strings.Join(w.names, ", "), w.basis)
		for _, c := range s.Credits {
			if c.ByWaiver && c.Date.Equal(d) && slices.Contains(w.ids, c.Installment) {
				memo += fmt.Sprintf("; the %s paid on the %s is now a credit with the Agent (to apply or to refund)", dollars(c.Amount), s.InstallmentName(c.Installment))
			}
		}
		add(d, 1, Source{Kind: FromWaivers, Installments: w.idx}, memo, dr(a.ExtensionFeePayable, w.amount), cr(a.DeferredFinancingCost, w.amount))
	}
	// payments, as applied
	for i, p := range s.Applied {
		add(p.Date, 3, Source{Kind: FromPayment, Payment: i}, p.Memo, dr(a.ExtensionFeePayable, p.Amount), cr(a.Cash, p.Amount))
	}
	for mi, m := range s.Months {
		date := calendar.MonthEnd(m.Start)
		if holds := !s.AmortizationEnd.Before(m.Start) && !s.AmortizationEnd.After(date); holds {
			date = s.AmortizationEnd
		}
		if m.Reversed.IsPositive() {
			// a waiver larger than the balance left: what it waived beyond the
			// balance had been expensed in earlier months
			when := date
			for _, d := range days {
				if !d.Before(m.Start) && !d.After(calendar.MonthEnd(m.Start)) {
					when = d
				}
			}
			add(when, 2, Source{Kind: FromReversal, Month: mi}, fmt.Sprintf("Reversal of amortization expensed before the waiver of %s: the waiver exceeded the unamortized balance by %s", calendar.Long(when), dollars(m.Reversed)),
				dr(a.DeferredFinancingCost, m.Reversed), cr(a.AmortizationExpense, m.Reversed))
		}
		what := fmt.Sprintf("Amortization of the Extension Fee, %s", m.Start.Format("January 2006"))
		if m.Days > 0 {
			what += fmt.Sprintf(" (%d days, %s)", m.Days, calendar.Span(m.From, m.To))
		}
		if m.Expense.IsPositive() {
			add(date, 4, Source{Kind: FromExpense, Month: mi}, what, dr(a.AmortizationExpense, m.Expense), cr(a.DeferredFinancingCost, m.Expense))
		}
		if m.WrittenOff.IsPositive() {
			add(date, 5, Source{Kind: FromWriteOff, Month: mi}, fmt.Sprintf("Full Payment on %s: unamortized Extension Fee written off (loss on extinguishment)", calendar.Long(s.FullPayment)),
				dr(a.LossOnExtinguishment, m.WrittenOff), cr(a.DeferredFinancingCost, m.WrittenOff))
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		if !es[i].date.Equal(es[j].date) {
			return es[i].date.Before(es[j].date)
		}
		return es[i].order < es[j].order
	})
	for i, e := range es {
		s.Journal = append(s.Journal, Entry{No: i + 1, Date: e.date, Memo: e.memo, Lines: e.lines, Source: e.src})
	}
}

// AppliedPayment is a payment taken into account: as the loan workbook
// records it, and how it was applied (Memo).
type AppliedPayment struct {
	Date        time.Time
	Amount      decimal.Decimal
	Installment string // the installment it names ("" for none)
	Where       string // e.g. "Fee Payments row 4"
	Memo        string
}

func where(w string) string {
	if w == "" {
		return ""
	}
	return " (" + w + ")"
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

// dollars writes an amount as $1,234.56 (see money.Dollars).
func dollars(d decimal.Decimal) string { return dollarfmt.Dollars(d) }

func nDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
