package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/samples"
	"github.com/covenant-reports/covenant/samples/csvexport"
)

// locationBooks are the books of two locations, east and west, as text
// sheets: statusLedger's quarters (Q3 billed $1,650,000 by August 29, 2003,
// $119,000 carried forward), the PO number PO-3 used at both locations, a
// breakdown of west's PO-3 awaiting Arrow's answer (its Location column
// names west), and deliveries of the monthly reports recorded at both
// locations: July's at east, June's (late: due Friday, July 4, 2003) and
// August's at west. all is the two in one workbook, its lines carrying their
// location in a Location column; east and west are each location's own.
func locationBooks() (all, east, west map[string][][]string) {
	purchases := []string{"PO Number", "PO Line", "PO Date", "Supplier", "Manufacturer", "Part Number", "Description", "Quantity", "Unit Cost", "Confirmed Delivery Date", "Customer Directed", "Credit Limit Exception"}
	eastLines := [][]string{
		{"PO-1", "1", "2003-08-04", "Arrow Electronics, Inc.", "Vishay", "CRCW0603", "Resistor", "1000", "0.0125", "2003-08-20", "N", "N"},
		{"PO-2", "1", "2003-08-05", "TTI", "Vishay", "IRF540", "FET", "2", "13", "2003-08-22", "N", "N"},
		{"PO-3", "1", "2003-08-26", "Arrow Electronics, Inc.", "Vishay", "SI2302", "MOSFET", "5", "2", "2003-09-09", "N", "N"},
	}
	westLines := [][]string{
		{"PO-3", "1", "2003-08-27", "Avnet", "Vishay", "SI2302", "MOSFET", "10", "2", "2003-09-10", "N", "N"},
		{"PO-4", "1", "2003-08-28", "TTI", "Vishay", "CRCW0805", "Resistor", "400", "0.05", "2003-09-12", "N", "N"},
	}
	franchise := [][]string{{"Manufacturer", "Authorized From", "Authorized Until"}, {"Vishay", "2002-01-01", ""}}
	responses := [][]string{{"PO Number", "PO Line", "Breakdown Sent", "Arrow Response", "Responded At", "Location"}, {"PO-3", "1", "2003-08-29 10:30", "", "", "west"}}
	invoices := []string{"Invoice Number", "Invoice Date", "Amount", "Returns", "Discounts", "Due Date", "Paid Date"}
	eastInvoices := [][]string{
		{"I-1", "2003-02-03", "1500000", "0", "0", "2003-03-05", "2003-03-04"},
		{"I-2", "2003-05-05", "1619000", "0", "0", "2003-06-04", "2003-06-02"},
		{"I-3", "2003-07-07", "1000000", "0", "0", "2003-08-06", "2003-08-05"},
	}
	westInvoices := [][]string{
		{"I-4", "2003-08-04", "450000", "0", "0", "2003-08-25", "2003-08-20"},
		{"I-5", "2003-08-20", "200000", "0", "0", "2003-09-19", ""},
	}
	deliveries := []string{"Obligation", "Delivered On", "To", "Reference"}
	eastDeliveries := [][]string{{"monthly-2003-07", "2003-08-01", "reports@arrow.example", "Message-ID <7@x>"}}
	westDeliveries := [][]string{
		{"monthly-2003-06", "2003-07-09", "reports@arrow.example", "Message-ID <6@x>"},
		{"monthly-2003-08", "2003-09-05", "reports@arrow.example", "Message-ID <8@x>"},
	}
	rows := func(header []string, parts ...[][]string) [][]string {
		out := [][]string{header}
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	located := func(loc string, lines [][]string) [][]string {
		var out [][]string
		for _, l := range lines {
			out = append(out, append(append([]string{}, l...), loc))
		}
		return out
	}
	all = map[string][][]string{
		"Purchases":       rows(append(append([]string{}, purchases...), "Location"), located("east", eastLines), located("west", westLines)),
		"Franchise":       franchise,
		"Arrow Responses": responses,
		"Invoices":        rows(invoices, eastInvoices, westInvoices),
		"Deliveries":      rows(deliveries, eastDeliveries, westDeliveries),
	}
	east = map[string][][]string{
		"Purchases":  rows(purchases, eastLines),
		"Franchise":  franchise,
		"Invoices":   rows(invoices, eastInvoices),
		"Deliveries": rows(deliveries, eastDeliveries),
	}
	west = map[string][][]string{
		"Purchases":       rows(purchases, westLines),
		"Arrow Responses": responses,
		"Invoices":        rows(invoices, westInvoices),
		"Deliveries":      rows(deliveries, westDeliveries),
	}
	return all, east, west
}

// deliveryPlace is where a Deliveries row is, in a workbook or a CSV file.
var deliveryPlace = regexp.MustCompile(`[\w.-]+\.xlsx, Deliveries row \d+|[\w.-]+/Deliveries\.csv, line \d+`)

// sameDeliveries makes the places of the Deliveries rows in a status --json
// alike (they are checked where they must differ) and drops its output.
func sameDeliveries(j map[string]any) map[string]any {
	for _, o := range j["obligations"].([]any) {
		o := o.(map[string]any)
		o["detail"] = deliveryPlace.ReplaceAllString(o["detail"].(string), "DELIVERY")
		if d, ok := o["delivered"].(map[string]any); ok {
			d["source"] = deliveryPlace.ReplaceAllString(d["source"].(string), "DELIVERY")
		}
	}
	return j
}

// statusCells reads a status workbook's sheets but the audit trail as text,
// the places of Deliveries rows made alike and the Ledger and Ledger Row of
// the tables left out (the rows of one workbook and of two are not the same).
func statusCells(t *testing.T, path string) map[string][][]string {
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
		var blank []int
		for _, r := range rows {
			if len(blank) == 0 {
				for j, c := range r {
					if c == "Ledger" || c == "Ledger Row" {
						blank = append(blank, j)
					}
				}
				if len(blank) > 0 {
					continue
				}
			}
			for j := range r {
				r[j] = deliveryPlace.ReplaceAllString(r[j], "DELIVERY")
			}
			for _, j := range blank {
				if j < len(r) {
					r[j] = ""
				}
			}
		}
		out[sh] = rows
	}
	return out
}

