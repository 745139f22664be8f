#!/usr/bin/env bash
# Measures ursim against its targets and prints a table; never fails on a
# missed target (it says "target met" or "missed"), only on a broken build or run.
#   1. engine hold model (tests/bench/hold.c, when present) against a bare
#      4-ary heap, 1,000 and 100,000 pending events: target within 1.5x;
#   2. M/M/1 at rho = 0.9, 10^6 customers (scenarios/bench/mm1.yaml);
#   3. the ticket hall's Erlang-A station, 10^6 customers, one thread
#      (scenarios/bench/hall.yaml), against the same model in SimPy
#      (scripts/simpy_hall.py): target at least 100x faster; both models'
#      mean waits and abandonment shares beside the exact Erlang-A figures;
#   4. the full Harbin New Year scenario, one replication, one thread: wall
#      time, events/s, peak memory (targets: under 2 s and 256 MiB), and the
#      same daily load over 30 days (scenarios/bench/harbin-30d.yaml) to show
#      memory flat as the horizon grows;
#   5. compare-governance.yaml: the Harbin surge and a snowstorm through the
#      five governance presets (and the siloed city with a joint-command
#      plan), 10 replications each, all threads: wall time
#      (target: under 60 s on this 2-core machine) and events/s.
# Builds optimised, without sanitizers, in build-bench/. Takes about a minute
# on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ursim_ensure_deps python3-simpy3 time

build=build-bench
py=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ursim-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rows=() # the final table: "figure|value|target|verdict"

row() { rows+=("$1|$2|${3:-}|${4:-}"); }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
verdict() { awk "BEGIN { print ($1) ? \"target met\" : \"missed\" }"; }
# kv FILE KEY: the first value of the "KEY value..." line.
kv() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }

# The hold benchmark's executable target, if tests/bench has one.
hold_target() {
    [ -f tests/bench/CMakeLists.txt ] || return 0
    grep -oE '(ur_test|add_executable)\([[:space:]]*[A-Za-z0-9_]*hold[A-Za-z0-9_]*' \
        tests/bench/CMakeLists.txt | head -1 | sed -E 's/.*\([[:space:]]*//'
}

# Tests are configured only for the hold target; only the targets are built.
build_all() {
    local hold=$1 tests=OFF
    [ -n "$hold" ] && tests=ON
    echo "== build: Release, no sanitizers, in $build/"
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DURSIM_SANITIZE=OFF -DURSIM_WERROR=OFF \
        -DURSIM_TESTS="$tests" >"$tmp/cmake.log" || { cat "$tmp/cmake.log"; exit 1; }
    cmake --build "$build" -j"$(nproc)" --target ursim $hold >"$tmp/build.log" 2>&1 ||
        { tail -40 "$tmp/build.log"; exit 1; }
}

# timed NAME CMD...: runs CMD with stdout in $tmp/NAME.out; sets wall_s
# (from bash's microsecond EPOCHREALTIME) and rss_kib (peak RSS, GNU time).
timed() {
    local name=$1 t0 t1
    shift
    t0=$EPOCHREALTIME
    /usr/bin/time -f %M -o "$tmp/$name.rss" "$@" >"$tmp/$name.out"
    t1=$EPOCHREALTIME
    wall_s=$(calc "%.3f" "$t1 - $t0")
    rss_kib=$(tail -1 "$tmp/$name.rss")
}

# ursim's KPIs of one station from a results file, as "key mean ci95_lo
# ci95_hi" lines (the interval is nan for one replication); waits in minutes.
ursim_kpis() {
    "$py" - "$1" "$2" <<'EOF'
import sys, h5py
path, station = sys.argv[1], sys.argv[2]
to_min = {"s": 1 / 60, "min": 1.0, "h": 60.0}
def show(name, d):
    units = d.attrs.get("units", "")
    k = to_min.get(units.decode() if isinstance(units, bytes) else str(units), 1.0)
    lo, hi = (d.attrs.get(a, float("nan")) for a in ("ci95_lo", "ci95_hi"))
    if d.shape[0] < 2:
        lo = hi = float("nan")
    print(name, *(f"{k * float(v):.8g}" for v in (d[()].mean(), lo, hi)))
with h5py.File(path, "r") as f:
    s = f["summary"]
    show("events", s["run/events"])
    st = s["stations/" + station]
    for name in ("wait_served_mean", "wait_all_mean", "abandonment_share"):
        if name in st:
            show(name, st[name])
EOF
}

