package kms

import (
	"context"
	"encoding/base64"
	"slices"
	"sort"
	"strings"
)

// The management operations, kept simple but real so that STATE-011 and
// STATE-012 can be checked: they work on a key in PendingImport, CreateGrant
// does not.

const maxTags = 50

func checkTags(tags []Tag) *Error {
	for _, t := range tags {
		if t.TagKey == "" || len(t.TagKey) > 128 || len(t.TagValue) > 256 {
			return Errorf(CodeTag, "Tag keys must be 1 to 128 characters and tag values at most 256 characters.")
		}
		if strings.HasPrefix(strings.ToLower(t.TagKey), "aws:") {
			return Errorf(CodeTag, "Tags beginning with aws: are reserved.")
		}
	}
	if len(tags) > maxTags {
		return Errorf(CodeTag, "A key can have at most %d tags.", maxTags)
	}
	return nil
}

// upsertTags adds or replaces tags, keeping the order of first insertion.
func upsertTags(have, add []Tag) []Tag {
	out := slices.Clone(have)
	if out == nil {
		out = []Tag{}
	}
	for _, t := range add {
		i := slices.IndexFunc(out, func(o Tag) bool { return o.TagKey == t.TagKey })
		if i >= 0 {
			out[i].TagValue = t.TagValue
		} else {
			out = append(out, t)
		}
	}
	return out
}

// managedKey resolves a key for a management operation; keys pending
// deletion refuse changes (DG2023:key-state). The caller holds s.mu.
func (s *Service) managedKey(c Caller, id string, change bool) (*key, *Error) {
	k, err := s.lookup(c, id, false, s.now())
	if err != nil {
		return nil, err
	}
	if st := s.state(k); change && (st == statePendingDeletion || st == statePendingReplicaDeletion || st == stateCreating) {
		return nil, stateError(k, st)
	}
	return k, nil
}

// TagResource adds or replaces tags on a key.
func (s *Service) TagResource(ctx context.Context, c Caller, in *TagResourceInput) (*TagResourceOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.managedKey(c, in.KeyId, true)
	if err != nil {
		return nil, err
	}
	tags := upsertTags(k.tags, in.Tags)
	if len(tags) > maxTags {
		return nil, Errorf(CodeTag, "A key can have at most %d tags.", maxTags)
	}
	k.tags = tags
	return &TagResourceOutput{}, nil
}

// UntagResource removes tags from a key.
func (s *Service) UntagResource(ctx context.Context, c Caller, in *UntagResourceInput) (*UntagResourceOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.managedKey(c, in.KeyId, true)
	if err != nil {
		return nil, err
	}
	k.tags = slices.DeleteFunc(slices.Clone(k.tags), func(t Tag) bool { return slices.Contains(in.TagKeys, t.TagKey) })
	return &UntagResourceOutput{}, nil
}

// ListResourceTags lists a key's tags.
func (s *Service) ListResourceTags(ctx context.Context, c Caller, in *ListResourceTagsInput) (*ListResourceTagsOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.managedKey(c, in.KeyId, false)
	if err != nil {
		return nil, err
	}
	lo, hi, next, perr := s.page("ListResourceTags/"+k.arn, len(k.tags), in.Limit, in.Marker)
	if perr != nil {
		return nil, perr
	}
	return &ListResourceTagsOutput{Tags: slices.Clone(k.tags[lo:hi]), NextMarker: next, Truncated: next != ""}, nil
}

func checkAliasName(name string) *Error {
	if !strings.HasPrefix(name, "alias/") || len(name) == len("alias/") {
		return Errorf(CodeValidation, "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html")
	}
	if strings.HasPrefix(name, "alias/aws/") {
		return Errorf(CodeInvalidAliasName, "Alias names beginning with alias/aws/ are reserved.")
	}
	return nil
}

// aliasTarget resolves the key an alias is to point at. The caller holds s.mu.
func (s *Service) aliasTarget(c Caller, id string) (*key, *Error) {
	k, err := s.lookup(c, id, false, s.now())
	if err != nil {
		return nil, err
	}
	if st := s.state(k); st == statePendingDeletion || st == statePendingReplicaDeletion {
		return nil, stateError(k, st)
	}
	return k, nil
}

// CreateAlias points a new alias at a key.
func (s *Service) CreateAlias(ctx context.Context, c Caller, in *CreateAliasInput) (*CreateAliasOutput, error) {
	if in == nil {
		return nil, missing("aliasName")
	}
	if err := checkAliasName(in.AliasName); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountOf(c)
	l := loc{acct, c.Region, in.AliasName}
	if a := s.aliases[l]; a != nil && s.keys[loc{acct, c.Region, a.target}] != nil {
		return nil, Errorf(CodeAlreadyExists, "An alias with the name %s already exists", aliasARN(acct, c.Region, in.AliasName))
	}
	k, err := s.aliasTarget(c, in.TargetKeyId)
	if err != nil {
		return nil, err
	}
	now := s.now()
	s.aliases[l] = &alias{name: in.AliasName, target: k.id, created: now, update: now}
	return &CreateAliasOutput{}, nil
}

