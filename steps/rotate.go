package steps

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"

	"github.com/kmsconform/kmsconform/reference/material"
)

// Multiple key materials and on-demand rotation of imported keys, catalogue
// section ROTATE of ../shared/spec/rules.md: ImportKeyMaterial's ImportType,
// KeyMaterialId and KeyMaterialDescription
// (https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html),
// RotateKeyOnDemand, ListKeyRotations, GetKeyRotationStatus,
// Enable/DisableKeyRotation, and the KeyMaterialIds that Decrypt,
// GenerateDataKey* and ReEncrypt report. KeyMaterialIds are remembered by name
// in World.MaterialIDs ("I note the material ID of the import as "ID1"").
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		r := &rotation{w: w, validTo: map[string]time.Time{}}

		// ImportKeyMaterial with the 2025 members.
		sc.Step(re(`^I import "([^"]+)" into "([^"]+)" with ((?:`+importMember+`)(?: and (?:`+importMember+`|`+importExtra+`))*)$`), r.importWithMembers)
		sc.Step(re(`^I rotate "([^"]+)" on demand to new key material "([^"]+)", noting its material ID as "([^"]+)"$`), r.rotateToNew)
		sc.Step(re(`^I rotate "([^"]+)" on demand up to (\d+) times, importing new key material before each rotation and stopping at the first refused rotation$`), r.rotateRepeatedly)
		sc.Step(re(`^at least (\d+) of those rotations succeeded$`), r.atLeastRotations)

		// KeyMaterialIds by name.
		sc.Step(re(`^I note the material ID of the import as "([^"]+)"$`), r.noteImportID)
		sc.Step(re(`^I note the current material ID of "([^"]+)" as "([^"]+)"$`), r.noteCurrentID)
		sc.Step(re(`^the import reports the material ID "([^"]+)"$`), r.importReports)
		sc.Step(re(`^the material IDs "([^"]+)" and "([^"]+)" (are equal|differ)$`), r.compareIDs)
		sc.Step(re(`^the material ID "([^"]+)" is 64 lowercase hex digits$`), r.idWellFormed)
		sc.Step(re(`^the current material ID of "([^"]+)" (?:is|becomes) "([^"]+)"$`), r.currentIDIs)

		// RotateKeyOnDemand.
		sc.Step(re(`^I rotate "([^"]+)" on demand$`), r.rotate)
		sc.Step(re(`^the rotation answers with the key ARN of "([^"]+)"$`), r.rotationKeyID)

		// ListKeyRotations.
		sc.Step(re(`^I list the key rotations of "([^"]+)"((?: (?:with|and) (?:`+listMember+`))*)$`), r.list)
		sc.Step(re(`^I list all key rotations of "([^"]+)" page by page((?: (?:with|and) (?:`+listMember+`))*)$`), r.listAll)
		sc.Step(re(`^the rotations list is empty$`), r.listEmpty)
		sc.Step(re(`^the rotations list has (\d+) entr(?:y|ies)$`), r.listLen)
		sc.Step(re(`^the rotations list has an entry for "([^"]+)" with:$`), r.entryHas)
		sc.Step(re(`^the rotations list has no entry for "([^"]+)"$`), r.noEntry)
		sc.Step(re(`^every entry of the rotations list is well-formed$`), r.entriesWellFormed)
		sc.Step(re(`^the rotations list names exactly ("[^"]+"(?:(?:, | and )"[^"]+")*), each once$`), r.listNamesExactly)
		sc.Step(re(`^the listing took (\d+) pages? of (\d+) entr(?:y|ies) each, Truncated with a NextMarker on all but the last$`), r.pagesShape)
		sc.Step(re(`^it fails with (`+codeList+`) or lists no rotations$`), r.failsOrListsNothing)

		// GetKeyRotationStatus, EnableKeyRotation, DisableKeyRotation.
		sc.Step(re(`^I get the key rotation status of "([^"]+)"$`), r.status)
		sc.Step(re(`^it reports KeyRotationEnabled (true|false)(?: or fails with (`+codeList+`))?$`), r.reportsRotationEnabled)
		sc.Step(re(`^it fails with (`+codeList+`) or reports KeyRotationEnabled (true|false)$`), r.failsOrReportsRotationEnabled)
		sc.Step(re(`^I (enable|disable) automatic rotation of "([^"]+)"$`), r.enableDisableRotation)

		// DeleteImportedKeyMaterial of one named material.
		sc.Step(re(`^I delete the imported key material of "([^"]+)" with KeyMaterialId "([^"]+)"$`), r.deleteMaterialID)

		// The material a cryptographic operation reports (ROTATE-024).
		sc.Step(re(`^decrypting "([^"]+)" reports the material ID "([^"]+)"$`), r.decryptReports)
		sc.Step(re(`^generating a data key( without plaintext)? with "([^"]+)" reports the material ID "([^"]+)"$`), r.dataKeyReports)
		sc.Step(re(`^re-encrypting "([^"]+)" under "([^"]+)" reports the source material ID "([^"]+)" and the destination material ID "([^"]+)"$`), r.reEncryptReports)
	})
}

