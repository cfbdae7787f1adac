package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestCRC32Combine(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, n := range []int{0, 1, 7, 100, 4096, 100000} {
		data := make([]byte, n)
		r.Read(data)
		for _, cut := range []int{0, n / 3, n} {
			a, b := data[:cut], data[cut:]
			got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), uint64(len(b)))
			if want := crc32.ChecksumIEEE(data); got != want {
				t.Errorf("n=%d cut=%d: combined %08x, want %08x", n, cut, got, want)
			}
		}
	}
}

func TestFixHead(t *testing.T) {
	const ws = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	rows := Range{FirstRow: 1, FirstCol: 1, LastRow: 870, LastCol: 15}
	for _, tc := range []struct {
		name, head string
		used       Range
		want       string
	}{
		{"excelize's A1", ws + `<sheetPr/><dimension ref="A1"/><sheetViews/><sheetData>`, rows,
			ws + `<sheetPr/><dimension ref="A1:O870"/><sheetViews/><sheetData>`},
		{"start and end tags", ws + `<dimension ref="A1"></dimension><sheetData>`, rows,
			ws + `<dimension ref="A1:O870"/><sheetData>`},
		{"declared range replaced", ws + `<dimension ref="A1:Z1000"/><sheetData>`, rows,
			ws + `<dimension ref="A1:O870"/><sheetData>`},
		{"none, after sheetPr", ws + `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews/><sheetData/>`, rows,
			ws + `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:O870"/><sheetViews/><sheetData/>`},
		{"none, no sheetPr", ws + `<sheetViews/><sheetData>`, rows,
			ws + `<dimension ref="A1:O870"/><sheetViews/><sheetData>`},
		{"prefixed", `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1"/><x:sheetData>`, rows,
			`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:O870"/><x:sheetData>`},
		{"empty sheet", ws + `<dimension ref="A1"/><sheetData>`, Range{}, ws + `<dimension ref="A1"/><sheetData>`},
		{"one cell", ws + `<dimension ref="A1"/><sheetData>`, Range{FirstRow: 2, FirstCol: 3, LastRow: 2, LastCol: 3}, ws + `<dimension ref="C2"/><sheetData>`},
		{"rows after sheetData are left", ws + `<dimension ref="A1"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>`, Range{FirstRow: 1, FirstCol: 1, LastRow: 1, LastCol: 1},
			ws + `<dimension ref="A1"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>`},
		{"cols descending (StreamWriter)", ws + `<dimension ref="A1"/><cols><col min="3" max="3" width="13" customWidth="1"/><col min="2" max="2" width="10" customWidth="1"/><col min="1" max="1" width="15" customWidth="1"/></cols><sheetData>`, rows,
			ws + `<dimension ref="A1:O870"/><cols><col min="1" max="1" width="15" customWidth="1"/><col min="2" max="2" width="10" customWidth="1"/><col min="3" max="3" width="13" customWidth="1"/></cols><sheetData>`},
		{"cols overlapping: the later wins, equal neighbours joined", ws + `<cols><col min="1" max="5" width="9"/><col min="3" max="3" width="20" style="2"></col><col min="6" max="6" width="9"/></cols><sheetData>`, Range{},
			ws + `<dimension ref="A1"/><cols><col min="1" max="2" width="9"/><col min="3" max="3" width="20" style="2"/><col min="4" max="6" width="9"/></cols><sheetData>`},
		{"cols in order are left as they are", ws + `<cols><col customWidth="true" max="1" min="1" width="15"></col><col min="2" max="4" width="9"/></cols><sheetData>`, Range{},
			ws + `<dimension ref="A1"/><cols><col customWidth="true" max="1" min="1" width="15"></col><col min="2" max="4" width="9"/></cols><sheetData>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(FixHead([]byte(tc.head), tc.used)); got != tc.want {
				t.Errorf("FixHead\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestFixCoreProps(t *testing.T) {
	// as excelize v2.11.1 writes it
	in := `<?xml version="1.0" encoding="UTF-8"?>
<coreProperties xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Monthly &amp; more</dc:title><dc:creator>covenant</dc:creator><keywords>confidential §6</keywords><lastModifiedBy>covenant</lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2003-11-03T00:00:00Z</dcterms:created></coreProperties>`
	want := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Monthly &amp; more</dc:title><dc:creator>covenant</dc:creator><cp:keywords>confidential §6</cp:keywords><cp:lastModifiedBy>covenant</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2003-11-03T00:00:00Z</dcterms:created></cp:coreProperties>`
	got := string(FixCoreProps([]byte(in)))
	if got != want {
		t.Fatalf("FixCoreProps\n got %s\nwant %s", got, want)
	}
	// Excel's own form, with other prefixes, comes out the same
	other := strings.NewReplacer(`xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`, `xmlns:p="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`,
		"<coreProperties", "<p:coreProperties", "</coreProperties", "</p:coreProperties", "<keywords>", "<p:keywords>", "</keywords>", "</p:keywords>",
		"<lastModifiedBy>", "<p:lastModifiedBy>", "</lastModifiedBy>", "</p:lastModifiedBy>",
		`xmlns:dcterms=`, `xmlns:t=`, "dcterms:", "t:").Replace(in)
	if got := string(FixCoreProps([]byte(other))); got != want {
		t.Errorf("FixCoreProps of other prefixes\n got %s\nwant %s", got, want)
	}
	// what it does not know it leaves alone
	for _, odd := range []string{
		strings.Replace(in, "<keywords>confidential §6</keywords>", `<keywords>x<b xmlns="urn:other">y</b></keywords>`, 1),
		strings.Replace(in, "<keywords>", `<keywords xmlns="urn:other">`, 1),
		in[:len(in)-20],
	} {
		if got := string(FixCoreProps([]byte(odd))); got != odd {
			t.Errorf("FixCoreProps changed a part it cannot read:\n%s\n->\n%s", odd, got)
		}
	}
}

func TestFixChart(t *testing.T) {
	cat := `<catAx><axId val="1"/><auto val="1"></auto><lblAlgn val="ctr"></lblAlgn><lblOffset val="100"></lblOffset><noMultiLvlLbl val="0"></noMultiLvlLbl></catAx>`
	val := `<valAx><axId val="1"/><crosses val="autoZero"></crosses><auto val="1"></auto><lblAlgn val="ctr"/><lblOffset val="100"></lblOffset><noMultiLvlLbl val="0"></noMultiLvlLbl></valAx>`
	fixed := `<valAx><axId val="1"/><crosses val="autoZero"></crosses></valAx>`
	for _, tc := range []struct{ name, ns, p string }{
		{"default namespace (excelize)", `xmlns="http://schemas.openxmlformats.org/drawingml/2006/chart"`, ""},
		{"prefixed (Excel)", `xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"`, "c:"},
	} {
		pre := func(s string) string {
			return regexp.MustCompile(`<(/?)(\w)`).ReplaceAllString(s, "<${1}"+tc.p+"$2")
		}
		in := `<` + tc.p + `chartSpace ` + tc.ns + `><` + tc.p + `plotArea>` + pre(cat+val+val) + `</` + tc.p + `plotArea></` + tc.p + `chartSpace>`
		want := `<` + tc.p + `chartSpace ` + tc.ns + `><` + tc.p + `plotArea>` + pre(cat+fixed+fixed) + `</` + tc.p + `plotArea></` + tc.p + `chartSpace>`
		if got := string(FixChart([]byte(in))); got != want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, want)
		}
	}
}

