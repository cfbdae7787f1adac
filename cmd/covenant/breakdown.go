package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/breakdown"
	"github.com/covenant-reports/covenant/report/delivery"
	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/report/safefile"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/templates"
)

// The §1.2 breakdown before a PO: "Customer shall provide Arrow a detailed
// breakdown of any material requirement offered by a supplier on the approved
// vendor list for which Arrow is an authorized distributor, and customer
// desires to place the order with a supplier other than Arrow, prior to
// Purchase Order commitment. Arrow shall respond within 24 hours of receipt
// and will either agree to meet the terms proposed or approve the Purchase
// Order placement with the proposed supplier."
//
// Times: the ledger's Breakdown Sent and Responded At cells are wall-clock
// times with no time zone (the Customer's local time, as the accountant types
// them), and so are --at and --as-of; the default, now, is this computer's
// clock in its local time zone, taken as such a wall-clock time. The 24
// hours are counted on the clock, as the monthly classification counts them.

const minuteLayout = "2006-01-02 15:04"

func init() {
	pendingFlag := &cli.BoolFlag{Name: "pending", Usage: "list the breakdowns in the log that Arrow has not answered, with the time its 24 hours run out, and the answers of the last seven days; nothing is written"}
	commands = append(commands, &cli.Command{
		Name:  "breakdown",
		Usage: "send Arrow the detailed breakdown of the purchases you mean to place elsewhere, before the PO (§1.2), log it, and record Arrow's answer",
		UsageText: "covenant breakdown --ledger FILE [--at \"YYYY-MM-DD HH:MM\"] [--terms FILE] [--out FILE|DIR] [--email-to ADDR[,ADDR] ...] [--json]\n" +
			"   covenant breakdown --ledger FILE --pending [--as-of \"YYYY-MM-DD HH:MM\"] [--json]\n" +
			"   covenant breakdown answer --ledger FILE --reference REF [--line N] (--meet | --approve) --at \"YYYY-MM-DD HH:MM\"",
		Description: "Reads the Proposed sheet of your ledger: the purchases you mean to place with a supplier other than Arrow.\n" +
			"A line needs a breakdown when its manufacturer is on Arrow's line card on the --at date, its supplier\n" +
			"is not Arrow, it is not customer directed and no breakdown for its Reference and Line is in the log\n" +
			"(the Arrow Responses sheet) yet. Those lines go into one breakdown workbook for Arrow\n" +
			"(breakdown-YYYY-MM-DD-HHMM.xlsx): the time it is sent, the time Arrow's 24 hours run out, and each\n" +
			"line with the terms proposed. The others are listed on standard error with why. Once the workbook\n" +
			"is written (and, with --email-to, once the mail server accepted the message) the lines are added\n" +
			"to the Arrow Responses sheet of your ledger (replaced atomically, as --in-place does); a second\n" +
			"run sends nothing new. Times are your local time, as the ledger's are (default: now).",
		Flags: append([]cli.Flag{
			&pathsFlag{&cli.StringFlag{Name: "ledger", Usage: "the ledger workbook `FILE` (sheets Proposed, Franchise, Arrow Responses); with --pending, a folder of CSV files too", TakesFile: true}},
			&cli.StringFlag{Name: "at", Usage: "the `TIME` the breakdown is sent, \"YYYY-MM-DD HH:MM\" (default: now, local time)"},
			pendingFlag,
			&cli.StringFlag{Name: "as-of", Usage: "with --pending: the `TIME` to list the log as of, \"YYYY-MM-DD HH:MM\" (default: now, local time)"},
			&cli.StringFlag{Name: "prepared-by", Usage: "`NAME` shown as the breakdown's preparer"},
			flagTerms, flagTemplate, flagOut, flagForce, flagJSON,
			flagPasswordFile, flagPasswordEnv, flagLedgerPasswordFile, flagLedgerPasswordEnv,
		}, emailFlags("email-to")...),
		Subcommands: []*cli.Command{answerCommand()},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("breakdown: unexpected %q (the command to record Arrow's answer is covenant breakdown answer)", c.Args().First())
			}
			o, err := breakdownCommon(c)
			if err != nil {
				return err
			}
			path, err := oneLedger(c, "breakdown")
			if err != nil {
				return err
			}
			if c.Bool("pending") {
				for _, f := range []string{"at", "out", "template", "prepared-by", "email-to", "password-file", "password-env", "force"} {
					if c.IsSet(f) {
						return usagef("--%s: --pending only lists the log; it sends and writes nothing", f)
					}
				}
				asOf, err := minuteFlag(c, "as-of")
				if err != nil {
					return err
				}
				return runPending(pendingOptions{common: o, Ledger: path, AsOf: asOf})
			}
			if c.IsSet("as-of") {
				return usagef("--as-of goes with --pending; the time a breakdown is sent is --at")
			}
			at, err := minuteFlag(c, "at")
			if err != nil {
				return err
			}
			opts := breakdownOptions{common: o, Ledger: path, At: at, AtGiven: c.IsSet("at"), PreparedBy: c.String("prepared-by")}
			if opts.Email, err = emailFrom(c, "email-to"); err != nil {
				return err
			}
			return runBreakdown(opts)
		},
	})
}

