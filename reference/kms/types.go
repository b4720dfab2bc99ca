package kms

// Request and response shapes of every operation the reference serves. Field
// names and json tags are the AWS member names of the KMS API model
// (aws-sdk-go-v2 service/kms v1.63.0); `validate` tags carry the model's member
// constraints (errors.md §6), which reference/server checks before a method runs.

// CodeDryRunOperation is the code of a request that would have succeeded but set DryRun.
const CodeDryRunOperation = "DryRunOperationException"

// Tag is a key policy tag (types.Tag).
type Tag struct {
	TagKey   string `json:"TagKey" validate:"required,len=1..128"`
	TagValue string `json:"TagValue" validate:"len=0..256"`
}

// MultiRegionKey names one key of a multi-Region set (types.MultiRegionKey).
type MultiRegionKey struct {
	Arn    string `json:"Arn,omitempty"`
	Region string `json:"Region,omitempty"`
}

// MultiRegionConfiguration describes a multi-Region key's place in its set.
type MultiRegionConfiguration struct {
	MultiRegionKeyType string           `json:"MultiRegionKeyType,omitempty"`
	PrimaryKey         *MultiRegionKey  `json:"PrimaryKey,omitempty"`
	ReplicaKeys        []MultiRegionKey `json:"ReplicaKeys"`
}

// KeyMetadata is what CreateKey, DescribeKey and ReplicateKey report about a key.
type KeyMetadata struct {
	AWSAccountId                string                    `json:"AWSAccountId"`
	KeyId                       string                    `json:"KeyId"`
	Arn                         string                    `json:"Arn"`
	CreationDate                *Time                     `json:"CreationDate,omitempty"`
	Enabled                     bool                      `json:"Enabled"`
	Description                 string                    `json:"Description"`
	KeyUsage                    string                    `json:"KeyUsage,omitempty"`
	KeyState                    string                    `json:"KeyState"`
	DeletionDate                *Time                     `json:"DeletionDate,omitempty"`
	ValidTo                     *Time                     `json:"ValidTo,omitempty"`
	Origin                      string                    `json:"Origin"`
	KeyManager                  string                    `json:"KeyManager"`
	CustomerMasterKeySpec       string                    `json:"CustomerMasterKeySpec,omitempty"`
	KeySpec                     string                    `json:"KeySpec"`
	EncryptionAlgorithms        []string                  `json:"EncryptionAlgorithms,omitempty"`
	SigningAlgorithms           []string                  `json:"SigningAlgorithms,omitempty"`
	MacAlgorithms               []string                  `json:"MacAlgorithms,omitempty"`
	KeyAgreementAlgorithms      []string                  `json:"KeyAgreementAlgorithms,omitempty"`
	MultiRegion                 bool                      `json:"MultiRegion"`
	MultiRegionConfiguration    *MultiRegionConfiguration `json:"MultiRegionConfiguration,omitempty"`
	PendingDeletionWindowInDays *int32                    `json:"PendingDeletionWindowInDays,omitempty"`
	ExpirationModel             string                    `json:"ExpirationModel,omitempty"`
	CurrentKeyMaterialId        string                    `json:"CurrentKeyMaterialId,omitempty"`
}

// CreateKeyInput is the CreateKey request.
type CreateKeyInput struct {
	Policy                         *string `json:"Policy" validate:"len=1..131072"`
	Description                    *string `json:"Description" validate:"len=0..8192"`
	KeyUsage                       *string `json:"KeyUsage" validate:"enum=SIGN_VERIFY|ENCRYPT_DECRYPT|GENERATE_VERIFY_MAC|KEY_AGREEMENT|ENCAPSULATE_DECAPSULATE"`
	CustomerMasterKeySpec          *string `json:"CustomerMasterKeySpec" validate:"enum=RSA_2048|RSA_3072|RSA_4096|ECC_NIST_P256|ECC_NIST_P384|ECC_NIST_P521|ECC_SECG_P256K1|SYMMETRIC_DEFAULT|HMAC_224|HMAC_256|HMAC_384|HMAC_512|SM2"`
	KeySpec                        *string `json:"KeySpec" validate:"enum=RSA_2048|RSA_3072|RSA_4096|ECC_NIST_P256|ECC_NIST_P384|ECC_NIST_P521|ECC_SECG_P256K1|SYMMETRIC_DEFAULT|HMAC_224|HMAC_256|HMAC_384|HMAC_512|SM2|ML_DSA_44|ML_DSA_65|ML_DSA_87|ECC_NIST_EDWARDS25519|ML_KEM_512|ML_KEM_768|ML_KEM_1024"`
	Origin                         *string `json:"Origin" validate:"enum=AWS_KMS|EXTERNAL|AWS_CLOUDHSM|EXTERNAL_KEY_STORE"`
	CustomKeyStoreId               *string `json:"CustomKeyStoreId" validate:"len=1..64"`
	BypassPolicyLockoutSafetyCheck *bool   `json:"BypassPolicyLockoutSafetyCheck"`
	Tags                           []Tag   `json:"Tags"`
	MultiRegion                    *bool   `json:"MultiRegion"`
	XksKeyId                       *string `json:"XksKeyId" validate:"len=1..128"`
}

