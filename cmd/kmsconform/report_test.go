package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kmsconform/kmsconform/reports"
)

// reportSavedRun copies the reports package's saved fixture into a new directory,
// optionally renaming its profile, and returns the directory.
func reportSavedRun(t *testing.T, profile string) string {
	t.Helper()
	r, err := reports.Load(filepath.Join("..", "..", "reports", "testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	if profile != "" {
		r.Target.Profile = profile
	}
	dir := t.TempDir()
	if err := reports.Save(dir, r); err != nil {
		t.Fatal(err)
	}
	return dir
}

func reportListDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestReportUsageErrors(t *testing.T) {
	in := reportSavedRun(t, "")
	checkUsageErrors(t, "report", []usageCase{
		{"no-flags", nil, "--in is missing"},
		{"no-out", []string{"--in", in}, "--out is missing"},
		{"bad-format", []string{"--in", in, "--out", t.TempDir(), "--format", "html,pdf"}, `--format: reports: unknown format "pdf"`},
		{"in-without-results", []string{"--in", t.TempDir(), "--out", t.TempDir()}, "no results.json there"},
		{"empty-in", []string{"--in=", "--out", t.TempDir()}, "empty directory"},
		{"unknown-flag", []string{"--colour"}, "flag provided but not defined: -colour"},
		{"stray-argument", []string{"--in", in, "--out", t.TempDir(), "extra"}, `unexpected argument "extra"`},
	})
}

func TestReportBrokenResults(t *testing.T) {
	in := t.TempDir()
	if err := os.WriteFile(filepath.Join(in, "results.json"), []byte(`{"id": "x", "extra": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := dispatch(context.Background(), []string{"report", "--in", in, "--out", t.TempDir()}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), `unknown field "extra"`) {
		t.Errorf("stderr: %s", stderr.String())
	}
}

func TestReportOneRun(t *testing.T) {
	in, out := reportSavedRun(t, ""), filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if code := dispatch(context.Background(), []string{"report", "--in", in, "--out", out, "--format", "md,junit"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	if got, want := reportListDir(t, out), []string{"junit.xml", "report.md", "results.json"}; !slices.Equal(got, want) {
		t.Errorf("wrote %v, want %v", got, want)
	}
	// The re-rendered report is the golden one: same model, same bytes.
	got, _ := os.ReadFile(filepath.Join(out, "report.md"))
	want, _ := os.ReadFile(filepath.Join("..", "..", "reports", "testdata", "golden", "report.md"))
	if !bytes.Equal(got, want) {
		t.Error("re-rendered report.md differs from reports/testdata/golden/report.md")
	}
}

func TestReportMatrix(t *testing.T) {
	a, b, c := reportSavedRun(t, "reference"), reportSavedRun(t, "local-kms"), reportSavedRun(t, "../escape")
	dup := reportSavedRun(t, "local-kms")
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"report", "--in", a, "--in", b, "--in", c, "--in", dup, "--out", out, "--format", "html"}
	if code := dispatch(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	// local-kms appears twice, and ../escape is no plain name: those go by position.
	if got, want := reportListDir(t, out), []string{"2", "3", "4", "matrix.html", "matrix.md", "reference"}; !slices.Equal(got, want) {
		t.Errorf("wrote %v, want %v", got, want)
	}
	if got, want := reportListDir(t, filepath.Join(out, "2")), []string{"report.html", "results.json"}; !slices.Equal(got, want) {
		t.Errorf("run dir has %v, want %v", got, want)
	}
	md, _ := os.ReadFile(filepath.Join(out, "matrix.md"))
	for _, col := range []string{"| Section | reference | local-kms | ../escape | local-kms #2 |"} {
		if !strings.Contains(string(md), col) {
			t.Errorf("matrix.md lacks header %q:\n%s", col, md)
		}
	}
}
