package ledger

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// Sheet names of the ledger workbook.
const (
	SheetPurchases = "Purchases"
	SheetFranchise = "Franchise"
	SheetResponses = "Arrow Responses"
	SheetInvoices  = "Invoices"
)

// Purchases columns.
const (
	ColPONumber         = "PO Number"
	ColPOLine           = "PO Line"
	ColPODate           = "PO Date"
	ColSupplier         = "Supplier"
	ColManufacturer     = "Manufacturer"
	ColPartNumber       = "Part Number"
	ColDescription      = "Description"
	ColQuantity         = "Quantity"
	ColUnitCost         = "Unit Cost"
	ColConfirmed        = "Confirmed Delivery Date"
	ColCustomerDirected = "Customer Directed"
	ColCreditLimit      = "Credit Limit Exception"
	ColExtendedCost     = "Extended Cost"
	// ColPOTime is the optional time of day the PO was committed (§1.2: a
	// breakdown is due "prior to Purchase Order commitment"); a date-time in
	// the PO Date cell gives it too.
	ColPOTime = "PO Time"
	// ColLocation is the optional location, facility or division of the line
	// (§1.3: "any of Customer's locations, facilities or divisions
	// worldwide"); blank, the ledger's own name.
	ColLocation = "Location"
)

var purchaseCols = []column{
	{Name: ColPONumber}, {Name: ColPOLine}, {Name: ColPODate}, {Name: ColSupplier},
	{Name: ColManufacturer}, {Name: ColPartNumber}, {Name: ColDescription},
	{Name: ColQuantity}, {Name: ColUnitCost}, {Name: ColConfirmed},
	{Name: ColCustomerDirected}, {Name: ColCreditLimit}, {Name: ColExtendedCost, Optional: true},
	{Name: ColPOTime, Optional: true}, {Name: ColLocation, Optional: true},
}

// POLine is one purchase-order line of the Purchases sheet.
type POLine struct {
	Row                  int // worksheet row number
	PONumber             string
	POLine               int
	PODate               time.Time // the day, at midnight
	Supplier             string
	Manufacturer         string
	PartNumber           string
	Description          string
	Quantity             decimal.Decimal
	UnitCost             decimal.Decimal
	ConfirmedDelivery    time.Time // zero when blank
	CustomerDirected     bool
	CreditLimitException bool
	// ExtendedCost is the ledger's own Extended Cost, when the column exists and
	// the cell is filled; HasExtendedCost says so.
	ExtendedCost    decimal.Decimal
	HasExtendedCost bool
	// ExtendedCostCol is that cell's column (0: none); ExtendedCostCell gives
	// its reference for warnings.
	ExtendedCostCol int
	// ManufacturerCol is the Manufacturer column; ManufacturerCell gives the
	// line's cell for warnings.
	ManufacturerCol int
	// POTime is the instant the PO was committed when the ledger records its
	// time of day (a date-time PO Date cell, or the PO Time column): PODate
	// with that time. It is zero when the ledger gives no time: the PO was
	// committed at some unknown time of PODate.
	POTime time.Time
	// Location is the location, facility or division the line was bought for:
	// its Location cell, else the ledger's Location (its file or folder name).
	Location string
	// in is where the line was read, for the messages that name its cells.
	in *origin
}

// origin is where a ledger's PO lines are read from.
type origin struct {
	file string // the workbook's name, or the CSV file's with its folder
	csv  bool
	// qualified is set when several ledgers are read: a cell is named with
	// its workbook.
	qualified bool
}

// at names a cell of the line for a message: "Purchases!E12" in a workbook
// ("east.xlsx, Purchases!E12" among several), "east/Purchases.csv, line 12" in
// a CSV file.
func (l *POLine) at(col int) string {
	switch {
	case l.in != nil && l.in.csv:
		return fmt.Sprintf("%s, line %d", l.in.file, l.Row)
	case col == 0:
		return ""
	case l.in != nil && l.in.qualified:
		return fmt.Sprintf("%s, %s!%s", l.in.file, SheetPurchases, xlsx.CellRef(col, l.Row))
	}
	return SheetPurchases + "!" + xlsx.CellRef(col, l.Row)
}

// ManufacturerAt names the line's Manufacturer cell for a message (see at).
func (l *POLine) ManufacturerAt() string { return l.at(l.ManufacturerCol) }

