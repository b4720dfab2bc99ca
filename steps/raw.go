package steps

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/cucumber/godog"
)

// Raw AWS JSON 1.1 requests, for what the SDK refuses to send: missing
// required members, values outside the enums or ranges (PARAMS-010, IMPORT-003,
// ERRORS-007/008/010). The body is a doc string; ${K} is the key ID of key K,
// ${K.arn} its ARN, ${P.token} the base64 import token of parameters P.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		sc.Step(re(`^I send the raw (\w+) request:$`), w.rawRequest)
	})
}

var placeholder = regexp.MustCompile(`\$\{([^}.]+)(?:\.(arn|token))?\}`)

// Expand replaces the placeholders of a raw request body.
func (w *World) Expand(body string) (string, error) {
	var err error
	out := placeholder.ReplaceAllStringFunc(body, func(s string) string {
		m := placeholder.FindStringSubmatch(s)
		switch m[2] {
		case "token":
			p, e := w.ParamsOf(m[1])
			if e != nil {
				err = e
				return s
			}
			return b64(p.Out.ImportToken)
		default:
			k, e := w.Key(m[1])
			if e != nil {
				err = e
				return s
			}
			if m[2] == "arn" {
				return k.ARN
			}
			return k.ID
		}
	})
	return out, err
}

func (w *World) rawRequest(ctx context.Context, op string, doc *godog.DocString) error {
	body, err := w.Expand(strings.TrimSpace(doc.Content))
	if err != nil {
		return err
	}
	resp, err := w.Client().Raw(ctx, op, []byte(body))
	if err != nil {
		return fmt.Errorf("raw %s: %w", op, err)
	}
	return w.RecordRaw(op, resp)
}
