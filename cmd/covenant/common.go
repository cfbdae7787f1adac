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
	"github.com/covenant-reports/covenant/report/monthly"
	"github.com/covenant-reports/covenant/report/parse"
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
	flagInPlace  = &cli.BoolFlag{Name: "in-place", Usage: "also write covenant's compliance columns into the input workbook (replaced atomically)"}
	flagForce    = &cli.BoolFlag{Name: "force", Usage: "with --in-place: replace the workbook even if Excel's lock file says it is open"}
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
}

func commonFrom(c *cli.Context) (common, error) {
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
// a folder (created when missing) that gets defaultName.
func (o common) outputPath(defaultName string) (string, error) {
	out := o.Out
	if out == "" {
		out = "."
	}
	if strings.EqualFold(filepath.Ext(out), ".xlsx") {
		if dir := filepath.Dir(out); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return "", err
			}
		}
		return out, nil
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	return filepath.Join(out, defaultName), nil
}

// save writes the filled workbook atomically.
func (o common) save(w *fill.Workbook, path string, opt fill.Options) error {
	opt.Time = o.AsOf
	return o.writeReport(path, func(out io.Writer) error { return w.Write(out, opt) })
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

// reportRun is what every report command sets up before it reads its input.
type reportRun struct {
	o           common
	Terms       terms.Terms
	TermsSource string
	Template    *fill.Workbook
	input       string
	inputSHA256 string
}

// prepare loads the terms, refuses an in-place target that cannot be replaced
// (open in Excel, read-only), opens the template and fingerprints the input for
// the audit sheet (§5). flag names the input's flag for messages ("--ledger").
func (o common) prepare(input, flag string, builtin []byte) (*reportRun, error) {
	t, source, err := o.loadTerms()
	if err != nil {
		return nil, err
	}
	if o.InPlace {
		if err := safefile.CheckInPlace(input, o.Force); err != nil {
			return nil, err
		}
	}
	tpl, err := o.template(builtin)
	if err != nil {
		return nil, err
	}
	sum, err := fileSHA256(input)
	if err != nil {
		tpl.Close()
		return nil, usagef("%s: %v", flag, err)
	}
	return &reportRun{o: o, Terms: t, TermsSource: source, Template: tpl, input: input, inputSHA256: sum}, nil
}

// meta is what the report states about itself: terms, as-of, version, preparer
// (default "covenant VERSION") and the input with its SHA-256 under label.
func (r *reportRun) meta(label, preparedBy string) monthly.Meta {
	if preparedBy == "" {
		preparedBy = "covenant " + version
	}
	return monthly.Meta{
		Terms: r.Terms, TermsSource: r.TermsSource, AsOf: r.o.AsOf, Version: version, PreparedBy: preparedBy,
		Inputs: []monthly.Input{{Label: label, Path: filepath.Base(r.input), SHA256: r.inputSHA256}},
	}
}
