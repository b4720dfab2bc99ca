package kms

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"sort"

	"github.com/kmsconform/kmsconform/reference/material"
)

// Symmetric ciphertext envelope: it names the key and the key material it was
// made with, so Decrypt finds both without a KeyId (USE-005), related
// multi-Region keys decrypt each other's ciphertexts (MRK-007: they share the
// key ID), and old ciphertexts decrypt after rotation and reimport
// (REIMPORT-001, ROTATE-010).
//
//	magic "KMSC" | version 0x01 | len(keyID) (1 byte) | keyID | KeyMaterialId (32 bytes) | material.Key.Seal output
//
// The header and the canonical encryption context are the AAD of the seal.
var envelopeMagic = []byte("KMSC\x01")

type envelope struct {
	keyID  string
	matID  string
	header []byte
	sealed []byte
}

func parseEnvelope(b []byte) (envelope, bool) {
	if !bytes.HasPrefix(b, envelopeMagic) || len(b) < len(envelopeMagic)+1 {
		return envelope{}, false
	}
	n := int(b[len(envelopeMagic)])
	h := len(envelopeMagic) + 1 + n + 32
	if len(b) <= h {
		return envelope{}, false
	}
	id := string(b[len(envelopeMagic)+1 : len(envelopeMagic)+1+n])
	if !validKeyID(id) {
		return envelope{}, false
	}
	return envelope{
		keyID:  id,
		matID:  hex.EncodeToString(b[h-32 : h]),
		header: b[:h],
		sealed: b[h:],
	}, true
}

func envelopeHeader(keyID, matID string) ([]byte, bool) {
	raw, err := hex.DecodeString(matID)
	if err != nil || len(raw) != 32 || len(keyID) > 255 {
		return nil, false
	}
	h := append([]byte(nil), envelopeMagic...)
	h = append(h, byte(len(keyID)))
	h = append(h, keyID...)
	return append(h, raw...), true
}

// contextAAD is the canonical encoding of an encryption context: pairs
// sorted by key, each length-prefixed, so equal maps give equal bytes.
func contextAAD(header []byte, ec map[string]string) []byte {
	keys := make([]string, 0, len(ec))
	for k := range ec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b := append([]byte(nil), header...)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, uint64(len(ec[k])))
		b = append(b, ec[k]...)
	}
	return b
}

func usageError(k *key, op string) *Error {
	return Errorf(CodeInvalidKeyUsage, "%s key usage is %s which is not valid for %s.", k.arn, k.usage, op)
}

func algorithmError(k *key, alg string) *Error {
	return Errorf(CodeInvalidKeyUsage, "Algorithm %s is incompatible with key spec %s.", alg, k.spec)
}

// materialError maps the errors of reference/material to AWS codes.
func materialError(err error, k *key, alg string) *Error {
	switch {
	case errors.Is(err, material.ErrAlgorithm):
		return algorithmError(k, alg)
	case errors.Is(err, material.ErrInvalidInput):
		return Errorf(CodeValidation, "The input is not valid for key spec %s and algorithm %s.", k.spec, alg)
	case errors.Is(err, material.ErrDecryption):
		return &Error{Code: CodeInvalidCiphertext}
	case errors.Is(err, material.ErrInvalidMAC):
		return &Error{Code: CodeKMSInvalidMac}
	case errors.Is(err, material.ErrInvalidSignature):
		return &Error{Code: CodeKMSInvalidSignature}
	}
	return Errorf(CodeKMSInternal, "kms: cryptographic operation failed")
}

// cryptoKey resolves a key for a cryptographic operation (aliases allowed),
// checks its state and usage, and returns it with its current material. The
// caller holds s.mu.
func (s *Service) cryptoKey(c Caller, id, usage, op string) (*key, *material.Key, *Error) {
	k, err := s.lookup(c, id, true, s.now())
	if err != nil {
		return nil, nil, err
	}
	if err := s.usable(k); err != nil {
		return nil, nil, err
	}
	if k.usage != usage {
		return nil, nil, usageError(k, op)
	}
	m := k.find(k.current)
	if m == nil || m.k == nil {
		return nil, nil, stateError(k, statePendingImport)
	}
	return k, m.k, nil
}

// sealed is the result of an encryption with a key.
type sealed struct {
	blob, arn, alg, matID string
}

