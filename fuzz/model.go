package fuzz

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"pgregory.net/rapid"

	"github.com/kmsconform/kmsconform/reference/wrapping"
	"github.com/kmsconform/kmsconform/steps/kmsclient"
	"github.com/kmsconform/kmsconform/target"
)

// Defaults of Options.
const (
	// DefaultSteps is the average number of actions of one run.
	DefaultSteps = 100
	// DefaultShrinkTime bounds the minimisation of a failing sequence.
	DefaultShrinkTime = 60 * time.Second
)

// Options configure a model-based run.
type Options struct {
	// Client talks to the target; it is the only way the run reaches it.
	Client *kmsclient.Client
	// Profile says what the target supports: "clock" enables expiry through
	// the test clock, "multiple-key-materials" NEW_KEY_MATERIAL imports,
	// KeyMaterialId checks and RotateKeyOnDemand.
	Profile *target.Profile
	// Steps is the average number of actions of one run (DefaultSteps when 0);
	// rapid draws the actual length.
	Steps int
	// Checks is the number of runs (1 when 0); each starts with fresh keys.
	Checks int
	// Seed seeds rapid; 0 picks a random seed, reported in Result.Seed.
	Seed uint64
	// ShrinkTime bounds the minimisation of a failing run (DefaultShrinkTime when 0).
	ShrinkTime time.Duration
	// Cleanup schedules every key the run created for deletion (7 days) at the
	// end, for real endpoints (design.md "Cleanup").
	Cleanup bool
	// RunID tags every key the run creates (kmsconform:run-id); random when empty.
	RunID string
	// WrappingKeySpecs are the specs GetParametersForImport asks for
	// (RSA_2048 and RSA_3072 when empty). A server that makes RSA keys on
	// demand may be slow with the larger one while rapid replays a sequence.
	WrappingKeySpecs []types.WrappingKeySpec
}

// Result is the outcome of Model.
type Result struct {
	Seed    uint64 // the seed that replays the run (with the same Steps)
	Actions int    // actions sent to the target, shrinking included
	Keys    int    // keys created on the target
	Runs    int    // sequences executed: the checks, then the replays of shrinking
	// Answers counts the answers by operation and outcome, e.g.
	// "ImportKeyMaterial InvalidImportTokenException", to show what the run covered.
	Answers map[string]int
	// Failure is nil when the target answered as the model predicted throughout.
	Failure *Failure
}

// Failure is a mismatch between the model and the target, with the shrunk
// sequence of actions that leads to it.
type Failure struct {
	Seed    uint64
	Steps   int    // Options.Steps of the run, needed to replay the seed
	Message string // what differed
	Actions []Action
}

// Action is one executed action of a run, as the model saw it.
type Action struct {
	Given     []string // Given steps the action needs first (its key material)
	Operation string   // the AWS operation, or "AdvanceClock"
	Text      string   // the Gherkin step, without its keyword
	Expect    []string // the accepted answers: "" is success, else an AWS error code
	Got       string   // the target's answer: "" success, else its error code
	After     []string // Gherkin checks of the key states after the action
	Mismatch  string   // set on the action where the target differed
}

// rapidSeed finds the seed of the failing run in rapid's report.
var rapidSeed = regexp.MustCompile(`-rapid\.seed=(\d+)`)

// rapidMu serialises Model: rapid reads its settings from package flags.
var rapidMu sync.Mutex

// Model runs the model-based check against the target behind o.Client. An
// error means the run could not be carried out (bad options, no test clock
// where the profile claims one); a mismatch is a Result with a Failure.
func Model(ctx context.Context, o Options) (*Result, error) {
	if o.Client == nil || o.Profile == nil {
		return nil, errors.New("fuzz: Model needs a Client and a Profile")
	}
	if o.Steps <= 0 {
		o.Steps = DefaultSteps
	}
	if o.Checks <= 0 {
		o.Checks = 1
	}
	if o.ShrinkTime <= 0 {
		o.ShrinkTime = DefaultShrinkTime
	}
	if o.Seed == 0 {
		o.Seed = randomSeed()
	}
	if o.RunID == "" {
		o.RunID = fmt.Sprintf("fuzz-%d", o.Seed)
	}
	if o.Profile.Has("clock") {
		if _, err := o.Client.Now(ctx); err != nil {
			return nil, fmt.Errorf("fuzz: the profile claims the test clock: %w", err)
		}
	}

	rapidMu.Lock()
	defer rapidMu.Unlock()
	restore, err := setRapidFlags(o)
	if err != nil {
		return nil, err
	}
	defer restore()

	res := &Result{Seed: o.Seed, Answers: map[string]int{}}
	var created []string
	var last *run
	prop := func(t *rapid.T) {
		r := &run{ctx: ctx, o: o, c: o.Client, multi: o.Profile.Has("multiple-key-materials"), clock: o.Profile.Has("clock")}
		last = r
		res.Runs++
		defer func() {
			res.Actions += len(r.actions)
			for _, a := range r.actions {
				res.Answers[a.Operation+" "+outcome(a.Got)]++
			}
			for _, k := range r.keys {
				created = append(created, k.arn)
			}
		}()
		r.start(t)
		// The first keys come from one draw that rapid can shrink to 1, so a
		// shrunk scenario has no key it does not need.
		for n := rapid.IntRange(1, 2).Draw(t, "keys at the start"); n > 0; n-- {
			r.createKey(t)
		}
		t.Repeat(r.actionMap())
	}
	tb := &runTB{}
	tb.check(prop)
	res.Keys = len(created)
	if o.Cleanup {
		cleanup(ctx, o.Client, created)
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("fuzz: run interrupted: %w", ctx.Err())
	}
	if !tb.failed {
		return res, nil
	}
	f := &Failure{Seed: o.Seed, Steps: o.Steps, Message: tb.message()}
	if m := rapidSeed.FindStringSubmatch(f.Message); m != nil {
		// With several checks, the failing run has a seed of its own.
		f.Seed, _ = strconv.ParseUint(m[1], 10, 64)
	}
	if last != nil && last.mismatch != "" {
		// rapid replays the minimal failing sequence last.
		f.Message, f.Actions = last.mismatch, last.actions
	}
	res.Failure = f
	return res, nil
}

