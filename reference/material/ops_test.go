package material

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	secpecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

var hashes = map[string]crypto.Hash{
	"RSASSA_PSS_SHA_256": crypto.SHA256, "RSASSA_PSS_SHA_384": crypto.SHA384, "RSASSA_PSS_SHA_512": crypto.SHA512,
	"RSASSA_PKCS1_V1_5_SHA_256": crypto.SHA256, "RSASSA_PKCS1_V1_5_SHA_384": crypto.SHA384, "RSASSA_PKCS1_V1_5_SHA_512": crypto.SHA512,
	"ECDSA_SHA_256": crypto.SHA256, "ECDSA_SHA_384": crypto.SHA384, "ECDSA_SHA_512": crypto.SHA512,
	"HMAC_SHA_224": crypto.SHA224, "HMAC_SHA_256": crypto.SHA256, "HMAC_SHA_384": crypto.SHA384, "HMAC_SHA_512": crypto.SHA512,
}

func sum(h crypto.Hash, msg []byte) []byte {
	d := h.New()
	d.Write(msg)
	return d.Sum(nil)
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i%len(c)] ^= 0x01
	return c
}

func wantErr(t *testing.T, what string, err, sentinel error) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Errorf("%s = %v, want %v", what, err, sentinel)
	}
}

// checkOnly asserts the key refuses every operation its spec does not support with ErrAlgorithm.
func checkOnly(t *testing.T, k *Key, allowed map[string]bool) {
	t.Helper()
	rnd := deterministic(3)
	if !allowed["seal"] {
		_, err := k.Seal(rnd, []byte("p"), nil)
		wantErr(t, "Seal", err, ErrAlgorithm)
		_, err = k.Open(make([]byte, 40), nil)
		wantErr(t, "Open", err, ErrAlgorithm)
	}
	if !allowed["mac"] {
		for _, alg := range []string{"HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512"} {
			_, err := k.MAC(alg, []byte("m"))
			wantErr(t, "MAC "+alg, err, ErrAlgorithm)
			wantErr(t, "VerifyMAC "+alg, k.VerifyMAC(alg, []byte("m"), make([]byte, 32)), ErrAlgorithm)
		}
	}
	if !allowed["rsa"] {
		_, err := k.Encrypt(rnd, "RSAES_OAEP_SHA_256", []byte("p"))
		wantErr(t, "Encrypt", err, ErrAlgorithm)
		_, err = k.Decrypt("RSAES_OAEP_SHA_256", make([]byte, 256))
		wantErr(t, "Decrypt", err, ErrAlgorithm)
	}
	if !allowed["sign"] {
		_, err := k.Sign(rnd, "ECDSA_SHA_256", "RAW", []byte("m"))
		wantErr(t, "Sign", err, ErrAlgorithm)
		wantErr(t, "Verify", k.Verify("ECDSA_SHA_256", "RAW", []byte("m"), []byte{0x30}), ErrAlgorithm)
		_, err = k.PublicKey()
		wantErr(t, "PublicKey", err, ErrAlgorithm)
	}
	if !allowed["ecdh"] {
		_, err := k.DeriveSharedSecret("ECDH", readFile(t, "p256-peer.pub.der"))
		wantErr(t, "DeriveSharedSecret", err, ErrAlgorithm)
	}
}

func TestSymmetric(t *testing.T) {
	k := testKey(t, SymmetricDefault)
	checkOnly(t, k, map[string]bool{"seal": true})
	rnd := deterministic(4)
	aad := []byte("key id || material id || context")
	for _, pt := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("plaintext"), 500)} {
		sealed, err := k.Seal(rnd, pt, aad)
		if err != nil {
			t.Fatal(err)
		}
		if len(sealed) != 12+len(pt)+16 {
			t.Fatalf("sealed %d bytes of plaintext into %d, want nonce || ciphertext || 16-byte tag", len(pt), len(sealed))
		}
		got, err := k.Open(sealed, aad)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("Open(Seal(p)) = %v", err)
		}
		for i := range sealed {
			if _, err := k.Open(flip(sealed, i), aad); !errors.Is(err, ErrDecryption) {
				t.Fatalf("Open with byte %d flipped = %v", i, err)
			}
		}
		_, err = k.Open(sealed, []byte("another context"))
		wantErr(t, "Open with other aad", err, ErrDecryption)
		_, err = k.Open(sealed[:27], aad)
		wantErr(t, "Open truncated", err, ErrDecryption)
	}
	other, err := Generate(rnd, SymmetricDefault)
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := k.Seal(rnd, []byte("p"), aad)
	_, err = other.Open(sealed, aad)
	wantErr(t, "Open under another key", err, ErrDecryption)
	s1, _ := k.Seal(rnd, []byte("p"), aad)
	if bytes.Equal(s1[:12], sealed[:12]) {
		t.Fatal("two Seals used the same nonce")
	}
}

