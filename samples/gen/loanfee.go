package gen

import "github.com/xuri/excelize/v2"

// feeSheets adds the Fee Events and Fee Payments sheets (Amendment A.3).
// Placeholder until the loan fee report fills it in.
func feeSheets(f *excelize.File) error { return nil }
