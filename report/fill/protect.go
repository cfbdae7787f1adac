package fill

import (
	"github.com/xuri/excelize/v2"
)

// Every report sheet is protected without a password: a keystroke cannot
// overwrite a figure by accident, and an auditor who wants to change one
// unprotects the sheet (Review > Unprotect Sheet) without asking anyone. The
// cells covenant writes a formula into stay locked (the styles' default); the
// cells it writes a value into (what comes from the books, a label, a blank
// for a signature) are unlocked, so that a what-if on an input recalculates
// the figures. Sorting, filtering and formatting stay allowed.

// protectSheets protects every sheet of the template (before any sheet is
// streamed: a streamed sheet's tail is taken as the template has it).
func (w *Workbook) protectSheets() error {
	for _, sh := range w.f.GetSheetList() {
		if err := w.f.ProtectSheet(sh, &excelize.SheetProtectionOptions{
			AutoFilter: true, Sort: true, FormatCells: true, FormatColumns: true, FormatRows: true,
			SelectLockedCells: true, SelectUnlockedCells: true, EditObjects: true,
		}); err != nil {
			return err
		}
	}
	return nil
}

// unlocked is the style like style but with its cells unlocked (made once a
// style).
func (w *Workbook) unlocked(style int) int {
	if id, ok := w.free[style]; ok {
		return id
	}
	id := style
	if st, err := w.f.GetStyle(style); err == nil && st != nil {
		st.Protection = &excelize.Protection{Locked: false, Hidden: false}
		if n, err := w.f.NewStyle(st); err == nil {
			id = n
		} else {
			w.fail("template: style %d: %v", style, err)
		}
	}
	if w.free == nil {
		w.free = map[int]int{}
	}
	w.free[style] = id
	return id
}

// markFinal sets the document properties as Excel's Mark as Final does: a
// custom property _MarkAsFinal and the content status Final.
func (w *Workbook) markFinal() error {
	return w.f.SetCustomProps(excelize.CustomProperty{Name: "_MarkAsFinal", Value: true})
}
