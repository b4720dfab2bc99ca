package main

import (
	"bytes"
	"strings"
	"testing"
)

// dispatchCommand runs one kmsconform command line in-process, as main does.
func dispatchCommand(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = dispatch(t.Context(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// usageCase is a command line that must be refused as a usage error.
type usageCase struct {
	name string
	args []string
	want string // in stderr: the flag and, where there is one, the fix
}

// checkUsageErrors requires every case of command to exit 2 with the problem
// and the command's usage on stderr, so a wrong flag never starts any work.
func checkUsageErrors(t *testing.T, command string, cases []usageCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := dispatchCommand(t, append([]string{command}, c.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr: %s", code, stderr)
			}
			if !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "usage: kmsconform "+command) {
				t.Errorf("stderr does not name the problem %q and show the usage:\n%s", c.want, stderr)
			}
		})
	}
}
