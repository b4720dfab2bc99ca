package kms

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/kmsconform/kmsconform/reference/material"
	"github.com/kmsconform/kmsconform/reference/token"
	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// The message of every unwrap failure: one opaque error, no oracle (style.md §3).
const unwrapFailed = "The key material could not be decrypted with the wrapping key and algorithm of the import token."

func originError(k *key) *Error {
	return Errorf(CodeUnsupportedOperation, "%s origin is %s which is not valid for this operation.", k.arn, k.origin)
}

// GetParametersForImport returns a wrapping public key and an import token
// bound to the key ARN, the algorithm and the public key, valid for 24 hours
// (PARAMS-001..014, WRAP-007, WRAP-008). It does not change the key (PARAMS-007).
func (s *Service) GetParametersForImport(ctx context.Context, c Caller, in *GetParametersForImportInput) (*GetParametersForImportOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	now := s.now()
	s.mu.Lock()
	k, err := s.lookup(c, in.KeyId, false, now) // ERRORS-004: no aliases
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if k.origin != originExternal {
		s.mu.Unlock()
		return nil, originError(k) // PARAMS-008
	}
	switch st := s.state(k); st {
	case statePendingImport, stateEnabled, stateDisabled: // PARAMS-006
	default:
		s.mu.Unlock()
		return nil, stateError(k, st) // PARAMS-009, PARAMS-014, MRK-013, MRK-014, MRK-015
	}
	arn, spec := k.arn, k.spec
	s.mu.Unlock()

	alg, wspec := in.WrappingAlgorithm, in.WrappingKeySpec
	switch {
	case wspec == string(wrapping.SM2) || alg == string(wrapping.SM2PKE):
		// PARAMS-012: SM2 and SM2PKE exist only in China Regions; the reference has none.
		return nil, Errorf(CodeUnsupportedOperation, "WrappingKeySpec SM2 and WrappingAlgorithm SM2PKE are supported only in China Regions.")
	case alg == string(wrapping.PKCS1v15):
		return nil, Errorf(CodeUnsupportedOperation, "RSAES_PKCS1_V1_5 is no longer supported as a wrapping algorithm.") // PARAMS-011
	}
	switch wrapping.Spec(wspec) {
	case wrapping.RSA2048, wrapping.RSA3072, wrapping.RSA4096:
	default:
		return nil, Errorf(CodeValidation, "1 validation error detected: Value '%s' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, SM2]", wspec)
	}
	oaep := false
	switch wrapping.Algorithm(alg) {
	case wrapping.OAEPSHA1, wrapping.OAEPSHA256:
		oaep = true
	case wrapping.RSAAESKeyWrapSHA1, wrapping.RSAAESKeyWrapSHA256:
	default:
		return nil, Errorf(CodeValidation, "1 validation error detected: Value '%s' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1, RSA_AES_KEY_WRAP_SHA_256, SM2PKE]", alg)
	}
	if oaep && strings.HasPrefix(spec, "RSA_") {
		// WRAP-007: an RSA private key never fits one OAEP block.
		return nil, Errorf(CodeUnsupportedOperation, "WrappingAlgorithm %s is not supported for %s key material; use RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.", alg, spec)
	}
	if oaep && spec == string(material.ECCNISTP521) && wspec == string(wrapping.RSA2048) {
		// WRAP-008: P-521 material does not fit a 2048-bit OAEP block.
		return nil, Errorf(CodeUnsupportedOperation, "WrappingKeySpec RSA_2048 with %s cannot wrap ECC_NIST_P521 key material; use RSA_3072, RSA_4096 or an RSA_AES_KEY_WRAP algorithm.", alg)
	}
	validTo := now.Add(token.Validity) // PARAMS-004
	wk, werr := s.pool.acquire(ctx, wrapping.Spec(wspec), now, validTo)
	if werr != nil {
		if ctx != nil && ctx.Err() != nil {
			return nil, Errorf(CodeDependencyTimeout, "Timed out waiting for a wrapping key.")
		}
		return nil, Errorf(CodeKMSInternal, "kms: no wrapping key available")
	}
	tok, terr := s.tokens.Mint(s.rand, token.Claims{
		KeyARN:          arn, // IMPORT-004, TOKEN-007
		Algorithm:       alg, // WRAP-005
		WrappingKeySpec: wspec,
		WrappingKeyID:   wk.id,
		PublicKeySHA256: wk.pubSum, // WRAP-006
		IssuedAt:        now,
		ValidTo:         validTo,
	})
	if terr != nil {
		return nil, Errorf(CodeKMSInternal, "kms: minting an import token failed")
	}
	return &GetParametersForImportOutput{
		KeyId:             arn, // PARAMS-002
		ImportToken:       tok,
		PublicKey:         append([]byte(nil), wk.pub...),
		ParametersValidTo: NewTime(validTo),
	}, nil
}

