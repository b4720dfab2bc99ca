package steps

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"

	"github.com/kmsconform/kmsconform/steps/kmsclient"
)

// Expiry of imported key material (catalogue section EXPIRY,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ValidTo,
// https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#importing-keys-expiration),
// the key materials of a key as ListKeyRotations shows them, and the
// real-time waits of the @realtime variants. The DELETE steps are in delete.go;
// both share one lifecycle per scenario, created here.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		l := &lifecycle{w: w, ids: map[matRef]string{}, validTo: map[matRef]time.Time{}, identity: map[string]*identity{}}
		sc.Before(l.realtimeHoldsClock)

		// EXPIRY-001..004: every combination of ExpirationModel and ValidTo a request can carry.
		sc.Step(re(`^I import "([^"]+)" into "([^"]+)" with (?:no ExpirationModel|ExpirationModel (KEY_MATERIAL_EXPIRES|KEY_MATERIAL_DOES_NOT_EXPIRE)) and (?:no ValidTo|ValidTo (`+validToPhrase+`))$`), l.importWithExpiry)
		sc.Step(re(`^"([^"]+)" has the ValidTo requested for "([^"]+)"$`), l.hasRequestedValidTo)
		sc.Step(re(`^"([^"]+)" has either ExpirationModel (KEY_MATERIAL_EXPIRES|KEY_MATERIAL_DOES_NOT_EXPIRE) or (KEY_MATERIAL_EXPIRES|KEY_MATERIAL_DOES_NOT_EXPIRE)$`), l.hasEitherModel)
		sc.Step(re(`^"([^"]+)" has no (ExpirationModel|ValidTo) or still the noted one$`), l.noneOrNoted)
		sc.Step(re(`^"([^"]+)" still has the noted (DeletionDate|ValidTo|ExpirationModel|CurrentKeyMaterialId)$`), l.stillNoted)
		sc.Step(re(`^"([^"]+)" is PendingImport, or else Disabled and neither encrypts nor decrypts "([^"]+)" after EnableKey$`), l.pendingImportOrUnusable)

		// EXPIRY-008, DELETE-007: what must survive the loss of the material.
		sc.Step(re(`^I give "([^"]+)" an alias and a tag$`), l.aliasAndTag)
		sc.Step(re(`^I note the identity of "([^"]+)"$`), l.noteIdentity)
		sc.Step(re(`^the identity of "([^"]+)" is unchanged$`), l.identityUnchanged)

		// Several key materials (@multiple-key-materials): ImportType NEW_KEY_MATERIAL,
		// RotateKeyOnDemand and ListKeyRotations with IncludeKeyMaterial ALL_KEY_MATERIAL.
		sc.Step(re(`^I import "([^"]+)" into "([^"]+)"(?: with the parameters "([^"]+)")? as new key material pending rotation(?:, expiring in (\d+) (second|minute|hour|day)s?)?$`), l.importNew)
		sc.Step(re(`^the CurrentKeyMaterialId of "([^"]+)" identifies "([^"]+)"$`), l.currentIdentifies)
		sc.Step(re(`^I rotate "([^"]+)" on demand to its pending material$`), l.rotate)
		sc.Step(re(`^ListKeyRotations of "([^"]+)" with ALL_KEY_MATERIAL lists "([^"]+)" as (CURRENT|NON_CURRENT|PENDING_ROTATION) and (IMPORTED|PENDING_IMPORT)$`), l.listsAs)
		sc.Step(re(`^ListKeyRotations of "([^"]+)" with ALL_KEY_MATERIAL lists "([^"]+)" with ImportState (IMPORTED|PENDING_IMPORT), or no longer lists it$`), l.listsWithImportStateOrNot)

		// @realtime: the test clock moves when the target has one, else real time passes.
		sc.Step(re(`^I wait for "([^"]+)" to become (PendingImport|Enabled|Disabled|PendingDeletion), at most (\d+) minutes? after the ValidTo requested for "([^"]+)"$`), l.waitForState)
		sc.Step(re(`^I wait until (\d+) (second|minute)s? after the ValidTo requested for "([^"]+)" in "([^"]+)"$`), l.waitPast)

		l.registerDelete(sc)
	})
}

