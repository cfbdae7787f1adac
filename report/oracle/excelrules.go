package oracle

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// What Excel enforces beyond the XML schemas: the rules whose breach makes it
// offer to repair a workbook (or drop part of it), and what other readers trust
// (the dimension). Written from ECMA-376 Part 1 (§18) and Excel's documented
// limits, independently of covenant's writer (package xlsx), so that it can
// catch that writer's mistakes.

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsChrt = "http://schemas.openxmlformats.org/drawingml/2006/chart"

	maxRow, maxCol = 1048576, 16384
)

var cellErrors = map[string]bool{"#NULL!": true, "#DIV/0!": true, "#VALUE!": true, "#REF!": true, "#NAME?": true, "#NUM!": true, "#N/A": true,
	"#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true, "#FIELD!": true, "#BLOCKED!": true, "#CONNECT!": true, "#BUSY!": true, "#UNKNOWN!": true}

// rules collects the problems of one workbook.
type rules struct {
	name  string
	files map[string]*zip.File
	probs []string
	// counts from styles.xml and sharedStrings.xml
	fonts, fills, borders, styleXfs, cellXfs, dxfs int
	strings                                        int
	sheetNames                                     map[string]bool // lower case
}

func (r *rules) problem(part, format string, a ...any) {
	r.probs = append(r.probs, fmt.Sprintf("RULES %s %s: %s", r.name, part, fmt.Sprintf(format, a...)))
}

// RuleProblems returns one line per breach of Excel's rules in the workbook at
// path.
func RuleProblems(p string) []string {
	r := &rules{name: path.Base(strings.ReplaceAll(p, "\\", "/")), files: map[string]*zip.File{}, sheetNames: map[string]bool{}}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return []string{fmt.Sprintf("RULES %s: not a zip package: %v", r.name, err)}
	}
	defer zr.Close()
	seen := map[string]string{}
	for _, f := range zr.File {
		if prev, dup := seen[strings.ToLower(f.Name)]; dup {
			r.problem(f.Name, "the package holds this part twice (%s and %s)", prev, f.Name)
		}
		seen[strings.ToLower(f.Name)] = f.Name
		r.files[f.Name] = f
	}
	r.contentTypes()
	r.coreProps()
	wb := ""
	for _, rel := range r.rels("") {
		if strings.HasSuffix(rel.Type, "/officeDocument") {
			wb = rel.target
		}
	}
	if wb == "" {
		r.problem("_rels/.rels", "no officeDocument relationship")
		return r.probs
	}
	dir := path.Dir(wb)
	r.styles(path.Join(dir, "styles.xml"))
	r.sharedStrings(path.Join(dir, "sharedStrings.xml"))
	r.workbook(wb)
	return r.probs
}

func (r *rules) read(part string) ([]byte, bool) {
	f, ok := r.files[part]
	if !ok {
		return nil, false
	}
	data, err := readZip(f)
	if err != nil {
		r.problem(part, "cannot be read: %v", err)
		return nil, false
	}
	return data, true
}

func (r *rules) unmarshal(part string, v any) bool {
	data, ok := r.read(part)
	if !ok {
		return false
	}
	if err := xml.Unmarshal(data, v); err != nil {
		r.problem(part, "not well-formed: %v", err)
		return false
	}
	return true
}

func (r *rules) contentTypes() {
	var ct struct {
		Defaults []struct {
			Ext string `xml:"Extension,attr"`
		} `xml:"Default"`
		Overrides []struct {
			Part string `xml:"PartName,attr"`
		} `xml:"Override"`
	}
	if !r.unmarshal("[Content_Types].xml", &ct) {
		r.problem("[Content_Types].xml", "missing or unreadable")
		return
	}
	exts := map[string]bool{}
	for _, d := range ct.Defaults {
		exts[strings.ToLower(d.Ext)] = true
	}
	over := map[string]bool{}
	for _, o := range ct.Overrides {
		name := strings.TrimPrefix(o.Part, "/")
		over[name] = true
		if r.files[name] == nil {
			r.problem("[Content_Types].xml", "Override for /%s, which the package does not hold", name)
		}
	}
	for name := range r.files {
		if name == "[Content_Types].xml" || strings.HasSuffix(name, "/") {
			continue
		}
		ext := ""
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			ext = strings.ToLower(name[i+1:])
		}
		if !over[name] && !exts[ext] {
			r.problem("[Content_Types].xml", "no content type for /%s", name)
		}
	}
}