// importRequest is what ImportKeyMaterial checked before unwrapping.
type importRequest struct {
	importType string // "" when omitted
	matID      string // KeyMaterialId, "" when omitted
	desc       *string
	expires    bool
	validTo    time.Time
}

// ImportKeyMaterial imports wrapped key material. Checks run in the order of
// ERRORS-011; the RSA private decrypt runs outside the service lock, and
// nothing changes unless every check passes (IMPORT-005).
func (s *Service) ImportKeyMaterial(ctx context.Context, c Caller, in *ImportKeyMaterialInput) (*ImportKeyMaterialOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	now := s.now()
	s.mu.Lock()
	k, _, wk, alg, err := s.checkImport(c, in, now)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	spec, keyID := k.spec, k.id
	s.mu.Unlock()

	// ERRORS-011: unwrap, then the material checks.
	pt, uerr := wrapping.Unwrap(wk.priv, wrapping.Algorithm(alg), in.EncryptedKeyMaterial)
	if uerr != nil {
		return nil, Errorf(CodeInvalidCiphertext, unwrapFailed) // WRAP-004, WRAP-005, WRAP-006
	}
	mk, perr := material.Parse(material.Spec(spec), pt)
	clear(pt)
	if perr != nil {
		return nil, Errorf(CodeIncorrectKeyMaterial, "The key material does not meet the requirements of key spec %s.", spec) // MATERIAL-*
	}
	id := mk.ID(keyID)

	s.mu.Lock()
	defer s.mu.Unlock()
	// The key may have changed while the lock was released: check again.
	k2, req, _, _, err := s.checkImport(c, in, now)
	if err != nil {
		return nil, err
	}
	if k2 != k {
		return nil, Errorf(CodeNotFound, "Key '%s' does not exist", k.arn)
	}
	if err := s.applyImport(k, mk, id, req); err != nil {
		return nil, err
	}
	out := &ImportKeyMaterialOutput{KeyId: k.arn} // IMPORT-002
	if k.spec == specSymmetric {
		out.KeyMaterialId = id
	}
	return out, nil
}

