// Package termsbook holds the contract terms as a workbook an accountant can edit,
// e.g. to enter the 2004 minimums when they are redefined (§1.3). Export writes a
// terms.Terms as an .xlsx workbook; Read reads such a workbook back, checking every
// cell and then the terms as a whole (terms.Validate).
//
// The workbook has ten sheets. Supplier and Loan are key/value sheets with the
// columns Term | Value | Clause | Meaning, one row per term; the others are lists
// with a header row: Distributor Names (Name), Notice Address (Line), Notice
// Copies (Copy | Line: the lines of each §7.5 copy under its number), Minimum Sales
// (Quarter End | Minimum | Note), Lenders (Name), Fee Installments (ID | Fee | Due
// Date | Amount), Overadvance Caps (From | To | Cap), Pricing Grid (Facility |
// From | To | Margin Percent) and Columns (Sheet | Column | Also Called: the
// names the columns of the ledger and loan workbooks are read under besides
// their own, terms.Terms.Columns).
//
// Read finds sheets by name and key/value rows by their Term text, and list columns
// by their header text, ignoring case, spaces and punctuation; rows and columns may
// be in any order and extra rows, columns and sheets are ignored. Values are
// accepted as typed: real dates or date text, numbers or money text, Y/N. Clause,
// Meaning and Note are documentation and are not checked (Note is kept in
// terms.Quarter). Every sheet and every term is required: an edited workbook must be
// complete, and nothing falls back to terms.Default(); only the Columns sheet, added
// after the others, may be left out (the built-in names are then read).
package termsbook

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/terms"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// Sheet names.
const (
	SheetSupplier         = "Supplier"
	SheetDistributorNames = "Distributor Names"
	SheetNoticeAddress    = "Notice Address"
	SheetNoticeCopies     = "Notice Copies"
	SheetMinimumSales     = "Minimum Sales"
	SheetLoan             = "Loan"
	SheetLenders          = "Lenders"
	SheetFeeInstallments  = "Fee Installments"
	SheetOveradvanceCaps  = "Overadvance Caps"
	SheetPricingGrid      = "Pricing Grid"
	// SheetColumns lists the names the columns of the ledger and loan
	// workbooks go by (terms.Terms.Columns).
	SheetColumns = "Columns"
)

// Column headers.
const (
	colTerm    = "Term"
	colValue   = "Value"
	colClause  = "Clause"
	colMeaning = "Meaning"
	colName    = "Name"
	colLine    = "Line"
	colCopy    = "Copy"
	colEnd     = "Quarter End"
	colMinimum = "Minimum"
	colNote    = "Note"
	colID      = "ID"
	colFee     = "Fee"
	colDue     = "Due Date"
	colAmount  = "Amount"
	colFrom    = "From"
	colTo      = "To"
	colCap     = "Cap"
	colFacil   = "Facility"
	colMargin  = "Margin Percent"
	colSheet   = "Sheet"
	colColumn  = "Column"
	colAlso    = "Also Called"
)

// docTimestamp is the fixed creation and modification time of an exported
// workbook (the date of the Supplier Agreement), so that the same Terms always
// give the same bytes.
const docTimestamp = "2002-12-27T00:00:00Z"

// kvTerm is one row of a key/value sheet (Supplier, Loan).
type kvTerm struct {
	label   string
	clause  string
	meaning string
	// field returns a pointer into t: *string, *time.Time, *decimal.Decimal, *int,
	// *bool or *time.Weekday.
	field func(t *terms.Terms) any
	// blankOK allows a blank value (text only).
	blankOK bool
	// optional allows the row to be missing (a term added after terms
	// workbooks were first exported): the value is then as if blank.
	optional bool
	// percent marks a fraction shown as a percentage (Advance Rate).
	percent bool
	// affects names further terms.Validate fields whose problems follow from a bad
	// value here and are not reported again.
	affects []string
	// absent, when set, is what a workbook without the row gets (one exported
	// before covenant had the setting), instead of a problem.
	absent func(t *terms.Terms)
}

var supplierTerms = []kvTerm{
	{label: "Customer", clause: "Preamble", meaning: "The buyer bound by the Supplier Agreement.",
		field: func(t *terms.Terms) any { return &t.Supplier.Customer }},
	{label: "Customer Address", clause: "Preamble", meaning: "The Customer's principal place of business.",
		field: func(t *terms.Terms) any { return &t.Supplier.CustomerAddress }},
	{label: "Distributor", clause: "Preamble", meaning: "The distributor's full name.",
		field: func(t *terms.Terms) any { return &t.Supplier.Distributor }},
	{label: "Distributor Short Name", clause: "Preamble", meaning: "The name the agreement uses for the distributor; the ledger names are on sheet Distributor Names.",
		field: func(t *terms.Terms) any { return &t.Supplier.DistributorShort }},
	{label: "Agreement Date", clause: "Preamble, §2", meaning: "The date the agreement is entered into; the term and the first Minimum Sales quarter begin on it (§2: \"shall begin as of the date first above written\").",
		field: func(t *terms.Terms) any { return &t.Supplier.AgreementDate }, affects: []string{"Term End", "Minimum Sales quarter 1"}},
	{label: "Term End", clause: "§2", meaning: "The agreement expires on this day unless extended (§4.2(iii): Arrow CMS may extend it one calendar quarter per missed quarter; record its election in the ledger's Arrow Notices sheet).",
		field: func(t *terms.Terms) any { return &t.Supplier.TermEnd }},
	{label: "Signer Name", clause: "§1.2", meaning: "Who signs the quarterly certificate; leave blank to leave a line to sign by hand.",
		field: func(t *terms.Terms) any { return &t.Supplier.SignerName }, blankOK: true},
	{label: "Signer Title", clause: "§1.2", meaning: "The signer's title: the certificate is signed by the Customer's President.",
		field: func(t *terms.Terms) any { return &t.Supplier.SignerTitle }},
	{label: "Breakdown Response Hours", clause: "§1.2", meaning: "Hours Arrow has to answer a breakdown of a requirement offered by another supplier.",
		field: func(t *terms.Terms) any { return &t.Supplier.BreakdownResponseHours }},
	{label: "Annual Estimate", clause: "§1.3", meaning: "The parties' estimate of the Customer's Requirements per year.",
		field: func(t *terms.Terms) any { return &t.Supplier.AnnualEstimate }},
	{label: "Carry Forward Quarters", clause: "§1.3", meaning: "Purchases above a quarter's minimum count toward up to this many following quarters.",
		field: func(t *terms.Terms) any { return &t.Supplier.CarryForwardQuarters }},
	{label: "Monthly Report Weekday", clause: "§1.2", meaning: "The monthly spend report is due by the first such weekday after the month ends.",
		field: func(t *terms.Terms) any { return &t.Supplier.MonthlyReportWeekday }},
	{label: "Due On Next Business Day", clause: "§1.3, §1.5", meaning: "Y: an Arrow invoice due on a Saturday, a Sunday or a US federal holiday is payable the next business day, for \"paid within its terms\" (§1.3) and for a payment in default (§1.5) alike.",
		field: func(t *terms.Terms) any { return &t.Supplier.DueOnNextBusinessDay }},
	{label: "Customer Short Name", clause: "Preamble", meaning: "Begins the name of a report attached to an email (IEC-monthly-2003-10.xlsx); the file on disk keeps its name. Blank: the first word of the Customer's name.",
		field: func(t *terms.Terms) any { return &t.Supplier.CustomerShort }, blankOK: true, optional: true},
	{label: "Cross Default Loan", clause: "§4.1", meaning: "A default of any loan document evidencing a loan in excess of this amount is an event of default of the Supplier Agreement.",
		field:  func(t *terms.Terms) any { return &t.Supplier.CrossDefaultLoan },
		absent: func(t *terms.Terms) { t.Supplier.CrossDefaultLoan = terms.Default().Supplier.CrossDefaultLoan }},
	{label: "Warning Days", clause: "covenant setting", meaning: "Not a contract term: covenant status and covenant calendar show an obligation of either agreement as due from this many days before its due date (0: only on the day).",
		field:  func(t *terms.Terms) any { return &t.WarningDays },
		absent: func(t *terms.Terms) { t.WarningDays = terms.DefaultWarningDays }},
}

