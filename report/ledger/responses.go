package ledger

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/xlsx"
)

// Writing the §1.2 breakdown log (the Arrow Responses sheet): rows appended
// for the breakdowns covenant sent, and Arrow's answer written into its row.
// The rest of the workbook is copied byte for byte; the cells written take
// the ledger's own formats: the format of the column's last filled cell, else
// the column's own, else (for a time the ledger has no format for) a copy of
// that cell format showing the date and time (m/d/yyyy h:mm).

// Columns of the Arrow Responses sheet.
const (
	ColBreakdownSent = "Breakdown Sent"
	ColArrowResponse = "Arrow Response"
	ColRespondedAt   = "Responded At"
)

// NewBreakdown is a breakdown to log: its PO Number (the Reference it was sent
// for), PO Line and the time it was sent.
type NewBreakdown struct {
	PONumber string
	// PONumberIsNumber writes the PO Number as a number (the Reference cell
	// held one).
	PONumberIsNumber bool
	POLine           int
	Sent             time.Time
}

// ResponseLabel is an Arrow Response as the log writes it ("Meet").
func ResponseLabel(r string) string {
	switch r {
	case ResponseMeet:
		return "Meet"
	case ResponseApprove:
		return "Approve"
	}
	return r
}

// logTable is the Arrow Responses table, for writing; an error when the
// ledger has no such sheet.
func (l *Ledger) logTable() (*table, error) {
	if l.Folder {
		return nil, &Error{File: l.File, Err: fmt.Errorf("is a folder of CSV files: covenant writes the breakdown log into a workbook only; open the files in Excel and save them as one workbook (.xlsx) with one sheet each (Purchases, Franchise, Arrow Responses, Proposed, ...), then give covenant that workbook")}
	}
	if l.responses == nil {
		if !l.HasResponses {
			return nil, &Error{File: l.File, Err: fmt.Errorf("%s, the breakdown log (§1.2): add one with the columns %s in its first row (covenant ledger new makes a ledger that has it)", noSheetWords(l, SheetResponses), colList(responseCols))}
		}
		return nil, &Error{File: l.File, Sheet: SheetResponses, Err: errors.New("cannot be read")}
	}
	return l.responses, nil
}

// logStyles are the formats of the log's columns and the row after which new
// rows go.
type logStyles struct {
	last  int         // the last row holding anything
	cell  map[int]int // column -> the format of its last filled cell below the header
	col   map[int]int // column -> the column's own format
	adder *xlsx.StyleAdder
}

