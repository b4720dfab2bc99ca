package steps

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/cucumber/godog"

	"github.com/kmsconform/kmsconform/reference/material"
	"github.com/kmsconform/kmsconform/reference/material/testmaterial"
)

// Key material per key spec: catalogue section MATERIAL of rules.md, after
// https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements.
// Valid and malformed material comes from reference/material/testmaterial;
// SM2 material (China Regions, which the reference does not model) is built
// here.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		ms := &materialSteps{w: w}
		sc.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
			ms.taken = map[material.Spec]int{}
			return ctx, nil
		})
		sc.Step(re(`^an? ([A-Z][A-Z0-9_]+) private key "([^"]+)"$`), ms.privateKey)
		sc.Step(re(`^a three-prime (RSA_\d{4}) private key "([^"]+)"$`), ms.threePrime)
		sc.Step(re(`^(?:an? )?([A-Z][A-Z0-9_]+) private key "([^"]+)" (`+malformedPhrases+`)$`), ms.malformed)
		sc.Step(re(`^GetPublicKey of "([^"]+)" returns the SubjectPublicKeyInfo of "([^"]+)"$`), ms.publicKeyIs)
	})
}

// materialSteps is the per-scenario state of the MATERIAL steps.
type materialSteps struct {
	w     *World
	taken map[material.Spec]int // pooled keys handed out in this scenario, per spec
}

// malformedPhrases are the encodings MATERIAL-004, -006 and -009 name, as a
// feature says them; malformedKinds maps each to its testmaterial kind.
const malformedPhrases = `encoded as a PKCS#1 RSAPrivateKey|encoded as a bare SEC1 ECPrivateKey|encoded as PEM text|encoded as an encrypted PKCS#8 structure|encoded with explicit curve parameters|encoded in BER|reduced to its SubjectPublicKeyInfo`

var malformedKinds = map[string]string{
	"encoded as a PKCS#1 RSAPrivateKey":        testmaterial.PKCS1,
	"encoded as a bare SEC1 ECPrivateKey":      testmaterial.SEC1,
	"encoded as PEM text":                      testmaterial.PEM,
	"encoded as an encrypted PKCS#8 structure": testmaterial.EncryptedPKCS8,
	"encoded with explicit curve parameters":   testmaterial.ExplicitCurve,
	"reduced to its SubjectPublicKeyInfo":      testmaterial.PublicKeyOnly,
}

// specSM2 is the SM2 key spec of China Regions (API_CreateKey.html#KMS-CreateKey-request-KeySpec).
const specSM2 = material.Spec("SM2")

// keyPool keeps RSA private keys for the whole process: RSA_4096 generation
// takes about a second, and a rule about the format or the wrapping of RSA
// material needs some key of the spec, not a fresh one. A scenario that asks
// for several keys of one spec gets distinct keys; different scenarios share
// them. Pooled materials are read-only after creation (callers get a copy of
// the bytes; the private key is only used to sign or derive).
var keyPool struct {
	mu    sync.Mutex
	specs map[material.Spec]*pooled
}

type pooled struct {
	mu   sync.Mutex // held while generating, so that concurrent scenarios wait instead of generating too
	keys []testmaterial.Material
}

// pooledKey returns the i-th pooled key of spec, generating it if needed.
func pooledKey(spec material.Spec, i int) (testmaterial.Material, error) {
	keyPool.mu.Lock()
	if keyPool.specs == nil {
		keyPool.specs = map[material.Spec]*pooled{}
	}
	p, ok := keyPool.specs[spec]
	if !ok {
		p = &pooled{}
		keyPool.specs[spec] = p
	}
	keyPool.mu.Unlock()

	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.keys) <= i {
		m, err := testmaterial.New(rand.Reader, spec)
		if err != nil {
			return testmaterial.Material{}, fmt.Errorf("steps: %w", err)
		}
		p.keys = append(p.keys, m)
	}
	m := p.keys[i]
	m.Bytes = bytes.Clone(m.Bytes)
	m.Public = bytes.Clone(m.Public)
	return m, nil
}

func isRSASpec(spec material.Spec) bool {
	return spec == material.RSA2048 || spec == material.RSA3072 || spec == material.RSA4096
}

