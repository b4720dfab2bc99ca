// Package reports holds the one results model of a kmsconform run and renders it
// as HTML, Markdown, JUnit XML and cucumber JSON, and as a matrix of several runs.
//
// Renderers read only this model; none re-parses another renderer's output. The
// model never holds key material, plaintext, tokens or private keys: steps record
// what was expected and what the server answered (codes, messages, field values).
//
// The formats follow: the JUnit XML of the [Apache Ant JUnit schema] that Jenkins
// and the GitHub and GitLab test reporters accept (restated in
// testdata/junit/JUnit.xsd), and the cucumber JSON that [godog]'s cucumber
// formatter writes. What each report carries is the project's issue 4; the
// verdicts are those of its design ("Verdicts").
//
// There is no Cucumber Messages NDJSON output. No Go library writes that
// stream: [cucumber/messages/go] (already a dependency, through godog) holds
// only the message types, an ID generator and time conversions, and godog has
// no messages formatter. A valid stream needs each feature's GherkinDocument and
// Pickles with their AST node IDs, which TestCase and TestStep messages refer
// to; this model, fed by godog's formatter events, keeps URIs and lines, not
// those IDs. The cucumber JSON is what the cucumber reporting tools read.
//
// [Apache Ant JUnit schema]: https://github.com/windyroad/JUnit-Schema/blob/master/JUnit.xsd
// [godog]: https://github.com/cucumber/godog/blob/v0.16.0/internal/formatters/fmt_cucumber.go
// [cucumber/messages/go]: https://github.com/cucumber/messages/tree/main/go
package reports

import "time"

// Verdict is the outcome of a scenario, a rule or a run (design.md "Verdicts").
type Verdict string

// The verdicts, in the order a report sorts them (worst first).
const (
	Failed          Verdict = "failed"
	UnexpectedPass  Verdict = "unexpected-pass"
	ExpectedFailure Verdict = "expected-failure"
	Skipped         Verdict = "skipped"
	Passed          Verdict = "passed"
)

// Run is one run of the suite against one target.
type Run struct {
	ID       string    `json:"id"`      // run ID, also the kmsconform:run-id tag value
	Version  string    `json:"version"` // kmsconform version
	Target   Target    `json:"target"`
	Started  time.Time `json:"started"`
	Duration Duration  `json:"duration"`
	Seed     int64     `json:"seed"`           // godog randomization seed
	Tags     string    `json:"tags,omitempty"` // tag expression the run used
	Strict   bool      `json:"strict,omitempty"`
	Features []Feature `json:"features"`
}

// Target describes what the run talked to.
type Target struct {
	Endpoint     string   `json:"endpoint"`
	Profile      string   `json:"profile"`
	Region       string   `json:"region"`
	Server       string   `json:"server,omitempty"` // server identity if it tells (e.g. a Server header)
	Capabilities []string `json:"capabilities"`
}

// Feature is one .feature file: one catalogue section.
type Feature struct {
	Name        string `json:"name"`
	URI         string `json:"uri"`     // e.g. features/import.feature
	Section     string `json:"section"` // catalogue section prefix, e.g. IMPORT
	Description string `json:"description,omitempty"`
	Rules       []Rule `json:"rules"`
}

// Rule is one catalogued rule and its scenarios.
type Rule struct {
	ID          string     `json:"id"`        // e.g. IMPORT-004
	Statement   string     `json:"statement"` // the one-line statement after the ID
	Description string     `json:"description,omitempty"`
	Sources     []string   `json:"sources,omitempty"` // URLs found in the description
	Tags        []string   `json:"tags,omitempty"`
	Scenarios   []Scenario `json:"scenarios"`
}

// Scenario is one executed scenario (one row of an outline is one scenario).
type Scenario struct {
	Name     string   `json:"name"`
	Line     int      `json:"line"`
	Tags     []string `json:"tags,omitempty"`
	Verdict  Verdict  `json:"verdict"`
	Reason   string   `json:"reason,omitempty"` // why skipped, or the known deviation's reason and link
	Duration Duration `json:"duration"`
	Steps    []Step   `json:"steps"`
}

// Step is one executed step.
type Step struct {
	Keyword  string   `json:"keyword"` // "Given ", "When ", ...
	Text     string   `json:"text"`
	Line     int      `json:"line"`
	Status   string   `json:"status"`          // passed, failed, skipped, undefined, pending
	Error    string   `json:"error,omitempty"` // what was expected and what the server answered
	Duration Duration `json:"duration"`
}

// Duration is a time.Duration that serialises as nanoseconds.
type Duration = time.Duration
