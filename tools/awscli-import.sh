#!/usr/bin/env bash
# The documented import workflow, run as a user would: the AWS CLI for the KMS calls and OpenSSL for the
# key material and its wrapping, as in
#   https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html
#   https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html
#   https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html
#
#   tools/awscli-import.sh [--quick]                 build `kmsconform serve`, start it on a free loopback
#                                                    port, run every case against it
#   tools/awscli-import.sh [--quick] ENDPOINT_URL    the KMS cases against a running endpoint (your credentials)
#
# --quick keeps every wrapping algorithm and every wrapping spec but not every combination: symmetric on
# RSA_2048 only, one HMAC, one ECC and one RSA key (about 45 CLI calls instead of about 110; each call of the
# Python CLI costs about a second of CPU).
#
# Environment: AWS (the CLI command, default `aws`; e.g. AWS=/usr/bin/aws for Debian's awscli), OPENSSL
# (default `openssl`), KMSCONFORM_ENDPOINT (same as ENDPOINT_URL).
#
# Cases, in groups that run side by side (serve; symmetric; hmac, ecc, rsa). One PASS line per case; a
# group stops at its first mismatch with a FAIL line; the script then exits 1 (2 for a missing tool).
#   serve      only when the script starts the server: --help and a wrong flag, unsigned and badly signed
#              requests get the SigV4 errors, the test-clock hook is 404 without --test-clock, --no-auth
#              and --test-clock work (expiry at ValidTo), SIGINT stops the server cleanly.
#   symmetric  every wrapping spec x every wrapping algorithm. One key per spec: the first import (with
#              ValidTo) makes it Enabled and encrypts; each other algorithm reimports the same material,
#              which the server accepts only if it unwrapped exactly the bytes OpenSSL wrapped (different
#              material is refused, see refusals); the last one switches to KEY_MATERIAL_DOES_NOT_EXPIRE;
#              then the first ciphertext must still decrypt.
#   hmac       HMAC_224/256/384/512: GenerateMac equals `openssl dgst -mac HMAC` with the same material.
#   ecc        P-256, P-384, P-521, secp256k1 (PKCS#8 DER): GetPublicKey equals the local SPKI, and
#              KMS's signature verifies with OpenSSL.
#   rsa        RSA_2048 signing key (signature verifies with OpenSSL) and RSA_3072 encryption key (KMS
#              ciphertext decrypts with OpenSSL), both RSA_AES_KEY_WRAP (WRAP-007).
#   refusals   exact error codes: different material (REIMPORT-003/004), another key's token (IMPORT-004),
#              a token of another response (WRAP-006), 31-byte material (MATERIAL-001), no ValidTo
#              (EXPIRY-001); the refused key stays PendingImport (IMPORT-005).
#
# Key material, wrapping keys and tokens only ever go to files in a private temporary directory.

# Each group of cases rebinds $work in its own subshell on purpose (start_group).
# shellcheck disable=SC2030,SC2031
set -euo pipefail
shopt -s inherit_errexit # a failing call inside $(...) stops the case too
umask 077

AWS=${AWS:-aws}
OPENSSL=${OPENSSL:-openssl}
quick=""
if [ "${1:-}" = --quick ]; then quick=yes; shift; fi
case ${1:-} in -*) echo "usage: tools/awscli-import.sh [--quick] [ENDPOINT_URL]" >&2; exit 2 ;; esac
endpoint=${1:-${KMSCONFORM_ENDPOINT:-}}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
bin=$work/kmsconform # the server under test, built by main
server_pid=""
passed=0
group_pids=() group_names=()