// Members of an import step: the first names one of the 2025 members, so that
// the step never matches the plain "I import "M" into "K" [with the parameters "P"]".
const (
	importMember = `ImportType (?:[A-Z_]+|omitted)|KeyMaterialId "[^"]*"|KeyMaterialDescription "[^"]*"|a KeyMaterialDescription of \d+ characters`
	importExtra  = `ValidTo in \d+ (?:day|hour)s?|the parameters "[^"]+"`
	listMember   = `IncludeKeyMaterial [A-Z_]+|Limit \d+|Marker "[^"]*"`
)

var (
	importMemberRE = regexp.MustCompile(`ImportType ([A-Z_]+|omitted)|KeyMaterialId "([^"]*)"|KeyMaterialDescription "([^"]*)"|a KeyMaterialDescription of (\d+) characters|ValidTo in (\d+) (day|hour)s?|the parameters "([^"]+)"`)
	listMemberRE   = regexp.MustCompile(`IncludeKeyMaterial ([A-Z_]+)|Limit (\d+)|Marker "([^"]*)"`)
	quotedRE       = regexp.MustCompile(`"([^"]+)"`)

	// backingKeyID is BackingKeyIdType of the KMS API model: 64 characters, ^[a-f0-9]+$ (ROTATE-003).
	backingKeyID = regexp.MustCompile(`^[a-f0-9]{64}$`)
)

// maxPages bounds a paged listing: a server whose NextMarker never ends must
// not hang the run.
const maxPages = 100

// rotation is the per-scenario state of these steps (a fresh one per
// scenario, like the World it belongs to).
type rotation struct {
	w *World

	importRes *Result                         // the Result of the last import made here
	imported  *kms.ImportKeyMaterialOutput    // and its answer
	rotated   *kms.RotateKeyOnDemandOutput    // the last successful RotateKeyOnDemand
	listedKey string                          // the key of the last listing
	pages     []*kms.ListKeyRotationsOutput   // its pages (one for a single call)
	entries   []types.RotationsListEntry      // and their entries, in order
	statusOut *kms.GetKeyRotationStatusOutput // the last GetKeyRotationStatus answer
	succeeded int                             // rotations that succeeded in rotateRepeatedly
	validTo   map[string]time.Time            // KeyMaterialId -> ValidTo of its last import here
}

// MaterialID resolves a KeyMaterialId a feature names: a name noted earlier in
// the scenario, or else a literal 64-digit hexadecimal ID.
func (w *World) MaterialID(name string) (string, error) {
	if id, ok := w.MaterialIDs[name]; ok {
		return id, nil
	}
	if backingKeyID.MatchString(name) {
		return name, nil
	}
	return "", fmt.Errorf("no material ID %q in this scenario (note it with \"I note the material ID of the import as\")", name)
}

// NoteMaterialID remembers a KeyMaterialId under name; an ID that is not 64
// lowercase hex digits fails ROTATE-003.
func (w *World) NoteMaterialID(name, id string) error {
	if _, dup := w.MaterialIDs[name]; dup {
		return fmt.Errorf("material ID %q was already noted in this scenario", name)
	}
	if !backingKeyID.MatchString(id) { // ROTATE-003: BackingKeyIdType
		return fmt.Errorf("ROTATE-003: KeyMaterialId %q is not 64 lowercase hex digits", id)
	}
	w.MaterialIDs[name] = id
	return nil
}

// freshParameters gets a new parameter set for key under the key's name, with
// a wrapping the guide lists for its spec (as importedKey does): each import
// of these steps follows the documented workflow from its own download, so
// that no scenario depends on reusing an import token (TOKEN rules).
func (r *rotation) freshParameters(ctx context.Context, k *Key, c *kms.Client) (*Params, error) {
	alg := types.AlgorithmSpecRsaesOaepSha256
	if material.Asymmetric(material.Spec(k.Spec)) {
		alg = types.AlgorithmSpecRsaAesKeyWrapSha256
	}
	now, exact, err := r.w.Now(ctx)
	if err != nil {
		return nil, err
	}
	out, err := c.GetParametersForImport(ctx, &kms.GetParametersForImportInput{
		KeyId: aws.String(k.ID), WrappingAlgorithm: alg, WrappingKeySpec: types.WrappingKeySpecRsa2048,
	})
	if err != nil {
		return nil, fmt.Errorf("getting import parameters for %q before the import: %w", k.Name, err)
	}
	p := &Params{Name: k.Name, Key: k.Name, Algorithm: alg, WrapSpec: types.WrappingKeySpecRsa2048, Out: out, RequestedAt: now, ExactTime: exact}
	r.w.Params[k.Name] = p
	return p, nil
}

// importWithMembers wraps material mat and imports it into key with the
// members the step lists (KEY_MATERIAL_DOES_NOT_EXPIRE unless a ValidTo is
// given). Without "the parameters", it downloads a fresh set first.
func (r *rotation) importWithMembers(ctx context.Context, mat, key, members string) error {
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	now := func() (time.Time, error) {
		t, _, err := r.w.Now(ctx)
		return t, err
	}
	in, params, err := importInput(members, now, r.w.MaterialID)
	if err != nil {
		return err
	}
	in.KeyId = aws.String(k.ID)
	return r.doImport(ctx, mat, k, params, in)
}