// ExtendedCostAt names the line's Extended Cost cell for a message (see at).
func (l *POLine) ExtendedCostAt() string { return l.at(l.ExtendedCostCol) }

// RowAt names the line's row for a message: "row 12 of Purchases" ("row 12
// of Purchases in east.xlsx" among several), "line 12 of east/Purchases.csv".
func (l *POLine) RowAt() string {
	switch {
	case l.in != nil && l.in.csv:
		return fmt.Sprintf("line %d of %s", l.Row, l.in.file)
	case l.in != nil && l.in.qualified:
		return fmt.Sprintf("row %d of %s in %s", l.Row, SheetPurchases, l.in.file)
	}
	return fmt.Sprintf("row %d of %s", l.Row, SheetPurchases)
}

// Authorization is one line of the distributor's line card (Franchise sheet):
// the distributor is authorized for Manufacturer from From through Until, both
// inclusive. A zero From (Authorized From left blank) is open at the start: a
// franchise held since before the term; a zero Until is open at the end.
type Authorization struct {
	Row          int
	Manufacturer string
	From, Until  time.Time
}

// Breakdown is one row of the §1.2 breakdown log (Arrow Responses sheet).
type Breakdown struct {
	Row      int
	PONumber string
	POLine   int // 0: every line of the PO
	Sent     time.Time
	// Response is "meet", "approve" or "" (none).
	Response    string
	RespondedAt time.Time
	// Location is the location whose PO the breakdown was about (the optional
	// Location column); empty: the PO of that number wherever it is, which
	// must then be at one location only (checked with Purchases).
	Location string
}

// Responses Arrow may give to a breakdown (§1.2).
const (
	ResponseMeet    = "meet"
	ResponseApprove = "approve"
)

// Invoice is one of the distributor's invoices to the customer (Invoices sheet).
type Invoice struct {
	Row       int
	Number    string
	Date      time.Time
	Amount    decimal.Decimal
	Returns   decimal.Decimal
	Discounts decimal.Decimal
	Due       time.Time
	Paid      time.Time // zero: unpaid
}

// Ledger is an open ledger workbook, or folder of CSV files, with its small
// sheets loaded; Purchases is streamed on demand.
type Ledger struct {
	Path string
	File string // base name, for messages
	// Book is the workbook; nil for a folder of CSV files (Folder).
	Book   *xlsx.Book
	Folder bool
	// Location is the ledger's location, facility or division: its file or
	// folder name without the extension (a Location column on Purchases
	// names each line's own).
	Location   string
	LineCard   []Authorization
	Breakdowns []Breakdown
	Invoices   []Invoice
	// Notices are Arrow CMS's written notices and elections (the optional
	// Arrow Notices sheet, §4.1, §4.2, §7.6), in the sheet's order.
	Notices []Notice
	// Proposed are the purchases the buyer means to place with another
	// supplier (the optional Proposed sheet), for the §1.2 breakdown.
	Proposed []Proposed
	// Deliveries are what the optional Deliveries sheet records as delivered
	// for the obligations of both agreements (covenant status), in its order.
	Deliveries []Delivery
	// HasLineCard, HasResponses, HasInvoices, HasNotices, HasProposed and
	// HasDeliveries say whether those sheets exist.
	HasLineCard, HasResponses, HasInvoices, HasNotices, HasProposed, HasDeliveries bool
	// Warnings are remarks about the input that do not stop the report.
	Warnings  []string
	names     columnNames // the columns' other names (WithColumnNames)
	src       source
	purchases *table
	responses *table // the Arrow Responses sheet, when it reads
	origin    origin
}

// ErrFolderInPlace refuses to write columns into a folder of CSV files.
var ErrFolderInPlace = errors.New("is a folder of CSV files: covenant writes its columns into a workbook only; open the files in Excel and save them as one workbook (.xlsx) with one sheet each (Purchases, Franchise, ...), then run --in-place on that workbook")

// openSource opens the workbook, or the folder of CSV files, at path.
func openSource(path string, opts ...Option) (source, *xlsx.Book, error) {
	if IsFolder(path) {
		f, err := openFolder(path)
		if err != nil {
			return nil, nil, err
		}
		return f, nil, nil
	}
	b, err := openBook(path, opts...)
	if err != nil {
		return nil, nil, err
	}
	return b, b, nil
}

// inputName is how messages name the workbook or folder at path.
func inputName(path string) string {
	if IsFolder(path) {
		return folderName(path)
	}
	return filepath.Base(path)
}

