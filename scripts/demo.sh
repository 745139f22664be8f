#!/usr/bin/env bash
# Installs what is missing, builds (optimised), runs the default scenario,
# writes results/<scenario>.h5 and prints the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ursim_ensure_deps

scenario=${1:-scenarios/harbin-2024-new-year.yaml}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DURSIM_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

mkdir -p results
out="results/$(basename "$scenario" .yaml).h5"
./build/ursim run "$scenario" -o "$out" --force
echo
echo "Open it with: h5ls -r $out   or   h5dump -A $out"
