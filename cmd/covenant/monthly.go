package main

import (
	"fmt"
	"io"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/monthly"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/xlsx"
	"github.com/covenant-reports/covenant/templates"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:  "monthly",
		Usage: "write the monthly material-spend report due to Arrow by the first Friday after month end (§1.2)",
		UsageText: "covenant monthly --ledger FILE|DIR [--ledger FILE|DIR ...] --month YYYY-MM [--out FILE|DIR] [--in-place]\n" +
			"                 [--as-of YYYY-MM-DD] [--json]\n" +
			"                 [--password-file FILE] [--email-to ADDR[,ADDR]] (with the options of covenant send)",
		Description: "Reads the Purchases sheet of your ledger and classifies every PO line dated in the month:\n" +
			"not franchised (out of scope, or dated outside the term, §2), bought from Arrow, customer\n" +
			"directed, credit limit (§1.5), released by Arrow (approved, or no answer within 24 hours,\n" +
			"before the PO was committed), an exception to §1.2, or a return (a negative quantity).\n" +
			"A line dated after --as-of is not known yet and left out; a month ending after it is a draft.\n" +
			"The report lists every franchised-part transaction with its component cost, quantity,\n" +
			"PO date and confirmed delivery date, totals by classification, and the exceptions.\n" +
			"With --in-place, the columns Franchised, Classification, Compliant, Reason and\n" +
			"Reported In are written into your Purchases sheet too; nothing else in it changes.\n" +
			"Reported In is written only on the lines the report lists; other lines keep theirs.\n" +
			"The ledger may be a folder of CSV files, one a sheet (Purchases.csv, Franchise.csv, ...);\n" +
			"give --ledger once for each location, facility or division: their lines are reported\n" +
			"together, each with its Location, and their line cards, logs and invoices merged (§1.3).",
		Flags: append([]cli.Flag{
			ledgerFlag(),
			&cli.StringFlag{Name: "month", Usage: "the `MONTH` to report: 2003-10, 10/2003 or Oct 2003", Required: true},
			flagPreparedBy,
			flagTerms, flagTemplate, flagOut, flagInPlace, flagForce, flagAsOf, flagJSON,
			flagPasswordFile, flagPasswordEnv, flagLedgerPasswordFile, flagLedgerPasswordEnv,
		}, emailFlags("email-to")...),
		Action: func(c *cli.Context) error {
			co, err := commonFrom(c)
			if err != nil {
				return err
			}
			start, _, err := calendar.ParseMonth(c.String("month"))
			if err != nil {
				return periodError("month", err, co.AsOf)
			}
			opts := monthlyOptions{common: co, Ledgers: paths(c, "ledger"), Month: start, PreparedBy: c.String("prepared-by")}
			if opts.Email, err = emailFrom(c, "email-to"); err != nil {
				return err
			}
			_, err = runMonthly(opts)
			return err
		},
	})
}

type monthlyOptions struct {
	common
	// Ledgers are the workbooks or CSV folders, one a location.
	Ledgers    []string
	Month      time.Time
	PreparedBy string
	// Email sends the report once written (--email-to; see send.go).
	Email *emailOptions
}

// inPlaceColumns are written into the ledger's Purchases sheet by --in-place.
// Each takes the format of the sheet's own column of its kind; Reported In is
// the month as text (2003-10), as earlier runs wrote it.
var inPlaceColumns = []ledger.OutColumn{
	{Name: "Franchised", Kind: ledger.KindFlag}, {Name: "Classification", Kind: ledger.KindText},
	{Name: "Compliant", Kind: ledger.KindFlag}, {Name: "Reason", Kind: ledger.KindText},
	{Name: "Reported In", Kind: ledger.KindText},
}

// monthlyJSON is the --json output; its field names are a published contract.
type monthlyJSON struct {
	Report                string          `json:"report"`
	PeriodStart           string          `json:"period_start"`
	PeriodEnd             string          `json:"period_end"`
	DueDate               string          `json:"due_date"`
	Lines                 int             `json:"lines"`
	FranchisedLines       int             `json:"franchised_lines"`
	FranchisedSpend       string          `json:"franchised_spend"`
	ArrowSpend            string          `json:"arrow_spend"`
	CustomerDirectedSpend string          `json:"customer_directed_spend"`
	CreditLimitSpend      string          `json:"credit_limit_spend"`
	ReleasedSpend         string          `json:"released_spend"`
	ExceptionSpend        string          `json:"exception_spend"`
	ReturnsSpend          string          `json:"returns_spend"`
	Draft                 bool            `json:"draft"`
	Exceptions            []exceptionJSON `json:"exceptions"`
	Warnings              []string        `json:"warnings"`
	Output                string          `json:"output"`
	// With --in-place: the ledger's SHA-256 as read and as written (§5).
	InputSHA256   string `json:"input_sha256,omitempty"`
	InPlaceSHA256 string `json:"in_place_sha256,omitempty"`
	// With --in-place on several workbooks: each one's, instead.
	InPlace []inPlaceJSON `json:"in_place,omitempty"`
}

