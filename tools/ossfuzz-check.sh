#!/usr/bin/env bash
# ossfuzz-check.sh builds every native Go fuzz target the way OSS-Fuzz's compile_native_go_fuzzer does:
# go-118-fuzz-build (github.com/AdamKorcz/go-118-fuzz-build) keeps only the file that declares the target,
# renamed to a non-test file with "testing" swapped for its own testing package, and builds the package
# with it as a libFuzzer c-archive. A target whose file needs the package's other _test.go files, or a
# testing.F method the replacement lacks (Context, for one), fails here as it would on OSS-Fuzz.
#
# The tool rewrites sources in place, so it runs on a copy of the working tree (tracked and untracked,
# not ignored files). It needs the Go module proxy (for the tool and its testing package) and a C
# compiler (cgo, for the c-archive); with clang (Debian: apt-get install clang) it also links each archive
# with -fsanitize=fuzzer and runs the binary for 300 inputs from an empty directory, as OSS-Fuzz runs it
# away from the source tree: a target whose setup cannot find its data (go-118-fuzz-build re-prints the
# target's file without comments, so a //go:embed in it is lost) crashes there, because the targets' setup
# panics after F.Fatal, which the replacement only logs.
#
# Usage: tools/ossfuzz-check.sh [Target...]   (default: every func FuzzX(f *testing.F) in a _test.go file)
# Env:   GO118FUZZBUILD_VERSION (default below), KEEP=1 keeps the temporary directory.
# Exit:  0 all targets built, 1 a target failed, 2 setup failed.
set -euo pipefail

version=${GO118FUZZBUILD_VERSION:-v0.0.0-20250520111509-a70c2aa677fa}
root=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
tmp=$(mktemp -d)
if [[ ${KEEP:-} == 1 ]]; then echo "keeping $tmp"; else trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT; fi

cd "$root"
# dir<TAB>Target for every native fuzz target, as compile_native_go_fuzzer finds them: a line
# "func Target(" mentioning testing.F.
mapfile -t targets < <(git ls-files -co --exclude-standard -- '*_test.go' |
	xargs grep -H -o -E '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' |
	sed -E 's|^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*|\1\t\2|' | sort -u)
if [[ $# -gt 0 ]]; then
	want=" $* "
	filtered=()
	for t in "${targets[@]}"; do [[ $want == *" ${t#*$'\t'} "* ]] && filtered+=("$t"); done
	targets=("${filtered[@]}")
fi
if [[ ${#targets[@]} -eq 0 ]]; then
	echo "ossfuzz-check: no fuzz targets found" >&2
	exit 2
fi

echo "ossfuzz-check: installing go-118-fuzz-build@$version"
GOBIN="$tmp/bin" GOFLAGS=-mod=mod go install "github.com/AdamKorcz/go-118-fuzz-build@$version" || exit 2

# copy copies the working tree into a fresh directory and adds the replacement testing package to its
# go.mod, as an OSS-Fuzz build.sh does with go get.
copy() {
	local dst=$1
	mkdir -p "$dst"
	git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do
		[[ -e $f ]] && printf '%s\0' "$f"
	done | tar --null -T - -cf - | tar -xf - -C "$dst"
	(cd "$dst" && go get "github.com/AdamKorcz/go-118-fuzz-build/testing@$version" >/dev/null 2>&1) || {
		echo "ossfuzz-check: go get github.com/AdamKorcz/go-118-fuzz-build/testing@$version failed" >&2
		exit 2
	}
}

cc=$(command -v clang || true)
failed=0
for t in "${targets[@]}"; do
	dir=${t%%$'\t'*} fn=${t#*$'\t'}
	# compile_native_go_fuzzer greps the package directory for the target's name and expects one file.
	files=$(grep -r -l -s -- "$fn" "$dir" || true)
	if [[ $(wc -l <<<"$files") -ne 1 ]]; then
		echo "FAIL $fn ($dir): its name occurs in more than one file: $(tr '\n' ' ' <<<"$files")"
		failed=1
		continue
	fi
	# A fresh copy per target: a failed build leaves its rewrite behind.
	work="$tmp/src-$fn"
	copy "$work"
	log="$tmp/$fn.log"
	if (cd "$work" && "$tmp/bin/go-118-fuzz-build" -tags gofuzz -o "$tmp/$fn.a" -func "$fn" "./$dir") >"$log" 2>&1; then
		if [[ -n $cc ]]; then
			if "$cc" -fsanitize=fuzzer "$tmp/$fn.a" -lpthread -o "$tmp/$fn" >>"$log" 2>&1; then
				# OSS-Fuzz runs the binary away from the source tree: run it from an
				# empty directory for a few hundred inputs, so setup that reads
				# testdata/ at run time, or a crash on the first inputs, shows here.
				mkdir -p "$tmp/run-$fn"
				if (cd "$tmp/run-$fn" && "$tmp/$fn" -runs=300 -seed=1 -max_total_time=120) >>"$log" 2>&1; then
					echo "ok   $fn ($dir): libFuzzer binary linked; $(grep -oE 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$log" | tail -n 1) from an empty directory"
				else
					echo "FAIL $fn ($dir): the libFuzzer binary failed on its first inputs"
					sed 's/^/     /' "$log" | tail -n 40
					failed=1
				fi
			else
				echo "FAIL $fn ($dir): link"
				sed 's/^/     /' "$log"
				failed=1
			fi
		else
			echo "ok   $fn ($dir): archive $(du -h "$tmp/$fn.a" | cut -f1) (no clang: not linked)"
		fi
	else
		echo "FAIL $fn ($dir)"
		sed 's/^/     /' "$log"
		failed=1
	fi
	rm -rf "$work" "$tmp/$fn.a"
done
exit $failed
