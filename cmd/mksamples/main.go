// Command mksamples writes the sample ledger workbooks of package samples/gen.
//
//	go run ./cmd/mksamples                      # rewrites samples/ledger-2003.xlsx (fixed seed)
//	go run ./cmd/mksamples -large 1048575 -month 2003-10 -out /tmp/large.xlsx
//	go run ./cmd/mksamples -large 1048575 -out /tmp/large.xlsx -csv /tmp/large-csv
//
// With -large it writes a stress ledger of that many PO lines in -month instead;
// -out is then required, so a stress ledger is never written into the checkout by
// accident. With -csv DIR the ledger written is also exported as a folder of
// CSV files, one a sheet (csvexport.Export: UTF-8, commas), the same books.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/covenant-reports/covenant/samples/csvexport"
	"github.com/covenant-reports/covenant/samples/gen"
)

func main() {
	large := flag.Int("large", 0, "write a stress ledger of `N` PO lines instead of the 2003 sample")
	month := flag.String("month", "2003-10", "month of the stress ledger, `YYYY-MM`")
	out := flag.String("out", "", "output `file` (default samples/ledger-2003.xlsx; required with -large)")
	seed := flag.Int64("seed", gen.DefaultSeed, "random seed")
	csvDir := flag.String("csv", "", "also export the ledger written as a folder of CSV files `DIR`")
	flag.Parse()
	if err := run(*large, *month, *out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "mksamples:", err)
		os.Exit(1)
	}
	if *csvDir != "" {
		path := *out
		if path == "" {
			path = filepath.Join("samples", "ledger-2003.xlsx")
		}
		if err := csvexport.Export(path, *csvDir, csvexport.Options{}); err != nil {
			fmt.Fprintln(os.Stderr, "mksamples: -csv:", err)
			os.Exit(1)
		}
	}
}

func run(large int, month, out string, seed int64) error {
	var write func(*bufio.Writer) error
	if large > 0 {
		m, err := time.Parse("2006-01", month)
		if err != nil {
			return fmt.Errorf("-month %q: want YYYY-MM", month)
		}
		if out == "" {
			return fmt.Errorf("-large needs -out FILE")
		}
		write = func(w *bufio.Writer) error { return gen.Large(w, large, m, seed) }
	} else {
		if out == "" {
			out = filepath.Join("samples", "ledger-2003.xlsx")
		}
		write = func(w *bufio.Writer) error { return gen.Ledger2003(w, seed) }
		// the loan workbook comes along (it has no randomness)
		loan := filepath.Join(filepath.Dir(out), "loan-2002.xlsx")
		if err := writeFile(loan, func(w *bufio.Writer) error { return gen.Loan2002(w) }); err != nil {
			return err
		}
	}
	return writeFile(out, write)
}

func writeFile(out string, write func(*bufio.Writer) error) error {
	// Write next to the target and rename, so a failure never leaves half a file.
	tmp, err := os.CreateTemp(filepath.Dir(out), ".mksamples-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := write(w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fi, err := os.Stat(out)
	if err != nil {
		return err
	}
	fmt.Printf("wrote %s (%d bytes)\n", out, fi.Size())
	return nil
}
