// Package oracle holds test-only helpers that run real programs as oracles:
// LibreOffice headless recalculates workbooks and prints them to PDF, and
// poppler-utils reads those PDFs back. It is meant to be imported from _test.go
// files only; every helper takes a testing.TB and fails or skips the test itself.
//
// When a program is missing the helpers skip the test, unless the environment
// variable CI is non-empty or COVENANT_REQUIRE_ORACLES=1, in which case they fail
// it and name the Debian package that installs the program.
package oracle

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sofficeTimeout is how long one LibreOffice conversion may take before
// timeout(1) sends SIGTERM; SIGKILL follows 5 s later (oosplash ignores SIGTERM).
const sofficeTimeout = "120"

// programs maps each program the oracles run to the Debian package that
// installs it and to what the test loses without it.
var programs = map[string]struct{ pkg, purpose string }{
	"soffice":   {"libreoffice-calc-nogui", "LibreOffice recalculation and printing"},
	"pdfinfo":   {"poppler-utils", "PDF page count and size"},
	"pdftotext": {"poppler-utils", "PDF text extraction"},
	"pdftoppm":  {"poppler-utils", "PDF rendering to PNG"},
	"ssconvert": {"gnumeric", "Gnumeric recalculation"},
	"timeout":   {"coreutils", "time limits on oracle programs"},
	"xmllint":   {"libxml2-utils", "validating workbook parts against the OOXML schemas"},
	// msoffcrypto-tool decrypts password-protected workbooks for the other oracles.
	"msoffcrypto-tool": {"python3-msoffcrypto-tool", "decrypting password-protected workbooks"},
}

// oraclesRequired reports whether a missing program must fail the test rather
// than skip it.
func oraclesRequired() bool {
	return os.Getenv("CI") != "" || os.Getenv("COVENANT_REQUIRE_ORACLES") == "1"
}

// Require skips the test when program is not on PATH, or fails it when the
// environment says oracles are mandatory (CI non-empty or
// COVENANT_REQUIRE_ORACLES=1). Either message names the Debian package.
func Require(tb testing.TB, program string) {
	tb.Helper()
	if _, err := exec.LookPath(program); err == nil {
		return
	}
	pkg, purpose := program, "an oracle check"
	if p, ok := programs[program]; ok {
		pkg, purpose = p.pkg, p.purpose
	}
	if oraclesRequired() {
		tb.Fatalf("%s not installed (apt-get install %s), and CI or COVENANT_REQUIRE_ORACLES=1 makes it mandatory for %s", program, pkg, purpose)
	}
	tb.Skipf("%s not installed (apt-get install %s); skipping %s", program, pkg, purpose)
}

var (
	lastVersionOnce sync.Once
	lastVersion     = "7.4"
)

// sofficeMajorMinor returns LibreOffice's "major.minor" (e.g. "7.4") for
// ooSetupLastVersion, asking soffice once per process.
func sofficeMajorMinor() string {
	lastVersionOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, "soffice", "--version").Output()
		if err != nil {
			return
		}
		if m := regexp.MustCompile(`(\d+)\.(\d+)\.\d+`).FindSubmatch(out); m != nil {
			lastVersion = string(m[1]) + "." + string(m[2])
		}
	})
	return lastVersion
}

const registryTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>%s</value></prop></item>
</oor:items>
`

// newProfile writes a fresh LibreOffice user profile that always recalculates
// OOXML and ODF files on load and skips the first-start work. It returns the
// profile's file:// URL for -env:UserInstallation.
func newProfile(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join(tb.TempDir(), "lo-profile"))
	if err != nil {
		tb.Fatalf("oracle: profile path: %v", err)
	}
	user := filepath.Join(dir, "user")
	if err := os.MkdirAll(user, 0o755); err != nil {
		tb.Fatalf("oracle: creating LibreOffice profile: %v", err)
	}
	xcu := fmt.Sprintf(registryTemplate, sofficeMajorMinor())
	if err := os.WriteFile(filepath.Join(user, "registrymodifications.xcu"), []byte(xcu), 0o644); err != nil {
		tb.Fatalf("oracle: writing LibreOffice profile: %v", err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
}

// convert runs soffice headless with a fresh profile to convert src to the
// given format ("xlsx", "pdf") in a new temporary directory, and returns the
// path of the converted file.
func convert(tb testing.TB, src, format, what string) string {
	tb.Helper()
	Require(tb, "soffice")
	Require(tb, "timeout")
	abs, err := filepath.Abs(src)
	if err != nil {
		tb.Fatalf("oracle: %s: %v", src, err)
	}
	if _, err := os.Stat(abs); err != nil {
		tb.Fatalf("oracle: %s: %v", what, err)
	}
	profile := newProfile(tb)
	outDir := filepath.Join(tb.TempDir(), "lo-out")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		tb.Fatalf("oracle: %v", err)
	}
	cmd := exec.Command("timeout", "-k", "5", sofficeTimeout, "soffice",
		"-env:UserInstallation="+profile, "--headless",
		"--convert-to", format, "--outdir", outDir, abs)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	base := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	dst := filepath.Join(outDir, base+"."+format)
	if err != nil {
		tb.Fatalf("oracle: %s of %s: soffice failed after %v: %v\n%s", what, src, elapsed.Round(time.Millisecond), err, out)
	}
	if _, statErr := os.Stat(dst); statErr != nil {
		tb.Fatalf("oracle: %s of %s: soffice wrote no %s (%v)\n%s", what, src, dst, statErr, out)
	}
	tb.Logf("oracle: %s of %s took %v", what, filepath.Base(src), elapsed.Round(time.Millisecond))
	return dst
}

// Recalc recalculates the workbook at xlsxPath in LibreOffice headless (with a
// fresh profile that forces recalculation on load) and returns the path of the
// recalculated copy, which holds LibreOffice's values as cached values.
func Recalc(tb testing.TB, xlsxPath string) string {
	tb.Helper()
	return convert(tb, xlsxPath, "xlsx", "LibreOffice recalculation")
}

// ToPDF prints the workbook at xlsxPath to PDF with LibreOffice headless and
// returns the path of the PDF. Print areas, page setup and fit-to-page
// settings of the workbook are honoured.
func ToPDF(tb testing.TB, xlsxPath string) string {
	tb.Helper()
	return convert(tb, xlsxPath, "pdf", "LibreOffice PDF export")
}

// run runs a program (after Require) and returns its standard output,
// failing the test with its standard error on failure.
func run(tb testing.TB, program string, args ...string) string {
	tb.Helper()
	Require(tb, program)
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(program, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("oracle: %s %s: %v\n%s", program, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// pdfInfoField returns the value of one "Name: value" line of pdfinfo.
func pdfInfoField(tb testing.TB, pdf, field string) string {
	tb.Helper()
	info := run(tb, "pdfinfo", pdf)
	for _, line := range strings.Split(info, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == field {
			return strings.TrimSpace(v)
		}
	}
	tb.Fatalf("oracle: pdfinfo %s: no %q line in\n%s", pdf, field, info)
	return ""
}

// PDFPages returns the number of pages of the PDF, from pdfinfo.
func PDFPages(tb testing.TB, pdf string) int {
	tb.Helper()
	v := pdfInfoField(tb, pdf, "Pages")
	n, err := strconv.Atoi(v)
	if err != nil {
		tb.Fatalf("oracle: pdfinfo %s: Pages %q: %v", pdf, v, err)
	}
	return n
}

var pageSizeRE = regexp.MustCompile(`^([0-9.]+) x ([0-9.]+) pts`)

// PDFPageSize returns the width and height in points of the PDF's first page,
// from pdfinfo (US Letter is 612 x 792, A4 595.28 x 841.89).
func PDFPageSize(tb testing.TB, pdf string) (wPts, hPts float64) {
	tb.Helper()
	v := pdfInfoField(tb, pdf, "Page size")
	m := pageSizeRE.FindStringSubmatch(v)
	if m == nil {
		tb.Fatalf("oracle: pdfinfo %s: cannot parse page size %q", pdf, v)
	}
	w, err1 := strconv.ParseFloat(m[1], 64)
	h, err2 := strconv.ParseFloat(m[2], 64)
	if err1 != nil || err2 != nil {
		tb.Fatalf("oracle: pdfinfo %s: cannot parse page size %q", pdf, v)
	}
	return w, h
}

// PDFText returns the text of one page of the PDF (pages count from 1; page 0
// means the whole document), laid out as printed (pdftotext -layout). A run of
// '#' in a number column means the column is too narrow for its value.
func PDFText(tb testing.TB, pdf string, page int) string {
	tb.Helper()
	args := []string{"-layout", "-enc", "UTF-8"}
	if page > 0 {
		p := strconv.Itoa(page)
		args = append(args, "-f", p, "-l", p)
	}
	return run(tb, "pdftotext", append(args, pdf, "-")...)
}

// PDFToPNG renders one page of the PDF (from 1; 0 means the first) at 80 dpi
// to outPrefix+".png" and returns that path, for a person to look at.
func PDFToPNG(tb testing.TB, pdf string, page int, outPrefix string) string {
	tb.Helper()
	if page < 1 {
		page = 1
	}
	p := strconv.Itoa(page)
	run(tb, "pdftoppm", "-r", "80", "-png", "-singlefile", "-f", p, "-l", p, pdf, outPrefix)
	png := outPrefix + ".png"
	if _, err := os.Stat(png); err != nil {
		tb.Fatalf("oracle: pdftoppm wrote no %s: %v", png, err)
	}
	return png
}

// RequirePython skips the test when /usr/bin/python3 cannot import module
// (Debian's python3-* packages install there), or fails it when oracles are
// mandatory; either message names the Debian package.
func RequirePython(tb testing.TB, module, pkg string) {
	tb.Helper()
	if err := exec.Command("/usr/bin/python3", "-c", "import "+module).Run(); err == nil {
		return
	}
	if oraclesRequired() {
		tb.Fatalf("/usr/bin/python3 cannot import %s (apt-get install %s), and CI or COVENANT_REQUIRE_ORACLES=1 makes it mandatory", module, pkg)
	}
	tb.Skipf("/usr/bin/python3 cannot import %s (apt-get install %s); skipping that check", module, pkg)
}

// Python runs a /usr/bin/python3 script with args and returns its standard
// output; a failure fails the test with its standard error.
func Python(tb testing.TB, script string, args ...string) string {
	tb.Helper()
	cmd := exec.Command("/usr/bin/python3", append([]string{"-c", script}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("python3: %v: %s", err, stderr.String())
	}
	return string(out)
}
