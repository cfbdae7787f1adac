package main

import (
	"encoding/json"
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
// restyling), so that the sample month's 866 franchised lines pass Excel's last
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
		{"", []string{"Detail"}, []int{866}},
		// header on row 1,048,004: 572 lines fit below it
		{tall, []string{"Detail", "Detail (2)"}, []int{572, 294}},
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
			if j.FranchisedLines != 866 {
				t.Fatalf("franchised lines %d, want the sample's 866", j.FranchisedLines)
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
