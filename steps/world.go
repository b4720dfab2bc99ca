package steps

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/kmsconform/kmsconform/reference/material/testmaterial"
	"github.com/kmsconform/kmsconform/steps/kmsclient"
)

// Registrar adds step definitions to one scenario's context, bound to its
// World. Each steps file appends its registrar in init (see README.md).
type Registrar func(sc *godog.ScenarioContext, w *World)

var registrars []Registrar

// register adds a registrar; call it from init.
func register(r Registrar) { registrars = append(registrars, r) }

// patterns caches compiled step expressions: scenarios are initialised once
// each, and recompiling every expression for every scenario is waste.
var patterns sync.Map // string -> *regexp.Regexp

// re compiles a step expression once for the whole process.
func re(expr string) *regexp.Regexp {
	if v, ok := patterns.Load(expr); ok {
		return v.(*regexp.Regexp)
	}
	r := regexp.MustCompile(expr)
	patterns.Store(expr, r)
	return r
}

// Key is a KMS key a scenario created, by the name the feature gave it.
type Key struct {
	Name        string
	ID          string // KeyId
	ARN         string
	Region      string
	Spec        types.KeySpec
	Usage       types.KeyUsageType
	Origin      types.OriginType
	MultiRegion bool
	Created     *types.KeyMetadata // CreateKey's answer
}

// Params is one GetParametersForImport answer and what was asked.
type Params struct {
	Name        string
	Key         string // the World name of the key asked for
	Algorithm   types.AlgorithmSpec
	WrapSpec    types.WrappingKeySpec
	Out         *kms.GetParametersForImportOutput
	RequestedAt time.Time // the target's clock when @clock is available, else local time
	ExactTime   bool      // RequestedAt comes from the target's test clock
}

// Result is the outcome of the last call a When step made; Then steps assert on it.
type Result struct {
	Op      string
	Err     error
	Raw     *kmsclient.RawResponse // set for raw requests
	Checked bool                   // a Then step looked at it
}

// Code is the AWS error code of the result, "" on success or on an answer
// that names no error.
func (r *Result) Code() string {
	if r.Raw != nil {
		if r.Raw.Status < 300 {
			return ""
		}
		return r.Raw.ErrorType()
	}
	return kmsclient.ErrorCode(r.Err)
}

// Failed reports whether the call failed.
func (r *Result) Failed() bool {
	if r.Raw != nil {
		return r.Raw.Status >= 300
	}
	return r.Err != nil
}

// Describe says what the server answered, for assertion messages.
func (r *Result) Describe() string {
	switch {
	case r.Raw != nil && r.Raw.Status < 300:
		return fmt.Sprintf("%s succeeded (HTTP %d)", r.Op, r.Raw.Status)
	case r.Raw != nil:
		code := r.Raw.ErrorType()
		if code == "" {
			code = "no error code"
		}
		return fmt.Sprintf("%s answered HTTP %d %s", r.Op, r.Raw.Status, code)
	case r.Err == nil:
		return r.Op + " succeeded"
	}
	if code := kmsclient.ErrorCode(r.Err); code != "" {
		return fmt.Sprintf("%s failed with %s (%q)", r.Op, code, kmsclient.ErrorMessage(r.Err))
	}
	return r.Err.Error()
}

// World is the state of one scenario: the keys it created, the import
// parameters, materials and ciphertexts it holds by name, and the result of the
// last call. A fresh World serves each scenario (godog.ScenarioContext.Before).
type World struct {
	r  *runner
	sc *godog.Scenario

	stepType messages.PickleStepType

	Keys        map[string]*Key
	Params      map[string]*Params
	Materials   map[string]testmaterial.Material
	Ciphertexts map[string][]byte
	Notes       map[string]*types.KeyMetadata // metadata remembered by "I note the metadata of"
	MaterialIDs map[string]string             // KeyMaterialIds remembered by name (rotate.go)
	plain       map[string][]byte             // what each named ciphertext decrypts to
	Last        *Result

	dirty      []string     // keys changed by the current step, checked for STATE-001 after it
	created    []*Key       // in creation order, for cleanup
	holdsClock bool         // the scenario holds the clock exclusively (@clock)
	notes      *secretNotes // the scenario's secrets, redacted from its step messages (redact.go)
}

func (w *World) reset(sc *godog.Scenario) {
	*w = World{
		r:           w.r,
		sc:          sc,
		Keys:        map[string]*Key{},
		Params:      map[string]*Params{},
		Materials:   map[string]testmaterial.Material{},
		Ciphertexts: map[string][]byte{},
		Notes:       map[string]*types.KeyMetadata{},
		MaterialIDs: map[string]string{},
		notes:       newSecretNotes(),
	}
}

