package loanfee

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/report/terms"
)

// An installment paid in full after its due date is paid_late, with the days
// from its due date to the day the last of it was paid (Amendment A.3 names the
// dates the installments are payable on).
func TestPaidLate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       Input
		asOf     time.Time
		id       string
		status   Status
		daysLate int
		paidOn   string
	}{
		{"paid on its due date", Input{Payments: []Payment{{Date: d(2002, 11, 15), Amount: money("15000"), Installment: "base-2"}}},
			asOf, "base-2", Paid, 0, "2002-11-15"},
		{"paid before its due date", Input{Payments: []Payment{{Date: d(2002, 11, 1), Amount: money("15000"), Installment: "base-2"}}},
			asOf, "base-2", Paid, 0, "2002-11-01"},
		{"paid the day after", Input{Payments: []Payment{{Date: d(2002, 11, 16), Amount: money("15000"), Installment: "base-2"}}},
			asOf, "base-2", PaidLate, 1, "2002-11-16"},
		{"part on time, the rest late: late from the day it was paid in full",
			Input{Payments: []Payment{{Date: d(2002, 11, 15), Amount: money("10000"), Installment: "base-2"}, {Date: d(2002, 11, 25), Amount: money("5000"), Installment: "base-2"}}},
			asOf, "base-2", PaidLate, 10, "2002-11-25"},
		{"paid late by a payment naming no installment",
			Input{Payments: []Payment{{Date: d(2002, 10, 3), Amount: money("15000")}}},
			asOf, "base-1", PaidLate, 2, "2002-10-03"},
		{"paid late and beyond it: still paid late", Input{Payments: []Payment{{Date: d(2002, 12, 18), Amount: money("31000"), Installment: "base-3"}}},
			asOf, "base-3", PaidLate, 2, "2002-12-18"},
		{"on time on a later execution date", Input{Execution: d(2002, 10, 4), Payments: []Payment{{Date: d(2002, 10, 4), Amount: money("15000"), Installment: "base-1"}}},
			asOf, "base-1", Paid, 0, "2002-10-04"},
		{"part paid and overdue: late, days counted to the as-of date",
			Input{Payments: []Payment{{Date: d(2002, 12, 16), Amount: money("29999.99"), Installment: "base-3"}}},
			d(2002, 12, 20), "base-3", Late, 4, ""},
		{"paid late after the as-of date: late as of then",
			Input{Payments: []Payment{{Date: d(2002, 12, 21), Amount: money("30000"), Installment: "base-3"}}},
			d(2002, 12, 20), "base-3", Late, 4, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Compute(terms.Default().Loan, tc.in, tc.asOf)
			if err != nil {
				t.Fatal(err)
			}
			it := installment(t, s, tc.id)
			paidOn := ""
			if !it.PaidOn.IsZero() {
				paidOn = iso(it.PaidOn)
			}
			if it.Status != tc.status || it.DaysLate(tc.asOf) != tc.daysLate || paidOn != tc.paidOn {
				t.Errorf("%s: %s, %d days late, paid in full %q; want %s, %d, %q", tc.id, it.Status, it.DaysLate(tc.asOf), paidOn, tc.status, tc.daysLate, tc.paidOn)
			}
		})
	}
}

func installment(t *testing.T, s *Schedule, id string) *Installment {
	t.Helper()
	for i := range s.Installments {
		if s.Installments[i].ID == id {
			return &s.Installments[i]
		}
	}
	t.Fatalf("no installment %s", id)
	return nil
}

