package kms

import (
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// snapshot is what IMPORT-005 says a failed import must leave unchanged.
type snapshot struct {
	md   KeyMetadata
	rots []RotationsListEntry
}

func (e *env) snap(id string) snapshot {
	e.t.Helper()
	return snapshot{md: *e.describe(id), rots: e.rotations(id, true)}
}

func TestImportFailureChangesNothing(t *testing.T) {
	e := newEnv(t)
	mA := sym()
	other := e.create("", "", false)
	awsKey, err := e.s.CreateKey(e.ctx, e.c, &CreateKeyInput{})
	e.must(err)
	type tc struct {
		name string
		want string
		// req builds the failing request for key id (which holds mA, Enabled, a pending material B).
		req func(e *env, id string) *ImportKeyMaterialInput
	}
	cases := []tc{
		{"ERRORS-001 unknown key", CodeNotFound, func(e *env, id string) *ImportKeyMaterialInput {
			in := e.importIn(id, mA)
			in.KeyId = "0b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
			return in
		}},
		{"ERRORS-004 alias", CodeNotFound, func(e *env, id string) *ImportKeyMaterialInput {
			in := e.importIn(id, mA)
			in.KeyId = "alias/imp"
			return in
		}},
		{"IMPORT-006 AWS_KMS key", CodeUnsupportedOperation, func(e *env, id string) *ImportKeyMaterialInput {
			in := e.importIn(id, mA)
			in.KeyId = awsKey.KeyMetadata.KeyId
			return in
		}},
		{"IMPORT-004 token of another key", CodeInvalidImportToken, func(e *env, id string) *ImportKeyMaterialInput {
			in := e.importIn(other.KeyId, mA)
			in.KeyId = id
			return in
		}},
		{"TOKEN-003 flipped token", CodeInvalidImportToken, func(e *env, id string) *ImportKeyMaterialInput {
			in := e.importIn(id, mA)
			in.ImportToken[len(in.ImportToken)/2] ^= 1
			return in
		}},
		{"TOKEN-003 random token", CodeInvalidImportToken, func(e *env, id string) *ImportKeyMaterialInput {
			in := e.importIn(id, mA)
			in.ImportToken = randBytes(64)
			return in
		}},
		{"EXPIRY-001 no ValidTo", CodeValidation, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, mA, func(in *ImportKeyMaterialInput) { in.ExpirationModel = nil })
		}},
		{"EXPIRY-002 ValidTo with DOES_NOT_EXPIRE", CodeValidation, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, mA, func(in *ImportKeyMaterialInput) { in.ValidTo = NewTime(e.clk.Now().Add(time.Hour)) })
		}},
		{"EXPIRY-003 ValidTo in the past", CodeValidation, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, mA, expiresAt(e.clk.Now().Add(-time.Hour)))
		}},
		{"EXPIRY-004 ValidTo 366 days ahead", CodeValidation, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, mA, expiresAt(e.clk.Now().Add(366*24*time.Hour)))
		}},
		{"ROTATE-007 KeyMaterialId with NEW", CodeValidation, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, sym(), importType(importNew), func(in *ImportKeyMaterialInput) { in.KeyMaterialId = p(e.describe(id).CurrentKeyMaterialId) })
		}},
		{"WRAP-004 random blob", CodeInvalidCiphertext, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, mA, func(in *ImportKeyMaterialInput) { in.EncryptedKeyMaterial = randBytes(256) })
		}},
		{"WRAP-004 short blob", CodeInvalidCiphertext, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, mA, func(in *ImportKeyMaterialInput) { in.EncryptedKeyMaterial = in.EncryptedKeyMaterial[1:] })
		}},
		{"WRAP-005 other algorithm", CodeInvalidCiphertext, func(e *env, id string) *ImportKeyMaterialInput {
			pr := e.params(id, "RSAES_OAEP_SHA_256", "RSA_2048")
			return &ImportKeyMaterialInput{KeyId: id, ImportToken: pr.ImportToken, EncryptedKeyMaterial: e.wrap(pr.PublicKey, "RSAES_OAEP_SHA_1", mA), ExpirationModel: p(modelDoesNotExpire)}
		}},
		{"WRAP-006 other public key", CodeInvalidCiphertext, func(e *env, id string) *ImportKeyMaterialInput {
			p1 := e.params(id, "RSAES_OAEP_SHA_256", "RSA_2048")
			p2 := e.params(id, "RSAES_OAEP_SHA_256", "RSA_3072")
			return &ImportKeyMaterialInput{KeyId: id, ImportToken: p1.ImportToken, EncryptedKeyMaterial: e.wrap(p2.PublicKey, "RSAES_OAEP_SHA_256", mA), ExpirationModel: p(modelDoesNotExpire)}
		}},
		{"MATERIAL-001 31 bytes", CodeIncorrectKeyMaterial, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, randBytes(31))
		}},
		{"REIMPORT-003 different material", CodeIncorrectKeyMaterial, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, sym())
		}},
		{"ROTATE-006 NEW with associated material", CodeIncorrectKeyMaterial, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, mA, importType(importNew))
		}},
		{"ROTATE-005 second pending material", CodeKMSInvalidState, func(e *env, id string) *ImportKeyMaterialInput {
			return e.importIn(id, sym(), importType(importNew))
		}},
		{"ROTATE-008 KeyMaterialId of other material", CodeIncorrectKeyMaterial, func(e *env, id string) *ImportKeyMaterialInput {
			pending := e.rotations(id, true)[1].KeyMaterialId
			return e.importIn(id, mA, importType(importExisting), func(in *ImportKeyMaterialInput) { in.KeyMaterialId = p(pending) })
		}},
		{"TOKEN-001 expired token", CodeExpiredImportToken, func(e *env, id string) *ImportKeyMaterialInput {
			in := e.importIn(id, mA)
			e.clk.Advance(24*time.Hour + time.Second)
			return in
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md := e.create("", "", false)
			_, err := e.s.CreateAlias(e.ctx, e.c, &CreateAliasInput{AliasName: "alias/imp", TargetKeyId: md.KeyId})
			if err != nil {
				_, err = e.s.UpdateAlias(e.ctx, e.c, &UpdateAliasInput{AliasName: "alias/imp", TargetKeyId: md.KeyId})
			}
			e.must(err)
			e.mustImport(md.KeyId, mA)
			e.mustImport(md.KeyId, sym(), importType(importNew))
			ct := e.encrypt(md.KeyId, "hello")
			in := c.req(e, md.KeyId)
			before := e.snap(md.KeyId)
			_, err = e.s.ImportKeyMaterial(e.ctx, e.c, in)
			e.wantCode(err, c.want)
			if after := e.snap(md.KeyId); !reflect.DeepEqual(before, after) {
				t.Fatalf("IMPORT-005: key changed\nbefore %+v\nafter  %+v", before, after)
			}
			out, err := e.decrypt(ct)
			e.must(err)
			if string(out.Plaintext) != "hello" {
				t.Fatal("old ciphertext no longer decrypts")
			}
		})
	}
}

