package oracle

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// Opening checks: would Excel open this workbook without offering to repair it,
// and would every other reader see what Excel sees (issue 15)? Two oracles:
//
//   - SchemaProblems validates every XML part of the package against the
//     ISO/IEC 29500-4:2016 Transitional schemas (vendored in testdata/xsd, see
//     its README), after markup-compatibility processing (ISO/IEC 29500-3) as a
//     consumer that understands only the standard's namespaces does it, with
//     xmllint (libxml2-utils);
//   - RuleProblems (excelrules.go) checks what Excel enforces beyond the
//     schemas: column, row and cell order, the dimension, style and
//     shared-string indexes, defined names, sheet names, merged ranges.
//
// OpensClean runs both and fails the test with every problem found.

// OpensClean fails the test with every schema and Excel-rule problem of the
// workbooks at paths (one line each).
func OpensClean(tb testing.TB, paths ...string) {
	tb.Helper()
	var probs []string
	probs = append(probs, SchemaProblems(tb, paths...)...)
	for _, p := range paths {
		probs = append(probs, RuleProblems(p)...)
	}
	if len(probs) > 0 {
		if len(probs) > 60 {
			probs = append(probs[:60], fmt.Sprintf("... and %d more", len(probs)-60))
		}
		tb.Errorf("%d problems opening %s:\n%s", len(probs), strings.Join(baseNames(paths), ", "), strings.Join(probs, "\n"))
	}
}

func baseNames(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, filepath.Base(p))
	}
	return out
}

// xsdDir is the vendored schema folder beside this file.
func xsdDir(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("oracle: cannot locate the vendored schemas")
	}
	return filepath.Join(filepath.Dir(file), "testdata", "xsd")
}

// Namespaces of the roots the schemas validate, and their schema files.
var partSchemas = map[string]string{
	"http://schemas.openxmlformats.org/spreadsheetml/2006/main":                 "ISO-IEC29500-4_2016/sml.xsd",
	"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing":       "ISO-IEC29500-4_2016/dml-spreadsheetDrawing.xsd",
	"http://schemas.openxmlformats.org/drawingml/2006/chart":                    "ISO-IEC29500-4_2016/dml-chart.xsd",
	"http://schemas.openxmlformats.org/drawingml/2006/chartDrawing":             "ISO-IEC29500-4_2016/dml-chartDrawing.xsd",
	"http://schemas.openxmlformats.org/drawingml/2006/main":                     "ISO-IEC29500-4_2016/dml-main.xsd",
	"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": "ISO-IEC29500-4_2016/shared-documentPropertiesExtended.xsd",
	"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties":   "ISO-IEC29500-4_2016/shared-documentPropertiesCustom.xsd",
	"http://schemas.openxmlformats.org/package/2006/content-types":              "opc/opc-contentTypes.xsd",
	"http://schemas.openxmlformats.org/package/2006/relationships":              "opc/opc-relationships.xsd",
	"http://schemas.openxmlformats.org/package/2006/metadata/core-properties":   "opc/opc-coreProperties.xsd",
}

const nsMC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

// understood are the namespaces a consumer of the base standard understands:
// under markup compatibility, anything else in an ignorable namespace is
// dropped, and an mc:Choice that requires anything else is skipped.
var understood = func() map[string]bool {
	m := map[string]bool{nsMC: true}
	for ns := range partSchemas {
		m[ns] = true
	}
	for _, ns := range []string{
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
		"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
		"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
		"http://schemas.openxmlformats.org/drawingml/2006/picture",
		"http://schemas.openxmlformats.org/drawingml/2006/diagram",
		"http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas",
		"http://www.w3.org/XML/1998/namespace",
		"http://www.w3.org/2001/XMLSchema-instance",
		"http://purl.org/dc/elements/1.1/",
		"http://purl.org/dc/terms/",
		"http://purl.org/dc/dcmitype/",
	} {
		m[ns] = true
	}
	return m
}()

// schemaArtifact matches errors of the schema set rather than of the file:
// sml.xsd types <t> as a simple type, so it allows no attribute, yet Excel
// writes <t xml:space="preserve"> for text with leading or trailing spaces (and
// XML 1.0 §2.10 lets any element carry xml:space).
var schemaArtifact = regexp.MustCompile(`Element '\{http://schemas.openxmlformats.org/spreadsheetml/2006/main\}t', attribute '\{http://www.w3.org/XML/1998/namespace\}space': The attribute .* is not allowed`)