func randomSeed() uint64 {
	var b [8]byte
	_, _ = io.ReadFull(rand.Reader, b[:])
	s := uint64(0)
	for _, x := range b {
		s = s<<8 | uint64(x)
	}
	return s>>1 | 1 // non-zero; fits the int64 range of flag printing
}

// cleanup schedules the keys for deletion after the shortest waiting period;
// keys already pending deletion or gone answer an error, which is fine.
func cleanup(ctx context.Context, c *kmsclient.Client, arns []string) {
	for _, arn := range arns {
		if ctx.Err() != nil {
			return
		}
		_, _ = c.KMS.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(arn), PendingWindowInDays: aws.Int32(7)})
	}
}

// The model's view of the target.

type mkey struct {
	name     string // K1, K2, ...
	arn      string
	gone     bool // deleted at the end of its waiting period
	deleting bool
	delDate  time.Time
	disabled bool // the owner's choice between Enabled and Disabled
	mats     []*mmat
	current  *mmat
	rotated  int
	expired  bool // some material was lost by expiry (EXPIRY-007 accepts a stale ValidTo)
	// mayEnable: the last action reimported into a Disabled key, which may
	// have enabled it (REIMPORT-007); the next DescribeKey settles it.
	mayEnable bool
}

type mmat struct {
	m        int    // index into run.mats
	id       string // KeyMaterialId, once the target told it
	imported bool
	expires  bool
	validTo  time.Time
	pending  bool // PENDING_ROTATION (ROTATE-004)
}

type mparams struct {
	name      string // P1, P2, ...
	key       *mkey
	alg       types.AlgorithmSpec
	spec      types.WrappingKeySpec
	token     []byte
	pub       []byte
	validTo   time.Time
	lastBlob  []byte // the wrapped material of the last successful import with it
	lastMat   int
	attempted bool // an import with it got past the token checks
}

type mct struct {
	name  string // C1, ...
	key   *mkey
	blob  []byte
	pt    []byte
	matID string
}

// complete reports whether every permanently associated material is imported
// (ROTATE-026, EXPIRY-013, DELETE-010); a key without any is not.
func (k *mkey) complete() bool {
	n := 0
	for _, m := range k.mats {
		if m.pending {
			continue
		}
		n++
		if !m.imported {
			return false
		}
	}
	return n > 0
}

// state is the KeyState the model predicts (the STATE table of rules.md).
func (k *mkey) state() string {
	switch {
	case k.deleting:
		return "PendingDeletion"
	case !k.complete():
		return "PendingImport" // CREATE-011, DELETE-001/002, EXPIRY-007/009, STATE-007
	case k.disabled:
		return "Disabled"
	}
	return "Enabled"
}

func (k *mkey) find(m int) *mmat {
	for _, x := range k.mats {
		if x.m == m {
			return x
		}
	}
	return nil
}

func (k *mkey) pending() *mmat {
	for _, x := range k.mats {
		if x.pending {
			return x
		}
	}
	return nil
}

// run is one execution of the state machine.
type run struct {
	ctx          context.Context
	o            Options
	c            *kmsclient.Client
	multi, clock bool

	now      time.Time
	keys     []*mkey
	params   []*mparams
	mats     [][]byte
	shown    map[int]bool // materials a Given line has introduced
	given    []string     // Given lines the next recorded action needs
	cts      []*mct
	actions  []Action
	mismatch string
}

func (r *run) start(t *rapid.T) {
	r.now = time.Now().UTC()
	if r.clock {
		now, err := r.c.Now(r.ctx)
		if err != nil {
			t.Fatalf("reading the test clock: %v", err)
		}
		r.now = now
	}
}

// tick brings the model's clock to the target's wall clock where there is
// no test clock; nothing in a run without the test clock is near expiry.
func (r *run) tick() {
	if !r.clock {
		r.now = time.Now().UTC()
	}
}

// weighted is an action, how often it is drawn relative to the others, and
// when it can run at all.
type weighted struct {
	name   string
	weight int
	ready  func() bool
	f      func(*rapid.T)
}

func (r *run) actionList() []weighted {
	always := func() bool { return true }
	haveKey := func() bool { return len(r.keys) > 0 }
	haveParams := func() bool { return len(r.params) > 0 }
	acts := []weighted{
		// First: what a shrunk draw of 0 becomes.
		{"CreateKey", 1, r.canCreate, r.createKey},
		{"GetParametersForImport", 3, haveKey, r.getParameters},
		// The key's own parameters, the imports that can succeed, and any
		// parameters, often a token of another key (IMPORT-004).
		{"ImportKeyMaterial", 5, haveParams, func(t *rapid.T) { r.importMaterial(t, true) }},
		{"ImportKeyMaterial with any parameters", 2, haveParams, func(t *rapid.T) { r.importMaterial(t, false) }},
		{"DeleteImportedKeyMaterial", 1, haveKey, r.deleteMaterial},
		{"EnableKey", 2, haveKey, r.enableKey},
		{"DisableKey", 2, haveKey, r.disableKey},
		{"ScheduleKeyDeletion", 1, haveKey, r.scheduleDeletion},
		{"CancelKeyDeletion", 2, haveKey, r.cancelDeletion},
		{"Encrypt", 3, haveKey, r.encrypt},
		{"Decrypt", 3, func() bool { return len(r.cts) > 0 }, r.decrypt},
	}
	if r.multi {
		acts = append(acts, weighted{"RotateKeyOnDemand", 2, haveKey, r.rotate})
	}
	if r.clock {
		acts = append(acts, weighted{"AdvanceClock", 1, always, r.advance})
	}
	return acts
}

