Feature: Errors of the import operations
  How a server refuses what it cannot serve: unknown, malformed and foreign key identifiers,
  aliases where only keys are accepted, keys in custom key stores, requests that break the
  model's limits or enums or are not JSON at all, the order of checks when several fail, and
  the wire form of every error. Catalogue section ERRORS of ../shared/spec/rules.md, with the
  facts of ../shared/spec/errors.md.

  Identifiers are written as templates: ${uuid} is a fresh random key ID, ${mrk} a fresh
  multi-Region key ID (mrk- and 32 hex digits), ${account}, ${partition} and ${region} those of
  the caller (read from a key the scenario created), ${otherRegion} another Region of the same
  partition, ${K} and ${K.arn} the key ID and ARN of key "K", ${alias:A} and ${aliasArn:A} the
  name and ARN of alias "A". Raw request bodies may also use ${K.token} (the import token of
  the parameters "K"), ${wrap:M:K} (material "M" wrapped under the parameters "K"), ${chars:N}
  (N letters), ${hex:N} and ${HEX:N} (N random lowercase or uppercase hex digits), ${bytes:N}
  (the base64 of N random bytes) and ${runID} (the run's ID, for the cleanup tag).

  Rule: ERRORS-001 An unknown key (well-formed key ID or key ARN of the caller's account and Region) gives NotFoundException in every import-related operation
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#API_GetParametersForImport_Errors
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html#API_DeleteImportedKeyMaterial_Errors
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html#API_RotateKeyOnDemand_Errors
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html#API_ListKeyRotations_Errors
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html#API_DescribeKey_Errors
    A key ID or key ARN that is well formed but names no key of the caller's account and Region
    is answered with NotFoundException. Every other member of the request is valid (for
    ImportKeyMaterial: a real token and material wrapped under its public key), and the
    scenario's own key is left alone.

    Scenario Outline: <operation> naming an unknown key by <form>
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I call <operation> naming the key "<identifier>"
      Then it fails with NotFoundException
      And "K" is Enabled

      Examples:
        | operation                 | form                    | identifier                                            |
        | GetParametersForImport    | a key ID                | ${uuid}                                               |
        | GetParametersForImport    | a multi-Region key ID   | ${mrk}                                                |
        | GetParametersForImport    | a key ARN               | arn:${partition}:kms:${region}:${account}:key/${uuid} |
        | ImportKeyMaterial         | a key ID                | ${uuid}                                               |
        | ImportKeyMaterial         | a multi-Region key ID   | ${mrk}                                                |
        | ImportKeyMaterial         | a key ARN               | arn:${partition}:kms:${region}:${account}:key/${uuid} |
        | DeleteImportedKeyMaterial | a key ID                | ${uuid}                                               |
        | DeleteImportedKeyMaterial | a multi-Region key ID   | ${mrk}                                                |
        | DeleteImportedKeyMaterial | a key ARN               | arn:${partition}:kms:${region}:${account}:key/${uuid} |
        | ListKeyRotations          | a key ID                | ${uuid}                                               |
        | ListKeyRotations          | a multi-Region key ID   | ${mrk}                                                |
        | ListKeyRotations          | a key ARN               | arn:${partition}:kms:${region}:${account}:key/${uuid} |
        | DescribeKey               | a key ID                | ${uuid}                                               |
        | DescribeKey               | a multi-Region key ID   | ${mrk}                                                |
        | DescribeKey               | a key ARN               | arn:${partition}:kms:${region}:${account}:key/${uuid} |

      @multiple-key-materials
      Examples: on-demand rotation
        | operation         | form                  | identifier                                            |
        | RotateKeyOnDemand | a key ID              | ${uuid}                                               |
        | RotateKeyOnDemand | a multi-Region key ID | ${mrk}                                                |
        | RotateKeyOnDemand | a key ARN             | arn:${partition}:kms:${region}:${account}:key/${uuid} |

  Rule: ERRORS-002 A malformed key identifier gives NotFoundException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html#KMS-DescribeKey-request-KeyId
    https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
    A KeyId that is neither a key ID nor a key ARN cannot name a key. AWS was seen answering
    NotFoundException ("Invalid keyId") for malformed key IDs.
    Ambiguous: every import operation also models InvalidArnException. Accepted, for malformed
    key IDs and malformed key ARNs alike: NotFoundException (preferred) or InvalidArnException.

    Scenario Outline: <operation> naming the key by <form>
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I call <operation> naming the key "<identifier>"
      Then it fails with NotFoundException or InvalidArnException
      And "K" is Enabled

      Examples:
        | operation                 | form                           | identifier                                        |
        | GetParametersForImport    | a word                         | fake-key-id                                       |
        | GetParametersForImport    | mrk- and a word                | mrk-fake-key-id                                   |
        | GetParametersForImport    | a key ID with a trailing digit | ${K}0                                             |
        | GetParametersForImport    | a key ARN without key ID       | arn:${partition}:kms:${region}:${account}:key     |
        | GetParametersForImport    | a truncated ARN                | arn:${partition}:kms:${region}:${account}         |
        | ImportKeyMaterial         | a word                         | fake-key-id                                       |
        | ImportKeyMaterial         | mrk- and a word                | mrk-fake-key-id                                   |
        | ImportKeyMaterial         | a key ID with a trailing digit | ${K}0                                             |
        | ImportKeyMaterial         | a key ARN without key ID       | arn:${partition}:kms:${region}:${account}:key     |
        | ImportKeyMaterial         | a truncated ARN                | arn:${partition}:kms:${region}:${account}         |
        | DeleteImportedKeyMaterial | a word                         | fake-key-id                                       |
        | DeleteImportedKeyMaterial | mrk- and a word                | mrk-fake-key-id                                   |
        | DeleteImportedKeyMaterial | a key ID with a trailing digit | ${K}0                                             |
        | DeleteImportedKeyMaterial | a key ARN without key ID       | arn:${partition}:kms:${region}:${account}:key     |
        | DeleteImportedKeyMaterial | a truncated ARN                | arn:${partition}:kms:${region}:${account}         |
        | DescribeKey               | a word                         | fake-key-id                                       |
        | DescribeKey               | mrk- and a word                | mrk-fake-key-id                                   |
        | DescribeKey               | a key ID with a trailing digit | ${K}0                                             |
        | DescribeKey               | a key ARN without key ID       | arn:${partition}:kms:${region}:${account}:key     |
        | DescribeKey               | a truncated ARN                | arn:${partition}:kms:${region}:${account}         |

  Rule: ERRORS-003 A key ARN of another Region gives NotFoundException
    https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html#KMS-DescribeKey-request-KeyId
    A key is looked up in the Region the request is sent to: the ARN of an existing key with
    another Region in it names no key there. The key is left alone (its material is neither
    replaced nor deleted).

    Scenario Outline: <operation> naming an existing key with another Region in its ARN
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I call <operation> naming the key "arn:${partition}:kms:${otherRegion}:${account}:key/${K}"
      Then it fails with NotFoundException
      And "K" is Enabled

      Examples:
        | operation                 |
        | GetParametersForImport    |
        | ImportKeyMaterial         |
        | DeleteImportedKeyMaterial |
        | ListKeyRotations          |
        | DescribeKey               |

  Rule: ERRORS-004 The import operations accept only a key ID or key ARN, not an alias name or alias ARN
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#KMS-GetParametersForImport-request-KeyId
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-KeyId
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html#KMS-DeleteImportedKeyMaterial-request-KeyId
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    The import operations take the key ID or key ARN only; an alias of the key, which
    DescribeKey does resolve, is refused and the key is left alone.
    Ambiguous: no code is documented. Accepted: NotFoundException (preferred, as for a
    malformed ID), InvalidArnException or ValidationException; success is a deviation.

    Scenario Outline: <operation> naming the key by its alias <form>
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And an alias "A" for "K"
      When I call <operation> naming the key "<identifier>"
      Then it fails with NotFoundException, InvalidArnException or ValidationException
      And "K" is Enabled

      Examples:
        | operation                 | form | identifier     |
        | GetParametersForImport    | name | ${alias:A}     |
        | GetParametersForImport    | ARN  | ${aliasArn:A}  |
        | ImportKeyMaterial         | name | ${alias:A}     |
        | ImportKeyMaterial         | ARN  | ${aliasArn:A}  |
        | DeleteImportedKeyMaterial | name | ${alias:A}     |
        | DeleteImportedKeyMaterial | ARN  | ${aliasArn:A}  |

    Scenario Outline: DescribeKey resolves the same alias <form>
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And an alias "A" for "K"
      When I call DescribeKey naming the key "<identifier>"
      Then it succeeds

      Examples:
        | form | identifier    |
        | name | ${alias:A}    |
        | ARN  | ${aliasArn:A} |

  @cross-account
  Rule: ERRORS-005 The import operations refuse a key of another AWS account
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html
    These operations are documented as not usable across accounts: naming another account's key
    by its ARN is refused, and that key keeps its material, even when its key policy allows the
    caller's account every KMS action. The second account's credentials come from the
    profile's crossAccountProfile (an AWS shared-config profile).
    Ambiguous: no error is documented and authorization runs first. Accepted:
    NotFoundException (preferred), AccessDeniedException or InvalidArnException.

    Scenario Outline: <operation> of another account's key
      Given an EXTERNAL symmetric key "K"
      And an EXTERNAL symmetric key "X" of the second account
      And key material "M" for "X"
      And the second account gets import parameters for "X" with RSAES_OAEP_SHA_256 and RSA_2048
      And the second account imports "M" into "X"
      When I call <operation> naming the key "${X.arn}"
      Then it fails with NotFoundException, AccessDeniedException or InvalidArnException
      And "X" is Enabled in the second account

      Examples:
        | operation                 |
        | GetParametersForImport    |
        | ImportKeyMaterial         |
        | DeleteImportedKeyMaterial |
        | ListKeyRotations          |

      @multiple-key-materials
      Examples: on-demand rotation
        | operation         |
        | RotateKeyOnDemand |

    Scenario Outline: <operation> of another account's key whose policy allows the caller everything
      Given an EXTERNAL symmetric key "K"
      And an EXTERNAL symmetric key "X" of the second account
      And key material "M" for "X"
      And the second account gets import parameters for "X" with RSAES_OAEP_SHA_256 and RSA_2048
      And the second account imports "M" into "X"
      And the key policy of "X" allows the account of "K" every KMS action
      When I call <operation> naming the key "${X.arn}"
      Then it fails with NotFoundException, AccessDeniedException or InvalidArnException
      And "X" is Enabled in the second account

      Examples:
        | operation                 |
        | GetParametersForImport    |
        | ImportKeyMaterial         |
        | DeleteImportedKeyMaterial |
        | ListKeyRotations          |

      @multiple-key-materials
      Examples: on-demand rotation
        | operation         |
        | RotateKeyOnDemand |

  @custom-key-store
  Rule: ERRORS-006 Keys in custom key stores cannot receive imported material: the import operations give UnsupportedOperationException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    Imported key material is not supported for keys in custom key stores: getting import
    parameters for such a key, or deleting its material, is UnsupportedOperationException. The
    key is created in the profile's customKeyStoreId (an AWS CloudHSM key store; a key of an
    external key store would need an XksKeyId, which no profile gives).

    Scenario: GetParametersForImport for a key in a custom key store
      Given a symmetric key "C" in the target's custom key store
      When I get import parameters for "C" with RSAES_OAEP_SHA_256 and RSA_2048
      Then it fails with UnsupportedOperationException

    Scenario: DeleteImportedKeyMaterial of a key in a custom key store
      Given a symmetric key "C" in the target's custom key store
      When I delete the imported key material of "C"
      Then it fails with UnsupportedOperationException
      And "C" is Enabled

  Rule: ERRORS-007 Length and pattern limits of the import requests are enforced with ValidationException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_RequestParameters
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#API_GetParametersForImport_RequestParameters
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html#API_DeleteImportedKeyMaterial_RequestParameters
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html#API_ListKeyRotations_RequestParameters
    https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
    The model's limits: KeyId 1 to 2048 characters; ImportToken and EncryptedKeyMaterial 1 to
    6144 bytes; KeyMaterialId exactly 64 lowercase hex digits; KeyMaterialDescription at most
    256 characters; ListKeyRotations Limit 1 to 1000. A request past one of them is
    ValidationException, and the key is left alone. Sent as raw signed requests, every other
    member valid (a real token, material wrapped under its public key), so that only the limit
    can be the reason.

    Scenario Outline: <operation> with <case>
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I send the generated raw <operation> request:
        """
        <body>
        """
      Then the raw request fails with ValidationException
      And "K" is Enabled

      Examples:
        | operation                 | case                                 | body                                                                                                                                                   |
        | GetParametersForImport    | an empty KeyId                       | {"KeyId": "", "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}                                                                |
        | GetParametersForImport    | a 2049-character KeyId               | {"KeyId": "${chars:2049}", "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}                                                   |
        | ImportKeyMaterial         | an empty KeyId                       | {"KeyId": "", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}                   |
        | ImportKeyMaterial         | a 2049-character KeyId               | {"KeyId": "${chars:2049}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}      |
        | ImportKeyMaterial         | an empty ImportToken                 | {"KeyId": "${K}", "ImportToken": "", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}                         |
        | ImportKeyMaterial         | a 6145-byte ImportToken              | {"KeyId": "${K}", "ImportToken": "${bytes:6145}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}            |
        | ImportKeyMaterial         | an empty EncryptedKeyMaterial        | {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}                          |
        | ImportKeyMaterial         | a 6145-byte EncryptedKeyMaterial     | {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${bytes:6145}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}             |
        | DeleteImportedKeyMaterial | an empty KeyId                       | {"KeyId": ""}                                                                                                                                          |
        | DeleteImportedKeyMaterial | a 2049-character KeyId               | {"KeyId": "${chars:2049}"}                                                                                                                             |
        | ListKeyRotations          | an empty KeyId                       | {"KeyId": ""}                                                                                                                                          |
        | ListKeyRotations          | a 2049-character KeyId               | {"KeyId": "${chars:2049}"}                                                                                                                             |
        | ListKeyRotations          | Limit 0                              | {"KeyId": "${K}", "Limit": 0}                                                                                                                          |
        | ListKeyRotations          | Limit 1001                           | {"KeyId": "${K}", "Limit": 1001}                                                                                                                       |

      @multiple-key-materials
      Examples: members of the multiple key materials feature
        | operation                 | case                                 | body                                                                                                                                                                                       |
        | ImportKeyMaterial         | a 63-character KeyMaterialId         | {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE", "ImportType": "EXISTING_KEY_MATERIAL", "KeyMaterialId": "${hex:63}"} |
        | ImportKeyMaterial         | an uppercase KeyMaterialId           | {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE", "ImportType": "EXISTING_KEY_MATERIAL", "KeyMaterialId": "${HEX:64}"} |
        | ImportKeyMaterial         | a 257-character KeyMaterialDescription | {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE", "KeyMaterialDescription": "${chars:257}"}    |
        | DeleteImportedKeyMaterial | a 63-character KeyMaterialId         | {"KeyId": "${K}", "KeyMaterialId": "${hex:63}"}                                                                                                                                            |
        | DeleteImportedKeyMaterial | an uppercase KeyMaterialId           | {"KeyId": "${K}", "KeyMaterialId": "${HEX:64}"}                                                                                                                                            |
        | RotateKeyOnDemand         | an empty KeyId                       | {"KeyId": ""}                                                                                                                                                                              |

  Rule: ERRORS-008 Enum members outside their value sets are refused with ValidationException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#API_GetParametersForImport_RequestParameters
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_RequestParameters
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html#API_ListKeyRotations_RequestParameters
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#API_CreateKey_RequestParameters
    https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
    A value outside a member's enum is ValidationException, before anything else happens: no key
    is created and the existing key is left alone. A CreateKey that succeeded anyway would
    carry the run's cleanup tag.

    Scenario Outline: <operation> with <member> BOGUS
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I send the generated raw <operation> request:
        """
        <body>
        """
      Then the raw request fails with ValidationException
      And "K" is Enabled

      Examples:
        | operation              | member            | body                                                                                                                                    |
        | GetParametersForImport | WrappingAlgorithm | {"KeyId": "${K}", "WrappingAlgorithm": "BOGUS", "WrappingKeySpec": "RSA_2048"}                                                          |
        | GetParametersForImport | WrappingKeySpec   | {"KeyId": "${K}", "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "BOGUS"}                                                |
        | ImportKeyMaterial      | ExpirationModel   | {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "BOGUS"}                       |
        | CreateKey              | Origin            | {"Origin": "BOGUS", "Tags": [{"TagKey": "kmsconform:run-id", "TagValue": "${runID}"}]}                                                  |
        | CreateKey              | KeySpec           | {"Origin": "EXTERNAL", "KeySpec": "BOGUS", "Tags": [{"TagKey": "kmsconform:run-id", "TagValue": "${runID}"}]}                           |
        | CreateKey              | KeyUsage          | {"Origin": "EXTERNAL", "KeyUsage": "BOGUS", "Tags": [{"TagKey": "kmsconform:run-id", "TagValue": "${runID}"}]}                          |

      @multiple-key-materials
      Examples: members of the multiple key materials feature
        | operation         | member             | body                                                                                                                                                      |
        | ImportKeyMaterial | ImportType         | {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE", "ImportType": "BOGUS"} |
        | ListKeyRotations  | IncludeKeyMaterial | {"KeyId": "${K}", "IncludeKeyMaterial": "BOGUS"}                                                                                                          |

  Rule: ERRORS-009 A ValidationException about a blob member does not echo its value
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_RequestParameters
    https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
    Refusing an oversized ImportToken or EncryptedKeyMaterial, the answer leaves the value out:
    no run of 16 of its bytes, of its base64 text or of its hex text appears anywhere in the
    body of the error.

    Scenario Outline: An oversized <member> is refused without being echoed
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I send the generated raw ImportKeyMaterial request:
        """
        {"KeyId": "${K}", "ImportToken": "<token>", "EncryptedKeyMaterial": "<blob>", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}
        """
      Then the raw request fails with ValidationException
      And the error message contains neither the submitted bytes nor their base64 text

      Examples:
        | member               | token         | blob          |
        | ImportToken          | ${bytes:6145} | ${wrap:M:K}   |
        | EncryptedKeyMaterial | ${K.token}    | ${bytes:6145} |
        | ImportToken and EncryptedKeyMaterial | ${bytes:8000} | ${bytes:6145} |

  Rule: ERRORS-010 A request body that is not valid JSON for the operation is refused with a 4xx error, never a 5xx or a hang
    https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
    https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
    A body that does not parse, or whose members have the wrong JSON type (ValidTo as a string,
    KeyId as a number), is a client error: a 4xx status and a JSON error object naming it in
    __type, within the call's timeout. The key is left alone.
    Ambiguous: not in the KMS model; AWS JSON services answer SerializationException. Accepted:
    SerializationException (preferred) or ValidationException.

    Scenario Outline: <operation> with <case>
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I send the generated raw <operation> request:
        """
        <body>
        """
      Then the raw request fails with SerializationException or ValidationException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type
      And "K" is Enabled

      Examples:
        | operation                 | case                           | body                                                                                                                                                   |
        | ImportKeyMaterial         | a truncated body               | {"KeyId": "${K}", "ImportToken":                                                                                                                       |
        | ImportKeyMaterial         | a body that is not JSON        | KeyId=${K}&ImportToken=${K.token}                                                                                                                      |
        | GetParametersForImport    | a JSON array                   | ["${K}", "RSAES_OAEP_SHA_256", "RSA_2048"]                                                                                                             |
        | ImportKeyMaterial         | ValidTo as a string            | {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": "2030-01-01T00:00:00Z"} |
        | ImportKeyMaterial         | ValidTo as an object           | {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": {}}       |
        | ImportKeyMaterial         | KeyId as a number              | {"KeyId": 12345, "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}                |
        | ImportKeyMaterial         | an ImportToken that is not base64 | {"KeyId": "${K}", "ImportToken": "!!!!", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}                  |
        | GetParametersForImport    | WrappingKeySpec as a number    | {"KeyId": "${K}", "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": 2048}                                                                  |
        | DeleteImportedKeyMaterial | KeyId as a list                | {"KeyId": ["${K}"]}                                                                                                                                    |

  Rule: ERRORS-011 When several failures apply, input validation comes first and key resolution before anything that needs the key
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
    No document gives an order. As AWS services generally do, the model's member constraints
    are checked before the operation looks anything up, and the key is looked up before its
    token is examined.
    Ambiguous: the rest of the order is undocumented; only these two steps are checked here.

    Scenario Outline: A schema error comes before an unknown key (<case>)
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I send the generated raw ImportKeyMaterial request:
        """
        {"KeyId": "<identifier>", <members>}
        """
      Then the raw request fails with ValidationException

      Examples:
        | case                                                | identifier                                            | members                                                                                                         |
        | a 6145-byte token, unknown key ID                   | ${uuid}                                               | "ImportToken": "${bytes:6145}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE" |
        | a 6145-byte token, unknown key ARN                  | arn:${partition}:kms:${region}:${account}:key/${uuid} | "ImportToken": "${bytes:6145}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE" |
        | a 6145-byte EncryptedKeyMaterial, unknown key ID    | ${uuid}                                               | "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${bytes:6145}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE" |
        | ExpirationModel BOGUS, unknown key ID               | ${uuid}                                               | "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "BOGUS"                  |

    Scenario Outline: An unknown key comes before a bad token (<case>)
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I send the generated raw ImportKeyMaterial request:
        """
        {"KeyId": "<identifier>", <members>}
        """
      Then the raw request fails with NotFoundException

      Examples:
        | case                                  | identifier                                            | members                                                                                                         |
        | random token, unknown key ID          | ${uuid}                                               | "ImportToken": "${bytes:64}", "EncryptedKeyMaterial": "${bytes:256}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE" |
        | random token, unknown key ARN         | arn:${partition}:kms:${region}:${account}:key/${uuid} | "ImportToken": "${bytes:64}", "EncryptedKeyMaterial": "${bytes:256}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE" |
        | another key's token, unknown key ID   | ${uuid}                                               | "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE" |

  Rule: ERRORS-012 Every error response names its exception in `__type` and uses HTTP 400 for client errors
    https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
    https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html#operation-error-serialization
    Each client error the import feature produces reaches the wire as a 4xx answer whose body is
    a JSON object with __type naming the exception (the same code as an X-Amzn-ErrorType header,
    if any) and, when there is one, a string message. Server faults (5xx) cannot be provoked
    from outside and are not checked.
    Ambiguous: the Smithy model gives some exceptions 404, 409 or 412, but AWS was seen sending
    400 for all of them. Accepted: any 4xx (400 preferred).

    Scenario: NotFoundException
      Given an EXTERNAL symmetric key "K"
      When I send the generated raw DescribeKey request:
        """
        {"KeyId": "${uuid}"}
        """
      Then the raw request fails with NotFoundException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type

    Scenario: KMSInvalidStateException
      Given an EXTERNAL symmetric key "K"
      When I send the generated raw EnableKey request:
        """
        {"KeyId": "${K}"}
        """
      Then the raw request fails with KMSInvalidStateException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type

    Scenario: UnsupportedOperationException
      Given an AWS_KMS symmetric key "A"
      When I send the generated raw GetParametersForImport request:
        """
        {"KeyId": "${A}", "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}
        """
      Then the raw request fails with UnsupportedOperationException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type

    Scenario: ValidationException
      Given an EXTERNAL symmetric key "K"
      When I send the generated raw GetParametersForImport request:
        """
        {"KeyId": "${K}", "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "BOGUS"}
        """
      Then the raw request fails with ValidationException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type

    Scenario: InvalidImportTokenException
      Given an EXTERNAL symmetric key "K"
      And an EXTERNAL symmetric key "L"
      And key material "M" for "K"
      And I get import parameters for "L" with RSAES_OAEP_SHA_256 and RSA_2048
      When I send the generated raw ImportKeyMaterial request:
        """
        {"KeyId": "${K}", "ImportToken": "${L.token}", "EncryptedKeyMaterial": "${wrap:M:L}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}
        """
      Then the raw request fails with InvalidImportTokenException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type

    Scenario: InvalidCiphertextException
      Given an EXTERNAL symmetric key "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I send the generated raw ImportKeyMaterial request:
        """
        {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${bytes:256}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}
        """
      Then the raw request fails with InvalidCiphertextException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type

    Scenario: IncorrectKeyMaterialException
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And key material "M2" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048 as "P2"
      When I send the generated raw ImportKeyMaterial request:
        """
        {"KeyId": "${K}", "ImportToken": "${P2.token}", "EncryptedKeyMaterial": "${wrap:M2:P2}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}
        """
      Then the raw request fails with IncorrectKeyMaterialException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type

    @clock
    Scenario: ExpiredImportTokenException
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And the clock advances by 25 hours
      When I send the generated raw ImportKeyMaterial request:
        """
        {"KeyId": "${K}", "ImportToken": "${K.token}", "EncryptedKeyMaterial": "${wrap:M:K}", "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}
        """
      Then the raw request fails with ExpiredImportTokenException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type

    Scenario: DisabledException
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I disable "K"
      When I send the generated raw Encrypt request:
        """
        {"KeyId": "${K}", "Plaintext": "a21zY29uZm9ybSBwbGFpbnRleHQ="}
        """
      Then the raw request fails with DisabledException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type

    Scenario: SerializationException
      Given an EXTERNAL symmetric key "K"
      When I send the generated raw DescribeKey request:
        """
        {"KeyId": 
        """
      Then the raw request fails with SerializationException or ValidationException
      And the answer has a 4xx HTTP status
      And the answer body is a JSON object naming its exception in __type
