package ledger

import (
	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/terms"
)

// The other names each column goes by in the workbooks purchasing, ERP and
// treasury systems export: one table per sheet, canonical column -> names, the
// single source of what covenant accepts besides a column's own name (compared
// as parse.HeaderKey folds them: case, spaces and punctuation ignored, so
// "PO #" is "PO" and "P/N" is "PN"). A terms workbook's Columns sheet replaces
// them (WithColumnNames); `covenant terms export` writes them there.
//
// Within a sheet a name belongs to one column, and never to another column's
// own name (TestSynonymTables): a header is read as at most one column. Names
// that fold alike are listed as systems print them ("Line" and "Line #"). Names
// that mean different things in different systems are left out ("Item
// Number" is a part in one and a PO line in another), and so is any name
// covenant writes itself with --in-place ("Status", "Reason", "Net Billed").
type synonyms map[string][]string

var purchaseSynonyms = synonyms{
	ColPONumber: {"PO #", "PO No", "PO Num", "PO Nbr", "PO ID", "Purchase Order", "Purchase Order Number",
		"Purchase Order No", "Order Number", "Order No", "Order #", "Purchasing Document"},
	ColPOLine: {"Line", "Line #", "Line No", "Line Number", "Item", "PO Line Number", "PO Line No", "PO Item",
		"Line Item"},
	ColPODate: {"Order Date", "PO Created", "PO Creation Date", "PO Create Date", "Created", "Created Date",
		"Creation Date", "Date Ordered", "Purchase Order Date", "PO Issue Date", "Document Date"},
	ColSupplier: {"Vendor", "Vendor Name", "Supplier Name", "Distributor", "Distributor Name", "Bought From",
		"Seller"},
	ColManufacturer: {"Mfr", "Mfg", "Mfgr", "Manufacturer Name", "Mfr Name", "Mfg Name", "Make", "Brand"},
	ColPartNumber: {"MPN", "Mfr Part Number", "Mfr Part #", "Mfr Part No", "Mfr P/N", "Mfg Part Number",
		"Mfg Part #", "Mfg P/N", "Manufacturer Part Number", "Manufacturer Part #", "Part #", "Part No",
		"Part", "P/N", "Component"},
	ColDescription: {"Item Description", "Desc", "Part Description", "Line Description", "Product Description",
		"Item Desc"},
	ColQuantity: {"Qty", "Order Qty", "Quantity Ordered", "Qty Ordered", "Ordered Qty", "Order Quantity",
		"PO Qty", "Qty Ord"},
	ColUnitCost: {"Unit Price", "Price", "Cost", "Price Each", "Cost Each", "Unit Cost USD", "Net Price",
		"PO Price", "Purchase Price"},
	ColConfirmed: {"Promised Date", "Promise Date", "Confirmed Date", "Delivery Date", "Confirmed Delivery",
		"Promised Delivery Date", "Supplier Promise Date", "Supplier Confirmed Date", "Confirmed Dock Date"},
	ColCustomerDirected: {"Customer Directed Buy", "Customer Directed Purchase", "Directed Buy", "Directed",
		"Cust Directed"},
	ColCreditLimit: {"Credit Limit", "Credit Limit Exceeded", "Over Credit Limit", "Credit Exception"},
	ColExtendedCost: {"Ext Cost", "Extended Price", "Line Total", "Ext Price", "Extended Amount", "Ext Amount",
		"Line Amount", "Line Value", "Total Cost", "Total Price"},
	ColPOTime: {"Order Time", "PO Created Time", "PO Commit Time", "Commitment Time", "Time Ordered",
		"Time Placed"},
	ColLocation: {"Site", "Plant", "Facility", "Division", "Business Unit", "Ship To Location", "Ship-To Site",
		"Warehouse", "Branch"},
}

var franchiseSynonyms = synonyms{
	"Manufacturer": {"Mfr", "Mfg", "Mfgr", "Manufacturer Name", "Line", "Product Line", "Franchise Line",
		"Franchised Line", "Brand", "Make"},
	"Authorized From": {"Authorized Since", "Franchise Start", "Franchise Start Date", "Authorized Date",
		"Authorization Date", "Effective Date", "Effective From", "Valid From", "Start Date", "Start", "From",
		"Since"},
	"Authorized Until": {"Authorized Through", "Authorized To", "Franchise End", "Franchise End Date",
		"Expiration Date", "Expires", "Valid Until", "Valid To", "Termination Date", "End Date", "End",
		"Until", "To"},
}

