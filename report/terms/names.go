package terms

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/covenant-reports/covenant/report/calendar"
)

// LegalForms are the trailing legal forms FoldName leaves out, folded (letters
// and digits only, lower case): "S.A." is "sa", "L.L.C." is "llc".
var LegalForms = []string{"inc", "incorporated", "corp", "corporation", "co", "company",
	"llc", "ltd", "limited", "lp", "llp", "plc", "gmbh", "sa"}

var legalForm = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range LegalForms {
		m[f] = true
	}
	return m
}()

// FoldWords splits a name into its words as FoldName compares them: lower
// case, letters and digits only (spaces and punctuation separate words), and a
// trailing legal form left out ("Analog Devices, Inc." is analog, devices).
// A legal form written with dots ("S.A.", "L.L.C.") is recognised over the
// single letters it splits into; "Co., Ltd." loses both. A name that is
// nothing but a legal form keeps it.
func FoldWords(s string) []string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for {
		cut := 0
		// the last word, or the last two or three when they are single
		// letters ("s", "a"): the longest that makes a legal form
		for k := 1; k <= 3 && k < len(words); k++ {
			if k > 1 && utf8.RuneCountInString(words[len(words)-k]) != 1 {
				break
			}
			if legalForm[strings.Join(words[len(words)-k:], "")] {
				cut = k
			}
		}
		if cut == 0 {
			return words
		}
		words = words[:len(words)-cut]
	}
}

// FoldName folds a name of a supplier, a manufacturer or the distributor for
// comparison: case, spacing, punctuation and a trailing legal form (LegalForms:
// Inc, Incorporated, Corp, Corporation, Co, Company, LLC, Ltd, Limited, LP,
// LLP, plc, GmbH, S.A.) are ignored, so "Arrow Electronics Inc." and
// "Arrow Electronics, Inc." fold alike, and so do "Analog Devices, Inc." and
// "Analog Devices".
func FoldName(s string) string {
	if simple(s) {
		return strings.ToLower(s)
	}
	return strings.Join(FoldWords(s), "")
}

// simple reports whether s is one word of ASCII letters and digits that is no
// legal form: its fold is its lower case (the usual case, kept cheap).
func simple(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return !legalForm[strings.ToLower(s)]
}

// PaymentDue is the day by which an invoice due on due must be paid to be paid
// within its terms: due itself, or, with DueOnNextBusinessDay, the next
// business day when due falls on a Saturday, a Sunday or a US federal holiday
// (calendar.NextBusinessDay). §1.3 ("paid within its terms") and §1.5 (a
// payment obligation in default) apply the same day.
func (s Supplier) PaymentDue(due time.Time) time.Time {
	if s.DueOnNextBusinessDay && !due.IsZero() {
		return calendar.NextBusinessDay(due)
	}
	return due
}

// PaymentDueNote says, after a Due Date, when payment was due if it moved: ""
// when PaymentDue is the Due Date itself, else e.g. ", a Saturday, so payable
// by Monday, May 19, 2003" or ", Labor Day, so payable by Tuesday, September
// 2, 2003" (the long form of a sentence, issue 15).
func (s Supplier) PaymentDueNote(due time.Time) string {
	by := s.PaymentDue(due)
	if by.Equal(due) {
		return ""
	}
	what := "a " + due.Weekday().String()
	if name, ok := calendar.FederalHoliday(due); ok && due.Weekday() != time.Saturday && due.Weekday() != time.Sunday {
		what = name
	}
	return fmt.Sprintf(", %s, so payable by %s", what, calendar.LongWeekday(by))
}
