package delivery

import (
	"fmt"
	"strings"

	"github.com/covenant-reports/covenant/report/breakdown"
	"github.com/covenant-reports/covenant/report/fill"
)

// BreakdownSubject is the subject of the email that sends Arrow a detailed
// breakdown before Purchase Order commitment (Supplier Agreement §1.2).
func BreakdownSubject(b breakdown.Breakdown) string {
	lines := "1 line"
	if len(b.Lines) != 1 {
		lines = fmt.Sprintf("%d lines", len(b.Lines))
	}
	return fmt.Sprintf("%s: detailed breakdown before Purchase Order commitment, %s; %s's answer due by %s (Supplier Agreement §1.2)",
		b.Customer, lines, b.DistributorShort, breakdown.When(b.AnswerBy))
}

// BreakdownBody is the email's text: what is asked, when it was sent and when
// Arrow's 24 hours run out, each line in words, and the §6 line. attachments
// are the attached files' names; encrypted says the workbook is
// password-protected (then no figure is written beside it, §6).
func BreakdownBody(b breakdown.Breakdown, attachments []string, encrypted bool) string {
	var s strings.Builder
	what := "a requirement"
	if len(b.Lines) > 1 {
		what = fmt.Sprintf("%d requirements", len(b.Lines))
	}
	fmt.Fprintf(&s, "Attached is the detailed breakdown of %s that %s desires to place with suppliers other than %s, "+
		"given before the Purchase Orders are committed, under Section 1.2 of the Supplier Agreement.\n\n", what, b.Customer, b.DistributorShort)
	fmt.Fprintf(&s, "  %-28s %s\n", "Sent:", breakdown.When(b.Sent))
	fmt.Fprintf(&s, "  %-28s %s\n\n", fmt.Sprintf("%s's %d hours run out:", b.DistributorShort, b.Hours), breakdown.When(b.AnswerBy))
	if !encrypted {
		for _, p := range b.Lines {
			fmt.Fprintf(&s, "  %s line %d: %s units of %s (%s", strings.TrimSpace(p.Reference), p.Line, p.Quantity.String(), p.PartNumber, p.Manufacturer)
			if d := strings.TrimSpace(p.Description); d != "" {
				fmt.Fprintf(&s, ", %s", d)
			}
			fmt.Fprintf(&s, ") from %s at $%s each, %s", p.Supplier, breakdown.UnitCost(p.UnitCost), fill.Dollars(breakdown.ExtendedCost(p)))
			if !p.NeedBy.IsZero() {
				fmt.Fprintf(&s, "; needed by %s", p.NeedBy.Format("January 2, 2006"))
			}
			s.WriteString("\n")
		}
		fmt.Fprintf(&s, "  Total offered: %s\n\n", fill.Dollars(b.Total()))
	}
	fmt.Fprintf(&s, "Under Section 1.2, %s shall respond within %d hours of receipt and will either agree to meet the terms "+
		"proposed or approve the Purchase Order placement with the proposed supplier. Please answer each line, Meet or Approve, "+
		"by %s. Times are the Customer's local time.\n\n", b.DistributorShort, b.Hours, breakdown.When(b.AnswerBy))
	writeAttachments(&s, attachments, encrypted)
	s.WriteString(ConfidentialityLine)
	s.WriteString("\n")
	return s.String()
}
