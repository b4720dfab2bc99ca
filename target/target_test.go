package target

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestBuiltins(t *testing.T) {
	got := Builtins()
	if !slices.Contains(got, "aws") || !slices.Contains(got, "reference") || !slices.IsSorted(got) {
		t.Fatalf("Builtins() = %v, want a sorted list with aws and reference", got)
	}
	for _, name := range Builtins() {
		t.Run(name, func(t *testing.T) {
			p, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != name || p.Source != "builtin" {
				t.Errorf("Load(%q) = name %q source %q", name, p.Name, p.Source)
			}
		})
	}
	ref, _ := Load("reference")
	aws, _ := Load("aws")
	for _, c := range []string{"clock", "hold-state"} {
		if !ref.Has(c) || aws.Has(c) {
			t.Errorf("capability %s: reference has %v, aws has %v; want true, false", c, ref.Has(c), aws.Has(c))
		}
	}
}

func TestConsistency(t *testing.T) {
	for _, tt := range []struct {
		profile string
		want    time.Duration
	}{
		{"reference", 0},     // immediately consistent: one check
		{"local-kms", 0},     // one in-memory process
		{"aws", time.Minute}, // eventually consistent
		{"testdata/good.json", DefaultConsistencyWindow}, // not set
	} {
		p, err := Load(tt.profile)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Consistency(); got != tt.want {
			t.Errorf("%s: Consistency() = %s, want %s", tt.profile, got, tt.want)
		}
	}
}

func TestLoadUnknownNameListsBuiltins(t *testing.T) {
	_, err := Load("local-kms-typo")
	if !errors.Is(err, ErrUnknownProfile) || !strings.Contains(err.Error(), "built-in: "+strings.Join(Builtins(), ", ")) {
		t.Fatalf("Load(unknown) = %v, want ErrUnknownProfile listing the built-ins", err)
	}
}

func TestLoadFile(t *testing.T) {
	tests := []struct {
		file    string
		wantErr string // substring of the error; empty: success
	}{
		{"good.json", ""},
		{"unknown-field.json", `unknown field "colour"`},
		{"unknown-capability.json", `unknown capability "hmc"`},
		{"deviation-no-reason.json", "has no reason"},
		{"deviation-no-target.json", "names neither a rule nor a scenario"},
		{"bad-endpoint.json", "not an http:// or https:// URL"},
		{"no-region.json", "has no region"},
		{"trailing.json", "trailing data"},
		{"duplicate-capability.json", "listed twice"},
		{"bad-consistency.json", `consistencyWindow "a minute" is not a duration`},
		{"negative-consistency.json", `consistencyWindow "-1s" is not a duration of 0s or more`},
		{"missing.json", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := Load(filepath.Join("testdata", tt.file))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if p.Source != filepath.Join("testdata", tt.file) {
					t.Errorf("Source = %q", p.Source)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestHasAndDeviation(t *testing.T) {
	p, err := Load("testdata/good.json")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Has("hmac") || !p.Has("@clock") || p.Has("asymmetric") {
		t.Errorf("Has: got hmac=%v @clock=%v asymmetric=%v", p.Has("hmac"), p.Has("@clock"), p.Has("asymmetric"))
	}
	tests := []struct {
		rule, scenario string
		wantOK         bool
		wantReason     string
	}{
		{"REIMPORT-005", "anything", true, "answers KMSInvalidStateException (pre-2025 reading)"},
		{"IMPORT-004", "A token for key L does not import into K", true, "accepts any token"},
		{"PARAMS-011", "PKCS1 refused", true, "narrow"},
		{"PARAMS-011", "another scenario", false, ""},
		{"PARAMS-001", "x", false, ""},
	}
	for _, tt := range tests {
		reason, _, ok := p.Deviation(tt.rule, tt.scenario)
		if ok != tt.wantOK || reason != tt.wantReason {
			t.Errorf("Deviation(%q, %q) = %q, %v; want %q, %v", tt.rule, tt.scenario, reason, ok, tt.wantReason, tt.wantOK)
		}
	}
}
