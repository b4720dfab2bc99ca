package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/kmsconform/kmsconform/reference/kms"
	"github.com/kmsconform/kmsconform/reference/sigv4"
)

// sigv4Auth verifies Signature Version 4 with reference/sigv4; the caller's
// Region is the one of the credential scope, its account the credential's.
type sigv4Auth struct {
	v *sigv4.Verifier
}

func newAuthenticator(opts Options) authenticator {
	cred := sigv4.Credential{
		AccessKeyID:     opts.AccessKeyID,
		SecretAccessKey: opts.SecretAccessKey,
		Account:         opts.Account,
	}
	return &sigv4Auth{v: &sigv4.Verifier{
		Service: "kms",
		Lookup: func(id string) (sigv4.Credential, bool) {
			return cred, id == cred.AccessKeyID
		},
		// The wall clock, never the test clock: a clock moved days ahead would
		// make every signature look expired.
		Now:     time.Now,
		MaxSkew: 15 * time.Minute,
	}}
}

func (a *sigv4Auth) authenticate(r *http.Request, body []byte) (kms.Caller, *kms.Error) {
	id, err := a.v.Verify(r, body)
	if err != nil {
		// AWS sends the SigV4 errors with HTTP 400 (errors.md §2); kms.Error.Status
		// gives 400 for every code but the three server faults.
		var se *sigv4.Error
		if errors.As(err, &se) {
			return kms.Caller{}, &kms.Error{Code: se.Code, Message: se.Message}
		}
		return kms.Caller{}, kms.Errorf(sigv4.CodeIncompleteSignature, "The request signature could not be checked.")
	}
	return kms.Caller{Region: id.Region, Account: id.Account}, nil
}
