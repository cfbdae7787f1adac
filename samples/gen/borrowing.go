package gen

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/calendar"
)

// SheetBorrowing is the treasury team's daily sheet of the loan workbook.
const SheetBorrowing = "Borrowing"

// BorrowingHeader is the header row of the Borrowing sheet (row 4, under a title).
var BorrowingHeader = []string{"Date", "Receivables Borrowing Base", "Advances", "Banker's Acceptances",
	"Letters of Guaranty", "Letters of Credit", "Term Loan Reserve", "Term Loan Balance", "Prime Rate", "Notes"}

// BorrowingHeaderRow is the worksheet row of BorrowingHeader.
const BorrowingHeaderRow = 4

// borrowDay is one row of the Borrowing sheet; amounts in cents, the Prime Rate
// in hundredths of a percent.
type borrowDay struct {
	date                       time.Time
	base, advances, ba, lg, lc int64
	reserve, termLoan          int64
	prime                      int64
	note                       string
}

// borrowOveradvance is October's planned overadvance by day, in cents, under the
// Amendment B.1 caps: $300,000 to Oct 13, $400,000 Oct 14-20, $300,000 Oct 21-27,
// none from Oct 28. Friday Oct 11 holds through Columbus Day (Oct 14), Fridays
// Oct 18 and 25 through the weekend. Tuesday Oct 15 is the sample's one breach:
// a payroll draw takes the overadvance $12,345.67 above the $400,000 cap.
var borrowOveradvance = map[int]int64{
	1: 24118233, 2: 25540917, 3: 26233050, 4: 27012874, 7: 28107719, 8: 28844102, 9: 27655391,
	10: 29048226, 11: 29617540, 15: 41234567, 16: 38602214, 17: 37158830, 18: 35203391,
	21: 29110467, 22: 26208315, 23: 21427788, 24: 16830052, 25: 11854096,
}

// borrowNotes are the treasury team's remarks on some days.
var borrowNotes = map[string]string{
	"2002-10-01": "Amendment No. 10 effective; overadvance cap $300,000",
	"2002-10-11": "Bank closed Mon 10/14 (Columbus Day)",
	"2002-10-15": "Payroll draw; overadvance over the $400,000 cap, Agent notified",
	"2002-10-16": "Collections applied; back inside the cap",
	"2002-10-25": "Overadvance to be repaid by Mon 10/28",
	"2002-10-28": "No overadvance permitted from today",
	"2002-11-01": "Term loan installment $83,333.33; Term Loan Reserve $350,000",
	"2002-11-07": "Prime Rate 4.25% (FOMC cut 11/6)",
	"2002-11-15": "LC 2002-07 expired ($22,500.00)",
	"2002-12-02": "Term loan installment $83,333.33; BA $25,000 drawn",
	"2002-12-20": "BA matured",
	"2002-12-31": "End of the Initial Term (Amendment B.3)",
}

// borrowHash gives a fixed pseudo-random number in [0, n) for day i and salt.
func borrowHash(i, salt, n int64) int64 {
	x := uint64(i*2654435761+salt*40503) ^ 0x9E3779B97F4A7C15
	x ^= x >> 29
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 32
	return int64(x % uint64(n))
}

// borrowTrend interpolates the receivables borrowing base (cents) through a few
// anchor dates: flat in October, growing through November and the first half of
// December (holiday shipments), easing towards year end.
func borrowTrend(d time.Time) int64 {
	anchors := []struct {
		at    time.Time
		cents int64
	}{
		{time.Date(2002, 10, 1, 0, 0, 0, 0, time.UTC), 147000000},
		{time.Date(2002, 10, 31, 0, 0, 0, 0, time.UTC), 152000000},
		{time.Date(2002, 11, 29, 0, 0, 0, 0, time.UTC), 176000000},
		{time.Date(2002, 12, 16, 0, 0, 0, 0, time.UTC), 214000000},
		{time.Date(2002, 12, 31, 0, 0, 0, 0, time.UTC), 196000000},
	}
	for k := 1; k < len(anchors); k++ {
		a, b := anchors[k-1], anchors[k]
		if !d.After(b.at) {
			span := int64(b.at.Sub(a.at).Hours() / 24)
			off := int64(d.Sub(a.at).Hours() / 24)
			return a.cents + (b.cents-a.cents)*off/span
		}
	}
	return anchors[len(anchors)-1].cents
}

