package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
)

// preserveDir holds the preservation fixtures (see its README).
var preserveDir = filepath.Join("..", "..", "testdata", "preserve")

// zipParts reads every part of a package: name -> uncompressed bytes, and the
// names in order.
func zipParts(t *testing.T, data []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	var order []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
		order = append(order, f.Name)
	}
	return parts, order
}

// sheetPart finds a sheet's part name through the workbook and its relationships.
func sheetPart(t *testing.T, parts map[string][]byte, name string) string {
	t.Helper()
	m := regexp.MustCompile(`<sheet [^>]*name="` + regexp.QuoteMeta(name) + `"[^>]*r:id="([^"]+)"`).FindSubmatch(parts["xl/workbook.xml"])
	if m == nil {
		t.Fatalf("no sheet %s in the workbook", name)
	}
	r := regexp.MustCompile(`<Relationship [^>]*Id="` + string(m[1]) + `"[^>]*Target="([^"]+)"`).FindSubmatch(parts["xl/_rels/workbook.xml.rels"])
	if r == nil {
		r = regexp.MustCompile(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="` + string(m[1]) + `"`).FindSubmatch(parts["xl/_rels/workbook.xml.rels"])
	}
	if r == nil {
		t.Fatalf("no relationship %s", m[1])
	}
	return "xl/" + strings.TrimPrefix(string(r[1]), "/xl/")
}

// sheetLayout splits a worksheet's XML into what precedes <sheetData> (without
// its <dimension>, which may grow), the rows' start tags and cells by
// reference, and what follows </sheetData>.
type sheetLayout struct {
	head, tail string
	rowTags    map[string]string // row number -> start tag without spans
	cells      map[string]string // reference -> the whole <c> element
}

var (
	rowRE   = regexp.MustCompile(`<row [^>]*?r="(\d+)"[^>]*?/?>`)
	cellRE  = regexp.MustCompile(`<c r="([A-Z]+\d+)"(?:[^>]*/>|[^>]*>.*?</c>)`)
	spansRE = regexp.MustCompile(` spans="[^"]*"`)
	dimRE   = regexp.MustCompile(`<dimension ref="[^"]*"/>`)
	colsRE  = regexp.MustCompile(`<cols>.*?</cols>`)
	colRE   = regexp.MustCompile(`<col ([^>]*?)/?>`)
	attrRE  = regexp.MustCompile(`(\w+)="([^"]*)"`)
)

// colSettings reads a sheet head's <col> elements: column number -> its
// settings, sorted (min and max left out: a range may be split).
func colSettings(head string) map[int]string {
	out := map[int]string{}
	for _, m := range colRE.FindAllStringSubmatch(colsRE.FindString(head), -1) {
		lo, hi := 0, 0
		var set []string
		for _, a := range attrRE.FindAllStringSubmatch(m[1], -1) {
			switch a[1] {
			case "min":
				lo, _ = strconv.Atoi(a[2])
			case "max":
				hi, _ = strconv.Atoi(a[2])
			default:
				set = append(set, a[1]+"="+a[2])
			}
		}
		sort.Strings(set)
		for c := lo; c <= hi && c <= lo+16384; c++ {
			out[c] = strings.Join(set, " ")
		}
	}
	return out
}

// stylesAppended reports whether the styles part neu is old with cell
// formats (and number formats) appended and their counts updated, every other
// byte the same.
func stylesAppended(old, neu []byte) bool {
	counts := regexp.MustCompile(`(<(?:cellXfs|numFmts)) count="\d+"`)
	strip := func(b []byte, block string) (inner, rest string) {
		s := counts.ReplaceAllString(string(b), "$1")
		re := regexp.MustCompile(`(?s)(<` + block + `>)(.*?)(</` + block + `>)`)
		m := re.FindStringSubmatchIndex(s)
		if m == nil {
			return "", s
		}
		return s[m[4]:m[5]], s[:m[4]] + s[m[5]:]
	}
	for _, block := range []string{"cellXfs", "numFmts"} {
		oi, orest := strip(old, block)
		ni, nrest := strip(neu, block)
		if !strings.HasPrefix(ni, oi) {
			return false
		}
		if block == "cellXfs" {
			// the numFmts compared next
			old, neu = []byte(orest), []byte(nrest)
			continue
		}
		if orest != nrest {
			return false
		}
	}
	return true
}

func sheetLayoutOf(t *testing.T, xml []byte) sheetLayout {
	t.Helper()
	s := string(xml)
	i, j := strings.Index(s, "<sheetData"), strings.Index(s, "</sheetData>")
	if i < 0 || j < 0 {
		t.Fatal("no <sheetData>")
	}
	l := sheetLayout{head: dimRE.ReplaceAllString(s[:i], ""), tail: s[j:], rowTags: map[string]string{}, cells: map[string]string{}}
	for _, m := range rowRE.FindAllStringSubmatch(s[i:j], -1) {
		l.rowTags[m[1]] = strings.TrimSuffix(strings.TrimSuffix(spansRE.ReplaceAllString(m[0], ""), "/>"), ">")
	}
	for _, m := range cellRE.FindAllStringSubmatch(s[i:j], -1) {
		l.cells[m[1]] = m[0]
	}
	return l
}

// TestInPlacePreservesEverything runs monthly --in-place on a ledger saved by
// LibreOffice that holds a pivot table, a chart, an image, comments, data
// validation, conditional formatting, an Excel table, defined names, a hidden
// sheet, frozen panes and custom number formats, and compares the packages:
// every part but the Purchases sheet is byte for byte the same, save the
// cell formats appended to styles.xml (issue 15: the new columns take the
// sheet's formats, money where the sheet's amounts are General), and in the
// Purchases sheet every original cell, with its style and formula, every row's
// attributes, every column's settings and everything before and after the
// rows are unchanged; the only new cells are the five columns' headers and
// values, as text, and the new columns get widths.
func TestInPlacePreservesEverything(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(preserveDir, "ledger-features.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := zipParts(t, orig)
	purchases := sheetPart(t, before, "Purchases")

	// the fixture holds what it claims to
	has := func(what, part string, re string) {
		if !regexp.MustCompile(re).Match(before[part]) {
			t.Errorf("the fixture lacks %s (%s in %s)", what, re, part)
		}
	}
	for _, p := range []string{"xl/pivotTables/pivotTable1.xml", "xl/pivotCache/pivotCacheDefinition1.xml", "xl/charts/chart1.xml", "xl/media/image1.png", "xl/comments1.xml", "xl/tables/table1.xml"} {
		if before[p] == nil {
			t.Errorf("the fixture lacks %s", p)
		}
	}
	has("a hidden sheet", "xl/workbook.xml", `<sheet name="Lists"[^>]*state="hidden"`)
	has("defined names", "xl/workbook.xml", `<definedName [^>]*name="YesNo"`)
	has("frozen panes", purchases, `<pane [^>]*state="frozen"`)
	has("data validation", purchases, `<dataValidation [^>]*type="list"`)
	has("conditional formatting", purchases, `<conditionalFormatting sqref="I2:I8">`)
	has("formulas", purchases, `<f[^>]*>ROUND\(H2\*I2,2\)</f>`)
	has("custom number formats", "xl/styles.xml", `formatCode="\\\$#,##0.0000"`)

	for _, tc := range []struct {
		args       []string
		sheet      string
		first, end string // the new columns
		added      int
		textOnly   bool
	}{
		// header and 7 PO lines; the formatted empty rows below get nothing,
		// and Reported In only the 5 lines the January report lists (not
		// PO-1004, out of scope, nor PO-1006, dated in February)
		{[]string{"monthly", "--month", "2003-01"}, "Purchases", "N", "R", 5*8 - 2, true},
		// header and 2 invoices; Net Billed is a formula
		{[]string{"certificate", "--quarter", "2003Q1"}, "Invoices", "H", "K", 4 * 3, false},
	} {
		t.Run(tc.args[0], func(t *testing.T) {
			checkPreserved(t, orig, tc.args, tc.sheet, tc.first, tc.end, tc.added, tc.textOnly)
		})
	}
}

// checkPreserved runs a command --in-place on a copy of orig and compares the
// packages, the sheet it writes cell by cell.
func checkPreserved(t *testing.T, orig []byte, args []string, sheet, first, end string, wantAdded int, textOnly bool) {
	before, order := zipParts(t, orig)
	purchases := sheetPart(t, before, sheet)
	dir := t.TempDir()
	ledgerPath := filepath.Join(dir, "ledger-features.xlsx")
	if err := os.WriteFile(ledgerPath, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, "--ledger", ledgerPath, "--as-of", "2003-04-10", "--out", filepath.Join(dir, "out"), "--in-place")
	code, _, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	now, err := os.ReadFile(ledgerPath)
	if err != nil {
		t.Fatal(err)
	}
	after, newOrder := zipParts(t, now)
	if strings.Join(order, ",") != strings.Join(newOrder, ",") {
		t.Errorf("the parts changed or moved:\n%v\n%v", order, newOrder)
	}
	for name, b := range before {
		if name == purchases {
			continue
		}
		if name == "xl/styles.xml" && stylesAppended(b, after[name]) {
			continue
		}
		if !bytes.Equal(after[name], b) {
			t.Errorf("part %s changed", name)
		}
	}

	// inside the sheet
	old, neu := sheetLayoutOf(t, before[purchases]), sheetLayoutOf(t, after[purchases])
	if colsRE.ReplaceAllString(old.head, "") != colsRE.ReplaceAllString(neu.head, "") {
		t.Errorf("the sheet's start changed:\n%s\n%s", old.head, neu.head)
	}
	oldCols, newCols := colSettings(old.head), colSettings(neu.head)
	for c, set := range oldCols {
		if newCols[c] != set {
			t.Errorf("column %d's settings changed: %s -> %s", c, set, newCols[c])
		}
	}
	for c := int(first[0]-'A') + 1; c <= int(end[0]-'A')+1; c++ {
		if _, had := oldCols[c]; !had && !strings.Contains(newCols[c], "width=") {
			t.Errorf("new column %d has no width: %q", c, newCols[c])
		}
	}
	if old.tail != neu.tail {
		t.Errorf("the sheet's end (validation, conditional formatting, table, comments) changed:\n%s\n%s", old.tail, neu.tail)
	}
	for r, tag := range old.rowTags {
		if neu.rowTags[r] != tag {
			t.Errorf("row %s's attributes changed: %s -> %s", r, tag, neu.rowTags[r])
		}
	}
	for ref, c := range old.cells {
		if neu.cells[ref] != c {
			t.Errorf("cell %s changed: %s -> %s", ref, c, neu.cells[ref])
		}
	}
	added := 0
	for ref, c := range neu.cells {
		if _, ok := old.cells[ref]; ok {
			continue
		}
		added++
		col := strings.TrimRight(ref, "0123456789")
		if len(col) != 1 || col < first || col > end {
			t.Errorf("new cell %s outside the new columns %s:%s: %s", ref, first, end, c)
		}
		if textOnly && (strings.Contains(c, "<f>") || !strings.Contains(c, `t="inlineStr"`)) {
			t.Errorf("new cell %s is not inline text: %s", ref, c)
		}
	}
	if added != wantAdded {
		t.Errorf("%d new cells, want %d", added, wantAdded)
	}

	// and the workbook opens: excelize sees the features, LibreOffice recalculates it
	f, err := excelize.OpenFile(ledgerPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if pts, err := f.GetPivotTables("Pivot"); err != nil || len(pts) != 1 {
		t.Errorf("pivot tables: %v %v", pts, err)
	}
	if tables, err := f.GetTables("Purchases"); err != nil || len(tables) != 1 || tables[0].Name != "POLines" {
		t.Errorf("tables: %+v %v", tables, err)
	}
	if pics, err := f.GetPictures("Franchise", "E2"); err != nil || len(pics) != 1 {
		t.Errorf("pictures: %d %v", len(pics), err)
	}
	if cs, err := f.GetComments("Purchases"); err != nil || len(cs) != 1 {
		t.Errorf("comments: %+v %v", cs, err)
	}
	if v, _ := f.GetSheetVisible("Lists"); v {
		t.Error("the Lists sheet is no longer hidden")
	}
	if panes, err := f.GetPanes("Purchases"); err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes: %+v %v", panes, err)
	}
	if fm, _ := f.GetCellFormula("Purchases", "M5"); fm != "ROUND(H5*I5,2)" {
		t.Errorf("M5 formula %q", fm)
	}
	oracle.Require(t, "soffice")
	if n := oracle.CompareRecalc(t, ledgerPath); n < 7 {
		t.Errorf("LibreOffice recalculated %d formulas, want the 7 Extended Costs at least", n)
	}
}

// TestInPlaceKeepsMacros runs monthly --in-place on an .xlsm ledger: it reads
// as usual, and the macros (xl/vbaProject.bin, a real VBA project from Excel),
// the macro-enabled content type and every other part but the Purchases sheet
// are kept byte for byte.
func TestInPlaceKeepsMacros(t *testing.T) {
	vba, err := os.ReadFile(filepath.Join(preserveDir, "vbaProject.bin"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	base := fixtureLedger(t, dir, nil)
	f, err := excelize.OpenFile(base)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddVBAProject(vba); err != nil {
		t.Fatal(err)
	}
	xlsm := filepath.Join(dir, "ledger.xlsm")
	if err := f.SaveAs(xlsm); err != nil {
		t.Fatal(err)
	}
	f.Close()
	orig, _ := os.ReadFile(xlsm)
	before, _ := zipParts(t, orig)
	if !bytes.Equal(before["xl/vbaProject.bin"], vba) || !bytes.Contains(before["[Content_Types].xml"], []byte("macroEnabled")) {
		t.Fatal("the fixture is not a macro-enabled workbook")
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", xlsm, "--month", "2003-01", "--as-of", "2003-02-03", "--out", out, "--in-place", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"franchised_spend":"365.51"`) {
		t.Errorf("the .xlsm ledger read differently from the .xlsx one: %s", stdout)
	}
	now, _ := os.ReadFile(xlsm)
	after, _ := zipParts(t, now)
	for name, b := range before {
		if name == "xl/worksheets/sheet1.xml" {
			continue
		}
		if !bytes.Equal(after[name], b) {
			t.Errorf("part %s changed", name)
		}
	}
	if bytes.Equal(after["xl/worksheets/sheet1.xml"], before["xl/worksheets/sheet1.xml"]) {
		t.Error("the Purchases sheet did not get its columns")
	}
	// the compressed bytes of the macros are copied as they were, too
	raw := func(data []byte) []byte {
		zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		for _, f := range zr.File {
			if f.Name == "xl/vbaProject.bin" {
				r, _ := f.OpenRaw()
				b, _ := io.ReadAll(r)
				return b
			}
		}
		return nil
	}
	if r := raw(orig); r == nil || !bytes.Equal(r, raw(now)) {
		t.Error("vbaProject.bin's compressed bytes changed")
	}
	g, err := excelize.OpenFile(xlsm)
	if err != nil {
		t.Fatalf("the .xlsm does not open after in-place: %v", err)
	}
	g.Close()
	oracle.Require(t, "soffice")
	if _, err := os.Stat(oracle.Recalc(t, xlsm)); err != nil {
		t.Errorf("LibreOffice did not open the .xlsm: %v", err)
	}
}
