package main

import (
	"fmt"
	"log"

	"github.com/xuri/excelize/v2"
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
	height := func(row int, h float64) { check(f.SetRowHeight(cert, row, h)) }
	// Rows 1-2: the Customer; 4-5: the title.
	set("A1", nil, company)
	name(f, "Customer", cert, "A1")
	set("A2", nil, s.value)
	name(f, "CustomerAddress", cert, "A2")
	merge("A4", "D4", bigTitle)
	set("A4", "Quarterly Compliance Certificate", bigTitle)
	merge("A5", "D5", centered)
	set("A5", "Supplier Agreement §1.2 (Customer's Requirements) and §1.3 (Minimum Sales)", centered)
	// Rows 7-11: addressee (§7.5), agreement, period, as-of.
	labels := []struct {
		row         int
		label, name string
		style       int
		height      float64
	}{
		{7, "To:", "Addressee", topValue, 66},
		{8, "Agreement:", "Agreement", topValue, 27},
		{9, "Period:", "Period", topValue, 14},
		{10, "Contract quarter:", "ContractPeriod", topValue, 14},
	}
	for _, l := range labels {
		set(fmt.Sprintf("A%d", l.row), l.label, topLabel)
		merge(fmt.Sprintf("B%d", l.row), fmt.Sprintf("D%d", l.row), l.style)
		name(f, l.name, cert, fmt.Sprintf("B%d", l.row))
		height(l.row, l.height)
	}
	set("A11", "Figures as of:", topLabel)
	set("B11", nil, longDate)
	name(f, "AsOf", cert, "B11")

	// Part 1: §1.2.
	merge("A13", "D13", heading)
	set("A13", "1. Customer's Requirements (§1.2)", heading)
	merge("A14", "D14", para)
	name(f, "Statement12", cert, "A14")
	height(14, 64)
	set("B16", "Franchised-part purchases dated in the calendar quarter", colHeadL)
	set("C16", "PO lines", colHead)
	set("D16", "Amount", colHead)
	classes := []struct{ label, key string }{
		{"Bought from Arrow CMS", "arrow"},
		{"Customer directed (§1.2), Schedule A-1", "customer_directed"},
		{"Credit limit (§1.5), Schedule A-1", "credit_limit"},
		{"Released by Arrow CMS (§1.2), Schedule A-1", "released_by_arrow"},
		{"Exceptions to §1.2, Schedule A", "exception"},
		{"Returns (negative quantities)", "return"},
	}
	for i, c := range classes {
		row := 17 + i
		set(fmt.Sprintf("B%d", row), c.label, figLabel)
		set(fmt.Sprintf("C%d", row), nil, s.int_)
		set(fmt.Sprintf("D%d", row), nil, s.money)
		name(f, "Lines_"+c.key, cert, fmt.Sprintf("C%d", row))
		name(f, "Spend_"+c.key, cert, fmt.Sprintf("D%d", row))
	}
	set("B23", "Total franchised-part purchases, net of returns", totLabel)
	set("C23", nil, intBold)
	set("D23", nil, s.moneyBold)
	name(f, "FranchisedLines", cert, "C23")
	name(f, "FranchisedSpend", cert, "D23")

	// Part 2: §1.3.
	merge("A24", "D24", heading)
	set("A24", "2. Minimum Sales (§1.3)", heading)
	merge("A25", "D25", para)
	name(f, "Statement13", cert, "A25")
	height(25, 90)
	set("B27", "Contract quarter (Schedule B)", colHeadL)
	set("C27", nil, colHead)
	set("D27", "Amount", colHead)
	figures := []struct {
		label, name string
		style       int
	}{
		{"Minimum Sales for the quarter (§1.3)", "Minimum", s.money},
		{"Shortfall of earlier quarters added (§4.2(ii))", "ShortfallAdded", s.money},
		{"Required", "Required", moneyB},
		{"Net Sales Billed", "NetSalesBilled", moneyB},
		{"   of which pending: unpaid, not yet due", "Pending", s.money},
		{"Invoices excluded: not paid within terms", "Excluded", s.money},
		{"Excess carried forward from earlier quarters, used", "CreditUsed", s.money},
		{"Shortfall (§4.1: an event of default)", "Shortfall", s.moneyBold},
		{"Result", "Result", result},
		{"Term ends (§2, as extended under §4.2(iii))", "TermEnd", dateR},
	}
	for i, fg := range figures {
		row := 28 + i
		st := figLabel
		if fg.style == moneyB || fg.style == s.moneyBold || fg.style == result {
			st = totLabel
		}
		set(fmt.Sprintf("B%d", row), fg.label, st)
		set(fmt.Sprintf("D%d", row), nil, fg.style)
		name(f, fg.name, cert, fmt.Sprintf("D%d", row))
	}
	// Notes, the closing certification and the signature block.
	merge("A39", "D39", para)
	name(f, "Notes", cert, "A39")
	height(39, 40)
	merge("A41", "D41", para)
	name(f, "Closing", cert, "A41")
	height(41, 27)
	set("A43", nil, company)
	name(f, "SignatureCustomer", cert, "A43")
	for i, l := range []string{"By:", "Name:", "Title:", "Date:"} {
		row := 45 + i
		set(fmt.Sprintf("A%d", row), l, sigLabel)
		merge(fmt.Sprintf("B%d", row), fmt.Sprintf("C%d", row), sigLine)
	}
	name(f, "SignerName", cert, "B46")
	name(f, "SignerTitle", cert, "B47")
	merge("A50", "D50", small)
	set("A50", "Confidential (Supplier Agreement §6). The Schedules that follow are part of this certificate; every figure above is a live formula over them, for Arrow CMS's auditors (§5).", small)
	height(50, 22)
	// Row heights: 13 pt lines, 6 pt spacers, room to sign; the filled report
	// resizes the paragraphs to their text.
	for row := 1; row <= 50; row++ {
		h := 13.0
		switch row {
		case 1:
			h = 16
		case 4:
			h = 19
		case 3, 6, 12, 15, 26, 38, 40, 42, 49: // row 23 is the total since the returns row (22)
			h = 6
		case 7, 8, 14, 25, 39, 41, 50:
			continue // set above
		case 44:
			h = 10
		case 45:
			h = 30
		case 46, 47, 48:
			h = 20
		}
		height(row, h)
	}
	check(f.SetColWidth(cert, "A", "A", 15))
	check(f.SetColWidth(cert, "B", "B", 45))
	check(f.SetColWidth(cert, "C", "C", 12))
	check(f.SetColWidth(cert, "D", "D", 20))
	page(f, cert, false)
	// One Letter portrait page: fit the print area to one page wide and tall.
	one := 1
	check(f.SetPageLayout(cert, &excelize.PageLayoutOptions{FitToWidth: &one, FitToHeight: &one}))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: cert, RefersTo: "'Certificate'!$A$1:$D$50"}))

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
	poCols := []col{
		{"PO Number", 14, s.text}, {"PO Line", 7, s.int_}, {"PO Date", 11, s.date}, {"Supplier", 20, s.text},
		{"Manufacturer", 18, s.text}, {"Part Number", 16, s.text}, {"Quantity", 10, s.int_}, {"Unit Cost", 12, s.money},
		{"Amount", 15, s.money},
	}

	const schedA = "Schedule A"
	add(schedA, "Schedule A: exceptions to §1.2", "Franchised parts bought in the calendar quarter from another source without Arrow CMS's release (§1.2)")
	total(schedA, "H3", "I3", "Total", "ExceptionTotal", s.moneyBold)
	table(f, schedA, "Exceptions", 4, append(append([]col{}, poCols...), col{"Reason", 75, s.text}, col{"Location", 12, s.text}, col{"Ledger Row", 8, s.int_}), s.header)
	page(f, schedA, true)

	const schedA1 = "Schedule A-1"
	add(schedA1, "Schedule A-1: purchases from other sources permitted by §1.2 and §1.5", "Customer directed (§1.2), under a credit limitation (§1.5), or released by Arrow CMS (§1.2: approved, or no response within 24 hours)")
	total(schedA1, "H3", "I3", "Total", "PermittedTotal", s.moneyBold)
	table(f, schedA1, "Permitted", 4, append(append([]col{}, poCols...), col{"Classification", 18, s.text}, col{"Basis", 60, s.text}, col{"Location", 12, s.text}, col{"Ledger Row", 8, s.int_}), s.header)
	page(f, schedA1, true)

	const schedB = "Schedule B"
	add(schedB, "Schedule B: Minimum Sales ledger (§1.3)", "Each contract quarter from the start of the term: Required = Minimum + shortfall added (§4.2(ii)); excess carried forward up to three quarters, oldest used first (§1.3); shortfall = event of default (§4.1); term extended one calendar quarter per missed quarter (§4.2(iii))")
	total(schedB, "A3", "C3", "Term end as signed (§2)", "TermEndSigned", s.date)
	// A wide ledger on one landscape page: plain #,##0.00 amounts, narrow dates.
	num := `#,##0.00;(#,##0.00);"-"`
	n2 := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &num, Alignment: &excelize.Alignment{Vertical: "top"}}))
	shortDate := "m/d/yy"
	d2 := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &shortDate, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}))
	t2 := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, Alignment: &excelize.Alignment{Vertical: "top"}}))
	w2 := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 8, Family: "Arial"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	table(f, schedB, "MinimumSales", 5, []col{
		{"Quarter", 19, t2}, {"Start", 8, d2}, {"End", 8, d2}, {"Minimum", 12, n2},
		{"Shortfall Added", 11, n2}, {"Required", 12, n2}, {"Net Sales Billed", 12, n2},
		{"Pending", 11, n2}, {"Excluded", 11, n2}, {"Credit Used", 11, n2},
		{"Credits Used By Origin", 24, w2}, {"Excess Carried", 11, n2}, {"Expired", 10, n2},
		{"Credit Balance", 11, n2}, {"Shortfall", 11, n2}, {"Result", 10, t2}, {"Final", 6, t2},
		{"Term End", 8, d2},
	}, s.header)
	page(f, schedB, true)

	const schedB1 = "Schedule B-1"
	add(schedB1, "Schedule B-1: carried-forward credits used and expired (§1.3)", "An excess over Required may be carried forward for up to three quarters; a short quarter uses the oldest unexpired credit first")
	total(schedB1, "C3", "D3", "Total", "MovementTotal", s.moneyBold)
	table(f, schedB1, "Credits", 4, []col{
		{"Origin Quarter", 22, s.text}, {"Movement", 10, s.text}, {"Quarter", 22, s.text}, {"Amount", 15, s.money},
	}, s.header)
	page(f, schedB1, false)

	const schedC = "Schedule C"
	add(schedC, "Schedule C: Arrow CMS invoices by contract quarter (§1.3)", "Net Sales Billed = Amount - Returns - Discounts. Counted: paid within terms, or a credit memo. Excluded: not paid within terms. Pending: unpaid and not yet due, counted provisionally")
	total(schedC, "F3", "G3", "Total", "InvoiceTotal", s.moneyBold)
	table(f, schedC, "Invoices", 4, []col{
		{"Contract Quarter", 20, s.text}, {"Invoice Number", 14, s.text}, {"Invoice Date", 11, s.date},
		{"Amount", 14, s.money}, {"Returns", 12, s.money}, {"Discounts", 12, s.money}, {"Net Billed", 14, s.money},
		{"Due Date", 11, s.date}, {"Paid Date", 11, s.date}, {"Status", 10, s.text}, {"Reason", 60, s.text},
		{"Ledger Row", 8, s.int_},
	}, s.header)
	page(f, schedC, true)

	const chart = "Chart"
	add(chart, "Net Sales Billed against Required, by contract quarter (§1.3)", "Quarters without a Minimum have no Required")
	name(f, "MinimumSalesChart", chart, "A4")
	page(f, chart, true)

	const audit = "Audit"
	add(audit, "Audit trail (§5)", "")
	table(f, audit, "Audit", 3, []col{{"Item", 28, s.label}, {"Value", 90, s.text}}, s.header)
	page(f, audit, false)

	check(f.SetDocProps(&excelize.DocProperties{Creator: "covenant", Title: "Quarterly compliance certificate template", Created: "2003-01-01T00:00:00Z", Modified: "2003-01-01T00:00:00Z"}))
	f.SetActiveSheet(0)
	check(f.SaveAs(path))
	fmt.Println("wrote", path)
}
