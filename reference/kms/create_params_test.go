package kms

import (
	"crypto/rsa"
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"github.com/kmsconform/kmsconform/reference/token"
)

func TestCreateKey(t *testing.T) {
	e := newEnv(t)
	ok := []struct {
		name, spec, usage string
		algs              func(*KeyMetadata) []string
		want              string
	}{
		{"CREATE-001 symmetric", "", "", func(m *KeyMetadata) []string { return m.EncryptionAlgorithms }, "SYMMETRIC_DEFAULT"},
		{"CREATE-003 HMAC_256", "HMAC_256", usageMAC, func(m *KeyMetadata) []string { return m.MacAlgorithms }, "HMAC_SHA_256"},
		{"CREATE-004 RSA_2048 encrypt", "RSA_2048", usageEncrypt, func(m *KeyMetadata) []string { return m.EncryptionAlgorithms }, "RSAES_OAEP_SHA_256"},
		{"CREATE-004 RSA_4096 sign", "RSA_4096", usageSign, func(m *KeyMetadata) []string { return m.SigningAlgorithms }, "RSASSA_PSS_SHA_256"},
		{"CREATE-005 P-521 agreement", "ECC_NIST_P521", usageAgreement, func(m *KeyMetadata) []string { return m.KeyAgreementAlgorithms }, "ECDH"},
		{"CREATE-005 secp256k1 sign", "ECC_SECG_P256K1", usageSign, func(m *KeyMetadata) []string { return m.SigningAlgorithms }, "ECDSA_SHA_256"},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			md := e.create(c.spec, c.usage, false)
			if md.Origin != originExternal || md.KeyState != statePendingImport || md.Enabled || md.KeyManager != "CUSTOMER" || md.MultiRegion {
				t.Fatalf("metadata %+v", md)
			}
			if md.ValidTo != nil || md.ExpirationModel != "" || md.CurrentKeyMaterialId != "" { // CREATE-002
				t.Fatalf("before import: ValidTo %v ExpirationModel %q CurrentKeyMaterialId %q", md.ValidTo, md.ExpirationModel, md.CurrentKeyMaterialId)
			}
			if !strings.Contains(strings.Join(c.algs(md), ","), c.want) {
				t.Fatalf("algorithms %v lack %s", c.algs(md), c.want)
			}
			if !uuidRE.MatchString(md.KeyId) || md.Arn != "arn:aws:kms:us-east-1:111122223333:key/"+md.KeyId {
				t.Fatalf("KeyId %q Arn %q", md.KeyId, md.Arn)
			}
		})
	}
	bad := []struct {
		name string
		in   *CreateKeyInput
		want string
	}{
		{"CREATE-007 ML_DSA_65", &CreateKeyInput{Origin: p(originExternal), KeySpec: p("ML_DSA_65"), KeyUsage: p(usageSign)}, CodeUnsupportedOperation},
		{"CREATE-008 Ed25519", &CreateKeyInput{Origin: p(originExternal), KeySpec: p("ECC_NIST_EDWARDS25519"), KeyUsage: p(usageSign)}, CodeUnsupportedOperation},
		{"CREATE-008 ML_KEM_768", &CreateKeyInput{Origin: p(originExternal), KeySpec: p("ML_KEM_768")}, CodeUnsupportedOperation},
		{"CREATE-006 SM2 outside China", &CreateKeyInput{Origin: p(originExternal), KeySpec: p("SM2"), KeyUsage: p(usageSign)}, CodeUnsupportedOperation},
		{"CREATE-009 custom key store ID", &CreateKeyInput{Origin: p("AWS_CLOUDHSM"), CustomKeyStoreId: p("cks-1234567890abcdef0")}, CodeCustomKeyStoreNotFound},
		{"CREATE-009 EXTERNAL with store ID", &CreateKeyInput{Origin: p(originExternal), CustomKeyStoreId: p("cks-1234567890abcdef0")}, CodeCustomKeyStoreNotFound},
		{"CREATE-009 AWS_CLOUDHSM without store", &CreateKeyInput{Origin: p("AWS_CLOUDHSM")}, CodeUnsupportedOperation},
		{"CREATE-009 EXTERNAL_KEY_STORE without store", &CreateKeyInput{Origin: p("EXTERNAL_KEY_STORE")}, CodeUnsupportedOperation},
		{"HMAC without GENERATE_VERIFY_MAC", &CreateKeyInput{Origin: p(originExternal), KeySpec: p("HMAC_256")}, CodeValidation},
		{"ECC with ENCRYPT_DECRYPT", &CreateKeyInput{Origin: p(originExternal), KeySpec: p("ECC_NIST_P256"), KeyUsage: p(usageEncrypt)}, CodeValidation},
		{"KeySpec and CustomerMasterKeySpec", &CreateKeyInput{KeySpec: p("RSA_2048"), CustomerMasterKeySpec: p("RSA_2048"), KeyUsage: p(usageSign)}, CodeValidation},
		{"malformed policy", &CreateKeyInput{Policy: p("{not json")}, CodeMalformedPolicy},
		{"reserved tag", &CreateKeyInput{Tags: []Tag{{TagKey: "aws:x", TagValue: "v"}}}, CodeTag},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.s.CreateKey(e.ctx, e.c, c.in)
			e.wantCode(err, c.want)
		})
	}
	t.Run("MRK-001 multi-Region primary", func(t *testing.T) {
		md := e.create("", "", true)
		if !mrkRE.MatchString(md.KeyId) || !md.MultiRegion || md.MultiRegionConfiguration.MultiRegionKeyType != "PRIMARY" || md.KeyState != statePendingImport {
			t.Fatalf("metadata %+v", md)
		}
	})
	t.Run("aws-cn partition", func(t *testing.T) {
		md := e.in("cn-north-1").create("", "", false)
		if !strings.HasPrefix(md.Arn, "arn:aws-cn:kms:cn-north-1:") {
			t.Fatalf("Arn %s", md.Arn)
		}
	})
	t.Run("CREATE-011 never generates material", func(t *testing.T) {
		md := e.create("", "", false)
		e.clk.Advance(400 * 24 * time.Hour)
		if st := e.state(md.KeyId); st != statePendingImport {
			t.Fatalf("state %s", st)
		}
		_, err := e.s.Encrypt(e.ctx, e.c, &EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")})
		e.wantCode(err, CodeKMSInvalidState)
	})
}

