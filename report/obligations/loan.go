package obligations

import (
	"fmt"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/borrowing"
	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/loanfee"
	"github.com/covenant-reports/covenant/report/money"
	"github.com/covenant-reports/covenant/report/terms"
)

// AgentAndLenders is to whom Amendment No. 10 asks for a delivery "to Agent
// and the Lenders": "HSBC Bank USA, as Agent, and the Lenders (HSBC Bank
// USA, General Electric Capital Corporation)".
func AgentAndLenders(l terms.Loan) string {
	if len(l.Lenders) == 0 {
		return l.Agent
	}
	return fmt.Sprintf("%s, and the Lenders (%s)", l.Agent, strings.Join(l.Lenders, ", "))
}

// FeeID is the id of an Extension Fee installment: "fee-base-2".
func FeeID(installment string) string { return "fee-" + strings.ToLower(installment) }

// CapID is the id of the overadvance cap in force from d: "cap-2002-10-14".
func CapID(d time.Time) string { return "cap-" + iso(d) }

// The ids of the Amendment's single obligations.
const (
	PurchaseOfferID = "purchase-offer"
	TexasPropertyID = "texas-property"
	TexasAuctionID  = "texas-auction"
	RefinanceID     = "refinance"
)

// loan adds the obligations of Amendment No. 10, from its date.
func (b *builder) loan() error {
	t := b.in.Terms.Loan
	in := b.in.Loan
	asOf := b.in.AsOf
	fees, err := loanfee.Compute(t, in.Fees, asOf)
	if err != nil {
		return err
	}
	b.r.Fees = fees
	b.r.Warnings = append(b.r.Warnings, fees.Warnings...)
	fp := fees.FullPayment // known by the as-of date
	agent := t.Agent
	both := AgentAndLenders(t)

	// A.3: the Extension Fee installments.
	ordinal := map[string]int{}
	for _, it := range fees.Installments {
		ordinal[it.Fee]++
		fee := "Base Fee"
		if it.Fee == terms.AdditionalFee {
			fee = "Additional Fee"
		}
		when := "on " + calendar.Long(it.Due)
		if it.Due.Equal(fees.Execution) && dueOnExecution(t, it.ID) {
			when = fmt.Sprintf("on the date of execution of the Amendment (%s)", calendar.Long(it.Due))
		}
		what := fmt.Sprintf("Pay %s to %s, for the account of the Lenders: the %s installment of the %s, payable %s (Amendment A.3)", money.Dollars(it.Amount), agent, ordinalWord(ordinal[it.Fee]), fee, when)
		if it.Fee == terms.AdditionalFee {
			what += fmt.Sprintf("; waived if the Purchase Offer or a Financing Commitment is delivered on or before its due date and by %s", calendar.Long(t.AdditionalFeeWaiverDeadline))
		}
		o := b.add(Obligation{ID: FeeID(it.ID), Agreement: LoanAgreement, Clause: "Amendment A.3",
			Title: fmt.Sprintf("%s, %s installment, %s", fee, ordinalWord(ordinal[it.Fee]), money.Dollars(it.Amount)), What: what, To: agent + ", for the account of the Lenders", ToShort: "the Agent", Due: it.Due})
		switch it.Status {
		case loanfee.Waived:
			o.Status = Waived
			o.Evidence = &Evidence{On: it.WaivedOn, Source: it.Basis}
			o.Detail = "waived: " + it.Basis
		case loanfee.Paid, loanfee.PaidLate:
			b.done(o, Evidence{On: it.PaidOn, Source: in.sheet(ledger.SheetFeePayments)}, "paid")
		default:
			b.byDate(o, "not paid in full")
			if it.Applied().IsPositive() {
				o.Detail += fmt.Sprintf("; %s paid of %s, %s still owed", money.Dollars(it.Applied()), money.Dollars(it.Payable), money.Dollars(it.Outstanding()))
			}
		}
	}

	// §10.19 (B.4): the Purchase Offer.
	po := b.add(Obligation{ID: PurchaseOfferID, Agreement: LoanAgreement, Clause: "§10.19 (Amendment B.4)",
		Title: "Purchase Offer to the Agent and the Lenders",
		What: fmt.Sprintf("Unless the Indebtedness is sooner repaid in its entirety, obtain and deliver to %s by %s a satisfactory letter of intent or term sheet from a satisfactory purchaser to purchase substantially all of the assets or business or stock of the Debtor, on terms satisfactory to its Board of Directors, the Agent and the Lenders (the Purchase Offer; §10.19 as amended by Amendment B.4)",
			both, calendar.Long(t.PurchaseOfferDue)),
		To: both, ToShort: "the Agent and the Lenders", Due: t.PurchaseOfferDue})
	var offer *Evidence
	for _, d := range in.Fees.Deliveries {
		if d.Kind == loanfee.PurchaseOffer && !d.Date.After(asOf) && (offer == nil || d.Date.Before(offer.On)) {
			offer = &Evidence{On: d.Date, Source: d.Where + " (Purchase Offer Delivered)"}
		}
	}
	if ds := b.deliveries(PurchaseOfferID); len(ds) > 0 && (offer == nil || ds[0].On.Before(offer.On)) {
		offer = &Evidence{On: ds[0].On, To: ds[0].To, Reference: ds[0].Reference, Source: ds[0].Where()}
	}
	switch {
	case offer != nil:
		b.done(po, *offer, "delivered")
	case !fp.IsZero():
		po.Status = Moot
		po.Evidence = &Evidence{On: fp, Source: in.FullPaymentWhere}
		po.Detail = fmt.Sprintf("the Indebtedness was paid in full on %s (%s): §10.19 asks for the Purchase Offer only \"unless the Indebtedness is sooner repaid in its entirety\"", calendar.Long(fp), in.FullPaymentWhere)
		if fp.After(po.Due) {
			po.Detail += fmt.Sprintf("; no Purchase Offer is recorded as delivered by %s", calendar.Long(po.Due))
		}
	default:
		b.byDate(po, "no Purchase Offer recorded as delivered (Fee Events: Purchase Offer Delivered, or Deliveries)")
	}

	// §10.21 (B.5): the Texas property.
	tp := b.add(Obligation{ID: TexasPropertyID, Agreement: LoanAgreement, Clause: "§10.21 (Amendment B.5)",
		Title: "Edinburg, Texas property: purchase offer or auction agreement to the Agent",
		What: fmt.Sprintf("Diligently pursue the sale of the Debtor's property in Edinburg, Texas and obtain and deliver to %s, by %s, a copy of either (i) an executed bona fide purchase offer from a qualified purchaser, or (ii) an executed written auction agreement with a qualified auctioneer to conduct a commercially reasonable auction of the property by %s, each acceptable to the Debtor, the Agent and the Lenders (§10.21 as amended by Amendment B.5)",
			agent, calendar.Long(t.TexasPropertyDue), calendar.Long(t.TexasAuctionBy)),
		To: agent, ToShort: "the Agent", Due: t.TexasPropertyDue})
	if !b.fromDeliveries(tp) {
		b.byDate(tp, "no copy recorded as delivered")
	}
	ta := b.add(Obligation{ID: TexasAuctionID, Agreement: LoanAgreement, Clause: "§10.21 (Amendment B.5)",
		Title: "Edinburg, Texas property: auction held, if under an auction agreement",
		What: fmt.Sprintf("Only where the copy delivered under §10.21 is of an auction agreement (ii): the commercially reasonable auction of the Edinburg, Texas property it provides for, by %s; where it is of a purchase offer (i), this does not apply (record either in Deliveries)",
			calendar.Long(t.TexasAuctionBy)),
		Due: t.TexasAuctionBy})
	if !b.fromDeliveries(ta) {
		b.byDate(ta, "no auction recorded (this applies only under an auction agreement, §10.21(ii))")
	}

	// D.2: the refinancing by the end of the Initial Term.
	rf := b.add(Obligation{ID: RefinanceID, Agreement: LoanAgreement, Clause: "Amendment D.2",
		Title: "Advances and Term Loans refinanced by the end of the Initial Term",
		What: fmt.Sprintf("The Debtor \"reaffirms that Debtor intends to refinance the Advances and the Term Loans under the Agreement with one or more different lenders on or before the expiration of the Initial Term\" (Amendment D.2); the Initial Term expires on %s, with no Renewal Term (Amendment B.3)",
			calendar.Long(t.InitialTermEnd)),
		To: both, ToShort: "the Agent and the Lenders", Due: t.InitialTermEnd})
	switch ds := b.deliveries(RefinanceID); {
	case !fp.IsZero() && (len(ds) == 0 || !ds[0].On.Before(fp)):
		b.done(rf, Evidence{On: fp, Source: in.FullPaymentWhere + " (Full Payment: the Indebtedness fully and irrevocably paid)"}, "repaid in full")
	case len(ds) > 0:
		b.fromDeliveries(rf)
	default:
		b.byDate(rf, "no Full Payment recorded")
	}

	// B.1: the overadvance caps by date.
	var known []ledger.BorrowingRow
	for _, row := range in.Borrowing {
		if !row.Date.After(asOf) {
			known = append(known, row)
		}
	}
	if len(known) > 0 {
		rep, err := borrowing.Compute(t, known)
		if err != nil {
			return err
		}
		b.r.Borrowing = rep
		b.r.Warnings = append(b.r.Warnings, rep.Warnings...)
	}
	if n := len(in.Borrowing) - len(known); n > 0 {
		b.r.Warnings = append(b.r.Warnings, fmt.Sprintf("%s dated after the as-of date %s: not known yet, left out", plural(n, "Borrowing row"), calendar.Long(asOf)))
	}
	for _, c := range t.OveradvanceCaps {
		b.cap(c, fp)
	}
	return nil
}

