package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// assertSameBytesTwice runs a report command twice into two files (args gets
// the output path) and fails if the two reports differ in any byte.
func assertSameBytesTwice(t *testing.T, dir string, args func(out string) []string) {
	t.Helper()
	var outs [][]byte
	for _, name := range []string{"run-a.xlsx", "run-b.xlsx"} {
		out := filepath.Join(dir, name)
		if code, _, stderr := runCLI(t, args(out)...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two runs with the same inputs and --as-of differ")
	}
}

// runInPlaceTwice runs an --in-place command twice on path and fails unless the
// first run changed the workbook and the second changed nothing more. It returns
// the workbook before and after; stdout of the first run is returned too.
func runInPlaceTwice(t *testing.T, path string, args ...string) (before, after []byte, stdout string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	after, _ = os.ReadFile(path)
	if code, _, stderr := runCLI(t, args...); code != 0 {
		t.Fatalf("second run exit %d: %s", code, stderr)
	}
	twice, _ := os.ReadFile(path)
	if !bytes.Equal(after, twice) {
		t.Error("a second in-place run changed the workbook again")
	}
	if bytes.Equal(before, after) {
		t.Fatal("the in-place run did not change the workbook")
	}
	return before, after, stdout
}

// putRows writes rows into sheet from row first down (fixtures' data).
func putRows(t testing.TB, f *excelize.File, sheet string, first int, rows [][]any) {
	t.Helper()
	for i := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, first+i)
		if err := f.SetSheetRow(sheet, cell, &rows[i]); err != nil {
			t.Fatal(err)
		}
	}
}