// CreateKeyOutput is the CreateKey response.
type CreateKeyOutput struct {
	KeyMetadata *KeyMetadata `json:"KeyMetadata"`
}

// DescribeKeyInput is the DescribeKey request.
type DescribeKeyInput struct {
	KeyId       string   `json:"KeyId" validate:"required,len=1..2048"`
	GrantTokens []string `json:"GrantTokens"`
}

// DescribeKeyOutput is the DescribeKey response.
type DescribeKeyOutput struct {
	KeyMetadata *KeyMetadata `json:"KeyMetadata"`
}

// KeyListEntry is one ListKeys entry.
type KeyListEntry struct {
	KeyId  string `json:"KeyId"`
	KeyArn string `json:"KeyArn"`
}

// ListKeysInput is the ListKeys request.
type ListKeysInput struct {
	Limit          *int32   `json:"Limit" validate:"range=1..1000"`
	Marker         *string  `json:"Marker" validate:"len=1..1024"`
	ResourceOwners []string `json:"ResourceOwners"`
}

// ListKeysOutput is the ListKeys response.
type ListKeysOutput struct {
	Keys       []KeyListEntry `json:"Keys"`
	NextMarker string         `json:"NextMarker,omitempty"`
	Truncated  bool           `json:"Truncated"`
}

// EnableKeyInput is the EnableKey request.
type EnableKeyInput struct {
	KeyId string `json:"KeyId" validate:"required,len=1..2048"`
}

// EnableKeyOutput is the (empty) EnableKey response.
type EnableKeyOutput struct{}

// DisableKeyInput is the DisableKey request.
type DisableKeyInput struct {
	KeyId string `json:"KeyId" validate:"required,len=1..2048"`
}

// DisableKeyOutput is the (empty) DisableKey response.
type DisableKeyOutput struct{}

// ScheduleKeyDeletionInput is the ScheduleKeyDeletion request.
type ScheduleKeyDeletionInput struct {
	KeyId               string `json:"KeyId" validate:"required,len=1..2048"`
	PendingWindowInDays *int32 `json:"PendingWindowInDays" validate:"range=1..365"`
}

// ScheduleKeyDeletionOutput is the ScheduleKeyDeletion response.
type ScheduleKeyDeletionOutput struct {
	KeyId               string `json:"KeyId"`
	DeletionDate        *Time  `json:"DeletionDate,omitempty"`
	KeyState            string `json:"KeyState"`
	PendingWindowInDays int32  `json:"PendingWindowInDays"`
}

// CancelKeyDeletionInput is the CancelKeyDeletion request.
type CancelKeyDeletionInput struct {
	KeyId string `json:"KeyId" validate:"required,len=1..2048"`
}

// CancelKeyDeletionOutput is the CancelKeyDeletion response.
type CancelKeyDeletionOutput struct {
	KeyId string `json:"KeyId"`
}

// GetParametersForImportInput is the GetParametersForImport request.
type GetParametersForImportInput struct {
	KeyId             string `json:"KeyId" validate:"required,len=1..2048"`
	WrappingAlgorithm string `json:"WrappingAlgorithm" validate:"required,enum=RSAES_PKCS1_V1_5|RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256|RSA_AES_KEY_WRAP_SHA_1|RSA_AES_KEY_WRAP_SHA_256|SM2PKE"`
	WrappingKeySpec   string `json:"WrappingKeySpec" validate:"required,enum=RSA_2048|RSA_3072|RSA_4096|SM2"`
}

// GetParametersForImportOutput is the GetParametersForImport response.
type GetParametersForImportOutput struct {
	KeyId             string `json:"KeyId"`
	ImportToken       []byte `json:"ImportToken"`
	PublicKey         []byte `json:"PublicKey"`
	ParametersValidTo *Time  `json:"ParametersValidTo"`
}

