package main

import (
	"bytes"
	"testing"
)

func TestProgressLine(t *testing.T) {
	p := &progress{what: "reading", n: 503000, total: 1048575}
	if got, want := p.line(), "reading [##############................]  47% 503,000 of 1,048,575 rows"; got != want {
		t.Errorf("line\n got %q\nwant %q", got, want)
	}
	p = &progress{what: "reading", n: 1234}
	if got := p.line(); got != "reading: 1,234 rows" {
		t.Errorf("no total: %q", got)
	}
	// not a terminal: silent
	var buf bytes.Buffer
	q := newProgress(&buf, "reading", 10)
	for i := 0; i < 10000; i++ {
		q.add()
	}
	q.done()
	if buf.Len() != 0 {
		t.Errorf("progress written to a non-terminal: %q", buf.String())
	}
}
