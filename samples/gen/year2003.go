package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/terms"
)

// Net Sales Billed the 2003 sample aims at for the four 2003 contract quarters
// (§1.3), in cents: invoices dated in the quarter and paid within terms, net of
// returns and discounts. Against the minimums $1.5M, $1.5M, $1.8M, $2.0M: Q1
// exceeds its minimum, Q2 falls short and uses Q1's carried excess, Q3 is met
// comfortably, and Q4 falls short by more than all the excess still carried
// (what is left of Q1's plus Q3's).
var netBilledTarget = [4]int64{165174218, 144890635, 190321560, 170248891}

// PO kinds.
const (
	kArrow  = iota // bought from the distributor
	kOut           // mostly manufacturers not on the line card
	kCD            // Customer Directed = Y
	kCLE           // Credit Limit Exception = Y
	kBD            // breakdown sent to Arrow
	kNone          // other supplier, no flag, no breakdown
	kReturn        // goods sent back: negative quantities (planted)
)

var kindWeights = []int{760, 85, 60, 35, 75, 15}

// Breakdown scenarios (the outcome of the §1.2 test in brackets).
const (
	scNoResp          = iota // no response [released]
	scApprove                // Approve within 24h [released]
	scMeet                   // Meet within 24h [exception]
	scLate                   // a response after more than 24h [released]
	scTwoRows                // two rows for the line, the later one decides
	scAfter                  // only sent after the PO date [exception]
	scMeet24                 // Meet exactly 24:00 after sending: within [exception]
	scMeet2401               // Meet 24:01 after sending: too late [released]
	scApprove24              // Approve exactly 24:00 after sending [released]
	scWholeLine              // a whole-PO Meet in time, then an Approve for line 1 [line 1 released, others exception]
	scSameDay                // sent the morning of the PO date, approved within two hours [released only with the PO's time after it]
	scApproveOnPODate        // sent the afternoon before, approved the morning of the PO date [the same]
)

var scenarioWeights = []int{25, 35, 12, 15, 5, 3}

func randomScenario(r *rand.Rand) int { return weighted(r, scenarioWeights) }

type purchaseOrder struct {
	number   string
	date     time.Time
	kind     int
	size     int
	supplier string
	arrow    bool
	mfr      *manufacturer // all lines of this manufacturer (planted cases)
	scen     []int         // breakdown scenario per line, or one for the whole PO
	whole    bool
	lines    []*poLine
	// at is the time of day the PO was committed, recorded when hasTime: in
	// the PO Time column, or in the PO Date cell when inDate; timeSet marks a
	// planted PO whose time is chosen, not drawn
	at                       time.Duration
	hasTime, inDate, timeSet bool
	toArrow                  bool   // a planted return goes back to Arrow
	mfrAs                    string // planted: every line's manufacturer written so
}

type poLine struct {
	line    int
	mfr     *manufacturer
	mfrAs   string // as written, when not mfr.name
	part    *part
	unit    int64
	qty     int
	target  float64
	deliv   time.Time
	cd, cle bool
	extAdj  int64
}

type year struct {
	ledger
	pos []*purchaseOrder
}

