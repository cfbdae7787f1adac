package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCertificateTemplate: the committed template is what the builder makes, and
// every sheet prints on Letter with "Page X of Y" and the §6 marking; the
// certificate page fits one portrait page.
func TestCertificateTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "certificate.xlsx")
	certificate(path)
	made, _ := os.ReadFile(path)
	committed, err := os.ReadFile(filepath.Join("..", "..", "templates", "certificate.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(made, committed) {
		t.Error("templates/certificate.xlsx is stale: run go run ./cmd/mktemplates")
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Certificate", "Schedule A", "Schedule A-1", "Schedule B", "Schedule B-1", "Schedule C", "Chart", "Audit"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sheets %q", got)
	}
	for _, sh := range want {
		hf, err := f.GetHeaderFooter(sh)
		if err != nil || !strings.Contains(hf.OddFooter, "Page &P of &N") || !strings.Contains(hf.OddFooter, "Confidential: Supplier Agreement §6") {
			t.Errorf("%s footer %+v", sh, hf)
		}
		pl, err := f.GetPageLayout(sh)
		if err != nil || pl.Size == nil || *pl.Size != 1 {
			t.Errorf("%s is not set to Letter", sh)
		}
	}
	pl, _ := f.GetPageLayout("Certificate")
	if *pl.Orientation != "portrait" || *pl.FitToWidth != 1 || *pl.FitToHeight != 1 {
		t.Errorf("certificate page layout %s %d x %d, want portrait fit to 1 x 1", *pl.Orientation, *pl.FitToWidth, *pl.FitToHeight)
	}
	found := false
	for _, dn := range f.GetDefinedName() {
		found = found || dn.Name == "_xlnm.Print_Area" && dn.Scope == "Certificate"
	}
	if !found {
		t.Error("the certificate has no print area")
	}
}
