package delivery

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/delivery/smtptest"
)

var october = Monthly{
	Customer:         "IEC Electronics Corp.",
	Distributor:      "Arrow CMS Distribution Group of Arrow Electronics, Inc.",
	PeriodStart:      time.Date(2003, 10, 1, 0, 0, 0, 0, time.UTC),
	PeriodEnd:        time.Date(2003, 10, 31, 0, 0, 0, 0, time.UTC),
	Due:              time.Date(2003, 11, 7, 0, 0, 0, 0, time.UTC),
	FranchisedSpend:  decimal.RequireFromString("731720.64"),
	DistributorSpend: decimal.RequireFromString("589552.61"),
	Share:            decimal.RequireFromString("0.80570723"),
	Exceptions:       42,
	ExceptionSpend:   decimal.RequireFromString("30806.16"),
}

func TestMonthlySubjectAndBody(t *testing.T) {
	if got, want := october.Subject(), "IEC Electronics Corp.: monthly material-spend report for October 2003 (Supplier Agreement §1.2)"; got != want {
		t.Errorf("subject %q, want %q", got, want)
	}
	l := Letter{To: []string{"reports@arrow.example"}, Attachments: []string{"IEC-monthly-2003-10.xlsx"}, PreparedBy: "Jane Doe", Organization: "IEC Electronics Corp."}
	body := october.Body(l)
	want := "Hello,\n\n" +
		"Attached is the monthly material-spend report of IEC Electronics Corp. for October 2003 (October 1 to October 31, 2003), " +
		"due to Arrow CMS Distribution Group of Arrow Electronics, Inc. by Friday, November 7, 2003 under Section 1.2 of the Supplier Agreement.\n\n" +
		"  Franchised-part spend:          $731,720.64\n" +
		"  Share through the distributor:  80.6% ($589,552.61)\n" +
		"  Exceptions to Section 1.2:      42 PO lines, $30,806.16\n\n" +
		"The Detail sheet lists every franchised-part transaction of the month with its component cost, quantity, PO date and " +
		"the supplier's confirmed delivery date; every total in the report is calculated from these lines.\n\n" +
		"Attachments: IEC-monthly-2003-10.xlsx.\n\n" +
		"Kind regards,\nJane Doe\nIEC Electronics Corp.\n\n" +
		ConfidentialityLine + "\n"
	if body != want {
		t.Errorf("body:\n%s\nwant:\n%s", body, want)
	}
	// Encrypted: what the report is, its period, and that the password comes
	// separately; no figure at all (§6).
	l.Encrypted = true
	enc := october.Body(l)
	want = "Hello,\n\n" +
		"Attached is the monthly material-spend report of IEC Electronics Corp. for October 2003 (October 1 to October 31, 2003), under Section 1.2 of the Supplier Agreement.\n\n" +
		"The workbook is protected by a password, which is sent to you separately; its figures are in the workbook only.\n\n" +
		"Attachments: IEC-monthly-2003-10.xlsx.\n\n" +
		"Kind regards,\nJane Doe\nIEC Electronics Corp.\n\n" +
		ConfidentialityLine + "\n"
	if enc != want {
		t.Errorf("encrypted body:\n%s\nwant:\n%s", enc, want)
	}
	noFigures(t, enc)
	draft := october
	draft.Draft, draft.Status = true, "DRAFT: the month ends October 31, 2003, after the as-of date October 15, 2003. PO lines dated after the as-of date are not known yet; the figures may change."
	enc = draft.Body(l)
	if !strings.Contains(enc, "It is a draft: October 2003 had not ended on the date the report speaks as of.") || strings.Contains(enc, "October 15") {
		t.Errorf("encrypted draft:\n%s", enc)
	}
	noFigures(t, enc)
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "Exceptions to Section 1.2:      none"}, {1, "Exceptions to Section 1.2:      1 PO line, $30,806.16"}} {
		f := october
		f.Exceptions = tc.n
		if b := f.Body(Letter{}); !strings.Contains(b, tc.want) {
			t.Errorf("%d exceptions: body lacks %q", tc.n, tc.want)
		}
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"monthly-2003-10.xlsx": TypeXLSX, "REPORT.XLSX": TypeXLSX, "certificate-2003Q4.pdf": "application/pdf",
		"notes.bin": "application/octet-stream", "x.csv": "text/csv",
	} {
		if got := ContentType(name); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
}

