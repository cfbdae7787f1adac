package delivery

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
)

// Certificate is what the email says about a quarterly compliance
// certificate (§1.2, with the §1.3 Minimum Sales): the customer, the calendar
// quarter in words, and the result, read from the certificate workbook.
type Certificate struct {
	Customer string
	// Year and Quarter are the calendar quarter certified (Quarter 0: not
	// known, e.g. of a scan alone).
	Year, Quarter int
	// Draft: the quarter had not ended on the certificate's as-of date.
	Draft bool
	// Known says the result below was read (from the workbook); a scan
	// says nothing covenant can read.
	Known bool
	// Exceptions and ExceptionSpend are the §1.2 lines set forth in
	// Schedule A.
	Exceptions     int
	ExceptionSpend decimal.Decimal
	// Result is the certificate's own words for §1.3 ("achieved", "not
	// achieved (not final)", "minimum not yet defined: no pass or fail");
	// NetSalesBilled and Required its figures (Required nil: not defined).
	Result         string
	NetSalesBilled decimal.Decimal
	Required       *decimal.Decimal
	// CreditUsed is the earlier quarters' excess carried forward to this one
	// (§1.3); Shortfall what is missing at the quarter's end (nil: none
	// stated, or a draft's, which is what is still to bill).
	CreditUsed decimal.Decimal
	Shortfall  *decimal.Decimal
	// Signed says the PDF attached is the certificate as signed (send
	// --signed); without it the message says the certificate attached (the
	// workbook, or the PDF covenant printed) is not signed.
	Signed bool
}

// QuarterWords is "the fourth quarter of 2003" ("" when the quarter is not
// known).
func (c Certificate) QuarterWords() string {
	if c.Quarter < 1 || c.Quarter > 4 {
		return ""
	}
	return fmt.Sprintf("the %s quarter of %d", quarterOrdinals[c.Quarter-1], c.Year)
}

var quarterOrdinals = []string{"first", "second", "third", "fourth"}

// Period is "October 1 to December 31, 2003".
func (c Certificate) Period() string {
	if c.Quarter < 1 || c.Quarter > 4 {
		return ""
	}
	start := time.Date(c.Year, time.Month(3*(c.Quarter-1)+1), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 3, -1)
	return calendar.Span(start, end)
}

// Subject is the email's subject line: the customer, the certificate, the
// quarter in words, and whether it is signed.
func (c Certificate) Subject() string {
	what := "quarterly compliance certificate"
	switch {
	case c.Draft:
		what = "DRAFT " + what
	case c.Signed:
		what = "signed " + what
	}
	if q := c.QuarterWords(); q != "" {
		what += " for " + q
	}
	if !c.Signed && !c.Draft {
		what += ", not yet signed"
	}
	customer := c.Customer
	if customer == "" {
		return strings.ToUpper(what[:1]) + what[1:] + " (Supplier Agreement §1.2)"
	}
	return fmt.Sprintf("%s: %s (Supplier Agreement §1.2)", customer, what)
}

// Body is the email's text around l: what the certificate is, for which
// quarter, whether it is signed, and (without encryption) its result.
func (c Certificate) Body(l Letter) string {
	var intro strings.Builder
	intro.WriteString("Attached is the ")
	if c.Signed && !c.Draft {
		intro.WriteString("signed ")
	}
	intro.WriteString("quarterly compliance certificate")
	if c.Customer != "" {
		intro.WriteString(" of " + c.Customer)
	}
	if q := c.QuarterWords(); q != "" {
		fmt.Fprintf(&intro, " for %s (%s)", q, c.Period())
	}
	intro.WriteString(", under Section 1.2 of the Supplier Agreement.")
	switch {
	case c.Draft:
		intro.WriteString(" It is a draft with the figures to date: the quarter had not ended on the date it speaks as of, and it is not for signature.")
	case !c.Signed:
		intro.WriteString(" This copy is the certificate as prepared for signature: it is not signed.")
	}
	if l.Encrypted || !c.Known {
		return l.compose(intro.String())
	}
	part1 := "compliant"
	switch {
	case c.Draft && c.Exceptions == 0:
		part1 = "no exception to date"
	case c.Draft:
		part1 = fmt.Sprintf("to date %s bought elsewhere without release (%s), set forth in Schedule A", poLines(c.Exceptions), fill.Dollars(c.ExceptionSpend))
	case c.Exceptions > 0:
		part1 = fmt.Sprintf("compliant except as set forth in Schedule A: %s bought elsewhere without release (%s)", poLines(c.Exceptions), fill.Dollars(c.ExceptionSpend))
	}
	part2 := strings.TrimSpace(c.Result)
	if part2 == "" {
		part2 = "as stated on the certificate"
	}
	part2 += "; Net Sales Billed " + fill.Dollars(c.NetSalesBilled)
	if c.CreditUsed.IsPositive() {
		part2 += " and " + fill.Dollars(c.CreditUsed) + " of earlier excess carried forward"
	}
	if c.Required != nil {
		part2 += ", against " + fill.Dollars(*c.Required) + " required"
	}
	if c.Shortfall != nil && c.Shortfall.IsPositive() && !c.Draft {
		part2 += "; shortfall " + fill.Dollars(*c.Shortfall)
	}
	var result strings.Builder
	result.WriteString("The certificate states:\n")
	for _, r := range [][2]string{
		{"Customer's Requirements (Section 1.2)", part1},
		{"Minimum Sales (Section 1.3)", part2},
	} {
		fmt.Fprintf(&result, "  %-39s %s\n", r[0]+":", r[1])
	}
	schedules := "The schedules attached to the certificate list every purchase and invoice its figures are calculated from."
	return l.compose(intro.String(), result.String(), schedules)
}

func poLines(n int) string {
	if n == 1 {
		return "1 PO line"
	}
	return strconv.Itoa(n) + " PO lines"
}

// QuarterIn finds a calendar quarter in a title or a file name: "2003Q4",
// "2003-Q4", "Q4 2003", "4Q03", "fourth quarter of 2003".
func QuarterIn(s string) (year, q int, ok bool) {
	for _, re := range quarterPatterns {
		m := re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		y, n := m[re.SubexpIndex("y")], m[re.SubexpIndex("q")]
		year, _ = strconv.Atoi(y)
		if len(y) == 2 {
			year += 2000
		}
		for i, o := range quarterOrdinals {
			if strings.EqualFold(n, o) {
				n = strconv.Itoa(i + 1)
			}
		}
		q, _ = strconv.Atoi(n)
		return year, q, q >= 1 && q <= 4
	}
	return 0, 0, false
}

var quarterPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)(?:^|[^0-9])(?P<y>\d{4})[ _-]?Q(?P<q>[1-4])(?:[^0-9]|$)`),
	regexp.MustCompile(`(?i)(?:^|[^0-9A-Z])Q(?P<q>[1-4])[ _-]?(?P<y>\d{4})(?:[^0-9]|$)`),
	regexp.MustCompile(`(?i)(?:^|[^0-9])(?P<q>[1-4])Q(?P<y>\d{2}|\d{4})(?:[^0-9]|$)`),
	regexp.MustCompile(`(?i)(?P<q>first|second|third|fourth) quarter(?: of)? (?P<y>\d{4})`),
}
