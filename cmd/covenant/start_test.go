package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/blankbook"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/templates"
)

// sheetsOf lists a workbook's sheets.
func sheetsOf(t *testing.T, path string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return f.GetSheetList()
}

// noTempFiles fails if a temporary file was left in dir.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".covenant-tmp-") {
			t.Errorf("temporary file %s left in %s", e.Name(), dir)
		}
	}
}

// TestLedgerNew: covenant ledger new writes the blank ledger (--loan: the loan
// workbook) with the Read Me first and every sheet the readers know; it never
// writes over a file without --force, refuses a name that is not .xlsx and a
// folder that does not exist, and leaves no temporary file.
func TestLedgerNew(t *testing.T) {
	for _, tt := range []struct {
		args []string
		book blankbook.Book
		next string
	}{
		{nil, blankbook.LedgerBook(), "then run covenant monthly --ledger "},
		{[]string{"--loan"}, blankbook.LoanBook(), "then run covenant loanfee --loan "},
	} {
		t.Run(strings.Join(append([]string{"new"}, tt.args...), " "), func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "books.xlsx")
			args := append(append([]string{"ledger", "new"}, tt.args...), p)
			code, stdout, stderr := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(stdout, "wrote "+p+"\n") || !strings.Contains(stdout, tt.next+p) {
				t.Errorf("stdout:\n%s", stdout)
			}
			want := []string{blankbook.ReadMe}
			for _, s := range tt.book.Sheets {
				want = append(want, s.Name)
				if !strings.Contains(stdout, s.Name) {
					t.Errorf("stdout does not name the sheet %s:\n%s", s.Name, stdout)
				}
			}
			if got := sheetsOf(t, p); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("sheets %q, want %q", got, want)
			}
			first, _ := os.ReadFile(p)

			// never over a file...
			code, _, stderr = runCLI(t, args...)
			if code != 2 || !strings.Contains(stderr, p+" already exists: covenant ledger new never writes over a file") || !strings.Contains(stderr, "nothing was written") || !strings.Contains(stderr, "--force") {
				t.Errorf("second run: exit %d, %s", code, stderr)
			}
			mine := []byte("the accountant's own workbook")
			os.WriteFile(p, mine, 0o644)
			if code, _, _ := runCLI(t, args...); code != 2 {
				t.Errorf("over another file: exit %d", code)
			}
			if got, _ := os.ReadFile(p); !bytes.Equal(got, mine) {
				t.Error("a refused run changed the file")
			}
			// ...unless --force
			forced := append(append([]string{"ledger", "new", "--force"}, tt.args...), p)
			if code, _, stderr := runCLI(t, forced...); code != 0 {
				t.Fatalf("--force: exit %d: %s", code, stderr)
			}
			// the blank workbook again (its properties carry the time it was
			// made, so its size may differ from the first by a byte or two)
			if got, _ := os.ReadFile(p); bytes.Equal(got, mine) || len(got) < len(first)-16 || len(got) > len(first)+16 {
				t.Errorf("--force wrote %d bytes, want a blank workbook of about %d", len(got), len(first))
			}
			if got := sheetsOf(t, p); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("--force: sheets %q, want %q", got, want)
			}
			noTempFiles(t, dir)

			for _, bad := range []struct{ path, msg string }{
				{filepath.Join(dir, "books.xls"), "must end in .xlsx"},
				{filepath.Join(dir, "books"), "must end in .xlsx"},
				{filepath.Join(dir, "missing", "books.xlsx"), "the folder " + filepath.Join(dir, "missing") + " does not exist"},
			} {
				code, _, stderr := runCLI(t, append(append([]string{"ledger", "new"}, tt.args...), bad.path)...)
				if code != 2 || !strings.Contains(stderr, bad.msg) {
					t.Errorf("%s: exit %d, %s", bad.path, code, stderr)
				}
				if _, err := os.Stat(bad.path); err == nil {
					t.Errorf("%s was written", bad.path)
				}
			}
			folder := filepath.Join(dir, "folder.xlsx")
			os.Mkdir(folder, 0o755)
			if code, _, stderr := runCLI(t, "ledger", "new", "--force", folder); code != 2 || !strings.Contains(stderr, "is a folder") {
				t.Errorf("a folder: exit %d, %s", code, stderr)
			}
			if code, _, _ := runCLI(t, "ledger", "new"); code != 2 {
				t.Errorf("no FILE: exit %d", code)
			}
		})
	}
}

// stderrOnlyWarnings fails unless every line on standard error is a warning.
func stderrOnlyWarnings(t *testing.T, what, stderr string) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if line != "" && !strings.HasPrefix(line, "covenant: warning: ") {
			t.Errorf("%s: %s", what, line)
		}
	}
}

