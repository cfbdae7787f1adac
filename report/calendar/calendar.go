// Package calendar is covenant's calendar of periods: months, calendar quarters,
// inclusive day counts, the weekday a monthly report falls due (§1.2 of the Supplier
// Agreement), US federal holidays and business days, and the conversion of Excel
// serial dates.
//
// A date is a time.Time at midnight UTC (see terms.Date); every function here
// returns dates in that form. The package is pure: no I/O, no spreadsheet library.
package calendar

import (
	"fmt"
	"math"
	"time"
)

// date returns midnight UTC of the day y-m-d (normalized as time.Date does).
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// day returns midnight UTC of the calendar day t shows in its own location.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return date(y, m, d)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MonthStart returns the first day of t's month.
func MonthStart(t time.Time) time.Time {
	y, m, _ := t.Date()
	return date(y, m, 1)
}

// MonthEnd returns the last day of t's month.
func MonthEnd(t time.Time) time.Time {
	y, m, _ := t.Date()
	return date(y, m+1, 0)
}

// Months lists the first day of every month touched from a through b, in order:
// Months(Jan 15, Mar 2) is Jan 1, Feb 1, Mar 1. It is empty when b is before a.
func Months(a, b time.Time) []time.Time {
	a, b = day(a), day(b)
	if b.Before(a) {
		return nil
	}
	var ms []time.Time
	for m, last := MonthStart(a), MonthStart(b); !m.After(last); m = m.AddDate(0, 1, 0) {
		ms = append(ms, m)
	}
	return ms
}

// AddDays returns the day n days after t (before, for negative n).
func AddDays(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	return date(y, m, d+n)
}

// DaysInclusive counts the days from a through b, both included: October 1 to
// December 31, 2002 is 92 days, a single day is 1. It is zero or negative when b
// is before a.
func DaysInclusive(a, b time.Time) int {
	return int(daysBetween(day(a), day(b))) + 1
}

// FirstWeekdayAfter returns the first day falling on weekday wd strictly after
// day: for a month ending on Friday, January 31 2003, the first Friday after is
// February 7 2003 (the §1.2 monthly report deadline).
func FirstWeekdayAfter(d time.Time, wd time.Weekday) time.Time {
	d = day(d)
	n := (int(wd) - int(d.Weekday()) + 7) % 7
	if n == 0 {
		n = 7
	}
	return AddDays(d, n)
}

// CalendarQuarter is a calendar quarter: Q (1 to 4) of Year, Start through End.
type CalendarQuarter struct {
	Year, Q    int
	Start, End time.Time
}

// String writes the quarter as "2003Q1".
func (q CalendarQuarter) String() string { return fmt.Sprintf("%04dQ%d", q.Year, q.Q) }

// QuarterOf returns the calendar quarter q of year.
func QuarterOf(year, q int) CalendarQuarter {
	start := date(year, time.Month(3*(q-1)+1), 1)
	return CalendarQuarter{Year: year, Q: q, Start: start, End: date(year, time.Month(3*q+1), 0)}
}

// FederalHoliday reports whether d is a US federal holiday as the federal
// government observes it (5 U.S.C. 6103), and names it. A holiday on a fixed date
// that falls on a Saturday is observed the Friday before, on a Sunday the Monday
// after; that day is named with " (observed)", e.g. "Independence Day (observed)".
// New Year's Day on a Saturday is thus observed on Friday December 31 of the year
// before. The fixed date itself is reported too, under the plain name, even when it
// falls on a weekend.
//
// Years from 1971 (the Uniform Monday Holiday Act) follow the Monday rules, with
// Veterans Day on the fourth Monday of October from 1971 to 1977; the Birthday of
// Martin Luther King, Jr. counts from 1986 and Juneteenth from 2021. Before 1971
// Washington's Birthday, Memorial Day and Columbus Day fall on February 22, May 30
// and October 12.
func FederalHoliday(d time.Time) (name string, ok bool) {
	d = day(d)
	y := d.Year()
	// Fixed-date holidays of this year and, for the Friday December 31
	// observance, New Year's Day of the next.
	for _, h := range fixedHolidays(y) {
		if d.Equal(h.date) {
			return h.name, true
		}
	}
	for _, yy := range []int{y, y + 1} {
		for _, h := range fixedHolidays(yy) {
			if obs := observed(h.date); !obs.Equal(h.date) && d.Equal(obs) {
				return h.name + " (observed)", true
			}
		}
	}
	m := d.Month()
	switch {
	case m == time.January && y >= 1986 && d.Equal(nthWeekday(y, m, time.Monday, 3)):
		return "Birthday of Martin Luther King, Jr.", true
	case m == time.February && y >= 1971 && d.Equal(nthWeekday(y, m, time.Monday, 3)):
		return "Washington's Birthday", true
	case m == time.May && y >= 1971 && d.Equal(nthWeekday(y, m, time.Monday, -1)):
		return "Memorial Day", true
	case m == time.September && d.Equal(nthWeekday(y, m, time.Monday, 1)):
		return "Labor Day", true
	case m == time.October && y >= 1971 && d.Equal(nthWeekday(y, m, time.Monday, 2)):
		return "Columbus Day", true
	case m == time.October && y >= 1971 && y <= 1977 && d.Equal(nthWeekday(y, m, time.Monday, 4)):
		return "Veterans Day", true
	case m == time.November && d.Equal(nthWeekday(y, m, time.Thursday, 4)):
		return "Thanksgiving Day", true
	}
	return "", false
}