var loanTerms = []kvTerm{
	{label: "Borrower", clause: "Preamble", meaning: "The Debtor under the Loan and Security Agreement.",
		field: func(t *terms.Terms) any { return &t.Loan.Borrower }},
	{label: "Agent", clause: "Preamble", meaning: "The Agent for the Lenders; the Lenders are on sheet Lenders.",
		field: func(t *terms.Terms) any { return &t.Loan.Agent }},
	{label: "Amendment Date", clause: "Preamble", meaning: "Amendment No. 10 is dated as of this day.",
		field: func(t *terms.Terms) any { return &t.Loan.AmendmentDate }},
	{label: "Initial Term End", clause: "Amendment B.3", meaning: "The Initial Term expires on this day; there is no Renewal Term.",
		field: func(t *terms.Terms) any { return &t.Loan.InitialTermEnd }},
	{label: "Extension Fee", clause: "Amendment A.3", meaning: "The whole Extension Fee; the installments on sheet Fee Installments must add up to it.",
		field: func(t *terms.Terms) any { return &t.Loan.ExtensionFee }},
	{label: "Additional Fee Waiver Deadline", clause: "Amendment A.3", meaning: "A Purchase Offer or Financing Commitment delivered by this day waives the Additional Fee installments due on or after delivery.",
		field: func(t *terms.Terms) any { return &t.Loan.AdditionalFeeWaiverDeadline }},
	{label: "Maximum Limit", clause: "Amendment B.1", meaning: "The Maximum Limit of Borrowing Capacity; Advances and Overadvances together may not exceed it.",
		field: func(t *terms.Terms) any { return &t.Loan.MaximumLimit }},
	{label: "Advance Rate", clause: "Amendment B.1", meaning: "The share of the IEC Receivables Borrowing Base that may be borrowed (85%; 0.85, 85 and 85% all read as 85%).",
		field: func(t *terms.Terms) any { return &t.Loan.AdvanceRate }, percent: true},
	{label: "Day Count Basis", clause: "Loan and Security Agreement", meaning: "Days in the interest year: 360 or 365.",
		field: func(t *terms.Terms) any { return &t.Loan.DayCountBasis }},
	{label: "Deferred Financing Cost Account", clause: "Chart of accounts", meaning: "Ledger account debited when the Extension Fee is earned.",
		field: func(t *terms.Terms) any { return &t.Loan.Accounts.DeferredFinancingCost }},
	{label: "Extension Fee Payable Account", clause: "Chart of accounts", meaning: "Ledger account credited for Extension Fee installments not yet paid.",
		field: func(t *terms.Terms) any { return &t.Loan.Accounts.ExtensionFeePayable }},
	{label: "Amortization Expense Account", clause: "Chart of accounts", meaning: "Ledger account for amortizing the deferred financing cost over the term.",
		field: func(t *terms.Terms) any { return &t.Loan.Accounts.AmortizationExpense }},
	{label: "Loss On Extinguishment Account", clause: "Chart of accounts", meaning: "Ledger account for the unamortized cost written off when the loan is repaid early.",
		field: func(t *terms.Terms) any { return &t.Loan.Accounts.LossOnExtinguishment }},
	{label: "Cash Account", clause: "Chart of accounts", meaning: "Ledger account credited when a fee installment or interest is paid.",
		field: func(t *terms.Terms) any { return &t.Loan.Accounts.Cash }},
	{label: "Interest Expense Account", clause: "Chart of accounts", meaning: "Ledger account debited for interest at the Prime Rate plus the margin (Amendment B.2).",
		field: func(t *terms.Terms) any { return &t.Loan.Accounts.InterestExpense }},
	{label: "Interest Payable Account", clause: "Chart of accounts", meaning: "Ledger account credited for interest accrued and not yet paid.",
		field: func(t *terms.Terms) any { return &t.Loan.Accounts.InterestPayable }},
	{label: "Purchase Offer Due", clause: "§10.19 (Amendment B.4)", meaning: "Unless the Indebtedness is sooner repaid, the Debtor delivers a satisfactory letter of intent or term sheet to purchase substantially all its assets, business or stock (the Purchase Offer) to the Agent and the Lenders by this day.",
		field:  func(t *terms.Terms) any { return &t.Loan.PurchaseOfferDue },
		absent: func(t *terms.Terms) { t.Loan.PurchaseOfferDue = terms.Default().Loan.PurchaseOfferDue }},
	{label: "Texas Property Due", clause: "§10.21 (Amendment B.5)", meaning: "The Debtor delivers to the Agent by this day a copy of an executed bona fide purchase offer for the Edinburg, Texas property, or of an executed auction agreement for it.",
		field:  func(t *terms.Terms) any { return &t.Loan.TexasPropertyDue },
		absent: func(t *terms.Terms) { t.Loan.TexasPropertyDue = terms.Default().Loan.TexasPropertyDue }},
	{label: "Texas Auction By", clause: "§10.21 (Amendment B.5)", meaning: "An auction agreement delivered under §10.21(ii) is for a commercially reasonable auction of the Edinburg, Texas property by this day.",
		field:  func(t *terms.Terms) any { return &t.Loan.TexasAuctionBy },
		absent: func(t *terms.Terms) { t.Loan.TexasAuctionBy = terms.Default().Loan.TexasAuctionBy }},
}

