package xlsx

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// TestSetColWidths: widths are set on the columns named, a <col> naming
// others too is split (each part keeping its other settings), the result
// ascends without overlaps, and a head without <cols> gets one just before
// <sheetData>, with the sheet's prefix.
func TestSetColWidths(t *testing.T) {
	for _, tc := range []struct {
		name, head string
		widths     map[int]float64
		want       string
	}{
		{
			name:   "no cols",
			head:   `<worksheet><sheetFormatPr defaultRowHeight="15"/><sheetData>`,
			widths: map[int]float64{3: 12.5, 2: 9},
			want:   `<worksheet><sheetFormatPr defaultRowHeight="15"/><cols><col min="2" max="2" width="9" customWidth="1"/><col min="3" max="3" width="12.5" customWidth="1"/></cols><sheetData>`,
		},
		{
			name:   "prefixed, empty sheetData",
			head:   `<x:worksheet xmlns:x="m"><x:sheetData/>`,
			widths: map[int]float64{1: 10},
			want:   `<x:worksheet xmlns:x="m"><x:cols><x:col min="1" max="1" width="10" customWidth="1"/></x:cols><x:sheetData/>`,
		},
		{
			name:   "after the others",
			head:   `<worksheet><cols><col min="1" max="1" width="15" customWidth="1"/><col min="2" max="3" width="8" style="2"/></cols><sheetData>`,
			widths: map[int]float64{4: 20, 5: 20},
			want:   `<worksheet><cols><col min="1" max="1" width="15" customWidth="1"/><col min="2" max="3" width="8" style="2"/><col min="4" max="5" width="20" customWidth="1"/></cols><sheetData>`,
		},
		{
			name:   "a range split, its style kept",
			head:   `<worksheet><cols><col min="1" max="16384" width="9" style="3" customWidth="true"/></cols><sheetData>`,
			widths: map[int]float64{10: 14.25},
			want:   `<worksheet><cols><col min="1" max="9" width="9" style="3" customWidth="true"/><col min="10" max="10" width="14.25" style="3" customWidth="1"/><col min="11" max="16384" width="9" style="3" customWidth="true"/></cols><sheetData>`,
		},
		{
			name:   "descending (StreamWriter) put in order",
			head:   `<worksheet><cols><col min="3" max="3" width="11"/><col min="1" max="2" width="7"/></cols><sheetData>`,
			widths: map[int]float64{4: 30},
			want:   `<worksheet><cols><col min="1" max="2" width="7"/><col min="3" max="3" width="11"/><col min="4" max="4" width="30" customWidth="1"/></cols><sheetData>`,
		},
		{
			name:   "an empty cols element",
			head:   `<worksheet><cols/><sheetData>`,
			widths: map[int]float64{2: 300, 1: 8.3333},
			want:   `<worksheet><cols><col min="1" max="1" width="8.34" customWidth="1"/><col min="2" max="2" width="255" customWidth="1"/></cols><sheetData>`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(SetColWidths([]byte(tc.head), tc.widths))
			if got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
			// and read back
			for c, w := range tc.widths {
				spec, ok := ColAt(HeadCols([]byte(got)), c)
				if !ok || !spec.HasWidth || spec.Width != min(float64(int(w*100+0.999))/100, 255) {
					t.Errorf("column %d reads %+v, want width %v", c, spec, w)
				}
			}
			last := 0
			for _, c := range HeadCols([]byte(got)) {
				if c.Min <= last {
					t.Errorf("<col> elements overlap or descend: %s", got)
				}
				last = c.Max
			}
		})
	}
}

