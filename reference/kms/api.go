package kms

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// This file is the contract between the service core and reference/server.
//
// Operation convention: every AWS operation Op is an exported method
//
//	func (s *Service) Op(ctx context.Context, c Caller, in *OpInput) (*OpOutput, error)
//
// and no other exported method of *Service has that shape. OpInput and OpOutput are
// structs whose json tags are the AWS member names (KeyId, WrappingAlgorithm, ...);
// blobs are []byte (encoding/json's standard base64 is the AWS wire form), timestamps
// are *Time, optional scalars are pointers. Member constraints of the API model
// (../../shared/spec/errors.md §6) are declared on each input field in a `validate`
// tag, checked by reference/server before the method runs (rule ERRORS-011):
//
//	validate:"required,len=1..2048"            strings: characters; blobs: decoded bytes
//	validate:"enum=RSA_2048|RSA_3072|RSA_4096|SM2"
//	validate:"len=64..64,pattern=^[a-f0-9]+$"
//	validate:"range=1..1000"                    integers
//
// Methods return *Error for every failure a client should see.

// Caller is who is calling and where: the Region comes from the SigV4 credential
// scope (or the server's default Region), the account from the credentials.
type Caller struct {
	Region  string
	Account string
}

// Error is a KMS error as a client sees it: the AWS error code and a message.
// It never carries key material, plaintext, tokens or private keys.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// ErrorCode returns the AWS error code, as smithy.APIError does.
func (e *Error) ErrorCode() string { return e.Code }

// ErrorMessage returns the human-readable message.
func (e *Error) ErrorMessage() string { return e.Message }

// Status is the HTTP status the server sends: 400 for client errors (what AWS was
// seen sending, errors.md §1), 500 or 503 for the three server faults.
func (e *Error) Status() int {
	switch e.Code {
	case CodeKMSInternal, CodeKeyUnavailable:
		return 500
	case CodeDependencyTimeout:
		return 503
	}
	return 400
}

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// AWS error codes used by the reference (errors.md §3 and §2).
const (
	CodeAlreadyExists          = "AlreadyExistsException"
	CodeDependencyTimeout      = "DependencyTimeoutException"
	CodeDisabled               = "DisabledException"
	CodeExpiredImportToken     = "ExpiredImportTokenException"
	CodeIncorrectKey           = "IncorrectKeyException"
	CodeIncorrectKeyMaterial   = "IncorrectKeyMaterialException"
	CodeInvalidArn             = "InvalidArnException"
	CodeInvalidCiphertext      = "InvalidCiphertextException"
	CodeInvalidGrantToken      = "InvalidGrantTokenException"
	CodeInvalidGrantID         = "InvalidGrantIdException"
	CodeInvalidImportToken     = "InvalidImportTokenException"
	CodeInvalidKeyUsage        = "InvalidKeyUsageException"
	CodeInvalidMarker          = "InvalidMarkerException"
	CodeInvalidAliasName       = "InvalidAliasNameException"
	CodeKMSInternal            = "KMSInternalException"
	CodeKMSInvalidMac          = "KMSInvalidMacException"
	CodeKMSInvalidSignature    = "KMSInvalidSignatureException"
	CodeKMSInvalidState        = "KMSInvalidStateException"
	CodeKeyUnavailable         = "KeyUnavailableException"
	CodeLimitExceeded          = "LimitExceededException"
	CodeMalformedPolicy        = "MalformedPolicyDocumentException"
	CodeNotFound               = "NotFoundException"
	CodeTag                    = "TagException"
	CodeUnsupportedOperation   = "UnsupportedOperationException"
	CodeValidation             = "ValidationException"
	CodeSerialization          = "SerializationException"
	CodeUnknownOperation       = "UnknownOperationException"
	CodeAccessDenied           = "AccessDeniedException"
	CodeCustomKeyStoreNotFound = "CustomKeyStoreNotFoundException"
)

// Time is a timestamp that travels as JSON epoch seconds, integer or fractional
// (rules.md "Wire facts": timestamps have no timestampFormat trait).
type Time struct{ time.Time }

// NewTime returns t as a *Time, for optional response members.
func NewTime(t time.Time) *Time { return &Time{t} }

// MarshalJSON writes epoch seconds with millisecond precision.
func (t Time) MarshalJSON() ([]byte, error) {
	ms := t.UnixMilli()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}

// UnmarshalJSON reads epoch seconds; anything but a finite JSON number is refused.
func (t *Time) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < -62135596800 || f > 253402300799 {
		return fmt.Errorf("kms: timestamp %.40q is not a number of epoch seconds", b)
	}
	sec, frac := math.Modf(f)
	t.Time = time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC()
	return nil
}

// Clock tells the service what time it is; the server injects a ManualClock
// when started with --test-clock (design.md "Time").
type Clock interface {
	Now() time.Time
}

// Hooks is the non-AWS test surface the server exposes only with --test-clock.
// Every state change that depends on time (token expiry, ValidTo, the end of a
// deletion waiting period) is evaluated lazily against the clock, so moving the
// clock is immediately visible to the next request.
type Hooks interface {
	// Now returns the service's current time.
	Now() time.Time
	// Advance moves the manual clock forward by d (d > 0) and returns the new time.
	Advance(d time.Duration) (time.Time, error)
	// Hold pins the key (key ID or ARN, in region) in a transient state,
	// "Creating" or "Updating", until Hold is called again with state "".
	Hold(region, keyID, state string) error
}
