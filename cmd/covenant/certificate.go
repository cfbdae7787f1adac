package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/certificate"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
	"github.com/covenant-reports/covenant/report/obligations"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/report/xlsx"
	"github.com/covenant-reports/covenant/templates"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:  "certificate",
		Usage: "write the quarterly compliance certificate the President signs (§1.2) with the §1.3 Minimum Sales schedule",
		UsageText: "covenant certificate --ledger FILE|DIR [--ledger FILE|DIR ...] --quarter 2003Q1 [--terms FILE] [--template FILE]\n" +
			"                     [--signer NAME] [--title TITLE] [--out FILE|DIR] [--pdf] [--final]\n" +
			"                     [--in-place] [--as-of YYYY-MM-DD] [--json]",
		Description: "Part 1 (§1.2): classifies every PO line dated in the calendar quarter (the part of it inside the\n" +
			"term: 2002Q4 is December 27-31, 2002) as the monthly report does and certifies compliance, or\n" +
			"compliance \"except as set forth in Schedule A\" when any line is an exception. Part 2 (§1.3): the\n" +
			"Minimum Sales ledger of every contract quarter from the term's first day to the one ending in the\n" +
			"calendar quarter: Net Sales Billed from Arrow's invoices (an invoice not paid within its terms does\n" +
			"not count; unpaid and not yet due counts provisionally; a credit always counts), Required (the\n" +
			"Minimum plus an earlier shortfall Arrow CMS elected to add, §4.2(ii)), excess carried forward up\n" +
			"to three quarters, and the shortfall of a quarter that has ended, stated with §4.1's words. Arrow's\n" +
			"notices and elections (§4.1, §4.2, §7.6) are read from the ledger's Arrow Notices sheet: without\n" +
			"one, the certificate says what Arrow CMS may do. Nothing dated after --as-of counts; a calendar\n" +
			"quarter that ends after it gives a DRAFT (figures to date, not for signature). The certificate\n" +
			"prints on two Letter pages at full size, the signature on the second; --pdf also prints it\n" +
			"through LibreOffice. --final marks the workbook as Excel's Mark as Final does, for the one the\n" +
			"President signs.\n" +
			"With --in-place, the columns Contract Quarter, Net Billed, Status and Reason are written\n" +
			"into your Invoices sheet; nothing else in the workbook changes.\n" +
			"Give --ledger once for each location, facility or division (a workbook or a folder of CSV\n" +
			"files): Part 1 covers the PO lines of all, Part 2 the invoices of all, an invoice number\n" +
			"found in two ledgers counted once.",
		Flags: []cli.Flag{
			ledgerFlag(),
			&cli.StringFlag{Name: "quarter", Usage: "the calendar `QUARTER` to certify, e.g. 2003Q1", Required: true},
			&cli.StringFlag{Name: "signer", Usage: "the `NAME` printed under the signature line (default: from the terms; blank leaves a line to write it)"},
			&cli.StringFlag{Name: "title", Usage: "the signer's `TITLE` (default: from the terms, the President, §1.2)"},
			&cli.BoolFlag{Name: "pdf", Usage: "also print the certificate to PDF next to the workbook (needs LibreOffice: libreoffice-calc-nogui)"},
			&cli.BoolFlag{Name: "final", Usage: "mark the workbook final, as Excel's Mark as Final does (the certificate as signed; refused for a DRAFT)"},
			flagPreparedBy,
			flagTerms, flagTemplate, flagOut, flagInPlace, flagForce, flagAsOf, flagJSON,
			flagPasswordFile, flagPasswordEnv, flagLedgerPasswordFile, flagLedgerPasswordEnv,
		},
		Action: func(c *cli.Context) error {
			co, err := commonFrom(c)
			if err != nil {
				return err
			}
			q, err := calendar.ParseQuarter(c.String("quarter"))
			if err != nil {
				return periodError("quarter", err, co.AsOf)
			}
			opts := certificateOptions{common: co, Ledgers: paths(c, "ledger"), Quarter: q, PDF: c.Bool("pdf"), Final: c.Bool("final"), PreparedBy: c.String("prepared-by")}
			if c.IsSet("signer") {
				opts.Signer = &[]string{c.String("signer")}[0]
			}
			if c.IsSet("title") {
				opts.Title = &[]string{c.String("title")}[0]
			}
			_, err = runCertificate(opts)
			return err
		},
	})
	demoSteps = append(demoSteps, demoStep{order: 20, name: "certificate", output: "certificate-2003Q4.xlsx", run: func(d demoInputs, o common) error {
		o.AsOf = terms.Date(2004, 1, 10)
		o.InPlace = true
		q, _ := calendar.ParseQuarter("2003Q4")
		_, err := runCertificate(certificateOptions{common: o, Ledgers: []string{d.Ledger}, Quarter: q})
		return err
	}})
}

