package fill

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// PageHeader is what the print header of every page says, so that a page
// printed from the middle of a schedule still names the company, the report
// and the period: left, center and right, in 8 points. Draft, when set, goes
// under the center in bold (a draft's warning).
type PageHeader struct {
	Left, Center, Right string
	Draft               string
}

// PrintHeader puts h into the print header of every sheet whose template has
// none (an accountant's own header is kept).
func (w *Workbook) PrintHeader(h PageHeader) { w.header = &h }

// code is the header in Excel's header codes (&L, &C, &R; && is an ampersand).
func (h PageHeader) code() string {
	esc := func(s string) string { return strings.ReplaceAll(s, "&", "&&") }
	var b strings.Builder
	if h.Left != "" {
		b.WriteString("&L&8" + esc(h.Left))
	}
	if h.Center != "" || h.Draft != "" {
		b.WriteString("&C")
		if h.Center != "" {
			b.WriteString("&8" + esc(h.Center))
		}
		if h.Draft != "" {
			if h.Center != "" {
				b.WriteString("\n")
			}
			b.WriteString(`&"Arial,Bold"&10` + esc(h.Draft))
		}
	}
	if h.Right != "" {
		b.WriteString("&R&8" + esc(h.Right))
	}
	return b.String()
}

// applyHeader sets the print header on every sheet of the template that has
// none; streamed sheets get it in their tail (withHeader).
func (w *Workbook) applyHeader() error {
	if w.header == nil {
		return nil
	}
	code := w.header.code()
	for _, sh := range w.f.GetSheetList() {
		if _, streamed := w.streams[sh]; streamed {
			continue
		}
		hf, err := w.f.GetHeaderFooter(sh)
		if err != nil {
			return err
		}
		if hf == nil {
			hf = &excelize.HeaderFooterOptions{}
		}
		if hf.OddHeader != "" {
			continue
		}
		opts := *hf
		opts.OddHeader = code
		if opts.DifferentOddEven {
			opts.EvenHeader = code
		}
		if opts.DifferentFirst {
			opts.FirstHeader = code
		}
		if err := w.f.SetHeaderFooter(sh, &opts); err != nil {
			return err
		}
	}
	return nil
}

var headerFooterElem = regexp.MustCompile(`<(\w+:)?headerFooter\b[^>]*?(/>|>)`)
var oddHeaderElem = regexp.MustCompile(`<(\w+:)?oddHeader\b`)

// withHeader puts the print header into a streamed sheet's tail (after its
// rows) unless the template gave the sheet one.
func (w *Workbook) withHeader(tail []byte) []byte {
	if w.header == nil || oddHeaderElem.Match(tail) {
		return tail
	}
	loc := headerFooterElem.FindSubmatchIndex(tail)
	if loc == nil {
		// a sheet without headers and footers: none is added where the
		// template's layout has no place for it
		return tail
	}
	prefix := ""
	if loc[2] >= 0 {
		prefix = string(tail[loc[2]:loc[3]])
	}
	elem := "<" + prefix + "oddHeader>" + xlsx.Escape(w.header.code()) + "</" + prefix + "oddHeader>"
	var out []byte
	if bytes.Equal(tail[loc[4]:loc[5]], []byte("/>")) {
		out = append(out, tail[:loc[4]]...)
		out = append(out, '>')
		out = append(out, elem...)
		out = append(out, "</"+prefix+"headerFooter>"...)
	} else {
		out = append(out, tail[:loc[1]]...)
		out = append(out, elem...)
	}
	return append(out, tail[loc[1]:]...)
}
