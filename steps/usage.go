package steps

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	secpecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"

	"github.com/kmsconform/kmsconform/reference/material/testmaterial"
)

// Cryptographic operations with imported keys, per key state and against
// local computations with the same material (catalogue section USE;
// https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateMac.html,
// API_Sign.html, API_Verify.html, API_Encrypt.html, API_Decrypt.html,
// API_DeriveSharedSecret.html). Encrypt and Decrypt of symmetric keys are the
// shared steps of use.go; this file adds every other operation, the
// encryption context, and the local counterparts that check KMS's answers.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		u := &useSteps{w: w, contexts: map[string]map[string]string{}}
		sc.Step(re(`^I call (`+cryptoOps+`) with "([^"]+)"$`), u.call)
		sc.Step(re(`^I re-encrypt "([^"]+)" to "([^"]+)"$`), u.reEncrypt)

		// USE-002: encryption context.
		sc.Step(re(`^I encrypt "([^"]*)" with "([^"]+)" under the encryption context "([^"]+)"(?: as "([^"]+)")?$`), u.encryptWithContext)
		sc.Step(re(`^I decrypt "([^"]+)"(?: with "([^"]+)")? under the encryption context "([^"]+)"$`), u.decryptWithContext)

		// USE-008: HMAC.
		sc.Step(re(`^I generate an? (HMAC_SHA_\d+) MAC of "([^"]*)" with "([^"]+)"$`), u.generateMac)
		sc.Step(re(`^the MAC equals the (HMAC_SHA_\d+) of "([^"]*)" computed locally with "([^"]+)"$`), u.macEqualsLocal)
		sc.Step(re(`^I verify with "([^"]+)" the (HMAC_SHA_\d+) MAC of "([^"]*)" computed locally with "([^"]+)"( with one bit flipped)?$`), u.verifyLocalMac)
		sc.Step(re(`^the MAC is valid$`), u.macIsValid)

		// USE-010: signatures.
		sc.Step(re(`^I sign "([^"]*)" with "([^"]+)" using ([A-Z0-9_]+)$`), u.sign)
		sc.Step(re(`^the signature verifies locally with the public key of "([^"]+)"$`), u.signatureVerifiesLocally)
		sc.Step(re(`^I verify with "([^"]+)" the ([A-Z0-9_]+) signature of "([^"]*)" made locally with "([^"]+)"( with one bit flipped)?$`), u.verifyLocalSignature)
		sc.Step(re(`^the signature is valid$`), u.signatureIsValid)

		// USE-011: RSA encryption.
		sc.Step(re(`^I encrypt "([^"]*)" locally with the public key of "([^"]+)" using (RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256) as "([^"]+)"$`), u.encryptLocally)
		sc.Step(re(`^I decrypt "([^"]+)" with "([^"]+)" using (RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256)$`), u.decryptWithAlgorithm)
		sc.Step(re(`^I encrypt "([^"]*)" with "([^"]+)" using (RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256) as "([^"]+)"$`), u.encryptWithAlgorithm)
		sc.Step(re(`^"([^"]+)" decrypts locally with the private key of "([^"]+)" using (RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256)$`), u.decryptsLocally)

		// USE-012: key agreement.
		sc.Step(re(`^I derive a shared secret with "([^"]+)" and the public key of "([^"]+)"$`), u.deriveSharedSecret)
		sc.Step(re(`^the shared secret equals the ECDH of "([^"]+)" and the public key of "([^"]+)" computed locally$`), u.sharedSecretEqualsLocal)
		sc.Step(re(`^the shared secret's KeyOrigin is (EXTERNAL|AWS_KMS)$`), u.sharedSecretOrigin)

		// USE-013, USE-014.
		sc.Step(re(`^"([^"]+)" and "([^"]+)" have different (CurrentKeyMaterialId|KeyId|Arn)s?$`), u.differentMembers)
		sc.Step(re(`^I seal "([^"]*)" locally with AES-256-GCM under "([^"]+)" with an? (all-zero|all-one|random) nonce as "([^"]+)"$`), u.sealLocally)
	})
}

