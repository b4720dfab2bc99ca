package kms

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"io"
)

// Data key pairs: a fresh asymmetric key pair whose private key (PKCS#8 DER) is
// encrypted under a symmetric KMS key, as the envelope of GenerateDataKey is
// (https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html).
// USE-001 needs both operations to refuse a key in PendingImport.

// GenerateDataKeyPairInput is the GenerateDataKeyPair request.
type GenerateDataKeyPairInput struct {
	KeyId             string            `json:"KeyId" validate:"required,len=1..2048"`
	KeyPairSpec       string            `json:"KeyPairSpec" validate:"required,enum=RSA_2048|RSA_3072|RSA_4096|ECC_NIST_P256|ECC_NIST_P384|ECC_NIST_P521|ECC_SECG_P256K1|SM2|ECC_NIST_EDWARDS25519"`
	EncryptionContext map[string]string `json:"EncryptionContext"`
	GrantTokens       []string          `json:"GrantTokens"`
	DryRun            *bool             `json:"DryRun"`
}

// GenerateDataKeyPairOutput is the GenerateDataKeyPair response.
type GenerateDataKeyPairOutput struct {
	PrivateKeyCiphertextBlob []byte `json:"PrivateKeyCiphertextBlob"`
	PrivateKeyPlaintext      []byte `json:"PrivateKeyPlaintext"`
	PublicKey                []byte `json:"PublicKey"`
	KeyId                    string `json:"KeyId"`
	KeyPairSpec              string `json:"KeyPairSpec"`
	KeyMaterialId            string `json:"KeyMaterialId,omitempty"`
}

// GenerateDataKeyPairWithoutPlaintextInput is the GenerateDataKeyPairWithoutPlaintext request.
type GenerateDataKeyPairWithoutPlaintextInput GenerateDataKeyPairInput

// GenerateDataKeyPairWithoutPlaintextOutput is the GenerateDataKeyPairWithoutPlaintext response.
type GenerateDataKeyPairWithoutPlaintextOutput struct {
	PrivateKeyCiphertextBlob []byte `json:"PrivateKeyCiphertextBlob"`
	PublicKey                []byte `json:"PublicKey"`
	KeyId                    string `json:"KeyId"`
	KeyPairSpec              string `json:"KeyPairSpec"`
	KeyMaterialId            string `json:"KeyMaterialId,omitempty"`
}

// GenerateDataKeyPair returns a new key pair and its private key encrypted under a symmetric key.
func (s *Service) GenerateDataKeyPair(ctx context.Context, c Caller, in *GenerateDataKeyPairInput) (*GenerateDataKeyPairOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	priv, pub, r, err := s.dataKeyPair(c, in, "GenerateDataKeyPair")
	if err != nil {
		return nil, err
	}
	return &GenerateDataKeyPairOutput{PrivateKeyCiphertextBlob: []byte(r.blob), PrivateKeyPlaintext: priv, PublicKey: pub,
		KeyId: r.arn, KeyPairSpec: in.KeyPairSpec, KeyMaterialId: r.matID}, nil
}

// GenerateDataKeyPairWithoutPlaintext returns a new public key and its encrypted private key.
func (s *Service) GenerateDataKeyPairWithoutPlaintext(ctx context.Context, c Caller, in *GenerateDataKeyPairWithoutPlaintextInput) (*GenerateDataKeyPairWithoutPlaintextOutput, error) {
	if in == nil {
		return nil, missing("keyId")
	}
	priv, pub, r, err := s.dataKeyPair(c, (*GenerateDataKeyPairInput)(in), "GenerateDataKeyPairWithoutPlaintext")
	if err != nil {
		return nil, err
	}
	clear(priv)
	return &GenerateDataKeyPairWithoutPlaintextOutput{PrivateKeyCiphertextBlob: []byte(r.blob), PublicKey: pub,
		KeyId: r.arn, KeyPairSpec: in.KeyPairSpec, KeyMaterialId: r.matID}, nil
}

func (s *Service) dataKeyPair(c Caller, in *GenerateDataKeyPairInput, op string) (priv, pub []byte, r *sealed, err *Error) {
	// The key's state and usage are checked before the (possibly slow) key
	// generation, so a PendingImport key is refused at once (USE-001).
	if _, err := s.encrypt(c, in.KeyId, []byte{0}, in.EncryptionContext, nil, true, true, op); err != nil && err.Code != CodeDryRunOperation {
		return nil, nil, nil, err
	}
	if isTrue(in.DryRun) {
		return nil, nil, nil, dryRun()
	}
	signer, gerr := generatePair(s.rand, in.KeyPairSpec)
	if gerr != nil {
		return nil, nil, nil, gerr
	}
	priv, perr := x509.MarshalPKCS8PrivateKey(signer)
	pub, uerr := x509.MarshalPKIXPublicKey(signer.Public())
	if perr != nil || uerr != nil {
		return nil, nil, nil, Errorf(CodeKMSInternal, "kms: encoding the data key pair failed")
	}
	r, err = s.encrypt(c, in.KeyId, priv, in.EncryptionContext, nil, true, false, op)
	if err != nil {
		clear(priv)
		return nil, nil, nil, err
	}
	return priv, pub, r, nil
}

// generatePair makes the key pair for a KeyPairSpec the standard library can
// encode; the others (SM2 outside China Regions, secp256k1, Ed25519 data key
// pairs) are refused rather than answered with a wrong encoding.
func generatePair(rand io.Reader, spec string) (crypto.Signer, *Error) {
	switch spec {
	case "RSA_2048":
		return rsaPair(rand, 2048)
	case "RSA_3072":
		return rsaPair(rand, 3072)
	case "RSA_4096":
		return rsaPair(rand, 4096)
	case "ECC_NIST_P256":
		return ecPair(rand, elliptic.P256())
	case "ECC_NIST_P384":
		return ecPair(rand, elliptic.P384())
	case "ECC_NIST_P521":
		return ecPair(rand, elliptic.P521())
	}
	return nil, Errorf(CodeUnsupportedOperation, "KeyPairSpec %s is not supported by this server.", spec)
}

func rsaPair(rand io.Reader, bits int) (crypto.Signer, *Error) {
	k, err := rsa.GenerateKey(rand, bits)
	if err != nil {
		return nil, Errorf(CodeKMSInternal, "kms: generating the data key pair failed")
	}
	return k, nil
}

func ecPair(rand io.Reader, c elliptic.Curve) (crypto.Signer, *Error) {
	k, err := ecdsa.GenerateKey(c, rand)
	if err != nil {
		return nil, Errorf(CodeKMSInternal, "kms: generating the data key pair failed")
	}
	return k, nil
}
