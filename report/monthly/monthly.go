// Package monthly lays the §1.2 monthly material-spend report (a spend.Month) into
// its template: the cover with totals by classification, the detail of every
// franchised-part transaction, the summaries by supplier and manufacturer, the
// exceptions and the audit trail. Every total is a live formula over the detail
// with its cached value, equal to the decimal result.
package monthly

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/layout"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
)

// NoShare is the cover's share bought from Arrow when nothing was bought: not
// a number. (Not "n/a" alone, which readers such as pandas take for a missing
// value.)
const NoShare = "n/a (no purchases)"

// Report is a monthly report being built: the detail streams into the workbook
// while the ledger is read (Line), the rest is laid out once the month is
// complete (Finish).
type Report struct {
	w      *fill.Workbook
	detail *fill.Stream
	// the detail's columns, located once
	po, poLine, poDate, supplier, manufacturer, part, desc fill.Field
	qty, unit, extended, confirmed, class, compliant       fill.Field
	reason, location, ledgerRow, group                     fill.Field
	formula                                                []byte
}

// Begin starts the report in the template w; temporary data goes to tmpDir (the
// system's temporary folder when empty).
func Begin(w *fill.Workbook, tmpDir string) (*Report, error) {
	t := w.Table("Detail", 0)
	t.AutoFilter()
	d, err := w.StreamTable("Detail", tmpDir)
	if err != nil {
		return nil, err
	}
	t = d.Table()
	// the Extended Cost formula needs both columns: a template without them is
	// reported when the report is saved
	t.Col("Quantity")
	t.Col("Unit Cost")
	return &Report{w: w, detail: d,
		po: t.Field("PO Number"), poLine: t.Field("PO Line"), poDate: t.Field("PO Date"),
		supplier: t.Field("Supplier"), manufacturer: t.Field("Manufacturer"),
		part: t.Field("Part Number"), desc: t.Field("Description"),
		qty: t.Field("Quantity"), unit: t.Field("Unit Cost"), extended: t.Field("Extended Cost"),
		confirmed: t.Field("Confirmed Delivery Date"), class: t.Field("Classification"),
		compliant: t.Field("Compliant"), reason: t.Field("Reason"), location: t.Field("Location"), ledgerRow: t.Field("Ledger Row"),
		group: t.Field("Summary Key"),
	}, nil
}

// Line writes one franchised-part transaction into the detail (§1.2: component
// cost, quantity, PO date, supplier confirming delivery date).
func (rp *Report) Line(l *spend.Line) error {
	return rp.detail.Add(func(r *fill.Row) {
		r.Put(rp.po, fill.Text(l.PONumber))
		r.Put(rp.poLine, fill.Int(l.POLine.POLine))
		r.Put(rp.poDate, fill.Date(l.PODate))
		// texts that repeat down the month are shared strings: a much smaller sheet
		r.Put(rp.supplier, fill.Shared(l.Supplier))
		r.Put(rp.manufacturer, fill.Shared(l.Manufacturer))
		// parts are bought again and again: their numbers and descriptions repeat
		// too (past the shared strings' bound, texts go inline)
		r.Put(rp.part, fill.Shared(l.PartNumber))
		r.Put(rp.desc, fill.Shared(l.Description))
		r.Put(rp.qty, fill.Number(l.Quantity))
		r.Put(rp.unit, fill.Number(l.UnitCost))
		// ROUND(Quantity*Unit Cost,2): the extended cost rounded once (§1.2 cost)
		n := int64(r.Num())
		f := append(rp.formula[:0], "ROUND("...)
		f = strconv.AppendInt(append(f, rp.qty.Letter()...), n, 10)
		f = strconv.AppendInt(append(append(f, '*'), rp.unit.Letter()...), n, 10)
		rp.formula = append(f, ",2)"...)
		r.Put(rp.extended, fill.Formula(string(rp.formula), fill.Money(l.Amount)))
		r.Put(rp.confirmed, fill.Date(l.ConfirmedDelivery))
		// the classification in words; the cover's COUNTIFS and SUMIFS match them
		r.Put(rp.class, fill.Shared(l.Class.Label()))
		r.Put(rp.compliant, fill.Shared(yesNo(l.Class.Compliant())))
		if l.Class == spend.Arrow {
			r.Put(rp.reason, fill.Shared(l.Reason)) // the same words on most lines
		} else {
			r.Put(rp.reason, fill.Text(l.Reason))
		}
		r.Put(rp.location, fill.Shared(l.Location))
		r.Put(rp.ledgerRow, fill.Int(l.Row))
		// the Summary sheet's row of the line (a hidden column): its totals
		// add the lines up by it
		r.Put(rp.group, fill.Int(l.Group))
	})
}

