package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// The JUnit document follows the Apache Ant schema that Jenkins and the GitHub
// and GitLab test reporters accept (https://github.com/windyroad/JUnit-Schema,
// JUnit.xsd; a restatement is in testdata/junit/JUnit.xsd). That schema is
// strict: <testsuites> has no attributes, each <testsuite> inside it needs id
// and package, holds exactly one <properties> and ends with <system-out> and
// <system-err>, and a <testcase> holds at most one of skipped, error, failure
// and nothing else.
//
// Verdicts map as follows:
//   - passed: a bare <testcase>.
//   - failed: <failure type="failed"> (the failing step's status, "failed")
//     with the step's error as message and the step and error as text; a
//     scenario failed by an undefined, pending or ambiguous step is an <error>
//     of that type instead, as godog's own junit formatter does, since the
//     suite, not the server, is at fault.
//   - skipped: <skipped message="reason"/>.
//   - expected failure: a bare <testcase>, so that a known deviation does not
//     turn CI red; the note (reason, failing step and error) goes into the
//     suite's <system-out>, the only place the schema allows free text outside
//     a failure.
//   - unexpected pass: a bare <testcase> with a note in <system-out>; under
//     --strict it is a <failure type="unexpected-pass">, as design.md says.

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitSkipped `xml:"skipped"`
	Error     *junitProblem `xml:"error"`
	Failure   *junitProblem `xml:"failure"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// junitSeconds is a duration as the schema's xs:decimal seconds.
func junitSeconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteJUnit writes the run as JUnit XML: a <testsuite> per feature inside
// <testsuites>, a <testcase> per scenario whose classname is the rule ID.
func WriteJUnit(w io.Writer, r *Run) error {
	if r == nil {
		return fmt.Errorf("reports: junit: nil run")
	}
	doc := junitSuites{}
	host := "localhost"
	if u, err := url.Parse(r.Target.Endpoint); err == nil && u.Hostname() != "" {
		// The schema's hostname is where the tests ran; what a reader of this
		// report needs is which server they ran against, so it names that.
		host = u.Hostname()
	}
	props := []junitProperty{
		{"kmsconform.run-id", r.ID},
		{"kmsconform.version", r.Version},
		{"kmsconform.target.endpoint", r.Target.Endpoint},
		{"kmsconform.target.profile", r.Target.Profile},
		{"kmsconform.target.region", r.Target.Region},
		{"kmsconform.target.server", r.Target.Server},
		{"kmsconform.target.capabilities", strings.Join(r.Target.Capabilities, " ")},
		{"kmsconform.seed", fmt.Sprint(r.Seed)},
		{"kmsconform.tags", r.Tags},
		{"kmsconform.strict", fmt.Sprint(r.Strict)},
	}
	for fi := range r.Features {
		f := &r.Features[fi]
		name := f.Name
		if strings.TrimSpace(name) == "" {
			name = f.URI // the schema's name is a non-empty token
		}
		suite := junitSuite{
			Name:       name,
			Package:    f.URI,
			ID:         fi,
			Timestamp:  r.Started.UTC().Format("2006-01-02T15:04:05"), // no zone: the schema's pattern forbids it
			Hostname:   host,
			Properties: props,
		}
		var notes strings.Builder
		var total time.Duration
		for ri := range f.Rules {
			rule := &f.Rules[ri]
			names := map[string]int{}
			for _, s := range rule.Scenarios {
				names[s.Name]++
			}
			for si := range rule.Scenarios {
				s := &rule.Scenarios[si]
				total += s.Duration
				tc := junitCase{Name: s.Name, Classname: rule.ID, Time: junitSeconds(s.Duration)}
				if names[s.Name] > 1 {
					// Outline rows share a name; the line keeps test cases apart.
					tc.Name = fmt.Sprintf("%s (line %d)", s.Name, s.Line)
				}
				fail := failingStep(s)
				switch s.Verdict {
				case Failed:
					tc.Failure = &junitProblem{Type: "failed", Message: "scenario failed"}
					if fail != nil {
						p := &junitProblem{Type: fail.Status, Message: firstNonEmpty(fail.Error, "step "+fail.Status),
							Text: strings.TrimSpace("Step: " + stepRef(f.URI, fail) + "\n" + fail.Error)}
						if fail.Status == "failed" {
							tc.Failure = p
						} else {
							tc.Failure, tc.Error = nil, p
						}
					}
				case Skipped:
					tc.Skipped = &junitSkipped{Message: firstNonEmpty(s.Reason, "skipped")}
				case ExpectedFailure:
					fmt.Fprintf(&notes, "EXPECTED FAILURE %s %q: %s\n", rule.ID, tc.Name, s.Reason)
					if fail != nil {
						fmt.Fprintf(&notes, "  step: %s\n  error: %s\n", stepRef(f.URI, fail), fail.Error)
					}
				case UnexpectedPass:
					if r.Strict {
						tc.Failure = &junitProblem{Type: "unexpected-pass",
							Message: "a known deviation now passes: " + s.Reason,
							Text:    "The target profile lists this scenario as a known deviation, but it passed; under --strict that fails the run.\nReason given: " + s.Reason}
					} else {
						fmt.Fprintf(&notes, "UNEXPECTED PASS %s %q: a known deviation now passes: %s\n", rule.ID, tc.Name, s.Reason)
					}
				}
				suite.Tests++
				switch {
				case tc.Failure != nil:
					suite.Failures++
				case tc.Error != nil:
					suite.Errors++
				case tc.Skipped != nil:
					suite.Skipped++
				}
				suite.Cases = append(suite.Cases, tc)
			}
		}
		suite.Time = junitSeconds(total)
		suite.SystemOut = notes.String()
		doc.Suites = append(doc.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("reports: junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("reports: junit: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("reports: junit: %w", err)
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
