package oracle

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// excelizeBook writes what excelize makes of a workbook with a streamed sheet
// (its columns given widths), a scatter chart and document properties: the
// faults issue 15 found in covenant's reports.
func excelizeBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for c := 1; c <= 3; c++ {
		sw.SetColWidth(c, c, float64(10+c))
	}
	for r := 1; r <= 5; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{r, r * r, fmt.Sprintf("line %d", r)})
	}
	sw.Flush()
	f.NewSheet("Chart")
	f.SetCellValue("Chart", "A1", "title")
	if err := f.AddChart("Chart", "C3", &excelize.Chart{Type: excelize.Scatter,
		Series: []excelize.ChartSeries{{Name: "squares", Categories: "Sheet1!$A$1:$A$5", Values: "Sheet1!$B$1:$B$5"}}}); err != nil {
		t.Fatal(err)
	}
	f.SetDefinedName(&excelize.DefinedName{Name: "Squares", RefersTo: "Sheet1!$B$1:$B$5"})
	f.SetDocProps(&excelize.DocProperties{Creator: "covenant", LastModifiedBy: "covenant", Keywords: "confidential"})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustContain(t *testing.T, what string, probs []string, want ...string) {
	t.Helper()
	all := strings.Join(probs, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("%s: no problem saying %q; found:\n%s", what, w, all)
		}
	}
}

// TestOpeningOracles: the oracles find what excelize writes by default (the
// scatter chart's category-axis elements on a value axis, descending columns,
// the "A1" dimension, unprefixed core properties), and nothing once the
// package went through xlsx.Tidy.
func TestOpeningOracles(t *testing.T) {
	raw := writeTemp(t, "raw.xlsx", excelizeBook(t))
	mustContain(t, "schemas", SchemaProblems(t, raw),
		"XSD raw.xlsx xl/charts/chart1.xml: element auto: Element '{http://schemas.openxmlformats.org/drawingml/2006/chart}auto': This element is not expected")
	mustContain(t, "rules", RuleProblems(raw),
		`RULES raw.xlsx xl/worksheets/sheet1.xml: sheet "Sheet1": 2 of 3 <col> elements overlap or precede the one before`,
		`RULES raw.xlsx xl/worksheets/sheet1.xml: sheet "Sheet1": <dimension> A1:A1 but cells fill A1:C5`,
		`RULES raw.xlsx docProps/core.xml: <keywords> is in its namespace under the prefix ""; Excel writes cp:keywords`,
		`<lastModifiedBy> is in its namespace under the prefix ""`)

	var tidy bytes.Buffer
	if err := xlsx.Tidy(&tidy, excelizeBook(t)); err != nil {
		t.Fatal(err)
	}
	clean := writeTemp(t, "tidy.xlsx", tidy.Bytes())
	if p := append(SchemaProblems(t, clean), RuleProblems(clean)...); len(p) > 0 {
		t.Errorf("the tidied package has problems:\n%s", strings.Join(p, "\n"))
	}
}

