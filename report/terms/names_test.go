package terms

import (
	"strings"
	"testing"
	"time"
)

func TestFoldName(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		// case, spacing and punctuation
		{"Arrow Electronics, Inc.", "Arrow Electronics Inc.", true},
		{"Arrow Electronics, Inc.", "  ARROW   ELECTRONICS INC ", true},
		{"Arrow CMS", "arrow-cms", true},
		{"Texas Instruments", "Texas  Instruments.", true},
		{"C&K Components", "C & K Components", true},
		// every legal form, trailing
		{"Analog Devices", "Analog Devices, Inc.", true},
		{"Analog Devices", "Analog Devices Incorporated", true},
		{"Analog Devices", "Analog Devices Corp.", true},
		{"Analog Devices", "Analog Devices Corporation", true},
		{"Analog Devices", "Analog Devices Co.", true},
		{"Analog Devices", "Analog Devices Company", true},
		{"Analog Devices", "Analog Devices, LLC", true},
		{"Analog Devices", "Analog Devices L.L.C.", true},
		{"Analog Devices", "Analog Devices Ltd", true},
		{"Analog Devices", "Analog Devices Limited", true},
		{"Analog Devices", "Analog Devices, L.P.", true},
		{"Analog Devices", "Analog Devices LLP", true},
		{"Analog Devices", "Analog Devices plc", true},
		{"Analog Devices", "Analog Devices GmbH", true},
		{"Analog Devices", "Analog Devices S.A.", true},
		{"Analog Devices", "Analog Devices SA", true},
		{"Murata Manufacturing", "Murata Manufacturing Co., Ltd.", true},
		// a legal form only at the end, and only as a whole word
		{"Company Store", "Store", false},
		{"Incorporated Devices", "Devices", false},
		{"Cosine", "Cosine Co", true},
		{"Sinc", "S", false},
		{"Vishay", "Vishay Inc", true},
		// different names stay different
		{"Arrow", "Arrow Electronics", false},
		{"Samtec", "Semtech", false},
		{"Atmel", "Actel", false},
		{"Dale Electronics", "Dale", false},
		// a name that is nothing but a legal form keeps it
		{"Company", "company", true},
		{"Co", "", false},
	}
	for _, tt := range tests {
		if got := FoldName(tt.a) == FoldName(tt.b); got != tt.same {
			t.Errorf("FoldName(%q) = %q, FoldName(%q) = %q: same %v, want %v", tt.a, FoldName(tt.a), tt.b, FoldName(tt.b), got, tt.same)
		}
	}
	for s, want := range map[string]string{
		"Analog Devices, Inc.":  "analog devices",
		"Foo S.A.":              "foo",
		"Foo L.L.C.":            "foo",
		"Rohm Co., Ltd.":        "rohm",
		"3M Interconnect":       "3m interconnect",
		"Inc":                   "inc",
		"  ":                    "",
		"Würth Elektronik GmbH": "würth elektronik",
	} {
		if got := strings.Join(FoldWords(s), " "); got != want {
			t.Errorf("FoldWords(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestDistributorNames: every name the agreement gives Arrow is in the embedded
// terms, and each spelling a ledger may use folds to one of them.
func TestDistributorNames(t *testing.T) {
	s := Default().Supplier
	agreement := []string{
		"Arrow CMS Distribution Group of Arrow Electronics, Inc.", // preamble
		"Arrow CMS",                    // the defined term
		"Arrow",                        // §1.2 and after
		"Arrow Electronics, Inc.",      // §7.5
		"Arrow CMS Distribution Group", // §7.5
	}
	for _, n := range agreement {
		found := false
		for _, d := range s.DistributorNames {
			found = found || d == n
		}
		if !found {
			t.Errorf("the agreement's name %q is not among DistributorNames %q", n, s.DistributorNames)
		}
	}
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"Arrow Electronics Inc.", true},
		{"ARROW ELECTRONICS, INC.", true},
		{"arrow cms distribution group of arrow electronics inc", true},
		{" Arrow CMS ", true},
		{"Arrow-CMS", true},
		{"Arrow Electronics", true},
		{"Arrow Electronics Corp", true},
		{"Arrowhead Products", false},
		{"Arrow CMS Dist", false},
		{"Avnet", false},
		{"", false},
	} {
		if got := s.IsDistributor(tt.name); got != tt.want {
			t.Errorf("IsDistributor(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestInTerm(t *testing.T) {
	s := Default().Supplier
	for _, tt := range []struct {
		day  time.Time
		want bool
	}{
		{Date(2002, 12, 26), false},
		{Date(2002, 12, 27), true}, // the date first above written
		{Date(2003, 10, 22), true},
		{Date(2005, 12, 27), true}, // the day it expires
		{Date(2005, 12, 28), false},
	} {
		if got := s.InTerm(tt.day); got != tt.want {
			t.Errorf("InTerm(%s) = %v, want %v", tt.day.Format("2006-01-02"), got, tt.want)
		}
	}
}

func TestPaymentDue(t *testing.T) {
	on := Default().Supplier
	off := on
	off.DueOnNextBusinessDay = false
	if !on.DueOnNextBusinessDay {
		t.Fatal("DueOnNextBusinessDay is off in the embedded terms; the issue asks for it on by default")
	}
	for _, tt := range []struct {
		due, on, off time.Time
	}{
		{Date(2003, 5, 15), Date(2003, 5, 15), Date(2003, 5, 15)},    // a Thursday
		{Date(2003, 5, 17), Date(2003, 5, 19), Date(2003, 5, 17)},    // a Saturday
		{Date(2003, 5, 18), Date(2003, 5, 19), Date(2003, 5, 18)},    // a Sunday
		{Date(2003, 5, 26), Date(2003, 5, 27), Date(2003, 5, 26)},    // Memorial Day
		{Date(2003, 12, 25), Date(2003, 12, 26), Date(2003, 12, 25)}, // Christmas
		{time.Time{}, time.Time{}, time.Time{}},
	} {
		if got := on.PaymentDue(tt.due); !got.Equal(tt.on) {
			t.Errorf("on: PaymentDue(%s) = %s, want %s", tt.due.Format("Mon 2006-01-02"), got.Format("Mon 2006-01-02"), tt.on.Format("Mon 2006-01-02"))
		}
		if got := off.PaymentDue(tt.due); !got.Equal(tt.off) {
			t.Errorf("off: PaymentDue(%s) = %s, want %s", tt.due.Format("Mon 2006-01-02"), got.Format("Mon 2006-01-02"), tt.off.Format("Mon 2006-01-02"))
		}
	}
}

// The short name begins the names of emailed reports: the terms' own, else
// the first word of the customer's name that a file name can hold.
func TestShortName(t *testing.T) {
	for _, tt := range []struct {
		short, customer, want string
	}{
		{"IEC", "IEC Electronics Corp.", "IEC"},
		{"", "IEC Electronics Corp.", "IEC"},
		{"  ", "IEC Electronics Corp.", "IEC"},
		{"", "A&B Manufacturing, Inc.", "A&B"},
		{"", "\"Acme\" Corp.", "Acme"},
		{"", "O'Brien Circuits", "OBrien"},
		{"Acme EMS", "Acme Electronics", "Acme EMS"},
		{"", "", ""},
	} {
		s := Default().Supplier
		s.CustomerShort, s.Customer = tt.short, tt.customer
		if got := s.ShortName(); got != tt.want {
			t.Errorf("ShortName(%q, %q) = %q, want %q", tt.short, tt.customer, got, tt.want)
		}
	}
	if Default().Supplier.ShortName() != "IEC" {
		t.Error("the terms as signed do not name the customer IEC")
	}
	bad := Default()
	bad.Supplier.CustomerShort = "IEC:NY"
	found := false
	for _, p := range bad.Validate() {
		found = found || p.Field == "Customer Short Name"
	}
	if !found {
		t.Error("a short name with a colon is not refused")
	}
	for _, p := range Default().Validate() {
		t.Errorf("the terms as signed: %v", p)
	}
}