// actionMap is the one action of rapid's Repeat: it draws one of the actions
// that can run, by weight. rapid draws small integers far more often than
// large ones, so the index comes from unbiased bits (uniform); no action is
// ever skipped, because a skipped action can end Repeat early.
func (r *run) actionMap() map[string]func(*rapid.T) {
	acts := r.actionList()
	return map[string]func(*rapid.T){"step": func(t *rapid.T) {
		if len(r.actions) >= r.o.Steps {
			r.enough(t)
		}
		total := 0
		for _, a := range acts {
			total += a.weight
		}
		n := uniform(t, "action", total)
		i := 0
		for n >= acts[i].weight {
			n -= acts[i].weight
			i++
		}
		// An action that cannot run gives way to the next one that can; the
		// draw keeps its meaning when shrinking removes an earlier action.
		for range acts {
			if acts[i].ready() {
				acts[i].f(t)
				return
			}
			i = (i + 1) % len(acts)
		}
		r.enough(t) // nothing can run: no key, no clock, no room for a key
	}}
}

// uniform draws one of n values with equal chances, from unbiased bits:
// rapid's integer draws favour small values, and each comes with a 53-bit
// bias draw that shrinking minimises bit by bit (hundreds of replays per
// draw and round), while a bit shrinks in one replay.
func uniform(t *rapid.T, label string, n int) int {
	width := bits.Len(uint(n - 1))
	for {
		v := 0
		for range width {
			v <<= 1
			if rapid.Bool().Draw(t, label) {
				v |= 1
			}
		}
		if v < n {
			return v
		}
	}
}

func (r *run) canCreate() bool {
	live := 0
	for _, k := range r.keys {
		if !k.gone {
			live++
		}
	}
	return live < maxLive && len(r.keys) < maxKeys
}

// enough ends a run of o.Steps actions. rapid's Repeat draws its length from
// a geometric distribution (a run of "100" steps is often 5 or 400 long); with
// rapid.steps set out of reach, the run ends instead when Repeat gives up
// after rejected actions: an action that draws and then skips is rejected,
// and Repeat stops once rejections outnumber twice the accepted actions. Each
// rejection costs a draw and no request. While shrinking, rapid still cuts
// the run short by zeroing Repeat's continue draws. rapid.steps is 2^52, not
// merely large: a continue draw then needs a value of only 2 (of 2^53), which
// shrinking reaches in three replays; at 2^30 it needed 2^23, some thirty
// replays per action and shrinking round.
func (r *run) enough(t *rapid.T) {
	rapid.Bool().Draw(t, "enough")
	t.Skip("enough actions")
}

// branch is one answer the model accepts, with its effect on the model.
type branch struct {
	code  string // "" is success
	apply func()
}

func ok(apply func()) branch   { return branch{"", apply} }
func fails(code string) branch { return branch{code: code} }

// answer records the action, matches the target's answer against the
// accepted branches, applies the matching one and checks every key's
// DescribeKey; any difference stops the run with a mismatch.
func (r *run) answer(t *rapid.T, op, text string, err error, bs ...branch) {
	got := kmsclient.ErrorCode(err)
	a := Action{Operation: op, Text: text, Got: got, Given: r.given}
	r.given = nil
	for _, b := range bs {
		a.Expect = append(a.Expect, b.code)
	}
	if err != nil && got == "" {
		a.Got = "no AWS answer"
		r.fail(t, a, fmt.Sprintf("%s: %v", op, err))
	}
	var match *branch
	for i := range bs {
		if bs[i].code == got {
			match = &bs[i]
			break
		}
	}
	if match == nil {
		a.Mismatch = fmt.Sprintf("%s %s: expected %s, the target answered %s", op, text, outcomes(a.Expect), outcome(got))
		r.actions = append(r.actions, a)
		r.mismatch = a.Mismatch
		// rapid keeps a shrunk sequence only if it fails with the same message:
		// the names and times of the full message change as it shrinks.
		t.Fatalf("%s: expected %s, the target answered %s", op, outcomes(a.Expect), outcome(got))
	}
	if match.apply != nil {
		match.apply()
	}
	r.actions = append(r.actions, a)
	r.checkKeys(t)
}

func (r *run) fail(t *rapid.T, a Action, msg string) {
	if a.Given == nil {
		a.Given, r.given = r.given, nil
	}
	a.Mismatch = msg
	r.actions = append(r.actions, a)
	r.mismatch = msg
	t.Fatalf("%s", class(msg))
}

// Names (K1, "P2"), times and IDs change while rapid shrinks a sequence, and
// rapid keeps a shrunk sequence only if it fails with the same message.
var (
	classQuoted = regexp.MustCompile(`"[^"]*"`)
	classTime   = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)
	className   = regexp.MustCompile(`\b[KPCM]\d+\b`)
	classHex    = regexp.MustCompile(`\b[a-f0-9]{64}\b`)
)

// class is msg without the parts that change while rapid shrinks.
func class(msg string) string {
	msg = classQuoted.ReplaceAllString(msg, "…")
	msg = classTime.ReplaceAllString(msg, "T")
	msg = classHex.ReplaceAllString(msg, "ID")
	return className.ReplaceAllString(msg, "X")
}

func outcome(code string) string {
	if code == "" {
		return "success"
	}
	return code
}

func outcomes(codes []string) string {
	var s []string
	for _, c := range codes {
		s = append(s, outcome(c))
	}
	return strings.Join(s, " or ")
}

// pickKey draws one of the run's keys, now and then a deleted one (it must
// answer NotFoundException, ERRORS-001), or skips the action when there is none.
func (r *run) pickKey(t *rapid.T, label string) *mkey {
	var live, gone []*mkey
	for _, k := range r.keys {
		if k.gone {
			gone = append(gone, k)
		} else {
			live = append(live, k)
		}
	}
	from := live
	if len(gone) > 0 && (len(live) == 0 || rapid.IntRange(0, 7).Draw(t, label+": a deleted one") == 0) {
		from = gone
	}
	return from[index(t, label, len(from))]
}

// pickKeyWhere is pickKey that mostly draws among the keys for which want
// holds, when there are any: the actions whose success needs a rare state.
func (r *run) pickKeyWhere(t *rapid.T, label string, want func(*mkey) bool) *mkey {
	var some []*mkey
	for _, k := range r.keys {
		if !k.gone && want(k) {
			some = append(some, k)
		}
	}
	if len(some) == 0 || rapid.IntRange(0, 3).Draw(t, label+": any key") == 3 {
		return r.pickKey(t, label)
	}
	return some[index(t, label, len(some))]
}

