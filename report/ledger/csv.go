package ledger

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// A ledger's sheets may come as a folder of CSV files, as purchasing and
// accounting systems export them: one file a sheet, named after it
// (Purchases.csv, Franchise.csv, Arrow Responses.csv, Invoices.csv; Fee
// Events.csv, Fee Payments.csv, Borrowing.csv), the name compared as a header
// is (case, spaces and punctuation ignored). Each file's text is UTF-8 (with
// or without a byte-order mark), UTF-16 with its byte-order mark, or else
// Windows-1252 (a file that is not valid UTF-8); its delimiter is a comma, a
// semicolon or a tab, whichever the header line uses most outside quotes (or
// the one an Excel "sep=;" first line names). Fields are parsed by
// encoding/csv: quoted fields hold delimiters, quotes doubled and line breaks.
// Every value is a text cell, read as typed text is read in a workbook; its
// rows are numbered by the line their record starts on, which every message
// gives: "east/Purchases.csv, line 12 (Supplier): is blank".

// CSVExtensions are the extensions of the files a CSV folder's sheets are
// read from (Excel saves "Text (Tab delimited)" as .txt).
var CSVExtensions = []string{".csv", ".tsv", ".txt"}

// csvFolder is a folder of CSV files read as a workbook.
type csvFolder struct {
	fsys fs.FS // the folder
	dir  string
	// name is the folder's base name: files are named "name/Purchases.csv"
	// in messages.
	name string
	// sheets are the CSV files: Name is the file name without its
	// extension, Part the file name.
	sheets []xlsx.Sheet
	// all is every file of the folder, for a message about a missing one.
	all     []string
	formats map[string]*csvFormat
}

// csvFormat is what was detected of one file.
type csvFormat struct {
	encoding string // "UTF-8", "UTF-8 with a byte-order mark", "UTF-16", "Windows-1252"
	comma    rune
	// skipLines are lines before the records (an Excel "sep=;" line).
	skipLines int
}

// IsFolder reports whether path is a folder (a CSV ledger) rather than a file.
func IsFolder(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// CSVFiles lists the files of the folder at dir that a CSV ledger's sheets can
// be read from (see CSVExtensions), in name order, as paths: what a report
// fingerprints for its audit sheet.
func CSVFiles(dir string) ([]string, error) {
	f, err := openFolder(dir)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(f.sheets))
	for _, s := range f.sheets {
		out = append(out, filepath.Join(dir, s.Part))
	}
	return out, nil
}

// folderName is how a message names the folder at dir: its base name.
func folderName(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Base(dir)
}

// openFolder lists the CSV files of the folder at dir.
func openFolder(dir string) (*csvFolder, error) {
	return openFolderFS(os.DirFS(dir), dir, folderName(dir))
}

// openFolderFS lists the CSV files of the folder fsys, named name in messages.
func openFolderFS(fsys fs.FS, dir, name string) (*csvFolder, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	f := &csvFolder{fsys: fsys, dir: dir, name: name, formats: map[string]*csvFormat{}}
	byKey := map[string][]string{}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") || strings.HasPrefix(n, "~$") {
			// hidden files, and the owner file Excel keeps beside a file it has open
			continue
		}
		if e.IsDir() || !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		f.all = append(f.all, n)
		ext := strings.ToLower(filepath.Ext(n))
		known := false
		for _, x := range CSVExtensions {
			known = known || ext == x
		}
		if !known {
			continue
		}
		base := strings.TrimSuffix(n, filepath.Ext(n))
		k := parse.HeaderKey(base)
		byKey[k] = append(byKey[k], n)
		f.sheets = append(f.sheets, xlsx.Sheet{Name: base, Part: n})
	}
	sort.Strings(f.all)
	sort.Slice(f.sheets, func(i, j int) bool { return f.sheets[i].Part < f.sheets[j].Part })
	var dups []string
	for _, files := range byKey {
		if len(files) > 1 {
			sort.Strings(files)
			dups = append(dups, strings.Join(files, " and "))
		}
	}
	if len(dups) > 0 {
		sort.Strings(dups)
		return nil, &Error{File: name, Err: fmt.Errorf("the files %s would be the same sheet (names are compared ignoring case, spaces and punctuation): keep one of them", strings.Join(dups, "; the files "))}
	}
	return f, nil
}

