package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/report/termsbook"
	"github.com/covenant-reports/covenant/templates"
)

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// auditItems reads a report's Audit sheet: each Item with its Value (the first
// of an Item that repeats).
func auditItems(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Audit")
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			if _, seen := items[r[0]]; !seen {
				items[r[0]] = r[1]
			}
		}
	}
	return items
}

// lastLine is the last line a command printed.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// inPlaceCommands are the commands that write into their input workbook, with
// a fixture each.
var inPlaceCommands = []struct {
	name, label string
	fixture     func(t testing.TB, dir string) string
	args        func(input, out string) []string
}{
	{"monthly", "Ledger", func(t testing.TB, dir string) string { return fixtureLedger(t, dir, nil) },
		func(in, out string) []string {
			return []string{"monthly", "--ledger", in, "--month", "2003-01", "--as-of", "2003-04-10", "--out", out, "--in-place"}
		}},
	{"certificate", "Ledger", func(t testing.TB, dir string) string { return fixtureLedger(t, dir, nil) },
		func(in, out string) []string {
			return []string{"certificate", "--ledger", in, "--quarter", "2003Q1", "--as-of", "2003-04-10", "--out", out, "--in-place"}
		}},
	{"borrowing", "Loan workbook", func(t testing.TB, dir string) string { return fixtureLoan(t, dir, nil) },
		func(in, out string) []string {
			return []string{"borrowing", "--loan", in, "--as-of", "2002-11-01", "--out", out, "--in-place"}
		}},
}

// TestAuditSHA256 (§5): every report's audit sheet gives its input's SHA-256
// as read and, for a workbook rewritten in place, as written, and the
// template's and the terms'; an --in-place run's last line names both, and so
// does its --json.
func TestAuditSHA256(t *testing.T) {
	for _, c := range inPlaceCommands {
		for _, asJSON := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/json=%v", c.name, asJSON), func(t *testing.T) {
				dir := t.TempDir()
				in := c.fixture(t, dir)
				out := filepath.Join(dir, "out")
				before, _ := os.ReadFile(in)
				args := c.args(in, out)
				if asJSON {
					args = append(args, "--json")
				}
				code, stdout, stderr := runCLI(t, args...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				after, _ := os.ReadFile(in)
				read, written := sha(before), sha(after)
				if read == written {
					t.Fatal("the workbook did not change")
				}
				entries, _ := os.ReadDir(out)
				if len(entries) != 1 {
					t.Fatalf("out holds %v", names(entries))
				}
				items := auditItems(t, filepath.Join(out, entries[0].Name()))
				if items[c.label] != filepath.Base(in) || items[c.label+" SHA-256 as read"] != read || items[c.label+" SHA-256 as written in place"] != written {
					t.Errorf("audit sheet %v\nwant %s as read %s, as written %s", items, c.label, read, written)
				}
				if asJSON {
					var j map[string]any
					if err := json.Unmarshal([]byte(lastLine(stdout)), &j); err != nil {
						t.Fatal(err)
					}
					if j["input_sha256"] != read || j["in_place_sha256"] != written {
						t.Errorf("json input_sha256 %v, in_place_sha256 %v; want %s, %s", j["input_sha256"], j["in_place_sha256"], read, written)
					}
					return
				}
				if l := lastLine(stdout); !strings.HasPrefix(l, "updated "+in+": columns ") || !strings.HasSuffix(l, "; SHA-256 as read "+read+", as written "+written) {
					t.Errorf("last line %q\nwant it to name the SHA-256 as read %s and as written %s", l, read, written)
				}
			})
		}
	}
	// read only: no "as written", no JSON fields for it; the template's and
	// the terms' SHA-256 are there too
	dir := t.TempDir()
	ledgerPath := fixtureLedger(t, dir, nil)
	tpl := filepath.Join(dir, "my-monthly.xlsx")
	os.WriteFile(tpl, templates.Monthly, 0o644)
	termsPath := filepath.Join(dir, "terms.xlsx")
	var tb bytes.Buffer
	termsbook.Export(terms.Default(), &tb)
	os.WriteFile(termsPath, tb.Bytes(), 0o644)
	out := filepath.Join(dir, "r.xlsx")
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", ledgerPath, "--month", "2003-01", "--as-of", "2003-02-03", "--out", out,
		"--template", tpl, "--terms", termsPath, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	l, _ := os.ReadFile(ledgerPath)
	items := auditItems(t, out)
	if items["Ledger SHA-256 as read"] != sha(l) || items["Template"] != "my-monthly.xlsx" || items["Template SHA-256 as read"] != sha(templates.Monthly) ||
		items["Contract terms"] != "terms.xlsx (SHA-256 "+sha(tb.Bytes())+")" {
		t.Errorf("audit sheet %v", items)
	}
	if _, ok := items["Ledger SHA-256 as written in place"]; ok {
		t.Error("a ledger only read has a SHA-256 as written")
	}
	if strings.Contains(stdout, "input_sha256") || strings.Contains(stdout, "in_place_sha256") {
		t.Errorf("the --json of a run not in place gained fields: %s", stdout)
	}
}