// Export

type styles struct {
	bold, date, money, percent, margin int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	numFmt := func(s string) *string { return &s }
	s.bold = mk(&excelize.Style{Font: &excelize.Font{Bold: true}})
	s.date = mk(&excelize.Style{CustomNumFmt: numFmt("m/d/yyyy"), Alignment: &excelize.Alignment{Horizontal: "left"}})
	s.money = mk(&excelize.Style{CustomNumFmt: numFmt("#,##0.00")})
	s.percent = mk(&excelize.Style{CustomNumFmt: numFmt("0.00%")})
	s.margin = mk(&excelize.Style{CustomNumFmt: numFmt("0.00")})
	return s, err
}

// value is one cell to write: nil leaves it blank.
type value struct {
	v     any
	style int
}

var frozenHeader = excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
	Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}

// writeSheet writes a sheet: a bold frozen header on row 1 and the rows below.
func writeSheet(f *excelize.File, st styles, name string, header []string, widths []float64, rows [][]value) error {
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	for c, h := range header {
		col, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetCellStr(name, col+"1", h); err != nil {
			return err
		}
		if err := f.SetColWidth(name, col, col, widths[c]); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(header), 1)
	if err := f.SetCellStyle(name, "A1", last, st.bold); err != nil {
		return err
	}
	if err := f.SetPanes(name, &frozenHeader); err != nil {
		return err
	}
	for i, row := range rows {
		for c, v := range row {
			if v.v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
			var err error
			switch x := v.v.(type) {
			case string:
				err = f.SetCellStr(name, cell, x)
			case float64:
				err = f.SetCellFloat(name, cell, x, -1, 64)
			case int:
				err = f.SetCellInt(name, cell, int64(x))
			default:
				err = fmt.Errorf("termsbook: cannot write %T", v.v)
			}
			if err != nil {
				return err
			}
			if v.style != 0 {
				if err := f.SetCellStyle(name, cell, cell, v.style); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func text(s string) value {
	if s == "" {
		return value{}
	}
	return value{v: s}
}

func (st styles) dateValue(t time.Time) value {
	if t.IsZero() {
		return value{}
	}
	return value{v: calendar.ToSerial(t), style: st.date}
}

func (st styles) moneyValue(d decimal.Decimal) value {
	return value{v: d.InexactFloat64(), style: st.money}
}

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

func (st styles) kvRows(t *terms.Terms, list []kvTerm) ([][]value, error) {
	rows := make([][]value, 0, len(list))
	for _, k := range list {
		var v value
		switch p := k.field(t).(type) {
		case *string:
			v = text(*p)
		case *time.Time:
			v = st.dateValue(*p)
		case *decimal.Decimal:
			v = st.moneyValue(*p)
			if k.percent {
				v.style = st.percent
			}
		case *int:
			v = value{v: *p}
		case *bool:
			v = value{v: yn(*p)}
		case *time.Weekday:
			v = value{v: p.String()}
		default:
			return nil, fmt.Errorf("termsbook: term %s has unsupported type %T", k.label, p)
		}
		rows = append(rows, []value{{v: k.label}, v, text(k.clause), text(k.meaning)})
	}
	return rows, nil
}

// copies lists the §7.5 copies one line a row, each row numbered with its copy.
func copies(list [][]string) [][]value {
	var rows [][]value
	for i, c := range list {
		for _, line := range c {
			rows = append(rows, []value{{v: i + 1}, text(line)})
		}
	}
	return rows
}

func names(list []string) [][]value {
	rows := make([][]value, 0, len(list))
	for _, s := range list {
		rows = append(rows, []value{text(s)})
	}
	return rows
}

// Export writes t to w as a terms workbook (.xlsx). The same Terms always give
// the same bytes.
func Export(t terms.Terms, w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	kvHeader := []string{colTerm, colValue, colClause, colMeaning}
	kvWidths := []float64{32, 52, 28, 100}

	supplier, err := st.kvRows(&t, supplierTerms)
	if err != nil {
		return err
	}
	loan, err := st.kvRows(&t, loanTerms)
	if err != nil {
		return err
	}
	var quarters [][]value
	for _, q := range t.Supplier.Quarters {
		minimum := value{}
		if q.Minimum != nil {
			minimum = st.moneyValue(*q.Minimum)
		}
		quarters = append(quarters, []value{st.dateValue(q.End), minimum, text(q.Note)})
	}
	var installments [][]value
	for _, in := range t.Loan.Installments {
		installments = append(installments, []value{text(in.ID), text(in.Fee), st.dateValue(in.Due), st.moneyValue(in.Amount)})
	}
	var caps [][]value
	for _, c := range t.Loan.OveradvanceCaps {
		caps = append(caps, []value{st.dateValue(c.From), st.dateValue(c.To), st.moneyValue(c.Amount)})
	}
	var grid [][]value
	for _, p := range t.Loan.PricingGrid {
		grid = append(grid, []value{text(p.Facility), st.dateValue(p.From), st.dateValue(p.To), {v: p.MarginPercent.InexactFloat64(), style: st.margin}})
	}
	columnNames := t.Columns
	if columnNames == nil {
		columnNames = ledger.ColumnNames()
	}
	var columns [][]value
	for _, n := range columnNames {
		columns = append(columns, []value{text(n.Sheet), text(n.Column), text(n.Name)})
	}

	sheets := []struct {
		name   string
		header []string
		widths []float64
		rows   [][]value
	}{
		{SheetSupplier, kvHeader, kvWidths, supplier},
		{SheetDistributorNames, []string{colName}, []float64{40}, names(t.Supplier.DistributorNames)},
		{SheetNoticeAddress, []string{colLine}, []float64{40}, names(t.Supplier.NoticeAddress)},
		{SheetNoticeCopies, []string{colCopy, colLine}, []float64{10, 55}, copies(t.Supplier.NoticeCopies)},
		{SheetMinimumSales, []string{colEnd, colMinimum, colNote}, []float64{13, 16, 75}, quarters},
		{SheetLoan, kvHeader, kvWidths, loan},
		{SheetLenders, []string{colName}, []float64{40}, names(t.Loan.Lenders)},
		{SheetFeeInstallments, []string{colID, colFee, colDue, colAmount}, []float64{14, 12, 12, 14}, installments},
		{SheetOveradvanceCaps, []string{colFrom, colTo, colCap}, []float64{12, 12, 14}, caps},
		{SheetPricingGrid, []string{colFacil, colFrom, colTo, colMargin}, []float64{12, 12, 12, 15}, grid},
		{SheetColumns, []string{colSheet, colColumn, colAlso}, []float64{18, 28, 36}, columns},
	}
	for _, s := range sheets {
		if err := writeSheet(f, st, s.name, s.header, s.widths, s.rows); err != nil {
			return err
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Created:        docTimestamp,
		Modified:       docTimestamp,
		Creator:        "covenant",
		LastModifiedBy: "covenant",
		Title:          "Contract terms",
		Description:    "Supplier Agreement of December 27, 2002 and Amendment No. 10 to the Loan and Security Agreement",
	}); err != nil {
		return err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	// dimensions, column order and core properties as Excel writes them (issue 15)
	return xlsx.Tidy(w, buf.Bytes())
}

// Read

// Read reads a terms workbook written by Export and perhaps edited since. Every
// problem is reported, each with its file, sheet and cell, as one *ledger.Errors
// holding *ledger.Error items; on error the Terms returned are incomplete.
//
// Values are read as follows:
//   - dates: a real date (a number formatted as a date, or any number, read as an
//     Excel serial date) or date text such as 2003-03-28 or 3/28/2003 (parse.Date);
//   - amounts: a number, or money text such as $1,500,000.00 (parse.Money);
//   - whole numbers (hours, quarters, day count basis): a number or number text;
//   - Y/N: Y, Yes, True, X, 1 or N, No, False, 0 (parse.Bool), or a TRUE/FALSE cell;
//   - Monthly Report Weekday: a weekday name, Friday or Fri;
//   - Advance Rate is normalized to a fraction: text with a % sign is a
//     percentage ("85%" is 0.85); any other number or number text above 1 is a
//     percentage (85 is 0.85) and one of at most 1 is the fraction itself (0.85,
//     which a cell formatted as a percentage shows as 85.00%). So 1 is 100%, and
//     a rate of 1% must be written "1%" or 0.01;
//   - Margin Percent is percentage points (3.5 means Prime plus 3.5%); "3.5%" and a
//     cell formatted as a percentage holding 0.035 are read as 3.5 too.
//
// Blank cells: Signer Name may be blank; a blank Minimum is a minimum not yet
// defined; a blank Due Date is due on the date of execution; a blank overadvance
// To is open-ended; a blank Note is allowed. Every other value is required.
//
// After the cells, the terms are checked with terms.Validate; each problem is
// reported at the cell it concerns when there is one, else on its sheet. Problems
// that follow from a cell already reported (a sum including an unreadable amount)
// are left out.
func Read(path string) (terms.Terms, error) {
	r := &reader{
		file:    filepath.Base(path),
		spoiled: map[string]bool{},
		kv:      map[string]location{},
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		r.add("", "", "", openError(err))
		return terms.Terms{}, r.err()
	}
	defer f.Close()
	r.f = f
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	var t terms.Terms
	r.current = &t
	r.readKV(SheetSupplier, supplierTerms, &t)
	t.Supplier.DistributorNames = r.readNames(SheetDistributorNames, colName, "Distributor Names")
	t.Supplier.NoticeAddress = r.readNames(SheetNoticeAddress, colLine)
	// a terms workbook exported before the §7.5 copies were held in the terms
	// has no Notice Copies sheet: it gets the copies of the agreement as signed
	if i, err := f.GetSheetIndex(SheetNoticeCopies); err == nil && i >= 0 {
		t.Supplier.NoticeCopies = r.readCopies()
	} else {
		t.Supplier.NoticeCopies = terms.Default().Supplier.NoticeCopies
	}
	r.readQuarters(&t)
	r.readKV(SheetLoan, loanTerms, &t)
	t.Loan.Lenders = r.readNames(SheetLenders, colName)
	r.readInstallments(&t)
	r.readCaps(&t)
	r.readPricing(&t)
	t.Columns = r.readColumns()
	for _, p := range t.Validate() {
		r.problem(p)
	}
	return t, r.err()
}

func openError(err error) error {
	switch {
	case errors.Is(err, excelize.ErrWorkbookPassword):
		return errors.New("the workbook is password-protected; save it as an unencrypted .xlsx workbook")
	case errors.Is(err, excelize.ErrWorkbookFileFormat):
		return errors.New("not an .xlsx workbook; save it as an Excel workbook (.xlsx)")
	}
	return err
}

// location is where a terms.Validate field lives in the workbook.
type location struct {
	sheet, cell, column string
}

type reader struct {
	f        *excelize.File
	file     string
	date1904 bool
	errs     ledger.Errors
	// spoiled holds the HeaderKey of terms.Validate fields not to report.
	spoiled map[string]bool
	// kv maps the HeaderKey of a key/value term to its value cell.
	kv map[string]location
	// rows of the list sheets, in the order of the Terms slices.
	quarters, installments, caps, pricing *table
	quarterRows, installmentRows          []int
	capRows, pricingRows                  []int
	used                                  map[string]bool
	// current is the Terms being read, for placing Validate's problems.
	current *terms.Terms
}

func (r *reader) add(sheet, cell, column string, err error) {
	r.errs.Count++
	r.errs.List = append(r.errs.List, &ledger.Error{File: r.file, Sheet: sheet, Cell: cell, Column: column, Err: err})
}

func (r *reader) err() error {
	if r.errs.Count == 0 {
		return nil
	}
	e := r.errs
	return &e
}

func (r *reader) spoil(fields ...string) {
	for _, f := range fields {
		r.spoiled[parse.HeaderKey(f)] = true
	}
}

// cell is one cell as read.
type cell struct {
	ref  string
	kind excelize.CellType
	raw  string // the stored value, not formatted
	pct  bool   // number formatted as a percentage
}

func (c cell) blank() bool { return strings.TrimSpace(c.raw) == "" }

func (c cell) isNumber() bool {
	return c.kind == excelize.CellTypeUnset || c.kind == excelize.CellTypeNumber
}

// table is a sheet's grid of raw values below its header row.
type table struct {
	r         *reader
	sheet     string // the name in the file
	rows      [][]string
	headerRow int            // 1-based
	col       map[string]int // canonical header -> 1-based column
	header    map[string]string
}

// findSheet returns the name of the sheet called name, ignoring case, spaces and
// punctuation.
func (r *reader) findSheet(name string) (string, bool) {
	want := parse.HeaderKey(name)
	found := ""
	for _, s := range r.f.GetSheetList() {
		if parse.HeaderKey(s) != want {
			continue
		}
		if found != "" {
			r.add(s, "", "", fmt.Errorf("two sheets are named %q (%q and %q); delete or rename one", name, found, s))
			continue
		}
		found = s
	}
	if found == "" {
		r.add("", "", "", fmt.Errorf("no sheet named %q (sheets: %s); every sheet of the terms workbook is required", name, strings.Join(r.f.GetSheetList(), ", ")))
		return "", false
	}
	return found, true
}

// maxHeaderSearch is how many rows may stand above a header row.
const maxHeaderSearch = 10

// open finds the sheet and its header row: the first of the top rows that holds
// every column of cols. A missing sheet or column is reported.
func (r *reader) open(name string, cols ...string) (*table, bool) {
	sheet, ok := r.findSheet(name)
	if !ok {
		return nil, false
	}
	rows, err := r.f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		r.add(sheet, "", "", err)
		return nil, false
	}
	t := &table{r: r, sheet: sheet, rows: rows}
	bestN := 0
	for i := 0; i < len(rows) && i < maxHeaderSearch; i++ {
		col, header := map[string]int{}, map[string]string{}
		for j, s := range rows[i] {
			k := parse.HeaderKey(s)
			for _, want := range cols {
				if _, seen := col[want]; !seen && k == parse.HeaderKey(want) {
					col[want], header[want] = j+1, strings.TrimSpace(s)
				}
			}
		}
		if len(col) > bestN {
			bestN, t.headerRow, t.col, t.header = len(col), i+1, col, header
		}
		if len(col) == len(cols) {
			break
		}
	}
	if bestN == 0 {
		r.add(sheet, "", "", fmt.Errorf("no header row found: expected the columns %s in one of the first %d rows", strings.Join(cols, ", "), maxHeaderSearch))
		return nil, false
	}
	ok = true
	for _, want := range cols {
		if _, found := t.col[want]; !found {
			r.add(sheet, fmt.Sprintf("row %d", t.headerRow), want, fmt.Errorf("the column %q is missing from the header row", want))
			ok = false
		}
	}
	return t, ok
}

// get returns the cell of column name in the 1-based row.
func (t *table) get(row int, name string) cell {
	col := t.col[name]
	ref, _ := excelize.CoordinatesToCellName(col, row)
	c := cell{ref: ref}
	if row-1 < len(t.rows) && col-1 < len(t.rows[row-1]) {
		c.raw = t.rows[row-1][col-1]
	}
	if c.blank() {
		return c
	}
	c.kind, _ = t.r.f.GetCellType(t.sheet, ref)
	if c.isNumber() {
		if id, err := t.r.f.GetCellStyle(t.sheet, ref); err == nil && id != 0 {
			if st, err := t.r.f.GetStyle(id); err == nil {
				c.pct = st.NumFmt == 9 || st.NumFmt == 10 || st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%")
			}
		}
	}
	return c
}

func (t *table) headerText(name string) string {
	if h := t.header[name]; h != "" {
		return h
	}
	return name
}

// dataRows returns the 1-based numbers of the non-blank rows below the header.
func (t *table) dataRows() []int {
	var out []int
	for i := t.headerRow; i < len(t.rows); i++ {
		for _, col := range t.col {
			if col-1 < len(t.rows[i]) && strings.TrimSpace(t.rows[i][col-1]) != "" {
				out = append(out, i+1)
				break
			}
		}
	}
	return out
}

// Value conversions. Each returns an error phrase meant to follow a cell
// reference; the caller has checked that the cell is not blank.

func errorCell(c cell) error {
	if c.kind == excelize.CellTypeError {
		return fmt.Errorf("the cell shows the error %s; fix the formula or type the value", c.raw)
	}
	return nil
}

// number reads a number cell's stored value as the shortest decimal that gives
// the same double, so 0.85000000000000009 written by a spreadsheet reads as 0.85.
func number(raw string) (decimal.Decimal, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%q is not a number", raw)
	}
	return decimal.NewFromString(strconv.FormatFloat(f, 'f', -1, 64))
}

func (r *reader) textOf(c cell) (string, error) {
	if err := errorCell(c); err != nil {
		return "", err
	}
	if c.isNumber() {
		if d, err := number(c.raw); err == nil {
			return d.String(), nil
		}
	}
	return strings.TrimSpace(c.raw), nil
}

func (r *reader) dateOf(c cell) (time.Time, error) {
	if err := errorCell(c); err != nil {
		return time.Time{}, err
	}
	switch {
	case c.isNumber():
		f, err := strconv.ParseFloat(c.raw, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is not a date", c.raw)
		}
		t, err := calendar.FromSerial(f, r.date1904)
		if err != nil {
			return time.Time{}, err
		}
		return terms.Date(t.Date()), nil
	case c.kind == excelize.CellTypeDate:
		t, err := time.Parse(time.RFC3339Nano, c.raw)
		if err != nil {
			t, err = parse.DateTime(strings.Replace(strings.TrimSuffix(c.raw, "Z"), "T", " ", 1))
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is not a date", c.raw)
		}
		return terms.Date(t.Date()), nil
	case c.kind == excelize.CellTypeBool:
		return time.Time{}, errors.New("a TRUE/FALSE cell is not a date (write 2003-01-15 or 1/15/2003)")
	}
	return parse.Date(c.raw)
}

func (r *reader) moneyOf(c cell) (decimal.Decimal, error) {
	if err := errorCell(c); err != nil {
		return decimal.Decimal{}, err
	}
	switch {
	case c.isNumber():
		return number(c.raw)
	case c.kind == excelize.CellTypeBool:
		return decimal.Decimal{}, errors.New("a TRUE/FALSE cell is not an amount")
	}
	return parse.Money(c.raw)
}

func (r *reader) intOf(c cell) (int, error) {
	if err := errorCell(c); err != nil {
		return 0, err
	}
	var d decimal.Decimal
	var err error
	switch {
	case c.isNumber():
		d, err = number(c.raw)
	case c.kind == excelize.CellTypeBool:
		err = errors.New("a TRUE/FALSE cell is not a number")
	default:
		d, err = parse.Number(c.raw)
	}
	if err != nil {
		return 0, err
	}
	if !d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(1<<31)) {
		return 0, fmt.Errorf("%s is not a whole number", d.String())
	}
	return int(d.IntPart()), nil
}

func (r *reader) boolOf(c cell) (bool, error) {
	if err := errorCell(c); err != nil {
		return false, err
	}
	v, err := parse.Bool(c.raw) // TRUE/FALSE cells hold 1 or 0
	if err != nil {
		return false, fmt.Errorf("%q is not Y or N", c.raw)
	}
	return v, nil
}

func (r *reader) weekdayOf(c cell) (time.Weekday, error) {
	if err := errorCell(c); err != nil {
		return 0, err
	}
	s := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(c.raw), "."))
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == name || s == name[:3] {
			return d, nil
		}
	}
	return 0, fmt.Errorf("%q is not a weekday (write Friday)", c.raw)
}

