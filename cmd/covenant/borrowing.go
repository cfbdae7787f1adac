package main

import (
	"fmt"
	"io"

	"github.com/shopspring/decimal"
	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/borrowing"
	"github.com/covenant-reports/covenant/report/borrowingreport"
	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/report/xlsx"
	"github.com/covenant-reports/covenant/templates"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:      "borrowing",
		Usage:     "test borrowing capacity, overadvances and the Maximum Limit day by day and accrue interest (Amendment No. 10 B.1, B.2)",
		UsageText: "covenant borrowing --loan FILE|DIR [--terms FILE] [--template FILE] [--in-place] [--out FILE|DIR] [--as-of YYYY-MM-DD] [--json]",
		Description: "Reads the Borrowing sheet of the loan workbook (Date, Receivables Borrowing Base, Advances,\n" +
			"Banker's Acceptances, Letters of Guaranty, Letters of Credit, Term Loan Reserve, Term Loan\n" +
			"Balance, Prime Rate in percent). A row's balances hold until the next row's date, so every\n" +
			"calendar day from the first row to the last is tested: IEC Borrowing Capacity (85% of the\n" +
			"base), Borrowing Capacity (the lesser of the Maximum Limit and that, less BAs, LGs and LCs),\n" +
			"Availability, the Overadvance against its cap by date and the Term Loan Reserve, and the\n" +
			"advances against the Maximum Limit (B.1). Interest accrues daily at Prime plus the pricing-grid\n" +
			"margin (B.2); each month's total is rounded to the cent and booked as a journal entry; a\n" +
			"month with a balance on a day no pricing-grid period prices is marked incomplete. A day\n" +
			"over the Borrowing Capacity without a breach is a finding, listed apart from the breaches.\n" +
			"With --in-place, the columns IEC Borrowing Capacity, Borrowing Capacity, Availability,\n" +
			"Overadvance, Overadvance Cap, Compliant and Breach are written into the Borrowing sheet.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "loan", Usage: "the loan workbook `FILE` (sheet Borrowing), or a folder of CSV files (Borrowing.csv)", Required: true, TakesFile: true},
			flagPreparedBy,
			flagTerms, flagTemplate, flagOut, flagInPlace, flagForce, flagAsOf, flagJSON,
			flagPasswordFile, flagPasswordEnv, flagLedgerPasswordFile, flagLedgerPasswordEnv,
		},
		Action: func(c *cli.Context) error {
			co, err := commonFrom(c)
			if err != nil {
				return err
			}
			_, err = runBorrowing(borrowingOptions{common: co, Loan: c.String("loan"), PreparedBy: c.String("prepared-by")})
			return err
		},
	})
	demoSteps = append(demoSteps, demoStep{order: 40, name: "borrowing", output: "borrowing.xlsx", run: func(d demoInputs, o common) error {
		if d.Loan == "" {
			return nil
		}
		o.AsOf = terms.Date(2003, 1, 10)
		o.InPlace = true
		_, err := runBorrowing(borrowingOptions{common: o, Loan: d.Loan})
		return err
	}})
}

type borrowingOptions struct {
	common
	Loan       string
	PreparedBy string
}

// borrowingColumns are written into the Borrowing sheet by --in-place.
var borrowingColumns = []ledger.OutColumn{
	{Name: "IEC Borrowing Capacity", Kind: ledger.KindMoney}, {Name: "Borrowing Capacity", Kind: ledger.KindMoney},
	{Name: "Availability", Kind: ledger.KindMoney}, {Name: "Overadvance", Kind: ledger.KindMoney},
	{Name: "Overadvance Cap", Kind: ledger.KindMoney}, {Name: "Compliant", Kind: ledger.KindFlag},
	{Name: "Breach", Kind: ledger.KindText},
}

