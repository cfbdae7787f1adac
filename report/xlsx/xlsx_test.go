package xlsx

import (
	"bytes"
	"io"
	"math/rand"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func sampleBook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Purchases")
	f.SetCellValue("Purchases", "A1", "PO Number")
	f.SetCellValue("Purchases", "B1", "Amount & <Cost>")
	f.SetCellValue("Purchases", "C1", "Date")
	f.SetCellValue("Purchases", "A2", "PO-1")
	f.SetCellValue("Purchases", "B2", 12.5)
	f.SetCellValue("Purchases", "C2", time.Date(2003, 1, 15, 0, 0, 0, 0, time.UTC))
	f.SetCellFormula("Purchases", "D2", "B2*2")
	f.SetCellValue("Purchases", "A4", "  spaced  ")
	f.SetCellBool("Purchases", "B4", true)
	f.NewSheet("Other")
	f.SetCellValue("Other", "A1", "keep me")
	f.AddComment("Other", excelize.Comment{Cell: "A1", Author: "acct", Text: "a note"})
	p := filepath.Join(t.TempDir(), "in.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadRows(t *testing.T) {
	b, err := Open(sampleBook(t))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sh, ok := b.Sheet(" purchases ")
	if !ok {
		t.Fatal("sheet not found by folded name")
	}
	var got []string
	err = b.ReadRows(sh, func(r *Row) error {
		for _, c := range r.Cells {
			got = append(got, CellRef(c.Col, r.Num)+"="+c.Text+kindTag(c))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "A1=PO Number|B1=Amount & <Cost>|C1=Date|A2=PO-1|B2=12.5#|C2=37636#date|D2=f|A4=  spaced  |B4=1?"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("rows:\n got %s\nwant %s", g, want)
	}
}

func kindTag(c Cell) string {
	s := ""
	switch c.Kind {
	case Number:
		s = "#"
	case Bool:
		s = "?"
	}
	if c.Formula {
		s += "f"
	}
	if c.Date {
		s += "date"
	}
	return s
}

type addCol struct{ col int }

func (a addCol) Head(h []byte) ([]byte, error) { return h, nil }
func (a addCol) Tail(t []byte) ([]byte, error) { return t, nil }
func (a addCol) End(out *RowOut) error {
	out.Emit(10, []OutCell{{Col: 1, Kind: Text, Value: "=not a formula"}}, false)
	return nil
}
func (a addCol) Row(r *Row, out *RowOut) error {
	if r.Num == 1 {
		out.Set(OutCell{Col: a.col, Kind: Text, Value: "Classification"})
		return nil
	}
	out.Set(OutCell{Col: a.col, Kind: Number, Value: "25.00", Formula: "B" + itoa(r.Num) + "*2"})
	out.Set(OutCell{Col: 2, Style: KeepStyle, Kind: Number, Value: "12.50"})
	return nil
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+n))) }

func TestTransformKeepsOtherPartsAndIsIdempotentlyReadable(t *testing.T) {
	in := sampleBook(t)
	b, err := Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sh, _ := b.Sheet("Purchases")
	var buf bytes.Buffer
	if err := b.Rewrite(&buf, RewriteOptions{Edits: map[string]PartEdit{sh.Part: b.SheetPart(sh, addCol{col: 6})}}); err != nil {
		t.Fatal(err)
	}
	nb, err := OpenBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// every other part byte-identical
	for _, f := range b.Files() {
		if f.Name == sh.Part {
			continue
		}
		a, _ := readAll(b, f.Name)
		c, err := readAll(nb, f.Name)
		if err != nil || !bytes.Equal(a, c) {
			t.Errorf("part %s changed", f.Name)
		}
	}
	// excelize reads the result, with formula and value
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Purchases", "F1"); v != "Classification" {
		t.Errorf("F1 = %q", v)
	}
	if v, _ := f.GetCellFormula("Purchases", "F2"); v != "B2*2" {
		t.Errorf("F2 formula = %q", v)
	}
	if v, _ := f.GetCellValue("Purchases", "F2"); v != "25" {
		t.Errorf("F2 cached = %q", v)
	}
	if v, _ := f.GetCellValue("Purchases", "C2"); v == "" {
		t.Errorf("C2 lost")
	}
	if v, _ := f.GetCellFormula("Purchases", "A10"); v != "" {
		t.Errorf("text starting with = became a formula: %q", v)
	}
	if v, _ := f.GetCellValue("Purchases", "A10"); v != "=not a formula" {
		t.Errorf("A10 = %q", v)
	}
	if v, _ := f.GetCellValue("Purchases", "A4"); v != "  spaced  " {
		t.Errorf("A4 = %q", v)
	}
}