// percentNumber reads a number or number text with an optional % sign; pct
// reports whether the value was written as a percentage (a % sign or a cell
// formatted as a percentage, which holds the fraction).
func (r *reader) percentNumber(c cell) (d decimal.Decimal, sign, pctCell bool, err error) {
	if err := errorCell(c); err != nil {
		return d, false, false, err
	}
	switch {
	case c.isNumber():
		d, err = number(c.raw)
		return d, false, c.pct, err
	case c.kind == excelize.CellTypeBool:
		return d, false, false, errors.New("a TRUE/FALSE cell is not a percentage")
	}
	s := strings.TrimSpace(c.raw)
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, sign = strings.TrimSpace(t), true
	}
	d, err = parse.Number(s)
	if err != nil {
		return d, false, false, fmt.Errorf("%q is not a percentage (write 85%% or 0.85)", c.raw)
	}
	return d, sign, false, nil
}

var hundred = decimal.NewFromInt(100)

// rateOf reads the Advance Rate as a fraction: see Read.
func (r *reader) rateOf(c cell) (decimal.Decimal, error) {
	d, sign, _, err := r.percentNumber(c)
	switch {
	case err != nil:
		return d, err
	case sign || d.GreaterThan(decimal.NewFromInt(1)):
		return d.Div(hundred), nil
	}
	return d, nil
}

