package xlsx

import (
	"regexp"
	"strings"
)

// LastRow returns the last row number the sheet's <dimension> element declares
// (0 when it declares none). It reads only the start of the part; the figure is
// what the writing program recorded, good for a progress bar, not for checks.
func (b *Book) LastRow(sh Sheet) int {
	rc, err := b.openPart(sh.Part, MaxPartSize)
	if err != nil {
		return 0
	}
	defer rc.Close()
	sc := newSheetScanner(rc)
	head, err := sc.Head()
	if err != nil {
		return 0
	}
	i := strings.Index(string(head), "dimension ")
	if i < 0 {
		return 0
	}
	v, ok := attr(head[i-1:], "ref")
	if !ok {
		return 0
	}
	ref := string(v)
	if _, after, found := strings.Cut(ref, ":"); found {
		ref = after
	}
	_, row, err := SplitRef(ref)
	if err != nil {
		return 0
	}
	return row
}

var dimensionRef = regexp.MustCompile(`(<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref\s*=\s*")([^"]*)(")`)

// ExtendDimension returns a worksheet's head (the bytes before its rows) with
// its <dimension> extended down to lastRow, for rows appended below the last:
// the element is only a hint to readers, but a true one.
func ExtendDimension(head []byte, lastRow int) []byte {
	m := dimensionRef.FindSubmatchIndex(head)
	if m == nil {
		return head
	}
	ref := string(head[m[4]:m[5]])
	from, to, found := strings.Cut(ref, ":")
	if !found {
		to = from
	}
	fc, fr, err1 := SplitRef(from)
	tc, tr, err2 := SplitRef(to)
	if err1 != nil || err2 != nil || tr >= lastRow {
		return head
	}
	newRef := CellRef(fc, fr) + ":" + CellRef(tc, lastRow)
	out := make([]byte, 0, len(head)+8)
	out = append(out, head[:m[4]]...)
	out = append(out, newRef...)
	out = append(out, head[m[5]:]...)
	return out
}
