package fill

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func partOf(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	return ""
}

// TestProtectedWithoutPassword: every sheet is protected without a password;
// a formula's cell is locked, a value's unlocked; sorting and filtering stay
// allowed. Final marks the workbook as Excel's Mark as Final does.
func TestProtectedWithoutPassword(t *testing.T) {
	for _, final := range []bool{false, true} {
		w, err := Open(tinyTemplate(t))
		if err != nil {
			t.Fatal(err)
		}
		tb := w.Table("Lines", 1)
		tb.Rows(func(i int, r *Row) {
			r.Set("Item", Text("bolt"))
			r.Set("Qty", Int(3))
			r.Set("Price", Number(decimal.RequireFromString("0.5")))
			r.Set("Amount", Formula("ROUND(B4*C4,2)", Money(decimal.RequireFromString("1.5"))))
		})
		w.Set("Total", Formula("SUM("+tb.Range("Amount")+")", Money(decimal.RequireFromString("1.5"))))
		w.Set("Who", Text("kim"))
		var out bytes.Buffer
		if err := w.Write(&out, Options{Time: time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC), Final: final}); err != nil {
			t.Fatal(err)
		}
		w.Close()
		for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
			x := partOf(t, out.Bytes(), part)
			i := strings.Index(x, "<sheetProtection")
			if i < 0 {
				t.Fatalf("%s is not protected", part)
			}
			tag := x[i : i+strings.Index(x[i:], ">")]
			if strings.Contains(tag, "password") || strings.Contains(tag, "hashValue") || !strings.Contains(tag, `sheet="1"`) && !strings.Contains(tag, `sheet="true"`) {
				t.Errorf("%s: %s (want protected, no password)", part, tag)
			}
			for _, allowed := range []string{"autoFilter", "sort"} {
				if !strings.Contains(tag, allowed+`="0"`) && !strings.Contains(tag, allowed+`="false"`) {
					t.Errorf("%s: %s does not allow %s", part, tag, allowed)
				}
			}
		}
		f, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		locked := func(sheet, cell string) bool {
			id, _ := f.GetCellStyle(sheet, cell)
			st, _ := f.GetStyle(id)
			return st.Protection == nil || st.Protection.Locked
		}
		for _, c := range []struct {
			sheet, cell string
			locked      bool
		}{{"Lines", "D4", true}, {"Cover", "B3", true}, {"Lines", "A4", false}, {"Lines", "B4", false}, {"Cover", "B2", false}} {
			if got := locked(c.sheet, c.cell); got != c.locked {
				t.Errorf("%s!%s locked %v, want %v", c.sheet, c.cell, got, c.locked)
			}
		}
		props, _ := f.GetDocProps()
		custom, _ := f.GetCustomProps()
		marked := false
		for _, p := range custom {
			marked = marked || p.Name == "_MarkAsFinal" && p.Value == true
		}
		if final != (props.ContentStatus == "Final") || final != marked {
			t.Errorf("final %v: content status %q, _MarkAsFinal %v", final, props.ContentStatus, custom)
		}
		f.Close()
	}
}