// ImportKeyMaterialInput is the ImportKeyMaterial request.
type ImportKeyMaterialInput struct {
	KeyId                  string  `json:"KeyId" validate:"required,len=1..2048"`
	ImportToken            []byte  `json:"ImportToken" validate:"required,len=1..6144"`
	EncryptedKeyMaterial   []byte  `json:"EncryptedKeyMaterial" validate:"required,len=1..6144"`
	ValidTo                *Time   `json:"ValidTo"`
	ExpirationModel        *string `json:"ExpirationModel" validate:"enum=KEY_MATERIAL_EXPIRES|KEY_MATERIAL_DOES_NOT_EXPIRE"`
	ImportType             *string `json:"ImportType" validate:"enum=NEW_KEY_MATERIAL|EXISTING_KEY_MATERIAL"`
	KeyMaterialDescription *string `json:"KeyMaterialDescription" validate:"len=0..256,pattern=^[a-zA-Z0-9:/_\\s.-]+$"`
	KeyMaterialId          *string `json:"KeyMaterialId" validate:"len=64..64,pattern=^[a-f0-9]+$"`
}

// ImportKeyMaterialOutput is the ImportKeyMaterial response.
type ImportKeyMaterialOutput struct {
	KeyId         string `json:"KeyId"`
	KeyMaterialId string `json:"KeyMaterialId,omitempty"`
}

// DeleteImportedKeyMaterialInput is the DeleteImportedKeyMaterial request.
type DeleteImportedKeyMaterialInput struct {
	KeyId         string  `json:"KeyId" validate:"required,len=1..2048"`
	KeyMaterialId *string `json:"KeyMaterialId" validate:"len=64..64,pattern=^[a-f0-9]+$"`
}

// DeleteImportedKeyMaterialOutput is the DeleteImportedKeyMaterial response.
type DeleteImportedKeyMaterialOutput struct {
	KeyId         string `json:"KeyId"`
	KeyMaterialId string `json:"KeyMaterialId,omitempty"`
}

// RotateKeyOnDemandInput is the RotateKeyOnDemand request.
type RotateKeyOnDemandInput struct {
	KeyId string `json:"KeyId" validate:"required,len=1..2048"`
}

// RotateKeyOnDemandOutput is the RotateKeyOnDemand response.
type RotateKeyOnDemandOutput struct {
	KeyId string `json:"KeyId"`
}

// RotationsListEntry is one key material of a key, as ListKeyRotations reports it.
type RotationsListEntry struct {
	KeyId                  string `json:"KeyId"`
	KeyMaterialId          string `json:"KeyMaterialId,omitempty"`
	KeyMaterialDescription string `json:"KeyMaterialDescription,omitempty"`
	ImportState            string `json:"ImportState,omitempty"`
	KeyMaterialState       string `json:"KeyMaterialState,omitempty"`
	ExpirationModel        string `json:"ExpirationModel,omitempty"`
	ValidTo                *Time  `json:"ValidTo,omitempty"`
	RotationDate           *Time  `json:"RotationDate,omitempty"`
	RotationType           string `json:"RotationType,omitempty"`
}

// ListKeyRotationsInput is the ListKeyRotations request.
type ListKeyRotationsInput struct {
	KeyId              string  `json:"KeyId" validate:"required,len=1..2048"`
	IncludeKeyMaterial *string `json:"IncludeKeyMaterial" validate:"enum=ALL_KEY_MATERIAL|ROTATIONS_ONLY"`
	Limit              *int32  `json:"Limit" validate:"range=1..1000"`
	Marker             *string `json:"Marker" validate:"len=1..1024"`
}

// ListKeyRotationsOutput is the ListKeyRotations response.
type ListKeyRotationsOutput struct {
	Rotations  []RotationsListEntry `json:"Rotations"`
	NextMarker string               `json:"NextMarker,omitempty"`
	Truncated  bool                 `json:"Truncated"`
}

// GetKeyRotationStatusInput is the GetKeyRotationStatus request.
type GetKeyRotationStatusInput struct {
	KeyId string `json:"KeyId" validate:"required,len=1..2048"`
}

// GetKeyRotationStatusOutput is the GetKeyRotationStatus response.
type GetKeyRotationStatusOutput struct {
	KeyId                     string `json:"KeyId"`
	KeyRotationEnabled        bool   `json:"KeyRotationEnabled"`
	NextRotationDate          *Time  `json:"NextRotationDate,omitempty"`
	OnDemandRotationStartDate *Time  `json:"OnDemandRotationStartDate,omitempty"`
	RotationPeriodInDays      *int32 `json:"RotationPeriodInDays,omitempty"`
}