var responseSynonyms = synonyms{
	"PO Number": {"PO #", "PO No", "PO Num", "Purchase Order", "Purchase Order Number", "Order Number",
		"Order No", "Order #"},
	"PO Line":        {"Line", "Line #", "Line No", "Line Number", "Item", "PO Line Number", "PO Item"},
	"Breakdown Sent": {"Sent", "Sent At", "Sent On", "Date Sent", "Breakdown Date", "Breakdown Sent At", "Submitted", "Submitted At", "Date Submitted"},
	"Arrow Response": {"Response", "Arrow Answer", "Answer", "Arrow Decision", "Decision"},
	"Responded At": {"Response Date", "Response Time", "Responded", "Responded On", "Date Responded",
		"Answered At", "Arrow Responded At", "Reply Date"},
	ColLocation: {"Site", "Plant", "Facility", "Division", "Business Unit", "Ship To Location", "Ship-To Site",
		"Warehouse", "Branch"},
}

// proposedSynonyms: the Reference is the PO number the order will get; the
// Unit Cost, the other supplier's offer.
var proposedSynonyms = synonyms{
	ColReference: {"PO Number", "PO #", "PO No", "Purchase Order", "Purchase Order Number", "Order Number",
		"Order No", "Order #", "Ref", "Ref #", "Reference No", "Requisition", "Requisition Number",
		"Req #", "Req No"},
	ColLine: {"PO Line", "Line No", "Line Number", "Item", "PO Line Number", "PO Item", "Line Item"},
	ColPartNumber: {"MPN", "Mfr Part Number", "Mfr Part #", "Mfr Part No", "Mfr P/N", "Mfg Part Number",
		"Mfg Part #", "Mfg P/N", "Manufacturer Part Number", "Manufacturer Part #", "Part #", "Part No",
		"Part", "P/N", "Component"},
	ColManufacturer: {"Mfr", "Mfg", "Mfgr", "Manufacturer Name", "Mfr Name", "Mfg Name", "Make", "Brand"},
	ColDescription: {"Item Description", "Desc", "Part Description", "Line Description", "Product Description",
		"Item Desc"},
	ColQuantity: {"Qty", "Order Qty", "Quantity Ordered", "Qty Ordered", "Ordered Qty", "Order Quantity",
		"PO Qty", "Qty Ord", "Quantity Needed", "Qty Needed", "Quoted Qty"},
	ColUnitCost: {"Unit Price", "Price", "Cost", "Price Each", "Cost Each", "Unit Cost USD", "Net Price",
		"Quoted Price", "Quote Price", "Unit Cost Offered", "Offered Price", "Offer Price", "Offer"},
	ColProposedSupplier: {"Supplier", "Supplier Name", "Vendor", "Vendor Name", "Proposed Vendor",
		"Quoting Supplier", "Quoted By", "Other Supplier", "Source"},
	ColNeedBy: {"Need Date", "Needed By", "Need By Date", "Date Needed", "Required Date", "Date Required",
		"Required By", "Dock Date", "Need Dock Date"},
	ColCustomerDirected: {"Customer Directed Buy", "Customer Directed Purchase", "Directed Buy", "Directed",
		"Cust Directed"},
}

var invoiceSynonyms = synonyms{
	"Invoice Number": {"Invoice #", "Invoice No", "Inv #", "Inv No", "Inv Number", "Invoice",
		"Invoice/Credit Memo #", "Invoice/Credit Memo No", "Invoice or Credit Memo", "Credit Memo Number",
		"Document Number"},
	"Invoice Date": {"Inv Date", "Date", "Invoice Dt", "Billing Date", "Bill Date", "Credit Memo Date"},
	"Amount": {"Invoice Amount", "Inv Amount", "Amount Billed", "Billed", "Invoice Total", "Total Amount",
		"Gross Amount", "Amount Invoiced"},
	"Returns":   {"Return", "Returns Credited", "Return Amount", "Credits", "Returned", "RMA Credit"},
	"Discounts": {"Discount", "Discount Taken", "Discounts Taken", "Cash Discount", "Disc"},
	"Due Date": {"Due", "Terms Due Date", "Payment Due", "Payment Due Date", "Net Due Date", "Date Due",
		"Due On"},
	"Paid Date": {"Paid On", "Payment Date", "Paid", "Date Paid", "Pay Date", "Check Date"},
}

var noticeSynonyms = synonyms{
	ColNoticeDate:       {"Notice Date", "Date Given", "Date Received", "Received", "Dated"},
	ColNotice:           {"Notice Type", "Election", "Type", "Arrow Notice", "Arrow Election"},
	ColNoticeQuarterEnd: {"Quarter Ending", "Quarter Ended", "Quarter End Date", "Period End"},
	ColNoticeNote:       {"Notes", "Remarks", "Comment", "Comments", "Reference"},
}

var deliverySynonyms = synonyms{
	ColDeliveryObligation: {"Obligation ID", "Obligation Id", "Duty", "Deliverable", "Item Delivered"},
	ColDeliveredOn:        {"Delivered", "Delivery Date", "Date Delivered", "Sent On", "Date Sent"},
	ColDeliveredTo:        {"Delivered To", "Recipient", "Recipients", "Sent To", "Addressee"},
	ColDeliveryReference:  {"Ref", "Message ID", "Message-ID", "Tracking Number", "Proof"},
}

