package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/kmsconform/kmsconform/fuzz"
	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/steps/kmsclient"
	"github.com/kmsconform/kmsconform/target"
)

func init() {
	register("fuzz", command{
		summary: "model-based run: random action sequences checked against a model of EXTERNAL keys; a mismatch is shrunk and printed as Gherkin",
		run:     runFuzz,
	})
}

// fuzzMaxSteps bounds --steps: a run keeps every action of its sequence in memory.
const fuzzMaxSteps = 1_000_000

// fuzzConfig is what the flags of `kmsconform fuzz` ask for, checked.
type fuzzConfig struct {
	endpoint   string // "" starts the embedded reference
	profile    *target.Profile
	steps      int
	checks     int
	seed       uint64
	out        string
	shrinkTime time.Duration
}

// runFuzz implements `kmsconform fuzz` (issue 5). Exit codes: 0 the target
// answered as the model predicted, 1 a mismatch (or a run that could not be
// carried out), 2 a usage error.
func runFuzz(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlagSet("fuzz", "[--endpoint URL --profile NAME|PATH] [--steps N] [--seed S] [--checks N] [--shrink-time D] [--out DIR]", stderr)
	endpoint := flags.String("endpoint", "", "`URL` of the KMS to check (default: start the embedded reference with its test clock on 127.0.0.1)")
	profile := flags.String("profile", "", "target profile `NAME|PATH` saying what the target supports (built-in: "+strings.Join(target.Builtins(), ", ")+"); required with --endpoint, default reference without")
	steps := flags.Int("steps", fuzz.DefaultSteps, "`number` of actions of each run")
	seed := flags.Uint64("seed", 0, "rapid `seed`; 0 picks one (printed, to replay a run with the same --steps)")
	checks := flags.Int("checks", 1, "`number` of runs, each with fresh keys")
	shrinkTime := flags.Duration("shrink-time", fuzz.DefaultShrinkTime, "bound on the `duration` of shrinking a failing run")
	out := flags.String("out", "", "`directory` to write a failing run's scenario to, as a .feature file")
	if code, ok := parseFlags(flags, args); !ok {
		return code
	}
	cfg, err := fuzzCheckFlags(*endpoint, *profile, *steps, *checks, *seed, *shrinkTime, *out)
	if err != nil {
		fmt.Fprintf(stderr, "kmsconform fuzz: %v\n", err)
		flags.Usage()
		return 2
	}
	return fuzzRun(ctx, cfg, stdout, stderr)
}

// fuzzCheckFlags checks the flag values, naming the flag and the fix.
func fuzzCheckFlags(endpoint, profile string, steps, checks int, seed uint64, shrinkTime time.Duration, out string) (*fuzzConfig, error) {
	cfg := &fuzzConfig{endpoint: endpoint, steps: steps, checks: checks, seed: seed, out: out, shrinkTime: shrinkTime}
	if endpoint != "" {
		if err := target.CheckEndpoint(endpoint); err != nil {
			return nil, fmt.Errorf("--endpoint: %w; use e.g. --endpoint http://127.0.0.1:4566", err)
		}
		if profile == "" {
			return nil, errors.New("--endpoint needs --profile NAME|PATH: the profile's capabilities decide which actions run (e.g. --profile reference for `kmsconform serve --test-clock`, --profile aws for AWS KMS)")
		}
	}
	if profile == "" {
		profile = "reference"
	}
	p, err := target.Load(profile)
	if err != nil {
		return nil, fmt.Errorf("--profile %s: %w", profile, err)
	}
	if endpoint == "" && p.Name != "reference" {
		// Without --endpoint the profile's own endpoint, else the Region's AWS endpoint.
		cfg.endpoint = p.Endpoint
		if cfg.endpoint == "" {
			cfg.endpoint = "https://kms." + p.Region + ".amazonaws.com"
		}
	}
	cfg.profile = p
	switch {
	case steps < 1 || steps > fuzzMaxSteps:
		return nil, fmt.Errorf("--steps %d is out of range; use a number from 1 to %d, e.g. --steps 2000", steps, fuzzMaxSteps)
	case checks < 1 || checks > 1000:
		return nil, fmt.Errorf("--checks %d is out of range; use a number from 1 to 1000", checks)
	case shrinkTime <= 0:
		return nil, fmt.Errorf("--shrink-time %s must be positive; use e.g. --shrink-time 1m", shrinkTime)
	}
	if out != "" {
		if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
			return nil, fmt.Errorf("--out %s is a file; name a directory (it is created if missing)", out)
		}
	}
	return cfg, nil
}

