package kms

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kmsconform/kmsconform/reference/material"
	"github.com/kmsconform/kmsconform/reference/token"
	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// DefaultAccount is the account ID of keys whose caller names no account.
const DefaultAccount = "111122223333"

// Options configure a Service.
type Options struct {
	// Clock tells the service the time; nil means the wall clock.
	Clock Clock
	// Rand is the source of randomness; nil means crypto/rand.
	Rand io.Reader
	// Account is the AWS account ID of callers that name none; empty means DefaultAccount.
	Account string
	// WrappingKeyUses bounds how many parameter sets one wrapping key pair serves (default 256).
	WrappingKeyUses int
	// WrappingKeyLifetime bounds, in wall time, how long one wrapping key pair serves new parameter sets (default 5 minutes).
	WrappingKeyLifetime time.Duration
	// WrappingKeyStock is how many unused key pairs per wrapping key spec are kept ready (default 2).
	WrappingKeyStock int

	// keygen replaces RSA key generation; tests use it to hand out pre-generated keys.
	keygen func(wrapping.Spec) (*rsa.PrivateKey, error)
}

// Key states (KeyMetadata.KeyState).
const (
	stateCreating               = "Creating"
	stateEnabled                = "Enabled"
	stateDisabled               = "Disabled"
	statePendingDeletion        = "PendingDeletion"
	statePendingImport          = "PendingImport"
	statePendingReplicaDeletion = "PendingReplicaDeletion"
	stateUpdating               = "Updating"
)

// Other enumeration values the service sets or compares.
const (
	originAWSKMS           = "AWS_KMS"
	originExternal         = "EXTERNAL"
	specSymmetric          = "SYMMETRIC_DEFAULT"
	usageEncrypt           = "ENCRYPT_DECRYPT"
	usageSign              = "SIGN_VERIFY"
	usageMAC               = "GENERATE_VERIFY_MAC"
	usageAgreement         = "KEY_AGREEMENT"
	modelExpires           = "KEY_MATERIAL_EXPIRES"
	modelDoesNotExpire     = "KEY_MATERIAL_DOES_NOT_EXPIRE"
	importNew              = "NEW_KEY_MATERIAL"
	importExisting         = "EXISTING_KEY_MATERIAL"
	matCurrent             = "CURRENT"
	matNonCurrent          = "NON_CURRENT"
	matPendingRotation     = "PENDING_ROTATION"
	matPendingMultiRegion  = "PENDING_MULTI_REGION_IMPORT_AND_ROTATION"
	importStateImported    = "IMPORTED"
	importStatePending     = "PENDING_IMPORT"
	rotationOnDemand       = "ON_DEMAND"
	maxOnDemandRotations   = 25 // ROTATE-015: the API reference's limit
	maxValidToAhead        = 365 * 24 * time.Hour
	defaultPendingWindow   = 30
	minPendingWindow       = 7
	maxPendingWindow       = 30
	defaultListLimit       = 100
	multiRegionIDHexDigits = 32
)

// Service is the in-memory reference KMS: every Region of every account a
// caller names, with keys, key materials, aliases, tags, policies and grants.
// Every time-based change is applied lazily against the clock when a request
// touches the key (design.md "Time"). It is safe for concurrent use.
type Service struct {
	clock   Clock
	rand    io.Reader
	account string
	tokens  *token.Authority
	pool    *pool
	markKey [32]byte

	mu      sync.Mutex
	keys    map[loc]*key
	sets    map[setLoc]*mrset
	aliases map[loc]*alias
}

// loc names a key (or an alias) in one account and Region.
type loc struct{ account, region, id string }

// setLoc names a multi-Region key set: the key ID its keys share.
type setLoc struct{ account, id string }

// mrset is a multi-Region key set: the primary's Region and its replicas' Regions.
type mrset struct {
	primary  string
	replicas []string
}

