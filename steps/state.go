package steps

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"

	"github.com/kmsconform/kmsconform/steps/kmsclient"
)

// Steps of the STATE section (key states of EXTERNAL keys, rules.md
// STATE-001..014; https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html):
// the management operations a key in PendingImport still serves (STATE-011),
// grants (STATE-012), aliases, the deletion window (STATE-005, STATE-014) and
// explicit forms of the invariants the World checks after every step
// (STATE-001, STATE-013). The ERRORS steps (errors.go) share this per-scenario
// state: aliases, generated blobs and the keys of a second account.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		s := &sectionState{w: w, aliases: map[string]*aliasRef{}, grants: map[string][]grantRef{},
			deletions: map[string]*deletionAnswer{}, foreign: map[string]bool{}}
		s.registerState(sc)
		s.registerErrors(sc)
		sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
			s.cleanup(ctx)
			return ctx, nil
		})
	})
}

// sectionState is what the STATE and ERRORS steps remember in one scenario,
// beside the World.
type sectionState struct {
	w         *World
	aliases   map[string]*aliasRef       // by the feature's name for the alias
	grants    map[string][]grantRef      // by key name, in creation order
	deletions map[string]*deletionAnswer // ScheduleKeyDeletion answers, by key name
	foreign   map[string]bool            // keys of the second account (ERRORS-005), by name
	generated []string                   // base64 of every ${bytes:N} sent (ERRORS-009)
}

// aliasRef is an alias a step created.
type aliasRef struct {
	Name   string // alias/...
	ARN    string
	Region string
}

// grantRef is a grant a step created.
type grantRef struct {
	ID, Token string
}

// deletionAnswer is a ScheduleKeyDeletion answer and when it was asked for.
type deletionAnswer struct {
	Out   *kms.ScheduleKeyDeletionOutput
	At    time.Time
	Exact bool // At is the target's test clock
}

// managementOps are the operations STATE-011 lists as allowed in PendingImport.
var managementOps = []string{"DescribeKey", "CreateAlias", "UpdateAlias", "DeleteAlias", "ListAliases",
	"TagResource", "UntagResource", "ListResourceTags", "GetKeyPolicy", "PutKeyPolicy", "ListKeyPolicies",
	"UpdateKeyDescription", "ListGrants", "RetireGrant", "RevokeGrant", "ScheduleKeyDeletion"}

func (s *sectionState) registerState(sc *godog.ScenarioContext) {
	sc.Step(re(`^I call the management operation (`+strings.Join(managementOps, "|")+`) on "([^"]+)"$`), s.managementOp)
	sc.Step(re(`^I retire the grant on "([^"]+)" by the key ARN and the grant ID$`), s.retireByID)
	sc.Step(re(`^(?:I create )?an alias "([^"]+)" (?:for|pointing at) "([^"]+)"$`), s.createAlias)
	sc.Step(re(`^DescribeKey by the alias (name|ARN) of "([^"]+)" answers with "([^"]+)" in state (\w+)$`), s.describeByAlias)
	sc.Step(re(`^I create a grant on "([^"]+)"$`), s.createGrant)
	sc.Step(re(`^I schedule the deletion of "([^"]+)" with the default waiting period$`), s.scheduleDefault)
	sc.Step(re(`^the ScheduleKeyDeletion answer has the ARN of "([^"]+)", KeyState PendingDeletion and a (\d+)-day waiting period$`), s.deletionAnswered)
	sc.Step(re(`^"([^"]+)" is pending deletion for (\d+) days$`), s.pendingDeletionFor)
	sc.Step(re(`^"([^"]+)" is not in the Unavailable state$`), s.notUnavailable)
	sc.Step(re(`^"([^"]+)" is PendingImport, or else Disabled and still unable to encrypt after EnableKey$`), s.pendingImportOrUnusable)
}

// keyAccount returns the partition and account of a key from its ARN
// (arn:<partition>:kms:<region>:<account>:key/<id>).
func keyAccount(arn string) (partition, account string, err error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kms" {
		return "", "", fmt.Errorf("%q is not a KMS key ARN", arn)
	}
	return parts[1], parts[4], nil
}

func randomHex(n int) string {
	b := make([]byte, (n+1)/2)
	rand.Read(b) // never returns an error: since Go 1.24 it crashes the program instead
	return hex.EncodeToString(b)[:n]
}

