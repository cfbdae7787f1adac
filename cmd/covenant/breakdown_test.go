package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/delivery/smtptest"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/report/safefile"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// breakdownLedger writes a ledger whose Proposed sheet has a line for each
// reason a line needs no breakdown, two lines that need one (P-1 lines 1
// and 2) and two more for the end-to-end path (P-6, P-7); the log holds a
// breakdown sent for P-SENT. edit changes it before it is saved.
func breakdownLedger(t testing.TB, dir string, edit func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Purchases")
	putRows(t, f, "Purchases", 1, [][]any{
		{"PO Number", "PO Line", "PO Date", "Supplier", "Manufacturer", "Part Number", "Description", "Quantity", "Unit Cost", "Confirmed Delivery Date", "Customer Directed", "Credit Limit Exception", "PO Time"},
		{"PO-100", 1, "2003-10-01", "Arrow Electronics, Inc.", "Xilinx", "XC9536", "CPLD", 10, 2.5, "2003-10-10", "N", "N", nil},
		{"P-SENT", 1, "2003-10-03", "Avnet", "Xilinx", "XC2S30", "FPGA", 5, 9, "2003-10-10", "N", "N", "10:00"},
	})
	f.NewSheet("Franchise")
	putRows(t, f, "Franchise", 1, [][]any{
		{"Manufacturer", "Authorized From", "Authorized Until"},
		{"Xilinx", "2002-01-01", nil},
		{"Vishay", "2002-01-01", nil},
		{"Kemet", "2002-01-01", "2003-08-31"},
	})
	f.NewSheet("Arrow Responses")
	putRows(t, f, "Arrow Responses", 1, [][]any{
		{"PO Number", "PO Line", "Breakdown Sent", "Arrow Response", "Responded At"},
		{"P-SENT", 1, time.Date(2003, 10, 1, 9, 0, 0, 0, time.UTC), "Approve", time.Date(2003, 10, 1, 15, 0, 0, 0, time.UTC)},
	})
	dt := "m/d/yyyy h:mm"
	st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dt})
	f.SetCellStyle("Arrow Responses", "C2", "C2", st)
	f.SetCellStyle("Arrow Responses", "E2", "E2", st)
	f.NewSheet("Proposed")
	putRows(t, f, "Proposed", 1, [][]any{
		{"Reference", "Line", "Part Number", "Manufacturer", "Description", "Quantity", "Unit Cost", "Proposed Supplier", "Need By", "Customer Directed"},
		{"P-1", nil, "XC2S50-5TQ144C", "Xilinx", "Spartan-II FPGA", 100, 3.1, "Avnet", "2003-10-20", "N"},
		{"P-1", 2, "CRCW0603-10K", "Vishay, Inc.", "Resistor 10k 0603", 1000, 0.0125, "Avnet", "10/24/2003", ""},
		{"P-2", 1, "XC9572", "Xilinx", "CPLD", 20, 4, "Arrow Electronics Inc.", "", ""},
		{"P-3", 1, "SI2302", "Vishay", "MOSFET", 50, 0.2, "Future", "", "Y"},
		{"P-4", 1, "T491", "Kemet", "Tantalum capacitor", 30, 0.9, "Mouser", "", ""},
		{"P-5", 1, "XC3S200", "Xilnx", "Spartan-3 FPGA", 5, 12, "Avnet", "", ""},
		{"P-SENT", 1, "XC2S30", "Xilinx", "FPGA", 5, 9, "Avnet", "", ""},
	})
	if edit != nil {
		edit(f)
	}
	p := filepath.Join(dir, "ledger.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// withNow fixes covenant's "now" for the test.
func withNow(t *testing.T, at time.Time) {
	t.Helper()
	old := clockNow
	clockNow = func() time.Time { return at }
	t.Cleanup(func() { clockNow = old })
}

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// logOf reads the breakdown log of the ledger at path.
func logOf(t *testing.T, path string) []ledger.Breakdown {
	t.Helper()
	l, err := ledger.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Breakdowns
}

// TestBreakdownWhichLines: every Proposed line is in the JSON, the two that
// need a breakdown go to Arrow and into the log once, the others are listed
// on standard error with why; a second run sends nothing new.
func TestBreakdownWhichLines(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	withNow(t, at(2003, 10, 6, 9, 0))
	code, stdout, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j map[string]any
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	wantOut := filepath.Join(out, "breakdown-2003-10-06-0900.xlsx")
	line := func(ref string, n int, part, mfr, qty, unit, ext, sup string, needed bool, why string) map[string]any {
		return map[string]any{"reference": ref, "line": float64(n), "part_number": part, "manufacturer": mfr, "quantity": qty,
			"unit_cost": unit, "extended_cost": ext, "supplier": sup, "needed": needed, "why": why}
	}
	want := map[string]any{
		"report": "breakdown", "sent": "2003-10-06T09:00", "answer_by": "2003-10-07T09:00", "output": wantOut,
		"lines": []any{
			line("P-1", 1, "XC2S50-5TQ144C", "Xilinx", "100", "3.1000", "310.00", "Avnet", true, ""),
			line("P-1", 2, "CRCW0603-10K", "Vishay, Inc.", "1000", "0.0125", "12.50", "Avnet", true, ""),
			line("P-2", 1, "XC9572", "Xilinx", "20", "4.0000", "80.00", "Arrow Electronics Inc.", false, "bought from Arrow"),
			line("P-3", 1, "SI2302", "Vishay", "50", "0.2000", "10.00", "Future", false, "customer directed"),
			line("P-4", 1, "T491", "Kemet", "30", "0.9000", "27.00", "Mouser", false, "not franchised on October 6, 2003"),
			line("P-5", 1, "XC3S200", "Xilnx", "5", "12.0000", "60.00", "Avnet", false, "not franchised on October 6, 2003"),
			line("P-SENT", 1, "XC2S30", "Xilinx", "5", "9.0000", "45.00", "Avnet", false, "already sent on October 1, 2003 at 9:00 AM"),
		},
	}
	warnings, _ := j["warnings"].([]any)
	delete(j, "warnings")
	for _, k := range []string{"input_sha256", "in_place_sha256"} {
		if s, _ := j[k].(string); len(s) != 64 {
			t.Errorf("%s %q", k, s)
		}
		delete(j, k)
	}
	if !reflect.DeepEqual(j, want) {
		a, _ := json.MarshalIndent(j, "", " ")
		b, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("json\n got %s\nwant %s", a, b)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].(string), "the manufacturer Xilnx is not on Arrow's line card, but Xilinx is") {
		t.Errorf("warnings %q", warnings)
	}
	for _, want := range []string{
		"covenant: P-2 line 1 (Proposed row 4): no breakdown, bought from Arrow (the proposed supplier Arrow Electronics Inc. is Arrow",
		"covenant: P-3 line 1 (Proposed row 5): no breakdown, customer directed (",
		"covenant: P-4 line 1 (Proposed row 6): no breakdown, not franchised on October 6, 2003 (Kemet is not on Arrow's line card on October 6, 2003",
		"covenant: P-5 line 1 (Proposed row 7): no breakdown, not franchised on October 6, 2003 (Xilnx",
		"covenant: P-SENT line 1 (Proposed row 8): no breakdown, already sent on October 1, 2003 at 9:00 AM (",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "P-1 line") {
		t.Errorf("stderr lists a line that is sent:\n%s", stderr)
	}
	log := logOf(t, path)
	if len(log) != 3 {
		t.Fatalf("log %+v", log)
	}
	for i, want := range []string{"P-1 1 2003-10-06 09:00 row 3", "P-1 2 2003-10-06 09:00 row 4"} {
		b := log[1+i]
		if got := b.PONumber + " " + strconv.Itoa(b.POLine) + " " + b.Sent.Format(minuteLayout) + " row " + strconv.Itoa(b.Row); got != want || b.Response != "" {
			t.Errorf("log row %q, want %q", got, want)
		}
	}
	// the workbook holds the two lines, with their extended costs
	f, err := excelize.OpenFile(wantOut)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Breakdown")
	f.Close()
	var got []string
	for _, r := range rows[13:] {
		got = append(got, strings.Join(r, "|"))
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "P-1|1|XC2S50-5TQ144C|Xilinx|Spartan-II FPGA|100|3.1000|") || !strings.Contains(got[1], "|1000|0.0125|") {
		t.Errorf("lines %q", got)
	}

	// a second run: nothing new to send, nothing written
	before, _ := os.ReadFile(path)
	code, stdout, stderr = runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:30", "--out", out, "--json")
	if code != 0 {
		t.Fatalf("second run exit %d: %s", code, stderr)
	}
	var again breakdownJSON
	if err := json.Unmarshal([]byte(stdout), &again); err != nil {
		t.Fatal(err)
	}
	if again.Sent != nil || again.Output != nil || again.AnswerBy != nil || len(again.Lines) != 7 {
		t.Errorf("second run %+v", again)
	}
	for _, l := range again.Lines {
		if l.Needed || (l.Reference == "P-1" && l.Why != "already sent on October 6, 2003 at 9:00 AM") {
			t.Errorf("second run line %+v", l)
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a second run changed the ledger")
	}
	if ents, _ := os.ReadDir(out); len(ents) != 1 {
		t.Errorf("the folder holds %d files, want the one breakdown", len(ents))
	}
	// without --json: says so in words
	code, stdout, _ = runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:30", "--out", out)
	if code != 0 || !strings.Contains(stdout, "nothing to send: no line of the Proposed sheet of ledger.xlsx needs a breakdown as of 2003-10-06 09:30") {
		t.Errorf("exit %d: %s", code, stdout)
	}
}

// TestBreakdownDefaultsToNow: without --at, the breakdown is sent now (the
// computer's clock as local wall-clock time); a breakdown of the same minute
// already in the folder is never written over.
func TestBreakdownDefaultsToNow(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	withNow(t, at(2003, 10, 6, 14, 7))
	if err := os.WriteFile(filepath.Join(dir, "breakdown-2003-10-06-1407.xlsx"), []byte("sent earlier"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "breakdown", "--ledger", path, "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := filepath.Join(dir, "breakdown-2003-10-06-1407-2.xlsx")
	if !strings.Contains(stdout, "wrote "+want+": the breakdown of 2 lines for Arrow CMS, sent Monday, October 6, 2003 at 2:07 PM; Arrow CMS's 24 hours run out Tuesday, October 7, 2003 at 2:07 PM") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if !strings.Contains(stdout, "not sent by covenant: send the workbook to Arrow now") || !strings.Contains(stdout, "updated "+path+": 2 lines in sheet Arrow Responses (rows 3-4)") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "breakdown-2003-10-06-1407.xlsx")); string(b) != "sent earlier" {
		t.Error("an earlier breakdown was written over")
	}
	if log := logOf(t, path); len(log) != 3 || !log[1].Sent.Equal(at(2003, 10, 6, 14, 7)) {
		t.Errorf("log %+v", log)
	}
	// --out FILE.xlsx that exists is refused
	code, _, stderr = runCLI(t, "breakdown", "--ledger", path, "--out", want)
	if code != 2 || !strings.Contains(stderr, "exists: it may be a breakdown already sent to Arrow") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestBreakdownEmailRefused: with --email-to and a message the server
// refuses, nothing is logged and nothing is left in the folder; once the
// server accepts it, the lines are logged once, and a third run sends nothing.
func TestBreakdownEmailRefused(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	srv := smtptest.Start(t, smtptest.Options{StartTLS: true, RefuseRecipient: "gone@arrow.example"})
	trustServer(t, srv)
	withNow(t, at(2003, 10, 6, 9, 0))
	before, _ := os.ReadFile(path)
	send := func(to string) (int, string, string) {
		return runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", dir,
			"--email-to", to, "--from", "buyer@iec.example", "--smtp", srv.Addr())
	}
	code, _, stderr := send("gone@arrow.example")
	if code == 0 {
		t.Fatalf("a refused message exited 0:\n%s", stderr)
	}
	if !strings.Contains(stderr, "nothing was logged") {
		t.Errorf("stderr does not say nothing was logged:\n%s", stderr)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the ledger changed although the message was refused")
	}
	if _, err := os.Stat(filepath.Join(dir, "breakdown-2003-10-06-0900.xlsx")); err == nil {
		t.Error("the breakdown of a refused message was kept")
	}
	assertNoLeftovers(t, dir)
	if len(srv.Messages()) != 0 {
		t.Fatalf("the server accepted %d messages", len(srv.Messages()))
	}

	code, stdout, stderr := send("Kevin D. Wholey <cms@arrow.example>")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "sent "+filepath.Join(dir, "breakdown-2003-10-06-0900.xlsx")+" as IEC-breakdown-2003-10-06-0900.xlsx to \"Kevin D. Wholey\" <cms@arrow.example> via "+srv.Addr()) {
		t.Errorf("stdout does not say what was sent:\n%s", stdout)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	p, err := smtptest.Parse(msgs[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	onlyAttachment(t, p, filepath.Join(dir, "breakdown-2003-10-06-0900.xlsx"))
	for _, want := range []string{
		"IEC Electronics Corp.: detailed breakdown before Purchase Order commitment, 2 lines; Arrow CMS's answer due by Tuesday, October 7, 2003 at 9:00 AM",
	} {
		if p.Subject != want+" (Supplier Agreement §1.2)" {
			t.Errorf("subject %q", p.Subject)
		}
	}
	for _, want := range []string{
		"Sent:                        Monday, October 6, 2003 at 9:00 AM",
		"Arrow CMS's 24 hours run out: Tuesday, October 7, 2003 at 9:00 AM",
		"P-1 line 1: 100 units of XC2S50-5TQ144C (Xilinx, Spartan-II FPGA) from Avnet at $3.1000 each, $310.00; needed by October 20, 2003",
		"P-1 line 2: 1000 units of CRCW0603-10K (Vishay, Inc., Resistor 10k 0603) from Avnet at $0.0125 each, $12.50; needed by October 24, 2003",
		"Total offered: $322.50",
		"Please answer each line, Meet or Approve, by Tuesday, October 7, 2003 at 9:00 AM",
		"Dear Kevin D. Wholey,",
		"Attachments: IEC-breakdown-2003-10-06-0900.xlsx.",
		"Kind regards,\nIEC Electronics Corp.",
		"CONFIDENTIAL",
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, p.Body)
		}
	}
	if log := logOf(t, path); len(log) != 3 {
		t.Errorf("log has %d rows, want 3", len(log))
	}
	logged, _ := os.ReadFile(path)
	code, _, stderr = send("cms@arrow.example")
	if code != 0 {
		t.Fatalf("third run exit %d: %s", code, stderr)
	}
	if len(srv.Messages()) != 1 {
		t.Errorf("a third run sent again: %d messages", len(srv.Messages()))
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(logged, again) {
		t.Error("a third run changed the ledger")
	}
}

// assertNoLeftovers fails on covenant's temporary or lock files in dir.
func assertNoLeftovers(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".covenant-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestBreakdownEML: --eml writes the message (not sent) with the workbook
// attached, and logs the lines as sent at --at, saying so.
func TestBreakdownEML(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	trustServer(t, nil)
	withNow(t, at(2003, 10, 6, 9, 0))
	eml := filepath.Join(dir, "breakdown.eml")
	code, stdout, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", dir,
		"--email-to", "cms@arrow.example", "--from", "buyer@iec.example", "--eml", eml, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j breakdownJSON
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatalf("--json is not one object: %v\n%s", err, stdout)
	}
	if !strings.Contains(stderr, "wrote "+eml) {
		t.Errorf("stderr does not name the .eml:\n%s", stderr)
	}
	p := readEML(t, eml)
	onlyAttachment(t, p, *j.Output)
	if log := logOf(t, path); len(log) != 3 {
		t.Errorf("log has %d rows", len(log))
	}
}

// TestBreakdownPending: --pending around the 24-hour mark, and the answers
// of the last seven days, in words and in JSON.
func TestBreakdownPending(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	withNow(t, at(2003, 10, 6, 9, 0))
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pending := func(asOf string) pendingJSON {
		t.Helper()
		code, stdout, stderr := runCLI(t, "breakdown", "--ledger", path, "--pending", "--as-of", asOf, "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var j pendingJSON
		if err := json.Unmarshal([]byte(stdout), &j); err != nil {
			t.Fatal(err)
		}
		return j
	}
	one := 1
	two := 2
	j := pending("2003-10-07 08:59")
	want := pendingJSON{Report: "breakdown_pending", AsOf: "2003-10-07T08:59", Pending: []pendingItemJSON{
		{Reference: "P-1", Line: &one, Sent: "2003-10-06T09:00", ReleaseAt: "2003-10-07T09:00", Released: false},
		{Reference: "P-1", Line: &two, Sent: "2003-10-06T09:00", ReleaseAt: "2003-10-07T09:00", Released: false},
	}, Answered: []answeredJSON{
		// P-SENT's approval of October 1 is of the last seven days
		{Reference: "P-SENT", Line: &one, Sent: "2003-10-01T09:00", Response: "approve", RespondedAt: "2003-10-01T15:00", InTime: true, ReleasedAt: strp("2003-10-01T15:00")},
	}}
	if !reflect.DeepEqual(j, want) {
		t.Errorf("as of 08:59\n got %+v\nwant %+v", j, want)
	}
	j = pending("2003-10-07 09:00")
	if len(j.Pending) != 2 || !j.Pending[0].Released || !j.Pending[1].Released {
		t.Errorf("as of 09:00 %+v", j.Pending)
	}
	// the exact bytes of the contract
	code, stdout, _ := runCLI(t, "breakdown", "--ledger", path, "--pending", "--as-of", "2003-10-07 09:00", "--json")
	if code != 0 || !strings.HasPrefix(stdout, `{"report":"breakdown_pending","as_of":"2003-10-07T09:00","pending":[{"reference":"P-1","line":1,"sent":"2003-10-06T09:00","release_at":"2003-10-07T09:00","released":true},`) {
		t.Errorf("json %s", stdout)
	}

	if code, _, stderr := runCLI(t, "breakdown", "answer", "--ledger", path, "--reference", "P-1", "--line", "1", "--approve", "--at", "2003-10-06 15:00"); code != 0 {
		t.Fatalf("answer exit %d: %s", code, stderr)
	}
	j = pending("2003-10-06 16:00")
	if len(j.Pending) != 1 || *j.Pending[0].Line != 2 || len(j.Answered) != 2 {
		t.Fatalf("after the approval %+v", j)
	}
	if a := j.Answered[1]; a.Reference != "P-1" || *a.Line != 1 || a.Response != "approve" || a.RespondedAt != "2003-10-06T15:00" || !a.InTime || a.ReleasedAt == nil || *a.ReleasedAt != "2003-10-06T15:00" {
		t.Errorf("answered %+v", a)
	}
	// before the answer was given, it is not known
	if j := pending("2003-10-06 14:59"); len(j.Pending) != 2 || len(j.Answered) != 1 {
		t.Errorf("as of 14:59 %+v", j)
	}
	// midnight is a time like any other
	if j := pending("2003-10-07 00:00"); j.AsOf != "2003-10-07T00:00" || len(j.Pending) != 1 || j.Pending[0].Released {
		t.Errorf("as of midnight %+v", j)
	}
	// a week on, the answer is no longer listed; the lapsed one still is
	if j := pending("2003-10-13 15:01"); len(j.Pending) != 1 || !j.Pending[0].Released || len(j.Answered) != 0 {
		t.Errorf("a week on %+v", j)
	}
	code, stdout, stderr := runCLI(t, "breakdown", "--ledger", path, "--pending", "--as-of", "2003-10-07 08:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Breakdowns awaiting Arrow's answer as of Tuesday, October 7, 2003 at 8:00 AM (ledger.xlsx, sheet Arrow Responses):",
		"P-1 line 2 (row 4): sent Monday, October 6, 2003 at 9:00 AM; Arrow's 24 hours run out Tuesday, October 7, 2003 at 9:00 AM (in 1 hour): a PO committed before then is an exception to §1.2 unless Arrow approves first",
		"P-1 line 1 (row 3): sent Monday, October 6, 2003 at 9:00 AM; Arrow approved placement with Avnet Monday, October 6, 2003 at 3:00 PM, within its 24 hours: the PO may be placed with it from then (§1.2)",
		"P-SENT line 1 (row 2): sent Wednesday, October 1, 2003 at 9:00 AM; Arrow approved placement with Avnet",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = runCLI(t, "breakdown", "--ledger", path, "--pending", "--as-of", "2003-10-07 09:30")
	if code != 0 || !strings.Contains(stdout, "P-1 line 2 (row 4): sent Monday, October 6, 2003 at 9:00 AM; Arrow's 24 hours ran out Tuesday, October 7, 2003 at 9:00 AM with no answer recorded: released by lapse, the PO may be placed with Avnet (§1.2)") {
		t.Errorf("after the 24 hours:\n%s", stdout)
	}
}

// TestBreakdownAnswerRefusals: the row must exist; a row that holds an
// answer, and a time before the breakdown was sent, are refused naming the
// row; the ledger is left as it was.
func TestBreakdownAnswerRefusals(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	withNow(t, at(2003, 10, 6, 9, 0))
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before, _ := os.ReadFile(path)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--reference", "P-9", "--approve", "--at", "2003-10-06 10:00"}, "ledger.xlsx: no breakdown for P-9 in the log (sheet Arrow Responses)"},
		{[]string{"--reference", "P-1", "--line", "3", "--approve", "--at", "2003-10-06 10:00"}, "no breakdown for P-1 line 3 in the log (sheet Arrow Responses); it has line 1 sent 2003-10-06 09:00 (row 3), line 2 sent 2003-10-06 09:00 (row 4)"},
		{[]string{"--reference", "P-1", "--approve", "--at", "2003-10-06 10:00"}, "has breakdowns for several lines of P-1, line 1 sent 2003-10-06 09:00 (row 3), line 2 sent 2003-10-06 09:00 (row 4): say which with --line N"},
		{[]string{"--reference", "P-1", "--line", "2", "--meet", "--at", "2003-10-06 08:59"}, "ledger.xlsx, sheet Arrow Responses, row 4: the breakdown for P-1 line 2 sent 2003-10-06 09:00: the answer's time 2003-10-06 08:59 is before the breakdown was sent"},
		{[]string{"--reference", "P-SENT", "--meet", "--at", "2003-10-06 10:00"}, "ledger.xlsx, sheet Arrow Responses, row 2: the breakdown for P-SENT line 1 sent 2003-10-01 09:00 already holds Arrow's answer, Approve on 2003-10-01 15:00"},
		{[]string{"--reference", "P-1", "--line", "1", "--meet", "--approve", "--at", "2003-10-06 10:00"}, "--meet (Arrow meets the terms proposed) or --approve"},
		{[]string{"--reference", "P-1", "--line", "1", "--meet"}, "give the time Arrow answered with --at"},
		{[]string{"--reference", "P-1", "--line", "1", "--meet", "--at", "2003-10-06"}, "--at 2003-10-06: give the time of day too"},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"breakdown", "answer", "--ledger", path}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 with %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a refused answer changed the ledger")
	}
	assertNoLeftovers(t, dir)
	// once recorded, a second answer is refused
	if code, stdout, stderr := runCLI(t, "breakdown", "answer", "--ledger", path, "--reference", "p-1 ", "--line", "2", "--meet", "--at", "2003-10-07 10:00"); code != 0 ||
		!strings.Contains(stdout, "recorded Arrow's answer Meet, Tuesday, October 7, 2003 at 10:00 AM, to the breakdown for P-1 line 2 sent Monday, October 6, 2003 at 9:00 AM: after Arrow's 24 hours ran out Tuesday, October 7, 2003 at 9:00 AM") ||
		!strings.Contains(stderr, "warning: P-1 line 2: Arrow's answer came") {
		t.Errorf("late answer: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr := runCLI(t, "breakdown", "answer", "--ledger", path, "--reference", "P-1", "--line", "2", "--approve", "--at", "2003-10-07 11:00")
	if code != 2 || !strings.Contains(stderr, "row 4: the breakdown for P-1 line 2 sent 2003-10-06 09:00 already holds Arrow's answer, Meet on 2003-10-07 10:00") {
		t.Errorf("second answer: exit %d: %s", code, stderr)
	}
}

// TestBreakdownUsage: the flags that do not go together, said in words.
func TestBreakdownUsage(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"breakdown"}, "give the ledger workbook with --ledger FILE"},
		{[]string{"breakdown", "--ledger", path, "--ledger", path}, "--ledger is given 2 times: the breakdown log is one ledger's Arrow Responses sheet"},
		{[]string{"breakdown", "answer", "--ledger", path, "--ledger", path, "--reference", "P-1", "--meet", "--at", "2003-10-06 10:00"}, "breakdown answer: --ledger is given 2 times"},
		{[]string{"breakdown", "--ledger", path, "--at", "2003-10-06"}, "--at 2003-10-06: give the time of day too, as \"YYYY-MM-DD HH:MM\" (e.g. \"2003-10-06 09:00\")"},
		{[]string{"breakdown", "--ledger", path, "--at", "soon"}, "--at: \"soon\""},
		{[]string{"breakdown", "--ledger", path, "--pending", "--at", "2003-10-06 09:00"}, "--at: --pending only lists the log"},
		{[]string{"breakdown", "--ledger", path, "--as-of", "2003-10-06 09:00"}, "--as-of goes with --pending"},
		{[]string{"breakdown", "--ledger", path, "--out", path}, "--out " + path + " is the same file as --ledger " + path + ": covenant never writes over its input"},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d: %s; want %q", tc.args, code, stderr, tc.want)
		}
	}
	// a folder of CSV files can be listed, not logged into
	folder := filepath.Join(t.TempDir(), "east")
	os.MkdirAll(folder, 0o755)
	for name, text := range map[string]string{
		"Purchases.csv":       "PO Number,PO Line,PO Date,Supplier,Manufacturer,Part Number,Description,Quantity,Unit Cost,Confirmed Delivery Date,Customer Directed,Credit Limit Exception\nPO-1,1,2003-10-01,Avnet,Xilinx,X,d,1,1,,N,N\n",
		"Franchise.csv":       "Manufacturer,Authorized From,Authorized Until\nXilinx,,\n",
		"Arrow Responses.csv": "PO Number,PO Line,Breakdown Sent,Arrow Response,Responded At\nPO-1,1,2003-09-30 09:00,,\n",
		"Proposed.csv":        "Reference,Part Number,Manufacturer,Description,Quantity,Unit Cost,Proposed Supplier,Need By,Customer Directed\nP-1,X,Xilinx,,1,1,Avnet,,\n",
	} {
		os.WriteFile(filepath.Join(folder, name), []byte(text), 0o644)
	}
	for _, args := range [][]string{
		{"breakdown", "--ledger", folder, "--at", "2003-10-06 09:00", "--out", dir},
		{"breakdown", "answer", "--ledger", folder, "--reference", "PO-1", "--meet", "--at", "2003-09-30 10:00"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 2 || !strings.Contains(stderr, "is a folder of CSV files: covenant writes the breakdown log into a workbook only") {
			t.Errorf("%v on a folder: exit %d: %s", args[:2], code, stderr)
		}
	}
	if code, stdout, stderr := runCLI(t, "breakdown", "--ledger", folder, "--pending", "--as-of", "2003-10-01 10:00", "--json"); code != 0 ||
		!strings.Contains(stdout, `"pending":[{"reference":"PO-1","line":1,"sent":"2003-09-30T09:00","release_at":"2003-10-01T09:00","released":true}]`) {
		t.Errorf("--pending on a folder: exit %d: %s%s", code, stdout, stderr)
	}
	// a ledger without a Proposed sheet
	l := fixtureLedger(t, t.TempDir(), nil)
	code, _, stderr := runCLI(t, "breakdown", "--ledger", l, "--at", "2003-10-06 09:00", "--out", dir)
	if code != 2 || !strings.Contains(stderr, `no sheet named "Proposed"`) {
		t.Errorf("no Proposed sheet: exit %d: %s", code, stderr)
	}
}

// TestBreakdownPrinted: the breakdown prints on one Letter landscape page
// with the §6 footer, says what it is, when it was sent and when Arrow's 24
// hours run out, in words; LibreOffice recalculates its formulas to the
// values covenant wrote; a long breakdown goes on, its header repeated.
func TestBreakdownPrinted(t *testing.T) {
	oracle.Require(t, "soffice")
	oracle.Require(t, "pdftotext")
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	withNow(t, at(2003, 10, 6, 9, 0))
	out := filepath.Join(dir, "breakdown.xlsx")
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", out, "--prepared-by", "Pat Buyer"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := oracle.CompareRecalc(t, out); n < 3 {
		t.Errorf("LibreOffice checked %d formulas, want the two extended costs and the total", n)
	}
	pdf := oracle.ToPDF(t, out)
	if n := oracle.PDFPages(t, pdf); n != 1 {
		t.Errorf("the breakdown prints on %d pages, want 1", n)
	}
	if w, h := oracle.PDFPageSize(t, pdf); w != 792 || h != 612 {
		t.Errorf("page %gx%g pts, want Letter landscape 792x612", w, h)
	}
	text := strings.Join(strings.Fields(oracle.PDFText(t, pdf, 0)), " ")
	for _, want := range []string{
		"Detailed breakdown before Purchase Order commitment",
		"From: IEC Electronics Corp.",
		"To: Arrow CMS Distribution Group of Arrow Electronics, Inc.",
		"Sent: Monday, October 6, 2003 9:00 AM",
		"Arrow's 24 hours run out: Tuesday, October 7, 2003 9:00 AM",
		"Prepared by: Pat Buyer",
		"please answer each line Meet or Approve by Tuesday, October 7, 2003 at 9:00 AM",
		"Total offered: $ 322.50",
		"P-1 1 XC2S50-5TQ144C Xilinx Spartan-II FPGA 100 3.1000 $ 310.00 Avnet 2003-10-20",
		"P-1 2 CRCW0603-10K Vishay, Inc. Resistor 10k 0603 1000 0.0125 $ 12.50 Avnet 2003-10-24",
		"Confidential: Supplier Agreement §6", "Page 1 of 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed breakdown lacks %q:\n%s", want, text)
		}
	}
	if os.Getenv("COVENANT_KEEP_PNG") != "" {
		oracle.PDFToPNG(t, pdf, 1, filepath.Join(os.Getenv("COVENANT_KEEP_PNG"), "breakdown"))
	}

	// forty lines: several pages, each with the header
	long := breakdownLedger(t, t.TempDir(), func(f *excelize.File) {
		for i := 0; i < 40; i++ {
			putRows(t, f, "Proposed", 9+i, [][]any{{"P-L", 10 + i, "XC2S50", "Xilinx", "FPGA with a longer description to wrap", 10, 3.25, "Avnet", "2003-10-20", ""}})
		}
	})
	out2 := filepath.Join(dir, "long.xlsx")
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", long, "--at", "2003-10-06 09:00", "--out", out2); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pdf2 := oracle.ToPDF(t, out2)
	n := oracle.PDFPages(t, pdf2)
	if n < 2 {
		t.Fatalf("42 lines print on %d page", n)
	}
	for p := 1; p <= n; p++ {
		if txt := oracle.PDFText(t, pdf2, p); !strings.Contains(txt, "Unit Cost") || !strings.Contains(txt, "Confidential: Supplier Agreement §6") {
			t.Errorf("page %d lacks the header or the footer:\n%s", p, txt)
		}
	}
}