func testMessage(att []byte) *Message {
	return &Message{
		From: "Accounts <accounts@iec.example>", To: []string{"reports@arrow.example", "cms@arrow.example"}, Cc: []string{"cfo@iec.example"},
		Subject: october.Subject(), Body: october.Body(Letter{Attachments: []string{"monthly-2003-10.xlsx"}}),
		Attachments: []Attachment{{Name: "monthly-2003-10.xlsx", Data: att}},
		UserAgent:   "covenant test",
	}
}

// attachmentBytes is binary data with every byte value and long runs, like a zip.
func attachmentBytes() []byte {
	var b bytes.Buffer
	for i := 0; i < 70000; i++ {
		b.WriteByte(byte(i * 7 % 256))
	}
	b.Write(bytes.Repeat([]byte{0, '\r', '\n', '.', '\n'}, 5000))
	return b.Bytes()
}

func checkMessage(t *testing.T, raw []byte, att []byte) *smtptest.Parsed {
	t.Helper()
	p, err := smtptest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != october.Subject() {
		t.Errorf("subject %q, want %q", p.Subject, october.Subject())
	}
	if !strings.Contains(p.Body, "$731,720.64") || !strings.Contains(p.Body, "80.6%") || !strings.Contains(p.Body, ConfidentialityLine) {
		t.Errorf("body lacks the figures or the §6 line:\n%s", p.Body)
	}
	for _, h := range []string{"Message-Id", "Date", "From", "To", "Cc"} {
		if p.Header.Get(h) == "" {
			t.Errorf("header %s missing", h)
		}
	}
	if id := p.Header.Get("Message-Id"); !strings.HasSuffix(id, "@iec.example>") {
		t.Errorf("Message-ID %q is not in the sender's domain", id)
	}
	if _, err := p.Header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if len(p.Attachments) != 1 {
		t.Fatalf("%d attachments, want 1", len(p.Attachments))
	}
	a := p.Attachments[0]
	if a.Name != "monthly-2003-10.xlsx" || a.ContentType != TypeXLSX {
		t.Errorf("attachment %q of type %q", a.Name, a.ContentType)
	}
	if sha256.Sum256(a.Data) != sha256.Sum256(att) {
		t.Errorf("attachment: %d bytes arrived, not the %d sent (SHA-256 differs)", len(a.Data), len(att))
	}
	return p
}

func TestSend(t *testing.T) {
	att := attachmentBytes()
	for _, tc := range []struct {
		name     string
		opt      smtptest.Options
		implicit bool
		insecure bool
		security string
	}{
		{"STARTTLS with login", smtptest.Options{StartTLS: true, User: "iec", Password: "pw 1"}, false, false, "STARTTLS"},
		{"STARTTLS without login", smtptest.Options{StartTLS: true}, false, false, "STARTTLS"},
		{"implicit TLS", smtptest.Options{ImplicitTLS: true, User: "iec", Password: "pw"}, true, false, "implicit TLS"},
		{"insecure loopback uses STARTTLS when offered", smtptest.Options{StartTLS: true}, false, true, "STARTTLS"},
		{"insecure loopback, plain relay", smtptest.Options{}, false, true, "none (plain SMTP to a relay on this machine)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtptest.Start(t, tc.opt)
			s := Server{Host: srv.Host, Port: srv.Port, User: tc.opt.User, Password: tc.opt.Password, RootCAs: srv.Roots, Insecure: tc.insecure}
			// Send chooses implicit TLS by port 465; tests cannot listen there.
			s.Implicit = tc.implicit
			r, err := Send(context.Background(), s, testMessage(att))
			if err != nil {
				t.Fatal(err)
			}
			if r.Security != tc.security {
				t.Errorf("security %q, want %q", r.Security, tc.security)
			}
			got, err := srv.Only()
			if err != nil {
				t.Fatal(err)
			}
			if got.TLS != (tc.security != "none (plain SMTP to a relay on this machine)") {
				t.Errorf("server saw TLS=%v", got.TLS)
			}
			if got.AuthUser != tc.opt.User {
				t.Errorf("logged in as %q", got.AuthUser)
			}
			if strings.Join(got.To, ",") != "reports@arrow.example,cms@arrow.example,cfo@iec.example" || got.From != "accounts@iec.example" {
				t.Errorf("envelope from %q to %v", got.From, got.To)
			}
			p := checkMessage(t, got.Data, att)
			if "<"+r.MessageID+">" != p.Header.Get("Message-Id") && r.MessageID != p.Header.Get("Message-Id") {
				t.Errorf("receipt Message-ID %q, message has %q", r.MessageID, p.Header.Get("Message-Id"))
			}
			if p.Header.Get("X-Unsent") != "" {
				t.Error("a sent message is marked X-Unsent")
			}
		})
	}
}

