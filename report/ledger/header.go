package ledger

import (
	"fmt"
	"strings"

	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// How a header row is read, whatever the rows come from (a worksheet or a
// CSV file): each header cell is folded (parse.HeaderKey) and looked up among
// the sheet's column names, its own name first, then its other names
// (synonyms.go). A header that is a column's own name always takes that
// column; another name takes it only when no header of the row is the
// column's own name, and two other names of one column in the same row are
// an error naming both cells, as are two headers that are the column's own
// name: covenant would not know which to read.

// headerCell is one text cell of a candidate header row.
type headerCell struct {
	Col  int    // column number, 1 for A
	Text string // as written
}

// headerName is what a folded header names.
type headerName struct {
	column string // the canonical column
	own    bool   // the column's own name, not another name of it
}

// headerMatcher reads header rows against a sheet's columns.
type headerMatcher struct {
	sheet string
	cols  []column
	names map[string]headerName // folded name -> column
	// other are each column's other names as given, for messages
	other map[string][]string
	// cellName and rowName name a header cell and the header row for
	// messages ("H1", "row 1"; in a CSV file "column 8", "line 1")
	cellName func(col, row int) string
	rowName  func(row int) string
}

// newHeaderMatcher indexes the columns' own names and their other names
// (names; nil: the built-in ones). An other name that is another column's own
// name, or that two columns share, names neither: it is left out.
func newHeaderMatcher(sheet string, cols []column, names columnNames) *headerMatcher {
	m := &headerMatcher{sheet: sheet, cols: cols, names: map[string]headerName{}, other: map[string][]string{},
		cellName: xlsx.CellRef, rowName: func(row int) string { return fmt.Sprintf("row %d", row) }}
	for _, c := range cols {
		m.names[parse.HeaderKey(c.Name)] = headerName{column: c.Name, own: true}
	}
	shared := map[string]bool{}
	for _, c := range cols {
		for _, n := range names.of(sheet, c.Name) {
			k := parse.HeaderKey(n)
			if k == "" {
				continue
			}
			prev, seen := m.names[k]
			switch {
			case !seen:
				m.names[k] = headerName{column: c.Name}
				m.other[c.Name] = append(m.other[c.Name], n)
			case prev.own || prev.column == c.Name:
				// another column's own name keeps it; a repeat changes nothing
			default:
				shared[k] = true
			}
		}
	}
	for k := range shared {
		delete(m.names, k)
	}
	return m
}

// headerRead is a row read as a header.
type headerRead struct {
	row   int
	col   map[string]int    // canonical name -> column number
	text  map[string]string // canonical name -> the header as written
	cells []headerCell      // every text cell of the row, in order
	// used marks the cells read as a column, or left for a column's own
	// name (they are not offered as "did you mean")
	used map[int]bool
	// required counts the required columns found
	required int
	// problems are the headers covenant cannot choose between
	problems []headerProblem
}

type headerProblem struct {
	col, row int
	column   string
	err      error
}

// match reads one row's text cells as a header.
func (m *headerMatcher) match(row int, cells []headerCell) *headerRead {
	h := &headerRead{row: row, col: map[string]int{}, text: map[string]string{}, used: map[int]bool{}}
	own := map[string][]headerCell{}
	other := map[string][]headerCell{}
	for _, c := range cells {
		k := parse.HeaderKey(c.Text)
		if k == "" {
			continue
		}
		c.Text = strings.TrimSpace(c.Text)
		h.cells = append(h.cells, c)
		n, ok := m.names[k]
		switch {
		case !ok:
		case n.own:
			own[n.column] = append(own[n.column], c)
		default:
			other[n.column] = append(other[n.column], c)
		}
	}
	for _, want := range m.cols {
		found := own[want.Name]
		if len(found) > 0 {
			for _, c := range other[want.Name] {
				h.used[c.Col] = true // the own name wins; this column is kept as it is
			}
			for _, c := range found[1:] {
				h.problems = append(h.problems, headerProblem{c.Col, row, want.Name,
					fmt.Errorf("the header %q appears twice (also in %s); covenant would not know which column to read", want.Name, m.cellName(found[0].Col, row))})
			}
		} else if found = other[want.Name]; len(found) > 1 {
			var refs []string
			for _, c := range found {
				refs = append(refs, fmt.Sprintf("%s %q", m.cellName(c.Col, row), c.Text))
			}
			all := "all"
			if len(found) == 2 {
				all = "both"
			}
			h.problems = append(h.problems, headerProblem{found[1].Col, row, want.Name,
				fmt.Errorf("%s %s name the %s column, and covenant would not know which to read: head the one to read %q (the others are then left as they are), or take the others' names off the Columns sheet of a terms workbook (covenant terms export, then --terms)",
					joinAnd(refs), all, want.Name, want.Name)})
		}
		if len(found) == 0 {
			continue
		}
		h.col[want.Name], h.text[want.Name] = found[0].Col, found[0].Text
		for _, c := range found {
			h.used[c.Col] = true
		}
		if !want.Optional {
			h.required++
		}
	}
	return h
}

// missing explains a required column the header row lacks: the headers found,
// and the closest of those not read as another column.
// hint, when not empty, explains more (merged header cells).
func (m *headerMatcher) missing(h *headerRead, want column, hint string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "the header row (%s) has no %q column", m.rowName(h.row), want.Name)
	if len(h.cells) > 0 {
		const maxShown = 16
		var found []string
		for i, c := range h.cells {
			if i == maxShown {
				found = append(found, fmt.Sprintf("and %d more", len(h.cells)-maxShown))
				break
			}
			found = append(found, c.Text)
		}
		fmt.Fprintf(&b, "; found %s", strings.Join(found, ", "))
	}
	var candidates []string
	var at []headerCell
	for _, c := range h.cells {
		if !h.used[c.Col] {
			candidates = append(candidates, c.Text)
			at = append(at, c)
		}
	}
	if i, ok := closest(append([]string{want.Name}, m.other[want.Name]...), candidates); ok {
		fmt.Fprintf(&b, " — did you mean %q (%s)?", at[i].Text, m.cellName(at[i].Col, h.row))
	} else {
		b.WriteString(".")
	}
	b.WriteString(hint)
	also := ""
	if other := m.other[want.Name]; len(other) > 0 {
		if len(other) > 4 {
			other = append(other[:4:4], "…")
		}
		also = " (or " + strings.Join(other, ", ") + ")"
	}
	fmt.Fprintf(&b, " Head the column %s%s, or add your header to the Columns sheet of a terms workbook (covenant terms export, then --terms)", want.Name, also)
	return b.String()
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// Closest returns the candidate nearest to one of names, compared folded
// (parse.HeaderKey) by edit distance (a letter added, dropped, changed, or two
// swapped), when it is near enough to be a misspelling; its index and true,
// else false. The first of equally near candidates wins.
func Closest(names, candidates []string) (int, bool) {
	return closest(names, candidates)
}

func closest(names, candidates []string) (int, bool) {
	best, bestD := -1, 0
	for i, c := range candidates {
		ck := parse.HeaderKey(c)
		if ck == "" {
			continue
		}
		for _, n := range names {
			nk := parse.HeaderKey(n)
			d := parse.EditDistance(ck, nk, nearEnough(nk))
			if d > nearEnough(nk) {
				continue
			}
			if best < 0 || d < bestD {
				best, bestD = i, d
			}
		}
	}
	return best, best >= 0
}

// nearEnough is how many edits a misspelling of a folded name may hold: none
// in a name of up to three letters ("qty"), one up to five, two up to nine,
// three beyond.
func nearEnough(k string) int {
	switch n := len([]rune(k)); {
	case n <= 3:
		return 0
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	}
	return 3
}
