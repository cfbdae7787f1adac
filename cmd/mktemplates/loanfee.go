package main

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

func init() { builders["loanfee.xlsx"] = loanFeeTemplate }

// loanFeeFooter replaces the Supplier Agreement footer: this report is about the
// loan's Extension Fee.
const loanFeeFooter = "&L&8Confidential (§6): Loan Amendment No. 10 (A.3, B.3)&C&8Page &P of &N&R&8&A"

// loanFeeTemplate writes the template of `covenant loanfee`: Summary (terms,
// totals, statement, notes), Schedule (the installments), Credits (what the Agent
// holds that no installment owes), Amortization (by month, with a chart of the
// balance), Journal and Audit.
func loanFeeTemplate(path string) {
	f := excelize.NewFile()
	defer f.Close()
	s := newStyles(f)
	must := func(id int, err error) int { check(err); return id }
	acct := `_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)`
	moneyLeft := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &acct}))
	labelTop := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, Alignment: &excelize.Alignment{Vertical: "top"}}))
	entryNo := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 9, Family: "Arial"}, NumFmt: 1, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}))
	k := kit{f: f, footer: loanFeeFooter}
	pageSetup, add, put := k.pageSetup, k.add, k.put

	const sum = "Summary"
	check(f.SetSheetName("Sheet1", sum))
	put(sum, "A1", "Loan Extension Fee", s.title)
	put(sum, "A2", "Amendment No. 10 to the Loan and Security Agreement: A.3 Extension Fee (Base Fee, Additional Fee, waivers), B.3 Initial Term", s.subtitle)
	end := k.fields(sum, 4, s.label, 0, 0, []field{
		{"Borrower", "Borrower", s.value},
		{"Agent", "Agent", s.value},
		{"Lenders", "Lenders", s.value},
		{"Executed (fee earned, A.3)", "Execution", s.date},
		{"Initial Term ends (B.3)", "TermEnd", s.date},
		{"Full Payment", "FullPayment", s.value},
		{"As of", "AsOf", s.date},
		{"Prepared by", "PreparedBy", s.value},
		{"", "", 0},
		{"Extension Fee scheduled", "Scheduled", moneyLeft},
		{"Waived (A.3)", "Waived", moneyLeft},
		{"Payable", "Payable", moneyLeft},
		{"Paid against it", "Paid", moneyLeft},
		{"Still owed", "Outstanding", moneyLeft},
		{"Credit with the Agent (to apply or to refund)", "Credit", moneyLeft},
		{"Still owed less the credit", "NetOwed", moneyLeft},
		{"", "", 0},
		{"Amortization expense", "TotalExpense", moneyLeft},
		{"Written off on Full Payment", "WrittenOff", moneyLeft},
		{"Expense + write-off - payable (must be zero)", "Check", moneyLeft},
	})
	stmt := end + 1 // 25
	put(sum, fmt.Sprintf("A%d", stmt), "", s.wrap)
	check(f.MergeCell(sum, fmt.Sprintf("A%d", stmt), fmt.Sprintf("C%d", stmt+5)))
	name(f, "Statement", sum, fmt.Sprintf("A%d", stmt))
	notes := stmt + 7 // 32
	put(sum, fmt.Sprintf("A%d", notes), "How the events were applied", s.label)
	put(sum, fmt.Sprintf("A%d", notes+1), "", s.note)
	check(f.MergeCell(sum, fmt.Sprintf("A%d", notes+1), fmt.Sprintf("C%d", notes+12)))
	name(f, "Notes", sum, fmt.Sprintf("A%d", notes+1))
	foot := notes + 14 // 46
	put(sum, fmt.Sprintf("A%d", foot), "The totals are live formulas over the Schedule, Credits and Amortization sheets. Payments are applied in date order, each as of its own date: to the installment it names, else to the installments open that day, oldest due first. A waiver does not move what was paid: what was paid on a waived installment, or beyond what an installment owed, is a credit with the Agent, to apply to an installment still owed or to refund. The fee is earned on execution and booked then (deferred financing cost against fee payable); it is amortized by actual days through the end of the Initial Term. A waiver takes its amount off the balance on the day of its event, and the rest is spread over the days left; Full Payment ends the amortization on its date and the balance left is written off. Each month is rounded to the cent; the last month or the write-off takes the residue.", s.note)
	check(f.MergeCell(sum, fmt.Sprintf("A%d", foot), fmt.Sprintf("C%d", foot+6)))
	check(f.SetColWidth(sum, "A", "A", 44))
	check(f.SetColWidth(sum, "B", "B", 20))
	check(f.SetColWidth(sum, "C", "C", 44))
	pageSetup(sum, false)
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sum, RefersTo: fmt.Sprintf("'%s'!$A$1:$C$%d", sum, foot+6)}))

	const sched = "Schedule"
	add(sched)
	put(sched, "A1", "Extension Fee installments", s.title)
	put(sched, "A2", "Amendment A.3: the Base Fee and the Additional Fee as scheduled, what was waived and why, what was paid, what became a credit, and what is still owed", s.subtitle)
	put(sched, "C3", "Total", s.label)
	for _, c := range []struct{ cell, name string }{{"D3", "ScheduleAmount"}, {"E3", "ScheduleWaived"}, {"G3", "SchedulePayable"}, {"H3", "SchedulePaid"}, {"I3", "ScheduleCredit"}, {"J3", "ScheduleOutstanding"}} {
		put(sched, c.cell, "", s.moneyBold)
		name(f, c.name, sched, c.cell)
	}
	table(f, sched, "Schedule", 4, []col{
		{"Installment", 12, s.tText}, {"Fee", 9, s.tText}, {"Due Date", 10, s.tDate}, {"Amount", 13, s.tMoney},
		{"Waived", 13, s.tMoney}, {"Waiver Basis", 44, s.tWrap}, {"Payable", 13, s.tMoney}, {"Paid", 13, s.tMoney},
		{"Credit", 12, s.tMoney}, {"Outstanding", 13, s.tMoney}, {"Status", 15, s.tWrap}, {"Last Payment", 10, s.tDate},
	}, s.header)
	pageSetup(sched, true)

	const credits = "Credits"
	add(credits)
	put(credits, "A1", "Credits with the Agent", s.title)
	put(credits, "A2", "Amendment A.3 waives what is due, not what was paid: what was paid on an installment before or after it was waived, or beyond what it owed, is the Debtor's credit, to apply to an installment still owed or to refund", s.subtitle)
	put(credits, "A3", "Total", s.label)
	put(credits, "B3", "", s.moneyBold)
	name(f, "CreditsTotal", credits, "B3")
	table(f, credits, "Credits", 4, []col{
		{"Date", 10, s.tDate}, {"Amount", 13, s.tMoney}, {"Installment", 12, s.tText}, {"How It Arose", 26, s.tWrap}, {"Basis", 60, s.tWrap},
	}, s.header)
	pageSetup(credits, true)

	const amort = "Amortization"
	add(amort)
	put(amort, "A1", "Amortization of the Extension Fee by month", s.title)
	put(amort, "A2", "Deferred financing cost spread by actual days over what is left of the Initial Term (A.3, B.3); waivers on their trigger dates; the write-off on Full Payment", s.subtitle)
	put(amort, "F3", "Total", s.label)
	for _, c := range []struct{ cell, name string }{{"G3", "AmortWaiver"}, {"H3", "AmortExpense"}, {"I3", "AmortWrittenOff"}} {
		put(amort, c.cell, "", s.moneyBold)
		name(f, c.name, amort, c.cell)
	}
	put(amort, "A5", "", s.text)
	name(f, "BalanceChart", amort, "A5")
	table(f, amort, "Amortization", 24, []col{
		{"Month", 10, s.tText}, {"From", 10, s.tDate}, {"To", 10, s.tDate}, {"Days", 6, s.tInt}, {"Days Left", 7, s.tInt},
		{"Opening Balance", 13, s.tMoney}, {"Waiver Reduction", 13, s.tMoney}, {"Expense", 13, s.tMoney}, {"Write-off", 13, s.tMoney},
		{"Closing Balance", 13, s.tMoney}, {"Basis", 60, s.tWrap},
	}, s.header)
	pageSetup(amort, true)

	const journal = "Journal"
	add(journal)
	put(journal, "A1", "Journal entries: the Extension Fee", s.title)
	put(journal, "A2", "Entries dated on or before the as-of date: the fee booked on execution, payments, waivers, monthly amortization, the write-off on Full Payment", s.subtitle)
	put(journal, "C3", "Total", s.label)
	put(journal, "D3", "", s.moneyBold)
	put(journal, "E3", "", s.moneyBold)
	name(f, "JournalDebits", journal, "D3")
	name(f, "JournalCredits", journal, "E3")
	table(f, journal, "Journal", 4, []col{
		{"Entry", 6, entryNo}, {"Date", 10, s.tDate}, {"Account", 30, s.tWrap}, {"Debit", 14, s.tMoney},
		{"Credit", 14, s.tMoney}, {"Memo", 60, s.tWrap},
	}, s.header)
	pageSetup(journal, true)

	const audit = "Audit"
	add(audit)
	put(audit, "A1", "Audit trail", s.title)
	table(f, audit, "Audit", 3, []col{{"Item", 24, labelTop}, {"Value", 80, s.tWrap}}, s.header)
	pageSetup(audit, false)

	check(f.SetDocProps(&excelize.DocProperties{Creator: "covenant", Title: "Loan Extension Fee report template", Created: "2003-01-01T00:00:00Z", Modified: "2003-01-01T00:00:00Z"}))
	f.SetActiveSheet(0)
	check(save(f, path))
	fmt.Println("wrote", path)
}