// marginOf reads a margin in percentage points: see Read.
func (r *reader) marginOf(c cell) (decimal.Decimal, error) {
	d, _, pctCell, err := r.percentNumber(c)
	if err == nil && pctCell {
		d = d.Mul(hundred)
	}
	return d, err
}

// readKV reads a key/value sheet into the fields of list.
func (r *reader) readKV(name string, list []kvTerm, t *terms.Terms) {
	spoilAll := func() {
		for _, k := range list {
			r.spoil(k.label)
			r.spoil(k.affects...)
		}
	}
	tb, ok := r.open(name, colTerm, colValue)
	if !ok {
		spoilAll()
		return
	}
	byKey := map[string]int{}
	for i, k := range list {
		byKey[parse.HeaderKey(k.label)] = i
	}
	seen := map[int]cell{}
	for _, row := range tb.dataRows() {
		tc := tb.get(row, colTerm)
		i, known := byKey[parse.HeaderKey(tc.raw)]
		if !known {
			continue // a note or a term covenant does not use
		}
		k := list[i]
		if prev, dup := seen[i]; dup {
			r.add(tb.sheet, tc.ref, tb.headerText(colTerm), fmt.Errorf("the term %q appears twice (also in %s); delete one row", k.label, prev.ref))
			r.spoil(k.label)
			r.spoil(k.affects...)
			continue
		}
		seen[i] = tc
		vc := tb.get(row, colValue)
		label := strings.TrimSpace(tc.raw)
		r.kv[parse.HeaderKey(k.label)] = location{tb.sheet, vc.ref, label}
		if vc.blank() {
			if !k.blankOK {
				r.add(tb.sheet, vc.ref, label, errors.New("is blank; a value is required"))
				r.spoil(k.label)
				r.spoil(k.affects...)
			}
			continue
		}
		var err error
		switch p := k.field(t).(type) {
		case *string:
			*p, err = r.textOf(vc)
		case *time.Time:
			*p, err = r.dateOf(vc)
		case *decimal.Decimal:
			if k.percent {
				*p, err = r.rateOf(vc)
			} else {
				*p, err = r.moneyOf(vc)
			}
		case *int:
			*p, err = r.intOf(vc)
		case *bool:
			*p, err = r.boolOf(vc)
		case *time.Weekday:
			*p, err = r.weekdayOf(vc)
		default:
			err = fmt.Errorf("termsbook: unsupported type %T", p)
		}
		if err != nil {
			r.add(tb.sheet, vc.ref, label, err)
			r.spoil(k.label)
			r.spoil(k.affects...)
		}
	}
	for i, k := range list {
		if _, ok := seen[i]; !ok && k.absent != nil {
			k.absent(t)
		} else if !ok && !k.optional {
			r.add(tb.sheet, "", "", fmt.Errorf("the term %q is missing; add a row with %q in the %s column and its value", k.label, k.label, colTerm))
			r.spoil(k.label)
			r.spoil(k.affects...)
		}
	}
}

