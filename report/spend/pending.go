package spend

import (
	"sort"
	"time"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

// The breakdown log as of a time: the breakdowns Arrow has not answered, with
// the time its 24 hours run out (§1.2: "Arrow shall respond within 24 hours of
// receipt"), and the answers it gave. The times are the ledger's: wall-clock
// times with no time zone, the 24 hours counted on the clock, as the monthly
// classification counts them (releaseInstant).

// Awaiting is a breakdown of the log that Arrow had not answered as of a time.
// A breakdown that names its Location is about that location's PO of the
// number only (the same PO number at another location is another PO, §1.3):
// two breakdowns of one number at two locations are two placements awaiting.
type Awaiting struct {
	ledger.Breakdown
	// ReleaseAt is when Arrow's 24 hours to respond run out: the time the
	// breakdown was sent plus the terms' BreakdownResponseHours.
	ReleaseAt time.Time
	// Released says the 24 hours had run out by the as-of time with no answer
	// recorded: the order is released to the proposed supplier by the lapse,
	// and the PO may be placed with it from ReleaseAt on (§1.2).
	Released bool
	// Index is the breakdown's position in the log given to Pending (a
	// caller that merged several logs finds its ledger by it).
	Index int
}

// Pending returns every breakdown of the log sent at or before asOf that has
// no answer recorded as of asOf (no Arrow Response, or one whose Responded At
// is after asOf and so not known yet), in the order they were sent. A
// breakdown sent after asOf is not known yet and is left out.
func Pending(t terms.Supplier, log []ledger.Breakdown, asOf time.Time) []Awaiting {
	window := time.Duration(t.BreakdownResponseHours) * time.Hour
	var out []Awaiting
	for i, b := range log {
		if b.Sent.After(asOf) || answeredBy(b, asOf) {
			continue
		}
		at := b.Sent.Add(window)
		out = append(out, Awaiting{Breakdown: b, ReleaseAt: at, Released: !at.After(asOf), Index: i})
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Breakdown.Sent.Before(out[j].Breakdown.Sent)
	})
	return out
}

// answeredBy reports whether the breakdown's answer is recorded and given by
// asOf.
func answeredBy(b ledger.Breakdown, asOf time.Time) bool {
	return b.Response != "" && !b.RespondedAt.IsZero() && !b.RespondedAt.After(asOf)
}

// Answer is a breakdown Arrow answered, and what its answer made of the order
// under §1.2.
type Answer struct {
	Breakdown ledger.Breakdown
	// ReleaseAt is when Arrow's 24 hours ran out.
	ReleaseAt time.Time
	// InTime says the answer came within the 24 hours.
	InTime bool
	// Met says Arrow agreed within the 24 hours to meet the terms proposed:
	// the order belongs to Arrow, and nothing was released.
	Met bool
	// ReleasedAt is when the order was released to the proposed supplier:
	// the time of an Approve within the 24 hours, or, for an answer after
	// them, the time they ran out (a Meet after them does not undo the
	// lapse). Zero when Met.
	ReleasedAt time.Time
}

// Answered returns the breakdowns of the log whose answer was given after
// from and at or before asOf, in the order of the answers.
func Answered(t terms.Supplier, log []ledger.Breakdown, from, asOf time.Time) []Answer {
	window := time.Duration(t.BreakdownResponseHours) * time.Hour
	var out []Answer
	for _, b := range log {
		if b.Sent.After(asOf) || !answeredBy(b, asOf) || !b.RespondedAt.After(from) {
			continue
		}
		rel := releaseInstant(b, window)
		a := Answer{Breakdown: b, ReleaseAt: rel.lapse, InTime: !b.RespondedAt.After(rel.lapse), Met: rel.met}
		if !rel.met {
			a.ReleasedAt = rel.at
		}
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Breakdown.RespondedAt.Before(out[j].Breakdown.RespondedAt)
	})
	return out
}

// PendingOn returns the breakdowns awaiting Arrow's answer on the day day (as
// covenant holds dates, midnight; a status report's --as-of): every
// breakdown sent by the end of that day with no answer recorded by then (an
// answer dated after it is not known yet) whose 24 hours run out on that day
// or later. One whose 24 hours ran out before the day began is left out: the
// order was released when they ran out (§1.2). One whose 24 hours run out
// during the day is Released as of its end, and listed with the time.
func PendingOn(t terms.Supplier, log []ledger.Breakdown, day time.Time) []Awaiting {
	start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	var out []Awaiting
	for _, a := range Pending(t, log, start.AddDate(0, 0, 1).Add(-time.Nanosecond)) {
		if !a.ReleaseAt.Before(start) {
			out = append(out, a)
		}
	}
	return out
}