// cryptoOps are the operations "I call <Op> with "K"" knows how to send.
const cryptoOps = `Encrypt|Decrypt|ReEncrypt|GenerateDataKey|GenerateDataKeyWithoutPlaintext|GenerateDataKeyPair|GenerateDataKeyPairWithoutPlaintext|GenerateMac|VerifyMac|Sign|Verify|DeriveSharedSecret|GetPublicKey`

// useSteps holds the outputs of one scenario's cryptographic calls.
type useSteps struct {
	w        *World
	contexts map[string]map[string]string // encryption context of each named ciphertext

	mac, macMsg []byte
	macValid    bool
	sig, sigMsg []byte
	sigAlg      string
	sigValid    bool
	secret      []byte
	origin      types.OriginType
}

// message is the fixed plaintext of calls whose content does not matter.
var message = []byte("kmsconform message")

// macAlgorithmOf is the MAC algorithm of an HMAC key spec (HMAC_256 -> HMAC_SHA_256).
func macAlgorithmOf(spec types.KeySpec) types.MacAlgorithmSpec {
	return types.MacAlgorithmSpec("HMAC_SHA_" + strings.TrimPrefix(string(spec), "HMAC_"))
}

// signingAlgorithmOf is a signing algorithm every key of spec supports.
func signingAlgorithmOf(spec types.KeySpec) types.SigningAlgorithmSpec {
	switch {
	case strings.HasPrefix(string(spec), "RSA_"):
		return types.SigningAlgorithmSpecRsassaPssSha256
	case spec == types.KeySpecEccNistP384:
		return types.SigningAlgorithmSpecEcdsaSha384
	case spec == types.KeySpecEccNistP521:
		return types.SigningAlgorithmSpecEcdsaSha512
	}
	return types.SigningAlgorithmSpecEcdsaSha256
}

// rsaBytes is the modulus size in bytes of an RSA key spec, 0 for others.
func rsaBytes(spec types.KeySpec) int {
	switch spec {
	case types.KeySpecRsa2048:
		return 256
	case types.KeySpecRsa3072:
		return 384
	case types.KeySpecRsa4096:
		return 512
	}
	return 0
}

// peerPublicKey is a fresh DER SubjectPublicKeyInfo on the curve of a NIST
// key-agreement spec, for DeriveSharedSecret.
func peerPublicKey(spec types.KeySpec) ([]byte, error) {
	curves := map[types.KeySpec]ecdh.Curve{
		types.KeySpecEccNistP256: ecdh.P256(), types.KeySpecEccNistP384: ecdh.P384(), types.KeySpecEccNistP521: ecdh.P521(),
	}
	c, ok := curves[spec]
	if !ok {
		return nil, fmt.Errorf("steps: no key agreement for key spec %s", spec)
	}
	priv, err := c.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("steps: peer key: %w", err)
	}
	der, err := x509.MarshalPKIXPublicKey(priv.PublicKey())
	if err != nil {
		return nil, fmt.Errorf("steps: peer key: %w", err)
	}
	return der, nil
}

// placeholderSignature is a well-formed signature that verifies under no key:
// modulus-sized for RSA, DER (r, s) = (1, 1) for ECDSA (RFC 3279 §2.2.3). A
// key without material must refuse Verify before looking at it (USE-009).
func placeholderSignature(spec types.KeySpec) ([]byte, error) {
	if n := rsaBytes(spec); n > 0 {
		return bytes.Repeat([]byte{1}, n), nil
	}
	return asn1.Marshal(struct{ R, S *big.Int }{big.NewInt(1), big.NewInt(1)})
}