// matRef names one key material of one key: the same material has a
// different KeyMaterialId in another key (ROTATE-003).
type matRef struct{ key, mat string }

// lifecycle is the per-scenario state of the EXPIRY and DELETE steps: the
// KeyMaterialId and requested ValidTo of each material, the identities noted,
// and the last DeleteImportedKeyMaterial answer.
type lifecycle struct {
	w          *World
	ids        map[matRef]string
	validTo    map[matRef]time.Time
	identity   map[string]*identity
	lastDelete *kms.DeleteImportedKeyMaterialOutput
}

// realtimeHoldsClock makes a @realtime scenario hold the clock alone when the
// target has a test clock: its waits then move that clock, which every other
// scenario would see. World's own hook ran before (it is registered first) and
// took the shared lock; this trades it for the exclusive one.
func (l *lifecycle) realtimeHoldsClock(ctx context.Context, s *godog.Scenario) (context.Context, error) {
	w := l.w
	tags := pickleTags(s)
	if !hasTag(tags, "realtime") || !w.r.caps["clock"] || w.holdsClock || w.r.skipReason(tags) != "" {
		return ctx, nil
	}
	w.r.clockLock.RUnlock()
	w.r.clockLock.Lock()
	w.holdsClock = true
	return ctx, nil
}

// validToPhrase is how a step gives a ValidTo relative to the target's clock.
const validToPhrase = `in \d+ (?:second|minute|hour|day)s?|\d+ (?:second|minute|hour|day)s? ago|at the epoch`

var validToParts = regexp.MustCompile(`^(?:in (\d+) (second|minute|hour|day)s?|(\d+) (second|minute|hour|day)s? ago|at the epoch)$`)

// validToAt resolves a validToPhrase against now.
func validToAt(now time.Time, phrase string) (time.Time, error) {
	m := validToParts.FindStringSubmatch(phrase)
	if m == nil {
		return time.Time{}, fmt.Errorf("steps: cannot read the ValidTo %q", phrase)
	}
	switch {
	case m[1] != "":
		n, _ := strconv.Atoi(m[1])
		return now.Add(time.Duration(n) * units[m[2]]), nil
	case m[3] != "":
		n, _ := strconv.Atoi(m[3])
		return now.Add(-time.Duration(n) * units[m[4]]), nil
	}
	return time.Unix(0, 0).UTC(), nil
}

// importOut wraps mat under the parameters params (by default the key's) and
// imports it into key, as importWith does, but keeps the answer: its
// KeyMaterialId identifies the material from then on.
func (l *lifecycle) importOut(ctx context.Context, mat, key, params string, in *kms.ImportKeyMaterialInput) error {
	w := l.w
	m, err := w.Material(mat)
	if err != nil {
		return err
	}
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	if params == "" {
		params = key
	}
	p, err := w.ParamsOf(params)
	if err != nil {
		return err
	}
	blob, err := wrap(p, m.Bytes, p.Algorithm)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	in.KeyId, in.ImportToken, in.EncryptedKeyMaterial = aws.String(k.ID), p.Out.ImportToken, blob
	out, err := c.ImportKeyMaterial(ctx, in)
	w.Changed(key)
	if rerr := w.Record("ImportKeyMaterial", err); rerr != nil || err != nil {
		return rerr
	}
	ref := matRef{key, mat}
	if id := aws.ToString(out.KeyMaterialId); id != "" {
		l.ids[ref] = id
	}
	if in.ValidTo != nil {
		l.validTo[ref] = *in.ValidTo // kept across a later import without one (EXPIRY-011)
	}
	return nil
}

// importWithExpiry sends exactly the ExpirationModel and ValidTo the step
// names; ValidTo is relative to the target's clock (World.Now), so that "in 1
// minute" is in the future for the target and not only for the runner.
func (l *lifecycle) importWithExpiry(ctx context.Context, mat, key, model, validTo string) error {
	// EXPIRY-001: an empty model is left out of the request, so the default applies.
	in := &kms.ImportKeyMaterialInput{ExpirationModel: types.ExpirationModelType(model)}
	if validTo != "" {
		now, _, err := l.w.Now(ctx)
		if err != nil {
			return err
		}
		t, err := validToAt(now, validTo)
		if err != nil {
			return err
		}
		in.ValidTo = aws.Time(t)
	}
	return l.importOut(ctx, mat, key, "", in)
}

