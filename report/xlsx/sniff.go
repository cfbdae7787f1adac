package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrLegacyXLS is returned for an Excel 97-2003 workbook (.xls, BIFF in an OLE
// compound file), which covenant does not read.
var ErrLegacyXLS = errors.New("the file is an old Excel 97-2003 workbook (.xls), not an .xlsx workbook: open it in Excel and save it as Excel Workbook (.xlsx)")

// Zip-bomb limits: a part that inflates to more than maxRatio times its
// compressed size, and to more than ratioFloor bytes, is refused before it is
// read. Real worksheets compress 5 to 25 times; deflate's most is about 1,030.
const (
	maxRatio   = 200
	ratioFloor = 16 << 20
)

// oleMagic starts every OLE compound file (old .xls, an encrypted .xlsx).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// notZip explains what a file that is not a zip package is, from its first bytes.
func notZip(r io.ReaderAt, size int64) error {
	if size == 0 {
		return errors.New("the file is empty (0 bytes): it was not saved or copied completely; save the workbook again from Excel")
	}
	head := make([]byte, 4096)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, oleMagic):
		switch oleKind(r) {
		case "encrypted":
			return ErrEncrypted
		case "xls":
			return ErrLegacyXLS
		}
		return errors.New("the file is an OLE compound document (an old Office file or a password-protected workbook), not an .xlsx workbook: open it in Excel and save it as Excel Workbook (.xlsx) without a password")
	case bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return errors.New("the file is an empty zip archive, not a workbook")
	case bytes.HasPrefix(head, []byte("PK")):
		return errors.New("the file is a damaged zip package (is it only the start of a workbook, cut off while copying?): save the workbook again from Excel")
	case bytes.HasPrefix(head, []byte("%PDF")):
		return errors.New("the file is a PDF document, not an Excel workbook: give covenant the .xlsx workbook itself")
	}
	if text, ok := textOf(head); ok {
		low := strings.ToLower(text)
		switch {
		case strings.Contains(low, "urn:schemas-microsoft-com:office:spreadsheet"):
			return errors.New("the file is an Excel 2003 XML Spreadsheet, not an .xlsx workbook: open it in Excel and save it as Excel Workbook (.xlsx)")
		case strings.Contains(low, "<html") || strings.Contains(low, "<table") || strings.Contains(low, "<!doctype html"):
			return errors.New("the file is a web page (HTML) with a workbook's name, as some systems export \"Excel\" files: open it in Excel and save it as Excel Workbook (.xlsx)")
		case strings.ContainsAny(text, ",;\t"):
			return errors.New("the file is plain text (comma- or tab-separated values, a .csv renamed?), not an Excel workbook: open it in Excel and save it as Excel Workbook (.xlsx)")
		}
		return errors.New("the file is plain text, not an Excel workbook (.xlsx)")
	}
	return errors.New("the file is not an Excel workbook (.xlsx): its content is not a zip package (is it a .csv or an old .xls renamed, or damaged?)")
}

// textOf returns head as text when it looks like text (UTF-8 or UTF-16 with a
// byte order mark, no control characters but white space).
func textOf(head []byte) (string, bool) {
	s := head
	if len(s) >= 2 && (s[0] == 0xFF && s[1] == 0xFE || s[0] == 0xFE && s[1] == 0xFF) {
		u := make([]uint16, 0, len(s)/2)
		for i := 2; i+1 < len(s); i += 2 {
			if s[0] == 0xFF {
				u = append(u, binary.LittleEndian.Uint16(s[i:]))
			} else {
				u = append(u, binary.BigEndian.Uint16(s[i:]))
			}
		}
		s = []byte(string(utf16.Decode(u)))
	}
	s = bytes.TrimPrefix(s, []byte("\xEF\xBB\xBF"))
	// the last rune may be cut by the 4 KB window
	for i := 0; i < 4 && len(s) > 0 && !utf8.Valid(s); i++ {
		s = s[:len(s)-1]
	}
	if len(s) == 0 || !utf8.Valid(s) {
		return "", false
	}
	for _, c := range s {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return "", false
		}
	}
	return string(s), true
}

