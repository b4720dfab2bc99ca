package fuzz

import (
	"fmt"
	"strings"
)

// Gherkin renders the shrunk sequence as a scenario to paste into a feature
// file: each action, the answer the model expects (the catalogue's), and the
// key states after it; the action where the target differed carries a comment
// with what the target answered instead.
func (f *Failure) Gherkin() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# kmsconform fuzz: a mismatch between the model and the target, shrunk to %d actions.\n", len(f.Actions))
	fmt.Fprintf(&b, "# Replay: kmsconform fuzz --seed %d --steps %d (with the same target and profile)\n", f.Seed, f.Steps)
	for _, line := range strings.Split(f.Message, "\n") {
		fmt.Fprintf(&b, "# %s\n", line)
	}
	op := "the model"
	if n := len(f.Actions); n > 0 {
		op = f.Actions[n-1].Operation
	}
	fmt.Fprintf(&b, "Scenario: model-based run (seed %d) finds a mismatch in %s\n", f.Seed, op)
	first := true
	kw := func(k string) string {
		if first {
			first = false
			return "Given"
		}
		return k
	}
	for _, a := range f.Actions {
		for _, g := range a.Given {
			fmt.Fprintf(&b, "  %s %s\n", kw("And"), g)
		}
		switch {
		case a.Operation == "CreateKey" && a.Mismatch == "":
			fmt.Fprintf(&b, "  %s %s\n", kw("And"), a.Text)
			continue
		case a.Operation == "AdvanceClock":
			fmt.Fprintf(&b, "  %s %s\n", kw("When"), a.Text)
		default:
			fmt.Fprintf(&b, "  %s %s\n", kw("When"), a.Text)
			fmt.Fprintf(&b, "  Then %s\n", expectation(a.Expect))
		}
		if a.Mismatch != "" {
			fmt.Fprintf(&b, "  # the target answered %s: %s\n", outcome(a.Got), a.Mismatch)
			break
		}
		for i, s := range a.After {
			k := "And"
			if i == 0 && a.Operation == "AdvanceClock" {
				k = "Then"
			}
			fmt.Fprintf(&b, "  %s %s\n", k, s)
		}
	}
	return b.String()
}

func expectation(codes []string) string {
	if len(codes) == 0 {
		return "it succeeds"
	}
	seen := map[string]bool{}
	var succ bool
	var errs []string
	for _, c := range codes {
		if seen[c] {
			continue
		}
		seen[c] = true
		if c == "" {
			succ = true
		} else {
			errs = append(errs, c)
		}
	}
	switch {
	case succ && len(errs) == 0:
		return "it succeeds"
	case succ:
		return "it succeeds or fails with " + orList(errs)
	}
	return "it fails with " + orList(errs)
}

// orList is "A", "A or B", "A, B or C", as steps/README.md's assertions read them.
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