// SchemaProblems validates every XML part of the workbooks at paths and returns
// one line per problem. It needs xmllint: missing, it skips the test (or fails
// it where oracles are required, as Require does).
func SchemaProblems(tb testing.TB, paths ...string) []string {
	tb.Helper()
	Require(tb, "xmllint")
	dir := xsdDir(tb)
	tmp := tb.TempDir()
	var probs []string
	type item struct{ book, part, file string }
	byXSD := map[string][]item{}
	for bi, p := range paths {
		name := filepath.Base(p)
		zr, err := zip.OpenReader(p)
		if err != nil {
			probs = append(probs, fmt.Sprintf("XSD %s: not a zip package: %v", name, err))
			continue
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
				continue
			}
			data, err := readZip(f)
			if err != nil {
				probs = append(probs, fmt.Sprintf("XSD %s %s: %v", name, f.Name, err))
				continue
			}
			out, root, mceProbs, err := processMCE(data)
			for _, m := range mceProbs {
				probs = append(probs, fmt.Sprintf("MCE %s %s: %s", name, f.Name, m))
			}
			if err != nil {
				probs = append(probs, fmt.Sprintf("XSD %s %s: not well-formed XML: %v", name, f.Name, err))
				continue
			}
			xsd, ok := partSchemas[root]
			if !ok {
				probs = append(probs, fmt.Sprintf("XSD %s %s: no schema for a root element in %s (not checked)", name, f.Name, root))
				continue
			}
			file := filepath.Join(tmp, fmt.Sprint(bi), filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				tb.Fatal(err)
			}
			if err := os.WriteFile(file, out, 0o644); err != nil {
				tb.Fatal(err)
			}
			byXSD[xsd] = append(byXSD[xsd], item{name, f.Name, file})
		}
		zr.Close()
	}
	xsds := make([]string, 0, len(byXSD))
	for x := range byXSD {
		xsds = append(xsds, x)
	}
	sort.Strings(xsds)
	line := regexp.MustCompile(`^(.*?):(\d+): (element \S+: )?Schemas validity (error|warning) : (.*)$`)
	for _, x := range xsds {
		items := byXSD[x]
		where := map[string]item{}
		args := []string{"--nonet", "--noout", "--huge", "--schema", filepath.Join(dir, filepath.FromSlash(x))}
		for _, it := range items {
			args = append(args, it.file)
			where[it.file] = it
		}
		cmd := exec.Command("xmllint", args...)
		cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "catalog.xml"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		failed := false
		for _, ln := range strings.Split(stderr.String(), "\n") {
			ln = strings.TrimSpace(ln)
			if ln == "" || strings.HasSuffix(ln, " validates") || strings.HasSuffix(ln, " fails to validate") || strings.Contains(ln, "Schemas parser warning") {
				continue
			}
			if m := line.FindStringSubmatch(ln); m != nil {
				if schemaArtifact.MatchString(m[5]) {
					continue
				}
				it := where[m[1]]
				probs = append(probs, fmt.Sprintf("XSD %s %s: %s%s", it.book, it.part, m[3], m[5]))
				failed = true
				continue
			}
			// a parser or schema message: say where it came from
			for f, it := range where {
				ln = strings.ReplaceAll(ln, f, it.book+" "+it.part)
			}
			probs = append(probs, "XSD "+ln)
			failed = true
		}
		if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 3) && !failed {
			// 3: a file failed to validate; anything else is a setup error
			probs = append(probs, fmt.Sprintf("XSD xmllint --schema %s: %v", x, err))
		}
	}
	return probs
}

func readZip(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, 2<<30))
}

