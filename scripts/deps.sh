#!/usr/bin/env bash
# Installs the Debian 12 packages Canvass needs that are not installed yet (needs root or sudo).
set -euo pipefail
PKGS=(build-essential cmake ninja-build pkg-config
      libsqlcipher-dev sqlcipher libsodium-dev libcereal-dev rapidjson-dev catch2
      libimgui-dev libglfw3-dev libgl-dev libzip-dev libxml2-dev libxml2-utils
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