type certificateOptions struct {
	common
	// Ledgers are the workbooks or CSV folders, one a location.
	Ledgers []string
	Quarter calendar.CalendarQuarter
	// Signer and Title override the terms when set.
	Signer, Title *string
	PDF           bool
	// Final marks the workbook final (Excel's Mark as Final).
	Final bool
	// PreparedBy goes on the audit sheet, and signs the email send writes.
	PreparedBy string
}

// certificateInPlaceColumns are written into the ledger's Invoices sheet.
var certificateInPlaceColumns = []ledger.OutColumn{
	{Name: "Contract Quarter", Kind: ledger.KindText}, {Name: "Net Billed", Kind: ledger.KindMoney},
	{Name: "Status", Kind: ledger.KindText}, {Name: "Reason", Kind: ledger.KindText},
}

// certificateJSON is the --json output; its field names are a published contract.
type certificateJSON struct {
	Report        string `json:"report"`
	Quarter       string `json:"quarter"`
	CalendarStart string `json:"calendar_start"`
	CalendarEnd   string `json:"calendar_end"`
	// PeriodStart and PeriodEnd are the days of the calendar quarter inside
	// the term, which Part 1 covers.
	PeriodStart string `json:"period_start"`
	PeriodEnd   string `json:"period_end"`
	AsOf        string `json:"as_of"`
	// Draft: the calendar quarter ends after the as-of date.
	Draft     bool          `json:"draft"`
	Section12 section12JSON `json:"section_1_2"`
	// MonthlyReports are the §1.2 monthly reports of the period, each with
	// its due date and its delivery as the Deliveries sheet records it.
	MonthlyReports []monthlyReportJSON `json:"monthly_reports"`
	MinimumSales   []minimumSalesJSON  `json:"minimum_sales"`
	// ContractQuarterEnd is the end of the §1.3 quarter ending in the
	// calendar quarter (the last entry of MinimumSales); null when none does.
	ContractQuarterEnd *string `json:"contract_quarter_end"`
	// TermEnd is the term's end with the extensions Arrow's recorded
	// elections make; TermEndIfExtended if Arrow CMS extends the term for
	// every quarter missed so far (§4.2(iii)).
	TermEnd           string   `json:"term_end"`
	TermEndIfExtended string   `json:"term_end_if_extended"`
	Output            string   `json:"output"`
	PDF               string   `json:"pdf,omitempty"`
	Warnings          []string `json:"warnings"`
	// With --in-place: the ledger's SHA-256 as read and as written (§5).
	InputSHA256   string `json:"input_sha256,omitempty"`
	InPlaceSHA256 string `json:"in_place_sha256,omitempty"`
	// With --in-place on several workbooks: each one's, instead.
	InPlace []inPlaceJSON `json:"in_place,omitempty"`
}

type monthlyReportJSON struct {
	Month string `json:"month"`
	Due   string `json:"due"`
	// Status is "done" (delivered by its due date), "late" (delivered after
	// it), "not_recorded" (past due, and no delivery recorded: the books do
	// not show whether or when it was delivered), or the obligation's status
	// when it is not past due ("due", "upcoming").
	Status    string  `json:"status"`
	Delivered *string `json:"delivered"`
	// DaysLate counts the days after the due date it was delivered; null when
	// no delivery is recorded.
	DaysLate *int `json:"days_late"`
}

type section12JSON struct {
	FranchisedSpend string `json:"franchised_spend"`
	ArrowSpend      string `json:"arrow_spend"`
	ExceptionSpend  string `json:"exception_spend"`
	Exceptions      int    `json:"exceptions"`
	Compliant       bool   `json:"compliant"`
}

