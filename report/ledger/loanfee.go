package ledger

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// Sheets of the loan workbook that record the Extension Fee (Amendment A.3).
const (
	SheetFeeEvents   = "Fee Events"
	SheetFeePayments = "Fee Payments"
)

// Fee events: the names accepted in the Event column of the Fee Events sheet
// (case, spaces and punctuation ignored).
const (
	FeeEventExecution           = "Execution"
	FeeEventPurchaseOffer       = "Purchase Offer Delivered"
	FeeEventFinancingCommitment = "Financing Commitment Delivered"
	FeeEventFullPayment         = "Full Payment"
)

// FeeEventNames lists the accepted fee events in the order they are explained.
var FeeEventNames = []string{FeeEventExecution, FeeEventPurchaseOffer, FeeEventFinancingCommitment, FeeEventFullPayment}

// FeeEvent is one row of the Fee Events sheet.
type FeeEvent struct {
	Row   int
	Event string // one of FeeEventNames, as spelled there
	Date  time.Time
	// EventCell and DateCell locate the values, e.g. "A3" and "B3".
	EventCell, DateCell string
}

// FeePayment is one row of the Fee Payments sheet.
type FeePayment struct {
	Row    int
	Date   time.Time
	Amount decimal.Decimal
	// Installment is the installment ID paid (e.g. "base-2"); empty: the oldest
	// open installments first.
	Installment     string
	InstallmentCell string // e.g. "C4"; empty when the sheet has no Installment column
}

// LoanFees is what the loan workbook records about the Extension Fee. Either sheet
// may be missing or empty.
type LoanFees struct {
	Path string
	File string // base name, for messages
	// HasEvents and HasPayments say whether the sheets exist.
	HasEvents, HasPayments bool
	Events                 []FeeEvent
	Payments               []FeePayment
	// Warnings are remarks about the input that do not stop the report (rows
	// skipped as totals or notes).
	Warnings []string
	src      source // closed once read: for messages only
}

// Event returns the event of that name (a FeeEvent* constant) and whether there is
// one; for the delivery events, the first.
func (lf *LoanFees) Event(name string) (FeeEvent, bool) {
	for _, e := range lf.Events {
		if e.Event == name {
			return e, true
		}
	}
	return FeeEvent{}, false
}

var feeEventColumns = []column{{Name: "Event"}, {Name: "Date"}}
var feePaymentColumns = []column{{Name: "Date"}, {Name: "Amount"}, {Name: "Installment", Optional: true}}

// ReadLoanFees reads the Fee Events (Event, Date) and Fee Payments (Date, Amount,
// Installment) sheets of the loan workbook at path. An event name covenant does
// not know, a second Execution or Full Payment, a blank or unreadable date or
// amount, each is reported with its cell, all at once.
//
// WithPassword opens an encrypted workbook.
func ReadLoanFees(path string, opts ...Option) (*LoanFees, error) {
	return readLoanFees(path, nil, opts)
}

// ReadCheckedLoanFees is ReadLoanFees followed by Check, reporting the problems of
// both together.
func ReadCheckedLoanFees(path string, ids []string, defaultExecution time.Time, opts ...Option) (*LoanFees, error) {
	return readLoanFees(path, func(lf *LoanFees, p *problems) { lf.check(p, ids, defaultExecution) }, opts)
}