// importInput turns the members of an import step into the request (without
// KeyId, token and material) and the name of the parameters to use ("" for
// fresh ones). now is the target's time, asked for only when a ValidTo is
// given; ids resolves a named KeyMaterialId.
func importInput(members string, now func() (time.Time, error), ids func(string) (string, error)) (*kms.ImportKeyMaterialInput, string, error) {
	in := &kms.ImportKeyMaterialInput{ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire}
	params := ""
	matches := importMemberRE.FindAllStringSubmatch(members, -1)
	if len(matches) == 0 {
		return nil, "", fmt.Errorf("no import member in %q", members)
	}
	for _, m := range matches {
		switch {
		case m[1] == "omitted":
			in.ImportType = "" // ROTATE-001, ROTATE-002: the default applies
		case m[1] != "":
			in.ImportType = types.ImportType(m[1])
		case strings.HasPrefix(m[0], "KeyMaterialId"):
			id, err := ids(m[2])
			if err != nil {
				return nil, "", err
			}
			in.KeyMaterialId = aws.String(id)
		case strings.HasPrefix(m[0], "KeyMaterialDescription"):
			in.KeyMaterialDescription = aws.String(m[3])
		case m[4] != "":
			n, err := strconv.Atoi(m[4])
			if err != nil {
				return nil, "", err
			}
			in.KeyMaterialDescription = aws.String(strings.Repeat("d", n)) // ROTATE-022: only the length can be wrong
		case m[5] != "":
			n, err := strconv.Atoi(m[5])
			if err != nil {
				return nil, "", err
			}
			t, err := now()
			if err != nil {
				return nil, "", err
			}
			in.ExpirationModel, in.ValidTo = types.ExpirationModelTypeKeyMaterialExpires, aws.Time(t.Add(time.Duration(n)*units[m[6]]))
		case m[7] != "":
			params = m[7]
		}
	}
	return in, params, nil
}

// doImport wraps mat under the parameters (fresh ones when params is "") and
// calls ImportKeyMaterial with in; the answer is kept for the Then steps.
func (r *rotation) doImport(ctx context.Context, mat string, k *Key, params string, in *kms.ImportKeyMaterialInput) error {
	m, err := r.w.Material(mat)
	if err != nil {
		return err
	}
	c, err := r.w.KMS(k)
	if err != nil {
		return err
	}
	var p *Params
	if params == "" {
		p, err = r.freshParameters(ctx, k, c)
	} else {
		p, err = r.w.ParamsOf(params)
	}
	if err != nil {
		return err
	}
	blob, err := wrap(p, m.Bytes, p.Algorithm)
	if err != nil {
		return err
	}
	in.ImportToken, in.EncryptedKeyMaterial = p.Out.ImportToken, blob
	out, err := c.ImportKeyMaterial(ctx, in)
	r.w.Changed(k.Name)
	r.imported, r.importRes = nil, nil
	if rerr := r.w.Record("ImportKeyMaterial", err); rerr != nil {
		return rerr
	}
	r.importRes = r.w.Last
	if err == nil {
		r.imported = out
		if id := aws.ToString(out.KeyMaterialId); id != "" && in.ValidTo != nil {
			r.validTo[id] = *in.ValidTo
		} else if id != "" {
			delete(r.validTo, id)
		}
	}
	return nil
}

// lastImport is the answer of the import these steps made last, provided it
// is also the scenario's last call and it succeeded.
func (r *rotation) lastImport() (*kms.ImportKeyMaterialOutput, error) {
	if r.importRes == nil || r.w.Last != r.importRes {
		return nil, errors.New("the last call was not an import by \"I import ... with ImportType|KeyMaterialId|KeyMaterialDescription ...\"")
	}
	r.importRes.Checked = true
	if r.importRes.Failed() {
		return nil, fmt.Errorf("the import did not succeed: %s", r.importRes.Describe())
	}
	return r.imported, nil
}

func (r *rotation) noteImportID(ctx context.Context, name string) error {
	out, err := r.lastImport()
	if err != nil {
		return err
	}
	id := aws.ToString(out.KeyMaterialId)
	if id == "" {
		return errors.New("ROTATE-001: ImportKeyMaterial answered without a KeyMaterialId for a symmetric key")
	}
	return r.w.NoteMaterialID(name, id)
}

func (r *rotation) importReports(ctx context.Context, name string) error {
	out, err := r.lastImport()
	if err != nil {
		return err
	}
	want, err := r.w.MaterialID(name)
	if err != nil {
		return err
	}
	if got := aws.ToString(out.KeyMaterialId); got != want {
		return fmt.Errorf("ImportKeyMaterial reports KeyMaterialId %q, expected %q (%s)", got, want, name)
	}
	return nil
}

// currentID is the key's CurrentKeyMaterialId, "" when DescribeKey omits it.
func (r *rotation) currentID(ctx context.Context, key string) (string, error) {
	k, err := r.w.Key(key)
	if err != nil {
		return "", err
	}
	md, err := r.w.Describe(ctx, k)
	if err != nil {
		return "", err
	}
	return aws.ToString(md.CurrentKeyMaterialId), nil
}

func (r *rotation) noteCurrentID(ctx context.Context, key, name string) error {
	id, err := r.currentID(ctx, key)
	if err != nil {
		return err
	}
	if id == "" {
		return fmt.Errorf("ROTATE-025: DescribeKey of %q has no CurrentKeyMaterialId", key)
	}
	return r.w.NoteMaterialID(name, id)
}

