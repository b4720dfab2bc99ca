// Package kms is the service core of the kmsconform reference KMS: an
// in-memory implementation of the AWS KMS API operations that the import of
// key material involves ([AWS KMS API Reference]), following every rule of
// the kmsconform catalogue (shared/spec/rules.md), with the catalogue's
// preferred reading wherever a rule is marked Ambiguous, and the error codes
// of shared/spec/errors.md.
//
// One Service serves every Region (and every account) a caller names. Keys
// hold a list of key materials, each identified by its KeyMaterialId, so that
// reimport, expiry, on-demand rotation and multi-Region keys
// ([Importing key material], [Rotating keys on demand]) behave as documented.
// Every operation is a method
//
//	func (s *Service) Op(ctx context.Context, c Caller, in *OpInput) (*OpOutput, error)
//
// that returns *Error, carrying the AWS error code, for every failure a client
// sees. Time comes from an injectable Clock and is applied lazily at each
// call, so moving a ManualClock is visible to the next request. RSA wrapping
// keys come from a background pool (design.md, "Wrapping keys off the hot
// path"), and the RSA private decrypt of ImportKeyMaterial runs outside the
// service lock.
//
// [AWS KMS API Reference]: https://docs.aws.amazon.com/kms/latest/APIReference/Welcome.html
// [Importing key material]: https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys.html
// [Rotating keys on demand]: https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys-on-demand.html
package kms