func TestImportStatesAndTokens(t *testing.T) {
	e := newEnv(t)
	t.Run("IMPORT-001 IMPORT-002 EXPIRY-006", func(t *testing.T) {
		md := e.create("", "", false)
		out := e.mustImport(md.KeyId, sym())
		if out.KeyId != md.Arn || !backingIDRE.MatchString(out.KeyMaterialId) {
			t.Fatalf("response %+v", out)
		}
		got := e.describe(md.KeyId)
		if got.KeyState != stateEnabled || !got.Enabled || got.ExpirationModel != modelDoesNotExpire || got.ValidTo != nil || got.CurrentKeyMaterialId != out.KeyMaterialId {
			t.Fatalf("metadata %+v", got)
		}
	})
	t.Run("EXPIRY-005 ValidTo reported", func(t *testing.T) {
		md := e.create("", "", false)
		vt := e.clk.Now().Add(48 * time.Hour).Truncate(time.Millisecond)
		e.mustImport(md.KeyId, sym(), expiresAt(vt))
		got := e.describe(md.KeyId)
		if got.ExpirationModel != modelExpires || got.ValidTo == nil || !got.ValidTo.Equal(vt) {
			t.Fatalf("metadata %+v", got)
		}
	})
	t.Run("EXPIRY-003 EXPIRY-004 bounds", func(t *testing.T) {
		md := e.create("", "", false)
		e.mustImport(md.KeyId, sym(), expiresAt(e.clk.Now().Add(364*24*time.Hour)))
		md2 := e.create("", "", false)
		e.mustImport(md2.KeyId, sym(), expiresAt(e.clk.Now().Add(time.Minute)))
	})
	t.Run("TOKEN-002 just before expiry", func(t *testing.T) {
		md := e.create("", "", false)
		in := e.importIn(md.KeyId, sym())
		e.clk.Advance(24*time.Hour - time.Second)
		_, err := e.s.ImportKeyMaterial(e.ctx, e.c, in)
		e.must(err)
	})
	t.Run("TOKEN-004 expired token of another key", func(t *testing.T) {
		a, b := e.create("", "", false), e.create("", "", false)
		in := e.importIn(a.KeyId, sym())
		in.KeyId = b.KeyId
		e.clk.Advance(25 * time.Hour)
		_, err := e.s.ImportKeyMaterial(e.ctx, e.c, in)
		e.wantCode(err, CodeInvalidImportToken)
	})
	t.Run("TOKEN-005 TOKEN-006 PARAMS-005 reuse", func(t *testing.T) {
		md := e.create("", "", false)
		m := sym()
		older := e.importIn(md.KeyId, m)
		in := e.importIn(md.KeyId, m, func(in *ImportKeyMaterialInput) { in.ExpirationModel = nil })
		_, err := e.s.ImportKeyMaterial(e.ctx, e.c, in)
		e.wantCode(err, CodeValidation)
		in.ExpirationModel = p(modelDoesNotExpire)
		_, err = e.s.ImportKeyMaterial(e.ctx, e.c, in)
		e.must(err)
		_, err = e.s.ImportKeyMaterial(e.ctx, e.c, in)
		e.must(err)
		_, err = e.s.ImportKeyMaterial(e.ctx, e.c, older)
		e.must(err)
	})
	t.Run("STATE-009 PendingDeletion", func(t *testing.T) {
		md := e.create("", "", false)
		in := e.importIn(md.KeyId, sym())
		_, err := e.s.ScheduleKeyDeletion(e.ctx, e.c, &ScheduleKeyDeletionInput{KeyId: md.KeyId})
		e.must(err)
		_, err = e.s.ImportKeyMaterial(e.ctx, e.c, in)
		e.wantCode(err, CodeKMSInvalidState)
		if st := e.state(md.KeyId); st != statePendingDeletion {
			t.Fatalf("state %s", st)
		}
	})
	t.Run("ERRORS-011 key state before token", func(t *testing.T) {
		md := e.create("", "", false)
		_, err := e.s.ScheduleKeyDeletion(e.ctx, e.c, &ScheduleKeyDeletionInput{KeyId: md.KeyId})
		e.must(err)
		_, err = e.s.ImportKeyMaterial(e.ctx, e.c, &ImportKeyMaterialInput{KeyId: md.KeyId, ImportToken: []byte("x"), EncryptedKeyMaterial: []byte("y")})
		e.wantCode(err, CodeKMSInvalidState)
	})
	t.Run("ERRORS-011 token before ValidTo rules", func(t *testing.T) {
		md := e.create("", "", false)
		_, err := e.s.ImportKeyMaterial(e.ctx, e.c, &ImportKeyMaterialInput{KeyId: md.KeyId, ImportToken: []byte("x"), EncryptedKeyMaterial: []byte("y")})
		e.wantCode(err, CodeInvalidImportToken)
	})
	t.Run("ERRORS-011 ValidTo rules before unwrap", func(t *testing.T) {
		md := e.create("", "", false)
		in := e.importIn(md.KeyId, sym(), func(in *ImportKeyMaterialInput) { in.ExpirationModel = nil; in.EncryptedKeyMaterial = []byte("junk") })
		_, err := e.s.ImportKeyMaterial(e.ctx, e.c, in)
		e.wantCode(err, CodeValidation)
	})
	t.Run("pool retirement keeps old tokens working", func(t *testing.T) {
		e := newEnv(t, func(o *Options) { o.WrappingKeyUses = 1 })
		md := e.create("", "", false)
		m := sym()
		first := e.importIn(md.KeyId, m)
		for range 3 {
			e.params(md.KeyId, "RSAES_OAEP_SHA_256", "RSA_2048")
		}
		_, err := e.s.ImportKeyMaterial(e.ctx, e.c, first)
		e.must(err)
		e.clk.Advance(25 * time.Hour)
		e.params(md.KeyId, "RSAES_OAEP_SHA_256", "RSA_2048") // prunes retired pairs
		_, err = e.s.ImportKeyMaterial(e.ctx, e.c, first)
		e.wantCode(err, CodeExpiredImportToken)
	})
	t.Run("WRAP-009 WRAP-011 algorithms and specs", func(t *testing.T) {
		md := e.create("", "", false)
		m := sym()
		var id string
		for _, alg := range []wrapping.Algorithm{wrapping.OAEPSHA1, wrapping.OAEPSHA256, wrapping.RSAAESKeyWrapSHA1, wrapping.RSAAESKeyWrapSHA256} {
			for _, spec := range []string{"RSA_2048", "RSA_3072"} {
				pr := e.params(md.KeyId, string(alg), spec)
				out, err := e.s.ImportKeyMaterial(e.ctx, e.c, &ImportKeyMaterialInput{KeyId: md.KeyId, ImportToken: pr.ImportToken, EncryptedKeyMaterial: e.wrap(pr.PublicKey, string(alg), m), ExpirationModel: p(modelDoesNotExpire)})
				e.must(err)
				if id != "" && out.KeyMaterialId != id {
					t.Fatal("REIMPORT-008: KeyMaterialId changed")
				}
				id = out.KeyMaterialId
			}
		}
	})
	t.Run("RSA_4096 wrapping spec on demand", func(t *testing.T) {
		if testing.Short() {
			t.Skip("RSA_4096 key generation is slow")
		}
		e := newEnv(t, func(o *Options) { o.keygen = nil }) // real generation, in the background
		md := e.create("", "", false)
		pr := e.params(md.KeyId, "RSAES_OAEP_SHA_1", "RSA_4096")
		_, err := e.s.ImportKeyMaterial(e.ctx, e.c, &ImportKeyMaterialInput{KeyId: md.KeyId, ImportToken: pr.ImportToken, EncryptedKeyMaterial: e.wrap(pr.PublicKey, "RSAES_OAEP_SHA_1", sym()), ExpirationModel: p(modelDoesNotExpire)})
		e.must(err)
	})
}

var backingIDRE = regexp.MustCompile(`^[a-f0-9]{64}$`)
