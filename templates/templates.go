// Package templates embeds covenant's default report templates. Each is an ordinary
// .xlsx file that an accountant may restyle in Excel and pass back with --template;
// the fill points are defined names (see package fill). They are regenerated with
// `go run ./cmd/mktemplates`.
package templates

import _ "embed"

// Monthly is the §1.2 monthly material-spend report template.
//
//go:embed monthly.xlsx
var Monthly []byte

// File is a built-in template: its file name in templates/ and its bytes.
type File struct {
	Name string
	Data []byte
}

// All lists the built-in templates by file name, for covenant templates export
// and the release archives.
func All() []File {
	return []File{
		{"borrowing.xlsx", Borrowing},
		{"breakdown.xlsx", Breakdown},
		{"certificate.xlsx", Certificate},
		{"loanfee.xlsx", LoanFee},
		{"monthly.xlsx", Monthly},
		{"status.xlsx", Status},
	}
}