type minimumSalesJSON struct {
	QuarterStart string  `json:"quarter_start"`
	QuarterEnd   string  `json:"quarter_end"`
	Minimum      *string `json:"minimum"`
	// ShortfallAdded is the earlier shortfall added under a recorded Add
	// Shortfall election; ShortfallArrowMayAdd the earlier shortfall no
	// election has added. Required = Minimum + ShortfallAdded.
	ShortfallAdded       string  `json:"shortfall_added"`
	ShortfallArrowMayAdd string  `json:"shortfall_arrow_may_add"`
	Required             *string `json:"required"`
	NetSalesBilled       string  `json:"net_sales_billed"`
	Excluded             string  `json:"excluded"`
	Pending              string  `json:"pending"`
	CreditUsed           string  `json:"credit_used"`
	Excess               string  `json:"excess"`
	Expired              string  `json:"expired"`
	// Shortfall and Met are null while the quarter has not ended (§4.1:
	// measured at the end of the period) and where the minimum is not defined.
	Shortfall *string `json:"shortfall"`
	Met       *bool   `json:"met"`
	Final     bool    `json:"final"`
}

// sofficePackage is the Debian package that installs LibreOffice headless.
const sofficePackage = "libreoffice-calc-nogui"

// runCertificate builds the certificate; it returns what it certified.
func runCertificate(o certificateOptions) (*certificate.Certificate, error) {
	out, outFile := o.outputPath(fmt.Sprintf("certificate-%s.xlsx", o.Quarter))
	outputs := []ioFile{outFile}
	pdfPath := ""
	if o.PDF {
		pdfPath = strings.TrimSuffix(out, filepath.Ext(out)) + ".pdf"
		outputs = append(outputs, ioFile{Name: "the PDF " + pdfPath + " (--pdf, named after the report)", Path: pdfPath, Rename: "give the report another name (--out FILE.xlsx or another folder): the PDF takes its name"})
	}
	rn, err := o.prepare(o.Ledgers, "--ledger", templates.Certificate, outputs)
	if err != nil {
		return nil, err
	}
	defer rn.close()
	t, tpl := rn.Terms, rn.Template
	s := t.Supplier
	qs := minsales.Quarters(s)
	if o.Quarter.End.Before(s.AgreementDate) {
		return nil, usagef("--quarter %s: the term began on %s (§2); the first calendar quarter to certify is %s",
			o.Quarter, calendar.Long(s.AgreementDate), calendar.QuarterOf(s.AgreementDate.Year(), (int(s.AgreementDate.Month())-1)/3+1))
	}
	soffice := ""
	if o.PDF && o.Password != "" {
		// A PDF cannot carry the workbook's password: it would be the
		// confidential figures (§6) in the clear, next to the encrypted workbook.
		return nil, usagef("--pdf with --password-file/--password-env: the PDF would not be password-protected; leave out --pdf and print the encrypted workbook from Excel")
	}
	if o.PDF {
		// Before anything is written: no half result without LibreOffice.
		if soffice, err = exec.LookPath("soffice"); err != nil {
			return nil, fmt.Errorf("--pdf needs LibreOffice, and soffice is not installed: install it with `apt-get install %s` (nothing was written)", sofficePackage)
		}
	}
	l, err := ledger.OpenBooks(o.Ledgers, o.ledgerOptions(t)...)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	if err := rn.opened(); err != nil {
		return nil, err
	}
	if !l.HasInvoices {
		why := "the certificate's §1.3 Minimum Sales are the Net Sales Billed on Arrow's invoices; add the sheet with the columns Invoice Number, Invoice Date, Amount, Returns, Discounts, Due Date, Paid Date"
		switch {
		case len(l.Ledgers) > 1:
			return nil, &ledger.Error{File: l.Files(), Err: errors.New("none of them has an Invoices sheet (or Invoices.csv): " + strings.Replace(why, "add the sheet", "add it to one of them", 1))}
		case l.Ledgers[0].Folder:
			return nil, &ledger.Error{File: l.Files(), Err: errors.New("the folder has no Invoices.csv: " + strings.Replace(why, "add the sheet", "add the file", 1))}
		}
		return nil, &ledger.Error{File: l.Files(), Sheet: ledger.SheetInvoices, Err: errors.New("is missing: " + why)}
	}

	// Part 2 first: Arrow's recorded elections may have extended the term
	// (§4.2(iii)), which decides the quarters that can be certified.
	sales, err := minsales.Compute(s, l.Invoices, l.Notices, minsales.ThroughEnd(qs, o.Quarter.End), o.AsOf)
	var ne minsales.NoticeErrors
	if errors.As(err, &ne) {
		return nil, noticeProblems(l, ne)
	}
	if err != nil {
		return nil, err
	}
	if o.Quarter.Start.After(sales.TermEnd) {
		ext := "as signed (§2); Arrow CMS has elected no extension (§4.2(iii), Arrow Notices)"
		if sales.Extended > 0 {
			ext = fmt.Sprintf("as extended by %d quarter%s Arrow CMS elected (§4.2(iii), Arrow Notices)", sales.Extended, map[bool]string{true: "", false: "s"}[sales.Extended == 1])
		}
		return nil, usagef("--quarter %s: the term ends %s, %s; no calendar quarter after it can be certified", o.Quarter, calendar.Long(sales.TermEnd), ext)
	}

	// a draft (the quarter ends after --as-of) is not signed: not final either
	if o.Final && o.Quarter.End.After(o.AsOf) {
		return nil, usagef("--final: the certificate is a DRAFT (the %s ends %s, after --as-of %s): a draft is not signed, so it is not marked final", o.Quarter.Words(), calendar.Long(o.Quarter.End), o.AsOf.Format("2006-01-02"))
	}

	// Part 1: §1.2 over the days of the calendar quarter inside the term,
	// streaming Purchases once; a line dated after the as-of date is not known.
	start, end := certificate.Period(o.Quarter, s.AgreementDate, sales.TermEnd)
	// §1.2 governs the term as extended by Arrow's recorded elections (§2).
	term := s
	term.TermEnd = sales.TermEnd
	cl := spend.NewClassifier(term, l.LineCard, l.Breakdowns, knownInvoices(l.Invoices, o.AsOf))
	m := certificate.NewSection12(start, end)
	m.AsOf = o.AsOf // a line dated after it is not known yet: left out, and warned about
	defer m.Close()
	var locs locations
	if err := l.Purchases(func(line *ledger.POLine) {
		locs.see(line.Location)
		if m.In(line) {
			m.Add(line, cl.Classify(line))
		}
	}); err != nil {
		return nil, err
	}
	m.Done()
	// what merging the ledgers found (an invoice in two of them), and a
	// template that cannot say where the lines are from, go on the audit
	// sheet too
	m.Warnings = append(append(append([]string(nil), l.Warnings...), locs.warnings(tpl, certificate.LocationColumns)...), m.Warnings...)
	c := &certificate.Certificate{Quarter: o.Quarter, Section12: m, Sales: sales, Quarters: qs, Signer: s.SignerName, Title: s.SignerTitle, HasNotices: l.HasNotices}
	// §1.2: the monthly reports of the period and their delivery, as the
	// Deliveries sheets of the ledgers record them (the same rule as covenant
	// status)
	obl, err := computeObligations(obligations.Input{Terms: t, AsOf: o.AsOf, Invoices: l.Invoices, Notices: l.Notices, Deliveries: l.Deliveries}, l.Files())
	if err != nil {
		return nil, err
	}
	for _, month := range calendar.Months(start, end) {
		if ob := obl.ByID(obligations.MonthlyID(month)); ob != nil {
			c.MonthlyReports = append(c.MonthlyReports, *ob)
		}
	}
	c.HasDeliveries = l.HasDeliveries
	if o.Signer != nil {
		c.Signer = strings.TrimSpace(*o.Signer)
	}
	if o.Title != nil {
		c.Title = strings.TrimSpace(*o.Title)
	}
	var warnings []string
	if w := unknownWarning(o.AsOf, sales.Unknown); w != "" {
		warnings = append(warnings, w)
	}
	c.Warnings = warnings

	// The ledger's new Invoices columns are written first (not yet in place):
	// the certificate's audit sheet states the workbook's SHA-256 as written.
	if o.InPlace {
		for i := range l.Ledgers {
			if err := writeInvoiceColumns(rn, l, i, qs, sales); err != nil {
				return nil, err
			}
		}
	}
	meta := rn.meta("Ledger", o.PreparedBy)
	if err := certificate.Render(tpl, c, meta); err != nil {
		return nil, err
	}
	title := fmt.Sprintf("Quarterly compliance certificate %s", o.Quarter)
	if c.Draft() {
		title = "DRAFT " + title
	}
	opt := fill.Options{Time: o.AsOf, Title: title, Subject: s.Customer + " / " + s.Distributor, Final: o.Final}
	if o.PDF {
		// printed from the finished workbook before anything is in place
		var book bytes.Buffer
		if err := tpl.Write(&book, opt); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, err
		}
		pdf, err := printPDF(soffice, filepath.Dir(out), filepath.Base(out), book.Bytes())
		if err != nil {
			return nil, err
		}
		if err := rn.writeOutput(out, o.Password, func(w io.Writer) error { _, err := w.Write(book.Bytes()); return err }); err != nil {
			return nil, err
		}
		if err := rn.writeOutput(pdfPath, "", func(w io.Writer) error { _, err := w.Write(pdf); return err }); err != nil {
			return nil, err
		}
	} else if err := rn.save(tpl, out, opt); err != nil {
		// written as it is made, not held in memory: a quarter's schedules
		// may list a million lines
		return nil, err
	}
	if err := rn.commit(); err != nil {
		return nil, err
	}
	warnings = append(warnings, m.Warnings...)
	warnings = append(warnings, sales.Warnings...)
	o.warn(warnings)

	r := c.Contract()
	if o.JSON {
		j := certificateJSON{
			Report: "certificate", Quarter: o.Quarter.String(),
			CalendarStart: o.Quarter.Start.Format("2006-01-02"), CalendarEnd: o.Quarter.End.Format("2006-01-02"),
			PeriodStart: start.Format("2006-01-02"), PeriodEnd: end.Format("2006-01-02"),
			AsOf: o.AsOf.Format("2006-01-02"), Draft: c.Draft(),
			Section12: section12JSON{
				FranchisedSpend: m.Franchised().StringFixed(2), ArrowSpend: m.Total(spend.Arrow).StringFixed(2),
				ExceptionSpend: m.Total(spend.Exception).StringFixed(2), Exceptions: m.Exceptions.Len(), Compliant: c.Compliant(),
			},
			MinimumSales:      []minimumSalesJSON{},
			TermEnd:           sales.TermEnd.Format("2006-01-02"),
			TermEndIfExtended: sales.TermEndIfExtended.Format("2006-01-02"),
			Output:            out, PDF: pdfPath, Warnings: nonNil(warnings),
		}
		j.InputSHA256, j.InPlaceSHA256 = rn.inPlaceSHA256()
		j.InPlace = rn.inPlaceInputs()
		j.MonthlyReports = []monthlyReportJSON{}
		for _, mr := range c.MonthlyReports {
			e := monthlyReportJSON{Month: strings.TrimPrefix(mr.ID, "monthly-"), Due: mr.Due.Format("2006-01-02"), Status: string(mr.Status)}
			switch {
			case mr.Evidence != nil && mr.Status == obligations.Done:
				d, late := mr.Evidence.On.Format("2006-01-02"), mr.Evidence.DaysLate
				e.Delivered, e.DaysLate = &d, &late
				if late > 0 {
					e.Status = "late"
				}
			case mr.Status == obligations.Late:
				// past due with nothing recorded: whether it was delivered
				// late, or on time and not recorded, the books do not show
				e.Status = "not_recorded"
			}
			j.MonthlyReports = append(j.MonthlyReports, e)
		}
		if r != nil {
			e := r.End.Format("2006-01-02")
			j.ContractQuarterEnd = &e
		}
		for _, q := range sales.Quarters {
			e := minimumSalesJSON{
				QuarterStart: q.Start.Format("2006-01-02"), QuarterEnd: q.End.Format("2006-01-02"),
				ShortfallAdded: q.ShortfallAdded.StringFixed(2), ShortfallArrowMayAdd: q.MayAdd.StringFixed(2),
				NetSalesBilled: q.NetSalesBilled.StringFixed(2), Excluded: q.Excluded.StringFixed(2), Pending: q.Pending.StringFixed(2),
				CreditUsed: q.CreditUsed.StringFixed(2), Excess: q.Excess.StringFixed(2), Expired: q.Expired.StringFixed(2),
				Met: q.Met, Final: q.Final,
			}
			if q.Defined() {
				v, w := q.Minimum.StringFixed(2), q.Required.StringFixed(2)
				e.Minimum, e.Required = &v, &w
				if q.Ended {
					sf := q.Shortfall.StringFixed(2)
					e.Shortfall = &sf
				}
			}
			j.MinimumSales = append(j.MinimumSales, e)
		}
		if err := o.printJSON(j); err != nil {
			return nil, err
		}
	} else {
		fmt.Fprintf(o.Stdout, "wrote %s: %s\n", out, certificateSummary(c))
		if o.PDF {
			fmt.Fprintf(o.Stdout, "wrote %s\n", pdfPath)
		}
		if o.InPlace {
			fmt.Fprintln(o.Stdout, rn.inPlaceLine(ledger.OutColumnNames(certificateInPlaceColumns), ledger.SheetInvoices))
		}
	}
	return c, nil
}

