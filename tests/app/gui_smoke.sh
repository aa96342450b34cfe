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

# The app hardens itself first (docs/security.md, LK-3): no core dumps, and not dumpable, so no
# other process of the same user can read its memory or environment; and under the test key
# profile it says once on stderr that its files are not protected. It runs as an unprivileged
# user when the tests run as root, so that "not dumpable" can be seen from outside.
H=$(mktemp -d); chmod 755 "$H"; cp "$GUI" "$H/canvass"; chmod 755 "$H/canvass"; mkdir -m 777 "$H/home"
as_user=(); [ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
"${as_user[@]}" env HOME="$H/home" xvfb-run -a -s "-screen 0 1280x800x24" \
  sh -c '"$0" --screen unlock & echo $! > "$1/pid"; wait' "$H/canvass" "$H/home" 2>"$H/err" &
runner=$!
fail() { echo "gui hardening: $1"; [ -s "$H/home/pid" ] && kill "$(cat "$H/home/pid")" 2>/dev/null; wait "$runner" 2>/dev/null; rm -rf "$H"; exit 1; }
for _ in $(seq 100); do [ -s "$H/home/pid" ] && break; sleep 0.2; done
[ -s "$H/home/pid" ] || fail "the app did not start"
P=$(cat "$H/home/pid")
readable() { "${as_user[@]}" cat "/proc/$1/environ" >/dev/null 2>&1; }
"${as_user[@]}" sleep 30 & control=$!
sleep 0.5
readable "$control" || { kill "$control"; fail "the control (a plain process) is not readable: this check cannot see anything"; }
kill "$control"; wait "$control" 2>/dev/null || true
hardened=0
for _ in $(seq 50); do
  if grep -Eq '^Max core file size +0 +0 ' "/proc/$P/limits" 2>/dev/null && ! readable "$P"; then hardened=1; break; fi
  sleep 0.2
done
[ "$hardened" -eq 1 ] || fail "$(grep 'core file' "/proc/$P/limits" 2>&1); environ readable by the same user: $(readable "$P" && echo yes || echo no)"
kill "$P"; wait "$runner" 2>/dev/null || true
grep -q "CANVASS_KDF_PROFILE=test-fast is set: workspaces and kits made now are test only" "$H/err" || fail "no test-profile note on stderr: $(cat "$H/err")"
[ "$(grep -c 'CANVASS_KDF_PROFILE' "$H/err")" -eq 1 ] || fail "the note is not printed once: $(cat "$H/err")"
rm -rf "$H"
echo "gui hardening: no core dumps, not dumpable, the test-profile note once"
