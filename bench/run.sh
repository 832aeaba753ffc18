#!/bin/bash
# run.sh — speed and memory. Generates the synthetic corpus at 1x, 10x and 100x (1,000,
# 10,000 and 100,000 articles), times `annalist extract` on it (median of 3 runs) beside
# the floor (cat, wc -w, a minimal tokenizing loop), and writes build/bench.json.
# BENCH_SIZES="1000 10000" limits the sizes.
set -u
B=${B:-build}
sizes=${BENCH_SIZES:-"1000 10000 100000"}
mkdir -p "$B/bench"
cc -O2 -o "$B/bench/floor" bench/floor.c
json="$B/bench/results.jsonl"; : > "$json"

median3() { sort -n | sed -n 2p; }
# timeit CMD...: seconds and peak RSS (KB) of one run
timeit() { /usr/bin/time -f '%e %M' -o "$B/bench/time" "$@" >/dev/null 2>"$B/bench/stderr"; cat "$B/bench/time"; }

printf '%-10s %-22s %10s %10s %12s %10s\n' articles tool seconds MB/s articles/s peakRSS_MB
for n in $sizes; do
  dir="$B/bench/corpus-$n"
  [ -f "$dir/corpus.jsonl" ] || python3 bench/gen_corpus.py "$dir" "$n"
  input="$dir/corpus.jsonl"
  mb=$(du -m --apparent-size "$input" | cut -f1)
  bytes=$(stat -c %s "$input")
  for tool in cat wc floor extract; do
    case $tool in
      cat) cmd=(cat "$input");;
      wc) cmd=(wc -w "$input");;
      floor) cmd=("$B/bench/floor" "$input");;
      extract) cmd=("$B/annalist" extract "$input");;
    esac
    runs=$(for r in 1 2 3; do timeit "${cmd[@]}"; done)
    secs=$(awk '{print $1}' <<<"$runs" | median3)
    rss=$(awk '{print $2}' <<<"$runs" | median3)
    awk -v n="$n" -v t="$tool" -v s="$secs" -v b="$bytes" -v r="$rss" 'BEGIN {
      if (s <= 0) s = 0.01;
      printf "%-10d %-22s %10.2f %10.1f %12.0f %10.1f\n", n, t, s, b/1e6/s, n/s, r/1024 }'
    awk -v n="$n" -v t="$tool" -v s="$secs" -v b="$bytes" -v r="$rss" 'BEGIN {
      if (s <= 0) s = 0.01;
      printf "{\"articles\":%d,\"tool\":\"%s\",\"seconds\":%.3f,\"mb_per_s\":%.2f,\"articles_per_s\":%.1f,\"peak_rss_mb\":%.1f}\n", n, t, s, b/1e6/s, n/s, r/1024 }' >> "$json"
  done
done
python3 - "$B" <<'PY'
import json, sys, os, datetime, platform
b = sys.argv[1]
rows = [json.loads(l) for l in open(os.path.join(b, "bench", "results.jsonl"))]
out = {"date": datetime.date.today().isoformat(), "machine": platform.machine() + ", " + str(os.cpu_count()) + " cores", "rows": rows}
json.dump(out, open(os.path.join(b, "bench.json"), "w"), indent=1)
print("wrote", os.path.join(b, "bench.json"))
PY
