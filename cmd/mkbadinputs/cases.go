package main

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"
)

// Command lines the corpus runs; {in} is the input's path, {out} a fresh folder.
const (
	cmdMonthly     = "monthly --ledger {in} --month 2003-01 --as-of 2003-02-03 --out {out}"
	cmdMonthlyIP   = cmdMonthly + " --in-place"
	cmdMonthlyJSON = cmdMonthly + " --json"
	cmdCertificate = "certificate --ledger {in} --quarter 2003Q1 --as-of 2003-04-10 --out {out}"
	cmdLoanFee     = "loanfee --loan {in} --as-of 2003-01-15 --out {out}"
	cmdBorrowing   = "borrowing --loan {in} --as-of 2002-10-31 --out {out}"
	cmdBorrowingIP = cmdBorrowing + " --in-place"
	cmdBreakdown   = "breakdown --ledger {in} --at 2003-01-20T09:00 --out {out}"
	// the valid inputs' command lines print their figures
	cmdCertificateJSON = cmdCertificate + " --json"
	cmdLoanFeeJSON     = cmdLoanFee + " --json"
	cmdBorrowingJSON   = cmdBorrowing + " --json"
	cmdMonthlyIPJSON   = cmdMonthlyIP + " --json"
)

// every command that reads a workbook: for problems with the file as a whole.
var every = []string{cmdMonthly, cmdCertificate, cmdLoanFee, cmdBorrowing}

// A case is one input of the corpus: the file, what it is, and the commands run
// on it (bad_test.go in cmd/covenant checks each against name.golden).
type kase struct {
	name  string // file name without .xlsx
	about string
	cmds  []string
	data  func() []byte
}

// edit returns a case's data: the base ledger changed by fn.
func edit(fn func(b *book)) func() []byte {
	return func() []byte {
		b := ledger()
		fn(b)
		return b.bytes()
	}
}

func editLoan(fn func(b *book)) func() []byte {
	return func() []byte {
		b := loan()
		fn(b)
		return b.bytes()
	}
}

func purchases(b *book) *sheet { return b.sheetNamed("Purchases") }

