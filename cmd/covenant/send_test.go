package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/delivery"
	"github.com/covenant-reports/covenant/report/delivery/smtptest"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/oracle"
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
		fmt.Sprintf("Exceptions to Section 1.2:      %d PO lines, %s", len(j.Exceptions), fill.Dollars(decimal.RequireFromString(j.ExceptionSpend))),
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
	// named for the customer; the file on disk keeps its name
	if want := "IEC-" + filepath.Base(path); a.Name != want || a.ContentType != delivery.TypeXLSX {
		t.Errorf("attachment %q of type %q, want %q of type %q", a.Name, a.ContentType, want, delivery.TypeXLSX)
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
	if !strings.Contains(stderr, "sent "+j.Output+" as IEC-monthly-2003-10.xlsx to reports@arrow.example, cms@arrow.example, cfo@iec.example via "+srv.Addr()+" (STARTTLS, TLS 1.3)") {
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

// --subject and --body-file replace the written ones; other reports are
// named by their titles, dates in words; a .pdf goes as application/pdf.
func TestSendOtherFiles(t *testing.T) {
	dir := t.TempDir()
	srv := smtptest.Start(t, smtptest.Options{StartTLS: true})
	trustServer(t, srv)
	t.Setenv(envSMTPFrom, "accounts@iec.example")
	loan := filepath.Join(dir, "loan-2002.xlsx")
	os.WriteFile(loan, samples.Loan2002, 0o644)
	fee := filepath.Join(dir, "loanfee.xlsx")
	if code, _, stderr := runCLI(t, "loanfee", "--loan", loan, "--as-of", "2003-01-15", "--out", fee); code != 0 {
		t.Fatalf("loanfee: %s", stderr)
	}
	notes := filepath.Join(dir, "notes.pdf")
	os.WriteFile(notes, []byte("%PDF-1.4 notes"), 0o644)
	body := filepath.Join(dir, "body.txt")
	os.WriteFile(body, []byte("Dear Kevin,\nthe loan fee schedule is attached.\n"), 0o644)
	host, port, _ := strings.Cut(srv.Addr(), ":")
	t.Setenv(envSMTPHost, host)
	t.Setenv(envSMTPPort, port)
	code, stdout, stderr := runCLI(t, "send", fee, notes, "--to", "Kevin D. Wholey <kevin@arrow.example>")
	if code != 0 {
		t.Fatalf("send: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "sent "+fee+" as IEC-loanfee.xlsx, "+notes+" as IEC-notes.pdf to \"Kevin D. Wholey\" <kevin@arrow.example> via "+srv.Addr()) {
		t.Errorf("stdout: %s", stdout)
	}
	code, _, stderr = runCLI(t, "send", fee, "--to", "kevin@arrow.example", "--subject", "Q4 fee", "--body-file", body)
	if code != 0 {
		t.Fatalf("send --subject: exit %d: %s", code, stderr)
	}
	msgs := srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages", len(msgs))
	}
	p, _ := smtptest.Parse(msgs[0].Data)
	want := "Dear Kevin D. Wholey,\n\nPlease find attached: Loan Extension Fee.\n\nAttachments: IEC-loanfee.xlsx, IEC-notes.pdf.\n\nKind regards,\nIEC Electronics Corp.\n\n" + delivery.ConfidentialityLine + "\n"
	if p.Subject != "Loan Extension Fee (confidential, §6)" || p.Body != want {
		t.Errorf("generic message:\n%s\n%s\nwant:\n%s", p.Subject, p.Body, want)
	}
	if len(p.Attachments) != 2 || p.Attachments[1].ContentType != "application/pdf" || string(p.Attachments[1].Data) != "%PDF-1.4 notes" || p.Attachments[1].Name != "IEC-notes.pdf" {
		t.Errorf("attachments %+v", p.Attachments)
	}
	q, _ := smtptest.Parse(msgs[1].Data)
	if q.Subject != "Q4 fee" || q.Body != "Dear Kevin,\nthe loan fee schedule is attached.\n" {
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
		// no figure in the clear beside the encrypted workbook (§6), with
		// the password given or not
		for _, figure := range []string{j.FranchisedSpend, j.ArrowSpend, j.ExceptionSpend} {
			d := decimal.RequireFromString(figure)
			if strings.Contains(p.Body, fill.Dollars(d)) || strings.Contains(p.Subject, fill.Dollars(d)) {
				t.Errorf("message %d gives %s beside the encrypted workbook:\n%s", i, fill.Dollars(d), p.Body)
			}
		}
		if m := regexp.MustCompile(`\$[0-9]|[0-9]%|[0-9] PO lines?`).FindString(p.Body); m != "" {
			t.Errorf("message %d body holds the figure %q:\n%s", i, m, p.Body)
		}
		if i != 1 { // monthly --email-to, and send with the password: what and when
			want := "IEC Electronics Corp.: monthly material-spend report for October 2003 (Supplier Agreement §1.2)"
			if p.Subject != want || !strings.Contains(p.Body, "Attached is the monthly material-spend report of IEC Electronics Corp. for October 2003 (October 1 to October 31, 2003), under Section 1.2 of the Supplier Agreement.\n") {
				t.Errorf("message %d:\n%s\n%s", i, p.Subject, p.Body)
			}
		} else if !strings.Contains(p.Subject, "IEC-monthly-2003-10.xlsx") {
			t.Errorf("without the password covenant can only name the file:\n%s\n%s", p.Subject, p.Body)
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

// The certificate's email names the customer, the quarter in words and the
// result; a certificate covenant printed is sent as not signed, with a
// warning, unless --signed says the PDF attached is the signed scan, which is
// then attached under its certificate's name.
func TestSendCertificate(t *testing.T) {
	dir := t.TempDir()
	srv := smtptest.Start(t, smtptest.Options{StartTLS: true})
	trustServer(t, srv)
	ledger := sampleLedger(t, dir)
	cert := filepath.Join(dir, "certificate-2003Q4.xlsx")
	code, stdout, stderr := runCLI(t, "certificate", "--ledger", ledger, "--quarter", "Q4 2003", "--as-of", "2004-01-10", "--out", cert, "--prepared-by", "Jane Doe, Controller", "--json")
	if code != 0 {
		t.Fatalf("certificate: exit %d: %s", code, stderr)
	}
	var j certificateJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatal(err)
	}
	scan := filepath.Join(dir, "scan0001.pdf")
	os.WriteFile(scan, []byte("%PDF-1.4\n% a scanner's PDF\n"), 0o644)
	result := fmt.Sprintf("Customer's Requirements (Section 1.2):  compliant except as set forth in Schedule A: %d PO lines bought elsewhere without release (%s)",
		j.Section12.Exceptions, fill.Dollars(decimal.RequireFromString(j.Section12.ExceptionSpend)))
	last := j.MinimumSales[len(j.MinimumSales)-1]
	sales := "Minimum Sales (Section 1.3):            not achieved; Net Sales Billed " + fill.Dollars(decimal.RequireFromString(last.NetSalesBilled)) +
		" and " + fill.Dollars(decimal.RequireFromString(last.CreditUsed)) + " of earlier excess carried forward, against " +
		fill.Dollars(decimal.RequireFromString(*last.Required)) + " required; shortfall " + fill.Dollars(decimal.RequireFromString(*last.Shortfall)) + "\n"
	if last.Met == nil || *last.Met || last.Shortfall == nil {
		t.Fatalf("the sample's 2003Q4 is expected to miss its Minimum Sales: %+v", last)
	}

	// the workbook alone, over SMTP: not signed, said in the message and
	// on stderr
	code, _, stderr = runCLI(t, "send", cert, "--to", "Kevin D. Wholey <kwholey@arrow.example>", "--from", "accounts@iec.example", "--smtp", srv.Addr())
	if code != 0 {
		t.Fatalf("send: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "covenant: warning: certificate-2003Q4.xlsx is the certificate workbook, which no one has signed: Section 1.2 asks for a certificate signed by the President") {
		t.Errorf("no warning that the certificate is not signed:\n%s", stderr)
	}
	got, err := srv.Only()
	if err != nil {
		t.Fatal(err)
	}
	p, err := smtptest.Parse(got.Data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "IEC Electronics Corp.: quarterly compliance certificate for the fourth quarter of 2003, not yet signed (Supplier Agreement §1.2)"; p.Subject != want {
		t.Errorf("subject %q, want %q", p.Subject, want)
	}
	for _, want := range []string{
		"Dear Kevin D. Wholey,\n\n",
		"Attached is the quarterly compliance certificate of IEC Electronics Corp. for the fourth quarter of 2003 (October 1 to December 31, 2003), under Section 1.2 of the Supplier Agreement. This copy is the certificate as prepared for signature: it is not signed.",
		result, sales, "Attachments: IEC-certificate-2003Q4.xlsx.",
		"Kind regards,\nJane Doe, Controller\nIEC Electronics Corp.\n", delivery.ConfidentialityLine,
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, p.Body)
		}
	}
	if len(p.Attachments) != 1 || p.Attachments[0].Name != "IEC-certificate-2003Q4.xlsx" {
		t.Errorf("attachments %+v", p.Attachments)
	}

	// the signed scan with its workbook (--eml, parsed back): signed, the
	// scan named after the certificate, --prepared-by signs
	eml := filepath.Join(dir, "signed.eml")
	code, stdout, stderr = runCLI(t, "send", scan, cert, "--signed", "--to", "kwholey@arrow.example", "--from", "accounts@iec.example", "--prepared-by", "W. Barry Gilbert", "--eml", eml)
	if code != 0 || stderr != "" {
		t.Fatalf("send --signed: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, scan+" as IEC-certificate-2003Q4-signed.pdf, "+cert+" as IEC-certificate-2003Q4.xlsx") {
		t.Errorf("stdout: %s", stdout)
	}
	p = readEML(t, eml)
	if want := "IEC Electronics Corp.: signed quarterly compliance certificate for the fourth quarter of 2003 (Supplier Agreement §1.2)"; p.Subject != want {
		t.Errorf("subject %q, want %q", p.Subject, want)
	}
	for _, want := range []string{"Hello,\n\n", "Attached is the signed quarterly compliance certificate of IEC Electronics Corp. for the fourth quarter of 2003", result, sales,
		"Attachments: IEC-certificate-2003Q4-signed.pdf, IEC-certificate-2003Q4.xlsx.", "Kind regards,\nW. Barry Gilbert\nIEC Electronics Corp.\n"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("signed body lacks %q:\n%s", want, p.Body)
		}
	}
	if strings.Contains(p.Body, "not signed") {
		t.Errorf("the signed certificate's message says it is not signed:\n%s", p.Body)
	}
	if len(p.Attachments) != 2 || p.Attachments[0].Name != "IEC-certificate-2003Q4-signed.pdf" || p.Attachments[0].ContentType != delivery.TypePDF || !bytes.Equal(p.Attachments[0].Data, []byte("%PDF-1.4\n% a scanner's PDF\n")) {
		t.Errorf("attachments %+v", p.Attachments)
	}
	if _, err := os.Stat(scan); err != nil {
		t.Error("the scan on disk was renamed")
	}

	// a scan alone, named for its quarter: what can be said, and a warning
	// that the result cannot be read from it
	named := filepath.Join(dir, "Q4 2003 signed.pdf")
	os.WriteFile(named, []byte("%PDF-1.4\n"), 0o644)
	alone := filepath.Join(dir, "alone.eml")
	code, _, stderr = runCLI(t, "send", named, "--signed", "--to", "kwholey@arrow.example", "--from", "Jane Doe <accounts@iec.example>", "--eml", alone)
	if code != 0 || !strings.Contains(stderr, "covenant cannot read the certificate's result from a PDF: attach the certificate workbook too") {
		t.Fatalf("a scan alone: exit %d: %s", code, stderr)
	}
	p = readEML(t, alone)
	if p.Subject != "IEC Electronics Corp.: signed quarterly compliance certificate for the fourth quarter of 2003 (Supplier Agreement §1.2)" ||
		strings.Contains(p.Body, "states") || !strings.Contains(p.Body, "Kind regards,\nJane Doe\nIEC Electronics Corp.") || p.Attachments[0].Name != "IEC-Q4 2003 signed.pdf" {
		t.Errorf("a scan alone:\n%s\n%s", p.Subject, p.Body)
	}

	// --signed without a PDF
	code, _, stderr = runCLI(t, "send", cert, "--signed", "--to", "kwholey@arrow.example", "--from", "accounts@iec.example", "--eml", filepath.Join(dir, "x.eml"))
	if code != 2 || !strings.Contains(stderr, "--signed says the PDF attached is the signed certificate, but no PDF is attached") {
		t.Errorf("--signed without a PDF: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.eml")); err == nil {
		t.Error("a refused send wrote its .eml")
	}

	// encrypted: no figure and no result in the message, even with the
	// password given to read it; the scan beside it is said to be in clear
	pw := filepath.Join(dir, "pw.txt")
	os.WriteFile(pw, []byte("Q4 secret\n"), 0o600)
	locked := filepath.Join(dir, "locked", "certificate-2003Q4.xlsx")
	if code, _, stderr := runCLI(t, "certificate", "--ledger", ledger, "--quarter", "2003Q4", "--as-of", "2004-01-10", "--out", locked, "--password-file", pw); code != 0 {
		t.Fatalf("certificate --password-file: exit %d: %s", code, stderr)
	}
	enc := filepath.Join(dir, "enc.eml")
	code, _, stderr = runCLI(t, "send", scan, locked, "--signed", "--password-file", pw, "--to", "kwholey@arrow.example", "--from", "accounts@iec.example", "--eml", enc)
	if code != 0 || !strings.Contains(stderr, "scan0001.pdf is not password-protected, beside an encrypted workbook") {
		t.Fatalf("encrypted: exit %d: %s", code, stderr)
	}
	p = readEML(t, enc)
	if p.Subject != "IEC Electronics Corp.: signed quarterly compliance certificate for the fourth quarter of 2003 (Supplier Agreement §1.2)" {
		t.Errorf("encrypted subject %q", p.Subject)
	}
	if m := regexp.MustCompile(`\$[0-9]|[0-9]%|[0-9] PO lines?|compliant|achieved|Schedule A`).FindString(p.Body); m != "" || !strings.Contains(p.Body, "protected by a password, which is sent to you separately") {
		t.Errorf("encrypted body gives %q:\n%s", m, p.Body)
	}
}

// A certificate covenant printed to PDF is known by its document
// properties: sent without --signed it is said not to be signed.
func TestSendCertificatePDF(t *testing.T) {
	oracle.Require(t, "soffice")
	dir := t.TempDir()
	ledger := sampleLedger(t, dir)
	cert := filepath.Join(dir, "certificate-2003Q4.xlsx")
	if code, _, stderr := runCLI(t, "certificate", "--ledger", ledger, "--quarter", "2003Q4", "--as-of", "2004-01-10", "--out", cert, "--pdf"); code != 0 {
		t.Fatalf("certificate --pdf: exit %d: %s", code, stderr)
	}
	pdf := strings.TrimSuffix(cert, ".xlsx") + ".pdf"
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	info, ok := delivery.ReadPDFInfo(data)
	if c, isCert := delivery.CertificateFromPDF(info); !ok || !isCert || c.Quarter != 4 || c.Year != 2003 || c.Customer != "IEC Electronics Corp." {
		t.Fatalf("LibreOffice's PDF reads as %+v (%v, %v)", info, ok, isCert)
	}
	eml := filepath.Join(dir, "pdf.eml")
	code, _, stderr := runCLI(t, "send", pdf, "--to", "kwholey@arrow.example", "--from", "accounts@iec.example", "--eml", eml)
	if code != 0 {
		t.Fatalf("send: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "certificate-2003Q4.pdf is the certificate as covenant printed it, not signed") {
		t.Errorf("no warning that the PDF is not signed:\n%s", stderr)
	}
	p := readEML(t, eml)
	if p.Subject != "IEC Electronics Corp.: quarterly compliance certificate for the fourth quarter of 2003, not yet signed (Supplier Agreement §1.2)" ||
		!strings.Contains(p.Body, "it is not signed") || p.Attachments[0].Name != "IEC-certificate-2003Q4.pdf" {
		t.Errorf("%s\n%s", p.Subject, p.Body)
	}
	// --signed: the user confirms the attachment is the signed one
	code, _, stderr = runCLI(t, "send", pdf, "--signed", "--to", "kwholey@arrow.example", "--from", "accounts@iec.example", "--eml", filepath.Join(dir, "signed.eml"))
	if code != 0 || strings.Contains(stderr, "not signed") {
		t.Errorf("--signed: exit %d: %s", code, stderr)
	}
}

// The attachment's name begins with the terms' Customer Short Name: IEC as
// signed, another in a terms workbook, for monthly --email-to and send alike.
func TestSendShortNameFromTerms(t *testing.T) {
	dir := t.TempDir()
	trustServer(t, nil)
	ledger := fixtureLedger(t, dir, nil)
	termsPath := filepath.Join(dir, "terms.xlsx")
	if code, _, stderr := runCLI(t, "terms", "export", termsPath); code != 0 {
		t.Fatalf("terms export: %s", stderr)
	}
	f, err := excelize.OpenFile(termsPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Supplier")
	row := 0
	for i, r := range rows {
		if len(r) > 1 && r[0] == "Customer Short Name" {
			if r[1] != "IEC" {
				t.Errorf("terms export gives the short name %q, want IEC", r[1])
			}
			row = i + 1
		}
	}
	if row == 0 {
		t.Fatal("terms export has no Customer Short Name")
	}
	f.SetCellValue("Supplier", fmt.Sprintf("B%d", row), "IEC-Newark")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	report := filepath.Join(dir, "monthly-2003-01.xlsx")
	viaMonthly, viaSend := filepath.Join(dir, "m.eml"), filepath.Join(dir, "s.eml")
	if code, _, stderr := runCLI(t, "monthly", "--ledger", ledger, "--month", "2003-01", "--as-of", "2003-02-03", "--terms", termsPath, "--out", report,
		"--email-to", "reports@arrow.example", "--from", "accounts@iec.example", "--eml", viaMonthly); code != 0 {
		t.Fatalf("monthly: %s", stderr)
	}
	if code, _, stderr := runCLI(t, "send", report, "--terms", termsPath, "--to", "reports@arrow.example", "--from", "accounts@iec.example", "--eml", viaSend); code != 0 {
		t.Fatalf("send: %s", stderr)
	}
	for _, eml := range []string{viaMonthly, viaSend} {
		p := readEML(t, eml)
		if len(p.Attachments) != 1 || p.Attachments[0].Name != "IEC-Newark-monthly-2003-01.xlsx" || !strings.Contains(p.Body, "Attachments: IEC-Newark-monthly-2003-01.xlsx.") {
			t.Errorf("%s: attachments %+v\n%s", eml, p.Attachments, p.Body)
		}
	}
	if _, err := os.Stat(report); err != nil {
		t.Error("the report on disk is not under its own name")
	}
	// without --terms: the terms as signed
	def := filepath.Join(dir, "d.eml")
	if code, _, stderr := runCLI(t, "send", report, "--to", "reports@arrow.example", "--from", "accounts@iec.example", "--eml", def); code != 0 {
		t.Fatalf("send: %s", stderr)
	}
	if p := readEML(t, def); p.Attachments[0].Name != "IEC-monthly-2003-01.xlsx" {
		t.Errorf("attachment %q", p.Attachments[0].Name)
	}
}
