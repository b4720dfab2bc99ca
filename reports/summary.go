package reports

import (
	"fmt"
	"strings"
	"time"
)

// verdictOrder is the sort order of verdicts, worst first; it matches the order
// of the constants in model.go.
var verdictOrder = [...]Verdict{Failed, UnexpectedPass, ExpectedFailure, Skipped, Passed}

// Verdicts returns every verdict, worst first.
func Verdicts() []Verdict { return verdictOrder[:] }

// rank is the position of v in verdictOrder, or -1 when v is not a verdict.
func (v Verdict) rank() int {
	for i, w := range verdictOrder {
		if v == w {
			return i
		}
	}
	return -1
}

// Label is the verdict as a reader sees it ("expected failure", not "expected-failure").
func (v Verdict) Label() string { return strings.ReplaceAll(string(v), "-", " ") }

// worse reports whether v is worse than w.
func (v Verdict) worse(w Verdict) bool { return v.rank() < w.rank() }

// Totals counts scenarios or rules per verdict.
type Totals struct {
	counts [len(verdictOrder)]int
}

// Count is the number counted with verdict v.
func (t Totals) Count(v Verdict) int {
	if i := v.rank(); i >= 0 {
		return t.counts[i]
	}
	return 0
}

// Total is the number counted, all verdicts together.
func (t Totals) Total() int {
	n := 0
	for _, c := range t.counts {
		n += c
	}
	return n
}

func (t *Totals) add(v Verdict) {
	if i := v.rank(); i >= 0 {
		t.counts[i]++
	}
}

// Verdict is the worst verdict of the rule's scenarios (issue 4); a rule without
// scenarios ran nothing, so it counts as skipped.
func (r *Rule) Verdict() Verdict {
	if len(r.Scenarios) == 0 {
		return Skipped
	}
	worst := Passed
	for _, s := range r.Scenarios {
		if s.Verdict.worse(worst) {
			worst = s.Verdict
		}
	}
	return worst
}

// Totals counts the rule's scenarios per verdict.
func (r *Rule) Totals() Totals {
	var t Totals
	for _, s := range r.Scenarios {
		t.add(s.Verdict)
	}
	return t
}

// Duration is the time the rule's scenarios took together.
func (r *Rule) Duration() time.Duration {
	var d time.Duration
	for _, s := range r.Scenarios {
		d += s.Duration
	}
	return d
}

// Section is the catalogue section a rule ID belongs to: the part before the
// dash ("IMPORT" for IMPORT-004), as rules.md defines IDs.
func (r *Rule) Section() string {
	if i := strings.LastIndexByte(r.ID, '-'); i > 0 {
		return r.ID[:i]
	}
	return r.ID
}

// AllTags is the rule's tags and its scenarios' tags, each once, in first-seen order.
func (r *Rule) AllTags() []string {
	var tags []string
	seen := map[string]bool{}
	add := func(ts []string) {
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				tags = append(tags, t)
			}
		}
	}
	add(r.Tags)
	for _, s := range r.Scenarios {
		add(s.Tags)
	}
	return tags
}

// Totals counts the run's scenarios per verdict.
func (r *Run) Totals() Totals {
	var t Totals
	for fi := range r.Features {
		for ri := range r.Features[fi].Rules {
			for _, s := range r.Features[fi].Rules[ri].Scenarios {
				t.add(s.Verdict)
			}
		}
	}
	return t
}

// RuleTotals counts the run's rules per verdict (each rule's worst scenario).
func (r *Run) RuleTotals() Totals {
	var t Totals
	for fi := range r.Features {
		for ri := range r.Features[fi].Rules {
			t.add(r.Features[fi].Rules[ri].Verdict())
		}
	}
	return t
}

// Verdict is the worst verdict of the run's scenarios, except that skips do not
// count once a scenario ran: a run whose target lacks some capabilities but
// passes everything else passed (design.md "Verdicts": a skip is no failure),
// and a headline or a matrix column saying "skipped" would hide that. A run in
// which nothing ran counts as skipped.
func (r *Run) Verdict() Verdict {
	t := r.Totals()
	for _, v := range verdictOrder {
		if v != Skipped && t.Count(v) > 0 {
			return v
		}
	}
	return Skipped
}

// Label names the run's target in a matrix column or a directory: the profile,
// or the endpoint when the run has no profile.
func (r *Run) Label() string {
	if r.Target.Profile != "" {
		return r.Target.Profile
	}
	if r.Target.Endpoint != "" {
		return r.Target.Endpoint
	}
	return r.ID
}

// Section is one catalogue section of a run and its rules, in run order.
type Section struct {
	ID    string  // the rule ID prefix, e.g. IMPORT
	Title string  // the feature's name when the feature is that section's file
	Rules []*Rule // pointers into the Run
}

// Totals counts the section's rules per verdict.
func (s *Section) Totals() Totals {
	var t Totals
	for _, r := range s.Rules {
		t.add(r.Verdict())
	}
	return t
}

// Sections groups the run's rules by catalogue section, in the order the
// sections first appear. Grouping is by rule ID, not by feature file, so a rule
// that sits in another section's file is still listed under its own section.
func (r *Run) Sections() []Section {
	var out []Section
	index := map[string]int{}
	for fi := range r.Features {
		f := &r.Features[fi]
		for ri := range f.Rules {
			rule := &f.Rules[ri]
			id := rule.Section()
			i, ok := index[id]
			if !ok {
				i = len(out)
				index[id] = i
				out = append(out, Section{ID: id, Title: id})
			}
			if f.Section == id && f.Name != "" {
				out[i].Title = f.Name
			}
			out[i].Rules = append(out[i].Rules, rule)
		}
	}
	return out
}

// Attention lists the rules a reader must look at first: failed ones, then
// unexpected passes, each group in run order.
func (r *Run) Attention() []*Rule {
	var out []*Rule
	for _, v := range []Verdict{Failed, UnexpectedPass} {
		for fi := range r.Features {
			for ri := range r.Features[fi].Rules {
				if rule := &r.Features[fi].Rules[ri]; rule.Verdict() == v {
					out = append(out, rule)
				}
			}
		}
	}
	return out
}

// Capabilities lists every tag the run's rules and scenarios carry, each once,
// in first-seen order; the HTML report filters by them.
func (r *Run) Capabilities() []string {
	var tags []string
	seen := map[string]bool{}
	for fi := range r.Features {
		for ri := range r.Features[fi].Rules {
			for _, t := range r.Features[fi].Rules[ri].AllTags() {
				if !seen[t] {
					seen[t] = true
					tags = append(tags, t)
				}
			}
		}
	}
	return tags
}

// failingStep is the first step of s that did not pass or skip, or nil.
func failingStep(s *Scenario) *Step {
	for i := range s.Steps {
		switch s.Steps[i].Status {
		case "failed", "undefined", "pending", "ambiguous":
			return &s.Steps[i]
		}
	}
	return nil
}

// formatDuration rounds d for people: milliseconds below a minute, seconds above.
func formatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Minute:
		return d.Round(time.Millisecond).String()
	default:
		return d.Round(time.Second).String()
	}
}

// formatTime is the run's start time in UTC, to the second.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format(time.RFC3339)
}

// stepRef names a step as "Keyword text (uri:line)" for failure messages.
func stepRef(uri string, st *Step) string {
	ref := strings.TrimSpace(st.Keyword + st.Text)
	if st.Line > 0 {
		return fmt.Sprintf("%s (%s:%d)", ref, uri, st.Line)
	}
	return ref
}
