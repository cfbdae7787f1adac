package ledger

// The sheets and columns the readers look for, described for the accountant
// who fills them in: `covenant ledger new` writes a blank workbook from them
// (package blankbook), so a column added to a reader appears there too.
// TestSchemaIsWhatTheReadersRead holds these lists to the readers' own calls.

// onFindTable, when set (by a test), sees every sheet a reader looks for with
// the columns it looks for there.
var onFindTable func(sheet string, cols []column)

// franchiseCols are the Franchise sheet's columns (Arrow's line card).
var franchiseCols = []column{{Name: "Manufacturer"}, {Name: "Authorized From"}, {Name: "Authorized Until"}}

// responseCols are the Arrow Responses sheet's columns (the §1.2 breakdown log).
var responseCols = []column{{Name: "PO Number"}, {Name: "PO Line"}, {Name: "Breakdown Sent"}, {Name: "Arrow Response"}, {Name: "Responded At"}, {Name: ColLocation, Optional: true}}

// Kind is what a column holds, as the reader reads it.
type Kind int

// The kinds of column.
const (
	// KindUnknown is a column this file does not describe yet (a test fails).
	KindUnknown Kind = iota
	// KindText is words or codes, kept as typed (PO numbers, part numbers).
	KindText
	// KindWhole is a whole number of 1 or more (a PO line number).
	KindWhole
	// KindNumber is a number, negative allowed (a quantity).
	KindNumber
	// KindMoney is an amount in dollars.
	KindMoney
	// KindDate is a calendar date.
	KindDate
	// KindDateTime is a date with its time of day.
	KindDateTime
	// KindTime is a time of day (14:30).
	KindTime
	// KindFlag is yes or no: Y, N or blank (no).
	KindFlag
	// KindChoice is one of the column's Choices (or blank, where a blank is
	// allowed).
	KindChoice
	// KindPercent is a rate in percent: 4.75 for 4.75%.
	KindPercent
)

// ColumnSpec is a column a reader looks for.
type ColumnSpec struct {
	// Name is the header covenant looks for (case, spaces and punctuation
	// ignored).
	Name string
	// Optional columns may be left out of the sheet altogether.
	Optional bool
	Kind     Kind
	// Choices are the values a KindChoice column accepts, as they are written.
	Choices []string
	// Clause is where the column's rule comes from ("§1.2", "Amendment A.3").
	Clause string
	// Help says what to enter, in an accountant's words.
	Help string
}

// SheetSpec is a sheet a reader looks for.
type SheetSpec struct {
	Name   string
	Clause string
	// Help says what the sheet records and which commands read it.
	Help    string
	Columns []ColumnSpec
}

// LedgerSheets are the sheets of the ledger workbook (monthly, certificate),
// in the order a blank ledger lists them.
func LedgerSheets() []SheetSpec {
	return []SheetSpec{
		describe(SheetPurchases, purchaseCols),
		describe(SheetFranchise, franchiseCols),
		describe(SheetResponses, responseCols),
		describe(SheetInvoices, invoiceCols),
		describe(SheetNotices, noticeCols),
		describe(SheetProposed, proposedCols),
		describe(SheetDeliveries, deliveryCols),
	}
}

// LoanSheets are the sheets of the loan workbook (loanfee, borrowing). A
// loan workbook may hold a Deliveries sheet too (LedgerSheets describes it):
// covenant status reads both.
func LoanSheets() []SheetSpec {
	return []SheetSpec{
		describe(SheetFeeEvents, feeEventColumns),
		describe(SheetFeePayments, feePaymentColumns),
		describe(SheetBorrowing, borrowingCols),
	}
}

func describe(sheet string, cols []column) SheetSpec {
	d := sheetHelp[sheet]
	s := SheetSpec{Name: sheet, Clause: d.clause, Help: d.help}
	for _, c := range cols {
		h := columnHelp[sheet][c.Name]
		s.Columns = append(s.Columns, ColumnSpec{Name: c.Name, Optional: c.Optional, Kind: h.kind, Choices: h.choices, Clause: h.clause, Help: h.help})
	}
	return s
}

type sheetDoc struct{ clause, help string }

type columnDoc struct {
	kind    Kind
	choices []string
	clause  string
	help    string
}

var yesNo = []string{"Y", "N"}

// noticeLabels are the Notice column's values, as the sheet writes them.
func noticeLabels() []string {
	var l []string
	for _, k := range NoticeKinds {
		l = append(l, k.Label())
	}
	return l
}

