# coding.sh — coding throughput with the entities given, and the load of the full
# Phoenix dictionaries; sourced by bench/run.sh, which defines B, SHARED, sizes and row.
# bench/code_bench.c times the coding call alone, one core: annalist's coder on the
# largest synthetic corpus of this run, the Validate.text records and the GigaWord
# sample; the TABARI coder on the same records (Validate dictionaries), GigaWord and the
# corpus's English sentences (Phoenix dictionaries; it finds its actors itself). Goals
# (issue 9): >= 100,000 sentences/s; Phoenix load < 300 ms and < 200 MB. Anchors, as
# their authors published them: TABARI about 2,000 records/s, PETRARCH-2 about 1,750
# sentences/s with the parse supplied.

echo
echo "== coding alone, entities given (one core)"
large="$B/bench/corpus-${sizes##* }"
[ -f "$large/corpus.jsonl" ] || python3 bench/gen_corpus.py "$large" "${sizes##* }"
make -s "$B/bench/code_bench" >/dev/null
"$B/bench/code_bench" "$SHARED" "$large/corpus.jsonl" --json "$B/bench/coding.json"
row "$(python3 - "$B/bench/coding.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
tabari_published, petrarch2_published, goal = 2000, 1750, 100000
d["anchors"] = {"tabari_records_per_s": tabari_published, "petrarch2_sentences_per_s": petrarch2_published}
for k in ("annalist_coder", "annalist_coder_validate", "annalist_coder_gigaword",
          "tabari_validate", "tabari_gigaword", "tabari_corpus_en"):
    v = d.get(k + "_sentences_per_s") or 0
    if not v:
        continue
    d[k + "_vs_tabari"] = round(v / tabari_published, 1)
    d[k + "_vs_petrarch2"] = round(v / petrarch2_published, 1)
    print(f"{k}: {v:.0f} sentences/s = {v / tabari_published:.0f}x TABARI, {v / petrarch2_published:.0f}x "
          f"PETRARCH-2 (published); goal {goal:,}: {'met' if v >= goal else 'not met'}", file=sys.stderr)
if d.get("phoenix_load_ms"):
    ok = d["phoenix_load_ms"] < 300 and d["phoenix_rss_mb"] < 200
    print(f"Phoenix load {d['phoenix_load_ms']:.0f} ms, {d['phoenix_rss_mb']:.1f} MB; goal < 300 ms, < 200 MB: "
          f"{'met' if ok else 'not met'}", file=sys.stderr)
print(json.dumps(d))
PY
)"