func TestGetParametersForImport(t *testing.T) {
	e := newEnv(t)
	md := e.create("", "", false)
	t.Run("PARAMS-001 PARAMS-002 PARAMS-003 PARAMS-004", func(t *testing.T) {
		for _, id := range []string{md.KeyId, md.Arn} {
			out := e.params(id, "RSAES_OAEP_SHA_256", "RSA_2048")
			if out.KeyId != md.Arn {
				t.Fatalf("KeyId %s, want %s", out.KeyId, md.Arn)
			}
			pub, err := x509.ParsePKIXPublicKey(out.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			if rk, ok := pub.(*rsa.PublicKey); !ok || rk.N.BitLen() != 2048 {
				t.Fatalf("public key %T", pub)
			}
			if !out.ParametersValidTo.Equal(e.clk.Now().Add(token.Validity)) {
				t.Fatalf("ParametersValidTo %v", out.ParametersValidTo)
			}
			if len(out.ImportToken) == 0 || len(out.ImportToken) > 6144 || len(out.PublicKey) > 4096 {
				t.Fatalf("sizes token %d key %d", len(out.ImportToken), len(out.PublicKey))
			}
		}
		out := e.params(md.KeyId, "RSA_AES_KEY_WRAP_SHA_1", "RSA_3072")
		pub, _ := x509.ParsePKIXPublicKey(out.PublicKey)
		if pub.(*rsa.PublicKey).N.BitLen() != 3072 {
			t.Fatal("RSA_3072 parameters are not 3072 bits")
		}
	})
	t.Run("PARAMS-007 no change", func(t *testing.T) {
		before := *e.describe(md.KeyId)
		e.params(md.KeyId, "RSAES_OAEP_SHA_1", "RSA_2048")
		after := *e.describe(md.KeyId)
		if before.KeyState != after.KeyState || before.Enabled != after.Enabled || before.CurrentKeyMaterialId != after.CurrentKeyMaterialId {
			t.Fatalf("%+v -> %+v", before, after)
		}
	})
	awsKey, err := e.s.CreateKey(e.ctx, e.c, &CreateKeyInput{})
	e.must(err)
	pending := e.create("", "", false)
	_, err = e.s.ScheduleKeyDeletion(e.ctx, e.c, &ScheduleKeyDeletionInput{KeyId: pending.KeyId, PendingWindowInDays: p(int32(7))})
	e.must(err)
	rsaKey := e.create("RSA_2048", usageSign, false)
	p521 := e.create("ECC_NIST_P521", usageSign, false)
	_, err = e.s.CreateAlias(e.ctx, e.c, &CreateAliasInput{AliasName: "alias/params", TargetKeyId: md.KeyId})
	e.must(err)
	cases := []struct {
		name, id, alg, spec, want string
	}{
		{"PARAMS-008 AWS_KMS origin", awsKey.KeyMetadata.KeyId, "RSAES_OAEP_SHA_256", "RSA_2048", CodeUnsupportedOperation},
		{"PARAMS-009 pending deletion", pending.KeyId, "RSAES_OAEP_SHA_256", "RSA_2048", CodeKMSInvalidState},
		{"PARAMS-011 PKCS1 v1.5", md.KeyId, "RSAES_PKCS1_V1_5", "RSA_2048", CodeUnsupportedOperation},
		{"PARAMS-012 SM2 spec", md.KeyId, "SM2PKE", "SM2", CodeUnsupportedOperation},
		{"PARAMS-012 SM2PKE with RSA", md.KeyId, "SM2PKE", "RSA_2048", CodeUnsupportedOperation},
		{"WRAP-007 OAEP for RSA material", rsaKey.KeyId, "RSAES_OAEP_SHA_256", "RSA_4096", CodeUnsupportedOperation},
		{"WRAP-008 P-521 with RSA_2048 OAEP", p521.KeyId, "RSAES_OAEP_SHA_1", "RSA_2048", CodeUnsupportedOperation},
		{"ERRORS-004 alias name", "alias/params", "RSAES_OAEP_SHA_256", "RSA_2048", CodeNotFound},
		{"ERRORS-004 alias ARN", "arn:aws:kms:us-east-1:111122223333:alias/params", "RSAES_OAEP_SHA_256", "RSA_2048", CodeNotFound},
		{"bogus spec", md.KeyId, "RSAES_OAEP_SHA_256", "BOGUS", CodeValidation},
		{"bogus algorithm", md.KeyId, "BOGUS", "RSA_2048", CodeValidation},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.s.GetParametersForImport(e.ctx, e.c, &GetParametersForImportInput{KeyId: c.id, WrappingAlgorithm: c.alg, WrappingKeySpec: c.spec})
			e.wantCode(err, c.want)
		})
	}
	t.Run("PARAMS-006 Disabled key", func(t *testing.T) {
		k := e.create("", "", false)
		e.mustImport(k.KeyId, sym())
		_, err := e.s.DisableKey(e.ctx, e.c, &DisableKeyInput{KeyId: k.KeyId})
		e.must(err)
		e.params(k.KeyId, "RSAES_OAEP_SHA_1", "RSA_2048")
		if st := e.state(k.KeyId); st != stateDisabled {
			t.Fatalf("state %s", st)
		}
	})
	t.Run("WRAP-008 P-521 with RSA_3072 OAEP is fine", func(t *testing.T) {
		e.params(p521.KeyId, "RSAES_OAEP_SHA_256", "RSA_3072")
	})
}
