package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"

	"github.com/kmsconform/kmsconform/reference/wrapping"
)

// listenT starts a real server on loopback for one test.
func listenT(t *testing.T, opts Options) *Server {
	t.Helper()
	srv, err := Listen("127.0.0.1:0", opts)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return srv
}

// sdkClient is the real aws-sdk-go-v2 KMS client aimed at url, signing with
// SigV4 for region with the given key pair; it never retries.
func sdkClient(url, region, accessKey, secretKey string) *awskms.Client {
	cfg := aws.Config{
		Region:           region,
		Credentials:      credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
		RetryMaxAttempts: 1,
	}
	return awskms.NewFromConfig(cfg, func(o *awskms.Options) { o.BaseEndpoint = aws.String(url) })
}

// apiCode is the AWS error code the SDK surfaced, or "" for no API error.
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// importSymmetric runs the documented import workflow for a symmetric key
// through the SDK and returns the key ID.
func importSymmetric(t *testing.T, ctx context.Context, c *awskms.Client, alg types.AlgorithmSpec) string {
	t.Helper()
	created, err := c.CreateKey(ctx, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal})
	if err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	md := created.KeyMetadata
	if md.KeyState != types.KeyStatePendingImport || md.Origin != types.OriginTypeExternal {
		t.Fatalf("CreateKey: state %s origin %s, want PendingImport EXTERNAL", md.KeyState, md.Origin)
	}
	params, err := c.GetParametersForImport(ctx, &awskms.GetParametersForImportInput{
		KeyId: md.KeyId, WrappingAlgorithm: alg, WrappingKeySpec: types.WrappingKeySpecRsa2048,
	})
	if err != nil {
		t.Fatalf("GetParametersForImport: %v", err)
	}
	if aws.ToString(params.KeyId) != aws.ToString(md.Arn) {
		t.Errorf("GetParametersForImport KeyId %q, want the ARN %q", aws.ToString(params.KeyId), aws.ToString(md.Arn))
	}
	pub, spec, err := wrapping.ParsePublicKey(params.PublicKey)
	if err != nil || spec != wrapping.RSA2048 {
		t.Fatalf("public key: spec %s, %v", spec, err)
	}
	material := make([]byte, 32)
	if _, err := rand.Read(material); err != nil {
		t.Fatal(err)
	}
	wrapped, err := wrapping.Wrap(rand.Reader, pub, wrapping.Algorithm(alg), material)
	if err != nil {
		t.Fatalf("Wrap: %v", err)
	}
	if _, err := c.ImportKeyMaterial(ctx, &awskms.ImportKeyMaterialInput{
		KeyId: md.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped,
		ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire,
	}); err != nil {
		t.Fatalf("ImportKeyMaterial: %v", err)
	}
	return aws.ToString(md.KeyId)
}

