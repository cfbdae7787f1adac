package borrowing

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

func dec(s string) decimal.Decimal {
	if s == "" {
		return decimal.Zero
	}
	return decimal.RequireFromString(s)
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// row is a Borrowing row: date, base, advances, BAs, LGs, LCs, reserve, term loan, prime.
func row(n int, date, base, adv, ba, lg, lc, reserve, term, prime string) ledger.BorrowingRow {
	return ledger.BorrowingRow{Row: n, Date: day(date), ReceivablesBase: dec(base), Advances: dec(adv),
		BankersAcceptances: dec(ba), LettersOfGuaranty: dec(lg), LettersOfCredit: dec(lc),
		TermLoanReserve: dec(reserve), TermLoanBalance: dec(term), PrimeRate: dec(prime)}
}

// simple is a row with base 1,000,000 (IEC capacity 850,000), reserve 500,000.
func simple(n int, date, advances string) ledger.BorrowingRow {
	return row(n, date, "1000000", advances, "", "", "", "500000", "2000000", "4.75")
}

func breachList(bs []Breach) string {
	var s []string
	for _, b := range bs {
		s = append(s, fmt.Sprintf("%s %s %s/%s r%d", b.Date.Format("2006-01-02"), b.Rule, b.Amount.StringFixed(2), b.Limit.StringFixed(2), b.Row))
	}
	return strings.Join(s, "\n")
}

func TestBreaches(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows []ledger.BorrowingRow
		want []string // "date rule amount/limit rROW"
	}{
		{"cap boundary Oct 13/14: $300,000 then $400,000, equal to the cap is inside",
			[]ledger.BorrowingRow{simple(2, "2002-10-13", "1200000"), simple(3, "2002-10-14", "1250000"), simple(4, "2002-10-15", "1250000.01")},
			[]string{"2002-10-13 overadvance_cap 350000.00/300000.00 r2", "2002-10-15 overadvance_cap 400000.01/400000.00 r4"}},
		{"cap boundary Oct 20/21: $400,000 then $300,000",
			[]ledger.BorrowingRow{simple(2, "2002-10-20", "1200000"), simple(3, "2002-10-21", "1200000")},
			[]string{"2002-10-21 overadvance_cap 350000.00/300000.00 r3"}},
		{"cap boundary Oct 27/28: $300,000 then none",
			[]ledger.BorrowingRow{simple(2, "2002-10-27", "1150000"), simple(3, "2002-10-28", "850000.01"), simple(4, "2002-10-29", "850000")},
			[]string{"2002-10-28 overadvance_cap 0.01/0.00 r3"}},
		{"before October: no dated cap, only the reserve",
			[]ledger.BorrowingRow{simple(2, "2002-09-30", "1340000"), simple(3, "2002-10-01", "1100000")},
			nil},
		{"reserve below the cap: the reserve is the limit",
			[]ledger.BorrowingRow{
				row(2, "2002-10-15", "1000000", "1150000", "", "", "", "250000", "0", "4.75"),
				row(3, "2002-10-16", "1000000", "1100000", "", "", "", "250000", "0", "4.75"),
				row(4, "2002-10-17", "1000000", "1300000", "", "", "", "250000", "0", "4.75"),
			},
			[]string{"2002-10-15 term_loan_reserve 300000.00/250000.00 r2", "2002-10-17 overadvance_cap 450000.00/400000.00 r4", "2002-10-17 term_loan_reserve 450000.00/250000.00 r4"}},
		{"maximum limit: advances above $1,750,000 without an overadvance",
			[]ledger.BorrowingRow{row(2, "2002-11-05", "2500000", "1750000.01", "", "", "", "0", "0", "4.75"), row(3, "2002-11-06", "2500000", "1750000", "", "", "", "0", "0", "4.75")},
			[]string{"2002-11-05 maximum_limit 1750000.01/1750000.00 r2"}},
		{"a Friday's overadvance holds over the weekend: one breach a day",
			[]ledger.BorrowingRow{simple(2, "2002-10-25", "1200000"), simple(3, "2002-10-28", "850000")},
			[]string{"2002-10-25 overadvance_cap 350000.00/300000.00 r2", "2002-10-26 overadvance_cap 350000.00/300000.00 r2", "2002-10-27 overadvance_cap 350000.00/300000.00 r2"}},
		{"a row held over a cap change (Friday Oct 11 to Columbus Day)",
			[]ledger.BorrowingRow{simple(2, "2002-10-11", "1200000"), simple(3, "2002-10-15", "1200000")},
			[]string{"2002-10-11 overadvance_cap 350000.00/300000.00 r2", "2002-10-12 overadvance_cap 350000.00/300000.00 r2", "2002-10-13 overadvance_cap 350000.00/300000.00 r2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compute(terms.Default().Loan, tc.rows)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := breachList(r.Breaches), strings.Join(tc.want, "\n"); got != want {
				t.Errorf("breaches\n got:\n%s\nwant:\n%s", got, want)
			}
			inBreach := map[string]bool{}
			for _, b := range r.Breaches {
				inBreach[b.Date.Format("2006-01-02")] = true
			}
			if n := r.DaysInBreach(); n != len(inBreach) {
				t.Errorf("DaysInBreach %d, want %d", n, len(inBreach))
			}
		})
	}
}

