package spend

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

// TestPending: a breakdown is pending until its answer is recorded, and
// released by lapse once the 24 hours have run out (at exactly 24 hours, as
// the monthly classification releases a PO committed then); an answer given
// after the as-of time is not known yet; a breakdown sent after it neither.
// stamp writes the instants the test compares.
const stamp = "2006-01-02 15:04"

func TestPending(t *testing.T) {
	sup := terms.Default().Supplier
	log := []ledger.Breakdown{
		{Row: 2, PONumber: "P-2", POLine: 1, Sent: dt(2003, 10, 6, 14, 0)},
		{Row: 3, PONumber: "P-1", POLine: 1, Sent: dt(2003, 10, 6, 9, 0)},
		{Row: 4, PONumber: "P-3", POLine: 2, Sent: dt(2003, 10, 6, 9, 0), Response: "approve", RespondedAt: dt(2003, 10, 6, 15, 0)},
		{Row: 5, PONumber: "P-4", Sent: dt(2003, 10, 6, 23, 30), Response: "meet", RespondedAt: dt(2003, 10, 7, 10, 0)},
		{Row: 6, PONumber: "P-5", POLine: 1, Sent: dt(2003, 10, 7, 9, 1)},
	}
	type want struct {
		po       string
		release  time.Time
		released bool
	}
	for _, tc := range []struct {
		asOf time.Time
		want []want
	}{
		// before P-3's approval: four pending, none released
		{dt(2003, 10, 6, 14, 59), []want{{"P-1", dt(2003, 10, 7, 9, 0), false}, {"P-3", dt(2003, 10, 7, 9, 0), false}, {"P-2", dt(2003, 10, 7, 14, 0), false}}},
		{dt(2003, 10, 6, 15, 0), []want{{"P-1", dt(2003, 10, 7, 9, 0), false}, {"P-2", dt(2003, 10, 7, 14, 0), false}}},
		// P-4 sent at 23:30, its Meet at 10:00 the next day is not known at 9:59
		{dt(2003, 10, 7, 8, 59), []want{{"P-1", dt(2003, 10, 7, 9, 0), false}, {"P-2", dt(2003, 10, 7, 14, 0), false}, {"P-4", dt(2003, 10, 7, 23, 30), false}}},
		// the 24-hour mark: released at exactly 24 hours, not a minute before
		{dt(2003, 10, 7, 9, 0), []want{{"P-1", dt(2003, 10, 7, 9, 0), true}, {"P-2", dt(2003, 10, 7, 14, 0), false}, {"P-4", dt(2003, 10, 7, 23, 30), false}}},
		{dt(2003, 10, 7, 10, 0), []want{{"P-1", dt(2003, 10, 7, 9, 0), true}, {"P-2", dt(2003, 10, 7, 14, 0), false}, {"P-5", dt(2003, 10, 8, 9, 1), false}}},
		{dt(2003, 10, 8, 9, 1), []want{{"P-1", dt(2003, 10, 7, 9, 0), true}, {"P-2", dt(2003, 10, 7, 14, 0), true}, {"P-5", dt(2003, 10, 8, 9, 1), true}}},
	} {
		t.Run(tc.asOf.Format("2006-01-02 15:04"), func(t *testing.T) {
			got := Pending(sup, log, tc.asOf)
			var g, w []string
			for _, a := range got {
				g = append(g, fmt.Sprintf("%s %s %v", a.Breakdown.PONumber, a.ReleaseAt.Format(stamp), a.Released))
			}
			for _, x := range tc.want {
				w = append(w, fmt.Sprintf("%s %s %v", x.po, x.release.Format(stamp), x.released))
			}
			if strings.Join(g, "; ") != strings.Join(w, "; ") {
				t.Errorf("pending as of %s\n got %s\nwant %s", tc.asOf.Format(stamp), strings.Join(g, "; "), strings.Join(w, "; "))
			}
		})
	}
}

// TestPendingWindowFromTerms: the 24 hours are the terms'.
func TestPendingWindowFromTerms(t *testing.T) {
	sup := terms.Default().Supplier
	sup.BreakdownResponseHours = 48
	got := Pending(sup, []ledger.Breakdown{{PONumber: "P-1", Sent: dt(2003, 10, 6, 9, 0)}}, dt(2003, 10, 7, 9, 0))
	if len(got) != 1 || !got[0].ReleaseAt.Equal(dt(2003, 10, 8, 9, 0)) || got[0].Released {
		t.Errorf("with 48 hours: %+v", got)
	}
}

