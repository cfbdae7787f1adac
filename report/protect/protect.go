// Package protect keeps workbooks confidential (Supplier Agreement §6): it
// encrypts a finished .xlsx package with a password the way Excel does
// (ECMA-376 encryption in an OLE compound file, through excelize), decrypts a
// password-protected workbook into memory, and reads passwords from a file or
// an environment variable, never from a command-line value.
package protect

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// MaxPassword is the longest password Excel accepts, in characters.
const MaxPassword = 255

// maxPasswordFile bounds how much of a password file is read.
const maxPasswordFile = 4096

var (
	// ErrWrongPassword means the password does not decrypt the workbook.
	ErrWrongPassword = errors.New("the password does not open it")
	// ErrNotEncryptedWorkbook means the file is an OLE compound file (like an
	// encrypted workbook) but holds no encrypted package: an old .xls file or
	// another Office document.
	ErrNotEncryptedWorkbook = errors.New("it is an old .xls file or another Office document, not an encrypted .xlsx workbook: save it as .xlsx")
)

// oleMagic starts every OLE compound file, and so every encrypted workbook.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// IsEncrypted reports whether data looks like a password-protected workbook (an
// OLE compound file; an old .xls file looks the same until Decrypt is tried).
func IsEncrypted(data []byte) bool { return bytes.HasPrefix(data, oleMagic) }

// IsEncryptedFile is IsEncrypted for the file at path.
func IsEncryptedFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(oleMagic))
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	return IsEncrypted(head[:n]), nil
}

// Encrypt encrypts a finished .xlsx package with password (ECMA-376 Standard
// Encryption, AES-128, as excelize's SaveAs with Options.Password writes it;
// Excel, LibreOffice and msoffcrypto-tool open it). Each call draws a new salt
// and key, so the bytes differ from run to run while the workbook inside is
// the same.
func Encrypt(plain []byte, password string) ([]byte, error) {
	if err := Check(password); err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(plain, []byte("PK\x03\x04")) {
		return nil, errors.New("protect: only an .xlsx package can be encrypted")
	}
	return excelize.Encrypt(plain, &excelize.Options{Password: password})
}

// Decrypt returns the .xlsx package inside a password-protected workbook. A
// wrong password gives ErrWrongPassword; an OLE file with no encrypted package
// (an old .xls) gives ErrNotEncryptedWorkbook.
func Decrypt(data []byte, password string) (plain []byte, err error) {
	if !IsEncrypted(data) {
		return nil, errors.New("the workbook is not password-protected")
	}
	size, err := packageSize(data)
	if err != nil {
		return nil, err
	}
	// excelize indexes into the encryption header without bounds checks: a
	// damaged file must be an error, not a crash.
	defer func() {
		if r := recover(); r != nil {
			plain, err = nil, errors.New("the encrypted workbook is damaged (its encryption header cannot be read)")
		}
	}()
	out, err := excelize.Decrypt(data, &excelize.Options{Password: password})
	if err != nil {
		if errors.Is(err, excelize.ErrUnsupportedEncryptMechanism) || errors.Is(err, excelize.ErrUnknownEncryptMechanism) {
			return nil, fmt.Errorf("its encryption is of a kind covenant cannot read (%v): save it from Excel with File > Info > Protect Workbook > Encrypt with Password", err)
		}
		return nil, fmt.Errorf("the encrypted workbook cannot be read: %v", err)
	}
	// Standard Encryption pads the package to the AES block size; the true
	// length is recorded at the head of the EncryptedPackage stream.
	if size <= uint64(len(out)) {
		out = out[:size]
	}
	// Decryption with a wrong key gives noise, not an error: a real package
	// starts as a zip archive and opens as one.
	if !bytes.HasPrefix(out, []byte("PK\x03\x04")) {
		return nil, ErrWrongPassword
	}
	if _, err := zip.NewReader(bytes.NewReader(out), int64(len(out))); err != nil {
		return nil, ErrWrongPassword
	}
	return out, nil
}

// packageSize reads the length of the package from the head of the
// EncryptedPackage stream, checking that the compound file has one.
func packageSize(data []byte) (uint64, error) {
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return 0, fmt.Errorf("the file is damaged or not a workbook (%v)", err)
	}
	hasInfo, size, hasPackage := false, uint64(0), false
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		switch entry.Name {
		case "EncryptionInfo":
			hasInfo = true
		case "EncryptedPackage":
			var head [8]byte
			if _, err := io.ReadFull(entry, head[:]); err != nil {
				return 0, errors.New("the encrypted workbook is damaged (its package is truncated)")
			}
			size, hasPackage = binary.LittleEndian.Uint64(head[:]), true
		}
	}
	if !hasInfo || !hasPackage {
		return 0, ErrNotEncryptedWorkbook
	}
	return size, nil
}

// Check refuses an empty password, one longer than Excel accepts, or one with
// a control character (a newline left in a password file is the usual case).
func Check(password string) error {
	switch {
	case password == "":
		return errors.New("the password is empty")
	case !utf8.ValidString(password):
		return errors.New("the password is not valid UTF-8 text")
	case utf8.RuneCountInString(password) > MaxPassword:
		return fmt.Errorf("the password is longer than %d characters (Excel's limit)", MaxPassword)
	case strings.ContainsFunc(password, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return errors.New("the password holds a control character (a line break inside the file?)")
	}
	return nil
}

// FromFile reads a password from the file at path: its content with one
// trailing line break (\n or \r\n) removed.
func FromFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxPasswordFile+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxPasswordFile {
		return "", fmt.Errorf("%s is too large to be a password file", path)
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if err := Check(s); err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	return s, nil
}

// FromEnv reads a password from the environment variable name.
func FromEnv(name string) (string, error) {
	if name == "" || strings.ContainsAny(name, "= \x00") {
		return "", fmt.Errorf("%q is not the name of an environment variable", name)
	}
	s, ok := os.LookupEnv(name)
	if !ok || s == "" {
		return "", fmt.Errorf("the environment variable %s is not set or is empty", name)
	}
	if err := Check(s); err != nil {
		return "", fmt.Errorf("the environment variable %s: %v", name, err)
	}
	return s, nil
}