// call sends one cryptographic operation with parameters that suit the key's
// spec and usage, so that only the key's state decides the outcome (USE-001,
// USE-006, USE-007, USE-009). Decrypt and ReEncrypt of a symmetric key use the
// ciphertext an earlier "I encrypt ... with" step made with it.
func (u *useSteps) call(ctx context.Context, op, key string) error {
	w := u.w
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	id := aws.String(k.ID)
	symmetric := k.Spec == types.KeySpecSymmetricDefault
	ciphertext := func() ([]byte, error) {
		if !symmetric {
			return bytes.Repeat([]byte{1}, rsaBytes(k.Spec)), nil
		}
		ct, ok := w.Ciphertexts[key+" ciphertext"]
		if !ok {
			return nil, fmt.Errorf("%s with %q needs a ciphertext: encrypt with %q first", op, key, key)
		}
		return ct, nil
	}
	var encAlg types.EncryptionAlgorithmSpec
	if !symmetric {
		encAlg = types.EncryptionAlgorithmSpecRsaesOaepSha256
	}
	switch op {
	case "Encrypt":
		_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: message, EncryptionAlgorithm: encAlg})
	case "Decrypt":
		ct, cerr := ciphertext()
		if cerr != nil {
			return cerr
		}
		_, err = c.Decrypt(ctx, &kms.DecryptInput{KeyId: id, CiphertextBlob: ct, EncryptionAlgorithm: encAlg})
	case "ReEncrypt":
		ct, cerr := ciphertext()
		if cerr != nil {
			return cerr
		}
		_, err = c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: ct, SourceKeyId: id, DestinationKeyId: id,
			SourceEncryptionAlgorithm: encAlg, DestinationEncryptionAlgorithm: encAlg})
	case "GenerateDataKey":
		_, err = c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: id, KeySpec: types.DataKeySpecAes256})
	case "GenerateDataKeyWithoutPlaintext":
		_, err = c.GenerateDataKeyWithoutPlaintext(ctx, &kms.GenerateDataKeyWithoutPlaintextInput{KeyId: id, KeySpec: types.DataKeySpecAes256})
	case "GenerateDataKeyPair":
		_, err = c.GenerateDataKeyPair(ctx, &kms.GenerateDataKeyPairInput{KeyId: id, KeyPairSpec: types.DataKeyPairSpecEccNistP256})
	case "GenerateDataKeyPairWithoutPlaintext":
		_, err = c.GenerateDataKeyPairWithoutPlaintext(ctx, &kms.GenerateDataKeyPairWithoutPlaintextInput{KeyId: id, KeyPairSpec: types.DataKeyPairSpecEccNistP256})
	case "GenerateMac":
		_, err = c.GenerateMac(ctx, &kms.GenerateMacInput{KeyId: id, MacAlgorithm: macAlgorithmOf(k.Spec), Message: message})
	case "VerifyMac":
		alg := macAlgorithmOf(k.Spec)
		mac, herr := testmaterial.HMAC(string(alg), []byte("not the key"), message)
		if herr != nil {
			return herr
		}
		_, err = c.VerifyMac(ctx, &kms.VerifyMacInput{KeyId: id, MacAlgorithm: alg, Message: message, Mac: mac})
	case "Sign":
		_, err = c.Sign(ctx, &kms.SignInput{KeyId: id, SigningAlgorithm: signingAlgorithmOf(k.Spec), Message: message, MessageType: types.MessageTypeRaw})
	case "Verify":
		sig, serr := placeholderSignature(k.Spec)
		if serr != nil {
			return serr
		}
		_, err = c.Verify(ctx, &kms.VerifyInput{KeyId: id, SigningAlgorithm: signingAlgorithmOf(k.Spec), Message: message,
			MessageType: types.MessageTypeRaw, Signature: sig})
	case "DeriveSharedSecret":
		pub, perr := peerPublicKey(k.Spec)
		if perr != nil {
			return perr
		}
		_, err = c.DeriveSharedSecret(ctx, &kms.DeriveSharedSecretInput{KeyId: id, KeyAgreementAlgorithm: types.KeyAgreementAlgorithmSpecEcdh, PublicKey: pub})
	case "GetPublicKey":
		_, err = c.GetPublicKey(ctx, &kms.GetPublicKeyInput{KeyId: id})
	default:
		return fmt.Errorf("no step sends %s", op)
	}
	return w.Record(op, err)
}

// reEncrypt re-encrypts a named ciphertext under another key (USE-001: the
// destination key's state is checked too).
func (u *useSteps) reEncrypt(ctx context.Context, name, dest string) error {
	ct, ok := u.w.Ciphertexts[name]
	if !ok {
		return fmt.Errorf("no ciphertext %q in this scenario", name)
	}
	k, err := u.w.Key(dest)
	if err != nil {
		return err
	}
	c, err := u.w.KMS(k)
	if err != nil {
		return err
	}
	_, err = c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: ct, DestinationKeyId: aws.String(k.ID)})
	return u.w.Record("ReEncrypt", err)
}

