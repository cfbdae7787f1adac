// Package csvexport writes a workbook's sheets as a folder of CSV files, one
// a sheet, as purchasing and accounting systems export their books: for the
// tests and measurements of covenant's CSV ledgers (cmd/mksamples -csv,
// docs/csvperf.sh).
package csvexport

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/covenant-reports/covenant/report/calendar"
	"github.com/covenant-reports/covenant/report/xlsx"
	"github.com/covenant-reports/covenant/samples/gen"
)

// Options say how Export writes a folder's files.
type Options struct {
	// Encoding is "UTF-8" (the default), "UTF-8 BOM", "Windows-1252" or
	// "UTF-16" (little-endian, with its byte-order mark, as Excel's
	// "Unicode Text").
	Encoding string
	// Comma is the delimiter: ',' (the default), ';' or '\t'.
	Comma rune
	// CRLF ends lines with \r\n, as Excel does.
	CRLF bool
}

// Export writes every sheet of the workbook at path as a CSV file of that
// name into the folder dir (created), as a purchasing or accounting system
// exports its books: a text cell as it is, a date as 2003-10-21 (with its
// time, 2003-10-21 14:30:00, when it has one; a time alone as 14:30:00), a
// number as a plain decimal, a boolean as TRUE or FALSE. It is how the tests
// and docs/csvperf.sh make a CSV folder of the same books as a workbook.
func Export(path, dir string, opt Options) error {
	b, err := xlsx.Open(path)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, sh := range b.Sheets {
		if err := exportSheet(b, sh, filepath.Join(dir, sh.Name+".csv"), opt); err != nil {
			return fmt.Errorf("%s: %w", sh.Name, err)
		}
	}
	return nil
}

func exportSheet(b *xlsx.Book, sh xlsx.Sheet, path string, opt Options) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	var w io.Writer = bw
	switch opt.Encoding {
	case "", "UTF-8":
	case "UTF-8 BOM":
		bw.WriteString("\uFEFF")
	case "Windows-1252":
		w = charmap.Windows1252.NewEncoder().Writer(bw)
	case "UTF-16":
		w = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Writer(bw)
	default:
		return fmt.Errorf("unknown encoding %q", opt.Encoding)
	}
	cw := csv.NewWriter(w)
	if opt.Comma != 0 {
		cw.Comma = opt.Comma
	}
	cw.UseCRLF = opt.CRLF
	var rec []string
	last := 0
	err = b.ReadRows(sh, func(r *xlsx.Row) error {
		// a blank line for each blank row, so that rows keep their numbers
		for ; last+1 < r.Num; last++ {
			if err := cw.Write([]string{""}); err != nil {
				return err
			}
		}
		last = r.Num
		rec = rec[:0]
		for _, c := range r.Cells {
			for len(rec) < c.Col-1 {
				rec = append(rec, "")
			}
			v, err := csvValue(c, b.Date1904)
			if err != nil {
				return fmt.Errorf("%s: %w", xlsx.CellRef(c.Col, r.Num), err)
			}
			rec = append(rec, v)
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if c, ok := w.(io.Closer); ok {
		if err := c.Close(); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// csvValue is a cell as an export writes it.
func csvValue(c xlsx.Cell, date1904 bool) (string, error) {
	switch c.Kind {
	case xlsx.Number:
		if c.Date {
			v, err := strconv.ParseFloat(c.Text, 64)
			if err != nil {
				return "", err
			}
			if v >= 0 && v < 1 {
				return time.Time{}.Add(time.Duration(v*86400+0.5) * time.Second).Format("15:04:05"), nil
			}
			t, err := calendar.FromSerial(v, date1904)
			if err != nil {
				return "", err
			}
			if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
				return t.Format("2006-01-02"), nil
			}
			return t.Format("2006-01-02 15:04:05"), nil
		}
		d, err := decimal.NewFromString(c.Text)
		if err != nil {
			return "", err
		}
		return d.String(), nil
	case xlsx.Bool:
		if c.Text == "1" {
			return "TRUE", nil
		}
		return "FALSE", nil
	}
	return c.Text, nil
}

// LargeFolder returns the folder of CSV files holding the same books as
// gen.LargeFile(lines), exported with Export (UTF-8, commas) the first time
// into $TMPDIR/covenant-bench and reused after.
func LargeFolder(lines int) (string, error) {
	src, err := gen.LargeFile(lines)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(filepath.Dir(src), fmt.Sprintf("ledger-%d-csv", lines))
	if _, err := os.Stat(filepath.Join(dir, "Purchases.csv")); err == nil {
		return dir, nil
	}
	tmp, err := os.MkdirTemp(filepath.Dir(src), "gen-csv-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) // gone once renamed
	if err := Export(src, tmp, Options{}); err != nil {
		return "", err
	}
	os.RemoveAll(dir)
	return dir, os.Rename(tmp, dir)
}
