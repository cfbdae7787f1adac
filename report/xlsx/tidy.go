package xlsx

import (
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"strings"
)

// What every package covenant writes gets right, beyond what excelize writes
// (issue 15: a report opens in Excel without a repair prompt, and every other
// reader sees what Excel sees):
//
//   - a worksheet's <dimension> covers its cells (excelize leaves "A1":
//     openpyxl's read-only mode, which auditors' scripts use, then reads one
//     cell a sheet);
//   - a worksheet's <col> elements ascend and do not overlap (excelize's
//     StreamWriter writes them in descending order: Excel repairs "column
//     information");
//   - docProps/core.xml names its properties with Excel's prefixes
//     (cp:keywords, cp:lastModifiedBy): excelize puts them in the default
//     namespace, valid but refused by exceljs (its issue #2603);
//   - a chart's value axis holds no category-axis elements (excelize v2.11.1
//     writes auto, lblAlgn, lblOffset and noMultiLvlLbl on a scatter chart's
//     X axis, which dml-chart.xsd does not allow there; excelize #2355 and
//     #2356 report that Excel repairs such parts by dropping the drawing).
//
// TransformSheet and the streamed tables of package fill write the first two
// into every sheet they write; TidyParts rewrites the other parts; Tidy does
// all of it to a package excelize wrote.

// Range is a block of cells, 1-based and inclusive; the zero Range holds none.
type Range struct{ FirstRow, FirstCol, LastRow, LastCol int }

// Empty reports whether the range holds no cell.
func (r Range) Empty() bool { return r.FirstRow == 0 }

// Add widens the range to hold the cell.
func (r *Range) Add(row, col int) {
	if row < 1 || col < 1 {
		return
	}
	if r.Empty() {
		*r = Range{row, col, row, col}
		return
	}
	r.FirstRow, r.LastRow = min(r.FirstRow, row), max(r.LastRow, row)
	r.FirstCol, r.LastCol = min(r.FirstCol, col), max(r.LastCol, col)
}

// AddRow widens the range to hold the cells of row num.
func (r *Range) AddRow(num int, cells []OutCell) {
	for i := range cells {
		r.Add(num, cells[i].Col)
	}
}

// Ref is the range as Excel writes it in <dimension>: "A1:O870", "B2" for one
// cell, "A1" for none.
func (r Range) Ref() string {
	if r.Empty() {
		return "A1"
	}
	first := CellRef(r.FirstCol, r.FirstRow)
	if r.FirstRow == r.LastRow && r.FirstCol == r.LastCol {
		return first
	}
	return first + ":" + CellRef(r.LastCol, r.LastRow)
}

var (
	sheetDataStart = regexp.MustCompile(`<(\w+:)?sheetData[\s/>]`)
	dimensionElem  = regexp.MustCompile(`(?s)<(?:\w+:)?dimension(?:\s[^>]*?)?(?:/>|>\s*</(?:\w+:)?dimension>)`)
	sheetPrElem    = regexp.MustCompile(`(?s)<(?:\w+:)?sheetPr(?:\s[^>]*?)?(?:/>|>.*?</(?:\w+:)?sheetPr>)`)
	worksheetStart = regexp.MustCompile(`<(?:\w+:)?worksheet[\s>][^>]*>|<(?:\w+:)?worksheet>`)
	colsElem       = regexp.MustCompile(`(?s)(<(?:\w+:)?cols(?:\s[^>]*)?>)(.*?)(</(?:\w+:)?cols>)`)
	colElem        = regexp.MustCompile(`(?s)<(\w+:)?col(\s[^>]*?)?(?:/>|>\s*</(?:\w+:)?col>)`)
)