func TestHMAC(t *testing.T) {
	for _, spec := range []Spec{HMAC224, HMAC256, HMAC384, HMAC512} {
		alg := map[Spec]string{HMAC224: "HMAC_SHA_224", HMAC256: "HMAC_SHA_256",
			HMAC384: "HMAC_SHA_384", HMAC512: "HMAC_SHA_512"}[spec]
		// The spec's size, and 128 bytes: longer than SHA-224/256's block, so RFC 2104 hashes the key first.
		for _, key := range [][]byte{testBytes(t, spec), bytes.Repeat([]byte{0xa5}, 128)} {
			t.Run(string(spec), func(t *testing.T) {
				k, err := Parse(spec, key)
				if err != nil {
					t.Fatal(err)
				}
				checkOnly(t, k, map[string]bool{"mac": true})
				msg := []byte("message to authenticate")
				mac, err := k.MAC(alg, msg)
				if err != nil {
					t.Fatal(err)
				}
				std := hmac.New(hashes[alg].New, key)
				std.Write(msg)
				if !bytes.Equal(mac, std.Sum(nil)) {
					t.Fatal("MAC differs from crypto/hmac")
				}
				if err := k.VerifyMAC(alg, msg, mac); err != nil {
					t.Fatal(err)
				}
				wantErr(t, "VerifyMAC flipped", k.VerifyMAC(alg, msg, flip(mac, 3)), ErrInvalidMAC)
				wantErr(t, "VerifyMAC truncated", k.VerifyMAC(alg, msg, mac[:len(mac)-1]), ErrInvalidMAC)
				wantErr(t, "VerifyMAC other message", k.VerifyMAC(alg, []byte("other"), mac), ErrInvalidMAC)
				for other := range map[string]bool{"HMAC_SHA_224": true, "HMAC_SHA_256": true, "HMAC_SHA_384": true, "HMAC_SHA_512": true, "hmac_sha_256": true} {
					if other != alg {
						_, err := k.MAC(other, msg)
						wantErr(t, "MAC "+other, err, ErrAlgorithm) // USE-008: mismatched algorithm
					}
				}
			})
		}
	}
}

