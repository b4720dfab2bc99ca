package steps

import (
	"bytes"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cucumber/godog"
)

// Cryptographic use of a key (API_Encrypt.html, API_Decrypt.html,
// API_GenerateDataKey.html): enough to tell a usable key from an unusable one.
func init() {
	register(func(sc *godog.ScenarioContext, w *World) {
		sc.Step(re(`^I encrypt (?:"([^"]*)"|a plaintext) with "([^"]+)"(?: as "([^"]+)")?$`), w.encrypt)
		sc.Step(re(`^I decrypt "([^"]+)"(?: with "([^"]+)")?$`), w.decrypt)
		sc.Step(re(`^I generate a data key with "([^"]+)"$`), w.generateDataKey)
	})
}

func (w *World) encrypt(ctx context.Context, plaintext, key, name string) error {
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	if plaintext == "" {
		plaintext = "kmsconform plaintext"
	}
	if name == "" {
		name = key + " ciphertext"
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	in := &kms.EncryptInput{KeyId: aws.String(k.ID), Plaintext: []byte(plaintext)}
	if k.Usage == types.KeyUsageTypeEncryptDecrypt && k.Spec != types.KeySpecSymmetricDefault {
		in.EncryptionAlgorithm = types.EncryptionAlgorithmSpecRsaesOaepSha256
	}
	out, err := c.Encrypt(ctx, in)
	if rerr := w.Record("Encrypt", err); rerr != nil || err != nil {
		return rerr
	}
	w.Ciphertexts[name] = out.CiphertextBlob
	if w.plain == nil {
		w.plain = map[string][]byte{}
	}
	w.plain[name] = []byte(plaintext)
	return nil
}

// decrypt calls Decrypt and, when it succeeds, compares the plaintext with
// what was encrypted: a wrong plaintext is never a success.
func (w *World) decrypt(ctx context.Context, name, key string) error {
	ct, ok := w.Ciphertexts[name]
	if !ok {
		return fmt.Errorf("no ciphertext %q in this scenario", name)
	}
	in := &kms.DecryptInput{CiphertextBlob: ct}
	client := w.Client().KMS
	if key != "" {
		k, err := w.Key(key)
		if err != nil {
			return err
		}
		in.KeyId = aws.String(k.ID)
		if client, err = w.KMS(k); err != nil {
			return err
		}
	}
	out, err := client.Decrypt(ctx, in)
	if rerr := w.Record("Decrypt", err); rerr != nil || err != nil {
		return rerr
	}
	if want := w.plain[name]; !bytes.Equal(out.Plaintext, want) {
		return fmt.Errorf("decrypting %q returned a different plaintext (%d bytes, expected %d)", name, len(out.Plaintext), len(want))
	}
	return nil
}

func (w *World) generateDataKey(ctx context.Context, key string) error {
	k, err := w.Key(key)
	if err != nil {
		return err
	}
	c, err := w.KMS(k)
	if err != nil {
		return err
	}
	_, err = c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: aws.String(k.ID), KeySpec: types.DataKeySpecAes256})
	return w.Record("GenerateDataKey", err)
}