// processMCE applies markup compatibility (ISO/IEC 29500-3) to a part as a
// consumer that understands only the namespaces in understood: elements and
// attributes of ignorable namespaces it does not understand are removed,
// mc:AlternateContent is replaced by its first mc:Choice whose Requires it
// understands (else by its mc:Fallback), and the mc: attributes go. It returns
// the processed XML, the namespace of the root element and the breaches of the
// markup-compatibility rules found.
func processMCE(data []byte) (out []byte, root string, probs []string, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	type frame struct {
		ignorable map[string]bool
		prefixes  map[string]string // prefix -> namespace, as declared in the input
		outNS     map[string]string // prefix -> namespace declared in the output ("" the default)
		drop      bool              // this element and what it holds are removed
		unwrap    bool              // the element is removed, its content kept (a chosen mc:Choice)
		ac        bool              // an mc:AlternateContent
		chosen    bool              // (ac) a branch was taken
	}
	stack := []*frame{{ignorable: map[string]bool{}, prefixes: map[string]string{"xml": "http://www.w3.org/XML/1998/namespace"}, outNS: map[string]string{}}}
	prefOf := map[string]string{} // namespace -> the prefix the input gives it
	gen := 0
	depth := 0
	for {
		tok, terr := d.Token()
		if terr == io.EOF {
			break
		}
		if terr != nil {
			return nil, root, probs, terr
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			f := &frame{ignorable: top.ignorable, prefixes: top.prefixes, outNS: top.outNS}
			if top.drop {
				f.drop = true
				stack = append(stack, f)
				continue
			}
			// the declarations and mc: attributes of this element
			var decls []xml.Attr
			copied := false
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					if !copied {
						f.prefixes, copied = copyMap(top.prefixes), true
					}
					f.prefixes[a.Name.Local] = a.Value
					if _, ok := prefOf[a.Value]; !ok {
						prefOf[a.Value] = a.Name.Local
					}
					decls = append(decls, a)
				}
			}
			for _, a := range t.Attr {
				if a.Name.Space == nsMC && a.Name.Local == "Ignorable" {
					f.ignorable = copySet(top.ignorable)
					for _, p := range strings.Fields(a.Value) {
						ns, ok := f.prefixes[p]
						if !ok {
							probs = append(probs, fmt.Sprintf("mc:Ignorable names prefix %q, which is not declared", p))
							continue
						}
						f.ignorable[ns] = true
					}
				}
			}
			if depth == 0 {
				root = t.Name.Space
			}
			depth++
			ns := t.Name.Space
			switch {
			case ns == nsMC && t.Name.Local == "AlternateContent":
				f.ac, f.unwrap = true, true
			case ns == nsMC && (t.Name.Local == "Choice" || t.Name.Local == "Fallback"):
				if !top.ac {
					probs = append(probs, fmt.Sprintf("mc:%s outside mc:AlternateContent", t.Name.Local))
					f.drop = true
					break
				}
				take := !top.chosen
				if take && t.Name.Local == "Choice" {
					for _, a := range t.Attr {
						if a.Name.Local == "Requires" && a.Name.Space == "" {
							for _, p := range strings.Fields(a.Value) {
								if rns, ok := f.prefixes[p]; !ok || !understood[rns] {
									take = false
								}
							}
						}
					}
				}
				if take {
					top.chosen, f.unwrap = true, true
				} else {
					f.drop = true
				}
			case !understood[ns] && f.ignorable[ns]:
				f.drop = true
			}
			stack = append(stack, f)
			if f.drop || f.unwrap {
				continue
			}
			// write the element: its name unprefixed in its namespace, its
			// attributes with the input's prefixes, declared where needed
			f.outNS = copyMap(top.outNS)
			var attrs strings.Builder
			declare := func(prefix, ns string) {
				if cur, ok := f.outNS[prefix]; ok && cur == ns {
					return
				}
				f.outNS[prefix] = ns
				if prefix == "" {
					attrs.WriteString(` xmlns="` + escapeAttr(ns) + `"`)
				} else {
					attrs.WriteString(` xmlns:` + prefix + `="` + escapeAttr(ns) + `"`)
				}
			}
			declare("", ns)
			for _, a := range decls {
				// QName values (xsi:type) need the input's own declarations
				if a.Name.Local != "" {
					declare(a.Name.Local, a.Value)
				}
			}
			var body strings.Builder
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns", a.Name.Space == "" && a.Name.Local == "xmlns", a.Name.Space == nsMC:
					continue
				case a.Name.Space == "":
					body.WriteString(" " + a.Name.Local + `="` + escapeAttr(a.Value) + `"`)
				case !understood[a.Name.Space] && f.ignorable[a.Name.Space]:
					continue
				default:
					p := "xml"
					if a.Name.Space != "http://www.w3.org/XML/1998/namespace" {
						var ok bool
						if p, ok = prefOf[a.Name.Space]; !ok || p == "" {
							gen++
							p = fmt.Sprintf("ns%d", gen)
							prefOf[a.Name.Space] = p
						}
						declare(p, a.Name.Space)
					}
					body.WriteString(" " + p + ":" + a.Name.Local + `="` + escapeAttr(a.Value) + `"`)
				}
			}
			b.WriteString("<" + t.Name.Local + attrs.String() + body.String() + ">")
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if top.drop || top.unwrap {
				continue
			}
			b.WriteString("</" + t.Name.Local + ">")
		case xml.CharData:
			if len(stack) == 1 || top.drop || top.ac {
				continue
			}
			xml.EscapeText(&b, t)
		case xml.Comment, xml.ProcInst, xml.Directive:
			if _, ok := t.(xml.Directive); ok {
				return nil, root, probs, fmt.Errorf("a <!DOCTYPE> or other directive, which a part never has")
			}
		}
	}
	return b.Bytes(), root, probs, nil
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func copySet(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func escapeAttr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
