package fill

import "math"

// How much room text takes in a cell, measured as Excel and LibreOffice lay it
// out, so that a row is given the height its wrapped text needs: neither
// program grows a row on opening a workbook (Excel autofits only when a cell is
// edited, LibreOffice not for rows an .xlsx file sizes), and a row left one
// line high draws its second line over the next row.
//
// The templates' default font is Arial 10 (the width of its digit, 7 pixels at
// 96 dpi, is the unit of column widths in both programs); text is measured with
// Arial's own advance widths (Liberation Sans, which LibreOffice uses for Arial,
// has the same). Both estimates lean to the safe side: the margins of a cell
// are Excel's, a little wider than LibreOffice's, and a line breaks only at a
// space (both programs may also break after a hyphen, which can only save a
// line).

// Font is what a cell's text is set in, for measuring.
type Font struct {
	Size float64 // points; 0 means 10
	Bold bool
}

func (f Font) size() float64 {
	if f.Size <= 0 {
		return 10
	}
	return f.Size
}

// charWidth is the advance width of r in thousandths of an em.
func charWidth(r rune, bold bool) float64 {
	switch {
	case r >= 0x20 && r < 0x7f:
		if bold {
			return float64(boldASCII[r-0x20])
		}
		return float64(regularASCII[r-0x20])
	case r >= 0xa0 && r <= 0xff:
		if bold {
			return float64(boldLatin1[r-0xa0])
		}
		return float64(regularLatin1[r-0xa0])
	}
	other := regularOther
	if bold {
		other = boldOther
	}
	if w, ok := other[r]; ok {
		return float64(w)
	}
	// a character Arial may not have: as wide as its widest letter
	return 1000
}

// TextWidth is the width of s in points, set in f on one line.
func TextWidth(s string, f Font) float64 {
	w := 0.0
	for _, r := range s {
		w += charWidth(r, f.Bold)
	}
	return w * f.size() / 1000
}

// ColumnRoom is the width in points that text has in a cell (or merged
// cells) whose column widths add up to width, in Excel's units: a unit is the
// width of a digit of the default font (Arial 10: 5.56 points, 7 pixels on
// Excel's screen), and Excel keeps 5 pixels of a column for the cell's
// margins, LibreOffice less. Text is measured against it at its true size:
// both programs scale their columns with the font's digit.
func ColumnRoom(width float64) float64 {
	return math.Max(1, (width-0.75)*digitWidth)
}

// digitWidth is the width of a digit of Arial 10 in points.
const digitWidth = 5.56

// LineHeight is the height in points of one line of text set in f, as both
// programs space lines (Arial's ascent, descent and line gap, 1.15 em).
func LineHeight(f Font) float64 { return f.size() * 1.15 }

// RowHeight is the height in points of a row whose tallest cell holds lines
// lines of text in f: the lines and the cell's top and bottom margins, in
// whole pixels as Excel stores them.
func RowHeight(lines int, f Font) float64 {
	h := float64(lines)*LineHeight(f) + 2
	return math.Ceil(h/0.75) * 0.75
}

// WrappedLines is the number of lines text takes when wrapped in room points,
// set in f: lines break at spaces and at line feeds; a word longer than a line
// breaks where it reaches the edge.
func WrappedLines(text string, room float64, f Font) int {
	if text == "" {
		return 1
	}
	scale := f.size() / 1000
	space := charWidth(' ', f.Bold) * scale
	lines := 1
	used := 0.0 // width of the current line
	word := 0.0 // width of the word being read
	inWord := false
	flush := func() {
		if !inWord {
			return
		}
		switch {
		case used == 0:
			used = word
		case used+space+word <= room:
			used += space + word
		default:
			lines++
			used = word
		}
		for used > room {
			// a word wider than the cell goes on over the next lines
			lines++
			used -= room
		}
		word, inWord = 0, false
	}
	for _, r := range text {
		switch r {
		case '\n':
			flush()
			lines++
			used = 0
		case ' ', '\t', '\r':
			flush()
		default:
			word += charWidth(r, f.Bold) * scale
			inWord = true
		}
	}
	flush()
	return lines
}

// fitsOnOneLine is a quick test: text of n bytes surely fits on one line of
// room points when even n of Arial's widest characters would.
func fitsOnOneLine(n int, room float64, f Font) bool {
	return float64(n)*f.size()*1.02 < room
}
