package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/samples"
)

// reportRuns are the four report commands on the samples, as of fixed dates.
var reportRuns = []struct {
	name, loanOrLedger string
	args               []string
}{
	{"monthly", "ledger", []string{"monthly", "--month", "2003-10", "--as-of", "2003-11-03"}},
	{"certificate", "ledger", []string{"certificate", "--quarter", "2003Q4", "--as-of", "2004-01-10"}},
	{"loanfee", "loan", []string{"loanfee", "--as-of", "2003-01-15"}},
	{"borrowing", "loan", []string{"borrowing", "--as-of", "2003-01-10"}},
}

// writeInput writes a sample (the ledger or the loan workbook), encrypted
// with password unless it is empty.
func writeInput(t *testing.T, dir, kind, password string) string {
	t.Helper()
	data, name := samples.Ledger2003, "ledger-2003.xlsx"
	if kind == "loan" {
		data, name = samples.Loan2002, "loan-2002.xlsx"
	}
	if password != "" {
		var err error
		if data, err = protect.Encrypt(data, password); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// outputField drops the "output" field, which names the file, and the
// workbook's SHA-256 as read and written, which differ between a plain and an
// encrypted workbook.
var outputField = regexp.MustCompile(`"(output|input_sha256|in_place_sha256)":"[^"]*"`)

// Every report written with a password is the same workbook, encrypted: it
// opens with the password in excelize, msoffcrypto-tool and then LibreOffice,
// and does not open without it.
func TestEncryptedReports(t *testing.T) {
	const password = "Confidential §6 ünïcode"
	for _, r := range reportRuns {
		t.Run(r.name, func(t *testing.T) {
			dir := t.TempDir()
			input := writeInput(t, dir, r.loanOrLedger, "")
			plainOut, encOut := filepath.Join(dir, "plain.xlsx"), filepath.Join(dir, "enc.xlsx")
			pwFile := filepath.Join(dir, "pw.txt")
			os.WriteFile(pwFile, []byte(password+"\n"), 0o600) // the newline is not part of it
			base := append(append([]string{}, r.args...), "--"+r.loanOrLedger, input, "--json")
			code, plainJSON, stderr := runCLI(t, append(base, "--out", plainOut)...)
			if code != 0 {
				t.Fatalf("plain: exit %d: %s", code, stderr)
			}
			code, encJSON, stderr := runCLI(t, append(base, "--out", encOut, "--password-file", pwFile)...)
			if code != 0 {
				t.Fatalf("--password-file: exit %d: %s", code, stderr)
			}
			if outputField.ReplaceAllString(plainJSON, "") != outputField.ReplaceAllString(encJSON, "") {
				t.Errorf("the figures differ with a password:\n%s\n%s", plainJSON, encJSON)
			}
			plain, _ := os.ReadFile(plainOut)
			enc, _ := os.ReadFile(encOut)
			if !protect.IsEncrypted(enc) {
				t.Fatal("the report is not encrypted")
			}
			if bytes.Contains(enc, []byte("xl/workbook.xml")) || bytes.Contains(enc, []byte("IEC Electronics")) {
				t.Error("the encrypted file shows the workbook's contents")
			}
			got, err := protect.Decrypt(enc, password)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain) {
				t.Errorf("decrypted, the report (%d bytes) is not the one written without a password (%d bytes)", len(got), len(plain))
			}
			// excelize: only with the password.
			if f, err := excelize.OpenFile(encOut, excelize.Options{Password: password}); err != nil {
				t.Errorf("excelize with the password: %v", err)
			} else {
				if len(f.GetSheetList()) < 2 {
					t.Errorf("sheets %v", f.GetSheetList())
				}
				f.Close()
			}
			for _, pw := range []string{"", password + "\n", "confidential §6 ünïcode"} {
				if f, err := excelize.OpenFile(encOut, excelize.Options{Password: pw}); err == nil {
					f.Close()
					t.Errorf("excelize opened it with password %q", pw)
				}
			}
			// --password-env gives the same workbook.
			t.Setenv("COVENANT_TEST_PW", password)
			envOut := filepath.Join(dir, "env.xlsx")
			if code, _, stderr := runCLI(t, append(base, "--out", envOut, "--password-env", "COVENANT_TEST_PW")...); code != 0 {
				t.Fatalf("--password-env: exit %d: %s", code, stderr)
			}
			env, _ := os.ReadFile(envOut)
			if got, err := protect.Decrypt(env, password); err != nil || !bytes.Equal(got, plain) {
				t.Errorf("--password-env: %v", err)
			}
			// An independent implementation decrypts it, and LibreOffice
			// opens and recalculates the result.
			oracle.Require(t, "msoffcrypto-tool")
			dec := filepath.Join(dir, "decrypted.xlsx")
			if out, err := exec.Command("msoffcrypto-tool", "-p", password, encOut, dec).CombinedOutput(); err != nil {
				t.Fatalf("msoffcrypto-tool: %v %s", err, out)
			}
			if err := exec.Command("msoffcrypto-tool", "-p", "wrong", encOut, filepath.Join(dir, "x.xlsx")).Run(); err == nil {
				t.Error("msoffcrypto-tool decrypted it with a wrong password")
			}
			if d, _ := os.ReadFile(dec); !bytes.Equal(d, plain) {
				t.Error("msoffcrypto-tool's decryption differs from the report")
			}
			oracle.Require(t, "soffice")
			if n := oracle.CompareRecalc(t, dec); n < 5 {
				t.Errorf("LibreOffice checked %d formulas", n)
			}
		})
	}
}

func TestPasswordFlagErrors(t *testing.T) {
	dir := t.TempDir()
	ledger := writeInput(t, dir, "ledger", "")
	out := filepath.Join(dir, "out.xlsx")
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("\n"), 0o600)
	pw := filepath.Join(dir, "pw.txt")
	os.WriteFile(pw, []byte("pw"), 0o600)
	t.Setenv("COVENANT_TEST_EMPTY_PW", "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"monthly", "--month", "2003-10", "--password-file", pw, "--password-env", "HOME"}, "give --password-file or --password-env, not both"},
		{[]string{"monthly", "--month", "2003-10", "--password-env", "COVENANT_TEST_EMPTY_PW"}, "--password-env: the environment variable COVENANT_TEST_EMPTY_PW is not set or is empty"},
		{[]string{"monthly", "--month", "2003-10", "--password-file", empty}, "the password is empty"},
		{[]string{"monthly", "--month", "2003-10", "--password-file", filepath.Join(dir, "missing.txt")}, "--password-file: open"},
		{[]string{"monthly", "--month", "2003-10", "--ledger-password-file", pw, "--ledger-password-env", "HOME"}, "not both"},
		{[]string{"certificate", "--quarter", "2003Q4", "--pdf", "--password-file", pw}, "the PDF would not be password-protected"},
		{[]string{"monthly", "--month", "2003-10", "--password", "secret"}, "unknown flag --password; did you mean --password-file or --password-env? (covenant takes a password only from a file or an environment variable"},
	} {
		code, _, stderr := runCLI(t, append(tc.args, "--ledger", ledger, "--out", out)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v: a report was written", tc.args)
		}
	}
}

