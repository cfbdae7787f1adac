package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/report/termsbook"
	"github.com/covenant-reports/covenant/samples"
	"github.com/covenant-reports/covenant/templates"
)

// fileState is a file's bytes and modification time.
type fileState struct {
	data  string
	mtime time.Time
	link  string // the target, for a symbolic link
}

// snapshot records every file under dir (links as links).
func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	files := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		var fsState fileState
		if st.Mode()&os.ModeSymlink != 0 {
			fsState.link, err = os.Readlink(p)
		} else {
			var b []byte
			b, err = os.ReadFile(p)
			fsState.data = string(b)
		}
		fsState.mtime = st.ModTime()
		files[p] = fsState
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// foldsCase says whether the file system under dir ignores the case of names.
func foldsCase(t *testing.T, dir string) bool {
	p := filepath.Join(dir, "case-probe")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(p)
	_, err := os.Stat(filepath.Join(dir, "CASE-PROBE"))
	return err == nil
}

// aliases are second paths to a file or folder p: the test gives each to a
// command as the output while the input keeps its own name. ok is false where
// the system cannot make one (a hard link to a folder; another case on a file
// system that keeps case).
var aliases = []struct {
	name string
	make func(t *testing.T, p string, isDir bool) (alias string, ok bool)
}{
	{"same name", func(t *testing.T, p string, isDir bool) (string, bool) { return p, true }},
	{"through x/..", func(t *testing.T, p string, isDir bool) (string, bool) {
		dir := filepath.Dir(p)
		os.MkdirAll(filepath.Join(dir, "x"), 0o755)
		return dir + string(filepath.Separator) + "x" + string(filepath.Separator) + ".." + string(filepath.Separator) + filepath.Base(p), true
	}},
	{"symbolic link", func(t *testing.T, p string, isDir bool) (string, bool) {
		alias := filepath.Join(filepath.Dir(p), "alias-"+filepath.Base(p))
		return alias, os.Symlink(p, alias) == nil
	}},
	{"hard link", func(t *testing.T, p string, isDir bool) (string, bool) {
		alias := filepath.Join(filepath.Dir(p), "hard-"+filepath.Base(p))
		return alias, !isDir && os.Link(p, alias) == nil
	}},
	{"other case", func(t *testing.T, p string, isDir bool) (string, bool) {
		alias := filepath.Join(filepath.Dir(p), strings.ToUpper(filepath.Base(p)))
		return alias, foldsCase(t, filepath.Dir(p))
	}},
}

