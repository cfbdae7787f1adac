package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// amountFormat reports whether a number format shows an amount: two decimals
// or more (money, accounting, unit costs, rates), not a count, a date or a
// percentage of whole tenths.
var amountFormat = regexp.MustCompile(`0\.00`)

// builtinAmount are Excel's built-in number formats with two decimals.
var builtinAmount = map[int]bool{2: true, 4: true, 7: true, 8: true, 10: true, 11: true, 39: true, 40: true, 43: true, 44: true}

// inputAreas reads a sheet's "Inputs" name (what the template names as taken
// from the books or the terms): column letters, and cells, by sheet.
type inputAreas struct {
	cols  map[string]bool
	cells map[string]bool
}

func sheetInputs(f *excelize.File, sheet string) inputAreas {
	in := inputAreas{cols: map[string]bool{}, cells: map[string]bool{}}
	for _, dn := range f.GetDefinedName() {
		if dn.Name != "Inputs" || dn.Scope != sheet {
			continue
		}
		for _, area := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(dn.RefersTo, "("), ")"), ",") {
			_, ref, _ := strings.Cut(area, "!")
			ref = strings.ReplaceAll(ref, "$", "")
			a, b, isRange := strings.Cut(ref, ":")
			if isRange && a == b && regexp.MustCompile(`^[A-Z]+$`).MatchString(a) {
				in.cols[a] = true
				continue
			}
			if !isRange {
				in.cells[a] = true
				continue
			}
			c1, r1, err1 := excelize.CellNameToCoordinates(a)
			c2, r2, err2 := excelize.CellNameToCoordinates(b)
			if err1 != nil || err2 != nil {
				continue
			}
			for c := c1; c <= c2; c++ {
				for r := r1; r <= r2; r++ {
					n, _ := excelize.CoordinatesToCellName(c, r)
					in.cells[n] = true
				}
			}
		}
	}
	return in
}

func (in inputAreas) has(cell string) bool {
	if in.cells[cell] {
		return true
	}
	col := strings.TrimRight(cell, "0123456789")
	return in.cols[col]
}

// eachCell calls fn with every cell of a sheet that holds a value (its raw
// value: a number as stored).
func eachCell(t *testing.T, f *excelize.File, sheet string, fn func(row int, cell, v string)) {
	t.Helper()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for r := 1; rows.Next(); r++ {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for c, v := range cols {
			if v != "" {
				cell, _ := excelize.CoordinatesToCellName(c+1, r)
				fn(r, cell, v)
			}
		}
	}
}

// isNumber reports whether a cell holding v is a number.
func isNumber(f *excelize.File, sheet, cell, v string) bool {
	if ty, _ := f.GetCellType(sheet, cell); ty != excelize.CellTypeNumber && ty != excelize.CellTypeUnset {
		return false
	}
	_, err := fmt.Sscanf(v, "%g", new(float64))
	return err == nil
}

// typedAmounts lists the amounts of a workbook that are neither a formula nor
// an input its template names, and counts the amounts it checked.
func typedAmounts(t *testing.T, f *excelize.File) (checked int, bad []string) {
	t.Helper()
	formats := map[int]bool{} // style -> shows an amount
	isAmount := func(style int) bool {
		if v, ok := formats[style]; ok {
			return v
		}
		v := false
		if st, err := f.GetStyle(style); err == nil && st != nil {
			v = builtinAmount[st.NumFmt] || st.CustomNumFmt != nil && amountFormat.MatchString(*st.CustomNumFmt) && !strings.HasSuffix(*st.CustomNumFmt, "%")
		}
		formats[style] = v
		return v
	}
	for _, sh := range f.GetSheetList() {
		in := sheetInputs(f, sh)
		eachCell(t, f, sh, func(r int, cell, v string) {
			if !isNumber(f, sh, cell, v) {
				return
			}
			st, _ := f.GetCellStyle(sh, cell)
			if !isAmount(st) {
				return
			}
			checked++
			if fm, _ := f.GetCellFormula(sh, cell); fm != "" || in.has(cell) {
				return
			}
			bad = append(bad, fmt.Sprintf("%s!%s = %s", sh, cell, v))
		})
	}
	return checked, bad
}

// TestAmountsAreFormulasOrInputs: every amount on every sheet of every report
// of the demo is a formula (a total over its lines, a line's own figure
// referred to, arithmetic of its row), or a value its template names as an
// input (the sheet's Inputs name: what comes from the books or the terms as
// it is). A typed total that no formula ties to its lines fails (issue 15).
func TestAmountsAreFormulasOrInputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	writeBreakdown(t, dir) // the breakdown to Arrow (issue 17)
	for _, name := range everyReport {
		t.Run(strings.TrimSuffix(name, ".xlsx"), func(t *testing.T) {
			f, err := excelize.OpenFile(filepath.Join(dir, name), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			checked, bad := typedAmounts(t, f)
			if checked == 0 {
				t.Fatal("no amount checked")
			}
			if len(bad) > 0 {
				n := len(bad)
				if n > 20 {
					bad = bad[:20]
				}
				t.Errorf("%d of %d amounts are typed, neither a formula nor an input the template names:\n\t%s", n, checked, strings.Join(bad, "\n\t"))
			}
			t.Logf("%s: %d amounts, each a formula or a named input", name, checked)
		})
	}
	// the check finds a total typed over its formula
	f, err := excelize.OpenFile(filepath.Join(dir, "monthly-2003-10.xlsx"), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.SetCellValue("Summary", "D5", 123.45) // drops its SUMIFS
	if _, bad := typedAmounts(t, f); len(bad) != 1 || bad[0] != "Summary!D5 = 123.45" {
		t.Errorf("a typed amount on the Summary sheet found as %q", bad)
	}
}
