package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReportsProtected (issue 15, "Going further"): every sheet of every
// report of the demo, and of the breakdown to Arrow, is protected without a
// password (an auditor unprotects it without asking anyone); every formula
// cell is locked, so that a keystroke cannot overwrite a figure; every input
// the template names (what comes from the books or the terms) is unlocked,
// so that a what-if on it recalculates the figures.
func TestReportsProtected(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	writeBreakdown(t, dir)
	for _, name := range everyReport {
		t.Run(strings.TrimSuffix(name, ".xlsx"), func(t *testing.T) {
			path := filepath.Join(dir, name)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			locked := map[int]bool{}
			isLocked := func(style int) bool {
				if v, ok := locked[style]; ok {
					return v
				}
				st, err := f.GetStyle(style)
				v := err != nil || st == nil || st.Protection == nil || st.Protection.Locked
				locked[style] = v
				return v
			}
			formulas, inputs := 0, 0
			var bad []string
			for i, sh := range f.GetSheetList() {
				part := zipPart(t, path, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
				at := strings.Index(part, "<sheetProtection")
				if at < 0 {
					t.Errorf("sheet %s is not protected", sh)
					continue
				}
				tag := part[at : at+strings.Index(part[at:], ">")]
				if strings.Contains(tag, "password") || strings.Contains(tag, "hashValue") {
					t.Errorf("sheet %s is protected with a password: %s", sh, tag)
				}
				in := sheetInputs(f, sh)
				rows, err := f.Rows(sh)
				if err != nil {
					t.Fatal(err)
				}
				for r := 1; rows.Next(); r++ {
					cols, err := rows.Columns(excelize.Options{RawCellValue: true})
					if err != nil {
						t.Fatal(err)
					}
					for c, v := range cols {
						if v == "" {
							continue
						}
						cell, _ := excelize.CoordinatesToCellName(c+1, r)
						st, _ := f.GetCellStyle(sh, cell)
						fm, _ := f.GetCellFormula(sh, cell)
						switch {
						case fm != "":
							formulas++
							if !isLocked(st) {
								bad = append(bad, fmt.Sprintf("%s!%s (=%s) is a formula, unlocked", sh, cell, fm))
							}
						case in.has(cell) && r > 1:
							if ty, _ := f.GetCellType(sh, cell); ty == excelize.CellTypeNumber || ty == excelize.CellTypeUnset {
								if _, err := fmt.Sscanf(v, "%g", new(float64)); err != nil {
									continue // a header
								}
								inputs++
								if isLocked(st) {
									bad = append(bad, fmt.Sprintf("%s!%s (%s) is an input, locked", sh, cell, v))
								}
							}
						}
					}
				}
				rows.Close()
			}
			if formulas == 0 || inputs == 0 {
				t.Errorf("%d formulas and %d inputs checked, want some of each", formulas, inputs)
			}
			if len(bad) > 0 {
				n := len(bad)
				if n > 20 {
					bad = bad[:20]
				}
				t.Errorf("%d cells:\n\t%s", n, strings.Join(bad, "\n\t"))
			}
			t.Logf("%s: every sheet protected without a password; %d formula cells locked, %d inputs unlocked", name, formulas, inputs)
		})
	}
}
