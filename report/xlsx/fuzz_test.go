package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Fuzz targets for the reader: a worksheet's XML through the scanner, the row
// parser and the cell decoder; a whole package from arbitrary bytes; and the
// rewriter, whose output must read back as the input with the cells it set.
// Seeds: the corpus of bad inputs (testdata/bad) and the samples.

// seedBooks returns the workbooks of testdata/bad and samples small enough to
// mutate quickly.
func seedBooks(tb testing.TB) [][]byte {
	var out [][]byte
	for _, pat := range []string{"../../testdata/bad/*.xlsx", "../../samples/*.xlsx", "../../testdata/preserve/*.xlsx"} {
		files, _ := filepath.Glob(pat)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			if len(data) <= seedMax {
				out = append(out, data)
			}
		}
	}
	if len(out) == 0 {
		tb.Fatal("no seed workbooks")
	}
	return out
}

// seedSheets returns the worksheet parts of the seed workbooks.
func seedSheets(tb testing.TB) [][]byte {
	var out [][]byte
	for _, data := range seedBooks(tb) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			continue
		}
		for _, f := range zr.File {
			if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") || f.UncompressedSize64 > 256<<10 {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				continue
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err == nil {
				out = append(out, b)
			}
		}
	}
	return out
}

// bookWithSheet wraps sheet XML into a one-sheet package ("Data"), stored.
func bookWithSheet(sheet []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		w.Write(data)
	}
	add("[Content_Types].xml", []byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	add("_rels/.rels", []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	add("xl/workbook.xml", []byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	add("xl/_rels/workbook.xml.rels", []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`))
	add("xl/sharedStrings.xml", []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>PO Number</t></si><si><t>x &amp; y</t></si><si><r><t>rich</t></r><r><t> text</t></r></si></sst>`))
	add("xl/worksheets/sheet1.xml", sheet)
	zw.Close()
	return buf.Bytes()
}

// readBook reads every row of every sheet (at most limit rows in all), returning
// the cells as text.
func readBook(b *Book, limit int) ([]string, error) {
	var out []string
	stop := errors.New("stop")
	for _, sh := range b.Sheets {
		if _, ok := b.Sheet(sh.Name); !ok {
			continue
		}
		err := b.ReadRows(sh, func(r *Row) error {
			if len(out) >= limit {
				return stop
			}
			var sb strings.Builder
			sb.WriteString(sh.Name)
			for _, c := range r.Cells {
				sb.WriteString("|" + CellRef(c.Col, r.Num) + "=" + c.Text + kindTag(c))
			}
			out = append(out, sb.String())
			return nil
		})
		if err == stop {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// FuzzOpenBytes opens arbitrary bytes as a workbook and reads every sheet: it
// must fail with an error or read, never panic or hang.
func FuzzOpenBytes(f *testing.F) {
	for _, b := range seedBooks(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := OpenBytes(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		defer b.Close()
		readBook(b, 20000)
	})
}

// FuzzSheet reads arbitrary worksheet XML, and when it reads, rewrites it with
// a cell set in column C of every row and a row added at the end: the new
// sheet must read back as the old one with exactly those changes.
func FuzzSheet(f *testing.F) {
	for _, s := range seedSheets(f) {
		f.Add(s)
	}
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>1</v></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<x:worksheet xmlns:x="m"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		b, err := OpenBytes(bookWithSheet(sheet))
		if err != nil {
			return
		}
		sh, ok := b.Sheet("Data")
		if !ok {
			t.Fatal("sheet Data not found")
		}
		type cell struct {
			kind Kind
			text string
		}
		before := map[int]map[int]cell{}
		last := 0
		err = b.ReadRows(sh, func(r *Row) error {
			m := map[int]cell{}
			for _, c := range r.Cells {
				m[c.Col] = cell{c.Kind, c.Text}
			}
			before[r.Num] = m
			last = r.Num
			return nil
		})
		if err != nil {
			return
		}
		if last >= MaxRows {
			return
		}
		var out bytes.Buffer
		if err := b.Rewrite(&out, RewriteOptions{Edits: map[string]PartEdit{sh.Part: b.SheetPart(sh, &setC{})}}); err != nil {
			t.Fatalf("a sheet that reads does not rewrite: %v", err)
		}
		nb, err := OpenBytes(out.Bytes())
		if err != nil {
			t.Fatalf("the rewritten package does not open: %v", err)
		}
		seen := map[int]bool{}
		err = nb.ReadRows(sh, func(r *Row) error {
			seen[r.Num] = true
			old, existed := before[r.Num]
			if !existed && r.Num != last+1 {
				t.Fatalf("row %d appeared", r.Num)
			}
			got := map[int]cell{}
			for _, c := range r.Cells {
				got[c.Col] = cell{c.Kind, c.Text}
			}
			if got[3] != (cell{Text, "=cmd|' /C calc'!A0"}) {
				t.Fatalf("row %d: C = %+v", r.Num, got[3])
			}
			for col, c := range old {
				if col != 3 && got[col] != c {
					t.Fatalf("row %d col %d: %+v became %+v", r.Num, col, c, got[col])
				}
			}
			for col := range got {
				if _, ok := old[col]; !ok && col != 3 {
					t.Fatalf("row %d col %d appeared", r.Num, col)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("the rewritten sheet does not read: %v", err)
		}
		for n := range before {
			if !seen[n] {
				t.Fatalf("row %d was lost", n)
			}
		}
		if !seen[last+1] {
			t.Fatalf("the added row %d is missing", last+1)
		}
	})
}

// setC sets column C of every row to a text that looks like a formula, and adds
// a row after the last.
type setC struct{ last int }

func (*setC) Head(h []byte) ([]byte, error) { return h, nil }
func (*setC) Tail(t []byte) ([]byte, error) { return t, nil }
func (s *setC) Row(r *Row, out *RowOut) error {
	s.last = r.Num
	out.Set(injected)
	return nil
}

func (s *setC) End(out *RowOut) error {
	out.Emit(s.last+1, []OutCell{injected}, false)
	return nil
}

var injected = OutCell{Col: 3, Style: KeepStyle, Kind: Text, Value: "=cmd|' /C calc'!A0"}

// FuzzParseRow parses arbitrary bytes as a <row> element and decodes its cells.
func FuzzParseRow(f *testing.F) {
	for _, s := range seedSheets(f) {
		sc := newSheetScanner(bytes.NewReader(s))
		if _, err := sc.Head(); err != nil {
			continue
		}
		for i := 0; i < 3; i++ {
			rb, err := sc.Next()
			if err != nil || rb == nil {
				break
			}
			f.Add(append([]byte(nil), rb...))
		}
	}
	f.Add([]byte(`<row r="3" hidden="1"><c r="B3" t="inlineStr"><is><r><t>a</t></r><rPh><t>x</t></rPh><r><t>&#66;</t></r></is></c></row>`))
	b := &Book{sst: []string{"zero", "one"}, sstDone: true, stylesOK: true, dateXf: []bool{false, true}}
	f.Fuzz(func(t *testing.T, row []byte) {
		var ri rowInfo
		if err := parseRow(row, 0, &ri); err != nil {
			return
		}
		for i := range ri.cells {
			c := &ri.cells[i]
			if c.start < 0 || c.end > len(row) || c.start >= c.end {
				t.Fatalf("cell %d spans %d..%d of %d bytes", i, c.start, c.end, len(row))
			}
			b.decodeCell(c, b.sst, nil)
		}
	})
}

// seedMax bounds a seed's size: the fuzzing engine slows to a crawl on inputs
// of hundreds of kilobytes.
const seedMax = 16 << 10

// FuzzCellFastPath holds the shortcuts for the usual spellings of cells to the
// general reading: a row must decode to the same cells, or fail, either way.
func FuzzCellFastPath(f *testing.F) {
	for _, s := range []string{
		`<row r="2"><c r="A2" s="3" t="s"><v>0</v></c><c r="B2"><v>12.5</v></c><c r="C2" t="inlineStr"><is><t>a&amp;b</t></is></c></row>`,
		`<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c><c r="B2" s="1"/><c s="2"><v>1</v></c></row>`,
		`<row><c r="A1" t="str"><f>A2</f><v>x</v></c><c r="B1" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>`,
		`<row r="1"><c r="A1"  s="1"><v>1</v></c><c r='B1'><v>2</v></c><c r="C1" cm="1"><v>3</v></c><c r="D1" s="x"><v>4</v></c></row>`,
		`<row r="1"><c r="1A"><v>1</v></c></row>`,
		`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is><v>2</v></c></row>`,
	} {
		f.Add([]byte(s))
	}
	b, err := OpenBytes(bookWithSheet([]byte(`<worksheet><sheetData/></worksheet>`)))
	if err != nil {
		f.Fatal(err)
	}
	sst := []string{"zero", "one"}
	decode := func(row []byte, fast bool) ([]Cell, bool) {
		fastPaths = fast
		defer func() { fastPaths = true }()
		var ri rowInfo
		if err := parseRow(row, 0, &ri); err != nil {
			return nil, false
		}
		var out []Cell
		for i := range ri.cells {
			c, err := b.decodeCell(&ri.cells[i], sst, new(interner))
			if err != nil {
				return nil, false
			}
			out = append(out, c)
		}
		return out, true
	}
	f.Fuzz(func(t *testing.T, row []byte) {
		slow, okSlow := decode(row, false)
		fast, okFast := decode(row, true)
		if okSlow != okFast {
			t.Fatalf("general reading ok=%v, shortcut ok=%v for %q", okSlow, okFast, row)
		}
		if len(slow) != len(fast) {
			t.Fatalf("%d cells, shortcut %d, for %q", len(slow), len(fast), row)
		}
		for i := range slow {
			if slow[i] != fast[i] {
				t.Fatalf("cell %d: %+v, shortcut %+v, for %q", i, slow[i], fast[i], row)
			}
		}
	})
}
