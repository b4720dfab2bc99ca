package reports

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// xmlNode is a parsed element, enough to check a document against the schema.
type xmlNode struct {
	Name     string
	Attrs    map[string]string
	Children []*xmlNode
	Text     string
}

func parseXML(data []byte) (*xmlNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{Name: t.Name.Local, Attrs: map[string]string{}}
			if t.Name.Space != "" {
				return nil, fmt.Errorf("element %s has namespace %q", t.Name.Local, t.Name.Space)
			}
			for _, a := range t.Attr {
				n.Attrs[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("second root element %s", n.Name)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(t)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

// Lexical forms of the schema's simple types (XML Schema Part 2 §3.2.3, §3.3.17).
var (
	xsDecimal   = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
	xsTimestamp = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$`)
)

// attrRule is one attribute the schema allows on an element.
type attrRule struct {
	required bool
	kind     string // "string", "token1" (non-empty token), "int", "decimal", "timestamp"
}

// junitAttrs is the attribute allowlist of testdata/junit/JUnit.xsd, per element.
// skipped is xs:anyType there, so any attribute passes; only message is used.
var junitAttrs = map[string]map[string]attrRule{
	"testsuites": {},
	"testsuite": {
		"name": {true, "token1"}, "timestamp": {true, "timestamp"}, "hostname": {true, "token1"},
		"tests": {true, "int"}, "failures": {true, "int"}, "errors": {true, "int"},
		"skipped": {false, "int"}, "time": {true, "decimal"},
		"package": {true, "string"}, "id": {true, "int"}, // added by the testsuites wrapper
	},
	"properties": {},
	"property":   {"name": {true, "token1"}, "value": {true, "string"}},
	"testcase":   {"name": {true, "string"}, "classname": {true, "string"}, "time": {true, "decimal"}},
	"skipped":    {"message": {false, "string"}},
	"error":      {"message": {false, "string"}, "type": {true, "string"}},
	"failure":    {"message": {false, "string"}, "type": {true, "string"}},
	"system-out": {},
	"system-err": {},
}

func checkAttrs(n *xmlNode, path string) []string {
	var errs []string
	rules := junitAttrs[n.Name]
	for name, v := range n.Attrs {
		r, ok := rules[name]
		if !ok {
			errs = append(errs, fmt.Sprintf("%s: attribute %q not allowed", path, name))
			continue
		}
		switch r.kind {
		case "token1":
			if strings.TrimSpace(v) == "" {
				errs = append(errs, fmt.Sprintf("%s/@%s: empty", path, name))
			}
		case "int":
			if _, err := strconv.ParseInt(v, 10, 32); err != nil {
				errs = append(errs, fmt.Sprintf("%s/@%s=%q: not an xs:int", path, name, v))
			}
		case "decimal":
			if !xsDecimal.MatchString(v) {
				errs = append(errs, fmt.Sprintf("%s/@%s=%q: not an xs:decimal", path, name, v))
			}
		case "timestamp":
			if !xsTimestamp.MatchString(v) {
				errs = append(errs, fmt.Sprintf("%s/@%s=%q: not the schema's date-time pattern", path, name, v))
			}
		}
	}
	for name, r := range rules {
		if _, ok := n.Attrs[name]; r.required && !ok {
			errs = append(errs, fmt.Sprintf("%s: required attribute %q missing", path, name))
		}
	}
	return errs
}

func noChildren(n *xmlNode, path string) []string {
	if len(n.Children) > 0 {
		return []string{fmt.Sprintf("%s: child element %s not allowed", path, n.Children[0].Name)}
	}
	return nil
}

// validateJUnit checks a document against the element structure, attribute
// allowlist and types of testdata/junit/JUnit.xsd, and that the counts agree
// with the test cases.
func validateJUnit(data []byte) []string {
	root, err := parseXML(data)
	if err != nil {
		return []string{err.Error()}
	}
	if root.Name != "testsuites" {
		return []string{"root is " + root.Name + ", want testsuites"}
	}
	errs := checkAttrs(root, "testsuites")
	for i, s := range root.Children {
		path := fmt.Sprintf("testsuites/testsuite[%d]", i)
		if s.Name != "testsuite" {
			errs = append(errs, fmt.Sprintf("testsuites: child %s not allowed", s.Name))
			continue
		}
		errs = append(errs, checkAttrs(s, path)...)
		if s.Attrs["id"] != strconv.Itoa(i) {
			errs = append(errs, fmt.Sprintf("%s: id %q, want %d", path, s.Attrs["id"], i))
		}
		// Sequence: properties, testcase*, system-out, system-err.
		names := make([]string, len(s.Children))
		for j, c := range s.Children {
			names[j] = c.Name
		}
		seq := strings.Join(names, " ")
		if !regexp.MustCompile(`^properties( testcase)* system-out system-err$`).MatchString(seq) {
			errs = append(errs, fmt.Sprintf("%s: children %q, want properties testcase* system-out system-err", path, seq))
		}
		var tests, failures, errors, skipped int
		for _, c := range s.Children {
			cp := path + "/" + c.Name
			errs = append(errs, checkAttrs(c, cp)...)
			switch c.Name {
			case "properties":
				for _, p := range c.Children {
					if p.Name != "property" {
						errs = append(errs, fmt.Sprintf("%s: child %s not allowed", cp, p.Name))
						continue
					}
					errs = append(errs, checkAttrs(p, cp+"/property")...)
					errs = append(errs, noChildren(p, cp+"/property")...)
				}
			case "testcase":
				tests++
				if len(c.Children) > 1 {
					errs = append(errs, fmt.Sprintf("%s %q: %d outcome elements, want at most one", cp, c.Attrs["name"], len(c.Children)))
				}
				for _, o := range c.Children {
					switch o.Name {
					case "failure":
						failures++
					case "error":
						errors++
					case "skipped":
						skipped++
					default:
						errs = append(errs, fmt.Sprintf("%s: child %s not allowed", cp, o.Name))
						continue
					}
					errs = append(errs, checkAttrs(o, cp+"/"+o.Name)...)
					if o.Name != "skipped" {
						errs = append(errs, noChildren(o, cp+"/"+o.Name)...)
					}
				}
			case "system-out", "system-err":
				errs = append(errs, noChildren(c, cp)...)
			}
		}
		for attr, n := range map[string]int{"tests": tests, "failures": failures, "errors": errors, "skipped": skipped} {
			if v, ok := s.Attrs[attr]; ok && v != strconv.Itoa(n) {
				errs = append(errs, fmt.Sprintf("%s: %s=%s, but the suite has %d", path, attr, v, n))
			}
		}
	}
	return errs
}

func junitCases() []struct {
	name string
	run  *Run
} {
	strict := fixtureRun()
	strict.Strict = true
	unnamed := fixtureRun()
	unnamed.Features[0].Name = ""
	unnamed.Target.Endpoint = ""
	empty := fixtureRun()
	empty.Features = nil
	return []struct {
		name string
		run  *Run
	}{
		{"fixture", fixtureRun()},
		{"strict", strict},
		{"unnamed-feature-no-endpoint", unnamed},
		{"no-features", empty},
	}
}

func TestJUnitSchema(t *testing.T) {
	xmllint, lintErr := exec.LookPath("xmllint")
	for _, tc := range junitCases() {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJUnit(&buf, tc.run); err != nil {
				t.Fatal(err)
			}
			for _, e := range validateJUnit(buf.Bytes()) {
				t.Error(e)
			}
			if lintErr != nil {
				t.Skip("xmllint not on PATH (Debian libxml2-utils): checked against the Go allowlist only")
			}
			file := filepath.Join(t.TempDir(), "junit.xml")
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit", "JUnit.xsd"), file).CombinedOutput()
			if err != nil {
				t.Errorf("xmllint: %v\n%s", err, out)
			}
		})
	}
}

// TestJUnitValidatorRejects shows the Go check can fail: each document breaks
// one constraint of the schema.
func TestJUnitValidatorRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, fixtureRun()); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	tests := []struct{ name, old, new, want string }{
		{"testsuites-attribute", "<testsuites>", `<testsuites name="x">`, `attribute "name" not allowed`},
		{"missing-hostname", ` hostname="127.0.0.1"`, "", `required attribute "hostname" missing`},
		{"timestamp-with-zone", `timestamp="2026-11-20T09:30:00"`, `timestamp="2026-11-20T09:30:00Z"`, "date-time pattern"},
		{"wrong-count", `tests="5"`, `tests="6"`, "tests=6, but the suite has 5"},
		{"bad-decimal", `time="0.120"`, `time="120ms"`, "not an xs:decimal"},
		{"two-outcomes", `<skipped message="the target profile does not claim @hmac"></skipped>`,
			`<skipped message="x"></skipped><failure type="f"></failure>`, "want at most one"},
		{"failure-without-type", `type="failed"`, ``, `required attribute "type" missing`},
		{"system-out-missing", "<system-out></system-out>", "", "want properties testcase* system-out system-err"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(good, tt.old) {
				t.Fatalf("fixture lacks %q", tt.old)
			}
			bad := strings.Replace(good, tt.old, tt.new, 1)
			errs := validateJUnit([]byte(bad))
			if !strings.Contains(strings.Join(errs, "\n"), tt.want) {
				t.Errorf("errors %q do not mention %q", errs, tt.want)
			}
		})
	}
}

// TestJUnitVerdicts pins the mapping of verdicts to JUnit outcomes documented in junit.go.
func TestJUnitVerdicts(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			r := fixtureRun()
			r.Strict = strict
			var buf bytes.Buffer
			if err := WriteJUnit(&buf, r); err != nil {
				t.Fatal(err)
			}
			var doc junitSuites
			if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			outcome := map[string]string{} // classname/name -> outcome
			for _, s := range doc.Suites {
				for _, c := range s.Cases {
					o := "passed"
					switch {
					case c.Failure != nil:
						o = "failure:" + c.Failure.Type
					case c.Error != nil:
						o = "error:" + c.Error.Type
					case c.Skipped != nil:
						o = "skipped:" + c.Skipped.Message
					}
					outcome[c.Classname+"/"+c.Name] = o
				}
			}
			upass := "passed"
			if strict {
				upass = "failure:unexpected-pass"
			}
			want := map[string]string{
				"CREATE-001/A new EXTERNAL key waits for its material":  "passed",
				"CREATE-003/HMAC keys take imported material":           "skipped:the target profile does not claim @hmac",
				"IMPORT-004/A token for key A is refused for key B":     "failure:failed",
				"IMPORT-005/A refused import changes nothing":           "passed",
				"IMPORT-006/Import into an AWS_KMS key is refused":      upass,
				"IMPORT-006/Import into an AWS_CLOUDHSM key is refused": "error:undefined",
				"TOKEN-002/An expired token is refused (line 12)":       "passed",
				"TOKEN-002/An expired token is refused (line 19)":       "passed",
				"IMPORT-001/Import enables the key":                     "passed",
			}
			for k, w := range want {
				if outcome[k] != w {
					t.Errorf("%s: %q, want %q", k, outcome[k], w)
				}
			}
			if len(outcome) != len(want) {
				t.Errorf("%d test cases, want %d: %v", len(outcome), len(want), outcome)
			}
			out := doc.Suites[1].SystemOut
			if !strings.Contains(out, "EXPECTED FAILURE IMPORT-005") || !strings.Contains(out, "expected KeyState PendingImport, got Enabled") {
				t.Errorf("system-out lacks the expected failure's note:\n%s", out)
			}
			if got := strings.Contains(out, "UNEXPECTED PASS IMPORT-006"); got == strict {
				t.Errorf("system-out has the unexpected pass note: %v, want %v", got, !strict)
			}
		})
	}
}
