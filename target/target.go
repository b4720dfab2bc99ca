// Package target describes the KMS endpoint a kmsconform run talks to: its
// Region, the capabilities it claims and its known deviations from the rules
// catalogue (../shared/spec/rules.md), as plain JSON profile files.
//
// A capability is a tag of the catalogue (rules.md, "How to read this"): a
// scenario carrying @hmac runs only against a profile that lists "hmac", and a
// claimed capability is never skipped (design.md, "Verdicts"). A known
// deviation turns a failing scenario into an expected failure, with its reason
// and link; a deviation that passes is reported as an unexpected pass.
package target

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

//go:embed profiles/*.json
var builtin embed.FS

// Capabilities are the capability tags a profile may claim (without the @).
var Capabilities = []string{
	"asymmetric",             // RSA / ECC key specs with imported material
	"clock",                  // the reference's test clock hook (time moves on request)
	"cross-account",          // a second account, or a server that models accounts
	"custom-key-store",       // a connected CloudHSM or external key store
	"hmac",                   // HMAC key specs with imported material
	"hold-state",             // the hold hook: pin a key in Creating or Updating
	"multi-region",           // multi-Region keys (CreateKey MultiRegion, ReplicateKey)
	"multiple-key-materials", // the 2025 feature: ImportType, KeyMaterialId, on-demand rotation
	"sm2",                    // China-Region behaviour (SM2, SM2PKE, SM4 material)
}

// Profile is one target: where it is, what it claims and how it is known to deviate.
type Profile struct {
	Name         string      `json:"name"`
	Description  string      `json:"description,omitempty"`
	Endpoint     string      `json:"endpoint,omitempty"` // empty: the Region's AWS endpoint, or the embedded reference
	Region       string      `json:"region"`
	Capabilities []string    `json:"capabilities"`
	Deviations   []Deviation `json:"deviations,omitempty"`
	// CustomKeyStoreID names a connected custom key store, for the
	// @custom-key-store scenarios (CREATE-009).
	CustomKeyStoreID string `json:"customKeyStoreId,omitempty"`
	// CrossAccountProfile names an AWS shared-config profile whose
	// credentials belong to a second account, for the @cross-account
	// scenarios (ERRORS-005).
	CrossAccountProfile string `json:"crossAccountProfile,omitempty"`
	// ConsistencyWindow is how long a change may take to show on the
	// target (a Go duration, e.g. "60s"): steps poll that long before they
	// call a state change missing. "0s" declares an immediately consistent
	// server, whose answers are checked once; empty means
	// DefaultConsistencyWindow, the safe choice for AWS and unknown servers.
	ConsistencyWindow string `json:"consistencyWindow,omitempty"`

	// Source is where the profile came from: "builtin" or the file's path.
	Source string `json:"-"`
}

// DefaultConsistencyWindow bounds the polling of a profile that does not set
// consistencyWindow: AWS KMS documents eventual consistency without a bound,
// and a minute covers what it was seen to take.
const DefaultConsistencyWindow = 60 * time.Second

// Consistency returns the profile's consistency window (validated by Parse).
func (p *Profile) Consistency() time.Duration {
	if p.ConsistencyWindow == "" {
		return DefaultConsistencyWindow
	}
	d, _ := time.ParseDuration(p.ConsistencyWindow)
	return d
}

// Deviation is a known difference between the target and a rule: it names a
// rule ID or a scenario name (or both, to narrow it to one scenario of a rule).
type Deviation struct {
	Rule     string `json:"rule,omitempty"`
	Scenario string `json:"scenario,omitempty"`
	Reason   string `json:"reason"`
	Link     string `json:"link,omitempty"`
}

