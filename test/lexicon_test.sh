#!/bin/bash
# lexicon_test.sh — bad input for the lexicon, on a temporary copy of the data directory:
# each malformed line stops annalist (exit 2) and the build's check (tools/lexicon_check.c,
# exit 1) with "file:line: message"; duplicates and conflicts are warnings naming both
# places; the snapshot build/lexicon.bin gives the same records as the text and is
# passed over when stale or damaged; and a text made only of names is matched in linear
# time (10 MB within 25 times the time of 1 MB: generous; when entities were looked up
# by scanning, it took 42 times).
# usage: lexicon_test.sh ANNALIST LEXICON_CHECK   Prints "lexicon: N passed, N failed".
set -u
bin=${1:-build/annalist}
check=${2:-build/lexicon_check}
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL lexicon: $*" >&2; }

# a copy without the gazetteer (fast to load); countries.tsv when it was built
d="$tmp/data"
mkdir -p "$d/build"
cp -r "$src/lang" "$src/data" "$d/"
[ -f "$src/build/countries.tsv" ] && cp "$src/build/countries.tsv" "$d/build/"
printf 'Der russische Präsident Wladimir Putin sprach in Moskau.\n' > "$tmp/in.txt"

"$check" "$d" >"$tmp/out" 2>"$tmp/err" && ! grep -q warning "$tmp/err" && ok || bad "the copy loads cleanly: $(head -3 "$tmp/err")"

# malformed FILE LINE NEW_TEXT PATTERN [AT]: replaces line LINE of FILE (under the copy),
# expects annalist and the check to fail with FILE:AT: (AT is LINE unless given) and
# PATTERN, restores the file
malformed() {
  local file=$1 line=$2 text=$3 pattern=$4 rc
  cp "$d/$file" "$tmp/saved"
  python3 -c 'import sys, os
p, n, t = sys.argv[1], int(sys.argv[2]), os.fsencode(sys.argv[3])
ls = open(p, "rb").read().split(b"\n"); ls[n - 1] = t; open(p, "wb").write(b"\n".join(ls))' "$d/$file" "$line" "$text"
  line=${5:-$line}
  "$bin" extract --data "$d" --lang de "$tmp/in.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
  [ $rc = 2 ] && grep -q "$d/$file:$line: .*$pattern" "$tmp/err" && ok || bad "annalist on $file:$line '$text' (rc=$rc): $(cat "$tmp/err")"
  "$check" "$d" >"$tmp/out" 2>"$tmp/err"; rc=$?
  [ $rc = 1 ] && grep -q "$d/$file:$line: .*$pattern" "$tmp/err" && ok || bad "check on $file:$line '$text' (rc=$rc): $(cat "$tmp/err")"
  cp "$tmp/saved" "$d/$file"
}

# the line numbers of a block's keys, found rather than assumed
at() { grep -n "$2" "$d/$1" | head -1 | cut -d: -f1; }
f=data/actors/people-europe.txt
b=$(at $f '^@ Joachim Gauck')
code=$((b + 4)); type=$((b + 1))
sed -n "${code}p" "$d/$f" | grep -q '^code' || bad "test setup: no code line at $f:$code"
sed -n "${type}p" "$d/$f" | grep -q '^type' || bad "test setup: no type line at $f:$type"
malformed $f $code   'codex    DEUGOV'                     "unknown key 'codex'"
malformed $f $code   'code     DEUGOV 2017-03-18..2012-03-18' 'ends before it starts'
malformed $f $code   'code     DEUGOV 2012-13'             'FROM..TO'
malformed $f $code   'code     deugov'                     'CAMEO actor code'
malformed $f $type   'type     politician'                 'unknown type "politician"'
malformed $f $code   'type     person'                     "'type' given twice .*line $type"
malformed $f $code   'wikidata Q12x'                       'wikidata "Q12x"'
malformed $f $code   'coord    52.5 193.1'                 'coord "52.5 193.1" must be two decimals'
malformed $f $code   'coord    north'                      'coord "north"'
malformed $f $code   $'en       Gauck; Joachim \xff Gauck'  'invalid UTF-8'
malformed $f $code   'adj.de   gauckisch-'                 'belong to countries'
malformed $f $code   'en       ;;;  ,'                     'has no words'
malformed $f $code   'Joachim Gauck'                       "unknown key 'Joachim'"
malformed data/roles.txt "$(at data/roles.txt '^@ GOV')" '@ gov' 'must be a code'
malformed data/roles.txt "$(( $(at data/roles.txt '^@ GOV') + 1 ))" 'type country' 'in a role block'
malformed data/roles.txt "$(at data/roles.txt '^@ GOV')" '@ GOV stately' 'unknown role flag "stately"'
malformed data/place_cues.txt "$(at data/place_cues.txt '^before')" 'vor region gebiet' "starts with 'before', 'after', 'at', 'to' or 'post'"
# a block without a wikidata line: the error names the block's first line (a code line
# may be missing: such an entry is found but never acts)
c=data/actors/countries.txt
afg=$(at $c '^@ Afghanistan')
sed -n "$((afg + 3))p" "$d/$c" | grep -q '^wikidata' || bad "test setup: no wikidata line at $c:$((afg + 3))"
malformed $c $((afg + 3)) 'note     no wikidata' "\"Afghanistan\" has no wikidata line" "$afg"
[ -f "$d/build/countries.tsv" ] && malformed build/countries.tsv 3 'AFG 33' 'a country line is'