// knownInvoices are the invoices dated on or before asOf (the §1.5 payment
// default of Part 1 looks only at what is known).
func knownInvoices(invoices []ledger.Invoice, asOf time.Time) []ledger.Invoice {
	var out []ledger.Invoice
	for _, in := range invoices {
		if !in.Date.After(asOf) {
			out = append(out, in)
		}
	}
	return out
}

// unknownWarning is the one warning about the §1.3 records dated after the
// as-of date (the PO lines of the period have their own, from spend.Period).
func unknownWarning(asOf time.Time, u minsales.Unknown) string {
	var parts []string
	add := func(n int, what string) {
		if n == 1 {
			parts = append(parts, "1 "+what)
		} else if n > 1 {
			parts = append(parts, fmt.Sprintf("%d %ss", n, what))
		}
	}
	add(u.Invoices, "invoice")
	add(u.Payments, "payment")
	add(u.Notices, "Arrow notice")
	if len(parts) == 0 {
		return ""
	}
	list := strings.Join(parts, ", ")
	if i := strings.LastIndex(list, ", "); i >= 0 {
		list = list[:i] + " and " + list[i+2:]
	}
	verb, them := "are", "them"
	if len(parts) == 1 && strings.HasPrefix(list, "1 ") {
		verb, them = "is", "it"
	}
	paid := ""
	if u.Payments > 0 {
		paid = " (an invoice paid after it is unpaid as of it)"
	}
	return fmt.Sprintf("%s %s dated after the as-of date %s: not known yet as of that date, the certificate counts %s nowhere%s",
		list, verb, calendar.Long(asOf), them, paid)
}