// Client is the KMS client of the run's Region.
func (w *World) Client() *kmsclient.Client { return w.r.client }

// ClientIn is a KMS client signing for region.
func (w *World) ClientIn(region string) (*kmsclient.Client, error) { return w.r.clientIn(region) }

// KMS is the SDK client for the key's Region.
func (w *World) KMS(k *Key) (*kms.Client, error) {
	c, err := w.r.clientIn(k.Region)
	if err != nil {
		return nil, err
	}
	return c.KMS, nil
}

// Key returns the key the scenario named, or an error saying no step created it.
func (w *World) Key(name string) (*Key, error) {
	k, ok := w.Keys[name]
	if !ok {
		return nil, fmt.Errorf("no key %q in this scenario (create it in a Given step first)", name)
	}
	return k, nil
}

// Material returns the named key material.
func (w *World) Material(name string) (testmaterial.Material, error) {
	m, ok := w.Materials[name]
	if !ok {
		return testmaterial.Material{}, fmt.Errorf("no key material %q in this scenario", name)
	}
	return m, nil
}

// ParamsOf returns the named parameter set (by default the key's name).
func (w *World) ParamsOf(name string) (*Params, error) {
	p, ok := w.Params[name]
	if !ok {
		if prev := w.Last; prev != nil && prev.Failed() && !prev.Checked {
			// The set is missing because its GetParametersForImport failed:
			// that answer, not the lookup, is what the report must show.
			return nil, fmt.Errorf("no import parameters %q: the earlier call failed and no step checked it: %s", name, prev.Describe())
		}
		return nil, fmt.Errorf("no import parameters %q in this scenario (get them with \"I get import parameters for\")", name)
	}
	return p, nil
}

// Changed marks keys whose state a step may have changed; after the step the
// World checks STATE-001 and STATE-013 on each.
func (w *World) Changed(names ...string) {
	for _, n := range names {
		if !slices.Contains(w.dirty, n) {
			w.dirty = append(w.dirty, n)
		}
	}
}

// ChangedAll marks every key of the scenario (the clock moved).
func (w *World) ChangedAll() {
	for n := range w.Keys {
		w.Changed(n)
	}
}

// Record keeps the outcome of a call. In a Given step a failure is returned at
// once (setup must work); in a When step it is kept for the Then steps, and a
// failure nobody checks fails the next call or the scenario. A call that got no
// AWS answer at all (kmsclient.ServerError) always fails the step.
func (w *World) Record(op string, err error) error {
	return w.record(&Result{Op: op, Err: err})
}

// RecordRaw keeps the answer of a raw request, as Record does.
func (w *World) RecordRaw(op string, resp *kmsclient.RawResponse) error {
	return w.record(&Result{Op: op, Raw: resp})
}

func (w *World) record(res *Result) error {
	if prev := w.Last; prev != nil && prev.Failed() && !prev.Checked {
		return fmt.Errorf("the earlier call failed and no step checked it: %s", prev.Describe())
	}
	var se *kmsclient.ServerError
	if errors.As(res.Err, &se) {
		return se
	}
	w.Last = res
	if res.Failed() && w.stepType == messages.PickleStepType_CONTEXT {
		res.Checked = true
		return errors.New(res.Describe())
	}
	return nil
}

// Result returns the last result for a Then step and marks it checked.
func (w *World) Result() (*Result, error) {
	if w.Last == nil {
		return nil, errors.New("no call was made before this step")
	}
	w.Last.Checked = true
	return w.Last, nil
}

// Poll runs check until it holds, bounded by the run's consistency settings:
// at once against the reference, polling against other endpoints (AWS is
// eventually consistent; rules.md "How to read this").
func (w *World) Poll(ctx context.Context, check func(ctx context.Context) (bool, error)) error {
	return kmsclient.Eventually(ctx, w.r.pollTimeout, w.r.pollInterval, check)
}

// Describe returns the key's current metadata, waiting out NotFoundException
// right after creation on eventually consistent targets.
func (w *World) Describe(ctx context.Context, k *Key) (*types.KeyMetadata, error) {
	c, err := w.KMS(k)
	if err != nil {
		return nil, err
	}
	var md *types.KeyMetadata
	err = w.Poll(ctx, func(ctx context.Context) (bool, error) {
		out, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.ID)})
		if err != nil {
			if kmsclient.ErrorCode(err) == "NotFoundException" {
				return false, fmt.Errorf("DescribeKey %q: %w", k.Name, err)
			}
			return true, fmt.Errorf("DescribeKey %q: %w", k.Name, err)
		}
		md = out.KeyMetadata
		if md == nil {
			return true, fmt.Errorf("DescribeKey %q answered without KeyMetadata", k.Name)
		}
		return true, nil
	})
	return md, err
}