// EnableKeyRotationInput is the EnableKeyRotation request.
type EnableKeyRotationInput struct {
	KeyId                string `json:"KeyId" validate:"required,len=1..2048"`
	RotationPeriodInDays *int32 `json:"RotationPeriodInDays" validate:"range=90..2560"`
}

// EnableKeyRotationOutput is the (empty) EnableKeyRotation response.
type EnableKeyRotationOutput struct{}

// DisableKeyRotationInput is the DisableKeyRotation request.
type DisableKeyRotationInput struct {
	KeyId string `json:"KeyId" validate:"required,len=1..2048"`
}

// DisableKeyRotationOutput is the (empty) DisableKeyRotation response.
type DisableKeyRotationOutput struct{}

// ReplicateKeyInput is the ReplicateKey request.
type ReplicateKeyInput struct {
	KeyId                          string  `json:"KeyId" validate:"required,len=1..2048"`
	ReplicaRegion                  string  `json:"ReplicaRegion" validate:"required,len=1..32,pattern=^([a-z]+-)([a-z]+-)([a-z]+-)?\\d+$"`
	Policy                         *string `json:"Policy" validate:"len=1..131072"`
	BypassPolicyLockoutSafetyCheck *bool   `json:"BypassPolicyLockoutSafetyCheck"`
	Description                    *string `json:"Description" validate:"len=0..8192"`
	Tags                           []Tag   `json:"Tags"`
}

// ReplicateKeyOutput is the ReplicateKey response.
type ReplicateKeyOutput struct {
	ReplicaKeyMetadata *KeyMetadata `json:"ReplicaKeyMetadata"`
	ReplicaPolicy      string       `json:"ReplicaPolicy"`
	ReplicaTags        []Tag        `json:"ReplicaTags"`
}

// UpdatePrimaryRegionInput is the UpdatePrimaryRegion request.
type UpdatePrimaryRegionInput struct {
	KeyId         string `json:"KeyId" validate:"required,len=1..2048"`
	PrimaryRegion string `json:"PrimaryRegion" validate:"required,len=1..32,pattern=^([a-z]+-)([a-z]+-)([a-z]+-)?\\d+$"`
}

// UpdatePrimaryRegionOutput is the (empty) UpdatePrimaryRegion response.
type UpdatePrimaryRegionOutput struct{}

// EncryptInput is the Encrypt request.
type EncryptInput struct {
	KeyId               string            `json:"KeyId" validate:"required,len=1..2048"`
	Plaintext           []byte            `json:"Plaintext" validate:"required,len=1..4096"`
	EncryptionContext   map[string]string `json:"EncryptionContext"`
	GrantTokens         []string          `json:"GrantTokens"`
	EncryptionAlgorithm *string           `json:"EncryptionAlgorithm" validate:"enum=SYMMETRIC_DEFAULT|RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256|SM2PKE"`
	DryRun              *bool             `json:"DryRun"`
}

// EncryptOutput is the Encrypt response.
type EncryptOutput struct {
	CiphertextBlob      []byte `json:"CiphertextBlob"`
	KeyId               string `json:"KeyId"`
	EncryptionAlgorithm string `json:"EncryptionAlgorithm"`
}

// DecryptInput is the Decrypt request.
type DecryptInput struct {
	CiphertextBlob      []byte            `json:"CiphertextBlob" validate:"required,len=1..6144"`
	EncryptionContext   map[string]string `json:"EncryptionContext"`
	GrantTokens         []string          `json:"GrantTokens"`
	KeyId               *string           `json:"KeyId" validate:"len=1..2048"`
	EncryptionAlgorithm *string           `json:"EncryptionAlgorithm" validate:"enum=SYMMETRIC_DEFAULT|RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256|SM2PKE"`
	DryRun              *bool             `json:"DryRun"`
}

// DecryptOutput is the Decrypt response.
type DecryptOutput struct {
	KeyId               string `json:"KeyId"`
	Plaintext           []byte `json:"Plaintext"`
	EncryptionAlgorithm string `json:"EncryptionAlgorithm"`
	KeyMaterialId       string `json:"KeyMaterialId,omitempty"`
}

// ReEncryptInput is the ReEncrypt request.
type ReEncryptInput struct {
	CiphertextBlob                 []byte            `json:"CiphertextBlob" validate:"required,len=1..6144"`
	SourceEncryptionContext        map[string]string `json:"SourceEncryptionContext"`
	SourceKeyId                    *string           `json:"SourceKeyId" validate:"len=1..2048"`
	DestinationKeyId               string            `json:"DestinationKeyId" validate:"required,len=1..2048"`
	DestinationEncryptionContext   map[string]string `json:"DestinationEncryptionContext"`
	SourceEncryptionAlgorithm      *string           `json:"SourceEncryptionAlgorithm" validate:"enum=SYMMETRIC_DEFAULT|RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256|SM2PKE"`
	DestinationEncryptionAlgorithm *string           `json:"DestinationEncryptionAlgorithm" validate:"enum=SYMMETRIC_DEFAULT|RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256|SM2PKE"`
	GrantTokens                    []string          `json:"GrantTokens"`
	DryRun                         *bool             `json:"DryRun"`
}

