//go:build e2e

package reports

// The headless Chromium check of issue 4: the HTML report loaded in a real
// browser shows the run's counts, its JS filters work, and a screenshot is
// saved for a person to look at. Run it with
//
//	go test -tags e2e -run E2E ./reports
//
// It needs Debian's chromium package and skips without it. Screenshots go to
// testdata/e2e/ (gitignored).

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "/usr/bin/chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not installed (Debian: apt-get install chromium); skipping the headless browser check")
	return ""
}

// chromium runs one headless Chromium command on url with extra flags and
// returns its standard output.
func chromium(t *testing.T, bin, url string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--window-size=1280,2000",
	}
	args = append(append(args, extra...), url)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\nstderr:\n%s", extra, err, stderr.String())
	}
	return stdout.String()
}

var (
	domCount = regexp.MustCompile(`<span class="count" data-verdict="([a-z-]+)" data-of="(scenarios|rules)">(\d+)</span>`)
	domShown = regexp.MustCompile(`<b id="shown">(\d+)</b>`)
	domRule  = regexp.MustCompile(`<details class="rule"[^>]*>`)
)

// checkCounts checks that the DOM Chromium dumped shows the run's totals per
// verdict, one element per rule, and the filter bar the page's JS revealed.
func checkCounts(t *testing.T, dom string, r *Run) {
	t.Helper()
	st, rt := r.Totals(), r.RuleTotals()
	seen := 0
	for _, m := range domCount.FindAllStringSubmatch(dom, -1) {
		n, _ := strconv.Atoi(m[3])
		t2 := st
		if m[2] == "rules" {
			t2 = rt
		}
		want := t2.Total()
		if m[1] != "total" {
			want = t2.Count(Verdict(m[1]))
		}
		if n != want {
			t.Errorf("browser shows %s %s = %d, the run has %d", m[2], m[1], n, want)
		}
		seen++
	}
	if want := 2 * (len(Verdicts()) + 1); seen != want {
		t.Errorf("found %d counts in the DOM, want %d", seen, want)
	}
	if got := len(domRule.FindAllString(dom, -1)); got != rt.Total() {
		t.Errorf("browser shows %d rules, the run has %d", got, rt.Total())
	}
	if strings.Contains(dom, `<form id="filters" hidden`) {
		t.Error("the filter form is still hidden: the page's JS did not run")
	}
	if m := domShown.FindStringSubmatch(dom); m == nil || m[1] != strconv.Itoa(rt.Total()) {
		t.Errorf("filter line shows %v rules, want %d", m, rt.Total())
	}
}

// checkShown checks that the filter line and the visible rules of dom both say want.
func checkShown(t *testing.T, dom string, want int) {
	t.Helper()
	m := domShown.FindStringSubmatch(dom)
	if m == nil || m[1] != strconv.Itoa(want) {
		t.Errorf("the filter line shows %v rules, want %d", m, want)
	}
	visible := 0
	for _, d := range domRule.FindAllString(dom, -1) {
		if !strings.Contains(d, " hidden") {
			visible++
		}
	}
	if visible != want {
		t.Errorf("%d rules are visible, want %d", visible, want)
	}
}

func TestE2EChromium(t *testing.T) {
	bin := findChromium(t)
	r := fixtureRun()
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := WriteAll(dir, r, []string{"html"}); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	t.Run("counts", func(t *testing.T) {
		checkCounts(t, chromium(t, bin, url, "--dump-dom"), r)
	})

	// Chromium's headless mode cannot dump or shoot a page with scripting
	// turned off, so "without JS" is the same page with its script removed.
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	start, end := strings.Index(string(html), "<script>"), strings.Index(string(html), "</script>")
	if start < 0 || end < start {
		t.Fatal("the report has no <script> element")
	}
	nojs := filepath.Join(dir, "report-nojs.html")
	if err := os.WriteFile(nojs, append(html[:start:start], html[end+len("</script>"):]...), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("without-js", func(t *testing.T) {
		dom := chromium(t, bin, "file://"+nojs, "--dump-dom")
		if !strings.Contains(dom, `<form id="filters" hidden`) {
			t.Error("without JS the filter form shows, though it cannot work")
		}
		if got := len(domRule.FindAllString(dom, -1)); got != r.RuleTotals().Total() {
			t.Errorf("without JS the page shows %d rules, the run has %d", got, r.RuleTotals().Total())
		}
		if got := len(domCount.FindAllString(dom, -1)); got != 2*(len(Verdicts())+1) {
			t.Errorf("without JS the page shows %d counts, want %d", got, 2*(len(Verdicts())+1))
		}
	})

	t.Run("filters", func(t *testing.T) {
		tests := []struct {
			query string
			want  int
		}{
			{"?verdict=failed", r.RuleTotals().Count(Failed)},
			{"?q=import-00", 4},
			{"?cap=@clock", 1},
			{"?cap=-", 4},
			{"?verdict=passed,skipped&q=CREATE", 2},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				checkShown(t, chromium(t, bin, url+tt.query, "--dump-dom"), tt.want)
			})
		}
	})

	t.Run("screenshots", func(t *testing.T) {
		out, err := filepath.Abs(filepath.Join("testdata", "e2e"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		matrix := filepath.Join(dir, "matrix.html")
		f, err := os.Create(matrix)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteMatrixHTML(f, []*Run{fixtureRun(), fixtureRunB()}); err != nil {
			t.Fatal(err)
		}
		f.Close()
		shots := []struct {
			name, url string
			flags     []string
		}{
			{"report.png", url, nil},
			{"report-nojs.png", "file://" + nojs, nil},
			{"report-failed.png", url + "?verdict=failed", nil},
			{"matrix.png", "file://" + matrix, nil},
		}
		for _, s := range shots {
			png := filepath.Join(out, s.name)
			os.Remove(png)
			chromium(t, bin, s.url, append(s.flags, "--screenshot="+png)...)
			st, err := os.Stat(png)
			if err != nil || st.Size() < 10_000 {
				t.Fatalf("screenshot %s missing or tiny: %v", png, err)
			}
			t.Logf("screenshot: %s (%d bytes)", png, st.Size())
		}
		// The page without JS must not show the filter bar (an author display
		// rule can override the hidden attribute), so its picture differs.
		a, errA := os.ReadFile(filepath.Join(out, "report.png"))
		b, errB := os.ReadFile(filepath.Join(out, "report-nojs.png"))
		if errA != nil || errB != nil || bytes.Equal(a, b) {
			t.Errorf("report.png and report-nojs.png are the same picture (%v, %v): the filter bar shows without JS", errA, errB)
		}
	})
}
