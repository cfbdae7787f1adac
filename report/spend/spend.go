// Package spend classifies each purchase-order line under §1.2 of the Supplier
// Agreement (Customer's Requirements), §1.5 (Credit Limits) and §2 (the term),
// and totals a month's franchised material spend for the monthly report. It is pure computation in
// decimal: the ledger package reads the records, the fill package writes the report.
package spend

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/terms"
)

// Class is the §1.2 classification of a PO line.
type Class string

// The classifications, in the order the report lists them.
const (
	OutOfScope       Class = "out_of_scope"      // manufacturer not on the line card on the PO date, or dated outside the term (§2)
	Arrow            Class = "arrow"             // bought from the distributor
	CustomerDirected Class = "customer_directed" // bought elsewhere at the express direction of the customer's customer (§1.2)
	CreditLimit      Class = "credit_limit"      // bought elsewhere under a credit limitation (§1.5)
	Released         Class = "released_by_arrow" // Arrow's release came before the PO was committed (§1.2)
	Exception        Class = "exception"         // a §1.2 requirement bought elsewhere without release
	Return           Class = "return"            // a negative Quantity: goods sent back, to any supplier
)

// Classes lists the franchised classifications in report order; their
// amounts add up to the franchised spend.
var Classes = []Class{Arrow, CustomerDirected, CreditLimit, Released, Exception, Return}

// Label is the classification in words, as the reports and the in-place
// Classification column show it (the code, Class itself, is for --json): the
// words are also what the reports' COUNTIFS and SUMIFS match.
func (c Class) Label() string {
	switch c {
	case Arrow:
		return "Bought from Arrow"
	case CustomerDirected:
		return "Customer directed"
	case CreditLimit:
		return "Credit limit"
	case Released:
		return "Released by Arrow"
	case Exception:
		return "Exception to §1.2"
	case Return:
		return "Return"
	case OutOfScope:
		return "Out of scope"
	}
	return string(c)
}

// Compliant reports whether a line of this class complies with §1.2.
func (c Class) Compliant() bool { return c != Exception }

// Result is the classification of one line.
type Result struct {
	Class      Class
	Franchised bool
	Reason     string
	// Amount is Quantity x Unit Cost rounded half away from zero to the cent.
	Amount decimal.Decimal
	// Resembles is, for a manufacturer out of scope because it is not on the
	// line card, the line-card name it comes near (a near miss: "Xilnx" for
	// "Xilinx"), which is authorized on the PO date; "" otherwise.
	Resembles string
}

// ExtendedCost is Quantity x Unit Cost, rounded once, half away from zero, to the
// cent.
func ExtendedCost(qty, unit decimal.Decimal) decimal.Decimal {
	return money.MulCents(qty, unit)
}

type poKey struct {
	po   string
	line int
}

// poFold folds a PO number as the ledger's checks do: case and surrounding
// spaces ignored (not punctuation: PO-1 and PO1 are two POs).
func poFold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// overdue is an Arrow invoice with something owed, past due and unpaid from
// from through to.
type overdue struct {
	number   string
	owed     decimal.Decimal
	due, by  time.Time // the Due Date, and the day payment was due (terms.Supplier.PaymentDue)
	from, to time.Time // inclusive; zero to = still unpaid
}

// names folds names for comparison, remembering the answers: a ledger repeats
// the same few hundred supplier and manufacturer names a million times.
type names map[string]string

func (n names) norm(s string) string {
	if v, ok := n[s]; ok {
		return v
	}
	v := terms.FoldName(s)
	if len(n) < 1<<16 {
		n[s] = v
	}
	return v
}

// Classifier applies §1.2 and §1.5 with the lookups of one ledger.
type Classifier struct {
	names      names
	t          terms.Supplier
	distrib    map[string]bool
	lineCard   map[string][]ledger.Authorization
	breakdowns map[poKey][]ledger.Breakdown
	overdue    []overdue
	window     time.Duration
	near       nearMisses
}

// NewClassifier indexes the line card, the breakdown log and the invoices.
func NewClassifier(t terms.Supplier, lineCard []ledger.Authorization, breakdowns []ledger.Breakdown, invoices []ledger.Invoice) *Classifier {
	c := &Classifier{
		t:          t,
		distrib:    map[string]bool{},
		lineCard:   map[string][]ledger.Authorization{},
		breakdowns: map[poKey][]ledger.Breakdown{},
		window:     time.Duration(t.BreakdownResponseHours) * time.Hour,
		names:      names{},
	}
	for _, n := range t.DistributorNames {
		c.distrib[terms.FoldName(n)] = true
	}
	for _, a := range lineCard {
		k := terms.FoldName(a.Manufacturer)
		if _, seen := c.lineCard[k]; !seen {
			c.near.add(a.Manufacturer)
		}
		c.lineCard[k] = append(c.lineCard[k], a)
	}
	for _, b := range breakdowns {
		k := poKey{poFold(b.PONumber), b.POLine}
		c.breakdowns[k] = append(c.breakdowns[k], b)
	}
	for _, in := range invoices {
		// §1.5: only an invoice with something owed can put a payment in
		// default; a credit memo or a fully returned invoice never does
		owed := in.Amount.Sub(in.Returns).Sub(in.Discounts)
		if in.Due.IsZero() || !owed.IsPositive() {
			continue
		}
		by := t.PaymentDue(in.Due)
		o := overdue{number: in.Number, owed: owed, due: in.Due, by: by, from: by.AddDate(0, 0, 1)}
		if !in.Paid.IsZero() {
			if !in.Paid.After(by) {
				continue // paid on time: never overdue
			}
			o.to = in.Paid.AddDate(0, 0, -1)
		}
		c.overdue = append(c.overdue, o)
	}
	sort.SliceStable(c.overdue, func(i, j int) bool { return c.overdue[i].from.Before(c.overdue[j].from) })
	return c
}