// writeLock writes a lock file beside workbook as another run would have left
// it (the format is a contract between covenant versions sharing a folder).
func writeLock(t *testing.T, workbook, user, host string, pid int, since time.Time) string {
	t.Helper()
	p := filepath.Join(filepath.Dir(workbook), ".covenant-lock-"+filepath.Base(workbook))
	text := fmt.Sprintf("covenant is updating %s in place; this file is removed when it is done.\nuser: %s\nhost: %s\npid: %d\nsince: %s\ntoken: 00\n",
		filepath.Base(workbook), user, host, pid, since.Format(time.RFC3339Nano))
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// endedPID is the process number of a process of this machine that has ended.
func endedPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestInPlaceLock: while another run holds the workbook's lock, every in-place
// command refuses (exit 2) naming who holds it and since when, and changes
// nothing; a lock whose process is gone, or older than an hour, is taken over
// with a warning, and the run's own lock is gone when it ends.
func TestInPlaceLock(t *testing.T) {
	host, _ := os.Hostname()
	dead := endedPID(t)
	since := time.Date(2003, 11, 3, 9, 12, 33, 0, time.Local)
	for _, c := range inPlaceCommands {
		for _, tc := range []struct {
			name string
			lock func(t *testing.T, wb string)
			want string // the refusal, or the warning when ok
			ok   bool
		}{
			{"held", func(t *testing.T, wb string) {
				writeLock(t, wb, "kim", host, os.Getpid(), time.Now().Add(-time.Minute))
			},
				fmt.Sprintf("is being updated in place by another covenant run: kim on host %s, process %d, since ", host, os.Getpid()), false},
			{"held from another host", func(t *testing.T, wb string) {
				writeLock(t, wb, "lee", "acct-pc-3", dead, time.Now().Add(-30*time.Minute))
			},
				fmt.Sprintf("another covenant run: lee on host acct-pc-3, process %d, since ", dead), false},
			{"process gone", func(t *testing.T, wb string) { writeLock(t, wb, "kim", host, dead, since) },
				fmt.Sprintf("took over the lock file .covenant-lock-%%s of kim on host %s, process %d, since 2003-11-03 09:12:33", host, dead), true},
			{"older than an hour", func(t *testing.T, wb string) {
				writeLock(t, wb, "lee", "acct-pc-3", 4711, time.Now().Add(-90*time.Minute))
			},
				"took over the lock file .covenant-lock-%s of lee on host acct-pc-3, process 4711, since", true},
		} {
			t.Run(c.name+"/"+tc.name, func(t *testing.T) {
				dir := t.TempDir()
				wb := c.fixture(t, dir)
				tc.lock(t, wb)
				lockPath := filepath.Join(dir, ".covenant-lock-"+filepath.Base(wb))
				lockBefore, _ := os.ReadFile(lockPath)
				out := filepath.Join(dir, "out")
				before := snapshot(t, dir)
				code, _, stderr := runCLI(t, c.args(wb, out)...)
				want := tc.want
				if strings.Contains(want, "%s") {
					want = fmt.Sprintf(want, filepath.Base(wb))
				}
				if !tc.ok {
					if code != 2 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "wait for that run to finish") {
						t.Fatalf("exit %d, %s\nwant 2 and %q", code, stderr, want)
					}
					after := snapshot(t, dir)
					for p, st := range before {
						if after[p] != st {
							t.Errorf("%s changed", p)
						}
					}
					if len(after) != len(before) {
						t.Errorf("%d files, %d before", len(after), len(before))
					}
					if now, _ := os.ReadFile(lockPath); !bytes.Equal(now, lockBefore) {
						t.Error("the other run's lock changed")
					}
					return
				}
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if !strings.Contains(stderr, "covenant: warning: "+filepath.Base(wb)+": "+want) {
					t.Errorf("stderr lacks the warning %q:\n%s", want, stderr)
				}
				if _, err := os.Stat(lockPath); !os.IsNotExist(err) {
					t.Errorf("the lock is left after the run: %v", err)
				}
				if now, _ := os.ReadFile(wb); bytes.Equal(now, []byte(before[wb].data)) {
					t.Error("the workbook did not get its columns")
				}
			})
		}
	}
}

