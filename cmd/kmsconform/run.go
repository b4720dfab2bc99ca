package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/kmsconform/kmsconform/features"
	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reports"
	"github.com/kmsconform/kmsconform/steps"
	"github.com/kmsconform/kmsconform/target"
)

func init() {
	register("run", command{
		summary: "run the conformance suite against an endpoint (default: the embedded reference)",
		run:     runRun,
	})
}

const runSynopsis = "[--endpoint URL] [--profile NAME|PATH] [--region R] [--tags EXPR] [--concurrency N] [--out DIR] [--format html,md,junit,cucumber] [--strict] [--timeout D] [--consistency-window D] [--seed N]"

// runRun implements `kmsconform run` (issue 3): it runs every feature against
// the target and writes the reports. Exit 0 when every scenario passed, was
// skipped or was an expected failure; 1 on a failure (or an unexpected pass
// with --strict) or a run that could not happen; 2 on a usage error.
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlagSet("run", runSynopsis, stderr)
	endpoint := flags.String("endpoint", "", "`URL` of the KMS endpoint to test (default: start the embedded reference on 127.0.0.1 with its test clock)")
	profileName := flags.String("profile", "", "target profile: a built-in `name` ("+strings.Join(target.Builtins(), ", ")+") or the path of a profile file (default: reference without --endpoint, aws with it)")
	region := flags.String("region", "", "`Region` to sign for (default: the profile's)")
	tags := flags.String("tags", "", "godog tag `expression`, e.g. '@hmac && ~@clock' ('~' not, '&&' and, ',' or); @realtime scenarios run only when named")
	concurrency := flags.Int("concurrency", runtime.NumCPU(), "`number` of scenarios run at once")
	out := flags.String("out", "kmsconform-report", "`directory` for results.json and the reports")
	format := flags.String("format", strings.Join(reports.FormatNames(), ","), "comma-separated report `formats`: "+strings.Join(reports.FormatNames(), ", "))
	strict := flags.Bool("strict", false, "fail the run when a known deviation passes (unexpected pass)")
	timeout := flags.Duration("timeout", 30*time.Second, "bound of each call to the target, retries included")
	consistency := flags.String("consistency-window", "", "`duration` a change may take to show on the target: steps poll that long for a state (default: the profile's consistencyWindow, else 60s; 0s checks once)")
	seed := flags.Int64("seed", 0, "scenario order `seed` (0: random; the seed used is printed and recorded)")
	if code, ok := parseFlags(flags, args); !ok {
		return code
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "kmsconform run: "+format+"\n", a...)
		flags.Usage()
		return 2
	}
	if *endpoint != "" {
		if err := target.CheckEndpoint(*endpoint); err != nil {
			return usage("--endpoint: %v; give the full URL, e.g. --endpoint https://kms.us-east-1.amazonaws.com or http://127.0.0.1:4566", err)
		}
	}
	if *concurrency < 1 {
		return usage("--concurrency %d: run at least 1 scenario at a time (e.g. --concurrency %d)", *concurrency, runtime.NumCPU())
	}
	var window *time.Duration
	if *consistency != "" {
		d, err := time.ParseDuration(*consistency)
		if err != nil || d < 0 {
			return usage("--consistency-window %q: give a duration of 0s or more, e.g. --consistency-window 60s", *consistency)
		}
		window = &d
	}
	if *timeout <= 0 {
		return usage("--timeout %s: give a positive duration, e.g. --timeout 30s", *timeout)
	}
	formats, err := reports.ParseFormats(*format)
	if err != nil {
		return usage("--format: %v", err)
	}
	if *profileName == "" {
		*profileName = "reference"
		if *endpoint != "" {
			*profileName = "aws"
		}
	}
	profile, err := target.Load(*profileName)
	if err != nil {
		return usage("--profile: %v", err)
	}

	opts := steps.Options{
		Profile:     profile,
		Features:    features.FS,
		Endpoint:    *endpoint,
		Region:      *region,
		Tags:        *tags,
		Concurrency: *concurrency,
		Strict:      *strict,
		Timeout:     *timeout,
		Seed:        *seed,
		Progress:    stdout,
		Version:     version(),
	}
	opts.ConsistencyWindow = window
	if opts.Region == "" {
		opts.Region = profile.Region
	}
	if *endpoint == "" && profile.Endpoint == "" && profile.Name == "reference" {
		srv, err := server.Listen("127.0.0.1:0", server.Options{Region: opts.Region, TestClock: true,
			AccessKeyID: server.DefaultAccessKeyID, SecretAccessKey: server.DefaultSecretAccessKey})
		if err != nil {
			fmt.Fprintf(stderr, "kmsconform run: starting the embedded reference: %v\n", err)
			return 1
		}
		defer func() {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			_ = srv.Shutdown(sctx)
		}()
		opts.Endpoint = srv.URL()
		fmt.Fprintf(stdout, "kmsconform run: embedded reference on %s (test clock on)\n", opts.Endpoint)
	}
	opts.Credentials = credentialsFor(profile)

	run, err := steps.Run(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "kmsconform run: %v\n", err)
		return 1
	}
	printSummary(stdout, run, *strict)
	if err := reports.WriteAll(*out, run, formats); err != nil {
		fmt.Fprintf(stderr, "kmsconform run: writing the reports: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "reports (%s) in %s\n", strings.Join(formats, ", "), *out)
	if len(steps.Failures(run, *strict)) > 0 {
		return 1
	}
	return 0
}

// credentialsFor is nil (the standard AWS chain) except for the reference
// profile without credentials in the environment: the reference accepts the
// AWS documentation's example key by default (kmsconform serve).
func credentialsFor(p *target.Profile) aws.CredentialsProvider {
	if p.Name == "reference" && os.Getenv("AWS_ACCESS_KEY_ID") == "" {
		return credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, "")
	}
	return nil
}

