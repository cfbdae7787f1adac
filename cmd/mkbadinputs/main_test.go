package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var committed = filepath.Join("..", "..", "testdata", "bad")

// TestCorpusIsCurrent checks that testdata/bad holds exactly what the generator
// writes (run `go run ./cmd/mkbadinputs` after changing a case).
func TestCorpusIsCurrent(t *testing.T) {
	files, err := corpus(committed)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(committed, name))
		if err != nil {
			t.Errorf("%s: %v (go run ./cmd/mkbadinputs)", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output (go run ./cmd/mkbadinputs)", name)
		}
	}
	entries, _ := os.ReadDir(committed)
	folders := map[string]bool{}
	for _, c := range folderCases {
		folders[c.name] = true
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() {
			// a CSV folder: each of its files is the generator's
			inner, _ := os.ReadDir(filepath.Join(committed, n))
			for _, f := range inner {
				if _, ok := files[n+"/"+f.Name()]; !ok {
					t.Errorf("%s/%s is not written by the generator: remove it", n, f.Name())
				}
			}
			if !folders[n] {
				t.Errorf("%s/ is not a case of the generator: remove it", n)
			}
			continue
		}
		base := strings.TrimSuffix(strings.TrimSuffix(n, ".golden"), filepath.Ext(strings.TrimSuffix(n, ".golden")))
		if _, ok := files[n]; !ok && !strings.HasSuffix(n, ".golden") {
			t.Errorf("%s is not written by the generator: remove it", n)
		}
		if strings.HasSuffix(n, ".golden") {
			if _, ok := files[base+".xlsx"]; !ok && !folders[base] {
				t.Errorf("%s has no input: remove it", n)
			}
		}
	}
	if n := len(cases); n < 40 {
		t.Errorf("%d cases, want at least 40", n)
	}
}

// TestCorpusFiles checks that the hostile files are what they claim to be.
func TestCorpusFiles(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(committed, name+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	// the zip bomb is small on disk and declares 1 GB for each of four sheets
	bomb := read("zip-bomb")
	if len(bomb) > 2<<20 {
		t.Errorf("zip-bomb.xlsx is %d bytes on disk", len(bomb))
	}
	zr, err := zip.NewReader(bytes.NewReader(bomb), int64(len(bomb)))
	if err != nil {
		t.Fatal(err)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	if total < 4<<30 {
		t.Errorf("zip-bomb.xlsx expands to %d bytes, want over 4 GB", total)
	}
	// and it really expands that far: inflate one sheet, counting
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		if testing.Short() {
			break
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 1<<20)
		var n uint64
		for {
			k, err := rc.Read(buf)
			n += uint64(k)
			if err != nil {
				break
			}
		}
		rc.Close()
		if n != f.UncompressedSize64 || n < 1<<30 {
			t.Errorf("sheet1.xml expands to %d bytes, declares %d", n, f.UncompressedSize64)
		}
	}
	if !encryptedOK(read("encrypted")) {
		t.Error("encrypted.xlsx does not open with its password")
	}
	if x := read("xls-renamed"); !bytes.HasPrefix(x, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		t.Error("xls-renamed.xlsx is not an OLE file")
	}
}
