package kms

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/kmsconform/kmsconform/reference/material"
)

// CreateKey creates a key: Origin EXTERNAL keys start without material in
// PendingImport (CREATE-001..011), AWS_KMS keys get generated material.
func (s *Service) CreateKey(ctx context.Context, c Caller, in *CreateKeyInput) (*CreateKeyOutput, error) {
	if in == nil {
		in = &CreateKeyInput{}
	}
	if in.CustomKeyStoreId != nil {
		// CREATE-009: the reference has no custom key stores.
		return nil, Errorf(CodeCustomKeyStoreNotFound, "Custom key store %s does not exist.", *in.CustomKeyStoreId)
	}
	origin := originAWSKMS
	if in.Origin != nil {
		origin = *in.Origin
	}
	switch origin {
	case originAWSKMS, originExternal:
	case "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE":
		return nil, Errorf(CodeUnsupportedOperation, "Origin %s requires a custom key store, which this server does not have.", origin) // CREATE-009
	default:
		return nil, Errorf(CodeValidation, "1 validation error detected: Value '%s' at 'origin' failed to satisfy constraint: Member must satisfy enum value set: [AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE]", origin)
	}
	if in.XksKeyId != nil {
		return nil, Errorf(CodeValidation, "XksKeyId is only valid with Origin EXTERNAL_KEY_STORE.")
	}
	if in.KeySpec != nil && in.CustomerMasterKeySpec != nil {
		return nil, Errorf(CodeValidation, "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.")
	}
	spec := specSymmetric
	if in.KeySpec != nil {
		spec = *in.KeySpec
	} else if in.CustomerMasterKeySpec != nil {
		spec = *in.CustomerMasterKeySpec
	}
	usage := usageEncrypt
	if in.KeyUsage != nil {
		usage = *in.KeyUsage
	}
	importable := slices.Contains(material.Specs(), material.Spec(spec))
	if !importable {
		// CREATE-007, CREATE-008: ML_DSA_*, ECC_NIST_EDWARDS25519, ML_KEM_* and SM2
		// (no China Regions here) cannot take imported material, and the reference
		// has no generator for them either.
		return nil, Errorf(CodeUnsupportedOperation, "KeySpec %s is not supported for Origin %s in this Region.", spec, origin)
	}
	if _, ok := material.AlgorithmsFor(material.Spec(spec), usage); !ok {
		return nil, Errorf(CodeValidation, "KeyUsage %s is not compatible with KeySpec %s", usage, spec)
	}
	policy := ""
	if in.Policy != nil {
		if err := checkPolicy(*in.Policy); err != nil {
			return nil, err
		}
		policy = *in.Policy
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	var generated *material.Key
	if origin == originAWSKMS {
		// Outside the lock: RSA generation takes up to a second.
		mk, err := material.Generate(s.rand, material.Spec(spec))
		if err != nil {
			if errors.Is(err, material.ErrUnsupportedSpec) {
				return nil, Errorf(CodeUnsupportedOperation, "KeySpec %s is not supported in this Region.", spec)
			}
			return nil, Errorf(CodeKMSInternal, "kms: generating key material failed")
		}
		generated = mk
	}
	multi := isTrue(in.MultiRegion)
	id, err := s.newKeyID(multi)
	if err != nil {
		return nil, Errorf(CodeKMSInternal, "kms: %v", err)
	}
	acct := s.accountOf(c)
	now := s.now()
	k := &key{
		account: acct, region: c.Region, id: id, arn: keyARN(acct, c.Region, id),
		created: now, description: str(in.Description),
		spec: spec, usage: usage, origin: origin, multiRegion: multi,
		tags: upsertTags(nil, in.Tags),
	}
	if policy == "" {
		policy = defaultPolicy(c.Region, acct)
	}
	k.policy = policy
	if generated != nil {
		mid := generated.ID(id)
		k.mats = []*mat{{id: mid, k: generated}}
		k.current = mid
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[loc{acct, c.Region, id}] = k
	if multi {
		s.sets[setLoc{acct, id}] = &mrset{primary: c.Region} // MRK-001
	}
	return &CreateKeyOutput{KeyMetadata: s.metadata(k)}, nil
}

// DescribeKey reports a key's metadata; it accepts aliases (STATE-011).
func (s *Service) DescribeKey(ctx context.Context, c Caller, in *DescribeKeyInput) (*DescribeKeyOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.lookup(c, in.KeyId, true, s.now())
	if err != nil {
		return nil, err
	}
	return &DescribeKeyOutput{KeyMetadata: s.metadata(k)}, nil
}

// ListKeys lists the keys of the caller's account and Region.
func (s *Service) ListKeys(ctx context.Context, c Caller, in *ListKeysInput) (*ListKeysOutput, error) {
	if in == nil {
		in = &ListKeysInput{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountOf(c)
	ks := s.keysIn(acct, c.Region, s.now())
	lo, hi, next, err := s.page("ListKeys/"+acct+"/"+c.Region, len(ks), in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	out := &ListKeysOutput{Keys: []KeyListEntry{}, NextMarker: next, Truncated: next != ""}
	for _, k := range ks[lo:hi] {
		out.Keys = append(out.Keys, KeyListEntry{KeyId: k.id, KeyArn: k.arn})
	}
	return out, nil
}

// EnableKey enables a Disabled key; a key without its material cannot be
// enabled (STATE-002).
func (s *Service) EnableKey(ctx context.Context, c Caller, in *EnableKeyInput) (*EnableKeyOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.lookup(c, in.KeyId, false, s.now())
	if err != nil {
		return nil, err
	}
	switch st := s.state(k); st {
	case stateEnabled, stateDisabled:
		k.disabled = false
	default:
		return nil, stateError(k, st)
	}
	return &EnableKeyOutput{}, nil
}

// DisableKey disables an Enabled key (STATE-003, STATE-004).
func (s *Service) DisableKey(ctx context.Context, c Caller, in *DisableKeyInput) (*DisableKeyOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.lookup(c, in.KeyId, false, s.now())
	if err != nil {
		return nil, err
	}
	switch st := s.state(k); st {
	case stateEnabled, stateDisabled:
		k.disabled = true
	default:
		return nil, stateError(k, st)
	}
	return &DisableKeyOutput{}, nil
}

// ScheduleKeyDeletion starts a key's waiting period (STATE-005, STATE-014);
// a multi-Region primary with replicas waits for them (MRK-013).
func (s *Service) ScheduleKeyDeletion(ctx context.Context, c Caller, in *ScheduleKeyDeletionInput) (*ScheduleKeyDeletionOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	days := int32(defaultPendingWindow)
	if in.PendingWindowInDays != nil {
		days = *in.PendingWindowInDays
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	k, err := s.lookup(c, in.KeyId, false, now)
	if err != nil {
		return nil, err
	}
	switch st := s.state(k); st {
	case stateEnabled, stateDisabled, statePendingImport:
	default:
		return nil, stateError(k, st)
	}
	// STATE-014: the model allows 1..365, the documentation 7..30.
	if days < minPendingWindow {
		return nil, Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to %d", days, minPendingWindow)
	}
	if days > maxPendingWindow {
		return nil, Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to %d", days, maxPendingWindow)
	}
	k.deleting, k.window = true, days
	k.deletionDate = time.Time{}
	if set := s.setOf(k); set == nil || set.primary != k.region || len(set.replicas) == 0 {
		k.deletionDate = now.AddDate(0, 0, int(days))
	}
	out := &ScheduleKeyDeletionOutput{KeyId: k.arn, KeyState: s.state(k), PendingWindowInDays: days}
	if !k.deletionDate.IsZero() {
		out.DeletionDate = NewTime(k.deletionDate)
	}
	return out, nil
}

// CancelKeyDeletion ends a waiting period: the key is Disabled, or
// PendingImport when it lacks material (STATE-006, STATE-007).
func (s *Service) CancelKeyDeletion(ctx context.Context, c Caller, in *CancelKeyDeletionInput) (*CancelKeyDeletionOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.lookup(c, in.KeyId, false, s.now())
	if err != nil {
		return nil, err
	}
	if k.hold != "" {
		return nil, stateError(k, k.hold)
	}
	if !k.deleting {
		return nil, Errorf(CodeKMSInvalidState, "%s is not pending deletion.", k.arn) // STATE-008
	}
	k.deleting, k.deletionDate, k.window = false, time.Time{}, 0
	k.disabled = true
	return &CancelKeyDeletionOutput{KeyId: k.arn}, nil
}

// ReplicateKey creates a replica of a multi-Region primary in another Region.
// An imported primary's replica has no material (MRK-003, MRK-004): the
// response shows it Creating, afterwards it is PendingImport.
func (s *Service) ReplicateKey(ctx context.Context, c Caller, in *ReplicateKeyInput) (*ReplicateKeyOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	if in.Policy != nil {
		if err := checkPolicy(*in.Policy); err != nil {
			return nil, err
		}
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	k, err := s.lookup(c, in.KeyId, false, now)
	if err != nil {
		return nil, err
	}
	set := s.setOf(k)
	if set == nil {
		return nil, Errorf(CodeUnsupportedOperation, "%s is not a multi-Region key.", k.arn)
	}
	if set.primary != k.region {
		return nil, Errorf(CodeUnsupportedOperation, "%s is not a multi-Region primary key.", k.arn)
	}
	if st := s.state(k); st != stateEnabled {
		return nil, stateError(k, st) // MRK-002: PendingImport; Disabled gives DisabledException
	}
	r := in.ReplicaRegion
	if r == k.region || partition(r) != partition(k.region) {
		return nil, Errorf(CodeValidation, "Replica region %s is not valid for primary key %s.", r, k.arn)
	}
	if s.keys[loc{k.account, r, k.id}] != nil {
		return nil, Errorf(CodeAlreadyExists, "Replica key %s already exists.", keyARN(k.account, r, k.id))
	}
	rep := &key{
		account: k.account, region: r, id: k.id, arn: keyARN(k.account, r, k.id),
		created: now, description: k.description,
		spec: k.spec, usage: k.usage, origin: k.origin, multiRegion: true,
		tags: upsertTags(nil, in.Tags), current: k.current,
	}
	if in.Description != nil {
		rep.description = *in.Description
	}
	rep.policy = defaultPolicy(r, k.account)
	if in.Policy != nil {
		rep.policy = *in.Policy
	}
	for _, m := range k.mats {
		cp := &mat{id: m.id, desc: m.desc, pending: m.pending, rotationDate: m.rotationDate, rotationType: m.rotationType}
		if k.origin != originExternal {
			cp.k = m.k // generated material is shared by related keys
		}
		// MRK-004: imported material is never copied; the replica must import it.
		rep.mats = append(rep.mats, cp)
	}
	s.keys[loc{k.account, r, k.id}] = rep
	set.replicas = append(set.replicas, r)
	md := s.metadata(rep)
	md.KeyState, md.Enabled = stateCreating, false // MRK-003: transient in the response
	return &ReplicateKeyOutput{ReplicaKeyMetadata: md, ReplicaPolicy: rep.policy, ReplicaTags: slices.Clone(rep.tags)}, nil
}

// UpdatePrimaryRegion makes a replica the primary of its set (MRK-016).
func (s *Service) UpdatePrimaryRegion(ctx context.Context, c Caller, in *UpdatePrimaryRegionInput) (*UpdatePrimaryRegionOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	k, err := s.lookup(c, in.KeyId, false, now)
	if err != nil {
		return nil, err
	}
	set := s.setOf(k)
	if set == nil {
		return nil, Errorf(CodeUnsupportedOperation, "%s is not a multi-Region key.", k.arn)
	}
	if set.primary != k.region {
		return nil, Errorf(CodeUnsupportedOperation, "%s is not a multi-Region primary key.", k.arn)
	}
	switch st := s.state(k); st {
	case stateEnabled, stateDisabled:
	default:
		return nil, stateError(k, st) // MRK-016
	}
	if in.PrimaryRegion == k.region {
		return &UpdatePrimaryRegionOutput{}, nil
	}
	i := slices.Index(set.replicas, in.PrimaryRegion)
	if i < 0 {
		return nil, Errorf(CodeNotFound, "Key '%s' does not exist", keyARN(k.account, in.PrimaryRegion, k.id))
	}
	rep := s.keys[loc{k.account, in.PrimaryRegion, k.id}]
	if rep == nil {
		return nil, Errorf(CodeNotFound, "Key '%s' does not exist", keyARN(k.account, in.PrimaryRegion, k.id))
	}
	switch st := s.state(rep); st {
	case stateEnabled, stateDisabled:
	default:
		return nil, stateError(rep, st)
	}
	set.replicas[i] = set.primary
	set.primary = in.PrimaryRegion
	return &UpdatePrimaryRegionOutput{}, nil
}

// hooks is the --test-clock surface of a Service.
type hooks struct{ s *Service }

// Hooks returns the non-AWS test surface: the clock and transient-state holds.
func (s *Service) Hooks() Hooks { return hooks{s} }

func (h hooks) Now() time.Time { return h.s.now() }

func (h hooks) Advance(d time.Duration) (time.Time, error) {
	mc, ok := h.s.clock.(*ManualClock)
	if !ok {
		return time.Time{}, Errorf(CodeValidation, "the service clock is not a manual clock")
	}
	if d <= 0 {
		return time.Time{}, Errorf(CodeValidation, "the clock only moves forward")
	}
	return mc.Advance(d), nil
}

// Hold pins a key in Creating or Updating (MRK-014, MRK-015) until released with "".
func (h hooks) Hold(region, keyID, state string) error {
	switch state {
	case "", stateCreating, stateUpdating:
	default:
		return Errorf(CodeValidation, "state must be Creating, Updating or empty, not %q", state)
	}
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	id, acct := keyID, ""
	if strings.HasPrefix(keyID, "arn:") {
		parts := strings.SplitN(keyID, ":", 6)
		if len(parts) != 6 || !strings.HasPrefix(parts[5], "key/") {
			return Errorf(CodeNotFound, "Invalid arn %s", keyID)
		}
		region, acct, id = parts[3], parts[4], strings.TrimPrefix(parts[5], "key/")
	}
	var k *key
	for l, kk := range s.keys {
		if l.region == region && l.id == id && (acct == "" || l.account == acct) {
			if k == nil || l.account == s.account {
				k = kk
			}
		}
	}
	if k != nil {
		k = s.refresh(k, now)
	}
	if k == nil {
		return Errorf(CodeNotFound, "Key '%s' does not exist", keyID)
	}
	k.hold = state
	return nil
}

// checkPolicy refuses a key policy that is not a JSON object.
func checkPolicy(p string) *Error {
	var v map[string]any
	if err := json.Unmarshal([]byte(p), &v); err != nil {
		return Errorf(CodeMalformedPolicy, "The new key policy will not allow you to update the key policy in the future.")
	}
	return nil
}

func defaultPolicy(region, acct string) string {
	return `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:` +
		partition(region) + `:iam::` + acct + `:root"},"Action":"kms:*","Resource":"*"}]}`
}
