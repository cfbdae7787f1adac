package xlsx_test

import (
	"fmt"
	"testing"

	"github.com/covenant-reports/covenant/report/xlsx"
	"github.com/covenant-reports/covenant/samples/gen"
)

// (package xlsx_test: samples/gen writes its workbooks through package xlsx)

// benchLedger returns the cached stress ledger of n PO lines (gen.LargeFile).
func benchLedger(b *testing.B, n int) string {
	path, err := gen.LargeFile(n)
	if err != nil {
		b.Fatal(err)
	}
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
				bk, err := xlsx.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				sh, _ := bk.Sheet("Purchases")
				rows, cells := 0, 0
				if err := bk.ReadRows(sh, func(r *xlsx.Row) error {
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
