package kms

import (
	"testing"
	"time"
)

func TestRotation(t *testing.T) {
	e := newEnv(t)
	s, ctx, c := e.s, e.ctx, e.c
	rotate := func(id string) error {
		_, err := s.RotateKeyOnDemand(ctx, c, &RotateKeyOnDemandInput{KeyId: id})
		return err
	}
	t.Run("ROTATE-001 ROTATE-004 ROTATE-010 ROTATE-018 ROTATE-024", func(t *testing.T) {
		md := e.create("", "", false)
		a := e.mustImport(md.KeyId, sym(), func(in *ImportKeyMaterialInput) { in.KeyMaterialDescription = p("first") }).KeyMaterialId
		if r := e.rotations(md.KeyId, false); len(r) != 0 {
			t.Fatalf("default list %+v", r)
		}
		all := e.rotations(md.KeyId, true)
		if len(all) != 1 || all[0].KeyMaterialState != matCurrent || all[0].ImportState != importStateImported || all[0].RotationDate != nil || all[0].KeyMaterialDescription != "first" {
			t.Fatalf("all %+v", all)
		}
		ctA := e.encrypt(md.KeyId, "a")
		b := e.mustImport(md.KeyId, sym(), importType(importNew)).KeyMaterialId
		if b == a || e.describe(md.KeyId).CurrentKeyMaterialId != a {
			t.Fatal("ROTATE-004: NEW material became current")
		}
		if out, _ := e.decrypt(e.encrypt(md.KeyId, "still a")); out.KeyMaterialId != a {
			t.Fatal("ROTATE-004: Encrypt did not use the current material")
		}
		all = e.rotations(md.KeyId, true)
		if len(all) != 2 || all[1].KeyMaterialState != matPendingRotation || len(e.rotations(md.KeyId, false)) != 0 {
			t.Fatalf("all %+v", all)
		}
		e.must(rotate(md.KeyId))
		if e.describe(md.KeyId).CurrentKeyMaterialId != b {
			t.Fatal("ROTATE-010: not current after rotation")
		}
		def := e.rotations(md.KeyId, false)
		if len(def) != 1 || def[0].KeyMaterialId != b || def[0].RotationType != rotationOnDemand || def[0].RotationDate == nil {
			t.Fatalf("rotations %+v", def)
		}
		ctB := e.encrypt(md.KeyId, "b")
		if out, _ := e.decrypt(ctB); out.KeyMaterialId != b {
			t.Fatal("new ciphertexts use the old material")
		}
		if out, _ := e.decrypt(ctA); out.KeyMaterialId != a || string(out.Plaintext) != "a" {
			t.Fatal("old ciphertexts do not decrypt")
		}
		gdk, err := s.GenerateDataKey(ctx, c, &GenerateDataKeyInput{KeyId: md.KeyId, KeySpec: p("AES_256")})
		e.must(err)
		if gdk.KeyMaterialId != b || len(gdk.Plaintext) != 32 {
			t.Fatalf("GenerateDataKey %+v", gdk.KeyMaterialId)
		}
		re, err := s.ReEncrypt(ctx, c, &ReEncryptInput{CiphertextBlob: ctA, DestinationKeyId: md.KeyId})
		e.must(err)
		if re.SourceKeyMaterialId != a || re.DestinationKeyMaterialId != b {
			t.Fatalf("ReEncrypt %+v", re)
		}
		// DELETE-009 DELETE-010 ROTATE-026
		_, err = s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId, KeyMaterialId: p(a)})
		e.must(err)
		e.wantState(md.KeyId, statePendingImport)
		for _, r := range e.rotations(md.KeyId, true) {
			want := importStateImported
			if r.KeyMaterialId == a {
				want = importStatePending
			}
			if r.ImportState != want {
				t.Fatalf("entry %+v", r)
			}
		}
		_, err = e.imp(md.KeyId, sym(), importType(importNew))
		e.must(err) // pending material may be added while PendingImport
		_, err = s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId, KeyMaterialId: p(e.rotations(md.KeyId, true)[2].KeyMaterialId)})
		e.must(err)
		_ = ctA
	})
	t.Run("ROTATE-026 reimport missing NON_CURRENT", func(t *testing.T) {
		md := e.create("", "", false)
		mA := sym()
		a := e.mustImport(md.KeyId, mA).KeyMaterialId
		e.mustImport(md.KeyId, sym(), importType(importNew))
		e.must(rotate(md.KeyId))
		ctB := e.encrypt(md.KeyId, "b")
		_, err := s.DeleteImportedKeyMaterial(ctx, c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId, KeyMaterialId: p(a)})
		e.must(err)
		_, err = e.decrypt(ctB)
		e.wantCode(err, CodeKMSInvalidState) // DELETE-010
		_, err = e.imp(md.KeyId, mA, importType(importNew))
		e.wantCode(err, CodeIncorrectKeyMaterial) // ROTATE-006 for NON_CURRENT
		e.mustImport(md.KeyId, mA, importType(importExisting), func(in *ImportKeyMaterialInput) { in.KeyMaterialId = p(a) })
		e.wantState(md.KeyId, stateEnabled)
		e.decryptsTo(ctB, "b")
	})
	t.Run("ROTATE-009 EXISTING on a new key", func(t *testing.T) {
		md := e.create("", "", false)
		_, err := e.imp(md.KeyId, sym(), importType(importExisting))
		e.wantCode(err, CodeIncorrectKeyMaterial)
	})
	t.Run("ROTATE-003 IDs", func(t *testing.T) {
		m := sym()
		k1, k2 := e.create("", "", false), e.create("", "", false)
		id1 := e.mustImport(k1.KeyId, m).KeyMaterialId
		id2 := e.mustImport(k2.KeyId, m).KeyMaterialId
		if id1 == id2 {
			t.Fatal("same material in two keys has one ID")
		}
	})
	t.Run("ROTATE-011 ROTATE-012 ROTATE-013 ROTATE-014", func(t *testing.T) {
		md := e.create("", "", false)
		e.wantCode(rotate(md.KeyId), CodeKMSInvalidState) // ROTATE-012
		e.mustImport(md.KeyId, sym())
		e.wantCode(rotate(md.KeyId), CodeKMSInvalidState) // ROTATE-011
		_, err := s.DisableKey(ctx, c, &DisableKeyInput{KeyId: md.KeyId})
		e.must(err)
		e.wantCode(rotate(md.KeyId), CodeDisabled) // ROTATE-014
		h := e.create("HMAC_384", usageMAC, false)
		e.wantCode(rotate(h.KeyId), CodeUnsupportedOperation) // ROTATE-013
		_, err = s.ListKeyRotations(ctx, c, &ListKeyRotationsInput{KeyId: h.KeyId})
		e.wantCode(err, CodeUnsupportedOperation) // ROTATE-020
	})
	t.Run("ROTATE-015 limit", func(t *testing.T) {
		md := e.create("", "", false)
		e.mustImport(md.KeyId, sym())
		for i := range maxOnDemandRotations {
			e.mustImport(md.KeyId, sym(), importType(importNew))
			if err := rotate(md.KeyId); err != nil {
				t.Fatalf("rotation %d: %v", i+1, err)
			}
		}
		e.mustImport(md.KeyId, sym(), importType(importNew))
		e.wantCode(rotate(md.KeyId), CodeLimitExceeded)
		// ROTATE-021: paging with markers.
		var ids []string
		var marker *string
		for pages := 0; ; pages++ {
			out, err := s.ListKeyRotations(ctx, c, &ListKeyRotationsInput{KeyId: md.KeyId, Limit: p(int32(10)), Marker: marker})
			e.must(err)
			for _, r := range out.Rotations {
				ids = append(ids, r.KeyMaterialId)
			}
			if !out.Truncated {
				break
			}
			marker = p(out.NextMarker)
		}
		if len(ids) != maxOnDemandRotations {
			t.Fatalf("%d rotations listed", len(ids))
		}
		_, err := s.ListKeyRotations(ctx, c, &ListKeyRotationsInput{KeyId: md.KeyId, Marker: p("bm90IGEgbWFya2Vy")})
		e.wantCode(err, CodeInvalidMarker)
	})
	t.Run("ROTATE-016 ROTATE-017 automatic rotation", func(t *testing.T) {
		md := e.create("", "", false)
		_, err := s.EnableKeyRotation(ctx, c, &EnableKeyRotationInput{KeyId: md.KeyId})
		e.wantCode(err, CodeUnsupportedOperation)
		_, err = s.DisableKeyRotation(ctx, c, &DisableKeyRotationInput{KeyId: md.KeyId})
		e.wantCode(err, CodeUnsupportedOperation)
		st, err := s.GetKeyRotationStatus(ctx, c, &GetKeyRotationStatusInput{KeyId: md.KeyId})
		e.must(err)
		if st.KeyRotationEnabled {
			t.Fatal("rotation enabled")
		}
		h := e.create("HMAC_224", usageMAC, false)
		_, err = s.GetKeyRotationStatus(ctx, c, &GetKeyRotationStatusInput{KeyId: h.KeyId})
		e.wantCode(err, CodeUnsupportedOperation)
	})
	t.Run("EXPIRY-012 EXPIRY-013 EXPIRY-014", func(t *testing.T) {
		md := e.create("", "", false)
		now := e.clk.Now()
		e.mustImport(md.KeyId, sym(), expiresAt(now.Add(10*time.Hour)))
		e.mustImport(md.KeyId, sym(), importType(importNew), expiresAt(now.Add(5*time.Hour)))
		if vt := e.describe(md.KeyId).ValidTo; !vt.Equal(now.Add(10 * time.Hour)) {
			t.Fatalf("ValidTo %v counts the pending material", vt)
		}
		e.must(rotate(md.KeyId))
		if vt := e.describe(md.KeyId).ValidTo; !vt.Equal(now.Add(5 * time.Hour)) {
			t.Fatalf("ValidTo %v, want the earliest", vt)
		}
		e.clk.Advance(5 * time.Hour)
		e.wantState(md.KeyId, statePendingImport) // EXPIRY-013 (CURRENT expired)
		md2 := e.create("", "", false)
		e.mustImport(md2.KeyId, sym())
		e.mustImport(md2.KeyId, sym(), importType(importNew), expiresAt(e.clk.Now().Add(time.Hour)))
		e.clk.Advance(2 * time.Hour)
		e.wantState(md2.KeyId, stateEnabled) // EXPIRY-014
		e.wantCode(rotate(md2.KeyId), CodeKMSInvalidState)
	})
}