func readLoanFees(path string, check func(*LoanFees, *problems), opts []Option) (*LoanFees, error) {
	b, _, err := openSource(path, opts...)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	lf := &LoanFees{Path: path, File: inputName(path), src: b}
	p := newProblems(lf.File, b)
	names := options(opts).names
	lf.HasEvents = lf.readEvents(p, b, names)
	lf.HasPayments = lf.readPayments(p, b, names)
	if check != nil {
		check(lf, p)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return lf, nil
}

// feeOptionalTable finds a sheet's header unless the sheet is missing or holds
// nothing at all; it reports whether the sheet exists.
func feeOptionalTable(p *problems, b source, sheet string, cols []column, names columnNames) (*table, bool, bool) {
	sh, ok := b.Sheet(sheet)
	if !ok {
		return nil, false, false
	}
	empty := true
	stop := errors.New("stop")
	err := b.ReadRows(sh, func(r *xlsx.Row) error {
		for _, c := range r.Cells {
			if !isEmpty(&c) {
				empty = false
				return stop
			}
		}
		return nil
	})
	if err != nil && err != stop {
		p.addRead(sheet, err)
		return nil, true, false
	}
	if empty {
		return nil, true, false
	}
	t, ok := findTable(p, b, sheet, cols, true, names)
	return t, true, ok
}

func (lf *LoanFees) readEvents(p *problems, b source, names columnNames) bool {
	t, exists, ok := feeOptionalTable(p, b, SheetFeeEvents, feeEventColumns, names)
	if !ok {
		return exists
	}
	t.records(feeEventRecords)
	byKey := map[string]string{}
	for _, n := range FeeEventNames {
		byKey[parse.HeaderKey(n)] = n
	}
	first := map[string]string{} // Execution / Full Payment -> cell of the first
	err := t.eachRow(func(rv *rowValues) {
		e := FeeEvent{Row: rv.num, EventCell: rv.ref("Event"), DateCell: rv.ref("Date")}
		text := rv.text("Event", true)
		e.Date = rv.date("Date", true)
		if text != "" {
			name, known := byKey[parse.HeaderKey(text)]
			switch {
			case !known:
				rv.fail("Event", e.EventCell, fmt.Errorf("%q is not a fee event: write one of %s (Amendment A.3)", text, feeQuoteList(FeeEventNames)))
			case name == FeeEventExecution || name == FeeEventFullPayment:
				if at, dup := first[name]; dup {
					why := "the Amendment is executed once"
					if name == FeeEventFullPayment {
						why = "the Indebtedness is fully and irrevocably paid once"
					}
					rv.fail("Event", e.EventCell, fmt.Errorf("a second %s event (the first is in %s): %s; keep one", name, at, why))
				} else {
					first[name] = e.EventCell
				}
			}
			e.Event = name
		}
		if !rv.bad {
			lf.Events = append(lf.Events, e)
		}
	})
	if err != nil {
		p.addRead(SheetFeeEvents, err)
	}
	if w := t.skipWarning(lf.File); w != "" {
		lf.Warnings = append(lf.Warnings, w)
	}
	return true
}

func (lf *LoanFees) readPayments(p *problems, b source, names columnNames) bool {
	t, exists, ok := feeOptionalTable(p, b, SheetFeePayments, feePaymentColumns, names)
	if !ok {
		return exists
	}
	t.records(feePaymentRecords)
	err := t.eachRow(func(rv *rowValues) {
		pm := FeePayment{Row: rv.num}
		pm.Date = rv.date("Date", true)
		amount, ok := rv.amount("Amount", true)
		if ok && !amount.IsPositive() {
			rv.fail("Amount", rv.ref("Amount"), fmt.Errorf("%s: a payment must be a positive amount", amount.String()))
		}
		pm.Amount = amount
		pm.Installment = rv.text("Installment", false)
		pm.InstallmentCell = rv.ref("Installment")
		if !rv.bad {
			lf.Payments = append(lf.Payments, pm)
		}
	})
	if err != nil {
		p.addRead(SheetFeePayments, err)
	}
	if w := t.skipWarning(lf.File); w != "" {
		lf.Warnings = append(lf.Warnings, w)
	}
	return true
}

// Check holds the records against the terms: every installment a payment names
// must be one of ids (compared ignoring case; the ID is rewritten as the terms
// spell it), and Full Payment may not come before the execution date (the Execution
// event, else defaultExecution, the date the Amendment is dated as of).
func (lf *LoanFees) Check(ids []string, defaultExecution time.Time) error {
	p := newProblems(lf.File, lf.src)
	lf.check(p, ids, defaultExecution)
	return p.err()
}

func (lf *LoanFees) check(p *problems, ids []string, defaultExecution time.Time) {
	canon := map[string]string{}
	for _, id := range ids {
		canon[strings.ToLower(strings.TrimSpace(id))] = id
	}
	for i := range lf.Payments {
		pm := &lf.Payments[i]
		if pm.Installment == "" {
			continue
		}
		id, ok := canon[strings.ToLower(strings.TrimSpace(pm.Installment))]
		if !ok {
			p.add(SheetFeePayments, pm.InstallmentCell, "Installment", fmt.Errorf("%q is not an installment of the Extension Fee: write one of %s, or leave it blank to pay the oldest open installment first", pm.Installment, strings.Join(ids, ", ")))
			continue
		}
		pm.Installment = id
	}
	exec, where := defaultExecution, "the date the Amendment is dated as of"
	if e, ok := lf.Event(FeeEventExecution); ok {
		exec, where = e.Date, "the Execution event in "+e.DateCell
	}
	if fp, ok := lf.Event(FeeEventFullPayment); ok && fp.Date.Before(exec) {
		p.add(SheetFeeEvents, fp.DateCell, "Date", fmt.Errorf("Full Payment on %s is before the execution date %s (%s)", fp.Date.Format("2006-01-02"), exec.Format("2006-01-02"), where))
	}
}

func feeQuoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// Place names a cell of one of the workbook's sheets for a message:
// "Fee Events!B3" in a workbook, "loan/Fee Events.csv, line 3" in a folder of
// CSV files.
func (lf *LoanFees) Place(sheet, cell string) string {
	if f, ok := lf.src.(*csvFolder); ok {
		if n, ok := lineOf(cell); ok {
			return fmt.Sprintf("%s, line %d", f.display(sheet), n)
		}
		return f.display(sheet)
	}
	return sheet + "!" + cell
}

// RowPlace names a row of one of the workbook's sheets for a message: "Fee
// Payments row 4", "loan/Fee Payments.csv, line 4".
func (lf *LoanFees) RowPlace(sheet string, row int) string {
	if f, ok := lf.src.(*csvFolder); ok {
		return fmt.Sprintf("%s, line %d", f.display(sheet), row)
	}
	return fmt.Sprintf("%s row %d", sheet, row)
}

// Problem is a problem found once the records are read, at a cell of one of
// the workbook's sheets (cell "" for the whole sheet), located as the
// reader's own problems are.
func (lf *LoanFees) Problem(sheet, cell, column string, err error) *Error {
	p := newProblems(lf.File, lf.src)
	p.add(sheet, cell, column, err)
	return p.errs.List[0]
}
