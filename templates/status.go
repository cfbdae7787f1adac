package templates

import _ "embed"

// Status is the template of covenant status: where both agreements stand on
// one Letter page, then the obligations, the Minimum Sales to date, §1.2 this
// month, the loan, the defaults map and the audit trail.
//
//go:embed status.xlsx
var Status []byte