// index draws one of n things; recent parameter sets and ciphertexts are
// drawn as n-1-index, as rapid favours small draws. Taken modulo n, every draw stays valid when
// shrinking removes an earlier key, parameter set or ciphertext, so rapid
// can remove the ones a failure does not need.
func index(t *rapid.T, label string, n int) int {
	return rapid.IntRange(0, 1023).Draw(t, label) % n
}

// A run keeps at most maxLive keys that are not deleted, and creates at most maxKeys.
const (
	maxLive = 4
	maxKeys = 12
)

func (r *run) createKey(t *rapid.T) {
	r.tick()
	name := fmt.Sprintf("K%d", len(r.keys)+1)
	out, err := r.c.KMS.CreateKey(r.ctx, &kms.CreateKeyInput{
		Origin:      types.OriginTypeExternal,
		Description: aws.String("kmsconform fuzz " + name),
		Tags:        []types.Tag{{TagKey: aws.String("kmsconform:run-id"), TagValue: aws.String(r.o.RunID)}},
	})
	text := fmt.Sprintf("an EXTERNAL symmetric key %q", name)
	if err == nil && (out.KeyMetadata == nil || out.KeyMetadata.Arn == nil) {
		r.fail(t, Action{Operation: "CreateKey", Text: text, Expect: []string{""}}, "CreateKey: the answer has no KeyMetadata.Arn")
	}
	// CREATE-001: a new EXTERNAL key has no material and is PendingImport.
	r.answer(t, "CreateKey", text, err, ok(func() {
		r.keys = append(r.keys, &mkey{name: name, arn: *out.KeyMetadata.Arn})
	}))
}

var wrapAlgs = []types.AlgorithmSpec{
	types.AlgorithmSpecRsaesOaepSha1, types.AlgorithmSpecRsaesOaepSha256,
	types.AlgorithmSpecRsaAesKeyWrapSha1, types.AlgorithmSpecRsaAesKeyWrapSha256,
}

func (r *run) getParameters(t *rapid.T) {
	k := r.pickKey(t, "key")
	alg := rapid.SampledFrom(wrapAlgs).Draw(t, "wrapping algorithm")
	specs := r.o.WrappingKeySpecs
	if len(specs) == 0 {
		specs = []types.WrappingKeySpec{types.WrappingKeySpecRsa2048, types.WrappingKeySpecRsa2048, types.WrappingKeySpecRsa2048, types.WrappingKeySpecRsa3072}
	}
	spec := specs[index(t, "wrapping key spec", len(specs))] // WRAP-011: specs may change between imports
	r.tick()
	name := fmt.Sprintf("P%d", len(r.params)+1)
	out, err := r.c.KMS.GetParametersForImport(r.ctx, &kms.GetParametersForImportInput{KeyId: aws.String(k.arn), WrappingAlgorithm: alg, WrappingKeySpec: spec})
	text := fmt.Sprintf("I get import parameters for %q with %s and %s as %q", k.name, alg, spec, name)
	switch {
	case k.gone:
		r.answer(t, "GetParametersForImport", text, err, fails("NotFoundException")) // ERRORS-001
	case k.deleting:
		r.answer(t, "GetParametersForImport", text, err, fails("KMSInvalidStateException")) // PARAMS-009
	default:
		if err == nil && (len(out.ImportToken) == 0 || len(out.PublicKey) == 0 || out.ParametersValidTo == nil) {
			r.fail(t, Action{Operation: "GetParametersForImport", Text: text, Expect: []string{""}}, "GetParametersForImport: the answer lacks ImportToken, PublicKey or ParametersValidTo (PARAMS-001)")
		}
		// PARAMS-001, PARAMS-006, PARAMS-007: it works and changes nothing.
		r.answer(t, "GetParametersForImport", text, err, ok(func() {
			r.params = append(r.params, &mparams{name: name, key: k, alg: alg, spec: spec, token: out.ImportToken, pub: out.PublicKey, validTo: out.ParametersValidTo.UTC(), lastMat: -1})
		}))
	}
}

// introduce returns the Given line that introduces material m in a scenario,
// the first time it is used.
func (r *run) introduce(m int) []string {
	if r.shown == nil {
		r.shown = map[int]bool{}
	}
	if r.shown[m] {
		return nil
	}
	r.shown[m] = true
	return []string{fmt.Sprintf("32 random bytes as key material \"M%d\"", m+1)}
}

// material returns material m, making it first when m == len(r.mats).
func (r *run) material(t *rapid.T, m int) []byte {
	for len(r.mats) <= m {
		b := make([]byte, 32) // MATERIAL-001
		if _, err := io.ReadFull(rand.Reader, b); err != nil {
			t.Fatalf("reading random material: %v", err)
		}
		r.mats = append(r.mats, b)
	}
	return r.mats[m]
}

var hexID = regexp.MustCompile(`^[a-f0-9]{64}$`)