// printSummary writes one line per rule that did not pass, then the totals.
func printSummary(w io.Writer, run *reports.Run, strict bool) {
	fmt.Fprintln(w, "\nsummary by rule:")
	rules, passed := 0, 0
	for _, f := range run.Features {
		for i := range f.Rules {
			rule := &f.Rules[i]
			rules++
			v := rule.Verdict()
			if v == reports.Passed {
				passed++
				continue
			}
			t := rule.Totals()
			fmt.Fprintf(w, "  %-16s %-11s %d/%d scenarios", strings.ToUpper(v.Label()), rule.ID, t.Count(v), t.Total())
			for _, s := range rule.Scenarios {
				if s.Verdict == v {
					if why := scenarioWhy(s); why != "" {
						fmt.Fprintf(w, ": %s", why)
					}
					break
				}
			}
			fmt.Fprintln(w)
		}
	}
	t := run.Totals()
	fmt.Fprintf(w, "%d rules, %d passed; %d scenarios: %d passed, %d failed, %d skipped, %d expected failures, %d unexpected passes (seed %d, %s)\n",
		rules, passed, t.Total(), t.Count(reports.Passed), t.Count(reports.Failed), t.Count(reports.Skipped),
		t.Count(reports.ExpectedFailure), t.Count(reports.UnexpectedPass), run.Seed, run.Duration.Round(time.Millisecond))
	if n := len(steps.Failures(run, strict)); n > 0 {
		fmt.Fprintf(w, "FAIL: %d scenarios\n", n)
	} else {
		fmt.Fprintln(w, "OK")
	}
}

func scenarioWhy(s reports.Scenario) string {
	if s.Reason != "" {
		return s.Reason
	}
	for _, st := range s.Steps {
		if st.Error != "" {
			msg := st.Error
			if i := strings.IndexByte(msg, '\n'); i >= 0 {
				msg = msg[:i]
			}
			return fmt.Sprintf("line %d: %s", st.Line, msg)
		}
	}
	return ""
}

// version is the module version of the binary, "devel" when built from a tree.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
