package ledger

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// SheetBorrowing is the treasury team's daily sheet of the loan workbook
// (Amendment No. 10 B.1 and B.2).
const SheetBorrowing = "Borrowing"

// Borrowing sheet columns.
const (
	ColBorrowingDate      = "Date"
	ColReceivablesBase    = "Receivables Borrowing Base"
	ColAdvances           = "Advances"
	ColBankersAcceptances = "Banker's Acceptances"
	ColLettersOfGuaranty  = "Letters of Guaranty"
	ColLettersOfCredit    = "Letters of Credit"
	ColTermLoanReserve    = "Term Loan Reserve"
	ColTermLoanBalance    = "Term Loan Balance"
	ColPrimeRate          = "Prime Rate"
)

var borrowingCols = []column{
	{Name: ColBorrowingDate}, {Name: ColReceivablesBase}, {Name: ColAdvances},
	{Name: ColBankersAcceptances}, {Name: ColLettersOfGuaranty}, {Name: ColLettersOfCredit},
	{Name: ColTermLoanReserve}, {Name: ColTermLoanBalance}, {Name: ColPrimeRate},
}

// BorrowingRow is one row of the Borrowing sheet: the balances outstanding and
// the Prime Rate from Date until the next row's date.
type BorrowingRow struct {
	Row  int // worksheet row number
	Date time.Time
	// ReceivablesBase is the IEC Receivables Borrowing Base (B.1).
	ReceivablesBase    decimal.Decimal
	Advances           decimal.Decimal
	BankersAcceptances decimal.Decimal // blank: none
	LettersOfGuaranty  decimal.Decimal // blank: none
	LettersOfCredit    decimal.Decimal // blank: none
	TermLoanReserve    decimal.Decimal
	TermLoanBalance    decimal.Decimal
	// PrimeRate is in percent: 4.75 means 4.75% a year.
	PrimeRate decimal.Decimal
	// TextAmounts is true when an amount was typed as text ("$1,234.56"): a
	// formula over the row's cells would not see it as a number.
	TextAmounts bool
}

// Borrowing is the Borrowing sheet of an open loan workbook, read whole (it has
// one row a business day).
type Borrowing struct {
	Path string
	File string // base name, for messages
	// Book is the workbook; nil for a folder of CSV files.
	Book *xlsx.Book
	src  source
	// Rows are the data rows, dates strictly ascending.
	Rows []BorrowingRow
	// Warnings are remarks about the input that do not stop the report.
	Warnings []string
	table    *table
}

// OpenBorrowing opens the loan workbook at path and reads its Borrowing sheet.
// Every problem is reported at once, each naming its cell; dates must be
// strictly ascending (a row's balances hold until the next row's date, so a
// repeated or earlier date is a mistake), and the sheet must have a row
// (unless WithNoRowsYet).
//
// WithPassword opens an encrypted workbook.
func OpenBorrowing(path string, opts ...Option) (*Borrowing, error) {
	bk, book, err := openSource(path, opts...)
	if err != nil {
		return nil, err
	}
	b := &Borrowing{Path: path, File: inputName(path), Book: book, src: bk}
	p := newProblems(b.File, bk)
	t, ok := findTable(p, bk, SheetBorrowing, borrowingCols, true, options(opts).names)
	if ok {
		b.table = t
		t.records(borrowingRecords)
		var lastDate time.Time
		lastRow := 0
		fractions, firstFraction := 0, ""
		err := t.eachRow(func(rv *rowValues) {
			var r BorrowingRow
			frac := parseBorrowingRow(rv, &r)
			if frac && !rv.bad {
				if fractions == 0 {
					firstFraction = fmt.Sprintf("%s: %s read as %s%%", rv.ref(ColPrimeRate), r.PrimeRate.Shift(-2).String(), r.PrimeRate.String())
				}
				fractions++
			}
			if !r.Date.IsZero() {
				if lastRow > 0 && !r.Date.After(lastDate) {
					what := "repeats"
					if r.Date.Before(lastDate) {
						what = "is before"
					}
					rv.fail(ColBorrowingDate, rv.ref(ColBorrowingDate), fmt.Errorf("%s %s the date %s in %s: dates must be strictly ascending, one row a day (a row's balances hold until the next row's date)",
						r.Date.Format("2006-01-02"), what, lastDate.Format("2006-01-02"), t.rowName(lastRow)))
				} else {
					lastDate, lastRow = r.Date, r.Row
				}
			}
			if !rv.bad {
				b.Rows = append(b.Rows, r)
			}
		})
		if err != nil {
			p.addRead(SheetBorrowing, err)
		}
		if w := t.skipWarning(b.File); w != "" {
			b.Warnings = append(b.Warnings, w)
		}
		if fractions > 0 {
			b.Warnings = append(b.Warnings, fmt.Sprintf("%s, sheet %s: %d Prime Rate values below 1 were read as fractions, as a cell formatted as a percentage holds them (%s); write the rate in percent (4.75) to silence this",
				b.File, SheetBorrowing, fractions, firstFraction))
		}
		if p.errs.Count == 0 && len(b.Rows) == 0 && !options(opts).noRowsYet {
			p.add(SheetBorrowing, "", "", fmt.Errorf("has no data rows below the header (%s): enter the balances and the Prime Rate of each business day to report on, one row a day (B.1, B.2)", t.rowName(t.headerRow)))
		}
	}
	if err := p.err(); err != nil {
		bk.Close()
		return nil, err
	}
	if !ok {
		bk.Close()
		return nil, &Error{File: b.File, Sheet: SheetBorrowing, Err: errors.New("cannot be read")}
	}
	return b, nil
}

