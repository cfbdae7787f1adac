package spend

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/terms"
)

// Line is a classified PO line.
type Line struct {
	ledger.POLine
	Result
}

// SupplierTotal is one row of the summary by supplier and manufacturer.
type SupplierTotal struct {
	Supplier     string
	Manufacturer string
	Lines        int
	Amount       decimal.Decimal
	sum          money.Sum
}

// Period totals the §1.2 classification of every PO line dated in a period: the
// calendar month of the monthly report, the calendar quarter of the certificate.
type Period struct {
	Start, End      time.Time
	Lines           int // PO lines dated in the period
	FranchisedLines int
	// ClassLines counts the franchised lines of each classification.
	ClassLines map[Class]int
	Warnings   []string

	// the spend of each classification (by its place in Classes) and in all
	totals     []money.Sum
	franchised money.Sum

	usedBy  string // "the report", "the certificate": for warnings
	scratch Line
	// Extended Cost mismatches: the first maxCostWarnings are warned about one
	// by one, the rest counted (a ledger whose every line is off would
	// otherwise hold a warning per line, a million at Excel's limit)
	costMismatches int
	lastMismatch   string // the last one's cell
	done           bool
}

// maxCostWarnings bounds the Extended Cost warnings listed one by one.
const maxCostWarnings = 100

// NewPeriod starts the totals of the days from start through end; usedBy names
// what the figures go into, for warnings ("the report").
func NewPeriod(start, end time.Time, usedBy string) *Period {
	return &Period{Start: start, End: end, ClassLines: map[Class]int{}, usedBy: usedBy, totals: make([]money.Sum, len(Classes))}
}

// In reports whether the line's PO date falls in the period.
func (p *Period) In(line *ledger.POLine) bool {
	return !line.PODate.Before(p.Start) && !line.PODate.After(p.End)
}

// Add records a line of the period with its classification. It returns the
// classified line when it is franchised (valid until the next Add: one scratch
// Line, not one on the heap per PO line), nil when it is out of scope.
func (p *Period) Add(line *ledger.POLine, r Result) *Line {
	p.Lines++
	if line.HasExtendedCost && money.CentsApart(line.ExtendedCost, r.Amount) {
		p.costMismatches++
		if p.costMismatches <= maxCostWarnings {
			p.Warnings = append(p.Warnings, fmt.Sprintf("Purchases!%s: Extended Cost %s differs from Quantity x Unit Cost %s by more than a cent; %s uses %s",
				line.ExtendedCostCell(), line.ExtendedCost.StringFixed(2), r.Amount.StringFixed(2), p.usedBy, r.Amount.StringFixed(2)))
		} else {
			p.lastMismatch = line.ExtendedCostCell()
		}
	}
	if !r.Franchised {
		return nil
	}
	p.FranchisedLines++
	p.ClassLines[r.Class]++
	if i := classIndex(r.Class); i >= 0 {
		p.totals[i].Add(r.Amount)
	}
	p.franchised.Add(r.Amount)
	p.scratch = Line{POLine: *line, Result: r}
	return &p.scratch
}

// Total returns the spend of one classification.
func (p *Period) Total(c Class) decimal.Decimal {
	if i := classIndex(c); i >= 0 {
		return p.totals[i].Decimal()
	}
	return decimal.Decimal{}
}

// Franchised is the spend of every franchised line of the period.
func (p *Period) Franchised() decimal.Decimal { return p.franchised.Decimal() }

// classIndex is the place of c in Classes; -1 for a class that is not franchised.
func classIndex(c Class) int {
	for i, k := range Classes {
		if k == c {
			return i
		}
	}
	return -1
}

// Month is the §1.2 monthly material-spend report: every PO line dated in the
// month, classified and totalled.
type Month struct {
	*Period
	// Due is the first report weekday (Friday) strictly after the month's end.
	Due time.Time
	// Detail holds the franchised lines in ledger order, unless OnDetail is set:
	// then each line goes to OnDetail instead (a report streams them, so that a
	// ledger of a million lines is never held in memory).
	Detail   []Line
	OnDetail func(l *Line)
	// Exceptions are the exception lines, in ledger order, with what the
	// Exceptions sheet and the JSON show (not the description, quantity and
	// costs); a month may hold a million, so past a few thousand they are
	// kept in a temporary file (Lines). Close releases it.
	Exceptions Lines
	Summary    []SupplierTotal

	t       terms.Supplier
	summary map[[2]string]*SupplierTotal
	group   map[string]string // supplier as written -> supplier in the summary
	names   names
}

