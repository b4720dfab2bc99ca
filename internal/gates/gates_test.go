// Package gates holds the project's quality gates as a test, so that the one test
// command of the README (go test -race ./...) also runs gofmt, go vet and
// staticcheck: CI and a contributor's machine cannot run a weaker check.
package gates

import (
	"bytes"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		t.Fatal("not inside the kmsconform module")
	}
	return filepath.Dir(gomod)
}

func TestGofmt(t *testing.T) {
	root := moduleRoot(t)
	var bad []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// Hidden folders (.git, .peers) and testdata hold nothing we format.
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		got, err := format.Source(src)
		if err != nil {
			bad = append(bad, path+": "+err.Error())
		} else if !bytes.Equal(got, src) {
			bad = append(bad, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("gofmt would change (run gofmt -w):\n  %s", strings.Join(bad, "\n  "))
	}
}

// runGo runs a go subcommand over the whole module and fails with its output.
func runGo(t *testing.T, args ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping go " + args[0])
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = moduleRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestVet(t *testing.T)         { runGo(t, "vet", "./...") }
func TestStaticcheck(t *testing.T) { runGo(t, "tool", "staticcheck", "./...") }
