#!/bin/sh
# demo.sh BIN — the main job on the sample corpus in examples/corpus: ingests it into a
# fresh store, shows the event table, a few queries and the exports, and one record.
set -eu
bin=${1:-build/annalist}
here=$(dirname "$0")/..
corpus=$here/examples/corpus
db=$here/build/demo.db
rm -f "$db" "$db-wal" "$db-shm"
echo "== annalist run --db $db --date 2024-11-09 examples/corpus"
"$bin" run --db "$db" --date 2024-11-09 "$corpus"
echo
echo "== the event table (first 40)"
"$bin" query --db "$db" --format table --limit 40
echo
echo "== query: North Korean military as either side"
"$bin" query --db "$db" --format table --actor PRKMIL
echo
echo "== query: fighting (CAMEO root 19) within 300 km of Kharkiv"
"$bin" query --db "$db" --format table --root 19 --near 49.99,36.23,300
echo
echo "== query: events reported by more than one outlet"
"$bin" query --db "$db" --format jsonl --limit 200 | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    if e["sources"] > 1:
        print(e["id"], e["source"], e["cameo"], e["target"], "sources=%d articles=%d" % (e["sources"], e["articles"]))'
echo
echo "== exports"
"$bin" export --db "$db" --format gdelt --out "$here/build/demo"
"$bin" export --db "$db" --format plover --out "$here/build/demo"
"$bin" export --db "$db" --format csv --out "$here/build/demo"
wc -l "$here/build/demo.export.CSV" "$here/build/demo.mentions.CSV" "$here/build/demo.plover.jsonl" "$here/build/demo.csv"
