package steps

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/kmsconform/kmsconform/reports"
)

// collector is the godog formatter that fills the reports model. With
// concurrency godog buffers a scenario's formatter calls and replays them when
// it ends, so the step durations come from the step hooks instead.
type collector struct {
	r     *runner
	total int

	mu      sync.Mutex
	docs    []*docIndex
	byURI   map[string]*docIndex
	pickles map[string]*pickleRec
	started map[string]time.Time     // pickle step ID -> start
	took    map[string]time.Duration // pickle step ID -> duration
	skipped map[string]string        // pickle step ID -> why a step skipped
	notes   map[string]*secretNotes  // pickle ID -> the scenario's secrets
	done    int
	failed  int
}

var _ formatters.Formatter = (*collector)(nil)

type docIndex struct {
	uri       string
	doc       *messages.GherkinDocument
	ruleOf    map[string]*messages.Rule // scenario AST ID -> its Rule (nil outside rules)
	scenarios map[string]*messages.Scenario
	steps     map[string]*messages.Step
	rows      map[string]*messages.TableRow
	pickles   []*pickleRec
}

type pickleRec struct {
	p        *messages.Pickle
	doc      *docIndex
	steps    map[string]*stepRec
	finished bool
	verdict  reports.Verdict
	reason   string
}

type stepRec struct {
	status string
	err    string
}

func newCollector(r *runner, total int) *collector {
	return &collector{
		r: r, total: total,
		byURI:   map[string]*docIndex{},
		pickles: map[string]*pickleRec{},
		started: map[string]time.Time{},
		took:    map[string]time.Duration{},
		skipped: map[string]string{},
		notes:   map[string]*secretNotes{},
	}
}

// secretsOf names the secrets of a scenario, which its step messages must not
// carry (redact.go).
func (c *collector) secretsOf(pickleID string, n *secretNotes) {
	c.mu.Lock()
	c.notes[pickleID] = n
	c.mu.Unlock()
}

func (c *collector) stepStarted(id string) {
	c.mu.Lock()
	c.started[id] = time.Now()
	c.mu.Unlock()
}

func (c *collector) stepEnded(id string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.started[id]; ok {
		c.took[id] = time.Since(t)
	}
	if err != nil && errors.Is(err, godog.ErrSkip) {
		c.skipped[id] = strings.TrimPrefix(strings.TrimPrefix(err.Error(), "before scenario hook failed: "), "skipped: ")
	}
}

// TestRunStarted implements formatters.Formatter.
func (c *collector) TestRunStarted() {}

// Feature indexes a feature's AST: which Rule each scenario belongs to, and
// the lines of steps and example rows.
func (c *collector) Feature(doc *messages.GherkinDocument, uri string, _ []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byURI[uri]; ok || doc.Feature == nil {
		return
	}
	d := &docIndex{uri: uri, doc: doc, ruleOf: map[string]*messages.Rule{}, scenarios: map[string]*messages.Scenario{},
		steps: map[string]*messages.Step{}, rows: map[string]*messages.TableRow{}}
	addScenario := func(sc *messages.Scenario, rule *messages.Rule) {
		d.ruleOf[sc.Id] = rule
		d.scenarios[sc.Id] = sc
		for _, st := range sc.Steps {
			d.steps[st.Id] = st
		}
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				d.rows[row.Id] = row
			}
		}
	}
	addBackground := func(bg *messages.Background) {
		for _, st := range bg.Steps {
			d.steps[st.Id] = st
		}
	}
	for _, ch := range doc.Feature.Children {
		switch {
		case ch.Background != nil:
			addBackground(ch.Background)
		case ch.Scenario != nil:
			addScenario(ch.Scenario, nil)
		case ch.Rule != nil:
			for _, rch := range ch.Rule.Children {
				if rch.Background != nil {
					addBackground(rch.Background)
				}
				if rch.Scenario != nil {
					addScenario(rch.Scenario, ch.Rule)
				}
			}
		}
	}
	c.docs = append(c.docs, d)
	c.byURI[uri] = d
}

// Pickle starts the record of one scenario (one outline row).
func (c *collector) Pickle(p *messages.Pickle) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.byURI[p.Uri]
	rec := &pickleRec{p: p, doc: d, steps: map[string]*stepRec{}}
	c.pickles[p.Id] = rec
	if d != nil {
		d.pickles = append(d.pickles, rec)
	}
	if len(p.Steps) == 0 {
		c.finish(rec)
	}
}

