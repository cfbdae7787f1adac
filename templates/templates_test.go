package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestAllIsEveryTemplate: All lists every .xlsx in this folder, by name, with
// its bytes, in name order: a template added here is exported and released.
func TestAllIsEveryTemplate(t *testing.T) {
	files, err := filepath.Glob("*.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	all := All()
	if len(all) != len(files) {
		t.Fatalf("All lists %d templates, the folder holds %q", len(all), files)
	}
	for i, f := range all {
		if f.Name != files[i] {
			t.Errorf("All()[%d] is %s, want %s", i, f.Name, files[i])
			continue
		}
		disk, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(disk, f.Data) {
			t.Errorf("%s: the bytes listed are not the file's", f.Name)
		}
	}
}
