package delivery

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestGreetingAndSignOff(t *testing.T) {
	for _, tt := range []struct {
		to   []string
		want string
	}{
		{[]string{"reports@arrow.example"}, "Hello,"},
		{[]string{"Kevin D. Wholey <kwholey@arrow.example>"}, "Dear Kevin D. Wholey,"},
		{[]string{`"Wholey, Kevin" <kwholey@arrow.example>`, "Glenn Moore <gm@arrow.example>"}, "Dear Wholey, Kevin and Glenn Moore,"},
		{[]string{"Kevin D. Wholey <kwholey@arrow.example>", "cms@arrow.example"}, "Hello,"},
		{nil, "Hello,"},
	} {
		if got := (Letter{To: tt.to}).Greeting(); got != tt.want {
			t.Errorf("Greeting(%q) = %q, want %q", tt.to, got, tt.want)
		}
	}
	for _, tt := range []struct {
		by, org, want string
	}{
		{"Jane Doe", "IEC Electronics Corp.", "Kind regards,\nJane Doe\nIEC Electronics Corp."},
		{"", "IEC Electronics Corp.", "Kind regards,\nIEC Electronics Corp."},
		{" ", "", "Kind regards,"},
	} {
		if got := (Letter{PreparedBy: tt.by, Organization: tt.org}).SignOff(); got != tt.want {
			t.Errorf("SignOff(%q, %q) = %q, want %q", tt.by, tt.org, got, tt.want)
		}
	}
}

func TestAttachmentName(t *testing.T) {
	for _, tt := range []struct{ short, file, want string }{
		{"IEC", "monthly-2003-10.xlsx", "IEC-monthly-2003-10.xlsx"},
		{"IEC", "certificate-2003Q4.pdf", "IEC-certificate-2003Q4.pdf"},
		{"IEC", "IEC-monthly-2003-10.xlsx", "IEC-monthly-2003-10.xlsx"},
		{"IEC", "iec_monthly.xlsx", "iec_monthly.xlsx"},
		{"IEC", "IECmonthly.xlsx", "IEC-IECmonthly.xlsx"},
		{"A&B", "loanfee.xlsx", "A&B-loanfee.xlsx"},
		{"", "loanfee.xlsx", "loanfee.xlsx"},
	} {
		if got := AttachmentName(tt.short, tt.file); got != tt.want {
			t.Errorf("AttachmentName(%q, %q) = %q, want %q", tt.short, tt.file, got, tt.want)
		}
	}
}

func TestQuarterIn(t *testing.T) {
	for _, tt := range []struct {
		s       string
		y, q    int
		matches bool
	}{
		{"Quarterly compliance certificate 2003Q4", 2003, 4, true},
		{"DRAFT Quarterly compliance certificate 2004Q1", 2004, 1, true},
		{"Quarterly compliance certificate, fourth quarter of 2003", 2003, 4, true},
		{"certificate-2003-Q4-signed", 2003, 4, true},
		{"Q4 2003 certificate signed", 2003, 4, true},
		{"4Q03 signed", 2003, 4, true},
		{"scan0001", 0, 0, false},
		{"monthly-2003-10", 0, 0, false},
		{"2003Q5", 0, 0, false},
	} {
		y, q, ok := QuarterIn(tt.s)
		if ok != tt.matches || (ok && (y != tt.y || q != tt.q)) {
			t.Errorf("QuarterIn(%q) = %d, %d, %v; want %d, %d, %v", tt.s, y, q, ok, tt.y, tt.q, tt.matches)
		}
	}
}

func TestInWords(t *testing.T) {
	for in, want := range map[string]string{
		"Borrowing capacity, overadvances and interest 2002-10-01 to 2003-01-15": "Borrowing capacity, overadvances and interest October 1, 2002 to January 15, 2003",
		"Quarterly compliance certificate 2003Q4":                                "Quarterly compliance certificate the fourth quarter of 2003",
		"Loan Extension Fee": "Loan Extension Fee",
	} {
		if got := InWords(in); got != want {
			t.Errorf("InWords(%q) = %q, want %q", in, got, want)
		}
	}
	body := GenericBody([]string{"Loan Extension Fee"}, Letter{Attachments: []string{"IEC-loanfee.xlsx"}, Organization: "IEC Electronics Corp."})
	if !strings.HasPrefix(body, "Hello,\n\nPlease find attached: Loan Extension Fee.\n\nAttachments: IEC-loanfee.xlsx.\n\nKind regards,\nIEC Electronics Corp.\n\n"+ConfidentialityLine) {
		t.Errorf("generic body:\n%s", body)
	}
}

