package xlsx

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// A worksheet's <col> elements: read (HeadCols), put in order (FixHead) and
// given widths (SetColWidths), as Excel wants them: ascending and disjoint.

// ColSpec is what one <col> element of a worksheet says of its columns.
type ColSpec struct {
	Min, Max int
	// Width is the width in characters when HasWidth.
	Width    float64
	HasWidth bool
	// Style is the columns' cell format (0: none).
	Style  int
	Hidden bool
}

// colEl is one <col> element: its columns and its other attributes, as
// written (` width="12" customWidth="1"`).
type colEl struct {
	min, max int
	attrs    string
}

type colSet struct {
	cols    []colEl
	prefix  string
	last    int  // the last column named
	ordered bool // ascending and disjoint
}

// parseCols reads the <col> elements inside <cols>; false when one is not a
// column range.
func parseCols(inner []byte) (colSet, bool) {
	cs := colSet{ordered: true}
	for _, m := range colElem.FindAllSubmatchIndex(inner, -1) {
		if m[2] >= 0 {
			cs.prefix = string(inner[m[2]:m[3]])
		}
		var tag []byte
		if m[4] >= 0 {
			tag = inner[m[4]:m[5]]
		}
		c := colEl{}
		var other strings.Builder
		full := append([]byte("<col"), tag...)
		for i := 0; ; {
			name, val, next, ok := nextAttr(full, i)
			if !ok {
				break
			}
			i = next
			switch string(name) {
			case "min":
				c.min, _ = strconv.Atoi(string(val))
			case "max":
				c.max, _ = strconv.Atoi(string(val))
			default:
				q := `"`
				if bytes.IndexByte(val, '"') >= 0 {
					q = `'`
				}
				other.WriteString(" " + string(name) + "=" + q + string(val) + q)
			}
		}
		c.attrs = other.String()
		if c.min < 1 || c.max < c.min || c.max > MaxColumns {
			return cs, false // not a column range: leave it for the reader to report
		}
		if c.min <= cs.last {
			cs.ordered = false
		}
		cs.last = max(cs.last, c.max)
		cs.cols = append(cs.cols, c)
	}
	return cs, true
}

// byColumn returns each column's attributes (index: column number; "" for
// none), the last element naming a column winning, with set's replacing them.
func (cs colSet) byColumn(set map[int]string) []*string {
	last := cs.last
	for c := range set {
		last = max(last, c)
	}
	at := make([]*string, last+1)
	for i := range cs.cols {
		for n := cs.cols[i].min; n <= cs.cols[i].max; n++ {
			at[n] = &cs.cols[i].attrs
		}
	}
	for c, a := range set {
		a := a
		at[c] = &a
	}
	return at
}

// render writes the columns' <col> elements, neighbours with the same
// attributes joined.
func (cs colSet) render(at []*string) string {
	var b strings.Builder
	for n := 1; n < len(at); {
		if at[n] == nil {
			n++
			continue
		}
		e := n
		for e+1 < len(at) && at[e+1] != nil && *at[e+1] == *at[n] {
			e++
		}
		b.WriteString(`<` + cs.prefix + `col min="` + strconv.Itoa(n) + `" max="` + strconv.Itoa(e) + `"` + *at[n] + `/>`)
		n = e + 1
	}
	return b.String()
}

var emptyCols = regexp.MustCompile(`<(?:\w+:)?cols(?:\s[^>]*)?/>`)

// HeadCols returns what the <col> elements of a worksheet head (its XML
// before the first row) say, in their order.
func HeadCols(head []byte) []ColSpec {
	loc := colsElem.FindSubmatchIndex(head)
	if loc == nil {
		return nil
	}
	cs, ok := parseCols(head[loc[4]:loc[5]])
	if !ok {
		return nil
	}
	var out []ColSpec
	for _, c := range cs.cols {
		s := ColSpec{Min: c.min, Max: c.max}
		full := []byte("<col" + c.attrs)
		for i := 0; ; {
			name, val, next, ok := nextAttr(full, i)
			if !ok {
				break
			}
			i = next
			switch string(name) {
			case "width":
				if w, err := strconv.ParseFloat(string(val), 64); err == nil {
					s.Width, s.HasWidth = w, true
				}
			case "style":
				s.Style, _ = strconv.Atoi(string(val))
			case "hidden":
				s.Hidden = xmlTrue(string(val))
			}
		}
		out = append(out, s)
	}
	return out
}

// ColAt returns what the <col> elements cols say of column col (the last
// naming it, as Excel reads them).
func ColAt(cols []ColSpec, col int) (ColSpec, bool) {
	var found ColSpec
	ok := false
	for _, c := range cols {
		if c.Min <= col && col <= c.Max {
			found, ok = c, true
		}
	}
	return found, ok
}

var widthAttrs = regexp.MustCompile(`\s(?:width|customWidth)=("[^"]*"|'[^']*')`)

// SetColWidths returns the worksheet head with the widths (in characters) of
// the columns given set, as customWidth: a <col> element naming other columns
// too is split, each part keeping its other settings (style, hidden ...); the
// <col> elements end ascending and disjoint, and a head without any gets a
// <cols> before its <sheetData>.
func SetColWidths(head []byte, widths map[int]float64) []byte {
	if len(widths) == 0 {
		return head
	}
	var cs colSet
	from, to, inner := -1, -1, false
	if loc := colsElem.FindSubmatchIndex(head); loc != nil {
		var ok bool
		if cs, ok = parseCols(head[loc[4]:loc[5]]); !ok {
			return head
		}
		from, to, inner = loc[4], loc[5], true
	} else if loc := emptyCols.FindIndex(head); loc != nil {
		from, to = loc[0], loc[1]
	}
	if !inner {
		if m := sheetDataStart.FindSubmatchIndex(head); m != nil && m[2] >= 0 {
			cs.prefix = string(head[m[2]:m[3]])
		}
	}
	old := cs.byColumn(nil)
	set := map[int]string{}
	for c, w := range widths {
		if c < 1 || c > MaxColumns {
			continue
		}
		attrs := ""
		if c < len(old) && old[c] != nil {
			attrs = widthAttrs.ReplaceAllLiteralString(*old[c], "")
		}
		set[c] = ` width="` + formatWidth(w) + `"` + attrs + ` customWidth="1"`
	}
	cols := cs.render(cs.byColumn(set))
	if inner {
		return splice(head, from, to, cols)
	}
	elem := `<` + cs.prefix + `cols>` + cols + `</` + cs.prefix + `cols>`
	if from >= 0 {
		return splice(head, from, to, elem)
	}
	m := sheetDataStart.FindIndex(head)
	if m == nil {
		return head
	}
	return splice(head, m[0], m[0], elem)
}

// formatWidth writes a column width as Excel allows it (0 to 255), to the
// hundredth.
func formatWidth(w float64) string {
	w = min(max(w, 0), 255)
	return strconv.FormatFloat(float64(int(w*100+0.999))/100, 'f', -1, 64)
}