// newProblems collects problems of the ledger's sheets.
func (l *Ledger) newProblems() *problems { return newProblems(l.File, l.src) }

// NoSheet says that the ledger lacks an optional sheet, for a warning:
// "ledger.xlsx has no Invoices sheet", "the folder east has no Invoices.csv".
func (l *Ledger) NoSheet(sheet string) string {
	if l.Folder {
		return fmt.Sprintf("the folder %s has no %s.csv", l.File, sheet)
	}
	return fmt.Sprintf("%s has no %s sheet", l.File, sheet)
}

// Open opens the ledger at path and reads its line card, breakdown log and
// invoices. It checks the Purchases header too, so that every structural problem is
// reported at once. WithPassword opens an encrypted ledger.
func Open(path string, opts ...Option) (*Ledger, error) {
	src, book, err := openSource(path, opts...)
	if err != nil {
		return nil, err
	}
	return openLedger(path, inputName(path), src, book, true, options(opts).names)
}

// openLedger reads the ledger from src (book, when it is a workbook), named
// name in messages; the line card is optional unless lineCard (one ledger
// of several may leave it to another).
func openLedger(path, name string, src source, book *xlsx.Book, lineCard bool, names columnNames) (*Ledger, error) {
	b := src
	l := &Ledger{Path: path, File: name, Book: book, Folder: book == nil, src: src, names: names}
	l.Location = strings.TrimSuffix(l.File, filepath.Ext(l.File))
	if l.Folder {
		l.Location = l.File
	}
	l.origin = origin{file: l.File, csv: l.Folder}
	if f, ok := src.(*csvFolder); ok {
		l.origin.file = f.display(SheetPurchases)
	}
	p := l.newProblems()
	pt, okP := findTable(p, b, SheetPurchases, purchaseCols, true, l.names)
	if pt != nil {
		pt.records(purchaseRecords)
	}
	l.purchases = pt
	if pt != nil {
		pt.location, pt.origin = l.Location, &l.origin
	}
	l.readLineCard(p, lineCard)
	l.readBreakdowns(p)
	l.readInvoices(p)
	l.readNotices(p)
	l.readProposed(p)
	l.Deliveries, l.HasDeliveries = readDeliveries(p, b, l.File, l.names)
	if err := p.err(); err != nil {
		b.Close()
		return nil, err
	}
	if !okP {
		b.Close()
		return nil, &Error{File: l.File, Sheet: SheetPurchases, Err: errors.New("cannot be read")}
	}
	return l, nil
}

// Close releases the workbook.
func (l *Ledger) Close() error { return l.src.Close() }

func (l *Ledger) readLineCard(p *problems, required bool) {
	t, ok := findTable(p, l.src, SheetFranchise, franchiseCols, required, l.names)
	if t != nil {
		l.HasLineCard = true
	}
	if !ok {
		return
	}
	t.records(franchiseRecords)
	err := t.eachRow(func(rv *rowValues) {
		a := Authorization{Row: rv.num}
		a.Manufacturer = rv.text("Manufacturer", true)
		// blank: authorized since before the term (a franchise held for years)
		a.From = rv.date("Authorized From", false)
		a.Until = rv.date("Authorized Until", false)
		if !a.Until.IsZero() && !a.From.IsZero() && a.Until.Before(a.From) {
			rv.fail("Authorized Until", rv.ref("Authorized Until"), fmt.Errorf("%s is before Authorized From %s", a.Until.Format("2006-01-02"), a.From.Format("2006-01-02")))
		}
		if !rv.bad {
			l.LineCard = append(l.LineCard, a)
		}
	})
	if err != nil {
		p.addRead(t.sheet.Name, err)
	}
	l.warn(t.skipWarning(l.File))
}

