#!/bin/sh
# deps.sh — installs the Debian packages annalist needs when they are missing.
# Usage: tools/deps.sh [build|check|bench]   (each level includes the ones before)
# Run by make; needs root or sudo only when something is missing.
set -eu
level=${1:-build}
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
command -v python3 >/dev/null 2>&1 || need="$need python3"
have_pc icu-uc || need="$need libicu-dev"
have_pc sqlite3 || need="$need libsqlite3-dev"
have_pc zlib || need="$need zlib1g-dev"
have_pc libxml-2.0 || need="$need libxml2-dev"
[ -f /usr/share/iso-codes/json/iso_3166-1.json ] || need="$need iso-codes"
if [ "$level" != build ]; then
  command -v clang >/dev/null 2>&1 || need="$need clang"
  ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need="$need libclang-rt-dev"
fi
if [ "$level" = bench ]; then
  command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
  command -v node >/dev/null 2>&1 || need="$need nodejs npm"
  # the CLD2 language-ID peer: a C++ shim in bench/ over Debian's CLD2
  command -v c++ >/dev/null 2>&1 || need="$need g++"
  [ -f /usr/include/cld2/public/compact_lang_det.h ] || need="$need libcld2-dev"
fi
[ -z "$need" ] && exit 0
echo "deps: installing$need" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need
