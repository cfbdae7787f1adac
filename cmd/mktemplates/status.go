package main

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

func init() { builders["status.xlsx"] = status }

// statusFooter marks both agreements confidential (Supplier Agreement §6
// covers the Loan Agreement too).
const statusFooter = "&L&8Confidential: Supplier Agreement §6&C&8Page &P of &N&R&8&A"

// status writes the template of covenant status: "Where we stand" on one
// Letter portrait page, then the obligations of both agreements, the Minimum
// Sales to date with its chart, the quarter's invoices, the credits carried
// forward, the holidays, §1.2 this month, the breakdowns awaiting Arrow, the
// loan, the defaults map and the audit trail.
func status(path string) {
	f := excelize.NewFile()
	defer f.Close()
	s := newStyles(f)
	k := kit{f: f, footer: statusFooter}
	must := func(id int, err error) int {
		check(err)
		return id
	}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Family: "Arial"}
	}
	var (
		heading = must(f.NewStyle(&excelize.Style{Font: font(true, 10), Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}}))
		para    = must(f.NewStyle(&excelize.Style{Font: font(false, 9), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
		label   = must(f.NewStyle(&excelize.Style{Font: font(false, 10), Alignment: &excelize.Alignment{Indent: 1}}))
		intR    = must(f.NewStyle(&excelize.Style{Font: font(false, 10), NumFmt: 3}))
		intB    = must(f.NewStyle(&excelize.Style{Font: font(true, 10), NumFmt: 3}))
		title   = must(f.NewStyle(&excelize.Style{Font: font(true, 14)}))
		sub     = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 9, Family: "Arial", Color: "555555"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	)

	// Page 1: where we stand, on one Letter page.
	const front = "Where We Stand"
	check(f.SetSheetName("Sheet1", front))
	at := func(col string, row int) string { return fmt.Sprintf("%s%d", col, row) }
	merge := func(row int, style int) string {
		a, d := at("A", row), at("D", row)
		check(f.SetCellStyle(front, a, d, style))
		check(f.MergeCell(front, a, d))
		return a
	}
	row := 0
	next := func(h float64) int { row++; check(f.SetRowHeight(front, row, h)); return row }
	r := next(20)
	name(f, "Title", front, merge(r, title))
	r = next(24)
	name(f, "Subtitle", front, merge(r, sub))
	section := func(text string) {
		next(6)
		r := next(15)
		k.put(front, merge(r, heading), text, heading)
	}
	figure := func(text, nm string, style int) {
		r := next(14)
		a, c := at("A", r), at("C", r)
		check(f.SetCellStyle(front, a, c, label))
		check(f.MergeCell(front, a, c))
		if text != "" {
			check(f.SetCellValue(front, a, text))
		}
		k.put(front, at("D", r), nil, style)
		name(f, nm, front, at("D", r))
	}
	labelled := func(nm string) { name(f, nm+"Label", front, at("A", row)) }
	paragraph := func(nm string) {
		r := next(13)
		name(f, nm, front, merge(r, para))
	}
	section("The obligations of both agreements (sheet Obligations)")
	for _, c := range []struct{ label, key string }{
		{"Late", "late"}, {"Due soon (within the warning days)", "due"}, {"Upcoming", "upcoming"},
		{"Done", "done"}, {"Waived", "waived"}, {"No longer required", "moot"},
	} {
		figure(c.label, "Count_"+c.key, intR)
	}
	section("Minimum Sales to date (§1.3; sheet Minimum Sales)")
	paragraph("SalesQuarter")
	figure("Required (with Arrow CMS's recorded elections, §4.2(ii))", "SalesRequired", s.money)
	figure("Net Sales Billed to date, counted and pending", "SalesNetBilled", s.money)
	figure("   of which pending: unpaid, not yet due", "SalesPending", s.money)
	figure("Credits carried forward, available (§1.3)", "SalesCredits", s.money)
	figure("Still needed (never below zero)", "SalesNeeded", s.moneyBold)
	figure("Business days left in the quarter", "SalesDaysLeft", intB)
	labelled("SalesDaysLeft")
	figure("A business day, to meet it (rounded up to the cent)", "SalesPerDay", s.moneyBold)
	section("§1.2 this month (sheets This Month and Breakdowns)")
	paragraph("MonthText")
	figure("Exceptions to §1.2 so far, PO lines", "MonthExceptions", intR)
	figure("Exceptions to §1.2 so far, amount", "MonthExceptionSpend", s.money)
	figure("Breakdowns awaiting Arrow's answer", "AwaitingCount", intR)
	paragraph("AwaitingText")
	section("The loan (Amendment No. 10; sheet Loan)")
	paragraph("LoanFees")
	figure("Availability", "LoanAvailability", s.money)
	labelled("LoanAvailability")
	figure("Overadvance", "LoanOveradvance", s.money)
	figure("Headroom under the day's cap (Amendment B.1)", "LoanHeadroom", s.moneyBold)
	paragraph("LoanNextCap")
	section("Defaults map (§4.1; sheet Defaults)")
	paragraph("DefaultsText")
	section("Most urgent")
	next(6)
	headerRow := next(14)
	lastFront := headerRow + 1
	check(f.SetColWidth(front, "A", "A", 11))
	check(f.SetColWidth(front, "B", "B", 11))
	check(f.SetColWidth(front, "C", "C", 52))
	check(f.SetColWidth(front, "D", "D", 34))
	frontCols := []col{{"Due", 11, s.tDate}, {"Status", 11, s.tWrap}, {"Obligation", 52, s.tWrap}, {"Now", 34, s.tWrap}}
	table(f, front, "Urgent", headerRow, frontCols, s.header)
	// no frozen pane on the page that prints whole
	check(f.SetPanes(front, &excelize.Panes{}))
	check(f.SetRowHeight(front, headerRow, 14))
	k.pageSetup(front, false)
	one := 1
	check(f.SetPageLayout(front, &excelize.PageLayoutOptions{FitToWidth: &one, FitToHeight: &one}))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: front, RefersTo: fmt.Sprintf("'%s'!$A$1:$D$%d", front, lastFront+12)}))

	add := func(sheet, title, subtitle string, landscape bool) {
		k.add(sheet)
		k.put(sheet, "A1", title, s.title)
		if subtitle != "" {
			k.put(sheet, "A2", subtitle, s.subtitle)
		}
		k.pageSetup(sheet, landscape)
	}

	const obl = "Obligations"
	add(obl, "The obligations of both agreements", "Every dated obligation of the Supplier Agreement (§1.2, §1.3, §2, §4.1, §5) and of Amendment No. 10 (A.3, B.1, D.2, §10.19, §10.21), with its status as of the date of this report", true)
	table(f, obl, "Obligations", 4, []col{
		{"Due", 9.5, s.lDate}, {"Status", 8, s.lWrap}, {"Obligation", 20, s.lWrap}, {"Clause", 9, s.lWrap},
		{"What to deliver or do", 34, s.lWrap}, {"To", 18, s.lWrap}, {"Where it stands", 28, s.lWrap},
		{"Delivered On", 9.5, s.lDate}, {"Warning", 16, s.lWrap},
		// covenant's own name of the obligation (--json's id, the calendar's
		// UID): kept for a filter or a formula, not printed
		{"Obligation id", 16, s.lText},
	}, s.lHeader)
	hide(f, obl, "J")

	const ms = "Minimum Sales"
	add(ms, "Minimum Sales to date (§1.3)", "The contract quarter holding the date of this report: Required, Net Sales Billed to date from Arrow CMS's invoices (sheet Invoices), the credits carried forward (sheet Credits), what is still needed and the amount a business day that meets it (US federal holidays, sheet Holidays, are no business days)", false)
	k.fields(ms, 4, s.label, 0, 0, []field{
		{"Contract quarter", "QuarterLabel", s.value},
		{"From", "QuarterStart", s.date},
		{"Through", "QuarterEnd", s.date},
		{"Minimum Sales (§1.3)", "Minimum", s.money},
		{"Shortfall added by Arrow CMS's election (§4.2(ii))", "ShortfallAdded", s.money},
		{"Required", "Required", s.moneyBold},
		{"Net Sales Billed to date: counted", "Counted", s.money},
		{"Net Sales Billed to date: pending (unpaid, not yet due)", "Pending", s.money},
		{"Net Sales Billed to date", "NetSalesBilled", s.moneyBold},
		{"Credits carried forward, available", "CreditsAvailable", s.money},
		{"Still needed: Required - Net Sales Billed - credits, never below 0", "Needed", s.moneyBold},
		{"As of", "AsOf", s.date},
		{"Business days left, after the as-of date through the quarter's end", "BusinessDaysLeft", s.int_},
		{"A business day, to meet it (rounded up to the cent)", "PerBusinessDay", s.moneyBold},
	})
	k.put(ms, "A19", "", s.note)
	check(f.MergeCell(ms, "A19", "D21"))
	name(f, "SalesNote", ms, "A19")
	// the chart under the figures, as wide as the page's columns
	name(f, "SalesChart", ms, "A23")
	table(f, ms, "Daily", 40, []col{
		{"Date", 56, s.tDate}, {"Net Sales Billed That Day", 18, s.tMoney}, {"Cumulative Net Sales Billed", 18, s.tMoney}, {"Required", 18, s.tMoney},
	}, s.header)
	// the quarter's Minimum (the terms) and the shortfall Arrow CMS elected
	// to add (its notices)
	inputs(f, ms, "$B$7", "$B$8")

	const inv = "Invoices"
	add(inv, "Arrow CMS invoices of the contract quarter (§1.3)", "Net Billed = Amount - Returns - Discounts; counted when paid within its terms or a credit; pending when unpaid and not yet due; excluded when not paid within its terms", true)
	table(f, inv, "Invoices", 4, []col{
		{"Invoice Number", 12, s.lWrap}, {"Invoice Date", 9.5, s.lDate}, {"Amount", 11, s.lMoney}, {"Returns", 10, s.lMoney},
		{"Discounts", 10, s.lMoney}, {"Net Billed", 11, s.lMoney}, {"Due Date", 9.5, s.lDate}, {"Paid Date", 9.5, s.lDate},
		{"Status", 8, s.lWrap}, {"Reason", 42, s.lWrap}, {"Ledger Row", 6, s.lInt},
	}, s.lHeader)
	inputs(f, inv, "C", "D", "E") // Amount, Returns, Discounts: the invoice as the books have it

	const cr = "Credits"
	add(cr, "Credits carried forward, available to the quarter (§1.3)", "An excess over Required \"may be carried forward for up to three quarters\"; the oldest is used first. Excess and Used Before are the §1.3 ledger's of the earlier quarters (the certificate's Schedules B and B-1)", false)
	table(f, cr, "Credits", 4, []col{
		{"From The Quarter", 24, s.tWrap}, {"Excess", 14, s.tMoney}, {"Used Before", 14, s.tMoney}, {"Available", 14, s.tMoney}, {"Usable Through The Quarter", 24, s.tWrap},
	}, s.header)
	inputs(f, cr, "B", "C") // Excess, Used Before: from the earlier quarters

	const hol = "Holidays"
	add(hol, "US federal holidays (5 U.S.C. 6103)", "As observed; no business day. Used by the business days left on sheet Minimum Sales", false)
	table(f, hol, "Holidays", 4, []col{{"Date", 14, s.tDate}, {"Holiday", 40, s.tWrap}}, s.header)

	const month = "This Month"
	add(month, "§1.2 this month", "The PO lines dated in the month through the date of this report, classified as the monthly report classifies them; the exceptions so far", true)
	// the labels across the table's first three columns, each value in the
	// next two (the table's narrow columns could not show them)
	for i, fd := range []field{
		{"Month", "MonthLabel", s.value},
		{"PO lines dated in it so far", "MonthLines", s.int_},
		{"Exceptions so far", "ExceptionCount", s.int_},
		{"Exceptions so far, amount", "ExceptionSpend", s.moneyBold},
	} {
		row := 3 + i
		k.put(month, fmt.Sprintf("A%d", row), fd.label, s.label)
		check(f.MergeCell(month, fmt.Sprintf("A%d", row), fmt.Sprintf("C%d", row)))
		k.put(month, fmt.Sprintf("D%d", row), "", fd.style)
		k.put(month, fmt.Sprintf("E%d", row), nil, fd.style)
		check(f.MergeCell(month, fmt.Sprintf("D%d", row), fmt.Sprintf("E%d", row)))
		name(f, fd.name, month, fmt.Sprintf("D%d", row))
	}
	table(f, month, "Exceptions", 8, []col{
		{"PO Number", 12, s.lText}, {"PO Line", 4, s.lInt}, {"PO Date", 9.5, s.lDate}, {"Supplier", 12.5, s.lWrap},
		{"Manufacturer", 12.5, s.lWrap}, {"Part Number", 12.5, s.lWrap}, {"Quantity", 7, s.lInt}, {"Unit Cost", 9, s.lCost},
		{"Amount", 10.5, s.lMoney}, {"Reason", 40, s.lWrap}, {"Location", 9, s.lWrap}, {"Ledger Row", 6, s.lInt},
	}, s.lHeader)
	inputs(f, month, "H") // Unit Cost

	const bd = "Breakdowns"
	add(bd, "Breakdowns awaiting Arrow's answer (§1.2)", "Sent, no answer recorded, the response hours not run out: unless Arrow CMS agrees to meet the terms, the placement elsewhere is released when they run out", false)
	table(f, bd, "Awaiting", 4, []col{
		{"PO Number", 14, s.tWrap}, {"PO Line", 8, s.tWrap}, {"Location", 11, s.tWrap}, {"Sent", 13.5, s.tDateTime}, {"Response Hours", 9, s.tInt},
		{"Release At", 13.5, s.tDateTime}, {"Ledger", 14, s.tWrap}, {"Ledger Row", 7, s.tInt},
	}, s.header)

	const loan = "Loan"
	add(loan, "The loan (Amendment No. 10)", "The latest Borrowing row dated by the date of this report (B.1), the next change of the overadvance cap, and the Extension Fee installments next due or late (A.3), as the loan fee report computes them", true)
	k.fields(loan, 4, s.label, 0, 0, []field{
		{"Latest Borrowing row", "LatestDate", s.date},
		{"IEC Receivables Borrowing Base", "ReceivablesBase", s.money},
		{"Advance rate (B.1)", "AdvanceRate", s.value},
		{"IEC Borrowing Capacity", "IECCapacity", s.money},
		{"Maximum Limit (B.1 (A))", "MaximumLimit", s.money},
		{"Banker's acceptances", "BankersAcceptances", s.money},
		{"Letters of guaranty", "LettersOfGuaranty", s.money},
		{"Letters of credit", "LettersOfCredit", s.money},
		{"Banker's acceptances, letters of guaranty and of credit", "Letters", s.money},
		{"Borrowing Capacity", "BorrowingCapacity", s.money},
		{"Advances", "Advances", s.money},
		{"Availability", "Availability", s.moneyBold},
		{"Overadvance", "Overadvance", s.money},
		{"Overadvance cap of the day (B.1)", "DatedCap", s.money},
		{"Term Loan Reserve", "TermLoanReserve", s.money},
		{"Cap in force: the lesser of the two", "DayCap", s.money},
		{"Headroom under the cap", "Headroom", s.moneyBold},
		{"Next change of the cap", "NextCapDate", s.date},
		{"Cap from then", "NextCapAmount", s.money},
	})
	k.put(loan, "A24", "", s.note)
	check(f.MergeCell(loan, "A24", "D25"))
	name(f, "LoanNote", loan, "A24")
	table(f, loan, "Fees", 27, []col{
		{"Installment", 48, s.tWrap}, {"Due Date", 18, s.tDate}, {"Amount", 13, s.tMoney}, {"Payable", 13, s.tMoney},
		{"Paid", 13, s.tMoney}, {"Still Owed", 13, s.tMoney}, {"Status", 12, s.tWrap},
	}, s.header)
	// what the latest Borrowing row and the terms give as they are (B.1), and
	// each installment as the loan fee report computes it (A.3)
	inputs(f, loan, "$B$5", "$B$6", "$B$8", "$B$9:$B$11", "$B$14", "$B$17", "$B$18", "$B$22", "C", "D", "E")

	const def = "Defaults"
	add(def, "Defaults map (§4.1)", "Minimum Sales shortfalls of ended quarters, Arrow CMS's notices and their thirtieth days, late deliveries, and breaches of Amendment B.1 (a loan in excess of $500,000: \"any loan document\" of §4.1), each with the clauses that tie them", true)
	table(f, def, "Defaults", 4, []col{
		{"Date", 10, s.tDate}, {"Agreement", 14, s.tWrap}, {"Clause", 14, s.tWrap}, {"What", 92, s.tWrap},
	}, s.header)

	const audit = "Audit"
	add(audit, "Audit trail (§5)", "", false)
	table(f, audit, "Audit", 3, []col{{"Item", 24, s.labelWrap}, {"Value", 72, s.tWrap}}, s.header)

	check(f.SetDocProps(&excelize.DocProperties{Creator: "covenant", Title: "Where we stand: status template", Created: "2003-01-01T00:00:00Z", Modified: "2003-01-01T00:00:00Z"}))
	f.SetActiveSheet(0)
	wrapSubtitles(f, s)
	check(save(f, path))
	fmt.Println("wrote", path)
}
