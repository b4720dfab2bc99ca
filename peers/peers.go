// Package peers installs and runs the KMS servers kmsconform is compared
// against: today [local-kms], a Go emulator of the [AWS KMS API] configured by
// environment (PORT, KMS_REGION, KMS_ACCOUNT_ID, KMS_DATA_PATH, see its
// README), pinned to one version of its module.
//
// A peer is installed with `go install` into a folder of the project
// (.peers/bin, gitignored), started on a free port with a fresh data path,
// waited for until it answers a request (bounded), and stopped with its data
// path removed. make peers, make compare, the bench and the peers tests all go
// through Install, Start and Stop.
//
// [local-kms]: https://github.com/nsmithuk/local-kms
// [AWS KMS API]: https://docs.aws.amazon.com/kms/latest/APIReference/Welcome.html
package peers

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// LocalKMSModule is the module path of local-kms.
const LocalKMSModule = "github.com/nsmithuk/local-kms"

// LocalKMSVersion is the pinned pseudo-version of local-kms (its commit
// 2a5e92d09ab6 of 2026-02-28); the local-kms profile's deviations were
// measured against it.
const LocalKMSVersion = "v0.0.0-20260228092603-2a5e92d09ab6"

// LocalKMSCommit is the commit LocalKMSVersion names, for links into its code.
const LocalKMSCommit = "2a5e92d09ab6"

// binaryName is the name go install gives the local-kms command.
const binaryName = "local-kms"

// Defaults of Options.
const (
	DefaultRegion       = "us-east-1"
	DefaultAccount      = "111122223333"
	DefaultStartTimeout = 30 * time.Second
)

// ErrNotInstalled is returned by LocalKMSBinary when local-kms is not in the folder.
var ErrNotInstalled = errors.New("peers: local-kms is not installed")

// LocalKMSBinary returns the path of the local-kms binary in binDir, or
// ErrNotInstalled.
func LocalKMSBinary(binDir string) (string, error) {
	p := filepath.Join(binDir, binaryName)
	st, err := os.Stat(p)
	if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("%w in %s (run make peers, or go install %s@%s with GOBIN=%s)", ErrNotInstalled, binDir, LocalKMSModule, LocalKMSVersion, binDir)
	}
	return p, nil
}

// InstallLocalKMS installs local-kms at LocalKMSVersion into binDir with
// go install (GOBIN=binDir), through the module proxy of the go command's
// environment, and returns the binary's path. go install is a no-op when the
// build is cached, so calling it again is cheap.
func InstallLocalKMS(ctx context.Context, binDir string) (string, error) {
	abs, err := filepath.Abs(binDir)
	if err != nil {
		return "", fmt.Errorf("peers: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return "", fmt.Errorf("peers: creating %s: %w", abs, err)
	}
	goBin := "go"
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			goBin = p
		}
	}
	cmd := exec.CommandContext(ctx, goBin, "install", LocalKMSModule+"@"+LocalKMSVersion)
	// GOFLAGS of the caller (e.g. -mod=vendor) must not apply to another
	// module's install; GOBIN puts the binary in the project's folder.
	cmd.Env = append(os.Environ(), "GOBIN="+abs, "GOFLAGS=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("peers: go install %s@%s: %w: %s", LocalKMSModule, LocalKMSVersion, err, strings.TrimSpace(out.String()))
	}
	return LocalKMSBinary(abs)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Options configure a started local-kms.
type Options struct {
	Binary       string        // path of the local-kms binary (see LocalKMSBinary)
	Region       string        // KMS_REGION: the Region of its key ARNs; DefaultRegion if empty
	Account      string        // KMS_ACCOUNT_ID; DefaultAccount if empty
	StartTimeout time.Duration // bound on the wait for its first answer; DefaultStartTimeout if 0
	Log          io.Writer     // its own log output (stderr); discarded if nil
}

// LocalKMS is a running local-kms process.
type LocalKMS struct {
	cmd     *exec.Cmd
	url     string
	dataDir string
	exited  chan struct{} // closed when the process has exited
	waitErr error         // set before exited is closed
	stop    sync.Once
	stopErr error
}

// startedRE matches the line local-kms logs once it listens; with PORT=0 it
// names the port the kernel chose (src/server.go, Run). Its log is colored,
// so the match ignores what surrounds the message.
var startedRE = regexp.MustCompile(`Local KMS started on [0-9.]+:(\d+)`)

