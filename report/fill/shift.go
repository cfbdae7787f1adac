package fill

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// A sheet may hold several tables one under another, and rows under a table (a
// total, a note): a table's rows replace its sample row, and push down every
// row of the template below it. The template's rows keep their numbers in
// the code (defined names, patches); the rows they are written under are
// found here.

// sheetTables are the tables of a sheet, by their header row.
func (w *Workbook) sheetTables(sheet string) []*Table { return w.tables[sheet] }

// addTable records a table of its sheet, in the order of their rows.
func (w *Workbook) addTable(tb *Table) {
	ts := append(w.tables[tb.sheet], tb)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].headerRow < ts[j].headerRow })
	w.tables[tb.sheet] = ts
	if asked := w.asked[tb.sheet]; asked > tb.headerRow+1 {
		w.fail("template: table %s on sheet %s is filled after a formula referred to row %d below it: declare the tables of a sheet first", tb.name, tb.sheet, asked)
	}
}

// outRow is the row template row r of sheet is written under: the data rows of
// the tables above it push it down (a table's sample row becomes its first
// data row; an empty table keeps it, with "(none)").
func (w *Workbook) outRow(sheet string, r int) int {
	shift := 0
	for _, t := range w.tables[sheet] {
		if t.headerRow+1 < r {
			shift += t.rows() - 1
		}
	}
	return r + shift
}

// refRow is outRow for a reference handed out to a formula: a table declared
// later above it would move it, which Table refuses.
func (w *Workbook) refRow(sheet string, r int) int {
	if w.asked == nil {
		w.asked = map[string]int{}
	}
	if r > w.asked[sheet] {
		w.asked[sheet] = r
	}
	return w.outRow(sheet, r)
}

// rows is the number of rows the table takes on its sheet ("(none)" for an
// empty one).
func (t *Table) rows() int { return max(t.n, 1) }

// moved reports whether any row of sheet is pushed down.
func (w *Workbook) moved(sheet string) bool {
	for _, t := range w.tables[sheet] {
		if t.rows() > 1 {
			return true
		}
	}
	return false
}

var refPart = regexp.MustCompile(`(\$?)([A-Za-z]{1,3})?(\$?)(\d+)`)

// shiftRef moves the rows of a reference such as 'Sheet'!$A$7:$C$9 or
// Sheet!$4:$4 on sheet as outRow does.
func (w *Workbook) shiftRef(sheet, ref string) string {
	i := strings.LastIndexByte(ref, '!')
	if i < 0 {
		return ref
	}
	return ref[:i+1] + refPart.ReplaceAllStringFunc(ref[i+1:], func(m string) string {
		p := refPart.FindStringSubmatch(m)
		n, err := strconv.Atoi(p[4])
		if err != nil {
			return m
		}
		return p[1] + p[2] + p[3] + strconv.Itoa(w.outRow(sheet, n))
	})
}

// moveRows carries what the template says about rows that tables push down
// into the workbook before it is written: defined names (print areas, fill
// points a formula of the template may use) and merged cells. Row heights
// and styles go with the rows themselves.
func (w *Workbook) moveRows() error {
	var sheets []string
	for s := range w.tables {
		if w.moved(s) {
			sheets = append(sheets, s)
		}
	}
	if len(sheets) == 0 {
		return nil
	}
	sort.Strings(sheets)
	for _, sheet := range sheets {
		merged, err := w.f.GetMergeCells(sheet)
		if err != nil {
			return err
		}
		type span struct{ from, to string }
		var again []span
		for _, mc := range merged {
			a, b := mc.GetStartAxis(), mc.GetEndAxis()
			c1, r1, err1 := excelize.CellNameToCoordinates(a)
			c2, r2, err2 := excelize.CellNameToCoordinates(b)
			if err1 != nil || err2 != nil {
				continue
			}
			n1, n2 := w.outRow(sheet, r1), w.outRow(sheet, r2)
			if n1 == r1 && n2 == r2 {
				continue
			}
			if err := w.f.UnmergeCell(sheet, a, b); err != nil {
				return err
			}
			again = append(again, span{xlsx.CellRef(c1, n1), xlsx.CellRef(c2, n2)})
		}
		for _, sp := range again {
			// excelize keeps merges in its model: the rows move as written
			if err := w.mergeLater(sheet, sp.from, sp.to); err != nil {
				return err
			}
		}
	}
	for _, dn := range w.f.GetDefinedName() {
		t, ok := parseRefersTo(dn.RefersTo)
		sheet := ""
		if ok {
			sheet = t.sheet
		} else if i := strings.LastIndexByte(dn.RefersTo, '!'); i > 0 {
			sheet = strings.ReplaceAll(strings.Trim(strings.TrimPrefix(dn.RefersTo[:i], "="), "'"), "''", "'")
		}
		if sheet == "" || !w.moved(sheet) {
			continue
		}
		to := w.shiftRef(sheet, dn.RefersTo)
		if to == dn.RefersTo {
			continue
		}
		scope := dn.Scope
		if scope == "Workbook" {
			scope = ""
		}
		if err := w.f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: scope}); err != nil {
			return err
		}
		if err := w.f.SetDefinedName(&excelize.DefinedName{Name: dn.Name, RefersTo: to, Comment: dn.Comment, Scope: scope}); err != nil {
			return err
		}
	}
	return nil
}

// mergeLater records a merge to write into the sheet's tail (the rows it
// spans exist only once the table is written).
func (w *Workbook) mergeLater(sheet, from, to string) error {
	if w.merges == nil {
		w.merges = map[string][]string{}
	}
	w.merges[sheet] = append(w.merges[sheet], from+":"+to)
	return nil
}

var mergeCellsElem = regexp.MustCompile(`<(\w+:)?mergeCells\b[^>]*?(/>|>.*?</(\w+:)?mergeCells>)`)
var afterMergeCells = regexp.MustCompile(`<(\w+:)?(phoneticPr|conditionalFormatting|dataValidations|hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)[ />]|</(\w+:)?worksheet>`)

// withMerges adds the merges moveRows took apart, moved, to a worksheet's tail.
func withMerges(tail []byte, refs []string) ([]byte, error) {
	if len(refs) == 0 {
		return tail, nil
	}
	var add strings.Builder
	for _, r := range refs {
		fmt.Fprintf(&add, `<mergeCell ref="%s"/>`, r)
	}
	if loc := mergeCellsElem.FindSubmatchIndex(tail); loc != nil {
		elem := string(tail[loc[0]:loc[1]])
		var inner []string
		for _, m := range regexp.MustCompile(`ref="([^"]+)"`).FindAllStringSubmatch(elem, -1) {
			inner = append(inner, m[1])
		}
		inner = append(inner, refs...)
		var b strings.Builder
		fmt.Fprintf(&b, `<mergeCells count="%d">`, len(inner))
		for _, r := range inner {
			fmt.Fprintf(&b, `<mergeCell ref="%s"/>`, r)
		}
		b.WriteString(`</mergeCells>`)
		out := append([]byte{}, tail[:loc[0]]...)
		out = append(out, b.String()...)
		return append(out, tail[loc[1]:]...), nil
	}
	loc := afterMergeCells.FindIndex(tail)
	if loc == nil {
		return nil, fmt.Errorf("template: no place for merged cells in the sheet")
	}
	out := append([]byte{}, tail[:loc[0]]...)
	out = append(out, fmt.Sprintf(`<mergeCells count="%d">%s</mergeCells>`, len(refs), add.String())...)
	return append(out, tail[loc[0]:]...), nil
}
