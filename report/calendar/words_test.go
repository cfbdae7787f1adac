package calendar

import (
	"testing"
	"time"
)

func TestSentenceDates(t *testing.T) {
	at := time.Date(2003, 10, 22, 8, 0, 0, 0, time.UTC)
	pm := time.Date(2003, 10, 6, 21, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{Long(at), "October 22, 2003"},
		{Long(date(2006, 1, 2)), "January 2, 2006"},
		{LongWeekday(date(2003, 10, 3)), "Friday, October 3, 2003"},
		{LongAt(at), "October 22, 2003 at 8:00 AM"},
		{LongAt(pm), "October 6, 2003 at 9:05 PM"},
		{LongWeekdayAt(time.Date(2003, 10, 7, 9, 0, 0, 0, time.UTC)), "Tuesday, October 7, 2003 at 9:00 AM"},
		{LongAt(date(2003, 10, 6)), "October 6, 2003 at 12:00 AM"},
		{Span(date(2003, 10, 1), date(2003, 10, 31)), "October 1 to October 31, 2003"},
		{Span(date(2002, 12, 27), date(2003, 3, 28)), "December 27, 2002 to March 28, 2003"},
		{Through(date(2003, 12, 27), date(2004, 3, 26)), "December 27, 2003 through March 26, 2004"},
		{Through(date(2004, 1, 1), date(2004, 3, 26)), "January 1 through March 26, 2004"},
		{QuarterOf(2003, 4).Words(), "fourth quarter of 2003"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
