#!/usr/bin/env bash
# Installs what is missing, builds (optimised), runs the default scenario,
# writes results/<scenario>.h5 and its report results/<scenario>.html, and
# ends with the run's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ursim_ensure_deps

scenario=${1:-scenarios/harbin-2024-new-year.yaml}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DURSIM_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

mkdir -p results
out="results/$(basename "$scenario" .yaml).h5"
# The run's own printout is the summary below; its progress line stays on stderr.
./build/ursim run "$scenario" -o "$out" --force >/dev/null
./build/ursim report "$out" >/dev/null    # results/<scenario>.html, next to the .h5
echo "results: $out and ${out%.h5}.html (open it in a browser); every KPI: build/ursim summary $out --all"
echo
./build/ursim summary "$out"
