// Command peers runs the conformance suite against the peer servers of package
// peers (make peers), and side by side with the reference (make compare):
//
//	go run ./peers/cmd/peers            # install local-kms, run the suite against it
//	go run ./peers/cmd/peers -compare   # also run the reference, then write the matrix
//
// It installs local-kms at the pinned version into .peers/bin, builds
// kmsconform into the same folder, starts local-kms on a free port with a
// fresh data path, runs `kmsconform run --endpoint <it> --profile local-kms
// --out .peers/reports/local-kms`, stops it and keeps the reports. Its exit
// code is the suite's (0 when every failure is a listed deviation), or 2 when
// the harness itself failed. With -compare it exits 0 once the matrix is
// written, whatever the verdicts.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/kmsconform/kmsconform/peers"
)

func main() {
	compare := flag.Bool("compare", false, "also run the suite against the embedded reference and write the side-by-side matrix to .peers/compare")
	profile := flag.String("profile", "local-kms", "target profile (name or path) for the local-kms run")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./peers/cmd/peers [-compare] [-profile NAME|PATH]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code, err := run(ctx, *profile, *compare)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

func run(ctx context.Context, profile string, compare bool) (int, error) {
	root, err := peers.ProjectRoot()
	if err != nil {
		return 2, err
	}
	bin := peers.BinDir(root)
	fmt.Printf("peers: installing %s@%s into %s\n", peers.LocalKMSModule, peers.LocalKMSVersion, bin)
	localKMS, err := peers.InstallLocalKMS(ctx, bin)
	if err != nil {
		return 2, err
	}
	kmsconform := filepath.Join(bin, "kmsconform")
	if err := command(ctx, root, nil, "go", "build", "-o", kmsconform, "./cmd/kmsconform"); err != nil {
		return 2, fmt.Errorf("peers: building kmsconform: %w", err)
	}
	reports := filepath.Join(root, peers.Dir, "reports")
	logDir := filepath.Join(root, peers.Dir, "logs")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return 2, fmt.Errorf("peers: %w", err)
	}

	logPath := filepath.Join(logDir, "local-kms.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return 2, fmt.Errorf("peers: %w", err)
	}
	defer logFile.Close()
	p, err := peers.StartLocalKMS(ctx, peers.Options{Binary: localKMS, Log: logFile})
	if err != nil {
		return 2, err
	}
	fmt.Printf("peers: local-kms listening at %s (log: %s)\n", p.URL(), logPath)
	localOut := filepath.Join(reports, "local-kms")
	// local-kms checks no signature, but the SDK needs some credentials to sign with.
	env := []string{}
	if os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" {
		env = append(env, "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	}
	runErr := command(ctx, root, env, kmsconform, "run", "--endpoint", p.URL(), "--profile", profile, "--out", localOut)
	if err := p.Stop(); err != nil {
		return 2, err
	}
	localCode, err := exitCode(runErr)
	if err != nil {
		return 2, fmt.Errorf("peers: kmsconform run against local-kms: %w", err)
	}
	fmt.Printf("peers: kmsconform run against local-kms exited %d; reports in %s\n", localCode, localOut)
	if !compare {
		return localCode, nil
	}

	refOut := filepath.Join(reports, "reference")
	refCode, err := exitCode(command(ctx, root, nil, kmsconform, "run", "--out", refOut))
	if err != nil {
		return 2, fmt.Errorf("peers: kmsconform run against the reference: %w", err)
	}
	fmt.Printf("peers: kmsconform run against the reference exited %d; reports in %s\n", refCode, refOut)
	matrix := filepath.Join(root, peers.Dir, "compare")
	if err := command(ctx, root, nil, kmsconform, "report", "--in", refOut, "--in", localOut, "--out", matrix); err != nil {
		return 2, fmt.Errorf("peers: kmsconform report: %w", err)
	}
	fmt.Printf("peers: side-by-side matrix in %s\n", matrix)
	return 0, nil
}

// command runs name with args in dir, its output on ours, with env added.
func command(ctx context.Context, dir string, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// exitCode turns a suite run's error into its exit code: 0 and 1 are verdicts,
// anything else (2 = usage, a signal, not started) is the harness's failure.
func exitCode(err error) (int, error) {
	if err == nil {
		return 0, nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 {
		return 1, nil
	}
	return 0, err
}