// borrowDays builds the business days (weekdays that are not federal holidays)
// from October 1 to December 31, 2002.
func borrowDays() []borrowDay {
	var days []borrowDay
	first := time.Date(2002, 10, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2002, 12, 31, 0, 0, 0, 0, time.UTC)
	term := int64(291666667)
	for d, i := first, int64(0); !d.After(last); d = calendar.AddDays(d, 1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if _, hol := calendar.FederalHoliday(d); hol {
			continue
		}
		i++
		if d.Day() == 1 && d.Month() == time.November || d.Day() == 2 && d.Month() == time.December {
			term -= 8333333
		}
		bd := borrowDay{date: d, lg: 1800000, termLoan: term, prime: 475, note: borrowNotes[d.Format("2006-01-02")]}
		bd.base = borrowTrend(d) + borrowHash(i, 1, 3600000) - 1800000 + borrowHash(i, 2, 100)
		iec := decimal.New(bd.base, -2).Mul(decimal.RequireFromString("0.85")).Round(2).Shift(2).IntPart()
		bd.lc = 6250000
		if !d.Before(time.Date(2002, 11, 15, 0, 0, 0, 0, time.UTC)) {
			bd.lc = 4000000
		}
		if !d.Before(time.Date(2002, 12, 2, 0, 0, 0, 0, time.UTC)) && d.Before(time.Date(2002, 12, 20, 0, 0, 0, 0, time.UTC)) {
			bd.ba = 2500000
		}
		if over, ok := borrowOveradvance[d.Day()]; ok && d.Month() == time.October {
			bd.advances = iec + over
		} else {
			// inside the Borrowing Capacity, with $15,000 to $105,000 available
			capacity := min(175000000, iec) - bd.ba - bd.lg - bd.lc
			bd.advances = capacity - 1500000 - borrowHash(i, 3, 9000000)
		}
		bd.reserve = 45000000
		if d.Month() != time.October {
			bd.reserve = 35000000
		}
		if !d.Before(time.Date(2002, 11, 7, 0, 0, 0, 0, time.UTC)) {
			bd.prime = 425
		}
		days = append(days, bd)
	}
	return days
}

// borrowingSheet adds the Borrowing sheet (Amendment B.1, B.2): one row a
// business day from October 1 to December 31, 2002, under a title, with a
// Notes column the reports leave alone. Amounts are written as exact decimal
// text, never through a float.
func borrowingSheet(f *excelize.File) error {
	if _, err := f.NewSheet(SheetBorrowing); err != nil {
		return err
	}
	s := SheetBorrowing
	var err error
	style := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	fmtp := func(s string) *string { return &s }
	title := style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}})
	bold := style(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}})
	date := style(&excelize.Style{CustomNumFmt: fmtp("m/d/yyyy")})
	money := style(&excelize.Style{CustomNumFmt: fmtp("#,##0.00")})
	rate := style(&excelize.Style{CustomNumFmt: fmtp("0.00")})
	if err != nil {
		return err
	}
	set := func(cell string, v any, st int) {
		if err != nil {
			return
		}
		if v != nil {
			err = f.SetCellValue(s, cell, v)
		}
		if err == nil {
			err = f.SetCellStyle(s, cell, cell, st)
		}
	}
	num := func(cell string, cents int64, places int32, st int) {
		if err != nil {
			return
		}
		err = f.SetCellDefault(s, cell, decimal.New(cents, -places).StringFixed(places))
		if err == nil {
			err = f.SetCellStyle(s, cell, cell, st)
		}
	}
	set("A1", "IEC Electronics Corp.: daily borrowing base and loan balances", title)
	set("A2", "HSBC Bank USA, as Agent; Loan and Security Agreement as amended by Amendment No. 10 dated as of October 1, 2002. Amounts in US dollars; Prime Rate in percent.", 0)
	for i, h := range BorrowingHeader {
		cell, _ := excelize.CoordinatesToCellName(i+1, BorrowingHeaderRow)
		set(cell, h, bold)
	}
	for i, d := range borrowDays() {
		r := BorrowingHeaderRow + 1 + i
		c := func(col string) string { return fmt.Sprintf("%s%d", col, r) }
		set(c("A"), d.date, date)
		num(c("B"), d.base, 2, money)
		num(c("C"), d.advances, 2, money)
		if d.ba != 0 {
			num(c("D"), d.ba, 2, money)
		} else {
			set(c("D"), nil, money)
		}
		num(c("E"), d.lg, 2, money)
		num(c("F"), d.lc, 2, money)
		num(c("G"), d.reserve, 2, money)
		num(c("H"), d.termLoan, 2, money)
		num(c("I"), d.prime, 2, rate)
		if d.note != "" {
			set(c("J"), d.note, 0)
		}
	}
	if err != nil {
		return err
	}
	for i, w := range []float64{11, 15, 15, 13, 13, 13, 14, 15, 8, 48} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(s, col, col, w); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(s, BorrowingHeaderRow, 30); err != nil {
		return err
	}
	return f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: BorrowingHeaderRow, TopLeftCell: fmt.Sprintf("A%d", BorrowingHeaderRow+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A5", ActiveCell: "A5", Pane: "bottomLeft"}}})
}