# duplicates and conflicts: warnings naming both places; the lexicon still loads
cat >> "$d/data/actors/zz-test.txt" <<'EOF'

@ Vladimir Putin Fan Club
type     group
country  RUS
wikidata Q7747
code     RUSCVL
en       Putin Fan Club
de       Wladimir Putin

@ Russia
type     country
country  RUS
wikidata Q999999999
code     RUS
en       Rossiya
EOF
n=$(grep -c '' "$d/data/actors/zz-test.txt")
putin=$(grep -n '^@ Vladimir Putin$' "$d"/data/actors/*.txt | head -1)
putin_file=${putin%%:*}; putin_line=$(cut -d: -f2 <<<"$putin")
putin_de=$(grep -n '^de .*Wladimir Putin' "$putin_file" | head -1 | cut -d: -f1)
"$check" "$d" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && ok || bad "duplicates are warnings, not errors (rc=$rc): $(head -3 "$tmp/err")"
grep -q "zz-test.txt:$((n - 7)): warning: alias \"wladimir putin\" names both \"Vladimir Putin Fan Club\" and \"Vladimir Putin\" ($putin_file:$putin_de), with different codes (RUSCVL, RUSELI)" "$tmp/err" \
  && ok || bad "alias in two actors: $(cat "$tmp/err")"
grep -q "zz-test.txt:$((n - 13)): warning: Wikidata id Q7747 of \"Vladimir Putin Fan Club\" is also that of \"Vladimir Putin\" ($putin_file:$putin_line)" "$tmp/err" \
  && ok || bad "Wikidata id twice: $(cat "$tmp/err")"
grep -q "zz-test.txt:$((n - 5)): warning: country code RUS of \"Russia\" is also that of \"Russia\" (.*countries.txt:[0-9]*)" "$tmp/err" \
  && ok || bad "country code twice: $(cat "$tmp/err")"
grep -q "zz-test.txt:$((n - 5)): warning: canonical name Russia of \"Russia\" is also that of \"Russia\"" "$tmp/err" \
  && ok || bad "canonical name twice: $(cat "$tmp/err")"
grep -q 'lexicon: .* 4 warnings' "$tmp/out" && ok || bad "warning count: $(cat "$tmp/out")"
"$bin" extract --data "$d" --lang de "$tmp/in.txt" >"$tmp/out" 2>"$tmp/err" && ! grep -q warning "$tmp/err" \
  && ok || bad "annalist loads a lexicon with duplicates silently"

# overlapping date ranges with different codes; a shared boundary day is a handover
cat >> "$d/data/actors/zz-test.txt" <<'EOF'

@ Somebody Overlapping
type     person
country  DEU
wikidata -
code     DEUGOV 2020-01-01..2022-01-01
code     DEUOPP 2022-01-01..
code     DEULEG 2021-06-01..2021-12-31
EOF
n=$(grep -c '' "$d/data/actors/zz-test.txt")
"$check" "$d" >"$tmp/out" 2>"$tmp/err"
grep -q "zz-test.txt:$n: warning: codes DEULEG and DEUGOV (line $((n - 2))) of \"Somebody Overlapping\" both hold on 2021-06-01" "$tmp/err" \
  && ! grep -q 'DEUOPP' "$tmp/err" && ok || bad "overlapping ranges: $(cat "$tmp/err")"

# the snapshot (build/lexicon.bin, written by make): used when fresh, the same entities
# as the text files give; stale, cut short or foreign, it is passed over for the text
if [ -f "$src/build/lexicon.bin" ] && [ -f "$src/build/gazetteer.tsv" ]; then
  s="$tmp/snap"
  mkdir -p "$s/build"
  cp -r "$src/lang" "$src/data" "$s/"
  cp -p "$src"/data/actors/*.txt "$s/data/actors/"
  cp -p "$src"/data/*.txt "$s/data/"
  cp -p "$src/build/gazetteer.tsv" "$src/build/countries.tsv" "$src/build/lexicon.bin" "$s/build/"
  probe() { "$check" "$s" --probe 2>&1; }
  extract() { "$bin" extract --data "$s" --date 2024-11-09 "$src"/examples/corpus/*.txt > "$1" 2>&1; }
  [ "$(probe)" = snapshot ] && ok || bad "a fresh snapshot is used: $(probe)"
  extract "$tmp/with.json"
  mv "$s/build/lexicon.bin" "$tmp/lexicon.bin"
  [ "$(probe)" = text ] && ok || bad "without a snapshot the text is read: $(probe)"
  extract "$tmp/without.json"
  [ "$(grep -c '"entities":\[{' "$tmp/with.json")" -ge "$(ls "$src"/examples/corpus/*.txt | wc -l)" ] && cmp -s "$tmp/with.json" "$tmp/without.json" \
    && ok || bad "the snapshot and the text give different records"
  cp -p "$tmp/lexicon.bin" "$s/build/"
  touch "$s/data/place_cues.txt"
  [ "$(probe)" = text ] && ok || bad "a snapshot older than a source is stale: $(probe)"
  cp -p "$src/data/place_cues.txt" "$s/data/"
  [ "$(probe)" = snapshot ] && ok || bad "the source restored, the snapshot is fresh again: $(probe)"
  echo 'new file' > "$s/data/actors/zz-new.txt"
  [ "$(probe)" != snapshot ] && ok || bad "a new actor file makes the snapshot stale"
  rm "$s/data/actors/zz-new.txt"
  head -c $(( $(stat -c %s "$tmp/lexicon.bin") / 2 )) "$tmp/lexicon.bin" > "$s/build/lexicon.bin"
  touch -r "$tmp/lexicon.bin" "$s/build/lexicon.bin"
  [ "$(probe)" = text ] && ok || bad "a snapshot cut short is passed over: $(probe)"
  { printf 'not-a-lexicon!!!'; tail -c +17 "$tmp/lexicon.bin"; } > "$s/build/lexicon.bin"
  [ "$(probe)" = text ] && ok || bad "a foreign file is passed over: $(probe)"
  extract "$tmp/garbled.json"
  cmp -s "$tmp/garbled.json" "$tmp/without.json" && ok || bad "records with a foreign snapshot in place"
else
  echo "skip: no build/lexicon.bin or gazetteer: the snapshot is not tested"
fi

# linear time on a text made only of names (curated aliases and gazetteer places)
names() {
  python3 - "$src" "$1" <<'PY'
import glob, random, sys
random.seed(4)
names = []
for f in sorted(glob.glob(sys.argv[1] + '/data/actors/*.txt')):
    for l in open(f, encoding='utf-8'):
        k = l.split(None, 1)
        if len(k) == 2 and k[0] in ('en', 'de', 'uk', 'ru'):
            names += [a.strip() for a in k[1].split('#')[0].split(';') if a.strip()]
try:
    for i, l in enumerate(open(sys.argv[1] + '/build/gazetteer.tsv', encoding='utf-8')):
        if not l.startswith('#'):
            names.append(l.split('\t')[1])
        if i > 50000:
            break
except OSError:
    pass
size, out, n = int(sys.argv[2]), [], 0
while n < size:
    w = random.choice(names)
    out.append(w)
    n += len(w.encode()) + 1
sys.stdout.write(' '.join(out))
PY
}
names 1000000 > "$tmp/names1.txt"
names 10000000 > "$tmp/names10.txt"
timed() { /usr/bin/time -f '%e' -o "$tmp/time" "$bin" extract --lang de --date 2024-11-09 "$1" >"$tmp/out" 2>"$tmp/err"; rc=$?; tail -1 "$tmp/time"; }
t1=$(timed "$tmp/names1.txt"); rc1=$rc; m1=$(grep -o '"start"' "$tmp/out" | wc -l)
t10=$(timed "$tmp/names10.txt"); rc10=$rc; m10=$(grep -o '"start"' "$tmp/out" | wc -l)
echo "    names: 1 MB ${t1}s ($m1 mentions), 10 MB ${t10}s ($m10 mentions)"
[ $rc1 = 0 ] && [ $rc10 = 0 ] && [ "$m10" -gt $((m1 * 5)) ] && ok || bad "names text (rc=$rc1/$rc10, mentions $m1/$m10)"
awk -v a="$t1" -v b="$t10" 'BEGIN { exit !(b < 25 * (a < 0.1 ? 0.1 : a)) }' && ok || bad "10 MB of names took ${t10}s, 1 MB ${t1}s: not linear"

echo "lexicon: $pass passed, $fail failed"
[ $fail = 0 ]
