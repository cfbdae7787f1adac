package loanfeereport

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/layout"
	"github.com/covenant-reports/covenant/report/loanfee"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/templates"
)

func TestStatementAndRender(t *testing.T) {
	asOf := terms.Date(2002, 11, 20)
	s, err := loanfee.Compute(terms.Default().Loan, loanfee.Input{FullPayment: terms.Date(2002, 10, 10)}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	st := Statement(s)
	for _, want := range []string{
		"As of November 20, 2002, of the $150,000.00 Extension Fee $135,000.00 was waived and $15,000.00 is payable",
		"Late: the Base Fee, installment 1 of 4 ($15,000.00 due October 1, 2002, 50 days).",
		"Amortization expensed from October 1, 2002 through October 10, 2002: $14,677.84.",
		"Written off at Full Payment on October 10, 2002: $322.16.",
	} {
		if !strings.Contains(st, want) {
			t.Errorf("statement lacks %q:\n%s", want, st)
		}
	}
	f := render(t, s)
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Summary,Schedule,Payments,Credits,Amortization,Journal,Audit" {
		t.Errorf("sheets %v", got)
	}
	// one month, through the Full Payment; the write-off takes the residue as a formula
	if v, _ := f.GetCellValue("Amortization", "A24"); v != "Oct 2002" {
		t.Errorf("month %q", v)
	}
	if fm, _ := f.GetCellFormula("Amortization", "J24"); fm != "F24-G24+H24-I24" {
		t.Errorf("write-off formula %q", fm)
	}
	if v, _ := f.GetCellValue("Amortization", "A25"); v != "Total" {
		t.Errorf("after the one month %q, not the total under the table", v)
	}
	charts := 0
	f.Pkg.Range(func(k, _ any) bool {
		if strings.HasPrefix(k.(string), "xl/charts/chart") {
			charts++
		}
		return true
	})
	if charts != 1 {
		t.Errorf("%d charts, want the balance chart", charts)
	}
}

