package ledger

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// SheetProposed is the optional sheet of purchases the buyer proposes to place
// with a supplier other than Arrow: each franchised line needs a detailed
// breakdown to Arrow "prior to Purchase Order commitment" (§1.2), which
// covenant breakdown sends and logs on the Arrow Responses sheet.
const SheetProposed = "Proposed"

// Columns of the Proposed sheet.
const (
	ColReference        = "Reference"
	ColLine             = "Line"
	ColProposedSupplier = "Proposed Supplier"
	ColNeedBy           = "Need By"
)

// proposedCols are the Proposed sheet's columns, as readProposed looks for
// them: Reference is the PO number the order will get, Line its line (blank:
// 1), Unit Cost the other supplier's offer.
var proposedCols = []column{
	{Name: ColReference}, {Name: ColLine, Optional: true}, {Name: ColPartNumber}, {Name: ColManufacturer},
	{Name: ColDescription}, {Name: ColQuantity}, {Name: ColUnitCost}, {Name: ColProposedSupplier},
	{Name: ColNeedBy}, {Name: ColCustomerDirected},
}

// Proposed is one line of the Proposed sheet: a purchase the buyer means to
// place with Supplier under the PO number Reference.
type Proposed struct {
	Row       int
	Reference string
	// Line is the PO line the order will have; 1 when the cell is blank.
	Line         int
	PartNumber   string
	Manufacturer string
	Description  string
	Quantity     decimal.Decimal
	// UnitCost is the other supplier's offer, as typed (to four decimals or
	// more).
	UnitCost decimal.Decimal
	// Supplier is the proposed supplier.
	Supplier string
	// NeedBy is the day the parts are needed; zero when blank.
	NeedBy           time.Time
	CustomerDirected bool
	// ReferenceNumber says the Reference cell holds a number (PO 10045): the
	// breakdown log gets a number too.
	ReferenceNumber bool
	// ReferenceCell is the Reference cell ("A5"), for messages.
	ReferenceCell string
}

// Where names the line for messages: "Proposed row 5".
func (p Proposed) Where() string { return fmt.Sprintf("%s row %d", SheetProposed, p.Row) }

// readProposed reads the optional Proposed sheet.
func (l *Ledger) readProposed(p *problems) {
	t, ok := findTable(p, l.src, SheetProposed, proposedCols, false, l.names)
	if t == nil {
		return
	}
	l.HasProposed = true
	if !ok {
		return
	}
	t.records(proposedRecords)
	first := map[string]int{}
	err := t.eachRow(func(rv *rowValues) {
		pr := Proposed{Row: rv.num, ReferenceCell: rv.ref(ColReference)}
		pr.Reference = rv.text(ColReference, true)
		if c, _ := rv.cell(ColReference); c != nil && c.Kind == xlsx.Number && !c.Date {
			pr.ReferenceNumber = true
		}
		pr.Line = 1
		if c, _ := rv.cell(ColLine); !isEmpty(c) {
			pr.Line = rv.integer(ColLine, false)
		}
		pr.PartNumber = rv.text(ColPartNumber, true)
		pr.Manufacturer = rv.text(ColManufacturer, true)
		pr.Description = rv.text(ColDescription, false)
		var okQ, okU bool
		pr.Quantity, okQ = rv.amountWith(ColQuantity, true, parse.Number)
		if okQ && !pr.Quantity.IsPositive() {
			rv.fail(ColQuantity, rv.ref(ColQuantity), fmt.Errorf("%s is not a quantity to buy: a proposed purchase needs a quantity above 0", pr.Quantity.String()))
		}
		pr.UnitCost, okU = rv.amount(ColUnitCost, true)
		if okU && pr.UnitCost.IsNegative() {
			rv.fail(ColUnitCost, rv.ref(ColUnitCost), fmt.Errorf("%s is below 0: give the price the supplier offers for one unit", pr.UnitCost.String()))
		}
		pr.Supplier = rv.text(ColProposedSupplier, true)
		pr.NeedBy = rv.date(ColNeedBy, false)
		pr.CustomerDirected = rv.flagOf(rv.t.field(ColCustomerDirected))
		if pr.Reference != "" && pr.Line > 0 {
			k := normPO(pr.Reference) + "\x00" + strconv.Itoa(pr.Line)
			if row, dup := first[k]; dup {
				cell := rv.ref(ColLine)
				if cell == "" {
					cell = pr.ReferenceCell
				}
				rv.fail(ColLine, cell, fmt.Errorf("%s line %d is proposed twice (first in row %d): delete the duplicate row, or give the line its own number", pr.Reference, pr.Line, row))
			} else {
				first[k] = rv.num
			}
		}
		if !rv.bad {
			l.Proposed = append(l.Proposed, pr)
		}
	})
	if err != nil {
		p.addRead(t.sheet.Name, err)
	}
	l.warn(t.skipWarning(l.File))
}

// proposedRecords: a row whose Reference, Part Number, Manufacturer and
// Proposed Supplier are blank (a total, a note) is not a proposed purchase.
var proposedRecords = recordRule{"a proposed purchase", "proposed purchases", []string{ColReference, ColPartNumber, ColManufacturer, ColProposedSupplier}, true, false}

// amountWith reads a number cell, or text with parseText, by column name.
func (rv *rowValues) amountWith(name string, required bool, parseText func(string) (decimal.Decimal, error)) (decimal.Decimal, bool) {
	return rv.numericOf(rv.t.field(name), required, parseText)
}

// ProposedRequired is the error for a ledger without a Proposed sheet, for the
// commands that need one.
func (l *Ledger) ProposedRequired() error {
	if l.HasProposed {
		return nil
	}
	return &Error{File: l.File, Err: fmt.Errorf("%s: list the purchases you mean to place with another supplier there, one row a PO line, with the columns %s",
		noSheetWords(l, SheetProposed), colList(proposedCols))}
}

// proposedKey is how a breakdown's PO and line are matched to a proposed line.
func proposedKey(ref string, line int) string {
	return normPO(ref) + "\x00" + strconv.Itoa(line)
}

// noSheetWords says the ledger lacks a sheet: "no sheet named "Proposed"
// (sheets: ...)", or, for a folder of CSV files, "no Proposed.csv".
func noSheetWords(l *Ledger, sheet string) string {
	if l.Folder {
		return fmt.Sprintf("no %s.csv in the folder", sheet)
	}
	return fmt.Sprintf("no sheet named %q (sheets: %s)", sheet, sheetList(l.src))
}