func TestSendFailures(t *testing.T) {
	att := []byte("PK\x03\x04 small")
	for _, tc := range []struct {
		name string
		opt  smtptest.Options
		srv  func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server)
		kind string
		want []string
	}{
		{"wrong password", smtptest.Options{StartTLS: true, User: "iec", Password: "right"}, func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server) {
			srv := smtptest.Start(t, o)
			return Server{Host: srv.Host, Port: srv.Port, User: "iec", Password: "wrong", RootCAs: srv.Roots}, srv
		}, KindAuth, []string{"refused the login of iec: 535 5.7.8 Authentication failed", "COVENANT_SMTP_PASSWORD"}},
		{"refused recipient", smtptest.Options{StartTLS: true, RefuseRecipient: "cms@arrow.example"}, func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server) {
			srv := smtptest.Start(t, o)
			return Server{Host: srv.Host, Port: srv.Port, RootCAs: srv.Roots}, srv
		}, KindRecipient, []string{"refused the recipient <cms@arrow.example>: 550 5.1.1 No such user here"}},
		{"no STARTTLS offered", smtptest.Options{}, func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server) {
			srv := smtptest.Start(t, o)
			return Server{Host: srv.Host, Port: srv.Port, RootCAs: srv.Roots}, srv
		}, KindTLS, []string{"does not offer STARTTLS", "--smtp-insecure"}},
		{"untrusted certificate", smtptest.Options{StartTLS: true}, func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server) {
			srv := smtptest.Start(t, o)
			return Server{Host: srv.Host, Port: srv.Port}, srv
		}, KindTLS, []string{"TLS with the SMTP server", "not signed by an authority"}},
		{"certificate for another name", smtptest.Options{StartTLS: true, CertNames: []string{"mail.elsewhere.example"}}, func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server) {
			srv := smtptest.Start(t, o)
			return Server{Host: srv.Host, Port: srv.Port, RootCAs: srv.Roots}, srv
		}, KindTLS, []string{"its certificate is not for this host name"}},
		{"server down", smtptest.Options{}, func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server) {
			host, port := splitAddr(t, smtptest.ClosedPort(t))
			return Server{Host: host, Port: port}, nil
		}, KindConnect, []string{"cannot connect", "connection refused"}},
		{"server silent", smtptest.Options{}, func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server) {
			host, port := splitAddr(t, smtptest.Silent(t))
			return Server{Host: host, Port: port, IdleTimeout: 300 * time.Millisecond}, nil
		}, KindTimeout, []string{"stopped answering (nothing within 300ms)"}},
		{"server silent, overall limit", smtptest.Options{}, func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server) {
			host, port := splitAddr(t, smtptest.Silent(t))
			return Server{Host: host, Port: port, Timeout: 400 * time.Millisecond}, nil
		}, KindTimeout, []string{"did not finish within 400ms"}},
		{"plain server on the implicit-TLS port", smtptest.Options{}, func(t *testing.T, o smtptest.Options) (Server, *smtptest.Server) {
			srv := smtptest.Start(t, o)
			return Server{Host: srv.Host, Port: srv.Port, Implicit: true, RootCAs: srv.Roots}, srv
		}, KindTLS, []string{"does not speak TLS"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, srv := tc.srv(t, tc.opt)
			r, err := Send(context.Background(), s, testMessage(att))
			if err == nil {
				t.Fatalf("sent: %+v", r)
			}
			var se *SendError
			if !errors.As(err, &se) {
				t.Fatalf("error %T %v, want a *SendError", err, err)
			}
			if se.Kind != tc.kind {
				t.Errorf("kind %q, want %q (%v)", se.Kind, tc.kind, err)
			}
			msg := err.Error()
			t.Log(msg)
			if strings.Contains(msg, "\n") {
				t.Errorf("error is more than one line: %q", msg)
			}
			for _, w := range append(tc.want, "nothing was sent") {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "right") || strings.Contains(msg, "wrong") {
				t.Errorf("error shows a password: %q", msg)
			}
			if srv != nil && len(srv.Messages()) != 0 {
				t.Errorf("the server received %d messages", len(srv.Messages()))
			}
		})
	}
}