// key is one KMS key in one Region.
type key struct {
	account, region, id, arn string
	created                  time.Time
	description              string
	spec, usage, origin      string
	multiRegion              bool

	disabled     bool      // the owner's choice between Enabled and Disabled
	deleting     bool      // ScheduleKeyDeletion ran and was not cancelled
	deletionDate time.Time // zero while a primary waits for its replicas (PendingReplicaDeletion)
	window       int32
	hold         string // Creating or Updating pinned by Hooks.Hold

	mats    []*mat // in order of association with the key
	current string // KeyMaterialId of the current material

	tags            []Tag
	policy          string
	grants          []*grant
	rotationEnabled bool
	rotationPeriod  int32
	rotations       int // on-demand rotations so far (ROTATE-015)
}

// mat is one key material associated with a key. Its identity is its ID,
// which material.Key.ID derives from the KMS key ID and the material, so a
// deleted material is recognised on reimport without keeping it.
type mat struct {
	id           string
	desc         string
	k            *material.Key // nil while not imported (deleted or expired)
	expires      bool
	validTo      time.Time
	pending      bool // PENDING_ROTATION or PENDING_MULTI_REGION_IMPORT_AND_ROTATION
	rotationDate time.Time
	rotationType string
}

// alias is an alias name pointing at a key in the same account and Region.
type alias struct {
	name, target    string
	created, update time.Time
}

// grant is a stored grant on a key.
type grant struct {
	id, token, name   string
	grantee, retiring string
	operations        []string
	constraints       *GrantConstraints
	created           time.Time
}

// New returns a Service and starts filling the RSA_2048 wrapping key pool;
// Close stops the background work.
func New(o Options) (*Service, error) {
	s := &Service{
		clock:   o.Clock,
		rand:    o.Rand,
		account: o.Account,
		keys:    map[loc]*key{},
		sets:    map[setLoc]*mrset{},
		aliases: map[loc]*alias{},
	}
	if s.clock == nil {
		s.clock = wallClock{}
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.account == "" {
		s.account = DefaultAccount
	}
	secret := make([]byte, 32)
	if _, err := io.ReadFull(s.rand, secret); err != nil {
		return nil, fmt.Errorf("kms: reading the token secret: %w", err)
	}
	a, err := token.NewAuthority(secret)
	if err != nil {
		return nil, fmt.Errorf("kms: token authority: %w", err)
	}
	s.tokens = a
	if _, err := io.ReadFull(s.rand, s.markKey[:]); err != nil {
		return nil, fmt.Errorf("kms: reading the marker key: %w", err)
	}
	gen := o.keygen
	if gen == nil {
		r := s.rand
		gen = func(spec wrapping.Spec) (*rsa.PrivateKey, error) { return wrapping.GenerateKey(r, spec) }
	}
	s.pool = newPool(gen, s.rand, o.WrappingKeyUses, o.WrappingKeyLifetime, o.WrappingKeyStock)
	s.pool.stockFor(wrapping.RSA2048) // design.md: the common spec is ready before the first request
	return s, nil
}

// Close stops the wrapping key generators and waits for them.
func (s *Service) Close() { s.pool.close() }

func (s *Service) now() time.Time { return s.clock.Now() }

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now().UTC().Round(0) }

// ManualClock is a Clock that moves only when told to, for tests and the
// server's --test-clock hook.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock showing start.
func NewManualClock(start time.Time) *ManualClock { return &ManualClock{now: start.UTC().Round(0)} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d and returns the new time.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// partition is the ARN partition of a Region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func keyARN(account, region, id string) string {
	return "arn:" + partition(region) + ":kms:" + region + ":" + account + ":key/" + id
}

func aliasARN(account, region, name string) string {
	return "arn:" + partition(region) + ":kms:" + region + ":" + account + ":" + name
}

var (
	uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	mrkRE  = regexp.MustCompile(`^mrk-[0-9a-f]{32}$`)
)

func validKeyID(id string) bool { return uuidRE.MatchString(id) || mrkRE.MatchString(id) }

// accountOf is the account a caller acts in.
func (s *Service) accountOf(c Caller) string {
	if c.Account != "" {
		return c.Account
	}
	return s.account
}

