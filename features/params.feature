Feature: GetParametersForImport
  GetParametersForImport returns the public key to wrap key material under and the
  import token that goes with it. Catalogue section PARAMS of ../shared/spec/rules.md.

  Rule: PARAMS-001 GetParametersForImport on an EXTERNAL key in PendingImport returns KeyId, ImportToken, PublicKey and ParametersValidTo
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    The answer carries all four members; ImportToken is 1 to 6144 bytes, PublicKey 1 to 4096.

    Scenario Outline: Parameters for <algorithm> and <spec> are complete
      Given an EXTERNAL symmetric key "K"
      When I get import parameters for "K" with <algorithm> and <spec>
      Then it succeeds
      And the parameters "K" have a KeyId, an ImportToken, a PublicKey and a ParametersValidTo

      Examples:
        | algorithm                | spec     |
        | RSAES_OAEP_SHA_1         | RSA_2048 |
        | RSAES_OAEP_SHA_1         | RSA_3072 |
        | RSAES_OAEP_SHA_1         | RSA_4096 |
        | RSAES_OAEP_SHA_256       | RSA_2048 |
        | RSAES_OAEP_SHA_256       | RSA_3072 |
        | RSAES_OAEP_SHA_256       | RSA_4096 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_3072 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_4096 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_3072 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_4096 |

  Rule: PARAMS-002 The KeyId in the response is the key ARN, whichever identifier the request used
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#API_GetParametersForImport_ResponseSyntax
    The response's KeyId is the key ARN (DescribeKey's Arn), for a request by key ID or by ARN.

    Scenario Outline: KeyId is the ARN when the request names the key by its <identifier>
      Given an EXTERNAL symmetric key "K"
      When I get import parameters for "K" by its <identifier> with RSAES_OAEP_SHA_256 and RSA_2048
      Then it succeeds
      And the KeyId of the parameters "K" is the ARN of "K"

      Examples:
        | identifier |
        | key ID     |
        | key ARN    |

  Rule: PARAMS-003 PublicKey is a DER-encoded SubjectPublicKeyInfo of an RSA key whose modulus size is the requested WrappingKeySpec
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    The public key is the RSA key pair KMS generated, of the requested size.
    Ambiguous: the encoding is never named; DER SubjectPublicKeyInfo is implied by every recipe
    (openssl -keyform DER -pubin). Any public exponent is accepted; distinct key pairs per call
    are not required.

    Scenario Outline: The <spec> public key has a <bits>-bit modulus (<algorithm>)
      Given an EXTERNAL symmetric key "K"
      When I get import parameters for "K" with <algorithm> and <spec>
      Then it succeeds
      And the public key of the parameters "K" is a DER SubjectPublicKeyInfo of an RSA key of <bits> bits

      Examples:
        | algorithm                | spec     | bits |
        | RSAES_OAEP_SHA_1         | RSA_2048 | 2048 |
        | RSAES_OAEP_SHA_1         | RSA_3072 | 3072 |
        | RSAES_OAEP_SHA_1         | RSA_4096 | 4096 |
        | RSAES_OAEP_SHA_256       | RSA_2048 | 2048 |
        | RSAES_OAEP_SHA_256       | RSA_3072 | 3072 |
        | RSAES_OAEP_SHA_256       | RSA_4096 | 4096 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 | 2048 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_3072 | 3072 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_4096 | 4096 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 | 2048 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_3072 | 3072 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_4096 | 4096 |

  Rule: PARAMS-004 The public key and import token are valid for 24 hours, and ParametersValidTo says when they expire
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#API_GetParametersForImport_ResponseSyntax
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    "Each public key and import token set is valid for 24 hours"; ParametersValidTo is the
    time of the request plus 24 hours. Checked exactly (to the millisecond) against the
    target's test clock when the profile has @clock, within 5 minutes of the local clock
    otherwise.

    Scenario: ParametersValidTo is 24 hours after the request
      Given an EXTERNAL symmetric key "K"
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      Then it succeeds
      And the parameters "K" are valid for 24 hours from the request

  Rule: PARAMS-005 A new parameter set can be requested at any time without invalidating the import
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    A new public key and token can be downloaded whenever needed; the newest set imports.
    Ambiguous: whether a newer set revokes an older one is not documented. Accepted for an
    import with the older, unexpired set: success (preferred) or InvalidImportTokenException.

    Scenario: The newer of two parameter sets imports
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P1"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_3072 as "P2"
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" is Enabled

    Scenario: The older of two parameter sets imports or is refused as superseded
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P1"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      When I import "M" into "K" with the parameters "P1"
      Then the import succeeds or fails with InvalidImportTokenException

  Rule: PARAMS-006 GetParametersForImport also works on an EXTERNAL key that is Enabled or Disabled, for reimport or new material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#import-new-key-material
    Parameters can be requested for a key that has material (to reimport it or import new
    material), whether Enabled or Disabled; the key's state does not change.

    Scenario: Parameters for an Enabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_4096 as "P2"
      Then it succeeds
      And the parameters "P2" have a KeyId, an ImportToken, a PublicKey and a ParametersValidTo
      And "K" is Enabled

    Scenario: Parameters for a Disabled key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I disable "K"
      When I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_3072 as "P2"
      Then it succeeds
      And the parameters "P2" have a KeyId, an ImportToken, a PublicKey and a ParametersValidTo
      And "K" is Disabled

  Rule: PARAMS-007 GetParametersForImport does not change the key
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    The operation only returns items: DescribeKey before and after agree on KeyState, Enabled,
    ExpirationModel, ValidTo and CurrentKeyMaterialId.

    Scenario: A key in PendingImport is unchanged
      Given an EXTERNAL symmetric key "K"
      And I note the metadata of "K"
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      Then it succeeds
      And the metadata of "K" is unchanged

    Scenario: A key with expiring material is unchanged
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 30 days
      And I note the metadata of "K"
      When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_4096 as "P2"
      Then it succeeds
      And the metadata of "K" is unchanged

  Rule: PARAMS-008 GetParametersForImport on a key whose Origin is not EXTERNAL fails with UnsupportedOperationException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#KMS-GetParametersForImport-request-KeyId
    "The Origin of the KMS key must be EXTERNAL." Keys in custom key stores (AWS_CLOUDHSM,
    EXTERNAL_KEY_STORE) are covered by ERRORS-006.

    Scenario Outline: An AWS_KMS key refuses parameters for <algorithm>
      Given an AWS_KMS symmetric key "A"
      When I get import parameters for "A" with <algorithm> and RSA_2048
      Then it fails with UnsupportedOperationException
      And "A" is Enabled

      Examples:
        | algorithm                |
        | RSAES_OAEP_SHA_256       |
        | RSA_AES_KEY_WRAP_SHA_256 |

  Rule: PARAMS-009 GetParametersForImport on an EXTERNAL key in PendingDeletion fails with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    The key state table forbids GetParametersForImport on a key pending deletion.
    Ambiguous: the table cell has two footnotes ([8] KMSInvalidStateException for keys with
    imported material, [9] UnsupportedOperationException for keys that cannot have it). For an
    EXTERNAL key, with or without material, KMSInvalidStateException is required; for an
    AWS_KMS key pending deletion UnsupportedOperationException (preferred) or
    KMSInvalidStateException is accepted.

    Scenario: An EXTERNAL key without material, pending deletion
      Given an EXTERNAL symmetric key "K"
      And I schedule the deletion of "K" with a 7-day waiting period
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      Then it fails with KMSInvalidStateException
      And "K" is PendingDeletion

    Scenario: An EXTERNAL key with material, pending deletion
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I schedule the deletion of "K" with a 7-day waiting period
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      Then it fails with KMSInvalidStateException
      And "K" is PendingDeletion

    Scenario: An AWS_KMS key pending deletion
      Given an AWS_KMS symmetric key "A"
      And I schedule the deletion of "A" with a 7-day waiting period
      When I get import parameters for "A" with RSAES_OAEP_SHA_256 and RSA_2048
      Then it fails with UnsupportedOperationException or KMSInvalidStateException

  Rule: PARAMS-010 WrappingAlgorithm and WrappingKeySpec are required and must be values of their enums
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#API_GetParametersForImport_RequestSyntax
    Both members are required, each from its enum. The SDK refuses to send a request without
    a required member, so these go as raw signed AWS JSON 1.1 requests.

    Scenario Outline: <case> is refused with ValidationException
      Given an EXTERNAL symmetric key "K"
      When I send the raw GetParametersForImport request:
        """
        {"KeyId": "${K}"<members>}
        """
      Then it fails with ValidationException
      And "K" is PendingImport

      Examples:
        | case                        | members                                                            |
        | no WrappingAlgorithm        | , "WrappingKeySpec": "RSA_2048"                                    |
        | no WrappingKeySpec          | , "WrappingAlgorithm": "RSAES_OAEP_SHA_256"                        |
        | neither member              |                                                                    |
        | a WrappingAlgorithm BOGUS   | , "WrappingAlgorithm": "BOGUS", "WrappingKeySpec": "RSA_2048"      |
        | a WrappingKeySpec BOGUS     | , "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "BOGUS" |
        | a WrappingKeySpec RSA_1024  | , "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_1024" |
        | a lower-case algorithm      | , "WrappingAlgorithm": "rsaes_oaep_sha_256", "WrappingKeySpec": "RSA_2048" |

  Rule: PARAMS-011 RSAES_PKCS1_V1_5 is no longer supported as a wrapping algorithm (since October 10, 2023)
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#KMS-GetParametersForImport-request-WrappingAlgorithm
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html#select-wrapping-algorithm
    RSAES_PKCS1_V1_5 is still in the enum but unsupported.
    Ambiguous: neither the refusing call nor the code is documented. Accepted:
    GetParametersForImport fails with UnsupportedOperationException (preferred) or
    ValidationException, or, if it issues parameters, ImportKeyMaterial of PKCS#1 v1.5-wrapped
    material fails with InvalidCiphertextException. Any successful import fails the rule.

    Scenario Outline: RSAES_PKCS1_V1_5 with <spec> never imports
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      When I get import parameters for "K" with RSAES_PKCS1_V1_5 and <spec>
      Then it fails with UnsupportedOperationException or ValidationException, or else "M" wrapped with RSAES_PKCS1_V1_5 under those parameters is refused with InvalidCiphertextException
      And "K" is PendingImport

      Examples:
        | spec     |
        | RSA_2048 |
        | RSA_3072 |
        | RSA_4096 |

  Rule: PARAMS-012 The SM2 wrapping key spec and the SM2PKE wrapping algorithm exist only in China Regions, and are used together
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#KMS-GetParametersForImport-request-WrappingKeySpec
    SM2 and SM2PKE ("China Regions only") go together.
    Ambiguous: outside China the rejection code is undocumented (UnsupportedOperationException
    preferred, or ValidationException); the pairing rule is inferred from the guide's table, and
    a mismatched pair must fail with one of the same two codes.

    @sm2
    Scenario: In a China Region SM2 with SM2PKE returns an SM2 public key
      Given an EXTERNAL symmetric key "K"
      When I get import parameters for "K" with SM2PKE and SM2
      Then it succeeds
      And the public key of the parameters "K" is a DER SubjectPublicKeyInfo of an SM2 key

    @sm2
    Scenario Outline: In a China Region <algorithm> with <spec> is a mismatched pair
      Given an EXTERNAL symmetric key "K"
      When I get import parameters for "K" with <algorithm> and <spec>
      Then it fails with UnsupportedOperationException or ValidationException

      Examples:
        | algorithm          | spec     |
        | SM2PKE             | RSA_2048 |
        | RSAES_OAEP_SHA_256 | SM2      |

    @without-sm2
    Scenario Outline: Outside China Regions <algorithm> with <spec> is refused
      Given an EXTERNAL symmetric key "K"
      When I get import parameters for "K" with <algorithm> and <spec>
      Then it fails with UnsupportedOperationException or ValidationException
      And "K" is PendingImport

      Examples:
        | algorithm          | spec     |
        | SM2PKE             | SM2      |
        | SM2PKE             | RSA_2048 |
        | RSAES_OAEP_SHA_256 | SM2      |

  @sm2
  Rule: PARAMS-013 RSA_AES_KEY_WRAP_SHA_1 and RSA_AES_KEY_WRAP_SHA_256 are not available in China Regions
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    The RSA_AES_KEY_WRAP algorithms are not offered in China Regions.
    Ambiguous: the code is undocumented; UnsupportedOperationException (preferred) or
    ValidationException.

    Scenario Outline: In a China Region <algorithm> is refused
      Given an EXTERNAL symmetric key "K"
      When I get import parameters for "K" with <algorithm> and RSA_2048
      Then it fails with UnsupportedOperationException or ValidationException

      Examples:
        | algorithm                |
        | RSA_AES_KEY_WRAP_SHA_1   |
        | RSA_AES_KEY_WRAP_SHA_256 |

  @multi-region
  Rule: PARAMS-014 GetParametersForImport fails with KMSInvalidStateException while a multi-Region key is Creating, Updating or PendingReplicaDeletion
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html
    The key state table: Creating [14] "is creating", Updating [15] "is updating", and
    PendingReplicaDeletion shares the PendingDeletion column [8]. Creating and Updating last
    seconds on AWS, so those scenarios need a target that can hold a key in them (@hold-state).

    @hold-state
    Scenario: A replica held in Creating
      Given an EXTERNAL multi-Region symmetric key "P" with imported material "M"
      And I replicate "P" to us-west-2 as "R"
      And "R" is held in state Creating
      When I get import parameters for "R" with RSAES_OAEP_SHA_256 and RSA_2048
      Then it fails with KMSInvalidStateException
      And "R" is no longer held

    @hold-state
    Scenario: A primary held in Updating
      Given an EXTERNAL multi-Region symmetric key "P" with imported material "M"
      And "P" is held in state Updating
      When I get import parameters for "P" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      Then it fails with KMSInvalidStateException
      And "P" is no longer held

    Scenario: A primary pending replica deletion
      Given an EXTERNAL multi-Region symmetric key "P" with imported material "M"
      And I replicate "P" to us-west-2 as "R"
      And "R" is PendingImport
      And I schedule the deletion of "P" with a 7-day waiting period
      And "P" is PendingReplicaDeletion
      When I get import parameters for "P" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      Then it fails with KMSInvalidStateException
