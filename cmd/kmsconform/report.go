package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsconform/kmsconform/reports"
)

func init() {
	register("report", command{
		summary: "re-render saved results; with several --in, a matrix across targets",
		run:     runReport,
	})
}

// reportSafeDirName is a profile name that can be used as a directory name as is.
var reportSafeDirName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// runReport implements `kmsconform report --in DIR [--in DIR ...] --out DIR
// [--format html,md,junit,cucumber]` (issue 4). One --in re-renders that run into
// --out; several write matrix.html and matrix.md into --out and each run's
// reports into --out/<profile> (or --out/<N>, N counting --in from 1, when the
// profile is missing, repeated or not a plain name).
func runReport(_ context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlagSet("report", "--in DIR [--in DIR ...] --out DIR [--format LIST]", stderr)
	var ins []string
	flags.Func("in", "directory holding a run's "+reports.ResultsFile+" (repeat for a matrix across targets)", func(s string) error {
		if s == "" {
			return errors.New("empty directory")
		}
		ins = append(ins, s)
		return nil
	})
	out := flags.String("out", "", "directory to write the reports to (created if missing)")
	format := flags.String("format", strings.Join(reports.FormatNames(), ","), "comma-separated report formats: "+strings.Join(reports.FormatNames(), ", "))
	if code, ok := parseFlags(flags, args); !ok {
		return code
	}
	err := renderReports(ins, *out, *format, stdout)
	switch {
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "kmsconform report: %v\n", err)
		flags.Usage()
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "kmsconform report: %v\n", err)
		return 1
	}
	return 0
}

// reportUsageError marks err as the user's to fix (errUsage), keeping its text.
type reportUsageError struct{ err error }

func (u reportUsageError) Error() string         { return u.err.Error() }
func (u reportUsageError) Unwrap() []error       { return []error{u.err, errUsage} }
func reportUsagef(format string, a ...any) error { return reportUsageError{fmt.Errorf(format, a...)} }

// renderReports does the work of runReport once the flags are parsed; an error the
// user must fix by changing a flag is marked with errUsage.
func renderReports(ins []string, out, format string, stdout io.Writer) error {
	if len(ins) == 0 {
		return reportUsagef("--in is missing: pass the directory a run wrote its %s to, e.g. --in out/reference", reports.ResultsFile)
	}
	if out == "" {
		return reportUsagef("--out is missing: pass the directory to write the reports to, e.g. --out report")
	}
	formats, err := reports.ParseFormats(format)
	if err != nil {
		return reportUsagef("--format: %v; pass a comma-separated subset of %s", err, strings.Join(reports.FormatNames(), ","))
	}

	runs := make([]*reports.Run, len(ins))
	for i, dir := range ins {
		if _, err := os.Stat(filepath.Join(dir, reports.ResultsFile)); errors.Is(err, fs.ErrNotExist) {
			return reportUsagef("--in %s: no %s there; pass a directory written by kmsconform run --out", dir, reports.ResultsFile)
		}
		r, err := reports.Load(dir)
		if err != nil {
			return err
		}
		runs[i] = r
	}

	if len(runs) == 1 {
		if err := reports.WriteAll(out, runs[0], formats); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "kmsconform report: wrote %s (%s) to %s\n", strings.Join(formats, ","), runs[0].Label(), out)
		return nil
	}

	for i, dir := range reportRunDirs(runs) {
		if err := reports.WriteAll(filepath.Join(out, dir), runs[i], formats); err != nil {
			return fmt.Errorf("%s: %w", ins[i], err)
		}
	}
	for _, m := range []struct {
		file  string
		write func(io.Writer, []*reports.Run) error
	}{
		{"matrix.html", reports.WriteMatrixHTML},
		{"matrix.md", reports.WriteMatrixMarkdown},
	} {
		if err := reportWriteMatrix(filepath.Join(out, m.file), runs, m.write); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "kmsconform report: wrote matrix.html, matrix.md and the reports of %d runs to %s\n", len(runs), out)
	return nil
}

// reportRunDirs names each run's subdirectory: its profile when that is a plain name
// used by no other run, else its 1-based position among the --in flags.
func reportRunDirs(runs []*reports.Run) []string {
	count := map[string]int{}
	for _, r := range runs {
		count[r.Target.Profile]++
	}
	dirs := make([]string, len(runs))
	for i, r := range runs {
		p := r.Target.Profile
		if count[p] == 1 && reportSafeDirName.MatchString(p) && !reportIsNumber(p) {
			dirs[i] = p
		} else {
			dirs[i] = strconv.Itoa(i + 1)
		}
	}
	return dirs
}

// reportIsNumber reports whether s could collide with a positional directory name.
func reportIsNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func reportWriteMatrix(path string, runs []*reports.Run, write func(io.Writer, []*reports.Run) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := write(f, runs); err != nil {
		f.Close()
		return fmt.Errorf("report: %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
