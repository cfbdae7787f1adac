package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/samples"
	"github.com/covenant-reports/covenant/samples/csvexport"
)

// trickyBooks writes the sample year as books.xlsx into dir, with the
// descriptions of a dozen October lines made as exports find them: commas,
// quotes, line breaks, tabs, semicolons and text Windows-1252 has (µ, ±, €, é).
// It returns the workbook and, by worksheet row, how many line breaks those
// descriptions hold (a CSV record with a line break in a field takes more than
// one line: the rows below it start on later lines).
func trickyBooks(t *testing.T, dir string) (string, map[int]int) {
	t.Helper()
	sample := filepath.Join(dir, "sample.xlsx")
	if err := os.WriteFile(sample, samples.Ledger2003, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := ledger.Open(sample)
	if err != nil {
		t.Fatal(err)
	}
	var rows []int
	err = l.Purchases(func(p *ledger.POLine) {
		if p.PODate.Month() == time.October && len(rows) < 12 {
			rows = append(rows, p.Row)
		}
	})
	l.Close()
	if err != nil || len(rows) < 12 {
		t.Fatalf("%v, %d October rows", err, len(rows))
	}
	f, err := excelize.OpenFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hdr, _ := f.GetRows("Purchases")
	desc := 0
	for i, h := range hdr[0] {
		if h == "Description" {
			desc = i + 1
		}
	}
	texts := []string{"Cap 10µF ±10%, 50V", "two\nlines, é", `15" monitor, "bulk"`, "€5 rebate; tab\there"}
	breaks := map[int]int{}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(desc, r)
		text := texts[i%len(texts)]
		if err := f.SetCellStr("Purchases", cell, text); err != nil {
			t.Fatal(err)
		}
		breaks[r] = strings.Count(text, "\n")
	}
	books := filepath.Join(dir, "books.xlsx")
	if err := f.SaveAs(books); err != nil {
		t.Fatal(err)
	}
	return books, breaks
}

// lineOf is the CSV line a worksheet row's record starts on, given the line
// breaks of the rows above it.
func lineOf(row int, breaks map[int]int) int {
	n := row
	for r, b := range breaks {
		if r < row {
			n += b
		}
	}
	return n
}

// cellPlaces are the ways a message names a cell of the Purchases sheet, a
// workbook's and a CSV file's, and where a line was read: the same place
// whatever its name for comparing two runs' warnings.
var cellPlaces = regexp.MustCompile(`([\w.-]+\.xlsx, )?Purchases!\$?[A-Z]+\$?\d+|[\w.-]+/Purchases\.csv, line \d+|row \d+ of Purchases( in [\w.-]+\.xlsx)?|line \d+ of [\w.-]+/Purchases\.csv|([\w.-]+\.xlsx, )?Arrow Notices row \d+|[\w.-]+/Arrow Notices\.csv, line \d+`)

// runJSON runs a command with --json and returns its JSON as a map, without
// the output's path, and the report.
func runJSON(t *testing.T, args ...string) (map[string]any, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	var j map[string]any
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	out, _ := j["output"].(string)
	delete(j, "output")
	if ws, ok := j["warnings"].([]any); ok {
		for i, w := range ws {
			ws[i] = cellPlaces.ReplaceAllString(w.(string), "CELL")
		}
	}
	return j, out
}

// sheetValues reads every sheet of a report but the audit trail as text; in
// the sheets listed in ledgerRows, a Ledger Row is mapped by fn (nil: left
// out, with the Location).
func sheetValues(t *testing.T, path string, ledgerRows map[string]bool, fn func(int) int) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, sh := range f.GetSheetList() {
		if sh == "Audit" {
			continue
		}
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		if ledgerRows[sh] {
			lr, loc, key := -1, -1, -1
			for i, r := range rows {
				if lr < 0 {
					for j, c := range r {
						switch c {
						case "Ledger Row":
							lr = j
						case "Location":
							loc = j
						case "Summary Key":
							// the hidden number of the line's Summary row, in the
							// order the lines first name it: another order of the
							// same lines numbers them otherwise (the Summary sheet's
							// own figures are compared whole)
							key = j
						}
					}
					continue
				}
				if lr < len(rows[i]) && rows[i][lr] != "" {
					if fn == nil {
						rows[i][lr] = ""
						for _, j := range []int{loc, key} {
							if j >= 0 && j < len(rows[i]) {
								rows[i][j] = ""
							}
						}
						continue
					}
					n, err := strconv.Atoi(strings.ReplaceAll(rows[i][lr], ",", ""))
					if err != nil {
						t.Fatalf("%s: Ledger Row %q", sh, rows[i][lr])
					}
					rows[i][lr] = thousands(fn(n))
				}
			}
		}
		out[sh] = rows
	}
	return out
}

