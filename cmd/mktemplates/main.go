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
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/xlsx"
)

const footer = "&L&8Confidential: Supplier Agreement §6&C&8Page &P of &N&R&8&A"

type styles struct {
	title, subtitle, label, value, money, moneyBold, date, pct, header, text, wrap, int_, note, dateTime int
	// labelWrap: a bold label that wraps (the audit sheet's items)
	labelWrap int
	// 9-point variants for tables (dates in tables as yyyy-mm-dd, one style on
	// every page; the long form "October 1, 2003" is for fields and sentences)
	tText, tWrap, tInt, tMoney, tDate, tDec, tCost int
	// a date and time in a table, as tables write dates
	tDateTime int
	// 8-point variants for listings of PO lines and other wide tables, so that
	// a landscape Letter page holds them at 85 % or more, with their header
	lText, lWrap, lInt, lMoney, lDate, lCost, lNum, lHeader int
	// totals under 9- and 8-point tables: bold, a rule above
	tTotal, lTotal int
}

// Number and date formats of the templates.
const (
	acctFmt  = `_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)`
	isoDate  = "yyyy-mm-dd"
	longDate = "mmmm d, yyyy"
	// unit costs show every decimal they have, four at least: they are
	// multiplied (§1.2 cost)
	costFmt = "#,##0.0000##"
	numFmt  = `#,##0.00;(#,##0.00);"-"`
)

func newStyles(f *excelize.File) styles {
	must := func(id int, err error) int {
		if err != nil {
			log.Fatal(err)
		}
		return id
	}
	acct, dateFmt, tableDate, cost, num := acctFmt, longDate, isoDate, costFmt, numFmt
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	var s styles
	s.title = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: "Arial"}}))
	s.subtitle = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 9, Family: "Arial", Color: "555555"}}))
	s.label = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}}))
	s.labelWrap = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	s.value = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, Alignment: &excelize.Alignment{Horizontal: "left"}}))
	s.money = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &acct}))
	s.moneyBold = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, CustomNumFmt: &acct, Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}}}))
	s.date = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}))
	dt := "mmmm d, yyyy h:mm"
	s.dateTime = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, CustomNumFmt: &dt, Alignment: &excelize.Alignment{Horizontal: "left"}}))
	pct := "0.0%"
	s.pct = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, CustomNumFmt: &pct, Alignment: &excelize.Alignment{Horizontal: "right"}}))
	s.header = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 10, Family: "Arial"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border, Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}}))
	s.lHeader = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 8, Family: "Arial"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border, Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}}))
	s.text = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}}))
	s.wrap = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	s.int_ = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Arial"}, NumFmt: 3}))
	sized := func(size float64) func(st excelize.Style) int {
		return func(st excelize.Style) int {
			st.Font = &excelize.Font{Size: size, Family: "Arial"}
			return must(f.NewStyle(&st))
		}
	}
	for _, set := range []struct {
		size                                    float64
		text, wrap, int_, money, date, dec, cst *int
	}{
		{9, &s.tText, &s.tWrap, &s.tInt, &s.tMoney, &s.tDate, &s.tDec, &s.tCost},
		{8, &s.lText, &s.lWrap, &s.lInt, &s.lMoney, &s.lDate, &s.lNum, &s.lCost},
	} {
		st := sized(set.size)
		*set.text = st(excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
		*set.wrap = st(excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
		*set.int_ = st(excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}})
		*set.money = st(excelize.Style{CustomNumFmt: &acct, Alignment: &excelize.Alignment{Vertical: "top"}})
		*set.date = st(excelize.Style{CustomNumFmt: &tableDate, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}})
		if set.size == 9 {
			dec := "#,##0.00##"
			*set.dec = st(excelize.Style{CustomNumFmt: &dec, Alignment: &excelize.Alignment{Vertical: "top"}})
		} else {
			*set.dec = st(excelize.Style{CustomNumFmt: &num, Alignment: &excelize.Alignment{Vertical: "top"}})
		}
		*set.cst = st(excelize.Style{CustomNumFmt: &cost, Alignment: &excelize.Alignment{Vertical: "top"}})
	}
	tableDateTime := isoDate + " h:mm"
	s.tDateTime = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 9, Family: "Arial"}, CustomNumFmt: &tableDateTime, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}))
	s.note = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 9, Family: "Arial", Color: "555555"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	rule := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	s.tTotal = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 9, Family: "Arial"}, CustomNumFmt: &acct, Border: rule}))
	s.lTotal = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 8, Family: "Arial"}, CustomNumFmt: &acct, Border: rule}))
	return s
}

type col struct {
	header string
	width  float64
	style  int
}

// hide hides columns of a sheet (by letter): they hold what a formula needs
// and a person need not read (the key the Summary's totals add the detail
// up by), and do not print.
func hide(f *excelize.File, sheet string, cols ...string) {
	for _, c := range cols {
		check(f.SetColVisible(sheet, c, false))
	}
}