func (r *rotation) compareIDs(ctx context.Context, a, b, how string) error {
	ida, err := r.w.MaterialID(a)
	if err != nil {
		return err
	}
	idb, err := r.w.MaterialID(b)
	if err != nil {
		return err
	}
	// ROTATE-003: the ID is determined by the KMS key and the material.
	if equal := ida == idb; equal != (how == "are equal") {
		return fmt.Errorf("ROTATE-003: material IDs %q (%s) and %q (%s): expected them to %s", a, ida, b, idb, strings.Replace(how, "are", "be", 1))
	}
	return nil
}

func (r *rotation) idWellFormed(ctx context.Context, name string) error {
	id, err := r.w.MaterialID(name)
	if err != nil {
		return err
	}
	if !backingKeyID.MatchString(id) { // ROTATE-003
		return fmt.Errorf("ROTATE-003: material ID %q is %q, not 64 lowercase hex digits", name, id)
	}
	return nil
}

// currentIDIs polls DescribeKey until CurrentKeyMaterialId is the named ID:
// on-demand rotation completes in the background (ROTATE-010 Ambiguous), so
// the wait is bounded by the run's polling settings (at once on the reference).
func (r *rotation) currentIDIs(ctx context.Context, key, name string) error {
	want, err := r.w.MaterialID(name)
	if err != nil {
		return err
	}
	return r.w.Poll(ctx, func(ctx context.Context) (bool, error) {
		got, err := r.currentID(ctx, key)
		if err != nil {
			return true, err
		}
		if got != want {
			return false, fmt.Errorf("CurrentKeyMaterialId of %q is %q, expected %q (%s)", key, got, want, name)
		}
		return true, nil
	})
}

func (r *rotation) rotate(ctx context.Context, key string) error {
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	c, err := r.w.KMS(k)
	if err != nil {
		return err
	}
	out, err := c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(k.ID)})
	r.w.Changed(key)
	r.rotated = nil
	if err == nil {
		r.rotated = out
	}
	return r.w.Record("RotateKeyOnDemand", err)
}

// ROTATE-010: the response's KeyId is the key ARN.
func (r *rotation) rotationKeyID(ctx context.Context, key string) error {
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	if r.rotated == nil {
		return errors.New("no successful RotateKeyOnDemand in this scenario")
	}
	if got := aws.ToString(r.rotated.KeyId); got != k.ARN {
		return fmt.Errorf("ROTATE-010: RotateKeyOnDemand answered KeyId %q, expected the key ARN %q", got, k.ARN)
	}
	return nil
}

// rotateToNew imports new symmetric material mat as NEW_KEY_MATERIAL, rotates
// to it and waits until it is current (ROTATE-004, ROTATE-010).
func (r *rotation) rotateToNew(ctx context.Context, key, mat, name string) error {
	if err := r.w.materialFor(ctx, mat, key); err != nil {
		return err
	}
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	if err := r.doImport(ctx, mat, k, "", &kms.ImportKeyMaterialInput{KeyId: aws.String(k.ID),
		ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire, ImportType: types.ImportTypeNewKeyMaterial}); err != nil {
		return err
	}
	if r.w.Last.Failed() {
		return fmt.Errorf("importing new key material %q: %s", mat, r.w.Last.Describe())
	}
	if err := r.noteImportID(ctx, name); err != nil {
		return err
	}
	if err := r.rotate(ctx, key); err != nil {
		return err
	}
	if r.w.Last.Failed() {
		r.w.Last.Checked = true
		return fmt.Errorf("rotating %q: %s", key, r.w.Last.Describe())
	}
	return r.currentIDIs(ctx, key, name)
}

// rotateRepeatedly imports new material and rotates to it, at most limit
// times, stopping at the first refused rotation, which stays the result for
// the Then steps (ROTATE-015). A refused import fails the step: each rotation
// needs its PENDING_ROTATION material (ROTATE-011).
func (r *rotation) rotateRepeatedly(ctx context.Context, key string, limit int) error {
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	r.succeeded = 0
	for i := 1; i <= limit; i++ {
		mat := fmt.Sprintf("%s rotation material %d", key, i)
		if err := r.w.materialFor(ctx, mat, key); err != nil {
			return err
		}
		in := &kms.ImportKeyMaterialInput{KeyId: aws.String(k.ID), ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire, ImportType: types.ImportTypeNewKeyMaterial}
		if err := r.doImport(ctx, mat, k, "", in); err != nil {
			return err
		}
		r.w.Last.Checked = true
		if r.w.Last.Failed() {
			return fmt.Errorf("after %d successful rotations, importing new key material failed: %s", r.succeeded, r.w.Last.Describe())
		}
		id := aws.ToString(r.imported.KeyMaterialId)
		if err := r.rotate(ctx, key); err != nil {
			return err
		}
		if r.w.Last.Failed() {
			return nil // the refused rotation is the result the Then steps check
		}
		r.succeeded++
		r.w.Last.Checked = true
		// On-demand rotation completes in the background; the next NEW import
		// needs it done (ROTATE-005).
		if err := r.w.Poll(ctx, func(ctx context.Context) (bool, error) {
			got, err := r.currentID(ctx, key)
			if err != nil {
				return true, err
			}
			if got != id {
				return false, fmt.Errorf("rotation %d of %q: CurrentKeyMaterialId is %q, expected the new material's %q", i, key, got, id)
			}
			return true, nil
		}); err != nil {
			return err
		}
	}
	return nil
}

