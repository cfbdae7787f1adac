// Package parse reads values the way an accountant types them into a spreadsheet
// cell that holds text: dates ("1/15/2003", "Jan 15, 2003"), amounts of money
// ("$1,234.56", "(1,234.56)"), quantities, yes/no flags, and column headers.
// Cells that hold real numbers or dates are read elsewhere.
//
// Every error message is one short phrase quoting the text, meant to follow a cell
// reference: `B7: "13/45/2003" is not a date (write 2003-01-15 or 1/15/2003)`.
//
// The package is pure: no I/O, no spreadsheet library.
package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// quote quotes s for an error message, shortening a long text.
func quote(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}

// Dates.

const (
	dateHint     = "write 2003-01-15 or 1/15/2003"
	dateTimeHint = "write 2003-01-15 14:30 or 1/15/2003 2:30 PM"
)

var (
	// 2003-01-15, optionally followed by T or spaces and a time.
	isoRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(.*))?$`)
	// 1/15/2003, 01/15/2003, 1/15/03.
	usRE = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:\s+(.*))?$`)
	// 15-Jan-2003, 15-Jan-03.
	dmyRE = regexp.MustCompile(`^(\d{1,2})-([A-Za-z]+)-(\d{2}|\d{4})(?:\s+(.*))?$`)
	// Jan 15, 2003; January 15 2003; Jan. 15, 2003.
	mdyRE = regexp.MustCompile(`^([A-Za-z]+)\.?\s+(\d{1,2})(?:,\s*|\s+)(\d{4})(?:,?\s+(.*))?$`)
	// 14:30, 14:30:05, 14:30:05.250, 2:30 PM, 2:30:05 p.m.; a trailing Z (UTC) is allowed.
	timeRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?[Zz]?$`)
)

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "dec": 12, "december": 12,
}

// Date parses a date: ISO 2003-01-15, US 1/15/2003, 01/15/2003 or 1/15/03 (a
// two-digit year yy is 2000+yy below 70, else 1900+yy), 15-Jan-2003, Jan 15, 2003
// or January 15 2003. Surrounding spaces are ignored. A time of day is refused
// unless it is midnight ("2003-01-15 00:00"). The result is midnight UTC.
func Date(s string) (time.Time, error) {
	t, hasTime, err := parseDateTime(s)
	if err != nil {
		if hasTime {
			return time.Time{}, err
		}
		return time.Time{}, fmt.Errorf("%s is not a date (%s)", quote(s), err.Error())
	}
	if h, m, sec := t.Clock(); h != 0 || m != 0 || sec != 0 || t.Nanosecond() != 0 {
		return time.Time{}, fmt.Errorf("%s has a time of day; write the date alone (%s)", quote(s), t.Format("2006-01-02"))
	}
	return t, nil
}

// DateTime parses a date as Date does, optionally followed by a time of day:
// 14:30, 14:30:05, 2:30 PM or 2:30:05 pm; an ISO date may be joined to its time
// by a T (2003-01-15T14:30). A date alone is midnight. The result is in UTC,
// the wall-clock time as written.
func DateTime(s string) (time.Time, error) {
	t, hasTime, err := parseDateTime(s)
	if err != nil {
		if hasTime {
			return time.Time{}, err
		}
		return time.Time{}, fmt.Errorf("%s is not a date and time (%s)", quote(s), strings.Replace(err.Error(), dateHint, dateTimeHint, 1))
	}
	return t, nil
}

// parseDateTime does the work of Date and DateTime. On failure, when timeErr is
// false, err's text is the parenthesised remark to add to "is not a date"; when
// it is true, err is the whole message about a bad time of day.
func parseDateTime(s string) (t time.Time, timeErr bool, err error) {
	txt := strings.TrimSpace(s)
	var y, mo, d int
	var rest string
	if m := isoRE.FindStringSubmatch(txt); m != nil {
		y, mo, d, rest = atoi(m[1]), atoi(m[2]), atoi(m[3]), m[4]
		if m[4] == "" && len(txt) > len(m[1])+len(m[2])+len(m[3])+2 {
			// A bare T or trailing separator with nothing after it.
			return t, false, fmt.Errorf("%s", dateHint)
		}
	} else if m := usRE.FindStringSubmatch(txt); m != nil {
		mo, d, y, rest = atoi(m[1]), atoi(m[2]), year(m[3]), m[4]
	} else if m := dmyRE.FindStringSubmatch(txt); m != nil {
		mon, ok := monthNames[strings.ToLower(m[2])]
		if !ok {
			return t, false, fmt.Errorf("no month %q; %s", m[2], dateHint)
		}
		d, mo, y, rest = atoi(m[1]), int(mon), year(m[3]), m[4]
	} else if m := mdyRE.FindStringSubmatch(txt); m != nil {
		mon, ok := monthNames[strings.ToLower(m[1])]
		if !ok {
			return t, false, fmt.Errorf("no month %q; %s", m[1], dateHint)
		}
		mo, d, y, rest = int(mon), atoi(m[2]), atoi(m[3]), m[4]
	} else {
		return t, false, fmt.Errorf("%s", dateHint)
	}
	if y < 1 || mo < 1 || mo > 12 || d < 1 {
		return t, false, fmt.Errorf("%s", dateHint)
	}
	first := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		return t, false, fmt.Errorf("%s %d has %d days", first.Month(), y, last)
	}
	var h, mi, sec, ns int
	if rest != "" {
		var ok bool
		if h, mi, sec, ns, ok = clock(rest); !ok {
			return t, true, fmt.Errorf("%s has no valid time of day after the date (write 14:30 or 2:30 PM)", quote(s))
		}
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.UTC), false, nil
}

// TimeOfDay parses a time of day written alone: 14:30, 14:30:05, 2:30 PM or
// 2:30:05 p.m. (surrounding spaces ignored), as the duration since midnight.
func TimeOfDay(s string) (time.Duration, error) {
	h, m, sec, ns, ok := clock(s)
	if !ok {
		return 0, fmt.Errorf("%s is not a time of day (write 14:30 or 2:30 PM)", quote(s))
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second + time.Duration(ns), nil
}

// clock parses a time of day.
func clock(s string) (h, m, sec, ns int, ok bool) {
	p := timeRE.FindStringSubmatch(strings.TrimSpace(s))
	if p == nil {
		return 0, 0, 0, 0, false
	}
	h, m = atoi(p[1]), atoi(p[2])
	if p[3] != "" {
		sec = atoi(p[3])
	}
	if p[4] != "" {
		ns = atoi((p[4] + "00000000")[:9])
	}
	switch strings.ToLower(p[5]) {
	case "a", "p":
		if h < 1 || h > 12 {
			return 0, 0, 0, 0, false
		}
		h %= 12
		if strings.ToLower(p[5]) == "p" {
			h += 12
		}
	}
	if h > 23 || m > 59 || sec > 59 {
		return 0, 0, 0, 0, false
	}
	return h, m, sec, ns, true
}

// atoi converts a string of at most nine ASCII digits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// year reads a two- or four-digit year: yy is 2000+yy below 70, else 1900+yy.
func year(s string) int {
	y := atoi(s)
	if len(s) == 2 {
		if y < 70 {
			return 2000 + y
		}
		return 1900 + y
	}
	return y
}

// Numbers and amounts of money.

// Money parses an amount of money: 1234.56, 1,234.56, $1,234.56, USD 1,234.56,
// 12.5 or 1234, negative as -$1,234.56, $-1,234.56, (1,234.56) or ($1,234.56).
// Surrounding spaces are ignored. Thousands separators must group three digits;
// at most one sign (a minus, a plus or parentheses) and one currency mark ($ or
// USD) are allowed. Blank text is an error: callers decide what a blank cell
// means. The result is the exact decimal written, not rounded.
func Money(s string) (decimal.Decimal, error) {
	return number(s, true)
}

// Number parses a quantity with the grammar of Money but without a currency mark:
// 1,000, -5, 2.5, (3).
func Number(s string) (decimal.Decimal, error) {
	return number(s, false)
}

func number(s string, money bool) (decimal.Decimal, error) {
	what, hint := "a number", "write 1,000, -5 or 2.5"
	if money {
		what, hint = "an amount", "write 1,234.56, $1,234.56 or (1,234.56)"
	}
	fail := func(why string) (decimal.Decimal, error) {
		if why == "" {
			why = hint
		}
		return decimal.Decimal{}, fmt.Errorf("%s is not %s (%s)", quote(s), what, why)
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return decimal.Decimal{}, fmt.Errorf("is blank, not %s", what)
	}
	neg, signs, currency, paren := false, 0, 0, false
	// Prefix marks, in any order, with optional spaces between them.
	for {
		t = strings.TrimLeftFunc(t, unicode.IsSpace)
		switch {
		case strings.HasPrefix(t, "-"), strings.HasPrefix(t, "\u2212"):
			neg, signs = true, signs+1
			_, n := utf8.DecodeRuneInString(t)
			t = t[n:]
			continue
		case strings.HasPrefix(t, "+"):
			signs++
			t = t[1:]
			continue
		case strings.HasPrefix(t, "("):
			neg, signs, paren = true, signs+1, true
			t = t[1:]
			continue
		case strings.HasPrefix(t, "$"):
			currency++
			t = t[1:]
			continue
		case len(t) >= 3 && strings.EqualFold(t[:3], "USD"):
			currency++
			t = t[3:]
			continue
		}
		break
	}
	if paren {
		u := strings.TrimRightFunc(t, unicode.IsSpace)
		if !strings.HasSuffix(u, ")") {
			return fail("unbalanced parenthesis")
		}
		t = strings.TrimRightFunc(u[:len(u)-1], unicode.IsSpace)
	}
	if signs > 1 {
		return fail("more than one sign")
	}
	if currency > 1 {
		return fail("more than one currency mark")
	}
	if currency > 0 && !money {
		return fail("a quantity takes no currency mark")
	}
	intPart, frac, hasPoint := strings.Cut(t, ".")
	if intPart == "" && frac == "" || !digitsOnly(frac) {
		return fail("")
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		for i, g := range groups {
			if !digitsOnly(g) || g == "" || len(g) > 3 || i > 0 && len(g) != 3 {
				if digitsOnly(strings.ReplaceAll(intPart, ",", "")) {
					return fail("misplaced thousands separator")
				}
				return fail("")
			}
		}
		intPart = strings.Join(groups, "")
	} else if !digitsOnly(intPart) {
		return fail("")
	}
	lit := intPart
	if lit == "" {
		lit = "0"
	}
	if hasPoint && frac != "" {
		lit += "." + frac
	}
	if neg {
		lit = "-" + lit
	}
	v, err := decimal.NewFromString(lit)
	if err != nil {
		return fail("")
	}
	return v, nil
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Bool parses a yes/no cell: Y, Yes, True, X or 1 are true; N, No, False, 0 or
// a blank cell are false. Case and surrounding spaces are ignored.
func Bool(s string) (val bool, err error) {
	switch s { // the usual spellings, without folding
	case "Y", "N", "y", "n", "Yes", "No", "yes", "no", "YES", "NO":
		return s[0]|0x20 == 'y', nil
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "y", "yes", "true", "x", "1":
		return true, nil
	case "", "n", "no", "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("%s is not yes or no (write Y, Yes, True, X or 1; N, No, False, 0 or leave blank)", quote(s))
}

// HeaderKey normalizes a column header for matching: lower case, with every
// character that is not a letter or a digit dropped, so "Confirmed Delivery Date"
// and " confirmed_delivery-date " both give "confirmeddeliverydate".
func HeaderKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Plain reads a number as a spreadsheet stores it, -?digits[.digits] with at
// most 18 digits, into the same decimal as decimal.NewFromString (trailing zeros
// kept), without its general parser: a ledger has millions of them. ok is false
// for anything else (exponents, more digits), which NewFromString handles.
func Plain(s string) (d decimal.Decimal, ok bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		neg, i = true, 1
	}
	if i == len(s) || len(s)-i > 19 {
		return decimal.Decimal{}, false
	}
	var v int64
	digits, frac, point := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
			digits++
			if point {
				frac++
			}
		case c == '.' && !point:
			point = true
		default:
			return decimal.Decimal{}, false
		}
	}
	if digits == 0 || digits > 18 || point && frac == 0 {
		return decimal.Decimal{}, false
	}
	if neg {
		v = -v
	}
	return decimal.New(v, -int32(frac)), true
}