func (l *Ledger) readBreakdowns(p *problems) {
	t, ok := findTable(p, l.src, SheetResponses, responseCols, false, l.names)
	if t == nil {
		return
	}
	l.HasResponses = true
	if !ok {
		return
	}
	l.responses = t
	t.records(responseRecords)
	err := t.eachRow(func(rv *rowValues) {
		bd := Breakdown{Row: rv.num}
		bd.PONumber = rv.text("PO Number", true)
		if c, _ := rv.cell("PO Line"); !isEmpty(c) {
			bd.POLine = rv.integer("PO Line", false)
		}
		bd.Sent = rv.dateTime("Breakdown Sent", true)
		switch r := strings.ToLower(strings.TrimSpace(rv.text("Arrow Response", false))); r {
		case "", ResponseMeet, ResponseApprove:
			bd.Response = r
		default:
			rv.fail("Arrow Response", rv.ref("Arrow Response"), fmt.Errorf("%q is not a response: write Meet or Approve, or leave it blank when Arrow did not respond (§1.2)", r))
		}
		bd.RespondedAt = rv.dateTime("Responded At", false)
		if t.col[ColLocation] != 0 {
			bd.Location = strings.TrimSpace(rv.text(ColLocation, false))
		}
		if bd.Response != "" && bd.RespondedAt.IsZero() && !rv.bad {
			rv.fail("Responded At", rv.ref("Responded At"), errors.New("is blank but Arrow Response is filled: when did Arrow respond?"))
		}
		if !bd.RespondedAt.IsZero() && !bd.Sent.IsZero() && bd.RespondedAt.Before(bd.Sent) {
			rv.fail("Responded At", rv.ref("Responded At"), errors.New("is before Breakdown Sent"))
		}
		if !rv.bad {
			l.Breakdowns = append(l.Breakdowns, bd)
		}
	})
	if err != nil {
		p.addRead(t.sheet.Name, err)
	}
	l.warn(t.skipWarning(l.File))
}

func (l *Ledger) readInvoices(p *problems) {
	t, ok := findTable(p, l.src, SheetInvoices, invoiceCols, false, l.names)
	if t == nil {
		return
	}
	l.HasInvoices = true
	if !ok {
		return
	}
	t.records(invoiceRecords)
	err := t.eachRow(func(rv *rowValues) {
		in := Invoice{Row: rv.num}
		in.Number = rv.text("Invoice Number", true)
		in.Date = rv.date("Invoice Date", true)
		in.Amount, _ = rv.amount("Amount", true)
		in.Returns, _ = rv.amount("Returns", false)
		in.Discounts, _ = rv.amount("Discounts", false)
		in.Due = rv.date("Due Date", true)
		in.Paid = rv.date("Paid Date", false)
		if !in.Paid.IsZero() && !in.Date.IsZero() && in.Paid.Before(in.Date) {
			rv.fail("Paid Date", rv.ref("Paid Date"), fmt.Errorf("%s is before the Invoice Date %s", in.Paid.Format("2006-01-02"), in.Date.Format("2006-01-02")))
		}
		if !rv.bad {
			l.Invoices = append(l.Invoices, in)
		}
	})
	if err != nil {
		p.addRead(t.sheet.Name, err)
	}
	l.warn(t.skipWarning(l.File))
}

// purchaseFields are the columns of the Purchases sheet.
type purchaseFields struct {
	po, poLine, poDate, supplier, manufacturer, part, desc field
	qty, unit, confirmed, directed, credit, extended       field
	poTime, location                                       field
}

// parseLine reads one Purchases row.
func parseLine(rv *rowValues, line *POLine) {
	f := rv.t.purchase
	if f == nil {
		t := rv.t
		f = &purchaseFields{
			po: t.field(ColPONumber), poLine: t.field(ColPOLine), poDate: t.field(ColPODate),
			supplier: t.field(ColSupplier), manufacturer: t.field(ColManufacturer),
			part: t.field(ColPartNumber), desc: t.field(ColDescription),
			qty: t.field(ColQuantity), unit: t.field(ColUnitCost), confirmed: t.field(ColConfirmed),
			directed: t.field(ColCustomerDirected), credit: t.field(ColCreditLimit), extended: t.field(ColExtendedCost),
			poTime: t.field(ColPOTime), location: t.field(ColLocation),
		}
		t.purchase = f
	}
	*line = POLine{Row: rv.num, Location: rv.t.location, in: rv.t.origin}
	line.PONumber = rv.textOf(f.po, true)
	line.POLine = rv.integerOf(f.poLine, true)
	// the time of day is kept where it is typed: it is the commitment instant
	// of §1.2
	at := rv.dateKeepTimeOf(f.poDate, true)
	line.PODate = dayOf(at)
	if !at.Equal(line.PODate) {
		line.POTime = at
	}
	if f.poTime.col != 0 && !line.PODate.IsZero() {
		line.POTime = rv.poTimeOf(f.poTime, f.poDate, line.PODate, line.POTime)
	}
	line.Supplier = rv.textOf(f.supplier, true)
	line.Manufacturer = rv.textOf(f.manufacturer, true)
	line.ManufacturerCol = f.manufacturer.col
	line.PartNumber = rv.textOf(f.part, false)
	line.Description = rv.textOf(f.desc, false)
	line.Quantity, _ = rv.numericOf(f.qty, true, parse.Number)
	line.UnitCost, _ = rv.numericOf(f.unit, true, parse.Money)
	line.ConfirmedDelivery = rv.dateishOf(f.confirmed, false, false)
	line.CustomerDirected = rv.flagOf(f.directed)
	line.CreditLimitException = rv.flagOf(f.credit)
	if f.extended.col != 0 {
		line.ExtendedCost, line.HasExtendedCost = rv.numericOf(f.extended, false, parse.Money)
		line.ExtendedCostCol = f.extended.col
	}
	if f.location.col != 0 {
		if loc := rv.textOf(f.location, false); loc != "" {
			line.Location = loc
		}
	}
}

