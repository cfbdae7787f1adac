package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/safefile"
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
			"output is the same on every run. A file of the same name already in the folder that\n" +
			"an earlier demo did not write (or that was changed since) is never written over.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "folder to write into", Value: "covenant-demo"},
		},
		Action: func(c *cli.Context) error {
			if err := checkFolder(c.String("out")); err != nil {
				return err
			}
			return runDemo(c.String("out"), c.App.Writer, c.App.ErrWriter)
		},
	})
}

// demoStep is one report the demo writes; each report's file registers its own
// in init, with an order and the name of the file it writes into the folder.
type demoStep struct {
	order  int
	name   string
	output string
	run    func(d demoInputs, o common) error
}

// demoInputs are the sample workbooks copied into the demo folder.
type demoInputs struct {
	Dir    string
	Ledger string // samples/ledger-2003.xlsx
	Loan   string // samples/loan-2002.xlsx, when the samples have it
}

var demoSteps []demoStep

func init() {
	demoSteps = append(demoSteps, demoStep{order: 10, name: "monthly", output: "monthly-2003-10.xlsx", run: func(d demoInputs, o common) error {
		o.AsOf = terms.Date(2003, 11, 3)
		o.InPlace = true
		_, err := runMonthly(monthlyOptions{common: o, Ledgers: []string{d.Ledger}, Month: terms.Date(2003, 10, 1)})
		return err
	}})
}

// demoMarker lists, in the folder, the files the demo wrote there with their
// SHA-256 as it left them (the format of sha256sum, so `sha256sum -c` reads it).
const demoMarker = ".covenant-demo"

func runDemo(dir string, stdout, stderr interface {
	Write([]byte) (int, error)
}) error {
	sort.SliceStable(demoSteps, func(i, j int) bool { return demoSteps[i].order < demoSteps[j].order })
	d := demoInputs{Dir: dir, Ledger: filepath.Join(dir, "ledger-2003.xlsx"), Loan: filepath.Join(dir, "loan-2002.xlsx")}
	copies := []struct {
		path string
		data []byte
		what string
	}{{d.Ledger, samples.Ledger2003, "ledger"}, {d.Loan, samples.Loan2002, "loan workbook"}}
	names := []string{filepath.Base(d.Ledger), filepath.Base(d.Loan)}
	for _, s := range demoSteps {
		names = append(names, s.output)
	}
	if err := refuseDemoOverwrite(dir, names); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, c := range copies {
		if err := safefile.Write(c.path, func(w io.Writer) error { _, err := w.Write(c.data); return err }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "copied the sample %s to %s\n", c.what, c.path)
	}
	o := common{Out: dir, Stdout: stdout, Stderr: stderr}
	for _, s := range demoSteps {
		if err := s.run(d, o); err != nil {
			return fmt.Errorf("demo %s: %w", s.name, err)
		}
	}
	var marker bytes.Buffer
	for _, n := range names {
		sum, err := fileSHA256(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		fmt.Fprintf(&marker, "%s  %s\n", sum, n)
	}
	if err := safefile.Write(filepath.Join(dir, demoMarker), func(w io.Writer) error { _, err := w.Write(marker.Bytes()); return err }); err != nil {
		return err
	}
	abs, _ := filepath.Abs(dir)
	fmt.Fprintf(stdout, "the demo reports are in %s\n", abs)
	return nil
}

// refuseDemoOverwrite refuses (exit status 2) a folder that holds a file of
// one of the demo's names which the demo did not write there, or which was
// changed since: it may be the user's own ledger, and the demo would replace
// it with the sample.
func refuseDemoOverwrite(dir string, names []string) error {
	own := map[string]string{} // name: SHA-256 as the demo left it
	if b, err := os.ReadFile(filepath.Join(dir, demoMarker)); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if sum, name, ok := strings.Cut(line, "  "); ok {
				own[name] = sum
			}
		}
	}
	for _, n := range names {
		p := filepath.Join(dir, n)
		sum, err := fileSHA256(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return usagef("--out %s: %v", dir, err)
		}
		if own[n] != sum {
			return usagef("%s is already there and is not the demo's own (or was changed since the demo wrote it): covenant demo never writes over it, and nothing was written; give --out a new folder, or move that file away first", p)
		}
	}
	return nil
}