func TestRSA(t *testing.T) {
	for _, spec := range []Spec{RSA2048, RSA3072, RSA4096} {
		t.Run(string(spec), func(t *testing.T) {
			t.Parallel()
			k := testKey(t, spec)
			checkOnly(t, k, map[string]bool{"rsa": true, "sign": true})
			std, err := x509.ParsePKCS8PrivateKey(testBytes(t, spec))
			if err != nil {
				t.Fatal(err)
			}
			priv := std.(*rsa.PrivateKey)
			rnd := deterministic(5)
			msg := []byte("message to sign")
			for _, alg := range []string{"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
				"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"} {
				h := hashes[alg]
				pss := alg[:10] == "RSASSA_PSS"
				// KMS's PSS salt is as long as the hash; crypto/rsa checks it exactly with that option.
				opts := &rsa.PSSOptions{SaltLength: h.Size()}
				stdVerify := func(d, sig []byte) error {
					if pss {
						return rsa.VerifyPSS(&priv.PublicKey, h, d, sig, opts)
					}
					return rsa.VerifyPKCS1v15(&priv.PublicKey, h, d, sig)
				}
				for _, mt := range []string{"RAW", "DIGEST"} {
					in := msg
					if mt == "DIGEST" {
						in = sum(h, msg)
					}
					sig, err := k.Sign(rnd, alg, mt, in)
					if err != nil {
						t.Fatalf("Sign %s %s: %v", alg, mt, err)
					}
					if err := stdVerify(sum(h, msg), sig); err != nil {
						t.Fatalf("crypto/rsa rejects a %s signature: %v", alg, err)
					}
					if err := k.Verify(alg, mt, in, sig); err != nil {
						t.Fatalf("Verify %s %s: %v", alg, mt, err)
					}
					wantErr(t, "Verify flipped "+alg, k.Verify(alg, mt, in, flip(sig, 7)), ErrInvalidSignature)
				}
				var stdSig []byte
				if pss {
					stdSig, err = rsa.SignPSS(rnd, priv, h, sum(h, msg), opts)
				} else {
					stdSig, err = rsa.SignPKCS1v15(rnd, priv, h, sum(h, msg))
				}
				if err != nil {
					t.Fatal(err)
				}
				if err := k.Verify(alg, "RAW", msg, stdSig); err != nil {
					t.Fatalf("Verify(crypto/rsa %s signature) = %v", alg, err)
				}
				_, err = k.Sign(rnd, alg, "DIGEST", sum(h, msg)[1:])
				wantErr(t, "Sign short digest", err, ErrInvalidInput)
				_, err = k.Sign(rnd, alg, "EXTERNAL_MU", msg)
				wantErr(t, "Sign EXTERNAL_MU", err, ErrInvalidInput)
			}
			for _, alg := range []string{"ECDSA_SHA_256", "RSASSA_PSS_SHA_1", "SM2DSA"} {
				_, err := k.Sign(rnd, alg, "RAW", msg)
				wantErr(t, "Sign "+alg, err, ErrAlgorithm)
			}
			wantErr(t, "Verify empty", k.Verify("RSASSA_PSS_SHA_256", "RAW", msg, nil), ErrInvalidSignature)

			for _, alg := range []string{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"} {
				h := map[string]crypto.Hash{"RSAES_OAEP_SHA_1": crypto.SHA1, "RSAES_OAEP_SHA_256": crypto.SHA256}[alg]
				max := priv.Size() - 2*h.Size() - 2 // RFC 8017 §7.1.1 step 1.b
				pt := bytes.Repeat([]byte{0x5a}, max)
				ct, err := k.Encrypt(rnd, alg, pt)
				if err != nil {
					t.Fatalf("Encrypt %s of %d bytes: %v", alg, max, err)
				}
				got, err := rsa.DecryptOAEP(h.New(), nil, priv, ct, nil)
				if err != nil || !bytes.Equal(got, pt) {
					t.Fatalf("crypto/rsa cannot decrypt %s output: %v", alg, err)
				}
				stdCT, err := rsa.EncryptOAEP(h.New(), rnd, &priv.PublicKey, []byte("p"), nil)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := k.Decrypt(alg, stdCT); err != nil || string(got) != "p" {
					t.Fatalf("Decrypt(crypto/rsa %s) = %v", alg, err)
				}
				_, err = k.Encrypt(rnd, alg, append(pt, 0))
				wantErr(t, "Encrypt too long", err, ErrInvalidInput)
				_, err = k.Decrypt(alg, flip(stdCT, 9))
				wantErr(t, "Decrypt flipped", err, ErrDecryption)
				_, err = k.Decrypt(alg, stdCT[1:])
				wantErr(t, "Decrypt short", err, ErrDecryption)
			}
			stdCT, _ := rsa.EncryptOAEP(sha256.New(), rnd, &priv.PublicKey, []byte("p"), nil)
			_, err = k.Decrypt("RSAES_OAEP_SHA_1", stdCT)
			wantErr(t, "Decrypt with the other OAEP hash", err, ErrDecryption)
			_, err = k.Encrypt(rnd, "RSAES_PKCS1_V1_5", []byte("p"))
			wantErr(t, "Encrypt RSAES_PKCS1_V1_5", err, ErrAlgorithm)
		})
	}
}