// table writes a title, a header row at headerRow and a styled sample row below,
// names the header row, freezes it, repeats it on printed pages. The header
// row is as high as its longest wrapped header needs.
func table(f *excelize.File, sheet, name string, headerRow int, cols []col, hdrStyle int) {
	lines, font := 1, fontOf(f, hdrStyle)
	for i, c := range cols {
		colName, _ := excelize.ColumnNumberToName(i + 1)
		ref := fmt.Sprintf("%s%d", colName, headerRow)
		check(f.SetCellValue(sheet, ref, c.header))
		check(f.SetCellStyle(sheet, ref, ref, hdrStyle))
		sample := fmt.Sprintf("%s%d", colName, headerRow+1)
		check(f.SetCellStyle(sheet, sample, sample, c.style))
		check(f.SetColWidth(sheet, colName, colName, c.width))
		lines = max(lines, fill.WrappedLines(c.header, fill.ColumnRoom(c.width), font))
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	check(f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: fmt.Sprintf("'%s'!$A$%d:$%s$%d", sheet, headerRow, last, headerRow)}))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headerRow, headerRow)}))
	check(f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}))
	check(f.SetRowHeight(sheet, headerRow, fill.RowHeight(max(lines, 2), font)))
}

// fitRow makes a row as high as text needs in a cell (merged) width columns
// wide, set in style.
func fitRow(f *excelize.File, sheet string, row int, text string, width float64, style int) {
	font := fontOf(f, style)
	check(f.SetRowHeight(sheet, row, fill.RowHeight(fill.WrappedLines(text, fill.ColumnRoom(width), font), font)))
}

// fontOf is the font of a style, for measuring its text.
func fontOf(f *excelize.File, style int) fill.Font {
	st, err := f.GetStyle(style)
	check(err)
	if st.Font == nil {
		return fill.Font{Size: 10}
	}
	return fill.Font{Size: st.Font.Size, Bold: st.Font.Bold}
}

// page prints sheet on Letter, fit to one page wide, margins of half an inch
// (0.4 inch on the sides of a landscape page, for wide tables).
func page(f *excelize.File, sheet string, landscape bool) {
	orient := "portrait"
	side := 0.5
	if landscape {
		orient, side = "landscape", 0.4
	}
	size, one, zero := 1, 1, 0
	check(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}))
	fit := true
	check(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	top, hf := 0.7, 0.3
	check(f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &top, Bottom: &top, Header: &hf, Footer: &hf}))
	check(f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: footer}))
}

// pageSplit prints a table too wide for one page at a legible size over
// several pages side by side, at full size: a page break before each of the
// columns named (by letter), titleCols (e.g. "$A:$A"; "" for none) repeated
// on every page beside the header rows, the pages of a band of rows next to
// each other.
func pageSplit(f *excelize.File, sheet string, headerRow int, titleCols string, breaks ...string) {
	check(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: boolPtr(false)}))
	order, scale := "overThenDown", 100
	check(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{PageOrder: &order, AdjustTo: uintPtr(uint(scale))}))
	for _, c := range breaks {
		check(f.InsertPageBreak(sheet, c+"1"))
	}
	if len(breaks) > 0 {
		n, err := excelize.ColumnNameToNumber(breaks[0])
		check(err)
		firstPage[sheet] = n - 1
	}
	if titleCols != "" {
		check(f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet}))
		check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: fmt.Sprintf("'%s'!%s,'%s'!$%d:$%d", sheet, titleCols, sheet, headerRow, headerRow)}))
	}
}

// inputs names, on a sheet, what a report takes as it is from the books or
// the terms rather than computes (the sheet-scoped name "Inputs": columns by
// letter, e.g. "H", or cells, e.g. "$B$13"): every other amount of a report
// is a formula over them (issue 15), and a test holds the reports to it.
func inputs(f *excelize.File, sheet string, cols ...string) {
	var areas []string
	for _, c := range cols {
		if strings.Contains(c, "$") {
			areas = append(areas, fmt.Sprintf("'%s'!%s", sheet, c))
		} else {
			areas = append(areas, fmt.Sprintf("'%s'!$%s:$%s", sheet, c, c))
		}
	}
	refers := strings.Join(areas, ",")
	if len(areas) > 1 {
		// a union in parentheses: Gnumeric reads no bare list of areas
		// ("Multiple expressions are not supported"), Excel reads both
		refers = "(" + refers + ")"
	}
	check(f.SetDefinedName(&excelize.DefinedName{Name: "Inputs", Scope: sheet, RefersTo: refers,
		Comment: "What the report takes from the books or the terms as it is; every other amount is a formula"}))
}

