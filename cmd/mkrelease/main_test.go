package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/covenant-reports/covenant/report/blankbook"
	"github.com/covenant-reports/covenant/templates"
)

// archived is one entry of an archive as read back.
type archived struct {
	name string
	mode fs.FileMode
	mod  time.Time
	data []byte
}

func readArchive(t *testing.T, p string) []archived {
	t.Helper()
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var out []archived
	if strings.HasSuffix(p, ".zip") {
		zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			out = append(out, archived{f.Name, f.Mode(), f.Modified, data})
		}
		return out
	}
	gz, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if !gz.ModTime.IsZero() || gz.Name != "" {
		t.Errorf("%s: the gzip header holds a time %v or a name %q", p, gz.ModTime, gz.Name)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "root" || h.Gname != "root" {
			t.Errorf("%s: %s owned by %d:%d %s:%s", p, h.Name, h.Uid, h.Gid, h.Uname, h.Gname)
		}
		out = append(out, archived{h.Name, h.FileInfo().Mode(), h.ModTime, data})
	}
	return out
}

// TestReleaseReproducible builds the release twice from the same source,
// version, commit and date, and requires the same bytes: every archive and
// SHA256SUMS. It reads each archive back: the binary (stamped, -trimpath,
// CGO_ENABLED=0, built for its system), README.md, the templates and the blank
// workbooks as covenant ledger new makes them, in sorted order, with fixed
// modes and the source date; and it runs the binary built for this machine.
// With -short only linux/amd64 is built.
func TestReleaseReproducible(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	targets := Targets
	if testing.Short() {
		targets = []string{"linux/amd64"}
	}
	date := time.Date(2003, 1, 6, 9, 30, 0, 0, time.UTC)
	const version, commit = "1.2.3-test", "0123456789abcdef0123456789abcdef01234567"
	dirs := []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
	for _, d := range dirs {
		var stdout, stderr bytes.Buffer
		args := []string{"-version", version, "-commit", commit, "-date", date.Format(time.RFC3339), "-out", d, "-targets", strings.Join(targets, ",")}
		if err := run(args, &stdout, &stderr); err != nil {
			t.Fatalf("mkrelease %q: %v\n%s", args, err, stderr.String())
		}
	}

	wantNames := []string{"SHA256SUMS"}
	for _, tg := range targets {
		goos, goarch, _ := strings.Cut(tg, "/")
		ext := ".tar.gz"
		if goos == "windows" {
			ext = ".zip"
		}
		wantNames = append(wantNames, fmt.Sprintf("covenant-%s-%s-%s%s", version, goos, goarch, ext))
	}
	sort.Strings(wantNames)
	var sums strings.Builder
	for _, name := range wantNames {
		a, errA := os.ReadFile(filepath.Join(dirs[0], name))
		b, errB := os.ReadFile(filepath.Join(dirs[1], name))
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v %v", name, errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds of the same inputs", name)
		}
		if name != "SHA256SUMS" {
			h := sha256.Sum256(a)
			fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(h[:]), name)
		}
	}
	entries, _ := os.ReadDir(dirs[0])
	if len(entries) != len(wantNames) {
		t.Errorf("the release folder holds %d files, want %q", len(entries), wantNames)
	}
	if got, _ := os.ReadFile(filepath.Join(dirs[0], "SHA256SUMS")); string(got) != sums.String() {
		t.Errorf("SHA256SUMS:\n%s\nwant:\n%s", got, sums.String())
	}

	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var ledger, loan bytes.Buffer
	if err := blankbook.Ledger(&ledger, date); err != nil {
		t.Fatal(err)
	}
	if err := blankbook.Loan(&loan, date); err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		goos, goarch, _ := strings.Cut(tg, "/")
		top := fmt.Sprintf("covenant-%s-%s-%s", version, goos, goarch)
		exe := "covenant"
		if goos == "windows" {
			exe = "covenant.exe"
		}
		want := map[string][]byte{
			"README.md": readme, "blank-ledger.xlsx": ledger.Bytes(), "blank-loan.xlsx": loan.Bytes(), exe: nil,
		}
		for _, tpl := range templates.All() {
			want["templates/"+tpl.Name] = tpl.Data
		}
		var files []string
		for n := range want {
			files = append(files, top+"/"+n)
		}
		sort.Strings(files)
		wantOrder := append([]string{top + "/", top + "/templates/"}, files...)
		name := wantNames[sort.SearchStrings(wantNames, top)]
		got := readArchive(t, filepath.Join(dirs[0], name))
		var order []string
		for _, e := range got {
			order = append(order, e.name)
			if !e.mod.Equal(date) {
				t.Errorf("%s: %s dated %v, want the source date %v", name, e.name, e.mod, date)
			}
			rel := strings.TrimPrefix(e.name, top+"/")
			wantMode := fs.FileMode(0o644)
			switch {
			case strings.HasSuffix(e.name, "/"):
				wantMode = fs.ModeDir | 0o755
			case rel == exe:
				wantMode = 0o755
				checkBinary(t, e.data, goos, goarch, version, commit)
			default:
				if !bytes.Equal(e.data, want[rel]) {
					t.Errorf("%s: %s is not what it should hold", name, e.name)
				}
			}
			if e.mode != wantMode {
				t.Errorf("%s: %s mode %v, want %v", name, e.name, e.mode, wantMode)
			}
			if rel == exe && goos == runtime.GOOS && goarch == runtime.GOARCH {
				runBinary(t, e.data, version, commit)
			}
		}
		if strings.Join(order, "\n") != strings.Join(wantOrder, "\n") {
			t.Errorf("%s holds\n%s\nwant\n%s", name, strings.Join(order, "\n"), strings.Join(wantOrder, "\n"))
		}
	}
}

