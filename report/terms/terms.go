// Package terms holds every number, date and name that covenant takes from the two
// agreements: the Supplier Agreement with Arrow CMS (Dec 27 2002) and Amendment No. 10
// to the Loan and Security Agreement (Oct 1 2002). Nothing else in covenant hard-codes a
// contract figure: the reports read them from a Terms value, which is either Default()
// or a terms workbook the accountant edited (see package termsbook).
//
// The package is pure: no I/O, no spreadsheet library.
package terms

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/shopspring/decimal"
)

// Terms is the whole set of contract terms covenant applies.
type Terms struct {
	Supplier Supplier
	Loan     Loan
	// Columns are the names the columns of the accountant's workbooks go by
	// besides their own: the Columns sheet of a terms workbook, read as the
	// whole list (a name left out is not accepted). Nil means covenant's
	// built-in names (package ledger lists them); a column's own name is
	// always accepted.
	Columns []ColumnName
	// WarningDays is covenant's own setting, not a term of either agreement:
	// an obligation of either is "due" from this many days before its due
	// date (covenant status, covenant calendar); before that it is upcoming.
	WarningDays int
}

// ColumnName is one other name of a column of the ledger or loan workbook: the
// header Name is read as the column Column of sheet Sheet (e.g. "Vendor" as
// the Supplier column of sheet Purchases).
type ColumnName struct {
	Sheet, Column, Name string
}

// DefaultWarningDays is the warning period of Default: a week, so that a
// monthly report due on the first Friday shows as due from the Friday before.
const DefaultWarningDays = 7

// Supplier holds the terms of the Supplier Agreement.
type Supplier struct {
	// Customer is the buyer, "IEC Electronics Corp." (preamble).
	Customer string
	// CustomerAddress is the customer's principal place of business (preamble).
	CustomerAddress string
	// CustomerShort is the customer's short name ("IEC"), which begins the
	// name of a report attached to an email (IEC-monthly-2003-10.xlsx); empty
	// means the first word of Customer (see ShortName).
	CustomerShort string
	// Distributor is the distributor's full name (preamble).
	Distributor string
	// DistributorShort is the defined term used in the agreement ("Arrow CMS").
	DistributorShort string
	// DistributorNames are the names under which the distributor appears in the
	// Supplier column of a ledger; compared as FoldName folds them (case,
	// spacing, punctuation and a trailing legal form ignored).
	DistributorNames []string
	// NoticeAddress is the §7.5 address for notices, one line per element; the
	// certificate is addressed there.
	NoticeAddress []string
	// NoticeCopies are the §7.5 copies of every notice ("With a copy to",
	// "And a copy to"), each one line per element; the certificate lists them
	// under the addressee.
	NoticeCopies [][]string
	// AgreementDate is the date "first above written" (preamble, §2).
	AgreementDate time.Time
	// TermEnd is the expiry of the agreement before any extension (§2).
	TermEnd time.Time
	// SignerName and SignerTitle sign the quarterly certificate (§1.2: the
	// Customer's President). An empty name leaves a line to write it by hand.
	SignerName  string
	SignerTitle string
	// BreakdownResponseHours is the time Arrow has to respond to a §1.2 breakdown.
	BreakdownResponseHours int
	// AnnualEstimate is the §1.3 estimate of Customer's Requirements ($6.8 million).
	AnnualEstimate decimal.Decimal
	// Quarters are the §1.3 Minimum Sales periods in order. A nil Minimum means the
	// minimum is not yet defined (2004 and 2005 are to be redefined, §1.3).
	Quarters []Quarter
	// CarryForwardQuarters is how many following quarters an excess may be carried
	// forward to (§1.3: up to three).
	CarryForwardQuarters int
	// Arrow's remedies for a missed quarter (§4.2(ii) adding the shortfall to the
	// next period, §4.2(iii) extending the term) are Arrow's to elect: they are
	// not terms but facts recorded in the ledger's Arrow Notices sheet.
	// MonthlyReportWeekday is the weekday by which the §1.2 monthly report is due:
	// the first such day following the end of the month.
	MonthlyReportWeekday time.Weekday
	// DueOnNextBusinessDay moves an invoice's Due Date that falls on a
	// Saturday, a Sunday or a US federal holiday to the next business day, for
	// "paid within its terms" (§1.3) and for a payment default (§1.5) alike:
	// the usual practice the agreement keeps (§1.4).
	DueOnNextBusinessDay bool
	// CrossDefaultLoan is the size above which a default of "any loan
	// document evidencing a loan in excess of $500,000" is an event of
	// default of the Supplier Agreement (§4.1).
	CrossDefaultLoan decimal.Decimal
}

