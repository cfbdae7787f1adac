package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/templates"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:  "templates",
		Usage: "the built-in report templates, to restyle",
		Subcommands: []*cli.Command{{
			Name:      "export",
			Usage:     "write the built-in report templates into a folder, to restyle in Excel",
			UsageText: "covenant templates export [--force] DIR",
			Description: "Writes monthly.xlsx, certificate.xlsx, loanfee.xlsx, borrowing.xlsx and status.xlsx, the templates\n" +
				"the reports are filled from, into DIR (made if missing). Restyle one in Excel (fonts,\n" +
				"colours, widths, titles, logos; keep its defined names) and give it to its report with\n" +
				"--template FILE. A file already in DIR is never written over unless --force.",
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "force", Usage: "replace the templates already in DIR"},
			},
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return usagef("templates export takes one DIR (e.g. covenant templates export templates)")
				}
				return runTemplatesExport(templatesExportOptions{Dir: c.Args().First(), Force: c.Bool("force"), Stdout: c.App.Writer})
			},
		}},
	})
}

type templatesExportOptions struct {
	Dir    string
	Force  bool
	Stdout io.Writer
}

func runTemplatesExport(o templatesExportOptions) error {
	if st, err := os.Stat(o.Dir); err == nil && !st.IsDir() {
		return usagef("%s is a file: give the folder to write the templates into", o.Dir)
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return err
	}
	var files []newFile
	for _, t := range templates.All() {
		files = append(files, newFile{Path: filepath.Join(o.Dir, t.Name), Data: t.Data, KeepSame: true})
	}
	if err := writeNewFiles("covenant templates export", "give another folder", files, o.Force, o.Stdout); err != nil {
		return err
	}
	fmt.Fprintf(o.Stdout, "restyle a template in Excel, keeping its defined names, and give it to its report with --template, e.g. covenant monthly --template %s ...\n",
		quoteArg(filepath.Join(o.Dir, "monthly.xlsx")))
	return nil
}