// oneLedger is the one --ledger a breakdown command reads: the log is one
// ledger's (a head office's, for several locations).
func oneLedger(c *cli.Context, cmd string) (string, error) {
	ps := paths(c, "ledger")
	switch {
	case len(ps) == 0:
		return "", usagef("%s: give the ledger workbook with --ledger FILE", cmd)
	case len(ps) > 1:
		return "", usagef("%s: --ledger is given %d times: the breakdown log is one ledger's Arrow Responses sheet; give the --ledger that keeps it (the head office's, for several locations), once", cmd, len(ps))
	}
	return ps[0], nil
}

// breakdownCommon fills the options every breakdown command shares; the
// breakdown log is always written in place.
func breakdownCommon(c *cli.Context) (common, error) {
	o := common{
		TermsPath:    c.String("terms"),
		TemplatePath: c.String("template"),
		Out:          c.String("out"),
		JSON:         c.Bool("json"),
		InPlace:      true,
		Force:        c.Bool("force"),
		Stdout:       c.App.Writer,
		Stderr:       c.App.ErrWriter,
	}
	return o, o.readPasswords(c)
}

// clockNow is the time covenant takes for "now": this computer's clock as a
// wall-clock time, to the minute (a test sets it).
var clockNow = func() time.Time {
	t := time.Now()
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
}

// minuteFlag reads a "YYYY-MM-DD HH:MM" flag (a date with its time of day, as
// the ledger takes them), to the minute; now when it is not given.
func minuteFlag(c *cli.Context, name string) (time.Time, error) {
	s := strings.TrimSpace(c.String(name))
	if s == "" {
		return clockNow(), nil
	}
	return parseMinute("--"+name, s)
}

func parseMinute(flag, s string) (time.Time, error) {
	// a date alone (a time of day always has a colon: midnight is "00:00")
	if d, err := parse.Date(s); err == nil && !strings.Contains(s, ":") {
		return time.Time{}, usagef("%s %s: give the time of day too, as \"YYYY-MM-DD HH:MM\" (e.g. \"%s 09:00\")", flag, s, d.Format("2006-01-02"))
	}
	t, err := parse.DateTime(s)
	if err != nil {
		return time.Time{}, usagef("%s: %v; write \"YYYY-MM-DD HH:MM\", e.g. \"2003-10-06 09:00\"", flag, err)
	}
	return t.Truncate(time.Minute), nil
}

type breakdownOptions struct {
	common
	Ledger     string
	At         time.Time
	AtGiven    bool
	PreparedBy string
	// Email sends the breakdown once written (--email-to; see send.go).
	Email *emailOptions
}

// breakdownJSON is the --json output; its field names are a published
// contract. Sent, AnswerBy and Output are null when no line needed a
// breakdown (nothing was sent).
type breakdownJSON struct {
	Report   string              `json:"report"`
	Sent     *string             `json:"sent"`
	AnswerBy *string             `json:"answer_by"`
	Lines    []breakdownLineJSON `json:"lines"`
	Output   *string             `json:"output"`
	Warnings []string            `json:"warnings"`
	// The ledger's SHA-256 as read and as written, when the log was written (§5).
	InputSHA256   string `json:"input_sha256,omitempty"`
	InPlaceSHA256 string `json:"in_place_sha256,omitempty"`
}

type breakdownLineJSON struct {
	Reference    string `json:"reference"`
	Line         int    `json:"line"`
	PartNumber   string `json:"part_number"`
	Manufacturer string `json:"manufacturer"`
	Quantity     string `json:"quantity"`
	UnitCost     string `json:"unit_cost"`
	ExtendedCost string `json:"extended_cost"`
	Supplier     string `json:"supplier"`
	Needed       bool   `json:"needed"`
	Why          string `json:"why"`
}

// jsonMinute writes a time as the JSON does: "2003-10-06T09:00".
func jsonMinute(t time.Time) string { return t.Format("2006-01-02T15:04") }

func strp(s string) *string { return &s }