// Quarter is one §1.3 Minimum Sales period, ending on End (inclusive). Its start
// is the day after the previous quarter's end; the first starts the day after the
// agreement date.
type Quarter struct {
	End time.Time
	// Minimum is the Minimum Level of Net Sales Billed; nil when not yet defined.
	Minimum *decimal.Decimal
	// Note says where the figure or the end date comes from.
	Note string
}

// Loan holds the terms of Amendment No. 10 to the Loan and Security Agreement.
type Loan struct {
	Borrower string
	Agent    string
	Lenders  []string
	// AmendmentDate is the date the amendment is "dated as of" (October 1, 2002).
	AmendmentDate time.Time
	// InitialTermEnd is the end of the Initial Term (Amendment B.3).
	InitialTermEnd time.Time
	// ExtensionFee is the total Extension Fee (Amendment A.3: $150,000).
	ExtensionFee decimal.Decimal
	// Installments are the Base Fee and Additional Fee installments (Amendment A.3).
	Installments []Installment
	// AdditionalFeeWaiverDeadline is the last day on which delivering a Purchase
	// Offer or Financing Commitment waives Additional Fee installments (A.3: "by
	// either October 31, 2002 or November 27, 2002").
	AdditionalFeeWaiverDeadline time.Time
	// PurchaseOfferDue is the day by which Section 10.19 as amended (Amendment
	// B.4) asks the Debtor to deliver a Purchase Offer to the Agent and the
	// Lenders, "unless the Indebtedness is sooner repaid" (October 31, 2002).
	PurchaseOfferDue time.Time
	// TexasPropertyDue is the day by which Section 10.21 as amended (Amendment
	// B.5) asks for a copy of a purchase offer or an auction agreement for the
	// Edinburg, Texas property (October 25, 2002); TexasAuctionBy the day by
	// which such an auction agreement is to have the auction conducted
	// (December 31, 2002).
	TexasPropertyDue, TexasAuctionBy time.Time
	// MaximumLimit is the Maximum Limit of Borrowing Capacity (Amendment B.1 (A)).
	MaximumLimit decimal.Decimal
	// AdvanceRate is the share of the IEC Receivables Borrowing Base that makes the
	// IEC Borrowing Capacity (Amendment B.1: up to 85%), as a fraction (0.85).
	AdvanceRate decimal.Decimal
	// OveradvanceCaps limit the aggregate Overadvances by date (Amendment B.1).
	OveradvanceCaps []DatedAmount
	// PricingGrid gives the margin over the Prime Rate by facility and period
	// (Amendment B.2).
	PricingGrid []Pricing
	// DayCountBasis is the number of days in the interest year: 360 or 365.
	DayCountBasis int
	// Accounts are the general-ledger account names used in journal entries.
	Accounts Accounts
}

// Fee components of the Extension Fee (Amendment A.3).
const (
	BaseFee       = "base"
	AdditionalFee = "additional"
)

// Installment is one scheduled payment of the Extension Fee.
type Installment struct {
	ID  string // e.g. "base-1"
	Fee string // BaseFee or AdditionalFee
	// Due is the due date; the zero time means "on the date of execution".
	Due    time.Time
	Amount decimal.Decimal
}

// DueOnExecution reports whether the installment is due on the execution date.
func (i Installment) DueOnExecution() bool { return i.Due.IsZero() }

// DatedAmount is an amount in force From through To, both inclusive; a zero To
// means open-ended.
type DatedAmount struct {
	From, To time.Time
	Amount   decimal.Decimal
}

// Covers reports whether day d falls within the period.
func (p DatedAmount) Covers(d time.Time) bool {
	return !d.Before(p.From) && (p.To.IsZero() || !d.After(p.To))
}

// Facilities of the pricing grid (Amendment B.2).
const (
	Advances = "advances"
	TermLoan = "term_loan"
)

