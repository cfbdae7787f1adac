package xlsx

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Excel's limits.
const (
	MaxRows    = 1048576
	MaxColumns = 16384
	// MaxCellText is the longest text a cell may hold.
	MaxCellText = 32767
)

// ColName returns the column letters of a 1-based column number (1 -> "A").
func ColName(col int) string {
	if col > 0 && col < len(colNames) {
		return colNames[col]
	}
	return colName(col)
}

// colNames holds the names of columns A through ZZ.
var colNames = func() (n [703]string) {
	for c := 1; c < len(n); c++ {
		n[c] = colName(c)
	}
	return n
}()

func colName(col int) string {
	var b [4]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// CellRef returns "A1" style reference of col, row (1-based).
func CellRef(col, row int) string { return ColName(col) + strconv.Itoa(row) }

// SplitRef splits "AB12" into column 28 and row 12. A reference of letters only
// gives row 0.
func SplitRef(ref string) (col, row int, err error) {
	i := 0
	for i < len(ref) {
		c := ref[i]
		if c == '$' {
			i++
			continue
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A'+1)
		if col > MaxColumns {
			return 0, 0, fmt.Errorf("cell reference %q is beyond column XFD", ref)
		}
		i++
	}
	if col == 0 {
		return 0, 0, fmt.Errorf("cell reference %q has no column", ref)
	}
	rest := ref[i:]
	if len(rest) > 0 && rest[0] == '$' {
		rest = rest[1:]
	}
	if rest == "" {
		return col, 0, nil
	}
	row, err = strconv.Atoi(rest)
	if err != nil || row < 1 || row > MaxRows {
		return 0, 0, fmt.Errorf("cell reference %q is not valid", ref)
	}
	return col, row, nil
}

// unescape decodes XML character and entity references in raw text. Text without
// '&' is returned as is (converted to string).
func unescape(raw []byte) (string, error) {
	if bytes.IndexByte(raw, '&') < 0 {
		return string(raw), nil
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '&' {
			out = append(out, c)
			i++
			continue
		}
		semi := bytes.IndexByte(raw[i:], ';')
		if semi < 0 {
			return "", fmt.Errorf("bad XML entity in %q", truncate(raw))
		}
		ent := raw[i+1 : i+semi]
		switch string(ent) {
		case "amp":
			out = append(out, '&')
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			if len(ent) > 1 && ent[0] == '#' {
				var n uint64
				var err error
				if ent[1] == 'x' || ent[1] == 'X' {
					n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
				} else {
					n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
				}
				if err != nil || !utf8.ValidRune(rune(n)) {
					return "", fmt.Errorf("bad XML character reference &%s;", ent)
				}
				out = utf8.AppendRune(out, rune(n))
			} else {
				// Declared entities are refused: a worksheet never needs them, and
				// expanding them is how an "XML bomb" works.
				return "", fmt.Errorf("XML entity &%s; is not allowed", ent)
			}
		}
		i += semi + 1
	}
	return string(out), nil
}

func truncate(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// inlineText extracts the text of an <is> or <si> element's inner XML: the
// concatenation of its <t> elements, leaving out phonetic runs (<rPh>).
func inlineText(inner []byte) (string, error) {
	// the usual case: one <t> with plain text
	if bytes.HasPrefix(inner, []byte("<t")) && len(inner) > 2 && (inner[2] == '>' || inner[2] == ' ') {
		if gt := bytes.IndexByte(inner, '>'); gt > 0 && inner[gt-1] != '/' {
			rest := inner[gt+1:]
			if lt := bytes.IndexByte(rest, '<'); lt >= 0 && bytes.HasPrefix(rest[lt:], []byte("</t>")) {
				after := rest[lt+4:]
				if len(after) == 0 || after[0] == '<' && bytes.HasPrefix(after, []byte("</is>")) || bytes.HasPrefix(after, []byte("</si>")) {
					return unescape(rest[:lt])
				}
			}
		}
	}
	var sb []byte
	i := 0
	skipDepth := 0
	for {
		k := bytes.IndexByte(inner[i:], '<')
		if k < 0 {
			break
		}
		i += k
		e := bytes.IndexByte(inner[i:], '>')
		if e < 0 {
			return "", fmt.Errorf("malformed rich text")
		}
		tag := inner[i : i+e+1]
		i += e + 1
		closing := len(tag) > 1 && tag[1] == '/'
		n := 1
		if closing {
			n = 2
		}
		m := n
		for m < len(tag) && !isSpace(tag[m]) && tag[m] != '>' && tag[m] != '/' {
			m++
		}
		name := tag[n:m]
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		self := tag[len(tag)-2] == '/'
		switch string(name) {
		case "rPh":
			if !self {
				if closing {
					skipDepth--
				} else {
					skipDepth++
				}
			}
		case "t":
			if !closing && !self && skipDepth == 0 {
				ce := bytes.IndexByte(inner[i:], '<')
				if ce < 0 {
					return "", fmt.Errorf("malformed rich text")
				}
				sb = append(sb, inner[i:i+ce]...)
				i += ce
			}
		}
	}
	return unescape(sb)
}

// plainInline returns the text of an inline string that is one <t> element
// without entities (the usual case), as the bytes to use; ok is false when the
// text needs inlineText.
func plainInline(inner []byte) ([]byte, bool) {
	if len(inner) < 7 || inner[0] != '<' || inner[1] != 't' || (inner[2] != '>' && inner[2] != ' ') {
		return nil, false
	}
	gt := bytes.IndexByte(inner, '>')
	if gt < 0 || inner[gt-1] == '/' {
		return nil, false
	}
	rest := inner[gt+1:]
	lt := bytes.IndexByte(rest, '<')
	if lt < 0 || len(rest)-lt != 4 || string(rest[lt:]) != "</t>" {
		return nil, false
	}
	if bytes.IndexByte(rest[:lt], '&') >= 0 {
		return nil, false
	}
	return rest[:lt], true
}
