package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/kmsconform/kmsconform/features"
	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reports"
	"github.com/kmsconform/kmsconform/steps"
	"github.com/kmsconform/kmsconform/target"
)

// suitePhase labels the suite's client goroutines in the CPU profile; the
// reference's goroutines carry no label (splitCPU).
const suitePhase = "suite"

// suiteTimes runs the whole suite in this process against the reference
// (test clock on, profile "reference") and against local-kms (profile
// "local-kms"), and prints wall time, scenarios/s and verdict counts. The
// reference run is CPU-profiled: the time the reference spends in RSA
// private-key work is measured from the profile's stacks, not estimated.
func suiteTimes(ctx context.Context, w io.Writer, local *endpoint) error {
	fmt.Fprintln(w, "== The whole suite against each target (scenarios run concurrently, the runner's default)")
	ref, err := server.Listen("127.0.0.1:0", server.Options{TestClock: true})
	if err != nil {
		return fmt.Errorf("bench: starting the reference: %w", err)
	}
	defer ref.Shutdown(context.Background())

	// -cpuprofile covered the cycle section only and has stopped by now.
	var prof bytes.Buffer
	if err := pprof.StartCPUProfile(&prof); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	var refRun *reports.Run
	var runErr error
	cpu0 := processCPU()
	start := time.Now()
	pprof.Do(ctx, pprof.Labels("phase", suitePhase), func(ctx context.Context) {
		refRun, runErr = runSuite(ctx, "reference", ref.URL())
	})
	refWall := time.Since(start)
	wall := refWall
	cpu := processCPU() - cpu0
	pprof.StopCPUProfile()
	if runErr != nil {
		return runErr
	}
	printSuite(w, "reference", refRun, wall)
	fmt.Fprintf(w, "   process CPU %.1fs over %.1fs wall (client and reference together)\n", cpu.Seconds(), wall.Seconds())
	{
		samples, err := parseCPUProfile(prof.Bytes())
		if err != nil {
			return err
		}
		s := splitCPU(samples, suitePhase)
		rsa := s.serverPrivate + s.serverKeygen
		fmt.Fprintf(w, "   reference in RSA private-key work (measured: CPU profile samples in crypto/internal/fips140/rsa decrypt/sign and GenerateKey):\n")
		fmt.Fprintf(w, "     %.2f CPU-s = %.1f%% of the %d cores over the %.1fs wall, %.1f%% of the reference's CPU (%.2fs), %.1f%% of the process's sampled CPU (%.2fs)\n",
			rsa.Seconds(), pct(rsa, wall*time.Duration(runtime.GOMAXPROCS(0))), runtime.GOMAXPROCS(0), wall.Seconds(),
			pct(rsa, s.server), s.server.Seconds(), pct(rsa, s.total), s.total.Seconds())
		fmt.Fprintf(w, "     of which decrypt/sign %.2fs, wrapping-key generation %.2fs; the client's own RSA work (wrap, local checks) %.2fs\n",
			s.serverPrivate.Seconds(), s.serverKeygen.Seconds(), s.clientRSA.Seconds())
	}

	if local == nil {
		fmt.Fprintln(w, "local-kms: not measured (local-kms did not run)")
	} else {
		start := time.Now()
		run, err := runSuite(ctx, "local-kms", local.url)
		if err != nil {
			return err
		}
		wall := time.Since(start)
		printSuite(w, "local-kms", run, wall)
		// The two runs execute different scenarios (local-kms claims no
		// capability, so more are skipped), so this compares runs, not speeds.
		fmt.Fprintf(w, "suite wall time local-kms/reference: %.2fx (local-kms skips the scenarios of capabilities it lacks)\n", wall.Seconds()/refWall.Seconds())
	}
	fmt.Fprintln(w)
	return nil
}

// runSuite runs every feature against url with the named built-in profile.
func runSuite(ctx context.Context, profile, url string) (*reports.Run, error) {
	p, err := target.Load(profile)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	run, err := steps.Run(ctx, steps.Options{
		Profile:     p,
		Features:    features.FS,
		Endpoint:    url,
		Credentials: credentials.NewStaticCredentialsProvider(server.DefaultAccessKeyID, server.DefaultSecretAccessKey, ""),
		Version:     "bench",
	})
	if err != nil {
		return nil, fmt.Errorf("bench: suite against %s: %w", profile, err)
	}
	return run, nil
}

func printSuite(w io.Writer, name string, run *reports.Run, wall time.Duration) {
	t := run.Totals()
	fmt.Fprintf(w, "%s: %d scenarios in %.1fs wall = %.1f scenarios/s; ", name, t.Total(), wall.Seconds(), float64(t.Total())/wall.Seconds())
	for i, v := range reports.Verdicts() {
		if i > 0 {
			fmt.Fprint(w, ", ")
		}
		fmt.Fprintf(w, "%s %d", v, t.Count(v))
	}
	fmt.Fprintln(w)
}

func pct(part, whole time.Duration) float64 {
	if whole <= 0 {
		return 0
	}
	return 100 * part.Seconds() / whole.Seconds()
}
