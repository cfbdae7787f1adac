package ledger

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

const booksHeader = "PO Number,PO Line,PO Date,Supplier,Manufacturer,Part Number,Description,Quantity,Unit Cost,Confirmed Delivery Date,Customer Directed,Credit Limit Exception\n"

// folder writes a CSV ledger named name whose Purchases has rows (and the
// other files given).
func folder(t *testing.T, root, name, rows string, more map[string]string) string {
	t.Helper()
	files := map[string][]byte{"Purchases.csv": []byte(booksHeader + rows)}
	for n, s := range more {
		files[n] = []byte(s)
	}
	dir := writeFolder(t, name, files)
	return dir
}

func openBooks(t *testing.T, paths ...string) (*Books, []POLine, error) {
	t.Helper()
	b, err := OpenBooks(paths)
	if err != nil {
		return nil, nil, err
	}
	t.Cleanup(func() { b.Close() })
	var lines []POLine
	err = b.Purchases(func(p *POLine) { lines = append(lines, *p) })
	return b, lines, err
}

// TestBooksMerge: the line cards, breakdown logs and invoices of several
// ledgers are merged (one may leave out a sheet another has); a PO line is
// its location's, the same key at two locations two lines; an invoice in two
// ledgers is counted once, with a warning; a breakdown naming a PO of another
// location's ledger is found there.
func TestBooksMerge(t *testing.T) {
	root := t.TempDir()
	east := folder(t, root, "east", "PO-1,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\nPO-2,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n", map[string]string{
		"Franchise.csv": csvFranchise,
		"Invoices.csv":  "Invoice Number,Invoice Date,Amount,Due Date,Paid Date\nINV-1,2003-01-02,100,2003-02-01,\nINV-2,2003-01-03,50,2003-02-01,\n",
	})
	west := folder(t, root, "west", "PO-1,1,2003-01-07,Future,Kemet,Y,d,2,3,,N,N\n", map[string]string{
		"Arrow Responses.csv": "PO Number,PO Line,Breakdown Sent,Arrow Response,Responded At\nPO-2,1,2003-01-03 09:00,,\n",
		"Invoices.csv":        "Invoice Number,Invoice Date,Amount,Due Date,Paid Date\ninv-1 ,2003-01-02,120,2003-02-01,\nINV-3,2003-01-04,10,2003-02-01,\n",
	})
	b, lines, err := openBooks(t, east, west)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 || lines[0].Location != "east" || lines[2].Location != "west" || lines[2].PONumber != "PO-1" {
		t.Errorf("lines %+v", lines)
	}
	if len(b.LineCard) != 2 || len(b.Breakdowns) != 1 || !b.HasResponses || !b.HasInvoices {
		t.Errorf("merged: %d authorizations, %d breakdowns", len(b.LineCard), len(b.Breakdowns))
	}
	var numbers []string
	for i, in := range b.Invoices {
		numbers = append(numbers, strings.TrimSpace(in.Number)+"@"+b.Ledgers[b.InvoiceLedger[i]].File)
	}
	if strings.Join(numbers, " ") != "INV-1@east INV-2@east INV-3@west" {
		t.Errorf("invoices %v", numbers)
	}
	want := "invoice inv-1 is in east (line 2 of Invoices.csv) and in west (line 2 of Invoices.csv): it is one invoice, counted once, as east has it (§1.3 Net Sales Billed), although the two rows differ: check which is right"
	if len(b.Warnings) != 1 || b.Warnings[0] != want {
		t.Errorf("warnings %q\nwant %q", b.Warnings, want)
	}
	// messages name the ledger a cell is in
	if got := lines[2].ManufacturerAt(); got != filepath.Join("west", "Purchases.csv")+", line 2" {
		t.Errorf("ManufacturerAt %q", got)
	}
}

// TestBooksProblems: every ledger's problems are listed together; a breakdown
// naming a PO that no ledger has names its own file; two ledgers named alike,
// and ledgers none of which has a line card, are refused.
func TestBooksProblems(t *testing.T) {
	root := t.TempDir()
	east := folder(t, root, "east", "PO-1,1,2003-01-06,,Vishay,X,d,1,1,,N,N\n", map[string]string{"Franchise.csv": csvFranchise})
	west := folder(t, root, "west", "PO-2,1,2003-01-06,Avnet,Vishay,X,d,ten,1,,N,N\n", nil)
	if _, _, err := openBooks(t, east, west); err == nil || err.Error() != strings.Join([]string{
		filepath.Join("east", "Purchases.csv") + ", line 2 (Supplier): is blank",
		filepath.Join("west", "Purchases.csv") + `, line 2 (Quantity): "ten" is not a number (write 1,000, -5 or 2.5)`,
		"2 problems found"}, "\n") {
		t.Errorf("got %v", err)
	}
	logs := folder(t, root, "north", "PO-3,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n", map[string]string{
		"Arrow Responses.csv": "PO Number,PO Line,Breakdown Sent,Arrow Response,Responded At\nPO-3,1,2003-01-03 09:00,,\nPO-9,,2003-01-03 09:00,,\n",
	})
	south := folder(t, root, "south", "PO-4,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n", map[string]string{"Franchise.csv": csvFranchise})
	want := filepath.Join("north", "Arrow Responses.csv") + ", line 3 (PO Number): PO-9 is not a PO Number on the Purchases sheet"
	if _, _, err := openBooks(t, logs, south); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q...", err, want)
	}
	if _, _, err := openBooks(t, logs, west); err == nil || !strings.Contains(err.Error(), "none of them has a Franchise sheet (or Franchise.csv)") {
		t.Errorf("no line card anywhere: %v", err)
	}
	other := filepath.Join(t.TempDir(), "x")
	twin := folder(t, other, "east", "PO-5,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n", nil)
	if _, _, err := openBooks(t, south, east, twin); err == nil || !strings.Contains(err.Error(), "east: is named like east (") {
		t.Errorf("two ledgers named alike: %v", err)
	}
}

