package oracle

import (
	"encoding/xml"
	"fmt"
	"html"
	"math"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Word is one word of a printed page as pdftotext -bbox reads it: its text and
// box in points from the page's top left.
type Word struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// Page is one printed page.
type Page struct {
	Number        int // from 1
	Width, Height float64
	Words         []Word
}

func (w Word) height() float64 { return w.YMax - w.YMin }

// PDFWords returns every page of the PDF with its words and their boxes.
func PDFWords(tb testing.TB, pdf string) []Page {
	tb.Helper()
	out := run(tb, "pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-")
	var doc struct {
		Pages []struct {
			Width  float64 `xml:"width,attr"`
			Height float64 `xml:"height,attr"`
			Words  []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	d := xml.NewDecoder(strings.NewReader(out))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	if err := d.Decode(&doc); err != nil {
		tb.Fatalf("oracle: pdftotext -bbox %s: %v", pdf, err)
	}
	var pages []Page
	for i, p := range doc.Pages {
		pg := Page{Number: i + 1, Width: p.Width, Height: p.Height}
		for _, w := range p.Words {
			pg.Words = append(pg.Words, Word{Text: html.UnescapeString(w.Text), XMin: w.XMin, YMin: w.YMin, XMax: w.XMax, YMax: w.YMax})
		}
		pages = append(pages, pg)
	}
	return pages
}

// PrintedSheet is what a printed-page check knows of a sheet from its
// workbook: its name (the right of every page's footer, &A), the text of
// its first cell A1 and that text's font size, which measure the scale
// its pages are printed at.
type PrintedSheet struct {
	Name      string
	Title     string
	TitleSize float64
}

// PrintProblems lists what a printed report gets wrong; empty when nothing.
type PrintProblems struct {
	Overlaps  []string // words drawn over one another (a row too low for its wrapped text, text running into the next column)
	Scales    []string // sheets printed under the minimum scale
	CodeWords []string // program codes where a person reads words
	Hashes    []string // ### where a column is too narrow for its number
	ISODates  []string // a yyyy-mm-dd inside a sentence, where the long form belongs
	// Scale is each sheet's measured print scale (1 = 100 %).
	Scale map[string]float64
}

// codeWords are the program codes a printed report must not show: the
// classifications, statuses and rules of --json, snake_case in general, the
// loan fee's installment IDs, calendar quarters as typed on the command line,
// contract quarters numbered past the four the agreement lists, and jargon.
var codeWords = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`\b[a-z]+(_[a-z]+)+\b`), "a snake_case code"},
	{regexp.MustCompile(`\b(base|additional)-\d+\b`), "an installment ID"},
	{regexp.MustCompile(`\b\d{4}-?Q[1-4]\b`), "a calendar quarter code"},
	{regexp.MustCompile(`\bQ\d+ ending\b`), "a numbered contract quarter"},
	{regexp.MustCompile(`(?i)\blive formulas?\b`), "jargon (live formula)"},
	{regexp.MustCompile(`\bthe terms hold no\b`), "jargon (the terms hold no)"},
	{regexp.MustCompile(`^(arrow|exception|return|counted|pending|excluded|waived|open|late|paid|used|expired|elected|may elect|base|additional)$`), "a lowercase code alone in a cell"},
}

// isoDate is a date (with its time of day, if any) as tables and --json write
// it, standing as a word of its own: not inside a token such as an id
// (cap-2002-10-14) or a file name (status-2003-09-10.xlsx).
var isoDate = regexp.MustCompile(`(?:^|[\s(\[,;:"'])(\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?)(?:$|[\s)\],;:.!?"'])`)

// sentenceWord is a word of a sentence: lowercase letters, as a date column's
// heading or a weekday written with a date (Wed 2002-12-25) never are.
var sentenceWord = regexp.MustCompile(`(?:^|[^\p{L}])\p{Ll}{2,}(?:$|[^\p{L}])`)

// SentenceISODate returns the first yyyy-mm-dd (with its hh:mm, if any) that
// text writes inside a sentence, "" when none: issue 15 wants dates in
// tables in one style (yyyy-mm-dd, a cell of its own) and dates in sentences
// in the long form ("October 22, 2003", "October 22, 2003 at 8:00 AM"). Text
// is one cell's text, or a phrase of a printed line (its words with no more
// than a space between them); it is a sentence when it has a lowercase word
// besides the date.
func SentenceISODate(text string) string {
	m := isoDate.FindStringSubmatchIndex(text)
	if m == nil {
		return ""
	}
	rest := text[:m[2]] + " " + text[m[3]:]
	if !sentenceWord.MatchString(rest) {
		return ""
	}
	return text[m[2]:m[3]]
}

