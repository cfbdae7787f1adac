package xlsx

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A row patched with Set and then a new row emitted: each row is written once
// (the emitted row once repeated the patched one, giving two row 3s).
func TestPatchThenEmitWritesEachRowOnce(t *testing.T) {
	sheet := []byte(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row></sheetData></worksheet>`)
	b, err := OpenBytes(bookWithSheet(sheet))
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := b.Sheet("Data")
	var out bytes.Buffer
	tr := &setC{}
	if err := b.Rewrite(&out, RewriteOptions{Edits: map[string]PartEdit{sh.Part: b.SheetPart(sh, tr)}}); err != nil {
		t.Fatal(err)
	}
	nb, err := OpenBytes(out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var rows []int
	if err := nb.ReadRows(sh, func(r *Row) error { rows = append(rows, r.Num); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0] != 1 || rows[1] != 3 || rows[2] != 4 {
		t.Errorf("rows %v, want [1 3 4]", rows)
	}
}

// endless yields n bytes of one repeated tag, without holding them.
type endless struct {
	tag []byte
	n   int
	pos int
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && e.n > 0 {
		p[k] = e.tag[e.pos%len(e.tag)]
		e.pos++
		k++
		e.n--
	}
	return k, nil
}

// The scanner holds at most 64 MB of a sheet's settings, before or after its
// rows, and of one element: more is refused, not buffered.
func TestScannerBounds(t *testing.T) {
	// before the rows
	sc := newSheetScanner(io.MultiReader(strings.NewReader("<worksheet>"), &endless{tag: []byte("<col/>"), n: 100 << 20}))
	if _, err := sc.Head(); err == nil || !strings.Contains(err.Error(), "larger than 64 MB") {
		t.Errorf("head of 100 MB: %v", err)
	}
	// after the rows
	sc = newSheetScanner(io.MultiReader(strings.NewReader("<worksheet><sheetData></sheetData>"), &endless{tag: []byte("<mergeCell/>"), n: 100 << 20}))
	if _, err := sc.Head(); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Next(); err == nil || !strings.Contains(err.Error(), "larger than 64 MB") {
		t.Errorf("tail of 100 MB: %v", err)
	}
	// a comment between rows that never ends
	sc = newSheetScanner(io.MultiReader(strings.NewReader("<worksheet><sheetData><!--"), &endless{tag: []byte("x"), n: 100 << 20}))
	sc.Head()
	if _, err := sc.Next(); err == nil || !strings.Contains(err.Error(), "larger than 64 MB") {
		t.Errorf("endless comment: %v", err)
	}
	// a row start tag that never ends
	sc = newSheetScanner(io.MultiReader(strings.NewReader(`<worksheet><sheetData><row r="1" x="`), &endless{tag: []byte("y"), n: 100 << 20}))
	sc.Head()
	if _, err := sc.Next(); err == nil || !strings.Contains(err.Error(), "larger than 64 MB") {
		t.Errorf("endless row tag: %v", err)
	}
}

// What a file that is not a workbook is, in words.
func TestSniff(t *testing.T) {
	f := excelize.NewFile()
	var plain, enc bytes.Buffer
	f.Write(&plain)
	if err := f.Write(&enc, excelize.Options{Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty (0 bytes)"},
		{"csv", []byte("a,b\n1,2\n"), "comma- or tab-separated"},
		{"tsv UTF-16", append([]byte{0xFF, 0xFE}, []byte("a\x00\t\x00b\x00\n\x00")...), "comma- or tab-separated"},
		{"html", []byte("<!DOCTYPE html><html><body><table></table></body></html>"), "web page (HTML)"},
		{"xml 2003", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>`), "Excel 2003 XML Spreadsheet"},
		{"pdf", []byte("%PDF-1.4\n..."), "PDF document"},
		{"text", []byte("hello"), "plain text"},
		{"binary", []byte{1, 2, 3, 0, 4, 5}, "not a zip package"},
		{"encrypted", enc.Bytes(), "password-protected"},
		{"truncated", plain.Bytes()[:plain.Len()/2], "zip directory cannot be read"},
	} {
		_, err := OpenBytes(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if tc.name == "encrypted" && !errors.Is(err, ErrEncrypted) {
			t.Errorf("encrypted: %v is not ErrEncrypted", err)
		}
	}
}
