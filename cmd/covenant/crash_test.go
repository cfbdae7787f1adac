package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/xlsx"
	"github.com/covenant-reports/covenant/samples"
)

// buildCovenant builds the covenant binary into a temporary folder (go build's
// cache makes a second build quick).
func buildCovenant(t testing.TB) string {
	t.Helper()
	// go test puts its own go first on PATH
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("building covenant needs the go command: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "covenant")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestInPlaceSurvivesSIGKILL runs `monthly --in-place` on the sample ledger (a
// year of PO lines) and kills it with SIGKILL at random moments, from its start
// to a little after a whole run takes. After every kill the workbook must be
// exactly the old one or exactly the complete new one (the in-place run is
// deterministic, so "complete" means the bytes of an uninterrupted run, which
// opens and holds the columns); after one more normal run no temporary file
// may be left. 100 kills, 10 with -short; the moments come from a fixed seed.
func TestInPlaceSurvivesSIGKILL(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	runs := 100
	if testing.Short() {
		runs = 10
	}
	bin := buildCovenant(t)
	dir := t.TempDir()
	ledgerPath := filepath.Join(dir, "ledger-2003.xlsx")
	out := filepath.Join(dir, "out")
	// as of the sample year's end, every line is known and classified
	args := []string{"monthly", "--ledger", ledgerPath, "--month", "2003-10", "--as-of", "2004-01-10", "--out", out, "--in-place"}
	old := samples.Ledger2003
	reset := func() {
		if err := os.WriteFile(ledgerPath, old, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// the complete new workbook, and how long a run takes
	reset()
	start := time.Now()
	if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, b)
	}
	whole := time.Since(start)
	complete, err := os.ReadFile(ledgerPath)
	if err != nil {
		t.Fatal(err)
	}
	checkHoldsColumns(t, complete)
	t.Logf("an uninterrupted run takes %v", whole)

	rng := rand.New(rand.NewPCG(2003, 8))
	var oldCount, newCount int
	for i := 0; i < runs; i++ {
		reset()
		delay := time.Duration(rng.Int64N(int64(whole) * 6 / 5))
		cmd := exec.Command(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got, err := os.ReadFile(ledgerPath)
		switch {
		case err != nil:
			t.Fatalf("kill %d after %v: the workbook is gone: %v", i, delay, err)
		case bytes.Equal(got, old):
			oldCount++
		case bytes.Equal(got, complete):
			newCount++
		default:
			t.Fatalf("kill %d after %v: the workbook is neither the old one (%d bytes) nor the new one (%d bytes): %d bytes",
				i, delay, len(old), len(complete), len(got))
		}
	}
	t.Logf("%d kills: %d left the old workbook, %d the complete new one", runs, oldCount, newCount)

	// one more normal run cleans what killed runs left
	reset()
	if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("run after the kills: %v\n%s", err, b)
	}
	for _, d := range []string{dir, out} {
		left, _ := filepath.Glob(filepath.Join(d, ".covenant-*"))
		if len(left) != 0 {
			t.Errorf("temporary files left in %s: %v", d, left)
		}
	}
	if got, _ := os.ReadFile(ledgerPath); !bytes.Equal(got, complete) {
		t.Error("the run after the kills wrote a different workbook")
	}
}

// checkHoldsColumns opens a ledger written in place with covenant's own reader
// and checks that its Purchases header has the five columns and that every PO
// line has a Franchised value.
func checkHoldsColumns(t *testing.T, data []byte) {
	t.Helper()
	b, err := xlsx.OpenBytes(data)
	if err != nil {
		t.Fatalf("the new workbook does not open: %v", err)
	}
	sh, ok := b.Sheet("Purchases")
	if !ok {
		t.Fatal("the new workbook has no Purchases sheet")
	}
	cols := map[string]int{}
	lines, filled := 0, 0
	err = b.ReadRows(sh, func(r *xlsx.Row) error {
		if r.Num == 1 {
			for _, c := range r.Cells {
				cols[c.Text] = c.Col
			}
			return nil
		}
		if len(r.Cells) == 0 {
			return nil
		}
		lines++
		for _, c := range r.Cells {
			if c.Col == cols["Franchised"] && (c.Text == "Yes" || c.Text == "No") {
				filled++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("the new workbook does not read: %v", err)
	}
	for _, c := range ledger.OutColumnNames(inPlaceColumns) {
		if cols[c] == 0 {
			t.Errorf("the new workbook's header lacks %q: %v", c, cols)
		}
	}
	if lines == 0 || filled != lines {
		t.Errorf("%d of %d PO lines have a Franchised value", filled, lines)
	}
}
