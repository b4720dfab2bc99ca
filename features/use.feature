Feature: Cryptographic operations with imported key material
  What a key with imported material can do before its first import, after it, after its
  material is deleted or expired, and while it is Disabled or pending deletion; and that
  what KMS computes with imported material equals what the same material computes outside
  KMS (HMAC, signatures, RSA encryption, ECDH). Catalogue section USE of ../shared/spec/rules.md.

  Rule: USE-001 Cryptographic operations on a symmetric key in PendingImport fail with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    In the key state table every symmetric cryptographic operation (Encrypt, Decrypt,
    ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateDataKeyPair,
    GenerateDataKeyPairWithoutPlaintext) fails on a PendingImport key with
    KMSInvalidStateException ("is pending import"); once material is imported it works.

    Scenario Outline: <operation> before the first import, and after it
      Given an EXTERNAL symmetric key "K"
      When I call <operation> with "K"
      Then it fails with KMSInvalidStateException
      Given key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K"
      When I call <operation> with "K"
      Then it succeeds

      Examples:
        | operation                           |
        | Encrypt                             |
        | GenerateDataKey                     |
        | GenerateDataKeyWithoutPlaintext     |
        | GenerateDataKeyPair                 |
        | GenerateDataKeyPairWithoutPlaintext |

    Scenario Outline: <operation> of a ciphertext of a key whose material was deleted
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K"
      And I delete the imported key material of "K"
      And "K" is PendingImport
      When I call <operation> with "K"
      Then it fails with KMSInvalidStateException

      Examples:
        | operation |
        | Decrypt   |
        | ReEncrypt |

    Scenario: ReEncrypt into a key in PendingImport
      Given an EXTERNAL symmetric key "A" with imported material "M"
      And an EXTERNAL symmetric key "K"
      And I encrypt a plaintext with "A"
      When I re-encrypt "A ciphertext" to "K"
      Then it fails with KMSInvalidStateException
      When I re-encrypt "A ciphertext" to "A"
      Then it succeeds

  Rule: USE-002 After a successful import a symmetric key encrypts and decrypts
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
    Once its material is imported the key is usable: Encrypt, then Decrypt with or without
    the KeyId, returns the plaintext; an encryption context binds the ciphertext, so
    Decrypt with another context, or none, fails with InvalidCiphertextException.

    Scenario: Encrypt and decrypt with and without the KeyId
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I encrypt "a plaintext for an imported key" with "K"
      Then the encryption succeeds
      When I decrypt "K ciphertext" with "K"
      Then the decryption succeeds
      When I decrypt "K ciphertext"
      Then the decryption succeeds

    Scenario: The encryption context must match
      Given an EXTERNAL symmetric key "K" with imported material "M"
      When I encrypt "bound to a context" with "K" under the encryption context "purpose=conformance, rule=USE-002"
      Then the encryption succeeds
      When I decrypt "K ciphertext" with "K" under the encryption context "purpose=conformance, rule=USE-002"
      Then the decryption succeeds
      When I decrypt "K ciphertext" under the encryption context "rule=USE-002, purpose=conformance"
      Then the decryption succeeds
      When I decrypt "K ciphertext" with "K" under the encryption context "purpose=other, rule=USE-002"
      Then the decryption fails with InvalidCiphertextException
      When I decrypt "K ciphertext" with "K"
      Then the decryption fails with InvalidCiphertextException

  Rule: USE-003 Ciphertexts made before DeleteImportedKeyMaterial cannot be decrypted until the same material is reimported
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html#importing-keys-delete-key-material
    Deleting the material makes the key PendingImport: its ciphertexts stay undecryptable
    (KMSInvalidStateException) until the same material is imported again (REIMPORT-001).

    Scenario: A ciphertext is unusable while the material is deleted and usable after reimport
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt "made before the deletion" with "K"
      When I delete the imported key material of "K"
      Then the deletion succeeds
      When I decrypt "K ciphertext" with "K"
      Then the decryption fails with KMSInvalidStateException
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K"
      Then the import succeeds
      When I decrypt "K ciphertext" with "K"
      Then the decryption succeeds

  @clock
  Rule: USE-004 Ciphertexts made before the material expired cannot be decrypted until the same material is reimported
    https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html#KMS-ImportKeyMaterial-request-ValidTo
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html#importing-keys-expiration
    When the material's ValidTo passes KMS deletes it: the key is PendingImport and its
    ciphertexts fail with KMSInvalidStateException until the same material is reimported.

    Scenario: A ciphertext is unusable after expiry and usable after reimport
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 1 hour
      And I encrypt "made before the expiry" with "K"
      When I advance the clock by 2 hours
      Then "K" is PendingImport
      When I decrypt "K ciphertext" with "K"
      Then the decryption fails with KMSInvalidStateException
      When I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K"
      Then the import succeeds
      When I decrypt "K ciphertext" with "K"
      Then the decryption succeeds

  Rule: USE-005 Decrypt without a KeyId of a ciphertext whose key lost its material fails with KMSInvalidStateException, not InvalidCiphertextException
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    KMS finds the key of a symmetric ciphertext from the blob itself, so a Decrypt that names
    no key still reaches the key and reports its state, not a bad ciphertext.

    Scenario: Decrypt without a KeyId after the material was deleted
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K"
      And I delete the imported key material of "K"
      When I decrypt "K ciphertext"
      Then the decryption fails with KMSInvalidStateException

    @clock
    Scenario: Decrypt without a KeyId after the material expired
      Given an EXTERNAL symmetric key "K"
      And key material "M" for "K"
      And I get import parameters for "K" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "K" expiring in 1 hour
      And I encrypt a plaintext with "K"
      And I advance the clock by 2 hours
      And "K" is PendingImport
      When I decrypt "K ciphertext"
      Then the decryption fails with KMSInvalidStateException

  Rule: USE-006 Cryptographic operations on a Disabled imported key fail with DisabledException
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html#API_Encrypt_Errors
    A Disabled key refuses its cryptographic operations with DisabledException ("is
    disabled"); enabled again, it works.

    Scenario Outline: <operation> with a Disabled symmetric key
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K"
      And I disable "K"
      When I call <operation> with "K"
      Then it fails with DisabledException
      When I enable "K"
      And I call <operation> with "K"
      Then it succeeds

      Examples:
        | operation       |
        | Encrypt         |
        | Decrypt         |
        | GenerateDataKey |

    @hmac
    Scenario: GenerateMac with a Disabled HMAC key
      Given an EXTERNAL HMAC_256 key "K" with imported material "M"
      And I disable "K"
      When I call GenerateMac with "K"
      Then it fails with DisabledException
      When I enable "K"
      And I call GenerateMac with "K"
      Then it succeeds

    @asymmetric
    Scenario: Sign with a Disabled signing key
      Given an EXTERNAL ECC_NIST_P256 key "K" for SIGN_VERIFY with imported material "M"
      And I disable "K"
      When I call Sign with "K"
      Then it fails with DisabledException
      When I enable "K"
      And I call Sign with "K"
      Then it succeeds

  Rule: USE-007 Cryptographic operations on an imported key in PendingDeletion fail
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    A key scheduled for deletion refuses its cryptographic operations.
    Ambiguous: the PendingDeletion column allows DisabledException ("is pending deletion")
    or KMSInvalidStateException without saying when each applies. Reading taken:
    KMSInvalidStateException is preferred, DisabledException is accepted.

    Scenario Outline: <operation> with a symmetric key pending deletion
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I encrypt a plaintext with "K"
      And I schedule the deletion of "K" with a 7-day waiting period
      When I call <operation> with "K"
      Then it fails with KMSInvalidStateException or DisabledException

      Examples:
        | operation       |
        | Encrypt         |
        | Decrypt         |
        | GenerateDataKey |

    @hmac
    Scenario: GenerateMac with an HMAC key pending deletion
      Given an EXTERNAL HMAC_256 key "K" with imported material "M"
      And I schedule the deletion of "K" with a 7-day waiting period
      When I call GenerateMac with "K"
      Then it fails with KMSInvalidStateException or DisabledException

    @asymmetric
    Scenario: Sign with a signing key pending deletion
      Given an EXTERNAL ECC_NIST_P256 key "K" for SIGN_VERIFY with imported material "M"
      And I schedule the deletion of "K" with a 7-day waiting period
      When I call Sign with "K"
      Then it fails with KMSInvalidStateException or DisabledException

  @hmac
  Rule: USE-008 GenerateMac with an imported HMAC key equals the RFC 2104 HMAC computed locally with the same material, and VerifyMac accepts it
    https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateMac.html#API_GenerateMac_ResponseSyntax
    https://docs.aws.amazon.com/kms/latest/APIReference/API_VerifyMac.html
    GenerateMac returns the plain RFC 2104 HMAC of the message under the imported material,
    byte for byte what a local HMAC computes; VerifyMac accepts a locally computed MAC,
    refuses a changed one with KMSInvalidMacException, and refuses an algorithm that is not
    the key's with InvalidKeyUsageException.

    Scenario Outline: <spec> with <algorithm> matches the local HMAC
      Given an EXTERNAL <spec> key "K" with imported material "M"
      When I generate a <algorithm> MAC of "message to authenticate" with "K"
      Then it succeeds
      And the MAC equals the <algorithm> of "message to authenticate" computed locally with "M"
      When I verify with "K" the <algorithm> MAC of "another message" computed locally with "M"
      Then the MAC is valid
      When I verify with "K" the <algorithm> MAC of "another message" computed locally with "M" with one bit flipped
      Then it fails with KMSInvalidMacException
      When I generate a <other> MAC of "message to authenticate" with "K"
      Then it fails with InvalidKeyUsageException

      Examples:
        | spec     | algorithm    | other        |
        | HMAC_224 | HMAC_SHA_224 | HMAC_SHA_256 |
        | HMAC_256 | HMAC_SHA_256 | HMAC_SHA_512 |
        | HMAC_384 | HMAC_SHA_384 | HMAC_SHA_224 |
        | HMAC_512 | HMAC_SHA_512 | HMAC_SHA_384 |

  Rule: USE-009 HMAC and asymmetric keys without material refuse every cryptographic operation and GetPublicKey with KMSInvalidStateException
    https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
    An HMAC or asymmetric key whose material was never imported, or was deleted, is
    PendingImport and unusable: GenerateMac and VerifyMac; Sign, Verify, Encrypt, Decrypt,
    DeriveSharedSecret and GetPublicKey all fail with KMSInvalidStateException.
    Ambiguous: the 2023 key state table marks these cells N/A (such keys could not be
    imported then). KMSInvalidStateException, as for every other PendingImport operation, is
    required; for GetPublicKey UnsupportedOperationException is accepted too, a public key never.

    @hmac
    Scenario Outline: <operation> with an EXTERNAL <spec> key before its first import
      Given an EXTERNAL <spec> key "K"
      When I call <operation> with "K"
      Then it fails with KMSInvalidStateException

      Examples:
        | spec     | operation   |
        | HMAC_224 | GenerateMac |
        | HMAC_224 | VerifyMac   |
        | HMAC_256 | GenerateMac |
        | HMAC_256 | VerifyMac   |
        | HMAC_384 | GenerateMac |
        | HMAC_384 | VerifyMac   |
        | HMAC_512 | GenerateMac |
        | HMAC_512 | VerifyMac   |

    @hmac
    Scenario Outline: <operation> with an EXTERNAL <spec> key whose material was deleted
      Given an EXTERNAL <spec> key "K" with imported material "M"
      And I delete the imported key material of "K"
      And "K" is PendingImport
      When I call <operation> with "K"
      Then it fails with KMSInvalidStateException

      Examples:
        | spec     | operation   |
        | HMAC_224 | GenerateMac |
        | HMAC_224 | VerifyMac   |
        | HMAC_256 | GenerateMac |
        | HMAC_256 | VerifyMac   |
        | HMAC_384 | GenerateMac |
        | HMAC_384 | VerifyMac   |
        | HMAC_512 | GenerateMac |
        | HMAC_512 | VerifyMac   |

    @asymmetric
    Scenario Outline: <operation> with an EXTERNAL <spec> key for <usage> before its first import
      Given an EXTERNAL <spec> key "K" for <usage>
      When I call <operation> with "K"
      Then it fails with <codes>

      Examples:
        | spec            | usage           | operation          | codes                                                       |
        | RSA_2048        | ENCRYPT_DECRYPT | Encrypt            | KMSInvalidStateException                                    |
        | RSA_2048        | ENCRYPT_DECRYPT | Decrypt            | KMSInvalidStateException                                    |
        | RSA_2048        | ENCRYPT_DECRYPT | GetPublicKey       | KMSInvalidStateException or UnsupportedOperationException   |
        | RSA_2048        | SIGN_VERIFY     | Sign               | KMSInvalidStateException                                    |
        | RSA_2048        | SIGN_VERIFY     | Verify             | KMSInvalidStateException                                    |
        | RSA_2048        | SIGN_VERIFY     | GetPublicKey       | KMSInvalidStateException or UnsupportedOperationException   |
        | ECC_NIST_P256   | SIGN_VERIFY     | Sign               | KMSInvalidStateException                                    |
        | ECC_NIST_P256   | SIGN_VERIFY     | Verify             | KMSInvalidStateException                                    |
        | ECC_NIST_P256   | SIGN_VERIFY     | GetPublicKey       | KMSInvalidStateException or UnsupportedOperationException   |
        | ECC_SECG_P256K1 | SIGN_VERIFY     | Sign               | KMSInvalidStateException                                    |
        | ECC_SECG_P256K1 | SIGN_VERIFY     | Verify             | KMSInvalidStateException                                    |
        | ECC_NIST_P384   | KEY_AGREEMENT   | DeriveSharedSecret | KMSInvalidStateException                                    |
        | ECC_NIST_P384   | KEY_AGREEMENT   | GetPublicKey       | KMSInvalidStateException or UnsupportedOperationException   |

    @asymmetric
    Scenario Outline: <operation> with an EXTERNAL <spec> key for <usage> whose material was deleted
      Given an EXTERNAL <spec> key "K" for <usage> with imported material "M"
      And I delete the imported key material of "K"
      And "K" is PendingImport
      When I call <operation> with "K"
      Then it fails with <codes>

      Examples:
        | spec            | usage           | operation          | codes                                                       |
        | RSA_2048        | ENCRYPT_DECRYPT | Encrypt            | KMSInvalidStateException                                    |
        | RSA_2048        | ENCRYPT_DECRYPT | Decrypt            | KMSInvalidStateException                                    |
        | RSA_2048        | ENCRYPT_DECRYPT | GetPublicKey       | KMSInvalidStateException or UnsupportedOperationException   |
        | RSA_2048        | SIGN_VERIFY     | Sign               | KMSInvalidStateException                                    |
        | RSA_2048        | SIGN_VERIFY     | Verify             | KMSInvalidStateException                                    |
        | RSA_2048        | SIGN_VERIFY     | GetPublicKey       | KMSInvalidStateException or UnsupportedOperationException   |
        | ECC_NIST_P256   | SIGN_VERIFY     | Sign               | KMSInvalidStateException                                    |
        | ECC_NIST_P256   | SIGN_VERIFY     | Verify             | KMSInvalidStateException                                    |
        | ECC_NIST_P256   | SIGN_VERIFY     | GetPublicKey       | KMSInvalidStateException or UnsupportedOperationException   |
        | ECC_SECG_P256K1 | SIGN_VERIFY     | Sign               | KMSInvalidStateException                                    |
        | ECC_SECG_P256K1 | SIGN_VERIFY     | Verify             | KMSInvalidStateException                                    |
        | ECC_NIST_P384   | KEY_AGREEMENT   | DeriveSharedSecret | KMSInvalidStateException                                    |
        | ECC_NIST_P384   | KEY_AGREEMENT   | GetPublicKey       | KMSInvalidStateException or UnsupportedOperationException   |

  @asymmetric
  Rule: USE-010 An imported signing key's signatures verify locally with the imported pair's public key, and KMS verifies locally made signatures
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html#API_Sign_ResponseSyntax
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Verify.html
    A signature KMS makes with imported material is an ordinary PKCS #1 (PSS with a salt as
    long as the hash, or v1.5) or DER ECDSA signature that verifies outside KMS with the
    imported pair's public key; KMS Verify accepts signatures made outside KMS with the
    private key and refuses a changed one with KMSInvalidSignatureException.

    Scenario Outline: <spec> signatures with <algorithm> verify both ways
      Given an EXTERNAL <spec> key "K" for SIGN_VERIFY with imported material "M"
      When I sign "message to sign" with "K" using <algorithm>
      Then it succeeds
      And the signature verifies locally with the public key of "M"
      When I verify with "K" the <algorithm> signature of "message signed outside KMS" made locally with "M"
      Then the signature is valid
      When I verify with "K" the <algorithm> signature of "message signed outside KMS" made locally with "M" with one bit flipped
      Then it fails with KMSInvalidSignatureException

      Examples:
        | spec            | algorithm                 |
        | RSA_2048        | RSASSA_PSS_SHA_256        |
        | RSA_2048        | RSASSA_PSS_SHA_384        |
        | RSA_2048        | RSASSA_PSS_SHA_512        |
        | RSA_2048        | RSASSA_PKCS1_V1_5_SHA_256 |
        | RSA_2048        | RSASSA_PKCS1_V1_5_SHA_384 |
        | RSA_2048        | RSASSA_PKCS1_V1_5_SHA_512 |
        | RSA_3072        | RSASSA_PSS_SHA_384        |
        | RSA_3072        | RSASSA_PKCS1_V1_5_SHA_256 |
        | ECC_NIST_P256   | ECDSA_SHA_256             |
        | ECC_NIST_P384   | ECDSA_SHA_384             |
        | ECC_NIST_P521   | ECDSA_SHA_512             |
        | ECC_SECG_P256K1 | ECDSA_SHA_256             |

  @asymmetric
  Rule: USE-011 An imported RSA encryption key decrypts ciphertext made locally with its public key, and its Encrypt output decrypts locally with the private key
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
    RSA encryption with imported material is plain RSAES-OAEP (MGF1 with the same hash, no
    label): KMS decrypts what the public key encrypted outside KMS, and its own ciphertext
    decrypts outside KMS with the private key.

    Scenario Outline: <spec> with <algorithm> in both directions
      Given an EXTERNAL <spec> key "K" for ENCRYPT_DECRYPT with imported material "M"
      When I encrypt "encrypted outside KMS" locally with the public key of "M" using <algorithm> as "local"
      And I decrypt "local" with "K" using <algorithm>
      Then the decryption succeeds
      When I encrypt "encrypted by KMS" with "K" using <algorithm> as "remote"
      Then the encryption succeeds
      And "remote" decrypts locally with the private key of "M" using <algorithm>

      Examples:
        | spec     | algorithm          |
        | RSA_2048 | RSAES_OAEP_SHA_1   |
        | RSA_2048 | RSAES_OAEP_SHA_256 |
        | RSA_3072 | RSAES_OAEP_SHA_1   |
        | RSA_3072 | RSAES_OAEP_SHA_256 |

  @asymmetric
  Rule: USE-012 An imported NIST ECC key-agreement key derives the same shared secret as local ECDH and reports KeyOrigin EXTERNAL
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeriveSharedSecret.html
    https://docs.aws.amazon.com/kms/latest/APIReference/API_DeriveSharedSecret.html#API_DeriveSharedSecret_ResponseSyntax
    DeriveSharedSecret with an imported key-agreement key returns the raw ECDH shared secret
    of the imported private key and the peer's public key, and says KeyOrigin EXTERNAL.

    Scenario Outline: <spec> key agreement matches local ECDH
      Given an EXTERNAL <spec> key "K" for KEY_AGREEMENT with imported material "M"
      And a new <spec> key material "Peer"
      When I derive a shared secret with "K" and the public key of "Peer"
      Then it succeeds
      And the shared secret equals the ECDH of "M" and the public key of "Peer" computed locally
      And the shared secret's KeyOrigin is EXTERNAL

      Examples:
        | spec          |
        | ECC_NIST_P256 |
        | ECC_NIST_P384 |
        | ECC_NIST_P521 |

  Rule: USE-013 Two single-Region keys holding the same imported material are not interchangeable
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html#importing-keys-considerations
    https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-import.html#mrk-import-why
    A ciphertext decrypts only with the key that made it, even when another single-Region key
    holds the same imported material: naming the other key fails with IncorrectKeyException,
    naming none finds the right key. The two keys have different key material IDs.

    Scenario: Decrypt with the other key of the same material
      Given an EXTERNAL symmetric key "A" with imported material "M"
      And an EXTERNAL symmetric key "B"
      And I get import parameters for "B" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "B"
      And I encrypt "made with A" with "A"
      When I decrypt "A ciphertext" with "B"
      Then the decryption fails with IncorrectKeyException
      When I decrypt "A ciphertext"
      Then the decryption succeeds
      When I decrypt "A ciphertext" with "A"
      Then the decryption succeeds

    @multiple-key-materials
    Scenario: The same material has a different key material ID in each key
      Given an EXTERNAL symmetric key "A" with imported material "M"
      And an EXTERNAL symmetric key "B"
      And I get import parameters for "B" with RSAES_OAEP_SHA_256 and RSA_2048
      And I import "M" into "B"
      Then "A" and "B" have different CurrentKeyMaterialIds

  Rule: USE-014 KMS does not decrypt symmetric ciphertext produced outside KMS with the imported material
    https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html#importing-keys-considerations
    https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
    KMS ciphertexts carry their own format and metadata: an AES-256-GCM ciphertext made
    outside KMS with the very same material is refused with InvalidCiphertextException,
    whether or not the request names the key. The nonces are fixed so that the blob's first
    bytes, which a server could misread as its own header, are the same in every run.

    Scenario Outline: A local AES-256-GCM ciphertext under the imported material, with <kind> nonce
      Given an EXTERNAL symmetric key "K" with imported material "M"
      And I seal "made outside KMS" locally with AES-256-GCM under "M" with <kind> nonce as "local"
      When I decrypt "local" with "K"
      Then the decryption fails with InvalidCiphertextException
      When I decrypt "local"
      Then the decryption fails with InvalidCiphertextException
      When I encrypt "made by KMS" with "K"
      And I decrypt "K ciphertext" with "K"
      Then the decryption succeeds

      Examples:
        | kind        |
        | an all-zero |
        | an all-one  |
