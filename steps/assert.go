package steps

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cucumber/godog"
)

// Assertions on the last call (rules.md: "a step asserts the code, never the
// message text"). Accepted alternatives of an Ambiguous rule are written out
// in the step: "it fails with UnsupportedOperationException or ValidationException".
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		sc.Step(re(`^`+Subject+` succeeds$`), w.succeeds)
		sc.Step(re(`^`+Subject+` fails with (`+codeList+`)$`), w.failsWith)
		sc.Step(re(`^`+Subject+` succeeds or fails with (`+codeList+`)$`), w.succeedsOrFailsWith)
		sc.Step(re(`^the answer has HTTP status (\d{3})$`), w.answerStatus)
		sc.Step(re(`^the answer has a (4|5)xx HTTP status$`), w.answerStatusClass)
	})
}

// Subject is how a Then step names the last call: "it", "the import", ...
// Extend the list when a new noun reads better; keep it free of "succeeds".
const Subject = `(?:it|the (?:call|request|raw request|operation|import|key creation|parameters request|deletion|replication|encryption|decryption|rotation))`

// codeList matches "A", "A or B", "A, B or C".
const codeList = `[A-Za-z]+(?:(?:, | or )[A-Za-z]+)*`

var codeSplit = regexp.MustCompile(`, | or `)

// Codes splits a code list of a step ("A, B or C").
func Codes(list string) []string { return codeSplit.Split(list, -1) }

func (w *World) succeeds(ctx context.Context) error {
	res, err := w.Result()
	if err != nil {
		return err
	}
	if res.Failed() {
		return fmt.Errorf("expected success; %s", res.Describe())
	}
	return nil
}

// failsWith compares the error code for equality with each accepted code.
func (w *World) failsWith(ctx context.Context, list string) error {
	res, err := w.Result()
	if err != nil {
		return err
	}
	return ExpectCode(res, Codes(list))
}

func (w *World) succeedsOrFailsWith(ctx context.Context, list string) error {
	res, err := w.Result()
	if err != nil {
		return err
	}
	if !res.Failed() {
		return nil
	}
	return ExpectCode(res, Codes(list))
}

// ExpectCode checks that res failed with one of codes.
func ExpectCode(res *Result, codes []string) error {
	if !res.Failed() {
		return fmt.Errorf("expected %s; %s", strings.Join(codes, " or "), res.Describe())
	}
	if got := res.Code(); !slices.Contains(codes, got) {
		return fmt.Errorf("expected %s; %s", strings.Join(codes, " or "), res.Describe())
	}
	return nil
}

func (w *World) answerStatus(ctx context.Context, status int) error {
	res, err := w.Result()
	if err != nil {
		return err
	}
	if res.Raw == nil {
		return fmt.Errorf("the last call was not a raw request: %s", res.Describe())
	}
	if res.Raw.Status != status {
		return fmt.Errorf("expected HTTP %d; %s", status, res.Describe())
	}
	return nil
}

func (w *World) answerStatusClass(ctx context.Context, class int) error {
	res, err := w.Result()
	if err != nil {
		return err
	}
	if res.Raw == nil {
		return fmt.Errorf("the last call was not a raw request: %s", res.Describe())
	}
	if res.Raw.Status/100 != class {
		return fmt.Errorf("expected an HTTP %dxx status; %s", class, res.Describe())
	}
	return nil
}
