#!/bin/bash
# tabari_cli.sh BIN SHARED — annalist extract coding with a user's TABARI dictionaries
# (the validation suite's own project file): one of its records must give its expected
# { ARN / GON / 064 }. Prints "tabari_cli: N passed, N failed"; skips without SHARED.
set -u
bin=$1; shared=$2
proj="$shared/eval/tabari/Validate.project"
if [ ! -f "$proj" ]; then echo "skip: $proj absent"; echo "tabari_cli: 0 passed, 0 failed"; exit 0; fi
pass=0; fail=0
out=$(printf 'Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its embassy, a senior official said on Saturday.\n' |
      "$bin" extract --lang en --date 1995-01-01 --dict-format tabari --project "$proj" 2>&1)
if python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if any(e["source"]["code"]=="ARN" and (e["target"] or {}).get("code")=="GON" and e["cameo"]=="064" for e in r["events"]) else 1)' "$out"; then
  pass=$((pass+1))
else
  fail=$((fail+1)); echo "FAIL tabari_cli: expected ARN 064 GON, got: ${out:0:400}"
fi
"$bin" extract --dict-format tabari --verbs /nonexistent.verbs --actors "$proj" </dev/null >/dev/null 2>&1; [ $? = 2 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL tabari_cli: a missing dictionary is a usage error"; }
echo "tabari_cli: $pass passed, $fail failed"
[ $fail = 0 ]