cleanup() {
  local pid
  for pid in "${group_pids[@]}" $server_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------------
# Reporting

# begin CASE names the case that a failing CLI call reports.
begin() { current=$*; }
pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$*"; }
# fail goes to stderr: it may run inside $(...), whose stdout is captured; set -e then stops the script.
fail() { printf 'FAIL %s\n' "$*" >&2; exit 1; }

require_tools() {
  local tool
  for tool in "$AWS" "$OPENSSL" base64 od cmp date; do
    command -v "$tool" >/dev/null || { echo "awscli-import: $tool is not on PATH (Debian: apt-get install awscli openssl)" >&2; exit 2; }
  done
}

# ---------------------------------------------------------------------------------------------------------
# AWS CLI helpers. Every call writes its stderr to $work/err, so that a failure shows the CLI's own message
# (it names the error code and the server's message, which never holds key material).

kms() {
  "$AWS" --endpoint-url "$endpoint" --output text kms "$@" 2>"$work/err" ||
    fail "${current:+$current: }aws kms $1: $(tr '\n' ' ' <"$work/err")"
}

# expect_error CASE CODE AWS-KMS-ARGS...: the call must fail with exactly that AWS error code.
expect_error() {
  local case=$1 want=$2 got
  shift 2
  if "$AWS" --endpoint-url "$endpoint" --output text kms "$@" >/dev/null 2>"$work/err"; then
    fail "$case: aws kms $1 succeeded, want $want"
  fi
  got=$(sed -n 's/.*An error occurred (\([A-Za-z]*\)).*/\1/p' "$work/err" | head -n1)
  [ "$got" = "$want" ] || fail "$case: aws kms $1 failed with ${got:-no AWS error code} ($(tr '\n' ' ' <"$work/err")), want $want"
}

b64file() { base64 -d >"$1"; }
hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }

# epoch TIMESTAMP: the CLI prints timestamps as epoch seconds (v1) or ISO 8601 (v2).
epoch() {
  case $1 in
  *[!0-9.]*) date -u -d "$1" +%s ;;
  *) printf '%s\n' "${1%.*}" ;;
  esac
}

# create_key CASE [CREATE-KEY-ARGS...]: a new EXTERNAL key, checked to be PendingImport; prints its ID.
create_key() {
  local case=$1 key
  shift
  key=$(kms create-key --origin EXTERNAL --description "awscli-import $case" "$@" --query KeyMetadata.KeyId)
  expect_state "$case" "$key" PendingImport
  printf '%s\n' "$key"
}

# expect_state CASE KEY STATE
expect_state() {
  local got
  got=$(kms describe-key --key-id "$2" --query KeyMetadata.KeyState)
  [ "$got" = "$3" ] || fail "$1: key state $got, want $3"
}

# get_params KEY ALG SPEC PREFIX: PREFIX.pub (DER SPKI) and PREFIX.token from ONE response: the token only
# works with the public key of the same response.
get_params() {
  kms get-parameters-for-import --key-id "$1" --wrapping-algorithm "$2" --wrapping-key-spec "$3" \
    --query '[PublicKey,ImportToken]' >"$work/params.txt"
  cut -f1 "$work/params.txt" | b64file "$4.pub"
  cut -f2 "$work/params.txt" | b64file "$4.token"
}

# import KEY PREFIX WRAPPED [IMPORT-KEY-MATERIAL-ARGS...]: default KEY_MATERIAL_DOES_NOT_EXPIRE. Sets
# material_id to the response's KeyMaterialId, or to "" for a CLI whose model predates it (aws-cli 2.9).
import() {
  local key=$1 prefix=$2 wrapped=$3
  shift 3
  [ $# -gt 0 ] || set -- --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE
  material_id=$(kms import-key-material --key-id "$key" --import-token "fileb://$prefix.token" \
    --encrypted-key-material "fileb://$wrapped" "$@" --query KeyMaterialId)
  [ "$material_id" != None ] || material_id=""
}

# expect_same_material CASE FIRST-ID: a reimport of the same material keeps its KeyMaterialId (REIMPORT-008).
expect_same_material() {
  [ -z "$2" ] || [ -z "$material_id" ] || [ "$material_id" = "$2" ] ||
    fail "$1: reimport answered KeyMaterialId $material_id, want the first import's $2"
}

# ---------------------------------------------------------------------------------------------------------
# OpenSSL: the documented wrapping commands

# oaep_encrypt MD PUBKEY-DER IN OUT
oaep_encrypt() {
  "$OPENSSL" pkeyutl -encrypt -in "$3" -out "$4" -inkey "$2" -keyform DER -pubin \
    -pkeyopt rsa_padding_mode:oaep -pkeyopt "rsa_oaep_md:$1" -pkeyopt "rsa_mgf1_md:$1"
}

# wrap ALG PUBKEY-DER MATERIAL OUT
wrap() {
  local alg=$1 pub=$2 in=$3 out=$4 md
  case $alg in *SHA_1) md=sha1 ;; *SHA_256) md=sha256 ;; *) fail "wrap: unknown algorithm $alg" ;; esac
  case $alg in
  RSAES_OAEP_*) oaep_encrypt "$md" "$pub" "$in" "$out" ;;
  RSA_AES_KEY_WRAP_*)
    # An ephemeral AES-256 key; the material under AES key wrap with padding (RFC 5649, IV A65959A6);
    # the AES key under RSA-OAEP; the two concatenated (WRAP-003).
    "$OPENSSL" rand -out "$work/aes.key" 32
    "$OPENSSL" enc -id-aes256-wrap-pad -K "$(hex "$work/aes.key")" -iv A65959A6 -in "$in" -out "$work/kwp.bin"
    oaep_encrypt "$md" "$pub" "$work/aes.key" "$work/aes.wrapped"
    cat "$work/aes.wrapped" "$work/kwp.bin" >"$out"
    rm -f "$work/aes.key" ;;
  *) fail "wrap: unknown algorithm $alg" ;;
  esac
}