// Sheet finds the file of a sheet, its name compared as a header is.
func (f *csvFolder) Sheet(name string) (xlsx.Sheet, bool) {
	k := parse.HeaderKey(name)
	for _, s := range f.sheets {
		if parse.HeaderKey(s.Name) == k {
			return s, true
		}
	}
	return xlsx.Sheet{}, false
}

// display names a sheet's file for messages: "east/Purchases.csv" (the file
// as it is named when there is one, else the sheet's name and .csv).
func (f *csvFolder) display(sheet string) string {
	if s, ok := f.Sheet(sheet); ok {
		return filepath.Join(f.name, s.Part)
	}
	return filepath.Join(f.name, sheet+".csv")
}

// fileList lists the folder's files for a message.
func (f *csvFolder) fileList() string {
	if len(f.all) == 0 {
		return "none, the folder is empty"
	}
	const max = 20
	if len(f.all) > max {
		return fmt.Sprintf("%s and %d more", strings.Join(f.all[:max], ", "), len(f.all)-max)
	}
	return strings.Join(f.all, ", ")
}

// locate turns a problem found in one of the folder's sheets into one about
// its file and line.
func (f *csvFolder) locate(e *Error) {
	if e.Sheet == "" {
		return
	}
	e.File = f.display(e.Sheet)
	e.Sheet = ""
	if n, ok := lineOf(e.Cell); ok {
		e.Line, e.Cell = n, ""
	} else if _, row, err := xlsx.SplitRef(e.Cell); err == nil && e.Cell != "" {
		e.Line, e.Cell = row, ""
	}
}

func (f *csvFolder) MergedRanges(xlsx.Sheet) ([]string, error) { return nil, nil }

// LastRow is unknown before a CSV file is read.
func (f *csvFolder) LastRow(xlsx.Sheet) int { return 0 }

func (f *csvFolder) Close() error { return nil }

// csvError is a problem with a CSV file as a whole, or at a line of it.
func (f *csvFolder) csvError(sh xlsx.Sheet, line int, err error) *Error {
	return &Error{File: filepath.Join(f.name, sh.Part), Line: line, Err: err}
}

// maxRecordBytes bounds one record: a quote opened and never closed would
// otherwise read the rest of the file into one field. (A variable for the
// tests.)
var maxRecordBytes = 16 << 20

// ReadRows calls fn for each record of the sheet's file, as a row of text
// cells (an empty field is a blank cell) numbered by the line the record
// starts on. fn must not keep row.
func (f *csvFolder) ReadRows(sh xlsx.Sheet, fn func(row *xlsx.Row) error) error {
	format := f.formats[sh.Part]
	if format == nil {
		file, err := f.fsys.Open(sh.Part)
		if err != nil {
			return f.csvError(sh, 0, err)
		}
		format, err = detectEncoding(file)
		file.Close()
		if err != nil {
			return f.csvError(sh, 0, err)
		}
	}
	file, err := f.fsys.Open(sh.Part)
	if err != nil {
		return f.csvError(sh, 0, err)
	}
	defer file.Close()
	var text io.Reader = file
	switch format.encoding {
	case encUTF8BOM:
		var bom [3]byte
		if _, err := io.ReadFull(file, bom[:]); err != nil {
			return f.csvError(sh, 0, err)
		}
	case encUTF16:
		text = transform.NewReader(file, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case encWindows1252:
		text = transform.NewReader(file, charmap.Windows1252.NewDecoder())
	}
	br := bufio.NewReaderSize(&limitedRecords{r: text, line: 1, start: 1}, 1<<20)
	if f.formats[sh.Part] == nil {
		head, _ := br.Peek(64 << 10)
		if err := detectLayout(head, format); err != nil {
			return f.csvError(sh, 1, err)
		}
		f.formats[sh.Part] = format
	}
	for i := 0; i < format.skipLines; i++ {
		if _, err := br.ReadString('\n'); err != nil {
			return nil
		}
	}
	r := csv.NewReader(br)
	r.Comma = format.comma
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var row xlsx.Row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return f.parseError(sh, format, err)
		}
		line, _ := r.FieldPos(0)
		row.Num = line + format.skipLines
		row.Cells = row.Cells[:0]
		for i, v := range rec {
			if v == "" {
				continue
			}
			row.Cells = append(row.Cells, xlsx.Cell{Col: i + 1, Kind: xlsx.Text, Text: excelText(v)})
		}
		if err := fn(&row); err != nil {
			return err
		}
	}
}

