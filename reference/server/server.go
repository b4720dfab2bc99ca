// Package server serves the reference KMS (package reference/kms) over the
// [AWS JSON 1.1 protocol], the wire protocol of the [AWS KMS API]: POST / with
// X-Amz-Target: TrentService.<Operation>, bodies in application/x-amz-json-1.1,
// errors as {"__type", "message"} with the statuses of
// ../shared/spec/errors.md, requests signed with [Signature Version 4].
//
// Every request is checked in this order: path and method, body size, SigV4,
// X-Amz-Target, JSON decoding (SerializationException, rule ERRORS-010), the
// member constraints declared in the input struct's `validate` tags
// (ValidationException, ERRORS-007/008/009, before any operation logic:
// ERRORS-011), then the operation itself. Like AWS, the server ignores
// members it does not know; it does not insist on the request Content-Type.
//
// With Options.TestClock the server also exposes the non-AWS test hooks under
// /_kmsconform/ (design.md "Time"; see hooks.go). They take no signature and
// exist only with the test clock on: without it their paths answer 404.
//
// [AWS JSON 1.1 protocol]: https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
// [AWS KMS API]: https://docs.aws.amazon.com/kms/latest/APIReference/Welcome.html
// [Signature Version 4]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/kmsconform/kmsconform/reference/kms"
)

// Defaults of Options and of kmsconform serve.
const (
	// DefaultRegion is the Region of callers under NoAuth, and the default of --region.
	DefaultRegion = "us-east-1"
	// DefaultAccount is the account that owns every key, the default of --account-id.
	DefaultAccount = "111122223333"
	// DefaultAccessKeyID is the access key accepted when none is configured: the
	// example key of the AWS documentation, so it is never a real credential.
	DefaultAccessKeyID = "AKIAIOSFODNN7EXAMPLE"
	// DefaultSecretAccessKey is the secret that goes with DefaultAccessKeyID.
	DefaultSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	// DefaultMaxBodyBytes is the request body limit when Options.MaxBodyBytes is 0.
	DefaultMaxBodyBytes = 1 << 20
)

// Options configure a Server; the zero value is a SigV4-checking server in
// DefaultRegion for DefaultAccount with the default credentials.
type Options struct {
	Region          string       // default Region: the caller's Region under NoAuth
	Account         string       // the 12-digit account that owns the keys
	AccessKeyID     string       // the one accepted access key; DefaultAccessKeyID if empty
	SecretAccessKey string       // its secret; DefaultSecretAccessKey if both are empty
	NoAuth          bool         // accept unsigned requests (every caller is Account in Region)
	TestClock       bool         // run on a manual clock and expose the /_kmsconform/ hooks
	ClockStart      time.Time    // the test clock's first reading; time.Now() if zero
	MaxBodyBytes    int64        // request body limit; DefaultMaxBodyBytes if 0
	Logger          *slog.Logger // access and error log; discarded if nil
}

// Server is the reference KMS behind an HTTP server.
type Server struct {
	handler *handler
	http    *http.Server
	close   func() // releases the service
	log     *slog.Logger

	mu       sync.Mutex
	url      string
	serveErr chan error // Listen's Serve result
	closed   bool
}

// regionPattern is RegionType's pattern in the API model (errors.md §6).
var (
	regionPattern  = regexp.MustCompile(`^([a-z]+-){2,3}\d+$`)
	accountPattern = regexp.MustCompile(`^\d{12}$`)
)

// withDefaults fills in the defaults and checks the values.
func (o Options) withDefaults() (Options, error) {
	if o.Region == "" {
		o.Region = DefaultRegion
	}
	if o.Account == "" {
		o.Account = DefaultAccount
	}
	if o.AccessKeyID == "" && o.SecretAccessKey == "" {
		o.AccessKeyID, o.SecretAccessKey = DefaultAccessKeyID, DefaultSecretAccessKey
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	switch {
	case !regionPattern.MatchString(o.Region) || len(o.Region) > 32:
		return o, fmt.Errorf("server: region %q does not match %s (e.g. us-east-1)", o.Region, regionPattern)
	case !accountPattern.MatchString(o.Account):
		return o, fmt.Errorf("server: account %q is not 12 digits", o.Account)
	case o.AccessKeyID == "" || o.SecretAccessKey == "":
		return o, errors.New("server: an access key needs its secret key, and a secret key its access key")
	case o.MaxBodyBytes < 0:
		return o, fmt.Errorf("server: MaxBodyBytes %d is negative", o.MaxBodyBytes)
	}
	return o, nil
}

// newServer wires svc (any value with operation methods, see operationsOf)
// behind the protocol handler. hooks may be nil; closeSvc releases svc.
func newServer(opts Options, svc any, hooks kms.Hooks, closeSvc func()) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ops, err := operationsOf(svc)
	if err != nil {
		return nil, err
	}
	h := &handler{
		ops:     ops,
		caller:  kms.Caller{Region: opts.Region, Account: opts.Account},
		maxBody: opts.MaxBodyBytes,
		log:     opts.Logger,
	}
	if opts.TestClock {
		h.hooks = hooks
	}
	if !opts.NoAuth {
		h.auth = newAuthenticator(opts)
	}
	s := &Server{handler: h, close: closeSvc, log: opts.Logger}
	s.http = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(opts.Logger.Handler(), slog.LevelWarn),
	}
	return s, nil
}

// Handler returns the HTTP handler, for tests and for embedding in another server.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves on l until Shutdown; it returns nil after a graceful shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.http.Serve(l)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("server: serve: %w", err)
	}
	return nil
}

// Shutdown stops accepting connections, waits for requests in flight (until
// ctx ends) and then releases the service.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	s.mu.Lock()
	closeSvc := !s.closed
	s.closed = true
	serveErr := s.serveErr
	s.mu.Unlock()
	if closeSvc && s.close != nil {
		s.close()
	}
	if err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if closeSvc && serveErr != nil {
		// Serve returns as soon as Shutdown has closed the listener.
		return <-serveErr
	}
	return nil
}

// listen starts serving s on addr in a goroutine.
func (s *Server) listen(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		s.close()
		return fmt.Errorf("server: listen on %s: %w", addr, err)
	}
	done := make(chan error, 1)
	s.mu.Lock()
	s.url = "http://" + l.Addr().String()
	s.serveErr = done
	s.mu.Unlock()
	go func() {
		err := s.Serve(l)
		if err != nil {
			s.log.Error("serve stopped", slog.String("error", err.Error()))
		}
		done <- err
	}()
	return nil
}

// URL is the base endpoint of a server started by Listen, e.g. http://127.0.0.1:4566.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}