// checkImport runs every ImportKeyMaterial check that comes before the unwrap
// (ERRORS-011). The caller holds s.mu.
func (s *Service) checkImport(c Caller, in *ImportKeyMaterialInput, now time.Time) (*key, importRequest, *wrapKey, string, *Error) {
	var req importRequest
	k, err := s.lookup(c, in.KeyId, false, now) // ERRORS-004: no aliases
	if err != nil {
		return nil, req, nil, "", err
	}
	if k.origin != originExternal {
		return nil, req, nil, "", originError(k) // IMPORT-006
	}
	switch st := s.state(k); st {
	case statePendingImport, stateEnabled, stateDisabled, stateUpdating: // REIMPORT-005, REIMPORT-007, MRK-015
	default:
		return nil, req, nil, "", stateError(k, st) // STATE-009, MRK-013, MRK-014
	}
	// TOKEN-003, TOKEN-004: authenticity and key binding before expiry.
	claims, terr := s.tokens.Verify(in.ImportToken, now)
	if terr != nil && !errors.Is(terr, token.ErrExpired) {
		return nil, req, nil, "", Errorf(CodeInvalidImportToken, "Import token is invalid or associated with a different KMS key.")
	}
	if claims.KeyARN != k.arn {
		return nil, req, nil, "", Errorf(CodeInvalidImportToken, "Import token is invalid or associated with a different KMS key.") // IMPORT-004, TOKEN-007
	}
	if terr != nil {
		return nil, req, nil, "", Errorf(CodeExpiredImportToken, "The import token and public key expired at %s.", claims.ValidTo.Format(time.RFC3339)) // TOKEN-001
	}
	wk := s.pool.lookup(claims.WrappingKeyID, now)
	if wk == nil || wk.pubSum != claims.PublicKeySHA256 {
		return nil, req, nil, "", Errorf(CodeInvalidImportToken, "Import token is invalid or associated with a different KMS key.")
	}
	// Cross-member rules (EXPIRY-001..004, ROTATE-007, ROTATE-023, MRK-011).
	model := modelExpires // EXPIRY-001: the default
	if in.ExpirationModel != nil {
		model = *in.ExpirationModel
	}
	switch model {
	case modelExpires:
		if in.ValidTo == nil {
			return nil, req, nil, "", Errorf(CodeValidation, "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES") // EXPIRY-001
		}
		v := in.ValidTo.Time
		if !v.After(now) {
			return nil, req, nil, "", Errorf(CodeValidation, "The validTo date must be in the future.") // EXPIRY-003
		}
		if v.Sub(now) > maxValidToAhead {
			return nil, req, nil, "", Errorf(CodeValidation, "The validTo date must be no more than 365 days from the request date.") // EXPIRY-004
		}
		req.expires, req.validTo = true, v
	case modelDoesNotExpire:
		if in.ValidTo != nil {
			return nil, req, nil, "", Errorf(CodeValidation, "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE") // EXPIRY-002
		}
	default:
		return nil, req, nil, "", Errorf(CodeValidation, "1 validation error detected: Value '%s' at 'expirationModel' failed to satisfy constraint: Member must satisfy enum value set: [KEY_MATERIAL_EXPIRES, KEY_MATERIAL_DOES_NOT_EXPIRE]", model)
	}
	if k.spec != specSymmetric {
		if in.ImportType != nil || in.KeyMaterialId != nil || in.KeyMaterialDescription != nil {
			// ROTATE-023: only symmetric encryption keys have several materials.
			return nil, req, nil, "", Errorf(CodeUnsupportedOperation, "ImportType, KeyMaterialId and KeyMaterialDescription are supported only for symmetric encryption keys.")
		}
	}
	req.importType, req.matID, req.desc = str(in.ImportType), str(in.KeyMaterialId), in.KeyMaterialDescription
	switch req.importType {
	case "", importExisting:
	case importNew:
		if in.KeyMaterialId != nil {
			return nil, req, nil, "", Errorf(CodeValidation, "KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.") // ROTATE-007
		}
		if s.isReplica(k) {
			return nil, req, nil, "", Errorf(CodeUnsupportedOperation, "New key material cannot be imported into replica key %s; import it into the primary key.", k.arn) // MRK-011
		}
	default:
		return nil, req, nil, "", Errorf(CodeValidation, "1 validation error detected: Value '%s' at 'importType' failed to satisfy constraint: Member must satisfy enum value set: [NEW_KEY_MATERIAL, EXISTING_KEY_MATERIAL]", req.importType)
	}
	return k, req, wk, claims.Algorithm, nil
}