var cases = []kase{
	// --- not a workbook at all ---
	{"empty-file", "a file of 0 bytes (a save that never finished)", every, func() []byte { return nil }},
	{"random-bytes", "4 KB of noise: not any known format", every, func() []byte {
		out := make([]byte, 4096)
		x := uint32(2003)
		for i := range out {
			x = x*1664525 + 1013904223
			out[i] = byte(x >> 24)
		}
		out[0], out[1] = 0x01, 0x02
		return out
	}},
	{"csv-renamed", "a comma-separated export renamed .xlsx", every, func() []byte {
		return []byte("PO Number,PO Line,PO Date,Supplier,Manufacturer\nPO-1001,1,1/6/2003,\"Arrow Electronics, Inc.\",Vishay\n")
	}},
	{"xls-renamed", "an Excel 97-2003 workbook (BIFF8 in an OLE compound file) renamed .xlsx", every, func() []byte {
		// BOF (BIFF8, workbook globals) and EOF records
		biff := []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00, 0xAF, 0x18, 0xCD, 0x07, 0xC1, 0x00, 0x01, 0x00, 0x06, 0x04, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00}
		return cfb(map[string][]byte{"Workbook": biff})
	}},
	{"encrypted", "a ledger saved with the password \"covenant\" (ECMA-376 encryption): given without it, with a wrong one, and with it", append(append([]string{}, every...),
		cmdMonthly+" --ledger-password-env COVENANT_WRONG_PASSWORD", cmdMonthlyJSON+" --ledger-password-env COVENANT_PASSWORD"), nil}, // see encrypted.go
	{"html-renamed", "a web page with a table, as some systems export \"Excel\" files", every, func() []byte {
		return []byte("<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>PO Number</td><td>PO Line</td></tr><tr><td>PO-1001</td><td>1</td></tr></table></body></html>\n")
	}},
	{"xml2003-renamed", "an Excel 2003 XML Spreadsheet renamed .xlsx", every, func() []byte {
		return []byte(`<?xml version="1.0"?>` + "\n" + `<?mso-application progid="Excel.Sheet"?>` + "\n" +
			`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">` +
			`<Worksheet ss:Name="Purchases"><Table><Row><Cell><Data ss:Type="String">PO Number</Data></Cell></Row></Table></Worksheet></Workbook>` + "\n")
	}},
	{"ods-renamed", "an OpenDocument spreadsheet (.ods) renamed .xlsx", every, func() []byte {
		return zipParts([]part{
			{"mimetype", []byte("application/vnd.oasis.opendocument.spreadsheet")},
			{"content.xml", []byte(xmlDecl + `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`)},
			{"META-INF/manifest.xml", []byte(xmlDecl + `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`)},
		})
	}},
	{"truncated-zip", "the first 60% of a valid ledger: a copy cut off", every, func() []byte {
		full := ledger().bytes()
		return full[:len(full)*6/10]
	}},
	{"zip-without-workbook", "a zip package holding only a text file", every, func() []byte {
		return zipParts([]part{{"readme.txt", []byte("not a workbook\n")}})
	}},
	{"corrupt-data", "a ledger whose Purchases sheet's compressed bytes were altered (its checksum fails)", []string{cmdMonthly, cmdMonthlyIP}, func() []byte {
		data := ledger().bytes()
		return corruptPart(data, "xl/worksheets/sheet1.xml")
	}},
	{"zip-bomb", "1 MB on disk whose four sheets each expand to 1 GB of XML (4 GB in all; the sheets share one compressed stream)", every, zipBomb},
	{"zip-bomb-undeclared", "a Purchases sheet whose zip directory says 64 KB but which expands to 100 MB", []string{cmdMonthly}, zipBombUndeclared},

	// --- hostile XML ---
	{"entity-workbook", "workbook.xml declaring nested entities (\"billion laughs\")", []string{cmdMonthly, cmdLoanFee}, edit(func(b *book) {
		b.workbookDoctype = laughs
	})},
	{"entity-sheet", "the Purchases sheet declaring an external entity that would read /etc/passwd (XXE)", []string{cmdMonthly, cmdMonthlyIP}, edit(func(b *book) {
		b.sheetDoctype = map[string]string{"Purchases": `<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`}
		purchases(b).set(2, colDescription, raw(` t="inlineStr"><is><t>&xxe;</t></is></c>`))
	})},
	{"entity-sharedstrings", "the shared strings declaring nested entities (\"billion laughs\")", []string{cmdMonthly}, edit(func(b *book) {
		b.sstDoctype = laughs
	})},

	// --- damaged workbook XML ---
	{"sheet-cut-off", "the Purchases sheet's XML ends in the middle of row 5", []string{cmdMonthly, cmdMonthlyIP}, func() []byte {
		b := ledger()
		ps := b.parts()
		for i, p := range ps {
			if p.name == "xl/worksheets/sheet1.xml" {
				cut := bytes.Index(p.data, []byte(`<row r="5"`))
				ps[i].data = p.data[:cut+40]
			}
		}
		return zipParts(ps)
	}},
	{"sheet-part-missing", "the workbook lists a Purchases sheet whose part is not in the package", []string{cmdMonthly, cmdCertificate}, edit(func(b *book) {
		b.dropParts = map[string]bool{"xl/worksheets/sheet1.xml": true}
	})},
	{"rows-out-of-order", "rows stored in the order 4, 7, 6, 5 (only a broken program writes that)", []string{cmdMonthly, cmdMonthlyIP}, edit(func(b *book) {
		s := purchases(b)
		s.rows[4], s.rows[6] = s.rows[6], s.rows[4] // stored order 1, 2, 3, 4, 7, 6, 5
	})},
	{"shared-string-missing", "a cell pointing at shared string 999 of a table of 40", []string{cmdMonthly}, edit(func(b *book) {
		purchases(b).set(4, colSupplier, raw(` t="s"><v>999</v></c>`))
	})},
	{"stored-number-invalid", "a number cell whose stored value is \"12,5\"", []string{cmdMonthly, cmdMonthlyIP}, edit(func(b *book) {
		purchases(b).set(3, colQuantity, raw(`><v>12,5</v></c>`))
	})},

	// --- the ledger's structure ---
	{"no-purchases-sheet", "the PO lines are on a sheet named \"Purchase Orders\"", []string{cmdMonthly, cmdCertificate}, edit(func(b *book) {
		purchases(b).name = "Purchase Orders"
	})},
	{"purchases-empty", "an empty Purchases sheet", []string{cmdMonthly}, edit(func(b *book) {
		purchases(b).rows = nil
	})},
	{"missing-column", "the Unit Cost column is headed \"Unit Csot\" (a misspelling covenant suggests)", []string{cmdMonthly, cmdCertificate}, edit(func(b *book) {
		purchases(b).set(1, colUnitCost, styled{"Unit Csot", styleHeader})
	})},
	{"headers-ambiguous", "two other names of Supplier, \"Vendor\" (D1) and \"Supplier Name\" (N1), and none headed Supplier", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		s.set(1, colSupplier, styled{"Vendor", styleHeader})
		s.set(1, 14, styled{"Supplier Name", styleHeader})
	})},
	{"headers-unknown", "an ERP's own headers: \"Vendor Nm\" and \"Manufactuer\" (misspelled) and \"Cost/Unit\" (a name covenant does not know)", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		s.set(1, colSupplier, styled{"Vendor Nm", styleHeader})
		s.set(1, colManufacturer, styled{"Manufactuer", styleHeader})
		s.set(1, colUnitCost, styled{"Cost/Unit", styleHeader})
	})},
	{"proposed-bad-cells", "a Proposed sheet (issue 17) with a blank Reference, a quantity of 0, a negative offer, a Need By that is no date and a line proposed twice", []string{cmdBreakdown, cmdMonthly}, edit(func(b *book) {
		b.sheets = append(b.sheets, &sheet{name: "Proposed", rows: rowsFrom(1,
			header([]any{"Reference", "Line", "Part Number", "Manufacturer", "Description", "Quantity", "Unit Cost", "Proposed Supplier", "Need By", "Customer Directed"}),
			[]any{"P-1", nil, "SI2302", "Vishay", "MOSFET", 100, 0.42, "Avnet", d(2003, 1, 31), "N"},
			[]any{nil, 2, "T491", "Kemet", "Tantalum capacitor", 0, -0.9, "Mouser", "next week", nil},
			[]any{"P-1", 1, "SI2303", "Vishay", "MOSFET", 50, 0.45, "Avnet", nil, nil},
		)})
	})},
	{"row-half-filled", "a row with its PO Number and Supplier but no PO Date or Manufacturer (a PO line with values missing, not a total)", []string{cmdMonthly}, edit(func(b *book) {
		purchases(b).addRow(row{num: 8, cells: []any{"PO-1006", 1, nil, "Avnet", nil, "X", "Y", 1, 2.5, nil, "N", "N", 2.5}})
	})},
	{"loan-headers-ambiguous", "Borrowing headed \"ABL Base\" and \"Borrowing Base\", two other names of Receivables Borrowing Base", []string{cmdBorrowing}, editLoan(func(b *book) {
		s := b.sheetNamed("Borrowing")
		s.set(1, 2, styled{"ABL Base", styleHeader})
		s.set(1, 10, styled{"Borrowing Base", styleHeader})
	})},
	{"duplicate-headers", "two columns headed Quantity (N1 repeats H1)", []string{cmdMonthly}, edit(func(b *book) {
		purchases(b).set(1, 14, styled{"Quantity", styleHeader})
	})},
	{"merged-header-cells", "A1:B1 merged under \"PO Number\", so there is no PO Line header", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		s.rows[0].cells[1] = nil
		s.tail = `<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>`
	})},
	{"header-below-row-30", "34 rows of notes above the header", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		s.shift(34)
		for i := 34; i >= 1; i-- {
			s.addRow(row{num: i, cells: []any{fmt.Sprintf("note %d: see the buyer's file", i)}})
		}
	})},
	{"title-rows", "a merged title and a blank row above the header (row 4); a nonsense PO Date in row 8", []string{cmdMonthly, cmdMonthlyIP}, edit(func(b *book) {
		s := purchases(b)
		s.shift(3)
		s.addRow(row{num: 1, cells: []any{styled{"Purchases 2003", styleHeader}}})
		s.addRow(row{num: 2, cells: []any{"prepared by purchasing"}})
		s.tail = `<mergeCells count="1"><mergeCell ref="A1:M1"/></mergeCells>`
		s.set(8, colPODate, "the day after the audit")
	})},
	{"hidden-rows-columns", "column G and rows 3 and 6 hidden; row 6 has Quantity \"ten\"", []string{cmdMonthly, cmdMonthlyIP}, edit(func(b *book) {
		s := purchases(b)
		s.head = `<cols><col min="7" max="7" width="0" hidden="1" customWidth="1"/></cols>`
		s.rows[2].hidden = true
		s.rows[5].hidden = true
		s.set(6, colQuantity, "ten")
	})},
	{"blank-rows", "three blank rows between the PO lines; a bad Unit Cost in row 10", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		for i := 4; i < len(s.rows); i++ {
			s.rows[i].num += 3
		}
		s.set(10, colUnitCost, "n/a")
	})},
	{"date-1904", "a workbook in the 1904 date system; INV-502 paid (1/30/2003) before its date (2/12/2003)", []string{cmdMonthly, cmdCertificate}, edit(func(b *book) {
		b.date1904 = true
		b.sheetNamed("Invoices").set(3, 7, d(2003, 1, 30))
	})},
	{"dates-as-text", "PO Dates typed as text in six accepted forms and three that are not dates", []string{cmdMonthly, cmdMonthlyIP}, edit(func(b *book) {
		s := purchases(b)
		for i, v := range []string{"2003-01-06", "1/6/2003", "01/10/03", "15-Jan-2003", "Jan 21, 2003", "February 3 2003"} {
			s.set(2+i, colPODate, v)
		}
		s.addRow(row{num: 8, cells: lineWith("PO-1006", colPODate, "next Tuesday")})
		s.addRow(row{num: 9, cells: lineWith("PO-1007", colPODate, "2/30/2003")})
		s.addRow(row{num: 10, cells: lineWith("PO-1008", colPODate, "31/12/2003")})
	})},
	{"numbers-as-text", "Unit Costs typed as text with $, thousands separators and parentheses, and three that are not amounts", []string{cmdMonthly, cmdMonthlyIP}, edit(func(b *book) {
		s := purchases(b)
		for i, v := range []string{"$0.0125", " 0.05 ", "$0.42", "0.90", "$5.00", "1.10"} {
			s.set(2+i, colUnitCost, v)
		}
		s.set(4, colQuantity, "1,00")
		s.set(3, colQuantity, "500")
		s.addRow(row{num: 8, cells: lineWith("PO-1006", colUnitCost, "12.34.56")})
		s.addRow(row{num: 9, cells: lineWith("PO-1007", colUnitCost, "$ 1,2345.00")})
		s.addRow(row{num: 10, cells: lineWith("PO-1008", colUnitCost, "about 5 dollars")})
	})},
	{"formula-errors", "Quantity =1/0 showing #DIV/0! and Unit Cost =#REF!*2 showing #REF!", []string{cmdMonthly, cmdMonthlyIP}, edit(func(b *book) {
		s := purchases(b)
		s.set(3, colQuantity, errv{"#DIV/0!", "1/0"})
		s.set(5, colUnitCost, errv{"#REF!", "#REF!*2"})
	})},
	{"long-text", "a Description of 40,000 characters (Excel's limit is 32,767)", []string{cmdMonthly, cmdMonthlyIP}, edit(func(b *book) {
		purchases(b).set(4, colDescription, strings.Repeat("resistor ", 40000/9+1)[:40000])
	})},
	{"million-empty-rows", "1,048,568 empty rows formatted yellow below the PO lines, and a bad PO Date in the sheet's last row, 1,048,576", []string{cmdMonthly}, millionRows},
	{"duplicate-po-lines", "PO-1001 line 2 and PO-1002 line 1 each listed twice", []string{cmdMonthly, cmdMonthlyIP, cmdCertificate}, edit(func(b *book) {
		s := purchases(b)
		lines := purchaseLines()
		s.addRow(row{num: 8, cells: lines[1]})
		s.addRow(row{num: 9, cells: lines[2]})
	})},
	{"breakdown-unknown-po", "breakdowns naming PO-1099 (not on the Purchases sheet) and line 7 of PO-1003 (it has one line)", []string{cmdMonthly, cmdMonthlyIP, cmdCertificate}, edit(func(b *book) {
		s := b.sheetNamed("Arrow Responses")
		s.addRow(row{num: 3, cells: []any{"PO-1099", nil, dt(2003, 1, 20, 10, 0), "Meet", dt(2003, 1, 20, 16, 0)}})
		s.addRow(row{num: 4, cells: []any{"PO-1003", 7, dt(2003, 1, 14, 9, 0), "", nil}})
	})},
	{"paid-before-invoice", "INV-501 paid on 1/2/2003, before its Invoice Date 1/8/2003", []string{cmdMonthly, cmdCertificate}, edit(func(b *book) {
		b.sheetNamed("Invoices").set(2, 7, d(2003, 1, 2))
	})},
	{"blank-required", "a PO line without PO Number, PO Date or Supplier", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		s.set(6, colPONumber, nil)
		s.set(6, colPODate, inline("   "))
		s.set(6, colSupplier, nil)
	})},
	{"bad-flags", "Customer Directed \"maybe\" and Credit Limit Exception 2", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		s.set(3, colCustomerDirected, "maybe")
		s.set(4, colCreditLimit, 2)
	})},
	{"po-line-not-whole", "PO Lines 1.5 and 0", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		s.set(3, colPOLine, 1.5)
		s.set(4, colPOLine, 0)
	})},
	{"po-time-bad", "a PO Time column holding \"25:00\", a date-time on another day than the PO Date, and a time other than the PO Date cell's own", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		s.set(1, colPOTime, "PO Time")
		s.set(2, colPOTime, "25:00")
		s.set(3, colPOTime, dt(2003, 1, 7, 9, 0))
		s.set(4, colPODate, dt(2003, 1, 10, 9, 0))
		s.set(4, colPOTime, "10:00")
	})},
	{"wrong-types", "Quantity TRUE (a boolean) and Unit Cost a date", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		s.set(2, colQuantity, true)
		s.set(3, colUnitCost, d(2003, 1, 1))
	})},
	{"franchise-until-before-from", "Kemet authorized from 6/1/2002 until 5/31/2002", []string{cmdMonthly}, edit(func(b *book) {
		b.sheetNamed("Franchise").set(3, 3, d(2002, 5, 31))
	})},
	{"breakdown-bad-values", "an Arrow Response \"Maybe\" and a response before the breakdown was sent", []string{cmdMonthly}, edit(func(b *book) {
		s := b.sheetNamed("Arrow Responses")
		s.set(2, 5, dt(2003, 1, 13, 8, 0))
		s.addRow(row{num: 3, cells: []any{"PO-1004", 1, dt(2003, 1, 20, 9, 0), "Maybe", dt(2003, 1, 20, 10, 0)}})
	})},
	{"no-franchise-sheet", "the line card sheet is missing", []string{cmdMonthly, cmdCertificate}, edit(func(b *book) {
		b.sheets = append(b.sheets[:1], b.sheets[2:]...)
	})},
	{"certificate-no-invoices", "no Invoices sheet: the certificate's §1.3 part needs it", []string{cmdCertificate}, edit(func(b *book) {
		b.sheets = b.sheets[:3]
	})},
	{"many-problems", "250 PO lines with a nonsense Quantity: 200 listed, the rest counted", []string{cmdMonthly}, edit(func(b *book) {
		s := purchases(b)
		for i := 0; i < 250; i++ {
			s.addRow(row{num: 8 + i, cells: lineWith(fmt.Sprintf("PO-2%03d", i), colQuantity, "lots")})
		}
	})},

	// --- the loan workbook ---
	{"loan-no-borrowing-sheet", "a loan workbook without its Borrowing sheet", []string{cmdBorrowing}, editLoan(func(b *book) {
		b.sheets = b.sheets[:2]
	})},
	{"loan-borrowing-bad-values", "Borrowing dates out of order, an Advances \"$1,2,3\" and a Prime Rate \"prime\"", []string{cmdBorrowing, cmdBorrowingIP}, editLoan(func(b *book) {
		s := b.sheetNamed("Borrowing")
		s.set(4, 1, d(2002, 10, 2))
		s.set(3, 3, "$1,2,3")
		s.set(5, 9, "prime")
	})},
	{"loan-fee-bad-values", "a Fee Event \"Refinancing\" and a Fee Payment of \"#N/A\"", []string{cmdLoanFee}, editLoan(func(b *book) {
		b.sheetNamed("Fee Events").addRow(row{num: 3, cells: []any{"Refinancing", d(2002, 12, 27)}})
		b.sheetNamed("Fee Payments").set(2, 2, errv{"#N/A", "VLOOKUP(1,Z1:Z2,2,FALSE)"})
	})},
	{"loan-entity", "the Borrowing sheet declaring nested entities", []string{cmdBorrowing}, editLoan(func(b *book) {
		b.sheetDoctype = map[string]string{"Borrowing": laughs}
	})},

	// --- messy but valid: read as the accountant meant (exit 0, figures in JSON) ---
	{"ok-layout", "title rows, the header on row 4, hidden rows and a hidden column, blank rows, columns in another order, an extra column", []string{cmdMonthlyJSON}, edit(func(b *book) {
		s := purchases(b)
		// swap Supplier and Manufacturer, add a Buyer column
		for i := range s.rows {
			c := s.rows[i].cells
			c[colSupplier-1], c[colManufacturer-1] = c[colManufacturer-1], c[colSupplier-1]
			if i == 0 {
				s.rows[i].cells = append(c, styled{"Buyer", styleHeader})
			} else {
				s.rows[i].cells = append(c, "kim")
			}
		}
		for i := 4; i < len(s.rows); i++ {
			s.rows[i].num += 2
		}
		s.rows[2].hidden = true
		s.shift(3)
		s.addRow(row{num: 1, cells: []any{styled{"Purchases 2003", styleHeader}}})
		s.addRow(row{num: 2, cells: []any{"prepared by purchasing"}})
		s.head = `<cols><col min="6" max="7" width="0" hidden="1" customWidth="1"/></cols>`
		s.tail = `<mergeCells count="1"><mergeCell ref="A1:N1"/></mergeCells>`
	})},
	{"ok-1904", "the same ledger in the 1904 date system", []string{cmdMonthlyJSON}, edit(func(b *book) { b.date1904 = true })},
	{"ok-text-values", "dates and amounts typed as text the way people type them", []string{cmdMonthlyJSON}, edit(func(b *book) {
		s := purchases(b)
		for i, v := range []string{"2003-01-06", "1/6/2003", "01/10/03", "15-Jan-2003", "Jan 21, 2003", "February 3 2003"} {
			s.set(2+i, colPODate, v)
		}
		for i, v := range []string{"$0.0125", " 0.05 ", "$0.42", "0.90", "$5.00", "1.10"} {
			s.set(2+i, colUnitCost, v)
		}
		s.set(2, colQuantity, "1,000")
		s.set(3, colQuantity, inline("500"))
		s.set(4, colCustomerDirected, "yes")
		s.set(2, colExtendedCost, "$12.50")
	})},
	{"ok-return-zero-cost", "a return (Quantity typed \"(200)\", Extended Cost \"($2.50)\", PO-1001 line 3) and a free sample (Unit Cost 0)", []string{cmdMonthlyJSON}, edit(func(b *book) {
		s := purchases(b)
		s.addRow(row{num: 8, cells: []any{"PO-1001", 3, d(2003, 1, 27), "Arrow Electronics, Inc.", "Vishay", "CRCW0603", "Return of resistors", "(200)", 0.0125, nil, "N", "N", "($2.50)"}})
		s.addRow(row{num: 9, cells: []any{"PO-1006", 1, d(2003, 1, 28), "Arrow Electronics, Inc.", "Kemet", "SAMPLE", "Free sample", 5, 0, nil, "N", "N", 0}})
	})},
	{"ok-po-times", "the PO's time of day as a date-time PO Date (\"2003-01-15 16:00\"), in a PO Time column (a time, and \"8:30 AM\" typed), and a date-time where a date is asked (Confirmed Delivery \"2003-01-29 16:00\")", []string{cmdMonthlyJSON}, edit(func(b *book) {
		s := purchases(b)
		// PO-1003 was approved 2003-01-14 15:00: committed after it, released
		s.set(5, colPODate, "2003-01-15 16:00")
		s.set(5, colConfirmed, "2003-01-29 16:00")
		s.set(1, colPOTime, "PO Time")
		s.set(2, colPOTime, 0.375)
		s.set(4, colPOTime, "8:30 AM")
	})},
	{"ok-erp-headers", "every sheet headed as purchasing and ERP systems head them (PO #, Line #, Order Date, Vendor, Mfr, MPN, Qty, Unit Price, Promised Date …; Mfr, Authorized Since, Franchise End; Inv #, Invoice Amount, Terms Due Date, Paid On …): the figures of the base ledger", []string{cmdMonthlyJSON, cmdCertificateJSON}, edit(func(b *book) {
		purchases(b).rows[0].cells = header([]any{"PO #", "Line #", "Order Date", "Vendor", "Mfr", "MPN", "Item Description", "Qty", "Unit Price", "Promised Date", "Directed Buy", "Credit Limit", "Ext Cost"})
		b.sheetNamed("Franchise").rows[0].cells = header([]any{"Mfr", "Authorized Since", "Franchise End"})
		b.sheetNamed("Arrow Responses").rows[0].cells = header([]any{"PO #", "Line", "Sent", "Response", "Response Date"})
		b.sheetNamed("Invoices").rows[0].cells = header([]any{"Inv #", "Inv Date", "Invoice Amount", "Return", "Discount", "Terms Due Date", "Paid On"})
	})},
	{"ok-totals-and-notes", "a totals row (\"Total\" and SUMs), a subtotal and a note in a row of its own on Purchases, a note on the line card, a totals row under the invoices; a blank Authorized From (Vishay's franchise held for years); --in-place keeps the totals row's cells", []string{cmdMonthlyJSON, cmdMonthlyIPJSON, cmdCertificateJSON}, edit(func(b *book) {
		s := purchases(b)
		s.addRow(row{num: 8, cells: []any{"Subtotal:", nil, nil, nil, nil, nil, nil, fnum{"SUM(H2:H7)", 1680}, nil, nil, nil, nil, fnum{"SUM(M2:M7)", 196.5}}})
		s.addRow(row{num: 9, cells: []any{"Prices include freight unless the PO says otherwise"}})
		s.addRow(row{num: 10, cells: []any{nil, nil, nil, nil, nil, nil, "Total", fnum{"SUM(H2:H7)", 1680}, nil, nil, nil, nil, fnum{"SUM(M2:M7)", 196.5}}})
		f := b.sheetNamed("Franchise")
		f.set(2, 2, nil)
		f.addRow(row{num: 4, cells: []any{"Note: Arrow's line card as of December 2002"}})
		inv := b.sheetNamed("Invoices")
		inv.addRow(row{num: 4, cells: []any{"Total", nil, fnum{"SUM(C2:C3)", 2230.5}}})
	})},
	{"ok-loan-as-exported", "the loan workbook headed as a treasury system heads it (As Of, ABL Base, Revolver, BAs, LCs, TL Reserve, Term Loan, Prime; Payment Date, Amount Paid), with an averages row under Borrowing and a total under Fee Payments", []string{cmdLoanFeeJSON, cmdBorrowingJSON}, editLoan(func(b *book) {
		bs := b.sheetNamed("Borrowing")
		bs.rows[0].cells = header([]any{"As Of", "ABL Base", "Revolver", "BAs", "Letters of Guarantee", "LCs", "TL Reserve", "Term Loan", "Prime"})
		bs.addRow(row{num: 6, cells: []any{"Average", fnum{"AVERAGE(B2:B5)", 1000000}, fnum{"AVERAGE(C2:C5)", 705000}}})
		fp := b.sheetNamed("Fee Payments")
		fp.rows[0].cells = header([]any{"Payment Date", "Amount Paid", "Installment"})
		fp.addRow(row{num: 3, cells: []any{"Total paid", fnum{"SUM(B2:B2)", 15000}}})
	})},
	{"ok-inline-prefixed", "a sheet written by another program: x: namespace prefix, inline strings, no row numbers", []string{cmdMonthlyJSON}, func() []byte {
		b := ledger()
		s := purchases(b)
		var w strings.Builder
		w.WriteString(xmlDecl + `<x:worksheet xmlns:x="` + nsMain + `"><x:sheetData>`)
		for _, r := range s.rows {
			w.WriteString("<x:row>")
			for _, v := range r.cells {
				if st, ok := v.(styled); ok {
					v = st.v
				}
				switch x := v.(type) {
				case string:
					w.WriteString(`<x:c t="inlineStr"><x:is><x:t>` + esc(x) + `</x:t></x:is></x:c>`)
				case date:
					w.WriteString(`<x:c t="d"><x:v>` + fmt.Sprintf("%04d-%02d-%02dT00:00:00", x.y, x.m, x.d) + `</x:v></x:c>`)
				default:
					w.WriteString(fmt.Sprintf(`<x:c><x:v>%v</x:v></x:c>`, x))
				}
			}
			w.WriteString("</x:row>")
		}
		w.WriteString(`</x:sheetData></x:worksheet>`)
		s.rawXML = []byte(w.String())
		return b.bytes()
	}},
}

