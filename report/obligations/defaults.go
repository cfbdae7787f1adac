package obligations

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/borrowing"
	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/money"
)

// Default is one entry of the defaults map (§4.1): what happened, on which
// day, under which agreement, and the clauses that tie it to the Supplier
// Agreement's events of default.
type Default struct {
	Date      time.Time
	Agreement string
	Clause    string
	What      string
}

// quote41 is the part of §4.1 that ties a breach to its notice.
const quote41 = `§4.1: an event of default occurs if the Customer breaches any term or covenant of the agreement and the default "shall continue beyond thirty (30) days after notice to Customer specifying the nature of the default"`

// Defaults is the defaults map as of the as-of date: the Minimum Sales
// shortfalls of ended quarters, Arrow CMS's notices of default and their
// thirtieth days, the Supplier Agreement's deliveries late, and the breaches
// of Amendment B.1 (a default of "any loan document evidencing a loan in
// excess of $500,000"), in date order.
func (r *Result) Defaults(in Input) []Default {
	var out []Default
	s := in.Terms.Supplier
	short := s.DistributorShort
	sales := r.Sales
	for i := range sales.Quarters {
		q := &sales.Quarters[i]
		if !q.Missing() {
			continue
		}
		what := fmt.Sprintf("Minimum Sales not achieved for the quarter from %s through %s: Net Sales Billed %s against Required %s, shortfall %s. §4.1: \"Customer's failure to achieve Minimum Sales during any period, as measured at the end of such period, throughout the term of this Agreement shall be an event of default\"",
			calendar.Long(q.Start), calendar.Long(q.End), money.Dollars(q.NetSalesBilled), money.Dollars(*q.Required), money.Dollars(q.Shortfall))
		switch {
		case q.Waiver != nil:
			what += fmt.Sprintf(". %s waived it in writing on %s (§7.6; %s)", short, calendar.Long(q.Waiver.Date), q.Waiver.Where())
		default:
			var may []string
			if q.AddElection != nil {
				may = append(may, fmt.Sprintf("%s elected on %s to add it to the next Minimum Sales (§4.2(ii))", short, calendar.Long(q.AddElection.Date)))
			}
			if q.ExtendElection != nil {
				may = append(may, fmt.Sprintf("elected on %s to extend the term by one calendar quarter (§4.2(iii))", calendar.Long(q.ExtendElection.Date)))
			}
			if len(may) == 0 {
				may = append(may, fmt.Sprintf("%s may exercise the remedies of §4.2 (notify the Bank, add the shortfall to the next period, extend the term, modify credit or payment terms, cease or limit supply); no election is recorded", short))
			}
			what += ". " + strings.Join(may, "; ")
		}
		if !q.Final {
			what += " (not final: invoices unpaid and not yet due)"
		}
		out = append(out, Default{Date: q.End, Agreement: SupplierAgreement, Clause: "§1.3, §4.1, §4.2", What: what})
	}
	for _, n := range in.Notices {
		if n.Kind != ledger.NoticeDefault || n.Date.After(in.AsOf) {
			continue
		}
		day30 := n.Date.AddDate(0, 0, 30)
		what := fmt.Sprintf("%s gave the Customer notice of default on %s about the quarter ending %s (%s). §4.1: a default that \"shall continue beyond thirty (30) days after notice to Customer specifying the nature of the default\" is an event of default; the thirtieth day is %s",
			short, calendar.Long(n.Date), calendar.Long(n.QuarterEnd), n.Where(), calendar.Long(day30))
		out = append(out, Default{Date: n.Date, Agreement: SupplierAgreement, Clause: "§4.1", What: what})
	}
	for _, o := range r.Obligations {
		if o.Status != Late || o.Agreement != SupplierAgreement || !(strings.HasPrefix(o.ID, "monthly-") || strings.HasPrefix(o.ID, "certificate-")) {
			continue
		}
		what := fmt.Sprintf("%s: not recorded as delivered by %s (§1.2). %s; upon \"any event which with notice or the passage of time, or both, may become an event of default\" %s may notify the Bank before notifying the Customer", o.Title, calendar.Long(o.Due), quote41, short)
		out = append(out, Default{Date: o.Due, Agreement: SupplierAgreement, Clause: "§1.2, §4.1", What: what})
	}
	if r.Borrowing != nil {
		out = append(out, r.loanDefaults(in)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// loanDefaults are the B.1 breaches, one entry per rule and run of days.
func (r *Result) loanDefaults(in Input) []Default {
	s := in.Terms.Supplier
	rep := r.Borrowing
	byRule := map[string][]borrowing.Breach{}
	for _, b := range rep.Breaches {
		byRule[b.Rule] = append(byRule[b.Rule], b)
	}
	days := map[time.Time]*borrowing.Day{}
	for i := range rep.Days {
		days[rep.Days[i].Date] = &rep.Days[i]
	}
	var out []Default
	for _, rule := range borrowing.Rules {
		bs := byRule[rule]
		var dates []time.Time
		for _, b := range bs {
			dates = append(dates, b.Date)
		}
		for _, run := range borrowing.Runs(dates) {
			var worst borrowing.Breach
			loan := false
			for _, b := range bs {
				if b.Date.Before(run[0]) || b.Date.After(run[1]) {
					continue
				}
				if b.Amount.Sub(b.Limit).GreaterThan(worst.Amount.Sub(worst.Limit)) || worst.Rule == "" {
					worst = b
				}
				if d := days[b.Date]; d != nil && d.Balances.Advances.Add(d.Balances.TermLoanBalance).GreaterThan(s.CrossDefaultLoan) {
					loan = true
				}
			}
			when := calendar.Long(run[0])
			if !run[1].Equal(run[0]) {
				when = fmt.Sprintf("%s to %s", calendar.Long(run[0]), calendar.Long(run[1]))
			}
			what := fmt.Sprintf("%s: %s (the largest)", when, worst.Describe())
			clause := "Amendment B.1"
			switch {
			case run[1].Before(s.AgreementDate):
				what += fmt.Sprintf("; before the Supplier Agreement's term began on %s, so not within its §4.1", calendar.Long(s.AgreementDate))
			case !loan:
				what += fmt.Sprintf("; the Advances and the Term Loan were not in excess of %s, the loan §4.1 speaks of", money.Dollars(s.CrossDefaultLoan))
			default:
				clause = "Amendment B.1; §4.1"
				what += fmt.Sprintf("; §4.1: the Customer being \"in default of any loan document evidencing a loan in excess of %s\" is an event of default of the Supplier Agreement, which %s may report to the Bank before notifying the Customer",
					money.Dollars(s.CrossDefaultLoan), s.DistributorShort)
			}
			out = append(out, Default{Date: run[0], Agreement: LoanAgreement, Clause: clause, What: what})
		}
	}
	return out
}
