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

// MulCents and CentsApart must agree with decimal arithmetic, value and exponent.
func TestMulCentsAndCentsApart(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	vals := []decimal.Decimal{{}, decimal.New(5, -3), decimal.New(-5, -3), decimal.New(1, -2), decimal.New(-1, -2), decimal.New(123, 3),
		decimal.RequireFromString("99999999.9999"), decimal.RequireFromString("123456789012345678901234.5678")}
	for i := 0; i < 3000; i++ {
		c := r.Int63n(1 << uint(r.Intn(40)+1))
		if r.Intn(3) == 0 {
			c = -c
		}
		vals = append(vals, decimal.New(c, -int32(r.Intn(8))))
	}
	for i := 0; i < 20000; i++ {
		a, b := vals[r.Intn(len(vals))], vals[r.Intn(len(vals))]
		got, want := MulCents(a, b), a.Mul(b).Round(2)
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("MulCents(%s, %s) = %s (exp %d), want %s (exp %d)", a, b, got, got.Exponent(), want, want.Exponent())
		}
		b2 := a.Add(decimal.New(int64(r.Intn(5)-2), -int32(r.Intn(4))))
		if got, want := CentsApart(a, b2), a.Sub(b2).Abs().GreaterThan(decimal.New(1, -2)); got != want {
			t.Fatalf("CentsApart(%s, %s) = %v, want %v", a, b2, got, want)
		}
	}
}

// A Sum must equal adding the amounts one by one with decimal's Add, value and
// exponent, through overflow of its integer.
func TestSumMatchesDecimalAdd(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for trial := 0; trial < 300; trial++ {
		var s Sum
		want := decimal.Decimal{}
		n := r.Intn(200)
		if trial%10 == 0 {
			n = 3000 // enough 16-digit amounts to overflow the integer
		}
		for i := 0; i < n; i++ {
			var d decimal.Decimal
			switch r.Intn(6) {
			case 0:
				d = decimal.New(r.Int63n(1<<40)-1<<39, -int32(r.Intn(5)))
			case 1:
				d = decimal.New(9999999999999999-r.Int63n(1000), -2) // 16 digits: the integer overflows
			case 2:
				d = decimal.New(-9999999999999999+r.Int63n(1000), -2)
			default:
				d = decimal.New(r.Int63n(1e9)-5e8, -2)
			}
			s.Add(d)
			want = want.Add(d)
		}
		got := s.Decimal()
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("Sum = %s (exp %d), decimal Add = %s (exp %d)", got, got.Exponent(), want, want.Exponent())
		}
	}
}

func TestSumOverflow(t *testing.T) {
	for _, sign := range []int64{1, -1} {
		var s Sum
		want := decimal.Decimal{}
		for i := 0; i < 2000; i++ {
			d := decimal.New(sign*9999999999999999, -2)
			s.Add(d)
			want = want.Add(d)
		}
		if got := s.Decimal(); !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Errorf("Sum = %s, decimal Add = %s", got, want)
		}
	}
}