// checkBinary reads the build information the go command put in the binary.
func checkBinary(t *testing.T, bin []byte, goos, goarch, version, commit string) {
	t.Helper()
	info, err := buildinfo.Read(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("%s/%s binary: %v", goos, goarch, err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	for k, v := range map[string]string{"GOOS": goos, "GOARCH": goarch, "CGO_ENABLED": "0", "-trimpath": "true"} {
		if settings[k] != v {
			t.Errorf("%s/%s binary: %s=%q, want %q", goos, goarch, k, settings[k], v)
		}
	}
	// with -trimpath the go command does not record -ldflags: the stamped
	// strings are in the binary's data
	for _, want := range []string{version, commit} {
		if !bytes.Contains(bin, []byte(want)) {
			t.Errorf("%s/%s binary: %q is not stamped in it", goos, goarch, want)
		}
	}
	if info.Path != "github.com/covenant-reports/covenant/cmd/covenant" {
		t.Errorf("%s/%s binary is %s", goos, goarch, info.Path)
	}
}

// runBinary runs the binary built for this machine: covenant version prints
// what was stamped.
func runBinary(t *testing.T, bin []byte, version, commit string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "covenant")
	if err := os.WriteFile(p, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(p, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("covenant version: %v\n%s", err, out)
	}
	want := fmt.Sprintf("covenant version %s (commit %s, %s %s/%s)\n", version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if string(out) != want {
		t.Errorf("covenant version printed %q, want %q", out, want)
	}
}

// TestSourceVersion: the default version is the one cmd/covenant declares.
func TestSourceVersion(t *testing.T) {
	v, err := sourceVersion(filepath.Join("..", "covenant", "version.go"))
	if err != nil || !versionRE.MatchString(v) {
		t.Fatalf("sourceVersion: %q, %v", v, err)
	}
	src, _ := os.ReadFile(filepath.Join("..", "covenant", "version.go"))
	if !strings.Contains(string(src), "version = \""+v+"\"") {
		t.Errorf("read %q, not in version.go", v)
	}
	other := filepath.Join(t.TempDir(), "x.go")
	os.WriteFile(other, []byte("package main\n\nvar name = \"x\"\n"), 0o644)
	if _, err := sourceVersion(other); err == nil {
		t.Error("a file without var version gave a version")
	}
}

// TestBadOptions: a version, commit or target that would not stamp or build
// cleanly is refused before anything is built.
func TestBadOptions(t *testing.T) {
	out := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-version", "1 2"}, `-version "1 2": letters, digits`},
		{[]string{"-version", "1.0", "-commit", "a b"}, `-commit "a b"`},
		{[]string{"-version", "1.0", "-commit", "abc", "-targets", "windows"}, `target "windows" is not os/arch`},
		{[]string{"-version", "1.0", "-commit", "abc", "-date", "yesterday"}, "-date:"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(append(tt.args, "-out", filepath.Join(out, "x")), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.args, err, tt.want)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("a refused run wrote %d files", len(entries))
	}
}