// ReEncryptOutput is the ReEncrypt response.
type ReEncryptOutput struct {
	CiphertextBlob                 []byte `json:"CiphertextBlob"`
	SourceKeyId                    string `json:"SourceKeyId"`
	KeyId                          string `json:"KeyId"`
	SourceEncryptionAlgorithm      string `json:"SourceEncryptionAlgorithm"`
	DestinationEncryptionAlgorithm string `json:"DestinationEncryptionAlgorithm"`
	SourceKeyMaterialId            string `json:"SourceKeyMaterialId,omitempty"`
	DestinationKeyMaterialId       string `json:"DestinationKeyMaterialId,omitempty"`
}

// GenerateDataKeyInput is the GenerateDataKey request.
type GenerateDataKeyInput struct {
	KeyId             string            `json:"KeyId" validate:"required,len=1..2048"`
	EncryptionContext map[string]string `json:"EncryptionContext"`
	NumberOfBytes     *int32            `json:"NumberOfBytes" validate:"range=1..1024"`
	KeySpec           *string           `json:"KeySpec" validate:"enum=AES_256|AES_128"`
	GrantTokens       []string          `json:"GrantTokens"`
	DryRun            *bool             `json:"DryRun"`
}

// GenerateDataKeyOutput is the GenerateDataKey response.
type GenerateDataKeyOutput struct {
	CiphertextBlob []byte `json:"CiphertextBlob"`
	Plaintext      []byte `json:"Plaintext"`
	KeyId          string `json:"KeyId"`
	KeyMaterialId  string `json:"KeyMaterialId,omitempty"`
}

// GenerateDataKeyWithoutPlaintextInput is the GenerateDataKeyWithoutPlaintext request.
type GenerateDataKeyWithoutPlaintextInput struct {
	KeyId             string            `json:"KeyId" validate:"required,len=1..2048"`
	EncryptionContext map[string]string `json:"EncryptionContext"`
	KeySpec           *string           `json:"KeySpec" validate:"enum=AES_256|AES_128"`
	NumberOfBytes     *int32            `json:"NumberOfBytes" validate:"range=1..1024"`
	GrantTokens       []string          `json:"GrantTokens"`
	DryRun            *bool             `json:"DryRun"`
}

// GenerateDataKeyWithoutPlaintextOutput is the GenerateDataKeyWithoutPlaintext response.
type GenerateDataKeyWithoutPlaintextOutput struct {
	CiphertextBlob []byte `json:"CiphertextBlob"`
	KeyId          string `json:"KeyId"`
	KeyMaterialId  string `json:"KeyMaterialId,omitempty"`
}

// GenerateMacInput is the GenerateMac request.
type GenerateMacInput struct {
	Message      []byte   `json:"Message" validate:"required,len=1..4096"`
	KeyId        string   `json:"KeyId" validate:"required,len=1..2048"`
	MacAlgorithm string   `json:"MacAlgorithm" validate:"required,enum=HMAC_SHA_224|HMAC_SHA_256|HMAC_SHA_384|HMAC_SHA_512"`
	GrantTokens  []string `json:"GrantTokens"`
	DryRun       *bool    `json:"DryRun"`
}

// GenerateMacOutput is the GenerateMac response.
type GenerateMacOutput struct {
	Mac          []byte `json:"Mac"`
	MacAlgorithm string `json:"MacAlgorithm"`
	KeyId        string `json:"KeyId"`
}

// VerifyMacInput is the VerifyMac request.
type VerifyMacInput struct {
	Message      []byte   `json:"Message" validate:"required,len=1..4096"`
	KeyId        string   `json:"KeyId" validate:"required,len=1..2048"`
	MacAlgorithm string   `json:"MacAlgorithm" validate:"required,enum=HMAC_SHA_224|HMAC_SHA_256|HMAC_SHA_384|HMAC_SHA_512"`
	Mac          []byte   `json:"Mac" validate:"required,len=1..6144"`
	GrantTokens  []string `json:"GrantTokens"`
	DryRun       *bool    `json:"DryRun"`
}