func (r *rotation) atLeastRotations(ctx context.Context, n int) error {
	if r.succeeded < n {
		return fmt.Errorf("ROTATE-015: only %d on-demand rotations succeeded before the first refusal, expected at least %d", r.succeeded, n)
	}
	return nil
}

// list calls ListKeyRotations once with the step's members.
func (r *rotation) list(ctx context.Context, key, members string) error {
	in, err := listInput(members)
	if err != nil {
		return err
	}
	return r.listPages(ctx, key, in, false)
}

// listAll follows NextMarker until the listing ends (ROTATE-021).
func (r *rotation) listAll(ctx context.Context, key, members string) error {
	in, err := listInput(members)
	if err != nil {
		return err
	}
	if in.Marker != nil {
		return errors.New("a listing page by page starts without a Marker")
	}
	return r.listPages(ctx, key, in, true)
}

func listInput(members string) (*kms.ListKeyRotationsInput, error) {
	in := &kms.ListKeyRotationsInput{}
	for _, m := range listMemberRE.FindAllStringSubmatch(members, -1) {
		switch {
		case m[1] != "":
			in.IncludeKeyMaterial = types.IncludeKeyMaterial(m[1])
		case m[2] != "":
			n, err := strconv.Atoi(m[2])
			if err != nil {
				return nil, err
			}
			in.Limit = aws.Int32(int32(n))
		case strings.HasPrefix(m[0], "Marker"):
			in.Marker = aws.String(m[3])
		}
	}
	return in, nil
}

func (r *rotation) listPages(ctx context.Context, key string, in *kms.ListKeyRotationsInput, all bool) error {
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	c, err := r.w.KMS(k)
	if err != nil {
		return err
	}
	in.KeyId = aws.String(k.ID)
	r.listedKey, r.pages, r.entries = key, nil, nil
	for {
		out, err := c.ListKeyRotations(ctx, in)
		if rerr := r.w.Record("ListKeyRotations", err); rerr != nil || err != nil {
			return rerr
		}
		r.pages = append(r.pages, out)
		r.entries = append(r.entries, out.Rotations...)
		if !all || !out.Truncated {
			return nil
		}
		if aws.ToString(out.NextMarker) == "" {
			return fmt.Errorf("ROTATE-021: page %d of the listing is Truncated without a NextMarker", len(r.pages))
		}
		if len(r.pages) == maxPages {
			return fmt.Errorf("ROTATE-021: the listing did not end after %d pages", maxPages)
		}
		in.Marker = out.NextMarker
	}
}

// listing is the last listing, after checking that it succeeded.
func (r *rotation) listing() ([]types.RotationsListEntry, error) {
	res, err := r.w.Result()
	if err != nil {
		return nil, err
	}
	if res.Op != "ListKeyRotations" || r.pages == nil {
		return nil, fmt.Errorf("the last call was %s, not a ListKeyRotations listing", res.Op)
	}
	if res.Failed() {
		return nil, fmt.Errorf("ListKeyRotations did not succeed: %s", res.Describe())
	}
	return r.entries, nil
}

func (r *rotation) listEmpty(ctx context.Context) error {
	return r.listLen(ctx, 0)
}

func (r *rotation) listLen(ctx context.Context, n int) error {
	es, err := r.listing()
	if err != nil {
		return err
	}
	if len(es) != n {
		return fmt.Errorf("ListKeyRotations of %q lists %d entries (%s), expected %d", r.listedKey, len(es), r.describeEntries(es), n)
	}
	return nil
}

// describeEntries names the listed materials by the names the scenario gave
// them, for failure messages.
func (r *rotation) describeEntries(es []types.RotationsListEntry) string {
	if len(es) == 0 {
		return "none"
	}
	var parts []string
	for _, e := range es {
		id := aws.ToString(e.KeyMaterialId)
		label := id
		for n, v := range r.w.MaterialIDs {
			if v == id {
				label = n
			}
		}
		parts = append(parts, fmt.Sprintf("%s %s", label, e.KeyMaterialState))
	}
	return strings.Join(parts, ", ")
}

// entriesFor returns the listed entries of the named material.
func (r *rotation) entriesFor(name string) ([]types.RotationsListEntry, error) {
	es, err := r.listing()
	if err != nil {
		return nil, err
	}
	id, err := r.w.MaterialID(name)
	if err != nil {
		return nil, err
	}
	var out []types.RotationsListEntry
	for _, e := range es {
		if aws.ToString(e.KeyMaterialId) == id {
			out = append(out, e)
		}
	}
	return out, nil
}

// entryFields renders a RotationsListEntry's members as strings; absent
// members are missing.
func entryFields(e types.RotationsListEntry) map[string]string {
	f := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			f[k] = v
		}
	}
	set("KeyId", aws.ToString(e.KeyId))
	set("KeyMaterialId", aws.ToString(e.KeyMaterialId))
	set("KeyMaterialDescription", aws.ToString(e.KeyMaterialDescription))
	set("KeyMaterialState", string(e.KeyMaterialState))
	set("ImportState", string(e.ImportState))
	set("ExpirationModel", string(e.ExpirationModel))
	set("RotationType", string(e.RotationType))
	if e.RotationDate != nil {
		f["RotationDate"] = e.RotationDate.UTC().Format(time.RFC3339)
	}
	if e.ValidTo != nil {
		f["ValidTo"] = e.ValidTo.UTC().Format(time.RFC3339)
	}
	return f
}

