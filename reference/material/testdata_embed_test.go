//go:build !gofuzz

package material

import "embed"

// opensslFS holds the committed OpenSSL-made keys and vectors (testdata/openssl/gen.sh).
//
// go-118-fuzz-build (OSS-Fuzz's compile_native_go_fuzzer) re-prints the fuzz
// target's file without its comments, so a //go:embed there would be lost:
// the embed lives in its own file, a test file for go test and a gofuzz-tagged
// package file for the OSS-Fuzz build, which keeps no test file but the target's.
//
//go:embed testdata/openssl
var opensslFS embed.FS
