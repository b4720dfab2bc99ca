// Package sigv4 verifies the AWS Signature Version 4 of requests to the
// reference KMS, as described in [Create a signed AWS API request] and
// [Elements of an AWS API request signature], for the Authorization-header
// form that AWS SDKs send (POST /, X-Amz-Target, SigV4 for service "kms",
// shared/spec/errors.md §2).
//
// Failures are the four SigV4 errors of AWS JSON services (errors.md §2),
// which AWS sends with HTTP 400: MissingAuthenticationTokenException (no
// Authorization header), IncompleteSignatureException (a malformed one),
// UnrecognizedClientException (an unknown access key or session token) and
// InvalidSignatureException (wrong scope, skewed clock, or a signature that
// does not match). Messages follow the wording AWS was seen sending; they
// never contain the signature, a secret or a session token.
//
// [Create a signed AWS API request]: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
// [Elements of an AWS API request signature]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Credential is an access key the server accepts, and the account it acts for.
type Credential struct {
	AccessKeyID     string
	SecretAccessKey string
	Account         string
	// SessionToken, when set, must arrive in a signed X-Amz-Security-Token
	// header. When empty, a signed session token is accepted as it is.
	SessionToken string
}

// Verifier checks the signatures of incoming requests. Its fields must not
// change while Verify runs.
type Verifier struct {
	// Service is the signing name requests must be scoped to: "kms".
	Service string
	// Lookup returns the credential of an access key ID (only its secret,
	// account and session token are used); nil knows no keys.
	Lookup func(accessKeyID string) (Credential, bool)
	// Now is the WALL clock (time.Now when nil), never the KMS test clock:
	// the test clock jumps days ahead and would make every signature look
	// expired.
	Now func() time.Time
	// MaxSkew is how far X-Amz-Date may be from Now either way; zero means
	// 15 minutes, as AWS allows.
	MaxSkew time.Duration
}

// Identity is who signed a verified request and the Region it was scoped to.
type Identity struct {
	AccessKeyID string
	Region      string
	Account     string
}

// The error codes Verify returns, as AWS JSON services name them.
const (
	CodeMissingAuthenticationToken = "MissingAuthenticationTokenException"
	CodeIncompleteSignature        = "IncompleteSignatureException"
	CodeInvalidSignature           = "InvalidSignatureException"
	CodeUnrecognizedClient         = "UnrecognizedClientException"
)

// Error is a signature failure as a client sees it: an AWS error code and
// its message.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return "sigv4: " + e.Code + ": " + e.Message }

// ErrorCode returns the AWS error code, as smithy.APIError does.
func (e *Error) ErrorCode() string { return e.Code }

// ErrorMessage returns the message sent to the client.
func (e *Error) ErrorMessage() string { return e.Message }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

const (
	algorithm     = "AWS4-HMAC-SHA256"
	terminator    = "aws4_request"
	amzDateLayout = "20060102T150405Z"
	dateLayout    = "20060102"
	defaultSkew   = 15 * time.Minute
	msgMismatch   = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgBadToken = "The security token included in the request is invalid."
)

// Verify checks the signature of r, whose body the caller has already read
// into body, and returns who signed it. The error is always an *Error.
func (v *Verifier) Verify(r *http.Request, body []byte) (Identity, error) {
	id, e := v.verify(r, body)
	if e != nil {
		return Identity{}, e
	}
	return id, nil
}

