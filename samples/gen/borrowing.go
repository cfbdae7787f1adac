package gen

import "github.com/xuri/excelize/v2"

// borrowingSheet adds the Borrowing sheet (Amendment B.1, B.2).
// Placeholder until the borrowing report fills it in.
func borrowingSheet(f *excelize.File) error { return nil }