// breakdownPath resolves --out: a name ending in .xlsx is the file (refused
// when it exists: it may be a breakdown already sent); anything else is a
// folder that gets breakdown-YYYY-MM-DD-HHMM.xlsx, or -2, -3 … after it when
// a breakdown of that minute is there already (never written over).
func (o breakdownOptions) breakdownPath() (string, ioFile, error) {
	out := o.Out
	if out == "" {
		out = "."
	}
	if strings.EqualFold(filepath.Ext(out), ".xlsx") {
		f := ioFile{Name: "--out " + out, Path: out, Rename: "give the breakdown another name (--out FILE.xlsx or another folder)"}
		if _, err := os.Lstat(out); err == nil {
			return out, f, usagef("--out %s exists: it may be a breakdown already sent to Arrow, which covenant never writes over, and nothing was written; give another name, or a folder", out)
		}
		return out, f, nil
	}
	base := "breakdown-" + o.At.Format("2006-01-02-1504")
	path := filepath.Join(out, base+".xlsx")
	for n := 2; ; n++ {
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			break
		}
		path = filepath.Join(out, fmt.Sprintf("%s-%d.xlsx", base, n))
	}
	return path, ioFile{Name: fmt.Sprintf("the breakdown %s (--out %s)", path, out), Path: path, Rename: "give --out another folder or a FILE.xlsx"}, nil
}

