package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// fastPaths turns on the shortcuts for the usual spellings of cells; tests turn
// it off to hold them to the general reading.
var fastPaths = true

// maxRowBytes bounds one <row> element: 16,384 cells of 32,767 characters would be
// larger, but no real ledger row comes near; a larger one is refused, not buffered.
const maxRowBytes = 64 << 20

// sheetScanner splits a worksheet part into the bytes before the rows (head), each
// <row> element, and the bytes after </sheetData> (tail), without building a tree.
// XML text never holds a raw '<', so a row ends at the first "</row>" tag after it
// starts; the scanner reads tag by tag with bufio and never holds more than a row.
type sheetScanner struct {
	br     *bufio.Reader
	prefix []byte // namespace prefix of the sheet's elements with its colon ("x:"), usually empty
	head   []byte
	tail   []byte
	state  int // 0 head, 1 rows, 2 done
	// the window of rows not yet returned: win[pos:]
	win                          []byte
	pos                          int
	openRow, closeRow, closeData []byte
}

func newSheetScanner(r io.Reader) *sheetScanner {
	return &sheetScanner{br: bufio.NewReaderSize(r, 256<<10)}
}

// readTag returns the bytes up to and including the next '>' (text before a tag is
// part of the returned slice). The slice is valid until the next call.
func (s *sheetScanner) readTag() ([]byte, error) {
	b, err := s.br.ReadSlice('>')
	if err == bufio.ErrBufferFull {
		acc := append([]byte(nil), b...)
		for err == bufio.ErrBufferFull {
			if len(acc) > maxRowBytes {
				return nil, errors.New("an XML element is larger than 64 MB")
			}
			b, err = s.br.ReadSlice('>')
			acc = append(acc, b...)
		}
		b = acc
	}
	return b, err
}

