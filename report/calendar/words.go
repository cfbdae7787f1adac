package calendar

import "fmt"

// Words names the calendar quarter as a sentence does, without an article:
// "fourth quarter of 2003" (the code 2003Q4 is for flags and --json).
func (q CalendarQuarter) Words() string {
	names := [...]string{"first", "second", "third", "fourth"}
	if q.Q < 1 || q.Q > 4 {
		return q.String()
	}
	return fmt.Sprintf("%s quarter of %d", names[q.Q-1], q.Year)
}
