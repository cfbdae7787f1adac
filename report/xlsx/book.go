// Package xlsx reads and rewrites the parts of an .xlsx workbook that covenant needs,
// as streams: a worksheet's rows are read one at a time from the package's XML and a
// worksheet can be rewritten row by row into a new package, every other part copied
// byte for byte. It exists because a ledger may hold a million PO lines: excelize
// (used for everything structural) holds a sheet in memory to change it.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	kflate "github.com/klauspost/compress/flate"
)

// Limits that keep a hostile package from exhausting memory or disk.
const (
	// MaxPartSize is the most a single part may inflate to (a zip bomb is refused).
	MaxPartSize = 4 << 30
	// maxSmallPart bounds parts read whole (workbook, styles, relationships).
	maxSmallPart = 64 << 20
	// maxSharedStrings bounds the shared-string table, which is held in memory.
	maxSharedStrings = 1 << 30
)

// ErrEncrypted is returned for a password-protected workbook (an OLE compound file).
var ErrEncrypted = errors.New("the workbook is password-protected (encrypted)")

// Sheet describes one worksheet of a workbook.
type Sheet struct {
	Name   string
	Part   string // e.g. "xl/worksheets/sheet1.xml"
	Hidden bool
}

// Book is an open .xlsx (or .xlsm) package.
type Book struct {
	Path     string
	zr       *zip.Reader
	closer   io.Closer
	files    map[string]*zip.File
	Sheets   []Sheet
	Date1904 bool
	sst      []string
	sstDone  bool
	dateXf   []bool // cellXfs index -> number format shows a date or time
	numFmt   []int  // cellXfs index -> numFmtId
	timeXf   []bool // cellXfs index -> number format shows a time of day
	looks    []Look // cellXfs index -> what the format shows (StyleLook)
	// fmtCodes are the styles part's own number formats, by numFmtId
	fmtCodes map[int]string
	// defaultFont is the size of the workbook's default font (points)
	defaultFont float64
	// stylesPart is the styles part's name ("" when the package has none)
	stylesPart string
	stylesOK   bool
}

// Open opens the workbook at path.
func Open(p string) (*Book, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	b, err := openReaderAt(f, st.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	b.Path = p
	b.closer = f
	return b, nil
}

// OpenBytes opens a workbook held in memory.
func OpenBytes(data []byte) (*Book, error) {
	return openReaderAt(bytes.NewReader(data), int64(len(data)))
}

func openReaderAt(r io.ReaderAt, size int64) (*Book, error) {
	var magic [4]byte
	if n, _ := r.ReadAt(magic[:], 0); n < 4 || !bytes.Equal(magic[:4], []byte("PK\x03\x04")) {
		return nil, notZip(r, size)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("the file is damaged: its zip directory cannot be read (%v); was it cut off while being copied, downloaded or saved? Save the workbook again from Excel, or take a fresh copy", err)
	}
	// klauspost's inflate is about twice as fast as the standard library's.
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return kflate.NewReader(r) })
	b := &Book{zr: zr, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		b.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	if err := b.readWorkbook(); err != nil {
		return nil, err
	}
	// Every sheet needs the shared strings and the styles: a problem with them
	// is the whole file's, reported once when it is opened.
	if _, err := b.sharedStrings(); err != nil {
		return nil, err
	}
	if err := b.loadStyles(); err != nil {
		return nil, err
	}
	return b, nil
}

// Close releases the file.
func (b *Book) Close() error {
	if b.closer != nil {
		return b.closer.Close()
	}
	return nil
}

// Files lists the package's zip entries in order.
func (b *Book) Files() []*zip.File { return b.zr.File }

// HasPart reports whether the package holds the named part.
func (b *Book) HasPart(name string) bool { _, ok := b.files[name]; return ok }

// openPart opens a part for reading with the size limit enforced while inflating.
func (b *Book) openPart(name string, limit int64) (io.ReadCloser, error) {
	f, ok := b.files[name]
	if !ok {
		return nil, fmt.Errorf("the package has no part %s", name)
	}
	if err := checkPart(f, "part "+name, limit); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, damaged("part "+name, err)
	}
	return &limitedReadCloser{rc: rc, left: limit, name: "part " + name}, nil
}

