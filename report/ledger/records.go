package ledger

import (
	"fmt"
	"strings"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// Rows that are not records: the totals, subtotals and notes an accountant
// types among the rows of a sheet. A row whose key columns (those that make
// a record: for a PO line its PO Number, PO Date, Supplier and Manufacturer)
// are all blank, or hold only a label such as "Total", "Subtotal:" or
// "Note: ...", is skipped, and the sheet's rows skipped are named in one
// warning. On a sheet whose other columns are amounts a record cannot do
// without (Invoices, Fee Payments, Borrowing), such a row is skipped only when
// it is labeled, or its amounts are all formulas (=SUM(...)): typed amounts
// without a date or number are a record with its key missing, an error. On a
// sheet where a record needs more than one cell, a row holding nothing but one
// cell of words (three or more) is a note too. A row with some key columns
// filled and others blank is still read, and its blank cells are errors: it
// may be a record with a value missing.

// recordRule says which rows of a sheet are records.
type recordRule struct {
	one, many string   // a record, in words: "a PO line", "PO lines"
	keys      []string // the key columns
	// notes: a row of one cell of words is a note (not on a sheet where one
	// cell can be a record, as a line-card manufacturer can)
	notes bool
	// labeled: a row with its keys blank is skipped only when it holds a
	// label or only formulas besides
	labeled bool
}

var (
	// the issue 14 rule: the four blank, whatever else the row holds
	purchaseRecords  = recordRule{"a PO line", "PO lines", []string{ColPONumber, ColPODate, ColSupplier, ColManufacturer}, true, false}
	franchiseRecords = recordRule{"a line-card line", "line-card lines", []string{"Manufacturer", "Authorized From", "Authorized Until"}, false, false}
	// a PO Line may hold a count on a totals row
	responseRecords = recordRule{"a breakdown", "breakdowns", []string{"PO Number", "Breakdown Sent", "Arrow Response", "Responded At"}, true, false}
	// Amount, Returns and Discounts are what a totals row sums
	invoiceRecords = recordRule{"an invoice", "invoices", []string{"Invoice Number", "Invoice Date", "Due Date", "Paid Date"}, true, true}
	// a Note alone is a remark, not a notice
	noticeRecords     = recordRule{"an Arrow notice", "Arrow notices", []string{ColNoticeDate, ColNotice, ColNoticeQuarterEnd}, true, false}
	feeEventRecords   = recordRule{"a fee event", "fee events", []string{"Event", "Date"}, true, false}
	feePaymentRecords = recordRule{"a fee payment", "fee payments", []string{"Date", "Installment"}, true, true}
	// the amounts and the rate are what a totals or averages row holds
	borrowingRecords = recordRule{"one day's balances", "days' balances", []string{ColBorrowingDate}, true, true}
)

// records sets the table's rule for rows that are not records.
func (t *table) records(r recordRule) {
	t.rule = &r
	t.ruleKeys = t.ruleKeys[:0]
	for _, k := range r.keys {
		t.ruleKeys = append(t.ruleKeys, t.field(k))
	}
}

// notRecord reports whether the loaded row is a total, a subtotal or a note,
// and notes its row when it is.
func (rv *rowValues) notRecord() bool {
	t := rv.t
	if t.rule == nil {
		return false
	}
	skip := true
	for _, f := range t.ruleKeys {
		c := rv.at(f)
		if isEmpty(c) || c.Kind == xlsx.Text && isLabel(c.Text) {
			continue
		}
		skip = false
		break
	}
	if skip && t.rule.labeled {
		skip = rv.labeledOrFormulas()
	}
	if !skip && t.rule.notes {
		skip = rv.isNote()
	}
	if skip {
		t.skipped.add(rv.num)
	}
	return skip
}

// labeledOrFormulas reports whether a text cell of the row is a label, or every
// value of the row that is not text is a formula's.
func (rv *rowValues) labeledOrFormulas() bool {
	formulas := false
	for _, c := range rv.cells {
		switch {
		case c != nil && c.Formula:
			// =SUM(...), with its value or not yet calculated
			formulas = true
		case isEmpty(c):
		case c.Kind == xlsx.Text && isLabel(c.Text):
			return true
		case c.Kind == xlsx.Text:
		default:
			return false
		}
	}
	return formulas
}

// isNote reports whether the row holds one cell only, of three words or more.
func (rv *rowValues) isNote() bool {
	var only *xlsx.Cell
	for _, c := range rv.cells {
		if isEmpty(c) {
			continue
		}
		if only != nil {
			return false
		}
		only = c
	}
	return only != nil && only.Kind == xlsx.Text && len(strings.Fields(only.Text)) >= 3
}

// labels are the words that head a total or a note.
var labels = []struct {
	word  string
	total bool // "Total October" is a label too; "Sum Technologies" is not
}{
	{"grand total", true}, {"sub-total", true}, {"sub total", true}, {"subtotals", true}, {"subtotal", true},
	{"totals", true}, {"total", true},
	{"sum", false}, {"average", false}, {"avg", false}, {"count", false},
	{"notes", false}, {"note", false}, {"n.b.", false}, {"nb", false}, {"memo", false},
	{"comments", false}, {"comment", false},
}

// isLabel reports whether text labels a total or a note: one of the labels
// alone or followed by a colon, or a total's followed by more words.
func isLabel(text string) bool {
	s := strings.TrimSpace(text)
	if s == "" {
		return false
	}
	// the first letter of every label: a PO number is turned away without
	// folding it (this runs on every PO line)
	switch s[0] | 0x20 {
	case 'g', 's', 't', 'a', 'c', 'n', 'm':
	default:
		return false
	}
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	for _, l := range labels {
		rest, ok := strings.CutPrefix(s, l.word)
		if !ok {
			continue
		}
		if rest == "" || rest[0] == ':' || rest == "." || l.total && rest[0] == ' ' {
			return true
		}
	}
	return false
}

// skipWarning is the warning naming the rows skipped in the last pass ("":
// none).
func (t *table) skipWarning(file string) string {
	if t.skipped.n == 0 || t.rule == nil {
		return ""
	}
	keys := t.rule.keys
	var named []string
	for _, k := range keys {
		named = append(named, t.headerText(k))
	}
	word := t.rowWord()
	what := word + " " + t.skipped.String() + " was skipped: not " + t.rule.one
	if t.skipped.n > 1 {
		what = word + "s " + t.skipped.String() + " were skipped: not " + t.rule.many
	}
	place := file + ", sheet " + t.sheet.Name
	if f, ok := t.book.(*csvFolder); ok {
		place = f.display(t.sheet.Name)
	}
	return fmt.Sprintf("%s: %s but a total, a subtotal or a note (no %s, or only a label such as Total or Note:)",
		place, what, joinOr(named))
}

// joinOr joins "a", "b" and "c" as "a, b or c".
func joinOr(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// rowRuns are rows in increasing order as runs of consecutive rows, the
// first maxRuns kept (a million note rows take no memory) and all counted.
type rowRuns struct {
	runs [][2]int
	n    int
}

const maxRuns = 20

func (r *rowRuns) reset() { r.runs, r.n = r.runs[:0], 0 }

func (r *rowRuns) add(row int) {
	r.n++
	k := len(r.runs)
	switch {
	case k > 0 && r.runs[k-1][1] == row-1:
		r.runs[k-1][1] = row
	case k < maxRuns:
		r.runs = append(r.runs, [2]int{row, row})
	}
}

// String names the rows compactly: "5-9, 12 and 20", the first 20 runs and
// a count of the rest.
func (r *rowRuns) String() string {
	var parts []string
	listed := 0
	for _, run := range r.runs {
		if run[1] > run[0] {
			parts = append(parts, fmt.Sprintf("%d-%d", run[0], run[1]))
		} else {
			parts = append(parts, fmt.Sprint(run[0]))
		}
		listed += run[1] - run[0] + 1
	}
	if more := r.n - listed; more > 0 {
		parts = append(parts, fmt.Sprintf("%d more", more))
	}
	return joinAnd(parts)
}