// build2003 generates the sample year.
func build2003(seed int64) (*year, error) {
	r := rand.New(rand.NewPCG(uint64(seed), 0x1ec2003))
	ms := manufacturers()
	buildCatalog(ms, r)
	var onCard, offCard, steady []*manufacturer
	byName := map[string]*manufacturer{}
	for _, m := range ms {
		byName[m.name] = m
		if m.onCard {
			onCard = append(onCard, m)
			if m.authorized(day(2003, 1, 1)) && m.authorized(day(2003, 12, 31)) {
				steady = append(steady, m)
			}
		} else {
			offCard = append(offCard, m)
		}
	}
	sup := terms.Default().Supplier
	spell, spellW := distributorSpellings(sup.DistributorNames)
	y := &year{ledger: ledger{title: "Sample purchases ledger 2003, IEC Electronics Corp.", franchise: onCard}}

	// The invoice due 2003-05-15 is paid 2003-06-10: credit-limit POs dated in
	// between are exceptions (two are planted, random ones may fall there too).
	overduePaid := day(2003, 6, 10)

	for month := time.January; month <= time.December; month++ {
		days := businessDays(2003, month)
		target := 1000 + r.IntN(201)
		at := func(i int) time.Time { return days[min(i, len(days)-1)] }
		bd := func(d time.Time, size int, whole bool, sc ...int) *purchaseOrder {
			return &purchaseOrder{date: d, kind: kBD, size: size, whole: whole, scen: sc}
		}
		// timed records the PO's time of day; untimed records none
		timed := func(po *purchaseOrder, h, m int) *purchaseOrder {
			po.at, po.hasTime, po.timeSet = time.Duration(h)*time.Hour+time.Duration(m)*time.Minute, true, true
			return po
		}
		untimed := func(po *purchaseOrder) *purchaseOrder { po.timeSet = true; return po }
		planted := []*purchaseOrder{
			bd(at(1), 1, false, scMeet24),
			bd(at(3), 1, false, scMeet2401),
			bd(at(5), 1, false, scApprove24),
			bd(at(7), 3+int(month)%3, true, []int{scApprove, scMeet, scNoResp}[int(month)%3]),
			bd(at(9), 2, false, scTwoRows, scTwoRows),
			bd(at(11), 1, false, scAfter),
			{date: at(13), kind: kNone, size: 1 + int(month)%3},
			{date: at(15), kind: kCD, size: 2},
			{date: at(17), kind: kCLE, size: 2},
			// §1.2 "prior to Purchase Order commitment": a breakdown sent the
			// morning of the PO and approved before noon, and one approved
			// the morning of the PO date, each with the PO's time recorded
			// after the approval and without a time
			timed(bd(at(2), 1, false, scSameDay), 15, 0),
			untimed(bd(at(2), 1, false, scSameDay)),
			timed(bd(at(4), 1, false, scApproveOnPODate), 11, 30),
			untimed(bd(at(4), 1, false, scApproveOnPODate)),
			// returns: to Arrow, and to other suppliers
			{date: at(6), kind: kReturn, size: 1, toArrow: true},
			{date: at(10), kind: kReturn, size: 2},
			{date: at(14), kind: kReturn, size: 1},
		}
		if month%4 == 2 {
			planted = append(planted, bd(at(19), 3, true, scWholeLine))
		}
		switch month {
		case time.May:
			planted = append(planted, &purchaseOrder{date: day(2003, 5, 20), kind: kCLE, size: 2})
		case time.June:
			planted = append(planted,
				&purchaseOrder{date: day(2003, 6, 3), kind: kCLE, size: 1},
				&purchaseOrder{date: day(2003, 6, 30), kind: kNone, size: 1, mfr: byName["Cypress Semiconductor"]},
				&purchaseOrder{date: day(2003, 6, 30), kind: kArrow, size: 1, mfr: byName["Cypress Semiconductor"]})
		case time.July:
			planted = append(planted,
				&purchaseOrder{date: cypressFrom, kind: kNone, size: 1, mfr: byName["Cypress Semiconductor"]},
				&purchaseOrder{date: cypressFrom, kind: kArrow, size: 2, mfr: byName["Cypress Semiconductor"]})
		case time.August:
			// a near miss: Xilinx misspelt, out of scope but warned
			planted = append(planted, &purchaseOrder{date: at(8), kind: kNone, size: 2, mfr: byName["Xilinx"], mfrAs: "Xilnx"})
		case time.September:
			planted = append(planted,
				&purchaseOrder{date: intersilTill, kind: kNone, size: 1, mfr: byName["Intersil"]},
				&purchaseOrder{date: intersilTill, kind: kCD, size: 1, mfr: byName["Intersil"]})
		case time.October:
			planted = append(planted,
				&purchaseOrder{date: day(2003, 10, 1), kind: kNone, size: 1, mfr: byName["Intersil"]},
				&purchaseOrder{date: day(2003, 10, 1), kind: kArrow, size: 1, mfr: byName["Intersil"]})
		}
		n := 0
		for _, po := range planted {
			n += po.size
		}
		var random []*purchaseOrder
		for n < target {
			po := &purchaseOrder{kind: weighted(r, kindWeights), size: 1 + weighted(r, poSizeWeights)}
			if po.kind == kBD {
				if po.size > 1 && r.IntN(4) == 0 {
					po.whole, po.scen = true, []int{randomScenario(r)}
				} else {
					for range po.size {
						po.scen = append(po.scen, randomScenario(r))
					}
				}
			}
			random = append(random, po)
			n += po.size
		}
		for i, po := range random {
			po.date = days[i*len(days)/len(random)]
			// A PO dated on the day the overdue invoice is paid would leave the
			// §1.5 test to how a reader treats "paid that day": avoid it.
			if po.kind == kCLE && po.date.Equal(overduePaid) {
				po.kind = kCD
			}
		}
		monthPOs := append(random, planted...)
		sort.SliceStable(monthPOs, func(i, j int) bool { return monthPOs[i].date.Before(monthPOs[j].date) })
		for _, po := range monthPOs {
			y.materialize(po, r, spell, spellW, onCard, offCard, steady)
			// the PO's time of day is recorded on about half the POs, most
			// in the PO Time column, some in the PO Date cell
			if !po.timeSet && r.IntN(100) < 55 {
				po.at, po.hasTime = time.Duration(8*60+r.IntN(9*60+30))*time.Minute, true
				po.inDate = r.IntN(5) == 0
			}
		}
		y.scaleMonth(monthPOs, netBilledTarget[(int(month)-1)/3]*104/100/3)
		for _, po := range monthPOs {
			if po.kind == kReturn {
				for _, ln := range po.lines {
					ln.qty = -max(1, ln.qty/4)
				}
			}
		}
		y.pos = append(y.pos, monthPOs...)
	}

	// PO numbers in date order, a few numbers skipped (cancelled POs).
	seq := 0
	for _, po := range y.pos {
		seq += 1 + r.IntN(50)/49
		po.number = fmt.Sprintf("PO-2003-%05d", seq)
	}
	// Breakdowns reference PO numbers, so they are made once numbers are known.
	for _, po := range y.pos {
		y.addPOBreakdowns(po, r)
	}
	sortBreakdowns(y.responses)

	// Three lines whose Extended Cost is deliberately off by more than a cent.
	for i, adj := range []int64{100, -1000, 37} {
		mon := []time.Month{time.February, time.July, time.November}[i]
		var cand []*poLine
		for _, po := range y.pos {
			if po.date.Month() == mon && po.kind != kReturn {
				cand = append(cand, po.lines...)
			}
		}
		ln := cand[r.IntN(len(cand))]
		for extendedCents(ln.qty, ln.unit)+adj <= 0 {
			ln.qty *= 10
		}
		ln.extAdj = adj
	}

	if err := y.makeInvoices(r, sup); err != nil {
		return nil, err
	}
	return y, nil
}

