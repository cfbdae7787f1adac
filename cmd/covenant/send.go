package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/delivery"
	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
)

// Environment variables for sending. The password is only ever read from the
// environment, never from a flag's value.
const (
	envSMTPHost     = "COVENANT_SMTP_HOST"
	envSMTPPort     = "COVENANT_SMTP_PORT"
	envSMTPUser     = "COVENANT_SMTP_USER"
	envSMTPPassword = "COVENANT_SMTP_PASSWORD"
	envSMTPFrom     = "COVENANT_SMTP_FROM"
)

// smtpRootCAs verifies SMTP servers' certificates; nil means the system's
// roots. Tests set it to trust their own server.
var smtpRootCAs *x509.CertPool

// largeAttachments is the total above which many mail servers refuse a message.
const largeAttachments = 20 << 20

func init() {
	commands = append(commands, &cli.Command{
		Name:      "send",
		ArgsUsage: "FILE...",
		Usage:     "email reports, e.g. the monthly report due to Arrow by the first Friday after month end (§1.2), or write the message as an .eml file",
		UsageText: "covenant send FILE... --to ADDR[,ADDR] [--cc ADDR] [--from ADDR] [--subject TEXT] [--body-file FILE]\n" +
			"                     [--smtp HOST:PORT] [--eml OUT.eml] [--smtp-insecure]",
		Description: "Attaches the files (.xlsx and .pdf with their proper types) and sends them by SMTP: implicit TLS on\n" +
			"port 465, STARTTLS required on any other port (587 when none is given). The server and login come\n" +
			"from --smtp or " + envSMTPHost + " and " + envSMTPPort + ", " + envSMTPUser + " and " + envSMTPPassword + " (the\n" +
			"password only from the environment), the sender from --from or " + envSMTPFrom + ".\n" +
			"Without --subject and --body-file, a monthly report's figures are read back from its Cover (customer,\n" +
			"period, due date, franchised spend, the share through the distributor, the exceptions) and written\n" +
			"into the subject and body with the §6 confidentiality line; other reports are named by their titles.\n" +
			"For an encrypted report, --password-file or --password-env lets covenant read its figures; the password\n" +
			"never goes into the message. --eml writes the message to a file that Outlook or Thunderbird opens\n" +
			"ready to send, instead of sending it. Nothing is reported as sent unless the server accepted it.",
		Flags: append(emailFlags("to"),
			&cli.StringFlag{Name: "password-file", TakesFile: true, Usage: "the password of an encrypted report, in `FILE`, to read what it is (it is not sent, and no figure goes into the message)"},
			&cli.StringFlag{Name: "password-env", Usage: "the password of an encrypted report, in the environment variable `VAR`, to read what it is (it is not sent)"},
			&cli.BoolFlag{Name: "signed", Usage: "the PDF attached is the certificate as the President signed it (the scan): without it a certificate is sent as not signed, with a warning"},
			&cli.StringFlag{Name: "prepared-by", Usage: "the `NAME` that signs the message (default: the report's Prepared by, else the name in --from)"},
			flagTerms,
			&cli.StringFlag{Name: "record", TakesFile: true, Usage: "once the server has accepted the message, append the delivery to the Deliveries sheet of the workbook `FILE` (the ledger or the loan workbook), in place and atomically"},
			&cli.StringFlag{Name: "obligation", Usage: "with --record: the obligation `ID` the message delivers (default: that of the monthly report or certificate attached)"},
		),
		Action: func(c *cli.Context) error {
			if args, again := interspersed(c); again {
				c.Command.HelpName = "" // set again by the new app's setup
				return newApp(c.App.Writer, c.App.ErrWriter).Run(args)
			}
			files := c.Args().Slice()
			if len(files) == 0 {
				return usagef("send: name the report files to send, e.g. covenant send monthly-2003-10.xlsx --to reports@arrow.example")
			}
			e, err := emailFrom(c, "to")
			if err != nil {
				return err
			}
			if e == nil {
				return usagef("send: give the recipients with --to ADDR[,ADDR]")
			}
			password, err := readPassword(c, "password-file", "password-env")
			if err != nil {
				return err
			}
			t, _, err := (common{TermsPath: c.String("terms")}).loadTerms()
			if err != nil {
				return err
			}
			// --record: checked, and the workbook locked, before anything is sent
			if e.record, err = prepareRecord(c.String("record"), c.String("obligation"), c.Bool("signed"), e, files, password, t); err != nil {
				return err
			}
			defer e.record.release()
			return runSend(e, sendOptions{
				Files: files, Password: password, PasswordFile: c.String("password-file"), TermsFile: c.String("terms"),
				Signed: c.Bool("signed"), PreparedBy: c.String("prepared-by"), Terms: t,
			})
		},
	})
}