// lineWith is a valid January PO line with one column set to v.
func lineWith(po string, col int, v any) []any {
	line := []any{po, 1, d(2003, 1, 22), "Avnet", "Vishay", "P-1", "Part", 10, 1.5, d(2003, 2, 5), "N", "N", nil}
	line[col-1] = v
	return line
}

// laughs declares entities that expand to a billion "lol"s.
const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
	`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">` +
	`<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>`

// corruptPart flips bytes in the middle of a part's compressed data.
func corruptPart(data []byte, name string) []byte {
	out := append([]byte(nil), data...)
	i := bytes.Index(out, []byte(name))
	if i < 0 {
		panic("no part " + name)
	}
	// the local header's name is followed by the data (no extra field here)
	start := i + len(name)
	for j := start + 40; j < start+48; j++ {
		out[j] ^= 0x5A
	}
	return out
}

// millionRows is the base ledger with every row down to Excel's last formatted,
// empty, and a bad date in the last row.
func millionRows() []byte {
	b := ledger()
	s := purchases(b)
	for n := 8; n < 1048576; n++ {
		s.rows = append(s.rows, row{num: n, attrs: ` s="5" customFormat="1"`})
	}
	s.rows = append(s.rows, row{num: 1048576, cells: lineWith("PO-9999", colPODate, "end of year")})
	return b.bytes()
}