// localName returns the element name of a tag chunk "...<x:name attrs>" and its
// prefix ("x:"), or nil when the chunk holds no tag start.
func tagOf(chunk []byte) (name, prefix []byte, closing, selfClosing bool, start int) {
	i := bytes.LastIndexByte(chunk, '<')
	if i < 0 || i+1 >= len(chunk) {
		return nil, nil, false, false, -1
	}
	start = i
	j := i + 1
	if chunk[j] == '/' {
		closing = true
		j++
	}
	k := j
	for k < len(chunk) && !isSpace(chunk[k]) && chunk[k] != '>' && chunk[k] != '/' {
		k++
	}
	full := chunk[j:k]
	if c := bytes.IndexByte(full, ':'); c >= 0 {
		prefix = full[:c+1]
		name = full[c+1:]
	} else {
		name = full
	}
	selfClosing = len(chunk) >= 2 && chunk[len(chunk)-2] == '/'
	return name, prefix, closing, selfClosing, start
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

var nameSheetData = []byte("sheetData")

// Head reads up to and including the <sheetData> start tag. A sheet with an empty
// <sheetData/> has no rows: its whole remaining text is the tail.
func (s *sheetScanner) Head() ([]byte, error) {
	var head []byte
	for {
		chunk, err := s.readTag()
		if err != nil {
			if err == io.EOF {
				return nil, errors.New("the worksheet has no <sheetData> element")
			}
			return nil, err
		}
		head = append(head, chunk...)
		if len(head) > maxRowBytes {
			return nil, errors.New("the worksheet's settings before its rows are larger than 64 MB")
		}
		name, prefix, closing, self, start := tagOf(chunk)
		if !closing && bytes.Equal(name, nameSheetData) {
			s.prefix = append([]byte(nil), prefix...)
			if self {
				// only white space may stand between the name and "/>"
				if between := chunk[start+1+len(prefix)+len(name) : len(chunk)-2]; len(bytes.TrimSpace(between)) != 0 {
					return nil, fmt.Errorf("malformed <sheetData> element %q", truncate(chunk[start:]))
				}
				// <sheetData/>: split it open so writers can add rows.
				head = head[:len(head)-2]
				head = append(head, '>')
				s.state = 2
				s.tail = append([]byte("</"+string(prefix)+"sheetData>"), nil...)
				rest, err := readRest(s.br)
				if err != nil {
					return nil, err
				}
				s.tail = append(s.tail, rest...)
			} else {
				s.state = 1
			}
			s.head = head
			return head, nil
		}
	}
}

// Next returns the next <row> element's bytes (valid until the next call), or nil at
// </sheetData>, after which Tail returns the rest of the part. It searches a large
// window for the row's end tag, one search a row, instead of reading tag by tag.
func (s *sheetScanner) Next() ([]byte, error) {
	if s.state != 1 {
		return nil, nil
	}
	if s.closeRow == nil {
		s.closeRow = []byte("</" + string(s.prefix) + "row>")
		s.openRow = []byte("<" + string(s.prefix) + "row")
		s.closeData = []byte("</" + string(s.prefix) + "sheetData>")
	}
	for {
		// skip white space (and comments) between rows
		for {
			for s.pos < len(s.win) && isSpace(s.win[s.pos]) {
				s.pos++
			}
			if s.pos+len(s.closeData) > len(s.win) {
				if err := s.more(); err != nil {
					return nil, err
				}
				continue
			}
			if bytes.HasPrefix(s.win[s.pos:], []byte("<!--")) {
				e := bytes.Index(s.win[s.pos:], []byte("-->"))
				if e < 0 {
					if err := s.more(); err != nil {
						return nil, err
					}
					continue
				}
				s.pos += e + 3
				continue
			}
			break
		}
		w := s.win[s.pos:]
		switch {
		case bytes.HasPrefix(w, s.closeData):
			s.state = 2
			s.tail = append(s.tail[:0], w...)
			rest, err := readRest(s.br)
			if err != nil {
				return nil, err
			}
			s.tail = append(s.tail, rest...)
			s.win = s.win[:0]
			s.pos = 0
			return nil, nil
		case bytes.HasPrefix(w, s.openRow) && len(w) > len(s.openRow) && (isSpace(w[len(s.openRow)]) || w[len(s.openRow)] == '>' || w[len(s.openRow)] == '/'):
		default:
			return nil, fmt.Errorf("unexpected %q inside <sheetData>", truncate(w))
		}
		// the start tag: row attributes never hold '>'
		searched := 0
		for {
			w = s.win[s.pos:]
			te := bytes.IndexByte(w[searched:], '>')
			if te < 0 {
				searched = len(w)
				if err := s.more(); err != nil {
					return nil, err
				}
				continue
			}
			te += searched
			if w[te-1] == '/' {
				s.pos += te + 1
				return w[:te+1], nil
			}
			searched = te + 1
			break
		}
		for {
			w = s.win[s.pos:]
			e := indexCloseRow(w[searched:], s.closeRow)
			if e >= 0 {
				end := searched + e + len(s.closeRow)
				s.pos += end
				return w[:end], nil
			}
			if len(w) > maxRowBytes {
				return nil, errors.New("a row is larger than 64 MB")
			}
			if n := len(w) - len(s.closeRow); n > searched {
				searched = n
			}
			if err := s.more(); err != nil {
				return nil, err
			}
		}
	}
}

// readRest reads what follows </sheetData> (merged cells, validations, page
// setup), which is held in memory: more than 64 MB of it is refused.
func readRest(r io.Reader) ([]byte, error) {
	rest, err := io.ReadAll(io.LimitReader(r, maxRowBytes+1))
	if err == nil && len(rest) > maxRowBytes {
		err = errors.New("the worksheet's settings after its rows are larger than 64 MB")
	}
	return rest, err
}

// more reads more of the part into the window, keeping the unread bytes.
func (s *sheetScanner) more() error {
	if s.pos > 0 {
		n := copy(s.win, s.win[s.pos:])
		s.win = s.win[:n]
		s.pos = 0
	}
	if len(s.win) > maxRowBytes {
		return errors.New("an XML element is larger than 64 MB")
	}
	// keep at least the bufio buffer's size free, so that bufio reads straight into
	// the window instead of copying every byte once more
	if cap(s.win)-len(s.win) < 256<<10 {
		nw := make([]byte, len(s.win), 2*cap(s.win)+(1<<20))
		copy(nw, s.win)
		s.win = nw
	}
	n, err := s.br.Read(s.win[len(s.win):cap(s.win)])
	s.win = s.win[:len(s.win)+n]
	if n > 0 {
		return nil
	}
	if err == io.EOF {
		return errors.New("the sheet's XML ends before its last row: the file is damaged or was cut off; open it in Excel (which may repair it) and save it again")
	}
	if err == nil {
		return nil
	}
	return err
}

// Tail returns the bytes from </sheetData> to the end of the part.
func (s *sheetScanner) Tail() []byte { return s.tail }

// attr finds attribute name in a start tag's bytes (local name match, so "r" does
// not match "xr:r"... only an unprefixed attribute). It returns the raw value.
func attr(tag []byte, name string) ([]byte, bool) {
	i := 0
	for {
		j := bytes.Index(tag[i:], []byte(name))
		if j < 0 {
			return nil, false
		}
		j += i
		k := j + len(name)
		if j > 0 && isSpace(tag[j-1]) {
			// skip spaces before '='
			for k < len(tag) && isSpace(tag[k]) {
				k++
			}
			if k < len(tag) && tag[k] == '=' {
				k++
				for k < len(tag) && isSpace(tag[k]) {
					k++
				}
				if k < len(tag) && (tag[k] == '"' || tag[k] == '\'') {
					q := tag[k]
					e := bytes.IndexByte(tag[k+1:], q)
					if e < 0 {
						return nil, false
					}
					return tag[k+1 : k+1+e], true
				}
			}
		}
		i = j + len(name)
	}
}

// rawCell is one <c> element of a row, located in the row's bytes.
type rawCell struct {
	col        int // 1-based
	start, end int // span of the whole element in the row bytes
	typ        []byte
	style      int
	value      []byte // raw text of <v> (escaped)
	inline     []byte // raw inner XML of <is>, if any
	formula    []byte // raw text of <f> (escaped); nil when none
	hasFormula bool
}

// rowInfo is a parsed <row> element.
type rowInfo struct {
	num      int
	tagEnd   int // index just past the start tag
	self     bool
	hidden   bool
	cells    []rawCell
	startTag []byte
}

// parseRow parses row bytes. prevRow is the previous row's number (rows without r
// follow it).
func parseRow(b []byte, prevRow int, ri *rowInfo) error {
	ri.cells = ri.cells[:0]
	te := bytes.IndexByte(b, '>')
	if te < 1 {
		return errors.New("malformed <row>")
	}
	ri.startTag = b[:te+1]
	ri.tagEnd = te + 1
	ri.self = b[te-1] == '/'
	ri.num = prevRow + 1
	ri.hidden = false
	for i := 0; ; {
		name, val, next, ok := nextAttr(ri.startTag, i)
		if !ok {
			break
		}
		i = next
		switch string(name) {
		case "r":
			n, ok := atoiBytes(val)
			if !ok || n < 1 || n > MaxRows {
				return fmt.Errorf("row number %q is not valid", val)
			}
			ri.num = n
		case "hidden":
			ri.hidden = string(val) == "1" || string(val) == "true"
		}
	}
	if ri.self {
		return nil
	}
	pos := ri.tagEnd
	prevCol := 0
	for {
		i := bytes.IndexByte(b[pos:], '<')
		if i < 0 {
			return errors.New("malformed <row>: no end tag")
		}
		pos += i
		// element name
		j := pos + 1
		closing := false
		if j < len(b) && b[j] == '/' {
			closing = true
			j++
		}
		k := j
		for k < len(b) && !isSpace(b[k]) && b[k] != '>' && b[k] != '/' {
			k++
		}
		name := b[j:k]
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		if closing {
			if string(name) == "row" {
				return nil
			}
			return fmt.Errorf("malformed <row>: unexpected </%s>", name)
		}
		if string(name) != "c" {
			// extLst or other: skip the element
			end, err := skipElement(b, pos)
			if err != nil {
				return err
			}
			pos = end
			continue
		}
		var c rawCell
		c.start = pos
		if err := parseCell(b, pos, &c); err != nil {
			return err
		}
		if c.col == 0 {
			c.col = prevCol + 1
		}
		if c.col <= prevCol {
			return fmt.Errorf("cells out of order in row %d", ri.num)
		}
		prevCol = c.col
		ri.cells = append(ri.cells, c)
		pos = c.end
	}
}

// skipElement returns the index just past the element that starts at b[pos].
func skipElement(b []byte, pos int) (int, error) {
	te := bytes.IndexByte(b[pos:], '>')
	if te < 0 {
		return 0, errors.New("malformed XML element")
	}
	if b[pos+te-1] == '/' {
		return pos + te + 1, nil
	}
	// find matching end tag by depth counting of same-name elements is overkill:
	// count all start and end tags.
	depth := 1
	i := pos + te + 1
	for depth > 0 {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			return 0, errors.New("malformed XML element: no end tag")
		}
		i += k
		e := bytes.IndexByte(b[i:], '>')
		if e < 0 {
			return 0, errors.New("malformed XML element")
		}
		tag := b[i : i+e+1]
		switch {
		case len(tag) > 1 && tag[1] == '/':
			depth--
		case len(tag) > 1 && (tag[1] == '?' || tag[1] == '!'):
		case tag[len(tag)-2] == '/':
		default:
			depth++
		}
		i += e + 1
	}
	return i, nil
}

