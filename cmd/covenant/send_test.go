package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/delivery"
	"github.com/covenant-reports/covenant/report/delivery/smtptest"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/samples"
)

// sampleLedger copies the sample ledger into dir.
func sampleLedger(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "ledger-2003.xlsx")
	if err := os.WriteFile(p, samples.Ledger2003, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// readEML parses a message --eml wrote, and checks that it is marked unsent.
func readEML(t *testing.T, path string) *smtptest.Parsed {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := smtptest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Header.Get("X-Unsent") != "1" {
		t.Errorf("%s: not marked X-Unsent (Outlook would not open it ready to send)", path)
	}
	return p
}

// trustServer makes covenant trust the test server's certificate and clears
// the SMTP environment, for the test's duration.
func trustServer(t *testing.T, srv *smtptest.Server) {
	t.Helper()
	old := smtpRootCAs
	if srv != nil {
		smtpRootCAs = srv.Roots
	}
	t.Cleanup(func() { smtpRootCAs = old })
	for _, v := range []string{envSMTPHost, envSMTPPort, envSMTPUser, envSMTPPassword, envSMTPFrom} {
		t.Setenv(v, "")
	}
}

// wantMonthlyBody checks the subject and body against the figures of the
// monthly report's JSON.
func wantMonthlyBody(t *testing.T, p *smtptest.Parsed, j monthlyJSON) {
	t.Helper()
	if want := "IEC Electronics Corp.: monthly material-spend report for October 2003 (Supplier Agreement §1.2)"; p.Subject != want {
		t.Errorf("subject %q, want %q", p.Subject, want)
	}
	franchised, arrow := decimal.RequireFromString(j.FranchisedSpend), decimal.RequireFromString(j.ArrowSpend)
	// of the purchases: returns left out
	purchases := franchised.Sub(decimal.RequireFromString(j.ReturnsSpend))
	share := arrow.Div(purchases).Shift(2).Round(1).StringFixed(1) + "%"
	for _, want := range []string{
		"IEC Electronics Corp. for October 2003 (October 1 to October 31, 2003)",
		"due to Arrow CMS Distribution Group of Arrow Electronics, Inc. by Friday, November 7, 2003",
		"Franchised-part spend:          " + fill.Dollars(franchised),
		fmt.Sprintf("Share through the distributor:  %s (%s)", share, fill.Dollars(arrow)),
		fmt.Sprintf("Exceptions to Section 1.2:      %d lines, %s", len(j.Exceptions), fill.Dollars(decimal.RequireFromString(j.ExceptionSpend))),
		delivery.ConfidentialityLine,
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, p.Body)
		}
	}
}

func onlyAttachment(t *testing.T, p *smtptest.Parsed, path string) []byte {
	t.Helper()
	if len(p.Attachments) != 1 {
		t.Fatalf("%d attachments, want 1", len(p.Attachments))
	}
	a := p.Attachments[0]
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != filepath.Base(path) || a.ContentType != delivery.TypeXLSX {
		t.Errorf("attachment %q of type %q, want %q of type %q", a.Name, a.ContentType, filepath.Base(path), delivery.TypeXLSX)
	}
	if sha256.Sum256(a.Data) != sha256.Sum256(file) {
		t.Errorf("the attachment (%d bytes) is not the report on disk (%d bytes): SHA-256 differs", len(a.Data), len(file))
	}
	return a.Data
}

// monthly --email-to builds the report and sends it over STARTTLS with a login;
// the message carries the report byte for byte and its figures.
func TestMonthlyEmailTo(t *testing.T) {
	dir := t.TempDir()
	srv := smtptest.Start(t, smtptest.Options{StartTLS: true, User: "accounts@iec.example", Password: "smtp secret"})
	trustServer(t, srv)
	t.Setenv(envSMTPUser, "accounts@iec.example")
	t.Setenv(envSMTPPassword, "smtp secret")
	ledger := sampleLedger(t, dir)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", ledger, "--month", "2003-10", "--as-of", "2003-11-03", "--out", out, "--json",
		"--email-to", "reports@arrow.example, cms@arrow.example", "--cc", "cfo@iec.example", "--smtp", srv.Addr())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j monthlyJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("--json output is not one JSON object (the sending line belongs on stderr): %v\n%s", err, stdout)
	}
	if !strings.Contains(stderr, "sent monthly-2003-10.xlsx to reports@arrow.example, cms@arrow.example, cfo@iec.example via "+srv.Addr()+" (STARTTLS, TLS 1.3)") {
		t.Errorf("stderr does not say what was sent:\n%s", stderr)
	}
	got, err := srv.Only()
	if err != nil {
		t.Fatal(err)
	}
	if !got.TLS || got.AuthUser != "accounts@iec.example" || got.From != "accounts@iec.example" {
		t.Errorf("server saw TLS=%v user=%q from=%q", got.TLS, got.AuthUser, got.From)
	}
	if strings.Join(got.To, " ") != "reports@arrow.example cms@arrow.example cfo@iec.example" {
		t.Errorf("envelope recipients %v", got.To)
	}
	p, err := smtptest.Parse(got.Data)
	if err != nil {
		t.Fatal(err)
	}
	onlyAttachment(t, p, j.Output)
	wantMonthlyBody(t, p, j)
	if p.Header.Get("Message-Id") == "" || p.Header.Get("Date") == "" {
		t.Error("Message-ID or Date missing")
	}
	if bytes.Contains(got.Data, []byte("smtp secret")) {
		t.Error("the SMTP password is in the message")
	}
}

