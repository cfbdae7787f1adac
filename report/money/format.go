package money

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// pow10 holds 10^0 through 10^18.
var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// small returns d's coefficient and scale (digits after the point) when d is
// held in at most 16 digits with a scale of 0 to 18, the shape of every amount
// and quantity a ledger holds; ok is false otherwise.
func small(d decimal.Decimal) (coef int64, scale int, ok bool) {
	e := d.Exponent()
	if e > 0 || e < -18 || d.NumDigits() > 16 {
		return 0, 0, false
	}
	return d.CoefficientInt64(), int(-e), true
}

// appendScaled writes coef / 10^scale with exactly scale digits after the point.
func appendScaled(b []byte, coef int64, scale int) []byte {
	if coef < 0 {
		b = append(b, '-')
		coef = -coef
	}
	b = strconv.AppendInt(b, coef/pow10[scale], 10)
	if scale > 0 {
		b = append(b, '.')
		frac := coef % pow10[scale]
		for p := scale - 1; p >= 0; p-- {
			b = append(b, byte('0'+frac/pow10[p]%10))
		}
	}
	return b
}

// String is d.String() (the number as written, trailing zeros after the point
// dropped), without big-number arithmetic for the amounts a ledger holds.
func String(d decimal.Decimal) string {
	coef, scale, ok := small(d)
	if !ok {
		return d.String()
	}
	for scale > 0 && coef%10 == 0 {
		coef /= 10
		scale--
	}
	var buf [24]byte
	return string(appendScaled(buf[:0], coef, scale))
}

// Fixed2 is d.StringFixed(2): rounded half away from zero to the cent, with two
// digits after the point.
func Fixed2(d decimal.Decimal) string {
	coef, scale, ok := small(d)
	if !ok {
		return d.StringFixed(2)
	}
	var buf [24]byte
	return string(appendScaled(buf[:0], round2(coef, scale), 2))
}

// MulCents is a.Mul(b).Round(2): a product (quantity x unit cost) rounded once,
// half away from zero, to the cent; computed in integers when both factors have
// at most 16 digits between them, as a ledger's do.
func MulCents(a, b decimal.Decimal) decimal.Decimal {
	ca, sa, oka := small(a)
	cb, sb, okb := small(b)
	if !oka || !okb || a.NumDigits()+b.NumDigits() > 16 || sa+sb > 18 {
		return a.Mul(b).Round(2)
	}
	return decimal.New(round2(ca*cb, sa+sb), -2)
}

// round2 rounds coef / 10^scale half away from zero to whole cents; coef has at
// most 16 digits.
func round2(coef int64, scale int) int64 {
	if scale <= 2 {
		return coef * pow10[2-scale]
	}
	div := pow10[scale-2]
	q, r := coef/div, coef%div
	if r < 0 {
		r = -r
	}
	if 2*r >= div {
		if coef < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

// CentsApart reports whether a and b differ by more than one cent.
func CentsApart(a, b decimal.Decimal) bool {
	ca, sa, oka := small(a)
	cb, sb, okb := small(b)
	if oka && okb && sa <= 2 && sb <= 2 {
		d := ca*pow10[2-sa] - cb*pow10[2-sb]
		return d > 1 || d < -1
	}
	return a.Sub(b).Abs().GreaterThan(decimal.New(1, -2))
}

// Sum totals amounts exactly, as adding them one by one with decimal's Add
// would (same value, same exponent), but keeps whole cents in an integer while
// they fit: a million additions without a million big-number allocations. Any
// other amount goes into a decimal.
type Sum struct {
	cents     int64
	centsUsed bool
	rest      decimal.Decimal
}

// Add adds d.
func (s *Sum) Add(d decimal.Decimal) {
	if d.Exponent() == -2 {
		if c, _, ok := small(d); ok {
			if t := s.cents + c; (c >= 0) == (t >= s.cents) { // no overflow
				s.cents, s.centsUsed = t, true
				return
			}
		}
	}
	s.rest = s.rest.Add(d)
}

// Decimal is the total; the zero decimal when nothing was added.
func (s *Sum) Decimal() decimal.Decimal {
	if !s.centsUsed {
		return s.rest
	}
	return s.rest.Add(decimal.New(s.cents, -2))
}