// requestedValidTo is the last ValidTo that mat was imported into key with.
func (l *lifecycle) requestedValidTo(key, mat string) (time.Time, error) {
	t, ok := l.validTo[matRef{key, mat}]
	if !ok {
		return time.Time{}, fmt.Errorf("%q was not imported into %q with a ValidTo by a step that keeps it (\"with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in ...\" or \"as new key material pending rotation, expiring in ...\")", mat, key)
	}
	return t, nil
}

// hasRequestedValidTo compares DescribeKey's ValidTo with the requested
// instant to the second (EXPIRY-005: the stored precision is not documented).
func (l *lifecycle) hasRequestedValidTo(ctx context.Context, key, mat string) error {
	want, err := l.requestedValidTo(key, mat)
	if err != nil {
		return err
	}
	k, err := l.w.Key(key)
	if err != nil {
		return err
	}
	return l.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		md, err := l.w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		if md.ValidTo == nil {
			return false, fmt.Errorf("DescribeKey of %q has no ValidTo, expected %s (requested for %q)", key, want.UTC().Format(time.RFC3339Nano), mat)
		}
		if d := md.ValidTo.Sub(want); d <= -time.Second || d >= time.Second {
			return false, fmt.Errorf("DescribeKey of %q has ValidTo %s, expected %s (requested for %q) to the second", key,
				md.ValidTo.UTC().Format(time.RFC3339Nano), want.UTC().Format(time.RFC3339Nano), mat)
		}
		return true, nil
	})
}

// hasEitherModel accepts either ExpirationModel, never none (EXPIRY-012: the
// model of a key whose permanent materials mix models is not defined).
func (l *lifecycle) hasEitherModel(ctx context.Context, key, a, b string) error {
	md, err := l.w.metadata(ctx, "DescribeKey", key)
	if err != nil {
		return err
	}
	if got := string(md.ExpirationModel); got != a && got != b {
		return fmt.Errorf("DescribeKey of %q has ExpirationModel %q, expected %s or %s", key, got, a, b)
	}
	return nil
}

// noted returns a member of the metadata that "I note the metadata of" kept.
func (l *lifecycle) noted(key, field string) (string, bool, error) {
	md, ok := l.w.Notes[key]
	if !ok {
		return "", false, fmt.Errorf("no metadata of %q was noted (use \"I note the metadata of\")", key)
	}
	v, present := metadataFields(md)[field]
	return v, present, nil
}

// noneOrNoted accepts the member absent (preferred) or equal to the noted
// value (EXPIRY-007: after expiry AWS may still show the expired values).
func (l *lifecycle) noneOrNoted(ctx context.Context, key, field string) error {
	before, present, err := l.noted(key, field)
	if err != nil {
		return err
	}
	md, err := l.w.metadata(ctx, "DescribeKey", key)
	if err != nil {
		return err
	}
	v, ok := metadataFields(md)[field]
	if ok && (!present || v != before) {
		return fmt.Errorf("DescribeKey of %q has %s %q, expected it absent or still %q as noted", key, field, v, before)
	}
	return nil
}

// stillNoted requires the member to equal the noted value, absent included.
func (l *lifecycle) stillNoted(ctx context.Context, key, field string) error {
	before, present, err := l.noted(key, field)
	if err != nil {
		return err
	}
	md, err := l.w.metadata(ctx, "DescribeKey", key)
	if err != nil {
		return err
	}
	v, ok := metadataFields(md)[field]
	if ok != present || v != before {
		return fmt.Errorf("DescribeKey of %q has %s %s, noted %s", key, field, showField(v, ok), showField(before, present))
	}
	return nil
}

func showField(v string, present bool) string {
	if !present {
		return "absent"
	}
	return strconv.Quote(v)
}