// certificateSummary is the command's summary line after "wrote FILE: ".
func certificateSummary(c *certificate.Certificate) string {
	m := c.Section12
	var b strings.Builder
	if c.Draft() {
		fmt.Fprintf(&b, "DRAFT (the calendar quarter ends %s, after the as-of date %s; figures to date, not for signature); ",
			calendar.Long(c.Quarter.End), calendar.Long(c.AsOf()))
	}
	part1 := "compliant"
	if !c.Compliant() {
		part1 = fmt.Sprintf("compliant except as set forth in Schedule A: %d exceptions, %s", m.Exceptions.Len(), certificate.Dollars(m.Total(spend.Exception)))
	}
	if c.Draft() {
		part1 = fmt.Sprintf("to date %d exceptions, %s", m.Exceptions.Len(), certificate.Dollars(m.Total(spend.Exception)))
	}
	fmt.Fprintf(&b, "§1.2 %s, Arrow CMS %s of %s franchised-part purchases; ", part1, certificate.Dollars(m.Total(spend.Arrow)), certificate.Dollars(m.Purchases()))
	r := c.Contract()
	switch {
	case r == nil:
		fmt.Fprintf(&b, "§1.3 no contract quarter ends in %s", c.Quarter)
	case !r.Ended:
		fmt.Fprintf(&b, "§1.3 %s: Net Sales Billed to date %s, the quarter ends %s", r.Words(), certificate.Dollars(r.NetSalesBilled), calendar.Long(r.End))
		if r.Defined() {
			fmt.Fprintf(&b, ", %s still to bill to reach Required %s", certificate.Dollars(r.Remaining), certificate.Dollars(*r.Required))
		}
	default:
		fmt.Fprintf(&b, "§1.3 %s: Net Sales Billed %s, ", r.Words(), certificate.Dollars(r.NetSalesBilled))
		switch {
		case !r.Defined():
			b.WriteString("minimum not yet defined")
		case *r.Met:
			b.WriteString("Minimum Sales achieved")
		default:
			fmt.Fprintf(&b, "Minimum Sales not achieved, shortfall %s (§4.1)", certificate.Dollars(r.Shortfall))
		}
		if !r.Final {
			b.WriteString(", not final")
		}
	}
	fmt.Fprintf(&b, "; the term ends %s", calendar.Long(c.Sales.TermEnd))
	if c.Sales.TermEndIfExtended.After(c.Sales.TermEnd) {
		fmt.Fprintf(&b, " (%s if Arrow CMS extends it for every missed quarter, §4.2(iii))", calendar.Long(c.Sales.TermEndIfExtended))
	}
	return b.String()
}

