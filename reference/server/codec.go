package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/kmsconform/kmsconform/reference/kms"
)

// contentType is the media type of AWS JSON 1.1 requests and responses.
const contentType = "application/x-amz-json-1.1"

// decodeInput decodes an AWS JSON 1.1 request body into a new value of type t
// and returns a pointer to it. An empty body stands for {} (an operation with no
// members may send nothing); anything that is not a JSON object of the right
// member types is a SerializationException (ERRORS-010). Unknown members are
// ignored, as AWS does.
func decodeInput(t reflect.Type, body []byte) (reflect.Value, *kms.Error) {
	v := reflect.New(t)
	return v, decodeInto(v.Interface(), body)
}

// decodeInto decodes body into the struct pointer v, as decodeInput does.
func decodeInto(v any, body []byte) *kms.Error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil
	}
	if trimmed[0] != '{' {
		// Covers `null`, which encoding/json would accept as "no change".
		return kms.Errorf(kms.CodeSerialization, "The request body must be a JSON object.")
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return serializationError(err)
	}
	return nil
}

// serializationError describes a decoding failure without echoing any value of
// the request: the messages name the member and the JSON kind at most.
func serializationError(err error) *kms.Error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var b64 base64.CorruptInputError
	switch {
	case errors.As(err, &syn):
		return kms.Errorf(kms.CodeSerialization, "The request body is not valid JSON (at byte offset %d).", syn.Offset)
	case errors.As(err, &typ):
		// Value is "string", "number -5", ...: keep the kind, drop the number.
		kind, _, _ := strings.Cut(typ.Value, " ")
		if typ.Field != "" {
			return kms.Errorf(kms.CodeSerialization, "Member '%s' cannot be read from a JSON %s.", sanitize(typ.Field), kind)
		}
		return kms.Errorf(kms.CodeSerialization, "A JSON %s cannot be read here.", kind)
	case errors.As(err, &b64):
		return kms.Errorf(kms.CodeSerialization, "A blob member is not valid base64 (at input byte %d).", int64(b64))
	}
	// Errors of custom unmarshalers (kms.Time) may quote the value; say less.
	return kms.Errorf(kms.CodeSerialization, "The request body cannot be deserialized for this operation; check the member types (timestamps are epoch seconds).")
}

// errorBody is the wire form of an error (errors.md §2).
type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message,omitempty"`
}

// writeError sends e with its status, its code in __type and in X-Amzn-ErrorType.
func writeError(w http.ResponseWriter, status int, e *kms.Error) {
	b, err := json.Marshal(errorBody{Type: e.Code, Message: e.Message})
	if err != nil {
		b = []byte(`{"__type":"KMSInternalException"}`)
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("X-Amzn-ErrorType", e.Code)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeJSON sends a successful response; a nil output is the empty object.
func writeJSON(w http.ResponseWriter, v any) error {
	b := []byte("{}")
	if rv := reflect.ValueOf(v); v != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		var err error
		if b, err = json.Marshal(v); err != nil {
			return fmt.Errorf("server: encode response: %w", err)
		}
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return nil
}
