package ledger

import (
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
