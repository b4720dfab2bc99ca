package peers

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// installed returns the local-kms binary of the project, or skips the test.
func installed(t *testing.T) string {
	t.Helper()
	root, err := ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := LocalKMSBinary(BinDir(root))
	if errors.Is(err, ErrNotInstalled) {
		t.Skipf("local-kms is not installed (make peers installs it): %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestLocalKMSStartStop(t *testing.T) {
	bin := installed(t)
	ctx := context.Background()
	var log strings.Builder
	p, err := StartLocalKMS(ctx, Options{Binary: bin, Log: &syncWriter{b: &log}})
	if err != nil {
		t.Fatal(err)
	}
	dataDir := p.dataDir
	client := kms.New(kms.Options{
		Region:       DefaultRegion,
		BaseEndpoint: aws.String(p.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "secret", ""),
	})
	out, err := client.CreateKey(ctx, &kms.CreateKeyInput{})
	if err != nil {
		p.Stop()
		t.Fatalf("CreateKey: %v", err)
	}
	// KMS_REGION and KMS_ACCOUNT_ID reached it: they name the key's ARN.
	if want := "arn:aws:kms:" + DefaultRegion + ":" + DefaultAccount + ":key/"; !strings.HasPrefix(aws.ToString(out.KeyMetadata.Arn), want) {
		t.Errorf("key ARN %q, want prefix %q", aws.ToString(out.KeyMetadata.Arn), want)
	}
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := p.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("data path %s still there after Stop (stat: %v)", dataDir, err)
	}
	if _, err := client.ListKeys(ctx, &kms.ListKeysInput{}); err == nil {
		t.Error("ListKeys succeeded after Stop")
	}
}

func TestStartLocalKMSFailures(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		binary string
		want   string
	}{
		{"empty-binary", "", "Options.Binary is empty"},
		{"missing-binary", "/nonexistent/local-kms", "starting /nonexistent/local-kms"},
		// /bin/true exits at once without ever logging a port.
		{"exits-at-once", "/bin/true", "exited before listening"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := StartLocalKMS(ctx, Options{Binary: tt.binary})
			if err == nil {
				p.Stop()
				t.Fatal("StartLocalKMS succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestLocalKMSBinaryMissing(t *testing.T) {
	_, err := LocalKMSBinary(t.TempDir())
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("got %v, want ErrNotInstalled", err)
	}
}
