package kmsclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// RawResponse is an answer to a request sent by Raw, as the server sent it.
type RawResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// ErrorType is the AWS error code of the answer: the X-Amzn-ErrorType header,
// else __type, else code, sanitised as smithy-go does (the part after '#' and
// before ':'); "" when the answer names none (rules.md "Wire facts").
func (r *RawResponse) ErrorType() string {
	code := r.Header.Get("X-Amzn-ErrorType")
	if code == "" {
		var body struct {
			Type string `json:"__type"`
			Code string `json:"code"`
		}
		if json.Unmarshal(r.Body, &body) == nil {
			code = body.Type
			if code == "" {
				code = body.Code
			}
		}
	}
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.IndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return code
}

// Raw sends body as the JSON request of operation (TrentService.<operation>),
// signed with SigV4 like the SDK would, without any client-side validation: for
// requests the SDK refuses to send (missing required members, values outside
// the model's ranges). Only a failure to get an answer is an error.
func (c *Client) Raw(ctx context.Context, operation string, body []byte) (*RawResponse, error) {
	return c.send(ctx, http.MethodPost, "/", map[string]string{
		"X-Amz-Target": "TrentService." + operation,
		"Content-Type": "application/x-amz-json-1.1",
	}, body, operation)
}

// send signs and sends one request, bounded by the client's timeout.
func (c *Client) send(ctx context.Context, method, path string, header map[string]string, body []byte, what string) (*RawResponse, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout, &NoAnswerError{After: c.timeout})
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("kmsclient: %s: %w", what, err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("kmsclient: %s: credentials: %w", what, err)
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "kms", c.region, time.Now()); err != nil {
		return nil, fmt.Errorf("kmsclient: %s: signing: %w", what, err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if na := new(NoAnswerError); errors.As(context.Cause(ctx), &na) {
			return nil, &ServerError{Operation: what, What: "the server gave no answer within " + c.timeout.String(), Err: err}
		}
		return nil, &ServerError{Operation: what, What: "no HTTP answer: " + rootCause(err), Err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, &ServerError{Operation: what, Status: resp.StatusCode, What: fmt.Sprintf("server answered HTTP %d but the body could not be read: %v", resp.StatusCode, err), Err: err}
	}
	return &RawResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}
