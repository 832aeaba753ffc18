#!/bin/sh
# run.sh TARGET SECONDS — runs one libFuzzer target for SECONDS on a fresh corpus seeded
# from test/spec and test/data; fails when the fuzzer finds a crash.
set -eu
t=$1; secs=${2:-30}
name=$(basename "$t")
corpus=$(mktemp -d)
for f in test/spec/*.txt test/spec/html/*.html test/data/* ; do [ -f "$f" ] && cp "$f" "$corpus/" ; done 2>/dev/null || true
log=$(mktemp)
# inputs that once crashed the target are replayed first, with fresh heap memory filled
# with non-zero bytes, so that a read past the data fails every time, not by chance
if [ -d "test/fuzz/regress/$name" ]; then
  if ! ASAN_OPTIONS=malloc_fill_byte=255:max_malloc_fill_size=1048576 "$t" -runs=1 test/fuzz/regress/"$name"/* >"$log" 2>&1; then
    echo "fuzz: $name FAILED on a regression input; log follows"; grep -A12 'ERROR:' "$log" | head -30; rm -rf "$corpus" "$log"; exit 1
  fi
fi
if "$t" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix=build/fuzz/"$name"- "$corpus" >"$log" 2>&1; then
  echo "fuzz: $name ran ${secs}s clean ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}') runs)"
  rm -rf "$corpus" "$log"
else
  echo "fuzz: $name FAILED; log follows"; tail -40 "$log"; rm -rf "$corpus"; exit 1
fi
