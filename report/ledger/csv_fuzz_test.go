package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// csvRead reads a CSV folder of Purchases.csv (data) and a fixed line card:
// its PO lines as text, or its error.
func csvRead(t *testing.T, data []byte) (string, error) {
	fsys := fstest.MapFS{"Purchases.csv": {Data: data}, "Franchise.csv": {Data: []byte(csvFranchise)}}
	src, err := openFolderFS(fsys, "fuzz", "fuzz")
	if err != nil {
		return "", err
	}
	l, err := openLedger("fuzz", "fuzz", src, nil, true, nil)
	if err != nil {
		return "", err
	}
	defer l.Close()
	lines := strings.Count(string(data), "\n") + 1
	var b strings.Builder
	err = l.Purchases(func(p *POLine) {
		if p.Row < 1 || p.Row > lines {
			t.Fatalf("a PO line on line %d of a file of %d lines", p.Row, lines)
		}
		fmt.Fprintf(&b, "%d|%s|%d|%s|%s|%s|%s|%s|%s|%s|%s|%v|%v|%s|%s\n", p.Row, p.PONumber, p.POLine,
			p.PODate.Format("2006-01-02"), p.Supplier, p.Manufacturer, p.PartNumber, p.Description,
			p.Quantity, p.UnitCost, p.ConfirmedDelivery.Format("2006-01-02"), p.CustomerDirected,
			p.CreditLimitException, p.ExtendedCost, p.POTime)
	})
	return b.String(), err
}

// FuzzCSVPurchases: whatever a Purchases.csv holds, reading it ends in PO
// lines or in input errors naming the folder's file (exit status 2), never a
// panic or another kind of error; and the text reads the same with a UTF-8
// byte-order mark, and in Windows-1252 when it is text that encoding has.
func FuzzCSVPurchases(f *testing.F) {
	for _, d := range []byte{',', ';', '\t'} {
		f.Add([]byte(withDelimiter(csvPurchases, d)))
	}
	f.Add([]byte("sep=;\n" + withDelimiter(csvPurchases, ';')))
	f.Add([]byte(strings.ReplaceAll(csvPurchases, "\n", "\r\n")))
	f.Add([]byte(booksHeader + "PO-1,1,2003-01-06,\"Avnet,\nInc\",Vishay,X,\"d \"\"x\"\"\",1,1,,N,N\n,,,,\nTotal,,,,,,,,,,,\n"))
	f.Add([]byte(booksHeader + "PO-1,1,2003-01-06,Avnet,Vishay,X,15\" monitor,1,1,,N,N\n"))
	f.Add([]byte("\xEF\xBB\xBF" + booksHeader + "PO-1,1,2003-01-06,Soci\xe9t\xe9,Vishay,X,d,1,1,,N,N\n"))
	// the corpus's CSV folders (cmd/mkbadinputs)
	files, _ := filepath.Glob("../../testdata/bad/*/*.csv")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := csvRead(t, data)
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("not an input error: %T %v", err, err)
			}
			var list []*Error
			var es *Errors
			var e *Error
			switch {
			case errors.As(err, &es):
				list = es.List
			case errors.As(err, &e):
				list = []*Error{e}
			}
			for _, e := range list {
				if !strings.HasPrefix(e.File, "fuzz") {
					t.Fatalf("a problem that names no file: %q", e)
				}
			}
			got = "error: " + err.Error()
		}
		if len(data) > 1<<16 || !utf8.Valid(data) || bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || bytes.IndexByte(data, 0) >= 0 {
			return
		}
		// the same text with a byte-order mark
		again, err := csvRead(t, append([]byte{0xEF, 0xBB, 0xBF}, data...))
		if err != nil {
			again = "error: " + err.Error()
		}
		if again != got && !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
			t.Fatalf("with a byte-order mark:\n%s\nwithout:\n%s", again, got)
		}
		// the same text in Windows-1252, when it has every character and its
		// bytes are not valid UTF-8 (else they are UTF-8: "Ã©" is "é")
		if !bytes.ContainsFunc(data, func(r rune) bool { return r >= utf8.RuneSelf }) {
			return
		}
		cp, err := charmap.Windows1252.NewEncoder().Bytes(data)
		if err != nil || utf8.Valid(cp) || bytes.HasPrefix(cp, []byte("PK\x03\x04")) || bytes.HasPrefix(cp, []byte{0xD0, 0xCF, 0x11, 0xE0}) || bytes.HasPrefix(cp, []byte{0xFF, 0xFE}) || bytes.HasPrefix(cp, []byte{0xFE, 0xFF}) {
			return
		}
		again, err = csvRead(t, cp)
		if err != nil {
			again = "error: " + err.Error()
		}
		if again != got {
			t.Fatalf("in Windows-1252:\n%s\nin UTF-8:\n%s", again, got)
		}
	})
}
