Feature: Multiple key materials and on-demand rotation of imported keys
  Since 2025 a symmetric encryption key with imported material can hold several key
  materials: new material is imported with ImportType NEW_KEY_MATERIAL, waits in
  PENDING_ROTATION, and RotateKeyOnDemand makes it current; older material stays for
  decryption. Catalogue section ROTATE of ../shared/spec/rules.md.

  @multiple-key-materials
  Rule: ROTATE-001 The first import into a symmetric EXTERNAL key is new key material by default and becomes its current material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ImportType
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    While nothing was ever imported, an omitted ImportType means NEW_KEY_MATERIAL; the first
    material becomes the key's current material for good. DescribeKey names it as
    CurrentKeyMaterialId; ListKeyRotations shows it only with ALL_KEY_MATERIAL, as CURRENT and
    IMPORTED, without a rotation date or type.

    Scenario Outline: The first import with <members> becomes the current material
      Given an EXTERNAL symmetric key "K"
      And key material "M1" for "K"
      When I import "M1" into "K" with <members>
      Then the import succeeds
      And I note the material ID of the import as "ID1"
      And "K" is Enabled
      And the current material ID of "K" is "ID1"
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then it succeeds
      And the rotations list has 1 entry
      And the rotations list has an entry for "ID1" with:
        | member           | value    |
        | KeyMaterialState | CURRENT  |
        | ImportState      | IMPORTED |
        | RotationDate     | absent   |
        | RotationType     | absent   |
      When I list the key rotations of "K"
      Then the rotations list is empty

      Examples:
        | members                     |
        | ImportType omitted          |
        | ImportType NEW_KEY_MATERIAL |

  @multiple-key-materials
  Rule: ROTATE-002 After the first import, ImportType defaults to EXISTING_KEY_MATERIAL
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ImportType
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    Once the key has material, an omitted ImportType means EXISTING_KEY_MATERIAL: the same
    material imports again (REIMPORT-005), other material is refused (REIMPORT-003).

    Scenario: The same material imports again without an ImportType
      Given an EXTERNAL symmetric key "K"
      And key material "M1" for "K"
      And I import "M1" into "K" with ImportType omitted
      And I note the material ID of the import as "ID1"
      When I import "M1" into "K" with ImportType omitted
      Then the import succeeds
      And the import reports the material ID "ID1"
      And the current material ID of "K" is "ID1"

    Scenario: Other material without an ImportType is refused once the key has material
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the metadata of "K"
      And new key material "M2" for "K"
      When I import "M2" into "K" with ImportType omitted
      Then the import fails with IncorrectKeyMaterialException
      And the metadata of "K" is unchanged
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list has 1 entry

  @multiple-key-materials
  Rule: ROTATE-003 A KeyMaterialId is 64 lowercase hex digits determined by the KMS key and the material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-KeyMaterialId
    KMS derives the ID of key material from the KMS key and the material; the ID is 64
    characters of 0-9 and a-f (BackingKeyIdType).
    Ambiguous: the derivation is not published; only determinism (same key and material, same
    ID) and uniqueness (another key or another material, another ID) are tested.

    Scenario: The same material keeps its ID in one key and gets another in a second key
      Given an EXTERNAL symmetric key "K1"
      And an EXTERNAL symmetric key "K2"
      And key material "M" for "K1"
      When I import "M" into "K1" with ImportType omitted
      Then I note the material ID of the import as "ID in K1"
      And the material ID "ID in K1" is 64 lowercase hex digits
      When I import "M" into "K1" with ImportType EXISTING_KEY_MATERIAL
      Then I note the material ID of the import as "ID in K1 again"
      When I import "M" into "K2" with ImportType omitted
      Then I note the material ID of the import as "ID in K2"
      And the material ID "ID in K2" is 64 lowercase hex digits
      And the material IDs "ID in K1" and "ID in K1 again" are equal
      And the material IDs "ID in K1" and "ID in K2" differ

    Scenario: Different material in one key has a different ID
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And new key material "M2" for "K"
      When I import "M2" into "K" with ImportType NEW_KEY_MATERIAL
      Then the import succeeds
      And I note the material ID of the import as "ID2"
      And the material ID "ID2" is 64 lowercase hex digits
      And the material IDs "ID1" and "ID2" differ

  @multiple-key-materials
  Rule: ROTATE-004 ImportType NEW_KEY_MATERIAL on a key with current material adds a PENDING_ROTATION material without changing what the key uses
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#import-new-key-material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotationsListEntry.html
    New material imported into a key that has material waits as PENDING_ROTATION until an
    on-demand rotation; until then the key's state, its current material and what Encrypt
    uses stay as they were. Only ALL_KEY_MATERIAL lists the pending material.

    Scenario: New material waits in PENDING_ROTATION and the key keeps using its current material
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And I note the metadata of "K"
      And new key material "M2" for "K"
      When I import "M2" into "K" with ImportType NEW_KEY_MATERIAL
      Then the import succeeds
      And I note the material ID of the import as "ID2"
      And the material IDs "ID1" and "ID2" differ
      And the metadata of "K" is unchanged
      When I encrypt a plaintext with "K" as "C"
      Then decrypting "C" reports the material ID "ID1"
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list has 2 entries
      And the rotations list has an entry for "ID2" with:
        | member           | value            |
        | KeyMaterialState | PENDING_ROTATION |
        | ImportState      | IMPORTED         |
      And the rotations list has an entry for "ID1" with:
        | member           | value   |
        | KeyMaterialState | CURRENT |
      When I list the key rotations of "K" with IncludeKeyMaterial ROTATIONS_ONLY
      Then the rotations list has no entry for "ID2"

  @multiple-key-materials
  Rule: ROTATE-005 A key holds at most one PENDING_ROTATION material; a second NEW_KEY_MATERIAL import fails with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#import-new-key-material
    A key can have only one material waiting for rotation; importing another new material
    before rotating is refused as an invalid state, and nothing changes. Once the pending
    material became current, new material can be imported again.

    Scenario: A second new material is refused while one is pending
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And new key material "M2" for "K"
      And I import "M2" into "K" with ImportType NEW_KEY_MATERIAL
      And I note the material ID of the import as "ID2"
      And I note the metadata of "K"
      And new key material "M3" for "K"
      When I import "M3" into "K" with ImportType NEW_KEY_MATERIAL
      Then the import fails with KMSInvalidStateException
      And the metadata of "K" is unchanged
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list has 2 entries
      And the rotations list has an entry for "ID2" with:
        | member           | value            |
        | KeyMaterialState | PENDING_ROTATION |

    Scenario: New material imports again once the pending material is current
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      And new key material "M3" for "K"
      When I import "M3" into "K" with ImportType NEW_KEY_MATERIAL
      Then the import succeeds
      And I note the material ID of the import as "ID3"
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list has an entry for "ID3" with:
        | member           | value            |
        | KeyMaterialState | PENDING_ROTATION |

  @multiple-key-materials
  Rule: ROTATE-006 NEW_KEY_MATERIAL with material that is already associated with the key fails with IncorrectKeyMaterialException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    New key material must be new: material the key already holds (current, non-current or
    pending) is refused as incorrect key material.
    Ambiguous: with a pending material present, repeating that pending material breaks both
    this rule and ROTATE-005, in an unknown order; either code is accepted there.

    Scenario: The current material is refused as new material
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the metadata of "K"
      When I import "M1" into "K" with ImportType NEW_KEY_MATERIAL
      Then the import fails with IncorrectKeyMaterialException
      And the metadata of "K" is unchanged

    Scenario: A non-current material is refused as new material
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      And I note the metadata of "K"
      When I import "M1" into "K" with ImportType NEW_KEY_MATERIAL
      Then the import fails with IncorrectKeyMaterialException
      And the metadata of "K" is unchanged
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list has 2 entries

    Scenario: The pending material is refused as new material
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And new key material "M2" for "K"
      And I import "M2" into "K" with ImportType NEW_KEY_MATERIAL
      And I note the metadata of "K"
      When I import "M2" into "K" with ImportType NEW_KEY_MATERIAL
      Then the import fails with IncorrectKeyMaterialException or KMSInvalidStateException
      And the metadata of "K" is unchanged

  @multiple-key-materials
  Rule: ROTATE-007 KeyMaterialId cannot be combined with ImportType NEW_KEY_MATERIAL
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-KeyMaterialId
    A KeyMaterialId names existing material, so it is not allowed with NEW_KEY_MATERIAL.
    Ambiguous: no code is documented; like EXPIRY-002 it is a rule about the request's shape, so
    ValidationException is preferred and UnsupportedOperationException accepted.

    Scenario: NEW_KEY_MATERIAL with the current material's ID is refused
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And I note the metadata of "K"
      And new key material "M2" for "K"
      When I import "M2" into "K" with ImportType NEW_KEY_MATERIAL and KeyMaterialId "ID1"
      Then the import fails with ValidationException or UnsupportedOperationException
      And the metadata of "K" is unchanged
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list has 1 entry

    Scenario: The first import with NEW_KEY_MATERIAL and a KeyMaterialId is refused
      Given an EXTERNAL symmetric key "K"
      And key material "M1" for "K"
      When I import "M1" into "K" with ImportType NEW_KEY_MATERIAL and KeyMaterialId "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      Then the import fails with ValidationException or UnsupportedOperationException
      And "K" is PendingImport

  @multiple-key-materials
  Rule: ROTATE-008 With EXISTING_KEY_MATERIAL and a KeyMaterialId, the supplied material's ID must equal that ID and the ID must belong to the key
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-KeyMaterialId
    When a reimport names a KeyMaterialId, KMS computes the ID of the supplied material,
    compares it with the one named and checks that the key holds that ID.
    Ambiguous: no code is named; IncorrectKeyMaterialException fits a mismatch. For a
    well-formed ID that no material of the key has, IncorrectKeyMaterialException is preferred
    and NotFoundException accepted. After the first import an omitted ImportType means
    EXISTING_KEY_MATERIAL (ROTATE-002), so both spellings are tested.

    Scenario Outline: Reimporting the material under its own ID succeeds (<type>)
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      When I import "M1" into "K" with <type> and KeyMaterialId "ID1"
      Then the import succeeds
      And the import reports the material ID "ID1"
      And "K" is Enabled

      Examples:
        | type                             |
        | ImportType EXISTING_KEY_MATERIAL |
        | ImportType omitted               |

    Scenario Outline: Reimporting a material under another material's ID is refused (<type>)
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      And I note the metadata of "K"
      When I import "M1" into "K" with <type> and KeyMaterialId "ID2"
      Then the import fails with IncorrectKeyMaterialException
      And the metadata of "K" is unchanged

      Examples:
        | type                             |
        | ImportType EXISTING_KEY_MATERIAL |
        | ImportType omitted               |

    Scenario: Reimporting under a well-formed ID that the key does not have is refused
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the metadata of "K"
      When I import "M1" into "K" with ImportType EXISTING_KEY_MATERIAL and KeyMaterialId "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      Then the import fails with IncorrectKeyMaterialException or NotFoundException
      And the metadata of "K" is unchanged

  @multiple-key-materials
  Rule: ROTATE-009 EXISTING_KEY_MATERIAL with material that was never associated with the key fails with IncorrectKeyMaterialException
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    Existing key material must be material the key already holds; anything else is incorrect
    key material, including on a new key that holds nothing yet.

    Scenario: Material the key never held is refused as existing material
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the metadata of "K"
      And new key material "M2" for "K"
      When I import "M2" into "K" with ImportType EXISTING_KEY_MATERIAL
      Then the import fails with IncorrectKeyMaterialException
      And the metadata of "K" is unchanged

    Scenario: The first import into a new key is refused as existing material
      Given an EXTERNAL symmetric key "K"
      And key material "M1" for "K"
      When I import "M1" into "K" with ImportType EXISTING_KEY_MATERIAL
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list is empty

  @multiple-key-materials
  Rule: ROTATE-010 RotateKeyOnDemand makes the PENDING_ROTATION material current; the old material stays available for decryption
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
    https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys-on-demand.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html#KMS-Type-KeyMetadata-CurrentKeyMaterialId
    On-demand rotation of an imported key makes its pending material current; the answer names
    the key by its ARN. The former material becomes NON_CURRENT and still decrypts what it
    encrypted; new ciphertexts use the new material. The default listing shows the rotation
    with type ON_DEMAND and its date.
    Ambiguous: the rotation completes in the background ("a slight delay"), so the steps poll
    CurrentKeyMaterialId with the run's bound (at once against the reference) before asserting.

    Scenario: Rotation makes the pending material current and keeps the old one for decryption
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And I encrypt a plaintext with "K" as "C1"
      And new key material "M2" for "K"
      And I import "M2" into "K" with ImportType NEW_KEY_MATERIAL
      And I note the material ID of the import as "ID2"
      When I rotate "K" on demand
      Then the rotation succeeds
      And the rotation answers with the key ARN of "K"
      And the current material ID of "K" becomes "ID2"
      And "K" is Enabled
      When I encrypt a plaintext with "K" as "C2"
      Then decrypting "C2" reports the material ID "ID2"
      And decrypting "C1" reports the material ID "ID1"
      When I list the key rotations of "K"
      Then the rotations list has 1 entry
      And the rotations list has an entry for "ID2" with:
        | member           | value     |
        | KeyMaterialState | CURRENT   |
        | RotationType     | ON_DEMAND |
        | RotationDate     | present   |
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list has an entry for "ID1" with:
        | member           | value       |
        | KeyMaterialState | NON_CURRENT |
        | ImportState      | IMPORTED    |

  @multiple-key-materials
  Rule: ROTATE-011 RotateKeyOnDemand on an imported key with no pending material fails with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
    An imported key rotates only to material already imported and waiting in PENDING_ROTATION;
    without one the request is refused as an invalid state.

    Scenario: An imported key without pending material does not rotate
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the metadata of "K"
      When I rotate "K" on demand
      Then the rotation fails with KMSInvalidStateException
      And the metadata of "K" is unchanged

    Scenario: After a rotation used the pending material, rotating again is refused
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      When I rotate "K" on demand
      Then the rotation fails with KMSInvalidStateException
      And the current material ID of "K" is "ID2"

  @multiple-key-materials
  Rule: ROTATE-012 RotateKeyOnDemand on an EXTERNAL key in PendingImport fails with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key that has no material yet is pending import and cannot rotate.

    Scenario: A key without material does not rotate
      Given an EXTERNAL symmetric key "K"
      When I rotate "K" on demand
      Then the rotation fails with KMSInvalidStateException
      And "K" is PendingImport

  Rule: ROTATE-013 RotateKeyOnDemand on an asymmetric or HMAC key fails with UnsupportedOperationException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
    On-demand rotation exists for symmetric encryption keys only; asymmetric and HMAC keys with
    imported material refuse it as unsupported.

    Scenario Outline: An EXTERNAL <spec> key does not rotate on demand
      Given an EXTERNAL <spec> key "K" with imported material "M"
      And I note the metadata of "K"
      When I rotate "K" on demand
      Then the rotation fails with UnsupportedOperationException
      And the metadata of "K" is unchanged

      @hmac
      Examples: HMAC
        | spec     |
        | HMAC_256 |

      @asymmetric
      Examples: asymmetric
        | spec          |
        | ECC_NIST_P256 |
        | RSA_2048      |

  @multiple-key-materials
  Rule: ROTATE-014 RotateKeyOnDemand on a Disabled key fails with DisabledException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html#API_RotateKeyOnDemand_Errors
    A disabled key does not rotate, even with material pending; after EnableKey it does.

    Scenario: A disabled key with pending material does not rotate until it is enabled
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And new key material "M2" for "K"
      And I import "M2" into "K" with ImportType NEW_KEY_MATERIAL
      And I note the material ID of the import as "ID2"
      And I disable "K"
      When I rotate "K" on demand
      Then the rotation fails with DisabledException
      And "K" is Disabled
      And the current material ID of "K" is "ID1"
      When I enable "K"
      And I rotate "K" on demand
      Then the rotation succeeds
      And the current material ID of "K" becomes "ID2"

  @multiple-key-materials
  Rule: ROTATE-015 The number of on-demand rotations per key is limited; beyond it RotateKeyOnDemand fails with LimitExceededException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
    https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys-on-demand.html
    A key can be rotated on demand only a limited number of times; past the limit the request
    is refused as a limit exceeded.
    Ambiguous: the API reference says 25 rotations per key, the developer guide 10 (and AWS
    stopped at 10 in April 2025); the limit was most likely raised. Reading taken: the first 10
    rotations must succeed, and a LimitExceededException must come no later than the 26th.
    Each rotation imports fresh new material first (ROTATE-011).

    Scenario: The first 10 rotations succeed and the limit stops them no later than the 26th
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      When I rotate "K" on demand up to 26 times, importing new key material before each rotation and stopping at the first refused rotation
      Then the rotation fails with LimitExceededException
      And at least 10 of those rotations succeeded

  Rule: ROTATE-016 Automatic rotation cannot be enabled or disabled on EXTERNAL keys
    https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKeyRotation.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Keys with imported material have no automatic rotation: EnableKeyRotation and
    DisableKeyRotation refuse them as unsupported, whatever their state and key spec.
    Ambiguous: for a Disabled key the 2023 key-state table allows DisabledException too;
    UnsupportedOperationException is preferred and DisabledException accepted there.

    Scenario Outline: <operation> automatic rotation of an EXTERNAL <spec> key in PendingImport is refused
      Given an EXTERNAL <spec> key "K"
      When I <operation> automatic rotation of "K"
      Then it fails with UnsupportedOperationException
      And "K" is PendingImport

      Examples: symmetric
        | spec      | operation |
        | symmetric | enable    |
        | symmetric | disable   |

      @hmac
      Examples: HMAC
        | spec     | operation |
        | HMAC_256 | enable    |
        | HMAC_256 | disable   |

      @asymmetric
      Examples: asymmetric
        | spec          | operation |
        | ECC_NIST_P256 | enable    |
        | ECC_NIST_P256 | disable   |

    Scenario Outline: <operation> automatic rotation of an Enabled EXTERNAL <spec> key is refused
      Given an EXTERNAL <spec> key "K" with imported material "M"
      When I <operation> automatic rotation of "K"
      Then it fails with UnsupportedOperationException
      And "K" is Enabled

      Examples: symmetric
        | spec      | operation |
        | symmetric | enable    |
        | symmetric | disable   |

      @hmac
      Examples: HMAC
        | spec     | operation |
        | HMAC_256 | enable    |
        | HMAC_256 | disable   |

      @asymmetric
      Examples: asymmetric
        | spec          | operation |
        | ECC_NIST_P256 | enable    |
        | ECC_NIST_P256 | disable   |

    Scenario Outline: <operation> automatic rotation of a Disabled EXTERNAL <spec> key is refused
      Given an EXTERNAL <spec> key "K" with imported material "M"
      And I disable "K"
      When I <operation> automatic rotation of "K"
      Then it fails with UnsupportedOperationException or DisabledException
      And "K" is Disabled

      Examples: symmetric
        | spec      | operation |
        | symmetric | enable    |
        | symmetric | disable   |

      @hmac
      Examples: HMAC
        | spec     | operation |
        | HMAC_256 | enable    |
        | HMAC_256 | disable   |

      @asymmetric
      Examples: asymmetric
        | spec          | operation |
        | ECC_NIST_P256 | enable    |
        | ECC_NIST_P256 | disable   |

  Rule: ROTATE-017 GetKeyRotationStatus on an EXTERNAL key reports no automatic rotation
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    An imported key never rotates automatically, so GetKeyRotationStatus never reports
    automatic rotation enabled, not even after an on-demand rotation.
    Ambiguous: before 2025 every EXTERNAL key got UnsupportedOperationException; now that imported
    symmetric keys rotate on demand, AWS plausibly answers KeyRotationEnabled false. For
    symmetric keys success with false is preferred and UnsupportedOperationException accepted;
    for asymmetric and HMAC keys UnsupportedOperationException is preferred and false accepted.

    Scenario: A symmetric EXTERNAL key in PendingImport reports no automatic rotation
      Given an EXTERNAL symmetric key "K"
      When I get the key rotation status of "K"
      Then it reports KeyRotationEnabled false or fails with UnsupportedOperationException

    Scenario: A symmetric EXTERNAL key with imported material reports no automatic rotation
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      When I get the key rotation status of "K"
      Then it reports KeyRotationEnabled false or fails with UnsupportedOperationException

    @multiple-key-materials
    Scenario: A symmetric EXTERNAL key reports no automatic rotation, also after an on-demand rotation
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      When I get the key rotation status of "K"
      Then it reports KeyRotationEnabled false or fails with UnsupportedOperationException
      When I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      And I get the key rotation status of "K"
      Then it reports KeyRotationEnabled false or fails with UnsupportedOperationException

    Scenario Outline: An EXTERNAL <spec> key reports no automatic rotation
      Given an EXTERNAL <spec> key "K" with imported material "M"
      When I get the key rotation status of "K"
      Then it fails with UnsupportedOperationException or reports KeyRotationEnabled false

      @hmac
      Examples: HMAC
        | spec     |
        | HMAC_256 |

      @asymmetric
      Examples: asymmetric
        | spec          |
        | ECC_NIST_P256 |

  @multiple-key-materials
  Rule: ROTATE-018 ListKeyRotations lists only rotation-made materials by default; IncludeKeyMaterial ALL_KEY_MATERIAL adds the first material and any pending material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html#KMS-ListKeyRotations-request-IncludeKeyMaterial
    The default, ROTATIONS_ONLY, lists the materials that rotations made current; ALL_KEY_MATERIAL
    also lists the first material and the one waiting for rotation.

    Scenario: Before any rotation only ALL_KEY_MATERIAL lists anything
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And new key material "M2" for "K"
      And I import "M2" into "K" with ImportType NEW_KEY_MATERIAL
      And I note the material ID of the import as "ID2"
      When I list the key rotations of "K"
      Then the rotations list is empty
      When I list the key rotations of "K" with IncludeKeyMaterial ROTATIONS_ONLY
      Then the rotations list is empty
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list names exactly "ID1" and "ID2", each once

    Scenario: After a rotation the default lists the rotation-made material only
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      And new key material "M3" for "K"
      And I import "M3" into "K" with ImportType NEW_KEY_MATERIAL
      And I note the material ID of the import as "ID3"
      When I list the key rotations of "K"
      Then the rotations list names exactly "ID2", each once
      When I list the key rotations of "K" with IncludeKeyMaterial ROTATIONS_ONLY
      Then the rotations list names exactly "ID2", each once
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list names exactly "ID1", "ID2" and "ID3", each once

  @multiple-key-materials
  Rule: ROTATE-019 A ListKeyRotations entry of a symmetric EXTERNAL key carries KeyMaterialId, ImportState, KeyMaterialState, ExpirationModel, ValidTo when it expires, and KeyMaterialDescription; RotationDate and RotationType are absent for the first and the pending material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotationsListEntry.html
    Each entry names the key by its ARN and the material by its ID, with its import state, its
    material state and expiration model, the ValidTo of expiring material, and its description;
    only a rotation-made entry has a rotation date (epoch seconds, which the SDK's decoder
    enforces) and type.

    Scenario: Entries before and after a rotation carry the documented members
      Given an EXTERNAL symmetric key "K"
      And key material "M1" for "K"
      And I import "M1" into "K" with ImportType omitted and KeyMaterialDescription "first material"
      And I note the material ID of the import as "ID1"
      And new key material "M2" for "K"
      And I import "M2" into "K" with ImportType NEW_KEY_MATERIAL and ValidTo in 30 days
      And I note the material ID of the import as "ID2"
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then every entry of the rotations list is well-formed
      And the rotations list has an entry for "ID1" with:
        | member                 | value                        |
        | KeyMaterialState       | CURRENT                      |
        | ImportState            | IMPORTED                     |
        | ExpirationModel        | KEY_MATERIAL_DOES_NOT_EXPIRE |
        | ValidTo                | absent                       |
        | KeyMaterialDescription | first material               |
        | RotationDate           | absent                       |
        | RotationType           | absent                       |
      And the rotations list has an entry for "ID2" with:
        | member           | value                |
        | KeyMaterialState | PENDING_ROTATION     |
        | ImportState      | IMPORTED             |
        | ExpirationModel  | KEY_MATERIAL_EXPIRES |
        | ValidTo          | present              |
        | RotationDate     | absent               |
        | RotationType     | absent               |
      When I rotate "K" on demand
      Then the rotation succeeds
      And the current material ID of "K" becomes "ID2"
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then every entry of the rotations list is well-formed
      And the rotations list has an entry for "ID2" with:
        | member           | value                |
        | KeyMaterialState | CURRENT              |
        | ExpirationModel  | KEY_MATERIAL_EXPIRES |
        | ValidTo          | present              |
        | RotationType     | ON_DEMAND            |
        | RotationDate     | present              |
      And the rotations list has an entry for "ID1" with:
        | member           | value       |
        | KeyMaterialState | NON_CURRENT |
        | RotationDate     | absent      |
        | RotationType     | absent      |

  @multiple-key-materials
  Rule: ROTATE-020 ListKeyRotations on asymmetric or HMAC keys is refused with UnsupportedOperationException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html#KMS-ListKeyRotations-request-IncludeKeyMaterial
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html#API_ListKeyRotations_Errors
    IncludeKeyMaterial applies only to keys that rotate; asymmetric and HMAC keys refuse it as
    unsupported.
    Ambiguous: without IncludeKeyMaterial the documentation says nothing; UnsupportedOperationException
    is preferred and an empty list accepted.

    Scenario Outline: Listing the rotations of an EXTERNAL <spec> key with IncludeKeyMaterial <include> is refused
      Given an EXTERNAL <spec> key "K" with imported material "M"
      When I list the key rotations of "K" with IncludeKeyMaterial <include>
      Then it fails with UnsupportedOperationException

      @hmac
      Examples: HMAC
        | spec     | include          |
        | HMAC_256 | ALL_KEY_MATERIAL |
        | HMAC_256 | ROTATIONS_ONLY   |

      @asymmetric
      Examples: asymmetric
        | spec          | include          |
        | ECC_NIST_P256 | ALL_KEY_MATERIAL |
        | ECC_NIST_P256 | ROTATIONS_ONLY   |

    Scenario Outline: Listing the rotations of an EXTERNAL <spec> key without IncludeKeyMaterial is refused or empty
      Given an EXTERNAL <spec> key "K" with imported material "M"
      When I list the key rotations of "K"
      Then it fails with UnsupportedOperationException or lists no rotations

      @hmac
      Examples: HMAC
        | spec     |
        | HMAC_256 |

      @asymmetric
      Examples: asymmetric
        | spec          |
        | ECC_NIST_P256 |

  @multiple-key-materials
  Rule: ROTATE-021 ListKeyRotations pages with Limit (1–1000, default 100), Truncated and NextMarker; a bad Marker fails with InvalidMarkerException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html#API_ListKeyRotations_Errors
    Limit caps the entries of one page (default 100); a page that does not end the list is
    Truncated and carries a NextMarker for the next request. A Marker the server never issued is
    refused as an invalid marker.

    Scenario: Three materials with Limit 1 come in three pages
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      And new key material "M3" for "K"
      And I import "M3" into "K" with ImportType NEW_KEY_MATERIAL
      And I note the material ID of the import as "ID3"
      When I list all key rotations of "K" page by page with IncludeKeyMaterial ALL_KEY_MATERIAL and Limit 1
      Then it succeeds
      And the listing took 3 pages of 1 entry each, Truncated with a NextMarker on all but the last
      And the rotations list names exactly "ID1", "ID2" and "ID3", each once

    Scenario: Three materials without a Limit come in one page
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      And new key material "M3" for "K"
      And I import "M3" into "K" with ImportType NEW_KEY_MATERIAL
      When I list all key rotations of "K" page by page with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then it succeeds
      And the listing took 1 page of 3 entries each, Truncated with a NextMarker on all but the last

    Scenario: A Marker the server never issued is refused
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL and Marker "kmsconform-never-issued-marker"
      Then it fails with InvalidMarkerException

  @multiple-key-materials
  Rule: ROTATE-022 KeyMaterialDescription is stored per material and shown by ListKeyRotations
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-KeyMaterialDescription
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotationsListEntry.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    A description given at import belongs to that material and shows on its entry only. It is
    at most 256 characters of letters, digits, whitespace and : / _ . -; anything else is a
    validation error.
    Ambiguous: the model allows length 0 but its pattern needs a character; an empty
    description is not tested.

    Scenario Outline: A description given at import shows on that material's entry only (<description>)
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And new key material "M2" for "K"
      When I import "M2" into "K" with ImportType NEW_KEY_MATERIAL and <description>
      Then the import succeeds
      And I note the material ID of the import as "ID2"
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list has an entry for "ID2" with:
        | member                 | value    |
        | KeyMaterialDescription | <listed> |
      And the rotations list has an entry for "ID1" with:
        | member                 | value  |
        | KeyMaterialDescription | absent |

      Examples:
        | description                                                  | listed                                        |
        | KeyMaterialDescription "HSM export 2026-01: batch_7/key.v2"  | HSM export 2026-01: batch_7/key.v2            |
        | a KeyMaterialDescription of 256 characters                  | dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd |

    Scenario Outline: An invalid description is refused (<description>)
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the metadata of "K"
      And new key material "M2" for "K"
      When I import "M2" into "K" with ImportType NEW_KEY_MATERIAL and <description>
      Then the import fails with ValidationException
      And the metadata of "K" is unchanged
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then the rotations list has 1 entry

      Examples:
        | description                                |
        | a KeyMaterialDescription of 257 characters |
        | KeyMaterialDescription "release #2"        |

  @multiple-key-materials
  Rule: ROTATE-023 ImportType, KeyMaterialId and KeyMaterialDescription are only for symmetric encryption keys; asymmetric and HMAC imports that carry them are refused
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ImportType
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    The three members exist for symmetric encryption keys only; an asymmetric or HMAC import
    that carries any of them is refused and the key does not change.
    Ambiguous: no code is documented; UnsupportedOperationException ("a specified parameter is
    not supported") fits best and ValidationException is accepted.

    Scenario Outline: A first import into an EXTERNAL <spec> key with <member> is refused
      Given an EXTERNAL <spec> key "K"
      And key material "M" for "K"
      And I note the metadata of "K"
      When I import "M" into "K" with <member>
      Then the import fails with UnsupportedOperationException or ValidationException
      And "K" is PendingImport
      And the metadata of "K" is unchanged

      @hmac
      Examples: HMAC
        | spec     | member                                                                           |
        | HMAC_256 | ImportType NEW_KEY_MATERIAL                                                      |
        | HMAC_256 | ImportType EXISTING_KEY_MATERIAL                                                 |
        | HMAC_256 | KeyMaterialId "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" |
        | HMAC_256 | KeyMaterialDescription "hmac material"                                           |

      @asymmetric
      Examples: asymmetric
        | spec          | member                                                                           |
        | ECC_NIST_P256 | ImportType NEW_KEY_MATERIAL                                                      |
        | ECC_NIST_P256 | ImportType EXISTING_KEY_MATERIAL                                                 |
        | ECC_NIST_P256 | KeyMaterialId "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" |
        | ECC_NIST_P256 | KeyMaterialDescription "ecc material"                                            |

    Scenario Outline: A reimport into an Enabled EXTERNAL <spec> key with <member> is refused
      Given an EXTERNAL <spec> key "K" with imported material "M"
      And I note the metadata of "K"
      When I import "M" into "K" with <member>
      Then the import fails with UnsupportedOperationException or ValidationException
      And the metadata of "K" is unchanged

      @hmac
      Examples: HMAC
        | spec     | member                                 |
        | HMAC_256 | ImportType EXISTING_KEY_MATERIAL       |
        | HMAC_256 | KeyMaterialDescription "hmac material" |

      @asymmetric
      Examples: asymmetric
        | spec          | member                                |
        | ECC_NIST_P256 | ImportType EXISTING_KEY_MATERIAL      |
        | ECC_NIST_P256 | KeyMaterialDescription "ecc material" |

  @multiple-key-materials
  Rule: ROTATE-024 Decrypt, GenerateDataKey* and ReEncrypt on symmetric keys report the key material they used
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html#KMS-Decrypt-response-KeyMaterialId
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html#KMS-GenerateDataKey-response-KeyMaterialId
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyWithoutPlaintext.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html#KMS-ReEncrypt-response-SourceKeyMaterialId
    The answers name the key material used: Decrypt the material that encrypted the ciphertext,
    GenerateDataKey and GenerateDataKeyWithoutPlaintext the current material, ReEncrypt both the
    source and the destination material. GenerateDataKeyPair* (data key pairs) are not covered.

    Scenario: The reported material follows the material that was current when the ciphertext was made
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And an EXTERNAL symmetric key "L" with imported material "N1"
      And I note the current material ID of "L" as "LID1"
      And I encrypt a plaintext with "K" as "C1"
      Then decrypting "C1" reports the material ID "ID1"
      And generating a data key with "K" reports the material ID "ID1"
      And generating a data key without plaintext with "K" reports the material ID "ID1"
      When I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      And I encrypt a plaintext with "K" as "C2"
      Then decrypting "C1" reports the material ID "ID1"
      And decrypting "C2" reports the material ID "ID2"
      And generating a data key with "K" reports the material ID "ID2"
      And generating a data key without plaintext with "K" reports the material ID "ID2"
      And re-encrypting "C1" under "K" reports the source material ID "ID1" and the destination material ID "ID2"
      And re-encrypting "C2" under "L" reports the source material ID "ID2" and the destination material ID "LID1"

  @multiple-key-materials
  Rule: ROTATE-025 DescribeKey's CurrentKeyMaterialId names the current material of symmetric keys and is absent for asymmetric and HMAC keys
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html#KMS-Type-KeyMetadata-CurrentKeyMaterialId
    Symmetric keys name their current material in DescribeKey; asymmetric and HMAC keys, which
    have one material for good, do not.

    Scenario: A symmetric key names the material it imported, then the one it rotated to
      Given an EXTERNAL symmetric key "K"
      And key material "M1" for "K"
      And I import "M1" into "K" with ImportType omitted
      And I note the material ID of the import as "ID1"
      Then the current material ID of "K" is "ID1"
      When I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      Then the current material ID of "K" is "ID2"

    Scenario Outline: An EXTERNAL <spec> key has no CurrentKeyMaterialId
      Given an EXTERNAL <spec> key "K" with imported material "M"
      Then "K" has no CurrentKeyMaterialId

      @hmac
      Examples: HMAC
        | spec     |
        | HMAC_256 |

      @asymmetric
      Examples: asymmetric
        | spec          |
        | ECC_NIST_P256 |
        | RSA_2048      |

  @multiple-key-materials
  Rule: ROTATE-026 A symmetric EXTERNAL key is usable only while every permanently associated material is imported, and reimporting the missing one restores it
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    Every material that was ever current stays associated with the key; while one of them is
    deleted the key is pending import and unusable, even though its current material is there.
    Reimporting the missing material as existing material (with or without its KeyMaterialId)
    restores the key; reimporting it as new material is refused (ROTATE-006).

    Scenario Outline: Deleting the non-current material suspends the key until it is reimported (<members>)
      Given an EXTERNAL symmetric key "K" with imported material "M1"
      And I note the current material ID of "K" as "ID1"
      And I encrypt a plaintext with "K" as "C1"
      And I rotate "K" on demand to new key material "M2", noting its material ID as "ID2"
      When I delete the imported key material of "K" with KeyMaterialId "ID1"
      Then the deletion succeeds
      And "K" is PendingImport
      When I encrypt a plaintext with "K" as "C2"
      Then the encryption fails with KMSInvalidStateException
      When I list the key rotations of "K" with IncludeKeyMaterial ALL_KEY_MATERIAL
      Then every entry of the rotations list is well-formed
      And the rotations list has an entry for "ID1" with:
        | member           | value          |
        | ImportState      | PENDING_IMPORT |
        | KeyMaterialState | NON_CURRENT    |
      And the rotations list has an entry for "ID2" with:
        | member           | value    |
        | ImportState      | IMPORTED |
        | KeyMaterialState | CURRENT  |
      When I import "M1" into "K" with ImportType NEW_KEY_MATERIAL
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport
      When I import "M1" into "K" with <members>
      Then the import succeeds
      And the import reports the material ID "ID1"
      And "K" is Enabled
      And decrypting "C1" reports the material ID "ID1"
      And the current material ID of "K" is "ID2"

      Examples:
        | members                                                   |
        | ImportType EXISTING_KEY_MATERIAL                          |
        | ImportType EXISTING_KEY_MATERIAL and KeyMaterialId "ID1" |
        | ImportType omitted                                        |
        | ImportType omitted and KeyMaterialId "ID1"               |
