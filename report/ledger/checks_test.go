package ledger

import "testing"

// lineIndex must behave as a map from hash to first row, through its growth.
func TestLineIndex(t *testing.T) {
	var x lineIndex
	x.init(0)
	want := map[uint64]int32{}
	for i := 0; i < 50000; i++ {
		k := uint64(i*7919) % 30011 * 0x1000193 // repeats, and a key of 0
		first, dup := x.add(k, int32(i))
		w, had := want[k]
		if dup != had || dup && first != w {
			t.Fatalf("add(%d, %d) = %d, %v; want %d, %v", k, i, first, dup, w, had)
		}
		if !had {
			want[k] = int32(i)
		}
	}
	if x.n != len(want) {
		t.Errorf("%d keys, want %d", x.n, len(want))
	}
}