// TestNoCommandWritesOverItsInput gives every command, as an output, a file it
// reads (the ledger or loan workbook, the terms, the template, a password
// file, the body of a message, an attachment), by its own name and through
// every second path to it: each is refused with exit status 2, naming both
// files and what to do, before anything is written; every file is as it was,
// bytes and modification time.
func TestNoCommandWritesOverItsInput(t *testing.T) {
	t.Setenv(envSMTPFrom, "accounts@iec.example")
	var exported []byte
	{
		var b strings.Builder
		if err := termsbook.Export(terms.Default(), &b); err != nil {
			t.Fatal(err)
		}
		exported = []byte(b.String())
	}
	write := func(t *testing.T, p string, data []byte) string {
		t.Helper()
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	email := []string{"--email-to", "reports@arrow.example"}
	type setup struct {
		target string   // the input given again as the output (or the folder)
		isDir  bool     // target is a folder (--out DIR)
		args   []string // the command; "ALIAS" is replaced by the second path
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string) setup
		want  []string
	}{
		{"monthly --out the ledger", func(t *testing.T, dir string) setup {
			l := fixtureLedger(t, dir, nil)
			return setup{target: l, args: []string{"monthly", "--ledger", l, "--month", "2003-01", "--as-of", "2003-02-03", "--out", "ALIAS"}}
		}, []string{"is the same file as --ledger ", "or use --in-place to write covenant's columns into ledger.xlsx itself"}},
		{"monthly --in-place --out the ledger", func(t *testing.T, dir string) setup {
			l := fixtureLedger(t, dir, nil)
			return setup{target: l, args: []string{"monthly", "--ledger", l, "--month", "2003-01", "--as-of", "2003-02-03", "--in-place", "--out", "ALIAS"}}
		}, []string{"is the same file as --ledger ", "give the report another name"}},
		{"monthly --out DIR holding the ledger as monthly-2003-01.xlsx", func(t *testing.T, dir string) setup {
			l := filepath.Join(dir, "monthly-2003-01.xlsx")
			os.Rename(fixtureLedger(t, dir, nil), l)
			return setup{target: dir, isDir: true, args: []string{"monthly", "--ledger", l, "--month", "2003-01", "--as-of", "2003-02-03", "--out", "ALIAS"}}
		}, []string{"the report ", "monthly-2003-01.xlsx (--out ", "is the same file as --ledger ", "give --out another folder"}},
		{"monthly --out the terms", func(t *testing.T, dir string) setup {
			l := fixtureLedger(t, dir, nil)
			tp := write(t, filepath.Join(dir, "terms.xlsx"), exported)
			return setup{target: tp, args: []string{"monthly", "--ledger", l, "--terms", tp, "--month", "2003-01", "--as-of", "2003-02-03", "--out", "ALIAS"}}
		}, []string{"is the same file as --terms ", "covenant never writes over its input"}},
		{"monthly --eml the ledger", func(t *testing.T, dir string) setup {
			l := fixtureLedger(t, dir, nil)
			return setup{target: l, args: append([]string{"monthly", "--ledger", l, "--month", "2003-01", "--as-of", "2003-02-03", "--out", filepath.Join(dir, "out"), "--eml", "ALIAS"}, email...)}
		}, []string{"--eml ", "is the same file as --ledger ", "give --eml another name"}},
		{"monthly --eml the --body-file", func(t *testing.T, dir string) setup {
			l := fixtureLedger(t, dir, nil)
			body := write(t, filepath.Join(dir, "body.txt"), []byte("Dear Arrow,\n"))
			return setup{target: body, args: append([]string{"monthly", "--ledger", l, "--month", "2003-01", "--as-of", "2003-02-03", "--out", filepath.Join(dir, "out"), "--body-file", body, "--eml", "ALIAS"}, email...)}
		}, []string{"is the same file as --body-file ", "give --eml another name"}},
		{"monthly --eml the report", func(t *testing.T, dir string) setup {
			l := fixtureLedger(t, dir, nil)
			report := write(t, filepath.Join(dir, "report.xlsx"), []byte("last month's run"))
			return setup{target: report, args: append([]string{"monthly", "--ledger", l, "--month", "2003-01", "--as-of", "2003-02-03", "--out", report, "--eml", "ALIAS"}, email...)}
		}, []string{"is the same file as --out ", "one would replace the other", "give --eml another name"}},
		{"certificate --out the ledger", func(t *testing.T, dir string) setup {
			l := fixtureLedger(t, dir, nil)
			return setup{target: l, args: []string{"certificate", "--ledger", l, "--quarter", "2003Q1", "--as-of", "2003-04-10", "--out", "ALIAS"}}
		}, []string{"is the same file as --ledger ", "or use --in-place"}},
		{"certificate --in-place --out the template", func(t *testing.T, dir string) setup {
			l := fixtureLedger(t, dir, nil)
			tpl := write(t, filepath.Join(dir, "my-certificate.xlsx"), templates.Certificate)
			return setup{target: tpl, args: []string{"certificate", "--ledger", l, "--template", tpl, "--quarter", "2003Q1", "--as-of", "2003-04-10", "--in-place", "--out", "ALIAS"}}
		}, []string{"is the same file as --template ", "give the report another name"}},
		{"certificate --pdf over the ledger's password file", func(t *testing.T, dir string) setup {
			l := fixtureLedger(t, dir, nil)
			pw := write(t, filepath.Join(dir, "certificate.pdf"), []byte("ledger password\n"))
			return setup{target: pw, args: []string{"certificate", "--ledger", l, "--ledger-password-file", "ALIAS", "--quarter", "2003Q1", "--as-of", "2003-04-10", "--pdf", "--out", filepath.Join(dir, "certificate.xlsx")}}
		}, []string{"the PDF ", "certificate.pdf (--pdf, named after the report) is the same file as --ledger-password-file "}},
		{"loanfee --out the loan workbook", func(t *testing.T, dir string) setup {
			l := fixtureLoan(t, dir, nil)
			return setup{target: l, args: []string{"loanfee", "--loan", l, "--as-of", "2003-01-15", "--out", "ALIAS"}}
		}, []string{"is the same file as --loan ", "or use --in-place"}},
		{"loanfee --out the password file", func(t *testing.T, dir string) setup {
			l := fixtureLoan(t, dir, nil)
			pw := write(t, filepath.Join(dir, "password.xlsx"), []byte("report password\n"))
			return setup{target: pw, args: []string{"loanfee", "--loan", l, "--password-file", pw, "--as-of", "2003-01-15", "--out", "ALIAS"}}
		}, []string{"is the same file as --password-file "}},
		{"borrowing --in-place --out the loan workbook", func(t *testing.T, dir string) setup {
			l := fixtureLoan(t, dir, nil)
			return setup{target: l, args: []string{"borrowing", "--loan", l, "--as-of", "2002-11-01", "--in-place", "--out", "ALIAS"}}
		}, []string{"is the same file as --loan "}},
		{"borrowing --out DIR holding the loan workbook as borrowing.xlsx", func(t *testing.T, dir string) setup {
			l := filepath.Join(dir, "borrowing.xlsx")
			os.Rename(fixtureLoan(t, dir, nil), l)
			return setup{target: dir, isDir: true, args: []string{"borrowing", "--loan", l, "--as-of", "2002-11-01", "--out", "ALIAS"}}
		}, []string{"borrowing.xlsx (--out ", "is the same file as --loan "}},
		{"breakdown --out the ledger", func(t *testing.T, dir string) setup {
			l := breakdownLedger(t, dir, nil)
			return setup{target: l, args: []string{"breakdown", "--ledger", l, "--at", "2003-10-06 09:00", "--out", "ALIAS"}}
		}, []string{"is the same file as --ledger ", "covenant never writes over its input", "give the breakdown another name"}},
		{"breakdown --eml the ledger", func(t *testing.T, dir string) setup {
			l := breakdownLedger(t, dir, nil)
			return setup{target: l, args: append([]string{"breakdown", "--ledger", l, "--at", "2003-10-06 09:00", "--out", filepath.Join(dir, "out"), "--eml", "ALIAS"}, email...)}
		}, []string{"--eml ", "is the same file as --ledger ", "give --eml another name"}},
		{"breakdown --out the terms", func(t *testing.T, dir string) setup {
			l := breakdownLedger(t, dir, nil)
			tp := write(t, filepath.Join(dir, "terms.xlsx"), exported)
			return setup{target: tp, args: []string{"breakdown", "--ledger", l, "--terms", tp, "--at", "2003-10-06 09:00", "--out", "ALIAS"}}
		}, []string{"is the same file as --terms "}},
		{"send --eml an attachment", func(t *testing.T, dir string) setup {
			r := write(t, filepath.Join(dir, "loan.xlsx"), samples.Loan2002)
			return setup{target: r, args: []string{"send", "--to", "reports@arrow.example", "--eml", "ALIAS", r}}
		}, []string{"is the same file as the attachment ", "give --eml another name"}},
		{"send --eml the --body-file", func(t *testing.T, dir string) setup {
			r := write(t, filepath.Join(dir, "loan.xlsx"), samples.Loan2002)
			body := write(t, filepath.Join(dir, "body.txt"), []byte("Dear Arrow,\n"))
			return setup{target: body, args: []string{"send", "--to", "reports@arrow.example", "--body-file", body, "--eml", "ALIAS", r}}
		}, []string{"is the same file as --body-file "}},
		{"send --eml the --password-file", func(t *testing.T, dir string) setup {
			r := write(t, filepath.Join(dir, "loan.xlsx"), samples.Loan2002)
			pw := write(t, filepath.Join(dir, "pw.txt"), []byte("report password\n"))
			return setup{target: pw, args: []string{"send", "--to", "reports@arrow.example", "--password-file", pw, "--eml", "ALIAS", r}}
		}, []string{"is the same file as --password-file "}},
		{"terms export over the ledger", func(t *testing.T, dir string) setup {
			return setup{target: fixtureLedger(t, dir, nil), args: []string{"terms", "export", "ALIAS"}}
		}, []string{"already exists: covenant terms export never writes over a file", "give a new name"}},
		{"terms export over edited terms", func(t *testing.T, dir string) setup {
			edited := append([]byte(nil), exported...)
			edited[len(edited)/2] ^= 1 // any other bytes: the user's edits
			return setup{target: write(t, filepath.Join(dir, "terms.xlsx"), edited), args: []string{"terms", "export", "ALIAS"}}
		}, []string{"already exists: covenant terms export never writes over a file"}},
		{"demo --out a folder holding the user's ledger-2003.xlsx", func(t *testing.T, dir string) setup {
			sub := filepath.Join(dir, "books")
			os.MkdirAll(sub, 0o755)
			os.Rename(fixtureLedger(t, dir, nil), filepath.Join(sub, "ledger-2003.xlsx"))
			return setup{target: sub, isDir: true, args: []string{"demo", "--out", "ALIAS"}}
		}, []string{"ledger-2003.xlsx is already there and is not the demo's own", "covenant demo never writes over it", "give --out a new folder"}},
	} {
		for _, a := range aliases {
			t.Run(tc.name+"/"+a.name, func(t *testing.T) {
				dir := t.TempDir()
				s := tc.setup(t, dir)
				alias, ok := a.make(t, s.target, s.isDir)
				if !ok {
					t.Skipf("no %s to %s here", a.name, filepath.Base(s.target))
				}
				args := append([]string(nil), s.args...)
				for i := range args {
					if args[i] == "ALIAS" {
						args[i] = alias
					}
				}
				before := snapshot(t, dir)
				code, stdout, stderr := runCLI(t, args...)
				if code != 2 {
					t.Fatalf("exit %d, want 2 (refused)\nstdout %s\nstderr %s", code, stdout, stderr)
				}
				want := append([]string{"nothing was written"}, tc.want...)
				for _, w := range want {
					if !strings.Contains(stderr, w) {
						t.Errorf("stderr lacks %q:\n%s", w, stderr)
					}
				}
				if strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
					t.Errorf("the refusal is not one line:\n%s", stderr)
				}
				after := snapshot(t, dir)
				var changed []string
				for p, st := range before {
					if now, ok := after[p]; !ok || now != st {
						changed = append(changed, p)
					}
				}
				for p := range after {
					if _, ok := before[p]; !ok {
						changed = append(changed, p+" (new)")
					}
				}
				sort.Strings(changed)
				if len(changed) != 0 {
					t.Errorf("files changed or written despite the refusal: %v", changed)
				}
			})
		}
	}
}

