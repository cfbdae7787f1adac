package delivery

import (
	"fmt"
	"strings"

	"github.com/covenant-reports/covenant/report/breakdown"
	"github.com/covenant-reports/covenant/report/calendar"
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

// BreakdownBody is the email's text around l: what is asked, when it was
// sent and when Arrow's 24 hours run out, each line in words (not beside an
// encrypted workbook, §6), and what §1.2 asks of Arrow.
func BreakdownBody(b breakdown.Breakdown, l Letter) string {
	what := "a requirement"
	if len(b.Lines) > 1 {
		what = fmt.Sprintf("%d requirements", len(b.Lines))
	}
	intro := fmt.Sprintf("Attached is the detailed breakdown of %s that %s desires to place with suppliers other than %s, "+
		"given before the Purchase Orders are committed, under Section 1.2 of the Supplier Agreement.", what, b.Customer, b.DistributorShort)
	var times strings.Builder
	fmt.Fprintf(&times, "  %-28s %s\n", "Sent:", breakdown.When(b.Sent))
	fmt.Fprintf(&times, "  %-28s %s\n", fmt.Sprintf("%s's %d hours run out:", b.DistributorShort, b.Hours), breakdown.When(b.AnswerBy))
	var lines strings.Builder
	if !l.Encrypted {
		for _, p := range b.Lines {
			fmt.Fprintf(&lines, "  %s line %d: %s units of %s (%s", strings.TrimSpace(p.Reference), p.Line, p.Quantity.String(), p.PartNumber, p.Manufacturer)
			if d := strings.TrimSpace(p.Description); d != "" {
				fmt.Fprintf(&lines, ", %s", d)
			}
			fmt.Fprintf(&lines, ") from %s at $%s each, %s", p.Supplier, breakdown.UnitCost(p.UnitCost), fill.Dollars(breakdown.ExtendedCost(p)))
			if !p.NeedBy.IsZero() {
				fmt.Fprintf(&lines, "; needed by %s", calendar.Long(p.NeedBy))
			}
			lines.WriteString("\n")
		}
		fmt.Fprintf(&lines, "  Total offered: %s\n", fill.Dollars(b.Total()))
	}
	ask := fmt.Sprintf("Under Section 1.2, %s shall respond within %d hours of receipt and will either agree to meet the terms "+
		"proposed or approve the Purchase Order placement with the proposed supplier. Please answer each line, Meet or Approve, "+
		"by %s. Times are the Customer's local time.", b.DistributorShort, b.Hours, breakdown.When(b.AnswerBy))
	return l.compose(intro, times.String(), lines.String(), ask)
}
