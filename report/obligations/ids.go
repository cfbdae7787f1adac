package obligations

import (
	"fmt"
	"sort"
	"strings"

	"github.com/covenant-reports/covenant/report/ledger"
)

// delivered reports whether an obligation is shown done by a Deliveries row
// (the others by payments, invoices, Fee Events or the Borrowing sheet, or
// by the calendar).
func delivered(id string) bool {
	switch {
	case strings.HasPrefix(id, "monthly-"), strings.HasPrefix(id, "certificate-"), strings.HasPrefix(id, "minimums-"),
		strings.HasPrefix(id, "cure-"), id == PurchaseOfferID, id == TexasPropertyID, id == TexasAuctionID, id == RefinanceID:
		return true
	}
	return false
}

// checkDeliveries holds every Deliveries row (known or not by the as-of date)
// against the obligations: its id must name one that a delivery shows done.
// The ids of Amendment No. 10 are known from the terms even without a loan
// workbook, and a notice of default dated after the as-of date still names
// its cure.
func (b *builder) checkDeliveries() error {
	ids, deliverable := b.universe()
	out := &ledger.Errors{}
	for _, d := range b.in.Deliveries {
		if _, err := check(d.Obligation, ids, deliverable); err != nil {
			out.Count++
			out.List = append(out.List, d.ObligationProblem(ledger.ColDeliveryObligation, err))
		}
	}
	if out.Count > 0 {
		return out
	}
	return nil
}

// CheckID returns the obligation id that a delivery recorded as id shows
// done, as covenant lists it, or an error naming the nearest id (covenant
// send --record checks it before sending).
func (r *Result) CheckID(in Input, id string) (string, error) {
	b := &builder{in: in, r: r}
	ids, deliverable := b.universe()
	return check(id, ids, deliverable)
}

func check(id string, ids map[string]string, deliverable []string) (string, error) {
	k := strings.ToLower(strings.TrimSpace(id))
	canon, known := ids[k]
	switch {
	case !known:
		return "", fmt.Errorf("%q names no obligation of either agreement%s; the ids are those covenant status lists (monthly-2003-10, certificate-2003Q4, texas-property ...)", strings.TrimSpace(id), nearest(k, deliverable))
	case !delivered(canon):
		return "", fmt.Errorf("%s is not shown done by a delivery: %s; delete the row", canon, howShown(canon))
	}
	return canon, nil
}

// universe is every id a Deliveries row may name (folded -> as listed) and
// those a delivery shows done, sorted.
func (b *builder) universe() (map[string]string, []string) {
	ids := map[string]string{} // folded -> as listed
	for _, o := range b.r.Obligations {
		ids[strings.ToLower(o.ID)] = o.ID
	}
	if b.in.Loan == nil {
		for _, id := range loanIDs(b.in) {
			ids[strings.ToLower(id)] = id
		}
	}
	seen := map[string]int{}
	for _, n := range b.in.Notices {
		if n.Kind == ledger.NoticeDefault {
			id := CureID(n.Date, seen)
			ids[strings.ToLower(id)] = id
		}
	}
	var deliverable []string
	for _, id := range ids {
		if delivered(id) {
			deliverable = append(deliverable, id)
		}
	}
	sort.Strings(deliverable)
	return ids, deliverable
}

// howShown says what shows an obligation that no delivery shows.
func howShown(id string) string {
	switch {
	case strings.HasPrefix(id, "fee-"):
		return "an Extension Fee installment is paid by the rows of the loan workbook's Fee Payments sheet (Amendment A.3)"
	case strings.HasPrefix(id, "minimum-sales-"):
		return "Minimum Sales are measured from Arrow CMS's invoices in the Invoices sheet (§1.3)"
	case strings.HasPrefix(id, "cap-"):
		return "an overadvance cap is kept, or not, on the days of the loan workbook's Borrowing sheet (Amendment B.1)"
	}
	return "it is a date of the agreement, passed when it has passed"
}

// loanIDs are the ids of Amendment No. 10's obligations, from the terms alone.
func loanIDs(in Input) []string {
	t := in.Terms.Loan
	ids := []string{PurchaseOfferID, TexasPropertyID, TexasAuctionID, RefinanceID}
	for _, it := range t.Installments {
		ids = append(ids, FeeID(it.ID))
	}
	for _, c := range t.OveradvanceCaps {
		ids = append(ids, CapID(c.From))
	}
	return ids
}

// nearest names the closest id: "; did you mean monthly-2003-10?" (none when
// nothing is near).
func nearest(id string, ids []string) string {
	best, bestD := "", -1
	for _, c := range ids {
		d := editDistance(id, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(3, len(id)/3) {
		return ""
	}
	return "; the nearest is " + best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