// TestLocationColumn: a ledger's own Location column names each line's
// location (blank: the ledger's name); the same PO line at two locations is
// two lines, at one location a line listed twice.
func TestLocationColumn(t *testing.T) {
	hdr := strings.TrimSuffix(booksHeader, "\n") + ",Plant\n"
	rows := "PO-1,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N,Austin\nPO-1,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N,Penang\nPO-2,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N,\n"
	dir := writeFolder(t, "group", map[string][]byte{"Purchases.csv": []byte(hdr + rows), "Franchise.csv": []byte(csvFranchise)})
	_, lines := readCSVLines(t, dir)
	if len(lines) != 3 || lines[0].Location != "Austin" || lines[1].Location != "Penang" || lines[2].Location != "group" {
		t.Errorf("lines %+v", lines)
	}
	dup := hdr + rows + "po-1 ,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N, austin\n"
	dir = writeFolder(t, "group", map[string][]byte{"Purchases.csv": []byte(dup), "Franchise.csv": []byte(csvFranchise)})
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	err = l.Purchases(func(*POLine) {})
	want := filepath.Join("group", "Purchases.csv") + ", line 5 (PO Line): po-1 line 1 is listed twice (first in line 2)"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q...", err, want)
	}
}

// TestBreakdownLocations: a breakdown naming a PO number used at two
// locations must say which location's PO it was about (a Location column of
// Arrow Responses), else it is refused, naming both locations; with a Location
// it must be one at which the PO is; a PO number at one location needs none.
func TestBreakdownLocations(t *testing.T) {
	root := t.TempDir()
	more := func(responses string) map[string]string {
		return map[string]string{"Franchise.csv": csvFranchise, "Arrow Responses.csv": responses}
	}
	east := "PO-1,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\nPO-2,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n"
	west := "PO-1,1,2003-01-07,Future,Vishay,Y,d,2,3,,N,N\n"
	for _, tc := range []struct {
		name, responses string
		want            string // a problem's text; "" none
		locations       []string
	}{
		{"PO at one location, no Location", "PO Number,PO Line,Breakdown Sent,Arrow Response,Responded At\nPO-2,1,2003-01-03 09:00,,\n", "", []string{""}},
		{"PO at two locations, no Location column", "PO Number,PO Line,Breakdown Sent,Arrow Response,Responded At\nPO-1,1,2003-01-03 09:00,,\n",
			"Arrow Responses.csv, line 2 (PO Number): PO-1 is a PO number at more than one location (east and west): add a Location column to the sheet and write there the location this breakdown was for", nil},
		{"PO at two locations, Location blank", "PO Number,PO Line,Breakdown Sent,Arrow Response,Responded At,Site\nPO-1,1,2003-01-03 09:00,,,\n",
			"Arrow Responses.csv, line 2 (Site): PO-1 is a PO number at more than one location (east and west): write the location this breakdown was for", nil},
		{"PO at two locations, Location given", "PO Number,PO Line,Breakdown Sent,Arrow Response,Responded At,Location\nPO-1,1,2003-01-03 09:00,,,West\n", "", []string{"West"}},
		{"Location where the PO is not", "PO Number,PO Line,Breakdown Sent,Arrow Response,Responded At,Location\nPO-2,1,2003-01-03 09:00,,,west\n",
			"Arrow Responses.csv, line 2 (Location): PO-2 is not a PO of location west on the Purchases sheets (it is east's)", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(root, strings.ReplaceAll(tc.name, " ", "-"))
			e := folder(t, dir, "east", east, more(tc.responses))
			w := folder(t, dir, "west", west, nil)
			b, _, err := openBooks(t, e, w)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, bd := range b.Breakdowns {
					got = append(got, bd.Location)
				}
				if strings.Join(got, ",") != strings.Join(tc.locations, ",") {
					t.Errorf("breakdown locations %q, want %q", got, tc.locations)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %q", err, tc.want)
			}
		})
	}
}

