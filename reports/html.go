package reports

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
)

//go:embed templates/*.html.tmpl
var templateFS embed.FS

// templates holds the report and matrix pages. html/template escapes every value
// by context, so a server's message can never become markup in a report.
var templates = template.Must(template.New("").Funcs(template.FuncMap{"verdicts": Verdicts}).ParseFS(templateFS, "templates/*.html.tmpl"))

// WriteHTML writes the run as one self-contained HTML page: inline CSS and JS, no
// network, every result readable without JS; JS only adds the filters (issue 4).
func WriteHTML(w io.Writer, r *Run) error {
	if r == nil {
		return fmt.Errorf("reports: html: nil run")
	}
	if err := templates.ExecuteTemplate(w, "report.html.tmpl", newHTMLView(r)); err != nil {
		return fmt.Errorf("reports: html: %w", err)
	}
	return nil
}

type htmlView struct {
	Run            *Run
	Verdict        Verdict
	Started        string
	Duration       string
	Summary        []summaryRow
	TotalScenarios int
	TotalRules     int
	Attention      []ruleView
	Sections       []sectionView
	Capabilities   []string
}

type summaryRow struct {
	Verdict          Verdict
	Scenarios, Rules int
}

type sectionView struct {
	ID, Title, Count string
	Rules            []ruleView
}

type ruleView struct {
	ID, Anchor, Statement, Description string
	Why                                string // why a skipped or expected-failure rule ended so, for its summary line
	Sources, Tags                      []string
	TagList                            string // rule and scenario tags, for the capability filter
	Verdict                            Verdict
	Open                               bool
	Count, Duration                    string
	Scenarios                          []scenarioView
}

type scenarioView struct {
	Name, URI, Duration string
	Line                int
	Tags                []string
	Verdict             Verdict
	Reason              []textSegment
	Steps               []stepView
	Failing             *stepView
}

type stepView struct {
	Keyword, Text, Status, Error, Duration string
	Line                                   int
}

// textSegment is a run of plain text or a URL, so reasons can link their
// references without building HTML by hand.
type textSegment struct {
	Text string
	URL  bool
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"']+[^\s<>"'.,;:)\]]`)

func segments(s string) []textSegment {
	var out []textSegment
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(s, -1) {
		if m[0] > last {
			out = append(out, textSegment{Text: s[last:m[0]]})
		}
		out = append(out, textSegment{Text: s[m[0]:m[1]], URL: true})
		last = m[1]
	}
	if last < len(s) {
		out = append(out, textSegment{Text: s[last:]})
	}
	return out
}

func newHTMLView(r *Run) htmlView {
	st, rt := r.Totals(), r.RuleTotals()
	v := htmlView{
		Run:            r,
		Verdict:        r.Verdict(),
		Started:        formatTime(r.Started),
		Duration:       formatDuration(r.Duration),
		TotalScenarios: st.Total(),
		TotalRules:     rt.Total(),
		Capabilities:   r.Capabilities(),
	}
	for _, vd := range Verdicts() {
		v.Summary = append(v.Summary, summaryRow{Verdict: vd, Scenarios: st.Count(vd), Rules: rt.Count(vd)})
	}
	uris := ruleURIs(r)
	for _, rule := range r.Attention() {
		v.Attention = append(v.Attention, newRuleView(rule, uris[rule]))
	}
	for _, s := range r.Sections() {
		sv := sectionView{ID: s.ID, Title: s.Title, Count: countLine(s.Totals(), "rule")}
		for _, rule := range s.Rules {
			sv.Rules = append(sv.Rules, newRuleView(rule, uris[rule]))
		}
		v.Sections = append(v.Sections, sv)
	}
	return v
}

// ruleURIs maps each rule to the feature file it was read from.
func ruleURIs(r *Run) map[*Rule]string {
	m := map[*Rule]string{}
	for fi := range r.Features {
		for ri := range r.Features[fi].Rules {
			m[&r.Features[fi].Rules[ri]] = r.Features[fi].URI
		}
	}
	return m
}

func newRuleView(rule *Rule, uri string) ruleView {
	verdict := rule.Verdict()
	rv := ruleView{
		ID:          rule.ID,
		Anchor:      "rule-" + rule.ID,
		Statement:   rule.Statement,
		Description: strings.TrimSpace(rule.Description),
		Sources:     rule.Sources,
		Tags:        rule.Tags,
		TagList:     strings.Join(rule.AllTags(), " "),
		Verdict:     verdict,
		Open:        verdict == Failed || verdict == UnexpectedPass,
		Count:       countLine(rule.Totals(), "scenario"),
		Duration:    formatDuration(rule.Duration()),
	}
	for i := range rule.Scenarios {
		s := &rule.Scenarios[i]
		sv := scenarioView{
			Name:     s.Name,
			URI:      uri,
			Line:     s.Line,
			Tags:     s.Tags,
			Verdict:  s.Verdict,
			Reason:   segments(reasonText(s)),
			Duration: formatDuration(s.Duration),
		}
		for _, st := range s.Steps {
			d := ""
			if st.Duration > 0 {
				d = formatDuration(st.Duration)
			}
			sv.Steps = append(sv.Steps, stepView{Keyword: st.Keyword, Text: st.Text, Status: st.Status, Error: st.Error, Duration: d, Line: st.Line})
		}
		if f := failingStep(s); f != nil {
			sv.Failing = &stepView{Keyword: f.Keyword, Text: f.Text, Status: f.Status, Error: f.Error, Line: f.Line}
		}
		rv.Scenarios = append(rv.Scenarios, sv)
	}
	if verdict == Skipped || verdict == ExpectedFailure {
		rv.Why = ruleWhy(rule, verdict)
	}
	return rv
}

// upassPrefix starts the reason the runner gives an unexpected pass; the page
// labels that reason itself, so the prefix would only repeat the label.
const upassPrefix = "known deviation now passes: "

func reasonText(s *Scenario) string {
	if s.Verdict == UnexpectedPass && len(s.Reason) > len(upassPrefix) && strings.EqualFold(s.Reason[:len(upassPrefix)], upassPrefix) {
		return s.Reason[len(upassPrefix):]
	}
	return s.Reason
}

// whyLimit bounds the reason shown on a collapsed rule's summary line; the whole
// reason, with its links, is in the rule's body.
const whyLimit = 160

// ruleWhy joins the distinct reasons of the rule's scenarios that ended with
// verdict, so a reader sees why a rule was skipped or is a known deviation
// without opening it (issue 4: "for a skip or an expected failure the reason").
func ruleWhy(rule *Rule, verdict Verdict) string {
	var reasons []string
	seen := map[string]bool{}
	for _, s := range rule.Scenarios {
		if s.Verdict != verdict || s.Reason == "" || seen[s.Reason] {
			continue
		}
		seen[s.Reason] = true
		reasons = append(reasons, strings.Join(strings.Fields(s.Reason), " "))
	}
	why := strings.Join(reasons, "; ")
	if r := []rune(why); len(r) > whyLimit {
		why = strings.TrimRight(string(r[:whyLimit-1]), " ;,") + "…"
	}
	return why
}

// countLine says how many items there are and how they ended, worst first,
// e.g. "3 scenarios: 1 failed, 2 passed".
func countLine(t Totals, noun string) string {
	n := t.Total()
	s := fmt.Sprintf("%d %s", n, noun)
	if n != 1 {
		s += "s"
	}
	var parts []string
	for _, v := range Verdicts() {
		if c := t.Count(v); c > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c, v.Label()))
		}
	}
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}