// zipBomb writes a ledger whose four sheets are one deflate stream of 1 GB
// (a worksheet whose <sheetData> holds 1 GB of spaces), shared by four entries
// of the zip directory: about 1 MB on disk, 4 GB once expanded.
func zipBomb() []byte {
	const spaces = 1 << 30
	head := []byte(xmlDecl + `<worksheet xmlns="` + nsMain + `"><sheetData>`)
	tail := []byte(`</sheetData></worksheet>`)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	crc := crc32.NewIEEE()
	write := func(p []byte) {
		fw.Write(p)
		crc.Write(p)
	}
	write(head)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < spaces>>20; i++ {
		write(chunk)
	}
	write(tail)
	fw.Close()
	size := uint64(len(head)) + spaces + uint64(len(tail))
	// the rest of the workbook, small and valid, with four sheets named as the
	// ledger's
	small := ledger()
	var parts []part
	for _, p := range small.parts() {
		if !strings.HasPrefix(p.name, "xl/worksheets/") {
			parts = append(parts, p)
		}
	}
	return rawZip(parts, comp.Bytes(), crc.Sum32(), size,
		[]string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"})
}

// zipBombUndeclared is the base ledger whose Purchases sheet holds 100 MB of
// spaces while the zip directory declares 64 KB.
func zipBombUndeclared() []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write([]byte(xmlDecl + `<worksheet xmlns="` + nsMain + `"><sheetData>`))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < 100; i++ {
		fw.Write(chunk)
	}
	fw.Write([]byte(`</sheetData></worksheet>`))
	fw.Close()
	var parts []part
	for _, p := range ledger().parts() {
		if p.name != "xl/worksheets/sheet1.xml" {
			parts = append(parts, p)
		}
	}
	return rawZip(parts, comp.Bytes(), 0x12345678, 64<<10, []string{"xl/worksheets/sheet1.xml"})
}

