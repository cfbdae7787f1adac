package oracle

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"testing"
)

// FormulaCell is one cell that holds a formula, with the cached value written
// in the file (the value a spreadsheet program shows before recalculating).
// Formula is the text of the <f> element without the leading '='; it is empty
// for the dependent cells of a shared formula (<f t="shared" si="N"/>).
type FormulaCell struct {
	Sheet   string
	Cell    string
	Formula string
	Cached  string

	typ       string // the cell's t attribute ("" means number)
	hasCached bool   // whether the cell has a <v> element
	shared    string // si of a shared formula, if any
}

// cellValue is what a sheet part says about one cell.
type cellValue struct {
	typ       string
	value     string
	hasValue  bool
	isFormula bool
	formula   string
	shared    string
}

// Formulas returns every cell of the workbook at path that holds a formula, in
// sheet order and then in the order of the sheet part, with its cached value.
func Formulas(tb testing.TB, path string) []FormulaCell {
	tb.Helper()
	wb, err := readWorkbook(path)
	if err != nil {
		tb.Fatalf("oracle: %v", err)
	}
	return wb.formulas()
}

type workbook struct {
	sheets []string                        // sheet names in workbook order
	cells  map[string]map[string]cellValue // sheet -> cell ref -> value
	order  map[string][]string             // sheet -> cell refs in file order
}

func (wb *workbook) formulas() []FormulaCell {
	var out []FormulaCell
	for _, sh := range wb.sheets {
		for _, ref := range wb.order[sh] {
			c := wb.cells[sh][ref]
			if !c.isFormula {
				continue
			}
			out = append(out, FormulaCell{
				Sheet: sh, Cell: ref, Formula: c.formula, Cached: c.value,
				typ: c.typ, hasCached: c.hasValue, shared: c.shared,
			})
		}
	}
	return out
}

const (
	relTypeSuffixSheet   = "/worksheet"
	relTypeSuffixStrings = "/sharedStrings"
)

// readWorkbook reads sheet names, cell values and formulas of an .xlsx file,
// resolving shared strings. It reads the XML parts directly, so what it sees
// is exactly what is in the file.
func readWorkbook(name string) (*workbook, error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", name, err)
	}
	defer zr.Close()
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}

	wbPart := "xl/workbook.xml"
	if rels, err := readRels(files, "_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPart = r.Target
			}
		}
	}
	var wbXML struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(files, wbPart, &wbXML); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	wbDir := path.Dir(wbPart)
	rels, err := readRels(files, path.Join(wbDir, "_rels", path.Base(wbPart)+".rels"), wbDir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	relByID := map[string]rel{}
	var sst []string
	for _, r := range rels {
		relByID[r.ID] = r
		if strings.HasSuffix(r.Type, relTypeSuffixStrings) {
			if sst, err = readSharedStrings(files, r.Target); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}

	wb := &workbook{cells: map[string]map[string]cellValue{}, order: map[string][]string{}}
	for _, s := range wbXML.Sheets {
		id := ""
		for _, a := range s.Attrs {
			// r:id, whatever prefix or (transitional/strict) namespace it has.
			if a.Name.Local == "id" && a.Name.Space != "" {
				id = a.Value
			}
		}
		r, ok := relByID[id]
		if !ok || !strings.HasSuffix(r.Type, relTypeSuffixSheet) {
			continue // chart sheets, dialog sheets: no cells
		}
		cells, order, err := readSheet(files, r.Target, sst)
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %q: %w", name, s.Name, err)
		}
		wb.sheets = append(wb.sheets, s.Name)
		wb.cells[s.Name] = cells
		wb.order[s.Name] = order
	}
	return wb, nil
}

type rel struct {
	ID, Type, Target string
}

// readRels reads a relationships part; targets are resolved against baseDir
// into part names without a leading slash. External targets are dropped.
func readRels(files map[string]*zip.File, part, baseDir string) ([]rel, error) {
	var x struct {
		Rels []struct {
			ID         string `xml:"Id,attr"`
			Type       string `xml:"Type,attr"`
			Target     string `xml:"Target,attr"`
			TargetMode string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(files, part, &x); err != nil {
		return nil, err
	}
	var out []rel
	for _, r := range x.Rels {
		if r.TargetMode == "External" {
			continue
		}
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(baseDir, t)
		}
		out = append(out, rel{ID: r.ID, Type: r.Type, Target: t})
	}
	return out, nil
}

func openPart(files map[string]*zip.File, part string) (io.ReadCloser, error) {
	f, ok := files[part]
	if !ok {
		return nil, fmt.Errorf("no part %s", part)
	}
	return f.Open()
}

func decodePart(files map[string]*zip.File, part string, v any) error {
	rc, err := openPart(files, part)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", part, err)
	}
	return nil
}

