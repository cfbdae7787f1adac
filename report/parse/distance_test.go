package parse

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"supplier", "supplier", 3, 0}, {"suplier", "supplier", 3, 1}, {"supplier", "suppleir", 3, 1},
		{"qty", "qtx", 3, 1}, {"", "abc", 3, 3}, {"vendor", "vendro", 3, 1}, {"kitten", "sitting", 3, 3}, {"ca", "abc", 3, 3},
		{"xilinx", "xilnx", 2, 1}, {"a", "abcdef", 2, 3}, {"abcdef", "a", 2, 3},
	} {
		if got := EditDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}