// interspersed handles flags written after the file names, as in "covenant
// send FILE... --to ADDR" (urfave/cli stops reading flags at the first file
// name): it returns the command line again with every flag first, and true,
// when some flag came after a file name.
func interspersed(c *cli.Context) ([]string, bool) {
	bools := map[string]bool{"help": true, "h": true}
	for _, f := range c.Command.Flags {
		if bf, ok := f.(*cli.BoolFlag); ok {
			for _, n := range bf.Names() {
				bools[n] = true
			}
		}
	}
	var late, files []string
	args := c.Args().Slice()
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			files = append(files, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(a, "-") && a != "-":
			late = append(late, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && !bools[name] && i+1 < len(args) {
				late = append(late, args[i+1])
				i++
			}
		default:
			files = append(files, a)
		}
	}
	if len(late) == 0 {
		return nil, false
	}
	// The flags read before the first file name, then those after it.
	out := []string{c.App.Name, c.Command.Name}
	for _, f := range c.Command.Flags {
		name := f.Names()[0]
		if !c.IsSet(name) {
			continue
		}
		switch f.(type) {
		case *cli.BoolFlag:
			out = append(out, "--"+name+"="+strconv.FormatBool(c.Bool(name)))
		case *cli.StringSliceFlag:
			for _, v := range c.StringSlice(name) {
				out = append(out, "--"+name+"="+v)
			}
		default:
			out = append(out, "--"+name+"="+c.String(name))
		}
	}
	out = append(append(out, late...), "--")
	return append(out, files...), true
}

// emailFlags are the flags of sending; toName is "to" for send and
// "email-to" for monthly.
func emailFlags(toName string) []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: toName, Usage: "send to `ADDR`[,ADDR...] (repeatable)"},
		&cli.StringSliceFlag{Name: "cc", Usage: "copy to `ADDR`[,ADDR...] (repeatable)"},
		&cli.StringFlag{Name: "from", Usage: "the sender's `ADDR` (default: $" + envSMTPFrom + ")"},
		&cli.StringFlag{Name: "subject", Usage: "the subject `TEXT` (default: written from the report)"},
		&cli.StringFlag{Name: "body-file", TakesFile: true, Usage: "the message text, from `FILE` (default: written from the report)"},
		&cli.StringFlag{Name: "smtp", Usage: "the SMTP server `HOST:PORT` (default: $" + envSMTPHost + ":$" + envSMTPPort + "; port 587, or 465 for implicit TLS)"},
		&cli.StringFlag{Name: "eml", TakesFile: true, Usage: "write the message to `FILE` (.eml, opens ready to send) instead of sending it"},
		&cli.BoolFlag{Name: "smtp-insecure", Usage: "allow plain SMTP without TLS, only to a relay on this machine (localhost)"},
	}
}

// emailOptions is who to send to and how.
type emailOptions struct {
	To, Cc   []string
	From     string
	Subject  string
	Body     string // from --body-file
	HasBody  bool
	BodyFile string
	EML      string
	Server   delivery.Server
	Stdout   io.Writer
	Stderr   io.Writer
	JSONMode bool // stdout carries JSON: say what was sent on stderr
	// record is the Deliveries row to append once the server accepts the
	// message (send --record); nil otherwise.
	record *record
}

