#!/usr/bin/env bash
# Regenerates docs/screenshots/: every screen of the desktop app on the demo workspace, in
# English and in Spanish, at 100 % and 150 % text size, plus a few in the high-contrast theme,
# drawn under Xvfb (no display needed). Usage: scripts/screenshots.sh [BUILD_DIR]
# The demo data are synthetic; each language gets its own demo folder (settings are per folder).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
APP="$BUILD/bin/canvass"
[ -x "$APP" ] || { echo "screenshots: $APP not built (scripts/build.sh)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run missing (scripts/deps.sh installs it)" >&2; exit 1; }
OUT=docs/screenshots
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/canvass-shots-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SCREENS=(unlock join home new runner interviews detail settings sync conflicts devices
         coding codebook agreement retrieve search frequencies cooccurrence memos
         assessment assessment-map assessment-caseload assessment-guidance)
shot() {  # shot DEMO_DIR FILE ARGS...
  local demo=$1 file=$2; shift 2
  xvfb-run -a -s "-screen 0 1800x1200x24" "$APP" --demo "$demo" --screenshot "$OUT/$file" --frames 6 "$@" >/dev/null 2>&1 ||
    { echo "screenshots: $file failed" >&2; return 1; }
}
n=0
for lang in en es; do
  for scale in 100 150; do
    for s in "${SCREENS[@]}"; do
      shot "$WORK/$lang" "$s-$lang-$scale.png" --screen "$s" --scale "$scale" --ui-language "$lang"
      n=$((n + 1))
    done
  done
done
for s in home runner sync assessment; do
  shot "$WORK/hc" "$s-en-100-high-contrast.png" --screen "$s" --scale 100 --ui-language en --high-contrast
  n=$((n + 1))
done
# Lossy palette compression keeps the folder small (about a third); optional.
if command -v pngquant >/dev/null; then
  for f in "$OUT"/*-{en,es}-1[05]0*.png; do pngquant --force --skip-if-larger --quality=80-95 --output "$f" "$f" || true; done
fi
{
  echo "# Screenshots"
  echo
  echo "Every screen of the desktop app on the demo workspace (synthetic data), drawn by the app itself under"
  echo "Xvfb: in English and in Spanish, at 100 % and 150 % text size, and a few in the high-contrast theme."
  echo "Regenerate with \`scripts/screenshots.sh\`. In Spanish every screen's own words are translated;"
  echo "data stays as entered (the demo's answers, area and code names) and the assessment's report texts"
  echo "(run notes, statuses, gap reasons) stay English, as in the HTML report (docs/gui.md)."
  echo
  echo "| screen | English 100 % | English 150 % | Español 100 % | Español 150 % |"
  echo "|---|---|---|---|---|"
  for s in "${SCREENS[@]}"; do
    echo "| $s | [png]($s-en-100.png) | [png]($s-en-150.png) | [png]($s-es-100.png) | [png]($s-es-150.png) |"
  done
  echo
  echo "High contrast (Settings, one tick):"
  for s in home runner sync assessment; do echo "[$s]($s-en-100-high-contrast.png)"; done
} >"$OUT/README.md"
echo "screenshots: $n files in $OUT (index: $OUT/README.md)"