func (r *run) importMaterial(t *rapid.T, own bool) {
	var p *mparams
	var k *mkey
	if own {
		// The parameters of the key they are for (IMPORT-004 satisfied).
		p = r.params[len(r.params)-1-index(t, "parameters", len(r.params))]
		k = p.key
	} else {
		// Any parameters, any key: often a token of another key.
		k = r.pickKey(t, "key")
		p = r.params[len(r.params)-1-index(t, "parameters", len(r.params))]
	}
	reuse := p.lastBlob != nil && rapid.IntRange(0, 3).Draw(t, "reuse the last wrapped material") == 3
	var m int
	if reuse {
		m = p.lastMat
	} else {
		switch rapid.IntRange(0, 2).Draw(t, "which material") {
		case 0: // the key's first material: the right one for a reimport
			m = len(r.mats)
			if len(k.mats) > 0 {
				m = k.mats[0].m
			}
		case 1: // any material the key holds
			m = len(r.mats)
			if len(k.mats) > 0 {
				m = k.mats[index(t, "associated material", len(k.mats))].m
			}
		default: // another material, known or new
			m = index(t, "other material", len(r.mats)+1)
		}
	}
	material := r.material(t, m)
	expires := rapid.Bool().Draw(t, "expires")
	var validTo time.Time
	var hours int
	r.tick()
	if expires {
		// EXPIRY-003/004: in the future, within 365 days.
		hours = rapid.SampledFrom([]int{1, 2, 12, 30, 72, 400}).Draw(t, "valid hours")
		validTo = r.now.Add(time.Duration(hours) * time.Hour).Truncate(time.Second)
	}
	var importType types.ImportType
	if r.multi {
		importType = []types.ImportType{"", types.ImportTypeNewKeyMaterial, "", types.ImportTypeExistingKeyMaterial}[index(t, "import type", 4)]
	}

	blob := p.lastBlob
	if !reuse {
		pub, _, err := wrapping.ParsePublicKey(p.pub)
		if err != nil {
			r.fail(t, Action{Operation: "GetParametersForImport", Text: "the public key of " + p.name}, fmt.Sprintf("the public key of %s is not an RSA SubjectPublicKeyInfo (PARAMS-003): %v", p.name, err))
		}
		if blob, err = wrapping.Wrap(rand.Reader, pub, wrapping.Algorithm(p.alg), material); err != nil {
			t.Fatalf("wrapping material: %v", err)
		}
	}
	in := &kms.ImportKeyMaterialInput{KeyId: aws.String(k.arn), ImportToken: p.token, EncryptedKeyMaterial: blob, ImportType: importType}
	if expires {
		in.ExpirationModel, in.ValidTo = types.ExpirationModelTypeKeyMaterialExpires, aws.Time(validTo)
	} else {
		in.ExpirationModel = types.ExpirationModelTypeKeyMaterialDoesNotExpire
	}
	out, err := r.c.KMS.ImportKeyMaterial(r.ctx, in)

	// The phrases of steps/README.md where one exists.
	text := fmt.Sprintf("I import \"M%d\" into %q with the parameters %q", m+1, k.name, p.name)
	switch {
	case reuse:
		text = fmt.Sprintf("I import \"M%d\" into %q again with the token and the wrapped material of the last import with the parameters %q", m+1, k.name, p.name)
	case importType == types.ImportTypeNewKeyMaterial && len(k.mats) > 0:
		text += " as new key material pending rotation"
	case importType != "":
		text += " with ImportType " + string(importType)
	}
	if expires {
		sep := " "
		if strings.HasSuffix(text, "rotation") {
			sep = ", "
		}
		text += fmt.Sprintf("%sexpiring in %d hours", sep, hours)
	}
	r.given = r.introduce(m)

	const op = "ImportKeyMaterial"
	switch {
	case k.gone:
		r.answer(t, op, text, err, fails("NotFoundException"))
		return
	case k.deleting:
		r.answer(t, op, text, err, fails("KMSInvalidStateException")) // STATE-009
		return
	}
	expired := !r.now.Before(p.validTo)
	if p.key != k {
		if expired {
			// TOKEN-004: a genuine expired token of another key.
			r.answer(t, op, text, err, fails("InvalidImportTokenException"), fails("ExpiredImportTokenException"))
			return
		}
		r.answer(t, op, text, err, fails("InvalidImportTokenException")) // IMPORT-004
		return
	}
	if expired {
		r.answer(t, op, text, err, fails("ExpiredImportTokenException")) // TOKEN-001
		return
	}

	// The material checks (REIMPORT, ROTATE), in the reference's order.
	var bs []branch
	e := k.find(m)
	typ := importType
	if typ == "" {
		typ = types.ImportTypeExistingKeyMaterial // ROTATE-002
		if len(k.mats) == 0 {
			typ = types.ImportTypeNewKeyMaterial // ROTATE-001
		}
	}
	success := func(apply func(id string)) branch {
		return ok(func() {
			id := ""
			if out != nil && out.KeyMaterialId != nil {
				id = *out.KeyMaterialId
			}
			apply(id)
			p.lastBlob, p.lastMat = blob, m
		})
	}
	set := func(x *mmat) {
		x.imported, x.expires, x.validTo = true, expires, validTo
	}
	wasComplete := k.complete()
	enable := func() {
		if !wasComplete && k.complete() {
			k.disabled = false // IMPORT-001
		}
	}
	switch {
	case typ == types.ImportTypeNewKeyMaterial && e != nil && k.pending() != nil:
		// ROTATE-005 and ROTATE-006 both apply: either code.
		bs = append(bs, fails("IncorrectKeyMaterialException"), fails("KMSInvalidStateException"))
	case typ == types.ImportTypeNewKeyMaterial && e != nil:
		bs = append(bs, fails("IncorrectKeyMaterialException")) // ROTATE-006
	case typ == types.ImportTypeNewKeyMaterial && k.pending() != nil:
		bs = append(bs, fails("KMSInvalidStateException")) // ROTATE-005
	case typ == types.ImportTypeNewKeyMaterial:
		bs = append(bs, success(func(id string) {
			x := &mmat{m: m, id: id}
			set(x)
			if len(k.mats) == 0 {
				k.current = x // ROTATE-001
			} else {
				x.pending = true // ROTATE-004
			}
			k.mats = append(k.mats, x)
			enable()
		}))
	case e == nil:
		bs = append(bs, fails("IncorrectKeyMaterialException")) // REIMPORT-003, ROTATE-009
	default:
		bs = append(bs, success(func(id string) {
			if e.id == "" {
				e.id = id
			}
			set(e) // REIMPORT-001, REIMPORT-005, REIMPORT-006
			// REIMPORT-007: a Disabled key stays Disabled (preferred) or is enabled.
			k.mayEnable = k.state() == "Disabled"
			enable()
		}))
	}
	if p.attempted {
		// TOKEN-005, TOKEN-006: a token used before, with success or a
		// material failure, may be refused; nothing changes then.
		bs = append(bs, fails("InvalidImportTokenException"))
	}
	if err == nil && r.multi && bs[0].code == "" {
		if msg := r.checkMaterialID(k, m, out); msg != "" {
			r.fail(t, Action{Operation: op, Text: text, Expect: []string{""}}, msg)
		}
	}
	p.attempted = true
	r.answer(t, op, text, err, bs...)
}

