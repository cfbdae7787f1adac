package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/blankbook"
)

func init() {
	commands = append(commands, &cli.Command{
		Name:  "ledger",
		Usage: "start a ledger or loan workbook of your own",
		Subcommands: []*cli.Command{{
			Name:      "new",
			Usage:     "write a blank ledger workbook (or, with --loan, a blank loan workbook) to fill in",
			UsageText: "covenant ledger new [--loan] [--force] FILE.xlsx",
			Description: "Writes an empty workbook with every sheet and column covenant reads: the ledger's\n" +
				sheetNames(blankbook.LedgerBook()) + ";\nwith --loan, the loan workbook's " + sheetNames(blankbook.LoanBook()) + ".\n" +
				"Each column is formatted for what it holds, the yes/no and answer columns have drop-down\n" +
				"lists, and the first sheet, Read Me, explains every column with its clause. An existing\n" +
				"FILE is never written over unless --force.",
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "loan", Usage: "write the loan workbook (for loanfee and borrowing) instead of the ledger"},
				&cli.BoolFlag{Name: "force", Usage: "replace FILE if it exists"},
			},
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return usagef("ledger new takes one FILE (e.g. covenant ledger new ledger.xlsx)")
				}
				return runLedgerNew(ledgerNewOptions{
					Path: c.Args().First(), Loan: c.Bool("loan"), Force: c.Bool("force"),
					Now: time.Now(), Stdout: c.App.Writer,
				})
			},
		}},
	})
}

type ledgerNewOptions struct {
	Path  string
	Loan  bool
	Force bool
	// Now is the workbook's creation time.
	Now    time.Time
	Stdout io.Writer
}

func runLedgerNew(o ledgerNewOptions) error {
	if !strings.EqualFold(filepath.Ext(o.Path), ".xlsx") {
		return usagef("%s: the blank workbook's name must end in .xlsx (e.g. covenant ledger new ledger.xlsx)", o.Path)
	}
	book, next := blankbook.LedgerBook(), "covenant monthly --ledger %s --month YYYY-MM"
	if o.Loan {
		book, next = blankbook.LoanBook(), "covenant loanfee --loan %s, covenant borrowing --loan %s"
	}
	var buf bytes.Buffer
	if err := book.Write(&buf, o.Now); err != nil {
		return err
	}
	if err := writeNewFiles("covenant ledger new", "give another name", []newFile{{Path: o.Path, Data: buf.Bytes()}}, o.Force, o.Stdout); err != nil {
		return err
	}
	fmt.Fprintf(o.Stdout, "its sheets: %s (what each column holds, with its clause), %s; fill them in, then run %s\n",
		blankbook.ReadMe, sheetNames(book), strings.ReplaceAll(next, "%s", quoteArg(o.Path)))
	return nil
}

// sheetNames lists the book's data sheets: "Fee Events, Fee Payments, Borrowing".
func sheetNames(b blankbook.Book) string {
	var names []string
	for _, s := range b.Sheets {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}

// quoteArg quotes a path for a command line when it needs it.
func quoteArg(s string) string {
	if strings.ContainsAny(s, " \t'\"$&;|<>()*?[]#~`\\") {
		return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
	}
	return s
}