// An encrypted ledger or loan workbook is refused without its password (the
// message names the flags), read with it, and stays encrypted with the same
// password after --in-place, holding exactly what the unencrypted in-place
// run writes.
func TestEncryptedInputs(t *testing.T) {
	const password = "books 2003"
	for _, r := range reportRuns {
		t.Run(r.name, func(t *testing.T) {
			dir := t.TempDir()
			plainDir, encDir := filepath.Join(dir, "plain"), filepath.Join(dir, "enc")
			os.Mkdir(plainDir, 0o755)
			os.Mkdir(encDir, 0o755)
			plainIn := writeInput(t, plainDir, r.loanOrLedger, "")
			encIn := writeInput(t, encDir, r.loanOrLedger, password)
			before, _ := os.ReadFile(encIn)
			flag := "--" + r.loanOrLedger
			inPlace := r.name != "loanfee"
			args := func(in, outDir string, extra ...string) []string {
				a := append(append([]string{}, r.args...), flag, in, "--out", outDir, "--json")
				if inPlace {
					a = append(a, "--in-place")
				}
				return append(a, extra...)
			}
			// Without the password, or with a wrong one: refused, nothing written.
			pwFile := filepath.Join(dir, "pw.txt")
			os.WriteFile(pwFile, []byte(password+"\r\n"), 0o600)
			wrong := filepath.Join(dir, "wrong.txt")
			os.WriteFile(wrong, []byte("books 2004\n"), 0o600)
			for _, tc := range []struct {
				extra []string
				want  string
			}{
				{nil, "the workbook is password-protected: give its password with --ledger-password-file FILE or --ledger-password-env VAR"},
				{[]string{"--ledger-password-file", wrong}, "the workbook is password-protected and the password given (--ledger-password-file or --ledger-password-env) does not open it"},
			} {
				code, _, stderr := runCLI(t, args(encIn, encDir, tc.extra...)...)
				if code != 2 || !strings.Contains(stderr, filepath.Base(encIn)+": "+tc.want) {
					t.Errorf("%v: exit %d: %s", tc.extra, code, stderr)
				}
				if after, _ := os.ReadFile(encIn); !bytes.Equal(after, before) {
					t.Fatal("the encrypted input changed")
				}
				if entries, _ := os.ReadDir(encDir); len(entries) != 1 {
					t.Errorf("%v: %d files in the folder, want only the input", tc.extra, len(entries))
				}
			}
			code, plainJSON, stderr := runCLI(t, args(plainIn, plainDir)...)
			if code != 0 {
				t.Fatalf("plain: exit %d: %s", code, stderr)
			}
			code, encJSON, stderr := runCLI(t, args(encIn, encDir, "--ledger-password-file", pwFile)...)
			if code != 0 {
				t.Fatalf("with the password: exit %d: %s", code, stderr)
			}
			if outputField.ReplaceAllString(plainJSON, "") != outputField.ReplaceAllString(encJSON, "") {
				t.Errorf("the figures differ:\n%s\n%s", plainJSON, encJSON)
			}
			if !inPlace {
				return
			}
			after, _ := os.ReadFile(encIn)
			if !protect.IsEncrypted(after) {
				t.Fatal("--in-place left the workbook unencrypted")
			}
			got, err := protect.Decrypt(after, password)
			if err != nil {
				t.Fatalf("--in-place: the workbook no longer opens with its password: %v", err)
			}
			want, _ := os.ReadFile(plainIn)
			if !bytes.Equal(got, want) {
				t.Errorf("decrypted, the in-place workbook (%d bytes) is not what the unencrypted run wrote (%d bytes)", len(got), len(want))
			}
			if bytes.Equal(got, samples.Ledger2003) || bytes.Equal(got, samples.Loan2002) {
				t.Error("--in-place wrote nothing")
			}
			f, err := excelize.OpenFile(encIn, excelize.Options{Password: password})
			if err != nil {
				t.Fatalf("excelize: %v", err)
			}
			f.Close()
		})
	}
}
