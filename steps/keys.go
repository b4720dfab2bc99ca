package steps

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"
)

// Keys: creation, metadata, the lifecycle calls, the test clock and holds.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		// CreateKey (API_CreateKey.html).
		sc.Step(re(`^(?:I create )?an? (AWS_KMS|EXTERNAL)( multi-Region)? (symmetric|[A-Z][A-Z0-9_]+) key "([^"]+)"(?: for ([A-Z_]+))?$`), w.createKey)
		sc.Step(re(`^(?:I create )?an? (AWS_KMS|EXTERNAL)( multi-Region)? (symmetric|[A-Z][A-Z0-9_]+) key "([^"]+)"(?: for ([A-Z_]+))? in the target's custom key store$`), w.createKeyInStore)
		sc.Step(re(`^(?:I replicate|a replica of) "([^"]+)" (?:to|in) ([a-z]+-[a-z]+-\d+) as "([^"]+)"$`), w.replicate)

		// Metadata.
		sc.Step(re(`^"([^"]+)" is (Creating|Enabled|Disabled|PendingDeletion|PendingImport|PendingReplicaDeletion|Unavailable|Updating)$`), w.isInState)
		sc.Step(re(`^the (CreateKey|DescribeKey) metadata of "([^"]+)" has:$`), w.metadataHas)
		sc.Step(re(`^"([^"]+)" has ([A-Z]\w+) (.+)$`), w.hasField)
		sc.Step(re(`^"([^"]+)" has no (\w+)$`), w.hasNoField)
		sc.Step(re(`^"([^"]+)" has no (\w+) or a valid one$`), w.hasNoFieldOrValid)
		sc.Step(re(`^I note the metadata of "([^"]+)"$`), w.noteMetadata)
		sc.Step(re(`^the metadata of "([^"]+)" is unchanged$`), w.metadataUnchanged)

		// Lifecycle (API_EnableKey, API_DisableKey, API_ScheduleKeyDeletion, API_CancelKeyDeletion).
		sc.Step(re(`^I (enable|disable) "([^"]+)"$`), w.enableDisable)
		sc.Step(re(`^I schedule the deletion of "([^"]+)"(?: with a (\d+)-day waiting period)?$`), w.scheduleDeletion)
		sc.Step(re(`^I cancel the deletion of "([^"]+)"$`), w.cancelDeletion)

		// The reference's test hooks (@clock, @hold-state).
		sc.Step(re(`^(?:I advance the clock|the clock advances) by (\d+) (second|minute|hour|day)s?$`), w.advanceClock)
		sc.Step(re(`^"([^"]+)" is held in state (Creating|Updating)$`), w.hold)
		sc.Step(re(`^"([^"]+)" is no longer held$`), w.release)
	})
}

// defaultUsage is the KeyUsage CreateKey gets for a key spec when the
// feature names none.
func defaultUsage(spec types.KeySpec) types.KeyUsageType {
	s := string(spec)
	switch {
	case strings.HasPrefix(s, "HMAC_"):
		return types.KeyUsageTypeGenerateVerifyMac
	case strings.HasPrefix(s, "ECC_"), strings.HasPrefix(s, "ML_DSA_"), s == "SM2":
		return types.KeyUsageTypeSignVerify
	case strings.HasPrefix(s, "ML_KEM_"):
		return types.KeyUsageTypeEncapsulateDecapsulate
	}
	return types.KeyUsageTypeEncryptDecrypt
}

func keySpecOf(s string) types.KeySpec {
	if s == "symmetric" {
		return types.KeySpecSymmetricDefault
	}
	return types.KeySpec(s)
}

func (w *World) createKey(ctx context.Context, origin, multi, spec, name, usage string) error {
	return w.create(ctx, origin, multi != "", keySpecOf(spec), name, usage, "")
}

func (w *World) createKeyInStore(ctx context.Context, origin, multi, spec, name, usage string) error {
	id := w.r.profile.CustomKeyStoreID
	if id == "" {
		return fmt.Errorf("the profile %s claims @custom-key-store but names no customKeyStoreId", w.r.profile.Name)
	}
	return w.create(ctx, origin, multi != "", keySpecOf(spec), name, usage, id)
}

