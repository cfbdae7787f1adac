package spend

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"runtime"
	"time"

	"github.com/shopspring/decimal"
)

// spillAt is how many lines Lines keeps in memory before it moves them to a
// temporary file (a variable so that tests can spill a few lines).
var spillAt = 4096

// Lines is a list of classified lines, in the order added: the exceptions of a
// month, the schedules of a quarter. A report lists every one of them, and a
// month at Excel's row limit may hold a million (issue 7: memory holds the
// aggregates, not the lines): past spillAt lines the list moves to a temporary
// file and is read back in order. The zero value is an empty list whose file,
// if it needs one, goes to the system's temporary folder.
type Lines struct {
	Dir string // the temporary file's folder ("" for the system's)

	mem  []Line
	n    int
	f    *os.File
	w    *bufio.Writer
	enc  []byte
	err  error
	read *lineReader
}

// Len is the number of lines added.
func (ls *Lines) Len() int {
	if ls == nil {
		return 0
	}
	return ls.n
}

// Add appends a copy of l.
func (ls *Lines) Add(l *Line) {
	ls.n++
	if ls.err != nil {
		return
	}
	if ls.read != nil {
		ls.err = errors.New("spend: a line was added to a list being read")
		return
	}
	if ls.f == nil {
		if len(ls.mem) < spillAt {
			ls.mem = append(ls.mem, *l)
			return
		}
		if ls.err = ls.spill(); ls.err != nil {
			return
		}
	}
	ls.write(l)
}

// spill moves the lines held in memory to a temporary file.
func (ls *Lines) spill() error {
	f, err := os.CreateTemp(ls.Dir, "covenant-lines-*")
	if err != nil {
		return fmt.Errorf("keeping the listed lines in a temporary file: %w", err)
	}
	if runtime.GOOS != "windows" {
		// gone with the process, whatever happens to it (Windows cannot
		// unlink an open file: Close removes it there)
		os.Remove(f.Name())
	}
	ls.f, ls.w = f, bufio.NewWriterSize(f, 64<<10)
	for i := range ls.mem {
		ls.write(&ls.mem[i])
	}
	ls.mem = nil
	return nil
}

func (ls *Lines) write(l *Line) {
	ls.enc = appendLine(ls.enc[:0], l)
	var n [binary.MaxVarintLen64]byte
	ls.w.Write(n[:binary.PutUvarint(n[:], uint64(len(ls.enc)))])
	if _, err := ls.w.Write(ls.enc); err != nil {
		ls.err = fmt.Errorf("keeping the listed lines in a temporary file: %w", err)
	}
}

// Err reports a failure to keep the lines.
func (ls *Lines) Err() error {
	if ls == nil {
		return nil
	}
	return ls.err
}

// At returns line i (0-based), valid until the next call. Reading in order is
// cheap; going back reads the file again from its start.
func (ls *Lines) At(i int) (*Line, error) {
	if ls == nil || i < 0 || i >= ls.n {
		return nil, fmt.Errorf("spend: line %d of a list of %d", i, ls.Len())
	}
	if ls.err != nil {
		return nil, ls.err
	}
	if ls.f == nil {
		return &ls.mem[i], nil
	}
	if ls.read == nil || i < ls.read.next {
		if err := ls.rewind(); err != nil {
			ls.err = err
			return nil, err
		}
	}
	for {
		l, err := ls.read.line()
		if err != nil {
			ls.err = fmt.Errorf("reading the listed lines back from their temporary file: %w", err)
			return nil, ls.err
		}
		if ls.read.next-1 == i {
			return l, nil
		}
	}
}

