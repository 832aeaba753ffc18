#!/bin/bash
# run.sh — quality figures. Each evaluation is a program in eval/ that prints its table
# and writes a JSON object with --json; this script builds and runs those whose data is
# present, then merges the objects into build/eval.json.
set -u
B=${B:-build}
SHARED=${SHARED:-../shared}
mkdir -p "$B/eval"
rm -f "$B"/eval/*.json
for src in eval/*_eval.c; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .c)
  make -s "$B/eval/$name" >/dev/null || { echo "eval: $name did not build"; continue; }
  echo "== $name"
  "$B/eval/$name" "$SHARED" --json "$B/eval/$name.json" || echo "eval: $name exited $?"
  echo
done
python3 - "$B" <<'PY'
import json, glob, os, sys, datetime
b = sys.argv[1]
out = {"date": datetime.date.today().isoformat(), "results": {}}
for f in sorted(glob.glob(os.path.join(b, "eval", "*.json"))):
    try:
        out["results"][os.path.basename(f)[:-5]] = json.load(open(f))
    except Exception as e:
        out["results"][os.path.basename(f)[:-5]] = {"error": str(e)}
json.dump(out, open(os.path.join(b, "eval.json"), "w"), indent=1)
print("wrote", os.path.join(b, "eval.json"), "with", len(out["results"]), "evaluations")
PY