// runBreakdown sends the breakdown of every Proposed line that needs one and
// logs it.
func runBreakdown(o breakdownOptions) error {
	out, outFile, exists := o.breakdownPath()
	outputs, more := []ioFile{outFile}, o.Email.files()
	if o.Email != nil && o.Email.EML != "" {
		outputs = append(outputs, ioFile{Name: "--eml " + o.Email.EML, Path: o.Email.EML, Rename: "give --eml another name"})
	}
	if err := refuseFolder(o.Ledger); err != nil {
		return err
	}
	// the ledger is an input like any other here: covenant writes only its
	// log, never a report over it
	inputs := append(o.inputFiles([]*runInput{{flag: "--ledger", path: o.Ledger, files: []string{o.Ledger}}}), more...)
	inputs[0].Workbook = false
	if err := refuseOverwrite(inputs, outputs); err != nil {
		return err
	}
	if exists != nil {
		return exists
	}
	o.AsOf = terms.Date(o.At.Year(), o.At.Month(), o.At.Day())
	rn, err := o.prepare([]string{o.Ledger}, "--ledger", templates.Breakdown, outputs, more...)
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
	if err := l.ProposedRequired(); err != nil {
		return err
	}
	// §1.2 governs the term as extended by Arrow's recorded elections (§2,
	// §4.2(iii)), as in the monthly report
	supplier, err := termAsExtended(rn.Terms.Supplier, books, o.AsOf)
	if err != nil {
		return err
	}
	cl := spend.NewClassifier(supplier, l.LineCard, l.Breakdowns, nil)
	warnings := append([]string(nil), books.Warnings...)
	answerBy := o.At.Add(time.Duration(supplier.BreakdownResponseHours) * time.Hour)
	var send []ledger.Proposed
	var lines []breakdownLineJSON
	for i := range l.Proposed {
		p := &l.Proposed[i]
		need := cl.NeedsBreakdown(p, o.At)
		lines = append(lines, breakdownLineJSON{
			Reference: p.Reference, Line: p.Line, PartNumber: p.PartNumber, Manufacturer: p.Manufacturer,
			Quantity: p.Quantity.String(), UnitCost: breakdown.UnitCost(p.UnitCost), ExtendedCost: breakdown.ExtendedCost(*p).StringFixed(2),
			Supplier: p.Supplier, Needed: need.Needed, Why: need.Why,
		})
		if need.Needed {
			send = append(send, *p)
			continue
		}
		fmt.Fprintf(o.Stderr, "covenant: %s line %d (%s): no breakdown, %s (%s)\n", p.Reference, p.Line, p.Where(), need.Why, need.Detail)
		if need.Resembles != "" {
			warnings = append(warnings, fmt.Sprintf("%s!%s: the manufacturer %s is not on Arrow's line card, but %s is: if the part is made by %s, correct the name, as the line then needs a breakdown before its PO (§1.2)",
				ledger.SheetProposed, p.ReferenceCell, strings.TrimSpace(p.Manufacturer), need.Resembles, need.Resembles))
		}
	}
	if len(l.Proposed) == 0 {
		warnings = append(warnings, fmt.Sprintf("%s: the Proposed sheet lists no purchase", l.File))
	}
	if len(send) == 0 {
		o.warn(warnings)
		if o.JSON {
			return o.printJSON(breakdownJSON{Report: "breakdown", Lines: nonNil(lines), Warnings: nonNil(warnings)})
		}
		fmt.Fprintf(o.Stdout, "nothing to send: no line of the Proposed sheet of %s needs a breakdown as of %s; nothing was written or sent\n", l.File, o.At.Format(minuteLayout))
		return nil
	}
	if o.Email != nil && o.Email.EML == "" && o.AtGiven {
		if d := o.At.Sub(clockNow()); d > 5*time.Minute || d < -5*time.Minute {
			warnings = append(warnings, fmt.Sprintf("--at %s is not now (%s): the message goes now, but the log records the breakdown as sent at %s and Arrow's %d hours as running out %s",
				o.At.Format(minuteLayout), clockNow().Format(minuteLayout), o.At.Format(minuteLayout), supplier.BreakdownResponseHours, answerBy.Format(minuteLayout)))
		}
	}
	t := rn.Terms.Supplier
	bd := breakdown.Breakdown{
		Customer: t.Customer, Distributor: t.Distributor, DistributorShort: t.DistributorShort,
		Sent: o.At, AnswerBy: answerBy, Hours: supplier.BreakdownResponseHours, PreparedBy: o.PreparedBy, Lines: send,
	}
	if err := breakdown.Render(rn.Template, bd); err != nil {
		return err
	}
	var book bytes.Buffer
	title := fmt.Sprintf("Detailed breakdown before Purchase Order commitment, %s", o.At.Format(minuteLayout))
	if err := rn.Template.Write(&book, fill.Options{Time: o.At, Title: title, Subject: t.Customer + " / " + t.Distributor}); err != nil {
		return err
	}
	data := book.Bytes()
	if o.Password != "" {
		if data, err = protect.Encrypt(data, o.Password); err != nil {
			return err
		}
	}
	if err := rn.writeOutput(out, "", func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return err
	}
	adds := make([]ledger.NewBreakdown, len(send))
	for i, p := range send {
		adds[i] = ledger.NewBreakdown{PONumber: p.Reference, PONumberIsNumber: p.ReferenceNumber, POLine: p.Line, Sent: o.At}
	}
	var rows []int
	if err := rn.writeInPlace(func(w io.Writer) (err error) {
		rows, err = l.AppendBreakdowns(w, adds)
		return err
	}); err != nil {
		return err
	}

	// the message first: nothing is logged unless the server accepted it
	if o.Email != nil {
		e := o.Email
		e.JSONMode = o.JSON
		name := delivery.AttachmentName(t.ShortName(), filepath.Base(out))
		preparedBy := o.PreparedBy
		if preparedBy == "" {
			if a, err := mail.ParseAddress(e.From); err == nil {
				preparedBy = a.Name
			}
		}
		letter := delivery.Letter{To: e.To, Attachments: []string{name}, Encrypted: o.Password != "", PreparedBy: strings.TrimSpace(preparedBy), Organization: t.Customer}
		err := e.deliver(delivery.BreakdownSubject(bd), delivery.BreakdownBody(bd, letter),
			[]delivery.Attachment{{Name: name, Data: data}}, []string{out}, o.Password)
		if err != nil {
			return fmt.Errorf("%w\nnothing was logged: the Arrow Responses sheet of %s and the folder are as they were (the breakdown %s was not kept); run the command again once the message can be sent", err, o.Ledger, out)
		}
	}
	if err := rn.commitBreakdown(l, adds, &rows); err != nil {
		return err
	}
	o.warn(warnings)
	if o.JSON {
		j := breakdownJSON{Report: "breakdown", Sent: strp(jsonMinute(o.At)), AnswerBy: strp(jsonMinute(answerBy)),
			Lines: lines, Output: strp(out), Warnings: nonNil(warnings)}
		j.InputSHA256, j.InPlaceSHA256 = rn.inPlaceSHA256()
		return o.printJSON(j)
	}
	what := "1 line"
	if len(send) != 1 {
		what = fmt.Sprintf("%d lines", len(send))
	}
	fmt.Fprintf(o.Stdout, "wrote %s: the breakdown of %s for %s, sent %s; %s's %d hours run out %s\n",
		out, what, t.DistributorShort, breakdown.When(o.At), t.DistributorShort, supplier.BreakdownResponseHours, breakdown.When(answerBy))
	if o.Email == nil || o.Email.EML != "" {
		how := "send the workbook to Arrow now"
		if o.Email != nil {
			how = "send the message " + o.Email.EML + " now"
		}
		fmt.Fprintf(o.Stdout, "not sent by covenant: %s; the log says it was sent %s, and Arrow's hours count from then (if you send it later, correct Breakdown Sent in the rows below)\n", how, o.At.Format(minuteLayout))
	}
	if in := rn.inputs[0]; in.inPlace != nil {
		fmt.Fprintf(o.Stdout, "updated %s: %s in sheet %s (rows %s); SHA-256 as read %s, as written %s\n",
			o.Ledger, what, ledger.SheetResponses, rowList(rows), in.read[0].SHA256, in.inPlace.SHA256)
	}
	return nil
}