// lookup resolves a KeyId member to a key of the caller's account and Region
// (ERRORS-001..004), applying due time-based changes first. Aliases resolve
// only where the operation accepts them (not in the import operations, ERRORS-004).
// The caller holds s.mu.
func (s *Service) lookup(c Caller, id string, aliases bool, now time.Time) (*key, *Error) {
	acct := s.accountOf(c)
	keyID := id
	switch {
	case strings.HasPrefix(id, "arn:"):
		parts := strings.SplitN(id, ":", 6)
		if len(parts) != 6 || parts[2] != "kms" {
			return nil, Errorf(CodeNotFound, "Invalid arn %s", id) // ERRORS-002
		}
		if parts[3] != c.Region || parts[1] != partition(c.Region) {
			return nil, Errorf(CodeNotFound, "Invalid arn %s", parts[3]) // ERRORS-003
		}
		if parts[4] != acct {
			// ERRORS-005: keys are looked up in the caller's account.
			return nil, Errorf(CodeNotFound, "Key '%s' does not exist", id)
		}
		res := parts[5]
		switch {
		case strings.HasPrefix(res, "key/"):
			keyID = strings.TrimPrefix(res, "key/")
		case strings.HasPrefix(res, "alias/") && aliases:
			return s.lookupAlias(acct, c.Region, res, now)
		default:
			return nil, Errorf(CodeNotFound, "Invalid arn %s", id)
		}
	case strings.HasPrefix(id, "alias/"):
		if !aliases {
			return nil, Errorf(CodeNotFound, "Invalid keyId '%s'", id) // ERRORS-004
		}
		return s.lookupAlias(acct, c.Region, id, now)
	}
	if !validKeyID(keyID) {
		return nil, Errorf(CodeNotFound, "Invalid keyId '%s'", keyID) // ERRORS-002
	}
	k := s.keys[loc{acct, c.Region, keyID}]
	if k != nil {
		k = s.refresh(k, now)
	}
	if k == nil {
		return nil, Errorf(CodeNotFound, "Key '%s' does not exist", keyARN(acct, c.Region, keyID)) // ERRORS-001
	}
	return k, nil
}

func (s *Service) lookupAlias(acct, region, name string, now time.Time) (*key, *Error) {
	a := s.aliases[loc{acct, region, name}]
	if a == nil {
		return nil, Errorf(CodeNotFound, "Alias %s is not found.", aliasARN(acct, region, name))
	}
	k := s.keys[loc{acct, region, a.target}]
	if k != nil {
		k = s.refresh(k, now)
	}
	if k == nil {
		return nil, Errorf(CodeNotFound, "Alias %s is not found.", aliasARN(acct, region, name))
	}
	return k, nil
}

func (s *Service) setOf(k *key) *mrset {
	if !k.multiRegion {
		return nil
	}
	return s.sets[setLoc{k.account, k.id}]
}

// isReplica reports whether k is a replica of a multi-Region key.
func (s *Service) isReplica(k *key) bool {
	set := s.setOf(k)
	return set != nil && set.primary != k.region
}

// related returns the keys of k's multi-Region set, primary first, or just k.
func (s *Service) related(k *key) []*key {
	set := s.setOf(k)
	if set == nil {
		return []*key{k}
	}
	out := []*key{}
	for _, r := range append([]string{set.primary}, set.replicas...) {
		if kk := s.keys[loc{k.account, r, k.id}]; kk != nil {
			out = append(out, kk)
		}
	}
	return out
}

// refresh applies every time-based change due by now to k and, since related
// multi-Region keys share pending materials and a primary's deletion waits
// for its replicas, to every key of its set: material past its ValidTo is
// deleted (EXPIRY-007..014), a key past its DeletionDate is removed. It
// returns nil when k is gone. The caller holds s.mu.
func (s *Service) refresh(k *key, now time.Time) *key {
	l := loc{k.account, k.region, k.id}
	if set := s.setOf(k); set != nil {
		primary := set.primary
		for _, r := range slices.Clone(set.replicas) {
			if rk := s.keys[loc{k.account, r, k.id}]; rk != nil {
				s.refreshOne(rk, now)
			}
		}
		if pk := s.keys[loc{k.account, primary, k.id}]; pk != nil {
			s.refreshOne(pk, now)
		}
	} else {
		s.refreshOne(k, now)
	}
	if s.keys[l] != k {
		return nil
	}
	return k
}