// ExtendedCostCell is the reference of the line's Extended Cost cell, e.g.
// "M12" (built only when a warning needs it).
func (l *POLine) ExtendedCostCell() string {
	if l.ExtendedCostCol == 0 {
		return ""
	}
	return xlsx.CellRef(l.ExtendedCostCol, l.Row)
}

// ManufacturerCell is the reference of the line's Manufacturer cell, e.g. "E12".
func (l *POLine) ManufacturerCell() string {
	if l.ManufacturerCol == 0 {
		return ""
	}
	return xlsx.CellRef(l.ManufacturerCol, l.Row)
}

// Purchases streams the Purchases sheet, calling fn for each PO line that reads
// without problems. Problems are collected and returned together at the end.
func (l *Ledger) Purchases(fn func(line *POLine)) error {
	p := l.newProblems()
	bd := newPOSeen(l)
	if l.streamPurchases(p, bd, fn) {
		l.finishPurchases(p, bd)
	}
	return p.err()
}

// streamPurchases streams the Purchases sheet into fn, the problems into p; it
// reports whether the sheet was read to its end.
func (l *Ledger) streamPurchases(p *problems, bd *poSeen, fn func(line *POLine)) bool {
	var line POLine
	checks := l.newLineChecks(bd)
	err := l.purchases.eachRowWith(p, func(rv *rowValues) {
		parseLine(rv, &line)
		checks.line(rv, &line)
		if !rv.bad {
			fn(&line)
		}
	})
	if err != nil {
		p.addRead(SheetPurchases, err)
		return false
	}
	l.warn(l.purchases.skipWarning(l.File))
	return true
}

// warn adds a warning once (a sheet may be read more than once).
func (l *Ledger) warn(w string) {
	if w == "" {
		return
	}
	for _, have := range l.Warnings {
		if have == w {
			return
		}
	}
	l.Warnings = append(l.Warnings, w)
}

func (t *table) eachRowWith(p *problems, fn func(rv *rowValues)) error {
	saved := t.p
	t.p = p
	defer func() { t.p = saved }()
	return t.eachRow(fn)
}

// Value is a value for an in-place column.
type Value struct {
	Kind    xlsx.Kind // xlsx.Text, xlsx.Number, xlsx.Bool or xlsx.Blank
	Text    string
	Formula string // with the row's own references, e.g. "ROUND(H7*I7,2)"
	// Keep leaves the cell as it is (what an earlier run wrote, or blank).
	Keep bool
}

// WriteColumns streams a new copy of the workbook to w in which the Purchases
// sheet has the columns cols (added after the last used column when missing,
// reused when present), set on every PO line by fn; fn sees every line that reads
// without problems and returns one Value per column. Each column takes the
// format of the sheet's own column of its kind (columns.go); the styles part
// gains the cell formats that needs, and every other part of the workbook is
// copied byte for byte.
func (l *Ledger) WriteColumns(w io.Writer, cols []OutColumn, fn func(line *POLine) []Value) error {
	bd := newPOSeen(l)
	err := l.writePurchaseColumns(w, bd, cols, fn)
	if err == nil {
		p := l.newProblems()
		l.finishPurchases(p, bd)
		err = p.err()
	}
	return err
}

