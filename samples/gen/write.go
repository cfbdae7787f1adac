package gen

import (
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/xlsx"
)

// Sheet names and headers of a ledger workbook: the format covenant reads.
const (
	SheetPurchases = "Purchases"
	SheetFranchise = "Franchise"
	SheetResponses = "Arrow Responses"
	SheetInvoices  = "Invoices"
)

var (
	// PurchasesHeader is row 1 of the Purchases sheet.
	PurchasesHeader = []string{"PO Number", "PO Line", "PO Date", "Supplier", "Manufacturer", "Part Number",
		"Description", "Quantity", "Unit Cost", "Confirmed Delivery Date", "Customer Directed",
		"Credit Limit Exception", "Extended Cost", "PO Time"}
	// FranchiseHeader is row 1 of the Franchise sheet (Arrow's line card).
	FranchiseHeader = []string{"Manufacturer", "Authorized From", "Authorized Until"}
	// ResponsesHeader is row 1 of the Arrow Responses sheet (the §1.2 breakdown log).
	ResponsesHeader = []string{"PO Number", "PO Line", "Breakdown Sent", "Arrow Response", "Responded At"}
	// InvoicesHeader is row 1 of the Invoices sheet (Arrow's billing to the customer).
	InvoicesHeader = []string{"Invoice Number", "Invoice Date", "Amount", "Returns", "Discounts", "Due Date", "Paid Date"}
)

// Fixed document properties, so that the same seed gives the same bytes.
const (
	docTimestamp = "2003-12-31T00:00:00Z"
	docCreator   = "covenant samples"
)

// purchaseRow is one line of the Purchases sheet.
type purchaseRow struct {
	po       string
	line     int
	date     time.Time
	supplier string
	mfr      *manufacturer
	mfrAs    string // the manufacturer as the clerk wrote it, when not mfr's name
	part     *part
	qty      int
	unit     int64 // 1/10000 dollar
	deliv    time.Time
	cd, cle  bool
	ext      int64 // cents
	// at is the time of day the PO was committed, when the ledger records
	// it (hasTime): in the PO Time column, or in the PO Date cell (inDate)
	at              time.Duration
	hasTime, inDate bool
}

// breakdown is one row of the Arrow Responses sheet.
type breakdown struct {
	po   string
	line int // 0: blank, the whole PO
	sent time.Time
	resp string    // "Meet", "Approve" or ""
	at   time.Time // zero: blank
}

// invoice is one row of the Invoices sheet; money in cents.
type invoice struct {
	number                     string
	date                       time.Time
	amount, returns, discounts int64
	due, paid                  time.Time // paid zero: unpaid
	special                    bool      // credit memo or a planted case: left alone by later passes
}

// ledger holds the small sheets; Purchases is streamed.
type ledger struct {
	title     string
	franchise []*manufacturer
	responses []breakdown
	invoices  []invoice
	// stress ledgers are written as excelize writes them (docs/perf.sh times
	// excelize's StreamWriter alone as its baseline), without xlsx.Tidy
	stress bool
}

type styles struct {
	bold, date, dateTime, money, unit, qty, clock int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	fmtp := func(s string) *string { return &s }
	s.bold = mk(&excelize.Style{Font: &excelize.Font{Bold: true}})
	s.date = mk(&excelize.Style{CustomNumFmt: fmtp("yyyy-mm-dd")})
	s.dateTime = mk(&excelize.Style{CustomNumFmt: fmtp("yyyy-mm-dd hh:mm")})
	s.money = mk(&excelize.Style{CustomNumFmt: fmtp("#,##0.00")})
	s.unit = mk(&excelize.Style{CustomNumFmt: fmtp("#,##0.0000")})
	s.qty = mk(&excelize.Style{CustomNumFmt: fmtp("#,##0")})
	s.clock = mk(&excelize.Style{CustomNumFmt: fmtp("hh:mm")})
	return s, err
}

var frozenHeader = excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
	Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}