// TestAddNumFmts: a number format is added to <numFmts>, which is made as
// the styles part's first child where there is none.
func TestAddNumFmts(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"existing", `<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts><fonts/></styleSheet>`,
			`<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="&quot;$&quot;#,##0.00"/></numFmts><fonts/></styleSheet>`},
		{"none", `<?xml version="1.0"?><styleSheet xmlns="m"><fonts count="1"/></styleSheet>`,
			`<?xml version="1.0"?><styleSheet xmlns="m"><numFmts count="1"><numFmt numFmtId="165" formatCode="&quot;$&quot;#,##0.00"/></numFmts><fonts count="1"/></styleSheet>`},
		{"empty", `<x:styleSheet xmlns:x="m"><x:numFmts count="0"/><x:fonts/></x:styleSheet>`,
			`<x:styleSheet xmlns:x="m"><x:numFmts count="1"><x:numFmt numFmtId="165" formatCode="&quot;$&quot;#,##0.00"/></x:numFmts><x:fonts/></x:styleSheet>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := addNumFmts([]byte(tc.in), []newFmt{{165, `"$"#,##0.00`}})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestStyleAdderFormats: AddFormat uses a built-in format where one has the
// code, the workbook's own where it has it, else adds one numbered after
// the workbook's; the styles part written holds them, and reads back with
// the looks asked for.
func TestStyleAdderFormats(t *testing.T) {
	styles := `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="170" formatCode="d-mmm-yyyy"/></numFmts><fonts count="2"><font><sz val="10"/></font><font><b/><sz val="12"/></font></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1" applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>`
	b := bookWith(t, map[string]string{"xl/styles.xml": styles})
	if l := b.StyleLook(1); !l.Bold || l.FontSize != 12 || !l.Wrap || l.NumFmt != 0 || l.Code != "General" {
		t.Errorf("StyleLook(1) = %+v", l)
	}
	if b.DefaultFontSize() != 10 {
		t.Errorf("default font %v", b.DefaultFontSize())
	}
	a := b.NewStyleAdder()
	money, _ := a.AddFormat(1, "#,##0.00")
	date, _ := a.AddFormat(0, "d-mmm-yyyy")
	custom, _ := a.AddFormat(0, `[$$-409]#,##0.00`)
	again, _ := a.AddFormat(0, `[$$-409]#,##0.00`)
	if money != 2 || date != 3 || custom != 4 || again != 4 {
		t.Errorf("indexes %d %d %d %d, want 2 3 4 4", money, date, custom, again)
	}
	part, edit := a.Edit()
	if part != "xl/styles.xml" || edit == nil {
		t.Fatalf("edit %q %v", part, edit)
	}
	var out strings.Builder
	if err := edit(strings.NewReader(styles), &out); err != nil {
		t.Fatal(err)
	}
	b2 := bookWith(t, map[string]string{"xl/styles.xml": out.String()})
	for style, want := range map[int]Look{
		2: {NumFmt: 4, Code: "#,##0.00", FontSize: 12, Bold: true, Wrap: true},
		3: {NumFmt: 170, Code: "d-mmm-yyyy", Date: true, FontSize: 10},
		4: {NumFmt: 171, Code: `[$$-409]#,##0.00`, FontSize: 10},
	} {
		if got := b2.StyleLook(style); got != want {
			t.Errorf("StyleLook(%d) = %+v, want %+v", style, got, want)
		}
	}
}

// TestDisplay: the text a number shows under a format, close enough to
// measure it.
func TestDisplay(t *testing.T) {
	for _, tc := range []struct{ v, code, want string }{
		{"1241603.13", "#,##0.00", "1,241,603.13"},
		{"1241603.1", "General", "1241603.1"},
		{"-321682.33", "#,##0.00_);(#,##0.00)", "(321,682.33)"},
		{"321682.33", "#,##0.00_);(#,##0.00)", "321,682.33 "},
		{"1250", `[$$-409]#,##0.00`, "$1,250.00"},
		{"1250", `\$#,##0.0000`, "$1,250.0000"},
		{"0.0475", "0.00%", "4.75%"},
		{"37530", "m/d/yyyy", "10/1/2002"},
		{"37530", "yyyy-mm-dd", "2002-10-01"},
		{"37530", "d-mmm-yyyy", "1-Oct-2002"},
		{"37530", "mmmm d, yyyy", "October 1, 2002"},
		{"37530.5", "m/d/yyyy h:mm", "10/1/2002 12:00"},
		{"arrow", "#,##0.00", "arrow"},
	} {
		number := tc.v != "arrow"
		if got := Display(tc.v, number, tc.code); got != tc.want {
			t.Errorf("Display(%s, %q) = %q, want %q", tc.v, tc.code, got, tc.want)
		}
	}
}

// TestWrappedWidth: a header wrapped into the lines the header row has needs
// the width of its longest line, never less than its longest word.
func TestWrappedWidth(t *testing.T) {
	w := func(s string) float64 { return TextWidth(s, 11, 11, true) }
	for _, tc := range []struct {
		s     string
		lines int
		want  float64
	}{
		{"IEC Borrowing Capacity", 1, w("IEC Borrowing Capacity")},
		{"IEC Borrowing Capacity", 2, w("IEC Borrowing")},
		{"IEC Borrowing Capacity", 3, w("Borrowing")},
		{"Borrowing", 2, w("Borrowing")},
	} {
		got := WrappedWidth(tc.s, tc.lines, 11, 11, true)
		if got < tc.want || got > tc.want+0.1 {
			t.Errorf("WrappedWidth(%q, %d) = %.2f, want %.2f", tc.s, tc.lines, got, tc.want)
		}
	}
	// the digits are the unit: ten digits are ten wide
	if got := TextWidth("0123456789", 11, 11, false); got != 10 {
		t.Errorf("ten digits are %.2f wide", got)
	}
	if a, b := TextWidth("Breach", 11, 11, false), TextWidth("Breach", 22, 11, false); b != 2*a {
		t.Errorf("twice the size is %.2f, not twice %.2f", b, a)
	}
	if ColumnWidth(10) < 11 {
		t.Errorf("a column for ten digits is %.2f wide", ColumnWidth(10))
	}
}

// bookWith opens a one-sheet package ("Data") holding parts (a styles part
// at xl/styles.xml, a sheet at xl/worksheets/sheet1.xml) and the parts a
// package needs.
func bookWith(t *testing.T, parts map[string]string) *Book {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, data string) {
		w, _ := zw.Create(name)
		w.Write([]byte(data))
	}
	add("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	add("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`)
	if _, ok := parts["xl/worksheets/sheet1.xml"]; !ok {
		add("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`)
	}
	for name, data := range parts {
		add(name, data)
	}
	zw.Close()
	b, err := OpenBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return b
}
