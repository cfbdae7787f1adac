package gen

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// Loan2002 writes the sample loan workbook: the story of Amendment No. 10 from
// October 1 to December 31, 2002. Its sheets come from feeSheets (Fee Events and
// Fee Payments, loanfee.go) and borrowingSheet (Borrowing, borrowing.go).
func Loan2002(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := feeSheets(f); err != nil {
		return err
	}
	if err := borrowingSheet(f); err != nil {
		return err
	}
	if idx, err := f.GetSheetIndex("Sheet1"); err == nil && idx >= 0 && f.SheetCount > 1 {
		if err := f.DeleteSheet("Sheet1"); err != nil {
			return err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Created: "2002-12-31T00:00:00Z", Modified: "2002-12-31T00:00:00Z", Creator: "covenant samples"}); err != nil {
		return err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return xlsx.Tidy(w, buf.Bytes()) // dimensions and core properties as Excel writes them (issue 15)
}
