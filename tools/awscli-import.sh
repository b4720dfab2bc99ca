#!/usr/bin/env bash
# The documented import workflow, run as a user would: AWS CLI for the KMS calls and
# OpenSSL for the wrapping, exactly as in
#   https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
#   https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
#   https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
# against any endpoint (default: a `kmsconform serve` on 127.0.0.1:4566 with its default credentials).
# It covers every wrapping algorithm and spec for a symmetric key, an HMAC key, an ECC signing key and an
# RSA signing key, and checks each imported key with a local OpenSSL computation. Exit 0 when all pass.
#
#   tools/awscli-import.sh [ENDPOINT_URL]
set -euo pipefail
endpoint=${1:-http://127.0.0.1:4566}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-AKIAIOSFODNN7EXAMPLE}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
export AWS_PAGER=""
for tool in aws openssl base64 od cmp; do
  command -v "$tool" >/dev/null || { echo "awscli-import: $tool is not on PATH (Debian: apt-get install awscli openssl)" >&2; exit 2; }
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
kms() { aws --endpoint-url "$endpoint" --output text kms "$@"; }
hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }
pass=0

# get_params KEY ALG SPEC: writes PublicKey.bin and ImportToken.bin from ONE response (the CLI prints
# blobs as base64; the token only works with the public key of the same response).
get_params() {
  kms get-parameters-for-import --key-id "$1" --wrapping-algorithm "$2" --wrapping-key-spec "$3" \
    --query '[PublicKey,ImportToken]' >"$work/params.txt"
  cut -f1 "$work/params.txt" | base64 -d >"$work/PublicKey.bin"
  cut -f2 "$work/params.txt" | base64 -d >"$work/ImportToken.bin"
}

# wrap ALG MATERIAL: writes EncryptedKeyMaterial.bin with the documented OpenSSL commands.
wrap() {
  local alg=$1 in=$2 md
  case $alg in *SHA_1) md=sha1 ;; *) md=sha256 ;; esac
  case $alg in
  RSAES_OAEP_*)
    openssl pkeyutl -encrypt -in "$in" -out "$work/EncryptedKeyMaterial.bin" -inkey "$work/PublicKey.bin" \
      -keyform DER -pubin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:$md -pkeyopt rsa_mgf1_md:$md ;;
  RSA_AES_KEY_WRAP_*)
    openssl rand -out "$work/aes-key.bin" 32
    openssl enc -id-aes256-wrap-pad -K "$(hex "$work/aes-key.bin")" -iv A65959A6 \
      -in "$in" -out "$work/key-material-wrapped.bin"
    openssl pkeyutl -encrypt -in "$work/aes-key.bin" -out "$work/aes-key-wrapped.bin" -inkey "$work/PublicKey.bin" \
      -keyform DER -pubin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:$md -pkeyopt rsa_mgf1_md:$md
    cat "$work/aes-key-wrapped.bin" "$work/key-material-wrapped.bin" >"$work/EncryptedKeyMaterial.bin" ;;
  esac
}

import() {
  kms import-key-material --key-id "$1" --encrypted-key-material "fileb://$work/EncryptedKeyMaterial.bin" \
    --import-token "fileb://$work/ImportToken.bin" --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE >/dev/null
}
state() { kms describe-key --key-id "$1" --query KeyMetadata.KeyState; }
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$*"; }

# Symmetric keys: every wrapping algorithm and spec (WRAP-001..003, WRAP-009).
for spec in ${SPECS:-RSA_2048 RSA_3072 RSA_4096}; do
  for alg in RSAES_OAEP_SHA_1 RSAES_OAEP_SHA_256 RSA_AES_KEY_WRAP_SHA_1 RSA_AES_KEY_WRAP_SHA_256; do
    key=$(kms create-key --origin EXTERNAL --description "awscli-import $alg $spec" --query KeyMetadata.KeyId)
    [ "$(state "$key")" = PendingImport ] || { echo "FAIL $key not PendingImport"; exit 1; }
    openssl rand -out "$work/PlaintextKeyMaterial.bin" 32
    get_params "$key" "$alg" "$spec"
    wrap "$alg" "$work/PlaintextKeyMaterial.bin"
    import "$key"
    [ "$(state "$key")" = Enabled ] || { echo "FAIL $key not Enabled after import"; exit 1; }
    printf hello >"$work/pt.bin"
    ct=$(kms encrypt --key-id "$key" --plaintext "fileb://$work/pt.bin" --query CiphertextBlob)
    printf '%s' "$ct" | base64 -d >"$work/ct.bin"
    pt=$(kms decrypt --ciphertext-blob "fileb://$work/ct.bin" --query Plaintext | base64 -d)
    [ "$pt" = hello ] || { echo "FAIL decrypt after $alg/$spec"; exit 1; }
    ok "SYMMETRIC_DEFAULT $alg $spec"
  done