// newAlias creates an alias with a fresh name for key k and remembers it
// under name. The name carries the run ID so that leftovers can be traced.
func (s *sectionState) newAlias(ctx context.Context, name string, k *Key) (*aliasRef, error) {
	if _, dup := s.aliases[name]; dup {
		return nil, fmt.Errorf("alias %q already exists in this scenario", name)
	}
	c, err := s.w.KMS(k)
	if err != nil {
		return nil, err
	}
	partition, account, err := keyAccount(k.ARN)
	if err != nil {
		return nil, err
	}
	alias := "alias/kmsconform-" + sanitiseAlias(s.w.r.runID) + "-" + randomHex(16)
	_, err = c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(alias), TargetKeyId: aws.String(k.ID)})
	if err != nil {
		return nil, err
	}
	a := &aliasRef{Name: alias, ARN: fmt.Sprintf("arn:%s:kms:%s:%s:%s", partition, k.Region, account, alias), Region: k.Region}
	s.aliases[name] = a
	return a, nil
}

// sanitiseAlias keeps the characters an alias name allows (^[a-zA-Z0-9/_-]+$).
func sanitiseAlias(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		}
		return '-'
	}, s)
}

// createAlias is CreateAlias (API_CreateAlias.html) as a step; in a When step
// its failure is kept for the Then steps.
func (s *sectionState) createAlias(ctx context.Context, name, key string) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	_, err = s.newAlias(ctx, name, k)
	s.w.Changed(key)
	return s.w.Record("CreateAlias", err)
}

// describeByAlias checks that an alias resolves to the key in DescribeKey
// (STATE-011: "an alias pointing at the key resolves in DescribeKey").
func (s *sectionState) describeByAlias(ctx context.Context, form, alias, key, state string) error {
	a, ok := s.aliases[alias]
	if !ok {
		return fmt.Errorf("no alias %q in this scenario", alias)
	}
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	c, err := s.w.KMS(k)
	if err != nil {
		return err
	}
	id := a.Name
	if form == "ARN" {
		id = a.ARN
	}
	return s.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		out, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
		if err != nil {
			done := kmsclient.ErrorCode(err) != "NotFoundException"
			return done, fmt.Errorf("DescribeKey by the alias %s of %q: %w", form, alias, err)
		}
		md := out.KeyMetadata
		if md == nil || aws.ToString(md.Arn) != k.ARN {
			return false, fmt.Errorf("DescribeKey by the alias %s of %q answered with key %q, expected %q (%s)", form, alias, aws.ToString(md.Arn), key, k.ARN)
		}
		if string(md.KeyState) != state {
			return false, fmt.Errorf("DescribeKey by the alias %s of %q: %q is %s, expected %s", form, alias, key, md.KeyState, state)
		}
		return true, nil
	})
}

// createGrant is CreateGrant (API_CreateGrant.html) for the key's own account
// root, allowing Encrypt and Decrypt (STATE-012). The account root is a valid
// grantee on AWS and names no particular caller.
func (s *sectionState) createGrant(ctx context.Context, key string) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	c, err := s.w.KMS(k)
	if err != nil {
		return err
	}
	partition, account, err := keyAccount(k.ARN)
	if err != nil {
		return err
	}
	root := fmt.Sprintf("arn:%s:iam::%s:root", partition, account)
	out, err := c.CreateGrant(ctx, &kms.CreateGrantInput{
		KeyId: aws.String(k.ID), GranteePrincipal: aws.String(root), RetiringPrincipal: aws.String(root),
		Operations: []types.GrantOperation{types.GrantOperationEncrypt, types.GrantOperationDecrypt},
	})
	s.w.Changed(key)
	if rerr := s.w.Record("CreateGrant", err); rerr != nil || err != nil {
		return rerr
	}
	if aws.ToString(out.GrantId) == "" {
		return fmt.Errorf("CreateGrant on %q answered without a GrantId", key)
	}
	s.grants[key] = append(s.grants[key], grantRef{ID: aws.ToString(out.GrantId), Token: aws.ToString(out.GrantToken)})
	return nil
}

// lastGrant is the newest grant a step created on key.
func (s *sectionState) lastGrant(key string) (grantRef, error) {
	g := s.grants[key]
	if len(g) == 0 {
		return grantRef{}, fmt.Errorf("no grant on %q in this scenario (use \"I create a grant on\" while it has material)", key)
	}
	return g[len(g)-1], nil
}

