package calendar

import (
	"errors"
	"strings"
	"testing"
)

func TestParseMonth(t *testing.T) {
	asOf := d(2003, 11, 3)
	for _, tt := range []struct {
		in   string
		want string // the month's first day, or "" for an error
		// problem and suggest: the error's words and what it says to type
		problem, suggest string
	}{
		{in: "2003-10", want: "2003-10-01"},
		{in: " 2003-02 ", want: "2003-02-01"},
		{in: "2004-02", want: "2004-02-01"},
		{in: "10/2003", want: "2003-10-01"},
		{in: "10-2003", want: "2003-10-01"},
		{in: "2003/10", want: "2003-10-01"},
		{in: "2003-1", want: "2003-01-01"},
		{in: "Oct 2003", want: "2003-10-01"},
		{in: "oct. 2003", want: "2003-10-01"},
		{in: "October 2003", want: "2003-10-01"},
		{in: "OCTOBER-2003", want: "2003-10-01"},
		{in: "2003 October", want: "2003-10-01"},
		{in: "Sept 2003", want: "2003-09-01"},
		{in: "Sep 2003", want: "2003-09-01"},
		{in: "2003-13", problem: "there is no month 13", suggest: "YYYY-MM, e.g. 2003-10 for October 2003"},
		{in: "13/2003", problem: "there is no month 13"},
		{in: "2003-00", problem: "there is no month 0"},
		{in: "Octember 2003", problem: `"octember" is not the name of a month`},
		{in: "2003-10-15", problem: "is a date; the report is for a whole month", suggest: "2003-10 (October 2003)"},
		{in: "10/15/2003", problem: "is a date", suggest: "2003-10 (October 2003)"},
		{in: "October 15, 2003", problem: "is a date", suggest: "2003-10 (October 2003)"},
		{in: "10/03", problem: "the year needs all four digits", suggest: "2003-10 (October 2003)"},
		{in: "Oct 03", problem: "the year needs all four digits", suggest: "2003-10 (October 2003)"},
		// no year: the latest such month that began by the as-of date
		{in: "October", problem: "which year?", suggest: "2003-10 (October 2003)"},
		{in: "December", problem: "which year?", suggest: "2002-12 (December 2002)"},
		{in: "2003", problem: "is a year; give the month too"},
		{in: "2003Q4", problem: "is a quarter", suggest: "2003-10, 2003-11 or 2003-12 (one month of the quarter)"},
		{in: "Q4 2003", problem: "is a quarter", suggest: "2003-10, 2003-11 or 2003-12"},
		{in: "", problem: "is not a month", suggest: "YYYY-MM, e.g. 2003-10"},
		{in: "next month", problem: "is not a month"},
		{in: "0000-10", problem: "is not a month"},
	} {
		start, end, err := ParseMonth(tt.in)
		if tt.want != "" {
			if err != nil || start.Format("2006-01-02") != tt.want || !end.Equal(MonthEnd(start)) {
				t.Errorf("ParseMonth(%q) = %v, %v, %v; want %s", tt.in, start, end, err, tt.want)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseMonth(%q): error %v, want a *ParseError", tt.in, err)
			continue
		}
		if !strings.Contains(pe.Error(), tt.problem) || pe.What != "month" {
			t.Errorf("ParseMonth(%q): %q, want %q", tt.in, pe.Error(), tt.problem)
		}
		if got := pe.Suggest(asOf); !strings.Contains(got, tt.suggest) {
			t.Errorf("ParseMonth(%q): suggests %q, want %q", tt.in, got, tt.suggest)
		}
	}
}

func TestParseQuarter(t *testing.T) {
	asOf := d(2004, 1, 10)
	for _, tt := range []struct {
		in, want         string
		problem, suggest string
	}{
		{in: "2003Q1", want: "2003Q1"},
		{in: "2003-Q2", want: "2003Q2"},
		{in: "2003q3", want: "2003Q3"},
		{in: " 2002-q4 ", want: "2002Q4"},
		{in: "2003 Q4", want: "2003Q4"},
		{in: "Q4 2003", want: "2003Q4"},
		{in: "q4-2003", want: "2003Q4"},
		{in: "Q4/2003", want: "2003Q4"},
		{in: "4Q03", want: "2003Q4"},
		{in: "4q2003", want: "2003Q4"},
		{in: "Q4 03", want: "2003Q4"},
		{in: "2003--Q1", want: "2003Q1"},
		{in: "fourth quarter of 2003", want: "2003Q4"},
		{in: "4th quarter 2003", want: "2003Q4"},
		{in: "the first quarter of 2004", want: "2004Q1"},
		{in: "2003Q5", problem: "there is no quarter 5: a year has four", suggest: "YYYYQn, e.g. 2003Q4 for the fourth quarter of 2003"},
		{in: "2003Q0", problem: "there is no quarter 0"},
		{in: "2003Q12", problem: "there is no quarter 12"},
		{in: "Q5 2003", problem: "there is no quarter 5"},
		{in: "2003", problem: "is a year; give the quarter too"},
		{in: "Q4", problem: "which year?", suggest: "2003Q4 (the fourth quarter of 2003)"},
		{in: "Q1", problem: "which year?", suggest: "2004Q1 (the first quarter of 2004)"},
		{in: "2003-10", problem: "is a month; the certificate is for a calendar quarter", suggest: "2003Q4 (the fourth quarter of 2003)"},
		{in: "Oct 2003", problem: "is a month", suggest: "2003Q4"},
		{in: "03Q1", problem: "is not a quarter"},
		{in: "", problem: "is not a quarter", suggest: "YYYYQn"},
		{in: "last quarter", problem: "is not a quarter"},
	} {
		q, err := ParseQuarter(tt.in)
		if tt.want != "" {
			if err != nil || q.String() != tt.want || !q.Start.Equal(QuarterOf(q.Year, q.Q).Start) {
				t.Errorf("ParseQuarter(%q) = %+v, %v; want %s", tt.in, q, err, tt.want)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseQuarter(%q): error %v, want a *ParseError", tt.in, err)
			continue
		}
		if !strings.Contains(pe.Error(), tt.problem) || pe.What != "quarter" {
			t.Errorf("ParseQuarter(%q): %q, want %q", tt.in, pe.Error(), tt.problem)
		}
		if got := pe.Suggest(asOf); !strings.Contains(got, tt.suggest) {
			t.Errorf("ParseQuarter(%q): suggests %q, want %q", tt.in, got, tt.suggest)
		}
	}
	if q := QuarterOf(2003, 4); !q.Start.Equal(d(2003, 10, 1)) || !q.End.Equal(d(2003, 12, 31)) {
		t.Errorf("QuarterOf(2003, 4) = %v..%v", q.Start, q.End)
	}
}
