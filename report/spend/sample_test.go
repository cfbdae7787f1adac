package spend

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

// reasonKeys are parts of every kind of reason §1.2, §1.5 and §2 give.
var reasonKeys = []string{"no breakdown", "no response within", "more than 24 hours", "approved", "meet the terms", "past due",
	"express direction", "credit limitation", "not on Arrow's line card", "bought from Arrow",
	"before the PO was committed", "before the PO date", "record the PO's time", "before the approval", "before the release",
	"after the PO date", "returned to", "the name is close to"}

// TestSampleLedgerHasEveryOutcome reads samples/ledger-2003.xlsx and checks that
// every classification and every reason of §1.2 occurs in it, so the demo shows
// them all.
func TestSampleLedgerHasEveryOutcome(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "samples", "ledger-2003.xlsx")
	l, err := ledger.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c := NewClassifier(terms.Default().Supplier, l.LineCard, l.Breakdowns, l.Invoices)
	classes := map[Class]int{}
	reasons := map[string]int{}
	perMonth := map[string]int{}
	err = l.Purchases(func(line *ledger.POLine) {
		r := c.Classify(line)
		classes[r.Class]++
		perMonth[line.PODate.Format("2006-01")]++
		for _, key := range reasonKeys {
			if contains(r.Reason, key) {
				reasons[key]++
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range append([]Class{OutOfScope}, Classes...) {
		if classes[cl] == 0 {
			t.Errorf("no %s line in the sample", cl)
		}
	}
	for _, key := range reasonKeys {
		if reasons[key] == 0 {
			t.Errorf("no line with reason %q", key)
		}
	}
	for m := 1; m <= 12; m++ {
		k := terms.Date(2003, 1, 1).AddDate(0, m-1, 0).Format("2006-01")
		if perMonth[k] < 1000 {
			t.Errorf("%s has %d lines, want at least 1,000", k, perMonth[k])
		}
	}
	t.Logf("classes %v", classes)
}
