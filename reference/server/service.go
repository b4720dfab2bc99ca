package server

import (
	"fmt"
	"time"

	"github.com/kmsconform/kmsconform/reference/kms"
)

// New creates the reference KMS service (on a manual clock with TestClock, on
// the wall clock otherwise) and the server in front of it. Call Serve, or use
// Listen; Shutdown releases the service.
func New(opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ko := kms.Options{Account: opts.Account}
	if opts.TestClock {
		start := opts.ClockStart
		if start.IsZero() {
			start = time.Now()
		}
		ko.Clock = kms.NewManualClock(start.UTC())
	}
	svc, err := kms.New(ko)
	if err != nil {
		return nil, fmt.Errorf("server: create the service: %w", err)
	}
	s, err := newServer(opts, svc, svc.Hooks(), svc.Close)
	if err != nil {
		svc.Close()
		return nil, err
	}
	return s, nil
}

// Listen creates a server as New does and serves it on addr ("127.0.0.1:0"
// picks a free port) in a goroutine; URL tells where. Stop it with Shutdown.
func Listen(addr string, opts Options) (*Server, error) {
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	if err := s.listen(addr); err != nil {
		return nil, err
	}
	return s, nil
}