// Now is the target's time: its test clock when the profile has @clock,
// otherwise the local clock. exact says which.
func (w *World) Now(ctx context.Context) (now time.Time, exact bool, err error) {
	if w.r.caps["clock"] {
		t, err := w.Client().Now(ctx)
		return t, true, err
	}
	return time.Now(), false, nil
}

// checkKeyInvariants checks the rules that hold after every step: STATE-001
// (Enabled exactly when KeyState is Enabled) and STATE-013 (an EXTERNAL key is
// never Unavailable).
func (w *World) checkKeyInvariants(ctx context.Context) error {
	names := w.dirty
	w.dirty = nil
	var errs []error
	for _, n := range names {
		k, ok := w.Keys[n]
		if !ok {
			continue
		}
		md, err := w.Describe(ctx, k)
		if err != nil {
			if kmsclient.ErrorCode(err) == "NotFoundException" {
				continue // deleted, or not visible yet
			}
			errs = append(errs, fmt.Errorf("checking STATE-001 on %q: %w", n, err))
			continue
		}
		if md.Enabled != (md.KeyState == types.KeyStateEnabled) { // STATE-001
			errs = append(errs, fmt.Errorf("STATE-001: %q reports Enabled %v with KeyState %s", n, md.Enabled, md.KeyState))
		}
		if md.Origin == types.OriginTypeExternal && md.KeyState == types.KeyStateUnavailable { // STATE-013
			errs = append(errs, fmt.Errorf("STATE-013: EXTERNAL key %q is Unavailable", n))
		}
	}
	return errors.Join(errs...)
}

// cleanup schedules the deletion of every key the scenario created (7 days, the
// minimum), replicas before their primary. Failures are reported, never fatal.
func (w *World) cleanup(ctx context.Context) {
	for i := len(w.created) - 1; i >= 0; i-- {
		k := w.created[i]
		c, err := w.KMS(k)
		if err == nil {
			_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(k.ID), PendingWindowInDays: aws.Int32(7)})
		}
		if err != nil && kmsclient.ErrorCode(err) != "KMSInvalidStateException" && kmsclient.ErrorCode(err) != "NotFoundException" {
			w.r.logf("cleanup: scenario %q: key %s (%s): %v", w.sc.Name, k.Name, k.ARN, err)
		}
	}
}

// scenarioHooks wires the World into one scenario: reset and capability check
// before it, the STATE-001 check after each step, cleanup after it.
func (w *World) scenarioHooks(sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		w.reset(s)
		ctx = withSecretNotes(ctx, w.notes)
		w.r.coll.secretsOf(s.Id, w.notes)
		if reason := w.r.skipReason(pickleTags(s)); reason != "" {
			return ctx, fmt.Errorf("%w: %s", godog.ErrSkip, reason)
		}
		if hasTag(pickleTags(s), "clock") {
			// Moving the clock is visible to every scenario: run those alone.
			w.r.clockLock.Lock()
			w.holdsClock = true
		} else {
			w.r.clockLock.RLock()
		}
		return ctx, nil
	})
	sc.StepContext().Before(func(ctx context.Context, st *godog.Step) (context.Context, error) {
		w.stepType = st.Type
		w.r.stepStarted(st.Id)
		return ctx, nil
	})
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		defer w.r.stepEnded(st.Id, err)
		w.noteState()
		if status != godog.StepPassed || len(w.dirty) == 0 {
			w.dirty = nil
			return ctx, nil
		}
		return ctx, w.checkKeyInvariants(ctx)
	})
	sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
		w.noteState()
		var unchecked error
		if err == nil && w.Last != nil && w.Last.Failed() && !w.Last.Checked {
			unchecked = fmt.Errorf("the last call failed and no step checked it: %s", w.Last.Describe())
		}
		if w.r.cleanupKeys && len(w.created) > 0 {
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*w.r.timeout)
			w.cleanup(cctx)
			cancel()
		}
		if w.sc != nil && w.sc.Id == s.Id && w.r.skipReason(pickleTags(s)) == "" {
			if w.holdsClock {
				w.r.clockLock.Unlock()
			} else {
				w.r.clockLock.RUnlock()
			}
		}
		return ctx, unchecked
	})
}

func pickleTags(s *godog.Scenario) []string {
	tags := make([]string, len(s.Tags))
	for i, t := range s.Tags {
		tags[i] = strings.TrimPrefix(t.Name, "@")
	}
	return tags
}

func hasTag(tags []string, tag string) bool { return slices.Contains(tags, tag) }
