#!/bin/sh
# Regenerates the OpenSSL vectors beside this script with the commands of the
# AWS KMS developer guide, "Encrypt key material"
# (https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html),
# so that reference/wrapping is pinned to an outside implementation (WRAP-012).
#
# For each wrapping key spec it writes:
#   rsa_<bits>.key.der  the wrapping private key, PKCS#8 DER (TEST ONLY, never a real key)
#   rsa_<bits>.pub.der  its public key, DER SubjectPublicKeyInfo, as GetParametersForImport returns it
# and for each of the four wrapping algorithms:
#   rsa_<bits>.<ALGORITHM>.material.bin  the plaintext key material
#   rsa_<bits>.<ALGORITHM>.wrapped.bin   the EncryptedKeyMaterial
# The RSAES_OAEP_* material is 32 random bytes (SYMMETRIC_DEFAULT); the
# RSA_AES_KEY_WRAP_* material is a PKCS#8 DER P-384 private key (185 bytes, not
# a multiple of 8, so the RFC 5649 padding is exercised).
# openssl-version.txt records the OpenSSL that made them.
#
# Usage: sh make.sh   (from any directory; needs openssl 3 and od)
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl version > openssl-version.txt

for bits in 2048 3072 4096; do
	key=rsa_$bits.key.der
	pub=rsa_$bits.pub.der
	openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:$bits -out "$tmp/key.pem"
	openssl pkcs8 -topk8 -nocrypt -in "$tmp/key.pem" -outform DER -out "$key"
	openssl pkey -inform DER -in "$key" -pubout -outform DER -out "$pub"

	for md in sha1 sha256; do
		case $md in sha1) suffix=SHA_1 ;; sha256) suffix=SHA_256 ;; esac

		# RSAES_OAEP_SHA_*: the material, RSA-OAEP encrypted under the public key.
		alg=RSAES_OAEP_$suffix
		openssl rand -out "rsa_$bits.$alg.material.bin" 32
		openssl pkeyutl -encrypt -in "rsa_$bits.$alg.material.bin" -out "rsa_$bits.$alg.wrapped.bin" \
			-inkey "$pub" -keyform DER -pubin \
			-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:$md -pkeyopt rsa_mgf1_md:$md

		# RSA_AES_KEY_WRAP_SHA_*: a fresh 256-bit AES key wraps the material
		# (RFC 5649), the AES key is RSA-OAEP encrypted, and the two are concatenated.
		alg=RSA_AES_KEY_WRAP_$suffix
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$tmp/ec.pem"
		openssl pkcs8 -topk8 -nocrypt -in "$tmp/ec.pem" -outform DER -out "rsa_$bits.$alg.material.bin"
		openssl rand -out "$tmp/aes-key.bin" 32
		openssl enc -id-aes256-wrap-pad -K "$(od -An -v -tx1 "$tmp/aes-key.bin" | tr -d ' \n')" -iv A65959A6 \
			-in "rsa_$bits.$alg.material.bin" -out "$tmp/key-material-wrapped.bin"
		openssl pkeyutl -encrypt -in "$tmp/aes-key.bin" -out "$tmp/aes-key-wrapped.bin" \
			-inkey "$pub" -keyform DER -pubin \
			-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:$md -pkeyopt rsa_mgf1_md:$md
		cat "$tmp/aes-key-wrapped.bin" "$tmp/key-material-wrapped.bin" > "rsa_$bits.$alg.wrapped.bin"
	done
done
