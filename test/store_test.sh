#!/bin/bash
# store_test.sh BIN — the main job's guarantees: idempotent ingest, story
# deduplication (one story at three outlets is one event with num_sources = 3), export
# column counts, crash safety under SIGKILL (PRAGMA integrity_check), clear errors for
# a corrupt or unwritable store and for malformed query filters.
# Prints "store: N passed, N failed".
set -u
bin=${1:-build/annalist}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL store: $*" >&2; }
sql() { sqlite3 "$1" "$2" 2>/dev/null || python3 -c 'import sqlite3,sys; print("\n".join("|".join(str(c) for c in r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$1" "$2"; }

# one story from three outlets, plus an unrelated article
story='Der russische Föderationsrat hat den Vertrag über die strategische Partnerschaft mit Nordkorea am Mittwoch ratifiziert. Die Staatsduma hatte das Abkommen bereits im Oktober gebilligt. Beobachter in Moskau sprechen von einem Schritt mit weitreichenden Folgen für die Region. Der Vertrag sieht gegenseitigen militärischen Beistand vor. Kiew reagierte mit scharfer Kritik auf die Entscheidung.'
python3 - "$tmp/synd.jsonl" "$story" <<'PY'
import json, sys
path, story = sys.argv[1], sys.argv[2]
rows = [
  {"id": "a1", "url": "https://www.outlet-one.example/politik/1", "date": "2024-11-06", "lang": "de", "title": "Föderationsrat billigt Vertrag", "text": "Föderationsrat billigt Vertrag\n\n" + story},
  {"id": "a2", "url": "https://outlet-two.example/news/2", "date": "2024-11-06", "lang": "de", "title": "Russland ratifiziert Pakt mit Nordkorea", "text": "Russland ratifiziert Pakt mit Nordkorea\n\n" + story.replace("am Mittwoch ", "")},
  {"id": "a3", "url": "https://www.third-outlet.example/a/3", "date": "2024-11-06", "lang": "de", "title": "Moskau und Pjöngjang rücken zusammen", "text": "Moskau und Pjöngjang rücken zusammen\n\n" + story + " Weitere Reaktionen wurden erwartet."},
  {"id": "b1", "url": "https://www.outlet-one.example/politik/9", "date": "2024-11-07", "lang": "de", "title": "Festnahmen in Minsk", "text": "Festnahmen in Minsk\n\nDie belarussische Polizei hat in Minsk am Donnerstag zwölf Demonstranten festgenommen."},
]
with open(path, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
db="$tmp/s.db"
"$bin" run --db "$db" "$tmp/synd.jsonl" > "$tmp/out1" 2>&1 && ok || bad "run exits 0"
grep -q "4 read, 4 new (2 of known stories)" "$tmp/out1" && ok || bad "three outlets: one story ($(head -1 "$tmp/out1"))"
n=$(sql "$db" "SELECT num_sources || ',' || num_articles FROM events WHERE source_code='RUSLEG' AND cameo LIKE '05%' ORDER BY num_sources DESC LIMIT 1")
[ "$n" = "3,3" ] && ok || bad "the ratification is one event with num_sources=3, num_articles=3 (got '$n')"
e1=$(sql "$db" "SELECT count(*) FROM events")
"$bin" run --db "$db" "$tmp/synd.jsonl" > "$tmp/out2" 2>&1
grep -q "4 read, 0 new" "$tmp/out2" && [ "$(sql "$db" "SELECT count(*) FROM events")" = "$e1" ] && ok || bad "ingesting twice adds nothing"

# the demo corpus: its story syndicated to three outlets (synd-1..3) is one event there
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$here/examples/corpus/corpus.jsonl" ]; then
  "$bin" run --db "$tmp/demo.db" "$here/examples/corpus/corpus.jsonl" >/dev/null 2>&1
  n=$(sql "$tmp/demo.db" "SELECT max(e.num_sources) FROM events e JOIN mentions m ON m.event=e.id JOIN articles a ON a.id=m.article WHERE a.doc_id='synd-1'")
  [ "$n" = 3 ] && ok || bad "demo corpus: the syndicated story's event has num_sources=3 (got '$n')"
fi

# run -j 2 stores the same as a serial run
"$bin" run --db "$tmp/j2.db" -j 2 "$tmp/synd.jsonl" >/dev/null 2>&1
[ "$(sql "$tmp/j2.db" "SELECT count(*) || '/' || sum(num_sources) FROM events")" = "$(sql "$db" "SELECT count(*) || '/' || sum(num_sources) FROM events")" ] && ok || bad "run -j 2 stores what a serial run stores"

# query and export
"$bin" query --db "$db" --actor RUSLEG --from 2024-11-01 --to 2024-11-30 --format jsonl > "$tmp/q" && [ -s "$tmp/q" ] && ok || bad "query by actor and dates"
"$bin" query --db "$db" --actor RUSLEG --format csv | head -1 | grep -q '^id,date,source' && ok || bad "query CSV header"
"$bin" query --db "$db" --from 2024-13-01 >/dev/null 2>"$tmp/err"; [ $? = 2 ] && grep -q -- '--from 2024-13-01' "$tmp/err" && ok || bad "malformed filter named"
"$bin" query --db "$db" --near 91,10 >/dev/null 2>"$tmp/err"; [ $? = 2 ] && grep -q -- '--near' "$tmp/err" && ok || bad "bad --near named"
"$bin" export --db "$db" --format gdelt --out "$tmp/g" && ok || bad "gdelt export"
[ "$(awk -F'\t' '{print NF}' "$tmp/g.export.CSV" | sort -u)" = 61 ] && ok || bad "GDELT events have 61 columns"
[ "$(awk -F'\t' '{print NF}' "$tmp/g.mentions.CSV" | sort -u)" = 16 ] && ok || bad "GDELT mentions have 16 columns"
"$bin" export --db "$db" --format plover --out "$tmp/p" && python3 -c '
import json, sys
keys = {"id","date","event_type","mode","context","actor","recipient","event_loc","text_info"}
rows = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if rows and all(keys <= set(r) for r in rows) else 1)' "$tmp/p.plover.jsonl" && ok || bad "PLOVER export fields"
"$bin" export --db "$db" --format csv --out "$tmp/c" && python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
sys.exit(0 if len(rows) > 1 and len({len(r) for r in rows}) == 1 else 1)' "$tmp/c.csv" && ok || bad "CSV export is rectangular"

# crash safety: SIGKILL during a large ingest, then the store is intact and usable
python3 - "$tmp/big.jsonl" <<'PY'
import json, random, sys
rng = random.Random(7)
who = ["Die Polizei", "Die Regierung", "Das Parlament", "Die Armee", "Der Bürgermeister", "Die Opposition"]
did = ["hat {n} Demonstranten in {c} festgenommen", "kritisierte die Pläne für {c} scharf",
       "traf sich am Montag mit Vertretern aus {c}", "kündigte Hilfe für {c} an", "meldete Angriffe bei {c}"]
places = ["Minsk", "Tiflis", "Charkiw", "Vilnius", "Riga", "Odessa", "Lwiw", "Batumi", "Grodno", "Sumy"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(3000):
        sents = [f"{rng.choice(who)} {rng.choice(did).format(n=rng.randint(2, 999), c=rng.choice(places))} (Meldung {i}, Satz {k})."
                 for k in range(6)]
        f.write(json.dumps({"id": f"k{i}", "url": f"https://o{i % 7}.example/{i}", "date": "2024-11-06", "lang": "de",
                            "text": f"Meldung {i}\n\n" + " ".join(sents)}, ensure_ascii=False) + "\n")
PY
kdb="$tmp/k.db"
"$bin" run --db "$kdb" --batch 64 "$tmp/big.jsonl" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do sleep 0.05; [ -f "$kdb-wal" ] && [ "$(stat -c %s "$kdb-wal" 2>/dev/null || echo 0)" -gt 100000 ] && break; done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
[ "$(sql "$kdb" "PRAGMA integrity_check")" = ok ] && ok || bad "integrity_check after SIGKILL"
before=$(sql "$kdb" "SELECT count(*) FROM articles")
"$bin" run --db "$kdb" --batch 512 "$tmp/big.jsonl" >/dev/null 2>&1
after=$(sql "$kdb" "SELECT count(*) FROM articles")
[ "$after" = 3000 ] && [ "$before" -lt 3000 ] && ok || bad "resuming after the kill completes the ingest ($before then $after articles)"

# bad stores
printf 'this is not a database at all, just text that goes on for a while.......' > "$tmp/corrupt.db"
"$bin" run --db "$tmp/corrupt.db" "$tmp/synd.jsonl" >/dev/null 2>"$tmp/err"; [ $? = 1 ] && grep -q 'not an annalist store\|not a database' "$tmp/err" && ok || bad "corrupt store: clear message"
mkdir -p "$tmp/ro" && chmod 555 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
  "$bin" run --db "$tmp/ro/x.db" "$tmp/synd.jsonl" >/dev/null 2>"$tmp/err"; [ $? = 1 ] && grep -q 'writable' "$tmp/err" && ok || bad "read-only directory: clear message"
fi
"$bin" query --db "$tmp/none.db" --actor RUS >/dev/null 2>"$tmp/err"; [ $? = 1 ] && grep -q 'no such store' "$tmp/err" && ok || bad "missing store"

echo "store: $pass passed, $fail failed"
[ $fail = 0 ]
