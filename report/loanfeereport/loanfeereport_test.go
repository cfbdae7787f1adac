package loanfeereport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/fill"
	"github.com/covenant-reports/covenant/report/loanfee"
	"github.com/covenant-reports/covenant/report/monthly"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/templates"
)

func TestStatementAndRender(t *testing.T) {
	asOf := terms.Date(2002, 11, 20)
	s, err := loanfee.Compute(terms.Default().Loan, loanfee.Input{FullPayment: terms.Date(2002, 10, 10)}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	st := Statement(s)
	for _, want := range []string{
		"As of November 20, 2002, of the $150,000.00 Extension Fee $135,000.00 was waived and $15,000.00 is payable",
		"Late: base-1 ($15,000.00 due Oct 1, 2002).",
		"written off on Full Payment from October 1, 2002 through October 10, 2002",
	} {
		if !strings.Contains(st, want) {
			t.Errorf("statement lacks %q:\n%s", want, st)
		}
	}
	w, err := fill.Open(templates.LoanFee)
	if err != nil {
		t.Fatal(err)
	}
	if err := Render(w, s, monthly.Meta{Terms: terms.Default(), AsOf: asOf, TermsSource: "default", Version: "test"}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := w.Write(&b, fill.Options{Time: time.Date(2002, 11, 20, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Summary,Schedule,Amortization,Journal,Audit" {
		t.Errorf("sheets %v", got)
	}
	// one month, through the Full Payment; the write-off takes the residue as a formula
	if v, _ := f.GetCellValue("Amortization", "A25"); v != "Oct 2002" {
		t.Errorf("month %q", v)
	}
	if fm, _ := f.GetCellFormula("Amortization", "I25"); fm != "F25-G25-H25" {
		t.Errorf("write-off formula %q", fm)
	}
	if v, _ := f.GetCellValue("Amortization", "A26"); v != "" {
		t.Errorf("a second month %q after Full Payment", v)
	}
	charts := 0
	f.Pkg.Range(func(k, _ any) bool {
		if strings.HasPrefix(k.(string), "xl/charts/chart") {
			charts++
		}
		return true
	})
	if charts != 1 {
		t.Errorf("%d charts, want the balance chart", charts)
	}
}