func (y *year) materialize(po *purchaseOrder, r *rand.Rand, spell []string, spellW []int, onCard, offCard, steady []*manufacturer) {
	arrowSupplier := po.kind == kArrow || po.kind == kReturn && po.toArrow || (po.kind == kOut && r.IntN(100) < 15)
	if arrowSupplier {
		po.supplier = spell[weighted(r, spellW)]
	} else {
		po.supplier = otherSuppliers[r.IntN(len(otherSuppliers))]
	}
	po.arrow = arrowSupplier
	// Lines whose breakdown is an edge case are all of steadily franchised
	// manufacturers, so that the breakdown is what decides them.
	plantedCase := po.kind == kBD && (po.whole || po.scen[0] >= scTwoRows) || po.kind == kReturn
	for i := 1; i <= po.size; i++ {
		ln := &poLine{line: i}
		switch {
		case po.mfr != nil:
			ln.mfr = po.mfr
		case plantedCase:
			ln.mfr = steady[r.IntN(len(steady))]
		case po.kind == kOut && r.IntN(100) < 80, po.kind == kArrow && r.IntN(100) < 5, r.IntN(100) < 7:
			ln.mfr = offCard[r.IntN(len(offCard))]
		default:
			ln.mfr = onCard[r.IntN(len(onCard))]
		}
		ln.mfrAs = po.mfrAs
		if ln.mfrAs == "" && ln.mfr.name == "Analog Devices" && r.IntN(4) == 0 {
			ln.mfrAs = "Analog Devices, Inc." // the same manufacturer, with its legal form
		}
		ln.part = &ln.mfr.parts[r.IntN(len(ln.mfr.parts))]
		ln.unit = lineCost(r, ln.part.cost)
		ln.target = lineTarget(r)
		ln.deliv = addBusinessDays(po.date, 5+r.IntN(55))
		switch po.kind {
		case kCD:
			ln.cd, ln.cle = true, r.IntN(100) < 3
		case kCLE:
			ln.cle = true
		case kOut:
			ln.cd = r.IntN(100) < 10
		}
		po.lines = append(po.lines, ln)
	}
}