// rawZip writes parts normally (deflated), then one deflated stream given as
// is, whose one local entry is named names[0] and which every name in names
// refers to in the central directory.
func rawZip(parts []part, stream []byte, crc uint32, size uint64, names []string) []byte {
	var out bytes.Buffer
	type entry struct {
		name       string
		crc        uint32
		comp, size uint64
		offset     uint32
		method     uint16
	}
	var dir []entry
	le := binary.LittleEndian
	dosTime, dosDate := uint16(9<<11), uint16((2003-1980)<<9|2<<5|3)
	local := func(name string, method uint16, crc uint32, comp, size uint64, data []byte) uint32 {
		off := uint32(out.Len())
		var h [30]byte
		le.PutUint32(h[0:], 0x04034b50)
		le.PutUint16(h[4:], 20)
		le.PutUint16(h[8:], method)
		le.PutUint16(h[10:], dosTime)
		le.PutUint16(h[12:], dosDate)
		le.PutUint32(h[14:], crc)
		le.PutUint32(h[18:], uint32(comp))
		le.PutUint32(h[22:], uint32(size))
		le.PutUint16(h[26:], uint16(len(name)))
		out.Write(h[:])
		out.WriteString(name)
		out.Write(data)
		return off
	}
	for _, p := range parts {
		var c bytes.Buffer
		fw, _ := flate.NewWriter(&c, flate.BestCompression)
		fw.Write(p.data)
		fw.Close()
		sum := crc32.ChecksumIEEE(p.data)
		off := local(p.name, 8, sum, uint64(c.Len()), uint64(len(p.data)), c.Bytes())
		dir = append(dir, entry{p.name, sum, uint64(c.Len()), uint64(len(p.data)), off, 8})
	}
	off := local(names[0], 8, crc, uint64(len(stream)), size, stream)
	for _, n := range names {
		dir = append(dir, entry{n, crc, uint64(len(stream)), size, off, 8})
	}
	cdStart := out.Len()
	for _, e := range dir {
		var h [46]byte
		le.PutUint32(h[0:], 0x02014b50)
		le.PutUint16(h[4:], 20)
		le.PutUint16(h[6:], 20)
		le.PutUint16(h[10:], e.method)
		le.PutUint16(h[12:], dosTime)
		le.PutUint16(h[14:], dosDate)
		le.PutUint32(h[16:], e.crc)
		le.PutUint32(h[20:], uint32(e.comp))
		le.PutUint32(h[24:], uint32(e.size))
		le.PutUint16(h[28:], uint16(len(e.name)))
		le.PutUint32(h[42:], e.offset)
		out.Write(h[:])
		out.WriteString(e.name)
	}
	cdLen := out.Len() - cdStart
	var end [22]byte
	le.PutUint32(end[0:], 0x06054b50)
	le.PutUint16(end[8:], uint16(len(dir)))
	le.PutUint16(end[10:], uint16(len(dir)))
	le.PutUint32(end[12:], uint32(cdLen))
	le.PutUint32(end[16:], uint32(cdStart))
	out.Write(end[:])
	return out.Bytes()
}