// create calls CreateKey; the key is tagged with the run ID so that
// `kmsconform cleanup` finds it.
func (w *World) create(ctx context.Context, origin string, multi bool, spec types.KeySpec, name, usage, store string) error {
	if _, dup := w.Keys[name]; dup {
		return fmt.Errorf("key %q already exists in this scenario", name)
	}
	u := types.KeyUsageType(usage)
	if usage == "" {
		u = defaultUsage(spec)
	}
	in := &kms.CreateKeyInput{
		Origin:      types.OriginType(origin),
		KeySpec:     spec,
		KeyUsage:    u,
		Description: aws.String(truncate("kmsconform: "+w.sc.Name, 8192)),
		Tags:        []types.Tag{{TagKey: aws.String(RunIDTag), TagValue: aws.String(w.r.runID)}},
	}
	if multi {
		in.MultiRegion = aws.Bool(true)
	}
	if store != "" {
		in.CustomKeyStoreId = aws.String(store)
	}
	out, err := w.Client().KMS.CreateKey(ctx, in)
	if err == nil && (out.KeyMetadata == nil || out.KeyMetadata.KeyId == nil || out.KeyMetadata.Arn == nil) {
		err = fmt.Errorf("CreateKey answered without KeyMetadata.KeyId and Arn")
	}
	if rerr := w.Record("CreateKey", err); rerr != nil || err != nil {
		return rerr
	}
	md := out.KeyMetadata
	k := &Key{Name: name, ID: *md.KeyId, ARN: *md.Arn, Region: w.Client().Region(), Spec: spec, Usage: u,
		Origin: types.OriginType(origin), MultiRegion: multi, Created: md}
	w.Keys[name] = k
	w.created = append(w.created, k)
	w.Changed(name)
	return nil
}

func (w *World) replicate(ctx context.Context, primary, region, name string) error {
	p, err := w.Key(primary)
	if err != nil {
		return err
	}
	c, err := w.KMS(p)
	if err != nil {
		return err
	}
	out, err := c.ReplicateKey(ctx, &kms.ReplicateKeyInput{
		KeyId: aws.String(p.ID), ReplicaRegion: aws.String(region),
		Tags: []types.Tag{{TagKey: aws.String(RunIDTag), TagValue: aws.String(w.r.runID)}},
	})
	if err == nil && (out.ReplicaKeyMetadata == nil || out.ReplicaKeyMetadata.Arn == nil) {
		err = fmt.Errorf("ReplicateKey answered without ReplicaKeyMetadata.Arn")
	}
	if rerr := w.Record("ReplicateKey", err); rerr != nil || err != nil {
		return rerr
	}
	md := out.ReplicaKeyMetadata
	k := &Key{Name: name, ID: aws.ToString(md.KeyId), ARN: *md.Arn, Region: region, Spec: p.Spec, Usage: p.Usage,
		Origin: p.Origin, MultiRegion: true, Created: md}
	w.Keys[name] = k
	w.created = append(w.created, k)
	w.Changed(name, primary)
	return nil
}

// isInState polls DescribeKey until KeyState is state (at once against the
// reference), then compares by equality.
func (w *World) isInState(ctx context.Context, name, state string) error {
	k, err := w.Key(name)
	if err != nil {
		return err
	}
	return w.Poll(ctx, func(ctx context.Context) (bool, error) {
		md, err := w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		if string(md.KeyState) != state {
			return false, fmt.Errorf("%q is %s, expected %s", name, md.KeyState, state)
		}
		return true, nil
	})
}

