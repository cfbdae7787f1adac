package spend

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/report/ledger"
)

func TestPending(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2003, 10, d, h, 0, 0, 0, time.UTC) }
	bd := func(po string, sent time.Time, resp string, respAt time.Time) ledger.Breakdown {
		return ledger.Breakdown{PONumber: po, POLine: 1, Sent: sent, Response: resp, RespondedAt: respAt}
	}
	bs := []ledger.Breakdown{
		bd("ran-out-before", at(8, 9), "", time.Time{}),                    // window ran out Oct 9 09:00
		bd("runs-out-today", at(9, 16), "", time.Time{}),                   // Oct 10 16:00
		bd("sent-today", at(10, 11), "", time.Time{}),                      // Oct 11 11:00
		bd("sent-tomorrow", at(11, 8), "", time.Time{}),                    // not known yet
		bd("answered", at(10, 8), ledger.ResponseMeet, at(10, 12)),         // answered today
		bd("answered-later", at(10, 9), ledger.ResponseApprove, at(11, 8)), // the answer is not known yet
	}
	got := Pending(bs, time.Date(2003, 10, 10, 0, 0, 0, 0, time.UTC), 24*time.Hour)
	var ids []string
	for _, a := range got {
		ids = append(ids, a.PONumber+"@"+a.ReleaseAt.Format("01-02 15:04"))
	}
	want := "runs-out-today@10-10 16:00 answered-later@10-11 09:00 sent-today@10-11 11:00"
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
	got := Pending(bs, time.Date(2003, 10, 10, 0, 0, 0, 0, time.UTC), 24*time.Hour)
	var ids []string
	for _, a := range got {
		ids = append(ids, fmt.Sprintf("%s@%s[%s]#%d", a.PONumber, a.ReleaseAt.Format("01-02 15:04"), a.Location, a.Index))
	}
	if want := "PO-8@10-10 15:00[]#2 PO-7@10-11 09:00[East]#1"; strings.Join(ids, " ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(ids, " "), want)
	}
}
