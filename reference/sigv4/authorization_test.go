package sigv4

import (
	"reflect"
	"strings"
	"testing"
)

const goodAuthz = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, " +
	"SignedHeaders=content-type;host;x-amz-date;x-amz-target, " +
	"Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"

// format renders a parsed header the way aws-sdk-go-v2 writes it.
func format(a authorization) string {
	return algorithm + " Credential=" + a.accessKeyID + "/" + a.date + "/" + a.region + "/" + a.service + "/" + terminator +
		", SignedHeaders=" + strings.Join(a.signedHeaders, ";") + ", Signature=" + a.signature
}

func TestParseAuthorization(t *testing.T) {
	want := authorization{
		accessKeyID:   "AKIDEXAMPLE",
		date:          "20150830",
		region:        "us-east-1",
		service:       "kms",
		signedHeaders: []string{"content-type", "host", "x-amz-date", "x-amz-target"},
		signature:     "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
	}
	sig := "Signature=" + want.signature
	good := []struct{ name, h string }{
		{"sdk form", goodAuthz},
		{"no spaces after commas", strings.ReplaceAll(goodAuthz, ", ", ",")},
		{"extra spaces", strings.Replace(strings.ReplaceAll(goodAuthz, ", ", " ,  "), " ", "   ", 1)},
		{"parameters in another order", "AWS4-HMAC-SHA256 " + sig + ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request"},
	}
	for _, tt := range good {
		t.Run("good/"+tt.name, func(t *testing.T) {
			got, e := parseAuthorization(tt.h)
			if e != nil {
				t.Fatalf("parse: %v", e)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %+v, want %+v", got, want)
			}
		})
	}
	bad := []struct{ name, h string }{
		{"empty", ""},
		{"algorithm only", "AWS4-HMAC-SHA256"},
		{"algorithm and space", "AWS4-HMAC-SHA256 "},
		{"other algorithm", strings.Replace(goodAuthz, "AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256", 1)},
		{"lowercase algorithm", strings.Replace(goodAuthz, "AWS4-HMAC-SHA256", "aws4-hmac-sha256", 1)},
		{"tab after algorithm", strings.Replace(goodAuthz, "SHA256 ", "SHA256\t", 1)},
		{"sigv2", "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="},
		{"bearer", "Bearer abc.def.ghi"},
		{"trailing comma", goodAuthz + ","},
		{"empty component", strings.Replace(goodAuthz, ", ", ", , ", 1)},
		{"missing equal-sign", strings.Replace(goodAuthz, "Credential=", "Credential ", 1)},
		{"unknown parameter", goodAuthz + ", Extra=1"},
		{"lowercase parameter name", strings.Replace(goodAuthz, "Credential=", "credential=", 1)},
		{"repeated Signature", goodAuthz + ", " + sig},
		{"missing Credential", "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, " + sig},
		{"missing SignedHeaders", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms/aws4_request, " + sig},
		{"credential with 4 parts", strings.Replace(goodAuthz, "/kms/", "/", 1)},
		{"credential with 6 parts", strings.Replace(goodAuthz, "/kms/", "/kms/x/", 1)},
		{"empty access key", strings.Replace(goodAuthz, "AKIDEXAMPLE/", "/", 1)},
		{"access key with space", strings.Replace(goodAuthz, "AKIDEXAMPLE/", "AKID EXAMPLE/", 1)},
		{"access key too long", strings.Replace(goodAuthz, "AKIDEXAMPLE/", strings.Repeat("A", 129)+"/", 1)},
		{"date too short", strings.Replace(goodAuthz, "/20150830/", "/2015083/", 1)},
		{"date not a day", strings.Replace(goodAuthz, "/20150830/", "/20150230/", 1)},
		{"date with time", strings.Replace(goodAuthz, "/20150830/", "/20150830T123600Z/", 1)},
		{"wrong terminator", strings.Replace(goodAuthz, "aws4_request", "aws4_reques", 1)},
		{"empty signed headers", strings.Replace(goodAuthz, "content-type;host;x-amz-date;x-amz-target", "", 1)},
		{"empty signed header name", strings.Replace(goodAuthz, "host;", ";host;", 1)},
		{"uppercase signed header", strings.Replace(goodAuthz, "host", "Host", 1)},
		{"unsorted signed headers", strings.Replace(goodAuthz, "content-type;host", "host;content-type", 1)},
		{"repeated signed header", strings.Replace(goodAuthz, "host;", "host;host;", 1)},
		{"signed header with space", strings.Replace(goodAuthz, "x-amz-date", "x-amz date", 1)},
		{"signature too short", goodAuthz[:len(goodAuthz)-1]},
		{"signature too long", goodAuthz + "0"},
		{"signature uppercase", strings.Replace(goodAuthz, "5d672d79c", "5D672D79C", 1)},
		{"signature not hex", strings.Replace(goodAuthz, "5d672d79c", "5g672d79c", 1)},
		{"empty signature", strings.Replace(goodAuthz, want.signature, "", 1)},
	}
	for _, tt := range bad {
		t.Run("bad/"+tt.name, func(t *testing.T) {
			_, e := parseAuthorization(tt.h)
			if e == nil {
				t.Fatal("parsed")
			}
			if e.Code != CodeIncompleteSignature {
				t.Fatalf("code %s, want %s", e.Code, CodeIncompleteSignature)
			}
			if strings.Contains(e.Message, "5d672d79") {
				t.Fatalf("message %q repeats the signature", e.Message)
			}
		})
	}
}

func FuzzParseAuthorization(f *testing.F) {
	seeds := []string{
		goodAuthz,
		strings.ReplaceAll(goodAuthz, ", ", ","),
		"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
		"AWS4-HMAC-SHA256 Credential=a/20240229/r/s/aws4_request,SignedHeaders=a,Signature=" + strings.Repeat("0", 64),
		"",
		"AWS4-HMAC-SHA256",
		"AWS4-HMAC-SHA256 ,,,",
		"AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=;;, Signature==",
		"Bearer x",
		goodAuthz + ", " + "Signature=" + strings.Repeat("f", 64),
	}
	n := 0
	for _, s := range seeds {
		f.Add(s)
		n++
	}
	if n == 0 {
		f.Fatal("no seeds")
	}
	f.Fuzz(func(t *testing.T, h string) {
		a, e := parseAuthorization(h)
		if e != nil {
			if e.Code != CodeIncompleteSignature || e.Message == "" {
				t.Fatalf("failure %+v is not an IncompleteSignatureException with a message", e)
			}
			return
		}
		// What parsed is well-formed, and its canonical rendering parses to
		// the same thing.
		if len(a.signature) != 64 || a.accessKeyID == "" || len(a.date) != 8 || len(a.signedHeaders) == 0 {
			t.Fatalf("parsed a malformed header: %+v", a)
		}
		b, e := parseAuthorization(format(a))
		if e != nil {
			t.Fatalf("canonical form %q does not parse: %v", format(a), e)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("round trip changed %+v into %+v", a, b)
		}
	})
}
