package kms

import (
	"io"
	"sync"
	"time"
)

// Options configure a Service.
type Options struct {
	// Clock tells the service the time; nil means the wall clock.
	Clock Clock
	// Rand is the source of randomness; nil means crypto/rand.
	Rand io.Reader
	// Account is the AWS account ID of every key; empty means 111122223333.
	Account string
	// WrappingKeyUses bounds how many parameter sets one wrapping key pair serves (default 256).
	WrappingKeyUses int
	// WrappingKeyLifetime bounds, in wall time, how long one wrapping key pair serves new parameter sets (default 5 minutes).
	WrappingKeyLifetime time.Duration
	// WrappingKeyStock is how many unused key pairs per wrapping key spec are kept ready (default 2).
	WrappingKeyStock int
}

// Service is the in-memory reference KMS: every Region of one account.
type Service struct {
	mu sync.Mutex
}

// New returns a Service; Close stops its background work.
func New(o Options) (*Service, error) { return &Service{}, nil }

// Close stops the wrapping key generators.
func (s *Service) Close() {}

// ManualClock is a Clock that moves only when told to.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock showing start.
func NewManualClock(start time.Time) *ManualClock { return &ManualClock{now: start} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Advance moves the clock forward by d and returns the new time.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}