// CheckPrinted reads a printed report back and lists its problems: any two
// words on a page that overlap; any sheet printed under minScale (the height
// of its A1 text against its font size); any program code in its text; any
// ### (a number too wide for its column); any yyyy-mm-dd inside a sentence.
// sheets are the workbook's printed sheets.
func CheckPrinted(tb testing.TB, pdf string, sheets []PrintedSheet, minScale float64) PrintProblems {
	tb.Helper()
	pages := PDFWords(tb, pdf)
	var pr PrintProblems
	pr.Scale = map[string]float64{}
	first := map[string]int{} // sheet -> index of its first page
	for i, pg := range pages {
		for _, p := range phrases(pg) {
			if m := SentenceISODate(p); m != "" {
				pr.ISODates = append(pr.ISODates, fmt.Sprintf("page %d: %q in %q", pg.Number, m, p))
			}
		}
		name := footerSheet(pg, sheets)
		if name == "" {
			pr.Scales = append(pr.Scales, fmt.Sprintf("page %d: its footer names no sheet of the workbook", pg.Number))
			continue
		}
		if _, seen := first[name]; !seen {
			first[name] = i
		}
		pr.Overlaps = append(pr.Overlaps, overlaps(pg)...)
	}
	for _, sh := range sheets {
		i, ok := first[sh.Name]
		if !ok {
			continue // a sheet with nothing to print
		}
		k, err := pageScale(pages[i], sh)
		if err != nil {
			pr.Scales = append(pr.Scales, fmt.Sprintf("%s (page %d): %v", sh.Name, pages[i].Number, err))
			continue
		}
		pr.Scale[sh.Name] = k
		if k < minScale-0.005 {
			pr.Scales = append(pr.Scales, fmt.Sprintf("%s (page %d) prints at %.0f %%, under %.0f %%", sh.Name, pages[i].Number, 100*k, 100*minScale))
		}
	}
	text := PDFText(tb, pdf, 0)
	for n, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "###") {
			pr.Hashes = append(pr.Hashes, fmt.Sprintf("line %d: %q", n+1, strings.TrimSpace(line)))
		}
		for _, part := range regexp.MustCompile(`\s{2,}`).Split(line, -1) {
			part = strings.TrimSpace(part)
			for _, c := range codeWords {
				if m := c.re.FindString(part); m != "" {
					pr.CodeWords = append(pr.CodeWords, fmt.Sprintf("line %d: %s %q in %q", n+1, c.what, m, part))
				}
			}
		}
	}
	return pr
}

// wordGap is the widest gap between two words of one phrase, for each point
// of their box's height: a space is about 0.2 of it in Liberation Sans, and
// the words of two cells lie farther apart (or the cells' text does not join
// into a sentence, which SentenceISODate asks for).
const wordGap = 0.3