// LocationColumns are the tables of the monthly report that name each line's
// location (§1.3: the books of several locations reported together).
var LocationColumns = []string{"Detail", "Exceptions"}

// DetailSheets are the sheets the detail went on over once it was longer than
// one sheet holds ("Detail", "Detail (2)", ...), nil when it fits on one.
// Valid after Finish.
func (rp *Report) DetailSheets() []string {
	if s := rp.detail.Sheets(); len(s) > 1 {
		return s
	}
	return nil
}

// Render fills w with m, whose Detail holds the lines (for months held in
// memory; the command streams them with Begin, Line and Finish).
func Render(w *fill.Workbook, m *spend.Month, meta layout.Meta) error {
	rp, err := Begin(w, "")
	if err != nil {
		return err
	}
	for i := range m.Detail {
		if err := rp.Line(&m.Detail[i]); err != nil {
			return err
		}
	}
	return rp.Finish(m, meta)
}

// Finish lays out everything but the detail, once every line has been written.
func (rp *Report) Finish(m *spend.Month, meta layout.Meta) error {
	w := rp.w
	s := meta.Terms.Supplier
	// every printed page names the company, the report and the month (the
	// detail's own header is written when it is closed)
	w.PrintHeader(fill.PageHeader{Left: s.Customer, Center: "Monthly material-spend report (§1.2)", Right: m.Start.Format("January 2006"), Draft: draftMark(m)})
	if err := rp.detail.Close(); err != nil {
		return err
	}
	// the detail's ranges: one per sheet (a month past Excel's row limit goes on
	// on "Detail (2)"), each counted and summed
	amounts, classes, groups := rp.detail.Ranges("Extended Cost"), rp.detail.Ranges("Classification"), rp.detail.Ranges("Summary Key")
	over := func(f, crit string, ranges ...[]string) string {
		var terms []string
		for i := range ranges[0] {
			args := make([]string, 0, 3)
			for _, r := range ranges {
				args = append(args, r[i])
			}
			terms = append(terms, fmt.Sprintf("%s(%s,%s)", f, strings.Join(args, ","), crit))
		}
		return strings.Join(terms, "+")
	}
	w.Set("Customer", fill.Text(s.Customer))
	w.Set("Distributor", fill.Text(s.Distributor))
	w.SetOptional("Agreement", fill.Text(fmt.Sprintf("Supplier Agreement dated %s", calendar.Long(s.AgreementDate))))
	w.Set("PeriodStart", fill.Date(m.Start))
	w.Set("PeriodEnd", fill.Date(m.End))
	w.Set("DueDate", fill.Date(m.Due))
	w.Set("AsOf", fill.Date(meta.AsOf))
	w.SetOptional("PreparedBy", fill.Text(meta.PreparedBy))
	for _, c := range spend.Classes {
		crit := layout.Criterion(c.Label())
		w.Set("Lines_"+string(c), fill.Formula(over("COUNTIFS", crit, classes), fill.Int(m.ClassLines[c])))
		w.Set("Spend_"+string(c), fill.Formula(over("SUMIFS", crit, amounts, classes), fill.Money(m.Total(c))))
	}
	lineNames, spendNames := make([]string, 0, len(spend.Classes)), make([]string, 0, len(spend.Classes))
	for _, c := range spend.Classes {
		lineNames = append(lineNames, w.Ref("Lines_"+string(c)))
		spendNames = append(spendNames, w.Ref("Spend_"+string(c)))
	}
	w.Set("FranchisedLines", fill.Formula("SUM("+strings.Join(lineNames, ",")+")", fill.Int(m.FranchisedLines)))
	w.Set("FranchisedSpend", fill.Formula("SUM("+strings.Join(spendNames, ",")+")", fill.Money(m.Franchised())))
	// the share of what was bought, returns left out; n/a when nothing was
	arrow, total, returns := w.Ref("Spend_arrow"), w.Ref("FranchisedSpend"), w.Ref("Spend_return")
	share := fill.Text(NoShare)
	if v, ok := m.ArrowShare(); ok {
		share = fill.Number(v)
	}
	w.Set("ArrowShare", fill.Formula(fmt.Sprintf(`IF(%[2]s-%[3]s<=0,"%[4]s",%[1]s/(%[2]s-%[3]s))`, arrow, total, returns, NoShare), share))
	// a draft, an empty month, a month outside the term (§2): at the top of
	// the cover, which a template without the name could not say
	w.SetParagraph("Status", m.Status())
	w.SetOptional("LinesInMonth", fill.Int(m.Lines))
	w.SetOptional("OutOfScopeLines", fill.Formula(fmt.Sprintf("%s-%s", w.Ref("LinesInMonth"), w.Ref("FranchisedLines")), fill.Int(m.Lines-m.FranchisedLines)))
	w.SetOptional("LinesNotKnownYet", fill.Int(m.Later))
	w.SetOptional("Statement", fill.Text(statement(m, s)))
	w.FitRow("Statement", statement(m, s))

	// each row adds up the detail's lines of its supplier and manufacturer,
	// found by the hidden Summary Key column
	bySupplier, supplierOf := suppliers(m)
	summary := w.Table("Summary", len(m.Summary))
	summary.Rows(func(i int, r *fill.Row) {
		st := m.Summary[i]
		crit := strconv.Itoa(st.Key)
		r.Set("Supplier", fill.Text(st.Supplier))
		r.Set("Manufacturer", fill.Text(st.Manufacturer))
		// the By Supplier row it adds up into (a hidden column)
		r.Set("Supplier Key", fill.Int(supplierOf[i]+1))
		r.Set("PO Lines", fill.Formula(over("COUNTIFS", crit, groups), fill.Int(st.Lines)))
		r.Set("Spend", fill.Formula(over("SUMIFS", crit, amounts, groups), fill.Money(st.Amount)))
	})
	summary.AutoFilter()
	w.SetOptional("SummaryLines", fill.Formula("SUM("+summary.Range("PO Lines")+")", fill.Int(m.FranchisedLines)))
	w.SetOptional("SummaryTotal", fill.Formula("SUM("+summary.Range("Spend")+")", fill.Money(m.Franchised())))

	// each supplier adds up its rows of the Summary sheet, found by their
	// hidden Supplier Key (a number: no text of the ledger goes into a
	// formula, and a name is no criterion); a restyled template without the
	// column compares the rows' Supplier cells with the row's own, exactly
	sup := w.Table("Suppliers", len(bySupplier))
	sumRange := sup.Range("Spend")
	sSupplier, sLines, sSpend := summary.Range("Supplier"), summary.Range("PO Lines"), summary.Range("Spend")
	keyed := summary.HasCol("Supplier Key")
	sup.Rows(func(i int, r *fill.Row) {
		b := bySupplier[i]
		r.Set("Supplier", fill.Text(b.Supplier))
		if keyed {
			sKey, crit := summary.Range("Supplier Key"), strconv.Itoa(i+1)
			r.Set("PO Lines", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s)", sLines, sKey, crit), fill.Int(b.Lines)))
			r.Set("Spend", fill.Formula(fmt.Sprintf("SUMIFS(%s,%s,%s)", sSpend, sKey, crit), fill.Money(b.Amount)))
		} else {
			same := fmt.Sprintf("(%s=%s)", sSupplier, r.Ref("Supplier"))
			r.Set("PO Lines", fill.Formula(fmt.Sprintf("SUMPRODUCT(%s*%s)", same, sLines), fill.Int(b.Lines)))
			r.Set("Spend", fill.Formula(fmt.Sprintf("SUMPRODUCT(%s*%s)", same, sSpend), fill.Money(b.Amount)))
		}
		share := decimal.Zero
		if !m.Franchised().IsZero() {
			share = b.Amount.DivRound(m.Franchised(), 10)
		}
		r.Set("Share", fill.Formula(fmt.Sprintf("IF(SUM(%s)=0,0,%s/SUM(%s))", sumRange, r.Ref("Spend"), sumRange), fill.Number(share)))
	})
	if w.Has("SupplierChart") && len(bySupplier) > 0 {
		if err := supplierChart(w, sup, len(bySupplier)); err != nil {
			return err
		}
	}

	ex := w.Table("Exceptions", m.Exceptions.Len())
	layout.LineRows(ex, &m.Exceptions, func(r *fill.Row, l *spend.Line) {
		r.Set("PO Number", fill.Text(l.PONumber))
		r.Set("PO Line", fill.Int(l.POLine.POLine))
		r.Set("PO Date", fill.Date(l.PODate))
		r.Set("Supplier", fill.Text(l.Supplier))
		r.Set("Manufacturer", fill.Text(l.Manufacturer))
		r.Set("Part Number", fill.Text(l.PartNumber))
		// the line's own amount on the Detail sheet
		r.Set("Amount", fill.Formula(rp.detail.CellRef("Extended Cost", l.Seq), fill.Money(l.Amount)))
		r.Set("Reason", fill.Text(l.Reason))
		r.Set("Location", fill.Text(l.Location))
		r.Set("Ledger Row", fill.Int(l.Row))
	})
	w.SetOptional("ExceptionTotal", fill.Formula("SUM("+ex.Range("Amount")+")", fill.Money(m.Total(spend.Exception))))

	notes := []string{
		fmt.Sprintf("Period: %s through %s; report due %s (§1.2: the first Friday after the month ends)", calendar.Long(m.Start), calendar.Long(m.End), calendar.Long(m.Due)),
	}
	if sheets := rp.detail.Sheets(); len(sheets) > 1 {
		notes = append(notes, fmt.Sprintf("The detail is longer than one sheet holds (Excel stops at row 1,048,576): it goes on on %s; the cover's totals count every sheet", strings.Join(sheets[1:], ", ")))
		// the template's note says "the Detail sheet": no longer true
		w.SetOptional("DetailNote", fill.Text(continuedDetailNote(sheets)))
		w.FitRow("DetailNote", continuedDetailNote(sheets))
	}
	layout.AuditTable(w, meta, notes, m.Warnings)
	return nil
}

