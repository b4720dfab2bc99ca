// Command bench measures the reference KMS (reference/server) and compares it
// with local-kms (package peers), in one run, through the real aws-sdk-go-v2
// KMS client over loopback. It prints numbers; it asserts nothing.
//
//	go run ./bench [-duration 2s | -n 500] [-warmup 20] [-workers 1,2] [-specs RSA_2048,...]
//	               [-local-kms=true] [-suite=true] [-cpuprofile FILE]
//
// Sections:
//
//   - Import cycle vs. its bound (issue "The reference KMS", Speed): per
//     wrapping key spec, the cycle CreateKey (Origin EXTERNAL) +
//     GetParametersForImport (RSAES_OAEP_SHA_256) + client wrap +
//     ImportKeyMaterial in ops/s, against the one RSA private decrypt of that
//     size the cycle cannot avoid (rsa.DecryptOAEP, measured here with as many
//     goroutines as client workers), and their ratio (aim: cycle/bound >= 0.5).
//   - Reference vs. local-kms (issue 6, Speed): the RSA_2048 cycle against
//     both, ops/s and p50/p99 per call, and the ratio (aim: 5x or more).
//   - The whole suite against each endpoint: wall time, scenarios/s and the
//     reference's share of time in RSA private-key operations.
//
// The reference and local-kms run on the same machine as the client, so every
// number includes the client's own CPU (SDK, SigV4, the wrap).
package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/kmsconform/kmsconform/peers"
	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reference/wrapping"
)

type config struct {
	budget     budget
	warmup     int
	rounds     int
	suite      bool
	workers    []int
	specs      []wrapping.Spec
	localKMS   bool
	cpuprofile string
}

