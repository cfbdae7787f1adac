// Package money holds how covenant rounds and writes amounts of money. Amounts are
// shopspring decimals everywhere; they are rounded once, half away from zero, to the
// cent where the contract or the books round them (decimal's Round does exactly
// that), and written for people as "$1,234.56".
package money

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Cents rounds d half away from zero to the cent.
func Cents(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// Dollars writes an amount for text an accountant reads: "$1,234.56",
// "-$1,234.56"; rounded half away from zero to the cent (never "-$0.00").
func Dollars(d decimal.Decimal) string {
	s := d.Round(2).StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteByte('$')
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	b.WriteByte('.')
	b.WriteString(frac)
	return b.String()
}