// FixHead returns a worksheet's head (its XML before the first row; rows after
// <sheetData> are left alone) with the <dimension> used, the block of cells the
// sheet holds (what the head declared is replaced: excelize declares "A1"
// whatever the sheet holds), and with its <col> elements ascending and disjoint.
func FixHead(head []byte, used Range) []byte {
	loc := sheetDataStart.FindSubmatchIndex(head)
	if loc == nil {
		return head
	}
	prefix := ""
	if loc[2] >= 0 {
		prefix = string(head[loc[2]:loc[3]])
	}
	pre, rest := head[:loc[0]], head[loc[0]:]
	pre = fixCols(pre)
	if d := dimensionElem.FindIndex(pre); d != nil {
		pre = splice(pre, d[0], d[1], `<`+prefix+`dimension ref="`+used.Ref()+`"/>`)
	} else {
		at := -1
		if p := sheetPrElem.FindIndex(pre); p != nil {
			at = p[1]
		} else if w := worksheetStart.FindIndex(pre); w != nil {
			at = w[1]
		}
		if at >= 0 {
			pre = splice(pre, at, at, `<`+prefix+`dimension ref="`+used.Ref()+`"/>`)
		}
	}
	out := make([]byte, 0, len(pre)+len(rest))
	return append(append(out, pre...), rest...)
}

func splice(b []byte, from, to int, with string) []byte {
	out := make([]byte, 0, len(b)-(to-from)+len(with))
	out = append(out, b[:from]...)
	out = append(out, with...)
	return append(out, b[to:]...)
}

// fixCols puts the <col> elements of a worksheet head in order. Where they
// overlap, a later element wins for the columns it names (as a later width set
// in Excel does); neighbouring columns with the same settings are joined.
func fixCols(pre []byte) []byte {
	loc := colsElem.FindSubmatchIndex(pre)
	if loc == nil {
		return pre
	}
	cs, ok := parseCols(pre[loc[4]:loc[5]])
	if !ok || cs.ordered {
		return pre
	}
	return splice(pre, loc[4], loc[5], cs.render(cs.byColumn(nil)))
}

// Namespaces of docProps/core.xml and the prefixes Excel gives them.
const (
	nsCoreProps = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
	nsDC        = "http://purl.org/dc/elements/1.1/"
	nsDCTerms   = "http://purl.org/dc/terms/"
	nsDCMIType  = "http://purl.org/dc/dcmitype/"
	nsXSI       = "http://www.w3.org/2001/XMLSchema-instance"
	nsXML       = "http://www.w3.org/XML/1998/namespace"
)

var corePrefixes = []struct{ prefix, ns string }{
	{"cp", nsCoreProps}, {"dc", nsDC}, {"dcterms", nsDCTerms}, {"dcmitype", nsDCMIType}, {"xsi", nsXSI},
}

func corePrefix(ns string) (string, bool) {
	if ns == nsXML {
		return "xml", true
	}
	for _, p := range corePrefixes {
		if p.ns == ns {
			return p.prefix, true
		}
	}
	return "", false
}

// FixCoreProps writes the core properties part as Excel does: every element
// prefixed (cp:, dc:, dcterms:), the namespaces declared on the root. A part
// that holds anything else (another namespace, nested elements) is returned as
// it is.
func FixCoreProps(data []byte) []byte {
	if out, ok := coreProps(data); ok {
		return out
	}
	return data
}

func coreProps(data []byte) ([]byte, bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	declared := map[string]string{} // prefix in the input -> namespace
	depth := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					declared[a.Name.Local] = a.Value
				} else if a.Name.Space == "" && a.Name.Local == "xmlns" {
					declared[""] = a.Value
				}
			}
			ns, ok := declared[t.Name.Space]
			if !ok {
				return nil, false
			}
			p, ok := corePrefix(ns)
			if !ok || p == "xsi" || p == "xml" || depth >= 2 || (depth == 0) != (ns == nsCoreProps && t.Name.Local == "coreProperties") {
				return nil, false
			}
			b.WriteString("<" + p + ":" + t.Name.Local)
			if depth == 0 {
				for _, cp := range corePrefixes {
					b.WriteString(` xmlns:` + cp.prefix + `="` + cp.ns + `"`)
				}
			}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
					continue
				}
				name := a.Name.Local
				if a.Name.Space != "" {
					ans, ok := declared[a.Name.Space]
					if a.Name.Space == "xml" {
						ans, ok = nsXML, true
					}
					ap, known := corePrefix(ans)
					if !ok || !known {
						return nil, false
					}
					name = ap + ":" + name
				}
				value := a.Value
				if name == "xsi:type" {
					// a QName: its prefix is the input's
					qp, local, ok := strings.Cut(value, ":")
					if !ok {
						return nil, false
					}
					vp, known := corePrefix(declared[qp])
					if !known {
						return nil, false
					}
					value = vp + ":" + local
				}
				b.WriteString(" " + name + `="` + Escape(value) + `"`)
			}
			b.WriteString(">")
			depth++
		case xml.EndElement:
			depth--
			ns := declared[t.Name.Space]
			p, _ := corePrefix(ns)
			b.WriteString("</" + p + ":" + t.Name.Local + ">")
		case xml.CharData:
			if depth < 2 {
				if len(bytes.TrimSpace(t)) != 0 {
					return nil, false
				}
				continue
			}
			b.WriteString(Escape(string(t)))
		case xml.ProcInst, xml.Comment:
		default:
			return nil, false
		}
	}
	if depth != 0 {
		return nil, false
	}
	return b.Bytes(), true
}

