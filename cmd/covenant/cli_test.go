package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/samples"
)

// The command line as a new user meets it: every mistake is one line on
// standard error naming what was typed and what to type, exit status 2, and
// nothing on standard output; help is on standard output, exit status 0.
func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	ledger := fixtureLedger(t, dir, nil)
	loan := filepath.Join(dir, "loan-2002.xlsx")
	if err := os.WriteFile(loan, samples.Loan2002, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.xlsx")
	for _, tc := range []struct {
		name string
		args []string
		// stderr is the whole of standard error ("" for none); want, parts
		// of standard output.
		stderr string
		want   []string
		code   int
	}{
		{name: "misspelled flag", args: []string{"monthly", "--monht", "2003-10", "--ledger", ledger},
			stderr: "covenant: unknown flag --monht; did you mean --month?\n", code: 2},
		{name: "misspelled flag with one dash", args: []string{"monthly", "-ledgr", ledger},
			stderr: "covenant: unknown flag --ledgr; did you mean --ledger?\n", code: 2},
		{name: "abbreviated flag", args: []string{"certificate", "--quart", "2003Q4"},
			stderr: "covenant: unknown flag --quart; did you mean --quarter?\n", code: 2},
		{name: "a flag of another command", args: []string{"certificate", "--month", "2003-10"},
			stderr: "covenant: unknown flag --month for certificate: it is a flag of covenant monthly (covenant help certificate lists the flags of certificate)\n", code: 2},
		{name: "nothing near", args: []string{"loanfee", "--zzzzzz"},
			stderr: "covenant: unknown flag --zzzzzz for loanfee (covenant help loanfee lists its flags)\n", code: 2},
		{name: "a password as a flag", args: []string{"monthly", "--password", "x"},
			stderr: "covenant: unknown flag --password; did you mean --password-file or --password-env? (covenant takes a password only from a file or an environment variable, never as a flag's value (the process list shows those))\n", code: 2},
		{name: "a flag without its value", args: []string{"monthly", "--ledger", ledger, "--month"},
			stderr: "covenant: --month needs a value: --month MONTH (the MONTH to report: 2003-10, 10/2003 or Oct 2003)\n", code: 2},
		{name: "a yes-or-no flag given a value", args: []string{"monthly", "--json=maybe"},
			stderr: "covenant: --json=maybe: --json is a yes-or-no flag: give --json alone, or --json=false\n", code: 2},
		{name: "misspelled global flag", args: []string{"--verison"},
			stderr: "covenant: unknown flag --verison; did you mean --version?\n", code: 2},
		{name: "unknown command", args: []string{"montly", "--month", "2003-10"},
			stderr: "covenant: unknown command montly; did you mean monthly?\n", code: 2},
		{name: "abbreviated command", args: []string{"cert"},
			stderr: "covenant: unknown command cert; did you mean certificate?\n", code: 2},
		{name: "unknown subcommand", args: []string{"terms", "exprt", "t.xlsx"},
			stderr: "covenant: unknown command terms exprt; did you mean terms export?\n", code: 2},
		{name: "unknown command, nothing near", args: []string{"frobnicate"},
			stderr: "covenant: unknown command frobnicate; the commands are " + commandList() + " (covenant help explains them)\n", code: 2},
		{name: "required flags missing", args: []string{"monthly"},
			stderr: "covenant: monthly needs --ledger FILE and --month MONTH (covenant help monthly explains them)\n", code: 2},
		{name: "one required flag missing", args: []string{"monthly", "--ledger", ledger},
			stderr: "covenant: monthly needs --month MONTH: the MONTH to report: 2003-10, 10/2003 or Oct 2003\n", code: 2},
		{name: "the certificate's quarter missing", args: []string{"certificate", "--ledger", ledger},
			stderr: "covenant: certificate needs --quarter QUARTER: the calendar QUARTER to certify, e.g. 2003Q1\n", code: 2},
		{name: "extra argument", args: []string{"monthly", "--ledger", ledger, "--month", "2003-10", "2003-11"},
			stderr: "covenant: monthly takes no arguments, but was given \"2003-11\": give each value right after its flag, in quotes if it has spaces\n", code: 2},
		{name: "an unquoted month", args: []string{"monthly", "--ledger", ledger, "--month", "Oct", "2003", "--json"},
			stderr: "covenant: monthly takes no arguments, but was given \"2003\"; the flags after it (--json) were not read: give each value right after its flag, in quotes if it has spaces\n", code: 2},
		{name: "month as a quarter", args: []string{"monthly", "--ledger", ledger, "--month", "2003Q4", "--as-of", "2004-01-10"},
			stderr: "covenant: --month \"2003Q4\": is a quarter; the monthly report is for one month; type --month 2003-10, 2003-11 or 2003-12 (one month of the quarter)\n", code: 2},
		{name: "month 13", args: []string{"monthly", "--ledger", ledger, "--month", "13/2003"},
			stderr: "covenant: --month \"13/2003\": there is no month 13; type --month YYYY-MM, e.g. 2003-10 for October 2003\n", code: 2},
		{name: "month without a year", args: []string{"monthly", "--ledger", ledger, "--month", "October", "--as-of", "2004-02-01"},
			stderr: "covenant: --month \"October\": which year?; type --month 2003-10 (October 2003)\n", code: 2},
		{name: "quarter as a month", args: []string{"certificate", "--ledger", ledger, "--quarter", "2003-11"},
			stderr: "covenant: --quarter \"2003-11\": is a month; the certificate is for a calendar quarter; type --quarter 2003Q4 (the fourth quarter of 2003)\n", code: 2},
		{name: "quarter 5", args: []string{"certificate", "--ledger", ledger, "--quarter", "Q5 2003"},
			stderr: "covenant: --quarter \"Q5 2003\": there is no quarter 5: a year has four; type --quarter YYYYQn, e.g. 2003Q4 for the fourth quarter of 2003\n", code: 2},
		{name: "--out a CSV", args: []string{"monthly", "--ledger", ledger, "--month", "2003-01", "--out", filepath.Join(dir, "x.csv")},
			stderr: "covenant: --out " + filepath.Join(dir, "x.csv") + ": a report is an Excel workbook: give a name ending in .xlsx (--out " + filepath.Join(dir, "x.xlsx") + "), or a folder to write it into (a new folder's name with a dot ends in /, e.g. --out " + filepath.Join(dir, "x.csv") + "/)\n", code: 2},
		{name: "--out a PDF for the certificate", args: []string{"certificate", "--ledger", ledger, "--quarter", "2003Q1", "--out", filepath.Join(dir, "c.pdf")},
			stderr: "covenant: --out " + filepath.Join(dir, "c.pdf") + ": --out names the workbook; --pdf prints the PDF beside it under the same name: give --out " + filepath.Join(dir, "c.xlsx") + " --pdf\n", code: 2},
		{name: "--out a PDF for the loan fee", args: []string{"loanfee", "--loan", loan, "--out", filepath.Join(dir, "l.pdf")},
			stderr: "covenant: --out " + filepath.Join(dir, "l.pdf") + ": a report is an Excel workbook: give a name ending in .xlsx (--out " + filepath.Join(dir, "l.xlsx") + "), or a folder to write it into (a new folder's name with a dot ends in /, e.g. --out " + filepath.Join(dir, "l.pdf") + "/)\n", code: 2},
		{name: "--out an .xls for borrowing", args: []string{"borrowing", "--loan", loan, "--out", filepath.Join(dir, "b.xls")},
			stderr: "covenant: --out " + filepath.Join(dir, "b.xls") + ": a report is an Excel workbook: give a name ending in .xlsx (--out " + filepath.Join(dir, "b.xlsx") + "), or a folder to write it into (a new folder's name with a dot ends in /, e.g. --out " + filepath.Join(dir, "b.xls") + "/)\n", code: 2},
		{name: "the demo into a workbook's name", args: []string{"demo", "--out", filepath.Join(dir, "demo.xlsx")},
			stderr: "covenant: --out " + filepath.Join(dir, "demo.xlsx") + ": the demo writes several files into a folder; give a folder's name (a new folder's name with a dot ends in /, e.g. --out " + filepath.Join(dir, "demo.xlsx") + "/)\n", code: 2},
		{name: "--eml into a missing folder", args: []string{"monthly", "--ledger", ledger, "--month", "2003-01", "--out", out, "--email-to", "reports@arrow.example", "--from", "a@iec.example", "--eml", filepath.Join(dir, "missing", "m.eml")},
			stderr: "covenant: --eml " + filepath.Join(dir, "missing", "m.eml") + ": the folder " + filepath.Join(dir, "missing") + " does not exist: create it first, or give --eml a file in a folder that exists\n", code: 2},
		{name: "send --eml into a missing folder", args: []string{"send", ledger, "--to", "reports@arrow.example", "--from", "a@iec.example", "--eml", filepath.Join(dir, "missing", "m.eml")},
			stderr: "covenant: --eml " + filepath.Join(dir, "missing", "m.eml") + ": the folder " + filepath.Join(dir, "missing") + " does not exist: create it first, or give --eml a file in a folder that exists\n", code: 2},
		{name: "--eml a folder", args: []string{"send", ledger, "--to", "reports@arrow.example", "--from", "a@iec.example", "--eml", dir},
			stderr: "covenant: --eml " + dir + " is a folder: give the message a file name ending in .eml\n", code: 2},
		{name: "help", args: []string{"help"}, want: append([]string{"USAGE:", "COMMANDS:"}, commandNames()...)},
		{name: "--help", args: []string{"--help"}, want: commandNames()},
		{name: "help COMMAND", args: []string{"help", "monthly"}, want: []string{"covenant monthly - write the monthly material-spend report", "--month MONTH", "--prepared-by NAME"}},
		{name: "help COMMAND SUBCOMMAND", args: []string{"help", "terms", "export"}, want: []string{"covenant terms export - write the terms as signed", "covenant terms export FILE"}},
		{name: "help of a parent", args: []string{"help", "terms"}, want: []string{"covenant terms - export the contract terms", "export"}},
		{name: "COMMAND --help", args: []string{"certificate", "--help"}, want: []string{"covenant certificate - write the quarterly compliance certificate", "--prepared-by NAME"}},
		{name: "help of an unknown command", args: []string{"help", "montly"},
			stderr: "covenant: unknown command montly; did you mean monthly?\n", code: 2},
		{name: "help of an unknown subcommand", args: []string{"help", "monthly", "now"},
			stderr: "covenant: help: monthly has no subcommand now (covenant help monthly)\n", code: 2},
		{name: "no command", args: nil, want: []string{"USAGE:", "COMMANDS:"}},
		{name: "--version", args: []string{"--version"}, want: []string{"covenant version " + version}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			if stderr != tc.stderr {
				t.Errorf("stderr:\n%q\nwant:\n%q", stderr, tc.stderr)
			}
			if tc.code != 0 && stdout != "" {
				t.Errorf("a usage error printed on standard output:\n%s", stdout)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			for _, p := range []string{".covenant-tmp", "Incorrect Usage", "No help topic"} {
				if strings.Contains(stdout+stderr, p) {
					t.Errorf("output holds %q", p)
				}
			}
		})
	}
	for _, p := range []string{"x.csv", "c.pdf", "l.pdf", "b.xls", "demo.xlsx", "missing", "out.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s was made by a refused command", p)
		}
	}
}