func (l *Ledger) readLogStyles(t *table) (*logStyles, error) {
	s := &logStyles{cell: map[int]int{}, adder: l.Book.NewStyleAdder()}
	err := l.Book.ReadRows(t.sheet, func(r *xlsx.Row) error {
		if len(r.Cells) == 0 {
			return nil
		}
		s.last = r.Num
		if r.Num <= t.headerRow {
			return nil
		}
		for _, c := range r.Cells {
			s.cell[c.Col] = c.Style
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if s.col, err = l.Book.ColumnStyles(t.sheet); err != nil {
		return nil, err
	}
	return s, nil
}

// of is the format for a new cell of column col: its last filled cell's, else
// the column's, else 0.
func (s *logStyles) of(col int) int {
	if st, ok := s.cell[col]; ok {
		return st
	}
	return s.col[col]
}

// timeOf is the format for a date and time in column col: of(col) when it
// shows a time of day, else the first of also that does, else a copy of
// of(col) that shows m/d/yyyy h:mm (added to the workbook's styles).
func (s *logStyles) timeOf(b *xlsx.Book, col int, also ...int) int {
	base := s.of(col)
	for _, st := range append([]int{base}, also...) {
		if b.StyleShowsTime(st) {
			return st
		}
	}
	if st, ok := s.adder.Add(base, xlsx.FormatDateTime); ok {
		return st
	}
	return base
}

// serial is t as the ledger's date serial number (its date system).
func (l *Ledger) serial(t time.Time) string {
	v := calendar.ToSerial(t)
	if l.Book.Date1904 {
		v -= 1462
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// AppendBreakdowns streams a new copy of the workbook to w in which the Arrow
// Responses sheet has one more row for each breakdown, below its last row
// (into rows formatted in advance, where the sheet has them), with Arrow
// Response and Responded At left blank. It returns the rows written.
func (l *Ledger) AppendBreakdowns(w io.Writer, add []NewBreakdown) ([]int, error) {
	t, err := l.logTable()
	if err != nil {
		return nil, err
	}
	st, err := l.readLogStyles(t)
	if err != nil {
		return nil, l.writeError(t, err)
	}
	cPO, cLine, cSent, cResp, cAt := t.col["PO Number"], t.col["PO Line"], t.col[ColBreakdownSent], t.col[ColArrowResponse], t.col[ColRespondedAt]
	sentStyle := st.timeOf(l.Book, cSent, st.of(cAt))
	atStyle := st.timeOf(l.Book, cAt, sentStyle)
	rows := make([][]xlsx.OutCell, len(add))
	nums := make([]int, len(add))
	for i, b := range add {
		po := xlsx.OutCell{Col: cPO, Kind: xlsx.Text, Value: strings.TrimSpace(b.PONumber)}
		if b.PONumberIsNumber {
			po.Kind = xlsx.Number
		}
		cells := []xlsx.OutCell{
			po,
			{Col: cLine, Kind: xlsx.Number, Value: strconv.Itoa(b.POLine)},
			{Col: cSent, Kind: xlsx.Number, Value: l.serial(b.Sent)},
			{Col: cResp, Kind: xlsx.Blank},
			{Col: cAt, Kind: xlsx.Blank},
		}
		for j := range cells {
			c := &cells[j]
			c.Style = st.of(c.Col)
			switch c.Col {
			case cSent:
				c.Style = sentStyle
			case cAt:
				c.Style = atStyle
			}
		}
		rows[i] = cells
		nums[i] = st.last + 1 + i
	}
	tr := &logAppender{b: l.Book, first: st.last + 1, rows: rows, times: map[int]bool{cSent: true, cAt: true}}
	edits := map[string]xlsx.PartEdit{t.sheet.Part: l.Book.SheetPart(t.sheet, tr)}
	if part, edit := st.adder.Edit(); edit != nil {
		edits[part] = edit
	}
	if err := l.Book.Rewrite(w, xlsx.RewriteOptions{Level: 1, Edits: edits}); err != nil {
		return nil, l.writeError(t, err)
	}
	return nums, nil
}

func (l *Ledger) writeError(t *table, err error) error {
	var re *xlsx.ReadError
	if errors.As(err, &re) {
		p := &problems{file: l.File}
		p.addRead(t.sheet.Name, re)
		return p.err()
	}
	return err
}

// logAppender writes rows first, first+1, ... into the sheet: into the rows
// that stand there empty (formatted in advance), else as new rows.
type logAppender struct {
	b           *xlsx.Book
	first, next int
	rows        [][]xlsx.OutCell
	times       map[int]bool // the columns of times
}

func (a *logAppender) Head(h []byte) ([]byte, error) { return h, nil }
func (a *logAppender) Tail(t []byte) ([]byte, error) { return t, nil }

func (a *logAppender) Row(r *xlsx.Row, out *xlsx.RowOut) error {
	if r.Num < a.first {
		return nil
	}
	for a.next < len(a.rows) && a.first+a.next < r.Num {
		out.Before(a.first+a.next, a.rows[a.next])
		a.next++
	}
	if a.next < len(a.rows) && a.first+a.next == r.Num {
		for _, c := range r.Cells {
			if c.Kind != xlsx.Blank || c.Formula {
				return fmt.Errorf("row %d is not empty", r.Num)
			}
		}
		setKeeping(out, a.b, a.rows[a.next], a.times)
		a.next++
	}
	return nil
}

func (a *logAppender) End(out *xlsx.RowOut) error {
	for ; a.next < len(a.rows); a.next++ {
		out.Emit(a.first+a.next, a.rows[a.next], false)
	}
	return nil
}

// AnswerError is a refusal to record an answer: the row already holds one, or
// the time is before the breakdown was sent. It names the row.
type AnswerError struct {
	File string
	Row  int
	Msg  string
}

func (e *AnswerError) Error() string {
	return fmt.Sprintf("%s, sheet %s, row %d: %s", e.File, SheetResponses, e.Row, e.Msg)
}

// WriteAnswer streams a new copy of the workbook to w in which the breakdown
// of the log row b.Row holds Arrow's response ("meet" or "approve") and the
// time it was given. It refuses a row that already holds an answer, and a
// time before the breakdown was sent.
func (l *Ledger) WriteAnswer(w io.Writer, b Breakdown, response string, at time.Time) error {
	t, err := l.logTable()
	if err != nil {
		return err
	}
	if response != ResponseMeet && response != ResponseApprove {
		return fmt.Errorf("%q is not a response (Meet or Approve)", response)
	}
	what := fmt.Sprintf("the breakdown for %s%s sent %s", strings.TrimSpace(b.PONumber), lineWords(b.POLine), b.Sent.Format("2006-01-02 15:04"))
	if b.Response != "" {
		when := ""
		if !b.RespondedAt.IsZero() {
			when = " on " + b.RespondedAt.Format("2006-01-02 15:04")
		}
		return &AnswerError{File: l.File, Row: b.Row, Msg: fmt.Sprintf("%s already holds Arrow's answer, %s%s: covenant does not write over it (correct the row by hand if it is wrong)", what, ResponseLabel(b.Response), when)}
	}
	if at.Before(b.Sent) {
		return &AnswerError{File: l.File, Row: b.Row, Msg: fmt.Sprintf("%s: the answer's time %s is before the breakdown was sent", what, at.Format("2006-01-02 15:04"))}
	}
	st, err := l.readLogStyles(t)
	if err != nil {
		return l.writeError(t, err)
	}
	cSent, cResp, cAt := t.col[ColBreakdownSent], t.col[ColArrowResponse], t.col[ColRespondedAt]
	atStyle := st.timeOf(l.Book, cAt, st.of(cSent))
	cells := []xlsx.OutCell{
		{Col: cResp, Style: st.of(cResp), Kind: xlsx.Text, Value: ResponseLabel(response)},
		{Col: cAt, Style: atStyle, Kind: xlsx.Number, Value: l.serial(at)},
	}
	tr := &rowPatch{b: l.Book, row: b.Row, cells: cells, times: map[int]bool{cAt: true}}
	edits := map[string]xlsx.PartEdit{t.sheet.Part: l.Book.SheetPart(t.sheet, tr)}
	if part, edit := st.adder.Edit(); edit != nil {
		edits[part] = edit
	}
	if err := l.Book.Rewrite(w, xlsx.RewriteOptions{Level: 1, Edits: edits}); err != nil {
		return l.writeError(t, err)
	}
	if !tr.done {
		return fmt.Errorf("%s: row %d of %s was not found", l.File, b.Row, SheetResponses)
	}
	return nil
}

func lineWords(line int) string {
	if line == 0 {
		return " (every line)"
	}
	return fmt.Sprintf(" line %d", line)
}

// rowPatch sets cells of one existing row.
type rowPatch struct {
	b     *xlsx.Book
	row   int
	cells []xlsx.OutCell
	times map[int]bool
	done  bool
}

func (p *rowPatch) Head(h []byte) ([]byte, error) { return h, nil }
func (p *rowPatch) Tail(t []byte) ([]byte, error) { return t, nil }
func (p *rowPatch) End(*xlsx.RowOut) error        { return nil }
func (p *rowPatch) Row(r *xlsx.Row, out *xlsx.RowOut) error {
	if r.Num == p.row {
		setKeeping(out, p.b, p.cells, p.times)
		p.done = true
	}
	return nil
}

// setKeeping sets cells into the current row, each keeping the format its
// cell already has there (a row formatted in advance) unless that format is
// none, or, in a column of times, one that does not show the time of day;
// otherwise the cell's own Style.
func setKeeping(out *xlsx.RowOut, b *xlsx.Book, cells []xlsx.OutCell, times map[int]bool) {
	for _, c := range cells {
		if st, ok := out.StyleAt(c.Col); ok && st > 0 && (!times[c.Col] || b.StyleShowsTime(st)) {
			c.Style = st
		}
		out.Set(c)
	}
}