# ursim's events/s from its header line ("...: 0.27 s, 7.41e+06 events/s").
ursim_events_per_s() {
    sed -nE 's/.*: [0-9.]+ s, ([0-9.e+-]+) events\/s$/\1/p' "$1" | head -1
}

# The run's own time (loading and the results file left out): events over
# events/s, which keeps three digits where the header's seconds may have one.
ursim_run_s() {
    calc %.3g "$(kv "$2" events) / $(ursim_events_per_s "$1")"
}

bench_hold() {
    local bin=$1 n engine bare ratio
    echo "== engine hold model against a bare 4-ary heap ($bin)"
    "$bin" | tee "$tmp/hold.out"
    # Its table rows: N, engine events/s, bare heap events/s, bare/engine.
    while read -r n engine bare ratio; do
        row "hold, $n pending: engine" "$(calc %.3g "$engine") events/s"
        row "hold, $n pending: bare 4-ary heap" "$(calc %.3g "$bare") events/s"
        row "hold, $n pending: heap/engine speed" "${ratio}x" "<= 1.5x" "$(verdict "$ratio <= 1.5")"
    done < <(awk 'NF == 4 && $1 ~ /^[0-9]+$/' "$tmp/hold.out")
}

bench_mm1() {
    echo "== M/M/1, rho = 0.9, 10^6 customers, 1 replication"
    timed mm1 "$build/ursim" run scenarios/bench/mm1.yaml -o "$tmp/mm1.h5" --threads 1
    ursim_kpis "$tmp/mm1.h5" server >"$tmp/mm1.kpi"
    local run_s
    run_s=$(ursim_run_s "$tmp/mm1.out" "$tmp/mm1.kpi")
    echo "   $run_s s in the run (process $wall_s s), $(kv "$tmp/mm1.kpi" events) events;" \
        "wait_served_mean $(calc %.2f "$(kv "$tmp/mm1.kpi" wait_served_mean) * 60") s" \
        "(exact: lambda / (mu (mu - lambda)) = 9 s)"
    row "M/M/1 rho=0.9, 1e6 customers: run" "$run_s s"
    row "M/M/1: events/s" "$(ursim_events_per_s "$tmp/mm1.out")"
    row "M/M/1: process wall, peak RSS" "$wall_s s, $((rss_kib / 1024)) MiB"
}

bench_hall() {
    echo "== Erlang-A hall, 10^6 customers, 1 replication, 1 thread: ursim"
    timed hall "$build/ursim" run scenarios/bench/hall.yaml -o "$tmp/hall.h5" --threads 1
    local u_run u_wall=$wall_s u_rss=$rss_kib
    ursim_kpis "$tmp/hall.h5" windows >"$tmp/hall.kpi"
    u_run=$(ursim_run_s "$tmp/hall.out" "$tmp/hall.kpi")
    echo "   $u_run s in the run, process $u_wall s, peak RSS $((u_rss / 1024)) MiB"
    echo "== the same model in SimPy (scripts/simpy_hall.py; about 15 s)"
    timed simpy "$py" scripts/simpy_hall.py --customers 1000000 --seed 1
    local s_run s_wall=$wall_s s_rss=$rss_kib
    s_run=$(kv "$tmp/simpy.out" wall_s)
    echo "   $s_run s in the run, process $s_wall s, peak RSS $((s_rss / 1024)) MiB"
    echo "== ursim, the same hall, 10 replications (intervals to set against the formula)"
    "$build/ursim" run scenarios/bench/hall.yaml -o "$tmp/hall10.h5" --replications 10 --quiet
    ursim_kpis "$tmp/hall10.h5" windows >"$tmp/hall10.kpi"
    hall_agreement
    local ratio
    ratio=$(calc %.1f "$s_run / $u_run")
    row "Erlang-A hall 1e6: ursim run" "$u_run s"
    row "Erlang-A hall: ursim process, peak RSS" "$u_wall s, $((u_rss / 1024)) MiB"
    row "Erlang-A hall 1e6: SimPy run" "$s_run s"
    row "Erlang-A hall: SimPy process, peak RSS" "$s_wall s, $((s_rss / 1024)) MiB"
    row "SimPy / ursim, run" "${ratio}x" ">= 100x" "$(verdict "$ratio >= 100")"
    row "SimPy / ursim, whole process" "$(calc %.1f "$s_wall / $u_wall")x"
}