// managementOp calls one of the operations the key state table allows on a
// key in PendingImport (STATE-011), with what the operation needs prepared
// first: an alias for DeleteAlias and ListAliases, an alias of another key for
// UpdateAlias, a tag for UntagResource, the current policy for PutKeyPolicy (put
// back unchanged), a grant (made by an earlier step) for the grant operations.
// A failed preparation fails the step; the operation's own outcome is kept for
// the Then steps, and a successful answer that contradicts the request fails
// the step.
func (s *sectionState) managementOp(ctx context.Context, op, key string) error {
	w := s.w
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	id := aws.String(k.ID)
	setup := func(err error) error { return fmt.Errorf("preparing %s on %q: %w", op, key, err) }
	var callErr, check error
	switch op {
	case "DescribeKey":
		var out *kms.DescribeKeyOutput
		out, callErr = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
		if callErr == nil && (out.KeyMetadata == nil || aws.ToString(out.KeyMetadata.Arn) != k.ARN) {
			check = fmt.Errorf("DescribeKey of %q answered about another key or without KeyMetadata", key)
		}
	case "CreateAlias":
		_, callErr = s.newAlias(ctx, key+" alias", k)
	case "UpdateAlias":
		other := key + " alias origin"
		if err := w.create(ctx, "EXTERNAL", false, k.Spec, other, string(k.Usage), ""); err != nil {
			return setup(err)
		}
		a, err := s.newAlias(ctx, key+" alias", w.Keys[other])
		if err != nil {
			return setup(err)
		}
		_, callErr = c.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: aws.String(a.Name), TargetKeyId: id})
	case "DeleteAlias":
		a, err := s.newAlias(ctx, key+" alias", k)
		if err != nil {
			return setup(err)
		}
		_, callErr = c.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String(a.Name)})
		if callErr == nil {
			delete(s.aliases, key+" alias")
		}
	case "ListAliases":
		a, err := s.newAlias(ctx, key+" alias", k)
		if err != nil {
			return setup(err)
		}
		var out *kms.ListAliasesOutput
		out, callErr = c.ListAliases(ctx, &kms.ListAliasesInput{KeyId: id})
		if callErr == nil && !slices.ContainsFunc(out.Aliases, func(e types.AliasListEntry) bool { return aws.ToString(e.AliasName) == a.Name }) {
			check = fmt.Errorf("ListAliases of %q does not list its alias %s", key, a.Name)
		}
	case "TagResource":
		_, callErr = c.TagResource(ctx, &kms.TagResourceInput{KeyId: id, Tags: []types.Tag{{TagKey: aws.String("kmsconform:state-011"), TagValue: aws.String("tagged")}}})
	case "UntagResource":
		if _, err := c.TagResource(ctx, &kms.TagResourceInput{KeyId: id, Tags: []types.Tag{{TagKey: aws.String("kmsconform:state-011"), TagValue: aws.String("tagged")}}}); err != nil {
			return setup(err)
		}
		_, callErr = c.UntagResource(ctx, &kms.UntagResourceInput{KeyId: id, TagKeys: []string{"kmsconform:state-011"}})
	case "ListResourceTags":
		var out *kms.ListResourceTagsOutput
		out, callErr = c.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: id})
		if callErr == nil && !slices.ContainsFunc(out.Tags, func(t types.Tag) bool { return aws.ToString(t.TagKey) == RunIDTag }) {
			check = fmt.Errorf("ListResourceTags of %q does not list the %s tag it was created with", key, RunIDTag)
		}
	case "GetKeyPolicy":
		var out *kms.GetKeyPolicyOutput
		out, callErr = c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: id, PolicyName: aws.String("default")})
		if callErr == nil && aws.ToString(out.Policy) == "" {
			check = fmt.Errorf("GetKeyPolicy of %q answered without a Policy", key)
		}
	case "PutKeyPolicy":
		cur, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: id, PolicyName: aws.String("default")})
		if err != nil {
			return setup(err)
		}
		_, callErr = c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: id, PolicyName: aws.String("default"), Policy: cur.Policy})
	case "ListKeyPolicies":
		var out *kms.ListKeyPoliciesOutput
		out, callErr = c.ListKeyPolicies(ctx, &kms.ListKeyPoliciesInput{KeyId: id})
		if callErr == nil && !slices.Contains(out.PolicyNames, "default") {
			check = fmt.Errorf("ListKeyPolicies of %q lists %v, without default", key, out.PolicyNames)
		}
	case "UpdateKeyDescription":
		_, callErr = c.UpdateKeyDescription(ctx, &kms.UpdateKeyDescriptionInput{KeyId: id, Description: aws.String(truncate("kmsconform: updated in PendingImport: "+w.sc.Name, 8192))})
	case "ListGrants", "RetireGrant", "RevokeGrant":
		g, err := s.lastGrant(key)
		if err != nil {
			return err
		}
		switch op {
		case "ListGrants":
			var out *kms.ListGrantsOutput
			out, callErr = c.ListGrants(ctx, &kms.ListGrantsInput{KeyId: id})
			if callErr == nil && !slices.ContainsFunc(out.Grants, func(e types.GrantListEntry) bool { return aws.ToString(e.GrantId) == g.ID }) {
				check = fmt.Errorf("ListGrants of %q does not list the grant created on it", key)
			}
		case "RetireGrant":
			// API_RetireGrant.html: by the grant token (retireByID: by key ARN and grant ID).
			_, callErr = c.RetireGrant(ctx, &kms.RetireGrantInput{GrantToken: aws.String(g.Token)})
		case "RevokeGrant":
			_, callErr = c.RevokeGrant(ctx, &kms.RevokeGrantInput{KeyId: id, GrantId: aws.String(g.ID)})
		}
	case "ScheduleKeyDeletion":
		_, callErr = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(7)})
	default:
		return fmt.Errorf("no management operation %s", op)
	}
	w.Changed(key)
	if err := w.Record(op, callErr); err != nil {
		return err
	}
	return check
}