// send reads a monthly report's figures back from its Cover: the message is
// the one monthly --email-to writes (compared as .eml files).
func TestSendReadsMonthlyFigures(t *testing.T) {
	dir := t.TempDir()
	trustServer(t, nil)
	ledger := sampleLedger(t, dir)
	report := filepath.Join(dir, "monthly-2003-10.xlsx")
	viaMonthly, viaSend := filepath.Join(dir, "monthly.eml"), filepath.Join(dir, "send.eml")
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", ledger, "--month", "2003-10", "--as-of", "2003-11-03", "--out", report,
		"--email-to", "reports@arrow.example", "--from", "accounts@iec.example", "--eml", viaMonthly)
	if code != 0 {
		t.Fatalf("monthly: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+viaMonthly) || strings.Contains(stdout, "sent ") {
		t.Errorf("monthly --eml says:\n%s", stdout)
	}
	code, stdout, stderr = runCLI(t, "send", report, "--to", "reports@arrow.example", "--from", "accounts@iec.example", "--eml", viaSend)
	if code != 0 {
		t.Fatalf("send: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+viaSend) || strings.Contains(stdout, "sent ") {
		t.Errorf("send --eml says:\n%s", stdout)
	}
	a, b := readEML(t, viaMonthly), readEML(t, viaSend)
	if a.Subject != b.Subject || a.Body != b.Body {
		t.Errorf("send wrote another message than monthly --email-to:\n%s\n%s\n---\n%s\n%s", a.Subject, a.Body, b.Subject, b.Body)
	}
	onlyAttachment(t, a, report)
	onlyAttachment(t, b, report)
	var j monthlyJSON
	code, stdout, _ = runCLI(t, "monthly", "--ledger", ledger, "--month", "2003-10", "--as-of", "2003-11-03", "--out", filepath.Join(dir, "again.xlsx"), "--json")
	if code != 0 || json.Unmarshal([]byte(stdout), &j) != nil {
		t.Fatalf("monthly --json: exit %d", code)
	}
	wantMonthlyBody(t, b, j)
}

// --subject and --body-file replace the written ones; other reports are named
// by their titles; a .pdf goes as application/pdf.
func TestSendOtherFiles(t *testing.T) {
	dir := t.TempDir()
	srv := smtptest.Start(t, smtptest.Options{StartTLS: true})
	trustServer(t, srv)
	t.Setenv(envSMTPFrom, "accounts@iec.example")
	ledger := sampleLedger(t, dir)
	cert := filepath.Join(dir, "certificate-2003Q4.xlsx")
	if code, _, stderr := runCLI(t, "certificate", "--ledger", ledger, "--quarter", "2003Q4", "--as-of", "2004-01-10", "--out", cert); code != 0 {
		t.Fatalf("certificate: %s", stderr)
	}
	pdf := filepath.Join(dir, "scan.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.4 signed certificate"), 0o644)
	body := filepath.Join(dir, "body.txt")
	os.WriteFile(body, []byte("Dear Kevin,\nthe signed certificate is attached.\n"), 0o644)
	host, port, _ := strings.Cut(srv.Addr(), ":")
	t.Setenv(envSMTPHost, host)
	t.Setenv(envSMTPPort, port)
	code, stdout, stderr := runCLI(t, "send", cert, pdf, "--to", "kevin@arrow.example")
	if code != 0 {
		t.Fatalf("send: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "sent certificate-2003Q4.xlsx, scan.pdf to kevin@arrow.example via "+srv.Addr()) {
		t.Errorf("stdout: %s", stdout)
	}
	code, _, stderr = runCLI(t, "send", cert, "--to", "kevin@arrow.example", "--subject", "Q4 certificate", "--body-file", body)
	if code != 0 {
		t.Fatalf("send --subject: exit %d: %s", code, stderr)
	}
	msgs := srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages", len(msgs))
	}
	p, _ := smtptest.Parse(msgs[0].Data)
	if p.Subject != "Quarterly compliance certificate 2003Q4 (confidential, §6)" || !strings.Contains(p.Body, delivery.ConfidentialityLine) ||
		!strings.Contains(p.Body, "Attachments: certificate-2003Q4.xlsx, scan.pdf.") {
		t.Errorf("generic message:\n%s\n%s", p.Subject, p.Body)
	}
	if len(p.Attachments) != 2 || p.Attachments[1].ContentType != "application/pdf" || string(p.Attachments[1].Data) != "%PDF-1.4 signed certificate" {
		t.Errorf("attachments %+v", p.Attachments)
	}
	q, _ := smtptest.Parse(msgs[1].Data)
	if q.Subject != "Q4 certificate" || q.Body != "Dear Kevin,\nthe signed certificate is attached.\n" {
		t.Errorf("--subject/--body-file ignored: %q %q", q.Subject, q.Body)
	}
}

