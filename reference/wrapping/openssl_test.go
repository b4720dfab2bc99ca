package wrapping

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// opensslDigest is the OpenSSL name of alg's OAEP and MGF1 hash.
func opensslDigest(alg Algorithm) string {
	if strings.HasSuffix(string(alg), "SHA_1") {
		return "sha1"
	}
	return "sha256"
}

// TestOpenSSLVectors unwraps the committed blobs that testdata/openssl/make.sh
// made with the developer guide's OpenSSL commands (WRAP-012): all four
// algorithms under all three specs.
func TestOpenSSLVectors(t *testing.T) {
	version := strings.TrimSpace(string(readTestdata(t, "openssl/openssl-version.txt")))
	if !strings.HasPrefix(version, "OpenSSL ") {
		t.Fatalf("openssl-version.txt: %q", version)
	}
	n := 0
	for _, s := range specs {
		priv := testKey(t, s)
		for _, alg := range algorithms {
			base := fmt.Sprintf("openssl/rsa_%d.%s", s.Bits(), alg)
			material := readTestdata(t, base+".material.bin")
			blob := readTestdata(t, base+".wrapped.bin")
			n++
			t.Run(base, func(t *testing.T) {
				t.Parallel()
				got, err := Unwrap(priv, alg, blob)
				if err != nil {
					t.Fatalf("Unwrap: %v", err)
				}
				if !bytes.Equal(got, material) {
					t.Fatal("Unwrap returned other bytes than the material")
				}
			})
		}
	}
	if n != len(specs)*len(algorithms) {
		t.Fatalf("%d OpenSSL vectors, want %d", n, len(specs)*len(algorithms))
	}
	t.Logf("%d OpenSSL vectors made by %s", n, version)
}

// openssl runs the openssl command in dir, failing the test with its output
// on error.
func openssl(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestOpenSSLLive pins both directions to the OpenSSL on PATH (WRAP-012):
// OpenSSL wraps fresh material under our public key with the developer
// guide's commands and Unwrap recovers it; Wrap wraps material and OpenSSL's
// pkeyutl -decrypt and enc -d -id-aes256-wrap-pad recover it.
func TestOpenSSLLive(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not on PATH; the committed vectors of TestOpenSSLVectors still run")
	}
	for _, s := range specs {
		priv := testKey(t, s)
		for _, alg := range algorithms {
			t.Run(fmt.Sprintf("%s/%s", s, alg), func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				write := func(name string, b []byte) {
					if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
						t.Fatal(err)
					}
				}
				read := func(name string) []byte {
					b, err := os.ReadFile(filepath.Join(dir, name))
					if err != nil {
						t.Fatal(err)
					}
					return b
				}
				pubDER, err := MarshalPublicKey(&priv.PublicKey)
				if err != nil {
					t.Fatal(err)
				}
				write("PublicKey.bin", pubDER)
				write("PrivateKey.der", readTestdata(t, fmt.Sprintf("openssl/rsa_%d.key.der", s.Bits())))
				md := opensslDigest(alg)
				oaep := []string{"-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:" + md, "-pkeyopt", "rsa_mgf1_md:" + md}
				_, keyWrap, _ := params(alg)

				// OpenSSL wraps, we unwrap.
				material := make([]byte, 32)
				if keyWrap {
					material = make([]byte, 1001) // not a multiple of 8
				}
				rand.Read(material)
				write("material.bin", material)
				if !keyWrap {
					openssl(t, dir, append([]string{"pkeyutl", "-encrypt", "-in", "material.bin", "-out", "wrapped.bin",
						"-inkey", "PublicKey.bin", "-keyform", "DER", "-pubin"}, oaep...)...)
				} else {
					aesKey := make([]byte, 32)
					rand.Read(aesKey)
					write("aes-key.bin", aesKey)
					openssl(t, dir, "enc", "-id-aes256-wrap-pad", "-K", hex.EncodeToString(aesKey), "-iv", "A65959A6",
						"-in", "material.bin", "-out", "material-wrapped.bin")
					openssl(t, dir, append([]string{"pkeyutl", "-encrypt", "-in", "aes-key.bin", "-out", "aes-key-wrapped.bin",
						"-inkey", "PublicKey.bin", "-keyform", "DER", "-pubin"}, oaep...)...)
					write("wrapped.bin", append(read("aes-key-wrapped.bin"), read("material-wrapped.bin")...))
				}
				got, err := Unwrap(priv, alg, read("wrapped.bin"))
				if err != nil {
					t.Fatalf("Unwrap of OpenSSL's blob: %v", err)
				}
				if !bytes.Equal(got, material) {
					t.Fatal("Unwrap of OpenSSL's blob returned other bytes than the material")
				}

				// We wrap, OpenSSL unwraps.
				rand.Read(material)
				blob, err := Wrap(rand.Reader, &priv.PublicKey, alg, material)
				if err != nil {
					t.Fatal(err)
				}
				k := priv.Size()
				decrypt := append([]string{"pkeyutl", "-decrypt", "-inkey", "PrivateKey.der", "-keyform", "DER"}, oaep...)
				if !keyWrap {
					write("ours.bin", blob)
					openssl(t, dir, append(decrypt, "-in", "ours.bin", "-out", "ours.plain")...)
				} else {
					write("ours-rsa.bin", blob[:k])
					write("ours-kwp.bin", blob[k:])
					openssl(t, dir, append(decrypt, "-in", "ours-rsa.bin", "-out", "ours-aes-key.bin")...)
					aesKey := read("ours-aes-key.bin")
					if len(aesKey) != 32 {
						t.Fatalf("the RSA part holds a %d-byte AES key, want 32", len(aesKey))
					}
					openssl(t, dir, "enc", "-d", "-id-aes256-wrap-pad", "-K", hex.EncodeToString(aesKey), "-iv", "A65959A6",
						"-in", "ours-kwp.bin", "-out", "ours.plain")
				}
				if !bytes.Equal(read("ours.plain"), material) {
					t.Fatal("OpenSSL recovered other bytes than the material from our blob")
				}
			})
		}
	}
}
