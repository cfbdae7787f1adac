package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// What rows appended to a user's sheet need of its styles: the format a cell
// or a column already has, and, where a value needs one the workbook lacks
// (a date with its time of day), a cell format added to the styles part.

// builtinTime lists the built-in number formats that show a time of day.
func builtinTime(id int) bool { return (id >= 18 && id <= 22) || (id >= 45 && id <= 47) }

// FormatDateTime is the built-in number format m/d/yyyy h:mm.
const FormatDateTime = 22

// showsTime reports whether a number format code shows hours (outside quoted
// text, escapes and brackets, in its first section; [h] counts).
func showsTime(code string) bool { return formatShows(code, "h", "h") }

// StyleShowsDate reports whether the cell format (a cellXfs index) shows a
// date; StyleShowsTime, a time of day.
func (b *Book) StyleShowsDate(style int) bool {
	if b.loadStyles() != nil || style < 0 || style >= len(b.dateXf) {
		return false
	}
	return b.dateXf[style]
}

// StyleShowsTime reports whether the cell format shows a time of day.
func (b *Book) StyleShowsTime(style int) bool {
	if b.loadStyles() != nil || style < 0 || style >= len(b.timeXf) {
		return false
	}
	return b.timeXf[style]
}

// ColumnStyles returns the cell formats the sheet's <col> elements give its
// columns (column number to cellXfs index), which Excel gives a cell typed
// there.
func (b *Book) ColumnStyles(sh Sheet) (map[int]int, error) {
	_, rc, _, head, err := b.openSheet(sh)
	if err != nil {
		return nil, err
	}
	rc.Close()
	out := map[int]int{}
	d := xml.NewDecoder(bytes.NewReader(head))
	for {
		tok, err := d.RawToken()
		if err != nil {
			// the head ends inside <worksheet>: that is its end
			return out, nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "col" {
			continue
		}
		var lo, hi, style int
		for _, a := range se.Attr {
			n, err := strconv.Atoi(a.Value)
			if err != nil {
				continue
			}
			switch a.Name.Local {
			case "min":
				lo = n
			case "max":
				hi = n
			case "style":
				style = n
			}
		}
		if style <= 0 || lo < 1 || hi < lo || hi > MaxCols {
			continue
		}
		for c := lo; c <= hi && c <= lo+1024; c++ {
			out[c] = style
		}
	}
}

// MaxCols is the last column of a worksheet (XFD).
const MaxCols = 16384

// Look is what a cell format (a cellXfs entry) shows: its number format and
// the font and wrapping that set the width its text needs.
type Look struct {
	NumFmt int    // numFmtId
	Code   string // the number format's code ("General" for 0; "" for a built-in one of a locale's own)
	Date   bool   // the format shows a date or a time
	Time   bool   // the format shows a time of day
	// FontSize is the font's size in points; Bold its weight.
	FontSize float64
	Bold     bool
	// Wrap is set when the format wraps text within the cell.
	Wrap bool
}

// StyleLook returns what the cell format (a cellXfs index) shows; an index
// the styles part does not hold reads as its first format, as Excel reads it.
func (b *Book) StyleLook(style int) Look {
	if b.loadStyles() != nil || len(b.looks) == 0 {
		return Look{Code: "General", FontSize: defaultFontSize}
	}
	if style < 0 || style >= len(b.looks) {
		style = 0
	}
	return b.looks[style]
}

// DefaultFontSize is the size of the workbook's default font (the first
// font of its styles part), in points: the width of its digit 0 is the unit
// of column widths.
func (b *Book) DefaultFontSize() float64 {
	if b.loadStyles() != nil || b.defaultFont == 0 {
		return defaultFontSize
	}
	return b.defaultFont
}

// defaultFontSize is Excel's default font size (Calibri 11).
const defaultFontSize = 11

type styleFont struct {
	B *struct {
		Val string `xml:"val,attr"`
	} `xml:"b"`
	Sz struct {
		Val string `xml:"val,attr"`
	} `xml:"sz"`
}

func (f styleFont) bold() bool { return f.B != nil && (f.B.Val == "" || xmlTrue(f.B.Val)) }

func (f styleFont) size(def float64) float64 {
	if v, err := strconv.ParseFloat(f.Sz.Val, 64); err == nil && v > 0 && v < 410 {
		return v
	}
	return def
}

// xmlTrue reads an xsd:boolean.
func xmlTrue(v string) bool { return v == "1" || v == "true" }

// builtinFormats are the codes of the built-in number formats that show the
// same in every locale (14, the short date, shows m/d/yyyy in Excel's en-US).
var builtinFormats = map[int]string{
	0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
	11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "m/d/yyyy", 15: "d-mmm-yy", 16: "d-mmm",
	17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
	22: "m/d/yyyy h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
	40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

// BuiltinFormat returns the built-in number format whose code is code.
func BuiltinFormat(code string) (int, bool) {
	for id, c := range builtinFormats {
		if c == code && id != 14 && id != 22 {
			return id, true
		}
	}
	// m/d/yyyy is 14 (Excel shows it in the reader's short date form)
	switch code {
	case "m/d/yyyy":
		return 14, true
	case "m/d/yyyy h:mm":
		return 22, true
	}
	return 0, false
}

// StyleAdder adds cell formats to a workbook's styles part, each a copy of
// an existing one with another number format, for cells the workbook has no
// format for.
type StyleAdder struct {
	b     *Book
	added []newXf
	fmts  []newFmt // number formats added to the styles part
}

type newFmt struct {
	id   int
	code string
}

type newXf struct{ base, numFmt int }

// NewStyleAdder starts adding cell formats to b's styles part.
func (b *Book) NewStyleAdder() *StyleAdder { return &StyleAdder{b: b} }

// Add returns the index of a cell format like base (a cellXfs index) with the
// built-in number format numFmt, added at the end of cellXfs; false when the
// workbook has no cell formats to copy.
func (a *StyleAdder) Add(base, numFmt int) (int, bool) {
	if a.b.loadStyles() != nil || a.b.stylesPart == "" || len(a.b.numFmt) == 0 {
		return 0, false
	}
	if base < 0 || base >= len(a.b.numFmt) {
		base = 0
	}
	for i, x := range a.added {
		if x == (newXf{base, numFmt}) {
			return len(a.b.numFmt) + i, true
		}
	}
	a.added = append(a.added, newXf{base, numFmt})
	return len(a.b.numFmt) + len(a.added) - 1, true
}

// AddFormat returns the index of a cell format like base with the number
// format code: a built-in format where one has that code, else the styles
// part's own, else one added to it. False when the workbook has no cell
// formats to copy.
func (a *StyleAdder) AddFormat(base int, code string) (int, bool) {
	if id, ok := BuiltinFormat(code); ok {
		return a.Add(base, id)
	}
	if a.b.loadStyles() != nil || a.b.stylesPart == "" || len(a.b.numFmt) == 0 {
		return 0, false
	}
	id := -1
	for n, c := range a.b.fmtCodes {
		if c == code && (id < 0 || n < id) {
			id = n
		}
	}
	for _, f := range a.fmts {
		if f.code == code {
			id = f.id
		}
	}
	if id < 0 {
		// custom formats are numbered from 164
		id = 163
		for n := range a.b.fmtCodes {
			id = max(id, n)
		}
		for _, f := range a.fmts {
			id = max(id, f.id)
		}
		id++
		a.fmts = append(a.fmts, newFmt{id, code})
	}
	return a.Add(base, id)
}

// Part is the styles part's name ("" when the workbook has none).
func (a *StyleAdder) Part() string {
	if a.b.loadStyles() != nil {
		return ""
	}
	return a.b.stylesPart
}

// Edit is the styles part's edit for Rewrite, nil when nothing was added.
func (a *StyleAdder) Edit() (part string, edit PartEdit) {
	if len(a.added) == 0 {
		return "", nil
	}
	return a.b.stylesPart, func(old io.Reader, w io.Writer) error {
		data, err := io.ReadAll(io.LimitReader(old, MaxPartSize))
		if err != nil {
			return err
		}
		out, err := addXfs(data, a.added)
		if err == nil && len(a.fmts) > 0 {
			out, err = addNumFmts(out, a.fmts)
		}
		if err != nil {
			return fmt.Errorf("adding a cell format: %w", err)
		}
		_, err = w.Write(out)
		return err
	}
}

// addNumFmts adds number formats to the styles part data's <numFmts> (made
// where there is none: it is the first child of <styleSheet>).
func addNumFmts(data []byte, add []newFmt) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	var rootEnd, openStart, openEnd, closeAt int64 = -1, -1, -1, -1
	prefix, n := "", 0
	empty := false
	for closeAt < 0 {
		before := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1:
				rootEnd = d.InputOffset()
				if t.Name.Space != "" {
					prefix = t.Name.Space + ":"
				}
			case depth == 2 && t.Name.Local == "numFmts" && openStart < 0:
				openStart, openEnd = before, d.InputOffset()
				if bytes.HasSuffix(data[before:openEnd], []byte("/>")) {
					empty, closeAt = true, openEnd
				}
			case depth == 3 && openStart >= 0:
				n++
			}
		case xml.EndElement:
			if depth == 2 && openStart >= 0 && !empty {
				closeAt = before
			}
			depth--
		}
	}
	if rootEnd < 0 {
		return nil, errors.New("the styles part has no <styleSheet>")
	}
	var elems []byte
	for _, f := range add {
		elems = append(elems, fmt.Sprintf(`<%snumFmt numFmtId="%d" formatCode="%s"/>`, prefix, f.id, Escape(f.code))...)
	}
	var out bytes.Buffer
	switch {
	case openStart < 0:
		out.Write(data[:rootEnd])
		fmt.Fprintf(&out, `<%snumFmts count="%d">`, prefix, len(add))
		out.Write(elems)
		fmt.Fprintf(&out, `</%snumFmts>`, prefix)
		out.Write(data[rootEnd:])
	case empty:
		out.Write(data[:openStart])
		fmt.Fprintf(&out, `<%snumFmts count="%d">`, prefix, len(add))
		out.Write(elems)
		fmt.Fprintf(&out, `</%snumFmts>`, prefix)
		out.Write(data[openEnd:])
	default:
		open := string(data[openStart:openEnd])
		count := fmt.Sprintf(` count="%d"`, n+len(add))
		if countAttr.MatchString(open) {
			open = countAttr.ReplaceAllLiteralString(open, count)
		} else {
			open = strings.Replace(open, "numFmts", "numFmts"+count, 1)
		}
		out.Write(data[:openStart])
		out.WriteString(open)
		out.Write(data[openEnd:closeAt])
		out.Write(elems)
		out.Write(data[closeAt:])
	}
	return out.Bytes(), nil
}

