package ledger

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// csvPurchases is a Purchases sheet as an export writes it, "," standing
// for the delimiter: quoted delimiters and line breaks, a doubled quote, text
// outside ASCII that Windows-1252 has (µ, ±, €, é), a blank line, and ="…".
const csvPurchases = `PO Number,PO Line,PO Date,Supplier,Manufacturer,Part Number,Description,Quantity,Unit Cost,Confirmed Delivery Date,Customer Directed,Credit Limit Exception,Extended Cost
PO-1,1,2003-01-06,"Arrow Electronics, Inc.",Vishay,"=""0603""",Résistance,"1,000",0.0125,2003-01-20,N,N,12.50
PO-1,2,1/6/2003,Avnet,Vishay,C0603,"Cap 10µF ±10%, 50V
X7R ""bulk""",3,$0.335,2003-01-20,Y,N,

PO-2,1,2003-01-07 14:30,Future,Kemet,T491,Tantalum €2,5,7,,N,Y,35
`

// csvWant is what csvPurchases reads as: row (the line a record starts on),
// PO, line, supplier, part, description, quantity, unit cost.
var csvWant = []struct {
	row                          int
	po                           string
	line                         int
	supplier, part, desc, qty, u string
	at                           string // PO time, "" when none
}{
	{2, "PO-1", 1, "Arrow Electronics, Inc.", "0603", "Résistance", "1000", "0.0125", ""},
	{3, "PO-1", 2, "Avnet", "C0603", "Cap 10µF ±10%, 50V\nX7R \"bulk\"", "3", "0.335", ""},
	{6, "PO-2", 1, "Future", "T491", "Tantalum €2", "5", "7", "2003-01-07 14:30"},
}

const csvFranchise = "Manufacturer,Authorized From,Authorized Until\nVishay,2002-01-01,\nKemet,2002-06-01,2003-12-31\n"

// encode writes text in one of the encodings a CSV folder may use.
func encode(t *testing.T, enc, text string) []byte {
	t.Helper()
	switch enc {
	case "UTF-8":
		return []byte(text)
	case "UTF-8 BOM":
		return append([]byte{0xEF, 0xBB, 0xBF}, text...)
	case "Windows-1252":
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return b
	case "UTF-16":
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Fatalf("encoding %s", enc)
	return nil
}

// withDelimiter replaces the commas that are delimiters of csvPurchases (those
// outside quotes) with d.
func withDelimiter(text string, d byte) string {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			c = d
		}
		b.WriteByte(c)
	}
	return b.String()
}

// writeFolder writes files into a new folder named name.
func writeFolder(t *testing.T, name string, files map[string][]byte) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readCSVLines(t *testing.T, dir string) (*Ledger, []POLine) {
	t.Helper()
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	var lines []POLine
	if err := l.Purchases(func(p *POLine) { lines = append(lines, *p) }); err != nil {
		t.Fatal(err)
	}
	return l, lines
}

