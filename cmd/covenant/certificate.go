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
			"                     [--signer NAME] [--title TITLE] [--out FILE|DIR] [--pdf]\n" +
			"                     [--in-place] [--as-of YYYY-MM-DD] [--json]",
		Description: "Part 1 (§1.2): classifies every PO line of the calendar quarter as the monthly report does and\n" +
			"certifies compliance, or compliance \"except as set forth in Schedule A\" when any line is an\n" +
			"exception. Part 2 (§1.3): the Minimum Sales ledger of every contract quarter from the start of\n" +
			"the term to the one ending in the calendar quarter: Net Sales Billed from Arrow's invoices (an\n" +
			"invoice not paid within its terms does not count; unpaid and not yet due counts provisionally),\n" +
			"Required (the Minimum plus an earlier shortfall, §4.2(ii)), excess carried forward up to three\n" +
			"quarters, the shortfall (§4.1) and the term extended (§4.2(iii)). The certificate page prints\n" +
			"on one Letter page with a signature block; --pdf also prints it through LibreOffice.\n" +
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
				return usagef("--quarter: %v", err)
			}
			opts := certificateOptions{common: co, Ledgers: paths(c, "ledger"), Quarter: q, PDF: c.Bool("pdf")}
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
}

// certificateInPlaceColumns are written into the ledger's Invoices sheet.
var certificateInPlaceColumns = []string{"Contract Quarter", "Net Billed", "Status", "Reason"}

// certificateJSON is the --json output; its field names are a published contract.
type certificateJSON struct {
	Report        string             `json:"report"`
	Quarter       string             `json:"quarter"`
	CalendarStart string             `json:"calendar_start"`
	CalendarEnd   string             `json:"calendar_end"`
	Section12     section12JSON      `json:"section_1_2"`
	MinimumSales  []minimumSalesJSON `json:"minimum_sales"`
	TermEnd       string             `json:"term_end"`
	Output        string             `json:"output"`
	PDF           string             `json:"pdf,omitempty"`
	Warnings      []string           `json:"warnings"`
	// With --in-place: the ledger's SHA-256 as read and as written (§5).
	InputSHA256   string `json:"input_sha256,omitempty"`
	InPlaceSHA256 string `json:"in_place_sha256,omitempty"`
	// With --in-place on several workbooks: each one's, instead.
	InPlace []inPlaceJSON `json:"in_place,omitempty"`
}

type section12JSON struct {
	FranchisedSpend string `json:"franchised_spend"`
	ExceptionSpend  string `json:"exception_spend"`
	Exceptions      int    `json:"exceptions"`
	Compliant       bool   `json:"compliant"`
}

