package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// version is stamped into every report's audit sheet. A release build sets it
// and commit: go build -ldflags "-X main.version=1.2.0 -X main.commit=abc123"
// (go run ./cmd/mkrelease does).
var (
	version = "0.1.0"
	commit  = ""
)

func init() {
	commands = append(commands, &cli.Command{
		Name:      "version",
		Usage:     "print covenant's version and the commit it was built from",
		UsageText: "covenant version",
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("version takes no arguments")
			}
			return runVersion(c.App.Writer)
		},
	})
}

func runVersion(w io.Writer) error {
	_, err := fmt.Fprintln(w, "covenant version "+versionLine())
	return err
}

// versionLine is the version, the commit and the toolchain, as --version and
// covenant version print them: "0.1.0 (commit 888048d..., go1.26.8 linux/amd64)".
func versionLine() string {
	c := commit
	if c == "" {
		info, _ := debug.ReadBuildInfo()
		c = vcsCommit(info)
	}
	if c == "" {
		c = "unknown"
	}
	return fmt.Sprintf("%s (commit %s, %s %s/%s)", version, c, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// vcsCommit is the revision the go command stamped into a build from a
// checkout (empty when it did not: go test, -buildvcs=false, no git), marked
// -dirty when the checkout had changes that were not committed.
func vcsCommit(info *debug.BuildInfo) string {
	if info == nil {
		return ""
	}
	var rev string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" && modified {
		rev += "-dirty"
	}
	return rev
}
