package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// The types below restate godog v0.16.0's cucumber formatter output types
// (internal/formatters/fmt_cucumber.go: CukeFeatureJSON, cukeElement, cukeStep,
// cukeResult, ...) independently of cucumber.go, so a field renamed there shows
// up here as an unknown or missing field.
type godogFeature struct {
	URI         string `json:"uri"`
	ID          string `json:"id"`
	Keyword     string `json:"keyword"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Line        int    `json:"line"`
	Comments    []struct {
		Value string `json:"value"`
		Line  int    `json:"line"`
	} `json:"comments"`
	Tags     []godogTag     `json:"tags"`
	Elements []godogElement `json:"elements"`
}

type godogTag struct {
	Name string `json:"name"`
	Line int    `json:"line"`
}

type godogElement struct {
	ID          string      `json:"id"`
	Keyword     string      `json:"keyword"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Line        int         `json:"line"`
	Type        string      `json:"type"`
	Tags        []godogTag  `json:"tags"`
	Steps       []godogStep `json:"steps"`
}

type godogStep struct {
	Keyword   string `json:"keyword"`
	Name      string `json:"name"`
	Line      int    `json:"line"`
	Docstring *struct {
		Value       string `json:"value"`
		ContentType string `json:"content_type"`
		Line        int    `json:"line"`
	} `json:"doc_string"`
	Match struct {
		Location string `json:"location"`
	} `json:"match"`
	Result struct {
		Status   string `json:"status"`
		Error    string `json:"error_message"`
		Duration *int   `json:"duration"`
	} `json:"result"`
	Rows []struct {
		Cells []string `json:"cells"`
	} `json:"rows"`
	Embeddings []struct {
		Name     string `json:"name"`
		MimeType string `json:"mime_type"`
		Data     string `json:"data"`
	} `json:"embeddings"`
}

func TestCucumberRoundTrip(t *testing.T) {
	r := fixtureRun()
	var buf bytes.Buffer
	if err := WriteCucumberJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.DisallowUnknownFields()
	var got []godogFeature
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decoding into godog's cucumber types: %v", err)
	}
	if len(got) != len(r.Features) {
		t.Fatalf("%d features, want %d", len(got), len(r.Features))
	}
	ids := map[string]bool{}
	for fi, f := range got {
		mf := r.Features[fi]
		if f.URI != mf.URI || f.Name != mf.Name || f.ID != cukeID(mf.Name) || f.Keyword != "Feature" {
			t.Errorf("feature %d: %+v", fi, f)
		}
		var scenarios []Scenario
		var rules []string
		for _, rule := range mf.Rules {
			for _, s := range rule.Scenarios {
				scenarios = append(scenarios, s)
				rules = append(rules, rule.ID)
			}
		}
		if len(f.Elements) != len(scenarios) {
			t.Fatalf("%s: %d elements, want %d", f.URI, len(f.Elements), len(scenarios))
		}
		for ei, el := range f.Elements {
			s := scenarios[ei]
			if el.Type != "scenario" || el.Keyword != "Scenario" || el.Name != s.Name || el.Line != s.Line {
				t.Errorf("%s element %d: %+v", f.URI, ei, el)
			}
			if ids[el.ID] {
				t.Errorf("duplicate element id %q", el.ID)
			}
			ids[el.ID] = true
			if !strings.HasPrefix(el.ID, f.ID+";") {
				t.Errorf("element id %q does not start with the feature id", el.ID)
			}
			if !strings.Contains(el.Description, "Rule "+rules[ei]) || !strings.Contains(el.Description, string(s.Verdict)) {
				t.Errorf("element %q description %q lacks rule or verdict", el.Name, el.Description)
			}
			if len(el.Steps) != len(s.Steps) {
				t.Fatalf("element %q: %d steps, want %d", el.Name, len(el.Steps), len(s.Steps))
			}
			for si, st := range el.Steps {
				ms := s.Steps[si]
				status := ms.Status
				if s.Verdict == ExpectedFailure && ms.Status == "failed" {
					status = "skipped" // a known deviation does not fail CI; see cucumber.go
				}
				if st.Keyword != ms.Keyword || st.Name != ms.Text || st.Line != ms.Line || st.Result.Status != status {
					t.Errorf("element %q step %d: %+v, want %+v", el.Name, si, st, ms)
				}
				if ms.Error != "" && !strings.Contains(st.Result.Error, ms.Error) {
					t.Errorf("step %q: error_message %q lacks %q", st.Name, st.Result.Error, ms.Error)
				}
				hasDuration := st.Result.Duration != nil
				if want := status == "passed" || status == "failed"; hasDuration != want {
					t.Errorf("step %q (%s): duration present %v, want %v", st.Name, status, hasDuration, want)
				}
				if hasDuration && *st.Result.Duration != int(ms.Duration) {
					t.Errorf("step %q: duration %d, want %d", st.Name, *st.Result.Duration, ms.Duration)
				}
			}
		}
	}
}