func main() {
	var c config
	var workers, specs string
	flag.DurationVar(&c.budget.D, "duration", 2*time.Second, "how long each measurement runs")
	flag.IntVar(&c.budget.N, "n", 0, "a fixed number of operations per measurement instead of -duration")
	flag.IntVar(&c.warmup, "warmup", 20, "cycles (or decrypts) run before each measurement and not counted")
	flag.IntVar(&c.rounds, "rounds", 3, "alternated rounds of bound and cycle per spec and worker count (the median is reported)")
	flag.StringVar(&workers, "workers", "1,2", "comma-separated client worker counts")
	flag.StringVar(&specs, "specs", "RSA_2048,RSA_3072,RSA_4096", "comma-separated wrapping key specs for the cycle-vs-bound section")
	flag.BoolVar(&c.localKMS, "local-kms", true, "compare with local-kms (installed into .peers/bin if missing)")
	flag.BoolVar(&c.suite, "suite", true, "time the whole suite against each target")
	flag.StringVar(&c.cpuprofile, "cpuprofile", "", "also write the CPU profile of each spec's cycle measurements to FILE.<spec>")
	flag.Parse()
	var err error
	if c.workers, err = parseWorkers(workers); err == nil {
		c.specs, err = parseSpecs(specs)
	}
	if err == nil && flag.NArg() != 0 {
		err = fmt.Errorf("unexpected argument %q", flag.Arg(0))
	}
	if err == nil && (c.budget.N < 0 || c.budget.N == 0 && c.budget.D <= 0) {
		err = errors.New("-n must be positive, or -duration positive")
	}
	if err == nil && c.rounds < 1 {
		err = errors.New("-rounds must be at least 1")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, os.Stdout, c)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func parseWorkers(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-workers: %q is not a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func parseSpecs(s string) ([]wrapping.Spec, error) {
	var out []wrapping.Spec
	for f := range strings.SplitSeq(s, ",") {
		spec := wrapping.Spec(strings.TrimSpace(f))
		if spec.Bits() == 0 || spec == wrapping.SM2 {
			return nil, fmt.Errorf("-specs: %q is not RSA_2048, RSA_3072 or RSA_4096", f)
		}
		out = append(out, spec)
	}
	return out, nil
}

func run(ctx context.Context, w io.Writer, c config) error {
	fmt.Fprintf(w, "kmsconform bench: %s/%s, %d CPUs, GOMAXPROCS %d, %s per measurement, %d warm-up, load average %s\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), c.budget, c.warmup, loadAverage())
	fmt.Fprintln(w, "(client and servers share this machine: every number includes the client's CPU, and other load skews them)")
	fmt.Fprintln(w)

	ref, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		return fmt.Errorf("bench: starting the reference: %w", err)
	}
	defer ref.Shutdown(context.Background())
	refTarget := endpoint{name: "reference", url: ref.URL(), accessKey: server.DefaultAccessKeyID, secretKey: server.DefaultSecretAccessKey}

	if err := cycleVsBound(ctx, w, c, refTarget); err != nil {
		return err
	}

	var local *endpoint
	if c.localKMS {
		lk, stopLocal, err := startLocalKMS(ctx)
		if err != nil {
			fmt.Fprintf(w, "local-kms: not measured: %v\n\n", err)
		} else {
			defer stopLocal()
			local = &lk
		}
	}
	if err := referenceVsLocal(ctx, w, c, refTarget, local); err != nil {
		return err
	}
	if c.suite {
		if err := suiteTimes(ctx, w, local); err != nil {
			return err
		}
	}
	return nil
}

// endpoint is a KMS endpoint and the credentials it accepts.
type endpoint struct {
	name, url            string
	accessKey, secretKey string
}

// startLocalKMS installs local-kms if needed (go install is a no-op when the
// build is cached) and starts it; the error says why it cannot run here.
func startLocalKMS(ctx context.Context) (endpoint, func(), error) {
	root, err := peers.ProjectRoot()
	if err != nil {
		return endpoint{}, nil, err
	}
	bin, err := peers.LocalKMSBinary(peers.BinDir(root))
	if err != nil {
		if bin, err = peers.InstallLocalKMS(ctx, peers.BinDir(root)); err != nil {
			return endpoint{}, nil, err
		}
	}
	p, err := peers.StartLocalKMS(ctx, peers.Options{Binary: bin})
	if err != nil {
		return endpoint{}, nil, err
	}
	// local-kms checks no signature; the client signs anyway, as against AWS.
	return endpoint{name: "local-kms", url: p.URL(), accessKey: server.DefaultAccessKeyID, secretKey: server.DefaultSecretAccessKey},
		func() { p.Stop() }, nil
}

// measureCycle warms up, then measures the import cycle of spec against t.
func measureCycle(ctx context.Context, c config, t endpoint, spec wrapping.Spec, workers int, warm bool) (result, error) {
	client := newClient(t.url, peers.DefaultRegion, t.accessKey, t.secretKey, workers)
	op := func(ctx context.Context, lat *[nCalls]time.Duration) error { return cycle(ctx, client, spec, lat) }
	if warm && c.warmup > 0 {
		if _, err := loop(ctx, "warmup", workers, budget{N: c.warmup}, op); err != nil {
			return result{}, fmt.Errorf("%s, %s warm-up: %w", t.name, spec, err)
		}
	}
	r, err := loop(ctx, "cycle", workers, c.budget, op)
	if err != nil {
		return r, fmt.Errorf("%s, %s, %d workers: %w", t.name, spec, workers, err)
	}
	return r, nil
}

// measureDecrypt measures rsa.DecryptOAEP (SHA-256, 32-byte message) with a
// fresh key of spec: the private-key operation ImportKeyMaterial cannot avoid.
func measureDecrypt(ctx context.Context, c config, spec wrapping.Spec, workers int, priv *rsa.PrivateKey, warm bool) (result, error) {
	ct, err := rsa.EncryptOAEP(crypto.SHA256.New(), rand.Reader, &priv.PublicKey, make([]byte, 32), nil)
	if err != nil {
		return result{}, fmt.Errorf("bench: %w", err)
	}
	op := func(context.Context, *[nCalls]time.Duration) error {
		_, err := rsa.DecryptOAEP(crypto.SHA256.New(), nil, priv, ct, nil)
		return err
	}
	if warm && c.warmup > 0 {
		if _, err := loop(ctx, "warmup", workers, budget{N: c.warmup}, op); err != nil {
			return result{}, err
		}
	}
	return loop(ctx, "bound", workers, c.budget, op)
}

// cycleVsBound alternates bound and cycle measurements for c.rounds rounds,
// so that both see the same load on a shared machine, and reports the median
// of each and of the per-round ratios.
func cycleVsBound(ctx context.Context, w io.Writer, c config, ref endpoint) error {
	fmt.Fprintln(w, "== Import cycle of the reference vs. the bound of one RSA private decrypt (aim: cycle/bound >= 0.50)")
	fmt.Fprintf(w, "   median of %d alternated rounds; decrypt runs with as many goroutines as the cycle has client workers\n", c.rounds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "   CPU/op: process CPU (client + server + background key generation) per cycle or decrypt; the CPU ratio")
	fmt.Fprintln(w, "   decrypt/cycle is what the wall ratio would be on otherwise idle cores, so it hardly moves with other load")
	fmt.Fprintln(tw, "spec\tworkers\tcycles\tcycle ops/s\tdecrypt ops/s\tcycle/bound\tcycle CPU/op\tdecrypt CPU/op\tCPU ratio\tcycle p50\tcycle p99\taim (wall, CPU)\t")
	var breakdown []string
	for _, spec := range c.specs {
		priv, err := wrapping.GenerateKey(rand.Reader, spec)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		// One profile per spec (pprof allows one at a time, not nested):
		// where the cycles' CPU goes, measured rather than guessed.
		var prof bytes.Buffer
		if err := pprof.StartCPUProfile(&prof); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		specCycles := 0
		var specBound result
		for _, n := range c.workers {
			var cycles, bounds, ratios []float64
			var all, allBound result
			for round := range c.rounds {
				bound, err := measureDecrypt(ctx, c, spec, n, priv, round == 0)
				if err != nil {
					return fmt.Errorf("bench: decrypt %s: %w", spec, err)
				}
				cyc, err := measureCycle(ctx, c, ref, spec, n, round == 0)
				if err != nil {
					return err
				}
				cycles = append(cycles, cyc.opsPerSec())
				bounds = append(bounds, bound.opsPerSec())
				ratios = append(ratios, cyc.opsPerSec()/bound.opsPerSec())
				all.merge(cyc)
				allBound.merge(bound)
			}
			specCycles += all.ops
			specBound.merge(allBound)
			ratio := median(ratios)
			cpuRatio := float64(allBound.cpuPerOp()) / float64(all.cpuPerOp())
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t%.2f\t%s\t%s\t%.2f\t%s\t%s\t%s, %s\t\n", spec, n, all.ops, median(cycles), median(bounds), ratio,
				ms(all.cpuPerOp()), ms(allBound.cpuPerOp()), cpuRatio,
				ms(percentile(all.total, 50)), ms(percentile(all.total, 99)), aimMet(ratio >= 0.5), aimMet(cpuRatio >= 0.5))
		}
		pprof.StopCPUProfile()
		if c.cpuprofile != "" {
			name := c.cpuprofile + "." + string(spec)
			if err := os.WriteFile(name, prof.Bytes(), 0o644); err != nil {
				return fmt.Errorf("bench: %w", err)
			}
			fmt.Fprintf(w, "   (CPU profile of the %s measurements: %s; the cycles alone: go tool pprof -top -tagignore phase=bound,warmup %s)\n", spec, name, name)
		}
		samples, err := parseCPUProfile(prof.Bytes())
		if err != nil {
			return err
		}
		b := cycleBreakdown(samples)
		per := func(d time.Duration) string { return ms(d / time.Duration(max(specCycles, 1))) }
		breakdown = append(breakdown, fmt.Sprintf("%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t", spec, specCycles,
			per(b.total), ms(specBound.cpuPerOp()), per(b.decrypt), per(b.keygen), per(b.client), per(b.serverOther), per(b.runtime)))
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(w, "   where a cycle's CPU goes (CPU profile of the cycle measurements, per cycle, all worker counts together):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "spec\tcycles\tcycle CPU\tbound: 1 decrypt\tserver RSA decrypt\tserver wrapping-key generation\tclient (SDK, SigV4, wrap)\tserver other (HTTP, JSON, SigV4, kms)\truntime (GC, scheduler)\t")
	for _, row := range breakdown {
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
	fmt.Fprintln(w)
	return nil
}

// referenceVsLocal alternates the RSA_2048 cycle against the reference and
// local-kms for c.rounds rounds and reports the median rate of each.
func referenceVsLocal(ctx context.Context, w io.Writer, c config, ref endpoint, local *endpoint) error {
	const spec = wrapping.RSA2048
	fmt.Fprintf(w, "== Import cycle (%s, RSAES_OAEP_SHA_256), reference vs. local-kms %s (aim: reference/local-kms >= 5)\n", spec, peers.LocalKMSVersion)
	fmt.Fprintf(w, "   ops/s: median of %d alternated rounds; latencies over all rounds\n", c.rounds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "target\tworkers\tcycles\tops/s\t")
	for _, name := range callNames {
		fmt.Fprintf(tw, "%s p50\tp99\t", name)
	}
	fmt.Fprintln(tw)
	targets := []endpoint{ref}
	if local != nil {
		targets = append(targets, *local)
	}
	rates := map[string]map[int]float64{}
	for _, t := range targets {
		rates[t.name] = map[int]float64{}
	}
	for _, n := range c.workers {
		all := make([]result, len(targets))
		perRound := make([][]float64, len(targets))
		for round := range c.rounds {
			for i, t := range targets {
				r, err := measureCycle(ctx, c, t, spec, n, round == 0)
				if err != nil {
					return err
				}
				all[i].merge(r)
				perRound[i] = append(perRound[i], r.opsPerSec())
			}
		}
		for i, t := range targets {
			r := all[i]
			rates[t.name][n] = median(perRound[i])
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t", t.name, n, r.ops, rates[t.name][n])
			for j := range callNames {
				fmt.Fprintf(tw, "%s\t%s\t", ms(percentile(r.calls[j], 50)), ms(percentile(r.calls[j], 99)))
			}
			fmt.Fprintln(tw)
		}
	}
	tw.Flush()
	if local == nil {
		fmt.Fprintln(w, "ratio reference/local-kms: not measured (local-kms did not run)")
	} else {
		for _, n := range c.workers {
			ratio := rates["reference"][n] / rates["local-kms"][n]
			fmt.Fprintf(w, "ratio reference/local-kms, %d workers: %.1fx (aim >= 5x: %s)\n", n, ratio, aimMet(ratio >= 5))
		}
	}
	fmt.Fprintln(w)
	return nil
}

func aimMet(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// loadAverage returns the 1, 5 and 15-minute load averages, or "unknown" off Linux.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// median returns the median of xs (the mean of the middle two for an even count).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ms formats d in milliseconds with two decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