# params_and_wrap KEY ALG SPEC MATERIAL PREFIX: get parameters, wrap MATERIAL into PREFIX.wrapped.
params_and_wrap() {
  get_params "$1" "$2" "$3" "$5"
  wrap "$2" "$5.pub" "$4" "$5.wrapped"
}

# new_private_key KIND OUT-PREFIX: OUT.pem, OUT.der (PKCS#8 DER, the import format), OUT.spki (DER),
# OUT.pub.pem. KIND is an OpenSSL EC curve name or rsa:BITS.
new_private_key() {
  case $1 in
  rsa:*) "$OPENSSL" genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${1#rsa:}" -out "$2.pem" 2>/dev/null ;;
  *) "$OPENSSL" genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$1" -pkeyopt ec_param_enc:named_curve -out "$2.pem" ;;
  esac
  "$OPENSSL" pkcs8 -topk8 -outform der -nocrypt -in "$2.pem" -out "$2.der"
  "$OPENSSL" pkey -in "$2.pem" -pubout -outform der -out "$2.spki"
  "$OPENSSL" pkey -in "$2.pem" -pubout -out "$2.pub.pem"
}

# ---------------------------------------------------------------------------------------------------------
# The server under test

# start_server PREFIX [SERVE-ARGS...]: starts $bin serve on a free port and
# sets $url to the endpoint it prints.
start_server() {
  local prefix=$1 i
  shift
  : >"$prefix.out" # before the fork: the child opens it only after the loop below may read it
  "$bin" serve --addr 127.0.0.1:0 "$@" >"$prefix.out" 2>"$prefix.log" &
  server_pid=$!
  for i in $(seq 1 300); do
    url=$(sed -n 's/^kmsconform reference KMS listening on \(http:[^ ]*\).*/\1/p' "$prefix.out")
    [ -n "$url" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "serve: exited before listening: $(cat "$prefix.log")"
    sleep 0.1
  done
  fail "serve: no endpoint printed within 30 s"
}

# stop_server PREFIX CASE: SIGINT must stop the server with status 0 and its goodbye line.
stop_server() {
  local rc=0
  kill -INT "$server_pid"
  wait "$server_pid" || rc=$?
  server_pid=""
  [ "$rc" -eq 0 ] || fail "$2: exit status $rc after SIGINT: $(tail -n3 "$1.log")"
  grep -q '^kmsconform reference KMS stopped$' "$1.out" || fail "$2: no 'stopped' line after SIGINT"
  pass "$2"
}

# raw_post URL TARGET [CURL-ARGS...]: an unsigned (or hand-signed) JSON 1.1 request; prints "STATUS BODY".
raw_post() {
  local url=$1 target=$2
  shift 2
  curl -sS -o "$work/body" -w '%{http_code}' -X POST "$url/" -H "X-Amz-Target: TrentService.$target" \
    -H 'Content-Type: application/x-amz-json-1.1' -d '{}' "$@"
  printf ' %s\n' "$(cat "$work/body")"
}

# expect_raw CASE WANT-STATUS WANT-CODE URL TARGET [CURL-ARGS...]
expect_raw() {
  local case=$1 status=$2 code=$3 got
  shift 3
  got=$(raw_post "$@")
  case $got in
  "$status "*"\"__type\":\"$code\""* | "$status "*"\"__type\": \"$code\""*) pass "$case" ;;
  *) fail "$case: got $got, want HTTP $status with __type $code" ;;
  esac
}