type limitedReadCloser struct {
	rc   io.ReadCloser
	left int64
	name string
}

func (l *limitedReadCloser) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, fmt.Errorf("%s expands beyond the size covenant reads: refused (a \"zip bomb\"?)", l.name)
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	if err != nil && err != io.EOF {
		err = damaged(l.name, err)
	}
	return n, err
}

func (l *limitedReadCloser) Close() error { return l.rc.Close() }

func (b *Book) readPart(name string) ([]byte, error) {
	rc, err := b.openPart(name, maxSmallPart)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte("<!ENTITY")) {
		return nil, fmt.Errorf("the part %s declares XML entities, which a workbook never needs (it is how \"XML bombs\" and data-stealing files work): refused", name)
	}
	return data, nil
}

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
		Type   string `xml:"Type,attr"`
		Mode   string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// rels reads the relationships of a part; targets are resolved to part names.
func (b *Book) rels(part string) (map[string]string, error) {
	dir, file := path.Split(part)
	name := dir + "_rels/" + file + ".rels"
	if _, ok := b.files[name]; !ok {
		return map[string]string{}, nil
	}
	data, err := b.readPart(name)
	if err != nil {
		return nil, err
	}
	var r relationships
	if err := xml.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("part %s: %v", name, err)
	}
	out := map[string]string{}
	for _, rel := range r.Rels {
		if rel.Mode == "External" {
			continue
		}
		t := rel.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Clean(dir + t)
		}
		out[rel.ID] = t
	}
	return out, nil
}

// WorkbookPart is the main part's name, found through the package relationships.
func (b *Book) WorkbookPart() string {
	r, err := b.rels("")
	if err == nil {
		for _, t := range r {
			if strings.HasSuffix(t, "workbook.xml") || strings.HasSuffix(t, ".xml") && strings.Contains(t, "workbook") {
				return t
			}
		}
	}
	return "xl/workbook.xml"
}

func (b *Book) readWorkbook() error {
	wbPart := b.WorkbookPart()
	data, err := b.readPart(wbPart)
	if err != nil {
		if _, ok := b.files[wbPart]; !ok {
			return b.notWorkbook()
		}
		return err
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(data, &wb); err != nil {
		return fmt.Errorf("the workbook part is not valid XML: %v", err)
	}
	b.Date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	rels, err := b.rels(wbPart)
	if err != nil {
		return err
	}
	for _, s := range wb.Sheets {
		part := rels[s.RID]
		b.Sheets = append(b.Sheets, Sheet{Name: s.Name, Part: part, Hidden: s.State == "hidden" || s.State == "veryHidden"})
	}
	// A zip bomb is refused when the workbook is opened, naming its sheet.
	for _, s := range b.Sheets {
		if f := b.files[s.Part]; f != nil {
			if err := checkPart(f, b.partName(s.Part), MaxPartSize); err != nil {
				return err
			}
		}
	}
	return nil
}

// Sheet finds a worksheet by name, ignoring case and surrounding spaces.
func (b *Book) Sheet(name string) (Sheet, bool) {
	want := strings.ToLower(strings.TrimSpace(name))
	for _, s := range b.Sheets {
		if strings.ToLower(strings.TrimSpace(s.Name)) == want && s.Part != "" {
			if _, ok := b.files[s.Part]; ok {
				return s, true
			}
		}
	}
	return Sheet{}, false
}

// SharedStringsPart names the shared-string part and how many strings it holds
// ("" when the workbook has none).
func (b *Book) SharedStringsPart() (part string, count int, err error) {
	rels, err := b.rels(b.WorkbookPart())
	if err != nil {
		return "", 0, err
	}
	for _, t := range rels {
		if strings.HasSuffix(strings.ToLower(t), "sharedstrings.xml") {
			part = t
		}
	}
	if part == "" {
		return "", 0, nil
	}
	sst, err := b.sharedStrings()
	return part, len(sst), err
}

func (b *Book) sharedStrings() ([]string, error) {
	if b.sstDone {
		return b.sst, nil
	}
	b.sstDone = true
	part := ""
	rels, err := b.rels(b.WorkbookPart())
	if err != nil {
		return nil, err
	}
	for _, t := range rels {
		if strings.HasSuffix(strings.ToLower(t), "sharedstrings.xml") {
			part = t
		}
	}
	if part == "" {
		return nil, nil
	}
	rc, err := b.openPart(part, maxSharedStrings)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sc := newSheetScanner(rc)
	// Reuse the tag reader: collect each <si>...</si>.
	var cur []byte
	in := false
	for {
		chunk, err := sc.readTag()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the shared strings (part %s): %v", part, err)
		}
		if bytes.Contains(chunk, []byte("<!ENTITY")) {
			return nil, fmt.Errorf("the shared strings (part %s) declare XML entities, which a workbook never needs (it is how \"XML bombs\" and data-stealing files work): refused", part)
		}
		name, _, closing, self, _ := tagOf(chunk)
		if string(name) == "si" {
			switch {
			case self && !closing:
				b.sst = append(b.sst, "")
			case !closing:
				in = true
				cur = cur[:0]
			default:
				cur = append(cur, chunk...)
				s, err := inlineText(cur)
				if err != nil {
					return nil, fmt.Errorf("shared string %d: %v", len(b.sst), err)
				}
				b.sst = append(b.sst, s)
				in = false
			}
			continue
		}
		if in {
			cur = append(cur, chunk...)
		}
	}
	return b.sst, nil
}