// The statement and the Schedule say what holds: paid late with the days, the
// credit the Agent holds and what it is for; the Credits sheet lists each credit
// and the Summary's figures are formulas over it.
func TestLateAndCredits(t *testing.T) {
	pay := func(m time.Month, day int, amount, id string) loanfee.Payment {
		return loanfee.Payment{Date: terms.Date(2002, m, day), Amount: decimal.RequireFromString(amount), Installment: id}
	}
	for _, tc := range []struct {
		name      string
		in        loanfee.Input
		asOf      time.Time
		statement []string
		absent    []string
		status    map[string]string // Schedule Status column by installment
		credits   [][]string        // Credits sheet rows: date, amount, installment, how
	}{
		{"nothing late, no credit",
			loanfee.Input{Payments: []loanfee.Payment{pay(10, 1, "15000", "base-1")}}, terms.Date(2002, 10, 15),
			[]string{"$15,000.00 has been paid against it and $135,000.00 is still owed."},
			[]string{"Late", "credit", "Agent"},
			map[string]string{"Base Fee, installment 1 of 4": "Paid", "Additional Fee, installment 1 of 2": "Open"}, nil},
		{"paid late and late",
			loanfee.Input{Payments: []loanfee.Payment{pay(10, 3, "15000", "base-1")}}, terms.Date(2002, 11, 4),
			[]string{"Late: the Additional Fee, installment 1 of 2 ($25,000.00 due October 31, 2002, 4 days).", "Paid late: the Base Fee, installment 1 of 4 (due October 1, 2002, paid in full October 3, 2002: 2 days)."},
			[]string{"credit"},
			map[string]string{"Base Fee, installment 1 of 4": "Paid late, 2 days", "Additional Fee, installment 1 of 2": "Late, 4 days", "Base Fee, installment 2 of 4": "Open"}, nil},
		{"paid before the waiver: a credit, to apply to the next installment or to refund",
			loanfee.Input{Deliveries: []loanfee.Delivery{{Kind: loanfee.FinancingCommitment, Date: terms.Date(2002, 11, 20)}},
				Payments: []loanfee.Payment{pay(10, 1, "15000", "base-1"), pay(10, 31, "25000", "additional-1"), pay(11, 1, "25000", "")}}, terms.Date(2002, 12, 20),
			[]string{"$55,000.00 has been paid against it and $70,000.00 is still owed.", "Late: the Base Fee, installment 3 of 4 ($30,000.00 due December 16, 2002, 4 days).",
				"The Agent also holds $10,000.00 paid that no installment owes (see Credits), to apply to the next installment still owed (the Base Fee, installment 3 of 4, $30,000.00 due December 16, 2002) or to refund; less that credit, $60,000.00 would be owed."},
			nil,
			map[string]string{"Additional Fee, installment 2 of 2": "Waived", "Base Fee, installment 2 of 4": "Paid", "Base Fee, installment 3 of 4": "Late, 4 days"},
			[][]string{{"2002-11-20", "$10,000.00", "Additional Fee, installment 2 of 2", "paid before the installment was waived"}}},
		{"overpaid: a credit",
			loanfee.Input{Payments: []loanfee.Payment{pay(10, 1, "55000", "base-1")}}, terms.Date(2002, 10, 15),
			[]string{"$15,000.00 has been paid against it and $135,000.00 is still owed.",
				"The Agent also holds $40,000.00 paid that no installment owes (see Credits), to apply to the next installment still owed (the Additional Fee, installment 1 of 2, $25,000.00 due October 31, 2002) or to refund; less that credit, $95,000.00 would be owed."},
			nil,
			map[string]string{"Base Fee, installment 1 of 4": "Paid"},
			[][]string{{"2002-10-01", "$40,000.00", "Base Fee, installment 1 of 4", "paid beyond what the installment owed"}}},
		{"a credit larger than what is still owed",
			loanfee.Input{Deliveries: []loanfee.Delivery{{Kind: loanfee.PurchaseOffer, Date: terms.Date(2002, 10, 15)}}, Payments: []loanfee.Payment{pay(10, 1, "140000", "")}}, terms.Date(2002, 10, 20),
			[]string{"$90,000.00 has been paid against it and $10,000.00 is still owed.",
				"The Agent also holds $50,000.00 paid that no installment owes (see Credits), to apply to the next installment still owed (the Base Fee, installment 4 of 4, $10,000.00 due December 31, 2002) or to refund; it would cover what is still owed, with $40,000.00 left to refund."},
			[]string{"would be owed"},
			map[string]string{"Additional Fee, installment 1 of 2": "Waived", "Base Fee, installment 4 of 4": "Open"},
			[][]string{{"2002-10-15", "$25,000.00", "Additional Fee, installment 1 of 2", "paid before the installment was waived"}, {"2002-10-15", "$25,000.00", "Additional Fee, installment 2 of 2", "paid before the installment was waived"}}},
		{"nothing left to apply it to: to refund",
			loanfee.Input{FullPayment: terms.Date(2002, 12, 27), Payments: []loanfee.Payment{pay(10, 1, "150000", ""), pay(12, 30, "1000", "base-4")}}, terms.Date(2003, 1, 15),
			[]string{"$110,000.00 has been paid against it and $0.00 is still owed.", "The Agent also holds $41,000.00 paid that no installment owes (see Credits), to refund: no installment is still owed."},
			[]string{"less that credit"},
			map[string]string{"Base Fee, installment 4 of 4": "Waived", "Base Fee, installment 3 of 4": "Paid"},
			[][]string{{"2002-12-27", "$40,000.00", "Base Fee, installment 4 of 4", "paid before the installment was waived"}, {"2002-12-30", "$1,000.00", "Base Fee, installment 4 of 4", "paid after the installment was waived"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := loanfee.Compute(terms.Default().Loan, tc.in, tc.asOf)
			if err != nil {
				t.Fatal(err)
			}
			st := Statement(s)
			for _, w := range tc.statement {
				if !strings.Contains(st, w) {
					t.Errorf("statement lacks %q:\n%s", w, st)
				}
			}
			for _, w := range tc.absent {
				if strings.Contains(st, w) {
					t.Errorf("statement says %q:\n%s", w, st)
				}
			}
			f := render(t, s)
			defer f.Close()
			rows, _ := f.GetRows("Schedule")
			for _, r := range rows[3:] {
				if w, ok := tc.status[r[0]]; ok && r[10] != w {
					t.Errorf("Schedule %s status %q, want %q", r[0], r[10], w)
				}
			}
			crows, _ := f.GetRows("Credits")
			var got [][]string
			for _, r := range crows[3:] {
				if len(r) > 0 && r[0] != "(none)" && r[0] != "Total" {
					got = append(got, []string{r[0], strings.TrimSpace(r[1]), r[2], r[3]})
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.credits) {
				t.Errorf("Credits rows\n got %q\nwant %q", got, tc.credits)
			}
			for _, c := range []struct{ cell, formula string }{
				{"B16", "SUM(Schedule!$H$4:$H$9)-SUM(Schedule!$I$4:$I$9)"},
				{"B17", "Summary!$B$15-Summary!$B$16"},
				{"B18", "SUM(Credits!$B$4:$B$"},
				{"B19", "Summary!$B$17-Summary!$B$18"},
			} {
				if fm, _ := f.GetCellFormula("Summary", c.cell); !strings.HasPrefix(fm, c.formula) {
					t.Errorf("Summary!%s formula %q, want %q", c.cell, fm, c.formula)
				}
			}
			if v, _ := f.GetCellValue("Summary", "B18", excelize.Options{RawCellValue: true}); v != s.Credit.StringFixed(2) && !(s.Credit.IsZero() && v == "0") {
				t.Errorf("Summary credit %s, want %s", v, s.Credit.StringFixed(2))
			}
		})
	}
}

func render(t *testing.T, s *loanfee.Schedule) *excelize.File {
	t.Helper()
	w, err := fill.Open(templates.LoanFee)
	if err != nil {
		t.Fatal(err)
	}
	if err := Render(w, s, layout.Meta{Terms: terms.Default(), AsOf: s.AsOf, TermsSource: "default", Version: "test"}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := w.Write(&b, fill.Options{Time: time.Date(2002, 11, 20, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