type exceptionJSON struct {
	PONumber string `json:"po_number"`
	POLine   int    `json:"po_line"`
	// Location is the line's location (its ledger's, or its Location cell).
	Location string `json:"location"`
	Amount   string `json:"amount"`
	Reason   string `json:"reason"`
}

// runMonthly builds the monthly report; it returns the month as computed (its
// exception lines released).
func runMonthly(o monthlyOptions) (*spend.Month, error) {
	out, outFile := o.outputPath(fmt.Sprintf("monthly-%s.xlsx", o.Month.Format("2006-01")))
	outputs, more := []ioFile{outFile}, o.Email.files()
	if o.Email != nil && o.Email.EML != "" {
		outputs = append(outputs, ioFile{Name: "--eml " + o.Email.EML, Path: o.Email.EML, Rename: "give --eml another name"})
	}
	rn, err := o.prepare(o.Ledgers, "--ledger", templates.Monthly, outputs, more...)
	if err != nil {
		return nil, err
	}
	defer rn.close()
	t, tpl := rn.Terms, rn.Template
	l, err := ledger.OpenBooks(o.Ledgers, o.ledgerOptions(t)...)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	if err := rn.opened(); err != nil {
		return nil, err
	}
	if !l.HasInvoices {
		o.warn([]string{fmt.Sprintf("%s: credit-limit purchases cannot be checked against overdue invoices (§1.5)", l.NoSheet(ledger.SheetInvoices))})
	}
	// §1.2 governs the term as extended by Arrow's recorded elections (§2,
	// §4.2(iii)); an invoice dated after the as-of date is not known yet (§1.5)
	supplier, err := termAsExtended(t.Supplier, l, o.AsOf)
	if err != nil {
		return nil, err
	}
	cl := spend.NewClassifier(supplier, l.LineCard, l.Breakdowns, knownInvoices(l.Invoices, o.AsOf))
	m := spend.NewMonth(supplier, o.Month, o.AsOf)
	defer m.Close()
	// The detail streams into the report as the ledger is read.
	rp, err := monthly.Begin(tpl, "")
	if err != nil {
		return nil, err
	}
	var streamErr error
	m.OnDetail = func(line *spend.Line) {
		if err := rp.Line(line); err != nil && streamErr == nil {
			streamErr = err
		}
	}
	prog := newProgress(o.Stderr, "reading "+l.Files()+" Purchases", l.PurchaseRowsDeclared())
	defer prog.done()
	// classify returns the line's classification and whether the report
	// lists it (a franchised line of the month known as of the as-of date)
	var locs locations
	classify := func(line *ledger.POLine) (spend.Result, bool) {
		prog.add()
		locs.see(line.Location)
		r := cl.Classify(line)
		m.Observe(line)
		listed := false
		if m.In(line) {
			listed = m.Known(line) && r.Franchised
			m.Add(line, r)
		}
		return r, listed
	}
	if o.InPlace {
		reported := o.Month.Format("2006-01")
		for i := range l.Ledgers {
			if err = rn.writeInPlaceOf(i, func(w io.Writer) error {
				return l.WriteColumns(i, w, inPlaceColumns, func(line *ledger.POLine) []ledger.Value {
					r, listed := classify(line)
					return inPlaceValues(r, listed, !m.Known(line), reported)
				})
			}); err != nil {
				break
			}
		}
		if err == nil {
			err = l.Finish()
		}
	} else {
		err = l.Purchases(func(line *ledger.POLine) { classify(line) })
	}
	if err == nil {
		err = streamErr
	}
	if err != nil {
		return nil, err
	}
	m.Finish()
	// what merging the ledgers found (an invoice in two of them), and a
	// template that cannot say where the lines are from, go on the audit
	// sheet too
	m.Warnings = append(append(append([]string(nil), l.Warnings...), locs.warnings(tpl, monthly.LocationColumns)...), m.Warnings...)

	if err := rp.Finish(m, rn.meta("Ledger", o.PreparedBy)); err != nil {
		return nil, err
	}
	title := fmt.Sprintf("Monthly material-spend report %s", o.Month.Format("January 2006"))
	if err := rn.save(tpl, out, fill.Options{Title: title, Subject: t.Supplier.Customer + " / " + t.Supplier.Distributor}); err != nil {
		return nil, err
	}
	if err := rn.commit(); err != nil {
		return nil, err
	}
	o.warn(m.Warnings)
	if o.JSON {
		j := monthlyJSON{
			Report: "monthly", PeriodStart: m.Start.Format("2006-01-02"), PeriodEnd: m.End.Format("2006-01-02"),
			DueDate: m.Due.Format("2006-01-02"), Lines: m.Lines, FranchisedLines: m.FranchisedLines,
			FranchisedSpend:       m.Franchised().StringFixed(2),
			ArrowSpend:            m.Total(spend.Arrow).StringFixed(2),
			CustomerDirectedSpend: m.Total(spend.CustomerDirected).StringFixed(2),
			CreditLimitSpend:      m.Total(spend.CreditLimit).StringFixed(2),
			ReleasedSpend:         m.Total(spend.Released).StringFixed(2),
			ExceptionSpend:        m.Total(spend.Exception).StringFixed(2),
			ReturnsSpend:          m.Total(spend.Return).StringFixed(2),
			Draft:                 m.Draft,
			Exceptions:            []exceptionJSON{},
			Warnings:              nonNil(m.Warnings),
			Output:                out,
		}
		j.InputSHA256, j.InPlaceSHA256 = rn.inPlaceSHA256()
		j.InPlace = rn.inPlaceInputs()
		// the exceptions are written as they are read back: a month may hold
		// a million
		if err := o.printJSONList(j, "exceptions", m.Exceptions.Len(), func(i int) (any, error) {
			e, err := m.Exceptions.At(i)
			if err != nil {
				return nil, err
			}
			return exceptionJSON{PONumber: e.PONumber, POLine: e.POLine.POLine, Location: e.Location, Amount: e.Amount.StringFixed(2), Reason: e.Reason}, nil
		}); err != nil {
			return nil, err
		}
	} else {
		draft := ""
		if m.Draft {
			draft = fmt.Sprintf("DRAFT (the month ends %s, after the as-of date): ", calendar.Long(m.End))
		}
		fmt.Fprintf(o.Stdout, "wrote %s: %s%d franchised lines, %s franchised spend, %d exceptions (%s), %d returns (%s); due to Arrow by %s\n",
			out, draft, m.FranchisedLines, fill.Dollars(m.Franchised()), m.Exceptions.Len(), fill.Dollars(m.Total(spend.Exception)),
			m.ClassLines[spend.Return], fill.Dollars(m.Total(spend.Return)), calendar.LongWeekday(m.Due))
		if o.InPlace {
			// the last line, after what the email says: the workbook as read
			// and as written
			defer fmt.Fprintln(o.Stdout, rn.inPlaceLine(ledger.OutColumnNames(inPlaceColumns), ledger.SheetPurchases))
		}
	}
	if o.Email != nil {
		figs := monthlyFigures(m, t)
		figs.DetailSheets = rp.DetailSheets()
		if err := o.Email.sendMonthly(o.common, out, figs, t, o.PreparedBy); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// inPlaceValues are the in-place columns of one line. A line dated after the
// as-of date is not known yet: its classification is left blank. Reported In
// is written only on the lines the report lists (the month's franchised lines
// known as of the as-of date); every other line keeps what an earlier run
// wrote there, and a line never reported stays blank.
func inPlaceValues(r spend.Result, listed, notKnownYet bool, month string) []ledger.Value {
	text := func(s string) ledger.Value { return ledger.Value{Kind: xlsx.Text, Text: s} }
	reported := ledger.Value{Keep: true}
	if listed {
		reported = text(month)
	}
	if notKnownYet {
		blank := ledger.Value{Kind: xlsx.Blank}
		return []ledger.Value{blank, blank, blank, blank, reported}
	}
	franchised, compliant := "No", ""
	if r.Franchised {
		franchised = "Yes"
		compliant = "Yes"
		if !r.Class.Compliant() {
			compliant = "No"
		}
	}
	return []ledger.Value{text(franchised), text(r.Class.Label()), text(compliant), text(r.Reason), reported}
}