// retireByID is RetireGrant naming the grant by its ID and the key ARN, the
// other form API_RetireGrant.html allows (STATE-011).
func (s *sectionState) retireByID(ctx context.Context, key string) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	c, err := s.w.KMS(k)
	if err != nil {
		return err
	}
	g, err := s.lastGrant(key)
	if err != nil {
		return err
	}
	_, err = c.RetireGrant(ctx, &kms.RetireGrantInput{KeyId: aws.String(k.ARN), GrantId: aws.String(g.ID)})
	s.w.Changed(key)
	return s.w.Record("RetireGrant", err)
}

// scheduleDefault is ScheduleKeyDeletion without PendingWindowInDays, keeping
// the answer and the time of the request for deletionAnswered (STATE-005).
func (s *sectionState) scheduleDefault(ctx context.Context, key string) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	c, err := s.w.KMS(k)
	if err != nil {
		return err
	}
	now, exact, err := s.w.Now(ctx)
	if err != nil {
		return err
	}
	out, err := c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(k.ID)})
	s.w.Changed(key)
	if rerr := s.w.Record("ScheduleKeyDeletion", err); rerr != nil || err != nil {
		return rerr
	}
	s.deletions[key] = &deletionAnswer{Out: out, At: now, Exact: exact}
	return nil
}

// deletionTolerance is how far DeletionDate may be from request + window: to
// the second under the target's test clock (the wire carries fractional
// seconds), five minutes of clock skew and latency otherwise.
func deletionTolerance(exact bool) time.Duration {
	if exact {
		return time.Second
	}
	return 5 * time.Minute
}

func checkDeletionDate(what string, got *time.Time, at time.Time, exact bool, days int) error {
	if got == nil {
		return fmt.Errorf("%s has no DeletionDate", what)
	}
	want := at.Add(time.Duration(days) * 24 * time.Hour)
	if d := got.Sub(want); d < -deletionTolerance(exact) || d > deletionTolerance(exact) {
		return fmt.Errorf("%s has DeletionDate %s, expected %s (%d days after %s, ±%s)", what,
			got.UTC().Format(time.RFC3339Nano), want.UTC().Format(time.RFC3339Nano), days, at.UTC().Format(time.RFC3339Nano), deletionTolerance(exact))
	}
	return nil
}

// deletionAnswered checks the ScheduleKeyDeletion answer (STATE-005,
// API_ScheduleKeyDeletion.html#API_ScheduleKeyDeletion_ResponseSyntax): the
// key ARN, KeyState PendingDeletion, the waiting period and its end.
func (s *sectionState) deletionAnswered(ctx context.Context, key string, days int) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	d, ok := s.deletions[key]
	if !ok {
		return fmt.Errorf("no ScheduleKeyDeletion answer for %q was kept (use \"I schedule the deletion of %q with the default waiting period\")", key, key)
	}
	var errs []string
	if got := aws.ToString(d.Out.KeyId); got != k.ARN {
		errs = append(errs, fmt.Sprintf("KeyId is %q, expected the key ARN %q", got, k.ARN))
	}
	if d.Out.KeyState != types.KeyStatePendingDeletion {
		errs = append(errs, fmt.Sprintf("KeyState is %q, expected PendingDeletion", d.Out.KeyState))
	}
	if got := aws.ToInt32(d.Out.PendingWindowInDays); int(got) != days {
		errs = append(errs, fmt.Sprintf("PendingWindowInDays is %d, expected %d", got, days))
	}
	if err := checkDeletionDate("the answer", d.Out.DeletionDate, d.At, d.Exact, days); err != nil {
		errs = append(errs, err.Error())
	}
	if len(errs) > 0 {
		return fmt.Errorf("ScheduleKeyDeletion answer for %q: %s", key, strings.Join(errs, "; "))
	}
	return nil
}

