package gen

import (
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheets and headers of the loan workbook that the Extension Fee report reads.
const (
	SheetFeeEvents   = "Fee Events"
	SheetFeePayments = "Fee Payments"
)

var (
	// FeeEventsHeader is the header row of the Fee Events sheet (row 3, under a title).
	FeeEventsHeader = []string{"Event", "Date", "Comment"}
	// FeePaymentsHeader is the header row of the Fee Payments sheet (row 3).
	FeePaymentsHeader = []string{"Date", "Amount", "Installment", "Reference"}
)

// feeSheets adds the Fee Events and Fee Payments sheets (Amendment A.3): the
// Amendment executed on October 1, 2002; a Financing Commitment delivered on
// November 20, which waives the Additional Fee installment due November 27; the
// installments paid, one without naming the installment (matched to the oldest
// open) and base-3 a day late; Full Payment of the refinanced Indebtedness on
// December 27, which waives base-4 due December 31.
func feeSheets(f *excelize.File) error {
	day := func(m time.Month, d int) time.Time { return time.Date(2002, m, d, 0, 0, 0, 0, time.UTC) }
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	moneyFmt := "#,##0.00"
	money, err := f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt})
	if err != nil {
		return err
	}
	sheet := func(name, heading string, header []string, rows [][]any, dateCol, moneyCol string, widths []float64) error {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := f.SetCellValue(name, "A1", heading); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, "A1", "A1", title); err != nil {
			return err
		}
		if err := f.SetSheetRow(name, "A3", &header); err != nil {
			return err
		}
		last, _ := excelize.ColumnNumberToName(len(header))
		if err := f.SetCellStyle(name, "A3", last+"3", bold); err != nil {
			return err
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, 4+i)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				return err
			}
		}
		end := 3 + len(rows)
		for _, cs := range []struct {
			col   string
			style int
		}{{dateCol, date}, {moneyCol, money}} {
			if cs.col == "" {
				continue
			}
			if err := f.SetCellStyle(name, cs.col+"4", cs.col+strconv.Itoa(end), cs.style); err != nil {
				return err
			}
		}
		for i, w := range widths {
			c, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(name, c, c, w); err != nil {
				return err
			}
		}
		return nil
	}
	if err := sheet(SheetFeeEvents, "Amendment No. 10: Extension Fee events (A.3)", FeeEventsHeader, [][]any{
		{"Execution", day(10, 1), "executed by all parties; four originals delivered to the Agent"},
		{"Financing Commitment Delivered", day(11, 20), "term sheet accepted by the Board, delivered to the Agent and the Lenders"},
		{"Full Payment", day(12, 27), "Indebtedness repaid in full from the refinancing"},
	}, "B", "", []float64{32, 12, 70}); err != nil {
		return err
	}
	return sheet(SheetFeePayments, "Amendment No. 10: Extension Fee payments", FeePaymentsHeader, [][]any{
		{day(10, 1), 15000, "base-1", "wire 1001"},
		{day(10, 31), 25000, "additional-1", "wire 1002"},
		{day(11, 15), 15000, nil, "wire 1003 (installment not stated)"},
		{day(12, 17), 30000, "base-3", "wire 1004"},
	}, "A", "B", []float64{12, 14, 14, 34})
}
