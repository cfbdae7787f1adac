package ledger

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// SheetDeliveries is the optional sheet, in the ledger or in the loan
// workbook, that records what was delivered for an obligation of either
// agreement: the evidence covenant status shows an obligation done by.
// covenant send --record appends its rows.
const SheetDeliveries = "Deliveries"

// Columns of the Deliveries sheet.
const (
	// ColDeliveryObligation is the obligation's id as covenant status lists
	// it ("monthly-2003-10", "certificate-2003Q4", "texas-property").
	ColDeliveryObligation = "Obligation"
	ColDeliveredOn        = "Delivered On"
	// ColDeliveredTo is to whom it was delivered (§7.5 addresses; the
	// Amendment's Agent and Lenders).
	ColDeliveredTo = "To"
	// ColDeliveryReference is how to find it again: a Message-ID, a courier's
	// tracking number, a letter's date.
	ColDeliveryReference = "Reference"
)

var deliveryCols = []column{{Name: ColDeliveryObligation}, {Name: ColDeliveredOn}, {Name: ColDeliveredTo}, {Name: ColDeliveryReference, Optional: true}}

// DeliveryColumns are the Deliveries sheet's headers in order, as covenant
// send --record writes a new sheet.
func DeliveryColumns() []string {
	out := make([]string, len(deliveryCols))
	for i, c := range deliveryCols {
		out[i] = c.Name
	}
	return out
}

// Delivery is one row of a Deliveries sheet.
type Delivery struct {
	// File is the workbook's base name and Row the worksheet row, for
	// messages and evidence ("ledger.xlsx, Deliveries row 4").
	File string
	Row  int
	// Obligation is the id as written (trimmed); ObligationCell its cell.
	Obligation, ObligationCell string
	On                         time.Time
	To, Reference              string
}

// Where names the row: "ledger.xlsx, Deliveries row 4".
func (d Delivery) Where() string { return fmt.Sprintf("%s, %s row %d", d.File, SheetDeliveries, d.Row) }

// ID is the obligation id folded for comparison (lower case).
func (d Delivery) ID() string { return strings.ToLower(strings.TrimSpace(d.Obligation)) }

// readDeliveries reads the optional Deliveries sheet of b (missing or empty:
// none) and reports whether it exists.
func readDeliveries(p *problems, b *xlsx.Book, file string, names columnNames) ([]Delivery, bool) {
	t, exists, ok := feeOptionalTable(p, b, SheetDeliveries, deliveryCols, names)
	if !ok {
		return nil, exists
	}
	var out []Delivery
	err := t.eachRow(func(rv *rowValues) {
		d := Delivery{File: file, Row: rv.num, ObligationCell: rv.ref(ColDeliveryObligation)}
		d.Obligation = rv.text(ColDeliveryObligation, true)
		d.On = rv.date(ColDeliveredOn, true)
		d.To = rv.text(ColDeliveredTo, true)
		d.Reference = rv.text(ColDeliveryReference, false)
		if !rv.bad {
			out = append(out, d)
		}
	})
	if err != nil {
		p.addRead(SheetDeliveries, err)
	}
	return out, true
}

// ReadDeliveries reads the Deliveries sheet of the workbook at path (the loan
// workbook; a ledger's is read by Open). A workbook without the sheet, or with
// an empty one, has none; every bad cell is reported at once.
//
// WithPassword opens an encrypted workbook.
func ReadDeliveries(path string, opts ...Option) ([]Delivery, bool, error) {
	b, err := openBook(path, opts...)
	if err != nil {
		return nil, false, err
	}
	defer b.Close()
	file := filepath.Base(path)
	p := &problems{file: file}
	ds, has := readDeliveries(p, b, file, options(opts).names)
	if err := p.err(); err != nil {
		return nil, has, err
	}
	return ds, has, nil
}

// DeliveryError is a problem with one Deliveries row found once the
// obligations are known (an id that names none), located at its cell.
func DeliveryError(file, cell, column string, err error) *Error {
	return &Error{File: file, Sheet: SheetDeliveries, Cell: cell, Column: column, Err: err}
}

// HasSheet reports whether the workbook at path has the named sheet (found as
// every reader finds sheets: case and surrounding spaces ignored).
func HasSheet(path, sheet string, opts ...Option) (bool, error) {
	b, err := openBook(path, opts...)
	if err != nil {
		return false, err
	}
	defer b.Close()
	_, ok := b.Sheet(sheet)
	return ok, nil
}