var sheetHelp = map[string]sheetDoc{
	SheetPurchases: {"§1.2", "Every purchase-order line for parts, one row a line, whoever the supplier. " +
		"covenant monthly reports the lines dated in the month; covenant certificate, those of the quarter. Required."},
	SheetFranchise: {"§1.2", "Arrow's line card: the manufacturers Arrow CMS is an authorized distributor for, " +
		"with the dates. A part is franchised when its manufacturer is on this sheet on the PO date. Required."},
	SheetResponses: {"§1.2", "The breakdown log: each detailed breakdown sent to Arrow before placing an order " +
		"with another supplier, and Arrow's answer. The sheet may be left out when no breakdown was ever sent."},
	SheetInvoices: {"§1.3, §1.5", "Arrow's invoices to you: covenant certificate counts their Net Sales Billed " +
		"toward the Minimum Sales (§1.3) and refuses a ledger without this sheet; covenant monthly checks " +
		"credit-limit purchases against the invoices past due and unpaid (§1.5)."},
	SheetNotices: {"§4.1, §4.2, §7.6", "Arrow CMS's written notices and elections about a quarter's Minimum Sales, " +
		"as Arrow gives them, for covenant certificate: without them the certificate says what Arrow may do, " +
		"not what it did. The sheet may be left out when Arrow has given none."},
	SheetProposed: {"§1.2", "The purchases you mean to place with a supplier other than Arrow, one row a PO line, " +
		"before the PO is committed: covenant breakdown sends Arrow the detailed breakdown §1.2 asks for of the lines " +
		"whose manufacturer Arrow is an authorized distributor of, logs it on the Arrow Responses sheet and says when " +
		"Arrow's 24 hours run out. Keep a line here once its PO is placed: it is the record of what was proposed. " +
		"The sheet may be left out when you use no breakdown."},
	SheetDeliveries: {"§1.2, §1.3, §4.1, §10.19, §10.21, D.2", "What you delivered for an obligation of either agreement, " +
		"one row a delivery, for covenant status and covenant calendar: an obligation shows done only when the books " +
		"show it. covenant send --record adds the row itself once the mail server accepts the message. It may be in " +
		"the ledger or the loan workbook, and may be left out."},
	SheetFeeEvents: {"Amendment A.3", "The dates that decide the $150,000 Extension Fee, for covenant loanfee: " +
		"the Amendment's execution, a Purchase Offer or Financing Commitment delivered, the Indebtedness paid in full. " +
		"Leave it empty when none has happened; without an Execution row, the date the Amendment is dated as of " +
		"(October 1, 2002, in the terms as signed) is the execution date."},
	SheetFeePayments: {"Amendment A.3", "Each payment of the Extension Fee to the Agent, for covenant loanfee. " +
		"Leave it empty when nothing has been paid."},
	SheetBorrowing: {"Amendment B.1, B.2", "The loan's balances, one row a business day, for covenant borrowing: " +
		"a row's figures hold until the next row's date, so dates go strictly up. The report needs at least one row."},
}