func splitAddr(t *testing.T, addr string) (string, int) {
	i := strings.LastIndexByte(addr, ':')
	port, err := strconv.Atoi(addr[i+1:])
	if err != nil {
		t.Fatal(err)
	}
	return addr[:i], port
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		s    Server
		want string
	}{
		{Server{}, "no SMTP server"},
		{Server{Host: "mail.example.com", Insecure: true}, "only for a relay on this machine"},
		{Server{Host: "192.168.1.5", Insecure: true}, "only for a relay on this machine"},
		{Server{Host: "mail.example.com", Password: "x"}, "no user"},
		{Server{Host: "127.0.0.1", Insecure: true}, ""},
		{Server{Host: "::1", Insecure: true}, ""},
		{Server{Host: "localhost", Insecure: true}, ""},
		{Server{Host: "mail.example.com"}, ""},
	} {
		err := tc.s.Check()
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%+v: %v, want %q", tc.s, err, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	base := func() *Message { return testMessage([]byte("x")) }
	for _, tc := range []struct {
		edit func(m *Message)
		want string
	}{
		{func(m *Message) { m.From = "" }, "no sender"},
		{func(m *Message) { m.From = "not an address" }, "not an email address"},
		{func(m *Message) { m.To = nil }, "no recipient"},
		{func(m *Message) { m.Cc = []string{"bad@"} }, "not an email address"},
		{func(m *Message) { m.Subject = "two\nlines" }, "one line"},
		{func(m *Message) { m.Attachments[0].Name = "../x.xlsx" }, "plain file name"},
	} {
		m := base()
		tc.edit(m)
		if err := m.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v, want %q", err, tc.want)
		}
	}
	got, err := SplitAddresses("a@x.example, \"Doe, J\" <j@y.example>", "", "c@z.example")
	if err != nil || len(got) != 3 {
		t.Errorf("SplitAddresses: %v %v", got, err)
	}
	if _, err := SplitAddresses("a@x.example, nonsense"); err == nil {
		t.Error("SplitAddresses accepted nonsense")
	}
}

func TestWriteEML(t *testing.T) {
	att := attachmentBytes()
	path := filepath.Join(t.TempDir(), "monthly.eml")
	id, err := testMessage(att).WriteEML(path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := checkMessage(t, raw, att)
	if p.Header.Get("Message-Id") != id {
		t.Errorf("Message-ID %q, WriteEML said %q", p.Header.Get("Message-Id"), id)
	}
	if p.Header.Get("X-Unsent") != "1" {
		t.Error("the .eml is not marked X-Unsent: 1 (Outlook would open it as received, not ready to send)")
	}
	// Written atomically: no temporary file left beside it.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("%d files in the folder, want only the .eml", len(entries))
	}
	// A bad message writes nothing.
	bad := testMessage(att)
	bad.To = nil
	if _, err := bad.WriteEML(filepath.Join(t.TempDir(), "bad.eml")); err == nil {
		t.Error("wrote a message without recipients")
	}
}

