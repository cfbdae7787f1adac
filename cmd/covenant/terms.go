package main

import (
	"fmt"
	"io"

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
			Usage:     "write the terms as signed (minimums, quarter ends, fees, caps, margins) to a workbook",
			UsageText: "covenant terms export FILE",
			Description: "Every figure covenant applies comes from the Supplier Agreement or Amendment No. 10;\n" +
				"the workbook cites the clause of each. Edit it (for example to enter the 2004 minimum\n" +
				"sales when they are redefined, §1.3) and give it to any report with --terms FILE.",
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return usagef("terms export takes one FILE (e.g. covenant terms export terms.xlsx)")
				}
				path := c.Args().First()
				if err := safefile.Write(path, func(w io.Writer) error { return termsbook.Export(terms.Default(), w) }); err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "wrote %s\n", path)
				return nil
			},
		}},
	})
}