// pendingImportOrUnusable is the composite outcome of EXPIRY-009 and
// STATE-007: the key is PendingImport (preferred), and then Encrypt and
// Decrypt of ct fail with KMSInvalidStateException (USE-003); or it is
// Disabled, and then even after EnableKey neither Encrypt nor Decrypt of ct
// works. Anything else, or any successful crypto call, fails the step.
func (l *lifecycle) pendingImportOrUnusable(ctx context.Context, key, ct string) error {
	w := l.w
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	blob, ok := w.Ciphertexts[ct]
	if !ok {
		return fmt.Errorf("no ciphertext %q in this scenario", ct)
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
	if err != nil {
		return err
	}
	var want []string // accepted codes; nil: any AWS error
	if state == types.KeyStatePendingImport {
		want = []string{"KMSInvalidStateException"} // USE-003
	} else {
		_, err := c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String(k.ID)})
		w.Changed(key)
		if err != nil && kmsclient.ErrorCode(err) == "" {
			return fmt.Errorf("%q is Disabled; EnableKey got no AWS answer: %w", key, err)
		}
	}
	_, eerr := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(k.ID), Plaintext: []byte("kmsconform plaintext")})
	_, derr := c.Decrypt(ctx, &kms.DecryptInput{KeyId: aws.String(k.ID), CiphertextBlob: blob})
	var errs []error
	for _, call := range []struct {
		op  string
		err error
	}{{"Encrypt", eerr}, {"Decrypt", derr}} {
		code := kmsclient.ErrorCode(call.err)
		switch {
		case call.err == nil:
			errs = append(errs, fmt.Errorf("%q was %s and %s succeeded: the key has no material to use", key, state, call.op))
		case code == "":
			errs = append(errs, fmt.Errorf("%s on %q got no AWS answer: %w", call.op, key, call.err))
		case want != nil && !slices.Contains(want, code):
			errs = append(errs, fmt.Errorf("%q is PendingImport and %s failed with %s, expected %s", key, call.op, code, strings.Join(want, " or ")))
		}
	}
	return errors.Join(errs...)
}

// identity is what must survive the loss of a key's material (EXPIRY-008,
// DELETE-007): the key itself, its metadata, aliases and tags.
type identity struct {
	fields  map[string]string
	aliases []string
	tags    []string
}

func (l *lifecycle) aliasAndTag(ctx context.Context, key string) error {
	w := l.w
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	suffix := hex.EncodeToString(b)
	_, err = c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/kmsconform-" + suffix), TargetKeyId: aws.String(k.ID)})
	if rerr := w.Record("CreateAlias", err); rerr != nil || err != nil {
		return rerr
	}
	_, err = c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(k.ID),
		Tags: []types.Tag{{TagKey: aws.String("kmsconform:identity"), TagValue: aws.String(suffix)}}})
	return w.Record("TagResource", err)
}

// identityOf reads the key's identity: DescribeKey, ListAliases, ListResourceTags.
func (l *lifecycle) identityOf(ctx context.Context, key string) (*identity, error) {
	w := l.w
	k, err := w.Key(key)
	if err != nil {
		return nil, err
	}
	c, err := w.KMS(k)
	if err != nil {
		return nil, err
	}
	md, err := w.Describe(ctx, k)
	if err != nil {
		return nil, err
	}
	all := metadataFields(md)
	id := &identity{fields: map[string]string{}}
	for _, f := range []string{"KeyId", "Arn", "Origin", "KeySpec", "KeyUsage", "Description", "MultiRegion"} {
		if v, ok := all[f]; ok {
			id.fields[f] = v
		}
	}
	if md.CreationDate != nil {
		id.fields["CreationDate"] = md.CreationDate.UTC().Format(time.RFC3339Nano)
	}
	var marker *string
	for page := 0; ; page++ {
		out, err := c.ListAliases(ctx, &kms.ListAliasesInput{KeyId: aws.String(k.ID), Marker: marker})
		if err != nil {
			return nil, fmt.Errorf("ListAliases for %q: %w", key, err)
		}
		for _, a := range out.Aliases {
			id.aliases = append(id.aliases, aws.ToString(a.AliasName))
		}
		if !out.Truncated || page >= 100 {
			break
		}
		marker = out.NextMarker
	}
	marker = nil
	for page := 0; ; page++ {
		out, err := c.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: aws.String(k.ID), Marker: marker})
		if err != nil {
			return nil, fmt.Errorf("ListResourceTags for %q: %w", key, err)
		}
		for _, t := range out.Tags {
			id.tags = append(id.tags, aws.ToString(t.TagKey)+"="+aws.ToString(t.TagValue))
		}
		if !out.Truncated || page >= 100 {
			break
		}
		marker = out.NextMarker
	}
	slices.Sort(id.aliases)
	slices.Sort(id.tags)
	return id, nil
}