func TestCapsAndRows(t *testing.T) {
	// Friday Oct 11 is held through Monday Oct 14 (Columbus Day): caps 300, 300,
	// 300, 400 thousand; the row's cap is the lowest. The reserve of 350,000 is
	// below the $400,000 cap from Oct 14.
	rows := []ledger.BorrowingRow{
		row(7, "2002-10-11", "1000000", "1200000", "", "", "", "350000", "0", "4.75"),
		row(8, "2002-10-15", "1000000", "1100000", "", "", "", "350000", "0", "4.75"),
		row(9, "2002-10-28", "1000000", "800000", "", "", "", "350000", "0", "4.75"),
	}
	r, err := Compute(terms.Default().Loan, rows)
	if err != nil {
		t.Fatal(err)
	}
	wantCaps := map[string]string{"2002-10-11": "300000", "2002-10-13": "300000", "2002-10-14": "350000", "2002-10-20": "350000", "2002-10-21": "300000", "2002-10-27": "300000", "2002-10-28": "0"}
	for _, d := range r.Days {
		if w, ok := wantCaps[d.Date.Format("2006-01-02")]; ok && !d.Cap.Equal(dec(w)) {
			t.Errorf("%s cap %s, want %s", d.Date.Format("2006-01-02"), d.Cap, w)
		}
	}
	if len(r.Days) != 18 {
		t.Errorf("%d days, want Oct 11 to Oct 28 = 18", len(r.Days))
	}
	if d := r.Days[1]; d.Row != 7 || !d.HeldFrom.Equal(day("2002-10-11")) || !r.Days[0].HeldFrom.IsZero() {
		t.Errorf("Oct 12 row %d held from %v", d.Row, d.HeldFrom)
	}
	for i, want := range []struct {
		from, through, cap string
		compliant          bool
		breach             string
	}{
		{"2002-10-11", "2002-10-14", "300000", false, "overadvance $350,000.00 above the $300,000.00 overadvance cap (Amendment B.1) on October 11 to October 13, 2002"},
		{"2002-10-15", "2002-10-27", "300000", true, ""},
		{"2002-10-28", "2002-10-28", "0", true, ""},
	} {
		res := r.Rows[i]
		if res.From.Format("2006-01-02") != want.from || res.Through.Format("2006-01-02") != want.through || !res.Cap.Equal(dec(want.cap)) || res.Compliant != want.compliant || res.Breach != want.breach {
			t.Errorf("row %d: %s to %s cap %s compliant %v breach %q\nwant %+v", res.Row, res.From.Format("2006-01-02"), res.Through.Format("2006-01-02"), res.Cap, res.Compliant, res.Breach, want)
		}
	}
}

