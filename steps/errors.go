package steps

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"

	"github.com/kmsconform/kmsconform/steps/kmsclient"
)

// Steps of the ERRORS section (identifiers, validation, custom key stores,
// cross-account, precedence; rules.md ERRORS-001..012 and errors.md): calls
// that name a key by any identifier, raw requests with generated values,
// and checks of the error's wire form. Registered with the STATE steps
// (state.go), whose per-scenario state they share.
func (s *sectionState) registerErrors(sc *godog.ScenarioContext) {
	sc.Step(re(`^I call (`+strings.Join(namingOps, "|")+`) naming the key "([^"]*)"$`), s.callNaming)
	sc.Step(re(`^I send the generated raw (\w+) request:$`), s.generatedRaw)
	sc.Step(re(`^the error message contains neither the submitted bytes nor their base64 text$`), s.noEcho)
	sc.Step(re(`^the answer body is a JSON object naming its exception in __type$`), s.bodyNamesException)

	// A second account (@cross-account, ERRORS-005).
	sc.Step(re(`^an EXTERNAL symmetric key "([^"]+)" of the second account$`), s.foreignKey)
	sc.Step(re(`^the second account gets import parameters for "([^"]+)" with ([A-Z0-9_]+) and ([A-Z0-9_]+)$`), s.foreignParams)
	sc.Step(re(`^the second account imports "([^"]+)" into "([^"]+)"$`), s.foreignImport)
	sc.Step(re(`^the key policy of "([^"]+)" allows the account of "([^"]+)" every KMS action$`), s.foreignPolicy)
	sc.Step(re(`^"([^"]+)" is (PendingImport|Enabled|Disabled|PendingDeletion) in the second account$`), s.foreignState)

	// A key in a custom key store (@custom-key-store, ERRORS-006).
	sc.Step(re(`^a symmetric key "([^"]+)" in the target's custom key store$`), s.storeKey)
}

// namingOps are the operations of ERRORS-001..005: the import operations and
// DescribeKey, called with any KeyId text.
var namingOps = []string{"GetParametersForImport", "ImportKeyMaterial", "DeleteImportedKeyMaterial",
	"RotateKeyOnDemand", "ListKeyRotations", "DescribeKey"}

// generator matches the placeholders this file adds to those of
// World.Expand: ${uuid}, ${mrk} (a multi-Region key ID), ${account},
// ${partition}, ${region}, ${otherRegion}, ${runID}, ${chars:N} (N times "a"),
// ${hex:N} and ${HEX:N} (N random hex digits), ${bytes:N} (base64 of N random
// bytes), ${wrap:M:P} (material M wrapped under parameters P), ${alias:A} and
// ${aliasArn:A}.
var generator = regexp.MustCompile(`\$\{(uuid|mrk|account|partition|region|otherRegion|runID|chars|hex|HEX|bytes|wrap|alias|aliasArn)(?::([^}]*))?\}`)

// maxGenerated bounds ${chars:N}, ${hex:N} and ${bytes:N}.
const maxGenerated = 1 << 20

// expand replaces the generator placeholders, then World.Expand's.
func (s *sectionState) expand(text string) (string, error) {
	var errs []error
	out := generator.ReplaceAllStringFunc(text, func(m string) string {
		sub := generator.FindStringSubmatch(m)
		v, err := s.generate(sub[1], sub[2])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", m, err))
			return m
		}
		return v
	})
	if len(errs) > 0 {
		return "", errors.Join(errs...)
	}
	return s.w.Expand(out)
}

