package templates

import _ "embed"

// Borrowing is the template of the Amendment No. 10 B.1/B.2 report: borrowing
// capacity, overadvances and interest by day, the breaches, the monthly interest
// accrual with its journal entries, and a chart.
//
//go:embed borrowing.xlsx
var Borrowing []byte