// Defined implements formatters.Formatter.
func (c *collector) Defined(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition) {}

// Failed implements formatters.Formatter.
func (c *collector) Failed(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition, err error) {
	c.step(p, st, "failed", err)
}

// Passed implements formatters.Formatter.
func (c *collector) Passed(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	c.step(p, st, "passed", nil)
}

// Skipped implements formatters.Formatter.
func (c *collector) Skipped(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	c.step(p, st, "skipped", nil)
}

// Undefined implements formatters.Formatter.
func (c *collector) Undefined(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	c.step(p, st, "undefined", fmt.Errorf("no step definition matches %q", st.Text))
}

// Pending implements formatters.Formatter.
func (c *collector) Pending(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	c.step(p, st, "pending", errors.New("step is pending"))
}

// Ambiguous implements formatters.Formatter.
func (c *collector) Ambiguous(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition, err error) {
	c.step(p, st, "ambiguous", err)
}

// Summary implements formatters.Formatter.
func (c *collector) Summary() {}

func (c *collector) step(p *messages.Pickle, st *messages.PickleStep, status string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, ok := c.pickles[p.Id]
	if !ok || rec.finished {
		return
	}
	sr := &stepRec{status: status}
	if err != nil {
		sr.err = c.notes[p.Id].redact(cleanError(err))
	}
	rec.steps[st.Id] = sr
	if len(rec.steps) == len(p.Steps) {
		c.finish(rec)
	}
}

// cleanError drops godog's wrapping prefixes, keeping what the step said.
func cleanError(err error) string {
	s := err.Error()
	for _, prefix := range []string{"after scenario hook failed: ", "step error: "} {
		s = strings.ReplaceAll(s, prefix, "")
	}
	return s
}

// finish decides the scenario's verdict (design.md "Verdicts") and reports
// progress. Called with c.mu held.
func (c *collector) finish(rec *pickleRec) {
	rec.finished = true
	ruleID := c.ruleID(rec)
	tags := pickleTagNames(rec.p)
	var firstErr string
	failed, skipped := len(rec.p.Steps) == 0, false
	if failed {
		firstErr = "scenario has no steps"
	}
	for _, st := range rec.p.Steps {
		sr := rec.steps[st.Id]
		switch sr.status {
		case "failed", "undefined", "pending", "ambiguous":
			if !failed {
				firstErr = sr.err
			}
			failed = true
		case "skipped":
			skipped = true
		}
	}
	switch reason := c.r.skipReason(tags); {
	case reason != "":
		rec.verdict, rec.reason = reports.Skipped, reason
	case failed:
		rec.verdict = reports.Failed
		if why, link, ok := c.r.profile.Deviation(ruleID, rec.p.Name); ok {
			rec.verdict, rec.reason = reports.ExpectedFailure, joinReason(why, link)
		}
	case skipped:
		rec.verdict, rec.reason = reports.Skipped, c.stepSkipReason(rec)
	default:
		rec.verdict = reports.Passed
		if why, link, ok := c.r.profile.Deviation(ruleID, rec.p.Name); ok {
			rec.verdict, rec.reason = reports.UnexpectedPass, "known deviation now passes: "+joinReason(why, link)
		}
	}
	c.done++
	switch {
	case rec.verdict == reports.Failed || (c.r.opts.Strict && rec.verdict == reports.UnexpectedPass):
		c.failed++
		msg := firstErr
		if msg == "" {
			msg = rec.reason
		}
		c.r.logf("[%d/%d] %s %s %q: %s", c.done, c.total, strings.ToUpper(string(rec.verdict)), ruleID, rec.p.Name, firstLine(msg))
	case c.done%25 == 0 || c.done == c.total:
		c.r.logf("[%d/%d] scenarios done, %d failed", c.done, c.total, c.failed)
	}
}

func (c *collector) stepSkipReason(rec *pickleRec) string {
	for _, st := range rec.p.Steps {
		if why := c.skipped[st.Id]; why != "" {
			return why
		}
	}
	return "a step skipped the scenario"
}