func (s *sectionState) generate(name, arg string) (string, error) {
	count := func() (int, error) {
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 || n > maxGenerated {
			return 0, fmt.Errorf("needs a count from 0 to %d", maxGenerated)
		}
		return n, nil
	}
	switch name {
	case "uuid":
		return newUUID(), nil
	case "mrk":
		return "mrk-" + randomHex(32), nil
	case "account", "partition":
		partition, account, err := s.ownAccount()
		if name == "account" {
			return account, err
		}
		return partition, err
	case "region":
		return s.w.Client().Region(), nil
	case "otherRegion":
		return otherRegion(s.w.Client().Region()), nil
	case "runID":
		return s.w.r.runID, nil
	case "chars":
		n, err := count()
		return strings.Repeat("a", n), err
	case "hex", "HEX":
		n, err := count()
		if err != nil || name == "hex" {
			return randomHex(n), err
		}
		// At least one letter, so that the value is surely not lowercase.
		h := strings.ToUpper(randomHex(n))
		if n > 0 && !strings.ContainsAny(h, "ABCDEF") {
			h = "A" + h[1:]
		}
		return h, nil
	case "bytes":
		n, err := count()
		if err != nil {
			return "", err
		}
		b := make([]byte, n)
		rand.Read(b) // never returns an error: since Go 1.24 it crashes the program instead
		v := base64.StdEncoding.EncodeToString(b)
		s.generated = append(s.generated, v)
		return v, nil
	case "wrap":
		mat, params, ok := strings.Cut(arg, ":")
		if !ok {
			return "", errors.New("write ${wrap:M:P}: material M wrapped under the parameters P")
		}
		m, err := s.w.Material(mat)
		if err != nil {
			return "", err
		}
		p, err := s.w.ParamsOf(params)
		if err != nil {
			return "", err
		}
		blob, err := wrap(p, m.Bytes, p.Algorithm)
		if err != nil {
			return "", err
		}
		return b64(blob), nil
	case "alias", "aliasArn":
		a, ok := s.aliases[arg]
		if !ok {
			return "", fmt.Errorf("no alias %q in this scenario", arg)
		}
		if name == "alias" {
			return a.Name, nil
		}
		return a.ARN, nil
	}
	return "", fmt.Errorf("no generator %s", name)
}

// newUUID is a random (version 4) UUID, the form of a single-Region key ID.
func newUUID() string {
	b := make([]byte, 16)
	rand.Read(b) // never returns an error: since Go 1.24 it crashes the program instead
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// otherRegion is a Region of the same partition that is not region.
func otherRegion(region string) string {
	pairs := [][2]string{{"cn-north-1", "cn-northwest-1"}, {"us-gov-west-1", "us-gov-east-1"}, {"us-east-1", "us-west-2"}}
	for _, p := range pairs {
		if region == p[0] {
			return p[1]
		}
		if region == p[1] {
			return p[0]
		}
	}
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "cn-north-1"
	case strings.HasPrefix(region, "us-gov-"):
		return "us-gov-west-1"
	}
	return "us-east-1"
}

// ownAccount is the partition and account of the caller, read from the ARN of
// a key the scenario created in it (no STS call needed).
func (s *sectionState) ownAccount() (partition, account string, err error) {
	names := make([]string, 0, len(s.w.Keys))
	for n := range s.w.Keys {
		if !s.foreign[n] {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "", "", errors.New("the caller's account is read from a key of the scenario: create one first")
	}
	sort.Strings(names)
	return keyAccount(s.w.Keys[names[0]].ARN)
}

// changedOwn marks every key of the caller's account: a call naming a key by
// an arbitrary identifier may have reached any of them.
func (s *sectionState) changedOwn() {
	for n := range s.w.Keys {
		if !s.foreign[n] {
			s.w.Changed(n)
		}
	}
}

// onlyImport returns the scenario's single parameter set and single key
// material, for an ImportKeyMaterial call whose KeyId is arbitrary text.
func (s *sectionState) onlyImport() (*Params, []byte, error) {
	if len(s.w.Params) != 1 || len(s.w.Materials) != 1 {
		return nil, nil, fmt.Errorf("ImportKeyMaterial naming a key by text uses the scenario's only parameter set and only key material; it has %d and %d", len(s.w.Params), len(s.w.Materials))
	}
	var p *Params
	for _, v := range s.w.Params {
		p = v
	}
	var m []byte
	for _, v := range s.w.Materials {
		m = v.Bytes
	}
	return p, m, nil
}

// callNaming calls op with the KeyId text (placeholders expanded) through the
// SDK, every other member valid: RSAES_OAEP_SHA_256 with RSA_2048 for
// GetParametersForImport; for ImportKeyMaterial the scenario's only key
// material wrapped under its only parameter set, with that set's token, not
// expiring (ERRORS-001..005).
func (s *sectionState) callNaming(ctx context.Context, op, template string) error {
	id, err := s.expand(template)
	if err != nil {
		return err
	}
	c := s.w.Client().KMS
	keyID := aws.String(id)
	var callErr error
	switch op {
	case "GetParametersForImport":
		_, callErr = c.GetParametersForImport(ctx, &kms.GetParametersForImportInput{KeyId: keyID,
			WrappingAlgorithm: types.AlgorithmSpecRsaesOaepSha256, WrappingKeySpec: types.WrappingKeySpecRsa2048})
	case "ImportKeyMaterial":
		p, m, err := s.onlyImport()
		if err != nil {
			return err
		}
		blob, err := wrap(p, m, p.Algorithm)
		if err != nil {
			return err
		}
		_, callErr = c.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{KeyId: keyID, ImportToken: p.Out.ImportToken,
			EncryptedKeyMaterial: blob, ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
	case "DeleteImportedKeyMaterial":
		_, callErr = c.DeleteImportedKeyMaterial(ctx, &kms.DeleteImportedKeyMaterialInput{KeyId: keyID})
	case "RotateKeyOnDemand":
		_, callErr = c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: keyID})
	case "ListKeyRotations":
		_, callErr = c.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: keyID})
	case "DescribeKey":
		_, callErr = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: keyID})
	default:
		return fmt.Errorf("no operation %s naming a key", op)
	}
	s.changedOwn()
	return s.w.Record(op, callErr)
}