func TestECC(t *testing.T) {
	algs := map[Spec]string{ECCNISTP256: "ECDSA_SHA_256", ECCNISTP384: "ECDSA_SHA_384",
		ECCNISTP521: "ECDSA_SHA_512", ECCSECGP256K1: "ECDSA_SHA_256"}
	for spec, alg := range algs {
		t.Run(string(spec), func(t *testing.T) {
			t.Parallel()
			k := testKey(t, spec)
			rnd := deterministic(6)
			h := hashes[alg]
			msg := []byte("message to sign")
			pubDER, err := k.PublicKey()
			if err != nil {
				t.Fatal(err)
			}
			var stdVerify func(d, sig []byte) bool
			var stdSign func(d []byte) []byte
			if spec == ECCSECGP256K1 {
				checkOnly(t, k, map[string]bool{"sign": true})
				scalar := secp256k1PrivateScalar(t)
				priv := secp256k1.PrivKeyFromBytes(scalar)
				if !bytes.Equal(priv.PubKey().SerializeUncompressed(), pubDER[len(pubDER)-65:]) {
					t.Fatal("public key is not the scalar's point")
				}
				stdVerify = func(d, sig []byte) bool {
					s, err := secpecdsa.ParseDERSignature(sig)
					return err == nil && s.Verify(d, priv.PubKey())
				}
				stdSign = func(d []byte) []byte {
					// A high-S signature, which BIP 62 wallets avoid but ECDSA (SEC 1 §4.1.4) accepts.
					s := secpecdsa.Sign(priv, d)
					r, sv := s.R(), s.S()
					sv.Negate()
					return secpecdsa.NewSignature(&r, &sv).Serialize()
				}
			} else {
				checkOnly(t, k, map[string]bool{"sign": true, "ecdh": true})
				std, err := x509.ParsePKCS8PrivateKey(testBytes(t, spec))
				if err != nil {
					t.Fatal(err)
				}
				priv := std.(*ecdsa.PrivateKey)
				stdVerify = func(d, sig []byte) bool { return ecdsa.VerifyASN1(&priv.PublicKey, d, sig) }
				stdSign = func(d []byte) []byte {
					sig, err := ecdsa.SignASN1(rnd, priv, d)
					if err != nil {
						t.Fatal(err)
					}
					return sig
				}
				testECDH(t, k, priv)
			}
			for _, mt := range []string{"RAW", "DIGEST"} {
				in := msg
				if mt == "DIGEST" {
					in = sum(h, msg)
				}
				sig, err := k.Sign(rnd, alg, mt, in)
				if err != nil {
					t.Fatal(err)
				}
				if !stdVerify(sum(h, msg), sig) {
					t.Fatalf("the reference implementation rejects a %s %s signature", alg, mt)
				}
				if err := k.Verify(alg, mt, in, sig); err != nil {
					t.Fatal(err)
				}
				wantErr(t, "Verify flipped", k.Verify(alg, mt, in, flip(sig, len(sig)-2)), ErrInvalidSignature)
				wantErr(t, "Verify garbage", k.Verify(alg, mt, in, []byte{0x30, 0x00}), ErrInvalidSignature)
			}
			if err := k.Verify(alg, "RAW", msg, stdSign(sum(h, msg))); err != nil {
				t.Fatalf("Verify(locally made signature) = %v", err)
			}
			_, err = k.Sign(rnd, alg, "DIGEST", append(sum(h, msg), 0))
			wantErr(t, "Sign long digest", err, ErrInvalidInput)
			for _, other := range []string{"ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512", "RSASSA_PSS_SHA_256"} {
				if other != alg {
					_, err := k.Sign(rnd, other, "RAW", msg)
					wantErr(t, "Sign "+other, err, ErrAlgorithm)
				}
			}
		})
	}
}

func testECDH(t *testing.T, k *Key, priv *ecdsa.PrivateKey) {
	t.Helper()
	curve := map[elliptic.Curve]ecdh.Curve{elliptic.P256(): ecdh.P256(), elliptic.P384(): ecdh.P384(), elliptic.P521(): ecdh.P521()}[priv.Curve]
	peer, err := curve.GenerateKey(deterministic(7))
	if err != nil {
		t.Fatal(err)
	}
	peerDER, err := x509.MarshalPKIXPublicKey(peer.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	got, err := k.DeriveSharedSecret("ECDH", peerDER)
	if err != nil {
		t.Fatal(err)
	}
	mine, _ := priv.ECDH()
	want, err := peer.ECDH(mine.PublicKey())
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("DeriveSharedSecret differs from crypto/ecdh (%v)", err)
	}
	_, err = k.DeriveSharedSecret("SM2", peerDER)
	wantErr(t, "DeriveSharedSecret SM2", err, ErrAlgorithm)
	_, err = k.DeriveSharedSecret("ECDH", peerDER[:len(peerDER)-1])
	wantErr(t, "DeriveSharedSecret truncated peer", err, ErrInvalidInput)
	otherCurve := "p384-peer.pub.der"
	if priv.Curve == elliptic.P384() {
		otherCurve = "p256-peer.pub.der"
	}
	_, err = k.DeriveSharedSecret("ECDH", readFile(t, otherCurve))
	wantErr(t, "DeriveSharedSecret other curve", err, ErrInvalidInput)
	_, err = k.DeriveSharedSecret("ECDH", readFile(t, "rsa2048.pub.der"))
	wantErr(t, "DeriveSharedSecret RSA peer", err, ErrInvalidInput)
}

