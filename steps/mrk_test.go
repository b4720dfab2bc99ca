package steps

import (
	"slices"
	"testing"
)

func TestMultiRegionKeyID(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"mrk-1234abcd12ab34cd56ef1234567890ab", true},
		{"mrk-1234ABCD12AB34CD56EF1234567890AB", false}, // lowercase hex only
		{"mrk-1234abcd12ab34cd56ef1234567890a", false},
		{"mrk-1234abcd12ab34cd56ef1234567890abc", false},
		{"1234abcd-12ab-34cd-56ef-1234567890ab", false},
		{"mrk-1234abcd-12ab-34cd-56ef-1234567890ab", false},
	} {
		t.Run(tc.id, func(t *testing.T) {
			if got := mrkKeyID.MatchString(tc.id); got != tc.want {
				t.Errorf("mrkKeyID.MatchString(%q) = %v, want %v", tc.id, got, tc.want)
			}
		})
	}
}

func TestMemberList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"KeyId", []string{"KeyId"}},
		{"KeyId and Origin", []string{"KeyId", "Origin"}},
		{"KeyId, KeySpec, KeyUsage and Origin", []string{"KeyId", "KeySpec", "KeyUsage", "Origin"}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if !re(`^` + memberList + `$`).MatchString(tc.in) {
				t.Fatalf("memberList does not match %q", tc.in)
			}
			if got := memberSplit.Split(tc.in, -1); !slices.Equal(got, tc.want) {
				t.Errorf("memberSplit(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	for _, bad := range []string{"keyId", "KeyId or Origin", "KeyId,Origin"} {
		if re(`^` + memberList + `$`).MatchString(bad) {
			t.Errorf("memberList matches %q", bad)
		}
	}
}