serve_cases() {
  local help rc flag url2 key valid_to

  help=$("$bin" serve --help 2>&1) && rc=0 || rc=$?
  [ "$rc" -eq 0 ] || fail "serve --help: exit status $rc, want 0"
  for flag in addr test-clock no-auth region account-id access-key secret-key; do
    grep -q -- "-$flag" <<<"$help" || fail "serve --help: flag --$flag not listed"
  done
  pass "serve --help lists --addr --test-clock --no-auth --region --account-id --access-key --secret-key"

  help=$("$bin" serve --no-such-flag 2>&1) && rc=0 || rc=$?
  [ "$rc" -eq 2 ] || fail "serve --no-such-flag: exit status $rc, want 2"
  grep -q '^usage: kmsconform serve' <<<"$help" || fail "serve --no-such-flag: no usage printed"
  pass "serve --no-such-flag prints the usage and exits 2"

  expect_raw "serve: unsigned request -> MissingAuthenticationTokenException" 400 MissingAuthenticationTokenException "$endpoint" ListKeys
  expect_raw "serve: truncated Authorization -> IncompleteSignatureException" 400 IncompleteSignatureException "$endpoint" ListKeys \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kms/aws4_request' -H 'X-Amz-Date: 20260101T000000Z'
  AWS_SECRET_ACCESS_KEY=not-the-secret expect_error "serve: wrong secret" InvalidSignatureException list-keys
  pass "serve: wrong secret key -> InvalidSignatureException"
  AWS_ACCESS_KEY_ID=AKIANOTKNOWNTOSERVER expect_error "serve: unknown access key" UnrecognizedClientException list-keys
  pass "serve: unknown access key -> UnrecognizedClientException"

  local got
  got=$(curl -sS -o /dev/null -w '%{http_code}' "$endpoint/_kmsconform/clock")
  [ "$got" = 404 ] || fail "serve: GET /_kmsconform/clock without --test-clock: HTTP $got, want 404"
  pass "serve: test-clock hook is 404 without --test-clock"

  # A second server, --no-auth --test-clock: unsigned requests work, and moving its clock past ValidTo
  # expires the material (EXPIRY-007), as a user's own harness would do it.
  local main_pid=$server_pid
  start_server "$work/serve2" --no-auth --test-clock
  url2=$url
  got=$(raw_post "$url2" ListKeys)
  case $got in "200 "*) ;; *) fail "serve --no-auth: unsigned ListKeys got $got, want 200" ;; esac
  got=$(curl -sS -w ' %{http_code}' "$url2/_kmsconform/clock")
  case $got in *'"Now"'*' 200') ;; *) fail "serve --test-clock: GET /_kmsconform/clock got $got" ;; esac
  pass "serve --no-auth --test-clock: unsigned ListKeys 200, GET /_kmsconform/clock 200"

  local saved=$endpoint
  begin "serve --test-clock expiry"
  endpoint=$url2
  key=$(create_key "expiry")
  "$OPENSSL" rand -out "$work/expiry.mat" 32
  params_and_wrap "$key" RSAES_OAEP_SHA_256 RSA_2048 "$work/expiry.mat" "$work/expiry"
  valid_to=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
  import "$key" "$work/expiry" "$work/expiry.wrapped" --expiration-model KEY_MATERIAL_EXPIRES --valid-to "$valid_to"
  expect_state "expiry" "$key" Enabled
  got=$(curl -sS -w ' %{http_code}' -X POST "$url2/_kmsconform/clock" -d '{"Advance": 7200}')
  case $got in *' 200') ;; *) fail "serve --test-clock: POST /_kmsconform/clock got $got" ;; esac
  expect_state "expiry: 2 h later" "$key" PendingImport
  pass "serve --test-clock: material imported with ValidTo +1 h; clock +2 h -> PendingImport (EXPIRY-007)"
  endpoint=$saved
  stop_server "$work/serve2" "serve --no-auth --test-clock: SIGINT stops it, exit 0"
  server_pid=$main_pid
}

# ---------------------------------------------------------------------------------------------------------
# The workflow cases

