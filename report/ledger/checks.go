package ledger

import (
	"bytes"
	"fmt"
	"hash"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode/utf8"
)

// lineChecks are the checks that need the whole Purchases sheet, made while it
// streams: a PO line listed twice (it would count the same purchase twice), and
// breakdowns in the Arrow Responses log that name a PO, or a PO line, that is
// not on the sheet (a typo there makes the PO's lines exceptions to §1.2).
type lineChecks struct {
	// seen maps a hash of each PO line's key (PO Number as §1.2 matching folds
	// it, and the line number) to its row: 24 bytes a line, not the key's text.
	seen lineIndex
	// While the lines come in strictly increasing order of (PO, line), as a
	// ledger sorted by PO lists them, no line can repeat an earlier one: their
	// hashes are only appended to sorted (sequential writes, no lookups), and go
	// into seen the first time a line comes out of order.
	inOrder  bool
	sorted   []lineSlot
	prevPO   []byte
	prevLine int
	declared int
	// bd are the POs and PO lines the breakdowns name
	bd *poSeen
	// byLocation: the sheet has a Location column, and the same PO line may
	// be listed once for each location
	byLocation bool
	key, lkey  []byte
	hash       hash.Hash64
}

// poSeen are the POs and PO lines the breakdown logs name, set true when a
// Purchases sheet has them: one set for the ledgers of several locations
// read together, whose logs are merged (a breakdown may name a PO of another
// location's ledger).
type poSeen struct {
	pos   map[string]*places
	lines map[string]*places
	// proposed and proposedLines are the References and their lines on the
	// Proposed sheets (of every location read)
	proposed, proposedLines map[string]bool
}

// places are the locations at which a PO (or PO line) a breakdown names was
// found on a Purchases sheet: a breakdown without a Location must name a PO
// of one location only, else it cannot be told which PO it was about (§1.2).
type places struct {
	locs []string // as written, distinct ignoring case
}

func (p *places) add(loc string) {
	for _, l := range p.locs {
		if strings.EqualFold(l, loc) {
			return
		}
	}
	p.locs = append(p.locs, loc)
}

func (p *places) has(loc string) bool {
	for _, l := range p.locs {
		if strings.EqualFold(l, loc) {
			return true
		}
	}
	return false
}

func (p *places) seen() bool { return p != nil && len(p.locs) > 0 }

func newPOSeen(ls ...*Ledger) *poSeen {
	s := &poSeen{pos: map[string]*places{}, lines: map[string]*places{}, proposed: map[string]bool{}, proposedLines: map[string]bool{}}
	for _, l := range ls {
		for _, b := range l.Breakdowns {
			s.pos[normPO(b.PONumber)] = &places{}
			if b.POLine > 0 {
				s.lines[normPO(b.PONumber)+"\x00"+strconv.Itoa(b.POLine)] = &places{}
			}
		}
		for _, p := range l.Proposed {
			s.proposed[normPO(p.Reference)] = true
			s.proposedLines[proposedKey(p.Reference, p.Line)] = true
		}
	}
	return s
}

