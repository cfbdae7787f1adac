package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/breakdown"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/safefile"
	"github.com/covenant-reports/covenant/report/terms"
)

func answerCommand() *cli.Command {
	return &cli.Command{
		Name:      "answer",
		Usage:     "record Arrow's answer to a breakdown in the log (§1.2): it meets the terms proposed, or approves the placement",
		UsageText: "covenant breakdown answer --ledger FILE --reference REF [--line N] (--meet | --approve) --at \"YYYY-MM-DD HH:MM\"",
		Description: "Writes Arrow's response (Meet or Approve) and the time it was given into the breakdown's row of the\n" +
			"Arrow Responses sheet (the workbook replaced atomically, as --in-place does). The row must be in\n" +
			"the log; covenant refuses, naming the row, one that already holds an answer and a time before the\n" +
			"breakdown was sent. Without --line, the Reference's one breakdown (or the one for its whole PO).",
		Flags: []cli.Flag{
			&pathsFlag{&cli.StringFlag{Name: "ledger", Usage: "the ledger workbook `FILE`", TakesFile: true}},
			&cli.StringFlag{Name: "reference", Usage: "the PO number the breakdown was sent for, `REF`"},
			&cli.IntFlag{Name: "line", Usage: "the PO line `N` (default: the Reference's one breakdown)"},
			&cli.BoolFlag{Name: "meet", Usage: "Arrow agrees to meet the terms proposed"},
			&cli.BoolFlag{Name: "approve", Usage: "Arrow approves placing the order with the proposed supplier"},
			&cli.StringFlag{Name: "at", Usage: "the `TIME` Arrow answered, \"YYYY-MM-DD HH:MM\" (local time)"},
			flagTerms, flagForce, flagLedgerPasswordFile, flagLedgerPasswordEnv,
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("breakdown answer: unexpected %q", c.Args().First())
			}
			o, err := breakdownCommon(c)
			if err != nil {
				return err
			}
			path, err := oneLedger(c, "breakdown answer")
			if err != nil {
				return err
			}
			a := answerOptions{common: o, Ledger: path, Reference: strings.TrimSpace(c.String("reference"))}
			switch {
			case a.Reference == "":
				return usagef("breakdown answer: give the PO number the breakdown was sent for with --reference REF")
			case c.Bool("meet") == c.Bool("approve"):
				return usagef("breakdown answer: give Arrow's answer, --meet (Arrow meets the terms proposed) or --approve (Arrow approves the placement), one of the two")
			case !c.IsSet("at"):
				return usagef("breakdown answer: give the time Arrow answered with --at \"YYYY-MM-DD HH:MM\"")
			}
			if c.IsSet("line") {
				if a.Line = c.Int("line"); a.Line < 1 {
					return usagef("--line %d: a PO line is a whole number of 1 or more", a.Line)
				}
			}
			a.Response = ledger.ResponseApprove
			if c.Bool("meet") {
				a.Response = ledger.ResponseMeet
			}
			if a.At, err = minuteFlag(c, "at"); err != nil {
				return err
			}
			return runAnswer(a)
		},
	}
}

type answerOptions struct {
	common
	Ledger    string
	Reference string
	Line      int // 0: not given
	Response  string
	At        time.Time
}

// lockInPlace prepares a run that only rewrites its input in place: the
// terms loaded, the workbook checked (not open in Excel, writable), its lock
// taken and its fingerprint kept for the check before it is replaced.
func (o common) lockInPlace(input, flag string) (_ *reportRun, err error) {
	if err := refuseFolder(input); err != nil {
		return nil, err
	}
	t, source, err := o.loadTerms()
	if err != nil {
		return nil, err
	}
	in := &runInput{flag: flag, path: input, files: []string{input}}
	r := &reportRun{o: o, Terms: t, TermsSource: source, inputs: []*runInput{in}}
	defer func() {
		if err != nil {
			r.close()
		}
	}()
	if err := safefile.CheckInPlace(input, o.Force); err != nil {
		return nil, err
	}
	lock, took, err := safefile.Acquire(input)
	if err != nil {
		return nil, err
	}
	in.lock = lock
	if took != nil {
		o.warn([]string{took.String() + "; covenant checks before replacing the workbook that it is still the file it read"})
	}
	fp, err := safefile.Identify(input)
	if err != nil {
		return nil, usagef("%s: %v", flag, err)
	}
	in.read = []safefile.Fingerprint{fp}
	return r, nil
}

