package spend

import (
	"strings"
	"testing"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/terms"
)

// TestNeedsBreakdown: each reason a proposed line needs no breakdown, and the
// lines that need one, with the names folded as the monthly classification
// folds them.
func TestNeedsBreakdown(t *testing.T) {
	log := []ledger.Breakdown{
		{Row: 2, PONumber: "P-SENT", POLine: 1, Sent: dt(2003, 10, 1, 9, 0)},
		{Row: 3, PONumber: "P-SENT", POLine: 1, Sent: dt(2003, 10, 3, 16, 30), Response: "meet", RespondedAt: dt(2003, 10, 3, 17, 0)},
		{Row: 4, PONumber: "p-whole ", Sent: dt(2003, 10, 2, 8, 15)},
	}
	c := classifier(terms.Default().Supplier, log, nil)
	at := dt(2003, 10, 6, 9, 0)
	for _, tc := range []struct {
		name   string
		p      ledger.Proposed
		needed bool
		why    string
		detail string
	}{
		{"franchised, another supplier", ledger.Proposed{Reference: "P-1", Line: 1, Manufacturer: "Xilinx", Supplier: "Avnet"}, true, "", ""},
		{"a manufacturer with its legal form", ledger.Proposed{Reference: "P-1", Line: 2, Manufacturer: "Analog Devices, Inc.", Supplier: "Avnet"}, true, "", ""},
		{"bought from Arrow", ledger.Proposed{Reference: "P-2", Line: 1, Manufacturer: "Xilinx", Supplier: "Arrow"}, false, "bought from Arrow", "the proposed supplier Arrow is Arrow"},
		{"Arrow by the agreement's long name", ledger.Proposed{Reference: "P-2", Line: 2, Manufacturer: "Xilinx", Supplier: "Arrow CMS Distribution Group of Arrow Electronics, Inc."}, false, "bought from Arrow", ""},
		{"Arrow without the comma", ledger.Proposed{Reference: "P-2", Line: 3, Manufacturer: "Xilinx", Supplier: "ARROW ELECTRONICS INC"}, false, "bought from Arrow", ""},
		{"customer directed", ledger.Proposed{Reference: "P-3", Line: 1, Manufacturer: "Xilinx", Supplier: "Avnet", CustomerDirected: true}, false, "customer directed", "express direction of the customer"},
		{"not on the line card", ledger.Proposed{Reference: "P-4", Line: 1, Manufacturer: "Acme", Supplier: "Avnet"}, false, "not franchised on October 6, 2003", "Acme is not on Arrow's line card on October 6, 2003, so Arrow is not its authorized distributor"},
		{"line card ended", ledger.Proposed{Reference: "P-4", Line: 2, Manufacturer: "Kemet", Supplier: "Avnet"}, false, "not franchised on October 6, 2003", ""},
		{"a near miss", ledger.Proposed{Reference: "P-4", Line: 3, Manufacturer: "Xilnx", Supplier: "Avnet"}, false, "not franchised on October 6, 2003", "close to Xilinx"},
		{"already sent for the line (the latest)", ledger.Proposed{Reference: "P-SENT", Line: 1, Manufacturer: "Xilinx", Supplier: "Avnet"}, false, "already sent on October 3, 2003 at 4:30 PM", "Arrow Responses row 3"},
		{"another line of that PO", ledger.Proposed{Reference: "P-SENT", Line: 2, Manufacturer: "Xilinx", Supplier: "Avnet"}, true, "", ""},
		{"already sent for the whole PO", ledger.Proposed{Reference: "P-WHOLE", Line: 7, Manufacturer: "Xilinx", Supplier: "Avnet"}, false, "already sent on October 2, 2003 at 8:15 AM", "the whole PO"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := c.NeedsBreakdown(&tc.p, at)
			if n.Needed != tc.needed || n.Why != tc.why {
				t.Errorf("needed %v why %q, want %v %q (%s)", n.Needed, n.Why, tc.needed, tc.why, n.Detail)
			}
			if !strings.Contains(n.Detail, tc.detail) {
				t.Errorf("detail %q lacks %q", n.Detail, tc.detail)
			}
			if n.Needed != (n.Detail == "") {
				t.Errorf("needed %v with detail %q", n.Needed, n.Detail)
			}
		})
	}
	// the line card on the --at date: Kemet is on it from June to August 2003
	p := ledger.Proposed{Reference: "P-9", Line: 1, Manufacturer: "Kemet", Supplier: "Avnet"}
	if n := c.NeedsBreakdown(&p, dt(2003, 8, 31, 23, 59)); !n.Needed {
		t.Errorf("Kemet on August 31, 2003: %+v", n)
	}
	if n := c.NeedsBreakdown(&p, dt(2003, 9, 1, 0, 0)); n.Needed || n.Why != "not franchised on September 1, 2003" {
		t.Errorf("Kemet on September 1, 2003: %+v", n)
	}
	// outside the term (§2)
	if n := c.NeedsBreakdown(&p, dt(2006, 1, 2, 9, 0)); n.Needed || n.Why != "outside the term on January 2, 2006" || !strings.Contains(n.Detail, "§2") {
		t.Errorf("after the term: %+v", n)
	}
}
