Feature: DeleteImportedKeyMaterial
  DeleteImportedKeyMaterial removes imported key material from a KMS key and leaves the key
  itself, unusable until the same material is imported again. With several key materials
  (@multiple-key-materials) it deletes the current one or the one a KeyMaterialId names.
  Catalogue section DELETE of ../shared/spec/rules.md.

  Rule: DELETE-001 DeleteImportedKeyMaterial on an Enabled EXTERNAL key removes the material and puts the key in PendingImport
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-delete-key-material.html
    Deleting the material makes the key unusable at once: it goes to PendingImport (Enabled
    false) and Encrypt and Decrypt fail with KMSInvalidStateException.

    Scenario: An Enabled key loses its material and becomes PendingImport
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K" as "C"
      When I delete the imported key material of "K"
      Then the deletion succeeds
      And "K" is PendingImport
      And "K" has Enabled false
      When I encrypt a plaintext with "K"
      Then the encryption fails with KMSInvalidStateException
      When I decrypt "C"
      Then the decryption fails with KMSInvalidStateException

  Rule: DELETE-002 DeleteImportedKeyMaterial on a Disabled key also moves it to PendingImport
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Any key that is not pending deletion goes to PendingImport, a Disabled one included.

    Scenario: A Disabled key loses its material and becomes PendingImport
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I disable "K"
      When I delete the imported key material of "K"
      Then the deletion succeeds
      And "K" is PendingImport

  Rule: DELETE-003 DeleteImportedKeyMaterial on a key in PendingDeletion deletes the material but leaves the key in PendingDeletion
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key pending deletion keeps that state and its DeletionDate; the material is gone, which
    shows once the deletion is cancelled (STATE-007).
    Ambiguous (STATE-007): after CancelKeyDeletion, PendingImport (preferred) or Disabled and
    unusable even after EnableKey are accepted.

    Scenario: A key pending deletion stays PendingDeletion and loses its material
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K" as "C"
      And I schedule the deletion of "K" with a 7-day waiting period
      And I note the metadata of "K"
      When I delete the imported key material of "K"
      Then the deletion succeeds
      And "K" is PendingDeletion
      And "K" still has the noted DeletionDate
      When I cancel the deletion of "K"
      Then it succeeds
      And "K" is PendingImport, or else Disabled and neither encrypts nor decrypts "C" after EnableKey

  Rule: DELETE-004 DeleteImportedKeyMaterial on a key that has no material (PendingImport) succeeds and changes nothing
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    The 2023 key state table lists DeleteImportedKeyMaterial on a PendingImport key as allowed
    with no effect.
    Ambiguous: current documentation is silent. Accepted: success (preferred) or
    KMSInvalidStateException; either way the key stays PendingImport.

    Scenario: A key that never had material
      Given an EXTERNAL symmetric key "K"
      And I note the metadata of "K"
      When I delete the imported key material of "K"
      Then the deletion succeeds or fails with KMSInvalidStateException
      And "K" is PendingImport
      And the metadata of "K" is unchanged

    Scenario: A second deletion after the material was deleted
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I delete the imported key material of "K"
      And I note the metadata of "K"
      When I delete the imported key material of "K"
      Then the deletion succeeds or fails with KMSInvalidStateException
      And "K" is PendingImport
      And the metadata of "K" is unchanged

  Rule: DELETE-005 DeleteImportedKeyMaterial on a key whose Origin is not EXTERNAL fails with UnsupportedOperationException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html#KMS-DeleteImportedKeyMaterial-request-KeyId
    Only keys with Origin EXTERNAL have imported material to delete.

    Scenario: An AWS_KMS key refuses the deletion and stays usable
      Given an AWS_KMS symmetric key "A"
      When I delete the imported key material of "A"
      Then the deletion fails with UnsupportedOperationException
      And "A" is Enabled
      When I encrypt a plaintext with "A"
      Then the encryption succeeds

  @multiple-key-materials
  Rule: DELETE-006 DeleteImportedKeyMaterial returns the key ARN and the ID of the material it deleted
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html#API_DeleteImportedKeyMaterial_ResponseSyntax
    The answer names the key by its ARN and the deleted material by its KeyMaterialId: the
    current material when the request names none.
    Ambiguous: the answer's KeyMaterialId may be empty (minimum length 0), which suggests an
    empty value when there is nothing to report (asymmetric and HMAC keys, no-op deletes);
    absent or empty is accepted there.

    Scenario: Without a KeyMaterialId the answer names the current material
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And the CurrentKeyMaterialId of "K" identifies "M"
      When I delete the key material of "K" without a KeyMaterialId
      Then the deletion succeeds
      And the deletion answer names "K" by its ARN and "M" by its KeyMaterialId

    Scenario: With a KeyMaterialId the answer names that material
      Given an EXTERNAL symmetric key "K" with imported material "A"
      And the CurrentKeyMaterialId of "K" identifies "A"
      And new key material "B" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "B" into "K" with the parameters "P2" as new key material pending rotation
      And I rotate "K" on demand to its pending material
      When I delete the key material "A" from "K" by its KeyMaterialId
      Then the deletion succeeds
      And the deletion answer names "K" by its ARN and "A" by its KeyMaterialId

    Scenario: A key that never had material
      Given an EXTERNAL symmetric key "K"
      When I delete the key material of "K" without a KeyMaterialId
      Then the deletion succeeds or fails with KMSInvalidStateException
      And if it succeeded, the deletion answer names "K" by its ARN and no KeyMaterialId, or an empty one

    @hmac
    Scenario: An HMAC key
      Given an EXTERNAL HMAC_256 key "H" with imported material "M"
      When I delete the key material of "H" without a KeyMaterialId
      Then the deletion succeeds
      And the deletion answer names "H" by its ARN and no KeyMaterialId, or an empty one

  Rule: DELETE-007 Deleting the material keeps the KMS key and its metadata; only reimporting the same material makes it usable again
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-delete-key-material.html
    Deleting the material does not delete the key: its identifiers, origin, spec, usage,
    description, aliases and tags stay. EnableKey cannot make it usable (STATE-002); a
    reimport of the same material does, and other material is refused.

    Scenario: The key keeps its identity and comes back with the same material
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K" as "C"
      And I give "K" an alias and a tag
      And I note the identity of "K"
      When I delete the imported key material of "K"
      Then the deletion succeeds
      And the identity of "K" is unchanged
      When I enable "K"
      Then it fails with KMSInvalidStateException
      Given I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" is Enabled
      And the identity of "K" is unchanged
      When I decrypt "C"
      Then the decryption succeeds

    Scenario: Other material does not bring the key back
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I delete the imported key material of "K"
      And key material "N" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      When I import "N" into "K" with the parameters "P2"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

  Rule: DELETE-008 After a delete, DescribeKey no longer reports ValidTo, and AWS also drops ExpirationModel
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    With the material gone there is no expiry to report: ValidTo is absent.
    Ambiguous: ExpirationModel is documented for EXTERNAL keys but AWS was seen to omit it
    after a delete; absent (preferred) or a valid model are accepted. CurrentKeyMaterialId:
    present (preferred, as observed) or absent.

    Scenario Outline: After deleting material imported <how>
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with <model> and <validTo>
      When I delete the imported key material of "K"
      Then the deletion succeeds
      And "K" has no ValidTo
      And "K" has no ExpirationModel or a valid one
      And "K" has no CurrentKeyMaterialId or a valid one

      Examples:
        | how               | model                                        | validTo            |
        | with an expiry    | ExpirationModel KEY_MATERIAL_EXPIRES         | ValidTo in 30 days |
        | without an expiry | ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE | no ValidTo         |

  @multiple-key-materials
  Rule: DELETE-009 Without KeyMaterialId the current material is deleted; with KeyMaterialId the named material is deleted
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html#KMS-DeleteImportedKeyMaterial-request-KeyMaterialId
    A request without KeyMaterialId deletes the current material; with one, the named material.

    Background:
      Given an EXTERNAL symmetric key "K" with imported material "A"
      And the CurrentKeyMaterialId of "K" identifies "A"
      And new key material "B" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "B" into "K" with the parameters "P2" as new key material pending rotation
      And I rotate "K" on demand to its pending material
      And the CurrentKeyMaterialId of "K" identifies "B"

    Scenario: Deleting the NON_CURRENT material by its ID leaves the CURRENT one
      When I delete the key material "A" from "K" by its KeyMaterialId
      Then the deletion succeeds
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "A" as NON_CURRENT and PENDING_IMPORT
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "B" as CURRENT and IMPORTED

    Scenario: Deleting without an ID removes the CURRENT material
      When I delete the key material of "K" without a KeyMaterialId
      Then the deletion succeeds
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "B" as CURRENT and PENDING_IMPORT
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "A" as NON_CURRENT and IMPORTED

  @multiple-key-materials
  Rule: DELETE-010 Deleting any permanently associated material makes the key PendingImport
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    The key needs every permanently associated material: without its NON_CURRENT material it is
    PendingImport and refuses Encrypt, although the CURRENT material is still there.

    Scenario: Deleting the NON_CURRENT material makes the key PendingImport
      Given an EXTERNAL symmetric key "K" with imported material "A"
      And the CurrentKeyMaterialId of "K" identifies "A"
      And new key material "B" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "B" into "K" with the parameters "P2" as new key material pending rotation
      And I rotate "K" on demand to its pending material
      When I delete the key material "A" from "K" by its KeyMaterialId
      Then the deletion succeeds
      And "K" is PendingImport
      When I encrypt a plaintext with "K"
      Then the encryption fails with KMSInvalidStateException

  @multiple-key-materials
  Rule: DELETE-011 Deleting the PENDING_ROTATION material leaves the key's state alone and allows different new material to be imported in its place
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotationsListEntry.html
    Material pending rotation is not yet part of the key: deleting it leaves the key Enabled,
    there is nothing to rotate to, and other new material may take its place.
    Ambiguous: whether the deleted pending entry stays in ListKeyRotations (ImportState
    PENDING_IMPORT) or disappears is not documented; either is accepted.

    Scenario: The pending material is deleted and replaced
      Given an EXTERNAL symmetric key "K" with imported material "A"
      And the CurrentKeyMaterialId of "K" identifies "A"
      And new key material "B" for "K"
      And new key material "C" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "B" into "K" with the parameters "P2" as new key material pending rotation
      When I delete the key material "B" from "K" by its KeyMaterialId
      Then the deletion succeeds
      And "K" is Enabled
      And the CurrentKeyMaterialId of "K" identifies "A"
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "B" with ImportState PENDING_IMPORT, or no longer lists it
      When I rotate "K" on demand to its pending material
      Then the rotation fails with KMSInvalidStateException
      Given I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P3"
      When I import "C" into "K" with the parameters "P3" as new key material pending rotation
      Then the import succeeds
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "C" as PENDING_ROTATION and IMPORTED
      When I rotate "K" on demand to its pending material
      Then the rotation succeeds
      And the CurrentKeyMaterialId of "K" identifies "C"

  @multiple-key-materials
  Rule: DELETE-012 A KeyMaterialId that is not associated with the key is refused
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html#KMS-DeleteImportedKeyMaterial-request-KeyMaterialId
    The KeyMaterialId must name a material of this key.
    Ambiguous: no code is documented. Accepted: NotFoundException (preferred, "could not be
    found"), KMSInvalidStateException or ValidationException. Either way the key keeps its
    material.

    Scenario: The KeyMaterialId of another key's material
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And an EXTERNAL symmetric key "L" with imported material "N"
      And the CurrentKeyMaterialId of "L" identifies "N"
      When I delete the key material "N" of "L" from "K" by its KeyMaterialId
      Then the deletion fails with NotFoundException, KMSInvalidStateException or ValidationException
      And "K" is Enabled
      And "L" is Enabled

    Scenario: A well-formed KeyMaterialId that no material has
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I delete the key material with KeyMaterialId 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef from "K"
      Then the deletion fails with NotFoundException, KMSInvalidStateException or ValidationException
      And "K" is Enabled
