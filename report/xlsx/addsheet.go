package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Relationship types and the worksheet content type of a new sheet.
const (
	relWorksheet       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
	relWorksheetStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet"
	ctWorksheet        = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	nsRelationships    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRelStrict        = "http://purl.oclc.org/ooxml/officeDocument/relationships"
)

// AddSheet adds to opt the edits that append a new worksheet named name, last
// in the workbook, whose rows are rows (row 1 first; a nil cell slice is an
// empty row): the sheet part, its entry in the workbook part and in the
// workbook's relationships, and its content type. Every other part is copied
// as it is.
func (b *Book) AddSheet(opt *RewriteOptions, name string, rows [][]OutCell) error {
	if _, exists := b.Sheet(name); exists {
		return fmt.Errorf("the workbook already has a sheet %q", name)
	}
	wbPart := b.WorkbookPart()
	dir, file := path.Split(wbPart)
	relsPart := dir + "_rels/" + file + ".rels"
	if _, ok := b.files[relsPart]; !ok {
		return fmt.Errorf("the workbook has no relationships part %s", relsPart)
	}
	// a part name and a relationship id no part uses
	n := len(b.Sheets) + 1
	part := ""
	for ; ; n++ {
		part = fmt.Sprintf("%sworksheets/sheet%d.xml", dir, n)
		if _, used := b.files[part]; !used {
			break
		}
	}
	relsData, err := b.readPart(relsPart)
	if err != nil {
		return err
	}
	rid := ""
	for i := len(b.Sheets) + 1; ; i++ {
		rid = fmt.Sprintf("rIdCovenant%d", i)
		if !bytes.Contains(relsData, []byte(`"`+rid+`"`)) {
			break
		}
	}
	wbData, err := b.readPart(wbPart)
	if err != nil {
		return err
	}
	strict := bytes.Contains(wbData, []byte(nsRelStrict))
	relType := relWorksheet
	if strict {
		relType = relWorksheetStrict
	}
	if opt.Edits == nil {
		opt.Edits = map[string]PartEdit{}
	}
	target := strings.TrimPrefix(part, dir)
	opt.Edits[relsPart] = insertBefore("</Relationships>", fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="%s"/>`, rid, relType, target))
	// the sheet element, with the workbook's own prefixes
	prefix := elementPrefix(wbData, "workbook")
	rPrefix := nsPrefix(wbData, nsRelationships)
	if strict {
		rPrefix = nsPrefix(wbData, nsRelStrict)
	}
	id := maxSheetID(wbData) + 1
	ns := ""
	if rPrefix == "" {
		rPrefix = "covr"
		ns = fmt.Sprintf(` xmlns:covr="%s"`, nsRelationships)
		if strict {
			ns = fmt.Sprintf(` xmlns:covr="%s"`, nsRelStrict)
		}
	}
	el := fmt.Sprintf(`<%ssheet name="%s" sheetId="%d" %s:id="%s"%s/>`, prefix, Escape(name), id, rPrefix, rid, ns)
	opt.Edits[wbPart] = insertBefore("</"+prefix+"sheets>", el)
	opt.Edits["[Content_Types].xml"] = insertBefore("</Types>", fmt.Sprintf(`<Override PartName="/%s" ContentType="%s"/>`, part, ctWorksheet))
	opt.Edits[part] = func(_ io.Reader, w io.Writer) error {
		var buf bytes.Buffer
		buf.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
		var used Range
		for i, cells := range rows {
			used.AddRow(i+1, cells)
		}
		buf.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		if !used.Empty() {
			buf.WriteString(`<dimension ref="` + used.Ref() + `"/>`)
		}
		buf.WriteString(`<sheetData>`)
		cw := cellWriter{memo: make([]cellMemo, maxMemoCol)}
		for i, cells := range rows {
			if len(cells) == 0 {
				continue
			}
			buf.Write(cw.appendRow(i+1, 0, nil, cells))
		}
		buf.WriteString(`</sheetData></worksheet>`)
		_, err := w.Write(buf.Bytes())
		return err
	}
	opt.Order = append(opt.Order, part)
	return nil
}

// insertBefore is a PartEdit that inserts text before the last occurrence of
// end.
func insertBefore(end, text string) PartEdit {
	return func(old io.Reader, w io.Writer) error {
		data, err := io.ReadAll(old)
		if err != nil {
			return err
		}
		i := bytes.LastIndex(data, []byte(end))
		if i < 0 {
			return fmt.Errorf("no %s in the part", end)
		}
		if _, err := w.Write(data[:i]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, text); err != nil {
			return err
		}
		_, err = w.Write(data[i:])
		return err
	}
}

// elementPrefix is the namespace prefix of the root element named local
// ("x:" for <x:workbook>, "" for <workbook>).
func elementPrefix(data []byte, local string) string {
	m := regexp.MustCompile(`<([A-Za-z_][\w.-]*:)?` + local + `[\s>]`).FindSubmatch(data)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// nsPrefix is the prefix bound to namespace ns in data ("" when none is).
func nsPrefix(data []byte, ns string) string {
	m := regexp.MustCompile(`xmlns:([A-Za-z_][\w.-]*)="` + regexp.QuoteMeta(ns) + `"`).FindSubmatch(data)
	if m == nil {
		return ""
	}
	return string(m[1])
}

func maxSheetID(data []byte) int {
	max := 0
	for _, m := range regexp.MustCompile(`sheetId="(\d+)"`).FindAllSubmatch(data, -1) {
		if n, err := strconv.Atoi(string(m[1])); err == nil && n > max {
			max = n
		}
	}
	return max
}

// DateStyle returns a cellXfs index whose number format shows a date without
// a time (the built-in m/d/yyyy, 14, first), and whether there is one.
func (b *Book) DateStyle() (int, bool) {
	if err := b.loadStyles(); err != nil {
		return 0, false
	}
	for i, f := range b.numFmt {
		if f == 14 {
			return i, true
		}
	}
	for i, d := range b.dateXf {
		if d && (b.numFmt[i] < 18 || b.numFmt[i] > 21) {
			return i, true
		}
	}
	return 0, false
}

// AppendRows is a Transformer that writes rows after the sheet's last row,
// numbered on from it. (The sheet's <dimension>, a hint, is left as it is.)
type AppendRows struct {
	// Cells are the rows to append, in order. A cell whose Style is KeepStyle
	// takes the style of the last cell above it in its column, else its
	// column's Fallback, else none.
	Cells    [][]OutCell
	Fallback map[int]int
	// HeaderRow is the table's header row: it and the rows above give no
	// style.
	HeaderRow int
	last      int
	// styles of the last row's cells by column
	styles map[int]int
}

// Head keeps the sheet's start.
func (a *AppendRows) Head(h []byte) ([]byte, error) { return h, nil }

// Row notes the last row and its cells' styles.
func (a *AppendRows) Row(r *Row, _ *RowOut) error {
	a.last = r.Num
	if r.Num <= a.HeaderRow {
		return nil
	}
	for _, c := range r.Cells {
		if c.Kind != Blank || c.Style > 0 {
			if a.styles == nil {
				a.styles = map[int]int{}
			}
			a.styles[c.Col] = c.Style
		}
	}
	return nil
}

// End emits the rows.
func (a *AppendRows) End(out *RowOut) error {
	for i, cells := range a.Cells {
		cs := append([]OutCell(nil), cells...)
		for j := range cs {
			if cs[j].Style == KeepStyle {
				cs[j].Style = a.Fallback[cs[j].Col]
				if st, ok := a.styles[cs[j].Col]; ok {
					cs[j].Style = st
				}
			}
		}
		out.Emit(a.last+1+i, cs, false)
	}
	return nil
}

// Tail keeps the rest of the sheet.
func (a *AppendRows) Tail(t []byte) ([]byte, error) { return t, nil }