// cap adds the overadvance cap c (Amendment B.1) as an obligation in force
// from c.From through c.To (an open-ended one through the end of the Initial
// Term, or Full Payment before it).
func (b *builder) cap(c terms.DatedAmount, fp time.Time) {
	t := b.in.Terms.Loan
	until := c.To
	if until.IsZero() {
		until = t.InitialTermEnd
		if !fp.IsZero() && fp.Before(until) {
			until = fp
		}
	}
	title := fmt.Sprintf("Overadvances at most %s from %s", money.Dollars(c.Amount), calendar.Long(c.From))
	what := fmt.Sprintf("Keep the aggregate Overadvances outstanding (Advances above the IEC Borrowing Capacity) at or below %s at all times from %s through %s, and never above the Term Loan Reserve then in effect (Amendment B.1)",
		money.Dollars(c.Amount), calendar.Long(c.From), calendar.Long(until))
	if !c.Amount.IsPositive() {
		title = "No Overadvances from " + calendar.Long(c.From)
		what = fmt.Sprintf("\"From and after %s no Overadvances shall be permitted\" (Amendment B.1): keep the Advances within the IEC Borrowing Capacity through %s", calendar.Long(c.From), calendar.Long(until))
	}
	o := b.add(Obligation{ID: CapID(c.From), Agreement: LoanAgreement, Clause: "Amendment B.1", Title: title, What: what, Due: c.From, Until: until})
	asOf := b.in.AsOf
	if asOf.Before(c.From) {
		b.byDate(o, "")
		return
	}
	through := minDate(until, asOf)
	rep := b.r.Borrowing
	var broken []time.Time
	if rep != nil {
		for _, br := range rep.Breaches {
			if br.Rule == borrowing.RuleMaximumLimit || br.Date.Before(c.From) || br.Date.After(through) {
				continue
			}
			if len(broken) == 0 || !broken[len(broken)-1].Equal(br.Date) {
				broken = append(broken, br.Date)
			}
		}
	}
	sheet := b.in.Loan.sheet(ledger.SheetBorrowing)
	covered := rep != nil && !rep.First.After(c.From) && !rep.Last.Before(through)
	switch {
	case len(broken) > 0:
		o.Status = Late
		o.Detail = fmt.Sprintf("not kept: the Borrowing sheet shows an overadvance above the cap or the Term Loan Reserve on %s (Amendment B.1)", dayRanges(broken))
	case covered && !asOf.Before(until):
		o.Status = Done
		o.Evidence = &Evidence{On: until, Source: fmt.Sprintf("%s, every day from %s through %s", sheet, calendar.Long(c.From), calendar.Long(until))}
		o.Detail = fmt.Sprintf("kept every day from %s through %s (%s)", calendar.Long(c.From), calendar.Long(until), sheet)
	case covered:
		o.Status = Due
		o.Detail = fmt.Sprintf("in force through %s; kept every day so far, through %s (Borrowing sheet)", calendar.Long(until), calendar.Long(through))
	case rep == nil || rep.Last.Before(c.From):
		if asOf.After(until) {
			o.Status = Late
			o.Detail = fmt.Sprintf("not shown kept: the Borrowing sheet has no row for the days from %s through %s", calendar.Long(c.From), calendar.Long(until))
		} else {
			o.Status = Due
			o.Detail = fmt.Sprintf("in force through %s; the Borrowing sheet has no row for it yet", calendar.Long(until))
		}
	default:
		last := rep.Last
		if asOf.After(until) {
			o.Status = Late
			o.Detail = fmt.Sprintf("not shown kept: the Borrowing sheet shows the days through %s only, of %s through %s", calendar.Long(last), calendar.Long(c.From), calendar.Long(until))
		} else {
			o.Status = Due
			o.Detail = fmt.Sprintf("in force through %s; kept every day the Borrowing sheet shows, through %s", calendar.Long(until), calendar.Long(last))
		}
		if rep.First.After(c.From) {
			o.Detail += fmt.Sprintf("; it starts on %s, after the cap took effect", calendar.Long(rep.First))
		}
	}
}

// dueOnExecution reports whether the terms put installment id on the date of
// execution.
func dueOnExecution(t terms.Loan, id string) bool {
	for _, in := range t.Installments {
		if in.ID == id {
			return in.DueOnExecution()
		}
	}
	return false
}

func ordinalWord(n int) string {
	words := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
	if n >= 1 && n <= len(words) {
		return words[n-1]
	}
	return fmt.Sprintf("%dth", n)
}

// dayRanges writes sorted days as "October 15 to 17, 2002 and October 19, 2002".
func dayRanges(ds []time.Time) string {
	var parts []string
	for _, r := range borrowing.Runs(ds) {
		if r[0].Equal(r[1]) {
			parts = append(parts, calendar.Long(r[0]))
		} else {
			parts = append(parts, fmt.Sprintf("%s to %s", calendar.Long(r[0]), calendar.Long(r[1])))
		}
	}
	return strings.Join(parts, ", ")
}
