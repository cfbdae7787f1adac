package layout

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/templates"
)

func TestCriterion(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Avnet", `"=Avnet"`},
		{"exception", `"=exception"`},
		{`A*B?C~D`, `"=A~*B~?C~~D"`},
		{`say "hi"`, `"=say ""hi"""`},
		{"", `"="`},
	} {
		if got := Criterion(tc.in); got != tc.want {
			t.Errorf("Criterion(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestAuditTable: the audit sheet lists each input with its SHA-256 as read,
// and as written in place when it was rewritten, then the terms, the version,
// the as-of date, the notes and the warnings, in that order.
func TestAuditTable(t *testing.T) {
	for _, tpl := range [][]byte{templates.Monthly, templates.Certificate, templates.LoanFee, templates.Borrowing} {
		w, err := fill.Open(tpl)
		if err != nil {
			t.Fatal(err)
		}
		meta := Meta{Terms: terms.Default(), TermsSource: "embedded", AsOf: time.Date(2003, 11, 3, 0, 0, 0, 0, time.UTC), Version: "9.9", PreparedBy: "Jane Doe",
			Inputs: []Input{{Label: "Ledger", Path: "l.xlsx", SHA256: "aa", WrittenSHA256: "bb"}, {Label: "Template", Path: "t.xlsx", SHA256: "cc"}}}
		AuditTable(w, meta, []string{"a note"}, []string{"a warning"})
		var buf bytes.Buffer
		if err := w.Write(&buf, fill.Options{Time: meta.AsOf}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Audit")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			if len(r) >= 2 && r[0] != "" {
				got = append(got, r[0]+"="+r[1])
			}
		}
		want := []string{"Ledger=l.xlsx", "Ledger SHA-256 as read=aa", "Ledger SHA-256 as written in place=bb", "Template=t.xlsx", "Template SHA-256 as read=cc",
			"Contract terms=embedded", "covenant version=9.9", "As of=2003-11-03", "Prepared by=Jane Doe", "Note=a note", "Warning=a warning"}
		joined := strings.Join(got, "\n")
		if !strings.Contains(joined, strings.Join(want, "\n")) {
			t.Errorf("audit rows:\n%s\nwant, in order:\n%s", joined, strings.Join(want, "\n"))
		}
	}
}