// privateKey adds valid PKCS#8 material of an asymmetric spec (MATERIAL-004).
func (ms *materialSteps) privateKey(ctx context.Context, spec, name string) error {
	m, err := ms.newPrivate(material.Spec(spec))
	if err != nil {
		return err
	}
	return ms.w.addMaterial(name, m)
}

// newPrivate makes a private key of spec: RSA keys from the pool, ECC and SM2
// keys fresh.
func (ms *materialSteps) newPrivate(s material.Spec) (testmaterial.Material, error) {
	switch {
	case s == specSM2:
		return newSM2(rand.Reader)
	case isRSASpec(s):
		m, err := pooledKey(s, ms.taken[s])
		if err == nil {
			ms.taken[s]++
		}
		return m, err
	case material.Asymmetric(s):
		return testmaterial.New(rand.Reader, s)
	}
	return testmaterial.Material{}, fmt.Errorf("%s is not an asymmetric key spec: use \"%s key material\" for raw bytes", s, s)
}

// threePrime adds a three-prime RSA key of the spec's modulus size, which
// MATERIAL-005 says KMS refuses.
func (ms *materialSteps) threePrime(ctx context.Context, spec, name string) error {
	b, err := testmaterial.Malformed(rand.Reader, testmaterial.ThreePrimeRSA, material.Spec(spec))
	if err != nil {
		return err
	}
	return ms.w.addMaterial(name, testmaterial.Material{Spec: material.Spec(spec), Bytes: b})
}

// malformed adds a valid key of spec in another encoding: one KMS must refuse
// (MATERIAL-004, -006, -007), or BER, which it must accept (MATERIAL-004).
func (ms *materialSteps) malformed(ctx context.Context, spec, name, phrase string) error {
	s := material.Spec(spec)
	if phrase == "encoded in BER" {
		m, err := ms.newPrivate(s)
		if err != nil {
			return err
		}
		if m.Bytes, err = toBER(m.Bytes); err != nil {
			return err
		}
		return ms.w.addMaterial(name, m)
	}
	kind := malformedKinds[phrase]
	if s == specSM2 {
		if kind != testmaterial.ExplicitCurve {
			return fmt.Errorf("SM2 material %q is not built by this suite", phrase)
		}
		b, err := sm2ExplicitCurve(rand.Reader)
		if err != nil {
			return err
		}
		return ms.w.addMaterial(name, testmaterial.Material{Spec: s, Bytes: b})
	}
	b, err := testmaterial.Malformed(rand.Reader, kind, s)
	if err != nil {
		return err
	}
	return ms.w.addMaterial(name, testmaterial.Material{Spec: s, Bytes: b})
}

// publicKeyIs checks MATERIAL-009: GetPublicKey returns, byte for byte, the
// DER SubjectPublicKeyInfo of the imported private key.
func (ms *materialSteps) publicKeyIs(ctx context.Context, key, mat string) error {
	k, err := ms.w.Key(key)
	if err != nil {
		return err
	}
	m, err := ms.w.Material(mat)
	if err != nil {
		return err
	}
	if len(m.Public) == 0 {
		return fmt.Errorf("key material %q has no public half", mat)
	}
	c, err := ms.w.KMS(k)
	if err != nil {
		return err
	}
	out, err := c.GetPublicKey(ctx, &kms.GetPublicKeyInput{KeyId: aws.String(k.ID)})
	if err != nil {
		return fmt.Errorf("GetPublicKey of %q: %w", key, err)
	}
	if !bytes.Equal(out.PublicKey, m.Public) { // MATERIAL-009
		return fmt.Errorf("GetPublicKey of %q returned a %d-byte PublicKey that differs from the %d-byte SubjectPublicKeyInfo of %q",
			key, len(out.PublicKey), len(m.Public), mat)
	}
	return nil
}