// excelText unwraps ="0123", the way some systems write a text Excel must not
// read as a number.
func excelText(v string) string {
	if len(v) >= 3 && v[0] == '=' && v[1] == '"' && v[len(v)-1] == '"' {
		inner := v[2 : len(v)-1]
		if !strings.Contains(strings.ReplaceAll(inner, `""`, ""), `"`) {
			return strings.ReplaceAll(inner, `""`, `"`)
		}
	}
	return v
}

// parseError words a CSV syntax error for an accountant.
func (f *csvFolder) parseError(sh xlsx.Sheet, format *csvFormat, err error) error {
	var pe *csv.ParseError
	var long errRecordTooLong
	if errors.As(err, &long) {
		return f.csvError(sh, long.line, long) // counted from the file's first line
	}
	if !errors.As(err, &pe) {
		return f.csvError(sh, 0, err)
	}
	line, start := pe.Line+format.skipLines, pe.StartLine+format.skipLines
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return f.csvError(sh, line, fmt.Errorf(`a quote (") inside a field that does not begin with one (character %d): put the whole field in quotes and double the quote inside it ("15"" monitor"), as Excel saves it`, pe.Column))
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Column == 0 || errors.Is(pe.Err, csv.ErrQuote) && line > start:
		return f.csvError(sh, start, fmt.Errorf(`a field opened with a quote (") on this line is not closed by the end of line %d: close the quote, or double a quote meant inside the field ("")`, line))
	case errors.Is(pe.Err, csv.ErrQuote):
		return f.csvError(sh, line, fmt.Errorf(`a quote (") that is not doubled inside a quoted field, or text after its closing quote (character %d): double a quote meant inside the field (""), and put nothing between the closing quote and the delimiter`, pe.Column))
	}
	return f.csvError(sh, line, pe.Err)
}

// Encodings a CSV file may be in.
const (
	encUTF8        = "UTF-8"
	encUTF8BOM     = "UTF-8 with a byte-order mark"
	encUTF16       = "UTF-16"
	encWindows1252 = "Windows-1252"
)

// detectEncoding reads the whole file to tell its encoding: a byte-order mark
// says UTF-8 or UTF-16; otherwise the text is UTF-8 when every byte sequence
// is valid UTF-8, else Windows-1252 (what Excel saves as "CSV" on Windows).
// A workbook, or a file holding NUL bytes (not text), is refused.
func detectEncoding(r io.Reader) (*csvFormat, error) {
	buf := make([]byte, 4+1<<20)
	n, err := io.ReadFull(r, buf[:1<<20])
	eof := err == io.EOF || err == io.ErrUnexpectedEOF
	if err != nil && !eof {
		return nil, err
	}
	head := buf[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return &csvFormat{encoding: encUTF8BOM}, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return &csvFormat{encoding: encUTF16}, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return nil, errors.New("the file is UTF-16 text, big-endian: save it as CSV UTF-8 (Comma delimited)")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return nil, errors.New("the file is an Excel workbook (a zip package), not CSV text: give the workbook itself with --ledger, or save its sheets as CSV")
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, errors.New("the file is an Excel 97-2003 workbook, not CSV text: save its sheets as CSV UTF-8 (Comma delimited)")
	case bytes.IndexByte(head, 0) >= 0:
		return nil, errors.New("the file holds NUL bytes, so it is not CSV text (UTF-16 without a byte-order mark, or not text at all): save it as CSV UTF-8 (Comma delimited)")
	}
	for {
		data := buf[:n]
		cut := len(data)
		if !eof {
			cut = completeUTF8(data)
		}
		if !utf8.Valid(data[:cut]) {
			return &csvFormat{encoding: encWindows1252}, nil
		}
		if eof {
			return &csvFormat{encoding: encUTF8}, nil
		}
		carry := copy(buf, data[cut:])
		m, err := io.ReadFull(r, buf[carry:carry+1<<20])
		n = carry + m
		eof = err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return nil, err
		}
	}
}

