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
	// Seq is the line's place among the period's franchised lines (from 0):
	// its row in a report's detail, which lists them in that order.
	Seq int
	// Group is the line's row of the summary by supplier and manufacturer
	// (SupplierTotal.Key), set by Month.Add before the line goes to the detail.
	Group int
}

// SupplierTotal is one row of the summary by supplier and manufacturer.
type SupplierTotal struct {
	Supplier     string
	Manufacturer string
	// Key numbers the row for the detail's lines (Line.Group), from 1 in the
	// order the month's lines first name its supplier and manufacturer: a
	// report's totals add the lines up by it (a number, so that no text of
	// the ledger goes into a formula).
	Key    int
	Lines  int
	Amount decimal.Decimal
	sum    money.Sum
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

	// AsOf is the date the figures speak as of: a line dated after it is not
	// known yet and is left out of every total (zero: every line is known).
	AsOf time.Time
	// Later counts the period's lines dated after AsOf, left out.
	Later      int
	firstLater string // the first one's row, named for a message

	usedBy  string // "the report", "the certificate": for warnings
	scratch Line
	// near misses (Result.Resembles), by folded name, in order of appearance
	near      map[string]*nearMissCount
	nearOrder []string
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

// nearMissCount is one manufacturer name out of scope that resembles a
// line-card name: its lines in the period and the first one's cell.
type nearMissCount struct {
	name, like, first string
	lines             int
}

// Known reports whether the line is known as of AsOf (dated on or before it).
func (p *Period) Known(line *ledger.POLine) bool {
	return p.AsOf.IsZero() || !line.PODate.After(p.AsOf)
}

// Add records a line of the period with its classification. It returns the
// classified line when it is franchised (valid until the next Add: one scratch
// Line, not one on the heap per PO line), nil when it is out of scope or
// dated after AsOf (not known yet: left out of every total).
func (p *Period) Add(line *ledger.POLine, r Result) *Line {
	if !p.Known(line) {
		p.Later++
		if p.firstLater == "" {
			p.firstLater = line.RowAt()
		}
		return nil
	}
	p.Lines++
	if r.Resembles != "" {
		k := terms.FoldName(line.Manufacturer)
		nm := p.near[k]
		if nm == nil {
			if p.near == nil {
				p.near = map[string]*nearMissCount{}
			}
			nm = &nearMissCount{name: strings.TrimSpace(line.Manufacturer), like: r.Resembles, first: line.ManufacturerAt()}
			p.near[k] = nm
			p.nearOrder = append(p.nearOrder, k)
		}
		nm.lines++
	}
	if line.HasExtendedCost && money.CentsApart(line.ExtendedCost, r.Amount) {
		p.costMismatches++
		if p.costMismatches <= maxCostWarnings {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: Extended Cost %s differs from Quantity x Unit Cost %s by more than a cent; %s uses %s",
				line.ExtendedCostAt(), line.ExtendedCost.StringFixed(2), r.Amount.StringFixed(2), p.usedBy, r.Amount.StringFixed(2)))
		} else {
			p.lastMismatch = line.ExtendedCostAt()
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
	p.scratch = Line{POLine: *line, Result: r, Seq: p.FranchisedLines - 1}
	return &p.scratch
}

// Total returns the spend of one classification.
func (p *Period) Total(c Class) decimal.Decimal {
	if i := classIndex(c); i >= 0 {
		return p.totals[i].Decimal()
	}
	return decimal.Decimal{}
}

// Franchised is the spend of every franchised line of the period, returns
// (negative) included: the six classifications' amounts add up to it.
func (p *Period) Franchised() decimal.Decimal { return p.franchised.Decimal() }

// Purchases is the franchised spend without the returns: what was bought.
func (p *Period) Purchases() decimal.Decimal { return p.Franchised().Sub(p.Total(Return)) }

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

	// Draft is set when the month ends after the as-of date: its lines are
	// not all known yet.
	Draft bool
	// OutsideTerm is set when the month lies wholly outside the Supplier
	// Agreement's term (§2): §1.2 governs none of its lines.
	OutsideTerm bool
	// FirstPO and LastPO are the first and last PO dates of the whole ledger
	// (Observe), for the cover of an empty month; zero when it has none.
	FirstPO, LastPO time.Time

	t       terms.Supplier
	summary map[[2]string]*SupplierTotal
	group   map[string]string // supplier as written -> supplier in the summary
	names   names
	months  map[int]bool // the months the ledger's PO lines are dated in (year*12+month-1)
	// lastMonth is the month (year*12+month) Observe saw last
	lastMonth int
}

