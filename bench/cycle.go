package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"net/http"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// newClient returns an SDK KMS client for endpoint that signs with SigV4 and
// never retries, so that a failed call is counted as what it is.
func newClient(endpoint, region, accessKey, secretKey string, workers int) *kms.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = workers + 2
	return kms.New(kms.Options{
		Region:       region,
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   &http.Client{Transport: tr, Timeout: time.Minute},
	})
}

// The calls of one import cycle, in order; wrap is the client's own work.
const (
	callCreate = iota
	callParams
	callWrap
	callImport
	nCalls
)

var callNames = [nCalls]string{"CreateKey", "GetParametersForImport", "wrap (client)", "ImportKeyMaterial"}

// cycle runs one import cycle: CreateKey (Origin EXTERNAL, SYMMETRIC_DEFAULT),
// GetParametersForImport (RSAES_OAEP_SHA_256 and spec), a client-side wrap of
// a fresh 256-bit material, ImportKeyMaterial; lat gets each step's duration.
func cycle(ctx context.Context, c *kms.Client, spec wrapping.Spec, lat *[nCalls]time.Duration) error {
	t0 := time.Now()
	ck, err := c.CreateKey(ctx, &kms.CreateKeyInput{Origin: types.OriginTypeExternal})
	if err != nil {
		return fmt.Errorf("bench: CreateKey: %w", err)
	}
	t1 := time.Now()
	p, err := c.GetParametersForImport(ctx, &kms.GetParametersForImportInput{
		KeyId:             ck.KeyMetadata.KeyId,
		WrappingAlgorithm: types.AlgorithmSpecRsaesOaepSha256,
		WrappingKeySpec:   types.WrappingKeySpec(spec),
	})
	if err != nil {
		return fmt.Errorf("bench: GetParametersForImport: %w", err)
	}
	t2 := time.Now()
	pub, _, err := wrapping.ParsePublicKey(p.PublicKey)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	material := make([]byte, 32)
	rand.Read(material)
	blob, err := wrapping.Wrap(rand.Reader, pub, wrapping.OAEPSHA256, material)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	t3 := time.Now()
	// ExpirationModel is sent explicitly: local-kms dereferences it unchecked
	// (src/handler/import_key_material.go) and drops the connection without it.
	if _, err := c.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{
		KeyId:                ck.KeyMetadata.KeyId,
		ImportToken:          p.ImportToken,
		EncryptedKeyMaterial: blob,
		ExpirationModel:      types.ExpirationModelTypeKeyMaterialDoesNotExpire,
	}); err != nil {
		return fmt.Errorf("bench: ImportKeyMaterial: %w", err)
	}
	t4 := time.Now()
	*lat = [nCalls]time.Duration{t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3)}
	return nil
}

// budget says how much to measure: a fixed number of operations in total
// when N > 0, else as many as fit in D.
type budget struct {
	N int
	D time.Duration
}

func (b budget) String() string {
	if b.N > 0 {
		return fmt.Sprintf("%d ops", b.N)
	}
	return b.D.String()
}

// result is a measured loop: completed operations, elapsed wall time, and
// per-call latencies (sorted) when the operation reports them.
type result struct {
	ops     int
	elapsed time.Duration
	cpu     time.Duration // CPU time of the whole process (client, server, background work) during the loop
	calls   [nCalls][]time.Duration
	total   []time.Duration // whole operation, sorted
}

// merge adds o's operations and latencies to r, keeping them sorted.
func (r *result) merge(o result) {
	r.ops += o.ops
	r.elapsed += o.elapsed
	r.cpu += o.cpu
	r.total = append(r.total, o.total...)
	slices.Sort(r.total)
	for i := range r.calls {
		r.calls[i] = append(r.calls[i], o.calls[i]...)
		slices.Sort(r.calls[i])
	}
}

func (r result) opsPerSec() float64 { return float64(r.ops) / r.elapsed.Seconds() }

// cpuPerOp is the process CPU time per operation: unlike ops/s it hardly
// moves with the load of other processes on a shared machine.
func (r result) cpuPerOp() time.Duration {
	if r.ops == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.ops)
}

// loop runs op with workers goroutines within budget b. op gets a latency
// slot to fill (it may leave it zero). The first error stops every worker.
// The workers carry the pprof label phase=<phase>, so that a CPU profile can
// tell the client side of each measurement apart (server goroutines carry none).
func loop(ctx context.Context, phase string, workers int, b budget, op func(ctx context.Context, lat *[nCalls]time.Duration) error) (result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64 // operations handed out, for a fixed N
		mu       sync.Mutex
		res      result
		firstErr error
		wg       sync.WaitGroup
	)
	deadline := time.Now().Add(b.D)
	start := time.Now()
	cpu0 := processCPU()
	for range workers {
		wg.Go(func() {
			pprof.Do(ctx, pprof.Labels("phase", phase), func(ctx context.Context) {
				var calls [nCalls][]time.Duration
				var total []time.Duration
				for ctx.Err() == nil {
					if b.N > 0 {
						if next.Add(1) > int64(b.N) {
							break
						}
					} else if !time.Now().Before(deadline) {
						break
					}
					var lat [nCalls]time.Duration
					t := time.Now()
					if err := op(ctx, &lat); err != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = err
						}
						mu.Unlock()
						cancel()
						break
					}
					total = append(total, time.Since(t))
					for i := range lat {
						calls[i] = append(calls[i], lat[i])
					}
				}
				mu.Lock()
				res.ops += len(total)
				res.total = append(res.total, total...)
				for i := range calls {
					res.calls[i] = append(res.calls[i], calls[i]...)
				}
				mu.Unlock()
			})
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.cpu = processCPU() - cpu0
	if firstErr != nil {
		return res, firstErr
	}
	if res.ops == 0 {
		return res, errors.New("bench: no operation completed within the budget")
	}
	slices.Sort(res.total)
	for i := range res.calls {
		slices.Sort(res.calls[i])
	}
	return res, nil
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted, or 0 for an empty slice.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	rank = max(0, min(rank, len(sorted)-1))
	return sorted[rank]
}

// processCPU returns the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
