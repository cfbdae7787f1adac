package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// The workbook model: just enough of SpreadsheetML to write every input the
// corpus needs by hand, byte for byte the same on every run.

// Cell values beyond Go's own (string: shared string; int, float64: number;
// bool: boolean; nil: no cell).
type (
	// num is a number written as this text in <v>.
	num string
	// inline is a string written inline (t="inlineStr").
	inline string
	// errv is an error value a formula shows, with the formula that made it.
	errv struct{ value, formula string }
	// fnum is a formula with the number it shows, as Excel saves =SUM(...).
	fnum struct {
		formula string
		value   float64
	}
	// date is a date (and time) stored as a serial number with a date style.
	date struct{ y, m, d, h, mi int }
	// raw is a whole <c> element's inner attributes and content, written as is
	// after r="..": e.g. ` t="s"><v>999</v>`.
	raw string
	// styled is a value with a cell style (cellXfs index).
	styled struct {
		v any
		s int
	}
)

func d(y, m, dd int) date         { return date{y, m, dd, 0, 0} }
func dt(y, m, dd, h, mi int) date { return date{y, m, dd, h, mi} }

// Cell styles (cellXfs indexes) in every book's styles.xml.
const (
	styleGeneral  = 0
	styleDate     = 1 // m/d/yyyy (built-in 14)
	styleDateTime = 2 // m/d/yyyy h:mm (built-in 22)
	styleMoney    = 3 // #,##0.00 (built-in 4)
	styleHeader   = 4 // bold
	styleFill     = 5 // a yellow fill, as a whole row formatted by hand
)

type row struct {
	num    int
	hidden bool
	attrs  string // extra attributes, e.g. ` s="5" customFormat="1"`
	cells  []any  // from column A; nil leaves a column empty
}

type sheet struct {
	name  string
	state string // "" or "hidden"
	rows  []row
	head  string // XML after <sheetViews> and before <sheetData> (e.g. <cols>)
	tail  string // XML after </sheetData> (e.g. <mergeCells>)
	// rawXML, when set, is the whole part.
	rawXML []byte
}

// rowsFrom numbers rows consecutively from first.
func rowsFrom(first int, data ...[]any) []row {
	var rs []row
	for i, r := range data {
		rs = append(rs, row{num: first + i, cells: r})
	}
	return rs
}

type book struct {
	sheets   []*sheet
	date1904 bool
	// workbookDoctype goes before <workbook> (for the entity cases).
	workbookDoctype string
	sstDoctype      string
	sheetDoctype    map[string]string // sheet name -> doctype
	dropParts       map[string]bool
	extra           []part
}

type part struct {
	name string
	data []byte
}

