package oracle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// streamBook writes a one-sheet workbook with the StreamWriter, which is the
// only excelize API that writes a formula together with its cached value.
func streamBook(t *testing.T, name string, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFormulasReadsCachedValues(t *testing.T) {
	path := streamBook(t, "cached.xlsx",
		[]any{10, excelize.Cell{Formula: "A1*2", Value: 20}, "label"},
		[]any{2.5, excelize.Cell{Formula: `IF(A1>5,"big","small")`, Value: "big"}},
	)
	got := Formulas(t, path)
	want := []FormulaCell{
		{Sheet: "Sheet1", Cell: "B1", Formula: "A1*2", Cached: "20"},
		{Sheet: "Sheet1", Cell: "B2", Formula: `IF(A1>5,"big","small")`, Cached: "big"},
	}
	if len(got) != len(want) {
		t.Fatalf("Formulas = %+v, want %d cells", got, len(want))
	}
	for i := range want {
		g := got[i]
		if g.Sheet != want[i].Sheet || g.Cell != want[i].Cell || g.Formula != want[i].Formula || g.Cached != want[i].Cached || !g.hasCached {
			t.Errorf("Formulas[%d] = %+v, want %+v", i, g, want[i])
		}
	}
}

func TestFormulasSharedAndMissingCache(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.NewSheet("Second Sheet")
	for i := 1; i <= 3; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		f.SetCellValue("Second Sheet", cell, i)
	}
	shared, ref := excelize.STCellFormulaTypeShared, "B1:B3"
	if err := f.SetCellFormula("Second Sheet", "B1", "A1*2", excelize.FormulaOpts{Type: &shared, Ref: &ref}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "shared.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got := Formulas(t, path)
	if len(got) != 3 {
		t.Fatalf("Formulas = %+v, want B1:B3 on Second Sheet", got)
	}
	for i, g := range got {
		if g.Sheet != "Second Sheet" || g.Cell != "B"+string(rune('1'+i)) {
			t.Errorf("Formulas[%d] = %+v", i, g)
		}
		if g.hasCached {
			t.Errorf("Formulas[%d] = %+v: excelize's SetCellFormula writes no cached value", i, g)
		}
	}
	if got[0].Formula != "A1*2" || got[1].Formula != "" {
		t.Errorf("shared formula master %q, dependent %q; want \"A1*2\", \"\"", got[0].Formula, got[1].Formula)
	}
}

func TestSameValue(t *testing.T) {
	for _, c := range []struct {
		ta, a, tb, b string
		same         bool
	}{
		{"", "20", "n", "20", true},
		{"", "0.1", "", "0.10400000001", true},
		{"", "0.1", "", "0.106", false},
		{"str", "20", "", "20", false},
		{"str", "big", "s", "big", true},
		{"str", "big", "str", "Big", false},
		{"b", "1", "b", "TRUE", true},
		{"b", "1", "", "0", false},
		{"e", "#DIV/0!", "e", "#DIV/0!", true},
		{"", "1", "e", "#DIV/0!", false},
	} {
		reason := sameValue(c.ta, c.a, c.tb, c.b)
		if (reason == "") != c.same {
			t.Errorf("sameValue(%q %q, %q %q) = %q, want same=%v", c.ta, c.a, c.tb, c.b, reason, c.same)
		}
	}
}

func TestCompareRecalcPassesCorrectCache(t *testing.T) {
	Require(t, "soffice")
	t.Parallel()
	path := streamBook(t, "good.xlsx",
		[]any{10, excelize.Cell{Formula: "A1*2", Value: 20}},
		[]any{1234.565, excelize.Cell{Formula: "ROUND(A2*3,2)", Value: 3703.70}},
		[]any{"Arrow", excelize.Cell{Formula: `A3&" CMS"`, Value: "Arrow CMS"}},
		[]any{0, excelize.Cell{Formula: "A1>5", Value: true}},
		[]any{0, excelize.Cell{Formula: `IF(A5=0,"","x")`, Value: ""}},
	)
	if n := CompareRecalc(t, path); n != 5 {
		t.Errorf("CompareRecalc checked %d formula cells, want 5", n)
	}
}

func TestCompareRecalcReportsWrongCache(t *testing.T) {
	Require(t, "soffice")
	t.Parallel()
	path := streamBook(t, "bad.xlsx",
		[]any{10, excelize.Cell{Formula: "A1*2", Value: 21}},
		[]any{10, excelize.Cell{Formula: "A2*2", Value: 20}},
		[]any{10, excelize.Cell{Formula: "A3*2"}},
		[]any{0, excelize.Cell{Formula: `IF(A4=0,"","x")`, Value: "x"}},
	)
	recalculated := Recalc(t, path)
	checked, mismatches, err := compareFiles(path, recalculated)
	if err != nil {
		t.Fatal(err)
	}
	if checked != 4 {
		t.Errorf("checked %d formula cells, want 4", checked)
	}
	byCell := map[string]mismatch{}
	for _, m := range mismatches {
		byCell[m.Sheet+"!"+m.Cell] = m
		t.Logf("mismatch: %s", m)
	}
	if len(mismatches) != 3 {
		t.Fatalf("got %d mismatches %v, want Sheet1!B1 (wrong cache), B3 (no cache), B4 (wrong string)", len(mismatches), mismatches)
	}
	if m, ok := byCell["Sheet1!B1"]; !ok || m.Cached != "21" || m.Recalculated != "20" {
		t.Errorf("Sheet1!B1: got %+v, want cached 21 recalculated 20", m)
	}
	if m, ok := byCell["Sheet1!B3"]; !ok || m.Reason != "no cached value" {
		t.Errorf("Sheet1!B3: got %+v, want \"no cached value\"", m)
	}
	if m, ok := byCell["Sheet1!B4"]; !ok || m.Cached != `"x"` {
		t.Errorf("Sheet1!B4: got %+v, want cached \"x\" recalculated \"\"", m)
	}
}

func TestToPDF(t *testing.T) {
	Require(t, "soffice")
	Require(t, "pdfinfo")
	Require(t, "pdftotext")
	Require(t, "pdftoppm")
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	letter := 1
	if err := f.SetPageLayout("Sheet1", &excelize.PageLayoutOptions{Size: &letter}); err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Sheet1", "A1", "Covenant oracle check")
	f.SetCellValue("Sheet1", "A2", 1234.5)
	dir := t.TempDir()
	path := filepath.Join(dir, "print.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	pdf := ToPDF(t, path)
	if n := PDFPages(t, pdf); n != 1 {
		t.Errorf("PDFPages = %d, want 1", n)
	}
	if w, h := PDFPageSize(t, pdf); w != 612 || h != 792 {
		t.Errorf("PDFPageSize = %v x %v, want Letter 612 x 792", w, h)
	}
	for _, page := range []int{0, 1} {
		if text := PDFText(t, pdf, page); !strings.Contains(text, "Covenant oracle check") {
			t.Errorf("PDFText(page %d) = %q, want it to contain %q", page, text, "Covenant oracle check")
		}
	}
	png := PDFToPNG(t, pdf, 1, filepath.Join(dir, "page1"))
	if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Errorf("PDFToPNG wrote %s: %v", png, err)
	}
}
