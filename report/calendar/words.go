package calendar

import (
	"fmt"
	"time"
)

// Words names the calendar quarter as a sentence does, without an article:
// "fourth quarter of 2003" (the code 2003Q4 is for flags and --json).
func (q CalendarQuarter) Words() string {
	names := [...]string{"first", "second", "third", "fourth"}
	if q.Q < 1 || q.Q > 4 {
		return q.String()
	}
	return fmt.Sprintf("%s quarter of %d", names[q.Q-1], q.Year)
}

// The forms a date takes in a sentence (issue 15: one style for dates in
// tables, yyyy-mm-dd, and the long form in sentences). ISO stays in --json,
// in ids (cap-2002-10-14), in file names and in date cells.
const (
	// LongLayout is the long form of a date: "October 22, 2003".
	LongLayout = "January 2, 2006"
	// LongWeekdayLayout is the long form with its weekday, for a day
	// something falls due: "Friday, October 3, 2003".
	LongWeekdayLayout = "Monday, January 2, 2006"
	// LongAtLayout is the long form of a moment: "October 22, 2003 at 8:00 AM".
	LongAtLayout = "January 2, 2006 at 3:04 PM"
	// LongWeekdayAtLayout is the long form of a moment with its weekday, for
	// a deadline: "Tuesday, October 7, 2003 at 9:00 AM".
	LongWeekdayAtLayout = "Monday, January 2, 2006 at 3:04 PM"
)

// Long writes a date as a sentence does: "October 22, 2003".
func Long(t time.Time) string { return t.Format(LongLayout) }

// LongWeekday writes a date with its weekday as a sentence does: "Friday,
// October 3, 2003".
func LongWeekday(t time.Time) string { return t.Format(LongWeekdayLayout) }

// LongAt writes a moment as a sentence does: "October 22, 2003 at 8:00 AM".
func LongAt(t time.Time) string { return t.Format(LongAtLayout) }

// LongWeekdayAt writes a moment with its weekday as a sentence does:
// "Tuesday, October 7, 2003 at 9:00 AM".
func LongWeekdayAt(t time.Time) string { return t.Format(LongWeekdayAtLayout) }

// Span writes the days from one date to another as a sentence does, naming
// the year once when both share it: "October 1 to October 31, 2003",
// "December 27, 2002 to March 28, 2003".
func Span(from, to time.Time) string { return span(from, to, " to ") }

// Through is Span for the days from one date through another, both counted:
// "October 1 through October 31, 2003".
func Through(from, to time.Time) string { return span(from, to, " through ") }

func span(from, to time.Time, joint string) string {
	if from.Year() == to.Year() {
		return from.Format("January 2") + joint + Long(to)
	}
	return Long(from) + joint + Long(to)
}
