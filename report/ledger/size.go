package ledger

// PurchaseRowsDeclared is how many data rows the Purchases sheet says it has (its
// <dimension>, as Excel records it), 0 when unknown: for a progress bar and to
// size the duplicate check, never trusted for anything else.
func (l *Ledger) PurchaseRowsDeclared() int {
	n := l.src.LastRow(l.purchases.sheet) - l.purchases.headerRow
	if n < 0 {
		return 0
	}
	return n
}
