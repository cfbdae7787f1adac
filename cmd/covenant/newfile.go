package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/covenant-reports/covenant/report/safefile"
)

// newFile is a file a command makes from nothing: a blank workbook, a template.
type newFile struct {
	Path string
	Data []byte
	// KeepSame leaves a file that already holds exactly Data as it is (a
	// template); a blank workbook holds the time it was made, so no earlier
	// one is ever the same.
	KeepSame bool
}

// writeNewFiles writes files that are not there yet. A file already holding
// exactly these bytes is left as it is where KeepSame; any other file in the way is refused,
// every one of them named, and nothing is written (exit status 2) unless force,
// which replaces them. Every file is written beside its target first and put
// in place only once all are written: a failure or a crash leaves each target
// as it was, never half written. cmd names the command ("covenant ledger new")
// and elsewhere says where else to write ("give another name") for messages;
// it reports what it wrote on stdout.
func writeNewFiles(cmd, elsewhere string, files []newFile, force bool, stdout io.Writer) error {
	var todo []newFile
	var inTheWay, kept []string
	for _, f := range files {
		old, err := os.ReadFile(f.Path)
		switch {
		case err == nil && f.KeepSame && bytes.Equal(old, f.Data):
			kept = append(kept, f.Path)
			continue
		case err == nil && !force:
			inTheWay = append(inTheWay, f.Path)
			continue
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			if st, serr := os.Stat(f.Path); serr == nil && st.IsDir() {
				return usagef("%s is a folder: give the name of a file to write", f.Path)
			}
			return usagef("%v", err)
		}
		if dir := filepath.Dir(f.Path); dir != "" {
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return usagef("cannot write %s: the folder %s does not exist", f.Path, dir)
			}
		}
		todo = append(todo, f)
	}
	if len(inTheWay) > 0 {
		what := inTheWay[0] + " already exists"
		if len(inTheWay) > 1 {
			what = strings.Join(inTheWay, ", ") + " already exist"
		}
		return usagef("%s: %s never writes over a file (it may be one you changed), and nothing was written; %s, move it away, or pass --force to replace it", what, cmd, elsewhere)
	}
	for _, k := range kept {
		fmt.Fprintf(stdout, "%s is already there as covenant writes it: left as it is\n", k)
	}
	var pending []*safefile.Pending
	abort := func() {
		for _, p := range pending {
			p.Abort()
		}
	}
	for _, f := range todo {
		p, err := safefile.Prepare(f.Path, nil, func(w io.Writer) error { _, err := w.Write(f.Data); return err })
		if err != nil {
			abort()
			return err
		}
		pending = append(pending, p)
	}
	for i, p := range pending {
		if err := p.Commit(); err != nil {
			for _, q := range pending[i+1:] {
				q.Abort()
			}
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", todo[i].Path)
	}
	return nil
}