// TestBlankLedgersThroughEveryCommand: the blank workbooks, as covenant ledger
// new writes them, go through every command that reads them: monthly (with
// --json, --in-place and send --eml) and certificate (with --in-place) run on
// an empty ledger; loanfee runs on a loan workbook with no event and no
// payment; borrowing refuses an empty Borrowing sheet with a message naming
// the sheet and saying what to enter; status and calendar run on both, the
// empty Borrowing sheet showing no cap kept.
func TestBlankLedgersThroughEveryCommand(t *testing.T) {
	dir := t.TempDir()
	books, loan := filepath.Join(dir, "ledger.xlsx"), filepath.Join(dir, "loan.xlsx")
	for _, args := range [][]string{{"ledger", "new", books}, {"ledger", "new", "--loan", loan}} {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, stderr)
		}
	}
	out := filepath.Join(dir, "out")

	code, stdout, stderr := runCLI(t, "monthly", "--ledger", books, "--month", "2003-01", "--as-of", "2003-02-03", "--out", out, "--json")
	if code != 0 {
		t.Fatalf("monthly: exit %d: %s", code, stderr)
	}
	stderrOnlyWarnings(t, "monthly", stderr)
	var m monthlyJSON
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatalf("monthly --json: %v\n%s", err, stdout)
	}
	if m.Lines != 0 || m.FranchisedLines != 0 || m.FranchisedSpend != "0.00" || m.ExceptionSpend != "0.00" || len(m.Exceptions) != 0 {
		t.Errorf("monthly on a blank ledger: %+v", m)
	}
	report := filepath.Join(out, "monthly-2003-01.xlsx")
	if got := sheetsOf(t, report); len(got) == 0 {
		t.Errorf("monthly report has no sheets")
	}
	code, stdout, stderr = runCLI(t, "send", report, "--to", "reports@arrow.example", "--from", "ap@iec.example", "--eml", filepath.Join(dir, "monthly.eml"))
	if code != 0 {
		t.Errorf("send --eml of the empty month: exit %d: %s%s", code, stdout, stderr)
	}

	code, stdout, stderr = runCLI(t, "certificate", "--ledger", books, "--quarter", "2003Q1", "--as-of", "2003-04-30", "--out", out, "--json")
	if code != 0 {
		t.Fatalf("certificate: exit %d: %s", code, stderr)
	}
	stderrOnlyWarnings(t, "certificate", stderr)
	var c map[string]any
	if err := json.Unmarshal([]byte(stdout), &c); err != nil || c["report"] != "certificate" {
		t.Errorf("certificate --json: %v\n%s", err, stdout)
	}

	for _, args := range [][]string{
		{"monthly", "--ledger", books, "--month", "2003-01", "--as-of", "2003-02-03", "--out", out, "--in-place"},
		{"certificate", "--ledger", books, "--quarter", "2003Q1", "--as-of", "2003-04-30", "--out", out, "--in-place"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Errorf("%s --in-place: exit %d: %s", args[0], code, stderr)
		}
	}
	// the ledger updated in place still reads, and is still empty
	l, err := ledger.Open(books)
	if err != nil {
		t.Fatalf("the blank ledger after --in-place: %v", err)
	}
	n := 0
	l.Purchases(func(*ledger.POLine) { n++ })
	l.Close()
	if n != 0 {
		t.Errorf("%d PO lines after --in-place", n)
	}

	code, stdout, stderr = runCLI(t, "loanfee", "--loan", loan, "--as-of", "2003-01-31", "--out", out, "--json")
	if code != 0 {
		t.Fatalf("loanfee: exit %d: %s", code, stderr)
	}
	stderrOnlyWarnings(t, "loanfee", stderr)
	var lf map[string]any
	if err := json.Unmarshal([]byte(stdout), &lf); err != nil || lf["report"] != "loanfee" {
		t.Errorf("loanfee --json: %v\n%s", err, stdout)
	}

	code, stdout, stderr = runCLI(t, "status", "--ledger", books, "--loan", loan, "--as-of", "2003-01-31", "--out", out, "--json")
	if code != 0 {
		t.Fatalf("status: exit %d: %s", code, stderr)
	}
	stderrOnlyWarnings(t, "status", stderr)
	var st statusJSON
	if err := json.Unmarshal([]byte(stdout), &st); err != nil || st.Report != "status" || len(st.Obligations) != 72 {
		t.Errorf("status --json: %v\n%s", err, stdout)
	}
	for _, o := range st.Obligations {
		if strings.HasPrefix(o.ID, "cap-") && (o.Status != "late" || !strings.Contains(o.Detail, "the Borrowing sheet has no row for the days")) {
			t.Errorf("status on a blank loan workbook: %s %s: %s", o.ID, o.Status, o.Detail)
		}
	}
	if code, _, stderr := runCLI(t, "calendar", "--ledger", books, "--loan", loan, "--as-of", "2003-01-31", "--out", filepath.Join(out, "o.ics")); code != 0 {
		t.Errorf("calendar: exit %d: %s", code, stderr)
	}

	code, _, stderr = runCLI(t, "borrowing", "--loan", loan, "--as-of", "2003-01-31", "--out", out)
	if code != 2 || !strings.Contains(stderr, "loan.xlsx, sheet Borrowing: has no data rows below the header (row 1): enter the balances and the Prime Rate of each business day") {
		t.Errorf("borrowing on a blank loan workbook: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "borrowing.xlsx")); err == nil {
		t.Error("borrowing wrote a report from an empty Borrowing sheet")
	}
}