// StartLocalKMS starts local-kms with a fresh data path on a port the kernel
// chooses (PORT=0), and returns once it answers a ListKeys request, or fails
// after Options.StartTimeout. local-kms binds every interface (":" + PORT),
// not only loopback; the returned URL uses 127.0.0.1.
func StartLocalKMS(ctx context.Context, o Options) (*LocalKMS, error) {
	if o.Binary == "" {
		return nil, errors.New("peers: Options.Binary is empty")
	}
	if o.Region == "" {
		o.Region = DefaultRegion
	}
	if o.Account == "" {
		o.Account = DefaultAccount
	}
	if o.StartTimeout == 0 {
		o.StartTimeout = DefaultStartTimeout
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	dataDir, err := os.MkdirTemp("", "kmsconform-local-kms-")
	if err != nil {
		return nil, fmt.Errorf("peers: creating a data path: %w", err)
	}
	cmd := exec.Command(o.Binary)
	cmd.Env = append(os.Environ(),
		"PORT=0",
		"KMS_REGION="+o.Region,
		"KMS_ACCOUNT_ID="+o.Account,
		"KMS_DATA_PATH="+dataDir,
		// No seed file: a missing one is skipped (src/seed.go), and a fresh
		// server must not pick up /init/seed.yaml of the machine.
		"KMS_SEED_PATH="+filepath.Join(dataDir, "no-seed.yaml"),
	)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dataDir)
		return nil, fmt.Errorf("peers: starting %s: %w", o.Binary, err)
	}
	p := &LocalKMS{cmd: cmd, dataDir: dataDir, exited: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		pw.Close()
		close(p.exited)
	}()

	// Scan the log for the port, and keep copying it to o.Log afterwards so
	// that the pipe never fills and blocks the server.
	portCh := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		found := false
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(o.Log, line)
			if !found {
				if m := startedRE.FindStringSubmatch(line); m != nil {
					found = true
					portCh <- m[1]
				}
			}
		}
		io.Copy(io.Discard, pr) // a line over 1 MiB stopped the scanner
	}()

	ctx, cancel := context.WithTimeout(ctx, o.StartTimeout)
	defer cancel()
	var port string
	select {
	case port = <-portCh:
	case <-p.exited:
		p.Stop()
		return nil, fmt.Errorf("peers: local-kms exited before listening: %v", p.waitErr)
	case <-ctx.Done():
		p.Stop()
		return nil, fmt.Errorf("peers: local-kms did not log its port within %s: %w", o.StartTimeout, ctx.Err())
	}
	p.url = "http://127.0.0.1:" + port
	if err := p.waitReady(ctx); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

// waitReady polls ListKeys until local-kms answers 200, the process exits or ctx ends.
func (p *LocalKMS) waitReady(ctx context.Context) error {
	client := &http.Client{Timeout: 2 * time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url+"/", strings.NewReader("{}"))
		if err != nil {
			return fmt.Errorf("peers: %w", err)
		}
		// local-kms does not check signatures; an unsigned call is enough to see it serve.
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "TrentService.ListKeys")
		resp, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("ListKeys answered HTTP %d", resp.StatusCode)
		}
		last = err
		select {
		case <-tick.C:
		case <-p.exited:
			return fmt.Errorf("peers: local-kms exited before answering: %v", p.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("peers: local-kms at %s did not answer in time (last: %v): %w", p.url, last, ctx.Err())
		}
	}
}

// URL is the endpoint of the running local-kms, e.g. http://127.0.0.1:40123.
func (p *LocalKMS) URL() string { return p.url }

// Stop ends the process (SIGINT, then SIGKILL after 5 s), waits for it and
// removes its data path. It is safe to call more than once.
func (p *LocalKMS) Stop() error {
	p.stop.Do(func() {
		select {
		case <-p.exited:
		default:
			// local-kms installs no signal handler: SIGINT ends it at once.
			p.cmd.Process.Signal(os.Interrupt)
			select {
			case <-p.exited:
			case <-time.After(5 * time.Second):
				p.cmd.Process.Kill()
				<-p.exited
			}
		}
		if err := os.RemoveAll(p.dataDir); err != nil {
			p.stopErr = fmt.Errorf("peers: removing the data path: %w", err)
		}
	})
	return p.stopErr
}

// Dir is the project's gitignored folder for peers: binaries under bin/,
// reports under reports/, the side-by-side matrix under compare/.
const Dir = ".peers"

// ProjectRoot returns the nearest directory at or above the working directory
// that holds a go.mod, so that tests (run in their package's folder), the
// bench and the make targets all find the same .peers folder.
func ProjectRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("peers: %w", err)
	}
	for {
		if fileExists(filepath.Join(dir, "go.mod")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("peers: no go.mod at or above the working directory")
		}
		dir = parent
	}
}

// BinDir returns the folder local-kms is installed into under root.
func BinDir(root string) string { return filepath.Join(root, Dir, "bin") }
