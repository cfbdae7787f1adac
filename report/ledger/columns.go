package ledger

import (
	"strings"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// What the columns --in-place adds to the accountant's own sheet look like
// (issue 15): each declares its kind, and takes the format of the sheet's own
// column of that kind (money as the sheet's money, dates as its dates, a
// sentence as its text), its header the style of the header beside it, its
// width what its header and its values need. What a column already has (an
// earlier run's format, or the accountant's restyling since) is kept.

// OutColumn is a column written in place: its header and what it holds
// (KindText for a label or a sentence, KindMoney, KindDate, KindFlag for Yes
// or No, KindNumber for a count, KindPercent for a rate in percent ...).
type OutColumn struct {
	Name string
	Kind Kind
}

// OutColumnNames returns the headers of cols.
func OutColumnNames(cols []OutColumn) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// fallback is the number format a column of the kind takes when the sheet
// has no column of its kind to copy ("": the cell's own, General for text).
func (k Kind) fallback() string {
	switch k {
	case KindMoney:
		return "#,##0.00"
	case KindDate:
		// built-in 14: Excel shows it in the reader's short date form
		return "m/d/yyyy"
	case KindDateTime:
		return "m/d/yyyy h:mm"
	case KindTime:
		return "h:mm"
	case KindNumber:
		return "#,##0"
	case KindWhole:
		return "0"
	case KindPercent:
		// a rate in percent, as the Prime Rate column holds it (4.75)
		return "0.00"
	}
	return ""
}

// numeric reports whether the kind is written as numbers.
func (k Kind) numeric() bool {
	switch k {
	case KindMoney, KindNumber, KindWhole, KindPercent, KindDate, KindDateTime, KindTime:
		return true
	}
	return false
}

// shows reports whether a cell format shows a value of the kind as it
// should be: numbers with a number format (not General, not text, not a
// date; money not as a percentage), dates and times with a date or time
// format. Any format shows text.
func (k Kind) shows(l xlsx.Look) bool {
	switch k {
	case KindDate:
		return l.Date
	case KindDateTime, KindTime:
		return l.Time
	case KindMoney, KindNumber, KindWhole, KindPercent:
		if l.NumFmt == 0 || l.NumFmt == 49 || l.Date || strings.EqualFold(l.Code, "General") {
			return false
		}
		return k != KindMoney || !strings.Contains(stripQuoted(l.Code), "%")
	}
	return true
}

// widthCap is the widest (in characters) the kind's values make a column;
// a longer value (a reason) runs over, or wraps where the column wraps.
func (k Kind) widthCap() float64 {
	switch k {
	case KindText, KindChoice, KindUnknown:
		return 50
	case KindFlag:
		return 20
	}
	return 255
}

// stripQuoted removes a number format's quoted text and escaped characters.
func stripQuoted(code string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			in = !in
		case in:
		case c == '\\':
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// modelColumn is the column a written column of kind k takes its format from:
// the one nearest the end of the sheet's columns covenant reads that hold
// that kind (schema.go), 0 when none does.
func modelColumn(sheet string, t *table, k Kind) int {
	model := 0
	for name, col := range t.col {
		if columnHelp[sheet][name].kind == k && col > model {
			model = col
		}
	}
	return model
}

// styler picks the formats of in-place cells, adding to the workbook's
// styles the copies it needs.
type styler struct {
	b     *xlsx.Book
	adder *xlsx.StyleAdder
	memo  map[styleKey]int
}

type styleKey struct {
	base, model int
	kind        Kind
}

func newStyler(b *xlsx.Book) *styler {
	return &styler{b: b, adder: b.NewStyleAdder(), memo: map[styleKey]int{}}
}

// style returns the format of a cell of kind k whose own format (or the one
// it would take) is base: base when it shows the kind, else a copy of base
// with the number format of model (the sheet's column of that kind) when that
// shows it, else with the kind's fallback.
func (s *styler) style(base int, k Kind, model int) int {
	key := styleKey{base, model, k}
	if st, ok := s.memo[key]; ok {
		return st
	}
	st := base
	if !k.shows(s.b.StyleLook(base)) {
		var ok bool
		switch ml := s.b.StyleLook(model); {
		case k.shows(ml) && ml.Code == "":
			// a built-in format of the reader's locale (currency, accounting)
			st, ok = s.adder.Add(base, ml.NumFmt)
		case k.shows(ml):
			st, ok = s.adder.AddFormat(base, ml.Code)
		default:
			st, ok = s.adder.AddFormat(base, k.fallback())
		}
		if !ok {
			st = base
		}
	}
	s.memo[key] = st
	return st
}