// edit returns the package with old replaced by new in one part.
func edit(t *testing.T, pkg []byte, part, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part {
			if !bytes.Contains(data, []byte(old)) {
				t.Fatalf("%s does not hold %q:\n%s", part, old, data)
			}
			data = bytes.Replace(data, []byte(old), []byte(new), 1)
			found = true
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	if part == "extra.bin" {
		w, _ := zw.Create(part)
		w.Write([]byte(old))
		found = true
	}
	zw.Close()
	if !found {
		t.Fatalf("no part %s", part)
	}
	return out.Bytes()
}

// TestRuleProblems: each breach of Excel's rules, made in a clean package, is
// reported with where it is.
func TestRuleProblems(t *testing.T) {
	var tidy bytes.Buffer
	if err := xlsx.Tidy(&tidy, excelizeBook(t)); err != nil {
		t.Fatal(err)
	}
	clean := tidy.Bytes()
	const sheet1, sheet2, wb = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/workbook.xml"
	for _, tc := range []struct {
		name, part, old, new, want string
	}{
		{"shared string index", sheet2, `<v>0</v>`, `<v>7</v>`, `'Chart'!A1: shared string index "7", the table has 1`},
		{"style index", sheet1, `<c r="A2"`, `<c r="A2" s="99"`, `'Sheet1'!A2: style 99, but styles.xml has 1 cellXfs`},
		{"rows out of order", sheet1, `<row r="3"`, `<row r="1"`, `sheet "Sheet1": row 1 comes after row 2`},
		{"cells out of order", sheet1, `<c r="B4"`, `<c r="A4"`, `'Sheet1'!A4: cells must ascend by column within a row`},
		{"cell in the wrong row", sheet1, `<c r="B4"`, `<c r="B9"`, `'Sheet1'!B9: cell in row 4`},
		{"dimension short", sheet1, `<dimension ref="A1:C5"/>`, `<dimension ref="A1:C4"/>`, `sheet "Sheet1": <dimension> A1:C4 but cells fill A1:C5`},
		{"no dimension", sheet1, `<dimension ref="A1:C5"/>`, ``, `sheet "Sheet1": no <dimension>`},
		{"columns overlap", sheet1, `<col min="2" max="2"`, `<col min="1" max="2"`, `sheet "Sheet1": 1 of 3 <col> elements overlap`},
		{"merged ranges overlap", sheet2, `</sheetData>`, `</sheetData><mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>`, `merged ranges A1:B2 and B2:C3 overlap`},
		{"merged single cell", sheet2, `</sheetData>`, `</sheetData><mergeCells count="1"><mergeCell ref="A1"/></mergeCells>`, `merged range "A1" is a single cell`},
		{"defined name twice", wb, `<definedName name="Squares">`, `<definedName name="squares">Sheet1!$A$1</definedName><definedName name="Squares">`, `defined name "Squares" defined twice in one scope`},
		{"defined name like a cell", wb, `name="Squares"`, `name="AB12"`, `defined name "AB12" is not a valid name`},
		{"defined name to a missing sheet", wb, `Sheet1!$B$1:$B$5`, `Gone!$B$1:$B$5`, `defined name "Squares" refers to sheet "Gone"`},
		{"sheet names clash", wb, `name="Chart"`, `name="SHEET1"`, `sheet "SHEET1": two sheets have this name`},
		{"sheet name with a colon", wb, `name="Chart"`, `name="a:b"`, `sheet "a:b": a sheet name may not hold`},
		{"relationship to a missing part", "xl/_rels/workbook.xml.rels", `Target="worksheets/sheet2.xml"`, `Target="worksheets/sheet9.xml"`, `points at xl/worksheets/sheet9.xml, which the package does not hold`},
		{"part without a content type", "extra.bin", "data", "", `no content type for /extra.bin`},
		{"chart series to a missing sheet", "xl/charts/chart1.xml", `Sheet1!$B$1:$B$5`, `Nowhere!$B$1:$B$5`, `series formula "Nowhere!$B$1:$B$5" refers to sheet "Nowhere"`},
		{"footer too long", sheet1, `</worksheet>`, `<headerFooter><oddFooter>` + strings.Repeat("x", 256) + `</oddFooter></headerFooter></worksheet>`, `sheet "Sheet1": oddFooter of 256 characters; Excel takes 255`},
		{"boolean", sheet2, `<c r="A1" t="s"><v>0</v>`, `<c r="A1" t="b"><v>2</v>`, `'Chart'!A1: boolean value "2"`},
		{"number", sheet1, `<v>25</v>`, `<v>NaN</v>`, `'Sheet1'!B5: number "NaN"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "bad.xlsx", edit(t, clean, tc.part, tc.old, tc.new))
			mustContain(t, tc.name, RuleProblems(p), tc.want)
		})
	}
}

// TestProcessMCE: markup compatibility as a consumer of the base standard
// applies it: ignorable extensions dropped, the first understood mc:Choice (or
// the mc:Fallback) kept, the mc: attributes gone.
func TestProcessMCE(t *testing.T) {
	in := `<?xml version="1.0"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="urn:x14ac" xmlns:xr="urn:xr" mc:Ignorable="x14ac xr" xr:uid="{1}"><sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><x14ac:extra/><mc:AlternateContent><mc:Choice Requires="x14ac"><sheetData><row r="9"/></sheetData></mc:Choice><mc:Fallback><sheetData><row r="1"/></sheetData></mc:Fallback></mc:AlternateContent></worksheet>`
	out, root, probs, err := processMCE([]byte(in))
	if err != nil || len(probs) > 0 {
		t.Fatalf("processMCE: %v %v", err, probs)
	}
	if root != "http://schemas.openxmlformats.org/spreadsheetml/2006/main" {
		t.Errorf("root namespace %q", root)
	}
	// (the input's declarations stay, for QName values that use them)
	want := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="urn:x14ac" xmlns:xr="urn:xr"><sheetFormatPr defaultRowHeight="15"></sheetFormatPr><sheetData><row r="1"></row></sheetData></worksheet>`
	if got := string(out); !strings.HasSuffix(got, want) {
		t.Errorf("processMCE\n got %s\nwant ...%s", got, want)
	}
	if _, _, probs, _ := processMCE([]byte(strings.Replace(in, `mc:Ignorable="x14ac xr"`, `mc:Ignorable="x14ac zz"`, 1))); len(probs) != 1 || !strings.Contains(probs[0], `"zz"`) {
		t.Errorf("an undeclared ignorable prefix: %v", probs)
	}
}
