package gen

import (
	"bytes"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/report/terms"
	"github.com/xuri/excelize/v2"
)

func ledger2003(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Ledger2003(&b, DefaultSeed); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// book is a ledger workbook read back with excelize, raw cell values.
type book struct {
	t    *testing.T
	rows map[string][][]string
}

func openBook(t *testing.T, data []byte) *book {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{SheetPurchases, SheetFranchise, SheetResponses, SheetInvoices}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	b := &book{t: t, rows: map[string][][]string{}}
	headers := map[string][]string{SheetPurchases: PurchasesHeader, SheetFranchise: FranchiseHeader,
		SheetResponses: ResponsesHeader, SheetInvoices: InvoicesHeader}
	for _, s := range want {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || !slices.Equal(rows[0], headers[s]) {
			t.Fatalf("%s header %q, want %q", s, rows[0], headers[s])
		}
		for i, r := range rows {
			for len(r) < len(headers[s]) {
				r = append(r, "")
			}
			rows[i] = r
		}
		b.rows[s] = rows[1:]
	}
	if props, err := f.GetDocProps(); err != nil || props.Created != docTimestamp || props.Creator != docCreator {
		t.Errorf("doc props %+v, %v", props, err)
	}
	return b
}

func (b *book) num(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		b.t.Fatalf("not a number: %q", s)
	}
	return v
}

func (b *book) cents(s string) int64 {
	v := b.num(s) * 100
	if v < 0 {
		return -int64(-v + 0.5)
	}
	return int64(v + 0.5)
}

// when reads a date or date-time serial, to the minute; "" is the zero time.
func (b *book) when(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	tm, err := excelize.ExcelDateToTime(b.num(s), false)
	if err != nil {
		b.t.Fatal(err)
	}
	return tm.Round(time.Minute)
}

type line struct {
	po       string
	line     int
	date     time.Time
	at       time.Time // the PO's commitment instant, zero when not recorded
	inDate   bool      // recorded in the PO Date cell (else the PO Time column)
	supplier string
	mfr      string
	cd, cle  bool
	qty      int64
	unit     float64
	ext      int64
}

func (b *book) purchases() []line {
	var ls []line
	for _, r := range b.rows[SheetPurchases] {
		if r[10] != "Y" && r[10] != "N" || r[11] != "Y" && r[11] != "N" {
			b.t.Fatalf("flags %q %q", r[10], r[11])
		}
		l := line{po: r[0], line: int(b.num(r[1])), date: b.when(r[2]), supplier: r[3], mfr: r[4],
			cd: r[10] == "Y", cle: r[11] == "Y", qty: int64(b.num(r[7])), unit: b.num(r[8]), ext: b.cents(r[12])}
		if day := time.Date(l.date.Year(), l.date.Month(), l.date.Day(), 0, 0, 0, 0, time.UTC); !day.Equal(l.date) {
			l.at, l.inDate, l.date = l.date, true, day
		}
		if r[13] != "" {
			if l.inDate {
				b.t.Fatalf("%s/%d: a time in both the PO Date and the PO Time", l.po, l.line)
			}
			l.at = l.date.Add(time.Duration(b.num(r[13])*86400+0.5) * time.Second).Round(time.Minute)
		}
		if deliv := b.when(r[9]); !deliv.After(l.date) {
			b.t.Errorf("%s/%d delivery %v not after PO date %v", l.po, l.line, deliv, l.date)
		}
		ls = append(ls, l)
	}
	return ls
}

type authz struct{ from, until time.Time }

// lineCard maps each line-card name, folded (terms.FoldName), to its dates.
func (b *book) lineCard() map[string]authz {
	m := map[string]authz{}
	for _, r := range b.rows[SheetFranchise] {
		m[terms.FoldName(r[0])] = authz{b.when(r[1]), b.when(r[2])}
	}
	return m
}

func (a authz) covers(d time.Time) bool {
	return !d.Before(a.from) && (a.until.IsZero() || !d.After(a.until))
}

type inv struct {
	date, due, paid            time.Time
	amount, returns, discounts int64
}

