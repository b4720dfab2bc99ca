package reports

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// verdictMark is the glyph GitHub shows next to a verdict; the word always
// follows it, so the glyph is never the only signal.
var verdictMark = map[Verdict]string{
	Failed:          "❌",
	UnexpectedPass:  "❗",
	ExpectedFailure: "⚠️",
	Skipped:         "⏭️",
	Passed:          "✅",
}

func mdVerdict(v Verdict) string { return verdictMark[v] + " " + v.Label() }

// mdReplacer escapes text so GitHub renders it literally: punctuation that can
// start emphasis, code, links, table cells or strikethrough anywhere in a line
// gets a backslash (CommonMark §2.4), HTML's specials become entities, and line
// breaks become spaces so a message stays in its table cell. # and ! are left
// alone: they only act at a line start or before [, where this text never is.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`,
	"~", `\~`,
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	"\r\n", " ", "\n", " ", "\r", " ",
)

func mdText(s string) string { return mdReplacer.Replace(s) }

// mdCode is s as an inline code span on one line, delimited by a backtick run
// longer than any inside s (CommonMark §6.1).
func mdCode(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	fence := strings.Repeat("`", longestBackticks(s)+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// longestBackticks is the length of the longest run of backticks in s.
func longestBackticks(s string) int {
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// mdFence returns a code fence longer than any backtick run in s (CommonMark §4.5).
func mdFence(s string) string { return strings.Repeat("`", max(3, longestBackticks(s)+1)) }

// mdLink links u when it is an http(s) URL and shows it as text otherwise.
func mdLink(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return mdText(u)
	}
	return "<" + p.String() + ">"
}

// WriteMarkdown writes the run as GitHub-flavoured Markdown: a summary table, a
// section per failed rule (and per unexpected pass), then a table of every rule.
func WriteMarkdown(w io.Writer, r *Run) error {
	if r == nil {
		return fmt.Errorf("reports: markdown: nil run")
	}
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }

	p("# kmsconform report: %s\n\n", mdText(r.Label()))
	p("| | |\n| --- | --- |\n")
	p("| Target | %s |\n", mdText(r.Target.Endpoint))
	p("| Profile | %s |\n", mdText(r.Target.Profile))
	p("| Region | %s |\n", mdText(r.Target.Region))
	if r.Target.Server != "" {
		p("| Server | %s |\n", mdText(r.Target.Server))
	}
	p("| Capabilities | %s |\n", mdText(strings.Join(r.Target.Capabilities, " ")))
	p("| Run ID | %s |\n", mdText(r.ID))
	p("| kmsconform | %s |\n", mdText(r.Version))
	p("| Started | %s |\n", formatTime(r.Started))
	p("| Duration | %s |\n", formatDuration(r.Duration))
	p("| Seed | %d |\n", r.Seed)
	if r.Tags != "" {
		p("| Tags | %s |\n", mdText(r.Tags))
	}
	if r.Strict {
		p("| Strict | yes: an unexpected pass fails the run |\n")
	}

	st, rt := r.Totals(), r.RuleTotals()
	p("\n## Summary: %s\n\n", mdVerdict(r.Verdict()))
	p("| Verdict | Scenarios | Rules |\n| --- | ---: | ---: |\n")
	for _, v := range Verdicts() {
		p("| %s | %d | %d |\n", mdVerdict(v), st.Count(v), rt.Count(v))
	}
	p("| **total** | **%d** | **%d** |\n", st.Total(), rt.Total())

	uris := ruleURIs(r)
	if att := r.Attention(); len(att) > 0 {
		p("\n## Failures and unexpected passes\n")
		for _, rule := range att {
			p("\n### %s %s: %s\n\n", verdictMark[rule.Verdict()], mdText(rule.ID), mdText(rule.Statement))
			if len(rule.Sources) > 0 {
				links := make([]string, len(rule.Sources))
				for i, s := range rule.Sources {
					links[i] = mdLink(s)
				}
				p("Sources: %s\n\n", strings.Join(links, ", "))
			}
			for i := range rule.Scenarios {
				s := &rule.Scenarios[i]
				if s.Verdict != Failed && s.Verdict != UnexpectedPass {
					continue
				}
				p("- %s **%s** (%s:%d, %s)", mdVerdict(s.Verdict), mdText(s.Name), mdText(uris[rule]), s.Line, formatDuration(s.Duration))
				if s.Reason != "" {
					p(": %s", mdText(s.Reason))
				}
				p("\n")
				if f := failingStep(s); f != nil {
					p("\n  %s at step %s (line %d)", mdText(f.Status), mdCode(strings.TrimSpace(f.Keyword+f.Text)), f.Line)
					if f.Error == "" {
						p(".\n")
					} else {
						p(":\n\n")
						fence := mdFence(f.Error)
						p("  %stext\n", fence)
						for _, line := range strings.Split(strings.TrimRight(f.Error, "\n"), "\n") {
							p("  %s\n", line)
						}
						p("  %s\n", fence)
					}
				}
			}
		}
	}

	p("\n## All rules\n")
	for _, sec := range r.Sections() {
		p("\n### %s: %s (%s)\n\n", mdText(sec.ID), mdText(sec.Title), countLine(sec.Totals(), "rule"))
		p("| Rule | Verdict | Scenarios | Statement | Notes |\n| --- | --- | --- | --- | --- |\n")
		for _, rule := range sec.Rules {
			var notes []string
			for _, s := range rule.Scenarios {
				if s.Reason != "" && !contains(notes, s.Reason) {
					notes = append(notes, s.Reason)
				}
			}
			for i := range notes {
				notes[i] = mdText(notes[i])
			}
			p("| %s | %s | %s | %s | %s |\n", mdText(rule.ID), mdVerdict(rule.Verdict()),
				countLine(rule.Totals(), "scenario"), mdText(rule.Statement), strings.Join(notes, "; "))
		}
	}
	p("\n_Generated by kmsconform %s from results.json._\n", mdText(r.Version))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("reports: markdown: %w", err)
	}
	return nil
}