// runAnswer writes Arrow's answer into the breakdown's row of the log.
func runAnswer(o answerOptions) error {
	rn, err := o.lockInPlace(o.Ledger, "--ledger")
	if err != nil {
		return err
	}
	defer rn.close()
	books, l, err := openLog(o.Ledger, o.ledgerOptions(rn.Terms))
	if err != nil {
		return err
	}
	defer books.Close()
	if err := rn.opened(); err != nil {
		return err
	}
	b, err := findBreakdown(l, o.Reference, o.Line, o.At)
	if err != nil {
		return err
	}
	if err := rn.writeInPlace(func(w io.Writer) error { return l.WriteAnswer(w, b, o.Response, o.At) }); err != nil {
		return err
	}
	if err := rn.commit(); err != nil {
		return err
	}
	s, err := termAsExtended(rn.Terms.Supplier, books, terms.Date(o.At.Year(), o.At.Month(), o.At.Day()))
	if err != nil {
		return err
	}
	hours := s.BreakdownResponseHours
	lapse := b.Sent.Add(time.Duration(hours) * time.Hour)
	supplier := proposedSuppliers(l)(b)
	var what string
	switch {
	case o.At.After(lapse):
		what = fmt.Sprintf("after Arrow's %d hours ran out %s: the order was released to %s then, by the lapse (an answer after the %d hours does not undo it, §1.2)", hours, breakdown.When(lapse), supplier, hours)
		o.warn([]string{fmt.Sprintf("%s: Arrow's answer came %s, after its %d hours ran out %s", breakdownName(b), breakdown.When(o.At), hours, breakdown.When(lapse))})
	case o.Response == ledger.ResponseMeet:
		what = fmt.Sprintf("within Arrow's %d hours: Arrow meets the terms proposed, and the order belongs to Arrow (§1.2)", hours)
	default:
		what = fmt.Sprintf("within Arrow's %d hours: the PO may be placed with %s from then (§1.2)", hours, supplier)
	}
	fmt.Fprintf(o.Stdout, "recorded Arrow's answer %s, %s, to the breakdown for %s sent %s: %s\n",
		ledger.ResponseLabel(o.Response), breakdown.When(o.At), breakdownName(b), breakdown.When(b.Sent), what)
	fmt.Fprintf(o.Stdout, "updated %s: Arrow Response and Responded At in sheet %s, row %d; SHA-256 as read %s, as written %s\n",
		o.Ledger, ledger.SheetResponses, b.Row, rn.inputs[0].read[0].SHA256, rn.inputs[0].inPlace.SHA256)
	return nil
}

// findBreakdown finds the log row an answer is for: the Reference's breakdown
// for the line (or, without one for the line, for its whole PO), the latest
// sent at or before the answer when there are several; without a line, the
// Reference's one breakdown. Not finding it, or finding several lines, is an
// error that says what the log holds.
func findBreakdown(l *ledger.Ledger, ref string, line int, at time.Time) (ledger.Breakdown, error) {
	var all []ledger.Breakdown
	for _, b := range l.Breakdowns {
		if strings.EqualFold(strings.TrimSpace(b.PONumber), ref) {
			all = append(all, b)
		}
	}
	if len(all) == 0 {
		return ledger.Breakdown{}, usagef("%s: no breakdown for %s in the log (sheet %s): an answer goes into the row of the breakdown it answers; send the breakdown with covenant breakdown, or log it by hand first", l.File, ref, ledger.SheetResponses)
	}
	var cand []ledger.Breakdown
	switch {
	case line > 0:
		for _, b := range all {
			if b.POLine == line {
				cand = append(cand, b)
			}
		}
		if len(cand) == 0 {
			for _, b := range all {
				if b.POLine == 0 {
					cand = append(cand, b)
				}
			}
		}
		if len(cand) == 0 {
			return ledger.Breakdown{}, usagef("%s: no breakdown for %s line %d in the log (sheet %s); it has %s", l.File, ref, line, ledger.SheetResponses, describeRows(all))
		}
	default:
		lines := map[int]bool{}
		for _, b := range all {
			lines[b.POLine] = true
		}
		if len(lines) > 1 {
			return ledger.Breakdown{}, usagef("%s: the log (sheet %s) has breakdowns for several lines of %s, %s: say which with --line N", l.File, ledger.SheetResponses, ref, describeRows(all))
		}
		cand = all
	}
	// the latest sent by the answer's time; else the first (the answer's
	// time is then before it was sent, which WriteAnswer refuses naming it)
	sort.SliceStable(cand, func(i, j int) bool { return cand[i].Sent.Before(cand[j].Sent) })
	best := cand[0]
	for _, b := range cand {
		if !b.Sent.After(at) {
			best = b
		}
	}
	return best, nil
}

// describeRows lists log rows: "line 1 sent 2003-10-06 09:00 (row 5), line 2 … (row 6)".
func describeRows(bs []ledger.Breakdown) string {
	var s []string
	for _, b := range bs {
		what := fmt.Sprintf("line %d", b.POLine)
		if b.POLine == 0 {
			what = "every line"
		}
		s = append(s, fmt.Sprintf("%s sent %s (row %d)", what, b.Sent.Format(minuteLayout), b.Row))
	}
	return strings.Join(s, ", ")
}
