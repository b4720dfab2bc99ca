package steps

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"
)

// ImportKeyMaterial basics: catalogue sections IMPORT, TOKEN and REIMPORT of
// ../shared/spec/rules.md (features/import.feature, token.feature,
// reimport.feature), over the operation of
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html.
//
// These steps send ImportKeyMaterial requests that importing.go's steps cannot
// express (an altered token, a bad ValidTo, a description, a repeated
// request) and keep what those rules assert on: the answers and the last
// request. One importer serves one scenario.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		s := &importer{w: w, answers: map[string]*kms.ImportKeyMaterialOutput{}, rotations: map[string][]string{}}
		s.registerImport(sc)
		s.registerToken(sc)
		s.registerReimport(sc)
	})
}

// importer is the per-scenario state of the IMPORT, TOKEN and REIMPORT steps.
type importer struct {
	w       *World
	answers map[string]*kms.ImportKeyMaterialOutput // by the name a step gave them
	// last is the last ImportKeyMaterial request these steps sent, and the
	// World name of its key: TOKEN-005 and TOKEN-006 send it again.
	last    *kms.ImportKeyMaterialInput
	lastKey string
	// rotations are ListKeyRotations(ALL_KEY_MATERIAL) entries noted per key,
	// rendered for comparison (IMPORT-005).
	rotations map[string][]string
}

// Shared fragments of the step expressions.
const (
	impQuoted     = `"([^"]+)"`
	impWithParams = `(?: with the parameters "([^"]+)")?`
	impTimeUnit   = `(second|minute|hour|day)s?`
)

func (s *importer) registerImport(sc *godog.ScenarioContext) {
	sc.Step(re(`^I import `+impQuoted+` into `+impQuoted+impWithParams+`, keeping the answer as `+impQuoted+`$`), s.importKeeping)
	sc.Step(re(`^the import answer `+impQuoted+` has the ARN of `+impQuoted+` as its KeyId$`), s.answerKeyIDIsARN)
	sc.Step(re(`^the import answer `+impQuoted+` has a KeyMaterialId of 64 lowercase hex digits$`), s.answerHasMaterialID)
	sc.Step(re(`^the import answer `+impQuoted+` has no KeyMaterialId or one of 64 lowercase hex digits$`), s.answerMayHaveMaterialID)
	sc.Step(re(`^the CurrentKeyMaterialId of `+impQuoted+` is the KeyMaterialId of the import answer `+impQuoted+`$`), s.currentIsAnswered)
	sc.Step(re(`^I send an ImportKeyMaterial request for `+impQuoted+` into `+impQuoted+` without (KeyId|ImportToken|EncryptedKeyMaterial|any of its required members)$`), s.importMissing)
	sc.Step(re(`^I import `+impQuoted+` into `+impQuoted+impWithParams+` without a ValidTo$`), s.importNoValidTo)
	sc.Step(re(`^I import `+impQuoted+` into `+impQuoted+impWithParams+` with a ValidTo (\d+) `+impTimeUnit+` (in the past|from now)$`), s.importValidTo)
	sc.Step(re(`^I import (\d+) random bytes as the wrapped material into `+impQuoted+impWithParams+`$`), s.importRandomBlob)
	sc.Step(re(`^`+impQuoted+` has a ValidTo (\d+) `+impTimeUnit+` from now$`), s.validToFromNow)
	sc.Step(re(`^`+impQuoted+` is either (\w+) or (\w+)$`), s.isEither)
	sc.Step(re(`^`+impQuoted+` is (\w+) if the import succeeded, else (\w+)$`), s.stateAfterImport)
	sc.Step(re(`^I note the ListKeyRotations entries of `+impQuoted+`$`), s.noteRotations)
	sc.Step(re(`^the ListKeyRotations entries of `+impQuoted+` are unchanged$`), s.rotationsUnchanged)
}

