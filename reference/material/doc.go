// Package material holds the key material of a KMS key, per key spec: the format checks AWS KMS applies to
// imported material, the parsed key, and the cryptographic operations each key spec supports.
//
// The material requirements are those of the AWS KMS Developer Guide, [Requirements for imported key material]:
// SYMMETRIC_DEFAULT material is 256 bits of binary data; HMAC material is raw bytes from the key spec's size up
// to 1024 bits ([RFC 2104]); RSA and ECC material is the private key as a PKCS#8 PrivateKeyInfo ([RFC 5208]),
// holding a two-prime RSAPrivateKey ([RFC 8017] Appendix A.1.2) or an ECPrivateKey ([RFC 5915]) on a named curve
// ([SEC 1] §2.2, §C.4). Every refusal wraps [ErrIncorrect] (IncorrectKeyMaterialException) and never carries the
// material itself.
//
// The package keeps no state beyond one key: which key uses which material, and whether a usage allows an
// operation, is reference/kms's business. reference/wrapping only wraps and unwraps the bytes.
//
// [Requirements for imported key material]: https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements
// [RFC 2104]: https://www.rfc-editor.org/rfc/rfc2104.html
// [RFC 5208]: https://www.rfc-editor.org/rfc/rfc5208.html
// [RFC 5915]: https://www.rfc-editor.org/rfc/rfc5915.html
// [RFC 8017]: https://www.rfc-editor.org/rfc/rfc8017.html
// [SEC 1]: https://www.secg.org/sec1-v2.pdf
package material