// builtinDate lists the built-in number formats that show dates or times.
func builtinDate(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// IsDateFormat reports whether a custom number format code shows a date or time:
// it has d, m, y, h or s outside quoted text, escapes and [brackets] (elapsed
// time brackets such as [h] count).
func IsDateFormat(code string) bool { return formatShows(code, "dmyhs", "hms") }

// formatShows reports whether the first section of a number format code (the
// positive numbers') has one of letters outside quoted text, escapes and
// [brackets], or a bracket of elapsed time ([h], [mm]) made of elapsed's
// letters only.
func formatShows(code, letters, elapsed string) bool {
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			e := strings.IndexByte(code[i:], ']')
			if e < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+e])
			if inner != "" && strings.Trim(inner, "hms") == "" && strings.ContainsAny(inner, elapsed) {
				return true
			}
			i += e
		case c == ';':
			return false
		case strings.IndexByte(letters, c|0x20) >= 0:
			return true
		}
	}
	return false
}

func (b *Book) loadStyles() error {
	if b.stylesOK {
		return nil
	}
	b.stylesOK = true
	part := ""
	rels, err := b.rels(b.WorkbookPart())
	if err != nil {
		return err
	}
	for _, t := range rels {
		if strings.HasSuffix(strings.ToLower(t), "styles.xml") {
			part = t
		}
	}
	if part == "" {
		return nil
	}
	b.stylesPart = part
	data, err := b.readPart(part)
	if err != nil {
		return err
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Fonts []styleFont `xml:"fonts>font"`
		Xfs   []struct {
			NumFmtID  int `xml:"numFmtId,attr"`
			FontID    int `xml:"fontId,attr"`
			Alignment struct {
				WrapText string `xml:"wrapText,attr"`
			} `xml:"alignment"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("styles part is not valid XML: %v", err)
	}
	custom := map[int]string{}
	for _, n := range st.NumFmts {
		custom[n.ID] = n.Code
	}
	b.fmtCodes = custom
	b.defaultFont = defaultFontSize
	if len(st.Fonts) > 0 {
		b.defaultFont = st.Fonts[0].size(defaultFontSize)
	}
	for _, x := range st.Xfs {
		isDate, isTime := builtinDate(x.NumFmtID), builtinTime(x.NumFmtID)
		code, ok := custom[x.NumFmtID]
		if ok {
			isDate, isTime = IsDateFormat(code), showsTime(code)
		} else {
			code = builtinFormats[x.NumFmtID]
		}
		b.dateXf = append(b.dateXf, isDate)
		b.timeXf = append(b.timeXf, isTime)
		b.numFmt = append(b.numFmt, x.NumFmtID)
		lk := Look{NumFmt: x.NumFmtID, Code: code, Date: isDate, Time: isTime, FontSize: b.defaultFont, Wrap: xmlTrue(x.Alignment.WrapText)}
		if x.FontID >= 0 && x.FontID < len(st.Fonts) {
			lk.FontSize, lk.Bold = st.Fonts[x.FontID].size(b.defaultFont), st.Fonts[x.FontID].bold()
		}
		b.looks = append(b.looks, lk)
	}
	return nil
}

// Kind is the type of a cell's value.
type Kind uint8

// Cell kinds.
const (
	Blank   Kind = iota
	Number       // Text holds the number as written (e.g. "1234.5", "4.2E-3")
	Text         // a string (shared, inline or a formula's string result)
	Bool         // Text "1" or "0"
	Error        // Text is the error value, e.g. "#REF!"
	ISODate      // t="d": Text is an ISO 8601 date-time
	// SharedIndex is only written: Text is an index into the shared strings.
	SharedIndex
)

// Cell is one cell's value as read.
type Cell struct {
	Col     int
	Kind    Kind
	Text    string
	Style   int
	Formula bool
	// Date is true when a Number cell's style shows it as a date or time.
	Date bool
}

// Row is one row of a worksheet; Cells hold only the non-empty cells, in column
// order.
type Row struct {
	Num    int
	Hidden bool
	Cells  []Cell
}

// ReadRows calls fn for each row of the sheet, in order. fn must not keep row.
func (b *Book) ReadRows(sh Sheet, fn func(row *Row) error) error {
	sst, rc, sc, _, err := b.openSheet(sh)
	if err != nil {
		return err
	}
	defer rc.Close()
	if f := b.files[sh.Part]; f != nil && f.UncompressedSize64 >= pipelineMin {
		return b.readRowsPipelined(sh, sc, sst, fn)
	}
	var row Row
	dec := rowDecoder{b: b, sh: sh, sst: sst}
	for {
		ok, err := dec.next(sc, &row)
		if err != nil || !ok {
			return err
		}
		if err := fn(&row); err != nil {
			return err
		}
	}
}

// pipelineMin is the sheet size from which reading runs on its own goroutine.
const pipelineMin = 4 << 20

// rowDecoder turns the scanner's rows into decoded Rows.
type rowDecoder struct {
	in   *interner
	b    *Book
	sh   Sheet
	sst  []string
	ri   rowInfo
	prev int
}

// next decodes the next row into row; false at the end of the rows.
func (d *rowDecoder) next(sc *sheetScanner, row *Row) (bool, error) {
	rb, err := sc.Next()
	if err != nil {
		return false, &ReadError{Sheet: d.sh.Name, After: d.prev, Err: err}
	}
	if rb == nil {
		return false, nil
	}
	ri := &d.ri
	if err := parseRow(rb, d.prev, ri); err != nil {
		return false, &ReadError{Sheet: d.sh.Name, Row: d.prev + 1, Err: err}
	}
	if ri.num <= d.prev {
		return false, &ReadError{Sheet: d.sh.Name, Err: fmt.Errorf("row %d is stored after row %d: the rows are out of order, so the file is damaged; open it in Excel and save it again", ri.num, d.prev)}
	}
	d.prev = ri.num
	row.Num = ri.num
	row.Hidden = ri.hidden
	row.Cells = row.Cells[:0]
	for i := range ri.cells {
		c, err := d.b.decodeCell(&ri.cells[i], d.sst, d.in)
		if err != nil {
			return false, &ReadError{Sheet: d.sh.Name, Row: ri.num, Col: ri.cells[i].col, Err: err}
		}
		if c.Kind == Blank && !c.Formula {
			continue
		}
		row.Cells = append(row.Cells, c)
	}
	return true, nil
}

type rowBatch struct {
	rows []Row
	n    int
	err  error
}

// readRowsPipelined inflates, scans and decodes on one goroutine while fn runs on
// the caller's, handing rows over in batches.
func (b *Book) readRowsPipelined(sh Sheet, sc *sheetScanner, sst []string, fn func(row *Row) error) error {
	const batchRows = 512
	batches := make(chan *rowBatch, 2)
	free := make(chan *rowBatch, 4)
	stop := make(chan struct{})
	for i := 0; i < 4; i++ {
		free <- &rowBatch{rows: make([]Row, batchRows)}
	}
	go func() {
		defer close(batches)
		dec := rowDecoder{b: b, sh: sh, sst: sst, in: new(interner)}
		for {
			var bt *rowBatch
			select {
			case bt = <-free:
			case <-stop:
				return
			}
			bt.n, bt.err = 0, nil
			end := false
			for bt.n < batchRows {
				ok, err := dec.next(sc, &bt.rows[bt.n])
				if err != nil {
					bt.err = err
					end = true
					break
				}
				if !ok {
					end = true
					break
				}
				bt.n++
			}
			select {
			case batches <- bt:
			case <-stop:
				return
			}
			if end {
				return
			}
		}
	}()
	finish := func() {
		close(stop)
		for range batches { // wait for the reader to stop before the part is closed
		}
	}
	for bt := range batches {
		for i := 0; i < bt.n; i++ {
			if err := fn(&bt.rows[i]); err != nil {
				finish()
				return err
			}
		}
		if bt.err != nil {
			finish()
			return bt.err
		}
		free <- bt
	}
	return nil
}

// decodeCell decodes a parsed cell; in (nil: none) reuses repeating strings.
func (b *Book) decodeCell(rc *rawCell, sst []string, in *interner) (Cell, error) {
	c := Cell{Col: rc.col, Style: rc.style, Formula: rc.hasFormula}
	switch string(rc.typ) {
	case "s":
		if len(rc.value) == 0 {
			return c, nil
		}
		i, err := strconv.Atoi(string(bytes.TrimSpace(rc.value)))
		if err != nil || i < 0 || i >= len(sst) {
			return c, fmt.Errorf("the cell refers to shared text number %q, which the workbook does not have: the file is damaged; open it in Excel and save it again", rc.value)
		}
		c.Kind, c.Text = Text, sst[i]
	case "inlineStr":
		if rc.inline == nil {
			return c, nil
		}
		if t, ok := plainInline(rc.inline); ok {
			c.Kind, c.Text = Text, in.str(t)
			break
		}
		s, err := inlineText(rc.inline)
		if err != nil {
			return c, err
		}
		c.Kind, c.Text = Text, s
	case "str":
		s, err := unescape(rc.value)
		if err != nil {
			return c, err
		}
		c.Kind, c.Text = Text, s
	case "b":
		c.Kind, c.Text = Bool, strings.TrimSpace(string(rc.value))
	case "e":
		c.Kind, c.Text = Error, strings.TrimSpace(string(rc.value))
	case "d":
		c.Kind, c.Text = ISODate, strings.TrimSpace(string(rc.value))
	case "", "n":
		if len(rc.value) == 0 {
			return c, nil
		}
		v := in.str(bytes.TrimSpace(rc.value))
		if !plausibleNumber(v) {
			return c, fmt.Errorf("the stored number %q is not a number: the file is damaged; open it in Excel and save it again", truncate([]byte(v)))
		}
		c.Kind, c.Text = Number, v
		if rc.style < len(b.dateXf) {
			c.Date = b.dateXf[rc.style]
		}
	default:
		return c, fmt.Errorf("the cell has the unknown type %q: the file is damaged; open it in Excel and save it again", truncate(rc.typ))
	}
	if len(c.Text) > MaxCellText {
		if n := utf8.RuneCountInString(c.Text); n > MaxCellText {
			return c, fmt.Errorf("the cell holds %s characters of text; Excel allows at most 32,767 in a cell (was something pasted into it by mistake?)", thousands(n))
		}
	}
	return c, nil
}

// plausibleNumber is a quick check of a <v> number's characters; readers parse it
// fully (decimal or float) when they use it.
func plausibleNumber(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'E' || c == 'e') {
			return false
		}
	}
	return true
}
