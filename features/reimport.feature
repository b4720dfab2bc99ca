Feature: Reimporting key material
  A key keeps the material it was first given: the same material can be imported
  again (after a delete, after it expired, or at any time), different material is
  refused. Catalogue section REIMPORT of ../shared/spec/rules.md.

  Rule: REIMPORT-001 After DeleteImportedKeyMaterial, importing the same material again (with new parameters) makes the key Enabled and old ciphertexts decrypt again
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#reimport-key-material
    Deleting imported material makes the key unusable until the same material is
    imported again, with a new public key and token; then ciphertexts made before the
    delete decrypt again.

    Scenario Outline: The same material reimported with <algorithm> and <spec> restores a symmetric key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K"
      And I delete the imported key material of "K"
      And "K" is PendingImport
      And I get import parameters for "K" with <algorithm> and <spec> as "P2"
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" is Enabled
      When I decrypt "K ciphertext"
      Then the decryption succeeds

      Examples:
        | algorithm          | spec     |
        | RSAES_OAEP_SHA_256 | RSA_2048 |
        | RSAES_OAEP_SHA_1   | RSA_3072 |

  @clock
  Rule: REIMPORT-002 After the material expired, importing the same material again makes the key usable again
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ValidTo
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#importing-keys-expiration
    When the material reaches its ValidTo, KMS deletes it and the key waits for the
    same material again; reimporting it restores the key and its ciphertexts. The test
    clock is moved past ValidTo.

    Scenario: The same material reimported after it expired
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 1 hour
      And I encrypt a plaintext with "K"
      And I advance the clock by 61 minutes
      And "K" is PendingImport
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P2"
      When I import "M" into "K" with the parameters "P2" expiring in 2 days
      Then the import succeeds
      And "K" is Enabled
      And "K" has a ValidTo 2 days from now
      When I decrypt "K ciphertext"
      Then the decryption succeeds

  Rule: REIMPORT-003 Importing different material into a key that already had material (ImportType omitted) fails with IncorrectKeyMaterialException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ImportType
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    Without ImportType, an import into a key that ever had material is a reimport of
    that material; other material is refused, and the key's state and material do not
    change. Checked both after a delete (PendingImport) and while the key is Enabled
    (REIMPORT-005).

    Scenario: Different material into a key whose material was deleted
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K"
      And I delete the imported key material of "K"
      And key material "M2" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      And I note the metadata of "K"
      When I import "M2" into "K" with the parameters "P2"
      Then it fails with IncorrectKeyMaterialException
      And the metadata of "K" is unchanged
      And "K" is PendingImport
      When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P3"
      Then it succeeds
      When I import "M" into "K" with the parameters "P3"
      Then the import succeeds
      When I decrypt "K ciphertext"
      Then the decryption succeeds

    Scenario: Different material into an Enabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K"
      And key material "M2" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P2"
      And I note the metadata of "K"
      When I import "M2" into "K" with the parameters "P2"
      Then it fails with IncorrectKeyMaterialException
      And the metadata of "K" is unchanged
      And "K" is Enabled
      When I decrypt "K ciphertext"
      Then the decryption succeeds

  Rule: REIMPORT-004 Asymmetric and HMAC keys never accept material different from their first import
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    Only one key material can ever belong to an asymmetric or HMAC key: other material
    is refused whether the key is Enabled or its material was deleted, and the first
    material still reimports.

    Scenario Outline: A <spec> key for <usage> refuses other material while Enabled
      Given an EXTERNAL <spec> key "K" for <usage> with imported material "M"
      And key material "M2" for "K"
      And I get import parameters for "K" with <algorithm> and RSA_2048 as "P2"
      And I note the metadata of "K"
      When I import "M2" into "K" with the parameters "P2"
      Then it fails with IncorrectKeyMaterialException
      And the metadata of "K" is unchanged
      And "K" is Enabled

      @hmac
      Examples: HMAC
        | spec     | usage               | algorithm          |
        | HMAC_224 | GENERATE_VERIFY_MAC | RSAES_OAEP_SHA_256 |
        | HMAC_256 | GENERATE_VERIFY_MAC | RSAES_OAEP_SHA_1   |
        | HMAC_384 | GENERATE_VERIFY_MAC | RSAES_OAEP_SHA_256 |
        | HMAC_512 | GENERATE_VERIFY_MAC | RSAES_OAEP_SHA_1   |

      @asymmetric
      Examples: asymmetric
        | spec            | usage           | algorithm                |
        | RSA_2048        | ENCRYPT_DECRYPT | RSA_AES_KEY_WRAP_SHA_256 |
        | RSA_3072        | SIGN_VERIFY     | RSA_AES_KEY_WRAP_SHA_1   |
        | RSA_4096        | ENCRYPT_DECRYPT | RSA_AES_KEY_WRAP_SHA_256 |
        | ECC_NIST_P256   | SIGN_VERIFY     | RSA_AES_KEY_WRAP_SHA_256 |
        | ECC_NIST_P384   | KEY_AGREEMENT   | RSA_AES_KEY_WRAP_SHA_1   |
        | ECC_NIST_P521   | SIGN_VERIFY     | RSA_AES_KEY_WRAP_SHA_256 |
        | ECC_SECG_P256K1 | SIGN_VERIFY     | RSAES_OAEP_SHA_256       |

    Scenario Outline: A <spec> key refuses other material after its material was deleted
      Given an EXTERNAL <spec> key "K" for <usage> with imported material "M"
      And I delete the imported key material of "K"
      And key material "M2" for "K"
      And I get import parameters for "K" with <algorithm> and RSA_2048 as "P2"
      And I note the metadata of "K"
      When I import "M2" into "K" with the parameters "P2"
      Then it fails with IncorrectKeyMaterialException
      And the metadata of "K" is unchanged
      And "K" is PendingImport
      When I get import parameters for "K" with <algorithm> and RSA_2048 as "P3"
      Then it succeeds
      When I import "M" into "K" with the parameters "P3"
      Then the import succeeds
      And "K" is Enabled

      @hmac
      Examples: HMAC
        | spec     | usage               | algorithm          |
        | HMAC_256 | GENERATE_VERIFY_MAC | RSAES_OAEP_SHA_256 |
        | HMAC_512 | GENERATE_VERIFY_MAC | RSAES_OAEP_SHA_256 |

      @asymmetric
      Examples: asymmetric
        | spec            | usage           | algorithm                |
        | RSA_2048        | SIGN_VERIFY     | RSA_AES_KEY_WRAP_SHA_256 |
        | ECC_NIST_P256   | KEY_AGREEMENT   | RSA_AES_KEY_WRAP_SHA_1   |
        | ECC_SECG_P256K1 | SIGN_VERIFY     | RSA_AES_KEY_WRAP_SHA_256 |

  Rule: REIMPORT-005 The same material can be reimported while the key is Enabled, without deleting it first
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#reimport-key-material
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Key material can be reimported at any time: the key stays Enabled and its
    ciphertexts keep decrypting.
    Ambiguous: older texts (and the KeyId and ValidTo member docs) still ask for a delete
    first; the operation text and the current guide allow it. Required; a server that
    answers KMSInvalidStateException follows the pre-2025 reading and lists it as a known
    deviation in its profile.

    Scenario Outline: The same material reimported into an Enabled symmetric key with <algorithm> and <spec>
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K"
      And I get import parameters for "K" with <algorithm> and <spec> as "P2"
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" is Enabled
      When I decrypt "K ciphertext"
      Then the decryption succeeds

      Examples:
        | algorithm          | spec     |
        | RSAES_OAEP_SHA_256 | RSA_2048 |
        | RSAES_OAEP_SHA_1   | RSA_3072 |

    Scenario Outline: The same material reimported into an Enabled <spec> key
      Given an EXTERNAL <spec> key "K" for <usage> with imported material "M"
      And I get import parameters for "K" with <algorithm> and RSA_2048 as "P2"
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" is Enabled

      @hmac
      Examples: HMAC
        | spec     | usage               | algorithm          |
        | HMAC_256 | GENERATE_VERIFY_MAC | RSAES_OAEP_SHA_1   |

      @asymmetric
      Examples: asymmetric
        | spec          | usage           | algorithm                |
        | RSA_2048      | ENCRYPT_DECRYPT | RSA_AES_KEY_WRAP_SHA_1   |
        | ECC_NIST_P256 | SIGN_VERIFY     | RSAES_OAEP_SHA_256       |

  Rule: REIMPORT-006 A reimport may change the expiration model and ValidTo, and DescribeKey then shows the latest import's values
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ExpirationModel
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#importing-keys-expiration
    Expiry can be switched on or off, or moved, by importing the same material again;
    DescribeKey shows what the latest import asked for.
    Ambiguous: only whether a delete must come first is contested (REIMPORT-005). Both
    orders are tested; delete-then-reimport must always work.

    Scenario: The expiration changes on reimports into an Enabled key
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 30 days
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And the DescribeKey metadata of "K" has:
        | member          | value                        |
        | KeyState        | Enabled                      |
        | ExpirationModel | KEY_MATERIAL_DOES_NOT_EXPIRE |
        | ValidTo         | absent                       |
      When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P3"
      And I import "M" into "K" with the parameters "P3" expiring in 60 days
      Then the import succeeds
      And "K" has ExpirationModel KEY_MATERIAL_EXPIRES
      And "K" has a ValidTo 60 days from now
      When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P4"
      And I import "M" into "K" with the parameters "P4" expiring in 10 days
      Then the import succeeds
      And "K" has a ValidTo 10 days from now

    Scenario: The expiration changes on reimports after each delete
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 30 days
      And I delete the imported key material of "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And the DescribeKey metadata of "K" has:
        | member          | value                        |
        | KeyState        | Enabled                      |
        | ExpirationModel | KEY_MATERIAL_DOES_NOT_EXPIRE |
        | ValidTo         | absent                       |
      When I delete the imported key material of "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P3"
      And I import "M" into "K" with the parameters "P3" expiring in 60 days
      Then the import succeeds
      And "K" has ExpirationModel KEY_MATERIAL_EXPIRES
      And "K" has a ValidTo 60 days from now

  Rule: REIMPORT-007 The same material can be reimported into a Disabled key, which stays Disabled
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    The key state table allows ImportKeyMaterial on a Disabled EXTERNAL key and the
    operation lists no DisabledException; the new expiration settings apply.
    Ambiguous: whether such an import re-enables a key its owner disabled is not said;
    enabling is the separate EnableKey decision, so Disabled is preferred and Enabled
    accepted. Either way the material is intact: once enabled, old ciphertexts decrypt.

    Scenario: The same material reimported into a Disabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K"
      And I disable "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P2"
      When I import "M" into "K" with the parameters "P2" expiring in 30 days
      Then the import succeeds
      And "K" is either Disabled or Enabled
      And "K" has ExpirationModel KEY_MATERIAL_EXPIRES
      And "K" has a ValidTo 30 days from now
      When I enable "K"
      And I decrypt "K ciphertext"
      Then the decryption succeeds

  @multiple-key-materials
  Rule: REIMPORT-008 Reimporting the same material into a symmetric key gives the same KeyMaterialId
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-KeyMaterialId
    KMS derives the KeyMaterialId from the key and the material, so the same material
    gets the same ID however it was wrapped, and the key's current material stays the same.

    Scenario Outline: The same material reimported with <algorithm> and <spec> keeps its KeyMaterialId
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K", keeping the answer as "first"
      And I get import parameters for "K" with <algorithm> and <spec> as "P2"
      When I import "M" into "K" with the parameters "P2", keeping the answer as "second"
      Then the import succeeds
      And the import answers "first" and "second" have the same KeyMaterialId
      And the CurrentKeyMaterialId of "K" is the KeyMaterialId of the import answer "first"

      Examples:
        | algorithm          | spec     |
        | RSAES_OAEP_SHA_256 | RSA_2048 |
        | RSAES_OAEP_SHA_1   | RSA_2048 |
        | RSAES_OAEP_SHA_1   | RSA_3072 |

    Scenario: The same material reimported after a delete keeps its KeyMaterialId
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K", keeping the answer as "first"
      And I delete the imported key material of "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_3072 as "P2"
      When I import "M" into "K" with the parameters "P2", keeping the answer as "second"
      Then the import succeeds
      And the import answers "first" and "second" have the same KeyMaterialId
      And the CurrentKeyMaterialId of "K" is the KeyMaterialId of the import answer "first"

  @multiple-key-materials
  Rule: REIMPORT-009 Reimporting without KeyMaterialDescription keeps the description stored for that material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-KeyMaterialDescription
    An import that names no KeyMaterialDescription keeps the description of the last
    import of that material; one that names a description replaces it.

    Scenario: A reimport after a delete keeps the description, a new one replaces it
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with the key material description "Q2 2025 Rotation"
      And I delete the imported key material of "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And ListKeyRotations with all key material lists the current material of "K" with the description "Q2 2025 Rotation"
      When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P3"
      And I import "M" into "K" with the parameters "P3" with the key material description "Q3 2025 Rotation"
      Then the import succeeds
      And ListKeyRotations with all key material lists the current material of "K" with the description "Q3 2025 Rotation"

    Scenario: A reimport into an Enabled key keeps the description
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with the key material description "Q2 2025 Rotation"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_3072 as "P2"
      When I import "M" into "K" with the parameters "P2" expiring in 30 days
      Then the import succeeds
      And ListKeyRotations with all key material lists the current material of "K" with the description "Q2 2025 Rotation"
