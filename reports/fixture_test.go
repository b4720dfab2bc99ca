package reports

import (
	"time"
)

// fixtureStart is the fixed start time of the fixture runs, so golden files are stable.
var fixtureStart = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// fixtureRun is a run against the reference that covers every verdict and every
// step status, with fixed IDs and times.
func fixtureRun() *Run {
	return &Run{
		ID:       "run-20261120-0001",
		Version:  "v0.1.0-test",
		Started:  fixtureStart,
		Duration: ms(4321),
		Seed:     1234567,
		Tags:     "~@realtime",
		Target: Target{
			Endpoint:     "http://127.0.0.1:4599",
			Profile:      "reference",
			Region:       "us-east-1",
			Server:       "kmsconform-reference/v0.1.0-test",
			Capabilities: []string{"@clock", "@asymmetric"},
		},
		Features: []Feature{
			{
				Name:    "CreateKey with Origin EXTERNAL",
				URI:     "features/create.feature",
				Section: "CREATE",
				Rules: []Rule{
					{
						ID:        "CREATE-001",
						Statement: "CreateKey with Origin EXTERNAL and no KeySpec creates a symmetric encryption key that has no key material and is in state PendingImport",
						Sources: []string{
							"https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html",
							"https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-create-cmk.html",
						},
						Scenarios: []Scenario{{
							Name: "A new EXTERNAL key waits for its material", Line: 9, Verdict: Passed, Duration: ms(35),
							Steps: []Step{
								{Keyword: "When ", Text: "I create a key with origin EXTERNAL", Line: 10, Status: "passed", Duration: ms(30)},
								{Keyword: "Then ", Text: "the key state is PendingImport", Line: 11, Status: "passed", Duration: ms(5)},
							},
						}},
					},
					{
						ID:        "CREATE-003",
						Statement: "CreateKey accepts Origin EXTERNAL with HMAC_224, HMAC_256, HMAC_384 and HMAC_512 (KeyUsage GENERATE_VERIFY_MAC) and the key starts in PendingImport",
						Sources:   []string{"https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html"},
						Tags:      []string{"@hmac"},
						Scenarios: []Scenario{{
							Name: "HMAC keys take imported material", Line: 20, Tags: []string{"@hmac"}, Verdict: Skipped,
							Reason: "the target profile does not claim @hmac",
							Steps: []Step{
								{Keyword: "When ", Text: "I create a HMAC_256 key with origin EXTERNAL", Line: 21, Status: "skipped"},
								{Keyword: "Then ", Text: "the key state is PendingImport", Line: 22, Status: "skipped"},
							},
						}},
					},
				},
			},
			{
				Name:    "ImportKeyMaterial basics",
				URI:     "features/import.feature",
				Section: "IMPORT",
				Rules: []Rule{
					{
						ID:        "IMPORT-001",
						Statement: "A successful ImportKeyMaterial on a key in PendingImport makes it Enabled",
						Sources:   []string{"https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html"},
						Scenarios: []Scenario{{
							Name: "Import enables the key", Line: 8, Verdict: Passed, Duration: ms(120),
							Steps: []Step{
								{Keyword: "Given ", Text: "an EXTERNAL key in PendingImport", Line: 9, Status: "passed", Duration: ms(20)},
								{Keyword: "When ", Text: "I import 32 random bytes wrapped with RSAES_OAEP_SHA_256 under RSA_2048", Line: 10, Status: "passed", Duration: ms(95)},
								{Keyword: "Then ", Text: "the key state is Enabled", Line: 11, Status: "passed", Duration: ms(5)},
							},
						}},
					},
					{
						ID:        "IMPORT-004",
						Statement: "An import token issued for one KMS key cannot import material into another",
						Sources:   []string{"https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html"},
						Scenarios: []Scenario{{
							Name: "A token for key A is refused for key B", Line: 20, Verdict: Failed, Duration: ms(210),
							Steps: []Step{
								{Keyword: "Given ", Text: `two EXTERNAL keys "A" and "B" in PendingImport`, Line: 21, Status: "passed", Duration: ms(40)},
								{Keyword: "When ", Text: `I import material into "B" with the parameters of "A"`, Line: 22, Status: "passed", Duration: ms(160)},
								{Keyword: "Then ", Text: "the call fails with IncorrectKeyMaterialException", Line: 23, Status: "failed", Duration: ms(10),
									Error: "expected IncorrectKeyMaterialException, got <b>InvalidImportTokenException</b>: \"token & key\" don't match"},
								{Keyword: "And ", Text: `key "B" is still in PendingImport`, Line: 24, Status: "skipped"},
							},
						}},
					},
					{
						ID:        "IMPORT-005",
						Statement: "A failed ImportKeyMaterial leaves the key exactly as it was",
						Sources:   []string{"https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html"},
						Scenarios: []Scenario{{
							Name: "A refused import changes nothing", Line: 30, Verdict: ExpectedFailure, Duration: ms(80),
							Reason: "the server enables the key before it checks the material, see https://example.com/issues/17",
							Steps: []Step{
								{Keyword: "Given ", Text: "an EXTERNAL key in PendingImport", Line: 31, Status: "passed", Duration: ms(20)},
								{Keyword: "When ", Text: "I import 31 random bytes", Line: 32, Status: "passed", Duration: ms(50)},
								{Keyword: "Then ", Text: "the key state is PendingImport", Line: 33, Status: "failed", Duration: ms(10),
									Error: "expected KeyState PendingImport, got Enabled"},
							},
						}},
					},
					{
						ID:        "IMPORT-006",
						Statement: "ImportKeyMaterial on a key whose Origin is not EXTERNAL fails with UnsupportedOperationException",
						Sources:   []string{"https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html"},
						Scenarios: []Scenario{
							{
								Name: "Import into an AWS_KMS key is refused", Line: 40, Verdict: UnexpectedPass, Duration: ms(60),
								Reason: "known deviation now passes: the server accepted imports into AWS_KMS keys until v2",
								Steps: []Step{
									{Keyword: "Given ", Text: "a key with origin AWS_KMS", Line: 41, Status: "passed", Duration: ms(30)},
									{Keyword: "Then ", Text: "ImportKeyMaterial fails with UnsupportedOperationException", Line: 42, Status: "passed", Duration: ms(30)},
								},
							},
							{
								Name: "Import into an AWS_CLOUDHSM key is refused", Line: 45, Tags: []string{"@custom-key-store"}, Verdict: Failed, Duration: ms(3),
								Steps: []Step{
									{Keyword: "Given ", Text: "a key in a CloudHSM key store", Line: 46, Status: "undefined"},
									{Keyword: "Then ", Text: "ImportKeyMaterial fails with UnsupportedOperationException", Line: 47, Status: "skipped"},
								},
							},
						},
					},
				},
			},
			{
				Name:    "Import tokens",
				URI:     "features/token.feature",
				Section: "TOKEN",
				Rules: []Rule{{
					ID:        "TOKEN-002",
					Statement: "An import token expires 24 hours after GetParametersForImport returned it",
					Sources:   []string{"https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html"},
					Tags:      []string{"@clock"},
					Scenarios: []Scenario{
						{
							Name: "An expired token is refused", Line: 12, Tags: []string{"@clock"}, Verdict: Passed, Duration: ms(40),
							Steps: []Step{
								{Keyword: "Given ", Text: "import parameters for an EXTERNAL key", Line: 13, Status: "passed", Duration: ms(25)},
								{Keyword: "When ", Text: "the clock moves 24h1s forward", Line: 14, Status: "passed", Duration: ms(5)},
								{Keyword: "Then ", Text: "the import fails with ExpiredImportTokenException", Line: 15, Status: "passed", Duration: ms(10)},
							},
						},
						{
							Name: "An expired token is refused", Line: 19, Tags: []string{"@clock"}, Verdict: Passed, Duration: ms(41),
							Steps: []Step{
								{Keyword: "Given ", Text: "import parameters for an EXTERNAL key", Line: 13, Status: "passed", Duration: ms(25)},
								{Keyword: "When ", Text: "the clock moves 25h forward", Line: 14, Status: "passed", Duration: ms(6)},
								{Keyword: "Then ", Text: "the import fails with ExpiredImportTokenException", Line: 15, Status: "passed", Duration: ms(10)},
							},
						},
					},
				}},
			},
		},
	}
}