// encrypt encrypts pt with the key named id, as Encrypt and the data key and
// ReEncrypt operations do; symmetricOnly refuses RSA keys.
func (s *Service) encrypt(c Caller, id string, pt []byte, ec map[string]string, algp *string, symmetricOnly, dry bool, op string) (*sealed, *Error) {
	s.mu.Lock()
	k, mk, err := s.cryptoKey(c, id, usageEncrypt, op)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	arn, keyID, spec, cur := k.arn, k.id, k.spec, k.current
	s.mu.Unlock()
	alg := "SYMMETRIC_DEFAULT"
	if algp != nil {
		alg = *algp
	}
	if spec == specSymmetric {
		if alg != "SYMMETRIC_DEFAULT" {
			return nil, algorithmError(k, alg)
		}
		if dry {
			return nil, dryRun()
		}
		h, ok := envelopeHeader(keyID, cur)
		if !ok {
			return nil, Errorf(CodeKMSInternal, "kms: malformed key material ID")
		}
		sl, serr := mk.Seal(s.rand, pt, contextAAD(h, ec))
		if serr != nil {
			return nil, Errorf(CodeKMSInternal, "kms: encryption failed")
		}
		return &sealed{blob: string(append(h, sl...)), arn: arn, alg: alg, matID: cur}, nil
	}
	if symmetricOnly {
		return nil, Errorf(CodeInvalidKeyUsage, "%s key spec is %s which is not valid for %s.", arn, spec, op)
	}
	if algp == nil || alg == "SYMMETRIC_DEFAULT" {
		return nil, algorithmError(k, alg)
	}
	if dry {
		return nil, dryRun()
	}
	ct, cerr := mk.Encrypt(s.rand, alg, pt) // USE-011
	if cerr != nil {
		return nil, materialError(cerr, k, alg)
	}
	return &sealed{blob: string(ct), arn: arn, alg: alg}, nil
}

// opened is the result of a decryption.
type opened struct {
	pt              []byte
	arn, alg, matID string
}

// decrypt opens a ciphertext as Decrypt and ReEncrypt do.
func (s *Service) decrypt(c Caller, blob []byte, ec map[string]string, keyID, algp *string, dry bool) (*opened, *Error) {
	s.mu.Lock()
	var named *key
	if keyID != nil {
		k, err := s.lookup(c, *keyID, true, s.now())
		if err != nil {
			s.mu.Unlock()
			return nil, err
		}
		named = k
	}
	env, isEnv := parseEnvelope(blob)
	if named != nil && named.spec != specSymmetric {
		isEnv = false // an RSA key decrypts raw RSAES-OAEP ciphertext
	}
	if !isEnv {
		defer s.mu.Unlock()
		if named == nil || named.spec == specSymmetric {
			if named != nil {
				if err := s.usable(named); err != nil {
					return nil, err
				}
			}
			return nil, &Error{Code: CodeInvalidCiphertext} // USE-014
		}
		if err := s.usable(named); err != nil {
			return nil, err
		}
		if named.usage != usageEncrypt {
			return nil, usageError(named, "Decrypt")
		}
		alg := str(algp)
		if alg == "" || alg == "SYMMETRIC_DEFAULT" {
			return nil, algorithmError(named, alg)
		}
		mk := named.find(named.current)
		if mk == nil || mk.k == nil {
			return nil, stateError(named, statePendingImport)
		}
		if dry {
			return nil, dryRun()
		}
		pt, err := mk.k.Decrypt(alg, blob) // USE-011
		if err != nil {
			return nil, materialError(err, named, alg)
		}
		return &opened{pt: pt, arn: named.arn, alg: alg}, nil
	}
	k := s.keys[loc{s.accountOf(c), c.Region, env.keyID}]
	if k != nil {
		k = s.refresh(k, s.now())
	}
	if named != nil && named != k {
		s.mu.Unlock()
		// USE-013: the ciphertext names another key.
		return nil, Errorf(CodeIncorrectKey, "The key ID in the request does not identify a KMS key that can perform this operation.")
	}
	if k == nil {
		s.mu.Unlock()
		return nil, &Error{Code: CodeInvalidCiphertext}
	}
	if err := s.usable(k); err != nil {
		s.mu.Unlock()
		return nil, err // USE-003, USE-005, USE-006
	}
	if alg := str(algp); alg != "" && alg != "SYMMETRIC_DEFAULT" {
		s.mu.Unlock()
		return nil, algorithmError(k, alg)
	}
	m := k.find(env.matID)
	if m == nil {
		s.mu.Unlock()
		return nil, &Error{Code: CodeInvalidCiphertext}
	}
	if m.k == nil {
		s.mu.Unlock()
		return nil, stateError(k, statePendingImport)
	}
	mk, arn := m.k, k.arn
	s.mu.Unlock()
	if dry {
		return nil, dryRun()
	}
	pt, err := mk.Open(env.sealed, contextAAD(env.header, ec))
	if err != nil {
		return nil, &Error{Code: CodeInvalidCiphertext} // USE-002: wrong encryption context
	}
	return &opened{pt: pt, arn: arn, alg: "SYMMETRIC_DEFAULT", matID: env.matID}, nil
}