// checkMaterialID checks the KeyMaterialId of a successful symmetric import
// (IMPORT-002, ROTATE-003, REIMPORT-008).
func (r *run) checkMaterialID(k *mkey, m int, out *kms.ImportKeyMaterialOutput) string {
	if out.KeyMaterialId == nil || !hexID.MatchString(*out.KeyMaterialId) {
		return fmt.Sprintf("ImportKeyMaterial into %s: KeyMaterialId %v is not 64 lowercase hex digits (IMPORT-002)", k.name, aws.ToString(out.KeyMaterialId))
	}
	id := *out.KeyMaterialId
	for _, x := range k.mats {
		switch {
		case x.m == m && x.id != "" && x.id != id:
			return fmt.Sprintf("ImportKeyMaterial of M%d into %s: KeyMaterialId %s, earlier %s for the same material (REIMPORT-008)", m+1, k.name, id, x.id)
		case x.m != m && x.id == id:
			return fmt.Sprintf("ImportKeyMaterial of M%d into %s: KeyMaterialId %s is already the ID of M%d (ROTATE-003)", m+1, k.name, id, x.m+1)
		}
	}
	return ""
}

func (r *run) deleteMaterial(t *rapid.T) {
	k := r.pickKey(t, "key")
	var named *mmat
	if r.multi && rapid.IntRange(0, 2).Draw(t, "name a material") == 0 {
		var known []*mmat
		for _, x := range k.mats {
			if x.id != "" {
				known = append(known, x)
			}
		}
		if len(known) > 0 {
			named = known[index(t, "material", len(known))]
		}
	}
	r.tick()
	in := &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(k.arn)}
	text := fmt.Sprintf("I delete the imported key material of %q", k.name)
	if named != nil {
		in.KeyMaterialId = aws.String(named.id)
		text = fmt.Sprintf("I delete the key material \"M%d\" from %q by its KeyMaterialId", named.m+1, k.name)
	}
	_, err := r.c.KMS.DeleteImportedKeyMaterial(r.ctx, in)
	const op = "DeleteImportedKeyMaterial"
	if k.gone {
		r.answer(t, op, text, err, fails("NotFoundException"))
		return
	}
	target := named
	if target == nil {
		target = k.current // DELETE-009; nil before the first import
	}
	if target == nil || (!target.imported && !target.pending) {
		// DELETE-004: nothing to delete; a no-op, or KMSInvalidStateException.
		r.answer(t, op, text, err, ok(nil), fails("KMSInvalidStateException"))
		return
	}
	r.answer(t, op, text, err, ok(func() {
		if target.pending {
			k.mats = slices.DeleteFunc(k.mats, func(x *mmat) bool { return x == target }) // DELETE-011
			return
		}
		// DELETE-001..003, DELETE-010: the key's state follows from the missing material.
		target.imported, target.expires, target.validTo = false, false, time.Time{}
	}))
}

func (r *run) enableKey(t *rapid.T) {
	k := r.pickKey(t, "key")
	r.tick()
	_, err := r.c.KMS.EnableKey(r.ctx, &kms.EnableKeyInput{KeyId: aws.String(k.arn)})
	text := fmt.Sprintf("I enable %q", k.name)
	switch st := k.state(); {
	case k.gone:
		r.answer(t, "EnableKey", text, err, fails("NotFoundException"))
	case st == "Enabled" || st == "Disabled":
		r.answer(t, "EnableKey", text, err, ok(func() { k.disabled = false })) // STATE-004
	default:
		r.answer(t, "EnableKey", text, err, fails("KMSInvalidStateException")) // STATE-002
	}
}

func (r *run) disableKey(t *rapid.T) {
	k := r.pickKey(t, "key")
	r.tick()
	_, err := r.c.KMS.DisableKey(r.ctx, &kms.DisableKeyInput{KeyId: aws.String(k.arn)})
	text := fmt.Sprintf("I disable %q", k.name)
	switch st := k.state(); {
	case k.gone:
		r.answer(t, "DisableKey", text, err, fails("NotFoundException"))
	case st == "Enabled" || st == "Disabled":
		r.answer(t, "DisableKey", text, err, ok(func() { k.disabled = true })) // STATE-004
	default:
		r.answer(t, "DisableKey", text, err, fails("KMSInvalidStateException")) // STATE-003
	}
}

func (r *run) scheduleDeletion(t *rapid.T) {
	k := r.pickKey(t, "key")
	days := int32(rapid.IntRange(7, 30).Draw(t, "waiting days")) // STATE-014
	r.tick()
	out, err := r.c.KMS.ScheduleKeyDeletion(r.ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(k.arn), PendingWindowInDays: aws.Int32(days)})
	text := fmt.Sprintf("I schedule the deletion of %q with a %d-day waiting period", k.name, days)
	switch {
	case k.gone:
		r.answer(t, "ScheduleKeyDeletion", text, err, fails("NotFoundException"))
	case k.deleting:
		r.answer(t, "ScheduleKeyDeletion", text, err, fails("KMSInvalidStateException"))
	default:
		if err == nil && out.DeletionDate == nil {
			r.fail(t, Action{Operation: "ScheduleKeyDeletion", Text: text, Expect: []string{""}}, "ScheduleKeyDeletion: no DeletionDate in the answer (STATE-005)")
		}
		r.answer(t, "ScheduleKeyDeletion", text, err, ok(func() { // STATE-005
			k.deleting, k.delDate = true, out.DeletionDate.UTC()
		}))
	}
}

func (r *run) cancelDeletion(t *rapid.T) {
	k := r.pickKeyWhere(t, "key", func(k *mkey) bool { return k.deleting })
	r.tick()
	_, err := r.c.KMS.CancelKeyDeletion(r.ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String(k.arn)})
	text := fmt.Sprintf("I cancel the deletion of %q", k.name)
	switch {
	case k.gone:
		r.answer(t, "CancelKeyDeletion", text, err, fails("NotFoundException"))
	case !k.deleting:
		r.answer(t, "CancelKeyDeletion", text, err, fails("KMSInvalidStateException")) // STATE-008
	default:
		// STATE-006, STATE-007: Disabled, or PendingImport without material.
		r.answer(t, "CancelKeyDeletion", text, err, ok(func() { k.deleting, k.delDate, k.disabled = false, time.Time{}, true }))
	}
}

