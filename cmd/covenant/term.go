package main

import (
	"errors"
	"time"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/minsales"
	"github.com/covenant-reports/covenant/report/terms"
)

// termAsExtended returns the supplier terms with the term's end moved by the
// extensions Arrow CMS has elected under §4.2(iii) and recorded (the ledger's
// Arrow Notices, known by asOf): §1.2 governs the POs of the term as extended
// (§2), in the monthly report as in the certificate. Without an Extend Term
// notice the terms are returned as they are.
func termAsExtended(s terms.Supplier, l *ledger.Books, asOf time.Time) (terms.Supplier, error) {
	extends := false
	for _, n := range l.Notices {
		extends = extends || n.Kind == ledger.NoticeExtendTerm
	}
	if !extends {
		return s, nil
	}
	qs := minsales.Quarters(s)
	sales, err := minsales.Compute(s, l.Invoices, l.Notices, len(qs)-1, asOf)
	var ne minsales.NoticeErrors
	if errors.As(err, &ne) {
		return s, noticeProblems(l, ne)
	}
	if err != nil {
		return s, err
	}
	s.TermEnd = sales.TermEnd
	return s, nil
}