func normPO(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (l *Ledger) newLineChecks(bd *poSeen) *lineChecks {
	c := &lineChecks{bd: bd, hash: fnv.New64a(), inOrder: true}
	c.byLocation = l.purchases.col[ColLocation] != 0
	// sized for the rows the sheet declares, within reason: a <dimension> can
	// be wrong, and appending grows the slice anyway
	c.declared = min(l.PurchaseRowsDeclared(), 1<<16)
	c.sorted = make([]lineSlot, 0, c.declared)
	return c
}

// line checks one PO line as read (even one with problems elsewhere in its row).
func (c *lineChecks) line(rv *rowValues, line *POLine) {
	// the PO number folded as normPO folds it, in a reused buffer: no
	// allocation for the million lines whose PO no breakdown names
	c.key = appendNormPO(c.key[:0], line.PONumber)
	if len(c.key) == 0 {
		return
	}
	if at, ok := c.bd.pos[string(c.key)]; ok {
		at.add(strings.TrimSpace(line.Location))
	}
	if line.POLine <= 0 {
		return
	}
	po := len(c.key)
	c.key = append(c.key, 0)
	c.key = strconv.AppendInt(c.key, int64(line.POLine), 10)
	if at, ok := c.bd.lines[string(c.key)]; ok {
		at.add(strings.TrimSpace(line.Location))
	}
	if c.byLocation {
		// the same PO line at two locations is two lines (§1.3): the key
		// leads with the location, folded as a PO number is
		lk := appendNormPO(c.lkey[:0], line.Location)
		lk = append(lk, 0)
		lk = append(lk, c.key[:po]...)
		n := len(lk)
		lk = append(lk, c.key[po:]...)
		c.key, c.lkey, po = lk, c.key, n
	}
	c.hash.Reset()
	c.hash.Write(c.key)
	sum := c.hash.Sum64()
	if c.inOrder {
		cmp := bytes.Compare(c.key[:po], c.prevPO)
		if len(c.sorted) == 0 || cmp > 0 || cmp == 0 && line.POLine > c.prevLine {
			c.sorted = append(c.sorted, lineSlot{key: sum, row: int32(rv.num)})
			c.prevPO, c.prevLine = append(c.prevPO[:0], c.key[:po]...), line.POLine
			return
		}
		// out of order: from here on every line is looked up
		c.inOrder = false
		c.seen.init(max(2*len(c.sorted), c.declared))
		for _, s := range c.sorted {
			c.seen.add(s.key, s.row)
		}
		c.sorted = nil
	}
	if first, dup := c.seen.add(sum, int32(rv.num)); dup {
		rv.fail(ColPOLine, rv.ref(ColPOLine), fmt.Errorf("%s line %d is listed twice (first in %s), so it would be counted twice: delete the duplicate row, or give the line its own number", strings.TrimSpace(line.PONumber), line.POLine, rv.t.rowName(int(first))))
	}
}

// lineIndex is a set of 64-bit hashes with the row of each, open addressing
// with linear probing: for a million lines it is several times faster than a
// Go map, whose lookups miss the cache while the reading and compressing
// goroutines stream through memory.
type lineIndex struct {
	slots []lineSlot
	n     int
}

// lineSlot is one entry: key and row in one cache line, one miss a probe.
type lineSlot struct {
	key uint64 // 0: empty (a hash of 0 is stored as 1)
	row int32
}

func (x *lineIndex) init(expected int) {
	size := 1 << 10
	for size < 2*expected {
		size <<= 1
	}
	x.slots, x.n = make([]lineSlot, size), 0
}

// add records key at row; when key is there already it returns the first row
// and true instead.
func (x *lineIndex) add(key uint64, row int32) (int32, bool) {
	if key == 0 {
		key = 1
	}
	if 2*(x.n+1) > len(x.slots) {
		old := x.slots
		x.init(len(old)) // double
		for _, s := range old {
			if s.key != 0 {
				x.add(s.key, s.row)
			}
		}
	}
	mask := uint64(len(x.slots) - 1)
	p := (key * 0x9E3779B97F4A7C15) >> 32 & mask
	for {
		s := &x.slots[p]
		switch s.key {
		case 0:
			s.key, s.row = key, row
			x.n++
			return 0, false
		case key:
			return s.row, true
		}
		p = (p + 1) & mask
	}
}

// appendNormPO appends normPO(s) to dst.
func appendNormPO(dst []byte, s string) []byte {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, normPO(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		dst = append(dst, b)
	}
	return dst
}

// finishPurchases reports the ledger's breakdowns whose PO or PO line no
// Purchases sheet read had (bd: of this ledger, or of every location read).
func (l *Ledger) finishPurchases(p *problems, bd *poSeen) {
	t := l.responses
	if t == nil {
		return
	}
	// a breakdown goes out before its PO is placed (§1.2): one whose PO, or
	// PO line, is still on a Proposed sheet is no typo
	refs, proposed := bd.proposed, bd.proposedLines
	for _, b := range l.Breakdowns {
		po := normPO(b.PONumber)
		at := bd.pos[po]
		if b.POLine > 0 {
			at = bd.lines[po+"\x00"+strconv.Itoa(b.POLine)]
		}
		switch {
		case !bd.pos[po].seen() && !refs[po]:
			p.add(t.sheet.Name, t.cellName(t.col["PO Number"], b.Row), t.headerText("PO Number"),
				fmt.Errorf("%s is not a PO Number on the Purchases sheet nor a Reference on the Proposed sheet: correct the PO number (with a typo, the PO's lines count as having no breakdown, §1.2); if the PO is still to be placed, or never was, keep its line on the Proposed sheet", strings.TrimSpace(b.PONumber)))
		case b.POLine > 0 && !at.seen() && !proposed[proposedKey(b.PONumber, b.POLine)]:
			nor := ""
			if refs[po] {
				nor = " nor on the Proposed sheet"
			}
			p.add(t.sheet.Name, t.cellName(t.col["PO Line"], b.Row), t.headerText("PO Line"),
				fmt.Errorf("%s has no line %d on the Purchases sheet%s: correct the line number, or leave it blank when the breakdown covers the whole PO", strings.TrimSpace(b.PONumber), b.POLine, nor))
		case !at.seen():
			// a PO still to be placed, on the Proposed sheet
		case b.Location != "" && !at.has(b.Location):
			p.add(t.sheet.Name, t.cellName(t.col[ColLocation], b.Row), t.headerText(ColLocation),
				fmt.Errorf("%s is not a PO of location %s on the Purchases sheets (it is %s's): correct the Location, or leave it blank when the PO number is used at one location only", strings.TrimSpace(b.PONumber), b.Location, joinLocations(at.locs)))
		case b.Location == "" && len(at.locs) > 1:
			cell, col := t.cellName(t.col["PO Number"], b.Row), t.headerText("PO Number")
			hint := "add a Location column to the sheet and write there"
			if t.col[ColLocation] != 0 {
				cell, col, hint = t.cellName(t.col[ColLocation], b.Row), t.headerText(ColLocation), "write"
			}
			p.add(t.sheet.Name, cell, col,
				fmt.Errorf("%s is a PO number at more than one location (%s): %s the location this breakdown was for, so that it counts for that location's PO only (§1.2)", strings.TrimSpace(b.PONumber), joinLocations(at.locs), hint))
		}
	}
}

// joinLocations writes locations for a message: "east", "east and west",
// "east, west and north".
func joinLocations(locs []string) string {
	switch len(locs) {
	case 0:
		return ""
	case 1:
		return locs[0]
	}
	return strings.Join(locs[:len(locs)-1], ", ") + " and " + locs[len(locs)-1]
}
