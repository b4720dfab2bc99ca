package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	for name, r := range map[string]*Run{"fixture": fixtureRun(), "fixture-b": fixtureRunB()} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := Save(dir, r); err != nil {
				t.Fatal(err)
			}
			got, err := Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, r) {
				t.Errorf("Load(Save(run)) differs from run:\n got %+v\nwant %+v", got, r)
			}
		})
	}
}

func TestSaveGolden(t *testing.T) {
	dir := t.TempDir()
	if err := Save(dir, fixtureRun()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, ResultsFile, b)
}

// TestLoadStrict reads each testdata/load/<case>/results.json, all invalid.
func TestLoadStrict(t *testing.T) {
	want := map[string]string{
		"unknown-field":       `unknown field "colour"`,
		"trailing-data":       "trailing data",
		"unknown-verdict":     `unknown verdict "flaky"`,
		"unknown-step-status": `unknown step status "ok"`,
		"missing-id":          "run has no id",
		"not-json":            "invalid character",
		"rule-without-id":     "rule without id",
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "load"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(want) {
		t.Fatalf("testdata/load has %d cases, the table %d", len(entries), len(want))
	}
	for _, e := range entries {
		t.Run("load/"+e.Name(), func(t *testing.T) {
			w, ok := want[e.Name()]
			if !ok {
				t.Fatalf("case %s has no expected error", e.Name())
			}
			r, err := Load(filepath.Join("testdata", "load", e.Name()))
			if err == nil {
				t.Fatalf("Load accepted it: %+v", r)
			}
			if !strings.Contains(err.Error(), w) || !strings.HasPrefix(err.Error(), "reports: ") {
				t.Errorf("error %q, want one starting with reports: and containing %q", err, w)
			}
		})
	}
	t.Run("missing-dir", func(t *testing.T) {
		if _, err := Load(filepath.Join(t.TempDir(), "nope")); err == nil {
			t.Error("Load of a missing directory succeeded")
		}
	})
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"", []string{"html", "md", "junit", "cucumber"}, ""},
		{"html", []string{"html"}, ""},
		{" md , junit,md", []string{"md", "junit"}, ""},
		{"html,pdf", nil, `unknown format "pdf"`},
		{"html,", nil, `unknown format ""`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFormats(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ParseFormats(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestWriteAll(t *testing.T) {
	tests := []struct {
		formats []string
		files   []string
	}{
		{FormatNames(), []string{"cucumber.json", "junit.xml", "report.html", "report.md", "results.json"}},
		{[]string{"junit"}, []string{"junit.xml", "results.json"}},
		{nil, []string{"results.json"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.formats, ","), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out", "nested")
			r := fixtureRun()
			if err := WriteAll(dir, r, tt.formats); err != nil {
				t.Fatal(err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var files []string
			for _, e := range entries {
				files = append(files, e.Name())
			}
			if !slices.Equal(files, tt.files) {
				t.Errorf("files %v, want %v", files, tt.files)
			}
			// Each file is what the renderer writes, byte for byte.
			if slices.Contains(tt.formats, "md") {
				var buf bytes.Buffer
				if err := WriteMarkdown(&buf, r); err != nil {
					t.Fatal(err)
				}
				b, _ := os.ReadFile(filepath.Join(dir, "report.md"))
				if !bytes.Equal(b, buf.Bytes()) {
					t.Error("report.md differs from WriteMarkdown's output")
				}
			}
		})
	}
	t.Run("unknown-format", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteAll(dir, fixtureRun(), []string{"html", "pdf"}); err == nil {
			t.Fatal("WriteAll accepted format pdf")
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("WriteAll wrote %d files before refusing the format", len(entries))
		}
	})
}
