#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...]: fuzzes each target (load run units,
# tests/fuzz/README.md) for SECONDS (default 60), one after the other.
#
# Builds the libFuzzer targets with clang in build-fuzz/ (ASan + UBSan),
# regenerates the seeds and the dictionary (tests/fuzz/make_inputs.py), and
# runs each target on the kept corpus (tests/fuzz/corpus/TARGET) and the
# seeds, going on past failures. Limits: 2 s per input (a timeout), 1 GiB of
# memory (an out-of-memory). Afterwards:
#  - every crash, leak, timeout or out-of-memory found is minimised into
#    tests/fuzz/regressions/TARGET/ (which ./scripts/test.sh replays);
#  - the corpus is merged: tests/fuzz/corpus/TARGET keeps the inputs that
#    reach coverage the seeds do not;
#  - one line per target goes to build-fuzz/fuzz/campaign.tsv (date, seconds,
#    target, executions, coverage edges, features, failures found).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ursim_ensure_deps $URSIM_FUZZ_PACKAGES

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-load run units}
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DURSIM_FUZZ=ON \
      -DURSIM_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 >/dev/null
F=build-fuzz/fuzz
limits=(-timeout=2 -rss_limit_mb=1024 -dict="$F/ursim.dict")

# minimise TARGET ARTIFACT: into tests/fuzz/regressions/TARGET/KIND-SHA1.
minimise() {
    local t=$1 art=$2 kind min
    kind=$(basename "$art" | cut -d- -f1)
    min=$F/min.tmp
    rm -f "$min"
    TMPDIR=$F/tmp "$F/fuzz_$t" "${limits[@]}" -minimize_crash=1 -max_total_time=60 \
        -exact_artifact_path="$min" "$art" >>"$F/$t.minimise.log" 2>&1 || true
    [ -s "$min" ] || cp "$art" "$min"
    mv "$min" "tests/fuzz/regressions/$t/$kind-$(sha1sum <"$min" | cut -c1-40)"
}

for t in $targets; do
    work=$F/work/$t arts=$F/artifacts/$t kept=tests/fuzz/corpus/$t
    rm -rf "$arts" "$F/tmp"
    mkdir -p "$work" "$arts" "$F/tmp" "tests/fuzz/regressions/$t"
    find "$kept" -type f ! -name '.*' -exec cp -n {} "$work/" \;
    echo "fuzz_$t: ${seconds}s (log: $F/$t.log)" >&2
    TMPDIR=$F/tmp "$F/fuzz_$t" "${limits[@]}" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 -max_total_time="$seconds" -artifact_prefix="$arts/" \
        "$work" "$F/seeds/$t" >"$F/$t.log" 2>&1 || true
    found=0
    for art in "$arts"/*; do
        [ -f "$art" ] || continue
        minimise "$t" "$art"
        found=$((found + 1))
    done
    # The kept corpus: what adds coverage to the seeds (all of them kept as given).
    merged=$F/merged/$t
    rm -rf "$merged" && mkdir -p "$merged" && cp "$F/seeds/$t"/* "$merged/"
    TMPDIR=$F/tmp "$F/fuzz_$t" "${limits[@]}" -merge=1 "$merged" "$work" \
        >"$F/$t.merge.log" 2>&1 || true
    find "$kept" -type f ! -name '.*' -delete
    for f in "$merged"/*; do
        [ -e "$F/seeds/$t/$(basename "$f")" ] || cp "$f" "$kept/"
    done
    rm -rf "$F/tmp"
    # The fork mode's last status line: "#N: cov: C ft: F corp: K exec/s E oom/timeout/crash: a/b/c ..."
    last=$(grep -E '^#[0-9]+: cov: ' "$F/$t.log" | tail -1 || true)
    execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
    cov=$(sed -E 's/.* cov: ([0-9]+).*/\1/' <<<"$last")
    ft=$(sed -E 's/.* ft: ([0-9]+).*/\1/' <<<"$last")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$seconds" "$t" "${execs:-0}" \
        "${cov:-0}" "${ft:-0}" "$found" >>"$F/campaign.tsv"
    printf 'fuzz_%s: %s executions, coverage %s edges (%s features), %s failures found, corpus %s kept\n' \
        "$t" "${execs:-0}" "${cov:-0}" "${ft:-0}" "$found" "$(ls "$kept" | wc -l)" >&2
done
echo "regressions: $(find tests/fuzz/regressions -type f ! -name '.*' | wc -l) (tests/fuzz/regressions)" >&2