// field reads one value of a list row, reporting a problem; ok is false when the
// cell is blank or bad.
type rowReader struct {
	r   *reader
	t   *table
	row int
	bad bool
}

func (rr *rowReader) fail(c cell, name string, err error) {
	rr.bad = true
	rr.r.add(rr.t.sheet, c.ref, rr.t.headerText(name), err)
}

// cell returns the cell of column name, reporting it when blank and required.
func (rr *rowReader) cell(name string, required bool) (cell, bool) {
	c := rr.t.get(rr.row, name)
	if c.blank() {
		if required {
			rr.fail(c, name, errors.New("is blank; a value is required"))
		}
		return c, false
	}
	return c, true
}

func (rr *rowReader) text(name string, required bool) string {
	c, ok := rr.cell(name, required)
	if !ok {
		return ""
	}
	s, err := rr.r.textOf(c)
	if err != nil {
		rr.fail(c, name, err)
	}
	return s
}

func (rr *rowReader) date(name string, required bool) time.Time {
	c, ok := rr.cell(name, required)
	if !ok {
		return time.Time{}
	}
	d, err := rr.r.dateOf(c)
	if err != nil {
		rr.fail(c, name, err)
	}
	return d
}

func (rr *rowReader) money(name string, required bool) (decimal.Decimal, bool) {
	c, ok := rr.cell(name, required)
	if !ok {
		return decimal.Decimal{}, false
	}
	d, err := rr.r.moneyOf(c)
	if err != nil {
		rr.fail(c, name, err)
		return decimal.Decimal{}, false
	}
	return d, true
}

// eachRow calls fn for every non-blank data row of the sheet.
func (r *reader) eachRow(name string, cols []string, fn func(rr *rowReader)) (*table, bool) {
	tb, ok := r.open(name, cols...)
	if !ok {
		return nil, false
	}
	for _, row := range tb.dataRows() {
		fn(&rowReader{r: r, t: tb, row: row})
	}
	return tb, true
}

// readNames reads a one-column list; fields are the Validate fields the list
// concerns.
func (r *reader) readNames(name, col string, fields ...string) []string {
	var out []string
	if _, ok := r.eachRow(name, []string{col}, func(rr *rowReader) {
		out = append(out, rr.text(col, true))
	}); !ok {
		r.spoil(fields...)
	}
	return out
}

