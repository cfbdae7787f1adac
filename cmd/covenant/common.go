package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/layout"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/report/safefile"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/report/termsbook"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// Flags every report command shares.
var (
	flagTerms    = &cli.StringFlag{Name: "terms", Usage: "contract terms workbook `FILE` (made by \"covenant terms export\"); default: the terms as signed", TakesFile: true}
	flagTemplate = &cli.StringFlag{Name: "template", Usage: "a restyled copy of the report template, `FILE` (default: the built-in one)", TakesFile: true}
	flagOut      = &cli.StringFlag{Name: "out", Usage: "report `FILE` (ending in .xlsx) or folder to write it into", Value: "."}
	flagAsOf     = &cli.StringFlag{Name: "as-of", Usage: "the `DATE` the report speaks as of, YYYY-MM-DD (default: today)"}
	flagJSON     = &cli.BoolFlag{Name: "json", Usage: "print the figures as one JSON object on standard output"}
	flagInPlace  = &cli.BoolFlag{Name: "in-place", Usage: "also write covenant's compliance columns into the input workbook (replaced atomically; refused while another covenant run updates it, or if it changed since it was read)"}
	flagForce    = &cli.BoolFlag{Name: "force", Usage: "with --in-place: replace the workbook even if Excel's lock file says it is open"}
	// flagPreparedBy names the person who prepared a report; without it the
	// report's Prepared by is left blank, for a person to fill in.
	flagPreparedBy = &cli.StringFlag{Name: "prepared-by", Usage: "the `NAME` of the person who prepared the report: shown as its preparer (left blank to fill in without it) and signing its email"}
)

// common holds the options every report command shares.
type common struct {
	TermsPath    string
	TemplatePath string
	Out          string
	AsOf         time.Time
	JSON         bool
	InPlace      bool
	Force        bool
	Stdout       io.Writer
	Stderr       io.Writer
	// Password encrypts the report; LedgerPassword opens an encrypted input
	// (see password.go).
	Password, LedgerPassword string
	// PasswordFile and LedgerPasswordFile are the files they came from, if any.
	PasswordFile, LedgerPasswordFile string
}

func commonFrom(c *cli.Context) (common, error) {
	// the calendar's --out is an .ics file, checked by the calendar itself
	if c.IsSet("out") && c.Command.Name != "calendar" {
		if err := checkOut(c.String("out"), findFlag(c.Command.Flags, "pdf") != nil); err != nil {
			return common{}, err
		}
	}
	o := common{
		TermsPath:    c.String("terms"),
		TemplatePath: c.String("template"),
		Out:          c.String("out"),
		JSON:         c.Bool("json"),
		InPlace:      c.Bool("in-place"),
		Force:        c.Bool("force"),
		Stdout:       c.App.Writer,
		Stderr:       c.App.ErrWriter,
	}
	if err := o.readPasswords(c); err != nil {
		return o, err
	}
	if s := c.String("as-of"); s != "" {
		d, err := parse.Date(s)
		if err != nil {
			return o, usagef("--as-of: %v", err)
		}
		o.AsOf = d
	} else {
		now := time.Now()
		o.AsOf = terms.Date(now.Year(), now.Month(), now.Day())
	}
	return o, nil
}

// loadTerms returns the terms and where they came from.
func (o common) loadTerms() (terms.Terms, string, error) {
	if o.TermsPath == "" {
		return terms.Default(), "embedded default (the agreements as signed)", nil
	}
	// covenant's own reader first: it says what a file that is not a workbook is,
	// and refuses a zip bomb before excelize would expand it
	b, err := xlsx.Open(o.TermsPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return terms.Terms{}, "", usagef("--terms: %v", err)
	case errors.Is(err, xlsx.ErrEncrypted):
		return terms.Terms{}, "", usagef("--terms: %s: the workbook is password-protected; save it as an unencrypted .xlsx workbook", filepath.Base(o.TermsPath))
	case err != nil:
		return terms.Terms{}, "", usagef("--terms: %s: %v", filepath.Base(o.TermsPath), err)
	}
	b.Close()
	t, err := termsbook.Read(o.TermsPath)
	if err != nil {
		return t, "", err
	}
	sum, err := fileSHA256(o.TermsPath)
	if err != nil {
		return t, "", err
	}
	return t, fmt.Sprintf("%s (SHA-256 %s)", filepath.Base(o.TermsPath), sum), nil
}

