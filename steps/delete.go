package steps

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/cucumber/godog"
)

// DeleteImportedKeyMaterial with and without a KeyMaterialId, and its answer
// (catalogue section DELETE,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html).
// The plain "I delete the imported key material of" step is in importing.go;
// these keep the answer and name materials. Registered by expiry.go's
// registrar, which owns the per-scenario lifecycle.
func (l *lifecycle) registerDelete(sc *godog.ScenarioContext) {
	sc.Step(re(`^I delete the key material of "([^"]+)" without a KeyMaterialId$`), l.deleteUnnamed)
	sc.Step(re(`^I delete the key material "([^"]+)"(?: of "([^"]+)")? from "([^"]+)" by its KeyMaterialId$`), l.deleteNamed)
	sc.Step(re(`^I delete the key material with KeyMaterialId ([a-f0-9]{64}) from "([^"]+)"$`), l.deleteByID)
	sc.Step(re(`^the deletion answer names "([^"]+)" by its ARN and "([^"]+)" by its KeyMaterialId$`), l.answerNames)
	sc.Step(re(`^the deletion answer names "([^"]+)" by its ARN and no KeyMaterialId, or an empty one$`), l.answerNamesNoMaterial)
	sc.Step(re(`^if it succeeded, the deletion answer names "([^"]+)" by its ARN and no KeyMaterialId, or an empty one$`), l.ifSucceededNoMaterial)
}

// deleteMaterial calls DeleteImportedKeyMaterial on key, with id as
// KeyMaterialId unless it is empty, and keeps the answer.
func (l *lifecycle) deleteMaterial(ctx context.Context, key, id string) error {
	w := l.w
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	in := &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(k.ID)}
	if id != "" {
		in.KeyMaterialId = aws.String(id)
	}
	l.lastDelete = nil
	out, err := c.DeleteImportedKeyMaterial(ctx, in)
	w.Changed(key)
	if rerr := w.Record("DeleteImportedKeyMaterial", err); rerr != nil || err != nil {
		return rerr
	}
	l.lastDelete = out
	return nil
}

// deleteUnnamed deletes the current material (DELETE-009: no KeyMaterialId).
func (l *lifecycle) deleteUnnamed(ctx context.Context, key string) error {
	return l.deleteMaterial(ctx, key, "")
}

// deleteNamed deletes by the KeyMaterialId of mat in owner (by default key):
// with another owner the ID is well-formed but not associated with key (DELETE-012).
func (l *lifecycle) deleteNamed(ctx context.Context, mat, owner, key string) error {
	if owner == "" {
		owner = key
	}
	id, err := l.materialID(owner, mat)
	if err != nil {
		return err
	}
	return l.deleteMaterial(ctx, key, id)
}

func (l *lifecycle) deleteByID(ctx context.Context, id, key string) error {
	return l.deleteMaterial(ctx, key, id)
}

// answer returns the last successful DeleteImportedKeyMaterial answer.
func (l *lifecycle) answer() (*kms.DeleteImportedKeyMaterialOutput, error) {
	res, err := l.w.Result()
	if err != nil {
		return nil, err
	}
	if res.Op != "DeleteImportedKeyMaterial" || res.Failed() || l.lastDelete == nil {
		return nil, fmt.Errorf("the last call was not a successful deletion that kept its answer: %s", res.Describe())
	}
	return l.lastDelete, nil
}

// DELETE-006: KeyId is the key ARN, KeyMaterialId the deleted material's ID.
func (l *lifecycle) answerNames(ctx context.Context, key, mat string) error {
	out, err := l.answer()
	if err != nil {
		return err
	}
	k, err := l.w.Key(key)
	if err != nil {
		return err
	}
	id, err := l.materialID(key, mat)
	if err != nil {
		return err
	}
	if got := aws.ToString(out.KeyId); got != k.ARN {
		return fmt.Errorf("DeleteImportedKeyMaterial answered KeyId %q, expected the ARN of %q (%s)", got, key, k.ARN)
	}
	if got := aws.ToString(out.KeyMaterialId); got != id {
		return fmt.Errorf("DeleteImportedKeyMaterial answered KeyMaterialId %q, expected %s (%q)", got, id, mat)
	}
	return nil
}

// DELETE-006: with no material ID to report (a no-op delete, asymmetric and
// HMAC keys) the member, of minimum length 0, is absent or empty.
func (l *lifecycle) answerNamesNoMaterial(ctx context.Context, key string) error {
	out, err := l.answer()
	if err != nil {
		return err
	}
	k, err := l.w.Key(key)
	if err != nil {
		return err
	}
	if got := aws.ToString(out.KeyId); got != k.ARN {
		return fmt.Errorf("DeleteImportedKeyMaterial answered KeyId %q, expected the ARN of %q (%s)", got, key, k.ARN)
	}
	if got := aws.ToString(out.KeyMaterialId); got != "" {
		return fmt.Errorf("DeleteImportedKeyMaterial answered KeyMaterialId %q, expected none or an empty one", got)
	}
	return nil
}

// ifSucceededNoMaterial checks the answer of a deletion that an Ambiguous
// rule allows to fail (DELETE-004), when it did not.
func (l *lifecycle) ifSucceededNoMaterial(ctx context.Context, key string) error {
	res, err := l.w.Result()
	if err != nil {
		return err
	}
	if res.Failed() {
		return nil
	}
	return l.answerNamesNoMaterial(ctx, key)
}