// emailFrom reads the sending flags and environment; nil when toName is not
// given (for monthly, which sends only with --email-to).
func emailFrom(c *cli.Context, toName string) (*emailOptions, error) {
	e := &emailOptions{Stdout: c.App.Writer, Stderr: c.App.ErrWriter}
	var err error
	if e.To, err = delivery.SplitAddresses(strings.Join(c.StringSlice(toName), ", ")); err != nil {
		return nil, usagef("--%s: %v", toName, err)
	}
	if e.Cc, err = delivery.SplitAddresses(strings.Join(c.StringSlice("cc"), ", ")); err != nil {
		return nil, usagef("--cc: %v", err)
	}
	if len(e.To) == 0 {
		for _, f := range []string{"cc", "from", "subject", "body-file", "smtp", "eml", "smtp-insecure"} {
			if c.IsSet(f) {
				return nil, usagef("--%s: give the recipients with --%s ADDR", f, toName)
			}
		}
		return nil, nil
	}
	e.From = c.String("from")
	if e.From == "" {
		e.From = os.Getenv(envSMTPFrom)
	}
	if e.From == "" {
		// A login that is an address is the usual sender.
		if a, err := mail.ParseAddress(os.Getenv(envSMTPUser)); err == nil {
			e.From = a.Address
		}
	}
	if e.From == "" {
		return nil, usagef("no sender: give --from ADDR or set %s", envSMTPFrom)
	}
	if _, err := mail.ParseAddress(e.From); err != nil {
		return nil, usagef("--from %q is not an email address (%v)", e.From, err)
	}
	e.Subject = c.String("subject")
	if strings.ContainsAny(e.Subject, "\r\n") {
		return nil, usagef("--subject: one line, please")
	}
	if p := c.String("body-file"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, usagef("--body-file: %v", err)
		}
		e.Body, e.HasBody, e.BodyFile = string(b), true, p
	}
	e.EML = c.String("eml")
	if e.EML != "" {
		if err := checkEML(e.EML); err != nil {
			return nil, err
		}
		return e, nil // written, not sent: no server needed
	}
	s, err := serverFrom(c.String("smtp"), c.Bool("smtp-insecure"))
	if err != nil {
		return nil, err
	}
	e.Server = s
	return e, nil
}

// checkEML refuses, before anything is written, an --eml that cannot be
// written: a folder, or a file in a folder that does not exist.
func checkEML(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usagef("--eml %s is a folder: give the message a file name ending in .eml", path)
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("--eml %s: the folder %s does not exist: create it first, or give --eml a file in a folder that exists", path, dir)
	case err != nil:
		return usagef("--eml %s: cannot use the folder %s: %v", path, dir, unwrapPath(err))
	case !fi.IsDir():
		return usagef("--eml %s: %s is a file, not a folder", path, dir)
	}
	return nil
}

// unwrapPath is err without the path an *fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// serverFrom resolves the SMTP server from --smtp and the environment.
func serverFrom(flag string, insecure bool) (delivery.Server, error) {
	s := delivery.Server{User: os.Getenv(envSMTPUser), Password: os.Getenv(envSMTPPassword), Insecure: insecure, RootCAs: smtpRootCAs}
	host, port := flag, ""
	if flag != "" {
		if h, p, err := net.SplitHostPort(flag); err == nil {
			host, port = h, p
		}
	} else {
		host = os.Getenv(envSMTPHost)
	}
	if port == "" {
		port = os.Getenv(envSMTPPort)
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n <= 0 || n > 65535 {
			return s, usagef("SMTP port %q is not a port number (--smtp HOST:PORT or %s)", port, envSMTPPort)
		}
		s.Port = n
	}
	s.Host = host
	if err := s.Check(); err != nil {
		return s, usageError{err}
	}
	return s, nil
}

// files are the inputs of sending besides the reports: the --body-file.
func (e *emailOptions) files() []ioFile {
	if e == nil {
		return nil
	}
	return input("--body-file", e.BodyFile)
}

// sendOptions are what send attaches and how it words the message.
type sendOptions struct {
	Files []string
	// Password opens encrypted reports to read what they are (never their
	// figures into the message); PasswordFile is where it came from.
	Password, PasswordFile string
	// Signed: the PDF attached is the signed certificate (--signed).
	Signed bool
	// PreparedBy signs the message (--prepared-by).
	PreparedBy string
	// Terms give the customer's short name, which begins the attachments'
	// names, and its name; TermsFile is where they came from.
	Terms     terms.Terms
	TermsFile string
}