// Franchised reports whether the distributor was authorized for the manufacturer
// on day d (both ends of the line card inclusive).
func (c *Classifier) Franchised(manufacturer string, d time.Time) bool {
	return c.franchisedFolded(c.names.norm(manufacturer), d)
}

func (c *Classifier) franchisedFolded(k string, d time.Time) bool {
	for _, a := range c.lineCard[k] {
		if !d.Before(a.From) && (a.Until.IsZero() || !d.After(a.Until)) {
			return true
		}
	}
	return false
}

// Overdue is an Arrow invoice past due and unpaid on a day (OverdueOn).
type Overdue struct {
	Number string
	// Owed is Amount - Returns - Discounts.
	Owed decimal.Decimal
	// Due is the invoice's Due Date; PayBy the day payment was due, Due moved
	// to the next business day when the terms say so.
	Due, PayBy time.Time
}

// OverdueOn returns an Arrow invoice that, on day d, had something owed
// (Amount - Returns - Discounts > 0), was past the day its payment was due and
// was unpaid: the Customer was then in default of a payment obligation
// (§1.5). An invoice paid on d is not overdue on d.
func (c *Classifier) OverdueOn(d time.Time) (Overdue, bool) {
	for _, o := range c.overdue {
		if o.from.After(d) {
			break
		}
		if o.to.IsZero() || !d.After(o.to) {
			return Overdue{Number: o.number, Owed: o.owed, Due: o.due, PayBy: o.by}, true
		}
	}
	return Overdue{}, false
}

// Classify applies §1.2 (and §1.5, §2) to one PO line.
func (c *Classifier) Classify(line *ledger.POLine) Result {
	r := Result{Amount: ExtendedCost(line.Quantity, line.UnitCost)}
	if !c.t.InTerm(line.PODate) {
		r.Class = OutOfScope
		if line.PODate.Before(c.t.AgreementDate) {
			r.Reason = fmt.Sprintf("dated %s, before the Supplier Agreement's term began on %s (§2): §1.2 does not govern it",
				calendar.Long(line.PODate), calendar.Long(c.t.AgreementDate))
		} else {
			r.Reason = fmt.Sprintf("dated %s, after the Supplier Agreement's term ended on %s (§2; if the term was extended, set the later Term End in the terms): §1.2 does not govern it",
				calendar.Long(line.PODate), calendar.Long(c.t.TermEnd))
		}
		return r
	}
	mfr := c.names.norm(line.Manufacturer)
	if !c.franchisedFolded(mfr, line.PODate) {
		r.Class = OutOfScope
		r.Reason = fmt.Sprintf("%s is not on Arrow's line card on %s", line.Manufacturer, calendar.Long(line.PODate))
		if _, on := c.lineCard[mfr]; !on {
			if like, ok := c.near.of(line.Manufacturer); ok && c.franchisedFolded(terms.FoldName(like), line.PODate) {
				r.Resembles = like
				r.Reason += fmt.Sprintf(" (the name is close to %s, which is: if the part is made by %s, correct the name, as the line may be an exception to §1.2)", like, like)
			}
		}
		return r
	}
	r.Franchised = true
	if line.Quantity.IsNegative() {
		r.Class = Return
		r.Reason = fmt.Sprintf("returned to %s (a negative quantity): a return, neither a purchase nor an exception to §1.2", strings.TrimSpace(line.Supplier))
		return r
	}
	switch {
	case c.distrib[c.names.norm(line.Supplier)]:
		r.Class = Arrow
		r.Reason = "bought from Arrow (§1.2)"
		return r
	case line.CustomerDirected:
		r.Class = CustomerDirected
		r.Reason = "bought from another source at the express direction of the customer (§1.2)"
		return r
	case line.CreditLimitException:
		if o, late := c.OverdueOn(line.PODate); late {
			r.Class = Exception
			r.Reason = fmt.Sprintf("bought elsewhere under a credit limitation on %s while Arrow invoice %s (%s owed, %s) was past due and unpaid: the Customer was in default of a payment obligation, so §1.5 does not permit the purchase",
				calendar.Long(line.PODate), o.Number, money.Dollars(o.Owed), "due "+calendar.Long(o.Due)+c.t.PaymentDueNote(o.Due))
			return r
		}
		r.Class = CreditLimit
		r.Reason = fmt.Sprintf("bought from another source under Arrow's credit limitation; no Arrow invoice was past due and unpaid on %s, so no payment was in default (§1.5)", calendar.Long(line.PODate))
		return r
	}
	c.release(line, &r)
	return r
}
