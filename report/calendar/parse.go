package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A month or a calendar quarter as a person types it on the command line
// (--month, --quarter): the ISO forms covenant prints (2003-10, 2003Q4) and the
// ones accountants write (10/2003, Oct 2003, October 2003, 2003/10; Q4 2003,
// 4Q03, 2003-Q4, fourth quarter of 2003). What cannot be read is a *ParseError
// that says why and, where the input shows it, the month or quarter meant.

// ParseError is a month or quarter that could not be read.
type ParseError struct {
	// What is "month" or "quarter"; Input the text as given.
	What, Input string
	// Problem says what is wrong, in words ("there is no month 13").
	Problem string
	// Year, Month and Quarter are what the input does show (zero: not shown,
	// or not readable); Suggest uses them.
	Year, Month, Quarter int
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.What, e.Input, e.Problem)
}

// Suggest is the value to type instead, in covenant's own form ("2003-10",
// "2003Q4"), with the period in words; a year the input did not show is the
// latest one whose period began on or before ref (the as-of date). It is a
// pattern with an example when the input shows too little.
func (e *ParseError) Suggest(ref time.Time) string {
	year := e.Year
	switch e.What {
	case "month":
		m := e.Month
		if m == 0 && e.Quarter != 0 {
			// a quarter given for a month: its months
			if year == 0 {
				year = latestYear(ref, 3*(e.Quarter-1)+1)
			}
			first := 3*(e.Quarter-1) + 1
			return fmt.Sprintf("%04d-%02d, %04d-%02d or %04d-%02d (one month of the quarter)", year, first, year, first+1, year, first+2)
		}
		if m < 1 || m > 12 {
			return "YYYY-MM, e.g. 2003-10 for October 2003"
		}
		if year == 0 {
			year = latestYear(ref, m)
		}
		return fmt.Sprintf("%04d-%02d (%s %d)", year, m, time.Month(m), year)
	default:
		q := e.Quarter
		if q == 0 && e.Month >= 1 && e.Month <= 12 {
			q = (e.Month-1)/3 + 1
		}
		if q < 1 || q > 4 {
			return "YYYYQn, e.g. 2003Q4 for the fourth quarter of 2003"
		}
		if year == 0 {
			year = latestYear(ref, 3*(q-1)+1)
		}
		return fmt.Sprintf("%04dQ%d (the %s quarter of %d)", year, q, ordinals[q-1], year)
	}
}

// latestYear is the year of the latest month m that began on or before ref
// (the current year when ref is zero).
func latestYear(ref time.Time, m int) int {
	if ref.IsZero() {
		ref = time.Now()
	}
	y := ref.Year()
	if int(ref.Month()) < m {
		y--
	}
	return y
}

var ordinals = []string{"first", "second", "third", "fourth"}

// ParseMonth reads a month (surrounding spaces ignored) and returns its first
// and last days: 2003-10, 2003/10, 10/2003, 10-2003, Oct 2003, Oct. 2003,
// October 2003, october-2003, 2003 October. Anything else, including a date
// (2003-10-15), a month without its year, a two-digit year (10/03 could be
// October 3) or a quarter, is a *ParseError.
func ParseMonth(s string) (start, end time.Time, err error) {
	y, m, perr := parseMonth(s)
	if perr != nil {
		return time.Time{}, time.Time{}, perr
	}
	start = date(y, time.Month(m), 1)
	return start, MonthEnd(start), nil
}