// oleKind looks at the first directory sector of an OLE compound file: an
// encrypted Office document has an "EncryptedPackage" stream, an .xls workbook a
// "Workbook" (or "Book") stream. It returns "encrypted", "xls" or "".
func oleKind(r io.ReaderAt) string {
	var hdr [512]byte
	if n, _ := r.ReadAt(hdr[:], 0); n < 512 {
		return ""
	}
	shift := binary.LittleEndian.Uint16(hdr[0x1E:])
	if shift != 9 && shift != 12 {
		return ""
	}
	secSize := int64(1) << shift
	dirStart := int64(binary.LittleEndian.Uint32(hdr[0x30:]))
	if dirStart >= 0xFFFFFFFA {
		return ""
	}
	sec := make([]byte, secSize)
	if n, _ := r.ReadAt(sec, (dirStart+1)*secSize); int64(n) < secSize {
		return ""
	}
	kind := ""
	for off := 0; off+128 <= len(sec); off += 128 {
		e := sec[off : off+128]
		nameLen := int(binary.LittleEndian.Uint16(e[64:]))
		if nameLen < 2 || nameLen > 64 {
			continue
		}
		u := make([]uint16, 0, nameLen/2-1)
		for i := 0; i+1 < nameLen-2; i += 2 {
			u = append(u, binary.LittleEndian.Uint16(e[i:]))
		}
		switch string(utf16.Decode(u)) {
		case "EncryptedPackage", "EncryptionInfo":
			return "encrypted"
		case "Workbook", "Book":
			kind = "xls"
		}
	}
	return kind
}

// checkPart refuses a part whose declared size is over limit, or which would
// inflate far more than real workbook XML does (a zip bomb), before reading it.
func checkPart(f *zip.File, what string, limit int64) error {
	size, comp := f.UncompressedSize64, f.CompressedSize64
	if size > uint64(limit) {
		return fmt.Errorf("%s would expand to %s, more than the %s covenant reads: refused (a \"zip bomb\"?); if the workbook is genuine, open it in Excel and save it again", what, byteSize(size), byteSize(uint64(limit)))
	}
	if size > ratioFloor && size/maxRatio > comp {
		return fmt.Errorf("%s would expand from %s to %s, which no real workbook does: refused as a \"zip bomb\" (a small file built to fill the memory or disk of whoever opens it)", what, byteSize(comp), byteSize(size))
	}
	return nil
}

// partName names a part for an accountant: its sheet when it is one.
func (b *Book) partName(part string) string {
	for _, s := range b.Sheets {
		if s.Part == part {
			return fmt.Sprintf("the sheet %s (part %s)", s.Name, part)
		}
	}
	return "the part " + part
}

// byteSize writes n bytes as "1.0 GB", "12.3 MB", "512 bytes".
func byteSize(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// damaged turns the zip reader's complaints about a part's data into words.
func damaged(part string, err error) error {
	const fix = "open the workbook in Excel (which may repair it) and save it again, or take a fresh copy"
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return fmt.Errorf("the data of %s fails its checksum: the file is damaged; %s", part, fix)
	case errors.Is(err, zip.ErrFormat):
		return fmt.Errorf("the data of %s is larger than the zip directory declares: the file is damaged or was built to mislead (a \"zip bomb\"?); %s", part, fix)
	case errors.Is(err, zip.ErrAlgorithm):
		return fmt.Errorf("the data of %s is compressed in a way Excel never uses; %s", part, fix)
	case errors.Is(err, io.ErrUnexpectedEOF), isFlateError(err):
		return fmt.Errorf("the data of %s cannot be decompressed: the file is damaged; %s", part, fix)
	}
	return err
}

func isFlateError(err error) bool {
	return err != nil && strings.Contains(err.Error(), "flate: corrupt input")
}

// notWorkbook explains a zip package without a workbook part.
func (b *Book) notWorkbook() error {
	if f, ok := b.files["mimetype"]; ok && f.UncompressedSize64 < 256 {
		if rc, err := f.Open(); err == nil {
			mt, _ := io.ReadAll(io.LimitReader(rc, 256))
			rc.Close()
			if strings.Contains(string(mt), "opendocument.spreadsheet") {
				return errors.New("the file is an OpenDocument spreadsheet (.ods, from LibreOffice or Google Sheets), not an .xlsx workbook: save it as Excel 2007-365 (.xlsx)")
			}
			return fmt.Errorf("the file is an OpenDocument file (%s), not an Excel workbook", strings.TrimSpace(string(mt)))
		}
	}
	if _, ok := b.files["word/document.xml"]; ok {
		return errors.New("the file is a Word document, not an Excel workbook")
	}
	return errors.New("the file is a zip package without a workbook in it: it is not an Excel workbook (.xlsx)")
}

