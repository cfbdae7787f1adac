package borrowingreport

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/borrowing"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

// row is a Borrowing row on an October 2002 day: base 1,000,000 (IEC capacity
// 850,000), the advances and letters of credit given, reserve 500,000.
func row(n, day int, advances, lc string) ledger.BorrowingRow {
	return ledger.BorrowingRow{Row: n, Date: time.Date(2002, 10, day, 0, 0, 0, 0, time.UTC),
		ReceivablesBase: decimal.RequireFromString("1000000"), Advances: decimal.RequireFromString(advances),
		LettersOfCredit: decimal.RequireFromString(lc), TermLoanReserve: decimal.RequireFromString("500000"),
		TermLoanBalance: decimal.RequireFromString("1000000"), PrimeRate: decimal.RequireFromString("4.75")}
}

// The statement says what holds: "within" only when no day is over the
// Borrowing Capacity, the findings apart from the breaches, and the interest
// incomplete when a balance had no rate.
func TestStatement(t *testing.T) {
	for _, tc := range []struct {
		name        string
		rows        []ledger.BorrowingRow
		gridEnd     time.Time
		want, never []string
	}{
		{"inside the capacity every day", []ledger.BorrowingRow{row(2, 28, "800000", "0"), row(3, 29, "700000", "100000")}, time.Time{},
			[]string{"From October 28, 2002 to October 29, 2002 the advances stayed within the Borrowing Capacity on all 2 calendar days: no overadvance, and nothing above the Maximum Limit (Amendment B.1).",
				"Interest accrued: "},
			[]string{"finding", "Incomplete"}},
		{"letters of credit over the capacity: findings, never within",
			[]ledger.BorrowingRow{row(2, 28, "800000", "100000"), row(3, 29, "700000", "100000"), row(4, 30, "760000", "100000")}, time.Time{},
			[]string{"no cap or limit of Amendment B.1 was broken, but on 2 of the 3 calendar days (October 28, October 30) the advances exceeded the Borrowing Capacity: 2 findings, listed on the Findings sheet."},
			[]string{"within", "stayed"}},
		{"breaches and findings on other days",
			[]ledger.BorrowingRow{row(2, 14, "1300000", "0"), row(3, 15, "1100000", "0"), row(4, 16, "800000", "0")}, time.Time{},
			[]string{"Amendment B.1 was not met on 1 of 3 calendar days from October 14, 2002 to October 16, 2002 (October 14): 1 breach, listed on the Breaches sheet.",
				"On 1 other day (October 15) the advances exceeded the Borrowing Capacity without a breach: 1 finding, listed on the Findings sheet."},
			[]string{"within"}},
		{"no rate for a balance: interest incomplete",
			[]ledger.BorrowingRow{row(2, 28, "800000", "0"), row(3, 31, "800000", "0")}, time.Date(2002, 10, 29, 0, 0, 0, 0, time.UTC),
			[]string{"Interest accrued on the days with a pricing-grid rate:", "Incomplete: on 2 days a balance had no pricing-grid rate (October 2002: 2 days); their interest is not included (Amendment B.2)."},
			[]string{"Interest accrued: "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lt := terms.Default().Loan
			if !tc.gridEnd.IsZero() {
				lt.PricingGrid = append([]terms.Pricing(nil), lt.PricingGrid...)
				for i := range lt.PricingGrid {
					lt.PricingGrid[i].To = tc.gridEnd
				}
			}
			r, err := borrowing.Compute(lt, tc.rows)
			if err != nil {
				t.Fatal(err)
			}
			st := statement(r)
			for _, w := range tc.want {
				if !strings.Contains(st, w) {
					t.Errorf("statement lacks %q:\n%s", w, st)
				}
			}
			for _, w := range tc.never {
				if strings.Contains(st, w) {
					t.Errorf("statement says %q:\n%s", w, st)
				}
			}
		})
	}
}

func TestSpans(t *testing.T) {
	d := func(m time.Month, day int) time.Time { return time.Date(2002, m, day, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		days []time.Time
		want string
	}{
		{nil, ""},
		{[]time.Time{d(10, 5)}, "October 5"},
		{[]time.Time{d(10, 1), d(10, 2), d(10, 3), d(10, 5)}, "October 1–3, October 5"},
		{[]time.Time{d(10, 31), d(11, 1)}, "October 31–November 1"},
		{[]time.Time{d(10, 1), d(10, 3), d(10, 5), d(10, 7), d(10, 9), d(10, 11), d(10, 13)}, "October 1, October 3, October 5, October 7, October 9, October 11, …"},
	} {
		if got := spans(tc.days); got != tc.want {
			t.Errorf("spans %v = %q, want %q", tc.days, got, tc.want)
		}
	}
}
