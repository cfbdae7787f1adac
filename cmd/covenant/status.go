package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
	"github.com/covenant-reports/covenant/report/obligations"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/statusreport"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/templates"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:  "status",
		Usage: "write where both agreements stand: every dated obligation with its status, the Minimum Sales to date, §1.2 this month, the loan and the defaults map",
		UsageText: "covenant status --ledger FILE|DIR [--ledger FILE|DIR ...] [--loan FILE|DIR] [--terms FILE] [--template FILE]\n" +
			"                [--as-of YYYY-MM-DD] [--out FILE|DIR] [--json]",
		Description: "Lists every dated obligation of the Supplier Agreement (the monthly report and the quarterly\n" +
			"certificate of §1.2, the Minimum Sales of §1.3 and the 2004 and 2005 minimums to redefine, thirty\n" +
			"days after each notice of default, §4.1, the term's end, §2, and the audit rights a year after it,\n" +
			"§5) and, with --loan, of Amendment No. 10 (the Extension Fee installments, A.3; the Purchase Offer,\n" +
			"§10.19; the Texas property, §10.21; the refinancing, D.2; the overadvance caps, B.1), each with its\n" +
			"status as of --as-of: done (the books show it: a Deliveries row, a payment, a Fee Events row, the\n" +
			"Borrowing sheet, Arrow's invoices), due soon (within the terms' Warning Days), late, upcoming,\n" +
			"waived or no longer required. Writes status-YYYY-MM-DD.xlsx: \"Where we stand\" on one Letter\n" +
			"page, then the obligations, the Minimum Sales quarter to date (what is still needed and the amount\n" +
			"a business day that meets it), §1.2 this month, the breakdowns awaiting Arrow's answer, the loan\n" +
			"and the defaults map (§4.1). The terminal gets the five most urgent lines.\n" +
			"Give --ledger once for each location, facility or division (a workbook or a folder of CSV\n" +
			"files): their invoices, notices and Deliveries are merged, and §1.2 this month covers the PO\n" +
			"lines of all; --loan may be a folder of CSV files too (Fee Events.csv, Deliveries.csv, ...).",
		Flags: []cli.Flag{
			ledgerFlag(),
			&cli.StringFlag{Name: "loan", Usage: "the loan workbook `FILE` (Fee Events, Fee Payments, Borrowing; optional Deliveries), or a folder of CSV files, one a sheet: adds Amendment No. 10's obligations", TakesFile: true},
			&cli.StringFlag{Name: "prepared-by", Usage: "`NAME` shown as the report's preparer"},
			flagTerms, flagTemplate, flagOut, flagAsOf, flagJSON,
			flagPasswordFile, flagPasswordEnv, flagLedgerPasswordFile, flagLedgerPasswordEnv,
		},
		Action: func(c *cli.Context) error {
			co, err := commonFrom(c)
			if err != nil {
				return err
			}
			_, err = runStatus(statusOptions{common: co, Ledgers: paths(c, "ledger"), Loan: c.String("loan"), PreparedBy: c.String("prepared-by")})
			return err
		},
	})
	demoSteps = append(demoSteps, demoStep{order: 50, name: "status", output: "status-2003-09-10.xlsx", run: func(d demoInputs, o common) error {
		o.AsOf = terms.Date(2003, 9, 10)
		o.InPlace = false
		_, err := runStatus(statusOptions{common: o, Ledgers: []string{d.Ledger}, Loan: d.Loan, PreparedBy: "covenant demo"})
		return err
	}})
}

type statusOptions struct {
	common
	// Ledgers are the workbooks or CSV folders, one a location; Loan the
	// loan workbook or folder ("": none).
	Ledgers    []string
	Loan       string
	PreparedBy string
}

// statusGroups are the inputs of status and calendar: the ledgers, and the
// loan workbook when given.
func statusGroups(ledgers []string, loan string) []inputGroup {
	g := []inputGroup{{flag: "--ledger", paths: ledgers}}
	if loan != "" {
		g = append(g, inputGroup{flag: "--loan", label: "Loan workbook", paths: []string{loan}})
	}
	return g
}

// statusJSON is the --json output; its field names are a published contract.
type statusJSON struct {
	Report            string                 `json:"report"`
	AsOf              string                 `json:"as_of"`
	Obligations       []obligationJSON       `json:"obligations"`
	MinimumSales      *salesToDateJSON       `json:"minimum_sales"`
	PendingBreakdowns []pendingBreakdownJSON `json:"pending_breakdowns"`
	Defaults          []defaultJSON          `json:"defaults"`
	Output            string                 `json:"output"`
	Warnings          []string               `json:"warnings"`
}