// Close releases the workbook.
func (b *Borrowing) Close() error { return b.src.Close() }

// parseBorrowingRow reads one Borrowing row; it reports whether the Prime Rate
// was written as a fraction (0.0475 for 4.75%).
func parseBorrowingRow(rv *rowValues, r *BorrowingRow) (fraction bool) {
	*r = BorrowingRow{Row: rv.num}
	r.Date = rv.date(ColBorrowingDate, true)
	nonNeg := func(name string, required bool) decimal.Decimal {
		if c, _ := rv.cell(name); c != nil && c.Kind == xlsx.Text && !isEmpty(c) {
			r.TextAmounts = true
		}
		d, ok := rv.amount(name, required)
		if ok && d.IsNegative() {
			rv.fail(name, rv.ref(name), fmt.Errorf("%s is negative; write the balance outstanding (0 when none)", d.StringFixed(2)))
		}
		return d
	}
	r.ReceivablesBase = nonNeg(ColReceivablesBase, true)
	r.Advances = nonNeg(ColAdvances, true)
	r.BankersAcceptances = nonNeg(ColBankersAcceptances, false)
	r.LettersOfGuaranty = nonNeg(ColLettersOfGuaranty, false)
	r.LettersOfCredit = nonNeg(ColLettersOfCredit, false)
	r.TermLoanReserve = nonNeg(ColTermLoanReserve, true)
	r.TermLoanBalance = nonNeg(ColTermLoanBalance, true)
	r.PrimeRate, fraction = rv.percent(ColPrimeRate)
	return fraction
}

// percent reads a rate in percent: 4.75, "4.75" or "4.75%". A number between 0
// and 1 is a fraction (a percentage-formatted cell shows 0.0475 as 4.75%): it is
// multiplied by 100 and reported, since no Prime Rate was ever below 1%.
func (rv *rowValues) percent(name string) (d decimal.Decimal, fraction bool) {
	c, ref := rv.cell(name)
	if c != nil && c.Kind == xlsx.Error {
		rv.fail(name, ref, fmt.Errorf("the cell shows the error %s; fix the formula or type the value", c.Text))
		return decimal.Zero, false
	}
	if isEmpty(c) {
		rv.fail(name, ref, errors.New("is blank; the Prime Rate in percent is required (e.g. 4.75)"))
		return decimal.Zero, false
	}
	var err error
	hasSign := false
	switch c.Kind {
	case xlsx.Number:
		d, err = decimal.NewFromString(c.Text)
	case xlsx.Text:
		s := strings.TrimSpace(c.Text)
		if t, ok := strings.CutSuffix(s, "%"); ok {
			s, hasSign = strings.TrimSpace(t), true
		}
		d, err = parse.Number(s)
	default:
		err = fmt.Errorf("%q is not a rate", c.Text)
	}
	if err != nil {
		rv.fail(name, ref, fmt.Errorf("%v; write the Prime Rate in percent, e.g. 4.75 or 4.75%%", err))
		return decimal.Zero, false
	}
	if !d.IsPositive() || d.GreaterThanOrEqual(decimal.NewFromInt(100)) {
		rv.fail(name, ref, fmt.Errorf("%s is not a Prime Rate in percent (write 4.75 for 4.75%%)", d.String()))
		return decimal.Zero, false
	}
	if d.LessThan(decimal.NewFromInt(1)) && !hasSign {
		return d.Shift(2), true
	}
	return d, false
}

// WriteColumns streams a new copy of the workbook to w in which the Borrowing
// sheet has the columns cols (added after the last used column when missing,
// reused when present), set on every row by fn, each in the format of the
// sheet's own column of its kind. The styles part gains the cell formats that
// needs; every other part of the workbook is copied byte for byte.
func (b *Borrowing) WriteColumns(w io.Writer, cols []OutColumn, fn func(row *BorrowingRow) []Value) error {
	if b.Book == nil {
		return &Error{File: b.File, Err: ErrFolderInPlace}
	}
	var r BorrowingRow
	return writeColumns(b.Book, b.File, SheetBorrowing, b.table, w, cols, func(rv *rowValues) []Value {
		parseBorrowingRow(rv, &r)
		if rv.bad {
			return nil
		}
		return fn(&r)
	})
}

// Column returns the column letter of a Borrowing column, for formulas.
func (b *Borrowing) Column(name string) (string, bool) {
	col, ok := b.table.col[name]
	if !ok {
		return "", false
	}
	return xlsx.ColName(col), true
}