// secp256k1PrivateScalar reads the scalar out of the OpenSSL secp256k1 key independently of the package: in
// OpenSSL's PKCS#8 layout it is the 32 bytes after the ECPrivateKey's OCTET STRING header 04 20.
func secp256k1PrivateScalar(t *testing.T) []byte {
	t.Helper()
	b := readFile(t, "secp256k1.der")
	i := bytes.Index(b, []byte{0x02, 0x01, 0x01, 0x04, 0x20})
	if i < 0 {
		t.Fatal("unexpected secp256k1.der layout")
	}
	return b[i+5 : i+5+32]
}

// TestGenerate checks that generated material works like imported material.
func TestGenerate(t *testing.T) {
	for _, spec := range Specs() {
		t.Run(string(spec), func(t *testing.T) {
			if testing.Short() && (spec == RSA3072 || spec == RSA4096) {
				t.Skip("RSA_3072/RSA_4096 generation takes seconds")
			}
			k, err := Generate(deterministic(8), spec)
			if err != nil {
				t.Fatal(err)
			}
			if k.Spec() != spec || !idPattern.MatchString(k.ID("k")) {
				t.Fatalf("Spec %s, ID %s", k.Spec(), k.ID("k"))
			}
			switch {
			case spec == SymmetricDefault:
				sealed, _ := k.Seal(deterministic(1), []byte("p"), nil)
				if _, err := k.Open(sealed, nil); err != nil {
					t.Fatal(err)
				}
			case !Asymmetric(spec):
				a, _ := AlgorithmsFor(spec, "GENERATE_VERIFY_MAC")
				mac, err := k.MAC(a.MAC[0], []byte("m"))
				if err != nil || len(mac) != hashes[a.MAC[0]].Size() {
					t.Fatalf("MAC: %v", err)
				}
			default:
				a, _ := AlgorithmsFor(spec, "SIGN_VERIFY")
				sig, err := k.Sign(deterministic(1), a.Signing[0], "RAW", []byte("m"))
				if err != nil {
					t.Fatal(err)
				}
				der, _ := k.PublicKey()
				pub, err := ParsePublic(spec, der)
				if err != nil {
					t.Fatal(err)
				}
				if err := pub.Verify(a.Signing[0], "RAW", []byte("m"), sig); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestParsePublic checks that public keys of the wrong spec are refused.
func TestParsePublic(t *testing.T) {
	cases := []struct {
		spec Spec
		file string
		ok   bool
	}{
		{RSA2048, "rsa2048.pub.der", true},
		{RSA3072, "rsa2048.pub.der", false},
		{ECCNISTP256, "p256.pub.der", true},
		{ECCNISTP256, "p384.pub.der", false},
		{ECCNISTP256, "secp256k1.pub.der", false},
		{ECCSECGP256K1, "secp256k1.pub.der", true},
		{ECCSECGP256K1, "p256.pub.der", false},
		{ECCSECGP256K1, "rsa2048.pub.der", false},
		{RSA2048, "p256.der", false},
	}
	for _, c := range cases {
		t.Run(string(c.spec)+"/"+c.file, func(t *testing.T) {
			p, err := ParsePublic(c.spec, readFile(t, c.file))
			if c.ok {
				if err != nil || p.Spec() != c.spec || !bytes.Equal(p.Bytes(), readFile(t, c.file)) {
					t.Fatalf("ParsePublic = %v", err)
				}
				return
			}
			wantErr(t, "ParsePublic", err, ErrIncorrect)
		})
	}
	_, err := ParsePublic(HMAC256, readFile(t, "p256.pub.der"))
	wantErr(t, "ParsePublic HMAC_256", err, ErrAlgorithm)
}