// toBER re-encodes a DER PrivateKeyInfo in BER that is not DER, the way some
// encoders write it: the outer SEQUENCE with the indefinite length
// (X.690 §8.1.3.6) and each of its elements with a four-octet long-form
// length (X.690 §8.1.3.5 allows non-minimal length octets; §10.1 forbids them
// in DER).
func toBER(der []byte) ([]byte, error) {
	var outer asn1.RawValue
	rest, err := asn1.Unmarshal(der, &outer)
	if err != nil || len(rest) > 0 || !outer.IsCompound {
		return nil, fmt.Errorf("steps: key material is not one DER SEQUENCE: %v", err)
	}
	out := []byte{outer.FullBytes[0], 0x80}
	for inner := outer.Bytes; len(inner) > 0; {
		var el asn1.RawValue
		if inner, err = asn1.Unmarshal(inner, &el); err != nil {
			return nil, fmt.Errorf("steps: re-encoding key material in BER: %w", err)
		}
		hdr := len(el.FullBytes) - len(el.Bytes)
		out = append(out, el.FullBytes[0]) // the identifier octet (PKCS#8 uses low tag numbers only)
		if hdr > 1+5 {
			return nil, errors.New("steps: re-encoding key material in BER: element too long")
		}
		out = append(out, 0x84)
		out = binary.BigEndian.AppendUint32(out, uint32(len(el.Bytes)))
		out = append(out, el.Bytes...)
	}
	return append(out, 0, 0), nil // end-of-contents octets, X.690 §8.1.5
}

// The SM2 curve, GB/T 32918.5-2017 (GM/T 0003.5) §4: y² = x³ + ax + b over
// F_p with a = p - 3.
var sm2Curve = struct {
	P, A, B, N, Gx, Gy *big.Int
}{
	P:  hexInt("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF"),
	A:  hexInt("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC"),
	B:  hexInt("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93"),
	N:  hexInt("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123"),
	Gx: hexInt("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"),
	Gy: hexInt("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0"),
}

func hexInt(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("steps: bad constant " + s)
	}
	return n
}

// sm2Add adds two affine points of the SM2 curve; nil is the point at
// infinity. Variable time: it only ever handles test keys on the client side.
func sm2Add(x1, y1, x2, y2 *big.Int) (*big.Int, *big.Int) {
	p := sm2Curve.P
	if x1 == nil {
		return x2, y2
	}
	if x2 == nil {
		return x1, y1
	}
	var num, den *big.Int
	switch {
	case x1.Cmp(x2) != 0:
		// λ = (y2 - y1) / (x2 - x1)
		num, den = new(big.Int).Sub(y2, y1), new(big.Int).Sub(x2, x1)
	case new(big.Int).Add(y1, y2).Cmp(p) == 0 || (y1.Sign() == 0 && y2.Sign() == 0):
		return nil, nil // P + (-P)
	default:
		// Doubling: λ = (3x² + a) / 2y
		num = new(big.Int).Mul(x1, x1)
		num.Mul(num, big.NewInt(3)).Add(num, sm2Curve.A)
		den = new(big.Int).Lsh(y1, 1)
	}
	den.Mod(den, p)
	l := num.Mul(num, new(big.Int).ModInverse(den, p))
	l.Mod(l, p)
	x3 := new(big.Int).Mul(l, l)
	x3.Sub(x3, x1).Sub(x3, x2).Mod(x3, p)
	y3 := new(big.Int).Sub(x1, x3)
	y3.Mul(y3, l).Sub(y3, y1).Mod(y3, p)
	return x3, y3
}

// sm2BaseMult is d·G by double-and-add.
func sm2BaseMult(d *big.Int) (*big.Int, *big.Int) {
	var x, y *big.Int
	for i := d.BitLen() - 1; i >= 0; i-- {
		x, y = sm2Add(x, y, x, y)
		if d.Bit(i) == 1 {
			x, y = sm2Add(x, y, sm2Curve.Gx, sm2Curve.Gy)
		}
	}
	return x, y
}

var oidSM2Curve = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 301} // GM/T 0006: sm2p256v1

// sm2ECKey is RFC 5915 §3 ECPrivateKey without the optional parameters, as
// OpenSSL 3 writes it inside PKCS#8.
type sm2ECKey struct {
	Version    int
	PrivateKey []byte
	PublicKey  asn1.BitString `asn1:"optional,explicit,tag:1"`
}