// VerifyMacOutput is the VerifyMac response.
type VerifyMacOutput struct {
	KeyId        string `json:"KeyId"`
	MacValid     bool   `json:"MacValid"`
	MacAlgorithm string `json:"MacAlgorithm"`
}

// SignInput is the Sign request.
type SignInput struct {
	KeyId            string   `json:"KeyId" validate:"required,len=1..2048"`
	Message          []byte   `json:"Message" validate:"required,len=1..4096"`
	MessageType      *string  `json:"MessageType" validate:"enum=RAW|DIGEST|EXTERNAL_MU"`
	GrantTokens      []string `json:"GrantTokens"`
	SigningAlgorithm string   `json:"SigningAlgorithm" validate:"required,enum=RSASSA_PSS_SHA_256|RSASSA_PSS_SHA_384|RSASSA_PSS_SHA_512|RSASSA_PKCS1_V1_5_SHA_256|RSASSA_PKCS1_V1_5_SHA_384|RSASSA_PKCS1_V1_5_SHA_512|ECDSA_SHA_256|ECDSA_SHA_384|ECDSA_SHA_512|SM2DSA|ML_DSA_SHAKE_256|ED25519_SHA_512|ED25519_PH_SHA_512"`
	DryRun           *bool    `json:"DryRun"`
}

// SignOutput is the Sign response.
type SignOutput struct {
	KeyId            string `json:"KeyId"`
	Signature        []byte `json:"Signature"`
	SigningAlgorithm string `json:"SigningAlgorithm"`
}

// VerifyInput is the Verify request.
type VerifyInput struct {
	KeyId            string   `json:"KeyId" validate:"required,len=1..2048"`
	Message          []byte   `json:"Message" validate:"required,len=1..4096"`
	MessageType      *string  `json:"MessageType" validate:"enum=RAW|DIGEST|EXTERNAL_MU"`
	Signature        []byte   `json:"Signature" validate:"required,len=1..6144"`
	SigningAlgorithm string   `json:"SigningAlgorithm" validate:"required,enum=RSASSA_PSS_SHA_256|RSASSA_PSS_SHA_384|RSASSA_PSS_SHA_512|RSASSA_PKCS1_V1_5_SHA_256|RSASSA_PKCS1_V1_5_SHA_384|RSASSA_PKCS1_V1_5_SHA_512|ECDSA_SHA_256|ECDSA_SHA_384|ECDSA_SHA_512|SM2DSA|ML_DSA_SHAKE_256|ED25519_SHA_512|ED25519_PH_SHA_512"`
	GrantTokens      []string `json:"GrantTokens"`
	DryRun           *bool    `json:"DryRun"`
}

// VerifyOutput is the Verify response.
type VerifyOutput struct {
	KeyId            string `json:"KeyId"`
	SignatureValid   bool   `json:"SignatureValid"`
	SigningAlgorithm string `json:"SigningAlgorithm"`
}

// GetPublicKeyInput is the GetPublicKey request.
type GetPublicKeyInput struct {
	KeyId       string   `json:"KeyId" validate:"required,len=1..2048"`
	GrantTokens []string `json:"GrantTokens"`
}

// GetPublicKeyOutput is the GetPublicKey response.
type GetPublicKeyOutput struct {
	KeyId                  string   `json:"KeyId"`
	PublicKey              []byte   `json:"PublicKey"`
	CustomerMasterKeySpec  string   `json:"CustomerMasterKeySpec,omitempty"`
	KeySpec                string   `json:"KeySpec"`
	KeyUsage               string   `json:"KeyUsage"`
	EncryptionAlgorithms   []string `json:"EncryptionAlgorithms,omitempty"`
	SigningAlgorithms      []string `json:"SigningAlgorithms,omitempty"`
	KeyAgreementAlgorithms []string `json:"KeyAgreementAlgorithms,omitempty"`
}

// DeriveSharedSecretInput is the DeriveSharedSecret request.
type DeriveSharedSecretInput struct {
	KeyId                 string   `json:"KeyId" validate:"required,len=1..2048"`
	KeyAgreementAlgorithm string   `json:"KeyAgreementAlgorithm" validate:"required,enum=ECDH"`
	PublicKey             []byte   `json:"PublicKey" validate:"required,len=1..8192"`
	GrantTokens           []string `json:"GrantTokens"`
	DryRun                *bool    `json:"DryRun"`
}

// DeriveSharedSecretOutput is the DeriveSharedSecret response.
type DeriveSharedSecretOutput struct {
	KeyId                 string `json:"KeyId"`
	SharedSecret          []byte `json:"SharedSecret"`
	KeyAgreementAlgorithm string `json:"KeyAgreementAlgorithm"`
	KeyOrigin             string `json:"KeyOrigin"`
}