// continuedDetailNote is what the cover says of a detail that goes on over
// several sheets (a month with more lines than Excel's last row allows).
func continuedDetailNote(sheets []string) string {
	return fmt.Sprintf("The month has more franchised-part transactions than one sheet holds (Excel stops at row 1,048,576): "+
		"the sheets %s list every transaction with its component cost, quantity, PO date and the supplier's confirmed delivery date (§1.2). "+
		"Each total above adds up the lines of all of them as a formula; the statement restates the totals, and where the two differ the totals govern.", joinAnd(sheets))
}

// joinAnd joins names as a sentence does: "A", "A and B", "A, B and C".
func joinAnd(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// draftMark is what the print header of a draft says.
func draftMark(m *spend.Month) string {
	if !m.Draft {
		return ""
	}
	return "DRAFT: figures to date as of " + calendar.Long(m.AsOf)
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// statement is the cover's sentence on §1.2 compliance: of the purchases
// (returns are listed apart, neither purchases nor exceptions), as of the
// as-of date for a draft.
func statement(m *spend.Month, s terms.Supplier) string {
	month := m.Start.Format("January 2006")
	switch {
	case m.OutsideTerm:
		return fmt.Sprintf("%s is outside the term of the Supplier Agreement (§2): §1.2 governs none of its PO lines.", month)
	case m.Empty():
		return fmt.Sprintf("No PO line is dated in %s%s: there is no material spend to report for the month (§1.2).", month, asOfWords(m))
	}
	prefix := ""
	if m.Draft {
		prefix = fmt.Sprintf("As of %s (a draft): ", calendar.Long(m.AsOf))
	}
	bought := m.FranchisedLines - m.ClassLines[spend.Return]
	returns := ""
	if r := m.ClassLines[spend.Return]; r > 0 {
		returns = fmt.Sprintf(" %d return%s (%s) %s listed apart: %s neither purchases nor exceptions.", r, plural(r), fill.Dollars(m.Total(spend.Return)), isAre(r), theyIt(r))
	}
	n := m.Exceptions.Len()
	if bought == 0 {
		return fmt.Sprintf("%sNo franchised-part purchase is dated in %s (%d PO line%s, none of them a purchase in scope of §1.2).%s", prefix, month, m.Lines, plural(m.Lines), returns)
	}
	if n == 0 {
		return fmt.Sprintf("%sAll %d franchised-part purchase lines of %s were bought from %s or fall under an exception allowed by §1.2 or §1.5.%s", prefix, bought, month, s.DistributorShort, returns)
	}
	return fmt.Sprintf("%s%d of %d franchised-part purchase lines of %s (%s) were bought from another supplier without %s's release before the PO: see the Exceptions sheet.%s", prefix, n, bought, month, fill.Dollars(m.Total(spend.Exception)), s.DistributorShort, returns)
}

func asOfWords(m *spend.Month) string {
	if m.Draft || m.Later > 0 {
		return " on or before the as-of date " + calendar.Long(m.AsOf)
	}
	return ""
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

func theyIt(n int) string {
	if n == 1 {
		return "it is"
	}
	return "they are"
}

type supplierTotal struct {
	Supplier string
	Lines    int
	Amount   decimal.Decimal
}

// suppliers totals the summary's rows by supplier, and gives for each summary
// row the index of its supplier's total.
func suppliers(m *spend.Month) ([]supplierTotal, []int) {
	var out []supplierTotal
	of := make([]int, len(m.Summary))
	idx := map[string]int{}
	for j, st := range m.Summary {
		k := terms.NormName(st.Supplier)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, supplierTotal{Supplier: st.Supplier})
		}
		of[j] = i
		out[i].Lines += st.Lines
		out[i].Amount = out[i].Amount.Add(st.Amount)
	}
	return out, of
}

func supplierChart(w *fill.Workbook, t *fill.Table, n int) error {
	anchor := strings.TrimPrefix(w.Ref("SupplierChart"), "")
	_, cell, _ := strings.Cut(anchor, "!")
	cell = strings.ReplaceAll(cell, "$", "")
	sheet := strings.Trim(strings.SplitN(anchor, "!", 2)[0], "'")
	no := false
	return w.Excelize().AddChart(sheet, cell, &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       "Spend",
			Categories: t.Range("Supplier"),
			Values:     t.Range("Spend"),
		}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Franchised spend by supplier", Font: &excelize.Font{Bold: true, Size: 11, Color: "000000"}}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: &no,
		// dark, legible axis labels (the default grey prints faintly) and dollars
		XAxis:  excelize.ChartAxis{Font: excelize.Font{Size: 9, Color: "000000"}, ReverseOrder: true},
		YAxis:  excelize.ChartAxis{Font: excelize.Font{Size: 9, Color: "000000"}, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "$#,##0"}},
		Format: excelize.GraphicOptions{ScaleX: 1.3, ScaleY: 1.3},
	})
}
