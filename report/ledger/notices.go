package ledger

import (
	"fmt"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/parse"
)

// SheetNotices is the optional sheet of Arrow CMS's written notices and
// elections under §4.1, §4.2 and §7.6 of the Supplier Agreement.
const SheetNotices = "Arrow Notices"

// Columns of the Arrow Notices sheet.
const (
	ColNoticeDate       = "Date"
	ColNotice           = "Notice"
	ColNoticeQuarterEnd = "Quarter End"
	ColNoticeNote       = "Note"
)

var noticeCols = []column{{Name: ColNoticeDate}, {Name: ColNotice}, {Name: ColNoticeQuarterEnd}, {Name: ColNoticeNote, Optional: true}}

// NoticeKind is what an Arrow notice records.
type NoticeKind string

// The notices Arrow CMS may give about a quarter's Minimum Sales.
const (
	// NoticeDefault is Arrow's written notice of the default to the Customer
	// (§4.1: "thirty (30) days after notice to Customer specifying the nature
	// of the default").
	NoticeDefault NoticeKind = "default"
	// NoticeAddShortfall is Arrow's election to add the quarter's shortfall to
	// the Minimum Sales of the next period (§4.2(ii)).
	NoticeAddShortfall NoticeKind = "add_shortfall"
	// NoticeExtendTerm is Arrow's election to extend the term by one calendar
	// quarter for the quarter (§4.2(iii)).
	NoticeExtendTerm NoticeKind = "extend_term"
	// NoticeWaiver is Arrow's written waiver of the quarter's shortfall (§7.6).
	NoticeWaiver NoticeKind = "waiver"
)

// NoticeKinds lists the notices in the order the sheet's help names them.
var NoticeKinds = []NoticeKind{NoticeDefault, NoticeAddShortfall, NoticeExtendTerm, NoticeWaiver}

// Label is the notice as the sheet writes it ("Add Shortfall").
func (k NoticeKind) Label() string {
	switch k {
	case NoticeDefault:
		return "Default"
	case NoticeAddShortfall:
		return "Add Shortfall"
	case NoticeExtendTerm:
		return "Extend Term"
	case NoticeWaiver:
		return "Waiver"
	}
	return string(k)
}

// Clause is the section of the Supplier Agreement the notice is given under.
func (k NoticeKind) Clause() string {
	switch k {
	case NoticeDefault:
		return "§4.1"
	case NoticeAddShortfall:
		return "§4.2(ii)"
	case NoticeExtendTerm:
		return "§4.2(iii)"
	case NoticeWaiver:
		return "§7.6"
	}
	return ""
}

// Notice is one row of the Arrow Notices sheet: a written notice or election
// of Arrow CMS dated Date about the §1.3 quarter ending QuarterEnd.
type Notice struct {
	Row        int
	Date       time.Time
	Kind       NoticeKind
	QuarterEnd time.Time
	Note       string
	// DateCell, KindCell and QuarterEndCell are the row's cells ("C5"), for
	// messages about the notice.
	DateCell, KindCell, QuarterEndCell string
	in                                 *Ledger // the ledger it is read from
}

// Where names the notice's row for messages: "Arrow Notices row 5" ("west.xlsx,
// Arrow Notices row 5" among several ledgers; in a CSV folder "east/Arrow
// Notices.csv, line 5").
func (n Notice) Where() string {
	if n.in != nil {
		if f, ok := n.in.src.(*csvFolder); ok {
			return fmt.Sprintf("%s, line %d", f.display(SheetNotices), n.Row)
		}
		if n.in.origin.qualified {
			return fmt.Sprintf("%s, %s row %d", n.in.File, SheetNotices, n.Row)
		}
	}
	return fmt.Sprintf("%s row %d", SheetNotices, n.Row)
}

// Problem is a problem with the notice found once the terms are known, at
// one of its cells (DateCell, ...), located in its own ledger's file as the
// problems found while reading are; file names the ledger when the notice
// does not know its own.
func (n Notice) Problem(file, cell, column string, err error) *Error {
	if n.in == nil {
		return NoticeError(file, cell, column, err)
	}
	p := n.in.newProblems()
	p.add(SheetNotices, cell, column, err)
	return p.errs.List[0]
}

// readNotices reads the optional Arrow Notices sheet.
func (l *Ledger) readNotices(p *problems) {
	t, ok := findTable(p, l.src, SheetNotices, noticeCols, false, l.names)
	if t == nil {
		return
	}
	l.HasNotices = true
	if !ok {
		return
	}
	t.records(noticeRecords)
	err := t.eachRow(func(rv *rowValues) {
		n := Notice{Row: rv.num, DateCell: rv.ref(ColNoticeDate), KindCell: rv.ref(ColNotice), QuarterEndCell: rv.ref(ColNoticeQuarterEnd), in: l}
		n.Date = rv.date(ColNoticeDate, true)
		if s := rv.text(ColNotice, true); s != "" {
			k, err := parseNoticeKind(s)
			if err != nil {
				rv.fail(ColNotice, n.KindCell, err)
			}
			n.Kind = k
		}
		n.QuarterEnd = rv.date(ColNoticeQuarterEnd, true)
		n.Note = rv.text(ColNoticeNote, false)
		if !rv.bad {
			l.Notices = append(l.Notices, n)
		}
	})
	if err != nil {
		p.addRead(t.sheet.Name, err)
	}
	l.warn(t.skipWarning(l.File))
}

// parseNoticeKind reads a Notice cell: Default, Add Shortfall, Extend Term or
// Waiver, in any case, spacing and punctuation.
func parseNoticeKind(s string) (NoticeKind, error) {
	k := parse.HeaderKey(s)
	for _, n := range NoticeKinds {
		if k == parse.HeaderKey(n.Label()) {
			return n, nil
		}
	}
	var names []string
	for _, n := range NoticeKinds {
		names = append(names, n.Label())
	}
	return "", fmt.Errorf("%q is not a notice: write %s (§4.1, §4.2(ii), §4.2(iii), §7.6)", strings.TrimSpace(s), strings.Join(names[:len(names)-1], ", ")+" or "+names[len(names)-1])
}

// NoticeError is a problem with one notice found once the terms are known (a
// Quarter End that ends no §1.3 quarter, say), located at its cell.
func NoticeError(file, cell, column string, err error) *Error {
	return &Error{File: file, Sheet: SheetNotices, Cell: cell, Column: column, Err: err}
}
