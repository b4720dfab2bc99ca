package reports

import (
	"testing"
)

func TestRuleVerdictIsWorst(t *testing.T) {
	tests := []struct {
		name string
		in   []Verdict
		want Verdict
	}{
		{"none", nil, Skipped},
		{"all-passed", []Verdict{Passed, Passed}, Passed},
		{"skip-beats-pass", []Verdict{Passed, Skipped}, Skipped},
		{"xfail-beats-skip", []Verdict{Skipped, ExpectedFailure, Passed}, ExpectedFailure},
		{"upass-beats-xfail", []Verdict{ExpectedFailure, UnexpectedPass}, UnexpectedPass},
		{"fail-beats-all", []Verdict{UnexpectedPass, Passed, Failed, Skipped}, Failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Rule
			for _, v := range tt.in {
				r.Scenarios = append(r.Scenarios, Scenario{Verdict: v})
			}
			if got := r.Verdict(); got != tt.want {
				t.Errorf("Verdict() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRunVerdictIgnoresSkips(t *testing.T) {
	tests := []struct {
		name string
		in   []Verdict
		want Verdict
	}{
		{"none", nil, Skipped},
		{"all-skipped", []Verdict{Skipped, Skipped}, Skipped},
		{"passed-and-skipped", []Verdict{Skipped, Passed, Skipped}, Passed},
		{"xfail-and-skipped", []Verdict{Skipped, ExpectedFailure, Passed}, ExpectedFailure},
		{"upass", []Verdict{ExpectedFailure, UnexpectedPass, Skipped}, UnexpectedPass},
		{"failed", []Verdict{UnexpectedPass, Passed, Failed, Skipped}, Failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Run{Features: []Feature{{Rules: []Rule{{ID: "X-001"}}}}}
			for _, v := range tt.in {
				r.Features[0].Rules[0].Scenarios = append(r.Features[0].Rules[0].Scenarios, Scenario{Verdict: v})
			}
			if got := r.Verdict(); got != tt.want {
				t.Errorf("Verdict() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFixtureTotals(t *testing.T) {
	r := fixtureRun()
	scen := map[Verdict]int{Failed: 2, UnexpectedPass: 1, ExpectedFailure: 1, Skipped: 1, Passed: 4}
	rules := map[Verdict]int{Failed: 2, UnexpectedPass: 0, ExpectedFailure: 1, Skipped: 1, Passed: 3}
	st, rt := r.Totals(), r.RuleTotals()
	for _, v := range Verdicts() {
		if st.Count(v) != scen[v] {
			t.Errorf("scenarios %s: %d, want %d", v, st.Count(v), scen[v])
		}
		if rt.Count(v) != rules[v] {
			t.Errorf("rules %s: %d, want %d", v, rt.Count(v), rules[v])
		}
	}
	if st.Total() != 9 || rt.Total() != 7 {
		t.Errorf("totals %d scenarios, %d rules; want 9, 7", st.Total(), rt.Total())
	}
	if st.Count("nonsense") != 0 {
		t.Error("an unknown verdict counted")
	}
	if r.Verdict() != Failed {
		t.Errorf("run verdict %s, want failed", r.Verdict())
	}
	var att []string
	for _, rule := range r.Attention() {
		att = append(att, rule.ID)
	}
	if len(att) != 2 || att[0] != "IMPORT-004" || att[1] != "IMPORT-006" {
		t.Errorf("Attention() = %v, want [IMPORT-004 IMPORT-006]", att)
	}
}

func TestSectionsGroupByRuleID(t *testing.T) {
	r := fixtureRun()
	// A rule filed in another section's feature still lists under its own section.
	r.Features[0].Rules = append(r.Features[0].Rules, Rule{ID: "TOKEN-001", Scenarios: []Scenario{{Verdict: Passed}}})
	var got []string
	for _, s := range r.Sections() {
		got = append(got, s.ID+":"+s.Title)
		for _, rule := range s.Rules {
			got = append(got, rule.ID)
		}
	}
	want := []string{
		"CREATE:CreateKey with Origin EXTERNAL", "CREATE-001", "CREATE-003",
		"TOKEN:Import tokens", "TOKEN-001", "TOKEN-002",
		"IMPORT:ImportKeyMaterial basics", "IMPORT-001", "IMPORT-004", "IMPORT-005", "IMPORT-006",
	}
	if len(got) != len(want) {
		t.Fatalf("Sections() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Sections() = %v, want %v", got, want)
		}
	}
}
