package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/samples/gen"
)

// largeLedger returns a generated stress ledger of n PO lines, all dated in
// October 2003 and all franchised (the worst case of issue 7), cached in the
// system's temporary folder (gen.LargeFile).
func largeLedger(tb testing.TB, n int) string {
	tb.Helper()
	path, err := gen.LargeFile(n)
	if err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestLargeLedgerTotals runs the monthly report over a generated ledger and checks
// its figures against a recomputation that shares no code with covenant's reader:
// excelize reads the rows and decimal sums Quantity x Unit Cost rounded per line.
// 100,000 lines by default; COVENANT_LARGE=1 makes it 1,048,575 (Excel's limit).
func TestLargeLedgerTotals(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 100,000-line ledger")
	}
	n := 100000
	if os.Getenv("COVENANT_LARGE") == "1" {
		n = 1048575
	}
	path := largeLedger(t, n)
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "monthly", "--ledger", path, "--month", "2003-10", "--out", dir, "--as-of", "2003-11-03", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j monthlyJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatal(err)
	}

	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows("Purchases")
	if err != nil {
		t.Fatal(err)
	}
	var lines int
	total := decimal.Zero
	col := map[string]int{}
	for i := 0; rows.Next(); i++ {
		r, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			for c, h := range r {
				col[h] = c
			}
			continue
		}
		q := decimal.RequireFromString(r[col["Quantity"]])
		u := decimal.RequireFromString(r[col["Unit Cost"]])
		total = total.Add(spend.ExtendedCost(q, u))
		lines++
	}
	if j.Lines != n || lines != n || j.FranchisedLines != n {
		t.Errorf("lines: report %d (franchised %d), recount %d, want %d", j.Lines, j.FranchisedLines, lines, n)
	}
	if j.FranchisedSpend != total.StringFixed(2) {
		t.Errorf("franchised spend: report %s, recomputed %s", j.FranchisedSpend, total.StringFixed(2))
	}
	sum := decimal.Zero
	for _, s := range []string{j.ArrowSpend, j.CustomerDirectedSpend, j.CreditLimitSpend, j.ReleasedSpend, j.ExceptionSpend} {
		sum = sum.Add(decimal.RequireFromString(s))
	}
	if !sum.Equal(total) {
		t.Errorf("the five classifications add up to %s, not %s", sum.StringFixed(2), total.StringFixed(2))
	}
	exc := decimal.Zero
	for _, e := range j.Exceptions {
		exc = exc.Add(decimal.RequireFromString(e.Amount))
	}
	if exc.StringFixed(2) != j.ExceptionSpend {
		t.Errorf("exceptions list adds up to %s, exception_spend is %s", exc.StringFixed(2), j.ExceptionSpend)
	}

	// The report itself, read back by excelize: every line in the detail (on
	// "Detail", and "Detail (2)" past Excel's last row), each with its cached
	// Extended Cost, adding up to the recomputed total.
	rep, err := excelize.OpenFile(j.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer rep.Close()
	detailLines, detailTotal, detailSheets := 0, decimal.Zero, 0
	for _, sh := range rep.GetSheetList() {
		if sh != "Detail" && !strings.HasPrefix(sh, "Detail (") {
			continue
		}
		detailSheets++
		rows, err := rep.Rows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; rows.Next(); r++ {
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("%s row %d: %v", sh, r, err)
			}
			if r <= 4 || len(cols) < 10 || cols[0] == "" {
				continue // title rows and the header
			}
			detailLines++
			detailTotal = detailTotal.Add(decimal.RequireFromString(cols[9]))
		}
		rows.Close()
	}
	if detailSheets > 1 {
		audit, _ := rep.GetRows("Audit")
		if !strings.Contains(fmt.Sprint(audit), "goes on on Detail (2)") {
			t.Errorf("the detail fills %d sheets, and the audit sheet does not say so", detailSheets)
		}
	}
	if detailLines != n || !detailTotal.Equal(total) {
		t.Errorf("the report's detail holds %d lines totalling %s; want %d totalling %s", detailLines, detailTotal.StringFixed(2), n, total.StringFixed(2))
	}
}

// BenchmarkMonthly measures the whole command (read, classify, write) at the
// sizes of issue 7; BenchmarkMonthlyInPlace adds the in-place columns.
func BenchmarkMonthly(b *testing.B)        { benchMonthly(b, false) }
func BenchmarkMonthlyInPlace(b *testing.B) { benchMonthly(b, true) }

func benchMonthly(b *testing.B, inPlace bool) {
	for _, n := range []int{20000, 100000, 1048575} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			if n > 100000 && testing.Short() {
				b.Skip("-short")
			}
			src := largeLedger(b, n)
			dir := b.TempDir()
			data, err := os.ReadFile(src)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				ledger := filepath.Join(dir, "ledger.xlsx")
				if err := os.WriteFile(ledger, data, 0o644); err != nil {
					b.Fatal(err)
				}
				args := []string{"monthly", "--ledger", ledger, "--month", "2003-10", "--out", filepath.Join(dir, "out.xlsx"), "--as-of", "2003-11-03"}
				if inPlace {
					args = append(args, "--in-place")
				}
				b.StartTimer()
				if code, _, stderr := runCLI(b, args...); code != 0 {
					b.Fatalf("exit %d: %s", code, stderr)
				}
			}
		})
	}
}