func TestCapacity(t *testing.T) {
	for _, tc := range []struct {
		name                                       string
		r                                          ledger.BorrowingRow
		iec, capacity, availability, over, ceiling string
	}{
		{"no letters", row(2, "2002-11-04", "1000000", "700000", "", "", "", "0", "0", "4.75"),
			"850000.00", "850000.00", "150000.00", "0.00", "850000.00"},
		{"LCs, BAs and LGs reduce capacity", row(2, "2002-11-04", "1000000", "700000", "10000", "20000", "100000", "0", "0", "4.75"),
			"850000.00", "720000.00", "20000.00", "0.00", "850000.00"},
		{"LCs push availability below zero without an overadvance", row(2, "2002-11-04", "1000000", "700000", "", "", "150000", "0", "0", "4.75"),
			"850000.00", "700000.00", "0.00", "0.00", "850000.00"},
		{"IEC capacity rounded half away from zero", row(2, "2002-11-04", "1234567.70", "1049382.56", "", "", "", "0", "0", "4.75"),
			"1049382.55", "1049382.55", "-0.01", "0.01", "1049382.55"},
		{"Maximum Limit below the IEC capacity", row(2, "2002-11-04", "2500000", "1600000", "", "", "50000", "0", "0", "4.75"),
			"2125000.00", "1700000.00", "100000.00", "0.00", "1750000.00"},
		{"ceiling: IEC capacity plus the cap", row(2, "2002-10-15", "1000000", "900000", "", "", "50000", "450000", "0", "4.75"),
			"850000.00", "800000.00", "-100000.00", "50000.00", "1250000.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compute(terms.Default().Loan, []ledger.BorrowingRow{tc.r})
			if err != nil {
				t.Fatal(err)
			}
			d := r.Days[0]
			got := []string{d.IECCapacity.StringFixed(2), d.Capacity.StringFixed(2), d.Availability.StringFixed(2), d.Overadvance.StringFixed(2), d.Ceiling.StringFixed(2)}
			want := []string{tc.iec, tc.capacity, tc.availability, tc.over, tc.ceiling}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("iec, capacity, availability, overadvance, ceiling\n got %v\nwant %v", got, want)
			}
			res := r.Rows[0]
			if !res.Capacity.Equal(d.Capacity) || !res.Availability.Equal(d.Availability) || !res.IECCapacity.Equal(d.IECCapacity) || !res.Overadvance.Equal(d.Overadvance) {
				t.Errorf("row result %+v differs from the day", res)
			}
		})
	}
}