// parseContext reads "k1=v1, k2=v2" into an encryption context.
func parseContext(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("encryption context %q: want key=value pairs separated by commas", s)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("encryption context %q names %q twice", s, k)
		}
		out[k] = v
	}
	return out, nil
}

// USE-002: Encrypt with an encryption context.
func (u *useSteps) encryptWithContext(ctx context.Context, plaintext, key, ec, name string) error {
	w := u.w
	ctxMap, err := parseContext(ec)
	if err != nil {
		return err
	}
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	if name == "" {
		name = key + " ciphertext"
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	out, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(k.ID), Plaintext: []byte(plaintext), EncryptionContext: ctxMap})
	if rerr := w.Record("Encrypt", err); rerr != nil || err != nil {
		return rerr
	}
	w.Ciphertexts[name] = out.CiphertextBlob
	u.remember(name, []byte(plaintext))
	u.contexts[name] = ctxMap
	return nil
}

// remember records what a named ciphertext decrypts to, for use.go's decrypt.
func (u *useSteps) remember(name string, plaintext []byte) {
	if u.w.plain == nil {
		u.w.plain = map[string][]byte{}
	}
	u.w.plain[name] = plaintext
}

// USE-002: Decrypt with an encryption context; a success must give back the plaintext.
func (u *useSteps) decryptWithContext(ctx context.Context, name, key, ec string) error {
	w := u.w
	ctxMap, err := parseContext(ec)
	if err != nil {
		return err
	}
	ct, ok := w.Ciphertexts[name]
	if !ok {
		return fmt.Errorf("no ciphertext %q in this scenario", name)
	}
	in := &kms.DecryptInput{CiphertextBlob: ct, EncryptionContext: ctxMap}
	client := w.Client().KMS
	if key != "" {
		k, err := w.Key(key)
		if err != nil {
			return err
		}
		in.KeyId = aws.String(k.ID)
		if client, err = w.KMS(k); err != nil {
			return err
		}
	}
	out, err := client.Decrypt(ctx, in)
	if rerr := w.Record("Decrypt", err); rerr != nil || err != nil {
		return rerr
	}
	if want := w.plain[name]; !bytes.Equal(out.Plaintext, want) {
		return fmt.Errorf("decrypting %q returned a different plaintext (%d bytes, expected %d)", name, len(out.Plaintext), len(want))
	}
	return nil
}

// USE-008: GenerateMac.
func (u *useSteps) generateMac(ctx context.Context, alg, msg, key string) error {
	k, err := u.w.Key(key)
	if err != nil {
		return err
	}
	c, err := u.w.KMS(k)
	if err != nil {
		return err
	}
	u.mac, u.macMsg = nil, []byte(msg)
	out, err := c.GenerateMac(ctx, &kms.GenerateMacInput{KeyId: aws.String(k.ID), MacAlgorithm: types.MacAlgorithmSpec(alg), Message: []byte(msg)})
	if rerr := u.w.Record("GenerateMac", err); rerr != nil || err != nil {
		return rerr
	}
	u.mac = out.Mac
	return nil
}

// USE-008: "the standard, raw HMAC defined in RFC 2104" (API:GenerateMacResponse.Mac).
func (u *useSteps) macEqualsLocal(ctx context.Context, alg, msg, mat string) error {
	if u.mac == nil {
		return errors.New("no MAC was generated in this scenario")
	}
	m, err := u.w.Material(mat)
	if err != nil {
		return err
	}
	want, err := testmaterial.HMAC(alg, m.Bytes, []byte(msg))
	if err != nil {
		return err
	}
	if !bytes.Equal(u.mac, want) { // USE-008: byte-equal to RFC 2104 HMAC
		return fmt.Errorf("GenerateMac returned %d bytes that differ from the RFC 2104 %s of the message under %q (%d bytes)", len(u.mac), alg, mat, len(want))
	}
	return nil
}

