package xlsx

import "encoding/binary"

// interner reuses the strings of cell values that repeat down a sheet (a
// supplier, a date serial, a quantity), so that reading a million rows does
// not allocate a new string for each of their cells. It is a direct-mapped
// cache: a miss replaces the slot, so memory stays fixed (128 KB) whatever the
// sheet holds. One interner belongs to one goroutine.
type interner struct {
	tab [1 << 13]string
}

// maxInterned is the longest value kept: longer texts rarely repeat.
const maxInterned = 64

// str returns b as a string, the same string as last time when it repeats. A
// nil interner allocates every time.
func (in *interner) str(b []byte) string {
	if in == nil || len(b) > maxInterned || len(b) == 0 {
		return string(b)
	}
	var h uint64
	if len(b) >= 8 {
		h = binary.LittleEndian.Uint64(b) ^ binary.LittleEndian.Uint64(b[len(b)-8:])*0x9E3779B97F4A7C15
	} else {
		for _, c := range b {
			h = h<<8 | uint64(c)
		}
	}
	h ^= uint64(len(b)) << 56
	h *= 0xff51afd7ed558ccd
	slot := &in.tab[h>>(64-13)]
	if *slot == string(b) { // compared in place, no allocation
		return *slot
	}
	s := string(b)
	*slot = s
	return s
}
