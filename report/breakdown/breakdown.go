// Package breakdown lays out the detailed breakdown the Customer gives Arrow
// before committing a Purchase Order to another supplier (Supplier Agreement
// §1.2): who sends it and when, when Arrow's 24 hours to respond run out, and
// per line the part, manufacturer, description, quantity, the unit cost
// offered and its extended cost (a live formula), the proposed supplier and
// the date the parts are needed. It fills templates/breakdown.xlsx; which
// lines need a breakdown is spend.NeedsBreakdown's to say.
package breakdown

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/spend"
)

// Breakdown is one breakdown sent to Arrow.
type Breakdown struct {
	// Customer sends it ("IEC Electronics Corp."); Distributor receives it
	// (the agreement's full name for Arrow), DistributorShort is the name the
	// agreement uses ("Arrow CMS").
	Customer, Distributor, DistributorShort string
	// Sent is when it is sent; AnswerBy when Arrow's Hours to respond run out.
	Sent, AnswerBy time.Time
	Hours          int
	PreparedBy     string
	Lines          []ledger.Proposed
}

// ExtendedCost is a line's Quantity × Unit Cost offered, rounded once to the
// cent, half away from zero.
func ExtendedCost(p ledger.Proposed) decimal.Decimal {
	return spend.ExtendedCost(p.Quantity, p.UnitCost)
}

// Total is the extended cost of every line.
func (b Breakdown) Total() decimal.Decimal {
	t := decimal.Zero
	for _, p := range b.Lines {
		t = t.Add(ExtendedCost(p))
	}
	return t
}

// When is a time as the breakdown writes it: "Tuesday, October 7, 2003 at
// 9:00 AM".
func When(t time.Time) string { return calendar.LongWeekdayAt(t) }

// UnitCost is a unit cost with four decimals, or more where the offer has
// them: 3.1000, 0.00125.
func UnitCost(d decimal.Decimal) string {
	if d.Exponent() < -4 {
		return d.String()
	}
	return d.StringFixed(4)
}

// Statement is the paragraph above the lines: what the Customer asks and
// what §1.2 gives Arrow to answer.
func (b Breakdown) Statement() string {
	n := "the requirement below"
	if len(b.Lines) > 1 {
		n = fmt.Sprintf("the %d requirements below", len(b.Lines))
	}
	return fmt.Sprintf("%s desires to place %s with the suppliers named, on the terms shown, and gives %s this detailed breakdown "+
		"before committing the Purchase Orders (Supplier Agreement §1.2). %s shall respond within %d hours of receipt and will "+
		"either agree to meet the terms proposed or approve the Purchase Order placement with the proposed supplier: please "+
		"answer each line Meet or Approve by %s. Times are the Customer's local time.",
		b.Customer, n, b.DistributorShort, b.DistributorShort, b.Hours, When(b.AnswerBy))
}

// Title is what the breakdown is, as its first row and every page's header
// say it.
const Title = "Detailed breakdown before Purchase Order commitment"

// Render fills w with b. Every printed page's header names the Customer, the
// breakdown and when it was sent, so that a page of a long breakdown read on
// its own still says whose it is and what it is.
func Render(w *fill.Workbook, b Breakdown) error {
	w.PrintHeader(fill.PageHeader{Left: b.Customer, Center: Title + " (Supplier Agreement §1.2)", Right: "Sent " + calendar.LongAt(b.Sent)})
	w.Set("Customer", fill.Text(b.Customer))
	w.Set("Distributor", fill.Text(b.Distributor))
	w.Set("Sent", fill.Date(b.Sent))
	w.Set("AnswerBy", fill.Date(b.AnswerBy))
	w.SetOptional("PreparedBy", fill.Text(b.PreparedBy))
	w.SetParagraph("Statement", b.Statement())
	t := w.Table("Lines", len(b.Lines))
	t.Rows(func(i int, r *fill.Row) {
		p := b.Lines[i]
		r.Set("PO Reference", fill.Text(strings.TrimSpace(p.Reference)))
		r.Set("Line", fill.Int(p.Line))
		r.Set("Part Number", fill.Text(p.PartNumber))
		r.Set("Manufacturer", fill.Text(p.Manufacturer))
		r.Set("Description", fill.Text(p.Description))
		r.Set("Quantity", fill.Number(p.Quantity))
		r.Set("Unit Cost Offered", fill.Number(p.UnitCost))
		r.Set("Extended Cost", fill.Formula(fmt.Sprintf("ROUND(%s*%s,2)", r.Ref("Quantity"), r.Ref("Unit Cost Offered")), fill.Money(ExtendedCost(p))))
		r.Set("Proposed Supplier", fill.Text(p.Supplier))
		r.Set("Need By", fill.Date(p.NeedBy))
	})
	w.SetOptional("Total", fill.Formula("SUM("+t.Range("Extended Cost")+")", fill.Money(b.Total())))
	return nil
}
