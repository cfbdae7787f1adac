package parse

import (
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

type dateCase struct {
	in   string
	want time.Time
	err  string // substring of the error; "" for success
}

var dateCases = []dateCase{
	{in: "2003-01-15", want: day(2003, 1, 15)},
	{in: "  2003-01-15 ", want: day(2003, 1, 15)},
	{in: "2003-1-5", want: day(2003, 1, 5)},
	{in: "1/15/2003", want: day(2003, 1, 15)},
	{in: "01/15/2003", want: day(2003, 1, 15)},
	{in: "1/15/03", want: day(2003, 1, 15)},
	{in: "12/31/69", want: day(2069, 12, 31)},
	{in: "1/1/70", want: day(1970, 1, 1)},
	{in: "12/27/02", want: day(2002, 12, 27)},
	{in: "15-Jan-2003", want: day(2003, 1, 15)},
	{in: "15-jan-03", want: day(2003, 1, 15)},
	{in: "27-DEC-2002", want: day(2002, 12, 27)},
	{in: "Jan 15, 2003", want: day(2003, 1, 15)},
	{in: "Jan. 15, 2003", want: day(2003, 1, 15)},
	{in: "January 15 2003", want: day(2003, 1, 15)},
	{in: "Sept 30, 2003", want: day(2003, 9, 30)},
	{in: "december 27,2002", want: day(2002, 12, 27)},
	{in: "2/29/2004", want: day(2004, 2, 29)},
	{in: "2003-01-15 00:00", want: day(2003, 1, 15)},
	{in: "2003-01-15T00:00:00", want: day(2003, 1, 15)},
	{in: "1/15/2003 12:00 AM", want: day(2003, 1, 15)},
	{in: "13/45/2003", err: `"13/45/2003" is not a date (write 2003-01-15 or 1/15/2003)`},
	{in: "2/30/2003", err: `"2/30/2003" is not a date (February 2003 has 28 days)`},
	{in: "2/29/2003", err: `(February 2003 has 28 days)`},
	{in: "4/31/2003", err: `(April 2003 has 30 days)`},
	{in: "2003-00-10", err: `is not a date`},
	{in: "2003-01-00", err: `is not a date`},
	{in: "0000-01-01", err: `is not a date`},
	{in: "15-Foo-2003", err: `(no month "Foo"; write`},
	{in: "Smarch 1, 2003", err: `no month "Smarch"`},
	{in: "1/15/203", err: `is not a date`},
	{in: "1/15", err: `is not a date`},
	{in: "2003-01-15T", err: `is not a date`},
	{in: "", err: `"" is not a date`},
	{in: "yesterday", err: `"yesterday" is not a date`},
	{in: "37636", err: `is not a date`},
	{in: "2003-01-15 14:30", err: `"2003-01-15 14:30" has a time of day; write the date alone (2003-01-15)`},
	{in: "2003-01-15T14:30", err: `has a time of day`},
	{in: "1/15/2003 2:30 PM", err: `has a time of day`},
	{in: "2003-01-15 25:00", err: `"2003-01-15 25:00" has no valid time of day after the date`},
	{in: "2003-01-15 soon", err: `has no valid time of day`},
}

func TestDate(t *testing.T) {
	for _, tt := range dateCases {
		got, err := Date(tt.in)
		check(t, "Date", tt.in, got, err, tt.want, tt.err)
	}
}

func check(t *testing.T, fn, in string, got time.Time, err error, want time.Time, wantErr string) {
	t.Helper()
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s(%q) = %v, %v; want error containing %q", fn, in, got, err, wantErr)
		}
		return
	}
	if err != nil || !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("%s(%q) = %v, %v; want %v", fn, in, got, err, want)
	}
}

