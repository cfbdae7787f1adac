// Command mktemplates writes covenant's default report templates into templates/.
// The templates are ordinary workbooks: an accountant may restyle them in Excel
// (fonts, colours, widths, column order, extra text) as long as the defined names
// and the table headers stay. Run: go run ./cmd/mktemplates
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/xlsx"
)

const footer = "&L&8Confidential: Supplier Agreement §6&C&8Page &P of &N&R&8&A"

type styles struct {
	title, subtitle, label, value, money, moneyBold, date, pct, header, text, wrap, int_, note, dateTime int
	// 9-point variants for wide tables, so that a landscape Letter page holds them
	tText, tWrap, tInt, tMoney, tDate, tDec int
}

func newStyles(f *excelize.File) styles {
	must := func(id int, err error) int {
		if err != nil {
			log.Fatal(err)
		}
		return id
	}
	acct := `_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)`
	dateFmt := "m/d/yyyy"
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	var s styles
	s.title = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: "Arial"}}))
	s.subtitle = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 9, Family: "Arial", Color: "555555"}}))
	s.label = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}}))
	s.value = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, Alignment: &excelize.Alignment{Horizontal: "left"}}))
	s.money = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &acct}))
	s.moneyBold = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, CustomNumFmt: &acct, Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}}}))
	s.date = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}))
	dt := "m/d/yyyy h:mm"
	s.dateTime = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &dt, Alignment: &excelize.Alignment{Horizontal: "left"}}))
	pct := "0.0%"
	s.pct = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, CustomNumFmt: &pct, Alignment: &excelize.Alignment{Horizontal: "right"}}))
	s.header = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border, Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}}))
	s.text = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}}))
	s.wrap = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	s.int_ = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, NumFmt: 3}))
	small := func(st excelize.Style) int {
		st.Font = &excelize.Font{Size: 9, Family: "Arial"}
		return must(f.NewStyle(&st))
	}
	s.tText = small(excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	s.tWrap = small(excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	s.tInt = small(excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}})
	s.tMoney = small(excelize.Style{CustomNumFmt: &acct, Alignment: &excelize.Alignment{Vertical: "top"}})
	s.tDate = small(excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}})
	dec := "#,##0.00##"
	s.tDec = small(excelize.Style{CustomNumFmt: &dec, Alignment: &excelize.Alignment{Vertical: "top"}})
	s.note = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 9, Family: "Arial", Color: "555555"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	return s
}

type col struct {
	header string
	width  float64
	style  int
}

// table writes a title, a header row at headerRow and a styled sample row below,
// names the header row, freezes it, repeats it on printed pages.
func table(f *excelize.File, sheet, name string, headerRow int, cols []col, hdrStyle int) {
	for i, c := range cols {
		colName, _ := excelize.ColumnNumberToName(i + 1)
		ref := fmt.Sprintf("%s%d", colName, headerRow)
		check(f.SetCellValue(sheet, ref, c.header))
		check(f.SetCellStyle(sheet, ref, ref, hdrStyle))
		sample := fmt.Sprintf("%s%d", colName, headerRow+1)
		check(f.SetCellStyle(sheet, sample, sample, c.style))
		check(f.SetColWidth(sheet, colName, colName, c.width))
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	check(f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: fmt.Sprintf("'%s'!$A$%d:$%s$%d", sheet, headerRow, last, headerRow)}))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headerRow, headerRow)}))
	check(f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}))
	check(f.SetRowHeight(sheet, headerRow, 27))
}

func page(f *excelize.File, sheet string, landscape bool) {
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	size, one, zero := 1, 1, 0
	check(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}))
	fit := true
	check(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	m := 0.5
	top := 0.6
	check(f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &top, Bottom: &top}))
	check(f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: footer}))
}