// TestTemplatesExport: covenant templates export writes every built-in
// template, byte for byte, into a folder it makes; a run over the same files
// leaves them; a file that differs is refused with nothing written (not even
// the missing ones) unless --force; an exported template fills its report.
func TestTemplatesExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my templates")
	code, stdout, stderr := runCLI(t, "templates", "export", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	check := func(when string) {
		t.Helper()
		for _, tpl := range templates.All() {
			got, err := os.ReadFile(filepath.Join(dir, tpl.Name))
			if err != nil || !bytes.Equal(got, tpl.Data) {
				t.Errorf("%s: %s is not the built-in template (%v)", when, tpl.Name, err)
			}
		}
		noTempFiles(t, dir)
	}
	check("first export")
	for _, tpl := range templates.All() {
		if !strings.Contains(stdout, "wrote "+filepath.Join(dir, tpl.Name)+"\n") {
			t.Errorf("stdout does not say it wrote %s:\n%s", tpl.Name, stdout)
		}
	}
	if !strings.Contains(stdout, "--template") {
		t.Errorf("stdout does not say how to use them:\n%s", stdout)
	}

	code, stdout, stderr = runCLI(t, "templates", "export", dir)
	if code != 0 || strings.Count(stdout, "left as it is") != len(templates.All()) {
		t.Errorf("second export: exit %d: %s%s", code, stdout, stderr)
	}

	restyled := filepath.Join(dir, "monthly.xlsx")
	os.WriteFile(restyled, []byte("restyled"), 0o644)
	os.Remove(filepath.Join(dir, "loanfee.xlsx"))
	code, _, stderr = runCLI(t, "templates", "export", dir)
	if code != 2 || !strings.Contains(stderr, restyled+" already exists") || !strings.Contains(stderr, "nothing was written") {
		t.Errorf("over a restyled template: exit %d: %s", code, stderr)
	}
	if got, _ := os.ReadFile(restyled); string(got) != "restyled" {
		t.Error("the restyled template was written over")
	}
	if _, err := os.Stat(filepath.Join(dir, "loanfee.xlsx")); err == nil {
		t.Error("a refused export wrote loanfee.xlsx")
	}
	if code, _, stderr := runCLI(t, "templates", "export", "--force", dir); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	check("--force")

	file := filepath.Join(t.TempDir(), "a file")
	os.WriteFile(file, nil, 0o644)
	if code, _, stderr := runCLI(t, "templates", "export", file); code != 2 || !strings.Contains(stderr, "is a file") {
		t.Errorf("DIR a file: exit %d: %s", code, stderr)
	}

	ledgerPath := sampleLedger(t, t.TempDir())
	code, _, stderr = runCLI(t, "monthly", "--ledger", ledgerPath, "--month", "2003-10", "--as-of", "2003-11-03",
		"--template", restyled, "--out", filepath.Join(t.TempDir(), "m.xlsx"))
	if code != 0 {
		t.Errorf("monthly --template with the exported template: exit %d: %s", code, stderr)
	}
}

// TestVersion: covenant version and covenant --version print the version, the
// commit stamped at build (-X main.commit), else the go command's, else
// "unknown", and the toolchain.
func TestVersion(t *testing.T) {
	defer func(v, c string) { version, commit = v, c }(version, commit)
	version, commit = "1.2.3", "0123456789abcdef0123456789abcdef01234567"
	want := "covenant version 1.2.3 (commit 0123456789abcdef0123456789abcdef01234567, " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || stdout != want {
			t.Errorf("%q: exit %d, %q%s, want %q", args, code, stdout, stderr, want)
		}
	}
	if code, _, _ := runCLI(t, "version", "extra"); code != 2 {
		t.Errorf("version extra: exit %d", code)
	}
	commit = ""
	if _, stdout, _ := runCLI(t, "version"); !strings.HasPrefix(stdout, "covenant version 1.2.3 (commit ") {
		t.Errorf("unstamped: %q", stdout)
	}

	for _, tt := range []struct {
		settings []debug.BuildSetting
		want     string
	}{
		{nil, ""},
		{[]debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}, "abc"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}, "abc-dirty"},
		{[]debug.BuildSetting{{Key: "vcs.modified", Value: "true"}}, ""},
	} {
		if got := vcsCommit(&debug.BuildInfo{Settings: tt.settings}); got != tt.want {
			t.Errorf("vcsCommit(%v) = %q, want %q", tt.settings, got, tt.want)
		}
	}
	if vcsCommit(nil) != "" {
		t.Error("vcsCommit(nil)")
	}
}
