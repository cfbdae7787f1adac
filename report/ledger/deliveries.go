package ledger

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// SheetDeliveries is the optional sheet, in the ledger or in the loan
// workbook, that records what was delivered for an obligation of either
// agreement: the evidence covenant status shows an obligation done by.
// covenant send --record appends its rows.
const SheetDeliveries = "Deliveries"

// Columns of the Deliveries sheet.
const (
	// ColDeliveryObligation is the obligation's id as covenant status lists
	// it ("monthly-2003-10", "certificate-2003Q4", "texas-property").
	ColDeliveryObligation = "Obligation"
	ColDeliveredOn        = "Delivered On"
	// ColDeliveredTo is to whom it was delivered (§7.5 addresses; the
	// Amendment's Agent and Lenders).
	ColDeliveredTo = "To"
	// ColDeliveryReference is how to find it again: a Message-ID, a courier's
	// tracking number, a letter's date.
	ColDeliveryReference = "Reference"
)

var deliveryCols = []column{{Name: ColDeliveryObligation}, {Name: ColDeliveredOn}, {Name: ColDeliveredTo}, {Name: ColDeliveryReference, Optional: true}}

// DeliveryColumns are the Deliveries sheet's headers in order, as covenant
// send --record writes a new sheet.
func DeliveryColumns() []string {
	out := make([]string, len(deliveryCols))
	for i, c := range deliveryCols {
		out[i] = c.Name
	}
	return out
}

// Delivery is one row of a Deliveries sheet (or Deliveries.csv).
type Delivery struct {
	// File is the workbook's base name (or the CSV folder's) and Row the
	// worksheet row (the CSV file's line), for messages and evidence.
	File string
	Row  int
	// Obligation is the id as written (trimmed); ObligationCell its cell
	// ("A4"; "line 4" in a CSV file).
	Obligation, ObligationCell string
	On                         time.Time
	To, Reference              string
	// src is where it was read (closed once read: for messages only).
	src source
}

// Where names the row: "ledger.xlsx, Deliveries row 4"; in a folder of CSV
// files "east/Deliveries.csv, line 4".
func (d Delivery) Where() string {
	if f, ok := d.src.(*csvFolder); ok {
		return fmt.Sprintf("%s, line %d", f.display(SheetDeliveries), d.Row)
	}
	return fmt.Sprintf("%s, %s row %d", d.File, SheetDeliveries, d.Row)
}

// ID is the obligation id folded for comparison (lower case).
func (d Delivery) ID() string { return strings.ToLower(strings.TrimSpace(d.Obligation)) }

// ObligationProblem is a problem with the row's obligation id found once the
// obligations are known (an id that names none), at its Obligation cell
// (column names it as the sheet's header does), located in its own workbook
// or CSV file as the reader's problems are.
func (d Delivery) ObligationProblem(column string, err error) *Error {
	p := newProblems(d.File, d.src)
	p.add(SheetDeliveries, d.ObligationCell, column, err)
	return p.errs.List[0]
}

// readDeliveries reads the optional Deliveries sheet of b (missing or empty:
// none) and reports whether it exists.
func readDeliveries(p *problems, b source, file string, names columnNames) ([]Delivery, bool) {
	t, exists, ok := feeOptionalTable(p, b, SheetDeliveries, deliveryCols, names)
	if !ok {
		return nil, exists
	}
	var out []Delivery
	err := t.eachRow(func(rv *rowValues) {
		d := Delivery{File: file, Row: rv.num, ObligationCell: rv.ref(ColDeliveryObligation), src: b}
		d.Obligation = rv.text(ColDeliveryObligation, true)
		d.On = rv.date(ColDeliveredOn, true)
		d.To = rv.text(ColDeliveredTo, true)
		d.Reference = rv.text(ColDeliveryReference, false)
		if !rv.bad {
			out = append(out, d)
		}
	})
	if err != nil {
		p.addRead(SheetDeliveries, err)
	}
	return out, true
}