// borrowingJSON is the --json output; its field names are a published contract.
type borrowingJSON struct {
	Report    string                `json:"report"`
	FirstDate string                `json:"first_date"`
	LastDate  string                `json:"last_date"`
	Days      int                   `json:"days"`
	Breaches  []borrowingBreachJSON `json:"breaches"`
	// Findings are the days over the Borrowing Capacity without a breach
	// (rule over_borrowing_capacity; amount the advances, limit the capacity).
	Findings []borrowingBreachJSON   `json:"findings"`
	Interest []borrowingInterestJSON `json:"interest"`
	Output   string                  `json:"output"`
	// With --in-place: the loan workbook's SHA-256 as read and as written (§5).
	InputSHA256   string `json:"input_sha256,omitempty"`
	InPlaceSHA256 string `json:"in_place_sha256,omitempty"`
}

type borrowingBreachJSON struct {
	Date   string `json:"date"`
	Rule   string `json:"rule"`
	Amount string `json:"amount"`
	Limit  string `json:"limit"`
}

type borrowingInterestJSON struct {
	Month    string `json:"month"`
	Advances string `json:"advances"`
	TermLoan string `json:"term_loan"`
	Total    string `json:"total"`
	// DaysWithoutRate counts the days with a balance that no pricing-grid
	// period prices: the month's figures leave their interest out.
	DaysWithoutRate int `json:"days_without_rate"`
}

// runBorrowing builds the borrowing report (and the in-place columns); it
// returns the computation.
func runBorrowing(o borrowingOptions) (*borrowing.Report, error) {
	out, outFile := o.outputPath("borrowing.xlsx")
	rn, err := o.prepare([]string{o.Loan}, "--loan", templates.Borrowing, []ioFile{outFile})
	if err != nil {
		return nil, err
	}
	defer rn.close()
	t, tpl := rn.Terms, rn.Template
	b, err := ledger.OpenBorrowing(o.Loan, o.ledgerOptions(t)...)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	if err := rn.opened(); err != nil {
		return nil, err
	}
	r, err := borrowing.Compute(t.Loan, b.Rows)
	if err != nil {
		return nil, err
	}
	warnings := append(append([]string(nil), b.Warnings...), r.Warnings...)
	if r.Last.After(o.AsOf) {
		warnings = append(warnings, fmt.Sprintf("the Borrowing sheet runs to %s, after the as-of date %s: those days are tested and accrue interest as written", calendar.Long(r.Last), calendar.Long(o.AsOf)))
	}
	if o.InPlace {
		byRow := map[int]*borrowing.RowResult{}
		for i := range r.Rows {
			byRow[r.Rows[i].Row] = &r.Rows[i]
		}
		err = rn.writeInPlace(func(w io.Writer) error {
			return b.WriteColumns(w, borrowingColumns, func(row *ledger.BorrowingRow) []ledger.Value {
				res, ok := byRow[row.Row]
				if !ok {
					return nil
				}
				return borrowingInPlace(b, t.Loan, res, !row.TextAmounts)
			})
		})
		if err != nil {
			return nil, err
		}
	}
	if err := borrowingreport.Render(tpl, r, rn.meta("Loan workbook", o.PreparedBy)); err != nil {
		return nil, err
	}
	title := "Borrowing capacity, overadvances and interest " + calendar.Span(r.First, r.Last)
	if err := rn.save(tpl, out, fill.Options{Title: title, Subject: t.Loan.Borrower + " / " + t.Loan.Agent}); err != nil {
		return nil, err
	}
	if err := rn.commit(); err != nil {
		return nil, err
	}
	o.warn(warnings)
	if o.JSON {
		j := borrowingJSON{Report: "borrowing", FirstDate: r.First.Format("2006-01-02"), LastDate: r.Last.Format("2006-01-02"),
			Days: len(r.Days), Breaches: []borrowingBreachJSON{}, Findings: []borrowingBreachJSON{}, Interest: []borrowingInterestJSON{}, Output: out}
		j.InputSHA256, j.InPlaceSHA256 = rn.inPlaceSHA256()
		for _, br := range r.Breaches {
			j.Breaches = append(j.Breaches, borrowingBreachJSON{Date: br.Date.Format("2006-01-02"), Rule: br.Rule, Amount: br.Amount.StringFixed(2), Limit: br.Limit.StringFixed(2)})
		}
		for _, f := range r.Findings {
			j.Findings = append(j.Findings, borrowingBreachJSON{Date: f.Date.Format("2006-01-02"), Rule: f.Rule, Amount: f.Amount.StringFixed(2), Limit: f.Limit.StringFixed(2)})
		}
		for _, m := range r.Months {
			j.Interest = append(j.Interest, borrowingInterestJSON{Month: m.Start.Format("2006-01"), Advances: m.Advances.StringFixed(2), TermLoan: m.TermLoan.StringFixed(2), Total: m.Total().StringFixed(2),
				DaysWithoutRate: m.DaysWithoutRate})
		}
		if err := o.printJSON(j); err != nil {
			return nil, err
		}
	} else {
		adv, term := r.InterestTotal()
		interest := "interest " + borrowing.Dollars(adv.Add(term))
		if n := r.DaysWithoutRate(); n > 0 {
			interest = fmt.Sprintf("interest %s, incomplete: %s with a balance and no pricing-grid rate (Amendment B.2), their interest not included", borrowing.Dollars(adv.Add(term)), borrowingPlural(n, "day", "days"))
		}
		fmt.Fprintf(o.Stdout, "wrote %s: %s, %d days, %s of Amendment B.1 on %s, %s over the Borrowing Capacity without a breach (findings), %s\n",
			out, calendar.Span(r.First, r.Last), len(r.Days), borrowingPlural(len(r.Breaches), "breach", "breaches"), borrowingPlural(r.DaysInBreach(), "day", "days"),
			borrowingPlural(len(r.Findings), "day", "days"), interest)
		if o.InPlace {
			fmt.Fprintln(o.Stdout, rn.inPlaceLine(ledger.OutColumnNames(borrowingColumns), ledger.SheetBorrowing))
		}
	}
	return r, nil
}

