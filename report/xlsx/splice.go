package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"hash/crc32"
	"io"
	"time"

	kflate "github.com/klauspost/compress/flate"
)

// A worksheet's <dimension> (its used range) comes before its rows, and is known
// only once every row is written. A sheet of a million rows is compressed into a
// Spool as its rows come, and its head (everything before the first row) is
// compressed last, on its own, and placed in front: a deflate stream cut by a
// sync flush (Z_SYNC_FLUSH: no final block, byte-aligned) may be followed by
// another complete stream, and the zip entry's CRC-32 is combined from the two
// parts' (crc32Combine), so nothing is compressed twice.

// compressHead returns head deflated at level and sync-flushed: a valid start of
// a deflate stream that the spool's own stream can follow.
func compressHead(head []byte, level int) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := kflate.NewWriter(&buf, level)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(head); err != nil {
		return nil, err
	}
	if err := zw.Flush(); err != nil {
		return nil, err
	}
	// no Close: it would end the stream with a final block
	return buf.Bytes(), nil
}

// crc32Combine returns the CRC-32 (IEEE) of A followed by B from the CRC-32 of
// A, that of B and B's length (zlib's crc32_combine: appending len2 zero bytes
// is a linear map over GF(2), applied by repeated squaring).
func crc32Combine(crc1, crc2 uint32, len2 uint64) uint32 {
	if len2 == 0 {
		return crc1
	}
	var even, odd [32]uint32
	odd[0] = crc32.IEEE // the operator for one zero bit
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four zero bits
	for {
		// each round applies the operator for the next bit of len2 (in bytes:
		// the first square is eight zero bits)
		gf2Square(&even, &odd)
		if len2&1 != 0 {
			crc1 = gf2Times(&even, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
		gf2Square(&odd, &even)
		if len2&1 != 0 {
			crc1 = gf2Times(&odd, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
	}
	return crc1 ^ crc2
}

func gf2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[32]uint32) {
	for n := 0; n < 32; n++ {
		square[n] = gf2Times(mat, mat[n])
	}
}

// writeSpool places a finished spool in the package as the part name, with the
// spool's head (SetHead), if any, in front.
func writeSpool(zw *zip.Writer, name string, mod time.Time, sp *Spool, level int) error {
	raw, err := sp.raw()
	if err != nil {
		return err
	}
	crc, size, comp := sp.crc, sp.size, sp.compSize
	var head []byte
	if sp.head != nil {
		if head, err = compressHead(sp.head, level); err != nil {
			return err
		}
		crc = crc32Combine(crc32.ChecksumIEEE(sp.head), sp.crc, sp.size)
		size += uint64(len(sp.head))
		comp += uint64(len(head))
	}
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: comp, UncompressedSize64: size}
	//lint:ignore SA1019 CreateRaw ignores Modified: it writes the MS-DOS time fields SetModTime sets
	fh.SetModTime(mod)
	dst, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	if _, err := dst.Write(head); err != nil {
		return err
	}
	_, err = io.Copy(dst, raw)
	return err
}

// partWriter is what Rewrite hands an edit: the part's zip entry, created on the
// first Write, or placed whole from a spool (placeSpool) by an edit that wrote
// nothing before. (A sheet's rows wait in memory or, past spillAt, in a spool
// compressed on another goroutine as they come: what reaches a partWriter is
// whole already, so it is compressed as it is written.)
type partWriter struct {
	zw      *zip.Writer
	name    string
	mod     time.Time
	level   int
	dst     io.Writer
	placed  bool
	err     error
	started bool
}

func (p *partWriter) start() error {
	if p.started {
		return p.err
	}
	p.started = true
	fh := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: p.mod}
	p.dst, p.err = p.zw.CreateHeader(fh)
	return p.err
}

func (p *partWriter) Write(b []byte) (int, error) {
	if err := p.start(); err != nil {
		return 0, err
	}
	return p.dst.Write(b)
}

// canPlace reports whether the part can still be placed from a spool.
func (p *partWriter) canPlace() bool { return !p.started && !p.placed }

func (p *partWriter) placeSpool(sp *Spool) error {
	p.placed, p.started = true, true
	p.err = writeSpool(p.zw, p.name, p.mod, sp, p.level)
	return p.err
}

// close ends the entry (an edit that wrote nothing leaves an empty part).
func (p *partWriter) close() error {
	if !p.started {
		return p.start()
	}
	return p.err
}

// spillAt is how much of a rewritten sheet is held in memory before it goes on
// in a compressed temporary file (a ledger's sheet of a million rows is about
// 1 GB of XML; memory stays bounded whatever its size).
var spillAt = 1 << 20

// bodySink holds a sheet's rows while they are written: in memory up to
// spillAt, then in a Spool.
type bodySink struct {
	mem   []byte
	spool *Spool
	level int
}

func (s *bodySink) Write(p []byte) (int, error) {
	if s.spool == nil {
		if len(s.mem)+len(p) <= spillAt {
			s.mem = append(s.mem, p...)
			return len(p), nil
		}
		sp, err := NewSpool("", s.level)
		if err != nil {
			return 0, err
		}
		s.spool = sp
		if _, err := sp.Write(s.mem); err != nil {
			return 0, err
		}
		s.mem = nil
	}
	return s.spool.Write(p)
}

// writeSheet writes a sheet's head and the rows in body to w: a spilled body
// goes into the package as it was compressed when w is the part's entry, else
// it is inflated again.
func writeSheet(w io.Writer, head []byte, body *bodySink) error {
	if body.spool == nil {
		if _, err := w.Write(head); err != nil {
			return err
		}
		_, err := w.Write(body.mem)
		return err
	}
	sp := body.spool
	if err := sp.Finish(); err != nil {
		sp.Discard()
		return err
	}
	if st, ok := w.(*spoolTarget); ok && st.sp == nil && len(st.mem) == 0 {
		// SpoolSheet keeps the spool, to place it later
		sp.SetHead(head)
		st.sp = sp
		return nil
	}
	defer sp.Discard()
	if pw, ok := w.(*partWriter); ok && pw.canPlace() {
		sp.SetHead(head)
		return pw.placeSpool(sp)
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	raw, err := sp.raw()
	if err != nil {
		return err
	}
	zr := kflate.NewReader(bufio.NewReaderSize(raw, 1<<20))
	defer zr.Close()
	_, err = io.Copy(w, zr)
	return err
}
