package main

// The base workbooks every case starts from: a small ledger for January 2003
// and a small loan workbook for October 2002, both valid.

var purchasesHeader = []any{"PO Number", "PO Line", "PO Date", "Supplier", "Manufacturer", "Part Number", "Description",
	"Quantity", "Unit Cost", "Confirmed Delivery Date", "Customer Directed", "Credit Limit Exception", "Extended Cost"}

// Purchases columns, 1-based, for cases that change one cell.
const (
	colPONumber = 1 + iota
	colPOLine
	colPODate
	colSupplier
	colManufacturer
	colPartNumber
	colDescription
	colQuantity
	colUnitCost
	colConfirmed
	colCustomerDirected
	colCreditLimit
	colExtendedCost
	colPOTime // not in the base ledger: the cases that add it
)

func purchaseLines() [][]any {
	return [][]any{
		{"PO-1001", 1, d(2003, 1, 6), "Arrow Electronics, Inc.", "Vishay", "CRCW0603", "Resistor 10k", 1000, 0.0125, d(2003, 1, 20), "N", "N", 12.5},
		{"PO-1001", 2, d(2003, 1, 6), "Arrow Electronics, Inc.", "Kemet", "C0603", "Capacitor 100nF", 500, 0.05, d(2003, 1, 20), "N", "N", 25},
		{"PO-1002", 1, d(2003, 1, 10), "Avnet", "Vishay", "SI2302", "MOSFET", 100, 0.42, d(2003, 1, 24), "Y", "N", 42},
		{"PO-1003", 1, d(2003, 1, 15), "Digi-Key", "Kemet", "T491", "Tantalum capacitor", 50, 0.9, d(2003, 1, 29), "N", "N", 45},
		{"PO-1004", 1, d(2003, 1, 21), "Mouser", "Acme Widgets", "AW-1", "Bracket", 10, 5, d(2003, 2, 3), "N", "N", 50},
		{"PO-1005", 1, d(2003, 2, 3), "Arrow Electronics, Inc.", "Vishay", "IRF540", "FET", 20, 1.1, d(2003, 2, 14), "N", "N", 22},
	}
}

// header styles the header row bold.
func header(cells []any) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = styled{c, styleHeader}
	}
	return out
}

func purchasesSheet() *sheet {
	return &sheet{name: "Purchases", rows: rowsFrom(1, append([][]any{header(purchasesHeader)}, purchaseLines()...)...)}
}

func franchiseSheet() *sheet {
	return &sheet{name: "Franchise", rows: rowsFrom(1,
		header([]any{"Manufacturer", "Authorized From", "Authorized Until"}),
		[]any{"Vishay", d(2002, 1, 1), nil},
		[]any{"Kemet", d(2002, 6, 1), d(2003, 12, 31)},
	)}
}

func responsesSheet() *sheet {
	return &sheet{name: "Arrow Responses", rows: rowsFrom(1,
		header([]any{"PO Number", "PO Line", "Breakdown Sent", "Arrow Response", "Responded At"}),
		[]any{"PO-1003", 1, dt(2003, 1, 14, 9, 0), "Approve", dt(2003, 1, 14, 15, 0)},
	)}
}

func invoicesSheet() *sheet {
	return &sheet{name: "Invoices", rows: rowsFrom(1,
		header([]any{"Invoice Number", "Invoice Date", "Amount", "Returns", "Discounts", "Due Date", "Paid Date"}),
		[]any{"INV-501", d(2003, 1, 8), styled{1250.0, styleMoney}, 0, 0, d(2003, 2, 7), d(2003, 2, 5)},
		[]any{"INV-502", d(2003, 2, 12), styled{980.5, styleMoney}, 0, 0, d(2003, 3, 14), nil},
	)}
}

// ledger is the valid base ledger.
func ledger() *book {
	return &book{sheets: []*sheet{purchasesSheet(), franchiseSheet(), responsesSheet(), invoicesSheet()}}
}

// sheetNamed returns the book's sheet by name.
func (b *book) sheetNamed(name string) *sheet {
	for _, s := range b.sheets {
		if s.name == name {
			return s
		}
	}
	panic("no sheet " + name)
}

// set puts v into the sheet at column col of row num (creating the row).
func (s *sheet) set(num, col int, v any) {
	for i := range s.rows {
		if s.rows[i].num == num {
			for len(s.rows[i].cells) < col {
				s.rows[i].cells = append(s.rows[i].cells, nil)
			}
			s.rows[i].cells[col-1] = v
			return
		}
	}
	cells := make([]any, col)
	cells[col-1] = v
	s.addRow(row{num: num, cells: cells})
}

// addRow inserts a row keeping the rows in order.
func (s *sheet) addRow(r row) {
	i := 0
	for i < len(s.rows) && s.rows[i].num < r.num {
		i++
	}
	s.rows = append(s.rows, row{})
	copy(s.rows[i+1:], s.rows[i:])
	s.rows[i] = r
}

// shift moves every row down by n (title rows inserted above).
func (s *sheet) shift(n int) {
	for i := range s.rows {
		s.rows[i].num += n
	}
}

// Loan workbook.

func borrowingSheet() *sheet {
	return &sheet{name: "Borrowing", rows: rowsFrom(1,
		header([]any{"Date", "Receivables Borrowing Base", "Advances", "Banker's Acceptances", "Letters of Guaranty", "Letters of Credit", "Term Loan Reserve", "Term Loan Balance", "Prime Rate"}),
		[]any{d(2002, 10, 1), 1000000, 700000, 0, 0, 50000, 450000, 2000000, 4.75},
		[]any{d(2002, 10, 2), 1000000, 720000, 0, 0, 50000, 450000, 2000000, 4.75},
		[]any{d(2002, 10, 3), 1000000, 710000, 0, 0, 50000, 450000, 2000000, 4.75},
		[]any{d(2002, 10, 4), 1000000, 690000, 0, 0, 50000, 450000, 2000000, 4.75},
	)}
}

func feeEventsSheet() *sheet {
	return &sheet{name: "Fee Events", rows: rowsFrom(1,
		header([]any{"Event", "Date"}),
		[]any{"Execution", d(2002, 10, 1)},
	)}
}

func feePaymentsSheet() *sheet {
	return &sheet{name: "Fee Payments", rows: rowsFrom(1,
		header([]any{"Date", "Amount", "Installment"}),
		[]any{d(2002, 10, 1), styled{15000.0, styleMoney}, nil},
	)}
}

// loan is the valid base loan workbook.
func loan() *book {
	return &book{sheets: []*sheet{feeEventsSheet(), feePaymentsSheet(), borrowingSheet()}}
}
