// Package kmsclient is the client layer of the kmsconform steps: an
// aws-sdk-go-v2 KMS client with bounded per-call timeouts and retries, error
// codes as the contract (rules.md: "a step asserts the code, never the message
// text"), bounded polling for eventual consistency, a raw signed AWS JSON 1.1
// caller for requests the SDK refuses to send, and the reference's test hooks.
//
// The wire protocol is the one of the AWS KMS API Reference
// (https://docs.aws.amazon.com/kms/latest/APIReference/Welcome.html) and
// ../shared/spec/rules.md "Wire facts": POST / with X-Amz-Target
// TrentService.<Op>, Content-Type application/x-amz-json-1.1, SigV4 for "kms".
package kmsclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go/middleware"
)

// DefaultTimeout bounds one call, retries included, when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// DefaultMaxAttempts bounds the attempts of one call (the first one included)
// when Config.MaxAttempts is zero.
const DefaultMaxAttempts = 3

// Config says where the target is and how patient to be with it.
type Config struct {
	// Endpoint is the target's URL; empty means the Region's AWS endpoint.
	Endpoint string
	// Region is the Region to sign for and to name in key ARNs.
	Region string
	// Credentials sign every request; nil is an error (resolve the default
	// chain with target.DefaultCredentials first).
	Credentials aws.CredentialsProvider
	// Timeout bounds each call, retries included (DefaultTimeout when zero).
	Timeout time.Duration
	// MaxAttempts bounds the attempts of a call that meets throttling or a 5xx
	// answer (DefaultMaxAttempts when zero; 1 disables retries).
	MaxAttempts int
	// HTTPClient sends the requests (a fresh client when nil).
	HTTPClient *http.Client
}

// Client is a KMS client for one target. Its KMS field is the SDK client; every
// call through it is bounded by the configured timeout.
type Client struct {
	KMS *kms.Client

	endpoint string
	region   string
	creds    aws.CredentialsProvider
	timeout  time.Duration
	http     *http.Client
}

// New builds a client for the target described by cfg.
func New(cfg Config) (*Client, error) {
	if cfg.Region == "" {
		return nil, errors.New("kmsclient: no Region")
	}
	if cfg.Credentials == nil {
		return nil, errors.New("kmsclient: no credentials")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	endpoint := strings.TrimRight(cfg.Endpoint, "/")
	if endpoint == "" {
		endpoint = "https://kms." + cfg.Region + ".amazonaws.com"
	}
	c := &Client{endpoint: endpoint, region: cfg.Region, creds: cfg.Credentials, timeout: cfg.Timeout, http: cfg.HTTPClient}
	timeout := cfg.Timeout
	c.KMS = kms.New(kms.Options{
		Region:      cfg.Region,
		Credentials: cfg.Credentials,
		HTTPClient:  capturingClient{cfg.HTTPClient},
		BaseEndpoint: func() *string {
			if cfg.Endpoint == "" {
				return nil
			}
			return aws.String(endpoint)
		}(),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = cfg.MaxAttempts
			o.MaxBackoff = 2 * time.Second
			o.RateLimiter = ratelimit.None
			// Client errors are answers, not accidents: only throttling and
			// server faults are worth another attempt.
			o.Retryables = []retry.IsErrorRetryable{
				retry.NoRetryCanceledError{},
				retry.RetryableHTTPStatusCode{Codes: map[int]struct{}{500: {}, 502: {}, 503: {}, 504: {}}},
				retry.RetryableErrorCode{Codes: retry.DefaultThrottleErrorCodes},
			}
		}),
		APIOptions: []func(*middleware.Stack) error{func(s *middleware.Stack) error {
			return s.Initialize.Add(deadline(timeout), middleware.Before)
		}},
	})
	return c, nil
}

// Endpoint is the URL the client sends requests to.
func (c *Client) Endpoint() string { return c.endpoint }

// Region is the Region the client signs for.
func (c *Client) Region() string { return c.region }

// Timeout is the bound of one call.
func (c *Client) Timeout() time.Duration { return c.timeout }

// deadline bounds a whole SDK call (all its attempts) and turns an answer
// that is not an AWS error into a ServerError saying what the server did.
func deadline(d time.Duration) middleware.InitializeMiddleware {
	return middleware.InitializeMiddlewareFunc("kmsconformDeadline", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		parent := ctx
		ctx, cancel := context.WithTimeoutCause(ctx, d, &NoAnswerError{After: d})
		defer cancel()
		cp := &capture{}
		ctx = context.WithValue(ctx, captureKey{}, cp)
		out, md, err := next.HandleInitialize(ctx, in)
		if err != nil && errors.Is(context.Cause(ctx), errNoAnswer) {
			err = fmt.Errorf("%w (%w)", context.Cause(ctx), err)
		}
		return out, md, explain(parent, operationName(in.Parameters), cp, err)
	})
}

// operationName is "DescribeKey" for a *kms.DescribeKeyInput.
func operationName(params any) string {
	s := fmt.Sprintf("%T", params)
	s = s[strings.LastIndexByte(s, '.')+1:]
	return strings.TrimSuffix(s, "Input")
}

var errNoAnswer = errors.New("no answer")

// NoAnswerError reports a call that got no complete answer within its timeout.
type NoAnswerError struct{ After time.Duration }

func (e *NoAnswerError) Error() string {
	return fmt.Sprintf("kmsclient: the server gave no answer within %s", e.After)
}

// Is makes errors.Is(err, errNoAnswer) true for every NoAnswerError.
func (e *NoAnswerError) Is(target error) bool { return target == errNoAnswer }
