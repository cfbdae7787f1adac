package ledger

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Books is the ledgers of one or more locations, facilities or divisions read
// as one: §1.3 counts purchases "by any of Customer's locations, facilities or
// divisions worldwide", and §1.2 governs them all. Each ledger is a workbook
// or a folder of CSV files with its own Purchases sheet; the line cards,
// breakdown logs, invoices, notices and deliveries of all are merged (a
// ledger may leave out a sheet another has: a head office may keep the Arrow
// Responses log and the Invoices for every plant). A PO line is its ledger's (and its Location's):
// the same PO Number and PO Line at two locations is two lines, and the check
// for a line listed twice is made within each location. An invoice number
// found in two ledgers is one invoice, counted once and warned about.
type Books struct {
	Ledgers    []*Ledger
	LineCard   []Authorization
	Breakdowns []Breakdown
	// BreakdownLedger is, for each of Breakdowns, the index of its ledger
	// (the log it is a row of).
	BreakdownLedger []int
	Invoices        []Invoice
	// InvoiceLedger is, for each of Invoices, the index of its ledger.
	InvoiceLedger []int
	// Notices are Arrow's notices and elections of every ledger (each names
	// its own in messages: Notice.Where, Notice.Problem).
	Notices []Notice
	// Deliveries are what the Deliveries sheets of every ledger record as
	// delivered, ledger by ledger (each names its own file in messages and
	// evidence: Delivery.Where, Delivery.ObligationProblem).
	Deliveries []Delivery
	// HasResponses, HasInvoices, HasNotices and HasDeliveries say whether any
	// ledger has those sheets.
	HasResponses, HasInvoices, HasNotices, HasDeliveries bool
	// Warnings are remarks about the inputs that do not stop the report: the
	// merge's, then each ledger's (complete once Purchases, or Finish, is
	// done: rows skipped as totals or notes are found as they are read).
	Warnings []string
	merged   []string
	// bd are the POs and PO lines the merged breakdown logs name (Purchases).
	bd *poSeen
}

