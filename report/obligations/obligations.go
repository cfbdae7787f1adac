// Package obligations lists every dated obligation of the two agreements, the
// Supplier Agreement with Arrow CMS (Dec 27 2002) and Amendment No. 10 to the
// Loan and Security Agreement (Oct 1 2002), computed from the terms and the
// books (never typed in by hand), each with a stable id, the clause it comes
// from, what to deliver or do and to whom, its due date as the contract states
// it, and its status as of a date:
//
//   - done: the books show it done (a Deliveries row, a payment, a Fee Events
//     row, the Borrowing sheet's days, Arrow's invoices), with that evidence;
//   - due: not done, and due within the terms' Warning Days (or in force now);
//   - late: past its due date and not shown done (or shown broken);
//   - upcoming: due later than that;
//   - waived: waived in writing (an Extension Fee installment under Amendment
//     A.3, a shortfall Arrow CMS waived under §7.6);
//   - moot: no longer asked for (a §10.19 duty after Full Payment).
//
// A status never claims more than the books show: "done" only with evidence
// dated by the as-of date; what is dated after it is not known yet.
//
// A due date on a Saturday, a Sunday or a US federal holiday is kept as the
// contract states it, with a warning to deliver the business day before.
//
// The package is pure computation: no I/O, no spreadsheet library.
package obligations

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/borrowing"
	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/loanfee"
	"github.com/covenant-reports/covenant/report/minsales"
	"github.com/covenant-reports/covenant/report/terms"
)

// Status is where an obligation stands as of the as-of date.
type Status string

// The statuses, as covenant status --json writes them.
const (
	Done     Status = "done"
	Due      Status = "due"
	Late     Status = "late"
	Upcoming Status = "upcoming"
	Waived   Status = "waived"
	Moot     Status = "moot"
)

// Statuses lists them in the order a report counts them.
var Statuses = []Status{Late, Due, Upcoming, Done, Waived, Moot}

// Words is the status as a person reads it.
func (s Status) Words() string {
	switch s {
	case Done:
		return "Done"
	case Due:
		return "Due soon"
	case Late:
		return "Late"
	case Upcoming:
		return "Upcoming"
	case Waived:
		return "Waived"
	case Moot:
		return "No longer required"
	}
	return string(s)
}

// The agreements.
const (
	SupplierAgreement = "Supplier Agreement"
	LoanAgreement     = "Amendment No. 10"
)

// Evidence is what the books show an obligation done by.
type Evidence struct {
	// On is the day it was delivered, paid or done.
	On time.Time
	// To and Reference are as recorded (a Deliveries row); empty otherwise.
	To, Reference string
	// Source says where: "ledger.xlsx, Deliveries row 4", "Fee Payments".
	Source string
	// DaysLate counts the days after the due date it was done (0: on time).
	DaysLate int
}

// Obligation is one dated obligation with its status.
type Obligation struct {
	// ID is stable across runs and inputs: "monthly-2003-10",
	// "certificate-2003Q4", "fee-base-2", "cure-2003-10-15".
	ID        string
	Agreement string // SupplierAgreement or LoanAgreement
	Clause    string // "§1.2", "Amendment A.3"
	// Title names it in a few words ("Monthly report for October 2003");
	// What says what to deliver or do, with the contract's words.
	Title, What string
	// To is to whom, in full (§7.5 addresses; the Agent and the Lenders);
	// ToShort in a word or two ("Arrow CMS"). Empty: nothing is delivered.
	To, ToShort string
	// Due is the due date as the contract states it.
	Due time.Time
	// Until is the last day of a limit in force over a period (an
	// overadvance cap); zero otherwise.
	Until  time.Time
	Status Status
	// Detail says why the status, in words, from the books.
	Detail   string
	Evidence *Evidence
	// Warning is set when Due is not a business day: deliver the business
	// day before (DeliverBy).
	Warning   string
	DeliverBy time.Time
}

// Loan is what the loan workbook records.
type Loan struct {
	// Fees are the Fee Events and Fee Payments (Amendment A.3).
	Fees loanfee.Input
	// FullPaymentWhere and PurchaseOfferWhere locate those Fee Events
	// ("loan.xlsx, Fee Events B5"), for the evidence.
	FullPaymentWhere, PurchaseOfferWhere string
	// HasBorrowing says the workbook has a Borrowing sheet; Borrowing are its
	// rows in date order.
	HasBorrowing bool
	Borrowing    []ledger.BorrowingRow
	// File is the workbook's name (or the CSV folder's), for evidence.
	File string
	// Sheet names one of its sheets for evidence ("loan.xlsx, Fee Payments
	// sheet"; in a folder of CSV files, "loan/Fee Payments.csv"); nil: File
	// and the sheet's name. The places in Fees (a Fee Events row) and
	// FullPaymentWhere, PurchaseOfferWhere name the workbook already.
	Sheet func(name string) string
}