symmetric_cases() {
  local spec alg key valid_to got got_state got_model got_valid_to n first_id specs="RSA_2048 RSA_3072 RSA_4096"
  [ -z "$quick" ] || specs=RSA_2048
  for spec in $specs; do
    key=$(create_key "SYMMETRIC_DEFAULT $spec")
    "$OPENSSL" rand -out "$work/sym.mat" 32 # the documented `openssl rand 32`
    n=0
    for alg in RSAES_OAEP_SHA_1 RSAES_OAEP_SHA_256 RSA_AES_KEY_WRAP_SHA_1 RSA_AES_KEY_WRAP_SHA_256; do
      n=$((n + 1))
      begin "SYMMETRIC_DEFAULT $spec $alg"
      params_and_wrap "$key" "$alg" "$spec" "$work/sym.mat" "$work/sym"
      case $n in
      1)
        valid_to=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
        import "$key" "$work/sym" "$work/sym.wrapped" --expiration-model KEY_MATERIAL_EXPIRES --valid-to "$valid_to"
        first_id=$material_id
        got=$(kms describe-key --key-id "$key" --query 'KeyMetadata.[KeyState,ExpirationModel,ValidTo]')
        read -r got_state got_model got_valid_to <<<"$got"
        [ "$got_state $got_model" = "Enabled KEY_MATERIAL_EXPIRES" ] ||
          fail "SYMMETRIC_DEFAULT $spec $alg: after import $got_state $got_model, want Enabled KEY_MATERIAL_EXPIRES"
        [ "$(epoch "$got_valid_to")" = "$(epoch "$valid_to")" ] ||
          fail "SYMMETRIC_DEFAULT $spec $alg: ValidTo $got_valid_to, want $valid_to"
        printf 'the documented workflow' >"$work/sym.pt"
        kms encrypt --key-id "$key" --plaintext "fileb://$work/sym.pt" --query CiphertextBlob | b64file "$work/sym.ct"
        pass "SYMMETRIC_DEFAULT $spec $alg: import with ValidTo +30 d -> Enabled, KEY_MATERIAL_EXPIRES, ValidTo as sent; Encrypt" ;;
      4)
        import "$key" "$work/sym" "$work/sym.wrapped" --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE
        expect_same_material "SYMMETRIC_DEFAULT $spec $alg" "$first_id"
        got=$(kms describe-key --key-id "$key" --query 'KeyMetadata.[KeyState,ExpirationModel,ValidTo]')
        read -r got_state got_model got_valid_to <<<"$got"
        [ "$got_state $got_model $got_valid_to" = "Enabled KEY_MATERIAL_DOES_NOT_EXPIRE None" ] ||
          fail "SYMMETRIC_DEFAULT $spec $alg: after reimport $got_state $got_model $got_valid_to, want Enabled KEY_MATERIAL_DOES_NOT_EXPIRE None"
        kms decrypt --ciphertext-blob "fileb://$work/sym.ct" --query Plaintext | b64file "$work/sym.dec"
        cmp -s "$work/sym.dec" "$work/sym.pt" || fail "SYMMETRIC_DEFAULT $spec: first ciphertext does not decrypt to its plaintext"
        pass "SYMMETRIC_DEFAULT $spec $alg: same material reimported${material_id:+ (same KeyMaterialId)}, KEY_MATERIAL_DOES_NOT_EXPIRE, no ValidTo; first ciphertext decrypts" ;;
      *)
        import "$key" "$work/sym" "$work/sym.wrapped"
        expect_same_material "SYMMETRIC_DEFAULT $spec $alg" "$first_id"
        pass "SYMMETRIC_DEFAULT $spec $alg: same material reimported${material_id:+ with the same KeyMaterialId} (accepted only if unwrapped to the same bytes)" ;;
      esac
    done
    sym_key=$key # kept for the refusals
  done
}

# hmac_case SPEC BYTES MAC-ALG DIGEST WRAP-ALG WRAP-SPEC
hmac_case() {
  local spec=$1 bytes=$2 mac_alg=$3 digest=$4 alg=$5 wspec=$6 key kms_mac ssl_mac
  begin "$spec $alg $wspec"
  key=$(create_key "$spec" --key-spec "$spec" --key-usage GENERATE_VERIFY_MAC)
  "$OPENSSL" rand -out "$work/hmac.mat" "$bytes"
  params_and_wrap "$key" "$alg" "$wspec" "$work/hmac.mat" "$work/hmac"
  import "$key" "$work/hmac" "$work/hmac.wrapped"
  printf 'message to authenticate' >"$work/msg"
  kms generate-mac --key-id "$key" --mac-algorithm "$mac_alg" --message "fileb://$work/msg" --query Mac | b64file "$work/kms.mac"
  kms_mac=$(hex "$work/kms.mac")
  ssl_mac=$("$OPENSSL" dgst "-$digest" -mac HMAC -macopt "hexkey:$(hex "$work/hmac.mat")" -r "$work/msg" | cut -d' ' -f1)
  [ "$kms_mac" = "$ssl_mac" ] || fail "$spec $alg $wspec: GenerateMac differs from openssl dgst -mac HMAC"
  pass "$spec ($bytes-byte material) $alg $wspec: GenerateMac $mac_alg equals openssl dgst -$digest -mac HMAC"
}

