package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/report/delivery/smtptest"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/oracle"
)

// TestSendRecord: send --record appends exactly one Deliveries row, with the
// obligation of the report attached, the day, the recipients and the
// Message-ID, only once the server has accepted the message; a refused
// message, an .eml draft, a draft report or an unknown --obligation leave the
// workbook byte for byte as it was. covenant status then shows it done.
func TestSendRecord(t *testing.T) {
	dir := t.TempDir()
	srv := smtptest.Start(t, smtptest.Options{StartTLS: true, RefuseRecipient: "nobody@arrow.example"})
	trustServer(t, srv)
	old := now
	now = func() time.Time { return time.Date(2003, 11, 6, 15, 4, 0, 0, time.Local) }
	t.Cleanup(func() { now = old })
	lp := sampleLedger(t, dir)
	book := statusLedger(t, filepath.Join(dir), nil) // the books to record in: no Deliveries sheet yet
	report := filepath.Join(dir, "monthly-2003-10.xlsx")
	if code, _, stderr := runCLI(t, "monthly", "--ledger", lp, "--month", "2003-10", "--as-of", "2003-11-05", "--out", report); code != 0 {
		t.Fatal(stderr)
	}
	cert := filepath.Join(t.TempDir(), "certificate-2003Q3.xlsx")
	if code, _, stderr := runCLI(t, "certificate", "--ledger", lp, "--quarter", "2003Q3", "--as-of", "2003-11-05", "--out", cert); code != 0 {
		t.Fatal(stderr)
	}
	draft := filepath.Join(dir, "monthly-2003-11.xlsx")
	if code, _, stderr := runCLI(t, "monthly", "--ledger", lp, "--month", "2003-11", "--as-of", "2003-11-05", "--out", draft); code != 0 {
		t.Fatal(stderr)
	}
	before, _ := os.ReadFile(book)
	unchanged := func(what string) {
		t.Helper()
		if b, _ := os.ReadFile(book); !bytes.Equal(b, before) {
			t.Errorf("%s: the workbook changed", what)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 4 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("%s: files left beside the workbook: %v", what, names)
		}
	}
	send := func(args ...string) (int, string, string) {
		return runCLI(t, append([]string{"send", "--from", "ap@iec.example", "--smtp", srv.Addr()}, args...)...)
	}
	// a folder of CSV files is no workbook to record in
	folder := writeCSVFolder(t, filepath.Join(t.TempDir(), "books"), map[string][][]string{"Purchases": {{"PO Number"}}}, ',')
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"a folder of CSV files", []string{report, "--to", "reports@arrow.example", "--record", folder}, "--record " + folder + " is a folder of CSV files: covenant records a delivery in a workbook only, and nothing was sent"},
		{"refused by the server", []string{report, "--to", "nobody@arrow.example", "--record", book}, "nobody@arrow.example"},
		{"an .eml draft", []string{report, "--to", "reports@arrow.example", "--record", book, "--eml", filepath.Join(t.TempDir(), "m.eml")}, "a message written to a file is not sent"},
		{"a draft report", []string{draft, "--to", "reports@arrow.example", "--record", book}, "is a DRAFT"},
		{"an unsigned certificate", []string{cert, "--to", "reports@arrow.example", "--record", book}, "§1.2 asks for a certificate signed by the Customer's President"},
		{"an unknown obligation", []string{report, "--to", "reports@arrow.example", "--record", book, "--obligation", "montly-2003-10"}, "the nearest is monthly-2003-10"},
		{"an obligation no delivery shows", []string{report, "--to", "reports@arrow.example", "--record", book, "--obligation", "fee-base-2"}, "Fee Payments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(srv.Messages())
			code, _, stderr := send(tc.args...)
			// refused before sending, as a mistake on the command line
			if code != 2 && tc.name != "refused by the server" || code == 0 || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d: %s", code, stderr)
			}
			if len(srv.Messages()) != n {
				t.Error("a message was accepted")
			}
			unchanged(tc.name)
		})
	}

	// accepted: one row
	code, stdout, stderr := send(report, "--to", "reports@arrow.example", "--cc", "cfo@iec.example", "--record", book)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "recorded monthly-2003-10 delivered on November 6, 2003 in "+book) {
		t.Errorf("stdout: %s", stdout)
	}
	got, err := srv.Only()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := smtptest.Parse(got.Data)
	ds, has, err := ledger.ReadDeliveries(book)
	if err != nil || !has || len(ds) != 1 {
		t.Fatalf("Deliveries %v %v %v", ds, has, err)
	}
	d := ds[0]
	if d.Obligation != "monthly-2003-10" || d.On.Format("2006-01-02") != "2003-11-06" || d.To != "reports@arrow.example, cfo@iec.example" ||
		!strings.Contains(d.Reference, strings.Trim(p.Header.Get("Message-Id"), "<>")) {
		t.Errorf("row %+v (Message-ID %s)", d, p.Header.Get("Message-Id"))
	}
	if _, err := ledger.Open(book); err != nil {
		t.Errorf("the ledger no longer reads: %v", err)
	}
	// the sheet covenant added opens clean (schemas and Excel's rules; the
	// fixture's other sheets, made by excelize and copied as they are, are
	// not covenant's)
	for _, p := range oracle.SchemaProblems(t, book) {
		if strings.Contains(p, "Deliveries") || strings.Contains(p, "workbook.xml") || strings.Contains(p, "Content_Types") || strings.Contains(p, "sheet5") {
			t.Errorf("the workbook as recorded: %s", p)
		}
	}
	// a second message for the certificate-less obligation: given by --obligation
	code, _, stderr = send(report, "--to", "reports@arrow.example", "--record", book, "--obligation", "minimums-2004")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if ds, _, _ := ledger.ReadDeliveries(book); len(ds) != 2 || ds[1].Obligation != "minimums-2004" || ds[1].Row != ds[0].Row+1 {
		t.Errorf("second row: %+v", ds)
	}
	code, js, stderr := runCLI(t, "status", "--ledger", book, "--as-of", "2003-11-10", "--out", filepath.Join(t.TempDir(), "s.xlsx"), "--json")
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(js, `"id":"monthly-2003-10","agreement":"Supplier Agreement","clause":"§1.2"`) || !strings.Contains(js, `"status":"done","detail":"delivered November 6, 2003 to reports@arrow.example, cfo@iec.example`) {
		t.Errorf("status does not show it done:\n%s", js)
	}
}
