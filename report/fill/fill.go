// Package fill fills covenant's report templates. A template is an ordinary .xlsx
// file that an accountant can restyle in Excel; the code finds its fill points by
// defined names, never by cell addresses:
//
//   - a name that refers to one cell (e.g. "Customer") is a value: the cell keeps
//     its style and gets the value, or a live formula with its cached value;
//   - a name that refers to a header row (e.g. "Detail" -> Detail!$A$5:$P$5) is a
//     table: its columns are found by header text, the row under the header is the
//     sample row whose styles every data row takes, and the data rows replace it,
//     pushing down what the template has below (a total, a note, another table:
//     their names, merges and heights go with them). A streamed table is alone
//     on its sheet.
//
// Structure (autofilter, charts, document properties) goes through excelize; the
// values go through a streaming rewrite of the sheets (package xlsx), which is what
// lets every formula carry its cached value.
package fill

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// Value is what goes into a cell.
type Value struct {
	cell   xlsx.OutCell
	shared bool
}

// Shared is a text that repeats down a long table (a supplier, a classification):
// in a streamed table it is written once into the workbook's shared strings and
// referred to by number, which makes a million-row sheet much smaller; elsewhere
// it is ordinary Text.
func Shared(s string) Value {
	return Value{cell: xlsx.OutCell{Kind: xlsx.Text, Value: s}, shared: true}
}

// Text is a string value; it is never read as a formula, whatever it starts with.
func Text(s string) Value { return Value{cell: xlsx.OutCell{Kind: xlsx.Text, Value: s}} }

// Money is an amount, rounded half away from zero to the cent.
func Money(d decimal.Decimal) Value {
	return Value{cell: xlsx.OutCell{Kind: xlsx.Number, Value: money.Fixed2(d)}}
}

// Number is a decimal written exactly.
func Number(d decimal.Decimal) Value {
	return Value{cell: xlsx.OutCell{Kind: xlsx.Number, Value: money.String(d)}}
}

// Int is a whole number.
func Int(n int) Value { return Value{cell: xlsx.OutCell{Kind: xlsx.Number, Value: strconv.Itoa(n)}} }

// Date is a date (or date-time) as an Excel serial number; the zero time is blank.
func Date(t time.Time) Value {
	if t.IsZero() {
		return Blank()
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		// whole days: the serial is an integer (cached, dates repeat)
		days := t.Unix() / 86400
		if v, ok := serials.Load(days); ok {
			return Value{cell: xlsx.OutCell{Kind: xlsx.Number, Value: v.(string)}}
		}
		v := strconv.FormatFloat(calendar.ToSerial(t), 'f', -1, 64)
		serials.Store(days, v)
		return Value{cell: xlsx.OutCell{Kind: xlsx.Number, Value: v}}
	}
	return Value{cell: xlsx.OutCell{Kind: xlsx.Number, Value: strconv.FormatFloat(calendar.ToSerial(t), 'f', -1, 64)}}
}

var serials sync.Map // days since 1970 -> Excel serial text

// Bool is TRUE or FALSE.
func Bool(b bool) Value {
	v := "0"
	if b {
		v = "1"
	}
	return Value{cell: xlsx.OutCell{Kind: xlsx.Bool, Value: v}}
}

// Blank leaves the cell empty (keeping its style).
func Blank() Value { return Value{cell: xlsx.OutCell{Kind: xlsx.Blank}} }

// Formula is a live formula (without '=') with its cached result.
func Formula(expr string, cached Value) Value {
	v := cached
	v.cell.Formula = expr
	if v.cell.Kind == xlsx.Blank {
		v.cell.Kind = xlsx.Text
	}
	return v
}

type target struct {
	sheet      string
	col, row   int
	lastCol    int
	isRange    bool
	definedRaw string
}

// Workbook is a template being filled.
type Workbook struct {
	f       *excelize.File
	names   map[string]target
	patches map[string]map[int][]xlsx.OutCell // sheet -> row -> cells
	tables  map[string][]*Table               // sheet -> its tables, top first
	asked   map[string]int                    // sheet -> the lowest template row a formula refers to
	merges  map[string][]string               // sheet -> merged cells moved down by its tables
	header  *PageHeader                       // the print header of every page
	free    map[int]int                       // style -> its unlocked copy (protect.go)
	streams map[string]*streamPart            // sheet -> its streamed rows
	sst     *sharedStrings                    // strings streamed tables share; nil: none
	err     []string
}

// Open loads a template.
func Open(template []byte) (*Workbook, error) {
	f, err := excelize.OpenReader(bytes.NewReader(template))
	if err != nil {
		return nil, fmt.Errorf("template: %v", err)
	}
	w := &Workbook{f: f, names: map[string]target{}, patches: map[string]map[int][]xlsx.OutCell{}, tables: map[string][]*Table{}, streams: map[string]*streamPart{}}
	if err := w.protectSheets(); err != nil {
		return nil, fmt.Errorf("template: %v", err)
	}
	for _, dn := range f.GetDefinedName() {
		if strings.HasPrefix(dn.Name, "_xlnm.") {
			continue
		}
		t, ok := parseRefersTo(dn.RefersTo)
		if !ok {
			continue
		}
		w.names[strings.ToLower(dn.Name)] = t
	}
	return w, nil
}

