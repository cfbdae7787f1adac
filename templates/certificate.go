package templates

import _ "embed"

// Certificate is the quarterly compliance certificate template (§1.2, §1.3): the
// certificate page to sign, Schedules A, A-1, B, B-1 and C, a chart and the audit
// trail.
//
//go:embed certificate.xlsx
var Certificate []byte