func (v *Verifier) verify(r *http.Request, body []byte) (Identity, *Error) {
	authz := r.Header.Values("Authorization")
	switch len(authz) {
	case 0:
		return Identity{}, errorf(CodeMissingAuthenticationToken, "Missing Authentication Token")
	case 1:
	default:
		return Identity{}, errorf(CodeIncompleteSignature, "The request carries more than one Authorization header.")
	}
	a, e := parseAuthorization(authz[0])
	if e != nil {
		return Identity{}, e
	}

	dates := r.Header.Values("X-Amz-Date")
	if len(dates) != 1 {
		return Identity{}, errorf(CodeIncompleteSignature, "Authorization header requires the existence of exactly one 'X-Amz-Date' header.")
	}
	amzDate := dates[0]
	signed, err := time.Parse(amzDateLayout, amzDate)
	if err != nil || signed.Format(amzDateLayout) != amzDate {
		return Identity{}, errorf(CodeIncompleteSignature, "The 'X-Amz-Date' header is not an ISO 8601 basic date and time (YYYYMMDD'T'HHMMSS'Z').")
	}

	// The credential scope must match the request (reference_sigv-signing-elements:
	// "Credential scope ... date, Region, service, aws4_request").
	if a.date != amzDate[:8] {
		return Identity{}, errorf(CodeInvalidSignature,
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			a.date, amzDate[:8], amzDate)
	}
	if a.service != v.Service {
		return Identity{}, errorf(CodeInvalidSignature, "Credential should be scoped to correct service: '%s'. ", v.Service)
	}
	if !validRegion(a.region) {
		return Identity{}, errorf(CodeInvalidSignature, "Credential should be scoped to a valid region. ")
	}
	// create-signed-request, step 1: "The host and x-amz-date headers are
	// always required"; a session token must be signed when it is sent.
	if !a.signs("host") {
		return Identity{}, errorf(CodeInvalidSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	if !a.signs("x-amz-date") {
		return Identity{}, errorf(CodeInvalidSignature, "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.")
	}
	tokens := r.Header.Values("X-Amz-Security-Token")
	if len(tokens) > 0 && !a.signs("x-amz-security-token") {
		return Identity{}, errorf(CodeInvalidSignature, "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.")
	}

	var cred Credential
	ok := false
	if v.Lookup != nil {
		cred, ok = v.Lookup(a.accessKeyID)
	}
	if !ok {
		return Identity{}, errorf(CodeUnrecognizedClient, msgBadToken)
	}
	if cred.SessionToken != "" &&
		(len(tokens) != 1 || subtle.ConstantTimeCompare([]byte(tokens[0]), []byte(cred.SessionToken)) != 1) {
		return Identity{}, errorf(CodeUnrecognizedClient, msgBadToken)
	}

	if e := v.checkSkew(signed); e != nil {
		return Identity{}, e
	}

	// create-signed-request, step 1, HashedPayload: hex(SHA-256(body)). A
	// client may send the same value in X-Amz-Content-Sha256; any other
	// value (UNSIGNED-PAYLOAD included) is refused.
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	if hs := r.Header.Values("X-Amz-Content-Sha256"); len(hs) > 0 && (len(hs) != 1 || hs[0] != payloadHash) {
		return Identity{}, errorf(CodeInvalidSignature, "The provided 'x-amz-content-sha256' header does not match what was computed.")
	}

	creq, e := canonicalRequest(r, a.signedHeaders, payloadHash)
	if e != nil {
		return Identity{}, e
	}
	scope := a.date + "/" + a.region + "/" + a.service + "/" + terminator
	// create-signed-request, step 2: the string to sign.
	crHash := sha256.Sum256([]byte(creq))
	sts := algorithm + "\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(crHash[:])
	// Steps 3 and 4: derive the signing key, then sign.
	key := signingKey(cred.SecretAccessKey, a.date, a.region, a.service)
	want := hex.EncodeToString(hmacSHA256(key, []byte(sts)))
	if !hmac.Equal([]byte(want), []byte(a.signature)) {
		return Identity{}, errorf(CodeInvalidSignature, msgMismatch)
	}
	return Identity{AccessKeyID: a.accessKeyID, Region: a.region, Account: cred.Account}, nil
}

func (v *Verifier) checkSkew(signed time.Time) *Error {
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	t := now().UTC()
	skew := v.MaxSkew
	if skew <= 0 {
		skew = defaultSkew
	}
	mins := skew.String()
	if skew%time.Minute == 0 {
		mins = fmt.Sprintf("%d min.", skew/time.Minute)
	}
	if earliest := t.Add(-skew); signed.Before(earliest) {
		return errorf(CodeInvalidSignature, "Signature expired: %s is now earlier than %s (%s - %s)",
			signed.Format(amzDateLayout), earliest.Format(amzDateLayout), t.Format(amzDateLayout), mins)
	}
	if latest := t.Add(skew); signed.After(latest) {
		return errorf(CodeInvalidSignature, "Signature not yet current: %s is still later than %s (%s + %s)",
			signed.Format(amzDateLayout), latest.Format(amzDateLayout), t.Format(amzDateLayout), mins)
	}
	return nil
}

// canonicalRequest builds create-signed-request step 1:
//
//	Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
func canonicalRequest(r *http.Request, signedHeaders []string, payloadHash string) (string, *Error) {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')

	// CanonicalURI: the URI-encoded path; every service but S3 encodes each
	// segment twice, so the path as sent (already encoded once) is encoded
	// again, as aws-sdk-go-v2 does. Paths are not normalised.
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	b.WriteString(uriEncode(path, false))
	b.WriteByte('\n')

	// CanonicalQueryString: names and values decoded, URI-encoded, sorted by
	// name then value, joined with '&'; a name without '=' has an empty value.
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", errorf(CodeInvalidSignature, "The query string is not well-formed, so its signature cannot be checked.")
	}
	type param struct{ name, value string }
	params := make([]param, 0, len(q))
	for k, vs := range q {
		for _, val := range vs {
			params = append(params, param{uriEncode(k, true), uriEncode(val, true)})
		}
	}
	sort.Slice(params, func(i, j int) bool {
		if params[i].name != params[j].name {
			return params[i].name < params[j].name
		}
		return params[i].value < params[j].value
	})
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.name)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	b.WriteByte('\n')

	// CanonicalHeaders: lowercase name ':' trimmed value '\n', in SignedHeaders
	// order (sorted, checked by the parser); repeated headers joined by ','.
	for _, name := range signedHeaders {
		b.WriteString(name)
		b.WriteByte(':')
		var values []string
		switch name {
		case "host":
			// net/http moves the Host header of a server request to r.Host.
			host := r.Host
			if host == "" {
				host = r.URL.Host
			}
			values = []string{host}
		default:
			values = r.Header.Values(name)
		}
		for i, val := range values {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(canonicalValue(val))
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String(), nil
}

// canonicalValue trims a header value and collapses runs of spaces to one
// (create-signed-request, step 1, CanonicalHeaders).
func canonicalValue(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// uriEncode percent-encodes every byte except the RFC 3986 unreserved
// characters (A-Z a-z 0-9 - . _ ~) and, unless encodeSlash, '/', with
// uppercase hex digits, as the SigV4 UriEncode function does.
func uriEncode(s string, encodeSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '/' && !encodeSlash {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// signingKey is create-signed-request step 3:
// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request").
func signingKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), []byte(date))
	k = hmacSHA256(k, []byte(region))
	k = hmacSHA256(k, []byte(service))
	return hmacSHA256(k, []byte(terminator))
}

func hmacSHA256(key, data []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return m.Sum(nil)
}

// validRegion accepts what a Region name can be (us-east-1, cn-north-1,
// us-gov-west-1, or a test name such as "local"): lowercase letters, digits
// and inner hyphens, at most 63 characters.
func validRegion(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