// scaleMonth sets the quantities of a month's lines so that what is bought from
// Arrow of franchised manufacturers comes to about arrowCents.
func (y *year) scaleMonth(pos []*purchaseOrder, arrowCents int64) {
	f := 1.0
	for range 4 {
		var sum int64
		for _, po := range pos {
			for _, ln := range po.lines {
				ln.qty = niceQuantity(ln.target * f / (float64(ln.unit) / 10000))
				if po.arrow && po.kind != kReturn && ln.mfr.authorized(po.date) {
					sum += extendedCents(ln.qty, ln.unit)
				}
			}
		}
		f *= float64(arrowCents) / float64(sum)
	}
}

// addPOBreakdowns adds the Arrow Responses rows of a PO.
func (y *year) addPOBreakdowns(po *purchaseOrder, r *rand.Rand) {
	switch {
	case po.kind == kBD && po.whole:
		y.responses = appendBreakdowns(y.responses, r, po.number, 0, po.date, po.scen[0])
	case po.kind == kBD:
		for i, sc := range po.scen {
			if sc == scTwoRows && i == 1 && len(po.scen) == 2 && po.scen[0] == scTwoRows {
				sc = -scTwoRows // the opposite order for the second line of the planted pair
			}
			y.responses = appendBreakdowns(y.responses, r, po.number, i+1, po.date, sc)
		}
	case po.kind == kArrow && r.IntN(100) < 1:
		// Arrow was asked and met the terms, and the PO went to Arrow.
		y.responses = appendBreakdowns(y.responses, r, po.number, 0, po.date, scMeet)
	}
}