var dateTimeCases = []dateCase{
	{in: "2003-01-15", want: day(2003, 1, 15)},
	{in: "1/15/03", want: day(2003, 1, 15)},
	{in: "2003-01-15 14:30", want: time.Date(2003, 1, 15, 14, 30, 0, 0, time.UTC)},
	{in: "2003-01-15 14:30:05", want: time.Date(2003, 1, 15, 14, 30, 5, 0, time.UTC)},
	{in: "2003-01-15T14:30", want: time.Date(2003, 1, 15, 14, 30, 0, 0, time.UTC)},
	{in: "2003-01-15T14:30:05Z", want: time.Date(2003, 1, 15, 14, 30, 5, 0, time.UTC)},
	{in: "2003-01-15 14:30:05.25", want: time.Date(2003, 1, 15, 14, 30, 5, 250000000, time.UTC)},
	{in: "1/15/2003 2:30 PM", want: time.Date(2003, 1, 15, 14, 30, 0, 0, time.UTC)},
	{in: "1/15/2003 2:30:05 pm", want: time.Date(2003, 1, 15, 14, 30, 5, 0, time.UTC)},
	{in: "1/15/2003 2:30PM", want: time.Date(2003, 1, 15, 14, 30, 0, 0, time.UTC)},
	{in: "1/15/2003 2:30 p.m.", want: time.Date(2003, 1, 15, 14, 30, 0, 0, time.UTC)},
	{in: "1/15/2003 12:05 AM", want: time.Date(2003, 1, 15, 0, 5, 0, 0, time.UTC)},
	{in: "1/15/2003 12:05 PM", want: time.Date(2003, 1, 15, 12, 5, 0, 0, time.UTC)},
	{in: "1/15/2003 0:00", want: day(2003, 1, 15)},
	{in: "15-Jan-2003 09:15", want: time.Date(2003, 1, 15, 9, 15, 0, 0, time.UTC)},
	{in: "Jan 15, 2003 9:15 AM", want: time.Date(2003, 1, 15, 9, 15, 0, 0, time.UTC)},
	{in: "Jan 15, 2003, 9:15 AM", want: time.Date(2003, 1, 15, 9, 15, 0, 0, time.UTC)},
	{in: " 2003-01-15 23:59:59 ", want: time.Date(2003, 1, 15, 23, 59, 59, 0, time.UTC)},
	{in: "1/15/2003 13:00 PM", err: `has no valid time of day`},
	{in: "1/15/2003 0:30 AM", err: `has no valid time of day`},
	{in: "2003-01-15 24:00", err: `has no valid time of day`},
	{in: "2003-01-15 14:60", err: `has no valid time of day`},
	{in: "2003-01-15 14:30:60", err: `has no valid time of day`},
	{in: "2003-01-15 14", err: `has no valid time of day`},
	{in: "2003-01-15 14:30+05:00", err: `has no valid time of day`},
	{in: "13/45/2003 14:30", err: `"13/45/2003 14:30" is not a date and time (write 2003-01-15 14:30 or 1/15/2003 2:30 PM)`},
	{in: "2/30/2003 1:00 PM", err: `is not a date and time (February 2003 has 28 days)`},
	{in: "14:30", err: `is not a date and time`},
}

func TestDateTime(t *testing.T) {
	for _, tt := range dateTimeCases {
		got, err := DateTime(tt.in)
		check(t, "DateTime", tt.in, got, err, tt.want, tt.err)
	}
}

type numCase struct {
	in   string
	want string // decimal text; "" when an error is expected
	err  string
}

var moneyCases = []numCase{
	{in: "1234.56", want: "1234.56"},
	{in: "1,234.56", want: "1234.56"},
	{in: "$1,234.56", want: "1234.56"},
	{in: "-$1,234.56", want: "-1234.56"},
	{in: "$-1,234.56", want: "-1234.56"},
	{in: "(1,234.56)", want: "-1234.56"},
	{in: "($1,234.56)", want: "-1234.56"},
	{in: "$(1,234.56)", want: "-1234.56"},
	{in: "( 1,234.56 )", want: "-1234.56"},
	{in: "1234", want: "1234"},
	{in: " 12.5 ", want: "12.5"},
	{in: "USD 1,234.56", want: "1234.56"},
	{in: "usd1234.56", want: "1234.56"},
	{in: "-USD 5", want: "-5"},
	{in: "$ 1,500,000", want: "1500000"},
	{in: "+15,000.00", want: "15000"},
	{in: "\u22125", want: "-5"},
	{in: "0.125", want: "0.125"},
	{in: ".5", want: "0.5"},
	{in: "5.", want: "5"},
	{in: "-0", want: "0"},
	{in: "1,234,567.891234", want: "1234567.891234"},
	{in: "123456789012345678901234567890.01", want: "123456789012345678901234567890.01"},
	{in: "1,23,4", err: `"1,23,4" is not an amount (misplaced thousands separator)`},
	{in: "1234,567", err: `misplaced thousands separator`},
	{in: ",123", err: `misplaced thousands separator`},
	{in: "1,234,", err: `misplaced thousands separator`},
	{in: "1.234,56", err: `is not an amount`},
	{in: "", err: `is blank, not an amount`},
	{in: "   ", err: `is blank, not an amount`},
	{in: "--5", err: `"--5" is not an amount (more than one sign)`},
	{in: "-(5)", err: `more than one sign`},
	{in: "+-5", err: `more than one sign`},
	{in: "$$5", err: `more than one currency mark`},
	{in: "$USD 5", err: `more than one currency mark`},
	{in: "(5", err: `unbalanced parenthesis`},
	{in: "5)", err: `is not an amount`},
	{in: "5-", err: `is not an amount`},
	{in: "1.2.3", err: `is not an amount`},
	{in: "1 234", err: `is not an amount`},
	{in: "1e5", err: `is not an amount`},
	{in: "-", err: `is not an amount`},
	{in: ".", err: `is not an amount`},
	{in: "$", err: `is not an amount`},
	{in: "abc", err: `"abc" is not an amount (write 1,234.56, $1,234.56 or (1,234.56))`},
	{in: "12%", err: `is not an amount`},
	{in: "5 USD", err: `is not an amount`},
}