done

# HMAC_256: KMS's MAC equals OpenSSL's HMAC with the same material (USE-008).
key=$(kms create-key --origin EXTERNAL --key-spec HMAC_256 --key-usage GENERATE_VERIFY_MAC --query KeyMetadata.KeyId)
openssl rand -out "$work/hmac.bin" 32
get_params "$key" RSAES_OAEP_SHA_256 RSA_2048
wrap RSAES_OAEP_SHA_256 "$work/hmac.bin"
import "$key"
printf 'message' >"$work/msg.bin"
kmsmac=$(kms generate-mac --key-id "$key" --mac-algorithm HMAC_SHA_256 --message fileb://"$work/msg.bin" --query Mac | base64 -d | od -An -v -tx1 | tr -d ' \n')
sslmac=$(openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(hex "$work/hmac.bin")" -r "$work/msg.bin" | cut -d' ' -f1)
[ "$kmsmac" = "$sslmac" ] || { echo "FAIL HMAC mismatch"; exit 1; }
ok "HMAC_256 RSAES_OAEP_SHA_256 RSA_2048 (MAC equals openssl dgst -mac HMAC)"

# ECC_NIST_P256 signing key: private key as PKCS#8 DER; KMS's signature verifies with OpenSSL.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ec.pem" 2>/dev/null
openssl pkcs8 -topk8 -outform der -nocrypt -in "$work/ec.pem" -out "$work/ec.der"
openssl pkey -in "$work/ec.pem" -pubout -outform der -out "$work/ec.pub.der"
openssl pkey -in "$work/ec.pem" -pubout -out "$work/ec.pub.pem"
for alg in RSAES_OAEP_SHA_256 RSA_AES_KEY_WRAP_SHA_256; do
  key=$(kms create-key --origin EXTERNAL --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY --query KeyMetadata.KeyId)
  get_params "$key" "$alg" RSA_3072
  wrap "$alg" "$work/ec.der"
  import "$key"
  kms get-public-key --key-id "$key" --query PublicKey | base64 -d >"$work/kms.pub.der"
  cmp -s "$work/kms.pub.der" "$work/ec.pub.der" || { echo "FAIL GetPublicKey differs from the imported pair"; exit 1; }
  kms sign --key-id "$key" --message fileb://"$work/msg.bin" --message-type RAW --signing-algorithm ECDSA_SHA_256 \
    --query Signature | base64 -d >"$work/sig.bin"
  openssl dgst -sha256 -verify "$work/ec.pub.pem" -signature "$work/sig.bin" "$work/msg.bin" >/dev/null
  ok "ECC_NIST_P256 $alg RSA_3072 (GetPublicKey matches, signature verifies with openssl)"
done

# RSA_2048 signing key: RSA private keys need RSA_AES_KEY_WRAP (WRAP-007).
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rsa.pem" 2>/dev/null
openssl pkcs8 -topk8 -outform der -nocrypt -in "$work/rsa.pem" -out "$work/rsa.der"
openssl pkey -in "$work/rsa.pem" -pubout -out "$work/rsa.pub.pem"
key=$(kms create-key --origin EXTERNAL --key-spec RSA_2048 --key-usage SIGN_VERIFY --query KeyMetadata.KeyId)
get_params "$key" RSA_AES_KEY_WRAP_SHA_256 RSA_4096
wrap RSA_AES_KEY_WRAP_SHA_256 "$work/rsa.der"
import "$key"
kms sign --key-id "$key" --message fileb://"$work/msg.bin" --message-type RAW --signing-algorithm RSASSA_PKCS1_V1_5_SHA_256 \
  --query Signature | base64 -d >"$work/sig.bin"
openssl dgst -sha256 -verify "$work/rsa.pub.pem" -signature "$work/sig.bin" "$work/msg.bin" >/dev/null
ok "RSA_2048 RSA_AES_KEY_WRAP_SHA_256 RSA_4096 (signature verifies with openssl)"

echo "awscli-import: $pass workflows passed against $endpoint"