const (
	nsMain  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// serial is Excel's serial number of a date in the book's date system.
func (b *book) serial(v date) string {
	t := time.Date(v.y, time.Month(v.m), v.d, v.h, v.mi, 0, 0, time.UTC)
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if b.date1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := t.Sub(epoch).Hours() / 24
	return strconv.FormatFloat(math.Round(days*1e6)/1e6, 'f', -1, 64)
}

func colName(c int) string {
	s := ""
	for c > 0 {
		c--
		s = string(rune('A'+c%26)) + s
		c /= 26
	}
	return s
}

func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// parts renders the package's parts in a fixed order.
func (b *book) parts() []part {
	var sst []string
	sstIndex := map[string]int{}
	str := func(s string) int {
		if i, ok := sstIndex[s]; ok {
			return i
		}
		sstIndex[s] = len(sst)
		sst = append(sst, s)
		return len(sst) - 1
	}
	var ps []part
	var sheetParts []part
	for i, sh := range b.sheets {
		name := fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		if sh.rawXML != nil {
			sheetParts = append(sheetParts, part{name, sh.rawXML})
			continue
		}
		var w strings.Builder
		w.WriteString(xmlDecl)
		if dt := b.sheetDoctype[sh.name]; dt != "" {
			w.WriteString(dt + "\n")
		}
		w.WriteString(`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
		w.WriteString(`<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
		w.WriteString(sh.head)
		w.WriteString("<sheetData>")
		for _, r := range sh.rows {
			fmt.Fprintf(&w, `<row r="%d"`, r.num)
			if r.hidden {
				w.WriteString(` hidden="1"`)
			}
			w.WriteString(r.attrs)
			if len(r.cells) == 0 {
				w.WriteString("/>")
				continue
			}
			w.WriteString(">")
			for c, v := range r.cells {
				if v == nil {
					continue
				}
				ref := colName(c+1) + strconv.Itoa(r.num)
				w.WriteString(b.cell(ref, v, 0, str))
			}
			w.WriteString("</row>")
		}
		w.WriteString("</sheetData>")
		w.WriteString(sh.tail)
		w.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
		sheetParts = append(sheetParts, part{name, []byte(w.String())})
	}

	var ct strings.Builder
	ct.WriteString(xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	ct.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`)
	ct.WriteString(`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	for i := range b.sheets {
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	ct.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	ct.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	ct.WriteString(`</Types>`)
	ps = append(ps, part{"[Content_Types].xml", []byte(ct.String())})
	ps = append(ps, part{"_rels/.rels", []byte(xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)})

	var wb strings.Builder
	wb.WriteString(xmlDecl)
	if b.workbookDoctype != "" {
		wb.WriteString(b.workbookDoctype + "\n")
	}
	wb.WriteString(`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	if b.date1904 {
		wb.WriteString(`<workbookPr date1904="1"/>`)
	} else {
		wb.WriteString(`<workbookPr/>`)
	}
	wb.WriteString(`<bookViews><workbookView/></bookViews><sheets>`)
	for i, sh := range b.sheets {
		state := ""
		if sh.state != "" {
			state = ` state="` + sh.state + `"`
		}
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, esc(sh.name), i+1, state, i+1)
	}
	wb.WriteString(`</sheets></workbook>`)
	ps = append(ps, part{"xl/workbook.xml", []byte(wb.String())})

	var rels strings.Builder
	rels.WriteString(xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := range b.sheets {
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	n := len(b.sheets)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, n+1)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, n+2)
	rels.WriteString(`</Relationships>`)
	ps = append(ps, part{"xl/_rels/workbook.xml.rels", []byte(rels.String())})
	ps = append(ps, sheetParts...)
	ps = append(ps, part{"xl/styles.xml", []byte(stylesXML)})

	var ss strings.Builder
	ss.WriteString(xmlDecl)
	if b.sstDoctype != "" {
		ss.WriteString(b.sstDoctype + "\n")
	}
	fmt.Fprintf(&ss, `<sst xmlns="%s" count="%d" uniqueCount="%d">`, nsMain, len(sst), len(sst))
	for _, s := range sst {
		sp := ""
		if strings.TrimSpace(s) != s {
			sp = ` xml:space="preserve"`
		}
		ss.WriteString("<si><t" + sp + ">" + esc(s) + "</t></si>")
	}
	ss.WriteString(`</sst>`)
	ps = append(ps, part{"xl/sharedStrings.xml", []byte(ss.String())})
	ps = append(ps, b.extra...)
	var out []part
	for _, p := range ps {
		if !b.dropParts[p.name] {
			out = append(out, p)
		}
	}
	return out
}

func (b *book) cell(ref string, v any, style int, str func(string) int) string {
	st := func(def int) string {
		if style != 0 {
			def = style
		}
		if def == 0 {
			return ""
		}
		return fmt.Sprintf(` s="%d"`, def)
	}
	switch x := v.(type) {
	case styled:
		return b.cell(ref, x.v, x.s, str)
	case string:
		return fmt.Sprintf(`<c r="%s"%s t="s"><v>%d</v></c>`, ref, st(0), str(x))
	case inline:
		return fmt.Sprintf(`<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, st(0), esc(string(x)))
	case int:
		return fmt.Sprintf(`<c r="%s"%s><v>%d</v></c>`, ref, st(0), x)
	case float64:
		return fmt.Sprintf(`<c r="%s"%s><v>%s</v></c>`, ref, st(0), strconv.FormatFloat(x, 'f', -1, 64))
	case num:
		return fmt.Sprintf(`<c r="%s"%s><v>%s</v></c>`, ref, st(0), x)
	case bool:
		v := 0
		if x {
			v = 1
		}
		return fmt.Sprintf(`<c r="%s"%s t="b"><v>%d</v></c>`, ref, st(0), v)
	case date:
		s := styleDate
		if x.h != 0 || x.mi != 0 {
			s = styleDateTime
		}
		return fmt.Sprintf(`<c r="%s"%s><v>%s</v></c>`, ref, st(s), b.serial(x))
	case errv:
		return fmt.Sprintf(`<c r="%s"%s t="e"><f>%s</f><v>%s</v></c>`, ref, st(0), esc(x.formula), esc(x.value))
	case fnum:
		return fmt.Sprintf(`<c r="%s"%s><f>%s</f><v>%s</v></c>`, ref, st(0), esc(x.formula), strconv.FormatFloat(x.value, 'f', -1, 64))
	case raw:
		return fmt.Sprintf(`<c r="%s"%s`, ref, string(x))
	}
	panic(fmt.Sprintf("cell %s: unknown value %T", ref, v))
}

const stylesXML = xmlDecl + `<styleSheet xmlns="` + nsMain + `">` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="6">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>` +
	`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`

// stamp is every zip entry's modification time.
var stamp = time.Date(2003, 2, 3, 9, 0, 0, 0, time.UTC)

// zipParts writes the parts as a zip package, deflated at the best level.
func zipParts(ps []part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, p := range ps {
		fh := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: stamp}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			panic(err)
		}
		w.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func (b *book) bytes() []byte { return zipParts(b.parts()) }

// cfb writes an OLE compound file (version 3, 512-byte sectors) holding the
// given streams, each padded to at least 4,096 bytes so that none lives in the
// mini stream. Entries are chained as right siblings under the root, sorted as
// the format orders names (by length, then upper case).
func cfb(streams map[string][]byte) []byte {
	const sec = 512
	const (
		free       = 0xFFFFFFFF
		endOfChain = 0xFFFFFFFE
		fatSect    = 0xFFFFFFFD
	)
	names := make([]string, 0, len(streams))
	for n := range streams {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := utf16.Encode([]rune(names[i])), utf16.Encode([]rune(names[j]))
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return strings.ToUpper(names[i]) < strings.ToUpper(names[j])
	})
	dirEntries := 1 + len(names)
	dirSectors := (dirEntries*128 + sec - 1) / sec
	var fat []uint32
	fat = append(fat, fatSect) // sector 0: the FAT itself
	dirStart := len(fat)
	for i := 0; i < dirSectors; i++ {
		if i == dirSectors-1 {
			fat = append(fat, endOfChain)
		} else {
			fat = append(fat, uint32(len(fat)+1))
		}
	}
	type placed struct {
		start, size int
		data        []byte
	}
	var body [][]byte
	pl := map[string]placed{}
	for _, n := range names {
		data := streams[n]
		if len(data) < 4096 {
			data = append(append([]byte(nil), data...), make([]byte, 4096-len(data))...)
		}
		nsec := (len(data) + sec - 1) / sec
		start := len(fat)
		for i := 0; i < nsec; i++ {
			if i == nsec-1 {
				fat = append(fat, endOfChain)
			} else {
				fat = append(fat, uint32(len(fat)+1))
			}
		}
		padded := append(append([]byte(nil), data...), make([]byte, nsec*sec-len(data))...)
		body = append(body, padded)
		pl[n] = placed{start, len(streams[n]), padded}
		if len(streams[n]) < 4096 {
			pl[n] = placed{start, 4096, padded}
		}
	}
	if len(fat) > sec/4 {
		panic("cfb: too many sectors for one FAT sector")
	}
	for len(fat) < sec/4 {
		fat = append(fat, free)
	}
	hdr := make([]byte, sec)
	copy(hdr, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le := binary.LittleEndian
	le.PutUint16(hdr[0x18:], 0x3E)
	le.PutUint16(hdr[0x1A:], 3)
	le.PutUint16(hdr[0x1C:], 0xFFFE)
	le.PutUint16(hdr[0x1E:], 9)
	le.PutUint16(hdr[0x20:], 6)
	le.PutUint32(hdr[0x2C:], 1)
	le.PutUint32(hdr[0x30:], uint32(dirStart))
	le.PutUint32(hdr[0x38:], 4096)
	le.PutUint32(hdr[0x3C:], endOfChain)
	le.PutUint32(hdr[0x44:], endOfChain)
	le.PutUint32(hdr[0x4C:], 0)
	for i := 1; i < 109; i++ {
		le.PutUint32(hdr[0x4C+4*i:], free)
	}
	fatSec := make([]byte, sec)
	for i, v := range fat {
		le.PutUint32(fatSec[4*i:], v)
	}
	dir := make([]byte, dirSectors*sec)
	entry := func(i int, name string, typ byte, child, right uint32, start uint32, size int) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66] = typ
		e[67] = 1 // black
		le.PutUint32(e[68:], free)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint32(e[120:], uint32(size))
	}
	for i := 0; i < dirSectors*sec/128; i++ {
		e := dir[i*128 : (i+1)*128]
		le.PutUint32(e[68:], free)
		le.PutUint32(e[72:], free)
		le.PutUint32(e[76:], free)
	}
	child := uint32(free)
	if len(names) > 0 {
		child = 1
	}
	entry(0, "Root Entry", 5, child, free, endOfChain, 0)
	for i, n := range names {
		right := uint32(free)
		if i+1 < len(names) {
			right = uint32(i + 2)
		}
		entry(i+1, n, 2, free, right, uint32(pl[n].start), pl[n].size)
	}
	out := append(append(hdr, fatSec...), dir...)
	for _, b := range body {
		out = append(out, b...)
	}
	return out
}
