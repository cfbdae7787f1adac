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
		{"Amortization expensed", "GrossExpense", moneyLeft},
		{"Expense reversed: waived after it was expensed", "ReversedExpense", moneyLeft},
		{"Amortization expense, net", "TotalExpense", moneyLeft},
		{"Written off at Full Payment", "WrittenOff", moneyLeft},
		{"Net expense + write-off - payable (must be zero)", "Check", moneyLeft},
	})
	stmt := end + 1
	put(sum, fmt.Sprintf("A%d", stmt), "", s.wrap)
	check(f.MergeCell(sum, fmt.Sprintf("A%d", stmt), fmt.Sprintf("C%d", stmt)))
	name(f, "Statement", sum, fmt.Sprintf("A%d", stmt))
	notes := stmt + 2
	put(sum, fmt.Sprintf("A%d", notes), "How the events were applied", s.label)
	put(sum, fmt.Sprintf("A%d", notes+1), "", s.note)
	check(f.MergeCell(sum, fmt.Sprintf("A%d", notes+1), fmt.Sprintf("C%d", notes+1)))
	name(f, "Notes", sum, fmt.Sprintf("A%d", notes+1))
	foot := notes + 3
	footNote := "Each total above adds up the Schedule, Credits, Payments and Amortization sheets as a formula, and each journal amount refers to its figure there; the statement restates the totals, and where the two differ the tables govern. Payments are applied in date order, each as of its own date: to the installment it names, else to the installments open that day, oldest due first. A waiver does not move what was paid: what was paid on a waived installment, or beyond what an installment owed, is a credit with the Agent, to apply to an installment still owed or to refund. The fee is earned on execution and booked then (deferred financing cost against fee payable); it is amortized by actual days through the end of the Initial Term. A waiver takes its amount off the balance on the day of its event, and the rest is spread over the days left; a waiver larger than the balance left reverses the part of it already expensed, in an entry of its own. Full Payment ends the amortization on its date and the balance left is written off. Each month is rounded to the cent; the last month or the write-off takes the residue."
	put(sum, fmt.Sprintf("A%d", foot), footNote, s.note)
	check(f.MergeCell(sum, fmt.Sprintf("A%d", foot), fmt.Sprintf("C%d", foot)))
	fitRow(f, sum, foot, footNote, 44+20+36, s.note)
	check(f.SetColWidth(sum, "A", "A", 44))
	check(f.SetColWidth(sum, "B", "B", 20))
	check(f.SetColWidth(sum, "C", "C", 36))
	pageSetup(sum, false)
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sum, RefersTo: fmt.Sprintf("'%s'!$A$1:$C$%d", sum, foot)}))

	// totals under a table: a row of named cells under its sample row, which
	// its rows push down
	under := func(sheet string, row int, style int, label string, labelCol string, cells ...[2]string) {
		put(sheet, fmt.Sprintf("%s%d", labelCol, row), label, s.label)
		for _, c := range cells {
			put(sheet, fmt.Sprintf("%s%d", c[0], row), "", style)
			name(f, c[1], sheet, fmt.Sprintf("%s%d", c[0], row))
		}
	}

	const sched = "Schedule"
	add(sched)
	put(sched, "A1", "Extension Fee installments", s.title)
	put(sched, "A2", "Amendment A.3: the Base Fee and the Additional Fee as scheduled, what was waived and why, what was paid (as the loan workbook's Fee Payments record it, applied as the Payments sheet says), what became a credit, and what is still owed", s.subtitle)
	table(f, sched, "Schedule", 3, []col{
		{"Installment", 15, s.lWrap}, {"Due Date", 9.5, s.lDate}, {"Amount", 11, s.lMoney},
		{"Waived On", 9.5, s.lDate}, {"Waived", 11, s.lMoney}, {"Waiver Basis", 30, s.lWrap}, {"Payable", 11, s.lMoney}, {"Paid", 11, s.lMoney},
		{"Credit", 10.5, s.lMoney}, {"Outstanding", 11, s.lMoney}, {"Status", 10, s.lWrap}, {"Last Payment", 9.5, s.lDate},
	}, s.lHeader)
	// the installments as the terms schedule them; what was paid on each and
	// what of it is a credit, as Amendment A.3's application of the Fee
	// Payments puts them (the Payments sheet lists each payment)
	inputs(f, sched, "C", "H", "I")
	under(sched, 5, s.lTotal, "Total", "A", [2]string{"C", "ScheduleAmount"}, [2]string{"E", "ScheduleWaived"}, [2]string{"G", "SchedulePayable"}, [2]string{"H", "SchedulePaid"}, [2]string{"I", "ScheduleCredit"}, [2]string{"J", "ScheduleOutstanding"})
	pageSetup(sched, true)

	const payments = "Payments"
	add(payments)
	put(payments, "A1", "Payments of the Extension Fee", s.title)
	put(payments, "A2", "As the loan workbook's Fee Payments record them, dated on or before the as-of date, in date order, and how each was applied (Amendment A.3)", s.subtitle)
	table(f, payments, "Payments", 3, []col{
		{"Date", 10, s.tDate}, {"Amount", 13, s.tMoney}, {"Installment Named", 20, s.tWrap}, {"Applied", 60, s.tWrap}, {"Ledger Row", 7, s.tInt},
	}, s.header)
	inputs(f, payments, "B") // the loan workbook's Fee Payments
	under(payments, 5, s.tTotal, "Total", "A", [2]string{"B", "PaymentsTotal"})
	pageSetup(payments, true)

	const credits = "Credits"
	add(credits)
	put(credits, "A1", "Credits with the Agent", s.title)
	put(credits, "A2", "Amendment A.3 waives what is due, not what was paid: what was paid on an installment before or after it was waived, or beyond what it owed, is the Debtor's credit, to apply to an installment still owed or to refund", s.subtitle)
	table(f, credits, "Credits", 3, []col{
		{"Date", 10, s.tDate}, {"Amount", 13, s.tMoney}, {"Installment", 20, s.tWrap}, {"How It Arose", 24, s.tWrap}, {"Basis", 56, s.tWrap},
	}, s.header)
	inputs(f, credits, "B") // what the payments left paid beyond what is owed
	under(credits, 5, s.tTotal, "Total", "A", [2]string{"B", "CreditsTotal"})
	pageSetup(credits, true)

	const amort = "Amortization"
	add(amort)
	put(amort, "A1", "Amortization of the Extension Fee by month", s.title)
	put(amort, "A2", "Deferred financing cost spread by actual days over what is left of the Initial Term (A.3, B.3); waivers on their trigger dates, a waiver larger than the balance left reversing what of it was expensed; the write-off on Full Payment. Days: the days the month's balance was spread over", s.subtitle)
	put(amort, "A4", "", s.text)
	name(f, "BalanceChart", amort, "A4")
	table(f, amort, "Amortization", 23, []col{
		{"Month", 8, s.lText}, {"From", 9.5, s.lDate}, {"To", 9.5, s.lDate}, {"Days", 5, s.lInt}, {"Days Left", 5.5, s.lInt},
		{"Opening Balance", 11, s.lMoney}, {"Waiver Reduction", 11, s.lMoney}, {"Expense Reversed", 11, s.lMoney}, {"Expense", 11, s.lMoney},
		{"Write-off", 11, s.lMoney}, {"Closing Balance", 11, s.lMoney}, {"Basis", 34, s.lWrap},
	}, s.lHeader)
	under(amort, 25, s.lTotal, "Total", "A", [2]string{"G", "AmortWaiver"}, [2]string{"H", "AmortReversed"}, [2]string{"I", "AmortExpense"}, [2]string{"J", "AmortWrittenOff"})
	pageSetup(amort, true)

	const journal = "Journal"
	add(journal)
	put(journal, "A1", "Journal entries: the Extension Fee", s.title)
	put(journal, "A2", "Entries dated on or before the as-of date: the fee booked on execution, waivers, reversals of expense a waiver made too much, payments, monthly amortization, the write-off on Full Payment; each amount refers to its figure on the other sheets", s.subtitle)
	table(f, journal, "Journal", 3, []col{
		{"Entry", 6, entryNo}, {"Date", 10, s.tDate}, {"Account", 32, s.tWrap}, {"Debit", 14, s.tMoney},
		{"Credit", 14, s.tMoney}, {"Memo", 58, s.tWrap},
	}, s.header)
	under(journal, 5, s.tTotal, "Total", "C", [2]string{"D", "JournalDebits"}, [2]string{"E", "JournalCredits"})
	pageSetup(journal, true)

	const audit = "Audit"
	add(audit)
	put(audit, "A1", "Audit trail", s.title)
	table(f, audit, "Audit", 3, []col{{"Item", 24, s.labelWrap}, {"Value", 72, s.tWrap}}, s.header)
	pageSetup(audit, false)

	check(f.SetDocProps(&excelize.DocProperties{Creator: "covenant", Title: "Loan Extension Fee report template", Created: "2003-01-01T00:00:00Z", Modified: "2003-01-01T00:00:00Z"}))
	f.SetActiveSheet(0)
	wrapSubtitles(f, s)
	check(save(f, path))
	fmt.Println("wrote", path)
}
