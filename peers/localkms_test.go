package peers

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// These tests reproduce, by hand and through the aws-sdk-go-v2 KMS client,
// each deviation the local-kms profile (target/profiles/local-kms.json)
// lists, so that a deviation is written down only when local-kms really
// behaves that way. Each case asserts what local-kms does instead of the
// rule. They run against a fresh local-kms, and are skipped when it is not
// installed.

// lk is a started local-kms with an SDK client and a raw caller.
type lk struct {
	t      *testing.T
	url    string
	client *kms.Client
	// lax is a client that skips the SDK's own required-member checks, to
	// send what a raw caller could send.
	lax *kms.Client
}

func startForTest(t *testing.T) *lk {
	t.Helper()
	bin := installed(t)
	p, err := StartLocalKMS(context.Background(), Options{Binary: bin})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Stop() })
	opts := kms.Options{
		Region:       DefaultRegion,
		BaseEndpoint: aws.String(p.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "secret", ""),
		Retryer:      aws.NopRetryer{},
	}
	noValidation := func(o *kms.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			_, err := s.Initialize.Remove("OperationInputValidation")
			return err
		})
	}
	return &lk{t: t, url: p.URL(), client: kms.New(opts), lax: kms.New(opts, noValidation)}
}

// code returns the AWS error code of err, or "" for success.
func code(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return "not an AWS error: " + err.Error()
}

func (l *lk) externalKey(ctx context.Context) string {
	l.t.Helper()
	out, err := l.client.CreateKey(ctx, &kms.CreateKeyInput{Origin: types.OriginTypeExternal})
	if err != nil {
		l.t.Fatalf("CreateKey EXTERNAL: %v", err)
	}
	return aws.ToString(out.KeyMetadata.KeyId)
}

// params gets RSAES_OAEP_SHA_256 / RSA_2048 parameters for id.
func (l *lk) params(ctx context.Context, id string, alg types.AlgorithmSpec) *kms.GetParametersForImportOutput {
	l.t.Helper()
	p, err := l.client.GetParametersForImport(ctx, &kms.GetParametersForImportInput{
		KeyId: aws.String(id), WrappingAlgorithm: alg, WrappingKeySpec: types.WrappingKeySpecRsa2048,
	})
	if err != nil {
		l.t.Fatalf("GetParametersForImport %s RSA_2048: %v", alg, err)
	}
	return p
}

// imported returns an EXTERNAL key with 32 bytes of material imported
// (KEY_MATERIAL_DOES_NOT_EXPIRE), and a ciphertext made with it.
func (l *lk) imported(ctx context.Context) (id string, ciphertext []byte) {
	l.t.Helper()
	id = l.externalKey(ctx)
	in := l.wrapped(ctx, id)
	in.ExpirationModel = types.ExpirationModelTypeKeyMaterialDoesNotExpire
	if _, err := l.client.ImportKeyMaterial(ctx, in); err != nil {
		l.t.Fatalf("ImportKeyMaterial: %v", err)
	}
	enc, err := l.client.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: []byte("plaintext")})
	if err != nil {
		l.t.Fatalf("Encrypt: %v", err)
	}
	return id, enc.CiphertextBlob
}

// wrapped gets RSAES_OAEP_SHA_256 / RSA_2048 parameters for id and returns an
// ImportKeyMaterial request carrying fresh material wrapped under them (no
// ExpirationModel or ValidTo yet).
func (l *lk) wrapped(ctx context.Context, id string) *kms.ImportKeyMaterialInput {
	l.t.Helper()
	p := l.params(ctx, id, types.AlgorithmSpecRsaesOaepSha256)
	pub, _, err := wrapping.ParsePublicKey(p.PublicKey)
	if err != nil {
		l.t.Fatal(err)
	}
	material := make([]byte, 32)
	rand.Read(material)
	blob, err := wrapping.Wrap(rand.Reader, pub, wrapping.OAEPSHA256, material)
	if err != nil {
		l.t.Fatal(err)
	}
	return &kms.ImportKeyMaterialInput{KeyId: aws.String(id), ImportToken: p.ImportToken, EncryptedKeyMaterial: blob}
}