// metadataFields renders the KeyMetadata members a feature can name, as
// strings: lists sorted and comma-separated, absent members missing.
func metadataFields(md *types.KeyMetadata) map[string]string {
	f := map[string]string{
		"KeyState":    string(md.KeyState),
		"Enabled":     strconv.FormatBool(md.Enabled),
		"Origin":      string(md.Origin),
		"KeySpec":     string(md.KeySpec),
		"KeyUsage":    string(md.KeyUsage),
		"KeyManager":  string(md.KeyManager),
		"Description": aws.ToString(md.Description),
	}
	set := func(k, v string) {
		if v != "" {
			f[k] = v
		} else {
			delete(f, k)
		}
	}
	set("KeyState", string(md.KeyState))
	set("Origin", string(md.Origin))
	set("KeySpec", string(md.KeySpec))
	set("KeyUsage", string(md.KeyUsage))
	set("KeyManager", string(md.KeyManager))
	set("KeyId", aws.ToString(md.KeyId))
	set("Arn", aws.ToString(md.Arn))
	set("ExpirationModel", string(md.ExpirationModel))
	set("CurrentKeyMaterialId", aws.ToString(md.CurrentKeyMaterialId))
	if md.MultiRegion != nil {
		f["MultiRegion"] = strconv.FormatBool(*md.MultiRegion)
	}
	if md.ValidTo != nil {
		f["ValidTo"] = md.ValidTo.UTC().Format(time.RFC3339)
	}
	if md.DeletionDate != nil {
		f["DeletionDate"] = md.DeletionDate.UTC().Format(time.RFC3339)
	}
	if md.MultiRegionConfiguration != nil {
		set("MultiRegionKeyType", string(md.MultiRegionConfiguration.MultiRegionKeyType))
	}
	list := func(k string, vs []string) {
		if len(vs) > 0 {
			vs = slices.Clone(vs)
			sort.Strings(vs)
			f[k] = strings.Join(vs, ", ")
		}
	}
	list("EncryptionAlgorithms", enumStrings(md.EncryptionAlgorithms))
	list("SigningAlgorithms", enumStrings(md.SigningAlgorithms))
	list("MacAlgorithms", enumStrings(md.MacAlgorithms))
	list("KeyAgreementAlgorithms", enumStrings(md.KeyAgreementAlgorithms))
	return f
}

func enumStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// normaliseList sorts a comma-separated expected list as metadataFields does.
func normaliseList(v string) string {
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func (w *World) metadata(ctx context.Context, which, name string) (*types.KeyMetadata, error) {
	k, err := w.Key(name)
	if err != nil {
		return nil, err
	}
	if which == "CreateKey" {
		if k.Created == nil {
			return nil, fmt.Errorf("%q was not created by CreateKey in this scenario", name)
		}
		return k.Created, nil
	}
	return w.Describe(ctx, k)
}

// metadataHas compares the named members (table rows "| member | value |";
// value "absent" for a member that must be missing) by equality.
func (w *World) metadataHas(ctx context.Context, which, name string, table *godog.Table) error {
	md, err := w.metadata(ctx, which, name)
	if err != nil {
		return err
	}
	got := metadataFields(md)
	var errs []string
	for _, row := range table.Rows {
		if len(row.Cells) != 2 {
			return fmt.Errorf("metadata table rows need 2 cells: member | value")
		}
		field, want := row.Cells[0].Value, row.Cells[1].Value
		if field == "member" {
			continue // header
		}
		if err := compareField(got, field, want); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s metadata of %q: %s", which, name, strings.Join(errs, "; "))
	}
	return nil
}

func compareField(got map[string]string, field, want string) error {
	v, present := got[field]
	switch {
	case want == "absent" && present:
		return fmt.Errorf("%s is %q, expected it absent", field, v)
	case want == "absent":
		return nil
	case !present:
		return fmt.Errorf("%s is absent, expected %q", field, want)
	case strings.Contains(want, ","):
		if v != normaliseList(want) {
			return fmt.Errorf("%s is [%s], expected [%s]", field, v, normaliseList(want))
		}
	case v != want:
		return fmt.Errorf("%s is %q, expected %q", field, v, want)
	}
	return nil
}

func (w *World) hasField(ctx context.Context, name, field, want string) error {
	md, err := w.metadata(ctx, "DescribeKey", name)
	if err != nil {
		return err
	}
	if err := compareField(metadataFields(md), field, want); err != nil {
		return fmt.Errorf("DescribeKey of %q: %w", name, err)
	}
	return nil
}

func (w *World) hasNoField(ctx context.Context, name, field string) error {
	return w.hasField(ctx, name, field, "absent")
}

// validValue says whether v is a valid value of a KeyMetadata member that a
// rule allows to be absent or present (CREATE-002, DELETE-008).
var validValue = map[string]*regexp.Regexp{
	"ExpirationModel":      regexp.MustCompile(`^(KEY_MATERIAL_EXPIRES|KEY_MATERIAL_DOES_NOT_EXPIRE)$`),
	"CurrentKeyMaterialId": regexp.MustCompile(`^[a-f0-9]{64}$`),
	"ValidTo":              regexp.MustCompile(`.`),
}

func (w *World) hasNoFieldOrValid(ctx context.Context, name, field string) error {
	pattern, ok := validValue[field]
	if !ok {
		return fmt.Errorf("no validity pattern for member %s", field)
	}
	md, err := w.metadata(ctx, "DescribeKey", name)
	if err != nil {
		return err
	}
	if v, present := metadataFields(md)[field]; present && !pattern.MatchString(v) {
		return fmt.Errorf("DescribeKey of %q: %s is %q, expected it absent or matching %s", name, field, v, pattern)
	}
	return nil
}

// watched are the members a call that must not change the key must leave
// alone (PARAMS-007, IMPORT-005).
var watched = []string{"KeyState", "Enabled", "ExpirationModel", "ValidTo", "CurrentKeyMaterialId", "Origin", "KeySpec", "KeyUsage", "DeletionDate"}

func (w *World) noteMetadata(ctx context.Context, name string) error {
	md, err := w.metadata(ctx, "DescribeKey", name)
	if err != nil {
		return err
	}
	w.Notes[name] = md
	return nil
}

func (w *World) metadataUnchanged(ctx context.Context, name string) error {
	before, ok := w.Notes[name]
	if !ok {
		return fmt.Errorf("no metadata of %q was noted (use \"I note the metadata of\")", name)
	}
	md, err := w.metadata(ctx, "DescribeKey", name)
	if err != nil {
		return err
	}
	b, a := metadataFields(before), metadataFields(md)
	var diffs []string
	for _, f := range watched {
		if b[f] != a[f] {
			diffs = append(diffs, fmt.Sprintf("%s %q -> %q", f, b[f], a[f]))
		}
	}
	if len(diffs) > 0 {
		return fmt.Errorf("%q changed: %s", name, strings.Join(diffs, ", "))
	}
	return nil
}

func (w *World) enableDisable(ctx context.Context, verb, name string) error {
	k, err := w.Key(name)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	w.Changed(name)
	if verb == "enable" {
		_, err = c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String(k.ID)})
		return w.Record("EnableKey", err)
	}
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String(k.ID)})
	return w.Record("DisableKey", err)
}

