Feature: Expiration of imported key material
  Imported key material can be given an expiration time (ExpirationModel KEY_MATERIAL_EXPIRES
  with ValidTo); when it passes, KMS deletes the material and the key waits for a reimport.
  Catalogue section EXPIRY of ../shared/spec/rules.md. "Now" is the target's clock: its test
  clock when the profile has @clock, the runner's clock otherwise. The @clock scenarios move
  that clock; the @realtime variants (run only when the tag expression names @realtime) use a
  ValidTo a minute ahead and wait in real time, or move the test clock when the target has one.

  Rule: EXPIRY-001 ExpirationModel defaults to KEY_MATERIAL_EXPIRES, which needs ValidTo; omitting both fails with ValidationException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ExpirationModel
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ValidTo
    Without an ExpirationModel the material is taken to expire, so a ValidTo is needed; a
    request with neither, or with KEY_MATERIAL_EXPIRES and no ValidTo, is a ValidationException.
    A ValidTo alone is enough: the default model applies.

    Scenario Outline: <case> is refused with ValidationException
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with <model> and no ValidTo
      Then the import fails with ValidationException
      And "K" is PendingImport

      Examples:
        | case                                   | model                                |
        | Neither ExpirationModel nor ValidTo    | no ExpirationModel                   |
        | KEY_MATERIAL_EXPIRES without a ValidTo | ExpirationModel KEY_MATERIAL_EXPIRES |

    Scenario: A ValidTo without an ExpirationModel imports material that expires
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with no ExpirationModel and ValidTo in 30 days
      Then the import succeeds
      And "K" is Enabled
      And "K" has ExpirationModel KEY_MATERIAL_EXPIRES
      And "K" has the ValidTo requested for "M"

  Rule: EXPIRY-002 ValidTo together with KEY_MATERIAL_DOES_NOT_EXPIRE is refused
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ExpirationModel
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ValidTo
    ValidTo is only valid with KEY_MATERIAL_EXPIRES; with KEY_MATERIAL_DOES_NOT_EXPIRE it must
    be left out.
    Ambiguous: the code is not documented; ValidationException, as for the sibling rule
    EXPIRY-001, is required.

    Scenario: KEY_MATERIAL_DOES_NOT_EXPIRE with a ValidTo is refused with ValidationException
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE and ValidTo in 1 day
      Then the import fails with ValidationException
      And "K" is PendingImport

    Scenario: KEY_MATERIAL_DOES_NOT_EXPIRE without a ValidTo imports
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE and no ValidTo
      Then the import succeeds
      And "K" is Enabled

  Rule: EXPIRY-003 ValidTo must be in the future
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ValidTo
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#importing-keys-expiration
    The expiration time has no minimum but must lie in the future.
    Ambiguous: the code is not documented; ValidationException (as for EXPIRY-001) is
    required. "Now" itself is not tested: an hour ago and the epoch are refused, a minute
    ahead of the target's clock is accepted.

    Scenario Outline: A ValidTo <when> is refused with ValidationException
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo <when>
      Then the import fails with ValidationException
      And "K" is PendingImport

      Examples:
        | when         |
        | 1 hour ago   |
        | at the epoch |

    Scenario: A ValidTo one minute ahead imports
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 minute
      Then the import succeeds
      And "K" is Enabled

  Rule: EXPIRY-004 ValidTo can be at most 365 days after the request
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ValidTo
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#importing-keys-expiration
    The expiration time may lie at most 365 days after the request.
    Ambiguous: the exact limit (365 times 24 hours or calendar days, request or receipt time)
    and the code are not documented; the boundary is left alone: 366 days ahead must fail
    with ValidationException, 364 days ahead must import.

    Scenario: A ValidTo 366 days ahead is refused with ValidationException
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 366 days
      Then the import fails with ValidationException
      And "K" is PendingImport

    Scenario: A ValidTo 364 days ahead imports
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 364 days
      Then the import succeeds
      And "K" is Enabled
      And "K" has the ValidTo requested for "M"

  Rule: EXPIRY-005 After an import with KEY_MATERIAL_EXPIRES, DescribeKey shows that model and the requested ValidTo
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
    DescribeKey reports ExpirationModel KEY_MATERIAL_EXPIRES and the ValidTo that was asked for.
    Ambiguous: the stored precision is not documented; ValidTo is compared to the second.

    Scenario Outline: Material expiring in <n> <unit> shows its model and ValidTo
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in <n> <unit>
      Then the import succeeds
      And "K" has ExpirationModel KEY_MATERIAL_EXPIRES
      And "K" has the ValidTo requested for "M"

      Examples:
        | n   | unit  |
        | 2   | hours |
        | 100 | days  |

  Rule: EXPIRY-006 After an import with KEY_MATERIAL_DOES_NOT_EXPIRE, DescribeKey shows that model and no ValidTo
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
    DescribeKey reports ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE; ValidTo is only present
    for material that expires.

    Scenario: Material that does not expire shows that model and no ValidTo
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" with ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE and no ValidTo
      Then the import succeeds
      And "K" has ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE
      And "K" has no ValidTo

    Scenario: A reimport without expiry replaces an expiring import
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 10 days
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" has ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE
      And "K" has no ValidTo

  Rule: EXPIRY-007 When ValidTo passes, KMS deletes the material: the key becomes PendingImport and unusable
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ValidTo
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#importing-keys-expiration
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Until ValidTo the key works; once it has passed, KMS deletes the material, the key goes to
    PendingImport (Enabled false) and Encrypt and Decrypt fail with KMSInvalidStateException.
    Ambiguous: how soon after ValidTo AWS acts is not documented: with a test clock the state is
    checked right after the clock passes ValidTo, in real time it is polled for up to 10 minutes.
    After expiry ExpirationModel and ValidTo are accepted absent (preferred, as after a delete)
    or still showing the expired values.

    @clock
    Scenario: Material expiring in an hour works until then and is gone after it
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 hour
      And I encrypt a plaintext with "K" as "C"
      And I note the metadata of "K"
      When the clock advances by 59 minutes
      And I encrypt a plaintext with "K" as "C2"
      Then the encryption succeeds
      And "K" is Enabled
      When the clock advances by 2 minutes
      Then "K" is PendingImport
      And "K" has Enabled false
      And "K" has no ExpirationModel or still the noted one
      And "K" has no ValidTo or still the noted one
      When I encrypt a plaintext with "K"
      Then the encryption fails with KMSInvalidStateException
      When I decrypt "C"
      Then the decryption fails with KMSInvalidStateException

    @realtime
    Scenario: Material expiring a minute ahead becomes PendingImport soon after ValidTo (real time)
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 minute
      And I encrypt a plaintext with "K" as "C"
      And I note the metadata of "K"
      When I wait for "K" to become PendingImport, at most 10 minutes after the ValidTo requested for "M"
      Then "K" has Enabled false
      And "K" has no ExpirationModel or still the noted one
      And "K" has no ValidTo or still the noted one
      When I encrypt a plaintext with "K"
      Then the encryption fails with KMSInvalidStateException
      When I decrypt "C"
      Then the decryption fails with KMSInvalidStateException

  @clock
  Rule: EXPIRY-008 Expiry keeps the KMS key and its metadata
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    Expiry removes only the material: the key, its identifiers, origin, spec, usage,
    description, aliases and tags stay as they were.

    Scenario: The expired key keeps its identity, aliases and tags
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 day
      And I give "K" an alias and a tag
      And I note the identity of "K"
      When the clock advances by 2 days
      Then "K" is PendingImport
      And the identity of "K" is unchanged

  @clock
  Rule: EXPIRY-009 Material of a Disabled key also expires, and the key becomes PendingImport
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ValidTo
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    Expiry is KMS deleting the material, and deleting the material of a key that is not pending
    deletion moves it to PendingImport, Disabled or not.
    Ambiguous: expiry of a Disabled key's material is not described. Accepted: PendingImport
    (preferred, by analogy with DeleteImportedKeyMaterial) or Disabled, provided neither
    Encrypt nor Decrypt works afterwards, even after EnableKey.

    Scenario: A Disabled key whose material expires is PendingImport, or Disabled and unusable
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 hour
      And I encrypt a plaintext with "K" as "C"
      And I disable "K"
      When the clock advances by 2 hours
      Then "K" is PendingImport, or else Disabled and neither encrypts nor decrypts "C" after EnableKey

  @clock
  Rule: EXPIRY-010 Material that expires while the key is PendingDeletion is deleted but the key stays PendingDeletion
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
    As with DeleteImportedKeyMaterial, a key pending deletion keeps that state and its
    DeletionDate when its material goes; cancelling the deletion then leaves a key without
    material (STATE-007).
    Ambiguous: expiry during PendingDeletion is not described; the analogy with
    DeleteImportedKeyMaterial is required. After CancelKeyDeletion, STATE-007's alternatives are
    accepted: PendingImport (preferred) or Disabled and unusable even after EnableKey.

    Scenario: Expiry during PendingDeletion keeps PendingDeletion and its DeletionDate
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 hour
      And I encrypt a plaintext with "K" as "C"
      And I schedule the deletion of "K" with a 7-day waiting period
      And I note the metadata of "K"
      When the clock advances by 2 hours
      Then "K" is PendingDeletion
      And "K" still has the noted DeletionDate
      When I cancel the deletion of "K"
      Then it succeeds
      And "K" is PendingImport, or else Disabled and neither encrypts nor decrypts "C" after EnableKey

  Rule: EXPIRY-011 A reimport with KEY_MATERIAL_DOES_NOT_EXPIRE cancels an earlier expiry
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#importing-keys-expiration
    Every reimport sets the expiry anew: reimporting without expiry removes it, reimporting
    with a later ValidTo moves it. The @realtime variant uses a first ValidTo a minute ahead and
    checks the key two minutes after it.

    @clock
    Scenario: After a reimport without expiry the key outlives the first ValidTo
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 day
      And I encrypt a plaintext with "K" as "C"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "M" into "K" with the parameters "P2"
      When the clock advances by 2 days
      Then "K" is Enabled
      And "K" has ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE
      When I decrypt "C"
      Then the decryption succeeds

    @clock
    Scenario: A reimport with a later ValidTo moves the expiry
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 day
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "M" into "K" with the parameters "P2" expiring in 3 days
      When the clock advances by 2 days
      Then "K" is Enabled
      When the clock advances by 2 days
      Then "K" is PendingImport

    @realtime
    Scenario: After a reimport without expiry the key outlives the first ValidTo (real time)
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 minute
      And I encrypt a plaintext with "K" as "C"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "M" into "K" with the parameters "P2"
      When I wait until 2 minutes after the ValidTo requested for "M" in "K"
      Then "K" is Enabled
      And "K" has ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE
      When I decrypt "C"
      Then the decryption succeeds

  @multiple-key-materials
  Rule: EXPIRY-012 DescribeKey's ValidTo is the earliest expiry among the key materials permanently associated with the key
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotationsListEntry.html
    With several materials, DescribeKey's ValidTo is the earliest ValidTo of the materials that
    are permanently associated with the key (CURRENT and NON_CURRENT).
    Ambiguous: PENDING_ROTATION material is not permanently associated, so it does not count
    before the rotation. Which ExpirationModel is shown when the permanent materials mix
    models is not defined: either model is accepted then (never none).

    Scenario: A pending material's earlier expiry counts only after the rotation
      Given an EXTERNAL symmetric key "K"
      And key material "A" for "K"
      And new key material "B" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "A" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 30 days
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "B" into "K" with the parameters "P2" as new key material pending rotation, expiring in 10 days
      Then "K" has ExpirationModel KEY_MATERIAL_EXPIRES
      And "K" has the ValidTo requested for "A"
      When I rotate "K" on demand to its pending material
      Then the rotation succeeds
      And "K" has ExpirationModel KEY_MATERIAL_EXPIRES
      And "K" has the ValidTo requested for "B"

    Scenario: Material that never expires and a rotated-in material that does
      Given an EXTERNAL symmetric key "K" with imported material "A"
      And new key material "B" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "B" into "K" with the parameters "P2" as new key material pending rotation, expiring in 10 days
      Then "K" has ExpirationModel KEY_MATERIAL_DOES_NOT_EXPIRE
      And "K" has no ValidTo
      When I rotate "K" on demand to its pending material
      Then the rotation succeeds
      And "K" has the ValidTo requested for "B"
      And "K" has either ExpirationModel KEY_MATERIAL_EXPIRES or KEY_MATERIAL_DOES_NOT_EXPIRE

  @multiple-key-materials @clock
  Rule: EXPIRY-013 When any permanently associated material (CURRENT or NON_CURRENT) expires, the whole key becomes PendingImport
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key is usable only while every material permanently associated with it is present: the
    expiry of a NON_CURRENT material makes the key PendingImport although its CURRENT material
    is still there, and ListKeyRotations shows the expired material as PENDING_IMPORT.

    Scenario: The NON_CURRENT material expires
      Given an EXTERNAL symmetric key "K"
      And key material "A" for "K"
      And new key material "B" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "A" into "K" with ExpirationModel KEY_MATERIAL_EXPIRES and ValidTo in 1 day
      And the CurrentKeyMaterialId of "K" identifies "A"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "B" into "K" with the parameters "P2" as new key material pending rotation
      And I rotate "K" on demand to its pending material
      And the CurrentKeyMaterialId of "K" identifies "B"
      When the clock advances by 2 days
      Then "K" is PendingImport
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "A" as NON_CURRENT and PENDING_IMPORT
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "B" as CURRENT and IMPORTED
      When I encrypt a plaintext with "K"
      Then the encryption fails with KMSInvalidStateException

    Scenario: The CURRENT material expires
      Given an EXTERNAL symmetric key "K" with imported material "A"
      And the CurrentKeyMaterialId of "K" identifies "A"
      And new key material "B" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "B" into "K" with the parameters "P2" as new key material pending rotation, expiring in 1 day
      And I rotate "K" on demand to its pending material
      When the clock advances by 2 days
      Then "K" is PendingImport
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "B" as CURRENT and PENDING_IMPORT
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "A" as NON_CURRENT and IMPORTED
      When I encrypt a plaintext with "K"
      Then the encryption fails with KMSInvalidStateException

  @multiple-key-materials @clock
  Rule: EXPIRY-014 Expiry of a PENDING_ROTATION material does not change the key's state
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotationsListEntry.html
    Material waiting for a rotation is not permanently associated with the key, so its expiry
    leaves the key as it was; with nothing left to rotate to, RotateKeyOnDemand fails with
    KMSInvalidStateException.
    Ambiguous: not documented; most likely treated like a deleted pending material
    (DELETE-011). The expired entry is accepted listed with ImportState PENDING_IMPORT or no
    longer listed.

    Scenario: The pending material expires and the key stays Enabled
      Given an EXTERNAL symmetric key "K" with imported material "A"
      And the CurrentKeyMaterialId of "K" identifies "A"
      And new key material "B" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I import "B" into "K" with the parameters "P2" as new key material pending rotation, expiring in 1 day
      When the clock advances by 2 days
      Then "K" is Enabled
      And the CurrentKeyMaterialId of "K" identifies "A"
      And ListKeyRotations of "K" with ALL_KEY_MATERIAL lists "B" with ImportState PENDING_IMPORT, or no longer lists it
      When I encrypt a plaintext with "K"
      Then the encryption succeeds
      When I rotate "K" on demand to its pending material
      Then the rotation fails with KMSInvalidStateException