// TestAnswered: what each answer made of the order, the same rule as the
// monthly classification's.
func TestAnswered(t *testing.T) {
	sup := terms.Default().Supplier
	log := []ledger.Breakdown{
		{PONumber: "MEET", Sent: dt(2003, 10, 1, 9, 0), Response: "meet", RespondedAt: dt(2003, 10, 2, 9, 0)},
		{PONumber: "LATE-MEET", Sent: dt(2003, 10, 1, 9, 0), Response: "meet", RespondedAt: dt(2003, 10, 2, 9, 1)},
		{PONumber: "APPROVE", Sent: dt(2003, 10, 1, 9, 0), Response: "approve", RespondedAt: dt(2003, 10, 1, 11, 0)},
		{PONumber: "OLD", Sent: dt(2003, 9, 1, 9, 0), Response: "approve", RespondedAt: dt(2003, 9, 1, 11, 0)},
		{PONumber: "FUTURE", Sent: dt(2003, 10, 1, 9, 0), Response: "approve", RespondedAt: dt(2003, 10, 9, 11, 0)},
		{PONumber: "NONE", Sent: dt(2003, 10, 1, 9, 0)},
	}
	asOf := dt(2003, 10, 8, 9, 0)
	got := Answered(sup, log, asOf.AddDate(0, 0, -7), asOf)
	var g []string
	for _, a := range got {
		g = append(g, fmt.Sprintf("%s in time %v met %v released %s", a.Breakdown.PONumber, a.InTime, a.Met, a.ReleasedAt.Format(stamp)))
	}
	want := []string{
		"APPROVE in time true met false released 2003-10-01 11:00",
		"MEET in time true met true released 0001-01-01 00:00",
		"LATE-MEET in time false met false released 2003-10-02 09:00",
	}
	if strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("answered\n got %s\nwant %s", strings.Join(g, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestPendingAgreesWithClassification: a PO committed at the time Pending
// says the 24 hours run out is released by the monthly classification, and
// one committed a minute before is an exception.
func TestPendingAgreesWithClassification(t *testing.T) {
	sup := terms.Default().Supplier
	log := []ledger.Breakdown{{PONumber: "P-1", POLine: 1, Sent: dt(2003, 10, 6, 9, 0)}}
	p := Pending(sup, log, dt(2003, 10, 7, 9, 0))
	if len(p) != 1 || !p[0].Released {
		t.Fatalf("pending %+v", p)
	}
	c := classifier(sup, log, nil)
	for _, tc := range []struct {
		at   time.Time
		want Class
	}{{p[0].ReleaseAt, Released}, {p[0].ReleaseAt.Add(-time.Minute), Exception}} {
		line := ledger.POLine{PONumber: "P-1", POLine: 1, PODate: d(2003, 10, 7), POTime: tc.at, Manufacturer: "Xilinx", Supplier: "Avnet", Quantity: dec("1"), UnitCost: dec("1")}
		if r := c.Classify(&line); r.Class != tc.want {
			t.Errorf("PO committed %s: %s (%s), want %s", tc.at.Format(stamp), r.Class, r.Reason, tc.want)
		}
	}
}

// TestPendingOn: as of a day, a breakdown sent by its end and not answered by
// then awaits Arrow's answer unless its 24 hours ran out before the day began.
func TestPendingOn(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2003, 10, d, h, 0, 0, 0, time.UTC) }
	bd := func(po string, sent time.Time, resp string, respAt time.Time) ledger.Breakdown {
		return ledger.Breakdown{PONumber: po, POLine: 1, Sent: sent, Response: resp, RespondedAt: respAt}
	}
	bs := []ledger.Breakdown{
		bd("ran-out-before", at(8, 9), "", time.Time{}),                    // ran out Oct 9 09:00
		bd("runs-out-today", at(9, 16), "", time.Time{}),                   // Oct 10 16:00
		bd("sent-today", at(10, 11), "", time.Time{}),                      // Oct 11 11:00
		bd("sent-tomorrow", at(11, 8), "", time.Time{}),                    // not known yet
		bd("answered", at(10, 8), ledger.ResponseMeet, at(10, 12)),         // answered today
		bd("answered-later", at(10, 9), ledger.ResponseApprove, at(11, 8)), // the answer is not known yet
	}
	got := PendingOn(terms.Default().Supplier, bs, time.Date(2003, 10, 10, 0, 0, 0, 0, time.UTC))
	var ids []string
	for _, a := range got {
		ids = append(ids, fmt.Sprintf("%s@%s#%d", a.PONumber, a.ReleaseAt.Format("01-02 15:04"), a.Index))
	}
	want := "runs-out-today@10-10 16:00#1 answered-later@10-11 09:00#5 sent-today@10-11 11:00#2"
	if strings.Join(ids, " ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(ids, " "), want)
	}
}

// TestPendingLocation: the same PO number at two locations is two
// placements: each breakdown awaits its own answer, the one answered for West
// does not answer East's, and each keeps its location (and its position in
// the merged logs, Index).
func TestPendingLocation(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2003, 10, d, h, 0, 0, 0, time.UTC) }
	bs := []ledger.Breakdown{
		{PONumber: "PO-7", POLine: 1, Sent: at(10, 9), Location: "West", Response: ledger.ResponseMeet, RespondedAt: at(10, 11)},
		{PONumber: "PO-7", POLine: 1, Sent: at(10, 9), Location: "East"},
		{PONumber: "PO-8", Sent: at(9, 15)},
	}
	got := PendingOn(terms.Default().Supplier, bs, time.Date(2003, 10, 10, 0, 0, 0, 0, time.UTC))
	var ids []string
	for _, a := range got {
		ids = append(ids, fmt.Sprintf("%s@%s[%s]#%d", a.PONumber, a.ReleaseAt.Format("01-02 15:04"), a.Location, a.Index))
	}
	if want := "PO-8@10-10 15:00[]#2 PO-7@10-11 09:00[East]#1"; strings.Join(ids, " ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(ids, " "), want)
	}
}
