package xlsx

import (
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