// The certificate's email names the customer, the quarter in words and the
// result, says whether it is signed, and gives no figure beside an
// encrypted workbook.
func TestCertificateMessage(t *testing.T) {
	required, shortfall := decimal.RequireFromString("2093646.96"), decimal.RequireFromString("187293.92")
	q4 := Certificate{
		Customer: "IEC Electronics Corp.", Year: 2003, Quarter: 4, Known: true,
		Exceptions: 209, ExceptionSpend: decimal.RequireFromString("200933.99"),
		Result: "not achieved", NetSalesBilled: decimal.RequireFromString("1702488.91"), Required: &required,
		CreditUsed: decimal.RequireFromString("203864.13"), Shortfall: &shortfall,
	}
	l := Letter{Attachments: []string{"IEC-certificate-2003Q4-signed.pdf", "IEC-certificate-2003Q4.xlsx"}, PreparedBy: "Jane Doe", Organization: "IEC Electronics Corp."}
	signed := q4
	signed.Signed = true
	if got, want := signed.Subject(), "IEC Electronics Corp.: signed quarterly compliance certificate for the fourth quarter of 2003 (Supplier Agreement §1.2)"; got != want {
		t.Errorf("subject %q, want %q", got, want)
	}
	want := "Hello,\n\n" +
		"Attached is the signed quarterly compliance certificate of IEC Electronics Corp. for the fourth quarter of 2003 (October 1 to December 31, 2003), under Section 1.2 of the Supplier Agreement.\n\n" +
		"The certificate states:\n" +
		"  Customer's Requirements (Section 1.2):  compliant except as set forth in Schedule A: 209 PO lines bought elsewhere without release ($200,933.99)\n" +
		"  Minimum Sales (Section 1.3):            not achieved; Net Sales Billed $1,702,488.91 and $203,864.13 of earlier excess carried forward, against $2,093,646.96 required; shortfall $187,293.92\n\n" +
		"The schedules attached to the certificate list every purchase and invoice its figures are calculated from.\n\n" +
		"Attachments: IEC-certificate-2003Q4-signed.pdf, IEC-certificate-2003Q4.xlsx.\n\n" +
		"Kind regards,\nJane Doe\nIEC Electronics Corp.\n\n" + ConfidentialityLine + "\n"
	if got := signed.Body(l); got != want {
		t.Errorf("signed body:\n%s\nwant:\n%s", got, want)
	}
	// not signed: said in the subject and the body
	if got := q4.Subject(); got != "IEC Electronics Corp.: quarterly compliance certificate for the fourth quarter of 2003, not yet signed (Supplier Agreement §1.2)" {
		t.Errorf("unsigned subject %q", got)
	}
	if b := q4.Body(l); !strings.Contains(b, "This copy is the certificate as prepared for signature: it is not signed.") || strings.Contains(b, "signed quarterly") {
		t.Errorf("unsigned body:\n%s", b)
	}
	compliant := signed
	compliant.Exceptions, compliant.Result, compliant.Required, compliant.Shortfall, compliant.CreditUsed = 0, "achieved", nil, nil, decimal.Zero
	if b := compliant.Body(l); !strings.Contains(b, "Customer's Requirements (Section 1.2):  compliant\n") || !strings.Contains(b, "Minimum Sales (Section 1.3):            achieved; Net Sales Billed $1,702,488.91\n") {
		t.Errorf("compliant body:\n%s", b)
	}
	draft := q4
	draft.Draft = true
	if s := draft.Subject(); s != "IEC Electronics Corp.: DRAFT quarterly compliance certificate for the fourth quarter of 2003 (Supplier Agreement §1.2)" {
		t.Errorf("draft subject %q", s)
	}
	if b := draft.Body(l); !strings.Contains(b, "It is a draft with the figures to date") || !strings.Contains(b, "to date 209 PO lines bought elsewhere") || strings.Contains(b, "compliant") || strings.Contains(b, "shortfall") {
		t.Errorf("draft body:\n%s", b)
	}
	// encrypted: what it is, the quarter, the password; no result, no figure
	l.Encrypted = true
	b := signed.Body(l)
	want = "Hello,\n\n" +
		"Attached is the signed quarterly compliance certificate of IEC Electronics Corp. for the fourth quarter of 2003 (October 1 to December 31, 2003), under Section 1.2 of the Supplier Agreement.\n\n" +
		"The workbook is protected by a password, which is sent to you separately; its figures are in the workbook only.\n\n"
	if !strings.HasPrefix(b, want) {
		t.Errorf("encrypted body:\n%s\nwant it to begin:\n%s", b, want)
	}
	noFigures(t, b)
	for _, w := range []string{"achieved", "compliant", "Schedule A"} {
		if strings.Contains(b, w) {
			t.Errorf("encrypted body gives the result (%q):\n%s", w, b)
		}
	}
	// a scan alone: what can be said, without a result
	scan := Certificate{Customer: "IEC Electronics Corp.", Signed: true}
	if got := scan.Subject(); got != "IEC Electronics Corp.: signed quarterly compliance certificate (Supplier Agreement §1.2)" {
		t.Errorf("scan subject %q", got)
	}
	if b := scan.Body(Letter{}); strings.Contains(b, "states") || !strings.Contains(b, "Attached is the signed quarterly compliance certificate of IEC Electronics Corp., under Section 1.2") {
		t.Errorf("scan body:\n%s", b)
	}
}