// entryHas compares the named members of the material's one entry (table rows
// "| member | value |"; "absent" and "present" test presence only).
func (r *rotation) entryHas(ctx context.Context, name string, table *godog.Table) error {
	es, err := r.entriesFor(name)
	if err != nil {
		return err
	}
	if len(es) != 1 {
		return fmt.Errorf("ListKeyRotations of %q lists %s %d times (%s), expected once", r.listedKey, name, len(es), r.describeEntries(r.entries))
	}
	got := entryFields(es[0])
	var errs []string
	for _, row := range table.Rows {
		if len(row.Cells) != 2 {
			return errors.New("entry table rows need 2 cells: member | value")
		}
		field, want := row.Cells[0].Value, row.Cells[1].Value
		if field == "member" {
			continue // header
		}
		if want == "present" {
			if _, ok := got[field]; !ok {
				errs = append(errs, fmt.Sprintf("%s is absent, expected it present", field))
			}
			continue
		}
		if err := compareField(got, field, want); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("ListKeyRotations entry of %s: %s", name, strings.Join(errs, "; "))
	}
	return nil
}

func (r *rotation) noEntry(ctx context.Context, name string) error {
	es, err := r.entriesFor(name)
	if err != nil {
		return err
	}
	if len(es) > 0 {
		return fmt.Errorf("ListKeyRotations of %q lists %s (%s), expected it absent", r.listedKey, name, r.describeEntries(es))
	}
	return nil
}

var (
	importStates   = []types.ImportState{types.ImportStateImported, types.ImportStatePendingImport}
	materialStates = []types.KeyMaterialState{types.KeyMaterialStateCurrent, types.KeyMaterialStateNonCurrent,
		types.KeyMaterialStatePendingRotation, types.KeyMaterialStatePendingMultiRegionImportAndRotation}
	expirationModels = []types.ExpirationModelType{types.ExpirationModelTypeKeyMaterialExpires, types.ExpirationModelTypeKeyMaterialDoesNotExpire}
	rotationTypes    = []types.RotationType{types.RotationTypeAutomatic, types.RotationTypeOnDemand}
)

// entriesWellFormed checks ROTATE-019 on every listed entry of a symmetric
// EXTERNAL key.
func (r *rotation) entriesWellFormed(ctx context.Context) error {
	es, err := r.listing()
	if err != nil {
		return err
	}
	k, err := r.w.Key(r.listedKey)
	if err != nil {
		return err
	}
	if errs := checkEntries(k.ARN, es, r.validTo); len(errs) > 0 {
		return fmt.Errorf("ROTATE-019: ListKeyRotations of %q: %s", r.listedKey, strings.Join(errs, "; "))
	}
	return nil
}

// checkEntries lists what is wrong with the entries of a symmetric EXTERNAL
// key (ROTATE-019, API_RotationsListEntry.html); validTo holds the ValidTo
// each material got at its last import, where known. RotationDate being epoch
// seconds is checked by the SDK's decoder, which refuses any other encoding.
func checkEntries(arn string, es []types.RotationsListEntry, validTo map[string]time.Time) []string {
	var errs []string
	for i, e := range es {
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Sprintf("entry %d (%s): %s", i+1, aws.ToString(e.KeyMaterialId), fmt.Sprintf(format, args...)))
		}
		if got := aws.ToString(e.KeyId); got != arn {
			bad("KeyId %q, expected the key ARN %q", got, arn)
		}
		if !backingKeyID.MatchString(aws.ToString(e.KeyMaterialId)) {
			bad("KeyMaterialId is not 64 lowercase hex digits")
		}
		if !slices.Contains(importStates, e.ImportState) {
			bad("ImportState %q, expected one of %v", e.ImportState, importStates)
		}
		if !slices.Contains(materialStates, e.KeyMaterialState) {
			bad("KeyMaterialState %q, expected one of %v", e.KeyMaterialState, materialStates)
		}
		switch {
		case e.ExpirationModel == "" && e.ImportState == types.ImportStateImported:
			bad("no ExpirationModel for IMPORTED material")
		case e.ExpirationModel != "" && !slices.Contains(expirationModels, e.ExpirationModel):
			bad("ExpirationModel %q, expected one of %v", e.ExpirationModel, expirationModels)
		}
		if (e.ValidTo != nil) != (e.ExpirationModel == types.ExpirationModelTypeKeyMaterialExpires) {
			bad("ValidTo present %v with ExpirationModel %q (ValidTo must be present exactly when the material expires)", e.ValidTo != nil, e.ExpirationModel)
		}
		if want, ok := validTo[aws.ToString(e.KeyMaterialId)]; ok && e.ValidTo != nil {
			if d := e.ValidTo.Sub(want); d < -time.Second || d > time.Second {
				bad("ValidTo %s, but the import set %s", e.ValidTo.UTC().Format(time.RFC3339), want.UTC().Format(time.RFC3339))
			}
		}
		if (e.RotationDate != nil) != (e.RotationType != "") {
			bad("RotationDate present %v but RotationType %q: a rotation-made entry has both", e.RotationDate != nil, e.RotationType)
		}
		if e.RotationType != "" && !slices.Contains(rotationTypes, e.RotationType) {
			bad("RotationType %q, expected one of %v", e.RotationType, rotationTypes)
		}
		if e.KeyMaterialState == types.KeyMaterialStatePendingRotation && (e.RotationDate != nil || e.RotationType != "") {
			bad("PENDING_ROTATION material carries a RotationDate or RotationType")
		}
	}
	return errs
}