// corePrefixes are the prefixes Excel gives the core properties' namespaces:
// exceljs reads core.xml by those names and refuses a workbook whose
// properties are in the default namespace (exceljs #2603), though the schema
// allows any prefix.
var corePrefixes = map[string]string{
	"http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "cp",
	"http://purl.org/dc/elements/1.1/":                                        "dc", "http://purl.org/dc/terms/": "dcterms", "http://purl.org/dc/dcmitype/": "dcmitype",
}

func (r *rules) coreProps() {
	const part = "docProps/core.xml"
	data, ok := r.read(part)
	if !ok {
		return
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	declared := map[string]string{}
	for {
		tok, err := d.RawToken()
		if err != nil {
			return
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range se.Attr {
			if a.Name.Space == "xmlns" {
				declared[a.Name.Local] = a.Value
			} else if a.Name.Space == "" && a.Name.Local == "xmlns" {
				declared[""] = a.Value
			}
		}
		if want, ok := corePrefixes[declared[se.Name.Space]]; ok && se.Name.Space != want {
			r.problem(part, "<%s> is in its namespace under the prefix %q; Excel writes %s:%s, and exceljs reads only that (exceljs #2603)", qname(se.Name), se.Name.Space, want, se.Name.Local)
		}
	}
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

type relation struct {
	ID, Type, Target, Mode string
	target                 string // resolved part name
}

// rels reads the relationships of part ("" for the package) and checks that
// each internal target is in the package.
func (r *rules) rels(part string) map[string]relation {
	d, f := path.Split(part)
	rp := d + "_rels/" + f + ".rels"
	out := map[string]relation{}
	var doc struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
			Mode   string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if _, ok := r.files[rp]; !ok || !r.unmarshal(rp, &doc) {
		return out
	}
	for _, x := range doc.Rels {
		rel := relation{ID: x.ID, Type: x.Type, Target: x.Target, Mode: x.Mode}
		if _, dup := out[x.ID]; dup {
			r.problem(rp, "relationship Id %s used twice", x.ID)
		}
		if x.Mode != "External" {
			t := x.Target
			if strings.HasPrefix(t, "/") {
				t = strings.TrimPrefix(t, "/")
			} else {
				t = path.Join(d, t)
			}
			rel.target = path.Clean(t)
			if r.files[rel.target] == nil {
				r.problem(rp, "relationship %s points at %s, which the package does not hold", x.ID, rel.target)
			}
		}
		out[x.ID] = rel
	}
	return out
}

func (r *rules) styles(part string) {
	var st struct {
		NumFmts struct {
			N []struct {
				ID   int    `xml:"numFmtId,attr"`
				Code string `xml:"formatCode,attr"`
			} `xml:"numFmt"`
		} `xml:"numFmts"`
		Fonts struct {
			N []struct{} `xml:"font"`
		} `xml:"fonts"`
		Fills struct {
			N []struct{} `xml:"fill"`
		} `xml:"fills"`
		Borders struct {
			N []struct{} `xml:"border"`
		} `xml:"borders"`
		StyleXfs struct {
			N []xf `xml:"xf"`
		} `xml:"cellStyleXfs"`
		CellXfs struct {
			N []xf `xml:"xf"`
		} `xml:"cellXfs"`
		Dxfs struct {
			N []struct{} `xml:"dxf"`
		} `xml:"dxfs"`
	}
	if !r.unmarshal(part, &st) {
		r.problem(part, "no styles part")
		return
	}
	r.fonts, r.fills, r.borders = len(st.Fonts.N), len(st.Fills.N), len(st.Borders.N)
	r.styleXfs, r.cellXfs, r.dxfs = len(st.StyleXfs.N), len(st.CellXfs.N), len(st.Dxfs.N)
	fmts := map[int]bool{}
	for _, f := range st.NumFmts.N {
		if fmts[f.ID] {
			r.problem(part, "numFmt %d defined twice", f.ID)
		}
		fmts[f.ID] = true
		if f.Code == "" {
			r.problem(part, "numFmt %d has no formatCode", f.ID)
		}
	}
	if r.cellXfs == 0 {
		r.problem(part, "no cellXfs")
	}
	for _, set := range []struct {
		what string
		xfs  []xf
	}{{"cellStyleXfs", st.StyleXfs.N}, {"cellXfs", st.CellXfs.N}} {
		for i, x := range set.xfs {
			if x.NumFmt >= 164 && !fmts[x.NumFmt] {
				r.problem(part, "%s xf %d uses numFmtId %d, which numFmts does not define", set.what, i, x.NumFmt)
			}
			for _, c := range []struct {
				attr  string
				v, of int
			}{{"fontId", x.Font, r.fonts}, {"fillId", x.Fill, r.fills}, {"borderId", x.Border, r.borders}} {
				if c.v < 0 || c.v >= max(c.of, 1) {
					r.problem(part, "%s xf %d: %s %d, but there are %d", set.what, i, c.attr, c.v, c.of)
				}
			}
			if set.what == "cellXfs" && x.XfID != nil && (*x.XfID < 0 || *x.XfID >= max(r.styleXfs, 1)) {
				r.problem(part, "cellXfs xf %d: xfId %d, but there are %d cellStyleXfs", i, *x.XfID, r.styleXfs)
			}
		}
	}
}

type xf struct {
	NumFmt int  `xml:"numFmtId,attr"`
	Font   int  `xml:"fontId,attr"`
	Fill   int  `xml:"fillId,attr"`
	Border int  `xml:"borderId,attr"`
	XfID   *int `xml:"xfId,attr"`
}

func (r *rules) sharedStrings(part string) {
	if r.files[part] == nil {
		return
	}
	var sst struct {
		SI []struct {
			T  string `xml:"t"`
			Rs []struct {
				T string `xml:"t"`
			} `xml:"r"`
		} `xml:"si"`
	}
	if !r.unmarshal(part, &sst) {
		return
	}
	r.strings = len(sst.SI)
	for i, si := range sst.SI {
		n := len([]rune(si.T))
		for _, x := range si.Rs {
			n += len([]rune(x.T))
		}
		if n > 32767 {
			r.problem(part, "string %d has %d characters; a cell holds 32,767", i, n)
		}
	}
}

var (
	badSheetChars  = regexp.MustCompile(`[:\\/?*\[\]]`)
	nameSyntax     = regexp.MustCompile(`^[A-Za-z_\\][A-Za-z0-9_.\\?]*$`)
	nameLikeRef    = regexp.MustCompile(`^(?:[A-Za-z]{1,3}\d+|[RrCc]\d*|[Rr]\d*[Cc]\d*)$`)
	sheetInFormula = regexp.MustCompile(`(?:'((?:[^']|'')+)'|([A-Za-z0-9_.]+))!`)
)

func (r *rules) workbook(part string) {
	var wb struct {
		Sheets []struct {
			Name  string `xml:"name,attr"`
			ID    string `xml:"sheetId,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
		Views []struct {
			ActiveTab int `xml:"activeTab,attr"`
		} `xml:"bookViews>workbookView"`
		Names []struct {
			Name  string `xml:"name,attr"`
			Local *int   `xml:"localSheetId,attr"`
			Text  string `xml:",chardata"`
		} `xml:"definedNames>definedName"`
	}
	if !r.unmarshal(part, &wb) {
		r.problem(part, "missing or unreadable")
		return
	}
	rels := r.rels(part)
	ids := map[string]bool{}
	visible := 0
	type sheet struct{ name, part, typ string }
	var sheets []sheet
	for _, s := range wb.Sheets {
		where := fmt.Sprintf("sheet %q", s.Name)
		if n := len([]rune(s.Name)); n < 1 || n > 31 {
			r.problem(part, "%s: a sheet name has 1 to 31 characters", where)
		}
		if badSheetChars.MatchString(s.Name) || strings.HasPrefix(s.Name, "'") || strings.HasSuffix(s.Name, "'") {
			r.problem(part, "%s: a sheet name may not hold : \\ / ? * [ ] nor begin or end with '", where)
		}
		if strings.EqualFold(s.Name, "History") {
			r.problem(part, "%s: the name History is reserved", where)
		}
		if r.sheetNames[strings.ToLower(s.Name)] {
			r.problem(part, "%s: two sheets have this name (names differ in more than case)", where)
		}
		r.sheetNames[strings.ToLower(s.Name)] = true
		if ids[s.ID] {
			r.problem(part, "%s: sheetId %s used twice", where, s.ID)
		}
		ids[s.ID] = true
		if s.State == "" || s.State == "visible" {
			visible++
		}
		rel, ok := rels[s.RID]
		if !ok {
			r.problem(part, "%s: r:id %s is not a relationship of the workbook", where, s.RID)
			continue
		}
		sheets = append(sheets, sheet{s.Name, rel.target, rel.Type})
	}
	if len(wb.Sheets) > 0 && visible == 0 {
		r.problem(part, "every sheet is hidden")
	}
	for _, v := range wb.Views {
		if v.ActiveTab < 0 || v.ActiveTab >= max(len(wb.Sheets), 1) {
			r.problem(part, "workbookView activeTab %d, but there are %d sheets", v.ActiveTab, len(wb.Sheets))
		} else if st := wb.Sheets[v.ActiveTab].State; st != "" && st != "visible" {
			r.problem(part, "workbookView activeTab %d is a hidden sheet", v.ActiveTab)
		}
	}
	scoped := map[string]bool{}
	for _, n := range wb.Names {
		key := strings.ToLower(n.Name) + "|"
		if n.Local != nil {
			key += strconv.Itoa(*n.Local)
			if *n.Local < 0 || *n.Local >= len(wb.Sheets) {
				r.problem(part, "defined name %q: localSheetId %d, but there are %d sheets", n.Name, *n.Local, len(wb.Sheets))
			}
		}
		if scoped[key] {
			r.problem(part, "defined name %q defined twice in one scope", n.Name)
		}
		scoped[key] = true
		if !strings.HasPrefix(n.Name, "_xlnm.") && (!nameSyntax.MatchString(n.Name) || nameLikeRef.MatchString(n.Name)) {
			r.problem(part, "defined name %q is not a valid name (it looks like a cell reference or holds other characters)", n.Name)
		}
		if len(n.Text) > 8192 {
			r.problem(part, "defined name %q: formula of more than 8,192 characters", n.Name)
		}
		r.checkSheetRefs(part, fmt.Sprintf("defined name %q", n.Name), n.Text)
	}
	for _, s := range sheets {
		if strings.HasSuffix(s.typ, "/worksheet") {
			r.worksheet(s.name, s.part)
		}
	}
}

// checkSheetRefs reports sheet names a formula refers to that the workbook lacks.
func (r *rules) checkSheetRefs(part, what, formula string) {
	for _, m := range sheetInFormula.FindAllStringSubmatch(formula, -1) {
		name := m[2]
		if m[1] != "" {
			name = strings.ReplaceAll(m[1], "''", "'")
		}
		if !r.sheetNames[strings.ToLower(name)] && !strings.Contains(name, "[") {
			r.problem(part, "%s refers to sheet %q, which the workbook does not have", what, name)
		}
	}
}

// block is a block of cells, 1-based and inclusive.
type block struct{ r1, c1, r2, c2 int }

func (b *block) add(row, col int) {
	if b.r1 == 0 {
		*b = block{row, col, row, col}
		return
	}
	b.r1, b.c1, b.r2, b.c2 = min(b.r1, row), min(b.c1, col), max(b.r2, row), max(b.c2, col)
}

func (b block) covers(o block) bool {
	return b.r1 <= o.r1 && b.c1 <= o.c1 && b.r2 >= o.r2 && b.c2 >= o.c2
}

func (b block) String() string {
	return cellName(b.c1, b.r1) + ":" + cellName(b.c2, b.r2)
}

func cellName(col, row int) string {
	var s []byte
	for col > 0 {
		col--
		s = append([]byte{byte('A' + col%26)}, s...)
		col /= 26
	}
	return string(s) + strconv.Itoa(row)
}

var cellRef = regexp.MustCompile(`^\$?([A-Z]{1,3})\$?(\d+)$`)

// parseCell reads "AB12" (or "$AB$12").
func parseCell(ref string) (row, col int, ok bool) {
	m := cellRef.FindStringSubmatch(ref)
	if m == nil {
		return 0, 0, false
	}
	for _, ch := range m[1] {
		col = col*26 + int(ch-'A') + 1
	}
	row, _ = strconv.Atoi(m[2])
	return row, col, row >= 1 && row <= maxRow && col >= 1 && col <= maxCol
}

func parseBlock(ref string) (block, bool) {
	a, b, isRange := strings.Cut(ref, ":")
	r1, c1, ok := parseCell(a)
	if !ok {
		return block{}, false
	}
	out := block{r1, c1, r1, c1}
	if isRange {
		r2, c2, ok := parseCell(b)
		if !ok {
			return block{}, false
		}
		out.add(r2, c2)
	}
	return out, true
}

func attrOf(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// worksheet reads a worksheet part as a stream of tokens (a sheet may hold a
// million rows) and checks its columns, rows, cells, dimension, merged ranges,
// panes, page setup and relationships.
func (r *rules) worksheet(sheet, part string) {
	f := r.files[part]
	if f == nil {
		r.problem(part, "sheet %q: part missing", sheet)
		return
	}
	rc, err := f.Open()
	if err != nil {
		r.problem(part, "sheet %q: %v", sheet, err)
		return
	}
	defer rc.Close()
	rels := r.rels(part)
	d := xml.NewDecoder(rc)
	at := func(ref string) string { return fmt.Sprintf("'%s'!%s", sheet, ref) }
	var (
		dim                       *block
		dimSeen                   bool
		used                      block
		lastColMax, lastRow       int
		rowNum, lastCol           int
		inCell                    bool
		cellRefText, cellType     string
		cellRow, cellCol          int
		hasV, hasF, hasIs         bool
		text                      strings.Builder
		textOf                    string // element whose text is being read: v, f, t
		fType                     string
		fHasRef                   bool
		fSI                       string
		isText                    strings.Builder
		shared                    = map[string]bool{}
		merges                    []block
		inHeaderFooter, inHFChild string
		colsSeen, disorder        int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			r.problem(part, "sheet %q: not well-formed: %v", sheet, err)
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			for _, a := range t.Attr {
				if a.Name.Space == nsRel && a.Name.Local == "id" {
					if _, ok := rels[a.Value]; !ok {
						r.problem(part, "sheet %q: <%s r:id=%s> is not a relationship of the sheet", sheet, t.Name.Local, a.Value)
					}
				}
			}
			if t.Name.Space != nsMain {
				continue
			}
			switch t.Name.Local {
			case "dimension":
				dimSeen = true
				ref, _ := attrOf(t, "ref")
				if b, ok := parseBlock(ref); ok {
					dim = &b
				} else {
					r.problem(part, "sheet %q: <dimension ref=%q> is not a range", sheet, ref)
				}
			case "col":
				colsSeen++
				mn, _ := strconv.Atoi(attrValue(t, "min"))
				mx, _ := strconv.Atoi(attrValue(t, "max"))
				if mn < 1 || mx < mn || mx > maxCol {
					r.problem(part, "sheet %q: <col min=%d max=%d> is not a column range", sheet, mn, mx)
				}
				if mn <= lastColMax {
					disorder++
				}
				lastColMax = max(lastColMax, mx)
				if w, ok := attrOf(t, "width"); ok {
					if v, err := strconv.ParseFloat(w, 64); err != nil || v < 0 || v > 255 {
						r.problem(part, "sheet %q: column width %s; Excel allows 0 to 255", sheet, w)
					}
				}
				if s, ok := attrOf(t, "style"); ok {
					r.checkStyle(part, fmt.Sprintf("sheet %q <col min=%d>", sheet, mn), s)
				}
			case "row":
				rowNum = lastRow + 1
				if v, ok := attrOf(t, "r"); ok {
					rowNum, _ = strconv.Atoi(v)
				}
				if rowNum <= lastRow || rowNum < 1 || rowNum > maxRow {
					r.problem(part, "sheet %q: row %d comes after row %d; rows must ascend", sheet, rowNum, lastRow)
				}
				lastRow, lastCol = rowNum, 0
				if v, ok := attrOf(t, "ht"); ok {
					if h, err := strconv.ParseFloat(v, 64); err != nil || h < 0 || h > 409.5 {
						r.problem(part, "sheet %q: row %d height %s; Excel allows 0 to 409.5", sheet, rowNum, v)
					}
				}
				if s, ok := attrOf(t, "s"); ok {
					r.checkStyle(part, fmt.Sprintf("sheet %q row %d", sheet, rowNum), s)
				}
			case "c":
				inCell, hasV, hasF, hasIs = true, false, false, false
				cellType = "n"
				if v, ok := attrOf(t, "t"); ok {
					cellType = v
				}
				cellRefText, _ = attrOf(t, "r")
				cellRow, cellCol = rowNum, lastCol+1
				if cellRefText != "" {
					rr, cc, ok := parseCell(cellRefText)
					if !ok {
						r.problem(part, "%s: not a cell reference", at(cellRefText))
						inCell = false
						continue
					}
					if rr != rowNum {
						r.problem(part, "%s: cell in row %d", at(cellRefText), rowNum)
					}
					cellRow, cellCol = rr, cc
				} else {
					cellRefText = cellName(cellCol, cellRow)
				}
				if cellCol <= lastCol {
					r.problem(part, "%s: cells must ascend by column within a row", at(cellRefText))
				}
				lastCol = cellCol
				if s, ok := attrOf(t, "s"); ok {
					r.checkStyle(part, at(cellRefText), s)
				}
			case "v", "f":
				if inCell {
					textOf = t.Name.Local
					text.Reset()
					if t.Name.Local == "f" {
						hasF = true
						fType, _ = attrOf(t, "t")
						_, fHasRef = attrOf(t, "ref")
						fSI, _ = attrOf(t, "si")
					} else {
						hasV = true
					}
				}
			case "is":
				if inCell {
					hasIs = true
					isText.Reset()
				}
			case "t":
				if inCell && hasIs {
					textOf = "t"
				}
			case "mergeCell":
				ref, _ := attrOf(t, "ref")
				b, ok := parseBlock(ref)
				switch {
				case !ok:
					r.problem(part, "sheet %q: merged range %q is not a range", sheet, ref)
				case b.r1 == b.r2 && b.c1 == b.c2:
					r.problem(part, "sheet %q: merged range %q is a single cell", sheet, ref)
				default:
					for _, o := range merges {
						if !(b.r2 < o.r1 || o.r2 < b.r1 || b.c2 < o.c1 || o.c2 < b.c1) {
							r.problem(part, "sheet %q: merged ranges %s and %s overlap; Excel removes merges on repair", sheet, o, b)
						}
					}
					merges = append(merges, b)
				}
			case "pane":
				xs, _ := strconv.ParseFloat(attrValue(t, "xSplit"), 64)
				ys, _ := strconv.ParseFloat(attrValue(t, "ySplit"), 64)
				state, active := attrValue(t, "state"), attrValue(t, "activePane")
				if tl, ok := attrOf(t, "topLeftCell"); ok && (state == "frozen" || state == "frozenSplit") {
					rr, cc, ok := parseCell(tl)
					if !ok || ys > 0 && float64(rr) <= ys || xs > 0 && float64(cc) <= xs {
						r.problem(part, "sheet %q: frozen pane's topLeftCell %s lies inside the frozen area", sheet, tl)
					}
				}
				if active == "bottomLeft" && ys == 0 || active == "topRight" && xs == 0 {
					r.problem(part, "sheet %q: activePane %s without a split that way", sheet, active)
				}
			case "headerFooter":
				inHeaderFooter = "headerFooter"
			case "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter":
				if inHeaderFooter != "" {
					inHFChild = t.Name.Local
					text.Reset()
					textOf = "hf"
				}
			case "pageSetup":
				if s, ok := attrOf(t, "scale"); ok {
					if v, err := strconv.Atoi(s); err != nil || v < 10 || v > 400 {
						r.problem(part, "sheet %q: pageSetup scale %s; Excel allows 10 to 400", sheet, s)
					}
				}
			case "cfRule":
				if v, ok := attrOf(t, "dxfId"); ok {
					if n, err := strconv.Atoi(v); err != nil || n < 0 || n >= r.dxfs {
						r.problem(part, "sheet %q: conditional format dxfId %s, but styles.xml has %d dxfs", sheet, v, r.dxfs)
					}
				}
			}
		case xml.CharData:
			if textOf != "" {
				text.Write(t)
			}
		case xml.EndElement:
			if t.Name.Space != nsMain {
				continue
			}
			switch t.Name.Local {
			case "v", "f":
				if inCell {
					if t.Name.Local == "v" {
						r.checkValue(part, at(cellRefText), cellType, text.String())
					} else {
						ft := text.String()
						if len(ft) > 8192 {
							r.problem(part, "%s: formula of %d characters; Excel takes 8,192", at(cellRefText), len(ft))
						}
						r.checkSheetRefs(part, "formula in "+at(cellRefText), ft)
						switch fType {
						case "shared":
							if fHasRef {
								shared[fSI] = true
							} else if !shared[fSI] {
								r.problem(part, "%s: shared formula si=%s before (or without) its master cell", at(cellRefText), fSI)
							}
						case "array", "dataTable":
							if !fHasRef {
								r.problem(part, "%s: %s formula without a ref", at(cellRefText), fType)
							}
						}
					}
					textOf = ""
				}
			case "t":
				if inCell && hasIs {
					isText.WriteString(text.String())
					text.Reset()
					textOf = ""
				}
			case "c":
				if inCell {
					if cellType == "inlineStr" {
						if !hasIs {
							r.problem(part, "%s: inlineStr without <is>", at(cellRefText))
						} else if n := len([]rune(isText.String())); n > 32767 {
							r.problem(part, "%s: text of %d characters; a cell holds 32,767", at(cellRefText), n)
						}
					}
					if hasV || hasF || hasIs {
						used.add(cellRow, cellCol)
					}
				}
				inCell = false
			case "headerFooter":
				inHeaderFooter = ""
			case "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter":
				if inHFChild != "" {
					if n := len([]rune(text.String())); n > 255 {
						r.problem(part, "sheet %q: %s of %d characters; Excel takes 255", sheet, inHFChild, n)
					}
					inHFChild, textOf = "", ""
				}
			}
		}
	}
	if disorder > 0 {
		r.problem(part, "sheet %q: %d of %d <col> elements overlap or precede the one before; Excel wants them ascending and disjoint, else it repairs the column information", sheet, disorder, colsSeen)
	}
	switch {
	case !dimSeen:
		r.problem(part, "sheet %q: no <dimension>; Excel writes one on every sheet and readers such as openpyxl's read-only mode rely on it", sheet)
	case used.r1 != 0 && dim != nil && !dim.covers(used):
		r.problem(part, "sheet %q: <dimension> %s but cells fill %s; readers that trust it (openpyxl read-only) see only the first", sheet, *dim, used)
	}
	r.charts(part, rels)
}

func attrValue(se xml.StartElement, local string) string {
	v, _ := attrOf(se, local)
	return v
}

func (r *rules) checkStyle(part, where, s string) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n >= r.cellXfs {
		r.problem(part, "%s: style %s, but styles.xml has %d cellXfs", where, s, r.cellXfs)
	}
}

func (r *rules) checkValue(part, where, typ, v string) {
	switch typ {
	case "s":
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 || n >= r.strings {
			r.problem(part, "%s: shared string index %q, the table has %d", where, v, r.strings)
		}
	case "b":
		if s := strings.TrimSpace(v); s != "0" && s != "1" {
			r.problem(part, "%s: boolean value %q (0 or 1)", where, v)
		}
	case "e":
		if !cellErrors[strings.TrimSpace(v)] {
			r.problem(part, "%s: error value %q", where, v)
		}
	case "n":
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			r.problem(part, "%s: number %q", where, v)
		}
	case "str":
		if n := len([]rune(v)); n > 32767 {
			r.problem(part, "%s: text of %d characters; a cell holds 32,767", where, n)
		}
	case "inlineStr", "d":
	default:
		r.problem(part, "%s: cell type %q", where, typ)
	}
}

// charts checks that the series formulas of the sheet's charts name sheets the
// workbook has.
func (r *rules) charts(part string, rels map[string]relation) {
	for _, rel := range rels {
		if !strings.HasSuffix(rel.Type, "/drawing") || rel.Mode == "External" {
			continue
		}
		for _, dr := range r.rels(rel.target) {
			if !strings.HasSuffix(dr.Type, "/chart") || dr.Mode == "External" {
				continue
			}
			data, ok := r.read(dr.target)
			if !ok {
				continue
			}
			d := xml.NewDecoder(bytes.NewReader(data))
			inF := false
			var f strings.Builder
			for {
				tok, err := d.Token()
				if err != nil {
					if err != io.EOF {
						r.problem(dr.target, "not well-formed: %v", err)
					}
					break
				}
				switch t := tok.(type) {
				case xml.StartElement:
					if t.Name.Space == nsChrt && t.Name.Local == "f" {
						inF = true
						f.Reset()
					}
				case xml.CharData:
					if inF {
						f.Write(t)
					}
				case xml.EndElement:
					if inF && t.Name.Local == "f" {
						r.checkSheetRefs(dr.target, fmt.Sprintf("series formula %q", f.String()), f.String())
						inF = false
					}
				}
			}
		}
	}
}