// TagResourceInput is the TagResource request.
type TagResourceInput struct {
	KeyId string `json:"KeyId" validate:"required,len=1..2048"`
	Tags  []Tag  `json:"Tags" validate:"required"`
}

// TagResourceOutput is the (empty) TagResource response.
type TagResourceOutput struct{}

// UntagResourceInput is the UntagResource request.
type UntagResourceInput struct {
	KeyId   string   `json:"KeyId" validate:"required,len=1..2048"`
	TagKeys []string `json:"TagKeys" validate:"required"`
}

// UntagResourceOutput is the (empty) UntagResource response.
type UntagResourceOutput struct{}

// ListResourceTagsInput is the ListResourceTags request.
type ListResourceTagsInput struct {
	KeyId  string  `json:"KeyId" validate:"required,len=1..2048"`
	Limit  *int32  `json:"Limit" validate:"range=1..1000"`
	Marker *string `json:"Marker" validate:"len=1..1024"`
}

// ListResourceTagsOutput is the ListResourceTags response.
type ListResourceTagsOutput struct {
	Tags       []Tag  `json:"Tags"`
	NextMarker string `json:"NextMarker,omitempty"`
	Truncated  bool   `json:"Truncated"`
}

// CreateAliasInput is the CreateAlias request.
type CreateAliasInput struct {
	AliasName   string `json:"AliasName" validate:"required,len=1..256,pattern=^[a-zA-Z0-9:/_-]+$"`
	TargetKeyId string `json:"TargetKeyId" validate:"required,len=1..2048"`
}

// CreateAliasOutput is the (empty) CreateAlias response.
type CreateAliasOutput struct{}

// UpdateAliasInput is the UpdateAlias request.
type UpdateAliasInput struct {
	AliasName   string `json:"AliasName" validate:"required,len=1..256,pattern=^[a-zA-Z0-9:/_-]+$"`
	TargetKeyId string `json:"TargetKeyId" validate:"required,len=1..2048"`
}

// UpdateAliasOutput is the (empty) UpdateAlias response.
type UpdateAliasOutput struct{}

// DeleteAliasInput is the DeleteAlias request.
type DeleteAliasInput struct {
	AliasName string `json:"AliasName" validate:"required,len=1..256,pattern=^[a-zA-Z0-9:/_-]+$"`
}

// DeleteAliasOutput is the (empty) DeleteAlias response.
type DeleteAliasOutput struct{}

// AliasListEntry is one ListAliases entry.
type AliasListEntry struct {
	AliasName       string `json:"AliasName"`
	AliasArn        string `json:"AliasArn"`
	TargetKeyId     string `json:"TargetKeyId,omitempty"`
	CreationDate    *Time  `json:"CreationDate,omitempty"`
	LastUpdatedDate *Time  `json:"LastUpdatedDate,omitempty"`
}

// ListAliasesInput is the ListAliases request.
type ListAliasesInput struct {
	KeyId  *string `json:"KeyId" validate:"len=1..2048"`
	Limit  *int32  `json:"Limit" validate:"range=1..100"`
	Marker *string `json:"Marker" validate:"len=1..1024"`
}

// ListAliasesOutput is the ListAliases response.
type ListAliasesOutput struct {
	Aliases    []AliasListEntry `json:"Aliases"`
	NextMarker string           `json:"NextMarker,omitempty"`
	Truncated  bool             `json:"Truncated"`
}

// GetKeyPolicyInput is the GetKeyPolicy request.
type GetKeyPolicyInput struct {
	KeyId      string  `json:"KeyId" validate:"required,len=1..2048"`
	PolicyName *string `json:"PolicyName" validate:"len=1..128,pattern=^[\\w]+$"`
}

// GetKeyPolicyOutput is the GetKeyPolicy response.
type GetKeyPolicyOutput struct {
	Policy     string `json:"Policy"`
	PolicyName string `json:"PolicyName"`
}

// PutKeyPolicyInput is the PutKeyPolicy request.
type PutKeyPolicyInput struct {
	KeyId                          string  `json:"KeyId" validate:"required,len=1..2048"`
	PolicyName                     *string `json:"PolicyName" validate:"len=1..128,pattern=^[\\w]+$"`
	Policy                         string  `json:"Policy" validate:"required,len=1..131072"`
	BypassPolicyLockoutSafetyCheck *bool   `json:"BypassPolicyLockoutSafetyCheck"`
}

