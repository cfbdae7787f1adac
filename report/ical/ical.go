// Package ical lays the obligations of both agreements out as an iCalendar
// file (RFC 5545) that Outlook, Google Calendar and Apple Calendar import: one
// all-day event on each obligation's due date, its description giving the
// clause, what to deliver or do, to whom and the status as of the as-of date,
// with an alarm; and, because calendars ignore alarms in imported files, a
// separate all-day reminder event some business days before.
//
// The output is the same bytes for the same obligations and as-of date: UIDs
// are the obligation ids at a fixed domain, DTSTAMP is the as-of date, and the
// events come in the obligations' order. Writing (folding at 75 octets, TEXT
// escaping) is github.com/arran4/golang-ical's.
package ical

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/obligations"
)

// Domain is the fixed right-hand side of every UID: reserved (RFC 2606), so
// that it names no host and never changes.
const Domain = "covenant.invalid"

// UID is an obligation's event UID; ReminderUID its reminder's.
func UID(id string) string { return id + "@" + Domain }

// ReminderUID is the UID of the reminder event of an obligation.
func ReminderUID(id string) string { return id + "-reminder@" + Domain }

// Options say how the calendar is written.
type Options struct {
	// AsOf is the date the statuses speak as of, and every DTSTAMP.
	AsOf time.Time
	// Remind is how many business days before the due date the reminder
	// event and the alarm fall (0: on the due date).
	Remind int
	// Name names the calendar ("covenant: IEC Electronics Corp.").
	Name string
}

// ReminderDay is the day remind business days before due (US federal
// holidays and weekends are none).
func ReminderDay(due time.Time, remind int) time.Time {
	d := due
	for n := 0; n < remind; {
		d = calendar.AddDays(d, -1)
		if calendar.IsBusinessDay(d) {
			n++
		}
	}
	return d
}

// Write writes the calendar of os to w.
func Write(w io.Writer, os []obligations.Obligation, opt Options) error {
	c := ics.NewCalendarFor("covenant")
	c.SetProductId("-//covenant//Obligations of the Arrow CMS Supplier Agreement and Loan Amendment No. 10//EN")
	c.SetCalscale("GREGORIAN")
	c.SetMethod(ics.MethodPublish)
	if opt.Name != "" {
		c.SetName(opt.Name)
		c.SetXWRCalName(opt.Name)
	}
	stamp := time.Date(opt.AsOf.Year(), opt.AsOf.Month(), opt.AsOf.Day(), 0, 0, 0, 0, time.UTC)
	for _, o := range os {
		desc := Description(o, opt.AsOf)
		e := c.AddEvent(UID(o.ID))
		e.SetDtStampTime(stamp)
		e.SetAllDayStartAt(o.Due)
		e.SetAllDayEndAt(calendar.AddDays(o.Due, 1))
		e.SetSummary(Summary(o))
		e.SetDescription(desc)
		e.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
		e.AddCategory(o.Agreement)
		rd := ReminderDay(o.Due, opt.Remind)
		a := e.AddAlarm()
		a.SetAction(ics.ActionDisplay)
		a.SetTrigger(fmt.Sprintf("-P%dD", calendar.DaysInclusive(rd, o.Due)-1))
		a.SetProperty(ics.ComponentPropertyDescription, "Reminder: "+Summary(o))

		r := c.AddEvent(ReminderUID(o.ID))
		r.SetDtStampTime(stamp)
		r.SetAllDayStartAt(rd)
		r.SetAllDayEndAt(calendar.AddDays(rd, 1))
		r.SetSummary(fmt.Sprintf("Reminder: %s, due %s", Summary(o), calendar.LongWeekday(o.Due)))
		r.SetDescription(fmt.Sprintf("%s due on %s, in %s.\n%s", o.Title, calendar.LongWeekday(o.Due), plural(opt.Remind, "business day"), desc))
		r.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
		r.AddCategory(o.Agreement)
	}
	return c.SerializeTo(w, ics.WithNewLine("\r\n"))
}

// Summary is the event's title: the obligation in words and its clause.
func Summary(o obligations.Obligation) string {
	return fmt.Sprintf("%s (%s)", o.Title, o.Clause)
}

// Description gives the clause, what to deliver or do, to whom, and the status
// as of the as-of date.
func Description(o obligations.Obligation, asOf time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s.\n", o.Agreement, o.Clause)
	fmt.Fprintf(&b, "What: %s.\n", strings.TrimSuffix(o.What, "."))
	if o.To != "" {
		fmt.Fprintf(&b, "To: %s.\n", strings.TrimSuffix(o.To, "."))
	}
	fmt.Fprintf(&b, "Due: %s.\n", calendar.LongWeekday(o.Due))
	if o.Warning != "" {
		fmt.Fprintf(&b, "Note: %s.\n", o.Warning)
	}
	fmt.Fprintf(&b, "Status as of %s: %s", calendar.Long(asOf), o.Status.Words())
	if o.Detail != "" {
		fmt.Fprintf(&b, ", %s", o.Detail)
	}
	fmt.Fprintf(&b, ".\nObligation id: %s", o.ID)
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