func (s *Service) refreshOne(k *key, now time.Time) {
	for i := 0; i < len(k.mats); {
		m := k.mats[i]
		if m.k != nil && m.expires && !now.Before(m.validTo) {
			if m.pending && !s.isReplica(k) {
				// EXPIRY-014: pending material is not permanently associated; it goes
				// away without changing the key's state, here and in the replicas.
				s.dropMaterial(k, m.id)
				continue
			}
			// EXPIRY-007: KMS deletes the material; the key keeps its metadata (EXPIRY-008).
			m.k, m.expires, m.validTo = nil, false, time.Time{}
		}
		i++
	}
	if k.deleting && !k.deletionDate.IsZero() && !now.Before(k.deletionDate) {
		s.remove(k)
	}
}

// dropMaterial removes a pending material from k and, for a primary, from its
// replicas (MRK-012).
func (s *Service) dropMaterial(k *key, id string) {
	for _, kk := range s.related(k) {
		for i, m := range kk.mats {
			if m.id == id {
				kk.mats = append(kk.mats[:i:i], kk.mats[i+1:]...)
				break
			}
		}
	}
}

// remove deletes a key at the end of its waiting period, with its aliases.
func (s *Service) remove(k *key) {
	delete(s.keys, loc{k.account, k.region, k.id})
	for l, a := range s.aliases {
		if l.account == k.account && l.region == k.region && a.target == k.id {
			delete(s.aliases, l)
		}
	}
	set := s.setOf(k)
	if set == nil {
		return
	}
	if set.primary == k.region {
		delete(s.sets, setLoc{k.account, k.id})
		return
	}
	for i, r := range set.replicas {
		if r == k.region {
			set.replicas = append(set.replicas[:i:i], set.replicas[i+1:]...)
			break
		}
	}
	// A primary in PendingReplicaDeletion starts its own waiting period when its
	// last replica is deleted (API:ScheduleKeyDeletion).
	if p := s.keys[loc{k.account, set.primary, k.id}]; p != nil && p.deleting && p.deletionDate.IsZero() && len(set.replicas) == 0 {
		p.deletionDate = k.deletionDate.AddDate(0, 0, int(p.window))
	}
}

func (k *key) find(id string) *mat {
	for _, m := range k.mats {
		if m.id == id {
			return m
		}
	}
	return nil
}

func (k *key) pendingMat() *mat {
	for _, m := range k.mats {
		if m.pending {
			return m
		}
	}
	return nil
}

// complete reports whether every permanently associated material is imported
// (ROTATE-026, EXPIRY-013, DELETE-010); a key without any is not.
func (k *key) complete() bool {
	n := 0
	for _, m := range k.mats {
		if m.pending {
			continue
		}
		n++
		if m.k == nil {
			return false
		}
	}
	return n > 0
}

// state is the key's KeyState: a held transient state, else baseState.
func (s *Service) state(k *key) string {
	if k.hold != "" {
		return k.hold
	}
	return s.baseState(k)
}

// baseState is the key's KeyState derived from the owner's choices and the
// materials present, so that expiry needs no background work.
func (s *Service) baseState(k *key) string {
	switch {
	case k.deleting:
		if set := s.setOf(k); set != nil && set.primary == k.region && len(set.replicas) > 0 {
			return statePendingReplicaDeletion // MRK-013
		}
		return statePendingDeletion
	case !k.complete():
		return statePendingImport // CREATE-011, DELETE-001, EXPIRY-007
	case k.disabled:
		return stateDisabled
	}
	return stateEnabled
}

