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
			&cli.StringFlag{Name: "password-file", TakesFile: true, Usage: "the password of an encrypted report, in `FILE`, to read its figures (it is not sent)"},
			&cli.StringFlag{Name: "password-env", Usage: "the password of an encrypted report, in the environment variable `VAR`, to read its figures (it is not sent)"},
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
			return runSend(e, files, password, c.String("password-file"))
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

// runSend attaches the files and sends them (or writes the .eml). passwordFile
// is where password came from, if a file.
func runSend(e *emailOptions, files []string, password, passwordFile string) error {
	if e.EML != "" {
		inputs := append(e.files(), input("--password-file", passwordFile)...)
		for _, f := range files {
			inputs = append(inputs, ioFile{Name: "the attachment " + f, Path: f})
		}
		if err := refuseOverwrite(inputs, []ioFile{{Name: "--eml " + e.EML, Path: e.EML, Rename: "give --eml another name"}}); err != nil {
			return err
		}
	}
	var atts []delivery.Attachment
	var names, titles []string
	var monthlyFigs []*delivery.Monthly
	encrypted := false
	seen := map[string]bool{}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return usagef("%v", err)
		}
		name := filepath.Base(path)
		if seen[name] {
			return usagef("%s is given twice (or two files share the name)", name)
		}
		seen[name] = true
		atts = append(atts, delivery.Attachment{Name: name, Data: data})
		names = append(names, name)
		if !strings.EqualFold(filepath.Ext(name), ".xlsx") {
			continue // listed among the attachments
		}
		plain := data
		if protect.IsEncrypted(data) {
			encrypted = true
			if password == "" {
				titles = append(titles, name)
				continue
			}
			if plain, err = protect.Decrypt(data, password); err != nil {
				return usagef("%s: %v (--password-file or --password-env)", name, err)
			}
		}
		if m, err := delivery.ReadMonthly(plain); err == nil {
			monthlyFigs = append(monthlyFigs, m)
		} else if err != delivery.ErrNotMonthly {
			return usagef("%s: %v", name, err)
		}
		if t := delivery.ReadTitle(plain); t != "" {
			titles = append(titles, t)
		} else {
			titles = append(titles, name)
		}
	}
	subject, body := delivery.GenericSubject(titles), delivery.GenericBody(titles, names, encrypted)
	if len(monthlyFigs) == 1 {
		subject, body = monthlyFigs[0].Subject(), monthlyFigs[0].Body(names, encrypted)
	}
	return e.deliver(subject, body, atts, password)
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

// sendMonthly emails the monthly report just written (monthly --email-to).
func (e *emailOptions) sendMonthly(o common, path string, f delivery.Monthly) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	name := filepath.Base(path)
	e.JSONMode = o.JSON
	return e.deliver(f.Subject(), f.Body([]string{name}, o.Password != ""), []delivery.Attachment{{Name: name, Data: data}}, o.Password)
}

// deliver sends the message, or writes it with --eml, and says so. The
// default subject and body are used unless --subject or --body-file is given.
func (e *emailOptions) deliver(subject, body string, atts []delivery.Attachment, password string) error {
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
	for _, a := range atts {
		total += len(a.Data)
		names = append(names, a.Name)
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
	return nil
}