// appendBreakdowns appends the rows of scenario sc for PO line (0: whole PO)
// dated poDate. sc -scTwoRows is scTwoRows with Meet first and Approve second.
func appendBreakdowns(out []breakdown, r *rand.Rand, po string, line int, poDate time.Time, sc int) []breakdown {
	sentAt := func(d time.Time) time.Time {
		return d.Add(time.Duration(7*60+30+r.IntN(9*60+30)) * time.Minute)
	}
	within := func() time.Duration { return time.Duration(20+r.IntN(24*60-20)) * time.Minute }
	sent := sentAt(addBusinessDays(poDate, -r.IntN(3)))
	row := func(sent time.Time, resp string, after time.Duration) breakdown {
		b := breakdown{po: po, line: line, sent: sent, resp: resp}
		if resp != "" {
			b.at = sent.Add(after)
		}
		return b
	}
	respond := func() string { return []string{"Meet", "Approve"}[r.IntN(2)] }
	switch sc {
	case scNoResp:
		return append(out, row(sent, "", 0))
	case scApprove:
		return append(out, row(sent, "Approve", within()))
	case scMeet:
		return append(out, row(sent, "Meet", within()))
	case scLate:
		return append(out, row(sent, respond(), time.Duration(24*60+1+r.IntN(48*60))*time.Minute))
	case scAfter:
		return append(out, row(sentAt(addBusinessDays(poDate, 1+r.IntN(3))), respond(), within()))
	case scMeet24:
		return append(out, row(sent, "Meet", 24*time.Hour))
	case scMeet2401:
		return append(out, row(sent, "Meet", 24*time.Hour+time.Minute))
	case scApprove24:
		return append(out, row(sent, "Approve", 24*time.Hour))
	case scTwoRows, -scTwoRows:
		first, second := "Approve", "Meet" // released, then exception: the later Meet decides
		if sc < 0 {
			first, second = "Meet", "Approve"
		}
		earlier := sentAt(addBusinessDays(poDate, -3-r.IntN(3)))
		return append(out, row(earlier, first, within()), row(sent, second, within()))
	case scWholeLine:
		earlier := sentAt(addBusinessDays(poDate, -3-r.IntN(3)))
		out = append(out, row(earlier, "Meet", within()))
		b := row(sent, "Approve", within())
		b.line = 1
		return append(out, b)
	case scSameDay:
		morning := poDate.Add(time.Duration(8*60+r.IntN(120)) * time.Minute)
		return append(out, row(morning, "Approve", time.Duration(30+r.IntN(60))*time.Minute))
	case scApproveOnPODate:
		before := addBusinessDays(poDate, -1).Add(time.Duration(15*60+r.IntN(120)) * time.Minute)
		approved := poDate.Add(time.Duration(8*60+r.IntN(90)) * time.Minute)
		return append(out, row(before, "Approve", approved.Sub(before)))
	}
	panic(fmt.Sprintf("gen: unknown breakdown scenario %d", sc))
}

func sortBreakdowns(bs []breakdown) {
	sort.SliceStable(bs, func(i, j int) bool {
		if !bs[i].sent.Equal(bs[j].sent) {
			return bs[i].sent.Before(bs[j].sent)
		}
		if bs[i].po != bs[j].po {
			return bs[i].po < bs[j].po
		}
		return bs[i].line < bs[j].line
	})
}

