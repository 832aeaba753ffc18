#!/bin/bash
# run.sh — speed and memory, written to build/bench.json and printed as a table.
#  1. The synthetic corpus (bench/gen_corpus.py) at each size in BENCH_SIZES (default
#     "1000 10000"; add 100000 for the full run): annalist extract (JSON Lines text,
#     -j 2, the same articles as HTML pages and as WARC.gz) and annalist run beside the
#     floor (cat, wc -w, a minimal tokenizing loop), median of 3 runs. MB/s is over
#     the JSON Lines text for every row, so rows compare per article.
#  2. HTML extraction on the 181 benchmark pages (../shared) beside Mozilla Readability
#     with jsdom (npm, installed into build/npm-bench), when node is available.
#  2b. Language ID beside CLD2 and franc, English entity finding beside compromise
#     (bench/peers.sh); coding alone with the entities given, and the Phoenix
#     dictionaries' load (bench/coding.sh).
#  3. Engine (lexicon and dictionary) load time; the lexicon alone (bench/lexicon.sh:
#     load, matching throughput, size, RSS); query latency for an actor + date
#     filter over a synthetic store of BENCH_EVENTS events (default 1,000,000); store
#     size per million events.
#  4. callgrind instruction count for 50 articles: the stable figure between commits.
# BENCH_SECTIONS picks sections (default "corpus load html peers coding store callgrind"), e.g.
# BENCH_SECTIONS=store BENCH_EVENTS=10000000 bench/run.sh for the query figures alone
# (build/bench.json then holds only the rows of the sections run).
set -u
B=${B:-build}
SHARED=${SHARED:-../shared}
sizes=${BENCH_SIZES:-"1000 10000"}
events=${BENCH_EVENTS:-1000000}
sections=" ${BENCH_SECTIONS:-corpus load html peers coding store callgrind} "
on() { [[ $sections == *" $1 "* ]]; }
mkdir -p "$B/bench"
: > "$B/bench/empty.jsonl"
cc -O2 -o "$B/bench/floor" bench/floor.c
json="$B/bench/results.jsonl"; : > "$json"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { /usr/bin/time -f '%e %U %M' -o "$B/bench/time" "$@" >"$B/bench/out" 2>"$B/bench/stderr"; cat "$B/bench/time"; }
row() { echo "$1" >> "$json"; }

on corpus && printf '%-9s %-18s %9s %9s %11s %12s %10s\n' articles tool seconds MB/s articles/s sentences/s peakRSS_MB
on corpus || sizes=""
for n in $sizes; do
  dir="$B/bench/corpus-$n"
  [ -f "$dir/corpus.warc.gz" ] || python3 bench/gen_corpus.py "$dir" "$n"
  input="$dir/corpus.jsonl"
  bytes=$(stat -c %s "$input")
  sentences=$("$B/annalist" extract "$input" | python3 -c 'import json,sys; t=s=e=0
for l in sys.stdin:
    r=json.loads(l); s+=len(r["sentences"]); e+=len(r["events"])
print(s, e)')
  nsent=${sentences% *}; nev=${sentences#* }
  for tool in cat wc floor extract extract-j2 extract-html extract-warc run; do
    case $tool in
      cat) cmd=(cat "$input");;
      wc) cmd=(wc -w "$input");;
      floor) cmd=("$B/bench/floor" "$input");;
      extract) cmd=("$B/annalist" extract "$input");;
      extract-j2) cmd=("$B/annalist" extract -j 2 "$input");;
      extract-html) cmd=("$B/annalist" extract "$dir/corpus.html.jsonl");;
      extract-warc) cmd=("$B/annalist" extract "$dir/corpus.warc.gz");;
      run) cmd=(sh -c "rm -f $B/bench/run.db*; exec $B/annalist run --db $B/bench/run.db $input");;
    esac
    runs=$(for r in 1 2 3; do timeit "${cmd[@]}"; done)
    secs=$(awk '{print $1}' <<<"$runs" | median)
    rss=$(awk '{print $3}' <<<"$runs" | median)
    awk -v n="$n" -v t="$tool" -v s="$secs" -v b="$bytes" -v r="$rss" -v ns="$nsent" 'BEGIN { if (s <= 0) s = 0.01;
      printf "%-9d %-18s %9.2f %9.1f %11.0f %12.0f %10.1f\n", n, t, s, b/1e6/s, n/s, ns/s, r/1024 }'
    row "$(awk -v n="$n" -v t="$tool" -v s="$secs" -v b="$bytes" -v r="$rss" -v ns="$nsent" -v ne="$nev" 'BEGIN { if (s <= 0) s = 0.01;
      printf "{\"articles\":%d,\"tool\":\"%s\",\"seconds\":%.3f,\"mb_per_s\":%.2f,\"articles_per_s\":%.1f,\"sentences_per_s\":%.0f,\"events_per_s\":%.0f,\"peak_rss_mb\":%.1f}", n, t, s, b/1e6/s, n/s, ns/s, ne/s, r/1024 }')"
  done