func readAll(b *Book, name string) ([]byte, error) {
	rc, err := b.openPart(name, MaxPartSize)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func TestRefs(t *testing.T) {
	for _, tc := range []struct {
		ref      string
		col, row int
	}{{"A1", 1, 1}, {"Z9", 26, 9}, {"AA10", 27, 10}, {"$XFD$1048576", 16384, 1048576}, {"c", 3, 0}} {
		c, r, err := SplitRef(tc.ref)
		if err != nil || c != tc.col || r != tc.row {
			t.Errorf("SplitRef(%q) = %d,%d,%v", tc.ref, c, r, err)
		}
		if ColName(tc.col) != strings.ToUpper(strings.Trim(strings.TrimRight(tc.ref, "0123456789$"), "$")) {
			t.Errorf("ColName(%d) = %s", tc.col, ColName(tc.col))
		}
	}
	for _, bad := range []string{"", "1", "XFE1", "A0", "A1048577"} {
		if _, _, err := SplitRef(bad); err == nil {
			t.Errorf("SplitRef(%q) accepted", bad)
		}
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd": true, "m/d/yyyy": true, "[$-409]mmmm d, yyyy": true, "h:mm AM/PM": true, "[h]:mm": true,
		"#,##0.00": false, `"days "0`: false, "0.00%": false, `_($* #,##0.00_)`: false, "[Red]0.00": false, "General": false,
	} {
		if got := IsDateFormat(code); got != want {
			t.Errorf("IsDateFormat(%q) = %v", code, got)
		}
	}
}

func TestRefusals(t *testing.T) {
	for name, data := range map[string][]byte{
		"csv":       []byte("PO Number,Amount\nPO-1,3\n"),
		"encrypted": append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...),
		"truncated": []byte("PK\x03\x04\x14\x00\x00\x00"),
	} {
		if _, err := OpenBytes(data); err == nil {
			t.Errorf("%s: opened", name)
		}
	}
	// an OLE file whose directory cannot be read is not called encrypted (see
	// TestSniff for real encrypted and .xls files)
	if _, err := OpenBytes(append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, 0)); err == nil || !strings.Contains(err.Error(), "OLE compound document") {
		t.Errorf("OLE: %v", err)
	}
}

// TestLastRowFromDimension reads the row count Excel records in <dimension>
// (excelize writes "A1" or nothing, so the fixture is edited to say what Excel would).
func TestLastRowFromDimension(t *testing.T) {
	b, err := Open(sampleBook(t))
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := b.Sheet("Purchases")
	if n := b.LastRow(sh); n != 1 {
		t.Errorf("LastRow of excelize's A1 dimension = %d, want 1", n)
	}
	var buf bytes.Buffer
	// (a raw edit of the part: TransformSheet writes the dimension of the rows it writes)
	edit := func(old io.Reader, w io.Writer) error {
		data, err := io.ReadAll(old)
		if err != nil {
			return err
		}
		_, err = w.Write(bytes.Replace(data, []byte("<dimension ref=\"A1\">"), []byte("<dimension ref=\"A1:C1048575\">"), 1))
		return err
	}
	if err := b.Rewrite(&buf, RewriteOptions{Edits: map[string]PartEdit{sh.Part: edit}}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	nb, err := OpenBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if n := nb.LastRow(sh); n != 1048575 {
		t.Errorf("LastRow = %d, want 1048575", n)
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain":               "plain",
		"bought (§1.2) café":  "bought (§1.2) café",
		`a<b & "c">`:          "a&lt;b &amp; &quot;c&quot;&gt;",
		"tab\there\nline":     "tab\there\nline",
		"bell\x07gone":        "bellgone",
		"bad\xffbyte":         "bad\uFFFDbyte",
		"non\uFFFEchar\uFFFF": "nonchar",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIndexCloseRow(t *testing.T) {
	for _, tc := range []struct{ b, pat string }{
		{"", "</row>"},
		{"</row>", "</row>"},
		{"<row r=\"1\"><c><v>w</v></c></row>", "</row>"},
		{"wwww</ro</row", "</row>"},
		{"<x:c>w</x:c></x:row><x:row>", "</x:row>"},
		{"w</row>", "</row>"},
		{"</rowx</row>", "</row>"},
	} {
		if got, want := indexCloseRow([]byte(tc.b), []byte(tc.pat)), strings.Index(tc.b, tc.pat); got != want {
			t.Errorf("indexCloseRow(%q, %q) = %d, want %d", tc.b, tc.pat, got, want)
		}
	}
}

// A RowWriter remembers each column's last cell; its rows must be exactly
// AppendRow's, whatever changes from row to row (value, kind, style, formula).
func TestRowWriterMatchesAppendRow(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	values := []string{"Yes", "No", "yes", " Yes", "a&b", "12", "", "Yes "}
	kinds := []Kind{Text, Number, SharedIndex, Blank, Bool}
	rw := NewRowWriter("")
	for row := 1; row <= 3000; row++ {
		var cells []OutCell
		for col := 1; col <= 6; col++ {
			c := OutCell{Col: col, Style: r.Intn(3), Kind: kinds[r.Intn(len(kinds))], Value: values[r.Intn(len(values))]}
			if r.Intn(10) == 0 {
				c.Formula = "A" + strconv.Itoa(row)
			}
			cells = append(cells, c)
		}
		got := rw.AppendRow(nil, row, 0, nil, cells)
		want := AppendRow(nil, "", row, 0, nil, cells)
		if !bytes.Equal(got, want) {
			t.Fatalf("row %d:\n got %s\nwant %s", row, got, want)
		}
	}
}
