#!/usr/bin/env bash
# Checks that everything the build and the tests find on this machine comes from a Debian
# package that scripts/deps.sh installs (listed, or pulled in by a listed package's Depends),
# so that a package present here by chance cannot hide a missing line in deps.sh.
#
# What it maps to packages (dpkg -S on the file that was found):
#   - every pkg_check_modules() module named in the CMake files (its .pc file);
#   - every file CMake found and cached (FILEPATH entries: libraries, compilers, tools);
#   - every find_package() config directory CMake cached (its *Config.cmake);
#   - the programs the tests and scripts run (TOOLS below).
# Usage: scripts/check-deps.sh [BUILD_DIR]   (after a configure; default ./build)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
CACHE="$BUILD/CMakeCache.txt"
TOOLS=(xmllint unzip xvfb-run xauth Xvfb python3 clang clang++ sqlcipher timeout runuser)
# Cache entries of optional finds the build does not use (FindOpenGL looks for GLU too).
UNUSED='^(OPENGL_glu_LIBRARY)$'

[ -f "$CACHE" ] || { echo "check-deps: $CACHE not found: configure first (scripts/build.sh)"; exit 2; }
command -v dpkg >/dev/null && command -v apt-cache >/dev/null ||
  { echo "check-deps: dpkg/apt-cache not found: this check runs on Debian"; exit 2; }

eval "$(sed -n '/^PKGS=(/,/)/p' scripts/deps.sh)"
# The listed packages and everything their Depends/Pre-Depends install, recursively.
declare -A closure=()
while read -r p; do closure["${p%%:*}"]=1; done < <(
  apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances \
    "${PKGS[@]}" 2>/dev/null | grep -v '^ ' | tr -d '<>')
# Essential packages are on every Debian system.
while read -r p e; do [ "$e" = yes ] && closure["$p"]=1; done < <(dpkg-query -W -f='${Package} ${Essential}\n')

declare -A why=()  # file found -> what found it
for m in $(grep -rhoE 'pkg_check_modules\([A-Z0-9_]+ +REQUIRED +IMPORTED_TARGET +[^)]+\)' --include=CMakeLists.txt --include='*.cmake' \
             --exclude-dir=build* . | sed -E 's/.*IMPORTED_TARGET +//; s/\)//'); do
  dir=$(pkg-config --variable=pcfiledir "$m" 2>/dev/null) || { echo "check-deps: pkg-config module $m not found"; exit 1; }
  why["$dir/$m.pc"]="pkg_check_modules($m)"
done
while IFS='=' read -r key val; do
  [[ "${key%%:*}" =~ $UNUSED ]] && continue
  [ -f "$val" ] && why["$val"]="CMake cache ${key%%:*}"
done < <(grep -E '^[A-Za-z0-9_]+:FILEPATH=/' "$CACHE")
while IFS='=' read -r key val; do
  cfg=$(ls "$val"/*[Cc]onfig.cmake 2>/dev/null | head -n1 || true)
  [ -n "$cfg" ] && why["$cfg"]="find_package(${key%%_DIR:*})"
done < <(grep -E '^[A-Za-z0-9_]+_DIR:PATH=/' "$CACHE")
# The PostgreSQL server programs the rollup tests run (tests/rollup/pg_server.cpp), which are
# not on PATH: found where pg_config says, as the tests find them.
pg_bin=$(pg_config --bindir 2>/dev/null || true)
for t in initdb pg_ctl; do
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/$t" ]; then
    echo "check-deps: the rollup tests run PostgreSQL's '$t' but it is not installed: add postgresql to scripts/deps.sh"; exit 1
  fi
  why["$pg_bin/$t"]="program $t (rollup tests)"
done
for t in "${TOOLS[@]}"; do
  path=$(command -v "$t" || true)
  if [ -z "$path" ]; then echo "check-deps: the tests run '$t' but it is not installed: add its package to scripts/deps.sh"; exit 1; fi
  why["$path"]="program $t"
done

bad=0 checked=0
for f in "${!why[@]}"; do
  case "$f" in /usr/local/*|"$PWD"/*) continue ;; esac
  real=$(readlink -f "$f")
  owner=$(dpkg -S "$real" 2>/dev/null | head -n1 | cut -d: -f1 | cut -d, -f1) ||
    owner=$(dpkg -S "$f" 2>/dev/null | head -n1 | cut -d: -f1 | cut -d, -f1) || true
  if [ -z "$owner" ]; then echo "check-deps: note: no package owns $f (${why[$f]}); not checked"; continue; fi
  checked=$((checked + 1))
  if [ -z "${closure[$owner]:-}" ]; then
    echo "check-deps: $f (${why[$f]}) comes from package '$owner', which scripts/deps.sh does not install: add it to PKGS"
    bad=$((bad + 1))
  fi
done
if [ "$bad" -ne 0 ]; then exit 1; fi
echo "check-deps: ok, $checked files found by the build and tests all come from packages scripts/deps.sh installs"