// USE-008: VerifyMac of a MAC computed locally, or of that MAC with its last bit flipped.
func (u *useSteps) verifyLocalMac(ctx context.Context, key, alg, msg, mat, flipped string) error {
	k, err := u.w.Key(key)
	if err != nil {
		return err
	}
	m, err := u.w.Material(mat)
	if err != nil {
		return err
	}
	mac, err := testmaterial.HMAC(alg, m.Bytes, []byte(msg))
	if err != nil {
		return err
	}
	if flipped != "" {
		mac[len(mac)-1] ^= 1
	}
	c, err := u.w.KMS(k)
	if err != nil {
		return err
	}
	u.macValid = false
	out, err := c.VerifyMac(ctx, &kms.VerifyMacInput{KeyId: aws.String(k.ID), MacAlgorithm: types.MacAlgorithmSpec(alg), Message: []byte(msg), Mac: mac})
	if rerr := u.w.Record("VerifyMac", err); rerr != nil || err != nil {
		return rerr
	}
	u.macValid = out.MacValid
	return nil
}

func (u *useSteps) macIsValid(ctx context.Context) error {
	res, err := u.w.Result()
	if err != nil {
		return err
	}
	if res.Op != "VerifyMac" || res.Failed() {
		return fmt.Errorf("expected a successful VerifyMac; %s", res.Describe())
	}
	if !u.macValid {
		return errors.New("VerifyMac succeeded with MacValid false")
	}
	return nil
}

// USE-010: Sign a raw message.
func (u *useSteps) sign(ctx context.Context, msg, key, alg string) error {
	k, err := u.w.Key(key)
	if err != nil {
		return err
	}
	c, err := u.w.KMS(k)
	if err != nil {
		return err
	}
	u.sig, u.sigMsg, u.sigAlg = nil, []byte(msg), alg
	out, err := c.Sign(ctx, &kms.SignInput{KeyId: aws.String(k.ID), SigningAlgorithm: types.SigningAlgorithmSpec(alg),
		Message: []byte(msg), MessageType: types.MessageTypeRaw})
	if rerr := u.w.Record("Sign", err); rerr != nil || err != nil {
		return rerr
	}
	u.sig = out.Signature
	return nil
}

// USE-010: KMS's signature verifies with the imported pair's public key, checked
// with crypto/rsa, crypto/ecdsa or the secp256k1 module, not the reference's code.
func (u *useSteps) signatureVerifiesLocally(ctx context.Context, mat string) error {
	if u.sig == nil {
		return errors.New("no signature was made in this scenario")
	}
	m, err := u.w.Material(mat)
	if err != nil {
		return err
	}
	if err := verifyLocally(m, u.sigAlg, u.sigMsg, u.sig); err != nil { // USE-010
		return fmt.Errorf("the %s signature from Sign does not verify with the public key of %q: %w", u.sigAlg, mat, err)
	}
	return nil
}

// USE-010: KMS Verify of a signature made locally with the private key.
func (u *useSteps) verifyLocalSignature(ctx context.Context, key, alg, msg, mat, flipped string) error {
	k, err := u.w.Key(key)
	if err != nil {
		return err
	}
	m, err := u.w.Material(mat)
	if err != nil {
		return err
	}
	sig, err := signLocally(m, alg, []byte(msg))
	if err != nil {
		return err
	}
	if flipped != "" {
		// The last byte lies inside s (ECDSA DER) or the RSA signature value: the
		// encoding stays well-formed, the signature becomes wrong.
		sig[len(sig)-1] ^= 1
	}
	c, err := u.w.KMS(k)
	if err != nil {
		return err
	}
	u.sigValid = false
	out, err := c.Verify(ctx, &kms.VerifyInput{KeyId: aws.String(k.ID), SigningAlgorithm: types.SigningAlgorithmSpec(alg),
		Message: []byte(msg), MessageType: types.MessageTypeRaw, Signature: sig})
	if rerr := u.w.Record("Verify", err); rerr != nil || err != nil {
		return rerr
	}
	u.sigValid = out.SignatureValid
	return nil
}

func (u *useSteps) signatureIsValid(ctx context.Context) error {
	res, err := u.w.Result()
	if err != nil {
		return err
	}
	if res.Op != "Verify" || res.Failed() {
		return fmt.Errorf("expected a successful Verify; %s", res.Describe())
	}
	if !u.sigValid {
		return errors.New("the Verify call succeeded with SignatureValid false")
	}
	return nil
}

