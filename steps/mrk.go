package steps

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"
)

// Multi-Region keys with imported key material (catalogue section MRK;
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdatePrimaryRegion.html,
// developer guide multi-region-keys-import). Creating keys, replicating them,
// importing, deleting, holding and state checks are the shared steps of
// keys.go and importing.go; this file adds what only multi-Region rules need.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		m := &mrkSteps{w: w, matIDs: map[string]string{}}
		sc.Step(re(`^the key ID of "([^"]+)" is a multi-Region key ID$`), m.multiRegionKeyID)
		sc.Step(re(`^the ReplicateKey metadata of "([^"]+)" has:$`), m.replicaMetadataHas)
		sc.Step(re(`^"([^"]+)" has the same (`+memberList+`) as "([^"]+)"$`), m.sameMembers)
		sc.Step(re(`^"([^"]+)" becomes the multi-Region (PRIMARY|REPLICA) key$`), m.becomes)

		// MRK-009..012: new key material for a multi-Region key.
		sc.Step(re(`^I import "([^"]+)" into the multi-Region (?:primary|replica) "([^"]+)" with ImportType (NEW_KEY_MATERIAL|EXISTING_KEY_MATERIAL)$`), m.importTyped)
		sc.Step(re(`^the key material "([^"]+)" of the multi-Region key "([^"]+)" is listed as (CURRENT|NON_CURRENT|PENDING_ROTATION|PENDING_MULTI_REGION_IMPORT_AND_ROTATION)$`), m.listedAs)
		sc.Step(re(`^the multi-Region key "([^"]+)" no longer holds the key material "([^"]+)"$`), m.noLongerHolds)
		sc.Step(re(`^the current key material of the multi-Region key "([^"]+)" is "([^"]+)"$`), m.currentIs)
		sc.Step(re(`^I delete the pending key material "([^"]+)" of the multi-Region primary "([^"]+)"$`), m.deletePending)

		// MRK-016.
		sc.Step(re(`^I update the primary Region of "([^"]+)" to ([a-z]+-[a-z]+-\d+)$`), m.updatePrimaryRegion)
	})
}

// memberList matches "KeyId", "KeyId and KeySpec", "KeyId, KeySpec and Origin".
const memberList = `[A-Z]\w+(?:(?:, | and )[A-Z]\w+)*`

var memberSplit = regexp.MustCompile(`, | and `)

// mrkSteps holds what one scenario learnt about multi-Region key materials.
type mrkSteps struct {
	w *World
	// matIDs maps "<KeyId>/<material name>" to the KeyMaterialId ImportKeyMaterial
	// answered. Related multi-Region keys share their KeyId, and AWS derives the
	// KeyMaterialId from the KMS key ID and the material (API:ImportKeyMaterialRequest.KeyMaterialId),
	// so one entry serves the primary and its replicas.
	matIDs map[string]string
}

// mrkKeyID is the form of a multi-Region key ID (rules.md "Wire facts").
var mrkKeyID = regexp.MustCompile(`^mrk-[0-9a-f]{32}$`)

// MRK-001: the KeyId of a multi-Region key starts with mrk-.
func (m *mrkSteps) multiRegionKeyID(ctx context.Context, name string) error {
	k, err := m.w.Key(name)
	if err != nil {
		return err
	}
	if !mrkKeyID.MatchString(k.ID) { // MRK-001
		return fmt.Errorf("the key ID of %q is %q, expected mrk- followed by 32 lowercase hex digits", name, k.ID)
	}
	return nil
}

// MRK-003: ReplicateKey's ReplicaKeyMetadata (kept as the key's Created
// metadata by the replicate step), compared as the CreateKey table is.
func (m *mrkSteps) replicaMetadataHas(ctx context.Context, name string, table *godog.Table) error {
	k, err := m.w.Key(name)
	if err != nil {
		return err
	}
	if k.Created == nil {
		return fmt.Errorf("%q was not made by ReplicateKey in this scenario", name)
	}
	got := metadataFields(k.Created)
	var errs []string
	for _, row := range table.Rows {
		if len(row.Cells) != 2 {
			return fmt.Errorf("metadata table rows need 2 cells: member | value")
		}
		field, want := row.Cells[0].Value, row.Cells[1].Value
		if field == "member" {
			continue
		}
		if err := compareField(got, field, want); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("ReplicateKey metadata of %q: %s", name, strings.Join(errs, "; "))
	}
	return nil
}