// TestTransformSheetSpilled: a sheet larger than spillAt goes through a
// temporary file and its head is spliced in front of it; the package reads back
// (archive/zip checks the CRC-32) with the rows intact and the dimension right.
func TestTransformSheetSpilled(t *testing.T) {
	defer func(n int) { spillAt = n }(spillAt)
	for _, spill := range []int{1 << 30, 4096} {
		spillAt = spill
		f := excelize.NewFile()
		sw, _ := f.NewStreamWriter("Sheet1")
		for r := 1; r <= 2000; r++ {
			cell, _ := excelize.CoordinatesToCellName(2, r)
			sw.SetRow(cell, []any{fmt.Sprintf("row %d", r), r})
		}
		sw.Flush()
		buf, _ := f.WriteToBuffer()
		b, err := OpenBytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		sh, _ := b.Sheet("Sheet1")
		var out bytes.Buffer
		if err := b.Rewrite(&out, RewriteOptions{Edits: map[string]PartEdit{sh.Part: b.SheetPart(sh, colE{})}}); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatalf("spill %d: %s: %v", spill, zf.Name, err)
			}
			if zf.Name == sh.Part {
				if !bytes.Contains(data, []byte(`<dimension ref="A1:E2001"/>`)) {
					t.Errorf("spill %d: dimension: %s", spill, data[:min(600, len(data))])
				}
				if err := xml.Unmarshal(data, new(struct{})); err != nil {
					t.Errorf("spill %d: the sheet is not XML: %v", spill, err)
				}
				if n := bytes.Count(data, []byte("<row ")); n != 2001 {
					t.Errorf("spill %d: %d rows, want 2001", spill, n)
				}
			}
		}
		ef, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := ef.GetCellValue("Sheet1", "C1234"); v != "1234" {
			t.Errorf("spill %d: C1234 = %q", spill, v)
		}
		ef.Close()
		f.Close()
	}
}