done

if on load; then
echo
echo "== engine load (lexicons, gazetteer, dictionaries), median of 3"
load=$(for r in 1 2 3; do timeit "$B/annalist" extract --format jsonl "$B/bench/empty.jsonl"; done | awk '{print $1}' | median)
size=$(du -cb data lang "$B/gazetteer.tsv" 2>/dev/null | tail -1 | cut -f1)
echo "load ${load}s; lexicon and dictionaries on disk $((size / 1048576)) MB"
row "{\"measure\":\"engine_load\",\"seconds\":$load,\"disk_bytes\":$size}"
. bench/lexicon.sh
fi

if on html; then
echo
echo "== HTML extraction on the benchmark pages"
if [ -d "$SHARED/eval/boilerplate/html" ]; then
  make -s "$B/eval/boilerplate_eval" >/dev/null
  "$B/eval/boilerplate_eval" "$SHARED" --json "$B/bench/extract.json" | tail -4
  ours=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("cpu_pages_per_s") or d.get("pages_per_s") or 0)' "$B/bench/extract.json" 2>/dev/null || echo 0)
  if command -v node >/dev/null 2>&1; then
    nb="$B/npm-bench"
    if [ ! -d "$nb/node_modules/@mozilla/readability" ]; then
      mkdir -p "$nb" && (cd "$nb" && { [ -f package.json ] || echo '{"name":"annalist-bench","private":true}' > package.json; } &&
        npm install --no-audit --no-fund @mozilla/readability jsdom >/dev/null 2>&1) || echo "npm: peers unavailable"
    fi
    if [ -d "$nb/node_modules/@mozilla/readability" ]; then
      peer=$(NODE_PATH="$nb/node_modules" node bench/readability.js "$SHARED"/eval/boilerplate/html/*.gz 2>/dev/null | tail -1)
      echo "readability+jsdom: $peer"
      python3 - "$peer" "$ours" <<'PY'
import json, sys
p = json.loads(sys.argv[1]); ours = float(sys.argv[2])
theirs = p["pages"] / p["seconds"]
print(f"annalist {ours:.0f} pages/s, readability+jsdom {theirs:.1f} pages/s: {ours / theirs:.0f}x")
PY
      row "{\"measure\":\"html_vs_readability\",\"annalist_pages_per_s\":$ours,\"readability\":$peer}"
    fi
  else
    echo "node not installed: no Readability peer"
  fi
else
  echo "skip: $SHARED/eval/boilerplate absent"
fi
fi

if on peers; then . bench/peers.sh; fi
if on coding; then . bench/coding.sh; fi

if on store; then
echo
echo "== store: query latency over $events synthetic events"
sdb="$B/bench/synth.db"
if [ ! -f "$sdb" ] || [ "$(cat "$sdb.n" 2>/dev/null)" != "$events" ]; then
  rm -f "$sdb" "$sdb"-* "$sdb.n"
  "$B/annalist" run --db "$sdb" --format jsonl "$B/bench/empty.jsonl" >/dev/null
  python3 bench/store_synth.py "$sdb" "$events" && echo "$events" > "$sdb.n"
fi
# each query as its own process, as a user runs it (no engine is loaded): the median of
# N runs, wall and CPU (user + system from wait4) in milliseconds; the machine is shared,
# so the CPU figure is the steadier one
qtime() {
  python3 - "$@" <<'PY'
import os, statistics, sys, time
n, out, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
wall, cpu = [], []
for _ in range(n):
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.execv(cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    wall.append((time.perf_counter() - t) * 1000)
    cpu.append((ru.ru_utime + ru.ru_stime) * 1000)
    if status:
        sys.exit("bench: query failed: " + " ".join(cmd))
print(f"{statistics.median(wall):.1f} {statistics.median(cpu):.1f}")
PY
}
month=(--from 2024-03-01 --to 2024-03-31 --format jsonl --limit 1000)
read -r q qc < <(qtime 9 "$B/bench/out" "$B/annalist" query --db "$sdb" --actor RUSMIL "${month[@]}")
rows=$(wc -l < "$B/bench/out")
read -r qs qsc < <(qtime 5 "$B/bench/out" "$B/annalist" query --db "$sdb" --actor RUS "${month[@]}")
read -r qe qec < <(qtime 5 "$B/bench/out" "$B/annalist" query --db "$sdb" --actor ZZZ --format jsonl)
bytes=$(( $(stat -c %s "$sdb") + $(stat -c %s "$sdb-wal" 2>/dev/null || echo 0) ))
mb=$(( bytes / 1048576 ))
per=$(awk -v b="$bytes" -v n="$events" 'BEGIN { printf "%.0f", b / 1048576 / (n / 1e6) }')
echo "actor RUSMIL + month, $rows rows: ${q} ms wall, ${qc} ms CPU (process start included)"
echo "prefix RUS (RUS, RUSGOV, RUSMIL) + month: ${qs} ms wall, ${qsc} ms CPU; a query with no hits: ${qe} ms wall, ${qec} ms CPU"
echo "store: ${mb} MB for $events events, ${per} MB per million events"
row "{\"measure\":\"query_latency\",\"events\":$events,\"rows\":$rows,\"wall_ms\":$q,\"cpu_ms\":$qc,\"prefix_wall_ms\":$qs,\"prefix_cpu_ms\":$qsc,\"no_hits_wall_ms\":$qe,\"no_hits_cpu_ms\":$qec}"
row "{\"measure\":\"store_size\",\"events\":$events,\"mb\":$mb,\"mb_per_million_events\":$per}"
fi

if on callgrind; then
echo
echo "== callgrind: instructions for 50 articles"
if command -v valgrind >/dev/null 2>&1; then
  head -50 "$B/bench/corpus-1000/corpus.jsonl" > "$B/bench/c50.jsonl" 2>/dev/null || head -50 "$B"/bench/corpus-*/corpus.jsonl > "$B/bench/c50.jsonl"
  valgrind --tool=callgrind --callgrind-out-file="$B/bench/callgrind.out" "$B/annalist" extract "$B/bench/c50.jsonl" >/dev/null 2>"$B/bench/callgrind.log"
  ir=$(grep -o 'Collected : [0-9]*' "$B/bench/callgrind.log" | awk '{print $3}')
  echo "instructions: $ir"
  row "{\"measure\":\"callgrind_instructions_50_articles\",\"value\":${ir:-0}}"
else
  echo "valgrind not installed"
fi
fi

python3 - "$B" <<'PY'
import json, sys, os, datetime, platform
b = sys.argv[1]
rows = []
for l in open(os.path.join(b, "bench", "results.jsonl")):
    try:
        rows.append(json.loads(l))
    except ValueError:
        print("bench: a malformed row was left out:", l.strip(), file=sys.stderr)
out = {"date": datetime.date.today().isoformat(), "machine": platform.machine() + ", " + str(os.cpu_count()) + " cores", "rows": rows}
json.dump(out, open(os.path.join(b, "bench.json"), "w"), indent=1)
print("wrote", os.path.join(b, "bench.json"))
PY