// TestSDKImportWorkflow runs the documented import workflow for a symmetric key
// with the real SDK over SigV4, then encrypts and decrypts with the key.
func TestSDKImportWorkflow(t *testing.T) {
	srv := listenT(t, Options{})
	ctx := t.Context()
	c := sdkClient(srv.URL(), "eu-west-1", DefaultAccessKeyID, DefaultSecretAccessKey)
	for _, alg := range []types.AlgorithmSpec{types.AlgorithmSpecRsaesOaepSha256, types.AlgorithmSpecRsaAesKeyWrapSha256} {
		t.Run(string(alg), func(t *testing.T) {
			keyID := importSymmetric(t, ctx, c, alg)
			desc, err := c.DescribeKey(ctx, &awskms.DescribeKeyInput{KeyId: aws.String(keyID)})
			if err != nil {
				t.Fatalf("DescribeKey: %v", err)
			}
			if desc.KeyMetadata.KeyState != types.KeyStateEnabled {
				t.Errorf("KeyState %s after import, want Enabled", desc.KeyMetadata.KeyState)
			}
			// The Region comes from the SigV4 scope, the account from the credential.
			if arn := aws.ToString(desc.KeyMetadata.Arn); !strings.HasPrefix(arn, "arn:aws:kms:eu-west-1:"+DefaultAccount+":key/") {
				t.Errorf("ARN %q: not in eu-west-1 of %s", arn, DefaultAccount)
			}
			plaintext := []byte("kmsconform end to end")
			enc, err := c.Encrypt(ctx, &awskms.EncryptInput{KeyId: aws.String(keyID), Plaintext: plaintext})
			if err != nil {
				t.Fatalf("Encrypt: %v", err)
			}
			dec, err := c.Decrypt(ctx, &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
			if err != nil {
				t.Fatalf("Decrypt: %v", err)
			}
			if !bytes.Equal(dec.Plaintext, plaintext) {
				t.Errorf("Decrypt gave %q", dec.Plaintext)
			}
		})
	}
}

// TestSDKErrors checks the error codes the SDK sees for refusals that the
// server itself makes: signatures, schema validation, unknown keys.
func TestSDKErrors(t *testing.T) {
	srv := listenT(t, Options{AccessKeyID: "AKIDKMSCONFORMTEST", SecretAccessKey: "secret-for-tests"})
	ctx := t.Context()
	good := sdkClient(srv.URL(), "us-east-1", "AKIDKMSCONFORMTEST", "secret-for-tests")
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"wrong secret", func() error {
			_, err := sdkClient(srv.URL(), "us-east-1", "AKIDKMSCONFORMTEST", "wrong").ListKeys(ctx, &awskms.ListKeysInput{})
			return err
		}, "InvalidSignatureException"},
		{"unknown access key", func() error {
			_, err := sdkClient(srv.URL(), "us-east-1", "AKIDUNKNOWN", "secret-for-tests").ListKeys(ctx, &awskms.ListKeysInput{})
			return err
		}, "UnrecognizedClientException"},
		{"ERRORS-008 WrappingAlgorithm BOGUS", func() error {
			_, err := good.GetParametersForImport(ctx, &awskms.GetParametersForImportInput{
				KeyId: aws.String("1234abcd-12ab-34cd-56ef-1234567890ab"), WrappingAlgorithm: "BOGUS", WrappingKeySpec: types.WrappingKeySpecRsa2048,
			})
			return err
		}, "ValidationException"},
		{"ERRORS-011 schema error before unknown key", func() error {
			_, err := good.ImportKeyMaterial(ctx, &awskms.ImportKeyMaterialInput{
				KeyId: aws.String("1234abcd-12ab-34cd-56ef-1234567890ab"), ImportToken: make([]byte, 6145), EncryptedKeyMaterial: []byte{1},
			})
			return err
		}, "ValidationException"},
		{"ERRORS-001 unknown key", func() error {
			_, err := good.DescribeKey(ctx, &awskms.DescribeKeyInput{KeyId: aws.String("1234abcd-12ab-34cd-56ef-1234567890ab")})
			return err
		}, "NotFoundException"},
		{"signed fine", func() error {
			_, err := good.ListKeys(ctx, &awskms.ListKeysInput{})
			return err
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if got := apiCode(err); got != tc.want {
				t.Errorf("code %q (%v), want %q", got, err, tc.want)
			}
		})
	}
	t.Run("unsigned", func(t *testing.T) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+"/", strings.NewReader(`{}`))
		req.Header.Set("X-Amz-Target", "TrentService.ListKeys")
		req.Header.Set("Content-Type", contentType)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		r := decodeResponse(t, resp.StatusCode, resp.Header, b)
		if r.status != 400 || r.errType != "MissingAuthenticationTokenException" {
			t.Errorf("status %d __type %q, want 400 MissingAuthenticationTokenException", r.status, r.errType)
		}
	})
}

// TestSDKTestClock moves the real service's clock through the hook and sees
// the import parameters' validity follow it.
func TestSDKTestClock(t *testing.T) {
	start := time.Unix(1_800_000_000, 0).UTC()
	srv := listenT(t, Options{TestClock: true, ClockStart: start})
	ctx := t.Context()
	c := sdkClient(srv.URL(), "us-east-1", DefaultAccessKeyID, DefaultSecretAccessKey)
	hook := func(method, path, body string) map[string]any {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, method, srv.URL()+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s %s: status %d %v %v", method, path, resp.StatusCode, v, err)
		}
		return v
	}
	if now := hook(http.MethodGet, "/_kmsconform/clock", ""); now["Now"] != float64(1_800_000_000) {
		t.Fatalf("clock %v, want 1800000000", now)
	}
	if now := hook(http.MethodPost, "/_kmsconform/clock", `{"Advance":3600}`); now["Now"] != float64(1_800_003_600) {
		t.Fatalf("clock %v after an hour, want 1800003600", now)
	}
	created, err := c.CreateKey(ctx, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal})
	if err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	params, err := c.GetParametersForImport(ctx, &awskms.GetParametersForImportInput{
		KeyId: created.KeyMetadata.KeyId, WrappingAlgorithm: types.AlgorithmSpecRsaesOaepSha256, WrappingKeySpec: types.WrappingKeySpecRsa2048,
	})
	if err != nil {
		t.Fatalf("GetParametersForImport: %v (SigV4 must use the wall clock, not the test clock)", err)
	}
	if got, want := aws.ToTime(params.ParametersValidTo), start.Add(25*time.Hour); !got.Equal(want) {
		t.Errorf("ParametersValidTo %v, want %v (test clock + 24 h)", got, want)
	}
	hook(http.MethodPost, "/_kmsconform/hold", `{"KeyId":"`+aws.ToString(created.KeyMetadata.KeyId)+`","State":"Updating"}`)
	desc, err := c.DescribeKey(ctx, &awskms.DescribeKeyInput{KeyId: created.KeyMetadata.KeyId})
	if err != nil || desc.KeyMetadata.KeyState != types.KeyStateUpdating {
		t.Errorf("DescribeKey after hold: %v %v, want Updating", desc, err)
	}
}

