package reports

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// A matrix compares runs of the suite against several targets: rules as rows,
// targets as columns, each cell the rule's verdict there (issue 4). Rows whose
// cells differ are marked, since that is what a reader is comparing for.

type matrix struct {
	Columns  []matrixColumn
	Sections []matrixSection
	Rows     []matrixRow
	Totals   []Totals // per column, over all sections
	Differ   int      // rows whose cells differ
}

type matrixColumn struct {
	Label, Endpoint, RunID, Started string
	Verdict                         Verdict
}

type matrixSection struct {
	ID, Title string
	Cells     []Totals // per column: rules per verdict in this section
}

type matrixRow struct {
	ID, Section, Statement string
	Cells                  []Verdict // "" where the target did not run the rule
	Differs                bool
}

func newMatrix(runs []*Run) (*matrix, error) {
	if len(runs) == 0 {
		return nil, errors.New("no runs")
	}
	m := &matrix{}
	labels := map[string]int{}
	for i, r := range runs {
		if r == nil {
			return nil, fmt.Errorf("run %d is nil", i+1)
		}
		label := r.Label()
		labels[label]++
		if labels[label] > 1 {
			// Two runs of one profile (say, two endpoints) stay apart.
			label = fmt.Sprintf("%s #%d", label, labels[label])
		}
		m.Columns = append(m.Columns, matrixColumn{Label: label, Endpoint: r.Target.Endpoint, RunID: r.ID,
			Started: formatTime(r.Started), Verdict: r.Verdict()})
		m.Totals = append(m.Totals, r.RuleTotals())
	}

	// Rows: every rule of every run, grouped by section, in first-seen order.
	sectionIndex := map[string]int{}
	var sectionRules [][]string
	rowIndex := map[string]int{}
	for _, r := range runs {
		for _, s := range r.Sections() {
			si, ok := sectionIndex[s.ID]
			if !ok {
				si = len(m.Sections)
				sectionIndex[s.ID] = si
				m.Sections = append(m.Sections, matrixSection{ID: s.ID, Title: s.Title, Cells: make([]Totals, len(runs))})
				sectionRules = append(sectionRules, nil)
			}
			for _, rule := range s.Rules {
				if _, ok := rowIndex[rule.ID]; !ok {
					rowIndex[rule.ID] = -1
					sectionRules[si] = append(sectionRules[si], rule.ID)
				}
			}
		}
	}
	statements := map[string]string{}
	for _, ids := range sectionRules {
		for _, id := range ids {
			rowIndex[id] = len(m.Rows)
			m.Rows = append(m.Rows, matrixRow{ID: id, Cells: make([]Verdict, len(runs))})
		}
	}
	for c, r := range runs {
		for _, s := range r.Sections() {
			si := sectionIndex[s.ID]
			m.Sections[si].Cells[c] = s.Totals()
			for _, rule := range s.Rules {
				row := &m.Rows[rowIndex[rule.ID]]
				row.Section = s.ID
				if row.Cells[c] == "" || rule.Verdict().worse(row.Cells[c]) {
					// A rule listed twice in one run shows its worst.
					row.Cells[c] = rule.Verdict()
				}
				if statements[rule.ID] == "" {
					statements[rule.ID] = rule.Statement
				}
			}
		}
	}
	for i := range m.Rows {
		row := &m.Rows[i]
		row.Statement = statements[row.ID]
		for _, v := range row.Cells[1:] {
			if v != row.Cells[0] {
				row.Differs = true
			}
		}
		if row.Differs {
			m.Differ++
		}
	}
	return m, nil
}

// WriteMatrixHTML writes several runs side by side as one self-contained HTML
// page: rule counts per section and target, then a rule-by-target verdict grid.
func WriteMatrixHTML(w io.Writer, runs []*Run) error {
	m, err := newMatrix(runs)
	if err != nil {
		return fmt.Errorf("reports: matrix html: %w", err)
	}
	if err := templates.ExecuteTemplate(w, "matrix.html.tmpl", m); err != nil {
		return fmt.Errorf("reports: matrix html: %w", err)
	}
	return nil
}

// mdCounts is a Totals as a compact Markdown cell, worst first, e.g. "❌ 1 · ✅ 3".
func mdCounts(t Totals) string {
	var parts []string
	for _, v := range Verdicts() {
		if c := t.Count(v); c > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", verdictMark[v], c))
		}
	}
	if len(parts) == 0 {
		return "not run"
	}
	return strings.Join(parts, " · ")
}

// WriteMatrixMarkdown writes several runs side by side as GitHub Markdown: rule
// counts per section and target (the part a README excerpts), then a
// rule-by-target verdict table with differing rows marked.
func WriteMatrixMarkdown(w io.Writer, runs []*Run) error {
	m, err := newMatrix(runs)
	if err != nil {
		return fmt.Errorf("reports: matrix markdown: %w", err)
	}
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	row := func(cells ...string) { p("| %s |\n", strings.Join(cells, " | ")) }
	sep := func(n int) { row(strings.Split(strings.Repeat("---,", n-1)+"---", ",")...) }

	p("# kmsconform matrix\n\n")
	row("Target", "Endpoint", "Run ID", "Started", "Verdict")
	sep(5)
	for _, c := range m.Columns {
		row(mdText(c.Label), mdText(c.Endpoint), mdText(c.RunID), c.Started, mdVerdict(c.Verdict))
	}

	p("\n## Rules per section\n\n")
	p("Each cell counts the section's rules by verdict: %s.\n\n", legend())
	head := []string{"Section"}
	for _, c := range m.Columns {
		head = append(head, mdText(c.Label))
	}
	row(head...)
	sep(len(head))
	for _, s := range m.Sections {
		cells := []string{mdText(s.ID) + ": " + mdText(s.Title)}
		for _, t := range s.Cells {
			cells = append(cells, mdCounts(t))
		}
		row(cells...)
	}
	cells := []string{"**all**"}
	for _, t := range m.Totals {
		cells = append(cells, "**"+mdCounts(t)+"**")
	}
	row(cells...)

	p("\n## Rules\n\n")
	p("%d of %d rules differ between targets; their rows are marked ≠ and their IDs are bold.\n\n", m.Differ, len(m.Rows))
	head = []string{"", "Rule"}
	for _, c := range m.Columns {
		head = append(head, mdText(c.Label))
	}
	head = append(head, "Statement")
	row(head...)
	sep(len(head))
	for _, r := range m.Rows {
		mark, id := "", mdText(r.ID)
		if r.Differs {
			mark, id = "≠", "**"+id+"**"
		}
		cells := []string{mark, id}
		for _, v := range r.Cells {
			if v == "" {
				cells = append(cells, "— not run")
			} else {
				cells = append(cells, mdVerdict(v))
			}
		}
		cells = append(cells, mdText(r.Statement))
		row(cells...)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("reports: matrix markdown: %w", err)
	}
	return nil
}

func legend() string {
	var parts []string
	for _, v := range Verdicts() {
		parts = append(parts, mdVerdict(v))
	}
	return strings.Join(parts, ", ")
}
