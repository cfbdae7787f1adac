// Package blankbook writes the blank workbooks an accountant starts from: the
// ledger (covenant monthly, certificate) and the loan workbook (covenant
// loanfee, borrowing). Their sheets and columns are the ones package ledger
// reads (ledger.LedgerSheets, ledger.LoanSheets), each column with the number
// format, drop-down list and width that suit what it holds, and a first sheet
// that explains every column in words with its clause.
package blankbook

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/ledger"
)

// ReadMe is the name of the first sheet, the one that explains the others.
const ReadMe = "Read Me"

// Book is one of the blank workbooks.
type Book struct {
	// Title is the Read Me sheet's title and the workbook's title property.
	Title string
	// Flag is the --ledger or --loan flag the workbook is given with.
	Flag string
	// Example is a command to run once it is filled in.
	Example string
	Sheets  []ledger.SheetSpec
}

// LedgerBook is the blank ledger workbook.
func LedgerBook() Book {
	return Book{
		Title:   "Ledger workbook for covenant (Supplier Agreement with Arrow CMS)",
		Flag:    "--ledger",
		Example: "covenant monthly --ledger FILE --month 2003-01    and    covenant certificate --ledger FILE --quarter 2003Q1",
		Sheets:  ledger.LedgerSheets(),
	}
}

// LoanBook is the blank loan workbook.
func LoanBook() Book {
	return Book{
		Title:   "Loan workbook for covenant (Amendment No. 10 to the Loan and Security Agreement)",
		Flag:    "--loan",
		Example: "covenant loanfee --loan FILE    and    covenant borrowing --loan FILE",
		Sheets:  ledger.LoanSheets(),
	}
}

// Ledger writes a blank ledger workbook to w; created is its creation time
// (a fixed time gives the same bytes every time).
func Ledger(w io.Writer, created time.Time) error { return LedgerBook().Write(w, created) }

// Loan writes a blank loan workbook to w.
func Loan(w io.Writer, created time.Time) error { return LoanBook().Write(w, created) }

// coreProperties is docProps/core.xml: the title, covenant as the creator,
// and the time the workbook was made.
func coreProperties(title string, created time.Time) []byte {
	var t strings.Builder
	xml.EscapeText(&t, []byte(title))
	stamp := created.UTC().Truncate(time.Second).Format(time.RFC3339)
	return []byte(xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + t.String() + `</dc:title><dc:creator>covenant</dc:creator><cp:lastModifiedBy>covenant</cp:lastModifiedBy>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`)
}

// lastRow is the last row of a sheet: formats and drop-downs cover every row
// below the header.
const lastRow = 1048576

// Write writes the workbook to w.
func (b Book) Write(w io.Writer, created time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", ReadMe); err != nil {
		return err
	}
	if err := b.writeReadMe(f, st); err != nil {
		return err
	}
	for _, s := range b.Sheets {
		if err := writeSheet(f, st, s); err != nil {
			return fmt.Errorf("sheet %s: %w", s.Name, err)
		}
	}
	f.SetActiveSheet(0)
	// The core properties written whole: excelize's SetDocProps puts
	// lastModifiedBy outside the cp namespace, which exceljs refuses.
	f.Pkg.Store("docProps/core.xml", coreProperties(b.Title, created))
	_, err = f.WriteTo(w)
	return err
}

type styles struct {
	title, text, wrap, bold, boldWrap, note, header        int
	colText, colWhole, colNumber, colMoney, colDate, colDT int
	colTime, colPercent, colGeneral                        int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	mk := func(st excelize.Style) int {
		if err != nil {
			return 0
		}
		if st.Font == nil {
			st.Font = &excelize.Font{Size: 10, Family: "Arial"}
		}
		var id int
		id, err = f.NewStyle(&st)
		return id
	}
	ptr := func(s string) *string { return &s }
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	s.title = mk(excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: "Arial"}})
	s.text = mk(excelize.Style{Alignment: top})
	s.wrap = mk(excelize.Style{Alignment: wrapTop})
	s.bold = mk(excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, Alignment: top})
	s.boldWrap = mk(excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, Alignment: wrapTop})
	s.note = mk(excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial", Color: "555555"}, Alignment: top})
	s.header = mk(excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 10, Family: "Arial"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "bottom", WrapText: true},
	})
	// the columns' own formats: a value typed in takes them
	s.colText = mk(excelize.Style{NumFmt: 49}) // @: PO and part numbers stay as typed (0805, 1-10)
	s.colWhole = mk(excelize.Style{NumFmt: 1}) // 0
	s.colNumber = mk(excelize.Style{CustomNumFmt: ptr("#,##0.####;-#,##0.####;0")})
	s.colMoney = mk(excelize.Style{CustomNumFmt: ptr("#,##0.00##;(#,##0.00##);0.00")})
	s.colDate = mk(excelize.Style{CustomNumFmt: ptr("m/d/yyyy")})
	s.colDT = mk(excelize.Style{CustomNumFmt: ptr("m/d/yyyy h:mm")})
	s.colTime = mk(excelize.Style{CustomNumFmt: ptr("h:mm")})
	s.colPercent = mk(excelize.Style{CustomNumFmt: ptr("0.00##")})
	s.colGeneral = mk(excelize.Style{})
	return s, err
}

