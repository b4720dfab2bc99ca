package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"regexp"
	"strconv"
	"time"

	"github.com/kmsconform/kmsconform/reference/server"
)

func init() {
	register("serve", command{
		summary: "serve the in-memory reference KMS (AWS JSON 1.1, SigV4) until interrupted",
		run:     runServe,
	})
}

// serveRegion is RegionType's pattern in the API model (errors.md §6).
var (
	serveRegion  = regexp.MustCompile(`^([a-z]+-){2,3}\d+$`)
	serveAccount = regexp.MustCompile(`^\d{12}$`)
)

// serveShutdownTimeout bounds the wait for requests in flight after a signal.
const serveShutdownTimeout = 10 * time.Second

// runServe implements `kmsconform serve` (issue 2): it listens, prints the
// endpoint, and serves until ctx ends (SIGINT/SIGTERM in main), then shuts
// down gracefully. Bad flags exit 2, a server that cannot start exits 1.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlagSet("serve", "[--addr HOST:PORT] [--test-clock] [--no-auth] [--region R] [--account-id A] [--access-key AK --secret-key SK]", stderr)
	addr := flags.String("addr", "127.0.0.1:4566", "`host:port` to listen on (port 0 picks a free one)")
	testClock := flags.Bool("test-clock", false, "run on a manual clock and expose the unsigned test hooks under /_kmsconform/ (clock, hold); for test harnesses on loopback only")
	noAuth := flags.Bool("no-auth", false, "accept unsigned requests; every caller is --account-id in --region")
	region := flags.String("region", server.DefaultRegion, "default `Region`: the callers' Region under --no-auth (signed requests use their credential scope's)")
	account := flags.String("account-id", server.DefaultAccount, "12-digit AWS `account` that owns the keys")
	accessKey := flags.String("access-key", "", "access key ID the server accepts (default: $AWS_ACCESS_KEY_ID, else "+server.DefaultAccessKeyID+")")
	secretKey := flags.String("secret-key", "", "secret access key of --access-key (default: $AWS_SECRET_ACCESS_KEY, else the AWS documentation's example secret "+server.DefaultSecretAccessKey+")")
	if code, ok := parseFlags(flags, args); !ok {
		return code
	}
	opts, source, err := serveOptions(*addr, *region, *account, *accessKey, *secretKey, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "kmsconform serve: %v\n", err)
		flags.Usage()
		return 2
	}
	opts.NoAuth, opts.TestClock = *noAuth, *testClock
	opts.Logger = slog.New(slog.NewTextHandler(stderr, nil))

	srv, err := server.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "kmsconform serve: %v\n", err)
		return 1
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		_ = srv.Shutdown(context.Background())
		fmt.Fprintf(stderr, "kmsconform serve: listen on %s: %v\n", *addr, err)
		return 1
	}
	url := "http://" + l.Addr().String()
	fmt.Fprintf(stdout, "kmsconform reference KMS listening on %s (region %s, account %s, SigV4 %s, test clock %s)\n",
		url, opts.Region, opts.Account, onOff(!opts.NoAuth), onOff(opts.TestClock))
	if !opts.NoAuth {
		// The access key and where it came from; never the secret.
		fmt.Fprintf(stdout, "credentials: access key %s from %s (secret not shown)\n", opts.AccessKeyID, source)
	}
	if opts.TestClock {
		fmt.Fprintf(stdout, "test hooks (unsigned): GET/POST %s/_kmsconform/clock, POST %s/_kmsconform/hold\n", url, url)
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	sctx, cancel := context.WithTimeout(context.Background(), serveShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintf(stderr, "kmsconform serve: %v\n", err)
		return 1
	}
	if serveErr != nil {
		fmt.Fprintf(stderr, "kmsconform serve: %v\n", serveErr)
		return 1
	}
	fmt.Fprintln(stdout, "kmsconform reference KMS stopped")
	return 0
}

// serveOptions checks the flag values, naming the flag and the fix, and picks
// the credentials: the flags, else the environment, else the documented default
// pair. source says which, for the banner.
func serveOptions(addr, region, account, accessKey, secretKey string, getenv func(string) string) (server.Options, string, error) {
	var o server.Options
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return o, "", fmt.Errorf("--addr %q is not host:port; use e.g. --addr 127.0.0.1:4566", addr)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || port == "" || n > 65535 {
		return o, "", fmt.Errorf("--addr %q: port %q is not a number from 0 to 65535; use e.g. --addr %s", addr, port, net.JoinHostPort(host, "4566"))
	}
	if !serveRegion.MatchString(region) || len(region) > 32 {
		return o, "", fmt.Errorf("--region %q is not a Region name (pattern %s); use e.g. --region us-east-1", region, serveRegion)
	}
	if !serveAccount.MatchString(account) {
		return o, "", fmt.Errorf("--account-id %q is not 12 digits; use e.g. --account-id 111122223333", account)
	}
	o.Region, o.Account = region, account
	var source string
	switch {
	case accessKey != "" || secretKey != "":
		if accessKey == "" || secretKey == "" {
			return o, "", errors.New("--access-key and --secret-key go together; pass both, or neither to use $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY")
		}
		o.AccessKeyID, o.SecretAccessKey, source = accessKey, secretKey, "--access-key/--secret-key"
	case getenv("AWS_ACCESS_KEY_ID") != "" || getenv("AWS_SECRET_ACCESS_KEY") != "":
		id, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
		if id == "" || secret == "" {
			return o, "", errors.New("only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set; set both, unset both, or pass --access-key and --secret-key")
		}
		o.AccessKeyID, o.SecretAccessKey, source = id, secret, "the environment (AWS_ACCESS_KEY_ID)"
	default:
		o.AccessKeyID, o.SecretAccessKey, source = server.DefaultAccessKeyID, server.DefaultSecretAccessKey, "the built-in default pair (see kmsconform serve -h)"
	}
	return o, source, nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
