// Package ledger reads the accountant's workbooks into typed records: the purchasing
// ledger (Purchases, the Franchise line card, the Arrow Responses breakdown log, the
// distributor's Invoices, Arrow's notices and elections in Arrow Notices, and what
// was delivered for the agreements' obligations in Deliveries) and the loan
// workbook. Sheets are found by name and columns by header text (case, spaces
// and punctuation ignored, any order, extra columns kept), under their own names or
// the other names systems give them (synonyms.go, header.go); rows that are totals
// or notes are skipped (records.go); values are accepted as a person types them.
// Every problem is reported with its file, sheet and cell, and all problems are
// collected, not only the first.
package ledger

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// Error is one problem in an input workbook, located like encoding/csv.ParseError.
type Error struct {
	File  string // the workbook's file name; a CSV file's, with its folder ("east/Purchases.csv")
	Sheet string // empty for problems with the whole file (and in a CSV file)
	Cell  string // e.g. "H12"; empty for a whole sheet
	// Line is the line of a CSV file the record starts on (0: none).
	Line   int
	Column string // the column's header, when the problem is a value
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(", sheet ")
		b.WriteString(e.Sheet)
	}
	if e.Cell != "" {
		b.WriteString(", cell ")
		b.WriteString(e.Cell)
	}
	if e.Line > 0 {
		b.WriteString(", line ")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Column != "" {
		b.WriteString(" (")
		b.WriteString(e.Column)
		b.WriteString(")")
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// maxListed bounds how many problems are kept; the count goes on.
const maxListed = 200

// Errors is every problem found in an input; it is returned as one error.
type Errors struct {
	List  []*Error
	Count int // all problems found, including those past List
}

func (es *Errors) Error() string {
	var b strings.Builder
	for i, e := range es.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	if es.Count > len(es.List) {
		fmt.Fprintf(&b, "\n… and %d more", es.Count-len(es.List))
	}
	if es.Count > 1 {
		fmt.Fprintf(&b, "\n%d problems found", es.Count)
	}
	return b.String()
}

// problems collects Errors.
type problems struct {
	file string
	errs Errors
	// csv, for a folder of CSV files, turns a sheet and cell into a file and line.
	csv *csvFolder
}

// newProblems collects the problems of the input named file read from s.
func newProblems(file string, s source) *problems {
	p := &problems{file: file}
	p.csv, _ = s.(*csvFolder)
	return p
}

func (p *problems) add(sheet, cell, column string, err error) {
	p.addError(&Error{File: p.file, Sheet: sheet, Cell: cell, Column: column, Err: err})
}

func (p *problems) addError(e *Error) {
	p.errs.Count++
	if len(p.errs.List) < maxListed {
		if p.csv != nil {
			p.csv.locate(e)
		}
		p.errs.List = append(p.errs.List, e)
	}
}

// addRead adds a problem found while reading a sheet's XML, at its cell or row
// when the reader knows it (a CSV file's problems come located).
func (p *problems) addRead(sheet string, err error) {
	var re *xlsx.ReadError
	var e *Error
	if errors.As(err, &e) {
		p.addError(e)
		return
	}
	if !errors.As(err, &re) {
		p.add(sheet, "", "", err)
		return
	}
	switch {
	case re.Col > 0 && re.Row > 0:
		p.add(re.Sheet, xlsx.CellRef(re.Col, re.Row), "", re.Err)
	case re.Row > 0 || re.After > 0:
		p.add(re.Sheet, "", "", fmt.Errorf("%s: %w", re.Where(), re.Err))
	default:
		p.add(re.Sheet, "", "", re.Err)
	}
}

func (p *problems) err() error {
	if p.errs.Count == 0 {
		return nil
	}
	e := p.errs
	return &e
}

// IsInputError reports whether err is a problem with an input workbook (exit
// status 2) rather than a failure of the program.
func IsInputError(err error) bool {
	var es *Errors
	var e *Error
	var re *xlsx.ReadError
	var ae *AnswerError
	return errors.As(err, &es) || errors.As(err, &e) || errors.As(err, &re) || errors.As(err, &ae)
}

// Option changes how an input workbook is opened.
type Option func(*openOptions)

type openOptions struct {
	password string
	names    columnNames // the columns' other names; nil: the built-in ones
	// noRowsYet: a Borrowing sheet with no data rows is read as none
	noRowsYet bool
}

func options(opts []Option) openOptions {
	var o openOptions
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithNoRowsYet reads a Borrowing sheet that has no data rows below its
// header (a blank loan workbook, as covenant ledger new --loan writes it) as
// no rows yet, for covenant status, which says what the sheet does not show;
// covenant borrowing refuses it, having nothing to test.
func WithNoRowsYet() Option {
	return func(o *openOptions) { o.noRowsYet = true }
}

// WithPassword opens a password-protected workbook with password: it is
// decrypted in memory and nothing decrypted is written to disk (§6). A
// workbook that is not encrypted opens as usual.
func WithPassword(password string) Option {
	return func(o *openOptions) { o.password = password }
}

// openBook opens a workbook, turning the reasons it cannot be read into an Error.
func openBook(path string, opts ...Option) (*xlsx.Book, error) {
	o := options(opts)
	if o.password != "" {
		if enc, err := protect.IsEncryptedFile(path); err == nil && enc {
			return openEncrypted(path, o.password)
		}
	}
	b, err := xlsx.Open(path)
	if err == nil {
		return b, nil
	}
	name := filepath.Base(path)
	if errors.Is(err, xlsx.ErrEncrypted) {
		return nil, &Error{File: name, Err: errors.New("the workbook is password-protected: give its password with --ledger-password-file FILE or --ledger-password-env VAR")}
	}
	return nil, &Error{File: name, Err: err}
}

// openEncrypted decrypts the workbook at path into memory and opens that.
func openEncrypted(path, password string) (*xlsx.Book, error) {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	plain, err := protect.Decrypt(data, password)
	if err != nil {
		if errors.Is(err, protect.ErrWrongPassword) {
			err = errors.New("the workbook is password-protected and the password given (--ledger-password-file or --ledger-password-env) does not open it")
		}
		return nil, &Error{File: name, Err: err}
	}
	b, err := xlsx.OpenBytes(plain)
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	b.Path = path
	return b, nil
}

// column describes a column the reader looks for.
type column struct {
	Name     string // canonical header
	Optional bool
}

// table is a sheet read as a header row and data rows.
type table struct {
	p         *problems
	book      source
	date1904  bool
	sheet     xlsx.Sheet
	headerRow int
	col       map[string]int    // canonical name -> column number
	header    map[string]string // canonical name -> header text in the file
	maxCol    int
	// serials caches the dates of serial numbers read (a few thousand at
	// most), textDates those of dates typed as text
	serials, textDates map[string]time.Time
	// purchase holds the Purchases columns, located once
	purchase *purchaseFields
	// location and origin are the Purchases lines' default Location and
	// where they are read from
	location string
	origin   *origin
	// rule says which rows are not records (totals, notes); ruleKeys are its
	// key columns, skipped the rows it skipped in the last pass
	rule     *recordRule
	ruleKeys []field
	skipped  rowRuns
}

// maxHeaderSearch is how many rows may stand above the header row (titles).
const maxHeaderSearch = 30

// findTable locates the sheet and its header row: the first row, among the first
// rows, that holds every required header, by their own names or the other
// names of names (nil: the built-in ones, synonyms.go). It reports missing
// sheets and columns, and headers it cannot choose between.
func findTable(p *problems, b source, sheetName string, cols []column, required bool, names columnNames) (*table, bool) {
	if onFindTable != nil {
		onFindTable(sheetName, cols)
	}
	sh, ok := b.Sheet(sheetName)
	if !ok {
		for _, s := range sheetsOf(b) {
			if parse.HeaderKey(s.Name) == parse.HeaderKey(sheetName) && strings.EqualFold(strings.TrimSpace(s.Name), sheetName) {
				p.add(s.Name, "", "", fmt.Errorf("the workbook lists the sheet but its contents (part %s) are missing: the file is damaged; open it in Excel and save it again", orNone(s.Part)))
				return nil, false
			}
		}
		if required {
			p.add("", "", "", missingSheet(b, sheetName))
		}
		return nil, false
	}
	t := &table{p: p, book: b, sheet: sh, date1904: date1904(b)}
	m := newHeaderMatcher(sheetName, cols, names)
	m.cellName, m.rowName = t.columnName, t.rowName
	need := 0
	for _, want := range cols {
		if !want.Optional {
			need++
		}
	}
	var best *headerRead
	stop := errors.New("stop")
	var cells []headerCell
	err := b.ReadRows(sh, func(r *xlsx.Row) error {
		if r.Num > maxHeaderSearch {
			return stop
		}
		cells = cells[:0]
		for _, c := range r.Cells {
			if c.Kind == xlsx.Text {
				cells = append(cells, headerCell{Col: c.Col, Text: c.Text})
			}
		}
		h := m.match(r.Num, cells)
		if best == nil || h.required > best.required {
			best = h
		}
		if h.required == need {
			return stop
		}
		return nil
	})
	if err != nil && err != stop {
		p.addRead(sh.Name, err)
		return nil, false
	}
	if best == nil || best.required == 0 {
		p.add(sh.Name, "", "", fmt.Errorf("no header row found in %ss 1 to %d: expected a row with the columns %s", t.rowWord(), maxHeaderSearch, colList(cols)))
		return nil, false
	}
	for _, hp := range best.problems {
		p.add(sh.Name, t.cellName(hp.col, hp.row), hp.column, hp.err)
	}
	t.headerRow, t.col, t.header = best.row, best.col, best.text
	missing := false
	for _, want := range cols {
		if _, ok := best.col[want.Name]; !ok && !want.Optional {
			p.add(sh.Name, "", "", errors.New(m.missing(best, want, mergedHint(b, sh, best.row, missing))))
			missing = true
		}
	}
	for _, c := range best.col {
		if c > t.maxCol {
			t.maxCol = c
		}
	}
	return t, !missing
}

// mergedHint explains a missing header when header cells are merged (once).
func mergedHint(b source, sh xlsx.Sheet, headerRow int, said bool) string {
	if said {
		return ""
	}
	ranges, err := b.MergedRanges(sh)
	if err != nil {
		return ""
	}
	var in []string
	for _, r := range ranges {
		from, to, ok := strings.Cut(r, ":")
		if !ok {
			continue
		}
		_, r1, err1 := xlsx.SplitRef(from)
		_, r2, err2 := xlsx.SplitRef(to)
		if err1 == nil && err2 == nil && r1 <= headerRow && headerRow <= r2 {
			in = append(in, r)
		}
	}
	if len(in) == 0 {
		return ""
	}
	return fmt.Sprintf(" The header cells %s are merged: unmerge them and give each column its own header.", strings.Join(in, ", "))
}

func orNone(part string) string {
	if part == "" {
		return "none"
	}
	return part
}

func sheetList(b source) string {
	var names []string
	for _, s := range sheetsOf(b) {
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func colList(cols []column) string {
	var names []string
	for _, c := range cols {
		if !c.Optional {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ", ")
}

// rowValues reads typed values out of one data row, reporting problems.
type rowValues struct {
	t      *table
	num    int
	cells  []*xlsx.Cell // index: column number
	bad    bool         // a problem was reported for this row
	hidden bool         // the row is hidden in Excel
}

func (rv *rowValues) load(t *table, r *xlsx.Row) {
	rv.t, rv.num, rv.bad, rv.hidden = t, r.Num, false, r.Hidden
	if cap(rv.cells) < t.maxCol+1 {
		rv.cells = make([]*xlsx.Cell, t.maxCol+1)
	}
	rv.cells = rv.cells[:t.maxCol+1]
	for i := range rv.cells {
		rv.cells[i] = nil
	}
	for i := range r.Cells {
		c := &r.Cells[i]
		if c.Col <= t.maxCol {
			rv.cells[c.Col] = c
		}
	}
}

// blank reports whether every known column of the row is empty.
func (rv *rowValues) blank() bool {
	for _, c := range rv.cells {
		if c != nil && !(c.Kind == xlsx.Blank || c.Kind == xlsx.Text && strings.TrimSpace(c.Text) == "") {
			return false
		}
	}
	return true
}

func (rv *rowValues) cell(name string) (*xlsx.Cell, string) {
	col, ok := rv.t.col[name]
	if !ok {
		return nil, ""
	}
	return rv.cells[col], rv.t.cellName(col, rv.num)
}

// field is a column of a table located once: its canonical name (for messages)
// and its column number (0 when the sheet lacks it).
type field struct {
	name string
	col  int
}

// field locates the named column.
func (t *table) field(name string) field { return field{name: name, col: t.col[name]} }

// at is the field's cell in this row (nil when blank or absent).
func (rv *rowValues) at(f field) *xlsx.Cell {
	if f.col == 0 {
		return nil
	}
	return rv.cells[f.col]
}

// text returns the cell's text (numbers as written); required reports a blank.
func (rv *rowValues) text(name string, required bool) string {
	return rv.textOf(rv.t.field(name), required)
}

// refOf returns the reference of column col in this row.
func (rv *rowValues) refOf(col int) string {
	return rv.t.cellName(col, rv.num)
}

// Ref returns the cell reference of the named column in this row.
func (rv *rowValues) ref(name string) string {
	_, ref := rv.cell(name)
	return ref
}

func (rv *rowValues) fail(name, ref string, err error) {
	rv.bad = true
	if rv.hidden {
		err = fmt.Errorf("%w; row %d is hidden: unhide it to see the cell", err, rv.num)
	}
	rv.t.p.add(rv.t.sheet.Name, ref, rv.t.headerText(name), err)
}

func (t *table) headerText(name string) string {
	if h, ok := t.header[name]; ok && strings.TrimSpace(h) != "" {
		return strings.TrimSpace(h)
	}
	return name
}

func isEmpty(c *xlsx.Cell) bool {
	return c == nil || c.Kind == xlsx.Blank || c.Kind == xlsx.Text && strings.TrimSpace(c.Text) == ""
}

// errorAt reports a cell (column col of this row) that shows an Excel error
// value.
func (rv *rowValues) errorAt(name string, col int, c *xlsx.Cell) bool {
	if c != nil && c.Kind == xlsx.Error {
		rv.fail(name, rv.refOf(col), fmt.Errorf("the cell shows the error %s; fix the formula or type the value", c.Text))
		return true
	}
	return false
}

// textOf is text by field.
func (rv *rowValues) textOf(f field, required bool) string {
	c, col, name := rv.at(f), f.col, f.name
	if rv.errorAt(name, col, c) {
		return ""
	}
	if isEmpty(c) {
		if required && col != 0 {
			rv.fail(name, rv.refOf(col), errors.New("is blank"))
		}
		return ""
	}
	s := strings.TrimSpace(c.Text)
	if c.Kind == xlsx.Number && !c.Date {
		// an integer typed into a text column (PO numbers, part numbers)
		if d, err := decimal.NewFromString(s); err == nil {
			s = d.String()
		}
	}
	return s
}

// date returns a date (time of day refused); zero when blank and not required.
func (rv *rowValues) date(name string, required bool) time.Time {
	return rv.dateishOf(rv.t.field(name), required, false)
}

// dateTime returns a date with its time of day.
func (rv *rowValues) dateTime(name string, required bool) time.Time {
	return rv.dateishOf(rv.t.field(name), required, true)
}

// dateishOf reads a date (with its time of day when withTime) by field.
func (rv *rowValues) dateishOf(f field, required, withTime bool) time.Time {
	return rv.dateish(f, required, withTime, withTime)
}

// dateKeepTimeOf reads a date as dateishOf does, and keeps the time of day
// where one is typed (the PO Date: a date asked for, a date-time allowed).
func (rv *rowValues) dateKeepTimeOf(f field, required bool) time.Time {
	return rv.dateish(f, required, false, true)
}

// dateish reads a date by field: text as a date and time when withTime, else
// as a date (a date-time text is read too); the time of day is kept when keep.
func (rv *rowValues) dateish(f field, required, withTime, keep bool) time.Time {
	c, col, name := rv.at(f), f.col, f.name
	if rv.errorAt(name, col, c) {
		return time.Time{}
	}
	if isEmpty(c) {
		if required && col != 0 {
			rv.fail(name, rv.refOf(col), errors.New("is blank; a date is required"))
		}
		return time.Time{}
	}
	var t time.Time
	var err error
	switch c.Kind {
	case xlsx.Number:
		var ok bool
		if t, ok = rv.t.serials[c.Text]; ok {
			// dates repeat down a ledger: each serial is converted once
			break
		}
		var serial float64
		serial, err = strconv.ParseFloat(c.Text, 64)
		if err == nil {
			t, err = calendar.FromSerial(serial, rv.t.date1904)
		}
		if err != nil {
			err = fmt.Errorf("%s is not a date", c.Text)
		} else if len(rv.t.serials) < 1<<12 {
			if rv.t.serials == nil {
				rv.t.serials = map[string]time.Time{}
			}
			rv.t.serials[c.Text] = t
		}
	case xlsx.ISODate:
		t, err = parse.DateTime(strings.Replace(c.Text, "T", " ", 1))
		if err != nil {
			t, err = time.Parse("2006-01-02T15:04:05Z", c.Text)
		}
	case xlsx.Text:
		if withTime {
			t, err = parse.DateTime(c.Text)
		} else if v, ok := rv.t.textDates[c.Text]; ok {
			// dates typed as text repeat down a ledger too (every date of a
			// CSV file): each is parsed once
			t = v
		} else if t, err = parse.Date(c.Text); err != nil {
			// a date-time where a date is asked is read as its date, as a
			// date-time number is (below); a text that is neither keeps the
			// date's message
			if dt, dtErr := parse.DateTime(c.Text); dtErr == nil {
				t, err = dt, nil
			}
		}
		if err == nil && !withTime && len(rv.t.textDates) < 1<<12 {
			if rv.t.textDates == nil {
				rv.t.textDates = map[string]time.Time{}
			}
			rv.t.textDates[c.Text] = t
		}
	default:
		err = fmt.Errorf("%q is not a date", c.Text)
	}
	if err != nil {
		rv.fail(name, rv.refOf(col), err)
		return time.Time{}
	}
	if !keep {
		t = dayOf(t)
	}
	return t
}

// dayOf is midnight of t's day.
func dayOf(t time.Time) time.Time {
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return t
}

// poTimeOf reads the PO Time cell of a PO dated day: a time of day (a time
// cell or text such as 14:30 or 2:30 PM), or a date-time on that day. fromDate
// is the time the PO Date cell gave (zero: none); the two must agree. It
// returns the commitment instant, zero when the cell is blank or bad.
func (rv *rowValues) poTimeOf(f, dateField field, day, fromDate time.Time) time.Time {
	c, col, name := rv.at(f), f.col, f.name
	if rv.errorAt(name, col, c) || isEmpty(c) {
		return fromDate
	}
	var at time.Time
	bad := func(err error) time.Time {
		rv.fail(name, rv.refOf(col), err)
		return time.Time{}
	}
	switch c.Kind {
	case xlsx.Number:
		v, err := strconv.ParseFloat(c.Text, 64)
		if err != nil || v < 0 {
			return bad(fmt.Errorf("%s is not a time of day (write 14:30 or 2:30 PM)", c.Text))
		}
		if v < 1 {
			// a time alone: the fraction of a day
			at = day.Add(time.Duration(math.Round(v*86400)) * time.Second)
			if !at.Before(day.AddDate(0, 0, 1)) {
				at = day.AddDate(0, 0, 1).Add(-time.Second)
			}
		} else if at, err = calendar.FromSerial(v, rv.t.date1904); err != nil {
			return bad(fmt.Errorf("%s is not a time of day (write 14:30 or 2:30 PM)", c.Text))
		}
	case xlsx.ISODate, xlsx.Text:
		text := strings.TrimSpace(c.Text)
		if d, err := parse.TimeOfDay(text); err == nil {
			at = day.Add(d)
		} else if dt, dtErr := parse.DateTime(strings.Replace(text, "T", " ", 1)); dtErr == nil {
			at = dt
		} else {
			return bad(err)
		}
	default:
		return bad(fmt.Errorf("%q is not a time of day (write 14:30 or 2:30 PM)", c.Text))
	}
	if !dayOf(at).Equal(day) {
		return bad(fmt.Errorf("%s is not on the PO Date %s: give the time of day the PO was committed on its PO Date", at.Format("2006-01-02 15:04"), day.Format("2006-01-02")))
	}
	if !fromDate.IsZero() && !fromDate.Equal(at) {
		return bad(fmt.Errorf("%s differs from the time in the PO Date cell %s (%s): keep one of the two", at.Format("15:04"), rv.refOf(dateField.col), fromDate.Format("2006-01-02 15:04")))
	}
	return at
}

// amount returns a decimal from a number cell or money text.
func (rv *rowValues) amount(name string, required bool) (decimal.Decimal, bool) {
	return rv.numericOf(rv.t.field(name), required, parse.Money)
}

// numericOf reads a number cell, or text with parseText, by field.
func (rv *rowValues) numericOf(f field, required bool, parseText func(string) (decimal.Decimal, error)) (decimal.Decimal, bool) {
	c, col, name := rv.at(f), f.col, f.name
	if rv.errorAt(name, col, c) {
		return decimal.Zero, false
	}
	if isEmpty(c) {
		if required && col != 0 {
			rv.fail(name, rv.refOf(col), errors.New("is blank; a number is required"))
		}
		return decimal.Zero, false
	}
	switch c.Kind {
	case xlsx.Number:
		d, ok := parse.Plain(c.Text)
		var err error
		if !ok {
			d, err = decimal.NewFromString(c.Text)
		}
		if err != nil {
			rv.fail(name, rv.refOf(col), fmt.Errorf("%q is not a number", c.Text))
			return decimal.Zero, false
		}
		if c.Date {
			// a date typed or pasted into an amount column shows as a date
			shown := c.Text
			if f, err := strconv.ParseFloat(c.Text, 64); err == nil {
				if t, err := calendar.FromSerial(f, rv.t.date1904); err == nil {
					shown = t.Format("2006-01-02")
				}
			}
			rv.fail(name, rv.refOf(col), fmt.Errorf("the cell shows the date %s, not a number: type the number, or format the cell as a number if it holds one", shown))
			return decimal.Zero, false
		}
		return d, true
	case xlsx.Bool:
		v := "FALSE"
		if c.Text == "1" || strings.EqualFold(c.Text, "true") {
			v = "TRUE"
		}
		rv.fail(name, rv.refOf(col), fmt.Errorf("the cell holds %s (a yes/no value), not a number", v))
		return decimal.Zero, false
	case xlsx.ISODate:
		rv.fail(name, rv.refOf(col), fmt.Errorf("the cell holds the date %s, not a number", c.Text))
		return decimal.Zero, false
	case xlsx.Text:
		if d, ok := parse.Plain(c.Text); ok {
			// a plain number typed as text (every value of a CSV file): the
			// decimal parseText would give, without its grammar
			return d, true
		}
		d, err := parseText(c.Text)
		if err != nil {
			rv.fail(name, rv.refOf(col), err)
			return decimal.Zero, false
		}
		return d, true
	}
	rv.fail(name, rv.refOf(col), fmt.Errorf("%q is not a number", c.Text))
	return decimal.Zero, false
}

// integer returns a whole number (PO line numbers).
func (rv *rowValues) integer(name string, required bool) int {
	return rv.integerOf(rv.t.field(name), required)
}

// integerOf is integer by field.
func (rv *rowValues) integerOf(f field, required bool) int {
	name := f.name
	if c := rv.at(f); c != nil && (c.Kind == xlsx.Number && !c.Date || c.Kind == xlsx.Text) {
		// the usual case, a plain whole number, without decimal arithmetic
		if n, err := strconv.Atoi(c.Text); err == nil && n >= 1 && n <= 1<<30 {
			return n
		}
	}
	d, ok := rv.numericOf(f, required, parse.Number)
	if !ok {
		return 0
	}
	if !d.IsInteger() || d.LessThan(decimal.NewFromInt(1)) || d.GreaterThan(decimal.NewFromInt(1<<30)) {
		rv.fail(name, rv.ref(name), fmt.Errorf("%s is not a whole number of 1 or more", d.String()))
		return 0
	}
	return int(d.IntPart())
}

// flagOf is flag by field.
func (rv *rowValues) flagOf(f field) bool {
	c, col, name := rv.at(f), f.col, f.name
	if rv.errorAt(name, col, c) || isEmpty(c) {
		return false
	}
	switch c.Kind {
	case xlsx.Bool:
		return c.Text == "1" || strings.EqualFold(c.Text, "true")
	case xlsx.Number:
		switch c.Text {
		case "1":
			return true
		case "0":
			return false
		}
	case xlsx.Text:
		v, err := parse.Bool(c.Text)
		if err != nil {
			rv.fail(name, rv.refOf(col), err)
		}
		return v
	}
	rv.fail(name, rv.refOf(col), fmt.Errorf("%q is not yes or no (write Y or N)", c.Text))
	return false
}

// eachRow calls fn for every non-blank data row below the header.
// Rows that are not records (records.go) are left out and noted.
func (t *table) eachRow(fn func(rv *rowValues)) error {
	var rv rowValues
	t.skipped.reset()
	return t.book.ReadRows(t.sheet, func(r *xlsx.Row) error {
		if r.Num <= t.headerRow {
			return nil
		}
		rv.load(t, r)
		if rv.blank() || rv.notRecord() {
			return nil
		}
		fn(&rv)
		return nil
	})
}
