package templates

import _ "embed"

// LoanFee is the template of the Amendment No. 10 A.3 Extension Fee report: the
// installments with their waivers and payments, the amortization by month with a
// chart of the balance, the journal entries and the audit trail.
//
//go:embed loanfee.xlsx
var LoanFee []byte
