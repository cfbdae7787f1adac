package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/safefile"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/report/termsbook"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:  "terms",
		Usage: "export the contract terms covenant applies, as a workbook you can edit and pass back with --terms",
		Subcommands: []*cli.Command{{
			Name:      "export",
			ArgsUsage: "FILE",
			Usage:     "write the terms as signed (minimums, quarter ends, fees, caps, margins) to a new workbook",
			UsageText: "covenant terms export FILE",
			Description: "Every figure covenant applies comes from the Supplier Agreement or Amendment No. 10;\n" +
				"the workbook cites the clause of each. Edit it (for example to enter the 2004 minimum\n" +
				"sales when they are redefined, §1.3) and give it to any report with --terms FILE.\n" +
				"An existing FILE is never written over (it may be terms you edited): give a new name.",
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return usagef("terms export takes one FILE (e.g. covenant terms export terms.xlsx)")
				}
				return runTermsExport(c.Args().First(), c.App.Writer)
			},
		}},
	})
}

// runTermsExport writes the terms as signed to path, which must not exist: a
// file there may be terms the user edited, or any other of their workbooks, and
// is refused (exit status 2) unless it already holds exactly these terms.
func runTermsExport(path string, stdout io.Writer) error {
	var book bytes.Buffer
	if err := termsbook.Export(terms.Default(), &book); err != nil {
		return err
	}
	switch old, err := os.ReadFile(path); {
	case err == nil && bytes.Equal(old, book.Bytes()):
		fmt.Fprintf(stdout, "%s already holds the terms as signed: left as it is\n", path)
		return nil
	case err == nil:
		return usagef("%s already exists: covenant terms export never writes over a file (it may be terms you edited, or another of your workbooks), and nothing was written; give a new name, or move that file away first", path)
	case !errors.Is(err, fs.ErrNotExist):
		return usagef("%v", err)
	}
	if err := safefile.Write(path, func(w io.Writer) error { _, err := w.Write(book.Bytes()); return err }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", path)
	return nil
}