// USE-011: a ciphertext made locally with the imported pair's public key.
func (u *useSteps) encryptLocally(ctx context.Context, plaintext, mat, alg, name string) error {
	m, err := u.w.Material(mat)
	if err != nil {
		return err
	}
	ct, err := testmaterial.EncryptOAEP(rand.Reader, m.Public, alg, []byte(plaintext)) // USE-011
	if err != nil {
		return err
	}
	u.w.Ciphertexts[name] = ct
	u.remember(name, []byte(plaintext))
	return nil
}

// USE-011: Decrypt with an explicit algorithm; a success must give back the plaintext.
func (u *useSteps) decryptWithAlgorithm(ctx context.Context, name, key, alg string) error {
	ct, ok := u.w.Ciphertexts[name]
	if !ok {
		return fmt.Errorf("no ciphertext %q in this scenario", name)
	}
	k, err := u.w.Key(key)
	if err != nil {
		return err
	}
	c, err := u.w.KMS(k)
	if err != nil {
		return err
	}
	out, err := c.Decrypt(ctx, &kms.DecryptInput{KeyId: aws.String(k.ID), CiphertextBlob: ct, EncryptionAlgorithm: types.EncryptionAlgorithmSpec(alg)})
	if rerr := u.w.Record("Decrypt", err); rerr != nil || err != nil {
		return rerr
	}
	if want := u.w.plain[name]; !bytes.Equal(out.Plaintext, want) {
		return fmt.Errorf("decrypting %q returned a different plaintext (%d bytes, expected %d)", name, len(out.Plaintext), len(want))
	}
	return nil
}

// USE-011: Encrypt with an explicit algorithm.
func (u *useSteps) encryptWithAlgorithm(ctx context.Context, plaintext, key, alg, name string) error {
	k, err := u.w.Key(key)
	if err != nil {
		return err
	}
	c, err := u.w.KMS(k)
	if err != nil {
		return err
	}
	out, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(k.ID), Plaintext: []byte(plaintext), EncryptionAlgorithm: types.EncryptionAlgorithmSpec(alg)})
	if rerr := u.w.Record("Encrypt", err); rerr != nil || err != nil {
		return rerr
	}
	u.w.Ciphertexts[name] = out.CiphertextBlob
	u.remember(name, []byte(plaintext))
	return nil
}

// USE-011: KMS's Encrypt output decrypts with the imported private key.
func (u *useSteps) decryptsLocally(ctx context.Context, name, mat, alg string) error {
	ct, ok := u.w.Ciphertexts[name]
	if !ok {
		return fmt.Errorf("no ciphertext %q in this scenario", name)
	}
	m, err := u.w.Material(mat)
	if err != nil {
		return err
	}
	pt, err := testmaterial.DecryptOAEP(m, alg, ct) // USE-011
	if err != nil {
		return fmt.Errorf("%q does not decrypt with the private key of %q: %w", name, mat, err)
	}
	if !bytes.Equal(pt, u.w.plain[name]) {
		return fmt.Errorf("%q decrypts locally to a different plaintext (%d bytes, expected %d)", name, len(pt), len(u.w.plain[name]))
	}
	return nil
}

// USE-012: DeriveSharedSecret with a peer's public key.
func (u *useSteps) deriveSharedSecret(ctx context.Context, key, peer string) error {
	k, err := u.w.Key(key)
	if err != nil {
		return err
	}
	p, err := u.w.Material(peer)
	if err != nil {
		return err
	}
	c, err := u.w.KMS(k)
	if err != nil {
		return err
	}
	u.secret, u.origin = nil, ""
	out, err := c.DeriveSharedSecret(ctx, &kms.DeriveSharedSecretInput{KeyId: aws.String(k.ID),
		KeyAgreementAlgorithm: types.KeyAgreementAlgorithmSpecEcdh, PublicKey: p.Public})
	if rerr := u.w.Record("DeriveSharedSecret", err); rerr != nil || err != nil {
		return rerr
	}
	u.secret, u.origin = out.SharedSecret, out.KeyOrigin
	return nil
}

