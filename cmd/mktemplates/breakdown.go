package main

import (
	"fmt"
	"log"

	"github.com/xuri/excelize/v2"
)

func init() { builders["breakdown.xlsx"] = breakdown }

// breakdown writes the template of the detailed breakdown the Customer sends
// Arrow before placing an order with another supplier (§1.2): who sends it,
// when, when Arrow's 24 hours run out, and the lines with the terms proposed
// (part, manufacturer, description, quantity, the unit cost offered and its
// extended cost, the proposed supplier, the need-by date). One landscape
// Letter page holds about twenty lines; more go on, the header repeated.
func breakdown(path string) {
	f := excelize.NewFile()
	defer f.Close()
	s := newStyles(f)
	must := func(id int, err error) int {
		if err != nil {
			log.Fatal(err)
		}
		return id
	}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Family: "Arial"}
	}
	when := "dddd, mmmm d, yyyy h:mm AM/PM"
	unit := "#,##0.0000####"
	acct := `_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)`
	var (
		topLabel = must(f.NewStyle(&excelize.Style{Font: font(true, 10), Alignment: &excelize.Alignment{Vertical: "top"}}))
		value    = must(f.NewStyle(&excelize.Style{Font: font(false, 10), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}))
		stamp    = must(f.NewStyle(&excelize.Style{Font: font(false, 10), CustomNumFmt: &when, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}))
		timeBold = must(f.NewStyle(&excelize.Style{Font: font(true, 10), CustomNumFmt: &when, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}))
		para     = must(f.NewStyle(&excelize.Style{Font: font(false, 10), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
		tLine    = must(f.NewStyle(&excelize.Style{Font: font(false, 9), NumFmt: 1, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}))
		tQty     = must(f.NewStyle(&excelize.Style{Font: font(false, 9), NumFmt: 0, Alignment: &excelize.Alignment{Vertical: "top"}}))
		tUnit    = must(f.NewStyle(&excelize.Style{Font: font(false, 9), CustomNumFmt: &unit, Alignment: &excelize.Alignment{Vertical: "top"}}))
		total    = must(f.NewStyle(&excelize.Style{Font: font(true, 10), CustomNumFmt: &acct}))
		totalLbl = must(f.NewStyle(&excelize.Style{Font: font(true, 10), Alignment: &excelize.Alignment{Horizontal: "right"}}))
	)
	const sheet = "Breakdown"
	check(f.SetSheetName("Sheet1", sheet))
	k := kit{f: f}
	k.put(sheet, "A1", "Detailed breakdown before Purchase Order commitment", s.title)
	k.put(sheet, "A2", "Supplier Agreement §1.2: requirements offered by a supplier other than Arrow CMS, for parts Arrow CMS is an authorized distributor of", s.subtitle)
	fields := []struct {
		label, name string
		style       int
	}{
		{"From:", "Customer", value},
		{"To:", "Distributor", value},
		{"Sent:", "Sent", stamp},
		{"Arrow's 24 hours run out:", "AnswerBy", timeBold},
		{"Prepared by:", "PreparedBy", value},
	}
	for i, fd := range fields {
		row := 4 + i
		k.put(sheet, fmt.Sprintf("A%d", row), fd.label, topLabel)
		check(f.MergeCell(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("C%d", row)))
		k.put(sheet, fmt.Sprintf("D%d", row), "", fd.style)
		check(f.MergeCell(sheet, fmt.Sprintf("D%d", row), fmt.Sprintf("H%d", row)))
		name(f, fd.name, sheet, fmt.Sprintf("D%d", row))
	}
	// what the Customer asks and what §1.2 gives Arrow; the fill sizes the row
	k.put(sheet, "A10", "", para)
	check(f.MergeCell(sheet, "A10", "J10"))
	name(f, "Statement", sheet, "A10")
	k.put(sheet, "G12", "Total offered:", totalLbl)
	k.put(sheet, "H12", "", total)
	name(f, "Total", sheet, "H12")
	table(f, sheet, "Lines", 13, []col{
		{"PO Reference", 12, s.tWrap}, {"Line", 5, tLine}, {"Part Number", 17, s.tWrap}, {"Manufacturer", 16, s.tWrap},
		{"Description", 28, s.tWrap}, {"Quantity", 9, tQty}, {"Unit Cost Offered", 11, tUnit}, {"Extended Cost", 13, s.tMoney},
		{"Proposed Supplier", 17, s.tWrap}, {"Need By", 10, s.tDate},
	}, s.header)
	// the offer is what the Customer proposes, as the Proposed sheet has it
	inputs(f, sheet, "G") // Unit Cost Offered
	page(f, sheet, true)
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sheet, RefersTo: "'Breakdown'!$A:$J"}))
	check(f.SetDocProps(&excelize.DocProperties{Creator: "covenant", Title: "Detailed breakdown template (Supplier Agreement §1.2)", Created: "2003-01-01T00:00:00Z", Modified: "2003-01-01T00:00:00Z"}))
	f.SetActiveSheet(0)
	wrapSubtitles(f, s)
	check(save(f, path))
	fmt.Println("wrote", path)
}