// parseCell parses the <c> element at b[pos].
func parseCell(b []byte, pos int, c *rawCell) error {
	te := bytes.IndexByte(b[pos:], '>')
	if te < 0 {
		return errors.New("malformed <c>")
	}
	tag := b[pos : pos+te+1]
	// attributes in one pass: r, t and s are all a cell needs
	if fastPaths {
		if ok, err := cellAttrs(tag, c); err != nil {
			return err
		} else if ok {
			goto content
		}
	}
	for i := 0; ; {
		name, val, next, ok := nextAttr(tag, i)
		if !ok {
			break
		}
		i = next
		if len(name) != 1 {
			continue
		}
		if _, err := setCellAttr(c, name[0], val); err != nil {
			return err
		}
	}
content:
	if tag[len(tag)-2] == '/' {
		c.end = pos + te + 1
		return nil
	}
	i := pos + te + 1
	// the two usual shapes, <v>value</v></c> and <is><t>text</t></is></c>, without
	// walking the tags (a million-row sheet has ten million of them)
	if rest := b[i:]; fastPaths && len(rest) > 8 && rest[0] == '<' {
		switch {
		case rest[1] == 'v' && rest[2] == '>':
			if e := bytes.IndexByte(rest[3:], '<'); e >= 0 && bytes.HasPrefix(rest[3+e:], []byte("</v></c>")) {
				c.value = rest[3 : 3+e]
				c.end = i + 3 + e + 8
				return nil
			}
		case rest[1] == 'i' && rest[2] == 's' && rest[3] == '>':
			if e := bytes.Index(rest, []byte("</is>")); e >= 0 && bytes.HasPrefix(rest[e+5:], []byte("</c>")) && oneT(rest[4:e]) {
				c.inline = rest[4:e]
				c.end = i + e + 9
				return nil
			}
		}
	}
	for {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			return errors.New("malformed <c>: no end tag")
		}
		i += k
		e := bytes.IndexByte(b[i:], '>')
		if e < 0 {
			return errors.New("malformed <c>")
		}
		t := b[i : i+e+1]
		nameStart := 1
		closing := false
		if t[1] == '/' {
			closing = true
			nameStart = 2
		}
		n := nameStart
		for n < len(t) && !isSpace(t[n]) && t[n] != '>' && t[n] != '/' {
			n++
		}
		name := t[nameStart:n]
		if c2 := bytes.IndexByte(name, ':'); c2 >= 0 {
			name = name[c2+1:]
		}
		if closing {
			if string(name) == "c" {
				c.end = i + e + 1
				return nil
			}
			return fmt.Errorf("malformed <c>: unexpected </%s>", name)
		}
		self := t[len(t)-2] == '/'
		switch string(name) {
		case "v", "f":
			var text []byte
			end := i + e + 1
			if !self {
				ce := bytes.IndexByte(b[end:], '<')
				if ce < 0 {
					return errors.New("malformed <v>")
				}
				text = b[end : end+ce]
				var err error
				end, err = skipElement(b, i)
				if err != nil {
					return err
				}
			}
			if string(name) == "v" {
				c.value = text
			} else {
				c.hasFormula = true
				c.formula = text
			}
			i = end
		case "is":
			end, err := skipElement(b, i)
			if err != nil {
				return err
			}
			c.inline = b[i+e+1 : end]
			i = end
		default:
			end, err := skipElement(b, i)
			if err != nil {
				return err
			}
			i = end
		}
	}
}

