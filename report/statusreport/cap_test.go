package statusreport

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/terms"
)

// TestCapSentence: the loan block says the cap's next change, else the cap
// in force on the day (with its end when it has one), else that none is set;
// a cap that ended before the day is never said to be in force.
func TestCapSentence(t *testing.T) {
	d := terms.Date
	caps := terms.Default().Loan.OveradvanceCaps
	ended := []terms.DatedAmount{{From: d(2002, 10, 1), To: d(2002, 10, 13), Amount: decimal.RequireFromString("300000")}}
	for _, tc := range []struct {
		name string
		caps []terms.DatedAmount
		day  string
		want string
	}{
		{"a change to come", caps, "2002-10-15", "The overadvance cap changes next on October 21, 2002: at most $300,000.00 from then (Amendment B.1)."},
		{"the change to none", caps, "2002-10-22", "The overadvance cap changes next on October 28, 2002: from then no Overadvances are permitted (Amendment B.1)."},
		{"the last cap, open-ended", caps, "2003-09-10", "Amendment B.1 sets no later change of the overadvance cap: no Overadvances are permitted from October 28, 2002 on."},
		{"a cap with an end, in force", ended, "2002-10-05", "Amendment B.1 sets no later change of the overadvance cap: at most $300,000.00 from October 1, 2002 through October 13, 2002."},
		{"a cap that ended", ended, "2002-11-01", "Amendment B.1 sets no later change of the overadvance cap."},
		{"no caps", nil, "2002-11-01", "Amendment B.1 sets no later change of the overadvance cap."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			day, err := time.Parse("2006-01-02", tc.day)
			if err != nil {
				t.Fatal(err)
			}
			if got := capSentence(tc.caps, day); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
