package spend

import (
	"strings"
	"unicode/utf8"

	"github.com/covenant-reports/covenant/report/parse"
	"github.com/covenant-reports/covenant/report/terms"
)

// A near miss is a manufacturer that is not on Arrow's line card but whose
// name comes so near a line-card name that it is likely the same one written
// otherwise ("Xilnx" for "Xilinx", "Analog Devices Europe" for "Analog
// Devices"). Its lines are out of scope all the same; the report warns, since
// a misspelt name would hide an exception to §1.2 from a certificate that says
// "complied".
//
// Names are compared folded (terms.FoldWords: case, spacing, punctuation and a
// trailing legal form ignored). A name is near a line-card name when
//   - they are one letter apart (a letter missing, added, changed, or two
//     letters swapped) and the longer has at least 6 letters, or two letters
//     apart and the longer has at least 10; shorter names are too alike by
//     chance (Atmel and Actel, Maxim and Maxon, Micrel and Micron, Samtec and
//     Semtech are different companies); or
//   - one begins with the other, word for word, and the shorter has at least
//     4 letters: "Analog Devices Europe" and "Analog Devices", "Maxim" and
//     "Maxim Integrated Products", but not "Intellon" and "Intel", nor "TI".
type nearMisses struct {
	card  []nearName        // the line card's names, in its order, once each
	cache map[string]string // folded manufacturer -> resembled line-card name ("" none)
}

type nearName struct {
	name  string   // as the line card writes it
	fold  string   // folded
	words []string // folded words
}

func (n *nearMisses) add(name string) {
	w := terms.FoldWords(name)
	n.card = append(n.card, nearName{name: strings.TrimSpace(name), fold: strings.Join(w, ""), words: w})
}

// of returns the line-card name the manufacturer name resembles, if any.
func (n *nearMisses) of(name string) (string, bool) {
	if v, ok := n.cache[name]; ok {
		return v, v != ""
	}
	like := n.find(terms.FoldWords(name))
	if n.cache == nil {
		n.cache = map[string]string{}
	}
	if len(n.cache) < 1<<16 {
		n.cache[name] = like
	}
	return like, like != ""
}

func (n *nearMisses) find(words []string) string {
	fold := strings.Join(words, "")
	if fold == "" {
		return ""
	}
	best, bestD := "", 3
	for _, c := range n.card {
		if c.fold == fold {
			return "" // on the line card
		}
		longer := max(utf8.RuneCountInString(c.fold), utf8.RuneCountInString(fold))
		allowed := 0
		switch {
		case longer >= 10:
			allowed = 2
		case longer >= 6:
			allowed = 1
		}
		if allowed > 0 {
			if d := parse.EditDistance(c.fold, fold, allowed); d <= allowed && d < bestD {
				best, bestD = c.name, d
			}
		}
	}
	if best != "" {
		return best
	}
	for _, c := range n.card {
		if startsWith(words, c.fold) || startsWith(c.words, fold) {
			return c.name
		}
	}
	return ""
}

// startsWith reports whether the first words of a name (some of them, not
// all) make the folded name prefix, of at least 4 letters.
func startsWith(words []string, prefix string) bool {
	if utf8.RuneCountInString(prefix) < 4 {
		return false
	}
	acc := ""
	for _, w := range words[:max(0, len(words)-1)] {
		acc += w
		if acc == prefix {
			return true
		}
		if len(acc) >= len(prefix) {
			return false
		}
	}
	return false
}