// OpenBooks opens the ledgers at paths (workbooks or folders of CSV files,
// one a location) and merges their line cards, breakdown logs and invoices.
// Every problem of every ledger is reported at once. Two ledgers whose
// locations would be named alike (their file or folder names without the
// extension) are refused: the reports could not tell their lines apart.
func OpenBooks(paths []string, opts ...Option) (*Books, error) {
	b := &Books{}
	var all Errors
	for _, path := range paths {
		l, err := openOne(path, len(paths) == 1, opts)
		if err != nil {
			if !mergeErrors(&all, err) {
				b.Close()
				return nil, err
			}
			continue
		}
		b.Ledgers = append(b.Ledgers, l)
	}
	if all.Count > 0 {
		b.Close()
		return nil, &all
	}
	if err := b.merge(); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// mergeErrors adds an input error's problems to all; false for an error that
// is not about the input (it is returned as it is).
func mergeErrors(all *Errors, err error) bool {
	switch e := err.(type) {
	case *Errors:
		for _, x := range e.List {
			if len(all.List) < maxListed {
				all.List = append(all.List, x)
			}
		}
		all.Count += e.Count
	case *Error:
		if len(all.List) < maxListed {
			all.List = append(all.List, e)
		}
		all.Count++
	default:
		return false
	}
	return true
}

// openOne opens one of the ledgers, its line card required when it is the
// only one.
func openOne(path string, lineCard bool, opts []Option) (*Ledger, error) {
	src, book, err := openSource(path, opts...)
	if err != nil {
		return nil, err
	}
	return openLedger(path, inputName(path), src, book, lineCard, options(opts).names)
}

func (b *Books) merge() error {
	several := len(b.Ledgers) > 1
	if several {
		has := false
		for _, l := range b.Ledgers {
			has = has || l.HasLineCard
		}
		if !has {
			return &Error{File: b.Files(), Err: errors.New("none of them has a Franchise sheet (or Franchise.csv), Arrow's line card: without it no manufacturer is franchised (§1.2); add it to one of them")}
		}
	}
	byLocation := map[string]*Ledger{}
	for _, l := range b.Ledgers {
		k := strings.ToLower(strings.TrimSpace(l.Location))
		if other, dup := byLocation[k]; dup {
			return &Error{File: l.File, Err: fmt.Errorf("is named like %s (%s): each location's ledger needs a name of its own, which the reports' Location column shows; rename one of them", other.File, other.Path)}
		}
		byLocation[k] = l
		if several {
			l.origin.qualified = true
		}
	}
	type firstInvoice struct {
		l  *Ledger
		in Invoice
	}
	seen := map[string]firstInvoice{}
	for i, l := range b.Ledgers {
		b.LineCard = append(b.LineCard, l.LineCard...)
		b.Breakdowns = append(b.Breakdowns, l.Breakdowns...)
		for range l.Breakdowns {
			b.BreakdownLedger = append(b.BreakdownLedger, i)
		}
		b.HasResponses = b.HasResponses || l.HasResponses
		b.HasInvoices = b.HasInvoices || l.HasInvoices
		b.HasNotices = b.HasNotices || l.HasNotices
		b.Notices = append(b.Notices, l.Notices...)
		b.HasDeliveries = b.HasDeliveries || l.HasDeliveries
		b.Deliveries = append(b.Deliveries, l.Deliveries...)
		for _, in := range l.Invoices {
			k := strings.ToLower(strings.TrimSpace(in.Number))
			if first, dup := seen[k]; dup && first.l != l {
				differs := ""
				if !first.in.Amount.Equal(in.Amount) || !first.in.Returns.Equal(in.Returns) || !first.in.Discounts.Equal(in.Discounts) ||
					!first.in.Date.Equal(in.Date) || !first.in.Due.Equal(in.Due) || !first.in.Paid.Equal(in.Paid) {
					differs = ", although the two rows differ: check which is right"
				}
				b.merged = append(b.merged, fmt.Sprintf("invoice %s is in %s (%s) and in %s (%s): it is one invoice, counted once, as %s has it (§1.3 Net Sales Billed)%s",
					strings.TrimSpace(in.Number), first.l.File, first.l.invoicePlace(first.in.Row), l.File, l.invoicePlace(in.Row), first.l.File, differs))
				continue
			}
			if _, dup := seen[k]; !dup {
				seen[k] = firstInvoice{l, in}
			}
			b.Invoices = append(b.Invoices, in)
			b.InvoiceLedger = append(b.InvoiceLedger, i)
		}
	}
	b.bd = newPOSeen(b.Ledgers...)
	b.gather()
	return nil
}

// gather sets Warnings: the merge's, then each ledger's.
func (b *Books) gather() {
	b.Warnings = append([]string(nil), b.merged...)
	for _, l := range b.Ledgers {
		b.Warnings = append(b.Warnings, l.Warnings...)
	}
}

// invoicePlace names an invoice's row: "Invoices row 5", "line 5 of
// Invoices.csv".
func (l *Ledger) invoicePlace(row int) string {
	if l.Folder {
		if f, ok := l.src.(*csvFolder); ok {
			if s, ok := f.Sheet(SheetInvoices); ok {
				return fmt.Sprintf("line %d of %s", row, s.Part)
			}
		}
	}
	return fmt.Sprintf("%s row %d", SheetInvoices, row)
}

// Close releases every ledger.
func (b *Books) Close() error {
	for _, l := range b.Ledgers {
		l.Close()
	}
	return nil
}

// Files names the ledgers for messages: "ledger.xlsx", "east.xlsx and west".
func (b *Books) Files() string {
	var names []string
	for _, l := range b.Ledgers {
		names = append(names, l.File)
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// PurchaseRowsDeclared is the sum of the ledgers' (see Ledger's), for a
// progress bar.
func (b *Books) PurchaseRowsDeclared() int {
	n := 0
	for _, l := range b.Ledgers {
		n += l.PurchaseRowsDeclared()
	}
	return n
}

// Purchases streams every ledger's Purchases sheet in turn, calling fn for
// each PO line that reads without problems; the problems of all are returned
// together at the end, with the breakdowns that name a PO no ledger has.
func (b *Books) Purchases(fn func(line *POLine)) error {
	var all Errors
	whole := true
	for _, l := range b.Ledgers {
		p := l.newProblems()
		whole = l.streamPurchases(p, b.bd, fn) && whole
		mergeErrors(&all, p.err())
	}
	if whole {
		mergeErrors(&all, b.finish())
	}
	b.gather()
	if all.Count > 0 {
		return &all
	}
	return nil
}

// WriteColumns is Ledger.WriteColumns for ledger i, its breakdowns checked
// against the lines of every ledger by Finish once each ledger's columns are
// written.
func (b *Books) WriteColumns(i int, w io.Writer, cols []OutColumn, fn func(line *POLine) []Value) error {
	return b.Ledgers[i].writePurchaseColumns(w, b.bd, cols, fn)
}

// Finish reports, after WriteColumns for every ledger, the breakdowns that
// name a PO, or a PO line, that no ledger has.
func (b *Books) Finish() error {
	defer b.gather()
	return b.finish()
}

func (b *Books) finish() error {
	var all Errors
	for _, l := range b.Ledgers {
		p := l.newProblems()
		l.finishPurchases(p, b.bd)
		mergeErrors(&all, p.err())
	}
	if all.Count > 0 {
		return &all
	}
	return nil
}

// NoSheet says that no ledger has the sheet, for a warning (see
// Ledger.NoSheet).
func (b *Books) NoSheet(sheet string) string {
	if len(b.Ledgers) == 1 {
		return b.Ledgers[0].NoSheet(sheet)
	}
	return fmt.Sprintf("none of %s has a %s sheet (or %s.csv)", b.Files(), sheet, sheet)
}