var columnHelp = map[string]map[string]columnDoc{
	SheetPurchases: {
		ColPONumber: {KindText, nil, "§1.2", "The purchase order's number, as your purchasing system prints it. " +
			"Each line of the PO repeats it."},
		ColPOLine: {KindWhole, nil, "§1.2", "The line's number on the PO: 1, 2, 3 … A PO Number and PO Line pair is " +
			"listed once (twice would count the purchase twice)."},
		ColPODate: {KindDate, nil, "§1.2", "The date the PO was placed. It decides the month the line is reported in " +
			"and whether the manufacturer was on Arrow's line card that day. A date with its time (1/15/2003 14:30) " +
			"gives the time the PO was committed too, as PO Time does."},
		ColSupplier: {KindText, nil, "§1.2", "Who the part was bought from: Arrow (as Arrow CMS, Arrow Electronics …) " +
			"or the other supplier's name."},
		ColManufacturer: {KindText, nil, "§1.2", "The part's manufacturer, spelled as on the Franchise sheet: that " +
			"is how covenant knows whether Arrow is an authorized distributor of the part."},
		ColPartNumber:  {KindText, nil, "§1.2", "The manufacturer's part number. May be blank."},
		ColDescription: {KindText, nil, "§1.2", "What the part is, as on the PO. May be blank."},
		ColQuantity: {KindNumber, nil, "§1.2", "The quantity ordered (the report's quantity). A negative quantity " +
			"is a return."},
		ColUnitCost: {KindMoney, nil, "§1.2", "The price of one unit in dollars, to four decimals where the PO " +
			"has them (0.0125). The component cost reported is Quantity × Unit Cost, rounded to the cent."},
		ColConfirmed: {KindDate, nil, "§1.2", "The delivery date the supplier confirmed (the report's \"supplier " +
			"confirming delivery date\"). Blank until the supplier confirms one."},
		ColCustomerDirected: {KindFlag, yesNo, "§1.2", "Y when your customer expressly directed you to buy this " +
			"part from this supplier: such purchases are not Customer's Requirements. N or blank otherwise."},
		ColCreditLimit: {KindFlag, yesNo, "§1.5", "Y when you bought elsewhere because Arrow's credit limit " +
			"left no room for the order. It holds only while you are not in default of a payment to Arrow. " +
			"N or blank otherwise."},
		ColPOTime: {KindTime, nil, "§1.2", "The time of day the PO was committed (14:30 or 2:30 PM), if your system " +
			"records it: a release by Arrow counts only when it came before the commitment (the breakdown is due " +
			"\"prior to Purchase Order commitment\"). Without a time, only a release before the PO date began counts."},
		ColExtendedCost: {KindMoney, nil, "§1.2", "Your system's own line total, if you keep one. covenant " +
			"always uses Quantity × Unit Cost, and warns where this differs by more than a cent."},
		ColLocation: {KindText, nil, "§1.3", "The location, facility or division the line was bought for, if " +
			"one ledger holds the purchases of several (§1.3 counts those \"by any of Customer's locations, " +
			"facilities or divisions worldwide\"). Blank: the ledger's own name. The reports list it by each line."},
	},
	SheetFranchise: {
		"Manufacturer": {KindText, nil, "§1.2", "A manufacturer Arrow CMS is an authorized distributor for, " +
			"spelled as on the Purchases sheet."},
		"Authorized From": {KindDate, nil, "§1.2", "The first day Arrow was authorized for it."},
		"Authorized Until": {KindDate, nil, "§1.2", "The last day Arrow was authorized for it (included). " +
			"Blank while Arrow still is."},
	},
	SheetResponses: {
		"PO Number": {KindText, nil, "§1.2", "The PO the breakdown was about, as on the Purchases sheet."},
		"PO Line": {KindWhole, nil, "§1.2", "The PO line the breakdown was about; blank when it covered every " +
			"line of the PO."},
		"Breakdown Sent": {KindDateTime, nil, "§1.2", "When you sent Arrow the detailed breakdown, with the time " +
			"of day: Arrow has 24 hours from receipt to answer."},
		"Arrow Response": {KindChoice, []string{"Meet", "Approve"}, "§1.2", "Arrow's answer: Meet (Arrow " +
			"agrees to meet the terms proposed) or Approve (Arrow approves placing the order with the other " +
			"supplier). Blank when Arrow did not answer."},
		"Responded At": {KindDateTime, nil, "§1.2", "When Arrow answered, with the time of day. Blank when Arrow " +
			"did not answer."},
		ColLocation: {KindText, nil, "§1.2", "The location the PO was placed for, when the same PO number is " +
			"used at more than one location: the breakdown then counts for that location's PO only. Blank: " +
			"the PO of that number wherever it is (there must be only one)."},
	},
	SheetInvoices: {
		"Invoice Number": {KindText, nil, "§1.3", "Arrow's invoice number, as on the invoice."},
		"Invoice Date":   {KindDate, nil, "§1.3", "The invoice's date: it decides the quarter the invoice counts in."},
		"Amount":         {KindMoney, nil, "§1.3", "The amount billed. A credit memo is a negative amount."},
		"Returns": {KindMoney, nil, "§1.3", "Returns credited against the invoice (Net Sales Billed are net " +
			"of returns). Blank is none."},
		"Discounts": {KindMoney, nil, "§1.3", "Discounts taken on the invoice (net of discounts too). Blank is none."},
		"Due Date": {KindDate, nil, "§1.3", "When the invoice is due under its terms: an invoice not paid within " +
			"its terms does not count toward the Minimum Sales."},
		"Paid Date": {KindDate, nil, "§1.3", "When you paid it; blank while unpaid."},
	},
	SheetNotices: {
		ColNoticeDate: {KindDate, nil, "§4.1, §4.2, §7.6", "The date of Arrow's written notice, election or waiver."},
		ColNotice: {KindChoice, noticeLabels(), "§4.1, §4.2, §7.6", "What Arrow gave: Default (notice of the " +
			"default, §4.1), Add Shortfall (the shortfall added to the next period's Minimum Sales, §4.2(ii)), " +
			"Extend Term (the term extended by a quarter, §4.2(iii)) or Waiver (a written waiver, §7.6)."},
		ColNoticeQuarterEnd: {KindDate, nil, "§1.3", "The last day of the §1.3 quarter it is about (3/28/2003, " +
			"6/27/2003 …)."},
		ColNoticeNote: {KindText, nil, "§7.5", "Anything to keep with it: how it was delivered (in writing, §7.5), " +
			"who signed it, a reference. May be blank."},
	},
	SheetProposed: {
		ColReference: {KindText, nil, "§1.2", "The PO number the order will get, as your purchasing system will print it: " +
			"the breakdown log (Arrow Responses) and then the Purchases sheet name the PO by it."},
		ColLine:       {KindWhole, nil, "§1.2", "The line the order will have on the PO: 1, 2, 3 … Blank is 1."},
		ColPartNumber: {KindText, nil, "§1.2", "The manufacturer's part number, as the other supplier quotes it."},
		ColManufacturer: {KindText, nil, "§1.2", "The part's manufacturer, spelled as on the Franchise sheet: a breakdown " +
			"is due only when Arrow is an authorized distributor of it on the day it is sent."},
		ColDescription: {KindText, nil, "§1.2", "What the part is. May be blank."},
		ColQuantity:    {KindNumber, nil, "§1.2", "The quantity you mean to order, above 0."},
		ColUnitCost: {KindMoney, nil, "§1.2", "The other supplier's offer for one unit, in dollars, to four decimals " +
			"where it has them (0.0125): the terms proposed that Arrow may agree to meet."},
		ColProposedSupplier: {KindText, nil, "§1.2", "The supplier you mean to buy from. A line to be bought from Arrow " +
			"needs no breakdown."},
		ColNeedBy: {KindDate, nil, "§1.2", "The date you need the parts by, part of the terms proposed. May be blank."},
		ColCustomerDirected: {KindFlag, yesNo, "§1.2", "Y when your customer expressly directed you to buy this part " +
			"from this supplier: the purchase is not Customer's Requirements and needs no breakdown. N or blank otherwise."},
	},
	SheetDeliveries: {
		ColDeliveryObligation: {KindText, nil, "§1.2", "The obligation's id as covenant status lists it: " +
			"monthly-2003-10, certificate-2003Q4, minimums-2004, cure-2003-10-15, purchase-offer, texas-property, " +
			"texas-auction, refinance."},
		ColDeliveredOn: {KindDate, nil, "§7.5", "The day it was delivered (for a mailed notice, the day it was " +
			"delivered, not sent)."},
		ColDeliveredTo: {KindText, nil, "§7.5", "To whom: the §7.5 address or the email addresses for Arrow CMS; " +
			"the Agent and the Lenders for the loan."},
		ColDeliveryReference: {KindText, nil, "§5", "How to find it again: a Message-ID, a courier's tracking " +
			"number, a letter's date. May be blank."},
	},
	SheetFeeEvents: {
		"Event": {KindChoice, FeeEventNames, "Amendment A.3", "What happened: Execution (of the Amendment), " +
			"Purchase Offer Delivered, Financing Commitment Delivered (to the Agent and the Lenders) or Full " +
			"Payment (the Indebtedness paid in full). Execution and Full Payment happen once."},
		"Date": {KindDate, nil, "Amendment A.3", "The day it happened (for a delivery, the day the Agent and " +
			"the Lenders received it)."},
	},
	SheetFeePayments: {
		"Date":   {KindDate, nil, "Amendment A.3", "The day you paid the Agent."},
		"Amount": {KindMoney, nil, "Amendment A.3", "The amount paid, in dollars."},
		"Installment": {KindText, nil, "Amendment A.3", "The installment paid, e.g. base-2 or additional-1 " +
			"(covenant loanfee lists them); blank pays the oldest installment still open."},
	},
	SheetBorrowing: {
		ColBorrowingDate: {KindDate, nil, "Amendment B.1", "The day the balances are as of; they hold until the " +
			"next row's date (weekends and holidays included)."},
		ColReceivablesBase: {KindMoney, nil, "Amendment B.1", "The IEC Receivables Borrowing Base: 85% of it is " +
			"the IEC Borrowing Capacity."},
		ColAdvances: {KindMoney, nil, "Amendment B.1", "The Advances outstanding that day."},
		ColBankersAcceptances: {KindMoney, nil, "Amendment B.1", "Banker's acceptances outstanding; they reduce " +
			"the Borrowing Capacity. Blank is none."},
		ColLettersOfGuaranty: {KindMoney, nil, "Amendment B.1", "Letters of guaranty outstanding; they reduce " +
			"the Borrowing Capacity. Blank is none."},
		ColLettersOfCredit: {KindMoney, nil, "Amendment B.1", "Letters of Credit outstanding; they reduce the " +
			"Borrowing Capacity. Blank is none."},
		ColTermLoanReserve: {KindMoney, nil, "Amendment B.1", "The Term Loan Reserve then in effect: overadvances " +
			"may never exceed it."},
		ColTermLoanBalance: {KindMoney, nil, "Amendment B.2", "The Term Loan's balance outstanding, for its interest."},
		ColPrimeRate: {KindPercent, nil, "Amendment B.2", "The Prime Rate that day, in percent: 4.75 for 4.75%. " +
			"From October 1 to December 31, 2002 the pricing grid charges Advances Prime + 3.5% and the Term Loan " +
			"Prime + 4.0%."},
	},
}