func TestReadPDFInfo(t *testing.T) {
	// the form LibreOffice writes (hex UTF-16), and literal strings with escapes
	pdf := "%PDF-1.6\n1 0 obj\n<</Type/Catalog>>\nendobj\n" +
		"7 0 obj\n<</Title<FEFF0051007500610072007400650072006C007900200063006F006D0070006C00690061006E006300650020006300650072007400690066006900630061007400650020003200300030003300510034>\n" +
		"/Subject(IEC Electronics Corp. / Arrow CMS \\(Distribution\\) Group)/Author(cove\\156ant)/Producer(LibreOffice 7.4)>>\nendobj\n" +
		"trailer\n<</Size 8/Root 1 0 R\n/Info 7 0 R>>\nstartxref\n0\n%%EOF\n"
	info, ok := ReadPDFInfo([]byte(pdf))
	if !ok || info.Title != "Quarterly compliance certificate 2003Q4" || info.Subject != "IEC Electronics Corp. / Arrow CMS (Distribution) Group" || info.Author != "covenant" || info.Producer != "LibreOffice 7.4" {
		t.Fatalf("ReadPDFInfo = %+v, %v", info, ok)
	}
	c, ok := CertificateFromPDF(info)
	if !ok || c.Customer != "IEC Electronics Corp." || c.Year != 2003 || c.Quarter != 4 || c.Draft || c.Known {
		t.Errorf("CertificateFromPDF = %+v, %v", c, ok)
	}
	info.Title = "DRAFT Quarterly compliance certificate 2004Q1"
	if c, ok := CertificateFromPDF(info); !ok || !c.Draft || c.Quarter != 1 {
		t.Errorf("draft: %+v, %v", c, ok)
	}
	for _, other := range []string{"%PDF-1.4 signed certificate", "not a pdf", "%PDF-1.7\ntrailer\n<</Size 3>>\n"} {
		if info, ok := ReadPDFInfo([]byte(other)); ok && IsCertificateTitle(info.Title) {
			t.Errorf("%q reads as a certificate", other)
		}
	}
	if _, ok := CertificateFromPDF(PDFInfo{Title: "Scan 2004-01-12"}); ok {
		t.Error("a scan's title reads as covenant's certificate")
	}
}