// fixtureRunB is the same suite against a second target whose verdicts differ
// on some rules, for the matrix.
func fixtureRunB() *Run {
	r := fixtureRun()
	r.ID = "run-20261120-0002"
	r.Started = fixtureStart.Add(time.Hour)
	r.Target = Target{
		Endpoint:     "http://127.0.0.1:8080",
		Profile:      "local-kms",
		Region:       "eu-west-1",
		Capabilities: []string{"@hmac"},
	}
	create := &r.Features[0].Rules
	(*create)[1].Scenarios[0].Verdict = Passed
	(*create)[1].Scenarios[0].Reason = ""
	for i := range (*create)[1].Scenarios[0].Steps {
		(*create)[1].Scenarios[0].Steps[i].Status = "passed"
	}
	imp := &r.Features[1].Rules
	(*imp)[1].Scenarios[0].Verdict = Passed // IMPORT-004 passes here
	for i := range (*imp)[1].Scenarios[0].Steps {
		(*imp)[1].Scenarios[0].Steps[i].Status = "passed"
		(*imp)[1].Scenarios[0].Steps[i].Error = ""
	}
	// IMPORT-006 drops its second scenario: only the first runs, and passes.
	(*imp)[3].Scenarios = (*imp)[3].Scenarios[:1]
	(*imp)[3].Scenarios[0].Verdict = Passed
	(*imp)[3].Scenarios[0].Reason = ""
	// TOKEN is not run at all against this target.
	r.Features = r.Features[:2]
	return r
}