// TestSDKConcurrent runs several SDK clients importing, encrypting and
// deleting at once (parallel subtests), for the race detector.
func TestSDKConcurrent(t *testing.T) {
	srv := listenT(t, Options{})
	t.Run("clients", func(t *testing.T) {
		for i := range 4 {
			region := []string{"us-east-1", "us-west-2"}[i%2]
			t.Run(fmt.Sprintf("client %d in %s", i, region), func(t *testing.T) {
				t.Parallel()
				ctx := t.Context()
				c := sdkClient(srv.URL(), region, DefaultAccessKeyID, DefaultSecretAccessKey)
				keyID := importSymmetric(t, ctx, c, types.AlgorithmSpecRsaesOaepSha1)
				if _, err := c.Encrypt(ctx, &awskms.EncryptInput{KeyId: aws.String(keyID), Plaintext: []byte("x")}); err != nil {
					t.Errorf("Encrypt: %v", err)
				}
				if _, err := c.DeleteImportedKeyMaterial(ctx, &awskms.DeleteImportedKeyMaterialInput{KeyId: aws.String(keyID)}); err != nil {
					t.Errorf("DeleteImportedKeyMaterial: %v", err)
				}
			})
		}
	})
}

// TestRealServiceRefusals sends raw requests to the real service and checks the
// codes the import rules name, so the validate tags of reference/kms and this
// package's reading of them stay in step.
func TestRealServiceRefusals(t *testing.T) {
	srv, err := New(Options{NoAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	h := srv.Handler()
	const unknown = "1234abcd-12ab-34cd-56ef-1234567890ab"
	big := strings.Repeat("A", 8196) // 6147 decoded bytes
	tests := []struct {
		id, op, body, wantType, wantMessage string
	}{
		{"ERRORS-008 WrappingKeySpec", "GetParametersForImport", `{"KeyId":"` + unknown + `","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"BOGUS"}`, "ValidationException",
			"1 validation error detected: Value 'BOGUS' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, SM2]"},
		{"ERRORS-008 Origin", "CreateKey", `{"Origin":"BOGUS"}`, "ValidationException", ""},
		{"ERRORS-008 ImportType", "ImportKeyMaterial", `{"KeyId":"` + unknown + `","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ==","ImportType":"BOGUS"}`, "ValidationException", ""},
		{"ERRORS-008 IncludeKeyMaterial", "ListKeyRotations", `{"KeyId":"` + unknown + `","IncludeKeyMaterial":"BOGUS"}`, "ValidationException", ""},
		{"ERRORS-007 empty KeyId", "DescribeKey", `{"KeyId":""}`, "ValidationException",
			"1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"ERRORS-007 Limit 0", "ListKeyRotations", `{"KeyId":"` + unknown + `","Limit":0}`, "ValidationException", ""},
		{"ERRORS-007 Limit 1001", "ListKeyRotations", `{"KeyId":"` + unknown + `","Limit":1001}`, "ValidationException", ""},
		{"ERRORS-007 uppercase KeyMaterialId", "DeleteImportedKeyMaterial", `{"KeyId":"` + unknown + `","KeyMaterialId":"` + strings.Repeat("A", 64) + `"}`, "ValidationException", ""},
		{"ERRORS-009 6145-byte ImportToken", "ImportKeyMaterial", `{"KeyId":"` + unknown + `","ImportToken":"` + big + `","EncryptedKeyMaterial":"AQ=="}`, "ValidationException",
			"1 validation error detected: Value at 'importToken' failed to satisfy constraint: Member must have length less than or equal to 6144"},
		{"ERRORS-011 unknown key with a bad token", "ImportKeyMaterial", `{"KeyId":"` + unknown + `","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ=="}`, "NotFoundException", ""},
		{"ERRORS-010 ValidTo as a string", "ImportKeyMaterial", `{"KeyId":"` + unknown + `","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ==","ValidTo":"2030-01-01"}`, "SerializationException", ""},
		{"required members via raw HTTP", "GetParametersForImport", `{}`, "ValidationException", ""},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			r := do(t, h, http.MethodPost, "/", "TrentService."+tc.op, body(tc.body))
			if r.status != 400 || r.errType != tc.wantType {
				t.Fatalf("status %d __type %q, want 400 %s (%s)", r.status, r.errType, tc.wantType, r.body)
			}
			if tc.wantMessage != "" && r.message != tc.wantMessage {
				t.Errorf("message\n got %s\nwant %s", r.message, tc.wantMessage)
			}
		})
	}
}

// TestOversizedBodyOverTCP announces a body over the limit and sends none: the
// server must answer 413 at once instead of waiting for the bytes.
func TestOversizedBodyOverTCP(t *testing.T) {
	srv := listenT(t, Options{NoAuth: true, MaxBodyBytes: 1 << 10})
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A deadline so that a server that waits for the body fails the test
	// instead of hanging it.
	if err := conn.SetDeadline(time.Now().Add(20 * time.Second)); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: %d\r\n\r\n", 10<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := decodeResponse(t, resp.StatusCode, resp.Header, b)
	if r.status != http.StatusRequestEntityTooLarge || r.errType != "ValidationException" {
		t.Errorf("status %d __type %q, want 413 ValidationException", r.status, r.errType)
	}
}