func TestReadMonthlyRefuses(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "not a report")
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadMonthly(b.Bytes()); !errors.Is(err, ErrNotMonthly) {
		t.Errorf("a plain workbook: %v, want ErrNotMonthly", err)
	}
	// Every name present, one value damaged.
	names := map[string]any{"Customer": "IEC", "Distributor": "Arrow", "PeriodStart": 37895, "PeriodEnd": 37925, "DueDate": 37932,
		"FranchisedSpend": 100.5, "Spend_arrow": 80.25, "ArrowShare": 0.8, "Lines_exception": "three", "Spend_exception": 1.5}
	row := 1
	for n, v := range names {
		cell := "B" + strconv.Itoa(row)
		f.SetCellValue("Sheet1", cell, v)
		f.SetDefinedName(&excelize.DefinedName{Name: n, RefersTo: "'Sheet1'!$B$" + strconv.Itoa(row)})
		row++
	}
	b.Reset()
	f.Write(&b)
	_, err := ReadMonthly(b.Bytes())
	if err == nil || !strings.Contains(err.Error(), `Lines_exception holds "three", not a number`) {
		t.Errorf("damaged count: %v", err)
	}
	if ReadTitle(b.Bytes()) != "" {
		t.Error("a workbook without a title has one")
	}
}

// TestMonthlyDraftAndNoShare: a draft's email says DRAFT in its subject and
// gives the cover's status; a month with nothing bought has no share.
func TestMonthlyDraftAndNoShare(t *testing.T) {
	f := october
	f.Draft = true
	f.Status = "DRAFT: the month ends October 31, 2003, after the as-of date October 15, 2003."
	if got, want := f.Subject(), "IEC Electronics Corp.: DRAFT monthly material-spend report for October 2003 (Supplier Agreement §1.2)"; got != want {
		t.Errorf("subject %q, want %q", got, want)
	}
	if b := f.Body(Letter{}); !strings.Contains(b, "(October 1 to October 31, 2003), due to Arrow CMS Distribution Group of Arrow Electronics, Inc. by Friday, November 7, 2003 under Section 1.2 of the Supplier Agreement.\n\n"+f.Status+"\n\n") {
		t.Errorf("body lacks the status:\n%s", b)
	}
	f = october
	f.NoShare, f.FranchisedSpend, f.DistributorSpend = true, decimal.Zero, decimal.Zero
	if b := f.Body(Letter{}); !strings.Contains(b, "Share through the distributor:  n/a: no franchised purchases ($0.00)") {
		t.Errorf("body:\n%s", b)
	}
	// read back from a report's cover
	x := excelize.NewFile()
	names := map[string]any{"Customer": "IEC", "Distributor": "Arrow", "PeriodStart": 38108, "PeriodEnd": 38138, "DueDate": 38142,
		"FranchisedSpend": 0, "Spend_arrow": 0, "ArrowShare": "n/a (no purchases)", "Lines_exception": 0, "Spend_exception": 0,
		"Status": "DRAFT: the month ends May 31, 2004, after the as-of date May 20, 2004."}
	row := 1
	for n, v := range names {
		cell := "B" + strconv.Itoa(row)
		x.SetCellValue("Sheet1", cell, v)
		x.SetDefinedName(&excelize.DefinedName{Name: n, RefersTo: "'Sheet1'!$B$" + strconv.Itoa(row)})
		row++
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	m, err := ReadMonthly(b.Bytes())
	if err != nil || !m.NoShare || !m.Draft || !strings.HasPrefix(m.Status, "DRAFT: the month ends May 31, 2004") {
		t.Errorf("read back %+v, %v", m, err)
	}
}

// noFigures fails if s holds an amount, a percentage or a count of lines.
func noFigures(t *testing.T, s string) {
	t.Helper()
	if m := regexp.MustCompile(`\$[0-9]|[0-9]%|[0-9]+ (PO )?lines?\b`).FindString(s); m != "" {
		t.Errorf("the body gives a figure (%q) beside an encrypted workbook:\n%s", m, s)
	}
}