// ReadDeliveries reads the Deliveries sheet of the workbook at path, or the
// Deliveries.csv of the folder of CSV files at path (the loan workbook; a
// ledger's is read by Open). A workbook without the sheet, or with an empty
// one, has none; every bad cell is reported at once.
//
// WithPassword opens an encrypted workbook.
func ReadDeliveries(path string, opts ...Option) ([]Delivery, bool, error) {
	b, _, err := openSource(path, opts...)
	if err != nil {
		return nil, false, err
	}
	defer b.Close()
	file := inputName(path)
	p := newProblems(file, b)
	ds, has := readDeliveries(p, b, file, options(opts).names)
	if err := p.err(); err != nil {
		return nil, has, err
	}
	return ds, has, nil
}

// HasSheet reports whether the workbook at path (or the folder of CSV files)
// has the named sheet (found as every reader finds sheets: case and
// surrounding spaces ignored; a CSV file's name as a header is).
func HasSheet(path, sheet string, opts ...Option) (bool, error) {
	b, _, err := openSource(path, opts...)
	if err != nil {
		return false, err
	}
	defer b.Close()
	_, ok := b.Sheet(sheet)
	return ok, nil
}

// AppendDelivery writes to w a copy of the workbook at path with d appended
// to its Deliveries sheet, below its last row, in the columns its header
// names; a workbook without the sheet gets one, last, with the header
// (Obligation, Delivered On, To, Reference) and the row. The new Delivered On
// cell takes the style of the cell above it, else a date style of the
// workbook. Every other part is copied byte for byte.
func AppendDelivery(path string, d Delivery, w io.Writer) error {
	b, err := openBook(path)
	if err != nil {
		return err
	}
	defer b.Close()
	file := filepath.Base(path)
	p := &problems{file: file}
	dateStyle, _ := b.DateStyle()
	serial := strconv.FormatFloat(calendar.ToSerial(d.On), 'f', -1, 64)
	text := func(col int, s string) xlsx.OutCell {
		return xlsx.OutCell{Col: col, Style: xlsx.KeepStyle, Kind: xlsx.Text, Value: s}
	}
	t, exists, ok := feeOptionalTable(p, b, SheetDeliveries, deliveryCols, nil)
	if err := p.err(); err != nil {
		return err
	}
	opt := xlsx.RewriteOptions{Level: 1, Edits: map[string]xlsx.PartEdit{}}
	header := func() []xlsx.OutCell {
		var cs []xlsx.OutCell
		for i, n := range DeliveryColumns() {
			cs = append(cs, xlsx.OutCell{Col: i + 1, Kind: xlsx.Text, Value: n})
		}
		return cs
	}
	plain := []xlsx.OutCell{text(1, d.Obligation), {Col: 2, Style: dateStyle, Kind: xlsx.Number, Value: serial}, text(3, d.To), text(4, d.Reference)}
	for i := range plain {
		if plain[i].Style == xlsx.KeepStyle {
			plain[i].Style = 0
		}
	}
	switch {
	case !exists:
		if err := b.AddSheet(&opt, SheetDeliveries, [][]xlsx.OutCell{header(), plain}); err != nil {
			return &Error{File: file, Sheet: SheetDeliveries, Err: err}
		}
	case !ok:
		// the sheet is there and empty: the header, then the row
		sh, _ := b.Sheet(SheetDeliveries)
		opt.Edits[sh.Part] = b.SheetPart(sh, &xlsx.AppendRows{Cells: [][]xlsx.OutCell{header(), plain}})
	default:
		row := []xlsx.OutCell{
			text(t.col[ColDeliveryObligation], d.Obligation),
			{Col: t.col[ColDeliveredOn], Style: xlsx.KeepStyle, Kind: xlsx.Number, Value: serial},
			text(t.col[ColDeliveredTo], d.To),
		}
		if c, has := t.col[ColDeliveryReference]; has {
			row = append(row, text(c, d.Reference))
		}
		sort.Slice(row, func(i, j int) bool { return row[i].Col < row[j].Col })
		opt.Edits[t.sheet.Part] = b.SheetPart(t.sheet, &xlsx.AppendRows{Cells: [][]xlsx.OutCell{row}, HeaderRow: t.headerRow,
			Fallback: map[int]int{t.col[ColDeliveredOn]: dateStyle}})
	}
	return b.Rewrite(w, opt)
}