// jsonDiff names the first place where two decoded JSON values differ, with
// both values there ("" when they are the same).
func jsonDiff(at string, got, want any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: got %v, want an object", at, got)
		}
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		var names []string
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if d := jsonDiff(at+"."+k, g[k], w[k]); d != "" {
				return d
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Sprintf("%s: got %v, want a list", at, got)
		}
		for i := 0; i < min(len(g), len(w)); i++ {
			if d := jsonDiff(fmt.Sprintf("%s[%d]", at, i), g[i], w[i]); d != "" {
				return d
			}
		}
		if len(g) != len(w) {
			return fmt.Sprintf("%s: %d elements, want %d", at, len(g), len(w))
		}
		return ""
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("%s:\n got %v\nwant %v", at, got, want)
	}
	return ""
}

// column is the values of a table's column below its header, where the
// header row holds all of the named headers.
func column(rows [][]string, header string, with ...string) []string {
	for i, r := range rows {
		at := -1
		has := 0
		for j, c := range r {
			if c == header {
				at = j
			}
			for _, w := range with {
				if c == w {
					has++
				}
			}
		}
		if at < 0 || has < len(with) {
			continue
		}
		var out []string
		for _, below := range rows[i+1:] {
			if at >= len(below) || below[at] == "" {
				break
			}
			out = append(out, below[at])
		}
		return out
	}
	return nil
}