// Pricing is one row of the Amendment B.2 pricing grid: the Prime Rate plus
// MarginPercent (3.5 means 3.5 percentage points), From through To inclusive.
type Pricing struct {
	Facility      string
	From, To      time.Time
	MarginPercent decimal.Decimal
}

// Accounts are the ledger account names for journal entries.
type Accounts struct {
	DeferredFinancingCost string
	ExtensionFeePayable   string
	AmortizationExpense   string
	LossOnExtinguishment  string
	Cash                  string
	InterestExpense       string
	InterestPayable       string
}

// Date returns midnight UTC of the given day: covenant's representation of a date.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func moneyPtr(s string) *decimal.Decimal { d := money(s); return &d }

// Default returns the terms as written in the two agreements.
func Default() Terms {
	return Terms{
		WarningDays: DefaultWarningDays,
		Supplier: Supplier{
			Customer:         "IEC Electronics Corp.",
			CustomerAddress:  "Newark, NY",
			CustomerShort:    "IEC",
			Distributor:      "Arrow CMS Distribution Group of Arrow Electronics, Inc.",
			DistributorShort: "Arrow CMS",
			// every name the agreement gives the distributor: the preamble's
			// full name and its defined term, "Arrow" (§1.2 and after), and the
			// §7.5 notice address's "Arrow Electronics, Inc." and "Arrow CMS
			// Distribution Group"; "Arrow Electronics" is how ledgers write it
			DistributorNames: []string{"Arrow", "Arrow CMS", "Arrow Electronics", "Arrow Electronics, Inc.", "Arrow CMS Distribution Group",
				"Arrow CMS Distribution Group of Arrow Electronics, Inc."},
			NoticeAddress: []string{
				"Arrow Electronics, Inc.",
				"Arrow CMS Distribution Group",
				"35 Upton Drive",
				"Wilmington, MA 01887",
				"Attention: Kevin D. Wholey",
			},
			NoticeCopies: [][]string{
				{
					"Joseph Sabia",
					"Arrow Electronics, Inc.",
					"25 Hub Drive",
					"Melville, NY 11747",
					// the filed copy reads "David 1. Corcoran", a scanning error
					"Attention: David J. Corcoran, Vice President, Credit",
				},
				{
					"Arrow Electronics, Inc.",
					"25 Hub Drive",
					"Melville, NY 11747",
					"Attention: Glenn Moore, Manager, Contracts & Proposals",
				},
			},
			AgreementDate:          Date(2002, 12, 27),
			TermEnd:                Date(2005, 12, 27),
			SignerName:             "",
			SignerTitle:            "President",
			BreakdownResponseHours: 24,
			AnnualEstimate:         money("6800000"),
			Quarters: []Quarter{
				{End: Date(2003, 3, 28), Minimum: moneyPtr("1500000"), Note: "§1.3: 1st Quarter ending 3/28/03"},
				{End: Date(2003, 6, 27), Minimum: moneyPtr("1500000"), Note: "§1.3: 2nd Quarter ending 6/27/03"},
				{End: Date(2003, 9, 26), Minimum: moneyPtr("1800000"), Note: "§1.3: 3rd Quarter ending 9/26/03"},
				{End: Date(2003, 12, 26), Minimum: moneyPtr("2000000"), Note: "§1.3: 4th Quarter ending 12/26/03"},
				{End: Date(2004, 3, 26), Note: projected},
				{End: Date(2004, 6, 25), Note: projected},
				{End: Date(2004, 9, 24), Note: projected},
				{End: Date(2004, 12, 24), Note: projected},
				{End: Date(2005, 3, 25), Note: projected},
				{End: Date(2005, 6, 24), Note: projected},
				{End: Date(2005, 9, 23), Note: projected},
				{End: Date(2005, 12, 27), Note: "§2: the term expires December 27, 2005; minimum to be redefined (§1.3)"},
			},
			CarryForwardQuarters: 3,
			MonthlyReportWeekday: time.Friday,
			DueOnNextBusinessDay: true,
			CrossDefaultLoan:     money("500000"),
		},
		Loan: Loan{
			Borrower:       "IEC Electronics Corp.",
			Agent:          "HSBC Bank USA, as Agent",
			Lenders:        []string{"HSBC Bank USA", "General Electric Capital Corporation"},
			AmendmentDate:  Date(2002, 10, 1),
			InitialTermEnd: Date(2002, 12, 31),
			ExtensionFee:   money("150000"),
			Installments: []Installment{
				{ID: "base-1", Fee: BaseFee, Amount: money("15000")},
				{ID: "base-2", Fee: BaseFee, Due: Date(2002, 11, 15), Amount: money("15000")},
				{ID: "base-3", Fee: BaseFee, Due: Date(2002, 12, 16), Amount: money("30000")},
				{ID: "base-4", Fee: BaseFee, Due: Date(2002, 12, 31), Amount: money("40000")},
				{ID: "additional-1", Fee: AdditionalFee, Due: Date(2002, 10, 31), Amount: money("25000")},
				{ID: "additional-2", Fee: AdditionalFee, Due: Date(2002, 11, 27), Amount: money("25000")},
			},
			AdditionalFeeWaiverDeadline: Date(2002, 11, 27),
			PurchaseOfferDue:            Date(2002, 10, 31),
			TexasPropertyDue:            Date(2002, 10, 25),
			TexasAuctionBy:              Date(2002, 12, 31),
			MaximumLimit:                money("1750000"),
			AdvanceRate:                 money("0.85"),
			OveradvanceCaps: []DatedAmount{
				{From: Date(2002, 10, 1), To: Date(2002, 10, 13), Amount: money("300000")},
				{From: Date(2002, 10, 14), To: Date(2002, 10, 20), Amount: money("400000")},
				{From: Date(2002, 10, 21), To: Date(2002, 10, 27), Amount: money("300000")},
				{From: Date(2002, 10, 28), Amount: money("0")},
			},
			PricingGrid: []Pricing{
				{Facility: Advances, From: Date(2002, 10, 1), To: Date(2002, 12, 31), MarginPercent: money("3.5")},
				{Facility: TermLoan, From: Date(2002, 10, 1), To: Date(2002, 12, 31), MarginPercent: money("4.0")},
			},
			DayCountBasis: 360,
			Accounts: Accounts{
				DeferredFinancingCost: "Deferred Financing Costs",
				ExtensionFeePayable:   "Extension Fee Payable",
				AmortizationExpense:   "Amortization of Deferred Financing Costs",
				LossOnExtinguishment:  "Loss on Extinguishment of Debt",
				Cash:                  "Cash",
				InterestExpense:       "Interest Expense",
				InterestPayable:       "Accrued Interest Payable",
			},
		},
	}
}

