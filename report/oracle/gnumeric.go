package oracle

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// gnumericBenign are the messages of Gnumeric 1.12's xlsx importer that it
// prints for files Excel writes too: they say nothing of a workbook's cells
// or names.
var gnumericBenign = []*regexp.Regexp{
	// DrawingML booleans written true/false
	regexp.MustCompile(`Invalid integer '(true|false)' for attribute \w+$`),
	// GSF: a namespace declared again in an extLst
	regexp.MustCompile(`Damn\.  Someone just declared the same namespace`),
	// goffice's chart axis properties
	regexp.MustCompile(`GLib-GObject-WARNING .*'GogAxis' has no property named`),
}

// GnumericProblems converts the workbook at path with Gnumeric's ssconvert,
// recalculating it, and returns the path of Gnumeric's copy and what its
// importer said it did not understand: a defined name or a formula it cannot
// read ("Multiple expressions are not supported in this context" for a bare
// list of areas), an element out of place. Chart elements its chart importer
// skips are not counted (the schema check judges the charts).
func GnumericProblems(tb testing.TB, path string) (copyPath string, problems []string) {
	tb.Helper()
	Require(tb, "ssconvert")
	Require(tb, "timeout")
	out := filepath.Join(tb.TempDir(), strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".gnumeric.xlsx")
	var log bytes.Buffer
	cmd := exec.Command("timeout", "-k", "5", sofficeTimeout, "ssconvert", "--recalc", path, out)
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	if err := cmd.Run(); err != nil {
		tb.Fatalf("oracle: ssconvert --recalc %s: %v\n%s", filepath.Base(path), err, log.String())
	}
	tb.Logf("oracle: Gnumeric recalculation of %s took %v", filepath.Base(path), time.Since(start).Round(time.Millisecond))
	lines := strings.Split(log.String(), "\n")
	for i := 0; i < len(lines); i++ {
		ln := strings.TrimSpace(lines[i])
		if ln == "" {
			continue
		}
		state := ""
		if strings.HasPrefix(ln, "Unexpected element") && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t") {
			i++
			state = strings.TrimSpace(lines[i])
		}
		benign := strings.HasPrefix(state, "chartSpace")
		for _, re := range gnumericBenign {
			benign = benign || re.MatchString(ln)
		}
		if !benign {
			if state != "" {
				ln += " [" + state + "]"
			}
			problems = append(problems, ln)
		}
	}
	return out, problems
}

// CompareGnumeric recalculates the workbook at path in Gnumeric and fails the
// test on every message of its importer (GnumericProblems) and on every
// formula cell whose cached value differs from Gnumeric's (as CompareRecalc
// does with LibreOffice's). It returns how many formula cells it checked.
func CompareGnumeric(tb testing.TB, path string) (checked int) {
	tb.Helper()
	copyPath, problems := GnumericProblems(tb, path)
	for _, p := range problems {
		tb.Errorf("Gnumeric reading %s: %s", filepath.Base(path), p)
	}
	checked, mismatches, err := compareFiles(path, copyPath)
	if err != nil {
		tb.Fatalf("oracle: %v", err)
	}
	for _, m := range mismatches {
		tb.Errorf("%s: cached value differs from Gnumeric: %s", filepath.Base(path), m)
	}
	return checked
}
