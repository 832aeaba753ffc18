# peers.sh — language ID and English entity finding beside their peers; sourced by
# bench/run.sh, which defines B, SHARED, sizes, timeit, median and row.
#  1. Language ID on the 15-language sentences of SHARED/eval/langid: annalist and CLD2
#     in one process (bench/langid_bench.c, CLD2 through bench/cld2_shim.cc), franc (npm,
#     bench/franc.mjs) in node, on the same sentences with the same gold; sentences/s
#     and accuracy of each, and the peers' as ratios to annalist's.
#  2. English entity finding: compromise (npm, bench/compromise.js) finding people,
#     places and organizations in the English articles of the smallest corpus, against
#     `annalist extract` on the same articles (the whole pipeline, engine load
#     included, so the ratio is annalist's least favourable one).
# The npm peers are pinned and installed into $B/npm-bench; without npm they are skipped.

peer_versions="franc@6.2.0 compromise@14.17.0"

# Installs the pinned npm peers unless they are there; fails when npm cannot.
peer_npm() {
  local nb="$B/npm-bench" want have
  for want in $peer_versions; do
    have=$(sed -n 's/^ *"version": *"\(.*\)".*/\1/p' "$nb/node_modules/${want%@*}/package.json" 2>/dev/null | head -1)
    [ "$have" = "${want#*@}" ] && continue
    command -v npm >/dev/null 2>&1 || return 1
    mkdir -p "$nb"
    [ -f "$nb/package.json" ] || echo '{"name":"annalist-bench","private":true}' > "$nb/package.json"
    (cd "$nb" && npm install --no-audit --no-fund --save-exact $peer_versions >/dev/null 2>&1) || return 1
    return 0
  done
  return 0
}

echo
echo "== language ID beside CLD2 and franc, same sentences"
if [ -d "$SHARED/eval/langid/sentences" ]; then
  make -s "$B/bench/langid_bench" >/dev/null
  "$B/bench/langid_bench" "$SHARED" --json "$B/bench/langid.json"
  franc_json='null'
  if peer_npm && command -v node >/dev/null 2>&1; then
    franc_json=$(node bench/franc.mjs "$B/npm-bench/node_modules" "$SHARED/eval/langid/sentences" 2>/dev/null | tail -1)
    [ "${franc_json:0:1}" = "{" ] || { echo "franc did not run"; franc_json='null'; }
  else
    echo "npm unreachable: no franc peer"
  fi
  row "$(python3 - "$B/bench/langid.json" "$franc_json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
franc = json.loads(sys.argv[2])
own = d["annalist"]
if franc:
    d["franc"] = {"version": franc["tool"].split()[-1], "accuracy": franc["accuracy"],
                  "sentences_per_s": franc["sentences_per_s"]}
for peer in ("cld2", "franc"):
    p = d.get(peer)
    if not p:
        continue
    p["speed_vs_annalist"] = round(p["sentences_per_s"] / own["sentences_per_s"], 3)
    p["accuracy_vs_annalist"] = round(p["accuracy"] / own["accuracy"], 4)
    print(f"{peer}: {p['sentences_per_s']:.0f} sentences/s, {100 * p['accuracy']:.2f}%: "
          f"{p['speed_vs_annalist']}x annalist's speed, {p['accuracy_vs_annalist']}x its accuracy",
          file=sys.stderr)
d["measure"] = "langid_peers"
print(json.dumps(d))
PY
)"
else
  echo "skip: $SHARED/eval/langid absent"
fi

echo
echo "== English entity finding beside compromise"
small="$B/bench/corpus-${sizes%% *}"
if peer_npm && command -v node >/dev/null 2>&1; then
  python3 -c 'import json, sys
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        if json.loads(line).get("lang") == "en": out.write(line)' "$small/corpus.jsonl" "$small/en.jsonl"
  ent_runs=$(for r in 1 2 3; do timeit "$B/annalist" extract "$small/en.jsonl"; done)
  ent_secs=$(awk '{print $1}' <<<"$ent_runs" | median)
  ent_peer=$(node bench/compromise.js "$B/npm-bench/node_modules" "$small/corpus.jsonl" 2>/dev/null | tail -1)
  if [ "${ent_peer:0:1}" = "{" ]; then
    row "$(python3 - "$ent_peer" "$ent_secs" <<'PY'
import json, sys
p = json.loads(sys.argv[1]); ours = float(sys.argv[2]) or 0.01
mb = p["bytes"] / 1e6
print(f"annalist extract: {p['articles'] / ours:.0f} articles/s, {mb / ours:.2f} MB/s; "
      f"{p['tool']}: {p['articles'] / p['seconds']:.1f} articles/s, {mb / p['seconds']:.3f} MB/s "
      f"(found {p['found']}): annalist {p['seconds'] / ours:.0f}x", file=sys.stderr)
print(json.dumps({"measure": "entities_vs_compromise", "articles": p["articles"], "text_bytes": p["bytes"],
                  "annalist_seconds": ours, "peer": p, "annalist_speed_ratio": round(p["seconds"] / ours, 1)}))
PY
)"
  else
    echo "compromise did not run"
  fi
else
  echo "npm unreachable: no compromise peer"
fi