// sameMembers compares DescribeKey members of two keys for equality; a member
// absent from both is a failure, so that the step never passes vacuously.
func (m *mrkSteps) sameMembers(ctx context.Context, a, list, b string) error {
	ka, err := m.w.Key(a)
	if err != nil {
		return err
	}
	kb, err := m.w.Key(b)
	if err != nil {
		return err
	}
	mda, err := m.w.Describe(ctx, ka)
	if err != nil {
		return err
	}
	mdb, err := m.w.Describe(ctx, kb)
	if err != nil {
		return err
	}
	fa, fb := metadataFields(mda), metadataFields(mdb)
	var errs []string
	for _, f := range memberSplit.Split(list, -1) {
		va, oka := fa[f]
		vb, okb := fb[f]
		switch {
		case !oka || !okb:
			errs = append(errs, fmt.Sprintf("%s is %q on %q and %q on %q (both must be present)", f, va, a, vb, b))
		case va != vb:
			errs = append(errs, fmt.Sprintf("%s is %q on %q but %q on %q", f, va, a, vb, b))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

// becomes polls DescribeKey until the key's MultiRegionKeyType is want:
// UpdatePrimaryRegion is asynchronous on AWS (the keys are Updating meanwhile).
func (m *mrkSteps) becomes(ctx context.Context, name, want string) error {
	k, err := m.w.Key(name)
	if err != nil {
		return err
	}
	return m.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		md, err := m.w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		got := ""
		if md.MultiRegionConfiguration != nil {
			got = string(md.MultiRegionConfiguration.MultiRegionKeyType)
		}
		if got != want {
			return false, fmt.Errorf("%q has MultiRegionKeyType %q, expected %s", name, got, want)
		}
		return true, nil
	})
}

// importTyped imports material into a key with an explicit ImportType, with
// the key's own import parameters (MRK-004), and keeps the KeyMaterialId the
// answer names (MRK-009).
func (m *mrkSteps) importTyped(ctx context.Context, mat, key, importType string) error {
	w := m.w
	mt, err := w.Material(mat)
	if err != nil {
		return err
	}
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	p, err := w.ParamsOf(key)
	if err != nil {
		return err
	}
	blob, err := wrap(p, mt.Bytes, p.Algorithm)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	out, err := c.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{
		KeyId: aws.String(k.ID), ImportToken: p.Out.ImportToken, EncryptedKeyMaterial: blob,
		ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire,
		ImportType:      types.ImportType(importType), // MRK-009: NEW_KEY_MATERIAL into the primary, EXISTING_KEY_MATERIAL into replicas
	})
	w.ChangedAll() // MRK-009: the primary's import changes what its replicas list
	if rerr := w.Record("ImportKeyMaterial", err); rerr != nil || err != nil {
		return rerr
	}
	id := aws.ToString(out.KeyMaterialId)
	if id == "" {
		return fmt.Errorf("ImportKeyMaterial into %q answered no KeyMaterialId", key)
	}
	ref := k.ID + "/" + mat
	if prev, ok := m.matIDs[ref]; ok && prev != id {
		return fmt.Errorf("ImportKeyMaterial of %q into %q answered KeyMaterialId %s, but a related key answered %s for the same material", mat, key, id, prev)
	}
	m.matIDs[ref] = id
	return nil
}

// materialID is the KeyMaterialId ImportKeyMaterial gave for mat into key or
// a related multi-Region key.
func (m *mrkSteps) materialID(mat string, k *Key) (string, error) {
	id, ok := m.matIDs[k.ID+"/"+mat]
	if !ok {
		return "", fmt.Errorf("no KeyMaterialId is known for %q in %q (import it with ImportType first)", mat, k.Name)
	}
	return id, nil
}

// rotations lists every key material of k (IncludeKeyMaterial ALL_KEY_MATERIAL), all pages.
func (m *mrkSteps) rotations(ctx context.Context, k *Key) ([]types.RotationsListEntry, error) {
	c, err := m.w.KMS(k)
	if err != nil {
		return nil, err
	}
	var all []types.RotationsListEntry
	in := &kms.ListKeyRotationsInput{KeyId: aws.String(k.ID), IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial}
	for pages := 0; ; pages++ {
		if pages == 100 {
			return nil, fmt.Errorf("ListKeyRotations of %q: more than 100 pages", k.Name)
		}
		out, err := c.ListKeyRotations(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("ListKeyRotations of %q: %w", k.Name, err)
		}
		all = append(all, out.Rotations...)
		if !out.Truncated {
			return all, nil
		}
		if aws.ToString(out.NextMarker) == "" {
			return nil, fmt.Errorf("ListKeyRotations of %q is Truncated without a NextMarker", k.Name)
		}
		in.Marker = out.NextMarker
	}
}