const projected = "quarter end projected at 13 weeks; minimum to be redefined (§1.3)"

// NormName folds a name for comparison; it is FoldName.
func NormName(s string) string { return FoldName(s) }

// IsDistributor reports whether supplier names the distributor: one of
// DistributorNames, as FoldName folds them ("Arrow Electronics Inc." is
// "Arrow Electronics, Inc.").
func (s Supplier) IsDistributor(supplier string) bool {
	n := FoldName(supplier)
	for _, d := range s.DistributorNames {
		if FoldName(d) == n {
			return true
		}
	}
	return false
}

// InTerm reports whether day d falls within the Supplier Agreement's term (§2):
// from the date first above written through TermEnd, both included.
func (s Supplier) InTerm(d time.Time) bool {
	return !d.Before(s.AgreementDate) && !d.After(s.TermEnd)
}

// ShortName is the customer's short name: CustomerShort, else the first word
// of Customer in the characters a file name can hold ("IEC Electronics
// Corp." gives "IEC").
func (s Supplier) ShortName() string {
	if short := strings.TrimSpace(s.CustomerShort); short != "" {
		return short
	}
	for _, word := range strings.Fields(s.Customer) {
		if w := strings.TrimFunc(strings.Map(func(r rune) rune {
			if shortNameRune(r) && r != ' ' {
				return r
			}
			return -1
		}, word), func(r rune) bool { return r == '.' || r == '-' || r == '_' }); w != "" {
			return w
		}
	}
	return ""
}

// shortNameRune is a character a short name may hold: it goes into file
// names on every system.
func shortNameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" &._-", r)
}

