package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/breakdown"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
)

// answeredDays is how far back --pending lists Arrow's answers.
const answeredDays = 7

type pendingOptions struct {
	common
	Ledger string
	AsOf   time.Time
}

// pendingJSON is the --pending --json output; its field names are a
// published contract. Line is null for a breakdown of a whole PO (PO Line
// blank in the log).
type pendingJSON struct {
	Report   string            `json:"report"`
	AsOf     string            `json:"as_of"`
	Pending  []pendingItemJSON `json:"pending"`
	Answered []answeredJSON    `json:"answered"`
}

type pendingItemJSON struct {
	Reference string `json:"reference"`
	Line      *int   `json:"line"`
	Sent      string `json:"sent"`
	ReleaseAt string `json:"release_at"`
	Released  bool   `json:"released"`
}

// answeredJSON is an answer of the last seven days: its response ("meet" or
// "approve"), whether it came within the 24 hours, and when the order was
// released to the proposed supplier (null: Arrow met the terms in time).
type answeredJSON struct {
	Reference   string  `json:"reference"`
	Line        *int    `json:"line"`
	Sent        string  `json:"sent"`
	Response    string  `json:"response"`
	RespondedAt string  `json:"responded_at"`
	InTime      bool    `json:"in_time"`
	ReleasedAt  *string `json:"released_at"`
}

func breakdownLine(b ledger.Breakdown) *int {
	if b.POLine == 0 {
		return nil
	}
	n := b.POLine
	return &n
}

// runPending lists the breakdowns of the log Arrow has not answered as of
// o.AsOf, and the answers of the seven days before it. It writes nothing.
func runPending(o pendingOptions) error {
	t, _, err := o.loadTerms()
	if err != nil {
		return err
	}
	books, l, err := openLog(o.Ledger, o.ledgerOptions(t))
	if err != nil {
		return err
	}
	defer books.Close()
	day := terms.Date(o.AsOf.Year(), o.AsOf.Month(), o.AsOf.Day())
	s, err := termAsExtended(t.Supplier, books, day)
	if err != nil {
		return err
	}
	pending := spend.Pending(s, l.Breakdowns, o.AsOf)
	answered := spend.Answered(s, l.Breakdowns, o.AsOf.AddDate(0, 0, -answeredDays), o.AsOf)
	if !l.HasResponses {
		o.warn([]string{l.NoSheet(ledger.SheetResponses) + ": no breakdown is logged"})
	}
	o.warn(books.Warnings)
	if o.JSON {
		j := pendingJSON{Report: "breakdown_pending", AsOf: jsonMinute(o.AsOf), Pending: []pendingItemJSON{}, Answered: []answeredJSON{}}
		for _, p := range pending {
			j.Pending = append(j.Pending, pendingItemJSON{Reference: strings.TrimSpace(p.Breakdown.PONumber), Line: breakdownLine(p.Breakdown),
				Sent: jsonMinute(p.Breakdown.Sent), ReleaseAt: jsonMinute(p.ReleaseAt), Released: p.Released})
		}
		for _, a := range answered {
			aj := answeredJSON{Reference: strings.TrimSpace(a.Breakdown.PONumber), Line: breakdownLine(a.Breakdown), Sent: jsonMinute(a.Breakdown.Sent),
				Response: a.Breakdown.Response, RespondedAt: jsonMinute(a.Breakdown.RespondedAt), InTime: a.InTime}
			if !a.Met {
				aj.ReleasedAt = strp(jsonMinute(a.ReleasedAt))
			}
			j.Answered = append(j.Answered, aj)
		}
		return o.printJSON(j)
	}
	supplierOf := proposedSuppliers(l)
	w := o.Stdout
	fmt.Fprintf(w, "Breakdowns awaiting Arrow's answer as of %s (%s, sheet %s):\n", breakdown.When(o.AsOf), l.File, ledger.SheetResponses)
	if len(pending) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, p := range pending {
		b := p.Breakdown
		fmt.Fprintf(w, "  %s (row %d): sent %s; ", breakdownName(b), b.Row, breakdown.When(b.Sent))
		if p.Released {
			fmt.Fprintf(w, "Arrow's %d hours ran out %s with no answer recorded: released by lapse, the PO may be placed with %s (§1.2)\n",
				s.BreakdownResponseHours, breakdown.When(p.ReleaseAt), supplierOf(b))
		} else {
			fmt.Fprintf(w, "Arrow's %d hours run out %s (in %s): a PO committed before then is an exception to §1.2 unless Arrow approves first\n",
				s.BreakdownResponseHours, breakdown.When(p.ReleaseAt), untilWords(p.ReleaseAt.Sub(o.AsOf)))
		}
	}
	fmt.Fprintf(w, "Arrow's answers of the last %d days:\n", answeredDays)
	if len(answered) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, a := range answered {
		b := a.Breakdown
		fmt.Fprintf(w, "  %s (row %d): sent %s; ", breakdownName(b), b.Row, breakdown.When(b.Sent))
		switch {
		case a.Met:
			fmt.Fprintf(w, "Arrow agreed %s, within its %d hours, to meet the terms proposed: the order belongs to Arrow (§1.2)\n", breakdown.When(b.RespondedAt), s.BreakdownResponseHours)
		case a.InTime:
			fmt.Fprintf(w, "Arrow approved placement with %s %s, within its %d hours: the PO may be placed with it from then (§1.2)\n", supplierOf(b), breakdown.When(b.RespondedAt), s.BreakdownResponseHours)
		default:
			fmt.Fprintf(w, "Arrow answered (%s) %s, after its %d hours ran out %s: the order was released then, the PO may be placed with %s (a late answer does not undo the lapse, §1.2)\n",
				ledger.ResponseLabel(b.Response), breakdown.When(b.RespondedAt), s.BreakdownResponseHours, breakdown.When(a.ReleaseAt), supplierOf(b))
		}
	}
	return nil
}

// breakdownName is "P-1 line 1", or "P-1 (every line)" for a whole PO.
func breakdownName(b ledger.Breakdown) string {
	if b.POLine == 0 {
		return strings.TrimSpace(b.PONumber) + " (every line)"
	}
	return fmt.Sprintf("%s line %d", strings.TrimSpace(b.PONumber), b.POLine)
}

// proposedSuppliers gives the proposed supplier of a breakdown's line from
// the Proposed sheet ("the proposed supplier" when it is not there, or the
// lines of a whole PO name several).
func proposedSuppliers(l *ledger.Ledger) func(b ledger.Breakdown) string {
	return func(b ledger.Breakdown) string {
		found := ""
		for _, p := range l.Proposed {
			if !strings.EqualFold(strings.TrimSpace(p.Reference), strings.TrimSpace(b.PONumber)) || b.POLine != 0 && p.Line != b.POLine {
				continue
			}
			if found != "" && found != p.Supplier {
				return "the proposed suppliers"
			}
			found = p.Supplier
		}
		if found == "" {
			return "the proposed supplier"
		}
		return found
	}
}

// untilWords says a span to come in hours and minutes: "23 hours 5 minutes".
func untilWords(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	switch {
	case h == 1:
		parts = append(parts, "1 hour")
	case h > 1:
		parts = append(parts, fmt.Sprintf("%d hours", h))
	}
	switch {
	case m == 1:
		parts = append(parts, "1 minute")
	case m > 1 || h == 0:
		parts = append(parts, fmt.Sprintf("%d minutes", m))
	}
	return strings.Join(parts, " ")
}