// rowList writes row numbers as "5", "5-7" or "5, 9".
func rowList(rows []int) string {
	if len(rows) == 0 {
		return ""
	}
	consecutive := true
	for i := 1; i < len(rows); i++ {
		consecutive = consecutive && rows[i] == rows[i-1]+1
	}
	if len(rows) > 1 && consecutive {
		return fmt.Sprintf("%d-%d", rows[0], rows[len(rows)-1])
	}
	s := make([]string, len(rows))
	for i, r := range rows {
		s[i] = fmt.Sprint(r)
	}
	return strings.Join(s, ", ")
}

// commitBreakdown puts the breakdown in place, then the ledger with its log.
// When the ledger was saved meanwhile (in Excel: the lock keeps other covenant
// runs out), the breakdown has gone to Arrow all the same: the rows are added
// to the newer ledger instead, once; failing that, the error says which rows to
// add by hand.
func (r *reportRun) commitBreakdown(l *ledger.Ledger, adds []ledger.NewBreakdown, rows *[]int) error {
	in := r.inputs[0]
	if testHook != nil {
		testHook("commit", in.path)
	}
	for _, p := range r.outputs {
		if err := p.Commit(); err != nil {
			return err
		}
	}
	r.outputs = nil
	err := in.inPlace.Commit()
	var refused *safefile.RefusedError
	if errors.As(err, &refused) {
		r.o.warn([]string{fmt.Sprintf("%s was saved by another program after covenant read it: the breakdown is sent, so its rows are added to the workbook as it is now", in.path)})
		err = r.relog(adds, rows)
	}
	if err != nil {
		var hand []string
		for _, a := range adds {
			hand = append(hand, fmt.Sprintf("%s line %d sent %s", a.PONumber, a.POLine, a.Sent.Format(minuteLayout)))
		}
		return fmt.Errorf("%w\nthe breakdown was sent but not logged: add these rows to the Arrow Responses sheet of %s by hand: %s", err, in.path, strings.Join(hand, "; "))
	}
	in.lock.Release()
	in.lock = nil
	return nil
}

// relog appends the rows to the ledger as it is now (those not in its log
// yet) and puts it in place.
func (r *reportRun) relog(adds []ledger.NewBreakdown, rows *[]int) error {
	in := r.inputs[0]
	fp, err := safefile.Identify(in.path)
	if err != nil {
		return err
	}
	in.read[0] = fp
	books, l, err := openLog(in.path, r.o.ledgerOptions(r.Terms))
	if err != nil {
		return err
	}
	defer books.Close()
	var todo []ledger.NewBreakdown
	for _, a := range adds {
		logged := false
		for _, b := range l.Breakdowns {
			logged = logged || strings.EqualFold(strings.TrimSpace(b.PONumber), strings.TrimSpace(a.PONumber)) && b.POLine == a.POLine && b.Sent.Equal(a.Sent)
		}
		if !logged {
			todo = append(todo, a)
		}
	}
	if len(todo) == 0 {
		*rows = nil
		in.inPlace = nil
		return nil
	}
	if err := r.writeInPlace(func(w io.Writer) (err error) {
		*rows, err = l.AppendBreakdowns(w, todo)
		return err
	}); err != nil {
		return err
	}
	return in.inPlace.Commit()
}

// openLog opens the ledger whose breakdown log a command reads or writes, as
// the books of one location: l is its ledger.
func openLog(path string, opts []ledger.Option) (books *ledger.Books, l *ledger.Ledger, err error) {
	if books, err = ledger.OpenBooks([]string{path}, opts...); err != nil {
		return nil, nil, err
	}
	return books, books.Ledgers[0], nil
}

// refuseFolder refuses a folder of CSV files as the ledger a breakdown is
// logged into (--pending reads one).
func refuseFolder(path string) error {
	if ledger.IsFolder(path) {
		return usagef("--ledger %s is a folder of CSV files: covenant writes the breakdown log into a workbook only, and nothing was sent or written; open the files in Excel and save them as one workbook (.xlsx) with one sheet each (Purchases, Franchise, Arrow Responses, Proposed, ...), then give covenant that workbook", path)
	}
	return nil
}