func TestInterest(t *testing.T) {
	grid := func(advTo string) []terms.Pricing {
		return []terms.Pricing{
			{Facility: terms.Advances, From: day("2002-10-01"), To: day(advTo), MarginPercent: dec("3.5")},
			{Facility: terms.TermLoan, From: day("2002-10-01"), To: day("2002-12-31"), MarginPercent: dec("4.0")},
		}
	}
	for _, tc := range []struct {
		name    string
		basis   int
		advTo   string
		rows    []ledger.BorrowingRow
		months  []string // "2002-10 from..to advances term total"
		warning string
		// days without a rate by month, and what Incomplete says of the first
		without    []int
		incomplete string
	}{
		{"a Friday balance accrues over the weekend", 360, "2002-12-31",
			[]ledger.BorrowingRow{
				row(2, "2002-10-04", "2000000", "1000000", "", "", "", "0", "2000000", "4.75"),
				row(3, "2002-10-07", "2000000", "0", "", "", "", "0", "0", "4.75"),
			},
			// 1,000,000 x 8.25% / 360 x 3 days; 2,000,000 x 8.75% / 360 x 3 = 1458.333...
			[]string{"2002-10 2002-10-04..2002-10-07 687.50 1458.33 2145.83"}, "", nil, ""},
		{"daily amounts unrounded, the month rounded once", 360, "2002-12-31",
			[]ledger.BorrowingRow{
				row(2, "2002-10-01", "2000000", "1000000", "", "", "", "0", "0", "4.75"),
				row(3, "2002-10-31", "2000000", "1000000", "", "", "", "0", "0", "4.75"),
			},
			// 229.1666... x 31 = 7104.1666... (rounding each day would give 7104.27)
			[]string{"2002-10 2002-10-01..2002-10-31 7104.17 0.00 7104.17"}, "", nil, ""},
		{"actual/365", 365, "2002-12-31",
			[]ledger.BorrowingRow{
				row(2, "2002-10-01", "2000000", "1000000", "", "", "", "0", "0", "4.75"),
				row(3, "2002-10-31", "2000000", "1000000", "", "", "", "0", "0", "4.75"),
			},
			// 1,000,000 x 8.25% / 365 x 31 = 7006.849...
			[]string{"2002-10 2002-10-01..2002-10-31 7006.85 0.00 7006.85"}, "", nil, ""},
		{"a prime change mid-month (4.75% to 4.25% on Nov 7 2002)", 360, "2002-12-31",
			[]ledger.BorrowingRow{
				row(2, "2002-11-01", "2000000", "1200000", "", "", "", "0", "2400000", "4.75"),
				row(3, "2002-11-07", "2000000", "1200000", "", "", "", "0", "2400000", "4.25"),
				row(4, "2002-11-30", "2000000", "1200000", "", "", "", "0", "2400000", "4.25"),
			},
			// advances 275.00 x 6 + 258.333... x 24 = 1650 + 6200; term 583.333... x 6 + 550 x 24 = 3500 + 13200
			[]string{"2002-11 2002-11-01..2002-11-30 7850.00 16700.00 24550.00"}, "", nil, ""},
		{"months split at the month end", 360, "2002-12-31",
			[]ledger.BorrowingRow{
				row(2, "2002-10-30", "2000000", "360000", "", "", "", "0", "360000", "5"),
				row(3, "2002-11-02", "2000000", "360000", "", "", "", "0", "360000", "5"),
			},
			// 360,000 x 8.5% / 360 = 85.00 a day; x 9% = 90.00 a day
			[]string{"2002-10 2002-10-30..2002-10-31 170.00 180.00 350.00", "2002-11 2002-11-01..2002-11-02 170.00 180.00 350.00"}, "", nil, ""},
		{"a day outside every pricing-grid period: no interest figure, the month incomplete, a warning", 360, "2002-10-15",
			[]ledger.BorrowingRow{
				row(2, "2002-10-14", "2000000", "360000", "", "", "", "0", "0", "5"),
				row(3, "2002-10-17", "2000000", "360000", "", "", "", "0", "0", "5"),
			},
			[]string{"2002-10 2002-10-14..2002-10-17 170.00 0.00 170.00"},
			"no Advances period of the pricing grid covers October 16 to October 17, 2002 (Amendment B.2)",
			[]int{2}, "incomplete: no pricing-grid period gives a rate for Advances on October 16 to October 17, 2002 (2 days); their interest is not included (Amendment B.2)"},
		{"no rate for both facilities on the same days: each day counted once", 360, "2002-10-15",
			[]ledger.BorrowingRow{
				row(2, "2002-12-30", "2000000", "360000", "", "", "", "0", "360000", "5"),
				row(3, "2003-01-02", "2000000", "360000", "", "", "", "0", "360000", "5"),
			},
			[]string{"2002-12 2002-12-30..2002-12-31 0.00 180.00 180.00", "2003-01 2003-01-01..2003-01-02 0.00 0.00 0.00"},
			"no Term Loan period of the pricing grid covers January 1 to January 2, 2003 (Amendment B.2)",
			[]int{2, 2}, "incomplete: no pricing-grid period gives a rate for Advances on December 30 to December 31, 2002 (2 days); their interest is not included (Amendment B.2)"},
		{"no balance on the days without a rate: their interest is $0.00 at any rate", 360, "2002-10-15",
			[]ledger.BorrowingRow{
				row(2, "2002-10-14", "2000000", "360000", "", "", "", "0", "0", "5"),
				row(3, "2002-10-16", "2000000", "0", "", "", "", "0", "0", "5"),
				row(4, "2002-10-17", "2000000", "0", "", "", "", "0", "0", "5"),
			},
			[]string{"2002-10 2002-10-14..2002-10-17 170.00 0.00 170.00"},
			"no Advances period of the pricing grid covers October 16 to October 17, 2002 (Amendment B.2)",
			[]int{0}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lt := terms.Default().Loan
			lt.DayCountBasis = tc.basis
			lt.PricingGrid = grid(tc.advTo)
			r, err := Compute(lt, tc.rows)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range r.Months {
				got = append(got, fmt.Sprintf("%s %s..%s %s %s %s", m.Start.Format("2006-01"), m.From.Format("2006-01-02"), m.To.Format("2006-01-02"),
					m.Advances.StringFixed(2), m.TermLoan.StringFixed(2), m.Total().StringFixed(2)))
			}
			if strings.Join(got, "\n") != strings.Join(tc.months, "\n") {
				t.Errorf("months\n got %q\nwant %q", got, tc.months)
			}
			warn := strings.Join(r.Warnings, "\n")
			if tc.warning == "" && warn != "" || !strings.Contains(warn, tc.warning) {
				t.Errorf("warnings %q, want %q", warn, tc.warning)
			}
			var without []int
			total := 0
			for _, m := range r.Months {
				without = append(without, m.DaysWithoutRate)
				total += m.DaysWithoutRate
				if m.Complete() != (m.DaysWithoutRate == 0) || m.Complete() != (m.Incomplete() == "") {
					t.Errorf("%s: complete %v, %d days without a rate, %q", m.Start.Format("2006-01"), m.Complete(), m.DaysWithoutRate, m.Incomplete())
				}
			}
			if tc.without == nil {
				tc.without = make([]int, len(r.Months))
			}
			if fmt.Sprint(without) != fmt.Sprint(tc.without) || r.DaysWithoutRate() != total {
				t.Errorf("days without a rate %v (total %d), want %v", without, r.DaysWithoutRate(), tc.without)
			}
			if got := r.Months[0].Incomplete(); got != tc.incomplete {
				t.Errorf("incomplete\n got %q\nwant %q", got, tc.incomplete)
			}
			// the days' interest, shown to 10 places, add up to the month
			for _, m := range r.Months {
				sum := decimal.Zero
				for _, d := range r.Days[m.FirstDay : m.LastDay+1] {
					sum = sum.Add(d.AdvancesInterest)
				}
				if !sum.Round(2).Equal(m.Advances) {
					t.Errorf("%s: daily advances interest sums to %s, month %s", m.Start.Format("2006-01"), sum, m.Advances)
				}
			}
		})
	}
}

