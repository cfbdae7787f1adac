package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/samples/csvexport"
)

// splitFixture writes the fixture ledger's books as one workbook of text cells
// (all.xlsx) and dealt out to two (east.xlsx, west.xlsx, see split).
func splitFixture(t *testing.T, dir string) (all, east, west string) {
	t.Helper()
	src := fixtureLedger(t, t.TempDir(), nil)
	exported := filepath.Join(t.TempDir(), "export")
	if err := csvexport.Export(src, exported, csvexport.Options{}); err != nil {
		t.Fatal(err)
	}
	sheets := readCSVFolder(t, exported)
	parts, _ := split(sheets, 2)
	return writeTextWorkbook(t, filepath.Join(dir, "all.xlsx"), sheets),
		writeTextWorkbook(t, filepath.Join(dir, "east.xlsx"), parts[0]),
		writeTextWorkbook(t, filepath.Join(dir, "west.xlsx"), parts[1])
}

// TestInPlaceSeveralWorkbooks: --in-place with several --ledger writes each
// workbook's own lines' columns into it, as one workbook holding them all
// gets them; each is locked and checked, listed on the audit sheet with its
// SHA-256 as read and as written, and in the --json "in_place" list; a second
// run changes nothing more.
func TestInPlaceSeveralWorkbooks(t *testing.T) {
	dir := t.TempDir()
	all, east, west := splitFixture(t, dir)
	before := map[string][]byte{}
	for _, p := range []string{east, west} {
		before[p], _ = os.ReadFile(p)
	}
	args := []string{"monthly", "--month", "2003-01", "--as-of", "2003-04-10", "--in-place"}
	if code, _, stderr := runCLI(t, append(args, "--ledger", all, "--out", filepath.Join(dir, "all"))...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	run := func() monthlyJSON {
		code, stdout, stderr := runCLI(t, append(args, "--ledger", east, "--ledger", west, "--out", filepath.Join(dir, "two"), "--json")...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var j monthlyJSON
		if err := json.Unmarshal([]byte(stdout), &j); err != nil {
			t.Fatal(err)
		}
		return j
	}
	j := run()
	whole := inPlaceColumnsOf(t, all)
	for _, p := range []string{east, west} {
		got := inPlaceColumnsOf(t, p)
		if len(got) == 0 {
			t.Fatalf("%s: no lines", p)
		}
		for k, v := range got {
			if strings.Join(v, "|") != strings.Join(whole[k], "|") {
				t.Errorf("%s %s: %q, one workbook gives %q", filepath.Base(p), k, v, whole[k])
			}
		}
	}
	if j.InputSHA256 != "" || j.InPlaceSHA256 != "" || len(j.InPlace) != 2 {
		t.Fatalf("--json in place: %q %q %+v", j.InputSHA256, j.InPlaceSHA256, j.InPlace)
	}
	audit := auditRows(t, j.Output)
	for i, p := range []string{east, west} {
		now, _ := os.ReadFile(p)
		if j.InPlace[i].Path != p || j.InPlace[i].InputSHA256 != sha(before[p]) || j.InPlace[i].InPlaceSHA256 != sha(now) {
			t.Errorf("in_place[%d] %+v", i, j.InPlace[i])
		}
		loc := strings.TrimSuffix(filepath.Base(p), ".xlsx")
		for _, want := range []string{
			"Ledger (" + loc + ")\t" + filepath.Base(p) + "\n",
			"Ledger (" + loc + ") SHA-256 as read\t" + sha(before[p]) + "\n",
			"Ledger (" + loc + ") SHA-256 as written in place\t" + sha(now) + "\n",
		} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit sheet lacks %q:\n%s", want, audit)
			}
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".covenant-*")); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	}
	once := map[string][]byte{}
	for _, p := range []string{east, west} {
		once[p], _ = os.ReadFile(p)
	}
	run()
	for _, p := range []string{east, west} {
		if twice, _ := os.ReadFile(p); !bytes.Equal(twice, once[p]) {
			t.Errorf("%s: a second run changed it again", p)
		}
	}

	// the certificate writes each workbook's invoices' columns into it
	code, stdout, stderr := runCLI(t, "certificate", "--quarter", "2003Q1", "--as-of", "2003-04-10", "--in-place", "--ledger", east, "--ledger", west, "--out", filepath.Join(dir, "cert"))
	if code != 0 {
		t.Fatalf("certificate: exit %d: %s", code, stderr)
	}
	if n := strings.Count(stdout, "\nupdated "); n != 2 || !strings.Contains(stdout, "updated "+east+": columns [Contract Quarter Net Billed Status Reason] in sheet Invoices") {
		t.Errorf("certificate's last lines: %q", stdout)
	}
	for _, p := range []string{east, west} {
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Invoices")
		f.Close()
		if len(rows) < 2 || !strings.Contains(strings.Join(rows[0], "|"), "Contract Quarter|Net Billed|Status|Reason") {
			t.Errorf("%s: Invoices header %q", filepath.Base(p), rows[0])
		}
	}
}