// phrases returns a page's runs of words on one line with no more than a
// space between them: the text of one cell's line, as it printed.
func phrases(pg Page) []string {
	ws := append([]Word(nil), pg.Words...)
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].YMin < ws[j].YMin })
	var lines [][]Word
	for _, w := range ws {
		if k := len(lines); k > 0 && math.Abs(lines[k-1][0].YMin-w.YMin) < 0.3*w.height() {
			lines[k-1] = append(lines[k-1], w)
		} else {
			lines = append(lines, []Word{w})
		}
	}
	var out []string
	for _, l := range lines {
		sort.SliceStable(l, func(i, j int) bool { return l[i].XMin < l[j].XMin })
		var cur []string
		for i, w := range l {
			if i > 0 && w.XMin-l[i-1].XMax > wordGap*w.height() {
				out = append(out, strings.Join(cur, " "))
				cur = nil
			}
			cur = append(cur, w.Text)
		}
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

// margin is the band at the top and bottom of a page where the print header
// and footer are: they print at their own size, not scaled with the sheet.
func inMargin(pg Page, w Word) bool { return w.YMax < 40 || w.YMin > pg.Height-40 }

// footerSheet is the sheet a page prints: the longest sheet name its footer
// ends with.
func footerSheet(pg Page, sheets []PrintedSheet) string {
	var foot []Word
	for _, w := range pg.Words {
		if w.YMin > pg.Height-40 {
			foot = append(foot, w)
		}
	}
	sort.Slice(foot, func(i, j int) bool { return foot[i].XMin < foot[j].XMin })
	var parts []string
	for _, w := range foot {
		parts = append(parts, w.Text)
	}
	line := strings.Join(parts, " ")
	best := ""
	for _, sh := range sheets {
		if strings.HasSuffix(line, sh.Name) && len(sh.Name) > len(best) {
			best = sh.Name
		}
	}
	return best
}

// boxPerPoint is the height of a word's box in LibreOffice's PDFs for each
// point of its font size (Liberation Sans, which LibreOffice prints for
// Arial, regular and bold alike: 1.3 em, measured on pages printed at 100 %).
// The print header and footer scale with the page, so nothing on the page
// itself is a reference.
const boxPerPoint = 1.3

// pageScale measures the scale of a sheet's first page: the height of its A1
// text's first word against what the text's font size gives at 100 %. A
// scale above 100 % (LibreOffice never enlarges a page to fit) means the
// fonts are not those the measure was taken with.
func pageScale(pg Page, sh PrintedSheet) (float64, error) {
	fields := strings.Fields(sh.Title)
	if len(fields) == 0 || sh.TitleSize <= 0 {
		return 0, fmt.Errorf("no title in A1 to measure")
	}
	h := 0.0
	for _, w := range pg.Words {
		if w.Text == fields[0] && !inMargin(pg, w) {
			h = math.Max(h, w.height())
		}
	}
	if h == 0 {
		return 0, fmt.Errorf("its title %q is not on its first page", sh.Title)
	}
	k := h / (sh.TitleSize * boxPerPoint)
	if k > 1.02 {
		return k, fmt.Errorf("its title measures %.0f %% of its font size: the PDF's fonts are not Liberation Sans (install fonts-liberation), so its scale cannot be measured", 100*k)
	}
	return k, nil
}

// overlaps lists the pairs of words of a page whose boxes overlap by more than
// a sliver (a fifth of the smaller box): text drawn over text.
func overlaps(pg Page) []string {
	ws := append([]Word(nil), pg.Words...)
	sort.Slice(ws, func(i, j int) bool { return ws[i].YMin < ws[j].YMin })
	var out []string
	for i := range ws {
		a := ws[i]
		for j := i + 1; j < len(ws) && ws[j].YMin < a.YMax; j++ {
			b := ws[j]
			dx := math.Min(a.XMax, b.XMax) - math.Max(a.XMin, b.XMin)
			dy := math.Min(a.YMax, b.YMax) - math.Max(a.YMin, b.YMin)
			if dx <= 0 || dy <= 0 {
				continue
			}
			small := math.Min((a.XMax-a.XMin)*a.height(), (b.XMax-b.XMin)*b.height())
			if small > 0 && dx*dy > small/5 {
				out = append(out, fmt.Sprintf("page %d: %q over %q at (%.0f, %.0f)", pg.Number, a.Text, b.Text, math.Max(a.XMin, b.XMin), math.Max(a.YMin, b.YMin)))
			}
		}
	}
	return out
}

// PagesWithoutHeader lists the pages of the PDF whose print header (the band
// at the top of the page) lacks text: a page printed from the middle of a
// report that does not say whose it is.
func PagesWithoutHeader(tb testing.TB, pdf, text string) []int {
	tb.Helper()
	want := strings.Join(strings.Fields(text), " ")
	var missing []int
	for _, pg := range PDFWords(tb, pdf) {
		var top []Word
		for _, w := range pg.Words {
			if w.YMax < 40 {
				top = append(top, w)
			}
		}
		sort.Slice(top, func(i, j int) bool {
			if math.Abs(top[i].YMin-top[j].YMin) > 2 {
				return top[i].YMin < top[j].YMin
			}
			return top[i].XMin < top[j].XMin
		})
		var parts []string
		for _, w := range top {
			parts = append(parts, w.Text)
		}
		if !strings.Contains(strings.Join(parts, " "), want) {
			missing = append(missing, pg.Number)
		}
	}
	return missing
}