// colE sets column E on every row.
type colE struct{}

func (colE) Head(h []byte) ([]byte, error) { return h, nil }
func (colE) Tail(t []byte) ([]byte, error) { return t, nil }
func (colE) End(out *RowOut) error {
	out.Emit(2001, []OutCell{{Col: 1, Kind: Text, Value: "end"}}, false)
	return nil
}
func (colE) Row(r *Row, out *RowOut) error {
	out.Set(OutCell{Col: 5, Kind: Number, Value: "2", Formula: fmt.Sprintf("C%d*2", r.Num)})
	return nil
}

// TestTidy: a package excelize wrote, with a streamed sheet's columns and a
// scatter chart, comes out with Excel's layout, and excelize reads the same
// cells from it.
func TestTidy(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sw, _ := f.NewStreamWriter("Sheet1")
	for c := 1; c <= 4; c++ {
		sw.SetColWidth(c, c, float64(10+c))
	}
	for r := 1; r <= 6; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{r, r * r, "x", nil})
	}
	sw.Flush()
	f.NewSheet("Other")
	f.SetCellValue("Other", "C7", "far")
	if err := f.AddChart("Other", "E2", &excelize.Chart{Type: excelize.Scatter, Series: []excelize.ChartSeries{{Name: "s", Categories: "Sheet1!$A$1:$A$6", Values: "Sheet1!$B$1:$B$6"}}}); err != nil {
		t.Fatal(err)
	}
	f.SetDocProps(&excelize.DocProperties{Creator: "covenant", LastModifiedBy: "covenant", Keywords: "k"})
	buf, _ := f.WriteToBuffer()
	var out bytes.Buffer
	if err := Tidy(&out, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	zr, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = string(data)
	}
	for part, want := range map[string]string{
		"xl/worksheets/sheet1.xml": `<dimension ref="A1:C6"/>`,
		"xl/worksheets/sheet2.xml": `<dimension ref="C7"/>`,
		"docProps/core.xml":        `<cp:keywords>k</cp:keywords><cp:lastModifiedBy>covenant</cp:lastModifiedBy>`,
	} {
		if !strings.Contains(parts[part], want) {
			t.Errorf("%s lacks %s:\n%s", part, want, parts[part][:min(len(parts[part]), 1500)])
		}
	}
	if cols := regexp.MustCompile(`<col min="(\d+)"`).FindAllStringSubmatch(parts["xl/worksheets/sheet1.xml"], -1); len(cols) != 4 || cols[0][1] != "1" || cols[3][1] != "4" {
		t.Errorf("cols %v, want 1 to 4 ascending", cols)
	}
	chart := parts["xl/charts/chart1.xml"]
	if !strings.Contains(chart, "valAx") || regexp.MustCompile(`(?s)<valAx>.*?<(auto|lblAlgn|lblOffset|noMultiLvlLbl)\b.*?</valAx>`).MatchString(chart) {
		t.Errorf("chart still has category-axis elements on a value axis:\n%s", chart)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	rows, _ := g.GetRows("Sheet1")
	if len(rows) != 6 || rows[5][1] != "36" {
		t.Errorf("rows read back: %v", rows)
	}
	if p, _ := g.GetDocProps(); p.Keywords != "k" || p.LastModifiedBy != "covenant" {
		t.Errorf("document properties read back: %+v", p)
	}
}

