package steps

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// A step message quotes what the server answered (Result.Describe, errors
// wrapped with %w), so a server that echoes a secret in its error message
// would put it into every report. The scenario knows its secrets — the
// materials and plaintexts it made, the tokens and wrapped materials it sent,
// the plaintexts, data keys, MACs and shared secrets it received — and the
// collector removes each of them from the scenario's step messages before they
// reach the results (README "Never put key material, plaintext or tokens in an
// error message").

// redacted replaces a secret in a step message.
const redacted = "[secret redacted]"

// minRedacted is the shortest spelling of a secret that is redacted: a shorter
// one (a 1-byte test material, a 4-byte plaintext) matches by chance and would
// garble the message without protecting anything.
const minRedacted = 8

// secretRequestMembers and secretAnswerMembers are the AWS JSON 1.1 members
// (base64 blobs) that carry a secret in a request and in a successful answer.
var (
	secretRequestMembers = []string{"Plaintext", "ImportToken", "EncryptedKeyMaterial", "Mac"}
	secretAnswerMembers  = []string{"Plaintext", "PrivateKeyPlaintext", "SharedSecret", "Mac"}
)

// secretNotes are the secrets one scenario handled.
type secretNotes struct {
	mu   sync.Mutex
	vals map[string]bool
}

func newSecretNotes() *secretNotes { return &secretNotes{vals: map[string]bool{}} }

func (n *secretNotes) add(b []byte) {
	if n == nil || len(b) == 0 {
		return
	}
	n.mu.Lock()
	n.vals[string(b)] = true
	n.mu.Unlock()
}

// addMembers notes the base64 members of a JSON body that carry secrets.
func (n *secretNotes) addMembers(body []byte, members []string) {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return
	}
	for _, k := range members {
		var s string
		if json.Unmarshal(m[k], &s) != nil {
			continue
		}
		if b, err := base64.StdEncoding.DecodeString(s); err == nil {
			n.add(b)
		}
	}
}

// redact returns s with every spelling of every noted secret replaced.
func (n *secretNotes) redact(s string) string {
	if n == nil || s == "" {
		return s
	}
	n.mu.Lock()
	var spellings []string
	for v := range n.vals {
		spellings = append(spellings, secretSpellings([]byte(v))...)
	}
	n.mu.Unlock()
	// Longest first: one secret's base64 may contain a shorter secret's.
	slices.SortFunc(spellings, func(a, b string) int { return len(b) - len(a) })
	for _, sp := range spellings {
		s = strings.ReplaceAll(s, sp, redacted)
	}
	return s
}

// secretSpellings are the ways a message could carry b: raw text, base64 (with
// and without padding, standard and URL alphabets), hex in either case, and
// the %q form of each.
func secretSpellings(b []byte) []string {
	quoted := strconv.Quote(string(b))
	forms := []string{
		base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
		base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
		hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)),
		quoted[1 : len(quoted)-1],
	}
	if utf8.Valid(b) {
		forms = append(forms, string(b))
	}
	var out []string
	for _, f := range forms {
		if len(f) >= minRedacted && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

type notesKey struct{}

// withSecretNotes makes the calls made with ctx note their secrets in n.
func withSecretNotes(ctx context.Context, n *secretNotes) context.Context {
	return context.WithValue(ctx, notesKey{}, n)
}

// notingTransport notes the secrets of every request and answer in the
// scenario's notes, which the request's context carries (withSecretNotes).
type notingTransport struct{ next http.RoundTripper }

func (t notingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	n, _ := req.Context().Value(notesKey{}).(*secretNotes)
	if n == nil {
		return t.next.RoundTrip(req)
	}
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("steps: reading the request body: %w", err)
		}
		n.addMembers(body, secretRequestMembers)
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("steps: reading the answer (HTTP %d): %w", resp.StatusCode, err)
	}
	n.addMembers(body, secretAnswerMembers)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// newHTTPClient is the HTTP client of the run's KMS clients: a fresh transport
// whose requests note their secrets.
func newHTTPClient() *http.Client {
	return &http.Client{Transport: notingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}}
}

// noteState notes the secrets the World holds: its materials, the tokens of
// its import parameters and the plaintexts of its ciphertexts.
func (w *World) noteState() {
	n := w.notes
	for _, m := range w.Materials {
		n.add(m.Bytes)
	}
	for _, p := range w.Params {
		if p.Out != nil {
			n.add(p.Out.ImportToken)
		}
	}
	for _, pt := range w.plain {
		n.add(pt)
	}
}