// USE-012: the shared secret is ECDH(imported private key, peer public key).
func (u *useSteps) sharedSecretEqualsLocal(ctx context.Context, mat, peer string) error {
	if u.secret == nil {
		return errors.New("no shared secret was derived in this scenario")
	}
	m, err := u.w.Material(mat)
	if err != nil {
		return err
	}
	p, err := u.w.Material(peer)
	if err != nil {
		return err
	}
	want, err := testmaterial.SharedSecret(m, p.Public)
	if err != nil {
		return err
	}
	if !bytes.Equal(u.secret, want) { // USE-012
		return fmt.Errorf("DeriveSharedSecret returned %d bytes that differ from the local ECDH of %q and %q", len(u.secret), mat, peer)
	}
	return nil
}

func (u *useSteps) sharedSecretOrigin(ctx context.Context, want string) error {
	if u.secret == nil {
		return errors.New("no shared secret was derived in this scenario")
	}
	if string(u.origin) != want { // USE-012: EXTERNAL for imported material
		return fmt.Errorf("DeriveSharedSecret answered KeyOrigin %q, expected %s", u.origin, want)
	}
	return nil
}

// USE-013: two keys report different values of a member; both must have one.
func (u *useSteps) differentMembers(ctx context.Context, a, b, field string) error {
	var vals [2]string
	for i, name := range []string{a, b} {
		k, err := u.w.Key(name)
		if err != nil {
			return err
		}
		md, err := u.w.Describe(ctx, k)
		if err != nil {
			return err
		}
		v, ok := metadataFields(md)[field]
		if !ok {
			return fmt.Errorf("DescribeKey of %q has no %s", name, field)
		}
		vals[i] = v
	}
	if vals[0] == vals[1] { // USE-013
		return fmt.Errorf("%q and %q both report %s %q", a, b, field, vals[0])
	}
	return nil
}

// USE-014: AES-256-GCM under the imported material, made outside KMS.
// sealLocally makes a ciphertext outside KMS (USE-014). The fixed nonces
// make the blob's leading bytes, which a server may misread as a header of
// its own, the same in every run, so a verdict does not depend on chance.
func (u *useSteps) sealLocally(ctx context.Context, plaintext, mat, nonce, name string) error {
	m, err := u.w.Material(mat)
	if err != nil {
		return err
	}
	var src io.Reader = rand.Reader
	switch nonce {
	case "all-zero":
		src = bytes.NewReader(make([]byte, 12))
	case "all-one":
		src = bytes.NewReader(bytes.Repeat([]byte{0xff}, 12))
	}
	ct, err := testmaterial.SealGCM(src, m.Bytes, []byte(plaintext)) // USE-014
	if err != nil {
		return err
	}
	u.w.Ciphertexts[name] = ct
	u.remember(name, []byte(plaintext))
	return nil
}

// signingHash is the digest of a KMS signing algorithm (its name ends in the hash).
func signingHash(alg string) (crypto.Hash, error) {
	switch {
	case strings.HasSuffix(alg, "_SHA_256"):
		return crypto.SHA256, nil
	case strings.HasSuffix(alg, "_SHA_384"):
		return crypto.SHA384, nil
	case strings.HasSuffix(alg, "_SHA_512"):
		return crypto.SHA512, nil
	}
	return 0, fmt.Errorf("steps: unknown signing algorithm %q", alg)
}

// digestOf hashes msg for alg (MessageType RAW: KMS hashes the message itself).
func digestOf(alg string, msg []byte) (crypto.Hash, []byte, error) {
	h, err := signingHash(alg)
	if err != nil {
		return 0, nil, err
	}
	d := h.New()
	d.Write(msg)
	return h, d.Sum(nil), nil
}

// pssOptions: KMS's RSASSA_PSS_* use MGF1 with the message hash and a salt as
// long as the hash (RFC 8017 §9.1; API:SignRequest.SigningAlgorithm).
func pssOptions(h crypto.Hash) *rsa.PSSOptions {
	return &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: h}
}

