package gen

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// LargeFile returns the path of the stress ledger of lines PO lines dated in
// October 2003 (Large with DefaultSeed), generating it the first time into
// $TMPDIR/covenant-bench and reusing it after: the generator is deterministic,
// so a cached file is the same file. For benchmarks and scale tests.
func LargeFile(lines int) (string, error) {
	dir := filepath.Join(os.TempDir(), "covenant-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("ledger-%d.xlsx", lines))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp, err := os.CreateTemp(dir, "gen-*.xlsx")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // gone once renamed; removed if generation fails
	w := bufio.NewWriterSize(tmp, 1<<20)
	err = Large(w, lines, time.Date(2003, 10, 1, 0, 0, 0, 0, time.UTC), DefaultSeed)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return path, err
}