// attached is one file to send, as read.
type attached struct {
	path, name string // name: as attached
	data       []byte
	encrypted  bool
	pdf        bool
	// report is what covenant read from a workbook (nil: not read, or not
	// a workbook); certPDF what a PDF covenant printed of the certificate
	// says of itself.
	report  *delivery.Report
	certPDF *delivery.Certificate
}

// runSend attaches the files and sends them (or writes the .eml).
func runSend(e *emailOptions, s sendOptions) error {
	if e.EML != "" {
		inputs := append(e.files(), input("--password-file", s.PasswordFile)...)
		inputs = append(inputs, input("--terms", s.TermsFile)...)
		for _, f := range s.Files {
			inputs = append(inputs, ioFile{Name: "the attachment " + f, Path: f})
		}
		if err := refuseOverwrite(inputs, []ioFile{{Name: "--eml " + e.EML, Path: e.EML, Rename: "give --eml another name"}}); err != nil {
			return err
		}
	}
	short := s.Terms.Supplier.ShortName()
	var files []*attached
	seen := map[string]bool{}
	for _, path := range s.Files {
		data, err := os.ReadFile(path)
		if err != nil {
			return usagef("%v", err)
		}
		base := filepath.Base(path)
		if seen[base] {
			return usagef("%s is given twice (or two files share the name)", base)
		}
		seen[base] = true
		a := &attached{path: path, name: delivery.AttachmentName(short, base), data: data, pdf: strings.EqualFold(filepath.Ext(base), ".pdf")}
		files = append(files, a)
		if a.pdf {
			if info, ok := delivery.ReadPDFInfo(data); ok {
				if c, ok := delivery.CertificateFromPDF(info); ok {
					a.certPDF = &c
				}
			}
			continue
		}
		if !strings.EqualFold(filepath.Ext(base), ".xlsx") {
			continue // listed among the attachments
		}
		plain := data
		if protect.IsEncrypted(data) {
			a.encrypted = true
			if s.Password == "" {
				continue
			}
			if plain, err = protect.Decrypt(data, s.Password); err != nil {
				return usagef("%s: %v (--password-file or --password-env)", base, err)
			}
		}
		if a.report, err = delivery.Read(plain); err != nil {
			return usagef("%s: %v", base, err)
		}
	}
	m, warnings, err := s.compose(e, files)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(e.Stderr, "covenant: warning: "+w)
	}
	atts := make([]delivery.Attachment, len(files))
	for i, a := range files {
		atts[i] = delivery.Attachment{Name: a.name, Data: a.data}
	}
	return e.deliver(m.subject, m.body, atts, s.Files, s.Password)
}

// written is a message's subject and body.
type written struct{ subject, body string }

