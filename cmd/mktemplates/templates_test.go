package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestTemplates: each committed template is what its builder makes; every sheet
// prints on Letter, fit to width, with "Page X of Y" and the confidential marking
// (§6, which covers the Loan Agreement too) in its footer; the names the report
// fills are defined.
func TestTemplates(t *testing.T) {
	for _, tc := range []struct {
		file   string
		sheets []string
		footer []string
		names  []string
		extra  func(t *testing.T, f *excelize.File)
	}{
		{
			file:   "monthly.xlsx",
			sheets: []string{"Cover", "Detail", "Summary", "By Supplier", "Exceptions", "Audit"},
			footer: []string{"Confidential: Supplier Agreement §6"},
			names: []string{"Customer", "Distributor", "PeriodStart", "PeriodEnd", "DueDate", "AsOf", "Detail", "Summary", "Suppliers",
				"Exceptions", "Audit", "SupplierChart", "Spend_arrow", "Spend_exception", "Lines_exception", "Spend_return", "Lines_return", "FranchisedSpend", "ArrowShare", "DetailNote",
				"Status", "LinesNotKnownYet"},
		},
		{
			file:   "certificate.xlsx",
			sheets: []string{"Certificate", "Schedule A", "Schedule A-1", "Schedule A-2", "Schedule B", "Schedule B-1", "Schedule C", "Chart", "Audit"},
			footer: []string{"Confidential: Supplier Agreement §6"},
			names:  []string{"Exceptions", "Permitted", "ArrowPurchases", "MinimumSales", "Credits", "Invoices", "InvoiceSubtotals", "ArrowTotal", "Lines_arrow", "Spend_arrow"},
			extra: func(t *testing.T, f *excelize.File) {
				// two portrait pages at full size (issue 15: one page fit to
				// its height printed at 64 %), Part 2 and the signature on
				// the second
				pl, _ := f.GetPageLayout("Certificate")
				props, _ := f.GetSheetProps("Certificate")
				if *pl.Orientation != "portrait" || pl.AdjustTo == nil || *pl.AdjustTo != 100 || props.FitToPage == nil || *props.FitToPage {
					t.Errorf("certificate page layout %s, scale %v, fit to page %v: want portrait at 100 %%", *pl.Orientation, pl.AdjustTo, props.FitToPage)
				}
				found := false
				for _, dn := range f.GetDefinedName() {
					found = found || dn.Name == "_xlnm.Print_Area" && dn.Scope == "Certificate"
				}
				if !found {
					t.Error("the certificate has no print area")
				}
			},
		},
		{
			file:   "breakdown.xlsx",
			sheets: []string{"Breakdown"},
			footer: []string{"Confidential: Supplier Agreement §6"},
			names:  []string{"Customer", "Distributor", "Sent", "AnswerBy", "PreparedBy", "Statement", "Total", "Lines"},
			extra: func(t *testing.T, f *excelize.File) {
				hdr, _ := f.GetRows("Breakdown")
				row := strings.Join(hdr[12], ",")
				if want := "PO Reference,Line,Part Number,Manufacturer,Description,Quantity,Unit Cost Offered,Extended Cost,Proposed Supplier,Need By"; row != want {
					t.Errorf("Lines header %q, want %q", row, want)
				}
				pl, _ := f.GetPageLayout("Breakdown")
				if *pl.Orientation != "landscape" {
					t.Errorf("orientation %s", *pl.Orientation)
				}
			},
		},
		{
			file:   "loanfee.xlsx",
			sheets: []string{"Summary", "Schedule", "Payments", "Credits", "Amortization", "Journal", "Audit"},
			footer: []string{"Confidential", "Amendment No. 10 (A.3, B.3)"},
			names: []string{"Schedule", "Credits", "Amortization", "Journal", "Audit", "BalanceChart", "Execution", "TermEnd", "AsOf",
				"Scheduled", "Waived", "Payable", "Paid", "Outstanding", "Credit", "NetOwed", "ScheduleCredit", "CreditsTotal", "TotalExpense", "WrittenOff", "Check", "Statement", "Notes",
				"Payments", "PaymentsTotal", "GrossExpense", "ReversedExpense", "AmortReversed"},
		},
		{
			file:   "borrowing.xlsx",
			sheets: []string{"Summary", "Chart", "Daily", "Breaches", "Findings", "Interest", "Journal", "Interest Detail", "Audit"},
			footer: []string{"Confidential", "Amendment No. 10 (B.1, B.2)"},
			names: []string{"Daily", "Breaches", "Findings", "FindingCount", "DaysWithoutRate", "Interest", "Journal", "InterestDetail", "Audit", "Chart", "Borrower", "FirstDate", "LastDate",
				"Days", "AsOf", "MaximumLimit", "AdvanceRate", "PeakAdvances", "LowestAvailability", "LargestOveradvance", "DaysInBreach", "BreachCount",
				"InterestAdvances", "InterestTermLoan", "InterestTotal", "InterestTotalAll", "JournalDebits", "JournalCredits", "Statement"},
			extra: func(t *testing.T, f *excelize.File) {
				// the in-place columns are the Daily table's columns too
				hdr, _ := f.GetRows("Daily")
				row := strings.Join(hdr[3], ",")
				for _, c := range []string{"IEC Borrowing Capacity", "Borrowing Capacity", "Availability", "Overadvance", "Overadvance Cap", "Compliant", "Breach"} {
					if !strings.Contains(row, c) {
						t.Errorf("Daily header lacks %q: %s", c, row)
					}
				}
			},
		},
		{
			file:   "status.xlsx",
			sheets: []string{"Where We Stand", "Obligations", "Minimum Sales", "Invoices", "Credits", "Holidays", "This Month", "Breakdowns", "Loan", "Defaults", "Audit"},
			footer: []string{"Confidential: Supplier Agreement §6"},
			names: []string{"Title", "Subtitle", "Count_late", "Count_due", "Count_upcoming", "Count_done", "Count_waived", "Count_moot", "SalesQuarter",
				"SalesRequired", "SalesNetBilled", "SalesPending", "SalesCredits", "SalesNeeded", "SalesDaysLeft", "SalesPerDay", "MonthText", "MonthExceptions",
				"AwaitingCount", "LoanFees", "LoanAvailability", "LoanHeadroom", "LoanNextCap", "DefaultsText", "Urgent", "Obligations", "Daily", "SalesChart",
				"Required", "NetSalesBilled", "CreditsAvailable", "Needed", "BusinessDaysLeft", "PerBusinessDay", "Invoices", "Credits", "Holidays",
				"Exceptions", "Awaiting", "Fees", "Headroom", "DayCap", "Defaults", "Audit"},
			extra: func(t *testing.T, f *excelize.File) {
				pl, _ := f.GetPageLayout("Where We Stand")
				if *pl.Orientation != "portrait" || *pl.FitToWidth != 1 || *pl.FitToHeight != 1 {
					t.Errorf("first page layout %s %d x %d, want portrait fit to 1 x 1", *pl.Orientation, *pl.FitToWidth, *pl.FitToHeight)
				}
			},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			build, ok := builders[tc.file]
			if !ok {
				t.Fatalf("no builder for %s", tc.file)
			}
			path := filepath.Join(t.TempDir(), tc.file)
			build(path)
			made, _ := os.ReadFile(path)
			committed, err := os.ReadFile(filepath.Join("..", "..", "templates", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(made, committed) {
				t.Errorf("templates/%s is stale: run go run ./cmd/mktemplates", tc.file)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(tc.sheets, ",") {
				t.Errorf("sheets %q, want %q", got, tc.sheets)
			}
			for _, sh := range tc.sheets {
				hf, err := f.GetHeaderFooter(sh)
				if err != nil || !strings.Contains(hf.OddFooter, "Page &P of &N") {
					t.Errorf("%s footer %+v lacks Page X of Y", sh, hf)
				}
				for _, want := range tc.footer {
					if !strings.Contains(hf.OddFooter, want) {
						t.Errorf("%s footer %q lacks %q", sh, hf.OddFooter, want)
					}
				}
				pl, err := f.GetPageLayout(sh)
				if err != nil || pl.Size == nil || *pl.Size != 1 || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
					t.Errorf("%s is not set to Letter, fit to one page wide: %+v", sh, pl)
				}
			}
			names := map[string]bool{}
			for _, n := range f.GetDefinedName() {
				names[n.Name] = true
			}
			for _, n := range tc.names {
				if !names[n] {
					t.Errorf("no defined name %q", n)
				}
			}
			// Arial 10 is the default font: the unit of column widths is its
			// digit, the same in Excel and LibreOffice (issue 15)
			if font, err := f.GetDefaultFont(); err != nil || font != "Arial" {
				t.Errorf("default font %q, want Arial", font)
			}
			// the first font of styles.xml is the workbook's default (its
			// children in any order: CT_Font is a choice)
			styles := zipPart(t, path, "xl/styles.xml")
			first := styles[strings.Index(styles, "<fonts"):]
			first = first[strings.Index(first, "<font>"):]
			first = first[:strings.Index(first, "</font>")]
			if !strings.Contains(first, `<name val="Arial">`) || !strings.Contains(first, `<sz val="10">`) {
				t.Errorf("the default font is not Arial 10: %s", first)
			}
			if tc.extra != nil {
				tc.extra(t, f)
			}
		})
	}
}

// zipPart reads one part of a workbook.
func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	t.Fatalf("%s has no part %s", path, name)
	return ""
}
