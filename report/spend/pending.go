package spend

import (
	"sort"
	"time"

	"github.com/covenant-reports/covenant/report/ledger"
)

// Awaiting is a §1.2 breakdown awaiting Arrow's answer: sent, with no answer
// recorded, and its window (the terms' Breakdown Response Hours, §1.2's 24
// hours) not yet run out. At ReleaseAt the placement is released to the other
// supplier unless Arrow CMS agrees to meet the terms before then. A
// breakdown that names its Location is about that location's PO of the
// number only (the same PO number at another location is another PO, §1.3):
// two breakdowns of one number at two locations are two placements awaiting.
type Awaiting struct {
	ledger.Breakdown
	ReleaseAt time.Time
	// Index is the breakdown's position in the list given to Pending (a
	// caller that merged several logs finds its ledger by it).
	Index int
}

// Pending lists the breakdowns awaiting Arrow's answer as of the day asOf
// (midnight, as covenant holds dates): sent by the end of that day, with no
// answer recorded by then (an answer dated after it is not known yet), whose
// window runs out on that day or later. A breakdown whose window ran out
// before the day began is not awaiting: the placement was released when it
// ran out (see Classifier). They come in the order their windows run out
// (in the order given when two run out together).
func Pending(breakdowns []ledger.Breakdown, asOf time.Time, window time.Duration) []Awaiting {
	dayStart := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	dayEnd := dayStart.AddDate(0, 0, 1)
	var out []Awaiting
	for i, b := range breakdowns {
		if !b.Sent.Before(dayEnd) {
			continue // not sent yet
		}
		if b.Response != "" && !b.RespondedAt.IsZero() && b.RespondedAt.Before(dayEnd) {
			continue // answered
		}
		at := b.Sent.Add(window)
		if at.Before(dayStart) {
			continue // the window ran out before the day
		}
		out = append(out, Awaiting{Breakdown: b, ReleaseAt: at, Index: i})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ReleaseAt.Before(out[j].ReleaseAt) })
	return out
}