// generatedRaw sends a raw signed AWS JSON 1.1 request whose body may use the
// generator placeholders as well as World.Expand's.
func (s *sectionState) generatedRaw(ctx context.Context, op string, doc *godog.DocString) error {
	body, err := s.expand(strings.TrimSpace(doc.Content))
	if err != nil {
		return err
	}
	resp, err := s.w.Client().Raw(ctx, op, []byte(body))
	if err != nil {
		return fmt.Errorf("raw %s: %w", op, err)
	}
	s.changedOwn()
	return s.w.RecordRaw(op, resp)
}

// echoWindow is the shortest run of a blob's text (base64, hex) or bytes that
// counts as an echo: long enough that random data never matches by chance.
const echoWindow = 16

// echoes reports whether text contains a run of echoWindow characters of
// value.
func echoes(text []byte, value []byte) bool {
	for i := 0; i+echoWindow <= len(value); i++ {
		if bytes.Contains(text, value[i:i+echoWindow]) {
			return true
		}
	}
	return false
}

// noEcho is ERRORS-009: the error answer (the whole body of a raw answer, the
// message otherwise) holds no run of the generated blobs' bytes, base64 text
// or hex text.
func (s *sectionState) noEcho(ctx context.Context) error {
	res, err := s.w.Result()
	if err != nil {
		return err
	}
	if !res.Failed() {
		return fmt.Errorf("expected an error whose message could be checked; %s", res.Describe())
	}
	if len(s.generated) == 0 {
		return errors.New("no generated blob (${bytes:N}) was sent in this scenario")
	}
	text := []byte(kmsclient.ErrorMessage(res.Err))
	if res.Raw != nil {
		text = res.Raw.Body
	}
	for i, v := range s.generated {
		raw, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return fmt.Errorf("generated blob %d: %w", i+1, err)
		}
		h := hex.EncodeToString(raw)
		for _, form := range []struct {
			what  string
			value []byte
		}{{"base64 text", []byte(v)}, {"bytes", raw}, {"hex text", []byte(h)}, {"hex text", []byte(strings.ToUpper(h))}} {
			if echoes(text, form.value) {
				return fmt.Errorf("ERRORS-009: the %s answer echoes the %s of the %d-byte blob that was sent", res.Op, form.what, len(raw))
			}
		}
	}
	return nil
}

