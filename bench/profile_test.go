package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"runtime/pprof"
	"testing"
	"time"
)

// TestSplitCPU profiles known RSA work (private decrypts on a labelled
// "client" goroutine, key generation on an unlabelled "server" one) and
// checks that the profile reader attributes it to the right side and kind.
func TestSplitCPU(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ct, err := rsa.EncryptOAEP(crypto.SHA256.New(), rand.Reader, &priv.PublicKey, make([]byte, 32), nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := pprof.StartCPUProfile(&buf); err != nil {
		t.Skipf("a CPU profile is already running: %v", err)
	}
	done := make(chan struct{})
	go func() { // unlabelled: counted as the server's
		defer close(done)
		for range 3 {
			rsa.GenerateKey(rand.Reader, 2048)
		}
	}()
	pprof.Do(context.Background(), pprof.Labels("phase", suitePhase), func(context.Context) {
		for range 300 {
			rsa.DecryptOAEP(crypto.SHA256.New(), nil, priv, ct, nil)
		}
	})
	<-done
	pprof.StopCPUProfile()

	samples, err := parseCPUProfile(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	s := splitCPU(samples, suitePhase)
	t.Logf("total %v, server %v (keygen %v, private %v), client RSA %v", s.total, s.server, s.serverKeygen, s.serverPrivate, s.clientRSA)
	if s.serverKeygen <= 0 {
		t.Error("no key generation attributed to the server")
	}
	if s.clientRSA <= 0 {
		t.Error("no RSA work attributed to the client")
	}
	if s.serverPrivate != 0 {
		t.Errorf("%v of private-key work attributed to the server, which did none", s.serverPrivate)
	}
	if s.total < s.server+s.clientRSA || s.total > 10*time.Minute {
		t.Errorf("total %v is not the sum of its parts", s.total)
	}
}

func TestParseCPUProfileRejectsGarbage(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"not-gzip", []byte("not a profile")},
		{"empty", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseCPUProfile(tt.data); err == nil {
				t.Error("parsed without error")
			}
		})
	}
}

func TestRSAKind(t *testing.T) {
	tests := []struct {
		name  string
		stack []string
		want  string
	}{
		{"keygen", []string{"crypto/internal/fips140/bigmod.(*Nat).Exp", "crypto/internal/fips140/rsa.isPrime", "crypto/internal/fips140/rsa.GenerateKey"}, "keygen"},
		{"decrypt", []string{"crypto/internal/fips140/bigmod.(*Nat).Exp", "crypto/internal/fips140/rsa.decrypt", "crypto/rsa.DecryptOAEP"}, "private"},
		{"public", []string{"crypto/internal/fips140/rsa.encrypt", "crypto/rsa.EncryptOAEP"}, ""},
		{"other", []string{"net/http.(*conn).serve"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rsaKind(tt.stack); got != tt.want {
				t.Errorf("rsaKind = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCycleBreakdown(t *testing.T) {
	ms := time.Millisecond
	samples := []sample{
		{stack: []string{"crypto/internal/fips140/rsa.decrypt", "reference/wrapping.Unwrap"}, cpu: 10 * ms},
		{stack: []string{"crypto/internal/fips140/rsa.GenerateKey", "reference/kms.(*pool).fill"}, cpu: 4 * ms},
		{stack: []string{"net/http.(*conn).serve"}, cpu: 3 * ms},
		{stack: []string{"runtime.gcBgMarkWorker", "runtime.goexit"}, cpu: 2 * ms},
		{stack: []string{"github.com/aws/aws-sdk-go-v2/service/kms.(*Client).CreateKey"}, labels: map[string]string{"phase": "cycle"}, cpu: 5 * ms},
		{stack: []string{"crypto/internal/fips140/rsa.decrypt"}, labels: map[string]string{"phase": "bound"}, cpu: 100 * ms},
		{stack: []string{"crypto/internal/fips140/rsa.decrypt"}, labels: map[string]string{"phase": "warmup"}, cpu: 100 * ms},
	}
	got := cycleBreakdown(samples)
	want := breakdown{total: 24 * ms, decrypt: 10 * ms, keygen: 4 * ms, client: 5 * ms, serverOther: 3 * ms, runtime: 2 * ms}
	if got != want {
		t.Errorf("cycleBreakdown = %+v, want %+v", got, want)
	}
}
