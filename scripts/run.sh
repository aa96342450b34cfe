#!/usr/bin/env bash
# Quick start: install what is missing, build, create the demo workspace if there is none,
# and start Canvass on it: the desktop app where a display exists, else the CLI demo pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
DEMO=${CANVASS_DEMO_DIR:-demo}
CLI=build/bin/canvass-cli
PASS="--passphrase-file $DEMO/demo-passphrase.txt"
if [ ! -f "$DEMO/demo.canvass" ]; then
  "$CLI" demo "$DEMO"
fi
if [ -n "${DISPLAY:-}" ] && [ -x build/bin/canvass ]; then
  exec build/bin/canvass --demo "$DEMO"
fi
echo
echo "No display found: running the demo pipeline with canvass-cli instead of the desktop app."
echo "== workspace check"; "$CLI" check "$DEMO/demo.canvass" $PASS
echo "== protocols";      "$CLI" forms list "$DEMO/demo.canvass" $PASS
echo "== interviews (last 10)"; "$CLI" interview list "$DEMO/demo.canvass" $PASS | tail -n 11
echo "== content digest"; "$CLI" digest "$DEMO/demo.canvass" $PASS
echo
echo "The demo passphrase is in $DEMO/demo-passphrase.txt. Try: $CLI --help"
