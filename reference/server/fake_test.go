package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmsconform/kmsconform/reference/kms"
)

// fakeService stands in for *kms.Service in protocol tests: its operations have
// the contract's shape, and its inputs carry the tags of the import operations
// (errors.md §6) plus the cases the generic validator must handle.
type fakeService struct {
	mu     sync.Mutex
	caller kms.Caller // the caller of the last operation
}

type fakeTag struct {
	TagKey   string `json:"TagKey" validate:"required,len=1..128"`
	TagValue string `json:"TagValue" validate:"len=0..256"`
}

type fakeNested struct {
	Name string `json:"Name" validate:"required,len=1..8"`
}

// ImportInput mirrors kms.ImportKeyMaterialInput.
type ImportInput struct {
	KeyId                  string    `json:"KeyId" validate:"required,len=1..2048"`
	ImportToken            []byte    `json:"ImportToken" validate:"required,len=1..6144"`
	EncryptedKeyMaterial   []byte    `json:"EncryptedKeyMaterial" validate:"required,len=1..6144"`
	ValidTo                *kms.Time `json:"ValidTo"`
	ExpirationModel        *string   `json:"ExpirationModel" validate:"enum=KEY_MATERIAL_EXPIRES|KEY_MATERIAL_DOES_NOT_EXPIRE"`
	KeyMaterialDescription *string   `json:"KeyMaterialDescription" validate:"len=0..256,pattern=^[a-zA-Z0-9:/_\\s.-]+$"`
	KeyMaterialId          *string   `json:"KeyMaterialId" validate:"len=64..64,pattern=^[a-f0-9]+$"`
}

// ImportOutput is what Import answers.
type ImportOutput struct {
	KeyId   string    `json:"KeyId"`
	ValidTo *kms.Time `json:"ValidTo,omitempty"`
}

// ParamsInput mirrors kms.GetParametersForImportInput (required non-pointer enums).
type ParamsInput struct {
	KeyId             string `json:"KeyId" validate:"required,len=1..2048"`
	WrappingAlgorithm string `json:"WrappingAlgorithm" validate:"required,enum=RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256"`
	WrappingKeySpec   string `json:"WrappingKeySpec" validate:"required,enum=RSA_2048|RSA_3072|RSA_4096"`
}

// ShapesInput covers the other shapes: optional non-pointer members, ranges,
// patterns with commas and \u escapes, nested structs, lists, maps.
type ShapesInput struct {
	Limit         int32                 `json:"Limit" validate:"range=1..1000"`
	Window        *int64                `json:"Window" validate:"range=7..30"`
	Marker        *string               `json:"Marker" validate:"len=1..1024,pattern=[\\u0020-\\u00FF]*"`
	ReplicaRegion string                `json:"ReplicaRegion" validate:"pattern=^([a-z]+-){2,3}\\d+$"`
	Kind          string                `json:"Kind" validate:"enum=A|B"`
	Tags          []fakeTag             `json:"Tags"`
	Grants        []string              `json:"Grants" validate:"len=0..2"`
	Nested        *fakeNested           `json:"Nested"`
	ByName        map[string]fakeNested `json:"ByName"`
	Flag          *bool                 `json:"Flag"`
}

// EmptyOutput is an operation result with no members.
type EmptyOutput struct{}

// FailInput selects the error a fake operation returns.
type FailInput struct {
	Code   string `json:"Code"`
	Plain  bool   `json:"Plain"`
	Panic  bool   `json:"Panic"`
	Nil    bool   `json:"TypedNil"`
	Secret string `json:"Secret"`
}

func (f *fakeService) record(c kms.Caller) {
	f.mu.Lock()
	f.caller = c
	f.mu.Unlock()
}

func (f *fakeService) lastCaller() kms.Caller {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.caller
}

func (f *fakeService) Import(_ context.Context, c kms.Caller, in *ImportInput) (*ImportOutput, error) {
	f.record(c)
	return &ImportOutput{KeyId: "arn:aws:kms:" + c.Region + ":" + c.Account + ":key/" + in.KeyId, ValidTo: in.ValidTo}, nil
}

func (f *fakeService) Params(_ context.Context, c kms.Caller, in *ParamsInput) (*EmptyOutput, error) {
	f.record(c)
	return &EmptyOutput{}, nil
}

func (f *fakeService) Shapes(_ context.Context, c kms.Caller, in *ShapesInput) (*EmptyOutput, error) {
	f.record(c)
	return nil, nil
}

func (f *fakeService) Fail(_ context.Context, c kms.Caller, in *FailInput) (*EmptyOutput, error) {
	f.record(c)
	switch {
	case in.Panic:
		panic("fake: panic holding " + in.Secret)
	case in.Plain:
		return nil, errors.New("fake: plain error holding " + in.Secret)
	case in.Nil:
		var e *kms.Error // the bug class: a nil *kms.Error in a non-nil error
		return &EmptyOutput{}, e
	}
	return nil, kms.Errorf(in.Code, "fake %s", in.Code)
}

// Close has no operation shape: it must not be reachable over HTTP.
func (f *fakeService) Close() {}

// Lookup has almost the operation shape (no context): not reachable either.
func (f *fakeService) Lookup(c kms.Caller, in *FailInput) (*EmptyOutput, error) { return nil, nil }

// fakeHooks is a manual clock and a record of Hold calls.
type fakeHooks struct {
	mu    sync.Mutex
	now   time.Time
	holds []string
}

func (h *fakeHooks) Now() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

func (h *fakeHooks) Advance(d time.Duration) (time.Time, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.now = h.now.Add(d)
	return h.now, nil
}

func (h *fakeHooks) Hold(region, keyID, state string) error {
	if keyID == "unknown" {
		return kms.Errorf(kms.CodeNotFound, "Key '%s' does not exist", keyID)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.holds = append(h.holds, region+"|"+keyID+"|"+state)
	return nil
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newFakeServer serves a fakeService without SigV4 and returns its log.
func newFakeServer(t testing.TB, opts Options) (*Server, *fakeService, *fakeHooks, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	svc := &fakeService{}
	hooks := &fakeHooks{now: time.Unix(1_700_000_000, 0).UTC()}
	s, err := newServer(opts, svc, hooks, func() {})
	if err != nil {
		t.Fatalf("newServer: %v", err)
	}
	return s, svc, hooks, logs
}

// response is a decoded HTTP answer.
type response struct {
	status  int
	header  http.Header
	body    []byte
	errType string // __type of an error body
	message string
}

// do sends one raw request through the handler.
func do(t testing.TB, h http.Handler, method, path, target string, body io.Reader) response {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	req.Header.Set("Content-Type", contentType)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return decodeResponse(t, rec.Code, rec.Header(), rec.Body.Bytes())
}

func decodeResponse(t testing.TB, status int, header http.Header, body []byte) response {
	t.Helper()
	r := response{status: status, header: header, body: body}
	if status >= 300 {
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		if err := jsonUnmarshalStrict(body, &e); err != nil {
			t.Fatalf("status %d: error body %q is not a JSON error: %v", status, body, err)
		}
		r.errType, r.message = e.Type, e.Message
	}
	return r
}

func jsonUnmarshalStrict(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

func body(s string) io.Reader { return strings.NewReader(s) }
