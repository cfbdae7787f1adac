package main

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

func init() { builders["borrowing.xlsx"] = borrowingTemplate }

// borrowingFooter replaces the Supplier Agreement footer: this report is about
// the loan.
const borrowingFooter = "&L&8Confidential (§6): Loan Amendment No. 10 (B.1, B.2)&C&8Page &P of &N&R&8&A"

// borrowingTemplate writes the template of `covenant borrowing`: Summary (terms,
// figures, statement, chart), Daily (one row a calendar day), Breaches, Findings
// (over the Borrowing Capacity without a breach), Interest (monthly accrual),
// Journal, Interest Detail (one row a day) and Audit.
func borrowingTemplate(path string) {
	f := excelize.NewFile()
	defer f.Close()
	s := newStyles(f)
	must := func(id int, err error) int { check(err); return id }
	rateFmt := `0.00"%"`
	tRate := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 9, Family: "Arial"}, CustomNumFmt: &rateFmt, Alignment: &excelize.Alignment{Vertical: "top"}}))
	pctFmt := "0%"
	pct := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &pctFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}))
	moneyFmt := `$#,##0.00;-$#,##0.00`
	moneyLeft := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &moneyFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}))
	labelTop := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, Alignment: &excelize.Alignment{Vertical: "top"}}))
	numFmt := `#,##0.00;(#,##0.00);"-"`
	tNum := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 9, Family: "Arial"}, CustomNumFmt: &numFmt, Alignment: &excelize.Alignment{Vertical: "top"}}))
	wdFmt := "ddd yyyy-mm-dd"
	tWeekday := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 9, Family: "Arial"}, CustomNumFmt: &wdFmt, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}))
	tCenter := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 9, Family: "Arial"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}))
	shortFmt := isoDate
	tShort := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 9, Family: "Arial"}, CustomNumFmt: &shortFmt, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}))
	intLeft := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, NumFmt: 3, Alignment: &excelize.Alignment{Horizontal: "left"}}))
	k := kit{f: f, footer: borrowingFooter}
	pageSetup, add, put := k.pageSetup, k.add, k.put

	const sum = "Summary"
	check(f.SetSheetName("Sheet1", sum))
	put(sum, "A1", "Borrowing Capacity, Overadvances and Interest", s.title)
	put(sum, "A2", "Amendment No. 10 to the Loan and Security Agreement: B.1 Borrowing Capacity and Overadvances, B.2 Pricing Grid", s.subtitle)
	end := k.fields(sum, 4, s.label, labelTop, s.wrap, []field{
		{"Borrower", "Borrower", s.value},
		{"Agent", "Agent", s.value},
		{"Period from", "FirstDate", s.date},
		{"Period to", "LastDate", s.date},
		{"Calendar days", "Days", intLeft},
		{"As of", "AsOf", s.date},
		{"Prepared by", "PreparedBy", s.value},
		{"", "", 0},
		{"Maximum Limit (B.1)", "MaximumLimit", moneyLeft},
		{"Advance rate on receivables (B.1)", "AdvanceRate", pct},
		{"Overadvance caps (B.1)", "CapSchedule", s.wrap},
		{"Pricing grid (B.2)", "PricingGrid", s.wrap},
		{"Interest basis", "DayCountBasis", s.value},
		{"", "", 0},
		{"Peak advances", "PeakAdvances", moneyLeft},
		{"Lowest availability", "LowestAvailability", moneyLeft},
		{"Largest overadvance", "LargestOveradvance", moneyLeft},
		{"Days not compliant with B.1", "DaysInBreach", intLeft},
		{"Breaches (one a rule a day)", "BreachCount", intLeft},
		{"Days over capacity without a breach (findings)", "FindingCount", intLeft},
		{"Interest on Advances", "InterestAdvances", moneyLeft},
		{"Interest on the Term Loan", "InterestTermLoan", moneyLeft},
		{"Total interest", "InterestTotal", moneyLeft},
		{"Days with a balance and no rate (B.2)", "DaysWithoutRate", intLeft},
	})
	stmt := end + 1 // 29
	put(sum, fmt.Sprintf("A%d", stmt), "", s.wrap)
	check(f.MergeCell(sum, fmt.Sprintf("A%d", stmt), fmt.Sprintf("C%d", stmt)))
	name(f, "Statement", sum, fmt.Sprintf("A%d", stmt))
	note := stmt + 2
	noteText := "Every amount on the Daily, Interest and Journal sheets is a formula over the balances of the Borrowing sheet, with its value; each breach and finding refers to its day on the Daily sheet. A row's balances and Prime Rate hold until the next row's date, so weekends and holidays are tested and accrue interest. The Breaches sheet has one line a rule a calendar day; the Findings sheet one line a day on which the advances exceed the Borrowing Capacity without a breach. The statement restates the figures; where the two differ the tables govern."
	put(sum, fmt.Sprintf("A%d", note), noteText, s.note)
	check(f.MergeCell(sum, fmt.Sprintf("A%d", note), fmt.Sprintf("C%d", note)))
	fitRow(f, sum, note, noteText, 44+36+16, s.note)
	check(f.SetColWidth(sum, "A", "A", 44))
	check(f.SetColWidth(sum, "B", "B", 36))
	check(f.SetColWidth(sum, "C", "C", 16))
	check(f.SetRowHeight(sum, 4+10, 66)) // the caps: five lines
	check(f.SetRowHeight(sum, 4+11, 27)) // the pricing grid: two lines
	inputs(f, sum, "$B$12")              // the Maximum Limit of the terms
	pageSetup(sum, false)
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sum, RefersTo: fmt.Sprintf("'%s'!$A$1:$C$%d", sum, note)}))

	// the chart on a sheet of its own (on a page below the summary, LibreOffice
	// draws its top on the page before)
	const chart = "Chart"
	add(chart)
	put(chart, "A1", "Advances against the Borrowing Capacity and the Advance Ceiling", s.title)
	put(chart, "A2", "By calendar day, from the Daily sheet (Amendment B.1)", s.subtitle)
	put(chart, "A4", "", s.text)
	name(f, "Chart", chart, "A4")
	pageSetup(chart, false)

	const daily = "Daily"
	add(daily)
	put(daily, "A1", "Borrowing Capacity and Overadvances by day", s.title)
	put(daily, "A2", "Amendment B.1: every calendar day; a weekend or holiday holds the balances of the row before it (Held From). Compliant: no breach of B.1; a day over the Borrowing Capacity without a breach is on the Findings sheet", s.subtitle)
	// two pages side by side at full size: the balances, then what B.1
	// makes of them, each day's date at the head of both
	table(f, daily, "Daily", 4, []col{
		{"Date", 13, tWeekday}, {"Held From", 10, tShort}, {"Ledger Row", 6.5, s.tInt},
		{"Receivables Borrowing Base", 11, tNum}, {"Advances", 11, tNum},
		{"Banker's Acceptances", 11, tNum}, {"Letters of Guaranty", 10.5, tNum}, {"Letters of Credit", 10.5, tNum},
		{"Term Loan Reserve", 11, tNum}, {"Day", 13, tWeekday}, {"IEC Borrowing Capacity", 11, tNum}, {"Borrowing Capacity", 11, tNum},
		{"Availability", 11.5, tNum}, {"Overadvance", 11, tNum}, {"Overadvance Cap", 10.5, tNum},
		{"Advance Ceiling", 11, tNum}, {"Compliant", 9, tCenter}, {"Breach", 28, s.tWrap},
	}, s.header)
	// the balances of the loan workbook, and the cap the terms set for the day
	inputs(f, daily, "D", "E", "F", "G", "H", "I", "O")
	pageSetup(daily, true)
	pageSplit(f, daily, 4, "", "J")
	put(daily, "J1", "Daily, continued: what Amendment B.1 makes of the balances", s.title)

	const breaches = "Breaches"
	add(breaches)
	put(breaches, "A1", "Breaches of Amendment B.1", s.title)
	put(breaches, "A2", "One line for each rule broken on each calendar day, weekends and holidays included (B.1: \"at any one time\")", s.subtitle)
	table(f, breaches, "Breaches", 4, []col{
		{"Date", 13, tWeekday}, {"Rule", 16, s.tWrap}, {"Breach", 54, s.tWrap},
		{"Amount", 13, tNum}, {"Limit", 13, tNum}, {"Excess", 13, tNum}, {"Ledger Row", 6, s.tInt},
	}, s.header)
	pageSetup(breaches, true)

	const findings = "Findings"
	add(findings)
	put(findings, "A1", "Over the Borrowing Capacity: findings", s.title)
	put(findings, "A2", "Days that break no rule of Amendment B.1 on which the advances exceed the Borrowing Capacity (the lesser of the Maximum Limit and the IEC Borrowing Capacity, less banker's acceptances, letters of guaranty and letters of credit): one line a calendar day", s.subtitle)
	table(f, findings, "Findings", 4, []col{
		{"Date", 13, tWeekday}, {"Finding", 70, s.tWrap},
		{"Advances", 13, tNum}, {"Borrowing Capacity", 13, tNum}, {"Excess", 12, tNum}, {"Overadvance", 12, tNum}, {"Ledger Row", 6, s.tInt},
	}, s.header)
	pageSetup(findings, true)

	const interest = "Interest"
	add(interest)
	put(interest, "A1", "Interest accrual by month", s.title)
	put(interest, "A2", "Amendment B.2: the sum of the unrounded daily interest of each month (Interest Detail), rounded to the cent; a month with a balance on a day no pricing-grid period prices is incomplete", s.subtitle)
	put(interest, "D3", "Total", s.label)
	put(interest, "E3", "", s.moneyBold)
	put(interest, "F3", "", s.moneyBold)
	put(interest, "G3", "", s.moneyBold)
	name(f, "InterestTotalAdvances", interest, "E3")
	name(f, "InterestTotalTermLoan", interest, "F3")
	name(f, "InterestTotalAll", interest, "G3")
	table(f, interest, "Interest", 4, []col{
		{"Month", 10, s.tText}, {"From", 10, s.tDate}, {"To", 10, s.tDate}, {"Days", 6, s.tInt},
		{"Advances Interest", 15, s.tMoney}, {"Term Loan Interest", 15, s.tMoney}, {"Total Interest", 15, s.tMoney},
		{"Days Without Rate", 12, s.tInt}, {"Note", 52, s.tWrap},
	}, s.header)
	pageSetup(interest, true)

	const journal = "Journal"
	add(journal)
	put(journal, "A1", "Journal entries: interest accrued", s.title)
	put(journal, "A2", "One entry a month, dated the last day accrued; amounts refer to the Interest sheet", s.subtitle)
	put(journal, "C3", "Total", s.label)
	put(journal, "D3", "", s.moneyBold)
	put(journal, "E3", "", s.moneyBold)
	name(f, "JournalDebits", journal, "D3")
	name(f, "JournalCredits", journal, "E3")
	table(f, journal, "Journal", 4, []col{
		{"Entry", 13, s.tText}, {"Date", 10, s.tDate}, {"Account", 28, s.tWrap}, {"Debit", 14, s.tMoney},
		{"Credit", 14, s.tMoney}, {"Memo", 50, s.tWrap},
	}, s.header)
	pageSetup(journal, true)

	const detail = "Interest Detail"
	add(detail)
	put(detail, "A1", "Interest by day", s.title)
	put(detail, "A2", "Amendment B.2: balance x (Prime Rate + margin) / 100 / day-count basis, unrounded; a blank margin: no pricing-grid period covers the day (\"no rate\": a balance whose interest is not known)", s.subtitle)
	table(f, detail, "InterestDetail", 4, []col{
		{"Date", 13, tWeekday}, {"Month", 8, s.tText}, {"Advances", 12, tNum}, {"Prime Rate", 7, tRate},
		{"Advances Margin", 8, tRate}, {"Advances Rate", 8, tRate}, {"Advances Interest", 11, tNum},
		{"Term Loan Balance", 12, tNum}, {"Term Loan Margin", 8, tRate}, {"Term Loan Rate", 8, tRate}, {"Term Loan Interest", 11, tNum},
	}, s.header)
	// the balances and rates of the loan workbook and the margins of the terms
	inputs(f, detail, "C", "D", "E", "H", "I")
	pageSetup(detail, true)

	const audit = "Audit"
	add(audit)
	put(audit, "A1", "Audit trail", s.title)
	table(f, audit, "Audit", 3, []col{{"Item", 24, s.labelWrap}, {"Value", 80, s.tWrap}}, s.header)
	pageSetup(audit, false)

	check(f.SetDocProps(&excelize.DocProperties{Creator: "covenant", Title: "Borrowing capacity, overadvance and interest report template", Created: "2003-01-01T00:00:00Z", Modified: "2003-01-01T00:00:00Z"}))
	f.SetActiveSheet(0)
	wrapSubtitles(f, s)
	check(save(f, path))
	fmt.Println("wrote", path)
}