func TestMoney(t *testing.T) {
	for _, tt := range moneyCases {
		got, err := Money(tt.in)
		checkNum(t, "Money", tt, got, err)
	}
}

func checkNum(t *testing.T, fn string, tt numCase, got decimal.Decimal, err error) {
	t.Helper()
	if tt.err != "" {
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s(%q) = %v, %v; want error containing %q", fn, tt.in, got, err, tt.err)
		}
		return
	}
	if err != nil || !got.Equal(decimal.RequireFromString(tt.want)) {
		t.Errorf("%s(%q) = %v, %v; want %s", fn, tt.in, got, err, tt.want)
	}
}

func TestMoneyExact(t *testing.T) {
	// The exponent is kept: 1,234.50 is 123450 hundredths, not rounded or trimmed.
	v, err := Money("1,234.50")
	if err != nil || v.Exponent() != -2 || v.StringFixed(2) != "1234.50" {
		t.Errorf("Money(1,234.50) = %v (exp %d), %v", v, v.Exponent(), err)
	}
}

var numberCases = []numCase{
	{in: "1,000", want: "1000"},
	{in: "-5", want: "-5"},
	{in: "2.5", want: "2.5"},
	{in: "(3)", want: "-3"},
	{in: " 0 ", want: "0"},
	{in: "1,23,4", err: `"1,23,4" is not a number (misplaced thousands separator)`},
	{in: "$5", err: `"$5" is not a number (a quantity takes no currency mark)`},
	{in: "USD 5", err: `a quantity takes no currency mark`},
	{in: "", err: `is blank, not a number`},
	{in: "five", err: `"five" is not a number (write 1,000, -5 or 2.5)`},
	{in: "--5", err: `more than one sign`},
}

func TestNumber(t *testing.T) {
	for _, tt := range numberCases {
		got, err := Number(tt.in)
		checkNum(t, "Number", tt, got, err)
	}
}

