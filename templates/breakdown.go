package templates

import _ "embed"

// Breakdown is the template of the detailed breakdown sent to Arrow before a
// Purchase Order is committed to another supplier (§1.2): who sends it, when,
// when Arrow's 24 hours run out, and each line with the terms proposed.
//
//go:embed breakdown.xlsx
var Breakdown []byte