// writePurchaseColumns is WriteColumns without the check of the breakdowns
// against the lines read (bd records them).
func (l *Ledger) writePurchaseColumns(w io.Writer, bd *poSeen, cols []OutColumn, fn func(line *POLine) []Value) error {
	if l.Book == nil {
		return &Error{File: l.File, Err: ErrFolderInPlace}
	}
	var line POLine
	checks := l.newLineChecks(bd)
	err := writeColumns(l.Book, l.File, SheetPurchases, l.purchases, w, cols, func(rv *rowValues) []Value {
		parseLine(rv, &line)
		checks.line(rv, &line)
		if rv.bad {
			return nil
		}
		return fn(&line)
	})
	l.warn(l.purchases.skipWarning(l.File))
	return err
}

// writeColumns rewrites the table's sheet with the columns cols set on every
// data row by fn (fn reads the row through rv; a nil result leaves the cells
// blank); the rows that are not records (totals, notes) keep their cells and
// get none of the columns. A column takes the format of the sheet's own column
// of its kind (sheet names the sheet's columns for the schema). Problems
// reported while reading rows make it fail.
func writeColumns(b *xlsx.Book, file, sheet string, t *table, w io.Writer, cols []OutColumn, fn func(rv *rowValues) []Value) error {
	p := &problems{file: file}
	st := newStyler(b)
	tr := &columnWriter{t: t, p: p, out: cols, fn: fn, st: st, sheet: sheet, def: b.DefaultFontSize()}
	t.skipped.reset()
	sh := t.sheet
	// The sheet first, into a spool: the cell formats its rows need are then
	// known when the styles part is written, wherever it is in the package.
	// Level 1: a million-row sheet is about 1 GB of XML once the columns are
	// in; level 2 made the workbook only 2 % smaller (143.3 against 146.7 MB) for
	// a fifth more compressing time, level 5 twice the time for a sixth smaller.
	sp, err := b.SpoolSheet(sh, tr, 1)
	if err == nil {
		defer sp.Discard()
		if perr := p.err(); perr != nil {
			return perr
		}
		opt := xlsx.RewriteOptions{Level: 1, Spools: map[string]*xlsx.Spool{sh.Part: sp}}
		if part, edit := st.adder.Edit(); edit != nil {
			opt.Edits = map[string]xlsx.PartEdit{part: edit}
		}
		err = b.Rewrite(w, opt)
	}
	var re *xlsx.ReadError
	if errors.As(err, &re) {
		// the sheet itself is damaged below the rows Open read
		p.addRead(sh.Name, re)
	}
	if perr := p.err(); perr != nil {
		return perr
	}
	return err
}

type columnWriter struct {
	t     *table
	p     *problems
	out   []OutColumn
	fn    func(rv *rowValues) []Value
	cols  []int
	rv    rowValues
	st    *styler
	sheet string  // the sheet's name in the schema
	def   float64 // the default font's size
	// refused: a column to write is one covenant reads; nothing is written
	refused bool
	// what the head's <col> elements say
	headCols []xlsx.ColSpec
	// by written column: the model column (0: none), the header's text and
	// format, whether the column is new, the widest value written or kept,
	// the last model format seen and the last value measured
	model     []int
	header    []string
	headStyle []int
	added     []bool
	widest    []float64
	lastModel []int
	lastValue []string
	lastStyle []int
	full      []bool // the column is as wide as its kind lets it be
	// the formats the head's <col> elements give each column and its model,
	// and each column's last format
	colStyle, modelColStyle []int
	lastFmt                 []fmtMemo
	// lookAt indexes, by column number, the written and model columns whose
	// styles the current row has (rowStyle, rowHas)
	lookAt     []int
	rowStyle   []int
	rowHas     []bool
	headLines  int // the lines the header row shows (its height), 1 unless set
	headerSeen bool
}

func (c *columnWriter) Head(h []byte) ([]byte, error) {
	c.headCols = xlsx.HeadCols(h)
	return h, nil
}
func (c *columnWriter) Tail(t []byte) ([]byte, error) { return t, nil }
func (c *columnWriter) End(*xlsx.RowOut) error        { return nil }