// completeUTF8 is the length of b without an incomplete UTF-8 sequence at its
// end (one whose remaining bytes come in the next block).
func completeUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		c := b[i]
		if c < 0x80 {
			return len(b)
		}
		if c >= 0xC0 {
			need := 2
			if c >= 0xF0 {
				need = 4
			} else if c >= 0xE0 {
				need = 3
			}
			if len(b)-i < need {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}

// detectLayout finds the delimiter from the first lines of the text (head):
// of comma, semicolon and tab, the one that splits the most lines into the
// same number of fields (outside quotes), as the header line and the records
// below it are split; among those that do it equally often, the one that
// makes more fields (a title line above the header splits into fewer). A
// comma when no line has any. An Excel "sep=;" first line names it instead,
// and is skipped.
func detectLayout(head []byte, format *csvFormat) error {
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	first = bytes.TrimRight(first, "\r")
	if len(first) == 5 && strings.EqualFold(string(first[:4]), "sep=") && strings.ContainsRune(",;\t|", rune(first[4])) {
		format.comma, format.skipLines = rune(first[4]), 1
		return nil
	}
	if bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0 {
		return errors.New("the lines end in a carriage return alone (the old Macintosh format): save the file again as CSV UTF-8 (Comma delimited)")
	}
	const maxLines = 100
	delims := []byte{',', ';', '\t'}
	// freq[i][n]: lines that delimiter i splits into n+1 fields
	freq := make([]map[int]int, len(delims))
	for i := range freq {
		freq[i] = map[int]int{}
	}
	counts := make([]int, len(delims))
	endLine := func() {
		for i, n := range counts {
			if n > 0 {
				freq[i][n]++
			}
			counts[i] = 0
		}
	}
	quoted := false
	lines := 0
	for _, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			endLine()
			lines++
		default:
			for i, d := range delims {
				if c == d {
					counts[i]++
				}
			}
		}
		if lines >= maxLines {
			break
		}
	}
	if lines < maxLines && len(head) > 0 && head[len(head)-1] != '\n' {
		endLine() // a last line without its line break (or cut off)
	}
	format.comma = ','
	bestFreq, bestN := 0, 0
	for i, d := range delims {
		for n, f := range freq[i] {
			if f > bestFreq || f == bestFreq && n > bestN {
				bestFreq, bestN, format.comma = f, n, rune(d)
			}
		}
	}
	return nil
}

// errRecordTooLong is limitedRecords' refusal.
type errRecordTooLong struct{ limit, line int }

func (e errRecordTooLong) Error() string {
	return fmt.Sprintf("a record is longer than %s: a quote (\") opened in a field is probably never closed, so the rest of the file would be read as one field; close it, or double a quote meant inside a field", byteSize(e.limit))
}

func byteSize(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitedRecords passes text on while no record is longer than
// maxRecordBytes: a quote opened and never closed would make encoding/csv
// read the rest of a large file into memory as one field. A record ends at a
// line break outside quotes (a doubled quote inside a quoted field turns the
// quote off and on again).
type limitedRecords struct {
	r      io.Reader
	run    int // bytes since the last record's end
	quoted bool
	fail   bool
	// line is the line being read, start the line the record began on
	line, start int
}

func (l *limitedRecords) Read(p []byte) (int, error) {
	if l.fail {
		return 0, errRecordTooLong{maxRecordBytes, l.start}
	}
	n, err := l.r.Read(p)
	l.scan(p[:n])
	if l.run > maxRecordBytes {
		// the bytes read so far go on; the next read fails
		l.fail = true
	}
	return n, err
}

func (l *limitedRecords) scan(b []byte) {
	for len(b) > 0 {
		if l.quoted {
			i := bytes.IndexByte(b, '"')
			if i < 0 {
				l.run += len(b)
				l.line += bytes.Count(b, []byte{'\n'})
				return
			}
			l.run += i + 1
			l.line += bytes.Count(b[:i], []byte{'\n'})
			b, l.quoted = b[i+1:], false
			continue
		}
		q, nl := bytes.IndexByte(b, '"'), bytes.IndexByte(b, '\n')
		switch {
		case nl >= 0 && (q < 0 || nl < q):
			l.run, b = 0, b[nl+1:]
			l.line++
			l.start = l.line
		case q >= 0:
			l.run += q + 1
			b, l.quoted = b[q+1:], true
		default:
			l.run += len(b)
			return
		}
	}
}
