package xlsx

import (
	"bufio"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sync"

	kflate "github.com/klauspost/compress/flate"
)

// AppendRow appends a <row> element with its cells (sorted by column) to dst. attrs
// are extra row attributes (such as a row style), written as given.
func AppendRow(dst []byte, prefix string, num int, height float64, attrs []byte, cells []OutCell) []byte {
	cw := cellWriter{prefix: prefix, buf: dst}
	return cw.appendRow(num, height, attrs, cells)
}

// RowWriter writes the rows of one sheet (AppendRow), remembering each
// column's last cell: a column that repeats its value is written by copying.
type RowWriter struct{ cw cellWriter }

// NewRowWriter starts writing rows for a sheet whose elements take prefix.
func NewRowWriter(prefix string) *RowWriter {
	return &RowWriter{cw: cellWriter{prefix: prefix, memo: make([]cellMemo, maxMemoCol)}}
}

// AppendRow is the package's AppendRow.
func (w *RowWriter) AppendRow(dst []byte, num int, height float64, attrs []byte, cells []OutCell) []byte {
	w.cw.buf = dst
	b := w.cw.appendRow(num, height, attrs, cells)
	w.cw.buf = nil
	return b
}

// AsyncWriter hands what is written to another goroutine, in large buffers, so that
// compressing or writing runs on the second core while the caller goes on.
type AsyncWriter struct {
	w    io.Writer
	cur  []byte
	ch   chan []byte
	free chan []byte
	done chan struct{}
	err  error
	once sync.Once
}

const asyncBuf = 512 << 10

// NewAsyncWriter starts the goroutine that writes to w.
func NewAsyncWriter(w io.Writer) *AsyncWriter {
	a := &AsyncWriter{w: w, ch: make(chan []byte, 4), free: make(chan []byte, 6), done: make(chan struct{})}
	for i := 0; i < 6; i++ {
		a.free <- make([]byte, 0, asyncBuf)
	}
	a.cur = <-a.free
	go func() {
		defer close(a.done)
		for b := range a.ch {
			if a.err == nil {
				_, a.err = a.w.Write(b)
			}
			a.free <- b[:0]
		}
	}()
	return a
}

// AvailableBuffer returns an empty slice over the current buffer's free space,
// to append to and pass to Write straight after (as bufio.Writer's): then
// nothing is copied.
func (a *AsyncWriter) AvailableBuffer() []byte { return a.cur[len(a.cur):] }

// Flush does nothing: what is written is handed over as buffers fill, and at
// Close.
func (a *AsyncWriter) Flush() error { return nil }

// Write copies p into the current buffer.
func (a *AsyncWriter) Write(p []byte) (int, error) {
	n := len(p)
	if n > 0 && n <= cap(a.cur)-len(a.cur) && &p[0] == &a.cur[:len(a.cur)+1][len(a.cur)] {
		// p was built in AvailableBuffer: it is in place already
		a.cur = a.cur[:len(a.cur)+n]
		if len(a.cur) == asyncBuf {
			a.ch <- a.cur
			a.cur = <-a.free
		}
		return n, nil
	}
	for len(p) > 0 {
		room := asyncBuf - len(a.cur)
		if room <= 0 {
			a.ch <- a.cur
			a.cur = <-a.free
			continue
		}
		if room > len(p) {
			room = len(p)
		}
		a.cur = append(a.cur, p[:room]...)
		p = p[room:]
	}
	return n, nil
}

// Close writes what is buffered, waits for the goroutine and reports its error.
func (a *AsyncWriter) Close() error {
	a.once.Do(func() {
		if len(a.cur) > 0 {
			a.ch <- a.cur
		}
		close(a.ch)
		<-a.done
	})
	return a.err
}

// Spool is a part compressed ahead of time into a temporary file, to be placed in
// a package later with its compressed bytes copied as they are.
type Spool struct {
	f        *os.File
	counter  countWriter
	zw       *kflate.Writer
	async    *AsyncWriter
	bw       *bufio.Writer
	crc      uint32
	size     uint64
	closed   bool
	compSize uint64
	head     []byte // placed in front of the part (SetHead)
}

// SetHead gives the part a head, compressed on its own and placed in front of
// what was written when the spool goes into a package (a worksheet's XML before
// its rows, known only once the rows are: its <dimension>).
func (s *Spool) SetHead(head []byte) { s.head = append([]byte(nil), head...) }

