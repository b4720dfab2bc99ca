package steps

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"
)

// Reimporting key material (catalogue section REIMPORT): the key material ID
// and description a reimport keeps.
func (s *importer) registerReimport(sc *godog.ScenarioContext) {
	sc.Step(re(`^I import `+impQuoted+` into `+impQuoted+impWithParams+` with the key material description "([^"]*)"$`), s.importDescribed)
	sc.Step(re(`^the import answers `+impQuoted+` and `+impQuoted+` have the same KeyMaterialId$`), s.answersSameMaterialID)
	sc.Step(re(`^ListKeyRotations with all key material lists the current material of `+impQuoted+` with the description "([^"]*)"$`), s.currentDescription)
}

// REIMPORT-009: an import that names a KeyMaterialDescription.
func (s *importer) importDescribed(ctx context.Context, mat, key, params, desc string) error {
	in, err := s.request(mat, key, params)
	if err != nil {
		return err
	}
	in.KeyMaterialDescription = aws.String(desc)
	_, err = s.send(ctx, key, in)
	return err
}

// REIMPORT-008: the same material gives the same KeyMaterialId.
func (s *importer) answersSameMaterialID(ctx context.Context, a, b string) error {
	x, err := s.answer(a)
	if err != nil {
		return err
	}
	y, err := s.answer(b)
	if err != nil {
		return err
	}
	ix, iy := aws.ToString(x.KeyMaterialId), aws.ToString(y.KeyMaterialId)
	if ix == "" || iy == "" {
		return fmt.Errorf("REIMPORT-008: an import answer has no KeyMaterialId (%q: %q, %q: %q)", a, ix, b, iy)
	}
	if ix != iy {
		return fmt.Errorf("REIMPORT-008: the import answers %q and %q name different KeyMaterialIds, %s and %s", a, b, ix, iy)
	}
	return nil
}

// REIMPORT-009: ListKeyRotations(ALL_KEY_MATERIAL) shows the description stored
// for the key's current material (DescribeKey's CurrentKeyMaterialId).
func (s *importer) currentDescription(ctx context.Context, key, want string) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	md, err := s.w.Describe(ctx, k)
	if err != nil {
		return err
	}
	current := aws.ToString(md.CurrentKeyMaterialId)
	if current == "" {
		return fmt.Errorf("DescribeKey of %q has no CurrentKeyMaterialId", key)
	}
	c, err := s.w.KMS(k)
	if err != nil {
		return err
	}
	in := &kms.ListKeyRotationsInput{KeyId: aws.String(k.ID), IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial}
	for page := 0; page < 100; page++ {
		out, err := c.ListKeyRotations(ctx, in)
		if err != nil {
			return fmt.Errorf("ListKeyRotations of %q: %w", key, err)
		}
		for _, e := range out.Rotations {
			if aws.ToString(e.KeyMaterialId) != current {
				continue
			}
			if got := aws.ToString(e.KeyMaterialDescription); got != want {
				return fmt.Errorf("REIMPORT-009: ListKeyRotations lists the current material of %q with the description %q, expected %q", key, got, want)
			}
			return nil
		}
		if !out.Truncated || aws.ToString(out.NextMarker) == "" {
			return fmt.Errorf("ListKeyRotations of %q does not list its current material %s", key, current)
		}
		in.Marker = out.NextMarker
	}
	return fmt.Errorf("ListKeyRotations of %q: more than 100 pages", key)
}
