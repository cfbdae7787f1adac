package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress shows how far a long run has got, on standard error when it is a
// terminal (silent otherwise, so logs and pipes stay clean).
type progress struct {
	w     io.Writer
	what  string
	n     int
	total int // 0: unknown, no bar
	next  time.Time
	shown bool
}

func newProgress(stderr io.Writer, what string, total int) *progress {
	f, ok := stderr.(*os.File)
	if !ok {
		return &progress{}
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return &progress{}
	}
	return &progress{w: stderr, what: what, total: total, next: time.Now().Add(500 * time.Millisecond)}
}

// add counts one more row.
func (p *progress) add() {
	if p.w == nil {
		return
	}
	p.n++
	if p.n&4095 != 0 {
		return
	}
	if now := time.Now(); now.After(p.next) {
		p.next = now.Add(250 * time.Millisecond)
		fmt.Fprint(p.w, "\r"+p.line())
		p.shown = true
	}
}

// line is "reading … [#####.....]  48% 503,000 of 1,048,575 rows" (no bar when
// the total is unknown).
func (p *progress) line() string {
	if p.total <= 0 || p.n > p.total {
		return fmt.Sprintf("%s: %s rows", p.what, thousands(p.n))
	}
	const width = 30
	done := p.n * width / p.total
	bar := strings.Repeat("#", done) + strings.Repeat(".", width-done)
	return fmt.Sprintf("%s [%s] %3d%% %s of %s rows", p.what, bar, p.n*100/p.total, thousands(p.n), thousands(p.total))
}

// done clears the line.
func (p *progress) done() {
	if p.shown {
		fmt.Fprintf(p.w, "\r%s: %s rows, done\n", p.what, thousands(p.n))
	}
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var b []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}
