package xlsx

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// How wide a column must be for its text: Excel's column widths count the
// digit 0 of the workbook's default font; text is measured with the advance
// widths of Calibri (Excel's default font since 2007; LibreOffice lays it out
// with a font of the same metrics, Carlito, or scales both the text and the
// digit to its substitute), to a few percent.

// calibri are Calibri's advance widths of the printable ASCII characters, in
// font units of 2048 to the em (the digits are 1038).
var calibri = [95]uint16{
	463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, // space to /
	1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, // 0-9
	548, 548, 1020, 1020, 1020, 941, 1831, // : to @
	1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959, // A-Z
	628, 791, 628, 1020, 1020, 596, // [ to `
	981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, // a-z
	714, 941, 714, 1020, // { to ~
}

const digitUnits = 1038

// boldFactor is how much wider Calibri Bold sets letters than Calibri (its
// digits keep their width).
const boldFactor = 1.05

// runeUnits is the advance width of r in Calibri's font units.
func runeUnits(r rune, bold bool) float64 {
	var u float64
	switch {
	case r >= ' ' && r <= '~':
		u = float64(calibri[r-' '])
		if bold && (r < '0' || r > '9') {
			u *= boldFactor
		}
		return u
	case r >= 0x2E80 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7AF, r >= 0xF900 && r <= 0xFAFF, r >= 0xFF00 && r <= 0xFF60:
		// CJK, Hangul and full-width forms: an em each
		return 2048
	case r == '\u2014' || r == '\u2026':
		return 1831 // em dash, ellipsis
	case r == '\u00a0':
		return 463
	}
	// other letters, accented or not: as wide as a digit
	if bold {
		return digitUnits * boldFactor
	}
	return digitUnits
}

// TextWidth returns the width of s, in digits of the workbook's default font
// (size def points), set in a font of size points: the width a column needs
// for it, less the cell's padding (ColumnWidth adds that). Lines (\n) are
// measured apart, the widest counting.
func TextWidth(s string, size, def float64, bold bool) float64 {
	if def <= 0 {
		def = defaultFontSize
	}
	if size <= 0 {
		size = def
	}
	widest, line := 0.0, 0.0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == '\n' {
			widest, line = max(widest, line), 0
			continue
		}
		line += runeUnits(r, bold)
	}
	return max(widest, line) / digitUnits * size / def
}

// ColumnWidth is the column width (characters, as <col width> counts them)
// that shows text of width w (TextWidth) whole: the cell's padding and a
// margin for the reader's font added.
func ColumnWidth(w float64) float64 {
	if w <= 0 {
		return 0
	}
	// Excel pads a cell with 5 pixels of a 7-pixel digit; 8 % for a reader
	// whose substitute font sets the text wider than the digit
	return math.Ceil((w*1.08+0.75)*4) / 4
}

// WrappedWidth returns the narrowest text width (in TextWidth's units) at
// which s, wrapped at spaces as Excel wraps a cell's text, takes at most
// lines lines; no word is ever broken, so it is at least the widest word.
func WrappedWidth(s string, lines int, size, def float64, bold bool) float64 {
	words := strings.Fields(s)
	if len(words) == 0 {
		return 0
	}
	whole := TextWidth(strings.Join(words, " "), size, def, bold)
	if lines <= 1 {
		return whole
	}
	widest := 0.0
	for _, w := range words {
		widest = max(widest, TextWidth(w, size, def, bold))
	}
	// the narrowest width that holds the text in lines lines: try each
	// width from the widest word up, by a tenth of a digit
	for width := widest; width < whole; width += 0.1 {
		if wrapLines(words, width, size, def, bold) <= lines {
			return width
		}
	}
	return whole
}

// wrapLines counts the lines words take, wrapped at width.
func wrapLines(words []string, width, size, def float64, bold bool) int {
	n, line := 1, ""
	for _, w := range words {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line != "" && TextWidth(try, size, def, bold) > width {
			n++
			line = w
			continue
		}
		line = try
	}
	return n
}

// Display returns the text a cell shows for its value (v as written in the
// cell: decimal text for a number) under the number format code, closely
// enough to measure it: the digits, the thousands separators, the decimals,
// the currency sign and the parentheses the code gives; a date as the code
// lays it out.
func Display(v string, number bool, code string) string {
	if !number {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	if code == "" || strings.EqualFold(code, "General") {
		// General shows up to 11 characters of the number
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if len(s) > 11 {
			s = strconv.FormatFloat(f, 'g', 6, 64)
		}
		return s
	}
	sections := splitSections(code)
	sec := sections[0]
	neg := f < 0
	if neg && len(sections) > 1 {
		sec, f = sections[1], -f
	}
	if IsDateFormat(sec) {
		return displayDate(f, sec)
	}
	pre, digits, post := literalParts(sec)
	if strings.Contains(pre+post, "%") {
		f *= 100
	}
	decimals := 0
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		decimals = strings.Count(digits[i+1:], "0") + strings.Count(digits[i+1:], "#") + strings.Count(digits[i+1:], "?")
	}
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if strings.Contains(digits, ",") {
		s = groupThousands(s)
	}
	return pre + s + post
}

