//go:build e2e

package reports

// The headless Chromium check of issue 4 on real runs: the report that
// `kmsconform run` writes for the embedded reference, loaded in Chromium, shows
// the counts of that run's results.json; its filters work both from a link
// (?verdict=&cap=&q=) and from a user's clicks and typing; and the report of a
// run with failures (the saved local-kms run under .peers/, when present) and
// the matrix of the two are shot for a person to look at.
//
// KMSCONFORM_E2E_RUN=DIR uses the run saved in DIR instead of running the suite
// (about 20 s).

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// realRun runs the suite against the embedded reference into a temporary
// directory, or takes the run saved in $KMSCONFORM_E2E_RUN.
func realRun(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("KMSCONFORM_E2E_RUN"); dir != "" {
		return dir
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command to run the suite with: %v", err)
	}
	dir := t.TempDir()
	cmd := exec.Command(goBin, "run", "../cmd/kmsconform", "run", "--out", dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		// Failures are the suite's news, not this test's: the report must show them.
		t.Logf("kmsconform run reported failures against the reference:\n%s", tail(out.String(), 40))
	case err != nil:
		t.Fatalf("kmsconform run: %v\n%s", err, tail(out.String(), 40))
	}
	return dir
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// shownBy is what the page's filter shows: the rules whose verdict is in
// verdicts (nil: all), that carry capability tag cap ("": any, "-": none), and
// whose ID starts with q or whose statement contains q, case-insensitively.
func shownBy(r *Run, verdicts []Verdict, capTag, q string) int {
	q = strings.ToLower(q)
	n := 0
	for fi := range r.Features {
		for ri := range r.Features[fi].Rules {
			rule := &r.Features[fi].Rules[ri]
			tags := rule.AllTags()
			switch {
			case verdicts != nil && !slices.Contains(verdicts, rule.Verdict()):
			case capTag == "-" && len(tags) > 0:
			case capTag != "" && capTag != "-" && !slices.Contains(tags, capTag):
			case q != "" && !strings.HasPrefix(strings.ToLower(rule.ID), q) && !strings.Contains(strings.ToLower(rule.Statement), q):
			default:
				n++
			}
		}
	}
	return n
}

// interactive is the report with a script after the page's own that acts as a
// user would, as ?act= says: untick verdicts, pick a capability, type into the
// rule box, each through the events a browser fires, so the page's listeners
// (not its link presets) must do the filtering before the DOM is dumped.
func interactive(t *testing.T, page string) string {
	t.Helper()
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	const user = `<script>
(function () {
  var act = new URLSearchParams(location.search).get("act") || "";
  act.split(";").forEach(function (a) {
    var i = a.indexOf(":"), what = a.slice(0, i), v = a.slice(i + 1);
    if (what === "untick") {
      var b = document.querySelector("input[name=verdict][value='" + v + "']");
      b.click();
    } else if (what === "cap") {
      var c = document.getElementById("capability");
      c.value = v;
      c.dispatchEvent(new Event("change", {bubbles: true}));
    } else if (what === "type") {
      var s = document.getElementById("search");
      for (var k = 0; k < v.length; k++) {
        s.value += v[k];
        s.dispatchEvent(new InputEvent("input", {bubbles: true, data: v[k], inputType: "insertText"}));
      }
    }
  });
})();
</script>
</body>`
	i := bytes.LastIndex(html, []byte("</body>"))
	if i < 0 {
		t.Fatal("the report has no </body>")
	}
	out := filepath.Join(t.TempDir(), "report-interactive.html")
	if err := os.WriteFile(out, append(html[:i:i], append([]byte(user), html[i+len("</body>"):]...)...), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + out
}

func e2eOut(t *testing.T) string {
	t.Helper()
	out, err := filepath.Abs(filepath.Join("testdata", "e2e"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	return out
}

// shoot saves a screenshot of url as testdata/e2e/name, height pixels tall.
func shoot(t *testing.T, bin, url, name, height string) {
	t.Helper()
	png := filepath.Join(e2eOut(t), name)
	os.Remove(png)
	chromium(t, bin, url, "--window-size=1280,"+height, "--screenshot="+png)
	st, err := os.Stat(png)
	if err != nil || st.Size() < 10_000 {
		t.Fatalf("screenshot %s missing or tiny: %v", png, err)
	}
	t.Logf("screenshot: %s (%d bytes)", png, st.Size())
}

func TestE2ERealRun(t *testing.T) {
	bin := findChromium(t)
	dir := realRun(t)
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Totals().Total() == 0 {
		t.Fatal("the run has no scenarios")
	}
	page := filepath.Join(dir, "report.html")
	url := "file://" + page

	t.Run("counts", func(t *testing.T) {
		checkCounts(t, chromium(t, bin, url, "--dump-dom"), r)
	})

	// The run's own capability tags, so the filters are tried on what a real
	// report offers; @sm2 is one the reference lacks, @clock one it has.
	caps := r.Capabilities()
	for _, c := range []string{"@sm2", "@clock"} {
		if !slices.Contains(caps, c) {
			t.Fatalf("the run has no rule tagged %s (tags: %v); the filter cases below need one", c, caps)
		}
	}
	all := Verdicts()
	without := func(v Verdict) []Verdict {
		return slices.DeleteFunc(slices.Clone(all), func(x Verdict) bool { return x == v })
	}

	t.Run("link-filters", func(t *testing.T) {
		tests := []struct {
			query string
			want  int
		}{
			{"?verdict=skipped", shownBy(r, []Verdict{Skipped}, "", "")},
			{"?verdict=passed,skipped&q=create-", shownBy(r, []Verdict{Passed, Skipped}, "", "create-")},
			{"?cap=@sm2", shownBy(r, nil, "@sm2", "")},
			{"?cap=-", shownBy(r, nil, "-", "")},
			{"?q=IMPORT-004", 1}, // not REIMPORT-004
			{"?q=import-", shownBy(r, nil, "", "import-")},
			{"?verdict=passed&cap=@clock&q=token", shownBy(r, []Verdict{Passed}, "@clock", "token")},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				if tt.want == 0 {
					t.Fatalf("filter %s matches no rule of the run: a weak case", tt.query)
				}
				checkShown(t, chromium(t, bin, url+tt.query, "--dump-dom"), tt.want)
			})
		}
	})

	t.Run("user-filters", func(t *testing.T) {
		iurl := interactive(t, page)
		tests := []struct {
			act  string
			want int
		}{
			{"untick:passed", shownBy(r, without(Passed), "", "")},
			{"cap:@sm2", shownBy(r, nil, "@sm2", "")},
			{"type:ROTATE-01", shownBy(r, nil, "", "rotate-01")},
			{"type:IMPORT-004", 1},
			{"untick:skipped;cap:@clock;type:expir", shownBy(r, without(Skipped), "@clock", "expir")},
		}
		for _, tt := range tests {
			t.Run(tt.act, func(t *testing.T) {
				if tt.want == 0 {
					t.Fatalf("%s matches no rule of the run: a weak case", tt.act)
				}
				checkShown(t, chromium(t, bin, iurl+"?act="+tt.act, "--dump-dom"), tt.want)
			})
		}
	})

	t.Run("screenshots", func(t *testing.T) {
		shoot(t, bin, url, "run-reference.png", "1400")
		shoot(t, bin, url+"?verdict=skipped", "run-reference-skipped.png", "1400")
		shoot(t, bin, url+"?q=IMPORT-004#rule-IMPORT-004", "run-reference-import-004.png", "1400")
	})

	// A run with failures: the local-kms run the peers tool saves (go run
	// ./peers/cmd/peers), when this tree has one.
	peer := filepath.Join("..", ".peers", "reports", "local-kms")
	lk, err := Load(peer)
	if errors.Is(err, os.ErrNotExist) {
		t.Logf("no saved local-kms run in %s: the report with failures and the matrix are not shot", peer)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Run("local-kms", func(t *testing.T) {
		out := t.TempDir()
		if err := WriteAll(out, lk, []string{"html"}); err != nil {
			t.Fatal(err)
		}
		lurl := "file://" + filepath.Join(out, "report.html")
		checkCounts(t, chromium(t, bin, lurl, "--dump-dom"), lk)
		shoot(t, bin, lurl, "run-local-kms.png", "1600")
		shoot(t, bin, lurl+"?verdict=failed,unexpected-pass,expected-failure", "run-local-kms-deviations.png", "2000")

		var m bytes.Buffer
		if err := WriteMatrixHTML(&m, []*Run{r, lk}); err != nil {
			t.Fatal(err)
		}
		mpath := filepath.Join(out, "matrix.html")
		if err := os.WriteFile(mpath, m.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		shoot(t, bin, "file://"+mpath, "run-matrix.png", "2000")
	})
}