func (r *run) rotate(t *rapid.T) {
	k := r.pickKeyWhere(t, "key", func(k *mkey) bool { return k.pending() != nil })
	r.tick()
	_, err := r.c.KMS.RotateKeyOnDemand(r.ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(k.arn)})
	text := fmt.Sprintf("I rotate %q on demand", k.name)
	const op = "RotateKeyOnDemand"
	switch st := k.state(); {
	case k.gone:
		r.answer(t, op, text, err, fails("NotFoundException"))
	case st == "Disabled":
		r.answer(t, op, text, err, fails("DisabledException")) // ROTATE-014
	case st == "PendingDeletion":
		r.answer(t, op, text, err, fails("KMSInvalidStateException"), fails("DisabledException")) // as USE-007
	case st == "PendingImport":
		r.answer(t, op, text, err, fails("KMSInvalidStateException")) // ROTATE-012
	case k.pending() == nil && k.rotated >= 10:
		// ROTATE-011 and, past the tenth rotation, ROTATE-015: order unknown.
		r.answer(t, op, text, err, fails("KMSInvalidStateException"), fails("LimitExceededException"))
	case k.pending() == nil:
		r.answer(t, op, text, err, fails("KMSInvalidStateException")) // ROTATE-011
	default:
		rot := func() {
			p := k.pending()
			p.pending = false
			k.current = p // ROTATE-010
			k.rotated++
		}
		bs := []branch{ok(rot)}
		switch {
		case k.rotated >= 25:
			bs = []branch{fails("LimitExceededException")} // ROTATE-015
		case k.rotated >= 10:
			bs = append(bs, fails("LimitExceededException"))
		}
		r.answer(t, op, text, err, bs...)
	}
}

// cryptoBranches are the answers of a cryptographic operation on k (USE-001,
// USE-006, USE-007, ERRORS-001); success only when k is Enabled.
func cryptoBranches(k *mkey, success branch) []branch {
	switch st := k.state(); {
	case k.gone:
		return []branch{fails("NotFoundException")}
	case st == "Enabled":
		return []branch{success}
	case st == "Disabled":
		return []branch{fails("DisabledException")}
	case st == "PendingDeletion":
		return []branch{fails("KMSInvalidStateException"), fails("DisabledException")}
	}
	return []branch{fails("KMSInvalidStateException")}
}

func (r *run) encrypt(t *rapid.T) {
	k := r.pickKey(t, "key")
	r.tick()
	name := fmt.Sprintf("C%d", len(r.cts)+1)
	pt := []byte("kmsconform fuzz plaintext " + name)
	out, err := r.c.KMS.Encrypt(r.ctx, &kms.EncryptInput{KeyId: aws.String(k.arn), Plaintext: pt})
	text := fmt.Sprintf("I encrypt a plaintext with %q as %q", k.name, name)
	r.answer(t, "Encrypt", text, err, cryptoBranches(k, ok(func() { // USE-002
		c := &mct{name: name, key: k, blob: out.CiphertextBlob, pt: pt}
		if k.current != nil {
			c.matID = k.current.id
		}
		r.cts = append(r.cts, c)
	}))...)
}

func (r *run) decrypt(t *rapid.T) {
	c := r.cts[len(r.cts)-1-index(t, "ciphertext", len(r.cts))]
	k := c.key
	r.tick()
	out, err := r.c.KMS.Decrypt(r.ctx, &kms.DecryptInput{KeyId: aws.String(k.arn), CiphertextBlob: c.blob})
	text := fmt.Sprintf("I decrypt %q with %q", c.name, k.name)
	if err == nil && k.state() == "Enabled" && !k.gone {
		switch {
		case string(out.Plaintext) != string(c.pt):
			r.fail(t, Action{Operation: "Decrypt", Text: text, Expect: []string{""}}, fmt.Sprintf("Decrypt of %s with %s: the plaintext differs from the one encrypted (USE-002, REIMPORT-001)", c.name, k.name))
		case r.multi && c.matID != "" && aws.ToString(out.KeyMaterialId) != c.matID:
			r.fail(t, Action{Operation: "Decrypt", Text: text, Expect: []string{""}}, fmt.Sprintf("Decrypt of %s with %s: KeyMaterialId %q, expected %q (ROTATE-024)", c.name, k.name, aws.ToString(out.KeyMaterialId), c.matID))
		}
	}
	// USE-003, USE-004: the ciphertext decrypts again once the material is back.
	r.answer(t, "Decrypt", text, err, cryptoBranches(k, ok(nil))...)
}

// clockSteps are the test-clock moves: around the 24-hour token validity, the
// material validities importMaterial picks, and the 7..30-day deletion windows.
var clockSteps = []time.Duration{
	time.Minute, time.Hour, time.Hour, 12 * time.Hour, 23 * time.Hour, 25 * time.Hour,
	25 * time.Hour, 3 * 24 * time.Hour, 8 * 24 * time.Hour, 31 * 24 * time.Hour,
}

