package main

import (
	"fmt"
	"html"
	"path/filepath"
	"regexp"
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
			parts := sheetParts(t, path)
			for _, sh := range f.GetSheetList() {
				part := zipPart(t, path, parts[sh])
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
				eachCell(t, f, sh, func(r int, cell, v string) {
					st, _ := f.GetCellStyle(sh, cell)
					fm, _ := f.GetCellFormula(sh, cell)
					switch {
					case fm != "":
						formulas++
						if !isLocked(st) {
							bad = append(bad, fmt.Sprintf("%s!%s (=%s) is a formula, unlocked", sh, cell, fm))
						}
					case in.has(cell) && isNumber(f, sh, cell, v):
						inputs++
						if isLocked(st) {
							bad = append(bad, fmt.Sprintf("%s!%s (%s) is an input, locked", sh, cell, v))
						}
					}
				})
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

// sheetParts maps each sheet of a workbook to its part (xl/worksheets/...), as
// the workbook and its relationships name them.
func sheetParts(t *testing.T, path string) map[string]string {
	t.Helper()
	target := map[string]string{}
	for _, m := range regexp.MustCompile(`<Relationship [^>]*>`).FindAllString(zipPart(t, path, "xl/_rels/workbook.xml.rels"), -1) {
		id, tg := regexp.MustCompile(`Id="([^"]+)"`).FindStringSubmatch(m), regexp.MustCompile(`Target="([^"]+)"`).FindStringSubmatch(m)
		if id != nil && tg != nil {
			target[id[1]] = "xl/" + strings.TrimPrefix(strings.TrimPrefix(tg[1], "/xl/"), "/")
		}
	}
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`<sheet [^>]*>`).FindAllString(zipPart(t, path, "xl/workbook.xml"), -1) {
		name, id := regexp.MustCompile(` name="([^"]+)"`).FindStringSubmatch(m), regexp.MustCompile(`r:id="([^"]+)"`).FindStringSubmatch(m)
		if name != nil && id != nil {
			out[html.UnescapeString(name[1])] = target[id[1]]
		}
	}
	return out
}
