Feature: ImportKeyMaterial basics
  ImportKeyMaterial takes key material wrapped under the public key of a
  GetParametersForImport answer, with that answer's import token, and makes the
  key usable. Catalogue section IMPORT of ../shared/spec/rules.md.

  Rule: IMPORT-001 A successful ImportKeyMaterial on a key in PendingImport makes it Enabled
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html
    Once material is imported into a key that waits for it, the key is Enabled and
    DescribeKey shows the expiration model the import asked for (and its ValidTo, if any).

    Scenario: Material that does not expire
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And the DescribeKey metadata of "K" has:
        | member          | value                        |
        | KeyState        | Enabled                      |
        | Enabled         | true                         |
        | ExpirationModel | KEY_MATERIAL_DOES_NOT_EXPIRE |
        | ValidTo         | absent                       |

    Scenario: Material that expires
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048
      When I import "M" into "K" expiring in 30 days
      Then the import succeeds
      And the DescribeKey metadata of "K" has:
        | member          | value                |
        | KeyState        | Enabled              |
        | Enabled         | true                 |
        | ExpirationModel | KEY_MATERIAL_EXPIRES |
      And "K" has a ValidTo 30 days from now

    Scenario Outline: A <spec> key for <usage> becomes Enabled
      Given an EXTERNAL <spec> key "K" for <usage>
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And the DescribeKey metadata of "K" has:
        | member          | value                        |
        | KeyState        | Enabled                      |
        | Enabled         | true                         |
        | ExpirationModel | KEY_MATERIAL_DOES_NOT_EXPIRE |

      @hmac
      Examples: HMAC
        | spec     | usage               | algorithm          |
        | HMAC_256 | GENERATE_VERIFY_MAC | RSAES_OAEP_SHA_256 |

      @asymmetric
      Examples: asymmetric
        | spec          | usage           | algorithm                |
        | RSA_2048      | ENCRYPT_DECRYPT | RSA_AES_KEY_WRAP_SHA_256 |
        | ECC_NIST_P256 | SIGN_VERIFY     | RSA_AES_KEY_WRAP_SHA_256 |

  @multiple-key-materials
  Rule: IMPORT-002 ImportKeyMaterial returns the key ARN and, for a symmetric encryption key, the ID of the imported key material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_ResponseSyntax
    The answer names the key by its ARN and, for a symmetric encryption key, the
    KeyMaterialId of what was imported, which is then the key's CurrentKeyMaterialId.
    Ambiguous: whether asymmetric and HMAC imports answer a KeyMaterialId is not
    documented; absent or a well-formed ID is accepted. Servers without the 2025
    multiple-key-materials feature answer {} and do not claim the capability.

    Scenario: A symmetric import answers the key ARN and the material ID
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K", keeping the answer as "first"
      Then the import succeeds
      And the import answer "first" has the ARN of "K" as its KeyId
      And the import answer "first" has a KeyMaterialId of 64 lowercase hex digits
      And the CurrentKeyMaterialId of "K" is the KeyMaterialId of the import answer "first"

    Scenario Outline: A <spec> import answers the key ARN
      Given an EXTERNAL <spec> key "K" for <usage>
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and RSA_2048
      When I import "M" into "K", keeping the answer as "first"
      Then the import succeeds
      And the import answer "first" has the ARN of "K" as its KeyId
      And the import answer "first" has no KeyMaterialId or one of 64 lowercase hex digits

      @hmac
      Examples: HMAC
        | spec     | usage               | algorithm          |
        | HMAC_384 | GENERATE_VERIFY_MAC | RSAES_OAEP_SHA_256 |

      @asymmetric
      Examples: asymmetric
        | spec          | usage       | algorithm                |
        | ECC_NIST_P384 | SIGN_VERIFY | RSA_AES_KEY_WRAP_SHA_256 |

  Rule: IMPORT-003 KeyId, ImportToken and EncryptedKeyMaterial are required
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_RequestSyntax
    The three members are required. The SDK refuses to send a request without one of
    them, so these requests go as raw signed AWS JSON 1.1 requests, each complete but
    for the member left out (a genuine token and correctly wrapped material).

    Scenario Outline: A request without <member> is refused with ValidationException
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I note the metadata of "K"
      When I send an ImportKeyMaterial request for "M" into "K" without <member>
      Then it fails with ValidationException
      And the metadata of "K" is unchanged
      And "K" is PendingImport

      Examples:
        | member                         |
        | KeyId                          |
        | ImportToken                    |
        | EncryptedKeyMaterial           |
        | any of its required members    |

  Rule: IMPORT-004 An import token issued for one KMS key cannot import material into another
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-KeyId
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    The key named in ImportKeyMaterial must be the one the parameters were requested
    for; a token of another key is refused as invalid and neither key changes.

    Scenario: A token of key "A" does not import into key "B" waiting for material
      Given an EXTERNAL symmetric key "A"
      And an EXTERNAL symmetric key "B"
      And key material "M" for "B"
      And I get import parameters for "A" with RSAES_OAEP_SHA_256 and RSA_2048
      And I note the metadata of "A"
      And I note the metadata of "B"
      When I import "M" into "B" with a token for "A"
      Then it fails with InvalidImportTokenException
      And the metadata of "A" is unchanged
      And the metadata of "B" is unchanged
      And "B" is PendingImport
      When I import "M" into "A"
      Then the import succeeds
      And "A" is Enabled
      And "B" is PendingImport

    Scenario: A token of key "A" does not reimport into key "B" that has material
      Given an EXTERNAL symmetric key "B" with imported material "MB"
      And I encrypt a plaintext with "B"
      And an EXTERNAL symmetric key "A"
      And I get import parameters for "A" with RSAES_OAEP_SHA_1 and RSA_2048
      And I note the metadata of "B"
      When I import "MB" into "B" with a token for "A"
      Then it fails with InvalidImportTokenException
      And the metadata of "B" is unchanged
      And "A" is PendingImport
      When I decrypt "B ciphertext"
      Then the decryption succeeds

  Rule: IMPORT-005 A failed ImportKeyMaterial leaves the key exactly as it was
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    A failed import changes nothing: DescribeKey (KeyState, Enabled, ExpirationModel,
    ValidTo, CurrentKeyMaterialId) and ListKeyRotations read as before, and earlier
    ciphertexts still decrypt.
    Ambiguous: atomicity is implied by the advice to repeat the procedure after a
    failure, not stated. Required, for every failing import of the catalogue that can
    be sent here (wrong, altered or expired token, bad wrapped material, wrong material,
    bad ValidTo).

    Scenario Outline: After <failure>, an Enabled key with expiring material is unchanged
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 30 days
      And I encrypt a plaintext with "K"
      And key material "M2" for "K"
      And 16 random bytes as key material "S"
      And an EXTERNAL symmetric key "L"
      And I get import parameters for "L" with RSAES_OAEP_SHA_256 and RSA_2048
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P2"
      And I note the metadata of "K"
      When <attempt>
      Then it fails with <code>
      And the metadata of "K" is unchanged
      And "K" is Enabled
      When I decrypt "K ciphertext"
      Then the decryption succeeds

      Examples:
        | failure                                | attempt                                                                                     | code                          |
        | a token issued for another key         | I import "M" into "K" with a token for "L"                                                  | InvalidImportTokenException   |
        | an altered import token                | I import "M" into "K" with the parameters "P2" with its import token truncated by one byte | InvalidImportTokenException   |
        | random bytes as the wrapped material   | I import 256 random bytes as the wrapped material into "K" with the parameters "P2"        | InvalidCiphertextException    |
        | different key material                 | I import "M2" into "K" with the parameters "P2"                                            | IncorrectKeyMaterialException |
        | material of the wrong size             | I import "S" into "K" with the parameters "P2"                                             | IncorrectKeyMaterialException |
        | a ValidTo in the past                  | I import "M" into "K" with the parameters "P2" with a ValidTo 1 hour in the past           | ValidationException           |
        | a ValidTo more than 365 days ahead     | I import "M" into "K" with the parameters "P2" expiring in 366 days                        | ValidationException           |
        | KEY_MATERIAL_EXPIRES without a ValidTo | I import "M" into "K" with the parameters "P2" without a ValidTo                           | ValidationException           |

    Scenario Outline: After <failure>, a key waiting for material is unchanged
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And 16 random bytes as key material "S"
      And an EXTERNAL symmetric key "L"
      And I get import parameters for "L" with RSAES_OAEP_SHA_256 and RSA_2048
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I note the metadata of "K"
      When <attempt>
      Then it fails with <code>
      And the metadata of "K" is unchanged
      And "K" is PendingImport

      Examples:
        | failure                                | attempt                                                                               | code                          |
        | a token issued for another key         | I import "M" into "K" with a token for "L"                                            | InvalidImportTokenException   |
        | an altered import token                | I import "M" into "K" with its import token with one byte flipped in the middle       | InvalidImportTokenException   |
        | random bytes as the wrapped material   | I import 256 random bytes as the wrapped material into "K"                            | InvalidCiphertextException    |
        | material of the wrong size             | I import "S" into "K"                                                                 | IncorrectKeyMaterialException |
        | a ValidTo in the past                  | I import "M" into "K" with a ValidTo 1 second in the past                             | ValidationException           |
        | KEY_MATERIAL_EXPIRES without a ValidTo | I import "M" into "K" without a ValidTo                                               | ValidationException           |

    @multiple-key-materials
    Scenario Outline: After <failure>, ListKeyRotations of the key is unchanged
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" with the key material description "first material"
      And key material "M2" for "K"
      And an EXTERNAL symmetric key "L"
      And I get import parameters for "L" with RSAES_OAEP_SHA_256 and RSA_2048
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P2"
      And I note the metadata of "K"
      And I note the ListKeyRotations entries of "K"
      When <attempt>
      Then it fails with <code>
      And the metadata of "K" is unchanged
      And the ListKeyRotations entries of "K" are unchanged

      Examples:
        | failure                              | attempt                                                                                         | code                          |
        | a token issued for another key       | I import "M" into "K" with a token for "L"                                                      | InvalidImportTokenException   |
        | random bytes as the wrapped material | I import 256 random bytes as the wrapped material into "K" with the parameters "P2"            | InvalidCiphertextException    |
        | different key material               | I import "M2" into "K" with the parameters "P2" with the key material description "other"      | IncorrectKeyMaterialException |
        | a ValidTo in the past                | I import "M" into "K" with the parameters "P2" with a ValidTo 1 day in the past                | ValidationException           |

    @clock
    Scenario: After an expired token, an Enabled key with expiring material is unchanged
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 30 days
      And I encrypt a plaintext with "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P2"
      And I note the metadata of "K"
      And I advance the clock to 1 second after the parameters "P2" expire
      When I import "M" into "K" with the parameters "P2"
      Then it fails with ExpiredImportTokenException
      And the metadata of "K" is unchanged
      When I decrypt "K ciphertext"
      Then the decryption succeeds

  Rule: IMPORT-006 ImportKeyMaterial on a key whose Origin is not EXTERNAL fails with UnsupportedOperationException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-KeyId
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Only a key whose Origin is EXTERNAL takes imported material.
    Ambiguous: no token can be obtained for an AWS_KMS key, so the request carries the
    valid token of an EXTERNAL key and IMPORT-004 applies as well. Accepted:
    UnsupportedOperationException (preferred: the origin is the cheaper, static check)
    or InvalidImportTokenException. The AWS_KMS key must not change either way.

    Scenario Outline: An AWS_KMS key refuses material wrapped with <algorithm>
      Given an AWS_KMS symmetric key "A"
      And I encrypt a plaintext with "A"
      And an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and RSA_2048
      And I note the metadata of "A"
      When I import "M" into "A" with a token for "K"
      Then it fails with UnsupportedOperationException or InvalidImportTokenException
      And the metadata of "A" is unchanged
      And "A" is Enabled
      And "K" is PendingImport
      When I decrypt "A ciphertext"
      Then the decryption succeeds

      Examples:
        | algorithm          |
        | RSAES_OAEP_SHA_256 |
        | RSAES_OAEP_SHA_1   |
