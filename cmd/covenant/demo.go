package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/samples"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:      "demo",
		Usage:     "write every report from the built-in sample workbooks, to see what covenant makes",
		UsageText: "covenant demo [--out DIR]",
		Description: "Copies the sample ledger (a year of 2003 purchases and Arrow invoices) into the folder\n" +
			"and writes each report from it with the terms as signed, as of fixed dates, so the\n" +
			"output is the same on every run.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "folder to write into", Value: "covenant-demo"},
		},
		Action: func(c *cli.Context) error {
			return runDemo(c.String("out"), c.App.Writer, c.App.ErrWriter)
		},
	})
}

// demoStep is one report the demo writes; each report's file registers its own
// in init, with an order.
type demoStep struct {
	order int
	name  string
	run   func(d demoInputs, o common) error
}

// demoInputs are the sample workbooks copied into the demo folder.
type demoInputs struct {
	Dir    string
	Ledger string // samples/ledger-2003.xlsx
	Loan   string // samples/loan-2002.xlsx, when the samples have it
}

var demoSteps []demoStep

func init() {
	demoSteps = append(demoSteps, demoStep{order: 10, name: "monthly", run: func(d demoInputs, o common) error {
		o.AsOf = terms.Date(2003, 11, 3)
		o.InPlace = true
		_, err := runMonthly(monthlyOptions{common: o, Ledger: d.Ledger, Month: terms.Date(2003, 10, 1), PreparedBy: "covenant demo"})
		return err
	}})
}

func runDemo(dir string, stdout, stderr interface {
	Write([]byte) (int, error)
}) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ledgerPath := filepath.Join(dir, "ledger-2003.xlsx")
	if err := os.WriteFile(ledgerPath, samples.Ledger2003, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "copied the sample ledger to %s\n", ledgerPath)
	d := demoInputs{Dir: dir, Ledger: ledgerPath}
	if len(samples.Loan2002) > 0 {
		d.Loan = filepath.Join(dir, "loan-2002.xlsx")
		if err := os.WriteFile(d.Loan, samples.Loan2002, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "copied the sample loan workbook to %s\n", d.Loan)
	}
	o := common{Out: dir, Stdout: stdout, Stderr: stderr}
	sort.SliceStable(demoSteps, func(i, j int) bool { return demoSteps[i].order < demoSteps[j].order })
	for _, s := range demoSteps {
		if err := s.run(d, o); err != nil {
			return fmt.Errorf("demo %s: %w", s.name, err)
		}
	}
	abs, _ := filepath.Abs(dir)
	fmt.Fprintf(stdout, "the demo reports are in %s\n", abs)
	return nil
}
