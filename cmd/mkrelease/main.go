// Command mkrelease builds covenant's release archives, for accountants who
// have no Go toolchain: one archive a system (Windows amd64 as a .zip with
// covenant.exe; macOS arm64 and amd64 and Linux amd64 as .tar.gz), each
// holding the binary, README.md, the built-in templates and the blank ledger
// and loan workbooks (made by the same code as covenant ledger new), and a
// SHA256SUMS file of the archives.
//
// The build is reproducible: the same source, Go toolchain, version, commit
// and date give the same bytes. The binaries are built with -trimpath,
// CGO_ENABLED=0, -buildid= and the version and commit stamped (-X
// main.version, -X main.commit); archive entries are sorted, with fixed modes
// and every time set to the source date (SOURCE_DATE_EPOCH, else the commit's
// time).
//
//	go run ./cmd/mkrelease [-version V] [-commit C] [-out DIR] [-targets os/arch,...]
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/covenant-reports/covenant/report/blankbook"
	"github.com/covenant-reports/covenant/report/safefile"
	"github.com/covenant-reports/covenant/templates"
)

// Targets are the systems a release is built for.
var Targets = []string{"windows/amd64", "darwin/arm64", "darwin/amd64", "linux/amd64"}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mkrelease: "+err.Error())
		os.Exit(1)
	}
}

// options are the release's inputs; the zero values are found from the
// source tree at Root.
type options struct {
	Root    string // the module's folder
	Version string
	Commit  string
	Date    time.Time
	Out     string
	Targets []string
	Stdout  io.Writer
}

func run(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("mkrelease", flag.ContinueOnError)
	fl.SetOutput(stderr)
	version := fl.String("version", "", "the version to stamp (default: the version in cmd/covenant/version.go)")
	commit := fl.String("commit", "", "the commit to stamp (default: git rev-parse HEAD, -dirty with uncommitted changes)")
	out := fl.String("out", "dist", "the folder to write the archives and SHA256SUMS into")
	targets := fl.String("targets", strings.Join(Targets, ","), "the systems to build, os/arch separated by commas")
	date := fl.String("date", "", "the time of every archive entry, RFC 3339 (default: $SOURCE_DATE_EPOCH, else the commit's time)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fl.Args())
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	o := options{Root: root, Version: *version, Commit: *commit, Out: *out, Stdout: stdout}
	for _, t := range strings.Split(*targets, ",") {
		if t = strings.TrimSpace(t); t != "" {
			o.Targets = append(o.Targets, t)
		}
	}
	if *date != "" {
		if o.Date, err = time.Parse(time.RFC3339, *date); err != nil {
			return fmt.Errorf("-date: %v", err)
		}
	}
	return release(o)
}

// moduleRoot is the folder of covenant's go.mod, from the current folder up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(data, []byte("module github.com/covenant-reports/covenant\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run mkrelease inside covenant's source tree (no go.mod of github.com/covenant-reports/covenant above the current folder)")
		}
		dir = parent
	}
}

