package fuzz

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"pgregory.net/rapid"
)

// rapid v1.3.0 runs outside `go test` through rapid.Check, which takes any
// rapid.TB; runTB is one that records instead of failing a test. rapid reads
// its settings (checks, steps, seed, shrink time, fail files) from flags it
// registers on flag.CommandLine, and calls testing.Short, which needs the
// testing flags registered and parsed: setRapidFlags arranges both and puts
// the previous values back afterwards.

// errFailNow unwinds rapid.Check after its final FailNow.
var errFailNow = errors.New("fuzz: rapid check failed")

type runTB struct {
	mu     sync.Mutex
	failed bool
	errs   []string
	logs   []string
}

func (tb *runTB) Helper()      {}
func (tb *runTB) Name() string { return "kmsconform-fuzz" }
func (tb *runTB) Logf(format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.logs = append(tb.logs, fmt.Sprintf(format, args...))
}
func (tb *runTB) Log(args ...any)                  { tb.Logf("%s", fmt.Sprint(args...)) }
func (tb *runTB) Skipf(format string, args ...any) { tb.Logf(format, args...); tb.SkipNow() }
func (tb *runTB) Skip(args ...any)                 { tb.Log(args...); tb.SkipNow() }
func (tb *runTB) SkipNow()                         { panic(errFailNow) }
func (tb *runTB) Errorf(format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.failed = true
	tb.errs = append(tb.errs, fmt.Sprintf(format, args...))
}
func (tb *runTB) Error(args ...any)                 { tb.Errorf("%s", fmt.Sprint(args...)) }
func (tb *runTB) Fatalf(format string, args ...any) { tb.Errorf(format, args...); tb.FailNow() }
func (tb *runTB) Fatal(args ...any)                 { tb.Error(args...); tb.FailNow() }
func (tb *runTB) FailNow()                          { tb.Fail(); panic(errFailNow) }
func (tb *runTB) Fail() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.failed = true
}
func (tb *runTB) Failed() bool {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.failed
}

// check runs prop under rapid.Check, turning its final FailNow into a return.
func (tb *runTB) check(prop func(*rapid.T)) {
	defer func() {
		if r := recover(); r != nil && r != errFailNow {
			panic(r)
		}
	}()
	rapid.Check(tb, prop)
}

func (tb *runTB) message() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return strings.Join(tb.errs, "\n")
}

// setRapidFlags points rapid's flags at o and returns a function that puts
// the previous values back.
func setRapidFlags(o Options) (restore func(), err error) {
	if flag.Lookup("test.short") == nil {
		testing.Init()
	}
	if !flag.Parsed() {
		// Outside `go test` nothing parses flag.CommandLine; testing.Short
		// needs it parsed. kmsconform's subcommands use their own flag sets.
		if err := flag.CommandLine.Parse(nil); err != nil {
			return nil, fmt.Errorf("fuzz: %w", err)
		}
	}
	checks, steps := o.Checks, 1<<52
	if testing.Short() {
		checks *= 5 // rapid divides it by 5 under -short; keep what the caller asked for
		steps *= 2  // and Repeat halves rapid.steps
	}
	want := map[string]string{
		"rapid.checks":     strconv.Itoa(checks),
		"rapid.steps":      strconv.Itoa(steps), // see run.enough
		"rapid.seed":       strconv.FormatUint(o.Seed, 10),
		"rapid.shrinktime": o.ShrinkTime.String(),
		"rapid.nofailfile": "true",
		"rapid.failfile":   "",
		"rapid.v":          "false",
		"rapid.log":        "false",
	}
	old := map[string]string{}
	for name, v := range want {
		f := flag.Lookup(name)
		if f == nil {
			return nil, fmt.Errorf("fuzz: rapid has no flag %s (not rapid v1.3.0?)", name)
		}
		old[name] = f.Value.String()
		if err := f.Value.Set(v); err != nil {
			return nil, fmt.Errorf("fuzz: setting %s: %w", name, err)
		}
	}
	return func() {
		for name, v := range old {
			_ = flag.Lookup(name).Value.Set(v)
		}
	}, nil
}