// TestStatusSeveralLedgers: the books of two locations, one a folder of CSV
// files and one a workbook, give covenant status and covenant calendar the
// same obligations, statuses and figures as one workbook holding them both:
// the Deliveries of the second ledger are evidence like the first's (each
// named by its own file), the Minimum Sales to date count the invoices of
// both, §1.2 this month the PO lines of both (each with its location), and
// the breakdown awaiting Arrow's answer names the location whose PO it is
// about. The audit sheet lists every file read with its SHA-256; the
// certificate's monthly reports come from both ledgers' Deliveries.
func TestStatusSeveralLedgers(t *testing.T) {
	dir := t.TempDir()
	all, east, west := locationBooks()
	one := writeTextWorkbook(t, filepath.Join(dir, "all.xlsx"), all)
	sub := filepath.Join(dir, "split")
	eastDir := writeCSVFolder(t, filepath.Join(sub, "east"), east, ';')
	westBook := writeTextWorkbook(t, filepath.Join(sub, "west.xlsx"), west)
	loan := filepath.Join(dir, "loan-2002.xlsx")
	if err := os.WriteFile(loan, samples.Loan2002, 0o644); err != nil {
		t.Fatal(err)
	}
	const asOf = "2003-08-29"
	two := []string{"--ledger", eastDir, "--ledger", westBook}
	want, wantOut := runJSON(t, "status", "--ledger", one, "--loan", loan, "--as-of", asOf, "--out", filepath.Join(dir, "one"))
	got, gotOut := runJSON(t, append([]string{"status", "--loan", loan, "--as-of", asOf, "--out", filepath.Join(dir, "two")}, two...)...)

	// the deliveries of both ledgers are the evidence, each in its own file
	sources := map[string]string{}
	for _, o := range got["obligations"].([]any) {
		o := o.(map[string]any)
		if d, ok := o["delivered"].(map[string]any); ok {
			sources[o["id"].(string)] = d["source"].(string) + " " + o["status"].(string)
		}
	}
	for id, w := range map[string]string{
		"monthly-2003-07": filepath.Join("east", "Deliveries.csv") + ", line 2 done",
		"monthly-2003-06": "west.xlsx, Deliveries row 2 done",
	} {
		if sources[id] != w {
			t.Errorf("%s: evidence %q, want %q", id, sources[id], w)
		}
	}
	if _, known := sources["monthly-2003-08"]; known {
		t.Error("monthly-2003-08, delivered on September 5, shows done as of August 29")
	}
	if g, w := got["minimum_sales"], want["minimum_sales"]; !reflect.DeepEqual(g, w) || w.(map[string]any)["needed"] != "31000.00" {
		t.Errorf("minimum_sales %v, one workbook's %v", g, w)
	}
	pb := got["pending_breakdowns"].([]any)
	if len(pb) != 1 || pb[0].(map[string]any)["po_number"] != "PO-3" || pb[0].(map[string]any)["location"] != "west" {
		t.Errorf("pending_breakdowns %v", pb)
	}
	if d := jsonDiff("", sameDeliveries(got), sameDeliveries(want)); d != "" {
		t.Errorf("status --json of two ledgers differs from one workbook's: %s", d)
	}

	// the workbook: the same cells; the exceptions carry their location,
	// the breakdown its own and the ledger whose log holds it
	gotCells, wantCells := statusCells(t, gotOut), statusCells(t, wantOut)
	for sh := range wantCells {
		if !reflect.DeepEqual(gotCells[sh], wantCells[sh]) {
			t.Errorf("status workbook: %s", firstDiff(gotCells, wantCells))
			break
		}
	}
	f, err := excelize.OpenFile(gotOut)
	if err != nil {
		t.Fatal(err)
	}
	month, _ := f.GetRows("This Month")
	if locs := column(month, "Location", "PO Number", "Reason"); !reflect.DeepEqual(locs, []string{"east", "west", "west"}) {
		t.Errorf("the exceptions' locations: %q", locs)
	}
	bd, _ := f.GetRows("Breakdowns")
	if g := [][]string{column(bd, "PO Number", "Release At"), column(bd, "Location", "Release At"), column(bd, "Ledger", "Release At"), column(bd, "Ledger Row", "Release At")}; !reflect.DeepEqual(g, [][]string{{"PO-3"}, {"west"}, {"west.xlsx"}, {"2"}}) {
		t.Errorf("the breakdown awaiting Arrow's answer: %q", g)
	}
	f.Close()
	audit := auditRows(t, gotOut)
	for _, w := range []string{"Ledger (east)\t" + filepath.Join("east", "Deliveries.csv") + "\n", "Ledger (east)\t" + filepath.Join("east", "Purchases.csv") + "\n",
		"Ledger (west)\twest.xlsx\n", "Loan workbook\tloan-2002.xlsx\n"} {
		if !strings.Contains(audit, w) {
			t.Errorf("the audit sheet lacks %q:\n%s", w, audit)
		}
	}
	if strings.Count(audit, "\t") < 7 {
		t.Errorf("the audit sheet:\n%s", audit)
	}

	// the calendar: the same events, in words
	events := func(out string, ledgers ...string) map[string]string {
		t.Helper()
		args := append([]string{"calendar", "--loan", loan, "--as-of", asOf, "--out", out}, ledgers...)
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("calendar: exit %d: %s", code, stderr)
		}
		raw, _ := os.ReadFile(out)
		cal, err := ics.ParseCalendar(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, e := range cal.Events() {
			start, _ := e.GetAllDayStartAt()
			m[e.Id()] = start.Format("2006-01-02") + " " + e.GetProperty(ics.ComponentPropertySummary).Value + "\n" +
				deliveryPlace.ReplaceAllString(ics.FromText(e.GetProperty(ics.ComponentPropertyDescription).Value), "DELIVERY")
		}
		return m
	}
	wantEv := events(filepath.Join(dir, "one.ics"), "--ledger", one)
	gotEv := events(filepath.Join(dir, "two.ics"), two...)
	if len(gotEv) != 144 || !reflect.DeepEqual(gotEv, wantEv) {
		var diff []string
		for id, w := range wantEv {
			if gotEv[id] != w {
				diff = append(diff, id+":\n got "+gotEv[id]+"\nwant "+w)
			}
		}
		sort.Strings(diff)
		t.Errorf("calendar of two ledgers: %d events, want %d; differs:\n%s", len(gotEv), len(wantEv), strings.Join(diff, "\n"))
	}
	if d := gotEv["monthly-2003-06@covenant.invalid"]; !strings.Contains(d, "Done, delivered July 9, 2003 to reports@arrow.example") {
		t.Errorf("the calendar of two ledgers: June's report %s", d)
	}

	// the certificate's monthly reports: July's recorded at east, August's
	// at west, September's recorded nowhere
	wantC, _ := runJSON(t, "certificate", "--ledger", one, "--quarter", "2003Q3", "--as-of", "2003-10-10", "--out", filepath.Join(dir, "c1"))
	gotC, _ := runJSON(t, append([]string{"certificate", "--quarter", "2003Q3", "--as-of", "2003-10-10", "--out", filepath.Join(dir, "c2")}, two...)...)
	var months []string
	for _, m := range gotC["monthly_reports"].([]any) {
		m := m.(map[string]any)
		d, _ := m["delivered"].(string)
		months = append(months, m["month"].(string)+" "+m["status"].(string)+" "+d)
	}
	if w := []string{"2003-07 done 2003-08-01", "2003-08 done 2003-09-05", "2003-09 not_recorded "}; !reflect.DeepEqual(months, w) {
		t.Errorf("the certificate's monthly reports %q, want %q", months, w)
	}
	if d := jsonDiff("", gotC, wantC); d != "" {
		t.Errorf("certificate --json of two ledgers differs from one workbook's: %s", d)
	}
}

