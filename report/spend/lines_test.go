package spend

import (
	"math/big"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/covenant-reports/covenant/report/ledger"
)

// randomLine fills every field of a Line: a field added to ledger.POLine or
// Result and forgotten by appendLine/decodeLine fails TestLinesRoundTrip.
func randomLine(r *rand.Rand, i int) Line {
	dec := func() decimal.Decimal {
		switch r.Intn(4) {
		case 0:
			return decimal.New(r.Int63n(2_000_000)-1_000_000, -int32(r.Intn(6)))
		case 1: // past int64
			c, _ := new(big.Int).SetString(strings.Repeat("9", 25+r.Intn(10)), 10)
			if r.Intn(2) == 0 {
				c.Neg(c)
			}
			return decimal.NewFromBigInt(c, int32(r.Intn(9))-4)
		case 2:
			return decimal.New(0, 0)
		default:
			return decimal.RequireFromString("1.50") // the exponent kept: 150e-2
		}
	}
	date := func() time.Time {
		if r.Intn(4) == 0 {
			return time.Time{}
		}
		return time.Date(1990+r.Intn(40), time.Month(1+r.Intn(12)), 1+r.Intn(28), r.Intn(24), r.Intn(60), 0, r.Intn(1e9), time.UTC)
	}
	text := func() string {
		s := []string{"", "Arrow", "Avnet, Inc.", "ПО-Ω 😀", "a\x00b", strings.Repeat("x", 300)}
		return s[r.Intn(len(s))]
	}
	return Line{
		POLine: ledger.POLine{
			Row: 2 + i, PONumber: text(), POLine: r.Intn(1000) - 5, PODate: date(),
			Supplier: text(), Manufacturer: text(), PartNumber: text(), Description: text(),
			Quantity: dec(), UnitCost: dec(), ConfirmedDelivery: date(),
			CustomerDirected: r.Intn(2) == 0, CreditLimitException: r.Intn(2) == 0,
			ExtendedCost: dec(), HasExtendedCost: r.Intn(2) == 0, ExtendedCostCol: r.Intn(20),
			ManufacturerCol: r.Intn(20), POTime: date(), Location: text(),
		},
		Result: Result{Class: Classes[r.Intn(len(Classes))], Franchised: r.Intn(2) == 0, Reason: text(), Amount: dec(), Resembles: text()},
	}
}

// same compares lines field by field; decimals by value and exponent.
func same(a, b *Line) bool {
	va, vb := reflect.ValueOf(a.POLine), reflect.ValueOf(b.POLine)
	for _, pair := range [][2]reflect.Value{{va, vb}, {reflect.ValueOf(a.Result), reflect.ValueOf(b.Result)}} {
		for i := 0; i < pair[0].NumField(); i++ {
			if !pair[0].Type().Field(i).IsExported() {
				continue // where the line was read, for messages: not kept
			}
			x, y := pair[0].Field(i).Interface(), pair[1].Field(i).Interface()
			switch x := x.(type) {
			case decimal.Decimal:
				y := y.(decimal.Decimal)
				if !x.Equal(y) || x.Exponent() != y.Exponent() {
					return false
				}
			case time.Time:
				if !x.Equal(y.(time.Time)) || x.IsZero() != y.(time.Time).IsZero() {
					return false
				}
			default:
				if !reflect.DeepEqual(x, y) {
					return false
				}
			}
		}
	}
	return true
}

func TestLinesRoundTrip(t *testing.T) {
	// 24 fields and the unexported origin of a POLine, which names its cells
	// in messages made while it is read and is not kept
	if n := reflect.TypeOf(ledger.POLine{}).NumField() + reflect.TypeOf(Result{}).NumField(); n != 25 {
		t.Fatalf("Line has %d fields, Lines' record 24 and the origin: add the new ones to appendLine and decodeLine", n)
	}
	defer func(n int) { spillAt = n }(spillAt)
	for _, tc := range []struct {
		name    string
		spillAt int
		n       int
	}{
		{"empty", 3, 0},
		{"in memory", 3, 3},
		{"spilled", 3, 200},
		{"spilled at the first", 0, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spillAt = tc.spillAt
			r := rand.New(rand.NewSource(int64(tc.n)))
			want := make([]Line, tc.n)
			ls := &Lines{Dir: t.TempDir()}
			defer ls.Close()
			for i := range want {
				want[i] = randomLine(r, i)
				ls.Add(&want[i])
			}
			if ls.Len() != tc.n || ls.Err() != nil {
				t.Fatalf("Len %d, Err %v", ls.Len(), ls.Err())
			}
			if spilled := ls.f != nil; spilled != (tc.n > tc.spillAt) {
				t.Errorf("%d lines with spillAt %d: spilled %v", tc.n, tc.spillAt, spilled)
			}
			i := 0
			if err := ls.Each(func(l *Line) error {
				if !same(l, &want[i]) {
					t.Errorf("line %d read back\n%+v\nwant\n%+v", i, *l, want[i])
				}
				i++
				return nil
			}); err != nil || i != tc.n {
				t.Fatalf("Each: %v after %d lines", err, i)
			}
			// out of order: going back reads the file again
			for _, k := range []int{tc.n - 1, 0, tc.n / 2, tc.n/2 - 1, tc.n / 2} {
				if k < 0 || k >= tc.n {
					continue
				}
				l, err := ls.At(k)
				if err != nil || !same(l, &want[k]) {
					t.Errorf("At(%d): %v", k, err)
				}
			}
			if _, err := ls.At(tc.n); err == nil {
				t.Errorf("At(%d) of %d lines gave no error", tc.n, tc.n)
			}
		})
	}
}

func TestLinesMisuse(t *testing.T) {
	defer func(n int) { spillAt = n }(spillAt)
	spillAt = 1
	var ls Lines // the zero value: the system's temporary folder
	defer ls.Close()
	a, b := Line{Result: Result{Reason: "a"}}, Line{Result: Result{Reason: "b"}}
	ls.Add(&a)
	ls.Add(&b)
	if l, err := ls.At(1); err != nil || l.Reason != "b" {
		t.Fatalf("At(1) = %v, %v", l, err)
	}
	ls.Add(&a)
	if ls.Err() == nil {
		t.Error("a line added to a list being read gave no error")
	}
	if _, err := ls.At(0); err == nil {
		t.Error("reading a list that failed gave no error")
	}
	if err := ls.Close(); err != nil || ls.Len() != 0 {
		t.Errorf("Close: %v, Len %d", err, ls.Len())
	}

	// a damaged record is an error, not a panic
	rec := appendLine(nil, &Line{Result: Result{Reason: "hello", Amount: decimal.New(1, 0)}})
	var l Line
	for cut := 0; cut < len(rec); cut++ {
		if err := decodeLine(rec[:cut], &l); err == nil {
			t.Errorf("a record cut at %d of %d bytes decoded", cut, len(rec))
		}
	}
	if err := decodeLine(append(rec, 0), &l); err == nil {
		t.Error("a record with a byte too many decoded")
	}
}