// pendingDeletionFor checks DescribeKey: PendingDeletion with a DeletionDate
// days after the request (STATE-005, STATE-014). Without a kept answer, the
// request time is now: exact under the test clock, which only @clock steps move.
func (s *sectionState) pendingDeletionFor(ctx context.Context, key string, days int) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	at, exact, err := s.w.Now(ctx)
	if err != nil {
		return err
	}
	if d, ok := s.deletions[key]; ok {
		at, exact = d.At, d.Exact
	}
	return s.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		md, err := s.w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		if md.KeyState != types.KeyStatePendingDeletion {
			return false, fmt.Errorf("%q is %s, expected PendingDeletion", key, md.KeyState)
		}
		return true, checkDeletionDate(fmt.Sprintf("DescribeKey of %q", key), md.DeletionDate, at, exact, days)
	})
}

// notUnavailable is STATE-013 as an explicit step (the World also checks it
// after every step that may change a key).
func (s *sectionState) notUnavailable(ctx context.Context, key string) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	md, err := s.w.Describe(ctx, k)
	if err != nil {
		return err
	}
	if md.KeyState == types.KeyStateUnavailable { // STATE-013
		return fmt.Errorf("STATE-013: %q (Origin %s) is Unavailable", key, md.Origin)
	}
	return nil
}

// pendingImportOrUnusable is the reading of STATE-007 for a key that never had
// material: PendingImport (preferred), or Disabled provided that, after
// EnableKey, Encrypt still fails (with any AWS error).
func (s *sectionState) pendingImportOrUnusable(ctx context.Context, key string) error {
	w := s.w
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	var state types.KeyState
	err = w.Poll(ctx, func(ctx context.Context) (bool, error) {
		md, err := w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		state = md.KeyState
		if state != types.KeyStatePendingImport && state != types.KeyStateDisabled {
			return false, fmt.Errorf("%q is %s, expected PendingImport or Disabled", key, state)
		}
		return true, nil
	})
	if err != nil || state == types.KeyStatePendingImport {
		return err
	}
	_, err = c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String(k.ID)})
	w.Changed(key)
	if err != nil && kmsclient.ErrorCode(err) == "" {
		return fmt.Errorf("%q is Disabled; EnableKey got no AWS answer: %w", key, err)
	}
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(k.ID), Plaintext: []byte("kmsconform plaintext")})
	switch {
	case err == nil:
		return fmt.Errorf("%q was Disabled without key material, and after EnableKey it encrypts", key)
	case kmsclient.ErrorCode(err) == "":
		return fmt.Errorf("%q: Encrypt got no AWS answer: %w", key, err)
	}
	return nil
}

// cleanup deletes the aliases the scenario created and schedules the deletion
// of the second account's keys, on targets whose keys are cleaned up.
// Failures are logged, never fatal.
func (s *sectionState) cleanup(ctx context.Context) {
	if !s.w.r.cleanupKeys {
		return
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*s.w.r.timeout)
	defer cancel()
	for _, a := range s.aliases {
		c, err := s.w.ClientIn(a.Region)
		if err == nil {
			_, err = c.KMS.DeleteAlias(cctx, &kms.DeleteAliasInput{AliasName: aws.String(a.Name)})
		}
		if err != nil && kmsclient.ErrorCode(err) != "NotFoundException" {
			s.w.r.logf("cleanup: alias %s: %v", a.Name, err)
		}
	}
	if len(s.foreign) == 0 {
		return
	}
	c, err := s.secondAccount(cctx)
	if err != nil {
		s.w.r.logf("cleanup: second account: %v", err)
		return
	}
	for name := range s.foreign {
		k := s.w.Keys[name]
		_, err := c.KMS.ScheduleKeyDeletion(cctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(k.ID), PendingWindowInDays: aws.Int32(7)})
		if err != nil && kmsclient.ErrorCode(err) != "KMSInvalidStateException" && kmsclient.ErrorCode(err) != "NotFoundException" {
			s.w.r.logf("cleanup: second account key %s (%s): %v", name, k.ARN, err)
		}
	}
}
