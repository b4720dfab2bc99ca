package reports

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// checkGolden compares got with testdata/golden/name, or rewrites it under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; diff the output of go test ./reports -update against git", name)
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w []byte
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if !bytes.Equal(g, w) {
				t.Errorf("first difference at line %d:\n got: %s\nwant: %s", i+1, g, w)
				break
			}
		}
	}
}

func TestGolden(t *testing.T) {
	runs := []*Run{fixtureRun(), fixtureRunB()}
	tests := []struct {
		file   string
		render func(io.Writer) error
	}{
		{"report.html", func(w io.Writer) error { return WriteHTML(w, runs[0]) }},
		{"report.md", func(w io.Writer) error { return WriteMarkdown(w, runs[0]) }},
		{"junit.xml", func(w io.Writer) error { return WriteJUnit(w, runs[0]) }},
		{"cucumber.json", func(w io.Writer) error { return WriteCucumberJSON(w, runs[0]) }},
		{"matrix.html", func(w io.Writer) error { return WriteMatrixHTML(w, runs) }},
		{"matrix.md", func(w io.Writer) error { return WriteMatrixMarkdown(w, runs) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.render(&buf); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.file, buf.Bytes())
		})
	}
}