// NewMonth starts the report for the month that begins on start.
func NewMonth(t terms.Supplier, start time.Time) *Month {
	end := calendar.MonthEnd(start)
	return &Month{
		Period:  NewPeriod(calendar.MonthStart(start), end, "the report"),
		Due:     calendar.FirstWeekdayAfter(end, t.MonthlyReportWeekday),
		t:       t,
		summary: map[[2]string]*SupplierTotal{},
		group:   map[string]string{},
		names:   names{},
	}
}

// Add records a line of the month with its classification.
func (m *Month) Add(line *ledger.POLine, r Result) {
	l := m.Period.Add(line, r)
	if l == nil {
		return
	}
	if m.OnDetail != nil {
		m.OnDetail(l)
	} else {
		m.Detail = append(m.Detail, *l)
	}
	if r.Class == Exception {
		// keep what the Exceptions sheet and the JSON show, not the whole line:
		// a month may hold many
		ex := *l
		ex.Description, ex.Quantity, ex.UnitCost, ex.ExtendedCost = "", decimal.Decimal{}, decimal.Decimal{}, decimal.Decimal{}
		m.Exceptions.Add(&ex)
	}
	supplier, ok := m.group[line.Supplier]
	if !ok {
		supplier = strings.TrimSpace(line.Supplier)
		if m.t.IsDistributor(supplier) {
			supplier = m.t.DistributorShort
		}
		if len(m.group) < 1<<16 {
			m.group[line.Supplier] = supplier
		}
	}
	k := [2]string{m.names.norm(supplier), m.names.norm(line.Manufacturer)}
	s, ok := m.summary[k]
	if !ok {
		s = &SupplierTotal{Supplier: supplier, Manufacturer: strings.TrimSpace(line.Manufacturer)}
		m.summary[k] = s
	}
	s.Lines++
	s.sum.Add(r.Amount)
}

// Done ends the period's lines: the Extended Cost mismatches past the first
// maxCostWarnings are summed up in one warning. Call it once every line is
// added, before reading Warnings (Month.Finish does).
func (p *Period) Done() {
	if p.done {
		return
	}
	p.done = true
	if more := p.costMismatches - maxCostWarnings; more > 0 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("… and %d more lines whose Extended Cost differs from Quantity x Unit Cost by more than a cent (%d in all, the last at Purchases!%s); %s uses Quantity x Unit Cost on every line",
			more, p.costMismatches, p.lastMismatch, p.usedBy))
	}
}

// Finish orders the summary and adds the due-date warnings as of asOf.
func (m *Month) Finish(asOf time.Time) {
	m.Done()
	m.Summary = m.Summary[:0]
	for _, s := range m.summary {
		t := *s
		t.Amount = s.sum.Decimal()
		m.Summary = append(m.Summary, t)
	}
	sort.Slice(m.Summary, func(i, j int) bool {
		a, b := m.Summary[i], m.Summary[j]
		if ka, kb := terms.NormName(a.Supplier), terms.NormName(b.Supplier); ka != kb {
			return ka < kb
		}
		return terms.NormName(a.Manufacturer) < terms.NormName(b.Manufacturer)
	})
	if name, ok := calendar.FederalHoliday(m.Due); ok {
		m.Warnings = append(m.Warnings, fmt.Sprintf("the report is due %s, which is a US federal holiday (%s): send it the business day before to be safe (§1.2)", m.Due.Format("Mon Jan 2 2006"), name))
	}
	if asOf.After(m.Due) {
		m.Warnings = append(m.Warnings, fmt.Sprintf("as of %s the report was due %s: it is late (§1.2: by the first Friday after month end)", asOf.Format("2006-01-02"), m.Due.Format("Mon Jan 2 2006")))
	}
}

// Close releases the temporary file of the exceptions, if any.
func (m *Month) Close() error { return m.Exceptions.Close() }

// ArrowShare is the share of franchised spend bought from the distributor (0 when
// nothing was franchised), unrounded.
func (m *Month) ArrowShare() decimal.Decimal {
	f := m.Franchised()
	if f.IsZero() {
		return decimal.Zero
	}
	return m.Total(Arrow).DivRound(f, 10)
}