func (w *World) scheduleDeletion(ctx context.Context, name, days string) error {
	k, err := w.Key(name)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	in := &kms.ScheduleKeyDeletionInput{KeyId: aws.String(k.ID)}
	if days != "" {
		n, err := strconv.Atoi(days)
		if err != nil {
			return err
		}
		in.PendingWindowInDays = aws.Int32(int32(n))
	}
	w.Changed(name)
	_, err = c.ScheduleKeyDeletion(ctx, in)
	return w.Record("ScheduleKeyDeletion", err)
}

func (w *World) cancelDeletion(ctx context.Context, name string) error {
	k, err := w.Key(name)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	w.Changed(name)
	_, err = c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String(k.ID)})
	return w.Record("CancelKeyDeletion", err)
}

var units = map[string]time.Duration{"second": time.Second, "minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}

// advanceClock moves the target's test clock (@clock scenarios run alone,
// see World.scenarioHooks).
func (w *World) advanceClock(ctx context.Context, n int, unit string) error {
	if !w.r.caps["clock"] {
		return fmt.Errorf("this step needs the test clock: tag the scenario @clock (the profile %s has no clock)", w.r.profile.Name)
	}
	if _, err := w.Client().Advance(ctx, time.Duration(n)*units[unit]); err != nil {
		return err
	}
	w.ChangedAll()
	return nil
}

func (w *World) hold(ctx context.Context, name, state string) error {
	return w.holdState(ctx, name, state)
}

func (w *World) release(ctx context.Context, name string) error {
	return w.holdState(ctx, name, "")
}

func (w *World) holdState(ctx context.Context, name, state string) error {
	if !w.r.caps["hold-state"] {
		return fmt.Errorf("this step needs the hold hook: tag the scenario @hold-state (the profile %s has none)", w.r.profile.Name)
	}
	k, err := w.Key(name)
	if err != nil {
		return err
	}
	if err := w.Client().Hold(ctx, k.Region, k.ID, state); err != nil {
		return err
	}
	w.Changed(name)
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