// splitSections splits a number format code at its unquoted semicolons.
func splitSections(code string) []string {
	var out []string
	start, inQuote := 0, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\':
			i++
		case c == ';':
			out = append(out, code[start:i])
			start = i + 1
		}
	}
	return append(out, code[start:])
}

// literalParts splits a section of a number format code into the text it
// shows before the number and after it (quoted text, escaped characters, $ (
// ) - + % and the space _x leaves) and its digit placeholders (0 # ? , .).
func literalParts(sec string) (pre, digits, post string) {
	var p, d, q strings.Builder
	lit := func() *strings.Builder {
		if d.Len() == 0 {
			return &p
		}
		return &q
	}
	for i := 0; i < len(sec); i++ {
		c := sec[i]
		switch {
		case c == '"':
			e := strings.IndexByte(sec[i+1:], '"')
			if e < 0 {
				lit().WriteString(sec[i+1:])
				i = len(sec)
				break
			}
			lit().WriteString(sec[i+1 : i+1+e])
			i += e + 1
		case c == '\\' && i+1 < len(sec):
			lit().WriteByte(sec[i+1])
			i++
		case c == '_' && i+1 < len(sec):
			lit().WriteByte(' ')
			i++
		case c == '*' && i+1 < len(sec):
			i++ // a fill: as wide as the column leaves
		case c == '[':
			e := strings.IndexByte(sec[i:], ']')
			if e < 0 {
				i = len(sec)
				break
			}
			// [$€-407] shows €; [Red], [>=100] show nothing
			if in := sec[i+1 : i+e]; strings.HasPrefix(in, "$") {
				sym, _, _ := strings.Cut(in[1:], "-")
				lit().WriteString(sym)
			}
			i += e
		case c == '0' || c == '#' || c == '?' || c == ',' || c == '.':
			d.WriteByte(c)
		case c == 'E' || c == 'e':
			lit().WriteString("E+00")
		case c == '@':
		default:
			lit().WriteByte(c)
		}
	}
	return p.String(), d.String(), q.String()
}

// groupThousands puts commas in the integer part of a decimal number.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := sign + b.String()
	if hasFrac {
		out += "." + frac
	}
	return out
}

// displayDate lays out the date serial f (1900 date system) as the date
// format section sec does: year, month (number or name), day, weekday, hour,
// minute, second and AM/PM.
func displayDate(f float64, sec string) string {
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Add(time.Duration(f * 24 * float64(time.Hour)))
	lower := strings.ToLower(sec)
	var b strings.Builder
	hour := false
	for i := 0; i < len(lower); {
		c := lower[i]
		n := 1
		for i+n < len(lower) && lower[i+n] == c {
			n++
		}
		switch c {
		case 'y':
			if n <= 2 {
				b.WriteString(t.Format("06"))
			} else {
				b.WriteString(t.Format("2006"))
			}
		case 'm':
			switch {
			case hour && n <= 2:
				b.WriteString(t.Format("04"))
			case n == 1:
				b.WriteString(strconv.Itoa(int(t.Month())))
			case n == 2:
				b.WriteString(t.Format("01"))
			case n == 3:
				b.WriteString(t.Format("Jan"))
			default:
				b.WriteString(t.Format("January"))
			}
		case 'd':
			switch n {
			case 1:
				b.WriteString(strconv.Itoa(t.Day()))
			case 2:
				b.WriteString(t.Format("02"))
			case 3:
				b.WriteString(t.Format("Mon"))
			default:
				b.WriteString(t.Format("Monday"))
			}
		case 'h':
			hour = true
			b.WriteString(t.Format("15"))
		case 's':
			b.WriteString(t.Format("05"))
		case '"':
			e := strings.IndexByte(sec[i+1:], '"')
			if e < 0 {
				return b.String()
			}
			b.WriteString(sec[i+1 : i+1+e])
			n = e + 2
		case '\\':
			if i+1 < len(sec) {
				b.WriteByte(sec[i+1])
			}
			n = 2
		case '[':
			e := strings.IndexByte(lower[i:], ']')
			if e < 0 {
				return b.String()
			}
			n = e + 1
		case 'a':
			if strings.HasPrefix(lower[i:], "am/pm") {
				b.WriteString("PM")
				n = 5
			} else {
				b.WriteByte(sec[i])
			}
		default:
			b.WriteString(sec[i : i+n])
		}
		if c != 'h' && c != 'm' && c != ':' && c != ' ' {
			hour = hour && c == 's'
		}
		i += n
	}
	return b.String()
}