type obligationJSON struct {
	ID        string         `json:"id"`
	Agreement string         `json:"agreement"`
	Clause    string         `json:"clause"`
	Title     string         `json:"title"`
	What      string         `json:"what"`
	To        string         `json:"to"`
	Due       string         `json:"due"`
	Status    string         `json:"status"`
	Detail    string         `json:"detail"`
	Delivered *deliveredJSON `json:"delivered"`
	// DeliverBy is the business day before a due date that is none ("" otherwise).
	DeliverBy string `json:"deliver_by,omitempty"`
	Warning   string `json:"warning,omitempty"`
}

type deliveredJSON struct {
	On        string `json:"on"`
	To        string `json:"to,omitempty"`
	Reference string `json:"reference,omitempty"`
	Source    string `json:"source"`
	DaysLate  int    `json:"days_late"`
}

type salesToDateJSON struct {
	QuarterStart     string  `json:"quarter_start"`
	QuarterEnd       string  `json:"quarter_end"`
	Required         *string `json:"required"`
	NetSalesBilled   string  `json:"net_sales_billed"`
	Pending          string  `json:"pending"`
	CreditsAvailable string  `json:"credits_available"`
	Needed           *string `json:"needed"`
	BusinessDaysLeft int     `json:"business_days_left"`
	PerBusinessDay   *string `json:"per_business_day"`
}

type pendingBreakdownJSON struct {
	PONumber string `json:"po_number"`
	POLine   *int   `json:"po_line"`
	// Location is the breakdown's own (Arrow Responses' Location column),
	// when it names one: it is about that location's PO only.
	Location  string `json:"location,omitempty"`
	Sent      string `json:"sent"`
	ReleaseAt string `json:"release_at"`
}

type defaultJSON struct {
	Date      string `json:"date"`
	Agreement string `json:"agreement"`
	Clause    string `json:"clause"`
	What      string `json:"what"`
}

// statusInputs reads the ledgers (workbooks or CSV folders, one a location:
// their invoices, notices and deliveries merged) and the loan workbook (or
// folder) into the obligations' input (the books open: the caller closes
// them); the warnings are the loan workbook's (the ledgers' are the books',
// complete once their Purchases are read).
func statusInputs(o common, ledgerPaths []string, loanPath string, t terms.Terms) (*ledger.Books, obligations.Input, []string, error) {
	in := obligations.Input{Terms: t, AsOf: o.AsOf}
	l, err := ledger.OpenBooks(ledgerPaths, o.ledgerOptions(t)...)
	if err != nil {
		return nil, in, nil, err
	}
	var warnings []string
	in.Invoices, in.Notices = l.Invoices, l.Notices
	in.Deliveries = append(in.Deliveries, l.Deliveries...)
	if loanPath != "" {
		loan, ds, w, err := statusLoan(o, loanPath, t)
		if err != nil {
			l.Close()
			return nil, in, nil, err
		}
		in.Deliveries = append(in.Deliveries, ds...)
		in.Loan = loan
		warnings = append(warnings, w...)
	}
	return l, in, warnings, nil
}

// statusLoan reads what the obligations need of the loan workbook, or folder
// of CSV files: the Extension Fee's events and payments, the Deliveries and
// the Borrowing rows, each place named with its workbook or CSV file.
func statusLoan(o common, loanPath string, t terms.Terms) (*obligations.Loan, []ledger.Delivery, []string, error) {
	var ids []string
	for _, it := range t.Loan.Installments {
		ids = append(ids, it.ID)
	}
	lf, err := ledger.ReadCheckedLoanFees(loanPath, ids, t.Loan.AmendmentDate, o.ledgerOptions(t)...)
	if err != nil {
		return nil, nil, nil, err
	}
	ds, _, err := ledger.ReadDeliveries(loanPath, o.ledgerOptions(t)...)
	if err != nil {
		return nil, nil, nil, err
	}
	folder := ledger.IsFolder(loanPath)
	// a CSV file's place names its file ("loan/Fee Events.csv, line 5"); a
	// workbook's is qualified with the workbook ("loan.xlsx, Fee Events!B5")
	place := func(where string) string {
		if folder || where == "" {
			return where
		}
		return lf.File + ", " + where
	}
	fees := loanFeeInput(lf)
	for i := range fees.Deliveries {
		fees.Deliveries[i].Where = place(fees.Deliveries[i].Where)
	}
	for i := range fees.Payments {
		fees.Payments[i].Where = place(fees.Payments[i].Where)
	}
	loan := &obligations.Loan{Fees: fees, File: lf.File, Sheet: func(name string) string {
		if folder {
			return lf.Place(name, "")
		}
		return fmt.Sprintf("%s, %s sheet", lf.File, name)
	}}
	if e, ok := lf.Event(ledger.FeeEventFullPayment); ok {
		loan.FullPaymentWhere = place(lf.Place(ledger.SheetFeeEvents, e.DateCell))
	}
	if e, ok := lf.Event(ledger.FeeEventPurchaseOffer); ok {
		loan.PurchaseOfferWhere = place(lf.Place(ledger.SheetFeeEvents, e.DateCell))
	}
	has, err := ledger.HasSheet(loanPath, ledger.SheetBorrowing, o.ledgerOptions(t)...)
	if err != nil {
		return nil, nil, nil, err
	}
	var warnings []string
	warnings = append(warnings, lf.Warnings...)
	if has {
		// a blank loan workbook's Borrowing sheet has no row yet: the caps
		// show what it does not show
		b, err := ledger.OpenBorrowing(loanPath, append(o.ledgerOptions(t), ledger.WithNoRowsYet())...)
		if err != nil {
			return nil, nil, nil, err
		}
		loan.HasBorrowing, loan.Borrowing = true, b.Rows
		warnings = append(warnings, b.Warnings...)
		b.Close()
	}
	return loan, ds, warnings, nil
}

