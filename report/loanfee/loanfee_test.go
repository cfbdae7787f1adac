package loanfee

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/terms"
)

var (
	d     = terms.Date
	asOf  = d(2003, 1, 15)
	money = decimal.RequireFromString
)

// month is the expected figures of one amortization month.
type month struct {
	month                                         string
	days                                          int
	opening, waiver, expense, writtenOff, closing string
}

// Figures worked out independently with exact fractions (Python's fractions module):
// the balance at the start of each month spread over the days left in the Initial
// Term, a waiver taken off on its trigger date, the excess over the balance credited.
func TestWaiverBoundaries(t *testing.T) {
	noEvents := []month{
		{"2002-10", 31, "150000.00", "0.00", "50543.48", "0.00", "99456.52"},
		{"2002-11", 30, "99456.52", "0.00", "48913.04", "0.00", "50543.48"},
		{"2002-12", 31, "50543.48", "0.00", "50543.48", "0.00", "0.00"},
	}
	for _, tc := range []struct {
		name    string
		in      Input
		waived  []string
		payable string
		months  []month
	}{
		{"no events at all", Input{}, nil, "150000.00", noEvents},
		{"Financing Commitment on Oct 31 waives both Additional installments",
			Input{Deliveries: []Delivery{{Kind: FinancingCommitment, Date: d(2002, 10, 31)}}},
			[]string{"additional-1", "additional-2"}, "100000.00", []month{
				{"2002-10", 31, "150000.00", "50000.00", "49737.03", "0.00", "50262.97"},
				{"2002-11", 30, "50262.97", "0.00", "24719.49", "0.00", "25543.48"},
				{"2002-12", 31, "25543.48", "0.00", "25543.48", "0.00", "0.00"},
			}},
		{"Purchase Offer on Nov 1 waives only the second",
			Input{Deliveries: []Delivery{{Kind: PurchaseOffer, Date: d(2002, 11, 1)}}},
			[]string{"additional-2"}, "125000.00", []month{
				{"2002-10", 31, "150000.00", "0.00", "50543.48", "0.00", "99456.52"},
				{"2002-11", 30, "99456.52", "25000.00", "36617.96", "0.00", "37838.56"},
				{"2002-12", 31, "37838.56", "0.00", "37838.56", "0.00", "0.00"},
			}},
		{"delivery on the deadline Nov 27 still waives the installment due that day",
			Input{Deliveries: []Delivery{{Kind: FinancingCommitment, Date: d(2002, 11, 27)}}},
			[]string{"additional-2"}, "125000.00", []month{
				{"2002-10", 31, "150000.00", "0.00", "50543.48", "0.00", "99456.52"},
				{"2002-11", 30, "99456.52", "25000.00", "46055.90", "0.00", "28400.62"},
				{"2002-12", 31, "28400.62", "0.00", "28400.62", "0.00", "0.00"},
			}},
		{"delivery on Nov 28, after the deadline, waives nothing",
			Input{Deliveries: []Delivery{{Kind: PurchaseOffer, Date: d(2002, 11, 28)}}},
			nil, "150000.00", noEvents},
		{"Full Payment on Dec 16: Dec 16 still due, Dec 31 waived",
			Input{FullPayment: d(2002, 12, 16)},
			[]string{"base-4"}, "110000.00", []month{
				{"2002-10", 31, "150000.00", "0.00", "50543.48", "0.00", "99456.52"},
				{"2002-11", 30, "99456.52", "0.00", "48913.04", "0.00", "50543.48"},
				// 50,543.48 x 15/31 = 24,456.52 through Dec 15; the 40,000 waiver exceeds
				// the 26,086.96 left: 13,913.04 credited; nothing left to write off
				// Dec 1-15: 24,456.52; the waiver of 40,000 on Dec 16 takes the
				// 26,086.96 left and reverses 13,913.04 already expensed (net
				// 10,543.48); Dec 16 has nothing left to amortize
				{"2002-12", 15, "50543.48", "40000.00", "24456.52", "0.00", "0.00"},
			}},
		{"Full Payment on Dec 31 waives nothing", Input{FullPayment: d(2002, 12, 31)}, nil, "150000.00", noEvents},
		{"Full Payment on Oct 5 writes off what is left",
			Input{FullPayment: d(2002, 10, 5)},
			[]string{"additional-1", "base-2", "additional-2", "base-3", "base-4"}, "15000.00", []month{
				// 6,521.74 through Oct 4; 143,478.26 - 135,000 = 8,478.26 over 88 days: 96.34 on Oct 5
				{"2002-10", 5, "150000.00", "135000.00", "6618.08", "8381.92", "0.00"},
			}},
		{"the earlier of two deliveries counts",
			Input{Deliveries: []Delivery{{Kind: PurchaseOffer, Date: d(2002, 11, 28)}, {Kind: FinancingCommitment, Date: d(2002, 10, 31)}}},
			[]string{"additional-1", "additional-2"}, "100000.00", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Compute(terms.Default().Loan, tc.in, asOf)
			if err != nil {
				t.Fatal(err)
			}
			var waived []string
			for _, it := range s.Installments {
				if it.IsWaived() {
					waived = append(waived, it.ID)
					if it.Status != Waived || !it.Payable.IsZero() || it.Basis == "" {
						t.Errorf("%s waived but status %s, payable %s, basis %q", it.ID, it.Status, it.Payable, it.Basis)
					}
				} else if it.Basis != "" || !it.Payable.Equal(it.Amount) {
					t.Errorf("%s not waived but basis %q, payable %s", it.ID, it.Basis, it.Payable)
				}
			}
			if !slices.Equal(waived, tc.waived) {
				t.Errorf("waived %v, want %v", waived, tc.waived)
			}
			if got := s.Payable.StringFixed(2); got != tc.payable {
				t.Errorf("payable %s, want %s", got, tc.payable)
			}
			if !s.TotalExpense.Add(s.WrittenOff).Equal(s.Payable) {
				t.Errorf("expense %s + written off %s != payable %s", s.TotalExpense, s.WrittenOff, s.Payable)
			}
			if tc.months == nil {
				return
			}
			var got []month
			for _, m := range s.Months {
				got = append(got, month{m.Start.Format("2006-01"), m.Days, m.Opening.StringFixed(2), m.WaiverReduction.StringFixed(2),
					m.Expense.StringFixed(2), m.WrittenOff.StringFixed(2), m.Closing.StringFixed(2)})
			}
			if !slices.Equal(got, tc.months) {
				t.Errorf("amortization\n got %v\nwant %v", got, tc.months)
			}
		})
	}
}

