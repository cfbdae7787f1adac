package obligations

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/loanfee"
	"github.com/covenant-reports/covenant/report/terms"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func day(y int, m time.Month, d int) time.Time { return terms.Date(y, m, d) }

// TestGoldenList: every dated obligation of both agreements under the
// embedded terms, with its id, due date, clause, what and to whom, as
// testdata/obligations.golden holds them (go test -update rewrites it).
func TestGoldenList(t *testing.T) {
	r, err := Compute(Input{Terms: terms.Default(), AsOf: day(2002, 9, 30), Loan: &Loan{File: "loan.xlsx"}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, o := range r.Obligations {
		fmt.Fprintf(&b, "%s\n  due %s  %s  %s\n  title: %s\n  what:  %s\n", o.ID, iso(o.Due), o.Agreement, o.Clause, o.Title, o.What)
		if o.To != "" {
			fmt.Fprintf(&b, "  to:    %s\n", o.To)
		}
		if !o.Until.IsZero() {
			fmt.Fprintf(&b, "  until: %s\n", iso(o.Until))
		}
		if o.Warning != "" {
			fmt.Fprintf(&b, "  warning: %s\n", o.Warning)
		}
		// as of a day before both agreements, nothing is late or done
		if o.Status != Upcoming && o.Status != Due {
			t.Errorf("%s is %s before either agreement began", o.ID, o.Status)
		}
	}
	golden := filepath.Join("testdata", "obligations.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("the obligation list differs from %s (go test -update rewrites it):\n%s", golden, firstDiff(b.String(), string(want)))
	}
	// the ids are all there
	for _, id := range []string{"monthly-2003-10", "certificate-2003Q4", "minimums-2004", "fee-base-2", "purchase-offer", "texas-property",
		"texas-auction", "refinance", "cap-2002-10-14", "cap-2002-10-21", "cap-2002-10-28", "term-end", "audit-rights-end",
		"monthly-2002-12", "certificate-2002Q4", "minimum-sales-2003-03-28", "minimums-2005", "monthly-2005-12", "certificate-2005Q4"} {
		if r.ByID(id) == nil {
			t.Errorf("no obligation %s", id)
		}
	}
	if n := len(r.Obligations); n != 37+13+4+2+2+6+4+4 {
		t.Errorf("%d obligations", n)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
}

// TestStatusAroundDueDates: each kind of obligation the day before its due
// date, on it and after it, delivered on time and late, waived and moot.
func TestStatusAroundDueDates(t *testing.T) {
	deliv := func(id string, on time.Time) ledger.Delivery {
		return ledger.Delivery{File: "ledger.xlsx", Row: 5, Obligation: id, ObligationCell: "A5", On: on, To: "reports@arrow.example", Reference: "Message-ID <1@x>"}
	}
	loan := func(f loanfee.Input) *Loan {
		return &Loan{Fees: f, File: "loan.xlsx", FullPaymentWhere: "loan.xlsx, Fee Events B6", PurchaseOfferWhere: "loan.xlsx, Fee Events B5"}
	}
	// monthly-2003-10 is due Friday November 7, 2003; warning 7 days
	mo := "monthly-2003-10"
	for _, tc := range []struct {
		name       string
		id         string
		asOf       time.Time
		deliveries []ledger.Delivery
		loan       *Loan
		notices    []ledger.Notice
		status     Status
		detail     string // in Detail
		daysLate   int
	}{
		{"a week and a day before", mo, day(2003, 10, 30), nil, nil, nil, Upcoming, "due November 7, 2003", 0},
		{"within the warning days", mo, day(2003, 10, 31), nil, nil, nil, Due, "due in 7 days", 0},
		{"the day before", mo, day(2003, 11, 6), nil, nil, nil, Due, "due in 1 day", 0},
		{"on the day", mo, day(2003, 11, 7), nil, nil, nil, Due, "due today", 0},
		{"the day after", mo, day(2003, 11, 8), nil, nil, nil, Late, "no delivery recorded by November 7, 2003, the due date, 1 day before November 8, 2003", 0},
		{"delivered on time", mo, day(2003, 11, 8), []ledger.Delivery{deliv(mo, day(2003, 11, 5))}, nil, nil, Done, "delivered November 5, 2003 to reports@arrow.example (ledger.xlsx, Deliveries row 5)", 0},
		{"delivered late", mo, day(2003, 11, 20), []ledger.Delivery{deliv(mo, day(2003, 11, 10))}, nil, nil, Done, "3 days after the due date", 3},
		{"delivered after the as-of date: not known yet", mo, day(2003, 11, 8), []ledger.Delivery{deliv(mo, day(2003, 11, 10))}, nil, nil, Late, "1 day before November 8, 2003", 0},
		{"the earliest of two rows counts", mo, day(2003, 12, 1), []ledger.Delivery{deliv(mo, day(2003, 11, 12)), deliv(mo, day(2003, 11, 6))}, nil, nil, Done, "delivered November 6, 2003", 0},
		// fee-base-2: $15,000 due November 15, 2002
		{"fee the day before", "fee-base-2", day(2002, 11, 14), nil, loan(loanfee.Input{}), nil, Due, "due in 1 day", 0},
		{"fee on the day", "fee-base-2", day(2002, 11, 15), nil, loan(loanfee.Input{}), nil, Due, "due today", 0},
		{"fee the day after", "fee-base-2", day(2002, 11, 16), nil, loan(loanfee.Input{}), nil, Late, "not paid in full by November 15, 2002", 0},
		{"fee partly paid", "fee-base-2", day(2002, 11, 16), nil, loan(loanfee.Input{Payments: []loanfee.Payment{{Date: day(2002, 11, 15), Amount: decimal.NewFromInt(10000), Installment: "base-2"}}}), nil, Late, "$10,000.00 paid of $15,000.00, $5,000.00 still owed", 0},
		{"fee paid late", "fee-base-2", day(2002, 11, 30), nil, loan(loanfee.Input{Payments: []loanfee.Payment{{Date: day(2002, 11, 18), Amount: decimal.NewFromInt(15000), Installment: "base-2"}}}), nil, Done, "paid November 18, 2002, 3 days after", 3},
		// additional-2 (November 27) is waived by a Purchase Offer delivered by then (A.3)
		{"fee waived", "fee-additional-2", day(2002, 12, 1), nil, loan(loanfee.Input{Deliveries: []loanfee.Delivery{{Kind: loanfee.PurchaseOffer, Date: day(2002, 11, 20), Where: "Fee Events B5"}}}), nil, Waived, "Purchase Offer delivered November 20, 2002", 0},
		{"purchase offer delivered late", PurchaseOfferID, day(2002, 12, 1), nil, loan(loanfee.Input{Deliveries: []loanfee.Delivery{{Kind: loanfee.PurchaseOffer, Date: day(2002, 11, 20), Where: "Fee Events B5"}}}), nil, Done, "20 days after the due date October 31, 2002", 20},
		{"purchase offer moot after Full Payment", PurchaseOfferID, day(2002, 12, 1), nil, loan(loanfee.Input{FullPayment: day(2002, 10, 20)}), nil, Moot, "paid in full on October 20, 2002", 0},
		{"purchase offer moot, not delivered in time", PurchaseOfferID, day(2002, 12, 20), nil, loan(loanfee.Input{FullPayment: day(2002, 12, 10)}), nil, Moot, "no Purchase Offer is recorded as delivered by October 31, 2002", 0},
		{"purchase offer late", PurchaseOfferID, day(2002, 11, 1), nil, loan(loanfee.Input{}), nil, Late, "by October 31, 2002, the due date, 1 day before", 0},
		{"Full Payment after the as-of date is not known", PurchaseOfferID, day(2002, 11, 1), nil, loan(loanfee.Input{FullPayment: day(2002, 12, 10)}), nil, Late, "by October 31, 2002, the due date, 1 day before", 0},
		{"refinanced by Full Payment", RefinanceID, day(2003, 1, 5), nil, loan(loanfee.Input{FullPayment: day(2002, 12, 20)}), nil, Done, "repaid in full December 20, 2002", 0},
		{"texas property delivered", TexasPropertyID, day(2002, 11, 1), []ledger.Delivery{deliv(TexasPropertyID, day(2002, 10, 24))}, loan(loanfee.Input{}), nil, Done, "delivered October 24, 2002", 0},
		// a notice of default of October 15, 2003: the thirtieth day is November 14
		{"cure the day before", "cure-2003-10-15", day(2003, 11, 13), nil, nil, []ledger.Notice{notice(ledger.NoticeDefault, day(2003, 10, 15))}, Due, "due in 1 day", 0},
		{"cure the day after", "cure-2003-10-15", day(2003, 11, 15), nil, nil, []ledger.Notice{notice(ledger.NoticeDefault, day(2003, 10, 15))}, Late, "not recorded cured or waived by November 14, 2003", 0},
		{"cure waived", "cure-2003-10-15", day(2003, 11, 15), nil, nil, []ledger.Notice{notice(ledger.NoticeDefault, day(2003, 10, 15)), notice(ledger.NoticeWaiver, day(2003, 11, 1))}, Waived, "waived the shortfall in writing on November 1, 2003", 0},
		{"term end the day after", "term-end", day(2005, 12, 28), nil, nil, nil, Done, "the term ended on December 27, 2005", 0},
		{"term end on the day", "term-end", day(2005, 12, 27), nil, nil, nil, Due, "due today", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compute(Input{Terms: terms.Default(), AsOf: tc.asOf, Deliveries: tc.deliveries, Loan: tc.loan, Notices: tc.notices})
			if err != nil {
				t.Fatal(err)
			}
			o := r.ByID(tc.id)
			if o == nil {
				t.Fatalf("no %s", tc.id)
			}
			if o.Status != tc.status {
				t.Errorf("status %s, want %s (%s)", o.Status, tc.status, o.Detail)
			}
			if !strings.Contains(o.Detail, tc.detail) {
				t.Errorf("detail %q lacks %q", o.Detail, tc.detail)
			}
			if (o.Status == Done) != (o.Evidence != nil && (o.Status == Done)) {
				t.Errorf("done without evidence")
			}
			if tc.daysLate > 0 && (o.Evidence == nil || o.Evidence.DaysLate != tc.daysLate) {
				t.Errorf("evidence %+v, want %d days late", o.Evidence, tc.daysLate)
			}
		})
	}
}

// notice is an Arrow notice about the quarter ending September 26, 2003.
func notice(k ledger.NoticeKind, d time.Time) ledger.Notice {
	return ledger.Notice{Row: 3, Date: d, Kind: k, QuarterEnd: day(2003, 9, 26), DateCell: "A3", KindCell: "B3", QuarterEndCell: "C3"}
}

// TestMinimumSalesStatus: a quarter achieved is done with the figures as
// evidence; one missed is late with its shortfall; waived under §7.6.
func TestMinimumSalesStatus(t *testing.T) {
	inv := func(n string, d time.Time, amount int64) ledger.Invoice {
		return ledger.Invoice{Row: 2, Number: n, Date: d, Amount: decimal.NewFromInt(amount), Due: d.AddDate(0, 0, 30), Paid: d.AddDate(0, 0, 20)}
	}
	id := MinimumSalesID(day(2003, 3, 28))
	for _, tc := range []struct {
		name    string
		invs    []ledger.Invoice
		notices []ledger.Notice
		status  Status
		detail  string
	}{
		{"achieved", []ledger.Invoice{inv("1", day(2003, 2, 1), 1600000)}, nil, Done, "Net Sales Billed $1,600,000.00 against Required $1,500,000.00"},
		{"missed", []ledger.Invoice{inv("1", day(2003, 2, 1), 1400000)}, nil, Late, "shortfall $100,000.00"},
		{"waived", []ledger.Invoice{inv("1", day(2003, 2, 1), 1400000)}, []ledger.Notice{{Row: 2, Date: day(2003, 4, 10), Kind: ledger.NoticeWaiver, QuarterEnd: day(2003, 3, 28)}}, Waived, "waived it in writing on April 10, 2003"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compute(Input{Terms: terms.Default(), AsOf: day(2003, 5, 1), Invoices: tc.invs, Notices: tc.notices})
			if err != nil {
				t.Fatal(err)
			}
			o := r.ByID(id)
			if o.Status != tc.status || !strings.Contains(o.Detail, tc.detail) {
				t.Errorf("%s: %s", o.Status, o.Detail)
			}
		})
	}
}

// TestCaps: an overadvance cap is done when the Borrowing sheet shows every
// day of its period within it, late when a day breaks it or is missing, due
// while in force.
func TestCaps(t *testing.T) {
	row := func(n int, d time.Time, base, adv int64) ledger.BorrowingRow {
		return ledger.BorrowingRow{Row: n, Date: d, ReceivablesBase: decimal.NewFromInt(base), Advances: decimal.NewFromInt(adv),
			TermLoanReserve: decimal.NewFromInt(500000), TermLoanBalance: decimal.NewFromInt(100000), PrimeRate: decimal.NewFromFloat(4.75)}
	}
	// 85% of 1,000,000 = 850,000 of capacity; advances 1,200,000 = 350,000 over
	rows := []ledger.BorrowingRow{row(2, day(2002, 10, 1), 1000000, 1100000), row(3, day(2002, 10, 14), 1000000, 1200000), row(4, day(2002, 10, 21), 1000000, 1100000), row(5, day(2002, 10, 28), 1000000, 800000)}
	cases := []struct {
		asOf   time.Time
		id     string
		status Status
		detail string
	}{
		{day(2002, 10, 30), "cap-2002-10-14", Done, "kept every day from October 14, 2002 through October 20, 2002"},
		{day(2002, 10, 16), "cap-2002-10-14", Due, "in force through October 20, 2002; kept every day the Borrowing sheet shows, through October 14, 2002"},
		{day(2002, 10, 21), "cap-2002-10-14", Done, "kept every day"},
		{day(2002, 10, 30), "cap-2002-10-21", Done, "kept every day"},
		{day(2002, 10, 12), "cap-2002-10-14", Due, "due in 2 days"},
		{day(2002, 10, 30), "cap-2002-10-28", Due, "in force through December 31, 2002"},
		{day(2003, 1, 5), "cap-2002-10-28", Late, "shows the days through October 28, 2002 only"},
	}
	for _, tc := range cases {
		r, err := Compute(Input{Terms: terms.Default(), AsOf: tc.asOf, Loan: &Loan{File: "loan.xlsx", HasBorrowing: true, Borrowing: rows}})
		if err != nil {
			t.Fatal(err)
		}
		o := r.ByID(tc.id)
		if o.Status != tc.status || !strings.Contains(o.Detail, tc.detail) {
			t.Errorf("%s as of %s: %s: %s", tc.id, iso(tc.asOf), o.Status, o.Detail)
		}
	}
	// over the $300,000 cap from October 21 (350,000 of overadvance)
	bad := append([]ledger.BorrowingRow(nil), rows...)
	bad[2] = row(4, day(2002, 10, 21), 1000000, 1200000)
	r, err := Compute(Input{Terms: terms.Default(), AsOf: day(2002, 10, 30), Loan: &Loan{File: "loan.xlsx", HasBorrowing: true, Borrowing: bad}})
	if err != nil {
		t.Fatal(err)
	}
	if o := r.ByID("cap-2002-10-21"); o.Status != Late || !strings.Contains(o.Detail, "October 21, 2002 to October 27, 2002") {
		t.Errorf("a broken cap: %s: %s", o.Status, o.Detail)
	}
}

// TestUnknownDelivery: a Deliveries row naming no obligation is an error at
// its cell naming the nearest id; one naming an obligation no delivery shows
// says what does.
func TestUnknownDelivery(t *testing.T) {
	ds := []ledger.Delivery{
		{File: "ledger.xlsx", Row: 4, Obligation: "montly-2003-10", ObligationCell: "A4", On: day(2003, 11, 5), To: "x"},
		{File: "ledger.xlsx", Row: 5, Obligation: "fee-base-2", ObligationCell: "A5", On: day(2002, 11, 5), To: "x"},
		{File: "ledger.xlsx", Row: 6, Obligation: "purchase-offer", ObligationCell: "A6", On: day(2002, 10, 5), To: "x"},
	}
	_, err := Compute(Input{Terms: terms.Default(), AsOf: day(2003, 12, 1), Deliveries: ds})
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, w := range []string{"ledger.xlsx, sheet Deliveries, cell A4 (Obligation)", `"montly-2003-10" names no obligation`, "the nearest is monthly-2003-10",
		"cell A5 (Obligation): fee-base-2 is not shown done by a delivery", "Fee Payments"} {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%s", w, msg)
		}
	}
	if strings.Contains(msg, "A6") {
		t.Errorf("purchase-offer is an id of the Amendment even without a loan workbook:\n%s", msg)
	}
	if !ledger.IsInputError(err) {
		t.Error("not an input error (exit 2)")
	}
}

// TestHolidayWarning: a due date on a US federal holiday is kept, with the
// business day before.
func TestHolidayWarning(t *testing.T) {
	r, err := Compute(Input{Terms: terms.Default(), AsOf: day(2003, 6, 1)})
	if err != nil {
		t.Fatal(err)
	}
	o := r.ByID("monthly-2003-06")
	if !o.Due.Equal(day(2003, 7, 4)) || !o.DeliverBy.Equal(day(2003, 7, 3)) || !strings.Contains(o.Warning, "Independence Day") {
		t.Errorf("due %s, deliver by %s, %q", iso(o.Due), iso(o.DeliverBy), o.Warning)
	}
	if o := r.ByID("monthly-2003-07"); o.Warning != "" {
		t.Errorf("a business day warned: %q", o.Warning)
	}
}