// sheet names one of the loan workbook's sheets (see Loan.Sheet).
func (l *Loan) sheet(name string) string {
	if l.Sheet != nil {
		return l.Sheet(name)
	}
	return fmt.Sprintf("%s, %s sheet", l.File, name)
}

// Input is everything the obligations are computed from.
type Input struct {
	Terms terms.Terms
	AsOf  time.Time
	// Invoices and Notices are the ledger's (§1.3, Arrow Notices).
	Invoices []ledger.Invoice
	Notices  []ledger.Notice
	// Deliveries are the Deliveries rows of the ledger and the loan workbook.
	Deliveries []ledger.Delivery
	// Loan is nil without a loan workbook: the Amendment's obligations are
	// then left out.
	Loan *Loan
}

// Result is the list with what it was computed from.
type Result struct {
	AsOf time.Time
	// Obligations in due-date order (the id breaks ties).
	Obligations []Obligation
	// Sales is the §1.3 ledger through the quarter holding the as-of date
	// (minsales.Compute).
	Sales *minsales.Ledger
	// Fees is the Extension Fee schedule as of the as-of date and Borrowing
	// the B.1 computation of the Borrowing rows dated by it; nil without a
	// loan workbook (Borrowing also without a Borrowing row by then).
	Fees      *loanfee.Schedule
	Borrowing *borrowing.Report
	// Warnings are remarks about the inputs.
	Warnings []string
}

// ByID returns the obligation with that id (compared ignoring case).
func (r *Result) ByID(id string) *Obligation {
	for i := range r.Obligations {
		if strings.EqualFold(r.Obligations[i].ID, strings.TrimSpace(id)) {
			return &r.Obligations[i]
		}
	}
	return nil
}

// Count counts the obligations of a status.
func (r *Result) Count(s Status) int {
	n := 0
	for _, o := range r.Obligations {
		if o.Status == s {
			n++
		}
	}
	return n
}

// Compute lists the obligations as of in.AsOf. Deliveries rows naming no
// obligation are a ledger.Errors naming each cell and the nearest id.
func Compute(in Input) (*Result, error) {
	r := &Result{AsOf: in.AsOf}
	s := in.Terms.Supplier
	qs := minsales.Quarters(s)
	through := -1
	for i, q := range qs {
		if !q.Start.After(in.AsOf) {
			through = i
		}
	}
	sales, err := minsales.Compute(s, in.Invoices, in.Notices, through, in.AsOf)
	if err != nil {
		return nil, err
	}
	r.Sales = sales
	r.Warnings = append(r.Warnings, sales.Warnings...)

	b := &builder{in: in, r: r, byID: map[string][]ledger.Delivery{}}
	b.supplier()
	if in.Loan != nil {
		if err := b.loan(); err != nil {
			return nil, err
		}
	}
	if err := b.checkDeliveries(); err != nil {
		return nil, err
	}
	for i := range r.Obligations {
		b.finish(&r.Obligations[i])
	}
	sort.SliceStable(r.Obligations, func(i, j int) bool {
		a, c := r.Obligations[i], r.Obligations[j]
		if !a.Due.Equal(c.Due) {
			return a.Due.Before(c.Due)
		}
		return a.ID < c.ID
	})
	if b.later > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s dated after the as-of date %s: not known yet, they show nothing done", plural(b.later, "Deliveries row"), calendar.Long(in.AsOf)))
	}
	return r, nil
}

// builder holds the state of one Compute.
type builder struct {
	in    Input
	r     *Result
	byID  map[string][]ledger.Delivery // known by the as-of date, by folded id
	later int                          // Deliveries rows dated after the as-of date
	ready bool
}

// deliveries are the Deliveries rows known on the as-of date for id, earliest
// first.
func (b *builder) deliveries(id string) []ledger.Delivery {
	if !b.ready {
		b.ready = true
		for _, d := range b.in.Deliveries {
			if d.On.After(b.in.AsOf) {
				b.later++
				continue
			}
			b.byID[d.ID()] = append(b.byID[d.ID()], d)
		}
		for _, ds := range b.byID {
			sort.SliceStable(ds, func(i, j int) bool { return ds[i].On.Before(ds[j].On) })
		}
	}
	return b.byID[strings.ToLower(id)]
}

