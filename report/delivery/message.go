// Package delivery sends covenant's reports by email, or prepares the message
// as an .eml file: the monthly report is due to the distributor by the first
// Friday after month end (Supplier Agreement §1.2), and its figures are
// confidential (§6). The MIME message is built by github.com/wneessen/go-mail;
// this package adds what the reports need: the subject and body written from
// the report's own figures, attachments with their proper types, and SMTP that
// is encrypted (implicit TLS on port 465, STARTTLS required elsewhere) with
// bounded waits and one-line failures.
package delivery

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"path/filepath"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/covenant-reports/covenant/report/safefile"
)

// MIME types of the files covenant writes.
const (
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePDF  = "application/pdf"
)

// ContentType gives the MIME type of an attachment from its file name.
func ContentType(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		return TypeXLSX
	case ".xlsm":
		return "application/vnd.ms-excel.sheet.macroEnabled.12"
	case ".pdf":
		return TypePDF
	case ".csv":
		return "text/csv"
	case ".txt":
		return "text/plain"
	case ".json":
		return "application/json"
	}
	return "application/octet-stream"
}

// Attachment is a file sent with the message.
type Attachment struct {
	Name string // the file name shown to the recipient (no folders)
	Data []byte
}

// Message is one email with its attachments.
type Message struct {
	From    string   // one address, "Name <addr>" or "addr"
	To, Cc  []string // at least one To
	Subject string
	Body    string // plain text
	// Attachments go in this order.
	Attachments []Attachment
	// Date is the Date header; zero means the time the message is built.
	Date time.Time
	// UserAgent names the program in User-Agent and X-Mailer.
	UserAgent string
}

// Validate checks the addresses and that there is something to send.
func (m *Message) Validate() error {
	if strings.TrimSpace(m.From) == "" {
		return errors.New("no sender: give --from ADDR or set COVENANT_SMTP_FROM")
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return fmt.Errorf("the sender %q is not an email address (%v)", m.From, err)
	}
	if len(m.To) == 0 {
		return errors.New("no recipient: give --to ADDR")
	}
	for _, list := range [][]string{m.To, m.Cc} {
		for _, a := range list {
			if _, err := mail.ParseAddress(a); err != nil {
				return fmt.Errorf("the recipient %q is not an email address (%v)", a, err)
			}
		}
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return errors.New("the subject must be one line")
	}
	for _, a := range m.Attachments {
		if a.Name == "" || a.Name != filepath.Base(a.Name) {
			return fmt.Errorf("attachment name %q: give a plain file name", a.Name)
		}
	}
	return nil
}

// SplitAddresses splits "a@x, b@y" (and repeated flags) into addresses,
// dropping blanks; a display name with a comma must be quoted ("Doe, J" <j@x>).
func SplitAddresses(values ...string) ([]string, error) {
	var out []string
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			continue
		}
		list, err := mail.ParseAddressList(v)
		if err != nil {
			return nil, fmt.Errorf("%q is not a list of email addresses (%v)", v, err)
		}
		for _, a := range list {
			if a.Name == "" {
				out = append(out, a.Address)
			} else {
				out = append(out, a.String())
			}
		}
	}
	return out, nil
}

// messageID makes a Message-ID in the sender's domain (the local host name
// says nothing a recipient needs, and may say too much).
func messageID(from string) string {
	domain := "covenant.invalid"
	if a, err := mail.ParseAddress(from); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 && i+1 < len(a.Address) {
			domain = a.Address[i+1:]
		}
	}
	var b [15]byte
	rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.EncodeToString(b[:])) + "." + fmt.Sprint(time.Now().UnixNano()%1e9) + "@" + domain
}

// build turns the message into a go-mail Msg with Message-ID and Date set.
// draft adds X-Unsent: 1, which makes Outlook open an .eml ready to send.
func (m *Message) build(draft bool) (*gomail.Msg, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("sender %q: %v", m.From, err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("recipients: %v", err)
	}
	if len(m.Cc) > 0 {
		if err := msg.Cc(m.Cc...); err != nil {
			return nil, fmt.Errorf("copy recipients: %v", err)
		}
	}
	msg.Subject(m.Subject)
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	msg.SetDateWithValue(date)
	msg.SetMessageIDWithValue(messageID(m.From))
	if m.UserAgent != "" {
		msg.SetUserAgent(m.UserAgent)
	}
	if draft {
		msg.SetGenHeader(gomail.Header("X-Unsent"), "1")
	}
	body := m.Body
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	msg.SetBodyString(gomail.TypeTextPlain, body)
	for _, a := range m.Attachments {
		msg.AttachReadSeeker(a.Name, bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(ContentType(a.Name))),
			gomail.WithFileEncoding(gomail.EncodingB64))
	}
	return msg, nil
}

// WriteTo writes the message in RFC 5322 form, as a draft (X-Unsent: 1).
func (m *Message) WriteTo(w io.Writer) (int64, error) {
	msg, err := m.build(true)
	if err != nil {
		return 0, err
	}
	return msg.WriteTo(w)
}

// WriteEML writes the message to path as an RFC 5322 .eml file that Outlook or
// Thunderbird opens ready to send, atomically; it returns the Message-ID.
func (m *Message) WriteEML(path string) (string, error) {
	msg, err := m.build(true)
	if err != nil {
		return "", err
	}
	err = safefile.Write(path, func(w io.Writer) error {
		_, err := msg.WriteTo(w)
		return err
	})
	if err != nil {
		return "", err
	}
	return msg.GetMessageID(), nil
}