# Mean waits and abandonment share: ursim and SimPy (one replication each,
# different random numbers: expect them a few per cent apart), ursim over 10
# replications with its 95% interval, and the exact Erlang-A figures.
hall_agreement() {
    local u=$tmp/hall.kpi u10=$tmp/hall10.kpi s=$tmp/simpy.out
    local fmt='   %-24s %9s %9s   %-26s %9s\n' k sk label
    printf "$fmt" "" ursim SimPy "ursim, 10 reps [95% CI]" exact
    for k in wait_served_mean wait_all_mean abandonment_share; do
        sk=${k}_min label="$k (min)"
        [ "$k" = abandonment_share ] && sk=abandon_share label=$k
        printf "$fmt" "$label" "$(calc %.5f "$(kv "$u" "$k")")" \
            "$(calc %.5f "$(kv "$s" "$sk")")" \
            "$(awk -v k="$k" '$1 == k { printf "%.5f [%.5f, %.5f]", $2, $3, $4 }' "$u10")" \
            "$(calc %.5f "$(kv "$s" "exact_$sk")")"
    done
}

bench_harbin() {
    echo "== Harbin New Year 2024, 3 days, 1 replication, 1 thread"
    timed harbin3 "$build/ursim" run scenarios/harbin-2024-new-year.yaml -o "$tmp/h3.h5" \
        --replications 1 --threads 1
    local w3=$wall_s r3=$rss_kib e3
    e3=$(ursim_events_per_s "$tmp/harbin3.out")
    echo "   $w3 s (process), $e3 events/s, peak RSS $((r3 / 1024)) MiB"
    echo "== the same daily load over 30 days (scenarios/bench/harbin-30d.yaml)"
    timed harbin30 "$build/ursim" run scenarios/bench/harbin-30d.yaml -o "$tmp/h30.h5" \
        --replications 1 --threads 1
    local w30=$wall_s r30=$rss_kib
    echo "   $w30 s (process), $(ursim_events_per_s "$tmp/harbin30.out") events/s," \
        "peak RSS $((r30 / 1024)) MiB"
    row "Harbin 3 days, 1 replication: wall" "$w3 s" "< 2 s" "$(verdict "$w3 < 2")"
    row "Harbin 3 days: events/s" "$e3"
    row "Harbin 3 days: peak RSS" "$((r3 / 1024)) MiB" "< 256 MiB" \
        "$(verdict "$r3 < 256 * 1024")"
    row "Harbin 30 days: wall, peak RSS" "$w30 s, $((r30 / 1024)) MiB"
    row "Harbin peak RSS, 30 days / 3 days" "$(calc %.2f "$r30 / $r3")x" "~1x (flat)"
}

bench_governance() {
    echo "== compare-governance: every variant x 10 replications, $(nproc) threads"
    timed gov "$build/ursim" run scenarios/compare-governance.yaml -o "$tmp/gov.h5" \
        --replications 10
    local e
    e=$(ursim_events_per_s "$tmp/gov.out")
    echo "   $wall_s s (process), $e events/s, peak RSS $((rss_kib / 1024)) MiB"
    row "compare-governance, 6 x 10 reps: wall" "$wall_s s" "< 60 s" "$(verdict "$wall_s < 60")"
    row "compare-governance: events/s, peak RSS" "$e, $((rss_kib / 1024)) MiB"
}

print_table() {
    local r line
    echo
    echo "== summary ($(nproc) CPUs, $(uname -m))"
    printf '%-42s %-22s %-10s %s\n' figure value target verdict
    for r in "${rows[@]}"; do
        IFS='|' read -r -a line <<<"$r"
        printf '%-42s %-22s %-10s %s\n' "${line[0]}" "${line[1]}" "${line[2]:-}" "${line[3]:-}"
    done
}

hold=$(hold_target)
build_all "$hold"
if [ -n "$hold" ]; then
    bench_hold "$(find "$build/tests/bench" -type f -name "$hold" -perm -u+x | head -1)"
else
    echo "== engine hold model: tests/bench has no hold benchmark yet; skipped"
    row "engine hold model" "not built (no tests/bench)"
fi
bench_mm1
bench_hall
bench_harbin
bench_governance
print_table