func (b *builder) add(o Obligation) *Obligation {
	b.r.Obligations = append(b.r.Obligations, o)
	return &b.r.Obligations[len(b.r.Obligations)-1]
}

// byDate decides the status of an obligation not shown done: late after its
// due date, due within the warning days, upcoming before.
func (b *builder) byDate(o *Obligation, notDone string) {
	asOf := b.in.AsOf
	switch {
	case asOf.After(o.Due):
		o.Status = Late
		days := calendar.DaysInclusive(o.Due, asOf) - 1
		// "late" is the status of a due date passed with nothing recorded:
		// the books show no delivery, not that none was made
		o.Detail = fmt.Sprintf("%s by %s, the due date, %s before %s", notDone, calendar.Long(o.Due), nDays(days), calendar.Long(asOf))
	case !asOf.Before(calendar.AddDays(o.Due, -b.in.Terms.WarningDays)):
		o.Status = Due
		days := calendar.DaysInclusive(asOf, o.Due) - 1
		when := "today"
		if days > 0 {
			when = "in " + nDays(days)
		}
		o.Detail = fmt.Sprintf("due %s, %s", when, calendar.Long(o.Due))
	default:
		o.Status = Upcoming
		o.Detail = "due " + calendar.Long(o.Due)
	}
}

// fromDeliveries marks o done when a Deliveries row known by the as-of date
// records it (the earliest counts), else decides by date.
func (b *builder) fromDeliveries(o *Obligation) bool {
	ds := b.deliveries(o.ID)
	if len(ds) == 0 {
		return false
	}
	d := ds[0]
	b.done(o, Evidence{On: d.On, To: d.To, Reference: d.Reference, Source: d.Where()}, "delivered")
	if len(ds) > 1 {
		o.Detail += fmt.Sprintf("; %d more Deliveries rows record it later", len(ds)-1)
	}
	return true
}

// done marks o done with the evidence; verb says what was done ("delivered",
// "paid").
func (b *builder) done(o *Obligation, e Evidence, verb string) {
	if e.On.After(o.Due) {
		e.DaysLate = calendar.DaysInclusive(o.Due, e.On) - 1
	}
	o.Status = Done
	o.Evidence = &e
	o.Detail = fmt.Sprintf("%s %s", verb, calendar.Long(e.On))
	if e.To != "" {
		o.Detail += " to " + e.To
	}
	if e.DaysLate > 0 {
		o.Detail += fmt.Sprintf(", %s after the due date %s", nDays(e.DaysLate), calendar.Long(o.Due))
	}
	o.Detail += " (" + e.Source + ")"
}

// finish adds the warning of a delivery due on a Saturday, a Sunday or a US
// federal holiday.
func (b *builder) finish(o *Obligation) {
	// only what is delivered or paid to someone: a limit taking effect or a
	// date passing on a holiday asks for nothing the day before
	if o.To == "" || o.Due.IsZero() || calendar.IsBusinessDay(o.Due) {
		return
	}
	what := "a " + o.Due.Weekday().String()
	if name, ok := calendar.FederalHoliday(o.Due); ok && o.Due.Weekday() != time.Saturday && o.Due.Weekday() != time.Sunday {
		what = name + ", a US federal holiday"
	}
	by := PreviousBusinessDay(o.Due)
	o.DeliverBy = by
	o.Warning = fmt.Sprintf("%s is %s: the agreement's date is kept; deliver by %s, the business day before", calendar.Long(o.Due), what, calendar.LongWeekday(by))
}

// PreviousBusinessDay is the last business day before d.
func PreviousBusinessDay(d time.Time) time.Time {
	d = calendar.AddDays(d, -1)
	for !calendar.IsBusinessDay(d) {
		d = calendar.AddDays(d, -1)
	}
	return d
}

// iso writes a date in an id (cap-2002-10-14); a sentence writes it with
// calendar.Long.
func iso(t time.Time) string { return t.Format("2006-01-02") }

func nDays(n int) string { return plural(n, "day") }

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Urgent lists at most n obligations by urgency: the late ones, most
// recently due first (delivering them now still shortens the breach), then
// those due soon, soonest first, then the upcoming ones, soonest first.
func (r *Result) Urgent(n int) []Obligation {
	var late, due, up []Obligation
	for _, o := range r.Obligations {
		switch o.Status {
		case Late:
			late = append(late, o)
		case Due:
			due = append(due, o)
		case Upcoming:
			up = append(up, o)
		}
	}
	for i, j := 0, len(late)-1; i < j; i, j = i+1, j-1 {
		late[i], late[j] = late[j], late[i]
	}
	out := append(append(late, due...), up...)
	if len(out) > n {
		out = out[:n]
	}
	return out
}
