package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/kmsconform/kmsconform/steps"
	"github.com/kmsconform/kmsconform/steps/kmsclient"
	"github.com/kmsconform/kmsconform/target"
)

func init() {
	register("cleanup", command{
		summary: "schedule the deletion of keys an earlier run left behind (found by their kmsconform:run-id tag)",
		run:     runCleanup,
	})
}

// runCleanup implements `kmsconform cleanup` (design.md "Cleanup"): it lists the
// keys of the Region, keeps those tagged kmsconform:run-id with the given run
// ID (or created more than --older-than ago), and schedules their deletion
// with the minimum 7-day waiting period.
func runCleanup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlagSet("cleanup", "[--endpoint URL] [--profile NAME|PATH] [--region R] (--run-id ID | --older-than D) [--dry-run]", stderr)
	endpoint := flags.String("endpoint", "", "`URL` of the KMS endpoint (default: the profile's, else the Region's AWS endpoint)")
	profileName := flags.String("profile", "aws", "target profile: a built-in `name` or the path of a profile file")
	region := flags.String("region", "", "`Region` (default: the profile's)")
	runID := flags.String("run-id", "", "delete the keys of this run `ID` (printed by kmsconform run)")
	olderThan := flags.Duration("older-than", 0, "delete the keys of any run created more than this `duration` ago, e.g. 24h")
	dryRun := flags.Bool("dry-run", false, "list the keys, schedule nothing")
	timeout := flags.Duration("timeout", 30*time.Second, "bound of each call")
	if code, ok := parseFlags(flags, args); !ok {
		return code
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "kmsconform cleanup: "+format+"\n", a...)
		flags.Usage()
		return 2
	}
	if (*runID == "") == (*olderThan == 0) {
		return usage("give exactly one of --run-id ID or --older-than D (e.g. --older-than 24h)")
	}
	if *olderThan < 0 {
		return usage("--older-than %s: give a positive duration, e.g. 24h", *olderThan)
	}
	if *endpoint != "" {
		if err := target.CheckEndpoint(*endpoint); err != nil {
			return usage("--endpoint: %v", err)
		}
	}
	profile, err := target.Load(*profileName)
	if err != nil {
		return usage("--profile: %v", err)
	}
	if *endpoint == "" {
		*endpoint = profile.Endpoint
	}
	if *region == "" {
		*region = profile.Region
	}
	creds := credentialsFor(profile)
	if creds == nil {
		if creds, err = target.DefaultCredentials(ctx, *region); err != nil {
			fmt.Fprintf(stderr, "kmsconform cleanup: %v\n", err)
			return 1
		}
	}
	c, err := kmsclient.New(kmsclient.Config{Endpoint: *endpoint, Region: *region, Credentials: creds, Timeout: *timeout})
	if err != nil {
		fmt.Fprintf(stderr, "kmsconform cleanup: %v\n", err)
		return 1
	}
	found, scheduled, failed := 0, 0, 0
	pages := kms.NewListKeysPaginator(c.KMS, &kms.ListKeysInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "kmsconform cleanup: ListKeys: %v\n", err)
			return 1
		}
		for _, k := range page.Keys {
			id, ok, err := straggler(ctx, c.KMS, aws.ToString(k.KeyId), *runID, *olderThan)
			if err != nil {
				fmt.Fprintf(stderr, "kmsconform cleanup: key %s: %v\n", aws.ToString(k.KeyArn), err)
				failed++
				continue
			}
			if !ok {
				continue
			}
			found++
			if *dryRun {
				fmt.Fprintf(stdout, "would schedule deletion: %s (run %s)\n", aws.ToString(k.KeyArn), id)
				continue
			}
			_, err = c.KMS.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: k.KeyId, PendingWindowInDays: aws.Int32(7)})
			if err != nil {
				fmt.Fprintf(stderr, "kmsconform cleanup: ScheduleKeyDeletion %s: %v\n", aws.ToString(k.KeyArn), err)
				failed++
				continue
			}
			scheduled++
			fmt.Fprintf(stdout, "scheduled deletion in 7 days: %s (run %s)\n", aws.ToString(k.KeyArn), id)
		}
	}
	fmt.Fprintf(stdout, "%d keys found, %d scheduled for deletion, %d errors\n", found, scheduled, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

// straggler reports whether the key is one of the suite's to delete: tagged
// with the run ID (or with any run ID and created before now - olderThan),
// and not already pending deletion.
func straggler(ctx context.Context, c *kms.Client, keyID, runID string, olderThan time.Duration) (string, bool, error) {
	tags, err := c.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: aws.String(keyID)})
	if err != nil {
		if kmsclient.ErrorCode(err) == "NotFoundException" {
			return "", false, nil
		}
		return "", false, err
	}
	var id string
	for _, t := range tags.Tags {
		if aws.ToString(t.TagKey) == steps.RunIDTag {
			id = aws.ToString(t.TagValue)
		}
	}
	if id == "" || (runID != "" && id != runID) {
		return id, false, nil
	}
	out, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(keyID)})
	if err != nil {
		return id, false, err
	}
	md := out.KeyMetadata
	if md.KeyState == types.KeyStatePendingDeletion || md.KeyState == types.KeyStatePendingReplicaDeletion || md.KeyManager == types.KeyManagerTypeAws {
		return id, false, nil
	}
	if olderThan > 0 && (md.CreationDate == nil || time.Since(*md.CreationDate) < olderThan) {
		return id, false, nil
	}
	return id, true, nil
}
