package spend

import (
	"fmt"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

// Need says whether a proposed purchase (a line of the Proposed sheet) needs
// the detailed breakdown §1.2 asks for "prior to Purchase Order commitment",
// and why not when it does not.
type Need struct {
	Needed bool
	// Why is the reason in a few words, empty when needed: "bought from
	// Arrow", "customer directed", "not franchised on October 6, 2003",
	// "already sent on October 6, 2003 at 9:00 AM", "outside the term on
	// January 2, 2006" (dates in the long form of a sentence, issue 15).
	Why string
	// Detail says the same in a sentence, with the clause.
	Detail string
	// Resembles is, for a manufacturer not on the line card, the line-card
	// name it comes near (a near miss: "Xilnx" for "Xilinx"), which is on it
	// that day: then the name may be a typo and the line need a breakdown.
	Resembles string
	// Sent is, for a line already in the log, when the latest breakdown for it
	// (or its whole PO) was sent, and LogRow that row of Arrow Responses.
	Sent   time.Time
	LogRow int
}

// NeedsBreakdown applies §1.2 to a proposed purchase at the instant at (its
// day for the line card): a breakdown is needed when the manufacturer is on
// Arrow's line card that day (Arrow is its authorized distributor), the
// proposed supplier is not Arrow, the customer's customer did not direct the
// purchase, and no breakdown for its Reference and Line (or its whole PO) is
// in the log yet. The names compare as the monthly classification folds them.
func (c *Classifier) NeedsBreakdown(p *ledger.Proposed, at time.Time) Need {
	day := dayStart(at)
	if !c.t.InTerm(day) {
		return Need{Why: "outside the term on " + calendar.Long(day),
			Detail: fmt.Sprintf("%s is outside the Supplier Agreement's term, %s to %s, §2; §1.2 does not govern the purchase", calendar.Long(day), calendar.Long(c.t.AgreementDate), calendar.Long(c.t.TermEnd))}
	}
	mfr := c.names.norm(p.Manufacturer)
	if !c.franchisedFolded(mfr, day) {
		n := Need{Why: "not franchised on " + calendar.Long(day),
			Detail: fmt.Sprintf("%s is not on Arrow's line card on %s, so Arrow is not its authorized distributor, §1.2", strings.TrimSpace(p.Manufacturer), calendar.Long(day))}
		if _, on := c.lineCard[mfr]; !on {
			if like, ok := c.near.of(p.Manufacturer); ok && c.franchisedFolded(terms.FoldName(like), day) {
				n.Resembles = like
				n.Detail += fmt.Sprintf("; the name is close to %s, which is on it: if the part is made by %s, correct the name, as the line then needs a breakdown", like, like)
			}
		}
		return n
	}
	if c.distrib[c.names.norm(p.Supplier)] {
		return Need{Why: "bought from Arrow", Detail: fmt.Sprintf("the proposed supplier %s is Arrow; §1.2 asks for a breakdown only before an order goes to another supplier", strings.TrimSpace(p.Supplier))}
	}
	if p.CustomerDirected {
		return Need{Why: "customer directed", Detail: "bought from another source at the express direction of the customer, so not Customer's Requirements, §1.2"}
	}
	po := poFold(p.Reference)
	var last ledger.Breakdown
	found := false
	for _, k := range []poKey{{po, p.Line}, {po, 0}} {
		for _, b := range c.breakdowns[k] {
			if !found || b.Sent.After(last.Sent) {
				last, found = b, true
			}
		}
	}
	if found {
		what := "the line"
		if last.POLine == 0 {
			what = "the whole PO"
		}
		return Need{Why: "already sent on " + calendar.LongAt(last.Sent), Sent: last.Sent, LogRow: last.Row,
			Detail: fmt.Sprintf("the breakdown for %s is in the log, Arrow Responses row %d; it is not sent twice", what, last.Row)}
	}
	return Need{Needed: true}
}
