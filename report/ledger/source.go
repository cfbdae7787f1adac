package ledger

import (
	"fmt"
	"strings"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// source is where a ledger's sheets come from: a workbook (*xlsx.Book), or a
// folder holding one CSV file a sheet (*csvFolder). The table code above it
// (header search, typed values, every message) is the same for both: a CSV
// file's rows are rows of text cells numbered by the line they start on.
type source interface {
	Sheet(name string) (xlsx.Sheet, bool)
	ReadRows(sh xlsx.Sheet, fn func(row *xlsx.Row) error) error
	MergedRanges(sh xlsx.Sheet) ([]string, error)
	LastRow(sh xlsx.Sheet) int
	Close() error
}

var (
	_ source = (*xlsx.Book)(nil)
	_ source = (*csvFolder)(nil)
)

// sheetsOf lists the sheets a source holds.
func sheetsOf(s source) []xlsx.Sheet {
	switch s := s.(type) {
	case *xlsx.Book:
		return s.Sheets
	case *csvFolder:
		return s.sheets
	}
	return nil
}

// date1904 says whether the source's date serials count from 1904.
func date1904(s source) bool {
	b, ok := s.(*xlsx.Book)
	return ok && b.Date1904
}

// isCSV says whether the source is a folder of CSV files.
func isCSV(s source) bool {
	_, ok := s.(*csvFolder)
	return ok
}

// missingSheet says that the source has no such sheet, and what it has.
func missingSheet(s source, name string) error {
	if f, ok := s.(*csvFolder); ok {
		return fmt.Errorf("the folder has no file %s.csv (files found: %s)", name, f.fileList())
	}
	return fmt.Errorf("no sheet named %q (sheets: %s)", name, sheetList(s))
}

// rowName names a row of the table's sheet for a message: "row 12" in a
// workbook, "line 12" in a CSV file (where the record starts).
func (t *table) rowName(n int) string {
	if isCSV(t.book) {
		return fmt.Sprintf("line %d", n)
	}
	return fmt.Sprintf("row %d", n)
}

// cellName is the reference of a cell of the table for a message: "H12" in a
// workbook, "line 12" in a CSV file (the column is named beside it).
func (t *table) cellName(col, row int) string {
	if col == 0 {
		return ""
	}
	if isCSV(t.book) {
		return fmt.Sprintf("line %d", row)
	}
	return xlsx.CellRef(col, row)
}

// lineOf reads back the line number of a cellName made in a CSV file.
func lineOf(cell string) (int, bool) {
	rest, ok := strings.CutPrefix(cell, "line ")
	if !ok {
		return 0, false
	}
	n := 0
	for _, c := range rest {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n > 0
}

// rowWord is what the table's rows are called: "row", or "line" in a CSV file.
func (t *table) rowWord() string {
	if isCSV(t.book) {
		return "line"
	}
	return "row"
}

// columnName names a header cell for a message: "H1" in a workbook, "column
// 8" in a CSV file.
func (t *table) columnName(col, row int) string {
	if isCSV(t.book) {
		return fmt.Sprintf("column %d", col)
	}
	return xlsx.CellRef(col, row)
}
