package sigv4

import (
	"strings"
	"time"
)

// authorization is a parsed Authorization header (reference_sigv-signing-elements):
//
//	AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=<64 hex>
type authorization struct {
	accessKeyID   string
	date          string // YYYYMMDD of the credential scope
	region        string
	service       string
	signedHeaders []string // lowercase, strictly ascending
	signature     string   // 64 lowercase hex digits
}

func (a *authorization) signs(name string) bool {
	for _, h := range a.signedHeaders {
		if h == name {
			return true
		}
	}
	return false
}

func incomplete(msg string) *Error { return &Error{Code: CodeIncompleteSignature, Message: msg} }

// parseAuthorization parses the header strictly: the algorithm, then exactly
// the three parameters Credential, SignedHeaders and Signature in any order,
// separated by commas and optional spaces. Anything else is an
// IncompleteSignatureException. Messages never repeat the header, which
// carries the signature.
func parseAuthorization(h string) (authorization, *Error) {
	var a authorization
	alg, rest, _ := strings.Cut(h, " ")
	if alg != algorithm {
		return a, incomplete("The Authorization header must start with the algorithm AWS4-HMAC-SHA256 followed by a space.")
	}
	var cred, signed, sig string
	var haveCred, haveSigned, haveSig bool
	for _, part := range strings.Split(rest, ",") {
		part = strings.Trim(part, " ")
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return a, incomplete("A component of the Authorization header is not a key=value pair (missing equal-sign).")
		}
		var have *bool
		switch k {
		case "Credential":
			cred, have = v, &haveCred
		case "SignedHeaders":
			signed, have = v, &haveSigned
		case "Signature":
			sig, have = v, &haveSig
		default:
			return a, incomplete("The Authorization header has a parameter other than Credential, SignedHeaders and Signature.")
		}
		if *have {
			return a, incomplete("The Authorization header repeats the '" + k + "' parameter.")
		}
		*have = true
	}
	var missing []string
	for _, p := range []struct {
		name string
		ok   bool
	}{{"Credential", haveCred}, {"Signature", haveSig}, {"SignedHeaders", haveSigned}} {
		if !p.ok {
			missing = append(missing, "Authorization header requires '"+p.name+"' parameter.")
		}
	}
	if len(missing) > 0 {
		return a, incomplete(strings.Join(missing, " "))
	}

	// Credential = <access key>/<date>/<region>/<service>/aws4_request
	scope := strings.Split(cred, "/")
	if len(scope) != 5 {
		return a, incomplete("The Credential parameter must be <access key ID>/<YYYYMMDD>/<region>/<service>/aws4_request.")
	}
	a.accessKeyID, a.date, a.region, a.service = scope[0], scope[1], scope[2], scope[3]
	if !validAccessKeyID(a.accessKeyID) {
		return a, incomplete("The access key ID of the Credential parameter is not well-formed.")
	}
	if d, err := time.Parse(dateLayout, a.date); err != nil || d.Format(dateLayout) != a.date {
		return a, incomplete("The date of the Credential parameter is not a date in YYYYMMDD form.")
	}
	if scope[4] != terminator {
		return a, incomplete("Credential should be scoped with a valid terminator: 'aws4_request'.")
	}

	// SignedHeaders = lowercase names, sorted, separated by ';'.
	a.signedHeaders = strings.Split(signed, ";")
	for i, name := range a.signedHeaders {
		if !validHeaderName(name) {
			return a, incomplete("SignedHeaders must list lowercase header names separated by ';'.")
		}
		if i > 0 && a.signedHeaders[i-1] >= name {
			return a, incomplete("SignedHeaders must be sorted and must not repeat a name.")
		}
	}

	if len(sig) != 64 || strings.Trim(sig, "0123456789abcdef") != "" {
		return a, incomplete("The Signature parameter must be 64 lowercase hexadecimal digits.")
	}
	a.signature = sig
	return a, nil
}

// validAccessKeyID accepts AWS-style IDs (AKIA..., ASIA...) and the short
// names test setups use ("test"): 1 to 128 of A-Z a-z 0-9 . _ -.
func validAccessKeyID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// validHeaderName accepts a lowercase RFC 9110 §5.6.2 token.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}
