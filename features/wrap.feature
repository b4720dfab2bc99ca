Feature: Wrapping algorithms and wrapping key specs
  Key material travels to KMS encrypted under the public key of a GetParametersForImport
  answer, with the algorithm named in the same call. Catalogue section WRAP of
  ../shared/spec/rules.md. Material is wrapped by the suite's own code, or (@openssl, when the
  machine running the suite has openssl on PATH) by the OpenSSL commands of the developer
  guide, so that a bug shared by the suite's wrap and the reference's unwrap cannot hide.
  Negative scenarios send deliberately malformed blobs built under the target's real public key.

  Rule: WRAP-001 RSAES_OAEP_SHA_1 material is RSA-OAEP encrypted under the public key with SHA-1, MGF1-SHA-1 and an empty label
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html#select-wrapping-algorithm
    The material is one RSAES-OAEP block (RFC 8017 §7.1) with SHA-1 as the hash and in MGF1,
    and no label, under the downloaded public key of any RSA wrapping spec.

    Scenario Outline: Symmetric material wrapped by the suite with RSAES_OAEP_SHA_1 under <spec> imports
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and <spec>
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | spec     |
        | RSA_2048 |
        | RSA_3072 |
        | RSA_4096 |

    @openssl
    Scenario Outline: Symmetric material wrapped by openssl pkeyutl with rsa_oaep_md:sha1 under <spec> imports
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and <spec>
      When I import "M" into "K" wrapped by the documented OpenSSL commands
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | spec     |
        | RSA_2048 |
        | RSA_3072 |
        | RSA_4096 |

    Scenario Outline: An RSAES_OAEP_SHA_1 block with <defect> is refused
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048
      When I import "M" into "K" as the malformed blob "<defect>"
      Then the import fails with InvalidCiphertextException
      And "K" is PendingImport

      Examples:
        | defect                             |
        | label hash of a non-empty label    |
        | MGF1 with SHA-256 instead of SHA-1 |

  Rule: WRAP-002 RSAES_OAEP_SHA_256 material is RSA-OAEP encrypted with SHA-256, MGF1-SHA-256 and an empty label
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html#select-wrapping-algorithm
    As WRAP-001 with SHA-256 as the hash and in MGF1.
    Ambiguous: only the OpenSSL recipe (rsa_mgf1_md:sha256) names the MGF1 hash. The suite takes
    the recipe as normative: MGF1-SHA-256 must be accepted, and a block masked with MGF1-SHA-1
    is refused.

    Scenario Outline: Symmetric material wrapped by the suite with RSAES_OAEP_SHA_256 under <spec> imports
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and <spec>
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | spec     |
        | RSA_2048 |
        | RSA_3072 |
        | RSA_4096 |

    @openssl
    Scenario Outline: Symmetric material wrapped by openssl pkeyutl with rsa_oaep_md:sha256 and rsa_mgf1_md:sha256 under <spec> imports
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and <spec>
      When I import "M" into "K" wrapped by the documented OpenSSL commands
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | spec     |
        | RSA_2048 |
        | RSA_3072 |
        | RSA_4096 |

    Scenario Outline: An RSAES_OAEP_SHA_256 block with <defect> is refused
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K" as the malformed blob "<defect>"
      Then the import fails with InvalidCiphertextException
      And "K" is PendingImport

      Examples:
        | defect                             |
        | MGF1 with SHA-1 instead of SHA-256 |
        | label hash of a non-empty label    |

  Rule: WRAP-003 RSA_AES_KEY_WRAP_SHA_1/SHA_256 material is the RSA-OAEP-wrapped ephemeral AES key followed by the AES key wrap with padding (RFC 5649) of the key material
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#KMS-GetParametersForImport-request-WrappingAlgorithm
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    The client makes a 256-bit AES key, wraps the material with it (AES key wrap with padding,
    RFC 5649), encrypts the AES key with RSA-OAEP (SHA-1 or SHA-256 for the hash and MGF1)
    and sends the RSA block (modulus length) followed by the key wrap output.
    Ambiguous: the guide only shows 256-bit AES keys; the suite sends only those. ECC_NIST_P256
    material is used because the guide lists these algorithms for private keys
    (symmetric material with them is WRAP-009's open question), hence @asymmetric.

    @asymmetric
    Scenario Outline: ECC material wrapped by the suite with <algorithm> under <spec> imports
      Given an EXTERNAL ECC_NIST_P256 key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | algorithm                | spec     |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_3072 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_4096 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_3072 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_4096 |

    @asymmetric @openssl
    Scenario Outline: ECC material wrapped by openssl enc -id-aes256-wrap-pad and pkeyutl with <algorithm> under <spec> imports
      Given an EXTERNAL ECC_NIST_P256 key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K" wrapped by the documented OpenSSL commands
      Then the import succeeds
      And "K" is Enabled
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | algorithm                | spec     |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_3072 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_4096 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_3072 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_4096 |

    @asymmetric
    Scenario Outline: A <algorithm> blob whose layout is wrong (<defect>) is refused
      Given an EXTERNAL ECC_NIST_P256 key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and RSA_2048
      When I import "M" into "K" as the malformed blob "<defect>"
      Then the import fails with InvalidCiphertextException
      And "K" is PendingImport

      Examples:
        | algorithm                | defect                                |
        | RSA_AES_KEY_WRAP_SHA_1   | no KWP part (RSA part only)           |
        | RSA_AES_KEY_WRAP_SHA_1   | parts swapped (KWP first)             |
        | RSA_AES_KEY_WRAP_SHA_256 | no KWP part (RSA part only)           |
        | RSA_AES_KEY_WRAP_SHA_256 | parts swapped (KWP first)             |
        | RSA_AES_KEY_WRAP_SHA_256 | KWP part: RFC 3394 IV A6A6A6A6A6A6A6A6 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA part: a 31-byte AES key           |

  Rule: WRAP-004 A blob whose RSA part or AES-KWP part cannot be unwrapped fails with InvalidCiphertextException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#API_ImportKeyMaterial_Errors
    https://docs.aws.amazon.com/kms/latest/APIReference/API_InvalidCiphertextException.html
    Wrapped material that cannot be decrypted is refused with InvalidCiphertextException, and the
    key stays as it was (IMPORT-005). Each malformed blob is built under the target's own public
    key with exactly one defect: for RSAES_OAEP_*, encoded messages with a wrong first octet, a
    wrong label hash, no 0x01 separator, a non-zero padding octet, the other hash in MGF1 or
    OAEP, PKCS #1 v1.5 padding, and ciphertexts that are no RSA output (c >= n, random,
    one byte short or long); for RSA_AES_KEY_WRAP_*, a valid RSA part with an AES-KWP
    part malformed in the ways of the Wycheproof aes_kwp invalid vectors (flipped bytes,
    truncation, modified AIV, wrong MLI, non-zero padding, RFC 3394 IV, another AES key), and a
    malformed RSA part with a valid KWP part. Every padding failure must get the same code: a
    code that says where the padding broke is a padding oracle. An empty blob is not among
    them: the API's minimum length of 1 makes it a ValidationException before any unwrap.

    Scenario Outline: RSAES_OAEP_SHA_256: <defect>
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I note the metadata of "K"
      When I import "M" into "K" as the malformed blob "<defect>"
      Then the import fails with InvalidCiphertextException
      And the metadata of "K" is unchanged

      Examples:
        | defect                                      |
        | EM first byte 0x01 instead of 0x00          |
        | label hash of a non-empty label             |
        | label hash with one bit flipped             |
        | no 0x01 separator (DB is lHash and zeros)   |
        | separator 0x02 instead of 0x01              |
        | MGF1 with SHA-1 instead of SHA-256          |
        | non-zero octet in PS                        |
        | OAEP with SHA-1 instead of SHA-256          |
        | PKCS #1 v1.5 padding instead of OAEP        |
        | ciphertext equals the modulus n             |
        | ciphertext is n+1                           |
        | ciphertext is all 0xFF (above n)            |
        | random bytes of modulus length              |
        | one byte short                              |
        | one byte long (trailing zero)               |
        | leading zero byte (same integer, k+1 bytes) |

    @asymmetric
    Scenario Outline: RSA_AES_KEY_WRAP_SHA_256: <defect>
      Given an EXTERNAL ECC_NIST_P256 key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      And I note the metadata of "K"
      When I import "M" into "K" as the malformed blob "<defect>"
      Then the import fails with InvalidCiphertextException
      And the metadata of "K" is unchanged

      Examples:
        | defect                                              |
        | KWP part: first byte flipped                        |
        | KWP part: last byte flipped                         |
        | KWP part: truncated by one block                    |
        | KWP part: cut inside a block                        |
        | KWP part: one block only                            |
        | no KWP part (RSA part only)                         |
        | KWP part: extra zero block                          |
        | KWP part: AIV prefix modified                       |
        | KWP part: RFC 3394 IV A6A6A6A6A6A6A6A6              |
        | KWP part: non-zero padding octet                    |
        | KWP part: MLI 8n+1 (past the data)                  |
        | KWP part: MLI 8(n-1) (eight padding octets)         |
        | KWP part: MLI zero                                  |
        | KWP part: MLI 2^31 + length                         |
        | KWP part: MLI 2^32-1                                |
        | KWP part under another AES key                      |
        | parts swapped (KWP first)                           |
        | RSA part: EM first byte 0x01 instead of 0x00        |
        | RSA part: label hash of a non-empty label           |
        | RSA part: no 0x01 separator                         |
        | RSA part: MGF1 with SHA-1 instead of SHA-256        |
        | RSA part: OAEP with SHA-1 instead of SHA-256        |
        | RSA part: PKCS #1 v1.5 padding instead of OAEP      |
        | RSA part: one byte flipped                          |
        | RSA part: one byte short                            |
        | RSA part: ciphertext equals the modulus n           |
        | RSA part: random bytes                              |
        | RSA part: a 0-byte AES key                          |
        | RSA part: a 31-byte AES key                         |
        | plain RSAES_OAEP blob of the material (no KWP part) |

    Scenario Outline: No padding oracle: every malformed <algorithm> blob gets the same code and the key is unchanged
      Given an EXTERNAL <key spec> key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and RSA_2048
      And I note the metadata of "K"
      When I import "M" into "K" as each malformed blob in turn
      Then every malformed blob is refused with InvalidCiphertextException
      And every malformed blob gets the same error code
      And the metadata of "K" is unchanged
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | algorithm          | key spec  |
        | RSAES_OAEP_SHA_1   | symmetric |
        | RSAES_OAEP_SHA_256 | symmetric |

      @asymmetric
      Examples:
        | algorithm                | key spec      |
        | RSA_AES_KEY_WRAP_SHA_1   | ECC_NIST_P256 |
        | RSA_AES_KEY_WRAP_SHA_256 | ECC_NIST_P256 |

  Rule: WRAP-005 Material wrapped with a different algorithm than the one named in the same GetParametersForImport call is rejected with InvalidCiphertextException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-EncryptedKeyMaterial
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    The material must be wrapped with the algorithm the parameters were requested for; a blob
    wrapped with another one cannot be unwrapped, and the same material wrapped correctly
    imports afterwards.

    Scenario Outline: Parameters for <params algorithm>, material wrapped with <wrap algorithm>
      Given an EXTERNAL <key spec> key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <params algorithm> and RSA_2048
      When I import "M" into "K" wrapped with <wrap algorithm>
      Then the import fails with InvalidCiphertextException
      And "K" is PendingImport
      When I import "M" into "K"
      Then the import succeeds

      Examples:
        | key spec  | params algorithm   | wrap algorithm     |
        | symmetric | RSAES_OAEP_SHA_256 | RSAES_OAEP_SHA_1   |
        | symmetric | RSAES_OAEP_SHA_1   | RSAES_OAEP_SHA_256 |

      @asymmetric
      Examples:
        | key spec      | params algorithm         | wrap algorithm           |
        | ECC_NIST_P256 | RSA_AES_KEY_WRAP_SHA_256 | RSAES_OAEP_SHA_256       |
        | ECC_NIST_P256 | RSA_AES_KEY_WRAP_SHA_1   | RSAES_OAEP_SHA_1         |
        | ECC_NIST_P256 | RSA_AES_KEY_WRAP_SHA_256 | RSA_AES_KEY_WRAP_SHA_1   |
        | ECC_NIST_P256 | RSA_AES_KEY_WRAP_SHA_1   | RSA_AES_KEY_WRAP_SHA_256 |
        | ECC_NIST_P256 | RSAES_OAEP_SHA_256       | RSA_AES_KEY_WRAP_SHA_256 |

  Rule: WRAP-006 Material wrapped under the public key of a different GetParametersForImport response than its token is rejected
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ImportToken
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    The public key and the import token of one answer belong together. The two answers are
    taken with different wrapping key specs so that their public keys certainly differ (the
    step checks it).
    Ambiguous: the server cannot tell which public key the client used, it only fails to
    unwrap with the private key bound to the token. Accepted: InvalidCiphertextException
    (preferred) or InvalidImportTokenException.

    Scenario Outline: <algorithm> material wrapped under the RSA_3072 key, imported with the RSA_2048 token
      Given an EXTERNAL <key spec> key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and RSA_3072 as "P1"
      And I get import parameters for "K" with <algorithm> and RSA_2048 as "P2"
      And I note the metadata of "K"
      When I import "M" into "K" wrapped under the public key of "P1" with the token of "P2"
      Then the import fails with InvalidCiphertextException or InvalidImportTokenException
      And the metadata of "K" is unchanged
      When I import "M" into "K" with the parameters "P2"
      Then the import succeeds

      Examples:
        | key spec  | algorithm          |
        | symmetric | RSAES_OAEP_SHA_256 |
        | symmetric | RSAES_OAEP_SHA_1   |

      @asymmetric
      Examples:
        | key spec      | algorithm                |
        | ECC_NIST_P256 | RSA_AES_KEY_WRAP_SHA_256 |

  @asymmetric
  Rule: WRAP-007 RSA private key material must be wrapped with an RSA_AES_KEY_WRAP algorithm (SM2PKE in China Regions); RSAES_OAEP is not supported for it
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#KMS-GetParametersForImport-request-WrappingAlgorithm
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html#select-wrapping-algorithm
    RSA private keys go with RSA_AES_KEY_WRAP_SHA_1 or _SHA_256 under every RSA wrapping spec;
    the RSAES_OAEP algorithms are not offered for them.
    Ambiguous: where the refusal happens is not documented, and a PKCS#8 RSA key never fits one
    OAEP block anyway. Accepted: GetParametersForImport refused with
    UnsupportedOperationException (preferred) or ValidationException; or parameters issued and
    the only OAEP blob a client can build (the material cut to one block) refused with
    InvalidCiphertextException or IncorrectKeyMaterialException. An import that succeeds fails.
    The SM2PKE alternative of China Regions is not exercised (the suite has no SM2PKE wrap).

    Scenario Outline: <key spec> material with <algorithm> under <spec> imports
      Given an EXTERNAL <key spec> key "K"
      And an <key spec> private key "M"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | key spec | algorithm                | spec     |
        | RSA_2048 | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | RSA_2048 | RSA_AES_KEY_WRAP_SHA_1   | RSA_3072 |
        | RSA_2048 | RSA_AES_KEY_WRAP_SHA_1   | RSA_4096 |
        | RSA_2048 | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | RSA_2048 | RSA_AES_KEY_WRAP_SHA_256 | RSA_3072 |
        | RSA_2048 | RSA_AES_KEY_WRAP_SHA_256 | RSA_4096 |
        | RSA_3072 | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | RSA_3072 | RSA_AES_KEY_WRAP_SHA_1   | RSA_3072 |
        | RSA_3072 | RSA_AES_KEY_WRAP_SHA_1   | RSA_4096 |
        | RSA_3072 | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | RSA_3072 | RSA_AES_KEY_WRAP_SHA_256 | RSA_3072 |
        | RSA_3072 | RSA_AES_KEY_WRAP_SHA_256 | RSA_4096 |
        | RSA_4096 | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | RSA_4096 | RSA_AES_KEY_WRAP_SHA_1   | RSA_3072 |
        | RSA_4096 | RSA_AES_KEY_WRAP_SHA_1   | RSA_4096 |
        | RSA_4096 | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | RSA_4096 | RSA_AES_KEY_WRAP_SHA_256 | RSA_3072 |
        | RSA_4096 | RSA_AES_KEY_WRAP_SHA_256 | RSA_4096 |

    Scenario Outline: RSA_2048 material with <algorithm> under <spec> is refused
      Given an EXTERNAL RSA_2048 key "K"
      And an RSA_2048 private key "M"
      When I get import parameters for "K" with <algorithm> and <spec>
      Then it fails with UnsupportedOperationException or ValidationException, or else importing "M" into "K" cut to fit one OAEP block is refused with InvalidCiphertextException or IncorrectKeyMaterialException
      And "K" is PendingImport

      Examples:
        | algorithm          | spec     |
        | RSAES_OAEP_SHA_1   | RSA_2048 |
        | RSAES_OAEP_SHA_1   | RSA_3072 |
        | RSAES_OAEP_SHA_1   | RSA_4096 |
        | RSAES_OAEP_SHA_256 | RSA_2048 |
        | RSAES_OAEP_SHA_256 | RSA_3072 |
        | RSAES_OAEP_SHA_256 | RSA_4096 |

  @asymmetric
  Rule: WRAP-008 ECC_NIST_P521 material cannot be wrapped with an RSA_2048 wrapping key and an RSAES_OAEP algorithm
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html#KMS-GetParametersForImport-request-WrappingKeySpec
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    P-521 material with RSAES_OAEP needs an RSA_3072 or RSA_4096 wrapping key; with
    RSA_AES_KEY_WRAP any RSA wrapping spec works. The combination RSA_2048 + RSAES_OAEP_* is
    not supported.
    Ambiguous: where and how it is refused is not documented (the PKCS#8 key does not fit a
    2048-bit OAEP block). Accepted: GetParametersForImport refused with
    UnsupportedOperationException (preferred) or ValidationException; or parameters issued and
    the material cut to one OAEP block refused with InvalidCiphertextException or
    IncorrectKeyMaterialException.

    Scenario Outline: ECC_NIST_P521 material with <algorithm> under <spec> imports
      Given an EXTERNAL ECC_NIST_P521 key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K"
      Then the import succeeds
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | algorithm                | spec     |
        | RSAES_OAEP_SHA_1         | RSA_3072 |
        | RSAES_OAEP_SHA_1         | RSA_4096 |
        | RSAES_OAEP_SHA_256       | RSA_3072 |
        | RSAES_OAEP_SHA_256       | RSA_4096 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_3072 |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_4096 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_3072 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_4096 |

    Scenario Outline: ECC_NIST_P521 material with <algorithm> under RSA_2048 is refused
      Given an EXTERNAL ECC_NIST_P521 key "K"
      And key material "M" for "K"
      When I get import parameters for "K" with <algorithm> and RSA_2048
      Then it fails with UnsupportedOperationException or ValidationException, or else importing "M" into "K" cut to fit one OAEP block is refused with InvalidCiphertextException or IncorrectKeyMaterialException
      And "K" is PendingImport

      Examples:
        | algorithm          |
        | RSAES_OAEP_SHA_1   |
        | RSAES_OAEP_SHA_256 |

  Rule: WRAP-009 Symmetric and HMAC key material is wrapped with RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1 under any RSA wrapping spec
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html#select-wrapping-algorithm
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    Both OAEP algorithms work for symmetric and HMAC material under every RSA wrapping spec.
    Ambiguous: RSA_AES_KEY_WRAP_* for symmetric or HMAC material is neither listed nor
    forbidden. Accepted: success (preferred); or GetParametersForImport refused with
    UnsupportedOperationException or ValidationException; or the import refused with
    InvalidCiphertextException or IncorrectKeyMaterialException.

    Scenario Outline: Symmetric material with <algorithm> under <spec>
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | algorithm          | spec     |
        | RSAES_OAEP_SHA_1   | RSA_2048 |
        | RSAES_OAEP_SHA_1   | RSA_3072 |
        | RSAES_OAEP_SHA_1   | RSA_4096 |
        | RSAES_OAEP_SHA_256 | RSA_2048 |
        | RSAES_OAEP_SHA_256 | RSA_3072 |
        | RSAES_OAEP_SHA_256 | RSA_4096 |

    @hmac
    Scenario Outline: <key spec> material with <algorithm> under <spec>
      Given an EXTERNAL <key spec> key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | key spec | algorithm          | spec     |
        | HMAC_224 | RSAES_OAEP_SHA_1   | RSA_2048 |
        | HMAC_224 | RSAES_OAEP_SHA_1   | RSA_3072 |
        | HMAC_224 | RSAES_OAEP_SHA_1   | RSA_4096 |
        | HMAC_224 | RSAES_OAEP_SHA_256 | RSA_2048 |
        | HMAC_224 | RSAES_OAEP_SHA_256 | RSA_3072 |
        | HMAC_224 | RSAES_OAEP_SHA_256 | RSA_4096 |
        | HMAC_256 | RSAES_OAEP_SHA_1   | RSA_2048 |
        | HMAC_256 | RSAES_OAEP_SHA_1   | RSA_3072 |
        | HMAC_256 | RSAES_OAEP_SHA_1   | RSA_4096 |
        | HMAC_256 | RSAES_OAEP_SHA_256 | RSA_2048 |
        | HMAC_256 | RSAES_OAEP_SHA_256 | RSA_3072 |
        | HMAC_256 | RSAES_OAEP_SHA_256 | RSA_4096 |
        | HMAC_384 | RSAES_OAEP_SHA_1   | RSA_2048 |
        | HMAC_384 | RSAES_OAEP_SHA_1   | RSA_3072 |
        | HMAC_384 | RSAES_OAEP_SHA_1   | RSA_4096 |
        | HMAC_384 | RSAES_OAEP_SHA_256 | RSA_2048 |
        | HMAC_384 | RSAES_OAEP_SHA_256 | RSA_3072 |
        | HMAC_384 | RSAES_OAEP_SHA_256 | RSA_4096 |
        | HMAC_512 | RSAES_OAEP_SHA_1   | RSA_2048 |
        | HMAC_512 | RSAES_OAEP_SHA_1   | RSA_3072 |
        | HMAC_512 | RSAES_OAEP_SHA_1   | RSA_4096 |
        | HMAC_512 | RSAES_OAEP_SHA_256 | RSA_2048 |
        | HMAC_512 | RSAES_OAEP_SHA_256 | RSA_3072 |
        | HMAC_512 | RSAES_OAEP_SHA_256 | RSA_4096 |

    Scenario Outline: Symmetric material with <algorithm> is accepted or refused consistently
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      When I get import parameters for "K" with <algorithm> and RSA_2048
      Then it succeeds or fails with UnsupportedOperationException or ValidationException
      And if the parameters "K" were issued, importing "M" into "K" with them succeeds or fails with InvalidCiphertextException or IncorrectKeyMaterialException

      Examples:
        | algorithm                |
        | RSA_AES_KEY_WRAP_SHA_1   |
        | RSA_AES_KEY_WRAP_SHA_256 |

    @hmac
    Scenario: HMAC_256 material with RSA_AES_KEY_WRAP_SHA_256 is accepted or refused consistently
      Given an EXTERNAL HMAC_256 key "K"
      And key material "M" for "K"
      When I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      Then it succeeds or fails with UnsupportedOperationException or ValidationException
      And if the parameters "K" were issued, importing "M" into "K" with them succeeds or fails with InvalidCiphertextException or IncorrectKeyMaterialException

  @asymmetric
  Rule: WRAP-010 ECC and SM2 private keys may be wrapped with RSAES_OAEP_* as well as (outside China) RSA_AES_KEY_WRAP_*, or with SM2PKE under the SM2 spec (China)
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html#select-wrapping-algorithm
    The guide's table offers ECC private keys both OAEP algorithms and both RSA_AES_KEY_WRAP
    algorithms, and SM2 private keys (China Regions) the OAEP algorithms and SM2PKE. ECC_NIST_P521
    with OAEP takes an RSA_3072 wrapping key (WRAP-008). The SM2PKE combinations are not
    exercised: the suite has no SM2PKE wrap yet.

    Scenario Outline: <key spec> material with <algorithm> under <spec> imports
      Given an EXTERNAL <key spec> key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | key spec        | algorithm                | spec     |
        | ECC_NIST_P256   | RSAES_OAEP_SHA_1         | RSA_2048 |
        | ECC_NIST_P256   | RSAES_OAEP_SHA_256       | RSA_2048 |
        | ECC_NIST_P256   | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | ECC_NIST_P256   | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | ECC_NIST_P384   | RSAES_OAEP_SHA_1         | RSA_2048 |
        | ECC_NIST_P384   | RSAES_OAEP_SHA_256       | RSA_2048 |
        | ECC_NIST_P384   | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | ECC_NIST_P384   | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | ECC_NIST_P521   | RSAES_OAEP_SHA_1         | RSA_3072 |
        | ECC_NIST_P521   | RSAES_OAEP_SHA_256       | RSA_3072 |
        | ECC_NIST_P521   | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | ECC_NIST_P521   | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
        | ECC_SECG_P256K1 | RSAES_OAEP_SHA_1         | RSA_2048 |
        | ECC_SECG_P256K1 | RSAES_OAEP_SHA_256       | RSA_2048 |
        | ECC_SECG_P256K1 | RSA_AES_KEY_WRAP_SHA_1   | RSA_2048 |
        | ECC_SECG_P256K1 | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |

    @sm2
    Scenario Outline: SM2 material with <algorithm> under <spec> imports
      Given an EXTERNAL SM2 key "K"
      And an SM2 private key "M"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | algorithm          | spec     |
        | RSAES_OAEP_SHA_1   | RSA_2048 |
        | RSAES_OAEP_SHA_256 | RSA_2048 |
        | RSAES_OAEP_SHA_256 | RSA_4096 |

  Rule: WRAP-011 The wrapping key spec and algorithm may change from one import to the next; the imported material is the same
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#reimport-key-material
    The same material can be reimported under parameters of another wrapping spec and algorithm:
    the key is the same key afterwards (ciphertexts made before decrypt; the metadata, and
    under @multiple-key-materials the CurrentKeyMaterialId, are unchanged).

    Scenario: Reimport with RSA_4096 and RSAES_OAEP_SHA_256 after RSA_2048 and RSAES_OAEP_SHA_1
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048
      And I import "M" into "K"
      And I encrypt a plaintext with "K" as "C"
      And I note the metadata of "K"
      And I delete the imported key material of "K"
      And "K" is PendingImport
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_4096 as "P2"
      And I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" is Enabled
      And the metadata of "K" is unchanged
      When I decrypt "C"
      Then the decryption succeeds

    @multiple-key-materials
    Scenario: The KeyMaterialId survives a change of wrapping spec and algorithm
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_1 and RSA_2048
      And I import "M" into "K"
      And I note the metadata of "K"
      And I delete the imported key material of "K"
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_4096 as "P2"
      And I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And "K" has the same CurrentKeyMaterialId as noted

    @asymmetric
    Scenario: ECC material reimported with RSAES_OAEP_SHA_256 under RSA_3072 after RSA_AES_KEY_WRAP_SHA_1 under RSA_2048
      Given an EXTERNAL ECC_NIST_P256 key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_1 and RSA_2048
      And I import "M" into "K"
      And I note the metadata of "K"
      And I delete the imported key material of "K"
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_3072 as "P2"
      And I import "M" into "K" with the parameters "P2"
      Then the import succeeds
      And the metadata of "K" is unchanged
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

  @openssl
  Rule: WRAP-012 The suite's wrapping is checked against the documented OpenSSL recipes, not only against its own code
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    For each of the four wrapping algorithms that are not deprecated, material wrapped by the
    guide's OpenSSL commands (openssl pkeyutl -encrypt with OAEP; openssl rand, openssl enc
    -id-aes256-wrap-pad -iv A65959A6 and the concatenation of the two parts) imports. Against
    the reference, this pins the suite's wrap and the reference's unwrap to an outside
    implementation. Runs where the machine running the suite has openssl on PATH.

    Scenario Outline: <key spec> material wrapped by OpenSSL with <algorithm> under <spec>
      Given an EXTERNAL <key spec> key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K" wrapped by the documented OpenSSL commands
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | key spec  | algorithm          | spec     |
        | symmetric | RSAES_OAEP_SHA_1   | RSA_2048 |
        | symmetric | RSAES_OAEP_SHA_256 | RSA_3072 |

      @hmac
      Examples:
        | key spec | algorithm          | spec     |
        | HMAC_512 | RSAES_OAEP_SHA_1   | RSA_4096 |
        | HMAC_224 | RSAES_OAEP_SHA_256 | RSA_2048 |

    @asymmetric
    Scenario Outline: An RSA_2048 private key wrapped by OpenSSL with <algorithm> under <spec>
      Given an EXTERNAL RSA_2048 key "K"
      And an RSA_2048 private key "M"
      And I get import parameters for "K" with <algorithm> and <spec>
      When I import "M" into "K" wrapped by the documented OpenSSL commands
      Then the import succeeds
      And "K" is Enabled
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | algorithm                | spec     |
        | RSA_AES_KEY_WRAP_SHA_1   | RSA_3072 |
        | RSA_AES_KEY_WRAP_SHA_256 | RSA_2048 |
