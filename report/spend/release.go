package spend

import (
	"fmt"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
)

// §1.2: the Customer gives Arrow a detailed breakdown of a requirement it
// wants to place elsewhere "prior to Purchase Order commitment", and Arrow
// "shall respond within 24 hours of receipt" by meeting the terms or
// approving the placement. A line bought elsewhere is released by Arrow only
// when the release came before the PO was committed.

// releaseOf is what one breakdown made of the order: met (Arrow agreed in
// time to meet the terms: no release), or released at an instant.
type releaseOf struct {
	b        ledger.Breakdown
	met      bool
	at       time.Time // the release instant, when !met
	approved bool      // released by an Approve within the window (else the window lapsed)
	lapse    time.Time // Sent + the window
}

// releaseInstant applies §1.2's 24 hours to a breakdown: an Approve within
// them releases at its time; a Meet within them means no release; otherwise
// (no response, or any response after them) the order is released when they
// run out. A Meet after the 24 hours does not undo the lapse.
func (c *Classifier) releaseInstant(b ledger.Breakdown) releaseOf { return releaseInstant(b, c.window) }

// releaseInstant is the rule itself, for a window of 24 hours (the terms'
// BreakdownResponseHours): the monthly classification and the log of
// breakdowns awaiting an answer (Pending) apply the same one.
func releaseInstant(b ledger.Breakdown, window time.Duration) releaseOf {
	rel := releaseOf{b: b, lapse: b.Sent.Add(window)}
	inTime := b.Response != "" && !b.RespondedAt.IsZero() && !b.RespondedAt.After(rel.lapse)
	switch {
	case inTime && b.Response == ledger.ResponseMeet:
		rel.met = true
	case inTime && b.Response == ledger.ResponseApprove:
		rel.at, rel.approved = b.RespondedAt, true
	default:
		rel.at = rel.lapse
	}
	return rel
}

// deciding finds the breakdown that decides a line: the latest, for the line
// or its whole PO, sent before the PO was committed (with the time unknown,
// before the end of the PO date: any of them may have come before). after is
// the first breakdown sent later, for the reason when none came before.
func (c *Classifier) deciding(line *ledger.POLine) (best ledger.Breakdown, found bool, after ledger.Breakdown, later bool) {
	cutoff := line.PODate.AddDate(0, 0, 1)
	if !line.POTime.IsZero() {
		cutoff = line.POTime
	}
	po := poFold(line.PONumber)
	for _, k := range []poKey{{po, line.POLine}, {po, 0}} {
		for _, b := range c.breakdowns[k] {
			if b.Location != "" && !strings.EqualFold(b.Location, strings.TrimSpace(line.Location)) {
				continue // about the PO of that number at another location
			}
			if !b.Sent.Before(cutoff) {
				if !later || b.Sent.Before(after.Sent) {
					after, later = b, true
				}
				continue
			}
			if !found || b.Sent.After(best.Sent) {
				best, found = b, true
			}
		}
	}
	return best, found, after, later
}

// release classes a line bought elsewhere (franchised, not customer directed,
// not a permitted credit-limit purchase) as released by Arrow or an exception,
// with the reason: what happened, and what record would show compliance.
func (c *Classifier) release(line *ledger.POLine, r *Result) {
	r.Class = Exception
	known := !line.POTime.IsZero()
	day := calendar.Long(line.PODate)
	committed := "the PO was committed on " + calendar.LongAt(line.POTime)
	b, ok, after, later := c.deciding(line)
	if !ok {
		switch {
		case later && known:
			r.Reason = fmt.Sprintf("breakdown sent %s, after %s: §1.2 asks for it prior to Purchase Order commitment", calendar.LongAt(after.Sent), committed)
		case later:
			r.Reason = fmt.Sprintf("breakdown sent %s, after the PO date, %s: §1.2 asks for it prior to Purchase Order commitment", calendar.LongAt(after.Sent), day)
		default:
			r.Reason = "no breakdown sent to Arrow before the PO (§1.2 asks for one prior to Purchase Order commitment): if one was sent, record it on the Arrow Responses sheet"
		}
		return
	}
	rel := c.releaseInstant(b)
	sent := calendar.LongAt(b.Sent)
	hours := c.t.BreakdownResponseHours
	if rel.met {
		r.Reason = fmt.Sprintf("breakdown sent %s; Arrow agreed on %s, within %d hours, to meet the terms proposed: the order belonged to Arrow (§1.2)", sent, calendar.LongAt(b.RespondedAt), hours)
		return
	}
	// what released it, and when
	var what, subject string
	switch {
	case rel.approved:
		what = fmt.Sprintf("breakdown sent %s, Arrow approved placement with %s on %s", sent, strings.TrimSpace(line.Supplier), calendar.LongAt(rel.at))
		subject = "the approval"
	case b.Response != "" && !b.RespondedAt.IsZero():
		what = fmt.Sprintf("breakdown sent %s, Arrow responded (%s) on %s, more than %d hours later: its %d hours ran out on %s", sent, responseWord(b.Response), calendar.LongAt(b.RespondedAt), hours, hours, calendar.LongAt(rel.lapse))
		subject = "the release"
	default:
		what = fmt.Sprintf("breakdown sent %s, no response within %d hours: they ran out on %s", sent, hours, calendar.LongAt(rel.lapse))
		subject = "the release"
	}
	switch {
	case known && !rel.at.After(line.POTime):
		r.Class = Released
		r.Reason = fmt.Sprintf("%s, before %s (§1.2)", what, committed)
	case known:
		r.Reason = fmt.Sprintf("%s; %s, before %s: §1.2 asks for Arrow's release before Purchase Order commitment", what, committed, subject)
	case !rel.at.After(line.PODate):
		r.Class = Released
		r.Reason = fmt.Sprintf("%s, before the PO date, %s, began (§1.2)", what, day)
	case dayStart(rel.at).Equal(line.PODate):
		r.Reason = fmt.Sprintf("%s; the PO is dated %s with no time, so %s cannot be shown to come first (§1.2): record the PO's time (a date-time PO Date, or a PO Time column)", what, day, subject)
	default:
		r.Reason = fmt.Sprintf("%s, after the PO date, %s: the PO was placed before %s (§1.2)", what, day, subject)
	}
}

func responseWord(r string) string {
	switch r {
	case ledger.ResponseMeet:
		return "Meet"
	case ledger.ResponseApprove:
		return "Approve"
	}
	return r
}

func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
