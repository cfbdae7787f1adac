package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/*.golden from what covenant prints")

// badDir is the corpus written by cmd/mkbadinputs.
var badDir = filepath.Join("..", "..", "testdata", "bad")

// TestBadInputs runs every command line of testdata/bad/NAME.args on a copy of
// NAME.xlsx and compares the transcript (command, standard error, standard
// output of a valid input, exit status) with NAME.golden. Whatever the golden
// says, a failing run must exit with status 2, print nothing on standard
// output, leave no output file and no temporary file, leave the input as it
// was, and never show a stack trace; a valid (ok-) input must write its report.
func TestBadInputs(t *testing.T) {
	argFiles, err := filepath.Glob(filepath.Join(badDir, "*.args"))
	if err != nil || len(argFiles) == 0 {
		t.Fatalf("no corpus in %s (go run ./cmd/mkbadinputs): %v", badDir, err)
	}
	// the passwords of testdata/bad/encrypted.xlsx's command lines
	t.Setenv("COVENANT_PASSWORD", "covenant")
	t.Setenv("COVENANT_WRONG_PASSWORD", "not-the-password")
	failing := 0
	for _, af := range argFiles {
		name := strings.TrimSuffix(filepath.Base(af), ".args")
		if testing.Short() && name == "million-empty-rows" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			lines, err := os.ReadFile(af)
			if err != nil {
				t.Fatal(err)
			}
			// the input: NAME.xlsx, or the folder of CSV files NAME/
			dir := t.TempDir()
			in := filepath.Join(dir, name+".xlsx")
			orig, err := readInput(filepath.Join(badDir, name+".xlsx"))
			if os.IsNotExist(err) {
				in = filepath.Join(dir, name)
				orig, err = readInput(filepath.Join(badDir, name))
			}
			if err != nil {
				t.Fatal(err)
			}
			var transcript strings.Builder
			for i, line := range strings.Split(strings.TrimSpace(string(lines)), "\n") {
				if err := writeCorpusInput(in, orig); err != nil {
					t.Fatal(err)
				}
				out := filepath.Join(dir, "out"+string(rune('a'+i)))
				var args []string
				for _, f := range strings.Fields(line) {
					f = strings.ReplaceAll(f, "{in}", in)
					args = append(args, strings.ReplaceAll(f, "{out}", out))
				}
				code, stdout, stderr := runCLI(t, args...)
				transcript.WriteString("$ covenant " + line + "\n")
				transcript.WriteString(strings.ReplaceAll(stderr, dir, "{dir}"))
				if code == 0 && stdout != "" {
					transcript.WriteString(indentJSON(strings.ReplaceAll(stdout, out, "{out}")))
				}
				transcript.WriteString("exit status " + string(rune('0'+code)) + "\n")
				if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
					t.Errorf("%s: stack trace on standard error:\n%s", line, stderr)
				}
				if code != 0 {
					failing++
					if code != 2 {
						t.Errorf("%s: exit status %d, want 2 for bad input", line, code)
					}
					if stdout != "" {
						t.Errorf("%s: printed on standard output: %q", line, stdout)
					}
					if entries, _ := os.ReadDir(out); len(entries) != 0 {
						t.Errorf("%s: output left behind: %v", line, names(entries))
					}
					if now, _ := readInput(in); !reflect.DeepEqual(now, orig) {
						t.Errorf("%s: the input workbook changed", line)
					}
				} else if !strings.Contains(stdout, "\"output\"") {
					t.Errorf("%s: a valid input gave no report: %q", line, stdout)
				}
				if tmp, _ := filepath.Glob(filepath.Join(dir, ".covenant-*")); len(tmp) != 0 {
					t.Errorf("%s: temporary files left: %v", line, tmp)
				}
				if tmp, _ := filepath.Glob(filepath.Join(out, ".covenant-*")); len(tmp) != 0 {
					t.Errorf("%s: temporary files left: %v", line, tmp)
				}
			}
			golden := filepath.Join(badDir, name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(transcript.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (write it with -update, then read it)", err)
			}
			if got := transcript.String(); got != string(want) {
				t.Errorf("transcript differs from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
	if !testing.Short() && failing < 40 {
		t.Errorf("only %d failing runs in the corpus, want at least 40 bad inputs", failing)
	}
}

// readInput reads a corpus input: a workbook's bytes under "", or a folder's
// files by name.
func readInput(path string) (map[string][]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		b, err := os.ReadFile(path)
		return map[string][]byte{"": b}, err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if out[e.Name()], err = os.ReadFile(filepath.Join(path, e.Name())); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeCorpusInput writes a corpus input read by readInput to path, afresh.
func writeCorpusInput(path string, in map[string][]byte) error {
	if b, ok := in[""]; ok {
		return os.WriteFile(path, b, 0o644)
	}
	os.RemoveAll(path)
	if err := os.MkdirAll(path, 0o755); err != nil {
		return err
	}
	for n, b := range in {
		if err := os.WriteFile(filepath.Join(path, n), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func names(entries []os.DirEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// indentJSON lays out a JSON line for reading in a golden file.
func indentJSON(s string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

// TestBadInputsBoundedMemory runs the covenant binary on the corpus's largest
// threats and checks the most memory it ever held: a zip bomb is refused before
// anything is expanded, and a million formatted empty rows are streamed.
func TestBadInputsBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCovenant(t)
	for _, tc := range []struct {
		name  string
		maxMB int64
	}{{"zip-bomb", 60}, {"zip-bomb-undeclared", 60}, {"million-empty-rows", 120}} {
		dir := t.TempDir()
		code, rss, stderr := peakRSS(t, bin, "monthly", "--ledger", filepath.Join(badDir, tc.name+".xlsx"), "--month", "2003-01", "--out", dir)
		if code != 2 {
			t.Errorf("%s: exit status %d, want 2\n%s", tc.name, code, stderr)
			continue
		}
		t.Logf("%s: peak memory %d MB", tc.name, rss)
		if rss > tc.maxMB {
			t.Errorf("%s: peak memory %d MB, more than %d MB", tc.name, rss, tc.maxMB)
		}
	}
}

// peakRSS runs bin with args and returns its exit status, the most memory it
// held (MB) and its standard error. Linux counts in a child's peak the peak of
// the process it was started from (the two share memory until the exec), so
// the command is started by a fresh, small helper process (this test binary
// running TestPeakRSSHelper), not by the test process, whose own peak the
// tests before may have raised past the command's.
func peakRSS(t *testing.T, bin string, args ...string) (code int, mb int64, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPeakRSSHelper$")
	spec, _ := json.Marshal(append([]string{bin}, args...))
	cmd.Env = append(os.Environ(), "COVENANT_PEAK_RSS_HELPER="+string(spec))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	var r struct {
		Code   int
		MB     int64
		Stderr string
	}
	line := out
	if i := bytes.Index(out, []byte("{")); i >= 0 {
		line = out[i:]
	}
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	if err := json.Unmarshal(line, &r); err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	return r.Code, r.MB, r.Stderr
}

// TestPeakRSSHelper is peakRSS's helper process: it runs the command given in
// its environment and prints its exit status, peak memory and standard error.
func TestPeakRSSHelper(t *testing.T) {
	spec := os.Getenv("COVENANT_PEAK_RSS_HELPER")
	if spec == "" {
		t.Skip("the helper process of peakRSS")
	}
	var argv []string
	if err := json.Unmarshal([]byte(spec), &argv); err != nil || len(argv) == 0 {
		t.Fatalf("COVENANT_PEAK_RSS_HELPER %q: %v", spec, err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss / 1024 // KB on Linux
	b, _ := json.Marshal(map[string]any{"Code": code, "MB": rss, "Stderr": stderr.String()})
	fmt.Printf("%s\n", b)
}

// TestInPlaceRefusals: --in-place refuses a workbook open in Excel (its lock
// file beside it) unless --force, and a read-only one, with exit status 2, the
// workbook and its permissions untouched and no report written.
func TestInPlaceRefusals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, path string)
		force bool
		want  string // "" for success
	}{
		{"open in Excel", func(t *testing.T, p string) {
			os.WriteFile(filepath.Join(filepath.Dir(p), "~$"+filepath.Base(p)), []byte("owner"), 0o644)
		}, false, "seems to be open in Excel (its lock file ~$ledger.xlsx is beside it): close it in Excel first, or pass --force"},
		{"open in Excel, --force", func(t *testing.T, p string) {
			os.WriteFile(filepath.Join(filepath.Dir(p), "~$"+filepath.Base(p)), []byte("owner"), 0o644)
		}, true, ""},
		{"read-only", func(t *testing.T, p string) { os.Chmod(p, 0o444) }, true, "is read-only: covenant will not replace it"},
		{"permissions kept", func(t *testing.T, p string) { os.Chmod(p, 0o600) }, false, ""},
	} {
		for _, cmd := range [][]string{{"monthly", "--month", "2003-01"}, {"certificate", "--quarter", "2003Q1"}} {
			t.Run(tc.name+"/"+cmd[0], func(t *testing.T) {
				dir := t.TempDir()
				p := fixtureLedger(t, dir, nil)
				tc.setup(t, p)
				st, _ := os.Stat(p)
				orig, _ := os.ReadFile(p)
				out := filepath.Join(dir, "out")
				args := append(append([]string{}, cmd...), "--ledger", p, "--as-of", "2003-04-10", "--out", out, "--in-place")
				if tc.force {
					args = append(args, "--force")
				}
				code, _, stderr := runCLI(t, args...)
				now, _ := os.ReadFile(p)
				st2, _ := os.Stat(p)
				if st2.Mode().Perm() != st.Mode().Perm() {
					t.Errorf("permissions %v became %v", st.Mode().Perm(), st2.Mode().Perm())
				}
				if tc.want == "" {
					if code != 0 {
						t.Fatalf("exit %d: %s", code, stderr)
					}
					if bytes.Equal(now, orig) {
						t.Error("the workbook did not get its columns")
					}
					return
				}
				if code != 2 || !strings.Contains(stderr, tc.want) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
				}
				if !bytes.Equal(now, orig) {
					t.Error("the refused workbook changed")
				}
				if entries, _ := os.ReadDir(out); len(entries) != 0 {
					t.Errorf("report written despite the refusal: %v", names(entries))
				}
			})
		}
	}
}

// TestBadTemplate: a --template or --terms file that is not a workbook, or a
// zip bomb, is refused with covenant's own words before excelize opens it (a
// bomb would otherwise be expanded to disk), exit status 2.
func TestBadTemplate(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := fixtureLedger(t, dir, nil)
	for name, want := range map[string]string{
		"zip-bomb":      `refused as a "zip bomb"`,
		"csv-renamed":   "the file is plain text",
		"truncated-zip": "the file is damaged: its zip directory cannot be read",
	} {
		for _, flag := range []string{"--template", "--terms"} {
			out := filepath.Join(dir, "out-"+name)
			code, _, stderr := runCLI(t, "monthly", "--ledger", ledgerPath, "--month", "2003-01", "--as-of", "2003-02-03", "--out", out,
				flag, filepath.Join(badDir, name+".xlsx"))
			if code != 2 || !strings.HasPrefix(stderr, "covenant: "+flag+": "+name+".xlsx: ") || !strings.Contains(stderr, want) {
				t.Errorf("%s %s: exit %d, %q; want 2 and %q", flag, name, code, stderr, want)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("%s %s: output left: %v", flag, name, names(entries))
			}
		}
	}
}