func (l *lifecycle) noteIdentity(ctx context.Context, key string) error {
	id, err := l.identityOf(ctx, key)
	if err != nil {
		return err
	}
	if len(id.aliases) == 0 || len(id.tags) == 0 {
		return fmt.Errorf("%q has %d aliases and %d tags: give it both first, or the comparison proves little", key, len(id.aliases), len(id.tags))
	}
	l.identity[key] = id
	return nil
}

func (l *lifecycle) identityUnchanged(ctx context.Context, key string) error {
	before, ok := l.identity[key]
	if !ok {
		return fmt.Errorf("no identity of %q was noted (use \"I note the identity of\")", key)
	}
	return l.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		after, err := l.identityOf(ctx, key)
		if err != nil {
			return true, err
		}
		var diffs []string
		for f, v := range before.fields {
			if after.fields[f] != v {
				diffs = append(diffs, fmt.Sprintf("%s %q -> %q", f, v, after.fields[f]))
			}
		}
		if !slices.Equal(before.aliases, after.aliases) {
			diffs = append(diffs, fmt.Sprintf("aliases %v -> %v", before.aliases, after.aliases))
		}
		if !slices.Equal(before.tags, after.tags) {
			diffs = append(diffs, fmt.Sprintf("tags %v -> %v", before.tags, after.tags))
		}
		if len(diffs) > 0 {
			slices.Sort(diffs)
			return false, fmt.Errorf("%q changed: %s", key, strings.Join(diffs, ", "))
		}
		return true, nil
	})
}

// importNew imports material with ImportType NEW_KEY_MATERIAL: on a key with
// current material it becomes PENDING_ROTATION (ROTATE-004). Without an
// expiry it is sent as KEY_MATERIAL_DOES_NOT_EXPIRE.
func (l *lifecycle) importNew(ctx context.Context, mat, key, params string, n, unit string) error {
	in := &kms.ImportKeyMaterialInput{ImportType: types.ImportTypeNewKeyMaterial, ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire}
	if n != "" {
		now, _, err := l.w.Now(ctx)
		if err != nil {
			return err
		}
		d, _ := strconv.Atoi(n)
		in.ExpirationModel, in.ValidTo = types.ExpirationModelTypeKeyMaterialExpires, aws.Time(now.Add(time.Duration(d)*units[unit]))
	}
	if err := l.importOut(ctx, mat, key, params, in); err != nil {
		return err
	}
	if res := l.w.Last; res != nil && !res.Failed() {
		if _, ok := l.ids[matRef{key, mat}]; !ok {
			return fmt.Errorf("ImportKeyMaterial of new key material into %q answered without a KeyMaterialId", key)
		}
	}
	return nil
}

// materialID is the KeyMaterialId of mat in key, as an import answer or
// CurrentKeyMaterialId gave it.
func (l *lifecycle) materialID(key, mat string) (string, error) {
	id, ok := l.ids[matRef{key, mat}]
	if !ok {
		return "", fmt.Errorf("the KeyMaterialId of %q in %q is not known (import it as new key material, or check \"the CurrentKeyMaterialId of %q identifies %q\")", mat, key, key, mat)
	}
	return id, nil
}