// Every way sending fails is one line on stderr with exit status 1, and
// nothing is reported as sent.
func TestSendFailuresCLI(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "r.xlsx")
	os.WriteFile(report, samples.Loan2002, 0o644)
	auth := smtptest.Start(t, smtptest.Options{StartTLS: true, User: "iec", Password: "right"})
	refusing := smtptest.Start(t, smtptest.Options{StartTLS: true, RefuseRecipient: "nobody@arrow.example"})
	plain := smtptest.Start(t, smtptest.Options{})
	down := smtptest.ClosedPort(t)
	for _, tc := range []struct {
		name string
		srv  *smtptest.Server
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"wrong password", auth, map[string]string{envSMTPUser: "iec", envSMTPPassword: "wrong"}, []string{"--smtp", auth.Addr()}, 1,
			"refused the login of iec: 535 5.7.8 Authentication failed"},
		{"refused recipient", refusing, nil, []string{"--smtp", refusing.Addr(), "--to", "nobody@arrow.example"}, 1,
			"refused the recipient <nobody@arrow.example>: 550 5.1.1 No such user here"},
		{"no STARTTLS", plain, nil, []string{"--smtp", plain.Addr()}, 1, "does not offer STARTTLS"},
		{"server down", nil, nil, []string{"--smtp", down}, 1, "cannot connect to the SMTP server " + down + ": connection refused"},
		{"untrusted certificate", nil, nil, []string{"--smtp", refusing.Addr()}, 1, "certificate is not signed by an authority"},
		{"insecure beyond loopback", nil, nil, []string{"--smtp", "mail.example.com:25", "--smtp-insecure"}, 2, "only for a relay on this machine"},
		{"no server", nil, nil, nil, 2, "no SMTP server"},
		{"no sender", plain, map[string]string{envSMTPFrom: ""}, []string{"--smtp", plain.Addr()}, 2, "no sender"},
		{"bad recipient", plain, nil, []string{"--smtp", plain.Addr(), "--to", "not an address"}, 2, "--to"},
		{"password as a flag", plain, nil, []string{"--smtp", plain.Addr(), "--smtp-password", "x"}, 2, "unknown flag --smtp-password for send: covenant takes the SMTP password only from the environment variable COVENANT_SMTP_PASSWORD"},
		{"missing file", plain, nil, []string{"--smtp", plain.Addr(), filepath.Join(dir, "missing.xlsx")}, 2, "missing.xlsx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			trustServer(t, tc.srv)
			t.Setenv(envSMTPFrom, "accounts@iec.example")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			args := []string{"send", report, "--to", "reports@arrow.example"}
			if len(tc.args) > 0 && tc.args[len(tc.args)-1] == filepath.Join(dir, "missing.xlsx") {
				args = []string{"send", tc.args[len(tc.args)-1], "--to", "reports@arrow.example"}
				tc.args = tc.args[:len(tc.args)-1]
			}
			start := time.Now()
			code, stdout, stderr := runCLI(t, append(args, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q lacks %q", stderr, tc.want)
			}
			if lines := strings.Count(strings.TrimRight(stderr, "\n"), "\n") + 1; lines != 1 {
				t.Errorf("%d lines on stderr, want 1:\n%s", lines, stderr)
			}
			if strings.HasPrefix(stdout, "sent ") || strings.Contains(stdout, "\nsent ") {
				t.Errorf("stdout says sent: %s", stdout)
			}
			if strings.Contains(stderr, "wrong") || strings.Contains(stderr, "right") {
				t.Errorf("a password shows in %q", stderr)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v: a failure must not hang", d)
			}
			if tc.srv != nil && len(tc.srv.Messages()) != 0 {
				t.Errorf("the server received a message")
			}
		})
	}
}

