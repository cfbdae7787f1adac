package delivery

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
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

// Body is the email's text around l. Without encryption it gives the
// figures of the Cover; with it (l.Encrypted) only what the report is and its
// period, and that the password comes separately (§6).
func (f Monthly) Body(l Letter) string {
	period := fmt.Sprintf("%s (%s)", f.Month(), calendar.Span(f.PeriodStart, f.PeriodEnd))
	if l.Encrypted {
		draft := ""
		if f.Draft {
			draft = fmt.Sprintf(" It is a draft: %s had not ended on the date the report speaks as of.", f.Month())
		}
		return l.compose(fmt.Sprintf("Attached is the monthly material-spend report of %s for %s, under Section 1.2 of the Supplier Agreement.%s", f.Customer, period, draft))
	}
	intro := fmt.Sprintf("Attached is the monthly material-spend report of %s for %s, "+
		"due to %s by %s under Section 1.2 of the Supplier Agreement.",
		f.Customer, period, f.Distributor, calendar.LongWeekday(f.Due))
	exceptions := "none"
	switch {
	case f.Exceptions == 1:
		exceptions = "1 PO line, " + fill.Dollars(f.ExceptionSpend)
	case f.Exceptions > 1:
		exceptions = fmt.Sprintf("%d PO lines, %s", f.Exceptions, fill.Dollars(f.ExceptionSpend))
	}
	var table strings.Builder
	for _, r := range [][2]string{
		{"Franchised-part spend", fill.Dollars(f.FranchisedSpend)},
		{"Share through the distributor", f.shareWords()},
		{"Exceptions to Section 1.2", exceptions},
	} {
		fmt.Fprintf(&table, "  %-31s %s\n", r[0]+":", r[1])
	}
	detail := "The Detail sheet lists every franchised-part transaction of the month with its component cost, " +
		"quantity, PO date and the supplier's confirmed delivery date; every total in the report is calculated from these lines."
	if len(f.DetailSheets) > 1 {
		detail = fmt.Sprintf("The Detail sheets (%s: the month has more lines than one sheet holds) list every franchised-part transaction "+
			"of the month with its component cost, quantity, PO date and the supplier's confirmed delivery date; "+
			"every total in the report is calculated from these lines.", strings.Join(f.DetailSheets, ", "))
	}
	return l.compose(intro, f.Status, table.String(), detail)
}

// GenericSubject is the subject for reports other than the monthly one and
// the certificate: their titles, joined, with dates in words.
func GenericSubject(titles []string) string {
	if len(titles) == 0 {
		return "Reports (confidential, Supplier Agreement §6)"
	}
	words := make([]string, len(titles))
	for i, t := range titles {
		words[i] = InWords(t)
	}
	return strings.Join(words, "; ") + " (confidential, §6)"
}

// GenericBody is the body for reports other than the monthly one and the
// certificate: what they are, by their titles.
func GenericBody(titles []string, l Letter) string {
	if len(titles) == 0 {
		return l.compose("Please find the files attached.")
	}
	words := make([]string, len(titles))
	for i, t := range titles {
		words[i] = InWords(t)
	}
	return l.compose("Please find attached: " + strings.Join(words, "; ") + ".")
}

// InWords writes the dates and quarters of a title in words: "2002-10-01"
// becomes "October 1, 2002" and "2003Q4" "the fourth quarter of 2003".
func InWords(s string) string {
	s = isoDate.ReplaceAllStringFunc(s, func(d string) string {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return d
		}
		return calendar.Long(t)
	})
	return quarterCode.ReplaceAllStringFunc(s, func(q string) string {
		y, n, ok := QuarterIn(q)
		if !ok {
			return q
		}
		return Certificate{Year: y, Quarter: n}.QuarterWords()
	})
}

var (
	isoDate     = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
	quarterCode = regexp.MustCompile(`\b\d{4}Q[1-4]\b`)
)
