package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kmsconform/kmsconform/reference/kms"
)

// targetPrefix is the model's targetPrefix (rules.md "Wire facts").
const targetPrefix = "TrentService."

// hookPrefix is the path of the non-AWS test surface (design.md "Time").
const hookPrefix = "/_kmsconform/"

// authenticator checks a request's signature and says who sent it.
type authenticator interface {
	authenticate(r *http.Request, body []byte) (kms.Caller, *kms.Error)
}

// handler serves AWS JSON 1.1 for one service value.
type handler struct {
	ops     map[string]*operation
	auth    authenticator // nil: --no-auth, every caller is the server's account and Region
	caller  kms.Caller    // the caller under --no-auth
	hooks   kms.Hooks     // nil unless the test clock is on
	maxBody int64
	log     *slog.Logger
}

// statusRecorder remembers the status for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// serveRecovered answers a panic anywhere outside the operation (decoding,
// validation, error writing) with a JSON KMSInternalException instead of letting
// net/http drop the connection: a client must always get an answer with a body.
func (h *handler) serveRecovered(w *statusRecorder, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			h.log.LogAttrs(r.Context(), slog.LevelError, "panic outside the operation",
				slog.String("value", fmt.Sprintf("%T", v)), slog.String("stack", stackFrames()))
			if w.status == 0 {
				writeError(w, http.StatusInternalServerError, kms.Errorf(kms.CodeKMSInternal, "An internal error occurred."))
			}
		}
	}()
	h.serve(w, r)
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w}
	rec.Header().Set("X-Amzn-RequestId", requestID())
	h.serveRecovered(rec, r)
	// Access log: never bodies, credentials or key identifiers; the operation is
	// the one asked for, known or not.
	op := "hook"
	if !strings.HasPrefix(r.URL.Path, hookPrefix) {
		op = strings.TrimPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
		if len(op) > 64 {
			op = op[:64]
		}
	}
	h.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", sanitize(r.Method)),
		slog.String("path", sanitize(r.URL.Path)),
		slog.String("op", sanitize(op)),
		slog.Int("status", rec.status),
		slog.Duration("duration", time.Since(start)))
}

// serve answers one request.
func (h *handler) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, hookPrefix) {
		if h.hooks == nil {
			writeError(w, http.StatusNotFound, kms.Errorf(kms.CodeUnknownOperation, "No resource at %s: the test hooks need kmsconform serve --test-clock.", sanitize(r.URL.Path)))
			return
		}
		h.serveHook(w, r)
		return
	}
	if r.URL.Path != "/" {
		writeError(w, http.StatusNotFound, kms.Errorf(kms.CodeUnknownOperation, "No resource at this path: AWS JSON 1.1 requests are POST /."))
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, kms.Errorf(kms.CodeUnknownOperation, "Method %s is not allowed: AWS JSON 1.1 requests are POST /.", sanitize(r.Method)))
		return
	}
	body, kerr, status := h.readBody(w, r)
	if kerr != nil {
		writeError(w, status, kerr)
		return
	}
	caller := h.caller
	if h.auth != nil {
		c, kerr := h.auth.authenticate(r, body)
		if kerr != nil {
			writeError(w, kerr.Status(), kerr)
			return
		}
		caller = c
	}
	target := r.Header.Get("X-Amz-Target")
	name, ok := strings.CutPrefix(target, targetPrefix)
	op := h.ops[name]
	if !ok || op == nil {
		if target == "" {
			writeError(w, http.StatusBadRequest, kms.Errorf(kms.CodeUnknownOperation, "Missing X-Amz-Target header: expected TrentService.<Operation>."))
		} else {
			writeError(w, http.StatusBadRequest, kms.Errorf(kms.CodeUnknownOperation, "Unknown operation %s.", sanitize(target)))
		}
		return
	}
	in, kerr := decodeInput(op.in, body)
	if kerr != nil {
		writeError(w, kerr.Status(), kerr)
		return
	}
	// ERRORS-011: member constraints are checked before the operation runs.
	if msg := validateRequest(op.plan, in, body); msg != "" {
		writeError(w, http.StatusBadRequest, &kms.Error{Code: kms.CodeValidation, Message: msg})
		return
	}
	out, err := op.call(r.Context(), caller, in)
	if err != nil {
		h.writeOpError(w, r.Context(), op.name, err)
		return
	}
	if err := writeJSON(w, out); err != nil {
		h.writeOpError(w, r.Context(), op.name, err)
	}
}

// writeOpError maps an operation's error to the wire: *kms.Error as it is,
// anything else (a bug) as KMSInternalException, logged without request data.
func (h *handler) writeOpError(w http.ResponseWriter, ctx context.Context, op string, err error) {
	var kerr *kms.Error
	if errors.As(err, &kerr) {
		writeError(w, kerr.Status(), kerr)
		return
	}
	var p *panicError
	if errors.As(err, &p) {
		h.log.LogAttrs(ctx, slog.LevelError, "operation panicked", slog.String("op", op),
			slog.String("panic", p.value), slog.String("stack", p.stack))
	} else {
		h.log.LogAttrs(ctx, slog.LevelError, "operation failed", slog.String("op", op),
			slog.String("error_type", fmt.Sprintf("%T", err)))
	}
	writeError(w, http.StatusInternalServerError, kms.Errorf(kms.CodeKMSInternal, "An internal error occurred."))
}

// readBody reads the request body up to the size limit. A larger body is
// refused with 413 before or while reading it, never with a hang.
func (h *handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *kms.Error, int) {
	tooLarge := kms.Errorf(kms.CodeValidation, "The request body is larger than the limit of %d bytes.", h.maxBody)
	if r.ContentLength > h.maxBody {
		return nil, tooLarge, http.StatusRequestEntityTooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge, http.StatusRequestEntityTooLarge
		}
		return nil, kms.Errorf(kms.CodeSerialization, "The request body could not be read."), http.StatusBadRequest
	}
	return body, nil, 0
}

// sanitize keeps a client-supplied header value short and printable before it
// goes into a message.
func sanitize(s string) string {
	const max = 128
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

// requestID returns a fresh random request ID in UUID form.
func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b[:])
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}