// MRK-009, MRK-012: the ListKeyRotations entry of a material has the given
// KeyMaterialState (polled: the replicas learn of the material eventually).
func (m *mrkSteps) listedAs(ctx context.Context, mat, key, state string) error {
	k, err := m.w.Key(key)
	if err != nil {
		return err
	}
	id, err := m.materialID(mat, k)
	if err != nil {
		return err
	}
	return m.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		entries, err := m.rotations(ctx, k)
		if err != nil {
			return true, err
		}
		for _, e := range entries {
			if aws.ToString(e.KeyMaterialId) == id {
				if string(e.KeyMaterialState) != state { // MRK-009: PENDING_ROTATION only once every replica holds it
					return false, fmt.Errorf("ListKeyRotations of %q lists %q as %s, expected %s", key, mat, e.KeyMaterialState, state)
				}
				return true, nil
			}
		}
		return false, fmt.Errorf("ListKeyRotations of %q does not list %q (KeyMaterialId %s)", key, mat, id)
	})
}

// MRK-012: a replica no longer holds the material: its ListKeyRotations entry
// is gone, or its ImportState is PENDING_IMPORT.
func (m *mrkSteps) noLongerHolds(ctx context.Context, key, mat string) error {
	k, err := m.w.Key(key)
	if err != nil {
		return err
	}
	id, err := m.materialID(mat, k)
	if err != nil {
		return err
	}
	return m.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		entries, err := m.rotations(ctx, k)
		if err != nil {
			return true, err
		}
		for _, e := range entries {
			if aws.ToString(e.KeyMaterialId) == id && e.ImportState != types.ImportStatePendingImport { // MRK-012: gone or PENDING_IMPORT
				return false, fmt.Errorf("ListKeyRotations of %q still lists %q with ImportState %q (state %s)", key, mat, e.ImportState, e.KeyMaterialState)
			}
		}
		return true, nil
	})
}

// MRK-009: after the primary's rotation the material is current in every
// Region (polled: the rotation reaches the replicas eventually).
func (m *mrkSteps) currentIs(ctx context.Context, key, mat string) error {
	k, err := m.w.Key(key)
	if err != nil {
		return err
	}
	id, err := m.materialID(mat, k)
	if err != nil {
		return err
	}
	return m.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		md, err := m.w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		if got := aws.ToString(md.CurrentKeyMaterialId); got != id { // MRK-009: current in every Region
			return false, fmt.Errorf("CurrentKeyMaterialId of %q is %q, expected %s (%q)", key, got, id, mat)
		}
		return true, nil
	})
}

// MRK-012: DeleteImportedKeyMaterial of a pending material, by its KeyMaterialId.
func (m *mrkSteps) deletePending(ctx context.Context, mat, key string) error {
	k, err := m.w.Key(key)
	if err != nil {
		return err
	}
	id, err := m.materialID(mat, k)
	if err != nil {
		return err
	}
	c, err := m.w.KMS(k)
	if err != nil {
		return err
	}
	_, err = c.DeleteImportedKeyMaterial(ctx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(k.ID), KeyMaterialId: aws.String(id)})
	m.w.ChangedAll()
	return m.w.Record("DeleteImportedKeyMaterial", err)
}

// MRK-016: UpdatePrimaryRegion, sent to the current primary's Region.
func (m *mrkSteps) updatePrimaryRegion(ctx context.Context, key, region string) error {
	k, err := m.w.Key(key)
	if err != nil {
		return err
	}
	c, err := m.w.KMS(k)
	if err != nil {
		return err
	}
	_, err = c.UpdatePrimaryRegion(ctx, &kms.UpdatePrimaryRegionInput{KeyId: aws.String(k.ID), PrimaryRegion: aws.String(region)})
	m.w.ChangedAll()
	return m.w.Record("UpdatePrimaryRegion", err)
}