// request builds an ImportKeyMaterial request for key: material mat wrapped
// under the public key of the parameters params (by default the key's own)
// with their algorithm, their token, and material that does not expire.
func (s *importer) request(mat, key, params string) (*kms.ImportKeyMaterialInput, error) {
	m, err := s.w.Material(mat)
	if err != nil {
		return nil, err
	}
	k, err := s.w.Key(key)
	if err != nil {
		return nil, err
	}
	p, err := s.params(key, params)
	if err != nil {
		return nil, err
	}
	blob, err := wrap(p, m.Bytes, p.Algorithm)
	if err != nil {
		return nil, fmt.Errorf("steps: wrapping %q for %q: %w", mat, key, err)
	}
	return &kms.ImportKeyMaterialInput{
		KeyId:                aws.String(k.ID),
		ImportToken:          slices.Clone(p.Out.ImportToken),
		EncryptedKeyMaterial: blob,
		ExpirationModel:      types.ExpirationModelTypeKeyMaterialDoesNotExpire,
	}, nil
}

func (s *importer) params(key, params string) (*Params, error) {
	if params == "" {
		params = key
	}
	return s.w.ParamsOf(params)
}

// send sends in to key's Region, records the outcome for the Then steps and
// remembers the request.
func (s *importer) send(ctx context.Context, key string, in *kms.ImportKeyMaterialInput) (*kms.ImportKeyMaterialOutput, error) {
	k, err := s.w.Key(key)
	if err != nil {
		return nil, err
	}
	c, err := s.w.KMS(k)
	if err != nil {
		return nil, err
	}
	s.last, s.lastKey = in, key
	out, err := c.ImportKeyMaterial(ctx, in)
	s.w.Changed(key)
	if rerr := s.w.Record("ImportKeyMaterial", err); rerr != nil || err != nil {
		return nil, rerr
	}
	return out, nil
}

func (s *importer) importKeeping(ctx context.Context, mat, key, params, answer string) error {
	if _, dup := s.answers[answer]; dup {
		return fmt.Errorf("an import answer %q already exists in this scenario", answer)
	}
	in, err := s.request(mat, key, params)
	if err != nil {
		return err
	}
	out, err := s.send(ctx, key, in)
	if err != nil || out == nil {
		return err
	}
	s.answers[answer] = out
	return nil
}

func (s *importer) answer(name string) (*kms.ImportKeyMaterialOutput, error) {
	a, ok := s.answers[name]
	if !ok {
		return nil, fmt.Errorf("no import answer %q in this scenario (a successful \"I import ..., keeping the answer as\" keeps one)", name)
	}
	return a, nil
}

// IMPORT-002: the answer's KeyId is the key ARN.
func (s *importer) answerKeyIDIsARN(ctx context.Context, name, key string) error {
	a, err := s.answer(name)
	if err != nil {
		return err
	}
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	if got := aws.ToString(a.KeyId); got != k.ARN {
		return fmt.Errorf("IMPORT-002: ImportKeyMaterial answered KeyId %q, the ARN of %q is %q", got, key, k.ARN)
	}
	return nil
}

// importedMaterialID is BackingKeyIdType: 64 lowercase hex digits (ROTATE-003).
var importedMaterialID = regexp.MustCompile(`^[a-f0-9]{64}$`)

// IMPORT-002: a symmetric import answers the ID of the imported material.
func (s *importer) answerHasMaterialID(ctx context.Context, name string) error {
	a, err := s.answer(name)
	if err != nil {
		return err
	}
	if id := aws.ToString(a.KeyMaterialId); !importedMaterialID.MatchString(id) {
		return fmt.Errorf("IMPORT-002: KeyMaterialId is %q, expected 64 lowercase hex digits", id)
	}
	return nil
}

// IMPORT-002 (Ambiguous): for asymmetric and HMAC imports the ID may be absent.
func (s *importer) answerMayHaveMaterialID(ctx context.Context, name string) error {
	a, err := s.answer(name)
	if err != nil {
		return err
	}
	if a.KeyMaterialId == nil {
		return nil
	}
	return s.answerHasMaterialID(ctx, name)
}

func (s *importer) currentIsAnswered(ctx context.Context, key, name string) error {
	a, err := s.answer(name)
	if err != nil {
		return err
	}
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	md, err := s.w.Describe(ctx, k)
	if err != nil {
		return err
	}
	if got, want := aws.ToString(md.CurrentKeyMaterialId), aws.ToString(a.KeyMaterialId); got != want || want == "" {
		return fmt.Errorf("CurrentKeyMaterialId of %q is %q, the import answer %q named KeyMaterialId %q", key, got, name, want)
	}
	return nil
}

