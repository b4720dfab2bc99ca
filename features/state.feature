Feature: Key states of EXTERNAL keys
  An EXTERNAL key moves between PendingImport, Enabled, Disabled and PendingDeletion as key
  material is imported, deleted or expires and as the key is disabled, enabled, scheduled for
  deletion or restored. The key state table says which operations each state allows.
  Catalogue section STATE of ../shared/spec/rules.md.

  Rule: STATE-001 KeyMetadata.Enabled is true exactly when KeyState is Enabled
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html#KMS-Type-KeyMetadata-Enabled
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Enabled is true while the key is in state Enabled and false in every other state. The runner
    checks this after every step that may change a key; these scenarios walk one key through
    each state and say so at every stop.

    Scenario: An imported key through PendingImport, Enabled, Disabled and PendingDeletion and back
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      Then the DescribeKey metadata of "K" has:
        | member   | value         |
        | KeyState | PendingImport |
        | Enabled  | false         |
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K"
      Then the import succeeds
      And the DescribeKey metadata of "K" has:
        | member   | value   |
        | KeyState | Enabled |
        | Enabled  | true    |
      When I disable "K"
      Then it succeeds
      And the DescribeKey metadata of "K" has:
        | member   | value    |
        | KeyState | Disabled |
        | Enabled  | false    |
      When I enable "K"
      Then it succeeds
      And the DescribeKey metadata of "K" has:
        | member   | value   |
        | KeyState | Enabled |
        | Enabled  | true    |
      When I schedule the deletion of "K" with a 7-day waiting period
      Then it succeeds
      And the DescribeKey metadata of "K" has:
        | member   | value           |
        | KeyState | PendingDeletion |
        | Enabled  | false           |
      When I cancel the deletion of "K"
      Then it succeeds
      And the DescribeKey metadata of "K" has:
        | member   | value    |
        | KeyState | Disabled |
        | Enabled  | false    |
      When I delete the imported key material of "K"
      Then the deletion succeeds
      And the DescribeKey metadata of "K" has:
        | member   | value         |
        | KeyState | PendingImport |
        | Enabled  | false         |

    Scenario: A key that never had material, pending deletion and restored
      Given an EXTERNAL symmetric key "K"
      When I schedule the deletion of "K" with a 7-day waiting period
      Then it succeeds
      And the DescribeKey metadata of "K" has:
        | member   | value           |
        | KeyState | PendingDeletion |
        | Enabled  | false           |
      When I cancel the deletion of "K"
      Then it succeeds
      And "K" has Enabled false

    @clock
    Scenario: An Enabled key whose material expires
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 1 day
      And the DescribeKey metadata of "K" has:
        | member   | value   |
        | KeyState | Enabled |
        | Enabled  | true    |
      When the clock advances by 2 days
      Then the DescribeKey metadata of "K" has:
        | member   | value         |
        | KeyState | PendingImport |
        | Enabled  | false         |

  Rule: STATE-002 EnableKey on a key in PendingImport fails with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key without key material cannot be enabled: the key state table answers
    KMSInvalidStateException ("is pending import"). The key stays PendingImport.

    Scenario: A key that never had material cannot be enabled
      Given an EXTERNAL symmetric key "K"
      When I enable "K"
      Then it fails with KMSInvalidStateException
      And "K" is PendingImport

    Scenario: A key whose material was deleted cannot be enabled
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I delete the imported key material of "K"
      When I enable "K"
      Then it fails with KMSInvalidStateException
      And "K" is PendingImport

  Rule: STATE-003 DisableKey on a key in PendingImport fails with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key without key material cannot be disabled either: KMSInvalidStateException, and the key
    stays PendingImport.

    Scenario: A key that never had material cannot be disabled
      Given an EXTERNAL symmetric key "K"
      When I disable "K"
      Then it fails with KMSInvalidStateException
      And "K" is PendingImport

    Scenario: A key whose material was deleted cannot be disabled
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I delete the imported key material of "K"
      When I disable "K"
      Then it fails with KMSInvalidStateException
      And "K" is PendingImport

  Rule: STATE-004 An imported key can be disabled and enabled again without losing its material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Disabling makes the key refuse cryptographic use (DisabledException); enabling it again
    brings back the same material, so earlier ciphertexts decrypt.

    Scenario: Disable, refuse to encrypt, enable, decrypt an earlier ciphertext
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K" as "C"
      When I disable "K"
      Then it succeeds
      And "K" is Disabled
      When I encrypt a plaintext with "K" as "C2"
      Then the encryption fails with DisabledException
      When I enable "K"
      Then it succeeds
      And "K" is Enabled
      When I decrypt "C"
      Then the decryption succeeds

  Rule: STATE-005 ScheduleKeyDeletion works on an EXTERNAL key in PendingImport, Enabled or Disabled and puts it in PendingDeletion
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key in any of these states can be scheduled for deletion. The answer names the key by its
    ARN, in state PendingDeletion, with the waiting period (30 days when none is given) and the
    DeletionDate at its end. DeletionDate is checked to the second under the target's test
    clock, within five minutes of the local clock otherwise.

    Scenario: A key in PendingImport
      Given an EXTERNAL symmetric key "K"
      When I schedule the deletion of "K" with the default waiting period
      Then it succeeds
      And the ScheduleKeyDeletion answer has the ARN of "K", KeyState PendingDeletion and a 30-day waiting period
      And "K" is pending deletion for 30 days

    Scenario: An Enabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I schedule the deletion of "K" with the default waiting period
      Then it succeeds
      And the ScheduleKeyDeletion answer has the ARN of "K", KeyState PendingDeletion and a 30-day waiting period
      And "K" is pending deletion for 30 days

    Scenario: A Disabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I disable "K"
      When I schedule the deletion of "K" with the default waiting period
      Then it succeeds
      And the ScheduleKeyDeletion answer has the ARN of "K", KeyState PendingDeletion and a 30-day waiting period
      And "K" is pending deletion for 30 days

    Scenario: A key already pending deletion cannot be scheduled again
      Given an EXTERNAL symmetric key "K"
      And I schedule the deletion of "K" with a 7-day waiting period
      When I schedule the deletion of "K" with the default waiting period
      Then it fails with KMSInvalidStateException
      And "K" is pending deletion for 7 days

  Rule: STATE-006 CancelKeyDeletion of an imported key that still has its material leaves it Disabled
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
    https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
    A restored key is Disabled, whatever state it was in before; enabling it makes its material
    usable again.

    Scenario Outline: A key scheduled for deletion while <state> is restored Disabled
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K" as "C"
      And I <prepare> "K"
      And I schedule the deletion of "K" with a 7-day waiting period
      When I cancel the deletion of "K"
      Then it succeeds
      And "K" is Disabled
      When I enable "K"
      Then it succeeds
      When I decrypt "C"
      Then the decryption succeeds

      Examples:
        | state    | prepare |
        | Enabled  | enable  |
        | Disabled | disable |

  Rule: STATE-007 CancelKeyDeletion of an EXTERNAL key that has no material returns it to PendingImport
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key without material that is restored goes back to waiting for its material.
    Ambiguous: CancelKeyDeletion says a restored key is Disabled, written for keys that have
    material. Accepted: PendingImport (preferred), or Disabled provided that cryptographic use
    still fails after EnableKey.

    Scenario: A key that never had material
      Given an EXTERNAL symmetric key "K"
      And I schedule the deletion of "K" with a 7-day waiting period
      When I cancel the deletion of "K"
      Then it succeeds
      And "K" is PendingImport, or else Disabled and still unable to encrypt after EnableKey

    Scenario: A key whose material was deleted while pending deletion
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K" as "C"
      And I schedule the deletion of "K" with a 7-day waiting period
      And I delete the imported key material of "K"
      When I cancel the deletion of "K"
      Then it succeeds
      And "K" is PendingImport, or else Disabled and neither encrypts nor decrypts "C" after EnableKey

    @clock
    Scenario: A key whose material expired while pending deletion
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 1 day
      And I encrypt a plaintext with "K" as "C"
      And I schedule the deletion of "K" with a 7-day waiting period
      And the clock advances by 2 days
      And "K" is PendingDeletion
      When I cancel the deletion of "K"
      Then it succeeds
      And "K" is PendingImport, or else Disabled and neither encrypts nor decrypts "C" after EnableKey

  Rule: STATE-008 CancelKeyDeletion on a key that is not pending deletion fails with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Only a key in PendingDeletion can be restored; in any other state the answer is
    KMSInvalidStateException ("is not pending deletion") and the key does not change.

    Scenario: A key in PendingImport
      Given an EXTERNAL symmetric key "K"
      When I cancel the deletion of "K"
      Then it fails with KMSInvalidStateException
      And "K" is PendingImport

    Scenario: An Enabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I cancel the deletion of "K"
      Then it fails with KMSInvalidStateException
      And "K" is Enabled

    Scenario: A Disabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I disable "K"
      When I cancel the deletion of "K"
      Then it fails with KMSInvalidStateException
      And "K" is Disabled

  Rule: STATE-009 ImportKeyMaterial on a key in PendingDeletion fails with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key pending deletion takes no key material, even with an import token obtained before the
    deletion was scheduled; it stays PendingDeletion.

    Scenario: A key that never had material
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I schedule the deletion of "K" with a 7-day waiting period
      When I import "M" into "K"
      Then the import fails with KMSInvalidStateException
      And "K" is PendingDeletion

    Scenario: A key that has its material, reimporting it
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P2"
      And I schedule the deletion of "K" with a 7-day waiting period
      When I import "M" into "K" with the parameters "P2"
      Then the import fails with KMSInvalidStateException
      And "K" is PendingDeletion

    Scenario: A key whose material was deleted while pending deletion
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I schedule the deletion of "K" with a 7-day waiting period
      And I delete the imported key material of "K"
      When I import "M" into "K" with the parameters "P2"
      Then the import fails with KMSInvalidStateException
      And "K" is PendingDeletion

  Rule: STATE-010 The import operations never answer DisabledException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    DisabledException is in none of the three operations' error lists: on a Disabled EXTERNAL
    key they work. Reimporting leaves the key Disabled; deleting the material moves it to
    PendingImport.

    Scenario: A Disabled key gets parameters, takes its material again and loses it
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I disable "K"
      When I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048 as "P2"
      Then the parameters request succeeds
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" is Disabled
      When I delete the imported key material of "K"
      Then the deletion succeeds
      And "K" is PendingImport

  Rule: STATE-011 Management operations keep working on a key in PendingImport
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key waiting for its material can still be described, aliased, tagged, given a policy and a
    description, have its grants listed, retired and revoked, and be scheduled for deletion. Each
    operation is called with what it needs prepared first (an alias to update or delete, a tag to
    remove, the current policy to put back); the grant operations use a grant created while the
    key still had material (RetireGrant by its grant token, and by key ARN and grant ID). An alias pointing at the key resolves in DescribeKey.

    Scenario Outline: <operation> on a key in PendingImport
      Given an EXTERNAL symmetric key "K"
      When I call the management operation <operation> on "K"
      Then it succeeds
      And "K" is <state>

      Examples:
        | operation            | state           |
        | DescribeKey          | PendingImport   |
        | CreateAlias          | PendingImport   |
        | UpdateAlias          | PendingImport   |
        | DeleteAlias          | PendingImport   |
        | ListAliases          | PendingImport   |
        | TagResource          | PendingImport   |
        | UntagResource        | PendingImport   |
        | ListResourceTags     | PendingImport   |
        | GetKeyPolicy         | PendingImport   |
        | PutKeyPolicy         | PendingImport   |
        | ListKeyPolicies      | PendingImport   |
        | UpdateKeyDescription | PendingImport   |
        | ScheduleKeyDeletion  | PendingDeletion |

    Scenario Outline: <operation> on a key back in PendingImport after its material was deleted
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I create a grant on "K"
      And I delete the imported key material of "K"
      And "K" is PendingImport
      When I call the management operation <operation> on "K"
      Then it succeeds
      And "K" is PendingImport

      Examples:
        | operation   |
        | ListGrants  |
        | RetireGrant |
        | RevokeGrant |

    Scenario: RetireGrant by the key ARN and the grant ID on a key back in PendingImport
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I create a grant on "K"
      And I delete the imported key material of "K"
      And "K" is PendingImport
      When I retire the grant on "K" by the key ARN and the grant ID
      Then it succeeds
      And "K" is PendingImport

    Scenario: An alias of a key in PendingImport resolves in DescribeKey
      Given an EXTERNAL symmetric key "K"
      When I create an alias "A" for "K"
      Then it succeeds
      And DescribeKey by the alias name of "A" answers with "K" in state PendingImport
      And DescribeKey by the alias ARN of "A" answers with "K" in state PendingImport

  Rule: STATE-012 CreateGrant on a key in PendingImport fails with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Unlike the other management operations, CreateGrant refuses a key without material
    ("is pending import"); once the key has material it works.

    Scenario: A key that never had material
      Given an EXTERNAL symmetric key "K"
      When I create a grant on "K"
      Then it fails with KMSInvalidStateException
      And "K" is PendingImport

    Scenario: A key whose material was deleted
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I delete the imported key material of "K"
      When I create a grant on "K"
      Then it fails with KMSInvalidStateException
      And "K" is PendingImport

    Scenario: The same key once it has material
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K"
      When I create a grant on "K"
      Then it succeeds

  Rule: STATE-013 An EXTERNAL key is never in the Unavailable state
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html#key-state-cmk-type
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html#KMS-Type-KeyMetadata-KeyState
    Unavailable belongs to keys in custom key stores. The runner checks every EXTERNAL key after
    every step that may change it; this scenario says so at each stop of a key's life.

    Scenario: Through import, disabling, deletion of the material and scheduled deletion
      Given an EXTERNAL symmetric key "K"
      And "K" is not in the Unavailable state
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And key material "M" for "K"
      And I import "M" into "K"
      Then "K" is not in the Unavailable state
      When I disable "K"
      Then "K" is not in the Unavailable state
      When I delete the imported key material of "K"
      Then "K" is not in the Unavailable state
      When I schedule the deletion of "K" with a 7-day waiting period
      Then "K" is not in the Unavailable state

    @clock
    Scenario: After its material expires
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 1 hour
      When the clock advances by 2 hours
      Then "K" is not in the Unavailable state
      And "K" is PendingImport

  Rule: STATE-014 ScheduleKeyDeletion accepts a waiting period of 7 to 30 days (default 30)
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html#KMS-ScheduleKeyDeletion-request-PendingWindowInDays
    https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
    PendingWindowInDays is a number of days from 7 to 30; without it the period is 30 days.
    Ambiguous: the API model's range is 1 to 365 while the text says 7 to 30; the documented 7 to
    30 is taken, and the undocumented code for 6 or 31 is taken to be ValidationException.

    Scenario Outline: A waiting period of <days> days is accepted
      Given an EXTERNAL symmetric key "K"
      When I schedule the deletion of "K" with a <days>-day waiting period
      Then it succeeds
      And "K" is pending deletion for <days> days

      Examples:
        | days |
        | 7    |
        | 30   |

    Scenario Outline: A waiting period of <days> days is refused
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I schedule the deletion of "K" with a <days>-day waiting period
      Then it fails with ValidationException
      And "K" is Enabled

      Examples:
        | days |
        | 6    |
        | 31   |

    Scenario: Without a waiting period it is 30 days
      Given an EXTERNAL symmetric key "K"
      When I schedule the deletion of "K" with the default waiting period
      Then it succeeds
      And the ScheduleKeyDeletion answer has the ARN of "K", KeyState PendingDeletion and a 30-day waiting period
      And "K" is pending deletion for 30 days