// OpenFile loads a template from a file.
func OpenFile(path string) (*Workbook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// covenant's own reader first: it says what a file that is not a workbook
	// is, and refuses a zip bomb before excelize would expand it
	b, err := xlsx.OpenBytes(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	b.Close()
	w, err := Open(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	return w, nil
}

// parseRefersTo reads "Sheet!$A$1" or "'My Sheet'!$A$5:$P$5".
func parseRefersTo(s string) (target, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "=")
	i := strings.LastIndex(s, "!")
	if i < 0 {
		return target{}, false
	}
	sheet := s[:i]
	if strings.HasPrefix(sheet, "'") && strings.HasSuffix(sheet, "'") {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	ref := strings.ReplaceAll(s[i+1:], "$", "")
	t := target{sheet: sheet, definedRaw: s}
	a, b, isRange := strings.Cut(ref, ":")
	col, row, err := xlsx.SplitRef(a)
	if err != nil || row == 0 {
		return target{}, false
	}
	t.col, t.row, t.lastCol = col, row, col
	if isRange {
		c2, r2, err := xlsx.SplitRef(b)
		if err != nil || r2 != row {
			return target{}, false
		}
		t.lastCol, t.isRange = c2, true
	}
	return t, true
}

// Has reports whether the template defines the name.
func (w *Workbook) Has(name string) bool { _, ok := w.names[strings.ToLower(name)]; return ok }

func (w *Workbook) fail(format string, a ...any) { w.err = append(w.err, fmt.Sprintf(format, a...)) }

// Set puts v into the cell the name refers to. A name missing from the template
// is an error reported by Save (a restyled template must keep its names).
func (w *Workbook) Set(name string, v Value) {
	t, ok := w.names[strings.ToLower(name)]
	if !ok || t.isRange {
		w.fail("template has no single-cell defined name %q", name)
		return
	}
	w.setCell(t.sheet, t.col, t.row, v)
}

// SetOptional is Set for a name the template may leave out.
func (w *Workbook) SetOptional(name string, v Value) {
	if w.Has(name) {
		w.Set(name, v)
	}
}

// SetParagraph puts text into the named cell, which may be merged across
// columns, and sets the height of its row so that the text shows whole as it
// wraps (FitRow): viewers do not grow the row of a merged cell, nor Excel any
// row on opening. An empty text leaves the row as the template has it.
func (w *Workbook) SetParagraph(name, text string) {
	w.Set(name, Text(text))
	w.FitRow(name, text)
}

// FitRow sets the height of the row of the named cell (merged across columns or
// not) so that text, wrapped in the cell's width and font, shows whole; it
// never makes the row lower than the template has it. An empty text, or a
// name the template lacks, changes nothing.
func (w *Workbook) FitRow(name, text string) {
	t, ok := w.names[strings.ToLower(name)]
	if !ok || t.isRange || text == "" {
		return
	}
	last := t.col
	if merged, err := w.f.GetMergeCells(t.sheet); err == nil {
		for _, mc := range merged {
			c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
			c2, _, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
			if err1 == nil && err2 == nil && c1 == t.col && r1 == t.row {
				last = c2
			}
		}
	}
	width := 0.0
	for c := t.col; c <= last; c++ {
		cw, _ := w.f.GetColWidth(t.sheet, xlsx.ColName(c))
		width += cw
	}
	ref := xlsx.CellRef(t.col, t.row)
	font := Font{Size: 11}
	if st, err := w.f.GetCellStyle(t.sheet, ref); err == nil {
		font = w.styleFont(st)
	}
	h := RowHeight(WrappedLines(text, ColumnRoom(width), font), font)
	cur, err := w.f.GetRowHeight(t.sheet, t.row)
	if err == nil && cur >= h-0.01 {
		return
	}
	if err := w.f.SetRowHeight(t.sheet, t.row, h); err != nil {
		w.fail("template: %s!%s: %v", t.sheet, ref, err)
	}
}

// styleFont is the font of a cellXfs style, for measuring its text.
func (w *Workbook) styleFont(style int) Font {
	f := Font{Size: 11}
	if st, err := w.f.GetStyle(style); err == nil && st != nil && st.Font != nil {
		if st.Font.Size > 0 {
			f.Size = st.Font.Size
		}
		f.Bold = st.Font.Bold
	}
	return f
}

func (w *Workbook) setCell(sheet string, col, row int, v Value) {
	c := v.cell
	c.Col = col
	c.Style = xlsx.KeepStyle
	if c.Formula == "" {
		// a value is an input: unlocked on the protected sheet
		if st, err := w.f.GetCellStyle(sheet, xlsx.CellRef(col, row)); err == nil {
			c.Style = w.unlocked(st)
		}
	}
	m := w.patches[sheet]
	if m == nil {
		m = map[int][]xlsx.OutCell{}
		w.patches[sheet] = m
	}
	m[row] = append(m[row], c)
}

// Ref returns an absolute reference to the named cell for formulas, e.g.
// "'Cover'!$C$7". Formulas may also use the defined name itself.
func (w *Workbook) Ref(name string) string {
	t, ok := w.names[strings.ToLower(name)]
	if !ok {
		w.fail("template has no defined name %q", name)
		return "#REF!"
	}
	return SheetRef(t.sheet) + "!$" + xlsx.ColName(t.col) + "$" + strconv.Itoa(w.refRow(t.sheet, t.row))
}

// SheetRef quotes a sheet name for a formula.
func SheetRef(sheet string) string {
	for _, r := range sheet {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
		}
	}
	return sheet
}

// Table is a table fill point.
type Table struct {
	w         *Workbook
	name      string
	sheet     string
	headerRow int
	firstCol  int
	lastCol   int
	cols      map[string]int // header key -> column
	styles    map[int]int    // column -> sample row style
	free      map[int]int    // column -> the sample row style unlocked (for values)
	wrap      []*wrapCol     // by column - firstCol: the room and font of wrapped columns (nil: not wrapped)
	n         int
	gen       func(i int, r *Row) error
	filter    bool
	streaming bool
	have      []bool
	seen      map[string]int
	// lastShared is each column's last shared text (streamed tables)
	lastShared []sharedRef
	// continued is set on a streamed table whose rows went on to another sheet
	continued bool
}

// Table prepares the table fill point name for n data rows.
func (w *Workbook) Table(name string, n int) *Table {
	t, ok := w.names[strings.ToLower(name)]
	if !ok || !t.isRange {
		w.fail("template has no table (a defined name on a header row) named %q", name)
		return &Table{w: w, cols: map[string]int{}, styles: map[int]int{}}
	}
	tb := &Table{w: w, name: name, sheet: t.sheet, headerRow: t.row, firstCol: t.col, lastCol: t.lastCol, cols: map[string]int{}, styles: map[int]int{}, free: map[int]int{}, n: n}
	if room := maxRows - t.row; n > room {
		// only a streamed table goes on on another sheet
		w.fail("table %s has %d rows, more than sheet %s holds below its header (%d: Excel's limit is %d rows a sheet)", name, n, t.sheet, room, maxRows)
	}
	for c := t.col; c <= t.lastCol; c++ {
		ref := xlsx.CellRef(c, t.row)
		v, _ := w.f.GetCellValue(t.sheet, ref)
		if k := parse.HeaderKey(v); k != "" {
			tb.cols[k] = c
		}
		sample := xlsx.CellRef(c, t.row+1)
		st, _ := w.f.GetCellStyle(t.sheet, sample)
		tb.styles[c] = st
		tb.free[c] = w.unlocked(st)
		if style, err := w.f.GetStyle(st); err == nil && style != nil && style.Alignment != nil && style.Alignment.WrapText {
			width, _ := w.f.GetColWidth(t.sheet, xlsx.ColName(c))
			if tb.wrap == nil {
				tb.wrap = make([]*wrapCol, t.lastCol-t.col+1)
			}
			tb.wrap[c-t.col] = &wrapCol{room: ColumnRoom(width), font: w.styleFont(st)}
		}
		// the sample row must exist in the XML for the rows to replace it
		if err := w.f.SetCellStyle(t.sheet, sample, sample, st); err != nil {
			w.fail("template: %s!%s: %v", t.sheet, sample, err)
		}
	}
	if _, streamed := w.streams[t.sheet]; streamed {
		w.fail("template: sheet %s holds a streamed table, so it can have no other table", t.sheet)
	}
	w.addTable(tb)
	return tb
}

// TableHasCol reports whether the template's table name has a column with
// that header (a restyled template may have dropped it), without preparing
// the table.
func (w *Workbook) TableHasCol(name, header string) bool {
	t, ok := w.names[strings.ToLower(name)]
	if !ok || !t.isRange {
		return false
	}
	want := parse.HeaderKey(header)
	for c := t.col; c <= t.lastCol; c++ {
		if v, _ := w.f.GetCellValue(t.sheet, xlsx.CellRef(c, t.row)); parse.HeaderKey(v) == want {
			return true
		}
	}
	return false
}

// wrapCol is a wrapped column of a table: the room its text has and its font,
// and the last text measured in it (a column often repeats the row above).
type wrapCol struct {
	room      float64
	font      Font
	lastText  string
	lastLines int
}

// lines is the number of lines text takes in the column.
func (c *wrapCol) lines(text string) int {
	if fitsOnOneLine(len(text), c.room, c.font) {
		return 1
	}
	if text == c.lastText && c.lastLines > 0 {
		return c.lastLines
	}
	n := WrappedLines(text, c.room, c.font)
	c.lastText, c.lastLines = text, n
	return n
}

// FirstRow and LastRow are the data rows (LastRow = FirstRow when empty: the
// sample row is kept blank so that ranges stay valid).
func (t *Table) FirstRow() int { return t.w.outRow(t.sheet, t.headerRow) + 1 }

// LastRow is the last data row.
func (t *Table) LastRow() int {
	return t.FirstRow() + t.rows() - 1
}

// Col returns the column letter of a header; a header missing from the template
// is reported by Save.
func (t *Table) Col(header string) string {
	c, ok := t.cols[parse.HeaderKey(header)]
	if !ok {
		t.w.fail("template table %s has no column %q", t.name, header)
		return "A"
	}
	return xlsx.ColName(c)
}

// colOf finds a header's column, remembering the answer for the same text.
func (t *Table) colOf(header string) (int, bool) {
	if c, ok := t.seen[header]; ok {
		return c, c > 0
	}
	c, ok := t.cols[parse.HeaderKey(header)]
	if t.seen == nil {
		t.seen = map[string]int{}
	}
	t.seen[header] = c
	return c, ok
}

// HasCol reports whether the template kept the column.
func (t *Table) HasCol(header string) bool { _, ok := t.cols[parse.HeaderKey(header)]; return ok }

// Range returns the absolute range of a column's data, e.g. 'Detail'!$M$6:$M$120.
func (t *Table) Range(header string) string {
	if t.streaming {
		t.w.fail("table %s: its range is known only when its stream is closed", t.name)
	}
	if t.continued {
		t.w.fail("table %s continues on other sheets: formulas over it take Stream.Ranges", t.name)
	}
	return t.sheetRange(header)
}

// sheetRange is the column's data on the table's own sheet.
func (t *Table) sheetRange(header string) string {
	t.w.refRow(t.sheet, t.headerRow+1)
	c := t.Col(header)
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", SheetRef(t.sheet), c, t.FirstRow(), c, t.LastRow())
}

// Rows sets the generator of the data rows: gen fills row i (0-based).
func (t *Table) Rows(gen func(i int, r *Row)) {
	t.gen = func(i int, r *Row) error { gen(i, r); return nil }
}

// RowsErr is Rows for a generator that can fail (reading its rows back from a
// file): its error ends Write. The rows are generated once each, in order,
// while the workbook is written.
func (t *Table) RowsErr(gen func(i int, r *Row) error) { t.gen = gen }

// Row is one data row being written.
type Row struct {
	t     *Table
	num   int
	cells []xlsx.OutCell
	// height is the height its wrapped cells need (points; 0: one line does)
	height float64
}

// start makes r row num of its table, empty.
func (r *Row) start(num int) {
	r.num = num
	r.cells = r.cells[:0]
	r.height = 0
}

// Num is the worksheet row number.
func (r *Row) Num() int { return r.num }

// Ref returns the reference of a column in this row, e.g. "M12", for formulas.
func (r *Row) Ref(header string) string {
	c, ok := r.t.colOf(header)
	if !ok {
		return r.t.Col(header) + strconv.Itoa(r.num)
	}
	return xlsx.CellRef(c, r.num)
}

// Set puts v in the column with that header; a column the template dropped is
// skipped.
func (r *Row) Set(header string, v Value) { r.Put(r.t.Field(header), v) }

// Field is a column of a table located once by its header, for tables written
// a million rows at a time; the zero Field is a column the template dropped.
type Field struct {
	col   int
	style int // for a formula (locked)
	free  int // for a value (unlocked)
}

// Field locates the column with that header.
func (t *Table) Field(header string) Field {
	c, ok := t.colOf(header)
	if !ok {
		return Field{}
	}
	return Field{col: c, style: t.styles[c], free: t.free[c]}
}

// Letter is the field's column letter ("" for a dropped column).
func (f Field) Letter() string {
	if f.col == 0 {
		return ""
	}
	return xlsx.ColName(f.col)
}

// Put is Set by field.
func (r *Row) Put(f Field, v Value) {
	if f.col == 0 {
		return
	}
	cell := v.cell
	cell.Col = f.col
	cell.Style = f.style
	if cell.Formula == "" {
		cell.Style = f.free
	}
	if cell.Kind == xlsx.Text && cell.Value != "" {
		r.measure(f.col, cell.Value)
	}
	if v.shared && r.t.streaming && r.t.w.sst != nil {
		// a column often repeats the row above's text: then the index is known
		// without a lookup (the same string is compared by its pointer first)
		t := r.t
		if t.lastShared == nil {
			t.lastShared = make([]sharedRef, t.lastCol-t.firstCol+1)
		}
		last := &t.lastShared[f.col-t.firstCol]
		if last.idx != "" && last.text == cell.Value {
			t.w.sst.refs++
			cell.Kind, cell.Value = xlsx.SharedIndex, last.idx
		} else if idx, ok := t.w.sst.ref(cell.Value); ok {
			last.text, last.idx = cell.Value, idx
			cell.Kind, cell.Value = xlsx.SharedIndex, idx
		}
	}
	r.cells = append(r.cells, cell)
}

// measure grows the row to the height text needs in column col, when the
// column wraps.
func (r *Row) measure(col int, text string) {
	t := r.t
	i := col - t.firstCol
	if i < 0 || i >= len(t.wrap) || t.wrap[i] == nil {
		return
	}
	c := t.wrap[i]
	if n := c.lines(text); n > 1 {
		if h := RowHeight(n, c.font); h > r.height {
			r.height = h
		}
	}
}

// sharedRef is a text a column last referred to in the shared strings.
type sharedRef struct{ text, idx string }

// sharedStrings are the strings streamed tables add to the template's own.
type sharedStrings struct {
	part  string            // the shared-string part
	base  int               // strings the template has
	index map[string]string // text -> its index, as text
	list  []string
	refs  int // cells that refer to them
}

// maxShared bounds the strings added: past it, texts are written inline (memory
// holds the distinct texts, never the rows).
const maxShared = 1 << 16

func (s *sharedStrings) ref(text string) (string, bool) {
	idx, ok := s.index[text]
	if !ok {
		if len(s.list) >= maxShared {
			return "", false
		}
		idx = strconv.Itoa(s.base + len(s.list))
		s.index[text] = idx
		s.list = append(s.list, text)
	}
	s.refs++
	return idx, true
}

var sstStart = regexp.MustCompile(`<(\w+:)?sst\b[^>]*>`)
var sstCount = regexp.MustCompile(`\b(count|uniqueCount)="\d*"`)

// extend writes the shared-string part with the added strings after the
// template's, and its counts updated.
func (s *sharedStrings) extend(old []byte, w io.Writer) error {
	end := bytes.LastIndex(old, []byte("</"))
	loc := sstStart.FindIndex(old)
	if end < 0 || loc == nil {
		return fmt.Errorf("template: the shared-string part %s is not readable", s.part)
	}
	start := old[loc[0]:loc[1]]
	prefix := ""
	if m := sstStart.FindSubmatch(old); m != nil {
		prefix = string(m[1])
	}
	oldCount := s.base
	if m := regexp.MustCompile(`\bcount="(\d+)"`).FindSubmatch(start); m != nil {
		oldCount, _ = strconv.Atoi(string(m[1]))
	}
	newStart := sstCount.ReplaceAllFunc(start, func(a []byte) []byte {
		if bytes.HasPrefix(a, []byte("count")) {
			return []byte(fmt.Sprintf(`count="%d"`, oldCount+s.refs))
		}
		return []byte(fmt.Sprintf(`uniqueCount="%d"`, s.base+len(s.list)))
	})
	if !bytes.Contains(newStart, []byte("uniqueCount=")) {
		newStart = append(newStart[:len(newStart)-1:len(newStart)-1], []byte(fmt.Sprintf(` uniqueCount="%d">`, s.base+len(s.list)))...)
	}
	var b []byte
	b = append(b, old[:loc[0]]...)
	b = append(b, newStart...)
	b = append(b, old[loc[1]:end]...)
	for _, t := range s.list {
		b = append(b, "<"+prefix+"si><"+prefix+`t xml:space="preserve">`...)
		b = append(b, xlsx.Escape(t)...)
		b = append(b, "</"+prefix+"t></"+prefix+"si>"...)
	}
	b = append(b, old[end:]...)
	_, err := w.Write(b)
	return err
}

// AutoFilter turns on filtering over the table's header and rows. (excelize's own
// AutoFilter rewrites the sheet properties and drops fit-to-page, so the element
// is written into the sheet XML directly.)
func (t *Table) AutoFilter() { t.filter = true }

func (t *Table) filterRef() string {
	return fmt.Sprintf("%s%d:%s%d", xlsx.ColName(t.firstCol), t.FirstRow()-1, xlsx.ColName(t.lastCol), t.LastRow())
}

// Elements that follow <autoFilter> in a worksheet (ECMA-376 CT_Worksheet order).
var afterAutoFilter = regexp.MustCompile(`<(\w+:)?(sortState|dataConsolidate|customSheetViews|mergeCells|phoneticPr|conditionalFormatting|dataValidations|hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)[ />]|</(\w+:)?worksheet>`)
var oldAutoFilter = regexp.MustCompile(`<(\w+:)?autoFilter[^>]*/>|<(\w+:)?autoFilter[^>]*>.*?</(\w+:)?autoFilter>`)

// withAutoFilter puts <autoFilter ref> into a worksheet's tail.
func withAutoFilter(tail []byte, ref string) []byte {
	tail = oldAutoFilter.ReplaceAll(tail, nil)
	loc := afterAutoFilter.FindIndex(tail)
	if loc == nil {
		return tail
	}
	var out []byte
	out = append(out, tail[:loc[0]]...)
	out = append(out, `<autoFilter ref="`+ref+`"/>`...)
	return append(out, tail[loc[0]:]...)
}

// Excelize gives access to the template for structural changes (charts).
func (w *Workbook) Excelize() *excelize.File { return w.f }

// Options for writing.
type Options struct {
	// Time stamps the document properties and the package entries, so that the
	// same inputs and as-of date give the same bytes.
	Time time.Time
	// Title and Subject go into the document properties.
	Title, Subject string
	// Final marks the workbook final, as Excel's Mark as Final does (a
	// signed certificate): readers open it read-only until told otherwise.
	Final bool
}

// Write produces the filled workbook.
func (w *Workbook) Write(out io.Writer, opt Options) error {
	if len(w.err) > 0 {
		return fmt.Errorf("%s", strings.Join(w.err, "\n"))
	}
	stamp := opt.Time.UTC().Format(time.RFC3339)
	status := ""
	if opt.Final {
		status = "Final"
		if err := w.markFinal(); err != nil {
			return err
		}
	}
	if err := w.f.SetDocProps(&excelize.DocProperties{
		Created: stamp, Modified: stamp, Creator: "covenant", LastModifiedBy: "covenant",
		Title: opt.Title, Subject: opt.Subject, Keywords: "confidential §6", ContentStatus: status,
	}); err != nil {
		return err
	}
	if err := w.applyHeader(); err != nil {
		return err
	}
	// rows that tables push down take their merged cells and names along
	if err := w.moveRows(); err != nil {
		return err
	}
	buf, err := w.f.WriteToBuffer()
	if err != nil {
		return err
	}
	book, err := xlsx.OpenBytes(buf.Bytes())
	if err != nil {
		return err
	}
	edits := map[string]xlsx.PartEdit{}
	sheets := map[string]bool{}
	for s := range w.patches {
		sheets[s] = true
	}
	for s := range w.tables {
		sheets[s] = true
	}
	spools := map[string]*xlsx.Spool{}
	for s, st := range w.streams {
		if !st.closed {
			return fmt.Errorf("table %s: its stream was not closed", st.t.name)
		}
		if len(w.patches[s]) > 0 {
			return fmt.Errorf("template sheet %s holds a streamed table, so it can have no other fill points", s)
		}
		sh, ok := book.Sheet(s)
		if !ok {
			return fmt.Errorf("template has no sheet %q", s)
		}
		spools[sh.Part] = st.spool
		delete(sheets, s)
	}
	for s := range sheets {
		sh, ok := book.Sheet(s)
		if !ok {
			return fmt.Errorf("template has no sheet %q", s)
		}
		edits[sh.Part] = book.SheetPart(sh, &sheetFill{w: w, sheet: s, patches: w.patches[s], tables: w.tables[s]})
	}
	// every other worksheet is rewritten too, for its <dimension> and <col>
	// order; the core properties and the charts as Excel writes them (issue 15)
	for _, sh := range book.Worksheets() {
		if _, ok := edits[sh.Part]; !ok && spools[sh.Part] == nil {
			edits[sh.Part] = book.SheetPart(sh, xlsx.KeepRows)
		}
	}
	for part, edit := range xlsx.TidyParts(book) {
		edits[part] = edit
	}
	if w.sst != nil && len(w.sst.list) > 0 {
		part, n, err := book.SharedStringsPart()
		if err != nil {
			return err
		}
		if part != w.sst.part || n != w.sst.base {
			return fmt.Errorf("template: its shared strings changed while the report was written (%s, %d strings, expected %s, %d)", part, n, w.sst.part, w.sst.base)
		}
		sst := w.sst
		edits[part] = func(old io.Reader, out io.Writer) error {
			data, err := io.ReadAll(old)
			if err != nil {
				return err
			}
			return sst.extend(data, out)
		}
	}
	// excelize lists image extensions in map order: sort them so that the same
	// report gives the same bytes.
	edits["[Content_Types].xml"] = func(old io.Reader, w io.Writer) error {
		data, err := io.ReadAll(old)
		if err != nil {
			return err
		}
		_, err = w.Write(sortDefaults(data))
		return err
	}
	mod := opt.Time
	if mod.IsZero() || mod.Year() < 1980 {
		mod = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return book.Rewrite(out, xlsx.RewriteOptions{Edits: edits, Spools: spools, Recompress: true, ModTime: mod})
}

// Close releases the temporary files of streamed tables.
func (w *Workbook) Close() {
	for _, p := range w.streams {
		p.spool.Discard()
	}
	w.f.Close()
}

// Stream is a table whose rows are written as they come (the detail of a ledger
// of a million lines is never held in memory): they are compressed on the second
// core into a temporary file and placed in the workbook by Write. A streamed
// table's sheet can have no other fill points, and formulas may use its ranges
// only after Close. A table that reaches Excel's last row (1,048,576) goes on
// on a copy of its sheet, "Detail (2)" and so on, placed after it.
type Stream struct {
	w      *Workbook
	dir    string
	parts  []*streamPart // the table's sheet, then its continuations
	split  *xlsx.SheetSplit
	row    Row
	buf    []byte
	rw     *xlsx.RowWriter
	closed bool
}

// streamPart is one sheet of a streamed table.
type streamPart struct {
	t      *Table
	spool  *xlsx.Spool
	bw     *bufio.Writer
	used   xlsx.Range // the cells the sheet holds
	closed bool
}

// maxRows is the last row a sheet can hold (a variable so that tests can
// continue tables on other sheets without a million rows).
var maxRows = xlsx.MaxRows

// StreamTable starts streaming the table fill point name; temporary data goes to
// dir (the system's temporary folder when empty).
func (w *Workbook) StreamTable(name, dir string) (*Stream, error) {
	var t *Table
	for _, ts := range w.tables {
		for _, have := range ts {
			if strings.EqualFold(have.name, name) {
				t = have
			}
		}
	}
	if t == nil {
		t = w.Table(name, 0)
	}
	if t.sheet == "" {
		return nil, fmt.Errorf("%s", strings.Join(w.err, "\n"))
	}
	if _, dup := w.streams[t.sheet]; dup {
		return nil, fmt.Errorf("template: sheet %s is already streamed", t.sheet)
	}
	if len(w.tables[t.sheet]) > 1 {
		return nil, fmt.Errorf("template: sheet %s holds other tables than %s, which is streamed", t.sheet, t.name)
	}
	buf, err := w.f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	book, err := xlsx.OpenBytes(buf.Bytes())
	if err != nil {
		return nil, err
	}
	sh, ok := book.Sheet(t.sheet)
	if !ok {
		return nil, fmt.Errorf("template has no sheet %q", t.sheet)
	}
	if w.sst == nil {
		// a template without shared strings keeps every text inline
		if part, n, err := book.SharedStringsPart(); err == nil && part != "" {
			w.sst = &sharedStrings{part: part, base: n, index: map[string]string{}}
		}
	}
	split, err := book.SplitAt(sh, t.FirstRow())
	if err != nil {
		return nil, fmt.Errorf("template: %v", err)
	}
	s := &Stream{w: w, dir: dir, split: split}
	if err := s.start(t); err != nil {
		return nil, err
	}
	s.row.t = t
	return s, nil
}

// start begins the sheet of t: its spool, and the sheet's text above the rows.
func (s *Stream) start(t *Table) error {
	// level 1: a million-row detail is about 1 GB of XML, and level 5 costs
	// twice the time for a file a sixth smaller
	spool, err := xlsx.NewSpool(s.dir, 1)
	if err != nil {
		return err
	}
	t.streaming = true
	// the sheet's head (with the title rows) goes in front when the rows are
	// written and its <dimension> is known (finish)
	p := &streamPart{t: t, spool: spool, bw: spool.Buffered(), used: s.split.Used}
	s.parts = append(s.parts, p)
	s.w.streams[t.sheet] = p
	return nil
}

// Table is the streamed table (for Col and Field; see Ranges).
func (s *Stream) Table() *Table { return s.parts[0].t }

// Ranges returns the absolute range of a column's data on each sheet the table
// fills, in order (one range unless the table went past Excel's last row).
func (s *Stream) Ranges(header string) []string {
	var out []string
	for _, p := range s.parts {
		if p.t.streaming {
			s.w.fail("table %s: its range is known only when its stream is closed", p.t.name)
		}
		out = append(out, p.t.sheetRange(header))
	}
	return out
}

// CellRef is the absolute reference of the cell of a column in the table's
// row i (from 0, across the sheets it goes on over), e.g. Detail!$J$123, for
// a formula elsewhere that takes that line's figure. Valid after Close.
func (s *Stream) CellRef(header string, i int) string {
	for _, p := range s.parts {
		if p.t.streaming {
			s.w.fail("table %s: its cells are known only when its stream is closed", p.t.name)
			return "#REF!"
		}
		if i < p.t.n {
			return fmt.Sprintf("%s!$%s$%d", SheetRef(p.t.sheet), p.t.Col(header), p.t.FirstRow()+i)
		}
		i -= p.t.n
	}
	s.w.fail("table %s has no row %d", s.parts[0].t.name, i)
	return "#REF!"
}

// Sheets names the sheets the table fills, in order.
func (s *Stream) Sheets() []string {
	var out []string
	for _, p := range s.parts {
		out = append(out, p.t.sheet)
	}
	return out
}

// Add writes the next row, filled by gen.
func (s *Stream) Add(gen func(r *Row)) error {
	p := s.parts[len(s.parts)-1]
	if p.t.FirstRow()+p.t.n > maxRows {
		if err := s.continueTable(); err != nil {
			return err
		}
		p = s.parts[len(s.parts)-1]
	}
	t := p.t
	s.row.t = t
	s.row.start(t.FirstRow() + t.n)
	gen(&s.row)
	t.complete(&s.row)
	if s.rw == nil {
		s.rw = xlsx.NewRowWriter(s.split.Prefix)
	}
	s.buf = s.rw.AppendRow(s.buf[:0], s.row.num, s.row.height, s.split.RowAttrs, s.row.cells)
	if n := len(s.row.cells); n > 0 {
		// complete sorted the cells by column
		p.used.Add(s.row.num, s.row.cells[0].Col)
		p.used.Add(s.row.num, s.row.cells[n-1].Col)
	}
	t.n++
	_, err := p.bw.Write(s.buf)
	return err
}

// finish ends the current sheet's rows.
func (s *Stream) finish(p *streamPart) error {
	t := p.t
	if t.n == 0 {
		none := t.noneRow()
		s.buf = xlsx.AppendRow(s.buf[:0], s.split.Prefix, t.FirstRow(), 0, s.split.RowAttrs, none)
		p.bw.Write(s.buf)
		p.used.AddRow(t.FirstRow(), none)
	}
	p.spool.SetHead(xlsx.FixHead(s.split.Head, p.used))
	tail := s.w.withHeader(s.split.Tail)
	if t.filter {
		tail = withAutoFilter(tail, t.filterRef())
	}
	p.bw.Write(tail)
	t.streaming = false
	p.closed = true
	return p.spool.Finish()
}

// continueTable ends the full sheet and goes on on a copy of it: same title
// rows, header, columns, page setup and footer, and the header repeated on
// every printed page.
func (s *Stream) continueTable() error {
	prev := s.parts[len(s.parts)-1]
	first := s.parts[0].t
	for _, part := range [][]byte{s.split.Head, s.split.Tail} {
		if bytes.Contains(part, []byte("r:id=")) {
			return fmt.Errorf("table %s has more rows than sheet %s can hold (Excel's limit is %d rows), and the sheet refers to other parts (a picture, comments or controls) that covenant cannot copy to a second sheet: remove them from the template's sheet", first.name, first.sheet, maxRows)
		}
	}
	if err := s.finish(prev); err != nil {
		return err
	}
	first.continued = true
	name := fmt.Sprintf("%s (%d)", first.sheet, len(s.parts)+1)
	if len(name) > 31 {
		name = fmt.Sprintf("%s (%d)", first.sheet[:31-len(fmt.Sprintf(" (%d)", len(s.parts)+1))], len(s.parts)+1)
	}
	if err := s.w.insertSheetAfter(name, prev.t.sheet); err != nil {
		return fmt.Errorf("table %s: adding sheet %s for the rows past Excel's limit: %v", first.name, name, err)
	}
	t := *first
	t.sheet, t.n, t.continued, t.lastShared = name, 0, false, nil
	return s.start(&t)
}

// insertSheetAfter adds an empty sheet after another, and gives it the print
// titles the other has. excelize's MoveSheet leaves sheet-scoped names (print
// titles and areas) pointing at the old positions, so they are set again.
func (w *Workbook) insertSheetAfter(name, after string) error {
	names := w.f.GetDefinedName()
	before := w.f.GetSheetList()
	if _, err := w.f.NewSheet(name); err != nil {
		return err
	}
	pos := -1
	for i, sh := range before {
		if sh == after {
			pos = i
		}
	}
	if pos >= 0 && pos+1 < len(before) {
		if err := w.f.MoveSheet(name, before[pos+1]); err != nil {
			return err
		}
		// each sheet-scoped name still holds its sheet's old position: delete
		// it by the sheet now at that position, then set it again by its own
		now := w.f.GetSheetList()
		for _, n := range names {
			if n.Scope == "" || n.Scope == "Workbook" {
				continue
			}
			for i, sh := range before {
				if sh == n.Scope {
					if err := w.f.DeleteDefinedName(&excelize.DefinedName{Name: n.Name, Scope: now[i]}); err != nil {
						return err
					}
				}
			}
		}
		for _, n := range names {
			if n.Scope == "" || n.Scope == "Workbook" {
				continue
			}
			if err := w.f.SetDefinedName(&excelize.DefinedName{Name: n.Name, RefersTo: n.RefersTo, Comment: n.Comment, Scope: n.Scope}); err != nil {
				return err
			}
		}
	}
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == after {
			rows := n.RefersTo[strings.LastIndexByte(n.RefersTo, '!')+1:]
			if err := w.f.SetDefinedName(&excelize.DefinedName{Name: n.Name, RefersTo: SheetRef(name) + "!" + rows, Scope: name}); err != nil {
				return err
			}
		}
		if n.Name == "Inputs" && n.Scope == after {
			// what the template names as inputs on the sheet, on its copy too
			refers := strings.ReplaceAll(n.RefersTo, SheetRef(after)+"!", SheetRef(name)+"!")
			refers = strings.ReplaceAll(refers, "'"+after+"'!", SheetRef(name)+"!")
			if err := w.f.SetDefinedName(&excelize.DefinedName{Name: n.Name, RefersTo: refers, Comment: n.Comment, Scope: name}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close ends the table: its rows are counted and its ranges known.
func (s *Stream) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	return s.finish(s.parts[len(s.parts)-1])
}

type sheetFill struct {
	w       *Workbook
	done    map[int]bool
	sheet   string
	patches map[int][]xlsx.OutCell
	tables  []*Table // top first
	emitted map[*Table]bool
}

func (s *sheetFill) Head(h []byte) ([]byte, error) { return h, nil }
func (s *sheetFill) Tail(t []byte) ([]byte, error) {
	var filtered *Table
	for _, tb := range s.tables {
		if !tb.filter {
			continue
		}
		if filtered != nil {
			return nil, fmt.Errorf("template sheet %s: tables %s and %s both ask for an autofilter, and a sheet has one", s.sheet, filtered.name, tb.name)
		}
		filtered = tb
	}
	if filtered != nil {
		t = withAutoFilter(t, filtered.filterRef())
	}
	return withMerges(t, s.w.merges[s.sheet])
}

// End writes the cells of rows the template does not have.
func (s *sheetFill) End(out *xlsx.RowOut) error {
	if s.done == nil {
		s.done = map[int]bool{}
	}
	var left *Table
	for _, tb := range s.tables {
		if !s.emitted[tb] {
			if left != nil {
				return fmt.Errorf("template sheet %s: the sample rows of tables %s and %s are not in the sheet", s.sheet, left.name, tb.name)
			}
			left = tb
		}
	}
	for _, n := range s.pendingRows(1 << 30) {
		if left != nil && n > left.headerRow+1 {
			return fmt.Errorf("template sheet %s: the sample row of table %s is not in the sheet, and cells are filled below it", s.sheet, left.name)
		}
		out.Emit(s.w.outRow(s.sheet, n), s.cells(n), false)
	}
	if left != nil {
		// the template's sample row had no styled cells, so it is not in the XML
		s.emitTable(left, out)
	}
	return nil
}

// pendingRows lists the patched rows before row n not yet written, in order.
func (s *sheetFill) pendingRows(n int) []int {
	var rows []int
	for r := range s.patches {
		if r < n && !s.done[r] {
			rows = append(rows, r)
		}
	}
	sort.Ints(rows)
	return rows
}

func (s *sheetFill) cells(row int) []xlsx.OutCell {
	s.done[row] = true
	cs := append([]xlsx.OutCell(nil), s.patches[row]...)
	for i := range cs {
		if cs[i].Style == xlsx.KeepStyle {
			cs[i].Style = 0
		}
	}
	sortByCol(cs)
	return cs
}

func (s *sheetFill) Row(r *xlsx.Row, out *xlsx.RowOut) error {
	if s.done == nil {
		s.done = map[int]bool{}
	}
	for _, tb := range s.tables {
		if !s.emitted[tb] && tb.headerRow+1 < r.Num {
			return fmt.Errorf("template sheet %s: the sample row of table %s (row %d) is not in the sheet", s.sheet, tb.name, tb.headerRow+1)
		}
	}
	for _, n := range s.pendingRows(r.Num) {
		out.Before(s.w.outRow(s.sheet, n), s.cells(n))
	}
	s.done[r.Num] = true
	for _, tb := range s.tables {
		if r.Num == tb.headerRow+1 {
			if len(s.patches[r.Num]) > 0 {
				return fmt.Errorf("template sheet %s: row %d is the sample row of table %s, so it can hold no other fill point", s.sheet, r.Num, tb.name)
			}
			out.Drop()
			s.emitTable(tb, out)
			return nil
		}
	}
	for _, c := range s.patches[r.Num] {
		out.Set(c)
	}
	if to := s.w.outRow(s.sheet, r.Num); to != r.Num {
		out.MoveTo(to)
	}
	return nil
}

// emitTable streams the table's rows in place of its sample row.
func (s *sheetFill) emitTable(t *Table, out *xlsx.RowOut) {
	if s.emitted == nil {
		s.emitted = map[*Table]bool{}
	}
	s.emitted[t] = true
	out.EmitStream(func(emit xlsx.EmitFunc) error {
		if t.n == 0 {
			return emit(t.FirstRow(), 0, t.noneRow())
		}
		row := Row{t: t}
		for i := 0; i < t.n; i++ {
			row.start(t.FirstRow() + i)
			if t.gen != nil {
				if err := t.gen(i, &row); err != nil {
					return fmt.Errorf("table %s, row %d: %w", t.name, row.num, err)
				}
			}
			t.complete(&row)
			if err := emit(row.num, row.height, row.cells); err != nil {
				return err
			}
		}
		return nil
	})
}

// noneRow is the row an empty table shows: "(none)" in its first column, the
// others blank with their styles, so that ranges over the table stay valid.
func (t *Table) noneRow() []xlsx.OutCell {
	var cells []xlsx.OutCell
	for c := t.firstCol; c <= t.lastCol; c++ {
		cells = append(cells, xlsx.OutCell{Col: c, Style: t.styles[c]})
	}
	if len(cells) > 0 {
		cells[0].Kind, cells[0].Value, cells[0].Style = xlsx.Text, "(none)", t.free[t.firstCol]
	}
	return cells
}

// complete adds styled blanks for the columns the generator left empty and puts
// the cells in column order.
func (t *Table) complete(row *Row) {
	width := t.lastCol - t.firstCol + 1
	if cap(t.have) < width {
		t.have = make([]bool, width)
	}
	have := t.have[:width]
	for i := range have {
		have[i] = false
	}
	for _, c := range row.cells {
		if i := c.Col - t.firstCol; i >= 0 && i < width {
			have[i] = true
		}
	}
	for i, ok := range have {
		if !ok {
			c := t.firstCol + i
			row.cells = append(row.cells, xlsx.OutCell{Col: c, Style: t.styles[c]})
		}
	}
	sortByCol(row.cells)
}

func sortByCol(cs []xlsx.OutCell) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Col < cs[j-1].Col; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

var defaultElem = regexp.MustCompile(`<Default [^>]*?(/>|></Default>)`)

// sortDefaults puts the <Default> elements of [Content_Types].xml in order.
func sortDefaults(data []byte) []byte {
	locs := defaultElem.FindAllIndex(data, -1)
	if len(locs) < 2 {
		return data
	}
	elems := make([]string, len(locs))
	for i, l := range locs {
		elems[i] = string(data[l[0]:l[1]])
	}
	sort.Strings(elems)
	var out []byte
	prev := 0
	for i, l := range locs {
		out = append(out, data[prev:l[0]]...)
		out = append(out, elems[i]...)
		prev = l[1]
	}
	return append(out, data[prev:]...)
}

// Dollars formats an amount for text an accountant reads (see money.Dollars).
func Dollars(d decimal.Decimal) string { return money.Dollars(d) }
