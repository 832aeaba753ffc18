#!/bin/bash
# run.sh — every test: unit tests (plain and ASan+UBSan), golden specs through the
# library and the CLI, bad input (articles and lexicon files), the seed checks when
# ../shared is present, and each fuzz target for FUZZ_SECONDS (30 by default). Its last
# line is "N passed, N failed".
set -u
B=${B:-build}
SHARED=${SHARED:-../shared}
export SHARED
total_pass=0; total_fail=0
log=$(mktemp)

# tally CMD...: runs a test program and adds the "N passed, N failed" it prints
tally() {
  "$@" >"$log" 2>&1
  local rc=$? line p f
  line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  p=$(sed -E 's/^(.*[^0-9])?([0-9]+) passed.*/\2/' <<<"$line")
  f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
  [ -n "$line" ] || { p=0; f=1; }
  [ $rc != 0 ] && [ "$f" = 0 ] && f=1
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  grep -E '^(FAIL|skip|    )' "$log" | head -40
  echo "$(basename "$1") ${*:2}: ${line:-no result (exit $rc)}"
}

for t in "$B"/test/test_* "$B"/test-asan/test_*; do
  [ -x "$t" ] && tally "$t"
done
tally "$B/spec_runner" test/spec/*.txt
tally "$B/asan/spec_runner" test/spec/*.txt
tally "$B/spec_runner" --cli "$B/annalist" test/spec/*.txt
tally test/bad_input.sh "$B/annalist"
LONG_MB=5 SENTENCES=100000 tally test/bad_input.sh "$B/asan/annalist"
tally test/lexicon_test.sh "$B/annalist" "$B/lexicon_check"
tally test/store_test.sh "$B/annalist"
tally test/tabari_cli.sh "$B/annalist" "$SHARED"
tally test/seed_html.py "$B/annalist" "$SHARED"
tally test/seed_gold.py "$B/annalist" "$SHARED"
cat "$log" | grep -E '^(PASS|FAIL|PENDING|absent) ' | sed 's/^/  /'
[ -d "$SHARED" ] || echo "skip: $SHARED is absent: tests on the seed and evaluation data do not run"

if [ "${FUZZ_SECONDS:-30}" != 0 ]; then
  if make -s fuzz >"$log" 2>&1; then
    # two targets at a time: one per core
    set -- $(make -s print-fuzz-targets)
    while [ $# -gt 0 ]; do
      a=$1; shift; b=${1:-}; [ $# -gt 0 ] && shift
      test/fuzz/run.sh "$a" "${FUZZ_SECONDS:-30}" > "$log.a" 2>&1 & pa=$!
      if [ -n "$b" ]; then test/fuzz/run.sh "$b" "${FUZZ_SECONDS:-30}" > "$log.b" 2>&1 & pb=$!; fi
      if wait $pa; then total_pass=$((total_pass+1)); else total_fail=$((total_fail+1)); fi
      cat "$log.a"
      if [ -n "$b" ]; then
        if wait $pb; then total_pass=$((total_pass+1)); else total_fail=$((total_fail+1)); fi
        cat "$log.b"
      fi
    done
    rm -f "$log.a" "$log.b"
  else
    cat "$log"; echo "fuzz targets did not build"; total_fail=$((total_fail+1))
  fi
fi
rm -f "$log"
echo "$total_pass passed, $total_fail failed"
[ $total_fail = 0 ]
