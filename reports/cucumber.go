package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// The cucumber JSON format is the one godog v0.16.0's "cucumber" formatter
// writes (internal/formatters/fmt_cucumber.go), itself modelled on Ruby
// cucumber's json formatter. The types below mirror godog's field for field.
//
// Where the model lacks what godog had, the choice is:
//   - a feature's line is 1 and a scenario's keyword "Scenario" (type "scenario");
//   - tag lines are not recorded, so every tag's line is the scenario's line;
//   - a step's match location is the step's own uri:line (godog names the Go
//     step definition there, which the model does not keep);
//   - the scenario's description carries its kmsconform verdict and reason,
//     since cucumber has no verdict for a known deviation;
//   - in an expected failure, the failed step is written as "skipped" with its
//     error kept in error_message, so that, as in the JUnit report, a known
//     deviation does not fail a CI job that reads this file.

type cukeFeature struct {
	URI         string        `json:"uri"`
	ID          string        `json:"id"`
	Keyword     string        `json:"keyword"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Line        int           `json:"line"`
	Comments    []cukeComment `json:"comments,omitempty"`
	Tags        []cukeTag     `json:"tags,omitempty"`
	Elements    []cukeElement `json:"elements,omitempty"`
}

type cukeComment struct {
	Value string `json:"value"`
	Line  int    `json:"line"`
}

type cukeTag struct {
	Name string `json:"name"`
	Line int    `json:"line"`
}

type cukeElement struct {
	ID          string     `json:"id"`
	Keyword     string     `json:"keyword"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Line        int        `json:"line"`
	Type        string     `json:"type"`
	Tags        []cukeTag  `json:"tags,omitempty"`
	Steps       []cukeStep `json:"steps,omitempty"`
}

type cukeStep struct {
	Keyword string     `json:"keyword"`
	Name    string     `json:"name"`
	Line    int        `json:"line"`
	Match   cukeMatch  `json:"match"`
	Result  cukeResult `json:"result"`
}

type cukeMatch struct {
	Location string `json:"location"`
}

type cukeResult struct {
	Status   string `json:"status"`
	Error    string `json:"error_message,omitempty"`
	Duration *int   `json:"duration,omitempty"`
}

// cukeID is godog's makeCukeID: lower case, spaces to dashes.
func cukeID(name string) string { return strings.ReplaceAll(strings.ToLower(name), " ", "-") }

// WriteCucumberJSON writes the run in the cucumber JSON format that godog's
// cucumber formatter writes and cucumber reporting tools read.
func WriteCucumberJSON(w io.Writer, r *Run) error {
	if r == nil {
		return fmt.Errorf("reports: cucumber: nil run")
	}
	out := make([]cukeFeature, 0, len(r.Features))
	for fi := range r.Features {
		f := &r.Features[fi]
		cf := cukeFeature{
			URI:         f.URI,
			ID:          cukeID(f.Name),
			Keyword:     "Feature",
			Name:        f.Name,
			Description: f.Description,
			Line:        1,
		}
		for ri := range f.Rules {
			rule := &f.Rules[ri]
			for si := range rule.Scenarios {
				s := &rule.Scenarios[si]
				el := cukeElement{
					// godog: feature ID ";" scenario ID; a rule's scenarios are
					// kept apart by the rule ID, outline rows by their line.
					ID:          fmt.Sprintf("%s;%s;%s;%d", cf.ID, cukeID(rule.ID), cukeID(s.Name), s.Line),
					Keyword:     "Scenario",
					Name:        s.Name,
					Description: cukeDescription(rule, s),
					Line:        s.Line,
					Type:        "scenario",
				}
				seen := map[string]bool{}
				for _, t := range append(append([]string{}, rule.Tags...), s.Tags...) {
					if !seen[t] {
						seen[t] = true
						el.Tags = append(el.Tags, cukeTag{Name: t, Line: s.Line})
					}
				}
				for _, st := range s.Steps {
					cs := cukeStep{
						Keyword: st.Keyword,
						Name:    st.Text,
						Line:    st.Line,
						Match:   cukeMatch{Location: fmt.Sprintf("%s:%d", f.URI, st.Line)},
						Result:  cukeResult{Status: st.Status, Error: st.Error},
					}
					if s.Verdict == ExpectedFailure && st.Status == "failed" {
						cs.Result.Status = "skipped"
						cs.Result.Error = "expected failure (" + s.Reason + "): " + st.Error
					}
					// godog leaves duration out for steps that did not run.
					switch cs.Result.Status {
					case "passed", "failed":
						d := int(st.Duration.Nanoseconds())
						cs.Result.Duration = &d
					}
					el.Steps = append(el.Steps, cs)
				}
				cf.Elements = append(cf.Elements, el)
			}
		}
		out = append(out, cf)
	}
	b, err := json.MarshalIndent(out, "", "    ")
	if err != nil {
		return fmt.Errorf("reports: cucumber: %w", err)
	}
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("reports: cucumber: %w", err)
	}
	return nil
}

func cukeDescription(rule *Rule, s *Scenario) string {
	d := "Rule " + rule.ID + ": " + rule.Statement + "\nkmsconform verdict: " + string(s.Verdict)
	if s.Reason != "" {
		d += " (" + s.Reason + ")"
	}
	return d
}
