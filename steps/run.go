// Package steps runs the kmsconform rules catalogue (../shared/spec/rules.md),
// written as Gherkin features, against any server that speaks the AWS KMS API,
// and collects the results into the reports model.
//
// One entry point, Run, serves both callers (style.md §5): `go test` runs it
// against the embedded reference on loopback, `kmsconform run` against any
// endpoint. Step definitions are business-level and thin over the client layer
// (steps/kmsclient); each steps file registers its own (README.md).
package steps

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os/exec"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"

	"github.com/kmsconform/kmsconform/reports"
	"github.com/kmsconform/kmsconform/steps/kmsclient"
	"github.com/kmsconform/kmsconform/target"
)

// Options configure one run.
type Options struct {
	// Profile is the target's profile (capabilities, known deviations). Required.
	Profile *target.Profile
	// Features holds the .feature files (features.FS). Required.
	Features fs.FS
	// Endpoint is the target's URL; empty: the profile's, else the Region's AWS endpoint.
	Endpoint string
	// Region is the Region to sign for; empty: the profile's.
	Region string
	// Credentials sign the requests; nil: the standard AWS chain.
	Credentials aws.CredentialsProvider
	// Tags is a godog tag expression ("@hmac && ~@clock", "," for or).
	// @realtime scenarios run only when the expression names @realtime.
	Tags string
	// Concurrency is the number of scenarios run at once; 0: the number of CPUs.
	Concurrency int
	// Strict makes an unexpected pass a failure of the run.
	Strict bool
	// Timeout bounds each call to the target; 0: kmsclient.DefaultTimeout.
	Timeout time.Duration
	// Seed orders the scenarios; 0: a random seed, reported in the results.
	Seed int64
	// Progress receives progress lines and failures as they happen; nil: none.
	Progress io.Writer
	// RunID tags every key the run creates (kmsconform:run-id); empty: generated.
	RunID string
	// Version is recorded in the results.
	Version string
	// Cleanup schedules the deletion of every created key when its scenario
	// ends. Run turns it on for every profile but "reference".
	Cleanup *bool
	// ConsistencyWindow bounds the polling for a state change; nil: the
	// profile's (target.Profile.Consistency). 0 checks each state once.
	ConsistencyWindow *time.Duration
}

// RunIDTag is the tag key on every key the suite creates.
const RunIDTag = "kmsconform:run-id"

// runner is what the scenarios of one run share.
type runner struct {
	opts        Options
	profile     *target.Profile
	caps        map[string]bool
	client      *kmsclient.Client
	timeout     time.Duration
	cleanupKeys bool
	runID       string

	pollTimeout, pollInterval time.Duration

	// clockLock lets a @clock scenario run alone: it moves time for everyone.
	clockLock sync.RWMutex

	mu      sync.Mutex
	clients map[string]*kmsclient.Client // by Region
	creds   aws.CredentialsProvider
	endpt   string

	coll *collector
	out  io.Writer
	omu  sync.Mutex
}

// runnerCapabilities are capabilities of the machine running the suite, not of
// the target: @openssl scenarios wrap key material with the openssl command.
func runnerCapabilities() []string {
	var caps []string
	if _, err := exec.LookPath("openssl"); err == nil {
		caps = append(caps, "openssl")
	}
	return caps
}

// skipReason says why a scenario with these tags cannot run against the
// target, or "" when it can. A claimed capability is never a reason
// (design.md "Verdicts").
func (r *runner) skipReason(tags []string) string {
	var missing, present []string
	for _, t := range tags {
		switch {
		case strings.HasPrefix(t, "without-"):
			if c := strings.TrimPrefix(t, "without-"); r.caps[c] {
				present = append(present, "@"+c)
			}
		case slices.Contains(target.Capabilities, t) || t == "openssl":
			if !r.caps[t] {
				missing = append(missing, "@"+t)
			}
		}
	}
	switch {
	case len(missing) > 0 && slices.Equal(missing, []string{"@openssl"}):
		return "the machine running the suite lacks capability @openssl (no openssl on PATH)"
	case len(missing) > 0:
		return "target lacks capability " + strings.Join(dedup(missing), ", ")
	case len(present) > 0:
		return "scenario is for targets without " + strings.Join(dedup(present), ", ")
	}
	return ""
}