// Payments are applied in date order, each as of its own date, to the
// installments open that day, oldest due first; a waiver later turns what was
// paid on an installment into a credit, never moved to another installment.
func TestPaymentsInDateOrder(t *testing.T) {
	commitment := func(m time.Month, day int) []Delivery {
		return []Delivery{{Kind: FinancingCommitment, Date: d(2002, m, day)}}
	}
	pay := func(m time.Month, day int, amount, id string) Payment {
		return Payment{Date: d(2002, m, day), Amount: money(amount), Installment: id, Where: fmt.Sprintf("Fee Payments row %d", day)}
	}
	// the first two installments paid on time
	onTime := []Payment{pay(10, 1, "15000", "base-1"), pay(10, 31, "25000", "additional-1")}
	for _, tc := range []struct {
		name string
		in   Input
		asOf time.Time
		// "id paid credit status" for the installments that differ from unpaid
		installments []string
		credits      []string // "date kind installment amount"
		outstanding  string
		use          string // CreditUse contains
	}{
		{"a payment before the waiver goes to the installments open that day; the waiver makes a credit of it",
			Input{Deliveries: commitment(11, 20), Payments: append(onTime, pay(11, 1, "25000", ""))}, d(2002, 12, 20),
			[]string{"base-1 15000.00 0.00 paid", "additional-1 25000.00 0.00 paid", "base-2 15000.00 0.00 paid",
				"additional-2 10000.00 10000.00 waived", "base-3 0.00 0.00 late", "base-4 0.00 0.00 open"},
			[]string{"2002-11-20 waived additional-2 10000.00"}, "70000.00",
			"to apply to the next installment still owed (the Base Fee, installment 3 of 4, $30,000.00 due December 16, 2002) or to refund"},
		{"a payment after the waiver passes over the waived installment",
			Input{Deliveries: commitment(11, 20), Payments: append(onTime, pay(11, 21, "25000", ""))}, d(2002, 12, 20),
			[]string{"base-1 15000.00 0.00 paid", "additional-1 25000.00 0.00 paid", "base-2 15000.00 0.00 paid_late",
				"additional-2 0.00 0.00 waived", "base-3 10000.00 0.00 late", "base-4 0.00 0.00 open"},
			nil, "60000.00", ""},
		{"a payment on the waiver's day: the waiver comes first",
			Input{Deliveries: commitment(11, 20), Payments: append(onTime, pay(11, 20, "25000", ""))}, d(2002, 12, 20),
			[]string{"base-1 15000.00 0.00 paid", "additional-1 25000.00 0.00 paid", "base-2 15000.00 0.00 paid_late",
				"additional-2 0.00 0.00 waived", "base-3 10000.00 0.00 late", "base-4 0.00 0.00 open"},
			nil, "60000.00", ""},
		{"a payment naming an installment already waived is a credit from its own date",
			Input{Deliveries: commitment(11, 20), Payments: append(onTime, pay(11, 15, "15000", "base-2"), pay(11, 25, "25000", "additional-2"))}, d(2002, 11, 30),
			[]string{"base-1 15000.00 0.00 paid", "additional-1 25000.00 0.00 paid", "base-2 15000.00 0.00 paid",
				"additional-2 25000.00 25000.00 waived", "base-3 0.00 0.00 open", "base-4 0.00 0.00 open"},
			[]string{"2002-11-25 waived additional-2 25000.00"}, "70000.00", "(the Base Fee, installment 3 of 4, $30,000.00 due December 16, 2002)"},
		{"a payment naming an installment, beyond what it owes: the excess is a credit",
			Input{Payments: []Payment{pay(10, 1, "20000", "base-1")}}, d(2002, 10, 15),
			[]string{"base-1 20000.00 5000.00 paid", "additional-1 0.00 0.00 open"},
			[]string{"2002-10-01 overpaid base-1 5000.00"}, "135000.00", "(the Additional Fee, installment 1 of 2, $25,000.00 due October 31, 2002)"},
		{"a prepayment spread over every installment open that day; a later delivery makes credits of both Additional Fee installments",
			Input{Deliveries: commitment(10, 15), Payments: []Payment{pay(10, 1, "115000", "")}}, d(2002, 10, 15),
			[]string{"base-1 15000.00 0.00 paid", "additional-1 25000.00 25000.00 waived", "base-2 15000.00 0.00 paid",
				"additional-2 25000.00 25000.00 waived", "base-3 30000.00 0.00 paid", "base-4 5000.00 0.00 open"},
			[]string{"2002-10-15 waived additional-1 25000.00", "2002-10-15 waived additional-2 25000.00"}, "35000.00", "(the Base Fee, installment 4 of 4, $35,000.00 due December 31, 2002)"},
		{"prepaid in full, then Full Payment waives base-4: a credit to refund",
			Input{FullPayment: d(2002, 12, 27), Payments: []Payment{pay(10, 1, "160000", "")}}, d(2003, 1, 15),
			[]string{"base-1 15000.00 0.00 paid", "additional-1 25000.00 0.00 paid", "base-2 15000.00 0.00 paid",
				"additional-2 25000.00 0.00 paid", "base-3 30000.00 0.00 paid", "base-4 40000.00 40000.00 waived"},
			[]string{"2002-10-01 unapplied  10000.00", "2002-12-27 waived base-4 40000.00"}, "0.00", "to refund: no installment is still owed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Compute(terms.Default().Loan, tc.in, tc.asOf)
			if err != nil {
				t.Fatal(err)
			}
			byID := map[string]string{}
			for _, it := range s.Installments {
				byID[it.ID] = fmt.Sprintf("%s %s %s %s", it.ID, it.Paid.StringFixed(2), it.Credit.StringFixed(2), it.Status)
			}
			for _, want := range tc.installments {
				id, _, _ := strings.Cut(want, " ")
				if byID[id] != want {
					t.Errorf("got  %s\nwant %s", byID[id], want)
				}
			}
			var credits []string
			total := s.Unapplied
			for _, c := range s.Credits {
				credits = append(credits, fmt.Sprintf("%s %s %s %s", iso(c.Date), c.Kind, c.Installment, c.Amount.StringFixed(2)))
				if c.Basis == "" {
					t.Errorf("credit %+v has no basis", c)
				}
			}
			for _, it := range s.Installments {
				total = total.Add(it.Credit)
			}
			if !slices.Equal(credits, tc.credits) {
				t.Errorf("credits\n got %q\nwant %q", credits, tc.credits)
			}
			if !total.Equal(s.Credit) {
				t.Errorf("credit %s, but the installments' credits and the unapplied add up to %s", s.Credit, total)
			}
			if got := s.Outstanding.StringFixed(2); got != tc.outstanding {
				t.Errorf("outstanding %s, want %s", got, tc.outstanding)
			}
			if use := s.CreditUse(); tc.use == "" && use != "" || !strings.Contains(use, tc.use) {
				t.Errorf("credit use %q, want %q", use, tc.use)
			}
			notes := strings.Join(s.Notes, "\n")
			for _, c := range s.Credits {
				if !strings.Contains(notes, "Credit of "+dollars(c.Amount)) {
					t.Errorf("no note for the credit %+v:\n%s", c, notes)
				}
			}
		})
	}
}