hmac_cases() {
  if [ -n "$quick" ]; then
    hmac_case HMAC_256 32 HMAC_SHA_256 sha256 RSAES_OAEP_SHA_256 RSA_3072
    return
  fi
  hmac_case HMAC_224 28 HMAC_SHA_224 sha224 RSAES_OAEP_SHA_1 RSA_2048
  hmac_case HMAC_256 32 HMAC_SHA_256 sha256 RSAES_OAEP_SHA_256 RSA_3072
  hmac_case HMAC_384 48 HMAC_SHA_384 sha384 RSAES_OAEP_SHA_1 RSA_4096
  hmac_case HMAC_512 64 HMAC_SHA_512 sha512 RSAES_OAEP_SHA_256 RSA_2048
}

# signing_case SPEC KIND SIGN-ALG DIGEST WRAP-ALG WRAP-SPEC: import a local private key, then GetPublicKey
# must equal the local SPKI and KMS's signature must verify with OpenSSL and the local public key.
signing_case() {
  local spec=$1 kind=$2 sign_alg=$3 digest=$4 alg=$5 wspec=$6 key
  begin "$spec $alg $wspec"
  key=$(create_key "$spec" --key-spec "$spec" --key-usage SIGN_VERIFY)
  new_private_key "$kind" "$work/priv"
  params_and_wrap "$key" "$alg" "$wspec" "$work/priv.der" "$work/asym"
  import "$key" "$work/asym" "$work/asym.wrapped"
  kms get-public-key --key-id "$key" --query PublicKey | b64file "$work/kms.spki"
  cmp -s "$work/kms.spki" "$work/priv.spki" || fail "$spec $alg $wspec: GetPublicKey differs from the local public key"
  printf 'message to sign' >"$work/msg"
  kms sign --key-id "$key" --message "fileb://$work/msg" --message-type RAW --signing-algorithm "$sign_alg" \
    --query Signature | b64file "$work/sig"
  "$OPENSSL" dgst "-$digest" -verify "$work/priv.pub.pem" -signature "$work/sig" "$work/msg" >/dev/null ||
    fail "$spec $alg $wspec: KMS's $sign_alg signature does not verify with openssl"
  pass "$spec $alg $wspec: GetPublicKey equals the local SPKI; $sign_alg signature verifies with openssl"
  last_key=$key
}

# ecc_cases leaves a P-256 key in ecc_key for the refusals.
ecc_cases() {
  if [ -z "$quick" ]; then
    signing_case ECC_SECG_P256K1 secp256k1 ECDSA_SHA_256 sha256 RSA_AES_KEY_WRAP_SHA_1 RSA_3072
  signing_case ECC_NIST_P521 P-521 ECDSA_SHA_512 sha512 RSAES_OAEP_SHA_256 RSA_4096 # not RSA_2048 + OAEP (WRAP-008)
  signing_case ECC_NIST_P384 P-384 ECDSA_SHA_384 sha384 RSAES_OAEP_SHA_256 RSA_2048
    signing_case ECC_NIST_P256 P-256 ECDSA_SHA_256 sha256 RSAES_OAEP_SHA_1 RSA_2048
  fi
  signing_case ECC_NIST_P256 P-256 ECDSA_SHA_256 sha256 RSA_AES_KEY_WRAP_SHA_256 RSA_4096
  ecc_key=$last_key
}