type countWriter struct {
	w io.Writer
	n uint64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += uint64(n)
	return n, err
}

// NewSpool creates a spool in dir (the system's temporary folder when empty),
// compressing at the given deflate level on another goroutine.
func NewSpool(dir string, level int) (*Spool, error) {
	f, err := os.CreateTemp(dir, ".covenant-spool-*")
	if err != nil {
		return nil, err
	}
	// the file is only a scratch area: unlink it now so nothing is left behind
	// (Windows refuses while it is open: Discard removes it then)
	os.Remove(f.Name())
	s := &Spool{f: f}
	s.counter.w = bufio.NewWriterSize(f, 1<<20)
	zw, err := kflate.NewWriter(&s.counter, level)
	if err != nil {
		f.Close()
		return nil, err
	}
	s.zw = zw
	s.async = NewAsyncWriter(writerFunc(func(p []byte) (int, error) {
		// the checksum is taken on the compressing goroutine too
		s.crc = crc32.Update(s.crc, crc32.IEEETable, p)
		return zw.Write(p)
	}))
	s.bw = bufio.NewWriterSize(s, 256<<10)
	return s, nil
}

// Write adds uncompressed bytes of the part.
func (s *Spool) Write(p []byte) (int, error) {
	s.size += uint64(len(p))
	return s.async.Write(p)
}

// Buffered returns a buffered writer over the spool.
func (s *Spool) Buffered() *bufio.Writer { return s.bw }

// Finish ends the part.
func (s *Spool) Finish() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.bw.Flush(); err != nil {
		return err
	}
	if err := s.async.Close(); err != nil {
		return err
	}
	if err := s.zw.Close(); err != nil {
		return err
	}
	if err := s.counter.w.(*bufio.Writer).Flush(); err != nil {
		return err
	}
	s.compSize = s.counter.n
	return nil
}

// Discard releases the spool's file.
func (s *Spool) Discard() {
	if !s.closed {
		s.bw.Flush()
		s.async.Close()
	}
	s.f.Close()
	os.Remove(s.f.Name()) // gone already where an open file can be unlinked
}

// rawPart returns the spool's compressed bytes.
func (s *Spool) raw() (io.Reader, error) {
	if !s.closed {
		return nil, errors.New("spool not finished")
	}
	return io.NewSectionReader(s.f, 0, int64(s.compSize)), nil
}

// SheetSplit is a worksheet cut at a row, for streaming new rows in its place.
type SheetSplit struct {
	Prefix string // the sheet's namespace prefix for elements ("" or "x:")
	// Head is everything before the row: the sheet's start and the rows above.
	Head []byte
	// RowAttrs are the attributes of the row itself (its style, height), if it
	// exists, for the rows that replace it.
	RowAttrs []byte
	// Tail is everything from </sheetData> on.
	Tail []byte
	// Used is the block of cells the rows in Head hold.
	Used Range
}

