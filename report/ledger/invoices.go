package ledger

import (
	"errors"
	"io"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// invoiceCols are the Invoices sheet's columns, as readInvoices looks for them.
var invoiceCols = []column{{Name: "Invoice Number"}, {Name: "Invoice Date"}, {Name: "Amount"}, {Name: "Returns", Optional: true}, {Name: "Discounts", Optional: true}, {Name: "Due Date"}, {Name: "Paid Date"}}

func (l *Ledger) invoiceTable() (*table, error) {
	p := l.newProblems()
	t, ok := findTable(p, l.src, SheetInvoices, invoiceCols, true, l.names)
	if err := p.err(); err != nil {
		return nil, err
	}
	if !ok {
		return nil, &Error{File: l.File, Sheet: SheetInvoices, Err: errors.New("cannot be read")}
	}
	t.records(invoiceRecords)
	return t, nil
}

// InvoiceColumn returns the column letter of an Invoices column ("Amount",
// "Returns", "Discounts", ...), for formulas; false when the sheet or the
// column is missing.
func (l *Ledger) InvoiceColumn(name string) (string, bool) {
	t, err := l.invoiceTable()
	if err != nil {
		return "", false
	}
	col, ok := t.col[name]
	if !ok {
		return "", false
	}
	return xlsx.ColName(col), true
}

// WriteInvoiceColumns streams a new copy of the workbook to w in which the
// Invoices sheet has the columns cols (added after the last used column when
// missing, reused when present), set on every invoice row by fn, which sees each
// invoice as read by Open and returns one Value per column; each takes the
// format of the sheet's own column of its kind. The styles part gains the cell
// formats that needs; every other part of the workbook is copied byte for byte.
func (l *Ledger) WriteInvoiceColumns(w io.Writer, cols []OutColumn, fn func(in *Invoice) []Value) error {
	if l.Book == nil {
		return &Error{File: l.File, Err: ErrFolderInPlace}
	}
	t, err := l.invoiceTable()
	if err != nil {
		return err
	}
	byRow := make(map[int]*Invoice, len(l.Invoices))
	for i := range l.Invoices {
		byRow[l.Invoices[i].Row] = &l.Invoices[i]
	}
	return writeColumns(l.Book, l.File, SheetInvoices, t, w, cols, func(rv *rowValues) []Value {
		in, ok := byRow[rv.num]
		if !ok {
			return nil
		}
		return fn(in)
	})
}
