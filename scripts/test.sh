#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors and with
# AddressSanitizer + UndefinedBehaviorSanitizer, and runs every test (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ursim_ensure_deps $URSIM_TEST_PACKAGES

cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DURSIM_WERROR=ON \
      -DURSIM_SANITIZE=ON >/dev/null
cmake --build build-test -j"$(nproc)"
ctest --test-dir build-test --output-on-failure -j"$(nproc)" "$@"