// importMissing sends, as a raw signed request, a complete ImportKeyMaterial
// request with one required member left out (IMPORT-003): the SDK refuses to
// send it, so it goes through the raw caller.
func (s *importer) importMissing(ctx context.Context, mat, key, member string) error {
	in, err := s.request(mat, key, "")
	if err != nil {
		return err
	}
	body := map[string]any{
		"KeyId":                aws.ToString(in.KeyId),
		"ImportToken":          in.ImportToken, // encoding/json writes []byte as standard base64, as AWS JSON 1.1 wants
		"EncryptedKeyMaterial": in.EncryptedKeyMaterial,
		"ExpirationModel":      string(in.ExpirationModel),
	}
	if member == "any of its required members" {
		delete(body, "KeyId")
		delete(body, "ImportToken")
		delete(body, "EncryptedKeyMaterial")
	} else {
		delete(body, member)
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("steps: encoding the ImportKeyMaterial request: %w", err)
	}
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	c, err := s.w.ClientIn(k.Region)
	if err != nil {
		return err
	}
	resp, err := c.Raw(ctx, "ImportKeyMaterial", raw)
	if err != nil {
		return fmt.Errorf("steps: raw ImportKeyMaterial: %w", err)
	}
	s.w.Changed(key)
	return s.w.RecordRaw("ImportKeyMaterial", resp)
}

// EXPIRY-001: KEY_MATERIAL_EXPIRES needs a ValidTo; the failure is one of the
// failed imports of IMPORT-005 and TOKEN-006.
func (s *importer) importNoValidTo(ctx context.Context, mat, key, params string) error {
	in, err := s.request(mat, key, params)
	if err != nil {
		return err
	}
	in.ExpirationModel = types.ExpirationModelTypeKeyMaterialExpires
	_, err = s.send(ctx, key, in)
	return err
}

// importValidTo imports material that expires n units before or after the
// target's time: EXPIRY-003 refuses a ValidTo in the past, EXPIRY-004 one
// more than 365 days ahead (IMPORT-005, TOKEN-006).
func (s *importer) importValidTo(ctx context.Context, mat, key, params string, n int, unit, when string) error {
	in, err := s.request(mat, key, params)
	if err != nil {
		return err
	}
	now, _, err := s.w.Now(ctx)
	if err != nil {
		return err
	}
	in.ExpirationModel = types.ExpirationModelTypeKeyMaterialExpires
	d := time.Duration(n) * units[unit]
	if when == "in the past" {
		d = -d
	}
	in.ValidTo = aws.Time(now.Add(d))
	_, err = s.send(ctx, key, in)
	return err
}

// importRandomBlob sends n random bytes as EncryptedKeyMaterial with a genuine
// token (WRAP-004: InvalidCiphertextException), for IMPORT-005 and TOKEN-006.
func (s *importer) importRandomBlob(ctx context.Context, n int, key, params string) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	p, err := s.params(key, params)
	if err != nil {
		return err
	}
	blob := make([]byte, n)
	if _, err := rand.Read(blob); err != nil {
		return fmt.Errorf("steps: random wrapped material: %w", err)
	}
	_, err = s.send(ctx, key, &kms.ImportKeyMaterialInput{
		KeyId: aws.String(k.ID), ImportToken: slices.Clone(p.Out.ImportToken), EncryptedKeyMaterial: blob,
		ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire,
	})
	return err
}