// Every command, whatever commands exist: a misspelled name gets the
// command, a misspelled flag its flag, an argument to a command that takes
// none is refused, and help lists it.
func TestEveryCommandLine(t *testing.T) {
	_, helpOut, _ := runCLI(t, "help")
	var walk func(list []*cli.Command, parent []string)
	walk = func(list []*cli.Command, parent []string) {
		for _, cmd := range list {
			if cmd.Name == "help" {
				continue
			}
			path := append(append([]string(nil), parent...), cmd.Name)
			full := strings.Join(path, " ")
			if len(parent) == 0 && !strings.Contains(helpOut, "   "+cmd.Name+" ") {
				t.Errorf("covenant help does not list %s", cmd.Name)
			}
			if len(cmd.Name) >= 4 {
				// two letters swapped: the nearest is the command
				typo := swap(cmd.Name)
				code, stdout, stderr := runCLI(t, append(parent, typo)...)
				want := "covenant: unknown command " + strings.Join(append(append([]string(nil), parent...), typo), " ") + "; did you mean " + full + "?\n"
				if code != 2 || stderr != want || stdout != "" {
					t.Errorf("%s: exit %d, stderr %q, want %q", typo, code, stderr, want)
				}
			}
			if len(cmd.Subcommands) > 0 {
				walk(cmd.Subcommands, path)
				continue
			}
			if code, stdout, stderr := runCLI(t, append(path, "--help")...); code != 0 || !strings.Contains(stdout, "covenant "+full) || stderr != "" {
				t.Errorf("%s --help: exit %d\n%s\n%s", full, code, stdout, stderr)
			}
			for _, f := range cmd.Flags {
				name := f.Names()[0]
				if len(name) < 5 || name == "help" {
					continue
				}
				typo := swap(name)
				if typo == name {
					continue // --approve: the two letters are the same
				}
				code, stdout, stderr := runCLI(t, append(path, "--"+typo)...)
				if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "covenant: unknown flag --"+typo+"; did you mean ") || !strings.Contains(stderr, "--"+name) {
					t.Errorf("%s --%s: exit %d, stderr %q", full, typo, code, stderr)
				}
			}
			if cmd.ArgsUsage == "" && !usageShowsArguments(cmd.UsageText, full) {
				code, stdout, stderr := runCLI(t, append(path, "stray-word")...)
				want := "covenant: " + full + " takes no arguments, but was given \"stray-word\""
				if code != 2 || stdout != "" || !strings.HasPrefix(stderr, want) {
					t.Errorf("%s stray-word: exit %d, stderr %q, want %q", full, code, stderr, want)
				}
			}
		}
	}
	walk(commands, nil)
}