// TestBooksDeliveries: the Deliveries of every ledger are merged, ledger by
// ledger, each row naming its own file: a workbook's row and cell, a CSV
// file's line; a bad row is reported in its own file, with the others; a
// loan folder's Deliveries.csv reads as a workbook's sheet does.
func TestBooksDeliveries(t *testing.T) {
	root := t.TempDir()
	east := folder(t, root, "east", "PO-1,1,2003-01-06,Avnet,Vishay,X,d,1,1,,N,N\n", map[string]string{
		"Franchise.csv":  csvFranchise,
		"Deliveries.csv": "Obligation;Delivered On;To;Reference\nmonthly-2003-07;2003-08-01;reports@arrow.example;\"Message-ID <7@x>; by mail\"\n",
	})
	west := folder(t, root, "west", "PO-2,1,2003-01-07,Future,Kemet,Y,d,2,3,,N,N\n", nil)
	north := folder(t, root, "north", "PO-3,1,2003-01-07,Future,Kemet,Y,d,2,3,,N,N\n", map[string]string{
		"Deliveries.csv": "Obligation,Delivered On,To\nmonthly-2003-06,2003-07-09,reports@arrow.example\nmonthly-2003-08,2003-09-05,reports@arrow.example\n",
	})
	b, _, err := openBooks(t, east, west, north)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range b.Deliveries {
		got = append(got, d.Obligation+" "+d.On.Format("2006-01-02")+" "+d.Reference+" @ "+d.Where())
	}
	want := []string{
		"monthly-2003-07 2003-08-01 Message-ID <7@x>; by mail @ " + filepath.Join("east", "Deliveries.csv") + ", line 2",
		"monthly-2003-06 2003-07-09  @ " + filepath.Join("north", "Deliveries.csv") + ", line 2",
		"monthly-2003-08 2003-09-05  @ " + filepath.Join("north", "Deliveries.csv") + ", line 3",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || !b.HasDeliveries {
		t.Errorf("deliveries (has %v):\n%s\nwant\n%s", b.HasDeliveries, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := b.Deliveries[2].ObligationProblem(ColDeliveryObligation, errors.New("names no obligation")).Error(); p != filepath.Join("north", "Deliveries.csv")+", line 3 (Obligation): names no obligation" {
		t.Errorf("a CSV row's problem: %s", p)
	}
	plain := folder(t, root, "plain", "PO-9,1,2003-01-07,Future,Kemet,Y,d,2,3,,N,N\n", map[string]string{"Franchise.csv": csvFranchise})
	if b2, _, err := openBooks(t, plain); err != nil || b2.HasDeliveries || len(b2.Deliveries) != 0 {
		t.Errorf("a ledger without Deliveries: %v %v", b2, err)
	}

	// a workbook's row among several names the workbook, its problem the cell
	wb := deliveriesBook(t, []any{"Obligation", "Delivered On", "To"}, []any{"certificate-2003Q3", "2003-10-01", "arrow"})
	ds, has, err := ReadDeliveries(wb)
	if err != nil || !has || len(ds) != 1 || ds[0].Where() != "loan.xlsx, Deliveries row 2" {
		t.Fatalf("%+v %v %v", ds, has, err)
	}
	if p := ds[0].ObligationProblem(ColDeliveryObligation, errors.New("x")).Error(); p != "loan.xlsx, sheet Deliveries, cell A2 (Obligation): x" {
		t.Errorf("a workbook row's problem: %s", p)
	}

	// bad rows of two ledgers are reported together, each in its file
	bad := folder(t, root, "south", "PO-4,1,2003-01-07,Future,Kemet,Y,d,2,3,,N,N\n", map[string]string{
		"Deliveries.csv": "Obligation,Delivered On,To\nmonthly-2003-06,someday,reports@arrow.example\n",
	})
	bad2 := folder(t, root, "eastern", "PO-5,1,2003-01-07,Future,Kemet,Y,d,2,3,,N,N\n", map[string]string{
		"Franchise.csv":  csvFranchise,
		"Deliveries.csv": "Obligation,Delivered On,To\n,2003-07-09,reports@arrow.example\n",
	})
	_, err = OpenBooks([]string{bad2, bad})
	if err == nil || !strings.Contains(err.Error(), filepath.Join("south", "Deliveries.csv")+", line 2 (Delivered On)") || !strings.Contains(err.Error(), filepath.Join("eastern", "Deliveries.csv")+", line 2 (Obligation)") {
		t.Errorf("bad Deliveries rows: %v", err)
	}

	// a loan workbook as a folder of CSV files
	loan := writeFolder(t, "loan", map[string][]byte{"Fee Events.csv": []byte("Event,Date\n"), "Deliveries.csv": []byte("Obligation,Delivered On,To\ntexas-property,2002-10-24,HSBC Bank USA\n")})
	ds, has, err = ReadDeliveries(loan)
	if err != nil || !has || len(ds) != 1 || ds[0].Where() != filepath.Join("loan", "Deliveries.csv")+", line 2" {
		t.Errorf("a loan folder's Deliveries: %+v %v %v", ds, has, err)
	}
	if ok, err := HasSheet(loan, SheetFeeEvents); !ok || err != nil {
		t.Errorf("HasSheet on a folder: %v %v", ok, err)
	}
}