// TestCSVEncodingsAndDelimiters: every encoding and delimiter reads the same
// lines, with quoted delimiters, line breaks and quotes in fields, each line
// numbered by the line its record starts on.
func TestCSVEncodingsAndDelimiters(t *testing.T) {
	for _, enc := range []string{"UTF-8", "UTF-8 BOM", "Windows-1252", "UTF-16"} {
		for _, d := range []byte{',', ';', '\t'} {
			for _, crlf := range []bool{false, true} {
				name := enc + " " + map[byte]string{',': "comma", ';': "semicolon", '\t': "tab"}[d]
				if crlf {
					name += " CRLF"
				}
				t.Run(name, func(t *testing.T) {
					text := withDelimiter(csvPurchases, d)
					if crlf {
						text = strings.ReplaceAll(text, "\n", "\r\n")
					}
					dir := writeFolder(t, "east", map[string][]byte{
						"Purchases.csv": encode(t, enc, text),
						"franchise.CSV": encode(t, enc, withDelimiter(csvFranchise, d)),
					})
					l, lines := readCSVLines(t, dir)
					if f := l.src.(*csvFolder).formats["Purchases.csv"]; f.encoding != map[string]string{"UTF-8 BOM": encUTF8BOM}[enc] && f.encoding != enc || f.comma != rune(d) {
						t.Errorf("detected %s %q", f.encoding, f.comma)
					}
					if len(lines) != len(csvWant) {
						t.Fatalf("%d lines, want %d", len(lines), len(csvWant))
					}
					for i, w := range csvWant {
						g := lines[i]
						desc := w.desc
						if crlf {
							desc = strings.ReplaceAll(desc, "\n", "\n") // encoding/csv reads a quoted \r\n as \n
						}
						if g.Row != w.row || g.PONumber != w.po || g.POLine != w.line || g.Supplier != w.supplier || g.PartNumber != w.part ||
							g.Description != desc || g.Quantity.String() != w.qty || g.UnitCost.String() != w.u || g.Location != "east" {
							t.Errorf("line %d: got row %d %q %d %q %q %q %s %s %q", i, g.Row, g.PONumber, g.POLine, g.Supplier, g.PartNumber, g.Description, g.Quantity, g.UnitCost, g.Location)
						}
						if at := g.POTime; (w.at == "") != at.IsZero() || w.at != "" && at.Format("2006-01-02 15:04") != w.at {
							t.Errorf("line %d: PO time %v, want %q", i, at, w.at)
						}
					}
					if !lines[1].CustomerDirected || !lines[2].CreditLimitException || lines[0].CustomerDirected {
						t.Error("flags misread")
					}
					if !lines[0].HasExtendedCost || lines[1].HasExtendedCost {
						t.Error("Extended Cost misread")
					}
					if len(l.LineCard) != 2 || !l.LineCard[1].Until.Equal(time.Date(2003, 12, 31, 0, 0, 0, 0, time.UTC)) {
						t.Errorf("line card %+v", l.LineCard)
					}
					if got := lines[0].ManufacturerAt(); got != filepath.Join("east", "Purchases.csv")+", line 2" {
						t.Errorf("ManufacturerAt %q", got)
					}
				})
			}
		}
	}
}