// applyImport runs the material checks and commits the import. It changes
// nothing when it returns an error (IMPORT-005). The caller holds s.mu.
func (s *Service) applyImport(k *key, mk *material.Key, id string, req importRequest) *Error {
	wasComplete := k.complete()
	e := k.find(id)
	set := func(m *mat) {
		m.k, m.expires, m.validTo = mk, req.expires, req.validTo
		if req.desc != nil {
			m.desc = *req.desc // REIMPORT-009: an omitted description keeps the stored one
		}
	}
	typ := req.importType
	if typ == "" {
		typ = importExisting // ROTATE-002
		if len(k.mats) == 0 {
			typ = importNew // ROTATE-001
		}
	}
	switch {
	case typ == importNew:
		if e != nil {
			// ROTATE-006
			return Errorf(CodeIncorrectKeyMaterial, "Key material (id: %s) is already associated with KMS key %s.", id, k.arn)
		}
		if len(k.mats) > 0 && k.spec != specSymmetric {
			// REIMPORT-004: asymmetric and HMAC keys keep their first material.
			return Errorf(CodeIncorrectKeyMaterial, "The key material is not the same key material that was previously imported into KMS key %s.", k.arn)
		}
		if p := k.pendingMat(); p != nil {
			// ROTATE-005
			return Errorf(CodeKMSInvalidState, "New key material (id: %s) cannot be imported into KMS key %s, because another key material (id: %s) is pending rotation.", id, k.arn, p.id)
		}
		m := &mat{id: id}
		set(m)
		if len(k.mats) == 0 {
			k.mats, k.current = []*mat{m}, id // ROTATE-001
			break
		}
		m.pending = true // ROTATE-004
		k.mats = append(k.mats, m)
		for _, r := range s.related(k)[1:] {
			// MRK-009: the replicas learn the new material's ID, not the material.
			r.mats = append(r.mats, &mat{id: id, desc: m.desc, pending: true})
		}
	default:
		if req.matID != "" && (k.find(req.matID) == nil || req.matID != id) {
			// ROTATE-008
			return Errorf(CodeIncorrectKeyMaterial, "The key material does not match key material ID %s of KMS key %s.", req.matID, k.arn)
		}
		if e == nil {
			// REIMPORT-003, REIMPORT-004, ROTATE-009, MRK-005
			return Errorf(CodeIncorrectKeyMaterial, "The key material is not the same key material that was previously imported into KMS key %s.", k.arn)
		}
		set(e) // REIMPORT-001, REIMPORT-005, REIMPORT-006
	}
	if !wasComplete && k.complete() {
		k.disabled = false // IMPORT-001; an owner-disabled complete key stays Disabled (REIMPORT-007)
	}
	return nil
}

// DeleteImportedKeyMaterial deletes the current or a named material
// (DELETE-001..012); pending material of a primary goes from every Region (MRK-012).
func (s *Service) DeleteImportedKeyMaterial(ctx context.Context, c Caller, in *DeleteImportedKeyMaterialInput) (*DeleteImportedKeyMaterialOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.lookup(c, in.KeyId, false, s.now())
	if err != nil {
		return nil, err
	}
	if k.origin != originExternal {
		return nil, originError(k) // DELETE-005
	}
	if st := s.state(k); st == stateCreating || st == stateUpdating {
		return nil, stateError(k, st) // MRK-014, MRK-015
	}
	var target *mat
	if in.KeyMaterialId != nil {
		if k.spec != specSymmetric {
			return nil, Errorf(CodeUnsupportedOperation, "KeyMaterialId is supported only for symmetric encryption keys.")
		}
		if target = k.find(*in.KeyMaterialId); target == nil {
			return nil, Errorf(CodeNotFound, "Key material %s is not associated with KMS key %s.", *in.KeyMaterialId, k.arn) // DELETE-012
		}
	} else {
		target = k.find(k.current) // DELETE-009; nil before the first import (DELETE-004)
	}
	out := &DeleteImportedKeyMaterialOutput{KeyId: k.arn}
	if target == nil {
		return out, nil
	}
	if k.spec == specSymmetric {
		out.KeyMaterialId = target.id // DELETE-006
	}
	if target.pending && !s.isReplica(k) {
		s.dropMaterial(k, target.id) // DELETE-011, MRK-012
		return out, nil
	}
	// DELETE-001..003, DELETE-010: the key's state follows from the missing material.
	target.k, target.expires, target.validTo = nil, false, time.Time{}
	return out, nil
}

