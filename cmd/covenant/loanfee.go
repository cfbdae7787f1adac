package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/loanfee"
	"github.com/covenant-reports/covenant/report/loanfeereport"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/templates"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:      "loanfee",
		Usage:     "write the Extension Fee schedule, waivers, amortization and journal entries (Amendment No. 10, A.3)",
		UsageText: "covenant loanfee --loan FILE|DIR [--terms FILE] [--template FILE] [--out FILE|DIR] [--as-of YYYY-MM-DD] [--json]",
		Description: "Reads the Fee Events sheet (Event, Date: Execution, Purchase Offer Delivered, Financing\n" +
			"Commitment Delivered, Full Payment) and the Fee Payments sheet (Date, Amount, Installment) of\n" +
			"your loan workbook; either may be empty or missing. A Purchase Offer or Financing Commitment\n" +
			"delivered no later than the deadline waives the Additional Fee installments due on or after\n" +
			"its date; Full Payment before the end of the Initial Term waives everything due after it\n" +
			"(A.3). Payments are applied in date order, each as of its own date, to the installment\n" +
			"named, else to the installments open that day, oldest due first; what a waiver leaves paid\n" +
			"on its installment is a credit with the Agent, to apply or to refund. The fee is earned and booked on execution and amortized by actual days through the\n" +
			"end of the Initial Term (B.3); Full Payment writes off what is left. The report shows each\n" +
			"installment (waived, paid, paid late, open or late as of --as-of), the credits, the amortization\n" +
			"by month with a chart, the journal entries and an audit sheet.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "loan", Usage: "the loan workbook `FILE` (sheets Fee Events, Fee Payments), or a folder of CSV files (Fee Events.csv, Fee Payments.csv)", Required: true, TakesFile: true},
			flagPreparedBy,
			flagTerms, flagTemplate, flagOut, flagAsOf, flagJSON,
			flagPasswordFile, flagPasswordEnv, flagLedgerPasswordFile, flagLedgerPasswordEnv,
		},
		Action: func(c *cli.Context) error {
			co, err := commonFrom(c)
			if err != nil {
				return err
			}
			_, err = runLoanFee(loanFeeOptions{common: co, Loan: c.String("loan"), PreparedBy: c.String("prepared-by")})
			return err
		},
	})
	demoSteps = append(demoSteps, demoStep{order: 30, name: "loanfee", output: "loanfee.xlsx", run: func(d demoInputs, o common) error {
		if d.Loan == "" {
			return nil
		}
		o.AsOf = terms.Date(2003, 1, 15)
		_, err := runLoanFee(loanFeeOptions{common: o, Loan: d.Loan})
		return err
	}})
}

type loanFeeOptions struct {
	common
	Loan       string
	PreparedBy string
}

// loanFeeJSON is the --json output; its field names are a published contract.
type loanFeeJSON struct {
	Report        string            `json:"report"`
	ExecutionDate string            `json:"execution_date"`
	TermEnd       string            `json:"term_end"`
	Installments  []installmentJSON `json:"installments"`
	Scheduled     string            `json:"scheduled"`
	Waived        string            `json:"waived"`
	Payable       string            `json:"payable"`
	// StillOwed is what is owed on the installments; Credit what the Agent holds
	// that no installment owes, Credits each credit as it arose (issue 13).
	StillOwed    string           `json:"still_owed"`
	Credit       string           `json:"credit"`
	Credits      []creditJSON     `json:"credits"`
	Amortization []amortMonthJSON `json:"amortization"`
	TotalExpense string           `json:"total_expense"`
	// ExpenseReversed is the amortization expensed before a waiver that took
	// more than the balance left, reversed (issue 15); TotalExpense is net of it.
	ExpenseReversed string `json:"expense_reversed"`
	WrittenOff      string `json:"written_off"`
	Output          string `json:"output"`
}