// TestCSVSepLine: Excel's "sep=;" first line names the delimiter and is not a
// row; lines keep their numbers in messages.
func TestCSVSepLine(t *testing.T) {
	text := "sep=;\n" + withDelimiter(csvPurchases, ';')
	text = strings.Replace(text, "PO-2;1;2003-01-07 14:30;Future", "PO-2;1;2003-01-07 14:30;", 1)
	dir := writeFolder(t, "books", map[string][]byte{"Purchases.csv": []byte(text), "Franchise.csv": []byte(csvFranchise)})
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	err = l.Purchases(func(*POLine) {})
	want := filepath.Join("books", "Purchases.csv") + ", line 7 (Supplier): is blank"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestCSVErrors: every problem names the file, the line and the column.
func TestCSVErrors(t *testing.T) {
	p := filepath.Join("east", "Purchases.csv")
	hdr := "PO Number,PO Line,PO Date,Supplier,Manufacturer,Part Number,Description,Quantity,Unit Cost,Confirmed Delivery Date,Customer Directed,Credit Limit Exception\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"values", map[string]string{"Purchases.csv": hdr +
			"PO-1,1,2003-01-06,Avnet,Vishay,X,\"two\nlines\",ten,1,,N,N\n" +
			"PO-1,1,2003-01-06,,Vishay,X,d,1,1,,maybe,N\n"}, []string{
			p + `, line 2 (Quantity): "ten" is not a number (write 1,000, -5 or 2.5)`,
			p + ", line 4 (Supplier): is blank",
			p + `, line 4 (Customer Directed): "maybe" is not yes or no (write Y, Yes, True, X or 1; N, No, False, 0 or leave blank)`,
			p + ", line 4 (PO Line): PO-1 line 1 is listed twice (first in line 2), so it would be counted twice: delete the duplicate row, or give the line its own number",
		}},
		{"missing column", map[string]string{"Purchases.csv": strings.Replace(hdr, "Unit Cost", "Unit Kost", 1)}, []string{
			p + `: the header row (line 1) has no "Unit Cost" column; found PO Number, PO Line, PO Date, Supplier, Manufacturer, Part Number, Description, Quantity, Unit Kost, Confirmed Delivery Date, Customer Directed, Credit Limit Exception — did you mean "Unit Kost" (column 9)? Head the column Unit Cost (or Unit Price, Price, Cost, Price Each, …), or add your header to the Columns sheet of a terms workbook (covenant terms export, then --terms)`,
		}},
		{"bare quote", map[string]string{"Purchases.csv": hdr + "PO-1,1,2003-01-06,Avnet,Vishay,X,15\" monitor,1,1,,N,N\n"}, []string{
			p + `, line 2: a quote (") inside a field that does not begin with one (character 36): put the whole field in quotes and double the quote inside it ("15"" monitor"), as Excel saves it`,
		}},
		{"quote never closed", map[string]string{"Purchases.csv": hdr + "PO-1,1,2003-01-06,Avnet,Vishay,X,\"monitor,1,1,,N,N\nPO-2,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n"}, []string{
			p + `, line 2: a field opened with a quote (") on this line is not closed by the end of line 3: close the quote, or double a quote meant inside the field ("")`,
		}},
		{"text after a closing quote", map[string]string{"Purchases.csv": hdr + "PO-1,1,2003-01-06,\"Avnet\" Inc,Vishay,X,d,1,1,,N,N\n"}, []string{
			p + `, line 2: a quote (") that is not doubled inside a quoted field, or text after its closing quote (character 25): double a quote meant inside the field (""), and put nothing between the closing quote and the delimiter`,
		}},
		{"no Purchases.csv", map[string]string{"Purchase Orders.csv": hdr, "notes.docx": "x"}, []string{
			"east: the folder has no file Purchases.csv (files found: Franchise.csv, Purchase Orders.csv, notes.docx)",
		}},
		{"two files for one sheet", map[string]string{"purchases.csv": hdr, "PURCHASES.txt": hdr}, []string{
			"east: the files PURCHASES.txt and purchases.csv would be the same sheet (names are compared ignoring case, spaces and punctuation): keep one of them",
		}},
		{"a workbook renamed", map[string]string{"Purchases.csv": "PK\x03\x04rest of a zip"}, []string{
			p + ": the file is an Excel workbook (a zip package), not CSV text: give the workbook itself with --ledger, or save its sheets as CSV",
		}},
		{"NUL bytes", map[string]string{"Purchases.csv": "P\x00O\x00"}, []string{
			p + ": the file holds NUL bytes, so it is not CSV text (UTF-16 without a byte-order mark, or not text at all): save it as CSV UTF-8 (Comma delimited)",
		}},
		{"old Macintosh lines", map[string]string{"Purchases.csv": strings.ReplaceAll(hdr+"PO-1,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n", "\n", "\r")}, []string{
			p + ", line 1: the lines end in a carriage return alone (the old Macintosh format): save the file again as CSV UTF-8 (Comma delimited)",
		}},
		{"line card", map[string]string{"Purchases.csv": hdr, "Franchise.csv": "Manufacturer;Authorized From;Authorized Until\nVishay;2003-02-01;2003-01-01\n"}, []string{
			filepath.Join("east", "Franchise.csv") + ", line 2 (Authorized Until): 2003-01-01 is before Authorized From 2003-02-01",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string][]byte{"Franchise.csv": []byte(csvFranchise)}
			for n, s := range tc.files {
				files[n] = []byte(s)
			}
			if n := tc.files["Franchise.csv"]; n != "" {
				files["Franchise.csv"] = []byte(n)
			}
			dir := writeFolder(t, "east", files)
			l, err := Open(dir)
			if err == nil {
				err = l.Purchases(func(*POLine) {})
				l.Close()
			}
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) > 1 && strings.HasSuffix(got[len(got)-1], "problems found") {
				got = got[:len(got)-1]
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if !IsInputError(err) {
				t.Error("not an input error")
			}
		})
	}
}