// IsBusinessDay reports whether d is a business day: neither a Saturday, a
// Sunday nor a US federal holiday as FederalHoliday tells them, the day a
// weekend holiday is observed included (Monday, July 5, 2004 for Sunday,
// July 4).
func IsBusinessDay(d time.Time) bool {
	d = day(d)
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := FederalHoliday(d)
	return !holiday
}

// NextBusinessDay returns d itself when it is a business day (IsBusinessDay),
// else the first business day after it: an invoice due on Saturday, July 5,
// 2003 is payable on Monday, July 7; one due on Thursday, December 25, 2003 on
// Friday, December 26. The time of day is dropped.
func NextBusinessDay(d time.Time) time.Time {
	d = day(d)
	for !IsBusinessDay(d) {
		d = AddDays(d, 1)
	}
	return d
}

type holiday struct {
	date time.Time
	name string
}

// fixedHolidays lists the holidays of year y that fall on a fixed date.
func fixedHolidays(y int) []holiday {
	hs := []holiday{
		{date(y, time.January, 1), "New Year's Day"},
		{date(y, time.July, 4), "Independence Day"},
		{date(y, time.December, 25), "Christmas Day"},
	}
	if y >= 2021 {
		hs = append(hs, holiday{date(y, time.June, 19), "Juneteenth National Independence Day"})
	}
	if y < 1971 || y > 1977 {
		hs = append(hs, holiday{date(y, time.November, 11), "Veterans Day"})
	}
	if y < 1971 {
		hs = append(hs,
			holiday{date(y, time.February, 22), "Washington's Birthday"},
			holiday{date(y, time.May, 30), "Memorial Day"},
			holiday{date(y, time.October, 12), "Columbus Day"})
	}
	return hs
}

// observed moves a Saturday to the Friday before and a Sunday to the Monday after.
func observed(d time.Time) time.Time {
	switch d.Weekday() {
	case time.Saturday:
		return AddDays(d, -1)
	case time.Sunday:
		return AddDays(d, 1)
	}
	return d
}

// nthWeekday returns the n-th weekday wd of month m of year y; n = -1 is the last.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	if n < 0 {
		last := date(y, m+1, 0)
		return AddDays(last, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	first := date(y, m, 1)
	return AddDays(first, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
}

// Excel serial dates. In the 1900 date system serial 1 is 1900-01-01 and Excel
// counts a February 29, 1900 that never was (serial 60), so from serial 61 (March
// 1, 1900) on, serial n is n days after 1899-12-30. In the 1904 system serial 0 is
// 1904-01-01.
var (
	epoch1900      = date(1899, time.December, 30)
	epoch1900Early = date(1899, time.December, 31)
	epoch1904      = date(1904, time.January, 1)
	lastDay        = date(9999, time.December, 31)
)

// FromSerial converts an Excel serial date to a time in UTC; date1904 selects the
// 1904 date system (the workbook's date1904 property). A fractional part is a time
// of day, kept to the nearest second. Serial 60 of the 1900 system (Excel's
// fictitious February 29, 1900), serials before the first day of the system (1 in
// the 1900 system, 0 in the 1904 system), and days after 9999-12-31 are errors.
func FromSerial(serial float64, date1904 bool) (time.Time, error) {
	if math.IsNaN(serial) || math.IsInf(serial, 0) {
		return time.Time{}, fmt.Errorf("serial date %v is not a number", serial)
	}
	secs := math.Round(serial * 86400)
	if secs > 1e13 || secs < -1e13 {
		return time.Time{}, fmt.Errorf("serial date %v is out of range", serial)
	}
	s := int64(secs)
	days, rem := s/86400, s%86400
	if rem < 0 {
		days, rem = days-1, rem+86400
	}
	var t time.Time
	switch {
	case date1904:
		if days < 0 {
			return time.Time{}, fmt.Errorf("serial date %v is before 1904-01-01, the first day of the 1904 date system", serial)
		}
		t = epoch1904.AddDate(0, 0, int(days))
	case days < 1:
		return time.Time{}, fmt.Errorf("serial date %v is before 1900-01-01 (serial 1)", serial)
	case days == 60:
		return time.Time{}, fmt.Errorf("serial date %v is Excel's February 29, 1900, a day that does not exist", serial)
	case days < 60:
		t = epoch1900Early.AddDate(0, 0, int(days))
	default:
		t = epoch1900.AddDate(0, 0, int(days))
	}
	if t.After(lastDay) {
		return time.Time{}, fmt.Errorf("serial date %v is after 9999-12-31", serial)
	}
	return t.Add(time.Duration(rem) * time.Second), nil
}

// ToSerial converts t, read as wall-clock time in its own location, to an Excel
// serial date in the 1900 date system; the time of day becomes the fraction.
// Days before March 1, 1900 count from 1900-01-01 = 1 as Excel does; days before
// 1900-01-01 give values below 1, which Excel cannot show.
func ToSerial(t time.Time) float64 {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	day := date(y, m, d)
	frac := (float64(h)*3600 + float64(mi)*60 + float64(s) + float64(t.Nanosecond())/1e9) / 86400
	epoch := epoch1900
	if day.Before(date(1900, time.March, 1)) {
		epoch = epoch1900Early
	}
	return float64(daysBetween(epoch, day)) + frac
}

// daysBetween counts whole days from a to b (both midnight UTC), without the
// overflow of time.Duration over long spans.
func daysBetween(a, b time.Time) int64 {
	return (b.Unix() - a.Unix()) / 86400
}