// validToFromNow compares DescribeKey's ValidTo with the target's time plus
// n units: to the second under the test clock (the wire carries
// milliseconds), within 5 minutes of the local clock otherwise.
func (s *importer) validToFromNow(ctx context.Context, key string, n int, unit string) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	md, err := s.w.Describe(ctx, k)
	if err != nil {
		return err
	}
	if md.ValidTo == nil {
		return fmt.Errorf("DescribeKey of %q has no ValidTo (ExpirationModel %q)", key, md.ExpirationModel)
	}
	now, exact, err := s.w.Now(ctx)
	if err != nil {
		return err
	}
	want := now.Add(time.Duration(n) * units[unit])
	tolerance := 5 * time.Minute
	if exact {
		tolerance = time.Second
	}
	if d := md.ValidTo.Sub(want); d < -tolerance || d > tolerance {
		return fmt.Errorf("ValidTo of %q is %s, expected %s (±%s)", key, md.ValidTo.UTC().Format(time.RFC3339Nano), want.UTC().Format(time.RFC3339Nano), tolerance)
	}
	return nil
}

// isEither is the outcome of an Ambiguous rule that accepts two key states
// (REIMPORT-007: Disabled preferred, or Enabled).
func (s *importer) isEither(ctx context.Context, key, a, b string) error {
	k, err := s.w.Key(key)
	if err != nil {
		return err
	}
	return s.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		md, err := s.w.Describe(ctx, k)
		if err != nil {
			return true, err
		}
		if st := string(md.KeyState); st != a && st != b {
			return false, fmt.Errorf("%q is %s, expected %s or %s", key, st, a, b)
		}
		return true, nil
	})
}

// stateAfterImport checks the key's state against the outcome of the last
// import, where a rule accepts success or refusal (TOKEN-005, TOKEN-006).
func (s *importer) stateAfterImport(ctx context.Context, key, ifOK, ifFailed string) error {
	res := s.w.Last
	if res == nil || res.Op != "ImportKeyMaterial" {
		return fmt.Errorf("the last call was not ImportKeyMaterial")
	}
	want := ifOK
	if res.Failed() {
		want = ifFailed
	}
	return s.w.isInState(ctx, key, want)
}

// rotationEntries renders ListKeyRotations(IncludeKeyMaterial=ALL_KEY_MATERIAL)
// of the key, every page, one string per entry with every member a failed
// import could change (IMPORT-005).
func (s *importer) rotationEntries(ctx context.Context, key string) ([]string, error) {
	k, err := s.w.Key(key)
	if err != nil {
		return nil, err
	}
	c, err := s.w.KMS(k)
	if err != nil {
		return nil, err
	}
	var out []string
	in := &kms.ListKeyRotationsInput{KeyId: aws.String(k.ID), IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial}
	for page := 0; ; page++ {
		if page == 100 {
			return nil, fmt.Errorf("ListKeyRotations of %q: more than 100 pages", key)
		}
		res, err := c.ListKeyRotations(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("ListKeyRotations of %q: %w", key, err)
		}
		for _, e := range res.Rotations {
			out = append(out, fmt.Sprintf("KeyMaterialId=%s KeyMaterialState=%s ImportState=%s ExpirationModel=%s ValidTo=%s Description=%q RotationDate=%s RotationType=%s",
				aws.ToString(e.KeyMaterialId), e.KeyMaterialState, e.ImportState, e.ExpirationModel, rotationTime(e.ValidTo),
				aws.ToString(e.KeyMaterialDescription), rotationTime(e.RotationDate), e.RotationType))
		}
		if !res.Truncated || aws.ToString(res.NextMarker) == "" {
			return out, nil
		}
		in.Marker = res.NextMarker
	}
}

func rotationTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func (s *importer) noteRotations(ctx context.Context, key string) error {
	entries, err := s.rotationEntries(ctx, key)
	if err != nil {
		return err
	}
	s.rotations[key] = entries
	return nil
}

// IMPORT-005: a failed import leaves ListKeyRotations as it was.
func (s *importer) rotationsUnchanged(ctx context.Context, key string) error {
	before, ok := s.rotations[key]
	if !ok {
		return fmt.Errorf("no ListKeyRotations entries of %q were noted (use \"I note the ListKeyRotations entries of\")", key)
	}
	after, err := s.rotationEntries(ctx, key)
	if err != nil {
		return err
	}
	if !slices.Equal(before, after) {
		return fmt.Errorf("IMPORT-005: ListKeyRotations of %q changed:\n  before: %s\n  after:  %s", key,
			strings.Join(before, "\n          "), strings.Join(after, "\n          "))
	}
	return nil
}