// computeObligations runs obligations.Compute, placing a bad notice in its
// own ledger's file and cell (files names the ledgers for a notice that does
// not know its own).
func computeObligations(in obligations.Input, files string) (*obligations.Result, error) {
	r, err := obligations.Compute(in)
	if ne, ok := err.(minsales.NoticeErrors); ok {
		return nil, noticeProblemsIn(files, ne)
	}
	return r, err
}

// runStatus writes the status workbook.
func runStatus(o statusOptions) (*statusreport.Status, error) {
	out, outFile := o.outputPath(fmt.Sprintf("status-%s.xlsx", o.AsOf.Format("2006-01-02")))
	rn, err := o.prepareGroups(statusGroups(o.Ledgers, o.Loan), templates.Status, []ioFile{outFile})
	if err != nil {
		return nil, err
	}
	defer rn.close()
	t, tpl := rn.Terms, rn.Template
	s := t.Supplier
	l, in, warnings, err := statusInputs(o.common, o.Ledgers, o.Loan, t)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	if err := rn.opened(); err != nil {
		return nil, err
	}
	r, err := computeObligations(in, l.Files())
	if err != nil {
		return nil, err
	}

	// §1.2 this month: the PO lines of every location of the as-of date's
	// month dated by it.
	term := s
	term.TermEnd = r.Sales.TermEnd
	cl := spend.NewClassifier(term, l.LineCard, l.Breakdowns, knownInvoices(l.Invoices, o.AsOf))
	month := spend.NewPeriod(calendar.MonthStart(o.AsOf), calendar.MonthEnd(o.AsOf), "the status report")
	month.AsOf = o.AsOf
	var exceptions []spend.Line
	var locs locations
	if err := l.Purchases(func(line *ledger.POLine) {
		locs.see(line.Location)
		if !month.In(line) {
			return
		}
		if x := month.Add(line, cl.Classify(line)); x != nil && x.Class == spend.Exception {
			exceptions = append(exceptions, *x)
		}
	}); err != nil {
		return nil, err
	}
	month.Done()
	// the ledgers' remarks (rows skipped, an invoice in two of them) first,
	// as read to the end of Purchases
	warnings = append(append([]string(nil), l.Warnings...), warnings...)

	st := &statusreport.Status{
		AsOf: o.AsOf, Result: r, Defaults: r.Defaults(in),
		ToDate: obligations.SalesToDate(r.Sales, s.CarryForwardQuarters, minsales.Quarters(s)),
		Month:  month, Exceptions: exceptions,
		Awaiting: spend.PendingOn(s, l.Breakdowns, o.AsOf),
		Hours:    s.BreakdownResponseHours,
		HasLoan:  in.Loan != nil,
	}
	if in.Loan != nil {
		st.LoanFile = in.Loan.File
	}
	for _, a := range st.Awaiting {
		st.AwaitingLedger = append(st.AwaitingLedger, l.Ledgers[l.BreakdownLedger[a.Index]].File)
	}
	warnings = append(warnings, locs.warnings(tpl, statusreport.LocationColumns)...)
	if w := unknownWarning(o.AsOf, r.Sales.Unknown); w != "" {
		warnings = append(warnings, strings.Replace(w, "the certificate counts", "the status report counts", 1))
	}
	warnings = append(warnings, r.Warnings...)
	warnings = append(warnings, month.Warnings...)
	st.Warnings = warnings

	meta := rn.meta("Ledger", o.PreparedBy)
	if err := statusreport.Render(tpl, st, meta); err != nil {
		return nil, err
	}
	title := "Where we stand on " + calendar.Long(o.AsOf)
	if err := rn.save(tpl, out, fill.Options{Title: title, Subject: s.Customer + " / " + s.Distributor}); err != nil {
		return nil, err
	}
	if err := rn.commit(); err != nil {
		return nil, err
	}
	o.warn(warnings)
	if o.JSON {
		return st, o.printJSON(statusToJSON(st, out, warnings))
	}
	fmt.Fprintf(o.Stdout, "wrote %s: %s\n", out, statusSummary(r))
	for _, u := range r.Urgent(5) {
		fmt.Fprintln(o.Stdout, "  "+urgentLine(u))
	}
	return st, nil
}

