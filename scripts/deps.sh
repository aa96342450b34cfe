#!/usr/bin/env bash
# Installs the Debian 12 packages Canvass needs that are not installed yet (needs root or sudo).
set -euo pipefail
# scripts/check-deps.sh (run by scripts/test.sh) fails if the build or the tests use a package
# that is not here. libssl-dev: the purge test decrypts SQLCipher pages with OpenSSL's AES,
# as SQLCipher 3.4.1 itself does (libsqlcipher0 links libcrypto). unzip + xmllint: the
# REFI-QDA exports are validated against the XSDs. libexpat1-dev + libzip-dev: the xlsx reader;
# libxlsxwriter-dev: XLSForm export; libreadstat-dev: Stata/SPSS export (and reading it back in
# the tests). libpq-dev: the statewide rollup's client (rollup/); postgresql: the server the
# rollup tests start (initdb, pg_ctl; its package makes the `postgres` user they run it as).
# zlib1g-dev: saved assessment runs are stored deflated (storage/src/run_codec.h).
# libjemalloc-dev: the executables' allocator, on 2 MiB pages (core/allocator.h).
PKGS=(build-essential cmake ninja-build pkg-config
      libsqlcipher-dev sqlcipher libsodium-dev libssl-dev libcereal-dev rapidjson-dev catch2
      libimgui-dev libglfw3-dev libgl-dev libzip-dev libxml2-dev libxml2-utils unzip
      libexpat1-dev libxlsxwriter-dev libreadstat-dev libpq-dev postgresql zlib1g-dev libjemalloc-dev
      clang libclang-rt-14-dev xvfb xauth fonts-dejavu-core python3)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PKGS[@]} packages present"
  exit 0
fi
echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