// Builtins lists the names of the profiles embedded from target/profiles.
func Builtins() []string {
	entries, err := builtin.ReadDir("profiles")
	if err != nil {
		return nil // the embed pattern guarantees the directory
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	sort.Strings(names)
	return names
}

// ErrUnknownProfile is returned by Load for a name that is neither a built-in
// profile nor a readable file.
var ErrUnknownProfile = errors.New("target: unknown profile")

// Load returns the built-in profile of that name, or reads the profile file at
// that path (a value containing a path separator or ending in .json is a path).
func Load(nameOrPath string) (*Profile, error) {
	if nameOrPath == "" {
		return nil, fmt.Errorf("%w: empty name (built-in: %s)", ErrUnknownProfile, strings.Join(Builtins(), ", "))
	}
	if !strings.ContainsAny(nameOrPath, `/\`) && !strings.HasSuffix(nameOrPath, ".json") {
		b, err := builtin.ReadFile(path.Join("profiles", nameOrPath+".json"))
		if err != nil {
			return nil, fmt.Errorf("%w %q (built-in: %s; or give the path of a profile file)", ErrUnknownProfile, nameOrPath, strings.Join(Builtins(), ", "))
		}
		p, err := Parse(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("target: built-in profile %s: %w", nameOrPath, err)
		}
		p.Source = "builtin"
		return p, nil
	}
	f, err := os.Open(nameOrPath)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnknownProfile, err)
	}
	defer f.Close()
	p, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("target: profile %s: %w", nameOrPath, err)
	}
	p.Source = nameOrPath
	return p, nil
}

// Parse reads one profile strictly: unknown fields, trailing data, an unknown
// capability or a deviation without a rule, a scenario or a reason are errors.
func Parse(r io.Reader) (*Profile, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("target: trailing data after the profile")
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

func (p *Profile) validate() error {
	if p.Name == "" {
		return errors.New("target: profile has no name")
	}
	if p.Region == "" {
		return fmt.Errorf("target: profile %s has no region", p.Name)
	}
	if p.Endpoint != "" {
		if err := CheckEndpoint(p.Endpoint); err != nil {
			return fmt.Errorf("target: profile %s: %w", p.Name, err)
		}
	}
	if p.ConsistencyWindow != "" {
		if d, err := time.ParseDuration(p.ConsistencyWindow); err != nil || d < 0 {
			return fmt.Errorf("target: profile %s: consistencyWindow %q is not a duration of 0s or more (e.g. \"0s\" or \"60s\")", p.Name, p.ConsistencyWindow)
		}
	}
	seen := map[string]bool{}
	for _, c := range p.Capabilities {
		c0 := strings.TrimPrefix(c, "@")
		if !slices.Contains(Capabilities, c0) {
			return fmt.Errorf("target: profile %s: unknown capability %q (known: %s)", p.Name, c, strings.Join(Capabilities, ", "))
		}
		if seen[c0] {
			return fmt.Errorf("target: profile %s: capability %q listed twice", p.Name, c0)
		}
		seen[c0] = true
	}
	for i, d := range p.Deviations {
		if d.Rule == "" && d.Scenario == "" {
			return fmt.Errorf("target: profile %s: deviation %d names neither a rule nor a scenario", p.Name, i+1)
		}
		if strings.TrimSpace(d.Reason) == "" {
			return fmt.Errorf("target: profile %s: deviation %d (%s%s) has no reason", p.Name, i+1, d.Rule, d.Scenario)
		}
	}
	return nil
}

// CheckEndpoint reports whether s is an absolute http or https URL with a host.
func CheckEndpoint(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("endpoint %q is not an http:// or https:// URL with a host", s)
	}
	return nil
}

// Has reports whether the profile claims the capability (with or without the @).
func (p *Profile) Has(capability string) bool {
	return slices.Contains(p.Capabilities, strings.TrimPrefix(capability, "@"))
}

// Deviation returns the known deviation matching the rule ID and scenario
// name. An entry naming both must match both; an entry naming one matches on it.
func (p *Profile) Deviation(ruleID, scenarioName string) (reason, link string, ok bool) {
	for _, d := range p.Deviations {
		if d.Rule != "" && d.Rule != ruleID {
			continue
		}
		if d.Scenario != "" && d.Scenario != scenarioName {
			continue
		}
		return d.Reason, d.Link, true
	}
	return "", "", false
}

// DefaultCredentials resolves credentials through the standard AWS chain
// (environment, shared config and credentials files, SSO, container and
// instance roles), as every AWS SDK does.
func DefaultCredentials(ctx context.Context, region string) (aws.CredentialsProvider, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return nil, fmt.Errorf("target: loading the AWS configuration: %w", err)
	}
	return cfg.Credentials, nil
}
