Feature: Key material formats per key spec
  What the plaintext key material must look like for each key spec, and what KMS refuses.
  Catalogue section MATERIAL of ../shared/spec/rules.md, after the developer guide's
  "Requirements for imported key material". Symmetric and HMAC material is raw bytes wrapped
  with RSAES_OAEP_SHA_256; private keys are wrapped with RSA_AES_KEY_WRAP_SHA_256, which fits
  material of any size, so that a refusal can only be about the material itself.

  @without-sm2
  Rule: MATERIAL-001 SYMMETRIC_DEFAULT key material is exactly 256 bits (32 bytes) of binary data outside China Regions
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    Outside China Regions symmetric material is 256 bits of binary data (openssl rand 32), no
    more and no less.
    Ambiguous: the code for a wrong length is not documented. Accepted:
    IncorrectKeyMaterialException (preferred) or ValidationException; not
    InvalidCiphertextException, since the unwrap itself succeeded.

    Scenario: 32 bytes import
      Given an EXTERNAL symmetric key "K"
      And 32 random bytes as key material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

    Scenario Outline: <bytes> bytes are refused
      Given an EXTERNAL symmetric key "K"
      And <bytes> random bytes as key material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException or ValidationException
      And "K" is PendingImport

      Examples:
        | bytes |
        | 1     |
        | 16    |
        | 31    |
        | 33    |
        | 64    |

  @sm2
  Rule: MATERIAL-002 In China Regions SYMMETRIC_DEFAULT key material is 128 bits (16 bytes) for SM4
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-KeySpec
    In China Regions a SYMMETRIC_DEFAULT key is an SM4 key, and its material is 128 bits.

    Scenario: 16 bytes import
      Given an EXTERNAL symmetric key "K"
      And 16 random bytes as key material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

    Scenario: 32 bytes are refused
      Given an EXTERNAL symmetric key "K"
      And 32 random bytes as key material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

  @hmac
  Rule: MATERIAL-003 HMAC key material is raw bytes at least as long as the key spec's size and at most 1024 bits
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    HMAC material is raw bytes from the spec's size (224, 256, 384 or 512 bits) up to 1024 bits.
    Ambiguous: the encrypt page says the length must match the key spec, the requirements
    section gives ranges. The suite follows the ranges: the spec's size and 128 bytes must
    import, one byte less and 129 bytes are refused with IncorrectKeyMaterialException, and
    lengths strictly in between may import (preferred) or be refused with
    IncorrectKeyMaterialException.

    Scenario Outline: <bytes> bytes for <key spec> import
      Given an EXTERNAL <key spec> key "K"
      And <bytes> random bytes as key material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled

      Examples:
        | key spec | bytes |
        | HMAC_224 | 28    |
        | HMAC_224 | 128   |
        | HMAC_256 | 32    |
        | HMAC_256 | 128   |
        | HMAC_384 | 48    |
        | HMAC_384 | 128   |
        | HMAC_512 | 64    |
        | HMAC_512 | 128   |

    Scenario Outline: <bytes> bytes for <key spec> are refused
      Given an EXTERNAL <key spec> key "K"
      And <bytes> random bytes as key material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

      Examples:
        | key spec | bytes |
        | HMAC_224 | 27    |
        | HMAC_224 | 129   |
        | HMAC_256 | 31    |
        | HMAC_256 | 129   |
        | HMAC_384 | 47    |
        | HMAC_384 | 129   |
        | HMAC_512 | 63    |
        | HMAC_512 | 129   |
        | HMAC_512 | 1     |

    Scenario Outline: <bytes> bytes for <key spec>, between its size and 1024 bits
      Given an EXTERNAL <key spec> key "K"
      And <bytes> random bytes as key material "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds or fails with IncorrectKeyMaterialException

      Examples:
        | key spec | bytes |
        | HMAC_224 | 29    |
        | HMAC_256 | 64    |
        | HMAC_384 | 100   |
        | HMAC_512 | 127   |

  @asymmetric
  Rule: MATERIAL-004 Asymmetric key material is the private key as a PKCS#8 PrivateKeyInfo (RFC 5208), DER- or BER-encoded
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    A private key is imported as a PKCS#8 PrivateKeyInfo, in DER or BER (openssl pkcs8 -topk8
    -outform der -nocrypt). The BER form sent has an indefinite-length outer SEQUENCE and
    non-minimal long-form lengths, which DER forbids. Other containers of the same key are
    refused.
    Ambiguous: the code for a malformed structure is not documented. Accepted:
    IncorrectKeyMaterialException (preferred) or ValidationException.

    Scenario Outline: A <key spec> key in BER imports and is the same key
      Given an EXTERNAL <key spec> key "K"
      And an <key spec> private key "M" encoded in BER
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And "K" is Enabled
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | key spec        |
        | RSA_2048        |
        | ECC_NIST_P256   |
        | ECC_SECG_P256K1 |

    Scenario Outline: A <key spec> key <encoding> is refused
      Given an EXTERNAL <key spec> key "K"
      And an <key spec> private key "M" <encoding>
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException or ValidationException
      And "K" is PendingImport

      Examples:
        | key spec        | encoding                                 |
        | RSA_2048        | encoded as a PKCS#1 RSAPrivateKey        |
        | ECC_NIST_P256   | encoded as a bare SEC1 ECPrivateKey      |
        | ECC_SECG_P256K1 | encoded as a bare SEC1 ECPrivateKey      |
        | RSA_2048        | encoded as PEM text                      |
        | ECC_NIST_P384   | encoded as PEM text                      |
        | RSA_2048        | encoded as an encrypted PKCS#8 structure |
        | ECC_NIST_P256   | encoded as an encrypted PKCS#8 structure |

    Scenario Outline: 32 random bytes for a <key spec> key are refused
      Given an EXTERNAL <key spec> key "K"
      And 32 random bytes as key material "M"
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException or ValidationException
      And "K" is PendingImport

      Examples:
        | key spec      |
        | RSA_2048      |
        | ECC_NIST_P521 |

  @asymmetric
  Rule: MATERIAL-005 RSA key material must be a two-prime RSA key whose modulus has the key spec's size
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    An RSA key pair (RFC 3447) with two primes and a modulus of 2048, 3072 or 4096 bits, the
    size the key spec names; multi-prime keys are not supported.

    Scenario Outline: A two-prime <key spec> key imports
      Given an EXTERNAL <key spec> key "K"
      And an <key spec> private key "M"
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | key spec |
        | RSA_2048 |
        | RSA_3072 |
        | RSA_4096 |

    Scenario Outline: An <material spec> key for an <key spec> key is refused
      Given an EXTERNAL <key spec> key "K"
      And an <material spec> private key "M"
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

      Examples:
        | key spec | material spec |
        | RSA_2048 | RSA_3072      |
        | RSA_2048 | RSA_4096      |
        | RSA_3072 | RSA_2048      |
        | RSA_4096 | RSA_3072      |

    Scenario: A three-prime RSA_2048 key is refused
      Given an EXTERNAL RSA_2048 key "K"
      And a three-prime RSA_2048 private key "M"
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

  @asymmetric
  Rule: MATERIAL-006 ECC key material must be an RFC 5915 private key on the key spec's named curve; explicit curve parameters are refused
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    An ECC private key (RFC 5915) inside PKCS#8 on the key spec's named curve (secp256r1,
    secp384r1, secp521r1, secp256k1); a key on another curve, or with the curve spelled out
    as explicit parameters, is refused.
    Ambiguous: "projective" public points are not an SEC 1 encoding; the suite only sends the
    uncompressed point and never a point that does not match the private scalar.

    Scenario Outline: A <key spec> key on its named curve imports
      Given an EXTERNAL <key spec> key "K"
      And an <key spec> private key "M"
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | key spec        |
        | ECC_NIST_P256   |
        | ECC_NIST_P384   |
        | ECC_NIST_P521   |
        | ECC_SECG_P256K1 |

    Scenario Outline: An <material spec> key for an <key spec> key is refused
      Given an EXTERNAL <key spec> key "K"
      And an <material spec> private key "M"
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

      Examples:
        | key spec        | material spec   |
        | ECC_NIST_P256   | ECC_NIST_P384   |
        | ECC_NIST_P256   | ECC_SECG_P256K1 |
        | ECC_NIST_P384   | ECC_NIST_P256   |
        | ECC_NIST_P521   | ECC_NIST_P384   |
        | ECC_SECG_P256K1 | ECC_NIST_P256   |

    Scenario Outline: A <key spec> key with explicit curve parameters is refused
      Given an EXTERNAL <key spec> key "K"
      And an <key spec> private key "M" encoded with explicit curve parameters
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

      Examples:
        | key spec        |
        | ECC_NIST_P256   |
        | ECC_NIST_P384   |
        | ECC_NIST_P521   |
        | ECC_SECG_P256K1 |

  @sm2
  Rule: MATERIAL-007 SM2 key material is a PKCS#8 private key on the named SM2 curve (GM/T 0003)
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
    In China Regions an SM2 private key is imported as PKCS#8 (id-ecPublicKey on the named
    curve sm2p256v1, as openssl genpkey -algorithm SM2 writes it). It is wrapped with
    RSAES_OAEP_SHA_256, which the guide lists for SM2 keys; a key on another curve or with
    explicit parameters is refused.

    Scenario: An SM2 key on the named SM2 curve imports
      Given an EXTERNAL SM2 key "K"
      And an SM2 private key "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

    Scenario: An SM2 key with explicit curve parameters is refused
      Given an EXTERNAL SM2 key "K"
      And an SM2 private key "M" encoded with explicit curve parameters
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

    Scenario Outline: An <material spec> key for an SM2 key is refused
      Given an EXTERNAL SM2 key "K"
      And an <material spec> private key "M"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

      Examples:
        | material spec   |
        | ECC_NIST_P256   |
        | ECC_SECG_P256K1 |

  @asymmetric
  Rule: MATERIAL-008 Material of the wrong kind for the key spec is refused with IncorrectKeyMaterialException
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_IncorrectKeyMaterialException.html
    The material must be of the kind the key spec names: raw bytes where a private key is
    expected, a private key of the other family, or a private key where raw bytes are expected
    are all refused. HMAC material is any byte string of an allowed length, so it has no wrong
    kind.

    Scenario Outline: 32 random bytes for a <key spec> key, wrapped with <algorithm>, are refused
      Given an EXTERNAL <key spec> key "K"
      And 32 random bytes as key material "M"
      And I get import parameters for "K" with <algorithm> and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

      Examples:
        | key spec      | algorithm                |
        | ECC_NIST_P256 | RSAES_OAEP_SHA_256       |
        | RSA_2048      | RSA_AES_KEY_WRAP_SHA_256 |

    Scenario Outline: An <material spec> private key for a <key spec> key, wrapped with <algorithm>, is refused
      Given an EXTERNAL <key spec> key "K"
      And an <material spec> private key "M"
      And I get import parameters for "K" with <algorithm> and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException
      And "K" is PendingImport

      Examples:
        | key spec      | material spec | algorithm                |
        | RSA_2048      | ECC_NIST_P256 | RSA_AES_KEY_WRAP_SHA_256 |
        | ECC_NIST_P256 | RSA_2048      | RSA_AES_KEY_WRAP_SHA_256 |
        | symmetric     | ECC_NIST_P256 | RSAES_OAEP_SHA_256       |

  @asymmetric
  Rule: MATERIAL-009 Only the private key is imported; KMS derives the public key, and GetPublicKey returns the public half of the imported pair
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
    Only the private key is imported; KMS derives the public key from it, and GetPublicKey
    returns, byte for byte, the DER SubjectPublicKeyInfo of the imported pair. A public key
    alone is not key material; as for any malformed structure (MATERIAL-004), the suite accepts
    IncorrectKeyMaterialException (preferred) or ValidationException for it.

    Scenario Outline: GetPublicKey of an imported <key spec> key is the public half of the material
      Given an EXTERNAL <key spec> key "K"
      And an <key spec> private key "M"
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import succeeds
      And GetPublicKey of "K" returns the SubjectPublicKeyInfo of "M"

      Examples:
        | key spec        |
        | RSA_2048        |
        | RSA_4096        |
        | ECC_NIST_P256   |
        | ECC_NIST_P384   |
        | ECC_NIST_P521   |
        | ECC_SECG_P256K1 |

    Scenario Outline: The public key of a <key spec> pair alone is refused
      Given an EXTERNAL <key spec> key "K"
      And an <key spec> private key "M" reduced to its SubjectPublicKeyInfo
      And I get import parameters for "K" with RSA_AES_KEY_WRAP_SHA_256 and RSA_2048
      When I import "M" into "K"
      Then the import fails with IncorrectKeyMaterialException or ValidationException
      And "K" is PendingImport

      Examples:
        | key spec      |
        | RSA_2048      |
        | ECC_NIST_P256 |
