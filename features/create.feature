Feature: CreateKey with Origin EXTERNAL
  A KMS key for imported key material is created with Origin EXTERNAL; it has no
  key material and waits in PendingImport until material is imported.
  Catalogue section CREATE of ../shared/spec/rules.md.

  Rule: CREATE-001 CreateKey with Origin EXTERNAL and no KeySpec creates a symmetric encryption key that has no key material and is in state PendingImport
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-create-cmk.html
    CreateKey with Origin EXTERNAL makes a symmetric encryption key without key material,
    in state PendingImport; CreateKey's answer and DescribeKey agree on its metadata.

    Scenario: An EXTERNAL key without a KeySpec is a symmetric encryption key in PendingImport
      When I create an EXTERNAL symmetric key "K"
      Then the key creation succeeds
      And the CreateKey metadata of "K" has:
        | member               | value              |
        | Origin               | EXTERNAL           |
        | KeySpec              | SYMMETRIC_DEFAULT  |
        | KeyUsage             | ENCRYPT_DECRYPT    |
        | KeyState             | PendingImport      |
        | Enabled              | false              |
        | EncryptionAlgorithms | SYMMETRIC_DEFAULT  |
        | KeyManager           | CUSTOMER           |
        | MultiRegion          | false              |
      And the DescribeKey metadata of "K" has:
        | member               | value              |
        | Origin               | EXTERNAL           |
        | KeySpec              | SYMMETRIC_DEFAULT  |
        | KeyUsage             | ENCRYPT_DECRYPT    |
        | KeyState             | PendingImport      |
        | Enabled              | false              |
        | EncryptionAlgorithms | SYMMETRIC_DEFAULT  |
        | KeyManager           | CUSTOMER           |
        | MultiRegion          | false              |

  Rule: CREATE-002 A newly created EXTERNAL key reports no ValidTo, and AWS also omits ExpirationModel and CurrentKeyMaterialId until the first import
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
    A key that never had material has no ValidTo.
    Ambiguous: KeyMetadata documents ExpirationModel as present for EXTERNAL keys and
    CurrentKeyMaterialId for symmetric keys, but AWS omits both before the first import
    (observed). Reading taken: absent is preferred, a present value must be a valid one.

    Scenario: A new EXTERNAL key has no ValidTo
      Given an EXTERNAL symmetric key "K"
      Then "K" has no ValidTo
      And "K" has no ExpirationModel or a valid one
      And "K" has no CurrentKeyMaterialId or a valid one
      And the CreateKey metadata of "K" has:
        | member  | value  |
        | ValidTo | absent |

  @hmac
  Rule: CREATE-003 CreateKey accepts Origin EXTERNAL with HMAC_224, HMAC_256, HMAC_384 and HMAC_512 (KeyUsage GENERATE_VERIFY_MAC) and the key starts in PendingImport
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    Every HMAC key spec can be created for imported material.
    Ambiguous: CreateKeyRequest.Origin still says EXTERNAL "is valid only for symmetric KMS
    keys", a sentence from before June 2023; the operation text and the guide allow HMAC keys,
    so acceptance is required (a server without it does not claim @hmac).

    Scenario Outline: An EXTERNAL <spec> key starts in PendingImport
      When I create an EXTERNAL <spec> key "K" for GENERATE_VERIFY_MAC
      Then the key creation succeeds
      And the DescribeKey metadata of "K" has:
        | member        | value               |
        | Origin        | EXTERNAL            |
        | KeySpec       | <spec>              |
        | KeyUsage      | GENERATE_VERIFY_MAC |
        | KeyState      | PendingImport       |
        | MacAlgorithms | <mac>               |

      Examples:
        | spec     | mac          |
        | HMAC_224 | HMAC_SHA_224 |
        | HMAC_256 | HMAC_SHA_256 |
        | HMAC_384 | HMAC_SHA_384 |
        | HMAC_512 | HMAC_SHA_512 |

  @asymmetric
  Rule: CREATE-004 CreateKey accepts Origin EXTERNAL with RSA_2048, RSA_3072 and RSA_4096 for KeyUsage ENCRYPT_DECRYPT or SIGN_VERIFY
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    RSA keys of every size can be created for imported material, for encryption or signing;
    their algorithms are those of an AWS_KMS key of the same spec and usage
    (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html).
    Ambiguous: see CREATE-003 about the stale Origin sentence; acceptance is required.

    Scenario Outline: An EXTERNAL <spec> key for ENCRYPT_DECRYPT starts in PendingImport
      When I create an EXTERNAL <spec> key "K" for ENCRYPT_DECRYPT
      Then the key creation succeeds
      And the DescribeKey metadata of "K" has:
        | member               | value                                |
        | Origin               | EXTERNAL                             |
        | KeySpec              | <spec>                               |
        | KeyState             | PendingImport                        |
        | EncryptionAlgorithms | RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256 |
        | SigningAlgorithms    | absent                               |

      Examples:
        | spec     |
        | RSA_2048 |
        | RSA_3072 |
        | RSA_4096 |

    Scenario Outline: An EXTERNAL <spec> key for SIGN_VERIFY starts in PendingImport
      When I create an EXTERNAL <spec> key "K" for SIGN_VERIFY
      Then the key creation succeeds
      And the DescribeKey metadata of "K" has:
        | member               | value                                                                                                                                  |
        | Origin               | EXTERNAL                                                                                                                               |
        | KeySpec              | <spec>                                                                                                                                 |
        | KeyState             | PendingImport                                                                                                                          |
        | SigningAlgorithms    | RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512, RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PKCS1_V1_5_SHA_384, RSASSA_PKCS1_V1_5_SHA_512 |
        | EncryptionAlgorithms | absent                                                                                                                                 |

      Examples:
        | spec     |
        | RSA_2048 |
        | RSA_3072 |
        | RSA_4096 |

  @asymmetric
  Rule: CREATE-005 CreateKey accepts Origin EXTERNAL with ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521 (SIGN_VERIFY or KEY_AGREEMENT) and ECC_SECG_P256K1 (SIGN_VERIFY)
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeriveSharedSecret.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    Elliptic-curve keys can be created for imported material: NIST curves for signing or key
    agreement, secp256k1 for signing.
    Ambiguous: KEY_AGREEMENT with imported material is named by ImportKeyMaterial and
    DeriveSharedSecret (KeyOrigin EXTERNAL) but not by GetParametersForImport; required.

    Scenario Outline: An EXTERNAL <spec> key for <usage> starts in PendingImport
      When I create an EXTERNAL <spec> key "K" for <usage>
      Then the key creation succeeds
      And the DescribeKey metadata of "K" has:
        | member   | value         |
        | Origin   | EXTERNAL      |
        | KeySpec  | <spec>        |
        | KeyUsage | <usage>       |
        | KeyState | PendingImport |

      Examples:
        | spec            | usage         |
        | ECC_NIST_P256   | SIGN_VERIFY   |
        | ECC_NIST_P384   | SIGN_VERIFY   |
        | ECC_NIST_P521   | SIGN_VERIFY   |
        | ECC_SECG_P256K1 | SIGN_VERIFY   |
        | ECC_NIST_P256   | KEY_AGREEMENT |
        | ECC_NIST_P384   | KEY_AGREEMENT |
        | ECC_NIST_P521   | KEY_AGREEMENT |

  Rule: CREATE-006 CreateKey accepts Origin EXTERNAL with the SM2 key spec only in China Regions
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-KeySpec
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    SM2 keys ("China Regions only") can take imported material in China Regions.
    Reading taken for other Regions: the statement's "only" means a refusal, whose code is
    not documented; accepted: UnsupportedOperationException or ValidationException (the two
    codes the catalogue accepts for the other China-only values, PARAMS-012).

    @sm2
    Scenario: In a China Region an EXTERNAL SM2 key starts in PendingImport
      When I create an EXTERNAL SM2 key "K" for SIGN_VERIFY
      Then the key creation succeeds
      And "K" is PendingImport

    @without-sm2
    Scenario: Outside China Regions an EXTERNAL SM2 key is refused
      When I create an EXTERNAL SM2 key "K" for SIGN_VERIFY
      Then the key creation fails with UnsupportedOperationException or ValidationException

  @asymmetric
  Rule: CREATE-007 ML-DSA keys (ML_DSA_44, ML_DSA_65, ML_DSA_87) can never receive imported key material
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    "Importing ML-DSA keys is not supported."
    Ambiguous: the guide does not say whether CreateKey fails or the key is created and every
    GetParametersForImport fails. Accepted: CreateKey fails with UnsupportedOperationException
    (preferred) or ValidationException, or CreateKey succeeds and GetParametersForImport fails
    with UnsupportedOperationException; no import can then happen.

    Scenario Outline: An EXTERNAL <spec> key never gets import parameters
      When I create an EXTERNAL <spec> key "K" for SIGN_VERIFY
      Then the key creation fails with UnsupportedOperationException or ValidationException, or else getting import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_4096 fails with UnsupportedOperationException

      Examples:
        | spec      |
        | ML_DSA_44 |
        | ML_DSA_65 |
        | ML_DSA_87 |

  @asymmetric
  Rule: CREATE-008 ECC_NIST_EDWARDS25519 (and the newer ML_KEM_* specs) are not documented key specs for imported key material
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-KeySpec
    The list of key specs for imported material omits Ed25519 and ML-KEM.
    Ambiguous: the list neither allows nor forbids them; no positive import is tested. A server
    that refuses must refuse as in CREATE-007 (CreateKey: UnsupportedOperationException or
    ValidationException; GetParametersForImport: UnsupportedOperationException); one that
    accepts is not penalised.

    Scenario Outline: An EXTERNAL <spec> key is accepted or refused as ML-DSA is
      When I create an EXTERNAL <spec> key "K" for <usage>
      Then the key creation succeeds or fails with UnsupportedOperationException or ValidationException
      And if "K" was created, getting import parameters for it with RSA_AES_KEY_WRAP_SHA_256 and RSA_4096 succeeds or fails with UnsupportedOperationException

      Examples:
        | spec                  | usage                   |
        | ECC_NIST_EDWARDS25519 | SIGN_VERIFY             |
        | ML_KEM_512            | ENCAPSULATE_DECAPSULATE |
        | ML_KEM_768            | ENCAPSULATE_DECAPSULATE |
        | ML_KEM_1024           | ENCAPSULATE_DECAPSULATE |

  @custom-key-store
  Rule: CREATE-009 CreateKey with Origin EXTERNAL cannot create a key in a custom key store
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-CustomKeyStoreId
    Keys in custom key stores use Origin AWS_CLOUDHSM or EXTERNAL_KEY_STORE; imported material
    is not supported there.
    Ambiguous: no code is documented; accepted UnsupportedOperationException (preferred) or
    ValidationException. The scenario uses the existing, connected store the profile names
    (customKeyStoreId), so CustomKeyStoreNotFoundException cannot come first.

    Scenario: An EXTERNAL key in a custom key store is refused
      When I create an EXTERNAL symmetric key "K" in the target's custom key store
      Then the key creation fails with UnsupportedOperationException or ValidationException

  Rule: CREATE-010 A key's Origin is fixed at creation and stays EXTERNAL whatever happens to its key material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-Origin
    https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
    "You cannot change the origin"; the origin does not depend on whether material is present.

    Scenario: Origin stays EXTERNAL through import, delete, disable and deletion scheduling
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      Then "K" has Origin EXTERNAL
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K"
      Then "K" has Origin EXTERNAL
      When I delete the imported key material of "K"
      Then "K" has Origin EXTERNAL
      When I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048
      And I import "M" into "K"
      And I disable "K"
      Then "K" has Origin EXTERNAL
      When I schedule the deletion of "K" with a 7-day waiting period
      Then "K" has Origin EXTERNAL
      When I cancel the deletion of "K"
      Then "K" has Origin EXTERNAL

    @clock
    Scenario: Origin stays EXTERNAL when the material expires
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 1 day
      When the clock advances by 2 days
      Then "K" is PendingImport
      And "K" has Origin EXTERNAL

  @clock
  Rule: CREATE-011 A key created without key material stays in PendingImport until material is imported; KMS never generates material for it
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-create-cmk.html
    Origin EXTERNAL keeps KMS from generating material; such a key may stay in PendingImport
    indefinitely, and no cryptographic operation works with it.

    Scenario: After 400 days a key without material is still PendingImport and unusable
      Given an EXTERNAL symmetric key "K"
      When the clock advances by 400 days
      Then "K" is PendingImport
      When I encrypt a plaintext with "K"
      Then it fails with KMSInvalidStateException
      When I generate a data key with "K"
      Then it fails with KMSInvalidStateException