func TestMultiRegion(t *testing.T) {
	e := newEnv(t)
	west := e.in("us-west-2")
	eu := e.in("eu-west-1")
	s, ctx := e.s, e.ctx
	replicate := func(id, region string) (*ReplicateKeyOutput, error) {
		return s.ReplicateKey(ctx, e.c, &ReplicateKeyInput{KeyId: id, ReplicaRegion: region})
	}
	md := e.create("", "", true)
	_, err := replicate(md.KeyId, "us-west-2")
	e.wantCode(err, CodeKMSInvalidState) // MRK-002
	mA := sym()
	a := e.mustImport(md.KeyId, mA).KeyMaterialId
	rep, err := replicate(md.KeyId, "us-west-2")
	e.must(err)
	rmd := rep.ReplicaKeyMetadata
	if rmd.KeyId != md.KeyId || rmd.KeyState != stateCreating || rmd.Origin != originExternal || rmd.MultiRegionConfiguration.MultiRegionKeyType != "REPLICA" {
		t.Fatalf("MRK-003: %+v", rmd)
	}
	west.wantState(md.KeyId, statePendingImport) // MRK-003, MRK-004
	_, err = replicate(md.KeyId, "us-west-2")
	e.wantCode(err, CodeAlreadyExists)
	t.Run("TOKEN-007 token of another Region", func(t *testing.T) {
		in := e.importIn(md.KeyId, mA)
		_, err := s.ImportKeyMaterial(ctx, west.c, in)
		e.wantCode(err, CodeInvalidImportToken)
	})
	t.Run("MRK-005 different material", func(t *testing.T) {
		_, err := west.imp(md.KeyId, sym())
		e.wantCode(err, CodeIncorrectKeyMaterial)
	})
	t.Run("ERRORS-003 ARN of another Region", func(t *testing.T) {
		_, err := s.DescribeKey(ctx, west.c, &DescribeKeyInput{KeyId: md.Arn})
		e.wantCode(err, CodeNotFound)
	})
	west.mustImport(md.KeyId, mA, expiresAt(e.clk.Now().Add(time.Hour)))
	west.wantState(md.KeyId, stateEnabled)
	t.Run("MRK-007 cross-Region decrypt", func(t *testing.T) {
		west.decryptsTo(e.encrypt(md.KeyId, "x"), "x")
	})
	_, err = replicate(md.KeyId, "eu-west-1")
	e.must(err)
	eu.mustImport(md.KeyId, mA)
	t.Run("MRK-014 MRK-015 held states", func(t *testing.T) {
		h := s.Hooks()
		in := eu.importIn(md.KeyId, mA)
		e.must(h.Hold("eu-west-1", md.KeyId, stateCreating))
		_, err := s.GetParametersForImport(ctx, eu.c, &GetParametersForImportInput{KeyId: md.KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048"})
		e.wantCode(err, CodeKMSInvalidState)
		_, err = s.DeleteImportedKeyMaterial(ctx, eu.c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId})
		e.wantCode(err, CodeKMSInvalidState)
		_, err = s.ImportKeyMaterial(ctx, eu.c, in)
		e.wantCode(err, CodeKMSInvalidState)
		e.must(h.Hold("eu-west-1", md.KeyId, stateUpdating))
		_, err = s.GetParametersForImport(ctx, eu.c, &GetParametersForImportInput{KeyId: md.KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048"})
		e.wantCode(err, CodeKMSInvalidState)
		_, err = s.ImportKeyMaterial(ctx, eu.c, in)
		e.must(err)
		e.must(h.Hold("eu-west-1", md.KeyId, ""))
		eu.wantState(md.KeyId, stateEnabled)
	})
	t.Run("MRK-009 MRK-010 MRK-011 MRK-012 new material across Regions", func(t *testing.T) {
		mB := sym()
		_, err := west.imp(md.KeyId, mB, importType(importNew))
		e.wantCode(err, CodeUnsupportedOperation) // MRK-011
		b := e.mustImport(md.KeyId, mB, importType(importNew)).KeyMaterialId
		if st := e.rotations(md.KeyId, true)[1].KeyMaterialState; st != matPendingMultiRegion {
			t.Fatalf("primary pending state %s", st)
		}
		_, err = s.RotateKeyOnDemand(ctx, e.c, &RotateKeyOnDemandInput{KeyId: md.KeyId})
		e.wantCode(err, CodeKMSInvalidState) // MRK-010
		west.mustImport(md.KeyId, mB, importType(importExisting))
		if st := e.rotations(md.KeyId, true)[1].KeyMaterialState; st != matPendingMultiRegion {
			t.Fatalf("pending state %s with one replica missing", st)
		}
		// MRK-012: deleting it on the primary removes it everywhere.
		_, err = s.DeleteImportedKeyMaterial(ctx, e.c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId, KeyMaterialId: p(b)})
		e.must(err)
		for _, r := range []*env{west, eu} {
			if n := len(r.rotations(md.KeyId, true)); n != 1 {
				t.Fatalf("%s still lists %d materials", r.c.Region, n)
			}
			r.wantState(md.KeyId, stateEnabled)
		}
		b = e.mustImport(md.KeyId, mB, importType(importNew)).KeyMaterialId
		west.mustImport(md.KeyId, mB)
		eu.mustImport(md.KeyId, mB)
		if st := eu.rotations(md.KeyId, true)[1].KeyMaterialState; st != matPendingRotation {
			t.Fatalf("pending state %s once every Region has it", st)
		}
		_, err = s.RotateKeyOnDemand(ctx, e.c, &RotateKeyOnDemandInput{KeyId: md.KeyId})
		e.must(err)
		for _, r := range []*env{e, west, eu} {
			if cur := r.describe(md.KeyId).CurrentKeyMaterialId; cur != b {
				t.Fatalf("%s current %s", r.c.Region, cur)
			}
		}
		_ = a
	})
	t.Run("MRK-006 MRK-008 independent expiry and delete", func(t *testing.T) {
		e.clk.Advance(2 * time.Hour) // the west replica's first material expires
		west.wantState(md.KeyId, statePendingImport)
		e.wantState(md.KeyId, stateEnabled)
		_, err := s.DeleteImportedKeyMaterial(ctx, eu.c, &DeleteImportedKeyMaterialInput{KeyId: md.KeyId})
		e.must(err)
		eu.wantState(md.KeyId, statePendingImport)
		e.wantState(md.KeyId, stateEnabled)
	})
	t.Run("MRK-016 UpdatePrimaryRegion", func(t *testing.T) {
		k := e.create("", "", true)
		_, err := s.UpdatePrimaryRegion(ctx, e.c, &UpdatePrimaryRegionInput{KeyId: k.KeyId, PrimaryRegion: "us-west-2"})
		e.wantCode(err, CodeKMSInvalidState)
		m := sym()
		e.mustImport(k.KeyId, m)
		_, err = replicate(k.KeyId, "us-west-2")
		e.must(err)
		west.mustImport(k.KeyId, m)
		_, err = s.UpdatePrimaryRegion(ctx, e.c, &UpdatePrimaryRegionInput{KeyId: k.KeyId, PrimaryRegion: "us-west-2"})
		e.must(err)
		if west.describe(k.KeyId).MultiRegionConfiguration.MultiRegionKeyType != "PRIMARY" {
			t.Fatal("primary did not move")
		}
	})
	t.Run("MRK-013 PendingReplicaDeletion", func(t *testing.T) {
		k := e.create("", "", true)
		m := sym()
		e.mustImport(k.KeyId, m)
		_, err := replicate(k.KeyId, "eu-west-1")
		e.must(err)
		in := e.importIn(k.KeyId, m)
		out, err := s.ScheduleKeyDeletion(ctx, e.c, &ScheduleKeyDeletionInput{KeyId: k.KeyId, PendingWindowInDays: p(int32(7))})
		e.must(err)
		if out.KeyState != statePendingReplicaDeletion || out.DeletionDate != nil {
			t.Fatalf("%+v", out)
		}
		_, err = s.ImportKeyMaterial(ctx, e.c, in)
		e.wantCode(err, CodeKMSInvalidState)
		_, err = s.GetParametersForImport(ctx, e.c, &GetParametersForImportInput{KeyId: k.KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048"})
		e.wantCode(err, CodeKMSInvalidState)
		_, err = s.ScheduleKeyDeletion(ctx, eu.c, &ScheduleKeyDeletionInput{KeyId: k.KeyId, PendingWindowInDays: p(int32(7))})
		e.must(err)
		e.clk.Advance(7 * 24 * time.Hour)
		got := e.describe(k.KeyId)
		if got.KeyState != statePendingDeletion || got.DeletionDate == nil {
			t.Fatalf("after the replica is gone %+v", got)
		}
		e.clk.Advance(7 * 24 * time.Hour)
		_, err = s.DescribeKey(ctx, e.c, &DescribeKeyInput{KeyId: k.KeyId})
		e.wantCode(err, CodeNotFound)
	})
}
