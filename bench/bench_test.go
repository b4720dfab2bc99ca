package main

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kmsconform/kmsconform/reference/server"
	"github.com/kmsconform/kmsconform/reference/wrapping"
)

func TestPercentile(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		var out []time.Duration
		for _, x := range xs {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"p50-odd", ms(1, 2, 3), 50, 2 * time.Millisecond},
		{"p50-even", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p99-of-100", hundred, 99, 99 * time.Millisecond},
		{"p100", hundred, 100, 100 * time.Millisecond},
		{"p1", hundred, 1, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"empty", nil, 0},
		{"odd", []float64{3, 1, 2}, 2},
		{"even", []float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := median(tt.xs); got != tt.want {
				t.Errorf("median(%v) = %v, want %v", tt.xs, got, tt.want)
			}
		})
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name, workers, specs string
		wantErr              string
	}{
		{"defaults", "1,2", "RSA_2048,RSA_3072,RSA_4096", ""},
		{"zero-workers", "0", "RSA_2048", "-workers"},
		{"not-a-number", "x", "RSA_2048", "-workers"},
		{"sm2", "1", "SM2", "-specs"},
		{"unknown-spec", "1", "RSA_1024", "-specs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errW := parseWorkers(tt.workers)
			_, errS := parseSpecs(tt.specs)
			err := errors.Join(errW, errS)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one naming %s", err, tt.wantErr)
			}
		})
	}
}

func TestLoopStopsAtFirstError(t *testing.T) {
	boom := errors.New("boom")
	var calls atomic.Int32
	_, err := loop(context.Background(), "test", 2, budget{N: 1000}, func(context.Context, *[nCalls]time.Duration) error {
		if calls.Add(1) == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("loop error %v, want %v", err, boom)
	}
	if n := calls.Load(); n >= 1000 {
		t.Errorf("loop ran all %d operations after an error", n)
	}
}

// TestCycleAgainstReference runs a few real import cycles through the SDK
// against the reference, as the bench does, and checks what they record.
func TestCycleAgainstReference(t *testing.T) {
	ref, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Shutdown(context.Background())
	tgt := endpoint{name: "reference", url: ref.URL(), accessKey: server.DefaultAccessKeyID, secretKey: server.DefaultSecretAccessKey}
	c := config{budget: budget{N: 4}, warmup: 1}
	r, err := measureCycle(context.Background(), c, tgt, wrapping.RSA2048, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if r.ops != 4 || len(r.total) != 4 {
		t.Fatalf("%d cycles (%d latencies), want 4", r.ops, len(r.total))
	}
	for i, name := range callNames {
		if len(r.calls[i]) != 4 || r.calls[i][0] <= 0 {
			t.Errorf("%s latencies %v, want 4 positive ones", name, r.calls[i])
		}
	}
}

// TestCycleWrongCredentials proves a refused cycle is an error, not a count.
func TestCycleWrongCredentials(t *testing.T) {
	ref, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Shutdown(context.Background())
	tgt := endpoint{name: "reference", url: ref.URL(), accessKey: server.DefaultAccessKeyID, secretKey: "not-the-secret"}
	_, err = measureCycle(context.Background(), config{budget: budget{N: 1}}, tgt, wrapping.RSA2048, 1, false)
	if err == nil || !strings.Contains(err.Error(), "CreateKey") {
		t.Fatalf("error %v, want a refused CreateKey", err)
	}
}
