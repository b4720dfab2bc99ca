package kms

import (
	"crypto/ecdsa"
	"crypto/x509"
	"testing"
)

// USE-001: data key pairs are refused while the key has no material, and after
// the import the private key decrypts back to the pair whose public key is returned.
func TestGenerateDataKeyPair(t *testing.T) {
	e := newEnv(t)
	md := e.create("SYMMETRIC_DEFAULT", "", false)
	ctx := e.ctx
	_, err := e.s.GenerateDataKeyPair(ctx, e.c, &GenerateDataKeyPairInput{KeyId: md.KeyId, KeyPairSpec: "ECC_NIST_P256"})
	e.wantCode(err, CodeKMSInvalidState)
	_, err = e.s.GenerateDataKeyPairWithoutPlaintext(ctx, e.c, &GenerateDataKeyPairWithoutPlaintextInput{KeyId: md.KeyId, KeyPairSpec: "ECC_NIST_P256"})
	e.wantCode(err, CodeKMSInvalidState)

	e.mustImport(md.KeyId, sym())
	out, err := e.s.GenerateDataKeyPair(ctx, e.c, &GenerateDataKeyPairInput{KeyId: md.KeyId, KeyPairSpec: "ECC_NIST_P256"})
	e.must(err)
	dec, err := e.decrypt(out.PrivateKeyCiphertextBlob)
	e.must(err)
	priv, perr := x509.ParsePKCS8PrivateKey(dec.Plaintext)
	if perr != nil {
		t.Fatalf("decrypted private key: %v", perr)
	}
	pub, perr := x509.ParsePKIXPublicKey(out.PublicKey)
	if perr != nil {
		t.Fatalf("public key: %v", perr)
	}
	if !priv.(*ecdsa.PrivateKey).PublicKey.Equal(pub) {
		t.Fatal("the decrypted private key does not belong to the returned public key")
	}
	if out.KeyPairSpec != "ECC_NIST_P256" || out.KeyId != md.Arn || out.KeyMaterialId == "" {
		t.Fatalf("response fields: spec %q key %q material %q", out.KeyPairSpec, out.KeyId, out.KeyMaterialId)
	}
	_, err = e.s.GenerateDataKeyPair(ctx, e.c, &GenerateDataKeyPairInput{KeyId: md.KeyId, KeyPairSpec: "SM2"})
	e.wantCode(err, CodeUnsupportedOperation)
}