// columnStyle is the number format of a column of that kind.
func (st styles) columnStyle(k ledger.Kind) int {
	switch k {
	case ledger.KindText:
		return st.colText
	case ledger.KindWhole:
		return st.colWhole
	case ledger.KindNumber:
		return st.colNumber
	case ledger.KindMoney:
		return st.colMoney
	case ledger.KindDate:
		return st.colDate
	case ledger.KindDateTime:
		return st.colDT
	case ledger.KindTime:
		return st.colTime
	case ledger.KindPercent:
		return st.colPercent
	}
	return st.colGeneral
}

// columnWidth is a width a person can read the column's values in (and its
// header, on one line).
func columnWidth(c ledger.ColumnSpec) float64 {
	w := 12.0
	switch c.Kind {
	case ledger.KindText:
		w = 18
	case ledger.KindWhole, ledger.KindFlag, ledger.KindPercent, ledger.KindTime:
		w = 9
	case ledger.KindMoney, ledger.KindNumber:
		w = 14
	case ledger.KindDateTime:
		w = 16
	case ledger.KindChoice:
		for _, ch := range c.Choices {
			w = max(w, float64(utf8.RuneCountInString(ch))+4)
		}
	}
	if strings.Contains(c.Name, "Description") {
		w = 36
	} else if c.Name == ledger.ColSupplier || c.Name == ledger.ColManufacturer {
		w = 24
	}
	// The header wraps onto two lines at most (the header row is two lines
	// high): wide enough for half of it, and for its longest word; bold text is
	// about a tenth wider than the digits widths are measured in.
	words := strings.Fields(c.Name)
	need := 0.0
	for _, wd := range words {
		need = math.Max(need, float64(utf8.RuneCountInString(wd)))
	}
	if len(words) > 1 {
		need = math.Max(need, math.Ceil(float64(utf8.RuneCountInString(c.Name))/2))
	}
	return math.Max(w, math.Ceil(need*1.1)+3)
}

// writeSheet writes one data sheet: the header row, frozen, the columns'
// formats and widths, the drop-downs, and a page set up to print.
func writeSheet(f *excelize.File, st styles, s ledger.SheetSpec) error {
	if _, err := f.NewSheet(s.Name); err != nil {
		return err
	}
	// column formats first: excelize's SetColStyle restyles the cells already there
	for i, c := range s.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColStyle(s.Name, col, st.columnStyle(c.Kind)); err != nil {
			return err
		}
		if err := f.SetColWidth(s.Name, col, col, columnWidth(c)); err != nil {
			return err
		}
	}
	for i, c := range s.Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(s.Name, cell, c.Name); err != nil {
			return err
		}
		if err := f.SetCellStyle(s.Name, cell, cell, st.header); err != nil {
			return err
		}
		if err := addValidation(f, s.Name, i+1, c); err != nil {
			return fmt.Errorf("column %s: %w", c.Name, err)
		}
	}
	if err := f.SetRowHeight(s.Name, 1, 27); err != nil {
		return err
	}
	if err := f.SetPanes(s.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	// excelize leaves the dimension at A1; readers that trust it would see one cell
	last, _ := excelize.CoordinatesToCellName(len(s.Columns), 1)
	if err := f.SetSheetDimension(s.Name, "A1:"+last); err != nil {
		return err
	}
	return printSetup(f, s.Name, fmt.Sprintf("'%s'!$1:$1", s.Name), len(s.Columns) > 6)
}

// addValidation gives a column its drop-down list, or the range a number must
// be in, with the message Excel shows when a value does not fit.
func addValidation(f *excelize.File, sheet string, col int, c ledger.ColumnSpec) error {
	from, _ := excelize.CoordinatesToCellName(col, 2)
	to, _ := excelize.CoordinatesToCellName(col, lastRow)
	dv := excelize.NewDataValidation(true)
	dv.Sqref = from + ":" + to
	var msg string
	switch c.Kind {
	case ledger.KindFlag, ledger.KindChoice:
		if err := dv.SetDropList(c.Choices); err != nil {
			return err
		}
		msg = "Choose " + list(c.Choices, "or") + " from the list"
		switch {
		case c.Kind == ledger.KindFlag:
			msg += " (blank is N)."
		case c.Name == "Arrow Response":
			msg += ", or leave it blank when Arrow did not answer."
		default:
			msg += "."
		}
		dv.SetInput(c.Name, msg)
	case ledger.KindWhole:
		if err := dv.SetRange(1, 1<<30, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		msg = "Write a whole number: 1, 2, 3 …"
	case ledger.KindPercent:
		if err := dv.SetRange("1", "99.99", excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		msg = "Write the rate in percent: 4.75 for 4.75%."
	default:
		return nil
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, c.Name, msg)
	return f.AddDataValidation(sheet, dv)
}

// list joins items as a sentence does: "A, B or C" (conj "or").
func list(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// printSetup lays the sheet out on Letter paper, one page wide, the rows
// given by titles repeated on every page.
func printSetup(f *excelize.File, sheet, titles string, landscape bool) error {
	size, one, zero := 1, 1, 0
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	m, tb := 0.5, 0.6
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &tb, Bottom: &tb}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&L&8Confidential: Supplier Agreement §6&C&8Page &P of &N&R&8&A"}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: titles})
}