// Each calls fn with every line in order (each valid during its call).
func (ls *Lines) Each(fn func(l *Line) error) error {
	for i := 0; i < ls.Len(); i++ {
		l, err := ls.At(i)
		if err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return nil
}

func (ls *Lines) rewind() error {
	if ls.read == nil {
		if err := ls.w.Flush(); err != nil {
			return err
		}
	}
	if _, err := ls.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	ls.read = &lineReader{r: bufio.NewReaderSize(ls.f, 64<<10)}
	return nil
}

// Close releases the temporary file, if any.
func (ls *Lines) Close() error {
	if ls == nil || ls.f == nil {
		return nil
	}
	err := ls.f.Close()
	if runtime.GOOS == "windows" {
		os.Remove(ls.f.Name())
	}
	ls.f, ls.w, ls.read, ls.mem, ls.n = nil, nil, nil, nil, 0
	return err
}

type lineReader struct {
	r    *bufio.Reader
	buf  []byte
	next int // the index of the line line returns
	l    Line
}

func (lr *lineReader) line() (*Line, error) {
	size, err := binary.ReadUvarint(lr.r)
	if err != nil {
		return nil, err
	}
	if size > 1<<24 {
		return nil, fmt.Errorf("a record of %d bytes", size)
	}
	if uint64(cap(lr.buf)) < size {
		lr.buf = make([]byte, size)
	}
	lr.buf = lr.buf[:size]
	if _, err := io.ReadFull(lr.r, lr.buf); err != nil {
		return nil, err
	}
	if err := decodeLine(lr.buf, &lr.l); err != nil {
		return nil, err
	}
	lr.next++
	return &lr.l, nil
}

// The record of a line: every field of Line, in the order of appendLine.
const (
	flagCustomerDirected = 1 << iota
	flagCreditLimit
	flagHasExtendedCost
	flagFranchised
)

func appendLine(b []byte, l *Line) []byte {
	b = binary.AppendVarint(b, int64(l.Row))
	b = appendString(b, l.PONumber)
	b = binary.AppendVarint(b, int64(l.POLine.POLine))
	b = appendTime(b, l.PODate)
	b = appendString(b, l.Supplier)
	b = appendString(b, l.Manufacturer)
	b = appendString(b, l.PartNumber)
	b = appendString(b, l.Description)
	b = appendDecimal(b, l.Quantity)
	b = appendDecimal(b, l.UnitCost)
	b = appendTime(b, l.ConfirmedDelivery)
	var flags byte
	if l.CustomerDirected {
		flags |= flagCustomerDirected
	}
	if l.CreditLimitException {
		flags |= flagCreditLimit
	}
	if l.HasExtendedCost {
		flags |= flagHasExtendedCost
	}
	if l.Franchised {
		flags |= flagFranchised
	}
	b = append(b, flags)
	b = appendDecimal(b, l.ExtendedCost)
	b = binary.AppendVarint(b, int64(l.ExtendedCostCol))
	b = appendString(b, string(l.Class))
	b = appendString(b, l.Reason)
	b = appendDecimal(b, l.Amount)
	b = binary.AppendVarint(b, int64(l.ManufacturerCol))
	b = appendTime(b, l.POTime)
	b = appendString(b, l.Location)
	b = appendString(b, l.Resembles)
	return binary.AppendVarint(b, int64(l.Seq))
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// appendTime writes 0 for the zero time, else 1, the Unix seconds and the
// nanoseconds (the ledger's times are UTC).
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	b = binary.AppendVarint(append(b, 1), t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

// appendDecimal writes the coefficient and the exponent, so that the value
// reads back with the same exponent ("1.50" stays 1.50).
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	c := d.Coefficient()
	if c.IsInt64() {
		b = binary.AppendVarint(append(b, 0), c.Int64())
	} else {
		b = appendString(append(b, 1), c.String())
	}
	return binary.AppendVarint(b, int64(d.Exponent()))
}

type lineDecoder struct {
	b   []byte
	err error
}

func (d *lineDecoder) fail() {
	if d.err == nil {
		d.err = errors.New("a damaged record")
	}
	d.b = nil
}

func (d *lineDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *lineDecoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *lineDecoder) string() string {
	size, n := binary.Uvarint(d.b)
	if n <= 0 || uint64(len(d.b)-n) < size {
		d.fail()
		return ""
	}
	s := string(d.b[n : n+int(size)])
	d.b = d.b[n+int(size):]
	return s
}

func (d *lineDecoder) time() time.Time {
	if d.byte() == 0 {
		return time.Time{}
	}
	sec := d.varint()
	ns, n := binary.Uvarint(d.b)
	if n <= 0 || ns >= 1e9 {
		d.fail()
		return time.Time{}
	}
	d.b = d.b[n:]
	return time.Unix(sec, int64(ns)).UTC()
}

func (d *lineDecoder) decimal() decimal.Decimal {
	var c *big.Int
	switch d.byte() {
	case 0:
		c = big.NewInt(d.varint())
	case 1:
		var ok bool
		if c, ok = new(big.Int).SetString(d.string(), 10); !ok {
			d.fail()
			return decimal.Decimal{}
		}
	default:
		d.fail()
		return decimal.Decimal{}
	}
	exp := d.varint()
	return decimal.NewFromBigInt(c, int32(exp))
}

func decodeLine(b []byte, l *Line) error {
	d := lineDecoder{b: b}
	l.Row = int(d.varint())
	l.PONumber = d.string()
	l.POLine.POLine = int(d.varint())
	l.PODate = d.time()
	l.Supplier = d.string()
	l.Manufacturer = d.string()
	l.PartNumber = d.string()
	l.Description = d.string()
	l.Quantity = d.decimal()
	l.UnitCost = d.decimal()
	l.ConfirmedDelivery = d.time()
	flags := d.byte()
	l.CustomerDirected = flags&flagCustomerDirected != 0
	l.CreditLimitException = flags&flagCreditLimit != 0
	l.HasExtendedCost = flags&flagHasExtendedCost != 0
	l.Franchised = flags&flagFranchised != 0
	l.ExtendedCost = d.decimal()
	l.ExtendedCostCol = int(d.varint())
	l.Class = Class(d.string())
	l.Reason = d.string()
	l.Amount = d.decimal()
	l.ManufacturerCol = int(d.varint())
	l.POTime = d.time()
	l.Location = d.string()
	l.Resembles = d.string()
	l.Seq = int(d.varint())
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("a record longer than its line")
	}
	return d.err
}
