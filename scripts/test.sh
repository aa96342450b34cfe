#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (ctest, 2 jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
cd build
# The GUI smoke test needs a display: ctest runs it under xvfb-run itself.
ctest --output-on-failure -j2 --timeout 900
cd ..
# Fuzz the bundle and kit readers and the importer for a bounded time (ASan/UBSan).
scripts/fuzz.sh "${CANVASS_FUZZ_SECONDS:-30}"
