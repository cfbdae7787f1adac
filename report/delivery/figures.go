package delivery

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/fill"
)

// ConfidentialityLine closes every message (Supplier Agreement §6).
const ConfidentialityLine = "CONFIDENTIAL: this message and its attachments concern the Supplier Agreement and the Loan Agreement, " +
	"whose existence and terms are confidential under Section 6 of the Supplier Agreement. " +
	"Do not forward them to anyone without a need to know. If you received this message in error, " +
	"please tell the sender and delete it."

// Monthly is what the email says about a monthly material-spend report (§1.2).
type Monthly struct {
	Customer    string // "IEC Electronics Corp."
	Distributor string // the distributor's name as on the report's Cover
	PeriodStart time.Time
	PeriodEnd   time.Time
	Due         time.Time // the first Friday after month end
	// FranchisedSpend is all material dollars spent for franchised parts;
	// DistributorSpend the part bought from the distributor, and Share that
	// as a fraction of the purchases (returns left out). NoShare is set when
	// nothing was bought: the share is then not a number (n/a).
	FranchisedSpend, DistributorSpend, Share decimal.Decimal
	NoShare                                  bool
	// Draft is set when the month ends after the report's as-of date; Status
	// is what the report's cover says of it then (or of an empty month).
	Draft  bool
	Status string
	// Exceptions is the number of lines bought elsewhere without release;
	// ExceptionSpend their amount.
	Exceptions     int
	ExceptionSpend decimal.Decimal
	// DetailSheets are the sheets the detail goes on over when the month has
	// more lines than one sheet holds ("Detail", "Detail (2)", ...); nil when
	// it fits on one.
	DetailSheets []string
}

// Month names the period, e.g. "October 2003".
func (f Monthly) Month() string { return f.PeriodStart.Format("January 2006") }

// Subject is the email's subject line.
func (f Monthly) Subject() string {
	draft := ""
	if f.Draft {
		draft = "DRAFT "
	}
	return fmt.Sprintf("%s: %smonthly material-spend report for %s (Supplier Agreement §1.2)", f.Customer, draft, f.Month())
}

// shareWords is the share row of the body: n/a when nothing was bought.
func (f Monthly) shareWords() string {
	if f.NoShare {
		return fmt.Sprintf("n/a: no franchised purchases (%s)", fill.Dollars(f.DistributorSpend))
	}
	return fmt.Sprintf("%s (%s)", f.SharePercent(), fill.Dollars(f.DistributorSpend))
}

// SharePercent is the share through the distributor in percent to one place.
func (f Monthly) SharePercent() string {
	return f.Share.Shift(2).Round(1).StringFixed(1) + "%"
}

// Body is the email's text. attachments are the attached files' names;
// encrypted says the workbook is password-protected (its password is never
// part of the message).
func (f Monthly) Body(attachments []string, encrypted bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Attached is the monthly material-spend report of %s for %s (%s to %s), "+
		"due to %s by %s under Section 1.2 of the Supplier Agreement.\n\n",
		f.Customer, f.Month(), f.PeriodStart.Format("January 2"), f.PeriodEnd.Format("January 2, 2006"),
		f.Distributor, f.Due.Format("Monday, January 2, 2006"))
	if f.Status != "" {
		b.WriteString(f.Status + "\n\n")
	}
	exceptions := "none"
	switch {
	case f.Exceptions == 1:
		exceptions = "1 line, " + fill.Dollars(f.ExceptionSpend)
	case f.Exceptions > 1:
		exceptions = fmt.Sprintf("%d lines, %s", f.Exceptions, fill.Dollars(f.ExceptionSpend))
	}
	rows := [][2]string{
		{"Franchised-part spend", fill.Dollars(f.FranchisedSpend)},
		{"Share through the distributor", f.shareWords()},
		{"Exceptions to Section 1.2", exceptions},
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "  %-31s %s\n", r[0]+":", r[1])
	}
	b.WriteString("\n")
	if len(f.DetailSheets) > 1 {
		fmt.Fprintf(&b, "The Detail sheets (%s: the month has more lines than one sheet holds) list every franchised-part transaction "+
			"of the month with its component cost, quantity, PO date and the supplier's confirmed delivery date; "+
			"the amounts are live formulas over them.\n\n", strings.Join(f.DetailSheets, ", "))
	} else {
		b.WriteString("The Detail sheet lists every franchised-part transaction of the month with its component cost, " +
			"quantity, PO date and the supplier's confirmed delivery date; the amounts are live formulas over it.\n\n")
	}
	writeAttachments(&b, attachments, encrypted)
	b.WriteString(ConfidentialityLine)
	b.WriteString("\n")
	return b.String()
}

// GenericSubject is the subject for reports other than the monthly one:
// their titles, joined.
func GenericSubject(titles []string) string {
	if len(titles) == 0 {
		return "Reports (confidential, Supplier Agreement §6)"
	}
	return strings.Join(titles, "; ") + " (confidential, §6)"
}