// readCopies reads the §7.5 copies: the lines of each Copy number, copies in
// the order their numbers first appear and lines in sheet order.
func (r *reader) readCopies() [][]string {
	var out [][]string
	index := map[int]int{}
	r.eachRow(SheetNoticeCopies, []string{colCopy, colLine}, func(rr *rowReader) {
		c, ok := rr.cell(colCopy, true)
		n := 0
		if ok {
			var err error
			if n, err = rr.r.intOf(c); err == nil && n < 1 {
				err = fmt.Errorf("%d is not a copy number: number the copies 1, 2, ...", n)
			}
			if err != nil {
				rr.fail(c, colCopy, err)
			}
		}
		line := rr.text(colLine, true)
		if rr.bad {
			return
		}
		i, seen := index[n]
		if !seen {
			i = len(out)
			index[n] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], line)
	})
	return out
}

func (r *reader) readQuarters(t *terms.Terms) {
	tb, ok := r.eachRow(SheetMinimumSales, []string{colEnd, colMinimum, colNote}, func(rr *rowReader) {
		var q terms.Quarter
		n := len(t.Supplier.Quarters) + 1
		q.End = rr.date(colEnd, true)
		if rr.bad {
			r.spoil(fmt.Sprintf("Minimum Sales quarter %d", n), fmt.Sprintf("Minimum Sales quarter %d", n+1))
		}
		if m, ok := rr.money(colMinimum, false); ok {
			q.Minimum = &m
		}
		q.Note = rr.text(colNote, false)
		t.Supplier.Quarters = append(t.Supplier.Quarters, q)
		r.quarterRows = append(r.quarterRows, rr.row)
	})
	if ok {
		r.quarters = tb
	}
}

func (r *reader) readInstallments(t *terms.Terms) {
	tb, ok := r.eachRow(SheetFeeInstallments, []string{colID, colFee, colDue, colAmount}, func(rr *rowReader) {
		var in terms.Installment
		in.ID = rr.text(colID, true)
		in.Fee = rr.text(colFee, true)
		switch parse.HeaderKey(in.Fee) {
		case terms.BaseFee:
			in.Fee = terms.BaseFee
		case terms.AdditionalFee:
			in.Fee = terms.AdditionalFee
		}
		in.Due = rr.date(colDue, false)
		amount, ok := rr.money(colAmount, true)
		if !ok {
			r.spoil("Extension Fee")
		}
		in.Amount = amount
		t.Loan.Installments = append(t.Loan.Installments, in)
		r.installmentRows = append(r.installmentRows, rr.row)
	})
	if !ok {
		r.spoil("Fee Installments", "Extension Fee")
	}
	if ok {
		r.installments = tb
	}
}

func (r *reader) readCaps(t *terms.Terms) {
	tb, ok := r.eachRow(SheetOveradvanceCaps, []string{colFrom, colTo, colCap}, func(rr *rowReader) {
		var c terms.DatedAmount
		c.From = rr.date(colFrom, true)
		c.To = rr.date(colTo, false)
		c.Amount, _ = rr.money(colCap, true)
		if rr.bad {
			r.spoil("Overadvance Caps")
		}
		t.Loan.OveradvanceCaps = append(t.Loan.OveradvanceCaps, c)
		r.capRows = append(r.capRows, rr.row)
	})
	if !ok {
		r.spoil("Overadvance Caps")
	} else {
		r.caps = tb
	}
}

func (r *reader) readPricing(t *terms.Terms) {
	tb, ok := r.eachRow(SheetPricingGrid, []string{colFacil, colFrom, colTo, colMargin}, func(rr *rowReader) {
		var p terms.Pricing
		p.Facility = rr.text(colFacil, true)
		switch parse.HeaderKey(p.Facility) {
		case parse.HeaderKey(terms.Advances):
			p.Facility = terms.Advances
		case parse.HeaderKey(terms.TermLoan):
			p.Facility = terms.TermLoan
		}
		p.From = rr.date(colFrom, true)
		p.To = rr.date(colTo, true)
		if c, ok := rr.cell(colMargin, true); ok {
			m, err := r.marginOf(c)
			if err != nil {
				rr.fail(c, colMargin, err)
			}
			p.MarginPercent = m
		}
		if rr.bad {
			r.spoil("Pricing Grid")
		}
		t.Loan.PricingGrid = append(t.Loan.PricingGrid, p)
		r.pricingRows = append(r.pricingRows, rr.row)
	})
	if !ok {
		r.spoil("Pricing Grid")
	} else {
		r.pricing = tb
	}
}

// Problems from terms.Validate.

// sheetOf gives the sheet of the list-valued Validate fields.
var sheetOf = map[string]string{
	parse.HeaderKey("Distributor Names"): SheetDistributorNames,
	parse.HeaderKey("Fee Installments"):  SheetFeeInstallments,
	parse.HeaderKey("Overadvance Caps"):  SheetOveradvanceCaps,
	parse.HeaderKey("Pricing Grid"):      SheetPricingGrid,
	parse.HeaderKey("Minimum Sales"):     SheetMinimumSales,
}

// longDate finds a date as terms.Validate's messages write it, in the long
// form of a sentence: "October 1, 2002".
var longDate = regexp.MustCompile(`(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}`)

// problem reports one terms.Validate problem at the cell it concerns when that
// can be told from its field and message, else on its sheet.
func (r *reader) problem(p terms.Problem) {
	key := parse.HeaderKey(p.Field)
	if r.spoiled[key] {
		return
	}
	err := errors.New(p.Msg)
	if loc, ok := r.kv[key]; ok {
		r.add(loc.sheet, loc.cell, loc.column, err)
		return
	}
	if loc, ok := r.locate(key, p.Msg); ok {
		r.add(loc.sheet, loc.cell, loc.column, err)
		return
	}
	sheet := sheetOf[key]
	if sheet == "" && strings.HasPrefix(key, parse.HeaderKey("Minimum Sales")) {
		sheet = SheetMinimumSales
	}
	if sheet != "" {
		if name, ok := r.sheetName(sheet); ok {
			sheet = name
		}
		r.add(sheet, "", "", err)
		return
	}
	r.add("", "", p.Field, err)
}

// sheetName returns the name in the file of a sheet that was found.
func (r *reader) sheetName(name string) (string, bool) {
	for _, s := range r.f.GetSheetList() {
		if parse.HeaderKey(s) == parse.HeaderKey(name) {
			return s, true
		}
	}
	return "", false
}

func (r *reader) at(tb *table, row int, col string) location {
	ref, _ := excelize.CoordinatesToCellName(tb.col[col], row)
	return location{tb.sheet, ref, tb.headerText(col)}
}

// next returns the first row of rows that match and that no earlier problem of
// the same kind was placed on.
func (r *reader) next(kind string, rows []int, match func(i int) bool) (int, bool) {
	if r.used == nil {
		r.used = map[string]bool{}
	}
	for i, row := range rows {
		k := fmt.Sprintf("%s/%d", kind, row)
		if match(i) && !r.used[k] {
			r.used[k] = true
			return row, true
		}
	}
	return 0, false
}