// firstPage is, for a sheet printed over pages side by side, the last column
// of its first page.
var firstPage = map[string]int{}

// wrapSubtitles merges each sheet's subtitle (A2, in the subtitle style)
// across the columns its table prints on its first page, wraps it and makes
// its row as high as it needs: a subtitle running on to the right would
// widen the printed page (and shrink it to fit) or run over the next page.
func wrapSubtitles(f *excelize.File, s styles) {
	st := must2(f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 9, Family: "Arial", Color: "555555"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	for _, sh := range f.GetSheetList() {
		id, err := f.GetCellStyle(sh, "A2")
		check(err)
		text, err := f.GetCellValue(sh, "A2")
		check(err)
		if id != s.subtitle || text == "" {
			continue
		}
		rows, err := f.GetRows(sh)
		check(err)
		last := 1
		for i, r := range rows {
			if i >= 2 {
				last = max(last, len(r))
			}
		}
		if n, ok := firstPage[sh]; ok {
			last = min(last, n)
		}
		width := 0.0
		for c := 1; c <= last; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(sh, name)
			check(err)
			width += w
		}
		end, _ := excelize.CoordinatesToCellName(last, 2)
		check(f.SetCellStyle(sh, "A2", "A2", st))
		if last > 1 {
			check(f.MergeCell(sh, "A2", end))
		}
		fitRow(f, sh, 2, text, width, st)
	}
}

func must2(id int, err error) int {
	check(err)
	return id
}

// pageFull prints sheet at full size, not fit to the page (Excel ignores
// page breaks on a sheet fit to a number of pages), with a page break above
// each of the rows given.
func pageFull(f *excelize.File, sheet string, breaks ...int) {
	check(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: boolPtr(false)}))
	check(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{AdjustTo: uintPtr(100)}))
	for _, r := range breaks {
		check(f.InsertPageBreak(sheet, fmt.Sprintf("A%d", r)))
	}
}