type installmentJSON struct {
	ID      string `json:"id"`
	Fee     string `json:"fee"`
	DueDate string `json:"due_date"`
	Amount  string `json:"amount"`
	Waived  bool   `json:"waived"`
	Waiver  string `json:"waiver"`
	Payable string `json:"payable"`
	Paid    string `json:"paid"`
	// Credit is the part of Paid that became a credit with the Agent.
	Credit string `json:"credit"`
	Status string `json:"status"`
	// PaidOn is the date it was paid in full ("" when not); DaysLate the days
	// it was paid late, or is late as of --as-of.
	PaidOn   string `json:"paid_on"`
	DaysLate int    `json:"days_late"`
}

type creditJSON struct {
	Date        string `json:"date"`
	Amount      string `json:"amount"`
	Installment string `json:"installment"`
	Kind        string `json:"kind"`
	Basis       string `json:"basis"`
}

type amortMonthJSON struct {
	Month           string `json:"month"`
	Days            int    `json:"days"`
	Opening         string `json:"opening"`
	WaiverReduction string `json:"waiver_reduction"`
	// Expense is the month's amortization; ExpenseReversed the expense of
	// earlier days a waiver reversed in it (the month's net charge is the
	// difference): never a negative expense (issue 15).
	Expense         string `json:"expense"`
	ExpenseReversed string `json:"expense_reversed"`
	WrittenOff      string `json:"written_off"`
	Closing         string `json:"closing"`
}

