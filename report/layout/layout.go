// Package layout holds what every report's layout shares: what a report states
// about itself and its inputs (Meta, Input) and the audit sheet that gives them
// to Arrow's auditors (§5), the exact-match criteria of the COUNTIFS and SUMIFS
// that tie a total to its lines, and the rows of a table of listed PO lines read
// back from spend.Lines. A layout (monthly, certificate, the loan reports) imports
// this package, never another layout.
package layout

import (
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/spend"
	"github.com/covenant-reports/covenant/report/terms"
)

// Input describes where a report came from, for the audit sheet (§5).
type Input struct {
	Label  string // e.g. "Ledger"
	Path   string
	SHA256 string // as read
	// WrittenSHA256 is the workbook's as covenant wrote it back (--in-place);
	// empty when it was only read.
	WrittenSHA256 string
}

// Meta is everything the report states besides the figures.
type Meta struct {
	Terms       terms.Terms
	TermsSource string // "embedded default" or the terms workbook
	AsOf        time.Time
	Inputs      []Input
	Version     string
	PreparedBy  string
}

// Criterion quotes text for a SUMIFS/COUNTIFS criterion that matches it exactly:
// "=" forces equality and wildcards are escaped.
func Criterion(s string) string {
	r := strings.NewReplacer("~", "~~", "*", "~*", "?", "~?", `"`, `""`)
	return `"=` + r.Replace(s) + `"`
}

// LineRows fills table t with one row a line of ls, read back in order (the
// lines may be in a temporary file: a read error ends the workbook's Write).
func LineRows(t *fill.Table, ls *spend.Lines, put func(r *fill.Row, l *spend.Line)) {
	t.RowsErr(func(i int, r *fill.Row) error {
		l, err := ls.At(i)
		if err != nil {
			return err
		}
		put(r, l)
		return nil
	})
}

// AuditTable fills the "Audit" table (§5): inputs with their SHA-256 as read (and
// as written, for a workbook rewritten in place), the terms,
// the tool version, the as-of date, who prepared it (when --prepared-by says),
// notes and warnings.
func AuditTable(w *fill.Workbook, meta Meta, notes, warnings []string) {
	type kv struct{ k, v string }
	var rows []kv
	for _, in := range meta.Inputs {
		rows = append(rows, kv{in.Label, in.Path}, kv{in.Label + " SHA-256 as read", in.SHA256})
		if in.WrittenSHA256 != "" {
			rows = append(rows, kv{in.Label + " SHA-256 as written in place", in.WrittenSHA256})
		}
	}
	rows = append(rows,
		kv{"Contract terms", meta.TermsSource},
		kv{"covenant version", meta.Version},
		kv{"As of", meta.AsOf.Format("2006-01-02")},
	)
	if meta.PreparedBy != "" {
		rows = append(rows, kv{"Prepared by", meta.PreparedBy})
	}
	for _, n := range notes {
		rows = append(rows, kv{"Note", n})
	}
	for _, wn := range warnings {
		rows = append(rows, kv{"Warning", wn})
	}
	a := w.Table("Audit", len(rows))
	a.Rows(func(i int, r *fill.Row) {
		r.Set("Item", fill.Text(rows[i].k))
		r.Set("Value", fill.Text(rows[i].v))
	})
}
