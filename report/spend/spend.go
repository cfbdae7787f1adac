// Package spend classifies each purchase-order line under §1.2 of the Supplier
// Agreement (Customer's Requirements) and §1.5 (Credit Limits), and totals a month's
// franchised material spend for the monthly report. It is pure computation in
// decimal: the ledger package reads the records, the fill package writes the report.
package spend

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/terms"
)

// Class is the §1.2 classification of a PO line.
type Class string

// The classifications, in the order the report lists them.
const (
	OutOfScope       Class = "out_of_scope"      // manufacturer not on the line card on the PO date
	Arrow            Class = "arrow"             // bought from the distributor
	CustomerDirected Class = "customer_directed" // bought elsewhere at the express direction of the customer's customer (§1.2)
	CreditLimit      Class = "credit_limit"      // bought elsewhere under a credit limitation (§1.5)
	Released         Class = "released_by_arrow" // Arrow approved, or did not respond within 24 hours (§1.2)
	Exception        Class = "exception"         // a §1.2 requirement bought elsewhere without release
)

// Classes lists the franchised classifications in report order.
var Classes = []Class{Arrow, CustomerDirected, CreditLimit, Released, Exception}

// Label is the words an accountant reads for a classification.
func (c Class) Label() string {
	switch c {
	case Arrow:
		return "Bought from Arrow"
	case CustomerDirected:
		return "Customer directed (§1.2)"
	case CreditLimit:
		return "Credit limit (§1.5)"
	case Released:
		return "Released by Arrow (§1.2)"
	case Exception:
		return "Exception to §1.2"
	}
	return "Not franchised"
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

type overdue struct {
	number   string
	due      time.Time
	from, to time.Time // inclusive; zero to = still unpaid
}

// names folds names for comparison, remembering the answers: a ledger repeats
// the same few hundred supplier and manufacturer names a million times.
type names map[string]string

func (n names) norm(s string) string {
	if v, ok := n[s]; ok {
		return v
	}
	v := terms.NormName(s)
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
		c.distrib[terms.NormName(n)] = true
	}
	for _, a := range lineCard {
		k := terms.NormName(a.Manufacturer)
		c.lineCard[k] = append(c.lineCard[k], a)
	}
	for _, b := range breakdowns {
		k := poKey{terms.NormName(b.PONumber), b.POLine}
		c.breakdowns[k] = append(c.breakdowns[k], b)
	}
	for _, in := range invoices {
		if in.Due.IsZero() {
			continue
		}
		o := overdue{number: in.Number, due: in.Due, from: in.Due.AddDate(0, 0, 1)}
		if !in.Paid.IsZero() {
			if !in.Paid.After(in.Due) {
				continue // paid on time: never overdue
			}
			o.to = in.Paid.AddDate(0, 0, -1)
		}
		c.overdue = append(c.overdue, o)
	}
	sort.Slice(c.overdue, func(i, j int) bool { return c.overdue[i].from.Before(c.overdue[j].from) })
	return c
}

// Franchised reports whether the distributor was authorized for the manufacturer
// on day d (both ends of the line card inclusive).
func (c *Classifier) Franchised(manufacturer string, d time.Time) bool {
	for _, a := range c.lineCard[c.names.norm(manufacturer)] {
		if !d.Before(a.From) && (a.Until.IsZero() || !d.After(a.Until)) {
			return true
		}
	}
	return false
}

// OverdueOn returns an invoice that was past its Due Date and unpaid on day d.
func (c *Classifier) OverdueOn(d time.Time) (number string, due time.Time, ok bool) {
	for _, o := range c.overdue {
		if o.from.After(d) {
			break
		}
		if o.to.IsZero() || !d.After(o.to) {
			return o.number, o.due, true
		}
	}
	return "", time.Time{}, false
}

// latestBreakdown finds the latest breakdown for the line (or for its whole PO)
// sent on or before the PO date.
func (c *Classifier) latestBreakdown(line *ledger.POLine) (ledger.Breakdown, bool) {
	var best ledger.Breakdown
	found := false
	cutoff := line.PODate.AddDate(0, 0, 1) // sent before the end of the PO date
	po := terms.NormName(line.PONumber)
	for _, k := range []poKey{{po, line.POLine}, {po, 0}} {
		for _, b := range c.breakdowns[k] {
			if !b.Sent.Before(cutoff) {
				continue
			}
			if !found || b.Sent.After(best.Sent) {
				best, found = b, true
			}
		}
	}
	return best, found
}

const stamp = "2006-01-02 15:04"

// Classify applies §1.2 (and §1.5) to one PO line.
func (c *Classifier) Classify(line *ledger.POLine) Result {
	r := Result{Amount: ExtendedCost(line.Quantity, line.UnitCost)}
	if !c.Franchised(line.Manufacturer, line.PODate) {
		r.Class = OutOfScope
		r.Reason = fmt.Sprintf("%s is not on Arrow's line card on %s", line.Manufacturer, line.PODate.Format("2006-01-02"))
		return r
	}
	r.Franchised = true
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
		if num, due, late := c.OverdueOn(line.PODate); late {
			r.Class = Exception
			r.Reason = fmt.Sprintf("credit-limit purchase while Arrow invoice %s (due %s) was past due and unpaid: the customer was in default of a payment obligation (§1.5)", num, due.Format("2006-01-02"))
			return r
		}
		r.Class = CreditLimit
		r.Reason = "bought from another source under Arrow's credit limitation, no payment in default (§1.5)"
		return r
	}
	b, ok := c.latestBreakdown(line)
	if !ok {
		r.Class = Exception
		r.Reason = "no breakdown sent to Arrow before the PO (§1.2)"
		return r
	}
	hours := c.t.BreakdownResponseHours
	switch {
	case b.Response == "" || b.RespondedAt.IsZero():
		r.Class = Released
		r.Reason = fmt.Sprintf("breakdown sent %s; no response within %d hours (§1.2)", b.Sent.Format(stamp), hours)
	case b.RespondedAt.Sub(b.Sent) > c.window:
		r.Class = Released
		r.Reason = fmt.Sprintf("breakdown sent %s; Arrow responded %s, more than %d hours later (§1.2)", b.Sent.Format(stamp), b.RespondedAt.Format(stamp), hours)
	case b.Response == ledger.ResponseApprove:
		r.Class = Released
		r.Reason = fmt.Sprintf("Arrow approved placement with %s on %s (§1.2)", line.Supplier, b.RespondedAt.Format(stamp))
	default:
		r.Class = Exception
		r.Reason = fmt.Sprintf("Arrow agreed on %s to meet the terms proposed; the order belonged to Arrow (§1.2)", b.RespondedAt.Format(stamp))
	}
	return r
}