// TestStatusLoanFolder: the loan workbook as a folder of CSV files gives
// covenant status the obligations of Amendment No. 10 the workbook gives, the
// evidence naming the CSV files and lines; the audit sheet lists every file.
func TestStatusLoanFolder(t *testing.T) {
	dir := t.TempDir()
	lp := statusLedger(t, dir, nil)
	loan := filepath.Join(dir, "loan.xlsx")
	if err := os.WriteFile(loan, samples.Loan2002, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "loan")
	if err := csvexport.Export(loan, folder, csvexport.Options{Encoding: "Windows-1252", Comma: ';'}); err != nil {
		t.Fatal(err)
	}
	const asOf = "2003-01-15"
	want, _ := runJSON(t, "status", "--ledger", lp, "--loan", loan, "--as-of", asOf, "--out", filepath.Join(dir, "wb"))
	got, out := runJSON(t, "status", "--ledger", lp, "--loan", folder, "--as-of", asOf, "--out", filepath.Join(dir, "csv"))
	// a place in the workbook and the same place in its CSV file
	places := []struct {
		re   *regexp.Regexp
		with string
	}{
		{regexp.MustCompile(`loan\.xlsx, Fee Events!B(\d+)|loan/Fee Events\.csv, line (\d+)`), "FEE EVENT $1$2"},
		{regexp.MustCompile(`loan\.xlsx, Fee Payments row (\d+)|loan/Fee Payments\.csv, line (\d+)`), "FEE PAYMENT $1$2"},
		{regexp.MustCompile(`loan\.xlsx, ([A-Z][a-z]+(?: [A-Z][a-z]+)?) sheet|loan/([A-Z][a-z]+(?: [A-Z][a-z]+)?)\.csv`), "SHEET $1$2"},
	}
	evidence := 0
	same := func(j map[string]any, folder bool) {
		for _, o := range j["obligations"].([]any) {
			o := o.(map[string]any)
			for _, k := range []string{"detail"} {
				s := o[k].(string)
				if folder && strings.Contains(s, "loan.xlsx") || !folder && strings.Contains(s, "loan/") {
					t.Errorf("%s: %s names the other input: %s", o["id"], k, s)
				}
				if folder && strings.Contains(s, "loan/") {
					evidence++
				}
				for _, p := range places {
					s = p.re.ReplaceAllString(s, p.with)
				}
				o[k] = s
			}
			if d, ok := o["delivered"].(map[string]any); ok {
				s := d["source"].(string)
				for _, p := range places {
					s = p.re.ReplaceAllString(s, p.with)
				}
				d["source"] = s
			}
		}
	}
	same(want, false)
	same(got, true)
	if evidence == 0 {
		t.Error("no evidence names the loan folder's CSV files")
	}
	if d := jsonDiff("", got, want); d != "" {
		t.Errorf("status --json with the loan folder differs from the workbook's: %s", d)
	}
	if !strings.Contains(auditRows(t, out), "Loan workbook (loan)\t"+filepath.Join("loan", "Fee Events.csv")+"\n") {
		t.Errorf("the audit sheet does not list the loan folder's files:\n%s", auditRows(t, out))
	}
}

// TestStatusCalendarRefusals: a ledger given twice is refused for status and
// calendar alike, as for monthly (exit 2).
func TestStatusCalendarRefusals(t *testing.T) {
	dir := t.TempDir()
	lp := statusLedger(t, dir, nil)
	for _, cmd := range [][]string{{"status", "--out", filepath.Join(dir, "s.xlsx")}, {"calendar", "--out", filepath.Join(dir, "c.ics")}} {
		code, _, stderr := runCLI(t, append(cmd, "--ledger", lp, "--ledger", lp, "--as-of", "2003-08-29")...)
		if code != 2 || !strings.Contains(stderr, "is given twice") {
			t.Errorf("%s with one ledger twice: exit %d: %s", cmd[0], code, stderr)
		}
	}
}
