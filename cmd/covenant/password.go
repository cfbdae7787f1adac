package main

import (
	"bytes"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/covenant-reports/covenant/report/ledger"
	"github.com/covenant-reports/covenant/report/protect"
	"github.com/covenant-reports/covenant/report/safefile"
	"github.com/covenant-reports/covenant/report/terms"
)

// Password flags every report command takes. A password is never a flag's
// value (it would show in the process list and the shell's history): it is
// read from a file or from an environment variable named by the flag.
var (
	flagPasswordFile = &cli.StringFlag{Name: "password-file", TakesFile: true,
		Usage: "write the report encrypted with the password in `FILE` (Excel asks for it on opening; §6)"}
	flagPasswordEnv = &cli.StringFlag{Name: "password-env",
		Usage: "write the report encrypted with the password in the environment variable `VAR`"}
	flagLedgerPasswordFile = &cli.StringFlag{Name: "ledger-password-file", TakesFile: true,
		Usage: "the password of an encrypted ledger or loan workbook, in `FILE` (--in-place keeps it encrypted)"}
	flagLedgerPasswordEnv = &cli.StringFlag{Name: "ledger-password-env",
		Usage: "the password of an encrypted ledger or loan workbook, in the environment variable `VAR`"}
)

// readPassword reads the password given by --NAME-file or --NAME-env; "" when
// neither is set.
func readPassword(c *cli.Context, fileFlag, envFlag string) (string, error) {
	file, env := c.String(fileFlag), c.String(envFlag)
	switch {
	case file != "" && env != "":
		return "", usagef("give --%s or --%s, not both", fileFlag, envFlag)
	case file != "":
		pw, err := protect.FromFile(file)
		if err != nil {
			return "", usagef("--%s: %v", fileFlag, err)
		}
		return pw, nil
	case env != "":
		pw, err := protect.FromEnv(env)
		if err != nil {
			return "", usagef("--%s: %v", envFlag, err)
		}
		return pw, nil
	}
	return "", nil
}

// readPasswords fills in the report's and the input's passwords.
func (o *common) readPasswords(c *cli.Context) error {
	var err error
	if o.Password, err = readPassword(c, "password-file", "password-env"); err != nil {
		return err
	}
	o.PasswordFile, o.LedgerPasswordFile = c.String("password-file"), c.String("ledger-password-file")
	o.LedgerPassword, err = readPassword(c, "ledger-password-file", "ledger-password-env")
	return err
}

// ledgerOptions opens the input with its password, when one was given, and
// reads its columns under the names of the terms (their Columns sheet).
func (o common) ledgerOptions(t terms.Terms) []ledger.Option {
	opts := []ledger.Option{ledger.WithColumnNames(t.Columns)}
	if o.LedgerPassword != "" {
		opts = append(opts, ledger.WithPassword(o.LedgerPassword))
	}
	return opts
}

// prepareMaybeEncrypted writes what write produces beside path, encrypted
// with password unless it is empty (nothing unencrypted touches the disk), to
// be put in place by the Pending's Commit.
func prepareMaybeEncrypted(path, password string, unchanged *safefile.Fingerprint, write func(io.Writer) error) (*safefile.Pending, error) {
	if password == "" {
		return safefile.Prepare(path, unchanged, write)
	}
	var plain bytes.Buffer
	if err := write(&plain); err != nil {
		return nil, err
	}
	enc, err := protect.Encrypt(plain.Bytes(), password)
	if err != nil {
		return nil, err
	}
	return safefile.Prepare(path, unchanged, func(w io.Writer) error { _, err := w.Write(enc); return err })
}