// fuzzRun connects to the target (or starts the embedded reference), runs the
// model and reports.
func fuzzRun(ctx context.Context, cfg *fuzzConfig, stdout, stderr io.Writer) int {
	endpoint := cfg.endpoint
	var creds aws.CredentialsProvider
	embedded := endpoint == ""
	if embedded {
		srv, err := server.Listen("127.0.0.1:0", server.Options{TestClock: true})
		if err != nil {
			fmt.Fprintf(stderr, "kmsconform fuzz: starting the embedded reference: %v\n", err)
			return 1
		}
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), serveShutdownTimeout)
			defer cancel()
			_ = srv.Shutdown(sctx)
		}()
		endpoint = srv.URL()
		creds = credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, "")
	} else {
		var err error
		if creds, err = target.DefaultCredentials(ctx, cfg.profile.Region); err != nil {
			fmt.Fprintf(stderr, "kmsconform fuzz: %v\n", err)
			return 1
		}
	}
	client, err := kmsclient.New(kmsclient.Config{Endpoint: endpoint, Region: cfg.profile.Region, Credentials: creds})
	if err != nil {
		fmt.Fprintf(stderr, "kmsconform fuzz: %v\n", err)
		return 1
	}
	where := endpoint
	if embedded {
		where += " (embedded reference, test clock on)"
	}
	fmt.Fprintf(stdout, "kmsconform fuzz: %d run(s) of %d actions against %s, profile %s (%s)\n",
		cfg.checks, cfg.steps, where, cfg.profile.Name, strings.Join(cfg.profile.Capabilities, ", "))

	start := time.Now()
	res, err := fuzz.Model(ctx, fuzz.Options{
		Client: client, Profile: cfg.profile, Steps: cfg.steps, Checks: cfg.checks,
		Seed: cfg.seed, ShrinkTime: cfg.shrinkTime, Cleanup: !embedded,
	})
	if err != nil {
		fmt.Fprintf(stderr, "kmsconform fuzz: %v\n", err)
		if errors.Is(err, kmsclient.ErrNoHooks) {
			fmt.Fprintln(stderr, "kmsconform fuzz: the profile claims the test clock (capability clock), but the target has no test hooks: start it with `kmsconform serve --test-clock`, or use a profile without clock")
		}
		return 1
	}
	fmt.Fprintf(stdout, "seed %d: %d actions sent, %d keys created, in %s\n", res.Seed, res.Actions, res.Keys, time.Since(start).Round(time.Millisecond))
	fuzzAnswers(stdout, res.Answers)
	if res.Failure == nil {
		fmt.Fprintln(stdout, "PASS: the target answered as the model predicted")
		return 0
	}
	g := res.Failure.Gherkin()
	fmt.Fprintf(stdout, "FAIL: the target differs from the model (replay: kmsconform fuzz --seed %d --steps %d)\n\n%s", res.Failure.Seed, res.Failure.Steps, g)
	if cfg.out != "" {
		path, err := fuzzWrite(cfg.out, res.Failure.Seed, g)
		if err != nil {
			fmt.Fprintf(stderr, "kmsconform fuzz: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "\nwritten to %s\n", path)
	}
	return 1
}

// fuzzAnswers prints how often each operation got each answer: what the run covered.
func fuzzAnswers(w io.Writer, answers map[string]int) {
	keys := make([]string, 0, len(answers))
	for k := range answers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %6d  %s\n", answers[k], k)
	}
}

// fuzzWrite writes the scenario as a feature file in dir.
func fuzzWrite(dir string, seed uint64, scenario string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("--out: %w", err)
	}
	path := filepath.Join(dir, fmt.Sprintf("fuzz-seed-%d.feature", seed))
	var b strings.Builder
	b.WriteString("Feature: kmsconform fuzz finding\n\n")
	for _, line := range strings.SplitAfter(scenario, "\n") {
		if line != "" {
			b.WriteString("  " + line)
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return "", fmt.Errorf("--out: %w", err)
	}
	return path, nil
}