// swap exchanges the second and third letters: monthly -> mnothly.
func swap(s string) string {
	r := []rune(s)
	r[1], r[2] = r[2], r[1]
	return string(r)
}

func commandNames() []string {
	var names []string
	for _, c := range commands {
		names = append(names, c.Name)
	}
	return append(names, "help")
}

func commandList() string {
	names := commandNames()
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// The forms an accountant writes a month or a quarter in give the same
// report as covenant's own.
func TestPeriodForms(t *testing.T) {
	dir := t.TempDir()
	ledger := fixtureLedger(t, dir, nil)
	for i, month := range []string{"2003-01", "01/2003", "1/2003", "2003/01", "Jan 2003", "January 2003", "jan-2003"} {
		out := filepath.Join(dir, "m"+string(rune('a'+i))+".xlsx")
		code, stdout, stderr := runCLI(t, "monthly", "--ledger", ledger, "--month", month, "--as-of", "2003-02-03", "--out", out, "--json")
		if code != 0 {
			t.Fatalf("--month %q: exit %d: %s", month, code, stderr)
		}
		var j monthlyJSON
		if err := json.Unmarshal([]byte(stdout), &j); err != nil || j.PeriodStart != "2003-01-01" || j.PeriodEnd != "2003-01-31" {
			t.Errorf("--month %q: %v %+v", month, err, j)
		}
	}
	for i, quarter := range []string{"2003Q1", "Q1 2003", "1Q03", "2003-Q1", "q1-2003", "first quarter of 2003"} {
		out := filepath.Join(dir, "c"+string(rune('a'+i))+".xlsx")
		code, stdout, stderr := runCLI(t, "certificate", "--ledger", ledger, "--quarter", quarter, "--as-of", "2003-04-10", "--out", out, "--json")
		if code != 0 {
			t.Fatalf("--quarter %q: exit %d: %s", quarter, code, stderr)
		}
		var j certificateJSON
		if err := json.Unmarshal([]byte(stdout), &j); err != nil || j.Quarter != "2003Q1" || j.CalendarStart != "2003-01-01" {
			t.Errorf("--quarter %q: %v %+v", quarter, err, j)
		}
	}
}

// Prepared by is a field a person fills in or signs: blank unless
// --prepared-by names someone, on every report; covenant's version is on the
// audit sheet, and the name too when given.
func TestPreparedBy(t *testing.T) {
	dir := t.TempDir()
	ledger := fixtureLedger(t, dir, nil)
	loan := filepath.Join(dir, "loan-2002.xlsx")
	if err := os.WriteFile(loan, samples.Loan2002, 0o644); err != nil {
		t.Fatal(err)
	}
	reports := []struct {
		name string
		args []string
		// cover is the sheet with the Prepared by field ("" when the
		// template has none: the certificate's page has a signature block)
		cover string
	}{
		{"monthly", []string{"monthly", "--ledger", ledger, "--month", "2003-01", "--as-of", "2003-02-03"}, "Cover"},
		{"certificate", []string{"certificate", "--ledger", ledger, "--quarter", "2003Q1", "--as-of", "2003-04-10"}, ""},
		{"loanfee", []string{"loanfee", "--loan", loan, "--as-of", "2003-01-15"}, "Summary"},
		{"borrowing", []string{"borrowing", "--loan", loan, "--as-of", "2003-01-15"}, "Summary"},
	}
	for _, r := range reports {
		for _, who := range []string{"", "Jane Doe, Controller"} {
			out := filepath.Join(dir, r.name+map[bool]string{true: "-blank", false: "-named"}[who == ""]+".xlsx")
			args := append(append([]string(nil), r.args...), "--out", out)
			if who != "" {
				args = append(args, "--prepared-by", who)
			}
			if code, _, stderr := runCLI(t, args...); code != 0 {
				t.Fatalf("%s: exit %d: %s", r.name, code, stderr)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if r.cover != "" {
				ref := ""
				for _, dn := range f.GetDefinedName() {
					if dn.Name == "PreparedBy" {
						ref = dn.RefersTo
					}
				}
				sheet, cell, ok := strings.Cut(strings.ReplaceAll(ref, "$", ""), "!")
				if !ok {
					t.Fatalf("%s: no PreparedBy name", r.name)
				}
				v, _ := f.GetCellValue(strings.Trim(sheet, "'"), cell)
				if v != who {
					t.Errorf("%s %s: Prepared by %q, want %q", r.name, who, v, who)
				}
			}
			rows, _ := f.GetRows("Audit")
			audit := map[string]string{}
			for _, row := range rows {
				if len(row) >= 2 {
					audit[row[0]] = row[1]
				}
			}
			if audit["covenant version"] != version {
				t.Errorf("%s: the audit sheet's version is %q", r.name, audit["covenant version"])
			}
			if audit["Prepared by"] != who {
				t.Errorf("%s: the audit sheet's Prepared by is %q, want %q", r.name, audit["Prepared by"], who)
			}
			for _, sheet := range f.GetSheetList() {
				rows, _ := f.GetRows(sheet)
				for _, row := range rows {
					for _, v := range row {
						if strings.Contains(v, "covenant demo") || (v == "covenant "+version) {
							t.Errorf("%s sheet %s says %q", r.name, sheet, v)
						}
					}
				}
			}
			f.Close()
		}
	}
}

// A command shows its arguments in ArgsUsage or in its usage line; one that
// shows none refuses them.
func TestUsageShowsArguments(t *testing.T) {
	for _, tt := range []struct {
		usage, path string
		want        bool
	}{
		{"covenant monthly --ledger FILE --month YYYY-MM [--out FILE|DIR] [--in-place] [--as-of YYYY-MM-DD] [--json]\n     [--password-file FILE]", "monthly", false},
		{"covenant certificate --ledger FILE --quarter 2003Q1 [--terms FILE] [--template FILE]", "certificate", false},
		{"covenant demo [--out DIR]", "demo", false},
		{"covenant version", "version", false},
		{"", "version", false},
		{"covenant terms export FILE", "terms export", true},
		{"covenant ledger new [--loan] [--force] FILE.xlsx", "ledger new", true},
		{"covenant templates export [--force] DIR", "templates export", true},
		{"covenant send FILE... --to ADDR[,ADDR] [--cc ADDR]", "send", true},
		{"covenant help [COMMAND [SUBCOMMAND]]", "help", false},
	} {
		if got := usageShowsArguments(tt.usage, tt.path); got != tt.want {
			t.Errorf("usageShowsArguments(%q) = %v, want %v", tt.usage, got, tt.want)
		}
	}
}
