// Command mkbadinputs writes testdata/bad: the corpus of malformed, hostile and
// messy input workbooks covenant must meet with a clear message (issue 8). For
// each case it writes NAME.xlsx and NAME.args (the command lines to run on it,
// one a line, {in} standing for the file and {out} for a fresh folder) and a
// README listing them; the expected messages, NAME.golden, are written by
// `go test ./cmd/covenant -run TestBadInputs -update`. The output is the same on
// every run (the encrypted case is kept while it still opens with its password).
//
//	go run ./cmd/mkbadinputs [-dir testdata/bad]
//	go run ./cmd/mkbadinputs -preserve testdata/preserve
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	dir := flag.String("dir", "testdata/bad", "folder to write the corpus into")
	preserve := flag.String("preserve", "", "instead, write the preservation fixture ledger-features.xlsx into this folder (needs LibreOffice)")
	flag.Parse()
	if *preserve != "" {
		if err := writePreserve(*preserve); err != nil {
			fmt.Fprintln(os.Stderr, "mkbadinputs:", err)
			os.Exit(1)
		}
		fmt.Printf("wrote %s\n", filepath.Join(*preserve, "ledger-features.xlsx"))
		return
	}
	files, err := corpus(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkbadinputs:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "mkbadinputs:", err)
		os.Exit(1)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(*dir, n)), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "mkbadinputs:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(*dir, n), files[n], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "mkbadinputs:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("wrote %d files (%d cases) into %s\n", len(files), len(cases)+len(folderCases), *dir)
}

// corpus returns every file of the corpus by name; dir is where the current one
// lies (for the encrypted case).
func corpus(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	var readme strings.Builder
	readme.WriteString("# Bad, hostile and messy inputs\n\n" +
		"Written by `go run ./cmd/mkbadinputs` (do not edit by hand); each `NAME.xlsx` is run with the\n" +
		"command lines of `NAME.args` by `cmd/covenant/bad_test.go`, which compares what covenant prints\n" +
		"with `NAME.golden` (rewrite those with `go test ./cmd/covenant -run TestBadInputs -update`,\n" +
		"then read every change). A bad input must give exit status 2, one line per problem naming file,\n" +
		"sheet and cell, no output file and no change to the input; the `ok-` inputs are messy but valid\n" +
		"and must be read as the accountant meant. A `NAME/` is a folder of CSV files, one a sheet, given\n" +
		"as the ledger (or loan workbook) itself; its problems name the file and the line.\n\n" +
		"| file | what it is |\n|---|---|\n")
	for _, c := range cases {
		var data []byte
		if c.name == "encrypted" {
			var err error
			if data, err = encrypted(filepath.Join(dir, c.name+".xlsx")); err != nil {
				return nil, err
			}
		} else {
			data = c.data()
		}
		files[c.name+".xlsx"] = data
		files[c.name+".args"] = []byte(strings.Join(c.cmds, "\n") + "\n")
		fmt.Fprintf(&readme, "| %s.xlsx | %s |\n", c.name, strings.ReplaceAll(c.about, "|", "\\|"))
	}
	for _, c := range folderCases {
		for n, data := range c.folder() {
			files[c.name+"/"+n] = data
		}
		files[c.name+".args"] = []byte(strings.Join(c.cmds, "\n") + "\n")
		fmt.Fprintf(&readme, "| %s/ | %s |\n", c.name, strings.ReplaceAll(c.about, "|", "\\|"))
	}
	files["README.md"] = []byte(readme.String())
	return files, nil
}