// writeLedger writes the workbook. rows streams the Purchases lines through emit;
// it runs before the small sheets are written, so it may still add to l.
//
// Only Purchases uses a StreamWriter: excelize writes its streamed sheets in map
// order, so a second stream would make the zip's entry order vary between runs.
func writeLedger(w io.Writer, l *ledger, rows func(emit func(*purchaseRow) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetPurchases); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(SheetPurchases)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&frozenHeader); err != nil {
		return err
	}
	// excelize's stream writer puts each width before the ones set earlier:
	// set from the last column, so that the <col> elements come out ascending,
	// as Excel wants them
	widths := []float64{15, 8, 11, 28, 26, 22, 44, 10, 11, 12, 10, 10, 13, 8}
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return err
		}
	}
	hdr := make([]interface{}, len(PurchasesHeader))
	for i, h := range PurchasesHeader {
		hdr[i] = excelize.Cell{StyleID: st.bold, Value: h}
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		return err
	}
	// One set of cells reused for every line keeps the per-line garbage low.
	var cells [14]excelize.Cell
	vals := make([]interface{}, len(cells))
	for i := range cells {
		vals[i] = &cells[i]
	}
	cells[1].StyleID, cells[2].StyleID, cells[7].StyleID = 0, st.date, st.qty
	cells[8].StyleID, cells[9].StyleID, cells[12].StyleID, cells[13].StyleID = st.unit, st.date, st.money, st.clock
	// Values are boxed once and reused where lines repeat them, so that a line
	// costs few allocations besides excelize's own.
	yes, no := any("Y"), any("N")
	yn := func(b bool) any {
		if b {
			return yes
		}
		return no
	}
	var lastPO, lastSupplier string
	var poV, supplierV any
	dates := map[time.Time]any{}
	dateV := func(d time.Time) any {
		v, ok := dates[d]
		if !ok {
			v = d
			dates[d] = v
		}
		return v
	}
	qtys := map[int]any{}
	row := 1
	ref := make([]byte, 0, 12)
	emit := func(p *purchaseRow) error {
		row++
		if p.po != lastPO || poV == nil {
			lastPO, poV = p.po, p.po
		}
		if p.supplier != lastSupplier || supplierV == nil {
			lastSupplier, supplierV = p.supplier, p.supplier
		}
		q, ok := qtys[p.qty]
		if !ok {
			q = p.qty
			qtys[p.qty] = q
		}
		cells[0].Value = poV
		cells[1].Value = p.line
		cells[2].Value, cells[2].StyleID = dateV(p.date), st.date
		cells[13].Value = nil
		switch {
		case p.hasTime && p.inDate:
			cells[2].Value, cells[2].StyleID = p.date.Add(p.at), st.dateTime
		case p.hasTime:
			cells[13].Value = p.at.Hours() / 24
		}
		cells[3].Value = supplierV
		cells[4].Value = p.mfr.nameV()
		if p.mfrAs != "" {
			cells[4].Value = p.mfrAs
		}
		cells[5].Value = p.part.numberV()
		cells[6].Value = p.part.descV()
		cells[7].Value = q
		cells[8].Value = float64(p.unit) / 10000
		cells[9].Value = dateV(p.deliv)
		cells[10].Value = yn(p.cd)
		cells[11].Value = yn(p.cle)
		cells[12].Value = float64(p.ext) / 100
		ref = strconv.AppendInt(append(ref[:0], 'A'), int64(row), 10)
		return sw.SetRow(string(ref), vals)
	}
	if err := rows(emit); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}

	sheets := []struct {
		name   string
		header []string
		widths []float64
		rows   int
		cell   func(i, col int) (any, int) // value (nil: blank) and style
	}{
		{SheetFranchise, FranchiseHeader, []float64{30, 15, 15}, len(l.franchise), func(i, col int) (any, int) {
			m := l.franchise[i]
			switch col {
			case 0:
				return m.name, 0
			case 1:
				return m.from, st.date
			}
			if m.until.IsZero() {
				return nil, 0
			}
			return m.until, st.date
		}},
		{SheetResponses, ResponsesHeader, []float64{15, 8, 17, 15, 17}, len(l.responses), func(i, col int) (any, int) {
			b := l.responses[i]
			switch col {
			case 0:
				return b.po, 0
			case 1:
				if b.line == 0 {
					return nil, 0
				}
				return b.line, 0
			case 2:
				return b.sent, st.dateTime
			case 3:
				if b.resp == "" {
					return nil, 0
				}
				return b.resp, 0
			}
			if b.at.IsZero() {
				return nil, 0
			}
			return b.at, st.dateTime
		}},
		{SheetInvoices, InvoicesHeader, []float64{15, 12, 13, 11, 11, 12, 12}, len(l.invoices), func(i, col int) (any, int) {
			v := l.invoices[i]
			switch col {
			case 0:
				return v.number, 0
			case 1:
				return v.date, st.date
			case 2:
				return float64(v.amount) / 100, st.money
			case 3:
				return float64(v.returns) / 100, st.money
			case 4:
				return float64(v.discounts) / 100, st.money
			case 5:
				return v.due, st.date
			}
			if v.paid.IsZero() {
				return nil, 0
			}
			return v.paid, st.date
		}},
	}
	for _, s := range sheets {
		if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		for c, h := range s.header {
			cell, _ := excelize.CoordinatesToCellName(c+1, 1)
			if err := f.SetCellValue(s.name, cell, h); err != nil {
				return err
			}
			col, _ := excelize.ColumnNumberToName(c + 1)
			if err := f.SetColWidth(s.name, col, col, s.widths[c]); err != nil {
				return err
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(s.header), 1)
		if err := f.SetCellStyle(s.name, "A1", last, st.bold); err != nil {
			return err
		}
		if err := f.SetPanes(s.name, &frozenHeader); err != nil {
			return err
		}
		for i := 0; i < s.rows; i++ {
			for c := range s.header {
				v, style := s.cell(i, c)
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
				if err := f.SetCellValue(s.name, cell, v); err != nil {
					return err
				}
				if style != 0 {
					if err := f.SetCellStyle(s.name, cell, cell, style); err != nil {
						return err
					}
				}
			}
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Created:        docTimestamp,
		Modified:       docTimestamp,
		Creator:        docCreator,
		LastModifiedBy: docCreator,
		Title:          l.title,
	}); err != nil {
		return err
	}
	if l.stress {
		_, err = f.WriteTo(w)
		return err
	}
	// the streamed Purchases sheet's <col> elements in ascending order, and every
	// sheet's dimension and the core properties as Excel writes them (issue 15)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return xlsx.Tidy(w, buf.Bytes())
}