// TestCSVRecordTooLong: a quote never closed in a large file is refused once
// the record passes the bound, naming the line it starts on, instead of the
// rest of the file being read into memory as one field.
func TestCSVRecordTooLong(t *testing.T) {
	defer func(n int) { maxRecordBytes = n }(maxRecordBytes)
	maxRecordBytes = 4096
	var b bytes.Buffer
	b.WriteString("PO Number,PO Line,PO Date,Supplier,Manufacturer,Part Number,Description,Quantity,Unit Cost,Confirmed Delivery Date,Customer Directed,Credit Limit Exception\n")
	b.WriteString("PO-1,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n")
	b.WriteString("PO-2,1,2003-01-06,Avnet,Vishay,X,\"never closed,1,1,,N,N\n")
	for b.Len() < 1<<20 {
		b.WriteString("PO-3,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n")
	}
	dir := writeFolder(t, "east", map[string][]byte{"Purchases.csv": b.Bytes(), "Franchise.csv": []byte(csvFranchise)})
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	err = l.Purchases(func(*POLine) {})
	want := filepath.Join("east", "Purchases.csv") + `, line 3: a record is longer than 4096 bytes: a quote (") opened in a field is probably never closed`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q...", err, want)
	}
}

// TestCSVWorkbookValues: text is read as typed text is in a workbook.
func TestCSVExcelText(t *testing.T) {
	for in, want := range map[string]string{`="0123"`: "0123", `=""`: "", `="a""b"`: `a"b`, `=SUM(A1)`: `=SUM(A1)`, `="a"b"`: `="a"b"`, `plain`: "plain"} {
		if got := excelText(in); got != want {
			t.Errorf("excelText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCSVDelimiterDetection: the header line decides, outside quotes; a title
// line above it uses fewer.
func TestCSVDelimiterDetection(t *testing.T) {
	for text, want := range map[string]rune{
		"a,b,c\n1,2,3\n":     ',',
		"a;b;c\n1,5;2,5;3\n": ';',
		"a\tb\tc\n":          '\t',
		"\"a,b\";c;d\n":      ';',
		"Export, 2003\nPO Number;PO Line;PO Date\n": ';',
		"one column\nx\n": ',',
		"":                ',',
		"sep=|\na|b\n":    '|',
		// a semicolon export whose amounts and descriptions hold commas
		"PO Number;PO Line;Description;Quantity;Unit Cost\nPO-1;1;Cap, 10uF, 50V, X7R, 0603, bulk, tape;1,5;2,25\nPO-2;1;d;1;2,5\n": ';',
		"a,b,c\n1,2,3": ',',
	} {
		var f csvFormat
		if err := detectLayout([]byte(text), &f); err != nil || f.comma != want {
			t.Errorf("%q: %q %v, want %q", text, f.comma, err, want)
		}
	}
}

// TestCSVInvalidUTF8AcrossBlocks: a valid multi-byte character cut by the 1 MB
// read blocks is still UTF-8; an invalid byte anywhere makes Windows-1252.
func TestCSVInvalidUTF8AcrossBlocks(t *testing.T) {
	for _, tc := range []struct {
		at   int
		tail string
		want string
	}{{1<<20 - 1, "é", encUTF8}, {1<<20 - 2, "€", encUTF8}, {1<<20 + 5, "\xe9", encWindows1252}, {10, "\x80", encWindows1252}} {
		b := bytes.Repeat([]byte("a"), tc.at)
		b = append(b, tc.tail...)
		b = append(b, "bbb"...)
		f, err := detectEncoding(bytes.NewReader(b))
		if err != nil || f.encoding != tc.want {
			t.Errorf("at %d %q: %v %v, want %s", tc.at, tc.tail, f, err, tc.want)
		}
	}
}