func (b *book) invoices() []inv {
	var vs []inv
	for _, r := range b.rows[SheetInvoices] {
		vs = append(vs, inv{date: b.when(r[1]), amount: b.cents(r[2]), returns: b.cents(r[3]),
			discounts: b.cents(r[4]), due: b.when(r[5]), paid: b.when(r[6])})
	}
	return vs
}

type resp struct {
	line     int // 0: whole PO
	sent, at time.Time
	answer   string
}

// classify applies the §1.2 / §1.5 classification the reports use, written
// again from the words: a return (negative quantity) is its own class;
// a line bought elsewhere is released only when Arrow's release (an Approve,
// or 24 hours without a Meet) came at or before the PO's commitment instant,
// or, with no PO time recorded, before the PO date began; the latest
// breakdown sent before the commitment decides. Exceptions are told apart by
// what happened: no_breakdown, arrow_meets, released_after_po (the release
// came after the commitment, or could not be shown to come first).
func (b *book) classify(ls []line) []string {
	card := b.lineCard()
	invs := b.invoices()
	bds := map[string][]resp{}
	for _, r := range b.rows[SheetResponses] {
		x := resp{sent: b.when(r[2]), at: b.when(r[4]), answer: r[3]}
		if r[1] != "" {
			x.line = int(b.num(r[1]))
		}
		bds[r[0]] = append(bds[r[0]], x)
	}
	sup := terms.Default().Supplier
	hours := time.Duration(sup.BreakdownResponseHours) * time.Hour
	out := make([]string, len(ls))
	for i, l := range ls {
		a, ok := card[terms.FoldName(l.mfr)]
		switch {
		case !ok || !a.covers(l.date):
			out[i] = "out_of_scope"
		case l.qty < 0:
			out[i] = "return"
		case sup.IsDistributor(l.supplier):
			out[i] = "arrow"
		case l.cd:
			out[i] = "customer_directed"
		case l.cle:
			out[i] = "credit_limit"
			for _, v := range invs {
				due := sup.PaymentDue(v.due)
				if v.amount-v.returns-v.discounts > 0 && l.date.After(due) && (v.paid.IsZero() || v.paid.After(l.date)) {
					out[i] = "credit_limit_in_default"
				}
			}
		default:
			cutoff := l.date.AddDate(0, 0, 1)
			if !l.at.IsZero() {
				cutoff = l.at
			}
			var latest *resp
			for j, x := range bds[l.po] {
				if (x.line == 0 || x.line == l.line) && x.sent.Before(cutoff) &&
					(latest == nil || x.sent.After(latest.sent)) {
					latest = &bds[l.po][j]
				}
			}
			if latest == nil {
				out[i] = "no_breakdown"
				break
			}
			inTime := latest.answer != "" && !latest.at.After(latest.sent.Add(hours))
			release := latest.sent.Add(hours)
			switch {
			case inTime && latest.answer == "Meet":
				out[i] = "arrow_meets"
				continue
			case inTime:
				release = latest.at
			}
			commit := l.at
			if commit.IsZero() {
				commit = l.date // only a release before the PO date began shows
			}
			if release.After(commit) {
				out[i] = "released_after_po"
			} else {
				out[i] = "released_by_arrow"
			}
		}
	}
	return out
}

func TestCommittedLedgerIsCurrent(t *testing.T) {
	got := ledger2003(t)
	committed, err := os.ReadFile("../ledger-2003.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, committed) {
		t.Fatal("samples/ledger-2003.xlsx differs from Ledger2003(DefaultSeed): run go run ./cmd/mksamples")
	}
}

func TestDeterministic(t *testing.T) {
	if !bytes.Equal(ledger2003(t), ledger2003(t)) {
		t.Error("Ledger2003 gives different bytes for the same seed")
	}
	var a, b, c bytes.Buffer
	month := time.Date(2003, 10, 1, 0, 0, 0, 0, time.UTC)
	for _, w := range []*bytes.Buffer{&a, &b} {
		if err := Large(w, 3000, month, 7); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("Large gives different bytes for the same seed")
	}
	if err := Large(&c, 3000, month, 8); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("Large gives the same bytes for different seeds")
	}
}