// currentIdentifies checks DescribeKey's CurrentKeyMaterialId against the
// known ID of mat, or learns that ID when none is known yet (the first
// material, imported by a step that does not keep the answer).
func (l *lifecycle) currentIdentifies(ctx context.Context, key, mat string) error {
	k, err := l.w.Key(key)
	if err != nil {
		return err
	}
	if _, err := l.w.Material(mat); err != nil {
		return err
	}
	want, known := l.ids[matRef{key, mat}]
	var got string
	err = l.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		md, err := l.w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		got = aws.ToString(md.CurrentKeyMaterialId)
		switch {
		case got == "":
			return false, fmt.Errorf("DescribeKey of %q has no CurrentKeyMaterialId", key)
		case known && got != want:
			return false, fmt.Errorf("CurrentKeyMaterialId of %q is %s, expected %s (%q)", key, got, want, mat)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if !known {
		for ref, id := range l.ids {
			if ref.key == key && id == got {
				return fmt.Errorf("CurrentKeyMaterialId of %q is %s, the ID of %q, not of %q", key, got, ref.mat, mat)
			}
		}
		l.ids[matRef{key, mat}] = got
	}
	return nil
}

// rotate calls RotateKeyOnDemand and, when it is accepted, waits (bounded)
// for CurrentKeyMaterialId to change: rotation completes in the background on
// AWS (ROTATE-010).
func (l *lifecycle) rotate(ctx context.Context, key string) error {
	w := l.w
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	before, err := w.Describe(ctx, k)
	if err != nil {
		return err
	}
	_, err = c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(k.ID)})
	w.Changed(key)
	if rerr := w.Record("RotateKeyOnDemand", err); rerr != nil || err != nil {
		return rerr
	}
	old := aws.ToString(before.CurrentKeyMaterialId)
	return w.Poll(ctx, func(ctx context.Context) (bool, error) {
		md, err := w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		if cur := aws.ToString(md.CurrentKeyMaterialId); cur == "" || cur == old {
			return false, fmt.Errorf("RotateKeyOnDemand of %q succeeded but CurrentKeyMaterialId is still %q", key, cur)
		}
		return true, nil
	})
}

// rotations lists every material of key (ListKeyRotations with
// IncludeKeyMaterial ALL_KEY_MATERIAL), following NextMarker.
func (l *lifecycle) rotations(ctx context.Context, key string) ([]types.RotationsListEntry, error) {
	k, err := l.w.Key(key)
	if err != nil {
		return nil, err
	}
	c, err := l.w.KMS(k)
	if err != nil {
		return nil, err
	}
	var all []types.RotationsListEntry
	var marker *string
	for page := 0; page < 100; page++ {
		out, err := c.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: aws.String(k.ID),
			IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial, Marker: marker})
		if err != nil {
			return nil, fmt.Errorf("ListKeyRotations of %q: %w", key, err)
		}
		all = append(all, out.Rotations...)
		if !out.Truncated {
			return all, nil
		}
		if aws.ToString(out.NextMarker) == "" {
			return nil, fmt.Errorf("ListKeyRotations of %q answered Truncated without a NextMarker", key)
		}
		marker = out.NextMarker
	}
	return nil, fmt.Errorf("ListKeyRotations of %q did not end after 100 pages", key)
}

// entryOf finds the entry of id; more than one entry for it is an error.
func entryOf(entries []types.RotationsListEntry, id string) (*types.RotationsListEntry, error) {
	var found *types.RotationsListEntry
	for i := range entries {
		if aws.ToString(entries[i].KeyMaterialId) == id {
			if found != nil {
				return nil, fmt.Errorf("key material %s is listed twice", id)
			}
			found = &entries[i]
		}
	}
	return found, nil
}

// listsAs requires the entry of mat with exactly this KeyMaterialState and
// ImportState (EXPIRY-013: an expired material is PENDING_IMPORT; DELETE-009:
// a deleted one too, the other stays IMPORTED).
func (l *lifecycle) listsAs(ctx context.Context, key, mat, state, importState string) error {
	id, err := l.materialID(key, mat)
	if err != nil {
		return err
	}
	return l.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		entries, err := l.rotations(ctx, key)
		if err != nil {
			return true, err
		}
		e, err := entryOf(entries, id)
		switch {
		case err != nil:
			return true, err
		case e == nil:
			return false, fmt.Errorf("ListKeyRotations of %q does not list %q (%s)", key, mat, id)
		case string(e.KeyMaterialState) != state || string(e.ImportState) != importState:
			return false, fmt.Errorf("ListKeyRotations of %q lists %q as %s and %s, expected %s and %s", key, mat, e.KeyMaterialState, e.ImportState, state, importState)
		}
		return true, nil
	})
}