func (r *rotation) listNamesExactly(ctx context.Context, list string) error {
	es, err := r.listing()
	if err != nil {
		return err
	}
	var want []string
	for _, m := range quotedRE.FindAllStringSubmatch(list, -1) {
		id, err := r.w.MaterialID(m[1])
		if err != nil {
			return err
		}
		want = append(want, id)
	}
	var got []string
	for _, e := range es {
		got = append(got, aws.ToString(e.KeyMaterialId))
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		return fmt.Errorf("ListKeyRotations of %q lists %s, expected exactly %s, each once", r.listedKey, r.describeEntries(es), list)
	}
	return nil
}

// ROTATE-021: n pages of exactly size entries; every page but the last is
// Truncated with a NextMarker, the last is neither.
func (r *rotation) pagesShape(ctx context.Context, n, size int) error {
	if _, err := r.listing(); err != nil {
		return err
	}
	if len(r.pages) != n {
		return fmt.Errorf("ROTATE-021: the listing of %q took %d pages, expected %d", r.listedKey, len(r.pages), n)
	}
	for i, p := range r.pages {
		last := i == len(r.pages)-1
		if len(p.Rotations) != size {
			return fmt.Errorf("ROTATE-021: page %d lists %d entries, expected %d", i+1, len(p.Rotations), size)
		}
		if marker := aws.ToString(p.NextMarker) != ""; p.Truncated == last || marker == last {
			return fmt.Errorf("ROTATE-021: page %d of %d has Truncated %v and NextMarker present %v", i+1, n, p.Truncated, marker)
		}
	}
	return nil
}

// ROTATE-020 Ambiguous: refused with one of codes, or an empty list.
func (r *rotation) failsOrListsNothing(ctx context.Context, codes string) error {
	res, err := r.w.Result()
	if err != nil {
		return err
	}
	if res.Op != "ListKeyRotations" {
		return fmt.Errorf("the last call was %s, not ListKeyRotations", res.Op)
	}
	if res.Failed() {
		return ExpectCode(res, Codes(codes))
	}
	if len(r.entries) > 0 {
		return fmt.Errorf("expected %s or an empty list; ListKeyRotations of %q lists %s", strings.Join(Codes(codes), " or "), r.listedKey, r.describeEntries(r.entries))
	}
	return nil
}

func (r *rotation) status(ctx context.Context, key string) error {
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	c, err := r.w.KMS(k)
	if err != nil {
		return err
	}
	out, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(k.ID)})
	r.statusOut = nil
	if err == nil {
		r.statusOut = out
	}
	return r.w.Record("GetKeyRotationStatus", err)
}

// statusResult is the last GetKeyRotationStatus result.
func (r *rotation) statusResult() (*Result, error) {
	res, err := r.w.Result()
	if err != nil {
		return nil, err
	}
	if res.Op != "GetKeyRotationStatus" {
		return nil, fmt.Errorf("the last call was %s, not GetKeyRotationStatus", res.Op)
	}
	return res, nil
}

func (r *rotation) checkRotationEnabled(want string) error {
	if got := strconv.FormatBool(r.statusOut.KeyRotationEnabled); got != want {
		return fmt.Errorf("ROTATE-017: GetKeyRotationStatus reports KeyRotationEnabled %s, expected %s", got, want)
	}
	return nil
}

// ROTATE-017: KeyRotationEnabled, or (Ambiguous) one of codes.
func (r *rotation) reportsRotationEnabled(ctx context.Context, want, codes string) error {
	res, err := r.statusResult()
	if err != nil {
		return err
	}
	if res.Failed() {
		if codes == "" {
			return fmt.Errorf("expected KeyRotationEnabled %s; %s", want, res.Describe())
		}
		return ExpectCode(res, Codes(codes))
	}
	return r.checkRotationEnabled(want)
}

func (r *rotation) failsOrReportsRotationEnabled(ctx context.Context, codes, want string) error {
	return r.reportsRotationEnabled(ctx, want, codes)
}

func (r *rotation) enableDisableRotation(ctx context.Context, verb, key string) error {
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	c, err := r.w.KMS(k)
	if err != nil {
		return err
	}
	r.w.Changed(key)
	if verb == "enable" {
		_, err = c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(k.ID)})
		return r.w.Record("EnableKeyRotation", err)
	}
	_, err = c.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: aws.String(k.ID)})
	return r.w.Record("DisableKeyRotation", err)
}