// ReadError is a problem found while reading a worksheet, located at a row (and a
// cell, when Col is set); After is set instead of Row when the row could not be
// read at all (it is the number of the last row read).
type ReadError struct {
	Sheet string
	Row   int
	After int
	Col   int
	Err   error
}

// Where is "cell G5", "row 7" or "after row 6".
func (e *ReadError) Where() string {
	switch {
	case e.Col > 0 && e.Row > 0:
		return "cell " + CellRef(e.Col, e.Row)
	case e.Row > 0:
		return fmt.Sprintf("row %d", e.Row)
	case e.After > 0:
		return fmt.Sprintf("after row %d", e.After)
	}
	return ""
}

func (e *ReadError) Error() string {
	if e.Sheet == "" {
		return e.Err.Error()
	}
	if w := e.Where(); w != "" {
		return "sheet " + e.Sheet + " " + w + ": " + e.Err.Error()
	}
	return "sheet " + e.Sheet + ": " + e.Err.Error()
}

func (e *ReadError) Unwrap() error { return e.Err }

// thousands writes n with thousands separators: 40,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// openSheet opens a worksheet for reading: the shared strings and styles it
// needs, its part, and its XML up to the first row. Every error is a *ReadError.
func (b *Book) openSheet(sh Sheet) (sst []string, rc io.ReadCloser, sc *sheetScanner, head []byte, err error) {
	fail := func(err error) ([]string, io.ReadCloser, *sheetScanner, []byte, error) {
		if rc != nil {
			rc.Close()
		}
		return nil, nil, nil, nil, &ReadError{Sheet: sh.Name, Err: err}
	}
	if sst, err = b.sharedStrings(); err != nil {
		return fail(err)
	}
	if err = b.loadStyles(); err != nil {
		return fail(err)
	}
	if rc, err = b.openPart(sh.Part, MaxPartSize); err != nil {
		return fail(err)
	}
	sc = newSheetScanner(rc)
	if head, err = sc.Head(); err != nil {
		return fail(err)
	}
	if bytes.Contains(head, []byte("<!ENTITY")) {
		return fail(errors.New("the sheet's XML declares entities, which a workbook never needs (it is how \"XML bombs\" and data-stealing files work): refused"))
	}
	return sst, rc, sc, head, nil
}

// MergedRanges returns the sheet's merged ranges ("A1:B1"). It reads the whole
// sheet (they are stored after the rows): it is meant to explain a problem.
func (b *Book) MergedRanges(sh Sheet) ([]string, error) {
	_, rc, sc, _, err := b.openSheet(sh)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	for {
		rb, err := sc.Next()
		if err != nil {
			return nil, &ReadError{Sheet: sh.Name, Err: err}
		}
		if rb == nil {
			break
		}
	}
	var out []string
	tail := sc.Tail()
	for {
		i := bytes.Index(tail, []byte("mergeCell "))
		if i < 0 {
			return out, nil
		}
		tail = tail[i:]
		end := bytes.IndexByte(tail, '>')
		if end < 0 {
			return out, nil
		}
		if ref, ok := attr(tail[:end], "ref"); ok {
			out = append(out, string(ref))
		}
		tail = tail[end:]
	}
}

// copyRaw is zip.Writer.Copy with the input's errors told apart from the
// output's: a part that cannot be read is a *ReadError (the file is damaged).
func copyRaw(zw *zip.Writer, f *zip.File) error {
	r, err := f.OpenRaw()
	if err != nil {
		return &ReadError{Err: unreadable(f.Name, err)}
	}
	fh := f.FileHeader
	w, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, inputReader{r, f.Name})
	return err
}

// inputReader marks its reader's errors as the input's.
type inputReader struct {
	r    io.Reader
	name string
}

func (i inputReader) Read(p []byte) (int, error) {
	n, err := i.r.Read(p)
	if err != nil && err != io.EOF {
		err = &ReadError{Err: unreadable(i.name, err)}
	}
	return n, err
}

func unreadable(part string, err error) error {
	if d := damaged("part "+part, err); d != err {
		return d
	}
	return fmt.Errorf("the part %s cannot be read from the zip package: the file is damaged; open the workbook in Excel (which may repair it) and save it again, or take a fresh copy", part)
}
