package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/samples"
)

// TestCalendar: the .ics of every obligation of both agreements parses back,
// with the Go parser and with Python's icalendar (Debian's python3-icalendar;
// mandatory in CI), event by event: an all-day event on each due date whose
// description gives the clause, what, to whom and the status as of --as-of,
// with an alarm, and a separate reminder event three business days before.
// Lines are folded at 75 octets and end in CRLF; UIDs are the obligation ids;
// the same inputs and --as-of give the same bytes.
func TestCalendar(t *testing.T) {
	dir := t.TempDir()
	lp := statusLedger(t, dir, [][]any{{"monthly-2003-07", "2003-08-01", "reports@arrow.example", "Message-ID <7@x>"}})
	loan := filepath.Join(dir, "loan-2002.xlsx")
	if err := os.WriteFile(loan, samples.Loan2002, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "obligations.ics")
	code, stdout, stderr := runCLI(t, "calendar", "--ledger", lp, "--loan", loan, "--as-of", "2003-08-29", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+out+": 72 obligations, each with a reminder 3 business days before") {
		t.Errorf("stdout: %s", stdout)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(raw, []byte("\r\n")), []byte("\r\n")) {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF", i+1)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	// the JSON of status gives the same obligations
	code, js, stderr := runCLI(t, "status", "--ledger", lp, "--loan", loan, "--as-of", "2003-08-29", "--out", filepath.Join(dir, "s.xlsx"), "--json")
	if code != 0 {
		t.Fatalf("status: %s", stderr)
	}
	var st struct {
		Obligations []struct{ ID, Clause, What, To, Due, Status string } `json:"obligations"`
	}
	json.Unmarshal([]byte(js), &st)
	events := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		if _, dup := events[e.Id()]; dup {
			t.Errorf("UID %s twice", e.Id())
		}
		events[e.Id()] = e
	}
	if len(events) != 2*len(st.Obligations) || len(st.Obligations) != 72 {
		t.Fatalf("%d events for %d obligations", len(events), len(st.Obligations))
	}
	words := map[string]string{"late": "Late", "due": "Due soon", "upcoming": "Upcoming", "done": "Done", "waived": "Waived", "moot": "No longer required"}
	for _, o := range st.Obligations {
		e := events[o.ID+"@covenant.invalid"]
		r := events[o.ID+"-reminder@covenant.invalid"]
		if e == nil || r == nil {
			t.Errorf("%s: no event or no reminder", o.ID)
			continue
		}
		start, err := e.GetAllDayStartAt()
		if err != nil || start.Format("2006-01-02") != o.Due {
			t.Errorf("%s starts %v (%v), due %s", o.ID, start, err, o.Due)
		}
		if p := e.GetProperty(ics.ComponentPropertyDtStart); p == nil || p.ICalParameters["VALUE"][0] != "DATE" {
			t.Errorf("%s is not an all-day event", o.ID)
		}
		stamp, _ := e.GetDtStampTime()
		if !stamp.Equal(time.Date(2003, 8, 29, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s DTSTAMP %v, want the as-of date", o.ID, stamp)
		}
		desc := ics.FromText(e.GetProperty(ics.ComponentPropertyDescription).Value)
		for _, w := range []string{o.Clause, "What: " + strings.TrimSuffix(o.What, "."), "Status as of August 29, 2003: " + words[o.Status], "Obligation id: " + o.ID} {
			if !strings.Contains(desc, w) {
				t.Errorf("%s: the description lacks %q:\n%s", o.ID, w, desc)
			}
		}
		if o.To != "" && !strings.Contains(desc, "To: "+strings.TrimSuffix(o.To, ".")) {
			t.Errorf("%s: the description lacks to whom", o.ID)
		}
		if len(e.Alarms()) != 1 || e.Alarms()[0].GetProperty(ics.ComponentPropertyTrigger) == nil {
			t.Errorf("%s has no alarm", o.ID)
		}
		rs, _ := r.GetAllDayStartAt()
		if !rs.Before(start) && o.Due != "" {
			t.Errorf("%s: the reminder %v is not before the due date", o.ID, rs)
		}
	}
	// Friday, July 4, 2003 is Independence Day: three business days before is Tuesday, July 1
	r := events["monthly-2003-06-reminder@covenant.invalid"]
	if rs, _ := r.GetAllDayStartAt(); rs.Format("2006-01-02") != "2003-07-01" {
		t.Errorf("the reminder of monthly-2003-06 is on %v", rs)
	}
	if trig := events["monthly-2003-06@covenant.invalid"].Alarms()[0].GetProperty(ics.ComponentPropertyTrigger).Value; trig != "-P3D" {
		t.Errorf("alarm trigger %s", trig)
	}
	if d := ics.FromText(events["monthly-2003-07@covenant.invalid"].GetProperty(ics.ComponentPropertyDescription).Value); !strings.Contains(d, "Done, delivered August 1, 2003 to reports@arrow.example") {
		t.Errorf("a delivered report's status: %s", d)
	}

	// the same bytes again, and another --remind moves only the reminders
	again := filepath.Join(dir, "again.ics")
	if code, _, stderr := runCLI(t, "calendar", "--ledger", lp, "--loan", loan, "--as-of", "2003-08-29", "--out", again); code != 0 {
		t.Fatal(stderr)
	}
	if b, _ := os.ReadFile(again); !bytes.Equal(b, raw) {
		t.Error("two runs with the same inputs and --as-of differ")
	}

	// Python's icalendar reads every event back
	oracle.RequirePython(t, "icalendar", "python3-icalendar")
	got := oracle.Python(t, `
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    alarms = len(e.walk('VALARM'))
    print(str(e['UID']), e.decoded('DTSTART').isoformat(), e.decoded('DTEND').isoformat(), alarms, str(e['DESCRIPTION']).count('Obligation id:'))
`, out)
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != len(events) {
		t.Fatalf("icalendar read %d events, want %d", len(lines), len(events))
	}
	for _, l := range lines {
		f := strings.Fields(l)
		e := events[f[0]]
		if e == nil {
			t.Errorf("icalendar read an unknown UID %s", f[0])
			continue
		}
		start, _ := e.GetAllDayStartAt()
		if f[1] != start.Format("2006-01-02") || f[4] != "1" {
			t.Errorf("icalendar: %s", l)
		}
		if strings.HasSuffix(f[0], "-reminder@covenant.invalid") == (f[3] == "1") {
			t.Errorf("icalendar: alarms %s on %s", f[3], f[0])
		}
	}
}
