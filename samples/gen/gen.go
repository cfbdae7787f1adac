// Package gen generates deterministic sample ledger workbooks for covenant: the
// purchases of a contract manufacturer (IEC Electronics Corp.) together with
// Arrow CMS's line card, the §1.2 breakdown log and Arrow's invoices, in the
// workbook format covenant reads.
//
// Ledger2003 writes the realistic sample year (samples/ledger-2003.xlsx): about
// 1,000 to 1,200 PO lines a month, and data that makes every outcome of the §1.2
// classification occur (out of scope, bought from Arrow, customer directed,
// credit limit, released by Arrow, exception, return) together with their edge
// cases (the 24 hours, a PO committed before or after Arrow's release, PO
// times recorded on part of the lines, a breakdown sent the day of the PO,
// names written otherwise, a near miss),
// and invoices that tell a §1.3 Minimum Sales story across the four 2003
// contract quarters. Large writes a stress ledger of any number of lines in one
// month, streamed in bounded memory, for benchmarks.
//
// The same seed always gives the same bytes: nothing depends on the clock, the
// document properties are fixed, and only one sheet is streamed.
package gen

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/covenant-reports/covenant/report/terms"
)

// DefaultSeed is the seed of the committed samples/ledger-2003.xlsx.
const DefaultSeed int64 = 20031226

// Ledger2003 writes the sample ledger for calendar 2003 generated from seed.
func Ledger2003(w io.Writer, seed int64) error {
	y, err := build2003(seed)
	if err != nil {
		return err
	}
	return writeLedger(w, &y.ledger, func(emit func(*purchaseRow) error) error {
		var row purchaseRow
		for _, po := range y.pos {
			for _, ln := range po.lines {
				row = purchaseRow{
					po: po.number, line: ln.line, date: po.date, supplier: po.supplier,
					mfr: ln.mfr, mfrAs: ln.mfrAs, part: ln.part,
					qty: ln.qty, unit: ln.unit, deliv: ln.deliv, cd: ln.cd, cle: ln.cle,
					ext: extendedCents(ln.qty, ln.unit) + ln.extAdj,
					at:  po.at, hasTime: po.hasTime, inDate: po.inDate,
				}
				if err := emit(&row); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Large writes a stress ledger of lines PO lines, all dated in the month of
// month and all of manufacturers Arrow is franchised for throughout that month,
// with the same sheets and columns as Ledger2003. Purchases is streamed; the
// other sheets stay small (at most a few hundred breakdown rows, a few dozen
// invoices). lines must be between 1 and 1,048,575 (Excel's row limit).
func Large(w io.Writer, lines int, month time.Time, seed int64) error {
	if lines < 1 || lines > 1048575 {
		return fmt.Errorf("gen: %d lines: must be 1 to 1,048,575", lines)
	}
	y, m := month.Year(), month.Month()
	days := businessDays(y, m)
	if len(days) == 0 {
		return fmt.Errorf("gen: %s has no working days", month.Format("2006-01"))
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x1a46e))
	ms := manufacturers()
	buildCatalog(ms, r)
	first, last := day(y, m, 1), day(y, m+1, 0)
	var franchised []*manufacturer
	l := &ledger{title: fmt.Sprintf("Sample ledger %s, %d lines (stress)", month.Format("2006-01"), lines), stress: true}
	for _, mf := range ms {
		if mf.onCard {
			l.franchise = append(l.franchise, mf)
			if mf.authorized(first) && mf.authorized(last) {
				franchised = append(franchised, mf)
			}
		}
	}
	spell, spellW := distributorSpellings(terms.Default().Supplier.DistributorNames)
	width := max(5, len(fmt.Sprint(lines)))
	const maxResponses = 400
	l.invoices = largeInvoices(r, y, m)

	return writeLedger(w, l, func(emit func(*purchaseRow) error) error {
		var row purchaseRow
		kindW := []int{800, 70, 40, 70, 20} // arrow, customer directed, credit limit, breakdown, none
		for n, poSeq := 0, 1; n < lines; poSeq++ {
			date := days[n*len(days)/lines]
			kind := weighted(r, kindW)
			size := min(1+weighted(r, poSizeWeights), lines-n)
			row.po = fmt.Sprintf("PO-%04d-%0*d", y, width, poSeq)
			row.date = date
			if kind == 0 {
				row.supplier = spell[weighted(r, spellW)]
			} else {
				row.supplier = otherSuppliers[r.IntN(len(otherSuppliers))]
			}
			row.cd, row.cle = kind == 1, kind == 2
			if kind == 3 && len(l.responses) < maxResponses {
				sc := randomScenario(r)
				if size > 1 && r.IntN(4) == 0 {
					l.responses = appendBreakdowns(l.responses, r, row.po, 0, date, sc)
				} else {
					for i := 1; i <= size; i++ {
						l.responses = appendBreakdowns(l.responses, r, row.po, i, date, randomScenario(r))
					}
				}
			}
			for i := 1; i <= size; i++ {
				mf := franchised[r.IntN(len(franchised))]
				p := &mf.parts[r.IntN(len(mf.parts))]
				row.line = i
				row.mfr, row.part = mf, p
				row.unit = lineCost(r, p.cost)
				row.qty = niceQuantity(lineTarget(r) / (float64(row.unit) / 10000))
				row.deliv = addBusinessDays(date, 5+r.IntN(55))
				row.ext = extendedCents(row.qty, row.unit)
				if err := emit(&row); err != nil {
					return err
				}
			}
			n += size
		}
		sortBreakdowns(l.responses)
		return nil
	})
}

// poSizeWeights are the weights of 1..8 lines per PO.
var poSizeWeights = []int{22, 20, 17, 13, 10, 8, 6, 4}

// lineTarget draws the intended extended cost of a line in dollars (log-normal,
// median $350).
func lineTarget(r *rand.Rand) float64 { return math.Exp(math.Log(350) + 1.1*r.NormFloat64()) }

// lineCost is a part's list cost give or take 3%, in 1/10000 dollar, $0.01 to $250.
func lineCost(r *rand.Rand, list int64) int64 {
	c := int64(math.Round(float64(list) * (0.97 + 0.06*r.Float64())))
	return min(max(c, 100), 2500000)
}

// largeInvoices are a few dozen invoices around the stress month: the previous
// month's (paid on time) and the month's own (paid on time or not yet due).
func largeInvoices(r *rand.Rand, y int, m time.Month) []invoice {
	var out []invoice
	num := 4100000 + r.IntN(1000)
	for _, d := range append(businessDays(day(y, m-1, 1).Year(), day(y, m-1, 1).Month()), businessDays(y, m)...) {
		if r.IntN(2) == 0 {
			continue
		}
		num += 1 + r.IntN(30)
		net := 30 + 15*r.IntN(2)
		v := invoice{number: fmt.Sprintf("A%07d", num), date: d, amount: int64(500000 + r.IntN(5500000)), due: d.AddDate(0, 0, net)}
		if d.Month() != m || r.IntN(3) > 0 {
			v.paid = addBusinessDays(v.due, -r.IntN(8))
		}
		out = append(out, v)
	}
	return out
}
