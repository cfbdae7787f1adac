package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/delivery"
	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/obligations"
	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/report/safefile"
	"github.com/covenant-reports/covenant/report/terms"
)

// now is the clock of send --record (a test sets it).
var now = time.Now

// record is the Deliveries row send --record appends once the server has
// accepted the message: the workbook is locked and fingerprinted before the
// message goes, and replaced atomically after, only if it is still the file
// that was read (as --in-place does).
type record struct {
	path, id string
	lock     *safefile.Lock
	read     safefile.Fingerprint
}

// prepareRecord checks --record before anything is sent: the workbook (the
// ledger or the loan workbook, not encrypted), the obligation the message
// delivers (--obligation, else the monthly report attached, or the
// certificate with its signed scan, --signed), and takes the workbook's lock.
// nil when --record is not given.
func prepareRecord(path, obligation string, signed bool, e *emailOptions, files []string, password string, t terms.Terms) (*record, error) {
	if path == "" {
		if obligation != "" {
			return nil, usagef("--obligation: give the workbook to record the delivery in with --record FILE")
		}
		return nil, nil
	}
	if e.EML != "" {
		return nil, usagef("--record with --eml: a message written to a file is not sent, so nothing is delivered and nothing is recorded; send it, or record the delivery in the Deliveries sheet once it is sent")
	}
	if ledger.IsFolder(path) {
		// as --in-place: covenant writes into a workbook only
		return nil, usagef("--record %s is a folder of CSV files: covenant records a delivery in a workbook only, and nothing was sent; send without --record and add the row to its %s.csv yourself (%s), or open the files in Excel, save them as one workbook (.xlsx) with one sheet each, and give --record that workbook",
			path, ledger.SheetDeliveries, strings.Join(ledger.DeliveryColumns(), ", "))
	}
	if ext := strings.ToLower(filepath.Ext(path)); ext != ".xlsx" && ext != ".xlsm" {
		return nil, usagef("--record %s: give the ledger or the loan workbook (.xlsx) whose Deliveries sheet records the delivery", path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, usagef("--record: %v", err)
	}
	if enc, err := protect.IsEncryptedFile(path); err == nil && enc {
		return nil, usagef("--record %s: the workbook is password-protected; covenant does not write into it: record the delivery in its Deliveries sheet yourself", path)
	}
	id := strings.TrimSpace(obligation)
	if id == "" {
		var err error
		if id, err = obligationOf(files, password); err != nil {
			return nil, err
		}
		// §1.2 asks for "a certificate signed by Customer's President"
		if strings.HasPrefix(id, "certificate-") && !signed {
			return nil, usagef("--record: the certificate is sent unsigned, and §1.2 asks for a certificate signed by the Customer's President: attach the signed scan with --signed to record %s as delivered (nothing was sent)", id)
		}
	}
	// the id must name an obligation a delivery shows done, as the books
	// the workbook holds list them
	in := obligations.Input{Terms: t, AsOf: today()}
	names := ledger.WithColumnNames(t.Columns)
	has, err := ledger.HasSheet(path, ledger.SheetPurchases)
	if err != nil {
		return nil, err
	}
	if has {
		l, err := ledger.Open(path, names)
		if err != nil {
			return nil, err
		}
		in.Invoices, in.Notices, in.Deliveries = l.Invoices, l.Notices, l.Deliveries
		l.Close()
	} else {
		ds, _, err := ledger.ReadDeliveries(path, names)
		if err != nil {
			return nil, err
		}
		in.Deliveries = ds
	}
	r, err := computeObligations(in, filepath.Base(path))
	if err != nil {
		return nil, err
	}
	canon, err := r.CheckID(in, id)
	if err != nil {
		return nil, usagef("--obligation: %v (nothing was sent)", err)
	}
	rec := &record{path: path, id: canon}
	lock, took, err := safefile.Acquire(path)
	if err != nil {
		return nil, err
	}
	rec.lock = lock
	if took != nil {
		fmt.Fprintf(e.Stderr, "covenant: warning: %s\n", took)
	}
	if rec.read, err = safefile.Identify(path); err != nil {
		lock.Release()
		return nil, err
	}
	return rec, nil
}

// obligationOf is the obligation a message's attachments deliver: the month
// of the one monthly report, or the quarter of the one certificate. A draft
// delivers nothing.
var certificateTitle = regexp.MustCompile(`^(DRAFT )?Quarterly compliance certificate (\d{4}Q[1-4])$`)

func obligationOf(files []string, password string) (string, error) {
	var ids []string
	for _, path := range files {
		if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return "", usagef("%v", err)
		}
		if protect.IsEncrypted(data) {
			if password == "" {
				continue
			}
			if data, err = protect.Decrypt(data, password); err != nil {
				return "", usagef("%s: %v (--password-file or --password-env)", filepath.Base(path), err)
			}
		}
		if m, err := delivery.ReadMonthly(data); err == nil {
			if m.Draft {
				return "", usagef("--record: %s is a DRAFT (the month ends %s): it does not deliver the monthly report, and nothing was sent; send it without --record, or the final report with it", filepath.Base(path), calendar.Long(m.PeriodEnd))
			}
			ids = append(ids, obligations.MonthlyID(m.PeriodStart))
			continue
		}
		if g := certificateTitle.FindStringSubmatch(delivery.ReadTitle(data)); g != nil {
			if g[1] != "" {
				return "", usagef("--record: %s is a DRAFT certificate: it does not deliver the certificate, and nothing was sent; send it without --record", filepath.Base(path))
			}
			ids = append(ids, "certificate-"+g[2])
		}
	}
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		return "", usagef("--record: no monthly report or certificate is attached to say what the message delivers: give the obligation with --obligation ID (covenant status lists the ids); nothing was sent")
	}
	return "", usagef("--record: the attachments deliver %s: give the one to record with --obligation ID; nothing was sent", strings.Join(ids, " and "))
}

// commit appends the row for the message the server accepted.
func (rec *record) commit(e *emailOptions, r *delivery.Receipt) error {
	defer rec.lock.Release()
	to := strings.Join(append(append([]string(nil), e.To...), e.Cc...), ", ")
	ref := fmt.Sprintf("Message-ID <%s>, accepted by %s", strings.Trim(r.MessageID, "<>"), r.Server)
	d := ledger.Delivery{Obligation: rec.id, On: today(), To: to, Reference: ref}
	p, err := safefile.Prepare(rec.path, &rec.read, func(w io.Writer) error { return ledger.AppendDelivery(rec.path, d, w) })
	if err == nil {
		err = p.Commit()
	}
	if err != nil {
		return fmt.Errorf("the message was sent, but the delivery is not recorded in %s: %w; add the row yourself to its Deliveries sheet: %s, %s, %s, %s",
			rec.path, err, d.Obligation, d.On.Format("2006-01-02"), d.To, d.Reference)
	}
	fmt.Fprintf(e.out(), "recorded %s delivered on %s in %s (sheet %s)\n", rec.id, calendar.Long(d.On), rec.path, ledger.SheetDeliveries)
	return nil
}

// release gives the lock back when nothing was sent.
func (rec *record) release() {
	if rec != nil {
		rec.lock.Release()
	}
}

func today() time.Time {
	n := now()
	return terms.Date(n.Year(), n.Month(), n.Day())
}

// out is where send says what it did: stderr when stdout carries JSON.
func (e *emailOptions) out() io.Writer {
	if e.JSONMode {
		return e.Stderr
	}
	return e.Stdout
}