// --smtp-insecure sends plain SMTP to a relay on loopback, and says so.
func TestSendInsecureLoopback(t *testing.T) {
	dir := t.TempDir()
	srv := smtptest.Start(t, smtptest.Options{})
	trustServer(t, srv)
	report := filepath.Join(dir, "borrowing.xlsx")
	os.WriteFile(report, samples.Loan2002, 0o644)
	code, stdout, stderr := runCLI(t, "send", report, "--to", "treasury@iec.example", "--from", "covenant@iec.example", "--smtp", srv.Addr(), "--smtp-insecure")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "warning: --smtp-insecure") || !strings.Contains(stdout, "(none (plain SMTP to a relay on this machine))") {
		t.Errorf("the plain connection is not said:\n%s\n%s", stdout, stderr)
	}
	got, err := srv.Only()
	if err != nil || got.TLS {
		t.Fatalf("received %v, TLS=%v", err, got.TLS)
	}
}

// An encrypted report: the body says the password comes separately, never
// holds it; with the password covenant reads the figures, and still attaches
// the encrypted file.
func TestSendEncryptedReport(t *testing.T) {
	dir := t.TempDir()
	srv := smtptest.Start(t, smtptest.Options{StartTLS: true})
	trustServer(t, srv)
	t.Setenv(envSMTPFrom, "accounts@iec.example")
	const password = "Oct-2003 figures"
	pwFile := filepath.Join(dir, "pw.txt")
	os.WriteFile(pwFile, []byte(password+"\n"), 0o600)
	t.Setenv("COVENANT_TEST_REPORT_PW", password)
	ledger := sampleLedger(t, dir)
	report := filepath.Join(dir, "monthly-2003-10.xlsx")
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", ledger, "--month", "2003-10", "--as-of", "2003-11-03", "--out", report,
		"--password-file", pwFile, "--email-to", "reports@arrow.example", "--smtp", srv.Addr(), "--json")
	if code != 0 {
		t.Fatalf("monthly: exit %d: %s", code, stderr)
	}
	var j monthlyJSON
	json.Unmarshal([]byte(stdout), &j)
	for _, args := range [][]string{
		{"send", report, "--to", "reports@arrow.example", "--smtp", srv.Addr()},
		{"send", report, "--to", "reports@arrow.example", "--smtp", srv.Addr(), "--password-env", "COVENANT_TEST_REPORT_PW"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	msgs := srv.Messages()
	if len(msgs) != 3 {
		t.Fatalf("%d messages, want 3", len(msgs))
	}
	for i, m := range msgs {
		if bytes.Contains(m.Data, []byte(password)) {
			t.Errorf("message %d holds the workbook's password", i)
		}
		p, err := smtptest.Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		att := onlyAttachment(t, p, report)
		if !protect.IsEncrypted(att) {
			t.Errorf("message %d: the attachment is not the encrypted workbook", i)
		}
		if strings.Contains(p.Body, password) || !strings.Contains(p.Body, "protected by a password, which is sent to you separately") {
			t.Errorf("message %d body:\n%s", i, p.Body)
		}
		if i != 1 { // monthly --email-to, and send with the password: the figures
			wantMonthlyBody(t, p, j)
		} else if strings.Contains(p.Body, "Franchised-part spend") || !strings.Contains(p.Subject, "monthly-2003-10.xlsx") {
			t.Errorf("without the password covenant cannot have read the figures:\n%s\n%s", p.Subject, p.Body)
		}
	}
	// A body file that holds the password is refused.
	body := filepath.Join(dir, "body.txt")
	os.WriteFile(body, []byte("the password is "+password+"\n"), 0o600)
	code, _, stderr = runCLI(t, "send", report, "--to", "reports@arrow.example", "--smtp", srv.Addr(), "--password-file", pwFile, "--body-file", body)
	if code != 2 || !strings.Contains(stderr, "would contain the workbook's password") {
		t.Errorf("a body with the password: exit %d: %s", code, stderr)
	}
	if len(srv.Messages()) != 3 {
		t.Error("the message with the password was sent")
	}
}

// monthly --eml without --email-to is a usage error; so is --email-to with a
// bad address, before anything is written.
func TestMonthlyEmailUsage(t *testing.T) {
	dir := t.TempDir()
	trustServer(t, nil)
	ledger := sampleLedger(t, dir)
	out := filepath.Join(dir, "out.xlsx")
	for _, args := range [][]string{
		{"--eml", filepath.Join(dir, "x.eml")},
		{"--email-to", "nonsense", "--from", "a@iec.example", "--eml", filepath.Join(dir, "x.eml")},
		{"--email-to", "a@arrow.example", "--from", "a@iec.example", "--smtp", "mail.example.com:25", "--smtp-insecure"},
	} {
		code, _, stderr := runCLI(t, append([]string{"monthly", "--ledger", ledger, "--month", "2003-10", "--out", out}, args...)...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v: the report was written despite the usage error", args)
		}
	}
}
