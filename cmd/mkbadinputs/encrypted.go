package main

import (
	"bytes"
	"os"

	"github.com/xuri/excelize/v2"
)

// encryptedPassword opens testdata/bad/encrypted.xlsx.
const encryptedPassword = "covenant"

// encrypted returns the base ledger encrypted with the password. Encryption
// draws a random salt, so an existing file that opens with the password and
// holds the base ledger's sheets is kept as it is (the corpus stays unchanged).
func encrypted(existing string) ([]byte, error) {
	if old, err := os.ReadFile(existing); err == nil && encryptedOK(old) {
		return old, nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(ledger().bytes()))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if err := f.Write(&buf, excelize.Options{Password: encryptedPassword}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encryptedOK reports whether data is an encrypted workbook that opens with the
// password and holds the base ledger's PO lines.
func encryptedOK(data []byte) bool {
	if !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return false
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{Password: encryptedPassword})
	if err != nil {
		return false
	}
	defer f.Close()
	rows, err := f.GetRows("Purchases")
	return err == nil && len(rows) == 1+len(purchaseLines()) && rows[1][0] == "PO-1001"
}