// template opens the --template file or the built-in template.
func (o common) template(builtin []byte) (*fill.Workbook, error) {
	if o.TemplatePath != "" {
		w, err := fill.OpenFile(o.TemplatePath)
		if err != nil {
			return nil, usagef("--template: %v", err)
		}
		return w, nil
	}
	return fill.Open(builtin)
}

// outputPath resolves --out: a name ending in .xlsx is the file; anything else is
// a folder (created when the report is written) that gets defaultName. The
// report is returned as an output for the overwrite check, named as the user
// named it.
func (o common) outputPath(defaultName string) (string, ioFile) {
	out := o.Out
	if out == "" {
		out = "."
	}
	if strings.EqualFold(filepath.Ext(out), ".xlsx") {
		return out, ioFile{Name: "--out " + out, Path: out, Rename: "give the report another name (--out FILE.xlsx or another folder)"}
	}
	path := filepath.Join(out, defaultName)
	return path, ioFile{Name: fmt.Sprintf("the report %s (--out %s)", path, out), Path: path, Rename: "give --out another folder or a FILE.xlsx"}
}

func (o common) warn(warnings []string) {
	for _, w := range warnings {
		fmt.Fprintln(o.Stderr, "covenant: warning: "+w)
	}
}

func (o common) printJSON(v any) error {
	enc := json.NewEncoder(o.Stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printJSONList prints v as printJSON does, with the array of its field key
// (empty in v) made of n elements given by elem, each encoded as it comes: a
// list as long as the ledger is never built in memory.
func (o common) printJSONList(v any, key string, n int, elem func(i int) (any, error)) error {
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	// a key is the only place a quote is not escaped: the first match is it
	marker := []byte(`"` + key + `":[]`)
	at := bytes.Index(head.Bytes(), marker)
	if at < 0 {
		return fmt.Errorf("JSON output: no empty list %q", key)
	}
	at += len(marker) - 1 // before the "]"
	w := bufio.NewWriterSize(o.Stdout, 64<<10)
	w.Write(head.Bytes()[:at])
	var item bytes.Buffer
	enc = json.NewEncoder(&item)
	enc.SetEscapeHTML(false)
	for i := 0; i < n; i++ {
		e, err := elem(i)
		if err != nil {
			return err
		}
		item.Reset()
		if i > 0 {
			item.WriteByte(',')
		}
		if err := enc.Encode(e); err != nil {
			return err
		}
		w.Write(bytes.TrimSuffix(item.Bytes(), []byte("\n")))
	}
	w.Write(head.Bytes()[at:])
	return w.Flush()
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// nonNil keeps JSON arrays as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// reportRun is what every report command sets up before it reads its input,
// and what it writes: nothing is in place until commit, and close removes
// whatever commit did not put in place.
type reportRun struct {
	o           common
	Terms       terms.Terms
	TermsSource string
	Template    *fill.Workbook
	// inputs are the workbooks or CSV folders the command reads (several
	// --ledger: one a location).
	inputs []*runInput
	// templateSHA256 is the --template's, when one is given.
	templateSHA256 string
	// outputs are the reports (and PDF) written, to be put in place after it.
	outputs []*safefile.Pending
}

// runInput is one workbook, or folder of CSV files, a command reads.
type runInput struct {
	flag, path string
	// label names the input on the audit sheet ("Loan workbook"); empty: the
	// label meta is given.
	label  string
	folder bool
	// files are the files read: the workbook, or the folder's CSV files; read
	// is each as it was read (its SHA-256 goes on the audit sheet).
	files []string
	read  []safefile.Fingerprint
	// lock is held by an --in-place run from before the workbook is read until
	// its replacement is in place.
	lock *safefile.Lock
	// inPlace is the workbook's replacement (--in-place), once written.
	inPlace *safefile.Pending
}

// inputGroup is the inputs one flag names: --ledger, given once a location,
// or --loan. label names them on the audit sheet (empty: meta's label).
type inputGroup struct {
	flag, label string
	paths       []string
}

// prepare refuses an output that is the same file as an input (see
// refuseOverwrite; outputs is the command's, the report first, and more its
// inputs besides the workbooks, the terms, the template and the password
// files), loads the terms, refuses an in-place target that cannot be replaced
// (a folder of CSV files, a workbook open in Excel, read-only, or being
// updated by another covenant run: see safefile.Acquire), opens the template
// and fingerprints every input file for the audit sheet (§5). flag names the
// inputs' flag for messages ("--ledger"); each input is a workbook or a
// folder of CSV files.
func (o common) prepare(inputs []string, flag string, builtin []byte, outputs []ioFile, more ...ioFile) (_ *reportRun, err error) {
	return o.prepareGroups([]inputGroup{{flag: flag, paths: inputs}}, builtin, outputs, more...)
}

// runInputs lists the inputs of groups, each folder with its CSV files,
// refusing a path given twice for one flag; an --in-place run refuses a
// folder.
func (o common) runInputs(groups []inputGroup) ([]*runInput, error) {
	var out []*runInput
	for _, g := range groups {
		first := len(out)
		for _, p := range g.paths {
			in := &runInput{flag: g.flag, label: g.label, path: p, folder: ledger.IsFolder(p), files: []string{p}}
			for _, prev := range out[first:] {
				if sameFile(prev.path, p) {
					return nil, usagef("%s %s is given twice (also as %s %s): give each location's ledger once", g.flag, p, g.flag, prev.path)
				}
			}
			if in.folder {
				if o.InPlace {
					return nil, usagef("--in-place: %s %s %s", g.flag, p, ledger.ErrFolderInPlace)
				}
				var err error
				if in.files, err = ledger.CSVFiles(p); err != nil {
					return nil, err
				}
			}
			out = append(out, in)
		}
	}
	return out, nil
}

// prepareGroups is prepare for the inputs of several flags (covenant status:
// --ledger and --loan). Without a built-in template and --template, no
// template is opened (the calendar writes none).
func (o common) prepareGroups(groups []inputGroup, builtin []byte, outputs []ioFile, more ...ioFile) (_ *reportRun, err error) {
	r := &reportRun{o: o}
	if r.inputs, err = o.runInputs(groups); err != nil {
		return nil, err
	}
	if err := refuseOverwrite(append(o.inputFiles(r.inputs), more...), outputs); err != nil {
		return nil, err
	}
	if r.Terms, r.TermsSource, err = o.loadTerms(); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			r.close()
		}
	}()
	if o.InPlace {
		for _, in := range r.inputs {
			if err := safefile.CheckInPlace(in.path, o.Force); err != nil {
				return nil, err
			}
			lock, took, err := safefile.Acquire(in.path)
			if err != nil {
				return nil, err
			}
			in.lock = lock
			if took != nil {
				o.warn([]string{took.String() + "; covenant checks before replacing the workbook that it is still the file it read"})
			}
		}
	}
	if builtin != nil || o.TemplatePath != "" {
		if r.Template, err = o.template(builtin); err != nil {
			return nil, err
		}
	}
	if o.TemplatePath != "" {
		if r.templateSHA256, err = fileSHA256(o.TemplatePath); err != nil {
			return nil, usagef("--template: %v", err)
		}
	}
	for _, in := range r.inputs {
		for _, f := range in.files {
			fp, err := safefile.Identify(f)
			if err != nil {
				return nil, usagef("%s: %v", in.flag, err)
			}
			in.read = append(in.read, fp)
		}
	}
	return r, nil
}

// writeInPlace writes the first input workbook's replacement (--in-place).
func (r *reportRun) writeInPlace(write func(io.Writer) error) error {
	return r.writeInPlaceOf(0, write)
}

// writeInPlaceOf writes input i's replacement (--in-place) beside it,
// encrypted again when it was; commit puts it in place if the workbook is
// still the file that was read.
func (r *reportRun) writeInPlaceOf(i int, write func(io.Writer) error) error {
	in := r.inputs[i]
	password := ""
	if r.o.LedgerPassword != "" {
		if enc, err := protect.IsEncryptedFile(in.path); err == nil && enc {
			password = r.o.LedgerPassword
		}
	}
	p, err := prepareMaybeEncrypted(in.path, password, &in.read[0], write)
	if err != nil {
		return err
	}
	in.inPlace = p
	return nil
}

// writeOutput writes a report (or the PDF) beside its place, encrypted when
// password is given; commit puts it there.
func (r *reportRun) writeOutput(path, password string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	p, err := prepareMaybeEncrypted(path, password, nil, write)
	if err != nil {
		return err
	}
	r.outputs = append(r.outputs, p)
	return nil
}

// save writes the filled workbook as the report (encrypted with --password-*).
func (r *reportRun) save(w *fill.Workbook, path string, opt fill.Options) error {
	opt.Time = r.o.AsOf
	return r.writeOutput(path, r.o.Password, func(out io.Writer) error { return w.Write(out, opt) })
}

// testHook, when set by a test, runs just before opened ("opened") and commit
// ("commit") check the input: another program saving the workbook then.
var testHook func(at, input string)

// commit puts everything written in place: the inputs' replacements first,
// if each workbook is still the file that was read (else nothing more is
// written and the newer workbook stays), then the reports. A run that only
// read its inputs refuses too when one was written to in place while it was
// read: the report would state a SHA-256 that is not of what it reports on (a
// workbook saved over it by a rename, as Excel and covenant save, left the
// file read as it was: see opened).
func (r *reportRun) commit() error {
	replaced := 0
	for _, in := range r.inputs {
		if in.inPlace != nil {
			replaced++
		}
	}
	for _, in := range r.inputs {
		if testHook != nil {
			testHook("commit", in.path)
		}
		if in.inPlace != nil {
			// with several, every workbook is checked before the first is
			// replaced: they are updated together or not at all (but for a
			// save between the checks and the renames); Commit checks each
			if replaced > 1 {
				if err := in.read[0].Check(in.path); err != nil {
					return err
				}
			}
			continue
		}
		for i, f := range in.files {
			if in.read[i].ChangedInPlace(f) {
				return r.changedWhileRead(f)
			}
		}
	}
	for _, in := range r.inputs {
		if in.inPlace != nil {
			if err := in.inPlace.Commit(); err != nil {
				return err
			}
		}
	}
	for _, p := range r.outputs {
		if err := p.Commit(); err != nil {
			return err
		}
	}
	r.outputs = nil
	// the workbooks are in place: another run may have them now (while this
	// one prints, or sends its email)
	for _, in := range r.inputs {
		in.lock.Release()
		in.lock = nil
	}
	return nil
}

// opened is called once the command has opened its inputs: it refuses an
// input that is no longer the file fingerprinted (another saved over it in
// between), whose SHA-256 the audit sheet would state wrongly.
func (r *reportRun) opened() error {
	for _, in := range r.inputs {
		if testHook != nil {
			testHook("opened", in.path)
		}
		for i, f := range in.files {
			if !in.read[i].Same(f) {
				return r.changedWhileRead(f)
			}
		}
	}
	return nil
}

func (r *reportRun) changedWhileRead(path string) error {
	return &safefile.RefusedError{Path: path, Reason: "changed while covenant read it (another program saved it meanwhile): the report would not be of the workbook whose SHA-256 it states, so nothing was written; run the command again"}
}

// close removes what was written and not committed, and releases the locks.
func (r *reportRun) close() {
	if r.Template != nil {
		r.Template.Close()
	}
	for _, in := range r.inputs {
		in.inPlace.Abort()
		in.lock.Release()
	}
	for _, p := range r.outputs {
		p.Abort()
	}
}

// meta is what the report states about itself: terms, as-of, version, preparer
// (--prepared-by; blank without it: covenant's version goes on the audit sheet,
// not in a field a person signs) and the inputs with their SHA-256 under label:
// each workbook as read and, rewritten in place, as written, each CSV file
// of a folder as read; the template. With several inputs (locations), each
// label names its location.
func (r *reportRun) meta(label, preparedBy string) layout.Meta {
	preparedBy = strings.TrimSpace(preparedBy)
	var inputs []layout.Input
	given := map[string]int{} // inputs a flag names
	for _, in := range r.inputs {
		given[in.flag]++
	}
	for _, in := range r.inputs {
		l := label
		if in.label != "" {
			l = in.label
		}
		if given[in.flag] > 1 || in.folder {
			l = fmt.Sprintf("%s (%s)", l, locationName(in.path))
		}
		for i, f := range in.files {
			m := layout.Input{Label: l, Path: filepath.Base(f), SHA256: in.read[i].SHA256}
			if in.folder {
				m.Path = filepath.Join(locationName(in.path), filepath.Base(f))
			}
			if in.inPlace != nil {
				m.WrittenSHA256 = in.inPlace.SHA256
			}
			inputs = append(inputs, m)
		}
	}
	if r.o.TemplatePath != "" {
		inputs = append(inputs, layout.Input{Label: "Template", Path: filepath.Base(r.o.TemplatePath), SHA256: r.templateSHA256})
	}
	return layout.Meta{
		Terms: r.Terms, TermsSource: r.TermsSource, AsOf: r.o.AsOf, Version: version, PreparedBy: preparedBy,
		Inputs: inputs,
	}
}

// locationName is the name of the location an input stands for: the
// workbook's or folder's name without its extension (as ledger.Ledger's
// Location).
func locationName(path string) string {
	if ledger.IsFolder(path) {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		return filepath.Base(path)
	}
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// inPlaceLine is the line an --in-place run ends with: what it wrote into the
// workbooks, and each workbook's SHA-256 as read and as written (§5).
func (r *reportRun) inPlaceLine(columns []string, sheet string) string {
	var lines []string
	for _, in := range r.inputs {
		if in.inPlace != nil {
			lines = append(lines, fmt.Sprintf("updated %s: columns %v in sheet %s; SHA-256 as read %s, as written %s", in.path, columns, sheet, in.read[0].SHA256, in.inPlace.SHA256))
		}
	}
	return strings.Join(lines, "\n")
}

// inPlaceSHA256 gives the --json fields of an --in-place run: the workbook's
// SHA-256 as read and as written; both empty (and left out) otherwise, and
// with several workbooks (see inPlaceInputs).
func (r *reportRun) inPlaceSHA256() (read, written string) {
	if len(r.inputs) != 1 || r.inputs[0].inPlace == nil {
		return "", ""
	}
	return r.inputs[0].read[0].SHA256, r.inputs[0].inPlace.SHA256
}

// inPlaceJSON is one workbook an --in-place run of several rewrote.
type inPlaceJSON struct {
	Path          string `json:"path"`
	InputSHA256   string `json:"input_sha256"`
	InPlaceSHA256 string `json:"in_place_sha256"`
}

// inPlaceInputs gives the --json list "in_place" of an --in-place run of
// several workbooks: each with its SHA-256 as read and as written; nil
// otherwise (one workbook has input_sha256 and in_place_sha256).
func (r *reportRun) inPlaceInputs() []inPlaceJSON {
	if len(r.inputs) < 2 {
		return nil
	}
	var out []inPlaceJSON
	for _, in := range r.inputs {
		if in.inPlace != nil {
			out = append(out, inPlaceJSON{Path: in.path, InputSHA256: in.read[0].SHA256, InPlaceSHA256: in.inPlace.SHA256})
		}
	}
	return out
}