// TestCSVFolderSameFigures: the same books as a folder of CSV files, in each
// encoding and delimiter (with quoted delimiters, quotes and line breaks in
// fields), give the monthly report and the certificate the same figures, the
// same --json and the same cells as the workbook; a Ledger Row is the line the
// record starts on; the audit sheet lists every file read with its SHA-256.
func TestCSVFolderSameFigures(t *testing.T) {
	dir := t.TempDir()
	books, breaks := trickyBooks(t, dir)
	const asOf = "2004-01-10"
	monthlyArgs := func(in, out string) []string {
		return []string{"monthly", "--ledger", in, "--month", "2003-10", "--as-of", asOf, "--out", out}
	}
	certArgs := func(in, out string) []string {
		return []string{"certificate", "--ledger", in, "--quarter", "2003Q4", "--as-of", asOf, "--out", out}
	}
	wantM, wantMOut := runJSON(t, monthlyArgs(books, filepath.Join(dir, "wb-m"))...)
	wantC, wantCOut := runJSON(t, certArgs(books, filepath.Join(dir, "wb-c"))...)
	if wantM["exception_spend"] == "0.00" || wantM["returns_spend"] == "0.00" || len(wantM["warnings"].([]any)) == 0 {
		t.Fatalf("the sample month exercises too little: %v", wantM)
	}
	lineRows := map[string]bool{"Detail": true, "Exceptions": true, "Schedule A": true, "Schedule A-1": true, "Schedule A-2": true}
	wantMCells := sheetValues(t, wantMOut, lineRows, func(r int) int { return lineOf(r, breaks) })
	wantCCells := sheetValues(t, wantCOut, lineRows, func(r int) int { return lineOf(r, breaks) })
	for _, enc := range []string{"UTF-8", "UTF-8 BOM", "Windows-1252"} {
		for _, comma := range []rune{',', ';', '\t'} {
			name := fmt.Sprintf("%s %q", enc, comma)
			t.Run(name, func(t *testing.T) {
				folder := filepath.Join(t.TempDir(), "books")
				if err := csvexport.Export(books, folder, csvexport.Options{Encoding: enc, Comma: comma, CRLF: comma == ';'}); err != nil {
					t.Fatal(err)
				}
				purchases, _ := os.ReadFile(filepath.Join(folder, "Purchases.csv"))
				if !bytes.Contains(purchases, []byte("\n")) || enc == "Windows-1252" && bytes.Contains(purchases, []byte("µ")) {
					t.Fatal("the export is not what the test means")
				}
				gotM, gotMOut := runJSON(t, monthlyArgs(folder, filepath.Join(t.TempDir(), "m"))...)
				if !reflect.DeepEqual(gotM, wantM) {
					t.Errorf("monthly --json differs\n got %v\nwant %v", gotM, wantM)
				}
				same := func(n int) int { return n }
				if got := sheetValues(t, gotMOut, lineRows, same); !reflect.DeepEqual(got, wantMCells) {
					t.Errorf("monthly report differs: %s", firstDiff(got, wantMCells))
				}
				gotC, gotCOut := runJSON(t, certArgs(folder, filepath.Join(t.TempDir(), "c"))...)
				if !reflect.DeepEqual(gotC, wantC) {
					t.Errorf("certificate --json differs\n got %v\nwant %v", gotC, wantC)
				}
				if got := sheetValues(t, gotCOut, lineRows, same); !reflect.DeepEqual(got, wantCCells) {
					t.Errorf("certificate differs: %s", firstDiff(got, wantCCells))
				}
				audit := auditRows(t, gotMOut)
				for _, sheet := range []string{"Purchases", "Franchise", "Arrow Responses", "Invoices"} {
					b, err := os.ReadFile(filepath.Join(folder, sheet+".csv"))
					if err != nil {
						t.Fatal(err)
					}
					if !strings.Contains(audit, "Ledger (books)\t"+filepath.Join("books", sheet+".csv")+"\nLedger (books) SHA-256 as read\t"+sha(b)+"\n") {
						t.Errorf("audit sheet lacks %s with its SHA-256:\n%s", sheet, audit)
					}
				}
			})
		}
	}
}

// auditRows is a report's Audit sheet as "Item\tValue" lines.
func auditRows(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Audit")
	var b strings.Builder
	for _, r := range rows {
		if len(r) >= 2 {
			b.WriteString(r[0] + "\t" + r[1] + "\n")
		}
	}
	return b.String()
}