// statusSummary counts the obligations by status.
func statusSummary(r *obligations.Result) string {
	var parts []string
	for _, s := range obligations.Statuses {
		if n := r.Count(s); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(s.Words())))
		}
	}
	return fmt.Sprintf("%d obligations as of %s: %s", len(r.Obligations), calendar.Long(r.AsOf), strings.Join(parts, ", "))
}

// urgentLine is one of the terminal's most urgent lines, in words.
func urgentLine(o obligations.Obligation) string {
	line := fmt.Sprintf("%s, due %s: %s (%s)", strings.ToUpper(o.Status.Words()), calendar.LongWeekday(o.Due), o.Title, o.Clause)
	if o.ToShort != "" {
		line += ", to " + o.ToShort
	}
	if o.Status == obligations.Late {
		line += ": " + o.Detail
	}
	if o.Warning != "" && o.Status != obligations.Late {
		line += "; deliver by " + calendar.LongWeekday(o.DeliverBy) + ", the business day before"
	}
	return line
}

func statusToJSON(st *statusreport.Status, out string, warnings []string) statusJSON {
	r := st.Result
	j := statusJSON{Report: "status", AsOf: st.AsOf.Format("2006-01-02"), Output: out, Warnings: nonNil(warnings),
		Obligations: []obligationJSON{}, PendingBreakdowns: []pendingBreakdownJSON{}, Defaults: []defaultJSON{}}
	for _, o := range r.Obligations {
		e := obligationJSON{ID: o.ID, Agreement: o.Agreement, Clause: o.Clause, Title: o.Title, What: o.What, To: o.To,
			Due: o.Due.Format("2006-01-02"), Status: string(o.Status), Detail: o.Detail, Warning: o.Warning}
		if !o.DeliverBy.IsZero() {
			e.DeliverBy = o.DeliverBy.Format("2006-01-02")
		}
		if o.Evidence != nil && o.Status == obligations.Done {
			e.Delivered = &deliveredJSON{On: o.Evidence.On.Format("2006-01-02"), To: o.Evidence.To, Reference: o.Evidence.Reference, Source: o.Evidence.Source, DaysLate: o.Evidence.DaysLate}
		}
		j.Obligations = append(j.Obligations, e)
	}
	if td := st.ToDate; td != nil {
		m := &salesToDateJSON{QuarterStart: td.Quarter.Start.Format("2006-01-02"), QuarterEnd: td.Quarter.End.Format("2006-01-02"),
			NetSalesBilled: td.NetSalesBilled.StringFixed(2), Pending: td.Pending.StringFixed(2), CreditsAvailable: td.CreditsAvailable.StringFixed(2),
			BusinessDaysLeft: td.BusinessDaysLeft}
		if td.Required != nil {
			req, need := td.Required.StringFixed(2), td.Needed.StringFixed(2)
			m.Required, m.Needed = &req, &need
		}
		if td.PerBusinessDay != nil {
			p := td.PerBusinessDay.StringFixed(2)
			m.PerBusinessDay = &p
		}
		j.MinimumSales = m
	}
	for _, a := range st.Awaiting {
		e := pendingBreakdownJSON{PONumber: a.PONumber, Location: a.Location, Sent: a.Sent.Format("2006-01-02T15:04"), ReleaseAt: a.ReleaseAt.Format("2006-01-02T15:04")}
		if a.POLine > 0 {
			n := a.POLine
			e.POLine = &n
		}
		j.PendingBreakdowns = append(j.PendingBreakdowns, e)
	}
	for _, d := range st.Defaults {
		j.Defaults = append(j.Defaults, defaultJSON{Date: d.Date.Format("2006-01-02"), Agreement: d.Agreement, Clause: d.Clause, What: d.What})
	}
	return j
}