func dedup(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func (r *runner) clientIn(region string) (*kmsclient.Client, error) {
	if region == "" || region == r.client.Region() {
		return r.client, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.clients[region]; ok {
		return c, nil
	}
	c, err := kmsclient.New(kmsclient.Config{Endpoint: r.endpt, Region: region, Credentials: r.creds, Timeout: r.timeout, HTTPClient: newHTTPClient()})
	if err != nil {
		return nil, err
	}
	r.clients[region] = c
	return c, nil
}

func (r *runner) logf(format string, args ...any) {
	if r.out == nil {
		return
	}
	r.omu.Lock()
	defer r.omu.Unlock()
	fmt.Fprintf(r.out, format+"\n", args...)
}

func (r *runner) stepStarted(id string)          { r.coll.stepStarted(id) }
func (r *runner) stepEnded(id string, err error) { r.coll.stepEnded(id, err) }

// realtimeTags adds "~@realtime" to every or-branch of expr that does not
// name @realtime: those scenarios wait in real time and run only when asked.
func realtimeTags(expr string) string {
	if strings.TrimSpace(expr) == "" {
		return "~@realtime"
	}
	var out []string
	for _, branch := range strings.Split(expr, ",") {
		if !strings.Contains(branch, "realtime") {
			branch = strings.TrimSpace(branch) + " && ~@realtime"
		}
		out = append(out, strings.TrimSpace(branch))
	}
	return strings.Join(out, ",")
}

// NewRunID returns a fresh run ID: the UTC time and 4 random bytes.
func NewRunID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

// collectors maps a godog suite name to the collector of its run, so that the
// one registered formatter can serve concurrent runs.
var (
	collectors   sync.Map
	registerOnce sync.Once
	suiteSeq     atomic.Int64
)

const formatterName = "kmsconform-results"

// Run runs the features in opts.Features against the target and returns the
// results. The error is for a run that could not start (bad options, features
// that do not parse); failing scenarios are results, not errors.
func Run(ctx context.Context, opts Options) (*reports.Run, error) {
	if opts.Profile == nil {
		return nil, errors.New("steps: no target profile")
	}
	if opts.Features == nil {
		return nil, errors.New("steps: no features")
	}
	if opts.Region == "" {
		opts.Region = opts.Profile.Region
	}
	if opts.Endpoint == "" {
		opts.Endpoint = opts.Profile.Endpoint
	}
	if opts.Endpoint != "" {
		if err := target.CheckEndpoint(opts.Endpoint); err != nil {
			return nil, fmt.Errorf("steps: %w", err)
		}
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = runtime.NumCPU()
	}
	if opts.Timeout <= 0 {
		opts.Timeout = kmsclient.DefaultTimeout
	}
	if opts.RunID == "" {
		opts.RunID = NewRunID()
	}
	if opts.Seed == 0 {
		n, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
		opts.Seed = n.Int64() + 1
	}
	creds := opts.Credentials
	if creds == nil {
		var err error
		if creds, err = target.DefaultCredentials(ctx, opts.Region); err != nil {
			return nil, fmt.Errorf("steps: %w", err)
		}
	}
	client, err := kmsclient.New(kmsclient.Config{Endpoint: opts.Endpoint, Region: opts.Region, Credentials: creds, Timeout: opts.Timeout, HTTPClient: newHTTPClient()})
	if err != nil {
		return nil, fmt.Errorf("steps: %w", err)
	}
	r := &runner{
		opts:        opts,
		profile:     opts.Profile,
		caps:        map[string]bool{},
		client:      client,
		timeout:     opts.Timeout,
		cleanupKeys: opts.Profile.Name != "reference",
		runID:       opts.RunID,
		clients:     map[string]*kmsclient.Client{},
		creds:       creds,
		endpt:       opts.Endpoint,
		out:         opts.Progress,
	}
	if opts.Cleanup != nil {
		r.cleanupKeys = *opts.Cleanup
	}
	// AWS is eventually consistent (rules.md), the reference and local-kms
	// are not: their profiles say so, and a missing state change then fails
	// at once instead of after a minute of polling.
	window := opts.Profile.Consistency()
	if opts.ConsistencyWindow != nil {
		window = *opts.ConsistencyWindow
	}
	if window > 0 {
		r.pollTimeout, r.pollInterval = window, min(500*time.Millisecond, window)
	}
	var capList []string
	for _, c := range append(slices.Clone(opts.Profile.Capabilities), runnerCapabilities()...) {
		r.caps[strings.TrimPrefix(c, "@")] = true
		capList = append(capList, strings.TrimPrefix(c, "@"))
	}
	sort.Strings(capList)

	tags := realtimeTags(opts.Tags)
	suiteName := fmt.Sprintf("kmsconform-%d", suiteSeq.Add(1))
	godogOpts := &godog.Options{
		Format:         formatterName,
		Output:         io.Discard,
		NoColors:       true,
		FS:             opts.Features,
		Paths:          []string{"."},
		Tags:           tags,
		Concurrency:    opts.Concurrency,
		Randomize:      opts.Seed,
		Strict:         true,
		DefaultContext: ctx,
	}
	suite := godog.TestSuite{
		Name: suiteName,
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			w := &World{r: r}
			w.scenarioHooks(sc)
			for _, reg := range registrars {
				reg(sc, w)
			}
		},
		Options: godogOpts,
	}
	feats, err := suite.RetrieveFeatures()
	if err != nil {
		return nil, fmt.Errorf("steps: reading the features: %w", err)
	}
	total := 0
	for _, f := range feats {
		total += len(f.Pickles)
	}
	r.coll = newCollector(r, total)
	registerOnce.Do(func() {
		godog.Format(formatterName, "kmsconform results model", func(suite string, _ io.Writer) formatters.Formatter {
			c, ok := collectors.Load(suite)
			if !ok {
				panic("steps: no collector for suite " + suite)
			}
			return c.(*collector)
		})
	})
	collectors.Store(suiteName, r.coll)
	defer collectors.Delete(suiteName)

	r.logf("kmsconform: %d scenarios against %s (profile %s, region %s), seed %d, run ID %s",
		total, endpointLabel(opts.Endpoint, opts.Region), opts.Profile.Name, opts.Region, opts.Seed, opts.RunID)
	started := time.Now()
	if code := suite.Run(); code == 2 {
		return nil, errors.New("steps: godog refused the options (see stderr)")
	}
	run := &reports.Run{
		ID:      opts.RunID,
		Version: opts.Version,
		Target: reports.Target{
			Endpoint:     endpointLabel(opts.Endpoint, opts.Region),
			Profile:      opts.Profile.Name,
			Region:       opts.Region,
			Capabilities: capList,
		},
		Started:  started.UTC(),
		Duration: time.Since(started),
		Seed:     opts.Seed,
		Tags:     tags,
		Strict:   opts.Strict,
		Features: r.coll.features(),
	}
	return run, nil
}

func endpointLabel(endpoint, region string) string {
	if endpoint == "" {
		return "https://kms." + region + ".amazonaws.com"
	}
	return endpoint
}

// Failures lists the scenarios of run that fail it: failed ones, and
// unexpected passes under strict, as "RULE-ID scenario: reason".
func Failures(run *reports.Run, strict bool) []string {
	var out []string
	for _, f := range run.Features {
		for _, rule := range f.Rules {
			for _, s := range rule.Scenarios {
				if s.Verdict == reports.Failed || (strict && s.Verdict == reports.UnexpectedPass) {
					msg := s.Reason
					for _, st := range s.Steps {
						if st.Error != "" {
							msg = fmt.Sprintf("line %d: %s%s: %s", st.Line, st.Keyword, st.Text, st.Error)
							break
						}
					}
					out = append(out, fmt.Sprintf("%s %s [%s] %s", rule.ID, s.Name, s.Verdict, msg))
				}
			}
		}
	}
	return out
}
