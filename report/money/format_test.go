package money

import (
	"math/rand"
	"testing"

	"github.com/shopspring/decimal"
)

// String and Fixed2 must write exactly what decimal's own String and
// StringFixed(2) write, for every shape of value.
func TestFormatMatchesDecimal(t *testing.T) {
	vals := []decimal.Decimal{{}, decimal.Zero, decimal.New(0, -5), decimal.New(-4, -3), decimal.New(-5, -3), decimal.New(5, -3),
		decimal.New(123, 2), decimal.New(-1, 0), decimal.New(999999999999999999, -2), decimal.New(-999999999999999999, -18),
		decimal.RequireFromString("123456789012345678901234.5678"), decimal.New(15, -20), decimal.New(1, -19),
		decimal.RequireFromString("2.675"), decimal.RequireFromString("-2.675"), decimal.RequireFromString("1.005"),
		decimal.RequireFromString("0.994999"), decimal.RequireFromString("-0.995")}
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 20000; i++ {
		c := r.Int63n(1 << uint(r.Intn(62)+1))
		if r.Intn(2) == 0 {
			c = -c
		}
		vals = append(vals, decimal.New(c, -int32(r.Intn(22))), decimal.New(c, int32(r.Intn(3))))
	}
	for _, d := range vals {
		if got, want := String(d), d.String(); got != want {
			t.Errorf("String(%s exp %d) = %q, want %q", d, d.Exponent(), got, want)
		}
		if got, want := Fixed2(d), d.StringFixed(2); got != want {
			t.Errorf("Fixed2(%s exp %d) = %q, want %q", d, d.Exponent(), got, want)
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	d := decimal.New(123456, -4)
	b.Run("String", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = String(d)
		}
	})
	b.Run("decimal.String", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = d.String()
		}
	})
	b.Run("Fixed2", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = Fixed2(d)
		}
	})
	b.Run("decimal.StringFixed", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = d.StringFixed(2)
		}
	})
}
