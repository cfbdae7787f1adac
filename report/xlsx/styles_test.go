package xlsx

import (
	"strings"
	"testing"
)

func TestShowsTime(t *testing.T) {
	for code, want := range map[string]bool{
		"m/d/yyyy h:mm": true, "yyyy-mm-dd hh:mm": true, "[h]:mm": true, "h:mm AM/PM": true,
		"m/d/yyyy": false, "mmmm d, yyyy": false, `"hours" 0`: false, `0.00\h`: false, "0.00;[Red]h": false, "[Red]0.00": false,
	} {
		if got := showsTime(code); got != want {
			t.Errorf("showsTime(%q) = %v", code, got)
		}
	}
	for id, want := range map[int]bool{14: false, 22: true, 18: true, 45: true, 49: false} {
		if got := builtinTime(id); got != want {
			t.Errorf("builtinTime(%d) = %v", id, got)
		}
	}
}

// TestAddXfs: a cell format is added as a copy of another with the number
// format changed, the count updated and every other byte kept, whatever the
// prefixes and the shape of the elements.
func TestAddXfs(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		add            []newXf
	}{
		{
			name: "plain",
			in:   `<?xml version="1.0"?><styleSheet xmlns="x"><fonts count="1"><font/></fonts><cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="1" applyNumberFormat="1"><alignment horizontal="left"/></xf></cellXfs><cellStyles/></styleSheet>`,
			add:  []newXf{{1, 22}, {0, 22}},
			want: `<?xml version="1.0"?><styleSheet xmlns="x"><fonts count="1"><font/></fonts><cellXfs count="4"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="1" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="22" fontId="1" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="22" fontId="0" applyNumberFormat="1"/></cellXfs><cellStyles/></styleSheet>`,
		},
		{
			name: "prefixed, no count, no numFmtId",
			in:   `<x:styleSheet xmlns:x="x"><x:cellXfs><x:xf fontId='2' /></x:cellXfs></x:styleSheet>`,
			add:  []newXf{{0, 22}},
			want: `<x:styleSheet xmlns:x="x"><x:cellXfs count="2"><x:xf fontId='2' /><x:xf fontId='2' numFmtId="22" applyNumberFormat="1"/></x:cellXfs></x:styleSheet>`,
		},
		{
			// the cellStyleXfs' xf elements are not the cell formats
			name: "cellStyleXfs first",
			in:   `<styleSheet><cellStyleXfs count="1"><xf numFmtId="3"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" xfId="0"/></cellXfs></styleSheet>`,
			add:  []newXf{{0, 22}},
			want: `<styleSheet><cellStyleXfs count="1"><xf numFmtId="3"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="22" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := addXfs([]byte(tc.in), tc.add)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
	for _, bad := range []string{`<styleSheet><cellXfs count="0"/></styleSheet>`, `<styleSheet></styleSheet>`} {
		if _, err := addXfs([]byte(bad), []newXf{{0, 22}}); err == nil || !strings.Contains(err.Error(), "cell formats") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
