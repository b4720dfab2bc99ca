package steps

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"
)

// Import tokens (catalogue section TOKEN): altered, random and expired tokens,
// and requests sent again with the same token.
func (s *importer) registerToken(sc *godog.ScenarioContext) {
	sc.Step(re(`^I advance the clock to (\d+) seconds? (before|after) the parameters `+impQuoted+` expire$`), s.advanceToExpiry)
	sc.Step(re(`^I import `+impQuoted+` into `+impQuoted+impWithParams+` with its import token (with one byte flipped at the start|with one byte flipped in the middle|with one byte flipped at the end|truncated by one byte)$`), s.importAlteredToken)
	sc.Step(re(`^I import `+impQuoted+` into `+impQuoted+impWithParams+` with (\d+) random bytes as the import token$`), s.importRandomToken)
	sc.Step(re(`^I import `+impQuoted+` into `+impQuoted+impWithParams+` with the import token of `+impQuoted+` with its last byte changed$`), s.importOthersAlteredToken)
	sc.Step(re(`^I send the same import token and wrapped material again, (not expiring|expiring in (\d+) days)$`), s.sendAgain)
}

// advanceToExpiry moves the target's test clock to n seconds before or after
// the ParametersValidTo of the parameters (TOKEN-001, TOKEN-002, TOKEN-004).
func (s *importer) advanceToExpiry(ctx context.Context, n int, side, params string) error {
	if !s.w.r.caps["clock"] {
		return fmt.Errorf("this step needs the test clock: tag the scenario @clock (the profile %s has no clock)", s.w.r.profile.Name)
	}
	p, err := s.w.ParamsOf(params)
	if err != nil {
		return err
	}
	if p.Out.ParametersValidTo == nil {
		return fmt.Errorf("the parameters %q have no ParametersValidTo", params)
	}
	offset := time.Duration(n) * time.Second
	if side == "before" {
		offset = -offset
	}
	target := p.Out.ParametersValidTo.Add(offset)
	now, err := s.w.Client().Now(ctx)
	if err != nil {
		return err
	}
	d := target.Sub(now)
	if d <= 0 {
		return fmt.Errorf("the target's clock (%s) is already past %s", now.Format(time.RFC3339Nano), target.Format(time.RFC3339Nano))
	}
	got, err := s.w.Client().Advance(ctx, d)
	if err != nil {
		return err
	}
	// The hook answers in float seconds: allow its rounding, not more.
	if diff := got.Sub(target); diff < -time.Millisecond || diff > time.Millisecond {
		return fmt.Errorf("the target's clock moved to %s, expected %s", got.Format(time.RFC3339Nano), target.Format(time.RFC3339Nano))
	}
	s.w.ChangedAll()
	return nil
}

// Token alterations of TOKEN-003 and TOKEN-004.
const (
	tokFlipStart = "with one byte flipped at the start"
	tokFlipMid   = "with one byte flipped in the middle"
	tokFlipEnd   = "with one byte flipped at the end"
	tokTruncate  = "truncated by one byte"
)

// alterToken returns a copy of tok altered as how says: one byte inverted
// (every bit flipped) at the start, in the middle or at the end, or the last
// byte cut off. tok itself is never changed.
func alterToken(tok []byte, how string) ([]byte, error) {
	if len(tok) < 2 {
		return nil, fmt.Errorf("steps: an import token of %d bytes is too short to alter", len(tok))
	}
	out := slices.Clone(tok)
	switch how {
	case tokFlipStart:
		out[0] ^= 0xff
	case tokFlipMid:
		out[len(out)/2] ^= 0xff
	case tokFlipEnd:
		out[len(out)-1] ^= 0xff
	case tokTruncate:
		out = out[:len(out)-1]
	default:
		return nil, fmt.Errorf("steps: unknown token alteration %q", how)
	}
	return out, nil
}

// changeLastByte returns a copy of tok whose last byte is one more (mod 256).
func changeLastByte(tok []byte) ([]byte, error) {
	if len(tok) == 0 {
		return nil, fmt.Errorf("steps: an empty import token has no last byte")
	}
	out := slices.Clone(tok)
	out[len(out)-1]++
	return out, nil
}

// randomImportToken returns n random bytes.
func randomImportToken(r io.Reader, n int) ([]byte, error) {
	if n < 1 || n > 6144 {
		return nil, fmt.Errorf("steps: %d bytes is outside the ImportToken length range 1..6144", n)
	}
	out := make([]byte, n)
	if _, err := io.ReadFull(r, out); err != nil {
		return nil, fmt.Errorf("steps: random import token: %w", err)
	}
	return out, nil
}

// TOKEN-003, TOKEN-004: material wrapped as for a genuine import, with the
// parameters' own token altered.
func (s *importer) importAlteredToken(ctx context.Context, mat, key, params, how string) error {
	in, err := s.request(mat, key, params)
	if err != nil {
		return err
	}
	if in.ImportToken, err = alterToken(in.ImportToken, how); err != nil {
		return err
	}
	_, err = s.send(ctx, key, in)
	return err
}

// TOKEN-003: random bytes in place of the token.
func (s *importer) importRandomToken(ctx context.Context, mat, key, params string, n int) error {
	in, err := s.request(mat, key, params)
	if err != nil {
		return err
	}
	if in.ImportToken, err = randomImportToken(rand.Reader, n); err != nil {
		return err
	}
	_, err = s.send(ctx, key, in)
	return err
}

// TOKEN-003: the token of another GetParametersForImport answer, with its last
// byte changed, in place of the token that goes with the wrapping.
func (s *importer) importOthersAlteredToken(ctx context.Context, mat, key, params, other string) error {
	in, err := s.request(mat, key, params)
	if err != nil {
		return err
	}
	o, err := s.w.ParamsOf(other)
	if err != nil {
		return err
	}
	if in.ImportToken, err = changeLastByte(o.Out.ImportToken); err != nil {
		return err
	}
	_, err = s.send(ctx, key, in)
	return err
}

// sendAgain sends the last import request of these steps again, with the same
// key, token and wrapped material, and the expiration given (TOKEN-005,
// TOKEN-006).
func (s *importer) sendAgain(ctx context.Context, expiry string, days string) error {
	if s.last == nil {
		return fmt.Errorf("no earlier import request of this scenario can be sent again (import with a step that keeps its request first)")
	}
	in := *s.last
	in.ImportToken, in.EncryptedKeyMaterial = slices.Clone(s.last.ImportToken), slices.Clone(s.last.EncryptedKeyMaterial)
	in.ExpirationModel, in.ValidTo = types.ExpirationModelTypeKeyMaterialDoesNotExpire, nil
	if expiry != "not expiring" {
		var n int
		if _, err := fmt.Sscan(days, &n); err != nil {
			return fmt.Errorf("steps: %q days: %w", days, err)
		}
		now, _, err := s.w.Now(ctx)
		if err != nil {
			return err
		}
		in.ExpirationModel = types.ExpirationModelTypeKeyMaterialExpires
		in.ValidTo = aws.Time(now.Add(time.Duration(n) * 24 * time.Hour))
	}
	_, err := s.send(ctx, s.lastKey, &in)
	return err
}