rsa_cases() {
  signing_case RSA_2048 rsa:2048 RSASSA_PKCS1_V1_5_SHA_256 sha256 RSA_AES_KEY_WRAP_SHA_1 RSA_2048
  [ -z "$quick" ] || return 0

  # An RSA encryption key: KMS's RSAES_OAEP_SHA_256 ciphertext decrypts with OpenSSL and the local key.
  local key
  begin "RSA_3072 ENCRYPT_DECRYPT RSA_AES_KEY_WRAP_SHA_256 RSA_4096"
  key=$(create_key "RSA_3072 ENCRYPT_DECRYPT" --key-spec RSA_3072 --key-usage ENCRYPT_DECRYPT)
  new_private_key rsa:3072 "$work/rsaenc"
  params_and_wrap "$key" RSA_AES_KEY_WRAP_SHA_256 RSA_4096 "$work/rsaenc.der" "$work/rsaenc"
  import "$key" "$work/rsaenc" "$work/rsaenc.wrapped"
  printf 'secret for the imported key' >"$work/rsa.pt"
  kms encrypt --key-id "$key" --plaintext "fileb://$work/rsa.pt" --encryption-algorithm RSAES_OAEP_SHA_256 \
    --query CiphertextBlob | b64file "$work/rsa.ct"
  "$OPENSSL" pkeyutl -decrypt -inkey "$work/rsaenc.pem" -in "$work/rsa.ct" -out "$work/rsa.dec" \
    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
  cmp -s "$work/rsa.dec" "$work/rsa.pt" || fail "RSA_3072 ENCRYPT_DECRYPT: openssl decrypts KMS's ciphertext to other bytes"
  pass "RSA_3072 ENCRYPT_DECRYPT RSA_AES_KEY_WRAP_SHA_256 RSA_4096: KMS's RSAES_OAEP_SHA_256 ciphertext decrypts with openssl"
}

# symmetric_refusals runs after symmetric_cases, on its last key (sym_key, Enabled) and a new one.
symmetric_refusals() {
  local key
  begin "symmetric refusals"
  # REIMPORT-003: an Enabled symmetric key refuses other material.
  "$OPENSSL" rand -out "$work/other.mat" 32
  params_and_wrap "$sym_key" RSAES_OAEP_SHA_256 RSA_2048 "$work/other.mat" "$work/other"
  expect_error "REIMPORT-003" IncorrectKeyMaterialException import-key-material --key-id "$sym_key" \
    --import-token "fileb://$work/other.token" --encrypted-key-material "fileb://$work/other.wrapped" \
    --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE
  expect_state "REIMPORT-003" "$sym_key" Enabled
  pass "refusal: other material into an Enabled SYMMETRIC_DEFAULT key -> IncorrectKeyMaterialException, still Enabled (REIMPORT-003)"

  # IMPORT-004: the symmetric key's token and blob, sent for another key.
  key=$(create_key "refusals")
  expect_error "IMPORT-004" InvalidImportTokenException import-key-material --key-id "$key" \
    --import-token "fileb://$work/other.token" --encrypted-key-material "fileb://$work/other.wrapped" \
    --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE
  pass "refusal: another key's import token -> InvalidImportTokenException (IMPORT-004)"

  # WRAP-006: wrapped under an RSA_3072 response's public key, sent with an RSA_2048 response's token.
  get_params "$key" RSAES_OAEP_SHA_256 RSA_2048 "$work/r2048"
  get_params "$key" RSAES_OAEP_SHA_256 RSA_3072 "$work/r3072"
  wrap RSAES_OAEP_SHA_256 "$work/r3072.pub" "$work/other.mat" "$work/r3072.wrapped"
  expect_error "WRAP-006" InvalidCiphertextException import-key-material --key-id "$key" \
    --import-token "fileb://$work/r2048.token" --encrypted-key-material "fileb://$work/r3072.wrapped" \
    --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE
  pass "refusal: token of another response than the public key -> InvalidCiphertextException (WRAP-006)"

  # MATERIAL-001: 31 bytes for SYMMETRIC_DEFAULT.
  "$OPENSSL" rand -out "$work/short.mat" 31
  wrap RSAES_OAEP_SHA_256 "$work/r2048.pub" "$work/short.mat" "$work/short.wrapped"
  expect_error "MATERIAL-001" IncorrectKeyMaterialException import-key-material --key-id "$key" \
    --import-token "fileb://$work/r2048.token" --encrypted-key-material "fileb://$work/short.wrapped" \
    --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE
  pass "refusal: 31-byte SYMMETRIC_DEFAULT material -> IncorrectKeyMaterialException (MATERIAL-001)"

  # EXPIRY-001: a good blob without ExpirationModel and ValidTo (the default model needs ValidTo).
  wrap RSAES_OAEP_SHA_256 "$work/r2048.pub" "$work/other.mat" "$work/good.wrapped"
  expect_error "EXPIRY-001" ValidationException import-key-material --key-id "$key" \
    --import-token "fileb://$work/r2048.token" --encrypted-key-material "fileb://$work/good.wrapped"
  pass "refusal: no ExpirationModel and no ValidTo -> ValidationException (EXPIRY-001)"

  expect_state "IMPORT-005" "$key" PendingImport
  pass "refusals left the key PendingImport (IMPORT-005)"
}