// PutKeyPolicyOutput is the (empty) PutKeyPolicy response.
type PutKeyPolicyOutput struct{}

// ListKeyPoliciesInput is the ListKeyPolicies request.
type ListKeyPoliciesInput struct {
	KeyId  string  `json:"KeyId" validate:"required,len=1..2048"`
	Limit  *int32  `json:"Limit" validate:"range=1..1000"`
	Marker *string `json:"Marker" validate:"len=1..1024"`
}

// ListKeyPoliciesOutput is the ListKeyPolicies response.
type ListKeyPoliciesOutput struct {
	PolicyNames []string `json:"PolicyNames"`
	NextMarker  string   `json:"NextMarker,omitempty"`
	Truncated   bool     `json:"Truncated"`
}

// UpdateKeyDescriptionInput is the UpdateKeyDescription request.
type UpdateKeyDescriptionInput struct {
	KeyId       string `json:"KeyId" validate:"required,len=1..2048"`
	Description string `json:"Description" validate:"required,len=0..8192"`
}

// UpdateKeyDescriptionOutput is the (empty) UpdateKeyDescription response.
type UpdateKeyDescriptionOutput struct{}

// GrantConstraints narrows a grant to encryption contexts (types.GrantConstraints).
type GrantConstraints struct {
	EncryptionContextSubset map[string]string `json:"EncryptionContextSubset,omitempty"`
	EncryptionContextEquals map[string]string `json:"EncryptionContextEquals,omitempty"`
}

// CreateGrantInput is the CreateGrant request.
type CreateGrantInput struct {
	KeyId             string            `json:"KeyId" validate:"required,len=1..2048"`
	GranteePrincipal  string            `json:"GranteePrincipal" validate:"required,len=1..256"`
	RetiringPrincipal *string           `json:"RetiringPrincipal" validate:"len=1..256"`
	Operations        []string          `json:"Operations" validate:"required"`
	Constraints       *GrantConstraints `json:"Constraints"`
	GrantTokens       []string          `json:"GrantTokens"`
	Name              *string           `json:"Name" validate:"len=1..256,pattern=^[a-zA-Z0-9:/_-]+$"`
	DryRun            *bool             `json:"DryRun"`
}

// CreateGrantOutput is the CreateGrant response.
type CreateGrantOutput struct {
	GrantToken string `json:"GrantToken"`
	GrantId    string `json:"GrantId"`
}

// GrantListEntry is one grant as ListGrants reports it.
type GrantListEntry struct {
	KeyId             string            `json:"KeyId"`
	GrantId           string            `json:"GrantId"`
	Name              string            `json:"Name,omitempty"`
	CreationDate      *Time             `json:"CreationDate,omitempty"`
	GranteePrincipal  string            `json:"GranteePrincipal"`
	RetiringPrincipal string            `json:"RetiringPrincipal,omitempty"`
	IssuingAccount    string            `json:"IssuingAccount"`
	Operations        []string          `json:"Operations"`
	Constraints       *GrantConstraints `json:"Constraints,omitempty"`
}

// ListGrantsInput is the ListGrants request.
type ListGrantsInput struct {
	KeyId            string  `json:"KeyId" validate:"required,len=1..2048"`
	Limit            *int32  `json:"Limit" validate:"range=1..1000"`
	Marker           *string `json:"Marker" validate:"len=1..1024"`
	GrantId          *string `json:"GrantId" validate:"len=1..128"`
	GranteePrincipal *string `json:"GranteePrincipal" validate:"len=1..256"`
}

// ListGrantsOutput is the ListGrants response.
type ListGrantsOutput struct {
	Grants     []GrantListEntry `json:"Grants"`
	NextMarker string           `json:"NextMarker,omitempty"`
	Truncated  bool             `json:"Truncated"`
}

// RetireGrantInput is the RetireGrant request.
type RetireGrantInput struct {
	GrantToken *string `json:"GrantToken" validate:"len=1..8192"`
	KeyId      *string `json:"KeyId" validate:"len=1..2048"`
	GrantId    *string `json:"GrantId" validate:"len=1..128"`
	DryRun     *bool   `json:"DryRun"`
}

// RetireGrantOutput is the (empty) RetireGrant response.
type RetireGrantOutput struct{}

// RevokeGrantInput is the RevokeGrant request.
type RevokeGrantInput struct {
	KeyId   string `json:"KeyId" validate:"required,len=1..2048"`
	GrantId string `json:"GrantId" validate:"required,len=1..128"`
	DryRun  *bool  `json:"DryRun"`
}

// RevokeGrantOutput is the (empty) RevokeGrant response.
type RevokeGrantOutput struct{}
