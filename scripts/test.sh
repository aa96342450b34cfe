#!/usr/bin/env bash
# Installs what is missing, builds, fuzzes the untrusted-input readers for a bounded time,
# and runs the whole test suite (ctest, 2 jobs; its summary is the last thing printed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
# Every package the build and the tests found must be one deps.sh installs (fresh machines).
scripts/check-deps.sh
# Bundle and kit readers and the importer under ASan/UBSan (CANVASS_FUZZ_SECONDS each).
scripts/fuzz.sh "${CANVASS_FUZZ_SECONDS:-30}"
cd build
# The GUI smoke test needs a display: it runs under xvfb-run by itself.
ctest --output-on-failure -j2 --timeout 900
