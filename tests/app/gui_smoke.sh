#!/usr/bin/env bash
# Real-window smoke test: the app starts on a demo workspace under Xvfb, renders, writes a
# screenshot that is not blank, and exits 0.
set -euo pipefail
GUI=$(readlink -f "$1")
D=$(mktemp -d); trap 'rm -rf "$D"' EXIT
export CANVASS_KDF_PROFILE=test-fast
# An option where a path belongs is refused, and no folder named after it appears (issue 18).
cd "$D"
for bad in "--demo --screenshot x.png" "--demo" "--screenshot --frames 3" "--frames many" "--scale 5" "--screen nowhere"; do
  set +e; out=$("$GUI" $bad 2>&1); rc=$?; set -e
  [ "$rc" -eq 2 ] || { echo "canvass $bad: exit $rc, expected 2"; exit 1; }
  [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || { echo "canvass $bad: not one line: $out"; exit 1; }
  case "$out" in "canvass: "*) ;; *) echo "canvass $bad: $out"; exit 1 ;; esac
done
[ -z "$(ls -A "$D")" ] || { echo "bad arguments left files behind: $(ls -A "$D")"; exit 1; }
cd - >/dev/null
xvfb-run -a -s "-screen 0 1280x800x24" "$GUI" --demo "$D/demo" --screenshot "$D/shot.ppm" --frames 6
python3 - "$D/shot.ppm" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
hdr = d.split(b'\n', 3)
w, h = map(int, hdr[1].split()); px = hdr[3]
assert len(px) == w * h * 3, "truncated screenshot"
colors = {px[i:i+3] for i in range(0, len(px), 3 * 97)}
print(f"screenshot {w}x{h}, {len(colors)} distinct sampled colours")
assert len(colors) >= 3, "screenshot is blank"
PY