// Problem is one thing wrong with a set of terms; Field names it as the terms
// workbook does ("Supplier Quarters row 3", "Loan MaximumLimit").
type Problem struct {
	Field string
	Msg   string
}

func (p Problem) Error() string { return p.Field + ": " + p.Msg }

// Validate lists every inconsistency in t (none: nil).
func (t Terms) Validate() []Problem {
	var ps []Problem
	add := func(field, format string, a ...any) { ps = append(ps, Problem{field, fmt.Sprintf(format, a...)}) }
	s := t.Supplier
	if strings.TrimSpace(s.Customer) == "" {
		add("Customer", "is empty")
	}
	if bad := strings.TrimFunc(s.CustomerShort, shortNameRune); bad != "" {
		add("Customer Short Name", "%q can begin a file name only with letters, digits, spaces and the marks & . _ -", s.CustomerShort)
	}
	if len(s.DistributorNames) == 0 {
		add("Distributor Names", "list at least one name the distributor appears under (§1.2)")
	}
	if s.AgreementDate.IsZero() {
		add("Agreement Date", "is missing (§2)")
	}
	if !s.TermEnd.After(s.AgreementDate) {
		add("Term End", "must be after the agreement date (§2)")
	}
	if s.BreakdownResponseHours <= 0 {
		add("Breakdown Response Hours", "must be positive (§1.2: 24 hours)")
	}
	if s.CarryForwardQuarters < 0 {
		add("Carry Forward Quarters", "must not be negative (§1.3: up to three)")
	}
	prev := s.AgreementDate
	for i, q := range s.Quarters {
		if !q.End.After(prev) {
			add(fmt.Sprintf("Minimum Sales quarter %d", i+1), "ends %s, not after the previous end %s", calendar.Long(q.End), calendar.Long(prev))
		}
		if q.Minimum != nil && q.Minimum.IsNegative() {
			add(fmt.Sprintf("Minimum Sales quarter %d", i+1), "minimum is negative")
		}
		prev = q.End
	}
	if t.WarningDays < 0 {
		add("Warning Days", "must not be negative (0: an obligation is due only on its due date)")
	}
	l := t.Loan
	sum := decimal.Zero
	ids := map[string]bool{}
	for _, in := range l.Installments {
		sum = sum.Add(in.Amount)
		if ids[in.ID] {
			add("Fee Installments", "installment %q is listed twice", in.ID)
		}
		ids[in.ID] = true
		if in.Fee != BaseFee && in.Fee != AdditionalFee {
			add("Fee Installments", "installment %q: fee must be %q or %q", in.ID, BaseFee, AdditionalFee)
		}
	}
	if len(l.Installments) > 0 && !sum.Equal(l.ExtensionFee) {
		add("Extension Fee", "installments add up to %s, not the Extension Fee %s (Amendment A.3)", sum.StringFixed(2), l.ExtensionFee.StringFixed(2))
	}
	if l.DayCountBasis != 360 && l.DayCountBasis != 365 {
		add("Day Count Basis", "must be 360 or 365, not %d", l.DayCountBasis)
	}
	if l.AdvanceRate.IsNegative() || l.AdvanceRate.GreaterThan(decimal.NewFromInt(1)) {
		add("Advance Rate", "must be a fraction between 0 and 1 (Amendment B.1: 85%% is 0.85)")
	}
	caps := append([]DatedAmount(nil), l.OveradvanceCaps...)
	sort.Slice(caps, func(i, j int) bool { return caps[i].From.Before(caps[j].From) })
	for i := 1; i < len(caps); i++ {
		if caps[i-1].To.IsZero() || !caps[i].From.After(caps[i-1].To) {
			add("Overadvance Caps", "periods starting %s and %s overlap", calendar.Long(caps[i-1].From), calendar.Long(caps[i].From))
		}
	}
	for _, p := range l.PricingGrid {
		if p.Facility != Advances && p.Facility != TermLoan {
			add("Pricing Grid", "facility must be %q or %q, not %q", Advances, TermLoan, p.Facility)
		}
		if p.To.Before(p.From) {
			add("Pricing Grid", "period %s to %s ends before it starts", calendar.Long(p.From), calendar.Long(p.To))
		}
	}
	return ps
}