// compose words the message for the files (and renames a signed scan after
// its certificate); it returns the warnings to give first.
func (s sendOptions) compose(e *emailOptions, files []*attached) (written, []string, error) {
	var warnings []string
	var monthlies []*delivery.Monthly
	var cert *delivery.Certificate // read from the workbook
	var certBook, certPDF *attached
	var pdfs []*attached
	encrypted, preparedBy, org := false, "", ""
	customer := s.Terms.Supplier.Customer
	for _, a := range files {
		encrypted = encrypted || a.encrypted
		if a.pdf {
			pdfs = append(pdfs, a)
			if a.certPDF != nil && certPDF == nil {
				certPDF = a
			}
		}
		r := a.report
		if r == nil {
			continue
		}
		if preparedBy == "" {
			preparedBy = r.PreparedBy
		}
		if org == "" {
			org = r.Organization
		}
		of := ""
		switch {
		case r.Monthly != nil:
			monthlies = append(monthlies, r.Monthly)
			of = r.Monthly.Customer
		case r.Certificate != nil && cert == nil:
			cert, certBook = r.Certificate, a
			of = r.Certificate.Customer
		}
		if of != "" && customer != "" && of != customer {
			warnings = append(warnings, fmt.Sprintf("%s is a report of %s, but the terms name the customer %s: the attachment is named %s after the terms (give the report's own with --terms)", filepath.Base(a.path), of, customer, a.name))
		}
	}
	if s.Signed && len(pdfs) == 0 {
		return written{}, nil, usagef("--signed says the PDF attached is the signed certificate, but no PDF is attached: attach the scan of the signed certificate")
	}
	// the signed scan goes under its certificate's name
	if s.Signed && len(pdfs) == 1 && certBook != nil {
		pdfs[0].name = strings.TrimSuffix(certBook.name, filepath.Ext(certBook.name)) + "-signed.pdf"
	}
	names := make([]string, len(files))
	for i, a := range files {
		names[i] = a.name
	}
	for i, a := range files {
		for _, b := range files[:i] {
			if a.name == b.name {
				return written{}, nil, usagef("%s and %s would both be attached as %s: rename one", a.path, b.path, a.name)
			}
		}
	}
	if encrypted {
		for _, a := range files {
			if !a.encrypted && (a.pdf || a.report != nil) {
				warnings = append(warnings, fmt.Sprintf("%s is not password-protected, beside an encrypted workbook: anyone who opens it reads its figures (§6)", filepath.Base(a.path)))
			}
		}
	}
	if preparedBy == "" {
		if a, err := mail.ParseAddress(e.From); err == nil {
			preparedBy = a.Name
		}
	}
	if s.PreparedBy != "" {
		preparedBy = s.PreparedBy
	}
	if org == "" {
		org = customer
	}
	l := delivery.Letter{To: e.To, Attachments: names, Encrypted: encrypted, PreparedBy: strings.TrimSpace(preparedBy), Organization: org}

	isCert := cert != nil || certPDF != nil || s.Signed
	switch {
	case isCert:
		c := delivery.Certificate{Customer: customer}
		switch {
		case cert != nil:
			c = *cert
		case certPDF != nil:
			c = *certPDF.certPDF
		}
		if c.Customer == "" {
			c.Customer = customer
		}
		if c.Quarter == 0 {
			// a scan named for its quarter
			for _, a := range files {
				if y, q, ok := quarterInName(a.path); ok {
					c.Year, c.Quarter = y, q
					break
				}
			}
		}
		c.Signed = s.Signed
		if !s.Signed && !c.Draft {
			what := "the certificate workbook, which no one has signed"
			if certPDF != nil {
				what = "the certificate as covenant printed it, not signed"
				warnings = append(warnings, fmt.Sprintf("%s is %s: Section 1.2 asks for a certificate signed by the President; print it, have it signed and send the scan with --signed (this message says the certificate is not signed)", filepath.Base(certPDF.path), what))
			} else {
				warnings = append(warnings, fmt.Sprintf("%s is %s: Section 1.2 asks for a certificate signed by the President; send the signed scan too, with --signed (this message says the certificate is not signed)", filepath.Base(certBook.path), what))
			}
		}
		if c.Draft {
			warnings = append(warnings, "the certificate is a DRAFT (its quarter had not ended on its as-of date): it is not for signature, and the message says so")
		}
		if !c.Known && !encrypted {
			warnings = append(warnings, "covenant cannot read the certificate's result from a PDF: attach the certificate workbook too, for the message to state it (or write the message with --body-file)")
		}
		if c.Quarter == 0 {
			warnings = append(warnings, "covenant cannot tell the certificate's quarter: attach its workbook, or name the PDF for it (certificate-2003Q4-signed.pdf)")
		}
		return written{c.Subject(), c.Body(l)}, warnings, nil
	case len(monthlies) == 1:
		return written{monthlies[0].Subject(), monthlies[0].Body(l)}, warnings, nil
	}
	var titles []string
	for _, a := range files {
		switch {
		case a.report != nil && a.report.Title != "":
			titles = append(titles, a.report.Title)
		case a.report != nil || a.encrypted:
			titles = append(titles, a.name)
		}
	}
	return written{delivery.GenericSubject(titles), delivery.GenericBody(titles, l)}, warnings, nil
}

