package ledger

import (
	"fmt"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/covenant-reports/covenant/report/xlsx"
)

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

// The duplicate-line check must find exactly the repeated (PO, line) pairs, with
// the first row of each, however the sheet is ordered: sorted throughout, sorted
// and then not, a repeat right after its first, or unsorted from the start.
func TestLineChecksDuplicates(t *testing.T) {
	type in struct {
		po   string
		line int
	}
	seqs := map[string][]in{
		"sorted, no repeat":     {{"PO-1", 1}, {"PO-1", 2}, {"PO-2", 1}, {"po-3", 1}},
		"repeat right after":    {{"PO-1", 1}, {"PO-1", 2}, {"PO-1", 2}, {"PO-2", 1}},
		"repeat far later":      {{"PO-1", 1}, {"PO-2", 1}, {"PO-3", 1}, {"PO-4", 1}, {" po-2 ", 1}, {"PO-5", 1}},
		"unsorted from the top": {{"PO-9", 1}, {"PO-1", 1}, {"PO-9", 1}, {"PO-5", 2}, {"PO-1", 1}},
		"line numbers down":     {{"PO-1", 3}, {"PO-1", 2}, {"PO-1", 1}, {"PO-1", 3}},
	}
	r := rand.New(rand.NewSource(9))
	var random []in
	for i := 0; i < 3000; i++ {
		random = append(random, in{"PO-" + strconv.Itoa(r.Intn(20000)), r.Intn(5) + 1}) // about 45 repeats: fewer than the 200 problems listed
	}
	seqs["random"] = random
	var sortedBig []in
	for i := 0; i < 3000; i++ {
		sortedBig = append(sortedBig, in{"PO-" + strconv.Itoa(100000+i/3), i%3 + 1})
	}
	sortedBig = append(sortedBig, in{"PO-100500", 2}) // a repeat after 3,000 sorted lines
	seqs["sorted, then one repeat"] = sortedBig
	for name, seq := range seqs {
		p := &problems{file: "l.xlsx"}
		bk := &xlsx.Book{}
		tb := &table{p: p, book: bk, sheet: xlsx.Sheet{Name: SheetPurchases}, col: map[string]int{ColPOLine: 2}, header: map[string]string{}}
		l := &Ledger{Book: bk, src: bk, purchases: tb}
		c := l.newLineChecks(newPOSeen(l))
		first := map[string]int{}
		var want []string
		for i, x := range seq {
			row := i + 2
			rv := &rowValues{t: tb, num: row, cells: make([]*xlsx.Cell, 3)}
			c.line(rv, &POLine{Row: row, PONumber: x.po, POLine: x.line})
			k := normPO(x.po) + "/" + strconv.Itoa(x.line)
			if f, ok := first[k]; ok {
				want = append(want, fmt.Sprintf("B%d first in row %d", row, f))
			} else {
				first[k] = row
			}
		}
		var got []string
		for _, e := range p.errs.List {
			m := regexp.MustCompile(`first in row (\d+)`).FindStringSubmatch(e.Err.Error())
			if m == nil {
				t.Fatalf("%s: unexpected problem %v", name, e)
			}
			got = append(got, e.Cell+" first in row "+m[1])
		}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("%s:\n got %v\nwant %v", name, got, want)
		}
	}
}