// TestBreakdownKeepFiles writes a breakdown and the ledger it logged into, and
// the ledger after an answer, into $COVENANT_KEEP_FILES, for the real-client
// harness (realclients.sh); it skips otherwise.
func TestBreakdownKeepFiles(t *testing.T) {
	keep := os.Getenv("COVENANT_KEEP_FILES")
	if keep == "" {
		t.Skip("set COVENANT_KEEP_FILES=DIR to keep a breakdown and its ledger for the real-client harness")
	}
	path := breakdownLedger(t, keep, nil)
	withNow(t, at(2003, 10, 6, 9, 0))
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", keep); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "breakdown", "answer", "--ledger", path, "--reference", "P-1", "--line", "1", "--approve", "--at", "2003-10-06 15:00"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// TestBreakdownEndToEnd: propose, send (to a mail server on 127.0.0.1, and
// later as an .eml), answer, record the POs in Purchases, run monthly: a PO
// placed after Arrow's approval, or after the 24 hours with no Meet, is
// released; one placed before either, or after Arrow met the terms, is an
// exception (issue 12's rules, on the log covenant kept).
func TestBreakdownEndToEnd(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, func(f *excelize.File) {
		putRows(t, f, "Proposed", 9, [][]any{
			{"P-6", 1, "CRCW0805-1K", "Vishay", "Resistor 1k 0805", 2000, 0.011, "TTI", "", ""},
			{"P-7", 1, "XC2C64A", "Xilinx", "CoolRunner-II CPLD", 40, 1.85, "Avnet", "", ""},
		})
	})
	srv := smtptest.Start(t, smtptest.Options{StartTLS: true})
	trustServer(t, srv)
	withNow(t, at(2003, 10, 6, 9, 0))
	run := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return stdout
	}
	// propose and send
	run("breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", dir,
		"--email-to", "cms@arrow.example", "--from", "buyer@iec.example", "--smtp", srv.Addr())
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages", n)
	}
	// Arrow's answers
	run("breakdown", "answer", "--ledger", path, "--reference", "P-1", "--line", "1", "--approve", "--at", "2003-10-06 15:00")
	run("breakdown", "answer", "--ledger", path, "--reference", "P-7", "--meet", "--at", "2003-10-06 11:00")
	// a later proposal, sent as an .eml, approved after the PO
	edit(t, path, func(f *excelize.File) {
		putRows(t, f, "Proposed", 11, [][]any{{"P-8", 1, "SI2302", "Vishay", "MOSFET", 500, 0.18, "Digi-Key", "", ""}})
	})
	withNow(t, at(2003, 10, 8, 10, 0))
	eml := filepath.Join(dir, "p8.eml")
	run("breakdown", "--ledger", path, "--at", "2003-10-08 10:00", "--out", dir,
		"--email-to", "cms@arrow.example", "--from", "buyer@iec.example", "--eml", eml)
	readEML(t, eml)
	run("breakdown", "answer", "--ledger", path, "--reference", "P-8", "--approve", "--at", "2003-10-08 11:00")
	// the POs as placed
	edit(t, path, func(f *excelize.File) {
		putRows(t, f, "Purchases", 4, [][]any{
			{"P-1", 1, "2003-10-06", "Avnet", "Xilinx", "XC2S50-5TQ144C", "Spartan-II FPGA", 100, 3.1, "2003-10-20", "N", "N", "16:00"},
			{"P-1", 2, "2003-10-07", "Avnet", "Vishay, Inc.", "CRCW0603-10K", "Resistor 10k 0603", 1000, 0.0125, "2003-10-24", "N", "N", "08:00"},
			{"P-6", 1, "2003-10-07", "TTI", "Vishay", "CRCW0805-1K", "Resistor 1k 0805", 2000, 0.011, "", "N", "N", "09:30"},
			{"P-7", 1, "2003-10-06", "Avnet", "Xilinx", "XC2C64A", "CoolRunner-II CPLD", 40, 1.85, "", "N", "N", "12:00"},
			{"P-8", 1, "2003-10-08", "Digi-Key", "Vishay", "SI2302", "MOSFET", 500, 0.18, "", "N", "N", "10:30"},
		})
	})
	var j monthlyJSON
	stdout := run("monthly", "--ledger", path, "--month", "2003-10", "--as-of", "2003-11-03", "--out", dir, "--json")
	if err := json.Unmarshal([]byte(stdout), &j); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range j.Exceptions {
		got[e.PONumber+"/"+strconv.Itoa(e.POLine)] = e.Reason
	}
	want := map[string]string{
		"P-1/2": "breakdown sent October 6, 2003 at 9:00 AM, no response within 24 hours: they ran out on October 7, 2003 at 9:00 AM; the PO was committed on October 7, 2003 at 8:00 AM, before the release",
		"P-7/1": "breakdown sent October 6, 2003 at 9:00 AM; Arrow agreed on October 6, 2003 at 11:00 AM, within 24 hours, to meet the terms proposed: the order belonged to Arrow",
		"P-8/1": "breakdown sent October 8, 2003 at 10:00 AM, Arrow approved placement with Digi-Key on October 8, 2003 at 11:00 AM; the PO was committed on October 8, 2003 at 10:30 AM, before the approval",
	}
	if len(got) != len(want) {
		t.Errorf("exceptions %v, want %v", got, want)
	}
	for k, w := range want {
		if !strings.Contains(got[k], w) {
			t.Errorf("%s: reason %q, want %q", k, got[k], w)
		}
	}
	// released: P-1/1 (approved 15:00, PO 16:00) $310.00, P-6/1 (the 24 hours
	// ran out 09:00, PO 09:30) $22.00, P-SENT/1 (approved October 1) $45.00
	if j.ReleasedSpend != "377.00" || j.ExceptionSpend != "176.50" {
		t.Errorf("released %s, exceptions %s; want 377.00 and 176.50 (12.50 + 74.00 + 90.00)", j.ReleasedSpend, j.ExceptionSpend)
	}
}

