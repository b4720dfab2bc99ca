package kmsclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/aws/smithy-go"
)

// ErrorCode returns the AWS error code of err (the __type of the answer, as
// smithy-go sanitises it), or "" when err is nil or the server did not answer
// with a well-formed AWS error (see ServerError).
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var se *ServerError
	if errors.As(err, &se) {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// ErrorMessage returns the message of an AWS error, or err's text otherwise.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var se *ServerError
	var ae smithy.APIError
	if !errors.As(err, &se) && errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return err.Error()
}

// ServerError is a call that got no usable AWS answer: no answer at all, a
// connection failure, or an answer that is not an AWS JSON 1.1 response. Its
// message says what the server did, e.g. "server answered HTTP 500 with an
// empty body".
type ServerError struct {
	Operation string
	Status    int    // 0: no HTTP answer
	What      string // what the server did
	Err       error  // the SDK's error
}

func (e *ServerError) Error() string {
	return fmt.Sprintf("kmsclient: %s: %s", e.Operation, e.What)
}

func (e *ServerError) Unwrap() error { return e.Err }

// captureKey carries a *capture through one SDK call's context.
type captureKey struct{}

// capture records the last HTTP answer of one call: enough to say what the
// server did, never the whole body (it may hold tokens or public keys).
type capture struct {
	answered bool
	status   int
	ctype    string
	size     int
	head     []byte // the first bytes of the body
}

const captureHead = 96

// maxBody bounds what is read of one answer; KMS answers are a few KB.
const maxBody = 4 << 20

// capturingClient records each answer into the call's capture and buffers the
// body, so the SDK still reads it whole.
type capturingClient struct{ c *http.Client }

func (h capturingClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := h.c.Do(req)
	cp, _ := req.Context().Value(captureKey{}).(*capture)
	if err != nil || cp == nil {
		return resp, err
	}
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	cp.answered = true
	cp.status = resp.StatusCode
	cp.ctype = resp.Header.Get("Content-Type")
	cp.size = len(body)
	cp.head = append(cp.head[:0], body[:min(len(body), captureHead)]...)
	if rerr != nil {
		return nil, fmt.Errorf("kmsclient: reading the answer (HTTP %d): %w", resp.StatusCode, rerr)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// explain turns an SDK error without a usable AWS answer into a ServerError
// saying what the server did; a well-formed AWS error passes through.
func explain(ctx context.Context, op string, cp *capture, err error) error {
	if err == nil {
		return nil
	}
	var ae smithy.APIError
	isAPI := errors.As(err, &ae)
	var na *NoAnswerError
	switch {
	case errors.As(err, &na):
		return &ServerError{Operation: op, What: na.Error()[len("kmsclient: "):], Err: err}
	case !cp.answered:
		if ctx.Err() != nil {
			return err // the caller gave up; not the server's doing
		}
		return &ServerError{Operation: op, What: "no HTTP answer: " + rootCause(err), Err: err}
	case isAPI && ae.ErrorCode() != "UnknownError":
		return err
	}
	return &ServerError{Operation: op, Status: cp.status, What: describeAnswer(cp), Err: err}
}

// describeAnswer says what is wrong with an answer that carries no AWS error code.
func describeAnswer(cp *capture) string {
	what := fmt.Sprintf("server answered HTTP %d", cp.status)
	switch {
	case cp.size == 0:
		return what + " with an empty body"
	case !json.Valid(cp.head) && cp.size <= captureHead:
		return what + " with a body that is not JSON: " + quote(cp.head)
	case cp.size > captureHead && !startsJSON(cp.head):
		return what + " with a body that is not JSON: " + quote(cp.head) + "..."
	case cp.status >= 300:
		return what + " with a JSON body that names no error (no __type): " + quote(cp.head)
	default:
		return what + " with a body that is not a valid response: " + quote(cp.head)
	}
}

func startsJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

func quote(b []byte) string {
	if !utf8.Valid(b) {
		return fmt.Sprintf("%d bytes of binary data", len(b))
	}
	return fmt.Sprintf("%q", b)
}

// rootCause is the network error's text: "dial tcp ...: connection refused".
func rootCause(err error) string {
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}