// TestInPlaceRefusesFolder: --in-place on a folder of CSV files is refused
// with exit status 2, saying to make it a workbook first; nothing is written,
// neither a report nor into a workbook given with it.
func TestInPlaceRefusesFolder(t *testing.T) {
	dir := t.TempDir()
	src := fixtureLedger(t, t.TempDir(), nil)
	folder := filepath.Join(dir, "books")
	if err := csvexport.Export(src, folder, csvexport.Options{}); err != nil {
		t.Fatal(err)
	}
	workbook := filepath.Join(dir, "other.xlsx")
	orig, _ := os.ReadFile(src)
	os.WriteFile(workbook, orig, 0o644)
	files, _ := filepath.Glob(filepath.Join(folder, "*"))
	for _, ledgers := range [][]string{{folder}, {workbook, folder}} {
		for _, cmd := range [][]string{{"monthly", "--month", "2003-01"}, {"certificate", "--quarter", "2003Q1"}} {
			out := filepath.Join(dir, "out")
			args := append(append([]string{}, cmd...), "--as-of", "2003-04-10", "--out", out, "--in-place")
			for _, l := range ledgers {
				args = append(args, "--ledger", l)
			}
			code, stdout, stderr := runCLI(t, args...)
			want := "covenant: --in-place: --ledger " + folder + " is a folder of CSV files: covenant writes its columns into a workbook only; open the files in Excel and save them as one workbook (.xlsx) with one sheet each (Purchases, Franchise, ...), then run --in-place on that workbook\n"
			if code != 2 || stdout != "" || stderr != want {
				t.Errorf("%v: exit %d, %q\nwant 2 and %q", args, code, stderr, want)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("%v: written: %v", args, names(entries))
			}
			if now, _ := os.ReadFile(workbook); !bytes.Equal(now, orig) {
				t.Errorf("%v: the workbook changed", args)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".covenant-*")); len(left) != 0 {
				t.Errorf("%v: left behind: %v", args, left)
			}
		}
	}
	if now, _ := filepath.Glob(filepath.Join(folder, "*")); len(now) != len(files) {
		t.Errorf("the folder's files changed: %v", now)
	}
}

// TestTemplateWithoutLocation: a restyled template whose tables dropped the
// Location column still works; with the lines of several locations the
// report warns, on standard error and its audit sheet, that it cannot say
// where each line is from. One location needs no warning.
func TestTemplateWithoutLocation(t *testing.T) {
	dir := t.TempDir()
	all, east, west := splitFixture(t, dir)
	tpl := filepath.Join(dir, "restyled.xlsx")
	f, err := excelize.OpenFile(filepath.Join("..", "..", "templates", "monthly.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range []string{"Detail", "Exceptions"} {
		rows, _ := f.GetRows(sheet)
		for i, r := range rows {
			for j, c := range r {
				if c == "Location" {
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					f.SetCellValue(sheet, cell, "")
				}
			}
		}
	}
	if err := f.SaveAs(tpl); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		ledgers []string
		warned  bool
	}{{[]string{east, west}, true}, {[]string{all}, false}} {
		args := []string{"monthly", "--month", "2003-01", "--as-of", "2003-04-10", "--template", tpl, "--out", filepath.Join(t.TempDir(), "out")}
		for _, l := range tc.ledgers {
			args = append(args, "--ledger", l)
		}
		j, rep, stderr := monthlyRunArgs(t, args)
		want := "the template's table Detail has no Location column: its lines come from several locations (§1.3) and the report does not say which each is from; add a column headed Location to the template"
		if got := strings.Contains(stderr, want) && strings.Contains(strings.Join(j.Warnings, "\n"), want) &&
			strings.Contains(auditRows(t, j.Output), want) && strings.Contains(strings.Join(j.Warnings, "\n"), "table Exceptions has no Location column"); got != tc.warned {
			t.Errorf("%v: warned %v, want %v:\n%s", tc.ledgers, got, tc.warned, stderr)
		}
		rows, _ := rep.GetRows("Detail")
		for _, r := range rows {
			for _, c := range r {
				if c == "east" || c == "west" || c == "all" {
					t.Errorf("a location in the detail of a template without the column: %q", r)
				}
			}
		}
	}
}

// monthlyRunArgs runs monthly with args and --json, and opens the report.
func monthlyRunArgs(t *testing.T, args []string) (monthlyJSON, *excelize.File, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j monthlyJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	f, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return j, f, stderr
}
