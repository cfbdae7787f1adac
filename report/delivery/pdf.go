package delivery

import (
	"bytes"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// PDFInfo is a PDF's document information dictionary: what LibreOffice
// carries over from the workbook's document properties when covenant prints
// the certificate (--pdf), and what a scanner's PDF lacks.
type PDFInfo struct {
	Title, Subject, Author, Producer string
}

// ReadPDFInfo reads the document information dictionary named by the PDF's
// last trailer (ok false when there is none to read: not a PDF, or one that
// keeps it in a compressed object stream, as a scanner's may).
func ReadPDFInfo(data []byte) (info PDFInfo, ok bool) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return info, false
	}
	at := bytes.LastIndex(data, []byte("trailer"))
	if at < 0 {
		return info, false
	}
	m := infoRef.FindSubmatch(data[at:])
	if m == nil {
		return info, false
	}
	obj := regexp.MustCompile(`(?m)(?:^|[\r\n])` + string(m[1]) + `\s+` + string(m[2]) + `\s+obj\b`)
	loc := obj.FindIndex(data)
	if loc == nil {
		return info, false
	}
	body := data[loc[1]:]
	if end := bytes.Index(body, []byte("endobj")); end >= 0 {
		body = body[:end]
	}
	for _, f := range []struct {
		key string
		to  *string
	}{{"Title", &info.Title}, {"Subject", &info.Subject}, {"Author", &info.Author}, {"Producer", &info.Producer}} {
		if v, found := pdfString(body, f.key); found {
			*f.to = v
		}
	}
	return info, true
}

var infoRef = regexp.MustCompile(`/Info\s+(\d+)\s+(\d+)\s+R`)

// pdfEscapes are the escapes of a literal string (PDF 32000-1 7.3.4.2).
var pdfEscapes = map[byte]byte{'n': '\n', 'r': '\r', 't': '\t', 'b': '\b', 'f': '\f'}

// pdfString reads the string value of /key in a dictionary: a hex string
// <...> or a literal (...), in UTF-16 with a byte-order mark or in
// PDFDocEncoding (read as Latin-1, which it is for the printable range).
func pdfString(dict []byte, key string) (string, bool) {
	re := regexp.MustCompile(`/` + key + `\s*([<(])`)
	loc := re.FindSubmatchIndex(dict)
	if loc == nil {
		return "", false
	}
	rest := dict[loc[2]:]
	var raw []byte
	if rest[0] == '<' {
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return "", false
		}
		h := strings.Map(func(r rune) rune {
			if strings.ContainsRune(" \t\r\n", r) {
				return -1
			}
			return r
		}, string(rest[1:end]))
		if len(h)%2 == 1 {
			h += "0"
		}
		b, err := hex.DecodeString(h)
		if err != nil {
			return "", false
		}
		raw = b
	} else {
		depth := 0
		for i := 1; i < len(rest); i++ {
			c := rest[i]
			switch {
			case c == '\\' && i+1 < len(rest):
				i++
				switch e := rest[i]; {
				case pdfEscapes[e] != 0:
					raw = append(raw, pdfEscapes[e])
				case e == '\r' || e == '\n':
					// a line continued
				default:
					if e >= '0' && e <= '7' {
						j := i
						for j < len(rest) && j < i+3 && rest[j] >= '0' && rest[j] <= '7' {
							j++
						}
						n, _ := strconv.ParseUint(string(rest[i:j]), 8, 8)
						raw = append(raw, byte(n))
						i = j - 1
					} else {
						raw = append(raw, e)
					}
				}
			case c == '(':
				depth++
				raw = append(raw, c)
			case c == ')':
				if depth == 0 {
					return decodePDFText(raw), true
				}
				depth--
				raw = append(raw, c)
			default:
				raw = append(raw, c)
			}
		}
		return "", false
	}
	return decodePDFText(raw), true
}

func decodePDFText(b []byte) string {
	if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	}
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return string(b[3:])
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// certificateTitle is how covenant titles the certificate workbook, and so
// the PDF LibreOffice prints from it: "Quarterly compliance certificate
// 2003Q4", "DRAFT Quarterly compliance certificate ...".
var certificateTitle = regexp.MustCompile(`(?i)^\s*(DRAFT\s+)?quarterly compliance certificate\b`)

// IsCertificateTitle says whether a document title is the certificate's.
func IsCertificateTitle(title string) bool { return certificateTitle.MatchString(title) }

// CertificateFromPDF is what a PDF covenant printed of the certificate
// says of itself (its title and subject: the customer, the quarter, a
// draft), ok false for another PDF (a scan, another report). The result is
// not in it: Known is false.
func CertificateFromPDF(info PDFInfo) (c Certificate, ok bool) {
	m := certificateTitle.FindStringSubmatch(info.Title)
	if m == nil {
		return c, false
	}
	c.Draft = m[1] != ""
	c.Year, c.Quarter, _ = QuarterIn(info.Title)
	c.Customer, _, _ = strings.Cut(info.Subject, " / ")
	c.Customer = strings.TrimSpace(c.Customer)
	return c, true
}