// UpdateAlias points an alias at another key of the same type and usage.
func (s *Service) UpdateAlias(ctx context.Context, c Caller, in *UpdateAliasInput) (*UpdateAliasOutput, error) {
	if in == nil {
		return nil, missing("aliasName")
	}
	if err := checkAliasName(in.AliasName); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountOf(c)
	a := s.aliases[loc{acct, c.Region, in.AliasName}]
	if a == nil {
		return nil, Errorf(CodeNotFound, "Alias %s is not found.", aliasARN(acct, c.Region, in.AliasName))
	}
	k, err := s.aliasTarget(c, in.TargetKeyId)
	if err != nil {
		return nil, err
	}
	if old := s.keys[loc{acct, c.Region, a.target}]; old != nil && (old.usage != k.usage || keyClass(old.spec) != keyClass(k.spec)) {
		return nil, Errorf(CodeValidation, "Alias %s cannot be changed to a key of a different type or key usage.", in.AliasName)
	}
	a.target, a.update = k.id, s.now()
	return &UpdateAliasOutput{}, nil
}

func keyClass(spec string) string {
	switch {
	case spec == specSymmetric:
		return "symmetric"
	case strings.HasPrefix(spec, "HMAC_"):
		return "hmac"
	}
	return "asymmetric"
}