// richText is the content of an <si> or <is> element: plain <t>, or rich-text
// runs <r><t>; phonetic runs (<rPh>) are not part of the value.
type richText struct {
	T    *string `xml:"t"`
	Runs []struct {
		T string `xml:"t"`
	} `xml:"r"`
}

func (r richText) String() string {
	if r.T != nil && len(r.Runs) == 0 {
		return *r.T
	}
	var b strings.Builder
	if r.T != nil {
		b.WriteString(*r.T)
	}
	for _, run := range r.Runs {
		b.WriteString(run.T)
	}
	return b.String()
}

func readSharedStrings(files map[string]*zip.File, part string) ([]string, error) {
	var x struct {
		SI []richText `xml:"si"`
	}
	if err := decodePart(files, part, &x); err != nil {
		return nil, err
	}
	out := make([]string, len(x.SI))
	for i, si := range x.SI {
		out[i] = si.String()
	}
	return out, nil
}

type xmlCell struct {
	R string `xml:"r,attr"`
	T string `xml:"t,attr"`
	F *struct {
		Text string `xml:",chardata"`
		SI   string `xml:"si,attr"`
	} `xml:"f"`
	V  *string   `xml:"v"`
	Is *richText `xml:"is"`
}

// readSheet streams one worksheet part and returns its cells by reference,
// with shared-string values resolved, and the references in file order.
func readSheet(files map[string]*zip.File, part string, sst []string) (map[string]cellValue, []string, error) {
	rc, err := openPart(files, part)
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	cells := map[string]cellValue{}
	var order []string
	dec := xml.NewDecoder(rc)
	row, col := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", part, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			row, col = row+1, 0
			for _, a := range se.Attr {
				if a.Name.Local == "r" {
					if n, err := strconv.Atoi(a.Value); err == nil {
						row = n
					}
				}
			}
		case "c":
			var c xmlCell
			if err := dec.DecodeElement(&c, &se); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", part, err)
			}
			ref := strings.ToUpper(c.R)
			if ref == "" {
				col++
				ref = columnName(col) + strconv.Itoa(row)
			} else if n := columnNumber(ref); n > 0 {
				col = n
			}
			v := cellValue{typ: c.T}
			if c.V != nil {
				v.value, v.hasValue = *c.V, true
			}
			switch {
			case c.T == "inlineStr" && c.Is != nil:
				v.value, v.hasValue = c.Is.String(), true
			case c.T == "s" && v.hasValue:
				i, err := strconv.Atoi(strings.TrimSpace(v.value))
				if err != nil || i < 0 || i >= len(sst) {
					return nil, nil, fmt.Errorf("%s: cell %s: bad shared string index %q", part, ref, v.value)
				}
				v.value = sst[i]
			}
			if c.F != nil {
				v.isFormula, v.formula, v.shared = true, c.F.Text, c.F.SI
			}
			if _, dup := cells[ref]; !dup {
				order = append(order, ref)
			}
			cells[ref] = v
		}
	}
	return cells, order, nil
}

// columnNumber returns the 1-based column of a reference like "AB12", or 0.
func columnNumber(ref string) int {
	n := 0
	for _, r := range ref {
		if r < 'A' || r > 'Z' {
			break
		}
		n = n*26 + int(r-'A'+1)
	}
	return n
}

func columnName(n int) string {
	var b []byte
	for n > 0 {
		n--
		b = append([]byte{byte('A' + n%26)}, b...)
		n /= 26
	}
	return string(b)
}

// mismatch is one formula cell whose cached value disagrees with the value
// LibreOffice computed.
type mismatch struct {
	Sheet, Cell, Formula string
	Cached, Recalculated string
	Reason               string
}

func (m mismatch) String() string {
	f := m.Formula
	if f == "" {
		f = "(shared formula)"
	}
	return fmt.Sprintf("%s!%s =%s: cached %s, recalculated %s: %s", m.Sheet, m.Cell, f, m.Cached, m.Recalculated, m.Reason)
}