type minimumSalesJSON struct {
	QuarterStart   string  `json:"quarter_start"`
	QuarterEnd     string  `json:"quarter_end"`
	Minimum        *string `json:"minimum"`
	Required       *string `json:"required"`
	NetSalesBilled string  `json:"net_sales_billed"`
	Excluded       string  `json:"excluded"`
	Pending        string  `json:"pending"`
	CreditUsed     string  `json:"credit_used"`
	Excess         string  `json:"excess"`
	Expired        string  `json:"expired"`
	Shortfall      string  `json:"shortfall"`
	Met            *bool   `json:"met"`
	Final          bool    `json:"final"`
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
	idx, ok := minsales.QuarterEndingIn(qs, o.Quarter.Start, o.Quarter.End)
	if !ok {
		span := "none"
		if len(qs) > 0 {
			span = fmt.Sprintf("%s to %s", qs[0].End.Format("2006-01-02"), qs[len(qs)-1].End.Format("2006-01-02"))
		}
		return nil, usagef("--quarter %s: no §1.3 contract quarter of the terms ends from %s to %s (the quarters end %s)",
			o.Quarter, o.Quarter.Start.Format("2006-01-02"), o.Quarter.End.Format("2006-01-02"), span)
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

	// Part 1: §1.2 over the calendar quarter, streaming Purchases once.
	cl := spend.NewClassifier(s, l.LineCard, l.Breakdowns, l.Invoices)
	m := certificate.NewSection12(o.Quarter)
	m.AsOf = o.AsOf // a line dated after it is not known yet: left out
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
	// what merging the ledgers found (an invoice in two of them) goes on the
	// audit sheet too
	m.Warnings = append(append(append([]string(nil), l.Warnings...), locs.warnings(tpl, certificate.LocationColumns)...), m.Warnings...)
	// Part 2: §1.3 through the contract quarter ending in the calendar quarter.
	sales, err := minsales.Compute(s, l.Invoices, idx, o.AsOf)
	if err != nil {
		return nil, err
	}
	c := &certificate.Certificate{Quarter: o.Quarter, Section12: m, Sales: sales, Signer: s.SignerName, Title: s.SignerTitle}
	if o.Signer != nil {
		c.Signer = strings.TrimSpace(*o.Signer)
	}
	if o.Title != nil {
		c.Title = strings.TrimSpace(*o.Title)
	}

	// The ledger's new Invoices columns are written first (not yet in place):
	// the certificate's audit sheet states the workbook's SHA-256 as written.
	if o.InPlace {
		for i := range l.Ledgers {
			if err := writeInvoiceColumns(rn, l, i, qs, sales); err != nil {
				return nil, err
			}
		}
	}
	meta := rn.meta("Ledger", "")
	if err := certificate.Render(tpl, c, meta); err != nil {
		return nil, err
	}
	opt := fill.Options{Time: o.AsOf, Title: fmt.Sprintf("Quarterly compliance certificate %s", o.Quarter), Subject: s.Customer + " / " + s.Distributor}
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
	o.warn(m.Warnings)

	last := sales.Last()
	if o.JSON {
		j := certificateJSON{
			Report: "certificate", Quarter: o.Quarter.String(),
			CalendarStart: o.Quarter.Start.Format("2006-01-02"), CalendarEnd: o.Quarter.End.Format("2006-01-02"),
			Section12: section12JSON{
				FranchisedSpend: m.Franchised().StringFixed(2), ExceptionSpend: m.Total(spend.Exception).StringFixed(2),
				Exceptions: m.Exceptions.Len(), Compliant: c.Compliant(),
			},
			MinimumSales: []minimumSalesJSON{},
			TermEnd:      sales.TermEnd.Format("2006-01-02"),
			Output:       out, PDF: pdfPath, Warnings: nonNil(m.Warnings),
		}
		j.InputSHA256, j.InPlaceSHA256 = rn.inPlaceSHA256()
		j.InPlace = rn.inPlaceInputs()
		for _, r := range sales.Quarters {
			e := minimumSalesJSON{
				QuarterStart: r.Start.Format("2006-01-02"), QuarterEnd: r.End.Format("2006-01-02"),
				NetSalesBilled: r.NetSalesBilled.StringFixed(2), Excluded: r.Excluded.StringFixed(2), Pending: r.Pending.StringFixed(2),
				CreditUsed: r.CreditUsed.StringFixed(2), Excess: r.Excess.StringFixed(2), Expired: r.Expired.StringFixed(2),
				Shortfall: r.Shortfall.StringFixed(2), Met: r.Met, Final: r.Final,
			}
			if r.Minimum != nil {
				v, w := r.Minimum.StringFixed(2), r.Required.StringFixed(2)
				e.Minimum, e.Required = &v, &w
			}
			j.MinimumSales = append(j.MinimumSales, e)
		}
		if err := o.printJSON(j); err != nil {
			return nil, err
		}
	} else {
		result := "minimum not yet defined"
		if last.Met != nil {
			result = "met"
			if !*last.Met {
				result = "NOT MET, shortfall " + certificate.Dollars(last.Shortfall) + " (§4.1: an event of default)"
			}
		}
		if !last.Final {
			result += ", not final"
		}
		part1 := "compliant"
		if !c.Compliant() {
			part1 = fmt.Sprintf("compliant except as set forth in Schedule A: %d exceptions, %s", m.Exceptions.Len(), certificate.Dollars(m.Total(spend.Exception)))
		}
		fmt.Fprintf(o.Stdout, "wrote %s: §1.2 %s; §1.3 %s Net Sales Billed %s, %s; term ends %s\n",
			out, part1, last.Label(), certificate.Dollars(last.NetSalesBilled), result, sales.TermEnd.Format("2006-01-02"))
		if o.PDF {
			fmt.Fprintf(o.Stdout, "wrote %s\n", pdfPath)
		}
		if o.InPlace {
			fmt.Fprintln(o.Stdout, rn.inPlaceLine(certificateInPlaceColumns, ledger.SheetInvoices))
		}
	}
	return c, nil
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
			return []ledger.Value{quarter, net, text(string(r.Status)), text(r.Reason)}
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
