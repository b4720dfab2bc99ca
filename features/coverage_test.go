package features

import (
	"bufio"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

var (
	catalogueLine = regexp.MustCompile(`^- ([A-Z]{2,10}-[0-9]{3}) (.+)$`)
	ruleName      = regexp.MustCompile(`^([A-Z]{2,10}-[0-9]{3}) (.+)$`)
)

// catalogue parses catalogue.md strictly: every "- " line is an ID and a statement.
func catalogue(t *testing.T) map[string]string {
	t.Helper()
	ids := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(Catalogue))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "- ") {
			continue
		}
		m := catalogueLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("catalogue.md: malformed entry %q", line)
		}
		if _, dup := ids[m[1]]; dup {
			t.Fatalf("catalogue.md: %s listed twice", m[1])
		}
		ids[m[1]] = m[2]
	}
	return ids
}

// ruleInfo is what the feature files say about one rule.
type ruleInfo struct {
	file      string
	statement string
	scenarios int
}

// parseFeatures reads every embedded feature file and indexes its Rules.
func parseFeatures(t *testing.T) map[string]ruleInfo {
	t.Helper()
	rules := map[string]ruleInfo{}
	files, err := fs.Glob(FS, "*.feature")
	if err != nil || len(files) == 0 {
		t.Fatalf("no feature files embedded: %v", err)
	}
	for _, file := range files {
		f, err := FS.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := gherkin.ParseGherkinDocument(f, (&messages.Incrementing{}).NewId)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		for _, ch := range doc.Feature.Children {
			if ch.Scenario != nil {
				t.Errorf("%s:%d: scenario %q is outside any Rule", file, ch.Scenario.Location.Line, ch.Scenario.Name)
			}
			if ch.Rule == nil {
				continue
			}
			m := ruleName.FindStringSubmatch(strings.TrimSpace(ch.Rule.Name))
			if m == nil {
				t.Errorf("%s:%d: Rule %q does not start with a rule ID", file, ch.Rule.Location.Line, ch.Rule.Name)
				continue
			}
			if prev, dup := rules[m[1]]; dup {
				t.Errorf("%s:%d: Rule %s already in %s", file, ch.Rule.Location.Line, m[1], prev.file)
			}
			info := ruleInfo{file: file, statement: m[2]}
			for _, rc := range ch.Rule.Children {
				if rc.Scenario == nil || len(rc.Scenario.Steps) == 0 {
					continue
				}
				if len(rc.Scenario.Examples) == 0 {
					info.scenarios++
				}
				for _, ex := range rc.Scenario.Examples {
					info.scenarios += len(ex.TableBody)
				}
			}
			rules[m[1]] = info
		}
	}
	return rules
}

// TestRulesMatchCatalogue holds the feature files to the catalogue: every Rule
// ID is catalogued and carries the catalogue's statement.
func TestRulesMatchCatalogue(t *testing.T) {
	cat := catalogue(t)
	if len(cat) != 176 {
		t.Errorf("catalogue.md lists %d rules, rules.md has 176", len(cat))
	}
	for id, info := range parseFeatures(t) {
		want, ok := cat[id]
		switch {
		case !ok:
			t.Errorf("%s: Rule %s is not in catalogue.md", info.file, id)
		case info.statement != want:
			t.Errorf("%s: Rule %s statement differs from catalogue.md:\n  feature:   %s\n  catalogue: %s", info.file, id, info.statement, want)
		case info.scenarios == 0:
			t.Errorf("%s: Rule %s has no scenario", info.file, id)
		}
	}
}

// TestCatalogueCoverage fails while a catalogued rule has no Rule with a
// scenario in features/, listing each missing ID by section.
func TestCatalogueCoverage(t *testing.T) {
	cat := catalogue(t)
	rules := parseFeatures(t)
	var missing []string
	for id := range cat {
		if rules[id].scenarios == 0 {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return
	}
	slices.Sort(missing)
	bySection := map[string][]string{}
	var sections []string
	for _, id := range missing {
		s := id[:strings.LastIndexByte(id, '-')]
		if _, ok := bySection[s]; !ok {
			sections = append(sections, s)
		}
		bySection[s] = append(bySection[s], id)
	}
	var b strings.Builder
	for _, s := range sections {
		b.WriteString("\n  " + s + ": " + strings.Join(bySection[s], " "))
	}
	t.Errorf("catalogue coverage: %d of %d rules have a Rule with a scenario; missing %d:%s",
		len(cat)-len(missing), len(cat), len(missing), b.String())
}