var (
	versionRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+_-]*$`)
	targetRE  = regexp.MustCompile(`^[a-z0-9]+/[a-z0-9]+$`)
)

// release fills in the defaults and writes every archive and SHA256SUMS.
func release(o options) error {
	var err error
	if o.Version == "" {
		if o.Version, err = sourceVersion(filepath.Join(o.Root, "cmd", "covenant", "version.go")); err != nil {
			return err
		}
	}
	if o.Commit == "" {
		if o.Commit, err = gitCommit(o.Root); err != nil {
			return fmt.Errorf("%v (give -commit)", err)
		}
	}
	for _, v := range []struct{ name, value string }{{"version", o.Version}, {"commit", o.Commit}} {
		if !versionRE.MatchString(v.value) {
			return fmt.Errorf("-%s %q: letters, digits and . + _ - only", v.name, v.value)
		}
	}
	if o.Date.IsZero() {
		if o.Date, err = sourceDate(o.Root); err != nil {
			return fmt.Errorf("%v (give -date or SOURCE_DATE_EPOCH)", err)
		}
	}
	o.Date = o.Date.UTC().Truncate(time.Second)
	if len(o.Targets) == 0 {
		return errors.New("no target")
	}
	for _, t := range o.Targets {
		if !targetRE.MatchString(t) {
			return fmt.Errorf("target %q is not os/arch", t)
		}
	}
	common, err := o.commonFiles()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "mkrelease-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	sums := map[string]string{}
	for _, t := range o.Targets {
		goos, goarch, _ := strings.Cut(t, "/")
		bin, err := o.build(goos, goarch, tmp)
		if err != nil {
			return err
		}
		name, data, err := o.archive(goos, goarch, bin, common)
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(o.Out, name), data); err != nil {
			return err
		}
		h := sha256.Sum256(data)
		sums[name] = hex.EncodeToString(h[:])
		fmt.Fprintf(o.Stdout, "wrote %s (%d bytes)\n", filepath.Join(o.Out, name), len(data))
	}
	if err := writeFile(filepath.Join(o.Out, "SHA256SUMS"), sumsFile(sums)); err != nil {
		return err
	}
	fmt.Fprintf(o.Stdout, "wrote %s: covenant %s, commit %s, dated %s\n", filepath.Join(o.Out, "SHA256SUMS"), o.Version, o.Commit, o.Date.Format(time.RFC3339))
	return nil
}

func writeFile(p string, data []byte) error {
	return safefile.Write(p, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// sumsFile is SHA256SUMS as sha256sum writes it: "HASH  NAME", by name.
func sumsFile(sums map[string]string) []byte {
	var names []string
	for n := range sums {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, n := range names {
		fmt.Fprintf(&b, "%s  %s\n", sums[n], n)
	}
	return b.Bytes()
}

// sourceVersion reads the string given to the variable version in file.
func sourceVersion(file string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		return "", err
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if n.Name != "version" || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					return strconv.Unquote(lit.Value)
				}
			}
		}
	}
	return "", fmt.Errorf("%s: no var version = \"...\"", file)
}

// git runs git in root.
func git(root string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", root}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// gitCommit is HEAD, marked -dirty when the tree has changes not committed,
// new files included (ignored ones aside): the build would not be of that
// commit alone.
func gitCommit(root string) (string, error) {
	rev, err := git(root, "rev-parse", "HEAD")
	if err != nil {
		return "", err
	}
	status, err := git(root, "status", "--porcelain")
	if err != nil {
		return "", err
	}
	if status != "" {
		rev += "-dirty"
	}
	return rev, nil
}

// sourceDate is SOURCE_DATE_EPOCH, else the time of the commit checked out.
func sourceDate(root string) (time.Time, error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		var err error
		if s, err = git(root, "log", "-1", "--format=%ct", "HEAD"); err != nil {
			return time.Time{}, err
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("source date %q is not seconds since 1970", s)
	}
	return time.Unix(n, 0), nil
}

// build cross-compiles covenant for goos/goarch into dir and returns its bytes.
func (o options) build(goos, goarch, dir string) ([]byte, error) {
	exe := filepath.Join(dir, "covenant-"+goos+"-"+goarch)
	ldflags := fmt.Sprintf("-s -w -buildid= -X main.version=%s -X main.commit=%s", o.Version, o.Commit)
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-mod=readonly", "-ldflags="+ldflags, "-o", exe, "./cmd/covenant")
	cmd.Dir = o.Root
	// the settings a shell's environment could change, fixed, so that another
	// shell builds the same bytes (flags given here win over GOFLAGS)
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOAMD64=v1", "GOARM64=v8.0", "GOEXPERIMENT=")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build for %s/%s: %v\n%s", goos, goarch, err, stderr.String())
	}
	return os.ReadFile(exe)
}

// entry is a file of an archive.
type entry struct {
	Name string // slash-separated, below the archive's top folder
	Mode fs.FileMode
	Data []byte
}

// commonFiles are what every archive holds beside the binary.
func (o options) commonFiles() ([]entry, error) {
	readme, err := os.ReadFile(filepath.Join(o.Root, "README.md"))
	if err != nil {
		return nil, err
	}
	files := []entry{{Name: "README.md", Mode: 0o644, Data: readme}}
	for _, t := range templates.All() {
		files = append(files, entry{Name: "templates/" + t.Name, Mode: 0o644, Data: t.Data})
	}
	var ledger, loan bytes.Buffer
	if err := blankbook.Ledger(&ledger, o.Date); err != nil {
		return nil, err
	}
	if err := blankbook.Loan(&loan, o.Date); err != nil {
		return nil, err
	}
	files = append(files, entry{Name: "blank-ledger.xlsx", Mode: 0o644, Data: ledger.Bytes()},
		entry{Name: "blank-loan.xlsx", Mode: 0o644, Data: loan.Bytes()})
	return files, nil
}

// archive is the archive of one target: its file name and bytes.
func (o options) archive(goos, goarch string, bin []byte, common []entry) (string, []byte, error) {
	base := fmt.Sprintf("covenant-%s-%s-%s", o.Version, goos, goarch)
	exe := "covenant"
	if goos == "windows" {
		exe += ".exe"
	}
	files := append([]entry{{Name: exe, Mode: 0o755, Data: bin}}, common...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var buf bytes.Buffer
	var err error
	name := base + ".tar.gz"
	if goos == "windows" {
		name = base + ".zip"
		err = writeZip(&buf, base, files, o.Date)
	} else {
		err = writeTarGz(&buf, base, files, o.Date)
	}
	return name, buf.Bytes(), err
}

// dirs are the folders the files are in, top first, each once, sorted.
func dirs(top string, files []entry) []string {
	seen := map[string]bool{top + "/": true}
	out := []string{top + "/"}
	for _, f := range files {
		d := path.Dir(f.Name)
		for d != "." && !seen[top+"/"+d+"/"] {
			seen[top+"/"+d+"/"] = true
			out = append(out, top+"/"+d+"/")
			d = path.Dir(d)
		}
	}
	sort.Strings(out)
	return out
}

func writeZip(w io.Writer, top string, files []entry, date time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, d := range dirs(top, files) {
		h := &zip.FileHeader{Name: d, Method: zip.Store, Modified: date}
		h.SetMode(fs.ModeDir | 0o755)
		if _, err := zw.CreateHeader(h); err != nil {
			return err
		}
	}
	for _, f := range files {
		h := &zip.FileHeader{Name: top + "/" + f.Name, Method: zip.Deflate, Modified: date}
		h.SetMode(f.Mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

func writeTarGz(w io.Writer, top string, files []entry, date time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	// gzip's header keeps no name and no time: only the entries carry dates
	tw := tar.NewWriter(gz)
	hdr := func(name string, mode fs.FileMode, size int64, typ byte) *tar.Header {
		return &tar.Header{Name: name, Mode: int64(mode.Perm()), Size: size, Typeflag: typ, ModTime: date,
			Uname: "root", Gname: "root", Format: tar.FormatPAX}
	}
	for _, d := range dirs(top, files) {
		if err := tw.WriteHeader(hdr(d, 0o755, 0, tar.TypeDir)); err != nil {
			return err
		}
	}
	for _, f := range files {
		if err := tw.WriteHeader(hdr(top+"/"+f.Name, f.Mode, int64(len(f.Data)), tar.TypeReg)); err != nil {
			return err
		}
		if _, err := tw.Write(f.Data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}
