#!/bin/sh
# Regenerates the OpenSSL-made key material in this directory (run from here; needs OpenSSL 3).
# The keys are test keys only. Each private key is PKCS#8 DER, made as the KMS guide does
# (openssl genpkey, then openssl pkcs8 -topk8 -outform der -nocrypt); the variants are the malformed
# shapes of MATERIAL-004/005/006/008. manifest.txt says what material.Parse must do with each file.
set -eu
umask 022
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pkcs8() { # pkcs8 <pem> <out.der>: PKCS#8 DER as in the KMS guide, plus its public half as DER SPKI
	openssl pkcs8 -topk8 -outform der -nocrypt -in "$1" -out "$2"
	openssl pkey -in "$1" -pubout -outform der -out "${2%.der}.pub.der"
}

for bits in 2048 3072 4096; do
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:$bits -out "$tmp/rsa$bits.pem"
	pkcs8 "$tmp/rsa$bits.pem" rsa$bits.der
done
for curve in P-256:p256 P-384:p384 P-521:p521 secp256k1:secp256k1; do
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:${curve%%:*} -out "$tmp/${curve#*:}.pem"
	pkcs8 "$tmp/${curve#*:}.pem" ${curve#*:}.der
done

# ECC variants: compressed public point (accepted, MATERIAL-006), explicit parameters (refused).
openssl ec -in "$tmp/p256.pem" -conv_form compressed -out "$tmp/p256c.pem"
openssl pkcs8 -topk8 -outform der -nocrypt -in "$tmp/p256c.pem" -out p256-compressed.der
cp p256.pub.der p256-compressed.pub.der # the same key; KMS returns the uncompressed SubjectPublicKeyInfo
for curve in P-256:p256 secp256k1:secp256k1; do
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:${curve%%:*} -pkeyopt ec_param_enc:explicit \
		-out "$tmp/${curve#*:}x.pem"
	openssl pkcs8 -topk8 -outform der -nocrypt -in "$tmp/${curve#*:}x.pem" -out ${curve#*:}-explicit.der
done
# Bare SEC1 ECPrivateKey (RFC 5915), not wrapped in PKCS#8.
openssl ec -in "$tmp/p256.pem" -outform der -out p256-sec1.der

# RSA variants: three primes (MATERIAL-005), PKCS#1 RSAPrivateKey (MATERIAL-004), encrypted PKCS#8, PEM text.
for bits in 2048 3072 4096; do
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:$bits -pkeyopt rsa_keygen_primes:3 -out "$tmp/rsa3p.pem"
	openssl pkcs8 -topk8 -outform der -nocrypt -in "$tmp/rsa3p.pem" -out rsa$bits-3prime.der
done
openssl rsa -in "$tmp/rsa2048.pem" -traditional -outform der -out rsa2048-pkcs1.der
openssl pkcs8 -topk8 -outform der -v2 aes-256-cbc -passout pass:kmsconform -in "$tmp/rsa2048.pem" -out rsa2048-encrypted.der
openssl pkcs8 -topk8 -nocrypt -in "$tmp/p256.pem" -out p256.pem

# Operation vectors (vectors.txt): signatures, RSA-OAEP ciphertexts and ECDH secrets made by OpenSSL.
printf 'kmsconform OpenSSL vector\n' > message.bin
openssl dgst -sha256 -sign "$tmp/rsa2048.pem" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
	-out rsa2048.pss-sha256.sig message.bin
openssl dgst -sha512 -sign "$tmp/rsa4096.pem" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
	-out rsa4096.pss-sha512.sig message.bin
openssl dgst -sha384 -sign "$tmp/rsa3072.pem" -out rsa3072.pkcs1-sha384.sig message.bin
for v in p256:sha256 p384:sha384 p521:sha512 secp256k1:sha256; do
	openssl dgst -${v#*:} -sign "$tmp/${v%%:*}.pem" -out ${v%%:*}.ecdsa-${v#*:}.sig message.bin
done
for md in sha1 sha256; do
	openssl pkeyutl -encrypt -pubin -keyform DER -inkey rsa2048.pub.der -pkeyopt rsa_padding_mode:oaep \
		-pkeyopt rsa_oaep_md:$md -pkeyopt rsa_mgf1_md:$md -in message.bin -out rsa2048.oaep-$md.bin
done
for curve in P-256:p256 P-384:p384 P-521:p521; do
	c=${curve#*:}
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:${curve%%:*} -out "$tmp/$c-peer.pem"
	openssl pkey -in "$tmp/$c-peer.pem" -pubout -outform der -out $c-peer.pub.der
	openssl pkeyutl -derive -inkey "$tmp/$c.pem" -peerform DER -peerkey $c-peer.pub.der -out $c.ecdh.bin
done

# Key types KMS cannot import for these specs.
openssl genpkey -algorithm ED25519 -out "$tmp/ed25519.pem"
openssl pkcs8 -topk8 -outform der -nocrypt -in "$tmp/ed25519.pem" -out ed25519.der