func TestLedger2003(t *testing.T) {
	b := openBook(t, ledger2003(t))
	ls := b.purchases()
	cls := b.classify(ls)
	sup := terms.Default().Supplier

	perMonth := map[time.Month]map[string]int{}
	lines := map[time.Month]int{}
	total := map[string]int{}
	spellings := map[string]bool{}
	suppliers := map[string]bool{}
	mfrs := map[string]bool{}
	var arrowSpend, franchisedSpend int64
	monthArrow := map[time.Month]int64{}
	off := 0
	poLines := map[string]int{}
	for i, l := range ls {
		if l.date.Year() != 2003 {
			t.Fatalf("%s dated %v", l.po, l.date)
		}
		if !strings.HasPrefix(l.po, "PO-2003-") || len(l.po) != 13 {
			t.Errorf("PO number %q", l.po)
		}
		poLines[l.po]++
		if l.line != poLines[l.po] {
			t.Errorf("%s line %d, want %d", l.po, l.line, poLines[l.po])
		}
		if l.qty == 0 || l.qty < -20000 || l.qty > 20000 || l.unit < 0.01 || l.unit > 250 {
			t.Errorf("%s/%d quantity %d unit cost %v", l.po, l.line, l.qty, l.unit)
		}
		if want := extendedCents(int(l.qty), int64(l.unit*10000+0.5)); l.ext != want {
			if d := l.ext - want; d >= -1 && d <= 1 {
				t.Errorf("%s/%d extended off by a cent only", l.po, l.line)
			}
			off++
		}
		m := l.date.Month()
		if perMonth[m] == nil {
			perMonth[m] = map[string]int{}
		}
		perMonth[m][cls[i]]++
		lines[m]++
		total[cls[i]]++
		if sup.IsDistributor(l.supplier) {
			spellings[l.supplier] = true
		} else {
			suppliers[l.supplier] = true
		}
		if cls[i] != "out_of_scope" {
			mfrs[terms.FoldName(l.mfr)] = true
			franchisedSpend += l.ext
			if cls[i] == "arrow" {
				arrowSpend += l.ext
				monthArrow[l.date.Month()] += l.ext
			}
		}
	}
	if off < 2 || off > 3 {
		t.Errorf("%d lines with a wrong Extended Cost, want 2 or 3", off)
	}
	for p, n := range poLines {
		if n > 8 {
			t.Errorf("%s has %d lines", p, n)
		}
	}
	if len(spellings) < 3 || len(suppliers) < 8 {
		t.Errorf("distributor spellings %v, other suppliers %v", spellings, suppliers)
	}
	if len(mfrs) < 40 || len(b.rows[SheetFranchise]) < 40 {
		t.Errorf("%d franchised manufacturers bought, %d on the line card", len(mfrs), len(b.rows[SheetFranchise]))
	}
	share := float64(arrowSpend) / float64(franchisedSpend)
	t.Logf("Arrow's share of franchised spend: %.1f%%", 100*share)
	if share < 0.72 || share > 0.88 {
		t.Errorf("Arrow share of franchised spend %.2f", share)
	}
	every := []string{"out_of_scope", "arrow", "customer_directed", "credit_limit", "no_breakdown", "released_by_arrow", "arrow_meets", "released_after_po", "return"}
	for m := time.January; m <= time.December; m++ {
		t.Logf("%s: %4d lines %v", m.String()[:3], lines[m], perMonth[m])
		if lines[m] < 1000 || lines[m] > 1250 {
			t.Errorf("%s: %d lines", m, lines[m])
		}
		for _, c := range every {
			if perMonth[m][c] == 0 {
				t.Errorf("%s: no %s line", m, c)
			}
		}
	}
	if n := total["credit_limit_in_default"]; n < 2 {
		t.Errorf("%d credit-limit lines while an invoice is overdue", n)
	}

	// PO times on part of the lines, in both places; names written otherwise
	var timed, inDate, returnsToArrow int
	longName, noComma, legalForm, nearMiss := 0, 0, 0, 0
	for i, l := range ls {
		if !l.at.IsZero() {
			timed++
			if l.inDate {
				inDate++
			}
		}
		if cls[i] == "return" && sup.IsDistributor(l.supplier) {
			returnsToArrow++
		}
		switch l.supplier {
		case "Arrow CMS Distribution Group of Arrow Electronics, Inc.":
			longName++
		case "Arrow Electronics Inc.":
			noComma++
		}
		switch l.mfr {
		case "Analog Devices, Inc.":
			legalForm++
		case "Xilnx":
			nearMiss++
			if cls[i] != "out_of_scope" {
				t.Errorf("%s/%d: Xilnx classed %s", l.po, l.line, cls[i])
			}
		}
	}
	t.Logf("%d of %d lines with a PO time (%d in the PO Date cell); %d returns (%d to Arrow); Arrow's long name on %d lines, without the comma on %d; Analog Devices, Inc. on %d, Xilnx on %d",
		timed, len(ls), inDate, total["return"], returnsToArrow, longName, noComma, legalForm, nearMiss)
	if share := float64(timed) / float64(len(ls)); share < 0.3 || share > 0.8 || inDate < 100 || timed-inDate < 100 {
		t.Errorf("%d of %d lines with a PO time, %d of them in the PO Date cell", timed, len(ls), inDate)
	}
	if returnsToArrow < 12 || total["return"]-returnsToArrow < 12 || longName < 100 || noComma < 100 || legalForm < 20 || nearMiss < 1 {
		t.Error("the sample lacks a planted case of the names or the returns")
	}

	// Edge cases of the breakdown log.
	var exact24, at2401, whole, twice, after, sameDay int
	seen := map[string]bool{}
	poDate := map[string]time.Time{}
	for _, l := range ls {
		poDate[l.po] = l.date
	}
	for _, r := range b.rows[SheetResponses] {
		sent, at := b.when(r[2]), b.when(r[4])
		if d := at.Sub(sent); !at.IsZero() && d == 24*time.Hour {
			exact24++
		} else if d == 24*time.Hour+time.Minute {
			at2401++
		}
		if r[1] == "" && poLines[r[0]] > 1 {
			whole++
		}
		k := r[0] + "/" + r[1]
		if seen[k] {
			twice++
		}
		seen[k] = true
		if sent.After(poDate[r[0]].AddDate(0, 0, 1)) {
			after++
		}
		if d := poDate[r[0]]; !sent.Before(d) && sent.Before(d.AddDate(0, 0, 1)) {
			sameDay++
		}
		if _, ok := poDate[r[0]]; !ok {
			t.Errorf("breakdown for unknown PO %s", r[0])
		}
	}
	t.Logf("breakdowns: %d rows, %d at 24:00, %d at 24:01, %d whole-PO on multi-line POs, %d repeated, %d sent after the PO, %d sent the day of the PO",
		len(b.rows[SheetResponses]), exact24, at2401, whole, twice, after, sameDay)
	for name, n := range map[string]int{"24:00": exact24, "24:01": at2401, "whole PO": whole, "repeated": twice, "after": after, "same day": sameDay} {
		if n < 4 {
			t.Errorf("only %d %s breakdown rows", n, name)
		}
	}

	// Line card boundaries: lines of a manufacturer on both sides of each.
	card := b.lineCard()
	for name, a := range card {
		for _, edge := range []time.Time{a.from, a.until} {
			if edge.Year() != 2003 {
				continue
			}
			var on, outside bool
			for _, l := range ls {
				if terms.FoldName(l.mfr) == name {
					on = on || l.date.Equal(edge)
					outside = outside || !a.covers(l.date)
				}
			}
			if !on || !outside {
				t.Errorf("%s: boundary %v: PO on the day %v, outside %v", name, edge.Format("2006-01-02"), on, outside)
			}
		}
	}

	// §1.3: Net Sales Billed per contract quarter.
	invs := b.invoices()
	start := sup.AgreementDate
	var carried []int64 // excess by quarter, as carried
	for q := range netBilledTarget {
		end := sup.Quarters[q].End
		var net int64
		for _, v := range invs {
			if v.date.After(start) && !v.date.After(end) && !v.paid.IsZero() && !v.paid.After(sup.PaymentDue(v.due)) {
				net += v.amount - v.returns - v.discounts
			}
		}
		if net != netBilledTarget[q] {
			t.Errorf("quarter %d net billed %d, want %d", q+1, net, netBilledTarget[q])
		}
		min := sup.Quarters[q].Minimum.Shift(2).IntPart()
		short := min - net
		for i := range carried {
			if short <= 0 {
				break
			}
			if q-i > sup.CarryForwardQuarters {
				continue
			}
			use := minInt(short, carried[i])
			carried[i] -= use
			short -= use
		}
		t.Logf("Q%d ending %s: net billed %d.%02d, minimum %d, after carried excess short %d", q+1, end.Format("2006-01-02"), net/100, net%100, min/100, max(short, 0)/100)
		carried = append(carried, max(net-min, 0))
		switch q {
		case 0, 2:
			if net <= min {
				t.Errorf("quarter %d should exceed its minimum", q+1)
			}
		case 1:
			if net >= min || short > 0 {
				t.Errorf("quarter 2 should be short and made up by Q1's excess")
			}
		case 3:
			if net >= min || short <= 0 {
				t.Errorf("quarter 4 should be short even after carried excess")
			}
		}
		start = end
	}
	billed := map[time.Month]int64{}
	for _, v := range invs {
		if v.date.Year() == 2003 {
			billed[v.date.Month()] += v.amount
		}
	}
	for m := time.January; m <= time.December; m++ {
		t.Logf("%s: bought from Arrow %d, invoiced %d", m.String()[:3], monthArrow[m]/100, billed[m]/100)
		if r := float64(billed[m]) / float64(monthArrow[m]); r < 0.85 || r > 1.15 {
			t.Errorf("%s: invoices do not match purchases from Arrow", m)
		}
	}
	var late, credit, unpaid, withReturns, withDiscounts int
	for _, v := range invs {
		switch {
		case v.paid.IsZero():
			unpaid++
			if !v.due.After(time.Date(2004, 1, 10, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("unpaid invoice due %v", v.due)
			}
		case v.paid.Equal(v.due.AddDate(0, 0, 1)):
			late++
		}
		if v.amount < 0 {
			credit++
		} else if v.amount < 480000 || v.amount > 6500000 {
			t.Errorf("invoice of %d cents", v.amount)
		}
		if v.returns > 0 {
			withReturns++
		}
		if v.discounts > 0 {
			withDiscounts++
		}
		if d := v.due.Sub(v.date); v.amount > 0 && d != 30*24*time.Hour && d != 45*24*time.Hour && !v.date.Equal(time.Date(2003, 12, 29, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("invoice %v due %v", v.date, v.due)
		}
	}
	t.Logf("invoices: %d, %d paid a day late, %d credit memo, %d unpaid, %d with returns, %d with discounts", len(invs), late, credit, unpaid, withReturns, withDiscounts)
	if late < 2 || credit != 1 || unpaid != 1 || withReturns < 5 || withDiscounts < 5 {
		t.Error("invoices lack a planted case")
	}
}

func minInt(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}

func TestLarge(t *testing.T) {
	var buf bytes.Buffer
	month := time.Date(2003, 10, 1, 0, 0, 0, 0, time.UTC)
	if err := Large(&buf, 2000, month, 1); err != nil {
		t.Fatal(err)
	}
	b := openBook(t, buf.Bytes())
	ls := b.purchases()
	if len(ls) != 2000 {
		t.Fatalf("%d lines, want 2000", len(ls))
	}
	card := b.lineCard()
	for _, l := range ls {
		if l.date.Year() != 2003 || l.date.Month() != time.October {
			t.Fatalf("%s/%d dated %v", l.po, l.line, l.date)
		}
		if a, ok := card[terms.FoldName(l.mfr)]; !ok || !a.covers(l.date) {
			t.Fatalf("%s/%d: %s not franchised on %v", l.po, l.line, l.mfr, l.date)
		}
	}
	count := map[string]int{}
	for _, c := range b.classify(ls) {
		count[c]++
	}
	t.Logf("large: %v, %d breakdown rows, %d invoices", count, len(b.rows[SheetResponses]), len(b.rows[SheetInvoices]))
	if count["arrow"] < 1500 || count["out_of_scope"] != 0 {
		t.Errorf("classes %v", count)
	}
	if err := Large(&buf, 0, month, 1); err == nil {
		t.Error("Large with 0 lines: no error")
	}
}

func BenchmarkLarge(b *testing.B) {
	month := time.Date(2003, 10, 1, 0, 0, 0, 0, time.UTC)
	const lines = 100000
	b.ReportAllocs()
	for b.Loop() {
		if err := Large(io.Discard, lines, month, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*lines), "ns/line")
}
