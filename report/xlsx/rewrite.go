package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	kflate "github.com/klauspost/compress/flate"
)

// KeepStyle, as an OutCell's Style, keeps the style of the cell being replaced.
const KeepStyle = -1

// OutCell is a cell to write. Numbers and formulas' cached numbers are given as
// decimal text, so an amount never passes through float64.
type OutCell struct {
	Col     int
	Style   int  // cellXfs index, or KeepStyle
	Kind    Kind // Blank, Number, Text or Bool
	Value   string
	Formula string // without the leading '='; written with Value as its cached result
}

// RowOut collects what a Transformer does with the current row.
type RowOut struct {
	cur     *rowInfo // the row being transformed (nil at the end)
	before  []emitted
	set     []OutCell
	drop    bool
	move    int // the number the current row is written under (0: its own)
	emitted []emitted
	streams []func(emit EmitFunc) error
}

// EmitFunc writes one new row; rows must be in ascending order. A height above
// zero (points) sets the row's height, as Excel's autofit would for wrapped text.
type EmitFunc func(num int, height float64, cells []OutCell) error

// EmitStream writes rows produced by fn after the current row (and after any row
// given to Emit), without holding them in memory; the rows take the current row's
// attributes when likeCurrent is true.
func (o *RowOut) EmitStream(fn func(emit EmitFunc) error) {
	o.streams = append(o.streams, fn)
}

type emitted struct {
	num   int
	cells []OutCell
	like  bool // copy the current row's attributes (height, row style)
}

// StyleAt returns the style of the current row's cell in column col, when
// the row has one (a cell formatted in advance, even empty).
func (o *RowOut) StyleAt(col int) (int, bool) {
	if o.cur == nil {
		return 0, false
	}
	for i := range o.cur.cells {
		if o.cur.cells[i].col == col {
			return o.cur.cells[i].style, true
		}
	}
	return 0, false
}

// StylesAt looks up several columns of the current row in one pass over
// its cells: for each cell of a column c with at[c] >= 0 (at indexed by
// column number), style[at[c]] is set to the cell's style and found[at[c]]
// to true; the others are left false.
func (o *RowOut) StylesAt(at []int, style []int, found []bool) {
	for i := range found {
		found[i] = false
	}
	if o.cur == nil {
		return
	}
	for i := range o.cur.cells {
		c := &o.cur.cells[i]
		if c.col < len(at) && at[c.col] >= 0 {
			style[at[c.col]], found[at[c.col]] = c.style, true
		}
	}
}

// Height returns the current row's height in points, when it sets one
// (custom: set by hand, not by autofit).
func (o *RowOut) Height() (points float64, custom bool) {
	if o.cur == nil {
		return 0, false
	}
	ht, ok := attr(o.cur.startTag, "ht")
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(ht), 64)
	if err != nil || v <= 0 {
		return 0, false
	}
	c, _ := attr(o.cur.startTag, "customHeight")
	return v, xmlTrue(string(c))
}

// Set puts c into the current row, replacing any cell in the same column.
func (o *RowOut) Set(c OutCell) { o.set = append(o.set, c) }

// Before writes a new row numbered num before the current row.
func (o *RowOut) Before(num int, cells []OutCell) {
	o.before = append(o.before, emitted{num: num, cells: cells})
}

// Drop leaves the current row out of the output.
func (o *RowOut) Drop() { o.drop = true }

// MoveTo writes the current row as row num, its cells' references with it
// (rows a table's rows push down); num must keep the rows in ascending order.
func (o *RowOut) MoveTo(num int) { o.move = num }

// Emit writes a new row numbered num after the current row (or, at the end of the
// sheet, after the last row). likeCurrent copies the current row's attributes.
// Rows must stay in ascending order.
func (o *RowOut) Emit(num int, cells []OutCell, likeCurrent bool) {
	o.emitted = append(o.emitted, emitted{num: num, cells: cells, like: likeCurrent})
}

func (o *RowOut) reset() {
	o.set = o.set[:0]
	o.before = o.before[:0]
	o.drop = false
	o.move = 0
	o.emitted = o.emitted[:0]
	o.streams = o.streams[:0]
}