func parseMonth(s string) (year, month int, _ *ParseError) {
	fail := func(problem string, y, m, q int) (int, int, *ParseError) {
		return 0, 0, &ParseError{What: "month", Input: s, Problem: problem, Year: y, Month: m, Quarter: q}
	}
	toks := tokens(s)
	shape := shapeOf(toks)
	num := func(i int) int { n, _ := strconv.Atoi(toks[i]); return n }
	checkMonth := func(y, m int) (int, int, *ParseError) {
		if m < 1 || m > 12 {
			return fail(fmt.Sprintf("there is no month %d", m), y, 0, 0)
		}
		if y < 1 {
			return fail("is not a month", 0, m, 0)
		}
		return y, m, nil
	}
	if y, q, ok := quarterTokens(toks); ok {
		return fail("is a quarter; the monthly report is for one month", y, 0, q)
	}
	switch shape {
	case "Y4 N": // 2003-10, 2003/10
		return checkMonth(num(0), num(1))
	case "N Y4": // 10/2003
		return checkMonth(num(1), num(0))
	case "A Y4", "Y4 A": // Oct 2003, 2003 October
		name, y := toks[0], num(1)
		if shape == "Y4 A" {
			name, y = toks[1], num(0)
		}
		if m := monthName(name); m != 0 {
			return checkMonth(y, m)
		}
		return fail(fmt.Sprintf("%q is not the name of a month", name), y, 0, 0)
	case "Y4 N N": // 2003-10-15
		y, m, _ := checkMonth(num(0), num(1))
		return fail("is a date; the report is for a whole month", y, m, 0)
	case "N N Y4": // 10/15/2003
		y, m, _ := checkMonth(num(2), num(0))
		return fail("is a date; the report is for a whole month", y, m, 0)
	case "A N Y4": // October 15, 2003
		return fail("is a date; the report is for a whole month", num(2), monthName(toks[0]), 0)
	case "N N", "A N": // 10/03, Oct 03
		m := num(0)
		if shape == "A N" {
			m = monthName(toks[0])
		}
		if m < 1 || m > 12 {
			return fail("is not a month", 0, 0, 0)
		}
		return fail("the year needs all four digits", 2000+num(1)%100, m, 0)
	case "A", "N": // October, 10
		m := 0
		if shape == "A" {
			m = monthName(toks[0])
		} else {
			m = num(0)
		}
		if m < 1 || m > 12 {
			break
		}
		return fail("which year?", 0, m, 0)
	case "Y4":
		return fail("is a year; give the month too", num(0), 0, 0)
	}
	return fail("is not a month", 0, 0, 0)
}

// ParseQuarter reads a calendar quarter (surrounding spaces and case ignored):
// 2003Q4, 2003-Q4, 2003 Q4, Q4 2003, Q4-2003, 4Q03, 4Q2003, Q4 03, "fourth
// quarter of 2003", "4th quarter 2003". A two-digit year is of the 2000s. A
// month (2003-10), a quarter number outside 1 to 4, or no year is a
// *ParseError.
func ParseQuarter(s string) (q CalendarQuarter, err error) {
	toks := tokens(s)
	fail := func(problem string, y, m, qn int) (CalendarQuarter, error) {
		return CalendarQuarter{}, &ParseError{What: "quarter", Input: s, Problem: problem, Year: y, Month: m, Quarter: qn}
	}
	if y, n, ok := quarterTokens(toks); ok {
		if n < 1 || n > 4 {
			return fail(fmt.Sprintf("there is no quarter %d: a year has four", n), y, 0, 0)
		}
		if y == 0 {
			return fail("which year?", 0, 0, n)
		}
		if y < 1 {
			return fail("is not a quarter", 0, 0, 0)
		}
		return QuarterOf(y, n), nil
	}
	if y, m, perr := parseMonth(s); perr == nil {
		return fail("is a month; the certificate is for a calendar quarter", y, m, 0)
	}
	if shapeOf(toks) == "Y4" {
		n, _ := strconv.Atoi(toks[0])
		return fail("is a year; give the quarter too", n, 0, 0)
	}
	return fail("is not a quarter", 0, 0, 0)
}

