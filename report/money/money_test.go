package money

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestDollars(t *testing.T) {
	for in, want := range map[string]string{
		"0": "$0.00", "1234.5": "$1,234.50", "-1234567.891": "-$1,234,567.89",
		"999.995": "$1,000.00", "-0.004": "$0.00", "100": "$100.00", "-0.005": "-$0.01",
	} {
		if got := Dollars(decimal.RequireFromString(in)); got != want {
			t.Errorf("Dollars(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestCentsRoundsHalfAwayFromZero(t *testing.T) {
	for in, want := range map[string]string{"1.005": "1.01", "-1.005": "-1.01", "2.675": "2.68", "0.004": "0.00", "1.0049999": "1.00"} {
		if got := Cents(decimal.RequireFromString(in)).StringFixed(2); got != want {
			t.Errorf("Cents(%s) = %s, want %s", in, got, want)
		}
	}
}