// NewMonth starts the report for the month that begins on start, as of asOf:
// a line dated after asOf is not known yet and left out of every total, and
// a month that ends after asOf is a draft.
func NewMonth(t terms.Supplier, start, asOf time.Time) *Month {
	end := calendar.MonthEnd(start)
	m := &Month{
		Period:      NewPeriod(calendar.MonthStart(start), end, "the report"),
		Due:         calendar.FirstWeekdayAfter(end, t.MonthlyReportWeekday),
		Draft:       end.After(asOf),
		OutsideTerm: end.Before(t.AgreementDate) || start.After(t.TermEnd),
		t:           t,
		summary:     map[[2]string]*SupplierTotal{},
		group:       map[string]string{},
		names:       names{},
		months:      map[int]bool{},
	}
	m.AsOf = asOf
	return m
}

// Observe notes the PO date of a line of the ledger, whatever its month: an
// empty month's cover names the dates the ledger's lines do cover.
func (m *Month) Observe(line *ledger.POLine) {
	d := line.PODate
	if d.IsZero() {
		return
	}
	if m.FirstPO.IsZero() || d.Before(m.FirstPO) {
		m.FirstPO = d
	}
	if d.After(m.LastPO) {
		m.LastPO = d
	}
	// a ledger lists a month's lines together: one map write a run of them
	if k := d.Year()*12 + int(d.Month()); k != m.lastMonth && len(m.months) < 1<<14 {
		m.months[k-1] = true
		m.lastMonth = k
	}
}

// Empty reports whether no PO line known as of the as-of date is dated in the
// month.
func (m *Month) Empty() bool { return m.Lines == 0 }

// Status is what the cover says about the report besides its figures: a
// month outside the term (§2), a draft, an empty month; "" when none applies.
func (m *Month) Status() string {
	var parts []string
	month := m.Start.Format("January 2006")
	if m.OutsideTerm {
		parts = append(parts, fmt.Sprintf("%s lies wholly outside the term of the Supplier Agreement (%s through %s, §2): §1.2 governs none of its PO lines, and no monthly report is due for it.",
			month, calendar.Long(m.t.AgreementDate), calendar.Long(m.t.TermEnd)))
	}
	if m.Draft {
		parts = append(parts, fmt.Sprintf("DRAFT: the month ends %s, after the as-of date %s. PO lines dated after the as-of date are not known yet; the figures may change.",
			calendar.Long(m.End), calendar.Long(m.AsOf)))
	}
	if m.Empty() {
		parts = append(parts, "No PO line of the ledger is dated in "+month+m.knownYet()+". "+m.covered())
	}
	return strings.Join(parts, " ")
}

// knownYet qualifies "no PO line dated in the month" for a draft.
func (m *Month) knownYet() string {
	if m.Later > 0 || m.Draft {
		return " on or before the as-of date"
	}
	return ""
}