// Encrypt encrypts up to 4 KiB with a symmetric or RSA encryption key.
func (s *Service) Encrypt(ctx context.Context, c Caller, in *EncryptInput) (*EncryptOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	if len(in.Plaintext) == 0 {
		return nil, missing("plaintext")
	}
	r, err := s.encrypt(c, in.KeyId, in.Plaintext, in.EncryptionContext, in.EncryptionAlgorithm, false, isTrue(in.DryRun), "Encrypt")
	if err != nil {
		return nil, err
	}
	return &EncryptOutput{CiphertextBlob: []byte(r.blob), KeyId: r.arn, EncryptionAlgorithm: r.alg}, nil
}

// Decrypt decrypts a ciphertext; symmetric ciphertexts name their key and
// material, so KeyId is optional for them.
func (s *Service) Decrypt(ctx context.Context, c Caller, in *DecryptInput) (*DecryptOutput, error) {
	if in == nil || len(in.CiphertextBlob) == 0 {
		return nil, missing("ciphertextBlob")
	}
	r, err := s.decrypt(c, in.CiphertextBlob, in.EncryptionContext, in.KeyId, in.EncryptionAlgorithm, isTrue(in.DryRun))
	if err != nil {
		return nil, err
	}
	return &DecryptOutput{KeyId: r.arn, Plaintext: r.pt, EncryptionAlgorithm: r.alg, KeyMaterialId: r.matID}, nil
}

// ReEncrypt decrypts with the source key and encrypts under the destination key.
func (s *Service) ReEncrypt(ctx context.Context, c Caller, in *ReEncryptInput) (*ReEncryptOutput, error) {
	if in == nil || len(in.CiphertextBlob) == 0 {
		return nil, missing("ciphertextBlob")
	}
	src, err := s.decrypt(c, in.CiphertextBlob, in.SourceEncryptionContext, in.SourceKeyId, in.SourceEncryptionAlgorithm, false)
	if err != nil {
		return nil, err
	}
	defer clear(src.pt)
	dst, err := s.encrypt(c, in.DestinationKeyId, src.pt, in.DestinationEncryptionContext, in.DestinationEncryptionAlgorithm, false, isTrue(in.DryRun), "ReEncrypt")
	if err != nil {
		return nil, err
	}
	return &ReEncryptOutput{
		CiphertextBlob: []byte(dst.blob), SourceKeyId: src.arn, KeyId: dst.arn,
		SourceEncryptionAlgorithm: src.alg, DestinationEncryptionAlgorithm: dst.alg,
		SourceKeyMaterialId: src.matID, DestinationKeyMaterialId: dst.matID, // ROTATE-024
	}, nil
}

// dataKeyLength checks the KeySpec / NumberOfBytes pair of the data key operations.
func dataKeyLength(spec *string, n *int32) (int, *Error) {
	switch {
	case spec != nil && n != nil:
		return 0, Errorf(CodeValidation, "Please specify either number of bytes or key spec, not both.")
	case spec != nil && *spec == "AES_256":
		return 32, nil
	case spec != nil && *spec == "AES_128":
		return 16, nil
	case spec != nil:
		return 0, Errorf(CodeValidation, "1 validation error detected: Value '%s' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]", *spec)
	case n != nil && *n >= 1 && *n <= 1024:
		return int(*n), nil
	case n != nil:
		return 0, Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024", *n)
	}
	return 0, Errorf(CodeValidation, "Please specify either number of bytes or key spec.")
}