// borrowingInPlace gives a row's in-place columns: the amounts as live formulas
// over the row's own input cells (with their values; plain values when an
// amount of the row was typed as text), the cap, Compliant and Breach as values.
func borrowingInPlace(b *ledger.Borrowing, lt terms.Loan, res *borrowing.RowResult, formulas bool) []ledger.Value {
	ref := func(col string) string {
		c, _ := b.Column(col)
		return fmt.Sprintf("%s%d", c, res.Row)
	}
	money := func(formula string, v decimal.Decimal) ledger.Value {
		if !formulas {
			formula = ""
		}
		return ledger.Value{Kind: xlsx.Number, Text: v.StringFixed(2), Formula: formula}
	}
	text := func(s string) ledger.Value {
		if s == "" {
			return ledger.Value{Kind: xlsx.Blank}
		}
		return ledger.Value{Kind: xlsx.Text, Text: s}
	}
	iec := fmt.Sprintf("ROUND(%s*%s,2)", lt.AdvanceRate.String(), ref(ledger.ColReceivablesBase))
	capacity := fmt.Sprintf("MIN(%s,%s)-%s-%s-%s", lt.MaximumLimit.String(), iec, ref(ledger.ColBankersAcceptances), ref(ledger.ColLettersOfGuaranty), ref(ledger.ColLettersOfCredit))
	compliant := "Yes"
	if !res.Compliant {
		compliant = "No"
	}
	return []ledger.Value{
		money(iec, res.IECCapacity),
		money(capacity, res.Capacity),
		money(fmt.Sprintf("%s-%s", capacity, ref(ledger.ColAdvances)), res.Availability),
		money(fmt.Sprintf("MAX(0,%s-%s)", ref(ledger.ColAdvances), iec), res.Overadvance),
		{Kind: xlsx.Number, Text: res.Cap.StringFixed(2)},
		text(compliant),
		text(res.Breach),
	}
}

// borrowingPlural writes "1 breach", "2 breaches".
func borrowingPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
