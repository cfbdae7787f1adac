package gen

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/report/borrowing"
	"github.com/covenant-reports/covenant/report/calendar"
	loanledger "github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

func loanBorrowing(t *testing.T, path string) []loanledger.BorrowingRow {
	t.Helper()
	b, err := loanledger.OpenBorrowing(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if len(b.Warnings) > 0 {
		t.Errorf("warnings reading %s: %q", path, b.Warnings)
	}
	return b.Rows
}

// TestBorrowingSheet checks the sample's story: every business day of Q4 2002
// and no other, exactly one breach of Amendment B.1 (the overadvance above the
// $400,000 cap on Tuesday Oct 15), no overadvance from Oct 28, never over the
// Borrowing Capacity from then on, the prime cut of Nov 7 2002.
func TestBorrowingSheet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loan.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Loan2002(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rows := loanBorrowing(t, path)

	var want []time.Time
	for d := terms.Date(2002, 10, 1); !d.After(terms.Date(2002, 12, 31)); d = calendar.AddDays(d, 1) {
		_, hol := calendar.FederalHoliday(d)
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday && !hol {
			want = append(want, d)
		}
	}
	var got []time.Time
	for _, r := range rows {
		got = append(got, r.Date)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("dates %v\nwant the %d business days", got, len(want))
	}

	r, err := borrowing.Compute(terms.Default().Loan, rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Breaches) != 1 || r.Breaches[0].Date != terms.Date(2002, 10, 15) || r.Breaches[0].Rule != borrowing.RuleOveradvanceCap ||
		r.Breaches[0].Amount.String() != "412345.67" {
		t.Errorf("breaches %+v, want the one of Oct 15", r.Breaches)
	}
	overadvanced := 0
	for _, d := range r.Days {
		if d.Overadvance.IsPositive() {
			overadvanced++
		}
		if !d.Date.Before(terms.Date(2002, 10, 28)) && (d.Overadvance.IsPositive() || d.Availability.IsNegative()) {
			t.Errorf("%s: overadvance %s, availability %s", d.Date.Format("2006-01-02"), d.Overadvance, d.Availability)
		}
		if d.Balances.Advances.GreaterThan(terms.Default().Loan.MaximumLimit.Sub(d.Balances.LettersOfCredit)) {
			t.Errorf("%s: advances %s near the Maximum Limit", d.Date.Format("2006-01-02"), d.Balances.Advances)
		}
		wantPrime := "4.75"
		if !d.Date.Before(terms.Date(2002, 11, 7)) {
			wantPrime = "4.25"
		}
		if d.Balances.PrimeRate.String() != wantPrime {
			t.Errorf("%s: prime %s", d.Date.Format("2006-01-02"), d.Balances.PrimeRate)
		}
	}
	if overadvanced != 27 { // Oct 1 to Oct 27
		t.Errorf("%d days with an overadvance, want 27 (October 1 to 27)", overadvanced)
	}
	var capped bool
	for _, d := range r.Days {
		capped = capped || d.IECCapacity.GreaterThan(terms.Default().Loan.MaximumLimit)
	}
	if !capped {
		t.Error("the IEC Borrowing Capacity never exceeds the Maximum Limit: the lesser-of rule is not shown")
	}

	// the committed sample has the same Borrowing sheet
	if committed := loanBorrowing(t, filepath.Join("..", "loan-2002.xlsx")); !reflect.DeepEqual(committed, rows) {
		t.Error("samples/loan-2002.xlsx's Borrowing sheet differs from the generator: run go run ./cmd/mksamples")
	}
}