// writeInvoiceColumns writes Contract Quarter, Net Billed (a live formula),
// Status and Reason into the ledger's Invoices sheet's replacement (put in
// place atomically by commit).
func writeInvoiceColumns(rn *reportRun, books *ledger.Books, li int, qs []minsales.Quarter, sales *minsales.Ledger) error {
	l := books.Ledgers[li]
	if !l.HasInvoices {
		return nil // the ledger's workbook is left as it is
	}
	byRow := map[int]*minsales.Invoice{}
	for i := range sales.Invoices {
		if books.InvoiceLedger[i] == li {
			byRow[sales.Invoices[i].Row] = &sales.Invoices[i]
		}
	}
	amount, _ := l.InvoiceColumn("Amount")
	returns, hasReturns := l.InvoiceColumn("Returns")
	discounts, hasDiscounts := l.InvoiceColumn("Discounts")
	text := func(s string) ledger.Value { return ledger.Value{Kind: xlsx.Text, Text: s} }
	return rn.writeInPlaceOf(li, func(w io.Writer) error {
		return l.WriteInvoiceColumns(w, certificateInPlaceColumns, func(in *ledger.Invoice) []ledger.Value {
			r, ok := byRow[in.Row]
			if !ok {
				return nil
			}
			label := ""
			if r.Quarter >= 0 {
				label = qs[r.Quarter].Label()
			}
			row := fmt.Sprint(in.Row)
			f := amount + row
			if hasReturns {
				f += "-" + returns + row
			}
			if hasDiscounts {
				f += "-" + discounts + row
			}
			net := ledger.Value{Kind: xlsx.Number, Text: r.Net.StringFixed(2), Formula: "ROUND(" + f + ",2)"}
			quarter := text(label)
			if label == "" {
				quarter = ledger.Value{Kind: xlsx.Blank}
			}
			return []ledger.Value{quarter, net, text(certificate.StatusWords(r.Status)), text(r.Reason)}
		})
	})
}