func (r *rotation) deleteMaterialID(ctx context.Context, key, name string) error {
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	id, err := r.w.MaterialID(name)
	if err != nil {
		return err
	}
	c, err := r.w.KMS(k)
	if err != nil {
		return err
	}
	_, err = c.DeleteImportedKeyMaterial(ctx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(k.ID), KeyMaterialId: aws.String(id)})
	r.w.Changed(key)
	return r.w.Record("DeleteImportedKeyMaterial", err)
}

// expectMaterialID compares a KeyMaterialId an operation reported (ROTATE-024).
func (r *rotation) expectMaterialID(op, member string, got *string, name string) error {
	want, err := r.w.MaterialID(name)
	if err != nil {
		return err
	}
	if aws.ToString(got) != want {
		return fmt.Errorf("ROTATE-024: %s reports %s %q, expected %q (%s)", op, member, aws.ToString(got), want, name)
	}
	return nil
}

// decryptReports decrypts a named ciphertext (it must give back its
// plaintext) and compares the KeyMaterialId Decrypt reports. An assertion:
// the call is not kept as the scenario's last result.
func (r *rotation) decryptReports(ctx context.Context, ct, name string) error {
	blob, ok := r.w.Ciphertexts[ct]
	if !ok {
		return fmt.Errorf("no ciphertext %q in this scenario", ct)
	}
	out, err := r.w.Client().KMS.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: blob})
	if err != nil {
		return fmt.Errorf("decrypting %q: %w", ct, err)
	}
	if want, ok := r.w.plain[ct]; ok && !bytes.Equal(out.Plaintext, want) {
		return fmt.Errorf("decrypting %q returned a different plaintext (%d bytes, expected %d)", ct, len(out.Plaintext), len(want))
	}
	return r.expectMaterialID("Decrypt", "KeyMaterialId", out.KeyMaterialId, name)
}

// dataKeyReports generates a data key and compares the KeyMaterialId the
// answer reports, then decrypts the encrypted data key: Decrypt must report
// the same material (and, with plaintext, give back the data key).
func (r *rotation) dataKeyReports(ctx context.Context, without, key, name string) error {
	k, err := r.w.Key(key)
	if err != nil {
		return err
	}
	c, err := r.w.KMS(k)
	if err != nil {
		return err
	}
	var (
		op        = "GenerateDataKey"
		blob, pt  []byte
		reportsID *string
	)
	if without != "" {
		op = "GenerateDataKeyWithoutPlaintext"
		out, err := c.GenerateDataKeyWithoutPlaintext(ctx, &kms.GenerateDataKeyWithoutPlaintextInput{KeyId: aws.String(k.ID), KeySpec: types.DataKeySpecAes256})
		if err != nil {
			return fmt.Errorf("%s with %q: %w", op, key, err)
		}
		blob, reportsID = out.CiphertextBlob, out.KeyMaterialId
	} else {
		out, err := c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: aws.String(k.ID), KeySpec: types.DataKeySpecAes256})
		if err != nil {
			return fmt.Errorf("%s with %q: %w", op, key, err)
		}
		blob, pt, reportsID = out.CiphertextBlob, out.Plaintext, out.KeyMaterialId
	}
	if err := r.expectMaterialID(op, "KeyMaterialId", reportsID, name); err != nil {
		return err
	}
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: blob, KeyId: aws.String(k.ID)})
	if err != nil {
		return fmt.Errorf("decrypting the data key from %s: %w", op, err)
	}
	if pt != nil && !bytes.Equal(dec.Plaintext, pt) {
		return fmt.Errorf("decrypting the data key from %s returned a different data key", op)
	}
	return r.expectMaterialID("Decrypt of the data key from "+op, "KeyMaterialId", dec.KeyMaterialId, name)
}

// reEncryptReports re-encrypts a named ciphertext under key dst and compares
// SourceKeyMaterialId and DestinationKeyMaterialId; the new ciphertext must
// decrypt to the same plaintext, reporting the destination material.
func (r *rotation) reEncryptReports(ctx context.Context, ct, dst, src, dest string) error {
	blob, ok := r.w.Ciphertexts[ct]
	if !ok {
		return fmt.Errorf("no ciphertext %q in this scenario", ct)
	}
	k, err := r.w.Key(dst)
	if err != nil {
		return err
	}
	c, err := r.w.KMS(k)
	if err != nil {
		return err
	}
	out, err := c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: blob, DestinationKeyId: aws.String(k.ID)})
	if err != nil {
		return fmt.Errorf("re-encrypting %q under %q: %w", ct, dst, err)
	}
	if err := r.expectMaterialID("ReEncrypt", "SourceKeyMaterialId", out.SourceKeyMaterialId, src); err != nil {
		return err
	}
	if err := r.expectMaterialID("ReEncrypt", "DestinationKeyMaterialId", out.DestinationKeyMaterialId, dest); err != nil {
		return err
	}
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: out.CiphertextBlob, KeyId: aws.String(k.ID)})
	if err != nil {
		return fmt.Errorf("decrypting the re-encrypted %q: %w", ct, err)
	}
	if want, ok := r.w.plain[ct]; ok && !bytes.Equal(dec.Plaintext, want) {
		return fmt.Errorf("the re-encrypted %q decrypts to a different plaintext", ct)
	}
	return r.expectMaterialID("Decrypt of the re-encrypted ciphertext", "KeyMaterialId", dec.KeyMaterialId, dest)
}