func joinReason(why, link string) string {
	if link == "" {
		return why
	}
	return why + " (" + link + ")"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func (c *collector) ruleID(rec *pickleRec) string {
	if rec.doc == nil {
		return noRule
	}
	id, _ := splitRule(rec.doc.ruleOf[rec.p.AstNodeIds[0]])
	return id
}

// noRule groups scenarios written outside any Rule (the coverage test in
// features/ forbids them, but a report must still show them).
const noRule = "NO-RULE"

var ruleLine = regexp.MustCompile(`^([A-Z]{2,10}-[0-9]{3})\s+(.*)$`)

// splitRule splits "CREATE-001 CreateKey with ..." into ID and statement.
func splitRule(r *messages.Rule) (id, statement string) {
	if r == nil {
		return noRule, "scenarios outside any Rule"
	}
	if m := ruleLine.FindStringSubmatch(strings.TrimSpace(r.Name)); m != nil {
		return m[1], m[2]
	}
	return noRule, r.Name
}

var urlPattern = regexp.MustCompile(`https?://[^\s)<>\]"']+`)

func pickleTagNames(p *messages.Pickle) []string {
	tags := make([]string, len(p.Tags))
	for i, t := range p.Tags {
		tags[i] = strings.TrimPrefix(t.Name, "@")
	}
	return tags
}

func tagNames(tags []*messages.Tag) []string {
	var out []string
	for _, t := range tags {
		out = append(out, t.Name)
	}
	return out
}

// features builds the model of the run: features in the order they ran, rules
// in file order, scenarios in file order (outline rows by line).
func (c *collector) features() []reports.Feature {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []reports.Feature
	docs := slices.Clone(c.docs)
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].uri < docs[j].uri })
	for _, d := range docs {
		f := reports.Feature{
			Name:        d.doc.Feature.Name,
			URI:         "features/" + strings.TrimPrefix(d.uri, "./"),
			Description: strings.TrimSpace(d.doc.Feature.Description),
		}
		byRule := map[*messages.Rule][]*pickleRec{}
		for _, rec := range d.pickles {
			rule := d.ruleOf[rec.p.AstNodeIds[0]]
			byRule[rule] = append(byRule[rule], rec)
		}
		var rules []*messages.Rule
		if len(byRule[nil]) > 0 {
			rules = append(rules, nil)
		}
		for _, ch := range d.doc.Feature.Children {
			if ch.Rule != nil && len(byRule[ch.Rule]) > 0 {
				rules = append(rules, ch.Rule)
			}
		}
		for _, rule := range rules {
			id, statement := splitRule(rule)
			rr := reports.Rule{ID: id, Statement: statement}
			if rule != nil {
				rr.Description = strings.TrimSpace(dedent(rule.Description))
				rr.Sources = urlPattern.FindAllString(rule.Description, -1)
				rr.Tags = tagNames(rule.Tags)
			}
			recs := byRule[rule]
			sort.SliceStable(recs, func(i, j int) bool { return c.line(recs[i]) < c.line(recs[j]) })
			for _, rec := range recs {
				rr.Scenarios = append(rr.Scenarios, c.scenario(rec, rr.Tags))
			}
			if f.Section == "" && id != noRule {
				f.Section = id[:strings.LastIndexByte(id, '-')]
			}
			f.Rules = append(f.Rules, rr)
		}
		out = append(out, f)
	}
	return out
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

// line is the scenario's line, or its example row's for an outline.
func (c *collector) line(rec *pickleRec) int {
	ids := rec.p.AstNodeIds
	if len(ids) > 1 {
		if row := rec.doc.rows[ids[1]]; row != nil {
			return int(row.Location.Line)
		}
	}
	if sc := rec.doc.scenarios[ids[0]]; sc != nil {
		return int(sc.Location.Line)
	}
	return 0
}

func (c *collector) scenario(rec *pickleRec, ruleTags []string) reports.Scenario {
	s := reports.Scenario{Name: rec.p.Name, Line: c.line(rec), Verdict: rec.verdict, Reason: rec.reason}
	if !rec.finished {
		s.Verdict, s.Reason = reports.Failed, "the scenario did not finish"
	}
	for _, t := range rec.p.Tags {
		if !slices.Contains(ruleTags, t.Name) && !slices.Contains(tagNames(rec.doc.doc.Feature.Tags), t.Name) {
			s.Tags = append(s.Tags, t.Name)
		}
	}
	for _, st := range rec.p.Steps {
		step := reports.Step{Text: st.Text, Status: "skipped"}
		if ast := rec.doc.steps[st.AstNodeIds[0]]; ast != nil {
			step.Keyword, step.Line = ast.Keyword, int(ast.Location.Line)
		}
		if sr := rec.steps[st.Id]; sr != nil {
			step.Status, step.Error = sr.status, sr.err
		}
		step.Duration = c.took[st.Id]
		s.Duration += step.Duration
		s.Steps = append(s.Steps, step)
	}
	return s
}
