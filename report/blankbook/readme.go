package blankbook

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/ledger"
)

// The Read Me sheet's columns: Sheet, Column, Required, What to enter, Clause.
var readMeCols = []struct {
	header string
	width  float64
}{{"Sheet", 16}, {"Column", 24}, {"Required", 15}, {"What to enter", 72}, {"Clause", 14}}

// readMeNotes are the general rules, under the title.
func (b Book) readMeNotes() [][2]string {
	return [][2]string{
		{"How covenant reads it", "Each sheet is found by its name and each column by its header (capitals, spaces and " +
			"punctuation do not matter). Keep the sheet names and headers as they are; the columns may be in any order, " +
			"and you may add columns and sheets of your own: covenant reads around them and never changes them. " +
			"An optional column may be deleted. One row per record, no blank header cells."},
		{"Values", b.valuesNote()},
		{"Checking", "covenant checks every cell and names each problem by sheet and cell, all of them at once; " +
			"it writes no report from a workbook with a problem. A sheet with nothing below its header is read as empty."},
		{"Then", "Give the workbook to covenant with " + b.Flag + " FILE, for example:  " + b.Example + "."},
	}
}

// valuesNote says how values are typed, and which columns have a drop-down.
func (b Book) valuesNote() string {
	var lists []string
	flags, times := false, false
	for _, s := range b.Sheets {
		for _, c := range s.Columns {
			switch c.Kind {
			case ledger.KindTime:
				times = true
			case ledger.KindFlag:
				flags = true
				lists = append(lists, c.Name)
			case ledger.KindChoice:
				lists = append(lists, c.Name)
			}
		}
	}
	n := []string{"Dates as Excel dates, or typed as 1/15/2003 or 2003-01-15; a date with a time as 1/15/2003 14:30."}
	if times {
		n = append(n, "A time of day as 14:30 or 2:30 PM.")
	}
	n = append(n, "Amounts as numbers, or typed as $1,234.56 or (1,234.56).")
	if flags {
		n = append(n, "Yes and no as Y or N (Yes, No, True, False and X are read too; blank is no).")
	}
	switch len(lists) {
	case 0:
		n = append(n, "Each column is formatted for what it holds.")
	case 1:
		n = append(n, "Each column is formatted for what it holds; "+lists[0]+" offers a drop-down list.")
	default:
		n = append(n, "Each column is formatted for what it holds; "+list(lists, "and")+" offer a drop-down list.")
	}
	return strings.Join(n, " ")
}

// rowHeight is the height, in points, of a row whose wrapped text takes the
// given width (in characters) for each of texts.
func rowHeight(width float64, bold bool, texts ...string) float64 {
	lines := 1.0
	// Arial 10 runs narrower than the digits of the default font that column
	// widths are measured in (Excel about 1.3 characters a unit, LibreOffice
	// 1.45): a little room to spare rather than a line cut off
	perLine := width * 1.25
	if bold {
		perLine = width * 1.15
	}
	for _, t := range texts {
		n := 0.0
		for _, para := range strings.Split(t, "\n") {
			n += math.Max(1, math.Ceil(float64(utf8.RuneCountInString(para))/perLine))
		}
		lines = math.Max(lines, n)
	}
	return math.Ceil(lines*13 + 3)
}

func (b Book) writeReadMe(f *excelize.File, st styles) error {
	sh := ReadMe
	for i, c := range readMeCols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, col, col, c.width); err != nil {
			return err
		}
	}
	noteWidth := 0.0
	for _, c := range readMeCols[1:] {
		noteWidth += c.width
	}
	set := func(cell string, v string, style int) error {
		if err := f.SetCellStr(sh, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, cell, cell, style)
	}
	if err := set("A1", b.Title, st.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 1, 20); err != nil {
		return err
	}
	row := 3
	for _, n := range b.readMeNotes() {
		a, bcell := fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row)
		if err := set(a, n[0], st.boldWrap); err != nil {
			return err
		}
		if err := set(bcell, n[1], st.wrap); err != nil {
			return err
		}
		if err := f.MergeCell(sh, bcell, fmt.Sprintf("E%d", row)); err != nil {
			return err
		}
		if err := f.SetRowHeight(sh, row, max(rowHeight(noteWidth, false, n[1]), rowHeight(readMeCols[0].width, true, n[0]))); err != nil {
			return err
		}
		row++
	}
	row++
	header := row
	for i, c := range readMeCols {
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		if err := set(cell, c.header, st.header); err != nil {
			return err
		}
	}
	row++
	what := readMeCols[3].width
	for _, s := range b.Sheets {
		cells := []struct {
			v     string
			style int
		}{{s.Name, st.bold}, {"(the sheet)", st.note}, {"", st.text}, {s.Help, st.boldWrap}, {s.Clause, st.bold}}
		for i, c := range cells {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := set(cell, c.v, c.style); err != nil {
				return err
			}
		}
		if err := f.SetRowHeight(sh, row, rowHeight(what, true, s.Help)); err != nil {
			return err
		}
		row++
		for _, c := range s.Columns {
			help := columnHelp(c)
			cells := []struct {
				v     string
				style int
			}{{s.Name, st.note}, {c.Name, st.bold}, {required(c), st.text}, {help, st.wrap}, {c.Clause, st.text}}
			for i, c := range cells {
				cell, _ := excelize.CoordinatesToCellName(i+1, row)
				if err := set(cell, c.v, c.style); err != nil {
					return err
				}
			}
			if err := f.SetRowHeight(sh, row, rowHeight(what, false, help)); err != nil {
				return err
			}
			row++
		}
	}
	// not frozen: the notes above the table would fill the screen
	if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:E%d", row-1)); err != nil {
		return err
	}
	return printSetup(f, sh, fmt.Sprintf("'%s'!$%d:$%d", sh, header, header), true)
}

// required says whether the sheet must have the column.
func required(c ledger.ColumnSpec) string {
	if c.Optional {
		return "optional column"
	}
	return "required column"
}

// columnHelp is the column's explanation, with what the drop-down offers.
func columnHelp(c ledger.ColumnSpec) string {
	h := c.Help
	switch c.Kind {
	case ledger.KindChoice:
		h += " The drop-down list offers " + list(c.Choices, "or") + "."
	case ledger.KindFlag:
		h += " The drop-down list offers Y and N."
	}
	if c.Optional {
		h += " The column may be left out of the sheet."
	}
	return h
}
