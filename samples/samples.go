// Package samples embeds the sample workbooks that `covenant demo` runs the reports
// on. They are made reproducibly by `go run ./cmd/mksamples` (package samples/gen).
package samples

import _ "embed"

// Ledger2003 is a year of 2003 purchases, the line card, the breakdown log and
// Arrow's invoices.
//
//go:embed ledger-2003.xlsx
var Ledger2003 []byte

// Loan2002 is the loan workbook of Amendment No. 10's story (Oct-Dec 2002): fee
// events and payments, and the daily borrowing sheet.
//
//go:embed loan-2002.xlsx
var Loan2002 []byte