// printPDF prints the workbook to PDF with LibreOffice headless, in a
// temporary folder of dir (with its own profile, so that a running LibreOffice
// does not interfere), and returns the PDF's bytes.
func printPDF(soffice, dir, name string, book []byte) ([]byte, error) {
	tmp, err := os.MkdirTemp(dir, ".covenant-tmp-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, name)
	if err := os.WriteFile(src, book, 0o644); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(tmp)
	if err != nil {
		return nil, err
	}
	profile := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(abs, "profile"))}).String()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", tmp, src)
	killAllOnCancel(cmd)
	cmd.WaitDelay = 5 * time.Second
	outb, err := cmd.CombinedOutput()
	pdfPath := filepath.Join(tmp, strings.TrimSuffix(name, filepath.Ext(name))+".pdf")
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("--pdf: LibreOffice did not finish within 3 minutes (nothing was written)")
		}
		return nil, fmt.Errorf("--pdf: LibreOffice failed: %v: %s (nothing was written)", err, strings.TrimSpace(string(outb)))
	}
	pdf, err := os.ReadFile(pdfPath)
	if err != nil || len(pdf) == 0 {
		return nil, fmt.Errorf("--pdf: LibreOffice wrote no PDF: %s (nothing was written)", strings.TrimSpace(string(outb)))
	}
	return pdf, nil
}