// nextAttr returns the attribute after position i of a start tag (name without
// prefix handling: "xr:uid" stays whole), and where to continue.
func nextAttr(tag []byte, i int) (name, val []byte, next int, ok bool) {
	if i == 0 {
		// skip "<name"
		i = 1
		for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
			i++
		}
	}
	for i < len(tag) && isSpace(tag[i]) {
		i++
	}
	if i >= len(tag) || tag[i] == '>' || tag[i] == '/' {
		return nil, nil, i, false
	}
	ns := i
	for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) {
		i++
	}
	name = tag[ns:i]
	for i < len(tag) && isSpace(tag[i]) {
		i++
	}
	if i >= len(tag) || tag[i] != '=' {
		return nil, nil, i, false
	}
	i++
	for i < len(tag) && isSpace(tag[i]) {
		i++
	}
	if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
		return nil, nil, i, false
	}
	q := tag[i]
	e := bytes.IndexByte(tag[i+1:], q)
	if e < 0 {
		return nil, nil, i, false
	}
	return name, tag[i+1 : i+1+e], i + e + 2, true
}

// refCol reads the column of a cell reference such as "AB12".
func refCol(ref []byte) (int, error) {
	col := 0
	for _, c := range ref {
		switch {
		case c >= 'A' && c <= 'Z':
			col = col*26 + int(c-'A'+1)
		case c >= 'a' && c <= 'z':
			col = col*26 + int(c-'a'+1)
		case c == '$':
		default:
			if col == 0 || col > MaxColumns {
				return 0, fmt.Errorf("cell reference %q is not valid", ref)
			}
			return col, nil
		}
		if col > MaxColumns {
			return 0, fmt.Errorf("cell reference %q is beyond column XFD", ref)
		}
	}
	if col == 0 {
		return 0, fmt.Errorf("cell reference %q is not valid", ref)
	}
	return col, nil
}