// makeInvoices bills Arrow's share of the purchases: a few December 2002
// invoices, then each month's Arrow spend split into invoices of $5k–$60k, with
// the planted cases, finally scaled so each 2003 contract quarter's Net Sales
// Billed hits netBilledTarget.
func (y *year) makeInvoices(r *rand.Rand, sup terms.Supplier) error {
	asOf := day(2004, 1, 10)
	newInvoice := func(d time.Time, cents int64, net int) invoice {
		v := invoice{date: d, amount: cents, due: d.AddDate(0, 0, net)}
		if r.IntN(100) < 15 {
			v.returns = int64(math.Round(float64(cents) * (0.005 + 0.045*r.Float64())))
		}
		if r.IntN(100) < 25 {
			v.discounts = cents * int64(1+r.IntN(2)) / 100
		}
		paid := addBusinessDays(v.due, -r.IntN(8))
		if paid.After(asOf.AddDate(0, 0, -1)) {
			paid = addBusinessDays(asOf, -1-r.IntN(4))
		}
		if paid.Before(d) {
			paid = d
		}
		v.paid = paid
		return v
	}
	netDays := func() int { return []int{30, 45, 45}[r.IntN(3)] }
	var inv []invoice
	for _, d := range []time.Time{day(2002, 12, 3), day(2002, 12, 6), day(2002, 12, 11), day(2002, 12, 17), day(2002, 12, 20), day(2002, 12, 30)} {
		inv = append(inv, newInvoice(d, int64(800000+r.IntN(3700000)), netDays()))
	}
	for month := time.January; month <= time.December; month++ {
		var spend int64
		for _, po := range y.pos {
			if po.date.Month() != month || !po.arrow {
				continue
			}
			for _, ln := range po.lines {
				if ln.mfr.authorized(po.date) {
					spend += extendedCents(ln.qty, ln.unit) + ln.extAdj
				}
			}
		}
		var amounts []int64
		for rest := spend; rest > 0; {
			a := int64(600000 + r.IntN(4800000))
			if rest-a < 500000 {
				a = rest
			}
			amounts = append(amounts, a)
			rest -= a
		}
		days := businessDays(2003, month)
		for i, a := range amounts {
			d := days[min(i*len(days)/len(amounts)+r.IntN(max(1, len(days)/len(amounts))), len(days)-1)]
			v := newInvoice(d, a, netDays())
			last := i == len(amounts)-1
			switch {
			case month == time.March && last:
				// Past due 2003-05-16 to 2003-06-09: a credit-limit PO then is no
				// §1.5 exception because the Customer is in default.
				v.date, v.due, v.paid, v.special = day(2003, 3, 31), day(2003, 5, 15), day(2003, 6, 10), true
			case month == time.December && last:
				// Unpaid and not yet due on 2004-01-10.
				v.date, v.due, v.paid, v.special = day(2003, 12, 29), day(2004, 1, 28), time.Time{}, true
			}
			inv = append(inv, v)
		}
		if month == time.November {
			inv = append(inv, invoice{date: day(2003, 11, 14), amount: -641875,
				due: day(2003, 12, 14), paid: day(2003, 11, 14), special: true})
		}
	}
	sort.SliceStable(inv, func(i, j int) bool { return inv[i].date.Before(inv[j].date) })
	num := 3180000 + r.IntN(1000)
	for i := range inv {
		num += 1 + r.IntN(40) // Arrow's invoices to other customers in between
		if inv[i].amount < 0 {
			inv[i].number = fmt.Sprintf("CM%07d", num)
		} else {
			inv[i].number = fmt.Sprintf("A%07d", num)
		}
	}

	// A few invoices paid one day late, where that day is no credit-limit PO's date.
	clDates := map[time.Time]bool{}
	for _, po := range y.pos {
		for _, ln := range po.lines {
			if ln.cle {
				clDates[po.date] = true
			}
		}
	}
	late := 0
	for _, mon := range []time.Month{time.February, time.August, time.October} {
		for i := range inv {
			v := &inv[i]
			next := v.due.AddDate(0, 0, 1)
			if v.special || v.date.Year() != 2003 || v.date.Month() != mon || v.due.Weekday() > time.Thursday ||
				v.due.Weekday() == time.Sunday || !calendar.IsBusinessDay(v.due) || clDates[next] || next.Year() != 2003 {
				continue
			}
			v.paid, v.special = next, true
			late++
			break
		}
	}
	if late != 3 {
		return fmt.Errorf("gen: planted %d late invoices, want 3", late)
	}

	// Scale each contract quarter to its target.
	start := sup.AgreementDate
	for q := 0; q < len(netBilledTarget); q++ {
		end := sup.Quarters[q].End
		in := func(v *invoice) bool { return v.date.After(start) && !v.date.After(end) }
		eligible := func(v *invoice) bool { return in(v) && !v.paid.IsZero() && !v.paid.After(sup.PaymentDue(v.due)) }
		var fixed, scalable int64
		for i := range inv {
			if v := &inv[i]; eligible(v) {
				if v.amount < 0 {
					fixed += v.net()
				} else {
					scalable += v.net()
				}
			}
		}
		k := float64(netBilledTarget[q]-fixed) / float64(scalable)
		var net int64
		biggest := -1
		for i := range inv {
			v := &inv[i]
			if !in(v) || v.amount < 0 {
				continue
			}
			sc := func(c int64) int64 { return int64(math.Round(float64(c) * k)) }
			v.amount, v.returns, v.discounts = sc(v.amount), sc(v.returns), sc(v.discounts)
			if eligible(v) {
				net += v.net()
				if biggest < 0 || v.amount > inv[biggest].amount {
					biggest = i
				}
			}
		}
		inv[biggest].amount += netBilledTarget[q] - fixed - net
		start = end
	}
	y.invoices = inv
	return nil
}

func (v *invoice) net() int64 { return v.amount - v.returns - v.discounts }
