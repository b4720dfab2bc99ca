Feature: Import tokens
  Each GetParametersForImport answer carries an import token that goes with its
  public key: it is valid for 24 hours, bound to one KMS key, and refused when it is
  not exactly what KMS issued. Catalogue section TOKEN of ../shared/spec/rules.md.

  @clock
  Rule: TOKEN-001 After 24 hours the import token and its public key expire, and ImportKeyMaterial fails with ExpiredImportTokenException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImportResponse.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    A token (and its public key) cannot be used after ParametersValidTo; the import is
    refused as expired, and a new parameter set then imports. The test clock is moved to
    exactly one second after ParametersValidTo.

    Scenario: An expired token does not import into a key waiting for material
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I advance the clock to 1 second after the parameters "K" expire
      When I import "M" into "K"
      Then it fails with ExpiredImportTokenException
      And "K" is PendingImport
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      Then it succeeds
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" is Enabled

    Scenario: An expired token does not reimport into an Enabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_3072 as "P2"
      And I advance the clock to 1 second after the parameters "P2" expire
      When I import "M" into "K" with the parameters "P2"
      Then it fails with ExpiredImportTokenException
      And "K" is Enabled
      When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_3072 as "P3"
      Then it succeeds
      When I import "M" into "K" with the parameters "P3"
      Then the import succeeds
      And "K" is Enabled

  @clock
  Rule: TOKEN-002 An import token is still accepted shortly before ParametersValidTo
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImportResponse.html
    ParametersValidTo is when the token stops working: a token is still good one second
    before it.
    Ambiguous: the exact boundary (an import at ParametersValidTo itself) is not
    documented and not tested.

    Scenario: A token one second before ParametersValidTo imports into a key waiting for material
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I advance the clock to 1 second before the parameters "K" expire
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

    Scenario: A token one second before ParametersValidTo reimports into an Enabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048 as "P2"
      And I advance the clock to 1 second before the parameters "P2" expire
      When I import "M" into "K" with the parameters "P2" expiring in 7 days
      Then the import succeeds
      And "K" is Enabled
      And "K" has a ValidTo 7 days from now

  Rule: TOKEN-003 A malformed, truncated, altered or random import token is refused with InvalidImportTokenException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    A token that is not exactly one KMS issued is invalid. Each altered token goes with
    correctly wrapped material; the genuine token, never used before, then imports, so
    the refusal was the token's.

    Scenario Outline: An import with <alteration> is refused
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And an EXTERNAL symmetric key "L"
      And I get import parameters for "L" with RSAES_OAEP_SHA_256 and RSA_2048
      And I note the metadata of "K"
      When I import "M" into "K" with <alteration>
      Then it fails with InvalidImportTokenException
      And the metadata of "K" is unchanged
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | alteration                                                |
        | its import token with one byte flipped at the start       |
        | its import token with one byte flipped in the middle      |
        | its import token with one byte flipped at the end         |
        | its import token truncated by one byte                    |
        | 64 random bytes as the import token                       |
        | the import token of "L" with its last byte changed        |

  @clock
  Rule: TOKEN-004 Expired and invalid tokens are told apart: a genuine token past its validity gives ExpiredImportTokenException, a forged or altered one gives InvalidImportTokenException at any age
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    Two distinct errors: expired is for a genuine token past its time, invalid for any
    token KMS did not issue, however old.
    Ambiguous: which error wins for a genuine expired token issued for another key is not
    documented. A server authenticates a token before it trusts the expiry inside it and
    then checks the key, so InvalidImportTokenException is preferred and
    ExpiredImportTokenException accepted, for that combination only.

    Scenario Outline: An expired token <alteration> is invalid, not expired
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I advance the clock to 1 second after the parameters "K" expire
      When I import "M" into "K" with its import token <alteration>
      Then it fails with InvalidImportTokenException
      When I import "M" into "K"
      Then it fails with ExpiredImportTokenException
      And "K" is PendingImport

      Examples:
        | alteration                        |
        | with one byte flipped at the start |
        | with one byte flipped in the middle |
        | with one byte flipped at the end  |
        | truncated by one byte             |

    Scenario: A genuine expired token of another key
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And an EXTERNAL symmetric key "L"
      And I get import parameters for "L" with RSAES_OAEP_SHA_256 and RSA_2048
      And I advance the clock to 1 second after the parameters "L" expire
      When I import "M" into "K" with a token for "L"
      Then it fails with InvalidImportTokenException or ExpiredImportTokenException
      And "K" is PendingImport
      And "L" is PendingImport

  Rule: TOKEN-005 Reusing a token after a successful import is not required to work and must never change the material
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#reimport-key-material
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    The guide tells users to download a new public key and token for every import; it
    does not say that KMS refuses a token used before.
    Ambiguous: for the same token and the same wrapped material sent again, success
    (preferred; the reference allows reuse until ParametersValidTo) or
    InvalidImportTokenException is accepted. With different material the token may be
    refused too, but the material must never change (REIMPORT-003).

    Scenario: The same token and wrapped material sent again
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K", keeping the answer as "first"
      And I encrypt a plaintext with "K"
      And I note the metadata of "K"
      When I send the same import token and wrapped material again, not expiring
      Then the import succeeds or fails with InvalidImportTokenException
      And the metadata of "K" is unchanged
      When I decrypt "K ciphertext"
      Then the decryption succeeds

    Scenario: The same token with different material
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K"
      And I encrypt a plaintext with "K"
      And key material "M2" for "K"
      And I note the metadata of "K"
      When I import "M2" into "K"
      Then it fails with IncorrectKeyMaterialException or InvalidImportTokenException
      And the metadata of "K" is unchanged
      When I decrypt "K ciphertext"
      Then the decryption succeeds

  Rule: TOKEN-006 A token remains usable after an import attempt that failed
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    After an import refused for its input, the same (unexpired) token imports once the
    input is corrected; AWS was seen to accept the same token and wrapped material after
    a ValidationException for a missing ValidTo.
    Ambiguous: only the ValidationException case was observed, and it is required. After
    IncorrectKeyMaterialException or InvalidCiphertextException, the same token with
    correct material may import (preferred) or be refused with InvalidImportTokenException.

    Scenario Outline: After a ValidationException for <failure>, the same token and wrapped material import
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When <attempt>
      Then it fails with ValidationException
      And "K" is PendingImport
      When I send the same import token and wrapped material again, expiring in 30 days
      Then the import succeeds
      And "K" is Enabled
      And "K" has a ValidTo 30 days from now

      Examples:
        | failure                                | attempt                                                   |
        | KEY_MATERIAL_EXPIRES without a ValidTo | I import "M" into "K" without a ValidTo                   |
        | a ValidTo in the past                  | I import "M" into "K" with a ValidTo 1 minute in the past |
        | a ValidTo more than 365 days ahead     | I import "M" into "K" with a ValidTo 400 days from now    |

    Scenario Outline: After <code>, the same token with correct material imports or is refused
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And 16 random bytes as key material "S"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When <attempt>
      Then it fails with <code>
      When I import "M" into "K"
      Then the import succeeds or fails with InvalidImportTokenException
      And "K" is Enabled if the import succeeded, else PendingImport

      Examples:
        | code                          | attempt                                                    |
        | InvalidCiphertextException    | I import 256 random bytes as the wrapped material into "K" |
        | IncorrectKeyMaterialException | I import "S" into "K"                                      |

  @multi-region
  Rule: TOKEN-007 Each key of a multi-Region set needs its own token: a token issued in one Region does not import into the related key of another Region
    https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-import.html#mrk-import-replicate
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    Related multi-Region keys share an ID but not their import parameters: each needs
    its own public key and token, and another Region's token is invalid.

    Scenario: The primary's token does not import into its replica
      Given an EXTERNAL multi-Region symmetric key "P" with imported material "M"
      And I replicate "P" to us-west-2 as "R"
      And "R" is PendingImport
      And I get import parameters for "P" with RSAES_OAEP_SHA_256 and RSA_2048 as "PP"
      When I import "M" into "R" with the parameters "PP"
      Then it fails with InvalidImportTokenException
      And "R" is PendingImport
      When I get import parameters for "R" with RSAES_OAEP_SHA_256 and RSA_2048
      Then it succeeds
      When I import "M" into "R"
      Then the import succeeds
      And "R" is Enabled

    Scenario: The replica's token does not import into its primary
      Given an EXTERNAL multi-Region symmetric key "P" with imported material "M"
      And I encrypt a plaintext with "P"
      And I replicate "P" to us-west-2 as "R"
      And I get import parameters for "R" with RSAES_OAEP_SHA_1 and RSA_2048
      And I note the metadata of "P"
      When I import "M" into "P" with the parameters "R"
      Then it fails with InvalidImportTokenException
      And the metadata of "P" is unchanged
      And "R" is PendingImport
      When I decrypt "P ciphertext"
      Then the decryption succeeds