// Transformer rewrites a worksheet as it streams through TransformSheet.
type Transformer interface {
	// Head may return replacement bytes for everything before the first row.
	Head(head []byte) ([]byte, error)
	// Row sees each existing row, decoded, and says what to change in out.
	Row(row *Row, out *RowOut) error
	// End may emit rows after the last existing row.
	End(out *RowOut) error
	// Tail may return replacement bytes for everything from </sheetData> on.
	Tail(tail []byte) ([]byte, error)
}

// HeadFinisher is a Transformer that rewrites the sheet's head once every row
// is written (the widths of the columns it filled, say): FinishHead gets
// what Head returned.
type HeadFinisher interface {
	FinishHead(head []byte) ([]byte, error)
}

// TransformSheet streams the worksheet sh into w, applying t.
func (b *Book) TransformSheet(sh Sheet, w io.Writer, t Transformer) error {
	sst, rc, sc, head, err := b.openSheet(sh)
	if err != nil {
		return err
	}
	defer rc.Close()
	head, err = t.Head(head)
	if err != nil {
		return err
	}
	// The rows go first into body (memory, or past spillAt a compressed
	// temporary file): the head is written after them, with the <dimension>
	// of what they hold (FixHead).
	level := 1
	switch pw := w.(type) {
	case *partWriter:
		level = pw.level
	case *spoolTarget:
		level = pw.level
	}
	body := &bodySink{level: level}
	defer func() {
		if body.spool != nil {
			body.spool.Discard()
		}
	}()
	bw := bufio.NewWriterSize(body, 256<<10)
	var used Range
	cw := cellWriter{prefix: string(sc.prefix), memo: make([]cellMemo, maxMemoCol)}
	var out RowOut
	lastWritten := 0
	// flushEmitted writes the rows a transformer emitted after the current row
	// (like: the current row's start tag, whose attributes new rows may copy).
	flushEmitted := func(out *RowOut, like []byte) error {
		for _, e := range out.emitted {
			if e.num <= lastWritten {
				return fmt.Errorf("sheet %s: row %d would be written after row %d", sh.Name, e.num, lastWritten)
			}
			var attrs []byte
			if e.like {
				attrs = like
			}
			cw.newRow(bw, e.num, 0, attrs, e.cells)
			used.AddRow(e.num, e.cells)
			lastWritten = e.num
		}
		for _, fn := range out.streams {
			err := fn(func(num int, height float64, cells []OutCell) error {
				if num <= lastWritten {
					return fmt.Errorf("sheet %s: row %d would be written after row %d", sh.Name, num, lastWritten)
				}
				cw.newRow(bw, num, height, like, cells)
				used.AddRow(num, cells)
				lastWritten = num
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	rows := b.scanRaw(sh, sc, sst)
	defer rows.stop()
	for {
		sr, err := rows.next()
		if err != nil {
			return err
		}
		if sr == nil {
			break
		}
		rb, row := sr.raw, &sr.row
		ri := &sr.ri
		out.reset()
		out.cur = ri
		if err := t.Row(row, &out); err != nil {
			return err
		}
		for _, e := range out.before {
			if e.num <= lastWritten || e.num >= ri.num {
				return fmt.Errorf("sheet %s: row %d cannot be written before row %d", sh.Name, e.num, ri.num)
			}
			cw.newRow(bw, e.num, 0, nil, e.cells)
			used.AddRow(e.num, e.cells)
			lastWritten = e.num
		}
		if !out.drop {
			num := ri.num
			if out.move > 0 {
				num = out.move
			}
			if num <= lastWritten {
				return fmt.Errorf("sheet %s: row %d would be written after row %d", sh.Name, num, lastWritten)
			}
			switch {
			case num != ri.num:
				cw.patchRow(bw, rb, ri, out.set, num)
			case len(out.set) == 0:
				bw.Write(rb)
			default:
				cw.patchRow(bw, rb, ri, out.set, num)
			}
			used.AddRow(num, out.set)
			if n := len(ri.cells); n > 0 {
				used.Add(num, ri.cells[0].col)
				used.Add(num, ri.cells[n-1].col)
			}
			lastWritten = num
		}
		if err := flushEmitted(&out, ri.startTag); err != nil {
			return err
		}
	}
	out.reset()
	out.cur = nil
	if err := t.End(&out); err != nil {
		return err
	}
	if err := flushEmitted(&out, nil); err != nil {
		return err
	}
	tail, err := t.Tail(sc.Tail())
	if err != nil {
		return err
	}
	bw.Write(tail)
	if err := bw.Flush(); err != nil {
		return err
	}
	if hf, ok := t.(HeadFinisher); ok {
		if head, err = hf.FinishHead(head); err != nil {
			return err
		}
	}
	err = writeSheet(w, FixHead(head, used), body)
	body.spool = nil // writeSheet discarded it
	return err
}

type cellWriter struct {
	prefix string
	buf    []byte
	memo   []cellMemo // by column: the last cell written there
}

// rowAttrs returns a start tag's attributes without r and spans (spans is only a
// hint and is wrong once cells are added).
func rowAttrs(tag []byte, dropHeight bool) []byte {
	// tag is "<row ...>" or "<x:row .../>"
	i := bytes.IndexAny(tag, " \t\r\n")
	if i < 0 {
		return nil
	}
	inner := bytes.TrimRight(tag[i:], "/>")
	var out []byte
	for len(inner) > 0 {
		inner = bytes.TrimLeft(inner, " \t\r\n")
		eq := bytes.IndexByte(inner, '=')
		if eq < 0 {
			break
		}
		name := bytes.TrimSpace(inner[:eq])
		rest := bytes.TrimLeft(inner[eq+1:], " \t\r\n")
		if len(rest) == 0 {
			break
		}
		q := rest[0]
		e := bytes.IndexByte(rest[1:], q)
		if e < 0 {
			break
		}
		val := rest[1 : 1+e]
		inner = rest[e+2:]
		if string(name) == "r" || string(name) == "spans" || dropHeight && (string(name) == "ht" || string(name) == "customHeight") {
			continue
		}
		out = append(out, ' ')
		out = append(out, name...)
		out = append(out, '=', q)
		out = append(out, val...)
		out = append(out, q)
	}
	return out
}

// rowSink is where rows are written: a buffered writer rows can be appended to
// in place (AvailableBuffer and Write, as bufio.Writer does).
type rowSink interface {
	io.Writer
	AvailableBuffer() []byte
	Flush() error
}

func (cw *cellWriter) newRow(w rowSink, num int, height float64, like []byte, cells []OutCell) {
	var attrs []byte
	if like != nil {
		attrs = rowAttrs(like, height > 0)
	}
	// appendRow appends to cw.buf, which patchRow leaves holding its row
	cw.buf = cw.buf[:0]
	b := cw.appendRow(num, height, attrs, cells)
	w.Write(b)
	cw.buf = b[:0]
}

// appendRow appends a new row to cw.buf and returns it.
func (cw *cellWriter) appendRow(num int, height float64, attrs []byte, cells []OutCell) []byte {
	b := cw.buf
	b = append(b, '<')
	b = append(b, cw.prefix...)
	b = append(b, `row r="`...)
	b = strconv.AppendInt(b, int64(num), 10)
	b = append(b, '"')
	b = append(b, attrs...)
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	var nb [20]byte
	row := strconv.AppendInt(nb[:0], int64(num), 10)
	for i := range cells {
		b = cw.appendCell(b, row, &cells[i], 0)
	}
	b = append(b, "</"...)
	b = append(b, cw.prefix...)
	b = append(b, "row>"...)
	return b
}

// patchRow writes an existing row with cells set or replaced, as row num (its
// own number, or the one it moves to: then every cell's reference moves too).
func (cw *cellWriter) patchRow(w rowSink, rb []byte, ri *rowInfo, set []OutCell, num int) {
	sortCells(set)
	// build the row in the writer's free space, or, when that is short, in our
	// own scratch buffer (never keep the writer's memory as scratch)
	b, scratch := w.AvailableBuffer(), false
	if cap(b) < len(rb)+1024 {
		b, scratch = cw.buf[:0], true
	}
	b = append(b, '<')
	b = append(b, cw.prefix...)
	b = append(b, `row r="`...)
	b = strconv.AppendInt(b, int64(num), 10)
	b = append(b, '"')
	b = append(b, rowAttrs(ri.startTag, false)...)
	b = append(b, '>')
	j := 0
	var nb [20]byte
	row := strconv.AppendInt(nb[:0], int64(num), 10)
	moved := num != ri.num
	for k := 0; k < len(ri.cells); k++ {
		c := &ri.cells[k]
		for j < len(set) && set[j].Col < c.col {
			b = cw.appendCell(b, row, &set[j], 0)
			j++
		}
		if j < len(set) && set[j].Col == c.col {
			b = cw.appendCell(b, row, &set[j], c.style)
			j++
			continue
		}
		if moved {
			b = appendMovedCell(b, rb[c.start:c.end], row)
			continue
		}
		// the cells up to the next one set are copied as they are, in one piece
		e := k
		for e+1 < len(ri.cells) && (j >= len(set) || set[j].Col > ri.cells[e+1].col) {
			e++
		}
		b = append(b, rb[c.start:ri.cells[e].end]...)
		k = e
	}
	for ; j < len(set); j++ {
		b = cw.appendCell(b, row, &set[j], 0)
	}
	b = append(b, "</"...)
	b = append(b, cw.prefix...)
	b = append(b, "row>"...)
	w.Write(b)
	if scratch {
		cw.buf = b[:0]
	}
}

// appendMovedCell appends a cell's element with the row of its reference (its
// r attribute, when it has one) replaced by row.
func appendMovedCell(b, cell, row []byte) []byte {
	te := bytes.IndexByte(cell, '>')
	if te < 0 {
		return append(b, cell...)
	}
	tag := cell[:te]
	i := 0
	for {
		k := bytes.Index(tag[i:], []byte(`r=`))
		if k < 0 {
			return append(b, cell...)
		}
		k += i
		if k > 0 && (tag[k-1] == ' ' || tag[k-1] == '\t' || tag[k-1] == '\n' || tag[k-1] == '\r') && k+2 < len(tag) && (tag[k+2] == '"' || tag[k+2] == '\'') {
			q := tag[k+2]
			start := k + 3
			end := bytes.IndexByte(tag[start:], q)
			if end < 0 {
				return append(b, cell...)
			}
			end += start
			letters := start
			for letters < end && (tag[letters] >= 'A' && tag[letters] <= 'Z' || tag[letters] >= 'a' && tag[letters] <= 'z' || tag[letters] == '$') {
				letters++
			}
			b = append(b, cell[:letters]...)
			b = append(b, row...)
			return append(b, cell[end:]...)
		}
		i = k + 2
	}
}

func sortCells(cs []OutCell) {
	// insertion sort: rows have few patched cells
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Col < cs[j-1].Col; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// appendCell appends one cell of the row whose number is written in row.
func (cw *cellWriter) appendCell(b []byte, row []byte, c *OutCell, oldStyle int) []byte {
	p := cw.prefix
	b = append(b, '<')
	b = append(b, p...)
	b = append(b, `c r="`...)
	b = append(b, ColName(c.Col)...)
	b = append(b, row...)
	b = append(b, '"')
	style := c.Style
	if style == KeepStyle {
		style = oldStyle
	}
	// the rest of the cell is the same as the column's last one when its value
	// is (a million rows repeat "Yes", a classification, a shared index)
	var memo *cellMemo
	if c.Col < len(cw.memo) && c.Formula == "" {
		memo = &cw.memo[c.Col]
		if memo.ok && memo.style == style && memo.kind == c.Kind && memo.value == c.Value {
			return append(b, memo.rest...)
		}
		start := len(b)
		b = cw.appendCellRest(b, c, style)
		memo.ok, memo.style, memo.kind, memo.value = true, style, c.Kind, c.Value
		memo.rest = append(memo.rest[:0], b[start:]...)
		return b
	}
	return cw.appendCellRest(b, c, style)
}

// maxMemoCol bounds the columns whose last cell is remembered.
const maxMemoCol = 64

// cellMemo is the text of a column's last cell after its reference.
type cellMemo struct {
	ok    bool
	style int
	kind  Kind
	value string
	rest  []byte
}

// appendCellRest appends a cell's text after its reference: style, type, value.
func (cw *cellWriter) appendCellRest(b []byte, c *OutCell, style int) []byte {
	p := cw.prefix
	if style > 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
		b = append(b, '"')
	}
	switch c.Kind {
	case Blank:
		if c.Formula == "" {
			return append(b, "/>"...)
		}
		b = append(b, '>')
	case Number:
		b = append(b, '>')
	case SharedIndex:
		b = append(b, ` t="s">`...)
	case Bool:
		b = append(b, ` t="b">`...)
	case Error:
		b = append(b, ` t="e">`...)
	case Text:
		if c.Formula != "" {
			b = append(b, ` t="str">`...)
		} else {
			b = append(b, ` t="inlineStr"><`...)
			b = append(b, p...)
			b = append(b, `is><`...)
			b = append(b, p...)
			b = append(b, "t"...)
			if needsPreserve(c.Value) {
				b = append(b, ` xml:space="preserve"`...)
			}
			b = append(b, '>')
			b = appendEscaped(b, c.Value)
			b = append(b, "</"...)
			b = append(b, p...)
			b = append(b, "t></"...)
			b = append(b, p...)
			b = append(b, "is></"...)
			b = append(b, p...)
			return append(b, "c>"...)
		}
	}
	if c.Formula != "" {
		b = append(b, '<')
		b = append(b, p...)
		b = append(b, "f>"...)
		b = appendEscaped(b, c.Formula)
		b = append(b, "</"...)
		b = append(b, p...)
		b = append(b, "f>"...)
	}
	if c.Kind != Blank {
		b = append(b, '<')
		b = append(b, p...)
		b = append(b, "v>"...)
		b = appendEscaped(b, c.Value)
		b = append(b, "</"...)
		b = append(b, p...)
		b = append(b, "v>"...)
	}
	b = append(b, "</"...)
	b = append(b, p...)
	return append(b, "c>"...)
}

func needsPreserve(s string) bool {
	return s != "" && (isSpace(s[0]) || isSpace(s[len(s)-1]))
}

// appendEscaped appends s escaped for XML text and attribute values; characters
// XML 1.0 cannot carry are dropped.
func appendEscaped(b []byte, s string) []byte {
	// the usual case: nothing to escape (valid UTF-8 passes as it is, save the
	// two non-characters XML forbids)
	plain, ascii := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			ascii = false
		} else if c < 0x20 || c == '&' || c == '<' || c == '>' || c == '"' {
			plain = false
			break
		}
	}
	if plain && (ascii || utf8.ValidString(s) && !strings.Contains(s, "\uFFFE") && !strings.Contains(s, "\uFFFF")) {
		return append(b, s...)
	}
	for _, r := range s {
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\t' || r == '\n' || r == '\r':
			b = append(b, byte(r))
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			// not representable in XML 1.0
		default:
			b = append(b, string(r)...)
		}
	}
	return b
}

// Escape returns s escaped for XML.
func Escape(s string) string { return string(appendEscaped(nil, s)) }

// PartEdit rewrites one part: it reads the old part (nil for a new part) and writes
// the new one.
type PartEdit func(old io.Reader, w io.Writer) error

// Options for Rewrite.
type RewriteOptions struct {
	// Edits replace parts by name (the part need not exist: then old is nil and
	// the part is added at the end).
	Edits map[string]PartEdit
	// Order lists new parts to add in this order (deterministic output).
	Order []string
	// Recompress rewrites every unchanged part too (with Modified set to
	// ModTime) instead of copying its compressed bytes: used for reports built
	// from templates, so that outputs do not depend on when the template was saved.
	Recompress bool
	// ModTime stamps rewritten entries (zero: the original entry's time, or
	// 1980-01-01 for new parts).
	ModTime time.Time
	// Level is the deflate level for rewritten parts (0: 5).
	Level int
	// Spools replace parts by name with parts compressed ahead of time.
	Spools map[string]*Spool
}

// Rewrite writes a new package to w: every part copied byte for byte (compressed
// bytes copied raw) except those edited.
func (b *Book) Rewrite(w io.Writer, opt RewriteOptions) error {
	zw := zip.NewWriter(w)
	level := opt.Level
	if level == 0 {
		level = 5
	}
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return kflate.NewWriter(out, level)
	})
	stamp := func(orig time.Time) time.Time {
		if !opt.ModTime.IsZero() {
			return opt.ModTime
		}
		if orig.IsZero() || orig.Year() < 1980 {
			// (a zip entry without a date reads as November 30, 1979)
			return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return orig
	}
	done := map[string]bool{}
	files := b.zr.File
	if opt.Recompress {
		// Conventional order: [Content_Types].xml first (file-type sniffers look
		// there), then the package relationships, then the rest by name.
		files = append([]*zip.File(nil), files...)
		rank := func(n string) string {
			switch n {
			case "[Content_Types].xml":
				return "0"
			case "_rels/.rels":
				return "1"
			}
			return "2" + n
		}
		sort.Slice(files, func(i, j int) bool { return rank(files[i].Name) < rank(files[j].Name) })
	}
	for _, f := range files {
		name := f.Name
		if sp, ok := opt.Spools[name]; ok {
			if err := writeSpool(zw, name, stamp(f.Modified), sp, level); err != nil {
				return err
			}
			continue
		}
		edit, ok := opt.Edits[name]
		if !ok && !opt.Recompress {
			if err := copyRaw(zw, f); err != nil {
				return err
			}
			continue
		}
		done[name] = true
		rc, err := b.openPart(name, MaxPartSize)
		if err != nil {
			return err
		}
		// the edit (a sheet rewrite) writes the part, or places one it
		// compressed ahead
		pw := &partWriter{zw: zw, name: name, mod: stamp(f.Modified), level: level}
		if ok {
			err = edit(rc, pw)
		} else {
			_, err = io.Copy(pw, rc)
		}
		if cerr := pw.close(); err == nil {
			err = cerr
		}
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	for _, name := range opt.Order {
		if done[name] {
			continue
		}
		edit, ok := opt.Edits[name]
		if !ok {
			return fmt.Errorf("new part %s has no content", name)
		}
		fh := &zip.FileHeader{Name: name, Method: zip.Deflate}
		fh.Modified = stamp(time.Time{})
		dst, err := zw.CreateHeader(fh)
		if err != nil {
			return err
		}
		if err := edit(nil, dst); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return zw.Close()
}

// SpoolSheet streams the worksheet sh through t into a Spool compressed at
// level, for Rewrite to place (RewriteOptions.Spools): what the transform
// finds (the cell formats its rows need) is known before any part of the
// package is written. The caller discards the spool.
func (b *Book) SpoolSheet(sh Sheet, t Transformer, level int) (*Spool, error) {
	st := &spoolTarget{level: level}
	if err := b.TransformSheet(sh, st, t); err != nil {
		if st.sp != nil {
			st.sp.Discard()
		}
		return nil, err
	}
	if st.sp == nil {
		// the sheet was small enough to be held in memory: spool it now
		sp, err := NewSpool("", level)
		if err != nil {
			return nil, err
		}
		if _, err := sp.Write(st.mem); err != nil {
			sp.Discard()
			return nil, err
		}
		if err := sp.Finish(); err != nil {
			sp.Discard()
			return nil, err
		}
		st.sp = sp
	}
	return st.sp, nil
}

// spoolTarget is what SpoolSheet hands TransformSheet: the spool of a sheet
// that spilled, placed whole with its head, else the sheet's bytes.
type spoolTarget struct {
	level int
	sp    *Spool
	mem   []byte
}

func (s *spoolTarget) Write(p []byte) (int, error) {
	s.mem = append(s.mem, p...)
	return len(p), nil
}

// SheetPart returns a PartEdit that streams the worksheet sh through t.
func (b *Book) SheetPart(sh Sheet, t Transformer) PartEdit {
	return func(_ io.Reader, w io.Writer) error { return b.TransformSheet(sh, w, t) }
}
