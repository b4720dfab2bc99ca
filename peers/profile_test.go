package peers

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kmsconform/kmsconform/reports"
)

// TestLocalKMSProfile runs `kmsconform run` against a fresh local-kms twice:
// with the local-kms profile it must exit 0 (every failure is a listed
// deviation), with the aws profile it must exit 1, and every scenario that
// was an expected failure under the local-kms profile must be reported
// failed under aws (issue 6, "Done when").
func TestLocalKMSProfile(t *testing.T) {
	bin := installed(t)
	if testing.Short() {
		t.Skip("runs the whole suite twice; skipped with -short")
	}
	root, err := ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tmp := t.TempDir()
	cli := filepath.Join(tmp, "kmsconform")
	build := exec.CommandContext(ctx, "go", "build", "-o", cli, "./cmd/kmsconform")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/kmsconform: %v\n%s", err, out)
	}
	p, err := StartLocalKMS(ctx, Options{Binary: bin})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()

	run := func(profile string) (int, *reports.Run) {
		out := filepath.Join(tmp, profile)
		// local-kms is one in-memory process, immediately consistent: the aws
		// profile's minute of polling for each state it never reaches would
		// only make the run slower, not its verdicts different.
		cmd := exec.CommandContext(ctx, cli, "run", "--endpoint", p.URL(), "--profile", profile, "--out", out, "--format", "md", "--consistency-window", "0s")
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY=secret", "AWS_PROFILE=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
		output, err := cmd.CombinedOutput()
		code := 0
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			code = ee.ExitCode()
		case err != nil:
			t.Fatalf("kmsconform run --profile %s: %v", profile, err)
		}
		r, err := reports.Load(out)
		if err != nil {
			t.Fatalf("--profile %s exited %d without results: %v\n%s", profile, code, err, output)
		}
		if code != 0 {
			t.Logf("--profile %s exited %d; failures:\n%s", profile, code, failures(r))
		}
		return code, r
	}

	code, local := run("local-kms")
	if code != 0 {
		t.Errorf("kmsconform run --profile local-kms exited %d, want 0", code)
	}
	code, aws := run("aws")
	if code != 1 {
		t.Errorf("kmsconform run --profile aws exited %d, want 1", code)
	}
	failedUnderAWS := map[string]bool{}
	for _, s := range scenarios(aws) {
		if s.verdict == reports.Failed {
			failedUnderAWS[s.key] = true
		}
	}
	n := 0
	for _, s := range scenarios(local) {
		if s.verdict != reports.ExpectedFailure {
			continue
		}
		n++
		if !failedUnderAWS[s.key] {
			t.Errorf("%s: an expected failure under the local-kms profile, not a failure under aws", s.key)
		}
	}
	if n == 0 {
		t.Error("no expected failure under the local-kms profile: the comparison proves nothing")
	}
}

type scenarioVerdict struct {
	key     string // rule ID and scenario name
	verdict reports.Verdict
}

func scenarios(r *reports.Run) []scenarioVerdict {
	var out []scenarioVerdict
	for _, f := range r.Features {
		for _, rule := range f.Rules {
			for _, s := range rule.Scenarios {
				out = append(out, scenarioVerdict{rule.ID + " " + s.Name, s.Verdict})
			}
		}
	}
	slices.SortFunc(out, func(a, b scenarioVerdict) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	return out
}

func failures(r *reports.Run) string {
	s := ""
	for _, v := range scenarios(r) {
		if v.verdict == reports.Failed || v.verdict == reports.UnexpectedPass {
			s += "  " + string(v.verdict) + " " + v.key + "\n"
		}
	}
	return s
}
