package ledger

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// Fuzz targets for the ledger reader: a whole workbook from arbitrary bytes, and
// the base ledger with an arbitrary Purchases sheet. Whatever the input, opening
// and streaming must end in the PO lines or in an input error (exit status 2),
// never a panic or another kind of error; and a ledger that reads must come back
// from the in-place writer with the same PO lines.

func corpusBooks(tb testing.TB) map[string][]byte {
	out := map[string][]byte{}
	for _, pat := range []string{"../../testdata/bad/*.xlsx", "../../samples/*.xlsx", "../../testdata/preserve/*.xlsx"} {
		files, _ := filepath.Glob(pat)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			if len(data) <= 16<<10 {
				out[filepath.Base(f)] = data
			}
		}
	}
	if len(out) == 0 {
		tb.Fatal("no seed workbooks")
	}
	return out
}

// lines reads the ledger at path: its PO lines as text, or the error.
func lines(path string) ([]string, *Ledger, error) {
	l, err := Open(path)
	if err != nil {
		return nil, nil, err
	}
	var out []string
	err = l.Purchases(func(line *POLine) {
		out = append(out, fmt.Sprintf("%d|%s|%d|%s|%s|%s|%s|%s|%s|%s|%s|%v|%v|%s|%v", line.Row, line.PONumber, line.POLine,
			line.PODate.Format("2006-01-02"), line.Supplier, line.Manufacturer, line.PartNumber, line.Description,
			line.Quantity, line.UnitCost, line.ConfirmedDelivery.Format("2006-01-02"), line.CustomerDirected,
			line.CreditLimitException, line.ExtendedCost, line.HasExtendedCost))
	})
	if err != nil {
		l.Close()
		return nil, nil, err
	}
	return out, l, nil
}

// check opens data as a ledger and, when it reads, writes the in-place columns
// and reads the result again.
func check(t *testing.T, data []byte) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, l, err := lines(path)
	if err != nil {
		if !IsInputError(err) {
			t.Fatalf("not an input error (exit status 1 for a bad workbook): %T %v", err, err)
		}
		if strings.TrimSpace(err.Error()) == "" {
			t.Fatal("empty error")
		}
		return
	}
	defer l.Close()
	var out bytes.Buffer
	err = l.WriteColumns(&out, []OutColumn{{"Franchised", KindFlag}, {"Reason", KindText}}, func(line *POLine) []Value {
		return []Value{{Kind: xlsx.Text, Text: "=" + line.PONumber}, {Kind: xlsx.Number, Text: "1.5", Formula: "1+0.5"}}
	})
	if err != nil {
		// a part covenant copies without reading may be damaged
		if !IsInputError(err) {
			t.Fatalf("a ledger that reads does not take its columns, and not for an input error: %T %v", err, err)
		}
		return
	}
	again := filepath.Join(dir, "again.xlsx")
	if err := os.WriteFile(again, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got2, l2, err := lines(again)
	if err != nil {
		t.Fatalf("the ledger with its columns does not read: %v", err)
	}
	defer l2.Close()
	if strings.Join(got, "\n") != strings.Join(got2, "\n") {
		t.Fatalf("PO lines changed by the in-place columns:\n%s\n---\n%s", strings.Join(got, "\n"), strings.Join(got2, "\n"))
	}
}

// FuzzLedger opens arbitrary bytes as a ledger.
func FuzzLedger(f *testing.F) {
	for _, data := range corpusBooks(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) { check(t, data) })
}

// FuzzLedgerPurchases puts arbitrary XML in the Purchases sheet of a valid
// ledger (stored, so that every mutation reaches the reader).
func FuzzLedgerPurchases(f *testing.F) {
	books := corpusBooks(f)
	base := books["ok-text-values.xlsx"]
	if base == nil {
		f.Fatal("no testdata/bad/ok-text-values.xlsx")
	}
	for name, data := range books {
		if !strings.HasPrefix(name, "ok-") && !strings.Contains(name, "rows") && !strings.Contains(name, "text") && !strings.Contains(name, "dup") {
			continue
		}
		if s := part(data, "xl/worksheets/sheet1.xml"); s != nil {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, sheet []byte) { check(t, withPart(base, "xl/worksheets/sheet1.xml", sheet)) })
}

func part(data []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				return nil
			}
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return b
		}
	}
	return nil
}

// withPart returns the package with one part replaced, every part stored.
func withPart(data []byte, name string, content []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		if f.Name == name {
			w.Write(content)
			continue
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	zw.Close()
	return buf.Bytes()
}
