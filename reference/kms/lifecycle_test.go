package kms

import (
	"testing"
	"time"
)

func (e *env) call(name string, err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatalf("%s: %v", name, err)
	}
}

func (e *env) wantState(id, want string) {
	e.t.Helper()
	md := e.describe(id)
	if md.KeyState != want || md.Enabled != (want == stateEnabled) { // STATE-001
		e.t.Fatalf("KeyState %s Enabled %v, want %s", md.KeyState, md.Enabled, want)
	}
	if md.Origin != originExternal { // CREATE-010
		e.t.Fatalf("Origin %s", md.Origin)
	}
}

func (e *env) decryptsTo(ct []byte, want string) {
	e.t.Helper()
	out, err := e.decrypt(ct)
	e.must(err)
	if string(out.Plaintext) != want {
		e.t.Fatalf("plaintext %q", out.Plaintext)
	}
}

func TestReimportDeleteExpiry(t *testing.T) {
	e := newEnv(t)
	s, ctx, c := e.s, e.ctx, e.c
	t.Run("REIMPORT-001 USE-003 DELETE-001 DELETE-006 DELETE-007 DELETE-008", func(t *testing.T) {
		md := e.create("", "", false)
		_, err := s.TagResource(ctx, c, &TagResourceInput{KeyId: md.KeyId, Tags: []Tag{{TagKey: "k", TagValue: "v"}}})
		e.must(err)
		m := sym()
		id := e.mustImport(md.KeyId, m, expiresAt(e.clk.Now().Add(time.Hour))).KeyMaterialId
		ct := e.encrypt(md.KeyId, "secret")
		del, err := s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId})
		e.must(err)
		if del.KeyId != md.Arn || del.KeyMaterialId != id {
			t.Fatalf("delete response %+v", del)
		}
		e.wantState(md.KeyId, statePendingImport)
		got := e.describe(md.KeyId)
		if got.ValidTo != nil || got.ExpirationModel != "" || got.CurrentKeyMaterialId != id || got.KeySpec != specSymmetric {
			t.Fatalf("after delete %+v", got)
		}
		_, err = e.decrypt(ct)
		e.wantCode(err, CodeKMSInvalidState) // USE-005
		_, err = s.EnableKey(ctx, c, &EnableKeyInput{KeyId: md.KeyId})
		e.wantCode(err, CodeKMSInvalidState) // STATE-002
		_, err = e.imp(md.KeyId, sym())
		e.wantCode(err, CodeIncorrectKeyMaterial) // REIMPORT-003 while PendingImport
		if again := e.mustImport(md.KeyId, m, func(in *ImportKeyMaterialInput) {}); again.KeyMaterialId != id {
			t.Fatal("REIMPORT-008: KeyMaterialId changed")
		}
		e.wantState(md.KeyId, stateEnabled)
		e.decryptsTo(ct, "secret")
		tags, err := s.ListResourceTags(ctx, c, &ListResourceTagsInput{KeyId: md.KeyId})
		e.must(err)
		if len(tags.Tags) != 1 {
			t.Fatalf("tags %+v", tags.Tags)
		}
	})
	t.Run("DELETE-004 no material", func(t *testing.T) {
		md := e.create("", "", false)
		out, err := s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId})
		e.must(err)
		if out.KeyMaterialId != "" {
			t.Fatalf("KeyMaterialId %q", out.KeyMaterialId)
		}
		e.wantState(md.KeyId, statePendingImport)
	})
	t.Run("DELETE-002 DELETE-005 REIMPORT-007", func(t *testing.T) {
		md := e.create("", "", false)
		m := sym()
		e.mustImport(md.KeyId, m)
		e.call("DisableKey", func() error { _, err := s.DisableKey(ctx, c, &DisableKeyInput{KeyId: md.KeyId}); return err }())
		e.mustImport(md.KeyId, m, expiresAt(e.clk.Now().Add(time.Hour)))
		e.wantState(md.KeyId, stateDisabled) // REIMPORT-007
		if e.describe(md.KeyId).ExpirationModel != modelExpires {
			t.Fatal("new expiration settings not applied")
		}
		_, err := s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId})
		e.must(err)
		e.wantState(md.KeyId, statePendingImport)
		aws, err := s.CreateKey(ctx, c, &CreateKeyInput{})
		e.must(err)
		_, err = s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: aws.KeyMetadata.KeyId})
		e.wantCode(err, CodeUnsupportedOperation)
	})
	t.Run("DELETE-003 STATE-007 pending deletion", func(t *testing.T) {
		md := e.create("", "", false)
		e.mustImport(md.KeyId, sym())
		sk, err := s.ScheduleKeyDeletion(ctx, c, &ScheduleKeyDeletionInput{KeyId: md.KeyId, PendingWindowInDays: p(int32(7))})
		e.must(err)
		_, err = s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId})
		e.must(err)
		got := e.describe(md.KeyId)
		if got.KeyState != statePendingDeletion || !got.DeletionDate.Equal(sk.DeletionDate.Time) {
			t.Fatalf("after delete %+v", got)
		}
		_, err = s.CancelKeyDeletion(ctx, c, &CancelKeyDeletionInput{KeyId: md.KeyId})
		e.must(err)
		e.wantState(md.KeyId, statePendingImport)
	})
	t.Run("REIMPORT-005 REIMPORT-006 EXPIRY-011", func(t *testing.T) {
		md := e.create("", "", false)
		m := sym()
		e.mustImport(md.KeyId, m, expiresAt(e.clk.Now().Add(24*time.Hour)))
		ct := e.encrypt(md.KeyId, "x")
		e.mustImport(md.KeyId, m)
		got := e.describe(md.KeyId)
		if got.KeyState != stateEnabled || got.ExpirationModel != modelDoesNotExpire || got.ValidTo != nil {
			t.Fatalf("after reimport %+v", got)
		}
		e.clk.Advance(48 * time.Hour)
		e.wantState(md.KeyId, stateEnabled)
		t2 := e.clk.Now().Add(time.Hour).Truncate(time.Second)
		e.mustImport(md.KeyId, m, expiresAt(t2))
		if got := e.describe(md.KeyId); !got.ValidTo.Equal(t2) {
			t.Fatalf("ValidTo %v", got.ValidTo)
		}
		e.decryptsTo(ct, "x")
	})
	t.Run("EXPIRY-007 EXPIRY-008 USE-004 REIMPORT-002", func(t *testing.T) {
		md := e.create("", "", false)
		_, err := s.CreateAlias(ctx, c, &CreateAliasInput{AliasName: "alias/expiring", TargetKeyId: md.KeyId})
		e.must(err)
		m := sym()
		vt := e.clk.Now().Add(time.Hour)
		e.mustImport(md.KeyId, m, expiresAt(vt))
		ct := e.encrypt(md.KeyId, "x")
		e.clk.Advance(time.Hour - time.Second)
		e.encrypt(md.KeyId, "still fine")
		e.clk.Advance(2 * time.Second)
		e.wantState(md.KeyId, statePendingImport)
		got := e.describe("alias/expiring") // EXPIRY-008: aliases survive
		if got.ValidTo != nil || got.ExpirationModel != "" || got.KeyId != md.KeyId || got.Description != md.Description {
			t.Fatalf("after expiry %+v", got)
		}
		_, err = e.decrypt(ct)
		e.wantCode(err, CodeKMSInvalidState)
		_, err = s.Encrypt(ctx, c, &EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")})
		e.wantCode(err, CodeKMSInvalidState)
		e.mustImport(md.KeyId, m)
		e.decryptsTo(ct, "x")
	})
	t.Run("EXPIRY-009 disabled key expires", func(t *testing.T) {
		md := e.create("", "", false)
		e.mustImport(md.KeyId, sym(), expiresAt(e.clk.Now().Add(time.Hour)))
		_, err := s.DisableKey(ctx, c, &DisableKeyInput{KeyId: md.KeyId})
		e.must(err)
		e.clk.Advance(2 * time.Hour)
		e.wantState(md.KeyId, statePendingImport)
		_, err = s.EnableKey(ctx, c, &EnableKeyInput{KeyId: md.KeyId})
		e.wantCode(err, CodeKMSInvalidState)
	})
	t.Run("EXPIRY-010 expiry during PendingDeletion", func(t *testing.T) {
		md := e.create("", "", false)
		e.mustImport(md.KeyId, sym(), expiresAt(e.clk.Now().Add(time.Hour)))
		sk, err := s.ScheduleKeyDeletion(ctx, c, &ScheduleKeyDeletionInput{KeyId: md.KeyId, PendingWindowInDays: p(int32(7))})
		e.must(err)
		e.clk.Advance(2 * time.Hour)
		got := e.describe(md.KeyId)
		if got.KeyState != statePendingDeletion || !got.DeletionDate.Equal(sk.DeletionDate.Time) {
			t.Fatalf("%+v", got)
		}
		_, err = s.CancelKeyDeletion(ctx, c, &CancelKeyDeletionInput{KeyId: md.KeyId})
		e.must(err)
		e.wantState(md.KeyId, statePendingImport)
	})
	t.Run("REIMPORT-004 asymmetric and HMAC keep their first material", func(t *testing.T) {
		h := e.create("HMAC_256", usageMAC, false)
		first := randBytes(32)
		e.mustImport(h.KeyId, first)
		_, err := e.imp(h.KeyId, randBytes(32))
		e.wantCode(err, CodeIncorrectKeyMaterial)
		_, err = s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: h.KeyId})
		e.must(err)
		_, err = e.imp(h.KeyId, randBytes(32))
		e.wantCode(err, CodeIncorrectKeyMaterial)
		e.mustImport(h.KeyId, first)
		e.wantState(h.KeyId, stateEnabled)
		_, der := ecKeyP256(t)
		ek := e.create("ECC_NIST_P256", usageSign, false)
		e.mustImport(ek.KeyId, der)
		_, der2 := ecKeyP256(t)
		_, err = e.imp(ek.KeyId, der2)
		e.wantCode(err, CodeIncorrectKeyMaterial)
		_, err = e.imp(ek.KeyId, der, importType(importNew)) // ROTATE-023
		e.wantCode(err, CodeUnsupportedOperation)
	})
}