// edit changes the workbook at path with excelize, as the accountant does in
// Excel, and saves it with its parts as Excel lays them out (xlsx.Tidy: the
// sheets' dimensions, the core properties).
func edit(t *testing.T, path string, fn func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fn(f)
	buf, err := f.WriteToBuffer()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := xlsx.Tidy(&out, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBreakdownOnABlankLedger: the blank ledger of covenant ledger new has a
// Proposed sheet; filled in, its lines go to Arrow, and the log rows take the
// blank ledger's own column formats (the date and time of m/d/yyyy h:mm, the
// PO Number kept as text); --pending and answer run on it, and monthly reads
// it after.
func TestBreakdownOnABlankLedger(t *testing.T) {
	dir := t.TempDir()
	books := filepath.Join(dir, "ledger.xlsx")
	if code, _, stderr := runCLI(t, "ledger", "new", books); code != 0 {
		t.Fatalf("ledger new: exit %d: %s", code, stderr)
	}
	if code, stdout, stderr := runCLI(t, "breakdown", "--ledger", books, "--at", "2003-10-06 09:00", "--out", dir); code != 0 || !strings.Contains(stdout, "nothing to send") {
		t.Fatalf("breakdown on a blank ledger: exit %d: %s%s", code, stdout, stderr)
	}
	edit(t, books, func(f *excelize.File) {
		putRows(t, f, "Franchise", 2, [][]any{{"Xilinx", nil, nil}})
		putRows(t, f, "Proposed", 2, [][]any{{"10045", nil, "XC2S50", "Xilinx", "FPGA", 10, 3.25, "Avnet", nil, nil}})
	})
	withNow(t, at(2003, 10, 6, 9, 0))
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", books, "--at", "2003-10-06 09:00", "--out", dir); code != 0 {
		t.Fatalf("breakdown: exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(books)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range []string{"A2", "B2", "C2"} {
		got[c], _ = f.GetCellValue("Arrow Responses", c)
	}
	f.Close()
	if got["A2"] != "10045" || got["B2"] != "1" || got["C2"] != "10/6/2003 9:00" {
		t.Errorf("the log row reads %v, want 10045, 1 and 10/6/2003 9:00 in the blank ledger's formats", got)
	}
	if code, _, stderr := runCLI(t, "breakdown", "answer", "--ledger", books, "--reference", "10045", "--approve", "--at", "2003-10-06 10:00"); code != 0 {
		t.Fatalf("answer: exit %d: %s", code, stderr)
	}
	if code, stdout, stderr := runCLI(t, "breakdown", "--ledger", books, "--pending", "--as-of", "2003-10-06 11:00", "--json"); code != 0 || !strings.Contains(stdout, `"pending":[],"answered":[{"reference":"10045","line":1`) {
		t.Errorf("--pending: exit %d: %s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "monthly", "--ledger", books, "--month", "2003-10", "--as-of", "2003-11-03", "--out", dir); code != 0 {
		t.Errorf("monthly after the breakdown: exit %d: %s", code, stderr)
	}
	// the ledger as covenant logged into it and the breakdown open clean
	// in Excel and every other reader
	oracle.OpensClean(t, books, filepath.Join(dir, "breakdown-2003-10-06-0900.xlsx"))
}

// TestBreakdownLedgerSavedMeanwhile: when the ledger is saved (in Excel)
// after covenant read it and before it writes the log, the breakdown has gone
// to Arrow: its rows are added to the newer ledger, which keeps its edit.
func TestBreakdownLedgerSavedMeanwhile(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	withNow(t, at(2003, 10, 6, 9, 0))
	saved := false
	testHook = func(at, input string) {
		if at == "commit" && !saved {
			saved = true
			edit(t, input, func(f *excelize.File) { f.SetCellValue("Purchases", "N1", "Buyer's note") })
		}
	}
	t.Cleanup(func() { testHook = nil })
	code, _, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !saved || !strings.Contains(stderr, "was saved by another program after covenant read it: the breakdown is sent, so its rows are added to the workbook as it is now") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if log := logOf(t, path); len(log) != 3 || log[2].PONumber != "P-1" || log[2].POLine != 2 {
		t.Errorf("log %+v", log)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Purchases", "N1"); v != "Buyer's note" {
		t.Errorf("the edit made meanwhile is lost: N1 = %q", v)
	}
	assertNoLeftovers(t, dir)
}

// TestBreakdownWaitsForTheLock: while another covenant run updates the
// ledger in place (its lock beside it), breakdown and answer refuse, naming
// it, and change nothing; while Excel has it open, they refuse unless --force.
func TestBreakdownWaitsForTheLock(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	withNow(t, at(2003, 10, 6, 9, 0))
	lock, _, err := safefile.Acquire(path)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, args := range [][]string{
		{"breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", dir},
		{"breakdown", "answer", "--ledger", path, "--reference", "P-SENT", "--meet", "--at", "2003-10-01 10:00"},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, "is being updated in place by another covenant run") {
			t.Errorf("%v while locked: exit %d: %s", args[:2], code, stderr)
		}
	}
	lock.Release()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a refused run changed the ledger")
	}
	if _, err := os.Stat(filepath.Join(dir, "breakdown-2003-10-06-0900.xlsx")); err == nil {
		t.Error("a refused run wrote the breakdown")
	}
	owner := filepath.Join(dir, "~$ledger.xlsx")
	if err := os.WriteFile(owner, []byte("kim"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", dir); code != 2 || !strings.Contains(stderr, "seems to be open in Excel") {
		t.Errorf("open in Excel: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", dir, "--force"); code != 0 {
		t.Errorf("--force: exit %d: %s", code, stderr)
	}
}

// TestBreakdownEncryptedLedger: a password-protected ledger is logged into
// and stays encrypted with its password (§6); --password-file encrypts the
// breakdown too.
func TestBreakdownEncryptedLedger(t *testing.T) {
	dir := t.TempDir()
	path := breakdownLedger(t, dir, nil)
	plain, _ := os.ReadFile(path)
	enc, err := protect.Encrypt(plain, "ledger secret")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, enc, 0o644)
	pw := filepath.Join(dir, "pw.txt")
	os.WriteFile(pw, []byte("ledger secret\n"), 0o600)
	withNow(t, at(2003, 10, 6, 9, 0))
	out := filepath.Join(dir, "b.xlsx")
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", path, "--ledger-password-file", pw, "--password-file", pw, "--at", "2003-10-06 09:00", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{path, out} {
		data, _ := os.ReadFile(p)
		if !protect.IsEncrypted(data) {
			t.Errorf("%s is not encrypted", filepath.Base(p))
		}
	}
	l, err := ledger.Open(path, ledger.WithPassword("ledger secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if len(l.Breakdowns) != 3 {
		t.Errorf("log %+v", l.Breakdowns)
	}
}

// writeBreakdown writes, into dir, the breakdown of a ledger with thirty more
// Proposed lines than breakdownLedger's, long part numbers, descriptions and
// supplier names among them: several printed pages of wrapped rows, for the
// checks every report passes (printed pages, amounts, protection).
func writeBreakdown(t *testing.T, dir string) string {
	t.Helper()
	src := t.TempDir()
	path := breakdownLedger(t, src, func(f *excelize.File) {
		for i := 0; i < 30; i++ {
			putRows(t, f, "Proposed", 9+i, [][]any{{"P-L", 10 + i, "XC2S50-5TQ144C-" + strings.Repeat("X", i%12), "Xilinx",
				"FPGA with a longer description that wraps over the lines of its column", 10 + i, 3.25, "Arrow CMS Distribution Group of Arrow Electronics, Inc. (a long name)", "2003-10-20", ""}})
		}
	})
	withNow(t, at(2003, 10, 6, 9, 0))
	out := filepath.Join(dir, "breakdown.xlsx")
	if code, _, stderr := runCLI(t, "breakdown", "--ledger", path, "--at", "2003-10-06 09:00", "--out", out, "--prepared-by", "Pat Buyer"); code != 0 {
		t.Fatalf("breakdown: exit %d: %s", code, stderr)
	}
	return out
}