// signLocally signs msg with the private key of m as KMS's Sign would for alg:
// RSASSA-PSS or PKCS #1 v1.5 (RFC 8017 §8.1, §8.2), or DER ECDSA (RFC 3279 §2.2.3).
func signLocally(m testmaterial.Material, alg string, msg []byte) ([]byte, error) {
	h, digest, err := digestOf(alg, msg)
	if err != nil {
		return nil, err
	}
	switch priv := m.Private.(type) {
	case *rsa.PrivateKey:
		switch {
		case strings.HasPrefix(alg, "RSASSA_PSS_"):
			return rsa.SignPSS(rand.Reader, priv, h, digest, pssOptions(h))
		case strings.HasPrefix(alg, "RSASSA_PKCS1_V1_5_"):
			return rsa.SignPKCS1v15(nil, priv, h, digest)
		}
	case *ecdsa.PrivateKey:
		if strings.HasPrefix(alg, "ECDSA_") {
			return ecdsa.SignASN1(rand.Reader, priv, digest)
		}
	case nil:
		if strings.HasPrefix(alg, "ECDSA_") {
			k, err := secp256k1Key(m)
			if err != nil {
				return nil, err
			}
			return secpecdsa.Sign(k, digest).Serialize(), nil
		}
	}
	return nil, fmt.Errorf("steps: cannot sign locally with %s material and %s", m.Spec, alg)
}

// errBadSignature says a signature did not verify locally.
var errBadSignature = errors.New("steps: signature does not verify")

// verifyLocally checks sig over msg with the public half of m.
func verifyLocally(m testmaterial.Material, alg string, msg, sig []byte) error {
	h, digest, err := digestOf(alg, msg)
	if err != nil {
		return err
	}
	switch priv := m.Private.(type) {
	case *rsa.PrivateKey:
		switch {
		case strings.HasPrefix(alg, "RSASSA_PSS_"):
			if err := rsa.VerifyPSS(&priv.PublicKey, h, digest, sig, pssOptions(h)); err != nil {
				return fmt.Errorf("%w: %v", errBadSignature, err)
			}
			return nil
		case strings.HasPrefix(alg, "RSASSA_PKCS1_V1_5_"):
			if err := rsa.VerifyPKCS1v15(&priv.PublicKey, h, digest, sig); err != nil {
				return fmt.Errorf("%w: %v", errBadSignature, err)
			}
			return nil
		}
	case *ecdsa.PrivateKey:
		if strings.HasPrefix(alg, "ECDSA_") {
			if !ecdsa.VerifyASN1(&priv.PublicKey, digest, sig) {
				return errBadSignature
			}
			return nil
		}
	case nil:
		if strings.HasPrefix(alg, "ECDSA_") {
			k, err := secp256k1Key(m)
			if err != nil {
				return err
			}
			s, err := secpecdsa.ParseDERSignature(sig)
			if err != nil {
				return fmt.Errorf("%w: %v", errBadSignature, err)
			}
			if !s.Verify(digest, k.PubKey()) {
				return errBadSignature
			}
			return nil
		}
	}
	return fmt.Errorf("steps: cannot verify locally with %s material and %s", m.Spec, alg)
}

// oidSecp256k1 is SEC 2 §A.2.1's secp256k1 (1.3.132.0.10), absent from crypto/x509.
var oidSecp256k1 = asn1.ObjectIdentifier{1, 3, 132, 0, 10}

// secp256k1Key reads the private key of ECC_SECG_P256K1 material: a PKCS #8
// PrivateKeyInfo (RFC 5208 §5) around an RFC 5915 ECPrivateKey.
func secp256k1Key(m testmaterial.Material) (*secp256k1.PrivateKey, error) {
	var info struct {
		Version    int
		Algorithm  pkix.AlgorithmIdentifier
		PrivateKey []byte
	}
	if rest, err := asn1.Unmarshal(m.Bytes, &info); err != nil || len(rest) > 0 {
		return nil, fmt.Errorf("steps: %s material is not a DER PrivateKeyInfo", m.Spec)
	}
	var curve asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(info.Algorithm.Parameters.FullBytes, &curve); err != nil || !curve.Equal(oidSecp256k1) {
		return nil, fmt.Errorf("steps: %s material does not name secp256k1", m.Spec)
	}
	var ec struct {
		Version    int
		PrivateKey []byte
		Rest       asn1.RawValue `asn1:"optional"`
		Rest2      asn1.RawValue `asn1:"optional"`
	}
	if _, err := asn1.Unmarshal(info.PrivateKey, &ec); err != nil || len(ec.PrivateKey) != 32 {
		return nil, fmt.Errorf("steps: %s material holds no 32-byte ECPrivateKey", m.Spec)
	}
	return secp256k1.PrivKeyFromBytes(ec.PrivateKey), nil
}
