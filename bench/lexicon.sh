# lexicon.sh — the lexicon's figures, sourced by bench/run.sh (or run alone:
# `B=build bash bench/lexicon.sh`): bench/lexicon.c loads the lexicon alone, from the
# snapshot build/lexicon.bin and from the text files (median of 3 each), and times the
# matching stage alone over the synthetic news corpus; the size of the lexicon files and
# of the snapshot on disk; peak RSS of that process.
B=${B:-build}
if ! declare -F row >/dev/null; then
  mkdir -p "$B/bench"
  row() { echo "$1" >> "$B/bench/results.jsonl"; }
fi
echo
echo "== lexicon: load alone, matching stage alone, size on disk, peak RSS"
make -s "$B/bench/lexicon" >/dev/null
lex_n=$(awk '{print $1}' <<<"${BENCH_SIZES:-1000}")
lex_dir="$B/bench/corpus-$lex_n"
[ -f "$lex_dir/corpus.jsonl" ] || python3 bench/gen_corpus.py "$lex_dir" "$lex_n" >/dev/null
lex_disk=$(du -cb data/actors data/roles.txt data/place_stopwords.txt data/place_cues.txt \
  $(ls "$B/gazetteer.tsv" "$B/countries.tsv" 2>/dev/null) | tail -1 | cut -f1)
lex_snap=$(stat -c %s "$B/lexicon.bin" 2>/dev/null || echo 0)
lex_json=$("$B/bench/lexicon" "$PWD" "$lex_dir/corpus.jsonl")
if [ -n "$lex_json" ]; then
  python3 - "$lex_json" "$lex_disk" "$lex_snap" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); disk = int(sys.argv[2]); snap = int(sys.argv[3])
how = "mapped snapshot" if r['snapshot'] else "text (no fresh snapshot)"
print(f"load {r['lexicon_load_seconds'] * 1000:.2f} ms ({how}; {r['load_and_touch_seconds'] * 1000:.1f} ms with every page read); "
      f"from text {r['text_load_seconds'] * 1000:.0f} ms; "
      f"{r['actors']} actors and places, {r['aliases']} aliases")
print(f"on disk: text {disk / 1048576:.1f} MB, snapshot {snap / 1048576:.1f} MB")
print(f"matching {r['match_mb_per_s']:.1f} MB/s ({r['bytes'] / 1e6:.1f} MB, {r['articles']} articles, "
      f"{r['mentions']} mentions in {r['match_seconds']:.2f} s; the whole pipeline {r['analyze_seconds']:.2f} s)")
print(f"peak RSS: {r['rss_after_lexicon_mb']:.0f} MB after loading as annalist does (every page read), "
      f"{r['peak_rss_mb']:.0f} MB after the text loads and matching")
PY
  row "{\"measure\":\"lexicon\",\"disk_bytes\":$lex_disk,\"snapshot_bytes\":$lex_snap,${lex_json#\{}"
else
  echo "lexicon bench failed"
fi
