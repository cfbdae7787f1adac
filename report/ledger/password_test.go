package ledger

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/samples"
)

// An encrypted ledger or loan workbook opens with its password and only with
// it; without one the message names the flags that give it.
func TestEncryptedInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, plain []byte) string {
		enc, err := protect.Encrypt(plain, "ledger pw")
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, enc, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ledgerPath := write("ledger.xlsx", samples.Ledger2003)
	loanPath := write("loan.xlsx", samples.Loan2002)
	open := map[string]func(path string, opts ...Option) error{
		"Open": func(p string, o ...Option) error {
			l, err := Open(p, o...)
			if err == nil {
				n := 0
				err = l.Purchases(func(*POLine) { n++ })
				if err == nil && n == 0 {
					err = errors.New("no purchases read")
				}
				l.Close()
			}
			return err
		},
		"OpenBorrowing": func(p string, o ...Option) error {
			b, err := OpenBorrowing(p, o...)
			if err == nil {
				if len(b.Rows) == 0 {
					err = errors.New("no rows")
				}
				b.Close()
			}
			return err
		},
		"ReadLoanFees": func(p string, o ...Option) error { _, err := ReadLoanFees(p, o...); return err },
	}
	for name, fn := range open {
		path := ledgerPath
		if name != "Open" {
			path = loanPath
		}
		t.Run(name, func(t *testing.T) {
			if err := fn(path, WithPassword("ledger pw")); err != nil {
				t.Fatalf("with the password: %v", err)
			}
			for _, tc := range []struct {
				opts []Option
				want string
			}{
				{nil, "the workbook is password-protected: give its password with --ledger-password-file FILE or --ledger-password-env VAR"},
				{[]Option{WithPassword("Ledger pw")}, "the password given (--ledger-password-file or --ledger-password-env) does not open it"},
			} {
				err := fn(path, tc.opts...)
				if err == nil || !IsInputError(err) || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), filepath.Base(path)+": ") {
					t.Errorf("error %v, want an input error naming the file and saying %q", err, tc.want)
				}
			}
		})
	}
	// A password given for a workbook that has none is no obstacle.
	plain := filepath.Join(dir, "plain.xlsx")
	os.WriteFile(plain, samples.Ledger2003, 0o600)
	if err := open["Open"](plain, WithPassword("unused")); err != nil {
		t.Errorf("unencrypted ledger with a password: %v", err)
	}
}