// TestOverwriteCheckLetsOthersThrough: outputs beside their inputs, and a
// second run over a report it wrote, are not refused (the check compares
// files, not folders or names alone).
func TestOverwriteCheckLetsOthersThrough(t *testing.T) {
	dir := t.TempDir()
	l := fixtureLedger(t, dir, nil)
	for i := 0; i < 2; i++ {
		code, _, stderr := runCLI(t, "monthly", "--ledger", l, "--month", "2003-01", "--as-of", "2003-02-03", "--out", dir)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, stderr)
		}
	}
	// the same name in another case, on a file system that keeps case, is
	// another file
	if !foldsCase(t, dir) {
		upper := filepath.Join(dir, "LEDGER.xlsx")
		code, _, stderr := runCLI(t, "monthly", "--ledger", l, "--month", "2003-01", "--as-of", "2003-02-03", "--out", upper)
		if code != 0 {
			t.Fatalf("LEDGER.xlsx beside ledger.xlsx: exit %d: %s", code, stderr)
		}
	}
	// terms export: a new file, then the same file again (it holds exactly
	// the terms: nothing is lost)
	tp := filepath.Join(dir, "terms.xlsx")
	for i, want := range []string{"wrote " + tp, tp + " already holds the terms as signed: left as it is"} {
		code, stdout, stderr := runCLI(t, "terms", "export", tp)
		if code != 0 || strings.TrimSpace(stdout) != want {
			t.Errorf("export %d: exit %d, %q, %s; want %q", i, code, stdout, stderr, want)
		}
	}
}