// DeleteAlias deletes an alias.
func (s *Service) DeleteAlias(ctx context.Context, c Caller, in *DeleteAliasInput) (*DeleteAliasOutput, error) {
	if in == nil {
		return nil, missing("aliasName")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountOf(c)
	l := loc{acct, c.Region, in.AliasName}
	if s.aliases[l] == nil {
		return nil, Errorf(CodeNotFound, "Alias %s is not found.", aliasARN(acct, c.Region, in.AliasName))
	}
	delete(s.aliases, l)
	return &DeleteAliasOutput{}, nil
}

// ListAliases lists the aliases of the caller's Region, or of one key.
func (s *Service) ListAliases(ctx context.Context, c Caller, in *ListAliasesInput) (*ListAliasesOutput, error) {
	if in == nil {
		in = &ListAliasesInput{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountOf(c)
	now := s.now()
	s.keysIn(acct, c.Region, now) // removes keys (and their aliases) past their deletion date
	filter := ""
	if in.KeyId != nil {
		k, err := s.lookup(c, *in.KeyId, false, now)
		if err != nil {
			return nil, err
		}
		filter = k.id
	}
	var list []AliasListEntry
	for l, a := range s.aliases {
		if l.account != acct || l.region != c.Region || (filter != "" && a.target != filter) {
			continue
		}
		list = append(list, AliasListEntry{
			AliasName: a.name, AliasArn: aliasARN(acct, c.Region, a.name), TargetKeyId: a.target,
			CreationDate: NewTime(a.created), LastUpdatedDate: NewTime(a.update),
		})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].AliasName < list[j].AliasName })
	lo, hi, next, err := s.page("ListAliases/"+acct+"/"+c.Region+"/"+filter, len(list), in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	return &ListAliasesOutput{Aliases: append([]AliasListEntry{}, list[lo:hi]...), NextMarker: next, Truncated: next != ""}, nil
}

func policyName(p *string) (string, *Error) {
	if p == nil || *p == "default" {
		return "default", nil
	}
	return "", Errorf(CodeNotFound, "No such policy exists: %s", *p)
}

// GetKeyPolicy returns the key policy text.
func (s *Service) GetKeyPolicy(ctx context.Context, c Caller, in *GetKeyPolicyInput) (*GetKeyPolicyOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	name, perr := policyName(in.PolicyName)
	if perr != nil {
		return nil, perr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.managedKey(c, in.KeyId, false)
	if err != nil {
		return nil, err
	}
	return &GetKeyPolicyOutput{Policy: k.policy, PolicyName: name}, nil
}

// PutKeyPolicy replaces the key policy text; it must be a JSON object.
func (s *Service) PutKeyPolicy(ctx context.Context, c Caller, in *PutKeyPolicyInput) (*PutKeyPolicyOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	if _, perr := policyName(in.PolicyName); perr != nil {
		return nil, perr
	}
	if err := checkPolicy(in.Policy); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.managedKey(c, in.KeyId, true)
	if err != nil {
		return nil, err
	}
	k.policy = in.Policy
	return &PutKeyPolicyOutput{}, nil
}

// ListKeyPolicies lists the one policy name a key has.
func (s *Service) ListKeyPolicies(ctx context.Context, c Caller, in *ListKeyPoliciesInput) (*ListKeyPoliciesOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.managedKey(c, in.KeyId, false); err != nil {
		return nil, err
	}
	if _, err := s.offset("ListKeyPolicies", in.Marker); err != nil {
		return nil, err
	}
	return &ListKeyPoliciesOutput{PolicyNames: []string{"default"}}, nil
}

// UpdateKeyDescription replaces a key's description.
func (s *Service) UpdateKeyDescription(ctx context.Context, c Caller, in *UpdateKeyDescriptionInput) (*UpdateKeyDescriptionOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.managedKey(c, in.KeyId, true)
	if err != nil {
		return nil, err
	}
	k.description = in.Description
	return &UpdateKeyDescriptionOutput{}, nil
}

var grantOperations = []string{"Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac", "DeriveSharedSecret", "Encapsulate", "Decapsulate"}

// CreateGrant stores a grant; a key without material refuses it (STATE-012).
func (s *Service) CreateGrant(ctx context.Context, c Caller, in *CreateGrantInput) (*CreateGrantOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	if len(in.Operations) == 0 {
		return nil, missing("operations")
	}
	for _, op := range in.Operations {
		if !slices.Contains(grantOperations, op) {
			return nil, Errorf(CodeValidation, "1 validation error detected: Value '[%s]' at 'operations' failed to satisfy constraint: Member must satisfy enum value set", op)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.lookup(c, in.KeyId, false, s.now())
	if err != nil {
		return nil, err
	}
	switch st := s.state(k); st {
	case stateEnabled, stateDisabled:
	default:
		return nil, stateError(k, st) // STATE-012
	}
	if isTrue(in.DryRun) {
		return nil, dryRun()
	}
	id, rerr := s.randomHex(32)
	if rerr != nil {
		return nil, Errorf(CodeKMSInternal, "kms: %v", rerr)
	}
	tb := make([]byte, 48)
	if _, rerr := s.rand.Read(tb); rerr != nil {
		return nil, Errorf(CodeKMSInternal, "kms: reading random bytes failed")
	}
	g := &grant{
		id: id, token: base64.RawURLEncoding.EncodeToString(tb), name: str(in.Name),
		grantee: in.GranteePrincipal, retiring: str(in.RetiringPrincipal),
		operations: slices.Clone(in.Operations), constraints: in.Constraints, created: s.now(),
	}
	k.grants = append(k.grants, g)
	return &CreateGrantOutput{GrantToken: g.token, GrantId: g.id}, nil
}

// ListGrants lists a key's grants.
func (s *Service) ListGrants(ctx context.Context, c Caller, in *ListGrantsInput) (*ListGrantsOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.managedKey(c, in.KeyId, false)
	if err != nil {
		return nil, err
	}
	var list []GrantListEntry
	for _, g := range k.grants {
		if (in.GrantId != nil && *in.GrantId != g.id) || (in.GranteePrincipal != nil && *in.GranteePrincipal != g.grantee) {
			continue
		}
		list = append(list, GrantListEntry{
			KeyId: k.arn, GrantId: g.id, Name: g.name, CreationDate: NewTime(g.created),
			GranteePrincipal: g.grantee, RetiringPrincipal: g.retiring, IssuingAccount: "arn:" + partition(k.region) + ":iam::" + k.account + ":root",
			Operations: slices.Clone(g.operations), Constraints: g.constraints,
		})
	}
	lo, hi, next, perr := s.page("ListGrants/"+k.arn, len(list), in.Limit, in.Marker)
	if perr != nil {
		return nil, perr
	}
	return &ListGrantsOutput{Grants: append([]GrantListEntry{}, list[lo:hi]...), NextMarker: next, Truncated: next != ""}, nil
}

// RetireGrant deletes a grant named by its token, or by key and grant ID.
func (s *Service) RetireGrant(ctx context.Context, c Caller, in *RetireGrantInput) (*RetireGrantOutput, error) {
	if in == nil || (in.GrantToken == nil && (in.KeyId == nil || in.GrantId == nil)) {
		return nil, Errorf(CodeValidation, "Either GrantToken, or both KeyId and GrantId, must be specified.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.GrantToken != nil {
		acct := s.accountOf(c)
		for _, k := range s.keysIn(acct, c.Region, s.now()) {
			for i, g := range k.grants {
				if g.token == *in.GrantToken {
					if isTrue(in.DryRun) {
						return nil, dryRun()
					}
					k.grants = slices.Delete(slices.Clone(k.grants), i, i+1)
					return &RetireGrantOutput{}, nil
				}
			}
		}
		return nil, Errorf(CodeInvalidGrantToken, "Grant token is not valid.")
	}
	k, err := s.managedKey(c, *in.KeyId, false)
	if err != nil {
		return nil, err
	}
	if err := removeGrant(k, *in.GrantId, isTrue(in.DryRun)); err != nil {
		return nil, err
	}
	return &RetireGrantOutput{}, nil
}

// RevokeGrant deletes a grant of a key.
func (s *Service) RevokeGrant(ctx context.Context, c Caller, in *RevokeGrantInput) (*RevokeGrantOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.managedKey(c, in.KeyId, false)
	if err != nil {
		return nil, err
	}
	if err := removeGrant(k, in.GrantId, isTrue(in.DryRun)); err != nil {
		return nil, err
	}
	return &RevokeGrantOutput{}, nil
}

func removeGrant(k *key, id string, dry bool) *Error {
	i := slices.IndexFunc(k.grants, func(g *grant) bool { return g.id == id })
	if i < 0 {
		return Errorf(CodeNotFound, "Grant ID %s not found for key %s.", id, k.arn)
	}
	if dry {
		return dryRun()
	}
	k.grants = slices.Delete(slices.Clone(k.grants), i, i+1)
	return nil
}
