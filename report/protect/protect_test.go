package protect

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/covenant-reports/covenant/report/oracle"
	"github.com/covenant-reports/covenant/samples"
)

func TestEncryptDecryptRoundTrip(t *testing.T) {
	plain := samples.Ledger2003
	for _, pw := range []string{"s3cret", "pässwört ünïcode", strings.Repeat("x", MaxPassword)} {
		enc, err := Encrypt(plain, pw)
		if err != nil {
			t.Fatal(err)
		}
		if !IsEncrypted(enc) || bytes.Contains(enc, []byte("xl/workbook.xml")) {
			t.Fatalf("%q: the output is not an encrypted compound file", pw)
		}
		got, err := Decrypt(enc, pw)
		if err != nil {
			t.Fatalf("%q: %v", pw, err)
		}
		if !bytes.Equal(got, plain) {
			t.Fatalf("%q: decrypted %d bytes, want the %d bytes encrypted (padding left?)", pw, len(got), len(plain))
		}
		if _, err := Decrypt(enc, pw+"!"); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("%q: a wrong password gave %v, want ErrWrongPassword", pw, err)
		}
	}
}

// excelize itself opens what Encrypt wrote, with the password only.
func TestEncryptedOpensInExcelize(t *testing.T) {
	enc, err := Encrypt(samples.Ledger2003, "open sesame")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(enc), excelize.Options{Password: "open sesame"})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex("Purchases"); idx < 0 {
		t.Fatalf("sheets %v: no Purchases", f.GetSheetList())
	}
	if _, err := excelize.OpenReader(bytes.NewReader(enc)); err == nil {
		t.Fatal("opened without the password")
	}
	if _, err := excelize.OpenReader(bytes.NewReader(enc), excelize.Options{Password: "wrong"}); err == nil {
		t.Fatal("opened with a wrong password")
	}
}

// msoffcrypto-tool (an independent implementation) decrypts Encrypt's output
// to the same package, and refuses a wrong password.
func TestMsoffcryptoInterop(t *testing.T) {
	oracle.Require(t, "msoffcrypto-tool")
	dir := t.TempDir()
	enc, err := Encrypt(samples.Ledger2003, "Q3 figures")
	if err != nil {
		t.Fatal(err)
	}
	encPath, plainPath := filepath.Join(dir, "enc.xlsx"), filepath.Join(dir, "plain.xlsx")
	if err := os.WriteFile(encPath, enc, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("msoffcrypto-tool", "-t", encPath).CombinedOutput(); err != nil {
		t.Fatalf("msoffcrypto-tool -t: not seen as encrypted: %v %s", err, out)
	}
	if out, err := exec.Command("msoffcrypto-tool", "-p", "Q3 figures", encPath, plainPath).CombinedOutput(); err != nil {
		t.Fatalf("msoffcrypto-tool -p: %v %s", err, out)
	}
	got, _ := os.ReadFile(plainPath)
	if !bytes.Equal(got, samples.Ledger2003) {
		t.Fatalf("msoffcrypto-tool decrypted %d bytes, want the %d encrypted", len(got), len(samples.Ledger2003))
	}
	if err := exec.Command("msoffcrypto-tool", "-p", "wrong", encPath, filepath.Join(dir, "x.xlsx")).Run(); err == nil {
		t.Fatal("msoffcrypto-tool decrypted with a wrong password")
	}

}

func TestDecryptRefuses(t *testing.T) {
	enc, err := Encrypt(samples.Ledger2003, "pw")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"plain xlsx", samples.Ledger2003, "not password-protected"},
		{"OLE header only", append(append([]byte{}, oleMagic...), make([]byte, 504)...), "damaged"},
		{"truncated", enc[:1024], ""},
		{"damaged middle", func() []byte {
			b := append([]byte{}, enc...)
			for i := 1536; i < 2048 && i < len(b); i++ {
				b[i] ^= 0xA5
			}
			return b
		}(), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decrypt(tc.data, "pw")
			if err == nil {
				t.Fatal("decrypted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestPasswordSources(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		content, want, err string
	}{
		{"hunter2\n", "hunter2", ""},
		{"hunter2\r\n", "hunter2", ""},
		{"hunter2", "hunter2", ""},
		{" spaced out ", " spaced out ", ""},
		{"two\nlines\n", "", "control character"},
		{"\n", "", "empty"},
		{"", "", "empty"},
		{strings.Repeat("p", MaxPassword+1), "", "longer than 255"},
	} {
		got, err := FromFile(write("pw.txt", tc.content))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("file %q: error %v, want %q", tc.content, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("file %q: got %q, %v; want %q", tc.content, got, err, tc.want)
		}
	}
	if _, err := FromFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file gave a password")
	}
	t.Setenv("COVENANT_TEST_PW", "from env")
	if got, err := FromEnv("COVENANT_TEST_PW"); err != nil || got != "from env" {
		t.Errorf("FromEnv: %q, %v", got, err)
	}
	t.Setenv("COVENANT_TEST_EMPTY", "")
	for _, name := range []string{"COVENANT_TEST_EMPTY", "COVENANT_TEST_UNSET_X", "", "A=B"} {
		if _, err := FromEnv(name); err == nil {
			t.Errorf("FromEnv(%q) gave a password", name)
		}
	}
}
