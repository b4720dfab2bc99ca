package reports

import (
	"bytes"
	"strings"
	"testing"
)

func TestMatrix(t *testing.T) {
	m, err := newMatrix([]*Run{fixtureRun(), fixtureRunB()})
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{m.Columns[0].Label, m.Columns[1].Label}; got[0] != "reference" || got[1] != "local-kms" {
		t.Errorf("columns %v", got)
	}
	type cell struct {
		a, b    Verdict
		differs bool
	}
	want := map[string]cell{
		"CREATE-001": {Passed, Passed, false},
		"CREATE-003": {Skipped, Passed, true},
		"IMPORT-001": {Passed, Passed, false},
		"IMPORT-004": {Failed, Passed, true},
		"IMPORT-005": {ExpectedFailure, ExpectedFailure, false},
		"IMPORT-006": {Failed, Passed, true},
		"TOKEN-002":  {Passed, "", true},
	}
	if len(m.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(m.Rows), len(want))
	}
	for _, r := range m.Rows {
		w, ok := want[r.ID]
		if !ok {
			t.Errorf("unexpected row %s", r.ID)
			continue
		}
		if r.Cells[0] != w.a || r.Cells[1] != w.b || r.Differs != w.differs {
			t.Errorf("%s: cells %v differs %v; want %v %v %v", r.ID, r.Cells, r.Differs, w.a, w.b, w.differs)
		}
	}
	if m.Differ != 4 {
		t.Errorf("Differ = %d, want 4", m.Differ)
	}
	// Section counts: TOKEN ran only on the first target.
	for _, s := range m.Sections {
		if s.ID == "TOKEN" && (s.Cells[0].Total() != 1 || s.Cells[1].Total() != 0) {
			t.Errorf("TOKEN counts %d, %d; want 1, 0", s.Cells[0].Total(), s.Cells[1].Total())
		}
		if s.ID == "IMPORT" && (s.Cells[0].Count(Failed) != 2 || s.Cells[1].Count(Passed) != 3) {
			t.Errorf("IMPORT counts wrong: %+v", s.Cells)
		}
	}
}

func TestMatrixDuplicateLabels(t *testing.T) {
	a, b := fixtureRun(), fixtureRun()
	b.Target.Endpoint = "http://127.0.0.1:4600"
	m, err := newMatrix([]*Run{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if m.Columns[0].Label != "reference" || m.Columns[1].Label != "reference #2" {
		t.Errorf("labels %q, %q", m.Columns[0].Label, m.Columns[1].Label)
	}
	if m.Differ != 0 {
		t.Errorf("identical runs differ on %d rules", m.Differ)
	}
}

func TestMatrixRenderers(t *testing.T) {
	runs := []*Run{fixtureRun(), fixtureRunB()}
	var h, md bytes.Buffer
	if err := WriteMatrixHTML(&h, runs); err != nil {
		t.Fatal(err)
	}
	if err := WriteMatrixMarkdown(&md, runs); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(h.String(), `<tr class="differs"`); n != 4 {
		t.Errorf("HTML highlights %d rows, want 4", n)
	}
	if n := strings.Count(md.String(), "| ≠ |"); n != 4 {
		t.Errorf("Markdown marks %d rows, want 4", n)
	}
	for _, bad := range [][]*Run{nil, {fixtureRun(), nil}} {
		if err := WriteMatrixHTML(&h, bad); err == nil {
			t.Errorf("WriteMatrixHTML accepted %d runs with a nil or none", len(bad))
		}
		if err := WriteMatrixMarkdown(&md, bad); err == nil {
			t.Errorf("WriteMatrixMarkdown accepted %d runs with a nil or none", len(bad))
		}
	}
}