// quarterInName finds a calendar quarter in a file's name
// ("certificate-2003Q4-signed.pdf", "Q4 2003 signed.pdf").
func quarterInName(path string) (year, q int, ok bool) {
	return delivery.QuarterIn(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
}

// monthlyFigures are what the email says about the month just reported.
func monthlyFigures(m *spend.Month, t terms.Terms) delivery.Monthly {
	share, ok := m.ArrowShare()
	return delivery.Monthly{
		Customer: t.Supplier.Customer, Distributor: t.Supplier.Distributor,
		PeriodStart: m.Start, PeriodEnd: m.End, Due: m.Due,
		FranchisedSpend: m.Franchised(), DistributorSpend: m.Total(spend.Arrow), Share: share, NoShare: !ok,
		Exceptions: m.ClassLines[spend.Exception], ExceptionSpend: m.Total(spend.Exception),
		Draft: m.Draft, Status: m.Status(),
	}
}

// sendMonthly emails the monthly report just written (monthly --email-to),
// attached under the customer's short name, signed by --prepared-by.
func (e *emailOptions) sendMonthly(o common, path string, f delivery.Monthly, t terms.Terms, preparedBy string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	name := delivery.AttachmentName(t.Supplier.ShortName(), filepath.Base(path))
	e.JSONMode = o.JSON
	if preparedBy == "" {
		if a, err := mail.ParseAddress(e.From); err == nil {
			preparedBy = a.Name
		}
	}
	l := delivery.Letter{To: e.To, Attachments: []string{name}, Encrypted: o.Password != "", PreparedBy: strings.TrimSpace(preparedBy), Organization: t.Supplier.Customer}
	return e.deliver(f.Subject(), f.Body(l), []delivery.Attachment{{Name: name, Data: data}}, []string{path}, o.Password)
}

// deliver sends the message, or writes it with --eml, and says so. The
// default subject and body are used unless --subject or --body-file is given.
// files are the attachments' files as the user named them.
func (e *emailOptions) deliver(subject, body string, atts []delivery.Attachment, files []string, password string) error {
	if e.Subject != "" {
		subject = e.Subject
	}
	if e.HasBody {
		body = e.Body
	}
	// The password travels separately, never with the workbook it opens.
	if password != "" && (strings.Contains(body, password) || strings.Contains(subject, password)) {
		return usagef("the message would contain the workbook's password: send the password separately, by another channel")
	}
	msg := &delivery.Message{From: e.From, To: e.To, Cc: e.Cc, Subject: subject, Body: body, Attachments: atts, UserAgent: "covenant " + version}
	if err := msg.Validate(); err != nil {
		return usageError{err}
	}
	total := 0
	var names []string
	for i, a := range atts {
		total += len(a.Data)
		if i < len(files) && filepath.Base(files[i]) != a.Name {
			names = append(names, files[i]+" as "+a.Name)
		} else {
			names = append(names, a.Name)
		}
	}
	if total > largeAttachments {
		fmt.Fprintf(e.Stderr, "covenant: warning: the attachments total %.1f MB; many mail servers refuse messages over 20 to 25 MB\n", float64(total)/(1<<20))
	}
	out := e.Stdout
	if e.JSONMode {
		out = e.Stderr
	}
	rcpts := strings.Join(append(append([]string(nil), e.To...), e.Cc...), ", ")
	if e.EML != "" {
		id, err := msg.WriteEML(e.EML)
		if err != nil {
			// the temporary file's name says nothing to the user
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return fmt.Errorf("--eml %s: cannot write the message into %s: %v", e.EML, filepath.Dir(e.EML), pe.Err)
			}
			return fmt.Errorf("--eml %s: %v", e.EML, err)
		}
		fmt.Fprintf(out, "wrote %s: %s to %s, Message-ID %s (not sent: open it in Outlook or Thunderbird to send it)\n", e.EML, strings.Join(names, ", "), rcpts, id)
		return nil
	}
	if e.Server.Insecure {
		fmt.Fprintf(e.Stderr, "covenant: warning: --smtp-insecure: the message may go to the relay at %s without TLS (STARTTLS is used if the relay offers it); only a relay on this machine is allowed\n", e.Server.Addr())
	}
	r, err := delivery.Send(context.Background(), e.Server, msg)
	if err != nil {
		return err
	}
	security := r.Security
	if r.TLSVersion != "" {
		security += ", " + r.TLSVersion
	}
	fmt.Fprintf(out, "sent %s to %s via %s (%s); the server answered %q; Message-ID <%s>\n",
		strings.Join(names, ", "), rcpts, r.Server, security, r.Response, strings.Trim(r.MessageID, "<>"))
	if e.record != nil {
		return e.record.commit(e, r)
	}
	return nil
}
