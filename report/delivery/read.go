package delivery

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Report is what covenant reads back from a report workbook it is to send.
type Report struct {
	// Title and Subject are the document properties; Organization is the
	// subject's first part ("IEC Electronics Corp. / Arrow CMS ...").
	Title, Subject, Organization string
	// PreparedBy is who the report says prepared it (its Prepared by field,
	// or the audit sheet's row); "" when no one is named.
	PreparedBy string
	// Monthly or Certificate is set for those reports.
	Monthly     *Monthly
	Certificate *Certificate
}

// ErrNotMonthly means the workbook is not a monthly report (it lacks the
// Cover's defined names).
var ErrNotMonthly = errors.New("not a monthly material-spend report")

// Read reads a report workbook (an .xlsx package): its properties, its
// preparer and, for the monthly report and the certificate, what their
// email says (the cached values of their defined names).
func Read(data []byte) (*Report, error) {
	b, err := openBook(data)
	if err != nil {
		return nil, err
	}
	defer b.f.Close()
	r := &Report{}
	if p, err := b.f.GetDocProps(); err == nil && p != nil {
		r.Title, r.Subject = strings.TrimSpace(p.Title), strings.TrimSpace(p.Subject)
		org, _, _ := strings.Cut(r.Subject, " / ")
		r.Organization = strings.TrimSpace(org)
	}
	r.PreparedBy = b.preparedBy()
	switch m, err := b.monthly(); {
	case err == nil:
		r.Monthly = m
	case !errors.Is(err, ErrNotMonthly):
		return nil, err
	}
	if r.Monthly == nil && b.has("Statement12", "Statement13", "Customer", "Lines_exception", "Spend_exception", "Result", "NetSalesBilled") {
		c, err := b.certificate(r.Title)
		if err != nil {
			return nil, err
		}
		r.Certificate = c
	}
	return r, nil
}

// ReadMonthly reads the figures back from a monthly report workbook (the
// cached values of its Cover's defined names). data is an .xlsx package.
func ReadMonthly(data []byte) (*Monthly, error) {
	b, err := openBook(data)
	if err != nil {
		return nil, err
	}
	defer b.f.Close()
	return b.monthly()
}

// ReadTitle returns the workbook's title (document properties), or "".
func ReadTitle(data []byte) string {
	r, err := Read(data)
	if err != nil {
		return ""
	}
	return r.Title
}

// book is a report opened to read its defined names' cached values; the
// problems found reading them are collected.
type book struct {
	f        *excelize.File
	refs     map[string]string
	problems []string
}

func openBook(data []byte) (*book, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	b := &book{f: f, refs: map[string]string{}}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope == "" || dn.Scope == "Workbook" {
			b.refs[dn.Name] = dn.RefersTo
		}
	}
	return b, nil
}

func (b *book) has(names ...string) bool {
	for _, n := range names {
		if _, ok := b.refs[n]; !ok {
			return false
		}
	}
	return true
}

func (b *book) value(name string) string {
	sheet, cell, ok := splitRef(b.refs[name])
	if !ok {
		b.problems = append(b.problems, fmt.Sprintf("%s refers to %s, not one cell", name, b.refs[name]))
		return ""
	}
	v, err := b.f.GetCellValue(sheet, cell)
	if err != nil {
		b.problems = append(b.problems, fmt.Sprintf("%s (%s!%s): %v", name, sheet, cell, err))
	}
	return strings.TrimSpace(v)
}

func (b *book) num(name string) decimal.Decimal {
	s := b.value(name)
	d, err := decimal.NewFromString(s)
	if err != nil {
		b.problems = append(b.problems, fmt.Sprintf("%s holds %q, not a number", name, s))
	}
	return d
}

// optionalNum is the named cell's number rounded to cents, nil when the
// name is missing or the cell holds no number.
func (b *book) optionalNum(name string) *decimal.Decimal {
	if !b.has(name) {
		return nil
	}
	d, err := decimal.NewFromString(b.value(name))
	if err != nil {
		return nil
	}
	d = d.Round(2)
	return &d
}