var chartNS = regexp.MustCompile(`xmlns(?::(\w+))?="http://schemas.openxmlformats.org/drawingml/2006/chart"`)

// catAxOnly are the elements of a category axis (CT_CatAx) that a value axis
// (CT_ValAx) cannot hold.
const catAxOnly = `auto|lblAlgn|lblOffset|noMultiLvlLbl|tickLblSkip|tickMarkSkip`

// FixChart removes category-axis elements from a chart part's value axes.
func FixChart(data []byte) []byte {
	m := chartNS.FindSubmatch(data)
	if m == nil {
		return data
	}
	p := "" // the chart namespace's prefix, with its colon ("" where it is the default)
	if len(m[1]) > 0 {
		p = regexp.QuoteMeta(string(m[1])) + ":"
	}
	block := regexp.MustCompile(`(?s)<` + p + `valAx>.*?</` + p + `valAx>`)
	bad := regexp.MustCompile(`<` + p + `(?:` + catAxOnly + `)(?:\s[^>]*?)?(?:/>|>[^<]*</` + p + `(?:` + catAxOnly + `)>)`)
	return block.ReplaceAllFunc(data, func(ax []byte) []byte { return bad.ReplaceAll(ax, nil) })
}

// TidyParts returns the edits that rewrite the package's core properties and
// chart parts (FixCoreProps, FixChart).
func TidyParts(b *Book) map[string]PartEdit {
	edits := map[string]PartEdit{}
	whole := func(fix func([]byte) []byte) PartEdit {
		return func(old io.Reader, w io.Writer) error {
			data, err := io.ReadAll(io.LimitReader(old, maxSmallPart))
			if err != nil {
				return err
			}
			_, err = w.Write(fix(data))
			return err
		}
	}
	for _, f := range b.zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		switch {
		case name == "docProps/core.xml":
			edits[f.Name] = whole(FixCoreProps)
		case path.Dir(name) == "xl/charts" && strings.HasPrefix(path.Base(name), "chart") && strings.HasSuffix(name, ".xml"):
			edits[f.Name] = whole(FixChart)
		}
	}
	return edits
}

// Worksheets lists the sheets that are worksheets (not chart sheets).
func (b *Book) Worksheets() []Sheet {
	var out []Sheet
	for _, s := range b.Sheets {
		if _, ok := b.files[s.Part]; ok && strings.Contains(s.Part, "worksheets/") {
			out = append(out, s)
		}
	}
	return out
}

// keepRows is the Transformer that changes no row: TransformSheet still writes
// the sheet's dimension and puts its columns in order.
type keepRows struct{}

func (keepRows) Head(h []byte) ([]byte, error) { return h, nil }
func (keepRows) Row(*Row, *RowOut) error       { return nil }
func (keepRows) End(*RowOut) error             { return nil }
func (keepRows) Tail(t []byte) ([]byte, error) { return t, nil }

// KeepRows is a Transformer that leaves every row as it is.
var KeepRows Transformer = keepRows{}

// Tidy writes the package pkg (as excelize wrote it) to w with every worksheet's
// dimension and columns, the core properties and the charts as Excel writes
// them. Parts it does not change are copied byte for byte.
func Tidy(w io.Writer, pkg []byte) error {
	b, err := OpenBytes(pkg)
	if err != nil {
		return err
	}
	edits := TidyParts(b)
	for _, sh := range b.Worksheets() {
		edits[sh.Part] = b.SheetPart(sh, KeepRows)
	}
	return b.Rewrite(w, RewriteOptions{Edits: edits})
}