// TestDemoTwice: a second demo into its own folder replaces its own files; a
// demo file changed since (the user's edit) is refused, and so is a folder
// holding a file of the demo's names that no demo wrote.
func TestDemoTwice(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	for i := 0; i < 2; i++ {
		if code, _, stderr := runCLI(t, "demo", "--out", dir); code != 0 {
			t.Fatalf("demo %d: exit %d: %s", i, code, stderr)
		}
	}
	// the folder holds exactly what the steps say they write, and the list
	var want []string
	for _, s := range demoSteps {
		want = append(want, s.output)
	}
	want = append(want, "ledger-2003.xlsx", "loan-2002.xlsx", demoMarker)
	sort.Strings(want)
	var got []string
	for name := range folderFiles(t, dir) {
		got = append(got, name)
	}
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the demo folder holds %v, want %v", got, want)
	}
	// an accountant's edit of the demo's ledger is not written over
	edited := filepath.Join(dir, "ledger-2003.xlsx")
	b, _ := os.ReadFile(edited)
	os.WriteFile(edited, append(b, 0), 0o644)
	code, _, stderr := runCLI(t, "demo", "--out", dir)
	if code != 2 || !strings.Contains(stderr, "ledger-2003.xlsx is already there and is not the demo's own (or was changed since the demo wrote it)") {
		t.Errorf("edited demo ledger: exit %d, %s", code, stderr)
	}
	if now, _ := os.ReadFile(edited); len(now) != len(b)+1 {
		t.Error("the edited ledger was written over")
	}
}
