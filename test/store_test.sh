#!/bin/bash
# store_test.sh BIN — the main job's guarantees: idempotent ingest, story
# deduplication (one story at three outlets is one event with num_sources = 3), export
# column counts, actor filters against their plain definition, crash safety under SIGKILL (PRAGMA integrity_check), clear errors for
# a corrupt, locked or unwritable store, a full disk (whole batches kept) and for
# malformed query filters.
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

# the actor filter (one index range per code of a prefix, or a join with the codes for a
# wide prefix) returns the rows of the plain definition: a code prefix on either side,
# the other filters, day then id, the limit
: > "$tmp/empty.jsonl"
"$bin" run --db "$tmp/synth.db" --format jsonl "$tmp/empty.jsonl" >/dev/null && python3 "$here/bench/store_synth.py" "$tmp/synth.db" 20000
python3 - "$bin" "$tmp/synth.db" <<'PY' && ok || bad "actor filters return the rows of the plain definition"
import json, sqlite3, subprocess, sys
binary, db = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
def side(col, v):
    return f"({col} >= '{v}' AND {col} < '{v}' || char(127))"
cases = [  # (arguments, reference WHERE, limit)
    (["--actor", "RUS"], side("source_code", "RUS") + " OR " + side("target_code", "RUS"), 100),
    (["--actor", "RUSMIL", "--from", "2024-03-01", "--to", "2024-03-31"],
     "(source_code = 'RUSMIL' OR target_code = 'RUSMIL') AND day BETWEEN 19783 AND 19813", 1000),
    (["--actor", "UKR", "--from", "2024-03-01", "--to", "2024-03-31", "--root", "19"],
     "(" + side("source_code", "UKR") + " OR " + side("target_code", "UKR") + ") AND day BETWEEN 19783 AND 19813 AND root = '19'", 1000),
    (["--source", "X1", "--to", "2024-02-01"], side("source_code", "X1") + " AND day <= 19754", 1000),
    (["--target", "RUS", "--source", "UKRGOV"], side("target_code", "RUS") + " AND " + side("source_code", "UKRGOV"), 1000),
    (["--actor", "X", "--from", "2024-03-01", "--to", "2024-03-05"],  # 80 codes: the join, not one arm per code
     "(" + side("source_code", "X") + " OR " + side("target_code", "X") + ") AND day BETWEEN 19783 AND 19787", 300),
    (["--actor", "ZZZ"], "0", 10),
]
failed = 0
for args, where, limit in cases:
    want = [r[0] for r in con.execute(f"SELECT id FROM events WHERE {where} ORDER BY day, id LIMIT {limit}")]
    out = subprocess.run([binary, "query", "--db", db, *args, "--limit", str(limit), "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout
    got = [json.loads(l)["id"] for l in out.splitlines()]
    if got != want or (not want and args[1] != "ZZZ"):
        print("FAIL store: query", " ".join(args), f"gave {len(got)} rows, the definition {len(want)}", file=sys.stderr)
        failed += 1
sys.exit(1 if failed else 0)
PY

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
# a read-only directory: root ignores permissions, so as root the run drops to nobody
mkdir -p "$tmp/ro" && chmod 555 "$tmp/ro"
as_user=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null 2>&1; then as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups); chmod 711 "$tmp"
  else as_user=(skip); echo "store: skip read-only directory (root, and no setpriv to drop to nobody)"; fi
  # nobody must reach annalist's data: a checkout under a private directory (mktemp -d)
  # is out of its reach, and the run would fail for that reason instead
  if [ "${as_user[0]:-}" != skip ] && ! "${as_user[@]}" test -r "$here/lang/en/verbs.txt"; then
    as_user=(skip); echo "store: skip read-only directory (nobody cannot read $here)"
  fi
fi
if [ "${as_user[0]:-}" != skip ]; then
  "${as_user[@]}" "$bin" run --db "$tmp/ro/x.db" - < "$tmp/synd.jsonl" >/dev/null 2>"$tmp/err"
  [ $? = 1 ] && grep -q "$tmp/ro/x.db: .*writable" "$tmp/err" && [ ! -e "$tmp/ro/x.db" ] && ok || bad "read-only directory: clear message ($(head -1 "$tmp/err"))"
fi

# a full disk, for real: past the file size limit every write fails with EFBIG (SIGXFSZ
# ignored). The message names the store, and the store keeps whole batches only.
python3 - "$tmp/ev.jsonl" <<'PY'
import json, random, sys
rng = random.Random(11)
who = ["Die russische Armee", "Die ukrainische Regierung", "Die belarussische Polizei", "Der georgische Präsident"]
did = ["hat {n} Demonstranten in {c} festgenommen", "kritisierte Deutschland scharf", "griff Stellungen bei {c} an",
       "traf sich am Montag mit dem französischen Außenminister", "kündigte Hilfe für die Ukraine an"]
places = ["Minsk", "Tiflis", "Charkiw", "Vilnius", "Riga", "Odessa", "Lwiw", "Batumi", "Grodno", "Sumy"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(200):
        sents = [f"{rng.choice(who)} {rng.choice(did).format(n=rng.randint(2, 999), c=rng.choice(places))}, hieß es am {k + 1}. November (Meldung {i})."
                 for k in range(6)]
        f.write(json.dumps({"id": f"e{i}", "url": f"https://o{i % 7}.example/{i}", "date": "2024-11-06", "lang": "de",
                            "text": f"Meldung {i}\n\n" + " ".join(sents)}, ensure_ascii=False) + "\n")
PY
fdb="$tmp/full.db"
(trap '' XFSZ; ulimit -f 300; exec "$bin" run --db "$fdb" --batch 7 "$tmp/ev.jsonl") >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q "^annalist: $fdb: .*disk is full" "$tmp/err" && ok || bad "full disk: clear message naming the store ($(head -1 "$tmp/err"))"
[ "$(sql "$fdb" "PRAGMA integrity_check")" = ok ] && ok || bad "full disk: integrity_check"
n=$(sql "$fdb" "SELECT count(*) FROM articles")
[ "$n" -gt 0 ] && [ "$n" -lt 200 ] && [ $((n % 7)) = 0 ] && ok || bad "full disk: whole batches of 7 only ($n articles)"
[ "$(sql "$fdb" "SELECT count(*) FROM articles a WHERE n_events > 0 AND NOT EXISTS (SELECT 1 FROM mentions WHERE article = a.id)")" = 0 ] &&
  [ "$(sql "$fdb" "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = m.article)")" = 0 ] && ok || bad "full disk: an article without its events or a mention without its article"
"$bin" run --db "$fdb" "$tmp/ev.jsonl" >/dev/null 2>&1
"$bin" run --db "$tmp/clean.db" "$tmp/ev.jsonl" >/dev/null 2>&1
counts="SELECT (SELECT count(*) FROM articles) || '/' || (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM mentions) || '/' || (SELECT sum(num_mentions) FROM events)"
[ "$(sql "$fdb" "$counts")" = "$(sql "$tmp/clean.db" "$counts")" ] && ok || bad "full disk: resuming gives the store of a clean run ($(sql "$fdb" "$counts") against $(sql "$tmp/clean.db" "$counts"))"

# a locked store: another process holds a write transaction. A run gives up after the
# busy timeout with a clear message; a query still reads (WAL readers do not wait).
python3 - "$db" "$tmp/locked" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO meta VALUES('lock-test', '1')")
open(sys.argv[2], "w").close()
time.sleep(60)
PY
holder=$!
for _ in $(seq 1 100); do [ -f "$tmp/locked" ] && break; sleep 0.1; done
timeout 60 "$bin" run --db "$db" "$tmp/synd.jsonl" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q "^annalist: $db: .*another process holds the store" "$tmp/err" && ok || bad "locked store: run gives up with a clear message ($(head -1 "$tmp/err"))"
timeout 60 "$bin" query --db "$db" --actor RUSLEG --from 2024-11-01 --to 2024-11-30 --format jsonl > "$tmp/q2" 2>"$tmp/err" && cmp -s "$tmp/q2" "$tmp/q" && ok || bad "locked store: a query still reads ($(head -1 "$tmp/err"))"
kill $holder 2>/dev/null; wait $holder 2>/dev/null
[ "$(sql "$db" "SELECT count(*) FROM meta WHERE key = 'lock-test'")" = 0 ] && ok || bad "locked store: the holder's transaction was not committed"
"$bin" query --db "$tmp/none.db" --actor RUS >/dev/null 2>"$tmp/err"; [ $? = 1 ] && grep -q 'no such store' "$tmp/err" && ok || bad "missing store"

echo "store: $pass passed, $fail failed"
[ $fail = 0 ]