func (r *run) advance(t *rapid.T) {
	d := rapid.SampledFrom(clockSteps).Draw(t, "advance")
	// The exact boundaries (TOKEN-002, EXPIRY-007) are not specified: never
	// land within 2 s of one.
	for r.nearBoundary(r.now.Add(d)) {
		d += 3 * time.Second
	}
	now, err := r.c.Advance(r.ctx, d)
	text := "I advance the clock by " + fmtDuration(d)
	if err != nil {
		r.fail(t, Action{Operation: "AdvanceClock", Text: text, Expect: []string{""}, Got: "error"}, fmt.Sprintf("moving the test clock: %v", err))
	}
	if diff := now.Sub(r.now.Add(d)); diff > time.Second || diff < -time.Second {
		r.fail(t, Action{Operation: "AdvanceClock", Text: text, Expect: []string{""}}, fmt.Sprintf("the test clock moved to %s, expected %s", now.Format(time.RFC3339), r.now.Add(d).Format(time.RFC3339)))
	}
	r.now = now
	for _, k := range r.keys {
		if k.gone {
			continue
		}
		for _, x := range slices.Clone(k.mats) {
			if !x.imported || !x.expires || r.now.Before(x.validTo) {
				continue
			}
			if x.pending {
				k.mats = slices.DeleteFunc(k.mats, func(y *mmat) bool { return y == x }) // EXPIRY-014
				continue
			}
			x.imported, x.expires, x.validTo = false, false, time.Time{} // EXPIRY-007, EXPIRY-009, EXPIRY-010, EXPIRY-013
			k.expired = true
		}
		if k.deleting && !r.now.Before(k.delDate) {
			k.gone = true
		}
	}
	r.actions = append(r.actions, Action{Operation: "AdvanceClock", Text: text, Expect: []string{""}})
	r.checkKeys(t)
}

func (r *run) nearBoundary(at time.Time) bool {
	near := func(b time.Time) bool {
		d := at.Sub(b)
		return !b.IsZero() && d > -2*time.Second && d < 2*time.Second
	}
	for _, p := range r.params {
		if near(p.validTo) {
			return true
		}
	}
	for _, k := range r.keys {
		if near(k.delDate) {
			return true
		}
		for _, x := range k.mats {
			if x.expires && near(x.validTo) {
				return true
			}
		}
	}
	return false
}

func fmtDuration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	}
	return fmt.Sprintf("%d seconds", d/time.Second)
}

// checkKeys compares DescribeKey of every key of the run with the model.
func (r *run) checkKeys(t *rapid.T) {
	a := &r.actions[len(r.actions)-1]
	for _, k := range r.keys {
		if msg := r.checkKey(k); msg != "" {
			a.Mismatch = msg
			r.mismatch = msg
			t.Fatalf("%s", class(msg))
		}
		if k.gone {
			continue
		}
		a.After = append(a.After, fmt.Sprintf("%q is %s", k.name, k.state()))
	}
}

func (r *run) checkKey(k *mkey) string {
	out, err := r.c.KMS.DescribeKey(r.ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.arn)})
	code := kmsclient.ErrorCode(err)
	if k.gone {
		if code != "NotFoundException" {
			return fmt.Sprintf("DescribeKey %s: the key's waiting period ended, expected NotFoundException, the target answered %s", k.name, outcome(code))
		}
		return ""
	}
	if err != nil {
		return fmt.Sprintf("DescribeKey %s: %v", k.name, err)
	}
	md := out.KeyMetadata
	if md == nil {
		return fmt.Sprintf("DescribeKey %s: no KeyMetadata", k.name)
	}
	want := k.state()
	if k.mayEnable && want == "Disabled" && md.KeyState == types.KeyStateEnabled {
		k.disabled, want = false, "Enabled" // REIMPORT-007, the accepted alternative
	}
	k.mayEnable = false
	switch {
	case string(md.KeyState) != want:
		return fmt.Sprintf("DescribeKey %s: KeyState %s, the model expects %s", k.name, md.KeyState, want)
	case md.Enabled != (want == "Enabled"):
		return fmt.Sprintf("DescribeKey %s: Enabled %t in state %s (STATE-001)", k.name, md.Enabled, want)
	case md.Origin != types.OriginTypeExternal:
		return fmt.Sprintf("DescribeKey %s: Origin %s (CREATE-010)", k.name, md.Origin)
	}
	// EXPIRY-005/006/012, DELETE-008: ValidTo is the earliest expiry of the
	// imported, permanently associated materials.
	var earliest time.Time
	imported, expires, mixed := false, false, false
	for _, x := range k.mats {
		if x.pending || !x.imported {
			continue
		}
		if imported && x.expires != expires {
			mixed = true
		}
		imported = true
		if x.expires {
			expires = true
			if earliest.IsZero() || x.validTo.Before(earliest) {
				earliest = x.validTo
			}
		}
	}
	switch {
	case expires && (md.ValidTo == nil || !md.ValidTo.Truncate(time.Second).Equal(earliest)):
		return fmt.Sprintf("DescribeKey %s: ValidTo %s, the model expects %s (EXPIRY-005, EXPIRY-012)", k.name, fmtTime(md.ValidTo), earliest.Format(time.RFC3339))
	case !expires && md.ValidTo != nil && (imported || !k.expired || !md.ValidTo.Before(r.now)):
		return fmt.Sprintf("DescribeKey %s: ValidTo %s, the model expects none (EXPIRY-006, DELETE-008)", k.name, fmtTime(md.ValidTo))
	case imported && !mixed && expires && md.ExpirationModel != types.ExpirationModelTypeKeyMaterialExpires,
		imported && !mixed && !expires && md.ExpirationModel != types.ExpirationModelTypeKeyMaterialDoesNotExpire:
		return fmt.Sprintf("DescribeKey %s: ExpirationModel %q does not match the imported materials (EXPIRY-005, EXPIRY-006)", k.name, md.ExpirationModel)
	}
	if k.deleting && (md.DeletionDate == nil || !md.DeletionDate.Equal(k.delDate)) {
		return fmt.Sprintf("DescribeKey %s: DeletionDate %s, ScheduleKeyDeletion said %s (STATE-005)", k.name, fmtTime(md.DeletionDate), k.delDate.Format(time.RFC3339))
	}
	if r.multi {
		// ROTATE-025, CREATE-002: the current material's ID, none before the first import.
		cur := aws.ToString(md.CurrentKeyMaterialId)
		switch {
		case k.current == nil && cur != "":
			return fmt.Sprintf("DescribeKey %s: CurrentKeyMaterialId %s before any import (CREATE-002)", k.name, cur)
		case k.current != nil && k.current.id != "" && cur != k.current.id:
			return fmt.Sprintf("DescribeKey %s: CurrentKeyMaterialId %q, expected M%d's %s (ROTATE-010, ROTATE-025)", k.name, cur, k.current.m+1, k.current.id)
		}
	}
	return ""
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return "absent"
	}
	return t.UTC().Format(time.RFC3339)
}