// The credit from a waiver is said in the waiver's journal entry, and the
// payment's entry names the installments it went to on its date.
func TestCreditInJournal(t *testing.T) {
	s, err := Compute(terms.Default().Loan, Input{
		Deliveries: []Delivery{{Kind: PurchaseOffer, Date: d(2002, 11, 20)}},
		Payments:   []Payment{{Date: d(2002, 11, 1), Amount: money("40000"), Where: "Fee Payments row 4"}},
	}, d(2002, 11, 30))
	if err != nil {
		t.Fatal(err)
	}
	var memos []string
	for _, e := range s.Journal {
		memos = append(memos, iso(e.Date)+" "+e.Memo)
	}
	all := strings.Join(memos, "\n")
	for _, want := range []string{
		"2002-11-01 Extension Fee paid (Fee Payments row 4), applied to the installments open on November 1, 2002, oldest due first: $15,000.00 to the Base Fee, installment 1 of 4, $25,000.00 to the Additional Fee, installment 1 of 2",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("journal lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "credit") {
		t.Errorf("a credit with no installment paid before the waiver:\n%s", all)
	}
	// paid on additional-2 before the waiver
	s, _ = Compute(terms.Default().Loan, Input{
		Deliveries: []Delivery{{Kind: PurchaseOffer, Date: d(2002, 11, 20)}},
		Payments:   []Payment{{Date: d(2002, 11, 1), Amount: money("25000"), Installment: "additional-2"}},
	}, d(2002, 11, 30))
	memos = nil
	for _, e := range s.Journal {
		memos = append(memos, iso(e.Date)+" "+e.Memo)
	}
	if all := strings.Join(memos, "\n"); !strings.Contains(all, "2002-11-20 Waived the Additional Fee, installment 2 of 2: Purchase Offer delivered November 20, 2002") ||
		!strings.Contains(all, "the $25,000.00 paid on the Additional Fee, installment 2 of 2 is now a credit with the Agent") {
		t.Errorf("the waiver's entry does not say the credit:\n%s", all)
	}
}

// iso writes a date as the tests compare it (the package writes sentences
// with calendar.Long).
func iso(t time.Time) string { return t.Format("2006-01-02") }