// FinishHead sets the widths of the columns that have none: what the header
// (in the lines the header row shows) and the values need (a sentence up to
// its kind's cap), a number or a date at least as wide as the sheet's own. A
// column given a width before (by an earlier run, or by the accountant since)
// keeps it; so does a new column under a <col> as wide.
func (c *columnWriter) FinishHead(h []byte) ([]byte, error) {
	if c.refused || !c.headerSeen {
		return h, nil
	}
	widths := map[int]float64{}
	for i, col := range c.cols {
		k := c.out[i].Kind
		hl := c.st.b.StyleLook(c.headStyle[i])
		lines := 1
		if hl.Wrap {
			lines = c.headLines
		}
		width := max(xlsx.ColumnWidth(xlsx.WrappedWidth(c.header[i], lines, hl.FontSize, c.def, hl.Bold)),
			min(xlsx.ColumnWidth(c.widest[i]), k.widthCap()))
		if spec, ok := xlsx.ColAt(c.headCols, c.model[i]); ok && c.model[i] > 0 && spec.HasWidth && !spec.Hidden && k.numeric() {
			// as wide as the sheet's own amounts (dates ...), for a table
			// that reads as one
			width = max(width, min(spec.Width, k.widthCap()))
		}
		if spec, ok := xlsx.ColAt(c.headCols, col); ok && spec.HasWidth && (!c.added[i] || spec.Width >= width) {
			continue
		}
		widths[col] = width
	}
	return xlsx.SetColWidths(h, widths), nil
}

func (c *columnWriter) Row(r *xlsx.Row, out *xlsx.RowOut) error {
	t := c.t
	if r.Num < t.headerRow {
		return nil
	}
	if r.Num == t.headerRow {
		c.readHeader(r, out)
		return nil
	}
	prevP := t.p
	t.p = c.p
	defer func() { t.p = prevP }()
	if c.refused {
		return nil
	}
	c.rv.load(t, r)
	if c.rv.blank() || c.rv.notRecord() {
		return nil
	}
	vals := c.fn(&c.rv)
	if vals == nil {
		return nil
	}
	looked := false
	for i, col := range c.cols {
		v := Value{}
		if i < len(vals) {
			v = vals[i]
		}
		if v.Keep {
			// what an earlier run wrote stays, and counts for the width
			for _, cell := range r.Cells {
				if cell.Col == col {
					c.measure(i, cell.Text, cell.Kind == xlsx.Number, cell.Style)
				}
			}
			continue
		}
		if !looked {
			// the row's cells in the written and the model columns, at once
			out.StylesAt(c.lookAt, c.rowStyle, c.rowHas)
			looked = true
		}
		style := c.cellStyle(i)
		out.Set(xlsx.OutCell{Col: col, Style: style, Kind: v.Kind, Value: v.Text, Formula: v.Formula})
		c.measure(i, v.Text, v.Kind == xlsx.Number, style)
	}
	return nil
}

// readHeader finds or adds the columns in the header row, by header text; new
// headers take the style of the last header cell, the one beside them.
func (c *columnWriter) readHeader(r *xlsx.Row, out *xlsx.RowOut) {
	t := c.t
	c.headerSeen = true
	last, lastStyle := 0, 0
	existing := map[string]int{}
	text := map[int]string{}
	style := map[int]int{}
	for _, cell := range r.Cells {
		if cell.Kind != xlsx.Blank && cell.Col > last {
			last, lastStyle = cell.Col, cell.Style
		}
		if cell.Kind == xlsx.Text {
			existing[parse.HeaderKey(cell.Text)] = cell.Col
			text[cell.Col], style[cell.Col] = cell.Text, cell.Style
		}
	}
	read := map[int]string{} // the columns covenant reads, by number
	for name, col := range t.col {
		read[col] = name
	}
	c.headLines = 1
	if ht, custom := out.Height(); custom {
		if hs := c.st.b.StyleLook(lastStyle); hs.FontSize > 0 {
			// a line of text in a font of 11 points takes 15 points
			c.headLines = max(1, int(ht/(hs.FontSize*15/11)+0.1))
		}
	}
	for _, oc := range c.out {
		n := oc.Name
		col, ok := existing[parse.HeaderKey(n)]
		if as, in := read[col]; ok && in {
			// a header the accountant named as an input column (the
			// Columns sheet) would be overwritten
			c.p.add(t.sheet.Name, xlsx.CellRef(col, r.Num), t.headerText(as), fmt.Errorf("covenant writes its %s column here with --in-place, but the column is read as %s: rename the header, or take %q off the Columns sheet of the terms workbook", n, as, t.headerText(as)))
			c.refused = true
		}
		hs := lastStyle
		if ok {
			n, hs = text[col], style[col]
		} else {
			last++
			col = last
			out.Set(xlsx.OutCell{Col: col, Style: lastStyle, Kind: xlsx.Text, Value: n})
		}
		c.cols = append(c.cols, col)
		c.model = append(c.model, modelColumn(c.sheet, t, oc.Kind))
		c.header = append(c.header, n)
		c.headStyle = append(c.headStyle, hs)
		c.added = append(c.added, !ok)
	}
	k := len(c.out)
	c.colStyle, c.modelColStyle, c.lastFmt = make([]int, k), make([]int, k), make([]fmtMemo, k)
	for i := range c.cols {
		if spec, ok := xlsx.ColAt(c.headCols, c.cols[i]); ok {
			c.colStyle[i] = spec.Style
		}
		if spec, ok := xlsx.ColAt(c.headCols, c.model[i]); ok && c.model[i] > 0 {
			c.modelColStyle[i] = spec.Style
		}
	}
	// the columns whose cells each row is looked up in (StylesAt)
	maxCol := 0
	for i := range c.cols {
		maxCol = max(maxCol, c.cols[i], c.model[i])
	}
	c.lookAt = make([]int, maxCol+1)
	for i := range c.lookAt {
		c.lookAt[i] = -1
	}
	n := 0
	for i := range c.cols {
		for _, col := range []int{c.cols[i], c.model[i]} {
			if col > 0 && c.lookAt[col] < 0 {
				c.lookAt[col] = n
				n++
			}
		}
	}
	c.rowStyle, c.rowHas = make([]int, n), make([]bool, n)
	c.widest, c.lastModel = make([]float64, k), make([]int, k)
	c.lastValue, c.lastStyle, c.full = make([]string, k), make([]int, k), make([]bool, k)
	for i := range c.lastStyle {
		c.lastStyle[i] = -1
	}
}

