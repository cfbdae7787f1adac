package main

import (
	"fmt"
	"log"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/fill"
)

func init() { builders["certificate.xlsx"] = certificate }

// certificate writes the quarterly compliance certificate template (§1.2, §1.3):
// the certificate page that prints on one Letter portrait page, Schedule A (the
// §1.2 exceptions), Schedule A-1 (purchases elsewhere permitted by §1.2 and §1.5),
// Schedule B (the §1.3 Minimum Sales ledger), Schedule B-1 (the carried-forward
// credits), Schedule C (the invoices), a chart and the audit trail.
func certificate(path string) {
	f := excelize.NewFile()
	defer f.Close()
	s := newStyles(f)
	must := func(id int, err error) int {
		if err != nil {
			log.Fatal(err)
		}
		return id
	}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Family: "Arial"}
	}
	acct := `_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)`
	dateLong := "mmmm d, yyyy"
	line := []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}
	var (
		bigTitle = must(f.NewStyle(&excelize.Style{Font: font(true, 14), Alignment: &excelize.Alignment{Horizontal: "center"}}))
		centered = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 9, Family: "Arial", Color: "555555"}, Alignment: &excelize.Alignment{Horizontal: "center"}}))
		company  = must(f.NewStyle(&excelize.Style{Font: font(true, 12)}))
		heading  = must(f.NewStyle(&excelize.Style{Font: font(true, 10), Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}}))
		para     = must(f.NewStyle(&excelize.Style{Font: font(false, 10), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top", Horizontal: "justify"}}))
		topLabel = must(f.NewStyle(&excelize.Style{Font: font(true, 10), Alignment: &excelize.Alignment{Vertical: "top"}}))
		topValue = must(f.NewStyle(&excelize.Style{Font: font(false, 10), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
		longDate = must(f.NewStyle(&excelize.Style{Font: font(false, 10), CustomNumFmt: &dateLong, Alignment: &excelize.Alignment{Horizontal: "left"}}))
		figLabel = must(f.NewStyle(&excelize.Style{Font: font(false, 10), Alignment: &excelize.Alignment{Indent: 1}}))
		colHead  = must(f.NewStyle(&excelize.Style{Font: font(true, 9), Alignment: &excelize.Alignment{Horizontal: "right"}, Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}}))
		colHeadL = must(f.NewStyle(&excelize.Style{Font: font(true, 9), Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}}))
		totLabel = must(f.NewStyle(&excelize.Style{Font: font(true, 10), Alignment: &excelize.Alignment{Indent: 1}}))
		intBold  = must(f.NewStyle(&excelize.Style{Font: font(true, 10), NumFmt: 3, Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}}}))
		moneyB   = must(f.NewStyle(&excelize.Style{Font: font(true, 10), CustomNumFmt: &acct}))
		result   = must(f.NewStyle(&excelize.Style{Font: font(true, 10), Alignment: &excelize.Alignment{Horizontal: "right"}}))
		dateR    = must(f.NewStyle(&excelize.Style{Font: font(false, 10), CustomNumFmt: &dateLong, Alignment: &excelize.Alignment{Horizontal: "right"}}))
		sigLine  = must(f.NewStyle(&excelize.Style{Font: font(false, 10), Border: line, Alignment: &excelize.Alignment{Vertical: "bottom"}}))
		sigLabel = must(f.NewStyle(&excelize.Style{Font: font(false, 10), Alignment: &excelize.Alignment{Vertical: "bottom"}}))
		small    = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 8, Family: "Arial", Color: "555555"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
		// DRAFT across the top of a draft's page (blank on a final certificate)
		draftStyle = must(f.NewStyle(&excelize.Style{Font: font(true, 18), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}))
	)

	const cert = "Certificate"
	check(f.SetSheetName("Sheet1", cert))
	set := func(cell string, v any, style int) {
		if v != nil {
			check(f.SetCellValue(cert, cell, v))
		}
		check(f.SetCellStyle(cert, cell, cell, style))
	}
	merge := func(from, to string, style int) {
		check(f.SetCellStyle(cert, from, to, style))
		check(f.MergeCell(cert, from, to))
	}
	at := func(col string, row int) string { return fmt.Sprintf("%s%d", col, row) }
	height := func(row int, h float64) { check(f.SetRowHeight(cert, row, h)) }
	// Row heights: 13 pt lines, 6 pt spacers, room to sign; the filled report
	// resizes the paragraphs to their text (and the DRAFT row of a draft).
	heights := map[int]float64{}
	row := 0
	next := func(h float64) int { row++; heights[row] = h; return row }
	spacer := func() { next(6) }

	// The Customer, a row for DRAFT, the title.
	r := next(16)
	set(at("A", r), nil, company)
	name(f, "Customer", cert, at("A", r))
	r = next(13)
	set(at("A", r), nil, s.value)
	name(f, "CustomerAddress", cert, at("A", r))
	r = next(6)
	merge(at("A", r), at("D", r), draftStyle)
	name(f, "Draft", cert, at("A", r))
	r = next(19)
	merge(at("A", r), at("D", r), bigTitle)
	set(at("A", r), "Quarterly Compliance Certificate", bigTitle)
	r = next(13)
	merge(at("A", r), at("D", r), centered)
	set(at("A", r), "Supplier Agreement §1.2 (Customer's Requirements) and §1.3 (Minimum Sales)", centered)
	spacer()
	// Addressee and copies (§7.5), agreement, period, as-of.
	labels := []struct {
		label, name string
		height      float64
	}{
		{"To:", "Addressee", 66},
		{"", "NoticeCopies", 54},
		{"Agreement:", "Agreement", 27},
		{"Period:", "Period", 14},
		{"Contract quarter:", "ContractPeriod", 14},
	}
	for _, l := range labels {
		r = next(l.height)
		if l.label != "" {
			set(at("A", r), l.label, topLabel)
		}
		merge(at("B", r), at("D", r), topValue)
		name(f, l.name, cert, at("B", r))
	}
	r = next(13)
	set(at("A", r), "Figures as of:", topLabel)
	set(at("B", r), nil, longDate)
	name(f, "AsOf", cert, at("B", r))
	spacer()

	// Part 1: §1.2.
	r = next(13)
	merge(at("A", r), at("D", r), heading)
	set(at("A", r), "1. Customer's Requirements (§1.2)", heading)
	r = next(64)
	merge(at("A", r), at("D", r), para)
	name(f, "Statement12", cert, at("A", r))
	// the quarter's monthly reports and their delivery (§1.2: "not later
	// than the first Friday following the end of the monthly period")
	r = next(27)
	merge(at("A", r), at("D", r), para)
	name(f, "MonthlyReports", cert, at("A", r))
	spacer()
	r = next(13)
	set(at("B", r), "Franchised-part purchases dated in the period", colHeadL)
	set(at("C", r), "PO lines", colHead)
	set(at("D", r), "Amount", colHead)
	name(f, "SpendHeading", cert, at("D", r))
	classes := []struct{ label, key string }{
		{"Bought from Arrow CMS, Schedule A-2", "arrow"},
		{"Customer directed (§1.2), Schedule A-1", "customer_directed"},
		{"Credit limit (§1.5), Schedule A-1", "credit_limit"},
		{"Released by Arrow CMS (§1.2), Schedule A-1", "released_by_arrow"},
		{"Exceptions to §1.2, Schedule A", "exception"},
		{"Returns (negative quantities), Schedule A-2", "return"},
	}
	for _, c := range classes {
		r = next(13)
		set(at("B", r), c.label, figLabel)
		set(at("C", r), nil, s.int_)
		set(at("D", r), nil, s.money)
		name(f, "Lines_"+c.key, cert, at("C", r))
		name(f, "Spend_"+c.key, cert, at("D", r))
	}
	r = next(13)
	set(at("B", r), "Total franchised-part purchases, net of returns", totLabel)
	set(at("C", r), nil, intBold)
	set(at("D", r), nil, s.moneyBold)
	name(f, "FranchisedLines", cert, at("C", r))
	name(f, "FranchisedSpend", cert, at("D", r))
	spacer()

	// Part 2: §1.3, on the second page with the signature.
	part2 := row + 1
	r = next(13)
	merge(at("A", r), at("D", r), heading)
	set(at("A", r), "2. Minimum Sales (§1.3)", heading)
	r = next(90)
	merge(at("A", r), at("D", r), para)
	name(f, "Statement13", cert, at("A", r))
	spacer()
	r = next(13)
	set(at("B", r), "Contract quarter (Schedule B)", colHeadL)
	set(at("C", r), nil, colHead)
	set(at("D", r), "Amount", colHead)
	name(f, "SalesHeading", cert, at("D", r))
	figures := []struct {
		label, name, labelName string
		style                  int
	}{
		{"Minimum Sales for the quarter (§1.3)", "Minimum", "", s.money},
		{"Earlier shortfall added by Arrow CMS's election (§4.2(ii))", "ShortfallAdded", "", s.money},
		{"Required", "Required", "", moneyB},
		{"Net Sales Billed", "NetSalesBilled", "NetSalesBilledLabel", moneyB},
		{"   of which pending: unpaid, not yet due", "Pending", "", s.money},
		{"Invoices excluded: not paid within terms", "Excluded", "", s.money},
		{"Excess carried forward from earlier quarters, used", "CreditUsed", "", s.money},
		{"Shortfall (§1.3)", "Shortfall", "ShortfallLabel", s.moneyBold},
		{"Result", "Result", "", result},
		{"Earlier shortfall Arrow CMS may add, no election recorded (§4.2(ii))", "MayAdd", "", s.money},
		{"Term ends (§2; extended only as Arrow CMS elected, §4.2(iii))", "TermEnd", "", dateR},
		{"Term end if Arrow CMS extends for every missed quarter (§4.2(iii))", "TermEndIfExtended", "", dateR},
	}
	for _, fg := range figures {
		r = next(13)
		st := figLabel
		if fg.style == moneyB || fg.style == s.moneyBold || fg.style == result {
			st = totLabel
		}
		set(at("B", r), fg.label, st)
		set(at("D", r), nil, fg.style)
		name(f, fg.name, cert, at("D", r))
		if fg.labelName != "" {
			name(f, fg.labelName, cert, at("B", r))
		}
	}
	// Notes, the closing certification and the signature block.
	spacer()
	r = next(40)
	merge(at("A", r), at("D", r), para)
	name(f, "Notes", cert, at("A", r))
	spacer()
	r = next(27)
	merge(at("A", r), at("D", r), para)
	name(f, "Closing", cert, at("A", r))
	spacer()
	r = next(13)
	set(at("A", r), nil, company)
	name(f, "SignatureCustomer", cert, at("A", r))
	next(10)
	for i, l := range []string{"By:", "Name:", "Title:", "Date:"} {
		h := 20.0
		if i == 0 {
			h = 30
		}
		r = next(h)
		set(at("A", r), l, sigLabel)
		merge(at("B", r), at("C", r), sigLine)
		name(f, []string{"SignatureBy", "SignerName", "SignerTitle", "SignatureDate"}[i], cert, at("B", r))
	}
	spacer()
	confidential := "Confidential (Supplier Agreement §6). The Schedules that follow are part of this certificate, for Arrow CMS's auditors (§5): every figure in the tables above adds up their lines or refers to them, as a formula that follows a corrected line; the statements restate the figures, and where the two differ the Schedules govern."
	r = next(0)
	merge(at("A", r), at("D", r), small)
	set(at("A", r), confidential, small)
	heights[r] = fill.RowHeight(fill.WrappedLines(confidential, fill.ColumnRoom(15+45+12+20), fontOf(f, small)), fontOf(f, small))
	for i := 1; i <= row; i++ {
		height(i, heights[i])
	}
	check(f.SetColWidth(cert, "A", "A", 15))
	check(f.SetColWidth(cert, "B", "B", 45))
	check(f.SetColWidth(cert, "C", "C", 12))
	check(f.SetColWidth(cert, "D", "D", 20))
	page(f, cert, false)
	// Two Letter portrait pages at full size: §1.2 on the first, §1.3, the
	// notes and the signature on the second (a page break, which Excel
	// honours only when the sheet is not fit to a number of pages).
	check(f.SetSheetProps(cert, &excelize.SheetPropsOptions{FitToPage: boolPtr(false)}))
	check(f.SetPageLayout(cert, &excelize.PageLayoutOptions{AdjustTo: uintPtr(100)}))
	check(f.InsertPageBreak(cert, fmt.Sprintf("A%d", part2)))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: cert, RefersTo: fmt.Sprintf("'Certificate'!$A$1:$D$%d", row)}))

	add := func(sheet, title, subtitle string) {
		_, err := f.NewSheet(sheet)
		check(err)
		check(f.SetCellValue(sheet, "A1", title))
		check(f.SetCellStyle(sheet, "A1", "A1", s.title))
		if subtitle != "" {
			check(f.SetCellValue(sheet, "A2", subtitle))
			check(f.SetCellStyle(sheet, "A2", "A2", s.subtitle))
		}
	}
	total := func(sheet, labelCell, valueCell, label, nm string, style int) {
		check(f.SetCellValue(sheet, labelCell, label))
		check(f.SetCellStyle(sheet, labelCell, labelCell, s.label))
		check(f.SetCellStyle(sheet, valueCell, valueCell, style))
		name(f, nm, sheet, valueCell)
	}
	// the PO lines' listings, in 8 points: one landscape page wide at 85 % or
	// more, unit costs with all their decimals (they are multiplied)
	poCols := []col{
		{"PO Number", 12, s.lText}, {"PO Line", 4, s.lInt}, {"PO Date", 9.5, s.lDate}, {"Supplier", 12.5, s.lWrap},
		{"Manufacturer", 12.5, s.lWrap}, {"Part Number", 12.5, s.lWrap}, {"Quantity", 7, s.lInt}, {"Unit Cost", 9, s.lCost},
		{"Amount", 10.5, s.lMoney},
	}

	const schedA = "Schedule A"
	add(schedA, "Schedule A: exceptions to §1.2", "Franchised parts bought in the calendar quarter from another source without Arrow CMS's release (§1.2)")
	total(schedA, "H3", "I3", "Total", "ExceptionTotal", s.lTotal)
	table(f, schedA, "Exceptions", 4, append(append([]col{}, poCols...), col{"Reason", 40, s.lWrap}, col{"Location", 9, s.lWrap}, col{"Ledger Row", 6, s.lInt}), s.lHeader)
	inputs(f, schedA, "H") // Unit Cost
	page(f, schedA, true)

	const schedA1 = "Schedule A-1"
	add(schedA1, "Schedule A-1: purchases from other sources permitted by §1.2 and §1.5", "Customer directed (§1.2), under a credit limitation (§1.5), or released by Arrow CMS (§1.2: approved, or no response within 24 hours)")
	total(schedA1, "H3", "I3", "Total", "PermittedTotal", s.lTotal)
	table(f, schedA1, "Permitted", 4, append(append([]col{}, poCols...), col{"Classification", 13, s.lWrap}, col{"Basis", 30, s.lWrap}, col{"Location", 9, s.lWrap}, col{"Ledger Row", 6, s.lInt}), s.lHeader)
	inputs(f, schedA1, "H") // Unit Cost
	page(f, schedA1, true)

	const schedA2 = "Schedule A-2"
	add(schedA2, "Schedule A-2: purchases from Arrow CMS, and returns", "Franchised parts bought from Arrow CMS in the calendar quarter (§1.2), and the lines returned (negative quantities), which are no purchase")
	total(schedA2, "F3", "I3", "Total bought from Arrow CMS", "ArrowTotal", s.lTotal)
	table(f, schedA2, "ArrowPurchases", 4, append(append([]col{}, poCols...), col{"Classification", 13, s.lWrap}, col{"Location", 9, s.lWrap}, col{"Ledger Row", 6, s.lInt}), s.lHeader)
	inputs(f, schedA2, "H") // Unit Cost
	page(f, schedA2, true)

	const schedB = "Schedule B"
	add(schedB, "Schedule B: Minimum Sales ledger (§1.3)", "Each contract quarter from the start of the term (§2): Required = Minimum + an earlier shortfall Arrow CMS elected to add (§4.2(ii)); Net Sales Billed, Pending and Excluded are Schedule C's subtotals; excess carried forward up to three quarters, oldest used first (§1.3, Schedule B-1); shortfall measured at the quarter's end (§4.1). The second page: the credits carried, and what Arrow CMS may elect (§4.2), recorded elections only in Shortfall Added and Term End.")
	total(schedB, "A3", "C3", "Term end as signed (§2)", "TermEndSigned", s.tDate)
	// Too wide for one page at a legible size: two pages side by side at
	// full size, the quarter repeated on the second.
	n2 := s.lNum
	w2 := s.lWrap
	table(f, schedB, "MinimumSales", 5, []col{
		{"Quarter", 13, w2}, {"Start", 9.5, s.lDate}, {"End", 9.5, s.lDate}, {"Minimum", 9.5, n2},
		{"Shortfall Added", 9.5, n2}, {"Required", 9.5, n2}, {"Net Sales Billed", 9.5, n2},
		{"Pending", 9.5, n2}, {"Excluded", 9.5, n2}, {"Credit Used", 9.5, n2},
		{"Shortfall", 9.5, n2}, {"Result", 10, w2}, {"Final", 5, s.lText},
		{"Contract Quarter", 13, w2}, {"Excess Carried", 9.5, n2}, {"Expired", 9.5, n2}, {"Credit Balance", 9.5, n2},
		{"Arrow May Add", 9.5, n2}, {"Arrow's Notices", 30, w2}, {"Term Extension", 9.5, w2},
		{"Term End", 9.5, s.lDate}, {"Term End If Extended", 9.5, s.lDate},
	}, s.lHeader)
	inputs(f, schedB, "D") // Minimum, from the terms
	page(f, schedB, true)
	pageSplit(f, schedB, 5, "", "N")
	// the second page's own title
	check(f.SetCellValue(schedB, "N1", "Schedule B, continued: credits and Arrow CMS's elections"))
	check(f.SetCellStyle(schedB, "N1", "N1", s.title))

	const schedB1 = "Schedule B-1"
	add(schedB1, "Schedule B-1: carried-forward credits used and expired (§1.3)", "An excess over Required may be carried forward for up to three quarters; a short quarter uses the oldest unexpired credit first. Each amount is the least of what its credit has left and what its quarter still needs (Schedule B), or what expires")
	total(schedB1, "C3", "D3", "Total", "MovementTotal", s.moneyBold)
	table(f, schedB1, "Credits", 4, []col{
		{"Origin Quarter", 22, s.tWrap}, {"Movement", 10, s.tText}, {"Quarter", 22, s.tWrap}, {"Amount", 15, s.tMoney},
	}, s.header)
	page(f, schedB1, false)

	const schedC = "Schedule C"
	add(schedC, "Schedule C: Arrow CMS invoices by contract quarter (§1.3)", "Net Sales Billed = Amount - Returns - Discounts. Counted: paid within terms (a due date on a weekend or holiday moves to the next business day), or a credit (a credit memo, or returns and discounts reaching the amount). Excluded: not paid within terms. Pending: unpaid and not yet due, counted provisionally. The subtotals under the invoices are Schedule B's figures")
	total(schedC, "F3", "G3", "Total", "InvoiceTotal", s.lTotal)
	table(f, schedC, "Invoices", 4, []col{
		{"Contract Quarter", 13, s.lWrap}, {"Invoice Number", 10, s.lText}, {"Invoice Date", 9.5, s.lDate},
		{"Amount", 10.5, s.lMoney}, {"Returns", 9.5, s.lMoney}, {"Discounts", 9.5, s.lMoney}, {"Net Billed", 10.5, s.lMoney},
		{"Due Date", 9.5, s.lDate}, {"Paid Date", 9.5, s.lDate}, {"Status", 8, s.lText}, {"Reason", 34, s.lWrap},
		{"Ledger Row", 6, s.lInt},
	}, s.lHeader)
	// the subtotals by quarter and status, under the invoices (the rows of
	// the invoices push them down)
	check(f.SetCellValue(schedC, "A7", "Subtotals by contract quarter and status"))
	check(f.SetCellStyle(schedC, "A7", "A7", s.label))
	subtotals := []string{"Contract Quarter", "Counted", "Pending", "Excluded", "Net Billed", "Net Sales Billed"}
	for i, h := range subtotals {
		c, _ := excelize.ColumnNumberToName(i + 1)
		check(f.SetCellValue(schedC, c+"8", h))
		check(f.SetCellStyle(schedC, c+"8", c+"8", s.lHeader))
		st := s.lNum
		if i == 0 {
			st = s.lWrap
		}
		check(f.SetCellStyle(schedC, c+"9", c+"9", st))
	}
	check(f.SetRowHeight(schedC, 8, fill.RowHeight(2, fontOf(f, s.lHeader))))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "InvoiceSubtotals", RefersTo: fmt.Sprintf("'%s'!$A$8:$F$8", schedC)}))
	inputs(f, schedC, "D", "E", "F") // Amount, Returns, Discounts of the invoices
	page(f, schedC, true)

	const chart = "Chart"
	add(chart, "Net Sales Billed against Required, by contract quarter (§1.3)", "Quarters without a Minimum have no Required")
	name(f, "MinimumSalesChart", chart, "A4")
	page(f, chart, true)

	const audit = "Audit"
	add(audit, "Audit trail (§5)", "")
	table(f, audit, "Audit", 3, []col{{"Item", 28, s.labelWrap}, {"Value", 66, s.tWrap}}, s.header)
	page(f, audit, false)

	check(f.SetDocProps(&excelize.DocProperties{Creator: "covenant", Title: "Quarterly compliance certificate template", Created: "2003-01-01T00:00:00Z", Modified: "2003-01-01T00:00:00Z"}))
	f.SetActiveSheet(0)
	wrapSubtitles(f, s)
	check(save(f, path))
	fmt.Println("wrote", path)
}