func (s *Service) dataKey(c Caller, id string, spec *string, n *int32, ec map[string]string, dry bool, op string) ([]byte, *sealed, *Error) {
	size, err := dataKeyLength(spec, n)
	if err != nil {
		return nil, nil, err
	}
	pt := make([]byte, size)
	if _, rerr := io.ReadFull(s.rand, pt); rerr != nil {
		return nil, nil, Errorf(CodeKMSInternal, "kms: reading random bytes failed")
	}
	r, err := s.encrypt(c, id, pt, ec, nil, true, dry, op)
	if err != nil {
		return nil, nil, err
	}
	return pt, r, nil
}

// GenerateDataKey returns a random data key and its encryption under a symmetric key.
func (s *Service) GenerateDataKey(ctx context.Context, c Caller, in *GenerateDataKeyInput) (*GenerateDataKeyOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	pt, r, err := s.dataKey(c, in.KeyId, in.KeySpec, in.NumberOfBytes, in.EncryptionContext, isTrue(in.DryRun), "GenerateDataKey")
	if err != nil {
		return nil, err
	}
	return &GenerateDataKeyOutput{CiphertextBlob: []byte(r.blob), Plaintext: pt, KeyId: r.arn, KeyMaterialId: r.matID}, nil
}

// GenerateDataKeyWithoutPlaintext returns only the encrypted data key.
func (s *Service) GenerateDataKeyWithoutPlaintext(ctx context.Context, c Caller, in *GenerateDataKeyWithoutPlaintextInput) (*GenerateDataKeyWithoutPlaintextOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	pt, r, err := s.dataKey(c, in.KeyId, in.KeySpec, in.NumberOfBytes, in.EncryptionContext, isTrue(in.DryRun), "GenerateDataKeyWithoutPlaintext")
	if err != nil {
		return nil, err
	}
	clear(pt)
	return &GenerateDataKeyWithoutPlaintextOutput{CiphertextBlob: []byte(r.blob), KeyId: r.arn, KeyMaterialId: r.matID}, nil
}

// withKey runs f with a usable key's current material, outside the lock.
func (s *Service) withKey(c Caller, id, usage, op string, f func(k *key, mk *material.Key) *Error) *Error {
	s.mu.Lock()
	k, mk, err := s.cryptoKey(c, id, usage, op)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	snap := &key{arn: k.arn, spec: k.spec, usage: k.usage, origin: k.origin}
	s.mu.Unlock()
	return f(snap, mk)
}

func checkAlgorithm(k *key, alg string) *Error {
	algs, _ := material.AlgorithmsFor(material.Spec(k.spec), k.usage)
	all := slices.Concat(algs.Encryption, algs.Signing, algs.MAC, algs.KeyAgreement)
	if !slices.Contains(all, alg) {
		return algorithmError(k, alg)
	}
	return nil
}