// rawCall posts body to local-kms as operation op and returns status and body.
func (l *lk) rawCall(ctx context.Context, op string, body any) (int, string) {
	l.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		l.t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.url+"/", bytes.NewReader(b))
	if err != nil {
		l.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "TrentService."+op)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		l.t.Fatalf("%s: %v", op, err)
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(rb)
}

// deviation is one listed deviation and its reproduction: check returns nil
// when local-kms behaves as the profile's reason says.
type deviation struct {
	name  string // the rules it explains, and what local-kms does
	check func(ctx context.Context, l *lk) error
}

var localKMSDeviations = []deviation{
	{"CREATE-001 KeyMetadata has no MultiRegion member", func(ctx context.Context, l *lk) error {
		out, err := l.client.CreateKey(ctx, &kms.CreateKeyInput{Origin: types.OriginTypeExternal})
		if err != nil {
			return err
		}
		if out.KeyMetadata.MultiRegion != nil {
			return fmt.Errorf("MultiRegion is %v, want absent", *out.KeyMetadata.MultiRegion)
		}
		// The wire shows it is absent, not the SDK dropping it.
		_, body := l.rawCall(ctx, "DescribeKey", map[string]string{"KeyId": aws.ToString(out.KeyMetadata.KeyId)})
		if strings.Contains(body, "MultiRegion") {
			return fmt.Errorf("DescribeKey body names MultiRegion: %s", body)
		}
		return nil
	}},
	{"PARAMS-001/003/005/006 RSA_3072 and RSA_4096 wrapping key specs refused with ValidationException", func(ctx context.Context, l *lk) error {
		id := l.externalKey(ctx)
		for _, spec := range []types.WrappingKeySpec{types.WrappingKeySpecRsa3072, types.WrappingKeySpecRsa4096} {
			_, err := l.client.GetParametersForImport(ctx, &kms.GetParametersForImportInput{
				KeyId: aws.String(id), WrappingAlgorithm: types.AlgorithmSpecRsaesOaepSha256, WrappingKeySpec: spec,
			})
			if c := code(err); c != "ValidationException" {
				return fmt.Errorf("%s: got %q, want ValidationException", spec, c)
			}
		}
		return nil
	}},
	{"PARAMS-001/003/006/008 RSA_AES_KEY_WRAP_SHA_1 and _SHA_256 refused with ValidationException, before the key is looked at", func(ctx context.Context, l *lk) error {
		awsKey, err := l.client.CreateKey(ctx, &kms.CreateKeyInput{})
		if err != nil {
			return err
		}
		for _, id := range []string{l.externalKey(ctx), aws.ToString(awsKey.KeyMetadata.KeyId)} {
			for _, alg := range []types.AlgorithmSpec{types.AlgorithmSpecRsaAesKeyWrapSha1, types.AlgorithmSpecRsaAesKeyWrapSha256} {
				_, err := l.client.GetParametersForImport(ctx, &kms.GetParametersForImportInput{
					KeyId: aws.String(id), WrappingAlgorithm: alg, WrappingKeySpec: types.WrappingKeySpecRsa2048,
				})
				if c := code(err); c != "ValidationException" {
					return fmt.Errorf("%s on %s: got %q, want ValidationException", alg, id, c)
				}
			}
		}
		return nil
	}},
	{"PARAMS-010 a missing WrappingAlgorithm or WrappingKeySpec gives MissingParameterException", func(ctx context.Context, l *lk) error {
		id := l.externalKey(ctx)
		for _, in := range []*kms.GetParametersForImportInput{
			{KeyId: aws.String(id), WrappingKeySpec: types.WrappingKeySpecRsa2048},
			{KeyId: aws.String(id), WrappingAlgorithm: types.AlgorithmSpecRsaesOaepSha256},
			{KeyId: aws.String(id)},
		} {
			_, err := l.lax.GetParametersForImport(ctx, in)
			if c := code(err); c != "MissingParameterException" {
				return fmt.Errorf("algorithm %q spec %q: got %q, want MissingParameterException", in.WrappingAlgorithm, in.WrappingKeySpec, c)
			}
		}
		return nil
	}},
	{"PARAMS-011 RSAES_PKCS1_V1_5 parameters are issued and PKCS#1 v1.5-wrapped material imports", func(ctx context.Context, l *lk) error {
		id := l.externalKey(ctx)
		p := l.params(ctx, id, types.AlgorithmSpecRsaesPkcs1V15)
		pub, _, err := wrapping.ParsePublicKey(p.PublicKey)
		if err != nil {
			return err
		}
		// wrapping refuses PKCS#1 v1.5 (PARAMS-011), so wrap with crypto/rsa.
		//lint:ignore SA1019 the deprecated padding is what this deviation is about
		blob, err := rsa.EncryptPKCS1v15(rand.Reader, pub, make([]byte, 32))
		if err != nil {
			return err
		}
		_, err = l.client.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{
			KeyId: aws.String(id), ImportToken: p.ImportToken, EncryptedKeyMaterial: blob,
			ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire,
		})
		if err != nil {
			return fmt.Errorf("import of PKCS#1 v1.5-wrapped material: %v, want success", err)
		}
		return nil
	}},
	{"PARAMS-007 ImportKeyMaterial with a fractional-second ValidTo is read as an empty request: MissingParameterException for KeyId", func(ctx context.Context, l *lk) error {
		id := l.externalKey(ctx)
		p := l.params(ctx, id, types.AlgorithmSpecRsaesOaepSha256)
		pub, _, err := wrapping.ParsePublicKey(p.PublicKey)
		if err != nil {
			return err
		}
		blob, err := wrapping.Wrap(rand.Reader, pub, wrapping.OAEPSHA256, make([]byte, 32))
		if err != nil {
			return err
		}
		in := &kms.ImportKeyMaterialInput{
			KeyId: aws.String(id), ImportToken: p.ImportToken, EncryptedKeyMaterial: blob,
			ExpirationModel: types.ExpirationModelTypeKeyMaterialExpires,
		}
		// The SDK sends epoch seconds with milliseconds: 1767225600.5.
		validTo := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Second).Add(500 * time.Millisecond)
		in.ValidTo = &validTo
		if _, err := l.client.ImportKeyMaterial(ctx, in); code(err) != "MissingParameterException" {
			return fmt.Errorf("fractional ValidTo: got %q, want MissingParameterException", code(err))
		}
		// The same request with a whole-second ValidTo imports: the fraction is the cause.
		whole := validTo.Truncate(time.Second)
		in.ValidTo = &whole
		if _, err := l.client.ImportKeyMaterial(ctx, in); err != nil {
			return fmt.Errorf("whole-second ValidTo: %v, want success", err)
		}
		return nil
	}},
	{"DELETE-001/USE-005 Decrypt without KeyId of a ciphertext of a key in PendingImport gives AccessDeniedException", func(ctx context.Context, l *lk) error {
		id, ct := l.imported(ctx)
		if _, err := l.client.DeleteImportedKeyMaterial(ctx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id)}); err != nil {
			return err
		}
		_, err := l.client.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct})
		if c := code(err); c != "AccessDeniedException" {
			return fmt.Errorf("Decrypt without KeyId: got %q, want AccessDeniedException", c)
		}
		// With the KeyId, the key's state is reported as AWS does.
		_, err = l.client.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct, KeyId: aws.String(id)})
		if c := code(err); c != "KMSInvalidStateException" {
			return fmt.Errorf("Decrypt with KeyId: got %q, want KMSInvalidStateException", c)
		}
		return nil
	}},
	{"DELETE-003 DeleteImportedKeyMaterial on a key in PendingDeletion gives KMSInvalidStateException", func(ctx context.Context, l *lk) error {
		id, _ := l.imported(ctx)
		if _, err := l.client.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)}); err != nil {
			return err
		}
		_, err := l.client.DeleteImportedKeyMaterial(ctx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id)})
		if c := code(err); c != "KMSInvalidStateException" {
			return fmt.Errorf("got %q, want KMSInvalidStateException", c)
		}
		return nil
	}},
	{"DELETE-007/STATE-002 EnableKey on a key in PendingImport succeeds, and after a delete the key decrypts again without a reimport", func(ctx context.Context, l *lk) error {
		fresh := l.externalKey(ctx)
		if _, err := l.client.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String(fresh)}); err != nil {
			return fmt.Errorf("EnableKey on a fresh PendingImport key: %v, want success", err)
		}
		id, ct := l.imported(ctx)
		if _, err := l.client.DeleteImportedKeyMaterial(ctx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id)}); err != nil {
			return err
		}
		if _, err := l.client.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String(id)}); err != nil {
			return fmt.Errorf("EnableKey after DeleteImportedKeyMaterial: %v, want success", err)
		}
		d, err := l.client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
		if err != nil {
			return err
		}
		if d.KeyMetadata.KeyState != types.KeyStateEnabled {
			return fmt.Errorf("state %s after EnableKey, want Enabled", d.KeyMetadata.KeyState)
		}
		if _, err := l.client.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct, KeyId: aws.String(id)}); err != nil {
			return fmt.Errorf("Decrypt after delete and EnableKey: %v, want success (the material was never removed)", err)
		}
		return nil
	}},
	{"EXPIRY-001 ImportKeyMaterial without ExpirationModel panics: the connection is dropped without an answer", func(ctx context.Context, l *lk) error {
		in := l.wrapped(ctx, l.externalKey(ctx))
		_, err := l.client.ImportKeyMaterial(ctx, in)
		var ae smithy.APIError
		if err == nil || errors.As(err, &ae) || !strings.Contains(err.Error(), "EOF") {
			return fmt.Errorf("got %v, want a dropped connection (EOF)", err)
		}
		// The server survives the panic (net/http recovers it).
		if _, err := l.client.ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
			return fmt.Errorf("ListKeys after the dropped connection: %v", err)
		}
		return nil
	}},
	{"IMPORT-003 a missing KeyId, ImportToken or EncryptedKeyMaterial gives MissingParameterException", func(ctx context.Context, l *lk) error {
		full := l.wrapped(ctx, l.externalKey(ctx))
		full.ExpirationModel = types.ExpirationModelTypeKeyMaterialDoesNotExpire
		for name, in := range map[string]kms.ImportKeyMaterialInput{
			"KeyId":                {ImportToken: full.ImportToken, EncryptedKeyMaterial: full.EncryptedKeyMaterial, ExpirationModel: full.ExpirationModel},
			"ImportToken":          {KeyId: full.KeyId, EncryptedKeyMaterial: full.EncryptedKeyMaterial, ExpirationModel: full.ExpirationModel},
			"EncryptedKeyMaterial": {KeyId: full.KeyId, ImportToken: full.ImportToken, ExpirationModel: full.ExpirationModel},
		} {
			_, err := l.lax.ImportKeyMaterial(ctx, &in)
			if c := code(err); c != "MissingParameterException" {
				return fmt.Errorf("without %s: got %q, want MissingParameterException", name, c)
			}
		}
		return nil
	}},
	{"EXPIRY-002/004 with whole-second ValidTo: a ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE, and one 366 days ahead, are accepted", func(ctx context.Context, l *lk) error {
		in := l.wrapped(ctx, l.externalKey(ctx))
		in.ExpirationModel = types.ExpirationModelTypeKeyMaterialDoesNotExpire
		soon := time.Now().Add(24 * time.Hour).Truncate(time.Second)
		in.ValidTo = &soon
		if _, err := l.client.ImportKeyMaterial(ctx, in); err != nil {
			return fmt.Errorf("DOES_NOT_EXPIRE with ValidTo: %v, want success", err)
		}
		in = l.wrapped(ctx, l.externalKey(ctx))
		in.ExpirationModel = types.ExpirationModelTypeKeyMaterialExpires
		far := time.Now().Add(366 * 24 * time.Hour).Truncate(time.Second)
		in.ValidTo = &far
		if _, err := l.client.ImportKeyMaterial(ctx, in); err != nil {
			return fmt.Errorf("ValidTo 366 days ahead: %v, want success", err)
		}
		return nil
	}},
	{"STATE-001/006/007 CancelKeyDeletion always leaves the key Enabled, with or without material", func(ctx context.Context, l *lk) error {
		withMaterial, _ := l.imported(ctx)
		for _, id := range []string{withMaterial, l.externalKey(ctx)} {
			if _, err := l.client.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)}); err != nil {
				return err
			}
			if _, err := l.client.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String(id)}); err != nil {
				return err
			}
			d, err := l.client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
			if err != nil {
				return err
			}
			if d.KeyMetadata.KeyState != types.KeyStateEnabled || !d.KeyMetadata.Enabled {
				return fmt.Errorf("after CancelKeyDeletion: %s, Enabled %v; want Enabled, true", d.KeyMetadata.KeyState, d.KeyMetadata.Enabled)
			}
		}
		return nil
	}},
	{"STATE-003 DisableKey on a key in PendingImport succeeds and makes it Disabled", func(ctx context.Context, l *lk) error {
		id := l.externalKey(ctx)
		if _, err := l.client.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String(id)}); err != nil {
			return fmt.Errorf("DisableKey: %v, want success", err)
		}
		d, err := l.client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
		if err != nil {
			return err
		}
		if d.KeyMetadata.KeyState != types.KeyStateDisabled {
			return fmt.Errorf("state %s, want Disabled", d.KeyMetadata.KeyState)
		}
		return nil
	}},
	{"STATE-005/014 the ScheduleKeyDeletion answer has no KeyState and no PendingWindowInDays", func(ctx context.Context, l *lk) error {
		out, err := l.client.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(l.externalKey(ctx))})
		if err != nil {
			return err
		}
		if out.KeyState != "" || out.PendingWindowInDays != nil || out.DeletionDate == nil {
			return fmt.Errorf("KeyState %q, PendingWindowInDays %v, DeletionDate %v; want absent, absent, present", out.KeyState, out.PendingWindowInDays, out.DeletionDate)
		}
		return nil
	}},
	{"STATE-011/012 CreateGrant and ListKeyPolicies are not implemented: HTTP 501 with a plain-text body", func(ctx context.Context, l *lk) error {
		id := l.externalKey(ctx)
		for _, op := range []string{"CreateGrant", "ListKeyPolicies", "ListGrants"} {
			status, body := l.rawCall(ctx, op, map[string]any{"KeyId": id, "GranteePrincipal": "arn:aws:iam::111122223333:role/x", "Operations": []string{"Encrypt"}})
			if status != http.StatusNotImplemented || !strings.Contains(body, "is not implemented") {
				return fmt.Errorf("%s: HTTP %d %q, want 501 not implemented", op, status, body)
			}
		}
		return nil
	}},
	{"USE-013 Decrypt with KeyId B of a ciphertext of key A, both holding the same material, succeeds", func(ctx context.Context, l *lk) error {
		material := make([]byte, 32)
		rand.Read(material)
		var ids [2]string
		for i := range ids {
			ids[i] = l.externalKey(ctx)
			p := l.params(ctx, ids[i], types.AlgorithmSpecRsaesOaepSha256)
			pub, _, err := wrapping.ParsePublicKey(p.PublicKey)
			if err != nil {
				return err
			}
			blob, err := wrapping.Wrap(rand.Reader, pub, wrapping.OAEPSHA256, material)
			if err != nil {
				return err
			}
			if _, err := l.client.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{KeyId: aws.String(ids[i]), ImportToken: p.ImportToken,
				EncryptedKeyMaterial: blob, ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire}); err != nil {
				return err
			}
		}
		enc, err := l.client.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(ids[0]), Plaintext: []byte("plaintext")})
		if err != nil {
			return err
		}
		out, err := l.client.Decrypt(ctx, &kms.DecryptInput{KeyId: aws.String(ids[1]), CiphertextBlob: enc.CiphertextBlob})
		if err != nil {
			return fmt.Errorf("Decrypt with the other key: %v, want success", err)
		}
		if string(out.Plaintext) != "plaintext" {
			return errors.New("Decrypt with the other key returned another plaintext")
		}
		return nil
	}},
	{"ERRORS-004 the import operations accept an alias name and an alias ARN", func(ctx context.Context, l *lk) error {
		id := l.externalKey(ctx)
		name := "alias/kmsconform-peers-" + id[:8]
		if _, err := l.client.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(name), TargetKeyId: aws.String(id)}); err != nil {
			return err
		}
		for _, ref := range []string{name, "arn:aws:kms:" + DefaultRegion + ":" + DefaultAccount + ":" + name} {
			p, err := l.client.GetParametersForImport(ctx, &kms.GetParametersForImportInput{KeyId: aws.String(ref),
				WrappingAlgorithm: types.AlgorithmSpecRsaesOaepSha256, WrappingKeySpec: types.WrappingKeySpecRsa2048})
			if err != nil {
				return fmt.Errorf("GetParametersForImport by %s: %v, want success", ref, err)
			}
			pub, _, err := wrapping.ParsePublicKey(p.PublicKey)
			if err != nil {
				return err
			}
			blob, err := wrapping.Wrap(rand.Reader, pub, wrapping.OAEPSHA256, make([]byte, 32))
			if err != nil {
				return err
			}
			if _, err := l.client.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{KeyId: aws.String(ref), ImportToken: p.ImportToken,
				EncryptedKeyMaterial: blob, ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire}); err != nil {
				return fmt.Errorf("ImportKeyMaterial by %s: %v, want success", ref, err)
			}
			if _, err := l.client.DeleteImportedKeyMaterial(ctx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(ref)}); err != nil {
				return fmt.Errorf("DeleteImportedKeyMaterial by %s: %v, want success", ref, err)
			}
		}
		return nil
	}},
	{"ERRORS-007/009/011 no length limits: an empty or 2049-character KeyId is looked up, an empty or 6145-byte token or blob reaches the token and unwrap checks", func(ctx context.Context, l *lk) error {
		for _, keyID := range []string{"", strings.Repeat("a", 2049)} {
			if _, err := l.lax.GetParametersForImport(ctx, &kms.GetParametersForImportInput{KeyId: aws.String(keyID),
				WrappingAlgorithm: types.AlgorithmSpecRsaesOaepSha256, WrappingKeySpec: types.WrappingKeySpecRsa2048}); code(err) != "NotFoundException" {
				return fmt.Errorf("KeyId of %d characters: got %q, want NotFoundException", len(keyID), code(err))
			}
		}
		in := l.wrapped(ctx, l.externalKey(ctx))
		in.ExpirationModel = types.ExpirationModelTypeKeyMaterialDoesNotExpire
		for _, token := range [][]byte{{}, make([]byte, 6145)} {
			bad := *in
			bad.ImportToken = token
			if _, err := l.lax.ImportKeyMaterial(ctx, &bad); code(err) != "InvalidImportTokenException" {
				return fmt.Errorf("ImportToken of %d bytes: got %q, want InvalidImportTokenException", len(token), code(err))
			}
		}
		for _, blob := range [][]byte{{}, make([]byte, 6145)} {
			bad := *in
			bad.EncryptedKeyMaterial = blob
			if _, err := l.lax.ImportKeyMaterial(ctx, &bad); code(err) != "InvalidCiphertextException" {
				return fmt.Errorf("EncryptedKeyMaterial of %d bytes: got %q, want InvalidCiphertextException", len(blob), code(err))
			}
		}
		// ERRORS-011: the 6145-byte token with an unknown key is a NotFoundException.
		bad := *in
		bad.KeyId, bad.ImportToken = aws.String("11111111-2222-3333-4444-555555555555"), make([]byte, 6145)
		if _, err := l.lax.ImportKeyMaterial(ctx, &bad); code(err) != "NotFoundException" {
			return fmt.Errorf("6145-byte token, unknown key: got %q, want NotFoundException", code(err))
		}
		return nil
	}},
	{"ERRORS-010/012 a body that does not decode is read as an empty request: MissingParameterException", func(ctx context.Context, l *lk) error {
		for op, body := range map[string]any{
			"ImportKeyMaterial":         map[string]any{"KeyId": 42},
			"GetParametersForImport":    []string{"not", "an", "object"},
			"DeleteImportedKeyMaterial": map[string]any{"KeyId": []string{"a"}},
			"DescribeKey":               map[string]any{"KeyId": map[string]string{}},
		} {
			status, resp := l.rawCall(ctx, op, body)
			if status != http.StatusBadRequest || !strings.Contains(resp, "MissingParameterException") {
				return fmt.Errorf("%s: HTTP %d %s, want 400 MissingParameterException", op, status, resp)
			}
		}
		return nil
	}},
	{"ERRORS-001/003/007 ListKeyRotations is not implemented: HTTP 501 with a plain-text body", func(ctx context.Context, l *lk) error {
		status, body := l.rawCall(ctx, "ListKeyRotations", map[string]any{"KeyId": l.externalKey(ctx)})
		if status != http.StatusNotImplemented || !strings.Contains(body, "is not implemented") {
			return fmt.Errorf("HTTP %d %q, want 501 not implemented", status, body)
		}
		return nil
	}},
	{"USE-014 Decrypt without KeyId of a ciphertext made outside KMS gives AccessDeniedException when its first byte fits as a key ID length", func(ctx context.Context, l *lk) error {
		foreign := make([]byte, 60) // a nonce, a 32-byte message and a tag of AES-256-GCM
		rand.Read(foreign)
		foreign[0] = 12 // read as a 12-byte key identifier that no key has
		_, err := l.client.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: foreign})
		if c := code(err); c != "AccessDeniedException" {
			return fmt.Errorf("got %q, want AccessDeniedException", c)
		}
		// With a first byte larger than the blob can hold, the blob is "too
		// short" and the answer is the right one: a random GCM nonce decides.
		foreign[0] = 200
		_, err = l.client.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: foreign})
		if c := code(err); c != "InvalidCiphertextException" {
			return fmt.Errorf("first byte 200: got %q, want InvalidCiphertextException", c)
		}
		return nil
	}},
	{"USE-014 Decrypt of a ciphertext made outside KMS whose first byte is 0xff panics: the connection is dropped", func(ctx context.Context, l *lk) error {
		id, _ := l.imported(ctx)
		foreign := make([]byte, 44) // a 12-byte nonce, a 16-byte message and a tag of AES-256-GCM
		for i := range 12 {
			foreign[i] = 0xff // the all-one nonce of the scenario
		}
		// The length check is uint8 arithmetic: 1+255+4+1 wraps to 5, so the
		// parser slices 255 bytes out of a 44-byte blob.
		_, err := l.client.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: foreign, KeyId: aws.String(id)})
		var ae smithy.APIError
		if err == nil || errors.As(err, &ae) || !strings.Contains(err.Error(), "EOF") {
			return fmt.Errorf("got %v, want a dropped connection (EOF)", err)
		}
		return nil
	}},
}

func TestLocalKMSDeviations(t *testing.T) {
	l := startForTest(t)
	ctx := context.Background()
	for _, d := range localKMSDeviations {
		t.Run(d.name, func(t *testing.T) {
			l.t = t
			if err := d.check(ctx, l); err != nil {
				t.Fatalf("local-kms does not deviate as the profile says: %v", err)
			}
		})
	}
}
