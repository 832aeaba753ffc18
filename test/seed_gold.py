#!/usr/bin/env python3
"""seed_gold.py BIN SHARED — checks annalist's record of the seed article against
SHARED/seed/gold.json and prints each item as PASS, FAIL or (for items listed in
test/seed_pending.txt) PENDING. Items that pass must keep passing: a FAIL of an item not
listed as pending fails the test. Skips with a message when SHARED is absent."""
import datetime, json, math, os, subprocess, sys

def km(lat1, lon1, lat2, lon2):
    p = math.pi / 180
    a = math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(a))

def main():
    binary, shared = sys.argv[1], sys.argv[2]
    gold_path = os.path.join(shared, "seed", "gold.json")
    if not os.path.exists(gold_path):
        print(f"skip: {gold_path} absent; seed gold checks do not run")
        print("seed: 0 passed, 0 failed")
        return 0
    gold = json.load(open(gold_path))
    pending = set()
    here = os.path.dirname(os.path.abspath(__file__))
    for line in open(os.path.join(here, "seed_pending.txt")):
        line = line.split("#")[0].strip()
        if line:
            pending.add(line)
    seed = os.path.join(shared, "seed", gold["file"])
    out = subprocess.run([binary, "extract", "--lang", gold["input"]["lang"], "--date", gold["input"]["date"], seed],
                         capture_output=True, text=True)
    rec = json.loads(out.stdout)
    ents = {e["id"]: e for e in rec["entities"]}
    results = []

    def check(item_id, ok, what):
        state = "PASS" if ok else ("PENDING" if item_id in pending else "FAIL")
        results.append(state)
        print(f"{state:8} {item_id:14} {what}")

    for b in gold["boilerplate"]:
        ok = any(x["kind"] == b["kind"] and x["start"] == b["start"] and x["end"] == b["end"] for x in rec["boilerplate"])
        check("boilerplate", ok, f'{b["kind"]} {b["start"]}..{b["end"]}')
    for g in gold["entities"]:
        # a mention may carry more than the surface form ("russische Föderationsrat")
        found = [e for e in rec["entities"] if any(any(s in m["text"] for s in g["surface"]) for m in e["mentions"])]
        ok = False
        for e in found:
            if "code" in g and e["code"] != g["code"]:
                continue
            if "lat" in g:
                if e["lat"] is None or km(g["lat"], g["lon"], e["lat"], e["lon"]) > g.get("tolerance_km", 50):
                    continue
            ok = True
        check("entity:" + g["name"].split()[-1][:8], ok, f'{g["name"]} ({g.get("code", g["type"])})')

    evs = rec["events"]
    def code(ref):
        return (ref or {}).get("code") or ""
    def match(ev, r):
        if "cameo_prefix" in r and not ev["cameo"].startswith(r["cameo_prefix"]): return False
        if "cameo_root_in" in r and ev["root"] not in r["cameo_root_in"]: return False
        if "source_code" in r and code(ev["source"]) != r["source_code"]: return False
        if "source_code_prefix" in r and not code(ev["source"]).startswith(r["source_code_prefix"]): return False
        if "target_code_prefix" in r and not code(ev["target"]).startswith(r["target_code_prefix"]): return False
        if "involves_code_prefix" in r and not (code(ev["source"]).startswith(r["involves_code_prefix"]) or code(ev["target"]).startswith(r["involves_code_prefix"])): return False
        if "reported_by_code_prefix" in r and not code(ev["reported_by"]).startswith(r["reported_by_code_prefix"]): return False
        if "quantity" in r and (ev["quantity"] or {}).get("value") != r["quantity"]: return False
        if "date_from" in r:
            v = ev["date"]["value"] or ""
            if not v:
                return False
            if "-W" in v:   # an ISO week: all its days must lie in the range
                y, w = v.split("-W")
                first = datetime.date.fromisocalendar(int(y), int(w), 1)
                lo, hi = first.isoformat(), (first + datetime.timedelta(days=6)).isoformat()
            else:
                lo = hi = v
            if not (r["date_from"][:len(lo)] <= lo and hi <= r["date_to"][:len(hi)] + "~"): return False
        if "location_near" in r:
            loc = ev["location"]
            ln = r["location_near"]
            if not loc or loc["lat"] is None or km(ln["lat"], ln["lon"], loc["lat"], loc["lon"]) > ln["km"]: return False
        return True
    for r in gold["events"]["required"]:
        check(r["id"], any(match(e, r) for e in evs), r["what"][:70])
    for r in gold["events"]["optional"]:
        ok = any(match(e, r) for e in evs)
        print(f'{"PASS" if ok else "absent":8} {r["id"]:14} (optional) {r["what"][:60]}')
    for f in gold["events"]["forbidden"]:
        if "evidence_start_at_or_after" in f:
            bad = [e for e in evs if any(v["start"] >= f["evidence_start_at_or_after"] for v in e["evidence"])]
        else:
            lo, hi = f["evidence_overlaps"]
            bad = [e for e in evs if any(v["start"] < hi and v["end"] > lo for v in e["evidence"]) and not e["negated"]]
        check(f["id"], not bad, f["what"][:70])
    p = results.count("PASS"); fl = results.count("FAIL"); pe = results.count("PENDING")
    print(f"seed: {p} passed, {fl} failed ({pe} pending)")
    return 1 if fl else 0

if __name__ == "__main__":
    sys.exit(main())
