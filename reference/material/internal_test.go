package material

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"strings"
	"testing"
)

// toBER re-encodes DER with the BER freedoms berToDER undoes: every length in long form with one extra
// leading zero byte, constructed elements with indefinite length, and OCTET STRINGs split into a constructed
// string of two segments.
func toBER(t *testing.T, der []byte, mode string) []byte {
	t.Helper()
	var out []byte
	for len(der) > 0 {
		e, rest, err := derTLV(der)
		if err != nil {
			t.Fatalf("toBER: %v", err)
		}
		der = rest
		constructed := e.tag&0x20 != 0
		content := e.content
		if constructed {
			content = toBER(t, content, mode)
		}
		switch {
		case mode == "indefinite" && constructed:
			out = append(out, e.tag, 0x80)
			out = append(out, content...)
			out = append(out, 0, 0)
		case mode == "segmented" && e.tag == 0x04 && len(content) > 1:
			h := len(content) / 2
			seg := appendTLV(appendTLV(nil, []byte{0x04}, content[:h]), []byte{0x04}, content[h:])
			out = appendTLV(out, []byte{0x24}, seg)
		case mode == "long":
			n := len(content)
			out = append(out, e.tag, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
			out = append(out, content...)
		default:
			out = appendTLV(out, []byte{e.tag}, content)
		}
	}
	return out
}

func TestBERToDER(t *testing.T) {
	for _, name := range []string{"p256.der", "rsa2048.der", "secp256k1.der", "p256-explicit.der"} {
		der := readFile(t, name)
		t.Run(name+"/DER unchanged", func(t *testing.T) {
			got, err := berToDER(der)
			if err != nil || !bytes.Equal(got, der) {
				t.Fatalf("berToDER(DER) changed the input (err %v)", err)
			}
		})
		for _, mode := range []string{"long", "indefinite", "segmented"} {
			t.Run(name+"/"+mode, func(t *testing.T) {
				ber := toBER(t, der, mode)
				if bytes.Equal(ber, der) {
					t.Fatal("toBER made no change")
				}
				got, err := berToDER(ber)
				if err != nil || !bytes.Equal(got, der) {
					t.Fatalf("berToDER(%s BER) does not give back the DER (err %v)", mode, err)
				}
			})
		}
	}
	// BER inside the privateKey OCTET STRING too: the RSAPrivateKey and ECPrivateKey are decoded separately.
	for spec, name := range map[Spec]string{RSA2048: "rsa2048.der", ECCNISTP256: "p256.der", ECCSECGP256K1: "secp256k1.der"} {
		t.Run(name+"/inner long", func(t *testing.T) {
			der := readFile(t, name)
			var p pkcs8
			if _, err := asn1.Unmarshal(der, &p); err != nil {
				t.Fatal(err)
			}
			p.PrivateKey = toBER(t, p.PrivateKey, "long")
			k, err := Parse(spec, toBER(t, marshal(t, p), "indefinite"))
			if err != nil {
				t.Fatalf("Parse(BER inside BER) = %v", err)
			}
			if want, _ := Parse(spec, der); !k.Same(want) {
				t.Fatal("BER and DER encodings of one key are not the same material")
			}
		})
	}
	bad := map[string][]byte{
		"empty":                    {},
		"truncated":                {0x30, 0x05, 0x02, 0x01},
		"trailing":                 {0x05, 0x00, 0x00},
		"indefinite primitive":     {0x04, 0x80, 0x00, 0x00},
		"unterminated indefinite":  {0x30, 0x80, 0x05, 0x00},
		"5-byte length":            {0x04, 0x85, 0, 0, 0, 0, 1, 0},
		"segment not octet string": {0x24, 0x03, 0x02, 0x01, 0x00},
		"deep nesting":             bytes.Repeat([]byte{0x30, 0x80}, 40),
	}
	for name, b := range bad {
		t.Run("refused/"+name, func(t *testing.T) {
			if _, err := berToDER(b); !errors.Is(err, errBER) {
				t.Fatalf("berToDER = %v, want errBER", err)
			}
		})
	}
}

// pkcs8 is privateKeyInfo with a typed AlgorithmIdentifier, for building variants.
type pkcs8 struct {
	Version    int
	Algorithm  pkix.AlgorithmIdentifier
	PrivateKey []byte
	Attributes asn1.RawValue `asn1:"optional,tag:0"`
}

// p256Parts returns the parts of testdata's P-256 key, for re-encoding them with one change at a time.
func p256Parts(t *testing.T) (pki pkcs8, ec ecPrivateKey, priv *ecdsa.PrivateKey) {
	t.Helper()
	der := readFile(t, "p256.der")
	if _, err := asn1.Unmarshal(der, &pki); err != nil {
		t.Fatal(err)
	}
	if _, err := asn1.Unmarshal(pki.PrivateKey, &ec); err != nil {
		t.Fatal(err)
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		t.Fatal(err)
	}
	return pki, ec, k.(*ecdsa.PrivateKey)
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseCrafted changes one field of a valid PKCS#8 key at a time: each change must be refused, with the
// reason naming what was wrong (so that the refusal is for that change, not an earlier one).
func TestParseCrafted(t *testing.T) {
	type ecKey struct { // ECPrivateKey with typed optional fields, for building variants
		Version    int
		PrivateKey []byte
		Parameters asn1.RawValue  `asn1:"optional"` // the whole [0] element
		PublicKey  asn1.BitString `asn1:"optional,explicit,tag:1"`
		Extra      asn1.RawValue  `asn1:"optional"`
	}
	pki, ec, priv := p256Parts(t)
	var pub asn1.BitString
	if _, err := asn1.Unmarshal(ec.PublicKey.Bytes, &pub); err != nil {
		t.Fatal(err)
	}
	scalar := ec.PrivateKey
	wrap := func(e ecKey) []byte {
		p := pki
		p.PrivateKey = marshal(t, e)
		return marshal(t, p)
	}
	base := ecKey{Version: 1, PrivateKey: scalar, PublicKey: pub}
	n := elliptic.P256().Params().N
	point := func(scalar []byte) asn1.BitString {
		k, err := ecdh.P256().NewPrivateKey(scalar)
		if err != nil {
			t.Fatal(err)
		}
		b := k.PublicKey().Bytes()
		return asn1.BitString{Bytes: b, BitLength: 8 * len(b)}
	}
	otherPoint := point(bytes.Repeat([]byte{0x22}, 32))
	named := asn1.RawValue{FullBytes: marshal(t, oidP256)}
	tag0 := func(oid asn1.ObjectIdentifier) asn1.RawValue {
		return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: marshal(t, oid)}
	}
	cases := []struct {
		name, reason string
		der          []byte
		ok           bool
	}{
		{name: "re-encoded", der: wrap(base), ok: true},
		{name: "without public key", der: wrap(ecKey{Version: 1, PrivateKey: scalar}), ok: true},
		{name: "with same named curve inside", der: wrap(ecKey{Version: 1, PrivateKey: scalar, Parameters: tag0(oidP256), PublicKey: pub}), ok: true},
		{name: "short scalar", der: func() []byte {
			// A scalar whose encoding has a leading zero byte, written without it.
			d := append([]byte{0}, bytes.Repeat([]byte{0x11}, 31)...)
			return wrap(ecKey{Version: 1, PrivateKey: d[1:], PublicKey: point(d)})
		}(), ok: true},
		{name: "version 0", reason: "version is not 1", der: wrap(ecKey{Version: 0, PrivateKey: scalar, PublicKey: pub})},
		{name: "zero scalar", reason: "out of range", der: wrap(ecKey{Version: 1, PrivateKey: make([]byte, 32)})},
		{name: "scalar = n", reason: "out of range", der: wrap(ecKey{Version: 1, PrivateKey: n.Bytes()})},
		{name: "33-byte scalar", reason: "wrong length", der: wrap(ecKey{Version: 1, PrivateKey: append([]byte{0}, scalar...)})},
		{name: "other public point", reason: "not the private key's public point", der: wrap(ecKey{Version: 1, PrivateKey: scalar, PublicKey: otherPoint})},
		{name: "other curve inside", reason: "same curve", der: wrap(ecKey{Version: 1, PrivateKey: scalar, Parameters: tag0(oidP384), PublicKey: pub})},
		{name: "extra element in ECPrivateKey", reason: "extra elements", der: wrap(ecKey{Version: 1, PrivateKey: scalar, PublicKey: pub, Extra: asn1.NullRawValue})},
		{name: "PKCS#8 version 1", reason: "version is not v1", der: func() []byte {
			p := pki
			p.Version = 1
			return marshal(t, p)
		}()},
		{name: "implicitCA parameters", reason: "named curve", der: func() []byte {
			p := pki
			p.Algorithm.Parameters = asn1.NullRawValue
			return marshal(t, p)
		}()},
		{name: "extra element in PrivateKeyInfo", reason: "extra elements", der: func() []byte {
			type extended struct {
				Version    int
				Algorithm  pkix.AlgorithmIdentifier
				PrivateKey []byte
				Extra      asn1.RawValue
			}
			return marshal(t, extended{0, pki.Algorithm, pki.PrivateKey, asn1.NullRawValue})
		}()},
		{name: "extra element in AlgorithmIdentifier", reason: "extra elements", der: func() []byte {
			type algID struct {
				Algorithm  asn1.ObjectIdentifier
				Parameters asn1.RawValue
				Extra      asn1.RawValue
			}
			type withAlg struct {
				Version    int
				Algorithm  algID
				PrivateKey []byte
			}
			return marshal(t, withAlg{0, algID{oidECPublicKey, named, asn1.NullRawValue}, pki.PrivateKey})
		}()},
		{name: "with attributes", der: func() []byte {
			// RFC 5208 §5 allows attributes; an empty [0] IMPLICIT SET is the simplest.
			p := pki
			p.Attributes = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: []byte{}}
			return marshal(t, p)
		}(), ok: true},
	}
	// Compressed and hybrid forms of the public point (MATERIAL-006 allows them).
	u, err := priv.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	x, y := u[1:33], u[33:]
	odd := byte(y[31] & 1)
	for _, f := range []struct {
		name string
		enc  []byte
		ok   bool
	}{
		{"compressed", append([]byte{0x02 | odd}, x...), true},
		{"hybrid", append(append([]byte{0x06 | odd}, x...), y...), true},
		{"compressed, wrong parity", append([]byte{0x02 | (odd ^ 1)}, x...), false},
		{"hybrid, wrong parity", append(append([]byte{0x06 | (odd ^ 1)}, x...), y...), false},
		{"x only", append([]byte(nil), x...), false},
	} {
		c := struct {
			name, reason string
			der          []byte
			ok           bool
		}{name: "point " + f.name, ok: f.ok, der: wrap(ecKey{Version: 1, PrivateKey: scalar, PublicKey: asn1.BitString{Bytes: f.enc, BitLength: 8 * len(f.enc)}})}
		if !f.ok {
			c.reason = "public point"
		}
		cases = append(cases, c)
	}
	// RSA: parameters other than NULL, and absent parameters.
	rsaDER := readFile(t, "rsa2048.der")
	var rsaPKI pkcs8
	if _, err := asn1.Unmarshal(rsaDER, &rsaPKI); err != nil {
		t.Fatal(err)
	}
	withParams := func(p asn1.RawValue) []byte {
		r := rsaPKI
		r.Algorithm = pkix.AlgorithmIdentifier{Algorithm: oidRSAEncryption, Parameters: p}
		return marshal(t, r)
	}
	rsaCases := []struct {
		name, reason string
		der          []byte
		ok           bool
	}{
		{name: "RSA without parameters", der: withParams(asn1.RawValue{}), ok: true},
		{name: "RSA with OID parameters", reason: "not NULL", der: withParams(named)},
	}

	run := func(spec Spec, name, reason string, der []byte, ok bool) {
		t.Run(string(spec)+"/"+name, func(t *testing.T) {
			k, err := Parse(spec, der)
			if ok {
				if err != nil {
					t.Fatalf("Parse = %v, want success", err)
				}
				if want, _ := Parse(spec, readFile(t, map[Spec]string{ECCNISTP256: "p256.der", RSA2048: "rsa2048.der"}[spec])); name != "short scalar" && !k.Same(want) {
					t.Fatal("re-encoded key is not Same as the original")
				}
				return
			}
			if !errors.Is(err, ErrIncorrect) || !strings.Contains(err.Error(), reason) {
				t.Fatalf("Parse = %v, want ErrIncorrect because %q", err, reason)
			}
		})
	}
	for _, c := range cases {
		run(ECCNISTP256, c.name, c.reason, c.der, c.ok)
	}
	for _, c := range rsaCases {
		run(RSA2048, c.name, c.reason, c.der, c.ok)
	}
}