// sm2Scalar draws a private key d in [1, n-2] (GB/T 32918.1 §6.1) and returns
// it with its uncompressed public point (SEC 1 §2.3.3).
func sm2Scalar(r io.Reader) (d *big.Int, point []byte, err error) {
	max := new(big.Int).Sub(sm2Curve.N, big.NewInt(2))
	d, err = rand.Int(r, max)
	if err != nil {
		return nil, nil, fmt.Errorf("steps: SM2 private key: %w", err)
	}
	d.Add(d, big.NewInt(1))
	x, y := sm2BaseMult(d)
	point = append([]byte{4}, x.FillBytes(make([]byte, 32))...)
	point = append(point, y.FillBytes(make([]byte, 32))...)
	return d, point, nil
}

// sm2PKCS8 encodes an SM2 key as `openssl genpkey -algorithm SM2` followed by
// `openssl pkcs8 -topk8 -nocrypt -outform der` does: id-ecPublicKey with the
// named SM2 curve (MATERIAL-007), or with params in its place.
func sm2PKCS8(params asn1.RawValue, d *big.Int, point []byte) ([]byte, error) {
	inner, err := asn1.Marshal(sm2ECKey{Version: 1, PrivateKey: d.FillBytes(make([]byte, 32)),
		PublicKey: asn1.BitString{Bytes: point, BitLength: 8 * len(point)}})
	if err != nil {
		return nil, fmt.Errorf("steps: encode SM2 key: %w", err)
	}
	der, err := asn1.Marshal(struct {
		Version    int
		Algorithm  pkix.AlgorithmIdentifier
		PrivateKey []byte
	}{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: params}, PrivateKey: inner})
	if err != nil {
		return nil, fmt.Errorf("steps: encode SM2 PKCS#8: %w", err)
	}
	return der, nil
}

// newSM2 makes valid SM2 material (MATERIAL-007) and the SubjectPublicKeyInfo
// GetPublicKey must return for it (RFC 5480 with the SM2 curve).
func newSM2(r io.Reader) (testmaterial.Material, error) {
	d, point, err := sm2Scalar(r)
	if err != nil {
		return testmaterial.Material{}, err
	}
	curve, err := asn1.Marshal(oidSM2Curve)
	if err != nil {
		return testmaterial.Material{}, err
	}
	der, err := sm2PKCS8(asn1.RawValue{FullBytes: curve}, d, point)
	if err != nil {
		return testmaterial.Material{}, err
	}
	pub, err := asn1.Marshal(struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}{pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: curve}},
		asn1.BitString{Bytes: point, BitLength: 8 * len(point)}})
	if err != nil {
		return testmaterial.Material{}, fmt.Errorf("steps: encode SM2 public key: %w", err)
	}
	return testmaterial.Material{Spec: specSM2, Bytes: der, Public: pub}, nil
}

// sm2ExplicitCurve makes an SM2 key whose curve is spelled out as a
// SpecifiedECDomain (SEC 1 §C.2), as `openssl ... -param_enc explicit`
// writes it; MATERIAL-007 says KMS refuses it.
func sm2ExplicitCurve(r io.Reader) ([]byte, error) {
	d, point, err := sm2Scalar(r)
	if err != nil {
		return nil, err
	}
	field := func(v *big.Int) []byte { return v.FillBytes(make([]byte, 32)) }
	base := append(append([]byte{4}, field(sm2Curve.Gx)...), field(sm2Curve.Gy)...)
	spec, err := asn1.Marshal(struct {
		Version int
		FieldID struct {
			FieldType asn1.ObjectIdentifier
			Prime     *big.Int
		}
		Curve    struct{ A, B []byte }
		Base     []byte
		Order    *big.Int
		Cofactor *big.Int
	}{
		Version: 1,
		FieldID: struct {
			FieldType asn1.ObjectIdentifier
			Prime     *big.Int
		}{asn1.ObjectIdentifier{1, 2, 840, 10045, 1, 1}, sm2Curve.P}, // SEC 1 §C.1 prime-field
		Curve:    struct{ A, B []byte }{field(sm2Curve.A), field(sm2Curve.B)},
		Base:     base,
		Order:    sm2Curve.N,
		Cofactor: big.NewInt(1),
	})
	if err != nil {
		return nil, fmt.Errorf("steps: encode SM2 curve parameters: %w", err)
	}
	return sm2PKCS8(asn1.RawValue{FullBytes: spec}, d, point)
}