func name(f *excelize.File, n, sheet, cell string) {
	check(f.SetDefinedName(&excelize.DefinedName{Name: n, RefersTo: fmt.Sprintf("'%s'!$%s$%s", sheet, cell[:1], cell[1:])}))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// builders maps each template's file name to the function that writes it; each
// report's file adds its own in init.
var builders = map[string]func(path string){"monthly.xlsx": monthly}

func main() {
	dir := flag.String("dir", "templates", "folder to write the templates into")
	flag.Parse()
	names := make([]string, 0, len(builders))
	for n := range builders {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		builders[n](filepath.Join(*dir, n))
	}
}

func monthly(path string) {
	f := excelize.NewFile()
	defer f.Close()
	s := newStyles(f)
	must := func(id int, err error) int {
		check(err)
		return id
	}
	const cover = "Cover"
	check(f.SetSheetName("Sheet1", cover))
	set := func(cell string, v any, style int) {
		check(f.SetCellValue(cover, cell, v))
		check(f.SetCellStyle(cover, cell, cell, style))
	}
	set("A1", "Monthly Material Spend Report", s.title)
	set("A2", "Supplier Agreement §1.2: all material dollars spent for Arrow CMS franchised parts in the month", s.subtitle)
	// what the report is besides its figures: a draft, an empty month, a month
	// outside the term (§2); the fill sizes the row to the text
	status := must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial", Color: "9C0006"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	set("A3", "", status)
	check(f.MergeCell(cover, "A3", "C3"))
	name(f, "Status", cover, "A3")
	k := kit{f: f}
	k.fields(cover, 5, s.label, 0, 0, []field{
		{"Customer", "Customer", s.value},
		{"Distributor", "Distributor", s.value},
		{"Agreement", "Agreement", s.value},
		{"Period from", "PeriodStart", s.date},
		{"Period to", "PeriodEnd", s.date},
		{"Due to Arrow by", "DueDate", s.date},
		{"As of", "AsOf", s.date},
		{"Prepared by", "PreparedBy", s.value},
	})
	set("A14", "Franchised spend by classification", s.label)
	set("B14", "PO lines", s.label)
	set("C14", "Amount", s.label)
	classes := []struct{ label, key string }{
		{"Bought from Arrow", "arrow"},
		{"Customer directed (§1.2)", "customer_directed"},
		{"Credit limit (§1.5)", "credit_limit"},
		{"Released by Arrow (§1.2)", "released_by_arrow"},
		{"Exceptions to §1.2", "exception"},
		{"Returns (negative quantities)", "return"},
	}
	for i, c := range classes {
		row := 15 + i
		set(fmt.Sprintf("A%d", row), c.label, s.value)
		set(fmt.Sprintf("B%d", row), "", s.int_)
		set(fmt.Sprintf("C%d", row), "", s.money)
		name(f, "Lines_"+c.key, cover, fmt.Sprintf("B%d", row))
		name(f, "Spend_"+c.key, cover, fmt.Sprintf("C%d", row))
	}
	set("A21", "Total franchised spend", s.label)
	set("B21", "", s.int_)
	set("C21", "", s.moneyBold)
	name(f, "FranchisedLines", cover, "B21")
	name(f, "FranchisedSpend", cover, "C21")
	set("A22", "Share bought from Arrow (returns left out)", s.label)
	set("C22", "", s.pct)
	name(f, "ArrowShare", cover, "C22")
	set("A24", "PO lines dated in the month", s.value)
	set("B24", "", s.int_)
	name(f, "LinesInMonth", cover, "B24")
	set("A25", "Lines not franchised (out of scope)", s.value)
	set("B25", "", s.int_)
	name(f, "OutOfScopeLines", cover, "B25")
	set("A26", "Lines dated after the as-of date (not known yet, left out)", s.value)
	set("B26", "", s.int_)
	name(f, "LinesNotKnownYet", cover, "B26")
	set("A28", "", s.wrap)
	check(f.MergeCell(cover, "A28", "C30"))
	name(f, "Statement", cover, "A28")
	set("A32", "The Detail sheet lists every franchised-part transaction of the month with its component cost, quantity, PO date and the supplier's confirmed delivery date (§1.2). Amounts are live formulas over the Detail sheet.", s.note)
	check(f.MergeCell(cover, "A32", "C34"))
	// the fill rewrites this note when the detail goes on past Excel's last row
	name(f, "DetailNote", cover, "A32")
	check(f.SetColWidth(cover, "A", "A", 38))
	check(f.SetColWidth(cover, "B", "B", 36))
	check(f.SetColWidth(cover, "C", "C", 20))
	page(f, cover, false)
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: cover, RefersTo: "'Cover'!$A$1:$C$34"}))

	add := func(sheet string) {
		_, err := f.NewSheet(sheet)
		check(err)
	}
	const detail = "Detail"
	add(detail)
	check(f.SetCellValue(detail, "A1", "Franchised-part transactions"))
	check(f.SetCellStyle(detail, "A1", "A1", s.title))
	check(f.SetCellValue(detail, "A2", "§1.2: component cost, quantity, PO date and supplier confirming delivery date for all transactions of the month"))
	check(f.SetCellStyle(detail, "A2", "A2", s.subtitle))
	check(f.SetCellValue(detail, "A3", "Totals by classification are on the Cover sheet."))
	check(f.SetCellStyle(detail, "A3", "A3", s.note))
	table(f, detail, "Detail", 4, []col{
		{"PO Number", 12, s.tText}, {"PO Line", 5, s.tInt}, {"PO Date", 9, s.tDate}, {"Supplier", 17, s.tWrap},
		{"Manufacturer", 16, s.tWrap}, {"Part Number", 14, s.tText}, {"Description", 20, s.tWrap},
		{"Quantity", 8, s.tInt}, {"Unit Cost", 9, s.tDec}, {"Extended Cost", 12, s.tMoney},
		{"Confirmed Delivery Date", 10, s.tDate}, {"Classification", 15, s.tText}, {"Compliant", 9, s.tText},
		{"Reason", 38, s.tWrap}, {"Location", 10, s.tWrap}, {"Ledger Row", 6, s.tInt},
	}, s.header)
	page(f, detail, true)

	const summary = "Summary"
	add(summary)
	check(f.SetCellValue(summary, "A1", "Spend by supplier and manufacturer"))
	check(f.SetCellStyle(summary, "A1", "A1", s.title))
	check(f.SetCellValue(summary, "A2", "Franchised parts only; Arrow's names folded into one supplier"))
	check(f.SetCellStyle(summary, "A2", "A2", s.subtitle))
	check(f.SetCellValue(summary, "B3", "Total"))
	check(f.SetCellStyle(summary, "B3", "B3", s.label))
	check(f.SetCellStyle(summary, "C3", "C3", s.int_))
	check(f.SetCellStyle(summary, "D3", "D3", s.moneyBold))
	name(f, "SummaryLines", summary, "C3")
	name(f, "SummaryTotal", summary, "D3")
	table(f, summary, "Summary", 4, []col{
		{"Supplier", 24, s.text}, {"Manufacturer", 24, s.text}, {"PO Lines", 10, s.int_}, {"Spend", 16, s.money},
	}, s.header)
	page(f, summary, false)

	const suppliers = "By Supplier"
	add(suppliers)
	check(f.SetCellValue(suppliers, "A1", "Spend by supplier"))
	check(f.SetCellStyle(suppliers, "A1", "A1", s.title))
	check(f.SetCellValue(suppliers, "F2", ""))
	name(f, "SupplierChart", suppliers, "F2")
	table(f, suppliers, "Suppliers", 3, []col{
		{"Supplier", 26, s.text}, {"PO Lines", 10, s.int_}, {"Spend", 16, s.money}, {"Share", 9, s.pct},
	}, s.header)
	page(f, suppliers, true)

	const exceptions = "Exceptions"
	add(exceptions)
	check(f.SetCellValue(exceptions, "A1", "Exceptions to §1.2"))
	check(f.SetCellStyle(exceptions, "A1", "A1", s.title))
	check(f.SetCellValue(exceptions, "A2", "Franchised parts bought from another supplier without Arrow's release"))
	check(f.SetCellStyle(exceptions, "A2", "A2", s.subtitle))
	check(f.SetCellValue(exceptions, "F3", "Total"))
	check(f.SetCellStyle(exceptions, "F3", "F3", s.label))
	check(f.SetCellStyle(exceptions, "G3", "G3", s.moneyBold))
	name(f, "ExceptionTotal", exceptions, "G3")
	table(f, exceptions, "Exceptions", 4, []col{
		{"PO Number", 12, s.tText}, {"PO Line", 5, s.tInt}, {"PO Date", 9, s.tDate}, {"Supplier", 17, s.tWrap},
		{"Manufacturer", 16, s.tWrap}, {"Part Number", 14, s.tText}, {"Amount", 12, s.tMoney}, {"Reason", 60, s.tWrap}, {"Location", 10, s.tWrap}, {"Ledger Row", 6, s.tInt},
	}, s.header)
	page(f, exceptions, true)

	const audit = "Audit"
	add(audit)
	check(f.SetCellValue(audit, "A1", "Audit trail (§5)"))
	check(f.SetCellStyle(audit, "A1", "A1", s.title))
	table(f, audit, "Audit", 3, []col{{"Item", 24, s.label}, {"Value", 80, s.tWrap}}, s.header)
	page(f, audit, false)

	check(f.SetDocProps(&excelize.DocProperties{Creator: "covenant", Title: "Monthly material-spend report template", Created: "2003-01-01T00:00:00Z", Modified: "2003-01-01T00:00:00Z"}))
	f.SetActiveSheet(0)
	check(save(f, path))
	fmt.Println("wrote", path)
}

