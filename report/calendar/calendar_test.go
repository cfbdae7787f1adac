package calendar

import (
	"strings"
	"testing"
	"time"
)

func d(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

func TestFirstWeekdayAfter(t *testing.T) {
	tests := []struct {
		day  time.Time
		wd   time.Weekday
		want time.Time
	}{
		{d(2003, 1, 31), time.Friday, d(2003, 2, 7)}, // month ends on a Friday: the next one
		{d(2003, 2, 28), time.Friday, d(2003, 3, 7)}, // also a Friday
		{d(2003, 3, 31), time.Friday, d(2003, 4, 4)}, // Monday
		{d(2003, 4, 30), time.Friday, d(2003, 5, 2)}, // Wednesday
		{d(2003, 5, 31), time.Friday, d(2003, 6, 6)}, // Saturday
		{d(2002, 12, 31), time.Friday, d(2003, 1, 3)},
		{d(2003, 1, 31), time.Saturday, d(2003, 2, 1)},
		{d(2003, 1, 31), time.Thursday, d(2003, 2, 6)},
		{time.Date(2003, 1, 31, 23, 59, 0, 0, time.UTC), time.Friday, d(2003, 2, 7)},
	}
	for _, tt := range tests {
		if got := FirstWeekdayAfter(tt.day, tt.wd); !got.Equal(tt.want) {
			t.Errorf("FirstWeekdayAfter(%s, %s) = %s, want %s", tt.day.Format("2006-01-02"), tt.wd, got.Format("2006-01-02"), tt.want.Format("2006-01-02"))
		}
	}
}

func TestFederalHoliday(t *testing.T) {
	tests := []struct {
		day  time.Time
		want string // "" when not a holiday
	}{
		{d(2003, 1, 1), "New Year's Day"},
		{d(2003, 1, 20), "Birthday of Martin Luther King, Jr."},
		{d(2003, 2, 17), "Washington's Birthday"},
		{d(2003, 5, 26), "Memorial Day"},
		{d(2003, 7, 4), "Independence Day"},
		{d(2003, 9, 1), "Labor Day"},
		{d(2003, 10, 13), "Columbus Day"},
		{d(2003, 11, 11), "Veterans Day"},
		{d(2003, 11, 27), "Thanksgiving Day"},
		{d(2003, 12, 25), "Christmas Day"},
		{d(2003, 1, 2), ""},
		{d(2003, 1, 13), ""},
		{d(2003, 5, 19), ""},
		{d(2003, 11, 20), ""},
		{d(2003, 6, 19), ""}, // Juneteenth only from 2021
		{d(2002, 11, 28), "Thanksgiving Day"},
		{d(2002, 12, 25), "Christmas Day"},
		// Observed days.
		{d(2004, 12, 31), "New Year's Day (observed)"}, // Jan 1 2005 is a Saturday
		{d(2005, 1, 1), "New Year's Day"},
		{d(2010, 12, 24), "Christmas Day (observed)"},
		{d(2010, 12, 31), "New Year's Day (observed)"},
		{d(2004, 7, 5), "Independence Day (observed)"}, // Sunday July 4
		{d(2004, 12, 24), "Christmas Day (observed)"},  // Saturday Dec 25
		{d(2005, 12, 26), "Christmas Day (observed)"},  // Sunday Dec 25
		{d(2006, 1, 2), "New Year's Day (observed)"},   // Sunday Jan 1
		{d(2001, 11, 12), "Veterans Day (observed)"},   // Sunday Nov 11
		{d(2021, 6, 18), "Juneteenth National Independence Day (observed)"},
		{d(2023, 6, 19), "Juneteenth National Independence Day"},
		{d(2003, 12, 26), ""},
		{d(2003, 12, 31), ""},
		// Rules of other eras.
		{d(1985, 1, 21), ""}, // third Monday, before MLK Day existed
		{d(1986, 1, 20), "Birthday of Martin Luther King, Jr."},
		{d(1975, 10, 27), "Veterans Day"}, // fourth Monday of October, 1971-1977
		{d(1975, 11, 11), ""},
		{d(1978, 11, 10), "Veterans Day (observed)"},
		{d(1970, 2, 23), "Washington's Birthday (observed)"}, // Feb 22 1970 was a Sunday
		{d(2024, 5, 27), "Memorial Day"},
		{d(2021, 5, 31), "Memorial Day"}, // May has five Mondays
		{time.Date(2003, 7, 4, 15, 0, 0, 0, time.UTC), "Independence Day"},
	}
	for _, tt := range tests {
		name, ok := FederalHoliday(tt.day)
		if name != tt.want || ok != (tt.want != "") {
			t.Errorf("FederalHoliday(%s) = %q, %v; want %q", tt.day.Format("2006-01-02 Mon"), name, ok, tt.want)
		}
	}
}

// TestFederalHolidayCount checks that every year from 1990 to 2040 has the right
// number of observed days off on weekdays.
func TestFederalHolidayCount(t *testing.T) {
	for y := 1990; y <= 2040; y++ {
		want := 10
		if y >= 2021 {
			want = 11
		}
		n := 0
		for t0 := d(y, 1, 1); t0.Year() == y; t0 = t0.AddDate(0, 0, 1) {
			if wd := t0.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			if _, ok := FederalHoliday(t0); ok {
				n++
			}
		}
		// New Year's Day on a Saturday is observed in the year before.
		if d(y, 1, 1).Weekday() == time.Saturday {
			want--
		}
		if d(y+1, 1, 1).Weekday() == time.Saturday {
			want++
		}
		if n != want {
			t.Errorf("%d: %d weekday holidays, want %d", y, n, want)
		}
	}
}

func TestDaysInclusive(t *testing.T) {
	tests := []struct {
		a, b time.Time
		want int
	}{
		{d(2002, 10, 1), d(2002, 12, 31), 92},
		{d(2003, 1, 1), d(2003, 1, 1), 1},
		{d(2003, 1, 1), d(2003, 12, 31), 365},
		{d(2004, 1, 1), d(2004, 12, 31), 366},
		{d(2002, 12, 28), d(2003, 3, 28), 91},
		{d(2003, 1, 2), d(2003, 1, 1), 0},
		{d(1900, 1, 1), d(9999, 12, 31), 2958464}, // serial 2958465 less the fictitious day,
		{time.Date(2003, 1, 1, 23, 0, 0, 0, time.UTC), d(2003, 1, 2), 2},
	}
	for _, tt := range tests {
		if got := DaysInclusive(tt.a, tt.b); got != tt.want {
			t.Errorf("DaysInclusive(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestAddDaysMonthStartEnd(t *testing.T) {
	tests := []struct {
		name      string
		got, want time.Time
	}{
		{"AddDays +1 over month end", AddDays(d(2003, 1, 31), 1), d(2003, 2, 1)},
		{"AddDays -1 over year", AddDays(d(2003, 1, 1), -1), d(2002, 12, 31)},
		{"AddDays 0", AddDays(d(2003, 5, 5), 0), d(2003, 5, 5)},
		{"AddDays drops time", AddDays(time.Date(2003, 5, 5, 13, 0, 0, 0, time.UTC), 2), d(2003, 5, 7)},
		{"MonthStart", MonthStart(d(2003, 2, 17)), d(2003, 2, 1)},
		{"MonthEnd Feb", MonthEnd(d(2003, 2, 17)), d(2003, 2, 28)},
		{"MonthEnd leap Feb", MonthEnd(d(2004, 2, 1)), d(2004, 2, 29)},
		{"MonthEnd Dec", MonthEnd(d(2003, 12, 31)), d(2003, 12, 31)},
		{"MonthEnd drops time", MonthEnd(time.Date(2003, 4, 30, 23, 0, 0, 0, time.UTC)), d(2003, 4, 30)},
	}
	for _, tt := range tests {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestMonths(t *testing.T) {
	tests := []struct {
		a, b time.Time
		want []time.Time
	}{
		{d(2003, 1, 15), d(2003, 3, 2), []time.Time{d(2003, 1, 1), d(2003, 2, 1), d(2003, 3, 1)}},
		{d(2002, 12, 27), d(2003, 1, 31), []time.Time{d(2002, 12, 1), d(2003, 1, 1)}},
		{d(2003, 1, 31), d(2003, 1, 31), []time.Time{d(2003, 1, 1)}},
		{d(2003, 1, 31), d(2003, 2, 1), []time.Time{d(2003, 1, 1), d(2003, 2, 1)}},
		{d(2003, 2, 1), d(2003, 1, 31), nil},
	}
	for _, tt := range tests {
		got := Months(tt.a, tt.b)
		if len(got) != len(tt.want) {
			t.Errorf("Months(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			continue
		}
		for i := range got {
			if !got[i].Equal(tt.want[i]) {
				t.Errorf("Months(%v, %v)[%d] = %v, want %v", tt.a, tt.b, i, got[i], tt.want[i])
			}
		}
	}
}

func TestFromSerial(t *testing.T) {
	tests := []struct {
		serial float64
		d1904  bool
		want   time.Time
		err    string
	}{
		{serial: 1, want: d(1900, 1, 1)},
		{serial: 59, want: d(1900, 2, 28)},
		{serial: 60, err: "February 29, 1900"},
		{serial: 60.5, err: "February 29, 1900"},
		{serial: 61, want: d(1900, 3, 1)},
		{serial: 37621, want: d(2002, 12, 31)},
		{serial: 37622, want: d(2003, 1, 1)},
		{serial: 37617, want: d(2002, 12, 27)},
		{serial: 37636.5, want: time.Date(2003, 1, 15, 12, 0, 0, 0, time.UTC)},
		{serial: 37636.604166666664, want: time.Date(2003, 1, 15, 14, 30, 0, 0, time.UTC)},
		{serial: 37636.99999999, want: d(2003, 1, 16)}, // rounds to the next midnight
		{serial: 2958465, want: d(9999, 12, 31)},
		{serial: 2958465.999988426, want: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{serial: 2958466, err: "after 9999-12-31"},
		{serial: 0, err: "before 1900-01-01"},
		{serial: 0.5, err: "before 1900-01-01"},
		{serial: -1, err: "before 1900-01-01"},
		{serial: 1e300, err: "out of range"},
		{serial: 0, d1904: true, want: d(1904, 1, 1)},
		{serial: 36160, d1904: true, want: d(2003, 1, 1)},
		{serial: 2957003, d1904: true, want: d(9999, 12, 31)},
		{serial: 2957004, d1904: true, err: "after 9999-12-31"},
		{serial: -0.5, d1904: true, err: "before 1904-01-01"},
	}
	for _, tt := range tests {
		got, err := FromSerial(tt.serial, tt.d1904)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("FromSerial(%v, %v) = %v, %v; want error %q", tt.serial, tt.d1904, got, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("FromSerial(%v, %v) = %v, %v; want %v", tt.serial, tt.d1904, got, err, tt.want)
		}
	}
}

func TestToSerial(t *testing.T) {
	tests := []struct {
		t    time.Time
		want float64
	}{
		{d(1900, 1, 1), 1},
		{d(1900, 2, 28), 59},
		{d(1900, 3, 1), 61},
		{d(2003, 1, 1), 37622},
		{time.Date(2003, 1, 15, 12, 0, 0, 0, time.UTC), 37636.5},
		{d(9999, 12, 31), 2958465},
		{d(1899, 12, 31), 0},
	}
	for _, tt := range tests {
		if got := ToSerial(tt.t); got != tt.want {
			t.Errorf("ToSerial(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
	// Round trip over every day of the 1900 system but the fictitious one.
	for s := 1; s <= 2958465; s += 97 {
		if s == 60 {
			continue
		}
		tm, err := FromSerial(float64(s), false)
		if err != nil {
			t.Fatalf("FromSerial(%d): %v", s, err)
		}
		if got := ToSerial(tm); got != float64(s) {
			t.Fatalf("ToSerial(FromSerial(%d)) = %v", s, got)
		}
	}
}

func TestNextBusinessDay(t *testing.T) {
	tests := []struct {
		name string
		day  time.Time
		want time.Time
	}{
		{"a Wednesday is itself", d(2003, 5, 14), d(2003, 5, 14)},
		{"a Friday is itself", d(2003, 5, 16), d(2003, 5, 16)},
		{"Saturday moves to Monday", d(2003, 5, 17), d(2003, 5, 19)},
		{"Sunday moves to Monday", d(2003, 5, 18), d(2003, 5, 19)},
		{"a Monday holiday moves to Tuesday (Memorial Day)", d(2003, 5, 26), d(2003, 5, 27)},
		{"Saturday before a Monday holiday moves to Tuesday (Labor Day)", d(2003, 8, 30), d(2003, 9, 2)},
		{"Thanksgiving moves to Friday, no federal holiday", d(2003, 11, 27), d(2003, 11, 28)},
		{"Christmas on a Thursday moves to Friday", d(2003, 12, 25), d(2003, 12, 26)},
		{"Columbus Day is a federal holiday", d(2003, 10, 13), d(2003, 10, 14)},
		{"Veterans Day on a Tuesday", d(2003, 11, 11), d(2003, 11, 12)},
		{"Sunday July 4 2004 moves past the observed Monday", d(2004, 7, 4), d(2004, 7, 6)},
		{"the observed Friday of a Saturday New Year's Day", d(2004, 12, 31), d(2005, 1, 3)},
		{"Saturday New Year's Day itself", d(2005, 1, 1), d(2005, 1, 3)},
		{"the time of day is dropped", time.Date(2003, 5, 17, 15, 30, 0, 0, time.UTC), d(2003, 5, 19)},
		{"a business day with a time of day", time.Date(2003, 5, 14, 15, 30, 0, 0, time.UTC), d(2003, 5, 14)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NextBusinessDay(tt.day); !got.Equal(tt.want) {
				t.Errorf("NextBusinessDay(%s) = %s, want %s", tt.day.Format("Mon 2006-01-02 15:04"), got.Format("Mon 2006-01-02"), tt.want.Format("Mon 2006-01-02"))
			}
			if IsBusinessDay(tt.day) != tt.day.Equal(tt.want) && tt.day.Hour() == 0 {
				t.Errorf("IsBusinessDay(%s) = %v", tt.day.Format("Mon 2006-01-02"), IsBusinessDay(tt.day))
			}
		})
	}
}