// RotateKeyOnDemand makes the pending material current (ROTATE-010..015); for
// a multi-Region key it rotates every Region once all of them hold the
// material (MRK-009, MRK-010).
func (s *Service) RotateKeyOnDemand(ctx context.Context, c Caller, in *RotateKeyOnDemandInput) (*RotateKeyOnDemandOutput, error) {
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
	if k.spec != specSymmetric {
		return nil, Errorf(CodeUnsupportedOperation, "%s key spec is %s; on-demand rotation is supported only for symmetric encryption keys.", k.arn, k.spec) // ROTATE-013
	}
	if s.isReplica(k) {
		return nil, Errorf(CodeUnsupportedOperation, "%s is a replica key; rotate its primary key.", k.arn)
	}
	if st := s.state(k); st != stateEnabled {
		return nil, stateError(k, st) // ROTATE-012, ROTATE-014
	}
	if k.rotations >= maxOnDemandRotations {
		return nil, Errorf(CodeLimitExceeded, "The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: %s", k.arn) // ROTATE-015
	}
	var id string
	if k.origin == originExternal {
		p := k.pendingMat()
		if p == nil {
			return nil, Errorf(CodeKMSInvalidState, "No available key material pending rotation for the key: %s.", k.arn) // ROTATE-011
		}
		if s.matState(k, p) != matPendingRotation {
			return nil, Errorf(CodeKMSInvalidState, "Key material (id: %s) of %s is not yet imported into every replica key.", p.id, k.arn) // MRK-010
		}
		id = p.id
	} else {
		mk, gerr := material.Generate(s.rand, specSymmetric)
		if gerr != nil {
			return nil, Errorf(CodeKMSInternal, "kms: generating key material failed")
		}
		id = mk.ID(k.id)
		for _, kk := range s.related(k) {
			kk.mats = append(kk.mats, &mat{id: id, k: mk, pending: true})
		}
	}
	for _, kk := range s.related(k) {
		if m := kk.find(id); m != nil {
			m.pending, m.rotationDate, m.rotationType = false, now, rotationOnDemand
			kk.current = id // ROTATE-010
		}
	}
	k.rotations++
	return &RotateKeyOnDemandOutput{KeyId: k.arn}, nil
}

// ListKeyRotations lists a symmetric key's materials (ROTATE-018..022).
func (s *Service) ListKeyRotations(ctx context.Context, c Caller, in *ListKeyRotationsInput) (*ListKeyRotationsOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.lookup(c, in.KeyId, false, s.now())
	if err != nil {
		return nil, err
	}
	if k.spec != specSymmetric {
		return nil, Errorf(CodeUnsupportedOperation, "%s key spec is %s; key rotations are supported only for symmetric encryption keys.", k.arn, k.spec) // ROTATE-020
	}
	all := str(in.IncludeKeyMaterial) == "ALL_KEY_MATERIAL"
	var entries []RotationsListEntry
	for _, m := range k.mats {
		if !all && m.rotationDate.IsZero() {
			continue // ROTATE-018: the default lists rotations only
		}
		e := RotationsListEntry{KeyId: k.arn, KeyMaterialId: m.id, KeyMaterialDescription: m.desc, KeyMaterialState: s.matState(k, m)}
		if !m.rotationDate.IsZero() {
			e.RotationDate, e.RotationType = NewTime(m.rotationDate), m.rotationType
		}
		if k.origin == originExternal {
			e.ImportState = importStatePending
			if m.k != nil {
				e.ImportState = importStateImported
				e.ExpirationModel = modelDoesNotExpire
				if m.expires {
					e.ExpirationModel, e.ValidTo = modelExpires, NewTime(m.validTo) // ROTATE-019
				}
			}
		}
		entries = append(entries, e)
	}
	lo, hi, next, perr := s.page("ListKeyRotations/"+k.arn+"/"+str(in.IncludeKeyMaterial), len(entries), in.Limit, in.Marker)
	if perr != nil {
		return nil, perr
	}
	return &ListKeyRotationsOutput{Rotations: append([]RotationsListEntry{}, entries[lo:hi]...), NextMarker: next, Truncated: next != ""}, nil
}

