package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// The CSV folders of the corpus (issue 14): a ledger's sheets as a folder of
// CSV files, one a sheet, as purchasing systems export them. Each case is a
// folder NAME/ (its files written by folder), run with the same command
// lines, {in} standing for the folder.

// folderCase is a case that is a folder NAME/ of files (a ledger as CSV
// files) instead of NAME.xlsx.
type folderCase struct {
	name, about string
	cmds        []string
	folder      func() map[string][]byte
}

// csvSheets is the base ledger's sheets as CSV records, values written as an
// export writes them (dates 2003-01-06, times 2003-01-14 09:00).
func csvSheets(b *book) map[string][][]string {
	out := map[string][][]string{}
	for _, s := range b.sheets {
		var recs [][]string
		for _, r := range s.rows {
			for len(recs) < r.num-1 {
				recs = append(recs, []string{""})
			}
			var rec []string
			for _, c := range r.cells {
				rec = append(rec, csvText(c))
			}
			recs = append(recs, rec)
		}
		out[s.name] = recs
	}
	return out
}

func csvText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case styled:
		return csvText(v.v)
	case date:
		t := time.Date(v.y, time.Month(v.m), v.d, v.h, v.mi, 0, 0, time.UTC)
		if v.h != 0 || v.mi != 0 {
			return t.Format("2006-01-02 15:04")
		}
		return t.Format("2006-01-02")
	case float64:
		return fmt.Sprint(v)
	}
	return fmt.Sprint(v)
}

// encodeCSV writes records with the delimiter, in UTF-8 or Windows-1252.
func encodeCSV(recs [][]string, comma rune, enc string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = comma
	w.UseCRLF = true
	w.WriteAll(recs)
	if enc == "Windows-1252" {
		out, err := charmap.Windows1252.NewEncoder().Bytes(b.Bytes())
		if err != nil {
			panic(err)
		}
		return out
	}
	return b.Bytes()
}

// csvFolder returns a folder case's files: the base ledger's sheets as CSV
// (comma, UTF-8) after fn edits their records; fn may add or replace files.
func csvFolder(fn func(sheets map[string][][]string, files map[string][]byte)) func() map[string][]byte {
	return func() map[string][]byte {
		sheets := csvSheets(ledger())
		files := map[string][]byte{}
		if fn != nil {
			fn(sheets, files)
		}
		for name, recs := range sheets {
			if _, set := files[name+".csv"]; !set && recs != nil {
				files[name+".csv"] = encodeCSV(recs, ',', "")
			}
		}
		return files
	}
}

// Purchases record columns, 0-based.
const (
	recPONumber = colPONumber - 1
	recPOLine   = colPOLine - 1
	recSupplier = colSupplier - 1
	recDesc     = colDescription - 1
	recQuantity = colQuantity - 1
	recDirected = colCustomerDirected - 1
)