// SplitAt cuts the worksheet at row; rows below it are an error (what streams in
// must be the last thing on the sheet).
func (b *Book) SplitAt(sh Sheet, row int) (*SheetSplit, error) {
	rc, err := b.openPart(sh.Part, MaxPartSize)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sc := newSheetScanner(rc)
	head, err := sc.Head()
	if err != nil {
		return nil, err
	}
	out := &SheetSplit{Head: append([]byte(nil), head...)}
	out.Prefix = string(sc.prefix)
	var ri rowInfo
	prev := 0
	for {
		rb, err := sc.Next()
		if err != nil {
			return nil, err
		}
		if rb == nil {
			break
		}
		if err := parseRow(rb, prev, &ri); err != nil {
			return nil, err
		}
		prev = ri.num
		switch {
		case ri.num < row:
			out.Head = append(out.Head, rb...)
			if n := len(ri.cells); n > 0 {
				out.Used.Add(ri.num, ri.cells[0].col)
				out.Used.Add(ri.num, ri.cells[n-1].col)
			}
		case ri.num == row:
			out.RowAttrs = rowAttrs(ri.startTag, true)
		default:
			return nil, fmt.Errorf("sheet %s has content in row %d, below row %d where the table's rows go: a table must be the last thing on its sheet", sh.Name, ri.num, row)
		}
	}
	out.Tail = append([]byte(nil), sc.Tail()...)
	return out, nil
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// scannedRow is one row with its original bytes, its parsed cells (spans into
// raw) and its decoded values.
type scannedRow struct {
	raw []byte
	ri  rowInfo
	row Row
}

type rawBatch struct {
	rows []scannedRow
	n    int
	err  error
}

// rawRows hands out the rows of a sheet for rewriting; for a large sheet they are
// inflated, scanned and decoded on another goroutine.
type rawRows struct {
	// serial
	sc   *sheetScanner
	dec  rowDecoder
	one  scannedRow
	done bool
	// pipelined
	batches chan *rawBatch
	free    chan *rawBatch
	quit    chan struct{}
	cur     *rawBatch
	i       int
	stopped bool
}

func (b *Book) scanRaw(sh Sheet, sc *sheetScanner, sst []string) *rawRows {
	r := &rawRows{sc: sc, dec: rowDecoder{b: b, sh: sh, sst: sst, in: new(interner)}}
	if f := b.files[sh.Part]; f == nil || f.UncompressedSize64 < pipelineMin {
		return r
	}
	const batchRows = 512
	r.batches = make(chan *rawBatch, 2)
	r.free = make(chan *rawBatch, 4)
	r.quit = make(chan struct{})
	for i := 0; i < 4; i++ {
		r.free <- &rawBatch{rows: make([]scannedRow, batchRows)}
	}
	go func() {
		defer close(r.batches)
		for {
			var bt *rawBatch
			select {
			case bt = <-r.free:
			case <-r.quit:
				return
			}
			bt.n, bt.err = 0, nil
			end := false
			for bt.n < batchRows {
				ok, err := r.dec.scan(sc, &bt.rows[bt.n])
				if err != nil {
					bt.err, end = err, true
					break
				}
				if !ok {
					end = true
					break
				}
				bt.n++
			}
			select {
			case r.batches <- bt:
			case <-r.quit:
				return
			}
			if end {
				return
			}
		}
	}()
	return r
}

// next returns the next row, nil at the end.
func (r *rawRows) next() (*scannedRow, error) {
	if r.batches == nil {
		if r.done {
			return nil, nil
		}
		ok, err := r.dec.scan(r.sc, &r.one)
		if err != nil || !ok {
			r.done = true
			return nil, err
		}
		return &r.one, nil
	}
	for {
		if r.cur != nil && r.i < r.cur.n {
			r.i++
			return &r.cur.rows[r.i-1], nil
		}
		if r.cur != nil {
			if err := r.cur.err; err != nil {
				return nil, err
			}
			r.free <- r.cur
			r.cur = nil
		}
		bt, ok := <-r.batches
		if !ok {
			return nil, nil
		}
		r.cur, r.i = bt, 0
	}
}

// stop ends the reading goroutine and waits for it.
func (r *rawRows) stop() {
	if r.batches == nil || r.stopped {
		return
	}
	r.stopped = true
	close(r.quit)
	for range r.batches {
	}
}

// scan reads the next row keeping its bytes; false at the end of the rows.
func (d *rowDecoder) scan(sc *sheetScanner, sr *scannedRow) (bool, error) {
	rb, err := sc.Next()
	if err != nil {
		return false, &ReadError{Sheet: d.sh.Name, After: d.prev, Err: err}
	}
	if rb == nil {
		return false, nil
	}
	sr.raw = append(sr.raw[:0], rb...)
	ri := &sr.ri
	if err := parseRow(sr.raw, d.prev, ri); err != nil {
		return false, &ReadError{Sheet: d.sh.Name, Row: d.prev + 1, Err: err}
	}
	if ri.num <= d.prev {
		return false, &ReadError{Sheet: d.sh.Name, Err: fmt.Errorf("row %d is stored after row %d: the rows are out of order, so the file is damaged; open it in Excel and save it again", ri.num, d.prev)}
	}
	d.prev = ri.num
	row := &sr.row
	row.Num, row.Hidden = ri.num, ri.hidden
	row.Cells = row.Cells[:0]
	for i := range ri.cells {
		c, err := d.b.decodeCell(&ri.cells[i], d.sst, d.in)
		if err != nil {
			return false, &ReadError{Sheet: d.sh.Name, Row: ri.num, Col: ri.cells[i].col, Err: err}
		}
		row.Cells = append(row.Cells, c)
	}
	return true, nil
}