// runLoanFee builds the Extension Fee report; it returns the schedule as computed.
func runLoanFee(o loanFeeOptions) (*loanfee.Schedule, error) {
	out, outFile := o.outputPath("loanfee.xlsx")
	rn, err := o.prepare([]string{o.Loan}, "--loan", templates.LoanFee, []ioFile{outFile})
	if err != nil {
		return nil, err
	}
	defer rn.close()
	t, tpl := rn.Terms, rn.Template
	var ids []string
	for _, in := range t.Loan.Installments {
		ids = append(ids, in.ID)
	}
	lf, err := ledger.ReadCheckedLoanFees(o.Loan, ids, t.Loan.AmendmentDate, o.ledgerOptions(t)...)
	if err != nil {
		return nil, err
	}
	if err := rn.opened(); err != nil {
		return nil, err
	}
	in := loanFeeInput(lf)
	s, err := loanfee.Compute(t.Loan, in, o.AsOf)
	if err != nil {
		// what Check does not catch, e.g. an execution date after the Initial Term
		cell, column := "", ""
		if ev, ok := lf.Event(ledger.FeeEventExecution); ok {
			cell, column = ev.DateCell, "Date"
		}
		e := lf.Problem(ledger.SheetFeeEvents, cell, column, err)
		return nil, e
	}
	// the workbook's own remarks (rows skipped as totals or notes) come first
	s.Warnings = append(append([]string(nil), lf.Warnings...), s.Warnings...)
	if err := loanfeereport.Render(tpl, s, rn.meta("Loan workbook", o.PreparedBy)); err != nil {
		return nil, err
	}
	if err := rn.save(tpl, out, fill.Options{Title: "Loan Extension Fee", Subject: t.Loan.Borrower + " / " + t.Loan.Agent}); err != nil {
		return nil, err
	}
	if err := rn.commit(); err != nil {
		return nil, err
	}
	o.warn(s.Warnings)
	if o.JSON {
		j := loanFeeJSON{
			Report: "loanfee", ExecutionDate: s.Execution.Format("2006-01-02"), TermEnd: s.TermEnd.Format("2006-01-02"),
			Installments: []installmentJSON{}, Amortization: []amortMonthJSON{}, Credits: []creditJSON{},
			Scheduled: s.Scheduled.StringFixed(2), Waived: s.Waived.StringFixed(2), Payable: s.Payable.StringFixed(2),
			StillOwed: s.Outstanding.StringFixed(2), Credit: s.Credit.StringFixed(2),
			TotalExpense: s.TotalExpense.StringFixed(2), ExpenseReversed: s.Reversed.StringFixed(2), WrittenOff: s.WrittenOff.StringFixed(2), Output: out,
		}
		for _, it := range s.Installments {
			paidOn := ""
			if !it.PaidOn.IsZero() {
				paidOn = it.PaidOn.Format("2006-01-02")
			}
			j.Installments = append(j.Installments, installmentJSON{
				ID: it.ID, Fee: it.Fee, DueDate: it.Due.Format("2006-01-02"), Amount: it.Amount.StringFixed(2),
				Waived: it.IsWaived(), Waiver: it.Basis, Payable: it.Payable.StringFixed(2), Paid: it.Paid.StringFixed(2),
				Credit: it.Credit.StringFixed(2), Status: string(it.Status), PaidOn: paidOn, DaysLate: it.DaysLate(s.AsOf),
			})
		}
		for _, c := range s.Credits {
			j.Credits = append(j.Credits, creditJSON{Date: c.Date.Format("2006-01-02"), Amount: c.Amount.StringFixed(2), Installment: c.Installment, Kind: c.Kind, Basis: c.Basis})
		}
		for _, m := range s.Months {
			j.Amortization = append(j.Amortization, amortMonthJSON{
				Month: m.Start.Format("2006-01"), Days: m.Days, Opening: m.Opening.StringFixed(2), WaiverReduction: m.WaiverReduction.StringFixed(2),
				Expense: m.Expense.StringFixed(2), ExpenseReversed: m.Reversed.StringFixed(2), WrittenOff: m.WrittenOff.StringFixed(2), Closing: m.Closing.StringFixed(2),
			})
		}
		if err := o.printJSON(j); err != nil {
			return nil, err
		}
	} else {
		credit := ""
		if s.Credit.IsPositive() {
			credit = fmt.Sprintf("; %s held by the Agent as a credit (%s)", fill.Dollars(s.Credit), s.CreditUse())
		}
		reversed := ""
		if s.Reversed.IsPositive() {
			reversed = fmt.Sprintf(" (net of %s reversed)", fill.Dollars(s.Reversed))
		}
		fmt.Fprintf(o.Stdout, "wrote %s: %s payable of %s scheduled (%s waived), %s paid, %s still owed%s; %s expensed%s, %s written off\n",
			out, fill.Dollars(s.Payable), fill.Dollars(s.Scheduled), fill.Dollars(s.Waived), fill.Dollars(s.Payable.Sub(s.Outstanding)),
			fill.Dollars(s.Outstanding), credit, fill.Dollars(s.TotalExpense), reversed, fill.Dollars(s.WrittenOff))
	}
	return s, nil
}

// loanFeeInput turns the workbook's records into the events of Amendment A.3.
func loanFeeInput(lf *ledger.LoanFees) loanfee.Input {
	var in loanfee.Input
	for _, e := range lf.Events {
		where := lf.Place(ledger.SheetFeeEvents, e.DateCell)
		switch e.Event {
		case ledger.FeeEventExecution:
			in.Execution = e.Date
		case ledger.FeeEventFullPayment:
			in.FullPayment = e.Date
		case ledger.FeeEventPurchaseOffer:
			in.Deliveries = append(in.Deliveries, loanfee.Delivery{Kind: loanfee.PurchaseOffer, Date: e.Date, Where: where})
		case ledger.FeeEventFinancingCommitment:
			in.Deliveries = append(in.Deliveries, loanfee.Delivery{Kind: loanfee.FinancingCommitment, Date: e.Date, Where: where})
		}
	}
	for _, p := range lf.Payments {
		in.Payments = append(in.Payments, loanfee.Payment{Date: p.Date, Amount: p.Amount, Installment: p.Installment,
			Where: lf.RowPlace(ledger.SheetFeePayments, p.Row)})
	}
	return in
}
