package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ResultsFile is the name of the saved model in a results directory.
const ResultsFile = "results.json"

// formats maps each report format to its file name and renderer, in the order
// WriteAll writes them.
var formats = []struct {
	name, file string
	write      func(io.Writer, *Run) error
}{
	{"html", "report.html", WriteHTML},
	{"md", "report.md", WriteMarkdown},
	{"junit", "junit.xml", WriteJUnit},
	{"cucumber", "cucumber.json", WriteCucumberJSON},
}

// FormatNames lists the report formats WriteAll knows, in its order.
func FormatNames() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// ParseFormats splits a comma-separated format list such as "html,md" and
// checks each name; an empty list means every format.
func ParseFormats(list string) ([]string, error) {
	if strings.TrimSpace(list) == "" {
		return FormatNames(), nil
	}
	var out []string
	seen := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if !knownFormat(name) {
			return nil, fmt.Errorf("reports: unknown format %q (known: %s)", name, strings.Join(FormatNames(), ","))
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out, nil
}

func knownFormat(name string) bool {
	for _, f := range formats {
		if f.name == name {
			return true
		}
	}
	return false
}

// WriteAll writes results.json and the report of each named format (html:
// report.html, md: report.md, junit: junit.xml, cucumber: cucumber.json) into
// dir, creating dir if needed.
func WriteAll(dir string, r *Run, names []string) error {
	for _, n := range names {
		if !knownFormat(n) {
			return fmt.Errorf("reports: unknown format %q (known: %s)", n, strings.Join(FormatNames(), ","))
		}
	}
	if err := Save(dir, r); err != nil {
		return err
	}
	for _, f := range formats {
		if !contains(names, f.name) {
			continue
		}
		if err := writeFile(filepath.Join(dir, f.file), func(w io.Writer) error { return f.write(w, r) }); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// writeFile renders into path through a buffer, so a renderer's error leaves
// no half-written report behind.
func writeFile(path string, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return fmt.Errorf("reports: rendering %s: %w", filepath.Base(path), err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	return nil
}

// Save writes the model as dir/results.json, the input of `kmsconform report`.
func Save(dir string, r *Run) error {
	if r == nil {
		return errors.New("reports: save: nil run")
	}
	return writeFile(filepath.Join(dir, ResultsFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	})
}

// Load reads dir/results.json strictly: an unknown field, trailing data, an
// unknown verdict or step status, or a run without an ID is an error.
func Load(dir string) (*Run, error) {
	path := filepath.Join(dir, ResultsFile)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	defer f.Close()
	r, err := decodeRun(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("reports: %s: %w", path, err)
	}
	return r, nil
}

func decodeRun(rd io.Reader) (*Run, error) {
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	var r Run
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the run")
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

var stepStatuses = map[string]bool{
	"passed": true, "failed": true, "skipped": true, "undefined": true, "pending": true, "ambiguous": true,
}

// validate checks what the renderers rely on: an ID, known verdicts and step
// statuses, rule IDs present.
func (r *Run) validate() error {
	if r.ID == "" {
		return errors.New("run has no id")
	}
	for _, f := range r.Features {
		for _, rule := range f.Rules {
			if rule.ID == "" {
				return fmt.Errorf("feature %q: rule without id", f.URI)
			}
			for _, s := range rule.Scenarios {
				if s.Verdict.rank() < 0 {
					return fmt.Errorf("rule %s, scenario %q: unknown verdict %q", rule.ID, s.Name, s.Verdict)
				}
				for _, st := range s.Steps {
					if !stepStatuses[st.Status] {
						return fmt.Errorf("rule %s, scenario %q, line %d: unknown step status %q", rule.ID, s.Name, st.Line, st.Status)
					}
				}
			}
		}
	}
	return nil
}