func atoiBytes(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// indexCloseRow is bytes.Index(b, closeRow) for closeRow "</row>" (or with a
// prefix, "</x:row>"), searching for its rare 'w' rather than its '<', which
// starts every tag of the row.
func indexCloseRow(b, closeRow []byte) int {
	at := len(closeRow) - 2 // the 'w'
	from := at
	for from < len(b) {
		k := bytes.IndexByte(b[from:], 'w')
		if k < 0 {
			return -1
		}
		i := from + k - at
		if i+len(closeRow) <= len(b) && string(b[i:i+len(closeRow)]) == string(closeRow) {
			return i
		}
		from += k + 1
	}
	return -1
}

// cellAttrs reads the attributes of a <c> start tag written the usual way
// (<c r="B2" s="3" t="s">: one-letter names, double quotes, single spaces). It
// returns false for any other spelling, which the general loop then reads whole.
func cellAttrs(tag []byte, c *rawCell) (bool, error) {
	if len(tag) < 3 || tag[1] != 'c' || tag[2] != ' ' {
		return false, nil
	}
	i := 2
	for {
		if i+1 < len(tag) && tag[i] == ' ' && tag[i+1] != ' ' {
			i++
		} else if tag[i] == '>' || tag[i] == '/' {
			break
		} else {
			return false, nil
		}
		if i+3 >= len(tag) || tag[i+1] != '=' || tag[i+2] != '"' {
			return false, nil
		}
		e := bytes.IndexByte(tag[i+3:], '"')
		if e < 0 {
			return false, nil
		}
		if known, err := setCellAttr(c, tag[i], tag[i+3:i+3+e]); err != nil || !known {
			return false, err // another attribute: the general loop reads the tag again, whole
		}
		i += 3 + e + 1
		if i >= len(tag) {
			return false, nil
		}
	}
	return true, nil
}

// oneT reports whether in is a single <t> element of plain text, "<t>text</t>"
// or "<t xml:space="preserve">text</t>", with no other markup.
func oneT(in []byte) bool {
	var text []byte
	switch {
	case bytes.HasPrefix(in, []byte("<t>")):
		text = in[3:]
	case bytes.HasPrefix(in, []byte(`<t xml:space="preserve">`)):
		text = in[24:]
	default:
		return false
	}
	if !bytes.HasSuffix(text, []byte("</t>")) {
		return false
	}
	return !bytes.ContainsAny(text[:len(text)-4], "<>")
}

// setCellAttr sets the cell's r (column), t (type) or s (style) attribute; known
// is false for any other one-letter name.
func setCellAttr(c *rawCell, name byte, val []byte) (known bool, err error) {
	switch name {
	case 'r':
		col, err := refCol(val)
		if err != nil {
			return true, err
		}
		c.col = col
	case 't':
		c.typ = val
	case 's':
		n, ok := atoiBytes(val)
		if !ok {
			return true, fmt.Errorf("cell style %q is not valid", val)
		}
		c.style = n
	default:
		return false, nil
	}
	return true, nil
}