// colEWide is colE, and gives column E a width once the rows are written.
type colEWide struct{ colE }

func (colEWide) FinishHead(h []byte) ([]byte, error) {
	return SetColWidths(h, map[int]float64{5: 12}), nil
}

// TestSpoolSheet: a sheet spooled before the package is written (SpoolSheet,
// then Rewrite with Spools) comes out as the sheet rewritten in place, held in
// memory or spilled to a file, with the head its transform finished (a
// width), and every part keeps its place.
func TestSpoolSheet(t *testing.T) {
	defer func(n int) { spillAt = n }(spillAt)
	for _, spill := range []int{1 << 30, 4096} {
		spillAt = spill
		f := excelize.NewFile()
		sw, _ := f.NewStreamWriter("Sheet1")
		for r := 1; r <= 2000; r++ {
			cell, _ := excelize.CoordinatesToCellName(2, r)
			sw.SetRow(cell, []any{fmt.Sprintf("row %d", r), r})
		}
		sw.Flush()
		buf, _ := f.WriteToBuffer()
		f.Close()
		b, err := OpenBytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		sh, _ := b.Sheet("Sheet1")
		var direct, spooled bytes.Buffer
		if err := b.Rewrite(&direct, RewriteOptions{Edits: map[string]PartEdit{sh.Part: b.SheetPart(sh, colEWide{})}}); err != nil {
			t.Fatal(err)
		}
		sp, err := b.SpoolSheet(sh, colEWide{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Rewrite(&spooled, RewriteOptions{Spools: map[string]*Spool{sh.Part: sp}}); err != nil {
			t.Fatal(err)
		}
		sp.Discard()
		parts := func(data []byte) ([]string, map[string]string) {
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			m := map[string]string{}
			for _, zf := range zr.File {
				rc, _ := zf.Open()
				d, err := io.ReadAll(rc)
				if err != nil {
					t.Fatalf("spill %d: %s: %v", spill, zf.Name, err)
				}
				names = append(names, zf.Name)
				m[zf.Name] = string(d)
			}
			return names, m
		}
		n1, p1 := parts(direct.Bytes())
		n2, p2 := parts(spooled.Bytes())
		if fmt.Sprint(n1) != fmt.Sprint(n2) {
			t.Errorf("spill %d: parts %v, spooled %v", spill, n1, n2)
		}
		for name, d := range p1 {
			if p2[name] != d {
				t.Errorf("spill %d: %s differs once spooled", spill, name)
			}
		}
		if !strings.Contains(p2[sh.Part], `<col min="5" max="5" width="12" customWidth="1"/>`) {
			t.Errorf("spill %d: the width is not in the head: %.600s", spill, p2[sh.Part])
		}
	}
}