// TestInPlaceWorkbookChangedMeanwhile: a workbook saved by someone else while
// covenant worked (after covenant read it, before it replaced it), written in
// place or replaced by a rename as Excel saves, is left as they saved it, the
// run refused (exit 2) and nothing written. A run that only reads its input
// refuses when the input was saved over before it opened it, or written to in
// place while it read it (its audit sheet would state the SHA-256 of another
// file); a workbook replaced by a rename after it was opened leaves the file
// read as it was, and the report stands.
func TestInPlaceWorkbookChangedMeanwhile(t *testing.T) {
	type cmd struct {
		name    string
		fixture func(t testing.TB, dir string) string
		args    func(in, out string) []string
		inPlace bool
	}
	var cmds []cmd
	for _, c := range inPlaceCommands {
		cmds = append(cmds, cmd{c.name + " --in-place", c.fixture, c.args, true})
	}
	cmds = append(cmds,
		cmd{"monthly", inPlaceCommands[0].fixture, func(in, out string) []string {
			return []string{"monthly", "--ledger", in, "--month", "2003-01", "--as-of", "2003-04-10", "--out", out}
		}, false},
		cmd{"loanfee", inPlaceCommands[2].fixture, func(in, out string) []string {
			return []string{"loanfee", "--loan", in, "--as-of", "2003-01-15", "--out", out}
		}, false})
	saves := []struct {
		name string
		save func(path string, data []byte) error
	}{
		{"written in place", func(p string, data []byte) error { return os.WriteFile(p, data, 0o644) }},
		{"replaced by a rename", func(p string, data []byte) error {
			if err := os.WriteFile(p+".saving", data, 0o644); err != nil {
				return err
			}
			return os.Rename(p+".saving", p)
		}},
	}
	for _, c := range cmds {
		for _, at := range []string{"opened", "commit"} {
			for _, sv := range saves {
				t.Run(c.name+"/saved before "+at+"/"+sv.name, func(t *testing.T) {
					dir := t.TempDir()
					wb := c.fixture(t, dir)
					orig, _ := os.ReadFile(wb)
					theirs := append(append([]byte(nil), orig...), "saved by Excel meanwhile"...)
					testHook = func(stage, input string) {
						if stage != at {
							return
						}
						if err := sv.save(input, theirs); err != nil {
							t.Error(err)
						}
						later := time.Now().Add(2 * time.Second)
						os.Chtimes(input, later, later)
					}
					defer func() { testHook = nil }()
					out := filepath.Join(dir, "out")
					code, stdout, stderr := runCLI(t, c.args(wb, out)...)
					if now, _ := os.ReadFile(wb); !bytes.Equal(now, theirs) {
						t.Error("the newer workbook was not left as it was saved")
					}
					if left, _ := filepath.Glob(filepath.Join(dir, ".covenant-*")); len(left) != 0 {
						t.Errorf("left: %v", left)
					}
					if !c.inPlace && at == "commit" && sv.name == "replaced by a rename" {
						// the report is of the file read, and says so
						if code != 0 {
							t.Fatalf("exit %d: %s", code, stderr)
						}
						entries, _ := os.ReadDir(out)
						if len(entries) != 1 {
							t.Fatalf("out holds %v", names(entries))
						}
						label := "Ledger"
						if c.name == "loanfee" {
							label = "Loan workbook"
						}
						if got := auditItems(t, filepath.Join(out, entries[0].Name()))[label+" SHA-256 as read"]; got != sha(orig) {
							t.Errorf("audit sheet SHA-256 %s, want the file read: %s", got, sha(orig))
						}
						return
					}
					want := "changed while covenant read it"
					if c.inPlace && at == "commit" {
						want = "changed since covenant read it"
					}
					if code != 2 || !strings.Contains(stderr, want) {
						t.Fatalf("exit %d, %s\nwant 2 and %q", code, stderr, want)
					}
					if stdout != "" {
						t.Errorf("stdout says something was done: %s", stdout)
					}
					if entries, _ := os.ReadDir(out); len(entries) != 0 {
						t.Errorf("written despite the refusal: %v", names(entries))
					}
				})
			}
		}
	}
}
