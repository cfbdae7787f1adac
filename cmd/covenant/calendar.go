package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/ical"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:  "calendar",
		Usage: "write every obligation of both agreements as an iCalendar file (.ics) for Outlook, Google Calendar or Apple Calendar",
		UsageText: "covenant calendar --ledger FILE|DIR [--ledger FILE|DIR ...] [--loan FILE|DIR] [--terms FILE]\n" +
			"                  [--as-of YYYY-MM-DD] [--remind DAYS] [--out FILE.ics]",
		Description: "One all-day event on each obligation's due date (the Supplier Agreement's from its term's start\n" +
			"to the end of Arrow CMS's audit rights; with --loan, Amendment No. 10's from its date), its\n" +
			"description giving the clause, what to deliver or do, to whom, and its status as of --as-of; an\n" +
			"alarm --remind business days before, and, because Outlook and Google Calendar ignore alarms in\n" +
			"imported files, a separate reminder event on that day. The same inputs and --as-of give the same\n" +
			"bytes: import the file again to update the events (the UIDs are the obligation ids).\n" +
			"Give --ledger once for each location (a workbook or a folder of CSV files): their invoices,\n" +
			"notices and Deliveries are merged; --loan may be a folder of CSV files too.",
		Flags: []cli.Flag{
			ledgerFlag(),
			&cli.StringFlag{Name: "loan", Usage: "the loan workbook `FILE`, or a folder of CSV files, one a sheet: adds Amendment No. 10's obligations", TakesFile: true},
			&cli.IntFlag{Name: "remind", Usage: "the reminder falls `DAYS` business days before each due date", Value: 3},
			&cli.StringFlag{Name: "out", Usage: "the calendar `FILE` (.ics) or a folder to write it into", Value: "."},
			flagTerms, flagAsOf, flagLedgerPasswordFile, flagLedgerPasswordEnv,
		},
		Action: func(c *cli.Context) error {
			co, err := commonFrom(c)
			if err != nil {
				return err
			}
			if c.Int("remind") < 0 || c.Int("remind") > 60 {
				return usagef("--remind %d: give a number of business days from 0 to 60", c.Int("remind"))
			}
			return runCalendar(calendarOptions{common: co, Ledgers: paths(c, "ledger"), Loan: c.String("loan"), Remind: c.Int("remind")})
		},
	})
}

type calendarOptions struct {
	common
	// Ledgers are the workbooks or CSV folders, one a location; Loan the
	// loan workbook or folder ("": none).
	Ledgers []string
	Loan    string
	Remind  int
}

// runCalendar writes the .ics file atomically.
func runCalendar(o calendarOptions) error {
	out := o.Out
	if out == "" {
		out = "."
	}
	name := fmt.Sprintf("obligations-%s.ics", o.AsOf.Format("2006-01-02"))
	outFile := ioFile{Name: "--out " + out, Path: out, Rename: "give the calendar another name (--out FILE.ics)"}
	switch strings.ToLower(filepath.Ext(out)) {
	case ".ics":
	case ".xlsx", ".xls", ".csv", ".eml", ".pdf":
		return usagef("--out %s: the calendar is an iCalendar file: give it a name ending in .ics", out)
	default:
		out = filepath.Join(out, name)
		outFile = ioFile{Name: fmt.Sprintf("the calendar %s (--out %s)", out, o.Out), Path: out, Rename: "give --out another folder or a FILE.ics"}
	}
	// the inputs as status reads them (no template: the calendar is no
	// workbook)
	rn, err := o.prepareGroups(statusGroups(o.Ledgers, o.Loan), nil, []ioFile{outFile})
	if err != nil {
		return err
	}
	defer rn.close()
	t := rn.Terms
	l, in, warnings, err := statusInputs(o.common, o.Ledgers, o.Loan, t)
	if err != nil {
		return err
	}
	defer l.Close()
	if err := rn.opened(); err != nil {
		return err
	}
	warnings = append(append([]string(nil), l.Warnings...), warnings...)
	r, err := computeObligations(in, l.Files())
	if err != nil {
		return err
	}
	if err := rn.writeOutput(out, "", func(w io.Writer) error {
		return ical.Write(w, r.Obligations, ical.Options{AsOf: o.AsOf, Remind: o.Remind, Name: "covenant: " + t.Supplier.Customer + ", obligations of both agreements"})
	}); err != nil {
		return err
	}
	if err := rn.commit(); err != nil {
		return err
	}
	o.warn(append(warnings, r.Warnings...))
	fmt.Fprintf(o.Stdout, "wrote %s: %d obligations, each with a reminder %s before (%s)\n", out, len(r.Obligations), plural(o.Remind, "business day"), statusSummary(r))
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
