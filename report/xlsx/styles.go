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

// StyleAdder adds cell formats to a workbook's styles part, each a copy of
// an existing one with another number format, for cells the workbook has no
// format for.
type StyleAdder struct {
	b     *Book
	added []newXf
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
		if err != nil {
			return fmt.Errorf("adding a cell format: %w", err)
		}
		_, err = w.Write(out)
		return err
	}
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
