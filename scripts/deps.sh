#!/bin/sh
# Installs the Debian 12 packages reckon needs to build and test (as root, or
# through sudo when it is there). Does nothing for packages already present.
set -eu
pkgs="build-essential meson ninja-build pkg-config libxml2-dev libicu-dev libcjson-dev check python3 python3-jsonschema chromium python3-websocket python3-distributed"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
