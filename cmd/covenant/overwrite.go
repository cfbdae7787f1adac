package main

import (
	"os"
	"path/filepath"
	"strings"
)

// ioFile is a file a command reads or writes, as the user named it.
type ioFile struct {
	// Name is how a message names it: "--ledger ledger.xlsx", "the report
	// out/monthly-2003-10.xlsx (--out out)".
	Name string
	Path string
	// Rename, for an output, says how to name it otherwise.
	Rename string
	// Workbook marks the input a command can update with --in-place (the
	// ledger, the loan workbook).
	Workbook bool
}

// input names an input by its flag; nothing when path is empty.
func input(flag, path string) []ioFile {
	if path == "" {
		return nil
	}
	return []ioFile{{Name: flag + " " + path, Path: path}}
}

// inputFiles are the files every report command reads: the workbooks (or
// each CSV file of a folder), the terms, the template and the password files.
func (o common) inputFiles(inputs []*runInput) []ioFile {
	var in []ioFile
	for _, r := range inputs {
		if r.folder {
			for _, f := range r.files {
				in = append(in, ioFile{Name: r.flag + " " + r.path + " (its file " + filepath.Base(f) + ")", Path: f})
			}
			continue
		}
		in = append(in, ioFile{Name: r.flag + " " + r.path, Path: r.path, Workbook: true})
	}
	in = append(in, input("--terms", o.TermsPath)...)
	in = append(in, input("--template", o.TemplatePath)...)
	in = append(in, input("--password-file", o.PasswordFile)...)
	return append(in, input("--ledger-password-file", o.LedgerPasswordFile)...)
}

// refuseOverwrite is the one check every command makes before it writes
// anything: no output may be the same file as one of the command's inputs, or
// as another of its outputs. Files are compared by identity (device and inode,
// or Windows' file index), so that a second path to the same file, through a
// symbolic or hard link, "..", or another case of its name on a file system
// that ignores case, is caught; outputs that do not exist yet, by name. The
// refusal is a usage error (exit status 2) naming both and saying what to do.
func refuseOverwrite(inputs, outputs []ioFile) error {
	for i, out := range outputs {
		for _, in := range inputs {
			if !sameFile(out.Path, in.Path) {
				continue
			}
			what := "its input"
			hint := out.Rename
			if in.Workbook {
				what = "the workbook it reads"
				hint += ", or use --in-place to write covenant's columns into " + filepath.Base(in.Path) + " itself"
			}
			return usagef("%s is the same file as %s: covenant never writes over %s, and nothing was written; %s", out.Name, in.Name, what, hint)
		}
		for _, other := range outputs[:i] {
			if sameFile(out.Path, other.Path) {
				return usagef("%s is the same file as %s: one would replace the other, and nothing was written; %s", out.Name, other.Name, out.Rename)
			}
		}
	}
	return nil
}

// sameFile says whether a and b name the same file. Two existing files are
// compared by identity; two names of which neither exists yet, by their
// absolute paths, ignoring case (some file systems do).
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	switch {
	case errA == nil && errB == nil:
		return os.SameFile(sa, sb)
	case errA == nil || errB == nil:
		return false // one exists and the other not: not the same file
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && strings.EqualFold(aa, bb)
}