// GenerateMac computes the RFC 2104 HMAC of a message (USE-008).
func (s *Service) GenerateMac(ctx context.Context, c Caller, in *GenerateMacInput) (*GenerateMacOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	var out *GenerateMacOutput
	err := s.withKey(c, in.KeyId, usageMAC, "GenerateMac", func(k *key, mk *material.Key) *Error {
		if err := checkAlgorithm(k, in.MacAlgorithm); err != nil {
			return err
		}
		if isTrue(in.DryRun) {
			return dryRun()
		}
		mac, err := mk.MAC(in.MacAlgorithm, in.Message)
		if err != nil {
			return materialError(err, k, in.MacAlgorithm)
		}
		out = &GenerateMacOutput{Mac: mac, MacAlgorithm: in.MacAlgorithm, KeyId: k.arn}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// VerifyMac checks a MAC; a mismatch is KMSInvalidMacException (USE-008).
func (s *Service) VerifyMac(ctx context.Context, c Caller, in *VerifyMacInput) (*VerifyMacOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	var out *VerifyMacOutput
	err := s.withKey(c, in.KeyId, usageMAC, "VerifyMac", func(k *key, mk *material.Key) *Error {
		if err := checkAlgorithm(k, in.MacAlgorithm); err != nil {
			return err
		}
		if isTrue(in.DryRun) {
			return dryRun()
		}
		if err := mk.VerifyMAC(in.MacAlgorithm, in.Message, in.Mac); err != nil {
			return materialError(err, k, in.MacAlgorithm)
		}
		out = &VerifyMacOutput{KeyId: k.arn, MacValid: true, MacAlgorithm: in.MacAlgorithm}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Sign signs a message or digest with an RSA or ECC signing key (USE-010).
func (s *Service) Sign(ctx context.Context, c Caller, in *SignInput) (*SignOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	var out *SignOutput
	err := s.withKey(c, in.KeyId, usageSign, "Sign", func(k *key, mk *material.Key) *Error {
		if err := checkAlgorithm(k, in.SigningAlgorithm); err != nil {
			return err
		}
		if isTrue(in.DryRun) {
			return dryRun()
		}
		mt := "RAW"
		if in.MessageType != nil {
			mt = *in.MessageType
		}
		sig, err := mk.Sign(s.rand, in.SigningAlgorithm, mt, in.Message)
		if err != nil {
			return materialError(err, k, in.SigningAlgorithm)
		}
		out = &SignOutput{KeyId: k.arn, Signature: sig, SigningAlgorithm: in.SigningAlgorithm}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Verify checks a signature; a mismatch is KMSInvalidSignatureException.
func (s *Service) Verify(ctx context.Context, c Caller, in *VerifyInput) (*VerifyOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	var out *VerifyOutput
	err := s.withKey(c, in.KeyId, usageSign, "Verify", func(k *key, mk *material.Key) *Error {
		if err := checkAlgorithm(k, in.SigningAlgorithm); err != nil {
			return err
		}
		if isTrue(in.DryRun) {
			return dryRun()
		}
		mt := "RAW"
		if in.MessageType != nil {
			mt = *in.MessageType
		}
		if err := mk.Verify(in.SigningAlgorithm, mt, in.Message, in.Signature); err != nil {
			return materialError(err, k, in.SigningAlgorithm)
		}
		out = &VerifyOutput{KeyId: k.arn, SignatureValid: true, SigningAlgorithm: in.SigningAlgorithm}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetPublicKey returns the public half of an asymmetric key (MATERIAL-009);
// without material it fails like every other use (USE-009).
func (s *Service) GetPublicKey(ctx context.Context, c Caller, in *GetPublicKeyInput) (*GetPublicKeyOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	s.mu.Lock()
	k, err := s.lookup(c, in.KeyId, true, s.now())
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if err := s.usable(k); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if !material.Asymmetric(material.Spec(k.spec)) {
		s.mu.Unlock()
		return nil, Errorf(CodeUnsupportedOperation, "%s key spec is %s which is not valid for GetPublicKey.", k.arn, k.spec)
	}
	m := k.find(k.current)
	if m == nil || m.k == nil {
		s.mu.Unlock()
		return nil, stateError(k, statePendingImport)
	}
	md := s.metadata(k)
	mk := m.k
	s.mu.Unlock()
	pub, perr := mk.PublicKey()
	if perr != nil {
		return nil, Errorf(CodeKMSInternal, "kms: encoding the public key failed")
	}
	return &GetPublicKeyOutput{
		KeyId: md.Arn, PublicKey: pub, CustomerMasterKeySpec: md.CustomerMasterKeySpec, KeySpec: md.KeySpec,
		KeyUsage: md.KeyUsage, EncryptionAlgorithms: md.EncryptionAlgorithms, SigningAlgorithms: md.SigningAlgorithms,
		KeyAgreementAlgorithms: md.KeyAgreementAlgorithms,
	}, nil
}

// DeriveSharedSecret performs ECDH with a key-agreement key (USE-012).
func (s *Service) DeriveSharedSecret(ctx context.Context, c Caller, in *DeriveSharedSecretInput) (*DeriveSharedSecretOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	var out *DeriveSharedSecretOutput
	err := s.withKey(c, in.KeyId, usageAgreement, "DeriveSharedSecret", func(k *key, mk *material.Key) *Error {
		if err := checkAlgorithm(k, in.KeyAgreementAlgorithm); err != nil {
			return err
		}
		if isTrue(in.DryRun) {
			return dryRun()
		}
		secret, err := mk.DeriveSharedSecret(in.KeyAgreementAlgorithm, in.PublicKey)
		if err != nil {
			return materialError(err, k, in.KeyAgreementAlgorithm)
		}
		out = &DeriveSharedSecretOutput{KeyId: k.arn, SharedSecret: secret, KeyAgreementAlgorithm: in.KeyAgreementAlgorithm, KeyOrigin: k.origin}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
