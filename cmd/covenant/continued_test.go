package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/templates"
)

// A month with more lines than the Detail sheet holds below its header goes on
// on "Detail (2)"; then the cover's note, the audit sheet and the email say so,
// and do not claim that "the Detail sheet" lists every line. The template here
// has 1,048,000 rows inserted above the Detail's header (an accountant's
// restyling), so that the sample month's 881 franchised lines pass Excel's last
// row without a million-line ledger.
func TestMonthlyDetailContinues(t *testing.T) {
	dir := t.TempDir()
	ledger := sampleLedger(t, dir)
	tf, err := excelize.OpenReader(strings.NewReader(string(templates.Monthly)))
	if err != nil {
		t.Fatal(err)
	}
	if err := tf.InsertRows("Detail", 4, 1048000); err != nil {
		t.Fatal(err)
	}
	tall := filepath.Join(dir, "tall.xlsx")
	if err := tf.SaveAs(tall); err != nil {
		t.Fatal(err)
	}
	tf.Close()

	for _, tc := range []struct {
		template string
		sheets   []string // the detail's sheets
		lines    []int    // the lines on each
	}{
		{"", []string{"Detail"}, []int{881}},
		// header on row 1,048,004: 572 lines fit below it
		{tall, []string{"Detail", "Detail (2)"}, []int{572, 309}},
	} {
		name := "built-in"
		if tc.template != "" {
			name = "tall"
		}
		t.Run(name, func(t *testing.T) {
			sub := filepath.Join(dir, name)
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			eml := filepath.Join(sub, "monthly.eml")
			args := []string{"monthly", "--ledger", ledger, "--month", "2003-10", "--as-of", "2003-11-03", "--out", sub, "--json",
				"--email-to", "reports@arrow.example", "--from", "accounts@iec.example", "--eml", eml}
			if tc.template != "" {
				args = append(args, "--template", tc.template)
			}
			code, stdout, stderr := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var j monthlyJSON
			if err := json.Unmarshal([]byte(stdout[:strings.LastIndexByte(stdout, '}')+1]), &j); err != nil {
				t.Fatalf("json: %v\n%s", err, stdout)
			}
			if j.FranchisedLines != 881 {
				t.Fatalf("franchised lines %d, want the sample's 881", j.FranchisedLines)
			}
			f, err := excelize.OpenFile(j.Output)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var sheets []string
			for _, sh := range f.GetSheetList() {
				if sh == "Detail" || strings.HasPrefix(sh, "Detail (") {
					sheets = append(sheets, sh)
				}
			}
			if strings.Join(sheets, "|") != strings.Join(tc.sheets, "|") {
				t.Fatalf("detail sheets %q, want %q", sheets, tc.sheets)
			}
			for i, sh := range sheets {
				n := 0
				rows, err := f.Rows(sh)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					cols, _ := rows.Columns()
					if len(cols) > 0 && strings.HasPrefix(cols[0], "PO-") {
						n++
					}
				}
				rows.Close()
				if n != tc.lines[i] {
					t.Errorf("%s holds %d lines, want %d", sh, n, tc.lines[i])
				}
			}

			note := namedValue(t, f, "DetailNote")
			audit, _ := f.GetRows("Audit")
			msg := readEML(t, eml)
			// covenant send reads the same from the report itself
			sent := filepath.Join(sub, "send.eml")
			if code, _, stderr := runCLI(t, "send", j.Output, "--to", "reports@arrow.example", "--from", "accounts@iec.example", "--eml", sent); code != 0 {
				t.Fatalf("send: exit %d: %s", code, stderr)
			}
			if viaSend := readEML(t, sent); viaSend.Body != msg.Body {
				t.Errorf("send wrote another body than monthly --email-to:\n%s", viaSend.Body)
			}
			continued := len(tc.sheets) > 1
			for _, c := range []struct {
				where, text, says string
			}{
				{"the cover's note", note, "The Detail sheet lists every"},
				{"the email", msg.Body, "The Detail sheet lists every"},
			} {
				if strings.Contains(c.text, c.says) == continued {
					t.Errorf("%s (continued: %v) says %q:\n%s", c.where, continued, c.says, c.text)
				}
			}
			if continued {
				if !strings.Contains(note, "the sheets Detail and Detail (2) list every transaction") {
					t.Errorf("the cover's note does not name both sheets: %q", note)
				}
				if !strings.Contains(msg.Body, "The Detail sheets (Detail, Detail (2):") {
					t.Errorf("the email does not name both sheets:\n%s", msg.Body)
				}
			}
			if got := strings.Contains(strings.Join(flatten(audit), "\n"), "goes on on Detail (2)"); got != continued {
				t.Errorf("the audit sheet's note on Detail (2): %v, want %v", got, continued)
			}

			// the cover's counts and sums run over every sheet of the detail
			oracle.Require(t, "soffice")
			if n := oracle.CompareRecalc(t, j.Output); n < 20 {
				t.Errorf("only %d formula cells checked", n)
			}
		})
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "\t"))
	}
	return out
}