// cellStyle is the format of written column i's cell in the current row: its
// own (an earlier run's or the accountant's), else the column's, else the
// model column's in this row (else the model column's own, else the last seen
// there), each made to show the column's kind.
func (c *columnWriter) cellStyle(i int) int {
	model := c.modelStyle(i)
	base := model
	if k := c.lookAt[c.cols[i]]; c.rowHas[k] && c.rowStyle[k] != 0 {
		base = c.rowStyle[k]
	} else if c.colStyle[i] != 0 {
		base = c.colStyle[i]
	}
	// rows repeat their formats: the last answer first
	if m := &c.lastFmt[i]; m.ok && m.base == base && m.model == model {
		return m.style
	}
	st := c.st.style(base, c.out[i].Kind, model)
	c.lastFmt[i] = fmtMemo{true, base, model, st}
	return st
}

// fmtMemo is a written column's last format: from its base and model.
type fmtMemo struct {
	ok                 bool
	base, model, style int
}

func (c *columnWriter) modelStyle(i int) int {
	mc := c.model[i]
	if mc == 0 {
		return 0
	}
	if k := c.lookAt[mc]; c.rowHas[k] {
		c.lastModel[i] = c.rowStyle[k]
		return c.rowStyle[k]
	}
	if c.modelColStyle[i] != 0 {
		return c.modelColStyle[i]
	}
	return c.lastModel[i]
}

// measure widens written column i to the text a value shows in its format.
// A million rows are measured: a value that cannot be wider than the widest
// yet (each character is at most two digits wide), or a column as wide as
// its kind lets it be, costs a comparison.
func (c *columnWriter) measure(i int, v string, number bool, style int) {
	if v == c.lastValue[i] && style == c.lastStyle[i] || c.full[i] {
		return
	}
	l := c.st.b.StyleLook(style)
	upper := float64(len(v)+4) * 2.1 * l.FontSize / c.def
	if number {
		// the thousands separators, the format's own text and decimals
		upper = float64(len(v)+len(v)/3+len(l.Code)+6) * 2.1 * l.FontSize / c.def
	}
	if upper <= c.widest[i] {
		return
	}
	c.lastValue[i], c.lastStyle[i] = v, style
	w := xlsx.TextWidth(xlsx.Display(v, number, l.Code), l.FontSize, c.def, l.Bold)
	c.widest[i] = max(c.widest[i], w)
	c.full[i] = xlsx.ColumnWidth(c.widest[i]) >= c.out[i].Kind.widthCap()
}

// Column returns the column letter of a Purchases column, for formulas.
func (l *Ledger) Column(name string) (string, bool) {
	col, ok := l.purchases.col[name]
	if !ok {
		return "", false
	}
	return xlsx.ColName(col), true
}
