package spend

import (
	"fmt"
	"testing"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/samples/csvexport"
	"github.com/covenant-reports/covenant/samples/gen"
)

// benchLedger returns the cached stress ledger of n PO lines (gen.LargeFile).
func benchLedger(b *testing.B, n int) string {
	path, err := gen.LargeFile(n)
	if err != nil {
		b.Fatal(err)
	}
	return path
}

var sizes = []int{20000, 100000, 1048575}

// BenchmarkRead streams the Purchases sheet into typed PO lines.
func BenchmarkRead(b *testing.B) { benchRead(b, gen.LargeFile) }

// BenchmarkReadCSV streams the same books as BenchmarkRead's, as a folder of
// CSV files (csvexport.LargeFolder: UTF-8, commas), into typed PO lines: the
// CSV reader against the workbook's.
func BenchmarkReadCSV(b *testing.B) {
	b.ReportAllocs()
	benchRead(b, csvexport.LargeFolder)
}

// benchRead opens the ledger of n lines that books gives and streams its
// Purchases, at each size.
func benchRead(b *testing.B, books func(n int) (string, error)) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			if n > 100000 && testing.Short() {
				b.Skip("-short")
			}
			path, err := books(n)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				l, err := ledger.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				count := 0
				if err := l.Purchases(func(*ledger.POLine) { count++ }); err != nil {
					b.Fatal(err)
				}
				l.Close()
				if count != n {
					b.Fatalf("read %d lines", count)
				}
			}
		})
	}
}

// BenchmarkClassify applies §1.2 and totals the month, from lines in memory.
func BenchmarkClassify(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			if n > 100000 && testing.Short() {
				b.Skip("-short")
			}
			l, err := ledger.Open(benchLedger(b, n))
			if err != nil {
				b.Fatal(err)
			}
			var lines []ledger.POLine
			l.Purchases(func(p *ledger.POLine) { lines = append(lines, *p) })
			c := NewClassifier(terms.Default().Supplier, l.LineCard, l.Breakdowns, l.Invoices)
			l.Close()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m := NewMonth(terms.Default().Supplier, terms.Date(2003, 10, 1), terms.Date(2003, 11, 3))
				m.OnDetail = func(*Line) {}
				for j := range lines {
					m.Add(&lines[j], c.Classify(&lines[j]))
				}
			}
		})
	}
}
