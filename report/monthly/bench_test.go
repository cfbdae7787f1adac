package monthly

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/layout"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/templates"
)

// BenchmarkWrite measures writing the report alone: n franchised lines
// streamed into the template's detail, the month laid out, and the workbook
// written (to io.Discard), at the sizes of issue 7. Reading and classifying
// are BenchmarkRead and BenchmarkClassify in report/spend.
func BenchmarkWrite(b *testing.B) {
	t := terms.Default()
	start := time.Date(2003, 10, 1, 0, 0, 0, 0, time.UTC)
	suppliers := []string{"Arrow", "Avnet", "Digi-Key", "Mouser"}
	makers := []string{"Texas Instruments", "Panasonic", "Vishay", "Murata", "Analog Devices", "Microchip"}
	classes := []spend.Class{spend.Arrow, spend.Arrow, spend.Arrow, spend.CustomerDirected, spend.Released, spend.Exception}
	line := func(i int) (ledger.POLine, spend.Result) {
		l := ledger.POLine{
			Row: i + 2, PONumber: fmt.Sprintf("PO-2003-%07d", i/5), POLine: i%5 + 1,
			PODate: start.AddDate(0, 0, i%31), Supplier: suppliers[i%len(suppliers)], Manufacturer: makers[i%len(makers)],
			PartNumber: fmt.Sprintf("PN-%05d", i%4000), Description: fmt.Sprintf("IC PART %d 8-SOIC", i%4000),
			Quantity: decimal.NewFromInt(int64(10 + i%500)), UnitCost: decimal.New(int64(1000+i%90000), -4),
			ConfirmedDelivery: start.AddDate(0, 1, i%28),
		}
		c := classes[i%len(classes)]
		r := spend.Result{Class: c, Franchised: true, Reason: "bought from Arrow (§1.2)", Amount: spend.ExtendedCost(l.Quantity, l.UnitCost)}
		if c != spend.Arrow {
			r.Reason = fmt.Sprintf("breakdown sent for line %d", i)
		}
		return l, r
	}
	for _, n := range []int{20000, 100000, 1048575} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			if n > 100000 && testing.Short() {
				b.Skip("-short")
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				w, err := fill.Open(templates.Monthly)
				if err != nil {
					b.Fatal(err)
				}
				rp, err := Begin(w, "")
				if err != nil {
					b.Fatal(err)
				}
				m := spend.NewMonth(t.Supplier, start, start.AddDate(0, 1, 2))
				m.OnDetail = func(l *spend.Line) {
					if err := rp.Line(l); err != nil {
						b.Fatal(err)
					}
				}
				for j := 0; j < n; j++ {
					l, r := line(j)
					m.Add(&l, r)
				}
				m.Finish()
				if err := rp.Finish(m, layout.Meta{Terms: t, AsOf: start.AddDate(0, 1, 2)}); err != nil {
					b.Fatal(err)
				}
				if err := w.Write(io.Discard, fill.Options{Time: start}); err != nil {
					b.Fatal(err)
				}
				w.Close()
			}
		})
	}
}