// listsWithImportStateOrNot accepts the entry with the given ImportState or
// no entry at all (EXPIRY-014, DELETE-011: whether a pending material that was
// deleted stays listed is not documented).
func (l *lifecycle) listsWithImportStateOrNot(ctx context.Context, key, mat, importState string) error {
	id, err := l.materialID(key, mat)
	if err != nil {
		return err
	}
	return l.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		entries, err := l.rotations(ctx, key)
		if err != nil {
			return true, err
		}
		e, err := entryOf(entries, id)
		switch {
		case err != nil:
			return true, err
		case e != nil && string(e.ImportState) != importState:
			return false, fmt.Errorf("ListKeyRotations of %q lists %q with ImportState %s, expected %s or no entry", key, mat, e.ImportState, importState)
		}
		return true, nil
	})
}

// maxRealWait bounds a real-time wait: @realtime scenarios are meant to take
// minutes, not the hours a typo could ask for.
const maxRealWait = 15 * time.Minute

// passTime brings the target's time to at least until: it moves the test
// clock when the profile has @clock (the scenario then holds the clock, see
// realtimeHoldsClock), and otherwise waits in real time on the local clock.
func (l *lifecycle) passTime(ctx context.Context, until time.Time) error {
	w := l.w
	now, exact, err := w.Now(ctx)
	if err != nil {
		return err
	}
	d := until.Sub(now)
	if d <= 0 {
		return nil
	}
	if exact {
		if _, err := w.Client().Advance(ctx, d); err != nil {
			return err
		}
		w.ChangedAll()
		return nil
	}
	if d > maxRealWait {
		return fmt.Errorf("refusing to wait %s in real time (at most %s)", d.Round(time.Second), maxRealWait)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	}
	w.ChangedAll()
	return nil
}

// waitForState waits until key reaches state, polling (every 5 s in real
// time) until bound after the ValidTo requested for mat (EXPIRY-007: how soon
// after ValidTo AWS acts is not documented). On a target with a test clock the
// clock is moved to that ValidTo first and the state must then follow within
// the run's usual consistency bound.
func (l *lifecycle) waitForState(ctx context.Context, key, state string, bound int, mat string) error {
	w := l.w
	validTo, err := l.requestedValidTo(key, mat)
	if err != nil {
		return err
	}
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	check := func(ctx context.Context) (bool, error) {
		md, err := w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		if string(md.KeyState) != state {
			return false, fmt.Errorf("%q is %s, expected %s", key, md.KeyState, state)
		}
		return true, nil
	}
	if _, exact, err := w.Now(ctx); err != nil {
		return err
	} else if exact {
		if err := l.passTime(ctx, validTo); err != nil {
			return err
		}
		return w.Poll(ctx, check)
	}
	deadline := validTo.Add(time.Duration(bound) * time.Minute)
	if d := time.Until(deadline); d > maxRealWait {
		return fmt.Errorf("refusing to wait %s in real time (at most %s)", d.Round(time.Second), maxRealWait)
	}
	err = kmsclient.Eventually(ctx, max(time.Until(deadline), time.Second), 5*time.Second, check)
	w.ChangedAll()
	if err != nil {
		return fmt.Errorf("not %s within %d minutes after ValidTo %s: %w", state, bound, validTo.UTC().Format(time.RFC3339), err)
	}
	return nil
}

// waitPast lets the target's time pass until n units after the ValidTo
// requested for mat in key (EXPIRY-011 in real time).
func (l *lifecycle) waitPast(ctx context.Context, n int, unit, mat, key string) error {
	validTo, err := l.requestedValidTo(key, mat)
	if err != nil {
		return err
	}
	return l.passTime(ctx, validTo.Add(time.Duration(n)*units[unit]))
}