// A ledger whose Extended Cost is off on many lines gets the first hundred
// warned about one by one and the rest counted in one warning, on stderr, in the
// JSON and on the audit sheet, by the monthly report and the certificate alike.
func TestCostWarningsBounded(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := certLedger(t, dir, func(f *excelize.File) {
		f.SetCellValue("Purchases", "M1", "Extended Cost")
		var rows [][]any
		for i := 0; i < 150; i++ {
			// 3 x 10.00 is 30.00; the ledger says 31.00
			rows = append(rows, []any{fmt.Sprintf("PO-X%03d", i), 1, "2003-01-15", "Arrow", "Vishay", "P", "Part", 3, 10, "2003-01-30", "N", "N", 31})
		}
		putRows(t, f, "Purchases", 6, rows)
	})
	for _, args := range [][]string{
		{"monthly", "--month", "2003-01", "--as-of", "2003-02-03"},
		{"certificate", "--quarter", "2003Q1", "--as-of", "2003-04-30"},
	} {
		t.Run(args[0], func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report.xlsx")
			code, stdout, stderr := runCLI(t, append(args, "--ledger", ledgerPath, "--out", out, "--json")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var j struct{ Warnings []string }
			if err := json.Unmarshal([]byte(stdout), &j); err != nil {
				t.Fatal(err)
			}
			const summary = "… and 50 more lines whose Extended Cost differs from Quantity x Unit Cost by more than a cent (150 in all, the last at Purchases!M155)"
			one, summaries := 0, 0
			for _, w := range j.Warnings {
				switch {
				case strings.HasPrefix(w, "Purchases!M") && strings.Contains(w, "Extended Cost 31.00 differs"):
					one++
				case strings.HasPrefix(w, summary):
					summaries++
				}
			}
			if one != 100 || summaries != 1 {
				t.Errorf("%d warnings one by one and %d summaries, want 100 and 1: %q", one, summaries, j.Warnings)
			}
			if n := strings.Count(stderr, "differs from Quantity x Unit Cost"); n != 101 {
				t.Errorf("stderr has %d Extended Cost warnings, want 101", n)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			audit, _ := f.GetRows("Audit")
			if !strings.Contains(strings.Join(flatten(audit), "\n"), summary) {
				t.Error("the audit sheet lacks the summary warning")
			}
		})
	}
}

// Past a few thousand, the lines a report lists (the month's exceptions, the
// quarter's Schedules A and A-1) are kept in a temporary file and read back
// (spend.Lines): every one of them is still listed, in ledger order, in the JSON
// and on the sheets, and the totals over them hold (recalculated by LibreOffice).
func TestManyListedLines(t *testing.T) {
	const n = 5000 // each list passes spend's 4,096 lines held in memory
	dir := t.TempDir()
	ledgerPath := certLedger(t, dir, func(f *excelize.File) {
		var rows [][]any
		for i := 0; i < 2*n; i++ {
			// no breakdown sent: an exception; customer directed: Schedule A-1
			directed := "N"
			if i%2 == 1 {
				directed = "Y"
			}
			rows = append(rows, []any{fmt.Sprintf("PO-M%05d", i), 1, "2003-01-15", "Avnet", "Vishay", "P", "Part", 1 + i%7, "1.25", "2003-01-30", directed, "N"})
		}
		putRows(t, f, "Purchases", 6, rows)
	})
	for _, tc := range []struct {
		args  []string
		lists map[string]int // sheet -> lines listed (with the fixture's own)
	}{
		{[]string{"monthly", "--month", "2003-01", "--as-of", "2003-02-03"}, map[string]int{"Exceptions": n}},
		{[]string{"certificate", "--quarter", "2003Q1", "--as-of", "2003-04-30"}, map[string]int{"Schedule A": n + 1, "Schedule A-1": n + 1}},
	} {
		t.Run(tc.args[0], func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report.xlsx")
			code, stdout, stderr := runCLI(t, append(tc.args, "--ledger", ledgerPath, "--out", out, "--json")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if tc.args[0] == "monthly" {
				var j monthlyJSON
				if err := json.Unmarshal([]byte(stdout), &j); err != nil {
					t.Fatal(err)
				}
				if len(j.Exceptions) != n || j.Exceptions[0].PONumber != "PO-M00000" || j.Exceptions[n-1].PONumber != fmt.Sprintf("PO-M%05d", 2*n-2) {
					t.Errorf("the JSON lists %d exceptions, want %d in ledger order", len(j.Exceptions), n)
				}
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for sheet, want := range tc.lists {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				listed, last := 0, ""
				for _, r := range rows {
					if len(r) > 0 && strings.HasPrefix(r[0], "PO-") {
						if r[0] < last {
							t.Fatalf("%s: %s listed after %s", sheet, r[0], last)
						}
						listed, last = listed+1, r[0]
					}
				}
				if listed != want {
					t.Errorf("%s lists %d lines, want %d", sheet, listed, want)
				}
			}
			oracle.Require(t, "soffice")
			if got := oracle.CompareRecalc(t, out); got < n {
				t.Errorf("only %d formula cells checked", got)
			}
		})
	}
}