// save writes the template with its parts as Excel lays them out (xlsx.Tidy:
// each sheet's dimension and column order, the core properties), so that the
// template itself opens clean in every client.
func save(f *excelize.File, path string) error {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := xlsx.Tidy(&out, buf.Bytes()); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

// kit holds the helpers every template builder uses on one workbook.
type kit struct {
	f      *excelize.File
	footer string // replaces the Supplier Agreement footer when set
}

// pageSetup prints sheet on Letter, fit to width, with the kit's footer.
func (k kit) pageSetup(sheet string, landscape bool) {
	page(k.f, sheet, landscape)
	if k.footer != "" {
		check(k.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: k.footer}))
	}
}

// add adds a sheet.
func (k kit) add(sheet string) {
	_, err := k.f.NewSheet(sheet)
	check(err)
}

// put writes v (nil: nothing) into cell with style.
func (k kit) put(sheet, cell string, v any, style int) {
	if v != nil {
		check(k.f.SetCellValue(sheet, cell, v))
	}
	check(k.f.SetCellStyle(sheet, cell, cell, style))
}

// field is a labelled fill point of a summary: the label in column A, the named
// value cell in column B. An empty name leaves a blank row.
type field struct {
	label, name string
	style       int
}

// fields writes fs from row first down, labels in labelStyle (or topLabel for a
// wrapped value, so that the label stays level with the value's first line), and
// returns the row after the last.
func (k kit) fields(sheet string, first, labelStyle, topLabel int, wrap int, fs []field) int {
	for i, fd := range fs {
		if fd.name == "" {
			continue
		}
		row := first + i
		ls := labelStyle
		if fd.style == wrap && topLabel != 0 {
			ls = topLabel
		}
		k.put(sheet, fmt.Sprintf("A%d", row), fd.label, ls)
		k.put(sheet, fmt.Sprintf("B%d", row), "", fd.style)
		name(k.f, fd.name, sheet, fmt.Sprintf("B%d", row))
	}
	return first + len(fs)
}