func firstDiff(got, want map[string][][]string) string {
	for sh, w := range want {
		g := got[sh]
		for i := 0; i < max(len(g), len(w)); i++ {
			var gr, wr []string
			if i < len(g) {
				gr = g[i]
			}
			if i < len(w) {
				wr = w[i]
			}
			if !reflect.DeepEqual(gr, wr) {
				return fmt.Sprintf("sheet %s row %d\n got %q\nwant %q", sh, i+1, gr, wr)
			}
		}
	}
	return fmt.Sprintf("sheets %d, want %d", len(got), len(want))
}

// readCSVFolder reads each CSV file of a folder (UTF-8, commas) as records.
func readCSVFolder(t *testing.T, dir string) map[string][][]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	out := map[string][][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".csv")] = recs
	}
	return out
}

// writeCSVFolder writes sheets as a folder of CSV files.
func writeCSVFolder(t *testing.T, dir string, sheets map[string][][]string, comma rune) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, recs := range sheets {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Comma = comma
		w.WriteAll(recs)
		if err := os.WriteFile(filepath.Join(dir, name+".csv"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeTextWorkbook writes sheets as a workbook of text cells (dates and
// amounts as typed text, read as a workbook's typed text is).
func writeTextWorkbook(t *testing.T, path string, sheets map[string][][]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	names := make([]string, 0, len(sheets))
	for n := range sheets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		if first {
			f.SetSheetName("Sheet1", name)
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, rec := range sheets[name] {
			row := make([]any, len(rec))
			for j, v := range rec {
				row[j] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := sw.SetRow(cell, row); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// split deals the rows of sheets (header first) out to n locations: Purchases
// by PO (a PO's lines together), the breakdowns by PO to another location than
// the PO's, the invoices in turn; the line card to the first location only
// (a ledger may leave out sheets another has). The first invoice goes to two
// locations: it is one invoice, counted once. It returns each location's
// sheets and the location of each PO.
func split(sheets map[string][][]string, n int) ([]map[string][][]string, map[string]int) {
	out := make([]map[string][][]string, n)
	for i := range out {
		out[i] = map[string][][]string{}
	}
	of := func(po string) int {
		h := fnv.New32a()
		h.Write([]byte(po))
		return int(h.Sum32() % uint32(n))
	}
	poLoc := map[string]int{}
	for name, recs := range sheets {
		hdr := recs[0]
		for i := range out {
			if name != "Franchise" || i == 0 {
				out[i][name] = [][]string{hdr}
			}
		}
		for k, rec := range recs[1:] {
			if len(rec) == 0 || len(rec) == 1 && rec[0] == "" {
				continue
			}
			to := []int{0}
			switch name {
			case "Purchases":
				to[0] = of(rec[0])
				poLoc[rec[0]] = to[0]
			case "Arrow Responses":
				to[0] = (of(rec[0]) + 1) % n
			case "Invoices":
				to[0] = k % n
				if k == 0 {
					to = append(to, 1)
				}
			}
			for _, i := range to {
				out[i][name] = append(out[i][name], rec)
			}
		}
	}
	return out, poLoc
}

// TestSeveralLocations: the books of two and of three locations (workbooks
// and CSV folders, one with a Location column of its own) give the monthly
// report and the certificate the same figures as one workbook holding them
// all; each line carries its location, the audit sheet lists every input,
// and the invoice found in two ledgers is counted once, with a warning.
func TestSeveralLocations(t *testing.T) {
	dir := t.TempDir()
	books := filepath.Join(dir, "books.xlsx")
	if err := os.WriteFile(books, samples.Ledger2003, 0o644); err != nil {
		t.Fatal(err)
	}
	exported := filepath.Join(dir, "export")
	if err := csvexport.Export(books, exported, csvexport.Options{}); err != nil {
		t.Fatal(err)
	}
	sheets := readCSVFolder(t, exported)
	const asOf = "2004-01-10"
	wantM, wantMOut := runJSON(t, "monthly", "--ledger", books, "--month", "2003-10", "--as-of", asOf, "--out", filepath.Join(dir, "m"))
	wantC, _ := runJSON(t, "certificate", "--ledger", books, "--quarter", "2003Q4", "--as-of", asOf, "--out", filepath.Join(dir, "c"))
	lineRows := map[string]bool{"Detail": true, "Exceptions": true}
	wantCells := sortedRows(sheetValues(t, wantMOut, lineRows, nil))
	names := []string{"east", "west", "north"}
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d locations", n), func(t *testing.T) {
			parts, poLoc := split(sheets, n)
			sub := t.TempDir()
			var args []string
			location := func(po string) string { return names[poLoc[po]] }
			for i, p := range parts {
				var path string
				switch i {
				case 0:
					path = writeCSVFolder(t, filepath.Join(sub, "east"), p, ',')
				case 1:
					path = writeTextWorkbook(t, filepath.Join(sub, "west.xlsx"), p)
				case 2:
					// the third keeps a Location column: its own name for
					// each line, here the division a PO's first letter gives
					pu := p["Purchases"]
					pu[0] = append(append([]string{}, pu[0]...), "Location")
					for k := 1; k < len(pu); k++ {
						rec := append([]string{}, pu[k]...)
						for len(rec) < len(pu[0])-1 {
							rec = append(rec, "")
						}
						pu[k] = append(rec, "north-"+string(rec[0][len(rec[0])-1]))
					}
					path = writeCSVFolder(t, filepath.Join(sub, "north"), p, ';')
					location = func(po string) string {
						if poLoc[po] == 2 {
							return "north-" + po[len(po)-1:]
						}
						return names[poLoc[po]]
					}
				}
				args = append(args, "--ledger", path)
			}
			gotM, gotMOut := runJSON(t, append([]string{"monthly", "--month", "2003-10", "--as-of", asOf, "--out", filepath.Join(sub, "m")}, args...)...)
			dup := sheets["Invoices"][1][0]
			ws := gotM["warnings"].([]any)
			if len(ws) == 0 || !strings.HasPrefix(ws[0].(string), "invoice "+dup+" is in east (line 2 of Invoices.csv) and in west.xlsx (Invoices row 2): it is one invoice, counted once") {
				t.Errorf("no warning of the invoice in two ledgers: %v", ws)
			} else {
				gotM["warnings"] = ws[1:]
			}
			exs := gotM["exceptions"].([]any)
			for _, e := range exs {
				e := e.(map[string]any)
				if want := location(e["po_number"].(string)); e["location"] != want {
					t.Errorf("exception %v: location %v, want %s", e["po_number"], e["location"], want)
				}
				e["location"] = "books"
			}
			sortExceptions(gotM)
			want := cloneJSON(t, wantM)
			sortExceptions(want)
			if !reflect.DeepEqual(gotM, want) {
				t.Errorf("monthly --json differs from one workbook's\n got %v\nwant %v", gotM, want)
			}
			if got := sortedRows(sheetValues(t, gotMOut, lineRows, nil)); !reflect.DeepEqual(got, wantCells) {
				t.Errorf("monthly report differs: %s", firstDiff(got, wantCells))
			}
			audit := auditRows(t, gotMOut)
			for _, want := range []string{"Ledger (east)\t" + filepath.Join("east", "Purchases.csv") + "\n", "Ledger (west)\twest.xlsx\n"} {
				if !strings.Contains(audit, want) {
					t.Errorf("audit sheet lacks %q:\n%s", want, audit)
				}
			}
			gotC, _ := runJSON(t, append([]string{"certificate", "--quarter", "2003Q4", "--as-of", asOf, "--out", filepath.Join(sub, "c")}, args...)...)
			if ws := gotC["warnings"].([]any); len(ws) > 0 && strings.HasPrefix(ws[0].(string), "invoice "+dup+" is in east") {
				gotC["warnings"] = ws[1:]
			} else {
				t.Errorf("certificate: no warning of the invoice in two ledgers: %v", ws)
			}
			if !reflect.DeepEqual(gotC, wantC) {
				t.Errorf("certificate --json differs from one workbook's\n got %v\nwant %v", gotC, wantC)
			}
		})
	}
}

func cloneJSON(t *testing.T, m map[string]any) map[string]any {
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	json.Unmarshal(b, &out)
	return out
}

// sortExceptions orders the --json exceptions by PO and line: several
// ledgers list their lines one ledger after the other.
func sortExceptions(m map[string]any) {
	exs := m["exceptions"].([]any)
	sort.SliceStable(exs, func(i, j int) bool {
		a, b := exs[i].(map[string]any), exs[j].(map[string]any)
		if a["po_number"] != b["po_number"] {
			return a["po_number"].(string) < b["po_number"].(string)
		}
		return a["po_line"].(float64) < b["po_line"].(float64)
	})
}

// sortedRows orders the data rows of the line tables (Detail, Exceptions),
// which several ledgers fill one ledger after the other.
func sortedRows(sheets map[string][][]string) map[string][][]string {
	for _, sh := range []string{"Detail", "Exceptions"} {
		rows := sheets[sh]
		for i, r := range rows {
			if len(r) > 0 && r[0] == "PO Number" {
				data := rows[i+1:]
				sort.SliceStable(data, func(a, b int) bool { return strings.Join(data[a], "\x00") < strings.Join(data[b], "\x00") })
				break
			}
		}
	}
	return sheets
}

// TestCSVLoanFolder: the loan workbook's sheets as a folder of CSV files
// (Fee Events.csv, Fee Payments.csv, Borrowing.csv) give loanfee and
// borrowing the same --json as the workbook; --in-place on it is refused.
func TestCSVLoanFolder(t *testing.T) {
	dir := t.TempDir()
	loan := filepath.Join(dir, "loan.xlsx")
	if err := os.WriteFile(loan, samples.Loan2002, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "loan")
	if err := csvexport.Export(loan, folder, csvexport.Options{Encoding: "Windows-1252", Comma: ';'}); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"loanfee", "--as-of", "2003-01-15"}, {"borrowing", "--as-of", "2003-01-10"}} {
		want, _ := runJSON(t, append(append([]string{}, cmd...), "--loan", loan, "--out", filepath.Join(dir, "wb-"+cmd[0]))...)
		got, out := runJSON(t, append(append([]string{}, cmd...), "--loan", folder, "--out", filepath.Join(dir, "csv-"+cmd[0]))...)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s --json differs\n got %v\nwant %v", cmd[0], got, want)
		}
		if !strings.Contains(auditRows(t, out), "Loan workbook (loan)\t"+filepath.Join("loan", "Borrowing.csv")+"\n") {
			t.Errorf("%s: the audit sheet does not list the folder's files", cmd[0])
		}
	}
	code, _, stderr := runCLI(t, "borrowing", "--loan", folder, "--as-of", "2003-01-10", "--out", filepath.Join(dir, "ip"), "--in-place")
	if code != 2 || !strings.Contains(stderr, "--in-place: --loan "+folder+" is a folder of CSV files") {
		t.Errorf("borrowing --in-place on a folder: exit %d %q", code, stderr)
	}
}

// TestCSVArrowNotices: Arrow's notices as Arrow Notices.csv give the
// certificate what the workbook's Arrow Notices sheet gives; a notice that
// cannot hold is named by its file and line.
func TestCSVArrowNotices(t *testing.T) {
	dir := t.TempDir()
	books := filepath.Join(dir, "books.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(samples.Ledger2003))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Arrow Notices"); err != nil {
		t.Fatal(err)
	}
	putRows(t, f, "Arrow Notices", 1, [][]any{
		{"Date", "Notice", "Quarter End", "Note"},
		{"2004-01-05", "Default", "2003-12-26", "letter of January 5, 2004"},
		{"2004-01-06", "Add Shortfall", "2003-12-26", ""},
	})
	if err := f.SaveAs(books); err != nil {
		t.Fatal(err)
	}
	f.Close()
	folder := filepath.Join(dir, "books")
	if err := csvexport.Export(books, folder, csvexport.Options{Comma: ';'}); err != nil {
		t.Fatal(err)
	}
	args := []string{"certificate", "--quarter", "2004Q1", "--as-of", "2004-04-10"}
	want, _ := runJSON(t, append(args, "--ledger", books, "--out", filepath.Join(dir, "wb"))...)
	got, _ := runJSON(t, append(args, "--ledger", folder, "--out", filepath.Join(dir, "csv"))...)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("certificate --json differs\n got %v\nwant %v", got, want)
	}
	if b, _ := json.Marshal(want); !bytes.Contains(b, []byte(`"shortfall_added":"93646.96"`)) {
		t.Fatalf("the notices did not add Q4 2003's shortfall to Q1 2004: %s", b)
	}
	// a Quarter End that ends no quarter
	notices := filepath.Join(folder, "Arrow Notices.csv")
	text, _ := os.ReadFile(notices)
	os.WriteFile(notices, bytes.Replace(text, []byte("2004-01-06;Add Shortfall;2003-12-26"), []byte("2004-01-06;Add Shortfall;2003-12-31"), 1), 0o644)
	code, _, stderr := runCLI(t, append(args, "--ledger", folder, "--out", filepath.Join(dir, "bad"))...)
	if wantErr := "covenant: " + filepath.Join("books", "Arrow Notices.csv") + ", line 3 (Quarter End): "; code != 2 || !strings.HasPrefix(stderr, wantErr) {
		t.Errorf("exit %d, %q; want 2 and %q...", code, stderr, wantErr)
	}
}
