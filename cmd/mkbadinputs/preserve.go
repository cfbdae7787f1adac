package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// The preservation fixture (testdata/preserve/ledger-features.xlsx): the base
// ledger dressed with everything an accountant's workbook holds that covenant
// must not touch. excelize lays it out, then LibreOffice opens and saves it, so
// that the committed file is written by an office suite (shared strings, its own
// styles, pivot cache and drawing parts), not by the library covenant uses.

// preserveSource builds the workbook with excelize.
func preserveSource() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	f.SetSheetName("Sheet1", "Purchases")
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	dateFmt := "yyyy-mm-dd"
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	costFmt := `"$"#,##0.0000`
	costStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &costFmt})
	moneyFmt := `[Blue]"$"#,##0.00;[Red]("$"#,##0.00)`
	moneyStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt})

	header := make([]any, len(purchasesHeader))
	copy(header, purchasesHeader)
	must(f.SetSheetRow("Purchases", "A1", &header))
	must(f.SetCellStyle("Purchases", "A1", "M1", bold))
	lines := [][]any{
		{"PO-1001", 1, "2003-01-06", "Arrow Electronics, Inc.", "Vishay", "CRCW0603", "Resistor 10k", 1000, 0.0125, "2003-01-20", "N", "N"},
		{"PO-1001", 2, "2003-01-06", "Arrow Electronics, Inc.", "Kemet", "C0603", "Capacitor 100nF", 500, 0.05, "2003-01-20", "N", "N"},
		{"PO-1002", 1, "2003-01-10", "Avnet", "Vishay", "SI2302", "MOSFET", 100, 0.42, "2003-01-24", "Y", "N"},
		{"PO-1003", 1, "2003-01-15", "Digi-Key", "Kemet", "T491", "Tantalum capacitor", 50, 0.9, "2003-01-29", "N", "N"},
		{"PO-1004", 1, "2003-01-21", "Mouser", "Acme Widgets", "AW-1", "Bracket", 10, 5, "2003-02-03", "N", "N"},
		{"PO-1005", 1, "2003-01-27", "Avnet", "Vishay", "IRF540", "FET", 20, 1.1, "2003-02-14", "N", "Y"},
		{"PO-1006", 1, "2003-02-03", "Arrow Electronics, Inc.", "Vishay", "1N4148", "Diode", 300, 0.02, "2003-02-14", "N", "N"},
	}
	for i, l := range lines {
		r := i + 2
		for c, v := range l {
			cell, _ := excelize.CoordinatesToCellName(c+1, r)
			switch c + 1 {
			case colPODate, colConfirmed:
				t, _ := time.Parse("2006-01-02", v.(string))
				must(f.SetCellValue("Purchases", cell, t))
				must(f.SetCellStyle("Purchases", cell, cell, dateStyle))
			default:
				must(f.SetCellValue("Purchases", cell, v))
			}
		}
		must(f.SetCellStyle("Purchases", fmt.Sprintf("I%d", r), fmt.Sprintf("I%d", r), costStyle))
		must(f.SetCellFormula("Purchases", fmt.Sprintf("M%d", r), fmt.Sprintf("ROUND(H%d*I%d,2)", r, r)))
		must(f.SetCellStyle("Purchases", fmt.Sprintf("M%d", r), fmt.Sprintf("M%d", r), moneyStyle))
	}
	last := len(lines) + 1
	// an Excel table over the PO lines, frozen header, validation, conditional
	// formatting, a comment
	must(f.AddTable("Purchases", &excelize.Table{Range: fmt.Sprintf("A1:M%d", last), Name: "POLines", StyleName: "TableStyleMedium2"}))
	must(f.SetPanes("Purchases", &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "K2:L200"
	dv.SetSqrefDropList("YesNo")
	dv.SetError(excelize.DataValidationErrorStyleStop, "Y or N", "Write Y or N")
	must(f.AddDataValidation("Purchases", dv))
	red, _ := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	must(f.SetConditionalFormat("Purchases", fmt.Sprintf("I2:I%d", last), []excelize.ConditionalFormatOptions{{Type: "cell", Criteria: ">", Format: &red, Value: "1"}}))
	must(f.AddComment("Purchases", excelize.Comment{Cell: "A2", Author: "Purchasing", Text: "Blanket PO, released monthly"}))
	must(f.SetColWidth("Purchases", "A", "M", 14))

	// the other ledger sheets
	for _, s := range []*sheet{franchiseSheet(), responsesSheet(), invoicesSheet()} {
		_, err := f.NewSheet(s.name)
		must(err)
		for _, r := range s.rows {
			for c, v := range r.cells {
				if st, ok := v.(styled); ok {
					v = st.v
				}
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r.num)
				if dd, ok := v.(date); ok {
					v = time.Date(dd.y, time.Month(dd.m), dd.d, dd.h, dd.mi, 0, 0, time.UTC)
					must(f.SetCellValue(s.name, cell, v))
					must(f.SetCellStyle(s.name, cell, cell, dateStyle))
					continue
				}
				must(f.SetCellValue(s.name, cell, v))
			}
		}
	}
	// an image on the Franchise sheet
	must(f.AddPictureFromBytes("Franchise", "E2", &excelize.Picture{Extension: ".png", File: logoPNG(), Format: &excelize.GraphicOptions{AltText: "Arrow CMS line card"}}))
	// a chart of the invoices
	must(f.AddChart("Invoices", "I2", &excelize.Chart{Type: excelize.Col,
		Series: []excelize.ChartSeries{{Name: "Invoices!$C$1", Categories: "Invoices!$A$2:$A$3", Values: "Invoices!$C$2:$C$3"}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Invoiced"}}}}))
	// a hidden sheet of lists, named ranges
	_, err := f.NewSheet("Lists")
	must(err)
	must(f.SetSheetRow("Lists", "A1", &[]any{"Y"}))
	must(f.SetSheetRow("Lists", "A2", &[]any{"N"}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "YesNo", RefersTo: "Lists!$A$1:$A$2"}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "InvoiceAmounts", RefersTo: "Invoices!$C$2:$C$3"}))
	must(f.SetSheetVisible("Lists", false))
	// a pivot table of spend by supplier
	_, err = f.NewSheet("Pivot")
	must(err)
	must(f.AddPivotTable(&excelize.PivotTableOptions{
		DataRange:       fmt.Sprintf("Purchases!A1:M%d", last),
		PivotTableRange: "Pivot!A3:C12",
		Rows:            []excelize.PivotTableField{{Data: "Supplier"}},
		Data:            []excelize.PivotTableField{{Data: "Quantity", Name: "Sum of Quantity", Subtotal: "Sum"}},
		RowGrandTotals:  true, ColGrandTotals: true, ShowRowHeaders: true, ShowColHeaders: true,
		PivotTableStyleName: "PivotStyleLight16",
	}))
	must(f.SetCellValue("Pivot", "A1", "Quantity by supplier"))
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// logoPNG is a small deterministic picture.
func logoPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 64; x++ {
			c := color.RGBA{0x1F, 0x4E, 0x79, 0xFF}
			if (x/8+y/8)%2 == 0 {
				c = color.RGBA{0xF2, 0xA9, 0x00, 0xFF}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

// writePreserve builds the source with excelize and has LibreOffice save it as
// dir/ledger-features.xlsx.
func writePreserve(dir string) error {
	src, err := preserveSource()
	if err != nil {
		return err
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		return errors.New("the preservation fixture is saved by LibreOffice: install libreoffice-calc-nogui")
	}
	work, err := os.MkdirTemp("", "mkpreserve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	in := filepath.Join(work, "ledger-features.xlsx")
	if err := os.WriteFile(in, src, 0o644); err != nil {
		return err
	}
	out := filepath.Join(work, "out")
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(work, "profile"), "--headless",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("soffice: %v\n%s", err, b)
	}
	data, err := os.ReadFile(filepath.Join(out, "ledger-features.xlsx"))
	if err != nil {
		return err
	}
	if data, err = freezeHeader(data); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "ledger-features.xlsx"), data, 0o644)
}

// freezeHeader adds the frozen header row to the Purchases sheet by hand:
// LibreOffice's headless conversion has no view and drops panes. Every other
// part is copied as LibreOffice wrote it.
func freezeHeader(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		sheet, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		old := []byte(`<selection pane="topLeft" activeCell="A1" activeCellId="0" sqref="A1"/>`)
		if !bytes.Contains(sheet, old) {
			return nil, errors.New("freezeHeader: LibreOffice wrote the sheet view differently; update the edit")
		}
		sheet = bytes.Replace(sheet, old, []byte(`<pane xSplit="0" ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
			`<selection pane="topLeft" activeCell="A1" activeCellId="0" sqref="A1"/><selection pane="bottomLeft" activeCell="A2" activeCellId="0" sqref="A2"/>`), 1)
		fh := f.FileHeader
		w, err := zw.CreateHeader(&fh)
		if err != nil {
			return nil, err
		}
		w.Write(sheet)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
