package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/covenant-reports/covenant/report/obligations"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestWrite: a long description with commas, semicolons, backslashes, new
// lines and multi-byte characters is folded at 75 octets without splitting a
// character and reads back exactly; the reminder skips a weekend and a
// holiday; DTSTAMP is the as-of date.
func TestWrite(t *testing.T) {
	o := obligations.Obligation{ID: "monthly-2003-06", Agreement: obligations.SupplierAgreement, Clause: "§1.2",
		Title: "Monthly report for June 2003", What: strings.Repeat("é, ; \\ ", 30) + "end", To: "Arrow CMS; copies, too",
		Due: day(2003, 7, 4), Status: obligations.Late, Detail: "no delivery recorded\nsecond line"}
	var b bytes.Buffer
	if err := Write(&b, []obligations.Obligation{o}, Options{AsOf: day(2003, 9, 10), Remind: 3, Name: "x"}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("%d octets: %q", len(line), line)
		}
		if !utf8Valid(line) {
			t.Errorf("a character split across a fold: %q", line)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	es := cal.Events()
	if len(es) != 2 || es[0].Id() != "monthly-2003-06@covenant.invalid" || es[1].Id() != "monthly-2003-06-reminder@covenant.invalid" {
		t.Fatalf("events %v", es)
	}
	desc := ics.FromText(es[0].GetProperty(ics.ComponentPropertyDescription).Value)
	if desc != Description(o, day(2003, 9, 10)) {
		t.Errorf("the description does not read back:\n%q\n%q", desc, Description(o, day(2003, 9, 10)))
	}
	if rs, _ := es[1].GetAllDayStartAt(); !rs.Equal(day(2003, 7, 1)) {
		t.Errorf("reminder on %v, want Tuesday July 1 (July 4 is a holiday, so Thursday 3, Wednesday 2, Tuesday 1)", rs)
	}
	if st, _ := es[0].GetDtStampTime(); !st.Equal(day(2003, 9, 10)) {
		t.Errorf("DTSTAMP %v", st)
	}
	// Tuesday, September 2, 2003: three business days before, Labor Day and the weekend skipped, is Wednesday, August 27
	if got := ReminderDay(day(2003, 9, 2), 3); !got.Equal(day(2003, 8, 27)) {
		t.Errorf("ReminderDay(2003-09-02, 3) = %v", got)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