// GetKeyRotationStatus reports automatic rotation; imported symmetric keys
// report it off (ROTATE-017).
func (s *Service) GetKeyRotationStatus(ctx context.Context, c Caller, in *GetKeyRotationStatusInput) (*GetKeyRotationStatusOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.lookup(c, in.KeyId, false, s.now())
	if err != nil {
		return nil, err
	}
	if k.spec != specSymmetric {
		return nil, Errorf(CodeUnsupportedOperation, "%s key spec is %s which is not valid for this operation.", k.arn, k.spec)
	}
	if st := s.state(k); st == statePendingDeletion || st == statePendingReplicaDeletion || st == stateCreating {
		return nil, stateError(k, st)
	}
	out := &GetKeyRotationStatusOutput{KeyId: k.arn, KeyRotationEnabled: k.rotationEnabled}
	if k.rotationEnabled {
		p := k.rotationPeriod
		out.RotationPeriodInDays = &p
		out.NextRotationDate = NewTime(k.created.AddDate(0, 0, int(p)))
	}
	return out, nil
}

// EnableKeyRotation turns on automatic rotation of AWS_KMS symmetric keys;
// EXTERNAL keys refuse it (ROTATE-016).
func (s *Service) EnableKeyRotation(ctx context.Context, c Caller, in *EnableKeyRotationInput) (*EnableKeyRotationOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.rotationKey(c, in.KeyId)
	if err != nil {
		return nil, err
	}
	p := int32(365)
	if in.RotationPeriodInDays != nil {
		p = *in.RotationPeriodInDays
	}
	if p < 90 || p > 2560 {
		return nil, Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value between 90 and 2560", p)
	}
	k.rotationEnabled, k.rotationPeriod = true, p
	return &EnableKeyRotationOutput{}, nil
}

// DisableKeyRotation turns off automatic rotation (ROTATE-016 for EXTERNAL keys).
func (s *Service) DisableKeyRotation(ctx context.Context, c Caller, in *DisableKeyRotationInput) (*DisableKeyRotationOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.rotationKey(c, in.KeyId)
	if err != nil {
		return nil, err
	}
	k.rotationEnabled, k.rotationPeriod = false, 0
	return &DisableKeyRotationOutput{}, nil
}

// rotationKey resolves the key of Enable/DisableKeyRotation: the origin check
// comes before the state (ROTATE-016 preferred reading). The caller holds s.mu.
func (s *Service) rotationKey(c Caller, id string) (*key, *Error) {
	k, err := s.lookup(c, id, false, s.now())
	if err != nil {
		return nil, err
	}
	if k.origin != originAWSKMS {
		return nil, originError(k)
	}
	if k.spec != specSymmetric {
		return nil, Errorf(CodeUnsupportedOperation, "%s key spec is %s which is not valid for this operation.", k.arn, k.spec)
	}
	if s.isReplica(k) {
		return nil, Errorf(CodeUnsupportedOperation, "%s is a replica key; manage rotation on its primary key.", k.arn)
	}
	if st := s.state(k); st != stateEnabled {
		return nil, stateError(k, st)
	}
	return k, nil
}