# asymmetric_refusals runs after ecc_cases, on its P-256 key (ecc_key).
asymmetric_refusals() {
  begin "asymmetric refusals"
  # REIMPORT-004: an asymmetric key refuses another private key of its spec.
  new_private_key P-256 "$work/priv2"
  params_and_wrap "$ecc_key" RSAES_OAEP_SHA_256 RSA_2048 "$work/priv2.der" "$work/asym2"
  expect_error "REIMPORT-004" IncorrectKeyMaterialException import-key-material --key-id "$ecc_key" \
    --import-token "fileb://$work/asym2.token" --encrypted-key-material "fileb://$work/asym2.wrapped" \
    --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE
  pass "refusal: another P-256 private key into an ECC_NIST_P256 key -> IncorrectKeyMaterialException (REIMPORT-004)"
}

# ---------------------------------------------------------------------------------------------------------
# Groups of cases run side by side: each CLI call costs about a second of CPU, so the two cores halve the
# wall time. A group runs in a subshell with its own directory and log, and stops at its first FAIL.

# start_group NAME FUNCTION...: runs the functions in the background; the group's PID goes to group_pids.
start_group() {
  local name=$1
  shift
  mkdir "$work/$name"
  (
    work=$work/$name server_pid=""
    trap '[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true' EXIT
    trap 'exit 1' TERM
    for fn in "$@"; do "$fn"; done
  ) >"$work/$name/log" 2>&1 &
  group_pids+=("$!") group_names+=("$name")
}

# wait_groups: prints each group's log in start order; fails if any group failed.
wait_groups() {
  local i failed=""
  for i in "${!group_pids[@]}"; do
    wait "${group_pids[$i]}" || failed="$failed ${group_names[$i]}"
  done
  for i in "${!group_names[@]}"; do
    cat "$work/${group_names[$i]}/log"
    passed=$((passed + $(grep -c '^PASS ' "$work/${group_names[$i]}/log" || true)))
  done
  group_pids=() group_names=()
  [ -z "$failed" ] || { echo "awscli-import: FAILED in:$failed ($passed cases passed)" >&2; exit 1; }
}

# ---------------------------------------------------------------------------------------------------------

main() {
  require_tools
  export AWS_PAGER=""
  local own_server=""
  if [ -z "$endpoint" ]; then
    local tool
    for tool in go curl; do
      command -v "$tool" >/dev/null || { echo "awscli-import: $tool is not on PATH (or pass an ENDPOINT_URL)" >&2; exit 2; }
    done
    (cd "$repo" && go build -o "$bin" ./cmd/kmsconform) || fail "go build ./cmd/kmsconform"
    # The CLI and the server share fresh credentials through the environment, which `serve` reads when
    # --access-key is not given; the user's AWS config files and profile play no part.
    export AWS_ACCESS_KEY_ID=AKIAKMSCONFORMSCRIPT
    AWS_SECRET_ACCESS_KEY=$("$OPENSSL" rand -hex 20)
    export AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
    export AWS_CONFIG_FILE="$work/no-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-credentials"
    unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_KMS
    start_server "$work/server"
    endpoint=$url
    own_server=yes
  else
    export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
  fi
  echo "awscli-import: $("$AWS" --version 2>&1 | cut -d' ' -f1), $("$OPENSSL" version | cut -d' ' -f1-2), endpoint $endpoint"

  [ -z "$own_server" ] || start_group serve serve_cases
  start_group symmetric symmetric_cases symmetric_refusals
  start_group asymmetric hmac_cases ecc_cases asymmetric_refusals rsa_cases
  wait_groups
  [ -z "$own_server" ] || stop_server "$work/server" "serve: SIGINT stops it, exit 0, 'stopped' printed"
  echo "awscli-import: $passed cases passed against $endpoint"
}

main "$@"
