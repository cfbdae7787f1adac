package delivery

import (
	"fmt"
	"net/mail"
	"strings"
)

// Letter is what every message covenant writes has around what it says of
// its reports: the greeting, the list of attachments, the password note, the
// sign-off and the §6 confidentiality line.
type Letter struct {
	// To are the recipients: named ones are greeted by name.
	To []string
	// Attachments are the files' names as attached.
	Attachments []string
	// Encrypted says an attachment is password-protected: the body then
	// carries no figure (they would be in the clear beside the encrypted
	// file, §6), only what the report is and its period.
	Encrypted bool
	// PreparedBy signs the message (--prepared-by); Organization is the
	// sender's company, under the name.
	PreparedBy, Organization string
}

// Greeting is "Dear Kevin D. Wholey," when every recipient has a name in
// the address, else "Hello,".
func (l Letter) Greeting() string {
	var names []string
	for _, a := range l.To {
		p, err := mail.ParseAddress(a)
		if err != nil || strings.TrimSpace(p.Name) == "" {
			return "Hello,"
		}
		names = append(names, strings.TrimSpace(p.Name))
	}
	if len(names) == 0 {
		return "Hello,"
	}
	return "Dear " + andList(names) + ","
}

// SignOff is "Kind regards," with the preparer and the organization under
// it, those given.
func (l Letter) SignOff() string {
	lines := []string{"Kind regards,"}
	for _, s := range []string{l.PreparedBy, l.Organization} {
		if s = strings.TrimSpace(s); s != "" {
			lines = append(lines, s)
		}
	}
	return strings.Join(lines, "\n")
}

// compose writes the whole body: greeting, the paragraphs given, the
// attachments and the password note, the sign-off and the §6 line.
func (l Letter) compose(paragraphs ...string) string {
	var b strings.Builder
	b.WriteString(l.Greeting() + "\n\n")
	for _, p := range paragraphs {
		if p = strings.TrimRight(p, "\n"); p != "" {
			b.WriteString(p + "\n\n")
		}
	}
	if l.Encrypted {
		b.WriteString("The workbook is protected by a password, which is sent to you separately; its figures are in the workbook only.\n\n")
	}
	if len(l.Attachments) > 0 {
		fmt.Fprintf(&b, "Attachments: %s.\n\n", strings.Join(l.Attachments, ", "))
	}
	b.WriteString(l.SignOff() + "\n\n")
	b.WriteString(ConfidentialityLine + "\n")
	return b.String()
}

// AttachmentName is the name a report goes under in an email: the
// customer's short name first ("IEC-monthly-2003-10.xlsx"), unless the
// file's name already begins with it. The file on disk keeps its name.
func AttachmentName(short, file string) string {
	short = strings.TrimSpace(short)
	if short == "" {
		return file
	}
	lower, prefix := strings.ToLower(file), strings.ToLower(short)
	for _, sep := range []string{"-", "_", " ", "."} {
		if strings.HasPrefix(lower, prefix+sep) {
			return file
		}
	}
	return short + "-" + file
}

// andList joins "a", "a and b", "a, b and c".
func andList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