// CompareRecalc recalculates the workbook at path in LibreOffice and checks
// every formula cell's cached value against LibreOffice's value for the same
// cell: numbers must agree to the cent (|a-b| < 0.005), strings and error
// values exactly, booleans after normalizing 1/0 and TRUE/FALSE. A formula
// without a cached value is a mismatch too, except that a string-typed cell
// (t="str") without <v> counts as caching "" (excelize writes "" that way). Each mismatch is reported with
// tb.Errorf. It returns how many formula cells it checked; callers should
// assert that this is more than zero so that a report without formulas does
// not pass silently.
func CompareRecalc(tb testing.TB, path string) (checked int) {
	tb.Helper()
	recalculated := Recalc(tb, path)
	checked, mismatches, err := compareFiles(path, recalculated)
	if err != nil {
		tb.Fatalf("oracle: %v", err)
	}
	for _, m := range mismatches {
		tb.Errorf("cached value differs from LibreOffice: %s", m)
	}
	return checked
}

// compareFiles compares the cached values of the formula cells of orig with
// the values of the same cells in recalculated.
func compareFiles(orig, recalculated string) (checked int, mismatches []mismatch, err error) {
	a, err := readWorkbook(orig)
	if err != nil {
		return 0, nil, err
	}
	b, err := readWorkbook(recalculated)
	if err != nil {
		return 0, nil, err
	}
	for _, fc := range a.formulas() {
		checked++
		m := mismatch{Sheet: fc.Sheet, Cell: fc.Cell, Formula: fc.Formula, Cached: describe(fc.typ, fc.Cached, fc.hasCached)}
		sheet, ok := b.cells[fc.Sheet]
		if !ok {
			m.Recalculated, m.Reason = "(none)", "sheet missing from the recalculated copy"
			mismatches = append(mismatches, m)
			continue
		}
		rc, ok := sheet[fc.Cell]
		m.Recalculated = describe(rc.typ, rc.value, ok && rc.hasValue)
		if !fc.hasCached {
			// t="str" without <v> is how excelize's StreamWriter writes a
			// formula whose cached value is the empty string (and also a
			// formula given no value at all): accept it only when
			// LibreOffice computes "" too.
			if fc.typ == "str" && (!ok || !rc.hasValue || (kind(rc.typ) == "string" && rc.value == "")) {
				continue
			}
			m.Reason = "no cached value"
			mismatches = append(mismatches, m)
			continue
		}
		if !ok || !rc.hasValue {
			// LibreOffice drops cells whose result is an empty string.
			if kind(fc.typ) == "string" && fc.Cached == "" {
				continue
			}
			m.Reason = "no value in the recalculated copy"
			mismatches = append(mismatches, m)
			continue
		}
		if reason := sameValue(fc.typ, fc.Cached, rc.typ, rc.value); reason != "" {
			m.Reason = reason
			mismatches = append(mismatches, m)
		}
	}
	return checked, mismatches, nil
}

// kind classifies a cell's t attribute.
func kind(t string) string {
	switch t {
	case "", "n", "d":
		return "number"
	case "s", "str", "inlineStr":
		return "string"
	case "b":
		return "bool"
	case "e":
		return "error"
	}
	return t
}

func describe(t, v string, has bool) string {
	if !has {
		return "(none)"
	}
	switch kind(t) {
	case "string":
		return strconv.Quote(v)
	case "bool":
		if b, ok := boolValue(v); ok {
			return strings.ToUpper(strconv.FormatBool(b))
		}
	}
	return v
}

func boolValue(v string) (bool, bool) {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "1", "TRUE":
		return true, true
	case "0", "FALSE":
		return false, true
	}
	return false, false
}

// sameValue returns "" when the cached value (ta, a) and the recalculated one
// (tb, b) agree, or why they do not.
func sameValue(ta, a, tb, b string) string {
	ka, kb := kind(ta), kind(tb)
	if ka == "bool" || kb == "bool" {
		x, okx := boolValue(a)
		y, oky := boolValue(b)
		if !okx || !oky {
			return fmt.Sprintf("type differs (%s vs %s)", ka, kb)
		}
		if x != y {
			return "boolean differs"
		}
		return ""
	}
	if ka != kb {
		return fmt.Sprintf("type differs (cached %s, recalculated %s)", ka, kb)
	}
	switch ka {
	case "number":
		x, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
		y, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
		if err1 != nil || err2 != nil {
			if a != b {
				return "not a number"
			}
			return ""
		}
		if d := math.Abs(x - y); !(d < 0.005) {
			return fmt.Sprintf("differs by %g", d)
		}
		return ""
	default:
		if a != b {
			return "differs"
		}
		return ""
	}
}
