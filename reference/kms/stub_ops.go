package kms

import (
	"context"
	"time"
)

// CreateKey is the KMS CreateKey operation (not yet implemented).
func (s *Service) CreateKey(ctx context.Context, c Caller, in *CreateKeyInput) (*CreateKeyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// DescribeKey is the KMS DescribeKey operation (not yet implemented).
func (s *Service) DescribeKey(ctx context.Context, c Caller, in *DescribeKeyInput) (*DescribeKeyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ListKeys is the KMS ListKeys operation (not yet implemented).
func (s *Service) ListKeys(ctx context.Context, c Caller, in *ListKeysInput) (*ListKeysOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// EnableKey is the KMS EnableKey operation (not yet implemented).
func (s *Service) EnableKey(ctx context.Context, c Caller, in *EnableKeyInput) (*EnableKeyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// DisableKey is the KMS DisableKey operation (not yet implemented).
func (s *Service) DisableKey(ctx context.Context, c Caller, in *DisableKeyInput) (*DisableKeyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ScheduleKeyDeletion is the KMS ScheduleKeyDeletion operation (not yet implemented).
func (s *Service) ScheduleKeyDeletion(ctx context.Context, c Caller, in *ScheduleKeyDeletionInput) (*ScheduleKeyDeletionOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// CancelKeyDeletion is the KMS CancelKeyDeletion operation (not yet implemented).
func (s *Service) CancelKeyDeletion(ctx context.Context, c Caller, in *CancelKeyDeletionInput) (*CancelKeyDeletionOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// GetParametersForImport is the KMS GetParametersForImport operation (not yet implemented).
func (s *Service) GetParametersForImport(ctx context.Context, c Caller, in *GetParametersForImportInput) (*GetParametersForImportOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ImportKeyMaterial is the KMS ImportKeyMaterial operation (not yet implemented).
func (s *Service) ImportKeyMaterial(ctx context.Context, c Caller, in *ImportKeyMaterialInput) (*ImportKeyMaterialOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// DeleteImportedKeyMaterial is the KMS DeleteImportedKeyMaterial operation (not yet implemented).
func (s *Service) DeleteImportedKeyMaterial(ctx context.Context, c Caller, in *DeleteImportedKeyMaterialInput) (*DeleteImportedKeyMaterialOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// RotateKeyOnDemand is the KMS RotateKeyOnDemand operation (not yet implemented).
func (s *Service) RotateKeyOnDemand(ctx context.Context, c Caller, in *RotateKeyOnDemandInput) (*RotateKeyOnDemandOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ListKeyRotations is the KMS ListKeyRotations operation (not yet implemented).
func (s *Service) ListKeyRotations(ctx context.Context, c Caller, in *ListKeyRotationsInput) (*ListKeyRotationsOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// GetKeyRotationStatus is the KMS GetKeyRotationStatus operation (not yet implemented).
func (s *Service) GetKeyRotationStatus(ctx context.Context, c Caller, in *GetKeyRotationStatusInput) (*GetKeyRotationStatusOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// EnableKeyRotation is the KMS EnableKeyRotation operation (not yet implemented).
func (s *Service) EnableKeyRotation(ctx context.Context, c Caller, in *EnableKeyRotationInput) (*EnableKeyRotationOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// DisableKeyRotation is the KMS DisableKeyRotation operation (not yet implemented).
func (s *Service) DisableKeyRotation(ctx context.Context, c Caller, in *DisableKeyRotationInput) (*DisableKeyRotationOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ReplicateKey is the KMS ReplicateKey operation (not yet implemented).
func (s *Service) ReplicateKey(ctx context.Context, c Caller, in *ReplicateKeyInput) (*ReplicateKeyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// UpdatePrimaryRegion is the KMS UpdatePrimaryRegion operation (not yet implemented).
func (s *Service) UpdatePrimaryRegion(ctx context.Context, c Caller, in *UpdatePrimaryRegionInput) (*UpdatePrimaryRegionOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// Encrypt is the KMS Encrypt operation (not yet implemented).
func (s *Service) Encrypt(ctx context.Context, c Caller, in *EncryptInput) (*EncryptOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// Decrypt is the KMS Decrypt operation (not yet implemented).
func (s *Service) Decrypt(ctx context.Context, c Caller, in *DecryptInput) (*DecryptOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ReEncrypt is the KMS ReEncrypt operation (not yet implemented).
func (s *Service) ReEncrypt(ctx context.Context, c Caller, in *ReEncryptInput) (*ReEncryptOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// GenerateDataKey is the KMS GenerateDataKey operation (not yet implemented).
func (s *Service) GenerateDataKey(ctx context.Context, c Caller, in *GenerateDataKeyInput) (*GenerateDataKeyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// GenerateDataKeyWithoutPlaintext is the KMS GenerateDataKeyWithoutPlaintext operation (not yet implemented).
func (s *Service) GenerateDataKeyWithoutPlaintext(ctx context.Context, c Caller, in *GenerateDataKeyWithoutPlaintextInput) (*GenerateDataKeyWithoutPlaintextOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// GenerateMac is the KMS GenerateMac operation (not yet implemented).
func (s *Service) GenerateMac(ctx context.Context, c Caller, in *GenerateMacInput) (*GenerateMacOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// VerifyMac is the KMS VerifyMac operation (not yet implemented).
func (s *Service) VerifyMac(ctx context.Context, c Caller, in *VerifyMacInput) (*VerifyMacOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// Sign is the KMS Sign operation (not yet implemented).
func (s *Service) Sign(ctx context.Context, c Caller, in *SignInput) (*SignOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// Verify is the KMS Verify operation (not yet implemented).
func (s *Service) Verify(ctx context.Context, c Caller, in *VerifyInput) (*VerifyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// GetPublicKey is the KMS GetPublicKey operation (not yet implemented).
func (s *Service) GetPublicKey(ctx context.Context, c Caller, in *GetPublicKeyInput) (*GetPublicKeyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// DeriveSharedSecret is the KMS DeriveSharedSecret operation (not yet implemented).
func (s *Service) DeriveSharedSecret(ctx context.Context, c Caller, in *DeriveSharedSecretInput) (*DeriveSharedSecretOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// TagResource is the KMS TagResource operation (not yet implemented).
func (s *Service) TagResource(ctx context.Context, c Caller, in *TagResourceInput) (*TagResourceOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// UntagResource is the KMS UntagResource operation (not yet implemented).
func (s *Service) UntagResource(ctx context.Context, c Caller, in *UntagResourceInput) (*UntagResourceOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ListResourceTags is the KMS ListResourceTags operation (not yet implemented).
func (s *Service) ListResourceTags(ctx context.Context, c Caller, in *ListResourceTagsInput) (*ListResourceTagsOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// CreateAlias is the KMS CreateAlias operation (not yet implemented).
func (s *Service) CreateAlias(ctx context.Context, c Caller, in *CreateAliasInput) (*CreateAliasOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// UpdateAlias is the KMS UpdateAlias operation (not yet implemented).
func (s *Service) UpdateAlias(ctx context.Context, c Caller, in *UpdateAliasInput) (*UpdateAliasOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// DeleteAlias is the KMS DeleteAlias operation (not yet implemented).
func (s *Service) DeleteAlias(ctx context.Context, c Caller, in *DeleteAliasInput) (*DeleteAliasOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ListAliases is the KMS ListAliases operation (not yet implemented).
func (s *Service) ListAliases(ctx context.Context, c Caller, in *ListAliasesInput) (*ListAliasesOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// GetKeyPolicy is the KMS GetKeyPolicy operation (not yet implemented).
func (s *Service) GetKeyPolicy(ctx context.Context, c Caller, in *GetKeyPolicyInput) (*GetKeyPolicyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// PutKeyPolicy is the KMS PutKeyPolicy operation (not yet implemented).
func (s *Service) PutKeyPolicy(ctx context.Context, c Caller, in *PutKeyPolicyInput) (*PutKeyPolicyOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ListKeyPolicies is the KMS ListKeyPolicies operation (not yet implemented).
func (s *Service) ListKeyPolicies(ctx context.Context, c Caller, in *ListKeyPoliciesInput) (*ListKeyPoliciesOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// UpdateKeyDescription is the KMS UpdateKeyDescription operation (not yet implemented).
func (s *Service) UpdateKeyDescription(ctx context.Context, c Caller, in *UpdateKeyDescriptionInput) (*UpdateKeyDescriptionOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// CreateGrant is the KMS CreateGrant operation (not yet implemented).
func (s *Service) CreateGrant(ctx context.Context, c Caller, in *CreateGrantInput) (*CreateGrantOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// ListGrants is the KMS ListGrants operation (not yet implemented).
func (s *Service) ListGrants(ctx context.Context, c Caller, in *ListGrantsInput) (*ListGrantsOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// RetireGrant is the KMS RetireGrant operation (not yet implemented).
func (s *Service) RetireGrant(ctx context.Context, c Caller, in *RetireGrantInput) (*RetireGrantOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

// RevokeGrant is the KMS RevokeGrant operation (not yet implemented).
func (s *Service) RevokeGrant(ctx context.Context, c Caller, in *RevokeGrantInput) (*RevokeGrantOutput, error) {
	return nil, Errorf(CodeKMSInternal, "not implemented")
}

type hooksStub struct{ s *Service }

func (h hooksStub) Now() time.Time { return time.Now() }
func (h hooksStub) Advance(time.Duration) (time.Time, error) {
	return time.Time{}, Errorf(CodeKMSInternal, "not implemented")
}
func (h hooksStub) Hold(region, keyID, state string) error {
	return Errorf(CodeKMSInternal, "not implemented")
}

// Hooks returns the test hooks.
func (s *Service) Hooks() Hooks { return hooksStub{s} }
