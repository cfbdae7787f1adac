package xlsx

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/samples/gen"
)

// benchLedger returns a generated ledger of n PO lines, cached in
// $TMPDIR/covenant-bench (shared with the spend and cmd benchmarks).
func benchLedger(b *testing.B, n int) string {
	dir := filepath.Join(os.TempDir(), "covenant-bench")
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, fmt.Sprintf("ledger-%d.xlsx", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp, err := os.CreateTemp(dir, "gen-*.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := gen.Large(w, n, time.Date(2003, 10, 1, 0, 0, 0, 0, time.UTC), gen.DefaultSeed); err != nil {
		b.Fatal(err)
	}
	w.Flush()
	tmp.Close()
	os.Rename(tmp.Name(), path)
	return path
}

// BenchmarkReadRows reads the Purchases sheet's rows into decoded cells, the
// reading stage alone (inflate, cut rows, parse and decode cells).
func BenchmarkReadRows(b *testing.B) {
	for _, n := range []int{20000, 100000, 1048575} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			if n > 100000 && testing.Short() {
				b.Skip("-short")
			}
			path := benchLedger(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				bk, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				sh, _ := bk.Sheet("Purchases")
				rows, cells := 0, 0
				if err := bk.ReadRows(sh, func(r *Row) error {
					rows++
					cells += len(r.Cells)
					return nil
				}); err != nil {
					b.Fatal(err)
				}
				bk.Close()
				if rows < n {
					b.Fatalf("read %d rows", rows)
				}
			}
		})
	}
}