var (
	numFmtAttr = regexp.MustCompile(`\snumFmtId\s*=\s*("[^"]*"|'[^']*')`)
	applyAttr  = regexp.MustCompile(`\sapplyNumberFormat\s*=\s*("[^"]*"|'[^']*')`)
	countAttr  = regexp.MustCompile(`\scount\s*=\s*("[^"]*"|'[^']*')`)
)

// addXfs appends copies of cellXfs entries with another number format to the
// styles part data; every other byte stays as it is.
func addXfs(data []byte, add []newXf) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	var xfs [][2]int64 // start and end offsets of each cellXfs/xf
	var tagStart, tagEnd, closeAt int64 = -1, -1, -1
	in := false
	for {
		before := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 2 && t.Name.Local == "cellXfs":
				in, tagStart, tagEnd = true, before, d.InputOffset()
			case in && depth == 3 && t.Name.Local == "xf":
				xfs = append(xfs, [2]int64{before, -1})
			}
		case xml.EndElement:
			switch {
			case in && depth == 3 && t.Name.Local == "xf":
				xfs[len(xfs)-1][1] = d.InputOffset()
			case in && depth == 2:
				in, closeAt = false, before
			}
			depth--
		}
		if closeAt >= 0 {
			break
		}
	}
	if tagStart < 0 || closeAt < 0 || len(xfs) == 0 {
		return nil, errors.New("the styles part has no cell formats (cellXfs) to copy")
	}
	if bytes.HasSuffix(bytes.TrimSpace(data[tagStart:tagEnd]), []byte("/>")) {
		return nil, errors.New("the styles part's cell formats are empty")
	}
	var extra []byte
	for _, x := range add {
		if x.base >= len(xfs) || xfs[x.base][1] < 0 {
			return nil, fmt.Errorf("cell format %d is not in the styles part", x.base)
		}
		el := data[xfs[x.base][0]:xfs[x.base][1]]
		end := bytes.IndexByte(el, '>')
		if end < 0 {
			return nil, errors.New("malformed cell format")
		}
		if el[end-1] == '/' {
			end--
		}
		tag := strings.TrimRight(string(el[:end]), " \t\r\n")
		num := fmt.Sprintf(` numFmtId="%d"`, x.numFmt)
		if numFmtAttr.MatchString(tag) {
			tag = numFmtAttr.ReplaceAllLiteralString(tag, num)
		} else {
			tag += num
		}
		if applyAttr.MatchString(tag) {
			tag = applyAttr.ReplaceAllLiteralString(tag, ` applyNumberFormat="1"`)
		} else {
			tag += ` applyNumberFormat="1"`
		}
		extra = append(extra, tag...)
		extra = append(extra, el[end:]...)
	}
	open := string(data[tagStart:tagEnd])
	count := fmt.Sprintf(` count="%d"`, len(xfs)+len(add))
	if countAttr.MatchString(open) {
		open = countAttr.ReplaceAllLiteralString(open, count)
	} else {
		open = strings.Replace(open, "cellXfs", "cellXfs"+count, 1)
	}
	var out bytes.Buffer
	out.Write(data[:tagStart])
	out.WriteString(open)
	out.Write(data[tagEnd:closeAt])
	out.Write(extra)
	out.Write(data[closeAt:])
	return out.Bytes(), nil
}
