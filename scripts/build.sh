#!/usr/bin/env bash
# Configures and builds Canvass in Release into ./build (the GUI only if its libraries exist).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"
