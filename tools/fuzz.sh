#!/usr/bin/env bash
# Every native Go fuzz target of the module for a bounded time each, then the model-based run against the
# embedded reference (issue 5, `make fuzz`):
#
#   tools/fuzz.sh [FUZZTIME]      FUZZTIME as go test -fuzztime takes it (60s, 5m, 10000x); default 60s
#
# Targets are found, not listed: every `func FuzzX(f *testing.F)` in a _test.go file, so a new one is
# picked up. Each runs as `go test -run '^$' -fuzz '^FuzzX$' -fuzztime FUZZTIME -parallel 1 ./pkg` (one
# worker: the machines this runs on have two cores and other jobs). A summary table gives each target's
# final execs, from go's last "fuzz: elapsed: ..., execs: N (R/sec)" line, and execs/s, the mean over the
# time spent fuzzing (go's per-interval rates come in bursts: it counts a worker's execs per batch), and
# the seconds spent first on the baseline coverage of the corpus.
#
# A failing target prints go's output and the path of the input it wrote (keep it: fix the bug, rename the
# file after what it shows, and commit it in that package's testdata/fuzz/FuzzX/). The other targets and
# the model-based run still run. Exit 1 if any target or the model-based run failed, 2 on a usage error.
#
# Environment: GO (the go command, default `go`), FUZZ_MODEL_STEPS (--steps of the model-based run,
# default 2000), FUZZ_TARGETS (an extended regexp: only the targets whose name matches; default all).
set -euo pipefail

usage() {
	echo "usage: tools/fuzz.sh [FUZZTIME]   (e.g. 60s, 5m, 10000x)" >&2
	exit 2
}
[[ $# -le 1 ]] || usage
fuzztime=${1:-60s}
[[ $fuzztime =~ ^([0-9]+x|([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+)$ ]] || usage
GO=${GO:-go}
steps=${FUZZ_MODEL_STEPS:-2000}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "dir name" per target, sorted; testdata and .git are not code.
mapfile -t targets < <(
	grep -rE --include='*_test.go' --exclude-dir=testdata --exclude-dir=.git --exclude-dir=vendor \
		'^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . |
		sed -E 's|^\./(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*|\1 \2|; s|^\./[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*|. \1|' |
		sort -u | { grep -E " (${FUZZ_TARGETS:-.*})\$" || true; }
)
if [[ ${#targets[@]} -eq 0 ]]; then
	echo "tools/fuzz.sh: no fuzz targets (func FuzzX(f *testing.F) in a _test.go file) found" >&2
	exit 1
fi

# go prints a duration as 1h2m3.5s; seconds, as a float.
seconds() {
	awk -v d="$1" 'BEGIN {
		s = 0
		while (match(d, /^[0-9.]+(h|ms|m|s)/)) {
			part = substr(d, 1, RLENGTH); d = substr(d, RLENGTH + 1)
			n = part + 0
			if (part ~ /ms$/) s += n / 1000; else if (part ~ /h$/) s += n * 3600; else if (part ~ /m$/) s += n * 60; else s += n
		}
		print s
	}'
}

failed=0
rows=()
notes=()
for t in "${targets[@]}"; do
	dir=${t% *}
	name=${t#* }
	log="$work/$name.log"
	echo "== $name (./$dir) for $fuzztime"
	status=ok
	if ! "$GO" test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -parallel 1 "./$dir" >"$log" 2>&1; then
		crasher=$(sed -nE 's/.*Failing input written to (.*)$/\1/p' "$log" | tail -n 1)
		# Go 1.26's coordinator can report its own -fuzztime deadline as a
		# failure of the target, with no input written (go.dev/issue/75804,
		# fixed in Go 1.27). Only then, and only if the corpus still replays
		# clean, is the run counted as passed; anything else is a failure.
		if [[ -z $crasher ]] && tail -n 5 "$log" | grep -q '^    context deadline exceeded$' &&
			"$GO" test -count=1 -run "^${name}\$" "./$dir" >"$log.replay" 2>&1; then
			status=ok
			note="$name: go's fuzzing coordinator reported its own -fuzztime deadline (go.dev/issue/75804); no input was written and the corpus replays clean"
			notes+=("$note")
			echo "   $note"
		else
			status=FAIL
			failed=1
			cat "$log"
		fi
	fi
	if [[ $status == FAIL ]]; then
		if [[ -n $crasher ]]; then
			echo "tools/fuzz.sh: $name failed; the input is in ./$dir/$crasher"
			echo "  re-run: $GO test -run '^$name/$(basename "$crasher")\$' ./$dir"
		else
			echo "tools/fuzz.sh: $name failed without writing an input (see go's output above)"
		fi
	fi
	# The last progress line: fuzz: elapsed: 1m0s, execs: 123456 (2050/sec), new interesting: ...
	# go counts a worker's execs when it hands back a batch, so a slow target
	# shows 0/sec intervals and then a burst: the rate worth printing is the
	# mean from the start of fuzzing (after the baseline coverage) to the end.
	last=$(grep -E '^fuzz: elapsed: [^,]+, execs: [0-9]+ \([0-9.]+/sec\)' "$log" | tail -n 1 || true)
	begin=$(sed -nE 's/^fuzz: elapsed: ([^,]+), gathering baseline coverage: .*now fuzzing.*/\1/p' "$log" | tail -n 1)
	execs=- rate=- baseline=-
	if [[ -n $last ]]; then
		execs=$(sed -E 's/.*execs: ([0-9]+) .*/\1/' <<<"$last")
		end=$(seconds "$(sed -E 's/^fuzz: elapsed: ([^,]+),.*/\1/' <<<"$last")")
		baseline=$(seconds "${begin:-0s}")
		rate=$(awk -v n="$execs" -v e="$end" -v b="$baseline" 'BEGIN { if (e > b) printf "%.0f", n / (e - b); else print "-" }')
	fi
	echo "   $status: $execs execs, $rate/s while fuzzing, ${baseline}s of baseline coverage first"
	rows+=("$(printf '%-24s %-28s %-6s %10s %10s %10s' "$name" "./$dir" "$status" "$execs" "$rate" "$baseline")")
done

echo
echo "== model-based run: $GO run ./cmd/kmsconform fuzz --steps $steps (embedded reference)"
model=ok
if ! "$GO" run ./cmd/kmsconform fuzz --steps "$steps"; then
	model=FAIL
	failed=1
fi

echo
echo "== summary (fuzztime $fuzztime, one worker each)"
printf '%-24s %-28s %-6s %10s %10s %10s\n' target package result execs execs/s baseline/s
printf '%s\n' "${rows[@]}"
echo "model-based run (--steps $steps): $model"
for n in "${notes[@]}"; do echo "note: $n"; done
exit "$failed"