func TestWaiverBasisCitesEventAndDate(t *testing.T) {
	s, err := Compute(terms.Default().Loan, Input{
		Deliveries:  []Delivery{{Kind: FinancingCommitment, Date: d(2002, 11, 20)}},
		FullPayment: d(2002, 12, 27),
	}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	basis := map[string]string{}
	for _, it := range s.Installments {
		basis[it.ID] = it.Basis
	}
	for id, want := range map[string][]string{
		"additional-2": {"Financing Commitment delivered November 20, 2002", "Amendment A.3"},
		"base-4":       {"Full Payment on December 27, 2002", "Amendment A.3"},
	} {
		for _, w := range want {
			if !strings.Contains(basis[id], w) {
				t.Errorf("%s basis %q lacks %q", id, basis[id], w)
			}
		}
	}
	if basis["base-3"] != "" || basis["additional-1"] != "" {
		t.Errorf("unwaived installments have a basis: %v", basis)
	}
}

func TestPaymentsAndStatus(t *testing.T) {
	in := Input{
		Deliveries: []Delivery{{Kind: FinancingCommitment, Date: d(2002, 11, 20)}},
		Payments: []Payment{
			{Date: d(2002, 10, 1), Amount: money("15000"), Installment: "base-1"},
			// no installment named: the oldest open first, spilling into the next
			{Date: d(2002, 10, 31), Amount: money("30000")},
			{Date: d(2002, 11, 18), Amount: money("10000"), Installment: "BASE-2"},
			// after the as-of date: left out
			{Date: d(2002, 12, 20), Amount: money("30000"), Installment: "base-3"},
		},
	}
	s, err := Compute(terms.Default().Loan, in, d(2002, 12, 17))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		paid   string
		status Status
	}{
		"base-1":       {"15000.00", Paid},
		"additional-1": {"25000.00", Paid},
		"base-2":       {"15000.00", PaidLate}, // 5,000 from the Oct 31 payment + 10,000 on Nov 18, 3 days after Nov 15
		"additional-2": {"0.00", Waived},
		"base-3":       {"0.00", Late}, // due Dec 16, unpaid on Dec 17
		"base-4":       {"0.00", Open},
	}
	for _, it := range s.Installments {
		w := want[it.ID]
		if it.Paid.StringFixed(2) != w.paid || it.Status != w.status {
			t.Errorf("%s: paid %s %s, want %s %s", it.ID, it.Paid.StringFixed(2), it.Status, w.paid, w.status)
		}
		if it.ID == "base-2" && (it.DaysLate(s.AsOf) != 3 || !it.PaidOn.Equal(d(2002, 11, 18))) {
			t.Errorf("base-2 paid in full on %v, %d days late; want Nov 18, 3", it.PaidOn, it.DaysLate(s.AsOf))
		}
	}
	if s.Paid.StringFixed(2) != "55000.00" {
		t.Errorf("paid %s", s.Paid)
	}
	if !strings.Contains(strings.Join(s.Warnings, "\n"), "after the as-of date") {
		t.Errorf("no warning about the payment after the as-of date: %q", s.Warnings)
	}
	// on its due date an unpaid installment is open, the day after late
	for _, tc := range []struct {
		asOf time.Time
		want Status
	}{{d(2002, 12, 16), Open}, {d(2002, 12, 17), Late}} {
		s, _ := Compute(terms.Default().Loan, Input{}, tc.asOf)
		if st := s.Installments[4].Status; s.Installments[4].ID != "base-3" || st != tc.want {
			t.Errorf("base-3 as of %s: %s, want %s", tc.asOf.Format("2006-01-02"), st, tc.want)
		}
	}
}