func TestKeyStates(t *testing.T) {
	e := newEnv(t)
	s, ctx, c := e.s, e.ctx, e.c
	enable := func(id string) error { _, err := s.EnableKey(ctx, c, &EnableKeyInput{KeyId: id}); return err }
	disable := func(id string) error { _, err := s.DisableKey(ctx, c, &DisableKeyInput{KeyId: id}); return err }
	schedule := func(id string) error {
		_, err := s.ScheduleKeyDeletion(ctx, c, &ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: p(int32(7))})
		return err
	}
	cancel := func(id string) error {
		_, err := s.CancelKeyDeletion(ctx, c, &CancelKeyDeletionInput{KeyId: id})
		return err
	}
	// The STATE transition table: from each state, each call's result.
	setup := map[string]func(id string){
		statePendingImport: func(string) {},
		stateEnabled:       func(id string) { e.mustImport(id, sym()) },
		stateDisabled:      func(id string) { e.mustImport(id, sym()); e.must(disable(id)) },
		statePendingDeletion: func(id string) {
			e.mustImport(id, sym())
			e.must(schedule(id))
		},
	}
	calls := []struct {
		name string
		f    func(string) error
		want map[string]string // from-state -> resulting state or error code
	}{
		{"EnableKey", enable, map[string]string{statePendingImport: CodeKMSInvalidState, stateEnabled: stateEnabled, stateDisabled: stateEnabled, statePendingDeletion: CodeKMSInvalidState}},
		{"DisableKey", disable, map[string]string{statePendingImport: CodeKMSInvalidState, stateEnabled: stateDisabled, stateDisabled: stateDisabled, statePendingDeletion: CodeKMSInvalidState}},
		{"ScheduleKeyDeletion", schedule, map[string]string{statePendingImport: statePendingDeletion, stateEnabled: statePendingDeletion, stateDisabled: statePendingDeletion, statePendingDeletion: CodeKMSInvalidState}},
		{"CancelKeyDeletion", cancel, map[string]string{statePendingImport: CodeKMSInvalidState, stateEnabled: CodeKMSInvalidState, stateDisabled: CodeKMSInvalidState, statePendingDeletion: stateDisabled}},
	}
	for _, call := range calls {
		for from, want := range call.want {
			t.Run("STATE "+call.name+" from "+from, func(t *testing.T) {
				md := e.create("", "", false)
				setup[from](md.KeyId)
				err := call.f(md.KeyId)
				if len(want) > 9 && want[len(want)-9:] == "Exception" {
					e.wantCode(err, want)
					e.wantState(md.KeyId, from)
					return
				}
				e.must(err)
				e.wantState(md.KeyId, want)
			})
		}
	}
	t.Run("STATE-005 STATE-014 deletion window", func(t *testing.T) {
		md := e.create("", "", false)
		for _, d := range []int32{6, 31} {
			_, err := s.ScheduleKeyDeletion(ctx, c, &ScheduleKeyDeletionInput{KeyId: md.KeyId, PendingWindowInDays: p(d)})
			e.wantCode(err, CodeValidation)
		}
		out, err := s.ScheduleKeyDeletion(ctx, c, &ScheduleKeyDeletionInput{KeyId: md.KeyId})
		e.must(err)
		if out.KeyState != statePendingDeletion || out.PendingWindowInDays != 30 || !out.DeletionDate.Equal(e.clk.Now().AddDate(0, 0, 30)) {
			t.Fatalf("%+v", out)
		}
		got := e.describe(md.KeyId)
		if got.PendingDeletionWindowInDays == nil || *got.PendingDeletionWindowInDays != 30 {
			t.Fatalf("%+v", got)
		}
		e.clk.Advance(30*24*time.Hour - time.Second)
		e.wantState(md.KeyId, statePendingDeletion)
		e.clk.Advance(time.Second)
		_, err = s.DescribeKey(ctx, c, &DescribeKeyInput{KeyId: md.KeyId})
		e.wantCode(err, CodeNotFound)
	})
	t.Run("STATE-004 STATE-006 disable, cancel keep material", func(t *testing.T) {
		md := e.create("", "", false)
		e.mustImport(md.KeyId, sym())
		ct := e.encrypt(md.KeyId, "x")
		e.must(disable(md.KeyId))
		_, err := s.Encrypt(ctx, c, &EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")})
		e.wantCode(err, CodeDisabled) // USE-006
		_, err = e.decrypt(ct)
		e.wantCode(err, CodeDisabled)
		e.must(enable(md.KeyId))
		e.decryptsTo(ct, "x")
		e.must(schedule(md.KeyId))
		_, err = e.decrypt(ct)
		e.wantCode(err, CodeKMSInvalidState) // USE-007
		e.must(cancel(md.KeyId))
		e.wantState(md.KeyId, stateDisabled)
		e.must(enable(md.KeyId))
		e.decryptsTo(ct, "x")
	})
	t.Run("STATE-010 no DisabledException from import operations", func(t *testing.T) {
		md := e.create("", "", false)
		m := sym()
		e.mustImport(md.KeyId, m)
		e.must(disable(md.KeyId))
		e.mustImport(md.KeyId, m)
		_, err := s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId})
		e.must(err)
	})
}

func ecKeyP256(t *testing.T) (any, []byte) {
	k, der := ecKey(t, p256())
	return k, der
}