func (b *book) date(name string) time.Time {
	d := b.num(name)
	t, err := excelize.ExcelDateToTime(d.InexactFloat64(), false)
	if err != nil || d.Sign() <= 0 {
		b.problems = append(b.problems, fmt.Sprintf("%s holds %s, not a date", name, d))
		return time.Time{}
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func (b *book) count(name string) int {
	n := b.num(name)
	if !n.IsInteger() || n.Sign() < 0 {
		b.problems = append(b.problems, fmt.Sprintf("%s holds %s, not a count", name, n))
	}
	return int(n.IntPart())
}

func (b *book) err(what string) error {
	if len(b.problems) == 0 {
		return nil
	}
	return fmt.Errorf("the %s cannot be read back: %s", what, strings.Join(b.problems, "; "))
}

// monthly reads the Cover of a monthly report (ErrNotMonthly for another
// workbook).
func (b *book) monthly() (*Monthly, error) {
	if !b.has("Customer", "Distributor", "PeriodStart", "PeriodEnd", "DueDate", "FranchisedSpend", "Spend_arrow", "ArrowShare", "Lines_exception", "Spend_exception") {
		return nil, ErrNotMonthly
	}
	m := &Monthly{
		Customer:         b.value("Customer"),
		Distributor:      b.value("Distributor"),
		PeriodStart:      b.date("PeriodStart"),
		PeriodEnd:        b.date("PeriodEnd"),
		Due:              b.date("DueDate"),
		FranchisedSpend:  b.num("FranchisedSpend").Round(2),
		DistributorSpend: b.num("Spend_arrow").Round(2),
		ExceptionSpend:   b.num("Spend_exception").Round(2),
	}
	if v := b.value("ArrowShare"); strings.HasPrefix(strings.ToLower(v), "n/a") {
		m.NoShare = true
	} else {
		m.Share = b.num("ArrowShare")
	}
	if b.has("Status") {
		m.Status = b.value("Status")
		m.Draft = strings.HasPrefix(m.Status, "DRAFT")
	}
	m.Exceptions = b.count("Lines_exception")
	m.DetailSheets = detailSheets(b.f.GetSheetList())
	if err := b.err("report's Cover"); err != nil {
		return nil, err
	}
	return m, nil
}

// certificate reads the certificate page: the customer, the quarter (from
// the title, else the Period line), a draft, Schedule A's exceptions and the
// §1.3 result in the certificate's own words.
func (b *book) certificate(title string) (*Certificate, error) {
	c := &Certificate{Known: true, Customer: b.value("Customer")}
	var ok bool
	if c.Year, c.Quarter, ok = QuarterIn(title); !ok && b.has("Period") {
		c.Year, c.Quarter, _ = QuarterIn(b.value("Period"))
	}
	c.Draft = strings.HasPrefix(strings.ToUpper(title), "DRAFT")
	if b.has("Draft") && strings.HasPrefix(strings.ToUpper(b.value("Draft")), "DRAFT") {
		c.Draft = true
	}
	c.Exceptions = b.count("Lines_exception")
	c.ExceptionSpend = b.num("Spend_exception").Round(2)
	c.Result = b.value("Result")
	c.NetSalesBilled = b.num("NetSalesBilled").Round(2)
	// "not yet defined" where the minimum is to be redefined (§1.3), blank
	// where nothing is stated: no figure
	c.Required = b.optionalNum("Required")
	c.Shortfall = b.optionalNum("Shortfall")
	if d := b.optionalNum("CreditUsed"); d != nil {
		c.CreditUsed = *d
	}
	if err := b.err("certificate"); err != nil {
		return nil, err
	}
	return c, nil
}

// preparedBy is the report's Prepared by field (the PreparedBy name), else
// the audit sheet's "Prepared by" row.
func (b *book) preparedBy() string {
	if b.has("PreparedBy") {
		if sheet, cell, ok := splitRef(b.refs["PreparedBy"]); ok {
			if v, err := b.f.GetCellValue(sheet, cell); err == nil && strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		}
	}
	ref, ok := b.refs["Audit"]
	if !ok {
		return ""
	}
	i := strings.LastIndexByte(ref, '!')
	if i < 0 {
		return ""
	}
	sheet := strings.ReplaceAll(strings.Trim(ref[:i], "'"), "''", "'")
	rows, err := b.f.GetRows(sheet)
	if err != nil {
		return ""
	}
	for _, row := range rows {
		if len(row) >= 2 && strings.TrimSpace(row[0]) == "Prepared by" {
			return strings.TrimSpace(row[1])
		}
	}
	return ""
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