func boolPtr(b bool) *bool { return &b }
func uintPtr(u uint) *uint { return &u }

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
	check(f.MergeCell(cover, "A28", "C28"))
	name(f, "Statement", cover, "A28")
	detailNote := "The Detail sheet lists every franchised-part transaction of the month with its component cost, quantity, PO date and the supplier's confirmed delivery date (§1.2). Each total above adds up the Detail sheet's lines as a formula, so it follows a corrected line; the statement restates the totals, and where the two differ the totals govern."
	set("A30", detailNote, s.note)
	check(f.MergeCell(cover, "A30", "C30"))
	fitRow(f, cover, 30, detailNote, 38+36+20, s.note)
	// the fill rewrites this note when the detail goes on past Excel's last row
	name(f, "DetailNote", cover, "A30")
	check(f.SetColWidth(cover, "A", "A", 38))
	check(f.SetColWidth(cover, "B", "B", 36))
	check(f.SetColWidth(cover, "C", "C", 20))
	page(f, cover, false)
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: cover, RefersTo: "'Cover'!$A$1:$C$30"}))

	add := func(sheet string) {
		_, err := f.NewSheet(sheet)
		check(err)
	}
	const detail = "Detail"
	add(detail)
	check(f.SetCellValue(detail, "A1", "Franchised-part transactions"))
	check(f.SetCellStyle(detail, "A1", "A1", s.title))
	check(f.SetCellValue(detail, "A2", "§1.2: component cost, quantity, PO date and supplier confirming delivery date for all transactions of the month; totals by classification are on the Cover sheet"))
	check(f.SetCellStyle(detail, "A2", "A2", s.subtitle))
	table(f, detail, "Detail", 4, []col{
		{"PO Number", 11, s.lText}, {"PO Line", 4, s.lInt}, {"PO Date", 9, s.lDate}, {"Supplier", 11, s.lWrap},
		{"Manufacturer", 11, s.lWrap}, {"Part Number", 11.5, s.lWrap}, {"Description", 15.5, s.lWrap},
		{"Quantity", 7, s.lInt}, {"Unit Cost", 9, s.lCost}, {"Extended Cost", 10.5, s.lMoney},
		{"Confirmed Delivery Date", 9, s.lDate}, {"Classification", 12, s.lWrap},
		{"Reason", 15, s.lWrap}, {"Location", 8.5, s.lWrap}, {"Ledger Row", 6, s.lInt},
		// the Summary sheet's totals add the lines up by it
		{"Summary Key", 8, s.lInt},
	}, s.lHeader)
	hide(f, detail, "P")
	inputs(f, detail, "I") // Unit Cost
	page(f, detail, true)

	const summary = "Summary"
	add(summary)
	check(f.SetCellValue(summary, "A1", "Spend by supplier and manufacturer"))
	check(f.SetCellStyle(summary, "A1", "A1", s.title))
	check(f.SetCellValue(summary, "A2", "Franchised parts only; Arrow's names folded into one supplier; each row adds up the Detail sheet's lines of its supplier and manufacturer"))
	check(f.SetCellStyle(summary, "A2", "A2", s.subtitle))
	check(f.SetCellValue(summary, "B3", "Total"))
	check(f.SetCellStyle(summary, "B3", "B3", s.label))
	check(f.SetCellStyle(summary, "C3", "C3", s.int_))
	check(f.SetCellStyle(summary, "D3", "D3", s.moneyBold))
	name(f, "SummaryLines", summary, "C3")
	name(f, "SummaryTotal", summary, "D3")
	table(f, summary, "Summary", 4, []col{
		{"Supplier", 26, s.wrap}, {"Manufacturer", 26, s.wrap}, {"PO Lines", 10, s.int_}, {"Spend", 16, s.money},
		// the By Supplier sheet's totals add the rows up by it
		{"Supplier Key", 8, s.int_},
	}, s.header)
	hide(f, summary, "E")
	page(f, summary, false)

	const suppliers = "By Supplier"
	add(suppliers)
	check(f.SetCellValue(suppliers, "A1", "Spend by supplier"))
	check(f.SetCellStyle(suppliers, "A1", "A1", s.title))
	check(f.SetCellValue(suppliers, "A2", "Each row adds up the Summary sheet's rows of its supplier"))
	check(f.SetCellStyle(suppliers, "A2", "A2", s.subtitle))
	table(f, suppliers, "Suppliers", 3, []col{
		{"Supplier", 26, s.wrap}, {"PO Lines", 10, s.int_}, {"Spend", 16, s.money}, {"Share", 9, s.pct},
	}, s.header)
	// the chart under the table (the table's rows push it down)
	check(f.SetCellValue(suppliers, "A6", ""))
	name(f, "SupplierChart", suppliers, "A6")
	page(f, suppliers, false)

	const exceptions = "Exceptions"
	add(exceptions)
	check(f.SetCellValue(exceptions, "A1", "Exceptions to §1.2"))
	check(f.SetCellStyle(exceptions, "A1", "A1", s.title))
	check(f.SetCellValue(exceptions, "A2", "Franchised parts bought from another supplier without Arrow's release; each amount is its line's on the Detail sheet"))
	check(f.SetCellStyle(exceptions, "A2", "A2", s.subtitle))
	check(f.SetCellValue(exceptions, "F3", "Total"))
	check(f.SetCellStyle(exceptions, "F3", "F3", s.label))
	check(f.SetCellStyle(exceptions, "G3", "G3", s.moneyBold))
	name(f, "ExceptionTotal", exceptions, "G3")
	table(f, exceptions, "Exceptions", 4, []col{
		{"PO Number", 12, s.lText}, {"PO Line", 4, s.lInt}, {"PO Date", 9.5, s.lDate}, {"Supplier", 13, s.lWrap},
		{"Manufacturer", 12, s.lWrap}, {"Part Number", 12.5, s.lWrap}, {"Amount", 11, s.lMoney}, {"Reason", 45, s.lWrap}, {"Location", 9, s.lWrap}, {"Ledger Row", 6.5, s.lInt},
	}, s.lHeader)
	page(f, exceptions, true)

	const audit = "Audit"
	add(audit)
	check(f.SetCellValue(audit, "A1", "Audit trail (§5)"))
	check(f.SetCellStyle(audit, "A1", "A1", s.title))
	table(f, audit, "Audit", 3, []col{{"Item", 24, s.labelWrap}, {"Value", 72, s.tWrap}}, s.header)
	page(f, audit, false)

	check(f.SetDocProps(&excelize.DocProperties{Creator: "covenant", Title: "Monthly material-spend report template", Created: "2003-01-01T00:00:00Z", Modified: "2003-01-01T00:00:00Z"}))
	f.SetActiveSheet(0)
	wrapSubtitles(f, s)
	check(save(f, path))
	fmt.Println("wrote", path)
}

// save writes the template with Arial 10 as its default font: the unit of
// column widths is that font's digit, 7 pixels in Excel and in LibreOffice
// alike (with Calibri, which LibreOffice replaces by a wider font where it is
// not installed, LibreOffice draws every column a third wider than Excel), and
// rows one line high are 12.75 points, as Excel makes them for it. Its parts
// are laid out as Excel lays them out (xlsx.Tidy: each sheet's dimension and
// column order, the core properties), so that the template itself opens clean
// in every client.
func save(f *excelize.File, path string) error {
	if err := f.SetDefaultFont("Arial"); err != nil {
		return err
	}
	ten := 10.0
	f.Styles.Fonts.Font[0].Sz.Val = &ten
	h := 12.75
	for _, sh := range f.GetSheetList() {
		if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{DefaultRowHeight: &h}); err != nil {
			return err
		}
	}
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
