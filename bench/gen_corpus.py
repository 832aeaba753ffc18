#!/usr/bin/env python3
"""gen_corpus.py — writes a synthetic news corpus for `make bench`.

Articles are 3–6 KB, in German and English, built from sentence templates in the genre
(diplomacy, legislation, deployments, attacks, arrests, statements) with actors, places,
dates, quotes, numbers and a related-links block at the end. Deterministic for a seed.

usage: gen_corpus.py OUTDIR N [--seed S]
writes OUTDIR/corpus.jsonl (one article per line) and OUTDIR/text/NNNNNN.txt
"""
import json, os, random, sys

ACTORS = {
    "de": ["Der russische Präsident Wladimir Putin", "Bundeskanzler Friedrich Merz", "Der ukrainische Präsident Wolodymyr Selenskyj",
           "Die Regierung in Kiew", "Der Kreml", "Das Außenministerium in Peking", "Die NATO", "Die Europäische Kommission",
           "Der französische Präsident Emmanuel Macron", "Die Staatsduma", "Der Föderationsrat", "Die polnische Regierung",
           "Nordkoreanische Soldaten", "Die ukrainischen Streitkräfte", "Die russische Armee", "Der UN-Sicherheitsrat"],
    "en": ["Russian President Vladimir Putin", "German Chancellor Friedrich Merz", "Ukrainian President Volodymyr Zelensky",
           "The government in Kyiv", "The Kremlin", "China's foreign ministry", "NATO", "The European Commission",
           "French President Emmanuel Macron", "The State Duma", "The Federation Council", "Poland's government",
           "North Korean troops", "Ukraine's armed forces", "The Russian army", "The U.N. Security Council"],
}
TARGETS = {
    "de": ["mit Nordkorea", "gegen die Ukraine", "mit der Türkei", "gegen Russland", "mit Polen", "mit China", "mit den USA"],
    "en": ["with North Korea", "against Ukraine", "with Turkey", "against Russia", "with Poland", "with China", "with the United States"],
}
VERBS = {
    "de": ["hat ein Abkommen {t} unterzeichnet", "hat Gespräche {t} geführt", "kritisierte die Haltung Berlins scharf",
           "griff in der Nacht Stellungen bei Charkiw an", "hat neue Sanktionen {t} verhängt", "kündigte weitere Hilfe an",
           "hat den Vertrag in dieser Woche ratifiziert", "nahm in Minsk zwölf Demonstranten fest",
           "traf sich am Montag {t}", "warf der Regierung Wortbruch vor", "hat Truppen an die Grenze verlegt"],
    "en": ["signed an agreement {t}", "held talks {t}", "sharply criticised Berlin's stance",
           "attacked positions near Kharkiv overnight", "imposed new sanctions {t}", "announced further aid",
           "ratified the treaty this week", "detained twelve protesters in Minsk",
           "met on Monday {t}", "accused the government of breaking its word", "moved troops to the border"],
}
TAILS = {
    "de": ["Das teilte ein Sprecher am {d}. November mit.", "Nach Angaben von Beobachtern wurden {n} Menschen verletzt.",
           "„Wir werden darauf reagieren“, sagte ein Sprecher.", "Die Lage bleibt nach Angaben der Behörden angespannt.",
           "Am Wochenende sollen {n} weitere Soldaten eintreffen.", "Beobachter rechnen mit weiteren Gesprächen im Dezember."],
    "en": ["A spokesman said so on Nov. {d}.", "According to observers, {n} people were injured.",
           "\"We will respond,\" a spokesman said.", "Officials said the situation remains tense.",
           "Another {n} soldiers are due to arrive at the weekend.", "Observers expect further talks in December."],
}
RELATED = {"de": ("Lesen Sie auch", ["Angriffe auf Saporischschja", "Die wichtigsten Ereignisse vom 22. April", "Neue Gespräche in Genf"]),
           "en": ("Read more", ["Strikes on Zaporizhzhia", "The main events of April 22", "New talks in Geneva"])}

def number(lang, rng):
    n = rng.choice([12, 30, 250, 1200, 11000, 45000])
    return f"{n:,}".replace(",", ".") if lang == "de" else f"{n:,}"

def article(i, rng):
    lang = "de" if i % 2 == 0 else "en"
    parts = []
    title = rng.choice(ACTORS[lang]) + " " + rng.choice(VERBS[lang]).format(t=rng.choice(TARGETS[lang]))
    parts.append(title)
    size = rng.randint(3000, 6000)
    body = []
    while sum(len(p) for p in body) < size - 300:
        para = []
        for _ in range(rng.randint(2, 4)):
            s = rng.choice(ACTORS[lang]) + " " + rng.choice(VERBS[lang]).format(t=rng.choice(TARGETS[lang])) + ". "
            s += rng.choice(TAILS[lang]).format(d=rng.randint(1, 28), n=number(lang, rng))
            para.append(s)
        body.append(" ".join(para))
    cue, heads = RELATED[lang]
    related = cue + "\n" + "\n".join("- " + h for h in rng.sample(heads, 2))
    text = title + "\n\n" + "\n".join(body) + "\n" + related + "\n"
    return {"id": f"bench-{i:06d}", "lang": lang, "date": "2024-11-09", "title": title, "text": text}

def main():
    out, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "text"), exist_ok=True)
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as j:
        for i in range(n):
            a = article(i, rng)
            j.write(json.dumps(a, ensure_ascii=False) + "\n")
            with open(os.path.join(out, "text", f"{i:06d}.{a['lang']}.txt"), "w", encoding="utf-8") as t:
                t.write(a["text"])

if __name__ == "__main__":
    main()