// stateError is the error for an operation the key's state does not allow
// (DG2023:key-state footnotes).
func stateError(k *key, st string) *Error {
	switch st {
	case stateDisabled:
		return Errorf(CodeDisabled, "%s is disabled.", k.arn)
	case statePendingImport:
		return Errorf(CodeKMSInvalidState, "%s is pending import.", k.arn)
	case statePendingDeletion:
		return Errorf(CodeKMSInvalidState, "%s is pending deletion.", k.arn)
	case statePendingReplicaDeletion:
		return Errorf(CodeKMSInvalidState, "%s is pending replica deletion.", k.arn)
	case stateCreating:
		return Errorf(CodeKMSInvalidState, "%s is creating.", k.arn)
	case stateUpdating:
		return Errorf(CodeKMSInvalidState, "%s is updating.", k.arn)
	}
	return Errorf(CodeKMSInvalidState, "%s is %s.", k.arn, st)
}

// usable checks the key can run a cryptographic operation: Enabled (or
// Updating, which AWS allows); Disabled gives DisabledException (USE-006),
// every other state KMSInvalidStateException (USE-001, USE-005, USE-007).
func (s *Service) usable(k *key) *Error {
	if k.hold == stateCreating {
		return stateError(k, stateCreating)
	}
	if st := s.baseState(k); st != stateEnabled {
		return stateError(k, st)
	}
	return nil
}

// matState is a material's KeyMaterialState; pending material of a
// multi-Region key is PENDING_ROTATION only once every related key holds it (MRK-009).
func (s *Service) matState(k *key, m *mat) string {
	if !m.pending {
		if m.id == k.current {
			return matCurrent
		}
		return matNonCurrent
	}
	for _, kk := range s.related(k) {
		if e := kk.find(m.id); e == nil || e.k == nil {
			return matPendingMultiRegion
		}
	}
	return matPendingRotation
}

// metadata is the KeyMetadata of k as DescribeKey reports it.
func (s *Service) metadata(k *key) *KeyMetadata {
	st := s.state(k)
	md := &KeyMetadata{
		AWSAccountId: k.account,
		KeyId:        k.id,
		Arn:          k.arn,
		CreationDate: NewTime(k.created),
		Enabled:      st == stateEnabled, // STATE-001
		Description:  k.description,
		KeyUsage:     k.usage,
		KeyState:     st,
		Origin:       k.origin, // CREATE-010
		KeyManager:   "CUSTOMER",
		KeySpec:      k.spec,
		MultiRegion:  k.multiRegion,
	}
	if !strings.HasPrefix(k.spec, "ML_") && k.spec != "ECC_NIST_EDWARDS25519" {
		md.CustomerMasterKeySpec = k.spec
	}
	if algs, ok := material.AlgorithmsFor(material.Spec(k.spec), k.usage); ok {
		md.EncryptionAlgorithms = algs.Encryption
		md.SigningAlgorithms = algs.Signing
		md.MacAlgorithms = algs.MAC
		md.KeyAgreementAlgorithms = algs.KeyAgreement
	}
	if k.deleting {
		w := k.window
		md.PendingDeletionWindowInDays = &w
		if !k.deletionDate.IsZero() {
			md.DeletionDate = NewTime(k.deletionDate)
		}
	}
	if k.origin == originExternal {
		// CREATE-002, DELETE-008, EXPIRY-012: ExpirationModel and ValidTo come from
		// the imported, permanently associated materials; none imported, none shown.
		var earliest time.Time
		imported, expires := false, false
		for _, m := range k.mats {
			if m.pending || m.k == nil {
				continue
			}
			imported = true
			if m.expires {
				expires = true
				if earliest.IsZero() || m.validTo.Before(earliest) {
					earliest = m.validTo
				}
			}
		}
		if imported {
			md.ExpirationModel = modelDoesNotExpire
			if expires {
				md.ExpirationModel = modelExpires
				md.ValidTo = NewTime(earliest)
			}
		}
	}
	if k.spec == specSymmetric && k.current != "" {
		md.CurrentKeyMaterialId = k.current // ROTATE-025
	}
	if set := s.setOf(k); set != nil {
		cfg := &MultiRegionConfiguration{
			MultiRegionKeyType: "PRIMARY",
			PrimaryKey:         &MultiRegionKey{Arn: keyARN(k.account, set.primary, k.id), Region: set.primary},
			ReplicaKeys:        []MultiRegionKey{},
		}
		if set.primary != k.region {
			cfg.MultiRegionKeyType = "REPLICA"
		}
		for _, r := range set.replicas {
			cfg.ReplicaKeys = append(cfg.ReplicaKeys, MultiRegionKey{Arn: keyARN(k.account, r, k.id), Region: r})
		}
		md.MultiRegionConfiguration = cfg
	}
	return md
}