func TestComputeRefuses(t *testing.T) {
	lt := terms.Default().Loan
	if _, err := Compute(lt, nil); err == nil {
		t.Error("no rows: no error")
	}
	if _, err := Compute(lt, []ledger.BorrowingRow{simple(2, "2002-10-02", "1"), simple(3, "2002-10-02", "1")}); err == nil {
		t.Error("repeated date: no error")
	}
	lt.DayCountBasis = 364
	if _, err := Compute(lt, []ledger.BorrowingRow{simple(2, "2002-10-02", "1")}); err == nil {
		t.Error("basis 364: no error")
	}
}

func TestDollars(t *testing.T) {
	for in, want := range map[string]string{"0": "$0.00", "1234567.891": "$1,234,567.89", "-412345.675": "-$412,345.68", "999.995": "$1,000.00", "100": "$100.00"} {
		if got := Dollars(dec(in)); got != want {
			t.Errorf("Dollars(%s) = %s, want %s", in, got, want)
		}
	}
}

// A day without a breach whose advances exceed the Borrowing Capacity is a
// finding (over_borrowing_capacity, amount = advances, limit = capacity), one a
// day, apart from the breaches; a day with a breach has no finding.
func TestFindings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rows     []ledger.BorrowingRow
		findings []string // "date amount/limit overadvance rROW"
		breaches int
		describe string // the first finding's words contain
	}{
		{"letters of credit use the rest of the capacity: no overadvance, no breach",
			[]ledger.BorrowingRow{row(2, "2002-11-04", "1000000", "800000", "", "", "100000", "0", "0", "4.75")},
			[]string{"2002-11-04 800000.00/750000.00 0.00 r2"}, 0,
			"advances $800,000.00 over the Borrowing Capacity of $750,000.00 by $50,000.00: letters of credit, guaranty and banker's acceptances of $100,000.00 use the rest; no overadvance (Amendment B.1)"},
		{"banker's acceptances and letters of guaranty count too",
			[]ledger.BorrowingRow{row(2, "2002-11-04", "1000000", "800000", "30000", "30000", "", "0", "0", "4.75")},
			[]string{"2002-11-04 800000.00/790000.00 0.00 r2"}, 0, "acceptances of $60,000.00 use the rest"},
		{"advances equal to the capacity: no finding",
			[]ledger.BorrowingRow{row(2, "2002-11-04", "1000000", "750000", "", "", "100000", "0", "0", "4.75")},
			nil, 0, ""},
		{"an overadvance within its cap is over the capacity too",
			[]ledger.BorrowingRow{simple(2, "2002-10-15", "1100000")},
			[]string{"2002-10-15 1100000.00/850000.00 250000.00 r2"}, 0,
			"by $250,000.00: an overadvance of $250,000.00 within its $400,000.00 cap, which the Lenders may permit in their sole discretion (Amendment B.1)"},
		{"an overadvance above its cap is a breach, not a finding",
			[]ledger.BorrowingRow{simple(2, "2002-10-15", "1300000")},
			nil, 1, ""},
		{"under the Maximum Limit: letters of credit take the capacity from $1,750,000",
			[]ledger.BorrowingRow{row(2, "2002-11-05", "2500000", "1720000", "", "", "50000", "0", "0", "4.75")},
			[]string{"2002-11-05 1720000.00/1700000.00 0.00 r2"}, 0, "by $20,000.00"},
		{"above the Maximum Limit is a breach, not a finding",
			[]ledger.BorrowingRow{row(2, "2002-11-05", "2500000", "1750000.01", "", "", "50000", "0", "0", "4.75")},
			nil, 1, ""},
		{"a Friday over the capacity holds over the weekend: one finding a day",
			[]ledger.BorrowingRow{row(2, "2002-11-08", "1000000", "800000", "", "", "100000", "0", "0", "4.75"), row(3, "2002-11-11", "1000000", "700000", "", "", "100000", "0", "0", "4.75")},
			[]string{"2002-11-08 800000.00/750000.00 0.00 r2", "2002-11-09 800000.00/750000.00 0.00 r2", "2002-11-10 800000.00/750000.00 0.00 r2"}, 0, ""},
		{"letters above the whole capacity: any advance is over it",
			[]ledger.BorrowingRow{row(2, "2002-11-04", "1000000", "0", "", "", "900000", "0", "0", "4.75")},
			[]string{"2002-11-04 0.00/-50000.00 0.00 r2"}, 0, "of $900,000.00 use all of it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compute(terms.Default().Loan, tc.rows)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Findings {
				got = append(got, fmt.Sprintf("%s %s/%s %s r%d", f.Date.Format("2006-01-02"), f.Amount.StringFixed(2), f.Limit.StringFixed(2), f.Overadvance.StringFixed(2), f.Row))
				if f.Rule != RuleOverBorrowingCapacity {
					t.Errorf("rule %q", f.Rule)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.findings, "\n") {
				t.Errorf("findings\n got %q\nwant %q", got, tc.findings)
			}
			if len(r.Breaches) != tc.breaches {
				t.Errorf("%d breaches, want %d", len(r.Breaches), tc.breaches)
			}
			for _, d := range r.Days {
				if d.Finding != nil && !d.Compliant() {
					t.Errorf("%s: a finding on a day in breach", d.Date.Format("2006-01-02"))
				}
			}
			if tc.describe != "" && !strings.Contains(r.Findings[0].Describe(), tc.describe) {
				t.Errorf("finding says %q, want %q", r.Findings[0].Describe(), tc.describe)
			}
		})
	}
}
