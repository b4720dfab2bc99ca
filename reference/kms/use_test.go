package kms

import (
	"context"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCryptographicUse(t *testing.T) {
	e := newEnv(t)
	s, ctx, c := e.s, e.ctx, e.c
	t.Run("USE-001 USE-009 no material", func(t *testing.T) {
		sk := e.create("", "", false)
		hk := e.create("HMAC_256", usageMAC, false)
		rk := e.create("RSA_2048", usageSign, false)
		for name, err := range map[string]error{
			"Encrypt": func() error {
				_, err := s.Encrypt(ctx, c, &EncryptInput{KeyId: sk.KeyId, Plaintext: []byte("x")})
				return err
			}(),
			"GenerateDataKey": func() error {
				_, err := s.GenerateDataKey(ctx, c, &GenerateDataKeyInput{KeyId: sk.KeyId, NumberOfBytes: p(int32(16))})
				return err
			}(),
			"GenerateMac": func() error {
				_, err := s.GenerateMac(ctx, c, &GenerateMacInput{KeyId: hk.KeyId, MacAlgorithm: "HMAC_SHA_256", Message: []byte("m")})
				return err
			}(),
			"Sign": func() error {
				_, err := s.Sign(ctx, c, &SignInput{KeyId: rk.KeyId, SigningAlgorithm: "RSASSA_PSS_SHA_256", Message: []byte("m")})
				return err
			}(),
			"GetPublicKey": func() error { _, err := s.GetPublicKey(ctx, c, &GetPublicKeyInput{KeyId: rk.KeyId}); return err }(),
		} {
			if code(err) != CodeKMSInvalidState {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
	t.Run("USE-002 encryption context and KeyId", func(t *testing.T) {
		md := e.create("", "", false)
		e.mustImport(md.KeyId, sym())
		ec := map[string]string{"purpose": "test", "b": "2"}
		out, err := s.Encrypt(ctx, c, &EncryptInput{KeyId: md.KeyId, Plaintext: []byte("pt"), EncryptionContext: ec})
		e.must(err)
		for _, id := range []*string{nil, p(md.KeyId), p(md.Arn)} {
			d, err := s.Decrypt(ctx, c, &DecryptInput{CiphertextBlob: out.CiphertextBlob, EncryptionContext: map[string]string{"b": "2", "purpose": "test"}, KeyId: id})
			e.must(err)
			if string(d.Plaintext) != "pt" || d.KeyId != md.Arn {
				t.Fatalf("%+v", d)
			}
		}
		_, err = s.Decrypt(ctx, c, &DecryptInput{CiphertextBlob: out.CiphertextBlob, EncryptionContext: map[string]string{"purpose": "other", "b": "2"}})
		e.wantCode(err, CodeInvalidCiphertext)
	})
	t.Run("USE-013 same material, two keys", func(t *testing.T) {
		m := sym()
		a, b := e.create("", "", false), e.create("", "", false)
		e.mustImport(a.KeyId, m)
		e.mustImport(b.KeyId, m)
		ct := e.encrypt(a.KeyId, "x")
		_, err := s.Decrypt(ctx, c, &DecryptInput{CiphertextBlob: ct, KeyId: p(b.KeyId)})
		e.wantCode(err, CodeIncorrectKey)
		e.decryptsTo(ct, "x")
	})
	t.Run("USE-014 foreign AES-GCM ciphertext", func(t *testing.T) {
		m := sym()
		md := e.create("", "", false)
		e.mustImport(md.KeyId, m)
		blk, _ := aes.NewCipher(m)
		g, _ := cipher.NewGCM(blk)
		nonce := randBytes(12)
		ct := g.Seal(nonce, nonce, []byte("hello"), nil)
		_, err := s.Decrypt(ctx, c, &DecryptInput{CiphertextBlob: ct, KeyId: p(md.KeyId)})
		e.wantCode(err, CodeInvalidCiphertext)
		_, err = s.Decrypt(ctx, c, &DecryptInput{CiphertextBlob: ct})
		e.wantCode(err, CodeInvalidCiphertext)
	})
	t.Run("USE-008 HMAC", func(t *testing.T) {
		m := randBytes(48)
		md := e.create("HMAC_384", usageMAC, false)
		e.mustImport(md.KeyId, m)
		msg := []byte("message")
		out, err := s.GenerateMac(ctx, c, &GenerateMacInput{KeyId: md.KeyId, MacAlgorithm: "HMAC_SHA_384", Message: msg})
		e.must(err)
		h := hmac.New(sha384, m)
		h.Write(msg)
		if !hmac.Equal(out.Mac, h.Sum(nil)) {
			t.Fatal("MAC differs from RFC 2104 HMAC")
		}
		v, err := s.VerifyMac(ctx, c, &VerifyMacInput{KeyId: md.KeyId, MacAlgorithm: "HMAC_SHA_384", Message: msg, Mac: out.Mac})
		e.must(err)
		if !v.MacValid {
			t.Fatal("MacValid false")
		}
		out.Mac[0] ^= 1
		_, err = s.VerifyMac(ctx, c, &VerifyMacInput{KeyId: md.KeyId, MacAlgorithm: "HMAC_SHA_384", Message: msg, Mac: out.Mac})
		e.wantCode(err, CodeKMSInvalidMac)
		_, err = s.GenerateMac(ctx, c, &GenerateMacInput{KeyId: md.KeyId, MacAlgorithm: "HMAC_SHA_256", Message: msg})
		e.wantCode(err, CodeInvalidKeyUsage)
		_, err = s.Encrypt(ctx, c, &EncryptInput{KeyId: md.KeyId, Plaintext: msg})
		e.wantCode(err, CodeInvalidKeyUsage)
		_, err = s.GetPublicKey(ctx, c, &GetPublicKeyInput{KeyId: md.KeyId})
		e.wantCode(err, CodeUnsupportedOperation)
	})
	t.Run("USE-010 MATERIAL-009 ECDSA", func(t *testing.T) {
		priv, der := ecKey(t, elliptic.P256())
		md := e.create("ECC_NIST_P256", usageSign, false)
		e.mustImport(md.KeyId, der)
		pk, err := s.GetPublicKey(ctx, c, &GetPublicKeyInput{KeyId: md.KeyId})
		e.must(err)
		want, _ := x509.MarshalPKIXPublicKey(&priv.PublicKey)
		if string(pk.PublicKey) != string(want) {
			t.Fatal("GetPublicKey is not the imported pair's public key")
		}
		msg := []byte("sign me")
		sig, err := s.Sign(ctx, c, &SignInput{KeyId: md.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: msg})
		e.must(err)
		d := sha256.Sum256(msg)
		if !ecdsa.VerifyASN1(&priv.PublicKey, d[:], sig.Signature) {
			t.Fatal("signature does not verify locally")
		}
		local, _ := ecdsa.SignASN1(rand.Reader, priv, d[:])
		v, err := s.Verify(ctx, c, &VerifyInput{KeyId: md.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: d[:], MessageType: p("DIGEST"), Signature: local})
		e.must(err)
		if !v.SignatureValid {
			t.Fatal("SignatureValid false")
		}
		local[len(local)-1] ^= 1
		_, err = s.Verify(ctx, c, &VerifyInput{KeyId: md.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: d[:], MessageType: p("DIGEST"), Signature: local})
		e.wantCode(err, CodeKMSInvalidSignature)
		_, err = s.Sign(ctx, c, &SignInput{KeyId: md.KeyId, SigningAlgorithm: "RSASSA_PSS_SHA_256", Message: msg})
		e.wantCode(err, CodeInvalidKeyUsage)
	})
	t.Run("USE-011 RSA encryption", func(t *testing.T) {
		priv, der := rsaMaterial(t)
		md := e.create("RSA_2048", usageEncrypt, false)
		e.mustImport(md.KeyId, der)
		for _, alg := range []string{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"} {
			out, err := s.Encrypt(ctx, c, &EncryptInput{KeyId: md.KeyId, Plaintext: []byte("pt"), EncryptionAlgorithm: p(alg)})
			e.must(err)
			h := crypto.SHA1
			if alg == "RSAES_OAEP_SHA_256" {
				h = crypto.SHA256
			}
			pt, err := rsa.DecryptOAEP(h.New(), nil, priv, out.CiphertextBlob, nil)
			if err != nil || string(pt) != "pt" {
				t.Fatalf("%s: local decrypt %v", alg, err)
			}
			ct, _ := rsa.EncryptOAEP(h.New(), rand.Reader, &priv.PublicKey, []byte("local"), nil)
			d, err := s.Decrypt(ctx, c, &DecryptInput{KeyId: p(md.KeyId), CiphertextBlob: ct, EncryptionAlgorithm: p(alg)})
			e.must(err)
			if string(d.Plaintext) != "local" {
				t.Fatalf("%s: KMS decrypt", alg)
			}
		}
		_, err := s.Encrypt(ctx, c, &EncryptInput{KeyId: md.KeyId, Plaintext: []byte("pt")})
		e.wantCode(err, CodeInvalidKeyUsage)
		_, err = s.GenerateDataKey(ctx, c, &GenerateDataKeyInput{KeyId: md.KeyId, KeySpec: p("AES_128")})
		e.wantCode(err, CodeInvalidKeyUsage)
	})
	t.Run("USE-012 ECDH", func(t *testing.T) {
		priv, der := ecKey(t, elliptic.P256())
		md := e.create("ECC_NIST_P256", usageAgreement, false)
		e.mustImport(md.KeyId, der)
		peer, peerDER := ecdhPeer(t)
		out, err := s.DeriveSharedSecret(ctx, c, &DeriveSharedSecretInput{KeyId: md.KeyId, KeyAgreementAlgorithm: "ECDH", PublicKey: peerDER})
		e.must(err)
		mine, _ := priv.ECDH()
		want, _ := peer.ECDH(mine.PublicKey())
		if string(out.SharedSecret) != string(want) || out.KeyOrigin != originExternal {
			t.Fatalf("shared secret mismatch or KeyOrigin %s", out.KeyOrigin)
		}
		_, err = s.DeriveSharedSecret(ctx, c, &DeriveSharedSecretInput{KeyId: md.KeyId, KeyAgreementAlgorithm: "ECDH", PublicKey: []byte("junk")})
		e.wantCode(err, CodeValidation)
	})
	t.Run("DryRun", func(t *testing.T) {
		md := e.create("", "", false)
		e.mustImport(md.KeyId, sym())
		_, err := s.Encrypt(ctx, c, &EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x"), DryRun: p(true)})
		e.wantCode(err, CodeDryRunOperation)
	})
	t.Run("GenerateDataKey parameters", func(t *testing.T) {
		md := e.create("", "", false)
		e.mustImport(md.KeyId, sym())
		_, err := s.GenerateDataKey(ctx, c, &GenerateDataKeyInput{KeyId: md.KeyId})
		e.wantCode(err, CodeValidation)
		_, err = s.GenerateDataKey(ctx, c, &GenerateDataKeyInput{KeyId: md.KeyId, KeySpec: p("AES_256"), NumberOfBytes: p(int32(4))})
		e.wantCode(err, CodeValidation)
		out, err := s.GenerateDataKeyWithoutPlaintext(ctx, c, &GenerateDataKeyWithoutPlaintextInput{KeyId: md.KeyId, NumberOfBytes: p(int32(64))})
		e.must(err)
		d, err := e.decrypt(out.CiphertextBlob)
		e.must(err)
		if len(d.Plaintext) != 64 {
			t.Fatalf("%d bytes", len(d.Plaintext))
		}
	})
}

func TestIdentifiers(t *testing.T) {
	e := newEnv(t)
	s, ctx, c := e.s, e.ctx, e.c
	md := e.create("", "", false)
	for _, id := range []string{
		"1d3b4c5e-6f70-4182-93a4-b5c6d7e8f901",                                        // ERRORS-001 unknown UUID
		"mrk-0123456789abcdef0123456789abcdef",                                        // ERRORS-001 unknown mrk
		"arn:aws:kms:us-east-1:111122223333:key/1d3b4c5e-6f70-4182-93a4-b5c6d7e8f901", // ERRORS-001 unknown ARN
		"fake-key-id",                                        // ERRORS-002
		"mrk-fake-key-id",                                    // ERRORS-002
		strings.ToUpper(md.KeyId),                            // ERRORS-002: key IDs are lowercase
		"arn:aws:kms:us-east-1:111122223333:key",             // ERRORS-002 malformed ARN
		"arn:aws:kms:eu-west-1:111122223333:key/" + md.KeyId, // ERRORS-003
		"arn:aws:kms:us-east-1:444455556666:key/" + md.KeyId, // ERRORS-005
		"alias/nothing",
	} {
		t.Run(id, func(t *testing.T) {
			_, err := s.DescribeKey(ctx, c, &DescribeKeyInput{KeyId: id})
			e.wantCode(err, CodeNotFound)
			_, err = s.GetParametersForImport(ctx, c, &GetParametersForImportInput{KeyId: id, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048"})
			e.wantCode(err, CodeNotFound)
			_, err = s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: id})
			e.wantCode(err, CodeNotFound)
			_, err = s.ListKeyRotations(ctx, c, &ListKeyRotationsInput{KeyId: id})
			e.wantCode(err, CodeNotFound)
		})
	}
	t.Run("ERRORS-005 other account", func(t *testing.T) {
		other := Caller{Region: "us-east-1", Account: "444455556666"}
		_, err := s.DeleteImportedKeyMaterial(ctx, other, &DeleteImportedKeyMaterialInput{KeyId: md.Arn})
		e.wantCode(err, CodeNotFound)
		_, err = s.DescribeKey(ctx, other, &DescribeKeyInput{KeyId: md.KeyId})
		e.wantCode(err, CodeNotFound)
	})
	t.Run("ERRORS-009 no secrets in messages", func(t *testing.T) {
		k := e.create("", "", false)
		m := sym()
		in := e.importIn(k.KeyId, m)
		in.EncryptedKeyMaterial[10] ^= 1
		_, err := s.ImportKeyMaterial(ctx, c, in)
		msg := err.Error()
		if strings.Contains(msg, string(in.ImportToken)) || strings.Contains(msg, fmt.Sprintf("%x", m)) {
			t.Fatal("message leaks input")
		}
	})
}

func TestManagementInPendingImport(t *testing.T) {
	e := newEnv(t)
	s, ctx, c := e.s, e.ctx, e.c
	md := e.create("", "", false)
	k2 := e.create("", "", false)
	// STATE-011
	steps := []struct {
		name string
		f    func() error
	}{
		{"CreateAlias", func() error {
			_, err := s.CreateAlias(ctx, c, &CreateAliasInput{AliasName: "alias/pi", TargetKeyId: md.KeyId})
			return err
		}},
		{"DescribeKey by alias", func() error {
			out, err := s.DescribeKey(ctx, c, &DescribeKeyInput{KeyId: "alias/pi"})
			if err == nil && out.KeyMetadata.KeyId != md.KeyId {
				return errors.New("alias resolves to another key")
			}
			return err
		}},
		{"UpdateAlias", func() error {
			_, err := s.UpdateAlias(ctx, c, &UpdateAliasInput{AliasName: "alias/pi", TargetKeyId: k2.KeyId})
			return err
		}},
		{"ListAliases", func() error {
			out, err := s.ListAliases(ctx, c, &ListAliasesInput{KeyId: p(k2.KeyId)})
			if err == nil && (len(out.Aliases) != 1 || out.Aliases[0].AliasName != "alias/pi") {
				return fmt.Errorf("aliases %+v", out.Aliases)
			}
			return err
		}},
		{"DeleteAlias", func() error { _, err := s.DeleteAlias(ctx, c, &DeleteAliasInput{AliasName: "alias/pi"}); return err }},
		{"TagResource", func() error {
			_, err := s.TagResource(ctx, c, &TagResourceInput{KeyId: md.KeyId, Tags: []Tag{{TagKey: "a", TagValue: "1"}, {TagKey: "b", TagValue: "2"}}})
			return err
		}},
		{"UntagResource", func() error {
			_, err := s.UntagResource(ctx, c, &UntagResourceInput{KeyId: md.KeyId, TagKeys: []string{"a"}})
			return err
		}},
		{"ListResourceTags", func() error {
			out, err := s.ListResourceTags(ctx, c, &ListResourceTagsInput{KeyId: md.KeyId})
			if err == nil && !reflect.DeepEqual(out.Tags, []Tag{{TagKey: "b", TagValue: "2"}}) {
				return fmt.Errorf("tags %+v", out.Tags)
			}
			return err
		}},
		{"GetKeyPolicy", func() error { _, err := s.GetKeyPolicy(ctx, c, &GetKeyPolicyInput{KeyId: md.KeyId}); return err }},
		{"PutKeyPolicy", func() error {
			_, err := s.PutKeyPolicy(ctx, c, &PutKeyPolicyInput{KeyId: md.KeyId, Policy: `{"Version":"2012-10-17","Statement":[]}`})
			return err
		}},
		{"ListKeyPolicies", func() error { _, err := s.ListKeyPolicies(ctx, c, &ListKeyPoliciesInput{KeyId: md.KeyId}); return err }},
		{"UpdateKeyDescription", func() error {
			_, err := s.UpdateKeyDescription(ctx, c, &UpdateKeyDescriptionInput{KeyId: md.KeyId, Description: "d"})
			return err
		}},
		{"ListGrants", func() error { _, err := s.ListGrants(ctx, c, &ListGrantsInput{KeyId: md.KeyId}); return err }},
		{"ScheduleKeyDeletion", func() error {
			_, err := s.ScheduleKeyDeletion(ctx, c, &ScheduleKeyDeletionInput{KeyId: k2.KeyId})
			return err
		}},
	}
	for _, st := range steps {
		t.Run("STATE-011 "+st.name, func(t *testing.T) {
			e.must(st.f())
			e.wantState(md.KeyId, statePendingImport)
		})
	}
	if got := e.describe(md.KeyId).Description; got != "d" {
		t.Fatalf("description %q", got)
	}
	t.Run("STATE-012 CreateGrant", func(t *testing.T) {
		_, err := s.CreateGrant(ctx, c, &CreateGrantInput{KeyId: md.KeyId, GranteePrincipal: "arn:aws:iam::111122223333:role/x", Operations: []string{"Encrypt"}})
		e.wantCode(err, CodeKMSInvalidState)
	})
	t.Run("grants on an Enabled key", func(t *testing.T) {
		e.mustImport(md.KeyId, sym())
		g1, err := s.CreateGrant(ctx, c, &CreateGrantInput{KeyId: md.KeyId, GranteePrincipal: "arn:aws:iam::111122223333:role/x", Operations: []string{"Encrypt"}})
		e.must(err)
		g2, err := s.CreateGrant(ctx, c, &CreateGrantInput{KeyId: md.KeyId, GranteePrincipal: "arn:aws:iam::111122223333:role/y", Operations: []string{"Decrypt"}})
		e.must(err)
		_, err = s.RetireGrant(ctx, c, &RetireGrantInput{GrantToken: p(g1.GrantToken)})
		e.must(err)
		_, err = s.RevokeGrant(ctx, c, &RevokeGrantInput{KeyId: md.KeyId, GrantId: g2.GrantId})
		e.must(err)
		out, err := s.ListGrants(ctx, c, &ListGrantsInput{KeyId: md.KeyId})
		e.must(err)
		if len(out.Grants) != 0 {
			t.Fatalf("grants %+v", out.Grants)
		}
		_, err = s.RevokeGrant(ctx, c, &RevokeGrantInput{KeyId: md.KeyId, GrantId: g2.GrantId})
		e.wantCode(err, CodeNotFound)
	})
	t.Run("ListKeys paging", func(t *testing.T) {
		var n int
		var marker *string
		for {
			out, err := s.ListKeys(ctx, c, &ListKeysInput{Limit: p(int32(1)), Marker: marker})
			e.must(err)
			n += len(out.Keys)
			if !out.Truncated {
				break
			}
			marker = p(out.NextMarker)
		}
		if n != 2 {
			t.Fatalf("%d keys", n)
		}
	})
}

// Every operation survives nil and empty inputs without panicking.
func TestNoPanicOnEmptyInput(t *testing.T) {
	e := newEnv(t)
	v := reflect.ValueOf(e.s)
	ctxT := reflect.TypeOf((*context.Context)(nil)).Elem()
	n := 0
	for i := range v.NumMethod() {
		m := v.Type().Method(i)
		mt := m.Type
		if mt.NumIn() != 4 || mt.In(1) != ctxT || mt.In(2) != reflect.TypeOf(Caller{}) || mt.NumOut() != 2 {
			continue
		}
		n++
		for _, arg := range []reflect.Value{reflect.Zero(mt.In(3)), reflect.New(mt.In(3).Elem())} {
			t.Run(m.Name, func(t *testing.T) {
				out := v.Method(i).Call([]reflect.Value{reflect.ValueOf(context.Background()), reflect.ValueOf(e.c), arg})
				if err, _ := out[1].Interface().(error); err != nil && code(err) == "" {
					t.Fatalf("error %v is not a *kms.Error", err)
				}
			})
		}
	}
	if n != 45 {
		t.Fatalf("%d operations found, want 45", n)
	}
}

// Eight clients importing, encrypting and deleting at once (run with -race).
func TestConcurrentClients(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("client %d: %v", g, r)
					}
				}()
				s, ctx, c := e.s, e.ctx, e.c
				for i := range 10 {
					out, err := s.CreateKey(ctx, c, &CreateKeyInput{Origin: p(originExternal)})
					if err != nil {
						return err
					}
					id := out.KeyMetadata.KeyId
					m := sym()
					pr, err := s.GetParametersForImport(ctx, c, &GetParametersForImportInput{KeyId: id, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048"})
					if err != nil {
						return err
					}
					blob := wrapFor(pr.PublicKey, m)
					if _, err := s.ImportKeyMaterial(ctx, c, &ImportKeyMaterialInput{KeyId: id, ImportToken: pr.ImportToken, EncryptedKeyMaterial: blob, ExpirationModel: p(modelDoesNotExpire)}); err != nil {
						return err
					}
					enc, err := s.Encrypt(ctx, c, &EncryptInput{KeyId: id, Plaintext: []byte("x")})
					if err != nil {
						return err
					}
					if _, err := s.Decrypt(ctx, c, &DecryptInput{CiphertextBlob: enc.CiphertextBlob}); err != nil {
						return err
					}
					if i%2 == 0 {
						if _, err := s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: id}); err != nil {
							return err
						}
						if _, err := s.Decrypt(ctx, c, &DecryptInput{CiphertextBlob: enc.CiphertextBlob}); code(err) != CodeKMSInvalidState {
							return fmt.Errorf("decrypt after delete: %v", err)
						}
					}
					if _, err := s.ListKeys(ctx, c, &ListKeysInput{}); err != nil {
						return err
					}
				}
				return nil
			}()
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestHooks(t *testing.T) {
	e := newEnv(t)
	h := e.s.Hooks()
	now, err := h.Advance(time.Hour)
	e.must(err)
	if !now.Equal(t0.Add(time.Hour)) || !h.Now().Equal(now) {
		t.Fatalf("now %v", now)
	}
	_, err = h.Advance(-time.Second)
	e.wantCode(err, CodeValidation)
	e.wantCode(h.Hold("us-east-1", "1d3b4c5e-6f70-4182-93a4-b5c6d7e8f901", stateUpdating), CodeNotFound)
	md := e.create("", "", false)
	e.wantCode(h.Hold("us-east-1", md.KeyId, "Enabled"), CodeValidation)
	e.must(h.Hold("us-east-1", md.Arn, stateUpdating))
	e.wantState(md.KeyId, stateUpdating)
	s, err := New(Options{keygen: testKeygen})
	e.must(err)
	defer s.Close()
	_, err = s.Hooks().Advance(time.Hour)
	e.wantCode(err, CodeValidation)
}