// locate places a problem about a list row. It depends on the wording of
// terms.Validate's messages; when that changes, the problem goes to its sheet.
func (r *reader) locate(key, msg string) (location, bool) {
	t := r.current
	switch {
	case strings.HasPrefix(key, "minimumsalesquarter") && r.quarters != nil:
		n, err := strconv.Atoi(strings.TrimPrefix(key, "minimumsalesquarter"))
		if err != nil || n < 1 || n > len(r.quarterRows) {
			return location{}, false
		}
		col := colEnd
		if strings.HasPrefix(msg, "minimum") {
			col = colMinimum
		}
		return r.at(r.quarters, r.quarterRows[n-1], col), true

	case key == "feeinstallments" && r.installments != nil:
		rest, ok := strings.CutPrefix(msg, "installment ")
		if !ok {
			return location{}, false
		}
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return location{}, false
		}
		id, _ := strconv.Unquote(q)
		ins := t.Loan.Installments
		if strings.Contains(rest, "twice") {
			// the second and later rows with the id
			first := true
			row, ok := r.next("dup", r.installmentRows, func(i int) bool {
				if ins[i].ID != id {
					return false
				}
				if first {
					first = false
					return false
				}
				return true
			})
			return r.at(r.installments, row, colID), ok
		}
		row, ok := r.next("fee", r.installmentRows, func(i int) bool {
			return ins[i].ID == id && ins[i].Fee != terms.BaseFee && ins[i].Fee != terms.AdditionalFee
		})
		return r.at(r.installments, row, colFee), ok

	case key == "overadvancecaps" && r.caps != nil:
		dates := longDate.FindAllString(msg, -1)
		if len(dates) != 2 {
			return location{}, false
		}
		from, err := time.Parse(calendar.LongLayout, dates[1])
		if err != nil {
			return location{}, false
		}
		row, ok := r.next("cap", r.capRows, func(i int) bool { return t.Loan.OveradvanceCaps[i].From.Equal(from) })
		return r.at(r.caps, row, colFrom), ok

	case key == "pricinggrid" && r.pricing != nil:
		grid := t.Loan.PricingGrid
		if i := strings.Index(msg, "not "); strings.HasPrefix(msg, "facility") && i >= 0 {
			facility, err := strconv.Unquote(msg[i+len("not "):])
			if err != nil {
				return location{}, false
			}
			row, ok := r.next("facility", r.pricingRows, func(i int) bool { return grid[i].Facility == facility })
			return r.at(r.pricing, row, colFacil), ok
		}
		dates := longDate.FindAllString(msg, -1)
		if len(dates) != 2 {
			return location{}, false
		}
		row, ok := r.next("period", r.pricingRows, func(i int) bool {
			return calendar.Long(grid[i].From) == dates[0] && calendar.Long(grid[i].To) == dates[1]
		})
		return r.at(r.pricing, row, colTo), ok
	}
	return location{}, false
}

// readColumns reads the Columns sheet: each row names a sheet covenant reads,
// one of its columns, and another name the column goes by. The sheet may be
// left out (a terms workbook written before it existed): nil, the built-in
// names. A name is read as one column of its sheet: a name that is another
// column's own name, or that two rows give two columns, is an error.
func (r *reader) readColumns() []terms.ColumnName {
	if _, ok := r.sheetName(SheetColumns); !ok {
		return nil
	}
	sheets := ledger.Sheets()
	var sheetNames []string
	for _, s := range sheets {
		sheetNames = append(sheetNames, s.Name)
	}
	type taken struct {
		column, ref string
	}
	seen := map[string]taken{} // sheet + folded name -> the column it names
	out := []terms.ColumnName{}
	r.eachRow(SheetColumns, []string{colSheet, colColumn, colAlso}, func(rr *rowReader) {
		sc, okS := rr.cell(colSheet, true)
		cc, okC := rr.cell(colColumn, true)
		ac, okA := rr.cell(colAlso, true)
		var spec *ledger.SheetSpec
		if okS {
			name := rr.text(colSheet, true)
			for i := range sheets {
				if parse.HeaderKey(sheets[i].Name) == parse.HeaderKey(name) {
					spec = &sheets[i]
				}
			}
			if spec == nil && !rr.bad {
				rr.fail(sc, colSheet, fmt.Errorf("%q is not a sheet covenant reads: write one of %s%s", name, strings.Join(sheetNames, ", "), didYouMean(sheetNames, name)))
			}
		}
		column := ""
		if okC && spec != nil {
			name := rr.text(colColumn, true)
			var cols []string
			for _, c := range spec.Columns {
				cols = append(cols, c.Name)
				if parse.HeaderKey(c.Name) == parse.HeaderKey(name) {
					column = c.Name
				}
			}
			if column == "" && !rr.bad {
				hint := didYouMean(cols, name)
				for _, c := range cols {
					// a column's other name, or near one ("Vendor" for Supplier)
					if _, ok := ledger.Closest(append([]string{c}, ledger.Synonyms(spec.Name, c)...), []string{name}); ok && hint == "" {
						hint = fmt.Sprintf(" (did you mean %q?)", c)
					}
				}
				rr.fail(cc, colColumn, fmt.Errorf("%q is not a column of sheet %s: write one of %s%s", name, spec.Name, strings.Join(cols, ", "), hint))
			}
		}
		also := ""
		if okA {
			also = rr.text(colAlso, true)
			if parse.HeaderKey(also) == "" && !rr.bad {
				rr.fail(ac, colAlso, fmt.Errorf("%q has no letter or digit: headers are compared by their letters and digits (case, spaces and punctuation ignored)", also))
			}
		}
		if rr.bad || spec == nil || column == "" || also == "" {
			return
		}
		k := parse.HeaderKey(also)
		for _, c := range spec.Columns {
			if c.Name != column && parse.HeaderKey(c.Name) == k {
				rr.fail(ac, colAlso, fmt.Errorf("%q is the name of the %s column of sheet %s: it cannot also be read as %s", also, c.Name, spec.Name, column))
				return
			}
		}
		key := spec.Name + "\x00" + k
		if prev, dup := seen[key]; dup && prev.column != column {
			rr.fail(ac, colAlso, fmt.Errorf("%q already names the %s column of sheet %s (%s): a header is read as one column; keep one of the two rows", also, prev.column, spec.Name, prev.ref))
			return
		}
		seen[key] = taken{column, ac.ref}
		out = append(out, terms.ColumnName{Sheet: spec.Name, Column: column, Name: also})
	})
	return out
}

// didYouMean suggests the name nearest to a misspelled one ("" when none is
// near).
func didYouMean(names []string, typed string) string {
	if i, ok := ledger.Closest([]string{typed}, names); ok {
		return fmt.Sprintf(" (did you mean %q?)", names[i])
	}
	return ""
}