var feeEventSynonyms = synonyms{
	"Event": {"Fee Event", "Event Type", "Milestone"},
	"Date":  {"Event Date", "Date Of Event", "Occurred On", "Delivered On"},
}

var feePaymentSynonyms = synonyms{
	"Date":        {"Payment Date", "Paid On", "Date Paid", "Paid Date", "Value Date"},
	"Amount":      {"Payment", "Payment Amount", "Amount Paid", "Paid"},
	"Installment": {"Installment ID", "Installment Paid", "Fee Installment", "Applied To"},
}

var borrowingSynonyms = synonyms{
	ColBorrowingDate: {"As Of", "As Of Date", "Business Day", "Day", "Balance Date", "Value Date"},
	ColReceivablesBase: {"ABL Base", "Borrowing Base", "Receivables Base", "IEC Receivables Borrowing Base",
		"AR Borrowing Base", "A/R Borrowing Base", "Base"},
	ColAdvances: {"Advances Outstanding", "Revolver", "Revolver Balance", "Revolver Outstanding",
		"Revolving Advances", "Revolving Loans", "Advance Balance"},
	ColBankersAcceptances: {"Bankers Acceptances Outstanding", "Acceptances", "BAs", "BA"},
	ColLettersOfGuaranty: {"Letters of Guarantee", "Letter of Guaranty", "Letter of Guarantee", "Guaranties",
		"Guarantees", "LGs"},
	ColLettersOfCredit: {"Letter of Credit", "Letters of Credit Outstanding", "LCs", "L/Cs", "LC", "L/C"},
	ColTermLoanReserve: {"TL Reserve", "Term Reserve", "Reserve"},
	ColTermLoanBalance: {"Term Loan", "Term Loan Outstanding", "Term Loan Principal", "TL Balance", "TL"},
	ColPrimeRate:       {"Prime", "Prime %", "Base Rate"},
}

// builtinSynonyms are the tables by sheet.
var builtinSynonyms = map[string]synonyms{
	SheetPurchases:   purchaseSynonyms,
	SheetFranchise:   franchiseSynonyms,
	SheetResponses:   responseSynonyms,
	SheetInvoices:    invoiceSynonyms,
	SheetNotices:     noticeSynonyms,
	SheetProposed:    proposedSynonyms,
	SheetDeliveries:  deliverySynonyms,
	SheetFeeEvents:   feeEventSynonyms,
	SheetFeePayments: feePaymentSynonyms,
	SheetBorrowing:   borrowingSynonyms,
}

// Synonyms returns the built-in other names of a column (nil: none, or no
// such column), for the help a blank ledger gives.
func Synonyms(sheet, column string) []string {
	return append([]string(nil), builtinSynonyms[sheet][column]...)
}

// Sheets are every sheet covenant reads, the ledger's then the loan
// workbook's, each with its columns.
func Sheets() []SheetSpec { return append(LedgerSheets(), LoanSheets()...) }

// ColumnNames lists the built-in other names of every column of every sheet,
// in the order of Sheets: what `covenant terms export` writes on its Columns
// sheet.
func ColumnNames() []terms.ColumnName {
	var out []terms.ColumnName
	for _, s := range Sheets() {
		for _, c := range s.Columns {
			for _, n := range builtinSynonyms[s.Name][c.Name] {
				out = append(out, terms.ColumnName{Sheet: s.Name, Column: c.Name, Name: n})
			}
		}
	}
	return out
}

// WithColumnNames reads the columns under names (a terms workbook's Columns
// sheet) instead of the built-in other names; nil keeps the built-in ones. A
// column's own name is always read. Names for sheets covenant does not read
// are ignored (the terms reader reports them).
func WithColumnNames(names []terms.ColumnName) Option {
	return func(o *openOptions) {
		if names == nil {
			o.names = nil
			return
		}
		cn := columnNames{}
		for _, n := range names {
			sheet := sheetByKey(n.Sheet)
			if sheet == "" {
				continue
			}
			if cn[sheet] == nil {
				cn[sheet] = synonyms{}
			}
			k := parse.HeaderKey(n.Column)
			cn[sheet][k] = append(cn[sheet][k], n.Name)
		}
		o.names = cn
	}
}

// columnNames are the accountant's other names of the columns, by sheet and
// folded column name; nil: the built-in ones.
type columnNames map[string]synonyms

// of returns the other names of a sheet's column.
func (cn columnNames) of(sheet, column string) []string {
	if cn == nil {
		return builtinSynonyms[sheet][column]
	}
	return cn[sheet][parse.HeaderKey(column)]
}

// sheetByKey returns the sheet covenant reads whose folded name is name's.
func sheetByKey(name string) string {
	k := parse.HeaderKey(name)
	for s := range builtinSynonyms {
		if parse.HeaderKey(s) == k {
			return s
		}
	}
	return ""
}