// bodyNamesException is the wire form of ERRORS-010 and ERRORS-012
// (errors.md §2): the body is a JSON object whose __type is a non-empty
// string naming the same code the client read (X-Amzn-ErrorType first), and
// whose message, when present, is a string.
func (s *sectionState) bodyNamesException(ctx context.Context) error {
	res, err := s.w.Result()
	if err != nil {
		return err
	}
	if res.Raw == nil {
		return fmt.Errorf("the last call was not a raw request: %s", res.Describe())
	}
	if !res.Failed() {
		return fmt.Errorf("expected an error answer; %s", res.Describe())
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(res.Raw.Body, &body); err != nil || body == nil {
		return fmt.Errorf("%s (HTTP %d): the body is not a JSON object (%d bytes)", res.Op, res.Raw.Status, len(res.Raw.Body))
	}
	var typ string
	if err := json.Unmarshal(body["__type"], &typ); err != nil || typ == "" {
		return fmt.Errorf("%s (HTTP %d): the body has no __type string", res.Op, res.Raw.Status)
	}
	if got := (&kmsclient.RawResponse{Body: res.Raw.Body}).ErrorType(); got != res.Code() {
		return fmt.Errorf("%s: __type names %s but the answer's code is %s (X-Amzn-ErrorType)", res.Op, got, res.Code())
	}
	for _, k := range []string{"message", "Message"} {
		if m, ok := body[k]; ok {
			var text *string
			if err := json.Unmarshal(m, &text); err != nil {
				return fmt.Errorf("%s: the body's %s is not a string", res.Op, k)
			}
		}
	}
	return nil
}

// secondAccount is a client of the same target with the credentials of the
// profile's second account (target.Profile.CrossAccountProfile, an AWS
// shared-config profile).
func (s *sectionState) secondAccount(ctx context.Context) (*kmsclient.Client, error) {
	name := s.w.r.profile.CrossAccountProfile
	if name == "" {
		return nil, fmt.Errorf("the profile %s claims @cross-account but names no crossAccountProfile (an AWS shared-config profile of a second account)", s.w.r.profile.Name)
	}
	region := s.w.Client().Region()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithSharedConfigProfile(name), config.WithRegion(region))
	if err != nil {
		return nil, fmt.Errorf("loading the second account's profile %q: %w", name, err)
	}
	return kmsclient.New(kmsclient.Config{Endpoint: s.w.r.endpt, Region: region, Credentials: cfg.Credentials, Timeout: s.w.r.timeout})
}

// foreignKey creates an EXTERNAL key in the second account. The World knows it
// by name (its ARN names the other account), but it is never checked through
// the caller's account: that would be refused, which is the point (ERRORS-005).
func (s *sectionState) foreignKey(ctx context.Context, name string) error {
	if _, dup := s.w.Keys[name]; dup {
		return fmt.Errorf("key %q already exists in this scenario", name)
	}
	c, err := s.secondAccount(ctx)
	if err != nil {
		return err
	}
	out, err := c.KMS.CreateKey(ctx, &kms.CreateKeyInput{
		Origin: types.OriginTypeExternal, KeySpec: types.KeySpecSymmetricDefault, KeyUsage: types.KeyUsageTypeEncryptDecrypt,
		Description: aws.String(truncate("kmsconform (second account): "+s.w.sc.Name, 8192)),
		Tags:        []types.Tag{{TagKey: aws.String(RunIDTag), TagValue: aws.String(s.w.r.runID)}},
	})
	if err == nil && (out.KeyMetadata == nil || out.KeyMetadata.KeyId == nil || out.KeyMetadata.Arn == nil) {
		err = errors.New("CreateKey answered without KeyMetadata.KeyId and Arn")
	}
	if rerr := s.w.Record("CreateKey", err); rerr != nil || err != nil {
		return rerr
	}
	md := out.KeyMetadata
	s.w.Keys[name] = &Key{Name: name, ID: *md.KeyId, ARN: *md.Arn, Region: c.Region(), Spec: types.KeySpecSymmetricDefault,
		Usage: types.KeyUsageTypeEncryptDecrypt, Origin: types.OriginTypeExternal, Created: md}
	s.foreign[name] = true
	return nil
}

// foreignKeyOf returns a key of the second account and that account's client.
func (s *sectionState) foreignKeyOf(ctx context.Context, name string) (*Key, *kmsclient.Client, error) {
	k, err := s.w.Key(name)
	if err != nil {
		return nil, nil, err
	}
	if !s.foreign[name] {
		return nil, nil, fmt.Errorf("%q is not a key of the second account", name)
	}
	c, err := s.secondAccount(ctx)
	return k, c, err
}

// foreignParams gets import parameters for the second account's key, as that
// account; they are kept under the key's name.
func (s *sectionState) foreignParams(ctx context.Context, key, alg, spec string) error {
	k, c, err := s.foreignKeyOf(ctx, key)
	if err != nil {
		return err
	}
	out, err := c.KMS.GetParametersForImport(ctx, &kms.GetParametersForImportInput{KeyId: aws.String(k.ID),
		WrappingAlgorithm: types.AlgorithmSpec(alg), WrappingKeySpec: types.WrappingKeySpec(spec)})
	if rerr := s.w.Record("GetParametersForImport", err); rerr != nil || err != nil {
		return rerr
	}
	s.w.Params[key] = &Params{Name: key, Key: key, Algorithm: types.AlgorithmSpec(alg), WrapSpec: types.WrappingKeySpec(spec), Out: out}
	return nil
}

