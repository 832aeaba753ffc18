#!/bin/sh
# demo.sh BIN — the main job on the sample corpus in examples/corpus: prints what
# annalist reads in each article, then the JSON records.
set -eu
bin=${1:-build/annalist}
dir=$(dirname "$0")/../examples/corpus
for f in "$dir"/*.txt; do
  echo "== $(basename "$f"): sentences (boilerplate marked)"
  "$bin" extract --date 2024-11-09 --lang "$(basename "$f" | cut -c1-2)" --view sentences "$f"
done
echo "== records (JSON Lines)"
for f in "$dir"/*.txt; do
  "$bin" extract --date 2024-11-09 --lang "$(basename "$f" | cut -c1-2)" "$f"
done
"$bin" extract "$dir"/mixed.jsonl