var folderCases = []folderCase{
	{name: "ok-csv-windows-1252", about: "a CSV folder saved by Excel on Windows: Windows-1252 text, semicolons, quoted fields holding semicolons, quotes and line breaks, a supplier named Société Générale Électronique; run in place too (refused: a folder is not a workbook)",
		cmds: []string{cmdMonthlyJSON, cmdCertificate + " --json", cmdMonthlyIP},
		folder: csvFolder(func(s map[string][][]string, files map[string][]byte) {
			p := s["Purchases"]
			p[2][recSupplier] = "Société Générale Électronique"
			p[3][recDesc] = "MOSFET; 20V \"logic level\"\nN-channel"
			p[4][recDesc] = "Tantalum 10µF ±10%"
			for name, recs := range s {
				files[name+".csv"] = encodeCSV(recs, ';', "Windows-1252")
			}
		})},
	{name: "csv-bad-values", about: "a CSV folder whose Purchases.csv has a multi-line description, then a blank Supplier, a Quantity \"ten\", a Customer Directed \"maybe\" and PO-1001 line 1 listed twice, each named by its line",
		cmds: []string{cmdMonthly, cmdCertificate},
		folder: csvFolder(func(s map[string][][]string, files map[string][]byte) {
			p := s["Purchases"]
			p[1][recDesc] = "Resistor 10k\nthin film, 1%"
			p[3][recSupplier] = ""
			p[4][recQuantity] = "ten"
			p[4][recDirected] = "maybe"
			dup := append([]string(nil), p[1]...)
			dup[recDesc] = "the same line again"
			s["Purchases"] = append(p, dup)
		})},
	{name: "csv-quote-never-closed", about: "a CSV folder whose Purchases.csv opens a quoted field on line 3 and never closes it",
		cmds: []string{cmdMonthly},
		folder: csvFolder(func(s map[string][][]string, files map[string][]byte) {
			text := string(encodeCSV(s["Purchases"], ',', ""))
			files["Purchases.csv"] = []byte(strings.Replace(text, "Capacitor 100nF", "\"Capacitor 100nF", 1))
		})},
	{name: "csv-bare-quote", about: "a CSV folder whose Purchases.csv has an unquoted field holding a quote (15\" monitor), as no spreadsheet saves it",
		cmds: []string{cmdMonthly},
		folder: csvFolder(func(s map[string][][]string, files map[string][]byte) {
			text := string(encodeCSV(s["Purchases"], ',', ""))
			files["Purchases.csv"] = []byte(strings.Replace(text, "Bracket", "15\" monitor bracket", 1))
		})},
	{name: "csv-no-purchases", about: "a CSV folder whose PO lines are in Purchase Orders.csv, beside a notes.txt and a Franchise.csv: no Purchases.csv",
		cmds: []string{cmdMonthly, cmdCertificate},
		folder: csvFolder(func(s map[string][][]string, files map[string][]byte) {
			files["Purchase Orders.csv"] = encodeCSV(s["Purchases"], ',', "")
			files["notes.docx"] = []byte("not a sheet")
			s["Purchases"] = nil
		})},
	{name: "csv-two-files-one-sheet", about: "a CSV folder with both Purchases.csv and purchases.txt (one would be read and the other ignored)",
		cmds: []string{cmdMonthly},
		folder: csvFolder(func(s map[string][][]string, files map[string][]byte) {
			files["purchases.txt"] = encodeCSV(s["Purchases"], '\t', "")
		})},
	{name: "csv-missing-column", about: "a CSV folder (tab-delimited) whose Purchases.csv heads Unit Cost \"Unit Kost\", and whose Invoices.csv has no Due Date column",
		cmds: []string{cmdMonthly, cmdCertificate},
		folder: csvFolder(func(s map[string][][]string, files map[string][]byte) {
			s["Purchases"][0][colUnitCost-1] = "Unit Kost"
			inv := s["Invoices"]
			for i := range inv {
				inv[i] = append(inv[i][:5:5], inv[i][6:]...)
			}
			for name, recs := range s {
				files[name+".csv"] = encodeCSV(recs, '\t', "")
			}
		})},
	{name: "csv-not-text", about: "a CSV folder whose Purchases.csv is a workbook renamed .csv and whose Franchise.csv is UTF-16 without a byte-order mark (NUL bytes)",
		cmds: []string{cmdMonthly},
		folder: csvFolder(func(s map[string][][]string, files map[string][]byte) {
			files["Purchases.csv"] = ledger().bytes()
			var u16 []byte
			for _, c := range string(encodeCSV(s["Franchise"], ',', "")) {
				u16 = append(u16, byte(c), 0)
			}
			files["Franchise.csv"] = u16
		})},
	{name: "csv-loan-bad-rows", about: "a loan workbook as a CSV folder whose Borrowing.csv repeats a date and holds an Advances \"n/a\", and whose Fee Events.csv names an event covenant does not know",
		cmds: []string{cmdLoanFee, cmdBorrowing, cmdBorrowingIP},
		folder: func() map[string][]byte {
			sheets := csvSheets(loan())
			b := sheets["Borrowing"]
			b[3][0] = b[2][0]
			b[4][2] = "n/a"
			sheets["Fee Events"] = append(sheets["Fee Events"], []string{"Signing", "2002-10-02"})
			files := map[string][]byte{}
			for name, recs := range sheets {
				files[name+".csv"] = encodeCSV(recs, ',', "")
			}
			return files
		}},
}