// foreignImport imports material into the second account's key, as that
// account, with the parameters kept under the key's name.
func (s *sectionState) foreignImport(ctx context.Context, mat, key string) error {
	k, c, err := s.foreignKeyOf(ctx, key)
	if err != nil {
		return err
	}
	m, err := s.w.Material(mat)
	if err != nil {
		return err
	}
	p, err := s.w.ParamsOf(key)
	if err != nil {
		return err
	}
	blob, err := wrap(p, m.Bytes, p.Algorithm)
	if err != nil {
		return err
	}
	_, err = c.KMS.ImportKeyMaterial(ctx, &kms.ImportKeyMaterialInput{KeyId: aws.String(k.ID), ImportToken: p.Out.ImportToken,
		EncryptedKeyMaterial: blob, ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
	return s.w.Record("ImportKeyMaterial", err)
}

// foreignPolicy gives the second account's key a policy that keeps its own
// account root in control and allows the account of an own key every kms:*
// action: ERRORS-005 must hold even then.
func (s *sectionState) foreignPolicy(ctx context.Context, key, own string) error {
	k, c, err := s.foreignKeyOf(ctx, key)
	if err != nil {
		return err
	}
	o, err := s.w.Key(own)
	if err != nil {
		return err
	}
	if s.foreign[own] {
		return fmt.Errorf("%q is a key of the second account, not of the caller's", own)
	}
	fp, facct, err := keyAccount(k.ARN)
	if err != nil {
		return err
	}
	op, oacct, err := keyAccount(o.ARN)
	if err != nil {
		return err
	}
	statement := func(sid, partition, account string) map[string]any {
		return map[string]any{"Sid": sid, "Effect": "Allow", "Action": "kms:*", "Resource": "*",
			"Principal": map[string]string{"AWS": fmt.Sprintf("arn:%s:iam::%s:root", partition, account)}}
	}
	policy, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{
		statement("OwnerAccount", fp, facct), statement("CallerAccount", op, oacct)}})
	if err != nil {
		return err
	}
	_, err = c.KMS.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: aws.String(k.ID), PolicyName: aws.String("default"), Policy: aws.String(string(policy))})
	return s.w.Record("PutKeyPolicy", err)
}

// foreignState checks the second account's key as that account sees it.
func (s *sectionState) foreignState(ctx context.Context, key, state string) error {
	k, c, err := s.foreignKeyOf(ctx, key)
	if err != nil {
		return err
	}
	return s.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		out, err := c.KMS.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.ID)})
		if err != nil {
			return kmsclient.ErrorCode(err) != "NotFoundException", fmt.Errorf("DescribeKey %q in the second account: %w", key, err)
		}
		if out.KeyMetadata == nil || string(out.KeyMetadata.KeyState) != state {
			got := "no KeyMetadata"
			if out.KeyMetadata != nil {
				got = string(out.KeyMetadata.KeyState)
			}
			return false, fmt.Errorf("%q is %s in the second account, expected %s", key, got, state)
		}
		return true, nil
	})
}

// storeKey creates a symmetric key in the profile's custom key store
// (ERRORS-006). Only a CloudHSM key store is supported: a key of an external
// key store needs an XksKeyId, which no profile field gives.
func (s *sectionState) storeKey(ctx context.Context, name string) error {
	id := s.w.r.profile.CustomKeyStoreID
	if id == "" {
		return fmt.Errorf("the profile %s claims @custom-key-store but names no customKeyStoreId", s.w.r.profile.Name)
	}
	out, err := s.w.Client().KMS.DescribeCustomKeyStores(ctx, &kms.DescribeCustomKeyStoresInput{CustomKeyStoreId: aws.String(id)})
	if err != nil {
		return fmt.Errorf("DescribeCustomKeyStores %s: %w", id, err)
	}
	if len(out.CustomKeyStores) != 1 {
		return fmt.Errorf("DescribeCustomKeyStores %s listed %d key stores", id, len(out.CustomKeyStores))
	}
	st := out.CustomKeyStores[0]
	if st.CustomKeyStoreType != types.CustomKeyStoreTypeAwsCloudhsm {
		return fmt.Errorf("the custom key store %s is of type %s; creating its keys needs an XksKeyId, which the profile cannot give (only AWS_CLOUDHSM stores are supported)", id, st.CustomKeyStoreType)
	}
	return s.w.create(ctx, string(types.OriginTypeAwsCloudhsm), false, types.KeySpecSymmetricDefault, name, "", id)
}