// GenericBody is the body for reports other than the monthly one.
func GenericBody(titles, attachments []string, encrypted bool) string {
	var b strings.Builder
	b.WriteString("Attached")
	if len(titles) > 0 {
		b.WriteString(": " + strings.Join(titles, "; "))
	}
	b.WriteString(".\n\n")
	writeAttachments(&b, attachments, encrypted)
	b.WriteString(ConfidentialityLine)
	b.WriteString("\n")
	return b.String()
}

func writeAttachments(b *strings.Builder, attachments []string, encrypted bool) {
	if len(attachments) > 0 {
		fmt.Fprintf(b, "Attachments: %s.\n", strings.Join(attachments, ", "))
	}
	if encrypted {
		b.WriteString("The workbook is protected by a password, which is sent to you separately.\n")
	}
	b.WriteString("\n")
}

// ErrNotMonthly means the workbook is not a monthly report (it lacks the
// Cover's defined names).
var ErrNotMonthly = errors.New("not a monthly material-spend report")

// ReadMonthly reads the figures back from a monthly report workbook (the
// cached values of its Cover's defined names). data is an .xlsx package.
func ReadMonthly(data []byte) (*Monthly, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	refs := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope == "" || dn.Scope == "Workbook" {
			refs[dn.Name] = dn.RefersTo
		}
	}
	need := []string{"Customer", "Distributor", "PeriodStart", "PeriodEnd", "DueDate", "FranchisedSpend", "Spend_arrow", "ArrowShare", "Lines_exception", "Spend_exception"}
	for _, n := range need {
		if _, ok := refs[n]; !ok {
			return nil, ErrNotMonthly
		}
	}
	var problems []string
	value := func(name string) string {
		sheet, cell, ok := splitRef(refs[name])
		if !ok {
			problems = append(problems, fmt.Sprintf("%s refers to %s, not one cell", name, refs[name]))
			return ""
		}
		v, err := f.GetCellValue(sheet, cell)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s (%s!%s): %v", name, sheet, cell, err))
		}
		return strings.TrimSpace(v)
	}
	num := func(name string) decimal.Decimal {
		s := value(name)
		d, err := decimal.NewFromString(s)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s holds %q, not a number", name, s))
		}
		return d
	}
	date := func(name string) time.Time {
		d := num(name)
		t, err := excelize.ExcelDateToTime(d.InexactFloat64(), false)
		if err != nil || d.Sign() <= 0 {
			problems = append(problems, fmt.Sprintf("%s holds %s, not a date", name, d))
			return time.Time{}
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	m := &Monthly{
		Customer:         value("Customer"),
		Distributor:      value("Distributor"),
		PeriodStart:      date("PeriodStart"),
		PeriodEnd:        date("PeriodEnd"),
		Due:              date("DueDate"),
		FranchisedSpend:  num("FranchisedSpend").Round(2),
		DistributorSpend: num("Spend_arrow").Round(2),

		ExceptionSpend: num("Spend_exception").Round(2),
	}
	if v := value("ArrowShare"); strings.HasPrefix(strings.ToLower(v), "n/a") {
		m.NoShare = true
	} else {
		m.Share = num("ArrowShare")
	}
	if _, ok := refs["Status"]; ok {
		m.Status = value("Status")
		m.Draft = strings.HasPrefix(m.Status, "DRAFT")
	}
	n := num("Lines_exception")
	if !n.IsInteger() || n.Sign() < 0 {
		problems = append(problems, fmt.Sprintf("Lines_exception holds %s, not a count", n))
	}
	m.Exceptions = int(n.IntPart())
	m.DetailSheets = detailSheets(f.GetSheetList())
	if len(problems) > 0 {
		return nil, fmt.Errorf("the report's Cover cannot be read back: %s", strings.Join(problems, "; "))
	}
	return m, nil
}

// detailSheets finds the sheets a continued detail goes on over: "Detail",
// then "Detail (2)", "Detail (3)" ... as long as they follow on (nil when there
// is no "Detail (2)").
func detailSheets(list []string) []string {
	have := make(map[string]bool, len(list))
	for _, s := range list {
		have[s] = true
	}
	if !have["Detail"] || !have["Detail (2)"] {
		return nil
	}
	out := []string{"Detail"}
	for k := 2; have[fmt.Sprintf("Detail (%d)", k)]; k++ {
		out = append(out, fmt.Sprintf("Detail (%d)", k))
	}
	return out
}

// ReadTitle returns the workbook's title (document properties), or "".
func ReadTitle(data []byte) string {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	defer f.Close()
	p, err := f.GetDocProps()
	if err != nil || p == nil {
		return ""
	}
	return strings.TrimSpace(p.Title)
}

// splitRef splits "'Cover'!$B$4" into the sheet and the cell "B4".
func splitRef(ref string) (sheet, cell string, ok bool) {
	i := strings.LastIndexByte(ref, '!')
	if i < 0 {
		return "", "", false
	}
	sheet = ref[:i]
	if len(sheet) >= 2 && sheet[0] == '\'' && sheet[len(sheet)-1] == '\'' {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	cell = strings.ReplaceAll(ref[i+1:], "$", "")
	if cell == "" || strings.ContainsAny(cell, ":,") {
		return "", "", false
	}
	return sheet, cell, true
}