// covered names the dates the ledger's PO lines cover.
func (m *Month) covered() string {
	if m.FirstPO.IsZero() {
		return "The ledger has no PO lines."
	}
	var ranges []string
	keys := make([]int, 0, len(m.months))
	for k := range m.months {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	name := func(k int) string {
		return time.Date(k/12, time.Month(k%12+1), 1, 0, 0, 0, 0, time.UTC).Format("January 2006")
	}
	for i := 0; i < len(keys); {
		j := i
		for j+1 < len(keys) && keys[j+1] == keys[j]+1 {
			j++
		}
		if i == j {
			ranges = append(ranges, name(keys[i]))
		} else {
			ranges = append(ranges, name(keys[i])+" to "+name(keys[j]))
		}
		i = j + 1
	}
	return fmt.Sprintf("The ledger's PO lines are dated from %s to %s (%s).", calendar.Long(m.FirstPO), calendar.Long(m.LastPO), strings.Join(ranges, "; "))
}

// Add records a line of the month with its classification.
func (m *Month) Add(line *ledger.POLine, r Result) {
	l := m.Period.Add(line, r)
	if l == nil {
		return
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
		s.Key = len(m.summary) + 1
		m.summary[k] = s
	}
	s.Lines++
	s.sum.Add(r.Amount)
	l.Group = s.Key
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
}

// Done ends the period's lines: the Extended Cost mismatches past the first
// maxCostWarnings are summed up in one warning, and the near misses and the
// lines not known yet are warned about. Call it once every line is added,
// before reading Warnings (Month.Finish does).
func (p *Period) Done() {
	if p.done {
		return
	}
	p.done = true
	if more := p.costMismatches - maxCostWarnings; more > 0 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("… and %d more lines whose Extended Cost differs from Quantity x Unit Cost by more than a cent (%d in all, the last at %s); %s uses Quantity x Unit Cost on every line",
			more, p.costMismatches, p.lastMismatch, p.usedBy))
	}
	for _, k := range p.nearOrder {
		nm := p.near[k]
		what := fmt.Sprintf("If it is a part made by %s, correct the name: it may be an exception to §1.2", nm.like)
		if nm.lines > 1 {
			what = fmt.Sprintf("If they are parts made by %s, correct the name: they may be exceptions to §1.2", nm.like)
		}
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: the manufacturer %q (%d PO line%s of %s, the first here) is not on Arrow's line card, but its name is close to %q, which is: %s counts %s out of scope. %s",
			nm.first, nm.name, nm.lines, plural(nm.lines), p.span(), nm.like, p.usedBy, them(nm.lines), what))
	}
	if p.Later > 0 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%d PO line%s of %s %s dated after the as-of date %s (the first in %s): not known yet as of that date, %s leaves %s out of every total",
			p.Later, plural(p.Later), p.span(), isAre(p.Later), calendar.Long(p.AsOf), p.firstLater, p.usedBy, them(p.Later)))
	}
}

// span names the period for a warning: "October 2003", "the period
// July 1 to September 30, 2003".
func (p *Period) span() string {
	if p.Start.Day() == 1 && p.End.Equal(calendar.MonthEnd(p.Start)) {
		return p.Start.Format("January 2006")
	}
	return "the period " + calendar.Span(p.Start, p.End)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// Finish orders the summary and adds the warnings: the due date as of the
// as-of date, a month outside the term, an empty month.
func (m *Month) Finish() {
	asOf := m.AsOf
	m.Done()
	if m.OutsideTerm {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%s lies wholly outside the term of the Supplier Agreement (%s through %s, §2): §1.2 governs none of its PO lines",
			m.Start.Format("January 2006"), calendar.Long(m.t.AgreementDate), calendar.Long(m.t.TermEnd)))
	}
	if m.Empty() {
		m.Warnings = append(m.Warnings, fmt.Sprintf("no PO line of the ledger is dated in %s%s: the report is written with nothing to report. %s",
			m.Start.Format("January 2006"), m.knownYet(), m.covered()))
	}
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
		m.Warnings = append(m.Warnings, fmt.Sprintf("the report is due %s, which is a US federal holiday (%s): send it the business day before to be safe (§1.2)", calendar.LongWeekday(m.Due), name))
	}
	if asOf.After(m.Due) && !m.OutsideTerm {
		m.Warnings = append(m.Warnings, fmt.Sprintf("as of %s the report was due %s: it is late (§1.2: by the first Friday after month end)", calendar.Long(asOf), calendar.LongWeekday(m.Due)))
	}
}

// Close releases the temporary file of the exceptions, if any.
func (m *Month) Close() error { return m.Exceptions.Close() }

// ArrowShare is the share of the franchised purchases (returns left out)
// bought from the distributor, unrounded; ok is false when nothing was
// bought (the share is then not a number: n/a).
func (m *Month) ArrowShare() (share decimal.Decimal, ok bool) {
	f := m.Purchases()
	if !f.IsPositive() {
		return decimal.Zero, false
	}
	return m.Total(Arrow).DivRound(f, 10), true
}
