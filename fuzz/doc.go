// Package fuzz holds the kmsconform checks that span packages (issue 5): rapid
// properties that drive the reference service (package reference/kms) through
// its Go methods, and the model-based run: a rapid state machine whose model of
// EXTERNAL keys, their states and their key materials predicts what any KMS
// endpoint must answer, talking to it only through the steps' client layer
// (package steps/kmsclient: the AWS SDK, SigV4, HTTP).
//
// The model follows the rules catalogue (../shared/spec/rules.md), sections
// STATE, IMPORT, REIMPORT, DELETE, EXPIRY, ROTATE, TOKEN and USE, with its
// preferred readings; where a rule accepts several answers, the model accepts
// the same set and follows the branch the target took. On a mismatch rapid
// shrinks the action sequence, and [Failure.Gherkin] prints it as a scenario.
//
// Native fuzz targets live beside the code they stress (design.md), with their
// corpora in that package's testdata/fuzz/.
//
// [rules catalogue]: https://github.com/kmsconform/kmsconform/blob/main/features/catalogue.md
package fuzz