func TestBool(t *testing.T) {
	tests := []struct {
		in   string
		want bool
		err  bool
	}{
		{"Y", true, false}, {"y", true, false}, {"Yes", true, false}, {" YES ", true, false},
		{"True", true, false}, {"TRUE", true, false}, {"x", true, false}, {"X", true, false}, {"1", true, false},
		{"N", false, false}, {"n", false, false}, {"No", false, false}, {"false", false, false}, {"0", false, false},
		{"", false, false}, {"   ", false, false},
		{"maybe", false, true}, {"2", false, true}, {"yes.", false, true}, {"T", false, true}, {"✓", false, true},
	}
	for _, tt := range tests {
		got, err := Bool(tt.in)
		if tt.err {
			if err == nil || !strings.Contains(err.Error(), "is not yes or no (write Y, Yes, True, X or 1; N, No, False, 0 or leave blank)") {
				t.Errorf("Bool(%q) = %v, %v; want an error", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Bool(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestHeaderKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Confirmed Delivery Date", "confirmeddeliverydate"},
		{" confirmed_delivery-date ", "confirmeddeliverydate"},
		{"CONFIRMED DELIVERY DATE", "confirmeddeliverydate"},
		{"Net Sales ($)", "netsales"},
		{"Q1 2003", "q12003"},
		{"PO #", "po"},
		{"Café", "café"},
		{"", ""},
		{" -_- ", ""},
	}
	for _, tt := range tests {
		if got := HeaderKey(tt.in); got != tt.want {
			t.Errorf("HeaderKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestErrorQuoteShortened(t *testing.T) {
	_, err := Money(strings.Repeat("a", 100))
	if err == nil || !strings.Contains(err.Error(), `"`+strings.Repeat("a", 40)+`…"`) {
		t.Errorf("long text not shortened: %v", err)
	}
}

// Fuzz tests.

var plainDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// withCommas writes a plain decimal with thousands separators.
func withCommas(plain string) string {
	neg := strings.HasPrefix(plain, "-")
	plain = strings.TrimPrefix(plain, "-")
	ip, fp, hasPoint := strings.Cut(plain, ".")
	var b strings.Builder
	for i, r := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	s := b.String()
	if hasPoint {
		s += "." + fp
	}
	if neg {
		s = "(" + s + ")"
	}
	return s
}

func FuzzMoney(f *testing.F) {
	for _, c := range moneyCases {
		f.Add(c.in)
	}
	for _, c := range numberCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Money(s)
		n, nerr := Number(s)
		if nerr == nil && (err != nil || !n.Equal(v)) {
			t.Fatalf("Number(%q) = %v but Money = %v, %v", s, n, v, err)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Money(%q): empty error", s)
			}
			return
		}
		// A plain canonical form parses to exactly its value.
		if plainDecimal.MatchString(strings.TrimSpace(s)) && !v.Equal(decimal.RequireFromString(strings.TrimSpace(s))) {
			t.Fatalf("Money(%q) = %v, want the value written", s, v)
		}
		// Formatting the value back and re-parsing gives the same value.
		places := int32(0)
		if v.Exponent() < 0 {
			places = -v.Exponent()
		}
		for _, txt := range []string{v.String(), v.StringFixed(places), withCommas(v.StringFixed(places)), "$" + withCommas(v.StringFixed(places))} {
			w, err := Money(txt)
			if err != nil || !w.Equal(v) {
				t.Fatalf("Money(%q) = %v; re-parsing %q gives %v, %v", s, v, txt, w, err)
			}
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, c := range dateCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Date(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Date(%q): empty error", s)
			}
			return
		}
		if v.Location() != time.UTC || !v.Equal(time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("Date(%q) = %v, not midnight UTC", s, v)
		}
		if dt, err := DateTime(s); err != nil || !dt.Equal(v) {
			t.Fatalf("Date(%q) = %v but DateTime = %v, %v", s, v, dt, err)
		}
		for _, layout := range []string{"2006-01-02", "1/2/2006", "02-Jan-2006", "Jan 2, 2006", "January 2 2006"} {
			txt := v.Format(layout)
			if w, err := Date(txt); err != nil || !w.Equal(v) {
				t.Fatalf("Date(%q) = %v; re-parsing %q gives %v, %v", s, v, txt, w, err)
			}
		}
	})
}

func FuzzDateTime(f *testing.F) {
	for _, c := range dateTimeCases {
		f.Add(c.in)
	}
	for _, c := range dateCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := DateTime(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("DateTime(%q): empty error", s)
			}
			return
		}
		if v.Location() != time.UTC {
			t.Fatalf("DateTime(%q) = %v, not UTC", s, v)
		}
		for _, layout := range []string{"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "1/2/2006 3:04:05.999999999 PM"} {
			txt := v.Format(layout)
			if w, err := DateTime(txt); err != nil || !w.Equal(v) {
				t.Fatalf("DateTime(%q) = %v; re-parsing %q gives %v, %v", s, v, txt, w, err)
			}
		}
	})
}

// Plain must give exactly what decimal.NewFromString gives (value and exponent),
// or decline.
func TestPlainMatchesNewFromString(t *testing.T) {
	cases := []string{"0", "-0", "7", "007", "1.50", "-2.675", "123456789012345678", "-0.000000000000000001",
		"1234567890123456789", "1.", ".5", "-", "", "1e3", "1.2.3", "+1", " 1", "9.99", "-1234.5000", "12a"}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		s := strconv.FormatInt(r.Int63n(1<<uint(r.Intn(62)+1)), 10)
		if k := r.Intn(len(s) + 1); k > 0 && k < len(s) {
			s = s[:k] + "." + s[k:]
		}
		if r.Intn(2) == 0 {
			s = "-" + s
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		got, ok := Plain(s)
		want, err := decimal.NewFromString(s)
		if !ok {
			if err == nil && !strings.ContainsAny(s, "e.+ ") && len(strings.TrimPrefix(s, "-")) <= 18 {
				t.Errorf("Plain(%q) declined a plain number", s)
			}
			continue
		}
		if err != nil || !got.Equal(want) || got.Exponent() != want.Exponent() || got.String() != want.String() {
			t.Errorf("Plain(%q) = %s (exp %d), NewFromString = %s (exp %d, %v)", s, got, got.Exponent(), want, want.Exponent(), err)
		}
	}
}

func TestTimeOfDay(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{in: "14:30", want: 14*time.Hour + 30*time.Minute},
		{in: " 9:05 ", want: 9*time.Hour + 5*time.Minute},
		{in: "00:00", want: 0},
		{in: "2:30 PM", want: 14*time.Hour + 30*time.Minute},
		{in: "12:00 a.m.", want: 0},
		{in: "12:15 pm", want: 12*time.Hour + 15*time.Minute},
		{in: "23:59:59", want: 23*time.Hour + 59*time.Minute + 59*time.Second},
		{in: "24:00", err: `"24:00" is not a time of day (write 14:30 or 2:30 PM)`},
		{in: "13:30 PM", err: "is not a time of day"},
		{in: "noon", err: "is not a time of day"},
		{in: "2003-01-15 14:30", err: "is not a time of day"},
		{in: "", err: "is not a time of day"},
	} {
		got, err := TimeOfDay(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("TimeOfDay(%q) = %v, %v; want error %q", tt.in, got, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("TimeOfDay(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}
