// Command covenant keeps a contract manufacturer's books in line with its Supplier
// Agreement with Arrow CMS (Dec 27 2002) and Amendment No. 10 to its Loan and
// Security Agreement (Oct 1 2002): it writes the monthly material-spend report,
// the quarterly certificate and the loan schedules as Excel workbooks, and
// computes compliance columns in the accountant's own workbook.
//
// Exit status: 0 done; 2 bad input or usage (the message names file, sheet and
// cell); 1 anything else.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/safefile"
)

// commands is filled by each command's file.
var commands []*cli.Command

func newApp(stdout, stderr io.Writer) *cli.App {
	return withUsage(&cli.App{
		Name:    "covenant",
		Usage:   "compliance reports for the Arrow CMS Supplier Agreement and Loan Amendment No. 10",
		Version: versionLine(),
		Description: "covenant reads your ledger workbook and writes the reports the agreements ask for:\n" +
			"the monthly material-spend report (§1.2), the quarterly certificate (§1.2, §1.3) and the\n" +
			"loan schedules (Amendment No. 10). Every figure in a report is a live Excel formula.",
		Commands:        commands,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {},
	})
}

func main() {
	// A month-end run over a million PO lines must fit in a small machine: keep
	// the heap near what is live rather than letting it double (GOMEMLIMIT, when
	// set, wins).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(150 << 20)
	}
	// COVENANT_CPUPROFILE=file writes a CPU profile (see docs/performance.md).
	if path := os.Getenv("COVENANT_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			code := run(os.Args, os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	err := newApp(stdout, stderr).Run(args)
	if err == nil {
		return 0
	}
	msg := err.Error()
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintln(stderr, "covenant: "+line)
	}
	return exitCode(err)
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func exitCode(err error) int {
	var u usageError
	var refused *safefile.RefusedError
	if errors.As(err, &u) || ledger.IsInputError(err) || errors.As(err, &refused) {
		return 2
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	if strings.Contains(err.Error(), "flag provided but not defined") || strings.Contains(err.Error(), "Required flag") {
		return 2
	}
	return 1
}