func TestPaymentWarnings(t *testing.T) {
	in := Input{
		Deliveries: []Delivery{{Kind: PurchaseOffer, Date: d(2002, 10, 15)}},
		Payments: []Payment{
			{Date: d(2002, 10, 10), Amount: money("25000"), Installment: "additional-2", Where: "Fee Payments row 2"},
			{Date: d(2002, 12, 31), Amount: money("200000"), Where: "Fee Payments row 3"},
		},
	}
	s, err := Compute(terms.Default().Loan, in, asOf)
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(s.Warnings, "\n")
	for _, want := range []string{"the Additional Fee, installment 2 of 2 was waived on October 15, 2002 after $25,000.00 had been paid on it ($25,000.00 on October 10, 2002, Fee Payments row 2)",
		"$100,000.00 exceeds every open installment", "Fee Payments row 3", "credit"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
	if _, err := Compute(terms.Default().Loan, Input{Payments: []Payment{{Date: d(2002, 10, 1), Amount: money("1"), Installment: "base-9"}}}, asOf); err == nil ||
		!strings.Contains(err.Error(), "base-9") || !strings.Contains(err.Error(), "base-1, additional-1, base-2") {
		t.Errorf("unknown installment: %v", err)
	}
}

func TestBadEvents(t *testing.T) {
	for _, tc := range []struct {
		in   Input
		want string
	}{
		{Input{FullPayment: d(2002, 9, 30)}, "before the execution date"},
		{Input{Execution: d(2003, 1, 2)}, "after the end of the Initial Term"},
	} {
		if _, err := Compute(terms.Default().Loan, tc.in, asOf); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestExecutionDateMovesBase1(t *testing.T) {
	s, err := Compute(terms.Default().Loan, Input{Execution: d(2002, 10, 4)}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Installments[0].Due.Equal(d(2002, 10, 4)) {
		t.Errorf("base-1 due %v", s.Installments[0].Due)
	}
	if m := s.Months[0]; m.Days != 28 || m.Remaining != 89 || m.Expense.StringFixed(2) != "47191.01" {
		// 150,000 x 28/89 = 47,191.011
		t.Errorf("October %+v", m)
	}
}

func TestJournal(t *testing.T) {
	in := Input{
		Deliveries:  []Delivery{{Kind: FinancingCommitment, Date: d(2002, 11, 20)}},
		FullPayment: d(2002, 10, 20),
		Payments:    []Payment{{Date: d(2002, 10, 1), Amount: money("15000")}},
	}
	a := terms.Default().Loan.Accounts
	s, err := Compute(terms.Default().Loan, in, asOf)
	if err != nil {
		t.Fatal(err)
	}
	type line struct{ date, account, debit, credit string }
	var got []line
	for _, e := range s.Journal {
		for _, l := range e.Lines {
			got = append(got, line{e.Date.Format("2006-01-02"), l.Account, l.Debit.StringFixed(2), l.Credit.StringFixed(2)})
		}
	}
	// Oct 1-19 = 19 days: 150,000 x 19/92 = 30,978.26; waiver of 135,000 on Oct 20 leaves
	// 119,021.74 - 135,000 < 0: 15,978.26 already expensed is reversed, in an
	// entry of its own; nothing to write off.
	want := []line{
		{"2002-10-01", a.DeferredFinancingCost, "150000.00", "0.00"},
		{"2002-10-01", a.ExtensionFeePayable, "0.00", "150000.00"},
		{"2002-10-01", a.ExtensionFeePayable, "15000.00", "0.00"},
		{"2002-10-01", a.Cash, "0.00", "15000.00"},
		{"2002-10-20", a.ExtensionFeePayable, "135000.00", "0.00"},
		{"2002-10-20", a.DeferredFinancingCost, "0.00", "135000.00"},
		{"2002-10-20", a.DeferredFinancingCost, "15978.26", "0.00"},
		{"2002-10-20", a.AmortizationExpense, "0.00", "15978.26"},
		{"2002-10-20", a.AmortizationExpense, "30978.26", "0.00"},
		{"2002-10-20", a.DeferredFinancingCost, "0.00", "30978.26"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("journal\n got %v\nwant %v", got, want)
	}
	// as of a date, only the entries dated by then
	s, _ = Compute(terms.Default().Loan, Input{}, d(2002, 11, 29))
	if n := len(s.Journal); n != 2 {
		t.Errorf("as of Nov 29: %d entries, want 2 (execution, October)", n)
	}
}

// TestRandomEvents checks, over random event dates, payments and installment
// amounts, that expense + write-off equals the fee payable to the cent, that no
// balance goes negative, that each month's arithmetic holds and that every journal
// entry balances.
func TestRandomEvents(t *testing.T) {
	r := rand.New(rand.NewSource(20021001))
	base := terms.Default().Loan
	day := func(from time.Time, span int) time.Time { return from.AddDate(0, 0, r.Intn(span)) }
	for iter := 0; iter < 3000; iter++ {
		l := base
		l.Installments = append([]terms.Installment(nil), base.Installments...)
		l.ExtensionFee = decimal.Zero
		for i := range l.Installments {
			if iter%2 == 1 { // odd amounts in cents, to exercise the rounding
				l.Installments[i].Amount = decimal.New(int64(100+r.Intn(5_000_000)), -2)
			}
			l.ExtensionFee = l.ExtensionFee.Add(l.Installments[i].Amount)
		}
		var in Input
		if r.Intn(3) > 0 {
			in.Execution = day(d(2002, 9, 15), 60)
		}
		exec := in.Execution
		if exec.IsZero() {
			exec = l.AmendmentDate
		}
		if exec.After(l.InitialTermEnd) {
			continue
		}
		for n := r.Intn(4); n > 0; n-- {
			k := PurchaseOffer
			if r.Intn(2) == 0 {
				k = FinancingCommitment
			}
			in.Deliveries = append(in.Deliveries, Delivery{Kind: k, Date: day(d(2002, 9, 1), 130)})
		}
		if r.Intn(2) == 0 {
			in.FullPayment = day(exec, 110)
		}
		for n := r.Intn(6); n > 0; n-- {
			p := Payment{Date: day(d(2002, 9, 20), 120), Amount: decimal.New(int64(1+r.Intn(4_000_000)), -2)}
			if r.Intn(2) == 0 {
				p.Installment = l.Installments[r.Intn(len(l.Installments))].ID
			}
			in.Payments = append(in.Payments, p)
		}
		s, err := Compute(l, in, d(2003, 3, 31))
		if err != nil {
			t.Fatalf("iteration %d %+v: %v", iter, in, err)
		}
		if !s.TotalExpense.Add(s.WrittenOff).Equal(s.Payable) {
			t.Fatalf("iteration %d %+v: expense %s + written off %s != payable %s", iter, in, s.TotalExpense, s.WrittenOff, s.Payable)
		}
		if !s.Waived.Add(s.Payable).Equal(s.Scheduled) || !s.Scheduled.Equal(l.ExtensionFee) {
			t.Fatalf("iteration %d: waived %s + payable %s != scheduled %s", iter, s.Waived, s.Payable, s.Scheduled)
		}
		open := s.Scheduled
		for _, m := range s.Months {
			if !m.Opening.Equal(open) {
				t.Fatalf("iteration %d %s: opening %s, previous closing %s", iter, m.Start.Format("2006-01"), m.Opening, open)
			}
			if m.Closing.IsNegative() || m.WrittenOff.IsNegative() || m.Opening.IsNegative() {
				t.Fatalf("iteration %d %+v: negative balance in %+v", iter, in, m)
			}
			if !m.Opening.Sub(m.WaiverReduction).Add(m.Reversed).Sub(m.Expense).Sub(m.WrittenOff).Equal(m.Closing) {
				t.Fatalf("iteration %d: month arithmetic %+v", iter, m)
			}
			if m.Expense.IsNegative() || m.Reversed.IsNegative() {
				t.Fatalf("iteration %d: a negative expense or reversal %+v", iter, m)
			}
			if m.Expense.Exponent() < -2 || m.WrittenOff.Exponent() < -2 || m.Reversed.Exponent() < -2 {
				t.Fatalf("iteration %d: not in cents %+v", iter, m)
			}
			if m.Plain && !m.Opening.Mul(decimal.NewFromInt(int64(m.Days))).DivRound(decimal.NewFromInt(int64(m.Remaining)), 30).Round(2).Equal(m.Expense) {
				t.Fatalf("iteration %d: plain month is not ROUND(opening*days/remaining,2): %+v", iter, m)
			}
			open = m.Closing
		}
		if !open.IsZero() {
			t.Fatalf("iteration %d %+v: the balance closes at %s", iter, in, open)
		}
		dfc, payable := decimal.Zero, decimal.Zero
		for _, e := range s.Journal {
			sum := decimal.Zero
			for _, ln := range e.Lines {
				sum = sum.Add(ln.Debit).Sub(ln.Credit)
				switch ln.Account {
				case l.Accounts.DeferredFinancingCost:
					dfc = dfc.Add(ln.Debit).Sub(ln.Credit)
				case l.Accounts.ExtensionFeePayable:
					payable = payable.Add(ln.Credit).Sub(ln.Debit)
				}
			}
			if !sum.IsZero() {
				t.Fatalf("iteration %d: entry %d does not balance: %+v", iter, e.No, e)
			}
		}
		if !dfc.IsZero() || !payable.Equal(s.Payable.Sub(s.Paid).Sub(s.Unapplied)) {
			t.Fatalf("iteration %d %+v: after every entry deferred cost %s, payable %s (owed %s)", iter, in, dfc, payable, s.Payable.Sub(s.Paid))
		}
		// what is owed and the credit: the payable account is what is still owed
		// less the credit held by the Agent
		credit, owed := s.Unapplied, decimal.Zero
		for _, it := range s.Installments {
			if it.Outstanding().IsNegative() || it.Credit.IsNegative() || it.Credit.GreaterThan(it.Paid) || it.IsWaived() && !it.Credit.Equal(it.Paid) {
				t.Fatalf("iteration %d %+v: %+v", iter, in, it)
			}
			credit, owed = credit.Add(it.Credit), owed.Add(it.Outstanding())
		}
		if !credit.Equal(s.Credit) || !owed.Equal(s.Outstanding) || !payable.Equal(owed.Sub(credit)) {
			t.Fatalf("iteration %d %+v: credit %s (credits %s), owed %s (%s), payable account %s", iter, in, credit, s.Credit, owed, s.Outstanding, payable)
		}
		// no hindsight: the payments up to a date go where they went as of that
		// date, whatever was waived later
		cut := day(d(2002, 9, 25), 110)
		var early Input = in
		early.Payments = nil
		for _, p := range in.Payments {
			if !p.Date.After(cut) {
				early.Payments = append(early.Payments, p)
			}
		}
		then, err := Compute(l, early, cut)
		if err != nil {
			continue // e.g. Full Payment before the cut date's execution
		}
		later, err := Compute(l, early, d(2003, 3, 31))
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range then.Installments {
			if !it.Paid.Equal(later.Installments[i].Paid) {
				t.Fatalf("iteration %d %+v: %s had %s paid on it as of %s, %s as of later (hindsight)", iter, early, it.ID, it.Paid, iso(cut), later.Installments[i].Paid)
			}
		}
		if !then.Unapplied.Equal(later.Unapplied) {
			t.Fatalf("iteration %d: unapplied %s as of %s, %s later", iter, then.Unapplied, iso(cut), later.Unapplied)
		}
	}
}