// keysIn returns the keys of one account and Region after applying due
// changes, oldest first.
func (s *Service) keysIn(acct, region string, now time.Time) []*key {
	var out []*key
	for l, k := range s.keys {
		if l.account == acct && l.region == region {
			out = append(out, k)
		}
	}
	live := out[:0]
	for _, k := range out {
		if s.keys[loc{k.account, k.region, k.id}] == k && s.refresh(k, now) != nil {
			live = append(live, k)
		}
	}
	sort.Slice(live, func(i, j int) bool {
		if !live[i].created.Equal(live[j].created) {
			return live[i].created.Before(live[j].created)
		}
		return live[i].id < live[j].id
	})
	return live
}

// newKeyID returns a fresh key ID: a random UUID, or mrk- and 32 hex digits
// for a multi-Region key.
func (s *Service) newKeyID(multiRegion bool) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(s.rand, b[:]); err != nil {
		return "", fmt.Errorf("kms: reading a key ID: %w", err)
	}
	if multiRegion {
		return "mrk-" + hex.EncodeToString(b[:]), nil
	}
	b[6] = b[6]&0x0f | 0x40 // RFC 9562 §5.4: version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 §4.1: variant 10
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

func (s *Service) randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return "", fmt.Errorf("kms: reading random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Pagination markers are opaque: an offset authenticated with a per-service
// key and the listing's scope, so a marker the server never issued fails
// with InvalidMarkerException (ROTATE-021).
func (s *Service) marker(scope string, offset int) string {
	var b [12]byte
	binary.BigEndian.PutUint32(b[:4], uint32(offset))
	m := hmac.New(sha256.New, s.markKey[:])
	m.Write([]byte(scope))
	m.Write(b[:4])
	copy(b[4:], m.Sum(nil))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (s *Service) offset(scope string, marker *string) (int, *Error) {
	if marker == nil {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*marker)
	if err != nil || len(b) != 12 {
		return 0, Errorf(CodeInvalidMarker, "Invalid marker")
	}
	m := hmac.New(sha256.New, s.markKey[:])
	m.Write([]byte(scope))
	m.Write(b[:4])
	if !hmac.Equal(m.Sum(nil)[:8], b[4:]) {
		return 0, Errorf(CodeInvalidMarker, "Invalid marker")
	}
	return int(binary.BigEndian.Uint32(b[:4])), nil
}

// page cuts n items at the marker's offset to at most limit (default 100).
func (s *Service) page(scope string, n int, limit *int32, marker *string) (lo, hi int, next string, err *Error) {
	lo, err = s.offset(scope, marker)
	if err != nil {
		return 0, 0, "", err
	}
	if lo > n {
		return 0, 0, "", Errorf(CodeInvalidMarker, "Invalid marker")
	}
	l := defaultListLimit
	if limit != nil && *limit > 0 {
		l = int(*limit)
	}
	hi = min(n, lo+l)
	if hi < n {
		next = s.marker(scope, hi)
	}
	return lo, hi, next, nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func isTrue(p *bool) bool { return p != nil && *p }

func dryRun() *Error {
	return Errorf(CodeDryRunOperation, "The request would have succeeded, but the DryRun parameter was set.")
}

func missing(member string) *Error {
	return Errorf(CodeValidation, "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", member)
}