// quarterTokens finds a quarter in tokens: its year (0 when not given) and
// number; ok is false when the tokens do not name a quarter.
func quarterTokens(toks []string) (year, q int, ok bool) {
	// drop the words "quarter", "of", "the", "calendar"; note whether a
	// quarter was named at all
	var rest []string
	named := false
	for i, t := range toks {
		if (t == "st" || t == "nd" || t == "rd" || t == "th") && i > 0 && allDigits(toks[i-1]) {
			continue // 4th
		}
		switch t {
		case "q", "qtr", "quarter":
			named = true
			rest = append(rest, "q")
		case "of", "the", "calendar", "cy":
		default:
			if n := ordinal(t); n != 0 {
				rest = append(rest, "#"+strconv.Itoa(n))
				continue
			}
			rest = append(rest, t)
		}
	}
	if !named {
		return 0, 0, false
	}
	yearOf := func(t string) (int, bool) {
		if !allDigits(t) {
			return 0, false
		}
		n, _ := strconv.Atoi(t)
		switch len(t) {
		case 4:
			return n, true
		case 2:
			return 2000 + n, true
		}
		return 0, false
	}
	numOf := func(t string) (int, bool) {
		if strings.HasPrefix(t, "#") {
			n, _ := strconv.Atoi(t[1:])
			return n, true
		}
		if allDigits(t) && len(t) <= 2 {
			n, _ := strconv.Atoi(t)
			return n, true
		}
		return 0, false
	}
	switch len(rest) {
	case 2: // Q4, 4Q, "fourth quarter"
		if rest[0] == "q" {
			n, ok := numOf(rest[1])
			return 0, n, ok
		}
		if rest[1] == "q" {
			n, ok := numOf(rest[0])
			return 0, n, ok
		}
	case 3:
		switch {
		case rest[1] == "q": // 2003 Q 4, 4 Q 03, fourth quarter 2003
			if y, ok := yearOf(rest[0]); ok && len(rest[0]) == 4 {
				n, ok := numOf(rest[2])
				return y, n, ok
			}
			n, ok1 := numOf(rest[0])
			y, ok2 := yearOf(rest[2])
			return y, n, ok1 && ok2
		case rest[0] == "q": // Q 4 2003
			n, ok1 := numOf(rest[1])
			y, ok2 := yearOf(rest[2])
			return y, n, ok1 && ok2
		case rest[2] == "q": // 2003 4 Q (unusual, but plain)
			y, ok1 := yearOf(rest[0])
			n, ok2 := numOf(rest[1])
			return y, n, ok1 && ok2 && len(rest[0]) == 4
		}
	}
	return 0, 0, false
}

// tokens splits s into runs of letters and runs of digits, lower case; every
// other character separates.
func tokens(s string) []string {
	var out []string
	var cur strings.Builder
	kind := 0 // 1 letters, 2 digits
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
		kind = 0
	}
	for _, r := range strings.ToLower(s) {
		k := 0
		switch {
		case r >= 'a' && r <= 'z':
			k = 1
		case r >= '0' && r <= '9':
			k = 2
		}
		if k == 0 {
			flush()
			continue
		}
		if k != kind {
			flush()
		}
		kind = k
		cur.WriteRune(r)
	}
	flush()
	return out
}

// shapeOf describes tokens: Y4 a four-digit number, N another number, A a
// word; "Y4 N" is 2003-10. Ordinal suffixes ("15th") are dropped first.
func shapeOf(toks []string) string {
	parts := make([]string, 0, len(toks))
	for i, t := range toks {
		switch {
		case allDigits(t) && len(t) == 4:
			parts = append(parts, "Y4")
		case allDigits(t) && len(t) <= 2:
			parts = append(parts, "N")
		case allDigits(t):
			parts = append(parts, "X")
		case (t == "st" || t == "nd" || t == "rd" || t == "th") && i > 0 && allDigits(toks[i-1]):
			continue
		default:
			parts = append(parts, "A")
		}
	}
	return strings.Join(parts, " ")
}

// monthName reads an English month name or its abbreviation (Sept too); 0
// when t is none.
func monthName(t string) int {
	if t == "sept" {
		return 9
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if t == name || (len(t) == 3 && strings.HasPrefix(name, t)) {
			return int(m)
		}
	}
	return 0
}

// ordinal reads "first" to "fourth" ("4th" is a number and a suffix, which
// quarterTokens drops).
func ordinal(t string) int {
	for i, o := range ordinals {
		if t == o {
			return i + 1
		}
	}
	return 0
}
